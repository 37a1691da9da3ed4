//! `diameter hss`: an HSS serving S6a/S6d from its store until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::Deserialize;
use tracing::info;

use super::DEFAULT_REALM;
use crate::cli::{
    init_logging, stop_flag, usage_error, with_config_file, LogFormat, TlsArgs, TlsPlan,
};
use crate::s6a::hss::{Hss, HssConfig};
use crate::settings::{
    LogSection, MetricsSection, NodeSection, NodeSettings, OverloadArgs, OverloadSection, Reloader,
    RoleDefaults, ServerArgs, StoreArgs, StoreSection, TimerSection,
};

/// Arguments of `diameter hss`; those absent come from `--config`, then
/// from the defaults.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Args {
    /// Identity, listening, peers, routes, timers, TLS, metrics.
    #[command(flatten)]
    pub server: ServerArgs,
    /// The subscriber store [default: hss.db].
    #[command(flatten)]
    pub store: StoreArgs,
    /// Load shedding and overload reports.
    #[command(flatten)]
    pub overload: OverloadArgs,
    /// Send RSR to the MMEs with registered subscribers after a start.
    #[arg(long, help_heading = "HSS")]
    pub reset_on_restart: bool,
}

/// The settings file: the sections every server role has, and `[hss]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct File {
    node: NodeSection,
    timers: TimerSection,
    overload: OverloadSection,
    store: StoreSection,
    hss: HssSection,
    tls: TlsArgs,
    metrics: MetricsSection,
    log: LogSection,
}

/// `[hss]` of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct HssSection {
    max_vectors: Option<u32>,
    reset_on_restart: Option<bool>,
    poll_interval_ms: Option<u64>,
}

/// What `diameter hss` runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The HSS's own settings.
    pub config: HssConfig,
    /// Listening, loops, peers, routes, timers.
    pub node: NodeSettings,
    /// Load shedding (see [`NodeConfig::shed_after`](diameter_transport::NodeConfig::shed_after)).
    pub shed_after: Option<Duration>,
    /// Overload control (see [`NodeConfig::doic`](diameter_transport::NodeConfig::doic)).
    pub doic: Option<diameter_transport::DoicConfig>,
    /// TLS, from the arguments over the file's `[tls]` table.
    pub tls: TlsArgs,
    /// Where to serve Prometheus metrics.
    pub metrics: Option<SocketAddr>,
    /// How log lines are written, when the file says.
    pub log_format: Option<LogFormat>,
}

/// The settings from the arguments, then the TOML text of a settings file
/// (`file`), then the defaults.
///
/// # Errors
/// The file is not valid TOML, has sections or keys this program does not
/// know, an invalid value, or a peer or route that does not parse.
pub fn settings_from(args: &Args, file: Option<&str>) -> Result<Settings, String> {
    let file: File = match file {
        Some(text) => toml::from_str(text).map_err(|e| e.to_string())?,
        None => File::default(),
    };
    let default_host = format!("hss.{DEFAULT_REALM}");
    let node = NodeSettings::resolve(
        &args.server,
        (&file.node, &file.timers, &file.log),
        RoleDefaults {
            host: &default_host,
            realm: DEFAULT_REALM,
            open_by_default: true,
        },
    )?;
    let db = (args.store.db.clone())
        .or(file.store.db)
        .unwrap_or_else(|| "hss.db".into());
    let mut cfg = HssConfig::new(&node.host, &node.realm, db);
    cfg.durability = (args.store.durability)
        .or(file.store.durability)
        .unwrap_or_default();
    cfg.max_vectors = file.hss.max_vectors.unwrap_or(cfg.max_vectors);
    cfg.reset_on_restart = args.reset_on_restart || file.hss.reset_on_restart.unwrap_or(false);
    if let Some(ms) = file.hss.poll_interval_ms {
        cfg.poll_interval = Duration::from_millis(ms.max(1));
    }
    Ok(Settings {
        config: cfg,
        node,
        shed_after: crate::cli::shed_after(args.overload.shed_after.or(file.overload.shed_after)),
        doic: crate::cli::doic_reporting(args.overload.doic.or(file.overload.doic)),
        tls: args.server.tls.or(&file.tls),
        metrics: args.server.metrics.address.or(file.metrics.address),
        log_format: file.log.format,
    })
}

/// The settings of `args` and its `--config` file.
fn read_settings(args: &Args) -> Result<Settings, String> {
    with_config_file(args.server.node.config.as_deref(), |f| {
        settings_from(args, f)
    })
}

/// Runs `diameter hss`.
pub fn run(args: &Args) -> ExitCode {
    let settings = match read_settings(args) {
        Ok(settings) => settings,
        Err(e) => return usage_error("hss", &e),
    };
    let tls = match settings.tls.plan() {
        Ok(tls) => tls,
        Err(e) => return usage_error("hss", &e),
    };
    match serve(args, settings, tls.as_ref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diameter hss: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &Args, settings: Settings, tls: Option<&TlsPlan>) -> Result<(), String> {
    let Settings {
        config: cfg,
        node: node_settings,
        shed_after,
        doic,
        metrics,
        log_format,
        ..
    } = settings;
    if let Some(format) = log_format {
        crate::cli::set_log_format(format);
    }
    init_logging(if node_settings.verbose {
        "debug"
    } else {
        "info"
    });
    let db = crate::s6a::store::Location::of(&cfg.db).to_string();
    let hss = Hss::open(cfg).map_err(|e| format!("{db}: {e}"))?;
    let mut node = hss.node_config();
    node_settings.apply(&mut node);
    node.shed_after = shed_after;
    node.doic = doic;
    if let Some(tls) = tls {
        tls.serve(&mut node);
        tls.connect(&mut node);
    }
    let stop = stop_flag().map_err(|e| e.to_string())?;
    let reload = Reloader::new().map_err(|e| e.to_string())?;
    let listen = node_settings.listen;
    let running = hss.start(node).map_err(|e| format!("{listen}: {e}"))?;
    let client = running.node().client();
    let _metrics = crate::metrics::serve(metrics, client, None).map_err(|e| e.to_string())?;
    info!(address = ?running.node().local_addrs(), store = %db, "HSS listening");
    while !stop.load(Ordering::Acquire) {
        std::thread::sleep(Duration::from_millis(100));
        reload.poll(running.node(), tls, || {
            read_settings(args).map(|s| s.node.topology)
        });
    }
    info!(requests_shed = running.node().shed(), "stopping");
    let statistics = running.stop().map_err(|e| e.to_string())?;
    crate::outln!("{statistics}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::durability::Durability;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn arguments_override_the_file_and_defaults_fill_in() {
        let dir = std::env::temp_dir().join(format!("s6a-hss-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("hss.toml");
        std::fs::write(
            &file,
            "[node]\nrealm = \"example.com\"\nport = 3870\nthreads = 2\n\
             peers = [\"mme.example.com\"]\n[hss]\nmax_vectors = 3\nreset_on_restart = true\n\
             [store]\ndurability = \"full\"\n[overload]\nshed_after = 7\ndoic = 40\n\
             [metrics]\naddress = \"127.0.0.1:9100\"\n\
             [tls]\nmode = \"inband\"\ncert = \"hss.crt\"\nport = 5700\n",
        )
        .unwrap();
        let settings = read_settings;
        let cli = Cli::parse_from([
            "hss",
            "--config",
            file.to_str().unwrap(),
            "-p",
            "3900",
            "--tls-port",
            "5701",
        ]);
        let Settings {
            config: cfg,
            node,
            shed_after,
            doic,
            tls,
            metrics,
            ..
        } = settings(&cli.args).unwrap();
        assert_eq!(shed_after, Some(Duration::from_millis(7)), "from the file");
        assert_eq!(metrics, "127.0.0.1:9100".parse().ok(), "from the file");
        assert_eq!(doic.map(|d| d.reduction), Some(40), "from the file");
        assert_eq!(tls.mode, Some(crate::cli::TlsChoice::Inband));
        assert_eq!((tls.cert, tls.port), (Some("hss.crt".into()), Some(5701)));
        assert_eq!(cfg.realm, "example.com");
        assert_eq!(cfg.host, "hss.epc.mnc001.mcc001.3gppnetwork.org");
        assert_eq!(node.listen, "0.0.0.0:3900".parse().unwrap());
        assert_eq!((node.threads, node.verbose, cfg.max_vectors), (2, false, 3));
        assert_eq!(
            node.topology.allowed_peers,
            Some(vec!["mme.example.com".to_string()])
        );
        assert_eq!(cfg.durability, Durability::Full, "from the file");
        assert!(cfg.reset_on_restart);
        let over = Cli::parse_from([
            "hss",
            "--config",
            file.to_str().unwrap(),
            "--shed-after",
            "0",
        ]);
        assert_eq!(settings(&over.args).unwrap().shed_after, None, "0: off");
        std::fs::write(&file, "colour = \"blue\"\n").unwrap();
        assert!(settings(&cli.args).is_err(), "unknown settings are errors");
    }
}
