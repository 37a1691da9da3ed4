//! Gy/Ro AVPs (3GPP TS 32.299 §7.2), vendor 10415: the Service-Information
//! tree of a PS session and the Multiple-Services-Credit-Control additions,
//! plus the TS 29.061 §16.4.7 3GPP-* AVPs carried in PS-Information and the
//! TS 29.212 AVPs Gy reuses (QoS-Information, Charging-Rule-Base-Name).

use super::{avps, enum_values, VENDOR_3GPP};

enum_values! {
    /// 3GPP-PDP-Type values (TS 29.061 §16.4.7).
    TGPP_PDP_TYPE_VALUES: 0 = "IPv4", 1 = "PPP", 2 = "IPv6", 3 = "IPv4v6",
}
enum_values! {
    /// Role-Of-Node values (TS 32.299 §7.2).
    ROLE_OF_NODE_VALUES: 0 = "ORIGINATING_ROLE", 1 = "TERMINATING_ROLE", 2 = "FORWARDING_ROLE",
}
enum_values! {
    /// Node-Functionality values (TS 32.299 §7.2).
    NODE_FUNCTIONALITY_VALUES: 0 = "S-CSCF", 1 = "P-CSCF", 2 = "I-CSCF", 3 = "MRFC", 4 = "MGCF", 5 = "BGCF",
        6 = "AS", 7 = "IBCF", 8 = "S-GW", 9 = "P-GW", 10 = "HSGW", 11 = "E-CSCF", 12 = "MME", 13 = "TRF",
        14 = "TF", 15 = "ATCF", 16 = "Proxy Function", 17 = "ePDG",
}
enum_values! {
    /// PS-Append-Free-Format-Data values (TS 32.299 §7.2).
    PS_APPEND_FREE_FORMAT_DATA_VALUES: 0 = "Append", 1 = "Overwrite",
}
enum_values! {
    /// Trigger-Type values (TS 32.299 §7.2).
    TRIGGER_TYPE_VALUES: 1 = "CHANGE_IN_SGSN_IP_ADDRESS", 2 = "CHANGE_IN_QOS", 3 = "CHANGE_IN_LOCATION",
        4 = "CHANGE_IN_RAT", 5 = "CHANGE_IN_UE_TIMEZONE", 10 = "CHANGEINQOS_TRAFFIC_CLASS",
        11 = "CHANGEINQOS_RELIABILITY_CLASS", 12 = "CHANGEINQOS_DELAY_CLASS",
        13 = "CHANGEINQOS_PEAK_THROUGHPUT", 14 = "CHANGEINQOS_PRECEDENCE_CLASS",
        15 = "CHANGEINQOS_MEAN_THROUGHPUT", 16 = "CHANGEINQOS_MAXIMUM_BIT_RATE_FOR_UPLINK",
        17 = "CHANGEINQOS_MAXIMUM_BIT_RATE_FOR_DOWNLINK", 18 = "CHANGEINQOS_RESIDUAL_BER",
        19 = "CHANGEINQOS_SDU_ERROR_RATIO", 20 = "CHANGEINQOS_TRANSFER_DELAY",
        21 = "CHANGEINQOS_TRAFFIC_HANDLING_PRIORITY", 22 = "CHANGEINQOS_GUARANTEED_BIT_RATE_FOR_UPLINK",
        23 = "CHANGEINQOS_GUARANTEED_BIT_RATE_FOR_DOWNLINK", 24 = "CHANGEINQOS_APN_AGGREGATE_MAXIMUM_BIT_RATE",
        30 = "CHANGEINLOCATION_MCC", 31 = "CHANGEINLOCATION_MNC", 32 = "CHANGEINLOCATION_RAC",
        33 = "CHANGEINLOCATION_LAC", 34 = "CHANGEINLOCATION_CellId", 35 = "CHANGEINLOCATION_TAC",
        36 = "CHANGEINLOCATION_ECGI", 40 = "CHANGE_IN_MEDIA_COMPOSITION", 50 = "CHANGE_IN_PARTICIPANTS_NMB",
        51 = "CHANGE_IN_THRSHLD_OF_PARTICIPANTS_NMB", 52 = "CHANGE_IN_USER_PARTICIPATING_TYPE",
        60 = "CHANGE_IN_SERVICE_CONDITION", 61 = "CHANGE_IN_SERVING_NODE",
        62 = "CHANGE_IN_ACCESS_FOR_A_SERVICE_DATA_FLOW", 70 = "CHANGE_IN_USER_CSG_INFORMATION",
        71 = "CHANGE_IN_HYBRID_SUBSCRIBED_USER_CSG_INFORMATION",
        72 = "CHANGE_IN_HYBRID_UNSUBSCRIBED_USER_CSG_INFORMATION",
        73 = "CHANGE_OF_UE_PRESENCE_IN_PRESENCE_REPORTING_AREA", 74 = "CHANGE_IN_SERVING_PLMN_RATE_CONTROL",
        75 = "CHANGE_IN_APN_RATE_CONTROL", 76 = "CHANGE_IN_3GPP_PS_DATA_OFF",
}
enum_values! {
    /// Reporting-Reason values (TS 32.299 §7.2).
    REPORTING_REASON_VALUES: 0 = "THRESHOLD", 1 = "QHT", 2 = "FINAL", 3 = "QUOTA_EXHAUSTED",
        4 = "VALIDITY_TIME", 5 = "OTHER_QUOTA_TYPE", 6 = "RATING_CONDITION_CHANGE",
        7 = "FORCED_REAUTHORISATION", 8 = "POOL_EXHAUSTED", 9 = "UNUSED_QUOTA_TIMER",
}
enum_values! {
    /// PDP-Context-Type values (TS 32.299 §7.2).
    PDP_CONTEXT_TYPE_VALUES: 0 = "PRIMARY", 1 = "SECONDARY",
}
enum_values! {
    /// Envelope-Reporting values (TS 32.299 §7.2).
    ENVELOPE_REPORTING_VALUES: 0 = "DO_NOT_REPORT_ENVELOPES", 1 = "REPORT_ENVELOPES",
        2 = "REPORT_ENVELOPES_WITH_VOLUME", 3 = "REPORT_ENVELOPES_WITH_EVENTS",
        4 = "REPORT_ENVELOPES_WITH_VOLUME_AND_EVENTS",
}
enum_values! {
    /// Time-Quota-Type values (TS 32.299 §7.2).
    TIME_QUOTA_TYPE_VALUES: 0 = "DISCRETE_TIME_PERIOD", 1 = "CONTINUOUS_TIME_PERIOD",
}
enum_values! {
    /// Low-Balance-Indication values (TS 32.299 §7.2).
    LOW_BALANCE_INDICATION_VALUES: 0 = "NOT-APPLICABLE", 1 = "YES",
}
enum_values! {
    /// Serving-Node-Type values (TS 32.299 §7.2).
    SERVING_NODE_TYPE_VALUES: 0 = "SGSN", 1 = "PMIPSGW", 2 = "GTPSGW", 3 = "ePDG", 4 = "hSGW", 5 = "MME",
}
enum_values! {
    /// Dynamic-Address-Flag values (TS 32.299 §7.2); also Dynamic-Address-Flag-Extension's.
    DYNAMIC_ADDRESS_FLAG_VALUES: 0 = "Static", 1 = "Dynamic",
}
enum_values! {
    /// AoC-Request-Type values (TS 32.299 §7.2).
    AOC_REQUEST_TYPE_VALUES: 0 = "AoC_NOT_REQUESTED", 1 = "AoC_FULL", 2 = "AoC_COST_ONLY",
        3 = "AoC_TARIFF_ONLY",
}
enum_values! {
    /// SGW-Change values (TS 32.299 §7.2).
    SGW_CHANGE_VALUES: 0 = "ACR_Start_NOT_due_to_SGW_Change", 1 = "ACR_Start_due_to_SGW_Change",
}
enum_values! {
    /// Charging-Characteristics-Selection-Mode values (TS 32.299 §7.2).
    CHARGING_CHARACTERISTICS_SELECTION_MODE_VALUES: 0 = "Serving-Node-Supplied", 1 = "Subscription-specific",
        2 = "APN-specific", 3 = "Home-Default", 4 = "Roaming-Default", 5 = "Visiting-Default",
}
enum_values! {
    /// CSG-Access-Mode values (TS 32.299 §7.2).
    CSG_ACCESS_MODE_VALUES: 0 = "Closed mode", 1 = "Hybrid Mode",
}
enum_values! {
    /// CSG-Membership-Indication values (TS 32.299 §7.2).
    CSG_MEMBERSHIP_INDICATION_VALUES: 0 = "Not CSG member", 1 = "CSG Member",
}
enum_values! {
    /// 3GPP-PS-Data-Off-Status values (TS 32.299 §7.2).
    TGPP_PS_DATA_OFF_STATUS_VALUES: 0 = "Active", 1 = "Inactive",
}

avps! { vendor = VENDOR_3GPP;
    /// 3GPP-IMSI (TS 29.061 §16.4.7).
    TGPP_IMSI = 1, "3GPP-IMSI", Utf8String, MustNot;
    /// 3GPP-Charging-Id (TS 29.061 §16.4.7).
    TGPP_CHARGING_ID = 2, "3GPP-Charging-Id", OctetString, MustNot;
    /// 3GPP-PDP-Type (TS 29.061 §16.4.7).
    TGPP_PDP_TYPE = 3, "3GPP-PDP-Type", Enumerated, MustNot, enums = TGPP_PDP_TYPE_VALUES;
    /// 3GPP-CG-Address (TS 29.061 §16.4.7).
    TGPP_CG_ADDRESS = 4, "3GPP-CG-Address", OctetString, MustNot;
    /// 3GPP-GPRS-Negotiated-QoS-Profile (TS 29.061 §16.4.7).
    TGPP_GPRS_NEGOTIATED_QOS_PROFILE = 5, "3GPP-GPRS-Negotiated-QoS-Profile", Utf8String, MustNot;
    /// 3GPP-SGSN-Address (TS 29.061 §16.4.7).
    TGPP_SGSN_ADDRESS = 6, "3GPP-SGSN-Address", OctetString, MustNot;
    /// 3GPP-GGSN-Address (TS 29.061 §16.4.7).
    TGPP_GGSN_ADDRESS = 7, "3GPP-GGSN-Address", OctetString, MustNot;
    /// 3GPP-IMSI-MCC-MNC (TS 29.061 §16.4.7).
    TGPP_IMSI_MCC_MNC = 8, "3GPP-IMSI-MCC-MNC", Utf8String, MustNot;
    /// 3GPP-GGSN-MCC-MNC (TS 29.061 §16.4.7).
    TGPP_GGSN_MCC_MNC = 9, "3GPP-GGSN-MCC-MNC", Utf8String, MustNot;
    /// 3GPP-NSAPI (TS 29.061 §16.4.7).
    TGPP_NSAPI = 10, "3GPP-NSAPI", OctetString, MustNot;
    /// 3GPP-Session-Stop-Indicator (TS 29.061 §16.4.7).
    TGPP_SESSION_STOP_INDICATOR = 11, "3GPP-Session-Stop-Indicator", OctetString, MustNot;
    /// 3GPP-Selection-Mode (TS 29.061 §16.4.7).
    TGPP_SELECTION_MODE = 12, "3GPP-Selection-Mode", Utf8String, MustNot;
    /// 3GPP-Charging-Characteristics (TS 29.061 §16.4.7).
    TGPP_CHARGING_CHARACTERISTICS = 13, "3GPP-Charging-Characteristics", Utf8String, MustNot;
    /// 3GPP-CG-IPv6-Address (TS 29.061 §16.4.7).
    TGPP_CG_IPV6_ADDRESS = 14, "3GPP-CG-IPv6-Address", OctetString, MustNot;
    /// 3GPP-SGSN-IPv6-Address (TS 29.061 §16.4.7).
    TGPP_SGSN_IPV6_ADDRESS = 15, "3GPP-SGSN-IPv6-Address", OctetString, MustNot;
    /// 3GPP-GGSN-IPv6-Address (TS 29.061 §16.4.7).
    TGPP_GGSN_IPV6_ADDRESS = 16, "3GPP-GGSN-IPv6-Address", OctetString, MustNot;
    /// 3GPP-IPv6-DNS-Servers (TS 29.061 §16.4.7).
    TGPP_IPV6_DNS_SERVERS = 17, "3GPP-IPv6-DNS-Servers", OctetString, MustNot;
    /// 3GPP-SGSN-MCC-MNC (TS 29.061 §16.4.7).
    TGPP_SGSN_MCC_MNC = 18, "3GPP-SGSN-MCC-MNC", Utf8String, MustNot;
    /// 3GPP-IMEISV (TS 29.061 §16.4.7).
    TGPP_IMEISV = 20, "3GPP-IMEISV", OctetString, MustNot;
    /// 3GPP-RAT-Type (TS 29.061 §16.4.7).
    TGPP_RAT_TYPE = 21, "3GPP-RAT-Type", OctetString, MustNot;
    /// 3GPP-User-Location-Info (TS 29.061 §16.4.7).
    TGPP_USER_LOCATION_INFO = 22, "3GPP-User-Location-Info", OctetString, MustNot;
    /// 3GPP-MS-TimeZone (TS 29.061 §16.4.7).
    TGPP_MS_TIMEZONE = 23, "3GPP-MS-TimeZone", OctetString, MustNot;
    /// 3GPP-CAMEL-Charging-Info (TS 29.061 §16.4.7).
    TGPP_CAMEL_CHARGING_INFO = 24, "3GPP-CAMEL-Charging-Info", OctetString, MustNot;
    /// 3GPP-Negotiated-DSCP (TS 29.061 §16.4.7).
    TGPP_NEGOTIATED_DSCP = 26, "3GPP-Negotiated-DSCP", OctetString, MustNot;
    /// Event-Type (TS 32.299 §7.2).
    EVENT_TYPE = 823, "Event-Type", Grouped, Must;
    /// SIP-Method (TS 32.299 §7.2).
    SIP_METHOD = 824, "SIP-Method", Utf8String, Must;
    /// Event (TS 32.299 §7.2).
    EVENT = 825, "Event", Utf8String, Must;
    /// Content-Type (TS 32.299 §7.2).
    CONTENT_TYPE = 826, "Content-Type", Utf8String, Must;
    /// Content-Length (TS 32.299 §7.2).
    CONTENT_LENGTH = 827, "Content-Length", Unsigned32, Must;
    /// Content-Disposition (TS 32.299 §7.2).
    CONTENT_DISPOSITION = 828, "Content-Disposition", Utf8String, Must;
    /// Role-Of-Node (TS 32.299 §7.2).
    ROLE_OF_NODE = 829, "Role-Of-Node", Enumerated, Must, enums = ROLE_OF_NODE_VALUES;
    /// User-Session-Id (TS 32.299 §7.2).
    USER_SESSION_ID = 830, "User-Session-Id", Utf8String, Must;
    /// Calling-Party-Address (TS 32.299 §7.2).
    CALLING_PARTY_ADDRESS = 831, "Calling-Party-Address", Utf8String, Must;
    /// Called-Party-Address (TS 32.299 §7.2).
    CALLED_PARTY_ADDRESS = 832, "Called-Party-Address", Utf8String, Must;
    /// Time-Stamps (TS 32.299 §7.2).
    TIME_STAMPS = 833, "Time-Stamps", Grouped, Must;
    /// SIP-Request-Timestamp (TS 32.299 §7.2).
    SIP_REQUEST_TIMESTAMP = 834, "SIP-Request-Timestamp", Time, Must;
    /// SIP-Response-Timestamp (TS 32.299 §7.2).
    SIP_RESPONSE_TIMESTAMP = 835, "SIP-Response-Timestamp", Time, Must;
    /// Inter-Operator-Identifier (TS 32.299 §7.2).
    INTER_OPERATOR_IDENTIFIER = 838, "Inter-Operator-Identifier", Grouped, Must;
    /// Originating-IOI (TS 32.299 §7.2).
    ORIGINATING_IOI = 839, "Originating-IOI", Utf8String, Must;
    /// Terminating-IOI (TS 32.299 §7.2).
    TERMINATING_IOI = 840, "Terminating-IOI", Utf8String, Must;
    /// IMS-Charging-Identifier (TS 32.299 §7.2).
    IMS_CHARGING_IDENTIFIER = 841, "IMS-Charging-Identifier", Utf8String, Must;
    /// CG-Address (TS 32.299 §7.2).
    CG_ADDRESS = 846, "CG-Address", Address, Must;
    /// GGSN-Address (TS 32.299 §7.2).
    GGSN_ADDRESS = 847, "GGSN-Address", Address, Must;
    /// Served-Party-IP-Address (TS 32.299 §7.2).
    SERVED_PARTY_IP_ADDRESS = 848, "Served-Party-IP-Address", Address, Must;
    /// Cause-Code (TS 32.299 §7.2).
    CAUSE_CODE = 861, "Cause-Code", Integer32, Must;
    /// Node-Functionality (TS 32.299 §7.2).
    NODE_FUNCTIONALITY = 862, "Node-Functionality", Enumerated, Must, enums = NODE_FUNCTIONALITY_VALUES;
    /// Service-Specific-Data (TS 32.299 §7.2).
    SERVICE_SPECIFIC_DATA = 863, "Service-Specific-Data", Utf8String, Must;
    /// PS-Furnish-Charging-Information (TS 32.299 §7.2).
    PS_FURNISH_CHARGING_INFORMATION = 865, "PS-Furnish-Charging-Information", Grouped, Must;
    /// PS-Free-Format-Data (TS 32.299 §7.2).
    PS_FREE_FORMAT_DATA = 866, "PS-Free-Format-Data", OctetString, Must;
    /// PS-Append-Free-Format-Data (TS 32.299 §7.2).
    PS_APPEND_FREE_FORMAT_DATA = 867, "PS-Append-Free-Format-Data", Enumerated, Must, enums = PS_APPEND_FREE_FORMAT_DATA_VALUES;
    /// Time-Quota-Threshold (TS 32.299 §7.2).
    TIME_QUOTA_THRESHOLD = 868, "Time-Quota-Threshold", Unsigned32, Must;
    /// Volume-Quota-Threshold (TS 32.299 §7.2).
    VOLUME_QUOTA_THRESHOLD = 869, "Volume-Quota-Threshold", Unsigned32, Must;
    /// Trigger-Type (TS 32.299 §7.2).
    TRIGGER_TYPE = 870, "Trigger-Type", Enumerated, Must, enums = TRIGGER_TYPE_VALUES;
    /// Quota-Holding-Time (TS 32.299 §7.2).
    QUOTA_HOLDING_TIME = 871, "Quota-Holding-Time", Unsigned32, Must;
    /// Reporting-Reason (TS 32.299 §7.2).
    REPORTING_REASON = 872, "Reporting-Reason", Enumerated, Must, enums = REPORTING_REASON_VALUES;
    /// Service-Information (TS 32.299 §7.2).
    SERVICE_INFORMATION = 873, "Service-Information", Grouped, Must;
    /// PS-Information (TS 32.299 §7.2).
    PS_INFORMATION = 874, "PS-Information", Grouped, Must;
    /// IMS-Information (TS 32.299 §7.2).
    IMS_INFORMATION = 876, "IMS-Information", Grouped, Must;
    /// Quota-Consumption-Time (TS 32.299 §7.2).
    QUOTA_CONSUMPTION_TIME = 881, "Quota-Consumption-Time", Unsigned32, Must;
    /// Charging-Rule-Base-Name (TS 29.212 §5.3.5).
    CHARGING_RULE_BASE_NAME = 1004, "Charging-Rule-Base-Name", Utf8String, Must;
    /// QoS-Information (TS 29.212 §5.3.16).
    QOS_INFORMATION = 1016, "QoS-Information", Grouped, Must;
    /// Bearer-Identifier (TS 29.212 §5.3.20).
    BEARER_IDENTIFIER = 1020, "Bearer-Identifier", OctetString, Must;
    /// Guaranteed-Bitrate-DL (TS 29.212 §5.3.25).
    GUARANTEED_BITRATE_DL = 1025, "Guaranteed-Bitrate-DL", Unsigned32, Must;
    /// Guaranteed-Bitrate-UL (TS 29.212 §5.3.26).
    GUARANTEED_BITRATE_UL = 1026, "Guaranteed-Bitrate-UL", Unsigned32, Must;
    /// APN-Aggregate-Max-Bitrate-DL (TS 29.212 §5.3.39).
    APN_AGGREGATE_MAX_BITRATE_DL = 1040, "APN-Aggregate-Max-Bitrate-DL", Unsigned32, MustNot;
    /// APN-Aggregate-Max-Bitrate-UL (TS 29.212 §5.3.40).
    APN_AGGREGATE_MAX_BITRATE_UL = 1041, "APN-Aggregate-Max-Bitrate-UL", Unsigned32, MustNot;
    /// Unit-Quota-Threshold (TS 32.299 §7.2).
    UNIT_QUOTA_THRESHOLD = 1226, "Unit-Quota-Threshold", Unsigned32, Must;
    /// PDP-Address (TS 32.299 §7.2).
    PDP_ADDRESS = 1227, "PDP-Address", Address, Must;
    /// SGSN-Address (TS 32.299 §7.2).
    SGSN_ADDRESS = 1228, "SGSN-Address", Address, Must;
    /// PDP-Context-Type (TS 32.299 §7.2).
    PDP_CONTEXT_TYPE = 1247, "PDP-Context-Type", Enumerated, Must, enums = PDP_CONTEXT_TYPE_VALUES;
    /// Service-Specific-Info (TS 32.299 §7.2).
    SERVICE_SPECIFIC_INFO = 1249, "Service-Specific-Info", Grouped, Must;
    /// Service-Specific-Type (TS 32.299 §7.2).
    SERVICE_SPECIFIC_TYPE = 1257, "Service-Specific-Type", Unsigned32, Must;
    /// Event-Charging-TimeStamp (TS 32.299 §7.2).
    EVENT_CHARGING_TIMESTAMP = 1258, "Event-Charging-TimeStamp", Time, Must;
    /// Access-Network-Information (TS 32.299 §7.2).
    ACCESS_NETWORK_INFORMATION = 1263, "Access-Network-Information", OctetString, Must;
    /// Trigger (TS 32.299 §7.2).
    TRIGGER = 1264, "Trigger", Grouped, Must;
    /// Base-Time-Interval (TS 32.299 §7.2).
    BASE_TIME_INTERVAL = 1265, "Base-Time-Interval", Unsigned32, Must;
    /// Envelope (TS 32.299 §7.2).
    ENVELOPE = 1266, "Envelope", Grouped, Must;
    /// Envelope-End-Time (TS 32.299 §7.2).
    ENVELOPE_END_TIME = 1267, "Envelope-End-Time", Time, Must;
    /// Envelope-Reporting (TS 32.299 §7.2).
    ENVELOPE_REPORTING = 1268, "Envelope-Reporting", Enumerated, Must, enums = ENVELOPE_REPORTING_VALUES;
    /// Envelope-Start-Time (TS 32.299 §7.2).
    ENVELOPE_START_TIME = 1269, "Envelope-Start-Time", Time, Must;
    /// Time-Quota-Mechanism (TS 32.299 §7.2).
    TIME_QUOTA_MECHANISM = 1270, "Time-Quota-Mechanism", Grouped, Must;
    /// Time-Quota-Type (TS 32.299 §7.2).
    TIME_QUOTA_TYPE = 1271, "Time-Quota-Type", Enumerated, Must, enums = TIME_QUOTA_TYPE_VALUES;
    /// AF-Correlation-Information (TS 32.299 §7.2).
    AF_CORRELATION_INFORMATION = 1276, "AF-Correlation-Information", Grouped, Must;
    /// Low-Balance-Indication (TS 32.299 §7.2).
    LOW_BALANCE_INDICATION = 2020, "Low-Balance-Indication", Enumerated, Must, enums = LOW_BALANCE_INDICATION_VALUES;
    /// Remaining-Balance (TS 32.299 §7.2).
    REMAINING_BALANCE = 2021, "Remaining-Balance", Grouped, Must;
    /// Refund-Information (TS 32.299 §7.2).
    REFUND_INFORMATION = 2022, "Refund-Information", OctetString, Must;
    /// Serving-Node-Type (TS 32.299 §7.2).
    SERVING_NODE_TYPE = 2047, "Serving-Node-Type", Enumerated, Must, enums = SERVING_NODE_TYPE_VALUES;
    /// PDN-Connection-Charging-ID (TS 32.299 §7.2).
    PDN_CONNECTION_CHARGING_ID = 2050, "PDN-Connection-Charging-ID", Unsigned32, Must;
    /// Dynamic-Address-Flag (TS 32.299 §7.2).
    DYNAMIC_ADDRESS_FLAG = 2051, "Dynamic-Address-Flag", Enumerated, Must, enums = DYNAMIC_ADDRESS_FLAG_VALUES;
    /// AoC-Cost-Information (TS 32.299 §7.2).
    AOC_COST_INFORMATION = 2053, "AoC-Cost-Information", Grouped, Must;
    /// AoC-Information (TS 32.299 §7.2).
    AOC_INFORMATION = 2054, "AoC-Information", Grouped, Must;
    /// AoC-Request-Type (TS 32.299 §7.2).
    AOC_REQUEST_TYPE = 2055, "AoC-Request-Type", Enumerated, Must, enums = AOC_REQUEST_TYPE_VALUES;
    /// Node-Id (TS 32.299 §7.2).
    NODE_ID = 2064, "Node-Id", Utf8String, Must;
    /// SGW-Change (TS 32.299 §7.2).
    SGW_CHANGE = 2065, "SGW-Change", Enumerated, Must, enums = SGW_CHANGE_VALUES;
    /// Charging-Characteristics-Selection-Mode (TS 32.299 §7.2).
    CHARGING_CHARACTERISTICS_SELECTION_MODE = 2066, "Charging-Characteristics-Selection-Mode", Enumerated, Must, enums = CHARGING_CHARACTERISTICS_SELECTION_MODE_VALUES;
    /// SGW-Address (TS 32.299 §7.2).
    SGW_ADDRESS = 2067, "SGW-Address", Address, Must;
    /// Dynamic-Address-Flag-Extension (TS 32.299 §7.2).
    DYNAMIC_ADDRESS_FLAG_EXTENSION = 2068, "Dynamic-Address-Flag-Extension", Enumerated, Must, enums = DYNAMIC_ADDRESS_FLAG_VALUES;
    /// CSG-Access-Mode (TS 32.299 §7.2).
    CSG_ACCESS_MODE = 2317, "CSG-Access-Mode", Enumerated, Must, enums = CSG_ACCESS_MODE_VALUES;
    /// CSG-Membership-Indication (TS 32.299 §7.2).
    CSG_MEMBERSHIP_INDICATION = 2318, "CSG-Membership-Indication", Enumerated, Must, enums = CSG_MEMBERSHIP_INDICATION_VALUES;
    /// User-CSG-Information (TS 32.299 §7.2).
    USER_CSG_INFORMATION = 2319, "User-CSG-Information", Grouped, Must;
    /// 3GPP-PS-Data-Off-Status (TS 32.299 §7.2).
    TGPP_PS_DATA_OFF_STATUS = 4406, "3GPP-PS-Data-Off-Status", Enumerated, Must, enums = TGPP_PS_DATA_OFF_STATUS_VALUES;
}

/// The Gy/Ro dictionary (TS 32.299 §7.2, TS 29.061): 3GPP AVPs only; Gy
/// and Ro run the credit-control application of [`super::cc::DICTIONARY`].
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "gy",
    avps: AVPS,
    ..super::Parts::EMPTY
});
