//! Gy/Ro AVPs (3GPP TS 32.299 §7.2), vendor 10415.

use super::{avps, VENDOR_3GPP};

avps! { vendor = VENDOR_3GPP;
    /// Service-Information (TS 32.299 §7.2.192).
    SERVICE_INFORMATION = 873, "Service-Information", Grouped, Must;
}
