//! The grammars of every command and Grouped AVP in the dictionary.

mod base;
mod cc;
mod doic;
mod s6a;

use super::grammar::{key, CommandGrammar, Grammar, GroupGrammar, KeyIndex, MAX_RULES};
use crate::dict::{base as b, AvpDef};

pub use base::ERROR_ANSWER;

/// Every command grammar, by dictionary.
const COMMANDS: &[&[CommandGrammar]] = &[base::COMMANDS, cc::COMMANDS, s6a::COMMANDS];

/// Every Grouped AVP grammar, by dictionary.
const GROUPS: &[&[GroupGrammar]] = &[base::GROUPS, cc::GROUPS, doic::GROUPS, s6a::GROUPS];

/// Enumerated AVPs whose specifications list every legal value, so that
/// any other value is answered 5004 DIAMETER_INVALID_AVP_VALUE: the base
/// protocol's, and those [`cc::CLOSED_ENUMS`] and [`s6a::CLOSED_ENUMS`]
/// argue for.
const CLOSED_ENUMS: &[&[&AvpDef]] = &[
    &[
        &b::DISCONNECT_CAUSE,
        &b::AUTH_REQUEST_TYPE,
        &b::AUTH_SESSION_STATE,
        &b::RE_AUTH_REQUEST_TYPE,
        &b::ACCOUNTING_RECORD_TYPE,
    ],
    cc::CLOSED_ENUMS,
    s6a::CLOSED_ENUMS,
];

/// Every grammar has at most [`MAX_RULES`] rules (the walk counts
/// occurrences in an array of that size), and the Grouped AVP grammars fit
/// their index: checked when compiling.
const _: () = {
    let mut commands = COMMANDS;
    while let [table, rest @ ..] = commands {
        let mut table = *table;
        while let [c, more @ ..] = table {
            assert!(c.request.rules.len() <= MAX_RULES && c.answer.rules.len() <= MAX_RULES);
            table = more;
        }
        commands = rest;
    }
    let mut groups = GROUPS;
    let mut count = 0;
    while let [table, rest @ ..] = groups {
        let mut table = *table;
        while let [g, more @ ..] = table {
            assert!(g.grammar.rules.len() <= MAX_RULES);
            count += 1;
            table = more;
        }
        groups = rest;
    }
    assert!(2 * count <= GROUP_SLOTS);
};

/// Slots of the index of Grouped AVP grammars: at least twice their number.
const GROUP_SLOTS: usize = 256;

/// Where each Grouped AVP grammar is, by its AVP's key, as its table in
/// [`GROUPS`] (high byte) and its position there (low byte).
static GROUP_INDEX: KeyIndex<GROUP_SLOTS> = {
    let mut index = KeyIndex::new();
    let (mut groups, mut t) = (GROUPS, 0);
    while let [table, rest @ ..] = groups {
        let (mut table, mut i) = (*table, 0);
        while let [g, more @ ..] = table {
            index = index.insert(key(g.avp.code, g.avp.vendor_id), t << 8 | i);
            (table, i) = (more, i + 1);
        }
        (groups, t) = (rest, t + 1);
    }
    index
};

/// The grammar of command `code` in application `application_id`: one
/// defined for that application, or a base command usable by any.
pub fn command(code: u32, application_id: u32) -> Option<&'static CommandGrammar> {
    let mut any_app = None;
    for c in all_commands().filter(|c| c.code == code) {
        match c.application_id {
            Some(app) if app == application_id => return Some(c),
            None => any_app = Some(c),
            Some(_) => {}
        }
    }
    any_app
}

/// The grammar of Grouped AVP `def`, if the dictionary has one.
pub fn group(def: &AvpDef) -> Option<&'static Grammar> {
    let k = key(def.code, def.vendor_id);
    let at = |v: u16| {
        GROUPS
            .get(usize::from(v >> 8))
            .and_then(|table| table.get(usize::from(v & 0xff)))
    };
    let found = GROUP_INDEX.find(k, |v| {
        at(v).is_some_and(|g| key(g.avp.code, g.avp.vendor_id) == k)
    });
    found.and_then(at).map(|g| &g.grammar)
}

/// Every command grammar.
pub fn all_commands() -> impl Iterator<Item = &'static CommandGrammar> {
    COMMANDS.iter().flat_map(|g| g.iter())
}

/// Every Grouped AVP grammar.
pub fn all_groups() -> impl Iterator<Item = &'static GroupGrammar> {
    GROUPS.iter().flat_map(|g| g.iter())
}

/// Whether `def` is an Enumerated AVP with a closed set of values.
pub fn is_closed_enum(def: &AvpDef) -> bool {
    CLOSED_ENUMS
        .iter()
        .flat_map(|l| l.iter())
        .any(|d| d.code == def.code && d.vendor_id == def.vendor_id)
}

/// The smallest valid data length of `def`: what the zero-filled
/// placeholder of a missing or malformed AVP in Failed-AVP carries (RFC 6733
/// §7.5). Its type's minimum, unless the specification fixes the size of
/// the OctetString (TS 29.272's Visited-PLMN-Id and authentication vectors).
pub fn min_data_len(def: &AvpDef) -> usize {
    s6a::FIXED_OCTETS
        .iter()
        .find(|(d, _)| d.code == def.code && d.vendor_id == def.vendor_id)
        .map_or(def.data_type.min_len(), |&(_, len)| len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::{self, command as cmd};
    use crate::wire::DataType;
    use std::collections::HashSet;

    fn every_grammar() -> impl Iterator<Item = (&'static str, &'static Grammar)> {
        all_commands()
            .flat_map(|c| {
                let name = dict::command::find(c.code, c.application_id.unwrap_or(0))
                    .map_or("?", |d| d.request_name);
                [(name, &c.request), (name, &c.answer)]
            })
            .chain(all_groups().map(|g| (g.avp.name, &g.grammar)))
            .chain([("answer-message", &ERROR_ANSWER)])
    }

    #[test]
    fn grammars_fit_the_walk_and_name_each_avp_once() {
        for (name, g) in every_grammar() {
            assert!(
                g.rules.len() <= MAX_RULES,
                "{name}: {} rules",
                g.rules.len()
            );
            let fixed = g.rules.iter().take_while(|r| r.fixed).count();
            assert!(
                g.rules.iter().skip(fixed).all(|r| !r.fixed),
                "{name}: fixed rules come first"
            );
            let mut seen = HashSet::new();
            for r in g.rules {
                assert!(
                    seen.insert((r.avp.code, r.avp.vendor_id)),
                    "{name}: {} twice",
                    r.avp.name
                );
                assert!(r.min <= r.max, "{name}: {}", r.avp.name);
                assert_eq!(
                    dict::avp(r.avp.code, r.avp.vendor_id),
                    Some(r.avp),
                    "{name}: {} is the dictionary's",
                    r.avp.name
                );
            }
        }
    }

    #[test]
    fn every_rule_is_found_by_its_key() {
        for (name, g) in every_grammar() {
            for (i, r) in g.rules.iter().enumerate() {
                assert_eq!(g.find(r.key), Some(i), "{name}: {}", r.avp.name);
            }
            assert_eq!(g.find(key(65000, 0)), None, "{name}");
            assert_eq!(
                (g.fixed, g.required),
                (
                    g.rules.iter().take_while(|r| r.fixed).count(),
                    g.rules.iter().filter(|r| r.min > 0).count(),
                )
            );
        }
    }

    #[test]
    fn groups_are_grouped_avps_registered_once() {
        let mut seen = HashSet::new();
        for g in all_groups() {
            assert_eq!(g.avp.data_type, DataType::Grouped, "{}", g.avp.name);
            assert!(seen.insert((g.avp.code, g.avp.vendor_id)), "{}", g.avp.name);
            assert_eq!(group(g.avp), Some(&g.grammar));
        }
        assert_eq!(group(&dict::s6a::UTRAN_VECTOR), None, "no grammar");
        assert_eq!(group(&b::SESSION_ID), None, "not grouped");
    }

    #[test]
    fn commands_match_the_dictionary() {
        for c in all_commands() {
            let app = c.application_id.unwrap_or(0);
            let def = cmd::find(c.code, app).unwrap();
            assert_eq!(
                (def.code, def.proxiable),
                (c.code, c.proxiable),
                "{}",
                def.request_name
            );
            if let Some(app) = c.application_id {
                assert_eq!(def.application_id, app, "{}", def.request_name);
            }
            assert_eq!(command(c.code, app), Some(c));
        }
        // Every S6a command and credit control have a grammar.
        for code in 316..=323 {
            assert!(command(code, dict::application::S6A).is_some(), "{code}");
        }
        assert!(command(cmd::CREDIT_CONTROL, dict::application::GY).is_some());
        assert!(command(cmd::CREDIT_CONTROL, dict::application::S6A).is_none());
    }

    #[test]
    fn closed_enums_are_enumerated() {
        for def in CLOSED_ENUMS.iter().flat_map(|l| l.iter()) {
            assert_eq!(def.data_type, DataType::Enumerated, "{}", def.name);
            assert!(is_closed_enum(def));
        }
        assert!(!is_closed_enum(&dict::s6a::RAT_TYPE));
        assert!(!is_closed_enum(&dict::cc::FINAL_UNIT_ACTION));
    }

    #[test]
    fn placeholders_have_the_specified_size() {
        assert_eq!(min_data_len(&dict::s6a::VISITED_PLMN_ID), 3);
        assert_eq!(min_data_len(&dict::s6a::KASME), 32);
        assert_eq!(min_data_len(&dict::s6a::MSISDN), 0);
        assert_eq!(min_data_len(&b::ORIGIN_STATE_ID), 4);
        assert_eq!(min_data_len(&b::HOST_IP_ADDRESS), 6);
    }
}
