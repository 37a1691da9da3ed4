//! What the validator reports: the first violation, as a Result-Code and the
//! AVP a Failed-AVP must carry (RFC 6733 §7.5).

use core::fmt;

use heapless::Vec;

use super::grammars;
use crate::dict::{self, result_code, AvpDef};
use crate::wire::{avp_flags, Error, ErrorKind, AVP_VENDOR_HEADER_LEN};

/// Deepest nesting of Grouped AVPs the validator follows.
pub const MAX_DEPTH: usize = 8;

/// Why a message was rejected, in words for Error-Message (RFC 6733 §7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Reason {
    /// The command code is not known for the application.
    UnknownCommand,
    /// The application is not supported here.
    UnknownApplication,
    /// Header flags invalid, or inconsistent with the command (P bit).
    HeaderBits,
    /// AVP flags with reserved bits set.
    AvpBits,
    /// An unknown AVP with the M bit.
    UnsupportedAvp,
    /// An AVP whose length is wrong for its header, container or type.
    AvpLength,
    /// A value invalid for its type or outside a closed enumeration.
    AvpValue,
    /// A required AVP is absent.
    MissingAvp,
    /// A fixed-position AVP is not where the grammar places it.
    FixedPosition,
    /// An AVP the grammar does not allow.
    NotAllowed,
    /// An AVP occurring more often than the grammar allows.
    TooMany,
    /// The message length is invalid.
    MessageLength,
    /// The header's version is not 1 (RFC 6733 §7.1.5, 5011).
    UnsupportedVersion,
    /// Grouped AVPs nested deeper than the validator follows.
    TooDeep,
    /// No route to the Destination-Realm (RFC 6733 §6.1.4, 3003).
    RealmNotServed,
    /// No peer able to take the request, or no answer in time (RFC 6733 §6.1.4, 3002).
    Undeliverable,
    /// The request has passed through this node before (RFC 6733 §6.1.3, 3005).
    Loop,
    /// The request was taken but could not be served (RFC 6733 §7.1.5, 5012).
    UnableToComply,
    /// The node is overloaded and sheds new requests (RFC 6733 §7.1.3, 3004).
    TooBusy,
}

impl Reason {
    /// A short explanation, suitable for Error-Message.
    pub const fn text(self) -> &'static str {
        match self {
            Self::UnknownCommand => "command not supported",
            Self::UnknownApplication => "application not supported",
            Self::HeaderBits => "invalid header flags",
            Self::AvpBits => "invalid AVP flags",
            Self::UnsupportedAvp => "unsupported AVP with M bit",
            Self::AvpLength => "invalid AVP length",
            Self::AvpValue => "invalid AVP value",
            Self::MissingAvp => "missing required AVP",
            Self::FixedPosition => "AVP not in its fixed position",
            Self::NotAllowed => "AVP not allowed in this message",
            Self::TooMany => "AVP occurs too many times",
            Self::MessageLength => "invalid message length",
            Self::UnsupportedVersion => "unsupported Diameter version",
            Self::TooDeep => "grouped AVPs nested too deep",
            Self::RealmNotServed => "destination realm not served",
            Self::Undeliverable => "unable to deliver the request",
            Self::Loop => "routing loop detected",
            Self::UnableToComply => "unable to comply",
            Self::TooBusy => "too busy: try another server",
        }
    }
}

/// The AVP a Failed-AVP carries for a violation (RFC 6733 §7.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Culprit {
    /// No AVP is at fault (header errors, unknown command or application).
    None,
    /// An AVP of the message: `len` bytes (its AVP Length) at `offset`.
    Present {
        /// Offset of the AVP header in the message.
        offset: usize,
        /// The AVP Length.
        len: usize,
        /// AVP Code.
        code: u32,
        /// Vendor-ID (0 for IETF AVPs).
        vendor_id: u32,
    },
    /// An AVP too malformed to copy: its code and flags with a zero-filled
    /// payload of `data_len` bytes (RFC 6733 §7.1.5, 5014).
    Malformed {
        /// Offset of the AVP header in the message.
        offset: usize,
        /// AVP Code.
        code: u32,
        /// Vendor-ID (0 when unknown or absent).
        vendor_id: u32,
        /// The AVP flags.
        flags: u8,
        /// Length of the zero-filled payload to send.
        data_len: usize,
    },
    /// A required AVP that is absent: sent with a zero-filled payload of its
    /// type's minimal length (RFC 6733 §7.5). `offset` is where its container's data starts.
    Missing {
        /// The missing AVP.
        avp: &'static AvpDef,
        /// Offset of the data of the container the AVP is missing from.
        offset: usize,
    },
}

/// The first violation found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The Result-Code to answer with.
    pub result_code: u32,
    /// Why, in words.
    pub reason: Reason,
    /// The AVP to put in Failed-AVP.
    pub culprit: Culprit,
    /// Offsets of the Grouped AVPs enclosing the culprit, outermost first:
    /// the Failed-AVP nests the culprit in copies of their headers (RFC 6733 §7.5).
    pub ancestors: Vec<usize, MAX_DEPTH>,
}

impl Violation {
    /// The violation of a message whose AVP the codec refused with `e`
    /// (an AVP length too short for its header or running past its
    /// container ending at `end`, or a malformed value), at the top level:
    /// the AVP's header, zero-padded where the container ends, with a
    /// zero-filled payload of the minimal length its type needs
    /// (RFC 6733 §7.1.5 5014, §7.5).
    pub fn malformed(msg: &[u8], e: Error, end: usize) -> Self {
        let at = e.offset;
        let mut head = [0u8; AVP_VENDOR_HEADER_LEN];
        let bytes = msg.get(at..end).unwrap_or_default();
        head.iter_mut().zip(bytes).for_each(|(h, b)| *h = *b);
        let [c0, c1, c2, c3, flags, _, _, _, v0, v1, v2, v3] = head;
        let code = u32::from_be_bytes([c0, c1, c2, c3]);
        let vendor_id = if flags & avp_flags::VENDOR != 0 {
            u32::from_be_bytes([v0, v1, v2, v3])
        } else {
            0
        };
        let data_len = dict::avp(code, vendor_id).map_or(0, grammars::min_data_len);
        let reason = if e.kind == ErrorKind::InvalidAvpLength {
            Reason::AvpLength
        } else {
            Reason::AvpValue
        };
        Self::new(
            e.result_code(),
            reason,
            Culprit::Malformed {
                offset: at,
                code,
                vendor_id,
                flags,
                data_len,
            },
        )
    }

    /// A violation with no enclosing groups.
    pub fn new(result_code: u32, reason: Reason, culprit: Culprit) -> Self {
        Self {
            result_code,
            reason,
            culprit,
            ancestors: Vec::new(),
        }
    }

    /// Whether this is a protocol error, answered with the E bit (3xxx, RFC 6733 §7.1.3).
    pub fn is_protocol_error(&self) -> bool {
        (3000..4000).contains(&self.result_code)
    }

    /// Code and vendor of the culprit AVP, if any.
    pub fn avp(&self) -> Option<(u32, u32)> {
        match self.culprit {
            Culprit::None => None,
            Culprit::Present {
                code, vendor_id, ..
            }
            | Culprit::Malformed {
                code, vendor_id, ..
            } => Some((code, vendor_id)),
            Culprit::Missing { avp, .. } => Some((avp.code, avp.vendor_id)),
        }
    }

    /// Offset in the message the violation points at.
    pub fn offset(&self) -> usize {
        match self.culprit {
            Culprit::None => 0,
            Culprit::Present { offset, .. }
            | Culprit::Malformed { offset, .. }
            | Culprit::Missing { offset, .. } => offset,
        }
    }

    /// The Result-Code's name.
    pub fn result_code_name(&self) -> &'static str {
        result_code::name(self.result_code).unwrap_or("UNKNOWN")
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.result_code,
            self.result_code_name(),
            self.reason.text()
        )?;
        if let Some((code, vendor)) = self.avp() {
            match dict::avp(code, vendor) {
                Some(def) => write!(f, " ({} {code}", def.name)?,
                None => write!(f, " (AVP {code}")?,
            }
            if vendor != 0 {
                write!(f, " vendor {vendor}")?;
            }
            write!(f, " at offset {})", self.offset())?;
        }
        Ok(())
    }
}
