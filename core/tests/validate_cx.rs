//! The validator on Cx/Dx messages (3GPP TS 29.229 §6.1): a UAR from an
//! I-CSCF and an MAR from an S-CSCF, built with `MessageWriter`, valid
//! over [`dict::ALL`] and broken once each.

mod common;
mod validate_support;

use diameter_core::dict::{self, application as app, base, cx, result_code as rc, s6a};
use diameter_core::wire::MessageWriter;
use validate_support::*;

/// The AVPs every Cx request starts with (TS 29.229 §6.1): Session-Id,
/// Vendor-Specific-Application-Id, Auth-Session-State, the origin and the
/// destination realm.
fn cx_request(w: &mut MessageWriter<'_>) {
    w.utf8(base::SESSION_ID, "icscf.example.org;1;1")
        .grouped(base::VENDOR_SPECIFIC_APPLICATION_ID, |w| {
            w.u32(base::VENDOR_ID, dict::VENDOR_3GPP)
                .u32(base::AUTH_APPLICATION_ID, app::CX);
        })
        .enumerated(base::AUTH_SESSION_STATE, 1)
        .identity(base::ORIGIN_HOST, "icscf.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org");
}

/// A UAR (TS 29.229 §6.1.1) registering a public identity, with or
/// without its Public-Identity.
fn uar(public_identity: bool) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 300, app::CX, true, 0x11, 0x22);
    cx_request(&mut w);
    w.utf8(base::USER_NAME, "001010000000001@ims.example.org");
    if public_identity {
        w.utf8(cx::PUBLIC_IDENTITY, "sip:alice@ims.example.org");
    }
    w.octets(s6a::VISITED_NETWORK_IDENTIFIER, b"ims.example.org")
        .enumerated(cx::USER_AUTHORIZATION_TYPE, 0);
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

/// An MAR (TS 29.229 §6.1.7) asking for one Digest-AKAv1 vector, with or
/// without its SIP-Number-Auth-Items.
fn mar(items: bool) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 303, app::CX, true, 0x11, 0x22);
    cx_request(&mut w);
    w.utf8(base::USER_NAME, "001010000000001@ims.example.org")
        .utf8(cx::PUBLIC_IDENTITY, "sip:alice@ims.example.org")
        .grouped(cx::SIP_AUTH_DATA_ITEM, |w| {
            w.utf8(cx::SIP_AUTHENTICATION_SCHEME, "Digest-AKAv1-MD5");
        });
    if items {
        w.u32(cx::SIP_NUMBER_AUTH_ITEMS, 1);
    }
    w.utf8(cx::SERVER_NAME, "sip:scscf.example.org");
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

#[test]
fn a_uar_is_checked_against_ts_29_229() {
    assert_application_checks(&uar(true), &uar(false), &cx::PUBLIC_IDENTITY);
}

#[test]
fn an_mar_without_sip_number_auth_items_is_5005() {
    assert_eq!(validate_all(&mar(true)), Ok(()));
    let v = validate_all(&mar(false)).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp()),
        (rc::DIAMETER_MISSING_AVP, Some((607, 10415)))
    );
    // The placeholder of an Unsigned32 is four zero octets (RFC 6733 §7.5).
    assert_eq!(
        answer(&mar(false), &v).failed_avp,
        avp(607, 10415, 0x40, &[0; 4])
    );
}
