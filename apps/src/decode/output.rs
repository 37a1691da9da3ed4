//! Where decoded messages and errors go, in the chosen format.

use std::io::{self, Write};

use super::capture::Flow;
use super::model::DecodedMessage;
use super::stream::Event;
use super::{json, text, DecodeError};

/// Prints messages and errors as they are found, and counts the errors.
///
/// As JSON, messages and errors are lines on `out`. As text, messages are
/// trees on `out` (after their TCP flow, for a capture) and errors go to
/// `err`.
#[derive(Debug)]
pub(crate) struct Printer<O, E> {
    out: O,
    err: E,
    json: bool,
    check: bool,
    errors: usize,
    invalid: usize,
}

impl<O: Write, E: Write> Printer<O, E> {
    /// A printer of JSON lines when `json`, of text trees otherwise; with
    /// `check`, each message's verdict is printed and invalid ones counted.
    pub(crate) fn new(out: O, err: E, json: bool, check: bool) -> Self {
        Self {
            out,
            err,
            json,
            check,
            errors: 0,
            invalid: 0,
        }
    }

    /// Prints an event of a message stream, seen on `flow` in a capture.
    pub(crate) fn event(&mut self, flow: Option<&Flow>, event: &Event<'_>) -> io::Result<()> {
        match event {
            Event::Message(msg) => self.message(flow, msg),
            Event::Error(e) => self.error(flow, e),
        }
    }

    /// Prints a decoded message.
    pub(crate) fn message(
        &mut self,
        flow: Option<&Flow>,
        msg: &DecodedMessage<'_>,
    ) -> io::Result<()> {
        if self.check && !msg.verdict.is_ok() {
            self.invalid += 1;
        }
        if self.json {
            return json::write_message(&mut self.out, msg, self.check);
        }
        if let Some(flow) = flow {
            writeln!(self.out, "{flow}")?;
        }
        text::write_message(&mut self.out, msg)?;
        if self.check {
            writeln!(self.out, "  check: {}", msg.verdict)?;
        }
        writeln!(self.out)
    }

    /// Prints an error, naming its flow when it is in a capture; with
    /// `check`, also the verdict on a message the codec refused.
    pub(crate) fn error(&mut self, flow: Option<&Flow>, e: &DecodeError) -> io::Result<()> {
        self.errors += 1;
        let what = match flow {
            Some(flow) => format!("{flow}: {}", e.message),
            None => e.message.clone(),
        };
        let verdict = e.verdict.as_deref().filter(|_| self.check);
        if self.json {
            return json::write_error(&mut self.out, &what, e.offset, verdict);
        }
        // Keep the error after the trees printed before it.
        self.out.flush()?;
        writeln!(self.err, "error: {what} at offset {}", e.offset)?;
        match verdict {
            Some(v) => writeln!(self.err, "  check: {v}"),
            None => Ok(()),
        }
    }

    /// Errors printed so far.
    pub(crate) fn errors(&self) -> usize {
        self.errors
    }

    /// Messages found invalid by `--check` so far.
    pub(crate) fn invalid(&self) -> usize {
        self.invalid
    }

    /// Flushes the output.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
