//! Typed data (RFC 6733 §4.2, §4.3): each type decoded from AVP bytes,
//! its edge cases, and the exact error for bad values.

use core::net::{Ipv4Addr, Ipv6Addr};
use std::format;
use std::string::ToString;

use super::{avp, only_avp};
use crate::wire::{
    Address, DataType, DiameterUri, Error, ErrorKind, FilterAction, FilterDirection, IpFilterRule,
    Time, UriProtocol, UriTransport, Value,
};

/// An InvalidAvpValue error at `offset`, Result-Code 5004.
fn value_error(offset: usize) -> Error {
    let e = Error::new(ErrorKind::InvalidAvpValue, offset);
    assert_eq!(e.result_code(), 5004);
    e
}

#[test]
fn integers_decode_big_endian_and_need_their_exact_size() {
    let bytes = avp(1, 0x40, 0, &[0xff, 0xff, 0xff, 0xfe]);
    let a = only_avp(&bytes);
    assert_eq!(a.i32(), Ok(-2));
    assert_eq!(a.u32(), Ok(0xffff_fffe));
    assert_eq!(a.enumerated(), Ok(-2));
    assert_eq!(a.f32().map(f32::to_bits), Ok(0xffff_fffe));
    assert_eq!(a.i64(), Err(value_error(8)));
    assert_eq!(a.u64(), Err(value_error(8)));
    assert_eq!(a.f64(), Err(value_error(8)));

    let bytes = avp(421, 0xc0, 10415, &1.5f64.to_bits().to_be_bytes());
    let a = only_avp(&bytes);
    assert_eq!(a.f64(), Ok(1.5));
    assert_eq!(a.u64(), Ok(0x3ff8_0000_0000_0000));
    assert_eq!(a.i64(), Ok(0x3ff8_0000_0000_0000));
    // The data starts after the 12-byte vendor header.
    assert_eq!(a.u32(), Err(value_error(12)));
    assert_eq!(a.time(), Err(value_error(12)));

    for len in [0, 3, 5] {
        let bytes = avp(415, 0x40, 0, &[7; 5][..len]);
        let a = only_avp(&bytes);
        assert_eq!(a.u32(), Err(value_error(8)), "{len} bytes");
        assert_eq!(a.i32(), Err(value_error(8)), "{len} bytes");
        assert_eq!(a.enumerated(), Err(value_error(8)), "{len} bytes");
        assert_eq!(a.f32(), Err(value_error(8)), "{len} bytes");
    }
    assert_eq!(only_avp(&avp(1, 0, 0, &[1; 7])).u64(), Err(value_error(8)));
    assert_eq!(only_avp(&avp(1, 0, 0, &[1; 9])).i64(), Err(value_error(8)));
}

#[test]
fn data_type_sizes_and_names() {
    assert_eq!(DataType::Unsigned32.fixed_len(), Some(4));
    assert_eq!(DataType::Time.fixed_len(), Some(4));
    assert_eq!(DataType::Enumerated.fixed_len(), Some(4));
    assert_eq!(DataType::Float64.fixed_len(), Some(8));
    assert_eq!(DataType::Address.fixed_len(), None);
    assert_eq!(DataType::Grouped.fixed_len(), None);
    assert_eq!(DataType::Address.min_len(), 6);
    assert_eq!(DataType::Integer64.min_len(), 8);
    assert_eq!(DataType::OctetString.min_len(), 0);
    assert_eq!(DataType::DiameterUri.name(), "DiameterURI");
    assert_eq!(DataType::IpFilterRule.to_string(), "IPFilterRule");
    assert_eq!(DataType::Utf8String.to_string(), "UTF8String");
}

#[test]
fn address_ipv4_ipv6_and_other_families() {
    let v4 = [0, 1, 192, 0, 2, 10];
    assert_eq!(
        Address::parse(&v4),
        Some(Address::V4(Ipv4Addr::new(192, 0, 2, 10)))
    );
    let mut v6 = std::vec![0, 2];
    v6.extend_from_slice(&"2001:db8::1".parse::<Ipv6Addr>().unwrap().octets());
    let a6 = Address::parse(&v6).unwrap();
    assert_eq!(a6, Address::V6("2001:db8::1".parse().unwrap()));
    assert_eq!((a6.family(), a6.encoded_len()), (2, 18));
    assert_eq!(a6.to_string(), "2001:db8::1");

    // E.164 (family 8) travels as ASCII digits and is kept raw.
    let e164 = Address::parse(b"\x00\x08491701234567").unwrap();
    assert_eq!(
        e164,
        Address::Other {
            family: 8,
            bytes: b"491701234567"
        }
    );
    assert_eq!((e164.family(), e164.encoded_len()), (8, 14));
    assert_eq!(e164.to_string(), "family 8: 343931373031323334353637");
    // A family alone is a valid (empty) address of an unknown family.
    assert_eq!(
        Address::parse(&[0xff, 0xff]),
        Some(Address::Other {
            family: 0xffff,
            bytes: &[]
        })
    );

    let v4addr = Address::from(core::net::IpAddr::V4(Ipv4Addr::LOCALHOST));
    assert_eq!((v4addr.family(), v4addr.encoded_len()), (1, 6));
    assert_eq!(v4addr.to_string(), "127.0.0.1");
}

#[test]
fn address_of_the_wrong_size_is_invalid_at_the_data() {
    let bad: [&[u8]; 8] = [
        &[],
        &[0],
        &[0, 1],
        &[0, 1, 127, 0, 1],
        &[0, 1, 127, 0, 0, 1, 0],
        &[0, 2, 0, 0, 0, 0],
        &[0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        &[0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    ];
    for data in bad {
        assert_eq!(Address::parse(data), None, "{data:02x?}");
        let bytes = avp(257, 0x40, 0, data);
        assert_eq!(
            only_avp(&bytes).address(),
            Err(value_error(8)),
            "{data:02x?}"
        );
        let bytes = avp(1228, 0xc0, 10415, data);
        assert_eq!(
            only_avp(&bytes).address(),
            Err(value_error(12)),
            "{data:02x?}"
        );
    }
}

#[test]
fn time_converts_across_the_2036_rollover_both_ways() {
    // RFC 6733 §4.3.1 / RFC 5905: MSB set = era 0 (1968..2036),
    // MSB clear = era 1 (2036..2104).
    let cases = [
        (0x8000_0000u32, -61_505_152i64), // 1968-01-20 03:14:08 UTC
        (0xe8fe_6f80, 1_700_000_000),     // 2023-11-14 22:13:20 UTC
        (0xffff_ffff, 2_085_978_495),     // 2036-02-07 06:28:15 UTC
        (0x0000_0000, 2_085_978_496),     // 2036-02-07 06:28:16 UTC
        (0x0000_0001, 2_085_978_497),
        (0x7fff_ffff, 4_233_462_143), // 2104-02-26 09:42:23 UTC
    ];
    for (ntp, unix) in cases {
        assert_eq!(Time(ntp).unix_seconds(), unix, "{ntp:#x}");
        assert_eq!(Time::from_unix_seconds(unix), Some(Time(ntp)), "{unix}");
    }
    // Ordering follows the wire value, not time; the conversion is what
    // places era-1 values after era 0.
    assert!(Time(0).unix_seconds() > Time(0xffff_ffff).unix_seconds());
    assert_eq!(Time::from_unix_seconds(-61_505_153), None);
    assert_eq!(Time::from_unix_seconds(4_233_462_144), None);
    assert_eq!(Time::from_unix_seconds(i64::MIN / 2), None);

    let bytes = avp(55, 0x40, 0, &[0, 0, 0, 0]);
    assert_eq!(only_avp(&bytes).time(), Ok(Time(0)));
    let bytes = avp(55, 0x40, 0, &[0; 5]);
    assert_eq!(only_avp(&bytes).time(), Err(value_error(8)));
}

#[test]
fn utf8_is_validated_and_fails_at_the_first_bad_byte() {
    let bytes = avp(1, 0x40, 0, "Grüße, 世界".as_bytes());
    assert_eq!(only_avp(&bytes).utf8(), Ok("Grüße, 世界"));
    assert_eq!(only_avp(&avp(1, 0, 0, b"")).utf8(), Ok(""));
    // ASCII, which takes the word-at-a-time path, at lengths around a word.
    let text = "gy.test.example.com;1;1";
    for len in 0..=text.len() {
        let bytes = avp(1, 0x40, 0, &text.as_bytes()[..len]);
        assert_eq!(only_avp(&bytes).utf8(), Ok(&text[..len]));
    }

    // (data, offset of the first invalid byte within the data)
    let bad: [(&[u8], usize); 5] = [
        (b"ab\xffcd", 2),
        (b"\x80", 0),
        (b"abc\xc3", 3),         // a 2-byte sequence cut at the end
        (b"ok\xe4\xb8", 2),      // a 3-byte sequence cut at the end
        (b"a\xed\xa0\x80zz", 1), // an encoded surrogate
    ];
    for (data, at) in bad {
        let bytes = avp(1, 0x40, 0, data);
        assert_eq!(
            only_avp(&bytes).utf8(),
            Err(value_error(8 + at)),
            "{data:02x?}"
        );
        let bytes = avp(444, 0xc0, 10415, data);
        assert_eq!(
            only_avp(&bytes).utf8(),
            Err(value_error(12 + at)),
            "{data:02x?}"
        );
    }
}

#[test]
fn diameter_identity_is_printable_ascii() {
    for ok in ["hss.epc.example.org", "xn--hst-9la.example", "a", "realm_1"] {
        let bytes = avp(264, 0x40, 0, ok.as_bytes());
        assert_eq!(only_avp(&bytes).identity(), Ok(ok));
    }
    let bad: [&[u8]; 6] = [
        b"",
        b"has space.example",
        b"tab\t.example",
        b"nul\0",
        "hôst.example".as_bytes(),
        b"\xff",
    ];
    for data in bad {
        let bytes = avp(264, 0x40, 0, data);
        assert_eq!(
            only_avp(&bytes).identity(),
            Err(value_error(8)),
            "{data:02x?}"
        );
    }
}

#[test]
fn graphic_check_matches_the_byte_by_byte_definition() {
    // Every byte value at every position of a word and of the tail.
    let mut buf = [b'a'; 19];
    for at in 0..buf.len() {
        for b in 0..=255u8 {
            buf[at] = b;
            for len in [at + 1, buf.len()] {
                assert_eq!(
                    crate::wire::data::all_graphic(&buf[..len]),
                    buf[..len].iter().all(u8::is_ascii_graphic),
                    "byte {b:#04x} at {at} of {len}"
                );
            }
        }
        buf[at] = b'~';
    }
    assert!(crate::wire::data::all_graphic(b""));
}

/// Secure, host, port, transport and protocol of a DiameterURI.
type UriParts<'a> = (
    bool,
    &'a str,
    Option<u16>,
    Option<UriTransport>,
    Option<UriProtocol>,
);

/// Parses `s` into its parts, checking `text` is all of it.
fn uri(s: &str) -> Option<UriParts<'_>> {
    DiameterUri::parse(s).map(|u| {
        assert_eq!(u.text, s);
        (u.secure, u.fqdn, u.port, u.transport, u.protocol)
    })
}

#[test]
fn diameter_uri_examples_of_rfc_6733() {
    use UriProtocol::*;
    use UriTransport::*;
    let host = "host.example.com";
    // The six examples of RFC 6733 §4.3.1.
    let examples = [
        (
            "aaa://host.example.com;transport=tcp",
            None,
            Some(Tcp),
            None,
        ),
        (
            "aaa://host.example.com:6666;transport=tcp",
            Some(6666),
            Some(Tcp),
            None,
        ),
        (
            "aaa://host.example.com;protocol=diameter",
            None,
            None,
            Some(Diameter),
        ),
        (
            "aaa://host.example.com:6666;protocol=diameter",
            Some(6666),
            None,
            Some(Diameter),
        ),
        (
            "aaa://host.example.com:6666;transport=tcp;protocol=diameter",
            Some(6666),
            Some(Tcp),
            Some(Diameter),
        ),
        (
            "aaa://host.example.com:1813;transport=udp;protocol=radius",
            Some(1813),
            Some(Udp),
            Some(Radius),
        ),
    ];
    for (s, port, transport, protocol) in examples {
        assert_eq!(
            uri(s),
            Some((false, host, port, transport, protocol)),
            "{s}"
        );
    }
}

#[test]
fn diameter_uri_schemes_ports_and_parameters() {
    use UriProtocol::*;
    use UriTransport::*;
    let u = DiameterUri::parse("aaas://peer.example.net").unwrap();
    assert_eq!((u.secure, u.port, u.port_or_default()), (true, None, 5658));
    let u = DiameterUri::parse("aaa://peer.example.net").unwrap();
    assert_eq!((u.secure, u.port, u.port_or_default()), (false, None, 3868));
    let u = DiameterUri::parse("aaa://peer:0").unwrap();
    assert_eq!((u.port, u.port_or_default()), (Some(0), 0));
    assert_eq!(
        uri("aaas://[2001:db8::7]:5658;transport=sctp"),
        Some((true, "2001:db8::7", Some(5658), Some(Sctp), None))
    );
    assert_eq!(
        uri("aaa://192.0.2.1:65535;protocol=tacacs+"),
        Some((false, "192.0.2.1", Some(65535), None, Some(TacacsPlus)))
    );
    // Either order; literals ignore case (RFC 5234 §2.3).
    assert_eq!(
        uri("aaa://h;protocol=radius;transport=udp"),
        Some((false, "h", None, Some(Udp), Some(Radius)))
    );
    assert_eq!(
        uri("AAAS://Peer.Example.NET;Transport=SCTP;PROTOCOL=Diameter"),
        Some((true, "Peer.Example.NET", None, Some(Sctp), Some(Diameter)))
    );
}

#[test]
fn diameter_uri_rejects_what_the_grammar_does_not_allow() {
    let bad = [
        "",
        "aaa:/host",
        "aaa://",
        "aaas://",
        "http://host.example.com",
        "aaa:host.example.com",
        "aaa://host.example.com:",
        "aaa://host.example.com:80x",
        "aaa://host.example.com:65536",
        "aaa://host.example.com:-1",
        "aaa://host example.com",
        "aaa://host.example.com/path",
        "aaa://user@host.example.com",
        "aaa://[2001:db8::1",
        "aaa://[2001:db8::1]x",
        "aaa://[]:3868",
        "aaa://[fe80::1%eth0]",
        "aaa://host;",
        "aaa://host;transport",
        "aaa://host;transport=",
        "aaa://host;transport=quic",
        "aaa://host;protocol=ldap",
        "aaa://host;foo=bar",
        "aaa://host;transport=tcp;transport=sctp",
        "aaa://host;protocol=radius;protocol=radius",
        // UDP MUST NOT be used for Diameter, the default protocol.
        "aaa://host;transport=udp",
        "aaa://host:3868;transport=udp;protocol=diameter",
    ];
    for s in bad {
        assert_eq!(DiameterUri::parse(s), None, "{s}");
    }
}

#[test]
fn diameter_uri_through_the_avp() {
    let s = "aaa://ocs.example.net:3868;transport=tcp";
    let bytes = avp(292, 0x40, 0, s.as_bytes());
    let u = only_avp(&bytes).uri().unwrap();
    assert_eq!((u.fqdn, u.port, u.text), ("ocs.example.net", Some(3868), s));
    let bytes = avp(
        292,
        0x40,
        0,
        b"aaa://ocs.example.net;transport=carrier-pigeon",
    );
    assert_eq!(only_avp(&bytes).uri(), Err(value_error(8)));
    // Invalid UTF-8 reports the bad byte, as for a UTF8String.
    let bytes = avp(292, 0x40, 0, b"aaa://\xff");
    assert_eq!(only_avp(&bytes).uri(), Err(value_error(14)));
}

#[test]
fn ip_filter_rule_parts() {
    let r = IpFilterRule::parse("permit out 17 from 10.0.0.0/8 53 to any").unwrap();
    assert_eq!(r.action, FilterAction::Permit);
    assert_eq!(r.direction, FilterDirection::Out);
    assert_eq!(r.protocol, Some(17));
    assert_eq!((r.source, r.destination), ("10.0.0.0/8 53", "any"));

    let s = "deny in ip from !assigned to 192.0.2.0/24 80,443,8000-8080 established";
    let r = IpFilterRule::parse(s).unwrap();
    assert_eq!(
        (r.action, r.direction),
        (FilterAction::Deny, FilterDirection::In)
    );
    assert_eq!(r.protocol, None);
    assert_eq!(r.source, "!assigned");
    assert_eq!(r.destination, "192.0.2.0/24 80,443,8000-8080 established");
    assert_eq!(r.text, s);

    // Any ASCII whitespace separates the words.
    let r = IpFilterRule::parse("permit\tin  6\tfrom 2001:db8::/32\tto  any ").unwrap();
    assert_eq!(r.protocol, Some(6));
    assert_eq!((r.source, r.destination), ("2001:db8::/32", "any"));
}

#[test]
fn ip_filter_rule_rejects_malformed_rules() {
    let bad = [
        "",
        "permit",
        "allow in ip from any to any",
        "permit sideways ip from any to any",
        "permit in tcp from any to any",
        "permit in 256 from any to any",
        "permit in -1 from any to any",
        "permit in ip any to any",
        "permit in ip 17 from any to any",
        "permit in ip from any",
        "permit in ip from any to",
        "permit in ip from to any",
        "permit in ip from any toward any",
        "PERMIT in ip from any to any",
    ];
    for s in bad {
        assert_eq!(IpFilterRule::parse(s), None, "{s}");
    }
    let bytes = avp(507, 0x40, 0, b"permit in ip from any"); // Flow-Description
    assert_eq!(only_avp(&bytes).ip_filter_rule(), Err(value_error(8)));
    let bytes = avp(507, 0x40, 0, b"permit in ip from any to any");
    assert_eq!(
        only_avp(&bytes).ip_filter_rule().map(|r| r.destination),
        Ok("any")
    );
}

#[test]
fn value_decodes_each_type_to_its_variant() {
    let u32_bytes = avp(268, 0x40, 0, &2001u32.to_be_bytes());
    let a = only_avp(&u32_bytes);
    assert!(matches!(
        a.value(DataType::Unsigned32),
        Ok(Value::Unsigned32(2001))
    ));
    assert!(matches!(
        a.value(DataType::Integer32),
        Ok(Value::Integer32(2001))
    ));
    assert!(matches!(
        a.value(DataType::Enumerated),
        Ok(Value::Enumerated(2001))
    ));
    assert!(matches!(
        a.value(DataType::Time),
        Ok(Value::Time(Time(2001)))
    ));
    assert!(matches!(a.value(DataType::Float32), Ok(Value::Float32(f)) if f.to_bits() == 2001));
    assert!(matches!(
        a.value(DataType::OctetString),
        Ok(Value::OctetString(&[0, 0, 7, 0xd1]))
    ));
    // Four bytes are a valid (empty-address) Address of family 0.
    assert!(matches!(
        a.value(DataType::Address),
        Ok(Value::Address(Address::Other {
            family: 0,
            bytes: &[7, 0xd1]
        }))
    ));
    // Text types fail at the lone 0xd1 lead byte, the others at the data.
    for (ty, at) in [
        (DataType::Unsigned64, 8),
        (DataType::Integer64, 8),
        (DataType::Float64, 8),
        (DataType::DiameterIdentity, 8),
        (DataType::Utf8String, 11),
        (DataType::DiameterUri, 11),
        (DataType::IpFilterRule, 11),
    ] {
        assert_eq!(a.value(ty).err(), Some(value_error(at)), "{ty}");
    }

    let u64_bytes = avp(421, 0x40, 0, &5_000_000u64.to_be_bytes());
    let a = only_avp(&u64_bytes);
    assert!(matches!(
        a.value(DataType::Unsigned64),
        Ok(Value::Unsigned64(5_000_000))
    ));
    assert!(matches!(
        a.value(DataType::Integer64),
        Ok(Value::Integer64(5_000_000))
    ));
    assert!(
        matches!(a.value(DataType::Float64), Ok(Value::Float64(f)) if f.to_bits() == 5_000_000)
    );

    let text = avp(264, 0x40, 0, b"aaa://peer.example.org");
    let a = only_avp(&text);
    assert!(matches!(
        a.value(DataType::Utf8String),
        Ok(Value::Utf8String("aaa://peer.example.org"))
    ));
    assert!(matches!(
        a.value(DataType::DiameterUri),
        Ok(Value::DiameterUri(u)) if u.fqdn == "peer.example.org"
    ));
    assert_eq!(a.value(DataType::IpFilterRule).err(), Some(value_error(8)));
    let identity = avp(264, 0x40, 0, b"peer.example.org");
    assert!(matches!(
        only_avp(&identity).value(DataType::DiameterIdentity),
        Ok(Value::DiameterIdentity("peer.example.org"))
    ));

    let rule = avp(507, 0x40, 0, b"deny out ip from any to any");
    assert!(matches!(
        only_avp(&rule).value(DataType::IpFilterRule),
        Ok(Value::IpFilterRule(r)) if r.action == FilterAction::Deny
    ));

    let mut inner = avp(432, 0x40, 0, &10u32.to_be_bytes());
    inner.extend(avp(439, 0x40, 0, &100u32.to_be_bytes()));
    let group = avp(456, 0x40, 0, &inner);
    let Ok(Value::Grouped(children)) = only_avp(&group).value(DataType::Grouped) else {
        panic!("not grouped");
    };
    let children: std::vec::Vec<_> = children
        .map(|c| c.map(|c| (c.code(), c.offset(), c.u32())))
        .collect();
    assert_eq!(children, [Ok((432, 8, Ok(10))), Ok((439, 20, Ok(100)))]);
    assert_eq!(format!("{:?}", DataType::Grouped), "Grouped");
}
