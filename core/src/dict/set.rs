//! A set of dictionaries: what a node knows, and what its validator and
//! decoder look AVPs, commands and grammars up in.

use super::dictionary::Dictionary;
use super::grammar::{key, CommandGrammar, Grammar, GroupGrammar, KeyIndex};
use super::{application, AvpDef};
use crate::wire::DataType;

/// Most AVP definitions a set may hold, all dictionaries together.
pub const MAX_AVPS: usize = AVP_SLOTS / 2;
/// Most Grouped AVP grammars a set may hold, all dictionaries together.
pub const MAX_GROUPS: usize = GROUP_SLOTS / 2;

/// Most closed enumerations a set may hold, all dictionaries together.
pub const MAX_CLOSED_ENUMS: usize = CLOSED_SLOTS / 2;

/// Slots of a set's index of closed enumerations.
const CLOSED_SLOTS: usize = 128;
/// Slots of a set's AVP index (twice [`MAX_AVPS`], so probes stay short).
const AVP_SLOTS: usize = 2048;
/// Slots of a set's group grammar index.
const GROUP_SLOTS: usize = 512;
/// Bits of a set's filter of Grouped AVP codes.
const GROUPED_FILTER_BITS: usize = 2048;

/// The dictionaries a node is configured with, searched in order: the first
/// that defines an AVP, a command or a grammar gives it.
///
/// A set indexes its dictionaries' AVPs, Grouped AVP grammars and closed
/// enumerations by (Vendor-ID, code) in hash tables of references built at
/// compile time, so that a lookup costs one or two probes however many
/// dictionaries it holds. It is some 21 KB (half that on a 32-bit target):
/// declare it in a `static` and hand out references.
#[derive(Clone)]
pub struct Dictionaries<'a> {
    set: &'a [&'a Dictionary],
    avps: AvpTable<AVP_SLOTS>,
    groups: RefTable<GroupGrammar, GROUP_SLOTS>,
    closed: AvpTable<CLOSED_SLOTS>,
    /// Bit `code % GROUPED_FILTER_BITS` set for the code of every Grouped
    /// AVP: a clear bit tells an AVP is not Grouped without a lookup.
    grouped: [u64; GROUPED_FILTER_BITS / 64],
}

impl<'a> Dictionaries<'a> {
    /// The set of `dictionaries`.
    ///
    /// # Panics
    /// When it holds more than [`MAX_AVPS`] AVPs, [`MAX_GROUPS`] group
    /// grammars or [`MAX_CLOSED_ENUMS`] closed enumerations. Used in a
    /// `static`, as intended, these are compile-time errors.
    pub const fn new(dictionaries: &'a [&'a Dictionary]) -> Self {
        let mut avps = AvpTable::new();
        let mut groups = RefTable::new();
        let mut closed = AvpTable::new();
        let mut grouped = [0u64; GROUPED_FILTER_BITS / 64];
        let (mut n_avps, mut n_groups, mut n_closed) = (0, 0, 0);
        let mut rest = dictionaries;
        while let [dictionary, more @ ..] = rest {
            let mut defs = dictionary.avps();
            while let [def, tail @ ..] = defs {
                n_avps += 1;
                assert!(n_avps <= MAX_AVPS, "too many AVPs in one set");
                avps.put_def(def);
                if matches!(def.data_type, DataType::Grouped) {
                    let bit = def.code as usize % GROUPED_FILTER_BITS;
                    if let Some((_, [word, ..])) = grouped.split_at_mut_checked(bit / 64) {
                        *word |= 1 << (bit % 64);
                    }
                }
                defs = tail;
            }
            let mut grammars = dictionary.groups();
            while let [g, tail @ ..] = grammars {
                n_groups += 1;
                assert!(n_groups <= MAX_GROUPS, "too many group grammars in one set");
                groups.put(key(g.avp.code, g.avp.vendor_id), g);
                grammars = tail;
            }
            let mut defs = dictionary.closed_enums();
            while let [def, tail @ ..] = defs {
                n_closed += 1;
                assert!(
                    n_closed <= MAX_CLOSED_ENUMS,
                    "too many closed enumerations in one set"
                );
                closed.put_def(def);
                defs = tail;
            }
            rest = more;
        }
        Self {
            set: dictionaries,
            avps,
            groups,
            closed,
            grouped,
        }
    }

    /// Its dictionaries, in search order.
    pub fn iter(&self) -> impl Iterator<Item = &'a Dictionary> + 'a {
        self.set.iter().copied()
    }

    /// The definition of the AVP with `code` from `vendor_id` (0 for IETF AVPs).
    #[inline]
    pub fn avp(&self, code: u32, vendor_id: u32) -> Option<&'static AvpDef> {
        self.avps.find_def(code, vendor_id)
    }

    /// Whether the AVP with `code` from `vendor_id` is Grouped (RFC 6733
    /// §4.4): what a walk over a message's AVPs asks of each, to know
    /// whether to descend. A bit per code rules out most AVPs without
    /// looking them up.
    #[inline]
    pub fn is_grouped(&self, code: u32, vendor_id: u32) -> bool {
        let bit = code as usize % GROUPED_FILTER_BITS;
        let maybe = self
            .grouped
            .get(bit / 64)
            .is_some_and(|word| word & 1 << (bit % 64) != 0);
        maybe
            && self
                .avp(code, vendor_id)
                .is_some_and(|d| d.data_type == DataType::Grouped)
    }

    /// The grammar of Grouped AVP `def`, if a dictionary has one.
    #[inline]
    pub fn group(&self, def: &AvpDef) -> Option<&'static Grammar> {
        let (code, vendor_id) = (def.code, def.vendor_id);
        self.groups
            .find(key(code, vendor_id), |g| {
                g.avp.code == code && g.avp.vendor_id == vendor_id
            })
            .map(|g| &g.grammar)
    }

    /// The grammar of command `code` in application `application_id`: one
    /// defined for that application, or failing that a base command usable
    /// by any (RAR, STR, ASR, ACR: RFC 6733 §8, §9).
    pub fn command(&self, code: u32, application_id: u32) -> Option<&'static CommandGrammar> {
        self.set
            .iter()
            .find_map(|d| d.command(code, Some(application_id)))
            .or_else(|| self.set.iter().find_map(|d| d.command(code, None)))
    }

    /// Whether a dictionary defines application `id`. The common messages
    /// (application 0) are always supported; Relay never is, being an
    /// advertisement rather than an application (RFC 6733 §2.4).
    pub fn supports(&self, id: u32) -> bool {
        id == application::COMMON
            || (id != application::RELAY && self.set.iter().any(|d| d.defines_application(id)))
    }

    /// The name of application `id`, if a dictionary defines it.
    pub fn application_name(&self, id: u32) -> Option<&'static str> {
        self.set
            .iter()
            .flat_map(|d| d.applications())
            .find(|a| a.id == id)
            .map(|a| a.name)
    }

    /// Whether `def` is an Enumerated AVP with a closed set of values.
    #[inline]
    pub fn is_closed_enum(&self, def: &AvpDef) -> bool {
        self.closed.find_def(def.code, def.vendor_id).is_some()
    }

    /// The smallest valid data length of `def`: what the zero-filled
    /// placeholder of a missing or malformed AVP in Failed-AVP carries (RFC
    /// 6733 §7.5). Its type's minimum, unless a dictionary fixes the size
    /// of the OctetString (TS 29.272's Visited-PLMN-Id, authentication
    /// vectors).
    pub fn min_data_len(&self, def: &AvpDef) -> usize {
        self.set
            .iter()
            .find_map(|d| d.fixed_octets(def))
            .unwrap_or(def.data_type.min_len())
    }

    /// Every AVP definition of every dictionary.
    pub fn avps(&self) -> impl Iterator<Item = &'static AvpDef> + 'a {
        self.iter().flat_map(|d| d.avps())
    }

    /// Every command grammar of every dictionary.
    pub fn commands(&self) -> impl Iterator<Item = &'static CommandGrammar> + 'a {
        self.iter().flat_map(|d| d.commands())
    }

    /// Every Grouped AVP grammar of every dictionary.
    pub fn groups(&self) -> impl Iterator<Item = &'static GroupGrammar> + 'a {
        self.iter().flat_map(|d| d.groups())
    }
}

impl core::fmt::Debug for Dictionaries<'_> {
    /// The names of its dictionaries (the indexes are not worth printing).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list()
            .entries(self.set.iter().map(|d| d.name()))
            .finish()
    }
}

/// An open-addressing hash table of references to `T` (AVP definitions,
/// group grammars) by (Vendor-ID, code), built at compile time: a lookup is
/// a probe or two and one comparison, as fast as a `match` on the code.
#[derive(Clone)]
struct RefTable<T: 'static, const SLOTS: usize> {
    slots: [Option<&'static T>; SLOTS],
}

/// AVP definitions by (Vendor-ID, code).
type AvpTable<const SLOTS: usize> = RefTable<AvpDef, SLOTS>;

impl<T: 'static, const SLOTS: usize> RefTable<T, SLOTS> {
    /// An empty table.
    const fn new() -> Self {
        Self {
            slots: [None; SLOTS],
        }
    }

    /// Records `item` under `key` (unchanged when full). An item put
    /// earlier under the same key comes first on its probe sequence, so
    /// the first dictionary to define an AVP gives it.
    const fn put(&mut self, key: u64, item: &'static T) {
        let mut slot = KeyIndex::<SLOTS>::home(key);
        let mut probes = 0;
        while probes < SLOTS {
            if let Some((_, [entry @ None, ..])) = self.slots.split_at_mut_checked(slot) {
                *entry = Some(item);
                return;
            }
            slot = (slot + 1) % SLOTS;
            probes += 1;
        }
    }

    /// The first item on `key`'s probe sequence that `is_it` accepts.
    #[inline]
    fn find(&self, key: u64, is_it: impl Fn(&T) -> bool) -> Option<&'static T> {
        let mut slot = KeyIndex::<SLOTS>::home(key);
        for _ in 0..SLOTS {
            let item = (*self.slots.get(slot)?)?;
            if is_it(item) {
                return Some(item);
            }
            slot = (slot + 1) % SLOTS;
        }
        None
    }
}

impl<const SLOTS: usize> AvpTable<SLOTS> {
    /// Records `def`.
    const fn put_def(&mut self, def: &'static AvpDef) {
        self.put(key(def.code, def.vendor_id), def);
    }

    /// The definition of AVP `code` from `vendor_id`.
    #[inline]
    fn find_def(&self, code: u32, vendor_id: u32) -> Option<&'static AvpDef> {
        self.find(key(code, vendor_id), |d| {
            d.code == code && d.vendor_id == vendor_id
        })
    }
}
