//! The byte stream under a connection: framing, the peer state machines
//! and routing see only this, so TLS (rustls over TCP) and later SCTP plug
//! in beneath them without touching them.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};

use mio::net::TcpStream;
use rustls::pki_types::CertificateDer;

/// A non-blocking, pollable byte stream to one peer.
pub trait Link: Read + Write + mio::event::Source + Send + fmt::Debug {
    /// The address of the other end.
    ///
    /// # Errors
    /// The link is not (or no longer) connected.
    fn peer_addr(&self) -> io::Result<SocketAddr>;

    /// For a link being opened: `Ok(true)` once it is established,
    /// `Ok(false)` while it is still opening.
    ///
    /// # Errors
    /// The attempt failed.
    fn established(&mut self) -> io::Result<bool>;

    /// Ends the sending direction once what was written has gone out
    /// (TCP: FIN after the data).
    fn close_write(&mut self);

    /// Whether the link holds output of its own not yet written (TLS
    /// handshake messages, alerts): the event loop keeps writable interest
    /// while this or its own send buffer is non-empty, and on a writable
    /// event calls `flush`. Consult it after every read and write: a read
    /// can make a TLS link answer the peer (RFC 6733 §13.1).
    fn wants_write(&self) -> bool {
        false
    }

    /// Whether this is a TLS link (RFC 6733 §13.1), handshake done or not.
    fn is_tls(&self) -> bool {
        false
    }

    /// For a TLS link, whether its handshake is still going on: the event
    /// loop watches for its end to give the router the peer's certificate.
    fn handshaking(&self) -> bool {
        false
    }

    /// The end-entity certificate the peer presented in a finished TLS
    /// handshake; `None` before, and for links that are not TLS.
    fn peer_certificate(&self) -> Option<CertificateDer<'static>> {
        None
    }

    /// After the CER (responder) or the CEA (initiator) names the peer:
    /// whether this link authenticated `origin_host`. A TLS link checks its
    /// peer's certificate (at once, or when its handshake ends, the error
    /// then coming out of `read`); a clear-text link authenticates nothing
    /// and accepts every name.
    ///
    /// # Errors
    /// The peer's certificate does not name `origin_host`: refuse the peer.
    fn verify_peer_name(&mut self, origin_host: &str) -> io::Result<()> {
        let _ = origin_host;
        Ok(())
    }

    /// Bytes received and not read yet (`FIONREAD`): what a turn leaves
    /// waiting, for load shedding's estimate of how long it waits. 0 when
    /// it cannot be told.
    fn input_waiting(&self) -> u64 {
        0
    }

    /// The TCP socket under a clear-text link, to start TLS on it in band
    /// after a CER/CEA exchange with Inband-Security-Id TLS (RFC 6733
    /// §6.10, §5.6); `None` for links that are not plain TCP.
    fn into_tcp(self: Box<Self>) -> Option<TcpStream> {
        None
    }
}

impl Link for TcpStream {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        TcpStream::peer_addr(self)
    }

    fn established(&mut self) -> io::Result<bool> {
        if let Some(e) = self.take_error()? {
            return Err(e);
        }
        match TcpStream::peer_addr(self) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotConnected => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn close_write(&mut self) {
        let _ = self.flush();
        let _ = self.shutdown(Shutdown::Write);
    }

    fn input_waiting(&self) -> u64 {
        rustix::io::ioctl_fionread(self).unwrap_or(0)
    }

    fn into_tcp(self: Box<Self>) -> Option<TcpStream> {
        Some(*self)
    }
}
