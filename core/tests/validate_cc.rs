//! The validator on credit-control messages (RFC 4006/8506 with the Gy
//! additions of TS 32.299): one test per Result-Code, on the go-diameter
//! CCR-Update fixture and on a CCR-Initial built with `MessageWriter`,
//! each checking the Result-Code, the E bit and the exact Failed-AVP of the
//! answer `write_error_answer` builds.

mod common;
mod validate_support;

use common::{encode, CCR_U_1MSCC};
use diameter_core::dict::{application as app, base, cc, gy, result_code as rc};
use diameter_core::validate::{Culprit, Reason, Validator};
use diameter_core::wire::{flags, Header, Message, MessageWriter};
use validate_support::*;

/// The M flag.
const M: u8 = 0x40;

/// The Credit-Control-Request INITIAL of `common::encode::ccr_i`.
fn ccr_i() -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let n = encode::ccr_i(&mut buf).unwrap();
    buf[..n].to_vec()
}

/// A Gy Credit-Control-Answer INITIAL (RFC 8506 §3.2, TS 32.299 §6.4.3)
/// granting volume with a redirecting Final-Unit-Indication, with cost and
/// balance information; `extra` adds AVPs at the end.
fn cca(extra: impl FnOnce(&mut MessageWriter<'_>)) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let header = Header::new(flags::PROXIABLE, 272, app::GY, 0x2200_0001, 0x7e57_0001);
    let mut w = MessageWriter::new(&mut buf, header);
    w.utf8(base::SESSION_ID, "pgw.example.net;1700000000;42")
        .u32(base::RESULT_CODE, 2001)
        .identity(base::ORIGIN_HOST, "ocs.example.net")
        .identity(base::ORIGIN_REALM, "example.net")
        .u32(base::AUTH_APPLICATION_ID, app::GY)
        .enumerated(cc::CC_REQUEST_TYPE, 1)
        .u32(cc::CC_REQUEST_NUMBER, 0)
        .grouped(cc::MULTIPLE_SERVICES_CREDIT_CONTROL, |w| {
            w.grouped(cc::GRANTED_SERVICE_UNIT, |w| {
                w.u64(cc::CC_TOTAL_OCTETS, 10_000_000);
            })
            .u32(cc::RATING_GROUP, 10)
            .u32(cc::VALIDITY_TIME, 3600)
            .u32(base::RESULT_CODE, 2001)
            .u32(gy::VOLUME_QUOTA_THRESHOLD, 1_000_000)
            .grouped(gy::TRIGGER, |w| {
                w.enumerated(gy::TRIGGER_TYPE, 2);
            })
            .grouped(cc::FINAL_UNIT_INDICATION, |w| {
                w.enumerated(cc::FINAL_UNIT_ACTION, 1)
                    .grouped(cc::REDIRECT_SERVER, |w| {
                        w.enumerated(cc::REDIRECT_ADDRESS_TYPE, 2)
                            .utf8(cc::REDIRECT_SERVER_ADDRESS, "http://top-up.example.net/");
                    });
            });
        })
        .grouped(cc::COST_INFORMATION, |w| {
            w.grouped(cc::UNIT_VALUE, |w| {
                w.i64(cc::VALUE_DIGITS, 1234).i32(cc::EXPONENT, -2);
            })
            .u32(cc::CURRENCY_CODE, 978);
        })
        .enumerated(gy::LOW_BALANCE_INDICATION, 1)
        .grouped(gy::REMAINING_BALANCE, |w| {
            w.grouped(cc::UNIT_VALUE, |w| {
                w.i64(cc::VALUE_DIGITS, 50);
            })
            .u32(cc::CURRENCY_CODE, 978);
        });
    extra(&mut w);
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

/// The fixture with the 4 bytes at `at` replaced by `word`.
fn patched(at: usize, word: [u8; 4]) -> Vec<u8> {
    let mut msg = CCR_U_1MSCC.to_vec();
    msg[at..at + 4].copy_from_slice(&word);
    msg
}

/// The containers of the fixture: body, Subscription-Id, MSCC, RSU, USU.
fn fixture() -> Vec<Container> {
    containers(CCR_U_1MSCC)
}

#[test]
fn fixtures_and_built_messages_are_valid() {
    let msg = Message::new_checked(CCR_U_1MSCC).unwrap();
    assert_eq!(Validator::new(&[]).validate(&msg), Ok(()));
    assert_eq!(Validator::new(&[app::GY]).validate(&msg), Ok(()));
    // go-diameter sends it with P clear; with P set it is as valid.
    let mut p = CCR_U_1MSCC.to_vec();
    p[4] |= flags::PROXIABLE;
    assert_eq!(validate(&p), Ok(()));
    assert_eq!(validate(&ccr_i()), Ok(()));
    let mut buf = [0u8; 1024];
    let n = encode::ccr_u_2mscc(&mut buf, 7, 3).unwrap();
    assert_eq!(validate(&buf[..n]), Ok(()));
    assert_eq!(validate(&cca(|_| {})), Ok(()));
    // The fixture's five containers are all checked against a grammar.
    let groups: Vec<_> = fixture().iter().map(|c| c.group.map(|g| g.code)).collect();
    assert_eq!(groups, [None, Some(443), Some(456), Some(437), Some(446)]);
}

#[test]
fn open_values_and_unknown_avps_without_m_pass() {
    // RFC 8506 §8.35: an unsupported Final-Unit-Action means TERMINATE.
    let msg = cca(|w| {
        w.grouped(cc::MULTIPLE_SERVICES_CREDIT_CONTROL, |w| {
            w.u32(cc::RATING_GROUP, 20)
                .grouped(cc::FINAL_UNIT_INDICATION, |w| {
                    w.enumerated(cc::FINAL_UNIT_ACTION, 9);
                });
        });
    });
    assert_eq!(validate(&msg), Ok(()));
    // Event-Timestamp turned into an unknown AVP without M (RFC 6733 §4.1).
    let ts = child_of(&body(CCR_U_1MSCC), &base::EVENT_TIMESTAMP);
    let mut msg = patched(ts.offset, 65001u32.to_be_bytes());
    msg[ts.offset + 4] = 0;
    assert_eq!(validate(&msg), Ok(()));
}

#[test]
fn command_unsupported_3001() {
    // The fixture as command 316 (Update-Location), which application 4 lacks.
    let mut msg = CCR_U_1MSCC.to_vec();
    msg[5..8].copy_from_slice(&[0, 1, 0x3c]);
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.culprit),
        (
            rc::DIAMETER_COMMAND_UNSUPPORTED,
            Reason::UnknownCommand,
            Culprit::None
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (3001, true));
    assert!(a.failed_avp.is_empty());
}

#[test]
fn application_unsupported_3007() {
    let msg = Message::new_checked(CCR_U_1MSCC).unwrap();
    let v = Validator::new(&[app::S6A]).validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.culprit),
        (rc::DIAMETER_APPLICATION_UNSUPPORTED, Culprit::None)
    );
    let a = answer(CCR_U_1MSCC, &v);
    assert_eq!((a.result_code, a.e_bit), (3007, true));
    assert!(a.failed_avp.is_empty());
}

#[test]
fn invalid_header_bits_3008() {
    for bits in [0x01, 0x08, flags::ERROR] {
        let mut msg = CCR_U_1MSCC.to_vec();
        msg[4] |= bits;
        let v = validate(&msg).unwrap_err();
        assert_eq!(
            (v.result_code, v.culprit),
            (rc::DIAMETER_INVALID_HDR_BITS, Culprit::None),
            "bits {bits:#x}"
        );
        let a = answer(&msg, &v);
        assert_eq!((a.result_code, a.e_bit), (3008, true));
        assert!(a.failed_avp.is_empty());
    }
}

#[test]
fn invalid_avp_bits_3009() {
    // A reserved flag bit on CC-Input-Octets, two groups deep.
    let all = fixture();
    let mscc = child_of(&all[0], &cc::MULTIPLE_SERVICES_CREDIT_CONTROL);
    let usu_data = container_of(&all, &cc::USED_SERVICE_UNIT);
    let usu = child_of(
        container_of(&all, &cc::MULTIPLE_SERVICES_CREDIT_CONTROL),
        &cc::USED_SERVICE_UNIT,
    );
    let input = child_of(usu_data, &cc::CC_INPUT_OCTETS);
    assert_eq!((mscc.offset, usu.offset, input.offset), (252, 292, 316));
    let mut msg = CCR_U_1MSCC.to_vec();
    msg[input.offset + 4] |= 0x04;
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset()),
        (rc::DIAMETER_INVALID_AVP_BITS, Reason::AvpBits, 316)
    );
    assert_eq!(&v.ancestors[..], [252, 292]);
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (3009, true));
    // Failed-AVP: the culprit as received, in copies of its groups' headers.
    let culprit = msg[316..332].to_vec();
    assert_eq!(culprit[4], 0x44);
    assert_eq!(a.failed_avp, avp(456, 0, M, &avp(446, 0, M, &culprit)));
}

#[test]
fn avp_unsupported_5001() {
    // Service-Identifier in the MSCC turned into unknown AVP 65000, M kept.
    let mscc = container_of(&fixture(), &cc::MULTIPLE_SERVICES_CREDIT_CONTROL).clone();
    let sid = child_of(&mscc, &cc::SERVICE_IDENTIFIER);
    let msg = patched(sid.offset, 65000u32.to_be_bytes());
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset(), v.avp()),
        (
            rc::DIAMETER_AVP_UNSUPPORTED,
            Reason::UnsupportedAvp,
            sid.offset,
            Some((65000, 0))
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5001, false));
    assert_eq!(
        a.failed_avp,
        avp(456, 0, M, &avp(65000, 0, M, &100u32.to_be_bytes()))
    );
}

#[test]
fn invalid_avp_value_5004() {
    // CC-Request-Type 7: outside the closed set of RFC 8506 §8.3.
    let crt = child_of(&body(CCR_U_1MSCC), &cc::CC_REQUEST_TYPE);
    let msg = patched(crt.offset + 8, 7u32.to_be_bytes());
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason),
        (rc::DIAMETER_INVALID_AVP_VALUE, Reason::AvpValue)
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5004, false));
    assert_eq!(a.failed_avp, avp(416, 0, M, &7u32.to_be_bytes()));

    // Subscription-Id-Type 9 (RFC 8506 §8.47: the M flag rule applies).
    let sub = container_of(&fixture(), &cc::SUBSCRIPTION_ID).clone();
    let ty = child_of(&sub, &cc::SUBSCRIPTION_ID_TYPE);
    let msg = patched(ty.offset + 8, 9u32.to_be_bytes());
    let v = validate(&msg).unwrap_err();
    assert_eq!((v.result_code, &v.ancestors[..]), (5004, &[196][..]));
    let a = answer(&msg, &v);
    assert_eq!(
        a.failed_avp,
        avp(443, 0, M, &avp(450, 0, M, &9u32.to_be_bytes()))
    );

    // Subscription-Id-Data that is not UTF-8.
    let data = child_of(&sub, &cc::SUBSCRIPTION_ID_DATA);
    let mut msg = CCR_U_1MSCC.to_vec();
    msg[data.offset + 8] = 0xff;
    let v = validate(&msg).unwrap_err();
    assert_eq!((v.result_code, v.offset()), (5004, data.offset));
    let a = answer(&msg, &v);
    let bad = &msg[data.offset + 8..data.offset + data.len];
    assert_eq!(a.failed_avp, avp(443, 0, M, &avp(444, 0, M, bad)));
}

#[test]
fn missing_avp_5005() {
    // CC-Request-Number dropped from the fixture.
    let top = body(CCR_U_1MSCC);
    let msg = drop_avp(CCR_U_1MSCC, &top, &child_of(&top, &cc::CC_REQUEST_NUMBER));
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.avp(), v.offset()),
        (
            rc::DIAMETER_MISSING_AVP,
            Reason::MissingAvp,
            Some((415, 0)),
            20
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5005, false));
    // RFC 6733 §7.5: the missing AVP with a zero-filled minimal payload.
    assert_eq!(a.failed_avp, avp(415, 0, M, &[0; 4]));

    // Subscription-Id-Data dropped from the Subscription-Id.
    let sub = container_of(&fixture(), &cc::SUBSCRIPTION_ID).clone();
    let msg = drop_avp(
        CCR_U_1MSCC,
        &sub,
        &child_of(&sub, &cc::SUBSCRIPTION_ID_DATA),
    );
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.avp(), v.offset(), &v.ancestors[..]),
        (Some((444, 0)), 204, &[196][..])
    );
    let a = answer(&msg, &v);
    assert_eq!(a.failed_avp, avp(443, 0, M, &avp(444, 0, M, &[])));

    // The CCR-I without its fixed-position Session-Id (RFC 8506 §3.1 `< Session-Id >`).
    let ccr = ccr_i();
    let top = body(&ccr);
    let msg = drop_avp(&ccr, &top, &child_of(&top, &base::SESSION_ID));
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.avp()),
        (5005, Reason::FixedPosition, Some((263, 0)))
    );
    assert_eq!(answer(&msg, &v).failed_avp, avp(263, 0, M, &[]));
}

#[test]
fn avp_not_allowed_5008() {
    // A Rating-Group inside Subscription-Id, whose grammar is closed (RFC 8506 §8.46).
    let ccr = ccr_i();
    let sub = container_of(&containers(&ccr), &cc::SUBSCRIPTION_ID).clone();
    let rating_group = avp(432, 0, M, &7u32.to_be_bytes());
    let msg = insert_avp(&ccr, &sub, sub.end, &rating_group);
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset(), &v.ancestors[..]),
        (
            rc::DIAMETER_AVP_NOT_ALLOWED,
            Reason::NotAllowed,
            sub.end,
            &[200][..]
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5008, false));
    assert_eq!(a.failed_avp, avp(443, 0, M, &rating_group));

    // In an answer: a Rating-Group inside Final-Unit-Indication (RFC 8506 §8.34, closed).
    let msg = cca(|w| {
        w.grouped(cc::FINAL_UNIT_INDICATION, |w| {
            w.enumerated(cc::FINAL_UNIT_ACTION, 0)
                .u32(cc::RATING_GROUP, 1);
        });
    });
    assert_eq!(validate(&msg).unwrap_err().avp(), Some((432, 0)));
}

#[test]
fn avp_occurs_too_many_times_5009() {
    // CC-Request-Type twice in the CCR-I.
    let ccr = ccr_i();
    let top = body(&ccr);
    let crt = child_of(&top, &cc::CC_REQUEST_TYPE);
    let msg = duplicate_avp(&ccr, &top, &crt);
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset()),
        (
            rc::DIAMETER_AVP_OCCURS_TOO_MANY_TIMES,
            Reason::TooMany,
            crt.end()
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5009, false));
    // The first instance past the limit.
    assert_eq!(a.failed_avp, avp(416, 0, M, &1u32.to_be_bytes()));

    // Rating-Group twice in the fixture's MSCC.
    let mscc = container_of(&fixture(), &cc::MULTIPLE_SERVICES_CREDIT_CONTROL).clone();
    let msg = duplicate_avp(CCR_U_1MSCC, &mscc, &child_of(&mscc, &cc::RATING_GROUP));
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.offset(), &v.ancestors[..]),
        (5009, 272, &[252][..])
    );
    let a = answer(&msg, &v);
    assert_eq!(
        a.failed_avp,
        avp(456, 0, M, &avp(432, 0, M, &10u32.to_be_bytes()))
    );
}

#[test]
fn invalid_avp_length_5014() {
    // CC-Output-Octets whose length runs past its Used-Service-Unit: its
    // code and flags with a zero-filled Unsigned64 (RFC 6733 §7.1.5).
    let usu = container_of(&fixture(), &cc::USED_SERVICE_UNIT).clone();
    let out = child_of(&usu, &cc::CC_OUTPUT_OCTETS);
    let mut msg = CCR_U_1MSCC.to_vec();
    msg[out.offset + 7] = 40;
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset(), &v.ancestors[..]),
        (
            rc::DIAMETER_INVALID_AVP_LENGTH,
            Reason::AvpLength,
            out.offset,
            &[252, 292][..]
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5014, false));
    assert_eq!(
        a.failed_avp,
        avp(456, 0, M, &avp(446, 0, M, &avp(414, 0, M, &[0; 8])))
    );

    // The Used-Service-Unit shortened to end 4 bytes into CC-Output-Octets:
    // the header it cuts is zero-padded (RFC 6733 §7.1.5), flags included.
    let usu_avp = child_of(
        container_of(&fixture(), &cc::MULTIPLE_SERVICES_CREDIT_CONTROL),
        &cc::USED_SERVICE_UNIT,
    );
    let mut msg = CCR_U_1MSCC.to_vec();
    msg[usu_avp.offset + 7] = (out.offset + 4 - usu_avp.offset) as u8;
    let v = validate(&msg).unwrap_err();
    assert_eq!((v.result_code, v.offset()), (5014, out.offset));
    let a = answer(&msg, &v);
    assert_eq!(
        a.failed_avp,
        avp(456, 0, M, &avp(446, 0, M, &avp(414, 0, 0, &[0; 8])))
    );

    // A well-framed CC-Request-Number of 5 bytes: wrong for an Unsigned32.
    let top = body(CCR_U_1MSCC);
    let crn = child_of(&top, &cc::CC_REQUEST_NUMBER);
    let five = avp(415, 0, M, &[0, 0, 0, 0, 1]);
    let msg = splice(CCR_U_1MSCC, crn.offset, crn.end() - crn.offset, &five, &[]);
    let v = validate(&msg).unwrap_err();
    assert_eq!((v.result_code, v.offset()), (5014, crn.offset));
    assert_eq!(answer(&msg, &v).failed_avp, five);
}

#[test]
fn invalid_message_length_5015() {
    // A length past the buffer, one not a multiple of 4, a short buffer.
    let mut longer = CCR_U_1MSCC.to_vec();
    longer[3] = longer[3].wrapping_add(4);
    let mut odd = CCR_U_1MSCC.to_vec();
    odd[3] = odd[3].wrapping_sub(2);
    for bytes in [&longer[..], &odd[..], &CCR_U_1MSCC[..300]] {
        let e = Message::new_checked(bytes).unwrap_err();
        assert_eq!(e.result_code(), rc::DIAMETER_INVALID_MESSAGE_LENGTH);
    }
}
