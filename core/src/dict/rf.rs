//! Rf, offline charging (3GPP TS 32.299 §6), over the base accounting
//! application (RFC 6733 §9, Application-Id 3): the ACR/ACA grammar of
//! TS 32.299 §6.2.2 and §6.2.3, which adds Service-Context-Id and
//! Service-Information to RFC 6733's, and the AVPs of the
//! Service-Information subset a PS charging record carries
//! (Service-Data-Container, Traffic-Data-Volumes, TS 32.299 §7.2), beside
//! those Gy already has in [`super::gy`].
//!
//! The IETF accounting AVPs these name (Accounting-Input-Octets, ...: RFC
//! 7155 §4.6) form the vendor-0 table of [`ietf`], a dictionary of its own
//! ([`ietf::DICTIONARY`]) since a table holds one vendor's AVPs.

use super::{avps, VENDOR_3GPP};

/// The IETF AVPs of Rf: the NASREQ accounting counters (RFC 7155 §4.6)
/// that TS 32.299 §7.1 reuses.
pub mod ietf {
    use crate::dict::avps;

    avps! { vendor = 0;
        /// Accounting-Input-Octets (RFC 7155 §4.6.1).
        ACCOUNTING_INPUT_OCTETS = 363, "Accounting-Input-Octets", Unsigned64, Must;
        /// Accounting-Output-Octets (RFC 7155 §4.6.2).
        ACCOUNTING_OUTPUT_OCTETS = 364, "Accounting-Output-Octets", Unsigned64, Must;
        /// Accounting-Input-Packets (RFC 7155 §4.6.3).
        ACCOUNTING_INPUT_PACKETS = 365, "Accounting-Input-Packets", Unsigned64, Must;
        /// Accounting-Output-Packets (RFC 7155 §4.6.4).
        ACCOUNTING_OUTPUT_PACKETS = 366, "Accounting-Output-Packets", Unsigned64, Must;
    }

    /// The IETF accounting AVPs Rf names; no application or command.
    pub static DICTIONARY: crate::dict::Dictionary =
        crate::dict::Dictionary::new(crate::dict::Parts {
            name: "rf-ietf",
            avps: AVPS,
            ..crate::dict::Parts::EMPTY
        });
}

avps! { vendor = VENDOR_3GPP;
    /// Change-Condition (TS 32.299 §7.2): Integer32, which Wireshark types
    /// Enumerated.
    CHANGE_CONDITION = 2037, "Change-Condition", Integer32, Must;
    /// Change-Time (TS 32.299 §7.2).
    CHANGE_TIME = 2038, "Change-Time", Time, Must;
    /// Diagnostics (TS 32.299 §7.2): Integer32, which Wireshark types
    /// Enumerated.
    DIAGNOSTICS = 2039, "Diagnostics", Integer32, Must;
    /// Service-Data-Container (TS 32.299 §7.2).
    SERVICE_DATA_CONTAINER = 2040, "Service-Data-Container", Grouped, Must;
    /// Start-Time (TS 32.299 §7.2).
    START_TIME = 2041, "Start-Time", Time, Must;
    /// Stop-Time (TS 32.299 §7.2).
    STOP_TIME = 2042, "Stop-Time", Time, Must;
    /// Time-First-Usage (TS 32.299 §7.2).
    TIME_FIRST_USAGE = 2043, "Time-First-Usage", Time, Must;
    /// Time-Last-Usage (TS 32.299 §7.2).
    TIME_LAST_USAGE = 2044, "Time-Last-Usage", Time, Must;
    /// Time-Usage (TS 32.299 §7.2).
    TIME_USAGE = 2045, "Time-Usage", Unsigned32, Must;
    /// Traffic-Data-Volumes (TS 32.299 §7.2).
    TRAFFIC_DATA_VOLUMES = 2046, "Traffic-Data-Volumes", Grouped, Must;
    /// Local-Sequence-Number (TS 32.299 §7.2).
    LOCAL_SEQUENCE_NUMBER = 2063, "Local-Sequence-Number", Unsigned32, Must;
}

/// The Rf dictionary (TS 32.299 §6): the ACR/ACA of base accounting as Rf
/// writes them, and the 3GPP AVPs above with their grammars. It names AVPs
/// of [`super::base`], [`super::cc`], [`super::gy`], [`super::rx`] and
/// [`ietf`], so a set with Rf holds those too ([`super::ALL`]).
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "rf",
    avps: AVPS,
    commands: super::grammars::rf::COMMANDS,
    groups: super::grammars::rf::GROUPS,
    ..super::Parts::EMPTY
});
