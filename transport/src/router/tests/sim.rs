//! A network of nodes wired together in memory, on a virtual clock: each
//! node is its event loops' routers with the node's shared directory and
//! mailboxes, as [`crate::Node`] builds them, and no sockets. What one
//! router writes on a connection is handed to the router at its other
//! end; the clock moves only when a test advances it (quinn-proto's
//! `Pair`, for more than two nodes).

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::AtomicU32;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diameter_core::dict::{base, cc};
use diameter_core::doic::Features;
use diameter_core::wire::{flags, Message, MessageWriter};
use mio::{Poll, Token, Waker};
use rustls::pki_types::CertificateDer;

use super::super::{ConnKey, Io, Router, Setup};
use crate::answer::Answer;
use crate::client::{Client, Command, Mailbox, PeerInfo, Reconfigured};
use crate::directory::Directory;
use crate::handler::{Context, Handler};
use crate::identity::Identity;
use crate::{NodeConfig, PeerConfig, TlsMode, Topology};

/// One request a node's handler served: which node, and its header flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub node: String,
    pub flags: u8,
    /// Whether it carried OC-Supported-Features (RFC 7683 §5.1).
    pub doic: bool,
    /// The request as it arrived.
    pub request: Vec<u8>,
}

/// Answers every request 2001 and logs it (the router tests look at
/// routing, not at the answer's application AVPs).
struct Answerer {
    log: Arc<Mutex<Vec<Served>>>,
}

impl Handler for Answerer {
    fn handle(&mut self, ctx: &Context<'_>, req: &Message<'_>, answer: &mut MessageWriter<'_>) {
        if let Ok(mut log) = self.log.lock() {
            log.push(Served {
                node: ctx.origin_host.to_string(),
                flags: req.flags(),
                doic: Features::of(req).is_some(),
                request: req.as_bytes().to_vec(),
            });
        }
        if let Some(a) = req.lookup(base::SESSION_ID.code, 0) {
            answer.copy_avp(&a);
        }
        answer
            .identity(base::ORIGIN_HOST, ctx.origin_host)
            .identity(base::ORIGIN_REALM, ctx.origin_realm)
            .u32(base::RESULT_CODE, 2001);
    }
}

/// One end of a connection: node, event loop, the loop's key for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct End {
    node: usize,
    thread: usize,
    conn: ConnKey,
}

/// One simulated node.
pub struct SimNode {
    pub config: &'static NodeConfig,
    pub client: &'static Client,
    routers: Vec<Router<'static, Answerer>>,
    inboxes: Vec<Receiver<Command>>,
    /// The loop connections to this node land on; round robin when `None`.
    pub accept_on: Option<usize>,
    next_accept: usize,
    /// A hung node: it reads nothing, writes nothing and runs no timer;
    /// what is sent to it waits in the pipes.
    pub frozen: bool,
    /// The certificate it presents in TLS handshakes: one naming its
    /// Origin-Host unless a test changes it.
    pub cert: Option<CertificateDer<'static>>,
    /// It never finishes a TLS handshake.
    pub stalls_tls: bool,
    /// Its configured peers and their loops, as [`crate::Node`] keeps them.
    configured: Vec<(PeerConfig, usize)>,
}

/// The network: nodes, the connections between them, and the clock.
pub struct Net {
    pub now: Instant,
    pub nodes: Vec<SimNode>,
    wires: HashMap<End, End>,
    /// Bytes on their way to each end, at most [`PIPE`] of them (what
    /// the sockets' buffers hold).
    pipes: HashMap<End, Vec<u8>>,
    /// Ends with output the pipe had no room for.
    blocked: HashSet<End>,
    /// Ends their router closed.
    closed: HashSet<End>,
    /// The ends of TLS connections (at connect, or in band once started).
    tls: HashSet<End>,
    /// In-band TLS started at each end, by node.
    pub start_tls: Vec<usize>,
    /// Every request any node's handler served, in order.
    pub served: Arc<Mutex<Vec<Served>>>,
}

/// How many bytes a connection holds in each direction between the
/// sender's output and the receiver's reads.
const PIPE: usize = 256 << 10;
/// The most one read takes.
const READ: usize = 64 << 10;

/// The address node `i` listens on.
pub fn addr(i: usize) -> SocketAddr {
    SocketAddr::from(([10, 0, 0, i as u8 + 1], 3868))
}

/// A configured peer: node `i`, named `host`.
pub fn peer(i: usize, host: &str) -> PeerConfig {
    PeerConfig {
        address: addr(i),
        host: Some(host.to_string()),
        tls: TlsMode::Off,
    }
}

/// A certificate naming `names` (rcgen, self-signed: the router checks
/// names, the TLS link the chain).
pub fn cert(names: &[&str]) -> CertificateDer<'static> {
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    rcgen::generate_simple_self_signed(names)
        .expect("a certificate")
        .cert
        .der()
        .clone()
}

/// TLS settings for the router's pinning check; it reads no file.
pub fn tls_settings() -> crate::TlsSettings {
    crate::TlsSettings::new("node.crt", "node.key", "ca.pem")
}

/// A node configuration serving Gy (application 4), with `threads` loops.
pub fn config(host: &str, realm: &str, threads: usize) -> NodeConfig {
    let mut c = NodeConfig::new(host, realm);
    c.applications = vec![crate::AppId::Auth(4)];
    c.threads = threads;
    c.host_addresses = vec![std::net::Ipv4Addr::LOCALHOST.into()];
    c.watchdog_interval = Duration::from_secs(6);
    c
}

/// A CCR-Initial (RFC 4006 §3.1) from `origin`, for `realm` and, when
/// given, `host`.
pub fn ccr(origin: (&str, &str), realm: &str, host: Option<&str>) -> Vec<u8> {
    let mut buf = vec![0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 272, 4, true, 0, 7);
    w.utf8(base::SESSION_ID, "sim;1;1")
        .identity(base::ORIGIN_HOST, origin.0)
        .identity(base::ORIGIN_REALM, origin.1)
        .identity(base::DESTINATION_REALM, realm);
    if let Some(h) = host {
        w.identity(base::DESTINATION_HOST, h);
    }
    w.u32(base::AUTH_APPLICATION_ID, 4)
        .utf8(cc::SERVICE_CONTEXT_ID, "32251@3gpp.org")
        .enumerated(cc::CC_REQUEST_TYPE, 1)
        .u32(cc::CC_REQUEST_NUMBER, 0);
    let n = w.finish().expect("a CCR fits");
    buf.truncate(n);
    buf
}

/// The text of an identity AVP of a message.
pub fn avp_text(msg: &[u8], code: u32) -> Option<String> {
    let m = Message::new_checked(msg).ok()?;
    Some(m.lookup(code, 0)?.identity().ok()?.to_string())
}

/// Whether a message has the T flag (RFC 6733 §3).
pub fn retransmitted(f: u8) -> bool {
    f & flags::RETRANSMIT != 0
}

impl Net {
    pub fn new() -> Self {
        Self {
            now: Instant::now(),
            nodes: Vec::new(),
            wires: HashMap::new(),
            pipes: HashMap::new(),
            blocked: HashSet::new(),
            closed: HashSet::new(),
            tls: HashSet::new(),
            start_tls: Vec::new(),
            served: Arc::default(),
        }
    }

    /// Adds a node, listening on [`addr`] of its index; its configured
    /// peers start connecting at once.
    pub fn add(&mut self, config: NodeConfig) -> usize {
        let config: &'static NodeConfig = Box::leak(Box::new(config));
        let identity: &'static Identity<'static> = Box::leak(Box::new(Identity::new(config)));
        let threads = config.thread_count();
        let mut mailboxes = Vec::new();
        let mut inboxes = Vec::new();
        for _ in 0..threads {
            let poll: &'static Poll = Box::leak(Box::new(Poll::new().expect("poll")));
            let waker = Waker::new(poll.registry(), Token(0)).expect("waker");
            let (mailbox, inbox) = Mailbox::new(waker);
            mailboxes.push(mailbox);
            inboxes.push(inbox);
        }
        let client: &'static Client = Box::leak(Box::new(Client {
            mailboxes: mailboxes.into(),
            directory: Arc::new(Directory::for_config(config)),
            end_to_end: Arc::new(AtomicU32::new(1)),
        }));
        let routers = (0..threads)
            .map(|index| {
                let setup = Setup {
                    index,
                    directory: &client.directory,
                    client,
                    config,
                    local: identity.local(1),
                    applications: &identity.applications,
                    handler: Answerer {
                        log: Arc::clone(&self.served),
                    },
                    seed: (index as u32).wrapping_mul(7919) | 1,
                    started_ms: 1_000,
                };
                Router::new(setup, self.now)
            })
            .collect();
        self.nodes.push(SimNode {
            config,
            client,
            routers,
            inboxes,
            accept_on: None,
            next_accept: 0,
            frozen: false,
            cert: Some(cert(&[&config.origin_host])),
            stalls_tls: false,
            configured: (config.peers.iter().enumerate())
                .map(|(i, p)| (p.clone(), i % threads))
                .collect(),
        });
        self.nodes.len() - 1
    }

    /// Gives node `n` new peers, allow-list and routes, as
    /// [`crate::Node::reconfigure`] does.
    pub fn reconfigure(&mut self, n: usize, topology: Topology) -> Reconfigured {
        let node = &mut self.nodes[n];
        (node.client)
            .reconfigure(&mut node.configured, topology)
            .expect("reconfigured")
    }

    /// Node `a`'s ends of its connections with node `b`.
    pub fn conns_between(&self, a: usize, b: usize) -> Vec<ConnKey> {
        let mut conns: Vec<ConnKey> = (self.wires.iter())
            .filter(|(x, y)| x.node == a && y.node == b)
            .map(|(x, _)| x.conn)
            .collect();
        conns.sort_unstable();
        conns
    }

    /// Sends a request through node `n`'s client; its answer goes to the
    /// receiver returned.
    pub fn send(&mut self, n: usize, request: Vec<u8>) -> Receiver<Answer> {
        let (tx, rx) = channel();
        self.nodes[n].client.send(request, &tx).expect("sent");
        rx
    }

    /// The peers node `n` knows, as its directory shows them.
    pub fn peers(&self, n: usize) -> Vec<PeerInfo> {
        self.nodes[n].client.peers()
    }

    /// The node's client of node `n`.
    pub fn client(&self, n: usize) -> &Client {
        self.nodes[n].client
    }

    /// The open peers of node `n` named `host`.
    pub fn open(&self, n: usize, host: &str) -> usize {
        (self.peers(n).iter())
            .filter(|p| p.host == host && p.is_open())
            .count()
    }

    /// A connection to node `n`'s loop 0 from nobody: what a stranger's
    /// socket that sends nothing looks like.
    pub fn open_silent(&mut self, n: usize) -> (usize, ConnKey) {
        let conn = self.nodes[n].routers[0].adopted(self.now, None, false, false);
        (n, conn)
    }

    /// Whether node `n`'s loop 0 closed connection `conn`.
    pub fn is_closed(&self, (n, conn): (usize, ConnKey)) -> bool {
        self.closed.contains(&End {
            node: n,
            thread: 0,
            conn,
        })
    }

    /// Tells every loop of node `n` its last turn took `took`, as the
    /// event loop measures it (the harness's turns take no time).
    pub fn turn_took(&mut self, n: usize, took: Duration) {
        for r in &mut self.nodes[n].routers {
            r.turn_took(took, Duration::ZERO);
        }
    }

    /// The connections between nodes `a` and `b`.
    pub fn wires_between(&self, a: usize, b: usize) -> usize {
        (self.wires.iter())
            .filter(|(x, y)| x.node == a && y.node == b)
            .count()
    }

    /// Runs every node until nothing moves, without advancing the clock.
    pub fn settle(&mut self) {
        for _ in 0..100_000 {
            if !self.step() {
                return;
            }
        }
        panic!("the network does not settle");
    }

    /// Advances the clock by `d`, running every timer that falls due on
    /// the way at its time.
    pub fn advance(&mut self, d: Duration) {
        let until = self.now + d;
        self.settle();
        for _ in 0..100_000 {
            let next = (self.nodes.iter_mut())
                .filter(|n| !n.frozen)
                .flat_map(|n| n.routers.iter_mut())
                .filter_map(|r| r.poll_timeout())
                .min();
            let Some(t) = next.filter(|&t| t <= until) else {
                self.now = until;
                return;
            };
            self.now = self.now.max(t);
            let now = self.now;
            for node in self.nodes.iter_mut().filter(|n| !n.frozen) {
                for r in &mut node.routers {
                    if r.poll_timeout().is_some_and(|t| t <= now) {
                        r.handle_timeout(now);
                    }
                }
            }
            self.settle();
        }
        panic!("timers keep firing");
    }

    /// One turn of every loop of every running node; whether anything happened.
    fn step(&mut self) -> bool {
        let mut busy = false;
        for n in 0..self.nodes.len() {
            if self.nodes[n].frozen {
                continue;
            }
            for t in 0..self.nodes[n].routers.len() {
                busy |= self.turn(n, t);
            }
        }
        busy | self.deliver()
    }

    /// Every end that wants to read reads what its pipe holds, a read at a time.
    fn deliver(&mut self) -> bool {
        let mut busy = false;
        let ends: Vec<End> = (self.pipes.iter())
            .filter(|(_, p)| !p.is_empty())
            .map(|(e, _)| *e)
            .collect();
        for end in ends {
            let node = &self.nodes[end.node];
            if node.frozen || !node.routers[end.thread].wants_read(end.conn) {
                continue;
            }
            let Some(pipe) = self.pipes.get_mut(&end) else {
                continue;
            };
            let n = pipe.len().min(READ);
            let bytes: Vec<u8> = pipe.drain(..n).collect();
            self.feed(end, &bytes);
            busy = true;
        }
        busy
    }

    /// One turn of loop `t` of node `n`, as the event loop runs it.
    fn turn(&mut self, n: usize, t: usize) -> bool {
        let now = self.now;
        let mut busy = false;
        while let Ok(cmd) = self.nodes[n].inboxes[t].try_recv() {
            self.nodes[n].routers[t].command(now, cmd);
            busy = true;
        }
        while let Some(io) = self.nodes[n].routers[t].poll_io(now) {
            self.carry_out(n, t, io);
            busy = true;
        }
        self.nodes[n].routers[t].end_turn();
        let mut conns = self.nodes[n].routers[t].take_dirty();
        let dirty = conns.clone();
        let blocked = (self.blocked.iter()).filter(|e| e.node == n && e.thread == t);
        conns.extend(blocked.map(|e| e.conn));
        self.nodes[n].routers[t].return_dirty(dirty);
        for conn in conns {
            busy |= self.write(End {
                node: n,
                thread: t,
                conn,
            });
        }
        busy
    }

    /// Moves what `from` has to send into the pipe to the other end, as
    /// far as there is room; then resumes reading if the router says so.
    fn write(&mut self, from: End) -> bool {
        let now = self.now;
        let to = self.wires.get(&from).copied();
        let router = &mut self.nodes[from.node].routers[from.thread];
        let Some(send) = router.output(from.conn) else {
            self.blocked.remove(&from);
            return false;
        };
        let mut moved = false;
        if let Some(to) = to {
            let pipe = self.pipes.entry(to).or_default();
            let n = send.len().min(PIPE.saturating_sub(pipe.len()));
            pipe.extend_from_slice(&send.pending()[..n]);
            send.consume(n);
            moved = n > 0;
        }
        if send.is_empty() {
            self.blocked.remove(&from);
        } else {
            self.blocked.insert(from);
        }
        if router.resume_reading(now, from.conn) {
            moved = true;
        }
        moved
    }

    /// Hands `bytes` to the router at `end`, after what it kept of a
    /// message still arriving, as the event loop's read does.
    fn feed(&mut self, end: End, bytes: &[u8]) {
        let node = &mut self.nodes[end.node];
        if node.frozen {
            return;
        }
        let r = &mut node.routers[end.thread];
        let mut buf = vec![0u8; 2 * node.config.max_message_size + bytes.len()];
        let kept = r.take_partial(end.conn, &mut buf);
        buf[kept..kept + bytes.len()].copy_from_slice(bytes);
        r.received(self.now, end.conn, &buf[..kept + bytes.len()]);
    }

    /// The TLS handshake between ends `a` and `b`: each router is told it
    /// is done and given the other node's certificate, unless a node stalls.
    fn handshake(&mut self, a: End, b: End) {
        if self.nodes[a.node].stalls_tls || self.nodes[b.node].stalls_tls {
            return;
        }
        let now = self.now;
        for (me, other) in [(a, b), (b, a)] {
            let cert = self.nodes[other.node].cert.clone();
            self.nodes[me.node].routers[me.thread].secured(now, me.conn, cert);
        }
    }

    fn carry_out(&mut self, n: usize, t: usize, io: Io) {
        let now = self.now;
        let me = |conn| End {
            node: n,
            thread: t,
            conn,
        };
        match io {
            Io::Connect {
                conn,
                addr: to,
                tls,
            } => {
                let Some(m) = (0..self.nodes.len()).find(|&m| addr(m) == to) else {
                    self.nodes[n].routers[t].lost(now, conn);
                    return;
                };
                let target = &mut self.nodes[m];
                let threads = target.routers.len();
                let tt = target.accept_on.unwrap_or_else(|| {
                    target.next_accept += 1;
                    target.next_accept % threads
                });
                let Some(k) = target.routers[tt].accept(now, addr(n), tls.is_some()) else {
                    self.nodes[n].routers[t].lost(now, conn);
                    return;
                };
                let there = End {
                    node: m,
                    thread: tt,
                    conn: k,
                };
                self.wires.insert(me(conn), there);
                self.wires.insert(there, me(conn));
                self.nodes[n].routers[t].established(now, conn);
                if tls.is_some() {
                    self.tls.insert(me(conn));
                    self.tls.insert(there);
                    self.handshake(me(conn), there);
                }
            }
            Io::StartTls {
                conn, mut clear, ..
            } => {
                self.start_tls.push(n);
                let Some(&other) = self.wires.get(&me(conn)) else {
                    return;
                };
                if !clear.is_empty() {
                    self.feed(other, clear.pending());
                    clear.consume(clear.len());
                }
                self.tls.insert(me(conn));
                if self.tls.contains(&other) {
                    self.handshake(me(conn), other);
                }
            }
            Io::Close { conn, last } => {
                self.closed.insert(me(conn));
                let Some(other) = self.wires.remove(&me(conn)) else {
                    return;
                };
                self.wires.remove(&other);
                self.blocked.remove(&me(conn));
                self.pipes.remove(&me(conn));
                self.tls.remove(&me(conn));
                self.tls.remove(&other);
                let mut rest = self.pipes.remove(&other).unwrap_or_default();
                rest.extend_from_slice(last.pending());
                if !rest.is_empty() {
                    self.feed(other, &rest);
                }
                if !self.nodes[other.node].frozen {
                    self.nodes[other.node].routers[other.thread].lost(now, other.conn);
                }
            }
            Io::HandOver {
                conn,
                owner,
                bytes,
                admitted,
            } => {
                let tls = self.tls.remove(&me(conn));
                let k = self.nodes[n].routers[owner].adopted(now, None, admitted, tls);
                let new = End {
                    node: n,
                    thread: owner,
                    conn: k,
                };
                if tls {
                    self.tls.insert(new);
                }
                if let Some(other) = self.wires.remove(&me(conn)) {
                    self.wires.insert(other, new);
                    self.wires.insert(new, other);
                }
                if let Some(pipe) = self.pipes.remove(&me(conn)) {
                    self.pipes.insert(new, pipe);
                }
                self.feed(new, &bytes);
            }
        }
    }
}
