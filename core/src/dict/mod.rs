//! Static dictionaries: applications, commands, AVPs (with their data types,
//! flag rules and enumerated value names) and Result-Codes of the base
//! protocol (RFC 6733), credit control (RFC 4006/8506), overload control
//! (DOIC, RFC 7683), S6a/S6d (3GPP TS 29.272), Gy/Ro (3GPP TS 32.299), Gx
//! (3GPP TS 29.212), Rx (3GPP TS 29.214), Cx/Dx (3GPP TS 29.229), Sh
//! (3GPP TS 29.329), S13/S13' (3GPP TS 29.272 §6), Rf (3GPP TS 32.299
//! §6), SWx (3GPP TS 29.273 §8) and Sy (3GPP TS 29.219).
//!
//! Each specification's tables form one [`Dictionary`] value (applications,
//! command grammars, AVPs with their types, flags and enumerations), and
//! any crate can declare its own the same way, as `static`s. The validator
//! and the decoder look things up in a [`Dictionaries`] set: [`DEFAULT`]
//! holds core's own but Gx, Rx, Cx, Sh, S13, Rf, SWx and Sy, [`ALL`]
//! every one. A set indexes its AVPs,
//! Grouped AVP grammars and closed enumerations in hash tables built at
//! compile time (one probe per lookup, however many dictionaries it holds);
//! within one dictionary, AVPs are a sorted table searched by bisection.

mod builder;
mod dictionary;
mod set;
mod types;

pub mod application;
pub mod base;
pub mod cc;
pub mod command;
pub mod cx;
pub mod doic;
pub mod grammar;
pub mod grammars;
pub mod gx;
pub mod gy;
pub mod kind;
pub mod rf;
pub mod rx;
pub mod s13;
pub mod s6a;
pub mod sh;
pub mod swx;
pub mod sy;

pub use dictionary::{Application, Dictionary, Parts};
pub use kind::Typed;
pub use set::{Dictionaries, MAX_AVPS, MAX_CLOSED_ENUMS, MAX_GROUPS};
pub use types::{AvpDef, CommandDef, EnumValue, FlagRule};

/// Result-Codes and their names, at the crate root since the codec's
/// errors map to them too; here for the dictionaries' users.
pub use crate::result_code;
pub use crate::VENDOR_3GPP;

/// The dictionaries core defines, in search order: base protocol, credit
/// control, DOIC, S6a/S6d, Gy/Ro. A node is configured with these unless
/// it is given its own set.
pub static DEFAULT: Dictionaries<'static> = Dictionaries::new(ALL_SET.split_at(5).0);

/// Every dictionary core defines: [`DEFAULT`]'s, Gx (TS 29.212), Rx
/// (TS 29.214), Cx/Dx (TS 29.229), Sh (TS 29.329), S13/S13' (TS 29.272
/// §6), Rf (TS 32.299 §6: the base accounting ACR/ACA with
/// Service-Information), SWx (TS 29.273 §8) and Sy (TS 29.219), for a
/// PCRF, a PCEF, an AF, a CSCF, an application server, an HSS, an EIR, a
/// charging data function, a 3GPP AAA server or an OCS.
pub static ALL: Dictionaries<'static> = Dictionaries::new(&ALL_SET);

/// The members of [`ALL`]; the first five are [`DEFAULT`]'s.
static ALL_SET: [&Dictionary; 14] = [
    &base::DICTIONARY,
    &cc::DICTIONARY,
    &doic::DICTIONARY,
    &s6a::DICTIONARY,
    &gy::DICTIONARY,
    &gx::DICTIONARY,
    &rx::DICTIONARY,
    &cx::DICTIONARY,
    &s13::DICTIONARY,
    &sh::DICTIONARY,
    &rf::ietf::DICTIONARY,
    &rf::DICTIONARY,
    &swx::DICTIONARY,
    &sy::DICTIONARY,
];

/// The definition of the AVP with `code` from `vendor_id` (0 for IETF AVPs)
/// in the [`DEFAULT`] dictionaries.
#[inline]
pub fn avp(code: u32, vendor_id: u32) -> Option<&'static AvpDef> {
    DEFAULT.avp(code, vendor_id)
}

/// Every AVP definition of every dictionary core defines ([`ALL`]).
pub fn all_avps() -> impl Iterator<Item = &'static AvpDef> {
    ALL.avps()
}

/// Defines AVP constants and a table of them, in the order written (which
/// must be ascending code order: [`Dictionary::new`] checks it), and a
/// `typed` module with the same constants as [`Typed`] definitions of their
/// [`kind`] (so a module invokes it once).
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

        /// This module's AVPs as [`Typed`](crate::dict::Typed) definitions,
        /// which [`MessageWriter::put`](crate::wire::MessageWriter::put)
        /// writes from the Rust value their data type takes.
        pub mod typed {
            $(
                $(#[$doc])*
                pub const $ident: $crate::dict::Typed<$crate::dict::kind::$ty> =
                    $crate::dict::Typed::new(super::$ident);
            )*
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::DataType;
    use std::collections::HashSet;

    /// Each AVP table with its vendor and its dictionary.
    type Table = (&'static [AvpDef], u32, &'static Dictionary);
    const TABLES: [Table; 13] = [
        (base::AVPS, 0, &base::DICTIONARY),
        (cc::AVPS, 0, &cc::DICTIONARY),
        (doic::AVPS, 0, &doic::DICTIONARY),
        (s6a::AVPS, VENDOR_3GPP, &s6a::DICTIONARY),
        (gy::AVPS, VENDOR_3GPP, &gy::DICTIONARY),
        (gx::AVPS, VENDOR_3GPP, &gx::DICTIONARY),
        (rx::AVPS, VENDOR_3GPP, &rx::DICTIONARY),
        (cx::AVPS, VENDOR_3GPP, &cx::DICTIONARY),
        (sh::AVPS, VENDOR_3GPP, &sh::DICTIONARY),
        (rf::ietf::AVPS, 0, &rf::ietf::DICTIONARY),
        (rf::AVPS, VENDOR_3GPP, &rf::DICTIONARY),
        (swx::AVPS, VENDOR_3GPP, &swx::DICTIONARY),
        (sy::AVPS, VENDOR_3GPP, &sy::DICTIONARY),
    ];

    #[test]
    fn every_code_and_vendor_is_defined_once() {
        let mut seen = HashSet::new();
        for def in all_avps() {
            assert!(
                seen.insert((def.code, def.vendor_id)),
                "{} ({}, {}) defined twice",
                def.name,
                def.code,
                def.vendor_id
            );
        }
        assert_eq!(seen.len(), TABLES.iter().map(|t| t.0.len()).sum::<usize>());
    }

    #[test]
    fn names_are_unique_per_vendor() {
        let mut seen = HashSet::new();
        for def in all_avps() {
            assert!(
                seen.insert((def.name, def.vendor_id)),
                "{} named twice",
                def.name
            );
        }
    }

    #[test]
    fn tables_are_in_ascending_code_order_with_their_vendor() {
        for (avps, vendor, _) in TABLES {
            assert!(
                avps.windows(2).all(|w| w[0].code < w[1].code),
                "{:?}",
                avps.first()
            );
            assert!(
                avps.iter().all(|d| d.vendor_id == vendor),
                "{:?}",
                avps.first()
            );
        }
    }

    #[test]
    fn every_lookup_agrees_with_its_table() {
        for (avps, vendor, dictionary) in TABLES {
            for code in 0..5000 {
                for v in [0, 1, VENDOR_3GPP] {
                    let expected = avps.iter().find(|d| d.code == code && v == vendor);
                    assert_eq!(dictionary.avp(code, v), expected, "code {code} vendor {v}");
                }
            }
            for def in avps {
                assert_eq!(ALL.avp(def.code, vendor), Some(def), "{}", def.name);
            }
        }
        assert_eq!(avp(263, 1), None, "unknown vendor");
    }

    #[test]
    fn is_grouped_agrees_with_the_definitions() {
        for set in [&DEFAULT, &ALL] {
            for code in 0..5000 {
                for vendor in [0, 1, VENDOR_3GPP] {
                    let grouped = set
                        .avp(code, vendor)
                        .is_some_and(|d| d.data_type == DataType::Grouped);
                    assert_eq!(set.is_grouped(code, vendor), grouped, "{code} {vendor}");
                }
            }
        }
        assert!(ALL.is_grouped(456, 0), "Multiple-Services-Credit-Control");
        assert!(ALL.is_grouped(1400, VENDOR_3GPP), "Subscription-Data");
        assert!(!ALL.is_grouped(1400, 0), "no IETF AVP 1400");
        assert!(!ALL.is_grouped(263, 0), "Session-Id");
    }

    #[test]
    fn only_enumerated_avps_have_values_and_all_of_them_do() {
        for def in all_avps() {
            assert_eq!(
                def.data_type == DataType::Enumerated,
                !def.enums.is_empty(),
                "{}",
                def.name
            );
            let values: HashSet<_> = def.enums.iter().map(|e| e.value).collect();
            let names: HashSet<_> = def.enums.iter().map(|e| e.name).collect();
            assert_eq!(
                values.len(),
                def.enums.len(),
                "{}: value named twice",
                def.name
            );
            assert_eq!(
                names.len(),
                def.enums.len(),
                "{}: name used twice",
                def.name
            );
        }
    }

    #[test]
    fn sample_lookups() {
        let mscc = avp(456, 0).unwrap();
        assert_eq!(
            (mscc.name, mscc.data_type),
            ("Multiple-Services-Credit-Control", DataType::Grouped)
        );
        let plmn = avp(1407, VENDOR_3GPP).unwrap();
        assert_eq!(
            (plmn.name, plmn.data_type),
            ("Visited-PLMN-Id", DataType::OctetString)
        );
        assert_eq!(avp(493, 0).map(|d| d.name), Some("Service-Selection"));
        assert_eq!(
            avp(493, VENDOR_3GPP),
            None,
            "Service-Selection is an IETF AVP"
        );
        assert_eq!(
            avp(13, VENDOR_3GPP).map(|d| d.name),
            Some("3GPP-Charging-Characteristics")
        );
        assert_eq!(
            avp(416, 0).and_then(|d| d.enum_name(4)),
            Some("EVENT_REQUEST")
        );
        assert_eq!(
            avp(450, 0).and_then(|d| d.enum_name(1)),
            Some("END_USER_IMSI")
        );
        assert_eq!(
            avp(1032, VENDOR_3GPP).and_then(|d| d.enum_name(1004)),
            Some("EUTRAN")
        );
        assert_eq!(
            avp(1420, VENDOR_3GPP).and_then(|d| d.enum_name(2)),
            Some("SUBSCRIPTION_WITHDRAWAL")
        );
        assert_eq!(
            avp(872, VENDOR_3GPP).and_then(|d| d.enum_name(3)),
            Some("QUOTA_EXHAUSTED")
        );
        assert_eq!(avp(628, VENDOR_3GPP).map(|d| d.m_bit), Some(FlagRule::May));
        assert_eq!(
            avp(626, 0).and_then(|d| d.enum_name(1)),
            Some("REALM_REPORT")
        );
        let olr = avp(623, 0).unwrap();
        assert_eq!(
            (olr.name, olr.data_type, olr.m_bit),
            ("OC-OLR", DataType::Grouped, FlagRule::MustNot)
        );
    }

    #[test]
    fn headers_follow_the_flag_rules() {
        use crate::wire::avp_flags::MANDATORY;
        assert_eq!(s6a::ULR_FLAGS.head().flags & MANDATORY, MANDATORY);
        assert_eq!(
            s6a::CLR_FLAGS.head().flags & MANDATORY,
            0,
            "TS 29.272: M must not be set"
        );
        assert_eq!(s6a::CLR_FLAGS.head().vendor_id, VENDOR_3GPP);
        assert_eq!(
            cc::CC_CORRELATION_ID.head().flags & MANDATORY,
            0,
            "RFC 8506: M may, so not set"
        );
        assert_eq!(cc::CC_REQUEST_NUMBER.head().flags & MANDATORY, MANDATORY);
        for def in doic::AVPS {
            assert_eq!(
                def.head().flags,
                0,
                "RFC 7683 §7.8: {} has M and V clear",
                def.name
            );
        }
    }
}
