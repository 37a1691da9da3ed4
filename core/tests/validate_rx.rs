//! The validator on Rx messages (3GPP TS 29.214 §5.6): an AAR from a
//! P-CSCF describing a voice call's media, built with `MessageWriter`,
//! valid over [`dict::ALL`] and broken once at each level.

mod common;
mod validate_support;

use diameter_core::dict::{self, application as app, base, gx, result_code as rc, rx, s6a};
use diameter_core::validate::{Reason, Validator, Violation};
use diameter_core::wire::{Message, MessageWriter};
use validate_support::*;

/// Validates `bytes` over every dictionary core defines.
fn check(bytes: &[u8]) -> Result<(), Violation> {
    Validator::new(&[])
        .with_dictionaries(&dict::ALL)
        .validate(&Message::new_checked(bytes).unwrap())
}

/// Which AVP an [`aar`] leaves out.
#[derive(PartialEq)]
enum Omit {
    Nothing,
    DestinationRealm,
    FlowNumber,
}

/// An Rx AAR (TS 29.214 §5.6.2) with one audio media component, without
/// the AVP `omit` names.
fn aar(omit: Omit) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 265, app::RX, true, 0x11, 0x22);
    w.utf8(base::SESSION_ID, "pcscf.example.org;1;1")
        .u32(base::AUTH_APPLICATION_ID, app::RX)
        .identity(base::ORIGIN_HOST, "pcscf.example.org")
        .identity(base::ORIGIN_REALM, "example.org");
    if omit != Omit::DestinationRealm {
        w.identity(base::DESTINATION_REALM, "example.org");
    }
    w.octets(rx::AF_CHARGING_IDENTIFIER, b"icid-1")
        .grouped(rx::MEDIA_COMPONENT_DESCRIPTION, |w| {
            w.u32(rx::MEDIA_COMPONENT_NUMBER, 1)
                .grouped(rx::MEDIA_SUB_COMPONENT, |w| {
                    if omit != Omit::FlowNumber {
                        w.u32(rx::FLOW_NUMBER, 1);
                    }
                    w.octets(
                        gx::FLOW_DESCRIPTION,
                        b"permit out 17 from 192.0.2.1 49152 to 198.51.100.7 5004",
                    )
                    .octets(
                        gx::FLOW_DESCRIPTION,
                        b"permit in 17 from 198.51.100.7 5004 to 192.0.2.1 49152",
                    )
                    .enumerated(rx::FLOW_USAGE, 0);
                })
                .enumerated(rx::MEDIA_TYPE, 0)
                .u32(s6a::MAX_REQUESTED_BANDWIDTH_UL, 64_000)
                .u32(s6a::MAX_REQUESTED_BANDWIDTH_DL, 64_000)
                .enumerated(rx::FLOW_STATUS, 2)
                .octets(rx::CODEC_DATA, b"uplink\noffer\nm=audio 49152 RTP/AVP 96");
        })
        .enumerated(rx::SPECIFIC_ACTION, 2)
        .enumerated(rx::RX_REQUEST_TYPE, 0);
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

#[test]
fn an_rx_aar_is_valid_over_all_dictionaries_only() {
    let msg = aar(Omit::Nothing);
    assert_eq!(check(&msg), Ok(()));
    // Core's default set does not hold Rx: 3007 (RFC 6733 §7.1.3).
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason),
        (
            rc::DIAMETER_APPLICATION_UNSUPPORTED,
            Reason::UnknownApplication
        )
    );
}

#[test]
fn an_rx_aar_without_destination_realm_is_5005() {
    let msg = aar(Omit::DestinationRealm);
    let v = check(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.avp()),
        (rc::DIAMETER_MISSING_AVP, Reason::MissingAvp, Some((283, 0)))
    );
    assert_eq!(answer(&msg, &v).failed_avp, avp(283, 0, 0x40, &[]));
}

#[test]
fn a_media_sub_component_without_flow_number_is_5005_inside_the_description() {
    let msg = aar(Omit::FlowNumber);
    let v = check(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp(), v.ancestors.len()),
        (rc::DIAMETER_MISSING_AVP, Some((509, 10415)), 2)
    );
}
