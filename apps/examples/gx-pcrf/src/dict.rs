//! The part of Gx (3GPP TS 29.212) this PCRF speaks, as a dictionary of
//! its own built on core's public types: application 16777238, its
//! CCR/CCA (§5.6.2, §5.6.3) and the rule AVPs of §5.3. The base protocol
//! and credit-control AVPs it names are core's.

use diameter_core::dict::base::{
    AUTH_APPLICATION_ID, DESTINATION_HOST, DESTINATION_REALM, EXPERIMENTAL_RESULT, ORIGIN_HOST,
    ORIGIN_REALM, ORIGIN_STATE_ID, RESULT_CODE, SESSION_ID,
};
use diameter_core::dict::cc::{CC_REQUEST_NUMBER, CC_REQUEST_TYPE, RATING_GROUP, SUBSCRIPTION_ID};
use diameter_core::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use diameter_core::dict::{
    application, base, cc, command, Application, AvpDef, Dictionaries, Dictionary, FlagRule, Parts,
    VENDOR_3GPP,
};
use diameter_core::wire::DataType;

/// A 3GPP AVP that must carry the M bit (as TS 29.212 §5.3 marks these).
const fn tgpp(code: u32, name: &'static str, data_type: DataType) -> AvpDef {
    AvpDef {
        name,
        code,
        vendor_id: VENDOR_3GPP,
        data_type,
        m_bit: FlagRule::Must,
        enums: &[],
    }
}

/// §5.3.2: the rules to install.
pub const CHARGING_RULE_INSTALL: AvpDef = tgpp(1001, "Charging-Rule-Install", DataType::Grouped);
/// §5.3.4: one rule.
pub const CHARGING_RULE_DEFINITION: AvpDef =
    tgpp(1003, "Charging-Rule-Definition", DataType::Grouped);
/// §5.3.6: a rule's name.
pub const CHARGING_RULE_NAME: AvpDef = tgpp(1005, "Charging-Rule-Name", DataType::OctetString);
/// §5.3.11: the order in which rules are applied.
pub const PRECEDENCE: AvpDef = tgpp(1010, "Precedence", DataType::Unsigned32);

/// The Gx CCR and CCA; every other AVP is admitted by `*[ AVP ]`.
static COMMANDS: &[CommandGrammar] = &[CommandGrammar {
    code: command::CREDIT_CONTROL,
    application_id: Some(application::GX),
    proxiable: true,
    // TS 29.212 §5.6.2 CC-Request (the members this PCRF reads).
    request: Grammar::open(&[
        Rule::fixed(&SESSION_ID),
        Rule::required(&AUTH_APPLICATION_ID),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::required(&DESTINATION_REALM),
        Rule::required(&CC_REQUEST_TYPE),
        Rule::required(&CC_REQUEST_NUMBER),
        Rule::optional(&DESTINATION_HOST),
        Rule::optional(&ORIGIN_STATE_ID),
        Rule::any(&SUBSCRIPTION_ID),
    ]),
    // TS 29.212 §5.6.3 CC-Answer.
    answer: Grammar::open(&[
        Rule::fixed(&SESSION_ID),
        Rule::required(&AUTH_APPLICATION_ID),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::optional(&RESULT_CODE),
        Rule::optional(&EXPERIMENTAL_RESULT),
        Rule::required(&CC_REQUEST_TYPE),
        Rule::required(&CC_REQUEST_NUMBER),
        Rule::any(&CHARGING_RULE_INSTALL),
    ]),
}];

/// §5.3.2 and §5.3.4, the members this PCRF writes.
static GROUPS: &[GroupGrammar] = &[
    GroupGrammar::new(
        &CHARGING_RULE_INSTALL,
        Grammar::open(&[
            Rule::any(&CHARGING_RULE_DEFINITION),
            Rule::any(&CHARGING_RULE_NAME),
        ]),
    ),
    GroupGrammar::new(
        &CHARGING_RULE_DEFINITION,
        Grammar::open(&[
            Rule::required(&CHARGING_RULE_NAME),
            Rule::optional(&RATING_GROUP),
            Rule::optional(&PRECEDENCE),
        ]),
    ),
];

/// This PCRF's Gx dictionary.
pub static GX: Dictionary = Dictionary::new(Parts {
    name: "gx-pcrf",
    applications: &[Application {
        id: application::GX,
        name: "3GPP Gx",
    }],
    avps: &[
        CHARGING_RULE_INSTALL,
        CHARGING_RULE_DEFINITION,
        CHARGING_RULE_NAME,
        PRECEDENCE,
    ],
    commands: COMMANDS,
    groups: GROUPS,
    ..Parts::EMPTY
});

/// What a node of this PCRF (or its gateway) knows: the base protocol,
/// credit control's AVPs and this Gx.
pub static SET: Dictionaries<'static> =
    Dictionaries::new(&[&base::DICTIONARY, &cc::DICTIONARY, &GX]);
