//! The S6a subcommands of the `diameter` program: `hss`, `mme` and
//! `subscribers`.

pub mod hss;
pub mod mme;
pub mod subscribers;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The realm of the test network MCC 001, MNC 01 (TS 23.003 §19.2).
pub const DEFAULT_REALM: &str = "epc.mnc001.mcc001.3gppnetwork.org";

/// Parses 16 octets of hex (K, OP, OPc).
///
/// # Errors
/// Not 32 hex digits.
pub fn hex16(s: &str) -> Result<[u8; 16], String> {
    hex_array(s)
}

/// Parses `N` octets of hex.
fn hex_array<const N: usize>(s: &str) -> Result<[u8; N], String> {
    let err = || format!("{s:?} is not {N} octets of hex");
    if s.len() != 2 * N {
        return Err(err());
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(s.as_bytes().chunks_exact(2)) {
        let pair = std::str::from_utf8(pair).map_err(|_| err())?;
        *o = u8::from_str_radix(pair, 16).map_err(|_| err())?;
    }
    Ok(out)
}

/// Parses an AMF: 2 octets of hex.
///
/// # Errors
/// Not 4 hex digits.
pub fn hex2(s: &str) -> Result<[u8; 2], String> {
    hex_array(s)
}

/// Logs to standard error at `level`, debug with `verbose`, or as `RUST_LOG` says.
pub fn init_logging(level: &str, verbose: bool) {
    let level = if verbose { "debug" } else { level };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// A flag that SIGINT and SIGTERM raise.
///
/// # Errors
/// The handlers cannot be installed.
pub fn stop_flag() -> std::io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    Ok(stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_values() {
        assert_eq!(hex2("8000"), Ok([0x80, 0]));
        assert_eq!(
            hex16("465b5ce8b199b49faa5f0a2ee238a6bc").unwrap()[..2],
            [0x46, 0x5b]
        );
        assert!(hex16("465b").is_err() && hex2("80g0").is_err() && hex2("é0").is_err());
    }
}
