//! Command definitions (RFC 6733 §3.3 and the applications' CCFs).

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
    /// Credit-Control (RFC 4006 §3).
    CREDIT_CONTROL = 272, app::CREDIT_CONTROL, "Credit-Control-Request" / "Credit-Control-Answer", "CCR" / "CCA", true;
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
