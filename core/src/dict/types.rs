//! The shapes of dictionary entries.

use crate::wire::{avp_flags, AvpHead, DataType};

/// What a definition says of an AVP flag bit (RFC 6733 §4.5 "AVP Flag rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum FlagRule {
    /// The bit MUST be set.
    Must,
    /// The bit MAY be set.
    May,
    /// The bit MUST NOT be set.
    MustNot,
}

/// One named value of an Enumerated AVP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct EnumValue {
    /// The value on the wire.
    pub value: i32,
    /// Its name in the defining specification.
    pub name: &'static str,
}

/// The definition of an AVP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AvpDef {
    /// Name as the defining specification spells it ("Session-Id").
    pub name: &'static str,
    /// AVP Code.
    pub code: u32,
    /// Vendor-ID; 0 for IETF AVPs, which carry no V bit.
    pub vendor_id: u32,
    /// Data format.
    pub data_type: DataType,
    /// Rule for the M bit.
    pub m_bit: FlagRule,
    /// Named values of an Enumerated AVP (empty otherwise).
    pub enums: &'static [EnumValue],
}

impl AvpDef {
    /// The name of Enumerated value `v`, if the definition names it.
    pub fn enum_name(&self, v: i32) -> Option<&'static str> {
        self.enums.iter().find(|e| e.value == v).map(|e| e.name)
    }

    /// The header to write this AVP with: V bit from the vendor, M bit set
    /// when the definition says MUST.
    pub const fn head(&self) -> AvpHead {
        AvpHead {
            code: self.code,
            vendor_id: self.vendor_id,
            flags: if matches!(self.m_bit, FlagRule::Must) {
                avp_flags::MANDATORY
            } else {
                0
            },
        }
    }
}

impl From<&AvpDef> for AvpHead {
    fn from(def: &AvpDef) -> Self {
        def.head()
    }
}

impl From<AvpDef> for AvpHead {
    fn from(def: AvpDef) -> Self {
        def.head()
    }
}

/// The definition of a command (a request and its answer, RFC 6733 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct CommandDef {
    /// Command Code.
    pub code: u32,
    /// Application-ID the command belongs to (0 for base protocol commands).
    pub application_id: u32,
    /// Request name ("Credit-Control-Request").
    pub request_name: &'static str,
    /// Answer name ("Credit-Control-Answer").
    pub answer_name: &'static str,
    /// Request abbreviation ("CCR").
    pub request_abbrev: &'static str,
    /// Answer abbreviation ("CCA").
    pub answer_abbrev: &'static str,
    /// Whether the P bit is set on the command (the `PXY` of its CCF).
    pub proxiable: bool,
}

impl CommandDef {
    /// The request's or the answer's name.
    pub fn name(&self, request: bool) -> &'static str {
        if request {
            self.request_name
        } else {
            self.answer_name
        }
    }
    /// The request's or the answer's abbreviation.
    pub fn abbrev(&self, request: bool) -> &'static str {
        if request {
            self.request_abbrev
        } else {
            self.answer_abbrev
        }
    }
}
