//! Static dictionaries: applications, commands, AVPs (with their data types,
//! flag rules and enumerated value names) and Result-Codes of the base
//! protocol (RFC 6733), credit control (RFC 4006/8506), S6a/S6d
//! (3GPP TS 29.272) and Gy/Ro (3GPP TS 32.299).
//!
//! Every table is a `static`; lookups by code compile to `match`es.

mod types;

pub mod application;
pub mod base;
pub mod cc;
pub mod command;
pub mod gy;
pub mod result_code;
pub mod s6a;

pub use types::{AvpDef, CommandDef, EnumValue, FlagRule};

/// The 3GPP vendor id (IANA SMI Network Management Private Enterprise Code 10415).
pub const VENDOR_3GPP: u32 = 10415;

/// The definition of the AVP with `code` from `vendor_id` (0 for IETF AVPs).
pub fn avp(code: u32, vendor_id: u32) -> Option<&'static AvpDef> {
    match vendor_id {
        0 => base::find(code).or_else(|| cc::find(code)),
        VENDOR_3GPP => s6a::find(code).or_else(|| gy::find(code)),
        _ => None,
    }
}

/// Every AVP definition of every dictionary.
pub fn all_avps() -> impl Iterator<Item = &'static AvpDef> {
    base::AVPS
        .iter()
        .chain(cc::AVPS)
        .chain(s6a::AVPS)
        .chain(gy::AVPS)
}

/// Defines AVP constants, a table of them and a `find` by code.
///
/// ```text
/// avps! { vendor = 0;
///     /// doc
///     SESSION_ID = 263, "Session-Id", Utf8String, Must;
///     DISCONNECT_CAUSE = 273, "Disconnect-Cause", Enumerated, Must, enums = DISCONNECT_CAUSE_VALUES;
/// }
/// ```
macro_rules! avps {
    (vendor = $vendor:expr; $( $(#[$doc:meta])* $ident:ident = $code:literal, $name:literal, $ty:ident, $m:ident $(, enums = $enums:expr)? ; )* ) => {
        $(
            $(#[$doc])*
            pub const $ident: $crate::dict::AvpDef = $crate::dict::AvpDef {
                name: $name,
                code: $code,
                vendor_id: $vendor,
                data_type: $crate::wire::DataType::$ty,
                m_bit: $crate::dict::FlagRule::$m,
                enums: avps!(@enums $($enums)?),
            };
        )*

        /// Every AVP this module defines.
        pub static AVPS: &[$crate::dict::AvpDef] = &[$($ident),*];

        /// The AVP this module defines with `code`.
        pub fn find(code: u32) -> Option<&'static $crate::dict::AvpDef> {
            match code {
                $($code => Some(&$ident),)*
                _ => None,
            }
        }
    };
    (@enums) => { &[] };
    (@enums $e:expr) => { $e };
}
pub(crate) use avps;

/// Defines a `&[EnumValue]` constant.
///
/// ```text
/// enum_values! { DISCONNECT_CAUSE_VALUES: 0 = "REBOOTING", 1 = "BUSY" }
/// ```
macro_rules! enum_values {
    ($(#[$doc:meta])* $ident:ident : $($value:literal = $name:literal),* $(,)?) => {
        $(#[$doc])*
        pub const $ident: &[$crate::dict::EnumValue] = &[
            $($crate::dict::EnumValue { value: $value, name: $name },)*
        ];
    };
}
pub(crate) use enum_values;
