//! The OCS on a store shared by several OCS processes (PostgreSQL): the
//! database, not this process's memory, holds the authoritative balances.
//!
//! An event loop never waits for the database: it takes each CCR with
//! [`Context::defer`](diameter_transport::Context::defer) and queues the
//! [`PendingAnswer`] on a bounded queue to one of [`WRITERS`] store
//! threads, chosen by its Session-Id (so one session's requests are never
//! in two batches at once, and while one thread waits on the database
//! another runs its batch). A thread takes every request waiting (up to
//! [`MAX_BATCH`]) as one batch and
//! runs it as one transaction: it locks the rows of the batch's sessions,
//! then of their accounts (`SELECT … FOR UPDATE`), puts them into the
//! ledger in place of its copies (a session may have gone on at another
//! node), lets the ledger decide each answer (RFC 4006 §5–§7), writes the
//! ledger's deltas and sessions and commits; only then does it send the
//! answers. A
//! serialization failure or deadlock runs the batch again from the
//! ledger's checkpoint; any other failure answers the batch 5012
//! DIAMETER_UNABLE_TO_COMPLY (the handles dropped), so no answer reports
//! a charge the database does not hold. Two processes on one database
//! thus never grant the same balance twice: each grant is decided on
//! rows that no other transaction can change until it commits.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::time::Instant;

use diameter_core::dict::result_code as rc;
use diameter_core::wire::Message;
use diameter_transport::PendingAnswer;
use tracing::{debug, error};

use super::{lock, Shared};
use crate::gy::cca::{Answerer, Cca};
use crate::gy::ccr::Ccr;
use crate::gy::ledger::{Journal, Outcome};
use crate::gy::stats::Turn;
use crate::gy::store::{Error, PgStore};

/// Store threads, each with its connection.
pub(super) const WRITERS: usize = 2;

/// Most requests in one transaction.
pub(super) const MAX_BATCH: usize = 512;

/// Most requests waiting for the store thread; past it a CCR is
/// answered 3004 DIAMETER_TOO_BUSY (RFC 6733 §7.1.3).
pub(super) const QUEUE: usize = 8192;

/// The OCS's identity, for the answers the store thread writes.
#[derive(Debug, Clone)]
pub(super) struct Identity {
    pub host: String,
    pub realm: String,
}

/// Queues `pending` for the store thread of its session; when that
/// queue is full answers it `busy` at once.
pub(super) fn enqueue(
    queues: &[SyncSender<PendingAnswer>],
    pending: PendingAnswer,
    who: &Answerer<'_>,
    ccr: &Ccr<'_>,
    busy: &Outcome,
) {
    // FNV-1a of the Session-Id: the same thread for every request of it.
    let hash = ccr
        .session_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let at = usize::try_from(hash % queues.len().max(1) as u64).unwrap_or(0);
    let Some(queue) = queues.get(at) else {
        return;
    };
    match queue.try_send(pending) {
        Ok(()) => {}
        Err(TrySendError::Full(p)) => {
            let _ = p.answer(|w| Cca::answer(who, ccr, busy).write(w));
        }
        // The store thread is gone (stopping): dropped, answered 5012.
        Err(TrySendError::Disconnected(_)) => {}
    }
}

/// The store thread: answers batches of queued requests until every
/// event loop has stopped.
pub(super) fn serve(
    shared: &Shared,
    mut store: PgStore,
    queue: &Receiver<PendingAnswer>,
    me: &Identity,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut turn = Turn::default();
    while let Ok(first) = queue.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(p) => batch.push(p),
                Err(_) => break,
            }
        }
        let started = Instant::now();
        answer_batch(shared, &mut store, &mut batch, me, &mut turn, started);
        shared.totals.add(&mut turn, Instant::now());
    }
}

/// Runs one batch as one transaction and answers it.
fn answer_batch(
    shared: &Shared,
    store: &mut PgStore,
    batch: &mut Vec<PendingAnswer>,
    me: &Identity,
    turn: &mut Turn,
    now: Instant,
) {
    // Copies of the requests, read while their handles are answered.
    let requests: Vec<Vec<u8>> = batch.iter().map(|p| p.request_bytes().to_vec()).collect();
    let messages: Vec<Option<Message<'_>>> = requests
        .iter()
        .map(|r| Message::new_checked(r).ok())
        .collect();
    let ccrs: Vec<Option<Ccr<'_>>> = messages
        .iter()
        .map(|m| m.as_ref().map(Ccr::parse))
        .collect();
    let mut subscribers = Vec::new();
    {
        let ledger = lock(&shared.ledger);
        for ccr in ccrs.iter().flatten() {
            ledger.accounts_of(ccr, &mut subscribers);
        }
    }
    let mut journal = Journal::default();
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(ccrs.len());
    let mut undo = None;
    let start = Instant::now();
    let ids: Vec<&str> = ccrs.iter().flatten().map(|c| c.session_id).collect();
    let committed = store.transact(|b| {
        // The sessions' rows first (one may have gone on at another
        // node), then every account they and the requests name: each
        // locked in one order by every node, so no two transactions wait
        // on each other in a cycle.
        let rows = b.sessions(&ids)?;
        let mut accounts = subscribers.clone();
        accounts.extend(rows.iter().map(|(_, s)| s.account.to_string()));
        accounts.sort_unstable();
        accounts.dedup();
        let fresh = b.lock(&accounts)?;
        let mut ledger = lock(&shared.ledger);
        if let Some(c) = undo.take() {
            ledger.restore(c);
        }
        undo = Some(ledger.checkpoint(ids.iter().copied()));
        ledger.refresh(&accounts, fresh);
        ledger.refresh_sessions(ids.iter().copied(), rows);
        journal.clear();
        outcomes.clear();
        // Every account the batch may touch was just read: none to load.
        let mut none = |_: &str| None;
        for ccr in &ccrs {
            outcomes.push(match ccr {
                Some(ccr) => ledger
                    .credit_control(ccr, now, &mut journal, &mut none)
                    .clone(),
                None => Outcome {
                    result: rc::DIAMETER_UNABLE_TO_COMPLY,
                    ..Outcome::default()
                },
            });
        }
        if let Some(c) = undo.as_mut() {
            ledger.seal(c);
        }
        drop(ledger);
        b.apply(&journal)
    });
    let accounts = journal.changes.len() + journal.created.len();
    shared.commits.observe(start.elapsed(), accounts);
    let who = Answerer {
        origin_host: &me.host,
        origin_realm: &me.realm,
        validity_time: shared.validity_time,
        failure_handling: shared.failure_handling,
    };
    match committed {
        Ok(()) => {
            for ((pending, ccr), out) in batch.drain(..).zip(&ccrs).zip(&outcomes) {
                if let Some(ccr) = ccr {
                    debug!(session = ccr.session_id, code = out.result, "CCA");
                    turn.count(ccr.request_type, out.result, now);
                    let _ = pending.answer(|w| Cca::answer(&who, ccr, out).write(w));
                }
            }
        }
        Err(e) => {
            if let Some(c) = undo.take() {
                lock(&shared.ledger).restore(c);
            }
            report(&e, batch.len());
            for (pending, ccr) in batch.drain(..).zip(&ccrs) {
                if let Some(ccr) = ccr {
                    turn.count(ccr.request_type, rc::DIAMETER_UNABLE_TO_COMPLY, now);
                    let _ = pending.answer(|w| Cca::answer(&who, ccr, &shared.refusal).write(w));
                }
            }
        }
    }
    // Any handle left (a request that did not parse) answers 5012 as it drops.
    batch.clear();
}

fn report(e: &Error, requests: usize) {
    error!(error = %e, requests, "the account store cannot be written: answering 5012");
}
