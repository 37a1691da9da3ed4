//! Base protocol AVPs (RFC 6733 §4.5), with their enumerated values.

use super::{avps, enum_values};

enum_values! {
    /// Disconnect-Cause values (RFC 6733 §5.4.3).
    DISCONNECT_CAUSE_VALUES: 0 = "REBOOTING", 1 = "BUSY", 2 = "DO_NOT_WANT_TO_TALK_TO_YOU",
}
enum_values! {
    /// Accounting-Record-Type values (RFC 6733 §9.8.1).
    ACCOUNTING_RECORD_TYPE_VALUES: 1 = "EVENT_RECORD", 2 = "START_RECORD", 3 = "INTERIM_RECORD", 4 = "STOP_RECORD",
}
enum_values! {
    /// Accounting-Realtime-Required values (RFC 6733 §9.8.7).
    ACCOUNTING_REALTIME_REQUIRED_VALUES: 1 = "DELIVER_AND_GRANT", 2 = "GRANT_AND_STORE", 3 = "GRANT_AND_LOSE",
}
enum_values! {
    /// Auth-Request-Type values (RFC 6733 §8.7).
    AUTH_REQUEST_TYPE_VALUES: 1 = "AUTHENTICATE_ONLY", 2 = "AUTHORIZE_ONLY", 3 = "AUTHORIZE_AUTHENTICATE",
}
enum_values! {
    /// Auth-Session-State values (RFC 6733 §8.11).
    AUTH_SESSION_STATE_VALUES: 0 = "STATE_MAINTAINED", 1 = "NO_STATE_MAINTAINED",
}
enum_values! {
    /// Re-Auth-Request-Type values (RFC 6733 §8.12).
    RE_AUTH_REQUEST_TYPE_VALUES: 0 = "AUTHORIZE_ONLY", 1 = "AUTHORIZE_AUTHENTICATE",
}
enum_values! {
    /// Redirect-Host-Usage values (RFC 6733 §6.13).
    REDIRECT_HOST_USAGE_VALUES: 0 = "DONT_CACHE", 1 = "ALL_SESSION", 2 = "ALL_REALM", 3 = "REALM_AND_APPLICATION",
        4 = "ALL_APPLICATION", 5 = "ALL_HOST", 6 = "ALL_USER",
}
enum_values! {
    /// Session-Server-Failover values (RFC 6733 §8.18).
    SESSION_SERVER_FAILOVER_VALUES: 0 = "REFUSE_SERVICE", 1 = "TRY_AGAIN", 2 = "ALLOW_SERVICE", 3 = "TRY_AGAIN_ALLOW_SERVICE",
}
enum_values! {
    /// Termination-Cause values (RFC 6733 §8.15).
    TERMINATION_CAUSE_VALUES: 1 = "DIAMETER_LOGOUT", 2 = "DIAMETER_SERVICE_NOT_PROVIDED", 3 = "DIAMETER_BAD_ANSWER",
        4 = "DIAMETER_ADMINISTRATIVE", 5 = "DIAMETER_LINK_BROKEN", 6 = "DIAMETER_AUTH_EXPIRED",
        7 = "DIAMETER_USER_MOVED", 8 = "DIAMETER_SESSION_TIMEOUT",
}
enum_values! {
    /// Inband-Security-Id values (RFC 3588 §6.10).
    INBAND_SECURITY_ID_VALUES: 0 = "NO_INBAND_SECURITY", 1 = "TLS",
}

avps! { vendor = 0;
    /// User-Name (RFC 6733 §8.14).
    USER_NAME = 1, "User-Name", Utf8String, Must;
    /// Class (RFC 6733 §8.20).
    CLASS = 25, "Class", OctetString, Must;
    /// Session-Timeout (RFC 6733 §8.13).
    SESSION_TIMEOUT = 27, "Session-Timeout", Unsigned32, Must;
    /// Proxy-State (RFC 6733 §6.7.4).
    PROXY_STATE = 33, "Proxy-State", OctetString, Must;
    /// Acct-Session-Id (RFC 6733 §9.8.4).
    ACCT_SESSION_ID = 44, "Acct-Session-Id", OctetString, Must;
    /// Acct-Multi-Session-Id (RFC 6733 §9.8.5).
    ACCT_MULTI_SESSION_ID = 50, "Acct-Multi-Session-Id", Utf8String, Must;
    /// Event-Timestamp (RFC 6733 §8.21).
    EVENT_TIMESTAMP = 55, "Event-Timestamp", Time, Must;
    /// Acct-Interim-Interval (RFC 6733 §9.8.2).
    ACCT_INTERIM_INTERVAL = 85, "Acct-Interim-Interval", Unsigned32, Must;
    /// Host-IP-Address (RFC 6733 §5.3.5).
    HOST_IP_ADDRESS = 257, "Host-IP-Address", Address, Must;
    /// Auth-Application-Id (RFC 6733 §6.8).
    AUTH_APPLICATION_ID = 258, "Auth-Application-Id", Unsigned32, Must;
    /// Acct-Application-Id (RFC 6733 §6.9).
    ACCT_APPLICATION_ID = 259, "Acct-Application-Id", Unsigned32, Must;
    /// Vendor-Specific-Application-Id (RFC 6733 §6.11).
    VENDOR_SPECIFIC_APPLICATION_ID = 260, "Vendor-Specific-Application-Id", Grouped, Must;
    /// Redirect-Host-Usage (RFC 6733 §6.13).
    REDIRECT_HOST_USAGE = 261, "Redirect-Host-Usage", Enumerated, Must, enums = REDIRECT_HOST_USAGE_VALUES;
    /// Redirect-Max-Cache-Time (RFC 6733 §6.14).
    REDIRECT_MAX_CACHE_TIME = 262, "Redirect-Max-Cache-Time", Unsigned32, Must;
    /// Session-Id (RFC 6733 §8.8).
    SESSION_ID = 263, "Session-Id", Utf8String, Must;
    /// Origin-Host (RFC 6733 §6.3).
    ORIGIN_HOST = 264, "Origin-Host", DiameterIdentity, Must;
    /// Supported-Vendor-Id (RFC 6733 §5.3.6).
    SUPPORTED_VENDOR_ID = 265, "Supported-Vendor-Id", Unsigned32, Must;
    /// Vendor-Id (RFC 6733 §5.3.3).
    VENDOR_ID = 266, "Vendor-Id", Unsigned32, Must;
    /// Firmware-Revision (RFC 6733 §5.3.4).
    FIRMWARE_REVISION = 267, "Firmware-Revision", Unsigned32, MustNot;
    /// Result-Code (RFC 6733 §7.1).
    RESULT_CODE = 268, "Result-Code", Unsigned32, Must;
    /// Product-Name (RFC 6733 §5.3.7).
    PRODUCT_NAME = 269, "Product-Name", Utf8String, MustNot;
    /// Session-Binding (RFC 6733 §8.17).
    SESSION_BINDING = 270, "Session-Binding", Unsigned32, Must;
    /// Session-Server-Failover (RFC 6733 §8.18).
    SESSION_SERVER_FAILOVER = 271, "Session-Server-Failover", Enumerated, Must, enums = SESSION_SERVER_FAILOVER_VALUES;
    /// Multi-Round-Time-Out (RFC 6733 §8.19).
    MULTI_ROUND_TIME_OUT = 272, "Multi-Round-Time-Out", Unsigned32, Must;
    /// Disconnect-Cause (RFC 6733 §5.4.3).
    DISCONNECT_CAUSE = 273, "Disconnect-Cause", Enumerated, Must, enums = DISCONNECT_CAUSE_VALUES;
    /// Auth-Request-Type (RFC 6733 §8.7).
    AUTH_REQUEST_TYPE = 274, "Auth-Request-Type", Enumerated, Must, enums = AUTH_REQUEST_TYPE_VALUES;
    /// Auth-Grace-Period (RFC 6733 §8.10).
    AUTH_GRACE_PERIOD = 276, "Auth-Grace-Period", Unsigned32, Must;
    /// Auth-Session-State (RFC 6733 §8.11).
    AUTH_SESSION_STATE = 277, "Auth-Session-State", Enumerated, Must, enums = AUTH_SESSION_STATE_VALUES;
    /// Origin-State-Id (RFC 6733 §8.16).
    ORIGIN_STATE_ID = 278, "Origin-State-Id", Unsigned32, Must;
    /// Failed-AVP (RFC 6733 §7.5).
    FAILED_AVP = 279, "Failed-AVP", Grouped, Must;
    /// Proxy-Host (RFC 6733 §6.7.3).
    PROXY_HOST = 280, "Proxy-Host", DiameterIdentity, Must;
    /// Error-Message (RFC 6733 §7.3).
    ERROR_MESSAGE = 281, "Error-Message", Utf8String, MustNot;
    /// Route-Record (RFC 6733 §6.7.1).
    ROUTE_RECORD = 282, "Route-Record", DiameterIdentity, Must;
    /// Destination-Realm (RFC 6733 §6.6).
    DESTINATION_REALM = 283, "Destination-Realm", DiameterIdentity, Must;
    /// Proxy-Info (RFC 6733 §6.7.2).
    PROXY_INFO = 284, "Proxy-Info", Grouped, Must;
    /// Re-Auth-Request-Type (RFC 6733 §8.12).
    RE_AUTH_REQUEST_TYPE = 285, "Re-Auth-Request-Type", Enumerated, Must, enums = RE_AUTH_REQUEST_TYPE_VALUES;
    /// Accounting-Sub-Session-Id (RFC 6733 §9.8.6).
    ACCOUNTING_SUB_SESSION_ID = 287, "Accounting-Sub-Session-Id", Unsigned64, Must;
    /// Authorization-Lifetime (RFC 6733 §8.9).
    AUTHORIZATION_LIFETIME = 291, "Authorization-Lifetime", Unsigned32, Must;
    /// Redirect-Host (RFC 6733 §6.12).
    REDIRECT_HOST = 292, "Redirect-Host", DiameterUri, Must;
    /// Destination-Host (RFC 6733 §6.5).
    DESTINATION_HOST = 293, "Destination-Host", DiameterIdentity, Must;
    /// Error-Reporting-Host (RFC 6733 §7.4).
    ERROR_REPORTING_HOST = 294, "Error-Reporting-Host", DiameterIdentity, MustNot;
    /// Termination-Cause (RFC 6733 §8.15).
    TERMINATION_CAUSE = 295, "Termination-Cause", Enumerated, Must, enums = TERMINATION_CAUSE_VALUES;
    /// Origin-Realm (RFC 6733 §6.4).
    ORIGIN_REALM = 296, "Origin-Realm", DiameterIdentity, Must;
    /// Experimental-Result (RFC 6733 §7.6).
    EXPERIMENTAL_RESULT = 297, "Experimental-Result", Grouped, Must;
    /// Experimental-Result-Code (RFC 6733 §7.7).
    EXPERIMENTAL_RESULT_CODE = 298, "Experimental-Result-Code", Unsigned32, Must;
    /// Inband-Security-Id (RFC 3588 §6.10; still sent in CER by many peers).
    INBAND_SECURITY_ID = 299, "Inband-Security-Id", Enumerated, Must, enums = INBAND_SECURITY_ID_VALUES;
    /// Accounting-Record-Type (RFC 6733 §9.8.1).
    ACCOUNTING_RECORD_TYPE = 480, "Accounting-Record-Type", Enumerated, Must, enums = ACCOUNTING_RECORD_TYPE_VALUES;
    /// Accounting-Realtime-Required (RFC 6733 §9.8.7).
    ACCOUNTING_REALTIME_REQUIRED = 483, "Accounting-Realtime-Required", Enumerated, Must, enums = ACCOUNTING_REALTIME_REQUIRED_VALUES;
    /// Accounting-Record-Number (RFC 6733 §9.8.3).
    ACCOUNTING_RECORD_NUMBER = 485, "Accounting-Record-Number", Unsigned32, Must;
}

/// The base protocol dictionary (RFC 6733): the common messages and base
/// accounting, the session commands any application may use, their AVPs
/// and grammars.
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "base",
    applications: &[
        super::Application {
            id: super::application::COMMON,
            name: "Diameter Common Messages",
        },
        super::Application {
            id: super::application::BASE_ACCOUNTING,
            name: "Diameter Base Accounting",
        },
    ],
    avps: AVPS,
    commands: super::grammars::base::COMMANDS,
    groups: super::grammars::base::GROUPS,
    closed_enums: super::grammars::base::CLOSED_ENUMS,
    fixed_octets: &[],
});
