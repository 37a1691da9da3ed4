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

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diameter_core::wire::{Message, MessageWriter};
use diameter_transport::{Context, Handler, Node, PeerInfo};
use tracing::{debug, error, info};

use super::cca::{write_cca, Answerer};
use super::ccr::Ccr;
use super::config::OcsConfig;
use super::ledger::{Journal, Ledger};
use super::stats::{Statistics, Totals, Turn};
use super::store::Store;

/// What the event-loop threads and the timer thread share.
#[derive(Debug)]
struct Shared {
    ledger: Mutex<Ledger>,
    store: Mutex<Store>,
    totals: Totals,
    validity_time: u32,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// Commits `journal`. A commit that fails leaves answers that report
    /// charges not recorded, which must never leave: the process stops.
    fn commit(&self, journal: &mut Journal) {
        if journal.is_empty() {
            return;
        }
        if let Err(e) = lock(&self.store).commit(journal) {
            error!(error = %e, "the account store cannot be written");
            eprintln!("diameter ocs: the account store cannot be written ({e}): stopping before answering");
            std::process::abort();
        }
        journal.clear();
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
}

impl Handler for OcsHandler {
    fn handle(&mut self, ctx: &Context<'_>, request: &Message<'_>, answer: &mut MessageWriter<'_>) {
        let started = Instant::now();
        let ccr = Ccr::parse(request);
        let who = Answerer {
            origin_host: ctx.origin_host,
            origin_realm: ctx.origin_realm,
            validity_time: self.shared.validity_time,
        };
        let store = &self.shared.store;
        let mut load = |subscriber: &str| match lock(store).load(subscriber) {
            Ok(account) => account,
            Err(e) => {
                error!(error = %e, subscriber, "cannot read the account store");
                None
            }
        };
        let mut ledger = lock(&self.shared.ledger);
        let outcome = ledger.credit_control(&ccr, started, &mut self.journal, &mut load);
        write_cca(answer, &who, &ccr, outcome);
        let code = outcome.result;
        drop(ledger);
        debug!(session = ccr.session_id, kind = ?ccr.request_type, number = ccr.number, code, "CCA");
        self.turn.count(ccr.request_type, code, started);
    }

    fn flush(&mut self) {
        if self.turn.is_empty() {
            return;
        }
        self.shared.commit(&mut self.journal);
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
}

/// The Tcc timer thread, and the flag (with its condition variable) that stops it.
#[derive(Debug)]
struct Timer {
    thread: JoinHandle<()>,
    stop: Arc<(Mutex<bool>, Condvar)>,
}

impl Ocs {
    /// Opens (or creates) the store, releases the reservations a previous
    /// run left (their sessions are gone), and starts serving.
    ///
    /// # Errors
    /// An auto-provisioning amount past what an account holds
    /// (`i64::MAX`), the store cannot be opened, or the address cannot be
    /// bound.
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
        let store = Store::open(&config.db, config.sync).map_err(io::Error::other)?;
        let released = store.release_reservations().map_err(io::Error::other)?;
        let credits = store.last_credit().map_err(io::Error::other)?;
        if released > 0 {
            info!(
                accounts = released,
                "released the reservations of a previous run"
            );
        }
        let policy = config.policy();
        let tcc = policy.tcc;
        let shared = Arc::new(Shared {
            validity_time: policy.validity_time,
            ledger: Mutex::new(Ledger::new(policy)),
            store: Mutex::new(store),
            totals: Totals::new(),
        });
        let node = Node::start(config.node_config(), |_| OcsHandler {
            shared: Arc::clone(&shared),
            journal: Journal::default(),
            turn: Turn::default(),
        })?;
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let thread = {
            let shared = Arc::clone(&shared);
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("ocs-tcc".into())
                .spawn(move || supervise(&shared, &stop, tcc, credits))?
        };
        Ok(Ocs {
            node,
            shared,
            timer: Some(Timer { thread, stop }),
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
        self.shared.statistics()
    }

    /// Stops: DPR to every peer (RFC 6733 §5.4), then releases the
    /// reservations of the sessions still open and commits.
    /// Returns the final statistics.
    ///
    /// # Errors
    /// An event loop failed.
    pub fn stop(mut self) -> io::Result<Statistics> {
        let result = self.node.stop();
        if let Some(timer) = self.timer.take() {
            *lock(&timer.stop.0) = true;
            timer.stop.1.notify_all();
            let _ = timer.thread.join();
        }
        let mut journal = Journal::default();
        lock(&self.shared.ledger).release_all(&mut journal);
        self.shared.commit(&mut journal);
        result.map(|()| self.shared.statistics())
    }
}

/// The timer thread. Every quarter of Tcc (at most every second) it
/// releases the reservations of sessions whose Tcc expired (RFC 4006 §7),
/// and applies the credits `diameter accounts` made meanwhile.
fn supervise(shared: &Shared, stop: &(Mutex<bool>, Condvar), tcc: Duration, mut credits: i64) {
    let period = (tcc / 4).clamp(Duration::from_millis(50), Duration::from_secs(1));
    let mut journal = Journal::default();
    let mut stopped = lock(&stop.0);
    while !*stopped {
        stopped = stop
            .1
            .wait_timeout(stopped, period)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
        let released = lock(&shared.ledger).expire(Instant::now(), &mut journal);
        if released > 0 {
            debug!(sessions = released, "Tcc expired: reservations released");
        }
        shared.commit(&mut journal);
        let new = lock(&shared.store).credits_since(credits);
        match new {
            Ok(new) if !new.is_empty() => {
                credits = new.last().map_or(credits, |c| c.id);
                info!(credits = new.len(), "applying account changes");
                lock(&shared.ledger).apply_credits(&new);
            }
            Ok(_) => {}
            Err(e) => error!(error = %e, "cannot read the account changes"),
        }
    }
}
