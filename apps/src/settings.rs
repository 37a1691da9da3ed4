//! What every server role (`ocs`, `hss`, `agent`) configures the same way:
//! one clap struct per concern, flattened into each command, and the same
//! sections in each role's TOML file (`--config FILE`), where a
//! command-line option wins over the file and the file over the role's
//! default. Unknown sections and keys are errors that name the file, the
//! line and the key.
//!
//! ```toml
//! [node]                    # identity, listening, peers and routes
//! host = "gy-server.example.com"
//! realm = "example.com"
//! ip = "0.0.0.0"
//! port = 3868
//! threads = 2               # event loops; 0: one per core
//! peers = ["agent.example.org=10.0.0.5:3868", "gw.example.net"]
//! accept_any = false
//! routes = ["example.net=agent.example.org"]
//! max_connections = 20000   # accepted at once (lowered to fit the
//!                           # descriptor limit); a configured peer's
//!                           # address is never refused
//! max_connections_per_source = 1000
//! max_first_message = 8192  # bytes: the CER of an accepted connection
//!
//! [timers]                  # seconds
//! watchdog = 30             # Tw (RFC 3539 §3.4.1), at least 6
//! reconnect = 30            # Tc (RFC 6733 §2.1)
//! request = 10              # a request sent waits this long for its answer
//! response = 10             # a connection, CEA, DPA or TLS handshake
//! cer = 10                  # an accepted connection's wait for its CER
//!
//! [overload]                # ocs and hss
//! shed_after = 5            # ms: past such a turn, excess requests get 3004
//! doic = 50                 # while shedding, DOIC reports ask for a 50% cut
//!
//! [store]                   # ocs and hss
//! db = "ocs.db"             # an SQLite file, or (ocs) "postgres://…"
//! durability = "normal"     # or "full"
//!
//! [tls]                     # see crate::cli::TlsArgs
//! [metrics]
//! address = "127.0.0.1:9100"
//! [log]
//! verbose = false
//! format = "text"           # or "json"
//! ```
//!
//! A peer is `HOST=IP:PORT` (connected to) or `HOST` (allowed to connect
//! in); a route is `REALM[/APP]=HOST[:WEIGHT][,…]` (see
//! [`crate::agent::parse_route`]). When peers are named only they may
//! connect in (3010 DIAMETER_UNKNOWN_PEER for others, RFC 6733 §5.6.1),
//! unless `accept_any`; a server naming none accepts anyone, an agent
//! no one. Peers and routes are what SIGHUP re-reads ([`Reloader`]).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diameter_transport::{Node, NodeConfig, PeerConfig, TlsMode, Topology};
use serde::Deserialize;
use tracing::{info, warn};

use crate::agent::{parse_peer, parse_route};
use crate::cli::LogFormat;
use crate::durability::Durability;

/// What every server role's command line has: identity and listening,
/// peers and routes, timers, TLS, metrics.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServerArgs {
    /// Identity, listening, loops, logging, the settings file.
    #[command(flatten)]
    pub node: NodeArgs,
    /// Peers and routes.
    #[command(flatten)]
    pub peers: PeerArgs,
    /// Timers.
    #[command(flatten)]
    pub timers: TimerArgs,
    /// TLS (RFC 6733 §13).
    #[command(flatten, next_help_heading = "TLS")]
    pub tls: crate::cli::TlsArgs,
    /// Prometheus metrics.
    #[command(flatten, next_help_heading = "Metrics")]
    pub metrics: crate::metrics::MetricsArgs,
}

/// What both load generators (`gy-client`, `mme`) take: how many in
/// flight, how the run is reported and judged, overload reaction, metrics
/// and TLS.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Run")]
pub struct LoadArgs {
    /// Sessions (gy-client) or attaches (mme) in flight at once.
    #[arg(long, default_value_t = 1)]
    pub concurrency: usize,
    /// Print the summary as JSON (mme: one object per subscriber too).
    #[arg(long)]
    pub json: bool,
    /// Exit 0 even when sessions or attaches failed (the summary still
    /// counts them).
    #[arg(long)]
    pub allow_failures: bool,
    /// Draw the run into FILE: `.svg`, `.html` (a page holding the SVG),
    /// or `.json` (the data): answers per second and latency percentiles
    /// over time, the latency histogram, the answers by Result-Code.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// React to the server's overload reports (RFC 7683): abate as they
    /// ask, answering the abated requests 3004 locally.
    #[arg(long)]
    pub doic: bool,
    /// Serve the client node's Prometheus metrics during the run.
    #[command(flatten, next_help_heading = "Metrics")]
    pub metrics: crate::metrics::MetricsArgs,
    /// TLS to the server (RFC 6733 §13).
    #[command(flatten, next_help_heading = "TLS")]
    pub tls: crate::cli::TlsArgs,
}

/// The node's identity and listening address, its event loops, logging
/// and the settings file: options of every server role.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Node")]
pub struct NodeArgs {
    /// Diameter identity, Origin-Host [default: the role's, see below].
    #[arg(long)]
    pub host: Option<String>,
    /// Diameter realm, Origin-Realm [default: the role's, see below].
    #[arg(long)]
    pub realm: Option<String>,
    /// IP address to listen on [default: 0.0.0.0].
    #[arg(long)]
    pub ip: Option<IpAddr>,
    /// Port to listen on (0: any free port) [default: 3868].
    #[arg(long, short = 'p')]
    pub port: Option<u16>,
    /// Event-loop threads [default: one per core].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Log connections and requests, and print statistics as it runs.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// A TOML file with these settings in sections (`[node]`, `[timers]`,
    /// `[overload]`, `[store]`, `[tls]`, `[metrics]`, `[log]` and the
    /// role's own); the command line wins over it. SIGHUP re-reads its
    /// peers and routes.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The peers and routes of a server role.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Peers and routes")]
pub struct PeerArgs {
    /// A peer: `HOST=IP:PORT` to connect to, or `HOST` allowed to connect
    /// in (repeatable). Once peers are named, only they are accepted
    /// (3010 for others) unless `--accept-any`.
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
}

/// The node's timers, in seconds.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Timers")]
pub struct TimerArgs {
    /// Watchdog interval Tw (RFC 3539 §3.4.1), at least 6 [default: 30].
    #[arg(long, value_name = "S")]
    pub watchdog: Option<u64>,
    /// Reconnect interval Tc to configured peers (RFC 6733 §2.1) [default: 30].
    #[arg(long, value_name = "S")]
    pub reconnect: Option<u64>,
    /// How long a request sent waits for its answer [default: 10].
    #[arg(long, value_name = "S")]
    pub request_timeout: Option<u64>,
}

/// Load shedding and overload reports: options of `ocs` and `hss`.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Overload")]
pub struct OverloadArgs {
    /// Load shedding: past an event-loop turn of this many milliseconds,
    /// new requests beyond what fits are answered 3004 DIAMETER_TOO_BUSY
    /// (RFC 6733 §7.1.3) [default: off].
    #[arg(long, value_name = "MS")]
    pub shed_after: Option<u64>,
    /// Overload control (RFC 7683): while shedding, answers to requests
    /// that offer DOIC carry an overload report asking for a PCT% cut
    /// [default: off].
    #[arg(long, value_name = "PCT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub doic: Option<u8>,
}

/// The store: options of `ocs` and `hss`.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Store")]
pub struct StoreArgs {
    /// The store, created on first start: an SQLite file, or for `ocs` and
    /// `hss` a PostgreSQL database shared with other nodes, as a libpq URL
    /// (`postgres://user@host:port/db`) [default: the role's, see below].
    #[arg(long, value_name = "PATH|URL")]
    pub db: Option<PathBuf>,
    /// Commit durability: `normal` survives the process being killed,
    /// `full` also a power loss (an fsync per commit) [default: normal].
    #[arg(long, value_enum, alias = "sync")]
    pub durability: Option<Durability>,
}

/// `[node]` of a settings file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NodeSection {
    /// Origin-Host.
    pub host: Option<String>,
    /// Origin-Realm.
    pub realm: Option<String>,
    /// Address to listen on.
    pub ip: Option<IpAddr>,
    /// Port to listen on.
    pub port: Option<u16>,
    /// Event-loop threads.
    pub threads: Option<usize>,
    /// Peers, as `--peer`.
    pub peers: Vec<String>,
    /// As `--accept-any`.
    pub accept_any: Option<bool>,
    /// Routes, as `--route`.
    pub routes: Vec<String>,
    /// Most accepted connections held at once; more are refused at
    /// accept (never a configured peer's address).
    pub max_connections: Option<usize>,
    /// Most accepted connections from one source address.
    pub max_connections_per_source: Option<usize>,
    /// Largest first message (the CER) of an accepted connection, in bytes.
    pub max_first_message: Option<usize>,
}

/// `[timers]` of a settings file, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimerSection {
    /// Tw.
    pub watchdog: Option<u64>,
    /// Tc.
    pub reconnect: Option<u64>,
    /// A request's wait for its answer.
    pub request: Option<u64>,
    /// The wait for a connection, a CEA, a DPA or a TLS handshake.
    pub response: Option<u64>,
    /// An accepted connection's wait for its CER.
    pub cer: Option<u64>,
}

/// `[overload]` of a settings file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OverloadSection {
    /// As `--shed-after`.
    pub shed_after: Option<u64>,
    /// As `--doic`.
    pub doic: Option<u8>,
}

/// `[store]` of a settings file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreSection {
    /// As `--db`.
    pub db: Option<PathBuf>,
    /// As `--durability`.
    pub durability: Option<Durability>,
}

/// `[metrics]` of a settings file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSection {
    /// As `--metrics`.
    pub address: Option<SocketAddr>,
}

/// `[log]` of a settings file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSection {
    /// As `-v`.
    pub verbose: Option<bool>,
    /// As `--log-format` (which wins).
    pub format: Option<LogFormat>,
}

/// The node settings of a role, resolved from its options, its file and
/// its defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSettings {
    /// Origin-Host.
    pub host: String,
    /// Origin-Realm.
    pub realm: String,
    /// The clear-text listening address.
    pub listen: SocketAddr,
    /// Event-loop threads (0: one per core).
    pub threads: usize,
    /// Whether to log and print as it runs.
    pub verbose: bool,
    /// Peers, allow-list and routes.
    pub topology: Topology,
    /// The timers that were set; the others keep [`NodeConfig`]'s defaults.
    pub timers: TimerSection,
    /// The connection limits that were set (`[node]` only); the others
    /// keep [`NodeConfig`]'s defaults.
    pub limits: Limits,
}

/// The bounds on what strangers connecting in can make a node hold
/// (`[node]` of a settings file); `None` keeps [`NodeConfig`]'s default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// [`NodeConfig::max_connections`].
    pub connections: Option<usize>,
    /// [`NodeConfig::max_connections_per_source`].
    pub connections_per_source: Option<usize>,
    /// [`NodeConfig::max_first_message`].
    pub first_message: Option<usize>,
}

/// The defaults a role gives its identity, and whether it accepts anyone
/// when it names no peer (a server) or no one (an agent).
#[derive(Debug, Clone, Copy)]
pub struct RoleDefaults<'a> {
    /// Origin-Host.
    pub host: &'a str,
    /// Origin-Realm.
    pub realm: &'a str,
    /// Whether naming no peer accepts anyone.
    pub open_by_default: bool,
}

impl NodeSettings {
    /// The settings of `args` over `file` over `defaults`.
    ///
    /// # Errors
    /// A peer or route that does not parse (the message names it).
    pub fn resolve(
        server: &ServerArgs,
        (file, file_timers, log): (&NodeSection, &TimerSection, &LogSection),
        defaults: RoleDefaults<'_>,
    ) -> Result<Self, String> {
        let (args, peers, timers) = (&server.node, &server.peers, &server.timers);
        let ip = (args.ip.or(file.ip)).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let accept_any = peers.accept_any || file.accept_any.unwrap_or(false);
        Ok(Self {
            host: (args.host.clone().or_else(|| file.host.clone()))
                .unwrap_or_else(|| defaults.host.into()),
            realm: (args.realm.clone().or_else(|| file.realm.clone()))
                .unwrap_or_else(|| defaults.realm.into()),
            listen: SocketAddr::new(ip, args.port.or(file.port).unwrap_or(3868)),
            threads: args.threads.or(file.threads).unwrap_or(0),
            verbose: args.verbose || log.verbose.unwrap_or(false),
            topology: topology(
                file.peers.iter().chain(&peers.peers),
                file.routes.iter().chain(&peers.routes),
                accept_any,
                defaults.open_by_default,
            )?,
            timers: TimerSection {
                watchdog: timers.watchdog.or(file_timers.watchdog),
                reconnect: timers.reconnect.or(file_timers.reconnect),
                request: timers.request_timeout.or(file_timers.request),
                ..*file_timers
            },
            limits: Limits {
                connections: file.max_connections,
                connections_per_source: file.max_connections_per_source,
                first_message: file.max_first_message,
            },
        })
    }

    /// Puts these settings into `node` (made for this identity): the
    /// listening address, the loops, the peers and routes, the timers.
    pub fn apply(&self, node: &mut NodeConfig) {
        node.listen = vec![self.listen];
        node.threads = self.threads;
        node.peers.clone_from(&self.topology.peers);
        node.allowed_peers.clone_from(&self.topology.allowed_peers);
        node.routes.clone_from(&self.topology.routes);
        let t = &self.timers;
        let set = |slot: &mut Duration, s: Option<u64>| {
            if let Some(s) = s {
                *slot = Duration::from_secs(s);
            }
        };
        set(&mut node.watchdog_interval, t.watchdog.map(|s| s.max(6)));
        set(&mut node.reconnect_interval, t.reconnect);
        set(&mut node.request_timeout, t.request);
        set(&mut node.response_timeout, t.response);
        set(&mut node.cer_timeout, t.cer);
        let l = &self.limits;
        node.max_connections = l.connections.unwrap_or(node.max_connections);
        node.max_connections_per_source =
            (l.connections_per_source).unwrap_or(node.max_connections_per_source);
        node.max_first_message = l.first_message.unwrap_or(node.max_first_message);
    }
}

/// The peers (`HOST=IP:PORT` connected to, `HOST` allowed in) and routes
/// given as text; only named peers are allowed in unless `accept_any`,
/// or `open_by_default` and none is named.
///
/// # Errors
/// A peer or route that does not parse.
pub fn topology<'s>(
    peers: impl Iterator<Item = &'s String>,
    routes: impl Iterator<Item = &'s String>,
    accept_any: bool,
    open_by_default: bool,
) -> Result<Topology, String> {
    let mut t = Topology::default();
    let mut named = Vec::new();
    for spec in peers {
        let (host, addr) = parse_peer(spec)?;
        if let Some(address) = addr {
            t.peers.push(PeerConfig {
                address,
                host: Some(host.clone()),
                tls: TlsMode::Off,
            });
        }
        named.push(host);
    }
    let open = accept_any || (open_by_default && named.is_empty());
    t.allowed_peers = (!open).then_some(named);
    t.routes = routes.map(|r| parse_route(r)).collect::<Result<_, _>>()?;
    Ok(t)
}

/// SIGHUP: re-read the peers and routes of a running node.
#[derive(Debug)]
pub struct Reloader {
    hangup: Arc<AtomicBool>,
}

impl Reloader {
    /// Catches SIGHUP from now on.
    ///
    /// # Errors
    /// The handler cannot be installed.
    pub fn new() -> std::io::Result<Self> {
        let hangup = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&hangup))?;
        Ok(Self { hangup })
    }

    /// After a SIGHUP: gives `node` the topology `read` returns (the
    /// settings read again), with TLS to its peers as `tls` says, and
    /// logs what changed; a file that no longer reads is logged and the
    /// node keeps what it has.
    pub fn poll(
        &self,
        node: &Node,
        tls: Option<&crate::cli::TlsPlan>,
        read: impl FnOnce() -> Result<Topology, String>,
    ) {
        if !self.hangup.swap(false, Ordering::AcqRel) {
            return;
        }
        let mut topology = match read() {
            Ok(t) => t,
            Err(e) => {
                warn!(error = %e, "SIGHUP: settings not reloaded");
                return;
            }
        };
        if let Some(plan) = tls {
            plan.connect_peers(&mut topology.peers);
        }
        match node.reconfigure(topology) {
            Ok(c) => info!(
                added = c.added,
                removed = c.removed,
                kept = c.kept,
                "SIGHUP: peers and routes reloaded"
            ),
            Err(e) => warn!(error = %e, "SIGHUP: not reloaded"),
        }
    }
}
