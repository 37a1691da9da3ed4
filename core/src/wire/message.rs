//! A checked, zero-copy view of one whole Diameter message.

use zerocopy::FromBytes;

use super::avp::{Avp, AvpIter};
use super::error::{Error, ErrorKind, Result};
use super::header::{flags, Header, HEADER_LEN, VERSION};

/// A Diameter message viewed in place.
///
/// Built by [`Message::new_checked`], which validates the header's version
/// and length once; after that no accessor can panic or read out of bounds.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    header: &'a Header,
    bytes: &'a [u8],
}

impl<'a> Message<'a> {
    /// Views the message at the start of `buf` (RFC 6733 §3).
    ///
    /// `buf` may extend past the message; [`as_bytes`](Self::as_bytes) is
    /// exactly the message. The AVPs are not checked here: iterate them.
    ///
    /// # Errors
    /// - [`ErrorKind::Truncated`] at `buf.len()` when `buf` is shorter than
    ///   the header or than the length it announces;
    /// - [`ErrorKind::UnsupportedVersion`] at 0 when the version is not 1;
    /// - [`ErrorKind::InvalidMessageLength`] at 1 when the length is below
    ///   20 or not a multiple of 4.
    #[inline]
    pub fn new_checked(buf: &'a [u8]) -> Result<Self> {
        let Ok((header, _)) = Header::ref_from_prefix(buf) else {
            return Err(Error::new(ErrorKind::Truncated, buf.len()));
        };
        if header.version() != VERSION {
            return Err(Error::new(ErrorKind::UnsupportedVersion, 0));
        }
        let len = header.length() as usize;
        if len < HEADER_LEN || len % 4 != 0 {
            return Err(Error::new(ErrorKind::InvalidMessageLength, 1));
        }
        let Some(bytes) = buf.get(..len) else {
            return Err(Error::new(ErrorKind::Truncated, buf.len()));
        };
        Ok(Self { header, bytes })
    }

    /// The header.
    pub fn header(&self) -> &'a Header {
        self.header
    }
    /// The whole message as on the wire.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
    /// Message length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }
    /// Always false: a message holds at least its header.
    pub fn is_empty(&self) -> bool {
        false
    }
    /// The raw command flags byte.
    pub fn flags(&self) -> u8 {
        self.header.flags()
    }
    /// 24-bit command code.
    pub fn command_code(&self) -> u32 {
        self.header.command_code()
    }
    /// Application-ID.
    pub fn application_id(&self) -> u32 {
        self.header.application_id()
    }
    /// Hop-by-Hop Identifier.
    pub fn hop_by_hop(&self) -> u32 {
        self.header.hop_by_hop()
    }
    /// End-to-End Identifier.
    pub fn end_to_end(&self) -> u32 {
        self.header.end_to_end()
    }
    /// Whether this is a request (R bit).
    pub fn is_request(&self) -> bool {
        self.header.is_request()
    }
    /// Whether the P bit is set.
    pub fn is_proxiable(&self) -> bool {
        self.header.is_proxiable()
    }
    /// Whether the E bit is set.
    pub fn is_error(&self) -> bool {
        self.header.is_error()
    }
    /// Whether the T bit is set.
    pub fn is_retransmit(&self) -> bool {
        self.header.is_retransmit()
    }

    /// Checks the command flags for the combinations RFC 6733 §3 forbids:
    /// reserved bits set, or E set on a request.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidHeaderBits`] at offset 4 (the flags byte).
    pub fn check_header_bits(&self) -> Result<()> {
        let f = self.flags();
        if f & flags::RESERVED != 0 || (f & flags::REQUEST != 0 && f & flags::ERROR != 0) {
            return Err(Error::new(ErrorKind::InvalidHeaderBits, 4));
        }
        Ok(())
    }

    /// The top-level AVPs, in order; stops after the first malformed one.
    #[inline]
    pub fn avps(&self) -> AvpIter<'a> {
        AvpIter::with_offset(self.bytes.get(HEADER_LEN..).unwrap_or_default(), HEADER_LEN)
    }

    /// The first well-formed top-level AVP with `code` and `vendor_id`
    /// (0 for IETF AVPs).
    pub fn lookup(&self, code: u32, vendor_id: u32) -> Option<Avp<'a>> {
        self.avps().lookup(code, vendor_id)
    }
}
