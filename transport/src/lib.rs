//! `diameter-transport`: the socket side of the stack.
//!
//! A [`Node`] runs one mio event loop per thread. Each loop owns its
//! sockets, frames the bytes it reads into zero-copy
//! [`Message`](diameter_core::wire::Message) views, feeds them to the
//! [`diameter_core::peer`] state machines and carries out the actions they
//! return: capabilities exchange, watchdog and disconnection all come from
//! the core. Application requests are validated
//! ([`diameter_core::validate`]) and answered by a [`Handler`]; requests
//! this node sends go through a [`Client`], with hop-by-hop matching,
//! per-request timeouts and failover (RFC 6733 §5.5.4).

mod answer;
mod client;
mod config;
mod descriptors;
mod directory;
mod framer;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod handler;
mod identity;
mod inbox;
mod later;
mod link;
mod local_answer;
mod node;
mod pending;
mod router;
mod send_buf;
mod stats;
mod tls;
mod traffic;
mod worker;

pub use answer::{Answer, Outcome};
pub use client::{Client, PeerInfo, Reconfigured, Reply};
pub use config::{
    Abatement, AppId, DoicConfig, HidingKey, NodeConfig, PeerConfig, Role, Route, RoutePeer,
    TlsMode, Topology,
};
pub use framer::FrameError;
pub use handler::{Context, Handler, NoApplications};
pub use inbox::{Inbox, Incoming};
pub use later::PendingAnswer;
pub use link::Link;
pub use node::Node;
pub use stats::{CountersSnapshot, OverloadState, TurnTimes, TURN_BUCKETS};
pub use tls::{TlsLink, TlsSettings};
pub use traffic::{Flow, TrafficKey, MAX_KEYS as MAX_TRAFFIC_KEYS, OTHER as OTHER_TRAFFIC};
