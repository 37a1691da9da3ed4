//! The grammars of every command and Grouped AVP in the dictionary.

mod base;

use super::grammar::{CommandGrammar, Grammar, GroupGrammar};
use crate::dict::{base as b, AvpDef};

pub use base::ERROR_ANSWER;

/// Every command grammar, by dictionary.
const COMMANDS: &[&[CommandGrammar]] = &[base::COMMANDS];

/// Every Grouped AVP grammar, by dictionary.
const GROUPS: &[&[GroupGrammar]] = &[base::GROUPS];

/// Enumerated AVPs whose specifications list every legal value, so that
/// any other value is answered 5004 DIAMETER_INVALID_AVP_VALUE.
const CLOSED_ENUMS: &[&AvpDef] = &[
    &b::DISCONNECT_CAUSE,
    &b::AUTH_REQUEST_TYPE,
    &b::AUTH_SESSION_STATE,
    &b::RE_AUTH_REQUEST_TYPE,
    &b::ACCOUNTING_RECORD_TYPE,
];

/// The grammar of command `code` in application `application_id`: one
/// defined for that application, or a base command usable by any.
pub fn command(code: u32, application_id: u32) -> Option<&'static CommandGrammar> {
    let mut any_app = None;
    for c in COMMANDS
        .iter()
        .flat_map(|g| g.iter())
        .filter(|c| c.code == code)
    {
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
    GROUPS
        .iter()
        .flat_map(|g| g.iter())
        .find(|g| g.avp.code == def.code && g.avp.vendor_id == def.vendor_id)
        .map(|g| &g.grammar)
}

/// Whether `def` is an Enumerated AVP with a closed set of values.
pub fn is_closed_enum(def: &AvpDef) -> bool {
    CLOSED_ENUMS
        .iter()
        .any(|d| d.code == def.code && d.vendor_id == def.vendor_id)
}
