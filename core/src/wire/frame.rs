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
