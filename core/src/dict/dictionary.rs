//! One dictionary as data: the applications, commands with their grammars
//! and AVPs of one specification, declared as `static` tables by whichever
//! crate defines them.
//!
//! ```
//! use diameter_core::dict::{base, Application, Dictionaries, Dictionary, Parts};
//!
//! /// A dictionary adding nothing but an application to the base protocol.
//! static MINE: Dictionary = Dictionary::new(Parts {
//!     name: "mine",
//!     applications: &[Application { id: 16777299, name: "Mine" }],
//!     ..Parts::EMPTY
//! });
//! static SET: Dictionaries<'static> = Dictionaries::new(&[&base::DICTIONARY, &MINE]);
//! assert!(SET.supports(16777299));
//! assert_eq!(SET.avp(263, 0).map(|d| d.name), Some("Session-Id"));
//! ```

use super::grammar::{key, CommandGrammar, Grammar, GroupGrammar, MAX_RULES};
use super::AvpDef;

/// An application a dictionary defines (RFC 6733 §2.4, IANA "Application IDs").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Application {
    /// Application-ID as carried in the header and in Auth-/Acct-Application-Id.
    pub id: u32,
    /// Its name ("3GPP S6a/S6d").
    pub name: &'static str,
}

/// What a dictionary is made of, as written by its author; [`Dictionary::new`]
/// checks it and indexes it.
#[derive(Debug, Clone, Copy)]
pub struct Parts {
    /// A short name for display ("base", "s6a").
    pub name: &'static str,
    /// The applications whose commands it defines.
    pub applications: &'static [Application],
    /// Its AVP definitions, in ascending order of (Vendor-ID, code).
    pub avps: &'static [AvpDef],
    /// Its commands' grammars (RFC 6733 §3.2 CCFs).
    pub commands: &'static [CommandGrammar],
    /// Its Grouped AVPs' grammars (RFC 6733 §4.4).
    pub groups: &'static [GroupGrammar],
    /// Enumerated AVPs whose value sets are closed: any other value is
    /// answered 5004 DIAMETER_INVALID_AVP_VALUE (RFC 6733 §7.1.5).
    pub closed_enums: &'static [&'static AvpDef],
    /// OctetString AVPs of a fixed size and that size: the placeholder of a
    /// missing one in Failed-AVP must be that long (RFC 6733 §7.5).
    pub fixed_octets: &'static [(&'static AvpDef, usize)],
}

impl Parts {
    /// A dictionary of nothing, to complete with `..Parts::EMPTY`.
    pub const EMPTY: Self = Self {
        name: "",
        applications: &[],
        avps: &[],
        commands: &[],
        groups: &[],
        closed_enums: &[],
        fixed_octets: &[],
    };
}

/// A dictionary: [`Parts`] checked. Built in a `static` by
/// [`Dictionary::new`]; a [`super::Dictionaries`] set indexes it.
#[derive(Debug, Clone, Copy)]
pub struct Dictionary {
    parts: Parts,
}

impl Dictionary {
    /// The dictionary of `parts`.
    ///
    /// # Panics
    /// When the AVPs are not in ascending (Vendor-ID, code) order, or when a grammar has
    /// more than [`MAX_RULES`] rules (the validator counts occurrences in
    /// an array of that size). Used in a `static`, as intended, these are
    /// compile-time errors.
    pub const fn new(parts: Parts) -> Self {
        let mut avps = parts.avps;
        let mut last: Option<u64> = None;
        while let [def, rest @ ..] = avps {
            let k = key(def.code, def.vendor_id);
            if let Some(prev) = last {
                assert!(prev < k, "AVPs must be in ascending (vendor, code) order");
            }
            last = Some(k);
            avps = rest;
        }
        let mut commands = parts.commands;
        while let [c, rest @ ..] = commands {
            assert!(c.request.rules.len() <= MAX_RULES && c.answer.rules.len() <= MAX_RULES);
            commands = rest;
        }
        let mut groups = parts.groups;
        while let [g, rest @ ..] = groups {
            assert!(g.grammar.rules.len() <= MAX_RULES);
            groups = rest;
        }
        Self { parts }
    }

    /// Its short name.
    pub const fn name(&self) -> &'static str {
        self.parts.name
    }
    /// The applications whose commands it defines.
    pub const fn applications(&self) -> &'static [Application] {
        self.parts.applications
    }
    /// Its AVP definitions, in ascending (Vendor-ID, code) order.
    pub const fn avps(&self) -> &'static [AvpDef] {
        self.parts.avps
    }
    /// Its command grammars.
    pub const fn commands(&self) -> &'static [CommandGrammar] {
        self.parts.commands
    }
    /// Its Grouped AVP grammars.
    pub const fn groups(&self) -> &'static [GroupGrammar] {
        self.parts.groups
    }
    /// Its Enumerated AVPs with closed value sets.
    pub const fn closed_enums(&self) -> &'static [&'static AvpDef] {
        self.parts.closed_enums
    }

    /// The definition of AVP `code` from `vendor_id`: a binary search of
    /// the sorted table.
    pub fn avp(&self, code: u32, vendor_id: u32) -> Option<&'static AvpDef> {
        let k = key(code, vendor_id);
        let avps = self.parts.avps;
        avps.binary_search_by_key(&k, |d| key(d.code, d.vendor_id))
            .ok()
            .and_then(|i| avps.get(i))
    }

    /// The grammar of Grouped AVP `code` from `vendor_id`, if it has one.
    pub fn group(&self, code: u32, vendor_id: u32) -> Option<&'static Grammar> {
        self.parts
            .groups
            .iter()
            .find(|g| g.avp.code == code && g.avp.vendor_id == vendor_id)
            .map(|g| &g.grammar)
    }

    /// The grammar of command `code` defined for `application_id`
    /// (`Some`), or usable by any application (`None`).
    pub fn command(
        &self,
        code: u32,
        application_id: Option<u32>,
    ) -> Option<&'static CommandGrammar> {
        self.parts
            .commands
            .iter()
            .find(|c| c.code == code && c.application_id == application_id)
    }

    /// Whether it defines application `id`.
    pub fn defines_application(&self, id: u32) -> bool {
        self.parts.applications.iter().any(|a| a.id == id)
    }

    /// Whether `def` is one of its closed enumerations.
    pub fn is_closed_enum(&self, def: &AvpDef) -> bool {
        self.parts
            .closed_enums
            .iter()
            .any(|d| d.code == def.code && d.vendor_id == def.vendor_id)
    }

    /// The fixed size it gives OctetString `def`, if any.
    pub fn fixed_octets(&self, def: &AvpDef) -> Option<usize> {
        self.parts
            .fixed_octets
            .iter()
            .find(|(d, _)| d.code == def.code && d.vendor_id == def.vendor_id)
            .map(|&(_, len)| len)
    }
}
