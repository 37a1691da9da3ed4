//! The command-line tools: `diameter ocs`, `diameter accounts` and
//! `diameter gy-client`.

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::ccr::IdType;
use super::client::{self, LoadConfig, Progress};
use super::config::OcsConfig;
use super::ledger::Account;
use super::ocs::Ocs;
use super::store::{Db, Durability, Location};
use super::subscribers::Subscribers;
use super::units::Unit;
use crate::cli::{init_logging, stop_flag, usage_error, with_config_file, TlsPlan};
use crate::settings::{LoadArgs, OverloadArgs, Reloader, ServerArgs, StoreArgs};

/// Arguments of `diameter ocs`; each overrides the `--config` file's setting.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OcsArgs {
    /// Identity, listening, peers, routes, timers, TLS, metrics.
    #[command(flatten)]
    pub server: ServerArgs,
    /// The account store.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Load shedding and overload reports.
    #[command(flatten)]
    pub overload: OverloadArgs,
    /// Create unknown subscribers with this many octets (default: answer 5030).
    #[arg(long, value_name = "OCTETS", help_heading = "Charging")]
    pub auto_provision: Option<u64>,
    /// Largest grant of octets [default: 1048576].
    #[arg(long, value_name = "OCTETS", help_heading = "Charging")]
    pub grant_octets: Option<u64>,
    /// Largest grant of seconds [default: 300].
    #[arg(long, value_name = "SECONDS", help_heading = "Charging")]
    pub grant_seconds: Option<u64>,
    /// Largest grant of service-specific units [default: 10].
    #[arg(long, value_name = "UNITS", help_heading = "Charging")]
    pub grant_units: Option<u64>,
    /// Validity-Time of grants in seconds, 0 for none [default: 600].
    #[arg(long, value_name = "SECONDS", help_heading = "Charging")]
    pub validity_time: Option<u32>,
    /// Session supervision timer Tcc in seconds [default: 2 x Validity-Time].
    #[arg(long, value_name = "SECONDS", help_heading = "Charging")]
    pub tcc: Option<u32>,
    /// No demo account in a store created at start (by default, unless
    /// `--auto-provision`, subscriber 001010000000001, gy-client's default,
    /// gets 10 GB, 1 hour and 100 units, so that `diameter gy-client` works
    /// at once).
    #[arg(long, help_heading = "Charging")]
    pub no_demo: bool,
    /// Most credit-control sessions open at once; a CCR-Initial beyond is
    /// answered 3004 DIAMETER_TOO_BUSY [default: 1000000].
    #[arg(long, value_name = "N", help_heading = "Charging")]
    pub max_sessions: Option<usize>,
    /// Bytes set aside beside the store for a full disk, 0 for none
    /// [default: 8388608].
    #[arg(long, value_name = "BYTES", help_heading = "Store")]
    pub store_reserve: Option<u64>,
    /// Credit-Control-Failure-Handling of every CCA (RFC 4006 §8.14): what
    /// a client does when this server fails; the sessions are stored, so
    /// a retry at another node (or after a restart) continues them
    /// [default: retry-and-terminate].
    #[arg(long, value_enum, value_name = "HOW", help_heading = "Charging")]
    pub failure_handling: Option<crate::gy::cca::FailureHandling>,
}

impl OcsArgs {
    /// The configuration: these options over the `--config` file's over
    /// the defaults.
    ///
    /// # Errors
    /// The file cannot be read, or a setting is not valid (the message
    /// names the file, the line and the key).
    pub fn config(&self) -> Result<OcsConfig, String> {
        with_config_file(self.server.node.config.as_deref(), |f| {
            OcsConfig::from_args(self, f)
        })
    }
}

/// Runs `diameter ocs` until SIGINT or SIGTERM, then stops gracefully
/// (DPR to every peer) and prints the statistics.
pub fn run_ocs(args: &OcsArgs) -> ExitCode {
    let config = match args.config() {
        Ok(config) => config,
        Err(e) => return usage_error("ocs", &e),
    };
    if let Err(e) = config.tls.plan() {
        return usage_error("ocs", &e);
    }
    match serve(args, &config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diameter ocs: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The demo account of a new store: `gy-client`'s default subscriber, and
/// what it is credited (octets, seconds, units).
const DEMO: (&str, [u64; 3]) = ("001010000000001", [10_000_000_000, 3_600, 100]);

/// Creates the store with the demo account when it is an SQLite file that
/// does not exist yet and
/// the configuration wants one (see [`OcsConfig::demo`]) and does not
/// provision every subscriber anyway (`auto_provision`); says so.
fn demo_account(config: &OcsConfig) -> io::Result<()> {
    let new_file = matches!(Location::of(&config.db), Location::Sqlite(p) if !p.exists());
    if !config.demo || config.auto_provision.is_some() || !new_file {
        return Ok(());
    }
    let (subscriber, amounts) = DEMO;
    let mut store = Db::open(&config.db, config.durability).map_err(io::Error::other)?;
    store
        .add([subscriber.to_string()], amounts)
        .map_err(io::Error::other)?;
    let [octets, seconds, units] = amounts;
    crate::outln!(
        "New account store {}: demo account {subscriber} with {octets} octets, {seconds} s \
         and {units} units (diameter gy-client uses it by default; --no-demo for none)",
        config.db.display()
    );
    Ok(())
}

fn serve(args: &OcsArgs, config: &OcsConfig) -> io::Result<()> {
    if let Some(format) = config.log_format {
        crate::cli::set_log_format(format);
    }
    init_logging(if config.verbose { "info" } else { "warn" });
    let stop = stop_flag()?;
    let reload = Reloader::new()?;
    demo_account(config)?;
    let ocs = Ocs::start(config)?;
    let _metrics = crate::metrics::serve(config.metrics, ocs.client(), Some(ocs.collector()))?;
    let rule = "=".repeat(70);
    crate::outln!("{rule}\nStarting Gy Diameter Server (online charging, RFC 4006)\n{rule}");
    crate::outln!("Host Identity: {}", config.host);
    crate::outln!("Realm: {}", config.realm);
    // The clear-text listener first, then the TLS one (RFC 6733 §2.1).
    let (clear, tls) = ocs.local_addrs().split_at(1.min(ocs.local_addrs().len()));
    for addr in clear {
        crate::outln!("Listening on: {addr}");
    }
    for addr in tls {
        crate::outln!("Listening with TLS on: {addr}");
    }
    crate::outln!(
        "Account store: {} (durability {:?})",
        Location::of(&config.db),
        config.durability
    );
    crate::outln!("{rule}\n\n✓ Server started successfully\n✓ Waiting for connections...\n");
    let mut last = Instant::now();
    let tls = config.tls.plan().ok().flatten();
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
        reload.poll(ocs.node(), tls.as_ref(), || {
            args.config().map(|c| c.topology)
        });
        if config.verbose && last.elapsed() >= Duration::from_secs(5) {
            last = Instant::now();
            crate::outln!("{}", ocs.statistics());
        }
    }
    crate::outln!("Stopping: disconnecting peers...");
    let stats = ocs.stop()?;
    crate::outln!("{stats}");
    Ok(())
}

/// Arguments of `diameter accounts`.
#[derive(Debug, Clone, clap::Args)]
pub struct AccountsArgs {
    /// The account store: an SQLite file (created when missing), or a
    /// PostgreSQL database as a libpq URL (`postgres://user@host:port/db`).
    #[arg(long, value_name = "PATH|URL", default_value = "ocs.db")]
    pub db: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: AccountsCommand,
}

/// The `diameter accounts` subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum AccountsCommand {
    /// Create a subscriber (or each of a range such as
    /// 001010000000001-001010000001000), or top it up.
    Add {
        /// Subscription-Id data (IMSI, MSISDN, NAI, SIP URI) or User-Name.
        #[arg(value_name = "SUBSCRIPTION-ID")]
        subscriber: Subscribers,
        /// Octets to credit.
        #[arg(long)]
        octets: u64,
        /// Seconds to credit.
        #[arg(long, default_value_t = 0)]
        seconds: u64,
        /// Service-specific units to credit.
        #[arg(long, default_value_t = 0)]
        units: u64,
    },
    /// List every account.
    List {
        /// One JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one account.
    Show {
        /// Subscription-Id data or User-Name.
        #[arg(value_name = "SUBSCRIPTION-ID")]
        subscriber: String,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Set balances (the difference is credited or withdrawn).
    Set {
        /// Subscription-Id data, or a range.
        #[arg(value_name = "SUBSCRIPTION-ID")]
        subscriber: Subscribers,
        /// New octet balance.
        #[arg(long)]
        octets: Option<u64>,
        /// New balance of seconds.
        #[arg(long)]
        seconds: Option<u64>,
        /// New balance of service-specific units.
        #[arg(long)]
        units: Option<u64>,
    },
}

/// Runs `diameter accounts`.
pub fn run_accounts(args: &AccountsArgs) -> ExitCode {
    match accounts(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("diameter accounts: {e}");
            ExitCode::FAILURE
        }
    }
}

fn accounts(args: &AccountsArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut store = Db::open(&args.db, Durability::Full)?;
    match &args.command {
        AccountsCommand::Add {
            subscriber,
            octets,
            seconds,
            units,
        } => {
            let n = store.add(subscriber.iter(), [*octets, *seconds, *units])?;
            crate::outln!("{n} account(s) credited");
        }
        AccountsCommand::List { json } => {
            let all = store.list()?;
            if *json {
                crate::outln!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                crate::outln!(
                    "{:<24} {:>40} {:>40} {:>40}",
                    "SUBSCRIBER",
                    "OCTETS",
                    "SECONDS",
                    "UNITS"
                );
                for a in &all {
                    let cols: Vec<String> = a
                        .buckets
                        .iter()
                        .map(|b| format!("{} ({} held, {} used)", b.balance, b.reserved, b.debited))
                        .collect();
                    crate::outln!(
                        "{:<24} {:>40} {:>40} {:>40}",
                        a.subscriber,
                        cols[0],
                        cols[1],
                        cols[2]
                    );
                }
            }
        }
        AccountsCommand::Show { subscriber, json } => {
            let Some(a) = store.load(subscriber)? else {
                eprintln!("diameter accounts: no subscriber {subscriber}");
                return Ok(ExitCode::FAILURE);
            };
            if *json {
                crate::outln!("{}", serde_json::to_string_pretty(&a)?);
            } else {
                print_account(&a);
            }
        }
        AccountsCommand::Set {
            subscriber,
            octets,
            seconds,
            units,
        } => {
            for id in subscriber.iter() {
                if !store.set(&id, [*octets, *seconds, *units])? {
                    eprintln!("diameter accounts: no subscriber {id}");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_account(a: &Account) {
    crate::outln!("subscriber {}", a.subscriber);
    for unit in Unit::ALL {
        let b = a.bucket(unit);
        crate::outln!(
            "  {:<8} balance {}, reserved {}, debited {}, provisioned {}",
            unit.name(),
            b.balance,
            b.reserved,
            b.debited,
            b.provisioned
        );
    }
}

/// Arguments of `diameter gy-client`.
#[derive(Debug, Clone, clap::Args)]
pub struct GyClientArgs {
    /// The OCS, HOST:PORT.
    #[arg(long, default_value = "127.0.0.1:3868")]
    pub peer: String,
    /// The OCS's Origin-Host, which it must present; with `--tls connect`
    /// the name its certificate must hold [default: any].
    #[arg(long, value_name = "NAME")]
    pub peer_host: Option<String>,
    /// Origin-Host.
    #[arg(long, default_value = "gy-client.example.net")]
    pub host: String,
    /// Origin-Realm.
    #[arg(long, default_value = "example.net")]
    pub realm: String,
    /// Destination-Realm.
    #[arg(long, default_value = "example.com")]
    pub destination_realm: String,
    /// Subscription-Id data, or a range such as 001010000000001-001010000001000.
    #[arg(long, default_value = "001010000000001")]
    pub subscriber: Subscribers,
    /// Subscription-Id-Type.
    #[arg(long, value_enum, default_value = "imsi")]
    pub id_type: IdType,
    /// Sessions to run [default: 1, or unbounded with --duration].
    #[arg(long)]
    pub count: Option<u64>,
    /// CCR-Updates per session.
    #[arg(long, default_value_t = 1)]
    pub updates: u32,
    /// Most CCRs per second.
    #[arg(long)]
    pub rate: Option<f64>,
    /// Stop starting sessions after S seconds.
    #[arg(long, value_name = "S")]
    pub duration: Option<f64>,
    /// Unit to request.
    #[arg(long, value_enum, default_value = "octets")]
    pub unit: Unit,
    /// Amount to request each time (default: an empty Requested-Service-Unit).
    #[arg(long)]
    pub requested: Option<u64>,
    /// Rating-Group of the MSCC.
    #[arg(long, default_value_t = 1)]
    pub rating_group: u32,
    /// Concurrency, reporting, overload reaction, metrics, TLS.
    #[command(flatten)]
    pub load: LoadArgs,
}

/// Runs `diameter gy-client`. Its exit status: 0 when every session
/// completed and every answer matched its request; 1 when the run could not
/// be made (no connection to the OCS, which then stopped answering); 2 when
/// sessions failed (an answer other than DIAMETER_SUCCESS, one our node made
/// up, or a mismatched answer); 3 when the OCS went away during the run.
pub fn run_gy_client(args: &GyClientArgs) -> ExitCode {
    init_logging("warn");
    let tls = match args.load.tls.plan() {
        Ok(tls) => tls,
        Err(e) => return usage_error("gy-client", &e),
    };
    match drive(args, tls) {
        Ok(summary) => {
            // A run that started nothing is a failed one.
            let nothing = u64::from(summary.sessions_started == 0);
            let failed = (summary.mismatches + summary.sessions_failed).max(nothing);
            let (status, why) = crate::cli::run_status(
                summary.peer_lost,
                failed,
                args.load.allow_failures,
                "sessions",
            );
            if args.load.json {
                let mut json = serde_json::to_value(&summary).unwrap_or_default();
                if let Some(object) = json.as_object_mut() {
                    object.insert("exit_status".into(), status.into());
                }
                crate::outln!("{json}");
            } else {
                crate::outln!("{summary}");
                if let Some(why) = why {
                    crate::outln!("{why}");
                }
            }
            if let Some(path) = &args.load.report {
                let title = format!(
                    "gy-client to {}: {} sessions, {} answers, {:.0} CCR/CCA per second",
                    args.peer, summary.sessions_started, summary.answers, summary.throughput
                );
                if let Err(e) = summary.report(title).write(path) {
                    eprintln!("diameter gy-client: --report {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::from(status)
        }
        Err(e) => {
            eprintln!("diameter gy-client: {e}");
            ExitCode::FAILURE
        }
    }
}

fn drive(args: &GyClientArgs, tls: Option<TlsPlan>) -> io::Result<client::Summary> {
    let peer: SocketAddr = args.peer.to_socket_addrs()?.next().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("{}: no address", args.peer),
        )
    })?;
    let mut cfg = LoadConfig::new(peer, args.subscriber.clone());
    cfg.peer_host.clone_from(&args.peer_host);
    cfg.tls = tls;
    cfg.doic = args.load.doic;
    cfg.metrics = args.load.metrics.address;
    cfg.host.clone_from(&args.host);
    cfg.realm.clone_from(&args.realm);
    cfg.destination_realm.clone_from(&args.destination_realm);
    cfg.id_type = args.id_type;
    cfg.duration = args.duration.map(Duration::from_secs_f64);
    cfg.count = match (args.count, cfg.duration) {
        (Some(n), _) => Some(n),
        (None, Some(_)) => None,
        (None, None) => Some(1),
    };
    cfg.updates = args.updates;
    cfg.concurrency = args.load.concurrency.max(1);
    cfg.rate = args.rate;
    cfg.unit = args.unit;
    cfg.requested = args.requested;
    cfg.rating_group = args.rating_group;
    let bar = match cfg.count {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::hidden()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
    };
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} sessions {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let started = Instant::now();
    let mut shown = false;
    let mut progress = |p: Progress| {
        // Only runs longer than a few seconds get a bar.
        if !shown && started.elapsed() > Duration::from_secs(2) {
            shown = true;
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_position(p.sessions_done);
        let rate = p.answers as f64 / started.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!("{rate:.0} CCR/s"));
    };
    let summary = client::run(&cfg, &mut progress);
    bar.finish_and_clear();
    summary
}
