//! Fixtures and helpers shared by the integration tests of `diameter-core`.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub mod encode;
pub mod handmade;

use diameter_core::dict;
use diameter_core::wire::{Avp, DataType, Message};

/// Flags of an AVP with the M bit.
pub const M: u8 = 0x40;
/// Flags of a vendor AVP with the M bit.
pub const VM: u8 = 0xc0;
/// Flags of a vendor AVP without the M bit.
pub const V: u8 = 0x80;

/// A Gy CCR-Update with one MSCC (shared/fixtures/ccr-u-1mscc.bin).
pub const CCR_U_1MSCC: &[u8] = include_bytes!("../fixtures/ccr-u-1mscc.bin");
/// bromelia app1 (MME to HSS): CER.
pub const APP1_CER: &[u8] = include_bytes!("../fixtures/app1-cer.bin");
/// bromelia app1: CEA.
pub const APP1_CEA: &[u8] = include_bytes!("../fixtures/app1-cea.bin");
/// bromelia app1: Update-Location-Request.
pub const APP1_ULR: &[u8] = include_bytes!("../fixtures/app1-ulr.bin");
/// bromelia app1: Update-Location-Answer.
pub const APP1_ULA: &[u8] = include_bytes!("../fixtures/app1-ula.bin");
/// bromelia app1: DPR.
pub const APP1_DPR: &[u8] = include_bytes!("../fixtures/app1-dpr.bin");
/// bromelia app1: DPA.
pub const APP1_DPA: &[u8] = include_bytes!("../fixtures/app1-dpa.bin");
/// bromelia app2 (HSS to MME): CER.
pub const APP2_CER: &[u8] = include_bytes!("../fixtures/app2-cer.bin");
/// bromelia app2: CEA.
pub const APP2_CEA: &[u8] = include_bytes!("../fixtures/app2-cea.bin");
/// bromelia app2: Cancel-Location-Request.
pub const APP2_CLR: &[u8] = include_bytes!("../fixtures/app2-clr.bin");
/// bromelia app2: Cancel-Location-Answer.
pub const APP2_CLA: &[u8] = include_bytes!("../fixtures/app2-cla.bin");

/// Every captured fixture, by file name.
pub const CAPTURED: &[(&str, &[u8])] = &[
    ("ccr-u-1mscc", CCR_U_1MSCC),
    ("app1-cer", APP1_CER),
    ("app1-cea", APP1_CEA),
    ("app1-ulr", APP1_ULR),
    ("app1-ula", APP1_ULA),
    ("app1-dpr", APP1_DPR),
    ("app1-dpa", APP1_DPA),
    ("app2-cer", APP2_CER),
    ("app2-cea", APP2_CEA),
    ("app2-clr", APP2_CLR),
    ("app2-cla", APP2_CLA),
];

/// Every hand-written message, decoded from its hex.
pub fn handmade() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("dwr", hex(handmade::DWR)),
        ("ccr-i", hex(handmade::CCR_I)),
        ("aia", hex(handmade::AIA)),
        (
            "ula-subscription-data",
            hex(handmade::ULA_SUBSCRIPTION_DATA),
        ),
    ]
}

/// Every valid message the tests know: captured, then hand-written.
pub fn all_messages() -> Vec<(&'static str, Vec<u8>)> {
    let mut all: Vec<_> = CAPTURED.iter().map(|&(n, b)| (n, b.to_vec())).collect();
    all.extend(handmade());
    all
}

/// Bytes from hex digits; whitespace is ignored.
pub fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let pairs = digits.chunks_exact(2);
    assert!(pairs.remainder().is_empty(), "odd number of hex digits");
    pairs
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// The Grouped AVPs the fixtures hold, as (code, vendor): what the walk
/// descends into, independent of how far the dictionary has grown.
pub const GROUPED: &[(u32, u32)] = &[
    (260, 0),      // Vendor-Specific-Application-Id (RFC 6733 §6.11)
    (279, 0),      // Failed-AVP (RFC 6733 §7.5)
    (284, 0),      // Proxy-Info (RFC 6733 §6.7.2)
    (297, 0),      // Experimental-Result (RFC 6733 §7.6)
    (413, 0),      // CC-Money (RFC 4006 §8.22)
    (437, 0),      // Requested-Service-Unit (RFC 4006 §8.18)
    (443, 0),      // Subscription-Id (RFC 4006 §8.46)
    (446, 0),      // Used-Service-Unit (RFC 4006 §8.19)
    (456, 0),      // Multiple-Services-Credit-Control (RFC 4006 §8.16)
    (458, 0),      // User-Equipment-Info (RFC 4006 §8.49)
    (628, 10415),  // Supported-Features (TS 29.229 §6.3.29)
    (873, 10415),  // Service-Information (TS 32.299)
    (874, 10415),  // PS-Information (TS 32.299)
    (1034, 10415), // Allocation-Retention-Priority (TS 29.212 §5.3.32)
    (1400, 10415), // Subscription-Data (TS 29.272 §7.3.2)
    (1413, 10415), // Authentication-Info (TS 29.272 §7.3.17)
    (1414, 10415), // E-UTRAN-Vector (TS 29.272 §7.3.18)
    (1429, 10415), // APN-Configuration-Profile (TS 29.272 §7.3.34)
    (1430, 10415), // APN-Configuration (TS 29.272 §7.3.35)
    (1431, 10415), // EPS-Subscribed-QoS-Profile (TS 29.272 §7.3.37)
    (1435, 10415), // AMBR (TS 29.272 §7.3.41)
];

/// Whether (code, vendor) is one of [`GROUPED`].
pub fn is_grouped(code: u32, vendor: u32) -> bool {
    GROUPED.contains(&(code, vendor))
}

/// One AVP as the walk sees it: (depth, offset, code, flags, vendor, AVP Length).
pub type Row = (usize, usize, u32, u8, u32, usize);

/// Every AVP of `msg`, depth-first in wire order; every AVP must be well-formed.
pub fn rows(msg: &Message<'_>) -> Vec<Row> {
    let mut out = Vec::new();
    let count = msg
        .avps()
        .walk(&is_grouped, &mut |depth, a: &Avp<'_>| {
            out.push((
                depth,
                a.offset(),
                a.code(),
                a.flags(),
                a.vendor_id(),
                a.len(),
            ));
            Ok(())
        })
        .unwrap();
    assert_eq!(count, out.len());
    out
}

/// Views `bytes` as a message whose header bits and AVP flag bits are
/// valid and which holds nothing after its last AVP.
pub fn parse(bytes: &[u8]) -> Message<'_> {
    let msg = Message::new_checked(bytes).unwrap();
    assert_eq!(msg.len(), bytes.len());
    msg.check_header_bits().unwrap();
    msg.avps()
        .walk(&is_grouped, &mut |_, a| a.check_reserved_bits())
        .unwrap();
    msg
}

/// Decodes every AVP of `msg` the dictionary knows as its type, checking
/// that the dictionary and [`GROUPED`] agree; returns how many it decoded.
pub fn decode_known(msg: &Message<'_>) -> usize {
    let mut decoded = 0;
    msg.avps()
        .walk(&is_grouped, &mut |_, a| {
            let Some(def) = dict::avp(a.code(), a.vendor_id()) else {
                return Ok(());
            };
            assert_eq!(
                def.data_type == DataType::Grouped,
                is_grouped(a.code(), a.vendor_id()),
                "{} at {}",
                def.name,
                a.offset()
            );
            a.value(def.data_type)?;
            decoded += 1;
            Ok(())
        })
        .unwrap();
    decoded
}

/// The header fields: (flags, command code, Application-ID, Hop-by-Hop, End-to-End, length).
pub fn header(msg: &Message<'_>) -> (u8, u32, u32, u32, u32, usize) {
    assert_eq!(msg.header().version(), 1);
    assert_eq!(msg.header().length() as usize, msg.len());
    (
        msg.flags(),
        msg.command_code(),
        msg.application_id(),
        msg.hop_by_hop(),
        msg.end_to_end(),
        msg.len(),
    )
}

/// The first AVP with `code`/`vendor` inside the Grouped `parent`, which must exist.
pub fn child<'a>(parent: &Avp<'a>, code: u32, vendor: u32) -> Avp<'a> {
    parent
        .lookup(code, vendor)
        .unwrap_or_else(|| panic!("no AVP {code}/{vendor} in {}", parent.code()))
}

/// The first top-level AVP with `code`/`vendor`, which must exist.
pub fn top<'a>(msg: &Message<'a>, code: u32, vendor: u32) -> Avp<'a> {
    msg.lookup(code, vendor)
        .unwrap_or_else(|| panic!("no AVP {code}/{vendor}"))
}
