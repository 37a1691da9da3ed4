//! The codec on messages captured from other stacks (core/tests/fixtures):
//! every header field, every AVP's place, flags, vendor and length, the
//! typed values, and lookups of what is not there.

mod common;

use std::net::Ipv4Addr;

use common::*;
use diameter_core::wire::{Address, Time};

#[test]
fn ccr_update_with_one_mscc() {
    let msg = parse(CCR_U_1MSCC);
    assert_eq!(header(&msg), (0x80, 272, 4, 0x1000_0002, 0x2000_0002, 348));
    assert!(msg.is_request() && !msg.is_proxiable() && !msg.is_error() && !msg.is_retransmit());
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 263, M, 0, 31),  // Session-Id
        (0, 52, 264, M, 0, 34),  // Origin-Host
        (0, 88, 296, M, 0, 24),  // Origin-Realm
        (0, 112, 283, M, 0, 23), // Destination-Realm
        (0, 136, 258, M, 0, 12), // Auth-Application-Id
        (0, 148, 461, M, 0, 22), // Service-Context-Id
        (0, 172, 416, M, 0, 12), // CC-Request-Type
        (0, 184, 415, M, 0, 12), // CC-Request-Number
        (0, 196, 443, M, 0, 44), // Subscription-Id
        (1, 204, 450, M, 0, 12), //   Subscription-Id-Type
        (1, 216, 444, M, 0, 23), //   Subscription-Id-Data
        (0, 240, 55, M, 0, 12),  // Event-Timestamp
        (0, 252, 456, M, 0, 96), // Multiple-Services-Credit-Control
        (1, 260, 432, M, 0, 12), //   Rating-Group
        (1, 272, 439, M, 0, 12), //   Service-Identifier
        (1, 284, 437, M, 0, 8),  //   Requested-Service-Unit
        (1, 292, 446, M, 0, 56), //   Used-Service-Unit
        (2, 300, 421, M, 0, 16), //     CC-Total-Octets
        (2, 316, 412, M, 0, 16), //     CC-Input-Octets
        (2, 332, 414, M, 0, 16), //     CC-Output-Octets
    ];
    assert_eq!(rows(&msg), expected);

    assert_eq!(top(&msg, 263, 0).utf8(), Ok("gy.test.example.com;1;1"));
    assert_eq!(
        top(&msg, 264, 0).identity(),
        Ok("gy-client.test.example.com")
    );
    assert_eq!(top(&msg, 296, 0).identity(), Ok("test.example.com"));
    assert_eq!(top(&msg, 283, 0).identity(), Ok("ocs.example.com"));
    assert_eq!(top(&msg, 258, 0).u32(), Ok(4));
    assert_eq!(top(&msg, 461, 0).utf8(), Ok("32251@3gpp.org"));
    assert_eq!(top(&msg, 416, 0).enumerated(), Ok(2)); // UPDATE_REQUEST
    assert_eq!(top(&msg, 415, 0).u32(), Ok(1));
    let sub = top(&msg, 443, 0);
    assert_eq!(child(&sub, 450, 0).enumerated(), Ok(1)); // END_USER_IMSI
    assert_eq!(child(&sub, 444, 0).utf8(), Ok("262011234567890"));
    let ts = top(&msg, 55, 0).time().unwrap();
    assert_eq!(ts, Time(0xebe6_1680));
    assert_eq!(ts.unix_seconds(), 1_748_736_000); // 2025-06-01 00:00:00 UTC
    let mscc = top(&msg, 456, 0);
    assert_eq!(child(&mscc, 432, 0).u32(), Ok(10));
    assert_eq!(child(&mscc, 439, 0).u32(), Ok(100));
    let rsu = child(&mscc, 437, 0);
    assert!(rsu.is_empty());
    assert_eq!(rsu.grouped().count(), 0);
    let usu = child(&mscc, 446, 0);
    assert_eq!(child(&usu, 421, 0).u64(), Ok(5_000_000));
    assert_eq!(child(&usu, 412, 0).u64(), Ok(2_000_000));
    assert_eq!(child(&usu, 414, 0).u64(), Ok(3_000_000));

    // Not there: Destination-Host, a child at the top level, a 3GPP
    // vendor for an IETF code, a grandchild looked up in the MSCC.
    assert_eq!(msg.lookup(293, 0), None);
    assert_eq!(msg.lookup(432, 0), None);
    assert_eq!(msg.lookup(263, 10415), None);
    assert_eq!(mscc.lookup(421, 0), None);
    assert_eq!(usu.lookup(420, 0), None); // CC-Time
}

#[test]
fn capabilities_exchange_request_and_answer() {
    let cer = parse(APP1_CER);
    assert_eq!(header(&cer), (0x80, 257, 0, 0xd1de_89f3, 0x4c9f_703b, 176));
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 264, M, 0, 29),  // Origin-Host
        (0, 52, 296, M, 0, 25),  // Origin-Realm
        (0, 80, 257, M, 0, 14),  // Host-IP-Address
        (0, 96, 266, M, 0, 12),  // Vendor-Id
        (0, 108, 269, 0, 0, 23), // Product-Name
        (0, 132, 267, 0, 0, 12), // Firmware-Revision
        (0, 144, 260, M, 0, 32), // Vendor-Specific-Application-Id
        (1, 152, 266, M, 0, 12), //   Vendor-Id
        (1, 164, 258, M, 0, 12), //   Auth-Application-Id
    ];
    assert_eq!(rows(&cer), expected);
    assert_eq!(top(&cer, 264, 0).identity(), Ok("mme.epc.mynetwork.com"));
    assert_eq!(top(&cer, 296, 0).identity(), Ok("epc.mynetwork.com"));
    let host_ip = top(&cer, 257, 0);
    assert_eq!(host_ip.address(), Ok(Address::V4(Ipv4Addr::LOCALHOST)));
    assert_eq!(host_ip.data(), [0, 1, 127, 0, 0, 1]);
    assert_eq!(top(&cer, 266, 0).u32(), Ok(0));
    assert_eq!(top(&cer, 269, 0).utf8(), Ok("Python bromelia"));
    assert_eq!(top(&cer, 267, 0).u32(), Ok(1));
    let vsai = top(&cer, 260, 0);
    assert_eq!(child(&vsai, 266, 0).u32(), Ok(10415));
    assert_eq!(child(&vsai, 258, 0).u32(), Ok(16_777_251));
    // Auth-Application-Id is only inside the group; no Supported-Vendor-Id,
    // Origin-State-Id or Inband-Security-Id.
    for code in [258, 265, 278, 299] {
        assert_eq!(cer.lookup(code, 0), None, "{code}");
    }
    assert_eq!(vsai.lookup(259, 0), None); // Acct-Application-Id

    let cea = parse(APP1_CEA);
    assert_eq!(header(&cea), (0x00, 257, 0, 0xd1de_89f3, 0x4c9f_703b, 188));
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 268, M, 0, 12),  // Result-Code
        (0, 32, 264, M, 0, 29),  // Origin-Host
        (0, 64, 296, M, 0, 25),  // Origin-Realm
        (0, 92, 257, M, 0, 14),  // Host-IP-Address
        (0, 108, 266, M, 0, 12), // Vendor-Id
        (0, 120, 269, 0, 0, 23), // Product-Name
        (0, 144, 258, M, 0, 12), // Auth-Application-Id
        (0, 156, 260, M, 0, 32), // Vendor-Specific-Application-Id
        (1, 164, 266, M, 0, 12), //   Vendor-Id
        (1, 176, 258, M, 0, 12), //   Auth-Application-Id
    ];
    assert_eq!(rows(&cea), expected);
    assert_eq!(top(&cea, 268, 0).u32(), Ok(2001));
    assert_eq!(top(&cea, 264, 0).identity(), Ok("hss.epc.mynetwork.com"));
    assert_eq!(top(&cea, 258, 0).u32(), Ok(0));
    assert_eq!(
        top(&cea, 257, 0).address(),
        Ok(Address::V4(Ipv4Addr::LOCALHOST))
    );
    assert_eq!(cea.lookup(267, 0), None); // no Firmware-Revision
    assert_eq!(cea.lookup(281, 0), None); // no Error-Message
}

#[test]
fn both_captures_exchange_the_same_capabilities() {
    // Only the identifiers differ between the two runs.
    for (a, b) in [(APP1_CER, APP2_CER), (APP1_CEA, APP2_CEA)] {
        let (a, b) = (parse(a), parse(b));
        assert_eq!(a.as_bytes()[20..], b.as_bytes()[20..]);
        assert_eq!(a.as_bytes()[..12], b.as_bytes()[..12]);
        assert_ne!(a.hop_by_hop(), b.hop_by_hop());
    }
    assert_eq!(parse(APP2_CER).hop_by_hop(), 0x15b8_cd5c);
    assert_eq!(parse(APP2_CEA).end_to_end(), 0xa21f_fc9e);
}

#[test]
fn update_location_request_and_answer() {
    let ulr = parse(APP1_ULR);
    assert_eq!(
        header(&ulr),
        (0xc0, 316, 16_777_251, 0x3508_0fad, 0xac2a_bab3, 228)
    );
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 263, M, 0, 51),            // Session-Id
        (0, 72, 277, M, 0, 12),            // Auth-Session-State
        (0, 84, 264, M, 0, 29),            // Origin-Host
        (0, 116, 296, M, 0, 25),           // Origin-Realm
        (0, 144, 283, M, 0, 25),           // Destination-Realm
        (0, 172, 1, M, 0, 23),             // User-Name
        (0, 196, 1032, VM, 10415, 16),     // RAT-Type
        (0, 212, 1405, VM, 10415, 16),     // ULR-Flags
    ];
    assert_eq!(rows(&ulr), expected);
    let session = "mme.epc.mynetwork.com;3826649267;0;bromelia";
    assert_eq!(top(&ulr, 263, 0).utf8(), Ok(session));
    assert_eq!(top(&ulr, 277, 0).enumerated(), Ok(1)); // NO_STATE_MAINTAINED
    assert_eq!(top(&ulr, 283, 0).identity(), Ok("epc.mynetwork.com"));
    assert_eq!(top(&ulr, 1, 0).utf8(), Ok("123456789123456"));
    let rat = top(&ulr, 1032, 10415);
    assert_eq!((rat.enumerated(), rat.header_len()), (Ok(1004), 12)); // EUTRAN
    assert_eq!(top(&ulr, 1405, 10415).u32(), Ok(3));
    // bromelia leaves out Visited-PLMN-Id, which TS 29.272 §7.2.3 requires.
    assert_eq!(ulr.lookup(1407, 10415), None);
    // A 3GPP code without its vendor is a different AVP.
    assert_eq!(ulr.lookup(1032, 0), None);

    let ula = parse(APP1_ULA);
    assert_eq!(
        header(&ula),
        (0x40, 316, 16_777_251, 0x3508_0fad, 0xac2a_bab3, 260)
    );
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 263, M, 0, 51),            // Session-Id
        (0, 72, 268, M, 0, 12),            // Result-Code
        (0, 84, 264, M, 0, 29),            // Origin-Host
        (0, 116, 296, M, 0, 25),           // Origin-Realm
        (0, 144, 277, M, 0, 12),           // Auth-Session-State
        (0, 156, 260, M, 0, 32),           // Vendor-Specific-Application-Id
        (1, 164, 266, M, 0, 12),           //   Vendor-Id
        (1, 176, 258, M, 0, 12),           //   Auth-Application-Id
        (0, 188, 628, V, 10415, 56),       // Supported-Features
        (1, 200, 266, M, 0, 12),           //   Vendor-Id
        (1, 212, 629, V, 10415, 16),       //   Feature-List-ID
        (1, 228, 630, V, 10415, 16),       //   Feature-List
        (0, 244, 1406, VM, 10415, 16),     // ULA-Flags
    ];
    assert_eq!(rows(&ula), expected);
    assert_eq!(top(&ula, 263, 0).utf8(), Ok(session));
    assert_eq!(top(&ula, 268, 0).u32(), Ok(2001));
    let features = top(&ula, 628, 10415);
    assert!(features.is_vendor_specific() && !features.is_mandatory());
    assert_eq!(child(&features, 266, 0).u32(), Ok(10415));
    assert_eq!(child(&features, 629, 10415).u32(), Ok(1));
    assert_eq!(child(&features, 630, 10415).u32(), Ok(0x1800_0007));
    assert_eq!(top(&ula, 1406, 10415).u32(), Ok(1));
    // No Subscription-Data in bromelia's answer, nor Experimental-Result.
    assert_eq!(ula.lookup(1400, 10415), None);
    assert_eq!(ula.lookup(297, 0), None);
}

#[test]
fn disconnect_peer_request_and_answer() {
    let dpr = parse(APP1_DPR);
    assert_eq!(header(&dpr), (0x80, 282, 0, 0xa26a_5dec, 0x61b9_f0b7, 92));
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 264, M, 0, 29), // Origin-Host
        (0, 52, 296, M, 0, 25), // Origin-Realm
        (0, 80, 273, M, 0, 12), // Disconnect-Cause
    ];
    assert_eq!(rows(&dpr), expected);
    assert_eq!(top(&dpr, 273, 0).enumerated(), Ok(0)); // REBOOTING
    let dpa = parse(APP1_DPA);
    assert_eq!(header(&dpa), (0x00, 282, 0, 0xa26a_5dec, 0x61b9_f0b7, 92));
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 268, M, 0, 12), // Result-Code
        (0, 32, 264, M, 0, 29), // Origin-Host
        (0, 64, 296, M, 0, 25), // Origin-Realm
    ];
    assert_eq!(rows(&dpa), expected);
    assert_eq!(top(&dpa, 268, 0).u32(), Ok(2001));
    assert_eq!(top(&dpa, 264, 0).identity(), Ok("hss.epc.mynetwork.com"));
    assert_eq!(dpa.lookup(273, 0), None);
}

#[test]
fn cancel_location_request_and_answer() {
    let clr = parse(APP2_CLR);
    assert_eq!(
        header(&clr),
        (0xc0, 317, 16_777_251, 0x7137_50d8, 0xb022_b029, 348)
    );
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 263, M, 0, 51),            // Session-Id
        (0, 72, 260, M, 0, 32),            // Vendor-Specific-Application-Id
        (1, 80, 266, M, 0, 12),            //   Vendor-Id
        (1, 92, 258, M, 0, 12),            //   Auth-Application-Id
        (0, 104, 277, M, 0, 12),           // Auth-Session-State
        (0, 116, 264, M, 0, 29),           // Origin-Host
        (0, 148, 296, M, 0, 25),           // Origin-Realm
        (0, 176, 293, M, 0, 29),           // Destination-Host
        (0, 208, 283, M, 0, 25),           // Destination-Realm
        (0, 236, 1, M, 0, 23),             // User-Name
        (0, 260, 628, V, 10415, 56),       // Supported-Features
        (1, 272, 266, M, 0, 12),           //   Vendor-Id
        (1, 284, 629, V, 10415, 16),       //   Feature-List-ID
        (1, 300, 630, V, 10415, 16),       //   Feature-List
        (0, 316, 1420, VM, 10415, 16),     // Cancellation-Type
        (0, 332, 1638, V, 10415, 16),      // CLR-Flags
    ];
    assert_eq!(rows(&clr), expected);
    let session = "hss.epc.mynetwork.com;3826648783;0;bromelia";
    assert_eq!(top(&clr, 263, 0).utf8(), Ok(session));
    assert_eq!(top(&clr, 293, 0).identity(), Ok("mme.epc.mynetwork.com"));
    assert_eq!(top(&clr, 1, 0).utf8(), Ok("123456789012345"));
    let features = top(&clr, 628, 10415);
    assert_eq!(child(&features, 630, 10415).u32(), Ok(0x0800_0000));
    assert_eq!(top(&clr, 1420, 10415).enumerated(), Ok(2)); // SUBSCRIPTION_WITHDRAWAL
    assert_eq!(top(&clr, 1638, 10415).u32(), Ok(2));
    assert_eq!(clr.lookup(268, 0), None);

    let cla = parse(APP2_CLA);
    assert_eq!(
        header(&cla),
        (0x40, 317, 16_777_251, 0x7137_50d8, 0xb022_b029, 188)
    );
    #[rustfmt::skip]
    let expected: &[Row] = &[
        (0, 20, 263, M, 0, 51),  // Session-Id
        (0, 72, 260, M, 0, 32),  // Vendor-Specific-Application-Id
        (1, 80, 266, M, 0, 12),  //   Vendor-Id
        (1, 92, 258, M, 0, 12),  //   Auth-Application-Id
        (0, 104, 268, M, 0, 12), // Result-Code
        (0, 116, 277, M, 0, 12), // Auth-Session-State
        (0, 128, 264, M, 0, 29), // Origin-Host
        (0, 160, 296, M, 0, 25), // Origin-Realm
    ];
    assert_eq!(rows(&cla), expected);
    assert_eq!(top(&cla, 263, 0).utf8(), Ok(session));
    assert_eq!(top(&cla, 268, 0).u32(), Ok(2001));
    assert_eq!(top(&cla, 264, 0).identity(), Ok("mme.epc.mynetwork.com"));
}

#[test]
fn every_avp_the_dictionary_knows_decodes_as_its_type() {
    for (name, bytes) in all_messages() {
        let msg = parse(&bytes);
        // Whatever the dictionary holds, the base AVPs every message has are in it.
        assert!(decode_known(&msg) >= 2, "{name}");
    }
}

#[test]
fn padding_between_avps_is_zero() {
    for (name, bytes) in all_messages() {
        let msg = parse(&bytes);
        msg.avps()
            .walk(&is_grouped, &mut |_, a| {
                let end = a.offset() + a.len();
                let padding = &bytes[end..end.next_multiple_of(4)];
                assert!(padding.iter().all(|&b| b == 0), "{name} at {end}");
                Ok(())
            })
            .unwrap();
    }
}
