//! The writer: headers, padding, back-patched lengths, every value type,
//! and the exact size a too-small buffer needed.

use core::net::Ipv4Addr;
use std::vec;
use std::vec::Vec;

use super::{avp, message};
use crate::wire::{
    avp_flags, flags, Address, AvpHead, AvpIter, DataType, Error, ErrorKind, Header, Message,
    MessageWriter, Time, Value, WriteError,
};

#[test]
fn request_header_and_avps_match_hand_built_bytes() {
    let mut buf = [0xaa; 128];
    let mut w = MessageWriter::request(&mut buf, 280, 0, false, 0x1122_3344, 0x5566_7788);
    w.identity(AvpHead::mandatory(264), "peer.example.org") // 16 bytes, no padding
        .identity(AvpHead::mandatory(296), "example.org") // 11 bytes, 1 byte of padding
        .u32(AvpHead::mandatory(278), 7);
    let len = w.finish().unwrap();

    let mut body = avp(264, 0x40, 0, b"peer.example.org");
    body.extend(avp(296, 0x40, 0, b"example.org"));
    body.extend(avp(278, 0x40, 0, &7u32.to_be_bytes()));
    let expected = message(0x80, 280, 0, &body);
    assert_eq!(&buf[..len], &expected[..]);
    // Nothing written past the message.
    assert!(buf[len..].iter().all(|&b| b == 0xaa));
}

#[test]
fn answer_copies_the_request_identifiers_and_p_bit() {
    let req = message(0xd0, 272, 4, &[]); // R, P, T
    let req = Message::new_checked(&req).unwrap();
    let mut buf = [0; 64];
    let mut w = MessageWriter::answer(&mut buf, &req);
    w.u32(AvpHead::mandatory(268), 3001);
    w.set_flag(flags::ERROR, true);
    let ans = Message::new_checked(w.finish_bytes().unwrap()).unwrap();
    assert_eq!(ans.flags(), 0x60); // P and E; no R, no T
    assert!(!ans.is_request() && ans.is_proxiable() && ans.is_error() && !ans.is_retransmit());
    assert_eq!(ans.check_header_bits(), Ok(()));
    assert_eq!(
        (ans.command_code(), ans.application_id()),
        (req.command_code(), req.application_id())
    );
    assert_eq!(
        (ans.hop_by_hop(), ans.end_to_end()),
        (0x1122_3344, 0x5566_7788)
    );
    assert_eq!(ans.header().version(), 1);
    assert_eq!(ans.header().length(), 32);

    let mut buf = [0; 64];
    let mut w = MessageWriter::answer(&mut buf, &req);
    w.set_flag(flags::ERROR, true).set_flag(flags::ERROR, false);
    let ans = Message::new_checked(w.finish_bytes().unwrap()).unwrap();
    assert_eq!(ans.flags(), flags::PROXIABLE);
}

#[test]
fn header_new_and_set_flags() {
    let mut h = Header::new(0x80, 0x01_0203, 16777251, 1, 2);
    h.set_flags(0xc0);
    let mut buf = [0; 20];
    let w = MessageWriter::new(&mut buf, h);
    assert_eq!(w.len(), 20);
    assert!(!w.is_empty());
    let bytes = w.finish_bytes().unwrap();
    assert_eq!(
        bytes,
        [1, 0, 0, 20, 0xc0, 1, 2, 3, 1, 0, 0, 0x23, 0, 0, 0, 1, 0, 0, 0, 2]
    );
}

#[test]
fn avp_head_derives_the_v_bit_from_the_vendor() {
    assert_eq!(AvpHead::mandatory(263).header_len(), 8);
    assert_eq!(AvpHead::vendor(1406, 10415, true).header_len(), 12);
    let mut buf = [0; 96];
    let mut w = MessageWriter::request(&mut buf, 316, 16777251, true, 1, 1);
    // A V bit given without a vendor is dropped; P is kept.
    w.u32(
        AvpHead {
            code: 1,
            vendor_id: 0,
            flags: avp_flags::VENDOR | avp_flags::PROTECTED,
        },
        1,
    )
    .u32(AvpHead::vendor(1406, 10415, true), 1)
    .u32(AvpHead::vendor(1405, 10415, false), 3)
    .u32(AvpHead::optional(27), 60);
    let len = w.finish().unwrap();
    let msg = Message::new_checked(&buf[..len]).unwrap();
    let heads: Vec<_> = msg
        .avps()
        .map(|a| a.map(|a| (a.code(), a.flags(), a.vendor_id(), a.len())))
        .collect();
    assert_eq!(
        heads,
        [
            Ok((1, 0x20, 0, 12)),
            Ok((1406, 0xc0, 10415, 16)),
            Ok((1405, 0x80, 10415, 16)),
            Ok((27, 0x00, 0, 12)),
        ]
    );
}

#[test]
fn grouped_lengths_are_back_patched_at_every_depth() {
    let mut buf = [0; 256];
    let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 2);
    w.grouped(AvpHead::vendor(873, 10415, true), |w| {
        w.grouped(AvpHead::vendor(874, 10415, true), |w| {
            w.octets(AvpHead::vendor(21, 10415, true), &[6]) // padded to 16
                .utf8(AvpHead::mandatory(30), "internet");
        })
        .grouped(AvpHead::mandatory(437), |_| {});
    });
    let len = w.finish().unwrap();
    assert_eq!(len, 20 + 12 + 12 + 16 + 16 + 8);
    let msg = Message::new_checked(&buf[..len]).unwrap();
    let si = msg.lookup(873, 10415).unwrap();
    assert_eq!(si.len(), 12 + 12 + 16 + 16 + 8);
    let ps = si.lookup(874, 10415).unwrap();
    assert_eq!((ps.offset(), ps.len()), (32, 12 + 16 + 16));
    let rat = ps.lookup(21, 10415).unwrap();
    assert_eq!(
        (rat.offset(), rat.len(), rat.octets()),
        (44, 13, &[6u8][..])
    );
    // The padding byte is zero.
    assert_eq!(&buf[57..60], &[0, 0, 0]);
    assert_eq!(ps.lookup(30, 0).unwrap().utf8(), Ok("internet"));
    let rsu = si.lookup(437, 0).unwrap();
    assert_eq!((rsu.len(), rsu.is_empty()), (8, true));
}

#[test]
fn every_value_type_round_trips() {
    let group_bytes = {
        let mut g = avp(432, 0x40, 0, &10u32.to_be_bytes());
        g.extend(avp(439, 0x40, 0, &100u32.to_be_bytes()));
        g
    };
    let values = [
        (DataType::OctetString, Value::OctetString(b"\x00\x01\x02")),
        (DataType::Integer32, Value::Integer32(-5)),
        (DataType::Integer64, Value::Integer64(i64::MIN)),
        (DataType::Unsigned32, Value::Unsigned32(u32::MAX)),
        (DataType::Unsigned64, Value::Unsigned64(5_000_000)),
        (DataType::Float32, Value::Float32(0.25)),
        (DataType::Float64, Value::Float64(-1e300)),
        (
            DataType::Address,
            Value::Address(Address::V4(Ipv4Addr::new(10, 45, 0, 2))),
        ),
        (
            DataType::Address,
            Value::Address(Address::V6("2001:db8::1".parse().unwrap())),
        ),
        (
            DataType::Address,
            Value::Address(Address::Other {
                family: 8,
                bytes: b"4917",
            }),
        ),
        (DataType::Time, Value::Time(Time(0xe8fe_6f80))),
        (DataType::Utf8String, Value::Utf8String("Grüße")),
        (
            DataType::DiameterIdentity,
            Value::DiameterIdentity("a.example"),
        ),
        (
            DataType::DiameterUri,
            Value::DiameterUri(
                crate::wire::DiameterUri::parse("aaa://a.example:3868;transport=tcp").unwrap(),
            ),
        ),
        (DataType::Enumerated, Value::Enumerated(1)),
        (
            DataType::IpFilterRule,
            Value::IpFilterRule(
                crate::wire::IpFilterRule::parse("permit out ip from any to any").unwrap(),
            ),
        ),
        (
            DataType::Grouped,
            Value::Grouped(AvpIter::new(&group_bytes)),
        ),
    ];
    let mut buf = [0; 512];
    let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 2);
    for (i, (_, v)) in values.iter().enumerate() {
        w.value(AvpHead::vendor(1000 + i as u32, 10415, false), v);
    }
    let len = w.finish().unwrap();
    let msg = Message::new_checked(&buf[..len]).unwrap();
    let mut count = 0;
    for ((ty, expected), got) in values.iter().zip(msg.avps()) {
        let got = got.unwrap();
        assert_eq!(got.code(), 1000 + count);
        let decoded = got.value(*ty).unwrap();
        match (expected, &decoded) {
            (Value::Grouped(a), Value::Grouped(b)) => {
                let a: Vec<_> = a.clone().map(|x| x.unwrap().as_bytes()).collect();
                let b: Vec<_> = b.clone().map(|x| x.unwrap().as_bytes()).collect();
                assert_eq!(a, b);
            }
            _ => assert_eq!(std::format!("{expected:?}"), std::format!("{decoded:?}")),
        }
        count += 1;
    }
    assert_eq!(count as usize, values.len());
}

#[test]
fn copy_avp_copies_bytes_and_adds_padding() {
    let src = message(0x80, 257, 0, &avp(269, 0, 0, b"Python bromelia"));
    let src = Message::new_checked(&src).unwrap();
    let product = src.lookup(269, 0).unwrap();
    let mut buf = [0xee; 64];
    let mut w = MessageWriter::request(&mut buf, 257, 0, false, 1, 2);
    w.copy_avp(&product);
    let len = w.finish().unwrap();
    assert_eq!(len, 20 + 24);
    assert_eq!(&buf[20..43], product.as_bytes());
    assert_eq!(buf[43], 0);
}

#[test]
fn too_small_buffer_reports_the_exact_size_needed() {
    let write = |buf: &mut [u8]| {
        let mut w = MessageWriter::request(buf, 272, 4, true, 1, 2);
        w.utf8(AvpHead::mandatory(263), "gw.example.com;1;1") // 8 + 18 + 2
            .grouped(AvpHead::mandatory(456), |w| {
                w.u32(AvpHead::mandatory(432), 32); // 12
            }); // 8 + 12
        w.finish()
    };
    let needed = 20 + 28 + 20;
    let mut big = [0; 100];
    assert_eq!(write(&mut big), Ok(needed));
    for cap in [0, 1, 19, 20, 21, 47, 48, 60, needed - 1] {
        let mut small = vec![0; cap];
        assert_eq!(
            write(&mut small),
            Err(Error::new(ErrorKind::BufferTooSmall { needed }, cap)),
            "capacity {cap}"
        );
    }
    let mut exact = vec![0; needed];
    assert_eq!(write(&mut exact), Ok(needed));
    assert_eq!(&exact[..], &big[..needed]);
}

#[test]
fn message_over_the_24_bit_length_is_too_large() {
    let huge = vec![0u8; 0x00ff_ffff];
    let mut buf = [0; 64];
    let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 2);
    w.octets(AvpHead::mandatory(460), &huge);
    let e = w.finish().unwrap_err();
    assert_eq!(e, Error::new(ErrorKind::MessageTooLarge, 0));
    assert_eq!(e.result_code(), 5012);
}

#[test]
fn finish_into_writes_the_message_to_a_sink() {
    let mut buf = [0; 64];
    let mut w = MessageWriter::request(&mut buf, 280, 0, false, 1, 2);
    w.identity(AvpHead::mandatory(264), "a.example");
    let mut out = [0u8; 40];
    let mut sink = &mut out[..];
    assert_eq!(w.finish_into(&mut sink), Ok(40));
    assert_eq!(Message::new_checked(&out).unwrap().len(), 40);

    let mut buf = [0; 64];
    let mut w = MessageWriter::request(&mut buf, 280, 0, false, 1, 2);
    w.identity(AvpHead::mandatory(264), "a.example");
    let mut out = [0u8; 39];
    let mut sink = &mut out[..];
    assert_eq!(
        w.finish_into(&mut sink),
        Err(WriteError::Io(embedded_io::SliceWriteError::Full))
    );

    let mut buf = [0; 30];
    let mut w = MessageWriter::request(&mut buf, 280, 0, false, 1, 2);
    w.identity(AvpHead::mandatory(264), "a.example");
    let mut out = [0u8; 64];
    let mut sink = &mut out[..];
    assert_eq!(
        w.finish_into(&mut sink),
        Err(WriteError::Encode(Error::new(
            ErrorKind::BufferTooSmall { needed: 40 },
            30
        )))
    );
}

/// A CCR-Initial as a client sends it.
fn ccr(buf: &mut [u8]) -> usize {
    use crate::dict::{base, cc};
    let mut w = MessageWriter::request(buf, 272, 4, true, 0x11, 0x22);
    w.utf8(base::SESSION_ID.head(), "client.example;1;1")
        .identity(base::ORIGIN_HOST.head(), "client.example")
        .identity(base::ORIGIN_REALM.head(), "example")
        .identity(base::DESTINATION_REALM.head(), "example.net")
        .u32(base::AUTH_APPLICATION_ID.head(), 4)
        .utf8(cc::SERVICE_CONTEXT_ID.head(), "32251@3gpp.org")
        .enumerated(cc::CC_REQUEST_TYPE.head(), 1)
        .u32(cc::CC_REQUEST_NUMBER.head(), 0);
    w.finish().unwrap()
}

#[test]
fn append_adds_a_route_record_to_an_encoded_ccr() {
    use crate::dict::base;
    let mut buf = [0xaa; 512];
    let len = ccr(&mut buf);
    let original = buf[..len].to_vec();
    let mut w = MessageWriter::append(&mut buf, len).unwrap();
    assert_eq!(w.len(), len);
    w.identity(base::ROUTE_RECORD.head(), "client.example");
    let new_len = w.finish().unwrap();
    // "client.example" is 14 octets: an AVP of 22, padded to 24.
    assert_eq!(new_len, len + 24);
    let msg = Message::new_checked(&buf[..new_len]).unwrap();
    assert_eq!(msg.len(), new_len);
    // The CCR is unchanged but for its length, the Route-Record last.
    assert_eq!(buf[4..len], original[4..]);
    let last = msg.avps().map(Result::unwrap).last().unwrap();
    assert_eq!(last.code(), base::ROUTE_RECORD.code);
    assert_eq!(last.identity(), Ok("client.example"));
    assert_eq!(msg.avps().count(), 9);
    let validator = crate::validate::Validator::new(&[]);
    assert_eq!(validator.validate(&msg), Ok(()));
    // Same as writing it in one go.
    let mut once = [0u8; 512];
    let once_len = {
        let mut w = MessageWriter::request(&mut once, 272, 4, true, 0x11, 0x22);
        for avp in Message::new_checked(&original).unwrap().avps() {
            w.copy_avp(&avp.unwrap());
        }
        w.identity(base::ROUTE_RECORD.head(), "client.example");
        w.finish().unwrap()
    };
    assert_eq!(buf[..new_len], once[..once_len]);
}

#[test]
fn append_checks_the_message_and_reports_small_buffers() {
    let mut buf = [0u8; 256];
    let len = ccr(&mut buf);
    // Not the message's length, or beyond the buffer.
    assert_eq!(
        MessageWriter::append(&mut buf, len - 4).err(),
        Some(Error::new(ErrorKind::Truncated, len - 4))
    );
    assert_eq!(
        MessageWriter::append(&mut buf, len + 4).err(),
        Some(Error::new(ErrorKind::InvalidMessageLength, 1))
    );
    assert_eq!(
        MessageWriter::append(&mut buf, 300).err(),
        Some(Error::new(ErrorKind::Truncated, 256))
    );
    assert_eq!(
        MessageWriter::append(&mut buf, 3).err(),
        Some(Error::new(ErrorKind::Truncated, 3))
    );
    // A buffer without room left: the size the message needs.
    let mut tight = buf[..len].to_vec();
    let mut w = MessageWriter::append(&mut tight, len).unwrap();
    w.identity(AvpHead::mandatory(282), "r.example");
    assert_eq!(
        w.finish().err().map(|e| e.kind),
        Some(ErrorKind::BufferTooSmall { needed: len + 20 })
    );
}
