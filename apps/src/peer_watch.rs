//! What the load generators (`gy-client`, `mme`) share: telling the answers
//! their peer sent from those their own node made up, and noticing that the
//! peer is gone so that no more sessions are started towards it.
//!
//! A node answers a request itself, with its own Origin-Host and the E bit,
//! when it could not deliver it (no open peer: 3002
//! DIAMETER_UNABLE_TO_DELIVER, RFC 6733 §7.1.3; no route for the realm: 3003
//! DIAMETER_REALM_NOT_SERVED) or when the peer did not answer in time
//! (RFC 6733 §6.1.4 leaves it to the node; ours answers 3002). Such an
//! answer says nothing about what the peer did, so it is counted apart from
//! the peer's answers and never in their rates.

use std::time::{Duration, Instant};

use diameter_core::dict::base;
use diameter_core::wire::Message;
use diameter_transport::Client;

/// Who answered a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The peer (or an agent on the way).
    Peer,
    /// Our own node, without the peer.
    Local,
}

/// Watches the one peer of a load generator's node.
#[derive(Debug)]
pub struct PeerWatch {
    own_host: String,
    client: Client,
    lost: bool,
    polled: Instant,
}

/// How often [`PeerWatch::peer_lost`] asks the node about its peers when no
/// locally made answer prompts it.
const POLL: Duration = Duration::from_millis(100);

impl PeerWatch {
    /// Watches the peers of the node behind `client`, whose Origin-Host is
    /// `own_host`.
    pub fn new(own_host: &str, client: Client) -> Self {
        Self {
            own_host: own_host.to_string(),
            client,
            lost: false,
            polled: Instant::now(),
        }
    }

    /// Who made `answer`: our own node when its Origin-Host is ours. A
    /// locally made answer has the node checked at once, so that the next
    /// [`peer_lost`](Self::peer_lost) knows.
    pub fn source(&mut self, answer: &Message<'_>) -> Source {
        let origin = answer
            .lookup(base::ORIGIN_HOST.code, 0)
            .and_then(|a| a.identity().ok());
        if origin == Some(self.own_host.as_str()) {
            self.poll();
            Source::Local
        } else {
            Source::Peer
        }
    }

    /// Whether the node has no open peer any more (DPR received,
    /// connection lost, watchdog down: RFC 6733 §5.4, RFC 3539 §3.4). Once
    /// lost, the peer stays lost for this run: a reconnection later does
    /// not restart the sessions that were given up.
    pub fn peer_lost(&mut self) -> bool {
        if !self.lost && self.polled.elapsed() >= POLL {
            self.poll();
        }
        self.lost
    }

    fn poll(&mut self) {
        self.polled = Instant::now();
        self.lost |= !self.client.peers().iter().any(|p| p.is_open());
    }
}
