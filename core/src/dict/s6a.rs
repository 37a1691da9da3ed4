//! S6a/S6d AVPs (3GPP TS 29.272 §7.3, table 7.3.1/1), vendor 10415, and the
//! 3GPP AVPs of other specifications that S6a/S6d messages carry (TS 29.212,
//! TS 29.214, TS 29.229, TS 29.329, TS 29.173). The IETF AVPs S6a uses
//! (Service-Selection, MIP6-Agent-Info, ...) are in [`super::cc`]; the TS 29.061
//! 3GPP-* AVPs (e.g. 3GPP-Charging-Characteristics) in [`super::gy`].

use super::{avps, enum_values, VENDOR_3GPP};

enum_values! {
    /// QoS-Class-Identifier values (TS 29.212 §5.3.17).
    QOS_CLASS_IDENTIFIER_VALUES: 1 = "QCI_1", 2 = "QCI_2", 3 = "QCI_3", 4 = "QCI_4", 5 = "QCI_5", 6 = "QCI_6",
        7 = "QCI_7", 8 = "QCI_8", 9 = "QCI_9", 65 = "QCI_65", 66 = "QCI_66", 69 = "QCI_69", 70 = "QCI_70",
        75 = "QCI_75", 79 = "QCI_79", 80 = "QCI_80", 82 = "QCI_82", 83 = "QCI_83", 84 = "QCI_84", 85 = "QCI_85",
}
enum_values! {
    /// RAT-Type values (TS 29.212 §5.3.31).
    RAT_TYPE_VALUES: 0 = "WLAN", 1 = "VIRTUAL", 1000 = "UTRAN", 1001 = "GERAN", 1002 = "GAN",
        1003 = "HSPA_EVOLUTION", 1004 = "EUTRAN", 1005 = "EUTRAN-NB-IoT", 1007 = "LTE-M", 2000 = "CDMA2000_1X",
        2001 = "HRPD", 2002 = "UMB", 2003 = "EHRPD",
}
enum_values! {
    /// Pre-emption-Capability values (TS 29.212 §5.3.46).
    PRE_EMPTION_CAPABILITY_VALUES: 0 = "PRE-EMPTION_CAPABILITY_ENABLED", 1 = "PRE-EMPTION_CAPABILITY_DISABLED",
}
enum_values! {
    /// Pre-emption-Vulnerability values (TS 29.212 §5.3.47).
    PRE_EMPTION_VULNERABILITY_VALUES: 0 = "PRE-EMPTION_VULNERABILITY_ENABLED",
        1 = "PRE-EMPTION_VULNERABILITY_DISABLED",
}
enum_values! {
    /// Network-Access-Mode values (TS 29.272 §7.3.21).
    NETWORK_ACCESS_MODE_VALUES: 0 = "PACKET_AND_CIRCUIT", 2 = "ONLY_PACKET",
}
enum_values! {
    /// Cancellation-Type values (TS 29.272 §7.3.24).
    CANCELLATION_TYPE_VALUES: 0 = "MME_UPDATE_PROCEDURE", 1 = "SGSN_UPDATE_PROCEDURE",
        2 = "SUBSCRIPTION_WITHDRAWAL", 3 = "UPDATE_PROCEDURE_IWF", 4 = "INITIAL_ATTACH_PROCEDURE",
}
enum_values! {
    /// Subscriber-Status values (TS 29.272 §7.3.29).
    SUBSCRIBER_STATUS_VALUES: 0 = "SERVICE_GRANTED", 1 = "OPERATOR_DETERMINED_BARRING",
}
enum_values! {
    /// All-APN-Configurations-Included-Indicator values (TS 29.272 §7.3.33).
    ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR_VALUES: 0 = "ALL_APN_CONFIGURATIONS_INCLUDED",
        1 = "MODIFIED/ADDED_APN_CONFIGURATIONS_INCLUDED",
}
enum_values! {
    /// VPLMN-Dynamic-Address-Allowed values (TS 29.272 §7.3.38).
    VPLMN_DYNAMIC_ADDRESS_ALLOWED_VALUES: 0 = "NOTALLOWED", 1 = "ALLOWED",
}
enum_values! {
    /// Alert-Reason values (TS 29.272 §7.3.83).
    ALERT_REASON_VALUES: 0 = "UE_PRESENT", 1 = "UE_MEMORY_AVAILABLE",
}
enum_values! {
    /// PDN-GW-Allocation-Type values (TS 29.272 §7.3.44).
    PDN_GW_ALLOCATION_TYPE_VALUES: 0 = "STATIC", 1 = "DYNAMIC",
}
enum_values! {
    /// Equipment-Status values (TS 29.272 §7.3.51).
    EQUIPMENT_STATUS_VALUES: 0 = "WHITELISTED", 1 = "BLACKLISTED", 2 = "GREYLISTED",
}
enum_values! {
    /// PDN-Type values (TS 29.272 §7.3.62).
    PDN_TYPE_VALUES: 0 = "IPv4", 1 = "IPv6", 2 = "IPv4v6", 3 = "IPv4_OR_IPv6",
}
enum_values! {
    /// Roaming-Restricted-Due-To-Unsupported-Feature values (TS 29.272 §7.3.81).
    ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE_VALUES: 0 = "Roaming-Restricted-Due-To-Unsupported-Feature",
}
enum_values! {
    /// Trace-Depth values (TS 29.272 §7.3.67).
    TRACE_DEPTH_VALUES: 0 = "Minimum", 1 = "Medium", 2 = "Maximum", 3 = "MinimumWithoutVendorSpecificExtension",
        4 = "MediumWithoutVendorSpecificExtension", 5 = "MaximumWithoutVendorSpecificExtension",
}
enum_values! {
    /// Complete-Data-List-Included-Indicator values (TS 29.272 §7.3.73).
    COMPLETE_DATA_LIST_INCLUDED_INDICATOR_VALUES: 0 = "ALL_PDP_CONTEXTS_INCLUDED",
        1 = "MODIFIED/ADDED_PDP CONTEXTS_INCLUDED",
}
enum_values! {
    /// Notification-To-UE-User values (TS 29.272 §7.3.89).
    NOTIFICATION_TO_UE_USER_VALUES: 0 = "NOTIFY_LOCATION_ALLOWED",
        1 = "NOTIFYANDVERIFY_LOCATION_ALLOWED_IF_NO_RESPONSE",
        2 = "NOTIFYANDVERIFY_LOCATION_NOT_ALLOWED_IF_NO_RESPONSE", 3 = "LOCATION_NOT_ALLOWED",
}
enum_values! {
    /// GMLC-Restriction values (TS 29.272 §7.3.92).
    GMLC_RESTRICTION_VALUES: 0 = "GMLC_LIST", 1 = "HOME_COUNTRY",
}
enum_values! {
    /// PLMN-Client values (TS 29.272 §7.3.93).
    PLMN_CLIENT_VALUES: 0 = "BROADCAST_SERVICE", 1 = "O_AND_M_HPLMN", 2 = "O_AND_M_VPLMN",
        3 = "ANONYMOUS_LOCATION", 4 = "TARGET_UE_SUBSCRIBED_SERVICE",
}
enum_values! {
    /// ICS-Indicator values (TS 29.272 §7.3.104); also Non-IP-PDN-Type-Indicator's.
    ICS_INDICATOR_VALUES: 0 = "FALSE", 1 = "TRUE",
}
enum_values! {
    /// IMS-Voice-Over-PS-Sessions-Supported values (TS 29.272 §7.3.106); also Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions's.
    IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED_VALUES: 0 = "NOT_SUPPORTED", 1 = "SUPPORTED",
}
enum_values! {
    /// User-State values (TS 29.272 §7.3.114).
    USER_STATE_VALUES: 0 = "DETACHED", 1 = "ATTACHED_NOT_REACHABLE_FOR_PAGING",
        2 = "ATTACHED_REACHABLE_FOR_PAGING", 3 = "CONNECTED_NOT_REACHABLE_FOR_PAGING",
        4 = "CONNECTED_REACHABLE_FOR_PAGING", 5 = "NETWORK_DETERMINED_NOT_REACHABLE",
}
enum_values! {
    /// Current-Location-Retrieved values (TS 29.272 §7.3.125).
    CURRENT_LOCATION_RETRIEVED_VALUES: 0 = "ACTIVE-LOCATION-RETRIEVAL",
}
enum_values! {
    /// SIPTO-Permission values (TS 29.272 §7.3.135).
    SIPTO_PERMISSION_VALUES: 0 = "SIPTO_ALLOWED", 1 = "SIPTO_NOTALLOWED",
}
enum_values! {
    /// Error-Diagnostic values (TS 29.272 §7.3.128).
    ERROR_DIAGNOSTIC_VALUES: 0 = "GPRS_DATA_SUBSCRIBED", 1 = "NO_GPRS_DATA_SUBSCRIBED", 2 = "ODB-ALL-APN",
        3 = "ODB-HPLMN-APN", 4 = "ODB-VPLMN-APN",
}
enum_values! {
    /// UE-SRVCC-Capability values (TS 29.272 §7.3.130).
    UE_SRVCC_CAPABILITY_VALUES: 0 = "UE-SRVCC-NOT-SUPPORTED", 1 = "UE-SRVCC-SUPPORTED",
}
enum_values! {
    /// VPLMN-LIPA-Allowed values (TS 29.272 §7.3.132).
    VPLMN_LIPA_ALLOWED_VALUES: 0 = "LIPA-NOTALLOWED", 1 = "LIPA-ALLOWED",
}
enum_values! {
    /// LIPA-Permission values (TS 29.272 §7.3.133).
    LIPA_PERMISSION_VALUES: 0 = "LIPA-PROHIBITED", 1 = "LIPA-ONLY", 2 = "LIPA-CONDITIONAL",
}
enum_values! {
    /// Job-Type values (TS 29.272 §7.3.137).
    JOB_TYPE_VALUES: 0 = "Immediate-MDT-only", 1 = "Logged-MDT-only", 2 = "Trace-only",
        3 = "Immediate-MDT-and-Trace", 4 = "RLF-reports-only",
}
enum_values! {
    /// Report-Interval values (TS 29.272 §7.3.141).
    REPORT_INTERVAL_VALUES: 0 = "UMTS_250_ms", 1 = "UMTS_500_ms", 2 = "UMTS_1000_ms", 3 = "UMTS_2000_ms",
        4 = "UMTS_3000_ms", 5 = "UMTS_4000_ms", 6 = "UMTS_6000_ms", 7 = "UMTS_8000_ms", 8 = "UMTS_12000_ms",
        9 = "UMTS_16000_ms", 10 = "UMTS_20000_ms", 11 = "UMTS_24000_ms", 12 = "UMTS_28000_ms",
        13 = "UMTS_32000_ms", 14 = "UMTS_64000_ms", 15 = "LTE_120_ms", 16 = "LTE_240_ms", 17 = "LTE_480_ms",
        18 = "LTE_640_ms", 19 = "LTE_1024_ms", 20 = "LTE_2048_ms", 21 = "LTE_5120_ms", 22 = "LTE_10240_ms",
        23 = "LTE_60000_ms", 24 = "LTE_360000_ms", 25 = "LTE_720000_ms", 26 = "LTE_1800000_ms",
        27 = "LTE_3600000_ms",
}
enum_values! {
    /// Report-Amount values (TS 29.272 §7.3.142).
    REPORT_AMOUNT_VALUES: 0 = "1", 1 = "2", 2 = "4", 3 = "8", 4 = "16", 5 = "32", 6 = "64", 7 = "infinity",
}
enum_values! {
    /// Logging-Interval values (TS 29.272 §7.3.145).
    LOGGING_INTERVAL_VALUES: 0 = "1.28", 1 = "2.56", 2 = "5.12", 3 = "10.24", 4 = "20.48", 5 = "30.72",
        6 = "40.96", 7 = "61.44",
}
enum_values! {
    /// Logging-Duration values (TS 29.272 §7.3.146).
    LOGGING_DURATION_VALUES: 0 = "600_sec", 1 = "1200_sec", 2 = "2400_sec", 3 = "3600_sec", 4 = "5400_sec",
        5 = "7200_sec",
}
enum_values! {
    /// Relay-Node-Indicator values (TS 29.272 §7.3.147).
    RELAY_NODE_INDICATOR_VALUES: 0 = "NOT_RELAY_NODE", 1 = "RELAY_NODE",
}
enum_values! {
    /// MDT-User-Consent values (TS 29.272 §7.3.148).
    MDT_USER_CONSENT_VALUES: 0 = "CONSENT_NOT_GIVEN", 1 = "CONSENT_GIVEN",
}
enum_values! {
    /// Subscribed-VSRVCC values (TS 29.272 §7.3.150).
    SUBSCRIBED_VSRVCC_VALUES: 0 = "VSRVCC_SUBSCRIBED",
}
enum_values! {
    /// SMS-Register-Request values (TS 29.272 §7.3.162).
    SMS_REGISTER_REQUEST_VALUES: 0 = "SMS_REGISTRATION_REQUIRED", 1 = "SMS_REGISTRATION_NOT_PREFERRED",
        2 = "NO_PREFERENCE",
}
enum_values! {
    /// Daylight-Saving-Time values (TS 29.272 §7.3.164).
    DAYLIGHT_SAVING_TIME_VALUES: 0 = "NO_ADJUSTMENT", 1 = "PLUS_ONE_HOUR_ADJUSTMENT",
        2 = "PLUS_TWO_HOURS_ADJUSTMENT",
}
enum_values! {
    /// Measurement-Period-LTE values (TS 29.272 §7.3.166); also Collection-Period-RRM-LTE's.
    MEASUREMENT_PERIOD_LTE_VALUES: 0 = "1024 ms", 1 = "1280 ms", 2 = "2048 ms", 3 = "2560 ms", 4 = "5120 ms",
        5 = "10240 ms", 6 = "1 min",
}
enum_values! {
    /// Measurement-Period-UMTS values (TS 29.272 §7.3.167); also Collection-Period-RRM-UMTS's.
    MEASUREMENT_PERIOD_UMTS_VALUES: 0 = "250 ms", 1 = "500 ms", 2 = "1000 ms", 3 = "2000 ms", 4 = "3000 ms",
        5 = "4000 ms", 6 = "6000 ms", 7 = "8000 ms", 8 = "12000 ms", 9 = "16000 ms", 10 = "20000 ms",
        11 = "24000 ms", 12 = "28000 ms", 13 = "32000 ms", 14 = "64000 ms",
}
enum_values! {
    /// RDS-Indicator values (TS 29.272 §7.3.222).
    RDS_INDICATOR_VALUES: 0 = "DISABLED", 1 = "ENABLED",
}
enum_values! {
    /// Interworking-5GS-Indicator values (TS 29.272 §7.3.231).
    INTERWORKING_5GS_INDICATOR_VALUES: 0 = "NOT-SUBSCRIBED", 1 = "SUBSCRIBED",
}

avps! { vendor = VENDOR_3GPP;
    /// Max-Requested-Bandwidth-DL (TS 29.214 §5.3.14).
    MAX_REQUESTED_BANDWIDTH_DL = 515, "Max-Requested-Bandwidth-DL", Unsigned32, Must;
    /// Max-Requested-Bandwidth-UL (TS 29.214 §5.3.15).
    MAX_REQUESTED_BANDWIDTH_UL = 516, "Max-Requested-Bandwidth-UL", Unsigned32, Must;
    /// Extended-Max-Requested-BW-DL (TS 29.214 §5.3.52).
    EXTENDED_MAX_REQUESTED_BW_DL = 554, "Extended-Max-Requested-BW-DL", Unsigned32, MustNot;
    /// Extended-Max-Requested-BW-UL (TS 29.214 §5.3.53).
    EXTENDED_MAX_REQUESTED_BW_UL = 555, "Extended-Max-Requested-BW-UL", Unsigned32, MustNot;
    /// Visited-Network-Identifier (TS 29.229 §6.3.1).
    VISITED_NETWORK_IDENTIFIER = 600, "Visited-Network-Identifier", OctetString, Must;
    /// Supported-Features (TS 29.229 §6.3.29).
    SUPPORTED_FEATURES = 628, "Supported-Features", Grouped, May;
    /// Feature-List-ID (TS 29.229 §6.3.30).
    FEATURE_LIST_ID = 629, "Feature-List-ID", Unsigned32, MustNot;
    /// Feature-List (TS 29.229 §6.3.31).
    FEATURE_LIST = 630, "Feature-List", Unsigned32, MustNot;
    /// MSISDN (TS 29.329 §6.3.2).
    MSISDN = 701, "MSISDN", OctetString, Must;
    /// QoS-Class-Identifier (TS 29.212 §5.3.17).
    QOS_CLASS_IDENTIFIER = 1028, "QoS-Class-Identifier", Enumerated, Must, enums = QOS_CLASS_IDENTIFIER_VALUES;
    /// RAT-Type (TS 29.212 §5.3.31).
    RAT_TYPE = 1032, "RAT-Type", Enumerated, MustNot, enums = RAT_TYPE_VALUES;
    /// Allocation-Retention-Priority (TS 29.212 §5.3.32).
    ALLOCATION_RETENTION_PRIORITY = 1034, "Allocation-Retention-Priority", Grouped, MustNot;
    /// Priority-Level (TS 29.212 §5.3.45).
    PRIORITY_LEVEL = 1046, "Priority-Level", Unsigned32, MustNot;
    /// Pre-emption-Capability (TS 29.212 §5.3.46).
    PRE_EMPTION_CAPABILITY = 1047, "Pre-emption-Capability", Enumerated, MustNot, enums = PRE_EMPTION_CAPABILITY_VALUES;
    /// Pre-emption-Vulnerability (TS 29.212 §5.3.47).
    PRE_EMPTION_VULNERABILITY = 1048, "Pre-emption-Vulnerability", Enumerated, MustNot, enums = PRE_EMPTION_VULNERABILITY_VALUES;
    /// Subscription-Data (TS 29.272 §7.3.2).
    SUBSCRIPTION_DATA = 1400, "Subscription-Data", Grouped, Must;
    /// Terminal-Information (TS 29.272 §7.3.3).
    TERMINAL_INFORMATION = 1401, "Terminal-Information", Grouped, Must;
    /// IMEI (TS 29.272 §7.3.4).
    IMEI = 1402, "IMEI", Utf8String, Must;
    /// Software-Version (TS 29.272 §7.3.5).
    SOFTWARE_VERSION = 1403, "Software-Version", Utf8String, Must;
    /// QoS-Subscribed (TS 29.272 §7.3.77).
    QOS_SUBSCRIBED = 1404, "QoS-Subscribed", OctetString, Must;
    /// ULR-Flags (TS 29.272 §7.3.7).
    ULR_FLAGS = 1405, "ULR-Flags", Unsigned32, Must;
    /// ULA-Flags (TS 29.272 §7.3.8).
    ULA_FLAGS = 1406, "ULA-Flags", Unsigned32, Must;
    /// Visited-PLMN-Id (TS 29.272 §7.3.9).
    VISITED_PLMN_ID = 1407, "Visited-PLMN-Id", OctetString, Must;
    /// Requested-EUTRAN-Authentication-Info (TS 29.272 §7.3.11).
    REQUESTED_EUTRAN_AUTHENTICATION_INFO = 1408, "Requested-EUTRAN-Authentication-Info", Grouped, Must;
    /// Requested-UTRAN-GERAN-Authentication-Info (TS 29.272 §7.3.12).
    REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO = 1409, "Requested-UTRAN-GERAN-Authentication-Info", Grouped, Must;
    /// Number-Of-Requested-Vectors (TS 29.272 §7.3.14).
    NUMBER_OF_REQUESTED_VECTORS = 1410, "Number-Of-Requested-Vectors", Unsigned32, Must;
    /// Re-Synchronization-Info (TS 29.272 §7.3.15).
    RE_SYNCHRONIZATION_INFO = 1411, "Re-Synchronization-Info", OctetString, Must;
    /// Immediate-Response-Preferred (TS 29.272 §7.3.16).
    IMMEDIATE_RESPONSE_PREFERRED = 1412, "Immediate-Response-Preferred", Unsigned32, Must;
    /// Authentication-Info (TS 29.272 §7.3.17).
    AUTHENTICATION_INFO = 1413, "Authentication-Info", Grouped, Must;
    /// E-UTRAN-Vector (TS 29.272 §7.3.18).
    E_UTRAN_VECTOR = 1414, "E-UTRAN-Vector", Grouped, Must;
    /// UTRAN-Vector (TS 29.272 §7.3.19).
    UTRAN_VECTOR = 1415, "UTRAN-Vector", Grouped, Must;
    /// GERAN-Vector (TS 29.272 §7.3.20).
    GERAN_VECTOR = 1416, "GERAN-Vector", Grouped, Must;
    /// Network-Access-Mode (TS 29.272 §7.3.21).
    NETWORK_ACCESS_MODE = 1417, "Network-Access-Mode", Enumerated, Must, enums = NETWORK_ACCESS_MODE_VALUES;
    /// HPLMN-ODB (TS 29.272 §7.3.22).
    HPLMN_ODB = 1418, "HPLMN-ODB", Unsigned32, Must;
    /// Item-Number (TS 29.272 §7.3.23).
    ITEM_NUMBER = 1419, "Item-Number", Unsigned32, Must;
    /// Cancellation-Type (TS 29.272 §7.3.24).
    CANCELLATION_TYPE = 1420, "Cancellation-Type", Enumerated, Must, enums = CANCELLATION_TYPE_VALUES;
    /// DSR-Flags (TS 29.272 §7.3.25).
    DSR_FLAGS = 1421, "DSR-Flags", Unsigned32, Must;
    /// DSA-Flags (TS 29.272 §7.3.26).
    DSA_FLAGS = 1422, "DSA-Flags", Unsigned32, Must;
    /// Context-Identifier (TS 29.272 §7.3.27).
    CONTEXT_IDENTIFIER = 1423, "Context-Identifier", Unsigned32, Must;
    /// Subscriber-Status (TS 29.272 §7.3.29).
    SUBSCRIBER_STATUS = 1424, "Subscriber-Status", Enumerated, Must, enums = SUBSCRIBER_STATUS_VALUES;
    /// Operator-Determined-Barring (TS 29.272 §7.3.30).
    OPERATOR_DETERMINED_BARRING = 1425, "Operator-Determined-Barring", Unsigned32, Must;
    /// Access-Restriction-Data (TS 29.272 §7.3.31).
    ACCESS_RESTRICTION_DATA = 1426, "Access-Restriction-Data", Unsigned32, Must;
    /// APN-OI-Replacement (TS 29.272 §7.3.32).
    APN_OI_REPLACEMENT = 1427, "APN-OI-Replacement", Utf8String, Must;
    /// All-APN-Configurations-Included-Indicator (TS 29.272 §7.3.33).
    ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR = 1428, "All-APN-Configurations-Included-Indicator", Enumerated, Must, enums = ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR_VALUES;
    /// APN-Configuration-Profile (TS 29.272 §7.3.34).
    APN_CONFIGURATION_PROFILE = 1429, "APN-Configuration-Profile", Grouped, Must;
    /// APN-Configuration (TS 29.272 §7.3.35).
    APN_CONFIGURATION = 1430, "APN-Configuration", Grouped, Must;
    /// EPS-Subscribed-QoS-Profile (TS 29.272 §7.3.37).
    EPS_SUBSCRIBED_QOS_PROFILE = 1431, "EPS-Subscribed-QoS-Profile", Grouped, Must;
    /// VPLMN-Dynamic-Address-Allowed (TS 29.272 §7.3.38).
    VPLMN_DYNAMIC_ADDRESS_ALLOWED = 1432, "VPLMN-Dynamic-Address-Allowed", Enumerated, Must, enums = VPLMN_DYNAMIC_ADDRESS_ALLOWED_VALUES;
    /// STN-SR (TS 29.272 §7.3.39).
    STN_SR = 1433, "STN-SR", OctetString, Must;
    /// Alert-Reason (TS 29.272 §7.3.83).
    ALERT_REASON = 1434, "Alert-Reason", Enumerated, Must, enums = ALERT_REASON_VALUES;
    /// AMBR (TS 29.272 §7.3.41).
    AMBR = 1435, "AMBR", Grouped, Must;
    /// CSG-Subscription-Data (TS 29.272 §7.3.78).
    CSG_SUBSCRIPTION_DATA = 1436, "CSG-Subscription-Data", Grouped, Must;
    /// CSG-Id (TS 29.272 §7.3.79).
    CSG_ID = 1437, "CSG-Id", Unsigned32, Must;
    /// PDN-GW-Allocation-Type (TS 29.272 §7.3.44).
    PDN_GW_ALLOCATION_TYPE = 1438, "PDN-GW-Allocation-Type", Enumerated, Must, enums = PDN_GW_ALLOCATION_TYPE_VALUES;
    /// Expiration-Date (TS 29.272 §7.3.80).
    EXPIRATION_DATE = 1439, "Expiration-Date", Time, Must;
    /// RAT-Frequency-Selection-Priority-ID (TS 29.272 §7.3.46).
    RAT_FREQUENCY_SELECTION_PRIORITY_ID = 1440, "RAT-Frequency-Selection-Priority-ID", Unsigned32, Must;
    /// IDA-Flags (TS 29.272 §7.3.47).
    IDA_FLAGS = 1441, "IDA-Flags", Unsigned32, Must;
    /// PUA-Flags (TS 29.272 §7.3.48).
    PUA_FLAGS = 1442, "PUA-Flags", Unsigned32, Must;
    /// NOR-Flags (TS 29.272 §7.3.49).
    NOR_FLAGS = 1443, "NOR-Flags", Unsigned32, Must;
    /// User-Id (TS 29.272 §7.3.50).
    USER_ID = 1444, "User-Id", Utf8String, MustNot;
    /// Equipment-Status (TS 29.272 §7.3.51).
    EQUIPMENT_STATUS = 1445, "Equipment-Status", Enumerated, Must, enums = EQUIPMENT_STATUS_VALUES;
    /// Regional-Subscription-Zone-Code (TS 29.272 §7.3.52).
    REGIONAL_SUBSCRIPTION_ZONE_CODE = 1446, "Regional-Subscription-Zone-Code", OctetString, Must;
    /// RAND (TS 29.272 §7.3.53).
    RAND = 1447, "RAND", OctetString, Must;
    /// XRES (TS 29.272 §7.3.54).
    XRES = 1448, "XRES", OctetString, Must;
    /// AUTN (TS 29.272 §7.3.55).
    AUTN = 1449, "AUTN", OctetString, Must;
    /// KASME (TS 29.272 §7.3.56).
    KASME = 1450, "KASME", OctetString, Must;
    /// Trace-Collection-Entity (TS 29.272 §7.3.98).
    TRACE_COLLECTION_ENTITY = 1452, "Trace-Collection-Entity", Address, Must;
    /// Kc (TS 29.272 §7.3.59).
    KC = 1453, "Kc", OctetString, Must;
    /// SRES (TS 29.272 §7.3.60).
    SRES = 1454, "SRES", OctetString, Must;
    /// PDN-Type (TS 29.272 §7.3.62).
    PDN_TYPE = 1456, "PDN-Type", Enumerated, Must, enums = PDN_TYPE_VALUES;
    /// Roaming-Restricted-Due-To-Unsupported-Feature (TS 29.272 §7.3.81).
    ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE = 1457, "Roaming-Restricted-Due-To-Unsupported-Feature", Enumerated, Must, enums = ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE_VALUES;
    /// Trace-Data (TS 29.272 §7.3.63).
    TRACE_DATA = 1458, "Trace-Data", Grouped, Must;
    /// Trace-Reference (TS 29.272 §7.3.64).
    TRACE_REFERENCE = 1459, "Trace-Reference", OctetString, Must;
    /// Trace-Depth (TS 29.272 §7.3.67).
    TRACE_DEPTH = 1462, "Trace-Depth", Enumerated, Must, enums = TRACE_DEPTH_VALUES;
    /// Trace-NE-Type-List (TS 29.272 §7.3.68).
    TRACE_NE_TYPE_LIST = 1463, "Trace-NE-Type-List", OctetString, Must;
    /// Trace-Interface-List (TS 29.272 §7.3.69).
    TRACE_INTERFACE_LIST = 1464, "Trace-Interface-List", OctetString, Must;
    /// Trace-Event-List (TS 29.272 §7.3.70).
    TRACE_EVENT_LIST = 1465, "Trace-Event-List", OctetString, Must;
    /// OMC-Id (TS 29.272 §7.3.71).
    OMC_ID = 1466, "OMC-Id", OctetString, Must;
    /// GPRS-Subscription-Data (TS 29.272 §7.3.72).
    GPRS_SUBSCRIPTION_DATA = 1467, "GPRS-Subscription-Data", Grouped, Must;
    /// Complete-Data-List-Included-Indicator (TS 29.272 §7.3.73).
    COMPLETE_DATA_LIST_INCLUDED_INDICATOR = 1468, "Complete-Data-List-Included-Indicator", Enumerated, Must, enums = COMPLETE_DATA_LIST_INCLUDED_INDICATOR_VALUES;
    /// PDP-Context (TS 29.272 §7.3.74).
    PDP_CONTEXT = 1469, "PDP-Context", Grouped, Must;
    /// PDP-Type (TS 29.272 §7.3.75).
    PDP_TYPE = 1470, "PDP-Type", OctetString, Must;
    /// 3GPP2-MEID (TS 29.272 §7.3.6).
    TGPP2_MEID = 1471, "3GPP2-MEID", OctetString, Must;
    /// Specific-APN-Info (TS 29.272 §7.3.82).
    SPECIFIC_APN_INFO = 1472, "Specific-APN-Info", Grouped, Must;
    /// LCS-Info (TS 29.272 §7.3.84).
    LCS_INFO = 1473, "LCS-Info", Grouped, Must;
    /// GMLC-Number (TS 29.272 §7.3.85).
    GMLC_NUMBER = 1474, "GMLC-Number", OctetString, Must;
    /// LCS-PrivacyException (TS 29.272 §7.3.86).
    LCS_PRIVACY_EXCEPTION = 1475, "LCS-PrivacyException", Grouped, Must;
    /// SS-Code (TS 29.272 §7.3.87).
    SS_CODE = 1476, "SS-Code", OctetString, Must;
    /// SS-Status (TS 29.272 §7.3.88).
    SS_STATUS = 1477, "SS-Status", OctetString, Must;
    /// Notification-To-UE-User (TS 29.272 §7.3.89).
    NOTIFICATION_TO_UE_USER = 1478, "Notification-To-UE-User", Enumerated, Must, enums = NOTIFICATION_TO_UE_USER_VALUES;
    /// External-Client (TS 29.272 §7.3.90).
    EXTERNAL_CLIENT = 1479, "External-Client", Grouped, Must;
    /// Client-Identity (TS 29.272 §7.3.91).
    CLIENT_IDENTITY = 1480, "Client-Identity", OctetString, Must;
    /// GMLC-Restriction (TS 29.272 §7.3.92).
    GMLC_RESTRICTION = 1481, "GMLC-Restriction", Enumerated, Must, enums = GMLC_RESTRICTION_VALUES;
    /// PLMN-Client (TS 29.272 §7.3.93).
    PLMN_CLIENT = 1482, "PLMN-Client", Enumerated, Must, enums = PLMN_CLIENT_VALUES;
    /// Service-Type (TS 29.272 §7.3.94).
    SERVICE_TYPE = 1483, "Service-Type", Grouped, Must;
    /// ServiceTypeIdentity (TS 29.272 §7.3.95).
    SERVICE_TYPE_IDENTITY = 1484, "ServiceTypeIdentity", Unsigned32, Must;
    /// MO-LR (TS 29.272 §7.3.96).
    MO_LR = 1485, "MO-LR", Grouped, Must;
    /// Teleservice-List (TS 29.272 §7.3.99).
    TELESERVICE_LIST = 1486, "Teleservice-List", Grouped, Must;
    /// TS-Code (TS 29.272 §7.3.100).
    TS_CODE = 1487, "TS-Code", OctetString, Must;
    /// Call-Barring-Info (TS 29.272 §7.3.101).
    CALL_BARRING_INFO = 1488, "Call-Barring-Info", Grouped, Must;
    /// SGSN-Number (TS 29.272 §7.3.102).
    SGSN_NUMBER = 1489, "SGSN-Number", OctetString, Must;
    /// IDR-Flags (TS 29.272 §7.3.103).
    IDR_FLAGS = 1490, "IDR-Flags", Unsigned32, Must;
    /// ICS-Indicator (TS 29.272 §7.3.104).
    ICS_INDICATOR = 1491, "ICS-Indicator", Enumerated, MustNot, enums = ICS_INDICATOR_VALUES;
    /// IMS-Voice-Over-PS-Sessions-Supported (TS 29.272 §7.3.106).
    IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED = 1492, "IMS-Voice-Over-PS-Sessions-Supported", Enumerated, MustNot, enums = IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED_VALUES;
    /// Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions (TS 29.272 §7.3.107).
    HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS = 1493, "Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions", Enumerated, MustNot, enums = IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED_VALUES;
    /// Last-UE-Activity-Time (TS 29.272 §7.3.108).
    LAST_UE_ACTIVITY_TIME = 1494, "Last-UE-Activity-Time", Time, MustNot;
    /// EPS-User-State (TS 29.272 §7.3.110).
    EPS_USER_STATE = 1495, "EPS-User-State", Grouped, MustNot;
    /// EPS-Location-Information (TS 29.272 §7.3.111).
    EPS_LOCATION_INFORMATION = 1496, "EPS-Location-Information", Grouped, MustNot;
    /// MME-User-State (TS 29.272 §7.3.112).
    MME_USER_STATE = 1497, "MME-User-State", Grouped, MustNot;
    /// SGSN-User-State (TS 29.272 §7.3.113).
    SGSN_USER_STATE = 1498, "SGSN-User-State", Grouped, MustNot;
    /// User-State (TS 29.272 §7.3.114).
    USER_STATE = 1499, "User-State", Enumerated, MustNot, enums = USER_STATE_VALUES;
    /// MME-Location-Information (TS 29.272 §7.3.115).
    MME_LOCATION_INFORMATION = 1600, "MME-Location-Information", Grouped, MustNot;
    /// SGSN-Location-Information (TS 29.272 §7.3.116).
    SGSN_LOCATION_INFORMATION = 1601, "SGSN-Location-Information", Grouped, MustNot;
    /// E-UTRAN-Cell-Global-Identity (TS 29.272 §7.3.117).
    E_UTRAN_CELL_GLOBAL_IDENTITY = 1602, "E-UTRAN-Cell-Global-Identity", OctetString, MustNot;
    /// Tracking-Area-Identity (TS 29.272 §7.3.118).
    TRACKING_AREA_IDENTITY = 1603, "Tracking-Area-Identity", OctetString, MustNot;
    /// Cell-Global-Identity (TS 29.272 §7.3.119).
    CELL_GLOBAL_IDENTITY = 1604, "Cell-Global-Identity", OctetString, MustNot;
    /// Routing-Area-Identity (TS 29.272 §7.3.120).
    ROUTING_AREA_IDENTITY = 1605, "Routing-Area-Identity", OctetString, MustNot;
    /// Location-Area-Identity (TS 29.272 §7.3.121).
    LOCATION_AREA_IDENTITY = 1606, "Location-Area-Identity", OctetString, MustNot;
    /// Service-Area-Identity (TS 29.272 §7.3.122).
    SERVICE_AREA_IDENTITY = 1607, "Service-Area-Identity", OctetString, MustNot;
    /// Geographical-Information (TS 29.272 §7.3.123).
    GEOGRAPHICAL_INFORMATION = 1608, "Geographical-Information", OctetString, MustNot;
    /// Geodetic-Information (TS 29.272 §7.3.124).
    GEODETIC_INFORMATION = 1609, "Geodetic-Information", OctetString, MustNot;
    /// Current-Location-Retrieved (TS 29.272 §7.3.125).
    CURRENT_LOCATION_RETRIEVED = 1610, "Current-Location-Retrieved", Enumerated, MustNot, enums = CURRENT_LOCATION_RETRIEVED_VALUES;
    /// Age-Of-Location-Information (TS 29.272 §7.3.126).
    AGE_OF_LOCATION_INFORMATION = 1611, "Age-Of-Location-Information", Unsigned32, MustNot;
    /// Active-APN (TS 29.272 §7.3.127).
    ACTIVE_APN = 1612, "Active-APN", Grouped, MustNot;
    /// SIPTO-Permission (TS 29.272 §7.3.135).
    SIPTO_PERMISSION = 1613, "SIPTO-Permission", Enumerated, MustNot, enums = SIPTO_PERMISSION_VALUES;
    /// Error-Diagnostic (TS 29.272 §7.3.128).
    ERROR_DIAGNOSTIC = 1614, "Error-Diagnostic", Enumerated, MustNot, enums = ERROR_DIAGNOSTIC_VALUES;
    /// UE-SRVCC-Capability (TS 29.272 §7.3.130).
    UE_SRVCC_CAPABILITY = 1615, "UE-SRVCC-Capability", Enumerated, MustNot, enums = UE_SRVCC_CAPABILITY_VALUES;
    /// MPS-Priority (TS 29.272 §7.3.131).
    MPS_PRIORITY = 1616, "MPS-Priority", Unsigned32, MustNot;
    /// VPLMN-LIPA-Allowed (TS 29.272 §7.3.132).
    VPLMN_LIPA_ALLOWED = 1617, "VPLMN-LIPA-Allowed", Enumerated, MustNot, enums = VPLMN_LIPA_ALLOWED_VALUES;
    /// LIPA-Permission (TS 29.272 §7.3.133).
    LIPA_PERMISSION = 1618, "LIPA-Permission", Enumerated, MustNot, enums = LIPA_PERMISSION_VALUES;
    /// Subscribed-Periodic-RAU-TAU-Timer (TS 29.272 §7.3.134).
    SUBSCRIBED_PERIODIC_RAU_TAU_TIMER = 1619, "Subscribed-Periodic-RAU-TAU-Timer", Unsigned32, MustNot;
    /// Ext-PDP-Type (TS 29.272 §7.3.75A).
    EXT_PDP_TYPE = 1620, "Ext-PDP-Type", OctetString, MustNot;
    /// Ext-PDP-Address (TS 29.272 §7.3.129).
    EXT_PDP_ADDRESS = 1621, "Ext-PDP-Address", Address, MustNot;
    /// MDT-Configuration (TS 29.272 §7.3.136).
    MDT_CONFIGURATION = 1622, "MDT-Configuration", Grouped, MustNot;
    /// Job-Type (TS 29.272 §7.3.137).
    JOB_TYPE = 1623, "Job-Type", Enumerated, MustNot, enums = JOB_TYPE_VALUES;
    /// Area-Scope (TS 29.272 §7.3.138).
    AREA_SCOPE = 1624, "Area-Scope", Grouped, MustNot;
    /// List-Of-Measurements (TS 29.272 §7.3.139).
    LIST_OF_MEASUREMENTS = 1625, "List-Of-Measurements", Unsigned32, MustNot;
    /// Reporting-Trigger (TS 29.272 §7.3.140).
    REPORTING_TRIGGER = 1626, "Reporting-Trigger", Unsigned32, MustNot;
    /// Report-Interval (TS 29.272 §7.3.141).
    REPORT_INTERVAL = 1627, "Report-Interval", Enumerated, MustNot, enums = REPORT_INTERVAL_VALUES;
    /// Report-Amount (TS 29.272 §7.3.142).
    REPORT_AMOUNT = 1628, "Report-Amount", Enumerated, MustNot, enums = REPORT_AMOUNT_VALUES;
    /// Event-Threshold-RSRP (TS 29.272 §7.3.143).
    EVENT_THRESHOLD_RSRP = 1629, "Event-Threshold-RSRP", Unsigned32, MustNot;
    /// Event-Threshold-RSRQ (TS 29.272 §7.3.144).
    EVENT_THRESHOLD_RSRQ = 1630, "Event-Threshold-RSRQ", Unsigned32, MustNot;
    /// Logging-Interval (TS 29.272 §7.3.145).
    LOGGING_INTERVAL = 1631, "Logging-Interval", Enumerated, MustNot, enums = LOGGING_INTERVAL_VALUES;
    /// Logging-Duration (TS 29.272 §7.3.146).
    LOGGING_DURATION = 1632, "Logging-Duration", Enumerated, MustNot, enums = LOGGING_DURATION_VALUES;
    /// Relay-Node-Indicator (TS 29.272 §7.3.147).
    RELAY_NODE_INDICATOR = 1633, "Relay-Node-Indicator", Enumerated, MustNot, enums = RELAY_NODE_INDICATOR_VALUES;
    /// MDT-User-Consent (TS 29.272 §7.3.148).
    MDT_USER_CONSENT = 1634, "MDT-User-Consent", Enumerated, MustNot, enums = MDT_USER_CONSENT_VALUES;
    /// PUR-Flags (TS 29.272 §7.3.149).
    PUR_FLAGS = 1635, "PUR-Flags", Unsigned32, MustNot;
    /// Subscribed-VSRVCC (TS 29.272 §7.3.150).
    SUBSCRIBED_VSRVCC = 1636, "Subscribed-VSRVCC", Enumerated, MustNot, enums = SUBSCRIBED_VSRVCC_VALUES;
    /// Equivalent-PLMN-List (TS 29.272 §7.3.151).
    EQUIVALENT_PLMN_LIST = 1637, "Equivalent-PLMN-List", Grouped, MustNot;
    /// CLR-Flags (TS 29.272 §7.3.152).
    CLR_FLAGS = 1638, "CLR-Flags", Unsigned32, MustNot;
    /// UVR-Flags (TS 29.272 §7.3.153).
    UVR_FLAGS = 1639, "UVR-Flags", Unsigned32, Must;
    /// UVA-Flags (TS 29.272 §7.3.154).
    UVA_FLAGS = 1640, "UVA-Flags", Unsigned32, Must;
    /// VPLMN-CSG-Subscription-Data (TS 29.272 §7.3.155).
    VPLMN_CSG_SUBSCRIPTION_DATA = 1641, "VPLMN-CSG-Subscription-Data", Grouped, Must;
    /// Time-Zone (TS 29.272 §7.3.163).
    TIME_ZONE = 1642, "Time-Zone", Utf8String, MustNot;
    /// A-MSISDN (TS 29.272 §7.3.157).
    A_MSISDN = 1643, "A-MSISDN", OctetString, MustNot;
    /// MME-Number-for-MT-SMS (TS 29.272 §7.3.159).
    MME_NUMBER_FOR_MT_SMS = 1645, "MME-Number-for-MT-SMS", OctetString, MustNot;
    /// SMS-Register-Request (TS 29.272 §7.3.162).
    SMS_REGISTER_REQUEST = 1648, "SMS-Register-Request", Enumerated, MustNot, enums = SMS_REGISTER_REQUEST_VALUES;
    /// Local-Time-Zone (TS 29.272 §7.3.156).
    LOCAL_TIME_ZONE = 1649, "Local-Time-Zone", Grouped, MustNot;
    /// Daylight-Saving-Time (TS 29.272 §7.3.164).
    DAYLIGHT_SAVING_TIME = 1650, "Daylight-Saving-Time", Enumerated, MustNot, enums = DAYLIGHT_SAVING_TIME_VALUES;
    /// Subscription-Data-Flags (TS 29.272 §7.3.165).
    SUBSCRIPTION_DATA_FLAGS = 1654, "Subscription-Data-Flags", Unsigned32, MustNot;
    /// Measurement-Period-LTE (TS 29.272 §7.3.166).
    MEASUREMENT_PERIOD_LTE = 1655, "Measurement-Period-LTE", Enumerated, MustNot, enums = MEASUREMENT_PERIOD_LTE_VALUES;
    /// Measurement-Period-UMTS (TS 29.272 §7.3.167).
    MEASUREMENT_PERIOD_UMTS = 1656, "Measurement-Period-UMTS", Enumerated, MustNot, enums = MEASUREMENT_PERIOD_UMTS_VALUES;
    /// Collection-Period-RRM-LTE (TS 29.272 §7.3.168).
    COLLECTION_PERIOD_RRM_LTE = 1657, "Collection-Period-RRM-LTE", Enumerated, MustNot, enums = MEASUREMENT_PERIOD_LTE_VALUES;
    /// Collection-Period-RRM-UMTS (TS 29.272 §7.3.169).
    COLLECTION_PERIOD_RRM_UMTS = 1658, "Collection-Period-RRM-UMTS", Enumerated, MustNot, enums = MEASUREMENT_PERIOD_UMTS_VALUES;
    /// Positioning-Method (TS 29.272 §7.3.170).
    POSITIONING_METHOD = 1659, "Positioning-Method", OctetString, MustNot;
    /// Measurement-Quantity (TS 29.272 §7.3.171).
    MEASUREMENT_QUANTITY = 1660, "Measurement-Quantity", OctetString, MustNot;
    /// Event-Threshold-Event-1F (TS 29.272 §7.3.172).
    EVENT_THRESHOLD_EVENT_1F = 1661, "Event-Threshold-Event-1F", Integer32, MustNot;
    /// Event-Threshold-Event-1I (TS 29.272 §7.3.173).
    EVENT_THRESHOLD_EVENT_1I = 1662, "Event-Threshold-Event-1I", Integer32, MustNot;
    /// Restoration-Priority (TS 29.272 §7.3.174).
    RESTORATION_PRIORITY = 1663, "Restoration-Priority", Unsigned32, MustNot;
    /// SGs-MME-Identity (TS 29.272 §7.3.175).
    SGS_MME_IDENTITY = 1664, "SGs-MME-Identity", Utf8String, MustNot;
    /// SIPTO-Local-Network-Permission (TS 29.272 §7.3.176).
    SIPTO_LOCAL_NETWORK_PERMISSION = 1665, "SIPTO-Local-Network-Permission", Unsigned32, MustNot;
    /// Coupled-Node-Diameter-ID (TS 29.272 §7.3.177).
    COUPLED_NODE_DIAMETER_ID = 1666, "Coupled-Node-Diameter-ID", DiameterIdentity, MustNot;
    /// WLAN-offloadability (TS 29.272 §7.3.181).
    WLAN_OFFLOADABILITY = 1667, "WLAN-offloadability", Grouped, MustNot;
    /// WLAN-offloadability-EUTRAN (TS 29.272 §7.3.182).
    WLAN_OFFLOADABILITY_EUTRAN = 1668, "WLAN-offloadability-EUTRAN", Unsigned32, MustNot;
    /// WLAN-offloadability-UTRAN (TS 29.272 §7.3.183).
    WLAN_OFFLOADABILITY_UTRAN = 1669, "WLAN-offloadability-UTRAN", Unsigned32, MustNot;
    /// Reset-ID (TS 29.272 §7.3.184).
    RESET_ID = 1670, "Reset-ID", OctetString, MustNot;
    /// MDT-Allowed-PLMN-Id (TS 29.272 §7.3.185).
    MDT_ALLOWED_PLMN_ID = 1671, "MDT-Allowed-PLMN-Id", OctetString, MustNot;
    /// Adjacent-PLMNs (TS 29.272 §7.3.186).
    ADJACENT_PLMNS = 1672, "Adjacent-PLMNs", Grouped, MustNot;
    /// Adjacent-Access-Restriction-Data (TS 29.272 §7.3.187).
    ADJACENT_ACCESS_RESTRICTION_DATA = 1673, "Adjacent-Access-Restriction-Data", Grouped, MustNot;
    /// DL-Buffering-Suggested-Packet-Count (TS 29.272 §7.3.188).
    DL_BUFFERING_SUGGESTED_PACKET_COUNT = 1674, "DL-Buffering-Suggested-Packet-Count", Integer32, MustNot;
    /// IMSI-Group-Id (TS 29.272 §7.3.189).
    IMSI_GROUP_ID = 1675, "IMSI-Group-Id", Grouped, MustNot;
    /// Group-Service-Id (TS 29.272 §7.3.190).
    GROUP_SERVICE_ID = 1676, "Group-Service-Id", Unsigned32, MustNot;
    /// Group-PLMN-Id (TS 29.272 §7.3.191).
    GROUP_PLMN_ID = 1677, "Group-PLMN-Id", OctetString, MustNot;
    /// Local-Group-Id (TS 29.272 §7.3.192).
    LOCAL_GROUP_ID = 1678, "Local-Group-Id", OctetString, MustNot;
    /// AIR-Flags (TS 29.272 §7.3.201).
    AIR_FLAGS = 1679, "AIR-Flags", Unsigned32, MustNot;
    /// UE-Usage-Type (TS 29.272 §7.3.202).
    UE_USAGE_TYPE = 1680, "UE-Usage-Type", Unsigned32, MustNot;
    /// Non-IP-PDN-Type-Indicator (TS 29.272 §7.3.204).
    NON_IP_PDN_TYPE_INDICATOR = 1681, "Non-IP-PDN-Type-Indicator", Enumerated, MustNot, enums = ICS_INDICATOR_VALUES;
    /// Non-IP-Data-Delivery-Mechanism (TS 29.272 §7.3.205).
    NON_IP_DATA_DELIVERY_MECHANISM = 1682, "Non-IP-Data-Delivery-Mechanism", Unsigned32, MustNot;
    /// Additional-Context-ID (TS 29.272 §7.3.206).
    ADDITIONAL_CONTEXT_ID = 1683, "Additional-Context-ID", Unsigned32, MustNot;
    /// SCEF-Realm (TS 29.272 §7.3.207).
    SCEF_REALM = 1684, "SCEF-Realm", DiameterIdentity, MustNot;
    /// Subscription-Data-Deletion (TS 29.272 §7.3.208).
    SUBSCRIPTION_DATA_DELETION = 1685, "Subscription-Data-Deletion", Grouped, MustNot;
    /// Preferred-Data-Mode (TS 29.272 §7.3.209).
    PREFERRED_DATA_MODE = 1686, "Preferred-Data-Mode", Unsigned32, MustNot;
    /// Emergency-Info (TS 29.272 §7.3.210).
    EMERGENCY_INFO = 1687, "Emergency-Info", Grouped, MustNot;
    /// V2X-Subscription-Data (TS 29.272 §7.3.212).
    V2X_SUBSCRIPTION_DATA = 1688, "V2X-Subscription-Data", Grouped, MustNot;
    /// V2X-Permission (TS 29.272 §7.3.213).
    V2X_PERMISSION = 1689, "V2X-Permission", Unsigned32, MustNot;
    /// PDN-Connection-Continuity (TS 29.272 §7.3.214).
    PDN_CONNECTION_CONTINUITY = 1690, "PDN-Connection-Continuity", Unsigned32, MustNot;
    /// eDRX-Cycle-Length (TS 29.272 §7.3.215).
    EDRX_CYCLE_LENGTH = 1691, "eDRX-Cycle-Length", Grouped, MustNot;
    /// eDRX-Cycle-Length-Value (TS 29.272 §7.3.216).
    EDRX_CYCLE_LENGTH_VALUE = 1692, "eDRX-Cycle-Length-Value", OctetString, MustNot;
    /// UE-PC5-AMBR (TS 29.272 §7.3.217).
    UE_PC5_AMBR = 1693, "UE-PC5-AMBR", Unsigned32, MustNot;
    /// MBSFN-Area (TS 29.272 §7.3.219).
    MBSFN_AREA = 1694, "MBSFN-Area", Grouped, MustNot;
    /// MBSFN-Area-ID (TS 29.272 §7.3.220).
    MBSFN_AREA_ID = 1695, "MBSFN-Area-ID", Unsigned32, MustNot;
    /// Carrier-Frequency (TS 29.272 §7.3.221).
    CARRIER_FREQUENCY = 1696, "Carrier-Frequency", Unsigned32, MustNot;
    /// RDS-Indicator (TS 29.272 §7.3.222).
    RDS_INDICATOR = 1697, "RDS-Indicator", Enumerated, MustNot, enums = RDS_INDICATOR_VALUES;
    /// Service-Gap-Time (TS 29.272 §7.3.223).
    SERVICE_GAP_TIME = 1698, "Service-Gap-Time", Unsigned32, MustNot;
    /// Aerial-UE-Subscription-Information (TS 29.272 §7.3.224).
    AERIAL_UE_SUBSCRIPTION_INFORMATION = 1699, "Aerial-UE-Subscription-Information", Unsigned32, MustNot;
    /// Broadcast-Location-Assistance-Data-Types (TS 29.272 §7.3.225).
    BROADCAST_LOCATION_ASSISTANCE_DATA_TYPES = 1700, "Broadcast-Location-Assistance-Data-Types", Unsigned64, MustNot;
    /// Paging-Time-Window (TS 29.272 §7.3.226).
    PAGING_TIME_WINDOW = 1701, "Paging-Time-Window", Grouped, MustNot;
    /// Operation-Mode (TS 29.272 §7.3.227).
    OPERATION_MODE = 1702, "Operation-Mode", Unsigned32, MustNot;
    /// Paging-Time-Window-Length (TS 29.272 §7.3.228).
    PAGING_TIME_WINDOW_LENGTH = 1703, "Paging-Time-Window-Length", OctetString, MustNot;
    /// Core-Network-Restrictions (TS 29.272 §7.3.230).
    CORE_NETWORK_RESTRICTIONS = 1704, "Core-Network-Restrictions", Unsigned32, MustNot;
    /// eDRX-Related-RAT (TS 29.272 §7.3.229).
    EDRX_RELATED_RAT = 1705, "eDRX-Related-RAT", Grouped, MustNot;
    /// Interworking-5GS-Indicator (TS 29.272 §7.3.231).
    INTERWORKING_5GS_INDICATOR = 1706, "Interworking-5GS-Indicator", Enumerated, MustNot, enums = INTERWORKING_5GS_INDICATOR_VALUES;
    /// GMLC-Address (TS 29.173 §6.4.7).
    GMLC_ADDRESS = 2405, "GMLC-Address", Address, Must;
}

/// The S6a/S6d dictionary (TS 29.272): its application, commands, AVPs and
/// grammars.
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "s6a",
    applications: &[super::Application {
        id: super::application::S6A,
        name: "3GPP S6a/S6d",
    }],
    avps: AVPS,
    commands: super::grammars::s6a::COMMANDS,
    groups: super::grammars::s6a::GROUPS,
    closed_enums: super::grammars::s6a::CLOSED_ENUMS,
    fixed_octets: super::grammars::s6a::FIXED_OCTETS,
});
