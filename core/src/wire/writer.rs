//! Encoding messages into caller buffers.
//!
//! [`MessageWriter`] writes the header and AVPs straight into a `&mut [u8]`,
//! adds the padding, and back-patches the lengths of Grouped AVPs and of the
//! message. Individual writes never fail: when the buffer runs out the
//! writer keeps counting, and [`MessageWriter::finish`] reports the size the
//! whole message needs.

use zerocopy::IntoBytes;

use super::avp::{avp_flags, padded, Avp, AVP_HEADER_LEN, AVP_VENDOR_HEADER_LEN};
use super::data::{Address, Time, Value};
use super::error::{Error, ErrorKind, Result};
use super::header::{flags, to_u24, Header, HEADER_LEN};
use super::message::Message;

use super::header::MAX_MESSAGE_LEN;

/// Code, vendor and flags of an AVP to write.
///
/// The V bit is derived from the vendor: set exactly when `vendor_id` is not 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AvpHead {
    /// AVP Code.
    pub code: u32,
    /// Vendor-ID; 0 for IETF AVPs (no V bit, no Vendor-ID field).
    pub vendor_id: u32,
    /// Flags other than V: [`avp_flags::MANDATORY`], [`avp_flags::PROTECTED`].
    pub flags: u8,
}

impl AvpHead {
    /// An IETF AVP with the M bit set.
    pub const fn mandatory(code: u32) -> Self {
        Self {
            code,
            vendor_id: 0,
            flags: avp_flags::MANDATORY,
        }
    }
    /// An IETF AVP with the M bit clear.
    pub const fn optional(code: u32) -> Self {
        Self {
            code,
            vendor_id: 0,
            flags: 0,
        }
    }
    /// A vendor AVP, with or without the M bit.
    pub const fn vendor(code: u32, vendor_id: u32, mandatory: bool) -> Self {
        Self {
            code,
            vendor_id,
            flags: if mandatory { avp_flags::MANDATORY } else { 0 },
        }
    }
    /// Length of the header this AVP is written with.
    pub const fn header_len(&self) -> usize {
        if self.vendor_id != 0 {
            AVP_VENDOR_HEADER_LEN
        } else {
            AVP_HEADER_LEN
        }
    }
}

/// Writes one message into a caller buffer.
///
/// ```
/// use diameter_core::wire::{AvpHead, Message, MessageWriter};
///
/// let mut buf = [0u8; 64];
/// let mut w = MessageWriter::request(&mut buf, 280, 0, false, 7, 9);
/// w.identity(AvpHead::mandatory(264), "peer.example.com");
/// let len = w.finish().unwrap();
/// let msg = Message::new_checked(&buf[..len]).unwrap();
/// assert_eq!(msg.command_code(), 280);
/// assert_eq!(msg.lookup(264, 0).unwrap().identity().unwrap(), "peer.example.com");
/// ```
#[derive(Debug)]
pub struct MessageWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> MessageWriter<'b> {
    /// Starts a message with `header` (its length is filled in by [`finish`](Self::finish)).
    pub fn new(buf: &'b mut [u8], header: Header) -> Self {
        let mut w = Self { buf, len: 0 };
        w.put_bytes(header.as_bytes());
        w
    }

    /// Continues the encoded message in `buf[..len]`: AVPs written next go
    /// after its last AVP and [`finish`](Self::finish) patches its Message
    /// Length. This is how a relay or proxy adds its Route-Record to a
    /// request it forwards (RFC 6733 §6.1.9), or a Proxy-Info (§6.7.3),
    /// without copying the message.
    ///
    /// ```
    /// use diameter_core::wire::{AvpHead, Message, MessageWriter};
    ///
    /// let mut buf = [0u8; 128];
    /// let len = MessageWriter::request(&mut buf, 272, 4, true, 1, 2)
    ///     .finish()
    ///     .unwrap();
    /// let mut w = MessageWriter::append(&mut buf, len).unwrap();
    /// w.identity(AvpHead::mandatory(282), "relay.example.com");
    /// let len = w.finish().unwrap();
    /// let msg = Message::new_checked(&buf[..len]).unwrap();
    /// assert_eq!(msg.lookup(282, 0).unwrap().identity(), Ok("relay.example.com"));
    /// ```
    ///
    /// # Errors
    /// As [`Message::new_checked`] when `buf[..len]` does not hold a
    /// message header announcing exactly `len` bytes: [`ErrorKind::Truncated`]
    /// when `len` exceeds `buf` or is less than the length the header
    /// announces, [`ErrorKind::InvalidMessageLength`] (at 1) when it is
    /// more. The AVPs are not checked.
    pub fn append(buf: &'b mut [u8], len: usize) -> Result<Self> {
        let Some(msg) = buf.get(..len) else {
            return Err(Error::new(ErrorKind::Truncated, buf.len()));
        };
        let announced = Message::new_checked(msg)?.len();
        if announced != len {
            return Err(Error::new(ErrorKind::InvalidMessageLength, 1));
        }
        Ok(Self { buf, len })
    }

    /// Starts a request: R bit set, P bit as given.
    pub fn request(
        buf: &'b mut [u8],
        command_code: u32,
        application_id: u32,
        proxiable: bool,
        hop_by_hop: u32,
        end_to_end: u32,
    ) -> Self {
        let f = flags::REQUEST | if proxiable { flags::PROXIABLE } else { 0 };
        Self::new(
            buf,
            Header::new(f, command_code, application_id, hop_by_hop, end_to_end),
        )
    }

    /// Starts the answer to `request` (RFC 6733 §6.2): same command code,
    /// Application-ID, Hop-by-Hop and End-to-End identifiers and P bit; R clear.
    pub fn answer(buf: &'b mut [u8], request: &Message<'_>) -> Self {
        let h = request.header();
        let f = h.flags() & flags::PROXIABLE;
        Self::new(
            buf,
            Header::new(
                f,
                h.command_code(),
                h.application_id(),
                h.hop_by_hop(),
                h.end_to_end(),
            ),
        )
    }

    /// Sets or clears header flag bits (e.g. [`flags::ERROR`] on a protocol-error answer).
    pub fn set_flag(&mut self, bit: u8, on: bool) -> &mut Self {
        if let Some(f) = self.buf.get_mut(4) {
            if on {
                *f |= bit;
            } else {
                *f &= !bit;
            }
        }
        self
    }

    /// Bytes written so far (or that would have been, past the buffer's end).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written: never, the header comes first.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    fn put_bytes(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
    }

    /// Zeroes the last 32-bit word of an AVP of `avp_len` bytes about to be
    /// written at the current position: the AVP then overwrites all of it
    /// but its padding, which is left zero with one fixed-size store.
    #[inline]
    fn zero_padding(&mut self, avp_len: usize) {
        let end = self.len + padded(avp_len);
        if let Some(last) = self.buf.get_mut(end - 4..end) {
            last.copy_from_slice(&[0; 4]);
        }
    }

    /// Writes an AVP header: the V bit and Vendor-ID when `head` has a vendor.
    #[inline]
    fn put_avp_header(&mut self, head: AvpHead, len: usize) {
        let vendor = head.vendor_id != 0;
        let v = if vendor { avp_flags::VENDOR } else { 0 };
        let [c0, c1, c2, c3] = head.code.to_be_bytes();
        let [_, l0, l1, l2] = (len as u32).to_be_bytes();
        let [v0, v1, v2, v3] = head.vendor_id.to_be_bytes();
        let header = [
            c0,
            c1,
            c2,
            c3,
            (head.flags & !avp_flags::VENDOR) | v,
            l0,
            l1,
            l2,
            v0,
            v1,
            v2,
            v3,
        ];
        match header.split_first_chunk::<AVP_HEADER_LEN>() {
            Some((short, _)) if !vendor => self.put_bytes(short),
            _ => self.put_bytes(&header),
        }
    }

    /// Writes one AVP whose data is `prefix` then `data`, then its padding.
    #[inline]
    fn avp(&mut self, head: AvpHead, prefix: &[u8], data: &[u8]) -> &mut Self {
        let avp_len = head.header_len() + prefix.len() + data.len();
        self.zero_padding(avp_len);
        self.put_avp_header(head, avp_len);
        self.put_bytes(prefix);
        self.put_bytes(data);
        self.len = padded(self.len);
        self
    }

    /// Writes an AVP with raw data (OctetString, or any pre-encoded value).
    pub fn octets(&mut self, head: impl Into<AvpHead>, data: &[u8]) -> &mut Self {
        self.avp(head.into(), &[], data)
    }
    /// Writes a UTF8String AVP.
    pub fn utf8(&mut self, head: impl Into<AvpHead>, s: &str) -> &mut Self {
        self.octets(head, s.as_bytes())
    }
    /// Writes a DiameterIdentity AVP.
    pub fn identity(&mut self, head: impl Into<AvpHead>, s: &str) -> &mut Self {
        self.octets(head, s.as_bytes())
    }
    /// Writes an Unsigned32 AVP.
    pub fn u32(&mut self, head: impl Into<AvpHead>, v: u32) -> &mut Self {
        self.octets(head, &v.to_be_bytes())
    }
    /// Writes an Unsigned64 AVP.
    pub fn u64(&mut self, head: impl Into<AvpHead>, v: u64) -> &mut Self {
        self.octets(head, &v.to_be_bytes())
    }
    /// Writes an Integer32 AVP.
    pub fn i32(&mut self, head: impl Into<AvpHead>, v: i32) -> &mut Self {
        self.octets(head, &v.to_be_bytes())
    }
    /// Writes an Integer64 AVP.
    pub fn i64(&mut self, head: impl Into<AvpHead>, v: i64) -> &mut Self {
        self.octets(head, &v.to_be_bytes())
    }
    /// Writes an Enumerated AVP.
    pub fn enumerated(&mut self, head: impl Into<AvpHead>, v: i32) -> &mut Self {
        self.i32(head, v)
    }
    /// Writes a Float32 AVP.
    pub fn f32(&mut self, head: impl Into<AvpHead>, v: f32) -> &mut Self {
        self.u32(head, v.to_bits())
    }
    /// Writes a Float64 AVP.
    pub fn f64(&mut self, head: impl Into<AvpHead>, v: f64) -> &mut Self {
        self.u64(head, v.to_bits())
    }
    /// Writes a Time AVP.
    pub fn time(&mut self, head: impl Into<AvpHead>, t: Time) -> &mut Self {
        self.u32(head, t.0)
    }
    /// Writes an Address AVP.
    pub fn address(&mut self, head: impl Into<AvpHead>, a: Address<'_>) -> &mut Self {
        let family = a.family().to_be_bytes();
        match a {
            Address::V4(ip) => self.avp(head.into(), &family, &ip.octets()),
            Address::V6(ip) => self.avp(head.into(), &family, &ip.octets()),
            Address::Other { bytes, .. } => self.avp(head.into(), &family, bytes),
        }
    }

    /// Writes a Grouped AVP whose inner AVPs `body` writes; the group's
    /// length is back-patched once `body` returns (RFC 6733 §4.4).
    pub fn grouped(&mut self, head: impl Into<AvpHead>, body: impl FnOnce(&mut Self)) -> &mut Self {
        let head = head.into();
        let start = self.len;
        self.put_avp_header(head, 0);
        body(self);
        let group_len = self.len - start;
        if let Some(len_field) = self.buf.get_mut(start + 5..start + 8) {
            len_field.copy_from_slice(&to_u24(group_len as u32));
        }
        self
    }

    /// Copies an AVP as it is, padding added (Failed-AVP, Proxy-Info, Route-Record).
    pub fn copy_avp(&mut self, avp: &Avp<'_>) -> &mut Self {
        self.zero_padding(avp.len());
        self.put_bytes(avp.as_bytes());
        self.len = padded(self.len);
        self
    }

    /// Writes `value` under `head`, in its type's encoding; a Grouped value's
    /// inner AVPs are copied up to the first malformed one.
    pub fn value(&mut self, head: impl Into<AvpHead>, value: &Value<'_>) -> &mut Self {
        match value {
            Value::OctetString(d) => self.octets(head, d),
            Value::Integer32(v) | Value::Enumerated(v) => self.i32(head, *v),
            Value::Integer64(v) => self.i64(head, *v),
            Value::Unsigned32(v) => self.u32(head, *v),
            Value::Unsigned64(v) => self.u64(head, *v),
            Value::Float32(v) => self.f32(head, *v),
            Value::Float64(v) => self.f64(head, *v),
            Value::Address(a) => self.address(head, *a),
            Value::Time(t) => self.time(head, *t),
            Value::Utf8String(s) | Value::DiameterIdentity(s) => self.utf8(head, s),
            Value::DiameterUri(u) => self.utf8(head, u.text),
            Value::IpFilterRule(r) => self.utf8(head, r.text),
            Value::Grouped(inner) => self.grouped(head, |w| {
                for avp in inner.clone().map_while(Result::ok) {
                    w.copy_avp(&avp);
                }
            }),
        }
    }

    /// Completes the message: patches its length.
    ///
    /// Returns the message length; the message is the first that many bytes
    /// of the buffer.
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] with the size the message needs, or
    /// [`ErrorKind::MessageTooLarge`] past the 24-bit length limit.
    pub fn finish(self) -> Result<usize> {
        self.finish_bytes().map(|m| m.len())
    }

    /// Completes the message like [`finish`](Self::finish) and returns its bytes.
    ///
    /// # Errors
    /// As for [`finish`](Self::finish).
    pub fn finish_bytes(self) -> Result<&'b mut [u8]> {
        let len = self.len;
        if len > MAX_MESSAGE_LEN {
            return Err(Error::new(ErrorKind::MessageTooLarge, 0));
        }
        let capacity = self.buf.len();
        match self.buf.get_mut(..len) {
            Some(msg) if len >= HEADER_LEN => {
                if let Some(len_field) = msg.get_mut(1..4) {
                    len_field.copy_from_slice(&to_u24(len as u32));
                }
                Ok(msg)
            }
            _ => Err(Error::new(
                ErrorKind::BufferTooSmall { needed: len },
                capacity,
            )),
        }
    }

    /// Completes the message and writes it whole to `sink`.
    ///
    /// # Errors
    /// [`WriteError::Encode`] as for [`finish`](Self::finish); [`WriteError::Io`]
    /// when the sink fails.
    pub fn finish_into<W: embedded_io::Write>(
        self,
        sink: &mut W,
    ) -> Result<usize, WriteError<W::Error>> {
        let msg = self.finish_bytes().map_err(WriteError::Encode)?;
        sink.write_all(msg).map_err(WriteError::Io)?;
        Ok(msg.len())
    }
}

/// Failure to stream a message to an `embedded_io::Write` sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum WriteError<E> {
    /// The message could not be encoded.
    Encode(Error),
    /// The sink failed.
    Io(E),
}
