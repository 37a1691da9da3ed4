//! `diameter-apps`: Diameter applications and the tools of the `diameter` program.
//!
//! - [`agent`]: `diameter agent`, a relay or redirect agent (RFC 6733 §2.8).
//! - [`cli`]: logging, signals and output shared by the tools.
//! - [`decode`]: `diameter decode`, which prints Diameter messages from raw
//!   bytes, hex or a pcap/pcapng capture as a tree or as JSON lines.
//! - [`dictionaries`]: core's dictionaries plus Wireshark XML ones loaded
//!   at run time, for `decode` and `send`.
//! - [`gy`]: Gy online charging: the OCS (`diameter ocs`, `diameter
//!   accounts`) and the gateway client and load generator (`diameter gy-client`).
//! - [`peer_watch`]: how `gy-client` and `mme` tell their peer's answers from
//!   their own node's and notice that the peer is gone.
//! - [`s6a`]: the S6a/S6d HSS and MME (`diameter hss`, `diameter mme`,
//!   `diameter subscribers`).
//! - [`send`]: `diameter send`, which sends one request built from
//!   arguments and prints its answer.
//! - [`settings`]: the command-line options and settings-file sections
//!   every server role shares, and SIGHUP's reload of peers and routes.

pub mod agent;
pub mod cli;
pub mod decode;
pub mod dictionaries;
pub mod durability;
pub mod gy;
pub mod metrics;
pub mod peer_watch;
mod pg;
pub mod report;
pub mod s6a;
pub mod send;
pub mod settings;
