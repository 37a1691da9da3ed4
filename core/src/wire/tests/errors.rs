//! Every error kind with its exact offset and Result-Code (RFC 6733 §7.1).

use std::string::ToString;
use std::vec::Vec;

use super::{avp, message, raw_avp};
use crate::wire::{AvpIter, Error, ErrorKind, Message};

/// The errors `AvpIter` yields over the body of `msg`, in order, with the
/// codes of the AVPs before them.
fn avp_results(msg: &[u8]) -> (Vec<u32>, Option<Error>) {
    let msg = Message::new_checked(msg).unwrap();
    let mut codes = Vec::new();
    let mut it = msg.avps();
    for r in it.by_ref() {
        match r {
            Ok(a) => codes.push(a.code()),
            Err(e) => {
                assert_eq!(it.next(), None, "the iterator must stop after an error");
                return (codes, Some(e));
            }
        }
    }
    (codes, None)
}

fn err(kind: ErrorKind, offset: usize) -> Error {
    Error::new(kind, offset)
}

#[test]
fn result_codes_of_every_kind() {
    let cases = [
        (ErrorKind::Truncated, 5015),
        (ErrorKind::InvalidMessageLength, 5015),
        (ErrorKind::UnsupportedVersion, 5011),
        (ErrorKind::InvalidHeaderBits, 3008),
        (ErrorKind::InvalidAvpLength, 5014),
        (ErrorKind::InvalidAvpBits, 3009),
        (ErrorKind::InvalidAvpValue, 5004),
        (ErrorKind::BufferTooSmall { needed: 64 }, 5012),
        (ErrorKind::MessageTooLarge, 5012),
    ];
    for (kind, code) in cases {
        let e = err(kind, 9);
        assert_eq!(e.result_code(), code, "{kind:?}");
        assert_eq!(u32::from(e), code, "{kind:?}");
    }
    assert_eq!(
        err(ErrorKind::InvalidAvpLength, 40).to_string(),
        "invalid AVP length at offset 40 (Result-Code 5014)"
    );
    assert_eq!(
        err(ErrorKind::BufferTooSmall { needed: 348 }, 64).to_string(),
        "output buffer too small: 348 bytes needed at offset 64 (Result-Code 5012)"
    );
}

#[test]
fn header_shorter_than_20_bytes_is_truncated_at_the_buffer_end() {
    let full = message(0x80, 280, 0, &[]);
    for n in 0..20 {
        let e = Message::new_checked(&full[..n]).unwrap_err();
        assert_eq!(e, err(ErrorKind::Truncated, n));
        assert_eq!(e.result_code(), 5015);
    }
    let msg = Message::new_checked(&full).unwrap();
    assert_eq!((msg.len(), msg.avps().count()), (20, 0));
}

#[test]
fn message_shorter_than_its_length_is_truncated_at_the_buffer_end() {
    let full = message(0x80, 280, 0, &avp(264, 0x40, 0, b"a.example"));
    assert_eq!(full.len(), 40);
    for n in 20..40 {
        assert_eq!(
            Message::new_checked(&full[..n]).unwrap_err(),
            err(ErrorKind::Truncated, n)
        );
    }
    // Bytes past the message are not part of it.
    let mut longer = full.clone();
    longer.extend_from_slice(&[1, 0, 0, 20]);
    let msg = Message::new_checked(&longer).unwrap();
    assert_eq!(msg.as_bytes(), &full[..]);
}

#[test]
fn version_other_than_1_is_unsupported_at_offset_0() {
    for version in [0u8, 2, 0xff] {
        let mut m = message(0x80, 257, 0, &[]);
        m[0] = version;
        let e = Message::new_checked(&m).unwrap_err();
        assert_eq!(e, err(ErrorKind::UnsupportedVersion, 0));
        assert_eq!(e.result_code(), 5011);
    }
}

#[test]
fn length_below_20_or_unaligned_is_invalid_at_offset_1() {
    for len in [0u32, 4, 19, 21, 22, 23, 26, 0xff_ffff] {
        let mut m = message(0x80, 257, 0, &[0; 12]);
        m[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
        let e = Message::new_checked(&m).unwrap_err();
        assert_eq!(e, err(ErrorKind::InvalidMessageLength, 1), "length {len}");
        assert_eq!(e.result_code(), 5015);
    }
}

#[test]
fn header_bits_r_with_e_and_reserved_bits_are_3008_at_offset_4() {
    let good = [0x00, 0x20, 0x40, 0x60, 0x80, 0xc0, 0x90, 0xd0, 0x70];
    for flags in good {
        let m = message(flags, 272, 4, &[]);
        assert_eq!(
            Message::new_checked(&m).unwrap().check_header_bits(),
            Ok(())
        );
    }
    let bad = [0x01, 0x02, 0x04, 0x08, 0x0f, 0xa0, 0xe0, 0xb0, 0x81, 0x48];
    for flags in bad {
        let m = message(flags, 272, 4, &[]);
        let e = Message::new_checked(&m)
            .unwrap()
            .check_header_bits()
            .unwrap_err();
        assert_eq!(
            e,
            err(ErrorKind::InvalidHeaderBits, 4),
            "flags {flags:#04x}"
        );
        assert_eq!(e.result_code(), 3008);
    }
}

#[test]
fn avp_length_too_short_for_its_header_is_5014_at_the_avp() {
    let first = avp(263, 0x40, 0, b"s;1");
    for len in [0u32, 1, 7] {
        let mut body = first.clone();
        body.extend(raw_avp(264, 0x40, None, len, &[0; 8]));
        let (codes, e) = avp_results(&message(0x80, 257, 0, &body));
        assert_eq!(codes, [263]);
        let e = e.unwrap();
        assert_eq!(e, err(ErrorKind::InvalidAvpLength, 32), "length {len}");
        assert_eq!(e.result_code(), 5014);
    }
    // With the V bit the header is 12 bytes: 8 to 11 are too short.
    for len in [8u32, 11] {
        let body = raw_avp(1407, 0xc0, Some(10415), len, &[0; 4]);
        let (codes, e) = avp_results(&message(0x80, 316, 16777251, &body));
        assert!(codes.is_empty());
        assert_eq!(
            e,
            Some(err(ErrorKind::InvalidAvpLength, 20)),
            "length {len}"
        );
    }
    // Exactly the header is an empty AVP, with or without vendor.
    let mut body = raw_avp(437, 0x40, None, 8, &[]);
    body.extend(raw_avp(1407, 0xc0, Some(10415), 12, &[]));
    assert_eq!(
        avp_results(&message(0x80, 272, 4, &body)),
        (std::vec![437, 1407], None)
    );
}

#[test]
fn avp_running_past_the_message_is_5014_at_the_avp() {
    let mut body = avp(263, 0x40, 0, b"s;1");
    // Announces 40 bytes where 12 remain.
    body.extend(raw_avp(268, 0x40, None, 40, &2001u32.to_be_bytes()));
    let (codes, e) = avp_results(&message(0, 257, 0, &body));
    assert_eq!(
        (codes, e),
        (std::vec![263], Some(err(ErrorKind::InvalidAvpLength, 32)))
    );
    // One byte past the end.
    let body = raw_avp(268, 0x40, None, 13, &2001u32.to_be_bytes());
    let (_, e) = avp_results(&message(0, 257, 0, &body));
    assert_eq!(e, Some(err(ErrorKind::InvalidAvpLength, 20)));
}

#[test]
fn avp_cut_inside_its_header_is_5014_at_the_avp() {
    // Fewer than 8 bytes left: 4 trailing bytes after a good AVP.
    let mut body = avp(268, 0x40, 0, &2001u32.to_be_bytes());
    body.extend_from_slice(&[0, 0, 1, 8]);
    let (codes, e) = avp_results(&message(0, 257, 0, &body));
    assert_eq!(
        (codes, e),
        (std::vec![268], Some(err(ErrorKind::InvalidAvpLength, 32)))
    );
    // V bit set and the message ends where the Vendor-ID should be.
    let mut body = avp(268, 0x40, 0, &2001u32.to_be_bytes());
    body.extend(raw_avp(1407, 0xc0, None, 12, &[]));
    assert_eq!(body.len(), 20);
    let (codes, e) = avp_results(&message(0, 316, 16777251, &body));
    assert_eq!(
        (codes, e),
        (std::vec![268], Some(err(ErrorKind::InvalidAvpLength, 32)))
    );
}

#[test]
fn errors_inside_grouped_avps_carry_message_offsets() {
    // MSCC { Rating-Group, <AVP with length 4> } after a Session-Id.
    let mut inner = avp(432, 0x40, 0, &10u32.to_be_bytes());
    inner.extend(raw_avp(439, 0x40, None, 4, &[0; 4]));
    let mut body = avp(263, 0x40, 0, b"s;1");
    body.extend(avp(456, 0x40, 0, &inner));
    let bytes = message(0xc0, 272, 4, &body);
    let msg = Message::new_checked(&bytes).unwrap();
    let mscc = msg.lookup(456, 0).unwrap();
    assert_eq!((mscc.offset(), mscc.data_offset()), (32, 40));
    let children: Vec<_> = mscc.grouped().collect();
    assert_eq!(children.len(), 2);
    assert_eq!(children[0].unwrap().offset(), 40);
    assert_eq!(children[1], Err(err(ErrorKind::InvalidAvpLength, 52)));
    // A lookup never looks past the malformed AVP.
    assert_eq!(mscc.lookup(432, 0).map(|a| a.u32()), Some(Ok(10)));
    assert_eq!(mscc.lookup(439, 0), None);
    // The recursive check finds it.
    let grouped = |code, _| code == 456;
    assert_eq!(
        msg.avps().check_all(&grouped),
        Err(err(ErrorKind::InvalidAvpLength, 52))
    );
    // Offsets of a free-standing iterator count from its slice.
    let it = AvpIter::new(&inner);
    assert_eq!(it.last(), Some(Err(err(ErrorKind::InvalidAvpLength, 12))));
}

#[test]
fn lookup_stops_at_the_first_malformed_avp() {
    let mut body = avp(263, 0x40, 0, b"s;1");
    body.extend(raw_avp(264, 0x40, None, 3, &[]));
    body.extend(avp(296, 0x40, 0, b"realm"));
    let bytes = message(0x80, 257, 0, &body);
    let msg = Message::new_checked(&bytes).unwrap();
    assert!(msg.lookup(263, 0).is_some());
    assert_eq!(msg.lookup(296, 0), None);
}

#[test]
fn reserved_avp_flag_bits_are_3009_at_the_avp() {
    let mut body = avp(263, 0x40, 0, b"s;1");
    for flags in [0x01u8, 0x02, 0x04, 0x08, 0x10, 0x5f] {
        body.extend(avp(268, flags, 0, &2001u32.to_be_bytes()));
    }
    body.extend(avp(1406, 0x60, 10415, &1u32.to_be_bytes()));
    let bytes = message(0, 316, 16777251, &body);
    let msg = Message::new_checked(&bytes).unwrap();
    let checks: Vec<_> = msg
        .avps()
        .map(|a| a.unwrap().check_reserved_bits())
        .collect();
    let bits = |offset| Err(err(ErrorKind::InvalidAvpBits, offset));
    assert_eq!(
        checks,
        [
            Ok(()),
            bits(32),
            bits(44),
            bits(56),
            bits(68),
            bits(80),
            bits(92),
            // V, M and P are not reserved.
            Ok(()),
        ]
    );
    assert_eq!(bits(32).unwrap_err().result_code(), 3009);
}

#[test]
fn avp_accessors_report_header_fields() {
    let bytes = avp(1406, 0x60, 10415, &1u32.to_be_bytes());
    let a = AvpIter::with_offset(&bytes, 100).next().unwrap().unwrap();
    assert_eq!((a.code(), a.vendor_id(), a.flags()), (1406, 10415, 0xe0));
    assert!(a.is_vendor_specific() && a.is_mandatory() && a.is_protected());
    assert_eq!((a.len(), a.header_len(), a.data().len()), (16, 12, 4));
    assert_eq!((a.offset(), a.data_offset()), (100, 112));
    assert_eq!(a.as_bytes(), &bytes[..16]);
    assert!(!a.is_empty());

    // Unpadded last AVP of a container: its length is kept exact.
    let bytes = raw_avp(21, 0x80, Some(10415), 13, &[6]);
    let unpadded = &bytes[..13];
    let mut it = AvpIter::new(unpadded);
    let a = it.next().unwrap().unwrap();
    assert_eq!((a.len(), a.octets(), it.offset()), (13, &[6u8][..], 13));
    assert!(!a.is_mandatory() && !a.is_protected());
    assert_eq!(it.next(), None);
}
