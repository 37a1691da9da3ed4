//! Messages by application, command and Result-Code, node-wide, for
//! `/metrics`: the requests a node receives and sends, the answers it
//! receives, and the answers it writes itself, told apart by who wrote
//! them (its handler, or the node: validator, routing, load shedding).
//!
//! Each event loop counts into a table of its own with no lock, and adds
//! it to the node's once per turn ([`Traffic::add`]). The node's table
//! holds at most [`MAX_KEYS`] keys: a peer sending answers with ever new
//! Result-Codes cannot make it grow without bound; what does not fit is
//! counted under application, command and Result-Code [`OTHER`].

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use diameter_core::dict::base;
use diameter_core::wire::Message;

/// Most keys the node's table holds.
pub const MAX_KEYS: usize = 4096;

/// The application, command and Result-Code of what did not fit.
pub const OTHER: u32 = u32::MAX;

/// What was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flow {
    /// Requests received from peers.
    RequestsReceived,
    /// Requests sent to peers (this node's, and relayed ones).
    RequestsSent,
    /// Answers received from peers.
    AnswersReceived,
    /// Answers this node's handler wrote.
    AnsweredByHandler,
    /// Answers the node wrote itself: the validator's, routing's (3002,
    /// 3003, 3005, 3007), load shedding's (3004).
    AnsweredByNode,
}

/// One key of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrafficKey {
    /// What was counted.
    pub flow: Flow,
    /// The header's Application-ID.
    pub application: u32,
    /// The header's Command-Code.
    pub command: u32,
    /// The answer's Result-Code (its Experimental-Result-Code, if that is
    /// what it carries; 0 for neither); 0 for requests.
    pub result_code: u32,
}

impl TrafficKey {
    /// The key of `msg` in `flow`, with Result-Code `result_code`.
    pub(crate) fn of(flow: Flow, msg: &Message<'_>, result_code: u32) -> Self {
        Self {
            flow,
            application: msg.application_id(),
            command: msg.command_code(),
            result_code,
        }
    }
}

/// What answer `msg` says: `result_code` (its Result-Code, looked up
/// already) or else the Experimental-Result-Code of its Experimental-Result
/// (RFC 6733 §7.6), else 0.
pub(crate) fn outcome_of(msg: &Message<'_>, result_code: Option<u32>) -> u32 {
    result_code
        .or_else(|| {
            let er = msg.lookup(base::EXPERIMENTAL_RESULT.code, 0)?;
            let code = er.lookup(base::EXPERIMENTAL_RESULT_CODE.code, 0)?;
            code.u32().ok()
        })
        .unwrap_or(0)
}

/// The [`outcome_of`] of answer `msg`, its Result-Code looked up here.
pub(crate) fn outcome_of_answer(msg: &Message<'_>) -> u32 {
    let code = msg.lookup(base::RESULT_CODE.code, 0);
    outcome_of(msg, code.and_then(|a| a.u32().ok()))
}

/// The [`outcome_of_answer`] of the answer in `bytes`, 0 when it does not
/// parse.
pub(crate) fn outcome_of_bytes(bytes: &[u8]) -> u32 {
    Message::new_checked(bytes).map_or(0, |msg| outcome_of_answer(&msg))
}

/// An event loop's counts since its last turn.
#[derive(Debug, Default)]
pub(crate) struct TurnTraffic {
    counts: Vec<(TrafficKey, u64)>,
}

impl TurnTraffic {
    /// Counts one message. A turn meets few keys: a search along them
    /// costs less than hashing.
    pub(crate) fn count(&mut self, key: TrafficKey) {
        match self.counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((key, 1)),
        }
    }
}

/// The node's table.
#[derive(Debug, Default)]
pub(crate) struct Traffic {
    table: Mutex<HashMap<TrafficKey, u64>>,
}

impl Traffic {
    /// Adds what a loop counted in its turn, and empties it.
    pub(crate) fn add(&self, turn: &mut TurnTraffic) {
        if turn.counts.is_empty() {
            return;
        }
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        for (key, n) in turn.counts.drain(..) {
            let full = table.len() >= MAX_KEYS && !table.contains_key(&key);
            let key = match full {
                true => TrafficKey {
                    application: OTHER,
                    command: OTHER,
                    result_code: OTHER,
                    ..key
                },
                false => key,
            };
            let slot = table.entry(key).or_insert(0);
            *slot = slot.saturating_add(n);
        }
    }

    /// The counts now, sorted by key.
    pub(crate) fn snapshot(&self) -> Vec<(TrafficKey, u64)> {
        let table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        let mut all: Vec<_> = table.iter().map(|(k, n)| (*k, *n)).collect();
        all.sort_unstable();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(code: u32) -> TrafficKey {
        TrafficKey {
            flow: Flow::AnswersReceived,
            application: 4,
            command: 272,
            result_code: code,
        }
    }

    #[test]
    fn turns_add_up_and_the_table_is_bounded() {
        let traffic = Traffic::default();
        let mut turn = TurnTraffic::default();
        turn.count(answer(2001));
        turn.count(answer(2001));
        turn.count(answer(5030));
        traffic.add(&mut turn);
        turn.count(answer(2001));
        traffic.add(&mut turn);
        assert_eq!(traffic.snapshot(), [(answer(2001), 3), (answer(5030), 1)]);
        for code in 0..2 * MAX_KEYS as u32 {
            turn.count(answer(10_000 + code));
        }
        traffic.add(&mut turn);
        let all = traffic.snapshot();
        assert_eq!(
            all.len(),
            MAX_KEYS + 1,
            "the keys, and the one for the rest"
        );
        let other = TrafficKey {
            flow: Flow::AnswersReceived,
            application: OTHER,
            command: OTHER,
            result_code: OTHER,
        };
        let counted: u64 = all.iter().map(|(_, n)| n).sum();
        assert_eq!(counted, 4 + 2 * MAX_KEYS as u64, "nothing lost");
        assert!(
            all.contains(&(other, MAX_KEYS as u64 + 2)),
            "{:?}",
            all.last()
        );
    }
}
