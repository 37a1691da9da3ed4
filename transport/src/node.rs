//! A running node: its event-loop threads and the handles to reach them.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use mio::net::TcpListener;
use mio::{Poll, Waker};
use socket2::{Domain, Socket, Type};

use crate::client::{Client, Command, Mailbox, PeerInfo, Reconfigured};
use crate::config::{NodeConfig, PeerConfig, Topology};

use crate::descriptors;
use crate::directory::Directory;
use crate::handler::Handler;
use crate::identity::Identity;
use crate::inbox::Inbox;
use crate::router::Setup;
use crate::stats::CountersSnapshot;
use crate::worker::{Listener, Parts, TlsConfigs, Worker, WAKER};

/// A Diameter node running on its own event-loop threads.
///
/// Each thread owns a share of the listening sockets (`SO_REUSEPORT`),
/// the connections it accepted or opened, their peer state machines and a
/// [`Handler`]; nothing on the message path is shared between threads.
#[derive(Debug)]
pub struct Node {
    client: Client,
    threads: Vec<JoinHandle<io::Result<()>>>,
    local_addrs: Vec<SocketAddr>,
    /// The configured peers and the loop owning each.
    configured: Mutex<Vec<(PeerConfig, usize)>>,
}

impl Node {
    /// Binds the listening addresses and starts the event loops, each with
    /// a handler from `make_handler(thread index)`.
    ///
    /// # Errors
    /// An address cannot be bound, a poller cannot be created, or the TLS
    /// settings are incomplete ([`NodeConfig::check_tls`]) or their files
    /// unusable ([`TlsSettings::server_config`](crate::TlsSettings::server_config)).
    pub fn start<H: Handler>(
        mut config: NodeConfig,
        make_handler: impl Fn(usize) -> H,
    ) -> io::Result<Node> {
        config.check_tls()?;
        config.max_connections =
            descriptors::bounded_max_connections(&config, descriptors::soft_limit());
        let tls = match &config.tls {
            Some(t) => Some(TlsConfigs {
                server: t.server_config()?,
                client: t.client_config()?,
            }),
            None => None,
        };
        let threads = config.thread_count();
        let mut listeners: Vec<Vec<Listener>> = (0..threads).map(|_| Vec::new()).collect();
        let mut local_addrs = Vec::new();
        let clear = config.listen.iter().map(|&a| (a, false));
        for (addr, tls) in clear.chain(config.tls_listen.iter().map(|&a| (a, true))) {
            let mut bound = addr;
            for per_thread in &mut listeners {
                let socket = bind(bound)?;
                bound = socket.local_addr()?;
                per_thread.push(Listener { socket, tls });
            }
            local_addrs.push(bound);
        }
        let mut polls = Vec::new();
        let mut mailboxes = Vec::new();
        let mut inboxes = Vec::new();
        for _ in 0..threads {
            let poll = Poll::new()?;
            let (mailbox, inbox) = Mailbox::new(Waker::new(poll.registry(), WAKER)?);
            polls.push(poll);
            mailboxes.push(mailbox);
            inboxes.push(inbox);
        }
        // The one reading of the wall clock: Origin-State-Id, End-to-End
        // Identifiers and DOIC sequence numbers (RFC 7683 §5.2.1.4) start
        // from it.
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let boot = since_epoch.as_secs() as u32;
        let started_ms = u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX);
        let directory = Directory::for_config(&config);
        let client = Client {
            mailboxes: mailboxes.into(),
            directory: Arc::new(directory),
            // RFC 6733 §3: high 12 bits from the clock, low 20 from a counter.
            end_to_end: Arc::new(AtomicU32::new(boot << 20)),
        };
        // RFC 6733 §8.16: one Origin-State-Id for the whole node, which
        // the start time makes increase from one start to the next.
        let origin_state_id = config.origin_state_id.unwrap_or(boot);
        let configured = (config.peers.iter().enumerate())
            .map(|(i, p)| (p.clone(), i % threads))
            .collect();
        let config = Arc::new(config);
        let mut handles = Vec::new();
        for (index, ((poll, inbox), listeners)) in
            polls.into_iter().zip(inboxes).zip(listeners).enumerate()
        {
            let handler = make_handler(index);
            let config = Arc::clone(&config);
            let tls = tls.clone();
            let client = client.clone();
            let seed = boot
                .wrapping_mul(2_654_435_761)
                .wrapping_add(index as u32 * 7919)
                | 1;
            let thread = std::thread::Builder::new()
                .name(format!("diameter-{index}"))
                .spawn(move || {
                    run(
                        index,
                        poll,
                        (listeners, tls),
                        inbox,
                        &client,
                        &config,
                        handler,
                        seed,
                        (origin_state_id, started_ms),
                    )
                })?;
            handles.push(thread);
        }
        Ok(Node {
            client,
            threads: handles,
            local_addrs,
            configured: Mutex::new(configured),
        })
    }

    /// Takes `topology` as the node's peers, allow-list and routes while it
    /// runs (a server's SIGHUP): configured peers that are new are
    /// connected to, those left out are disconnected (DPR with
    /// DO_NOT_WANT_TO_TALK_TO_YOU, RFC 6733 §5.4.3) and peers connected in
    /// that the new allow-list leaves out too; the routes and the
    /// allow-list apply to the next request and the next CER. Every other
    /// peer keeps its connection, and requests in flight to a removed peer
    /// fail over as on any disconnection (§5.5.4).
    ///
    /// # Errors
    /// An event loop has stopped.
    pub fn reconfigure(&self, topology: Topology) -> io::Result<Reconfigured> {
        let mut configured = self
            .configured
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.client.reconfigure(&mut configured, topology)
    }

    /// Starts a node whose requests are taken in the caller's own loop
    /// from the [`Inbox`] returned (bromelia's `get_message`), each
    /// answered through its [`PendingAnswer`](crate::PendingAnswer). At
    /// most `capacity` requests wait there; beyond, and beyond
    /// [`NodeConfig::max_deferred`] waiting answers, requests are answered
    /// 3004 DIAMETER_TOO_BUSY at once. Answers not given within
    /// [`NodeConfig::answer_deadline`] are answered 3002 by the node.
    ///
    /// # Errors
    /// As [`start`](Self::start).
    pub fn start_inbox(config: NodeConfig, capacity: usize) -> io::Result<(Node, Inbox)> {
        let (handler, inbox) = crate::inbox::inbox(capacity);
        let node = Node::start(config, |_| handler.clone())?;
        Ok((node, inbox))
    }

    /// Runs `f` with the node, then stops it as [`stop`](Self::stop) does
    /// (DPR to every open peer, RFC 6733 §5.4): a scope at whose end the
    /// peers are told.
    ///
    /// # Errors
    /// As [`stop`](Self::stop); `f`'s result is returned otherwise.
    pub fn scope<R>(self, f: impl FnOnce(&Node) -> R) -> io::Result<R> {
        let r = f(&self);
        self.stop()?;
        Ok(r)
    }

    /// Whether requests can be sent to the peer with Origin-Host `host`
    /// now (its connection open and its watchdog OKAY).
    pub fn is_open(&self, host: &str) -> bool {
        (self.client.peers().iter()).any(|p| p.host.eq_ignore_ascii_case(host) && p.is_open())
    }

    /// Waits up to `timeout` until [`is_open`](Self::is_open)`(host)`;
    /// whether it is.
    pub fn wait_open(&self, host: &str, timeout: Duration) -> bool {
        let t0 = Instant::now();
        loop {
            if self.is_open(host) {
                return true;
            }
            if t0.elapsed() >= timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// A handle for sending requests from any thread.
    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// The addresses the node listens on (with the ports bound for port 0):
    /// those of [`NodeConfig::listen`], then those of
    /// [`NodeConfig::tls_listen`].
    pub fn local_addrs(&self) -> &[SocketAddr] {
        &self.local_addrs
    }

    /// The peers known now.
    pub fn peers(&self) -> Vec<PeerInfo> {
        self.client.peers()
    }

    /// The counters of peers that are gone (see [`Client::departed`]).
    pub fn departed(&self) -> Vec<(String, CountersSnapshot)> {
        self.client.departed()
    }

    /// Requests answered 3004 by load shedding since the start, from
    /// every peer (see [`Client::shed`]).
    pub fn shed(&self) -> u64 {
        self.client.shed()
    }

    /// Stops gracefully: DPR to every open peer, waits (bounded) for the
    /// DPAs, closes everything and joins the threads.
    ///
    /// # Errors
    /// The first error an event loop stopped with.
    pub fn stop(self) -> io::Result<()> {
        for mailbox in self.client.mailboxes.iter() {
            let _ = mailbox.post(Command::Stop);
        }
        let mut result = Ok(());
        for t in self.threads {
            let r = t
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("an event loop panicked")));
            if result.is_ok() {
                result = r;
            }
        }
        result
    }
}

/// A non-blocking listening socket that other threads may bind too.
fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.set_reuse_port(true)?;
    if addr.is_ipv6() {
        socket.set_only_v6(true)?;
    }
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    socket.set_nonblocking(true)?;
    Ok(TcpListener::from_std(socket.into()))
}

/// One event-loop thread: builds the borrowed identity the peer state
/// machines share, then runs the loop.
#[allow(clippy::too_many_arguments)]
fn run<H: Handler>(
    index: usize,
    poll: Poll,
    (listeners, tls): (Vec<Listener>, Option<TlsConfigs>),
    inbox: std::sync::mpsc::Receiver<Command>,
    client: &Client,
    config: &NodeConfig,
    handler: H,
    seed: u32,
    (origin_state_id, started_ms): (u32, u64),
) -> io::Result<()> {
    let identity = Identity::new(config);
    let mailbox = client
        .mailboxes
        .get(index)
        .ok_or_else(|| io::Error::other("no mailbox"))?;
    Worker::new(Parts {
        poll,
        listeners,
        tls,
        inbox,
        mailbox,
        client,
        setup: Setup {
            index,
            directory: &client.directory,
            client,
            config,
            local: identity.local(origin_state_id),
            applications: &identity.applications,
            handler,
            seed,
            started_ms,
        },
    })
    .run()
}
