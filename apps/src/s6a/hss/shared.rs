//! The HSS on a store shared by several HSS nodes (PostgreSQL): the
//! database, not this process's memory, holds the SQNs and registrations.
//!
//! An event loop never waits for the database: it takes each request with
//! [`Context::defer`](diameter_transport::Context::defer) and queues the
//! [`PendingAnswer`] on a bounded queue to the node's store thread, which
//! takes every request waiting (up to [`MAX_BATCH`]) as one batch and runs
//! it as one transaction (one thread: the larger the batch, the fewer the
//! commits, and a commit's flush is what a batch waits for most): it locks the rows of the
//! batch's subscribers (`SELECT … FOR UPDATE`, with their APN
//! configurations and registrations), decides each request on them as the
//! SQLite HSS decides on its cache (the next SQNs, TS 33.102 §6.3.2 and
//! Annex C; the serving MME, TS 29.272 §5.2.1.1), writes each
//! subscriber's last SQN and registration and commits; only then does it
//! send the answers, and the CLR to an MME that another node may have
//! registered. A serialization failure or deadlock runs the batch again;
//! any other failure answers the batch 5012 DIAMETER_UNABLE_TO_COMPLY (the
//! handles dropped), so no answer carries an SQN the database does not
//! hold: two nodes never issue one SQN twice.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};

use diameter_core::dict::result_code;
use diameter_core::wire::Message;
use diameter_transport::{Client, PendingAnswer};
use tracing::{debug, error};

use super::{check_command, ids, msg, write_answer, x, Decided, Entry, Outcome, Shared};
use crate::s6a::auc::Rands;
use crate::s6a::stats::HssStatistics;
use crate::s6a::store::PgStore;

/// Most requests in one transaction.
const MAX_BATCH: usize = 512;

/// Most requests waiting for the store thread; past it a request is
/// answered 3004 DIAMETER_TOO_BUSY (RFC 6733 §7.1.3).
pub(super) const QUEUE: usize = 8192;

/// A request for a store thread.
#[derive(Debug)]
pub(super) struct Job {
    pending: PendingAnswer,
    /// The Origin-Host of the peer it came from.
    peer_host: String,
}

/// Queues `pending` for the store thread; when the queue is full answers
/// it 3004 at once.
pub(super) fn enqueue(
    queue: &SyncSender<Job>,
    pending: PendingAnswer,
    peer_host: &str,
    origin: (&str, &str),
) {
    let job = Job {
        pending,
        peer_host: peer_host.to_string(),
    };
    match queue.try_send(job) {
        Ok(()) => {}
        Err(TrySendError::Full(job)) => {
            let busy = Err(Outcome::ResultCode(result_code::DIAMETER_TOO_BUSY));
            let request = job.pending.request_bytes().to_vec();
            if let Ok(req) = Message::new_checked(&request) {
                let _ = job.pending.answer(|w| {
                    write_answer(w, &req, busy, origin);
                });
            }
        }
        // The store thread is gone (stopping): dropped, answered 5012.
        Err(TrySendError::Disconnected(_)) => {}
    }
}

/// The store thread: answers batches of queued requests until every
/// event loop has stopped; `client` sends the CLRs.
pub(super) fn serve(shared: &Shared, mut store: PgStore, queue: &Receiver<Job>, client: &Client) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut rands = Rands::default();
    let mut turn = HssStatistics::default();
    while let Ok(first) = queue.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        answer_batch(
            shared, &mut store, &mut batch, &mut rands, &mut turn, client,
        );
        shared.totals.add(&mut turn);
    }
}

/// Runs one batch as one transaction and answers it.
fn answer_batch(
    shared: &Shared,
    store: &mut PgStore,
    batch: &mut Vec<Job>,
    rands: &mut Rands,
    turn: &mut HssStatistics,
    client: &Client,
) {
    // Copies of the requests, read while their handles are answered.
    let requests: Vec<Vec<u8>> = (batch.iter())
        .map(|j| j.pending.request_bytes().to_vec())
        .collect();
    let messages: Vec<Option<Message<'_>>> = (requests.iter())
        .map(|r| Message::new_checked(r).ok())
        .collect();
    // Locked in one order by every node: no two transactions wait on
    // each other in a cycle.
    let mut imsis: Vec<&str> = messages.iter().flatten().filter_map(imsi_of).collect();
    imsis.sort_unstable();
    imsis.dedup();
    let mut decided: Vec<Result<Decided, Outcome>> = Vec::with_capacity(batch.len());
    let mut writes = Vec::new();
    let committed = store.transact(|b| {
        let mut entries: HashMap<String, Entry> = (b.lock(&imsis)?.into_iter())
            .map(|(sub, serving)| (sub.imsi.clone(), Entry::new(sub, serving)))
            .collect();
        decided.clear();
        writes.clear();
        for (m, job) in messages.iter().zip(batch.iter()) {
            let Some(m) = m else {
                decided.push(Err(Outcome::ResultCode(
                    result_code::DIAMETER_UNABLE_TO_COMPLY,
                )));
                continue;
            };
            let unknown = msg::experimental(x::DIAMETER_ERROR_USER_UNKNOWN);
            decided.push(check_command(m).and_then(|()| {
                let imsi = imsi_of(m).ok_or(unknown)?;
                let e = entries.get_mut(imsi).ok_or(unknown)?;
                shared.decide((e, &mut writes, rands), m, imsi, &job.peer_host)
            }));
        }
        b.apply(&writes)
    });
    let origin = (shared.host.as_str(), shared.realm.as_str());
    if let Err(e) = committed {
        error!(error = %e, requests = batch.len(), "the HSS store cannot be written: answering 5012");
        for (job, m) in batch.drain(..).zip(&messages) {
            if let Some(m) = m {
                let refused = Outcome::ResultCode(result_code::DIAMETER_UNABLE_TO_COMPLY);
                turn.answered(m.command_code(), refused);
            }
            // Dropped: answered 5012.
            drop(job);
        }
        return;
    }
    for ((job, m), d) in batch.drain(..).zip(&messages).zip(decided.drain(..)) {
        let Some(m) = m else {
            continue;
        };
        let result = d.map(|d| d.settle(shared, client));
        let mut outcome = Outcome::SUCCESS;
        let _ = job
            .pending
            .answer(|w| outcome = write_answer(w, m, result, origin));
        debug!(command = m.command_code(), %outcome, "answer");
        turn.answered(m.command_code(), outcome);
    }
}

/// The IMSI a request is for, when its User-Name is one.
fn imsi_of<'a>(m: &Message<'a>) -> Option<&'a str> {
    msg::user_name(m).filter(|i| ids::is_imsi(i))
}
