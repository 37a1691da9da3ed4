//! Grammars of the DOIC Grouped AVPs (RFC 7683 §7.1, §7.3).
//!
//! No command grammar names the DOIC AVPs: RFC 7683 §4.1 piggybacks them
//! on every application's commands, which all end in `*[ AVP ]` here, and
//! an answer may carry one OC-OLR per report type (§5.2.1.3), more than the
//! `[ OC-OLR ]` that TS 29.272 and TS 32.299 write. Their M bit is never set
//! (§7.8), so the open grammars admit them.

use crate::dict::doic::*;
use crate::dict::grammar::{Grammar, GroupGrammar, Rule};

/// The DOIC Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // RFC 7683 §7.1.
    GroupGrammar::new(
        &OC_SUPPORTED_FEATURES,
        Grammar::open(&[Rule::optional(&OC_FEATURE_VECTOR)]),
    ),
    // RFC 7683 §7.3. The RFC writes the sequence number and report type
    // `< >`; they are checked as `{ }`, so that a report whose members come
    // in another order still reaches the reacting node: DOIC AVPs must not
    // make the answer that carries them fail (§4.1).
    GroupGrammar::new(
        &OC_OLR,
        Grammar::open(&[
            Rule::required(&OC_SEQUENCE_NUMBER),
            Rule::required(&OC_REPORT_TYPE),
            Rule::optional(&OC_REDUCTION_PERCENTAGE),
            Rule::optional(&OC_VALIDITY_DURATION),
        ]),
    ),
];
