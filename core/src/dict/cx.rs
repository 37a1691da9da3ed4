//! Cx/Dx AVPs (3GPP TS 29.229 §6.3, table 6.3.1), vendor 10415, between an
//! I-CSCF or S-CSCF and the HSS (Cx) or the SLF (Dx). Visited-Network-
//! Identifier and Supported-Features with its members are in
//! [`super::s6a`], which names them too.
//!
//! Cx runs its own application (16777216, TS 29.229 §6.2; Dx is the same
//! application towards an SLF) with six commands; their grammars are in
//! `grammars::cx`.
//!
//! Names and M bits follow TS 29.229 where Wireshark differs: User-Data
//! (606) is named "Cx-User-Data" as Wireshark does, TS 29.329's User-Data
//! (702) being another AVP of the same vendor and name.

use super::{avps, enum_values, VENDOR_3GPP};

enum_values! {
    /// Server-Assignment-Type values (TS 29.229 §6.3.15).
    SERVER_ASSIGNMENT_TYPE_VALUES: 0 = "NO_ASSIGNMENT", 1 = "REGISTRATION", 2 = "RE_REGISTRATION",
        3 = "UNREGISTERED_USER", 4 = "TIMEOUT_DEREGISTRATION", 5 = "USER_DEREGISTRATION",
        6 = "TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME", 7 = "USER_DEREGISTRATION_STORE_SERVER_NAME",
        8 = "ADMINISTRATIVE_DEREGISTRATION", 9 = "AUTHENTICATION_FAILURE",
        10 = "AUTHENTICATION_TIMEOUT", 11 = "DEREGISTRATION_TOO_MUCH_DATA",
        12 = "AAA_USER_DATA_REQUEST", 13 = "PGW_UPDATE", 14 = "RESTORATION",
}
enum_values! {
    /// Reason-Code values (TS 29.229 §6.3.17).
    REASON_CODE_VALUES: 0 = "PERMANENT_TERMINATION", 1 = "NEW_SERVER_ASSIGNED", 2 = "SERVER_CHANGE",
        3 = "REMOVE_S-CSCF",
}
enum_values! {
    /// User-Authorization-Type values (TS 29.229 §6.3.24).
    USER_AUTHORIZATION_TYPE_VALUES: 0 = "REGISTRATION", 1 = "DE_REGISTRATION",
        2 = "REGISTRATION_AND_CAPABILITIES",
}
enum_values! {
    /// User-Data-Already-Available values (TS 29.229 §6.3.26).
    USER_DATA_ALREADY_AVAILABLE_VALUES: 0 = "USER_DATA_NOT_AVAILABLE", 1 = "USER_DATA_ALREADY_AVAILABLE",
}
enum_values! {
    /// Originating-Request values (TS 29.229 §6.3.34).
    ORIGINATING_REQUEST_VALUES: 0 = "ORIGINATING",
}
enum_values! {
    /// Loose-Route-Indication values (TS 29.229 table 6.3.1).
    LOOSE_ROUTE_INDICATION_VALUES: 0 = "LOOSE_ROUTE_NOT_REQUIRED", 1 = "LOOSE_ROUTE_REQUIRED",
}
enum_values! {
    /// Multiple-Registration-Indication values (TS 29.229 table 6.3.1).
    MULTIPLE_REGISTRATION_INDICATION_VALUES: 0 = "NOT_MULTIPLE_REGISTRATION", 1 = "MULTIPLE_REGISTRATION",
}
enum_values! {
    /// Session-Priority values (TS 29.229 table 6.3.1): 0 is the highest.
    SESSION_PRIORITY_VALUES: 0 = "PRIORITY-0", 1 = "PRIORITY-1", 2 = "PRIORITY-2", 3 = "PRIORITY-3",
        4 = "PRIORITY-4",
}
enum_values! {
    /// Priviledged-Sender-Indication values (TS 29.229 table 6.3.1).
    PRIVILEDGED_SENDER_INDICATION_VALUES: 0 = "NOT_PRIVILEDGED_SENDER", 1 = "PRIVILEDGED_SENDER",
}

avps! { vendor = VENDOR_3GPP;
    /// Public-Identity (TS 29.229 §6.3.2): a SIP or Tel URI.
    PUBLIC_IDENTITY = 601, "Public-Identity", Utf8String, Must;
    /// Server-Name (TS 29.229 §6.3.3): the S-CSCF's SIP URI.
    SERVER_NAME = 602, "Server-Name", Utf8String, Must;
    /// Server-Capabilities (TS 29.229 §6.3.4).
    SERVER_CAPABILITIES = 603, "Server-Capabilities", Grouped, Must;
    /// Mandatory-Capability (TS 29.229 §6.3.5).
    MANDATORY_CAPABILITY = 604, "Mandatory-Capability", Unsigned32, Must;
    /// Optional-Capability (TS 29.229 §6.3.6).
    OPTIONAL_CAPABILITY = 605, "Optional-Capability", Unsigned32, Must;
    /// User-Data (TS 29.229 §6.3.7), the user profile XML, under
    /// Wireshark's name (see the module's documentation).
    CX_USER_DATA = 606, "Cx-User-Data", OctetString, Must;
    /// SIP-Number-Auth-Items (TS 29.229 §6.3.8).
    SIP_NUMBER_AUTH_ITEMS = 607, "SIP-Number-Auth-Items", Unsigned32, Must;
    /// SIP-Authentication-Scheme (TS 29.229 §6.3.9).
    SIP_AUTHENTICATION_SCHEME = 608, "SIP-Authentication-Scheme", Utf8String, Must;
    /// SIP-Authenticate (TS 29.229 §6.3.10).
    SIP_AUTHENTICATE = 609, "SIP-Authenticate", OctetString, Must;
    /// SIP-Authorization (TS 29.229 §6.3.11).
    SIP_AUTHORIZATION = 610, "SIP-Authorization", OctetString, Must;
    /// SIP-Authentication-Context (TS 29.229 §6.3.12).
    SIP_AUTHENTICATION_CONTEXT = 611, "SIP-Authentication-Context", OctetString, Must;
    /// SIP-Auth-Data-Item (TS 29.229 §6.3.13).
    SIP_AUTH_DATA_ITEM = 612, "SIP-Auth-Data-Item", Grouped, Must;
    /// SIP-Item-Number (TS 29.229 §6.3.14).
    SIP_ITEM_NUMBER = 613, "SIP-Item-Number", Unsigned32, Must;
    /// Server-Assignment-Type (TS 29.229 §6.3.15).
    SERVER_ASSIGNMENT_TYPE = 614, "Server-Assignment-Type", Enumerated, Must, enums = SERVER_ASSIGNMENT_TYPE_VALUES;
    /// Deregistration-Reason (TS 29.229 §6.3.16).
    DEREGISTRATION_REASON = 615, "Deregistration-Reason", Grouped, Must;
    /// Reason-Code (TS 29.229 §6.3.17).
    REASON_CODE = 616, "Reason-Code", Enumerated, Must, enums = REASON_CODE_VALUES;
    /// Reason-Info (TS 29.229 §6.3.18).
    REASON_INFO = 617, "Reason-Info", Utf8String, Must;
    /// Charging-Information (TS 29.229 §6.3.19).
    CHARGING_INFORMATION = 618, "Charging-Information", Grouped, Must;
    /// Primary-Event-Charging-Function-Name (TS 29.229 §6.3.20).
    PRIMARY_EVENT_CHARGING_FUNCTION_NAME = 619, "Primary-Event-Charging-Function-Name", DiameterUri, Must;
    /// Secondary-Event-Charging-Function-Name (TS 29.229 §6.3.21).
    SECONDARY_EVENT_CHARGING_FUNCTION_NAME = 620, "Secondary-Event-Charging-Function-Name", DiameterUri, Must;
    /// Primary-Charging-Collection-Function-Name (TS 29.229 §6.3.22).
    PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME = 621, "Primary-Charging-Collection-Function-Name", DiameterUri, Must;
    /// Secondary-Charging-Collection-Function-Name (TS 29.229 §6.3.23).
    SECONDARY_CHARGING_COLLECTION_FUNCTION_NAME = 622, "Secondary-Charging-Collection-Function-Name", DiameterUri, Must;
    /// User-Authorization-Type (TS 29.229 §6.3.24).
    USER_AUTHORIZATION_TYPE = 623, "User-Authorization-Type", Enumerated, Must, enums = USER_AUTHORIZATION_TYPE_VALUES;
    /// User-Data-Already-Available (TS 29.229 §6.3.26).
    USER_DATA_ALREADY_AVAILABLE = 624, "User-Data-Already-Available", Enumerated, Must, enums = USER_DATA_ALREADY_AVAILABLE_VALUES;
    /// Confidentiality-Key (TS 29.229 §6.3.27).
    CONFIDENTIALITY_KEY = 625, "Confidentiality-Key", OctetString, Must;
    /// Integrity-Key (TS 29.229 §6.3.28).
    INTEGRITY_KEY = 626, "Integrity-Key", OctetString, Must;
    /// Supported-Applications (TS 29.229 table 6.3.1: M must not).
    SUPPORTED_APPLICATIONS = 631, "Supported-Applications", Grouped, MustNot;
    /// Associated-Identities (TS 29.229 table 6.3.1).
    ASSOCIATED_IDENTITIES = 632, "Associated-Identities", Grouped, Must;
    /// Originating-Request (TS 29.229 §6.3.34).
    ORIGINATING_REQUEST = 633, "Originating-Request", Enumerated, Must, enums = ORIGINATING_REQUEST_VALUES;
    /// Wildcarded-Public-Identity (TS 29.229 table 6.3.1: M must not),
    /// which Wireshark still names Wildcarded-PSI.
    WILDCARDED_PUBLIC_IDENTITY = 634, "Wildcarded-Public-Identity", Utf8String, MustNot;
    /// SIP-Digest-Authenticate (TS 29.229 table 6.3.1).
    SIP_DIGEST_AUTHENTICATE = 635, "SIP-Digest-Authenticate", Grouped, MustNot;
    /// Wildcarded-IMPU (TS 29.229 table 6.3.1).
    WILDCARDED_IMPU = 636, "Wildcarded-IMPU", Utf8String, MustNot;
    /// UAR-Flags (TS 29.229 table 6.3.1), a bit field.
    UAR_FLAGS = 637, "UAR-Flags", Unsigned32, MustNot;
    /// Loose-Route-Indication (TS 29.229 table 6.3.1).
    LOOSE_ROUTE_INDICATION = 638, "Loose-Route-Indication", Enumerated, MustNot, enums = LOOSE_ROUTE_INDICATION_VALUES;
    /// SCSCF-Restoration-Info (TS 29.229 table 6.3.1).
    SCSCF_RESTORATION_INFO = 639, "SCSCF-Restoration-Info", Grouped, MustNot;
    /// Path (TS 29.229 table 6.3.1).
    PATH = 640, "Path", OctetString, MustNot;
    /// Contact (TS 29.229 table 6.3.1).
    CONTACT = 641, "Contact", OctetString, MustNot;
    /// Subscription-Info (TS 29.229 table 6.3.1).
    SUBSCRIPTION_INFO = 642, "Subscription-Info", Grouped, MustNot;
    /// Call-ID-SIP-Header (TS 29.229 table 6.3.1).
    CALL_ID_SIP_HEADER = 643, "Call-ID-SIP-Header", OctetString, MustNot;
    /// From-SIP-Header (TS 29.229 table 6.3.1).
    FROM_SIP_HEADER = 644, "From-SIP-Header", OctetString, MustNot;
    /// To-SIP-Header (TS 29.229 table 6.3.1).
    TO_SIP_HEADER = 645, "To-SIP-Header", OctetString, MustNot;
    /// Record-Route (TS 29.229 table 6.3.1).
    RECORD_ROUTE = 646, "Record-Route", OctetString, MustNot;
    /// Associated-Registered-Identities (TS 29.229 table 6.3.1).
    ASSOCIATED_REGISTERED_IDENTITIES = 647, "Associated-Registered-Identities", Grouped, MustNot;
    /// Multiple-Registration-Indication (TS 29.229 table 6.3.1).
    MULTIPLE_REGISTRATION_INDICATION = 648, "Multiple-Registration-Indication", Enumerated, MustNot, enums = MULTIPLE_REGISTRATION_INDICATION_VALUES;
    /// Restoration-Info (TS 29.229 table 6.3.1).
    RESTORATION_INFO = 649, "Restoration-Info", Grouped, MustNot;
    /// Session-Priority (TS 29.229 table 6.3.1).
    SESSION_PRIORITY = 650, "Session-Priority", Enumerated, MustNot, enums = SESSION_PRIORITY_VALUES;
    /// Identity-with-Emergency-Registration (TS 29.229 table 6.3.1).
    IDENTITY_WITH_EMERGENCY_REGISTRATION = 651, "Identity-with-Emergency-Registration", Grouped, MustNot;
    /// Priviledged-Sender-Indication (TS 29.229 table 6.3.1; the
    /// specification's spelling).
    PRIVILEDGED_SENDER_INDICATION = 652, "Priviledged-Sender-Indication", Enumerated, MustNot, enums = PRIVILEDGED_SENDER_INDICATION_VALUES;
    /// LIA-Flags (TS 29.229 table 6.3.1: M must not), a bit field.
    LIA_FLAGS = 653, "LIA-Flags", Unsigned32, MustNot;
    /// Initial-CSeq-Sequence-Number (TS 29.229 table 6.3.1: M must not).
    INITIAL_CSEQ_SEQUENCE_NUMBER = 654, "Initial-CSeq-Sequence-Number", Unsigned32, MustNot;
    /// SAR-Flags (TS 29.229 table 6.3.1: M must not), a bit field.
    SAR_FLAGS = 655, "SAR-Flags", Unsigned32, MustNot;
    /// Allowed-WAF-WWSF-Identities (TS 29.229 table 6.3.1).
    ALLOWED_WAF_WWSF_IDENTITIES = 656, "Allowed-WAF-WWSF-Identities", Grouped, MustNot;
    /// WebRTC-Authentication-Function-Name (TS 29.229 table 6.3.1: M must not).
    WEBRTC_AUTHENTICATION_FUNCTION_NAME = 657, "WebRTC-Authentication-Function-Name", Utf8String, MustNot;
    /// WebRTC-Web-Server-Function-Name (TS 29.229 table 6.3.1: M must not).
    WEBRTC_WEB_SERVER_FUNCTION_NAME = 658, "WebRTC-Web-Server-Function-Name", Utf8String, MustNot;
}

/// The Cx/Dx dictionary (TS 29.229): its application, UAR/UAA, SAR/SAA,
/// LIR/LIA, MAR/MAA, RTR/RTA and PPR/PPA, its AVPs and Grouped AVP
/// grammars. It names AVPs of [`super::base`], [`super::cc`],
/// [`super::doic`] and [`super::s6a`], so a set with Cx holds those too
/// ([`super::ALL`]).
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "cx",
    applications: &[super::Application {
        id: super::application::CX,
        name: "3GPP Cx/Dx",
    }],
    avps: AVPS,
    commands: super::grammars::cx::COMMANDS,
    groups: super::grammars::cx::GROUPS,
    closed_enums: &[],
    fixed_octets: &[],
});
