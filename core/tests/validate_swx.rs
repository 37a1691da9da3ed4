//! The validator on SWx messages (3GPP TS 29.273 §8.2.2): a 3GPP AAA
//! server's MAR for an EAP-AKA' vector, built with `MessageWriter`, valid
//! over [`dict::ALL`] and broken once.

mod common;
mod validate_support;

use diameter_core::dict::{self, application as app, base, cx, s6a, swx};
use diameter_core::wire::MessageWriter;
use validate_support::*;

/// An SWx MAR (TS 29.273 §8.2.2) from a 3GPP AAA server, with or without
/// its User-Name.
fn mar(user_name: bool) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 303, app::SWX, true, 0x11, 0x22);
    w.utf8(base::SESSION_ID, "aaa.example.org;1;1")
        .grouped(base::VENDOR_SPECIFIC_APPLICATION_ID, |w| {
            w.u32(base::VENDOR_ID, dict::VENDOR_3GPP)
                .u32(base::AUTH_APPLICATION_ID, app::SWX);
        })
        .enumerated(base::AUTH_SESSION_STATE, 1)
        .identity(base::ORIGIN_HOST, "aaa.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org");
    if user_name {
        w.utf8(base::USER_NAME, "6001010000000001@nai.epc.example.org");
    }
    w.grouped(cx::SIP_AUTH_DATA_ITEM, |w| {
        w.utf8(cx::SIP_AUTHENTICATION_SCHEME, "EAP-AKA'");
    })
    .u32(cx::SIP_NUMBER_AUTH_ITEMS, 1)
    .enumerated(s6a::RAT_TYPE, 0)
    .utf8(swx::ANID, "WLAN");
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

#[test]
fn an_swx_mar_is_checked_against_ts_29_273() {
    assert_application_checks(&mar(true), &mar(false), &base::USER_NAME);
}
