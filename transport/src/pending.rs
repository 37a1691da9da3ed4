//! Requests sent and not yet answered on one connection: hop-by-hop
//! identifiers, per-request deadlines and answer matching (RFC 6733 §3, §6.2).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::time::Instant;

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
#[derive(Debug)]
pub struct PendingTable<T> {
    entries: HashMap<u32, Outstanding<T>>,
    deadlines: BinaryHeap<Reverse<(Instant, u32)>>,
    next_hop_by_hop: u32,
}

impl<T> PendingTable<T> {
    /// An empty table whose identifiers start at `first` (RFC 6733 §3 asks
    /// for a random start; the caller supplies it).
    pub fn new(first: u32) -> Self {
        Self {
            entries: HashMap::new(),
            deadlines: BinaryHeap::new(),
            next_hop_by_hop: first,
        }
    }

    /// Records a request and returns the Hop-by-Hop Identifier to send it with,
    /// one not used by any other outstanding request.
    pub fn insert(&mut self, entry: Outstanding<T>) -> u32 {
        let mut id = self.next_hop_by_hop;
        while self.entries.contains_key(&id) {
            id = id.wrapping_add(1);
        }
        self.next_hop_by_hop = id.wrapping_add(1);
        self.deadlines.push(Reverse((entry.deadline, id)));
        self.entries.insert(id, entry);
        id
    }

    /// Takes the request an answer with `hop_by_hop` belongs to.
    pub fn take(&mut self, hop_by_hop: u32) -> Option<Outstanding<T>> {
        self.entries.remove(&hop_by_hop)
    }

    /// Takes every request whose deadline is at or before `now`.
    pub fn take_expired(&mut self, now: Instant) -> Vec<(u32, Outstanding<T>)> {
        let mut out = Vec::new();
        while let Some(&Reverse((deadline, id))) = self.deadlines.peek() {
            if deadline > now {
                break;
            }
            self.deadlines.pop();
            // Entries already answered leave stale heap items behind; skip them.
            if self
                .entries
                .get(&id)
                .is_some_and(|e| e.deadline == deadline)
            {
                if let Some(e) = self.entries.remove(&id) {
                    out.push((id, e));
                }
            }
        }
        out
    }

    /// The earliest deadline of an outstanding request.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(&Reverse((deadline, id))) = self.deadlines.peek() {
            if self
                .entries
                .get(&id)
                .is_some_and(|e| e.deadline == deadline)
            {
                return Some(deadline);
            }
            self.deadlines.pop();
        }
        None
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
}
