//! A load run over time: answers and their latencies by interval, in a
//! bounded number of intervals (they widen as the run goes on).

use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// Most intervals kept; past it, neighbours are merged and the width
/// doubles.
const MAX_INTERVALS: usize = 512;

/// The first intervals' width.
const FIRST_WIDTH: Duration = Duration::from_millis(10);

/// Answers and latencies of a run by interval since its start.
#[derive(Debug, Clone)]
pub struct Timeline {
    width: Duration,
    intervals: Vec<Histogram<u64>>,
}

/// One interval of a [`Timeline`], as reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Its start, seconds since the run's.
    pub t_s: f64,
    /// Answers received in it, per second.
    pub answers_per_s: f64,
    /// Latency percentiles of those answers, microseconds (0 when none).
    pub p50_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// 99.9th percentile.
    pub p999_us: u64,
}

impl Default for Timeline {
    fn default() -> Self {
        Self {
            width: FIRST_WIDTH,
            intervals: Vec::new(),
        }
    }
}

/// A histogram of latencies from 1 µs to 10 minutes, 2 significant
/// digits: small enough to keep one per interval.
fn interval_histogram() -> Histogram<u64> {
    #[allow(clippy::expect_used)]
    Histogram::new_with_bounds(1, 600_000_000, 2).expect("constant bounds are valid")
}

impl Timeline {
    /// An answer received `since` the run's start, `latency_us` after its
    /// request was sent.
    pub fn record(&mut self, since: Duration, latency_us: u64) {
        let mut i = (since.as_nanos() / self.width.as_nanos().max(1)) as usize;
        while i >= MAX_INTERVALS {
            self.widen();
            i = (since.as_nanos() / self.width.as_nanos().max(1)) as usize;
        }
        while self.intervals.len() <= i {
            self.intervals.push(interval_histogram());
        }
        if let Some(h) = self.intervals.get_mut(i) {
            h.saturating_record(latency_us.max(1));
        }
    }

    /// Merges neighbouring intervals: twice as wide, half as many.
    fn widen(&mut self) {
        let old = std::mem::take(&mut self.intervals);
        let mut pairs = old.into_iter();
        while let Some(mut a) = pairs.next() {
            if let Some(b) = pairs.next() {
                let _ = a.add(&b);
            }
            self.intervals.push(a);
        }
        self.width = self.width.saturating_mul(2);
    }

    /// The intervals, for a report.
    pub fn points(&self) -> Vec<Point> {
        let secs = self.width.as_secs_f64();
        (self.intervals.iter().enumerate())
            .map(|(i, h)| Point {
                t_s: i as f64 * secs,
                answers_per_s: h.len() as f64 / secs.max(1e-9),
                p50_us: h.value_at_quantile(0.5),
                p99_us: h.value_at_quantile(0.99),
                p999_us: h.value_at_quantile(0.999),
            })
            .collect()
    }
}

/// A latency histogram as report bars: (upper bound in µs, count) for
/// buckets doubling from 1 µs, up to the largest value recorded.
pub fn bars(h: &Histogram<u64>) -> Vec<(u64, u64)> {
    if h.is_empty() {
        return Vec::new();
    }
    h.iter_log(1, 2.0)
        .map(|v| (v.value_iterated_to(), v.count_since_last_iteration()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_widen_and_keep_every_answer() {
        let mut t = Timeline::default();
        for ms in 0..400_000u64 {
            t.record(Duration::from_millis(ms), 100 + ms % 1000);
        }
        let points = t.points();
        assert!(points.len() <= MAX_INTERVALS && points.len() > MAX_INTERVALS / 4);
        let secs = points.get(1).map_or(0.0, |p| p.t_s);
        let total: f64 = points.iter().map(|p| p.answers_per_s * secs).sum();
        assert!((total - 400_000.0).abs() < 1.0, "{total}");
        assert!(points.iter().all(|p| p.p50_us >= 100 && p.p999_us <= 1_110));
    }
}
