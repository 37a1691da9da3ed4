//! Rx AVPs (3GPP TS 29.214 §5.3, table 5.3.1), vendor 10415, between an AF
//! (a P-CSCF) and the PCRF. Flow-Description is in [`super::gx`], which
//! carries it too, and Max-Requested-Bandwidth-UL/DL in [`super::s6a`]; the
//! Gx and S6a AVPs Rx also names (IP-CAN-Type, AN-GW-Address, RAT-Type,
//! Supported-Features, ...) stay in theirs: an Rx set includes those
//! dictionaries.
//!
//! Rx runs its own application (16777236, TS 29.214 §5.1) with AA,
//! Re-Auth, Session-Termination and Abort-Session; its grammars are in
//! `grammars::rx`.

use super::{avps, enum_values, VENDOR_3GPP};

enum_values! {
    /// Abort-Cause values (TS 29.214 §5.3.1).
    ABORT_CAUSE_VALUES: 0 = "BEARER_RELEASED", 1 = "INSUFFICIENT_SERVER_RESOURCES",
        2 = "INSUFFICIENT_BEARER_RESOURCES", 3 = "PS_TO_CS_HANDOVER",
        4 = "SPONSORED_DATA_CONNECTIVITY_DISALLOWED",
}
enum_values! {
    /// Flow-Status values (TS 29.214 §5.3.11).
    FLOW_STATUS_VALUES: 0 = "ENABLED-UPLINK", 1 = "ENABLED-DOWNLINK", 2 = "ENABLED", 3 = "DISABLED",
        4 = "REMOVED",
}
enum_values! {
    /// Flow-Usage values (TS 29.214 §5.3.12).
    FLOW_USAGE_VALUES: 0 = "NO_INFORMATION", 1 = "RTCP", 2 = "AF_SIGNALLING",
}
enum_values! {
    /// Specific-Action values (TS 29.214 §5.3.13); 0 and 5 are void.
    SPECIFIC_ACTION_VALUES: 1 = "CHARGING_CORRELATION_EXCHANGE", 2 = "INDICATION_OF_LOSS_OF_BEARER",
        3 = "INDICATION_OF_RECOVERY_OF_BEARER", 4 = "INDICATION_OF_RELEASE_OF_BEARER",
        6 = "IP-CAN_CHANGE", 7 = "INDICATION_OF_OUT_OF_CREDIT",
        8 = "INDICATION_OF_SUCCESSFUL_RESOURCES_ALLOCATION",
        9 = "INDICATION_OF_FAILED_RESOURCES_ALLOCATION", 10 = "INDICATION_OF_LIMITED_PCC_DEPLOYMENT",
        11 = "USAGE_REPORT", 12 = "ACCESS_NETWORK_INFO_REPORT",
        13 = "INDICATION_OF_RECOVERY_FROM_LIMITED_PCC_DEPLOYMENT",
        14 = "INDICATION_OF_ACCESS_NETWORK_INFO_REPORTING_FAILURE",
        15 = "INDICATION_OF_TRANSFER_POLICY_EXPIRED", 16 = "PLMN_CHANGE",
}
enum_values! {
    /// Media-Type values (TS 29.214 §5.3.19). OTHER is 0xFFFFFFFF, outside
    /// an Enumerated (Integer32) value written as unsigned, so it is left
    /// unnamed rather than named under -1.
    MEDIA_TYPE_VALUES: 0 = "AUDIO", 1 = "VIDEO", 2 = "DATA", 3 = "APPLICATION", 4 = "CONTROL",
        5 = "TEXT", 6 = "MESSAGE",
}
enum_values! {
    /// SIP-Forking-Indication values (TS 29.214 §5.3.22).
    SIP_FORKING_INDICATION_VALUES: 0 = "SINGLE_DIALOGUE", 1 = "SEVERAL_DIALOGUES",
}
enum_values! {
    /// Service-Info-Status values (TS 29.214 §5.3.25).
    SERVICE_INFO_STATUS_VALUES: 0 = "FINAL_SERVICE_INFORMATION", 1 = "PRELIMINARY_SERVICE_INFORMATION",
}
enum_values! {
    /// AF-Signalling-Protocol values (TS 29.214 §5.3.26).
    AF_SIGNALLING_PROTOCOL_VALUES: 0 = "NO_INFORMATION", 1 = "SIP",
}
enum_values! {
    /// Rx-Request-Type values (TS 29.214 §5.3.31).
    RX_REQUEST_TYPE_VALUES: 0 = "INITIAL_REQUEST", 1 = "UPDATE_REQUEST", 2 = "PCSCF_RESTORATION",
}
enum_values! {
    /// Required-Access-Info values (TS 29.214 §5.3.34).
    REQUIRED_ACCESS_INFO_VALUES: 0 = "USER_LOCATION", 1 = "MS_TIME_ZONE",
}
enum_values! {
    /// Sponsoring-Action values (TS 29.214 §5.3.40).
    SPONSORING_ACTION_VALUES: 0 = "DISABLE_SPONSORING", 1 = "ENABLE_SPONSORING",
}
enum_values! {
    /// Priority-Sharing-Indicator values (TS 29.214 §5.3.47).
    PRIORITY_SHARING_INDICATOR_VALUES: 0 = "PRIORITY_SHARING_ENABLED", 1 = "PRIORITY_SHARING_DISABLED",
}

avps! { vendor = VENDOR_3GPP;
    /// Abort-Cause (TS 29.214 §5.3.1).
    ABORT_CAUSE = 500, "Abort-Cause", Enumerated, Must, enums = ABORT_CAUSE_VALUES;
    /// Access-Network-Charging-Identifier (TS 29.214 §5.3.3).
    ACCESS_NETWORK_CHARGING_IDENTIFIER = 502, "Access-Network-Charging-Identifier", Grouped, Must;
    /// Access-Network-Charging-Identifier-Value (TS 29.214 §5.3.4).
    ACCESS_NETWORK_CHARGING_IDENTIFIER_VALUE = 503, "Access-Network-Charging-Identifier-Value", OctetString, Must;
    /// AF-Application-Identifier (TS 29.214 §5.3.5).
    AF_APPLICATION_IDENTIFIER = 504, "AF-Application-Identifier", OctetString, Must;
    /// AF-Charging-Identifier (TS 29.214 §5.3.6).
    AF_CHARGING_IDENTIFIER = 505, "AF-Charging-Identifier", OctetString, Must;
    /// Flow-Number (TS 29.214 §5.3.9).
    FLOW_NUMBER = 509, "Flow-Number", Unsigned32, Must;
    /// Flows (TS 29.214 §5.3.10).
    FLOWS = 510, "Flows", Grouped, Must;
    /// Flow-Status (TS 29.214 §5.3.11).
    FLOW_STATUS = 511, "Flow-Status", Enumerated, Must, enums = FLOW_STATUS_VALUES;
    /// Flow-Usage (TS 29.214 §5.3.12).
    FLOW_USAGE = 512, "Flow-Usage", Enumerated, Must, enums = FLOW_USAGE_VALUES;
    /// Specific-Action (TS 29.214 §5.3.13).
    SPECIFIC_ACTION = 513, "Specific-Action", Enumerated, Must, enums = SPECIFIC_ACTION_VALUES;
    /// Media-Component-Description (TS 29.214 §5.3.16).
    MEDIA_COMPONENT_DESCRIPTION = 517, "Media-Component-Description", Grouped, Must;
    /// Media-Component-Number (TS 29.214 §5.3.17).
    MEDIA_COMPONENT_NUMBER = 518, "Media-Component-Number", Unsigned32, Must;
    /// Media-Sub-Component (TS 29.214 §5.3.18).
    MEDIA_SUB_COMPONENT = 519, "Media-Sub-Component", Grouped, Must;
    /// Media-Type (TS 29.214 §5.3.19).
    MEDIA_TYPE = 520, "Media-Type", Enumerated, Must, enums = MEDIA_TYPE_VALUES;
    /// RR-Bandwidth (TS 29.214 §5.3.20).
    RR_BANDWIDTH = 521, "RR-Bandwidth", Unsigned32, Must;
    /// RS-Bandwidth (TS 29.214 §5.3.21).
    RS_BANDWIDTH = 522, "RS-Bandwidth", Unsigned32, Must;
    /// SIP-Forking-Indication (TS 29.214 §5.3.22).
    SIP_FORKING_INDICATION = 523, "SIP-Forking-Indication", Enumerated, Must, enums = SIP_FORKING_INDICATION_VALUES;
    /// Codec-Data (TS 29.214 §5.3.7): OctetString, which Wireshark types
    /// UTF8String.
    CODEC_DATA = 524, "Codec-Data", OctetString, Must;
    /// Service-URN (TS 29.214 §5.3.23).
    SERVICE_URN = 525, "Service-URN", OctetString, Must;
    /// Acceptable-Service-Info (TS 29.214 §5.3.24).
    ACCEPTABLE_SERVICE_INFO = 526, "Acceptable-Service-Info", Grouped, Must;
    /// Service-Info-Status (TS 29.214 §5.3.25).
    SERVICE_INFO_STATUS = 527, "Service-Info-Status", Enumerated, Must, enums = SERVICE_INFO_STATUS_VALUES;
    /// MPS-Identifier (TS 29.214 §5.3.30).
    MPS_IDENTIFIER = 528, "MPS-Identifier", OctetString, Must;
    /// AF-Signalling-Protocol (TS 29.214 §5.3.26).
    AF_SIGNALLING_PROTOCOL = 529, "AF-Signalling-Protocol", Enumerated, MustNot, enums = AF_SIGNALLING_PROTOCOL_VALUES;
    /// Sponsored-Connectivity-Data (TS 29.214 §5.3.27).
    SPONSORED_CONNECTIVITY_DATA = 530, "Sponsored-Connectivity-Data", Grouped, Must;
    /// Sponsor-Identity (TS 29.214 §5.3.28).
    SPONSOR_IDENTITY = 531, "Sponsor-Identity", Utf8String, Must;
    /// Application-Service-Provider-Identity (TS 29.214 §5.3.29).
    APPLICATION_SERVICE_PROVIDER_IDENTITY = 532, "Application-Service-Provider-Identity", Utf8String, Must;
    /// Rx-Request-Type (TS 29.214 §5.3.31).
    RX_REQUEST_TYPE = 533, "Rx-Request-Type", Enumerated, May, enums = RX_REQUEST_TYPE_VALUES;
    /// Min-Requested-Bandwidth-DL (TS 29.214 §5.3.32).
    MIN_REQUESTED_BANDWIDTH_DL = 534, "Min-Requested-Bandwidth-DL", Unsigned32, May;
    /// Min-Requested-Bandwidth-UL (TS 29.214 §5.3.33).
    MIN_REQUESTED_BANDWIDTH_UL = 535, "Min-Requested-Bandwidth-UL", Unsigned32, May;
    /// Required-Access-Info (TS 29.214 §5.3.34).
    REQUIRED_ACCESS_INFO = 536, "Required-Access-Info", Enumerated, May, enums = REQUIRED_ACCESS_INFO_VALUES;
    /// IP-Domain-Id (TS 29.214 §5.3.35).
    IP_DOMAIN_ID = 537, "IP-Domain-Id", OctetString, May;
    /// GCS-Identifier (TS 29.214 §5.3.36).
    GCS_IDENTIFIER = 538, "GCS-Identifier", OctetString, May;
    /// Sharing-Key-DL (TS 29.214 §5.3.37).
    SHARING_KEY_DL = 539, "Sharing-Key-DL", Unsigned32, May;
    /// Sharing-Key-UL (TS 29.214 §5.3.38).
    SHARING_KEY_UL = 540, "Sharing-Key-UL", Unsigned32, May;
    /// Retry-Interval (TS 29.214 §5.3.39).
    RETRY_INTERVAL = 541, "Retry-Interval", Unsigned32, May;
    /// Sponsoring-Action (TS 29.214 §5.3.40).
    SPONSORING_ACTION = 542, "Sponsoring-Action", Enumerated, MustNot, enums = SPONSORING_ACTION_VALUES;
    /// Max-Supported-Bandwidth-DL (TS 29.214 §5.3.41).
    MAX_SUPPORTED_BANDWIDTH_DL = 543, "Max-Supported-Bandwidth-DL", Unsigned32, MustNot;
    /// Max-Supported-Bandwidth-UL (TS 29.214 §5.3.42).
    MAX_SUPPORTED_BANDWIDTH_UL = 544, "Max-Supported-Bandwidth-UL", Unsigned32, MustNot;
    /// Min-Desired-Bandwidth-DL (TS 29.214 §5.3.43).
    MIN_DESIRED_BANDWIDTH_DL = 545, "Min-Desired-Bandwidth-DL", Unsigned32, MustNot;
    /// Min-Desired-Bandwidth-UL (TS 29.214 §5.3.44).
    MIN_DESIRED_BANDWIDTH_UL = 546, "Min-Desired-Bandwidth-UL", Unsigned32, MustNot;
    /// MCPTT-Identifier (TS 29.214 §5.3.45).
    MCPTT_IDENTIFIER = 547, "MCPTT-Identifier", OctetString, MustNot;
    /// Service-Authorization-Info (TS 29.214 §5.3.46).
    SERVICE_AUTHORIZATION_INFO = 548, "Service-Authorization-Info", Unsigned32, MustNot;
    /// Priority-Sharing-Indicator (TS 29.214 §5.3.47).
    PRIORITY_SHARING_INDICATOR = 550, "Priority-Sharing-Indicator", Enumerated, MustNot, enums = PRIORITY_SHARING_INDICATOR_VALUES;
}

/// The Rx dictionary (TS 29.214): its application, the Rx variants of
/// AAR/AAA and RAR/RAA, its AVPs and Grouped AVP grammars. It names AVPs of
/// [`super::base`], [`super::cc`], [`super::s6a`], [`super::gy`] and
/// [`super::gx`], so a set with Rx holds those too ([`super::ALL`]).
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "rx",
    applications: &[super::Application {
        id: super::application::RX,
        name: "3GPP Rx",
    }],
    avps: AVPS,
    commands: super::grammars::rx::COMMANDS,
    groups: super::grammars::rx::GROUPS,
    closed_enums: &[],
    fixed_octets: &[],
});
