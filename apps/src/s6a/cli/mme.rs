//! `diameter mme`: attaches subscribers through an HSS (AIR, then ULR,
//! then optionally PUR), with many attaches in flight; prints each
//! subscription and a summary of answers, throughput and latency; and with
//! `--stay` answers the HSS's CLR, IDR, DSR and RSR, printing what changed.
//!
//! Only the HSS's answers count in the rates; those our own node made up
//! (3002, 3003) are counted apart, and once the HSS is gone no more attaches
//! are started nor continued ([`crate::peer_watch`]).

use std::collections::{BTreeMap, HashMap};
use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use diameter_core::dict::{s6a as d, VENDOR_3GPP};
use diameter_core::wire::Message;
use diameter_transport::{Client, Node};
use hdrhistogram::Histogram;
use serde_json::json;

use super::{hex16, DEFAULT_REALM};
use crate::cli::{init_logging, stop_flag, usage_error, TlsPlan};
use crate::peer_watch::{PeerWatch, Source};
use crate::report::{bars, Report, Timeline};
use crate::s6a::auc::Usim;
use crate::s6a::ids::{self, Plmn};
use crate::s6a::mme::{Event, Mme, MmeConfig};
use crate::s6a::msg::{self, Outcome};
use crate::s6a::profile::Profile;

/// Arguments of `diameter mme`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The HSS (or the agent in front of it).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:3868")]
    pub peer: String,
    /// Origin-Host.
    #[arg(long, default_value = "mme.epc.mnc001.mcc001.3gppnetwork.org")]
    pub host: String,
    /// Origin-Realm.
    #[arg(long, default_value = DEFAULT_REALM)]
    pub realm: String,
    /// Destination-Realm [default: the Origin-Realm].
    #[arg(long)]
    pub destination_realm: Option<String>,
    /// Destination-Host, to address one HSS.
    #[arg(long)]
    pub destination_host: Option<String>,
    /// The first IMSI, or a range `FIRST-LAST`.
    #[arg(long, default_value = "001010000000001")]
    pub imsi: String,
    /// How many subscribers from `--imsi` (a range gives its own count).
    #[arg(long)]
    pub count: Option<u64>,
    /// The served PLMN: MCC and MNC (Visited-PLMN-Id).
    #[arg(long, default_value = "00101")]
    pub plmn: String,
    /// E-UTRAN vectors to request per AIR.
    #[arg(long, default_value_t = 1)]
    pub vectors: u32,
    /// Send a PUR after each attach.
    #[arg(long)]
    pub purge: bool,
    /// Check every vector as the USIM would, with this K (and `--opc`).
    #[arg(long, value_parser = hex16, requires = "opc")]
    pub k: Option<[u8; 16]>,
    /// The OPc for `--k`.
    #[arg(long, value_parser = hex16, requires = "k")]
    pub opc: Option<[u8; 16]>,
    /// Print only the summary.
    #[arg(long)]
    pub quiet: bool,
    /// Stay connected afterwards and report the HSS's requests until SIGINT.
    #[arg(long)]
    pub stay: bool,
    /// Seconds to wait for the connection and for each answer.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    /// Log the transport's events.
    #[arg(long)]
    pub verbose: bool,
    /// Concurrency, reporting, overload reaction, metrics, TLS (TLS at
    /// connect needs `--destination-host`, the name the HSS's certificate
    /// must hold).
    #[command(flatten)]
    pub load: crate::settings::LoadArgs,
}

/// Runs `diameter mme`. Its exit status: 0 when every attach succeeded; 1
/// when the run could not be made (no connection to the HSS, which then
/// stopped answering); 2 when attaches failed; 3 when the HSS went away
/// during the run.
pub fn run(args: &Args) -> ExitCode {
    let tls = match args.load.tls.plan() {
        Ok(tls) => tls,
        Err(e) => return usage_error("mme", &e),
    };
    match drive(args, tls.as_ref()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("diameter mme: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The IMSIs to attach: a range, or `count` from the first.
fn imsis(args: &Args) -> Result<(String, u64), String> {
    let bad = || format!("{:?} is not an IMSI or a range of IMSIs", args.imsi);
    match args.imsi.split_once('-') {
        Some((a, b)) if ids::is_imsi(a) && a.len() == b.len() => {
            let (x, y): (u64, u64) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
            Ok((a.to_string(), y.checked_sub(x).ok_or_else(bad)? + 1))
        }
        None if ids::is_imsi(&args.imsi) => Ok((args.imsi.clone(), args.count.unwrap_or(1))),
        _ => Err(bad()),
    }
}

fn drive(args: &Args, tls: Option<&TlsPlan>) -> Result<ExitCode, String> {
    init_logging(if args.verbose { "debug" } else { "warn" });
    let (first, count) = imsis(args)?;
    let peer: SocketAddr = (args
        .peer
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", args.peer))?)
    .next()
    .ok_or_else(|| format!("{}: no address", args.peer))?;
    let mme = Mme::new(MmeConfig {
        host: args.host.clone(),
        realm: args.realm.clone(),
        destination_realm: (args.destination_realm.clone()).unwrap_or_else(|| args.realm.clone()),
        destination_host: args.destination_host.clone(),
        plmn: Plmn::parse(&args.plmn)?,
    });
    let (handler, events) = mme.handler();
    let mut cfg = mme.node_config(peer);
    if let Some(tls) = tls {
        tls.connect(&mut cfg);
    }
    cfg.threads = 1;
    cfg.request_timeout = Duration::from_secs(args.timeout);
    cfg.doic = crate::cli::doic_reacting(args.load.doic);
    let node = Node::start(cfg, move |_| handler.clone()).map_err(|e| e.to_string())?;
    let _metrics = crate::metrics::start_for_load(args.load.metrics.address, node.client())
        .map_err(|e| e.to_string())?;
    let t0 = Instant::now();
    while !node.peers().iter().any(|p| p.is_open()) {
        if t0.elapsed() > Duration::from_secs(args.timeout) {
            let _ = node.stop();
            return Err(format!("no connection to {peer}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut run = Run::new(args, &mme, node.client(), first, count);
    let report = run.attach_all(Duration::from_secs(args.timeout));
    let (status, why) = crate::cli::run_status(
        run.peer_lost,
        run.failed,
        args.load.allow_failures,
        "attaches",
    );
    let status = if report.is_err() && !run.peer_lost {
        1
    } else {
        status
    };
    run.summary(args.load.json, status, why.as_deref());
    if let Some(path) = &args.load.report {
        let title = format!(
            "mme to {}: {} attaches, {} ok",
            args.peer,
            run.ok + run.failed,
            run.ok
        );
        (run.report(title).write(path)).map_err(|e| format!("--report {}: {e}", path.display()))?;
    }
    let code = ExitCode::from(status);
    if let Err(e) = report {
        eprintln!("diameter mme: {e}");
    }
    if args.stay {
        stay(&events, &run.profiles, args.load.json)?;
    }
    node.stop().map_err(|e| e.to_string())?;
    Ok(code)
}

/// Where one attach is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Air,
    Ulr,
    Pur,
}

impl Step {
    fn answer(self) -> &'static str {
        match self {
            Step::Air => "AIA",
            Step::Ulr => "ULA",
            Step::Pur => "PUA",
        }
    }
}

struct Attach {
    imsi: String,
    step: Step,
    started: Instant,
    sent: Instant,
}

/// The attaches of one run and what was measured.
struct Run<'a> {
    args: &'a Args,
    mme: &'a Mme,
    client: Client,
    watch: PeerWatch,
    /// Whether the HSS went away during the run.
    peer_lost: bool,
    first: String,
    count: u64,
    next: u64,
    in_flight: HashMap<u32, Attach>,
    usims: HashMap<String, Usim>,
    profiles: HashMap<String, Profile>,
    answers: BTreeMap<(&'static str, Outcome), u64>,
    /// Answers our own node made up, without the HSS.
    local_answers: BTreeMap<(&'static str, Outcome), u64>,
    latency: BTreeMap<&'static str, Histogram<u64>>,
    ok: u64,
    failed: u64,
    elapsed: Duration,
    /// When the run started, and its answers over time.
    start: Instant,
    timeline: Timeline,
}

/// Microseconds up to an hour, three significant digits.
fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("constant bounds are valid")
}

impl<'a> Run<'a> {
    fn new(args: &'a Args, mme: &'a Mme, client: Client, first: String, count: u64) -> Self {
        Self {
            args,
            mme,
            watch: PeerWatch::new(&mme.config().host, client.clone()),
            peer_lost: false,
            client,
            first,
            count,
            next: 0,
            in_flight: HashMap::new(),
            usims: HashMap::new(),
            profiles: HashMap::new(),
            answers: BTreeMap::new(),
            local_answers: BTreeMap::new(),
            latency: BTreeMap::new(),
            ok: 0,
            failed: 0,
            elapsed: Duration::ZERO,
            start: Instant::now(),
            timeline: Timeline::default(),
        }
    }

    /// The picture of the run (see [`crate::report`]), titled `title`:
    /// the HSS's answers over time, the latency of every request, the
    /// answers by command and result.
    fn report(&self, title: String) -> Report {
        let mut all = histogram();
        for (name, h) in &self.latency {
            if *name != "attach" {
                let _ = all.add(h);
            }
        }
        Report {
            title,
            timeline: self.timeline.points(),
            latency: bars(&all),
            results: (self.answers.iter())
                .map(|((cmd, o), n)| (format!("{cmd} {o}"), *n))
                .collect(),
        }
    }

    fn attach_all(&mut self, timeout: Duration) -> Result<(), String> {
        let (tx, rx) = channel();
        let start = Instant::now();
        self.start = start;
        let result = loop {
            while self.in_flight.len() < self.args.load.concurrency.max(1)
                && self.next < self.count
                && !self.watch.peer_lost()
            {
                let Some(imsi) = ids::imsi_plus(&self.first, self.next) else {
                    break;
                };
                self.next += 1;
                self.send(&tx, imsi, Step::Air, Instant::now());
            }
            if self.in_flight.is_empty() {
                break Ok(());
            }
            match rx.recv_timeout(timeout) {
                Ok(answer) => self.on_answer(&tx, &answer),
                Err(RecvTimeoutError::Timeout) => {
                    break Err(format!("{} answers missing", self.in_flight.len()))
                }
                Err(RecvTimeoutError::Disconnected) => break Err("the node stopped".into()),
            }
        };
        self.elapsed = start.elapsed();
        self.peer_lost = self.watch.peer_lost();
        result
    }

    fn send(&mut self, tx: &diameter_transport::Reply, imsi: String, step: Step, started: Instant) {
        if self.watch.peer_lost() {
            return self.fail(&imsi, "abandoned: the HSS went away");
        }
        let e2e = self.client.next_end_to_end();
        let request = match step {
            Step::Air => self.mme.air(e2e, &imsi, self.args.vectors, None),
            Step::Ulr => self.mme.ulr(e2e, &imsi, 0),
            Step::Pur => self.mme.pur(e2e, &imsi),
        };
        if let Err(e) = self.client.send(request, tx) {
            self.fail(&imsi, &format!("not sent: {e}"));
            return;
        }
        let sent = Instant::now();
        self.in_flight.insert(
            e2e,
            Attach {
                imsi,
                step,
                started,
                sent,
            },
        );
    }

    fn on_answer(&mut self, tx: &diameter_transport::Reply, answer: &[u8]) {
        let Ok(msg) = Message::new_checked(answer) else {
            return;
        };
        let Some(a) = self.in_flight.remove(&msg.end_to_end()) else {
            return;
        };
        let now = Instant::now();
        let outcome = Outcome::of(&msg).unwrap_or(Outcome::ResultCode(0));
        let key = (a.step.answer(), outcome);
        if self.watch.source(&msg) == Source::Local {
            *self.local_answers.entry(key).or_default() += 1;
            return self.fail(&a.imsi, &format!("{} {outcome} from this node", key.0));
        }
        record(&mut self.latency, a.step.answer(), now - a.sent);
        let us = u64::try_from((now - a.sent).as_micros()).unwrap_or(u64::MAX);
        self.timeline.record(now - self.start, us);
        *self.answers.entry(key).or_default() += 1;
        if !outcome.is_success() {
            return self.fail(&a.imsi, &format!("{} {outcome}", a.step.answer()));
        }
        match a.step {
            Step::Air => match self.check_vectors(&a.imsi, &msg) {
                Ok(()) => self.send(tx, a.imsi, Step::Ulr, a.started),
                Err(e) => self.fail(&a.imsi, &e),
            },
            Step::Ulr => {
                let profile = (msg.lookup(d::SUBSCRIPTION_DATA.code, VENDOR_3GPP))
                    .map(|s| Profile::parse(&s))
                    .unwrap_or_default();
                self.print_attached(&a.imsi, &profile);
                self.profiles.insert(a.imsi.clone(), profile);
                if self.args.purge {
                    self.send(tx, a.imsi, Step::Pur, a.started);
                } else {
                    self.done(a.started, now);
                }
            }
            Step::Pur => self.done(a.started, now),
        }
    }

    /// The AIA has the vectors asked for, and with `--k` the USIM accepts them.
    fn check_vectors(&mut self, imsi: &str, aia: &Message<'_>) -> Result<(), String> {
        let vectors = msg::vectors(aia);
        if vectors.len() != self.args.vectors as usize {
            return Err(format!(
                "AIA: {} vectors, {} asked for",
                vectors.len(),
                self.args.vectors
            ));
        }
        let (Some(k), Some(opc)) = (self.args.k, self.args.opc) else {
            return Ok(());
        };
        let usim = self
            .usims
            .entry(imsi.to_string())
            .or_insert_with(|| Usim::new(&k, &opc, 0));
        let sn = self.mme.config().plmn.encode();
        for v in vectors {
            let r = usim
                .authenticate(&v.rand, &v.autn)
                .map_err(|e| format!("AIA: the USIM rejects a vector: {e:?}"))?;
            if r.res != v.xres || usim.kasme(&r, &v.rand, &sn) != v.kasme {
                return Err("AIA: XRES or K_ASME is not the USIM's".into());
            }
        }
        Ok(())
    }

    fn done(&mut self, started: Instant, now: Instant) {
        self.ok += 1;
        record(&mut self.latency, "attach", now - started);
    }

    fn fail(&mut self, imsi: &str, why: &str) {
        self.failed += 1;
        if self.args.quiet {
        } else if self.args.load.json {
            crate::outln!("{}", json!({"imsi": imsi, "error": why}));
        } else {
            crate::outln!("{imsi}: {why}");
        }
    }

    fn print_attached(&self, imsi: &str, p: &Profile) {
        if self.args.quiet {
        } else if self.args.load.json {
            let apns: Vec<serde_json::Value> = (p.apns.iter())
                .map(|a| {
                    json!({"name": a.name, "context_id": a.context_id, "qci": a.qci,
                                "arp": a.arp.priority, "ambr_ul": a.ambr.ul, "ambr_dl": a.ambr.dl,
                                "default": a.context_id == p.default_context})
                })
                .collect();
            crate::outln!(
                "{}",
                json!({"imsi": imsi, "msisdn": p.msisdn, "ambr_ul": p.ambr.ul,
                       "ambr_dl": p.ambr.dl, "apns": apns})
            );
        } else {
            crate::outln!("{imsi}: attached, {}", p.describe());
        }
    }

    fn summary(&self, as_json: bool, status: u8, why: Option<&str>) {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let rate = self.ok as f64 / secs;
        let requests: u64 = self.answers.values().sum();
        let named = |answers: &BTreeMap<(&str, Outcome), u64>| -> BTreeMap<String, u64> {
            (answers.iter())
                .map(|((cmd, o), n)| (format!("{cmd} {o}"), *n))
                .collect()
        };
        let answers = named(&self.answers);
        let local_answers = named(&self.local_answers);
        let quantiles = [50.0, 90.0, 99.0, 99.9];
        if as_json {
            let latency: BTreeMap<&str, serde_json::Value> = (self.latency.iter())
                .map(|(name, h)| {
                    (*name, json!({"p50": h.value_at_quantile(0.5), "p90": h.value_at_quantile(0.9),
                                   "p99": h.value_at_quantile(0.99), "p999": h.value_at_quantile(0.999),
                                   "max": h.max(), "count": h.len()}))
                })
                .collect();
            crate::outln!(
                "{}",
                json!({"attaches": self.ok + self.failed, "ok": self.ok, "failed": self.failed,
                       "seconds": secs, "attaches_per_second": rate,
                       "requests_per_second": requests as f64 / secs,
                       "answers": answers, "local_answers": local_answers,
                       "peer_lost": self.peer_lost, "latency_us": latency,
                       "exit_status": status})
            );
            return;
        }
        crate::outln!(
            "{} attaches ({} ok, {} failed) in {secs:.3} s: {rate:.0} attaches/s, {:.0} requests/s",
            self.ok + self.failed,
            self.ok,
            self.failed,
            requests as f64 / secs
        );
        for (answer, n) in &answers {
            crate::outln!("  {answer}: {n}");
        }
        if self.peer_lost {
            crate::outln!("the HSS went away: no attach was started after");
        }
        if !local_answers.is_empty() {
            crate::outln!("answered by this node, without the HSS:");
            for (answer, n) in &local_answers {
                crate::outln!("  {answer}: {n}");
            }
        }
        crate::outln!("latency (µs)      p50       p90       p99     p99.9       max");
        for (name, h) in &self.latency {
            let q: Vec<String> = (quantiles.iter())
                .map(|q| format!("{:>9}", h.value_at_quantile(q / 100.0)))
                .collect();
            crate::outln!("  {name:<8} {} {:>9}", q.join(" "), h.max());
        }
        if let Some(why) = why {
            crate::outln!("{why}");
        }
    }
}

fn record(latency: &mut BTreeMap<&'static str, Histogram<u64>>, name: &'static str, d: Duration) {
    let h = latency.entry(name).or_insert_with(histogram);
    let _ = h.record(d.as_micros().max(1) as u64);
}

/// Reports the HSS's requests until SIGINT or SIGTERM.
fn stay(
    events: &Receiver<Event>,
    known: &HashMap<String, Profile>,
    as_json: bool,
) -> Result<(), String> {
    let stop = stop_flag().map_err(|e| e.to_string())?;
    let mut known = known.clone();
    if !as_json {
        crate::outln!("staying connected: CLR, IDR, DSR and RSR are reported (Ctrl-C to stop)");
    }
    while !stop.load(Ordering::Acquire) {
        match events.recv_timeout(Duration::from_millis(100)) {
            Ok(e) => crate::outln!("{}", describe(&e, &mut known, as_json)),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Ok(())
}

/// One line for an event; IDR and DSR update `known` and tell what changed.
fn describe(e: &Event, known: &mut HashMap<String, Profile>, as_json: bool) -> String {
    let (name, imsi, text) = match e {
        Event::Cancelled {
            imsi,
            cancellation_type,
        } => {
            known.remove(imsi);
            let kind = d::CANCELLATION_TYPE
                .enum_name(*cancellation_type)
                .unwrap_or("?");
            (
                "CLR",
                imsi.as_str(),
                format!("cancelled ({kind}): detached"),
            )
        }
        Event::Inserted { imsi, profile } => {
            let changes = match known.insert(imsi.clone(), profile.clone()) {
                Some(old) if old == *profile => "unchanged".to_string(),
                Some(old) => old.diff(profile).join("; "),
                None => profile.describe(),
            };
            (
                "IDR",
                imsi.as_str(),
                format!("subscription data: {changes}"),
            )
        }
        Event::Deleted { imsi, contexts, .. } => {
            let mut names = Vec::new();
            if let Some(p) = known.get_mut(imsi) {
                p.apns.retain(|a| {
                    let gone = contexts.contains(&a.context_id);
                    if gone {
                        names.push(a.name.clone());
                    }
                    !gone
                });
            }
            (
                "DSR",
                imsi.as_str(),
                format!("APN configurations withdrawn: contexts {contexts:?} {names:?}"),
            )
        }
        Event::Reset { user_ids } => (
            "RSR",
            "",
            format!("HSS reset for IMSIs starting {user_ids:?}"),
        ),
    };
    if as_json {
        json!({"request": name, "imsi": imsi, "change": text}).to_string()
    } else {
        format!("{name} {imsi}: {text}")
    }
}
