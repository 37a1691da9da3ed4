//! The online charging server: a [`Handler`] per event-loop thread over one
//! shared [`Ledger`] and one [`Store`], and [`Ocs`] to run it.
//!
//! Design: the ledger (accounts in memory, sessions) sits behind one mutex
//! and is the authority while the server runs; each thread handles its
//! requests against it and collects the account changes of its turn in
//! its own [`Journal`]. In [`Handler::flush`], called once per event-loop
//! turn before that turn's answers are written to the sockets, the thread
//! commits its journal to SQLite in one transaction (the single writer
//! connection, behind its own mutex). So every debit and reservation an
//! answer reports is committed before the answer leaves the process, with
//! one commit per turn however many requests the turn held.
//!
//! A full disk: the commit that fails is made again in the space of a
//! [`Reserve`] set aside at start, and until the reserve can be written
//! again (the disk has room) every CCR is answered 5012
//! DIAMETER_UNABLE_TO_COMPLY without touching the ledger: the request is
//! refused for a reason of this server's own (RFC 6733 §7.1.5), and no
//! answer reports a charge the store does not hold.
//!
//! On a store shared with other OCS processes (PostgreSQL), the database
//! is the authority instead, and the event loops hand each CCR to a store
//! thread that answers after the commit (module `shared`).

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diameter_core::dict::result_code as rc;
use diameter_core::wire::{Message, MessageWriter};
use diameter_transport::{Client, Context, Handler, Node, PeerInfo, PendingAnswer};
use tracing::{debug, error, info, warn};

use super::cca::{Answerer, Cca, FailureHandling};
use super::ccr::Ccr;
use super::config::OcsConfig;
use super::ledger::{Journal, Ledger, Outcome};
use super::metrics::{CommitMetrics, GyCollector};
use super::reserve::Reserve;
use super::sharded::SHARDS;
use super::stats::{Statistics, Totals, Turn, TurnFigures};
use super::store::{Error, Location, PgStore, Store};

mod shared;

/// Where the accounts are.
#[derive(Debug)]
enum Backend {
    /// SQLite: this process's ledger is the authority, the store takes
    /// its deltas.
    Sqlite(Mutex<Store>),
    /// PostgreSQL: the database is the authority (the store thread's
    /// transactions); this connection commits what the timers release.
    Postgres(Mutex<PgStore>),
}

impl Backend {
    fn commit(&self, journal: &Journal) -> Result<(), Error> {
        match self {
            Backend::Sqlite(s) => lock(s).commit(journal),
            Backend::Postgres(s) => lock(s).commit(journal),
        }
    }
}

/// What the event-loop threads and the timer thread share.
#[derive(Debug)]
struct Shared {
    ledger: Mutex<Ledger>,
    store: Backend,
    totals: Totals,
    /// The store's group commits, for `/metrics`.
    commits: Arc<CommitMetrics>,
    validity_time: u32,
    failure_handling: FailureHandling,
    reserve: Reserve,
    /// The store could not be written: requests are refused until the
    /// reserve can be written again.
    full: AtomicBool,
    /// The answer to a CCR while `full`.
    refusal: Outcome,
    /// The answer to a CCR the store thread has no room for.
    busy: Outcome,
}

/// Most sessions the Tcc supervisor changes in one commit of its own.
/// Each commit holds the store, and every event loop's commit waits for
/// it. One commit for a whole sweep removed a second's ended sessions at
/// once (50,000 rows at 160,000 CCR/s) and stalled the event loops for
/// 150–200 ms every second. A commit per shard stalled them for 10–16 ms
/// every 16 ms, since a delete costs SQLite several times more in small
/// transactions (0.8x the CCRs per second). At 4,096 rows a commit the
/// stalls stay under 50–100 ms and the rate is the same.
const EXPIRY_COMMIT: usize = 4096;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// Commits `journal` to the store, counting the commit.
    fn commit(&self, journal: &Journal) -> Result<(), Error> {
        let start = Instant::now();
        let result = self.store.commit(journal);
        let accounts = journal.changes.len() + journal.created.len();
        self.commits.observe(start.elapsed(), accounts);
        result
    }

    /// Commits `journal`, on which answers already written depend. When
    /// the store cannot be written, the reserve gives its space back for a
    /// second try and new requests are refused; a commit that fails even
    /// then would leave answers that report charges not recorded, which
    /// must never leave: the process stops.
    fn commit_answered(&self, journal: &mut Journal) {
        if journal.is_empty() {
            return;
        }
        if let Err(e) = self.commit(journal) {
            self.refuse_requests(&e);
            self.reserve.release();
            if let Err(e) = self.commit(journal) {
                error!(error = %e, "the account store cannot be written");
                eprintln!("diameter ocs: the account store cannot be written ({e}): stopping before answering");
                std::process::abort();
            }
        }
        journal.clear();
    }

    /// Commits `journal`, on which no answer depends (timers, stop); when
    /// the store cannot be written it is kept for the next try.
    fn commit_unanswered(&self, journal: &mut Journal) -> bool {
        if journal.is_empty() {
            return true;
        }
        match self.commit(journal) {
            Ok(()) => {
                journal.clear();
                true
            }
            Err(e) => {
                self.refuse_requests(&e);
                false
            }
        }
    }

    fn refuse_requests(&self, e: &super::store::Error) {
        if !self.full.swap(true, Ordering::AcqRel) {
            warn!(error = %e, "the account store cannot be written: refusing requests (5012) until it can (the disk has room, the server is back)");
        }
    }

    /// When the store was found full: whether the reserve can be written
    /// again (and the `pending` changes committed), then requests are
    /// served again.
    fn recover(&self, pending: &mut Journal) {
        if self.full.load(Ordering::Acquire)
            && self.reserve.fill().is_ok()
            && self.commit_unanswered(pending)
        {
            self.full.store(false, Ordering::Release);
            info!("the account store can be written again: serving requests");
        }
    }

    /// Runs the session supervision timers (RFC 4006 §7) of shard `shard`
    /// (of [`SHARDS`]) into `journal`. SQLite: the ledger releases what
    /// the shard's expired Open sessions hold and forgets its closed ones
    /// whose duplicate window ended, their rows changed alike. A shared
    /// store: the ledger forgets the shard's expired copies, releasing
    /// nothing ([`expire_stored`](Self::expire_stored) does). Returns how
    /// many sessions were released.
    fn expire_shard(&self, shard: usize, now: Instant, journal: &mut Journal) -> usize {
        let mut ledger = lock(&self.ledger);
        match &self.store {
            Backend::Sqlite(_) => ledger.expire_shard(shard, now, journal),
            Backend::Postgres(_) => {
                ledger.forget_shard(shard, now);
                0
            }
        }
    }

    /// On a shared store, once every shard was walked: the store releases
    /// the sessions whose row says they expired, of any node (a session
    /// another node extended is not), and removes the closed rows whose
    /// window ended. Returns how many sessions were released (none on
    /// SQLite, whose shards' walks release them).
    fn expire_stored(&self, now: Instant) -> usize {
        let Backend::Postgres(store) = &self.store else {
            return 0;
        };
        let (deadline, closed_until) = {
            let ledger = lock(&self.ledger);
            (ledger.unix_millis(now), ledger.closed_until(now))
        };
        let expired = lock(store).expire_sessions(deadline, closed_until);
        expired.unwrap_or_else(|e| {
            error!(error = %e, "cannot release the expired sessions");
            0
        })
    }

    fn statistics(&self) -> Statistics {
        let (open, refused) = {
            let ledger = lock(&self.ledger);
            (ledger.open_sessions(), ledger.refused_sessions())
        };
        self.totals.snapshot(open, refused)
    }
}

/// Answers CCRs on one event-loop thread.
#[derive(Debug)]
struct OcsHandler {
    shared: Arc<Shared>,
    journal: Journal,
    turn: Turn,
    /// To the store threads, on a shared store.
    queues: Vec<SyncSender<PendingAnswer>>,
}

impl Handler for OcsHandler {
    fn handle(&mut self, ctx: &Context<'_>, request: &Message<'_>, answer: &mut MessageWriter<'_>) {
        let started = Instant::now();
        let ccr = Ccr::parse(request);
        let who = Answerer {
            origin_host: ctx.origin_host,
            origin_realm: ctx.origin_realm,
            validity_time: self.shared.validity_time,
            failure_handling: self.shared.failure_handling,
        };
        if self.shared.full.load(Ordering::Acquire) {
            let out = &self.shared.refusal;
            Cca::answer(&who, &ccr, out).write(answer);
            self.turn.count(ccr.request_type, out.result, started);
            return;
        }
        if !self.queues.is_empty() {
            match ctx.defer() {
                Some(pending) => {
                    shared::enqueue(&self.queues, pending, &who, &ccr, &self.shared.busy);
                }
                None => Cca::answer(&who, &ccr, &self.shared.busy).write(answer),
            }
            return;
        }
        let Backend::Sqlite(store) = &self.shared.store else {
            return;
        };
        let mut load = |subscriber: &str| match lock(store).load(subscriber) {
            Ok(account) => account,
            Err(e) => {
                error!(error = %e, subscriber, "cannot read the account store");
                None
            }
        };
        let mut ledger = lock(&self.shared.ledger);
        let outcome = ledger.credit_control(&ccr, started, &mut self.journal, &mut load);
        Cca::answer(&who, &ccr, outcome).write(answer);
        let code = outcome.result;
        drop(ledger);
        debug!(session = ccr.session_id, kind = ?ccr.request_type, number = ccr.number, code, "CCA");
        self.turn.count(ccr.request_type, code, started);
    }

    /// A CCR the node answered itself (its validator, load shedding) is
    /// counted as received and answered, by its CC-Request-Type when it
    /// has a readable one.
    fn refused(&mut self, request: &Message<'_>, result_code: u32) {
        let ccr = Ccr::parse(request);
        self.turn
            .count(ccr.request_type, result_code, Instant::now());
    }

    fn flush(&mut self) {
        if self.turn.is_empty() {
            return;
        }
        self.shared.commit_answered(&mut self.journal);
        self.shared.totals.add(&mut self.turn, Instant::now());
    }
}

/// A running OCS: the Diameter node, its handlers and the Tcc timer.
///
/// ```no_run
/// use diameter_apps::gy::{Ocs, OcsConfig};
///
/// let mut config = OcsConfig::default();
/// config.ip = "127.0.0.1".parse().unwrap();
/// config.db = "/tmp/ocs.db".into();
/// let ocs = Ocs::start(&config).unwrap();
/// println!("{}", ocs.statistics());
/// let final_figures = ocs.stop().unwrap();
/// # let _ = final_figures;
/// ```
#[derive(Debug)]
pub struct Ocs {
    node: Node,
    shared: Arc<Shared>,
    timer: Option<Timer>,
    /// The store threads, on a shared store.
    writers: Vec<JoinHandle<()>>,
}

/// An opened store, and what the OCS needs of it to start.
struct Opened {
    backend: Backend,
    reserve: Reserve,
    /// On SQLite, the last credit, after which `diameter accounts`
    /// changes are applied to the ledger.
    credits: Option<i64>,
    /// On PostgreSQL, the store threads' connections.
    writers: Vec<PgStore>,
}

/// Opens the store `config.db` names.
///
/// SQLite: sets the store's reserve aside (the sessions a previous run
/// stored are taken back by [`resume`]). PostgreSQL: the sessions are
/// the database's, read with each batch.
fn open(config: &OcsConfig) -> io::Result<Opened> {
    let path = match Location::of(&config.db) {
        Location::Postgres(url) => {
            let open = || PgStore::open(url).map_err(io::Error::other);
            return Ok(Opened {
                backend: Backend::Postgres(Mutex::new(open()?)),
                reserve: Reserve::beside(&config.db, 0),
                credits: None,
                writers: (0..shared::WRITERS)
                    .map(|_| open())
                    .collect::<Result<_, _>>()?,
            });
        }
        Location::Sqlite(path) => path,
    };
    let store = Store::open(path, config.durability).map_err(io::Error::other)?;
    let reserve = Reserve::beside(path, config.store_reserve);
    reserve.fill().map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot set {} bytes aside beside the store: {e}",
                config.store_reserve
            ),
        )
    })?;
    let credits = store.last_credit().map_err(io::Error::other)?;
    Ok(Opened {
        backend: Backend::Sqlite(Mutex::new(store)),
        reserve,
        credits: Some(credits),
        writers: Vec::new(),
    })
}

/// Takes back into `ledger` the sessions a previous run stored in the
/// SQLite `store` (RFC 4006 §7): those whose Tcc expired while no OCS
/// ran release their reservations, the others go on at their next
/// request, and the closed ones answer duplicates until their window
/// ends (RFC 4006 §5.1.2; see [`Ledger::resume`]); committed before
/// serving.
fn resume(ledger: &mut Ledger, store: &mut Store) -> io::Result<()> {
    let stored = store.sessions().map_err(io::Error::other)?;
    if stored.is_empty() {
        return Ok(());
    }
    let mut journal = Journal::default();
    let mut load = |subscriber: &str| match store.load(subscriber) {
        Ok(account) => account,
        Err(e) => {
            error!(error = %e, subscriber, "cannot read the account store");
            None
        }
    };
    let (held, released) = ledger.resume(stored, Instant::now(), &mut journal, &mut load);
    store.commit(&journal).map_err(io::Error::other)?;
    info!(
        sessions = held,
        released, "took back the sessions of a previous run"
    );
    Ok(())
}

/// The Tcc timer thread, and the flag (with its condition variable) that stops it.
#[derive(Debug)]
struct Timer {
    thread: JoinHandle<()>,
    stop: Arc<(Mutex<bool>, Condvar)>,
}

impl Ocs {
    /// Opens (or creates) the store, takes back the sessions a previous
    /// run stored (releasing those whose Tcc expired meanwhile), sets the
    /// store's reserve aside, and starts serving.
    ///
    /// # Errors
    /// An auto-provisioning amount past what an account holds
    /// (`i64::MAX`), the store cannot be opened, its reserve cannot be
    /// written, its sessions cannot be read, or the address cannot be bound.
    pub fn start(config: &OcsConfig) -> io::Result<Ocs> {
        if config
            .auto_provision
            .is_some_and(|a| i64::try_from(a).is_err())
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("auto_provision: at most {} octets", i64::MAX),
            ));
        }
        let opened = open(config)?;
        let policy = config.policy();
        let tcc = policy.tcc;
        let validity_time = policy.validity_time;
        let mut ledger = Ledger::new(policy);
        if let Backend::Sqlite(store) = &opened.backend {
            resume(&mut ledger, &mut lock(store))?;
        }
        let shared = Arc::new(Shared {
            validity_time,
            failure_handling: config.failure_handling,
            ledger: Mutex::new(ledger),
            store: opened.backend,
            totals: Totals::new(),
            commits: Arc::default(),
            reserve: opened.reserve,
            full: AtomicBool::new(false),
            refusal: Outcome {
                result: rc::DIAMETER_UNABLE_TO_COMPLY,
                ..Outcome::default()
            },
            busy: Outcome {
                result: rc::DIAMETER_TOO_BUSY,
                ..Outcome::default()
            },
        });
        let mut queues = Vec::new();
        let mut writers = Vec::new();
        for store in opened.writers {
            let (tx, rx) = sync_channel(shared::QUEUE);
            let me = shared::Identity {
                host: config.host.clone(),
                realm: config.realm.clone(),
            };
            let shared = Arc::clone(&shared);
            writers.push(
                std::thread::Builder::new()
                    .name("ocs-store".into())
                    .spawn(move || shared::serve(&shared, store, &rx, &me))?,
            );
            queues.push(tx);
        }
        let node = Node::start(config.node_config()?, |_| OcsHandler {
            shared: Arc::clone(&shared),
            journal: Journal::default(),
            turn: Turn::default(),
            queues: queues.clone(),
        })?;
        // Only the handlers hold the queues: the store threads end when
        // they have stopped.
        drop(queues);
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let thread = {
            let shared = Arc::clone(&shared);
            let stop = Arc::clone(&stop);
            let credits = opened.credits;
            std::thread::Builder::new()
                .name("ocs-tcc".into())
                .spawn(move || supervise(&shared, &stop, tcc, credits))?
        };
        Ok(Ocs {
            node,
            shared,
            timer: Some(Timer { thread, stop }),
            writers,
        })
    }

    /// The addresses listened on (with the port bound for port 0).
    pub fn local_addrs(&self) -> &[SocketAddr] {
        self.node.local_addrs()
    }

    /// The peers connected now.
    pub fn peers(&self) -> Vec<PeerInfo> {
        self.node.peers()
    }

    /// The statistics now.
    pub fn statistics(&self) -> Statistics {
        with_node(self.shared.statistics(), &self.node.client())
    }

    /// The OCS's node.
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// A client of the OCS's node.
    pub fn client(&self) -> Client {
        self.node.client()
    }

    /// Its [`Statistics`] as Prometheus metrics, read at each scrape.
    pub fn collector(&self) -> Box<dyn prometheus_client::collector::Collector> {
        let shared = Arc::clone(&self.shared);
        let commits = Arc::clone(&shared.commits);
        Box::new(GyCollector::new(move || shared.statistics(), commits))
    }

    /// Stops: DPR to every peer (RFC 6733 §5.4). The open sessions stay
    /// stored with their reservations: they go on after a restart (or at
    /// another node on a shared store), and those whose Tcc expires
    /// meanwhile are released then. Returns the final statistics.
    ///
    /// # Errors
    /// An event loop failed.
    pub fn stop(mut self) -> io::Result<Statistics> {
        let client = self.node.client();
        let result = self.node.stop();
        if let Some(timer) = self.timer.take() {
            *lock(&timer.stop.0) = true;
            timer.stop.1.notify_all();
            let _ = timer.thread.join();
        }
        // The event loops are gone, and with them the queues: the store
        // threads answer what they hold and end.
        for writer in self.writers.drain(..) {
            let _ = writer.join();
        }
        result.map(|()| with_node(self.shared.statistics(), &client))
    }
}

/// The OCS's statistics with what its node counted: the requests it shed
/// and its event-loop turns.
fn with_node(s: Statistics, client: &Client) -> Statistics {
    Statistics {
        requests_shed: client.shed(),
        turns: TurnFigures::of(&client.turns()),
        ..s
    }
}

/// The timer thread. It sweeps the ledger's shards one at a time, evenly
/// spaced, the whole every quarter of Tcc (at most every second),
/// releasing the reservations of sessions whose Tcc expired (RFC 4006
/// §7, [`Shared::expire_shard`], then [`Shared::expire_stored`]) and
/// forgetting the closed sessions whose duplicate window ended. It
/// commits what it changed once [`EXPIRY_COMMIT`] sessions are waiting,
/// and at the end of each sweep.
/// After each sweep it applies the credits `diameter accounts` made
/// meanwhile and, when the store was found full, tries to set the
/// reserve aside again.
fn supervise(
    shared: &Shared,
    stop: &(Mutex<bool>, Condvar),
    tcc: Duration,
    mut credits: Option<i64>,
) {
    let period = (tcc / 4).clamp(Duration::from_millis(50), Duration::from_secs(1));
    let step = period / SHARDS as u32;
    let mut journal = Journal::default();
    let mut shard = 0;
    let mut released: usize = 0;
    let mut stopped = lock(&stop.0);
    while !*stopped {
        stopped = stop
            .1
            .wait_timeout(stopped, step)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
        released =
            released.saturating_add(shared.expire_shard(shard, Instant::now(), &mut journal));
        shard += 1;
        if journal.sessions.len() >= EXPIRY_COMMIT || shard == SHARDS {
            shared.commit_unanswered(&mut journal);
        }
        if shard < SHARDS {
            continue;
        }
        shard = 0;
        released = released.saturating_add(shared.expire_stored(Instant::now()));
        if released > 0 {
            debug!(sessions = released, "Tcc expired: reservations released");
        }
        released = 0;
        shared.recover(&mut journal);
        // On a shared store the accounts are read before every batch.
        let (Backend::Sqlite(store), Some(after)) = (&shared.store, credits) else {
            continue;
        };
        let new = lock(store).credits_since(after);
        match new {
            Ok(new) if !new.is_empty() => {
                credits = new.last().map(|c| c.id);
                info!(credits = new.len(), "applying account changes");
                lock(&shared.ledger).apply_credits(&new);
            }
            Ok(_) => {}
            Err(e) => error!(error = %e, "cannot read the account changes"),
        }
    }
}
