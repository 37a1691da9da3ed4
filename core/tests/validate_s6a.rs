//! The validator on S6a/S6d messages (3GPP TS 29.272 §7.2): bromelia's
//! captured ULR (which lacks the Visited-PLMN-Id TS 29.272 requires) and
//! messages built with `MessageWriter`, one test per Result-Code, each
//! checking the Result-Code, the E bit and the exact Failed-AVP of the
//! answer `write_error_answer` builds.

mod common;
mod validate_support;

use common::{handmade, hex, APP1_ULR, APP2_CLR};
use diameter_core::dict::{application as app, base, cc, command as cmd, result_code as rc, s6a};
use diameter_core::validate::{Culprit, Reason, Validator};
use diameter_core::wire::{flags, Message, MessageWriter};
use validate_support::*;

/// The M flag.
const M: u8 = 0x40;
/// The 3GPP vendor id.
const TGPP: u32 = 10415;

/// Starts an S6a request from the MME with its session, application and
/// routing AVPs (TS 29.272 §7.2).
fn s6a_request<'b>(buf: &'b mut [u8], code: u32) -> MessageWriter<'b> {
    let mut w = MessageWriter::request(buf, code, app::S6A, true, 0x5a1c_0002, 0x7e57_0002);
    w.utf8(base::SESSION_ID, "mme.epc.example.org;3826649267;9")
        .grouped(base::VENDOR_SPECIFIC_APPLICATION_ID, |w| {
            w.u32(base::VENDOR_ID, TGPP)
                .u32(base::AUTH_APPLICATION_ID, app::S6A);
        })
        .enumerated(base::AUTH_SESSION_STATE, 1)
        .identity(base::ORIGIN_HOST, "mme.epc.example.org")
        .identity(base::ORIGIN_REALM, "epc.example.org")
        .identity(base::DESTINATION_REALM, "epc.example.org");
    w
}

/// A complete Update-Location-Request (TS 29.272 §7.2.3).
fn ulr() -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = s6a_request(&mut buf, cmd::UPDATE_LOCATION);
    w.utf8(base::USER_NAME, "001010123456789")
        .grouped(s6a::SUPPORTED_FEATURES, |w| {
            w.u32(base::VENDOR_ID, TGPP)
                .u32(s6a::FEATURE_LIST_ID, 1)
                .u32(s6a::FEATURE_LIST, 0x1c00_0607);
        })
        .grouped(s6a::TERMINAL_INFORMATION, |w| {
            w.utf8(s6a::IMEI, "35487100123456")
                .utf8(s6a::SOFTWARE_VERSION, "01");
        })
        .enumerated(s6a::RAT_TYPE, 1004)
        .u32(s6a::ULR_FLAGS, 0x22)
        .octets(s6a::VISITED_PLMN_ID, &[0x00, 0xf1, 0x10]);
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

/// An Authentication-Information-Request for one E-UTRAN vector (TS 29.272 §7.2.5).
fn air() -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = s6a_request(&mut buf, cmd::AUTHENTICATION_INFORMATION);
    w.utf8(base::USER_NAME, "001010123456789")
        .grouped(s6a::REQUESTED_EUTRAN_AUTHENTICATION_INFO, |w| {
            w.u32(s6a::NUMBER_OF_REQUESTED_VECTORS, 1)
                .u32(s6a::IMMEDIATE_RESPONSE_PREFERRED, 1);
        })
        .octets(s6a::VISITED_PLMN_ID, &[0x00, 0xf1, 0x10]);
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

/// An Insert-Subscriber-Data-Request (TS 29.272 §7.2.9) whose
/// Subscription-Data nests an Allocation-Retention-Priority five groups deep.
fn idr() -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = s6a_request(&mut buf, cmd::INSERT_SUBSCRIBER_DATA);
    w.identity(base::DESTINATION_HOST, "mme.epc.example.org")
        .utf8(base::USER_NAME, "001010123456789")
        .grouped(s6a::SUBSCRIPTION_DATA, |w| {
            w.enumerated(s6a::SUBSCRIBER_STATUS, 0)
                .grouped(s6a::APN_CONFIGURATION_PROFILE, |w| {
                    w.u32(s6a::CONTEXT_IDENTIFIER, 1)
                        .enumerated(s6a::ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR, 0)
                        .grouped(s6a::APN_CONFIGURATION, |w| {
                            w.u32(s6a::CONTEXT_IDENTIFIER, 1)
                                .enumerated(s6a::PDN_TYPE, 0)
                                .utf8(cc::SERVICE_SELECTION, "internet")
                                .grouped(s6a::EPS_SUBSCRIBED_QOS_PROFILE, |w| {
                                    w.enumerated(s6a::QOS_CLASS_IDENTIFIER, 9).grouped(
                                        s6a::ALLOCATION_RETENTION_PRIORITY,
                                        |w| {
                                            w.u32(s6a::PRIORITY_LEVEL, 8);
                                        },
                                    );
                                });
                        });
                });
        });
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

/// The Visited-PLMN-Id of [`ulr`] (MCC 001, MNC 01).
fn visited_plmn_id() -> Vec<u8> {
    avp_of(&s6a::VISITED_PLMN_ID, &[0x00, 0xf1, 0x10])
}

#[test]
fn every_known_message_but_bromelias_ulr_is_valid() {
    for (name, bytes) in common::all_messages() {
        let verdict = validate(&bytes);
        if name == "app1-ulr" {
            assert!(verdict.is_err());
        } else {
            assert_eq!(verdict, Ok(()), "{name}");
        }
    }
    for (name, bytes) in [("ulr", ulr()), ("air", air()), ("idr", idr())] {
        assert_eq!(validate(&bytes), Ok(()), "{name}");
    }
    // The handmade ULA carries Subscription-Data six groups deep.
    let mut buf = [0u8; 1024];
    let n = common::encode::ula_subscription_data(&mut buf).unwrap();
    let ula = &buf[..n];
    assert_eq!(validate(ula), Ok(()));
    let groups: Vec<_> = containers(ula)
        .iter()
        .filter_map(|c| c.group.map(|g| g.name))
        .collect();
    assert_eq!(
        groups,
        [
            "Vendor-Specific-Application-Id",
            "Subscription-Data",
            "AMBR",
            "APN-Configuration-Profile",
            "APN-Configuration",
            "EPS-Subscribed-QoS-Profile",
            "Allocation-Retention-Priority",
        ]
    );
}

#[test]
fn bromelias_ulr_lacks_visited_plmn_id_5005() {
    let v = validate(APP1_ULR).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.avp(), v.offset()),
        (
            rc::DIAMETER_MISSING_AVP,
            Reason::MissingAvp,
            Some((1407, TGPP)),
            20
        )
    );
    assert!(v.ancestors.is_empty());
    let a = answer(APP1_ULR, &v);
    assert_eq!((a.result_code, a.e_bit), (5005, false));
    // RFC 6733 §7.5: the missing AVP, V and M set, with 3 zero octets,
    // the size of a PLMN identity (TS 29.272 §7.3.9).
    assert_eq!(
        a.failed_avp,
        [0, 0, 0x05, 0x7f, 0xc0, 0, 0, 15, 0, 0, 0x28, 0xaf, 0, 0, 0, 0]
    );
    let ans = Message::new_checked(&a.bytes).unwrap();
    assert_eq!(
        ans.lookup(277, 0).unwrap().enumerated(),
        Ok(1),
        "Auth-Session-State echoed"
    );

    // With the Visited-PLMN-Id it lacks, the captured ULR is valid.
    let fixed = insert_avp(
        APP1_ULR,
        &body(APP1_ULR),
        APP1_ULR.len(),
        &visited_plmn_id(),
    );
    assert_eq!(validate(&fixed), Ok(()));
}

#[test]
fn air_without_visited_plmn_id_5005_and_aia_without_kasme() {
    let msg = air();
    let top = body(&msg);
    let msg = drop_avp(&msg, &top, &child_of(&top, &s6a::VISITED_PLMN_ID));
    let v = validate(&msg).unwrap_err();
    assert_eq!((v.result_code, v.avp()), (5005, Some((1407, TGPP))));
    assert_eq!(answer(&msg, &v).failed_avp, avp(1407, TGPP, M, &[0; 3]));

    // An AIA whose first E-UTRAN-Vector lacks KASME (TS 29.272 §7.3.18).
    let aia = hex(handmade::AIA);
    let all = containers(&aia);
    let vector = container_of(&all, &s6a::E_UTRAN_VECTOR);
    let msg = drop_avp(&aia, vector, &child_of(vector, &s6a::KASME));
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp(), v.offset(), &v.ancestors[..]),
        (5005, Some((1450, TGPP)), 160, &[136, 148][..])
    );
}

#[test]
fn command_unsupported_3001() {
    // Command 324 is not an S6a command.
    let mut msg = ulr();
    msg[7] = 0x44;
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.culprit),
        (rc::DIAMETER_COMMAND_UNSUPPORTED, Culprit::None)
    );
    let a = answer(&msg, &v);
    assert_eq!(
        (a.result_code, a.e_bit, a.failed_avp.len()),
        (3001, true, 0)
    );
}

#[test]
fn application_unsupported_3007() {
    // An OCS serving only Gy gets an S6a ULR.
    let msg = ulr();
    let v = Validator::new(&[app::GY])
        .validate(&Message::new_checked(&msg).unwrap())
        .unwrap_err();
    assert_eq!(
        (v.result_code, v.culprit),
        (rc::DIAMETER_APPLICATION_UNSUPPORTED, Culprit::None)
    );
    let a = answer(&msg, &v);
    assert_eq!(
        (a.result_code, a.e_bit, a.failed_avp.len()),
        (3007, true, 0)
    );
}

#[test]
fn invalid_header_bits_3008() {
    for bits in [0x02, flags::ERROR] {
        let mut msg = ulr();
        msg[4] |= bits;
        let v = validate(&msg).unwrap_err();
        assert_eq!(
            (v.result_code, v.culprit),
            (3008, Culprit::None),
            "{bits:#x}"
        );
        let a = answer(&msg, &v);
        assert_eq!(
            (a.result_code, a.e_bit, a.failed_avp.len()),
            (3008, true, 0)
        );
    }
    // A P bit on a command that is not proxiable (RFC 6733 §5.5.1 DWR).
    let mut dwr = hex(handmade::DWR);
    dwr[4] |= flags::PROXIABLE;
    assert_eq!(validate(&dwr).unwrap_err().result_code, 3008);
}

#[test]
fn invalid_avp_bits_3009() {
    // A reserved flag bit on Feature-List inside Supported-Features.
    let msg = ulr();
    let all = containers(&msg);
    let features = child_of(&all[0], &s6a::SUPPORTED_FEATURES);
    let list = child_of(
        container_of(&all, &s6a::SUPPORTED_FEATURES),
        &s6a::FEATURE_LIST,
    );
    let mut msg = msg;
    msg[list.offset + 4] |= 0x10;
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.offset(), &v.ancestors[..]),
        (
            rc::DIAMETER_INVALID_AVP_BITS,
            list.offset,
            &[features.offset][..]
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (3009, true));
    let culprit = &msg[list.offset..list.end()];
    assert_eq!(culprit[4], 0x90);
    assert_eq!(a.failed_avp, avp(628, TGPP, 0, culprit));
}

#[test]
fn avp_unsupported_5001() {
    // An unknown 3GPP AVP with M inside Terminal-Information (open, §7.3.3).
    let msg = ulr();
    let terminal = container_of(&containers(&msg), &s6a::TERMINAL_INFORMATION).clone();
    let unknown = avp(9999, TGPP, M, b"x");
    let msg = insert_avp(&msg, &terminal, terminal.end, &unknown);
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.avp(), v.offset()),
        (
            rc::DIAMETER_AVP_UNSUPPORTED,
            Reason::UnsupportedAvp,
            Some((9999, TGPP)),
            terminal.end
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5001, false));
    assert_eq!(a.failed_avp, avp(1401, TGPP, M, &unknown));
}

#[test]
fn invalid_avp_value_5004() {
    // bromelia's CLR with Cancellation-Type 9 (TS 29.272 §7.3.24, closed).
    let ty = child_of(&body(APP2_CLR), &s6a::CANCELLATION_TYPE);
    let mut msg = APP2_CLR.to_vec();
    msg[ty.offset + 15] = 9;
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset()),
        (rc::DIAMETER_INVALID_AVP_VALUE, Reason::AvpValue, ty.offset)
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5004, false));
    assert_eq!(a.failed_avp, avp(1420, TGPP, M, &9u32.to_be_bytes()));

    // RAT-Type is open (TS 29.212 keeps adding values): 9999 passes.
    let rat = child_of(&body(APP1_ULR), &s6a::RAT_TYPE);
    let mut msg = insert_avp(
        APP1_ULR,
        &body(APP1_ULR),
        APP1_ULR.len(),
        &visited_plmn_id(),
    );
    msg[rat.offset + 12..rat.offset + 16].copy_from_slice(&9999u32.to_be_bytes());
    assert_eq!(validate(&msg), Ok(()));
}

#[test]
fn avp_not_allowed_5008() {
    // A Rating-Group inside Allocation-Retention-Priority (TS 29.212
    // §5.3.32, closed), five groups deep.
    let msg = idr();
    let all = containers(&msg);
    let arp = container_of(&all, &s6a::ALLOCATION_RETENTION_PRIORITY);
    assert_eq!(arp.ancestors.len(), 5);
    let rating_group = avp(432, 0, M, &1u32.to_be_bytes());
    let msg = insert_avp(&msg, arp, arp.end, &rating_group);
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset(), &v.ancestors[..]),
        (
            rc::DIAMETER_AVP_NOT_ALLOWED,
            Reason::NotAllowed,
            arp.end,
            &arp.ancestors[..]
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5008, false));
    // Failed-AVP nests the culprit in copies of the five group headers.
    let nested = [1400, 1429, 1430, 1431, 1034]
        .iter()
        .rev()
        .fold(rating_group, |inner, &code| {
            let flags = if code == 1034 { 0 } else { M };
            avp(code, TGPP, flags, &inner)
        });
    assert_eq!(a.failed_avp, nested);
}

#[test]
fn avp_occurs_too_many_times_5009() {
    let msg = ulr();
    let top = body(&msg);
    let flags_avp = child_of(&top, &s6a::ULR_FLAGS);
    let msg = duplicate_avp(&msg, &top, &flags_avp);
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset()),
        (
            rc::DIAMETER_AVP_OCCURS_TOO_MANY_TIMES,
            Reason::TooMany,
            flags_avp.end()
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5009, false));
    assert_eq!(a.failed_avp, avp(1405, TGPP, M, &0x22u32.to_be_bytes()));
}

#[test]
fn invalid_avp_length_5014() {
    // bromelia's RAT-Type with a length running past the message.
    let rat = child_of(&body(APP1_ULR), &s6a::RAT_TYPE);
    let mut msg = APP1_ULR.to_vec();
    msg[rat.offset + 7] = 200;
    let v = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.offset()),
        (
            rc::DIAMETER_INVALID_AVP_LENGTH,
            Reason::AvpLength,
            rat.offset
        )
    );
    let a = answer(&msg, &v);
    assert_eq!((a.result_code, a.e_bit), (5014, false));
    // Its code, vendor and M with a zero-filled Enumerated.
    assert_eq!(a.failed_avp, avp(1032, TGPP, M, &[0; 4]));
}

#[test]
fn invalid_message_length_5015() {
    let mut longer = APP1_ULR.to_vec();
    longer[3] += 8;
    for bytes in [&longer[..], &APP1_ULR[..APP1_ULR.len() - 4]] {
        let e = Message::new_checked(bytes).unwrap_err();
        assert_eq!(e.result_code(), rc::DIAMETER_INVALID_MESSAGE_LENGTH);
    }
}
