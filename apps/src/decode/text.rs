//! The readable tree:
//!
//! ```text
//! Credit-Control-Request (272) app 4 [R P] hbh=0x1 e2e=0x2 len=188
//!   Session-Id (263) M = "gw.example.com;1;1"
//!   CC-Request-Type (416) M = 1 (INITIAL_REQUEST)
//!   Multiple-Services-Credit-Control (456) M
//!     Rating-Group (432) M = 32
//!   Service-Information (873) v=10415 M
//! ```

use std::io::{self, Write};

use super::model::{Content, DecodedAvp, DecodedMessage, Scalar};

/// Writes the header line of `msg`, then its AVPs indented below it.
pub(crate) fn write_message(out: &mut impl Write, msg: &DecodedMessage<'_>) -> io::Result<()> {
    let name = msg.command.unwrap_or(if msg.request {
        "Unknown-Request"
    } else {
        "Unknown-Answer"
    });
    let flags: Vec<&str> = [
        (msg.request, "R"),
        (msg.proxiable, "P"),
        (msg.error, "E"),
        (msg.retransmit, "T"),
    ]
    .into_iter()
    .filter_map(|(set, letter)| set.then_some(letter))
    .collect();
    writeln!(
        out,
        "{name} ({}) app {} [{}] hbh={:#x} e2e={:#x} len={}",
        msg.command_code,
        msg.application_id,
        flags.join(" "),
        msg.hop_by_hop,
        msg.end_to_end,
        msg.length
    )?;
    write_avps(out, &msg.avps, 1)
}

fn write_avps(out: &mut impl Write, avps: &[DecodedAvp<'_>], depth: usize) -> io::Result<()> {
    for avp in avps {
        let indent = depth * 2;
        let name = avp.name.unwrap_or("Unknown");
        write!(out, "{:indent$}{name} ({})", "", avp.code)?;
        if let Some(vendor) = avp.vendor_id {
            write!(out, " v={vendor}")?;
        }
        if avp.mandatory {
            write!(out, " M")?;
        }
        if avp.protected {
            write!(out, " P")?;
        }
        match &avp.content {
            Content::Value { value, enum_name } => {
                write!(out, " = ")?;
                write_scalar(out, value)?;
                if let Some(enum_name) = enum_name {
                    write!(out, " ({enum_name})")?;
                }
                writeln!(out)?;
            }
            Content::Invalid { value, invalid } => {
                writeln!(out, " = 0x{value} (invalid: {invalid})")?;
            }
            Content::Grouped { avps } => {
                writeln!(out)?;
                write_avps(out, avps, depth + 1)?;
            }
        }
    }
    Ok(())
}

fn write_scalar(out: &mut impl Write, value: &Scalar<'_>) -> io::Result<()> {
    match value {
        Scalar::Signed(v) => write!(out, "{v}"),
        Scalar::Unsigned(v) => write!(out, "{v}"),
        Scalar::Float32(v) => write!(out, "{v}"),
        Scalar::Float64(v) => write!(out, "{v}"),
        Scalar::Text(s) => write!(out, "{s:?}"),
        Scalar::Address(a) => write!(out, "{a}"),
        Scalar::Time(t) => write!(out, "{} ({})", t.0, utc(t.unix_seconds())),
        Scalar::Hex(h) => write!(out, "0x{h}"),
    }
}

/// `unix` seconds as an ISO 8601 UTC date and time, by the proleptic
/// Gregorian calendar (days to civil date as in Howard Hinnant's
/// `civil_from_days`).
fn utc(unix: i64) -> String {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use diameter_core::wire::Message;

    use super::super::model::decode_message;
    use super::*;

    const CCR: &[u8] = include_bytes!("../../tests/fixtures/ccr-u-1mscc.bin");

    fn tree(bytes: &[u8]) -> String {
        let msg = Message::new_checked(bytes).unwrap();
        let mut out = Vec::new();
        write_message(&mut out, &decode_message(&msg, 0).unwrap()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn dates_are_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_748_736_000 + 3_661), "2025-06-01T01:01:01Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn the_tree_shows_header_names_values_and_nesting() {
        let text = tree(CCR);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Credit-Control-Request (272) app 4 [R] hbh=0x10000002 e2e=0x20000002 len=348"
        );
        assert_eq!(
            lines[1],
            "  Session-Id (263) M = \"gy.test.example.com;1;1\""
        );
        assert!(text.contains("\n  Event-Timestamp (55) M = 3957724800 (2025-06-01T00:00:00Z)\n"));
        // A Grouped AVP has no value; its children sit one level deeper.
        let group = lines
            .iter()
            .position(|l| l.starts_with("  ") && !l.contains('='))
            .unwrap();
        assert!(lines[group + 1].starts_with("    "), "{text}");
    }

    #[test]
    fn unknown_commands_and_avps_are_named_as_such() {
        let mut bytes = [0u8; 32];
        bytes[..4].copy_from_slice(&[1, 0, 0, 32]);
        bytes[5..8].copy_from_slice(&[0, 0x30, 0x39]); // command 12345, answer
        bytes[20..32].copy_from_slice(&[0, 0, 0x30, 0x39, 0xa0, 0, 0, 12, 0, 0, 0, 9]);
        assert_eq!(
            tree(&bytes),
            "Unknown-Answer (12345) app 0 [] hbh=0x0 e2e=0x0 len=32\n  Unknown (12345) v=9 P = 0x\n"
        );
    }
}
