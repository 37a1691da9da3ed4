//! Command definitions (RFC 6733 §3.3 and the applications' CCFs).
//!
//! Commands that any application may use (RAR, STR, ASR) are registered with
//! application 0: [`find`] falls back to them for every application.

use super::{application as app, CommandDef};

/// Defines command-code constants and the `COMMANDS` table.
macro_rules! commands {
    ($( $(#[$doc:meta])* $ident:ident = $code:literal, $app:expr, $req:literal / $ans:literal, $ra:literal / $aa:literal, $pxy:literal; )*) => {
        $( $(#[$doc])* pub const $ident: u32 = $code; )*

        /// Every command of every dictionary.
        pub static COMMANDS: &[CommandDef] = &[
            $(CommandDef {
                code: $code,
                application_id: $app,
                request_name: $req,
                answer_name: $ans,
                request_abbrev: $ra,
                answer_abbrev: $aa,
                proxiable: $pxy,
            },)*
        ];
    };
}

commands! {
    /// Capabilities-Exchange (RFC 6733 §5.3).
    CAPABILITIES_EXCHANGE = 257, app::COMMON, "Capabilities-Exchange-Request" / "Capabilities-Exchange-Answer", "CER" / "CEA", false;
    /// Device-Watchdog (RFC 6733 §5.5).
    DEVICE_WATCHDOG = 280, app::COMMON, "Device-Watchdog-Request" / "Device-Watchdog-Answer", "DWR" / "DWA", false;
    /// Disconnect-Peer (RFC 6733 §5.4).
    DISCONNECT_PEER = 282, app::COMMON, "Disconnect-Peer-Request" / "Disconnect-Peer-Answer", "DPR" / "DPA", false;
    /// Re-Auth, usable by any application (RFC 6733 §8.3).
    RE_AUTH = 258, app::COMMON, "Re-Auth-Request" / "Re-Auth-Answer", "RAR" / "RAA", true;
    /// Accounting (RFC 6733 §9.7).
    ACCOUNTING = 271, app::BASE_ACCOUNTING, "Accounting-Request" / "Accounting-Answer", "ACR" / "ACA", true;
    /// Credit-Control (RFC 4006 §3).
    CREDIT_CONTROL = 272, app::CREDIT_CONTROL, "Credit-Control-Request" / "Credit-Control-Answer", "CCR" / "CCA", true;
    /// Abort-Session, usable by any application (RFC 6733 §8.5).
    ABORT_SESSION = 274, app::COMMON, "Abort-Session-Request" / "Abort-Session-Answer", "ASR" / "ASA", true;
    /// Session-Termination, usable by any application (RFC 6733 §8.4).
    SESSION_TERMINATION = 275, app::COMMON, "Session-Termination-Request" / "Session-Termination-Answer", "STR" / "STA", true;
    /// Update-Location (TS 29.272 §7.2.3, §7.2.4).
    UPDATE_LOCATION = 316, app::S6A, "Update-Location-Request" / "Update-Location-Answer", "ULR" / "ULA", true;
    /// Cancel-Location (TS 29.272 §7.2.7, §7.2.8).
    CANCEL_LOCATION = 317, app::S6A, "Cancel-Location-Request" / "Cancel-Location-Answer", "CLR" / "CLA", true;
    /// Authentication-Information (TS 29.272 §7.2.5, §7.2.6).
    AUTHENTICATION_INFORMATION = 318, app::S6A, "Authentication-Information-Request" / "Authentication-Information-Answer", "AIR" / "AIA", true;
    /// Insert-Subscriber-Data (TS 29.272 §7.2.9, §7.2.10).
    INSERT_SUBSCRIBER_DATA = 319, app::S6A, "Insert-Subscriber-Data-Request" / "Insert-Subscriber-Data-Answer", "IDR" / "IDA", true;
    /// Delete-Subscriber-Data (TS 29.272 §7.2.11, §7.2.12).
    DELETE_SUBSCRIBER_DATA = 320, app::S6A, "Delete-Subscriber-Data-Request" / "Delete-Subscriber-Data-Answer", "DSR" / "DSA", true;
    /// Purge-UE (TS 29.272 §7.2.13, §7.2.14).
    PURGE_UE = 321, app::S6A, "Purge-UE-Request" / "Purge-UE-Answer", "PUR" / "PUA", true;
    /// Reset (TS 29.272 §7.2.15, §7.2.16).
    RESET = 322, app::S6A, "Reset-Request" / "Reset-Answer", "RSR" / "RSA", true;
    /// Notify (TS 29.272 §7.2.17, §7.2.18).
    NOTIFY = 323, app::S6A, "Notify-Request" / "Notify-Answer", "NOR" / "NOA", true;
    /// User-Data on Sh, AS to HSS (TS 29.329 §6.1.1, §6.1.2).
    USER_DATA = 306, app::SH, "User-Data-Request" / "User-Data-Answer", "UDR" / "UDA", true;
    /// Profile-Update on Sh, AS to HSS (TS 29.329 §6.1.3, §6.1.4).
    PROFILE_UPDATE = 307, app::SH, "Profile-Update-Request" / "Profile-Update-Answer", "PUR" / "PUA", true;
    /// Subscribe-Notifications on Sh, AS to HSS (TS 29.329 §6.1.5, §6.1.6).
    SUBSCRIBE_NOTIFICATIONS = 308, app::SH, "Subscribe-Notifications-Request" / "Subscribe-Notifications-Answer", "SNR" / "SNA", true;
    /// Push-Notification on Sh, HSS to AS (TS 29.329 §6.1.7, §6.1.8).
    PUSH_NOTIFICATION = 309, app::SH, "Push-Notification-Request" / "Push-Notification-Answer", "PNR" / "PNA", true;
    /// Multimedia-Auth on SWx, 3GPP AAA server to HSS (TS 29.273 §8.2.2).
    SWX_MULTIMEDIA_AUTH = 303, app::SWX, "Multimedia-Auth-Request" / "Multimedia-Auth-Answer", "MAR" / "MAA", true;
    /// Server-Assignment on SWx, 3GPP AAA server to HSS (TS 29.273 §8.2.2).
    SWX_SERVER_ASSIGNMENT = 301, app::SWX, "Server-Assignment-Request" / "Server-Assignment-Answer", "SAR" / "SAA", true;
    /// Registration-Termination on SWx, HSS to 3GPP AAA server (TS 29.273 §8.2.2).
    SWX_REGISTRATION_TERMINATION = 304, app::SWX, "Registration-Termination-Request" / "Registration-Termination-Answer", "RTR" / "RTA", true;
    /// Push-Profile on SWx, HSS to 3GPP AAA server (TS 29.273 §8.2.2).
    SWX_PUSH_PROFILE = 305, app::SWX, "Push-Profile-Request" / "Push-Profile-Answer", "PPR" / "PPA", true;
    /// Spending-Limit on Sy, PCRF to OCS (TS 29.219 §5.6.2, §5.6.3).
    SPENDING_LIMIT = 8388635, app::SY, "Spending-Limit-Request" / "Spending-Limit-Answer", "SLR" / "SLA", true;
    /// Spending-Status-Notification on Sy, OCS to PCRF (TS 29.219 §5.6.4, §5.6.5).
    SPENDING_STATUS_NOTIFICATION = 8388636, app::SY, "Spending-Status-Notification-Request" / "Spending-Status-Notification-Answer", "SNR" / "SNA", true;
    /// ME-Identity-Check on S13/S13', MME or SGSN to EIR (TS 29.272 §7.2.19, §7.2.20).
    ME_IDENTITY_CHECK = 324, app::S13, "ME-Identity-Check-Request" / "ME-Identity-Check-Answer", "ECR" / "ECA", true;
    /// Credit-Control on Gx, PCEF to PCRF (TS 29.212 §5.6.2, §5.6.3).
    GX_CREDIT_CONTROL = 272, app::GX, "Credit-Control-Request" / "Credit-Control-Answer", "CCR" / "CCA", true;
    /// Re-Auth on Gx, PCRF to PCEF (TS 29.212 §5.6.4, §5.6.5).
    GX_RE_AUTH = 258, app::GX, "Re-Auth-Request" / "Re-Auth-Answer", "RAR" / "RAA", true;
    /// AA on Rx, AF to PCRF (TS 29.214 §5.6.2, §5.6.3).
    RX_AA = 265, app::RX, "AA-Request" / "AA-Answer", "AAR" / "AAA", true;
    /// Re-Auth on Rx, PCRF to AF (TS 29.214 §5.6.4, §5.6.5).
    RX_RE_AUTH = 258, app::RX, "Re-Auth-Request" / "Re-Auth-Answer", "RAR" / "RAA", true;
    /// User-Authorization on Cx, I-CSCF to HSS (TS 29.229 §6.1.1, §6.1.2).
    USER_AUTHORIZATION = 300, app::CX, "User-Authorization-Request" / "User-Authorization-Answer", "UAR" / "UAA", true;
    /// Server-Assignment on Cx, S-CSCF to HSS (TS 29.229 §6.1.3, §6.1.4).
    SERVER_ASSIGNMENT = 301, app::CX, "Server-Assignment-Request" / "Server-Assignment-Answer", "SAR" / "SAA", true;
    /// Location-Info on Cx, I-CSCF to HSS (TS 29.229 §6.1.5, §6.1.6).
    LOCATION_INFO = 302, app::CX, "Location-Info-Request" / "Location-Info-Answer", "LIR" / "LIA", true;
    /// Multimedia-Auth on Cx, S-CSCF to HSS (TS 29.229 §6.1.7, §6.1.8).
    MULTIMEDIA_AUTH = 303, app::CX, "Multimedia-Auth-Request" / "Multimedia-Auth-Answer", "MAR" / "MAA", true;
    /// Registration-Termination on Cx, HSS to S-CSCF (TS 29.229 §6.1.9, §6.1.10).
    REGISTRATION_TERMINATION = 304, app::CX, "Registration-Termination-Request" / "Registration-Termination-Answer", "RTR" / "RTA", true;
    /// Push-Profile on Cx, HSS to S-CSCF (TS 29.229 §6.1.11, §6.1.12).
    PUSH_PROFILE = 305, app::CX, "Push-Profile-Request" / "Push-Profile-Answer", "PPR" / "PPA", true;
}

/// The definition of command `code` in application `application_id`, or
/// failing that of command `code` in any application.
pub fn find(code: u32, application_id: u32) -> Option<&'static CommandDef> {
    let mut any = None;
    for c in COMMANDS.iter().filter(|c| c.code == code) {
        if c.application_id == application_id {
            return Some(c);
        }
        any = any.or(Some(c));
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_command_is_defined_once_per_application() {
        let mut seen = std::collections::HashSet::new();
        for c in COMMANDS {
            assert!(
                seen.insert((c.code, c.application_id)),
                "{}",
                c.request_name
            );
        }
    }

    #[test]
    fn s6a_commands_are_proxiable_and_base_peer_commands_are_not() {
        for code in 316..=323 {
            let c = find(code, app::S6A).unwrap();
            assert_eq!(
                (c.application_id, c.proxiable),
                (app::S6A, true),
                "{}",
                c.request_name
            );
        }
        for code in [CAPABILITIES_EXCHANGE, DEVICE_WATCHDOG, DISCONNECT_PEER] {
            assert!(!find(code, app::COMMON).unwrap().proxiable);
        }
        assert_eq!(
            find(UPDATE_LOCATION, app::S6D).map(|c| c.abbrev(true)),
            Some("ULR")
        );
        assert_eq!(
            find(NOTIFY, app::S6A).map(|c| c.name(false)),
            Some("Notify-Answer")
        );
    }

    #[test]
    fn session_commands_serve_any_application() {
        for (code, abbrev) in [
            (RE_AUTH, "RAR"),
            (ABORT_SESSION, "ASR"),
            (SESSION_TERMINATION, "STR"),
        ] {
            for application in [app::GY, app::S6A] {
                let c = find(code, application).unwrap();
                assert_eq!((c.abbrev(true), c.application_id), (abbrev, app::COMMON));
            }
        }
        assert_eq!(
            find(CREDIT_CONTROL, app::RO).map(|c| c.answer_abbrev),
            Some("CCA")
        );
        assert_eq!(
            find(ACCOUNTING, app::BASE_ACCOUNTING).map(|c| c.request_abbrev),
            Some("ACR")
        );
        assert_eq!(find(399, app::S6A), None);
    }
}
