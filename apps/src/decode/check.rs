//! `--check`: each message's verdict from the validator (RFC 6733 §7).

use std::fmt;

use diameter_core::dict;
use diameter_core::validate::{Culprit, Reason, Validator, Violation};
use diameter_core::wire::{self, ErrorKind, Message};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// A message's verdict: valid, or the first violation with the
/// Result-Code a node would answer it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The message follows its command's grammar.
    Ok,
    /// The first violation; `offset` is in the stream, like decode errors.
    Invalid { violation: Violation, offset: u64 },
}

impl Verdict {
    /// Validates `msg`, which starts at offset `at` of its stream, against
    /// the grammars of every application core's dictionaries define
    /// ([`dict::ALL`], Gx included).
    pub(crate) fn of(msg: &Message<'_>, at: u64) -> Self {
        match Validator::new(&[])
            .with_dictionaries(&dict::ALL)
            .validate(msg)
        {
            Ok(()) => Self::Ok,
            Err(violation) => {
                let offset = at + violation.offset() as u64;
                Self::Invalid { violation, offset }
            }
        }
    }

    /// The verdict on a message the codec refused with `e`, from `bytes`
    /// (the message, or the stream from its first byte on when it did not
    /// frame) at stream offset `at`: the Result-Code a node answers with
    /// (RFC 6733 §7.1.5: 5014 DIAMETER_INVALID_AVP_LENGTH for an AVP
    /// shorter than its header or running past the message, with that AVP;
    /// 5015 DIAMETER_INVALID_MESSAGE_LENGTH for a length below 20 or not a
    /// multiple of 4; 5011 for another version).
    pub(crate) fn refused(bytes: &[u8], e: wire::Error, at: u64) -> Self {
        let violation = match e.kind {
            ErrorKind::InvalidAvpLength | ErrorKind::InvalidAvpValue => {
                Violation::malformed(bytes, e, bytes.len())
            }
            kind => {
                let reason = match kind {
                    ErrorKind::UnsupportedVersion => Reason::UnsupportedVersion,
                    ErrorKind::InvalidHeaderBits => Reason::HeaderBits,
                    ErrorKind::InvalidAvpBits => Reason::AvpBits,
                    _ => Reason::MessageLength,
                };
                Violation::new(e.result_code(), reason, Culprit::None)
            }
        };
        Self::Invalid {
            violation,
            offset: at + e.offset as u64,
        }
    }

    /// Whether the message is valid.
    pub(crate) fn is_ok(&self) -> bool {
        matches!(self, Self::Ok)
    }
}

/// `"ok"`, or `{"result_code":5005,"name":"DIAMETER_MISSING_AVP",
/// "avp":{"code":415,"vendor_id":0},"offset":N}` (`avp` absent when no AVP
/// is at fault).
impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct AvpId {
            code: u32,
            vendor_id: u32,
        }
        let Self::Invalid { violation, offset } = self else {
            return s.serialize_str("ok");
        };
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("result_code", &violation.result_code)?;
        map.serialize_entry("name", violation.result_code_name())?;
        if let Some((code, vendor_id)) = violation.avp() {
            map.serialize_entry("avp", &AvpId { code, vendor_id })?;
        }
        map.serialize_entry("offset", offset)?;
        map.end()
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ok => f.write_str("ok"),
            Self::Invalid { violation, offset } => {
                write!(f, "{violation} (stream offset {offset})")
            }
        }
    }
}
