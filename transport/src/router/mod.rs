//! The protocol side of one event loop, with no IO: a pure state machine
//! driven by events and time, in the image of quinn-proto's `Endpoint`.
//!
//! The router owns the peer table, the connections' framing state and send
//! buffers, the pending-request tables, routing (RFC 6733 §2.7, §6.1),
//! relaying with Route-Record and loop detection (§6.1.3, §6.1.9),
//! failover with the T flag (§5.5.4), the node's role (only agents
//! forward) and the answers it builds itself (3002, 3003, 3005). It calls
//! the [`Handler`] for requests addressed to this node.
//!
//! The event loop ([`crate::worker`]) tells it what the sockets did
//! ([`accepted`](Router::accepted), [`received`](Router::received),
//! [`established`](Router::established), [`lost`](Router::lost)), gives it
//! commands from other threads ([`command`](Router::command)), the end of
//! TLS handshakes ([`secured`](Router::secured)) and the time
//! ([`handle_timeout`](Router::handle_timeout) when
//! [`poll_timeout`](Router::poll_timeout) is due), and carries out what it
//! asks ([`poll_io`](Router::poll_io)): connect, close, hand a connection
//! to another loop, start TLS in band. Commands for the node's other loops
//! go straight into their mailboxes (a queue each, no lock).
//!
//! TLS (RFC 6733 §13.1) is the loop's links; what the router decides is
//! who may talk over them. A TLS connection is given a handshake deadline
//! (the response timeout) when it starts: at connect (§2.1), or after the
//! CER/CEA in clear that negotiated Inband-Security-Id TLS (§6.10), which
//! the router asks for with [`Io::StartTls`]. When the loop reports the
//! handshake done it hands over the peer's certificate, and the first CER
//! (responder) or CEA (initiator) on the connection must carry an
//! Origin-Host that certificate names, and that pinning admits, before the
//! peer state machine sees it; in band, the name of the exchange in clear
//! is checked the moment the handshake ends. A connection failing either
//! is closed alone, with a log line saying why. A clear-text connection
//! pays one comparison per message for this.
//!
//! With [`NodeConfig::doic`] the router does Diameter overload control
//! (RFC 7683, [`doic`]): the answers of its handler report overload while
//! its load shedder ([`shed`]) sees slow turns, and the requests it sends
//! or relays are abated as its peers' reports ask. Off, it costs one
//! branch per request sent, per answer received and per answer written.
//!
//! Output waits in each connection's send
//! buffer; [`take_dirty`](Router::take_dirty) lists the connections that
//! have some. Time is always an argument; nothing here reads a clock.

mod conns;
mod doic;
mod hiding;
mod keys;
mod peers;
mod requests;
mod routing;
mod secure;
mod serve;
mod shed;
#[cfg(test)]
mod tests;
mod topology;

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diameter_core::peer::LocalIdentity;

use crate::client::{Client, Command};
use crate::config::{NodeConfig, Role, Topology};
use crate::directory::{Directory, View};
use crate::handler::Handler;
use crate::later::Deferred;
use crate::send_buf::SendBuf;
use crate::traffic::{self, Flow, TrafficKey, TurnTraffic};

pub(crate) use conns::ConnState;
use keys::Arena;
pub(crate) use keys::{ConnKey, PeerKey};
use peers::PeerEntry;
pub(crate) use requests::Waiter;
pub(crate) use secure::TlsSide;
pub(crate) use shed::backlog_wait;

/// How long a stopping node waits for DPAs.
const STOP_GRACE: Duration = Duration::from_secs(3);

/// What the router asks of the event loop.
#[derive(Debug)]
pub(crate) enum Io {
    /// Open a connection to `addr` for `conn`; report the outcome with
    /// [`Router::established`] or [`Router::lost`].
    Connect {
        /// The connection the router made for it.
        conn: ConnKey,
        /// Where to.
        addr: SocketAddr,
        /// With TLS at connect (RFC 6733 §2.1), the name the server's
        /// certificate must hold; report the handshake's end with
        /// [`Router::secured`].
        tls: Option<String>,
    },
    /// Start TLS on clear-text connection `conn` after a capabilities
    /// exchange that negotiated Inband-Security-Id TLS (RFC 6733 §6.10):
    /// write `clear` (the CEA, responder) on the plain socket, then run the
    /// `side` of a handshake over it; report its end with
    /// [`Router::secured`].
    StartTls {
        /// The connection.
        conn: ConnKey,
        /// TLS client (we sent the CER) or server.
        side: TlsSide,
        /// The peer's Origin-Host: the name its certificate must hold.
        host: String,
        /// What goes out in clear before the handshake.
        clear: SendBuf,
    },
    /// Write `last` (an error CEA, a DPA: what the peer was told last),
    /// then close the connection; the router has forgotten it.
    Close {
        /// The connection.
        conn: ConnKey,
        /// Its unsent output.
        last: SendBuf,
    },
    /// Give the connection to event loop `owner`, which owns the peer its
    /// CER names, with `bytes` (the CER first) to be handled there. The
    /// router has forgotten it.
    HandOver {
        /// The connection.
        conn: ConnKey,
        /// The loop owning its peer.
        owner: usize,
        /// What was read from it and not handled.
        bytes: Vec<u8>,
        /// Whether it counts among the node's accepted connections.
        admitted: bool,
    },
}

/// What a router timer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// A peer's state machine or pending requests.
    Peer(PeerKey),
    /// A connection's TLS handshake deadline.
    Handshake(ConnKey),
}

/// What a router is built from: the node's configuration and shared parts.
pub(crate) struct Setup<'a, H> {
    /// This loop's place among the node's loops.
    pub index: usize,
    /// The node's peer table, shared by its loops.
    pub directory: &'a Directory,
    /// The node's client, for the handler's [`Context`](crate::Context)
    /// and for later answers.
    pub client: &'a Client,
    /// The node's configuration.
    pub config: &'a NodeConfig,
    /// What this node says of itself in CER/CEA.
    pub local: LocalIdentity<'a>,
    /// The applications the validator accepts.
    pub applications: &'a [u32],
    /// What answers requests addressed to this node.
    pub handler: H,
    /// Seeds watchdog jitter and Hop-by-Hop Identifiers.
    pub seed: u32,
    /// The node's start, in milliseconds since the Unix epoch: what the
    /// sequence numbers of its overload reports start from (RFC 7683
    /// §5.2.1.4) unless the configuration says otherwise.
    pub started_ms: u64,
}

/// One event loop's protocol state (see the module docs).
pub(crate) struct Router<'a, H> {
    s: Setup<'a, H>,
    conns: Arena<ConnKey, ConnState>,
    peers: Arena<PeerKey, PeerEntry<'a>>,
    /// Peers by lower-case Origin-Host.
    hosts: HashMap<String, PeerKey>,
    timers: BinaryHeap<Reverse<(Instant, Timer)>>,
    /// When each accepted connection must have sent its CER.
    cer_deadlines: BinaryHeap<Reverse<(Instant, ConnKey)>>,
    /// Connections that negotiated in-band TLS, to start in [`poll_io`](Self::poll_io).
    upgrades: Vec<ConnKey>,
    dirty: Vec<ConnKey>,
    io: VecDeque<Io>,
    epoch: Instant,
    stopping: Option<Instant>,
    /// Set by a CER naming a peer another loop owns: that loop, and the
    /// CER's length.
    handover: Option<(usize, usize)>,
    /// Requests handlers took to answer later.
    deferred: RefCell<Deferred>,
    /// The node's peer table as this loop last saw it.
    view: View,
    /// How many new requests a turn serves.
    shed: shed::Shedder,
    /// Overload control (RFC 7683), when configured.
    doic: Option<Box<doic::Doic>>,
    /// A proxy's topology hiding, when configured.
    hiding: Option<Box<hiding::Hider>>,
    /// The node's peers, allow-list and routes as they are now: the
    /// configuration's, until [`reconfigure`](Self::reconfigure).
    topology: Arc<Topology>,
    /// Messages counted in this turn, added to the node's at its end.
    traffic: TurnTraffic,
}

impl<'a, H: Handler> Router<'a, H> {
    /// A router whose clock starts at `now`; it starts the peers of the
    /// configuration this loop owns (peer `i` belongs to loop `i % threads`).
    pub(crate) fn new(s: Setup<'a, H>, now: Instant) -> Self {
        let max_deferred = s.config.max_deferred;
        let s_shed = s.config.shed_after;
        let doic = (s.config.doic)
            .map(|d| Box::new(doic::Doic::new(d, s.applications, (now, s.started_ms))));
        let hiding = (s.config.role == Role::Proxy)
            .then(|| s.config.hide_topology.clone())
            .flatten()
            .map(|key| Box::new(hiding::Hider::new(key, &s.config.origin_realm)));
        let topology = Arc::new(Topology::of(s.config));
        let mut r = Self {
            s,
            conns: Arena::default(),
            peers: Arena::default(),
            hosts: HashMap::new(),
            timers: BinaryHeap::new(),
            cer_deadlines: BinaryHeap::new(),
            upgrades: Vec::new(),
            dirty: Vec::new(),
            io: VecDeque::new(),
            epoch: now,
            stopping: None,
            handover: None,
            deferred: RefCell::new(Deferred::new(max_deferred)),
            view: View::default(),
            shed: shed::Shedder::new(s_shed),
            doic,
            hiding,
            topology,
            traffic: TurnTraffic::default(),
        };
        let threads = r.s.config.thread_count();
        let mine: Vec<_> = (r.s.config.peers.iter().enumerate())
            .filter(|(i, _)| i % threads == r.s.index)
            .map(|(i, p)| (i, p.clone()))
            .collect();
        for (rank, pc) in mine {
            let host = pc.host.clone();
            let offer = topology::offer(&pc);
            let key = r.new_peer(Some(pc), rank, offer, true);
            if let Some(host) = host {
                r.hosts.insert(host.to_ascii_lowercase(), key);
            }
            r.drive(key, now, diameter_core::peer::Event::Start);
        }
        r
    }

    /// The next thing the event loop must do, if any.
    pub(crate) fn poll_io(&mut self, now: Instant) -> Option<Io> {
        if !self.upgrades.is_empty() {
            self.start_upgrades(now);
        }
        self.io.pop_front()
    }

    /// The connections with output, each once; they stay listed until the
    /// next call.
    pub(crate) fn take_dirty(&mut self) -> Vec<ConnKey> {
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort_unstable();
        dirty.dedup();
        dirty
    }

    /// Gives back the (emptied) list [`take_dirty`](Self::take_dirty)
    /// returned, so its memory is reused; connections that gained output
    /// meanwhile stay listed.
    pub(crate) fn return_dirty(&mut self, mut list: Vec<ConnKey>) {
        list.clear();
        list.append(&mut self.dirty);
        self.dirty = list;
    }

    /// Whether some connection has output to write.
    pub(crate) fn has_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// The unsent output of `conn`, which the event loop writes and
    /// consumes; `None` for a connection still connecting, in a TLS
    /// handshake (its output waits for the peer to be authenticated), or
    /// gone.
    pub(crate) fn output(&mut self, conn: ConnKey) -> Option<&mut SendBuf> {
        self.conns
            .get_mut(conn)
            .filter(|c| !c.connecting && !c.tls.handshaking())
            .map(|c| &mut c.send)
    }

    /// Whether `conn` is a connection being opened.
    pub(crate) fn connecting(&self, conn: ConnKey) -> bool {
        self.conns.get(conn).is_some_and(|c| c.connecting)
    }

    /// The earliest time [`handle_timeout`](Self::handle_timeout) has
    /// something to do.
    pub(crate) fn poll_timeout(&mut self) -> Option<Instant> {
        let next = self.timers.peek().map(|Reverse((t, _))| *t);
        let cer = self.cer_deadlines.peek().map(|Reverse((t, _))| *t);
        [
            next,
            cer,
            self.deferred.get_mut().next_deadline(),
            self.stopping,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Called once per event-loop turn, before the output is written: the
    /// handler commits what the turn's answers depend on.
    pub(crate) fn end_turn(&mut self) {
        self.s.handler.flush();
        self.s.directory.traffic.add(&mut self.traffic);
        let cfg = self.s.config;
        let us = (cfg.origin_host.as_str(), cfg.origin_realm.as_str());
        if let Some(state) = self.doic.as_deref_mut().and_then(|d| d.take_state(us)) {
            let mut all = (self.s.directory.overload.lock())
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            all.insert(self.s.index, state);
        }
    }

    /// The turn that just ended took `took` (from the readiness that
    /// started it to its output written), and what it left unread will
    /// wait `backlog` more (see [`backlog_wait`]): their sum is the latency
    /// of the newest request waiting, load shedding's measure.
    pub(crate) fn turn_took(&mut self, took: Duration, backlog: Duration) {
        self.s.directory.turns.record(took);
        self.shed.turn_took(took.saturating_add(backlog));
    }

    /// Whether a stopping router is done: no connection left, or the
    /// grace period is over.
    pub(crate) fn finished(&self, now: Instant) -> bool {
        self.stopping
            .is_some_and(|deadline| self.conns.is_empty() || now >= deadline)
    }

    /// Whether the router is stopping (it accepts no new connection).
    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.is_some()
    }

    /// A command from another thread. [`Command::Adopt`] carries a socket,
    /// which the event loop takes itself (see [`accepted`](Self::accepted)).
    pub(crate) fn command(&mut self, now: Instant, command: Command) {
        match command {
            Command::Request {
                request,
                reply,
                via,
            } => self.send_request(request, Waiter::Client(reply), now, via),
            Command::Relay { request, from, via } => self.relayed_from(request, from, now, via),
            Command::RelayAnswer {
                peer,
                hop_by_hop,
                answer,
            } => self.complete(Waiter::Relay { peer, hop_by_hop }, &answer),
            Command::Answer { token, answer } => {
                if let Some(conn) = self.deferred.get_mut().take(token) {
                    if let Ok(msg) = diameter_core::wire::Message::new_checked(&answer) {
                        let outcome = traffic::outcome_of_answer(&msg);
                        (self.traffic).count(TrafficKey::of(
                            Flow::AnsweredByHandler,
                            &msg,
                            outcome,
                        ));
                    }
                    self.push_output(conn, &answer);
                }
            }
            Command::Reconfigure { topology, mine } => self.reconfigure(now, topology, &mine),
            Command::Adopt { .. } => {}
            Command::Stop => self.stop(now),
        }
    }

    /// Graceful stop: DPR to every open peer (RFC 6733 §5.4), no new
    /// connections, and the router is [`finished`](Self::finished) when
    /// all are closed or after a grace period.
    pub(crate) fn stop(&mut self, now: Instant) {
        if self.stopping.is_some() {
            return;
        }
        self.stopping = Some(now + STOP_GRACE);
        for key in self.peers.keys() {
            if let Some(e) = self.peers.get_mut(key) {
                e.configured = None;
            }
            let cause = diameter_core::peer::DisconnectCause::Rebooting;
            self.drive(key, now, diameter_core::peer::Event::Stop(cause));
        }
        // Connections that never became a peer's.
        let orphans = (self.conns.iter())
            .filter(|(_, c)| c.peer.is_none())
            .map(|(k, _)| k)
            .collect::<Vec<_>>();
        for conn in orphans {
            self.close(conn);
        }
    }

    /// Posts `command` to event loop `worker` of this node at once: a
    /// queue push, and a wake-up for the first of a batch. Holding it until
    /// the end of the read that caused it would leave the other loop idle
    /// meanwhile (relaying across loops ran 20% slower that way).
    fn post(&self, worker: usize, command: Command) {
        if let Some(m) = self.s.client.mailboxes.get(worker) {
            if m.post(command).is_err() {
                tracing::debug!(worker, "event loop stopped: command dropped");
            }
        }
    }

    /// Queues `bytes` on connection `conn` (a later answer, a relayed answer).
    fn push_output(&mut self, conn: ConnKey, bytes: &[u8]) {
        if let Some(c) = self.conns.get_mut(conn) {
            c.send.push(bytes);
            self.dirty.push(conn);
        }
    }

    /// This node's identity for answers it builds.
    fn us(&self) -> diameter_core::validate::AnswerIdentity<'a> {
        let cfg = self.s.config;
        diameter_core::validate::AnswerIdentity {
            origin_host: &cfg.origin_host,
            origin_realm: &cfg.origin_realm,
        }
    }
}
