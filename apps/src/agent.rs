//! `diameter agent`: a Diameter routing agent (RFC 6733 §2.8) between
//! clients and servers, as a relay (§2.8.1: forwards with Route-Record and
//! loop detection), a proxy (§2.8.2: forwards the applications it is
//! given, and may hide the hosts of its realm) or a redirect agent
//! (§2.8.3: answers 3006 with the servers to use). Its routing, failover and answers are the node's
//! router's; this module turns the command line into a node configuration
//! and prints per-peer statistics at shutdown.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use diameter_core::dict::{application, VENDOR_3GPP};
use diameter_transport::{
    AppId, CountersSnapshot, DoicConfig, HidingKey, NoApplications, Node, NodeConfig, PeerInfo,
    Role, Route, RoutePeer, Topology,
};
use serde::Deserialize;
use tracing::info;

use crate::cli::{init_logging, stop_flag, usage_error, with_config_file, TlsArgs, TlsPlan};
use crate::settings::{
    LogSection, MetricsSection, NodeSection, NodeSettings, Reloader, RoleDefaults, ServerArgs,
    TimerSection,
};

/// What kind of agent (RFC 6733 §2.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Forward requests to the peer their destination and the routes name.
    #[default]
    Relay,
    /// Answer requests with 3006 and the peers the routes name.
    Redirect,
    /// Forward requests of the applications given by `--app` only, and
    /// with `--hide-topology` hide the hosts of the agent's realm.
    Proxy,
}

/// Arguments of `diameter agent`; those absent come from `--config`, then
/// from the defaults. Peers and routes of the file come first, those of
/// the command line after them. Only named peers are accepted (3010 for
/// others) unless `--accept-any`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Args {
    /// Identity, listening, peers, routes, timers, TLS, metrics.
    #[command(flatten)]
    pub server: ServerArgs,
    /// Relay (forward), proxy (forward the `--app` applications) or
    /// redirect (answer 3006 with Redirect-Host) [default: relay].
    #[arg(long, value_enum, help_heading = "Agent")]
    pub mode: Option<Mode>,
    /// An application a proxy forwards and advertises: `gy` (credit
    /// control, 4), `s6a` (16777251, vendor 10415) or an Application-Id
    /// (repeatable) [default: gy and s6a].
    #[arg(long = "app", value_name = "APP", help_heading = "Agent")]
    pub apps: Vec<String>,
    /// With `--mode proxy`: peers of other realms see the hosts of the
    /// agent's realm only by pseudonyms (Origin-Host, Route-Record,
    /// Error-Reporting-Host), which the agent takes back in the
    /// Destination-Host of requests for them.
    #[arg(long, help_heading = "Agent")]
    pub hide_topology: bool,
    /// The key of the pseudonyms, 64 hex digits: agents given the same key
    /// give the same pseudonyms, and keep them across restarts [default:
    /// a random key at each start].
    #[arg(long, value_name = "HEX", help_heading = "Agent")]
    pub topology_key: Option<String>,
    /// Overload control (RFC 7683): act as a reacting node for clients
    /// that do not support DOIC, abating requests to overloaded servers
    /// as their reports ask and answering the abated ones 3004 itself.
    #[arg(long, help_heading = "Agent")]
    pub doic: bool,
    /// Overload control on behalf of servers without DOIC (implies
    /// `--doic`): a server answering 3004 with no OC-Supported-Features is
    /// reported overloaded (50% of its realm's requests, for 30 s, renewed
    /// while its 3004s go on) in the answers relayed from it, and the
    /// agent abates by that report for the clients without DOIC.
    #[arg(long, help_heading = "Agent")]
    pub doic_on_behalf: bool,
}

/// The settings file: the sections every server role has, and `[agent]`
/// (see [`crate::settings`]).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct File {
    node: NodeSection,
    timers: TimerSection,
    agent: AgentSection,
    tls: TlsArgs,
    metrics: MetricsSection,
    log: LogSection,
}

/// `[agent]` of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct AgentSection {
    mode: Option<Mode>,
    apps: Vec<String>,
    hide_topology: Option<bool>,
    topology_key: Option<String>,
    doic: Option<bool>,
    doic_on_behalf: Option<bool>,
}

/// A `--peer` argument: its Origin-Host and, to connect to, its address.
pub fn parse_peer(spec: &str) -> Result<(String, Option<SocketAddr>), String> {
    let (host, addr) = match spec.split_once('=') {
        Some((host, addr)) => {
            let addr = addr
                .parse()
                .map_err(|e| format!("--peer {spec}: {addr:?} is not IP:PORT ({e})"))?;
            (host, Some(addr))
        }
        None => (spec, None),
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("--peer {spec}: {host:?} is not an Origin-Host"));
    }
    Ok((host.to_string(), addr))
}

/// A `--route` argument.
pub fn parse_route(spec: &str) -> Result<Route, String> {
    let bad = |why: &str| format!("--route {spec}: {why} (REALM[/APP]=HOST[:WEIGHT][,...])");
    let (target, hosts) = spec.split_once('=').ok_or_else(|| bad("no '='"))?;
    let (realm, app) = match target.split_once('/') {
        Some((realm, app)) => (
            realm,
            Some(parse_app(app).ok_or_else(|| bad("unknown APP"))?),
        ),
        None => (target, None),
    };
    let peer = |h: &str| match h.rsplit_once(':') {
        Some((host, weight)) => match weight.parse::<u32>() {
            Ok(w) if w > 0 => Ok(RoutePeer::new(host, w)),
            _ => Err(bad(&format!(
                "weight {weight:?} is not a whole number from 1"
            ))),
        },
        None => Ok(RoutePeer::new(h, 1)),
    };
    let peers: Vec<RoutePeer> = (hosts.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(peer)
        .collect::<Result<_, _>>()?;
    if realm.is_empty() || peers.is_empty() {
        return Err(bad("a realm and at least one host are needed"));
    }
    Ok(Route {
        realm: realm.to_string(),
        application: app,
        peers,
    })
}

/// An Application-Id by number or by name.
fn parse_app(text: &str) -> Option<u32> {
    match text.to_ascii_lowercase().as_str() {
        "gy" | "ro" | "cc" => Some(application::CREDIT_CONTROL),
        "s6a" | "s6d" => Some(application::S6A),
        other => other.parse().ok(),
    }
}

/// How a proxy advertises application `id`: S6a in a
/// Vendor-Specific-Application-Id of 3GPP (TS 29.272 §7.1.8), the others
/// as Auth-Application-Id.
fn app_id(id: u32) -> AppId {
    if id == application::S6A {
        AppId::VendorAuth {
            vendor: VENDOR_3GPP,
            app: id,
        }
    } else {
        AppId::Auth(id)
    }
}

/// The key of topology hiding: `hex` (64 hex digits), else random.
fn hiding_key(hex: Option<&str>) -> Result<HidingKey, String> {
    let mut key = [0u8; 32];
    let Some(hex) = hex else {
        getrandom::fill(&mut key).map_err(|e| format!("no random topology key: {e}"))?;
        return Ok(HidingKey(key));
    };
    let bad = || format!("--topology-key {hex}: not 64 hex digits");
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    for (b, pair) in key.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let text = std::str::from_utf8(pair).map_err(|_| bad())?;
        *b = u8::from_str_radix(text, 16).map_err(|_| bad())?;
    }
    Ok(HidingKey(key))
}

/// What `diameter agent` runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The node's configuration.
    pub node: NodeConfig,
    /// Whether to log every peer state change and request.
    pub verbose: bool,
    /// Where to serve Prometheus metrics.
    pub metrics: Option<SocketAddr>,
    /// How log lines are written, when the file says.
    pub log_format: Option<crate::cli::LogFormat>,
    /// TLS as the arguments over the file's `[tls]` table ask, checked
    /// (the node is set up with it already); none when off.
    pub tls: Option<TlsPlan>,
}

/// The settings from the arguments, then the TOML text of a settings file
/// (`file`), then the defaults.
///
/// # Errors
/// A `--peer` or `--route` that does not parse, bad TLS settings, or a
/// file that is not valid TOML or has settings this program does not know.
pub fn settings_from(args: &Args, file: Option<&str>) -> Result<Settings, String> {
    let file: File = match file {
        Some(text) => toml::from_str(text).map_err(|e| e.to_string())?,
        None => File::default(),
    };
    let node = NodeSettings::resolve(
        &args.server,
        (&file.node, &file.timers, &file.log),
        RoleDefaults {
            host: "agent.example.org",
            realm: "example.org",
            open_by_default: false,
        },
    )?;
    let mut cfg = NodeConfig::new(&node.host, &node.realm);
    node.apply(&mut cfg);
    let a = &file.agent;
    cfg.role = match args.mode.or(a.mode).unwrap_or_default() {
        Mode::Relay => Role::Relay,
        Mode::Redirect => Role::Redirect,
        Mode::Proxy => Role::Proxy,
    };
    let hide = args.hide_topology || a.hide_topology.unwrap_or(false);
    if cfg.role == Role::Proxy {
        let apps: Vec<&String> = a.apps.iter().chain(&args.apps).collect();
        cfg.applications = if apps.is_empty() {
            vec![
                app_id(application::CREDIT_CONTROL),
                app_id(application::S6A),
            ]
        } else {
            (apps.iter())
                .map(|a| {
                    parse_app(a)
                        .map(app_id)
                        .ok_or_else(|| format!("--app {a}: not gy, s6a or an Application-Id"))
                })
                .collect::<Result<_, _>>()?
        };
        if hide {
            let key = args.topology_key.as_ref().or(a.topology_key.as_ref());
            cfg.hide_topology = Some(hiding_key(key.map(String::as_str))?);
        }
    } else if hide {
        return Err("--hide-topology needs --mode proxy".into());
    }
    let on_behalf = args.doic_on_behalf || a.doic_on_behalf.unwrap_or(false);
    cfg.doic = crate::cli::doic_reacting(args.doic || a.doic.unwrap_or(false) || on_behalf)
        .map(|d| DoicConfig { on_behalf, ..d });
    let tls = args.server.tls.or(&file.tls).plan()?;
    if let Some(plan) = &tls {
        plan.serve(&mut cfg);
        plan.connect(&mut cfg);
    }
    Ok(Settings {
        node: cfg,
        verbose: node.verbose,
        metrics: args.server.metrics.address.or(file.metrics.address),
        log_format: file.log.format,
        tls,
    })
}

/// The settings of `args` and its `--config` file.
fn read_settings(args: &Args) -> Result<Settings, String> {
    with_config_file(args.server.node.config.as_deref(), |f| {
        settings_from(args, f)
    })
}

/// Runs `diameter agent` until SIGINT or SIGTERM.
pub fn run(args: &Args) -> ExitCode {
    let settings = match read_settings(args) {
        Ok(settings) => settings,
        Err(e) => return usage_error("agent", &e),
    };
    if let Some(format) = settings.log_format {
        crate::cli::set_log_format(format);
    }
    init_logging(if settings.verbose { "debug" } else { "warn" });
    let mode = settings.node.role;
    let (stop, reload) = match stop_flag().and_then(|s| Ok((s, Reloader::new()?))) {
        Ok(flags) => flags,
        Err(e) => {
            eprintln!("diameter agent: {e}");
            return ExitCode::FAILURE;
        }
    };
    let node = match Node::start(settings.node, |_| NoApplications) {
        Ok(node) => node,
        Err(e) => {
            eprintln!("diameter agent: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _metrics = match crate::metrics::serve(settings.metrics, node.client(), None) {
        Ok(exporter) => exporter,
        Err(e) => {
            eprintln!("diameter agent: {e}");
            return ExitCode::FAILURE;
        }
    };
    for addr in node.local_addrs() {
        crate::outln!("Listening on: {addr}");
    }
    info!(?mode, "agent running");
    while !stop.load(Ordering::Acquire) {
        std::thread::sleep(Duration::from_millis(100));
        reload.poll(&node, settings.tls.as_ref(), || {
            read_settings(args).map(|s| Topology::of(&s.node))
        });
    }
    print_statistics(&node.peers(), &node.departed());
    match node.stop() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diameter agent: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Per-peer statistics, those of peers gone included: requests and
/// answers each way, errors answered by the agent itself, requests that
/// timed out, requests shed.
fn print_statistics(peers: &[PeerInfo], departed: &[(String, CountersSnapshot)]) {
    crate::outln!("Agent Statistics:");
    let mut total = CountersSnapshot::default();
    let mut line = |host: &str, state: &str, c: CountersSnapshot| {
        total += c;
        crate::outln!("  {host} ({state}): {}", figures(&c));
    };
    let before = |host: &str| {
        (departed.iter()).filter(|(h, _)| h == host).fold(
            CountersSnapshot::default(),
            |mut sum, (_, c)| {
                sum += *c;
                sum
            },
        )
    };
    for p in peers.iter().filter(|p| !p.host.is_empty()) {
        let mut c = p.counters();
        c += before(&p.host);
        line(&p.host, &format!("{}, {}", p.state, p.watchdog), c);
    }
    for (host, c) in departed {
        if !peers.iter().any(|p| &p.host == host) {
            line(host, "gone", *c);
        }
    }
    crate::outln!("  all peers: {}", figures(&total));
}

/// One peer's line of the statistics: requests and answers each way,
/// errors the agent answered itself, timeouts, shed and abated requests,
/// failovers, and the answers received by Result-Code class.
fn figures(c: &CountersSnapshot) -> String {
    let mut line = format!(
        "requests in {} out {}, answers in {} out {}, errors {}, timeouts {}, shed {}, abated {}, failovers {}",
        c.requests_in,
        c.requests_out,
        c.answers_in,
        c.answers_out,
        c.errors,
        c.timeouts,
        c.shed,
        c.abated,
        c.failovers
    );
    for (class, n) in c.answer_classes.iter().enumerate().filter(|(_, n)| **n > 0) {
        match class {
            0 => line.push_str(&format!(", {n} without Result-Code")),
            _ => line.push_str(&format!(", {class}xxx {n}")),
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{NodeArgs, PeerArgs};

    #[test]
    fn peers_and_routes_parse_and_bad_ones_say_why() {
        assert_eq!(
            parse_peer("ocs.example.com=127.0.0.1:3870"),
            Ok((
                "ocs.example.com".into(),
                Some("127.0.0.1:3870".parse().unwrap())
            ))
        );
        assert_eq!(
            parse_peer("gw.example.net"),
            Ok(("gw.example.net".into(), None))
        );
        assert!(parse_peer("ocs=localhost")
            .unwrap_err()
            .contains("not IP:PORT"));
        let r = parse_route("example.com/gy=ocs1.example.com:3, ocs2.example.com").unwrap();
        assert_eq!(r.realm, "example.com");
        assert_eq!(r.application, Some(application::CREDIT_CONTROL));
        let ocs = [("ocs1.example.com", 3), ("ocs2.example.com", 1)];
        assert_eq!(r.peers, ocs.map(|(h, w)| RoutePeer::new(h, w)));
        assert!(parse_route("example.com=ocs1.example.com:0")
            .unwrap_err()
            .contains("weight \"0\""));
        assert_eq!(
            parse_route("*=hub.example.org").unwrap().realm,
            Route::DEFAULT
        );
        assert!(parse_route("example.com").unwrap_err().contains("no '='"));
        assert!(parse_route("example.com/zz=a")
            .unwrap_err()
            .contains("unknown APP"));
        assert!(parse_route("example.com=").is_err());
    }

    #[test]
    fn the_config_file_gives_what_the_command_line_does_not() {
        let file = r#"
            [node]
            host = "dra.example.org"
            port = 3870
            peers = ["ocs1.example.com=127.0.0.1:3880", "gw.example.net"]
            routes = ["example.com/gy=ocs1.example.com:2"]
            [agent]
            mode = "redirect"
        "#;
        let server = ServerArgs {
            node: NodeArgs {
                host: Some("agent.example.net".into()),
                ..NodeArgs::default()
            },
            peers: PeerArgs {
                peers: vec!["ocs2.example.com=127.0.0.1:3881".into()],
                routes: vec!["example.com=ocs2.example.com".into()],
                ..PeerArgs::default()
            },
            ..ServerArgs::default()
        };
        let args = Args {
            server,
            ..Args::default()
        };
        let s = settings_from(&args, Some(file)).unwrap();
        assert_eq!(s.node.origin_host, "agent.example.net");
        assert_eq!(s.node.origin_realm, "example.org");
        assert_eq!(s.node.listen[0].port(), 3870);
        assert_eq!(s.node.role, Role::Redirect);
        let hosts: Vec<_> = s
            .node
            .peers
            .iter()
            .filter_map(|p| p.host.as_deref())
            .collect();
        assert_eq!(hosts, ["ocs1.example.com", "ocs2.example.com"]);
        let allowed = s.node.allowed_peers.unwrap();
        assert_eq!(
            allowed,
            ["ocs1.example.com", "gw.example.net", "ocs2.example.com"]
        );
        let routes: Vec<_> = s.node.routes.iter().map(|r| r.peers[0].clone()).collect();
        assert_eq!(
            routes,
            [
                RoutePeer::new("ocs1.example.com", 2),
                RoutePeer::new("ocs2.example.com", 1)
            ]
        );
        let e = settings_from(&Args::default(), Some("[node]\nprot = 1")).unwrap_err();
        assert!(e.contains("prot"), "{e}");
        let e = settings_from(&Args::default(), Some("[store]\ndb = \"x\"")).unwrap_err();
        assert!(e.contains("store"), "an agent has no store: {e}");
        let e = settings_from(&Args::default(), Some("[node]\nroutes = [\"x\"]")).unwrap_err();
        assert!(e.contains("--route x"), "{e}");
    }
}
