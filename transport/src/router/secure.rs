//! TLS on a connection (RFC 6733 §13.1): where its handshake stands, and
//! the check that the peer's certificate names the Origin-Host it claims.

use std::cmp::Reverse;
use std::time::Instant;

use rustls::pki_types::CertificateDer;
use tracing::{debug, info, warn};

use super::{ConnKey, Io, Router, Timer};
use crate::handler::Handler;
use crate::send_buf::SendBuf;
use crate::tls::name;

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

impl<H: Handler> Router<'_, H> {
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
    /// `side`: reading stops (see [`Tls::Upgrade`]) until [`poll_io`](Self::poll_io) asks the loop
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
}
