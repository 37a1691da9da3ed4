//! Sh AVPs (3GPP TS 29.329 §6.3, table 6.3.1), vendor 10415, between an
//! application server and the HSS. MSISDN is in [`super::s6a`]; Server-Name,
//! Wildcarded-Public-Identity, Wildcarded-IMPU and Session-Priority, which
//! Sh borrows from TS 29.229, are in [`super::cx`].
//!
//! Sh runs its own application (16777217, TS 29.329 §6.2) with four
//! commands; their grammars are in `grammars::sh`. Of Call-Reference-Info
//! and its members (720 to 722), which Wireshark does not know, nothing is
//! defined: they are admitted as unknown AVPs without the M bit.
//!
//! Names follow TS 29.329 where Wireshark differs: User-Data (702) keeps
//! the specification's name, Cx's User-Data (606) being "Cx-User-Data".
//! The M bits of Repository-Data-ID to UDR-Flags (715 to 719) are
//! Wireshark's.

use super::{avps, enum_values, VENDOR_3GPP};

enum_values! {
    /// Data-Reference values (TS 29.329 §6.3.4); 1 to 9 and 20 are reserved.
    DATA_REFERENCE_VALUES: 0 = "RepositoryData", 10 = "IMSPublicIdentity", 11 = "IMSUserState",
        12 = "S-CSCFName", 13 = "InitialFilterCriteria", 14 = "LocationInformation",
        15 = "UserState", 16 = "ChargingInformation", 17 = "MSISDN", 18 = "PSIActivation",
        19 = "DSAI", 21 = "ServiceLevelTraceInfo", 22 = "IPAddressSecureBindingInformation",
        23 = "ServicePriorityLevel", 24 = "SMSRegistrationInfo", 25 = "UEReachabilityForIP",
        26 = "TADSinformation", 27 = "STN-SR", 28 = "UE-SRVCC-Capability",
        29 = "ExtendedPriority", 30 = "CSRN", 31 = "ReferenceLocationInformation", 32 = "IMSI",
        33 = "IMSPrivateUserIdentity", 34 = "IMEISV", 35 = "UE-5G-SRVCC-Capability",
}
enum_values! {
    /// Subs-Req-Type values (TS 29.329 §6.3.6).
    SUBS_REQ_TYPE_VALUES: 0 = "Subscribe", 1 = "Unsubscribe",
}
enum_values! {
    /// Requested-Domain values (TS 29.329 §6.3.7).
    REQUESTED_DOMAIN_VALUES: 0 = "CS-Domain", 1 = "PS-Domain",
}
enum_values! {
    /// Current-Location values (TS 29.329 §6.3.8).
    CURRENT_LOCATION_VALUES: 0 = "DoNotNeedInitiateActiveLocationRetrieval",
        1 = "InitiateActiveLocationRetrieval",
}
enum_values! {
    /// Identity-Set values (TS 29.329 table 6.3.1).
    IDENTITY_SET_VALUES: 0 = "ALL_IDENTITIES", 1 = "REGISTERED_IDENTITIES", 2 = "IMPLICIT_IDENTITIES",
        3 = "ALIAS_IDENTITIES",
}
enum_values! {
    /// Send-Data-Indication values (TS 29.329 table 6.3.1).
    SEND_DATA_INDICATION_VALUES: 0 = "USER_DATA_NOT_REQUESTED", 1 = "USER_DATA_REQUESTED",
}
enum_values! {
    /// One-Time-Notification values (TS 29.329 table 6.3.1).
    ONE_TIME_NOTIFICATION_VALUES: 0 = "ONE_TIME_NOTIFICATION_REQUESTED",
}
enum_values! {
    /// Serving-Node-Indication values (TS 29.329 table 6.3.1).
    SERVING_NODE_INDICATION_VALUES: 0 = "ONLY_SERVING_NODES_REQUIRED",
}
enum_values! {
    /// Pre-paging-Supported values (TS 29.329 table 6.3.1).
    PRE_PAGING_SUPPORTED_VALUES: 0 = "PREPAGING_NOT_SUPPORTED", 1 = "PREPAGING_SUPPORTED",
}
enum_values! {
    /// Local-Time-Zone-Indication values (TS 29.329 table 6.3.1).
    LOCAL_TIME_ZONE_INDICATION_VALUES: 0 = "ONLY_LOCAL_TIME_ZONE_REQUESTED",
        1 = "LOCAL_TIME_ZONE_WITH_LOCATION_INFO_REQUESTED",
}

avps! { vendor = VENDOR_3GPP;
    /// User-Identity (TS 29.329 §6.3.1).
    USER_IDENTITY = 700, "User-Identity", Grouped, Must;
    /// User-Data (TS 29.329 §6.3.3): the Sh-Data XML document.
    USER_DATA = 702, "User-Data", OctetString, Must;
    /// Data-Reference (TS 29.329 §6.3.4).
    DATA_REFERENCE = 703, "Data-Reference", Enumerated, Must, enums = DATA_REFERENCE_VALUES;
    /// Service-Indication (TS 29.329 §6.3.5).
    SERVICE_INDICATION = 704, "Service-Indication", OctetString, Must;
    /// Subs-Req-Type (TS 29.329 §6.3.6).
    SUBS_REQ_TYPE = 705, "Subs-Req-Type", Enumerated, Must, enums = SUBS_REQ_TYPE_VALUES;
    /// Requested-Domain (TS 29.329 §6.3.7).
    REQUESTED_DOMAIN = 706, "Requested-Domain", Enumerated, Must, enums = REQUESTED_DOMAIN_VALUES;
    /// Current-Location (TS 29.329 §6.3.8).
    CURRENT_LOCATION = 707, "Current-Location", Enumerated, Must, enums = CURRENT_LOCATION_VALUES;
    /// Identity-Set (TS 29.329 table 6.3.1: M must not).
    IDENTITY_SET = 708, "Identity-Set", Enumerated, MustNot, enums = IDENTITY_SET_VALUES;
    /// Expiry-Time (TS 29.329 table 6.3.1: M must not).
    EXPIRY_TIME = 709, "Expiry-Time", Time, MustNot;
    /// Send-Data-Indication (TS 29.329 table 6.3.1: M must not).
    SEND_DATA_INDICATION = 710, "Send-Data-Indication", Enumerated, MustNot, enums = SEND_DATA_INDICATION_VALUES;
    /// DSAI-Tag (TS 29.329 table 6.3.1).
    DSAI_TAG = 711, "DSAI-Tag", OctetString, Must;
    /// One-Time-Notification (TS 29.329 table 6.3.1: M must not).
    ONE_TIME_NOTIFICATION = 712, "One-Time-Notification", Enumerated, MustNot, enums = ONE_TIME_NOTIFICATION_VALUES;
    /// Requested-Nodes (TS 29.329 table 6.3.1: M must not), a bit field.
    REQUESTED_NODES = 713, "Requested-Nodes", Unsigned32, MustNot;
    /// Serving-Node-Indication (TS 29.329 table 6.3.1: M must not).
    SERVING_NODE_INDICATION = 714, "Serving-Node-Indication", Enumerated, MustNot, enums = SERVING_NODE_INDICATION_VALUES;
    /// Repository-Data-ID (TS 29.329 table 6.3.1).
    REPOSITORY_DATA_ID = 715, "Repository-Data-ID", Grouped, Must;
    /// Sequence-Number (TS 29.329 table 6.3.1).
    SEQUENCE_NUMBER = 716, "Sequence-Number", Unsigned32, Must;
    /// Pre-paging-Supported (TS 29.329 table 6.3.1).
    PRE_PAGING_SUPPORTED = 717, "Pre-paging-Supported", Enumerated, Must, enums = PRE_PAGING_SUPPORTED_VALUES;
    /// Local-Time-Zone-Indication (TS 29.329 table 6.3.1).
    LOCAL_TIME_ZONE_INDICATION = 718, "Local-Time-Zone-Indication", Enumerated, Must, enums = LOCAL_TIME_ZONE_INDICATION_VALUES;
    /// UDR-Flags (TS 29.329 table 6.3.1): Unsigned32, a bit field, which
    /// Wireshark types Enumerated.
    UDR_FLAGS = 719, "UDR-Flags", Unsigned32, Must;
}

/// The Sh dictionary (TS 29.329): its application, UDR/UDA, PUR/PUA,
/// SNR/SNA and PNR/PNA, its AVPs and Grouped AVP grammars. It names AVPs of
/// [`super::base`], [`super::s6a`] and [`super::cx`], so a set with Sh
/// holds those too ([`super::ALL`]).
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "sh",
    applications: &[super::Application {
        id: super::application::SH,
        name: "3GPP Sh",
    }],
    avps: AVPS,
    commands: super::grammars::sh::COMMANDS,
    groups: super::grammars::sh::GROUPS,
    closed_enums: &[],
    fixed_octets: &[],
});
