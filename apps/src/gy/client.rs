//! The gateway side of Gy, and the load generator: runs credit-control
//! sessions against an OCS through a Diameter node of its own.
//!
//! Each session sends CCR-Initial with a Requested-Service-Unit, then
//! `updates` CCR-Updates reporting all the units granted (Used-Service-Unit)
//! and asking for more, then CCR-Termination with the last usage
//! (RFC 4006 §5.1, TS 32.299 §6.3). A grant with Final-Unit-Indication
//! ends the session after its units are used (RFC 4006 §5.6.1); an answer
//! other than DIAMETER_SUCCESS ends it at once (RFC 4006 §7, client state
//! machine). `concurrency` sessions are in flight at once, their requests
//! pipelined on the one connection; every answer is checked.
//!
//! Only the OCS's answers count in the rates. When the OCS goes away (DPR,
//! a lost connection) the run starts no more sessions and sends nothing
//! more: the sessions in flight end with the answers the node makes up
//! (3002, counted apart, [`crate::peer_watch`]) and those between two
//! requests are abandoned; [`Summary::peer_lost`] says so.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cli::TlsPlan;
use diameter_core::dict::{application, result_code as rc};
use diameter_core::wire::Message;
use diameter_transport::{AppId, Client, Node, NodeConfig, PeerConfig, TlsMode};
use hdrhistogram::Histogram;
use serde::Serialize;
use smallvec::smallvec;

use super::cca::{Cca, SessionFailover};
use super::ccr::{Ccr, IdType, RequestType, ServiceRequest, SubscriptionId, SubscriptionIds};
use super::stats::{latency_histogram, Latency};
use super::subscribers::Subscribers;
use super::units::{Amounts, ServiceKey, Unit};
use crate::peer_watch::{PeerWatch, Source};
use crate::report::{bars, Point, Report, Timeline};

/// What to run.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// The OCS.
    pub peer: SocketAddr,
    /// The Origin-Host the OCS must present; with TLS at connect, the
    /// name its certificate must hold (RFC 6733 §13.1).
    pub peer_host: Option<String>,
    /// TLS to the OCS (RFC 6733 §13); clear text when `None`.
    pub tls: Option<TlsPlan>,
    /// Origin-Host.
    pub host: String,
    /// Origin-Realm.
    pub realm: String,
    /// Destination-Realm.
    pub destination_realm: String,
    /// The subscribers, used in turn.
    pub subscribers: Subscribers,
    /// Their Subscription-Id-Type.
    pub id_type: IdType,
    /// Sessions to run; unbounded when `None` (then `duration` ends the run).
    pub count: Option<u64>,
    /// CCR-Updates per session.
    pub updates: u32,
    /// Sessions in flight at once.
    pub concurrency: usize,
    /// Most requests sent per second.
    pub rate: Option<f64>,
    /// Stop starting sessions after this long; open ones then terminate.
    pub duration: Option<Duration>,
    /// What to ask for.
    pub unit: Unit,
    /// How much to ask for each time; an empty Requested-Service-Unit when `None`.
    pub requested: Option<u64>,
    /// The Rating-Group of the one MSCC.
    pub rating_group: u32,
    /// How long a request waits for its answer.
    pub timeout: Duration,
    /// Whether to react to the OCS's overload reports (RFC 7683).
    pub doic: bool,
    /// Where to serve the client node's Prometheus metrics during the run.
    pub metrics: Option<SocketAddr>,
}

impl LoadConfig {
    /// One session of one subscriber, with the defaults of `diameter gy-client`.
    pub fn new(peer: SocketAddr, subscribers: Subscribers) -> Self {
        LoadConfig {
            peer,
            peer_host: None,
            tls: None,
            host: "gy-client.example.net".into(),
            realm: "example.net".into(),
            destination_realm: "example.com".into(),
            subscribers,
            id_type: IdType::Imsi,
            count: Some(1),
            updates: 1,
            concurrency: 1,
            rate: None,
            duration: None,
            unit: Unit::Octets,
            requested: None,
            rating_group: 1,
            timeout: Duration::from_secs(10),
            doic: false,
            metrics: None,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Sessions started (CCR-I sent).
    pub sessions_started: u64,
    /// Sessions ended by a successful CCR-T.
    pub sessions_completed: u64,
    /// Sessions ended by an answer other than DIAMETER_SUCCESS, including
    /// those our own node made up and those abandoned.
    pub sessions_failed: u64,
    /// Sessions given up between two requests because the OCS was gone
    /// (counted in `sessions_failed` too).
    pub sessions_abandoned: u64,
    /// Whether the OCS went away during the run (DPR, lost connection):
    /// no session was started after.
    pub peer_lost: bool,
    /// CCRs sent.
    pub requests: u64,
    /// Answers the OCS sent.
    pub answers: u64,
    /// The OCS's answers by Result-Code.
    pub result_codes: BTreeMap<u32, u64>,
    /// Answers our own node made up without the OCS (3002, 3003).
    pub local_answers: u64,
    /// Those by Result-Code.
    pub local_result_codes: BTreeMap<u32, u64>,
    /// Answers whose Session-Id, CC-Request-Type or CC-Request-Number did
    /// not echo the request's.
    pub mismatches: u64,
    /// Requests sent again, with the T flag and without Destination-Host,
    /// because their server could not be reached (RFC 4006 §5.7).
    pub failovers: u64,
    /// Units granted, all sessions together (the unit sums saturate: the
    /// OCS decides the amounts).
    pub units_granted: u64,
    /// Units reported used (Used-Service-Unit) in every CCR sent.
    pub units_reported: u64,
    /// Units reported in CCRs the OCS answered with DIAMETER_SUCCESS or
    /// DIAMETER_CREDIT_LIMIT_REACHED: the usage it has debited.
    pub units_acknowledged: u64,
    /// Units reported in CCRs that only our own node answered: the OCS may
    /// or may not have debited them.
    pub units_unconfirmed: u64,
    /// Seconds from the first request to the last answer.
    pub elapsed_s: f64,
    /// The OCS's answers per second.
    pub throughput: f64,
    /// Request-to-answer latency of the OCS's answers.
    pub latency: Latency,
    /// The same by Result-Code class ("2xxx" for successes, "3xxx" for
    /// protocol errors such as 3004 DIAMETER_TOO_BUSY, ...; RFC 6733
    /// §7.1), "none" for answers without one.
    pub latency_by_class: BTreeMap<String, Latency>,
    /// Answers and latency percentiles over the run, by interval.
    pub timeline: Vec<Point>,
    /// The latency histogram: (upper bound in µs, answers), log2 buckets.
    pub latency_histogram: Vec<(u64, u64)>,
}

impl Summary {
    /// The picture of this run (see [`crate::report`]), titled `title`.
    pub fn report(&self, title: String) -> Report {
        Report {
            title,
            timeline: self.timeline.clone(),
            latency: self.latency_histogram.clone(),
            results: (self.result_codes.iter())
                .map(|(code, n)| (code.to_string(), *n))
                .collect(),
        }
    }
}

/// The class of Result-Code `code` (RFC 6733 §7.1: its thousands digit).
fn code_class(code: u32) -> String {
    match code / 1000 {
        0 => "none".into(),
        c => format!("{c}xxx"),
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "sessions: {} started, {} completed, {} failed ({} abandoned)",
            self.sessions_started,
            self.sessions_completed,
            self.sessions_failed,
            self.sessions_abandoned
        )?;
        if self.peer_lost {
            writeln!(f, "the OCS went away: no session was started after")?;
        }
        writeln!(
            f,
            "requests: {} sent, {} answered by the OCS in {:.3} s: {:.0} CCR/CCA per second",
            self.requests, self.answers, self.elapsed_s, self.throughput
        )?;
        let codes = |f: &mut std::fmt::Formatter<'_>, codes: &BTreeMap<u32, u64>| {
            codes.iter().try_for_each(|(code, n)| {
                let name = rc::name(*code).unwrap_or("?");
                writeln!(f, "  Result-Code {code} {name}: {n}")
            })
        };
        codes(f, &self.result_codes)?;
        if self.local_answers > 0 {
            writeln!(
                f,
                "answered by this node, without the OCS: {}",
                self.local_answers
            )?;
            codes(f, &self.local_result_codes)?;
        }
        if self.mismatches > 0 {
            writeln!(f, "answers not matching their request: {}", self.mismatches)?;
        }
        if self.failovers > 0 {
            writeln!(f, "requests moved to another server: {}", self.failovers)?;
        }
        writeln!(
            f,
            "units: {} granted, {} reported used, {} acknowledged, {} unconfirmed",
            self.units_granted,
            self.units_reported,
            self.units_acknowledged,
            self.units_unconfirmed
        )?;
        write!(f, "latency: {}", self.latency)?;
        for (class, latency) in &self.latency_by_class {
            write!(f, "\n  {class} answers ({}): {latency}", latency.count)?;
        }
        Ok(())
    }
}

/// Progress so far: sessions ended and answers received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Sessions ended, either way.
    pub sessions_done: u64,
    /// Answers the OCS sent.
    pub answers: u64,
}

/// One session slot.
#[derive(Debug)]
struct Slot {
    session_id: String,
    subscriber: String,
    number: u32,
    updates_done: u32,
    /// The Origin-Host of the session's first answer, named in
    /// Destination-Host of the requests after it (RFC 4006 §5.1).
    server: Option<String>,
    /// The server said FAILOVER_SUPPORTED (CC-Session-Failover, RFC 4006
    /// §8.4): the session may move to another server.
    failover: bool,
    /// The request in flight is sent again after a failure (T flag).
    resent: bool,
    /// The last grant, in its unit, and whether it was the final one.
    granted: Option<(Unit, u64)>,
    final_units: bool,
    /// The request in flight.
    sent: RequestType,
    sent_at: Instant,
    reported: u64,
}

/// Runs the sessions and sums them up; `progress` is called a few times a
/// second.
///
/// # Errors
/// The OCS cannot be reached, or it stopped answering.
pub fn run(cfg: &LoadConfig, progress: &mut dyn FnMut(Progress)) -> io::Result<Summary> {
    let node = start_node(cfg)?;
    let result = Driver::new(cfg, node.client()).run(progress);
    node.stop()?;
    result
}

/// A node of our own (one thread) with the OCS as its one peer; waits
/// until the peer is open (CER/CEA done).
fn start_node(cfg: &LoadConfig) -> io::Result<Node> {
    let mut node = NodeConfig::new(&cfg.host, &cfg.realm);
    node.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    node.peers = vec![PeerConfig {
        address: cfg.peer,
        host: cfg.peer_host.clone(),
        tls: TlsMode::Off,
    }];
    if let Some(tls) = &cfg.tls {
        tls.connect(&mut node);
    }
    node.threads = 1;
    node.request_timeout = cfg.timeout;
    node.doic = crate::cli::doic_reacting(cfg.doic);
    node.product_name = "diameter-rs gy-client".into();
    let node = Node::start(node, |_| diameter_transport::NoApplications)?;
    let _metrics = crate::metrics::start_for_load(cfg.metrics, node.client())?;
    let t0 = Instant::now();
    while !node.peers().iter().any(|p| p.is_open()) {
        if t0.elapsed() > Duration::from_secs(5) {
            let _ = node.stop();
            return Err(io::Error::new(
                io::ErrorKind::ConnectionRefused,
                format!(
                    "no Diameter connection to {} (is the OCS running?)",
                    cfg.peer
                ),
            ));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Ok(node)
}

/// The state of a run.
struct Driver<'c> {
    cfg: &'c LoadConfig,
    client: Client,
    watch: PeerWatch,
    reply: diameter_transport::Reply,
    answers: Receiver<diameter_transport::Answer>,
    slots: Vec<Option<Slot>>,
    /// Slots by the End-to-End Identifier of their request in flight
    /// (identifiers this client assigns: a fast hash will do).
    pending: HashMap<u32, usize, foldhash::fast::RandomState>,
    /// Slots whose next request waits for the rate limit.
    deferred: VecDeque<usize>,
    live: usize,
    boot: u64,
    t0: Instant,
    summary: Summary,
    latency: Histogram<u64>,
    /// Latency by Result-Code class (thousands digit).
    by_class: BTreeMap<u32, Histogram<u64>>,
    /// Answers over time.
    timeline: Timeline,
}

impl<'c> Driver<'c> {
    fn new(cfg: &'c LoadConfig, client: Client) -> Self {
        let (reply, answers) = channel();
        Driver {
            cfg,
            watch: PeerWatch::new(&cfg.host, client.clone()),
            client,
            reply,
            answers,
            slots: (0..cfg.concurrency.max(1)).map(|_| None).collect(),
            pending: HashMap::default(),
            deferred: VecDeque::new(),
            live: 0,
            boot: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            t0: Instant::now(),
            summary: Summary::default(),
            latency: latency_histogram(),
            by_class: BTreeMap::new(),
            timeline: Timeline::default(),
        }
    }

    fn run(mut self, progress: &mut dyn FnMut(Progress)) -> io::Result<Summary> {
        self.t0 = Instant::now();
        for i in 0..self.slots.len() {
            self.start_session(i, Instant::now())?;
        }
        let mut last_answer = Instant::now();
        let mut last_progress = Instant::now();
        while self.live > 0 {
            let wait = self.send_due()?;
            // The clock is read once per answer: its latency, the next
            // request's send time and the progress tick all use it.
            let next = match self.answers.try_recv() {
                Ok(answer) => Ok(answer),
                Err(TryRecvError::Empty) => self.answers.recv_timeout(wait),
                Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
            };
            let now = Instant::now();
            match next {
                Ok(bytes) => {
                    last_answer = now;
                    self.on_answer(&bytes, now)?;
                }
                Err(RecvTimeoutError::Timeout) => {
                    if self.deferred.is_empty()
                        && now.saturating_duration_since(last_answer)
                            > self.cfg.timeout + Duration::from_secs(5)
                    {
                        return Err(io::Error::new(io::ErrorKind::TimedOut, "no answers"));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if now.saturating_duration_since(last_progress) > Duration::from_millis(200) {
                last_progress = now;
                progress(self.progress());
            }
        }
        progress(self.progress());
        let s = &mut self.summary;
        s.peer_lost = self.watch.peer_lost();
        s.elapsed_s = self.t0.elapsed().as_secs_f64();
        s.throughput = s.answers as f64 / s.elapsed_s.max(1e-9);
        s.latency = Latency::of(&self.latency);
        s.latency_by_class = (self.by_class.iter())
            .map(|(&class, h)| (code_class(class * 1000), Latency::of(h)))
            .collect();
        s.timeline = self.timeline.points();
        s.latency_histogram = bars(&self.latency);
        Ok(self.summary)
    }

    fn progress(&self) -> Progress {
        Progress {
            sessions_done: self.summary.sessions_completed + self.summary.sessions_failed,
            answers: self.summary.answers,
        }
    }

    /// Whether the run may start another session at `now`.
    fn may_start(&mut self, now: Instant) -> bool {
        let counted = self
            .cfg
            .count
            .is_none_or(|c| self.summary.sessions_started < c);
        counted && !self.past_deadline(now) && !self.watch.peer_lost()
    }

    fn past_deadline(&self, now: Instant) -> bool {
        (self.cfg.duration).is_some_and(|d| now.saturating_duration_since(self.t0) >= d)
    }

    /// Starts a session in slot `i` at `now` when the run wants more.
    fn start_session(&mut self, i: usize, now: Instant) -> io::Result<()> {
        if !self.may_start(now) {
            return Ok(());
        }
        let n = self.summary.sessions_started;
        self.summary.sessions_started += 1;
        let slot = Slot {
            session_id: format!("{};{};{};{n}", self.cfg.host, self.boot, i),
            subscriber: self.cfg.subscribers.get(u128::from(n)),
            number: 0,
            updates_done: 0,
            server: None,
            failover: false,
            resent: false,
            granted: None,
            final_units: false,
            sent: RequestType::Initial,
            sent_at: now,
            reported: 0,
        };
        if let Some(s) = self.slots.get_mut(i) {
            *s = Some(slot);
        }
        self.live += 1;
        self.send_or_defer(i, now)
    }

    /// Sends slot `i`'s next request at `now`, or queues it for the rate limit.
    fn send_or_defer(&mut self, i: usize, now: Instant) -> io::Result<()> {
        if self.next_send_time().is_some_and(|t| t > now) || !self.deferred.is_empty() {
            self.deferred.push_back(i);
            return Ok(());
        }
        self.send(i, now)
    }

    /// When the rate limit lets the next request go.
    fn next_send_time(&self) -> Option<Instant> {
        let rate = self.cfg.rate.filter(|r| *r > 0.0)?;
        Some(self.t0 + Duration::from_secs_f64(self.summary.requests as f64 / rate))
    }

    /// Sends the deferred requests that are due; how long to wait for the next.
    fn send_due(&mut self) -> io::Result<Duration> {
        while let Some(&i) = self.deferred.front() {
            let now = Instant::now();
            match self.next_send_time() {
                Some(t) if t > now => return Ok(t.saturating_duration_since(now)),
                _ => {
                    self.deferred.pop_front();
                    self.send(i, now)?;
                }
            }
        }
        Ok(Duration::from_millis(100))
    }

    /// Encodes and sends slot `i`'s request (its type and number are
    /// set) at `now`, or abandons the session when the OCS is gone.
    fn send(&mut self, i: usize, now: Instant) -> io::Result<()> {
        if self.watch.peer_lost() {
            self.summary.sessions_abandoned += 1;
            self.end_session(i, false);
            return Ok(());
        }
        let cfg = self.cfg;
        let Some(Some(slot)) = self.slots.get_mut(i) else {
            return Ok(());
        };
        let key = ServiceKey {
            rating_group: Some(cfg.rating_group),
            service_id: None,
        };
        let used = slot.granted.filter(|_| slot.sent != RequestType::Initial);
        let service = ServiceRequest {
            key,
            requested: (slot.sent != RequestType::Termination)
                .then(|| Amounts::given(cfg.unit, cfg.requested)),
            used: used.map_or_else(Amounts::default, |(unit, n)| Amounts::of(unit, n)),
        };
        slot.reported = used.map_or(0, |(_, n)| n);
        if !slot.resent {
            self.summary.units_reported = self.summary.units_reported.saturating_add(slot.reported);
        }
        let end_to_end = self.client.next_end_to_end();
        let request = Ccr {
            session_id: &slot.session_id,
            origin_host: &cfg.host,
            origin_realm: &cfg.realm,
            destination_realm: &cfg.destination_realm,
            destination_host: slot.server.as_deref(),
            request_type: Some(slot.sent),
            number: slot.number,
            subscription_ids: SubscriptionIds::one(SubscriptionId::new(
                cfg.id_type,
                &slot.subscriber,
            )),
            user_name: None,
            requested_action: None,
            multiple_services: true,
            services: smallvec![service],
            end_to_end,
            retransmit: slot.resent,
        }
        .encode();
        slot.sent_at = now;
        self.summary.requests += 1;
        self.pending.insert(end_to_end, i);
        self.client.send(request, &self.reply)
    }

    /// Checks an answer, received at `now`, and moves its session on.
    fn on_answer(&mut self, bytes: &[u8], now: Instant) -> io::Result<()> {
        let Ok(msg) = Message::new_checked(bytes) else {
            self.summary.mismatches += 1;
            return Ok(());
        };
        let Some(i) = self.pending.remove(&msg.end_to_end()) else {
            self.summary.mismatches += 1;
            return Ok(());
        };
        let past_deadline = self.past_deadline(now);
        let updates = self.cfg.updates;
        let Some(Some(slot)) = self.slots.get_mut(i) else {
            return Ok(());
        };
        let cca = Cca::parse(&msg);
        let code = cca.result_code.unwrap_or(0);
        let s = &mut self.summary;
        if self.watch.source(&msg) == Source::Local {
            s.local_answers += 1;
            *s.local_result_codes.entry(code).or_default() += 1;
            s.units_unconfirmed = s.units_unconfirmed.saturating_add(slot.reported);
            self.end_session(i, false);
            return self.start_session(i, now);
        }
        let elapsed = now.saturating_duration_since(slot.sent_at).as_micros();
        let us = u64::try_from(elapsed).unwrap_or(u64::MAX).max(1);
        self.latency.saturating_record(us);
        self.timeline
            .record(now.saturating_duration_since(self.t0), us);
        (self.by_class.entry(code / 1000))
            .or_insert_with(latency_histogram)
            .saturating_record(us);
        s.answers += 1;
        *s.result_codes.entry(code).or_default() += 1;
        let echoed = cca.session_id == slot.session_id
            && cca.request_type == Some(slot.sent)
            && cca.number == Some(slot.number);
        if !echoed && !msg.is_error() {
            s.mismatches += 1;
        }
        if !msg.is_error()
            && (code == rc::DIAMETER_SUCCESS || code == rc::DIAMETER_CREDIT_LIMIT_REACHED)
        {
            s.units_acknowledged = s.units_acknowledged.saturating_add(slot.reported);
        }
        // RFC 4006 §5.7: a session whose server supports failover moves
        // to another when its request cannot reach that server (an agent
        // answers 3002, 3004 or 3005): the request goes again, once, with
        // the T flag and routed by realm alone; that server takes the
        // session from the shared store and answers a duplicate again.
        let unreachable = matches!(
            code,
            rc::DIAMETER_UNABLE_TO_DELIVER | rc::DIAMETER_TOO_BUSY | rc::DIAMETER_LOOP_DETECTED
        );
        if unreachable && slot.failover && slot.server.is_some() && !slot.resent {
            slot.server = None;
            slot.resent = true;
            s.failovers += 1;
            return self.send_or_defer(i, now);
        }
        slot.resent = false;
        if code != rc::DIAMETER_SUCCESS || slot.sent == RequestType::Termination {
            self.end_session(i, code == rc::DIAMETER_SUCCESS);
            return self.start_session(i, now);
        }
        if slot.server.is_none() && !cca.origin_host.is_empty() {
            slot.server = Some(cca.origin_host.to_string());
        }
        slot.failover = cca.session_failover == Some(SessionFailover::Supported);
        let grant = cca.services.first().copied().unwrap_or_default();
        slot.granted = grant.granted.and_then(|g| g.first());
        slot.final_units = grant.final_unit_action.is_some();
        s.units_granted = s
            .units_granted
            .saturating_add(slot.granted.map_or(0, |(_, n)| n));
        if slot.sent == RequestType::Update {
            slot.updates_done += 1;
        }
        let more = slot.updates_done < updates && !slot.final_units;
        slot.sent = if more && !past_deadline {
            RequestType::Update
        } else {
            RequestType::Termination
        };
        slot.number += 1;
        self.send_or_defer(i, now)
    }

    /// Ends slot `i`'s session, completed or failed.
    fn end_session(&mut self, i: usize, completed: bool) {
        if let Some(slot) = self.slots.get_mut(i) {
            if slot.take().is_some() {
                self.live = self.live.saturating_sub(1);
                if completed {
                    self.summary.sessions_completed += 1;
                } else {
                    self.summary.sessions_failed += 1;
                }
            }
        }
    }
}
