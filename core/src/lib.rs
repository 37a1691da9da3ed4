//! `diameter-core`: a zero-copy, allocation-free Diameter (RFC 6733) stack core.
//!
//! - [`wire`]: in-place views over message bytes (header, AVPs, typed data),
//!   stream framing, and a writer that encodes into caller buffers.
//! - [`dict`]: static dictionaries of applications, commands, AVPs and
//!   Result-Codes for the base protocol, credit control, S6a/S6d and Gy.
//! - [`validate`]: command grammars, the validator that maps a malformed
//!   message to its Result-Code and Failed-AVP, and the error answers.
//! - [`doic`]: Diameter overload control (RFC 7683): the reporting node's
//!   state and answers, the reacting node's report table and loss algorithm.
//!
//! The crate is `#![no_std]`, never allocates and never panics on input. The
//! `std` feature adds `std::error::Error` impls, `defmt` adds `defmt::Format`.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

#[cfg(any(feature = "std", test))]
extern crate std;

pub mod dict;
pub mod outcome;
pub mod result_code;

/// The 3GPP vendor id (IANA SMI Network Management Private Enterprise Code 10415).
pub const VENDOR_3GPP: u32 = 10415;

pub mod doic;
pub mod peer;
pub mod validate;
pub mod wire;
