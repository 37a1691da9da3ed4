//! Gx AVPs (3GPP TS 29.212 §5.3, table 5.3.1), vendor 10415, and the
//! TS 29.214 Flow-Description that Gx's Flow-Information carries. The
//! TS 29.212 AVPs that S6a and Gy already carry (QoS-Information,
//! QoS-Class-Identifier, Allocation-Retention-Priority, RAT-Type,
//! Bearer-Identifier, Charging-Rule-Base-Name, ...) stay in
//! [`super::s6a`] and [`super::gy`]: a Gx set includes those dictionaries.
//!
//! Gx runs its own application (16777238, TS 29.212 §5.1) with the
//! credit-control and re-auth commands; its grammars are in
//! `grammars::gx`.

use super::{avps, enum_values, VENDOR_3GPP};

enum_values! {
    /// Bearer-Usage values (TS 29.212 §5.3.1).
    BEARER_USAGE_VALUES: 0 = "GENERAL", 1 = "IMS_SIGNALLING",
}
enum_values! {
    /// Event-Trigger values (TS 29.212 §5.3.7).
    EVENT_TRIGGER_VALUES: 0 = "SGSN_CHANGE", 1 = "QOS_CHANGE", 2 = "RAT_CHANGE", 3 = "TFT_CHANGE",
        4 = "PLMN_CHANGE", 5 = "LOSS_OF_BEARER", 6 = "RECOVERY_OF_BEARER", 7 = "IP-CAN_CHANGE",
        8 = "GW-PCEF-MALFUNCTION", 9 = "RESOURCES_LIMITATION", 10 = "MAX_NR_BEARERS_REACHED",
        11 = "QOS_CHANGE_EXCEEDING_AUTHORIZATION", 12 = "RAI_CHANGE", 13 = "USER_LOCATION_CHANGE",
        14 = "NO_EVENT_TRIGGERS", 15 = "OUT_OF_CREDIT", 16 = "REALLOCATION_OF_CREDIT",
        17 = "REVALIDATION_TIMEOUT", 18 = "UE_IP_ADDRESS_ALLOCATE", 19 = "UE_IP_ADDRESS_RELEASE",
        20 = "DEFAULT_EPS_BEARER_QOS_CHANGE", 21 = "AN_GW_CHANGE", 22 = "SUCCESSFUL_RESOURCE_ALLOCATION",
        23 = "RESOURCE_MODIFICATION_REQUEST", 24 = "PGW_TRACE_CONTROL", 25 = "UE_TIME_ZONE_CHANGE",
        26 = "TAI_CHANGE", 27 = "ECGI_CHANGE", 28 = "CHARGING_CORRELATION_EXCHANGE",
        29 = "APN-AMBR_MODIFICATION_FAILURE", 30 = "USER_CSG_INFORMATION_CHANGE", 33 = "USAGE_REPORT",
        34 = "DEFAULT-EPS-BEARER-QOS_MODIFICATION_FAILURE",
        35 = "USER_CSG_HYBRID_SUBSCRIBED_INFORMATION_CHANGE",
        36 = "USER_CSG_HYBRID_UNSUBSCRIBED_INFORMATION_CHANGE", 37 = "ROUTING_RULE_CHANGE",
        38 = "MAX_MBR_APN_AMBR_CHANGE", 39 = "APPLICATION_START", 40 = "APPLICATION_STOP",
        41 = "ADC_REVALIDATION_TIMEOUT", 42 = "CS_TO_PS_HANDOVER", 43 = "UE_LOCAL_IP_ADDRESS_CHANGE",
        44 = "H(E)NB_LOCAL_IP_ADDRESS_CHANGE", 45 = "ACCESS_NETWORK_INFO_REPORT",
        46 = "CREDIT_MANAGEMENT_SESSION_FAILURE", 47 = "DEFAULT_QOS_CHANGE",
        48 = "CHANGE_OF_UE_PRESENCE_IN_PRESENCE_REPORTING_AREA_REPORT",
}
enum_values! {
    /// Metering-Method values (TS 29.212 §5.3.8).
    METERING_METHOD_VALUES: 0 = "DURATION", 1 = "VOLUME", 2 = "DURATION_VOLUME",
}
enum_values! {
    /// Offline values (TS 29.212 §5.3.9).
    OFFLINE_VALUES: 0 = "DISABLE_OFFLINE", 1 = "ENABLE_OFFLINE",
}
enum_values! {
    /// Online values (TS 29.212 §5.3.10).
    ONLINE_VALUES: 0 = "DISABLE_ONLINE", 1 = "ENABLE_ONLINE",
}
enum_values! {
    /// Reporting-Level values (TS 29.212 §5.3.12).
    REPORTING_LEVEL_VALUES: 0 = "SERVICE_IDENTIFIER_LEVEL", 1 = "RATING_GROUP_LEVEL",
        2 = "SPONSORED_CONNECTIVITY_LEVEL",
}
enum_values! {
    /// PCC-Rule-Status values (TS 29.212 §5.3.19).
    PCC_RULE_STATUS_VALUES: 0 = "ACTIVE", 1 = "INACTIVE", 2 = "TEMPORARY_INACTIVE",
}
enum_values! {
    /// Bearer-Operation values (TS 29.212 §5.3.21).
    BEARER_OPERATION_VALUES: 0 = "TERMINATION", 1 = "ESTABLISHMENT", 2 = "MODIFICATION",
}
enum_values! {
    /// Bearer-Control-Mode values (TS 29.212 §5.3.23).
    BEARER_CONTROL_MODE_VALUES: 0 = "UE_ONLY", 1 = "RESERVED", 2 = "UE_NW",
}
enum_values! {
    /// Network-Request-Support values (TS 29.212 §5.3.24).
    NETWORK_REQUEST_SUPPORT_VALUES: 0 = "NETWORK_REQUEST NOT SUPPORTED", 1 = "NETWORK_REQUEST SUPPORTED",
}
enum_values! {
    /// IP-CAN-Type values (TS 29.212 §5.3.27).
    IP_CAN_TYPE_VALUES: 0 = "3GPP-GPRS", 1 = "DOCSIS", 2 = "xDSL", 3 = "WiMAX", 4 = "3GPP2",
        5 = "3GPP-EPS", 6 = "Non-3GPP-EPS", 7 = "FBA", 8 = "3GPP-5GS", 9 = "Non-3GPP-5GS",
}
enum_values! {
    /// Rule-Failure-Code values (TS 29.212 §5.3.38).
    RULE_FAILURE_CODE_VALUES: 1 = "UNKNOWN_RULE_NAME", 2 = "RATING_GROUP_ERROR", 3 = "SERVICE_IDENTIFIER_ERROR",
        4 = "GW/PCEF_MALFUNCTION", 5 = "RESOURCES_LIMITATION", 6 = "MAX_NR_BEARERS_REACHED",
        7 = "UNKNOWN_BEARER_ID", 8 = "MISSING_BEARER_ID", 9 = "MISSING_FLOW_DESCRIPTION",
        10 = "RESOURCE_ALLOCATION_FAILURE", 11 = "UNSUCCESSFUL_QOS_VALIDATION",
        12 = "INCORRECT_FLOW_INFORMATION", 13 = "PS_TO_CS_HANDOVER", 14 = "TDF_APPLICATION_IDENTIFIER_ERROR",
        15 = "NO_BEARER_BOUND", 16 = "FILTER_RESTRICTIONS", 17 = "AN_GW_FAILED",
        18 = "MISSING_REDIRECT_SERVER_ADDRESS", 19 = "CM_END_USER_SERVICE_DENIED",
        20 = "CM_CREDIT_CONTROL_NOT_APPLICABLE", 21 = "CM_AUTHORIZATION_REJECTED", 22 = "CM_USER_UNKNOWN",
        23 = "CM_RATING_FAILED", 24 = "ROUTING_RULE_REJECTION",
}
enum_values! {
    /// Session-Release-Cause values (TS 29.212 §5.3.44).
    SESSION_RELEASE_CAUSE_VALUES: 0 = "UNSPECIFIED_REASON", 1 = "UE_SUBSCRIPTION_REASON",
        2 = "INSUFFICIENT_SERVER_RESOURCES",
}
enum_values! {
    /// Packet-Filter-Operation values (TS 29.212 §5.3.57).
    PACKET_FILTER_OPERATION_VALUES: 0 = "DELETION", 1 = "ADDITION", 2 = "MODIFICATION",
}
enum_values! {
    /// Resource-Allocation-Notification values (TS 29.212 §5.3.50).
    RESOURCE_ALLOCATION_NOTIFICATION_VALUES: 0 = "ENABLE_NOTIFICATION",
}
enum_values! {
    /// Usage-Monitoring-Level values (TS 29.212 §5.3.61).
    USAGE_MONITORING_LEVEL_VALUES: 0 = "SESSION_LEVEL", 1 = "PCC_RULE_LEVEL",
}
enum_values! {
    /// Usage-Monitoring-Report values (TS 29.212 §5.3.62).
    USAGE_MONITORING_REPORT_VALUES: 0 = "USAGE_MONITORING_REPORT_REQUIRED",
}
enum_values! {
    /// Usage-Monitoring-Support values (TS 29.212 §5.3.63).
    USAGE_MONITORING_SUPPORT_VALUES: 0 = "USAGE_MONITORING_DISABLED",
}
enum_values! {
    /// Flow-Direction values (TS 29.212 §5.3.65).
    FLOW_DIRECTION_VALUES: 0 = "UNSPECIFIED", 1 = "DOWNLINK", 2 = "UPLINK", 3 = "BIDIRECTIONAL",
}

avps! { vendor = VENDOR_3GPP;
    /// Flow-Description (TS 29.214 §5.3.8), carried in Flow-Information.
    FLOW_DESCRIPTION = 507, "Flow-Description", IpFilterRule, Must;
    /// Bearer-Usage (TS 29.212 §5.3.1).
    BEARER_USAGE = 1000, "Bearer-Usage", Enumerated, Must, enums = BEARER_USAGE_VALUES;
    /// Charging-Rule-Install (TS 29.212 §5.3.2).
    CHARGING_RULE_INSTALL = 1001, "Charging-Rule-Install", Grouped, Must;
    /// Charging-Rule-Remove (TS 29.212 §5.3.3).
    CHARGING_RULE_REMOVE = 1002, "Charging-Rule-Remove", Grouped, Must;
    /// Charging-Rule-Definition (TS 29.212 §5.3.4).
    CHARGING_RULE_DEFINITION = 1003, "Charging-Rule-Definition", Grouped, Must;
    /// Charging-Rule-Name (TS 29.212 §5.3.6).
    CHARGING_RULE_NAME = 1005, "Charging-Rule-Name", OctetString, Must;
    /// Event-Trigger (TS 29.212 §5.3.7).
    EVENT_TRIGGER = 1006, "Event-Trigger", Enumerated, Must, enums = EVENT_TRIGGER_VALUES;
    /// Metering-Method (TS 29.212 §5.3.8).
    METERING_METHOD = 1007, "Metering-Method", Enumerated, Must, enums = METERING_METHOD_VALUES;
    /// Offline (TS 29.212 §5.3.9).
    OFFLINE = 1008, "Offline", Enumerated, Must, enums = OFFLINE_VALUES;
    /// Online (TS 29.212 §5.3.10).
    ONLINE = 1009, "Online", Enumerated, Must, enums = ONLINE_VALUES;
    /// Precedence (TS 29.212 §5.3.11).
    PRECEDENCE = 1010, "Precedence", Unsigned32, Must;
    /// Reporting-Level (TS 29.212 §5.3.12).
    REPORTING_LEVEL = 1011, "Reporting-Level", Enumerated, Must, enums = REPORTING_LEVEL_VALUES;
    /// ToS-Traffic-Class (TS 29.212 §5.3.15).
    TOS_TRAFFIC_CLASS = 1014, "ToS-Traffic-Class", OctetString, Must;
    /// Charging-Rule-Report (TS 29.212 §5.3.18).
    CHARGING_RULE_REPORT = 1018, "Charging-Rule-Report", Grouped, Must;
    /// PCC-Rule-Status (TS 29.212 §5.3.19).
    PCC_RULE_STATUS = 1019, "PCC-Rule-Status", Enumerated, Must, enums = PCC_RULE_STATUS_VALUES;
    /// Bearer-Operation (TS 29.212 §5.3.21).
    BEARER_OPERATION = 1021, "Bearer-Operation", Enumerated, Must, enums = BEARER_OPERATION_VALUES;
    /// Bearer-Control-Mode (TS 29.212 §5.3.23).
    BEARER_CONTROL_MODE = 1023, "Bearer-Control-Mode", Enumerated, Must, enums = BEARER_CONTROL_MODE_VALUES;
    /// Network-Request-Support (TS 29.212 §5.3.24).
    NETWORK_REQUEST_SUPPORT = 1024, "Network-Request-Support", Enumerated, Must, enums = NETWORK_REQUEST_SUPPORT_VALUES;
    /// IP-CAN-Type (TS 29.212 §5.3.27).
    IP_CAN_TYPE = 1027, "IP-CAN-Type", Enumerated, Must, enums = IP_CAN_TYPE_VALUES;
    /// Rule-Failure-Code (TS 29.212 §5.3.38).
    RULE_FAILURE_CODE = 1031, "Rule-Failure-Code", Enumerated, Must, enums = RULE_FAILURE_CODE_VALUES;
    /// Revalidation-Time (TS 29.212 §5.3.41).
    REVALIDATION_TIME = 1042, "Revalidation-Time", Time, Must;
    /// Rule-Activation-Time (TS 29.212 §5.3.42).
    RULE_ACTIVATION_TIME = 1043, "Rule-Activation-Time", Time, Must;
    /// Rule-Deactivation-Time (TS 29.212 §5.3.43).
    RULE_DEACTIVATION_TIME = 1044, "Rule-Deactivation-Time", Time, Must;
    /// Session-Release-Cause (TS 29.212 §5.3.44).
    SESSION_RELEASE_CAUSE = 1045, "Session-Release-Cause", Enumerated, Must, enums = SESSION_RELEASE_CAUSE_VALUES;
    /// Default-EPS-Bearer-QoS (TS 29.212 §5.3.48).
    DEFAULT_EPS_BEARER_QOS = 1049, "Default-EPS-Bearer-QoS", Grouped, MustNot;
    /// AN-GW-Address (TS 29.212 §5.3.49).
    AN_GW_ADDRESS = 1050, "AN-GW-Address", Address, MustNot;
    /// Security-Parameter-Index (TS 29.212 §5.3.51).
    SECURITY_PARAMETER_INDEX = 1056, "Security-Parameter-Index", OctetString, MustNot;
    /// Flow-Label (TS 29.212 §5.3.52).
    FLOW_LABEL = 1057, "Flow-Label", OctetString, MustNot;
    /// Flow-Information (TS 29.212 §5.3.53).
    FLOW_INFORMATION = 1058, "Flow-Information", Grouped, MustNot;
    /// Packet-Filter-Content (TS 29.212 §5.3.54).
    PACKET_FILTER_CONTENT = 1059, "Packet-Filter-Content", IpFilterRule, MustNot;
    /// Packet-Filter-Identifier (TS 29.212 §5.3.55).
    PACKET_FILTER_IDENTIFIER = 1060, "Packet-Filter-Identifier", OctetString, MustNot;
    /// Packet-Filter-Information (TS 29.212 §5.3.56).
    PACKET_FILTER_INFORMATION = 1061, "Packet-Filter-Information", Grouped, MustNot;
    /// Packet-Filter-Operation (TS 29.212 §5.3.57).
    PACKET_FILTER_OPERATION = 1062, "Packet-Filter-Operation", Enumerated, MustNot, enums = PACKET_FILTER_OPERATION_VALUES;
    /// Resource-Allocation-Notification (TS 29.212 §5.3.50).
    RESOURCE_ALLOCATION_NOTIFICATION = 1063, "Resource-Allocation-Notification", Enumerated, MustNot, enums = RESOURCE_ALLOCATION_NOTIFICATION_VALUES;
    /// Monitoring-Key (TS 29.212 §5.3.59).
    MONITORING_KEY = 1066, "Monitoring-Key", OctetString, MustNot;
    /// Usage-Monitoring-Information (TS 29.212 §5.3.60).
    USAGE_MONITORING_INFORMATION = 1067, "Usage-Monitoring-Information", Grouped, MustNot;
    /// Usage-Monitoring-Level (TS 29.212 §5.3.61).
    USAGE_MONITORING_LEVEL = 1068, "Usage-Monitoring-Level", Enumerated, MustNot, enums = USAGE_MONITORING_LEVEL_VALUES;
    /// Usage-Monitoring-Report (TS 29.212 §5.3.62).
    USAGE_MONITORING_REPORT = 1069, "Usage-Monitoring-Report", Enumerated, MustNot, enums = USAGE_MONITORING_REPORT_VALUES;
    /// Usage-Monitoring-Support (TS 29.212 §5.3.63).
    USAGE_MONITORING_SUPPORT = 1070, "Usage-Monitoring-Support", Enumerated, MustNot, enums = USAGE_MONITORING_SUPPORT_VALUES;
    /// Flow-Direction (TS 29.212 §5.3.65).
    FLOW_DIRECTION = 1080, "Flow-Direction", Enumerated, MustNot, enums = FLOW_DIRECTION_VALUES;
}

/// The Gx dictionary (TS 29.212): its application, the Gx variants of CCR/CCA
/// and RAR/RAA, its AVPs and Grouped AVP grammars. It names AVPs of
/// [`super::base`], [`super::cc`], [`super::s6a`] and [`super::gy`], so a
/// set with Gx holds those too ([`super::ALL`]).
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "gx",
    applications: &[super::Application {
        id: super::application::GX,
        name: "3GPP Gx",
    }],
    avps: AVPS,
    commands: super::grammars::gx::COMMANDS,
    groups: super::grammars::gx::GROUPS,
    closed_enums: &[],
    fixed_octets: &[],
});
