//! The 20-byte Diameter header (RFC 6733 §3).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    Version    |                 Message Length                |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! | Command Flags |                  Command Code                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Application-ID                        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                      Hop-by-Hop Identifier                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                      End-to-End Identifier                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!
//! Command Flags:  R P E T r r r r
//! ```

use zerocopy::byteorder::{BigEndian, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use super::error::{Error, ErrorKind, Result};

/// Length of the Diameter header in bytes.
pub const HEADER_LEN: usize = 20;

/// The only Diameter version (RFC 6733 §3).
pub const VERSION: u8 = 1;

/// Command flag bits (RFC 6733 §3).
pub mod flags {
    /// R(equest): the message is a request.
    pub const REQUEST: u8 = 0x80;
    /// P(roxiable): the message may be proxied, relayed or redirected.
    pub const PROXIABLE: u8 = 0x40;
    /// E(rror): the answer carries a protocol error (3xxx). Never set in requests.
    pub const ERROR: u8 = 0x20;
    /// T (potentially retransmitted): set on requests resent after a link failover.
    pub const RETRANSMIT: u8 = 0x10;
    /// The four reserved bits, which must be zero.
    pub const RESERVED: u8 = 0x0f;
}

/// Largest Message Length the 24-bit field holds (RFC 6733 §3).
pub const MAX_MESSAGE_LEN: usize = 0x00ff_ffff;

/// The header as it lies on the wire; read and written in place by zerocopy.
///
/// [`Header::view_mut`] edits the header of an encoded message in its
/// buffer, like smoltcp's packet setters: relays rewrite the Hop-by-Hop
/// Identifier (RFC 6733 §6.1.9, §6.2), senders set the T bit on requests
/// resent after failover (§5.5.4) and new messages get fresh identifiers.
///
/// ```
/// use diameter_core::wire::{Header, Message, MessageWriter};
///
/// let mut buf = [0u8; 64];
/// let len = MessageWriter::request(&mut buf, 272, 4, true, 1, 2).finish().unwrap();
/// let header = Header::view_mut(&mut buf[..len]).unwrap();
/// header.set_hop_by_hop(0xaa);
/// header.set_retransmit(true);
/// let msg = Message::new_checked(&buf[..len]).unwrap();
/// assert_eq!(msg.hop_by_hop(), 0xaa);
/// assert!(msg.is_retransmit());
/// ```
#[derive(
    FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned, Debug, Clone, Copy, PartialEq, Eq,
)]
#[repr(C)]
pub struct Header {
    version: u8,
    length: [u8; 3],
    flags: u8,
    command_code: [u8; 3],
    application_id: U32<BigEndian>,
    hop_by_hop: U32<BigEndian>,
    end_to_end: U32<BigEndian>,
}

/// Reads a 24-bit big-endian field.
pub(crate) const fn u24(b: [u8; 3]) -> u32 {
    (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32
}

/// Writes the low 24 bits of `v` big-endian.
pub(crate) const fn to_u24(v: u32) -> [u8; 3] {
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

impl Header {
    /// A version-1 header; the length is filled in when a message is finished.
    pub fn new(
        flags: u8,
        command_code: u32,
        application_id: u32,
        hop_by_hop: u32,
        end_to_end: u32,
    ) -> Self {
        Self {
            version: VERSION,
            length: [0; 3],
            flags,
            command_code: to_u24(command_code),
            application_id: U32::new(application_id),
            hop_by_hop: U32::new(hop_by_hop),
            end_to_end: U32::new(end_to_end),
        }
    }

    /// The header at the start of `buf`, read in place (no copy).
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`] at `buf.len()` when `buf` is shorter than
    /// [`HEADER_LEN`]. Nothing else is checked.
    pub fn view(buf: &[u8]) -> Result<&Self> {
        Self::ref_from_prefix(buf)
            .map(|(h, _)| h)
            .map_err(|_| Error::new(ErrorKind::Truncated, buf.len()))
    }

    /// The header at the start of `buf`, to edit in place: its setters
    /// change the encoded message without patching bytes by offset.
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`] at `buf.len()` when `buf` is shorter than
    /// [`HEADER_LEN`]. Nothing else is checked.
    pub fn view_mut(buf: &mut [u8]) -> Result<&mut Self> {
        let len = buf.len();
        Self::mut_from_prefix(buf)
            .map(|(h, _)| h)
            .map_err(|_| Error::new(ErrorKind::Truncated, len))
    }

    /// Protocol version (1).
    pub fn version(&self) -> u8 {
        self.version
    }
    /// Message length in bytes, header and padding included.
    pub fn length(&self) -> u32 {
        u24(self.length)
    }
    /// The raw command flags byte (see [`flags`]).
    pub fn flags(&self) -> u8 {
        self.flags
    }
    /// Replaces the command flags byte.
    pub fn set_flags(&mut self, flags: u8) {
        self.flags = flags;
    }
    /// Sets (`on`) or clears the command flag bits `bits` (see [`flags`]),
    /// leaving the others.
    pub fn set_flag(&mut self, bits: u8, on: bool) {
        if on {
            self.flags |= bits;
        } else {
            self.flags &= !bits;
        }
    }
    /// Sets or clears the T bit, which marks a request sent again after a
    /// link failover (RFC 6733 §3, §5.5.4).
    pub fn set_retransmit(&mut self, on: bool) {
        self.set_flag(flags::RETRANSMIT, on);
    }
    /// Replaces the Message Length (RFC 6733 §3): header, AVPs and padding.
    ///
    /// # Errors
    /// [`ErrorKind::MessageTooLarge`] (at offset 1, the field) when `len`
    /// exceeds the 24-bit field ([`MAX_MESSAGE_LEN`]); the header is then
    /// left unchanged.
    pub fn set_length(&mut self, len: usize) -> Result<()> {
        let len = u32::try_from(len)
            .ok()
            .filter(|&l| l as usize <= MAX_MESSAGE_LEN)
            .ok_or(Error::new(ErrorKind::MessageTooLarge, 1))?;
        self.length = to_u24(len);
        Ok(())
    }
    /// Replaces the Hop-by-Hop Identifier (RFC 6733 §3, §6.1.9).
    pub fn set_hop_by_hop(&mut self, id: u32) {
        self.hop_by_hop = U32::new(id);
    }
    /// Replaces the End-to-End Identifier (RFC 6733 §3).
    pub fn set_end_to_end(&mut self, id: u32) {
        self.end_to_end = U32::new(id);
    }
    /// 24-bit command code.
    pub fn command_code(&self) -> u32 {
        u24(self.command_code)
    }
    /// Application-ID.
    pub fn application_id(&self) -> u32 {
        self.application_id.get()
    }
    /// Hop-by-Hop Identifier.
    pub fn hop_by_hop(&self) -> u32 {
        self.hop_by_hop.get()
    }
    /// End-to-End Identifier.
    pub fn end_to_end(&self) -> u32 {
        self.end_to_end.get()
    }
    /// Whether the R bit is set.
    pub fn is_request(&self) -> bool {
        self.flags & flags::REQUEST != 0
    }
    /// Whether the P bit is set.
    pub fn is_proxiable(&self) -> bool {
        self.flags & flags::PROXIABLE != 0
    }
    /// Whether the E bit is set.
    pub fn is_error(&self) -> bool {
        self.flags & flags::ERROR != 0
    }
    /// Whether the T bit is set.
    pub fn is_retransmit(&self) -> bool {
        self.flags & flags::RETRANSMIT != 0
    }
}
