//! Credit-control AVPs (RFC 4006 §8, RFC 8506).

use super::avps;

avps! { vendor = 0;
    /// CC-Request-Number (RFC 4006 §8.2).
    CC_REQUEST_NUMBER = 415, "CC-Request-Number", Unsigned32, Must;
}
