//! Diameter Overload Indication Conveyance AVPs (RFC 7683 §7), vendor 0.
//!
//! Every one of them has the M bit MUST NOT and the V bit MUST NOT (§7.8):
//! they are piggybacked on any application's commands (§4.1), so a node
//! that does not know them ignores them.

use super::{avps, enum_values};

/// OLR_DEFAULT_ALGO, the OC-Feature-Vector bit of the loss algorithm
/// (RFC 7683 §7.2): the only abatement algorithm RFC 7683 defines (§6).
pub const OLR_DEFAULT_ALGO: u64 = 0x0000_0000_0000_0001;

enum_values! {
    /// OC-Report-Type values (RFC 7683 §7.6).
    OC_REPORT_TYPE_VALUES: 0 = "HOST_REPORT", 1 = "REALM_REPORT",
}

avps! { vendor = 0;
    /// OC-Supported-Features (RFC 7683 §7.1).
    OC_SUPPORTED_FEATURES = 621, "OC-Supported-Features", Grouped, MustNot;
    /// OC-Feature-Vector (RFC 7683 §7.2).
    OC_FEATURE_VECTOR = 622, "OC-Feature-Vector", Unsigned64, MustNot;
    /// OC-OLR (RFC 7683 §7.3).
    OC_OLR = 623, "OC-OLR", Grouped, MustNot;
    /// OC-Sequence-Number (RFC 7683 §7.4).
    OC_SEQUENCE_NUMBER = 624, "OC-Sequence-Number", Unsigned64, MustNot;
    /// OC-Validity-Duration (RFC 7683 §7.5).
    OC_VALIDITY_DURATION = 625, "OC-Validity-Duration", Unsigned32, MustNot;
    /// OC-Report-Type (RFC 7683 §7.6).
    OC_REPORT_TYPE = 626, "OC-Report-Type", Enumerated, MustNot, enums = OC_REPORT_TYPE_VALUES;
    /// OC-Reduction-Percentage (RFC 7683 §7.7).
    OC_REDUCTION_PERCENTAGE = 627, "OC-Reduction-Percentage", Unsigned32, MustNot;
}

/// The DOIC dictionary (RFC 7683): AVPs and Grouped AVP grammars that any
/// application's commands may carry; no application or command of its own.
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "doic",
    avps: AVPS,
    groups: super::grammars::doic::GROUPS,
    ..super::Parts::EMPTY
});
