//! JSON lines: one object per message, `{"error":…,"offset":N}` per error.

use std::io::{self, Write};

use serde::Serialize;

use super::check::Verdict;
use super::model::DecodedMessage;

/// Writes `msg` as one line of JSON, with its `"check"` verdict when `check`.
pub(crate) fn write_message(
    out: &mut impl Write,
    msg: &DecodedMessage<'_>,
    check: bool,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Checked<'m, 'a> {
        #[serde(flatten)]
        msg: &'m DecodedMessage<'a>,
        check: &'m Verdict,
    }
    if check {
        write_line(
            out,
            &Checked {
                msg,
                check: &msg.verdict,
            },
        )
    } else {
        write_line(out, msg)
    }
}

/// Writes an error line, with the `"check"` verdict of a message the codec
/// refused when given.
pub(crate) fn write_error(
    out: &mut impl Write,
    error: &str,
    offset: u64,
    check: Option<&Verdict>,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct ErrorLine<'a> {
        error: &'a str,
        offset: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        check: Option<&'a Verdict>,
    }
    write_line(
        out,
        &ErrorLine {
            error,
            offset,
            check,
        },
    )
}

fn write_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}
