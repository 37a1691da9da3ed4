//! Result-Codes (RFC 6733 §7.1, RFC 4006 §9.1, RFC 8506) and 3GPP
//! Experimental-Result-Codes (TS 29.272 §7.4, TS 29.229 §6.2, TS 32.299), with names.

/// Defines the IETF Result-Code constants and `name`.
macro_rules! result_codes {
    ($( $(#[$doc:meta])* $ident:ident = $code:literal; )*) => {
        $( $(#[$doc])* pub const $ident: u32 = $code; )*

        /// The name of IETF Result-Code `code` ("DIAMETER_SUCCESS").
        pub fn name(code: u32) -> Option<&'static str> {
            match code {
                $($code => Some(stringify!($ident)),)*
                _ => None,
            }
        }
    };
}

result_codes! {
    /// 1001: subsequent messaging needed (RFC 6733 §7.1.1).
    DIAMETER_MULTI_ROUND_AUTH = 1001;
    /// 2001: the request was processed (RFC 6733 §7.1.2).
    DIAMETER_SUCCESS = 2001;
    /// 2002: the request was processed, authorisation limited (RFC 6733 §7.1.2).
    DIAMETER_LIMITED_SUCCESS = 2002;
    /// 3001: the command code is not supported (RFC 6733 §7.1.3).
    DIAMETER_COMMAND_UNSUPPORTED = 3001;
    /// 3002: the request could not be delivered (RFC 6733 §7.1.3).
    DIAMETER_UNABLE_TO_DELIVER = 3002;
    /// 3003: the realm is not served (RFC 6733 §7.1.3).
    DIAMETER_REALM_NOT_SERVED = 3003;
    /// 3004: too busy (RFC 6733 §7.1.3).
    DIAMETER_TOO_BUSY = 3004;
    /// 3005: a routing loop was detected (RFC 6733 §7.1.3).
    DIAMETER_LOOP_DETECTED = 3005;
    /// 3006: redirect to the hosts in Redirect-Host (RFC 6733 §7.1.3).
    DIAMETER_REDIRECT_INDICATION = 3006;
    /// 3007: the application is not supported (RFC 6733 §7.1.3).
    DIAMETER_APPLICATION_UNSUPPORTED = 3007;
    /// 3008: header bits invalid (RFC 6733 §7.1.3).
    DIAMETER_INVALID_HDR_BITS = 3008;
    /// 3009: AVP bits invalid (RFC 6733 §7.1.3).
    DIAMETER_INVALID_AVP_BITS = 3009;
    /// 3010: CER from an unknown peer (RFC 6733 §7.1.3).
    DIAMETER_UNKNOWN_PEER = 3010;
    /// 4001: authentication rejected (RFC 6733 §7.1.4).
    DIAMETER_AUTHENTICATION_REJECTED = 4001;
    /// 4002: out of space (RFC 6733 §7.1.4).
    DIAMETER_OUT_OF_SPACE = 4002;
    /// 4003: election lost (RFC 6733 §7.1.4).
    ELECTION_LOST = 4003;
    /// 5001: an AVP with the M bit is not supported (RFC 6733 §7.1.5).
    DIAMETER_AVP_UNSUPPORTED = 5001;
    /// 5002: unknown Session-Id (RFC 6733 §7.1.5).
    DIAMETER_UNKNOWN_SESSION_ID = 5002;
    /// 5003: authorisation rejected (RFC 6733 §7.1.5).
    DIAMETER_AUTHORIZATION_REJECTED = 5003;
    /// 5004: an AVP value is invalid (RFC 6733 §7.1.5).
    DIAMETER_INVALID_AVP_VALUE = 5004;
    /// 5005: a required AVP is missing (RFC 6733 §7.1.5).
    DIAMETER_MISSING_AVP = 5005;
    /// 5006: resources exceeded (RFC 6733 §7.1.5).
    DIAMETER_RESOURCES_EXCEEDED = 5006;
    /// 5007: contradicting AVPs (RFC 6733 §7.1.5).
    DIAMETER_CONTRADICTING_AVPS = 5007;
    /// 5008: an AVP that must not be present is (RFC 6733 §7.1.5).
    DIAMETER_AVP_NOT_ALLOWED = 5008;
    /// 5009: an AVP occurs more often than permitted (RFC 6733 §7.1.5).
    DIAMETER_AVP_OCCURS_TOO_MANY_TIMES = 5009;
    /// 5010: no common application (RFC 6733 §7.1.5).
    DIAMETER_NO_COMMON_APPLICATION = 5010;
    /// 5011: unsupported version (RFC 6733 §7.1.5).
    DIAMETER_UNSUPPORTED_VERSION = 5011;
    /// 5012: unable to comply (RFC 6733 §7.1.5).
    DIAMETER_UNABLE_TO_COMPLY = 5012;
    /// 5013: invalid bit in header (RFC 6733 §7.1.5).
    DIAMETER_INVALID_BIT_IN_HEADER = 5013;
    /// 5014: invalid AVP length (RFC 6733 §7.1.5).
    DIAMETER_INVALID_AVP_LENGTH = 5014;
    /// 5015: invalid message length (RFC 6733 §7.1.5).
    DIAMETER_INVALID_MESSAGE_LENGTH = 5015;
    /// 5016: invalid AVP bit combination (RFC 6733 §7.1.5).
    DIAMETER_INVALID_AVP_BIT_COMBO = 5016;
    /// 5017: no common security (RFC 6733 §7.1.5).
    DIAMETER_NO_COMMON_SECURITY = 5017;
}
