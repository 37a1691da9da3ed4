//! Messages no capture has, written byte by byte after the layouts of
//! RFC 6733, RFC 4006 and 3GPP TS 29.272/32.299, as commented hex. Each
//! comment gives the offset of the AVP header in the message, its name,
//! code, vendor, flags and AVP Length, and the value; nesting is shown by
//! the indentation inside the comments. Every message was cross-checked by
//! decoding it with Wireshark's Diameter dissector.

/// Device-Watchdog-Request (RFC 6733 §5.5.1): Origin-Host, Origin-Realm, Origin-State-Id.
pub const DWR: &str = concat!(
    // Header: version 1, Message Length 84
    "01 000054",
    // flags R, Command-Code 280 (Device-Watchdog)
    "80 000118",
    // Application-ID 0, Hop-by-Hop 0x00000a01, End-to-End 0x5a1c0001
    "00000000 00000a01 5a1c0001",
    // @20 Origin-Host (264), flags M, length 27: "mme.epc.example.org"
    "00000108 40 00001b",
    "6d6d652e6570632e6578616d706c652e",
    "6f7267 00",
    // @48 Origin-Realm (296), flags M, length 23: "epc.example.org"
    "00000128 40 000017",
    "6570632e6578616d706c652e6f7267 00",
    // @72 Origin-State-Id (278), flags M, length 12: 1700000000
    "00000116 40 00000c 6553f100",
);

/// Credit-Control-Request INITIAL (RFC 4006 §3.1, TS 32.299 §6.4.2) with two MSCCs, two Subscription-Ids, User-Equipment-Info and Service-Information/PS-Information.
pub const CCR_I: &str = concat!(
    // Header: version 1, Message Length 540
    "01 00021c",
    // flags R|P, Command-Code 272 (Credit-Control)
    "c0 000110",
    // Application-ID 4, Hop-by-Hop 0x22000001, End-to-End 0x7e570001
    "00000004 22000001 7e570001",
    // @20 Session-Id (263), flags M, length 37: "pgw.example.net;1700000000;42"
    "00000107 40 000025",
    "7067772e6578616d706c652e6e65743b",
    "313730303030303030303b3432 000000",
    // @60 Origin-Host (264), flags M, length 23: "pgw.example.net"
    "00000108 40 000017",
    "7067772e6578616d706c652e6e6574 00",
    // @84 Origin-Realm (296), flags M, length 19: "example.net"
    "00000128 40 000013",
    "6578616d706c652e6e6574 00",
    // @104 Destination-Realm (283), flags M, length 23: "ocs.example.net"
    "0000011b 40 000017",
    "6f63732e6578616d706c652e6e6574 00",
    // @128 Auth-Application-Id (258), flags M, length 12: 4 (Diameter Credit Control)
    "00000102 40 00000c 00000004",
    // @140 Service-Context-Id (461), flags M, length 22: "32251@3gpp.org" (PS charging, TS 32.251)
    "000001cd 40 000016",
    "333232353140336770702e6f7267 0000",
    // @164 CC-Request-Type (416), flags M, length 12: INITIAL_REQUEST (1)
    "000001a0 40 00000c 00000001",
    // @176 CC-Request-Number (415), flags M, length 12: 0
    "0000019f 40 00000c 00000000",
    // @188 Event-Timestamp (55), flags M, length 12: NTP 0xe8fe6f80 = 2023-11-14 22:13:20 UTC (Unix 1700000000)
    "00000037 40 00000c e8fe6f80",
    // @200 Subscription-Id (443), flags M, length 40
    "000001bb 40 000028",
    //   @208 Subscription-Id-Type (450), flags M, length 12: END_USER_E164 (0)
    "000001c2 40 00000c 00000000",
    //   @220 Subscription-Id-Data (444), flags M, length 20: "491701234567"
    "000001bc 40 000014",
    "343931373031323334353637",
    // @240 Subscription-Id (443), flags M, length 44
    "000001bb 40 00002c",
    //   @248 Subscription-Id-Type (450), flags M, length 12: END_USER_IMSI (1)
    "000001c2 40 00000c 00000001",
    //   @260 Subscription-Id-Data (444), flags M, length 23: "262011234567890"
    "000001bc 40 000017",
    "323632303131323334353637383930 00",
    // @284 Multiple-Services-Indicator (455), flags M, length 12: MULTIPLE_SERVICES_SUPPORTED (1)
    "000001c7 40 00000c 00000001",
    // @296 Multiple-Services-Credit-Control (456), flags M, length 40
    "000001c8 40 000028",
    //   @304 Requested-Service-Unit (437), flags M, length 8: empty: the server chooses the quota
    "000001b5 40 000008",
    //   @312 Rating-Group (432), flags M, length 12: 10
    "000001b0 40 00000c 0000000a",
    //   @324 Service-Identifier (439), flags M, length 12: 100
    "000001b7 40 00000c 00000064",
    // @336 Multiple-Services-Credit-Control (456), flags M, length 44
    "000001c8 40 00002c",
    //   @344 Requested-Service-Unit (437), flags M, length 24
    "000001b5 40 000018",
    //     @352 CC-Total-Octets (421), flags M, length 16: 5000000
    "000001a5 40 000010 00000000004c4b40",
    //   @368 Rating-Group (432), flags M, length 12: 20
    "000001b0 40 00000c 00000014",
    // @380 User-Equipment-Info (458), flags none, length 36
    "000001ca 00 000024",
    //   @388 User-Equipment-Info-Type (459), flags none, length 12: IMEISV (0)
    "000001cb 00 00000c 00000000",
    //   @400 User-Equipment-Info-Value (460), flags none, length 16: IMEISV as TBCD, 8 bytes
    "000001cc 00 000010 3548710012345601",
    // @416 Service-Information (873, vendor 10415), flags V|M, length 124
    "00000369 c0 00007c 000028af",
    //   @428 PS-Information (874, vendor 10415), flags V|M, length 112
    "0000036a c0 000070 000028af",
    //     @440 3GPP-Charging-Id (2, vendor 10415), flags V|M, length 16: 0x0badcafe
    "00000002 c0 000010 000028af 0badcafe",
    //     @456 PDP-Address (1227, vendor 10415), flags V|M, length 30: IPv6 2001:db8::1
    "000004cb c0 00001e 000028af",
    "000220010db800000000000000000000",
    "0001 0000",
    //     @488 SGSN-Address (1228, vendor 10415), flags V|M, length 18: IPv4 192.0.2.10
    "000004cc c0 000012 000028af 0001c000020a 0000",
    //     @508 Called-Station-Id (30), flags M, length 16: "internet" (the APN)
    "0000001e 40 000010 696e7465726e6574",
    //     @524 3GPP-RAT-Type (21, vendor 10415), flags V|M, length 13: EUTRAN (6): one byte, padded
    "00000015 c0 00000d 000028af 06 000000",
);

/// Authentication-Information-Answer (TS 29.272 §7.2.6) carrying two E-UTRAN-Vectors in Authentication-Info (§7.3.17).
pub const AIA: &str = concat!(
    // Header: version 1, Message Length 440
    "01 0001b8",
    // flags P, Command-Code 318 (Authentication-Information)
    "40 00013e",
    // Application-ID 16777251, Hop-by-Hop 0x35080fae, End-to-End 0xac2abab4
    "01000023 35080fae ac2abab4",
    // @20 Session-Id (263), flags M, length 40: "mme.epc.example.org;3826649267;7"
    "00000107 40 000028",
    "6d6d652e6570632e6578616d706c652e",
    "6f72673b333832363634393236373b37",
    // @60 Auth-Session-State (277), flags M, length 12: NO_STATE_MAINTAINED (1)
    "00000115 40 00000c 00000001",
    // @72 Origin-Host (264), flags M, length 27: "hss.epc.example.org"
    "00000108 40 00001b",
    "6873732e6570632e6578616d706c652e",
    "6f7267 00",
    // @100 Origin-Realm (296), flags M, length 23: "epc.example.org"
    "00000128 40 000017",
    "6570632e6578616d706c652e6f7267 00",
    // @124 Result-Code (268), flags M, length 12: DIAMETER_SUCCESS (2001)
    "0000010c 40 00000c 000007d1",
    // @136 Authentication-Info (1413, vendor 10415), flags V|M, length 304
    "00000585 c0 000130 000028af",
    //   @148 E-UTRAN-Vector (1414, vendor 10415), flags V|M, length 148
    "00000586 c0 000094 000028af",
    //     @160 Item-Number (1419, vendor 10415), flags V|M, length 16: 1
    "0000058b c0 000010 000028af 00000001",
    //     @176 RAND (1447, vendor 10415), flags V|M, length 28: TS 35.208 test set 1 RAND
    "000005a7 c0 00001c 000028af",
    "23553cbe9637a89d218ae64dae47bf35",
    //     @204 XRES (1448, vendor 10415), flags V|M, length 20: test set 1 RES (f2)
    "000005a8 c0 000014 000028af a54211d5e3ba50bf",
    //     @224 AUTN (1449, vendor 10415), flags V|M, length 28: SQN^AK || AMF || MAC-A of test set 1
    "000005a9 c0 00001c 000028af",
    "55f328b43577b9b94a9ffac354dfafb3",
    //     @252 KASME (1450, vendor 10415), flags V|M, length 44: KDF(CK||IK, FC 0x10, SN id 00f110, SQN^AK) (TS 33.401 A.2)
    "000005aa c0 00002c 000028af",
    "48579af8781c742d5120e6ed8ccac131",
    "93f38c53ab7aa69396f49ca6e1b0562d",
    //   @296 E-UTRAN-Vector (1414, vendor 10415), flags V|M, length 144
    "00000586 c0 000090 000028af",
    //     @308 Item-Number (1419, vendor 10415), flags V|M, length 16: 2
    "0000058b c0 000010 000028af 00000002",
    //     @324 RAND (1447, vendor 10415), flags V|M, length 28: illustrative 10..1f
    "000005a7 c0 00001c 000028af",
    "101112131415161718191a1b1c1d1e1f",
    //     @352 XRES (1448, vendor 10415), flags V|M, length 15: illustrative 3 bytes, padded
    "000005a8 c0 00000f 000028af c0ffee 00",
    //     @368 AUTN (1449, vendor 10415), flags V|M, length 28: illustrative 20..2f
    "000005a9 c0 00001c 000028af",
    "202122232425262728292a2b2c2d2e2f",
    //     @396 KASME (1450, vendor 10415), flags V|M, length 44: illustrative 40..5f
    "000005aa c0 00002c 000028af",
    "404142434445464748494a4b4c4d4e4f",
    "505152535455565758595a5b5c5d5e5f",
);

/// Update-Location-Answer (TS 29.272 §7.2.4) with Subscription-Data (§7.3.2): AMBR and one APN-Configuration, nested six deep.
pub const ULA_SUBSCRIPTION_DATA: &str = concat!(
    // Header: version 1, Message Length 536
    "01 000218",
    // flags P, Command-Code 316 (Update-Location)
    "40 00013c",
    // Application-ID 16777251, Hop-by-Hop 0x35080fad, End-to-End 0xac2abab3
    "01000023 35080fad ac2abab3",
    // @20 Session-Id (263), flags M, length 40: "mme.epc.example.org;3826649267;8"
    "00000107 40 000028",
    "6d6d652e6570632e6578616d706c652e",
    "6f72673b333832363634393236373b38",
    // @60 Vendor-Specific-Application-Id (260), flags M, length 32
    "00000104 40 000020",
    //   @68 Vendor-Id (266), flags M, length 12: 10415 (3GPP)
    "0000010a 40 00000c 000028af",
    //   @80 Auth-Application-Id (258), flags M, length 12: 16777251 (S6a/S6d)
    "00000102 40 00000c 01000023",
    // @92 Result-Code (268), flags M, length 12: DIAMETER_SUCCESS (2001)
    "0000010c 40 00000c 000007d1",
    // @104 Auth-Session-State (277), flags M, length 12: NO_STATE_MAINTAINED (1)
    "00000115 40 00000c 00000001",
    // @116 Origin-Host (264), flags M, length 27: "hss.epc.example.org"
    "00000108 40 00001b",
    "6873732e6570632e6578616d706c652e",
    "6f7267 00",
    // @144 Origin-Realm (296), flags M, length 23: "epc.example.org"
    "00000128 40 000017",
    "6570632e6578616d706c652e6f7267 00",
    // @168 ULA-Flags (1406, vendor 10415), flags V|M, length 16: Separation Indication (bit 0)
    "0000057e c0 000010 000028af 00000001",
    // @184 Subscription-Data (1400, vendor 10415), flags V|M, length 352
    "00000578 c0 000160 000028af",
    //   @196 Subscriber-Status (1424, vendor 10415), flags V|M, length 16: SERVICE_GRANTED (0)
    "00000590 c0 000010 000028af 00000000",
    //   @212 MSISDN (701, vendor 10415), flags V|M, length 18: 491701012345 as TBCD
    "000002bd c0 000012 000028af 947110103254 0000",
    //   @232 Network-Access-Mode (1417, vendor 10415), flags V|M, length 16: ONLY_PACKET (2)
    "00000589 c0 000010 000028af 00000002",
    //   @248 Access-Restriction-Data (1426, vendor 10415), flags V|M, length 16: 0x20 (HO-To-Non-3GPP-Access-Not-Allowed)
    "00000592 c0 000010 000028af 00000020",
    //   @264 AMBR (1435, vendor 10415), flags V|M, length 44
    "0000059b c0 00002c 000028af",
    //     @276 Max-Requested-Bandwidth-UL (516, vendor 10415), flags V|M, length 16: 50000000
    "00000204 c0 000010 000028af 02faf080",
    //     @292 Max-Requested-Bandwidth-DL (515, vendor 10415), flags V|M, length 16: 100000000
    "00000203 c0 000010 000028af 05f5e100",
    //   @308 APN-Configuration-Profile (1429, vendor 10415), flags V|M, length 212
    "00000595 c0 0000d4 000028af",
    //     @320 Context-Identifier (1423, vendor 10415), flags V|M, length 16: 1 (default APN)
    "0000058f c0 000010 000028af 00000001",
    //     @336 All-APN-Configurations-Included-Indicator (1428, vendor 10415), flags V|M, length 16: All_APN_CONFIGURATIONS_INCLUDED (0)
    "00000594 c0 000010 000028af 00000000",
    //     @352 APN-Configuration (1430, vendor 10415), flags V|M, length 168
    "00000596 c0 0000a8 000028af",
    //       @364 Context-Identifier (1423, vendor 10415), flags V|M, length 16: 1
    "0000058f c0 000010 000028af 00000001",
    //       @380 Served-Party-IP-Address (848, vendor 10415), flags V|M, length 18: IPv4 10.45.0.2
    "00000350 c0 000012 000028af 00010a2d0002 0000",
    //       @400 PDN-Type (1456, vendor 10415), flags V|M, length 16: IPv4v6 (2)
    "000005b0 c0 000010 000028af 00000002",
    //       @416 Service-Selection (493), flags M, length 16: "internet" (IETF AVP, RFC 5778)
    "000001ed 40 000010 696e7465726e6574",
    //       @432 EPS-Subscribed-QoS-Profile (1431, vendor 10415), flags V|M, length 88
    "00000597 c0 000058 000028af",
    //         @444 QoS-Class-Identifier (1028, vendor 10415), flags V|M, length 16: QCI_9 (9)
    "00000404 c0 000010 000028af 00000009",
    //         @460 Allocation-Retention-Priority (1034, vendor 10415), flags V|M, length 60
    "0000040a c0 00003c 000028af",
    //           @472 Priority-Level (1046, vendor 10415), flags V|M, length 16: 8
    "00000416 c0 000010 000028af 00000008",
    //           @488 Pre-emption-Capability (1047, vendor 10415), flags V|M, length 16: PRE-EMPTION_CAPABILITY_DISABLED (1)
    "00000417 c0 000010 000028af 00000001",
    //           @504 Pre-emption-Vulnerability (1048, vendor 10415), flags V|M, length 16: PRE-EMPTION_VULNERABILITY_ENABLED (0)
    "00000418 c0 000010 000028af 00000000",
    //   @520 Subscribed-Periodic-RAU-TAU-Timer (1619, vendor 10415), flags V|M, length 16: 720 s
    "00000653 c0 000010 000028af 000002d0",
);
