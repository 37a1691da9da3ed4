//! Dictionaries as data: a dictionary declared outside core's own tables,
//! the validator over a chosen set (RFC 6733 §7.1.3: 3007 for an
//! application outside it, 3001 for a command), and the lenient mode.

mod common;
mod validate_support;

use common::APP1_ULR;
use diameter_core::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use diameter_core::dict::{
    self, base, cc, doic, gy, result_code as rc, s6a, Application, AvpDef, Dictionaries,
    Dictionary, FlagRule, Parts,
};
use diameter_core::validate::{Culprit, Reason, Strictness, Validator, Violation};
use diameter_core::wire::{DataType, Message, MessageWriter};
use validate_support::*;

/// The vendor of the example dictionary.
const EXAMPLE_VENDOR: u32 = 99_999;
/// Its application.
const EXAMPLE_APP: u32 = 16_777_214;
/// Its command: the first experimental command code (RFC 6733 §11.2.1).
const EXAMPLE_COMMAND: u32 = 16_777_214;

/// A counter the example requests must carry.
const EXAMPLE_COUNTER: AvpDef = AvpDef {
    name: "Example-Counter",
    code: 1,
    vendor_id: EXAMPLE_VENDOR,
    data_type: DataType::Unsigned32,
    m_bit: FlagRule::Must,
    enums: &[],
};
/// A Grouped AVP around a counter.
const EXAMPLE_GROUP: AvpDef = AvpDef {
    name: "Example-Group",
    code: 2,
    vendor_id: EXAMPLE_VENDOR,
    data_type: DataType::Grouped,
    m_bit: FlagRule::Must,
    enums: &[],
};

/// A dictionary as another crate would declare it: one application, one
/// command with its grammars, two AVPs of its own vendor.
static EXAMPLE: Dictionary = Dictionary::new(Parts {
    name: "example",
    applications: &[Application {
        id: EXAMPLE_APP,
        name: "Example",
    }],
    avps: &[EXAMPLE_COUNTER, EXAMPLE_GROUP],
    commands: &[CommandGrammar {
        code: EXAMPLE_COMMAND,
        application_id: Some(EXAMPLE_APP),
        proxiable: true,
        request: Grammar::open(&[
            Rule::fixed(&base::SESSION_ID),
            Rule::required(&base::ORIGIN_HOST),
            Rule::required(&base::ORIGIN_REALM),
            Rule::required(&base::DESTINATION_REALM),
            Rule::required(&EXAMPLE_COUNTER),
            Rule::optional(&EXAMPLE_GROUP),
        ]),
        answer: Grammar::open(&[
            Rule::fixed(&base::SESSION_ID),
            Rule::required(&base::RESULT_CODE),
            Rule::required(&base::ORIGIN_HOST),
            Rule::required(&base::ORIGIN_REALM),
        ]),
    }],
    groups: &[GroupGrammar::new(
        &EXAMPLE_GROUP,
        Grammar::closed(&[Rule::required(&EXAMPLE_COUNTER)]),
    )],
    ..Parts::EMPTY
});

/// The base protocol and the example.
static WITH_EXAMPLE: Dictionaries<'static> = Dictionaries::new(&[&base::DICTIONARY, &EXAMPLE]);
/// Core's dictionaries without S6a.
static WITHOUT_S6A: Dictionaries<'static> = Dictionaries::new(&[
    &base::DICTIONARY,
    &cc::DICTIONARY,
    &doic::DICTIONARY,
    &gy::DICTIONARY,
]);

/// An example request from `command`, its counter written by `counter`.
fn example_request(command: u32, counter: impl FnOnce(&mut MessageWriter<'_>)) -> Vec<u8> {
    let mut buf = [0u8; 512];
    let mut w = MessageWriter::request(&mut buf, command, EXAMPLE_APP, true, 7, 8);
    w.utf8(base::SESSION_ID, "client.example.org;1;1")
        .identity(base::ORIGIN_HOST, "client.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org");
    counter(&mut w);
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

/// Validates `bytes` over `set` with `strictness`.
fn check(set: &Dictionaries<'_>, strictness: Strictness, bytes: &[u8]) -> Result<(), Violation> {
    Validator::new(&[])
        .with_dictionaries(set)
        .with_strictness(strictness)
        .validate(&Message::new_checked(bytes).unwrap())
}

#[test]
fn a_dictionary_from_outside_core_validates_its_command() {
    let good = example_request(EXAMPLE_COMMAND, |w| {
        w.u32(EXAMPLE_COUNTER, 3).grouped(EXAMPLE_GROUP, |w| {
            w.u32(EXAMPLE_COUNTER, 4);
        });
    });
    assert_eq!(check(&WITH_EXAMPLE, Strictness::Strict, &good), Ok(()));
    let set = &WITH_EXAMPLE;
    assert_eq!(set.avp(1, EXAMPLE_VENDOR), Some(&EXAMPLE_COUNTER));
    assert_eq!(set.avp(1, 0).map(|d| d.name), Some("User-Name"));
    assert_eq!(set.application_name(EXAMPLE_APP), Some("Example"));

    // Core's own set does not know the application: 3007 (RFC 6733 §7.1.3).
    let v = validate(&good).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.culprit),
        (
            rc::DIAMETER_APPLICATION_UNSUPPORTED,
            Reason::UnknownApplication,
            Culprit::None
        )
    );
    assert_eq!(answer(&good, &v).result_code, 3007);

    // The application is known, the command is not: 3001.
    let other = example_request(EXAMPLE_COMMAND + 1, |w| {
        w.u32(EXAMPLE_COUNTER, 3);
    });
    let v = check(&WITH_EXAMPLE, Strictness::Strict, &other).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason),
        (rc::DIAMETER_COMMAND_UNSUPPORTED, Reason::UnknownCommand)
    );
}

#[test]
fn the_example_grammars_are_enforced() {
    // Without its counter: 5005, with the counter's header in Failed-AVP.
    let missing = example_request(EXAMPLE_COMMAND, |_| {});
    let v = check(&WITH_EXAMPLE, Strictness::Strict, &missing).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp()),
        (rc::DIAMETER_MISSING_AVP, Some((1, EXAMPLE_VENDOR)))
    );
    assert_eq!(
        answer(&missing, &v).failed_avp,
        avp(1, EXAMPLE_VENDOR, 0xc0, &[0; 4])
    );
    // A counter of three octets: 5014.
    let short = example_request(EXAMPLE_COMMAND, |w| {
        w.octets(EXAMPLE_COUNTER, &[0, 0, 1]);
    });
    let v = check(&WITH_EXAMPLE, Strictness::Strict, &short).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_INVALID_AVP_LENGTH);
    // A closed group with a member it does not name: 5008.
    let stray = example_request(EXAMPLE_COMMAND, |w| {
        w.u32(EXAMPLE_COUNTER, 1).grouped(EXAMPLE_GROUP, |w| {
            w.u32(EXAMPLE_COUNTER, 2).u32(base::ORIGIN_STATE_ID, 9);
        });
    });
    let v = check(&WITH_EXAMPLE, Strictness::Strict, &stray).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp()),
        (rc::DIAMETER_AVP_NOT_ALLOWED, Some((278, 0)))
    );
}

#[test]
fn a_set_without_s6a_answers_a_ulr_3007() {
    let mut fixed = APP1_ULR.to_vec();
    let top = body(&fixed);
    fixed = insert_avp(
        &fixed,
        &top,
        fixed.len(),
        &avp_of(&s6a::VISITED_PLMN_ID, &[0x00, 0xf1, 0x10]),
    );
    assert_eq!(validate(&fixed), Ok(()));
    let v = check(&WITHOUT_S6A, Strictness::Strict, &fixed).unwrap_err();
    assert_eq!(v.result_code, rc::DIAMETER_APPLICATION_UNSUPPORTED);
    // Its AVPs are unknown to that set too.
    assert_eq!(WITHOUT_S6A.avp(1407, 10415), None);
    assert!(dict::DEFAULT.avp(1407, 10415).is_some());
}

#[test]
fn bromelias_ulr_is_5005_strict_and_accepted_lenient() {
    let strict = Validator::new(&[]);
    let lenient = strict.with_strictness(Strictness::Lenient);
    let msg = Message::new_checked(APP1_ULR).unwrap();
    let v = strict.validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp()),
        (rc::DIAMETER_MISSING_AVP, Some((1407, 10415)))
    );
    assert_eq!(lenient.validate(&msg), Ok(()));
    assert_eq!(
        Validator::default().validate(&msg),
        Err(v),
        "strict by default"
    );

    // Lenient still answers an unknown AVP with the M bit 5001.
    let top = body(APP1_ULR);
    let unknown = insert_avp(APP1_ULR, &top, APP1_ULR.len(), &avp(65000, 0, 0x40, &[1]));
    let v = lenient
        .validate(&Message::new_checked(&unknown).unwrap())
        .unwrap_err();
    assert_eq!(
        (v.result_code, v.avp()),
        (rc::DIAMETER_AVP_UNSUPPORTED, Some((65000, 0)))
    );
}

/// A dictionary that defines Session-Id again, under another name.
static SHADOW: Dictionary = Dictionary::new(Parts {
    name: "shadow",
    avps: &[AvpDef {
        name: "Shadow-Session-Id",
        ..base::SESSION_ID
    }],
    ..Parts::EMPTY
});
/// The base protocol first, then the shadow.
static BASE_FIRST: Dictionaries<'static> = Dictionaries::new(&[&base::DICTIONARY, &SHADOW]);
/// The shadow first.
static SHADOW_FIRST: Dictionaries<'static> = Dictionaries::new(&[&SHADOW, &base::DICTIONARY]);

#[test]
fn the_first_dictionary_of_a_set_that_defines_an_avp_gives_it() {
    assert_eq!(BASE_FIRST.avp(263, 0).map(|d| d.name), Some("Session-Id"));
    assert_eq!(
        SHADOW_FIRST.avp(263, 0).map(|d| d.name),
        Some("Shadow-Session-Id")
    );
    // Both sets still find every other base AVP, and nothing else.
    for def in base::AVPS.iter().filter(|d| d.code != 263) {
        assert_eq!(SHADOW_FIRST.avp(def.code, 0), Some(def), "{}", def.name);
    }
    assert_eq!(SHADOW_FIRST.avp(263, 10415), None);
    assert_eq!(
        SHADOW.avp(263, 0).map(|d| d.name),
        Some("Shadow-Session-Id")
    );
}
