//! The validator on Sy messages (3GPP TS 29.219 §5.6): a PCRF's initial
//! SLR for two policy counters, built with `MessageWriter`, valid over
//! [`dict::ALL`] and broken once.

mod common;
mod validate_support;

use diameter_core::dict::{application as app, base, cc, sy};
use diameter_core::wire::MessageWriter;
use validate_support::*;

/// An initial SLR (TS 29.219 §5.6.2), with or without its SL-Request-Type.
fn slr(request_type: bool) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 8_388_635, app::SY, true, 0x11, 0x22);
    w.utf8(base::SESSION_ID, "pcrf.example.org;1;1")
        .u32(base::AUTH_APPLICATION_ID, app::SY)
        .identity(base::ORIGIN_HOST, "pcrf.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org");
    if request_type {
        w.enumerated(sy::SL_REQUEST_TYPE, 0);
    }
    w.grouped(cc::SUBSCRIPTION_ID, |w| {
        w.enumerated(cc::SUBSCRIPTION_ID_TYPE, 1)
            .utf8(cc::SUBSCRIPTION_ID_DATA, "001010000000001");
    })
    .utf8(sy::POLICY_COUNTER_IDENTIFIER, "monthly-volume")
    .utf8(sy::POLICY_COUNTER_IDENTIFIER, "roaming-volume");
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

#[test]
fn an_slr_is_checked_against_ts_29_219() {
    assert_application_checks(&slr(true), &slr(false), &sy::SL_REQUEST_TYPE);
}
