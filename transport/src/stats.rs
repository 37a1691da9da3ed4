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
