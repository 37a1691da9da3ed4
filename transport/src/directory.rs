//! The node's peer table, shared by its event loops and clients, and the
//! owner of each peer.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use diameter_core::dict::{application, base};
use diameter_core::wire::Message;

use crate::client::PeerInfo;
use crate::config::{NodeConfig, Route};
use crate::router::PeerKey;

/// The peer table: written by the event loops on state changes, read by
/// clients and by the other loops to pick the loop that owns a suitable
/// peer.
#[derive(Debug, Default)]
pub(crate) struct Directory {
    peers: Mutex<HashMap<(usize, PeerKey), PeerInfo>>,
    /// Bumped by every change of `peers`, so a [`View`] knows when it is stale.
    version: AtomicU64,
    /// Which event loop owns each peer, by lower-case Origin-Host: every
    /// connection of a peer is handled by its owner, so the election and
    /// the duplicate-connection check (RFC 6733 §5.6.4) see all of them.
    owners: Mutex<HashMap<String, usize>>,
    /// Accepted connections open now, by source address.
    admitted: Mutex<Admitted>,
    /// Requests answered 3004 by load shedding since the start, over
    /// every peer, those gone included.
    shed: AtomicU64,
}

/// What [`Directory::admit`] counts.
#[derive(Debug, Default)]
struct Admitted {
    total: usize,
    by_source: HashMap<IpAddr, usize>,
    refused: u64,
}

/// Why an accepted connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The node holds its maximum of accepted connections.
    Total,
    /// The source address holds its maximum.
    Source,
}

impl Directory {
    /// The table of a node starting with `config`: a configured peer
    /// belongs to the loop that connects to it (peer `i` to loop
    /// `i % threads`).
    pub(crate) fn for_config(config: &NodeConfig) -> Self {
        let directory = Self::default();
        let threads = config.thread_count();
        for (i, peer) in config.peers.iter().enumerate() {
            if let Some(host) = &peer.host {
                directory.claim(&host.to_ascii_lowercase(), i % threads);
            }
        }
        directory
    }

    /// The event loop owning the peer `host` (lower case); `worker` becomes
    /// its owner when it has none.
    pub(crate) fn claim(&self, host: &str, worker: usize) -> usize {
        let mut owners = self.owners.lock().unwrap_or_else(PoisonError::into_inner);
        *owners.entry(host.to_string()).or_insert(worker)
    }

    /// `worker` no longer owns the peer `host` (lower case).
    pub(crate) fn release(&self, host: &str, worker: usize) {
        let mut owners = self.owners.lock().unwrap_or_else(PoisonError::into_inner);
        if owners.get(host) == Some(&worker) {
            owners.remove(host);
        }
    }

    /// Counts a connection accepted from `ip` unless that passes
    /// `max_total` connections of the node or `max_per_source` from `ip`;
    /// an `exempt` source (a configured peer's) is counted but never
    /// refused. When refused: why, and how many were refused so far.
    pub(crate) fn admit(
        &self,
        ip: IpAddr,
        (max_total, max_per_source): (usize, usize),
        exempt: bool,
    ) -> Result<(), (Refusal, u64)> {
        let mut a = self.admitted.lock().unwrap_or_else(PoisonError::into_inner);
        let from_source = a.by_source.get(&ip).copied().unwrap_or(0);
        let refusal = if exempt {
            None
        } else if a.total >= max_total {
            Some(Refusal::Total)
        } else if from_source >= max_per_source {
            Some(Refusal::Source)
        } else {
            None
        };
        if let Some(r) = refusal {
            a.refused += 1;
            return Err((r, a.refused));
        }
        a.total += 1;
        a.by_source.insert(ip, from_source + 1);
        Ok(())
    }

    /// A request was answered 3004 by load shedding.
    pub(crate) fn count_shed(&self) {
        self.shed.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests answered 3004 by load shedding since the start.
    pub(crate) fn shed(&self) -> u64 {
        self.shed.load(Ordering::Relaxed)
    }

    /// An admitted connection from `ip` is closed.
    pub(crate) fn leave(&self, ip: IpAddr) {
        let mut a = self.admitted.lock().unwrap_or_else(PoisonError::into_inner);
        a.total = a.total.saturating_sub(1);
        if let Some(n) = a.by_source.get_mut(&ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                a.by_source.remove(&ip);
            }
        }
    }

    /// What peer `key` of loop `worker` looks like now.
    pub(crate) fn update(&self, worker: usize, key: PeerKey, info: PeerInfo) {
        let mut peers = self.lock();
        peers.insert((worker, key), info);
        self.version.fetch_add(1, Ordering::Release);
    }

    /// Peer `key` of loop `worker` is gone.
    pub(crate) fn remove(&self, worker: usize, key: PeerKey) {
        let mut peers = self.lock();
        peers.remove(&(worker, key));
        self.version.fetch_add(1, Ordering::Release);
    }

    /// Every peer, by Origin-Host.
    pub(crate) fn snapshot(&self) -> Vec<PeerInfo> {
        let mut all: Vec<PeerInfo> = self.lock().values().cloned().collect();
        all.sort_by(|a, b| a.host.cmp(&b.host));
        all
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<(usize, PeerKey), PeerInfo>> {
        self.peers.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The event loop owning an open peer for this request: by
    /// Destination-Host, else by Destination-Realm and application.
    pub(crate) fn worker_for(&self, request: &Message<'_>) -> Option<usize> {
        pick(self.lock().values(), request, "", true, &[])
    }
}

/// An event loop's copy of the [`Directory`], taken again only when the
/// directory changed: routing a request to another loop costs no lock.
#[derive(Debug, Default)]
pub(crate) struct View {
    version: Option<u64>,
    peers: Vec<PeerInfo>,
}

impl View {
    /// The event loop owning an open peer other than `from` that serves
    /// the Destination-Host or Destination-Realm of a request, or that one
    /// of `routes` names for its realm (RFC 6733 §2.7); with `any_peer`,
    /// else any peer supporting its application.
    pub(crate) fn worker_except(
        &mut self,
        directory: &Directory,
        request: &Message<'_>,
        from: &str,
        any_peer: bool,
        routes: &[Route],
    ) -> Option<usize> {
        let now = directory.version.load(Ordering::Acquire);
        if self.version != Some(now) {
            let peers = directory.lock();
            self.peers = peers.values().cloned().collect();
            self.version = Some(directory.version.load(Ordering::Acquire));
        }
        pick(self.peers.iter(), request, from, any_peer, routes)
    }
}

/// The loop of the first open peer (in configuration order) other than
/// `from` that can take `request` (see [`View::worker_except`]).
fn pick<'p>(
    peers: impl Iterator<Item = &'p PeerInfo> + Clone,
    request: &Message<'_>,
    from: &str,
    any_peer: bool,
    routes: &[Route],
) -> Option<usize> {
    let text = |code| request.lookup(code, 0).and_then(|a| a.identity().ok());
    let host = text(base::DESTINATION_HOST.code);
    let realm = text(base::DESTINATION_REALM.code);
    let app = request.application_id();
    let first = |wanted: &dyn Fn(&PeerInfo) -> bool| {
        (peers.clone())
            .filter(|p| p.is_open() && !p.host.eq_ignore_ascii_case(from) && wanted(p))
            .min_by_key(|p| p.rank)
    };
    let routed = |realm: &str, p: &PeerInfo| {
        Route::matching(routes, realm, app)
            .any(|r| r.peers.iter().any(|h| h.eq_ignore_ascii_case(&p.host)))
    };
    host.and_then(|h| first(&|p| p.host.eq_ignore_ascii_case(h)))
        .or_else(|| {
            realm.and_then(|r| first(&|p| p.realm.eq_ignore_ascii_case(r) && supports(p, app)))
        })
        .or_else(|| realm.and_then(|r| first(&|p| routed(r, p) && supports(p, app))))
        .or_else(|| first(&|p| any_peer && supports(p, app)))
        .map(|p| p.worker)
}

fn supports(p: &PeerInfo, app: u32) -> bool {
    (p.applications.iter()).any(|&a| a == app || a == application::RELAY)
}
