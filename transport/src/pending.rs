//! Requests sent and not yet answered on one connection: hop-by-hop
//! identifiers, per-request deadlines and answer matching (RFC 6733 §3, §6.2).

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use foldhash::fast::RandomState;

/// One outstanding request.
#[derive(Debug)]
pub struct Outstanding<T> {
    /// When the request is answered locally with 3002 if no answer came.
    pub deadline: Instant,
    /// Who waits for the answer.
    pub waiter: T,
    /// The request as sent, kept to resend it on failover (RFC 6733 §5.5.4).
    pub request: Vec<u8>,
    /// Whether it was sent where a redirect said (RFC 6733 §6.13).
    pub redirected: bool,
}

/// The outstanding requests of one connection, keyed by Hop-by-Hop Identifier.
///
/// Every request of a connection gets the same timeout from the time it
/// is sent, so deadlines come in the order requests are sent: they are
/// kept in that order in a queue (a deadline that would come before the
/// last one is moved up to it), its front the next to expire. An answered
/// request leaves its item behind until it reaches the front; the queue
/// is compacted when stale items outnumber the live ones, so it holds at
/// most about twice the outstanding requests, and emptied when the last
/// request is answered.
///
/// The identifiers are this node's own, so the map uses a fast hash
/// rather than one that resists keys chosen by a peer.
#[derive(Debug)]
pub struct PendingTable<T> {
    entries: HashMap<u32, Outstanding<T>, RandomState>,
    deadlines: VecDeque<(Instant, u32)>,
    next_hop_by_hop: u32,
}

/// Stale items tolerated in the deadline queue before it is compacted.
const SLACK: usize = 1024;

impl<T> PendingTable<T> {
    /// An empty table whose identifiers start at `first` (RFC 6733 §3 asks
    /// for a random start; the caller supplies it).
    pub fn new(first: u32) -> Self {
        Self {
            entries: HashMap::default(),
            deadlines: VecDeque::new(),
            next_hop_by_hop: first,
        }
    }

    /// Records a request and returns the Hop-by-Hop Identifier to send it with,
    /// one not used by any other outstanding request.
    pub fn insert(&mut self, mut entry: Outstanding<T>) -> u32 {
        let mut id = self.next_hop_by_hop;
        while self.entries.contains_key(&id) {
            id = id.wrapping_add(1);
        }
        self.next_hop_by_hop = id.wrapping_add(1);
        if let Some(&(last, _)) = self.deadlines.back() {
            entry.deadline = entry.deadline.max(last);
        }
        if self.deadlines.len() >= 2 * self.entries.len() + SLACK {
            self.compact();
        }
        self.deadlines.push_back((entry.deadline, id));
        self.entries.insert(id, entry);
        id
    }

    /// Takes the request an answer with `hop_by_hop` belongs to.
    pub fn take(&mut self, hop_by_hop: u32) -> Option<Outstanding<T>> {
        let taken = self.entries.remove(&hop_by_hop);
        if self.entries.is_empty() {
            self.deadlines.clear();
        }
        taken
    }

    /// Takes every request whose deadline is at or before `now`.
    pub fn take_expired(&mut self, now: Instant) -> Vec<(u32, Outstanding<T>)> {
        let mut out = Vec::new();
        while let Some(&(deadline, id)) = self.deadlines.front() {
            if deadline > now {
                break;
            }
            self.deadlines.pop_front();
            if live(&self.entries, deadline, id) {
                if let Some(e) = self.entries.remove(&id) {
                    out.push((id, e));
                }
            }
        }
        out
    }

    /// The earliest deadline of an outstanding request.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(&(deadline, id)) = self.deadlines.front() {
            if live(&self.entries, deadline, id) {
                return Some(deadline);
            }
            self.deadlines.pop_front();
        }
        None
    }

    /// Drops the items of answered requests from the deadline queue.
    fn compact(&mut self) {
        let entries = &self.entries;
        self.deadlines.retain(|&(d, id)| live(entries, d, id));
    }

    /// How many items the deadline queue holds, live or stale.
    #[cfg(test)]
    fn queued(&self) -> usize {
        self.deadlines.len()
    }

    /// How many requests are outstanding.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Takes every outstanding request (the connection is gone).
    pub fn take_all(&mut self) -> Vec<Outstanding<T>> {
        self.deadlines.clear();
        self.entries.drain().map(|(_, e)| e).collect()
    }
}

/// Whether a deadline queue item stands for a request still outstanding
/// (an answered one leaves its item behind; its identifier may since have
/// been given to a later request, with a later deadline).
fn live<T>(
    entries: &HashMap<u32, Outstanding<T>, RandomState>,
    deadline: Instant,
    id: u32,
) -> bool {
    entries.get(&id).is_some_and(|e| e.deadline == deadline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn entry(deadline: Instant, waiter: u8) -> Outstanding<u8> {
        Outstanding {
            deadline,
            waiter,
            request: Vec::new(),
            redirected: false,
        }
    }

    #[test]
    fn ids_are_unique_and_answers_match() {
        let t0 = Instant::now();
        let mut p = PendingTable::new(u32::MAX);
        let a = p.insert(entry(t0, 1));
        let b = p.insert(entry(t0, 2));
        assert_eq!((a, b), (u32::MAX, 0));
        assert_eq!(p.take(b).unwrap().waiter, 2);
        assert!(p.take(b).is_none(), "an answer matches once");
    }

    #[test]
    fn expiry_skips_answered_requests() {
        let t0 = Instant::now();
        let mut p = PendingTable::new(1);
        let a = p.insert(entry(t0 + Duration::from_secs(1), 1));
        let _b = p.insert(entry(t0 + Duration::from_secs(2), 2));
        let _c = p.insert(entry(t0 + Duration::from_secs(9), 3));
        p.take(a);
        assert_eq!(p.next_deadline(), Some(t0 + Duration::from_secs(2)));
        let gone = p.take_expired(t0 + Duration::from_secs(5));
        assert_eq!(gone.iter().map(|(_, e)| e.waiter).collect::<Vec<_>>(), [2]);
        assert_eq!(p.take_all().len(), 1);
        assert!(p.take_all().is_empty());
    }

    #[test]
    fn a_deadline_never_comes_before_an_earlier_requests() {
        let t0 = Instant::now();
        let mut p = PendingTable::new(1);
        let _a = p.insert(entry(t0 + Duration::from_secs(5), 1));
        let b = p.insert(entry(t0 + Duration::from_secs(3), 2));
        assert!(p.take_expired(t0 + Duration::from_secs(4)).is_empty());
        assert_eq!(p.take(b).unwrap().deadline, t0 + Duration::from_secs(5));
    }

    #[test]
    fn the_queue_empties_with_the_last_answer() {
        let t0 = Instant::now();
        let mut p = PendingTable::new(1);
        let ids: Vec<u32> = (0..10).map(|i| p.insert(entry(t0, i))).collect();
        for &id in ids.iter().rev() {
            assert_eq!(p.queued(), 10, "items of answered requests wait");
            assert!(p.take(id).is_some());
        }
        assert_eq!((p.queued(), p.next_deadline()), (0, None));
    }

    #[test]
    fn answered_requests_leave_a_bounded_queue() {
        let t0 = Instant::now();
        let mut p = PendingTable::new(1);
        // One request nobody answers, then many answered at once: the
        // queue keeps the first one's item, so stale items pile up behind
        // it until compaction.
        let stuck = p.insert(entry(t0, 0));
        for i in 0..100_000u32 {
            let id = p.insert(entry(t0 + Duration::from_millis(u64::from(i)), 1));
            assert!(p.take(id).is_some());
            assert!(p.queued() <= 2 * p.len() + SLACK + 1, "{}", p.queued());
        }
        assert_eq!(p.next_deadline(), Some(t0));
        let gone = p.take_expired(t0 + Duration::from_secs(1000));
        assert_eq!(gone.iter().map(|&(id, _)| id).collect::<Vec<_>>(), [stuck]);
        assert_eq!(p.next_deadline(), None);
    }
}
