//! The codec on messages no capture has, written byte by byte in
//! `common/handmade.rs`: DWR, CCR-Initial with MSCCs, AIA with E-UTRAN
//! vectors, ULA with Subscription-Data. Each is parsed and checked field by
//! field, and encoded again with `MessageWriter` byte for byte.

mod common;

use std::net::{Ipv4Addr, Ipv6Addr};

use common::*;
use diameter_core::wire::{Address, DataType, Time, Value};

/// Encodes with `write` into a buffer of exactly `expected.len()` bytes
/// and checks the result is `expected`; also checks one byte less fails
/// with the exact size needed.
fn assert_encodes(
    write: impl Fn(&mut [u8]) -> diameter_core::wire::Result<usize>,
    expected: &[u8],
) {
    let mut buf = vec![0xaa; expected.len()];
    assert_eq!(write(&mut buf), Ok(expected.len()));
    assert_eq!(buf, expected);
    let mut short = vec![0; expected.len() - 1];
    let e = write(&mut short).unwrap_err();
    assert_eq!(
        e.kind,
        diameter_core::wire::ErrorKind::BufferTooSmall {
            needed: expected.len()
        }
    );
}

#[test]
fn device_watchdog_request() {
    let bytes = hex(handmade::DWR);
    let msg = parse(&bytes);
    assert_eq!(header(&msg), (0x80, 280, 0, 0x0000_0a01, 0x5a1c_0001, 84));
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 264, M, 0, 27), // Origin-Host
        (0, 48, 296, M, 0, 23), // Origin-Realm
        (0, 72, 278, M, 0, 12), // Origin-State-Id
    ];
    assert_eq!(rows(&msg), expected);
    assert_eq!(top(&msg, 264, 0).identity(), Ok("mme.epc.example.org"));
    assert_eq!(top(&msg, 296, 0).identity(), Ok("epc.example.org"));
    assert_eq!(top(&msg, 278, 0).u32(), Ok(1_700_000_000));
    assert_eq!(msg.lookup(268, 0), None);
}

#[test]
fn credit_control_request_initial() {
    let bytes = hex(handmade::CCR_I);
    let msg = parse(&bytes);
    assert_eq!(header(&msg), (0xc0, 272, 4, 0x2200_0001, 0x7e57_0001, 540));
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 263, M, 0, 37),         // Session-Id
        (0, 60, 264, M, 0, 23),         // Origin-Host
        (0, 84, 296, M, 0, 19),         // Origin-Realm
        (0, 104, 283, M, 0, 23),        // Destination-Realm
        (0, 128, 258, M, 0, 12),        // Auth-Application-Id
        (0, 140, 461, M, 0, 22),        // Service-Context-Id
        (0, 164, 416, M, 0, 12),        // CC-Request-Type
        (0, 176, 415, M, 0, 12),        // CC-Request-Number
        (0, 188, 55, M, 0, 12),         // Event-Timestamp
        (0, 200, 443, M, 0, 40),        // Subscription-Id
        (1, 208, 450, M, 0, 12),        //   Subscription-Id-Type
        (1, 220, 444, M, 0, 20),        //   Subscription-Id-Data
        (0, 240, 443, M, 0, 44),        // Subscription-Id
        (1, 248, 450, M, 0, 12),        //   Subscription-Id-Type
        (1, 260, 444, M, 0, 23),        //   Subscription-Id-Data
        (0, 284, 455, M, 0, 12),        // Multiple-Services-Indicator
        (0, 296, 456, M, 0, 40),        // Multiple-Services-Credit-Control
        (1, 304, 437, M, 0, 8),         //   Requested-Service-Unit
        (1, 312, 432, M, 0, 12),        //   Rating-Group
        (1, 324, 439, M, 0, 12),        //   Service-Identifier
        (0, 336, 456, M, 0, 44),        // Multiple-Services-Credit-Control
        (1, 344, 437, M, 0, 24),        //   Requested-Service-Unit
        (2, 352, 421, M, 0, 16),        //     CC-Total-Octets
        (1, 368, 432, M, 0, 12),        //   Rating-Group
        (0, 380, 458, 0, 0, 36),        // User-Equipment-Info
        (1, 388, 459, 0, 0, 12),        //   User-Equipment-Info-Type
        (1, 400, 460, 0, 0, 16),        //   User-Equipment-Info-Value
        (0, 416, 873, VM, 10415, 124),  // Service-Information
        (1, 428, 874, VM, 10415, 112),  //   PS-Information
        (2, 440, 2, VM, 10415, 16),     //     3GPP-Charging-Id
        (2, 456, 1227, VM, 10415, 30),  //     PDP-Address
        (2, 488, 1228, VM, 10415, 18),  //     SGSN-Address
        (2, 508, 30, M, 0, 16),         //     Called-Station-Id
        (2, 524, 21, VM, 10415, 13),    //     3GPP-RAT-Type
    ];
    assert_eq!(rows(&msg), expected);

    assert_eq!(
        top(&msg, 263, 0).utf8(),
        Ok("pgw.example.net;1700000000;42")
    );
    assert_eq!(top(&msg, 416, 0).enumerated(), Ok(1)); // INITIAL_REQUEST
    assert_eq!(top(&msg, 415, 0).u32(), Ok(0));
    let ts = top(&msg, 55, 0).time().unwrap();
    assert_eq!((ts, ts.unix_seconds()), (Time(0xe8fe_6f80), 1_700_000_000));
    let subs: Vec<_> = msg
        .avps()
        .map(Result::unwrap)
        .filter(|a| a.code() == 443)
        .map(|s| (child(&s, 450, 0).enumerated(), child(&s, 444, 0).utf8()))
        .collect();
    assert_eq!(
        subs,
        [(Ok(0), Ok("491701234567")), (Ok(1), Ok("262011234567890"))]
    );
    assert_eq!(top(&msg, 455, 0).enumerated(), Ok(1));

    let msccs: Vec<_> = msg
        .avps()
        .map(Result::unwrap)
        .filter(|a| a.code() == 456)
        .collect();
    assert_eq!(msccs.len(), 2);
    let rsu = child(&msccs[0], 437, 0);
    assert!(rsu.is_empty() && rsu.grouped().next().is_none());
    assert_eq!(child(&msccs[0], 432, 0).u32(), Ok(10));
    assert_eq!(child(&msccs[0], 439, 0).u32(), Ok(100));
    let rsu = child(&msccs[1], 437, 0);
    assert_eq!(child(&rsu, 421, 0).u64(), Ok(5_000_000));
    assert_eq!(child(&msccs[1], 432, 0).u32(), Ok(20));
    assert_eq!(msccs[1].lookup(439, 0), None);

    let uei = top(&msg, 458, 0);
    assert!(!uei.is_mandatory());
    assert_eq!(child(&uei, 459, 0).enumerated(), Ok(0)); // IMEISV
    assert_eq!(
        child(&uei, 460, 0).octets(),
        [0x35, 0x48, 0x71, 0x00, 0x12, 0x34, 0x56, 0x01]
    );

    let ps = child(&top(&msg, 873, 10415), 874, 10415);
    assert_eq!(child(&ps, 2, 10415).octets(), [0x0b, 0xad, 0xca, 0xfe]);
    assert_eq!(
        child(&ps, 1227, 10415).address(),
        Ok(Address::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)))
    );
    assert_eq!(
        child(&ps, 1228, 10415).address(),
        Ok(Address::V4(Ipv4Addr::new(192, 0, 2, 10)))
    );
    assert_eq!(child(&ps, 30, 0).utf8(), Ok("internet"));
    let rat = child(&ps, 21, 10415);
    assert_eq!((rat.octets(), rat.len()), (&[6u8][..], 13));
    // Called-Station-Id is IETF: not found under the 3GPP vendor.
    assert_eq!(ps.lookup(30, 10415), None);
    assert_eq!(msg.lookup(874, 10415), None);

    assert_encodes(encode::ccr_i, &bytes);
}

#[test]
fn authentication_information_answer_with_eutran_vectors() {
    let bytes = hex(handmade::AIA);
    let msg = parse(&bytes);
    assert_eq!(
        header(&msg),
        (0x40, 318, 16_777_251, 0x3508_0fae, 0xac2a_bab4, 440)
    );
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 263, M, 0, 40),          // Session-Id
        (0, 60, 277, M, 0, 12),          // Auth-Session-State
        (0, 72, 264, M, 0, 27),          // Origin-Host
        (0, 100, 296, M, 0, 23),         // Origin-Realm
        (0, 124, 268, M, 0, 12),         // Result-Code
        (0, 136, 1413, VM, 10415, 304),  // Authentication-Info
        (1, 148, 1414, VM, 10415, 148),  //   E-UTRAN-Vector
        (2, 160, 1419, VM, 10415, 16),   //     Item-Number
        (2, 176, 1447, VM, 10415, 28),   //     RAND
        (2, 204, 1448, VM, 10415, 20),   //     XRES
        (2, 224, 1449, VM, 10415, 28),   //     AUTN
        (2, 252, 1450, VM, 10415, 44),   //     KASME
        (1, 296, 1414, VM, 10415, 144),  //   E-UTRAN-Vector
        (2, 308, 1419, VM, 10415, 16),   //     Item-Number
        (2, 324, 1447, VM, 10415, 28),   //     RAND
        (2, 352, 1448, VM, 10415, 15),   //     XRES
        (2, 368, 1449, VM, 10415, 28),   //     AUTN
        (2, 396, 1450, VM, 10415, 44),   //     KASME
    ];
    assert_eq!(rows(&msg), expected);
    assert_eq!(top(&msg, 268, 0).u32(), Ok(2001));
    assert_eq!(top(&msg, 277, 0).enumerated(), Ok(1));

    let info = top(&msg, 1413, 10415);
    let vectors: Vec<_> = info.grouped().map(Result::unwrap).collect();
    assert!(vectors
        .iter()
        .all(|v| (v.code(), v.vendor_id()) == (1414, 10415)));
    let field = |i: usize, code| child(&vectors[i], code, 10415).octets();
    assert_eq!(child(&vectors[0], 1419, 10415).u32(), Ok(1));
    assert_eq!(field(0, 1447), hex("23553cbe9637a89d218ae64dae47bf35"));
    assert_eq!(field(0, 1448), hex("a54211d5e3ba50bf"));
    assert_eq!(field(0, 1449), hex("55f328b43577 b9b9 4a9ffac354dfafb3"));
    assert_eq!(
        field(0, 1450),
        hex("48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d")
    );
    assert_eq!(child(&vectors[1], 1419, 10415).u32(), Ok(2));
    assert_eq!(field(1, 1447), (0x10..0x20).collect::<Vec<u8>>());
    assert_eq!(field(1, 1448), [0xc0, 0xff, 0xee]);
    assert_eq!(field(1, 1449), (0x20..0x30).collect::<Vec<u8>>());
    assert_eq!(field(1, 1450), (0x40..0x60).collect::<Vec<u8>>());
    // No UTRAN or GERAN vectors (1415, 1416), no Experimental-Result.
    assert_eq!(info.lookup(1415, 10415), None);
    assert_eq!(info.lookup(1416, 10415), None);
    assert_eq!(msg.lookup(297, 0), None);
    // The vectors' fields are not top-level AVPs.
    assert_eq!(msg.lookup(1447, 10415), None);
}

#[test]
fn update_location_answer_with_subscription_data() {
    let bytes = hex(handmade::ULA_SUBSCRIPTION_DATA);
    let msg = parse(&bytes);
    assert_eq!(
        header(&msg),
        (0x40, 316, 16_777_251, 0x3508_0fad, 0xac2a_bab3, 536)
    );
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 263, M, 0, 40),          // Session-Id
        (0, 60, 260, M, 0, 32),          // Vendor-Specific-Application-Id
        (1, 68, 266, M, 0, 12),          //   Vendor-Id
        (1, 80, 258, M, 0, 12),          //   Auth-Application-Id
        (0, 92, 268, M, 0, 12),          // Result-Code
        (0, 104, 277, M, 0, 12),         // Auth-Session-State
        (0, 116, 264, M, 0, 27),         // Origin-Host
        (0, 144, 296, M, 0, 23),         // Origin-Realm
        (0, 168, 1406, VM, 10415, 16),   // ULA-Flags
        (0, 184, 1400, VM, 10415, 352),  // Subscription-Data
        (1, 196, 1424, VM, 10415, 16),   //   Subscriber-Status
        (1, 212, 701, VM, 10415, 18),    //   MSISDN
        (1, 232, 1417, VM, 10415, 16),   //   Network-Access-Mode
        (1, 248, 1426, VM, 10415, 16),   //   Access-Restriction-Data
        (1, 264, 1435, VM, 10415, 44),   //   AMBR
        (2, 276, 516, VM, 10415, 16),    //     Max-Requested-Bandwidth-UL
        (2, 292, 515, VM, 10415, 16),    //     Max-Requested-Bandwidth-DL
        (1, 308, 1429, VM, 10415, 212),  //   APN-Configuration-Profile
        (2, 320, 1423, VM, 10415, 16),   //     Context-Identifier
        (2, 336, 1428, VM, 10415, 16),   //     All-APN-Configurations-Included-Indicator
        (2, 352, 1430, VM, 10415, 168),  //     APN-Configuration
        (3, 364, 1423, VM, 10415, 16),   //       Context-Identifier
        (3, 380, 848, VM, 10415, 18),    //       Served-Party-IP-Address
        (3, 400, 1456, VM, 10415, 16),   //       PDN-Type
        (3, 416, 493, M, 0, 16),         //       Service-Selection
        (3, 432, 1431, VM, 10415, 88),   //       EPS-Subscribed-QoS-Profile
        (4, 444, 1028, VM, 10415, 16),   //         QoS-Class-Identifier
        (4, 460, 1034, VM, 10415, 60),   //         Allocation-Retention-Priority
        (5, 472, 1046, VM, 10415, 16),   //           Priority-Level
        (5, 488, 1047, VM, 10415, 16),   //           Pre-emption-Capability
        (5, 504, 1048, VM, 10415, 16),   //           Pre-emption-Vulnerability
        (1, 520, 1619, VM, 10415, 16),   //   Subscribed-Periodic-RAU-TAU-Timer
    ];
    assert_eq!(rows(&msg), expected);
    assert_eq!(top(&msg, 1406, 10415).u32(), Ok(1));

    let sd = top(&msg, 1400, 10415);
    assert_eq!(child(&sd, 1424, 10415).enumerated(), Ok(0)); // SERVICE_GRANTED
    assert_eq!(child(&sd, 701, 10415).octets(), hex("947110103254"));
    assert_eq!(child(&sd, 1417, 10415).enumerated(), Ok(2)); // ONLY_PACKET
    assert_eq!(child(&sd, 1426, 10415).u32(), Ok(0x20));
    assert_eq!(child(&sd, 1619, 10415).u32(), Ok(720));
    let ambr = child(&sd, 1435, 10415);
    assert_eq!(child(&ambr, 516, 10415).u32(), Ok(50_000_000));
    assert_eq!(child(&ambr, 515, 10415).u32(), Ok(100_000_000));

    let profile = child(&sd, 1429, 10415);
    assert_eq!(child(&profile, 1423, 10415).u32(), Ok(1));
    assert_eq!(child(&profile, 1428, 10415).enumerated(), Ok(0));
    let apn = child(&profile, 1430, 10415);
    assert_eq!(child(&apn, 1423, 10415).u32(), Ok(1));
    assert_eq!(
        child(&apn, 848, 10415).address(),
        Ok(Address::V4(Ipv4Addr::new(10, 45, 0, 2)))
    );
    assert_eq!(child(&apn, 1456, 10415).enumerated(), Ok(2)); // IPv4v6
                                                              // Service-Selection is an IETF AVP (RFC 5778) inside a 3GPP group.
    assert_eq!(child(&apn, 493, 0).utf8(), Ok("internet"));
    assert_eq!(apn.lookup(493, 10415), None);
    let qos = child(&apn, 1431, 10415);
    assert_eq!(child(&qos, 1028, 10415).enumerated(), Ok(9));
    let arp = child(&qos, 1034, 10415);
    let arp_values: Vec<_> = arp.grouped().map(|a| a.unwrap().u32().unwrap()).collect();
    assert_eq!(arp_values, [8, 1, 0]);
    assert_eq!(arp.offset(), 460);
    // Not there: a second APN-Configuration's Context-Identifier at the
    // profile's level beyond the first, an MSISDN at the top level.
    assert_eq!(msg.lookup(701, 10415), None);
    assert_eq!(sd.lookup(1430, 10415), None);
    assert_eq!(
        profile
            .grouped()
            .filter(|a| a.as_ref().unwrap().code() == 1430)
            .count(),
        1
    );

    assert_encodes(encode::ula_subscription_data, &bytes);
}

#[test]
fn ccr_update_with_two_msccs_encodes_to_the_expected_tree() {
    let mut buf = [0; 1024];
    let len = encode::ccr_u_2mscc(&mut buf, 0x0102_0304, 7).unwrap();
    let msg = parse(&buf[..len]);
    assert_eq!(header(&msg), (0xc0, 272, 4, 0x0102_0304, 0x0102_0304, len));
    let rows = rows(&msg);
    assert_eq!(rows.len(), 28);
    let codes: Vec<_> = rows.iter().map(|r| (r.0, r.2)).collect();
    let mscc = [
        (0, 456),
        (1, 437),
        (1, 446),
        (2, 421),
        (2, 412),
        (2, 414),
        (1, 432),
        (1, 439),
    ];
    let mut expected = vec![
        (0, 263),
        (0, 264),
        (0, 296),
        (0, 283),
        (0, 258),
        (0, 461),
        (0, 416),
        (0, 415),
        (0, 55),
        (0, 443),
        (1, 450),
        (1, 444),
    ];
    expected.extend(mscc);
    expected.extend(mscc);
    assert_eq!(codes, expected);
    assert_eq!(top(&msg, 415, 0).u32(), Ok(7));
    let second = msg
        .avps()
        .map(Result::unwrap)
        .filter(|a| a.code() == 456)
        .nth(1)
        .unwrap();
    let usu = child(&second, 446, 0);
    let used: Vec<_> = usu
        .grouped()
        .map(|a| a.unwrap().value(DataType::Unsigned64))
        .map(|v| match v {
            Ok(Value::Unsigned64(n)) => n,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(used, [1_250_000, 500_000, 750_000]);
    assert_eq!(child(&second, 439, 0).u32(), Ok(200));
}
