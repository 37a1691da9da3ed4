//! The validator on S13 messages (3GPP TS 29.272 §6, §7.2.19): an MME's
//! ME identity check of a terminal, built with `MessageWriter`, valid over
//! [`dict::ALL`] and broken once.

mod common;
mod validate_support;

use diameter_core::dict::{self, application as app, base, s6a};
use diameter_core::wire::MessageWriter;
use validate_support::*;

/// An ECR (TS 29.272 §7.2.19) for an IMEI, with or without its
/// Terminal-Information.
fn ecr(terminal: bool) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 324, app::S13, true, 0x11, 0x22);
    w.utf8(base::SESSION_ID, "mme.example.org;1;1")
        .grouped(base::VENDOR_SPECIFIC_APPLICATION_ID, |w| {
            w.u32(base::VENDOR_ID, dict::VENDOR_3GPP)
                .u32(base::AUTH_APPLICATION_ID, app::S13);
        })
        .enumerated(base::AUTH_SESSION_STATE, 1)
        .identity(base::ORIGIN_HOST, "mme.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org");
    if terminal {
        w.grouped(s6a::TERMINAL_INFORMATION, |w| {
            w.utf8(s6a::IMEI, "35693803564380")
                .utf8(s6a::SOFTWARE_VERSION, "12");
        });
    }
    w.utf8(base::USER_NAME, "001010000000001");
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

#[test]
fn an_ecr_is_checked_against_ts_29_272() {
    assert_application_checks(&ecr(true), &ecr(false), &s6a::TERMINAL_INFORMATION);
}
