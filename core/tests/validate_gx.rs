//! The validator on Gx messages (3GPP TS 29.212 §5.6): a CCR-Initial from
//! a PCEF, the CCA installing a PCC rule, and a RAR removing one, built
//! with `MessageWriter`, valid over [`dict::ALL`] and each broken once.

mod common;
mod validate_support;

use diameter_core::dict::{self, application as app, base, cc, gx, gy, result_code as rc, s6a};
use diameter_core::validate::{Reason, Validator, Violation};
use diameter_core::wire::{Address, Message, MessageWriter};
use validate_support::*;

/// Validates `bytes` over every dictionary core defines.
fn check(bytes: &[u8]) -> Result<(), Violation> {
    Validator::new(&[])
        .with_dictionaries(&dict::ALL)
        .validate(&Message::new_checked(bytes).unwrap())
}

/// A Gx CCR-Initial (TS 29.212 §5.6.2), with or without its CC-Request-Number.
fn ccr_i(number: bool) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 272, app::GX, true, 0x11, 0x22);
    w.utf8(base::SESSION_ID, "pgw.example.org;1;1")
        .u32(base::AUTH_APPLICATION_ID, app::GX)
        .identity(base::ORIGIN_HOST, "pgw.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org")
        .enumerated(cc::CC_REQUEST_TYPE, 1);
    if number {
        w.u32(cc::CC_REQUEST_NUMBER, 0);
    }
    w.grouped(cc::SUBSCRIPTION_ID, |w| {
        w.enumerated(cc::SUBSCRIPTION_ID_TYPE, 1)
            .utf8(cc::SUBSCRIPTION_ID_DATA, "001010000000001");
    })
    .enumerated(gx::NETWORK_REQUEST_SUPPORT, 1)
    .octets(cc::FRAMED_IP_ADDRESS, &[10, 0, 0, 1])
    .enumerated(gx::IP_CAN_TYPE, 5)
    .enumerated(s6a::RAT_TYPE, 1004)
    .grouped(gy::QOS_INFORMATION, |w| {
        w.u32(gy::APN_AGGREGATE_MAX_BITRATE_UL, 50_000_000)
            .u32(gy::APN_AGGREGATE_MAX_BITRATE_DL, 100_000_000);
    })
    .grouped(gx::DEFAULT_EPS_BEARER_QOS, |w| {
        w.enumerated(s6a::QOS_CLASS_IDENTIFIER, 9).grouped(
            s6a::ALLOCATION_RETENTION_PRIORITY,
            |w| {
                w.u32(s6a::PRIORITY_LEVEL, 8);
            },
        );
    })
    .address(gx::AN_GW_ADDRESS, Address::V4([192, 0, 2, 1].into()))
    .utf8(cc::CALLED_STATION_ID, "internet")
    .enumerated(gx::EVENT_TRIGGER, 2);
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

/// A Gx CCA-Initial installing one PCC rule (TS 29.212 §5.6.3), its
/// definition with or without Charging-Rule-Name.
fn cca_i(named: bool) -> Vec<u8> {
    let request = ccr_i(true);
    let request = Message::new_checked(&request).unwrap();
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::answer(&mut buf, &request);
    w.utf8(base::SESSION_ID, "pgw.example.org;1;1")
        .u32(base::AUTH_APPLICATION_ID, app::GX)
        .identity(base::ORIGIN_HOST, "pcrf.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .u32(base::RESULT_CODE, rc::DIAMETER_SUCCESS)
        .enumerated(cc::CC_REQUEST_TYPE, 1)
        .u32(cc::CC_REQUEST_NUMBER, 0)
        .enumerated(gx::BEARER_CONTROL_MODE, 2)
        .enumerated(gx::EVENT_TRIGGER, 2)
        .grouped(gx::CHARGING_RULE_INSTALL, |w| {
            w.grouped(gx::CHARGING_RULE_DEFINITION, |w| {
                if named {
                    w.octets(gx::CHARGING_RULE_NAME, b"video");
                }
                w.u32(cc::RATING_GROUP, 100)
                    .grouped(gx::FLOW_INFORMATION, |w| {
                        w.octets(
                            gx::FLOW_DESCRIPTION,
                            b"permit out ip from 198.51.100.0/24 to any",
                        )
                        .enumerated(gx::FLOW_DIRECTION, 1);
                    })
                    .enumerated(gx::ONLINE, 1)
                    .enumerated(gx::OFFLINE, 0)
                    .enumerated(gx::METERING_METHOD, 1)
                    .u32(gx::PRECEDENCE, 10);
            });
        });
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

/// A Gx RAR removing a rule (TS 29.212 §5.6.4).
fn rar() -> Vec<u8> {
    let mut buf = [0u8; 512];
    let mut w = MessageWriter::request(&mut buf, 258, app::GX, true, 0x33, 0x44);
    w.utf8(base::SESSION_ID, "pgw.example.org;1;1")
        .u32(base::AUTH_APPLICATION_ID, app::GX)
        .identity(base::ORIGIN_HOST, "pcrf.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org")
        .identity(base::DESTINATION_HOST, "pgw.example.org")
        .enumerated(base::RE_AUTH_REQUEST_TYPE, 0)
        .grouped(gx::CHARGING_RULE_REMOVE, |w| {
            w.octets(gx::CHARGING_RULE_NAME, b"video");
        });
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

#[test]
fn gx_messages_are_valid_over_all_dictionaries_only() {
    for (name, bytes) in [
        ("ccr-i", ccr_i(true)),
        ("cca-i", cca_i(true)),
        ("rar", rar()),
    ] {
        assert_eq!(check(&bytes), Ok(()), "{name}");
        // Core's default set does not hold Gx: 3007 (RFC 6733 §7.1.3).
        let v = validate(&bytes).unwrap_err();
        assert_eq!(
            (v.result_code, v.reason),
            (
                rc::DIAMETER_APPLICATION_UNSUPPORTED,
                Reason::UnknownApplication
            ),
            "{name}"
        );
    }
}

#[test]
fn a_gx_ccr_without_cc_request_number_is_5005() {
    let msg = ccr_i(false);
    let v = check(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.avp()),
        (rc::DIAMETER_MISSING_AVP, Reason::MissingAvp, Some((415, 0)))
    );
    assert_eq!(answer(&msg, &v).failed_avp, avp(415, 0, 0x40, &[0; 4]));
}

#[test]
fn a_rule_definition_without_its_name_is_5005_inside_the_install() {
    let msg = cca_i(false);
    let v = check(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp(), v.ancestors.len()),
        (rc::DIAMETER_MISSING_AVP, Some((1005, 10415)), 2)
    );
}

#[test]
fn an_unknown_m_bit_avp_in_a_gx_rar_is_5001() {
    let msg = rar();
    let top = body(&msg);
    let bad = insert_avp(&msg, &top, msg.len(), &avp(4999, 10415, 0xc0, &[0; 4]));
    let v = check(&bad).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp()),
        (rc::DIAMETER_AVP_UNSUPPORTED, Some((4999, 10415)))
    );
    // Without the M bit it is admitted by `*[ AVP ]`.
    let ok = insert_avp(&msg, &top, msg.len(), &avp(4999, 10415, 0x80, &[0; 4]));
    assert_eq!(check(&ok), Ok(()));
}
