//! What every tool of the `diameter` program shares: logging, stopping on a
//! signal, printing that survives a closed standard output, and the TLS
//! options.

use std::io::{self, IsTerminal};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use diameter_transport::{DoicConfig, NodeConfig, PeerConfig, TlsMode, TlsSettings};
use serde::{Deserialize, Serialize};

/// `settings` of the text of the `--config` file at `path` (of no file
/// when `None`); an error reading or using the file names it.
///
/// # Errors
/// The file cannot be read, or `settings` fails.
pub fn with_config_file<T>(
    path: Option<&Path>,
    settings: impl FnOnce(Option<&str>) -> Result<T, String>,
) -> Result<T, String> {
    let Some(path) = path else {
        return settings(None);
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    settings(Some(&text)).map_err(|e| format!("{}: {e}", path.display()))
}

/// The port of TLS at connect by convention (RFC 6733 §2.1).
pub const TLS_PORT: u16 = 5658;

/// The TLS options of every tool (RFC 6733 §13): `--tls`, `--tls-cert`,
/// `--tls-key`, `--tls-ca`, `--tls-port` on the command line, and the same
/// in a `[tls]` table of a configuration file:
///
/// ```toml
/// [tls]
/// mode = "connect"        # or "inband", "off"
/// cert = "ocs.crt"        # PEM: this node's certificate, then its intermediates
/// key = "ocs.key"         # PEM: its private key
/// ca = "ca.pem"           # PEM: the CAs peers' certificates must chain to
/// port = 5658             # servers: the TLS-at-connect listener
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsArgs {
    /// TLS: `connect` (TLS first, then the CER; RFC 6733 §2.1), `inband`
    /// (CER/CEA in clear, then TLS; §6.10; a server offers it on its clear
    /// port beside its TLS port) or `off` [default: connect when a
    /// certificate is given, else off].
    #[arg(id = "tls", long = "tls", value_enum, value_name = "MODE")]
    pub mode: Option<TlsChoice>,
    /// PEM file with this node's certificate (and its intermediates); it
    /// must name the node's Origin-Host.
    #[arg(id = "tls_cert", long = "tls-cert", value_name = "FILE")]
    pub cert: Option<PathBuf>,
    /// PEM file with the certificate's private key.
    #[arg(id = "tls_key", long = "tls-key", value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// PEM file with the CA certificates that peers' certificates must
    /// chain to (both sides authenticate, RFC 6733 §13.1).
    #[arg(id = "tls_ca", long = "tls-ca", value_name = "FILE")]
    pub ca: Option<PathBuf>,
    /// Servers: the port of the TLS-at-connect listener [default: 5658];
    /// clients with `--tls connect`: the port to connect to instead of the
    /// peer's.
    #[arg(id = "tls_port", long = "tls-port", value_name = "PORT")]
    pub port: Option<u16>,
}

/// How TLS is used (the `--tls` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TlsChoice {
    /// TLS at connect (RFC 6733 §2.1).
    Connect,
    /// In-band TLS after the capabilities exchange (RFC 6733 §6.10).
    Inband,
    /// No TLS.
    Off,
}

/// What [`TlsArgs`] ask for, checked: the mode, the settings (their files
/// readable and usable), the port.
#[derive(Debug, Clone)]
pub struct TlsPlan {
    /// At connect or in band.
    pub mode: TlsMode,
    /// Certificate, key and CAs.
    pub settings: TlsSettings,
    /// `--tls-port`.
    pub port: Option<u16>,
}

impl TlsArgs {
    /// These options where given, the file's `file` otherwise.
    #[must_use]
    pub fn or(&self, file: &TlsArgs) -> TlsArgs {
        TlsArgs {
            mode: self.mode.or(file.mode),
            cert: self.cert.clone().or_else(|| file.cert.clone()),
            key: self.key.clone().or_else(|| file.key.clone()),
            ca: self.ca.clone().or_else(|| file.ca.clone()),
            port: self.port.or(file.port),
        }
    }

    /// The plan these options describe; `None` for no TLS.
    ///
    /// # Errors
    /// A usage error: TLS without one of the three files, or a file that
    /// cannot be read or used (the message names it and says why).
    pub fn plan(&self) -> Result<Option<TlsPlan>, String> {
        let mode = match self.mode {
            Some(TlsChoice::Off) => return Ok(None),
            None if self.cert.is_none() => return Ok(None),
            Some(TlsChoice::Inband) => TlsMode::InBand,
            Some(TlsChoice::Connect) | None => TlsMode::AtConnect,
        };
        let (Some(cert), Some(key), Some(ca)) = (&self.cert, &self.key, &self.ca) else {
            return Err("TLS needs --tls-cert, --tls-key and --tls-ca".into());
        };
        let settings = TlsSettings::new(cert, key, ca);
        settings.server_config().map_err(|e| e.to_string())?;
        settings.client_config().map_err(|e| e.to_string())?;
        Ok(Some(TlsPlan {
            mode,
            settings,
            port: self.port,
        }))
    }
}

impl TlsPlan {
    /// A server's node: a TLS-at-connect listener on the port (5658 by
    /// default) of the address of its first clear-text listener, and with
    /// `inband` also in-band TLS offered on the clear-text ones.
    pub fn serve(&self, node: &mut NodeConfig) {
        let ip = (node.listen.first()).map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), SocketAddr::ip);
        node.tls_listen = vec![SocketAddr::new(ip, self.port.unwrap_or(TLS_PORT))];
        node.inband_tls = self.mode == TlsMode::InBand;
        node.tls = Some(self.settings.clone());
    }

    /// A client's node: every peer reached in this mode, at the
    /// `--tls-port` given for TLS at connect.
    pub fn connect(&self, node: &mut NodeConfig) {
        self.connect_peers(&mut node.peers);
        node.tls = Some(self.settings.clone());
    }

    /// `peers` reached in this mode, at the `--tls-port` given for TLS at
    /// connect.
    pub fn connect_peers(&self, peers: &mut [PeerConfig]) {
        for peer in peers {
            peer.tls = self.mode;
            if let (TlsMode::AtConnect, Some(port)) = (self.mode, self.port) {
                peer.address.set_port(port);
            }
        }
    }
}

/// A server's `--doic PCT` (TOML `doic`): overload reports (RFC 7683)
/// of PCT% while it sheds load, and reaction to its peers' reports; off
/// when absent.
pub fn doic_reporting(reduction: Option<u8>) -> Option<DoicConfig> {
    reduction.map(|r| DoicConfig {
        reduction: r.min(100),
        ..DoicConfig::default()
    })
}

/// A client's or agent's `--doic`: it reacts to its peers' overload
/// reports (RFC 7683 §5.3), abating by the loss algorithm and answering
/// the abated requests 3004 itself.
pub fn doic_reacting(on: bool) -> Option<DoicConfig> {
    on.then(DoicConfig::default)
}

/// The servers' `--shed-after MS` (TOML `shed_after`) as
/// [`NodeConfig::shed_after`]: absent or 0, never shed.
pub fn shed_after(ms: Option<u64>) -> Option<std::time::Duration> {
    ms.filter(|&ms| ms > 0)
        .map(std::time::Duration::from_millis)
}

/// Reports a usage error of tool `tool` (bad options, or files they name)
/// and returns exit status 2, as clap does for its own.
pub fn usage_error(tool: &str, error: &str) -> ExitCode {
    eprintln!("diameter {tool}: {error}");
    ExitCode::from(2)
}

/// Logs to standard error at `level` ("warn", "info", "debug"), or as
/// `RUST_LOG` says.
pub fn init_logging(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr);
    let _ = match LOG_FORMAT.get() {
        Some(LogFormat::Json) => logs.json().try_init(),
        Some(LogFormat::Text) | None => logs.with_ansi(io::stderr().is_terminal()).try_init(),
    };
}

/// How log lines are written (`--log-format`, an option of every command).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One line of text per event, fields as `key=value`.
    #[default]
    Text,
    /// One JSON object per line (tracing-subscriber's JSON format:
    /// `timestamp`, `level`, `fields` with the message and the event's
    /// fields such as `peer`, `target`).
    Json,
}

/// The `--log-format` of this process, set once at start.
static LOG_FORMAT: std::sync::OnceLock<LogFormat> = std::sync::OnceLock::new();

/// Sets how [`init_logging`] writes log lines; the first call counts.
pub fn set_log_format(format: LogFormat) {
    let _ = LOG_FORMAT.set(format);
}

/// The exit status of a load generator's run that could be made: 3 when
/// its peer went away, 2 when `failed` sessions (or attaches) failed,
/// unless `allow` (`--allow-failures`), else 0; with the summary line
/// that says why it is not 0, or that failures were allowed.
pub fn run_status(peer_lost: bool, failed: u64, allow: bool, what: &str) -> (u8, Option<String>) {
    match (peer_lost, failed, allow) {
        (true, _, _) => (3, Some("exit status 3: the peer went away".into())),
        (false, 0, _) => (0, None),
        (false, n, false) => (2, Some(format!("exit status 2: {n} {what} failed"))),
        (false, n, true) => (
            0,
            Some(format!("{n} {what} failed (allowed by --allow-failures)")),
        ),
    }
}

/// A flag that SIGINT and SIGTERM raise.
///
/// # Errors
/// The handlers cannot be installed.
pub fn stop_flag() -> io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    Ok(stop)
}

/// `println!` for the tools' output that ignores a closed standard output
/// (a pipe to `head`) instead of panicking: a client finishes its run, a
/// server keeps serving.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` with the same treatment as [`outln!`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let mut stdout = ::std::io::stdout().lock();
        let _ = ::std::write!(stdout, $($arg)*);
        let _ = stdout.flush();
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_wins_over_the_file_and_off_needs_nothing() {
        let file: TlsArgs =
            toml::from_str("mode = \"inband\"\ncert = \"a.crt\"\nport = 6000\n").unwrap();
        let args = TlsArgs {
            mode: Some(TlsChoice::Off),
            ..TlsArgs::default()
        };
        let merged = args.or(&file);
        assert_eq!(merged.mode, Some(TlsChoice::Off));
        assert_eq!(
            (merged.cert.as_deref(), merged.port),
            (Some("a.crt".as_ref()), Some(6000))
        );
        assert!(merged.plan().unwrap().is_none());
        assert!(TlsArgs::default().plan().unwrap().is_none());
        assert!(toml::from_str::<TlsArgs>("certificate = \"a\"").is_err());
    }

    #[test]
    fn tls_without_its_files_is_a_usage_error_naming_them() {
        let only_cert = TlsArgs {
            cert: Some("a.crt".into()),
            ..TlsArgs::default()
        };
        let e = only_cert.plan().unwrap_err();
        assert!(e.contains("--tls-key"), "{e}");
        let missing = TlsArgs {
            cert: Some("/nonexistent/a.crt".into()),
            key: Some("/nonexistent/a.key".into()),
            ca: Some("/nonexistent/ca.pem".into()),
            ..TlsArgs::default()
        };
        let e = missing.plan().unwrap_err();
        assert!(e.contains("/nonexistent/"), "{e}");
    }
}
