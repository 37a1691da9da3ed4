//! The outcome an answer carries: a Result-Code (RFC 6733 §7.1), or an
//! Experimental-Result with its vendor (§7.6), as every application's
//! answers state it.

use core::fmt;

use crate::dict::base;
use crate::result_code;
use crate::wire::{Message, MessageWriter};

/// Where an answer's result comes from, and the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Outcome {
    /// A Result-Code AVP (RFC 6733 §7.1).
    ResultCode(u32),
    /// An Experimental-Result (RFC 6733 §7.6): its Vendor-Id and
    /// Experimental-Result-Code.
    Experimental {
        /// The vendor that defines the code.
        vendor_id: u32,
        /// The code.
        code: u32,
    },
}

impl Outcome {
    /// DIAMETER_SUCCESS.
    pub const SUCCESS: Outcome = Outcome::ResultCode(result_code::DIAMETER_SUCCESS);

    /// The outcome of `answer`: its Result-Code, else its
    /// Experimental-Result; `None` when it has neither or they do not
    /// decode.
    pub fn of(answer: &Message<'_>) -> Option<Self> {
        if let Some(code) = answer.lookup(base::RESULT_CODE.code, 0) {
            return code.u32().ok().map(Outcome::ResultCode);
        }
        let er = answer.lookup(base::EXPERIMENTAL_RESULT.code, 0)?;
        let code = er
            .lookup(base::EXPERIMENTAL_RESULT_CODE.code, 0)?
            .u32()
            .ok()?;
        let vendor_id = er.lookup(base::VENDOR_ID.code, 0)?.u32().ok()?;
        Some(Outcome::Experimental { vendor_id, code })
    }

    /// The code, whichever AVP carried it.
    pub fn code(self) -> u32 {
        match self {
            Self::ResultCode(c) | Self::Experimental { code: c, .. } => c,
        }
    }

    /// The vendor defining the code: 0 for a Result-Code.
    pub fn vendor_id(self) -> u32 {
        match self {
            Self::ResultCode(_) => 0,
            Self::Experimental { vendor_id, .. } => vendor_id,
        }
    }

    /// Whether it reports success (a 2xxx code, RFC 6733 §7.1.2).
    pub fn is_success(self) -> bool {
        (2000..3000).contains(&self.code())
    }

    /// The code's name, if the code is known (see [`result_code::name_for`]).
    pub fn name(self) -> Option<&'static str> {
        result_code::name_for(self.code(), self.vendor_id())
    }

    /// Writes it: a Result-Code, or an Experimental-Result with its
    /// Vendor-Id and Experimental-Result-Code.
    pub fn write(self, w: &mut MessageWriter<'_>) {
        match self {
            Outcome::ResultCode(c) => {
                w.u32(base::RESULT_CODE, c);
            }
            Outcome::Experimental { vendor_id, code } => {
                w.grouped(base::EXPERIMENTAL_RESULT, |w| {
                    w.u32(base::VENDOR_ID, vendor_id)
                        .u32(base::EXPERIMENTAL_RESULT_CODE, code);
                });
            }
        }
    }
}

impl fmt::Display for Outcome {
    /// The code and its name: `2001 DIAMETER_SUCCESS`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name().unwrap_or("unknown"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Header;
    use crate::VENDOR_3GPP;

    fn answer_with(outcome: Outcome, buf: &mut [u8]) -> usize {
        let mut w = MessageWriter::new(buf, Header::new(0, 316, 16_777_251, 1, 2));
        outcome.write(&mut w);
        w.finish().unwrap_or(0)
    }

    #[test]
    fn each_kind_is_written_and_read_back() {
        for outcome in [
            Outcome::SUCCESS,
            Outcome::ResultCode(result_code::DIAMETER_UNABLE_TO_DELIVER),
            Outcome::Experimental {
                vendor_id: VENDOR_3GPP,
                code: 5001,
            },
        ] {
            let mut buf = [0u8; 128];
            let n = answer_with(outcome, &mut buf);
            let m = Message::new_checked(buf.get(..n).unwrap_or_default());
            assert_eq!(m.ok().and_then(|m| Outcome::of(&m)), Some(outcome));
        }
        let tgpp = Outcome::Experimental {
            vendor_id: VENDOR_3GPP,
            code: 5001,
        };
        assert!(!tgpp.is_success() && Outcome::SUCCESS.is_success());
        assert_eq!(Outcome::SUCCESS.name(), Some("DIAMETER_SUCCESS"));
        assert_eq!(tgpp.vendor_id(), VENDOR_3GPP);
    }
}
