//! Connections: their framing, their first message, and their end.

use std::cmp::Reverse;
use std::net::SocketAddr;
use std::time::Instant;

use diameter_core::dict::{application, base, command};
use diameter_core::peer::{Conn, Event};
use diameter_core::wire::{Error, ErrorKind, Message};
use tracing::{debug, warn};

use super::secure::Tls;
use super::{ConnKey, Io, Router};
use crate::directory::Refusal;
use crate::framer::{self, FrameError};
use crate::handler::Handler;
use crate::identity;
use crate::local_answer::unsupported_version;
use crate::send_buf::SendBuf;

/// Pending output past which a connection's requests are parked instead
/// of served, so a peer that does not read cannot make us buffer answers
/// without bound.
pub(crate) const HIGH_WATER: usize = 4 << 20;
/// Parked requests past which a connection is no longer read from at all.
const PARK_LIMIT: usize = 4 << 20;

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
    /// Its output went over [`HIGH_WATER`]: requests are parked until it
    /// falls under half of it. Answers are still read and handled: they
    /// free pending requests and produce no output, so two nodes that
    /// both stop serving each other's requests still drain each other's
    /// answers and cannot deadlock.
    pub read_paused: bool,
    /// Requests read while `read_paused`, in order, served on resuming.
    pub parked: Vec<u8>,
    /// Counted among the node's accepted connections (see
    /// [`Router::accept`]) until it is closed.
    pub admitted: bool,
    /// Where it stands with TLS.
    pub(super) tls: Tls,
}

impl ConnState {
    /// Whether it is to be read from: not while connecting, nor while its
    /// parked requests are over their limit, nor between a CER/CEA that
    /// negotiated in-band TLS and the start of the handshake.
    fn readable(&self) -> bool {
        !self.connecting
            && self.parked.len() < PARK_LIMIT
            && !matches!(self.tls, Tls::Upgrade { .. })
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
            parked: Vec::new(),
            admitted: false,
            tls: Tls::Off,
        }
    }
}

impl<H: Handler> Router<'_, H> {
    /// A connection accepted from `addr` at `now`, on a TLS listener when
    /// `tls` (RFC 6733 §2.1: its handshake comes first, and must end in
    /// time), unless the node holds
    /// its maximum of connections, or of connections from that address
    /// ([`NodeConfig::max_connections`](crate::NodeConfig::max_connections)
    /// and `max_connections_per_source`; never for the address of a
    /// configured peer): then `None`, and the event loop drops it.
    pub(crate) fn accept(&mut self, now: Instant, addr: SocketAddr, tls: bool) -> Option<ConnKey> {
        let cfg = self.s.config;
        let ip = addr.ip();
        let exempt = (self.topology.peers.iter()).any(|p| p.address.ip() == ip);
        let limits = (cfg.max_connections, cfg.max_connections_per_source);
        if let Err((why, refused)) = self.s.directory.admit(ip, limits, exempt) {
            // One line for the first refusal and every 1024th after it.
            if refused % 1024 == 1 {
                let limit = match why {
                    Refusal::Total => "max_connections",
                    Refusal::Source => "max_connections_per_source",
                };
                warn!(%addr, limit, refused, "connection refused at accept");
            }
            return None;
        }
        let conn = self.adopted(now, Some(addr), true, false);
        if tls {
            self.start_handshake(now, conn, None);
        }
        Some(conn)
    }

    /// A connection accepted by this loop ([`accept`](Self::accept)) or
    /// another one and handed over: its first message must be a CER,
    /// within [`cer_timeout`](crate::NodeConfig::cer_timeout). One handed
    /// over keeps the count it was `admitted` with, and a TLS one was
    /// authenticated where it was accepted (`tls`).
    pub(crate) fn adopted(
        &mut self,
        now: Instant,
        addr: Option<SocketAddr>,
        admitted: bool,
        tls: bool,
    ) -> ConnKey {
        let mut state = ConnState::new(None, addr);
        state.admitted = admitted;
        if tls {
            state.tls = Tls::Checked;
        }
        let conn = self.conns.insert(state);
        let deadline = now + self.s.config.cer_timeout;
        self.cer_deadlines.push(Reverse((deadline, conn)));
        conn
    }

    /// Closes the accepted connections whose CER did not come in time.
    pub(super) fn expire_cer_waits(&mut self, now: Instant) {
        while let Some(&Reverse((t, conn))) = self.cer_deadlines.peek() {
            if t > now {
                break;
            }
            self.cer_deadlines.pop();
            if self.conns.get(conn).is_some_and(|c| c.peer.is_none()) {
                let addr = self.conns.get(conn).and_then(|c| c.addr);
                warn!(
                    ?addr,
                    "no CER in time (RFC 6733 §5.6.1): closing the connection"
                );
                self.close(conn);
            }
        }
    }

    /// Whether `conn` is to be read from now (see [`ConnState::readable`]).
    pub(crate) fn wants_read(&self, conn: ConnKey) -> bool {
        self.conns.get(conn).is_some_and(ConnState::readable)
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
        let Some(c) = self.conns.get(conn) else {
            return false;
        };
        // Until its CER, a connection is a stranger's: it gets a small limit.
        let cfg = self.s.config;
        let max = match c.peer {
            None => cfg.max_first_message.min(cfg.max_message_size),
            Some(_) => cfg.max_message_size,
        };
        let drained = framer::drain(input, max, |msg| self.on_message(conn, msg, now));
        let consumed = match drained {
            Ok(consumed) => consumed,
            Err((at, e)) => {
                warn!(error = %e, "closing the connection");
                self.unframeable(now, conn, input.get(at..).unwrap_or_default(), e);
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
        c.readable()
    }

    /// The stream of `conn` cannot be framed further at `input`: it is closed, after
    /// a 5011 answer to a request of another version (RFC 6733 §7.1.5).
    fn unframeable(&mut self, now: Instant, conn: ConnKey, input: &[u8], e: FrameError) {
        let unsupported = ErrorKind::UnsupportedVersion;
        if let FrameError::Malformed(Error { kind, .. }) = e {
            let answer = (kind == unsupported)
                .then(|| unsupported_version(input, &self.us()))
                .flatten();
            if let (Some(a), Some(c)) = (answer, self.conns.get_mut(conn)) {
                c.send.push(&a);
            }
        }
        self.lost(now, conn);
    }

    /// After the event loop wrote output of `conn`: once the output of a
    /// paused connection is under half of [`HIGH_WATER`], its parked
    /// requests are served. Returns whether the loop is to read it again
    /// (it stopped reading when the parked requests reached their limit).
    pub(crate) fn resume_reading(&mut self, now: Instant, conn: ConnKey) -> bool {
        let Some(c) = self.conns.get_mut(conn) else {
            return false;
        };
        if !c.read_paused || c.send.len() >= HIGH_WATER / 2 {
            return false;
        }
        let stopped = c.parked.len() >= PARK_LIMIT;
        c.read_paused = false;
        let parked = std::mem::take(&mut c.parked);
        let max = self.s.config.max_message_size;
        // Whole messages that were framed once: they frame again. Those
        // that find the output full again are parked again, in order.
        let _ = framer::drain(&parked, max, |msg| {
            self.on_message(conn, msg, now);
            true
        });
        stopped && self.wants_read(conn)
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
        if let (true, Some(addr)) = (c.admitted, c.addr) {
            self.s.directory.leave(addr.ip());
        }
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
        let Some(c) = self.conns.remove(conn) else {
            return;
        };
        debug!(owner, "connection handed to the event loop owning its peer");
        self.io.push_back(Io::HandOver {
            conn,
            owner,
            bytes: bytes.to_vec(),
            admitted: c.admitted,
        });
    }

    /// Handles one complete message; returns whether to go on reading.
    fn on_message(&mut self, conn: ConnKey, msg: Message<'_>, now: Instant) -> bool {
        let Some(c) = self.conns.get_mut(conn) else {
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
        let Some(c) = self.conns.get_mut(conn) else {
            return false;
        };
        if c.send.len() > HIGH_WATER {
            c.read_paused = true;
        }
        // Base protocol requests (DWR, DPR) are served at once: their
        // answers are small and the watchdog must not fail meanwhile.
        if c.read_paused && msg.is_request() && msg.application_id() != application::COMMON {
            c.parked.extend_from_slice(msg.as_bytes());
            return c.parked.len() < PARK_LIMIT;
        }
        let outcome = self.drive(pk, now, Event::Received(role, msg));
        if outcome.deliver {
            if msg.is_request() {
                self.on_request(pk, conn, &msg, now);
            } else {
                self.on_answer(pk, &msg, now);
            }
        }
        self.conns.get(conn).is_some_and(ConnState::readable)
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
        // The allow-list as it is now (RFC 6733 §5.6.1: others get 3010);
        // a peer we connect to may connect to us.
        let admitted = self.topology.admits(&host) || self.topology.peer(&host).is_some();
        let pk = match self.hosts.get(&host) {
            Some(&pk) if admitted && self.peers.contains(pk) => pk,
            _ => {
                // A TLS connection is secured already: no in-band TLS.
                let tls = (self.conns.get(conn)).is_some_and(|c| !matches!(c.tls, Tls::Off));
                let offer = match self.s.config.inband_tls && !tls {
                    true => identity::EITHER,
                    false => identity::CLEAR,
                };
                let pk = self.new_peer(None, usize::MAX, offer, admitted);
                if admitted && !host.is_empty() {
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
