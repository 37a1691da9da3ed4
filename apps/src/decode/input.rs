//! What the input is, and hex text to bytes.

use super::DecodeError;

/// The kinds of input `diameter decode` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A libpcap capture file.
    Pcap,
    /// A pcapng capture file.
    PcapNg,
    /// Hex digits, whitespace allowed.
    Hex,
    /// Concatenated binary Diameter messages.
    Binary,
}

/// Magic numbers of libpcap files as they appear on disk: microsecond and
/// nanosecond timestamps, each in both byte orders.
const PCAP_MAGICS: [[u8; 4]; 4] = [
    [0xd4, 0xc3, 0xb2, 0xa1],
    [0xa1, 0xb2, 0xc3, 0xd4],
    [0x4d, 0x3c, 0xb2, 0xa1],
    [0xa1, 0xb2, 0x3c, 0x4d],
];

/// The block type of a pcapng Section Header Block, the first block of a file.
const PCAPNG_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

impl Kind {
    /// Detects the kind of `input` from its content. Binary Diameter
    /// messages start with version 1, which is neither a hex digit nor
    /// whitespace, so hex text cannot be mistaken for them.
    pub(crate) fn detect(input: &[u8]) -> Self {
        match input.first_chunk::<4>() {
            Some(magic) if PCAP_MAGICS.contains(magic) => Self::Pcap,
            Some(&PCAPNG_MAGIC) => Self::PcapNg,
            _ if !input.is_empty()
                && input
                    .iter()
                    .all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace()) =>
            {
                Self::Hex
            }
            _ => Self::Binary,
        }
    }
}

/// The bytes that hex `text` spells; whitespace between digits is ignored.
///
/// # Errors
/// A character that is neither a hex digit nor whitespace, at its offset in
/// `text`, or an odd number of digits, at the end of `text`.
pub(crate) fn parse_hex(text: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut bytes = Vec::with_capacity(text.len() / 2);
    let mut high = None;
    for (i, &c) in text.iter().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let Some(digit) = char::from(c).to_digit(16) else {
            let shown = String::from_utf8_lossy(text.get(i..).unwrap_or_default());
            let first = shown.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            return Err(DecodeError::new(
                format!("invalid hex digit {first:?}"),
                i as u64,
            ));
        };
        // A hex digit is below 16, so it fits a byte.
        let digit = digit as u8;
        match high.take() {
            None => high = Some(digit),
            Some(h) => bytes.push(h << 4 | digit),
        }
    }
    if high.is_some() {
        return Err(DecodeError::new(
            "odd number of hex digits",
            text.len() as u64,
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_captures_by_magic_and_hex_by_its_characters() {
        assert_eq!(Kind::detect(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0]), Kind::Pcap);
        assert_eq!(Kind::detect(&[0xa1, 0xb2, 0x3c, 0x4d]), Kind::Pcap);
        assert_eq!(Kind::detect(&[0x0a, 0x0d, 0x0d, 0x0a, 0x1c]), Kind::PcapNg);
        assert_eq!(Kind::detect(b"01 00 00 14\n"), Kind::Hex);
        assert_eq!(Kind::detect(&[1, 0, 0, 20]), Kind::Binary);
        assert_eq!(Kind::detect(b""), Kind::Binary);
    }

    #[test]
    fn parses_hex_with_whitespace_in_any_case() {
        assert_eq!(
            parse_hex(b" 01 0a\nFF\tc 3 ").unwrap(),
            [0x01, 0x0a, 0xff, 0xc3]
        );
        assert_eq!(parse_hex(b"").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn rejects_bad_digits_and_odd_counts_with_offsets() {
        assert_eq!(
            parse_hex(b"01 0g").unwrap_err(),
            DecodeError::new("invalid hex digit 'g'", 4)
        );
        assert_eq!(
            parse_hex("0é".as_bytes()).unwrap_err(),
            DecodeError::new("invalid hex digit 'é'", 1)
        );
        assert_eq!(
            parse_hex(b"010").unwrap_err(),
            DecodeError::new("odd number of hex digits", 3)
        );
    }
}
