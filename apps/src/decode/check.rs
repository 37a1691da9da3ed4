//! `--check`: each message's verdict from the validator (RFC 6733 §7).

use std::fmt;

use diameter_core::validate::{Validator, Violation};
use diameter_core::wire::Message;
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
    /// the grammars of every application the dictionary knows.
    pub(crate) fn of(msg: &Message<'_>, at: u64) -> Self {
        match Validator::new(&[]).validate(msg) {
            Ok(()) => Self::Ok,
            Err(violation) => {
                let offset = at + violation.offset() as u64;
                Self::Invalid { violation, offset }
            }
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
