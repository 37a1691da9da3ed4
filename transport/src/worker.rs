//! One event loop: its sockets, its timers and its [`Router`].
//!
//! The loop turns socket readiness, timers and commands from other
//! threads into router events, and carries out the router's
//! [`Io`] requests and writes its output. It decides nothing about the
//! protocol: that is all in [`crate::router`].

use std::io::{self, Read};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use rustls::{ClientConfig, ServerConfig};
use tracing::{debug, info, warn};

use crate::client::{Client, Command, Mailbox};
use crate::handler::Handler;
use crate::link::Link;
use crate::router::{ConnKey, Io, Router, Setup, TlsSide};
use crate::send_buf::SendBuf;
use crate::tls::TlsLink;

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
    /// A TLS link (RFC 6733 §13.1): it may hold output of its own.
    tls: bool,
    /// Its TLS handshake is not known to be over.
    handshaking: bool,
    /// The turn it was last read in, and how many bytes were read then:
    /// the read that spends the turn's budget puts it on the list read
    /// at the start of the next turn, whatever readiness says (see
    /// [`NodeConfig::read_budget`]).
    read_in: (u64, usize),
}

/// A listening socket: clear text (in-band TLS possible), or TLS at
/// connect (RFC 6733 §2.1).
#[derive(Debug)]
pub(crate) struct Listener {
    pub socket: TcpListener,
    pub tls: bool,
}

/// The node's rustls configurations, built once from its
/// [`TlsSettings`](crate::TlsSettings).
#[derive(Debug, Clone)]
pub(crate) struct TlsConfigs {
    pub server: Arc<ServerConfig>,
    pub client: Arc<ClientConfig>,
}

/// What an event loop is built from.
pub(crate) struct Parts<'a, H> {
    pub poll: Poll,
    pub listeners: Vec<Listener>,
    pub tls: Option<TlsConfigs>,
    pub inbox: Receiver<Command>,
    pub mailbox: &'a Mailbox,
    pub client: &'a Client,
    pub setup: Setup<'a, H>,
}

/// The event loop.
pub(crate) struct Worker<'a, H> {
    poll: Poll,
    listeners: Vec<Listener>,
    tls: Option<TlsConfigs>,
    inbox: Receiver<Command>,
    mailbox: &'a Mailbox,
    client: &'a Client,
    router: Router<'a, H>,
    /// Sockets by their key's slot.
    sockets: Vec<Option<Socket>>,
    /// Where reads land: the start of a message still arriving, then what
    /// the socket gives.
    scratch: Vec<u8>,
    /// The slots of the sockets that spent their budget this turn.
    unread: Vec<usize>,
    /// An empty list kept to swap with `unread`.
    spare: Vec<usize>,
    /// [`NodeConfig::read_budget`], at least 1.
    read_budget: usize,
    /// Turns begun, counting from 1.
    turn: u64,
    /// Bytes read in this turn, from every socket.
    turn_bytes: usize,
    /// Whether the node sheds load ([`NodeConfig::shed_after`]): each turn
    /// then also tells the router what it left waiting.
    sheds: bool,
}

impl<'a, H: Handler> Worker<'a, H> {
    pub(crate) fn new(parts: Parts<'a, H>) -> Self {
        let config = &parts.setup.config;
        let scratch = vec![0; 2 * config.max_message_size + 65536];
        let (read_budget, sheds) = (config.read_budget.max(1), config.shed_after.is_some());
        Self {
            poll: parts.poll,
            listeners: parts.listeners,
            tls: parts.tls,
            inbox: parts.inbox,
            mailbox: parts.mailbox,
            client: parts.client,
            router: Router::new(parts.setup, Instant::now()),
            sockets: Vec::new(),
            scratch,
            unread: Vec::new(),
            spare: Vec::new(),
            read_budget,
            turn: 0,
            turn_bytes: 0,
            sheds,
        }
    }

    /// Runs until stopped.
    pub(crate) fn run(mut self) -> io::Result<()> {
        for (i, l) in self.listeners.iter_mut().enumerate() {
            self.poll.registry().register(
                &mut l.socket,
                Token(LISTENER_BASE + i),
                Interest::READABLE,
            )?;
        }
        self.carry_out(Instant::now());
        let mut events = Events::with_capacity(1024);
        loop {
            let timeout = if self.router.has_dirty() || !self.unread.is_empty() {
                Some(Duration::ZERO)
            } else {
                (self.router.poll_timeout()).map(|t| t.saturating_duration_since(Instant::now()))
            };
            match self.poll.poll(&mut events, timeout) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => other?,
            }
            let now = Instant::now();
            self.turn += 1;
            self.turn_bytes = 0;
            self.read_unread(now);
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
            let took = now.elapsed();
            let backlog = if self.sheds {
                self.backlog_wait(took)
            } else {
                Duration::ZERO
            };
            self.router.turn_took(took, backlog);
            if self.router.finished(now) {
                return Ok(());
            }
        }
    }

    /// Carries out what the router asked.
    fn carry_out(&mut self, now: Instant) {
        while let Some(io) = self.router.poll_io(now) {
            match io {
                Io::Connect { conn, addr, tls } => self.connect(conn, addr, tls.as_deref(), now),
                Io::StartTls {
                    conn,
                    side,
                    host,
                    mut clear,
                } => {
                    if let Err(e) = self.start_tls(conn, side, &host, &mut clear) {
                        warn!(peer = %host, error = %e, "in-band TLS cannot start: closing");
                        self.router.lost(now, conn);
                    }
                }
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
        let writable = writable || link.wants_write();
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
                tls: link.is_tls(),
                handshaking: link.handshaking(),
                link,
                writable,
                read_in: (0, 0),
            });
        }
        true
    }

    fn accept(&mut self, index: usize, now: Instant) {
        loop {
            let Some(listener) = self.listeners.get(index) else {
                return;
            };
            let tls = listener.tls;
            match listener.socket.accept() {
                Ok((stream, addr)) => {
                    if self.router.is_stopping() {
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    debug!(%addr, tls, "connection accepted");
                    let link: Box<dyn Link> = match (tls, &self.tls) {
                        (false, _) => Box::new(stream),
                        (true, Some(t)) => match TlsLink::accept(stream, &t.server) {
                            Ok(link) => Box::new(link),
                            Err(e) => {
                                warn!(%addr, error = %e, "TLS connection refused");
                                continue;
                            }
                        },
                        (true, None) => continue,
                    };
                    let Some(key) = self.router.accept(now, addr, tls) else {
                        continue; // refused: dropping the socket closes it
                    };
                    if !self.add_socket(key, link, false) {
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

    /// Opens a connection to `addr`, with TLS at connect to `tls` when
    /// given (RFC 6733 §2.1).
    fn connect(
        &mut self,
        conn: ConnKey,
        addr: std::net::SocketAddr,
        tls: Option<&str>,
        now: Instant,
    ) {
        let link = TcpStream::connect(addr).and_then(|s| {
            let _ = s.set_nodelay(true);
            match (tls, &self.tls) {
                (None, _) => Ok(Box::new(s) as Box<dyn Link>),
                (Some(name), Some(t)) => Ok(Box::new(TlsLink::connect(s, &t.client, name)?)),
                (Some(_), None) => Err(io::Error::other("no TLS settings")),
            }
        });
        let opened = match link {
            Ok(link) => self.add_socket(conn, link, true),
            Err(e) => {
                debug!(%addr, error = %e, "connection failed at once");
                false
            }
        };
        if !opened {
            self.router.lost(now, conn);
        }
    }

    /// Starts in-band TLS on `conn` as `side` (RFC 6733 §6.10): writes
    /// `clear` (the CEA) on the plain socket, then wraps it; the mio
    /// registration stays, with writable interest for a pending ClientHello.
    fn start_tls(
        &mut self,
        conn: ConnKey,
        side: TlsSide,
        host: &str,
        clear: &mut SendBuf,
    ) -> io::Result<()> {
        let t = (self.tls.clone()).ok_or_else(|| io::Error::other("no TLS settings"))?;
        let slot = (self.sockets.get_mut(conn.slot()))
            .filter(|s| s.as_ref().is_some_and(|s| s.key == conn))
            .ok_or_else(|| io::Error::other("connection gone"))?;
        let Some(s) = slot.take() else {
            return Err(io::Error::other("connection gone"));
        };
        let mut tcp = (s.link.into_tcp()).ok_or_else(|| io::Error::other("not a TCP link"))?;
        if !write_out(&mut tcp, clear) || !clear.is_empty() {
            return Err(io::Error::other("the CEA could not be written at once"));
        }
        let mut link: Box<dyn Link> = match side {
            TlsSide::Server => Box::new(TlsLink::accept(tcp, &t.server)?),
            TlsSide::Client => Box::new(TlsLink::connect(tcp, &t.client, host)?),
        };
        let writable = link.wants_write();
        let interest = match writable {
            true => Interest::READABLE | Interest::WRITABLE,
            false => Interest::READABLE,
        };
        (self.poll.registry()).reregister(&mut *link, Token(conn.slot()), interest)?;
        *slot = Some(Socket {
            key: conn,
            link,
            writable,
            tls: true,
            handshaking: true,
            read_in: (0, 0),
        });
        Ok(())
    }

    /// For a TLS socket after it was read or written: the end of its
    /// handshake is reported to the router with the peer's certificate
    /// (RFC 6733 §13.1), and writable interest follows what the link holds.
    fn tls_progress(&mut self, conn: ConnKey, now: Instant) {
        let Some(s) = self.socket(conn) else { return };
        if s.handshaking && !s.link.handshaking() {
            s.handshaking = false;
            let cert = s.link.peer_certificate();
            self.router.secured(now, conn, cert);
            self.carry_out(now);
        }
        let want = self.router.output(conn).is_some_and(|b| !b.is_empty());
        self.set_writable(conn, want);
    }

    fn on_writable(&mut self, slot: usize, now: Instant) {
        let Some(s) = self.sockets.get_mut(slot).and_then(Option::as_mut) else {
            return;
        };
        let key = s.key;
        if self.router.connecting(key) {
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
        let key = self.router.adopted(now, addr, admitted, link.is_tls());
        if !self.add_socket(key, link, false) {
            self.router.lost(now, key);
            return;
        }
        if self.router.received(now, key, bytes) {
            self.read(key.slot(), now);
        }
    }

    /// Reads what the socket has, up to the turn's budget, and gives it to
    /// the router; a socket stopped at the budget is read again next turn.
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
        let (turn, budget) = (self.turn, self.read_budget);
        while self.router.wants_read(key) {
            let Some(s) = self.socket(key) else { break };
            if s.read_in.0 != turn {
                s.read_in = (turn, 0);
            }
            let left = budget.saturating_sub(s.read_in.1);
            if left == 0 {
                break; // on the list since its budget was spent
            }
            let filled = self.router.take_partial(key, &mut scratch);
            let Some(s) = self.socket(key) else { break };
            let room = scratch.get_mut(filled..).unwrap_or_default();
            let end = room.len().min(left);
            let result = s.link.read(room.get_mut(..end).unwrap_or_default());
            let n = result.as_ref().map_or(0, |&n| n);
            s.read_in.1 = s.read_in.1.saturating_add(n);
            let spent = s.read_in.1 >= budget;
            let tls = s.tls;
            self.turn_bytes = self.turn_bytes.saturating_add(n);
            if tls {
                self.tls_progress(key, now);
            }
            let got = match result {
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
                Err(e) if tls => {
                    // Why a TLS peer is refused: unknown CA, wrong name,
                    // expired certificate, clear text on a TLS port.
                    warn!(error = %e, "TLS connection closed");
                    None
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
            if spent {
                self.unread.push(slot);
            }
            let input = scratch.get(..filled + n).unwrap_or_default();
            if !self.router.received(now, key, input) {
                break;
            }
        }
        self.scratch = scratch;
        self.carry_out(now);
    }

    /// How long the bytes this turn left unread (on the sockets its read
    /// budget stopped: what the kernel holds for them) will wait, at the
    /// rate this turn read: what the newest of them adds to its latency.
    fn backlog_wait(&self, took: Duration) -> Duration {
        let waiting: u64 = (self.unread.iter())
            .filter_map(|&slot| self.sockets.get(slot).and_then(Option::as_ref))
            .map(|s| s.link.input_waiting())
            .fold(0, u64::saturating_add);
        crate::router::backlog_wait(waiting, self.turn_bytes as u64, took)
    }

    /// Reads the sockets that the last turn's budget stopped (the lists
    /// are swapped, not reallocated).
    fn read_unread(&mut self, now: Instant) {
        let mut due = std::mem::take(&mut self.spare);
        std::mem::swap(&mut due, &mut self.unread);
        for &slot in &due {
            self.read(slot, now);
        }
        due.clear();
        self.spare = due;
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
                        let _ = self.poll.registry().deregister(&mut l.socket);
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
        let Some(s) = (self.sockets.get_mut(conn.slot()))
            .and_then(Option::as_mut)
            .filter(|s| s.key == conn)
        else {
            return;
        };
        let want = match self.router.output(conn) {
            Some(send) => {
                if !write_out(&mut *s.link, send) {
                    self.router.lost(now, conn);
                    self.carry_out(now);
                    return;
                }
                !send.is_empty()
            }
            // In a TLS handshake, output waits; a clear link connecting
            // keeps the interest it has.
            None if s.tls => false,
            None => return,
        };
        if s.tls {
            // What rustls still holds (handshake, alerts) goes when it can.
            if !want && s.link.wants_write() {
                let _ = io::Write::flush(&mut *s.link);
            }
            self.tls_progress(conn, now);
        } else {
            self.set_writable(conn, want);
        }
        if self.router.resume_reading(now, conn) {
            self.read(conn.slot(), now);
        }
        self.carry_out(now);
    }
}

impl<H> Worker<'_, H> {
    /// Keeps writable interest on `conn` while it has output pending, its
    /// own (`want`) or its link's (TLS).
    fn set_writable(&mut self, conn: ConnKey, want: bool) {
        let Some(s) = (self.sockets.get_mut(conn.slot()))
            .and_then(Option::as_mut)
            .filter(|s| s.key == conn)
        else {
            return;
        };
        let want = want || (s.tls && s.link.wants_write());
        if want == s.writable {
            return;
        }
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
