//! SWx AVPs (3GPP TS 29.273 §8.2.3), vendor 10415, between the 3GPP AAA
//! server and the HSS for non-3GPP access. SWx borrows most of its AVPs:
//! the SIP-Auth-Data-Item tree, Server-Assignment-Type and
//! Deregistration-Reason of TS 29.229 are in [`super::cx`], the
//! subscription AVPs of TS 29.272 (APN-Configuration, AMBR, Trace-Data,
//! Terminal-Information, ...) in [`super::s6a`].
//!
//! SWx runs its own application (16777265, TS 29.273 §8.1) with MAR/MAA,
//! SAR/SAA, RTR/RTA and PPR/PPA; their grammars are in `grammars::swx`.
//! The M bits are Wireshark's where it gives one, and must not where it
//! gives none (Non-3GPP-User-Data, Trace-Info).

use super::{avps, enum_values, VENDOR_3GPP};

enum_values! {
    /// Non-3GPP-IP-Access values (TS 29.273 §8.2.3).
    NON_3GPP_IP_ACCESS_VALUES: 0 = "NON_3GPP_SUBSCRIPTION_ALLOWED", 1 = "NON_3GPP_SUBSCRIPTION_BARRED",
}
enum_values! {
    /// Non-3GPP-IP-Access-APN values (TS 29.273 §8.2.3).
    NON_3GPP_IP_ACCESS_APN_VALUES: 0 = "NON_3GPP_APNS_ENABLE", 1 = "NON_3GPP_APNS_DISABLE",
}

avps! { vendor = VENDOR_3GPP;
    /// 3GPP-AAA-Server-Name (TS 29.273 §8.2.3).
    TGPP_AAA_SERVER_NAME = 318, "3GPP-AAA-Server-Name", DiameterIdentity, Must;
    /// Non-3GPP-User-Data (TS 29.273 §8.2.3).
    NON_3GPP_USER_DATA = 1500, "Non-3GPP-User-Data", Grouped, MustNot;
    /// Non-3GPP-IP-Access (TS 29.273 §8.2.3).
    NON_3GPP_IP_ACCESS = 1501, "Non-3GPP-IP-Access", Enumerated, MustNot, enums = NON_3GPP_IP_ACCESS_VALUES;
    /// Non-3GPP-IP-Access-APN (TS 29.273 §8.2.3).
    NON_3GPP_IP_ACCESS_APN = 1502, "Non-3GPP-IP-Access-APN", Enumerated, MustNot, enums = NON_3GPP_IP_ACCESS_APN_VALUES;
    /// ANID (TS 29.273 §5.2.3.7): the access network's identity.
    ANID = 1504, "ANID", Utf8String, Must;
    /// Trace-Info (TS 29.273 §8.2.3).
    TRACE_INFO = 1505, "Trace-Info", Grouped, MustNot;
    /// PPR-Flags (TS 29.273 §8.2.3), a bit field.
    PPR_FLAGS = 1508, "PPR-Flags", Unsigned32, MustNot;
    /// TWAN-Default-APN-Context-Id (TS 29.273 §8.2.3).
    TWAN_DEFAULT_APN_CONTEXT_ID = 1512, "TWAN-Default-APN-Context-Id", Unsigned32, MustNot;
    /// AAA-Failure-Indication (TS 29.273 §8.2.3), a bit field.
    AAA_FAILURE_INDICATION = 1518, "AAA-Failure-Indication", Unsigned32, MustNot;
    /// Emergency-Services (TS 29.273 §8.2.3), a bit field.
    EMERGENCY_SERVICES = 1538, "Emergency-Services", Unsigned32, MustNot;
}

/// The SWx dictionary (TS 29.273 §8): its application, MAR/MAA, SAR/SAA,
/// RTR/RTA and PPR/PPA, its AVPs and Grouped AVP grammars. It names AVPs
/// of [`super::base`], [`super::cc`], [`super::gy`], [`super::s6a`] and
/// [`super::cx`], so a set with SWx holds those too ([`super::ALL`]).
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "swx",
    applications: &[super::Application {
        id: super::application::SWX,
        name: "3GPP SWx",
    }],
    avps: AVPS,
    commands: super::grammars::swx::COMMANDS,
    groups: super::grammars::swx::GROUPS,
    closed_enums: &[],
    fixed_octets: &[],
});
