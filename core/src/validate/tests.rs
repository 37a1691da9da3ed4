//! One test per Result-Code the validator produces: real message bytes in,
//! Result-Code, E bit and the exact Failed-AVP bytes out.

use super::*;
use crate::dict::{base, result_code as rc};
use crate::wire::{flags, AvpHead, Message, MessageWriter};

const US: AnswerIdentity<'static> = AnswerIdentity {
    origin_host: "server.example.com",
    origin_realm: "example.com",
};

/// A valid DPR (RFC 6733 §5.4.1); `extra` adds AVPs after the required ones.
fn dpr(buf: &mut [u8], extra: impl FnOnce(&mut MessageWriter<'_>)) -> usize {
    let mut w = MessageWriter::request(buf, 282, 0, false, 0x1111, 0x2222);
    w.identity(base::ORIGIN_HOST, "client.example.com")
        .identity(base::ORIGIN_REALM, "example.com")
        .enumerated(base::DISCONNECT_CAUSE, 0);
    extra(&mut w);
    w.finish().unwrap()
}

/// Validates `bytes` with a validator for every known application.
fn check(bytes: &[u8]) -> Result<(), Violation> {
    Validator::new(&[]).validate(&Message::new_checked(bytes).unwrap())
}

/// Builds the error answer and returns (result code, E bit, Failed-AVP data).
fn answer(request: &[u8], v: &Violation) -> (u32, bool, std::vec::Vec<u8>) {
    let req = Message::new_checked(request).unwrap();
    let mut buf = [0u8; 1024];
    let n = write_error_answer(&mut buf, &req, v, &US, None).unwrap();
    let ans = Message::new_checked(&buf[..n]).unwrap();
    assert!(!ans.is_request());
    assert_eq!(ans.command_code(), req.command_code());
    assert_eq!(ans.hop_by_hop(), req.hop_by_hop());
    assert_eq!(ans.end_to_end(), req.end_to_end());
    assert_eq!(
        ans.lookup(264, 0).unwrap().identity().unwrap(),
        "server.example.com"
    );
    let code = ans.lookup(268, 0).unwrap().u32().unwrap();
    let failed = ans
        .lookup(279, 0)
        .map(|a| a.data().to_vec())
        .unwrap_or_default();
    // The answer itself is well-formed: every AVP parses.
    assert!(ans.avps().all(|a| a.is_ok()));
    (code, ans.is_error(), failed)
}

/// The bytes of a padded AVP: code, flags, data (no vendor).
fn avp_bytes(code: u32, flags: u8, data: &[u8]) -> std::vec::Vec<u8> {
    let len = 8 + data.len();
    let mut v = code.to_be_bytes().to_vec();
    v.push(flags);
    v.extend_from_slice(&(len as u32).to_be_bytes()[1..]);
    v.extend_from_slice(data);
    v.resize(crate::wire::padded(len), 0);
    v
}

#[test]
fn valid_messages_pass() {
    let mut buf = [0u8; 256];
    let n = dpr(&mut buf, |_| {});
    assert_eq!(check(&buf[..n]), Ok(()));
    // An unknown AVP without the M bit is accepted (RFC 6733 §4.1).
    let n = dpr(&mut buf, |w| {
        w.u32(AvpHead::optional(65000), 1);
    });
    assert_eq!(check(&buf[..n]), Ok(()));
}

#[test]
fn command_unsupported_3001() {
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::request(&mut buf, 9999, 0, false, 1, 2);
    w.identity(base::ORIGIN_HOST, "a");
    let n = w.finish().unwrap();
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_COMMAND_UNSUPPORTED);
    assert_eq!(v.culprit, Culprit::None);
    let (code, e, failed) = answer(&buf[..n], &v);
    assert_eq!((code, e), (3001, true));
    assert!(failed.is_empty());
}

#[test]
fn application_unsupported_3007() {
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 2);
    w.utf8(base::SESSION_ID, "s;1");
    let n = w.finish().unwrap();
    // A node serving only S6a does not take credit control.
    let v = Validator::new(&[16777251])
        .validate(&Message::new_checked(&buf[..n]).unwrap())
        .unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_APPLICATION_UNSUPPORTED);
    let (code, e, _) = answer(&buf[..n], &v);
    assert_eq!((code, e), (3007, true));
    // An application id nobody defines.
    let mut w = MessageWriter::request(&mut buf, 272, 77, true, 1, 2);
    w.utf8(base::SESSION_ID, "s;1");
    let n = w.finish().unwrap();
    assert_eq!(check(&buf[..n]).unwrap_err().result_code, 3007);
}

#[test]
fn invalid_header_bits_3008() {
    let mut buf = [0u8; 256];
    let n = dpr(&mut buf, |_| {});
    for bad_flags in [
        flags::REQUEST | 0x01,
        flags::REQUEST | flags::ERROR,
        flags::REQUEST | flags::PROXIABLE,
    ] {
        let mut msg = buf[..n].to_vec();
        msg[4] = bad_flags;
        let v = check(&msg).unwrap_err();
        assert_eq!(
            v.result_code,
            rc::DIAMETER_INVALID_HDR_BITS,
            "flags {bad_flags:#x}"
        );
        let (code, e, failed) = answer(&msg, &v);
        assert_eq!((code, e), (3008, true));
        assert!(failed.is_empty());
    }
}

#[test]
fn invalid_avp_bits_3009() {
    let mut buf = [0u8; 256];
    let n = dpr(&mut buf, |_| {});
    let mut msg = buf[..n].to_vec();
    // Disconnect-Cause is the last AVP: 12 bytes; set a reserved flag bit.
    let at = n - 12;
    msg[at + 4] |= 0x01;
    let v = check(&msg).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_INVALID_AVP_BITS);
    assert_eq!(v.offset(), at);
    let (code, e, failed) = answer(&msg, &v);
    assert_eq!((code, e), (3009, true));
    assert_eq!(failed, msg[at..].to_vec());
}

#[test]
fn avp_unsupported_5001() {
    let mut buf = [0u8; 256];
    let n = dpr(&mut buf, |w| {
        w.u32(AvpHead::mandatory(65000), 7);
    });
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_AVP_UNSUPPORTED);
    let (code, e, failed) = answer(&buf[..n], &v);
    assert_eq!((code, e), (5001, false));
    assert_eq!(failed, avp_bytes(65000, 0x40, &7u32.to_be_bytes()));
}

#[test]
fn invalid_avp_value_5004() {
    let mut buf = [0u8; 256];
    // Disconnect-Cause 7: outside the closed enumeration of RFC 6733 §5.4.3.
    let mut w = MessageWriter::request(&mut buf, 282, 0, false, 1, 2);
    w.identity(base::ORIGIN_HOST, "client.example.com")
        .identity(base::ORIGIN_REALM, "example.com")
        .enumerated(base::DISCONNECT_CAUSE, 7);
    let n = w.finish().unwrap();
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason),
        (rc::DIAMETER_INVALID_AVP_VALUE, Reason::AvpValue)
    );
    let (code, e, failed) = answer(&buf[..n], &v);
    assert_eq!((code, e), (5004, false));
    assert_eq!(failed, avp_bytes(273, 0x40, &7u32.to_be_bytes()));

    // Origin-Host that is not a DiameterIdentity (a space) and bad UTF-8.
    for bad in [&b"bad host"[..], &[0x66, 0xff, 0x66][..]] {
        let mut w = MessageWriter::request(&mut buf, 282, 0, false, 1, 2);
        w.octets(base::ORIGIN_HOST, bad)
            .identity(base::ORIGIN_REALM, "example.com")
            .enumerated(base::DISCONNECT_CAUSE, 0);
        let n = w.finish().unwrap();
        let v = check(&buf[..n]).unwrap_err();
        assert_eq!(v.result_code, 5004);
        assert_eq!(answer(&buf[..n], &v).2, avp_bytes(264, 0x40, bad));
    }
}

#[test]
fn missing_avp_5005() {
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::request(&mut buf, 282, 0, false, 1, 2);
    w.identity(base::ORIGIN_HOST, "client.example.com")
        .identity(base::ORIGIN_REALM, "example.com");
    let n = w.finish().unwrap();
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason),
        (rc::DIAMETER_MISSING_AVP, Reason::MissingAvp)
    );
    assert_eq!(v.avp(), Some((273, 0)));
    let (code, e, failed) = answer(&buf[..n], &v);
    assert_eq!((code, e), (5005, false));
    // RFC 6733 §7.5: the missing AVP with a zero-filled minimal payload.
    assert_eq!(failed, avp_bytes(273, 0x40, &[0, 0, 0, 0]));
}

#[test]
fn fixed_position_5005() {
    // STR (RFC 6733 §8.4.1) with Session-Id second instead of first.
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::request(&mut buf, 275, 4, true, 1, 2);
    w.identity(base::ORIGIN_HOST, "client.example.com")
        .utf8(base::SESSION_ID, "client.example.com;1;2")
        .identity(base::ORIGIN_REALM, "example.com")
        .identity(base::DESTINATION_REALM, "example.com")
        .u32(base::AUTH_APPLICATION_ID, 4)
        .enumerated(base::TERMINATION_CAUSE, 1);
    let n = w.finish().unwrap();
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason),
        (rc::DIAMETER_MISSING_AVP, Reason::FixedPosition)
    );
    let (_, _, failed) = answer(&buf[..n], &v);
    assert_eq!(failed, avp_bytes(263, 0x40, &[]));
}

#[test]
fn avp_not_allowed_5008() {
    // Result-Code inside Vendor-Specific-Application-Id, whose grammar is closed (RFC 6733 §6.11).
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::request(&mut buf, 257, 0, false, 1, 2);
    w.identity(base::ORIGIN_HOST, "client.example.com")
        .identity(base::ORIGIN_REALM, "example.com")
        .address(
            base::HOST_IP_ADDRESS,
            "127.0.0.1".parse::<core::net::IpAddr>().unwrap().into(),
        )
        .u32(base::VENDOR_ID, 0)
        .utf8(base::PRODUCT_NAME, "test")
        .grouped(base::VENDOR_SPECIFIC_APPLICATION_ID, |w| {
            w.u32(base::VENDOR_ID, 10415).u32(base::RESULT_CODE, 2001);
        });
    let n = w.finish().unwrap();
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_AVP_NOT_ALLOWED);
    assert_eq!(v.ancestors.len(), 1);
    let (code, e, failed) = answer(&buf[..n], &v);
    assert_eq!((code, e), (5008, false));
    // Failed-AVP nests the culprit in its Grouped parent (RFC 6733 §7.5).
    let inner = avp_bytes(268, 0x40, &2001u32.to_be_bytes());
    assert_eq!(failed, avp_bytes(260, 0x40, &inner));
}

#[test]
fn avp_occurs_too_many_times_5009() {
    let mut buf = [0u8; 256];
    let n = dpr(&mut buf, |w| {
        w.enumerated(base::DISCONNECT_CAUSE, 1);
    });
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_AVP_OCCURS_TOO_MANY_TIMES);
    let (code, e, failed) = answer(&buf[..n], &v);
    assert_eq!((code, e), (5009, false));
    // The first instance past the limit.
    assert_eq!(failed, avp_bytes(273, 0x40, &1u32.to_be_bytes()));
}

#[test]
fn invalid_avp_length_5014() {
    let mut buf = [0u8; 256];
    // An Unsigned32 of 5 bytes: well framed, wrong size for its type.
    let n = dpr(&mut buf, |w| {
        w.octets(base::ORIGIN_STATE_ID, &[0, 0, 0, 0, 1]);
    });
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_INVALID_AVP_LENGTH);
    let (code, e, failed) = answer(&buf[..n], &v);
    assert_eq!((code, e), (5014, false));
    assert_eq!(failed, avp_bytes(278, 0x40, &[0, 0, 0, 0, 1]));

    // An AVP length running past the message: code and a zero-filled payload.
    let n = dpr(&mut buf, |_| {});
    let mut msg = buf[..n].to_vec();
    let at = n - 12;
    msg[at + 7] = 40;
    let v = check(&msg).unwrap_err();
    assert_eq!(v.result_code, 5014);
    assert_eq!(v.offset(), at);
    assert_eq!(answer(&msg, &v).2, avp_bytes(273, 0x40, &[0, 0, 0, 0]));
}

#[test]
fn invalid_message_length_5015() {
    let mut buf = [0u8; 256];
    let n = dpr(&mut buf, |_| {});
    let mut msg = buf[..n].to_vec();
    msg[3] = msg[3].wrapping_add(2);
    let e = Message::new_checked(&msg).unwrap_err();
    assert_eq!(e.result_code(), rc::DIAMETER_INVALID_MESSAGE_LENGTH);
}

#[test]
fn answers_are_checked_with_their_grammar() {
    // A DWA without Result-Code is reported (and never answered).
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::new(&mut buf, crate::wire::Header::new(0, 280, 0, 1, 2));
    w.identity(base::ORIGIN_HOST, "a.example.com")
        .identity(base::ORIGIN_REALM, "example.com");
    let n = w.finish().unwrap();
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!((v.result_code, v.avp()), (5005, Some((268, 0))));
    // An error answer follows the generic answer-message grammar (RFC 6733 §7.2).
    let mut w = MessageWriter::new(
        &mut buf,
        crate::wire::Header::new(flags::ERROR, 272, 4, 1, 2),
    );
    w.identity(base::ORIGIN_HOST, "a.example.com")
        .identity(base::ORIGIN_REALM, "example.com")
        .u32(base::RESULT_CODE, 3001);
    let n = w.finish().unwrap();
    assert_eq!(check(&buf[..n]), Ok(()));
}

#[test]
fn proxy_info_and_session_are_echoed() {
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::request(&mut buf, 275, 4, true, 1, 2);
    w.utf8(base::SESSION_ID, "client.example.com;1;2")
        .identity(base::ORIGIN_HOST, "client.example.com")
        .identity(base::ORIGIN_REALM, "example.com")
        .identity(base::DESTINATION_REALM, "example.com")
        .u32(base::AUTH_APPLICATION_ID, 4)
        .grouped(base::PROXY_INFO, |w| {
            w.identity(base::PROXY_HOST, "relay.example.com")
                .octets(base::PROXY_STATE, b"st");
        });
    let n = w.finish().unwrap();
    let v = check(&buf[..n]).unwrap_err();
    assert_eq!(v.avp(), Some((295, 0)));
    let req = Message::new_checked(&buf[..n]).unwrap();
    let mut out = [0u8; 512];
    let len = write_error_answer(&mut out, &req, &v, &US, Some("no Termination-Cause")).unwrap();
    let ans = Message::new_checked(&out[..len]).unwrap();
    assert_eq!(
        ans.avps().next().unwrap().unwrap().utf8().unwrap(),
        "client.example.com;1;2"
    );
    assert_eq!(
        ans.lookup(281, 0).unwrap().utf8().unwrap(),
        "no Termination-Cause"
    );
    assert_eq!(
        ans.lookup(284, 0).unwrap().as_bytes(),
        req.lookup(284, 0).unwrap().as_bytes()
    );
    assert_eq!(ans.lookup(258, 0).unwrap().u32().unwrap(), 4);
    assert!(ans.is_proxiable());
}

#[test]
fn too_small_buffer_reports_the_size() {
    let mut buf = [0u8; 256];
    let n = dpr(&mut buf, |w| {
        w.u32(AvpHead::mandatory(65000), 7);
    });
    let v = check(&buf[..n]).unwrap_err();
    let req = Message::new_checked(&buf[..n]).unwrap();
    let mut big = [0u8; 512];
    let need = write_error_answer(&mut big, &req, &v, &US, None).unwrap();
    let mut small = [0u8; 40];
    let e = write_error_answer(&mut small, &req, &v, &US, None).unwrap_err();
    assert_eq!(
        e.kind,
        crate::wire::ErrorKind::BufferTooSmall { needed: need }
    );
}
