//! Writing AVPs from their [`Typed`] definitions: a message reads as the
//! list of its AVPs and their values.

use super::kind::{Grouped, Kind};
use super::Typed;
use crate::wire::MessageWriter;

impl MessageWriter<'_> {
    /// Writes the AVP `avp` with `value`, of the Rust type its data type
    /// takes ([`Kind::Value`]): a string for an Unsigned32 AVP does not
    /// compile (`tests/compile_fail/`). The header follows the definition: V bit and Vendor-ID
    /// from its vendor, M bit when it says MUST (RFC 6733 §4.1).
    ///
    /// AVPs are written in the order of the calls; RFC 6733 §8.8 wants the
    /// Session-Id immediately after the header, so put it first.
    ///
    /// ```
    /// use diameter_core::dict::{base, cc};
    /// use diameter_core::wire::{Message, MessageWriter};
    ///
    /// let mut buf = [0u8; 256];
    /// let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 2);
    /// w.put(base::typed::SESSION_ID, "gw.example.com;1;1")
    ///     .put(base::typed::ORIGIN_HOST, "gw.example.com")
    ///     .put(cc::typed::CC_REQUEST_TYPE, 1) // INITIAL_REQUEST
    ///     .group(cc::typed::SUBSCRIPTION_ID, |g| {
    ///         g.put(cc::typed::SUBSCRIPTION_ID_TYPE, 1) // END_USER_IMSI
    ///             .put(cc::typed::SUBSCRIPTION_ID_DATA, "001010000000001")
    ///     });
    /// let len = w.finish().unwrap();
    ///
    /// let msg = Message::new_checked(&buf[..len]).unwrap();
    /// let id = msg.lookup(cc::SUBSCRIPTION_ID.code, 0).unwrap();
    /// assert_eq!(id.lookup(444, 0).unwrap().utf8(), Ok("001010000000001"));
    /// ```
    ///
    #[inline]
    pub fn put<K: Kind>(&mut self, avp: Typed<K>, value: K::Value<'_>) -> &mut Self {
        K::write(self, avp.into(), value);
        self
    }

    /// Writes the Grouped AVP `avp` with the inner AVPs `body` writes,
    /// nested as deep as the closures are; the group's length is patched
    /// once `body` returns (RFC 6733 §4.4).
    #[inline]
    pub fn group(
        &mut self,
        avp: Typed<Grouped>,
        body: impl FnOnce(&mut Self) -> &mut Self,
    ) -> &mut Self {
        self.grouped(avp, |w| {
            body(w);
        })
    }
}
