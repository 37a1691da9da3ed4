//! The byte stream under a connection: framing, the peer state machines
//! and routing see only this, so TLS (rustls over TCP) and later SCTP plug
//! in beneath them without touching them.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr};

use mio::net::TcpStream;

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
}
