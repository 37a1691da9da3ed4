//! The grammars of the commands and Grouped AVPs of core's dictionaries
//! (RFC 6733, RFC 4006/8506, RFC 7683, TS 29.272, TS 32.299), and lookups
//! in the [`DEFAULT`] set.

#[macro_use]
mod ccf;

pub(super) mod base;
pub(super) mod cc;
pub(super) mod cx;
pub(super) mod doic;
pub(super) mod gx;
pub(super) mod rf;
pub(super) mod rx;
pub(super) mod s13;
pub(super) mod s6a;
pub(super) mod sh;
pub(super) mod swx;
pub(super) mod sy;

use super::grammar::{CommandGrammar, Grammar, GroupGrammar};
use super::{AvpDef, DEFAULT};

pub use base::ERROR_ANSWER;

/// The grammar of command `code` in application `application_id` in the
/// [`DEFAULT`] dictionaries: one defined for that application, or a base
/// command usable by any.
pub fn command(code: u32, application_id: u32) -> Option<&'static CommandGrammar> {
    DEFAULT.command(code, application_id)
}

/// The grammar of Grouped AVP `def` in the [`DEFAULT`] dictionaries.
pub fn group(def: &AvpDef) -> Option<&'static Grammar> {
    DEFAULT.group(def)
}

/// Every command grammar of the [`DEFAULT`] dictionaries.
pub fn all_commands() -> impl Iterator<Item = &'static CommandGrammar> {
    DEFAULT.commands()
}

/// Every Grouped AVP grammar of the [`DEFAULT`] dictionaries.
pub fn all_groups() -> impl Iterator<Item = &'static GroupGrammar> {
    DEFAULT.groups()
}

/// Whether `def` is an Enumerated AVP with a closed set of values in the
/// [`DEFAULT`] dictionaries.
pub fn is_closed_enum(def: &AvpDef) -> bool {
    DEFAULT.is_closed_enum(def)
}

/// The smallest valid data length of `def` (see [`super::Dictionaries::min_data_len`]).
pub fn min_data_len(def: &AvpDef) -> usize {
    DEFAULT.min_data_len(def)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::base as b;
    use crate::dict::grammar::{key, MAX_RULES};
    use crate::dict::{self, command as cmd};
    use crate::wire::DataType;
    use std::collections::HashSet;

    use crate::dict::ALL;

    fn every_grammar() -> impl Iterator<Item = (&'static str, &'static Grammar)> {
        ALL.commands()
            .flat_map(|c| {
                let name = dict::command::find(c.code, c.application_id.unwrap_or(0))
                    .map_or("?", |d| d.request_name);
                [(name, &c.request), (name, &c.answer)]
            })
            .chain(ALL.groups().map(|g| (g.avp.name, &g.grammar)))
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
                    ALL.avp(r.avp.code, r.avp.vendor_id),
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
        for g in ALL.groups() {
            assert_eq!(g.avp.data_type, DataType::Grouped, "{}", g.avp.name);
            assert!(seen.insert((g.avp.code, g.avp.vendor_id)), "{}", g.avp.name);
            assert_eq!(ALL.group(g.avp), Some(&g.grammar));
        }
        assert_eq!(group(&dict::s6a::UTRAN_VECTOR), None, "no grammar");
        assert_eq!(group(&b::SESSION_ID), None, "not grouped");
    }

    #[test]
    fn commands_match_the_dictionary() {
        for c in ALL.commands() {
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
            assert_eq!(ALL.command(c.code, app), Some(c));
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
        for def in DEFAULT.iter().flat_map(|d| d.closed_enums()) {
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
