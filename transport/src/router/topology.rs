//! A running node's new peers, allow-list and routes
//! ([`Node::reconfigure`](crate::Node::reconfigure)): what changed is
//! applied, what did not keeps its connections.

use std::sync::Arc;
use std::time::Instant;

use diameter_core::peer::{DisconnectCause, Event};
use tracing::info;

use super::Router;
use crate::config::{PeerConfig, Topology};
use crate::handler::Handler;
use crate::identity;

impl<H: Handler> Router<'_, H> {
    /// Takes `topology` as the node's, with `mine` (rank and
    /// configuration) the configured peers this loop owns from now on.
    ///
    /// A configured peer of this loop not in `mine`, and a peer that
    /// connected in whose Origin-Host the new allow-list leaves out, is
    /// disconnected with DO_NOT_WANT_TO_TALK_TO_YOU (RFC 6733 §5.4.3: it
    /// does not reconnect) and not reconnected; its requests in flight
    /// fail over as on any disconnection (§5.5.4). A peer of `mine` not
    /// configured yet is started, or, when it is connected in already,
    /// becomes configured without a new connection. Every other peer and
    /// connection is left as it is.
    pub(crate) fn reconfigure(
        &mut self,
        now: Instant,
        topology: Arc<Topology>,
        mine: &[(usize, PeerConfig)],
    ) {
        self.topology = topology;
        for key in self.peers.keys() {
            let Some(e) = self.peers.get_mut(key) else {
                continue;
            };
            let host = e.sm.remote().origin_host.as_str();
            let wanted = match &e.configured {
                Some(pc) => mine.iter().any(|(_, m)| m == pc),
                None => host.is_empty() || self.topology.admits(host),
            };
            if !wanted {
                info!(peer = %host, "reconfigured: peer removed");
                e.configured = None;
                self.drive(key, now, Event::Stop(DisconnectCause::DoNotWantToTalkToYou));
            }
        }
        for (rank, pc) in mine {
            let configured = (self.peers.iter()).any(|(_, e)| e.configured.as_ref() == Some(pc));
            if configured {
                continue;
            }
            let host = pc.host.as_deref().map(str::to_ascii_lowercase);
            let known = (host.as_ref())
                .and_then(|h| self.hosts.get(h).copied())
                .filter(|&k| self.peers.contains(k));
            let key = match known {
                Some(key) => key,
                None => {
                    let key = self.new_peer(None, *rank, offer(pc), true);
                    if let Some(host) = host {
                        self.hosts.insert(host, key);
                    }
                    key
                }
            };
            if let Some(e) = self.peers.get_mut(key) {
                e.configured = Some(pc.clone());
                e.rank = *rank;
            }
            info!(peer = ?pc.host, address = %pc.address, "reconfigured: peer added");
            self.drive(key, now, Event::Start);
        }
    }
}

/// The Inband-Security-Id values the CER to configured peer `pc` offers
/// (RFC 6733 §6.10).
pub(super) fn offer(pc: &PeerConfig) -> &'static [u32] {
    match pc.tls {
        crate::config::TlsMode::InBand => identity::TLS_ONLY,
        crate::config::TlsMode::Off | crate::config::TlsMode::AtConnect => identity::CLEAR,
    }
}
