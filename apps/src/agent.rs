//! `diameter agent`: a Diameter routing agent (RFC 6733 §2.8) between
//! clients and servers, as a relay (§2.8.1: forwards with Route-Record and
//! loop detection) or a redirect agent (§2.8.3: answers 3006 with the
//! servers to use). Its routing, failover and answers are the node's
//! router's; this module turns the command line into a node configuration
//! and prints per-peer statistics at shutdown.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use diameter_core::dict::application;
use diameter_transport::{
    CountersSnapshot, NoApplications, Node, NodeConfig, PeerConfig, PeerInfo, Role, Route,
    RoutePeer, TlsMode,
};
use tracing::info;

use crate::cli::{init_logging, stop_flag, usage_error, TlsArgs};

/// What kind of agent (RFC 6733 §2.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    /// Forward requests to the peer their destination and the routes name.
    #[default]
    Relay,
    /// Answer requests with 3006 and the peers the routes name.
    Redirect,
}

/// Arguments of `diameter agent`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Args {
    /// Diameter host identity, Origin-Host.
    #[arg(long, default_value = "agent.example.org")]
    pub host: String,
    /// Diameter realm, Origin-Realm.
    #[arg(long, default_value = "example.org")]
    pub realm: String,
    /// IP address to bind to [default: 0.0.0.0].
    #[arg(long)]
    pub ip: Option<IpAddr>,
    /// Port to listen on (0: any free port).
    #[arg(long, short = 'p', default_value_t = 3868)]
    pub port: u16,
    /// Event-loop threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Log every peer state change and request.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// A peer: `HOST=IP:PORT` to connect to, or `HOST` allowed to connect
    /// in (repeatable). Only named peers are accepted (3010 for others)
    /// unless `--accept-any`.
    #[arg(long = "peer", value_name = "HOST[=IP:PORT]")]
    pub peers: Vec<String>,
    /// Accept a CER from any Origin-Host.
    #[arg(long)]
    pub accept_any: bool,
    /// A route: `REALM[/APP]=HOST[:WEIGHT][,HOST[:WEIGHT]...]`; requests
    /// are spread over its open peers by weight (1 when not given), then
    /// by fewest requests outstanding. APP is an Application-Id or `gy`,
    /// `s6a`; REALM `*` is the default route. Repeatable: the routes of a
    /// realm are tried in order, so a later one is a backup.
    #[arg(long = "route", value_name = "REALM[/APP]=HOSTS")]
    pub routes: Vec<String>,
    /// Relay (forward) or redirect (answer 3006 with Redirect-Host).
    #[arg(long, value_enum, default_value = "relay")]
    pub mode: Mode,
    /// TLS (RFC 6733 §13).
    #[command(flatten)]
    pub tls: TlsArgs,
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

/// The node configuration the arguments describe.
///
/// # Errors
/// A `--peer` or `--route` that does not parse, or bad TLS settings.
pub fn node_config(args: &Args) -> Result<NodeConfig, String> {
    let mut cfg = NodeConfig::new(&args.host, &args.realm);
    let ip = args.ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    cfg.listen = vec![SocketAddr::new(ip, args.port)];
    cfg.threads = args.threads;
    cfg.role = match args.mode {
        Mode::Relay => Role::Relay,
        Mode::Redirect => Role::Redirect,
    };
    let mut named = Vec::new();
    for spec in &args.peers {
        let (host, addr) = parse_peer(spec)?;
        if let Some(address) = addr {
            cfg.peers.push(PeerConfig {
                address,
                host: Some(host.clone()),
                tls: TlsMode::Off,
            });
        }
        named.push(host);
    }
    if !args.accept_any {
        cfg.allowed_peers = Some(named);
    }
    cfg.routes = (args.routes.iter())
        .map(|r| parse_route(r))
        .collect::<Result<_, _>>()?;
    if let Some(plan) = args.tls.plan()? {
        plan.serve(&mut cfg);
        plan.connect(&mut cfg);
    }
    Ok(cfg)
}

/// Runs `diameter agent` until SIGINT or SIGTERM.
pub fn run(args: &Args) -> ExitCode {
    let cfg = match node_config(args) {
        Ok(cfg) => cfg,
        Err(e) => return usage_error("agent", &e),
    };
    init_logging(if args.verbose { "debug" } else { "warn" });
    let stop = match stop_flag() {
        Ok(stop) => stop,
        Err(e) => {
            eprintln!("diameter agent: {e}");
            return ExitCode::FAILURE;
        }
    };
    let node = match Node::start(cfg, |_| NoApplications) {
        Ok(node) => node,
        Err(e) => {
            eprintln!("diameter agent: {e}");
            return ExitCode::FAILURE;
        }
    };
    for addr in node.local_addrs() {
        crate::outln!("Listening on: {addr}");
    }
    info!(mode = ?args.mode, "agent running");
    while !stop.load(Ordering::Acquire) {
        std::thread::sleep(Duration::from_millis(100));
    }
    print_statistics(&node.peers());
    match node.stop() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diameter agent: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Per-peer statistics: requests and answers each way, errors answered
/// by the agent itself, requests that timed out, requests shed.
fn print_statistics(peers: &[PeerInfo]) {
    crate::outln!("Agent Statistics:");
    let mut total = CountersSnapshot::default();
    for p in peers.iter().filter(|p| !p.host.is_empty()) {
        let c = p.counters();
        total += c;
        crate::outln!(
            "  {} ({}, {}): requests in {} out {}, answers in {} out {}, errors {}, timeouts {}",
            p.host,
            p.state,
            p.watchdog,
            c.requests_in,
            c.requests_out,
            c.answers_in,
            c.answers_out,
            c.errors,
            c.timeouts
        );
    }
    crate::outln!(
        "  all peers: requests in {} out {}, answers in {} out {}, errors {}, timeouts {}",
        total.requests_in,
        total.requests_out,
        total.answers_in,
        total.answers_out,
        total.errors,
        total.timeouts
    );
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
