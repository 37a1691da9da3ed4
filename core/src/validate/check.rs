//! The walk that checks a message against its command's grammar.

use heapless::Vec;

use super::violation::{Culprit, Reason, Violation, MAX_DEPTH};
use crate::dict::grammar::{self, Grammar, MAX_RULES};
use crate::dict::{application, grammars, result_code as rc, AvpDef, Dictionaries};
use crate::wire::{Avp, AvpIter, DataType, Error, Message};

/// How strictly a [`Validator`] holds messages to their grammars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Strictness {
    /// Every rule of RFC 6733 §3.2 and §7.1: a missing required AVP is
    /// answered 5005 DIAMETER_MISSING_AVP.
    #[default]
    Strict,
    /// For peers that leave out AVPs their specification requires (as
    /// Erlang diameter's `strict_mbit` relaxes another rule): required
    /// AVPs may be missing, and the handler sees the message. Everything
    /// else (header bits, fixed positions, occurrences, values, unknown
    /// M-bit AVPs) is still checked.
    Lenient,
}

/// Checks messages against the command grammars of a set of dictionaries
/// (RFC 6733 §3.2, §7.1) and reports the first violation.
#[derive(Debug, Clone, Copy)]
pub struct Validator<'a> {
    applications: &'a [u32],
    dictionaries: &'a Dictionaries<'a>,
    strictness: Strictness,
}

impl Default for Validator<'_> {
    fn default() -> Self {
        Self::new(&[])
    }
}

impl<'a> Validator<'a> {
    /// A strict validator over the [`crate::dict::DEFAULT`] dictionaries
    /// for a node that supports `applications` (besides the common messages
    /// of application 0). An empty list accepts every application the
    /// dictionaries define.
    pub const fn new(applications: &'a [u32]) -> Self {
        Self {
            applications,
            dictionaries: &crate::dict::DEFAULT,
            strictness: Strictness::Strict,
        }
    }

    /// The same validator over `dictionaries`: an application none of them
    /// defines is answered 3007, a command none of them defines for the
    /// message's application 3001 (RFC 6733 §7.1.3).
    #[must_use]
    pub const fn with_dictionaries(self, dictionaries: &'a Dictionaries<'a>) -> Self {
        Self {
            dictionaries,
            ..self
        }
    }

    /// The same validator with `strictness`.
    #[must_use]
    pub const fn with_strictness(self, strictness: Strictness) -> Self {
        Self { strictness, ..self }
    }

    /// Checks `msg`: header bits, command and application, then every AVP,
    /// recursively through Grouped AVPs whose grammar is known.
    ///
    /// # Errors
    /// The first [`Violation`] found, with the Result-Code to answer.
    pub fn validate(&self, msg: &Message<'_>) -> Result<(), Violation> {
        if msg.check_header_bits().is_err() {
            return Err(Violation::new(
                rc::DIAMETER_INVALID_HDR_BITS,
                Reason::HeaderBits,
                Culprit::None,
            ));
        }
        let grammar = self.grammar_of(msg)?;
        let mut walk = Walk {
            msg: msg.as_bytes(),
            ancestors: Vec::new(),
            dictionaries: self.dictionaries,
            strict: self.strictness == Strictness::Strict,
        };
        walk.check(msg.avps(), (msg.avps().offset(), msg.len()), grammar)
    }

    /// The grammar `msg` must follow.
    fn grammar_of(&self, msg: &Message<'_>) -> Result<&'static Grammar, Violation> {
        let app = msg.application_id();
        if !self.supports(app) {
            return Err(Violation::new(
                rc::DIAMETER_APPLICATION_UNSUPPORTED,
                Reason::UnknownApplication,
                Culprit::None,
            ));
        }
        if msg.is_error() && !msg.is_request() {
            return Ok(&grammars::ERROR_ANSWER);
        }
        let Some(cmd) = self.dictionaries.command(msg.command_code(), app) else {
            return Err(Violation::new(
                rc::DIAMETER_COMMAND_UNSUPPORTED,
                Reason::UnknownCommand,
                Culprit::None,
            ));
        };
        // RFC 6733 §3: a clear P bit asks for local processing, which any
        // node can honour, so only a P bit set on a command the CCF does not
        // mark PXY (CER, DWR, DPR: hop-by-hop by nature) is inconsistent
        // with the command (3008). Clients such as go-diameter send CCRs
        // with P clear.
        if msg.is_proxiable() && !cmd.proxiable {
            return Err(Violation::new(
                rc::DIAMETER_INVALID_HDR_BITS,
                Reason::HeaderBits,
                Culprit::None,
            ));
        }
        Ok(if msg.is_request() {
            &cmd.request
        } else {
            &cmd.answer
        })
    }

    fn supports(&self, app: u32) -> bool {
        if app == application::COMMON || self.applications.is_empty() {
            self.dictionaries.supports(app)
        } else {
            self.applications.contains(&app) && self.dictionaries.supports(app)
        }
    }
}

/// State of one message's walk: its bytes, for reading malformed AVP
/// headers, the Grouped AVPs entered so far, and the validator's settings.
struct Walk<'m> {
    msg: &'m [u8],
    ancestors: Vec<usize, MAX_DEPTH>,
    dictionaries: &'m Dictionaries<'m>,
    /// Whether missing required AVPs are violations ([`Strictness::Strict`]).
    strict: bool,
}

impl Walk<'_> {
    #[cold]
    fn fail(&self, result_code: u32, reason: Reason, culprit: Culprit) -> Violation {
        Violation {
            result_code,
            reason,
            culprit,
            ancestors: self.ancestors.clone(),
        }
    }

    #[cold]
    fn fail_avp(&self, result_code: u32, reason: Reason, avp: &Avp<'_>) -> Violation {
        let culprit = Culprit::Present {
            offset: avp.offset(),
            len: avp.len(),
            code: avp.code(),
            vendor_id: avp.vendor_id(),
        };
        self.fail(result_code, reason, culprit)
    }

    /// A malformed AVP of a container ending at `end` (see
    /// [`Violation::malformed`]), inside the groups walked so far.
    #[cold]
    fn fail_malformed(&self, e: Error, end: usize) -> Violation {
        let v = Violation::malformed(self.msg, e, end);
        self.fail(v.result_code, v.reason, v.culprit)
    }

    /// Checks the AVPs between `start` and `end` against `grammar`.
    fn check(
        &mut self,
        avps: AvpIter<'_>,
        (start, end): (usize, usize),
        grammar: &Grammar,
    ) -> Result<(), Violation> {
        let rules = grammar.rules;
        let mut counts = [0u16; MAX_RULES];
        // Rules whose minimum is met: when all are, nothing is missing.
        let mut satisfied = 0;
        for (index, avp) in avps.enumerate() {
            let avp = avp.map_err(|e| self.fail_malformed(e, end))?;
            if avp.check_reserved_bits().is_err() {
                return Err(self.fail_avp(rc::DIAMETER_INVALID_AVP_BITS, Reason::AvpBits, &avp));
            }
            let key = grammar::key(avp.code(), avp.vendor_id());
            if let Some(rule) = rules.get(index).filter(|_| index < grammar.fixed) {
                if rule.key != key {
                    let culprit = Culprit::Missing {
                        avp: rule.avp,
                        offset: start,
                    };
                    return Err(self.fail(
                        rc::DIAMETER_MISSING_AVP,
                        Reason::FixedPosition,
                        culprit,
                    ));
                }
            }
            match grammar.find(key) {
                Some(i) => {
                    let (Some(rule), Some(count)) = (rules.get(i), counts.get_mut(i)) else {
                        continue;
                    };
                    *count = count.saturating_add(1);
                    if rule.max == 0 {
                        return Err(self.fail_avp(
                            rc::DIAMETER_AVP_NOT_ALLOWED,
                            Reason::NotAllowed,
                            &avp,
                        ));
                    }
                    if *count > rule.max {
                        return Err(self.fail_avp(
                            rc::DIAMETER_AVP_OCCURS_TOO_MANY_TIMES,
                            Reason::TooMany,
                            &avp,
                        ));
                    }
                    if *count == rule.min {
                        satisfied += 1;
                    }
                    self.check_value(&avp, rule.avp)?;
                }
                None => match self.dictionaries.avp(avp.code(), avp.vendor_id()) {
                    None if avp.is_mandatory() => {
                        return Err(self.fail_avp(
                            rc::DIAMETER_AVP_UNSUPPORTED,
                            Reason::UnsupportedAvp,
                            &avp,
                        ));
                    }
                    None => {}
                    Some(_) if !grammar.open => {
                        return Err(self.fail_avp(
                            rc::DIAMETER_AVP_NOT_ALLOWED,
                            Reason::NotAllowed,
                            &avp,
                        ));
                    }
                    Some(def) => self.check_value(&avp, def)?,
                },
            }
        }
        if self.strict && satisfied < grammar.required {
            let missing = rules.iter().zip(counts.iter()).find(|(r, &c)| c < r.min);
            if let Some((rule, _)) = missing {
                let culprit = Culprit::Missing {
                    avp: rule.avp,
                    offset: start,
                };
                return Err(self.fail(rc::DIAMETER_MISSING_AVP, Reason::MissingAvp, culprit));
            }
        }
        Ok(())
    }

    /// Checks an AVP's data against its definition, descending into
    /// Grouped AVPs whose grammar is known.
    fn check_value(&mut self, avp: &Avp<'_>, def: &AvpDef) -> Result<(), Violation> {
        let ty = def.data_type;
        if ty == DataType::Grouped {
            let Some(grammar) = self.dictionaries.group(def) else {
                return Ok(());
            };
            if self.ancestors.push(avp.offset()).is_err() {
                return Err(self.fail_avp(rc::DIAMETER_INVALID_AVP_VALUE, Reason::TooDeep, avp));
            }
            let span = (avp.data_offset(), avp.offset() + avp.len());
            self.check(avp.grouped(), span, grammar)?;
            self.ancestors.pop();
            return Ok(());
        }
        if ty.fixed_len().is_some_and(|n| n != avp.data().len()) {
            return Err(self.fail_avp(rc::DIAMETER_INVALID_AVP_LENGTH, Reason::AvpLength, avp));
        }
        let valid = match avp.value(ty) {
            Ok(_) if ty == DataType::Enumerated && self.dictionaries.is_closed_enum(def) => avp
                .enumerated()
                .ok()
                .and_then(|v| def.enum_name(v))
                .is_some(),
            Ok(_) => true,
            Err(_) => false,
        };
        if !valid {
            return Err(self.fail_avp(rc::DIAMETER_INVALID_AVP_VALUE, Reason::AvpValue, avp));
        }
        Ok(())
    }
}
