//! `--metrics IP:PORT`: what a running node counts, in the Prometheus text
//! format on `GET /metrics`.
//!
//! The exposition is prometheus-client's (OpenMetrics text) and the HTTP
//! side tiny_http's, on a thread of its own. The figures are read at each
//! scrape from what the node and its role count anyway ([`Collector`]s),
//! so serving metrics costs the event loops nothing. Labels are bounded:
//! peers by Origin-Host (the node's peers, and at most 1,024 that have
//! gone, the rest summed as `(others)`), states and Result-Codes; never a
//! Session-Id or a subscriber.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use diameter_transport::{
    Client, CountersSnapshot, Flow, OverloadState, TrafficKey, TurnTimes, OTHER_TRAFFIC,
    TURN_BUCKETS,
};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric, NoLabelSet};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::registry::Registry;
use tracing::warn;

/// The `--metrics` option of every server role.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MetricsArgs {
    /// Serve Prometheus metrics on `http://IP:PORT/metrics` (port 0: any
    /// free port, printed at start).
    #[arg(long = "metrics", value_name = "IP:PORT")]
    pub address: Option<SocketAddr>,
}

/// A running `/metrics` endpoint; dropping it stops it.
pub struct Exporter {
    server: Arc<tiny_http::Server>,
    address: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl fmt::Debug for Exporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exporter")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl Exporter {
    /// Serves `registry` on `address`.
    ///
    /// # Errors
    /// The address cannot be bound.
    pub fn start(address: SocketAddr, registry: Registry) -> io::Result<Self> {
        let server = tiny_http::Server::http(address).map_err(|e| {
            io::Error::new(
                io::ErrorKind::AddrNotAvailable,
                format!("--metrics {address}: {e}"),
            )
        })?;
        let server = Arc::new(server);
        let address = (server.server_addr().to_ip()).unwrap_or(address);
        let thread = {
            let server = Arc::clone(&server);
            std::thread::Builder::new()
                .name("metrics".into())
                .spawn(move || answer_scrapes(&server, &registry))?
        };
        Ok(Self {
            server,
            address,
            thread: Some(thread),
        })
    }

    /// The address it listens on (with the port bound for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What prometheus-client's text encoder writes.
const CONTENT_TYPE: &[u8] = b"application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Answers each request until the server is unblocked: the metrics for
/// `GET /metrics`, 404 for other paths, 405 for other methods.
fn answer_scrapes(server: &tiny_http::Server, registry: &Registry) {
    for request in server.incoming_requests() {
        let response = match (request.method(), request.url()) {
            (tiny_http::Method::Get, "/metrics") => {
                let mut text = String::new();
                match prometheus_client::encoding::text::encode(&mut text, registry) {
                    Ok(()) => {
                        let response = tiny_http::Response::from_string(text);
                        match tiny_http::Header::from_bytes(&b"Content-Type"[..], CONTENT_TYPE) {
                            Ok(h) => response.with_header(h),
                            Err(()) => response,
                        }
                    }
                    Err(e) => {
                        warn!(error = %e, "metrics not encoded");
                        tiny_http::Response::from_string("not encoded\n").with_status_code(500)
                    }
                }
            }
            (tiny_http::Method::Get, _) => {
                tiny_http::Response::from_string("only /metrics here\n").with_status_code(404)
            }
            _ => tiny_http::Response::from_string("GET only\n").with_status_code(405),
        };
        if let Err(e) = request.respond(response) {
            warn!(error = %e, "metrics scrape not answered");
        }
    }
}

/// Starts the `/metrics` endpoint of a node when `address` is given,
/// with the node's peers (see [`NodeCollector`]) and `role`'s own
/// collector; prints where it listens.
///
/// # Errors
/// The address cannot be bound.
pub fn serve(
    address: Option<SocketAddr>,
    client: Client,
    role: Option<Box<dyn Collector>>,
) -> io::Result<Option<Exporter>> {
    let exporter = start(address, client, role)?;
    if let Some(e) = &exporter {
        crate::outln!("Metrics on: http://{}/metrics", e.local_addr());
    }
    Ok(exporter)
}

/// [`serve`] without saying where.
fn start(
    address: Option<SocketAddr>,
    client: Client,
    role: Option<Box<dyn Collector>>,
) -> io::Result<Option<Exporter>> {
    let Some(address) = address else {
        return Ok(None);
    };
    let mut registry = Registry::default();
    registry.register_collector(Box::new(NodeCollector::new(client)));
    if let Some(role) = role {
        registry.register_collector(role);
    }
    Exporter::start(address, registry).map(Some)
}

/// [`serve`] for a load generator: it says where on standard error, its
/// standard output being its summary.
///
/// # Errors
/// The address cannot be bound.
pub fn start_for_load(address: Option<SocketAddr>, client: Client) -> io::Result<Option<Exporter>> {
    let exporter = start(address, client, None)?;
    if let Some(e) = &exporter {
        eprintln!("Metrics on: http://{}/metrics", e.local_addr());
    }
    Ok(exporter)
}

/// The metrics every node has: per peer, its state and what it counted
/// (RFC 6733 §5.6 states, RFC 3539 watchdog states), and the node's load
/// shedding.
#[derive(Debug)]
pub struct NodeCollector {
    client: Mutex<Client>,
}

impl NodeCollector {
    /// The metrics of the node `client` belongs to.
    pub fn new(client: Client) -> Self {
        Self {
            client: Mutex::new(client),
        }
    }
}

/// The node's turn durations now.
fn client_turns(client: &Mutex<Client>) -> TurnTimes {
    client
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .turns()
}

/// The node's messages by application, command and Result-Code: requests
/// received and sent, answers received (from peers) and sent (written by
/// the role's handler, or by the node itself: the validator's, routing's
/// and load shedding's answers, RFC 6733 §7.1).
fn encode_traffic(
    encoder: &mut DescriptorEncoder<'_>,
    traffic: &[(TrafficKey, u64)],
) -> Result<(), fmt::Error> {
    let number = |n: u32| match n {
        OTHER_TRAFFIC => "other".to_string(),
        n => n.to_string(),
    };
    let counter = ConstCounter::new(0u64);
    let help = "Requests by direction, Application-ID and Command-Code.";
    let mut requests =
        encoder.encode_descriptor("diameter_requests", help, None, counter.metric_type())?;
    for (key, n) in traffic {
        let direction = match key.flow {
            Flow::RequestsReceived => "received",
            Flow::RequestsSent => "sent",
            _ => continue,
        };
        let (application, command) = (number(key.application), number(key.command));
        let labels = [
            ("direction", direction),
            ("application", application.as_str()),
            ("command", command.as_str()),
        ];
        ConstCounter::new(*n).encode(requests.encode_family(&labels)?)?;
    }
    let help = "Answers by direction, who wrote them (peer; this node's handler; the node \
                itself: validator, routing, load shedding), Application-ID, Command-Code and \
                Result-Code (or Experimental-Result-Code; 0 for neither).";
    let mut answers =
        encoder.encode_descriptor("diameter_answers", help, None, counter.metric_type())?;
    for (key, n) in traffic {
        let (direction, source) = match key.flow {
            Flow::AnswersReceived => ("received", "peer"),
            Flow::AnsweredByHandler => ("sent", "handler"),
            Flow::AnsweredByNode => ("sent", "node"),
            Flow::RequestsReceived | Flow::RequestsSent => continue,
        };
        let (application, command) = (number(key.application), number(key.command));
        let code = number(key.result_code);
        let labels = [
            ("direction", direction),
            ("source", source),
            ("application", application.as_str()),
            ("command", command.as_str()),
            ("result_code", code.as_str()),
        ];
        ConstCounter::new(*n).encode(answers.encode_family(&labels)?)?;
    }
    Ok(())
}

/// The overload reports (RFC 7683) in force: the node's own while it
/// sheds load, and those it abates by (from its peers, or made on behalf
/// of one), each with the reduction it asks for.
fn encode_overload(
    encoder: &mut DescriptorEncoder<'_>,
    overload: &[OverloadState],
) -> Result<(), fmt::Error> {
    let help = "Overload reports in force (RFC 7683), by role (reporting: this node's \
                own; reacting: one it abates by), Application-ID, report type and the \
                host or realm they are about: the reduction asked for, percent.";
    let gauge = ConstGauge::new(0i64);
    let name = "diameter_overload_reduction_percent";
    let mut family = encoder.encode_descriptor(name, help, None, gauge.metric_type())?;
    for s in overload {
        let application = s.application.to_string();
        let labels = [
            ("role", if s.reporting { "reporting" } else { "reacting" }),
            ("application", application.as_str()),
            ("report_type", if s.host_report { "host" } else { "realm" }),
            ("name", s.name.as_str()),
        ];
        ConstGauge::new(i64::from(s.reduction)).encode(family.encode_family(&labels)?)?;
    }
    Ok(())
}

/// One counter of [`CountersSnapshot`]: its metric name, help, and value.
type Field = (&'static str, &'static str, fn(&CountersSnapshot) -> u64);

/// The per-peer counters, as counters.
const COUNTERS: [Field; 9] = [
    (
        "diameter_requests_received",
        "Requests received from the peer.",
        |c| c.requests_in,
    ),
    ("diameter_answers_sent", "Answers sent to the peer.", |c| {
        c.answers_out
    }),
    (
        "diameter_requests_sent",
        "Requests sent to the peer.",
        |c| c.requests_out,
    ),
    (
        "diameter_answers_received",
        "Answers received from the peer.",
        |c| c.answers_in,
    ),
    (
        "diameter_errors",
        "Requests of the peer answered with an error by the validator or the transport.",
        |c| c.errors,
    ),
    (
        "diameter_timeouts",
        "Requests to the peer that got no answer in time.",
        |c| c.timeouts,
    ),
    (
        "diameter_shed",
        "Requests of the peer answered 3004 by load shedding.",
        |c| c.shed,
    ),
    (
        "diameter_abated",
        "Requests for the peer that overload control (RFC 7683) abated.",
        |c| c.abated,
    ),
    (
        "diameter_failovers",
        "Requests to the peer sent elsewhere when it failed (RFC 6733 §5.5.4).",
        |c| c.failovers,
    ),
];

impl Collector for NodeCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), fmt::Error> {
        let (peers, departed, shed, traffic, overload) = {
            let client = self.client.lock().unwrap_or_else(PoisonError::into_inner);
            (
                client.peers(),
                client.departed(),
                client.shed(),
                client.traffic(),
                client.overload(),
            )
        };
        encode_traffic(&mut encoder, &traffic)?;
        encode_overload(&mut encoder, &overload)?;
        let mut counted: Vec<(String, CountersSnapshot)> = (peers.iter())
            .filter(|p| !p.host.is_empty())
            .map(|p| (p.host.clone(), p.counters()))
            .collect();
        for (host, c) in departed {
            match counted.iter_mut().find(|(h, _)| *h == host) {
                Some((_, sum)) => *sum += c,
                None => counted.push((host, c)),
            }
        }
        for (name, help, value) in COUNTERS {
            let mut family = encoder.encode_descriptor(
                name,
                help,
                None,
                ConstCounter::new(0u64).metric_type(),
            )?;
            for (host, c) in &counted {
                let labels = [("peer", host.as_str())];
                ConstCounter::new(value(c)).encode(family.encode_family(&labels)?)?;
            }
        }
        let help = "Answers received from the peer, by Result-Code class (none: no Result-Code).";
        let mut family = encoder.encode_descriptor(
            "diameter_answers_by_class",
            help,
            None,
            ConstCounter::new(0u64).metric_type(),
        )?;
        for (host, c) in &counted {
            for (i, n) in c.answer_classes.iter().enumerate() {
                let class = match i {
                    0 => "none".to_string(),
                    i => format!("{i}xxx"),
                };
                let labels = [("peer", host.as_str()), ("class", class.as_str())];
                ConstCounter::new(*n).encode(family.encode_family(&labels)?)?;
            }
        }
        let help = "Requests sent to the peer and not answered yet.";
        let gauge = ConstGauge::new(0i64);
        let mut family = encoder.encode_descriptor(
            "diameter_outstanding_requests",
            help,
            None,
            gauge.metric_type(),
        )?;
        for p in peers.iter().filter(|p| !p.host.is_empty()) {
            let value = i64::try_from(p.counters().outstanding).unwrap_or(i64::MAX);
            ConstGauge::new(value).encode(family.encode_family(&[("peer", p.host.as_str())])?)?;
        }
        let help = "1 for each peer connected now, with its state and its watchdog's.";
        let mut family =
            encoder.encode_descriptor("diameter_peer", help, None, gauge.metric_type())?;
        for p in &peers {
            let labels = [
                ("peer", p.host.as_str()),
                ("state", p.state),
                ("watchdog", p.watchdog),
            ];
            ConstGauge::new(1i64).encode(family.encode_family(&labels)?)?;
        }
        let turns = client_turns(&self.client);
        let help = "How long the event loops' turns took: a request read in a turn and \
                    answered at once was written out by its end.";
        let mut metric = encoder.encode_descriptor(
            "diameter_event_loop_turn_seconds",
            help,
            None,
            prometheus_client::metrics::MetricType::Histogram,
        )?;
        let buckets: Vec<(f64, u64)> = (turns.counts.iter().enumerate())
            .map(|(i, n)| match i {
                i if i + 1 == TURN_BUCKETS => (f64::INFINITY, *n),
                i => (TurnTimes::upper_us(i) as f64 / 1e6, *n),
            })
            .collect();
        let sum = turns.sum_us as f64 / 1e6;
        metric.encode_histogram::<NoLabelSet>(sum, turns.count(), &buckets, None)?;
        let help = "Requests answered 3004 by load shedding, every peer included.";
        let counter = ConstCounter::new(shed);
        counter.encode(encoder.encode_descriptor(
            "diameter_node_shed",
            help,
            None,
            counter.metric_type(),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes the overload states `states` as a scrape would.
    struct Overload(Vec<OverloadState>);

    impl fmt::Debug for Overload {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Overload")
        }
    }

    impl Collector for Overload {
        fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), fmt::Error> {
            encode_overload(&mut encoder, &self.0)
        }
    }

    #[test]
    fn overload_reports_are_gauges_labelled_by_role_application_type_and_name() {
        let state = |reporting, name: &str, reduction| OverloadState {
            reporting,
            application: 4,
            host_report: !reporting,
            name: name.into(),
            reduction,
            until: None,
        };
        let mut registry = Registry::default();
        registry.register_collector(Box::new(Overload(vec![
            state(true, "example.com", 50),
            state(false, "ocs1.example.com", 30),
        ])));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();
        let lines = text.lines().map(|l| Ok(l.to_string()));
        let scrape = prometheus_parse::Scrape::parse(lines).unwrap();
        let mut seen: Vec<(String, String, String, f64)> = (scrape.samples.iter())
            .filter(|s| s.metric == "diameter_overload_reduction_percent")
            .map(|s| {
                let value = match s.value {
                    prometheus_parse::Value::Gauge(v) => v,
                    _ => f64::NAN,
                };
                (
                    s.labels["role"].to_string(),
                    s.labels["report_type"].to_string(),
                    s.labels["name"].to_string(),
                    value,
                )
            })
            .collect();
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        let want = [
            ("reacting", "host", "ocs1.example.com", 30.0),
            ("reporting", "realm", "example.com", 50.0),
        ]
        .map(|(r, t, n, v)| (r.to_string(), t.to_string(), n.to_string(), v));
        assert_eq!(seen, want);
    }
}
