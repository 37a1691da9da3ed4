//! Message validation against the command grammars, and the error answers
//! RFC 6733 prescribes (§3, §4, §6.2, §7).
//!
//! [`Validator::validate`] walks a message view once and reports the first
//! violation as a [`Violation`]: the Result-Code and the AVP a Failed-AVP
//! must carry. [`write_error_answer`] turns it into the answer.

mod answer;
mod check;
pub mod grammar;
pub mod grammars;
mod violation;

pub use answer::{write_error_answer, AnswerIdentity, FailedAvp};
pub use check::Validator;
pub use violation::{Culprit, Reason, Violation, MAX_DEPTH};

#[cfg(test)]
mod tests;
