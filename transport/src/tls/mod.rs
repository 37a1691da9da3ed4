//! TLS over TCP as a [`Link`] (RFC 6733 §13.1), by rustls: rustls never
//! owns the socket, [`TlsLink`] moves records between it and a mio
//! [`TcpStream`], so the event loop drives a TLS connection exactly as it
//! drives a TCP one.
//!
//! # Driving a `TlsLink` from the event loop
//! - **Readiness.** Read until `WouldBlock`, write until `WouldBlock`, as
//!   for TCP. The handshake, key updates and alerts advance inside `read`
//!   and `write`, and what they produce is written at once as far as the
//!   socket takes it. What is left waits in rustls: after every read or
//!   write, keep writable interest while `!send_buf.is_empty() ||
//!   link.wants_write()` ([`Link::wants_write`]), and on a writable event
//!   with nothing of its own to send call `link.flush()`.
//! - **Errors.** A failed handshake (unknown CA, wrong name, expired or
//!   missing certificate, clear text on a TLS port) comes out of `read` as
//!   an `io::Error` whose message says why, e.g. `TLS handshake failed:
//!   invalid peer certificate: UnknownIssuer`; log it and close that
//!   connection only. The TLS alert telling the peer has already been sent.
//! - **The peer's identity.** After the CER (TLS server) or the CEA (TLS
//!   client) names the peer, call
//!   [`link.verify_peer_name(origin_host)`](Link::verify_peer_name) and
//!   [`TlsSettings::admits`]; refuse the peer (CEA 3010
//!   DIAMETER_UNKNOWN_PEER, or close) on either failure. A
//!   [`Node`](crate::Node) does the same in its router, which gets the
//!   certificate from [`Link::peer_certificate`] when
//!   [`Link::handshaking`] turns false, so that no CER or CEA of an
//!   unchecked peer reaches a peer state machine.
//! - **Start of TLS.** TLS at connect (RFC 6733 §2.1, port 5658): wrap the
//!   accepted or connected socket with [`TlsLink::accept`] or
//!   [`TlsLink::connect`] before registering it; the CER written at once is
//!   held by rustls and sent when the handshake is done. In-band TLS (RFC
//!   6733 §6.10, after a CER/CEA exchange in clear that both ended with
//!   Inband-Security-Id TLS): once the CEA is wholly written (responder) or
//!   read (initiator), take the socket back with [`Link::into_tcp`] and
//!   wrap it; the mio registration stays valid (same socket), reregister
//!   for writable on the initiator, whose ClientHello is pending. The read
//!   buffer must be empty at that moment: the initiator sends its
//!   ClientHello only after the CEA, so bytes already read past the CER
//!   (responder) or the CEA (initiator) are a protocol error, not TLS.
//! - **Stalled handshakes.** A peer that stops mid-handshake only leaves
//!   its own link with nothing to read (`WouldBlock`); nothing blocks. The
//!   loop gives it a deadline (the CEA wait of the initiator, a CER wait on
//!   the responder) and closes it past that.

pub(crate) mod name;
mod settings;

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::Arc;

use mio::net::TcpStream;
use mio::{Interest, Registry, Token};
use rustls::pki_types::ServerName;
use rustls::{
    ClientConfig, ClientConnection, Connection, InvalidMessage, ServerConfig, ServerConnection,
};

pub use settings::TlsSettings;

use crate::Link;

/// A TLS connection over a non-blocking TCP socket, client or server side
/// (RFC 6733 §13.1).
pub struct TlsLink {
    tcp: TcpStream,
    tls: Connection,
    /// An Origin-Host to check the peer's certificate against as soon as
    /// the handshake is done (see [`Link::verify_peer_name`]).
    expected_name: Option<String>,
}

impl TlsLink {
    /// The TLS server side of an accepted (or, in-band, a clear-text
    /// responder's) socket: it will require and verify a client
    /// certificate as `config` says ([`TlsSettings::server_config`]).
    ///
    /// # Errors
    /// rustls refuses the configuration.
    pub fn accept(tcp: TcpStream, config: &Arc<ServerConfig>) -> io::Result<Self> {
        let tls =
            ServerConnection::new(Arc::clone(config)).map_err(|e| tls_error("TLS setup", &e))?;
        Ok(Self::new(tcp, tls.into()))
    }

    /// The TLS client side of a connected (or connecting) socket to the
    /// peer whose DiameterIdentity is `server_name`: the server's
    /// certificate must chain to the CA bundle of `config` and name
    /// `server_name` (RFC 6733 §13.1). The ClientHello is queued at once,
    /// so [`Link::wants_write`] is true.
    ///
    /// # Errors
    /// `server_name` is not a DNS name, or rustls refuses the configuration.
    pub fn connect(
        tcp: TcpStream,
        config: &Arc<ClientConfig>,
        server_name: &str,
    ) -> io::Result<Self> {
        let name = ServerName::try_from(server_name.to_owned()).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("TLS server name {server_name:?} is not a DNS name"),
            )
        })?;
        let tls = ClientConnection::new(Arc::clone(config), name)
            .map_err(|e| tls_error("TLS setup", &e))?;
        Ok(Self::new(tcp, tls.into()))
    }

    fn new(tcp: TcpStream, tls: Connection) -> Self {
        Self {
            tcp,
            tls,
            expected_name: None,
        }
    }

    /// Handles the records `read_tls` took in and sends what they call for.
    fn process(&mut self) -> io::Result<()> {
        let handshaking = self.tls.is_handshaking();
        if let Err(e) = self.tls.process_new_packets() {
            // The alert rustls queued tells the peer why.
            let _ = self.flush_tls();
            let what = if handshaking {
                "TLS handshake failed"
            } else {
                "TLS error"
            };
            let mut error = format!("{what}: {e}");
            if handshaking
                && matches!(
                    e,
                    rustls::Error::InvalidMessage(InvalidMessage::InvalidContentType)
                )
            {
                // A Diameter header starts with version 1, no TLS record type.
                error.push_str(" (clear text on a TLS port?)");
            }
            return Err(io::Error::new(io::ErrorKind::InvalidData, error));
        }
        self.flush_tls().map(drop)
    }

    /// Writes queued TLS records until none is left (`Ok(true)`) or the
    /// socket is full (`Ok(false)`).
    fn flush_tls(&mut self) -> io::Result<bool> {
        while self.tls.wants_write() {
            match self.tls.write_tls(&mut self.tcp) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// Once the handshake is over, the check [`Link::verify_peer_name`]
    /// deferred; it fails again on every call until the link is dropped, so
    /// no plaintext from an unauthenticated peer ever comes out.
    fn check_expected_name(&mut self) -> io::Result<()> {
        if self.tls.is_handshaking() {
            return Ok(());
        }
        if let Some(host) = &self.expected_name {
            self.check_name(host)?;
            self.expected_name = None;
        }
        Ok(())
    }

    fn check_name(&self, origin_host: &str) -> io::Result<()> {
        let Some(cert) = self.tls.peer_certificates().and_then(<[_]>::first) else {
            return Err(name::denied(format!(
                "TLS peer presented no certificate to check Origin-Host {origin_host} against"
            )));
        };
        name::check(cert, origin_host)
    }
}

impl Read for TlsLink {
    /// Plaintext from the peer; `Ok(0)` once it sent close_notify;
    /// `WouldBlock` when no whole record is there yet (the handshake may
    /// have advanced meanwhile).
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            self.check_expected_name()?;
            match self.tls.reader().read(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && self.tls.is_handshaking() => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "TLS handshake failed: the peer closed the connection",
                    ));
                }
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "TLS peer closed the connection without close_notify",
                    ));
                }
                other => return other,
            }
            // EOF (`Ok(0)`) is recorded by rustls and reported by the reader above.
            self.tls.read_tls(&mut self.tcp)?;
            self.process()?;
        }
    }
}

impl Write for TlsLink {
    /// Takes plaintext into rustls (held there until the handshake is done)
    /// and writes records as far as the socket takes them; `WouldBlock`
    /// when rustls's buffer is full.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.flush_tls()?;
        let n = self.tls.writer().write(buf)?;
        self.flush_tls()?;
        if n == 0 && !buf.is_empty() {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        Ok(n)
    }

    /// Writes the pending records; `WouldBlock` while some are left.
    fn flush(&mut self) -> io::Result<()> {
        if self.flush_tls()? {
            Ok(())
        } else {
            Err(io::ErrorKind::WouldBlock.into())
        }
    }
}

impl mio::event::Source for TlsLink {
    fn register(
        &mut self,
        registry: &Registry,
        token: Token,
        interests: Interest,
    ) -> io::Result<()> {
        self.tcp.register(registry, token, interests)
    }

    fn reregister(
        &mut self,
        registry: &Registry,
        token: Token,
        interests: Interest,
    ) -> io::Result<()> {
        self.tcp.reregister(registry, token, interests)
    }

    fn deregister(&mut self, registry: &Registry) -> io::Result<()> {
        self.tcp.deregister(registry)
    }
}

impl Link for TlsLink {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.tcp.peer_addr()
    }

    /// Whether the TCP connection is up; the TLS handshake then goes on
    /// inside `read` and `write`.
    fn established(&mut self) -> io::Result<bool> {
        Link::established(&mut self.tcp)
    }

    /// The records the TCP socket holds; plaintext rustls decrypted and
    /// has not handed out yet (at most a record, 16 KiB, RFC 8446 §5.1)
    /// is not counted.
    fn input_waiting(&self) -> u64 {
        self.tcp.input_waiting()
    }

    /// Sends close_notify, then FIN (RFC 6733 §5.6: the transport is
    /// closed when the peer state machine moves to Closed).
    fn close_write(&mut self) {
        self.tls.send_close_notify();
        let _ = self.flush_tls();
        let _ = self.tcp.shutdown(Shutdown::Write);
    }

    fn wants_write(&self) -> bool {
        self.tls.wants_write()
    }

    fn is_tls(&self) -> bool {
        true
    }

    fn handshaking(&self) -> bool {
        self.tls.is_handshaking()
    }

    fn peer_certificate(&self) -> Option<rustls::pki_types::CertificateDer<'static>> {
        let chain = self
            .tls
            .peer_certificates()
            .filter(|_| !self.tls.is_handshaking())?;
        chain.first().map(|c| c.clone().into_owned())
    }

    /// Checks now, or as soon as the handshake is done (in-band TLS: the
    /// CER/CEA came before it), that the peer's certificate names
    /// `origin_host`; a late failure comes out of `read`.
    fn verify_peer_name(&mut self, origin_host: &str) -> io::Result<()> {
        if self.tls.is_handshaking() {
            self.expected_name = Some(origin_host.to_owned());
            Ok(())
        } else {
            self.check_name(origin_host)
        }
    }
}

impl fmt::Debug for TlsLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = match self.tls {
            Connection::Client(_) => "client",
            Connection::Server(_) => "server",
        };
        f.debug_struct("TlsLink")
            .field("peer", &self.tcp.peer_addr().ok())
            .field("side", &side)
            .field("handshaking", &self.tls.is_handshaking())
            .field("version", &self.tls.protocol_version())
            .finish_non_exhaustive()
    }
}

/// An `io::Error` from a rustls error, saying at what stage it happened.
fn tls_error(what: &str, e: &rustls::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{what}: {e}"))
}
