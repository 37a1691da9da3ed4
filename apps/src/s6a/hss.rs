//! The HSS (TS 29.272 §5, §7): answers AIR with E-UTRAN vectors, ULR with
//! the subscription (recording the serving MME and cancelling the previous
//! one), PUR and NOR; tells serving MMEs what `diameter subscribers`
//! changed (IDR, DSR, CLR) and, after a restart, that it lost its state (RSR).
//!
//! On SQLite, state lives in the [`Store`]; the handlers share a pure
//! state in memory (`Memory`): a cache of the subscribers, filled in one
//! query when the HSS starts (a subscriber that `diameter subscribers` adds
//! or changes afterwards is read on its next request), and the journal of
//! the writes decided (SQN, registrations), which [`Handler::flush`]
//! commits in one transaction before the turn's answers leave (TS 33.102
//! §6.3.2: an SQN is never used twice, across restarts too). The store has
//! its own lock, so requests are decided while a journal is written.
//!
//! On PostgreSQL, shared by several HSS nodes, the database is the
//! authority: the event loops hand each request to a store thread that
//! decides it on the rows it locked and answers after the commit (module
//! `shared`), so SQNs rise across all nodes and a ULR at one node cancels
//! the MME another node registered.

use std::collections::{hash_map, HashMap, HashSet};
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diameter_core::dict::{application, base, command, result_code, s6a as d, VENDOR_3GPP};
use diameter_core::wire::{flags, Message, MessageWriter};
use diameter_transport::{AppId, Client, Context, Handler, Node, NodeConfig, PeerInfo};

mod shared;
use tracing::{debug, error, info, warn};

use super::auc::{self, EutranVector, Rands};
use super::ids::{self, Plmn};
use super::milenage::{Block, Milenage};
use super::msg::{self, Outcome, Route, Sessions};
use super::stats::{HssStatistics, Totals};
use super::store::{
    Change, ChangeKind, Durability, Location, PgStore, Registration, Store, Subscriber, Write,
};

use result_code::experimental as x;

/// How an HSS runs.
#[derive(Debug, Clone)]
pub struct HssConfig {
    /// Origin-Host.
    pub host: String,
    /// Origin-Realm.
    pub realm: String,
    /// The store, created on first start: an SQLite file, or a PostgreSQL
    /// database shared with other HSS nodes by its URL ([`Location`]).
    pub db: PathBuf,
    /// How durable each commit is.
    pub durability: Durability,
    /// Most E-UTRAN vectors one AIA carries; larger
    /// Number-Of-Requested-Vectors values are clamped to it.
    pub max_vectors: u32,
    /// Send RSR to the MMEs with registered subscribers when they connect
    /// after a start (TS 29.272 §5.2.5).
    pub reset_on_restart: bool,
    /// How often the store's change log is read.
    pub poll_interval: Duration,
}

impl HssConfig {
    /// A configuration with the usual defaults.
    pub fn new(host: &str, realm: &str, db: impl Into<PathBuf>) -> Self {
        Self {
            host: host.into(),
            realm: realm.into(),
            db: db.into(),
            durability: Durability::default(),
            max_vectors: 5,
            reset_on_restart: false,
            poll_interval: Duration::from_millis(50),
        }
    }
}

/// A subscriber as the HSS serves it.
struct Entry {
    sub: Arc<Subscriber>,
    /// The last SQN issued (SQN_HE).
    sqn: u64,
    serving: Option<Registration>,
}

impl Entry {
    fn new(sub: Subscriber, serving: Option<Registration>) -> Self {
        Self {
            sqn: sub.sqn,
            sub: Arc::new(sub),
            serving,
        }
    }
}

/// A subscriber's entry, the journal and the RAND source, borrowed together.
type PendingEntry<'a> = (&'a mut Entry, &'a mut Vec<Write>, &'a mut Rands);

/// What a subscriber's first request loads: it and where it is registered.
type Loaded = Result<Option<(Subscriber, Option<Registration>)>, super::store::Error>;

/// The cache's key for `imsi`: its digits and its length (IMSIs have leading
/// zeros); `None` when it is not an IMSI (TS 23.003 §2.2: at most 15 digits).
fn imsi_key(imsi: &str) -> Option<u64> {
    if !ids::is_imsi(imsi) {
        return None;
    }
    let digits: u64 = imsi.parse().ok()?;
    Some(digits << 4 | imsi.len() as u64)
}

/// What an HSS on SQLite holds in memory: the subscribers it serves and
/// the journal of the writes its answers wait for, in the order they were
/// decided. A pure state, as the Gy `Ledger` is: it reads the store only
/// through what it is given, and the journal is committed by whoever
/// holds the store.
#[derive(Default)]
struct Memory {
    /// By [`imsi_key`].
    cache: HashMap<u64, Entry>,
    journal: Vec<Write>,
}

impl Memory {
    /// The subscriber `imsi`, from the cache or else from `load`, and the
    /// journal.
    fn entry(
        &mut self,
        imsi: &str,
        load: impl FnOnce(&str) -> Loaded,
    ) -> Result<(&mut Entry, &mut Vec<Write>), Outcome> {
        let unknown = msg::experimental(x::DIAMETER_ERROR_USER_UNKNOWN);
        let entry = match self.cache.entry(imsi_key(imsi).ok_or(unknown)?) {
            hash_map::Entry::Occupied(e) => e.into_mut(),
            hash_map::Entry::Vacant(v) => {
                let unable = |e| {
                    error!(error = %e, "store read failed");
                    Outcome::ResultCode(result_code::DIAMETER_UNABLE_TO_COMPLY)
                };
                let (sub, serving) = load(imsi).map_err(unable)?.ok_or(unknown)?;
                v.insert(Entry::new(sub, serving))
            }
        };
        Ok((entry, &mut self.journal))
    }

    /// Caches `sub` unless it is cached already: an entry cached may hold
    /// an SQN ahead of the store's until the journal is committed.
    fn keep(&mut self, sub: Subscriber, serving: Option<Registration>) {
        if let Some(key) = imsi_key(&sub.imsi) {
            (self.cache.entry(key)).or_insert_with(|| Entry::new(sub, serving));
        }
    }

    /// Drops `imsi` from the cache (its next request reads the store).
    fn forget(&mut self, imsi: &str) {
        if let Some(key) = imsi_key(imsi) {
            self.cache.remove(&key);
        }
    }
}

/// The HSS on SQLite: its memory and its store, always locked in that
/// order.
struct Local {
    memory: Mutex<Memory>,
    store: Mutex<Store>,
}

impl Local {
    /// Fills the cache with every subscriber of the store, in one query, so
    /// that first requests read nothing; how many it holds.
    fn preload(&self) -> Result<usize, super::store::Error> {
        let mut memory = lock(&self.memory);
        lock(&self.store).for_each_serving(|sub, serving| memory.keep(sub, serving))?;
        Ok(memory.cache.len())
    }

    /// Commits the journal. It is taken with the memory locked and written
    /// with the store locked before the memory is released, so journals
    /// reach the store in the order they were decided, while other
    /// requests are decided meanwhile.
    fn commit(&self) {
        let mut memory = lock(&self.memory);
        if memory.journal.is_empty() {
            return;
        }
        let mut journal = std::mem::take(&mut memory.journal);
        let mut store = lock(&self.store);
        drop(memory);
        write(&mut journal, &mut store);
    }
}

/// Writes `journal` to `store` and empties it; a store that cannot be
/// written stops the process, since answering would hand out SQNs a
/// restart could reuse.
fn write(journal: &mut Vec<Write>, store: &mut Store) {
    if journal.is_empty() {
        return;
    }
    if let Err(e) = store.apply(journal) {
        error!(error = %e, "cannot commit the HSS state: stopping");
        std::process::abort();
    }
    journal.clear();
}

/// Where the HSS's state is.
enum Backend {
    /// SQLite: the cache and the journal, committed each turn.
    Sqlite(Local),
    /// PostgreSQL: the watcher's connection; requests are decided by the
    /// store thread on its own connection.
    Postgres(Box<Mutex<PgStore>>),
}

struct Shared {
    host: String,
    realm: String,
    max_vectors: u32,
    sessions: Sessions,
    backend: Backend,
    /// Where answers to the HSS's own requests go (read by the watcher).
    notices: diameter_transport::Reply,
    /// What the event loops counted, and what was sent to MMEs.
    totals: Arc<Totals>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A CLR to send once the answer's state is committed: the registration
/// cancelled and the Cancellation-Type.
type Cancel = (Registration, i32);

/// What a request decided, before its answer is written.
struct Decided {
    body: Body,
    cancel: Option<Cancel>,
}

impl Decided {
    /// Sends the CLR the request called for (its state committed by
    /// now); the answer's body.
    fn settle(self, shared: &Shared, client: &Client) -> Body {
        if let Some((old, kind)) = self.cancel {
            shared.cancel(client, &old, kind);
        }
        self.body
    }
}

impl From<Body> for Decided {
    fn from(body: Body) -> Self {
        Decided { body, cancel: None }
    }
}

/// The commands the HSS answers (TS 29.272 §7.2): others get 3001.
fn check_command(req: &Message<'_>) -> Result<(), Outcome> {
    match req.command_code() {
        command::AUTHENTICATION_INFORMATION
        | command::UPDATE_LOCATION
        | command::PURGE_UE
        | command::NOTIFY => Ok(()),
        _ => Err(Outcome::ResultCode(
            result_code::DIAMETER_COMMAND_UNSUPPORTED,
        )),
    }
}

/// Writes the answer to `req`: its head with `result`'s outcome, then its
/// body (the E bit for protocol errors, RFC 6733 §7.1.3).
fn write_answer(
    answer: &mut MessageWriter<'_>,
    req: &Message<'_>,
    result: Result<Body, Outcome>,
    origin: (&str, &str),
) -> Outcome {
    let (outcome, body) = match result {
        Ok(body) => (Outcome::SUCCESS, body),
        Err(o) => (o, Body::Empty),
    };
    if let Outcome::ResultCode(3000..=3999) = outcome {
        answer.set_flag(flags::ERROR, true);
    }
    msg::answer_head(answer, req, outcome, origin.0, origin.1);
    body.write(answer);
    outcome
}

impl Shared {
    /// A request of the HSS to the MME of `reg` (TS 29.272 §7.2.7 – §7.2.16).
    fn to_mme(
        &self,
        client: &Client,
        command: u32,
        reg: &Registration,
        body: impl Fn(&mut MessageWriter<'_>),
    ) {
        let route = Route {
            origin_host: &self.host,
            origin_realm: &self.realm,
            destination_host: Some(&reg.mme_host),
            destination_realm: &reg.mme_realm,
        };
        let request = msg::request(
            command,
            client.next_end_to_end(),
            &self.sessions.next(),
            &route,
            body,
        );
        match client.send(request, &self.notices) {
            Ok(()) => self.totals.sent(command),
            Err(e) => warn!(error = %e, mme = %reg.mme_host, command, "request not sent"),
        }
    }

    /// CLR (TS 29.272 §5.2.1.2).
    fn cancel(&self, client: &Client, reg: &Registration, cancellation_type: i32) {
        info!(imsi = %reg.imsi, mme = %reg.mme_host, cancellation_type, "CLR");
        self.to_mme(client, command::CANCEL_LOCATION, reg, |w| {
            w.utf8(base::USER_NAME, &reg.imsi)
                .enumerated(d::CANCELLATION_TYPE, cancellation_type)
                .u32(d::CLR_FLAGS, msg::CLR_S6A);
        });
    }

    /// Decides `req` for the subscriber `e`, queueing what changes on
    /// `pending`; `peer_host` is the Origin-Host of the peer it came from.
    fn decide(
        &self,
        (e, pending, rands): PendingEntry<'_>,
        req: &Message<'_>,
        imsi: &str,
        peer_host: &str,
    ) -> Result<Decided, Outcome> {
        match req.command_code() {
            command::AUTHENTICATION_INFORMATION => {
                air(e, pending, rands, req, imsi, self.max_vectors).map(Decided::from)
            }
            command::UPDATE_LOCATION => ulr(e, pending, req, imsi, peer_host),
            command::PURGE_UE => Ok(pur(e, pending, req).into()),
            _ => Ok(Body::Empty.into()),
        }
    }

    /// Tells the MME of `reg` what the change `kind` of the log did
    /// (TS 29.272 §5.2.2.1, §5.2.2.2, §5.2.1.2); the registration to
    /// forget when the subscriber is gone.
    fn announce(
        &self,
        client: &Client,
        kind: &ChangeKind,
        reg: &Registration,
        subscriber: impl FnOnce() -> Option<Subscriber>,
    ) -> Option<Write> {
        match kind {
            ChangeKind::Update => {
                let sub = subscriber()?;
                info!(imsi = %reg.imsi, mme = %reg.mme_host, "IDR");
                self.to_mme(client, command::INSERT_SUBSCRIBER_DATA, reg, |w| {
                    w.utf8(base::USER_NAME, &reg.imsi);
                    sub.profile.write(w);
                    w.u32(d::IDR_FLAGS, 0);
                });
                None
            }
            ChangeKind::Remove(contexts) => {
                info!(imsi = %reg.imsi, mme = %reg.mme_host, ?contexts, "DSR");
                self.to_mme(client, command::DELETE_SUBSCRIBER_DATA, reg, |w| {
                    w.utf8(base::USER_NAME, &reg.imsi)
                        .u32(d::DSR_FLAGS, msg::DSR_PDN_CONTEXTS);
                    for c in contexts {
                        w.u32(d::CONTEXT_IDENTIFIER, *c);
                    }
                });
                None
            }
            ChangeKind::Delete => {
                self.cancel(client, reg, msg::SUBSCRIPTION_WITHDRAWAL);
                Some(Write::Forget {
                    imsi: reg.imsi.clone(),
                })
            }
        }
    }

    /// Every registration not purged.
    fn registrations(&self) -> Result<Vec<Registration>, super::store::Error> {
        match &self.backend {
            Backend::Sqlite(local) => lock(&local.store).registrations(),
            Backend::Postgres(store) => lock(store).registrations(),
        }
    }
}

/// An HSS: the store and the state its handlers share.
#[derive(Clone)]
pub struct Hss {
    shared: Arc<Shared>,
    config: Arc<HssConfig>,
    notices: Arc<Mutex<Option<Receiver<diameter_transport::Answer>>>>,
    /// On PostgreSQL, the store thread's connection, until the start.
    writer: Arc<Mutex<Option<PgStore>>>,
}

impl Hss {
    /// Opens the store (creating or migrating it).
    ///
    /// # Errors
    /// The store cannot be opened or reached, or its schema is newer than
    /// this program knows.
    pub fn open(config: HssConfig) -> Result<Self, super::store::Error> {
        let (backend, writer) = match Location::of(&config.db) {
            Location::Sqlite(path) => {
                let local = Local {
                    memory: Mutex::default(),
                    store: Mutex::new(Store::open(path, config.durability)?),
                };
                (Backend::Sqlite(local), None)
            }
            Location::Postgres(url) => {
                let watcher = Box::new(Mutex::new(PgStore::open(url)?));
                (Backend::Postgres(watcher), Some(PgStore::open(url)?))
            }
        };
        let (tx, rx) = channel();
        let shared = Shared {
            host: config.host.clone(),
            realm: config.realm.clone(),
            max_vectors: config.max_vectors.max(1),
            sessions: Sessions::new(&config.host),
            backend,
            notices: tx,
            totals: Arc::default(),
        };
        Ok(Self {
            shared: Arc::new(shared),
            config: Arc::new(config),
            notices: Arc::new(Mutex::new(Some(rx))),
            writer: Arc::new(Mutex::new(writer)),
        })
    }

    /// The transport handler answering S6a requests for this HSS (on
    /// PostgreSQL, one that hands them to the store thread's `queue`).
    fn handler(&self, queue: Option<&SyncSender<shared::Job>>) -> HssHandler {
        HssHandler {
            shared: Arc::clone(&self.shared),
            turn: HssStatistics::default(),
            queue: queue.cloned(),
            rands: Rands::default(),
        }
    }

    /// A node configuration with this HSS's identity, advertising S6a/S6d
    /// (16777251, vendor 10415) in a Vendor-Specific-Application-Id.
    pub fn node_config(&self) -> NodeConfig {
        let mut cfg = NodeConfig::new(&self.config.host, &self.config.realm);
        cfg.applications = vec![AppId::VendorAuth {
            vendor: VENDOR_3GPP,
            app: application::S6A,
        }];
        cfg.vendor_id = VENDOR_3GPP;
        cfg.product_name = "diameter-rs HSS".into();
        cfg
    }

    /// Starts a node with `node` (see [`node_config`](Self::node_config)),
    /// the store thread on PostgreSQL, and the watcher that turns store
    /// changes into IDR, DSR and CLR.
    ///
    /// # Errors
    /// The node cannot start, or the HSS was started already.
    pub fn start(&self, node: NodeConfig) -> io::Result<RunningHss> {
        let notices = lock(&self.notices)
            .take()
            .ok_or_else(|| io::Error::other("this HSS runs already"))?;
        let store_error = |e: super::store::Error| io::Error::other(e.to_string());
        let resets = if self.config.reset_on_restart {
            self.shared.registrations().map_err(store_error)?
        } else {
            Vec::new()
        };
        let last = match &self.shared.backend {
            Backend::Sqlite(local) => lock(&local.store).last_change().map_err(store_error)?,
            Backend::Postgres(_) => 0,
        };
        let store = lock(&self.writer).take();
        let (queue, inbox) = match store {
            Some(_) => {
                let (queue, inbox) = sync_channel(shared::QUEUE);
                (Some(queue), Some(inbox))
            }
            None => (None, None),
        };
        let node = Node::start(node, |_| self.handler(queue.as_ref()))?;
        // Only the handlers hold the queue: the store thread ends when
        // the event loops have stopped.
        drop(queue);
        let writer = match store.zip(inbox) {
            Some((store, inbox)) => {
                let shared = Arc::clone(&self.shared);
                let client = node.client();
                let thread = std::thread::Builder::new()
                    .name("hss-store".into())
                    .spawn(move || shared::serve(&shared, store, &inbox, &client))?;
                Some(thread)
            }
            None => None,
        };
        let stop = Arc::new(AtomicBool::new(false));
        let watcher = Watcher {
            shared: Arc::clone(&self.shared),
            client: node.client(),
            stop: Arc::clone(&stop),
            interval: self.config.poll_interval,
            notices,
            last_change: last,
            data_version: None,
            resets: pending_resets(&resets),
        };
        let thread = std::thread::Builder::new()
            .name("hss-watcher".into())
            .spawn(move || watcher.run())?;
        Ok(RunningHss {
            node,
            stop,
            watcher: Some(thread),
            writer,
            totals: Arc::clone(&self.shared.totals),
        })
    }
}

/// The MMEs to reset, with the IMSI prefixes (MCC ‖ MNC) of their subscribers.
fn pending_resets(regs: &[Registration]) -> HashMap<String, (String, Vec<String>)> {
    let mut resets: HashMap<String, (String, Vec<String>)> = HashMap::new();
    for r in regs {
        let (_, prefixes) = resets
            .entry(r.mme_host.to_ascii_lowercase())
            .or_insert_with(|| (r.mme_realm.clone(), Vec::new()));
        let prefix = r.imsi.get(..5).unwrap_or(&r.imsi).to_string();
        if !prefixes.contains(&prefix) {
            prefixes.push(prefix);
        }
    }
    resets
}

/// A running HSS: its node, its watcher and its store thread.
#[derive(Debug)]
pub struct RunningHss {
    node: Node,
    stop: Arc<AtomicBool>,
    watcher: Option<JoinHandle<()>>,
    writer: Option<JoinHandle<()>>,
    totals: Arc<Totals>,
}

impl RunningHss {
    /// The node.
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// The statistics now.
    pub fn statistics(&self) -> HssStatistics {
        self.totals.snapshot()
    }

    /// Stops the watcher, then the node (DPR to every peer), then the
    /// store thread once it has answered what it holds; returns the
    /// final statistics.
    ///
    /// # Errors
    /// As [`Node::stop`].
    pub fn stop(mut self) -> io::Result<HssStatistics> {
        self.stop.store(true, Ordering::Release);
        if let Some(w) = self.watcher.take() {
            let _ = w.join();
        }
        let result = self.node.stop();
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
        result.map(|()| self.totals.snapshot())
    }
}

/// Reads the change log and the peer table, and sends what they call for.
struct Watcher {
    shared: Arc<Shared>,
    client: Client,
    stop: Arc<AtomicBool>,
    interval: Duration,
    notices: Receiver<diameter_transport::Answer>,
    last_change: i64,
    data_version: Option<i64>,
    resets: HashMap<String, (String, Vec<String>)>,
}

impl Watcher {
    fn run(mut self) {
        self.preload();
        while !self.stop.load(Ordering::Acquire) {
            match self.notices.recv_timeout(self.interval) {
                Ok(answer) => log_answer(&answer),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let shared = Arc::clone(&self.shared);
            match &shared.backend {
                Backend::Sqlite(local) => self.changes(local),
                Backend::Postgres(store) => self.claimed_changes(&mut lock(store)),
            }
            if !self.resets.is_empty() {
                self.reset(&self.client.peers());
            }
        }
    }

    /// Fills the cache before anything else: requests wait for it, then
    /// read nothing from the store. What changes meanwhile is in the change
    /// log, read next.
    fn preload(&self) {
        let Backend::Sqlite(local) = &self.shared.backend else {
            return;
        };
        let started = Instant::now();
        match local.preload() {
            Ok(count) => info!(count, elapsed = ?started.elapsed(), "subscribers loaded"),
            Err(e) => warn!(error = %e, "cannot load the subscribers: reading them on demand"),
        }
    }

    /// Sends IDR, DSR or CLR for the changes logged since the last look;
    /// the memory stays locked throughout, so that no SQN is issued
    /// between the commit and the cache entries dropped.
    fn changes(&mut self, local: &Local) {
        let mut memory = lock(&local.memory);
        let mut store = lock(&local.store);
        let version = store.data_version().ok();
        if version == self.data_version {
            return;
        }
        self.data_version = version;
        // The store then holds every SQN issued: the cache may be dropped.
        write(&mut memory.journal, &mut store);
        let changes = match store.changes(self.last_change) {
            Ok(c) => c,
            Err(e) => return error!(error = %e, "cannot read the change log"),
        };
        for change in changes {
            self.last_change = change.id;
            memory.forget(&change.imsi);
            let reg = store.registration(&change.imsi).ok().flatten();
            let Some(reg) = reg.filter(|r| !r.purged) else {
                continue;
            };
            let subscriber = || store.subscriber(&change.imsi).ok().flatten();
            if let Some(w) = self
                .shared
                .announce(&self.client, &change.kind, &reg, subscriber)
            {
                memory.journal.push(w);
            }
        }
        write(&mut memory.journal, &mut store);
        if let Err(e) = store.trim_changes(self.last_change) {
            warn!(error = %e, "cannot trim the change log");
        }
    }

    /// On a shared store: claims entries of the change log (each goes to
    /// one node) and sends what they call for.
    fn claimed_changes(&mut self, store: &mut PgStore) {
        let changes: Vec<Change> = match store.claim_changes() {
            Ok(c) => c,
            Err(e) => return error!(error = %e, "cannot read the change log"),
        };
        let mut forget = Vec::new();
        for change in changes {
            let reg = store.registration(&change.imsi).ok().flatten();
            let Some(reg) = reg.filter(|r| !r.purged) else {
                continue;
            };
            let subscriber = || store.subscriber(&change.imsi).ok().flatten();
            forget.extend(
                self.shared
                    .announce(&self.client, &change.kind, &reg, subscriber),
            );
        }
        if !forget.is_empty() {
            if let Err(e) = store.transact(|b| b.apply(&forget)) {
                error!(error = %e, "cannot forget the registrations of deleted subscribers");
            }
        }
    }

    /// RSR to each MME awaiting one once it is connected (TS 29.272 §5.2.5).
    fn reset(&mut self, peers: &[PeerInfo]) {
        let open: HashSet<String> = (peers.iter())
            .filter(|p| p.is_open())
            .map(|p| p.host.to_ascii_lowercase())
            .collect();
        self.resets.retain(|host, (realm, prefixes)| {
            if !open.contains(host) {
                return true;
            }
            info!(mme = %host, "RSR");
            let reg = Registration {
                imsi: String::new(),
                mme_host: host.clone(),
                mme_realm: realm.clone(),
                purged: false,
            };
            self.shared.to_mme(&self.client, command::RESET, &reg, |w| {
                for p in prefixes.iter() {
                    w.utf8(d::USER_ID, p);
                }
            });
            false
        });
    }
}

fn log_answer(answer: &[u8]) {
    let Ok(a) = Message::new_checked(answer) else {
        return;
    };
    let cmd =
        command::find(a.command_code(), a.application_id()).map_or("answer", |c| c.answer_abbrev);
    match Outcome::of(&a) {
        Some(o) if o.is_success() => debug!(outcome = %o, "{cmd}"),
        Some(o) => warn!(outcome = %o, "{cmd}"),
        None => warn!("{cmd} without a result"),
    }
}

/// What an answer carries besides its head.
enum Body {
    Empty,
    /// The RANDs and SQNs of E-UTRAN vectors, computed as the answer is
    /// written (outside any lock), for the serving network `sn`.
    Challenges {
        sub: Arc<Subscriber>,
        challenges: Vec<(Block, u64)>,
        sn: [u8; 3],
    },
    Location {
        flags: u32,
        profile: Option<Arc<Subscriber>>,
    },
    Purge {
        flags: u32,
    },
}

impl Body {
    fn write(self, answer: &mut MessageWriter<'_>) {
        match self {
            Body::Empty => {}
            Body::Challenges {
                sub,
                challenges,
                sn,
            } => {
                let milenage = Milenage::new(&sub.k, &sub.opc);
                let vectors: Vec<EutranVector> = (challenges.iter())
                    .map(|(rand, sqn)| auc::eutran_vector(&milenage, rand, *sqn, &sub.amf, &sn))
                    .collect();
                msg::write_vectors(answer, &vectors);
            }
            Body::Location { flags, profile } => {
                answer.u32(d::ULA_FLAGS, flags);
                if let Some(s) = profile {
                    s.profile.write(answer);
                }
            }
            Body::Purge { flags } => {
                answer.u32(d::PUA_FLAGS, flags);
            }
        }
    }
}

/// Answers S6a requests for an [`Hss`]; one per event-loop thread.
pub struct HssHandler {
    shared: Arc<Shared>,
    /// What this event loop counted since its last turn.
    turn: HssStatistics,
    /// To the store thread, on a shared store.
    queue: Option<SyncSender<shared::Job>>,
    /// This event loop's RANDs, on SQLite.
    rands: Rands,
}

impl std::fmt::Debug for HssHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HssHandler({})", self.shared.host)
    }
}

impl Handler for HssHandler {
    fn handle(&mut self, ctx: &Context<'_>, req: &Message<'_>, answer: &mut MessageWriter<'_>) {
        let imsi = msg::user_name(req).unwrap_or_default();
        let origin = (ctx.origin_host, ctx.origin_realm);
        let result = match (check_command(req), &self.queue, &self.shared.backend) {
            (Err(unsupported), _, _) => Err(unsupported),
            (Ok(()), Some(queue), _) => match ctx.defer() {
                Some(pending) => return shared::enqueue(queue, pending, ctx.peer_host, origin),
                None => Err(Outcome::ResultCode(result_code::DIAMETER_TOO_BUSY)),
            },
            (Ok(()), None, Backend::Sqlite(local)) => {
                let decided = {
                    let mut memory = lock(&local.memory);
                    let load = |imsi: &str| lock(&local.store).serving(imsi);
                    memory.entry(imsi, load).and_then(|(e, journal)| {
                        let entry = (e, journal, &mut self.rands);
                        self.shared.decide(entry, req, imsi, ctx.peer_host)
                    })
                };
                decided.map(|d| d.settle(&self.shared, ctx.client))
            }
            // Not started: no store thread to decide.
            (Ok(()), None, Backend::Postgres(_)) => {
                Err(Outcome::ResultCode(result_code::DIAMETER_UNABLE_TO_COMPLY))
            }
        };
        let outcome = write_answer(answer, req, result, origin);
        debug!(imsi, command = req.command_code(), %outcome, "answer");
        self.turn.answered(req.command_code(), outcome);
    }

    fn flush(&mut self) {
        if let Backend::Sqlite(local) = &self.shared.backend {
            local.commit();
        }
        self.shared.totals.add(&mut self.turn);
    }

    /// A request the node answered itself (validation, load shedding) is
    /// counted with the rest.
    fn refused(&mut self, request: &Message<'_>, result_code: u32) {
        self.turn
            .answered(request.command_code(), Outcome::ResultCode(result_code));
    }
}

/// AIR → AIA (TS 29.272 §5.2.3.1.3): `count` fresh SQNs after re-synchronising
/// with the AUTS the request may carry.
fn air(
    e: &mut Entry,
    pending: &mut Vec<Write>,
    rands: &mut Rands,
    req: &Message<'_>,
    imsi: &str,
    max_vectors: u32,
) -> Result<Body, Outcome> {
    let plmn = visited_plmn(req);
    let Some(requested) = req.lookup(d::REQUESTED_EUTRAN_AUTHENTICATION_INFO.code, VENDOR_3GPP)
    else {
        // Only UTRAN/GERAN vectors asked for: this HSS has none.
        return Err(msg::experimental(
            x::DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE,
        ));
    };
    let count = requested
        .lookup(d::NUMBER_OF_REQUESTED_VECTORS.code, VENDOR_3GPP)
        .and_then(|a| a.u32().ok())
        .unwrap_or(1)
        .clamp(1, max_vectors);
    let resync = requested
        .lookup(d::RE_SYNCHRONIZATION_INFO.code, VENDOR_3GPP)
        .map(|a| a.data());
    check_eps(&e.sub, imsi, plmn.as_ref())?;
    if let Some(info) = resync {
        let milenage = Milenage::new(&e.sub.k, &e.sub.opc);
        // SQN_HE never goes back (TS 33.102 §6.3.5 and Annex C): vectors
        // issued already, by this node or another, stay above it.
        e.sqn = e.sqn.max(resynchronise(&milenage, info, imsi)?);
    }
    let challenges: Vec<(Block, u64)> = (0..count)
        .map(|_| {
            let rand = rands.draw()?;
            e.sqn = auc::next_sqn(e.sqn);
            Some((rand, e.sqn))
        })
        .collect::<Option<_>>()
        .ok_or(msg::experimental(
            x::DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE,
        ))?;
    pending.push(Write::Sqn {
        imsi: imsi.to_string(),
        sqn: e.sqn,
    });
    Ok(Body::Challenges {
        sub: Arc::clone(&e.sub),
        challenges,
        sn: plmn.map_or([0; 3], |p| p.encode()),
    })
}

/// ULR → ULA (TS 29.272 §5.2.1.1.3), and the CLR to the previous MME.
fn ulr(
    e: &mut Entry,
    pending: &mut Vec<Write>,
    req: &Message<'_>,
    imsi: &str,
    peer_host: &str,
) -> Result<Decided, Outcome> {
    let plmn = visited_plmn(req);
    let ulr_flags = msg::flags(req, &d::ULR_FLAGS);
    let rat = req
        .lookup(d::RAT_TYPE.code, VENDOR_3GPP)
        .and_then(|a| a.i32().ok());
    let text = |code| req.lookup(code, 0).and_then(|a| a.identity().ok());
    let mme = Registration {
        imsi: imsi.to_string(),
        mme_host: text(base::ORIGIN_HOST.code)
            .unwrap_or(peer_host)
            .to_string(),
        mme_realm: text(base::ORIGIN_REALM.code)
            .unwrap_or_default()
            .to_string(),
        purged: false,
    };
    check_eps(&e.sub, imsi, plmn.as_ref())?;
    if rat.is_some_and(|r| rat_restricted(r, e.sub.profile.access_restriction)) {
        return Err(msg::experimental(x::DIAMETER_ERROR_RAT_NOT_ALLOWED));
    }
    let previous = e.serving.replace(mme.clone());
    if previous.as_ref() != Some(&mme) {
        pending.push(Write::Register(mme.clone()));
    }
    let kind = if ulr_flags & msg::ULR_INITIAL_ATTACH != 0 {
        msg::INITIAL_ATTACH_PROCEDURE
    } else {
        msg::MME_UPDATE_PROCEDURE
    };
    let cancel = (previous.filter(|p| !p.mme_host.eq_ignore_ascii_case(&mme.mme_host)))
        .map(|old| (old, kind));
    let skip = ulr_flags & msg::ULR_SKIP_SUBSCRIBER_DATA != 0;
    Ok(Decided {
        body: Body::Location {
            flags: msg::ULA_SEPARATION,
            profile: (!skip).then(|| Arc::clone(&e.sub)),
        },
        cancel,
    })
}

/// PUR → PUA (TS 29.272 §5.3.2.1.3): the freeze flag only when the
/// purging MME is the registered one.
fn pur(e: &mut Entry, pending: &mut Vec<Write>, req: &Message<'_>) -> Body {
    let origin = req
        .lookup(base::ORIGIN_HOST.code, 0)
        .and_then(|a| a.identity().ok())
        .unwrap_or_default();
    let Some(reg) = e
        .serving
        .as_mut()
        .filter(|r| r.mme_host.eq_ignore_ascii_case(origin))
    else {
        return Body::Purge { flags: 0 };
    };
    if !reg.purged {
        reg.purged = true;
        pending.push(Write::Register(reg.clone()));
    }
    Body::Purge {
        flags: msg::PUA_FREEZE_M_TMSI,
    }
}

fn visited_plmn(req: &Message<'_>) -> Option<Plmn> {
    req.lookup(d::VISITED_PLMN_ID.code, VENDOR_3GPP)
        .and_then(|a| Plmn::decode(a.data()))
}

/// The checks AIR and ULR share: an EPS subscription (5420), and roaming
/// allowed unless the visited PLMN is the subscriber's own (5004).
fn check_eps(sub: &Subscriber, imsi: &str, plmn: Option<&Plmn>) -> Result<(), Outcome> {
    if sub.profile.apns.is_empty() {
        return Err(msg::experimental(
            x::DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION,
        ));
    }
    let home = plmn.is_some_and(|p| p.is_home_of(imsi));
    if !home && !sub.roaming_allowed {
        return Err(msg::experimental(x::DIAMETER_ERROR_ROAMING_NOT_ALLOWED));
    }
    Ok(())
}

/// Re-synchronisation from Re-Synchronization-Info = RAND ‖ AUTS (TS 29.272
/// §7.3.15, TS 33.102 §6.3.5): SQN_HE becomes SQN_MS. A MAC-S that does not
/// verify is answered 4181.
fn resynchronise(m: &Milenage, info: &[u8], imsi: &str) -> Result<u64, Outcome> {
    let unavailable = msg::experimental(x::DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE);
    let (rand, auts) = info.split_at_checked(16).ok_or(unavailable)?;
    let rand: [u8; 16] = rand.try_into().map_err(|_| unavailable)?;
    let auts: [u8; 14] = auts.try_into().map_err(|_| unavailable)?;
    let sqn_ms = auc::resync(m, &rand, &auts).ok_or_else(|| {
        warn!(imsi, "re-synchronisation: MAC-S does not verify");
        unavailable
    })?;
    info!(imsi, sqn_ms, "re-synchronised");
    Ok(sqn_ms)
}

/// Whether Access-Restriction-Data `bits` (TS 29.272 §7.3.31) forbid RAT-Type `rat`.
fn rat_restricted(rat: i32, bits: u32) -> bool {
    let bit = match rat {
        1000 => 0, // UTRAN
        1001 => 1, // GERAN
        1002 => 2, // GAN
        1003 => 3, // HSPA_EVOLUTION
        1004 => 4, // EUTRAN (WB-E-UTRAN)
        1005 => 6, // EUTRAN-NB-IoT
        _ => return false,
    };
    bits & (1 << bit) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imsi_keys_keep_leading_zeros_apart() {
        assert_ne!(imsi_key("001010000000001"), imsi_key("01010000000001"));
        assert_eq!(
            imsi_key("999999999999999"),
            Some(999_999_999_999_999 << 4 | 15)
        );
        assert_eq!(imsi_key("0010100000000011"), None, "16 digits");
        assert_eq!(imsi_key("00101x"), None);
        assert_eq!(imsi_key(""), None);
    }

    #[test]
    fn rat_restrictions() {
        assert!(rat_restricted(1004, 1 << 4));
        assert!(!rat_restricted(1004, 1 << 0));
        assert!(rat_restricted(1000, 1));
        assert!(!rat_restricted(2000, u32::MAX));
    }

    #[test]
    fn memory_loads_a_subscriber_once_and_keeps_what_it_holds() {
        use crate::s6a::store::tests::subscriber;
        let mut memory = Memory::default();
        let mut loads = 0;
        let mut load = |imsi: &str| {
            loads += 1;
            Ok((imsi == "001010000000001").then(|| (subscriber(imsi), None)))
        };
        let (e, journal) = memory.entry("001010000000001", &mut load).unwrap();
        // An SQN issued but not committed yet: the store still says 32.
        e.sqn = 1000;
        journal.push(Write::Sqn {
            imsi: "001010000000001".into(),
            sqn: 1000,
        });
        assert!(memory.entry("001010000000001", &mut load).is_ok());
        let unknown = memory.entry("001010000000003", &mut load).err();
        assert_eq!(
            unknown,
            Some(msg::experimental(x::DIAMETER_ERROR_USER_UNKNOWN))
        );
        assert!(
            memory.entry("00101000000001x", &mut load).is_err(),
            "not an IMSI"
        );
        assert_eq!(loads, 2, "a cached subscriber is not read again");
        // A preload keeps the entry cached with its SQN.
        memory.keep(subscriber("001010000000001"), None);
        memory.keep(subscriber("001010000000002"), None);
        let cached = |m: &Memory, imsi| m.cache[&imsi_key(imsi).unwrap()].sqn;
        assert_eq!(cached(&memory, "001010000000001"), 1000);
        assert_eq!(cached(&memory, "001010000000002"), 32);
        assert_eq!(memory.journal.len(), 1);
        memory.forget("001010000000001");
        assert_eq!(memory.cache.len(), 1);
    }

    #[test]
    fn a_preload_reads_every_subscriber_and_a_commit_writes_the_journal() {
        use crate::s6a::store::tests::{subscriber, temp_db};
        let path = temp_db("hss-preload");
        let mut store = Store::open(&path, Durability::Normal).unwrap();
        store
            .insert(&[subscriber("001010000000001"), subscriber("001010000000002")])
            .unwrap();
        let local = Local {
            memory: Mutex::default(),
            store: Mutex::new(store),
        };
        assert_eq!(local.preload().unwrap(), 2);
        let cached = lock(&local.memory).cache[&imsi_key("001010000000002").unwrap()]
            .sub
            .profile
            .apns
            .len();
        assert_eq!(cached, 2);
        lock(&local.memory).journal.push(Write::Sqn {
            imsi: "001010000000002".into(),
            sqn: 1000,
        });
        local.commit();
        assert!(lock(&local.memory).journal.is_empty());
        let stored = lock(&local.store).subscriber("001010000000002").unwrap();
        assert_eq!(stored.map(|s| s.sqn), Some(1000));
    }

    #[test]
    fn resets_group_imsi_prefixes_by_mme() {
        let reg = |imsi: &str, host: &str| Registration {
            imsi: imsi.into(),
            mme_host: host.into(),
            mme_realm: "r".into(),
            purged: false,
        };
        let r = pending_resets(&[
            reg("001010000000001", "MME1"),
            reg("001010000000002", "mme1"),
            reg("001020000000002", "mme1"),
            reg("001010000000003", "mme2"),
        ]);
        assert_eq!(r["mme1"].1, ["00101", "00102"]);
        assert_eq!(r["mme2"].1, ["00101"]);
    }
}
