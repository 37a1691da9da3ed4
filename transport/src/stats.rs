//! Counters per peer connection and per node, readable from any thread.
//!
//! Each connection owns its counters; the event loop bumps them with relaxed
//! atomic adds (no locks on the message path) and readers take snapshots.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// What one connection has seen.
#[derive(Debug, Default)]
pub struct Counters {
    /// Requests received.
    pub requests_in: AtomicU64,
    /// Answers sent.
    pub answers_out: AtomicU64,
    /// Requests sent.
    pub requests_out: AtomicU64,
    /// Answers received.
    pub answers_in: AtomicU64,
    /// Requests answered with an error by the validator or the transport.
    pub errors: AtomicU64,
    /// Requests that got no answer in time (answered 3002 locally).
    pub timeouts: AtomicU64,
    /// Requests answered 3004 by load shedding.
    pub shed: AtomicU64,
    /// Requests for this peer that overload control abated (RFC 7683
    /// §5.2.2): answered locally, never sent.
    pub abated: AtomicU64,
    /// Requests sent to the peer and not answered yet (a level, set by the
    /// event loop owning the peer; peer selection reads it).
    pub outstanding: AtomicU64,
    /// Answers received, by Result-Code class (RFC 6733 §7.1: index 1 for
    /// 1xxx ... 5 for 5xxx; 0 for an answer with no Result-Code, or an
    /// Experimental-Result only).
    pub answer_classes: [AtomicU64; 6],
    /// Requests sent to the peer that went to another peer when it failed
    /// (RFC 6733 §5.5.4), or were answered 3002 for want of one.
    pub failovers: AtomicU64,
}

/// A copy of [`Counters`] at one moment.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CountersSnapshot {
    /// Requests received.
    pub requests_in: u64,
    /// Answers sent.
    pub answers_out: u64,
    /// Requests sent.
    pub requests_out: u64,
    /// Answers received.
    pub answers_in: u64,
    /// Requests answered with an error by the validator or the transport.
    pub errors: u64,
    /// Requests that got no answer in time.
    pub timeouts: u64,
    /// Requests answered 3004 by load shedding.
    pub shed: u64,
    /// Requests for this peer that overload control abated.
    pub abated: u64,
    /// Requests sent and not answered yet.
    pub outstanding: u64,
    /// Answers received by Result-Code class (see [`Counters::answer_classes`]).
    pub answer_classes: [u64; 6],
    /// Requests failed over from this peer.
    pub failovers: u64,
}

impl Counters {
    /// Adds one to `counter`.
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Relaxed);
    }

    /// The current values.
    pub fn snapshot(&self) -> CountersSnapshot {
        CountersSnapshot {
            requests_in: self.requests_in.load(Relaxed),
            answers_out: self.answers_out.load(Relaxed),
            requests_out: self.requests_out.load(Relaxed),
            answers_in: self.answers_in.load(Relaxed),
            errors: self.errors.load(Relaxed),
            timeouts: self.timeouts.load(Relaxed),
            shed: self.shed.load(Relaxed),
            abated: self.abated.load(Relaxed),
            outstanding: self.outstanding(),
            answer_classes: self.answer_classes.each_ref().map(|c| c.load(Relaxed)),
            failovers: self.failovers.load(Relaxed),
        }
    }

    /// Counts an answer received with Result-Code `code` (`None`: none).
    pub(crate) fn answered(&self, code: Option<u32>) {
        let class = code.map_or(0, |c| c / 1000);
        let i = usize::try_from(class).unwrap_or(0);
        if let Some(c) = self.answer_classes.get(i).or(self.answer_classes.first()) {
            c.fetch_add(1, Relaxed);
        }
    }

    /// Requests sent and not answered yet.
    pub fn outstanding(&self) -> u64 {
        self.outstanding.load(Relaxed)
    }

    /// One more request is on its way to the peer (counted until the
    /// event loop owning it sets the level again).
    pub(crate) fn chosen(&self) {
        self.outstanding.fetch_add(1, Relaxed);
    }

    /// Sets the level of requests outstanding.
    pub(crate) fn set_outstanding(&self, n: usize) {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        self.outstanding.store(n, Relaxed);
    }
}

impl std::ops::AddAssign for CountersSnapshot {
    fn add_assign(&mut self, o: Self) {
        self.requests_in = self.requests_in.saturating_add(o.requests_in);
        self.answers_out = self.answers_out.saturating_add(o.answers_out);
        self.requests_out = self.requests_out.saturating_add(o.requests_out);
        self.answers_in = self.answers_in.saturating_add(o.answers_in);
        self.errors = self.errors.saturating_add(o.errors);
        self.timeouts = self.timeouts.saturating_add(o.timeouts);
        self.shed = self.shed.saturating_add(o.shed);
        self.abated = self.abated.saturating_add(o.abated);
        self.outstanding = self.outstanding.saturating_add(o.outstanding);
        for (a, b) in self.answer_classes.iter_mut().zip(o.answer_classes) {
            *a = a.saturating_add(b);
        }
        self.failovers = self.failovers.saturating_add(o.failovers);
    }
}

/// How many buckets [`Turns`] has: doubling from 1 µs, the last one
/// holding every turn of 2^22 µs (4.2 s) and more.
pub const TURN_BUCKETS: usize = 24;

/// How long the event loops' turns took, node-wide. A turn reads what the
/// sockets hold, answers what it can at once (a handler's answer, a 3004 of
/// load shedding, an error) and writes it out: a request read in a turn
/// waited at most the turn for such an answer, once read.
#[derive(Debug, Default)]
pub(crate) struct Turns {
    buckets: [AtomicU64; TURN_BUCKETS],
    sum_us: AtomicU64,
}

impl Turns {
    /// Counts a turn that took `took`.
    pub(crate) fn record(&self, took: std::time::Duration) {
        let us = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        let i = usize::try_from(u64::BITS - us.leading_zeros()).unwrap_or(TURN_BUCKETS);
        let last = self.buckets.len() - 1;
        if let Some(b) = self.buckets.get(i.min(last)) {
            b.fetch_add(1, Relaxed);
        }
        self.sum_us.fetch_add(us, Relaxed);
    }

    /// The counts now.
    pub(crate) fn snapshot(&self) -> TurnTimes {
        TurnTimes {
            counts: self.buckets.each_ref().map(|b| b.load(Relaxed)),
            sum_us: self.sum_us.load(Relaxed),
        }
    }
}

/// A copy of the node's turn durations (see [`Client::turns`](crate::Client::turns)):
/// `counts[i]` turns took less than 2^i µs (and, for i > 0, at least
/// 2^(i-1) µs); the last bucket has no upper bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TurnTimes {
    /// Turns by bucket.
    pub counts: [u64; TURN_BUCKETS],
    /// Their total duration, microseconds.
    pub sum_us: u64,
}

impl TurnTimes {
    /// The upper bound of bucket `i`, microseconds.
    pub fn upper_us(i: usize) -> u64 {
        1u64.checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
            .unwrap_or(u64::MAX)
    }

    /// How many turns were counted.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The upper bound (µs) of the bucket holding the `q` quantile of the
    /// turns (0 when none were counted).
    pub fn quantile_us(&self, q: f64) -> u64 {
        let total = self.count();
        if total == 0 {
            return 0;
        }
        let rank = ((total as f64) * q.clamp(0.0, 1.0)).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, n) in self.counts.iter().enumerate() {
            seen += n;
            if seen >= rank {
                return Self::upper_us(i);
            }
        }
        Self::upper_us(TURN_BUCKETS - 1)
    }
}

#[cfg(test)]
mod turn_tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn turns_land_in_doubling_buckets() {
        let t = Turns::default();
        for us in [0, 1, 3, 700, 700, 700, 1_500, 10_000_000] {
            t.record(Duration::from_micros(us));
        }
        let s = t.snapshot();
        assert_eq!(s.count(), 8);
        assert_eq!(
            (
                s.counts[0],
                s.counts[1],
                s.counts[2],
                s.counts[10],
                s.counts[11]
            ),
            (1, 1, 1, 3, 1)
        );
        assert_eq!(s.counts[TURN_BUCKETS - 1], 1, "past the last bound");
        assert_eq!(s.quantile_us(0.5), 1_024, "700 µs is under 1,024");
        assert_eq!(s.quantile_us(0.8), 2_048);
        assert_eq!(s.sum_us, 10_003_604);
    }
}

/// An overload report (RFC 7683) in force at a node, for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverloadState {
    /// Whether this node sends it (it sheds load, §5.2.3), or received it
    /// from a peer, or made it on behalf of one, and abates by it (§5.2.2).
    pub reporting: bool,
    /// The application it is about.
    pub application: u32,
    /// A host report (else a realm report).
    pub host_report: bool,
    /// The host or realm it is about.
    pub name: String,
    /// The reduction asked for, percent.
    pub reduction: u8,
    /// When it expires; `None` for this node's own, in force until its
    /// overload ends.
    pub until: Option<std::time::Instant>,
}
