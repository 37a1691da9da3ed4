//! Codec errors: small `Copy` values carrying the offset of the offending
//! bytes and mapping to the Result-Code RFC 6733 §7.1 prescribes.

use core::fmt;

use crate::result_code;

/// What went wrong while viewing or writing a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ErrorKind {
    /// The buffer ends before the header or the length the header announces
    /// (5015 DIAMETER_INVALID_MESSAGE_LENGTH).
    Truncated,
    /// The header's version is not 1 (5011 DIAMETER_UNSUPPORTED_VERSION).
    UnsupportedVersion,
    /// The message length is below 20 or not a multiple of 4
    /// (5015 DIAMETER_INVALID_MESSAGE_LENGTH, RFC 6733 §3).
    InvalidMessageLength,
    /// Header flags in an invalid combination or reserved bits set
    /// (3008 DIAMETER_INVALID_HDR_BITS, RFC 6733 §3).
    InvalidHeaderBits,
    /// An AVP length that is too short for its header or runs past its
    /// container (5014 DIAMETER_INVALID_AVP_LENGTH, RFC 6733 §4.1).
    InvalidAvpLength,
    /// AVP flags with reserved bits set or inconsistent with the AVP's
    /// definition (3009 DIAMETER_INVALID_AVP_BITS).
    InvalidAvpBits,
    /// AVP data that is not a valid value of its type: wrong size for a
    /// fixed-size type, bad UTF-8, a malformed URI (5004 DIAMETER_INVALID_AVP_VALUE).
    InvalidAvpValue,
    /// The output buffer is too small; `needed` bytes would have fitted the
    /// whole message (5012 DIAMETER_UNABLE_TO_COMPLY: a local failure).
    BufferTooSmall {
        /// Size in bytes of the complete encoded message.
        needed: usize,
    },
    /// The encoded message would exceed the 24-bit length field
    /// (5012 DIAMETER_UNABLE_TO_COMPLY: a local failure).
    MessageTooLarge,
}

/// A codec error: what went wrong and where.
///
/// `offset` counts bytes from the start of the message (or of the buffer
/// given to a free-standing [`AvpIter`](super::AvpIter)). For AVP errors it
/// points at the offending AVP's header, for value errors at its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte offset of the offending bytes.
    pub offset: usize,
}

impl Error {
    /// An error of `kind` at `offset`.
    pub const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// The Result-Code a Diameter node answers this error with (RFC 6733 §7.1).
    pub const fn result_code(&self) -> u32 {
        match self.kind {
            ErrorKind::Truncated | ErrorKind::InvalidMessageLength => {
                result_code::DIAMETER_INVALID_MESSAGE_LENGTH
            }
            ErrorKind::UnsupportedVersion => result_code::DIAMETER_UNSUPPORTED_VERSION,
            ErrorKind::InvalidHeaderBits => result_code::DIAMETER_INVALID_HDR_BITS,
            ErrorKind::InvalidAvpLength => result_code::DIAMETER_INVALID_AVP_LENGTH,
            ErrorKind::InvalidAvpBits => result_code::DIAMETER_INVALID_AVP_BITS,
            ErrorKind::InvalidAvpValue => result_code::DIAMETER_INVALID_AVP_VALUE,
            ErrorKind::BufferTooSmall { .. } | ErrorKind::MessageTooLarge => {
                result_code::DIAMETER_UNABLE_TO_COMPLY
            }
        }
    }
}

impl From<Error> for u32 {
    /// The error's Result-Code.
    fn from(e: Error) -> u32 {
        e.result_code()
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("message truncated"),
            Self::UnsupportedVersion => f.write_str("unsupported Diameter version"),
            Self::InvalidMessageLength => f.write_str("invalid message length"),
            Self::InvalidHeaderBits => f.write_str("invalid header bits"),
            Self::InvalidAvpLength => f.write_str("invalid AVP length"),
            Self::InvalidAvpBits => f.write_str("invalid AVP bits"),
            Self::InvalidAvpValue => f.write_str("invalid AVP value"),
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: {needed} bytes needed")
            }
            Self::MessageTooLarge => f.write_str("message exceeds 16 MiB"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at offset {} (Result-Code {})",
            self.kind,
            self.offset,
            self.result_code()
        )
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Shorthand for codec results.
pub type Result<T, E = Error> = core::result::Result<T, E>;
