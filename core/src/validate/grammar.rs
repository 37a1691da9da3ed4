//! Command Code Formats as data (RFC 6733 §3.2): which AVPs a command or
//! Grouped AVP holds, where, and how often.

use crate::dict::AvpDef;

/// "No upper bound" for [`Rule::max`].
pub const UNBOUNDED: u16 = u16::MAX;

/// One line of a CCF: an AVP and how often it may occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The AVP the rule is about.
    pub avp: &'static AvpDef,
    /// Fewest occurrences (`{ }` and `1*` give 1).
    pub min: u16,
    /// Most occurrences ([`UNBOUNDED`] for `*`; 0 for an AVP that must not appear).
    pub max: u16,
    /// A fixed-position `< >` AVP: it must stand at its index among the
    /// leading AVPs.
    pub fixed: bool,
}

impl Rule {
    /// `< AVP >`: exactly once, in its fixed position at the head.
    pub const fn fixed(avp: &'static AvpDef) -> Self {
        Self {
            avp,
            min: 1,
            max: 1,
            fixed: true,
        }
    }
    /// `{ AVP }`: exactly once.
    pub const fn required(avp: &'static AvpDef) -> Self {
        Self::bounded(avp, 1, 1)
    }
    /// `[ AVP ]`: at most once.
    pub const fn optional(avp: &'static AvpDef) -> Self {
        Self::bounded(avp, 0, 1)
    }
    /// `* [ AVP ]`: any number of times.
    pub const fn any(avp: &'static AvpDef) -> Self {
        Self::bounded(avp, 0, UNBOUNDED)
    }
    /// `1* { AVP }`: at least once.
    pub const fn at_least_once(avp: &'static AvpDef) -> Self {
        Self::bounded(avp, 1, UNBOUNDED)
    }
    /// `0*0 AVP` (an AVP that MUST NOT appear, RFC 6733 §3.2).
    pub const fn forbidden(avp: &'static AvpDef) -> Self {
        Self::bounded(avp, 0, 0)
    }
    /// `min*max AVP`.
    pub const fn bounded(avp: &'static AvpDef, min: u16, max: u16) -> Self {
        Self {
            avp,
            min,
            max,
            fixed: false,
        }
    }
}

/// The AVP grammar of a command or a Grouped AVP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grammar {
    /// The rules, fixed-position ones first, in the specification's order.
    pub rules: &'static [Rule],
    /// Whether `* [ AVP ]` closes the grammar: AVPs it does not name are
    /// then allowed (unless unknown with the M bit, RFC 6733 §4.1).
    pub open: bool,
}

/// Most rules a grammar may have (the validator counts occurrences on the stack).
pub const MAX_RULES: usize = 64;

/// The grammars of one command: its request and its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandGrammar {
    /// Command Code.
    pub code: u32,
    /// Application-ID, or `None` for a base command usable by any application.
    pub application_id: Option<u32>,
    /// Whether the P bit must be set (RFC 6733 §3.2 `PXY`).
    pub proxiable: bool,
    /// The request's CCF.
    pub request: Grammar,
    /// The answer's CCF.
    pub answer: Grammar,
}

/// The grammar of Grouped AVP `def`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupGrammar {
    /// The Grouped AVP.
    pub avp: &'static AvpDef,
    /// Its CCF.
    pub grammar: Grammar,
}
