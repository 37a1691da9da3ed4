//! S6a/S6d AVPs (3GPP TS 29.272 §7.3), vendor 10415.

use super::{avps, VENDOR_3GPP};

avps! { vendor = VENDOR_3GPP;
    /// Visited-PLMN-Id (TS 29.272 §7.3.9).
    VISITED_PLMN_ID = 1407, "Visited-PLMN-Id", OctetString, Must;
}
