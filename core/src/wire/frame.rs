//! Stream framing: finding message boundaries in a byte stream (RFC 6733 §3).

use super::error::{Error, ErrorKind, Result};
use super::header::{u24, HEADER_LEN, VERSION};

/// Whether a buffer holds enough bytes yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Status<T> {
    /// More bytes are needed.
    Partial,
    /// A complete item.
    Complete(T),
}

/// The length of the message at the start of `buf`, once it is all there.
///
/// Reads only the version and the 24-bit length. Returns
/// `Status::Complete(n)` when `buf` holds at least the `n` bytes of the first
/// message, `Status::Partial` when more bytes are needed.
///
/// # Errors
/// The stream cannot be resynchronised after these, so the connection should
/// be closed: [`ErrorKind::UnsupportedVersion`] at 0, and
/// [`ErrorKind::InvalidMessageLength`] at 1 for a length below 20 or not a
/// multiple of 4.
pub fn frame_len(buf: &[u8]) -> Result<Status<usize>> {
    let Some(&[version, a, b, c]) = buf.first_chunk::<4>() else {
        return Ok(Status::Partial);
    };
    if version != VERSION {
        return Err(Error::new(ErrorKind::UnsupportedVersion, 0));
    }
    let len = u24([a, b, c]) as usize;
    if len < HEADER_LEN || len % 4 != 0 {
        return Err(Error::new(ErrorKind::InvalidMessageLength, 1));
    }
    Ok(if buf.len() >= len {
        Status::Complete(len)
    } else {
        Status::Partial
    })
}

/// How much of a stream the message at its start takes, as far as the
/// bytes there tell (see [`frame_need`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Need {
    /// The bytes to have before looking again: the message's length once
    /// its header tells it, else the 4 bytes of version and length.
    pub total: usize,
    /// Whether the buffer holds all of them.
    pub complete: bool,
}

/// Why a stream cannot be read further: the connection must be closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum FrameError {
    /// The header is not Diameter version 1 or has an impossible length.
    Malformed(Error),
    /// The announced message is larger than the reader's maximum.
    TooLarge {
        /// The length the header announces.
        length: usize,
        /// The reader's maximum.
        max: usize,
    },
}

impl core::fmt::Display for FrameError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Malformed(e) => write!(f, "unframeable input: {e}"),
            Self::TooLarge { length, max } => {
                write!(
                    f,
                    "message of {length} bytes exceeds the {max}-byte maximum"
                )
            }
        }
    }
}

/// What a reader of a stream needs for the message at the start of `buf`
/// (RFC 6733 §3): the framing every reader shares, the event loop's as the
/// embedded node's.
///
/// # Errors
/// [`frame_len`]'s, as [`FrameError::Malformed`]; [`FrameError::TooLarge`]
/// when the header announces more than `max` bytes.
pub fn frame_need(buf: &[u8], max: usize) -> core::result::Result<Need, FrameError> {
    let status = frame_len(buf).map_err(FrameError::Malformed)?;
    let total = match (status, buf.first_chunk::<4>()) {
        (Status::Complete(n), _) => n,
        (Status::Partial, Some(&[_, a, b, c])) => u24([a, b, c]) as usize,
        (Status::Partial, None) => 4,
    };
    if total > max {
        return Err(FrameError::TooLarge { length: total, max });
    }
    Ok(Need {
        total,
        complete: buf.len() >= total,
    })
}
