//! AVP kinds: one zero-sized marker type per data type of RFC 6733 §4.2
//! and §4.3.1, and the [`Kind`] trait that gives each the Rust value an AVP
//! of that type is written from.
//!
//! [`Typed`] pairs an [`AvpDef`] with its kind, so that
//! [`MessageWriter::put`] takes a `u32` for an Unsigned32 AVP, a `&str` for
//! a UTF8String one, and rejects anything else at compile time. Every
//! dictionary module has its AVPs as `Typed` constants in its `typed`
//! module (`base::typed::SESSION_ID`). Grouped AVPs have no `Kind`: their
//! inner AVPs are written with [`MessageWriter::group`].

use core::marker::PhantomData;
use core::net::IpAddr;

use super::AvpDef;
use crate::wire::{self, AvpHead, MessageWriter};

/// The Rust value an AVP kind is written from, and how.
pub trait Kind {
    /// The value an AVP of this kind takes.
    type Value<'a>;
    /// Writes `value` as an AVP under `head`, in its type's encoding.
    fn write(w: &mut MessageWriter<'_>, head: AvpHead, value: Self::Value<'_>);
}

/// Defines marker types and their [`Kind`] impls: a marker, the value it
/// takes, and the [`MessageWriter`] method that encodes it (from the value
/// itself or, for [`Address`], from the [`wire::Address`] it converts to).
macro_rules! kinds {
    ($( $(#[$doc:meta])* $marker:ident: $value:ty => $method:ident; )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct $marker;

            impl Kind for $marker {
                type Value<'a> = $value;
                #[inline]
                fn write(w: &mut MessageWriter<'_>, head: AvpHead, value: Self::Value<'_>) {
                    w.$method(head, value.into());
                }
            }
        )*
    };
}

kinds! {
    /// OctetString (RFC 6733 §4.2): any bytes.
    OctetString: &'a [u8] => octets;
    /// Integer32 (RFC 6733 §4.2).
    Integer32: i32 => i32;
    /// Integer64 (RFC 6733 §4.2).
    Integer64: i64 => i64;
    /// Unsigned32 (RFC 6733 §4.2).
    Unsigned32: u32 => u32;
    /// Unsigned64 (RFC 6733 §4.2).
    Unsigned64: u64 => u64;
    /// Float32 (RFC 6733 §4.2), IEEE 754 single precision.
    Float32: f32 => f32;
    /// Float64 (RFC 6733 §4.2), IEEE 754 double precision.
    Float64: f64 => f64;
    /// Address (RFC 6733 §4.3.1), written with the family of the IP
    /// address (1 for IPv4, 2 for IPv6); other families go through
    /// [`MessageWriter::address`].
    Address: IpAddr => address;
    /// Time (RFC 6733 §4.3.1): NTP seconds.
    Time: wire::Time => time;
    /// UTF8String (RFC 6733 §4.3.1).
    Utf8String: &'a str => utf8;
    /// DiameterIdentity (RFC 6733 §4.3.1): an FQDN or a realm.
    DiameterIdentity: &'a str => identity;
    /// DiameterURI (RFC 6733 §4.3.1), as its text (`aaa://host:3868`).
    DiameterUri: &'a str => utf8;
    /// Enumerated (RFC 6733 §4.3.1), by value (`1` for INITIAL_REQUEST).
    Enumerated: i32 => enumerated;
    /// IPFilterRule (RFC 6733 §4.3.1), as its text.
    IpFilterRule: &'a str => utf8;
}

/// Grouped (RFC 6733 §4.4): a sequence of AVPs, written with
/// [`MessageWriter::group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grouped;

/// An AVP definition with its kind `K`: what [`MessageWriter::put`] and
/// [`MessageWriter::group`] take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Typed<K> {
    def: AvpDef,
    kind: PhantomData<K>,
}

impl<K> Typed<K> {
    /// `def` as an AVP of kind `K`. The `avps!` dictionaries build theirs
    /// from the data type they declare; a definition made here should
    /// likewise pair `def.data_type` with its marker, since `put` writes
    /// `K`'s encoding whatever the definition says.
    pub const fn new(def: AvpDef) -> Self {
        Self {
            def,
            kind: PhantomData,
        }
    }

    /// The definition.
    pub const fn def(&self) -> &AvpDef {
        &self.def
    }
}

impl<K> From<Typed<K>> for AvpHead {
    fn from(avp: Typed<K>) -> Self {
        avp.def.head()
    }
}
