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
    /// The AVP's [`key`], kept beside the rule for the walk's searches.
    pub(crate) key: u64,
}

/// Vendor-ID and code of an AVP as one number, for quick comparisons.
pub(crate) const fn key(code: u32, vendor_id: u32) -> u64 {
    (vendor_id as u64) << 32 | code as u64
}

impl Rule {
    /// `< AVP >`: exactly once, in its fixed position at the head.
    pub const fn fixed(avp: &'static AvpDef) -> Self {
        Self {
            fixed: true,
            ..Self::required(avp)
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
            key: key(avp.code, avp.vendor_id),
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
    /// How many rules are fixed-position ones (they come first).
    pub(crate) fixed: usize,
    /// How many rules ask for at least one occurrence.
    pub(crate) required: usize,
    /// Where each rule is, by its AVP's key: AVPs find their rule in one
    /// or two probes, in whatever order they come.
    index: KeyIndex<RULE_SLOTS>,
}

/// Slots of a grammar's index: twice [`MAX_RULES`], so probes stay short.
const RULE_SLOTS: usize = 2 * MAX_RULES;

impl Grammar {
    /// A grammar ending in `* [ AVP ]`: AVPs it does not name are allowed.
    pub const fn open(rules: &'static [Rule]) -> Self {
        Self::new(rules, true)
    }
    /// A grammar without `* [ AVP ]`: every AVP it admits is named.
    pub const fn closed(rules: &'static [Rule]) -> Self {
        Self::new(rules, false)
    }
    /// Counts the fixed and required rules and indexes the first
    /// [`MAX_RULES`] (no registered grammar has more, see `grammars`).
    const fn new(rules: &'static [Rule], open: bool) -> Self {
        let (mut fixed, mut required, mut position) = (0, 0, 0);
        let mut index = KeyIndex::new();
        let mut rest = rules;
        while let [rule, tail @ ..] = rest {
            if rule.fixed && fixed == position {
                fixed += 1;
            }
            if rule.min > 0 {
                required += 1;
            }
            if position < MAX_RULES {
                index = index.insert(rule.key, position as u16);
            }
            position += 1;
            rest = tail;
        }
        Self {
            rules,
            open,
            fixed,
            required,
            index,
        }
    }

    /// The position of the rule for the AVP with `key`.
    pub(crate) fn find(&self, key: u64) -> Option<usize> {
        let is_it = |at: u16| {
            self.rules
                .get(usize::from(at))
                .is_some_and(|r| r.key == key)
        };
        self.index.find(key, is_it).map(usize::from)
    }
}

/// An open-addressing hash index from AVP keys to small numbers (rule
/// positions, table coordinates), built at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyIndex<const SLOTS: usize> {
    slots: [u16; SLOTS],
}

impl<const SLOTS: usize> KeyIndex<SLOTS> {
    /// A free slot.
    const EMPTY: u16 = u16::MAX;

    /// An empty index.
    pub(crate) const fn new() -> Self {
        Self {
            slots: [Self::EMPTY; SLOTS],
        }
    }

    /// Where the probes for `key` start.
    pub(crate) const fn home(key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize % SLOTS
    }

    /// The index with `value` recorded for `key` (unchanged when full).
    pub(crate) const fn insert(mut self, key: u64, value: u16) -> Self {
        self.put(key, value);
        self
    }

    /// Records `value` for `key` in place; false when the index is full.
    pub(crate) const fn put(&mut self, key: u64, value: u16) -> bool {
        let mut slot = Self::home(key);
        let mut probes = 0;
        while probes < SLOTS {
            if let Some((_, [free, ..])) = self.slots.split_at_mut_checked(slot) {
                if *free == Self::EMPTY {
                    *free = value;
                    return true;
                }
            }
            slot = (slot + 1) % SLOTS;
            probes += 1;
        }
        false
    }

    /// The first value on `key`'s probe sequence that `is_it` accepts.
    pub(crate) fn find(&self, key: u64, is_it: impl Fn(u16) -> bool) -> Option<u16> {
        let mut slot = Self::home(key);
        for _ in 0..SLOTS {
            let value = *self.slots.get(slot)?;
            if value == Self::EMPTY {
                return None;
            }
            if is_it(value) {
                return Some(value);
            }
            slot = (slot + 1) % SLOTS;
        }
        None
    }
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

impl GroupGrammar {
    /// The grammar of Grouped AVP `avp`.
    pub const fn new(avp: &'static AvpDef, grammar: Grammar) -> Self {
        Self { avp, grammar }
    }
}
