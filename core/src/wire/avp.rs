//! AVPs viewed in place (RFC 6733 §4.1).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                           AVP Code                            |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |V M P r r r r r|                  AVP Length                   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                        Vendor-ID (opt)                        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    Data ...
//! +-+-+-+-+-+-+-+-+
//! ```
//!
//! The AVP Length covers header and data but not the padding that aligns
//! the next AVP on 32 bits.

use zerocopy::byteorder::{BigEndian, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use super::data::{self, Address, DataType, DiameterUri, IpFilterRule, Time, Value};
use super::error::{Error, ErrorKind, Result};
use super::header::u24;

/// AVP flag bits (RFC 6733 §4.1).
pub mod avp_flags {
    /// V(endor-specific): a Vendor-ID field follows the length.
    pub const VENDOR: u8 = 0x80;
    /// M(andatory): the receiver must understand the AVP or reject the message.
    pub const MANDATORY: u8 = 0x40;
    /// P: reserved for end-to-end security (RFC 6733 §4.1; must be zero in practice).
    pub const PROTECTED: u8 = 0x20;
    /// The five reserved bits, which must be zero.
    pub const RESERVED: u8 = 0x1f;
}

/// The fixed 8 bytes every AVP starts with.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned, Debug, Clone, Copy)]
#[repr(C)]
pub(crate) struct AvpFixed {
    pub(crate) code: U32<BigEndian>,
    pub(crate) flags: u8,
    pub(crate) length: [u8; 3],
}

/// Length of an AVP header without Vendor-ID.
pub const AVP_HEADER_LEN: usize = 8;
/// Length of an AVP header with Vendor-ID.
pub const AVP_VENDOR_HEADER_LEN: usize = 12;

/// Rounds `len` up to the next multiple of 4.
pub const fn padded(len: usize) -> usize {
    (len + 3) & !3
}

/// One AVP viewed in place.
///
/// Holds the AVP's bytes, its data within them and its offset, with the
/// header fields [`AvpIter`] read while checking them: the accessors read
/// fields, never the bytes again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Avp<'a> {
    /// Header and data, without padding.
    raw: &'a [u8],
    /// The data: `raw` after the 8- or 12-byte header.
    data: &'a [u8],
    offset: usize,
    code: u32,
    vendor_id: u32,
    flags: u8,
}

impl<'a> Avp<'a> {
    /// AVP Code.
    #[inline]
    pub fn code(&self) -> u32 {
        self.code
    }
    /// The raw flags byte (see [`avp_flags`]).
    #[inline]
    pub fn flags(&self) -> u8 {
        self.flags
    }
    /// Vendor-ID, 0 when the V bit is clear.
    #[inline]
    pub fn vendor_id(&self) -> u32 {
        self.vendor_id
    }
    /// Whether the V bit is set.
    #[inline]
    pub fn is_vendor_specific(&self) -> bool {
        self.flags() & avp_flags::VENDOR != 0
    }
    /// Whether the M bit is set.
    #[inline]
    pub fn is_mandatory(&self) -> bool {
        self.flags() & avp_flags::MANDATORY != 0
    }
    /// Whether the P bit is set.
    #[inline]
    pub fn is_protected(&self) -> bool {
        self.flags() & avp_flags::PROTECTED != 0
    }
    /// The AVP Length field: header plus data, without padding.
    #[inline]
    pub fn len(&self) -> usize {
        self.raw.len()
    }
    /// Whether the AVP carries no data.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.data().is_empty()
    }
    /// Length of the header, 8 or 12 bytes.
    #[inline]
    pub fn header_len(&self) -> usize {
        if self.is_vendor_specific() {
            AVP_VENDOR_HEADER_LEN
        } else {
            AVP_HEADER_LEN
        }
    }
    /// Offset of the AVP header within the message.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// Offset of the AVP data within the message.
    #[inline]
    pub fn data_offset(&self) -> usize {
        self.offset + self.header_len()
    }
    /// The AVP's header and data as on the wire, without padding: what a
    /// Failed-AVP or a relayed Route-Record copies.
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.raw
    }
    /// The AVP data.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    #[cold]
    fn value_error(&self) -> Error {
        Error::new(ErrorKind::InvalidAvpValue, self.data_offset())
    }

    /// Checks that the reserved flag bits are zero (RFC 6733 §4.1).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpBits`] at the AVP's offset.
    pub fn check_reserved_bits(&self) -> Result<()> {
        if self.flags() & avp_flags::RESERVED != 0 {
            return Err(Error::new(ErrorKind::InvalidAvpBits, self.offset));
        }
        Ok(())
    }

    /// OctetString data (RFC 6733 §4.2).
    #[inline]
    pub fn octets(&self) -> &'a [u8] {
        self.data()
    }
    /// Integer32 data.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] unless the data is exactly 4 bytes.
    #[inline]
    pub fn i32(&self) -> Result<i32> {
        data::i32(self.data()).ok_or_else(|| self.value_error())
    }
    /// Integer64 data.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] unless the data is exactly 8 bytes.
    #[inline]
    pub fn i64(&self) -> Result<i64> {
        data::i64(self.data()).ok_or_else(|| self.value_error())
    }
    /// Unsigned32 data.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] unless the data is exactly 4 bytes.
    #[inline]
    pub fn u32(&self) -> Result<u32> {
        data::u32(self.data()).ok_or_else(|| self.value_error())
    }
    /// Unsigned64 data.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] unless the data is exactly 8 bytes.
    #[inline]
    pub fn u64(&self) -> Result<u64> {
        data::u64(self.data()).ok_or_else(|| self.value_error())
    }
    /// Float32 data.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] unless the data is exactly 4 bytes.
    #[inline]
    pub fn f32(&self) -> Result<f32> {
        data::u32(self.data())
            .map(f32::from_bits)
            .ok_or_else(|| self.value_error())
    }
    /// Float64 data.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] unless the data is exactly 8 bytes.
    #[inline]
    pub fn f64(&self) -> Result<f64> {
        data::u64(self.data())
            .map(f64::from_bits)
            .ok_or_else(|| self.value_error())
    }
    /// Enumerated data (an Integer32, RFC 6733 §4.3.1).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] unless the data is exactly 4 bytes.
    #[inline]
    pub fn enumerated(&self) -> Result<i32> {
        self.i32()
    }
    /// UTF8String data, validated.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] at the first invalid byte.
    #[inline]
    pub fn utf8(&self) -> Result<&'a str> {
        data::utf8(self.data()).map_err(|e| {
            Error::new(
                ErrorKind::InvalidAvpValue,
                self.data_offset() + e.valid_up_to(),
            )
        })
    }
    /// DiameterIdentity data (RFC 6733 §4.3.1).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] when empty or not a printable ASCII name.
    #[inline]
    pub fn identity(&self) -> Result<&'a str> {
        data::identity(self.data()).ok_or_else(|| self.value_error())
    }
    /// Address data (RFC 6733 §4.3.1).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] when shorter than the family, or an
    /// IPv4/IPv6 address of the wrong size.
    #[inline]
    pub fn address(&self) -> Result<Address<'a>> {
        Address::parse(self.data()).ok_or_else(|| self.value_error())
    }
    /// Time data (RFC 6733 §4.3.1).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] unless the data is exactly 4 bytes.
    #[inline]
    pub fn time(&self) -> Result<Time> {
        data::u32(self.data())
            .map(Time)
            .ok_or_else(|| self.value_error())
    }
    /// DiameterURI data, parsed (RFC 6733 §4.3.1).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] when the URI does not follow the grammar.
    #[inline]
    pub fn uri(&self) -> Result<DiameterUri<'a>> {
        DiameterUri::parse(self.utf8()?).ok_or_else(|| self.value_error())
    }
    /// IPFilterRule data, parsed (RFC 6733 §4.3.1).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] when the rule does not follow the grammar.
    #[inline]
    pub fn ip_filter_rule(&self) -> Result<IpFilterRule<'a>> {
        IpFilterRule::parse(self.utf8()?).ok_or_else(|| self.value_error())
    }
    /// The AVPs inside a Grouped AVP (RFC 6733 §4.4), offsets kept relative to the message.
    #[inline]
    pub fn grouped(&self) -> AvpIter<'a> {
        AvpIter::with_offset(self.data(), self.data_offset())
    }
    /// The first AVP with `code` and `vendor_id` inside this Grouped AVP.
    pub fn lookup(&self, code: u32, vendor_id: u32) -> Option<Avp<'a>> {
        self.grouped().lookup(code, vendor_id)
    }

    /// The data decoded as `ty`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAvpValue`] when the data is not a valid `ty`.
    #[inline]
    pub fn value(&self, ty: DataType) -> Result<Value<'a>> {
        Ok(match ty {
            DataType::OctetString => Value::OctetString(self.octets()),
            DataType::Integer32 => Value::Integer32(self.i32()?),
            DataType::Integer64 => Value::Integer64(self.i64()?),
            DataType::Unsigned32 => Value::Unsigned32(self.u32()?),
            DataType::Unsigned64 => Value::Unsigned64(self.u64()?),
            DataType::Float32 => Value::Float32(self.f32()?),
            DataType::Float64 => Value::Float64(self.f64()?),
            DataType::Grouped => Value::Grouped(self.grouped()),
            DataType::Address => Value::Address(self.address()?),
            DataType::Time => Value::Time(self.time()?),
            DataType::Utf8String => Value::Utf8String(self.utf8()?),
            DataType::DiameterIdentity => Value::DiameterIdentity(self.identity()?),
            DataType::DiameterUri => Value::DiameterUri(self.uri()?),
            DataType::Enumerated => Value::Enumerated(self.enumerated()?),
            DataType::IpFilterRule => Value::IpFilterRule(self.ip_filter_rule()?),
        })
    }
}

/// Iterator over a sequence of AVPs (a message body or a Grouped AVP's data).
///
/// Yields `Err` for the first malformed AVP and then stops, so a malformed
/// AVP can never pass for a short list.
#[derive(Debug, Clone)]
pub struct AvpIter<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> AvpIter<'a> {
    /// Iterates the AVPs in `bytes`, reporting offsets from its start.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self::with_offset(bytes, 0)
    }

    /// Iterates the AVPs in `bytes`, which start `offset` bytes into the message.
    pub fn with_offset(bytes: &'a [u8], offset: usize) -> Self {
        Self {
            rest: bytes,
            offset,
        }
    }

    /// Offset of the next AVP (or of the end) within the message.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The first well-formed AVP with `code` and `vendor_id` (0 for IETF AVPs),
    /// looking no further than the first malformed one.
    pub fn lookup(self, code: u32, vendor_id: u32) -> Option<Avp<'a>> {
        self.map_while(Result::ok)
            .find(|a| a.code() == code && a.vendor_id() == vendor_id)
    }

    /// Checks every AVP of the sequence and of the Grouped AVPs it holds,
    /// recursively, for well-formed lengths.
    ///
    /// Which AVPs are grouped comes from `is_grouped(code, vendor_id)`.
    ///
    /// # Errors
    /// The first malformed AVP, at any depth.
    pub fn check_all(self, is_grouped: &impl Fn(u32, u32) -> bool) -> Result<usize> {
        self.walk(is_grouped, &mut |_, _| Ok(()))
    }

    /// Visits every AVP of the sequence depth-first, in wire order,
    /// descending into the AVPs that `is_grouped(code, vendor_id)` says are
    /// Grouped (RFC 6733 §4.4); `visit` gets the nesting depth (0 for this
    /// sequence) and the AVP, before its children. Returns how many AVPs
    /// were visited.
    ///
    /// # Errors
    /// The first malformed AVP at any depth, or the first error `visit` returns.
    pub fn walk<F>(self, is_grouped: &impl Fn(u32, u32) -> bool, visit: &mut F) -> Result<usize>
    where
        F: FnMut(usize, &Avp<'a>) -> Result<()>,
    {
        self.walk_at(0, is_grouped, visit)
    }

    fn walk_at<F>(
        self,
        depth: usize,
        is_grouped: &impl Fn(u32, u32) -> bool,
        visit: &mut F,
    ) -> Result<usize>
    where
        F: FnMut(usize, &Avp<'a>) -> Result<()>,
    {
        let mut count = 0;
        for avp in self {
            let avp = avp?;
            visit(depth, &avp)?;
            count += 1;
            if is_grouped(avp.code(), avp.vendor_id()) {
                count += avp.grouped().walk_at(depth + 1, is_grouped, visit)?;
            }
        }
        Ok(count)
    }

    fn fail(&mut self, kind: ErrorKind) -> Option<Result<Avp<'a>>> {
        let at = self.offset;
        self.rest = &[];
        Some(Err(Error::new(kind, at)))
    }
}

impl<'a> Iterator for AvpIter<'a> {
    type Item = Result<Avp<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let Ok((fixed, after)) = AvpFixed::ref_from_prefix(self.rest) else {
            return self.fail(ErrorKind::InvalidAvpLength);
        };
        let len = u24(fixed.length) as usize;
        let (header_len, vendor_id) = if fixed.flags & avp_flags::VENDOR == 0 {
            (AVP_HEADER_LEN, 0)
        } else if let Some(&[a, b, c, d]) = after.get(..4) {
            (AVP_VENDOR_HEADER_LEN, u32::from_be_bytes([a, b, c, d]))
        } else {
            return self.fail(ErrorKind::InvalidAvpLength);
        };
        if len < header_len {
            return self.fail(ErrorKind::InvalidAvpLength);
        }
        let Some(raw) = self.rest.get(..len) else {
            return self.fail(ErrorKind::InvalidAvpLength);
        };
        let avp = Avp {
            raw,
            data: raw.get(header_len..).unwrap_or_default(),
            offset: self.offset,
            code: fixed.code.get(),
            vendor_id,
            flags: fixed.flags,
        };
        // The final AVP of a container may come without its padding.
        let step = padded(len).min(self.rest.len());
        self.rest = self.rest.get(step..).unwrap_or_default();
        self.offset += step;
        Some(Ok(avp))
    }
}

impl core::iter::FusedIterator for AvpIter<'_> {}
