//! Message validation against the command grammars, and the error answers
//! RFC 6733 prescribes (§3, §4, §6.2, §7).
//!
//! [`Validator::validate`] walks a message view once and reports the first
//! violation as a [`Violation`]: the Result-Code and the AVP a Failed-AVP
//! must carry. [`write_error_answer`] turns it into the answer.

mod answer;
mod check;
mod violation;

/// Command Code Formats as data: moved to [`crate::dict::grammar`], where
/// dictionaries hold them.
pub mod grammar {
    pub use crate::dict::grammar::*;
}
/// Core's command and Grouped AVP grammars: moved to [`crate::dict::grammars`].
pub mod grammars {
    pub use crate::dict::grammars::*;
}

pub use answer::{write_error_answer, AnswerIdentity, FailedAvp};
pub use check::{Strictness, Validator};
pub use violation::{Culprit, Reason, Violation, MAX_DEPTH};

#[cfg(test)]
mod tests;
