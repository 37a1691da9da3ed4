//! Result-Codes (RFC 6733 §7.1, RFC 4006 §9.1 as kept by RFC 8506 §9.1) and
//! 3GPP Experimental-Result-Codes (TS 29.229 §6.2, TS 29.329 §6.2,
//! TS 29.272 §7.4), with names. TS 32.299 defines no Experimental-Result-Code
//! of its own: Gy/Ro answers use the RFC 4006 codes.

use crate::VENDOR_3GPP;

/// Defines Result-Code constants and a `name` lookup for one namespace.
macro_rules! result_codes {
    ($what:literal; $( $(#[$doc:meta])* $ident:ident = $code:literal; )*) => {
        $( $(#[$doc])* pub const $ident: u32 = $code; )*

        #[doc = concat!("The name of ", $what, " `code` (\"DIAMETER_SUCCESS\").")]
        pub fn name(code: u32) -> Option<&'static str> {
            match code {
                $($code => Some(stringify!($ident)),)*
                _ => None,
            }
        }
    };
}

result_codes! { "IETF Result-Code";
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
    /// 4010: the end user's service is denied (RFC 4006 §9.1).
    DIAMETER_END_USER_SERVICE_DENIED = 4010;
    /// 4011: credit control is not applicable to the service (RFC 4006 §9.1).
    DIAMETER_CREDIT_CONTROL_NOT_APPLICABLE = 4011;
    /// 4012: the end user's account cannot cover the service (RFC 4006 §9.1).
    DIAMETER_CREDIT_LIMIT_REACHED = 4012;
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
    /// 5030: the end user is unknown to the credit-control server (RFC 4006 §9.1).
    DIAMETER_USER_UNKNOWN = 5030;
    /// 5031: the service cannot be rated (RFC 4006 §9.1).
    DIAMETER_RATING_FAILED = 5031;
}

/// 3GPP Experimental-Result-Codes (vendor 10415), sent inside
/// Experimental-Result with Vendor-Id 10415 (RFC 6733 §7.6). Their values
/// overlap the IETF Result-Codes (5001 here is not 5001 there), hence the
/// separate namespace.
pub mod experimental {
    result_codes! { "3GPP Experimental-Result-Code";
        /// 2001: first registration of the user (TS 29.229 §6.2).
        DIAMETER_FIRST_REGISTRATION = 2001;
        /// 2002: subsequent registration of the user (TS 29.229 §6.2).
        DIAMETER_SUBSEQUENT_REGISTRATION = 2002;
        /// 2003: a service for an unregistered user (TS 29.229 §6.2).
        DIAMETER_UNREGISTERED_SERVICE = 2003;
        /// 2004: success, the server name is not stored (TS 29.229 §6.2).
        DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED = 2004;
        /// 2005: server selection, no longer used (TS 29.229 §6.2).
        DIAMETER_SERVER_SELECTION = 2005;
        /// 4100: the requested user data is not available now (TS 29.329 §6.2).
        DIAMETER_USER_DATA_NOT_AVAILABLE = 4100;
        /// 4101: a prior update of the data is in progress (TS 29.329 §6.2).
        DIAMETER_PRIOR_UPDATE_IN_PROGRESS = 4101;
        /// 4181: the HSS has no authentication vectors now (TS 29.272 §7.4.4.1).
        DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE = 4181;
        /// 4182: the subscriber has CAMEL subscription data (TS 29.272 §7.4.4.2).
        DIAMETER_ERROR_CAMEL_SUBSCRIPTION_PRESENT = 4182;
        /// 5001: the user is unknown to the HSS (TS 29.229 §6.2, used by TS 29.272 §7.4.3.1).
        DIAMETER_ERROR_USER_UNKNOWN = 5001;
        /// 5002: the public and private identities do not match (TS 29.229 §6.2).
        DIAMETER_ERROR_IDENTITIES_DONT_MATCH = 5002;
        /// 5003: the identity is not registered (TS 29.229 §6.2).
        DIAMETER_ERROR_IDENTITY_NOT_REGISTERED = 5003;
        /// 5004: the user may not roam in the visited network (TS 29.229 §6.2, used by TS 29.272 §7.4.3.4).
        DIAMETER_ERROR_ROAMING_NOT_ALLOWED = 5004;
        /// 5005: the identity is already registered (TS 29.229 §6.2).
        DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED = 5005;
        /// 5006: the authentication scheme is not supported (TS 29.229 §6.2).
        DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED = 5006;
        /// 5007: wrong server assignment type (TS 29.229 §6.2).
        DIAMETER_ERROR_IN_ASSIGNMENT_TYPE = 5007;
        /// 5008: too much data for the receiver (TS 29.229 §6.2).
        DIAMETER_ERROR_TOO_MUCH_DATA = 5008;
        /// 5009: the user data is not supported (TS 29.229 §6.2).
        DIAMETER_ERROR_NOT_SUPPORTED_USER_DATA = 5009;
        /// 5011: a required feature is not supported (TS 29.229 §6.2).
        DIAMETER_ERROR_FEATURE_UNSUPPORTED = 5011;
        /// 5012: the serving node lacks a required feature (TS 29.229 §6.2).
        DIAMETER_ERROR_SERVING_NODE_FEATURE_UNSUPPORTED = 5012;
        /// 5100: the user data is not recognised (TS 29.329 §6.2).
        DIAMETER_ERROR_USER_DATA_NOT_RECOGNIZED = 5100;
        /// 5101: the operation is not allowed (TS 29.329 §6.2).
        DIAMETER_ERROR_OPERATION_NOT_ALLOWED = 5101;
        /// 5102: the user data cannot be read (TS 29.329 §6.2).
        DIAMETER_ERROR_USER_DATA_CANNOT_BE_READ = 5102;
        /// 5103: the user data cannot be modified (TS 29.329 §6.2).
        DIAMETER_ERROR_USER_DATA_CANNOT_BE_MODIFIED = 5103;
        /// 5104: changes to the user data cannot be notified (TS 29.329 §6.2).
        DIAMETER_ERROR_USER_DATA_CANNOT_BE_NOTIFIED = 5104;
        /// 5105: transparent data out of sync (TS 29.329 §6.2).
        DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC = 5105;
        /// 5106: the subscription data is absent (TS 29.329 §6.2).
        DIAMETER_ERROR_SUBS_DATA_ABSENT = 5106;
        /// 5107: no subscription to the data exists (TS 29.329 §6.2).
        DIAMETER_ERROR_NO_SUBSCRIPTION_TO_DATA = 5107;
        /// 5108: the DSAI is not available (TS 29.329 §6.2).
        DIAMETER_ERROR_DSAI_NOT_AVAILABLE = 5108;
        /// 5420: the user has no EPS subscription (TS 29.272 §7.4.3.2).
        DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION = 5420;
        /// 5421: the RAT type is not allowed for the user (TS 29.272 §7.4.3.3).
        DIAMETER_ERROR_RAT_NOT_ALLOWED = 5421;
        /// 5422: the mobile equipment is unknown to the EIR (TS 29.272 §7.4.3.5).
        DIAMETER_ERROR_EQUIPMENT_UNKNOWN = 5422;
        /// 5423: the serving node is unknown to the HSS (TS 29.272 §7.4.3.6).
        DIAMETER_ERROR_UNKNOWN_SERVING_NODE = 5423;
    }
}

/// The name of `code` as a Result-Code (`vendor_id` 0) or as an
/// Experimental-Result-Code of vendor `vendor_id` (RFC 6733 §7.6, §7.7).
pub fn name_for(code: u32, vendor_id: u32) -> Option<&'static str> {
    match vendor_id {
        0 => name(code),
        VENDOR_3GPP => experimental::name(code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ietf_names() {
        assert_eq!(name(DIAMETER_SUCCESS), Some("DIAMETER_SUCCESS"));
        assert_eq!(name(5030), Some("DIAMETER_USER_UNKNOWN"));
        assert_eq!(name(4012), Some("DIAMETER_CREDIT_LIMIT_REACHED"));
        assert_eq!(name(5420), None, "5420 is only an Experimental-Result-Code");
    }

    #[test]
    fn experimental_codes_have_their_own_namespace() {
        assert_eq!(name_for(5001, 0), Some("DIAMETER_AVP_UNSUPPORTED"));
        assert_eq!(
            name_for(5001, VENDOR_3GPP),
            Some("DIAMETER_ERROR_USER_UNKNOWN")
        );
        assert_eq!(
            name_for(2001, VENDOR_3GPP),
            Some("DIAMETER_FIRST_REGISTRATION")
        );
        assert_eq!(
            name_for(4181, VENDOR_3GPP),
            Some("DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE")
        );
        assert_eq!(
            name_for(5423, VENDOR_3GPP),
            Some("DIAMETER_ERROR_UNKNOWN_SERVING_NODE")
        );
        assert_eq!(name_for(5001, 9), None, "unknown vendor");
        assert_eq!(experimental::DIAMETER_ERROR_RAT_NOT_ALLOWED, 5421);
    }

    #[test]
    fn names_are_unique_per_namespace() {
        for lookup in [name, experimental::name] {
            let named: std::vec::Vec<_> = (1000..6000).filter_map(lookup).collect();
            let unique: std::collections::HashSet<_> = named.iter().collect();
            assert_eq!(unique.len(), named.len());
            assert!(named.len() > 30);
        }
    }
}
