//! The OCS's [`Statistics`] as Prometheus metrics (see [`crate::metrics`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};

use super::stats::{Statistics, LATENCY_BOUNDS_US};

/// Reads the OCS's statistics at each scrape.
pub struct GyCollector {
    statistics: Box<dyn Fn() -> Statistics + Send + Sync>,
    commits: Arc<CommitMetrics>,
}

/// How the store's group commits go: each commit's duration, and how
/// many accounts it writes (the group a commit makes of every request of
/// an event-loop turn, or of a store thread's batch, that touched them).
#[derive(Debug)]
pub struct CommitMetrics {
    latency: Histogram,
    accounts: Histogram,
}

impl Default for CommitMetrics {
    fn default() -> Self {
        Self {
            // 10 µs to about 5 s.
            latency: Histogram::new(exponential_buckets(1e-5, 2.0, 20)),
            // 1 to 32,768 accounts.
            accounts: Histogram::new(exponential_buckets(1.0, 2.0, 16)),
        }
    }
}

impl CommitMetrics {
    /// Counts a commit of `accounts` accounts that took `took`.
    pub fn observe(&self, took: Duration, accounts: usize) {
        self.latency.observe(took.as_secs_f64());
        self.accounts.observe(accounts as f64);
    }
}

impl fmt::Debug for GyCollector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GyCollector").finish_non_exhaustive()
    }
}

impl GyCollector {
    /// The metrics of what `statistics` gives, and of `commits`.
    pub fn new(
        statistics: impl Fn() -> Statistics + Send + Sync + 'static,
        commits: Arc<CommitMetrics>,
    ) -> Self {
        Self {
            statistics: Box::new(statistics),
            commits,
        }
    }
}

/// Writes one counter or gauge without labels.
fn single(
    encoder: &mut DescriptorEncoder<'_>,
    (name, help): (&str, &str),
    metric: &impl EncodeMetric,
) -> fmt::Result {
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

impl Collector for GyCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> fmt::Result {
        let s = (self.statistics)();
        let help = "CCRs the OCS handled, by CC-Request-Type (RFC 4006 §8.3).";
        let mut family = encoder.encode_descriptor(
            "gy_ccr_received",
            help,
            None,
            ConstCounter::new(0u64).metric_type(),
        )?;
        for (kind, n) in [
            ("initial", s.ccr_initial_received),
            ("update", s.ccr_update_received),
            ("termination", s.ccr_terminate_received),
            ("event", s.ccr_event_received),
        ] {
            ConstCounter::new(n).encode(family.encode_family(&[("type", kind)])?)?;
        }
        let help = "CCAs the OCS sent, by Result-Code.";
        let mut family = encoder.encode_descriptor(
            "gy_cca_sent",
            help,
            None,
            ConstCounter::new(0u64).metric_type(),
        )?;
        for (code, n) in &s.result_codes {
            let code = code.to_string();
            ConstCounter::new(*n)
                .encode(family.encode_family(&[("result_code", code.as_str())])?)?;
        }
        let open = i64::try_from(s.open_sessions).unwrap_or(i64::MAX);
        single(
            &mut encoder,
            ("gy_open_sessions", "Credit-control sessions open now."),
            &ConstGauge::new(open),
        )?;
        let refused = (
            "gy_sessions_refused",
            "CCR-Initials refused (3004) at the most sessions open.",
        );
        single(
            &mut encoder,
            refused,
            &ConstCounter::new(s.sessions_refused),
        )?;
        let help = "Latency from a CCR's handling to its answer's release after the group \
                    commit, microseconds, since the start, by percentile.";
        let gauge = ConstGauge::new(0i64);
        let name = "gy_answer_latency_microseconds";
        let mut family = encoder.encode_descriptor(name, help, None, gauge.metric_type())?;
        let l = s.latency;
        let percentiles = [
            ("50", l.p50_us),
            ("90", l.p90_us),
            ("99", l.p99_us),
            ("99.9", l.p999_us),
            ("100", l.max_us),
        ];
        for (percentile, us) in percentiles {
            let value = i64::try_from(us).unwrap_or(i64::MAX);
            ConstGauge::new(value).encode(family.encode_family(&[("percentile", percentile)])?)?;
        }
        let help = "Latency from a CCR's handling to its answer's release after the group \
                    commit, seconds.";
        let mut metric = encoder.encode_descriptor(
            "gy_answer_latency_seconds",
            help,
            None,
            prometheus_client::metrics::MetricType::Histogram,
        )?;
        let b = &s.latency_buckets;
        let buckets: Vec<(f64, u64)> = (b.counts.iter().enumerate())
            .map(|(i, n)| match LATENCY_BOUNDS_US.get(i) {
                Some(&us) => (us as f64 / 1e6, *n),
                None => (f64::INFINITY, *n),
            })
            .collect();
        metric.encode_histogram::<prometheus_client::encoding::NoLabelSet>(
            b.sum_us / 1e6,
            s.latency.count,
            &buckets,
            None,
        )?;
        let c = &self.commits;
        let help = "How long the store's group commits took, seconds.";
        let latency = ("gy_store_commit_seconds", help);
        single(&mut encoder, latency, &c.latency)?;
        let help = "How many accounts each group commit of the store wrote.";
        single(
            &mut encoder,
            ("gy_store_commit_accounts", help),
            &c.accounts,
        )?;
        Ok(())
    }
}
