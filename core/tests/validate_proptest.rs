//! Property tests of the validator: take a valid CCR, ULR, ULA or AIA,
//! apply one mutation at a random place, and the validator must name that
//! mutation: its Result-Code, the culprit AVP and offset, and the groups
//! around it; for requests the error answer must carry the culprit in
//! Failed-AVP at the same depth.

mod common;
mod validate_support;

use common::{encode, handmade, hex, APP1_ULR, CCR_U_1MSCC};
use diameter_core::dict::{self, result_code as rc};
use diameter_core::validate::grammar::Rule;
use diameter_core::validate::{grammars, Culprit, Violation};
use diameter_core::wire::{AvpIter, Message};
use proptest::prelude::*;
use proptest::sample::Index;
use validate_support::*;

/// Valid messages: the CCR-U fixture, the built CCR-I and CCR-U, bromelia's
/// ULR completed with its Visited-PLMN-Id, and the handmade ULA and AIA.
fn valid_messages() -> Vec<Vec<u8>> {
    let mut buf = [0u8; 1024];
    let n = encode::ccr_i(&mut buf).unwrap();
    let ccr_i = buf[..n].to_vec();
    let n = encode::ccr_u_2mscc(&mut buf, 1, 1).unwrap();
    let ccr_u = buf[..n].to_vec();
    let plmn = avp(1407, 10415, 0x40, &[0x00, 0xf1, 0x10]);
    let ulr = insert_avp(APP1_ULR, &body(APP1_ULR), APP1_ULR.len(), &plmn);
    let n = encode::ula_subscription_data(&mut buf).unwrap();
    let ula = buf[..n].to_vec();
    let all = vec![
        CCR_U_1MSCC.to_vec(),
        ccr_i,
        ccr_u,
        ulr,
        ula,
        hex(handmade::AIA),
    ];
    for m in &all {
        assert_eq!(validate(m), Ok(()));
    }
    all
}

/// The rule of `c`'s grammar for `child`.
fn rule_for(c: &Container, child: &Child) -> Option<&'static Rule> {
    c.grammar
        .rules
        .iter()
        .find(|r| (r.avp.code, r.avp.vendor_id) == (child.code, child.vendor))
}

/// Every (container, AVP) of the message, depth-first.
fn every_avp(all: &[Container]) -> Vec<(&Container, Child)> {
    all.iter()
        .flat_map(|c| c.children.iter().map(move |&ch| (c, ch)))
        .collect()
}

/// Checks that `v` points at `code`/`vendor` at `offset` inside the groups
/// of `c`, and that the error answer to a request says the same.
fn assert_culprit(msg: &[u8], v: &Violation, c: &Container, code: u32, vendor: u32, offset: usize) {
    assert_eq!(v.avp(), Some((code, vendor)), "{v}");
    assert_eq!(v.offset(), offset, "{v}");
    assert_eq!(&v.ancestors[..], &c.ancestors[..], "{v}");
    if !Message::new_checked(msg).unwrap().is_request() {
        return;
    }
    let a = answer(msg, v);
    assert_eq!(a.result_code, v.result_code);
    assert_eq!(a.e_bit, (3000..4000).contains(&v.result_code));
    // Failed-AVP holds one AVP per enclosing group, then the culprit.
    let mut avps = AvpIter::new(&a.failed_avp);
    for &group in &c.ancestors {
        let outer = avps.next().unwrap().unwrap();
        assert_eq!(outer.as_bytes()[..4], msg[group..group + 4]);
        assert!(avps.next().is_none());
        avps = AvpIter::new(outer.data());
    }
    let culprit = avps.next().unwrap().unwrap();
    assert_eq!((culprit.code(), culprit.vendor_id()), (code, vendor));
    assert!(avps.next().is_none());
}

/// Drops an AVP its grammar requires exactly as often as it occurs: 5005.
fn drop_required(msg: &[u8], at: Index) {
    let all = containers(msg);
    let candidates: Vec<_> = every_avp(&all)
        .into_iter()
        .filter(|(c, ch)| {
            rule_for(c, ch).is_some_and(|r| r.min > 0 && c.count(r.avp) == usize::from(r.min))
        })
        .collect();
    let (c, ch) = candidates[at.index(candidates.len())];
    let mutated = drop_avp(msg, c, &ch);
    let v = validate(&mutated).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_MISSING_AVP, "{v}");
    assert!(matches!(v.culprit, Culprit::Missing { .. }));
    assert_culprit(&mutated, &v, c, ch.code, ch.vendor, c.start);
}

/// Repeats an AVP its grammar allows once: 5009 at the copy.
fn duplicate_single(msg: &[u8], at: Index) {
    let all = containers(msg);
    let candidates: Vec<_> = every_avp(&all)
        .into_iter()
        .filter(|(c, ch)| rule_for(c, ch).is_some_and(|r| r.max == 1))
        .collect();
    let (c, ch) = candidates[at.index(candidates.len())];
    let mutated = duplicate_avp(msg, c, &ch);
    let v = validate(&mutated).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_AVP_OCCURS_TOO_MANY_TIMES, "{v}");
    assert_culprit(&mutated, &v, c, ch.code, ch.vendor, ch.end());
}

/// Sets reserved header bit `bit` (0..4): 3008, no culprit.
fn header_bit(msg: &[u8], bit: u8) {
    let mut mutated = msg.to_vec();
    mutated[4] |= 1 << bit;
    let v = validate(&mutated).unwrap_err();
    assert_eq!(
        (v.result_code, v.culprit),
        (rc::DIAMETER_INVALID_HDR_BITS, Culprit::None)
    );
    if Message::new_checked(&mutated).unwrap().is_request() {
        assert!(answer(&mutated, &v).failed_avp.is_empty());
    }
}

/// Sets reserved flag bit `bit` (0..5) of any AVP: 3009 at that AVP.
fn avp_bit(msg: &[u8], at: Index, bit: u8) {
    let all = containers(msg);
    let avps = every_avp(&all);
    let (c, ch) = avps[at.index(avps.len())];
    let mut mutated = msg.to_vec();
    mutated[ch.offset + 4] |= 1 << bit;
    let v = validate(&mutated).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_INVALID_AVP_BITS, "{v}");
    assert_culprit(&mutated, &v, c, ch.code, ch.vendor, ch.offset);
}

/// Inserts an unknown AVP anywhere after the fixed-position ones: allowed
/// without the M bit (RFC 6733 §4.1), 5001 with it.
fn unknown_with_m(msg: &[u8], at: Index, code: u32, vendor: u32, data: &[u8]) {
    assert!(dict::avp(code, vendor).is_none());
    let all = containers(msg);
    let places: Vec<_> = all
        .iter()
        .flat_map(|c| {
            let fixed = c.grammar.rules.iter().take_while(|r| r.fixed).count();
            let first = c
                .children
                .get(..fixed)
                .and_then(|f| f.last())
                .map_or(c.start, Child::end);
            let ends = c.children.iter().map(Child::end);
            std::iter::once(c.start)
                .chain(ends)
                .filter(move |&o| o >= first)
                .map(move |o| (c, o))
        })
        .collect();
    let (c, place) = places[at.index(places.len())];
    let without_m = insert_avp(msg, c, place, &avp(code, vendor, 0, data));
    assert_eq!(validate(&without_m), Ok(()));
    let mut mutated = without_m;
    mutated[place + 4] |= 0x40;
    let v = validate(&mutated).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_AVP_UNSUPPORTED, "{v}");
    assert_culprit(&mutated, &v, c, code, vendor, place);
}

/// Makes an AVP's length run `past` bytes beyond its container: 5014 with
/// its code, vendor, flags and the minimal zero-filled payload.
fn length_past_end(msg: &[u8], at: Index, past: usize) {
    let all = containers(msg);
    let avps = every_avp(&all);
    let (c, ch) = avps[at.index(avps.len())];
    let len = (c.end - ch.offset + 1 + past).min(0x00ff_ffff) as u32;
    let mut mutated = msg.to_vec();
    mutated[ch.offset + 5..ch.offset + 8].copy_from_slice(&len.to_be_bytes()[1..]);
    let v = validate(&mutated).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_INVALID_AVP_LENGTH, "{v}");
    let data_len = dict::avp(ch.code, ch.vendor).map_or(0, grammars::min_data_len);
    assert_eq!(
        v.culprit,
        Culprit::Malformed {
            offset: ch.offset,
            code: ch.code,
            vendor_id: ch.vendor,
            flags: ch.flags,
            data_len,
        }
    );
    assert_culprit(&mutated, &v, c, ch.code, ch.vendor, ch.offset);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_validator_names_each_mutation(
        which in any::<Index>(),
        at in any::<Index>(),
        kind in 0..6u8,
        bit in 0..8u8,
        code in 0x00ff_0000u32..0x00ff_ffff,
        vendor in prop::sample::select(vec![0u32, 10415, 32473]),
        data in prop::collection::vec(any::<u8>(), 0..9),
        past in 0usize..2000,
    ) {
        let messages = valid_messages();
        let msg = &messages[which.index(messages.len())];
        match kind {
            0 => drop_required(msg, at),
            1 => duplicate_single(msg, at),
            2 => header_bit(msg, bit % 4),
            3 => avp_bit(msg, at, bit % 5),
            4 => unknown_with_m(msg, at, code, vendor, &data),
            _ => length_past_end(msg, at, past),
        }
    }
}
