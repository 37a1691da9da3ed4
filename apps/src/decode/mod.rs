//! `diameter decode`: prints the Diameter messages found in raw bytes, a hex
//! string or a pcap/pcapng capture, as a readable tree or as JSON lines.
//!
//! The input kind is detected from its first bytes: a pcap or pcapng magic
//! number, hex text (hex digits and whitespace only), or else concatenated
//! binary messages (RFC 6733 §3). Every message is decoded with the names,
//! types and enumerated values of [`diameter_core::dict`] and of the
//! `--dict` files ([`crate::dictionaries`]).
//!
//! Malformed input is reported with its byte offset: in the input for
//! messages and hex, in the file for a broken capture, and in the
//! reassembled TCP stream for a message found in a capture.

mod capture;
mod check;
mod input;
mod json;
mod model;
mod output;
mod reassembly;
mod stream;
mod text;

use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use check::Verdict;
pub(crate) use input::parse_hex;
use input::Kind;
use output::Printer;
use stream::MessageStream;

/// Arguments of `diameter decode`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Print one JSON object per message, one per line, instead of a tree.
    #[arg(long)]
    pub json: bool,
    /// Also validate each message (RFC 6733 §7) and print its verdict:
    /// `ok` or the Result-Code with the offending AVP, also for a message
    /// the codec refuses (5014, 5015, 5011); exit status 1 when any
    /// message is invalid.
    #[arg(long)]
    pub check: bool,
    /// Also use this Wireshark-format XML dictionary (repeatable): its
    /// AVPs and commands decode by name and type; core's own definitions
    /// win where both define one.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Decode this hex string (whitespace allowed) instead of reading input.
    #[arg(long, value_name = "HEX", conflicts_with = "file")]
    pub hex: Option<String>,
    /// Binary messages, hex text or a pcap/pcapng capture; standard input
    /// when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// Runs `diameter decode`: success when the whole input decoded cleanly.
pub fn run(args: &Args) -> ExitCode {
    if let Err(e) = crate::dictionaries::install(&args.dicts) {
        eprintln!("diameter decode: {e}");
        return ExitCode::FAILURE;
    }
    let input = match read_input(args) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("diameter decode: {e}");
            return ExitCode::FAILURE;
        }
    };
    let decoded = decode_to(
        &input,
        args.hex.is_some(),
        args.json,
        args.check,
        BufWriter::new(io::stdout().lock()),
        io::stderr().lock(),
    );
    match decoded {
        Ok(found) if found == Findings::default() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        // The reader went away (`diameter decode x.pcap | head`): not our failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diameter decode: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What decoding found wrong in its input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Findings {
    /// Errors printed: malformed messages, framing, captures.
    pub errors: usize,
    /// Messages the check found invalid (with `check`).
    pub invalid: usize,
}

/// Decodes `input` as `diameter decode` does, printing to `out` (and
/// text-mode errors to `err`): hex text when `hex`, else binary messages or
/// a pcap/pcapng capture (TCP reassembled), as detected; as JSON lines when
/// `json`; with each message's verdict when `check`.
///
/// # Errors
/// Writing to `out` or `err` fails.
pub fn decode_to<O: Write, E: Write>(
    input: &[u8],
    hex: bool,
    json: bool,
    check: bool,
    out: O,
    err: E,
) -> io::Result<Findings> {
    let mut printer = Printer::new(out, err, json, check);
    let kind = if hex { Kind::Hex } else { Kind::detect(input) };
    decode(kind, input, &mut printer)?;
    printer.flush()?;
    Ok(Findings {
        errors: printer.errors(),
        invalid: printer.invalid(),
    })
}

/// The bytes to decode: the `--hex` text, the file, or standard input.
fn read_input(args: &Args) -> io::Result<Vec<u8>> {
    if let Some(hex) = &args.hex {
        return Ok(hex.as_bytes().to_vec());
    }
    match &args.file {
        Some(path) if path.as_os_str() != "-" => std::fs::read(path)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display()))),
        _ => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf)?;
            Ok(buf)
        }
    }
}

/// Decodes `input` as `kind`, printing each message or error as it is found.
fn decode<O: Write, E: Write>(
    kind: Kind,
    input: &[u8],
    printer: &mut Printer<O, E>,
) -> io::Result<()> {
    match kind {
        Kind::Pcap => capture::decode(capture::pcap_frames(input), printer),
        Kind::PcapNg => capture::decode(capture::pcapng_frames(input), printer),
        Kind::Hex => match input::parse_hex(input) {
            Ok(bytes) => decode_messages(&bytes, printer),
            Err(e) => printer.error(None, &e),
        },
        Kind::Binary => decode_messages(input, printer),
    }
}

/// Decodes concatenated binary messages.
fn decode_messages<O: Write, E: Write>(
    input: &[u8],
    printer: &mut Printer<O, E>,
) -> io::Result<()> {
    let mut stream = MessageStream::default();
    let mut rest = input;
    while let Some((event, used)) = stream.next(rest) {
        printer.event(None, &event)?;
        rest = rest.get(used..).unwrap_or_default();
    }
    match stream.finish(rest) {
        Some(e) => printer.error(None, &e),
        None => Ok(()),
    }
}

/// Malformed input: what is wrong, and the byte offset where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    /// What is wrong, for people.
    pub message: String,
    /// Byte offset in the input (or in a captured TCP stream).
    pub offset: u64,
    /// For a message the codec refused, what a node would answer it with
    /// (shown with `--check`).
    pub verdict: Option<Box<Verdict>>,
}

impl DecodeError {
    /// An error described by `message` at `offset`.
    pub(crate) fn new(message: impl Into<String>, offset: u64) -> Self {
        Self {
            message: message.into(),
            offset,
            verdict: None,
        }
    }

    /// A codec error in the message in `bytes` (from its first byte on),
    /// which starts at stream offset `at`.
    pub(crate) fn wire(e: diameter_core::wire::Error, bytes: &[u8], at: u64) -> Self {
        Self {
            verdict: Some(Box::new(Verdict::refused(bytes, e, at))),
            ..Self::new(e.kind.to_string(), at + e.offset as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CCR: &[u8] = include_bytes!("../../tests/fixtures/ccr-u-1mscc.bin");

    /// Decodes `input` into (stdout, stderr, error count).
    pub(crate) fn run_on(kind: Kind, input: &[u8], json: bool) -> (String, String, usize) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut printer = Printer::new(&mut out, &mut err, json, false);
        decode(kind, input, &mut printer).unwrap();
        let errors = printer.errors();
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
            errors,
        )
    }

    #[test]
    fn every_truncation_of_a_message_is_an_error_at_its_end() {
        for len in 1..CCR.len() {
            let (out, _, errors) = run_on(Kind::Binary, &CCR[..len], true);
            assert_eq!(errors, 1, "prefix of {len} bytes");
            let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
            assert_eq!(line["offset"], len, "prefix of {len} bytes");
        }
    }

    #[test]
    fn a_bad_avp_length_is_reported_and_the_next_message_still_decoded() {
        let mut input = CCR.to_vec();
        // Session-Id (at 20) claims 0x101f bytes: past the end of the message.
        input[20 + 6] = 0x10;
        input.extend_from_slice(CCR);
        let (out, _, errors) = run_on(Kind::Binary, &input, true);
        assert_eq!(errors, 1);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["error"], "invalid AVP length");
        assert_eq!(lines[0]["offset"], 20);
        assert_eq!(lines[1]["command_code"], 272);
    }

    #[test]
    fn a_framing_error_stops_the_stream() {
        let mut input = CCR.to_vec();
        input.extend_from_slice(&[2, 0, 0, 20]);
        input.extend_from_slice(CCR);
        let (out, err, errors) = run_on(Kind::Binary, &input, false);
        assert_eq!(errors, 1);
        assert_eq!(out.matches("Credit-Control-Request (272)").count(), 1);
        assert_eq!(err, "error: unsupported Diameter version at offset 348\n");
    }

    #[test]
    fn invalid_utf8_is_shown_as_hex_with_a_note() {
        let mut input = CCR.to_vec();
        // The first byte of Session-Id's data ("gy.test...").
        input[28] = 0xff;
        let (out, _, errors) = run_on(Kind::Binary, &input, true);
        assert_eq!(errors, 0);
        let m: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        let session_id = &m["avps"][0];
        assert_eq!(session_id["type"], "UTF8String");
        assert_eq!(session_id["invalid"], "not a valid UTF8String at offset 28");
        assert!(session_id["value"]
            .as_str()
            .unwrap()
            .starts_with("ff792e74"));
    }

    #[test]
    fn any_corrupted_byte_gives_messages_or_errors_never_a_panic() {
        let pcap = include_bytes!("../../tests/fixtures/bromelia-s6a-bromelia-class.pcap");
        for (kind, original) in [(Kind::Binary, CCR), (Kind::Pcap, &pcap[..])] {
            for i in 0..original.len() {
                let mut input = original.to_vec();
                input[i] ^= 0xa5;
                let (out, _, errors) = run_on(kind, &input, true);
                let mut error_lines = 0;
                for line in out.lines() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    if v["error"].is_string() {
                        error_lines += 1;
                        assert!(v["offset"].is_u64(), "{line}");
                    } else {
                        assert!(v["command_code"].is_u64(), "{line}");
                    }
                }
                assert_eq!(error_lines, errors, "byte {i} of a {kind:?} input");
            }
        }
    }

    #[test]
    fn bad_hex_is_an_error_at_the_offending_character() {
        let (out, _, errors) = run_on(Kind::Hex, b"0100 00zz", true);
        assert_eq!(errors, 1);
        assert_eq!(out, "{\"error\":\"invalid hex digit 'z'\",\"offset\":7}\n",);
    }
}
