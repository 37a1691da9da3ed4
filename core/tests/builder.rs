//! The typed message builder (`MessageWriter::put` and `group`): messages
//! built from `dict::*::typed` definitions are byte for byte those of the
//! untyped calls and of a captured message, and parse back to their values.

mod common;

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use common::CCR_U_1MSCC;
use diameter_core::dict::{self, base, cc, kind, s6a, AvpDef, FlagRule, Typed, VENDOR_3GPP};
use diameter_core::wire::{avp_flags, Address, DataType, Message, MessageWriter, Time};

/// The captured Gy CCR-Update (`ccr-u-1mscc.bin`) as its AVP list, with
/// the typed builder.
fn ccr_u_typed(buf: &mut [u8]) -> usize {
    let mut w = MessageWriter::request(buf, 272, 4, false, 0x1000_0002, 0x2000_0002);
    w.put(base::typed::SESSION_ID, "gy.test.example.com;1;1")
        .put(base::typed::ORIGIN_HOST, "gy-client.test.example.com")
        .put(base::typed::ORIGIN_REALM, "test.example.com")
        .put(base::typed::DESTINATION_REALM, "ocs.example.com")
        .put(base::typed::AUTH_APPLICATION_ID, 4)
        .put(cc::typed::SERVICE_CONTEXT_ID, "32251@3gpp.org")
        .put(cc::typed::CC_REQUEST_TYPE, 2) // UPDATE_REQUEST
        .put(cc::typed::CC_REQUEST_NUMBER, 1)
        .group(cc::typed::SUBSCRIPTION_ID, |g| {
            g.put(cc::typed::SUBSCRIPTION_ID_TYPE, 1) // END_USER_IMSI
                .put(cc::typed::SUBSCRIPTION_ID_DATA, "262011234567890")
        })
        .put(base::typed::EVENT_TIMESTAMP, Time(0xebe6_1680))
        .group(cc::typed::MULTIPLE_SERVICES_CREDIT_CONTROL, |m| {
            m.put(cc::typed::RATING_GROUP, 10)
                .put(cc::typed::SERVICE_IDENTIFIER, 100)
                .group(cc::typed::REQUESTED_SERVICE_UNIT, |r| r)
                .group(cc::typed::USED_SERVICE_UNIT, |u| {
                    u.put(cc::typed::CC_TOTAL_OCTETS, 5_000_000)
                        .put(cc::typed::CC_INPUT_OCTETS, 2_000_000)
                        .put(cc::typed::CC_OUTPUT_OCTETS, 3_000_000)
                })
        });
    w.finish().unwrap()
}

/// The same message with the untyped calls.
fn ccr_u_untyped(buf: &mut [u8]) -> usize {
    let mut w = MessageWriter::request(buf, 272, 4, false, 0x1000_0002, 0x2000_0002);
    w.utf8(base::SESSION_ID, "gy.test.example.com;1;1")
        .identity(base::ORIGIN_HOST, "gy-client.test.example.com")
        .identity(base::ORIGIN_REALM, "test.example.com")
        .identity(base::DESTINATION_REALM, "ocs.example.com")
        .u32(base::AUTH_APPLICATION_ID, 4)
        .utf8(cc::SERVICE_CONTEXT_ID, "32251@3gpp.org")
        .enumerated(cc::CC_REQUEST_TYPE, 2)
        .u32(cc::CC_REQUEST_NUMBER, 1)
        .grouped(cc::SUBSCRIPTION_ID, |g| {
            g.enumerated(cc::SUBSCRIPTION_ID_TYPE, 1)
                .utf8(cc::SUBSCRIPTION_ID_DATA, "262011234567890");
        })
        .time(base::EVENT_TIMESTAMP, Time(0xebe6_1680))
        .grouped(cc::MULTIPLE_SERVICES_CREDIT_CONTROL, |m| {
            m.u32(cc::RATING_GROUP, 10)
                .u32(cc::SERVICE_IDENTIFIER, 100)
                .grouped(cc::REQUESTED_SERVICE_UNIT, |_| {})
                .grouped(cc::USED_SERVICE_UNIT, |u| {
                    u.u64(cc::CC_TOTAL_OCTETS, 5_000_000)
                        .u64(cc::CC_INPUT_OCTETS, 2_000_000)
                        .u64(cc::CC_OUTPUT_OCTETS, 3_000_000);
                });
        });
    w.finish().unwrap()
}

#[test]
fn a_ccr_built_with_put_is_the_captured_one_and_the_untyped_calls_bytes() {
    let (mut typed, mut untyped) = ([0u8; 512], [0u8; 512]);
    let len = ccr_u_typed(&mut typed);
    assert_eq!(typed[..len], *CCR_U_1MSCC);
    let untyped_len = ccr_u_untyped(&mut untyped);
    assert_eq!(typed[..len], untyped[..untyped_len]);
}

#[test]
fn a_ccr_built_with_put_parses_back_to_its_values() {
    let mut buf = [0u8; 512];
    let len = ccr_u_typed(&mut buf);
    let msg = Message::new_checked(&buf[..len]).unwrap();
    assert_eq!((msg.command_code(), msg.application_id()), (272, 4));
    let first = msg.avps().next().unwrap().unwrap();
    assert_eq!(
        (first.code(), first.utf8()),
        (base::SESSION_ID.code, Ok("gy.test.example.com;1;1")),
        "Session-Id first, in the order written (RFC 6733 §8.8)"
    );
    let get = |def: AvpDef| msg.lookup(def.code, def.vendor_id).unwrap();
    assert_eq!(
        get(base::ORIGIN_HOST).identity(),
        Ok("gy-client.test.example.com")
    );
    assert_eq!(get(base::AUTH_APPLICATION_ID).u32(), Ok(4));
    assert_eq!(get(cc::CC_REQUEST_TYPE).enumerated(), Ok(2));
    assert_eq!(get(base::EVENT_TIMESTAMP).time(), Ok(Time(0xebe6_1680)));
    let id = get(cc::SUBSCRIPTION_ID);
    assert_eq!(id.lookup(450, 0).unwrap().enumerated(), Ok(1));
    assert_eq!(id.lookup(444, 0).unwrap().utf8(), Ok("262011234567890"));
    let mscc = get(cc::MULTIPLE_SERVICES_CREDIT_CONTROL);
    let rsu = mscc.lookup(cc::REQUESTED_SERVICE_UNIT.code, 0).unwrap();
    assert_eq!((rsu.len(), rsu.grouped().count()), (8, 0));
    let usu = mscc.lookup(cc::USED_SERVICE_UNIT.code, 0).unwrap();
    assert_eq!(usu.lookup(421, 0).unwrap().u64(), Ok(5_000_000));
    assert_eq!(usu.lookup(414, 0).unwrap().u64(), Ok(3_000_000));
    assert_eq!(msg.avps().count(), 11);
}

/// A made-up definition: no dictionary has Float32 or Float64 AVPs.
const fn float_def(code: u32, data_type: DataType) -> AvpDef {
    AvpDef {
        name: "Test-Float",
        code,
        vendor_id: 0,
        data_type,
        m_bit: FlagRule::May,
        enums: &[],
    }
}
const FLOAT32: Typed<kind::Float32> = Typed::new(float_def(65001, DataType::Float32));
const FLOAT64: Typed<kind::Float64> = Typed::new(float_def(65002, DataType::Float64));

#[test]
fn every_kind_is_written_as_its_value_and_parses_back() {
    let v4 = Ipv4Addr::new(192, 0, 2, 1);
    let v6 = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
    let rule = "permit in ip from 192.0.2.0/24 to any";
    let uri = "aaa://hss.example.com:3868;transport=tcp";
    let mut buf = [0u8; 512];
    let mut w = MessageWriter::request(&mut buf, 257, 0, false, 1, 2);
    w.put(base::typed::CLASS, b"\x00\xffclass")
        .put(cc::typed::EXPONENT, -3)
        .put(cc::typed::VALUE_DIGITS, -5_000_000_000)
        .put(base::typed::ORIGIN_STATE_ID, 7)
        .put(cc::typed::CC_INPUT_OCTETS, u64::MAX)
        .put(FLOAT32, 1.5)
        .put(FLOAT64, -0.25)
        .put(base::typed::HOST_IP_ADDRESS, IpAddr::V4(v4))
        .put(base::typed::HOST_IP_ADDRESS, IpAddr::V6(v6))
        .put(base::typed::EVENT_TIMESTAMP, Time(3_900_000_000))
        .put(base::typed::USER_NAME, "ü@example")
        .put(base::typed::ORIGIN_HOST, "hss.example.com")
        .put(base::typed::REDIRECT_HOST, uri)
        .put(base::typed::DISCONNECT_CAUSE, 2)
        .put(cc::typed::RESTRICTION_FILTER_RULE, rule)
        .put(s6a::typed::CLR_FLAGS, 3);
    let len = w.finish().unwrap();

    let msg = Message::new_checked(&buf[..len]).unwrap();
    let avps: Vec<_> = msg.avps().map(Result::unwrap).collect();
    let [class, exp, digits, state, octets, f32, f64, ip4, ip6, time, user, host, redirect, cause, filter, clr] =
        avps.as_slice()
    else {
        panic!("{} AVPs", avps.len());
    };
    assert_eq!(class.octets(), b"\x00\xffclass");
    assert_eq!(exp.i32(), Ok(-3));
    assert_eq!(digits.i64(), Ok(-5_000_000_000));
    assert_eq!(state.u32(), Ok(7));
    assert_eq!(octets.u64(), Ok(u64::MAX));
    assert_eq!(
        (f32.f32(), f32.is_mandatory()),
        (Ok(1.5), false),
        "M may: clear"
    );
    assert_eq!(f64.f64(), Ok(-0.25));
    assert_eq!(ip4.address(), Ok(Address::V4(v4)));
    assert_eq!(ip4.data()[..2], [0, 1], "family 1 (IPv4)");
    assert_eq!(ip6.address(), Ok(Address::V6(v6)));
    assert_eq!(time.time(), Ok(Time(3_900_000_000)));
    assert_eq!(user.utf8(), Ok("ü@example"));
    assert_eq!(host.identity(), Ok("hss.example.com"));
    assert_eq!(redirect.uri().map(|u| u.text), Ok(uri));
    assert_eq!(cause.enumerated(), Ok(2));
    assert_eq!(filter.ip_filter_rule().map(|r| r.text), Ok(rule));
    assert_eq!(
        (clr.vendor_id(), clr.flags(), clr.u32()),
        (VENDOR_3GPP, avp_flags::VENDOR, Ok(3)),
        "TS 29.272 §7.3.152: CLR-Flags V set, M clear"
    );

    // Each AVP as the untyped writer encodes its decoded value under its
    // definition's header.
    let mut again = [0u8; 512];
    let mut w = MessageWriter::request(&mut again, 257, 0, false, 1, 2);
    let floats = [*FLOAT32.def(), *FLOAT64.def()];
    for avp in &avps {
        let def = floats
            .into_iter()
            .chain(dict::ALL.avps().copied())
            .find(|d| (d.code, d.vendor_id) == (avp.code(), avp.vendor_id()))
            .unwrap();
        w.value(def.head(), &avp.value(def.data_type).unwrap());
    }
    let again_len = w.finish().unwrap();
    assert_eq!(buf[..len], again[..again_len]);
}
