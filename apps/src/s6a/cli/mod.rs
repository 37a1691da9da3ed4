//! The S6a subcommands of the `diameter` program: `hss`, `mme` and
//! `subscribers`.

pub mod hss;
pub mod mme;
pub mod subscribers;

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
