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

/// The header as it lies on the wire; read and written in place by zerocopy.
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
