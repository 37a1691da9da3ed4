//! The OCS's settings: command-line options and the same in a TOML file,
//! in the sections every server role shares (see [`crate::settings`]) and
//! its own (`[ocs]`, `[grant]`, `[tariff]`).
//!
//! ```toml
//! [node]
//! host = "gy-server.example.com"
//! realm = "example.com"
//! ip = "0.0.0.0"
//! port = 3868
//! threads = 2
//! peers = ["gw.example.net"]   # only these may connect (default: anyone)
//!
//! [store]
//! db = "ocs.db"            # or a PostgreSQL URL: "postgres://user@host:5432/db"
//! durability = "normal"    # or "full": fsync every group commit
//!
//! [overload]
//! shed_after = 5           # ms: past such an event-loop turn, excess requests get 3004
//! doic = 50                # while shedding, DOIC reports ask for a 50% cut (RFC 7683)
//!
//! [ocs]
//! auto_provision = 1000000 # octets for unknown subscribers; absent: 5030
//! max_sessions = 1000000   # open credit-control sessions; beyond: 3004
//! store_reserve = 8388608  # bytes set aside beside the store for a full disk
//! demo = true              # a demo account in a store created at start
//! failure_handling = "retry_and_terminate"  # CCFH of every CCA (RFC 4006 §8.14)
//!
//! [tls]                    # see crate::cli::TlsArgs
//! cert = "ocs.crt"
//! key = "ocs.key"
//! ca = "ca.pem"
//!
//! [metrics]
//! address = "127.0.0.1:9100"
//!
//! [grant]
//! octets = 1048576
//! seconds = 300
//! units = 10
//! default_unit = "octets"
//! validity_time = 600
//! tcc = 1200               # default: 2 x validity_time (RFC 4006 §13)
//! duplicate_window = 10
//!
//! [tariff]
//! currency = 978
//! octets_per_cent = 1048576
//! ```

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use diameter_core::dict::application;
use diameter_transport::{AppId, NodeConfig, Topology};
use serde::{Deserialize, Serialize};

use super::cca::FailureHandling;
use super::cli::OcsArgs;
use super::ledger::{Policy, Tariff};
use super::store::Durability;
use super::units::Unit;
use crate::cli::{LogFormat, TlsArgs};
use crate::settings::{
    Limits, LogSection, MetricsSection, NodeSection, NodeSettings, OverloadSection, RoleDefaults,
    StoreSection, TimerSection,
};

/// Everything `diameter ocs` and [`Ocs::start`](super::Ocs::start) need.
#[derive(Debug, Clone, PartialEq)]
pub struct OcsConfig {
    /// Origin-Host.
    pub host: String,
    /// Origin-Realm.
    pub realm: String,
    /// Address to listen on.
    pub ip: IpAddr,
    /// Port to listen on (0: any free port).
    pub port: u16,
    /// Log connections and print statistics every few seconds.
    pub verbose: bool,
    /// The account store: an SQLite file (created on first start), or a
    /// PostgreSQL database as a libpq URL (`postgres://…`, shared by
    /// several OCS processes; see [`super::store`]).
    pub db: PathBuf,
    /// How hard commits reach the disk.
    pub durability: Durability,
    /// Create unknown subscribers with this many octets.
    pub auto_provision: Option<u64>,
    /// Event-loop threads (0: one per core).
    pub threads: usize,
    /// The peers it connects to, those allowed to connect in (anyone
    /// when `allowed_peers` is absent) and the routes of the requests it
    /// sends.
    pub topology: Topology,
    /// The node's timers that were set.
    pub timers: TimerSection,
    /// The node's connection limits that were set.
    pub limits: Limits,
    /// How log lines are written, when the file says.
    pub log_format: Option<LogFormat>,
    /// Most credit-control sessions open at once: a CCR-Initial beyond
    /// is answered 3004 DIAMETER_TOO_BUSY.
    pub max_sessions: usize,
    /// Bytes set aside beside the store (`<db>-reserve`): when the disk
    /// fills up, the commit of answers already written is made in their
    /// space, and requests are refused (5012) until it can be set aside
    /// again. It must hold what one event-loop turn of each thread commits
    /// (a few pages per account touched). 0 for none: then a commit that
    /// fails stops the process.
    pub store_reserve: u64,
    /// Load shedding, in milliseconds: when an event-loop turn takes
    /// longer, the next turns serve only the new requests that fit and
    /// answer the rest 3004 DIAMETER_TOO_BUSY (RFC 6733 §7.1.3; see
    /// [`NodeConfig::shed_after`]). Absent or 0: never shed.
    pub shed_after: Option<u64>,
    /// Overload control (RFC 7683): the reduction, in percent, that
    /// answers ask for while the node sheds load. Absent: no DOIC.
    pub doic: Option<u8>,
    /// Grants and timers.
    pub grant: GrantConfig,
    /// Prices for PRICE_ENQUIRY.
    pub tariff: Tariff,
    /// TLS (RFC 6733 §13): a TLS-at-connect listener, in-band TLS.
    pub tls: TlsArgs,
    /// Where to serve Prometheus metrics (`/metrics`); nowhere when absent.
    pub metrics: Option<SocketAddr>,
    /// Whether a store created at start gets a demo account (see
    /// `diameter ocs --no-demo`).
    pub demo: bool,
    /// The Credit-Control-Failure-Handling every CCA carries (RFC 4006
    /// §8.14, §5.7), beside CC-Session-Failover FAILOVER_SUPPORTED (§8.4).
    /// Default RETRY_AND_TERMINATE: the sessions are stored, so the
    /// client's retry at an alternative server (another node on the same
    /// store, or this one restarted) continues the session, and a client
    /// that reaches no server ends the service rather than giving it
    /// unmetered (CONTINUE).
    pub failure_handling: FailureHandling,
}

/// How much is granted at once, and the credit-control timers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GrantConfig {
    /// Largest grant of octets.
    pub octets: u64,
    /// Largest grant of seconds.
    pub seconds: u64,
    /// Largest grant of service-specific units.
    pub units: u64,
    /// What an empty Requested-Service-Unit is granted in.
    pub default_unit: Unit,
    /// Validity-Time of grants, seconds (RFC 4006 §8.33); 0 for none.
    pub validity_time: u32,
    /// Session supervision timer Tcc, seconds; 2 × Validity-Time when
    /// absent (RFC 4006 §13).
    pub tcc: Option<u32>,
    /// How long, in seconds, a finished session's answer is kept to
    /// answer duplicates.
    pub duplicate_window: u32,
}

impl Default for GrantConfig {
    fn default() -> Self {
        GrantConfig {
            octets: 1 << 20,
            seconds: 300,
            units: 10,
            default_unit: Unit::Octets,
            validity_time: 600,
            tcc: None,
            duplicate_window: 10,
        }
    }
}

impl Default for OcsConfig {
    fn default() -> Self {
        OcsConfig {
            host: "gy-server.example.com".into(),
            realm: "example.com".into(),
            ip: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 3868,
            verbose: false,
            db: PathBuf::from("ocs.db"),
            durability: Durability::Normal,
            auto_provision: None,
            threads: 0,
            topology: Topology::default(),
            timers: TimerSection::default(),
            limits: Limits::default(),
            log_format: None,
            max_sessions: 1_000_000,
            store_reserve: 8 << 20,
            shed_after: None,
            doic: None,
            grant: GrantConfig::default(),
            tariff: Tariff::default(),
            tls: TlsArgs::default(),
            metrics: None,
            demo: true,
            failure_handling: FailureHandling::RetryAndTerminate,
        }
    }
}

impl OcsConfig {
    /// The settings of `args` over the TOML text `file` over the defaults.
    ///
    /// # Errors
    /// The text is not TOML, has unknown sections or keys or invalid
    /// values (the message names the line and the key), or a peer or
    /// route that does not parse.
    pub fn from_args(args: &OcsArgs, file: Option<&str>) -> Result<Self, String> {
        let f: OcsFile = match file {
            Some(text) => toml::from_str(text).map_err(|e| e.to_string())?,
            None => OcsFile::default(),
        };
        let node = NodeSettings::resolve(
            &args.server,
            (&f.node, &f.timers, &f.log),
            RoleDefaults {
                host: "gy-server.example.com",
                realm: "example.com",
                open_by_default: true,
            },
        )?;
        let d = OcsConfig::default();
        let mut grant = f.grant;
        let set = |slot: &mut u64, v: Option<u64>| *slot = v.unwrap_or(*slot);
        set(&mut grant.octets, args.grant_octets);
        set(&mut grant.seconds, args.grant_seconds);
        set(&mut grant.units, args.grant_units);
        grant.validity_time = args.validity_time.unwrap_or(grant.validity_time);
        grant.tcc = args.tcc.or(grant.tcc);
        Ok(OcsConfig {
            host: node.host,
            realm: node.realm,
            ip: node.listen.ip(),
            port: node.listen.port(),
            verbose: node.verbose,
            db: (args.store.db.clone().or(f.store.db)).unwrap_or(d.db),
            durability: (args.store.durability.or(f.store.durability)).unwrap_or(d.durability),
            auto_provision: args.auto_provision.or(f.ocs.auto_provision),
            threads: node.threads,
            topology: node.topology,
            timers: node.timers,
            limits: node.limits,
            log_format: f.log.format,
            max_sessions: (args.max_sessions.or(f.ocs.max_sessions)).unwrap_or(d.max_sessions),
            store_reserve: (args.store_reserve.or(f.ocs.store_reserve)).unwrap_or(d.store_reserve),
            shed_after: args.overload.shed_after.or(f.overload.shed_after),
            doic: args.overload.doic.or(f.overload.doic),
            grant,
            tariff: f.tariff,
            tls: args.server.tls.or(&f.tls),
            metrics: args.server.metrics.address.or(f.metrics.address),
            demo: f.ocs.demo.unwrap_or(true) && !args.no_demo,
            failure_handling: (args.failure_handling.or(f.ocs.failure_handling))
                .unwrap_or(d.failure_handling),
        })
    }

    /// The settings of the TOML text of a settings file, over the
    /// defaults.
    ///
    /// # Errors
    /// As [`from_args`](Self::from_args).
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::from_args(&OcsArgs::default(), Some(text))
    }

    /// The charging policy these settings describe.
    pub fn policy(&self) -> Policy {
        let g = &self.grant;
        let tcc = g.tcc.unwrap_or(g.validity_time.saturating_mul(2)).max(1);
        Policy {
            grant: [g.octets, g.seconds, g.units],
            default_unit: g.default_unit,
            validity_time: g.validity_time,
            tcc: Duration::from_secs(tcc.into()),
            duplicate_window: Duration::from_secs(g.duplicate_window.into()),
            auto_provision: self.auto_provision,
            tariff: self.tariff,
            max_sessions: self.max_sessions,
        }
    }

    /// The node: this identity, listening on `ip:port` (and with TLS as
    /// [`tls`](Self::tls) says), advertising the Diameter Credit-Control
    /// application (RFC 4006 §1.3: Auth-Application-Id 4).
    ///
    /// # Errors
    /// The TLS settings are incomplete or their files unusable.
    pub fn node_config(&self) -> io::Result<NodeConfig> {
        let mut node = NodeConfig::new(&self.host, &self.realm);
        self.node_settings().apply(&mut node);
        node.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
        node.product_name = "diameter-rs OCS".into();
        node.shed_after = crate::cli::shed_after(self.shed_after);
        node.doic = crate::cli::doic_reporting(self.doic);
        let tls = (self.tls.plan()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        if let Some(tls) = tls {
            tls.serve(&mut node);
            tls.connect(&mut node);
        }
        Ok(node)
    }

    /// The node settings among these.
    pub fn node_settings(&self) -> NodeSettings {
        NodeSettings {
            host: self.host.clone(),
            realm: self.realm.clone(),
            listen: SocketAddr::new(self.ip, self.port),
            threads: self.threads,
            verbose: self.verbose,
            topology: self.topology.clone(),
            timers: self.timers,
            limits: self.limits,
        }
    }
}

/// The settings file of `diameter ocs` (see the module docs).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct OcsFile {
    node: NodeSection,
    timers: TimerSection,
    overload: OverloadSection,
    store: StoreSection,
    ocs: OcsSection,
    grant: GrantConfig,
    tariff: Tariff,
    tls: TlsArgs,
    metrics: MetricsSection,
    log: LogSection,
}

/// `[ocs]` of its settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct OcsSection {
    auto_provision: Option<u64>,
    max_sessions: Option<usize>,
    store_reserve: Option<u64>,
    demo: Option<bool>,
    failure_handling: Option<FailureHandling>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_overrides_defaults_and_rejects_typos() {
        let cfg = OcsConfig::parse(
            "[node]\nhost = \"ocs.test\"\nport = 13868\npeers = [\"gw.example.net\"]\n\
             [ocs]\nauto_provision = 5000\n[store]\ndurability = \"full\"\n\
             [timers]\nwatchdog = 12\n[grant]\noctets = 100\nvalidity_time = 30\n",
        )
        .unwrap();
        assert_eq!(cfg.host, "ocs.test");
        assert_eq!(cfg.realm, "example.com");
        assert_eq!(cfg.port, 13868);
        assert_eq!(cfg.durability, Durability::Full);
        let p = cfg.policy();
        assert_eq!(p.grant, [100, 300, 10]);
        assert_eq!(p.tcc, Duration::from_secs(60), "2 x Validity-Time");
        assert_eq!(p.auto_provision, Some(5000));
        let node = cfg.node_config().unwrap();
        assert_eq!(node.shed_after, None, "off by default");
        assert_eq!(node.allowed_peers, Some(vec!["gw.example.net".into()]));
        assert_eq!(node.watchdog_interval, Duration::from_secs(12));
        let shedding = OcsConfig::parse("[overload]\nshed_after = 5").unwrap();
        assert_eq!(
            shedding.node_config().unwrap().shed_after,
            Some(Duration::from_millis(5))
        );
        let open = OcsConfig::parse("").unwrap().node_config().unwrap();
        assert_eq!(open.allowed_peers, None, "anyone when no peer is named");
        let e = OcsConfig::parse("[node]\nprot = 1").unwrap_err();
        assert!(e.contains("prot") && e.contains("line 2"), "{e}");
        assert!(OcsConfig::parse("[grant]\noctet = 1").is_err());
        assert!(
            OcsConfig::parse("port = 1").is_err(),
            "keys live in sections"
        );
        assert_eq!(cfg.failure_handling, FailureHandling::RetryAndTerminate);
        let cont = OcsConfig::parse("[ocs]\nfailure_handling = \"continue\"").unwrap();
        assert_eq!(cont.failure_handling, FailureHandling::Continue);
        let e = OcsConfig::parse("[node]\nroutes = [\"x\"]").unwrap_err();
        assert!(e.contains("--route x"), "{e}");
    }
}
