//! S6a/S6d (3GPP TS 29.272): the HSS and the MME.
//!
//! - [`milenage`], [`kdf`] and [`auc`]: authentication vectors (TS 35.206,
//!   TS 33.401 Annex A.2, TS 33.102 §6.3) and the USIM's side of them;
//! - [`ids`], [`profile`] and [`msg`]: PLMN ids and MSISDNs, the
//!   subscription data, and the messages' common AVPs;

pub mod auc;
pub mod cli;
pub mod hss;
pub mod ids;
pub mod kdf;
pub mod milenage;
pub mod mme;
pub mod msg;
pub mod profile;
pub mod stats;
pub mod store;
