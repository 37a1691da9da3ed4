//! Whole messages encoded with `MessageWriter`. Shared by the integration
//! tests, `tests/tests/zero_alloc.rs` and the codec benchmarks, which
//! include this file by path so that all three encode the same messages.
//! AVP codes are written raw, with their names in comments, so the file
//! does not depend on how far the dictionary has grown.

use core::net::{Ipv4Addr, Ipv6Addr};

use diameter_core::wire::{Address, AvpHead, MessageWriter, Result, Time};

/// An IETF AVP with the M bit.
const fn m(code: u32) -> AvpHead {
    AvpHead::mandatory(code)
}

/// A 3GPP (vendor 10415) AVP with the M bit.
const fn v(code: u32) -> AvpHead {
    AvpHead::vendor(code, 10415, true)
}

/// The Credit-Control-Request INITIAL of `handmade::CCR_I`, byte for byte.
///
/// # Errors
/// As for [`MessageWriter::finish`].
pub fn ccr_i(buf: &mut [u8]) -> Result<usize> {
    let mut w = MessageWriter::request(buf, 272, 4, true, 0x2200_0001, 0x7e57_0001);
    w.utf8(m(263), "pgw.example.net;1700000000;42") // Session-Id
        .identity(m(264), "pgw.example.net") // Origin-Host
        .identity(m(296), "example.net") // Origin-Realm
        .identity(m(283), "ocs.example.net") // Destination-Realm
        .u32(m(258), 4) // Auth-Application-Id
        .utf8(m(461), "32251@3gpp.org") // Service-Context-Id
        .enumerated(m(416), 1) // CC-Request-Type: INITIAL_REQUEST
        .u32(m(415), 0) // CC-Request-Number
        .time(m(55), Time(0xe8fe_6f80)) // Event-Timestamp
        .grouped(m(443), |w| {
            // Subscription-Id
            w.enumerated(m(450), 0) // Subscription-Id-Type: END_USER_E164
                .utf8(m(444), "491701234567"); // Subscription-Id-Data
        })
        .grouped(m(443), |w| {
            w.enumerated(m(450), 1) // END_USER_IMSI
                .utf8(m(444), "262011234567890");
        })
        .enumerated(m(455), 1) // Multiple-Services-Indicator: SUPPORTED
        .grouped(m(456), |w| {
            // Multiple-Services-Credit-Control
            w.grouped(m(437), |_| {}) // Requested-Service-Unit
                .u32(m(432), 10) // Rating-Group
                .u32(m(439), 100); // Service-Identifier
        })
        .grouped(m(456), |w| {
            w.grouped(m(437), |w| {
                w.u64(m(421), 5_000_000); // CC-Total-Octets
            })
            .u32(m(432), 20);
        })
        .grouped(AvpHead::optional(458), |w| {
            // User-Equipment-Info
            w.enumerated(AvpHead::optional(459), 0) // User-Equipment-Info-Type: IMEISV
                .octets(
                    AvpHead::optional(460),
                    &[0x35, 0x48, 0x71, 0, 0x12, 0x34, 0x56, 1],
                );
        })
        .grouped(v(873), |w| {
            // Service-Information
            w.grouped(v(874), |w| {
                // PS-Information
                w.octets(v(2), &[0x0b, 0xad, 0xca, 0xfe]) // 3GPP-Charging-Id
                    .address(
                        v(1227),
                        Address::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)),
                    ) // PDP-Address
                    .address(v(1228), Address::V4(Ipv4Addr::new(192, 0, 2, 10))) // SGSN-Address
                    .utf8(m(30), "internet") // Called-Station-Id
                    .octets(v(21), &[6]); // 3GPP-RAT-Type: EUTRAN
            });
        });
    w.finish()
}

/// The Update-Location-Answer of `handmade::ULA_SUBSCRIPTION_DATA`, byte for byte.
///
/// # Errors
/// As for [`MessageWriter::finish`].
pub fn ula_subscription_data(buf: &mut [u8]) -> Result<usize> {
    let mut w = MessageWriter::new(
        buf,
        diameter_core::wire::Header::new(0x40, 316, 16_777_251, 0x3508_0fad, 0xac2a_bab3),
    );
    w.utf8(m(263), "mme.epc.example.org;3826649267;8") // Session-Id
        .grouped(m(260), |w| {
            // Vendor-Specific-Application-Id
            w.u32(m(266), 10415) // Vendor-Id
                .u32(m(258), 16_777_251); // Auth-Application-Id
        })
        .u32(m(268), 2001) // Result-Code
        .enumerated(m(277), 1) // Auth-Session-State
        .identity(m(264), "hss.epc.example.org") // Origin-Host
        .identity(m(296), "epc.example.org") // Origin-Realm
        .u32(v(1406), 1) // ULA-Flags
        .grouped(v(1400), |w| {
            // Subscription-Data
            w.enumerated(v(1424), 0) // Subscriber-Status: SERVICE_GRANTED
                .octets(v(701), &[0x94, 0x71, 0x10, 0x10, 0x32, 0x54]) // MSISDN
                .enumerated(v(1417), 2) // Network-Access-Mode: ONLY_PACKET
                .u32(v(1426), 0x20) // Access-Restriction-Data
                .grouped(v(1435), |w| {
                    // AMBR
                    w.u32(v(516), 50_000_000) // Max-Requested-Bandwidth-UL
                        .u32(v(515), 100_000_000); // Max-Requested-Bandwidth-DL
                })
                .grouped(v(1429), |w| {
                    // APN-Configuration-Profile
                    w.u32(v(1423), 1) // Context-Identifier
                        .enumerated(v(1428), 0) // All-APN-Configurations-Included-Indicator
                        .grouped(v(1430), apn_configuration);
                })
                .u32(v(1619), 720); // Subscribed-Periodic-RAU-TAU-Timer
        });
    w.finish()
}

/// The APN-Configuration of [`ula_subscription_data`].
fn apn_configuration(w: &mut MessageWriter<'_>) {
    w.u32(v(1423), 1) // Context-Identifier
        .address(v(848), Address::V4(Ipv4Addr::new(10, 45, 0, 2))) // Served-Party-IP-Address
        .enumerated(v(1456), 2) // PDN-Type: IPv4v6
        .utf8(m(493), "internet") // Service-Selection
        .grouped(v(1431), |w| {
            // EPS-Subscribed-QoS-Profile
            w.enumerated(v(1028), 9) // QoS-Class-Identifier: QCI_9
                .grouped(v(1034), |w| {
                    // Allocation-Retention-Priority
                    w.u32(v(1046), 8) // Priority-Level
                        .enumerated(v(1047), 1) // Pre-emption-Capability: DISABLED
                        .enumerated(v(1048), 0); // Pre-emption-Vulnerability: ENABLED
                });
        });
}

/// A Gy Credit-Control-Request UPDATE (RFC 4006 §3.1) reporting and
/// requesting units for two rating groups: 28 AVPs, 460 bytes.
///
/// # Errors
/// As for [`MessageWriter::finish`].
pub fn ccr_u_2mscc(buf: &mut [u8], hop_by_hop: u32, request_number: u32) -> Result<usize> {
    let mut w = MessageWriter::request(buf, 272, 4, true, hop_by_hop, hop_by_hop);
    w.utf8(m(263), "gy-client.test.example.com;1700000000;1") // Session-Id
        .identity(m(264), "gy-client.test.example.com") // Origin-Host
        .identity(m(296), "test.example.com") // Origin-Realm
        .identity(m(283), "ocs.example.com") // Destination-Realm
        .u32(m(258), 4) // Auth-Application-Id
        .utf8(m(461), "32251@3gpp.org") // Service-Context-Id
        .enumerated(m(416), 2) // CC-Request-Type: UPDATE_REQUEST
        .u32(m(415), request_number) // CC-Request-Number
        .time(m(55), Time(0xebe6_1680)) // Event-Timestamp
        .grouped(m(443), |w| {
            // Subscription-Id
            w.enumerated(m(450), 1) // Subscription-Id-Type: END_USER_IMSI
                .utf8(m(444), "262011234567890"); // Subscription-Id-Data
        });
    for (rating_group, used) in [(10u32, 5_000_000u64), (20, 1_250_000)] {
        w.grouped(m(456), |w| {
            // Multiple-Services-Credit-Control
            w.grouped(m(437), |_| {}) // Requested-Service-Unit
                .grouped(m(446), |w| {
                    // Used-Service-Unit
                    w.u64(m(421), used) // CC-Total-Octets
                        .u64(m(412), used * 2 / 5) // CC-Input-Octets
                        .u64(m(414), used * 3 / 5); // CC-Output-Octets
                })
                .u32(m(432), rating_group) // Rating-Group
                .u32(m(439), rating_group * 10); // Service-Identifier
        });
    }
    w.finish()
}
