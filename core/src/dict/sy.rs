//! Sy AVPs (3GPP TS 29.219 §5.3, table 5.3.1), vendor 10415, between the
//! PCRF and the OCS: policy counters and their statuses.
//!
//! Sy runs its own application (16777302, TS 29.219 §5.1) with
//! Spending-Limit and Spending-Status-Notification; their grammars are in
//! `grammars::sy`. Its STR/STA (§5.6.6, §5.6.7) are the base commands
//! (RFC 6733 §8.4) usable by any application. SN-Request-Type, which
//! Wireshark does not know, is left out: an SNR's is admitted as an unknown
//! AVP without the M bit.

use super::{avps, enum_values, VENDOR_3GPP};

enum_values! {
    /// SL-Request-Type values (TS 29.219 §5.3.4).
    SL_REQUEST_TYPE_VALUES: 0 = "INITIAL_REQUEST", 1 = "INTERMEDIATE_REQUEST",
}

avps! { vendor = VENDOR_3GPP;
    /// Policy-Counter-Identifier (TS 29.219 §5.3.1).
    POLICY_COUNTER_IDENTIFIER = 2901, "Policy-Counter-Identifier", Utf8String, Must;
    /// Policy-Counter-Status (TS 29.219 §5.3.2).
    POLICY_COUNTER_STATUS = 2902, "Policy-Counter-Status", Utf8String, Must;
    /// Policy-Counter-Status-Report (TS 29.219 §5.3.3).
    POLICY_COUNTER_STATUS_REPORT = 2903, "Policy-Counter-Status-Report", Grouped, Must;
    /// SL-Request-Type (TS 29.219 §5.3.4).
    SL_REQUEST_TYPE = 2904, "SL-Request-Type", Enumerated, Must, enums = SL_REQUEST_TYPE_VALUES;
    /// Pending-Policy-Counter-Information (TS 29.219 §5.3.5).
    PENDING_POLICY_COUNTER_INFORMATION = 2905, "Pending-Policy-Counter-Information", Grouped, Must;
    /// Pending-Policy-Counter-Change-Time (TS 29.219 §5.3.6).
    PENDING_POLICY_COUNTER_CHANGE_TIME = 2906, "Pending-Policy-Counter-Change-Time", Time, Must;
}

/// The Sy dictionary (TS 29.219): its application, SLR/SLA and SNR/SNA,
/// its AVPs and Grouped AVP grammars. It names AVPs of [`super::base`],
/// [`super::cc`] and [`super::s6a`], so a set with Sy holds those too
/// ([`super::ALL`]).
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "sy",
    applications: &[super::Application {
        id: super::application::SY,
        name: "3GPP Sy",
    }],
    avps: AVPS,
    commands: super::grammars::sy::COMMANDS,
    groups: super::grammars::sy::GROUPS,
    closed_enums: &[],
    fixed_octets: &[],
});
