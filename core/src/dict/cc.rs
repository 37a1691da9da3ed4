//! Credit-control AVPs (RFC 4006 §8, updated by RFC 8506 §8), vendor 0, and
//! the other IETF AVPs that Gy and S6a carry: NASREQ (RFC 7155), Mobile IPv4
//! (RFC 4004), Mobile IPv6 bootstrapping (RFC 5447) and PMIPv6 (RFC 5778).

use super::{avps, enum_values};

enum_values! {
    /// CC-Request-Type values (RFC 8506 §8.3).
    CC_REQUEST_TYPE_VALUES: 1 = "INITIAL_REQUEST", 2 = "UPDATE_REQUEST", 3 = "TERMINATION_REQUEST",
        4 = "EVENT_REQUEST",
}
enum_values! {
    /// CC-Session-Failover values (RFC 8506 §8.4).
    CC_SESSION_FAILOVER_VALUES: 0 = "FAILOVER_NOT_SUPPORTED", 1 = "FAILOVER_SUPPORTED",
}
enum_values! {
    /// Check-Balance-Result values (RFC 8506 §8.6).
    CHECK_BALANCE_RESULT_VALUES: 0 = "ENOUGH_CREDIT", 1 = "NO_CREDIT",
}
enum_values! {
    /// Credit-Control values (RFC 8506 §8.13).
    CREDIT_CONTROL_VALUES: 0 = "CREDIT_AUTHORIZATION", 1 = "RE_AUTHORIZATION",
}
enum_values! {
    /// Credit-Control-Failure-Handling values (RFC 8506 §8.14).
    CREDIT_CONTROL_FAILURE_HANDLING_VALUES: 0 = "TERMINATE", 1 = "CONTINUE", 2 = "RETRY_AND_TERMINATE",
}
enum_values! {
    /// Direct-Debiting-Failure-Handling values (RFC 8506 §8.15).
    DIRECT_DEBITING_FAILURE_HANDLING_VALUES: 0 = "TERMINATE_OR_BUFFER", 1 = "CONTINUE",
}
enum_values! {
    /// Redirect-Address-Type values (RFC 8506 §8.38).
    REDIRECT_ADDRESS_TYPE_VALUES: 0 = "IPV4_ADDRESS", 1 = "IPV6_ADDRESS", 2 = "URL", 3 = "SIP_URI",
}
enum_values! {
    /// Requested-Action values (RFC 8506 §8.41).
    REQUESTED_ACTION_VALUES: 0 = "DIRECT_DEBITING", 1 = "REFUND_ACCOUNT", 2 = "CHECK_BALANCE",
        3 = "PRICE_ENQUIRY",
}
enum_values! {
    /// Final-Unit-Action values (RFC 8506 §8.35).
    FINAL_UNIT_ACTION_VALUES: 0 = "TERMINATE", 1 = "REDIRECT", 2 = "RESTRICT_ACCESS",
}
enum_values! {
    /// Subscription-Id-Type values (RFC 8506 §8.47).
    SUBSCRIPTION_ID_TYPE_VALUES: 0 = "END_USER_E164", 1 = "END_USER_IMSI", 2 = "END_USER_SIP_URI",
        3 = "END_USER_NAI", 4 = "END_USER_PRIVATE",
}
enum_values! {
    /// Tariff-Change-Usage values (RFC 8506 §8.27).
    TARIFF_CHANGE_USAGE_VALUES: 0 = "UNIT_BEFORE_TARIFF_CHANGE", 1 = "UNIT_AFTER_TARIFF_CHANGE",
        2 = "UNIT_INDETERMINATE",
}
enum_values! {
    /// CC-Unit-Type values (RFC 8506 §8.32).
    CC_UNIT_TYPE_VALUES: 0 = "TIME", 1 = "MONEY", 2 = "TOTAL-OCTETS", 3 = "INPUT-OCTETS", 4 = "OUTPUT-OCTETS",
        5 = "SERVICE-SPECIFIC-UNITS",
}
enum_values! {
    /// Multiple-Services-Indicator values (RFC 8506 §8.40).
    MULTIPLE_SERVICES_INDICATOR_VALUES: 0 = "MULTIPLE_SERVICES_NOT_SUPPORTED",
        1 = "MULTIPLE_SERVICES_SUPPORTED",
}
enum_values! {
    /// User-Equipment-Info-Type values (RFC 8506 §8.50).
    USER_EQUIPMENT_INFO_TYPE_VALUES: 0 = "IMEISV", 1 = "MAC", 2 = "EUI64", 3 = "MODIFIED_EUI64",
}

avps! { vendor = 0;
    /// Framed-IP-Address (RFC 7155 §4.4.10.5.1).
    FRAMED_IP_ADDRESS = 8, "Framed-IP-Address", OctetString, Must;
    /// Filter-Id (RFC 7155 §4.4.7).
    FILTER_ID = 11, "Filter-Id", Utf8String, Must;
    /// Called-Station-Id (RFC 7155 §4.2.5).
    CALLED_STATION_ID = 30, "Called-Station-Id", Utf8String, Must;
    /// Calling-Station-Id (RFC 7155 §4.2.6).
    CALLING_STATION_ID = 31, "Calling-Station-Id", Utf8String, Must;
    /// Framed-IPv6-Prefix (RFC 7155 §4.4.10.5.6).
    FRAMED_IPV6_PREFIX = 97, "Framed-IPv6-Prefix", OctetString, Must;
    /// MIP-Home-Agent-Address (RFC 4004 §7.4).
    MIP_HOME_AGENT_ADDRESS = 334, "MIP-Home-Agent-Address", Address, Must;
    /// MIP-Home-Agent-Host (RFC 4004 §7.11).
    MIP_HOME_AGENT_HOST = 348, "MIP-Home-Agent-Host", Grouped, Must;
    /// CC-Correlation-Id (RFC 8506 §8.1).
    CC_CORRELATION_ID = 411, "CC-Correlation-Id", OctetString, May;
    /// CC-Input-Octets (RFC 8506 §8.24).
    CC_INPUT_OCTETS = 412, "CC-Input-Octets", Unsigned64, Must;
    /// CC-Money (RFC 8506 §8.22).
    CC_MONEY = 413, "CC-Money", Grouped, Must;
    /// CC-Output-Octets (RFC 8506 §8.25).
    CC_OUTPUT_OCTETS = 414, "CC-Output-Octets", Unsigned64, Must;
    /// CC-Request-Number (RFC 8506 §8.2).
    CC_REQUEST_NUMBER = 415, "CC-Request-Number", Unsigned32, Must;
    /// CC-Request-Type (RFC 8506 §8.3).
    CC_REQUEST_TYPE = 416, "CC-Request-Type", Enumerated, Must, enums = CC_REQUEST_TYPE_VALUES;
    /// CC-Service-Specific-Units (RFC 8506 §8.26).
    CC_SERVICE_SPECIFIC_UNITS = 417, "CC-Service-Specific-Units", Unsigned64, Must;
    /// CC-Session-Failover (RFC 8506 §8.4).
    CC_SESSION_FAILOVER = 418, "CC-Session-Failover", Enumerated, Must, enums = CC_SESSION_FAILOVER_VALUES;
    /// CC-Sub-Session-Id (RFC 8506 §8.5).
    CC_SUB_SESSION_ID = 419, "CC-Sub-Session-Id", Unsigned64, Must;
    /// CC-Time (RFC 8506 §8.21).
    CC_TIME = 420, "CC-Time", Unsigned32, Must;
    /// CC-Total-Octets (RFC 8506 §8.23).
    CC_TOTAL_OCTETS = 421, "CC-Total-Octets", Unsigned64, Must;
    /// Check-Balance-Result (RFC 8506 §8.6).
    CHECK_BALANCE_RESULT = 422, "Check-Balance-Result", Enumerated, Must, enums = CHECK_BALANCE_RESULT_VALUES;
    /// Cost-Information (RFC 8506 §8.7).
    COST_INFORMATION = 423, "Cost-Information", Grouped, Must;
    /// Cost-Unit (RFC 8506 §8.12).
    COST_UNIT = 424, "Cost-Unit", Utf8String, Must;
    /// Currency-Code (RFC 8506 §8.11).
    CURRENCY_CODE = 425, "Currency-Code", Unsigned32, Must;
    /// Credit-Control (RFC 8506 §8.13).
    CREDIT_CONTROL = 426, "Credit-Control", Enumerated, Must, enums = CREDIT_CONTROL_VALUES;
    /// Credit-Control-Failure-Handling (RFC 8506 §8.14).
    CREDIT_CONTROL_FAILURE_HANDLING = 427, "Credit-Control-Failure-Handling", Enumerated, Must, enums = CREDIT_CONTROL_FAILURE_HANDLING_VALUES;
    /// Direct-Debiting-Failure-Handling (RFC 8506 §8.15).
    DIRECT_DEBITING_FAILURE_HANDLING = 428, "Direct-Debiting-Failure-Handling", Enumerated, Must, enums = DIRECT_DEBITING_FAILURE_HANDLING_VALUES;
    /// Exponent (RFC 8506 §8.9).
    EXPONENT = 429, "Exponent", Integer32, Must;
    /// Final-Unit-Indication (RFC 8506 §8.34).
    FINAL_UNIT_INDICATION = 430, "Final-Unit-Indication", Grouped, Must;
    /// Granted-Service-Unit (RFC 8506 §8.17).
    GRANTED_SERVICE_UNIT = 431, "Granted-Service-Unit", Grouped, Must;
    /// Rating-Group (RFC 8506 §8.29).
    RATING_GROUP = 432, "Rating-Group", Unsigned32, Must;
    /// Redirect-Address-Type (RFC 8506 §8.38).
    REDIRECT_ADDRESS_TYPE = 433, "Redirect-Address-Type", Enumerated, Must, enums = REDIRECT_ADDRESS_TYPE_VALUES;
    /// Redirect-Server (RFC 8506 §8.37).
    REDIRECT_SERVER = 434, "Redirect-Server", Grouped, Must;
    /// Redirect-Server-Address (RFC 8506 §8.39).
    REDIRECT_SERVER_ADDRESS = 435, "Redirect-Server-Address", Utf8String, Must;
    /// Requested-Action (RFC 8506 §8.41).
    REQUESTED_ACTION = 436, "Requested-Action", Enumerated, Must, enums = REQUESTED_ACTION_VALUES;
    /// Requested-Service-Unit (RFC 8506 §8.18).
    REQUESTED_SERVICE_UNIT = 437, "Requested-Service-Unit", Grouped, Must;
    /// Restriction-Filter-Rule (RFC 8506 §8.36).
    RESTRICTION_FILTER_RULE = 438, "Restriction-Filter-Rule", IpFilterRule, Must;
    /// Service-Identifier (RFC 8506 §8.28).
    SERVICE_IDENTIFIER = 439, "Service-Identifier", Unsigned32, Must;
    /// Service-Parameter-Info (RFC 8506 §8.43).
    SERVICE_PARAMETER_INFO = 440, "Service-Parameter-Info", Grouped, May;
    /// Service-Parameter-Type (RFC 8506 §8.44).
    SERVICE_PARAMETER_TYPE = 441, "Service-Parameter-Type", Unsigned32, May;
    /// Service-Parameter-Value (RFC 8506 §8.45).
    SERVICE_PARAMETER_VALUE = 442, "Service-Parameter-Value", OctetString, May;
    /// Subscription-Id (RFC 8506 §8.46).
    SUBSCRIPTION_ID = 443, "Subscription-Id", Grouped, Must;
    /// Subscription-Id-Data (RFC 8506 §8.48).
    SUBSCRIPTION_ID_DATA = 444, "Subscription-Id-Data", Utf8String, Must;
    /// Unit-Value (RFC 8506 §8.8).
    UNIT_VALUE = 445, "Unit-Value", Grouped, Must;
    /// Used-Service-Unit (RFC 8506 §8.19).
    USED_SERVICE_UNIT = 446, "Used-Service-Unit", Grouped, Must;
    /// Value-Digits (RFC 8506 §8.10).
    VALUE_DIGITS = 447, "Value-Digits", Integer64, Must;
    /// Validity-Time (RFC 8506 §8.33).
    VALIDITY_TIME = 448, "Validity-Time", Unsigned32, Must;
    /// Final-Unit-Action (RFC 8506 §8.35).
    FINAL_UNIT_ACTION = 449, "Final-Unit-Action", Enumerated, Must, enums = FINAL_UNIT_ACTION_VALUES;
    /// Subscription-Id-Type (RFC 8506 §8.47).
    SUBSCRIPTION_ID_TYPE = 450, "Subscription-Id-Type", Enumerated, Must, enums = SUBSCRIPTION_ID_TYPE_VALUES;
    /// Tariff-Time-Change (RFC 8506 §8.20).
    TARIFF_TIME_CHANGE = 451, "Tariff-Time-Change", Time, Must;
    /// Tariff-Change-Usage (RFC 8506 §8.27).
    TARIFF_CHANGE_USAGE = 452, "Tariff-Change-Usage", Enumerated, Must, enums = TARIFF_CHANGE_USAGE_VALUES;
    /// G-S-U-Pool-Identifier (RFC 8506 §8.31).
    G_S_U_POOL_IDENTIFIER = 453, "G-S-U-Pool-Identifier", Unsigned32, Must;
    /// CC-Unit-Type (RFC 8506 §8.32).
    CC_UNIT_TYPE = 454, "CC-Unit-Type", Enumerated, Must, enums = CC_UNIT_TYPE_VALUES;
    /// Multiple-Services-Indicator (RFC 8506 §8.40).
    MULTIPLE_SERVICES_INDICATOR = 455, "Multiple-Services-Indicator", Enumerated, Must, enums = MULTIPLE_SERVICES_INDICATOR_VALUES;
    /// Multiple-Services-Credit-Control (RFC 8506 §8.16).
    MULTIPLE_SERVICES_CREDIT_CONTROL = 456, "Multiple-Services-Credit-Control", Grouped, Must;
    /// G-S-U-Pool-Reference (RFC 8506 §8.30).
    G_S_U_POOL_REFERENCE = 457, "G-S-U-Pool-Reference", Grouped, Must;
    /// User-Equipment-Info (RFC 8506 §8.49).
    USER_EQUIPMENT_INFO = 458, "User-Equipment-Info", Grouped, May;
    /// User-Equipment-Info-Type (RFC 8506 §8.50).
    USER_EQUIPMENT_INFO_TYPE = 459, "User-Equipment-Info-Type", Enumerated, May, enums = USER_EQUIPMENT_INFO_TYPE_VALUES;
    /// User-Equipment-Info-Value (RFC 8506 §8.51).
    USER_EQUIPMENT_INFO_VALUE = 460, "User-Equipment-Info-Value", OctetString, May;
    /// Service-Context-Id (RFC 8506 §8.42).
    SERVICE_CONTEXT_ID = 461, "Service-Context-Id", Utf8String, Must;
    /// MIP6-Agent-Info (RFC 5447 §4.2.1).
    MIP6_AGENT_INFO = 486, "MIP6-Agent-Info", Grouped, Must;
    /// Service-Selection (RFC 5778 §6.2).
    SERVICE_SELECTION = 493, "Service-Selection", Utf8String, Must;
    /// User-Equipment-Info-Extension (RFC 8506 §8.52).
    USER_EQUIPMENT_INFO_EXTENSION = 653, "User-Equipment-Info-Extension", Grouped, May;
    /// User-Equipment-Info-IMEISV (RFC 8506 §8.53).
    USER_EQUIPMENT_INFO_IMEISV = 654, "User-Equipment-Info-IMEISV", OctetString, May;
    /// User-Equipment-Info-MAC (RFC 8506 §8.54).
    USER_EQUIPMENT_INFO_MAC = 655, "User-Equipment-Info-MAC", OctetString, May;
    /// User-Equipment-Info-EUI64 (RFC 8506 §8.55).
    USER_EQUIPMENT_INFO_EUI64 = 656, "User-Equipment-Info-EUI64", OctetString, May;
    /// User-Equipment-Info-ModifiedEUI64 (RFC 8506 §8.56).
    USER_EQUIPMENT_INFO_MODIFIED_EUI64 = 657, "User-Equipment-Info-ModifiedEUI64", OctetString, May;
    /// User-Equipment-Info-IMEI (RFC 8506 §8.57).
    USER_EQUIPMENT_INFO_IMEI = 658, "User-Equipment-Info-IMEI", OctetString, May;
    /// Subscription-Id-Extension (RFC 8506 §8.58).
    SUBSCRIPTION_ID_EXTENSION = 659, "Subscription-Id-Extension", Grouped, May;
    /// Subscription-Id-E164 (RFC 8506 §8.59).
    SUBSCRIPTION_ID_E164 = 660, "Subscription-Id-E164", Utf8String, May;
    /// Subscription-Id-IMSI (RFC 8506 §8.60).
    SUBSCRIPTION_ID_IMSI = 661, "Subscription-Id-IMSI", Utf8String, May;
    /// Subscription-Id-SIP-URI (RFC 8506 §8.61).
    SUBSCRIPTION_ID_SIP_URI = 662, "Subscription-Id-SIP-URI", Utf8String, May;
    /// Subscription-Id-NAI (RFC 8506 §8.62).
    SUBSCRIPTION_ID_NAI = 663, "Subscription-Id-NAI", Utf8String, May;
    /// Subscription-Id-Private (RFC 8506 §8.63).
    SUBSCRIPTION_ID_PRIVATE = 664, "Subscription-Id-Private", Utf8String, May;
    /// Redirect-Server-Extension (RFC 8506 §8.64).
    REDIRECT_SERVER_EXTENSION = 665, "Redirect-Server-Extension", Grouped, May;
    /// Redirect-Address-IPAddress (RFC 8506 §8.65).
    REDIRECT_ADDRESS_IPADDRESS = 666, "Redirect-Address-IPAddress", Address, May;
    /// Redirect-Address-URL (RFC 8506 §8.66).
    REDIRECT_ADDRESS_URL = 667, "Redirect-Address-URL", Utf8String, May;
    /// Redirect-Address-SIP-URI (RFC 8506 §8.67).
    REDIRECT_ADDRESS_SIP_URI = 668, "Redirect-Address-SIP-URI", Utf8String, May;
    /// QoS-Final-Unit-Indication (RFC 8506 §8.68).
    QOS_FINAL_UNIT_INDICATION = 669, "QoS-Final-Unit-Indication", Grouped, May;
}

/// The credit-control dictionary (RFC 4006, RFC 8506 §3), with the Gy/Ro
/// members of its grammars (TS 32.299 §6.4, §7); the 3GPP AVPs themselves
/// are in [`super::gy::DICTIONARY`].
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "credit-control",
    applications: &[super::Application {
        id: super::application::CREDIT_CONTROL,
        name: "Diameter Credit Control",
    }],
    avps: AVPS,
    commands: super::grammars::cc::COMMANDS,
    groups: super::grammars::cc::GROUPS,
    closed_enums: super::grammars::cc::CLOSED_ENUMS,
    fixed_octets: &[],
});
