//! The OCS's statistics: the listening-mode guide's counters (CCRs received
//! by type, CCAs sent, errors) plus answers by Result-Code and latency.
//!
//! Each event-loop thread counts its turn locally and adds it to the
//! totals once per turn, after the turn's commit: the totals count exactly
//! the answers that have been released to the sockets.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use diameter_core::dict::result_code;
use hdrhistogram::Histogram;
use serde::Serialize;

use super::ccr::RequestType;

/// Latency percentiles, in microseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Latency {
    /// How many were measured.
    pub count: u64,
    /// Mean.
    pub mean_us: f64,
    /// Median.
    pub p50_us: u64,
    /// 90th percentile.
    pub p90_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// 99.9th percentile.
    pub p999_us: u64,
    /// Largest.
    pub max_us: u64,
}

impl Latency {
    /// The percentiles of a histogram of microseconds.
    pub fn of(h: &Histogram<u64>) -> Self {
        if h.is_empty() {
            return Latency::default();
        }
        Latency {
            count: h.len(),
            mean_us: h.mean(),
            p50_us: h.value_at_quantile(0.5),
            p90_us: h.value_at_quantile(0.9),
            p99_us: h.value_at_quantile(0.99),
            p999_us: h.value_at_quantile(0.999),
            max_us: h.max(),
        }
    }
}

impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "p50 {} µs, p90 {} µs, p99 {} µs, p99.9 {} µs, max {} µs",
            self.p50_us, self.p90_us, self.p99_us, self.p999_us, self.max_us
        )
    }
}

/// The upper bounds, microseconds, of [`LatencyBuckets`]: 25 µs doubling
/// to about 6.6 s (then +Inf).
pub const LATENCY_BOUNDS_US: [u64; 19] = {
    let mut bounds = [0u64; 19];
    let mut i = 0;
    while i < bounds.len() {
        bounds[i] = 25 << i;
        i += 1;
    }
    bounds
};

/// Latencies counted by bucket, for a Prometheus histogram: the count at
/// most each of [`LATENCY_BOUNDS_US`] (and above the last), not cumulated,
/// and their sum in microseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LatencyBuckets {
    /// Counts per bucket; one more than the bounds (the last: above them).
    pub counts: Vec<u64>,
    /// The sum of the latencies, microseconds.
    pub sum_us: f64,
}

impl LatencyBuckets {
    /// The buckets of a histogram of microseconds.
    pub fn of(h: &Histogram<u64>) -> Self {
        let mut counts = Vec::with_capacity(LATENCY_BOUNDS_US.len() + 1);
        let mut below = 0u64;
        for bound in LATENCY_BOUNDS_US {
            let upto = h.count_between(0, bound);
            counts.push(upto.saturating_sub(below));
            below = below.max(upto);
        }
        counts.push(h.len().saturating_sub(below));
        Self {
            counts,
            sum_us: h.mean() * h.len() as f64,
        }
    }
}

/// A histogram for latencies from 1 µs to 10 minutes, 3 significant digits.
pub fn latency_histogram() -> Histogram<u64> {
    #[allow(clippy::expect_used)]
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("constant bounds are valid")
}

/// The figures of a running or stopped OCS.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Statistics {
    /// CCR-Initial received.
    pub ccr_initial_received: u64,
    /// CCR-Update received.
    pub ccr_update_received: u64,
    /// CCR-Termination received.
    pub ccr_terminate_received: u64,
    /// CCR-Event received.
    pub ccr_event_received: u64,
    /// CCAs sent.
    pub cca_sent: u64,
    /// CCAs whose Result-Code is not a success (2xxx).
    pub errors: u64,
    /// CCAs by Result-Code.
    pub result_codes: BTreeMap<u32, u64>,
    /// From the request's handling to its answer's release, after the
    /// group commit.
    pub latency: Latency,
    /// The same by bucket, for `/metrics`.
    #[serde(skip)]
    pub latency_buckets: LatencyBuckets,
    /// Credit-control sessions open now.
    pub open_sessions: usize,
    /// CCR-Initials refused (3004) because the most sessions were open.
    pub sessions_refused: u64,
    /// Requests the transport answered 3004 DIAMETER_TOO_BUSY by load
    /// shedding (`shed_after`, RFC 6733 §7.1.3) before the OCS's ledger
    /// saw them; among the CCAs above (those the node answers itself, for
    /// shedding or validation, are counted with the rest).
    pub requests_shed: u64,
    /// How long the node's event-loop turns took: a request read in a
    /// turn and answered at once (a 3004 of load shedding, an error, a
    /// CCA of the SQLite store) was written out by the turn's end.
    pub turns: TurnFigures,
}

/// Bounds of the event-loop turns' durations, microseconds: each
/// percentile is the upper bound of the doubling bucket holding it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TurnFigures {
    /// Turns counted.
    pub count: u64,
    /// Median, at most.
    pub p50_us: u64,
    /// 99th percentile, at most.
    pub p99_us: u64,
    /// 99.9th percentile, at most.
    pub p999_us: u64,
    /// Longest, at most (the last bucket has no bound: then its lower one).
    pub max_us: u64,
}

impl TurnFigures {
    /// The figures of the node's turns.
    pub fn of(t: &diameter_transport::TurnTimes) -> Self {
        Self {
            count: t.count(),
            p50_us: t.quantile_us(0.5),
            p99_us: t.quantile_us(0.99),
            p999_us: t.quantile_us(0.999),
            max_us: t.quantile_us(1.0),
        }
    }
}

impl fmt::Display for Statistics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = "=".repeat(60);
        writeln!(f, "{rule}")?;
        writeln!(f, "Gy Diameter Application Statistics:")?;
        writeln!(f, "{rule}")?;
        writeln!(f, "CCR Initial Received:    {}", self.ccr_initial_received)?;
        writeln!(f, "CCR Update Received:     {}", self.ccr_update_received)?;
        writeln!(
            f,
            "CCR Terminate Received:  {}",
            self.ccr_terminate_received
        )?;
        writeln!(f, "CCR Event Received:      {}", self.ccr_event_received)?;
        writeln!(f, "CCA Sent:                {}", self.cca_sent)?;
        writeln!(f, "Errors:                  {}", self.errors)?;
        writeln!(f, "Open Sessions:           {}", self.open_sessions)?;
        writeln!(f, "Sessions Refused:        {}", self.sessions_refused)?;
        writeln!(f, "Requests Shed (3004):    {}", self.requests_shed)?;
        let t = &self.turns;
        if t.count > 0 {
            writeln!(
                f,
                "Event-loop turns:        {} (p50 < {} µs, p99 < {} µs, p99.9 < {} µs, max < {} µs)",
                t.count, t.p50_us, t.p99_us, t.p999_us, t.max_us
            )?;
        }
        for class in 1..=5 {
            let n: u64 = (self.result_codes.iter())
                .filter(|(c, _)| **c / 1000 == class)
                .map(|(_, n)| n)
                .sum();
            if n > 0 {
                writeln!(f, "Answers {class}xxx:             {n}")?;
            }
        }
        for (code, n) in &self.result_codes {
            let name = result_code::name(*code).unwrap_or("?");
            writeln!(f, "Result-Code {code} {name}: {n}")?;
        }
        if self.latency.count > 0 {
            writeln!(f, "Latency: {}", self.latency)?;
        }
        write!(f, "{rule}")
    }
}

/// What one event-loop turn counted.
#[derive(Debug, Default)]
pub(crate) struct Turn {
    received: [u64; 4],
    codes: Vec<(u32, u64)>,
    started: Vec<Instant>,
}

impl Turn {
    /// A request of `kind` (`None` for an unknown CC-Request-Type) whose
    /// handling started at `at`, answered with `code`.
    pub(crate) fn count(&mut self, kind: Option<RequestType>, code: u32, at: Instant) {
        if let Some(k) = kind {
            if let Some(n) = self.received.get_mut(k as usize - 1) {
                *n += 1;
            }
        }
        match self.codes.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => self.codes.push((code, 1)),
        }
        self.started.push(at);
    }

    /// Whether nothing was counted.
    pub(crate) fn is_empty(&self) -> bool {
        self.started.is_empty()
    }
}

/// The totals, shared by the event-loop threads.
#[derive(Debug)]
pub(crate) struct Totals {
    inner: Mutex<(Statistics, Histogram<u64>)>,
}

impl Totals {
    pub(crate) fn new() -> Self {
        Totals {
            inner: Mutex::new((Statistics::default(), latency_histogram())),
        }
    }

    /// Adds a turn whose answers are released at `now`, and resets it.
    pub(crate) fn add(&self, turn: &mut Turn, now: Instant) {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let (s, h) = &mut *guard;
        s.ccr_initial_received += turn.received[0];
        s.ccr_update_received += turn.received[1];
        s.ccr_terminate_received += turn.received[2];
        s.ccr_event_received += turn.received[3];
        for &(code, n) in &turn.codes {
            s.cca_sent += n;
            if !(2000..3000).contains(&code) {
                s.errors += n;
            }
            *s.result_codes.entry(code).or_default() += n;
        }
        for t in &turn.started {
            let us = now.saturating_duration_since(*t).as_micros();
            h.saturating_record(u64::try_from(us).unwrap_or(u64::MAX).max(1));
        }
        turn.received = [0; 4];
        turn.codes.clear();
        turn.started.clear();
    }

    /// The totals now, with the open and refused sessions counted by the
    /// caller.
    pub(crate) fn snapshot(&self, open_sessions: usize, sessions_refused: u64) -> Statistics {
        let guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let (s, h) = &*guard;
        Statistics {
            latency: Latency::of(h),
            latency_buckets: LatencyBuckets::of(h),
            open_sessions,
            sessions_refused,
            ..s.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn turns_add_up_exactly() {
        let totals = Totals::new();
        let mut turn = Turn::default();
        let t0 = Instant::now();
        turn.count(Some(RequestType::Initial), 2001, t0);
        turn.count(Some(RequestType::Update), 2001, t0);
        turn.count(Some(RequestType::Update), 4012, t0);
        turn.count(None, 5004, t0);
        totals.add(&mut turn, t0 + Duration::from_micros(250));
        assert!(turn.is_empty());
        turn.count(Some(RequestType::Event), 5030, t0);
        totals.add(&mut turn, t0 + Duration::from_millis(2));
        let s = totals.snapshot(3, 4);
        assert_eq!(
            (
                s.ccr_initial_received,
                s.ccr_update_received,
                s.ccr_terminate_received,
                s.ccr_event_received
            ),
            (1, 2, 0, 1)
        );
        assert_eq!(
            (s.cca_sent, s.errors, s.open_sessions, s.sessions_refused),
            (5, 3, 3, 4)
        );
        assert_eq!(
            s.result_codes,
            BTreeMap::from([(2001, 2), (4012, 1), (5004, 1), (5030, 1)])
        );
        assert_eq!(s.latency.count, 5);
        assert!((249..=251).contains(&s.latency.p50_us), "{:?}", s.latency);
        assert!((1990..=2010).contains(&s.latency.max_us), "{:?}", s.latency);
        let text = s.to_string();
        assert!(text.contains("CCR Update Received:     2"), "{text}");
        assert!(text.contains("Sessions Refused:        4"), "{text}");
        assert!(text.contains("Result-Code 4012 DIAMETER_CREDIT_LIMIT_REACHED: 1"));
        assert!(text.contains("Answers 2xxx:             2"), "{text}");
        assert!(text.contains("Answers 5xxx:             2"), "{text}");
    }
}
