//! Application-IDs (RFC 6733 §2.4, IANA "Application IDs").

/// Defines Application-ID constants and `name`.
macro_rules! applications {
    ($( $(#[$doc:meta])* $ident:ident = $id:literal, $name:literal; )*) => {
        $( $(#[$doc])* pub const $ident: u32 = $id; )*

        /// The name of application `id`.
        pub fn name(id: u32) -> Option<&'static str> {
            match id {
                $($id => Some($name),)*
                _ => None,
            }
        }
    };
}

applications! {
    /// Diameter common messages: CER/CEA, DWR/DWA, DPR/DPA (RFC 6733 §2.4).
    COMMON = 0, "Diameter Common Messages";
    /// NASREQ (RFC 7155).
    NASREQ = 1, "NASREQ";
    /// Mobile IPv4 (RFC 4004).
    MOBILE_IPV4 = 2, "Mobile IPv4";
    /// Base accounting (RFC 6733 §2.4).
    BASE_ACCOUNTING = 3, "Diameter Base Accounting";
    /// Credit control, used by Gy/Ro (RFC 4006, RFC 8506).
    CREDIT_CONTROL = 4, "Diameter Credit Control";
    /// 3GPP S6a/S6d between MME/SGSN and HSS (TS 29.272), vendor 10415.
    S6A = 16777251, "3GPP S6a/S6d";
    /// 3GPP Cx/Dx (TS 29.229), vendor 10415.
    CX = 16777216, "3GPP Cx";
    /// 3GPP Sh (TS 29.329), vendor 10415.
    SH = 16777217, "3GPP Sh";
    /// 3GPP S13/S13' between MME/SGSN and EIR (TS 29.272 §6), vendor 10415.
    S13 = 16777252, "3GPP S13/S13'";
    /// 3GPP SWx between 3GPP AAA server and HSS (TS 29.273 §8), vendor 10415.
    SWX = 16777265, "3GPP SWx";
    /// 3GPP Sy between PCRF and OCS (TS 29.219), vendor 10415.
    SY = 16777302, "3GPP Sy";
    /// 3GPP Rx (TS 29.214), vendor 10415.
    RX = 16777236, "3GPP Rx";
    /// 3GPP Gx (TS 29.212), vendor 10415.
    GX = 16777238, "3GPP Gx";
    /// Relay: a relay agent advertises every application (RFC 6733 §2.4).
    RELAY = 0xffff_ffff, "Relay";
}

/// S6d (SGSN–HSS) shares S6a's Application-ID (TS 29.272 §7.1.8).
pub const S6D: u32 = S6A;
/// Gy (PCEF–OCS) runs the Diameter Credit Control application (TS 32.299,
/// RFC 8506 §12.1).
pub const GY: u32 = CREDIT_CONTROL;
/// Ro (CTF–OCS) runs the Diameter Credit Control application (TS 32.299,
/// RFC 8506 §12.1).
pub const RO: u32 = CREDIT_CONTROL;
