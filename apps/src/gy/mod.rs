//! Gy online charging (RFC 4006 as updated by RFC 8506, 3GPP TS 32.299):
//! the online charging server and the gateway-side client.
//!
//! - [`Ocs`]: the server, embeddable ([`Ocs::start`], [`Ocs::statistics`],
//!   [`Ocs::stop`]) and run by `diameter ocs`;
//! - [`client::run`]: the client and load generator of `diameter gy-client`;
//! - [`Store`]: the SQLite account store, provisioned by `diameter accounts`;
//! - [`Ledger`]: the charging rules, usable without sockets.

pub mod cca;
pub mod ccr;
pub mod cli;
pub mod client;
pub mod config;
pub mod ledger;
pub mod metrics;
pub mod ocs;
mod reserve;
pub mod sharded;
pub mod stats;
pub mod store;
pub mod subscribers;
pub mod units;

pub use config::{GrantConfig, OcsConfig};
pub use ledger::{Account, Bucket, Ledger};
pub use ocs::Ocs;
pub use stats::Statistics;
pub use store::Store;
