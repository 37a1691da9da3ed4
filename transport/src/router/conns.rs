//! Connections: their framing, their first message, and their end.

use std::cmp::Reverse;
use std::net::SocketAddr;
use std::time::Instant;

use diameter_core::dict::{base, command};
use diameter_core::peer::{Conn, Event};
use diameter_core::wire::Message;
use rustls::pki_types::CertificateDer;
use tracing::{debug, info, warn};

use super::{ConnKey, Io, Router, Timer};
use crate::framer;
use crate::handler::Handler;
use crate::identity;
use crate::send_buf::SendBuf;
use crate::tls::name;

/// Pending output past which a connection is no longer read from, so a
/// peer that does not read cannot make us buffer without bound.
pub(crate) const HIGH_WATER: usize = 4 << 20;

/// What the router knows of one connection.
#[derive(Debug)]
pub(crate) struct ConnState {
    /// The start of a message still arriving.
    pub partial: Vec<u8>,
    /// Output not yet written to the socket.
    pub send: SendBuf,
    /// The peer it belongs to and as which of its connections; `None`
    /// until the first CER on an accepted connection.
    pub peer: Option<(super::PeerKey, Conn)>,
    /// Where it goes, for the peer table.
    pub addr: Option<SocketAddr>,
    /// Opened by us and not yet established.
    pub connecting: bool,
    /// Not read from while its output is over [`HIGH_WATER`] (or while
    /// in-band TLS is about to start).
    pub read_paused: bool,
    /// Where it stands with TLS.
    pub(super) tls: Tls,
}

/// Which side of a TLS handshake this node takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TlsSide {
    /// The node opened the connection (it sent the CER).
    Client,
    /// The node accepted it.
    Server,
}

/// Where a connection stands with TLS (RFC 6733 §13.1).
#[derive(Debug)]
pub(crate) enum Tls {
    /// Clear text.
    Off,
    /// In-band TLS negotiated (RFC 6733 §6.10), to be started by
    /// [`Router::poll_io`] once the CER/CEA exchange is over.
    Upgrade {
        side: TlsSide,
        /// The peer's Origin-Host, checked when the handshake ends.
        host: String,
        /// The output to send in clear first: the CEA.
        clear_len: usize,
        deadline: Instant,
    },
    /// The handshake is going on; closed at `deadline`. In band, `host` is
    /// the Origin-Host of the exchange in clear, checked at its end.
    Handshake {
        deadline: Instant,
        host: Option<String>,
    },
    /// Handshake done at connect: the certificate the next CER (responder)
    /// or CEA (initiator) must name the Origin-Host of.
    Up(Option<CertificateDer<'static>>),
    /// The peer's certificate names its Origin-Host.
    Checked,
}

impl Tls {
    /// Whether a TLS handshake is to come or going on.
    pub(super) fn handshaking(&self) -> bool {
        matches!(self, Self::Upgrade { .. } | Self::Handshake { .. })
    }
}

impl ConnState {
    pub(super) fn new(peer: Option<(super::PeerKey, Conn)>, addr: Option<SocketAddr>) -> Self {
        Self {
            partial: Vec::new(),
            send: SendBuf::default(),
            peer,
            addr,
            connecting: false,
            read_paused: false,
            tls: Tls::Off,
        }
    }
}

impl<H: Handler> Router<'_, H> {
    /// A connection accepted from `addr`, on a TLS listener when `tls`
    /// (RFC 6733 §2.1: its handshake comes first, and must end in time):
    /// its first message must be a CER.
    pub(crate) fn accepted(
        &mut self,
        now: Instant,
        addr: Option<SocketAddr>,
        tls: bool,
    ) -> ConnKey {
        let conn = self.conns.insert(ConnState::new(None, addr));
        if tls {
            self.start_handshake(now, conn, None);
        }
        conn
    }

    /// A connection another loop accepted and handed over with its CER;
    /// a TLS one was authenticated there.
    pub(crate) fn adopted(&mut self, addr: Option<SocketAddr>, tls: bool) -> ConnKey {
        let mut state = ConnState::new(None, addr);
        if tls {
            state.tls = Tls::Checked;
        }
        self.conns.insert(state)
    }

    /// Puts `conn` in TLS handshake, with a deadline of the response
    /// timeout; `host` is the Origin-Host to check when it ends (in band).
    pub(super) fn start_handshake(&mut self, now: Instant, conn: ConnKey, host: Option<String>) {
        let deadline = now + self.s.config.response_timeout;
        if let Some(c) = self.conns.get_mut(conn) {
            c.tls = Tls::Handshake { deadline, host };
            self.timers
                .push(Reverse((deadline, Timer::Handshake(conn))));
        }
    }

    /// The TLS handshake of `conn` is done and the peer presented `cert`
    /// (RFC 6733 §13.1). In band, the Origin-Host of the exchange in clear
    /// is checked against it now; at connect, that of the CER or CEA to come.
    pub(crate) fn secured(
        &mut self,
        now: Instant,
        conn: ConnKey,
        cert: Option<CertificateDer<'static>>,
    ) {
        let Some(c) = self.conns.get_mut(conn) else {
            return;
        };
        let Tls::Handshake { host, .. } = std::mem::replace(&mut c.tls, Tls::Up(cert)) else {
            c.tls = Tls::Off;
            warn!("TLS handshake reported on a connection not in one: closing");
            self.lost(now, conn);
            return;
        };
        debug!("TLS handshake done");
        // What waited for the handshake goes now.
        self.dirty.push(conn);
        if let Some(host) = host {
            if self.authenticate(now, conn, &host) {
                info!(peer = %host, "in-band TLS up (RFC 6733 §6.10)");
            }
        }
    }

    /// Whether the peer of `conn`, named `host` by its CER or CEA, may
    /// talk over it: a clear-text connection or one checked already, or a
    /// TLS one whose certificate names `host` (RFC 6733 §13.1) and whose
    /// name pinning admits. Otherwise the connection is closed, with what
    /// it had to send, and the reason is logged.
    pub(super) fn authenticate(&mut self, now: Instant, conn: ConnKey, host: &str) -> bool {
        let Some(c) = self.conns.get_mut(conn) else {
            return false;
        };
        let verdict = match &c.tls {
            Tls::Off | Tls::Checked => return true,
            Tls::Up(Some(cert)) => name::check(cert, host).map_err(|e| e.to_string()),
            Tls::Up(None) => Err("the TLS peer presented no certificate".to_string()),
            Tls::Upgrade { .. } | Tls::Handshake { .. } => {
                Err("a message before the end of the TLS handshake".to_string())
            }
        };
        let pinned_out = (self.s.config.tls.as_ref()).is_some_and(|t| !t.admits(host));
        let verdict = verdict.and_then(|()| match pinned_out {
            true => Err(format!("Origin-Host {host} is not a pinned TLS peer")),
            false => Ok(()),
        });
        match verdict {
            Ok(()) => {
                c.tls = Tls::Checked;
                true
            }
            Err(reason) => {
                warn!(peer = %host, %reason, "TLS peer refused (RFC 6733 §13.1): closing its connection");
                let unsent = c.send.len();
                c.send.consume(unsent);
                self.lost(now, conn);
                false
            }
        }
    }

    /// Marks the connection `conn` of a peer just open with
    /// Inband-Security-Id TLS (RFC 6733 §6.10) for the TLS handshake, as
    /// `side`: reading stops until [`poll_io`](Self::poll_io) asks the loop
    /// to start it, and its output so far (the CEA) goes out in clear.
    pub(super) fn upgrade(&mut self, now: Instant, conn: ConnKey, side: TlsSide, host: String) {
        let deadline = now + self.s.config.response_timeout;
        let Some(c) = self.conns.get_mut(conn) else {
            return;
        };
        if !matches!(c.tls, Tls::Off) {
            return;
        }
        c.tls = Tls::Upgrade {
            side,
            host,
            clear_len: c.send.len(),
            deadline,
        };
        c.read_paused = true;
        self.upgrades.push(conn);
        self.timers
            .push(Reverse((deadline, Timer::Handshake(conn))));
    }

    /// Asks the loop to start the in-band TLS handshakes marked by
    /// [`upgrade`](Self::upgrade). The peer sends nothing between its
    /// CER/CEA and the TLS handshake (RFC 6733 §6.10), so bytes read past
    /// them close the connection.
    pub(super) fn start_upgrades(&mut self, now: Instant) {
        for conn in std::mem::take(&mut self.upgrades) {
            let Some(c) = self.conns.get_mut(conn) else {
                continue;
            };
            if !c.partial.is_empty() {
                warn!("bytes after the capabilities exchange, before in-band TLS: closing");
                self.lost(now, conn);
                continue;
            }
            let Tls::Upgrade {
                side,
                host,
                clear_len,
                deadline,
            } = std::mem::replace(&mut c.tls, Tls::Off)
            else {
                continue;
            };
            let mut clear = SendBuf::default();
            let n = clear_len.min(c.send.len());
            clear.push(c.send.pending().get(..n).unwrap_or_default());
            c.send.consume(n);
            c.tls = Tls::Handshake {
                deadline,
                host: Some(host.clone()),
            };
            c.read_paused = false;
            self.io.push_back(Io::StartTls {
                conn,
                side,
                host,
                clear,
            });
        }
    }

    /// The handshake deadline `at` of `conn` has come: a connection still
    /// in that handshake is closed, nothing else is touched.
    pub(super) fn handshake_expired(&mut self, now: Instant, conn: ConnKey, at: Instant) {
        let due = self.conns.get(conn).is_some_and(|c| {
            matches!(&c.tls, Tls::Handshake { deadline, .. } | Tls::Upgrade { deadline, .. } if *deadline == at)
        });
        if due {
            warn!(
                timeout = ?self.s.config.response_timeout,
                "TLS handshake not finished in time: closing"
            );
            self.lost(now, conn);
        }
    }

    /// Whether `conn` is to be read from now.
    pub(crate) fn wants_read(&self, conn: ConnKey) -> bool {
        self.conns
            .get(conn)
            .is_some_and(|c| !c.read_paused && !c.connecting)
    }

    /// Moves the start of a message still arriving on `conn` to the front
    /// of `dst` and returns its length; the event loop reads after it and
    /// passes the whole to [`received`](Self::received).
    pub(crate) fn take_partial(&mut self, conn: ConnKey, dst: &mut [u8]) -> usize {
        let Some(c) = self.conns.get_mut(conn) else {
            return 0;
        };
        let n = c.partial.len();
        match dst.get_mut(..n) {
            Some(d) => d.copy_from_slice(&c.partial),
            None => return 0,
        }
        c.partial.clear();
        n
    }

    /// Bytes read from `conn` (after what [`take_partial`](Self::take_partial)
    /// gave back): every complete message is handled and the rest kept.
    /// Returns whether to go on reading.
    pub(crate) fn received(&mut self, now: Instant, conn: ConnKey, input: &[u8]) -> bool {
        let max = self.s.config.max_message_size;
        let drained = framer::drain(input, max, |msg| self.on_message(conn, msg, now));
        let consumed = match drained {
            Ok(consumed) => consumed,
            Err(e) => {
                warn!(error = %e, "closing the connection");
                self.lost(now, conn);
                return false;
            }
        };
        if let Some((owner, cer_len)) = self.handover.take() {
            let from = consumed.saturating_sub(cer_len);
            self.hand_over(conn, owner, input.get(from..).unwrap_or_default());
            return false;
        }
        let Some(c) = self.conns.get_mut(conn) else {
            return false;
        };
        c.partial
            .extend_from_slice(input.get(consumed..).unwrap_or_default());
        if c.send.len() > HIGH_WATER {
            c.read_paused = true;
        }
        !c.read_paused
    }

    /// After the event loop wrote output of `conn`: whether a connection
    /// paused for its output is to be read again (its output fell under
    /// half of [`HIGH_WATER`]).
    pub(crate) fn resume_reading(&mut self, conn: ConnKey) -> bool {
        let Some(c) = self.conns.get_mut(conn) else {
            return false;
        };
        let resume = c.read_paused && c.send.len() < HIGH_WATER / 2;
        if resume {
            c.read_paused = false;
        }
        resume
    }

    /// A connection we opened is established.
    pub(crate) fn established(&mut self, now: Instant, conn: ConnKey) {
        let Some(c) = self.conns.get_mut(conn) else {
            return;
        };
        c.connecting = false;
        self.dirty.push(conn);
        if let Some((pk, _)) = c.peer {
            self.drive(pk, now, Event::ConnAck);
        }
    }

    /// The connection is gone (closed by the peer, or failed): its peer is
    /// told (Peer-Disc, or Rcv-Conn-Nack for one still connecting).
    pub(crate) fn lost(&mut self, now: Instant, conn: ConnKey) {
        let Some(c) = self.conns.get(conn) else {
            return;
        };
        let (peer, connecting) = (c.peer, c.connecting);
        // Closed first: the peer's actions may open a new connection.
        self.close(conn);
        if let Some((pk, role)) = peer {
            let event = if connecting {
                Event::ConnNack
            } else {
                Event::PeerDisc(role)
            };
            self.drive(pk, now, event);
        }
    }

    /// Forgets `conn` and asks the event loop to close it after writing
    /// what it still has to send.
    pub(super) fn close(&mut self, conn: ConnKey) {
        let Some(c) = self.conns.remove(conn) else {
            return;
        };
        self.deferred.get_mut().forget_conn(conn);
        if let Some((pk, _)) = c.peer {
            if let Some(e) = self.peers.get_mut(pk) {
                for slot in [&mut e.i, &mut e.r, &mut e.incoming] {
                    if *slot == Some(conn) {
                        *slot = None;
                    }
                }
            }
        }
        self.io.push_back(Io::Close { conn, last: c.send });
    }

    /// Moves accepted connection `conn` to the loop `owner` that owns the
    /// peer its CER names, with the bytes read from it, the CER first.
    fn hand_over(&mut self, conn: ConnKey, owner: usize, bytes: &[u8]) {
        if self.conns.remove(conn).is_none() {
            return;
        }
        debug!(owner, "connection handed to the event loop owning its peer");
        self.io.push_back(Io::HandOver {
            conn,
            owner,
            bytes: bytes.to_vec(),
        });
    }

    /// Handles one complete message; returns whether to go on reading.
    fn on_message(&mut self, conn: ConnKey, msg: Message<'_>, now: Instant) -> bool {
        let Some(c) = self.conns.get(conn) else {
            return false;
        };
        let Some((pk, role)) = c.peer else {
            return self.first_message(conn, msg, now) && self.conns.contains(conn);
        };
        // RFC 6733 §13.1: the CEA on a TLS connection we opened names a
        // peer its certificate must name.
        if !matches!(c.tls, Tls::Off | Tls::Checked)
            && !self.authenticate(now, conn, origin_host(&msg))
        {
            return false;
        }
        let outcome = self.drive(pk, now, Event::Received(role, msg));
        if outcome.deliver {
            if msg.is_request() {
                self.on_request(pk, conn, &msg, now);
            } else {
                self.on_answer(pk, &msg);
            }
        }
        self.conns.get(conn).is_some_and(|c| !c.read_paused)
    }

    /// The first message of an accepted connection must be a CER
    /// (RFC 6733 §5.6.1); it picks the peer by its Origin-Host. Returns
    /// false when the connection goes to the loop owning that peer.
    fn first_message(&mut self, conn: ConnKey, msg: Message<'_>, now: Instant) -> bool {
        if msg.command_code() != command::CAPABILITIES_EXCHANGE || !msg.is_request() {
            warn!(
                command = msg.command_code(),
                "first message is not a CER: closing"
            );
            self.close(conn);
            return false;
        }
        // RFC 6733 §13.1: on a TLS connection, before anything else.
        if !self.authenticate(now, conn, origin_host(&msg)) {
            return false;
        }
        let host = origin_host(&msg).to_ascii_lowercase();
        if !host.is_empty() {
            let owner = self.s.directory.claim(&host, self.s.index);
            if owner != self.s.index {
                self.handover = Some((owner, msg.len()));
                return false;
            }
        }
        let pk = match self.hosts.get(&host) {
            Some(&pk) if self.peers.contains(pk) => pk,
            _ => {
                // A TLS connection is secured already: no in-band TLS.
                let tls = self
                    .conns
                    .get(conn)
                    .is_some_and(|c| !matches!(c.tls, Tls::Off));
                let offer = match self.s.config.inband_tls && !tls {
                    true => identity::EITHER,
                    false => identity::CLEAR,
                };
                let pk = self.new_peer(None, usize::MAX, offer);
                if !host.is_empty() {
                    self.hosts.insert(host, pk);
                }
                pk
            }
        };
        if let Some(e) = self.peers.get_mut(pk) {
            e.incoming = Some(conn);
        }
        if let Some(c) = self.conns.get_mut(conn) {
            c.peer = Some((pk, Conn::R));
        }
        self.drive(pk, now, Event::ConnCer(msg));
        if let Some(e) = self.peers.get_mut(pk) {
            e.incoming = None;
        }
        // Not accepted: the connection has no peer.
        let accepted = self.peers.get(pk).is_some_and(|e| e.r == Some(conn));
        if !accepted {
            if let Some(c) = self.conns.get_mut(conn) {
                c.peer = None;
            }
        }
        true
    }
}

/// The Origin-Host of a message; empty when it has none.
fn origin_host<'m>(msg: &Message<'m>) -> &'m str {
    msg.lookup(base::ORIGIN_HOST.code, 0)
        .and_then(|a| a.identity().ok())
        .unwrap_or("")
}
