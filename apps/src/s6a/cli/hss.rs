//! `diameter hss`: an HSS serving S6a/S6d from its store until SIGINT or SIGTERM.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::Deserialize;
use tracing::info;

use super::DEFAULT_REALM;
use crate::cli::{init_logging, stop_flag, usage_error, with_config_file, TlsArgs, TlsPlan};
use crate::s6a::hss::{Hss, HssConfig};
use crate::s6a::store::Durability;

/// Arguments of `diameter hss`; those absent come from `--config`, then
/// from the defaults.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Args {
    /// Origin-Host [default: hss.epc.mnc001.mcc001.3gppnetwork.org].
    #[arg(long)]
    pub host: Option<String>,
    /// Origin-Realm [default: epc.mnc001.mcc001.3gppnetwork.org].
    #[arg(long)]
    pub realm: Option<String>,
    /// Address to listen on [default: 0.0.0.0].
    #[arg(long)]
    pub ip: Option<IpAddr>,
    /// Port to listen on [default: 3868].
    #[arg(long, short = 'p')]
    pub port: Option<u16>,
    /// The store, created on first start [default: hss.db].
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A TOML file with any of these settings (same names, `_` for `-`),
    /// plus `durability` ("normal" or "full"), `shed_after`, `doic`, `max_vectors`,
    /// `reset_on_restart`, `poll_interval_ms` and a `[tls]` table
    /// (`mode`, `cert`, `key`, `ca`, `port`).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Log every answer.
    #[arg(long)]
    pub verbose: bool,
    /// Event-loop threads [default: one per core].
    #[arg(long)]
    pub threads: Option<usize>,
    /// Send RSR to the MMEs with registered subscribers after a start.
    #[arg(long)]
    pub reset_on_restart: bool,
    /// Commit durability: `normal` survives the process being killed,
    /// `full` also a power loss (an fsync per commit) [default: normal].
    #[arg(long, value_enum)]
    pub durability: Option<Durability>,
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
    /// TLS (RFC 6733 §13).
    #[command(flatten)]
    pub tls: TlsArgs,
    /// Prometheus metrics.
    #[command(flatten)]
    pub metrics: crate::metrics::MetricsArgs,
}

/// The settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    host: Option<String>,
    realm: Option<String>,
    ip: Option<IpAddr>,
    port: Option<u16>,
    db: Option<PathBuf>,
    threads: Option<usize>,
    durability: Option<Durability>,
    shed_after: Option<u64>,
    doic: Option<u8>,
    max_vectors: Option<u32>,
    reset_on_restart: Option<bool>,
    poll_interval_ms: Option<u64>,
    verbose: Option<bool>,
    metrics: Option<SocketAddr>,
    #[serde(default)]
    tls: TlsArgs,
}

/// What `diameter hss` runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The HSS's own settings.
    pub config: HssConfig,
    /// The address to listen on.
    pub listen: SocketAddr,
    /// Event-loop threads (0: one per core).
    pub threads: usize,
    /// Whether to log every answer.
    pub verbose: bool,
    /// Load shedding (see [`NodeConfig::shed_after`](diameter_transport::NodeConfig::shed_after)).
    pub shed_after: Option<Duration>,
    /// Overload control (see [`NodeConfig::doic`](diameter_transport::NodeConfig::doic)).
    pub doic: Option<diameter_transport::DoicConfig>,
    /// TLS, from the arguments over the file's `[tls]` table.
    pub tls: TlsArgs,
    /// Where to serve Prometheus metrics.
    pub metrics: Option<SocketAddr>,
}

/// The settings from the arguments, then the TOML text of a settings file
/// (`file`), then the defaults.
///
/// # Errors
/// The file is not valid TOML, has settings this program does not know,
/// or an invalid value.
pub fn settings_from(args: &Args, file: Option<&str>) -> Result<Settings, String> {
    let file: File = match file {
        Some(text) => toml::from_str(text).map_err(|e| e.to_string())?,
        None => File::default(),
    };
    let realm = (args.realm.clone())
        .or(file.realm)
        .unwrap_or_else(|| DEFAULT_REALM.into());
    let host = (args.host.clone())
        .or(file.host)
        .unwrap_or_else(|| format!("hss.{DEFAULT_REALM}"));
    let db = (args.db.clone())
        .or(file.db)
        .unwrap_or_else(|| "hss.db".into());
    let mut cfg = HssConfig::new(&host, &realm, db);
    cfg.durability = args.durability.or(file.durability).unwrap_or_default();
    cfg.max_vectors = file.max_vectors.unwrap_or(cfg.max_vectors);
    cfg.reset_on_restart = args.reset_on_restart || file.reset_on_restart.unwrap_or(false);
    if let Some(ms) = file.poll_interval_ms {
        cfg.poll_interval = Duration::from_millis(ms.max(1));
    }
    let ip = args
        .ip
        .or(file.ip)
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let listen = SocketAddr::new(ip, args.port.or(file.port).unwrap_or(3868));
    let threads = args.threads.or(file.threads).unwrap_or(0);
    Ok(Settings {
        config: cfg,
        listen,
        threads,
        verbose: args.verbose || file.verbose.unwrap_or(false),
        shed_after: crate::cli::shed_after(args.shed_after.or(file.shed_after)),
        doic: crate::cli::doic_reporting(args.doic.or(file.doic)),
        tls: args.tls.or(&file.tls),
        metrics: args.metrics.address.or(file.metrics),
    })
}

/// Runs `diameter hss`.
pub fn run(args: &Args) -> ExitCode {
    let settings = match with_config_file(args.config.as_deref(), |f| settings_from(args, f)) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("diameter hss: {e}");
            return ExitCode::FAILURE;
        }
    };
    let tls = match settings.tls.plan() {
        Ok(tls) => tls,
        Err(e) => return usage_error("hss", &e),
    };
    match serve(settings, tls.as_ref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diameter hss: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: Settings, tls: Option<&TlsPlan>) -> Result<(), String> {
    let Settings {
        config: cfg,
        listen,
        threads,
        verbose,
        shed_after,
        doic,
        metrics,
        ..
    } = settings;
    init_logging(if verbose { "debug" } else { "info" });
    let db = cfg.db.display().to_string();
    let hss = Hss::open(cfg).map_err(|e| format!("{db}: {e}"))?;
    let mut node = hss.node_config();
    node.listen = vec![listen];
    node.threads = threads;
    node.shed_after = shed_after;
    node.doic = doic;
    if let Some(tls) = tls {
        tls.serve(&mut node);
    }
    let stop = stop_flag().map_err(|e| e.to_string())?;
    let running = hss.start(node).map_err(|e| format!("{listen}: {e}"))?;
    let client = running.node().client();
    let _metrics = crate::metrics::serve(metrics, client, None).map_err(|e| e.to_string())?;
    info!(address = ?running.node().local_addrs(), store = %db, "HSS listening");
    while !stop.load(Ordering::Acquire) {
        std::thread::sleep(Duration::from_millis(100));
    }
    info!(requests_shed = running.node().shed(), "stopping");
    let statistics = running.stop().map_err(|e| e.to_string())?;
    crate::outln!("{statistics}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
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
            "realm = \"example.com\"\nport = 3870\nthreads = 2\nmax_vectors = 3\n\
             durability = \"full\"\nreset_on_restart = true\nshed_after = 7\ndoic = 40\n\
             metrics = \"127.0.0.1:9100\"\n\
             [tls]\nmode = \"inband\"\ncert = \"hss.crt\"\nport = 5700\n",
        )
        .unwrap();
        let settings = |a: &Args| with_config_file(a.config.as_deref(), |f| settings_from(a, f));
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
            listen,
            threads,
            verbose,
            shed_after,
            doic,
            tls,
            metrics,
        } = settings(&cli.args).unwrap();
        assert_eq!(shed_after, Some(Duration::from_millis(7)), "from the file");
        assert_eq!(metrics, "127.0.0.1:9100".parse().ok(), "from the file");
        assert_eq!(doic.map(|d| d.reduction), Some(40), "from the file");
        assert_eq!(tls.mode, Some(crate::cli::TlsChoice::Inband));
        assert_eq!((tls.cert, tls.port), (Some("hss.crt".into()), Some(5701)));
        assert_eq!(cfg.realm, "example.com");
        assert_eq!(cfg.host, "hss.epc.mnc001.mcc001.3gppnetwork.org");
        assert_eq!(listen, "0.0.0.0:3900".parse().unwrap());
        assert_eq!((threads, verbose, cfg.max_vectors), (2, false, 3));
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
