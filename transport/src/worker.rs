//! One event loop: its sockets, its peers, its timers.
//!
//! The loop turns socket readiness, timers and commands into
//! [`diameter_core::peer`] events and carries out the actions the peer
//! state machines return. Application requests that pass validation go to
//! the [`Handler`]; answers to requests this node sent go back to whoever
//! waits for them. The loop decides nothing about the protocol itself.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io::{self, Read};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diameter_core::dict::{base, result_code};
use diameter_core::peer::{
    self, Action, Actions, Conn, DisconnectCause, Event, LocalIdentity, Peer, PeerFilter, State,
};
use diameter_core::validate::{write_error_answer, AnswerIdentity, Culprit, Validator, Violation};
use diameter_core::wire::{flags, Header, Message, MessageWriter};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use slab::Slab;
use tracing::{debug, info, warn};

use crate::client::{Command, Directory, PeerInfo};
use crate::config::{NodeConfig, PeerConfig, Role};
use crate::framer;
use crate::handler::{Context, Handler, Later};
use crate::later::Deferred;
use crate::link::Link;
use crate::local_answer::{error_answer, reason_of};
use crate::pending::{Outstanding, PendingTable};
use crate::send_buf::SendBuf;
use crate::stats::Counters;

/// Token of the mailbox waker.
pub(crate) const WAKER: Token = Token(usize::MAX);
/// Listener `i` has token `LISTENER_BASE + i`; connections use their slab key.
const LISTENER_BASE: usize = 1 << 40;
/// Pending output past which a connection is no longer read from, so a
/// peer that does not read cannot make us buffer without bound.
const HIGH_WATER: usize = 4 << 20;
/// How long a stopping node waits for DPAs.
const STOP_GRACE: Duration = Duration::from_secs(3);

/// Who waits for the answer to a request this node sent.
#[derive(Debug)]
enum Waiter {
    /// A [`Client`](crate::Client): the answer's bytes go to the channel.
    Client(crate::client::Reply),
    /// A request relayed for another peer (RFC 6733 §6.1.9): the answer
    /// goes back to that peer with the original Hop-by-Hop Identifier.
    Relay { peer: usize, hop_by_hop: u32 },
    /// A request another loop relays through a peer of this one: the
    /// answer goes back to that loop, for its `peer`.
    Forwarded {
        worker: usize,
        peer: usize,
        hop_by_hop: u32,
    },
}

/// One TCP connection.
struct Connection {
    stream: Box<dyn Link>,
    /// The start of a message still arriving.
    partial: Vec<u8>,
    send: SendBuf,
    /// The peer it belongs to and as which of its connections; `None`
    /// until the first CER on an accepted connection.
    link: Option<(usize, Conn)>,
    connecting: bool,
    writable: bool,
    read_paused: bool,
}

/// One Diameter peer: its state machine, connections and requests in flight.
struct PeerEntry<'a> {
    sm: Peer<'a>,
    i: Option<usize>,
    r: Option<usize>,
    /// An accepted connection whose CER is being handled (R-Conn-CER).
    incoming: Option<usize>,
    configured: Option<PeerConfig>,
    /// Its place in the configuration; `usize::MAX` when not configured.
    rank: usize,
    pending: PendingTable<Waiter>,
    counters: Arc<Counters>,
    /// The deadline last put on the timer heap.
    timer: Option<Instant>,
}

impl PeerEntry<'_> {
    fn conn(&self, c: Conn) -> Option<usize> {
        match c {
            Conn::I => self.i,
            Conn::R => self.r.or(self.incoming),
        }
    }
}

/// How a request may be routed.
#[derive(Debug, Clone, Copy)]
struct Route {
    /// A peer it must not go to (the one it came from, or failed on).
    except: Option<usize>,
    /// Whether any peer supporting its application will do (requests of
    /// our own) or only one its destination names (relayed ones).
    any_peer: bool,
    /// How many event loops passed it on already.
    hops: u8,
}

/// What an event's actions asked of the message that caused it.
#[derive(Default)]
struct Outcome {
    deliver: bool,
    transmit: Option<usize>,
}

/// What an event loop is built from.
pub(crate) struct Parts<'a, H> {
    pub index: usize,
    pub poll: Poll,
    pub listeners: Vec<TcpListener>,
    pub inbox: Receiver<Command>,
    pub mailbox: &'a crate::client::Mailbox,
    pub directory: &'a Directory,
    pub client: &'a crate::client::Client,
    pub config: &'a NodeConfig,
    pub local: LocalIdentity<'a>,
    pub filter: PeerFilter<'a>,
    pub applications: &'a [u32],
    pub handler: H,
    pub seed: u32,
}

/// The event loop.
pub(crate) struct Worker<'a, H> {
    p: Parts<'a, H>,
    conns: Slab<Connection>,
    peers: Slab<PeerEntry<'a>>,
    hosts: HashMap<String, usize>,
    scratch: Vec<u8>,
    timers: BinaryHeap<Reverse<(Instant, usize)>>,
    dirty: Vec<usize>,
    epoch: Instant,
    stopping: Option<Instant>,
    /// Set by a CER naming a peer another loop owns: that loop, and the
    /// CER's length.
    handover: Option<(usize, usize)>,
    /// Requests handlers took to answer later.
    deferred: RefCell<Deferred>,
}

impl<'a, H: Handler> Worker<'a, H> {
    pub(crate) fn new(parts: Parts<'a, H>) -> Self {
        let max_deferred = parts.config.max_deferred;
        let scratch = vec![0; 2 * parts.config.max_message_size + 65536];
        Self {
            p: parts,
            conns: Slab::new(),
            peers: Slab::new(),
            hosts: HashMap::new(),
            scratch,
            timers: BinaryHeap::new(),
            dirty: Vec::new(),
            epoch: Instant::now(),
            stopping: None,
            handover: None,
            deferred: RefCell::new(Deferred::new(max_deferred)),
        }
    }

    /// Runs until stopped.
    pub(crate) fn run(mut self) -> io::Result<()> {
        for (i, l) in self.p.listeners.iter_mut().enumerate() {
            self.p
                .poll
                .registry()
                .register(l, Token(LISTENER_BASE + i), Interest::READABLE)?;
        }
        let now = Instant::now();
        let threads = self.p.config.thread_count();
        let mine: Vec<(usize, PeerConfig)> = (self.p.config.peers.iter())
            .enumerate()
            .filter(|(i, _)| i % threads == self.p.index)
            .map(|(i, p)| (i, p.clone()))
            .collect();
        for (rank, pc) in mine {
            let key = self.new_peer(Some(pc.clone()), rank);
            if let Some(host) = pc.host {
                self.hosts.insert(host.to_ascii_lowercase(), key);
            }
            self.drive(key, now, Event::Start);
        }
        let mut events = Events::with_capacity(1024);
        loop {
            let timeout = if self.dirty.is_empty() {
                let next = self.timers.peek().map(|Reverse((t, _))| *t);
                let next = match (next, self.deferred.get_mut().next_deadline()) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let next = match (next, self.stopping) {
                    (Some(t), Some(s)) => Some(t.min(s)),
                    (t, s) => t.or(s),
                };
                next.map(|t| t.saturating_duration_since(Instant::now()))
            } else {
                Some(Duration::ZERO)
            };
            match self.p.poll.poll(&mut events, timeout) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => other?,
            }
            let now = Instant::now();
            for ev in events.iter() {
                match ev.token() {
                    WAKER => self.drain_inbox(now),
                    Token(t) if t >= LISTENER_BASE => self.accept(t - LISTENER_BASE),
                    Token(key) => {
                        if ev.is_writable() {
                            self.on_writable(key, now);
                        }
                        if ev.is_readable() || ev.is_read_closed() || ev.is_error() {
                            self.read(key, now);
                        }
                    }
                }
            }
            self.fire_timers(now);
            self.p.handler.flush();
            self.flush();
            if let Some(deadline) = self.stopping {
                if self.conns.is_empty() || now >= deadline {
                    return Ok(());
                }
            }
        }
    }

    fn ptime(&self, now: Instant) -> peer::Instant {
        peer::Instant::from_millis(now.saturating_duration_since(self.epoch).as_millis() as u64)
    }

    fn new_peer(&mut self, configured: Option<PeerConfig>, rank: usize) -> usize {
        let mut config = peer::Config::new(
            self.p.local,
            self.p.seed ^ (self.peers.vacant_key() as u32).wrapping_mul(0x9e37_79b9),
        );
        config.peers = self.p.filter;
        config.tw = self.p.config.watchdog_interval;
        config.tc = self.p.config.reconnect_interval;
        config.response_timeout = self.p.config.response_timeout;
        self.peers.insert(PeerEntry {
            sm: Peer::new(config),
            i: None,
            r: None,
            incoming: None,
            configured,
            rank,
            pending: PendingTable::new(self.p.seed),
            counters: Arc::default(),
            timer: None,
        })
    }

    /// Feeds `event` to peer `key` and carries out its actions.
    fn drive(&mut self, key: usize, now: Instant, event: Event<'_>) -> Outcome {
        let pnow = self.ptime(now);
        let Some(entry) = self.peers.get_mut(key) else {
            return Outcome::default();
        };
        let actions = entry.sm.handle(pnow, event);
        let outcome = self.execute(key, &actions, now);
        self.reschedule(key);
        self.forget_if_done(key);
        outcome
    }

    fn execute(&mut self, key: usize, actions: &Actions, now: Instant) -> Outcome {
        let mut outcome = Outcome::default();
        for action in actions {
            match *action {
                Action::Connect => self.connect(key, now),
                Action::Accept => {
                    if let Some(entry) = self.peers.get_mut(key) {
                        entry.r = entry.incoming;
                    }
                }
                Action::Reject => {
                    if let Some(c) = self.peers.get(key).and_then(|e| e.incoming) {
                        self.close(c);
                    }
                }
                Action::Disconnect(c) => {
                    if let Some(conn) = self.peers.get(key).and_then(|e| e.conn(c)) {
                        self.close(conn);
                    }
                }
                Action::Send { conn, msg, ids } => {
                    let Some(c) = self.peers.get(key).and_then(|e| e.conn(conn)) else {
                        continue;
                    };
                    let local = self.p.local;
                    if let Some(cn) = self.conns.get_mut(c) {
                        if let Err(e) = cn.send.encode(|b| peer::write_base(b, &local, msg, ids)) {
                            warn!(error = %e, "cannot encode {msg:?}");
                        }
                        self.dirty.push(c);
                    }
                }
                Action::Transmit(c) => {
                    outcome.transmit = self.peers.get(key).and_then(|e| e.conn(c))
                }
                Action::Deliver => outcome.deliver = true,
                Action::State(s) => {
                    self.publish(key);
                    if s == State::Closed {
                        self.fail_over(key, now);
                    }
                }
                Action::Watchdog(w) => {
                    self.publish(key);
                    if matches!(w, peer::WatchdogState::Down | peer::WatchdogState::Suspect) {
                        self.fail_over(key, now);
                    }
                }
                Action::Error(e) => debug!(peer = %self.host_of(key), "peer event: {e:?}"),
            }
        }
        outcome
    }

    fn host_of(&self, key: usize) -> String {
        self.peers
            .get(key)
            .map(|e| e.sm.remote().origin_host.to_string())
            .unwrap_or_default()
    }

    /// Tells the peer table (and the log) what a peer looks like now.
    fn publish(&mut self, key: usize) {
        let Some(e) = self.peers.get(key) else { return };
        let remote = e.sm.remote();
        let address =
            e.i.or(e.r)
                .and_then(|c| self.conns.get(c))
                .and_then(|c| c.stream.peer_addr().ok());
        let address = address.or(e.configured.as_ref().map(|c| c.address));
        let info = PeerInfo {
            host: remote.origin_host.to_string(),
            realm: remote.origin_realm.to_string(),
            address,
            state: e.sm.state().name(),
            watchdog: e.sm.watchdog().name(),
            applications: remote.applications.to_vec(),
            worker: self.p.index,
            rank: e.rank,
            counters: Arc::clone(&e.counters),
        };
        info!(peer = %info.host, state = info.state, watchdog = info.watchdog, "peer state");
        self.p.directory.update(self.p.index, key, info);
    }

    /// Removes a peer nobody configured once it is closed and idle.
    fn forget_if_done(&mut self, key: usize) {
        let Some(e) = self.peers.get(key) else { return };
        if e.configured.is_none()
            && e.sm.state() == State::Closed
            && e.i.is_none()
            && e.r.is_none()
            && e.incoming.is_none()
        {
            let host = e.sm.remote().origin_host.to_ascii_lowercase();
            if self.hosts.get(&host) == Some(&key) {
                self.hosts.remove(&host);
                self.p.directory.release(&host, self.p.index);
            }
            self.peers.remove(key);
            self.p.directory.remove(self.p.index, key);
        }
    }

    fn reschedule(&mut self, key: usize) {
        let epoch = self.epoch;
        let Some(e) = self.peers.get_mut(key) else {
            return;
        };
        let sm =
            e.sm.poll_timeout()
                .map(|t| epoch + Duration::from_millis(t.as_millis()));
        let next = match (sm, e.pending.next_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if next != e.timer {
            e.timer = next;
            if let Some(t) = next {
                self.timers.push(Reverse((t, key)));
            }
        }
    }

    fn fire_timers(&mut self, now: Instant) {
        let cfg = self.p.config;
        let us = AnswerIdentity {
            origin_host: &cfg.origin_host,
            origin_realm: &cfg.origin_realm,
        };
        for (conn, request) in self.deferred.get_mut().expired(now) {
            // RFC 6733 §6.1.4: no answer in time.
            if let Some(a) = error_answer(&request, result_code::DIAMETER_UNABLE_TO_DELIVER, &us) {
                self.send_later(conn, &a);
            }
        }
        while let Some(&Reverse((t, key))) = self.timers.peek() {
            if t > now {
                break;
            }
            self.timers.pop();
            let Some(e) = self.peers.get_mut(key) else {
                continue;
            };
            if e.timer != Some(t) {
                continue;
            }
            e.timer = None;
            let expired = e.pending.take_expired(now);
            for _ in &expired {
                Counters::bump(&e.counters.timeouts);
            }
            for (_, out) in expired {
                self.answer_locally(
                    &out.request,
                    out.waiter,
                    result_code::DIAMETER_UNABLE_TO_DELIVER,
                );
            }
            let due = self
                .peers
                .get(key)
                .and_then(|e| e.sm.poll_timeout())
                .is_some_and(|d| d <= self.ptime(now));
            if due {
                self.drive(key, now, Event::Timeout);
                self.shrink_buffers(key);
            } else {
                self.reschedule(key);
            }
        }
    }

    /// Gives back buffer memory of a peer's quiet connections (run at its
    /// timer ticks, so a busy connection keeps its buffers).
    fn shrink_buffers(&mut self, key: usize) {
        let Some(e) = self.peers.get(key) else { return };
        for c in [e.i, e.r].into_iter().flatten() {
            if let Some(conn) = self.conns.get_mut(c) {
                conn.send.shrink();
                if conn.partial.is_empty() {
                    conn.partial = Vec::new();
                }
            }
        }
    }

    fn accept(&mut self, index: usize) {
        loop {
            let Some(listener) = self.p.listeners.get(index) else {
                return;
            };
            match listener.accept() {
                Ok((stream, addr)) => {
                    if self.stopping.is_some() {
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    debug!(%addr, "connection accepted");
                    self.add_conn(Box::new(stream), None, false);
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

    fn add_conn(
        &mut self,
        mut stream: Box<dyn Link>,
        link: Option<(usize, Conn)>,
        connecting: bool,
    ) -> Option<usize> {
        let entry = self.conns.vacant_entry();
        let key = entry.key();
        let interest = if connecting {
            Interest::READABLE | Interest::WRITABLE
        } else {
            Interest::READABLE
        };
        if let Err(e) = self
            .p
            .poll
            .registry()
            .register(&mut *stream, Token(key), interest)
        {
            warn!(error = %e, "cannot register a connection");
            return None;
        }
        entry.insert(Connection {
            stream,
            partial: Vec::new(),
            send: SendBuf::default(),
            link,
            connecting,
            writable: connecting,
            read_paused: false,
        });
        Some(key)
    }

    fn connect(&mut self, key: usize, now: Instant) {
        let Some(addr) = self
            .peers
            .get(key)
            .and_then(|e| e.configured.as_ref())
            .map(|c| c.address)
        else {
            return;
        };
        let conn = TcpStream::connect(addr).ok().and_then(|s| {
            let _ = s.set_nodelay(true);
            self.add_conn(Box::new(s), Some((key, Conn::I)), true)
        });
        match (conn, self.peers.get_mut(key)) {
            (Some(c), Some(e)) => e.i = Some(c),
            _ => {
                debug!(%addr, "connection failed at once");
                self.drive(key, now, Event::ConnNack);
            }
        }
    }

    fn on_writable(&mut self, key: usize, now: Instant) {
        let Some(c) = self.conns.get_mut(key) else {
            return;
        };
        if c.connecting {
            let failed = match c.stream.established() {
                Ok(false) => return, // not connected yet
                Ok(true) => false,
                Err(_) => true,
            };
            c.connecting = false;
            let link = c.link;
            if failed {
                if let Some((pk, _)) = link {
                    if let Some(e) = self.peers.get_mut(pk) {
                        e.i = None;
                    }
                    self.close(key);
                    self.drive(pk, now, Event::ConnNack);
                }
                return;
            }
            if let Some((pk, _)) = link {
                self.drive(pk, now, Event::ConnAck);
            }
        }
        self.dirty.push(key);
    }

    /// Reads everything the socket has and handles every complete message.
    fn read(&mut self, key: usize, now: Instant) {
        let mut scratch = std::mem::take(&mut self.scratch);
        while let Some(c) = self.conns.get_mut(key) {
            if c.read_paused || c.connecting {
                break;
            }
            let mut filled = c.partial.len();
            if let Some(dst) = scratch.get_mut(..filled) {
                dst.copy_from_slice(&c.partial);
            }
            c.partial.clear();
            let got = match c.stream.read(scratch.get_mut(filled..).unwrap_or_default()) {
                Ok(0) => None,
                Ok(n) => Some(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    c.partial
                        .extend_from_slice(scratch.get(..filled).unwrap_or_default());
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    c.partial
                        .extend_from_slice(scratch.get(..filled).unwrap_or_default());
                    continue;
                }
                Err(e) => {
                    debug!(error = %e, "read failed");
                    None
                }
            };
            let Some(n) = got else {
                self.lost(key, now);
                break;
            };
            filled += n;
            if !self.frame(key, scratch.get(..filled).unwrap_or_default(), now) {
                break;
            }
        }
        self.scratch = scratch;
    }

    /// Handles every complete message of `input`, the bytes read from
    /// connection `key` and not yet handled, and keeps the rest for later.
    /// Returns whether to go on reading.
    fn frame(&mut self, key: usize, input: &[u8], now: Instant) -> bool {
        let max = self.p.config.max_message_size;
        let drained = framer::drain(input, max, |msg| self.on_message(key, msg, now));
        let consumed = match drained {
            Ok(consumed) => consumed,
            Err(e) => {
                warn!(error = %e, "closing the connection");
                self.lost(key, now);
                return false;
            }
        };
        if let Some((owner, cer_len)) = self.handover.take() {
            let from = consumed.saturating_sub(cer_len);
            self.hand_over(key, owner, input.get(from..).unwrap_or_default());
            return false;
        }
        let Some(c) = self.conns.get_mut(key) else {
            return false;
        };
        c.partial
            .extend_from_slice(input.get(consumed..).unwrap_or_default());
        if c.send.len() > HIGH_WATER {
            c.read_paused = true;
        }
        true
    }

    /// Moves accepted connection `key` to the loop `owner` that owns the
    /// peer its CER names, with the bytes read from it, the CER first.
    fn hand_over(&mut self, key: usize, owner: usize, bytes: &[u8]) {
        if !self.conns.contains(key) {
            return;
        }
        let mut c = self.conns.remove(key);
        let _ = self.p.poll.registry().deregister(&mut *c.stream);
        let Some(mailbox) = self.p.client.mailboxes.get(owner) else {
            return;
        };
        debug!(owner, "connection handed to the event loop owning its peer");
        let adopt = Command::Adopt {
            stream: c.stream,
            bytes: bytes.to_vec(),
        };
        if mailbox.post(adopt).is_err() {
            warn!(owner, "the owner of a peer has stopped: connection dropped");
        }
    }

    /// Takes over a connection another loop accepted (see [`hand_over`](Self::hand_over)).
    fn adopt(&mut self, stream: Box<dyn Link>, bytes: &[u8], now: Instant) {
        if self.stopping.is_some() {
            return;
        }
        if let Some(key) = self.add_conn(stream, None, false) {
            if self.frame(key, bytes, now) {
                self.read(key, now);
            }
        }
    }

    /// The connection is gone: tell its peer (Peer-Disc) and close it.
    fn lost(&mut self, key: usize, now: Instant) {
        let link = self.conns.get(key).and_then(|c| c.link);
        // Closed first: the peer's actions may open a new connection, which
        // can reuse this key.
        self.close(key);
        if let Some((pk, role)) = link {
            self.drive(pk, now, Event::PeerDisc(role));
        }
    }

    fn close(&mut self, key: usize) {
        if !self.conns.contains(key) {
            return;
        }
        self.deferred.get_mut().forget_conn(key);
        let mut c = self.conns.remove(key);
        // What the peer was told last (an error CEA, a DPA) goes out before
        // the close: the socket of a closing connection still takes it.
        write_out(&mut *c.stream, &mut c.send);
        c.stream.close_write();
        let _ = self.p.poll.registry().deregister(&mut *c.stream);
        if let Some((pk, _)) = c.link {
            if let Some(e) = self.peers.get_mut(pk) {
                for slot in [&mut e.i, &mut e.r, &mut e.incoming] {
                    if *slot == Some(key) {
                        *slot = None;
                    }
                }
            }
        }
    }

    /// Handles one complete message; returns whether to go on reading.
    fn on_message(&mut self, key: usize, msg: Message<'_>, now: Instant) -> bool {
        let Some(c) = self.conns.get(key) else {
            return false;
        };
        let Some((pk, role)) = c.link else {
            return self.first_message(key, msg, now) && self.conns.contains(key);
        };
        let outcome = self.drive(pk, now, Event::Received(role, msg));
        if outcome.deliver {
            if msg.is_request() {
                self.on_request(pk, key, &msg);
            } else {
                self.on_answer(pk, &msg);
            }
        }
        self.conns.get(key).is_some_and(|c| !c.read_paused)
    }

    /// The first message of an accepted connection must be a CER
    /// (RFC 6733 §5.6.1); it picks the peer by its Origin-Host. Returns
    /// false when the connection goes to the loop owning that peer.
    fn first_message(&mut self, key: usize, msg: Message<'_>, now: Instant) -> bool {
        if msg.command_code() != diameter_core::dict::command::CAPABILITIES_EXCHANGE
            || !msg.is_request()
        {
            warn!(
                command = msg.command_code(),
                "first message is not a CER: closing"
            );
            self.close(key);
            return false;
        }
        let host = msg
            .lookup(base::ORIGIN_HOST.code, 0)
            .and_then(|a| a.identity().ok())
            .unwrap_or("");
        let host = host.to_ascii_lowercase();
        if !host.is_empty() {
            let owner = self.p.directory.claim(&host, self.p.index);
            if owner != self.p.index {
                self.handover = Some((owner, msg.len()));
                return false;
            }
        }
        let pk = match self.hosts.get(&host) {
            Some(&pk) if self.peers.contains(pk) => pk,
            _ => {
                let pk = self.new_peer(None, usize::MAX);
                if !host.is_empty() {
                    self.hosts.insert(host, pk);
                }
                pk
            }
        };
        if let Some(e) = self.peers.get_mut(pk) {
            e.incoming = Some(key);
        }
        if let Some(c) = self.conns.get_mut(key) {
            c.link = Some((pk, Conn::R));
        }
        self.drive(pk, now, Event::ConnCer(msg));
        if let Some(e) = self.peers.get_mut(pk) {
            e.incoming = None;
        }
        // Not accepted: the connection has no peer.
        let accepted = self.peers.get(pk).is_some_and(|e| e.r == Some(key));
        if !accepted {
            if let Some(c) = self.conns.get_mut(key) {
                c.link = None;
            }
        }
        true
    }

    /// A request from peer `pk`, arrived on connection `key`.
    fn on_request(&mut self, pk: usize, key: usize, msg: &Message<'_>) {
        let Some(entry) = self.peers.get(pk) else {
            return;
        };
        Counters::bump(&entry.counters.requests_in);
        if !self.for_us(msg) {
            let peer_host = entry.sm.remote().origin_host.clone();
            let counters = Arc::clone(&entry.counters);
            let relayed = match self.p.config.role {
                Role::Relay => self.relay(pk, msg, &peer_host),
                Role::Server => Err(self.not_for_us(msg)),
            };
            if let Err(code) = relayed {
                let v = Violation::new(code, reason_of(code), Culprit::None);
                self.write_answer(key, &counters, &peer_host, |buf, us| {
                    write_error_answer(buf, msg, &v, us, None)
                });
            }
            return;
        }
        let verdict = Validator::new(self.p.applications).validate(msg);
        let cfg = self.p.config;
        let (Some(entry), Some(conn)) = (self.peers.get(pk), self.conns.get_mut(key)) else {
            return;
        };
        let us = AnswerIdentity {
            origin_host: &cfg.origin_host,
            origin_realm: &cfg.origin_realm,
        };
        let peer_host: &str = &entry.sm.remote().origin_host;
        conn.send.reserve_free(cfg.max_message_size);
        let written = match verdict {
            Err(v) => {
                Counters::bump(&entry.counters.errors);
                debug!(peer = %peer_host, "rejecting request: {v}");
                write_error_answer(conn.send.free_mut(), msg, &v, &us, None)
            }
            Ok(()) => {
                let taken = Cell::new(false);
                let ctx = Context {
                    origin_host: us.origin_host,
                    origin_realm: us.origin_realm,
                    peer_host,
                    client: self.p.client,
                    later: Later {
                        table: &self.deferred,
                        taken: &taken,
                        conn: key,
                        request: msg,
                        deadline: cfg.answer_deadline,
                        worker: self.p.index,
                    },
                };
                let mut w = MessageWriter::answer(conn.send.free_mut(), msg);
                self.p.handler.handle(&ctx, msg, &mut w);
                if taken.get() {
                    return;
                }
                w.finish()
            }
        };
        match written {
            Ok(n) => {
                conn.send.commit(n);
                Counters::bump(&entry.counters.answers_out);
                self.dirty.push(key);
            }
            Err(e) => warn!(peer = %peer_host, error = %e, "answer not sent"),
        }
    }

    /// Sends a later answer on connection `conn`.
    fn send_later(&mut self, conn: usize, answer: &[u8]) {
        if let Some(c) = self.conns.get_mut(conn) {
            c.send.push(answer);
            self.dirty.push(conn);
        }
    }

    /// Writes an error answer built by `build` on connection `key`.
    fn write_answer(
        &mut self,
        key: usize,
        counters: &Counters,
        peer_host: &str,
        build: impl FnOnce(&mut [u8], &AnswerIdentity<'_>) -> diameter_core::wire::Result<usize>,
    ) {
        let cfg = self.p.config;
        let us = AnswerIdentity {
            origin_host: &cfg.origin_host,
            origin_realm: &cfg.origin_realm,
        };
        let Some(conn) = self.conns.get_mut(key) else {
            return;
        };
        conn.send.reserve_free(cfg.max_message_size);
        match build(conn.send.free_mut(), &us) {
            Ok(n) => {
                conn.send.commit(n);
                Counters::bump(&counters.errors);
                Counters::bump(&counters.answers_out);
                self.dirty.push(key);
            }
            Err(e) => warn!(peer = %peer_host, error = %e, "answer not sent"),
        }
    }

    /// Whether a request is for this node (RFC 6733 §6.1): its
    /// Destination-Host is ours, or it has none and its Destination-Realm
    /// (if any) is ours.
    fn for_us(&self, msg: &Message<'_>) -> bool {
        let cfg = self.p.config;
        let text = |code| msg.lookup(code, 0).and_then(|a| a.identity().ok());
        match text(base::DESTINATION_HOST.code) {
            Some(host) => host.eq_ignore_ascii_case(&cfg.origin_host),
            None => text(base::DESTINATION_REALM.code)
                .is_none_or(|r| r.eq_ignore_ascii_case(&cfg.origin_realm)),
        }
    }

    /// The answer of a node that is not an agent to a request for someone
    /// else (RFC 6733 §6.1.4, §6.1.5): 3003 DIAMETER_REALM_NOT_SERVED when
    /// its Destination-Realm is not ours, else 3002
    /// DIAMETER_UNABLE_TO_DELIVER (its Destination-Host is another host).
    fn not_for_us(&self, msg: &Message<'_>) -> u32 {
        let realm = msg
            .lookup(base::DESTINATION_REALM.code, 0)
            .and_then(|a| a.identity().ok());
        match realm {
            Some(r) if !r.eq_ignore_ascii_case(&self.p.config.origin_realm) => {
                result_code::DIAMETER_REALM_NOT_SERVED
            }
            _ => result_code::DIAMETER_UNABLE_TO_DELIVER,
        }
    }

    /// Relays a request that is not for this node to the peer its
    /// destination names (RFC 6733 §6.1.9), adding a Route-Record with the
    /// sender's identity.
    ///
    /// # Errors
    /// The Result-Code to answer with: 3005 when this node's identity is
    /// already in a Route-Record (§6.1.3), 3003 when the realm is not
    /// served, 3002 when no peer of it is available (§6.1.4).
    fn relay(&mut self, pk: usize, msg: &Message<'_>, peer_host: &str) -> Result<(), u32> {
        let ours = &self.p.config.origin_host;
        let looped = msg.avps().map_while(|a| a.ok()).any(|a| {
            a.code() == base::ROUTE_RECORD.code
                && a.identity().is_ok_and(|h| h.eq_ignore_ascii_case(ours))
        });
        if looped {
            return Err(result_code::DIAMETER_LOOP_DETECTED);
        }
        let local = self.route(msg, Some(pk), false);
        let elsewhere = || {
            let w = self.p.directory.worker_except(msg, peer_host, false)?;
            (w != self.p.index).then_some(w)
        };
        let remote = if local.is_none() { elsewhere() } else { None };
        if let Some(worker) = remote {
            let mut request = msg.as_bytes().to_vec();
            append_route_record(&mut request, peer_host);
            let relay = Command::Relay {
                request,
                from: (self.p.index, pk, msg.hop_by_hop()),
                hops: 1,
            };
            let posted = (self.p.client.mailboxes.get(worker)).map(|m| m.post(relay));
            return match posted {
                Some(Ok(())) => Ok(()),
                _ => Err(result_code::DIAMETER_UNABLE_TO_DELIVER),
            };
        }
        let Some(_) = local else {
            let realm = msg
                .lookup(base::DESTINATION_REALM.code, 0)
                .and_then(|a| a.identity().ok());
            let known = realm.is_some_and(|r| self.knows_realm(r));
            return Err(if known {
                result_code::DIAMETER_UNABLE_TO_DELIVER
            } else {
                result_code::DIAMETER_REALM_NOT_SERVED
            });
        };
        let mut request = msg.as_bytes().to_vec();
        append_route_record(&mut request, peer_host);
        let waiter = Waiter::Relay {
            peer: pk,
            hop_by_hop: msg.hop_by_hop(),
        };
        let route = Route {
            except: Some(pk),
            any_peer: false,
            hops: 0,
        };
        self.send_request_except(request, waiter, Instant::now(), route);
        Ok(())
    }

    /// Whether any peer or route serves `realm`.
    fn knows_realm(&self, realm: &str) -> bool {
        self.peers
            .iter()
            .any(|(_, e)| e.sm.remote().origin_realm.eq_ignore_ascii_case(realm))
            || self
                .p
                .config
                .routes
                .iter()
                .any(|r| r.realm.eq_ignore_ascii_case(realm))
    }

    /// An answer from peer `pk`: matched to its request by Hop-by-Hop Identifier.
    fn on_answer(&mut self, pk: usize, msg: &Message<'_>) {
        let Some(entry) = self.peers.get_mut(pk) else {
            return;
        };
        Counters::bump(&entry.counters.answers_in);
        let Some(out) = entry.pending.take(msg.hop_by_hop()) else {
            debug!(
                hop_by_hop = msg.hop_by_hop(),
                "answer to no request: discarded (RFC 6733 §6.2)"
            );
            return;
        };
        self.reschedule(pk);
        self.complete(out.waiter, msg.as_bytes());
    }

    /// Hands an answer to whoever waits for it.
    fn complete(&mut self, waiter: Waiter, answer: &[u8]) {
        match waiter {
            Waiter::Client(reply) => {
                let _ = reply.send(answer.to_vec());
            }
            Waiter::Relay { peer, hop_by_hop } => {
                let Some(c) = self.peers.get(peer).and_then(|e| e.i.or(e.r)) else {
                    return;
                };
                let Some(conn) = self.conns.get_mut(c) else {
                    return;
                };
                let at = conn.send.len();
                conn.send.push(answer);
                if let Ok(h) = Header::view_mut(conn.send.pending_mut_from(at)) {
                    h.set_hop_by_hop(hop_by_hop);
                }
                self.dirty.push(c);
            }
            Waiter::Forwarded {
                worker,
                peer,
                hop_by_hop,
            } => {
                let back = Command::RelayAnswer {
                    peer,
                    hop_by_hop,
                    answer: answer.to_vec(),
                };
                if let Some(m) = self.p.client.mailboxes.get(worker) {
                    let _ = m.post(back);
                }
            }
        }
    }

    /// Answers a request this node could not deliver with a local error
    /// answer (E bit, RFC 6733 §6.1.4, §7.1.3).
    fn answer_locally(&mut self, request: &[u8], waiter: Waiter, code: u32) {
        let cfg = self.p.config;
        let us = AnswerIdentity {
            origin_host: &cfg.origin_host,
            origin_realm: &cfg.origin_realm,
        };
        if let Some(answer) = error_answer(request, code, &us) {
            self.complete(waiter, &answer);
        }
    }

    /// Commands from other threads.
    fn drain_inbox(&mut self, now: Instant) {
        self.p.mailbox.clear();
        loop {
            match self.p.inbox.try_recv() {
                Ok(Command::Request {
                    request,
                    reply,
                    hops,
                }) => self.send_request(request, Waiter::Client(reply), now, hops),
                Ok(Command::Adopt { stream, bytes }) => self.adopt(stream, &bytes, now),
                Ok(Command::Relay {
                    request,
                    from,
                    hops,
                }) => {
                    let (worker, peer, hop_by_hop) = from;
                    let waiter = Waiter::Forwarded {
                        worker,
                        peer,
                        hop_by_hop,
                    };
                    let route = Route {
                        except: None,
                        any_peer: false,
                        hops,
                    };
                    self.send_request_except(request, waiter, now, route);
                }
                Ok(Command::RelayAnswer {
                    peer,
                    hop_by_hop,
                    answer,
                }) => self.complete(Waiter::Relay { peer, hop_by_hop }, &answer),
                Ok(Command::Answer { token, answer }) => {
                    if let Some(conn) = self.deferred.get_mut().take(token) {
                        self.send_later(conn, &answer);
                    }
                }
                Ok(Command::Stop) => self.stop(now),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return,
            }
        }
    }

    /// The peer a request goes to (RFC 6733 §6.1.4 – §6.1.6): its
    /// Destination-Host when connected, else a peer of its Destination-Realm
    /// that supports its application, else a configured route, else any
    /// peer that supports the application.
    fn route(&self, msg: &Message<'_>, except: Option<usize>, any_peer: bool) -> Option<usize> {
        let text = |code| msg.lookup(code, 0).and_then(|a| a.identity().ok());
        let app = msg.application_id();
        let find = |wanted: &dyn Fn(&peer::Remote) -> bool| {
            self.peers
                .iter()
                .filter(|(k, e)| {
                    Some(*k) != except && e.sm.is_available() && e.sm.remote().supports(app)
                })
                .find(|(_, e)| wanted(e.sm.remote()))
                .map(|(k, _)| k)
        };
        let by_host = |host: &str| find(&|r| r.origin_host.eq_ignore_ascii_case(host));
        if let Some(k) = text(base::DESTINATION_HOST.code).and_then(by_host) {
            return Some(k);
        }
        if let Some(realm) = text(base::DESTINATION_REALM.code) {
            if let Some(k) = find(&|r| r.origin_realm.eq_ignore_ascii_case(realm)) {
                return Some(k);
            }
            let routed = self.p.config.routes.iter().filter(|r| {
                r.realm.eq_ignore_ascii_case(realm) && r.application.is_none_or(|a| a == app)
            });
            if let Some(k) = routed.flat_map(|r| r.peers.iter()).find_map(|h| by_host(h)) {
                return Some(k);
            }
        }
        find(&|_| any_peer)
    }

    /// Sends a request of a [`Client`](crate::Client) to the peer
    /// [`route`](Self::route) picks.
    fn send_request(&mut self, request: Vec<u8>, waiter: Waiter, now: Instant, hops: u8) {
        let route = Route {
            except: None,
            any_peer: true,
            hops,
        };
        self.send_request_except(request, waiter, now, route);
    }

    /// Sends a request to a peer chosen by [`route`](Self::route); when this
    /// loop has none, to the loop owning one, else answers 3002.
    fn send_request_except(&mut self, request: Vec<u8>, waiter: Waiter, now: Instant, r: Route) {
        let Ok(msg) = Message::new_checked(&request) else {
            return;
        };
        let Some(pk) = self.route(&msg, r.except, r.any_peer) else {
            self.pass_on(request, waiter, r);
            return;
        };
        let outcome = self.drive(pk, now, Event::Send(msg));
        let (Some(c), Some(entry)) = (outcome.transmit, self.peers.get_mut(pk)) else {
            self.answer_locally(&request, waiter, result_code::DIAMETER_UNABLE_TO_DELIVER);
            return;
        };
        let Some(conn) = self.conns.get_mut(c) else {
            return;
        };
        let at = conn.send.len();
        conn.send.push(&request);
        let deadline = now + self.p.config.request_timeout;
        let hop_by_hop = entry.pending.insert(Outstanding {
            deadline,
            waiter,
            request,
        });
        if let Ok(h) = Header::view_mut(conn.send.pending_mut_from(at)) {
            h.set_hop_by_hop(hop_by_hop);
        }
        Counters::bump(&entry.counters.requests_out);
        self.dirty.push(c);
        self.reschedule(pk);
    }

    /// Gives a request no peer of this loop can take to the loop owning
    /// one that can (a request passes through each loop at most once),
    /// else answers it 3002 (RFC 6733 §6.1.4).
    fn pass_on(&mut self, request: Vec<u8>, waiter: Waiter, r: Route) {
        let except = r.except.map(|k| self.host_of(k)).unwrap_or_default();
        let worker = Message::new_checked(&request)
            .ok()
            .and_then(|m| self.p.directory.worker_except(&m, &except, r.any_peer))
            .filter(|&w| w != self.p.index);
        let threads = self.p.client.mailboxes.len();
        let (Some(worker), true) = (worker, usize::from(r.hops) < threads) else {
            self.answer_locally(&request, waiter, result_code::DIAMETER_UNABLE_TO_DELIVER);
            return;
        };
        let hops = r.hops.saturating_add(1);
        let command = match waiter {
            Waiter::Client(reply) => Command::Request {
                request,
                reply,
                hops,
            },
            Waiter::Relay { peer, hop_by_hop } => Command::Relay {
                request,
                from: (self.p.index, peer, hop_by_hop),
                hops,
            },
            Waiter::Forwarded {
                worker,
                peer,
                hop_by_hop,
            } => Command::Relay {
                request,
                from: (worker, peer, hop_by_hop),
                hops,
            },
        };
        if let Some(m) = self.p.client.mailboxes.get(worker) {
            let _ = m.post(command);
        }
    }

    /// Peer `key` can no longer answer: its outstanding requests are sent
    /// once more to another peer with the T flag (RFC 6733 §5.5.4), or
    /// answered 3002 locally.
    fn fail_over(&mut self, key: usize, now: Instant) {
        let Some(e) = self.peers.get_mut(key) else {
            return;
        };
        let outstanding = e.pending.take_all();
        for out in outstanding {
            let mut request = out.request;
            let retransmitted =
                Header::view(&request).is_ok_and(|h| h.flags() & flags::RETRANSMIT != 0);
            if retransmitted {
                self.answer_locally(
                    &request,
                    out.waiter,
                    result_code::DIAMETER_UNABLE_TO_DELIVER,
                );
                continue;
            }
            if let Ok(h) = Header::view_mut(&mut request) {
                h.set_retransmit(true);
            }
            let route = Route {
                except: Some(key),
                any_peer: matches!(out.waiter, Waiter::Client(_)),
                hops: 0,
            };
            self.send_request_except(request, out.waiter, now, route);
        }
    }

    /// Writes what is pending on every connection that has output.
    fn flush(&mut self) {
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort_unstable();
        dirty.dedup();
        let now = Instant::now();
        for key in dirty.drain(..) {
            let Some(c) = self.conns.get_mut(key) else {
                continue;
            };
            if c.connecting {
                continue;
            }
            if !write_out(&mut *c.stream, &mut c.send) {
                self.lost(key, now);
                continue;
            }
            let want = !c.send.is_empty();
            if want != c.writable {
                let interest = if want {
                    Interest::READABLE | Interest::WRITABLE
                } else {
                    Interest::READABLE
                };
                if self
                    .p
                    .poll
                    .registry()
                    .reregister(&mut *c.stream, Token(key), interest)
                    .is_ok()
                {
                    c.writable = want;
                }
            }
            if c.read_paused && c.send.len() < HIGH_WATER / 2 {
                c.read_paused = false;
                self.read(key, now);
            }
        }
        // Connections that gained output meanwhile go out next turn.
        dirty.append(&mut self.dirty);
        self.dirty = dirty;
    }

    /// Graceful stop: DPR to every open peer (RFC 6733 §5.4), no new
    /// connections, and the loop ends when all are closed or after a grace period.
    fn stop(&mut self, now: Instant) {
        if self.stopping.is_some() {
            return;
        }
        info!("stopping: disconnecting peers");
        self.stopping = Some(now + STOP_GRACE);
        for l in &mut self.p.listeners {
            let _ = self.p.poll.registry().deregister(l);
        }
        let keys: Vec<usize> = self.peers.iter().map(|(k, _)| k).collect();
        for key in keys {
            if let Some(e) = self.peers.get_mut(key) {
                e.configured = None;
            }
            self.drive(key, now, Event::Stop(DisconnectCause::Rebooting));
        }
        // Connections that never became a peer's.
        let orphans: Vec<usize> = self
            .conns
            .iter()
            .filter(|(_, c)| c.link.is_none())
            .map(|(k, _)| k)
            .collect();
        for key in orphans {
            self.close(key);
        }
    }
}

/// Appends a Route-Record AVP naming `host` to an encoded request, through
/// the writer, which fixes the message length (RFC 6733 §6.1.9).
fn append_route_record(request: &mut Vec<u8>, host: &str) {
    let len = request.len();
    request.resize(len + 8 + diameter_core::wire::padded(host.len()), 0);
    let written = MessageWriter::append(request, len).and_then(|mut w| {
        w.identity(base::ROUTE_RECORD, host);
        w.finish()
    });
    request.truncate(written.unwrap_or(len));
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
