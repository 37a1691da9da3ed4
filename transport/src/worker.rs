//! One event loop: its sockets, its timers and its [`Router`].
//!
//! The loop turns socket readiness, timers and commands from other
//! threads into router events, and carries out the router's
//! [`Io`] requests and writes its output. It decides nothing about the
//! protocol: that is all in [`crate::router`].

use std::io::{self, Read};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use tracing::{debug, info, warn};

use crate::client::{Client, Command, Mailbox};
use crate::handler::Handler;
use crate::link::Link;
use crate::router::{ConnKey, Io, Router, Setup};
use crate::send_buf::SendBuf;

/// Token of the mailbox waker.
pub(crate) const WAKER: Token = Token(usize::MAX);
/// Listener `i` has token `LISTENER_BASE + i`; connections use their key's slot.
const LISTENER_BASE: usize = 1 << 40;

/// One socket, under the router's key for it.
struct Socket {
    key: ConnKey,
    link: Box<dyn Link>,
    /// Registered for writable readiness (output pending, or connecting).
    writable: bool,
}

/// What an event loop is built from.
pub(crate) struct Parts<'a, H> {
    pub poll: Poll,
    pub listeners: Vec<TcpListener>,
    pub inbox: Receiver<Command>,
    pub mailbox: &'a Mailbox,
    pub client: &'a Client,
    pub setup: Setup<'a, H>,
}

/// The event loop.
pub(crate) struct Worker<'a, H> {
    poll: Poll,
    listeners: Vec<TcpListener>,
    inbox: Receiver<Command>,
    mailbox: &'a Mailbox,
    client: &'a Client,
    router: Router<'a, H>,
    /// Sockets by their key's slot.
    sockets: Vec<Option<Socket>>,
    /// Where reads land: the start of a message still arriving, then what
    /// the socket gives.
    scratch: Vec<u8>,
}

impl<'a, H: Handler> Worker<'a, H> {
    pub(crate) fn new(parts: Parts<'a, H>) -> Self {
        let scratch = vec![0; 2 * parts.setup.config.max_message_size + 65536];
        Self {
            poll: parts.poll,
            listeners: parts.listeners,
            inbox: parts.inbox,
            mailbox: parts.mailbox,
            client: parts.client,
            router: Router::new(parts.setup, Instant::now()),
            sockets: Vec::new(),
            scratch,
        }
    }

    /// Runs until stopped.
    pub(crate) fn run(mut self) -> io::Result<()> {
        for (i, l) in self.listeners.iter_mut().enumerate() {
            self.poll
                .registry()
                .register(l, Token(LISTENER_BASE + i), Interest::READABLE)?;
        }
        self.carry_out(Instant::now());
        let mut events = Events::with_capacity(1024);
        loop {
            let timeout = if self.router.has_dirty() {
                Some(Duration::ZERO)
            } else {
                (self.router.poll_timeout()).map(|t| t.saturating_duration_since(Instant::now()))
            };
            match self.poll.poll(&mut events, timeout) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => other?,
            }
            let now = Instant::now();
            for ev in events.iter() {
                match ev.token() {
                    WAKER => self.drain_inbox(now),
                    Token(t) if t >= LISTENER_BASE => self.accept(t - LISTENER_BASE, now),
                    Token(slot) => {
                        if ev.is_writable() {
                            self.on_writable(slot, now);
                        }
                        if ev.is_readable() || ev.is_read_closed() || ev.is_error() {
                            self.read(slot, now);
                        }
                    }
                }
            }
            if self.router.poll_timeout().is_some_and(|t| t <= now) {
                self.router.handle_timeout(now);
            }
            self.router.end_turn();
            self.carry_out(now);
            self.flush(now);
            self.router.turn_took(now.elapsed());
            if self.router.finished(now) {
                return Ok(());
            }
        }
    }

    /// Carries out what the router asked.
    fn carry_out(&mut self, now: Instant) {
        while let Some(io) = self.router.poll_io() {
            match io {
                Io::Connect { conn, addr } => self.connect(conn, addr, now),
                Io::Close { conn, mut last } => {
                    if let Some(mut s) = self.take_socket(conn) {
                        // What the peer was told last (an error CEA, a DPA)
                        // goes out before the close.
                        write_out(&mut *s.link, &mut last);
                        s.link.close_write();
                    }
                }
                Io::HandOver {
                    conn,
                    owner,
                    bytes,
                    admitted,
                } => {
                    let Some(s) = self.take_socket(conn) else {
                        continue;
                    };
                    let adopt = Command::Adopt {
                        stream: s.link,
                        bytes,
                        admitted,
                    };
                    let posted = self.client.mailboxes.get(owner).map(|m| m.post(adopt));
                    if !matches!(posted, Some(Ok(()))) {
                        warn!(owner, "the owner of a peer has stopped: connection dropped");
                    }
                }
            }
        }
    }

    fn socket(&mut self, conn: ConnKey) -> Option<&mut Socket> {
        (self.sockets.get_mut(conn.slot()))
            .and_then(Option::as_mut)
            .filter(|s| s.key == conn)
    }

    /// Removes a socket from the table and from the poll.
    fn take_socket(&mut self, conn: ConnKey) -> Option<Socket> {
        let slot = self.sockets.get_mut(conn.slot())?;
        if slot.as_ref().is_none_or(|s| s.key != conn) {
            return None;
        }
        let mut s = slot.take()?;
        let _ = self.poll.registry().deregister(&mut *s.link);
        Some(s)
    }

    /// Registers `link` as the socket of `key`; false when it cannot be.
    fn add_socket(&mut self, key: ConnKey, mut link: Box<dyn Link>, writable: bool) -> bool {
        let interest = if writable {
            Interest::READABLE | Interest::WRITABLE
        } else {
            Interest::READABLE
        };
        let token = Token(key.slot());
        if let Err(e) = self.poll.registry().register(&mut *link, token, interest) {
            warn!(error = %e, "cannot register a connection");
            return false;
        }
        if self.sockets.len() <= key.slot() {
            self.sockets.resize_with(key.slot() + 1, || None);
        }
        if let Some(slot) = self.sockets.get_mut(key.slot()) {
            *slot = Some(Socket {
                key,
                link,
                writable,
            });
        }
        true
    }

    fn accept(&mut self, index: usize, now: Instant) {
        loop {
            let Some(listener) = self.listeners.get(index) else {
                return;
            };
            match listener.accept() {
                Ok((stream, addr)) => {
                    if self.router.is_stopping() {
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    debug!(%addr, "connection accepted");
                    let Some(key) = self.router.accept(now, addr) else {
                        continue; // refused: dropping the socket closes it
                    };
                    if !self.add_socket(key, Box::new(stream), false) {
                        self.router.lost(now, key);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    warn!(error = %e, "accept failed");
                    return;
                }
            }
        }
    }

    fn connect(&mut self, conn: ConnKey, addr: std::net::SocketAddr, now: Instant) {
        let opened = TcpStream::connect(addr).ok().is_some_and(|s| {
            let _ = s.set_nodelay(true);
            self.add_socket(conn, Box::new(s), true)
        });
        if !opened {
            debug!(%addr, "connection failed at once");
            self.router.lost(now, conn);
        }
    }

    fn on_writable(&mut self, slot: usize, now: Instant) {
        let Some(s) = self.sockets.get_mut(slot).and_then(Option::as_mut) else {
            return;
        };
        let key = s.key;
        if self.router.output(key).is_none() {
            // Still connecting: writable means the outcome is known.
            match s.link.established() {
                Ok(false) => return,
                Ok(true) => self.router.established(now, key),
                Err(_) => self.router.lost(now, key),
            }
        }
        self.carry_out(now);
        self.write(key, now);
    }

    /// Takes over a connection another loop accepted, with the bytes it
    /// read from it.
    fn adopt(&mut self, link: Box<dyn Link>, bytes: &[u8], admitted: bool, now: Instant) {
        if self.router.is_stopping() {
            return;
        }
        let addr = link.peer_addr().ok();
        let key = self.router.adopted(now, addr, admitted);
        if !self.add_socket(key, link, false) {
            self.router.lost(now, key);
            return;
        }
        if self.router.received(now, key, bytes) {
            self.read(key.slot(), now);
        }
    }

    /// Reads everything the socket has and gives it to the router.
    fn read(&mut self, slot: usize, now: Instant) {
        let Some(key) = self
            .sockets
            .get(slot)
            .and_then(Option::as_ref)
            .map(|s| s.key)
        else {
            return;
        };
        let mut scratch = std::mem::take(&mut self.scratch);
        while self.router.wants_read(key) {
            let filled = self.router.take_partial(key, &mut scratch);
            let Some(s) = self.socket(key) else { break };
            let got = match s.link.read(scratch.get_mut(filled..).unwrap_or_default()) {
                Ok(0) => None,
                Ok(n) => Some(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    self.router
                        .received(now, key, scratch.get(..filled).unwrap_or_default());
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    let kept = scratch.get(..filled).unwrap_or_default();
                    if !self.router.received(now, key, kept) {
                        break;
                    }
                    continue;
                }
                Err(e) => {
                    debug!(error = %e, "read failed");
                    None
                }
            };
            let Some(n) = got else {
                self.router.lost(now, key);
                break;
            };
            let input = scratch.get(..filled + n).unwrap_or_default();
            if !self.router.received(now, key, input) {
                break;
            }
        }
        self.scratch = scratch;
        self.carry_out(now);
    }

    /// Commands from other threads.
    fn drain_inbox(&mut self, now: Instant) {
        self.mailbox.clear();
        loop {
            match self.inbox.try_recv() {
                Ok(Command::Adopt {
                    stream,
                    bytes,
                    admitted,
                }) => self.adopt(stream, &bytes, admitted, now),
                Ok(Command::Stop) => {
                    info!("stopping: disconnecting peers");
                    for l in &mut self.listeners {
                        let _ = self.poll.registry().deregister(l);
                    }
                    self.router.stop(now);
                }
                Ok(command) => self.router.command(now, command),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
            self.carry_out(now);
        }
    }

    /// Writes the output of every connection that has some.
    fn flush(&mut self, now: Instant) {
        let dirty = self.router.take_dirty();
        for &key in &dirty {
            self.write(key, now);
        }
        self.router.return_dirty(dirty);
    }

    /// Writes what `conn` has pending, keeps writable interest only while
    /// some is left, and reads again a connection paused for its output.
    fn write(&mut self, conn: ConnKey, now: Instant) {
        let Some(send) = self.router.output(conn) else {
            return;
        };
        let Some(s) = (self.sockets.get_mut(conn.slot()))
            .and_then(Option::as_mut)
            .filter(|s| s.key == conn)
        else {
            return;
        };
        if !write_out(&mut *s.link, send) {
            self.router.lost(now, conn);
            self.carry_out(now);
            return;
        }
        let want = !send.is_empty();
        if want != s.writable {
            let interest = if want {
                Interest::READABLE | Interest::WRITABLE
            } else {
                Interest::READABLE
            };
            let token = Token(conn.slot());
            if (self.poll.registry())
                .reregister(&mut *s.link, token, interest)
                .is_ok()
            {
                s.writable = want;
            }
        }
        if self.router.resume_reading(now, conn) {
            self.read(conn.slot(), now);
        }
        self.carry_out(now);
    }
}

/// Writes as much of `send` as the socket takes now; false when the
/// connection failed.
fn write_out(stream: &mut dyn Link, send: &mut SendBuf) -> bool {
    while !send.is_empty() {
        match stream.write(send.pending()) {
            Ok(0) => return false,
            Ok(n) => send.consume(n),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        }
    }
    true
}
