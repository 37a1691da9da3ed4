//! The validator on Sh messages (3GPP TS 29.329 §6.1): an application
//! server's UDR for a user's repository data, built with `MessageWriter`,
//! valid over [`dict::ALL`] and broken once.

mod common;
mod validate_support;

use diameter_core::dict::{self, application as app, base, cx, sh};
use diameter_core::wire::MessageWriter;
use validate_support::*;

/// A UDR (TS 29.329 §6.1.1) for the repository data of one service, with
/// or without its Data-Reference.
fn udr(data_reference: bool) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 306, app::SH, true, 0x11, 0x22);
    w.utf8(base::SESSION_ID, "as.example.org;1;1")
        .grouped(base::VENDOR_SPECIFIC_APPLICATION_ID, |w| {
            w.u32(base::VENDOR_ID, dict::VENDOR_3GPP)
                .u32(base::AUTH_APPLICATION_ID, app::SH);
        })
        .enumerated(base::AUTH_SESSION_STATE, 1)
        .identity(base::ORIGIN_HOST, "as.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org")
        .grouped(sh::USER_IDENTITY, |w| {
            w.utf8(cx::PUBLIC_IDENTITY, "sip:alice@ims.example.org");
        })
        .octets(sh::SERVICE_INDICATION, b"mmtel-settings");
    if data_reference {
        w.enumerated(sh::DATA_REFERENCE, 0);
    }
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

#[test]
fn a_udr_is_checked_against_ts_29_329() {
    // The missing Data-Reference's placeholder is an Enumerated: 4 octets.
    assert_application_checks(&udr(true), &udr(false), &sh::DATA_REFERENCE);
}
