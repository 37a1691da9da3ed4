//! The node's peer table, shared by its event loops and clients, and the
//! owner of each peer.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use diameter_core::dict::{application, base};
use diameter_core::wire::Message;

use crate::client::PeerInfo;
use crate::config::{NodeConfig, PeerConfig, Route};
use crate::router::PeerKey;
use crate::stats::CountersSnapshot;

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
    /// The counters of peers that are gone, by Origin-Host.
    departed: Mutex<Departed>,
    /// Requests answered 3004 by load shedding since the start, over
    /// every peer, those gone included.
    shed: AtomicU64,
    /// The hosts a proxy's topology hiding named by pseudonyms, by
    /// lower-case pseudonym: at most [`MAX_HIDDEN`].
    hidden: Mutex<HashMap<String, String>>,
    /// How long the event loops' turns took.
    pub(crate) turns: crate::stats::Turns,
    /// Messages by application, command and Result-Code.
    pub(crate) traffic: crate::traffic::Traffic,
    /// The overload reports in force at each event loop.
    pub(crate) overload: Mutex<HashMap<usize, Vec<crate::stats::OverloadState>>>,
}

/// Most pseudonyms of hidden hosts a node can take back.
const MAX_HIDDEN: usize = 65_536;

/// The counters of peers that are gone, summed by Origin-Host: at most
/// [`MAX_DEPARTED`] hosts, the rest summed apart.
#[derive(Debug, Default)]
struct Departed {
    by_host: BTreeMap<String, CountersSnapshot>,
    others: Option<CountersSnapshot>,
}

/// How many departed peers are remembered by name.
const MAX_DEPARTED: usize = 1024;

/// The name under which departed peers beyond [`MAX_DEPARTED`] are summed.
pub(crate) const OTHER_PEERS: &str = "(others)";

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

    /// The owners of the configured peers `new` of a node of `threads`
    /// loops whose configured peers were `old` (with their owners): a
    /// peer kept keeps its loop, so its connection stays; a new one goes
    /// to the loop owning its host already (a peer connected in), else to
    /// the loop with the fewest configured peers.
    pub(crate) fn assign(
        &self,
        old: &[(PeerConfig, usize)],
        new: &[PeerConfig],
        threads: usize,
    ) -> Vec<(PeerConfig, usize)> {
        let threads = threads.max(1);
        let kept = |pc: &PeerConfig| old.iter().find(|(o, _)| o == pc).map(|&(_, w)| w);
        let mut load = vec![0usize; threads];
        for w in new.iter().filter_map(kept) {
            if let Some(n) = load.get_mut(w) {
                *n += 1;
            }
        }
        new.iter()
            .map(|pc| {
                let owner = kept(pc).unwrap_or_else(|| {
                    let least = (load.iter().enumerate())
                        .min_by_key(|&(_, n)| *n)
                        .map_or(0, |(w, _)| w);
                    let owner = match &pc.host {
                        Some(host) => self.claim(&host.to_ascii_lowercase(), least),
                        None => least,
                    };
                    if let Some(n) = load.get_mut(owner) {
                        *n += 1;
                    }
                    owner
                });
                (pc.clone(), owner)
            })
            .collect()
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

    /// Records that `pseudonym` stands for `host` (see
    /// the router's topology hiding); past [`MAX_HIDDEN`] hosts, new
    /// ones are hidden but cannot be reached by their pseudonyms.
    pub(crate) fn hide(&self, pseudonym: &str, host: &str) {
        let mut hidden = self.hidden.lock().unwrap_or_else(PoisonError::into_inner);
        if hidden.len() < MAX_HIDDEN {
            hidden.insert(pseudonym.to_ascii_lowercase(), host.to_owned());
        } else {
            tracing::warn!(%host, "too many hidden hosts: this one cannot be reached by its pseudonym");
        }
    }

    /// The host `pseudonym` stands for, if this node gave it.
    pub(crate) fn unhide(&self, pseudonym: &str) -> Option<String> {
        let hidden = self.hidden.lock().unwrap_or_else(PoisonError::into_inner);
        hidden.get(&pseudonym.to_ascii_lowercase()).cloned()
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

    /// Peer `key` of loop `worker` is gone; its counters are kept under
    /// its Origin-Host.
    pub(crate) fn remove(&self, worker: usize, key: PeerKey) {
        let mut peers = self.lock();
        let gone = peers.remove(&(worker, key));
        self.version.fetch_add(1, Ordering::Release);
        drop(peers);
        let Some(info) = gone.filter(|i| !i.host.is_empty()) else {
            return;
        };
        let mut d = self.departed.lock().unwrap_or_else(PoisonError::into_inner);
        let counters = info.counters();
        let Departed { by_host, others } = &mut *d;
        let sum = if by_host.contains_key(&info.host) || by_host.len() < MAX_DEPARTED {
            by_host.entry(info.host).or_default()
        } else {
            others.get_or_insert_with(CountersSnapshot::default)
        };
        *sum += counters;
    }

    /// The counters of peers that are gone, by Origin-Host (those beyond
    /// the first 1,024 hosts summed under [`OTHER_PEERS`]).
    pub(crate) fn departed(&self) -> Vec<(String, CountersSnapshot)> {
        let d = self.departed.lock().unwrap_or_else(PoisonError::into_inner);
        let named = d.by_host.iter().map(|(h, c)| (h.clone(), *c));
        let others = d.others.map(|c| (OTHER_PEERS.to_string(), c));
        named.chain(others).collect()
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

    /// The event loop owning an open peer for this request, and the peer
    /// when it is the one its Destination-Host names or the only one that
    /// can take it (otherwise that loop chooses by weight itself).
    pub(crate) fn worker_for(&self, request: &Message<'_>) -> Option<(usize, Option<PeerKey>)> {
        let peers = self.lock();
        let mut entries: Vec<Entry<&PeerInfo>> = peers.values().map(Entry::borrowed).collect();
        entries.sort_by_key(|e| e.info.rank);
        let wanted = Wanted::of(request, None, true);
        let (i, only, _) = wanted.best(&entries, &[])?;
        let e = entries.get(i)?;
        Some((e.info.worker, only.then_some(e.info.key)))
    }
}

/// A peer as a [`View`] holds it (or, borrowed, as a client looks at it).
#[derive(Debug)]
struct Entry<I = PeerInfo> {
    info: I,
    /// Whether requests can be sent to it now.
    open: bool,
    /// How far it went through its share of this loop's requests (stride
    /// scheduling: it grows by [`STRIDE`] / weight at each request).
    pass: u128,
}

/// What a pick adds to a peer's pass, divided by its weight.
const STRIDE: u128 = 1 << 32;

/// How far ahead of the least advanced peer a peer may be chosen: four
/// requests of weight 1.
const WINDOW: u128 = 4 * STRIDE;

impl Entry {
    fn new(info: &PeerInfo) -> Self {
        Self {
            info: info.clone(),
            open: info.is_open(),
            pass: 0,
        }
    }
}

impl<'p> Entry<&'p PeerInfo> {
    fn borrowed(info: &'p PeerInfo) -> Self {
        Self {
            info,
            open: info.is_open(),
            pass: 0,
        }
    }
}

impl<I: Borrow<PeerInfo>> Entry<I> {
    fn peer(&self) -> &PeerInfo {
        self.info.borrow()
    }
}

/// An event loop's copy of the [`Directory`], taken again only when the
/// directory changed: routing a request costs no lock.
#[derive(Debug, Default)]
pub(crate) struct View {
    version: Option<u64>,
    entries: Vec<Entry>,
}

impl View {
    /// The peer (its event loop and key) a request goes to, other than
    /// `wanted.except`, among the open peers supporting its application (RFC 6733
    /// §6.1.4 – §6.1.6): the one its Destination-Host names; else one of
    /// the first route naming its Destination-Realm with such a peer (RFC
    /// 6733 §2.7); else one of the peers of that realm; else one of the
    /// first default route with such a peer; else, with `any_peer`, any.
    /// Among several, by weight and requests outstanding (see [`Route`]);
    /// the one chosen counts one more outstanding at once, so that loops
    /// choosing at the same time see it.
    pub(crate) fn choose(
        &mut self,
        directory: &Directory,
        wanted: &Wanted<'_>,
        routes: &[Route],
    ) -> Option<(usize, PeerKey)> {
        self.refresh(directory);
        let (i, _, weight) = wanted.best(&self.entries, routes)?;
        let e = self.entries.get_mut(i)?;
        e.pass = e.pass.saturating_add(STRIDE / u128::from(weight.max(1)));
        e.info.counters.chosen();
        Some((e.info.worker, e.info.key))
    }

    /// The Origin-Realm of peer `key` of event loop `worker`.
    pub(crate) fn realm_of(
        &mut self,
        directory: &Directory,
        (worker, key): (usize, PeerKey),
    ) -> Option<&str> {
        self.refresh(directory);
        (self.entries.iter())
            .find(|e| (e.info.worker, e.info.key) == (worker, key))
            .map(|e| e.info.realm.as_str())
    }

    /// Whether some peer (in any state) or route serves `realm` for `app`.
    pub(crate) fn serves(
        &mut self,
        directory: &Directory,
        realm: &str,
        app: u32,
        routes: &[Route],
    ) -> bool {
        self.refresh(directory);
        (self.entries.iter()).any(|e| e.info.realm.eq_ignore_ascii_case(realm))
            || Route::matching(routes, realm, app).next().is_some()
    }

    /// Copies the directory again when it changed; peers already known
    /// keep their pass, new ones start level with the least advanced.
    fn refresh(&mut self, directory: &Directory) {
        let now = directory.version.load(Ordering::Acquire);
        if self.version == Some(now) {
            return;
        }
        let peers = directory.lock();
        let level = self.entries.iter().map(|e| e.pass).min().unwrap_or(0);
        let mut entries: Vec<Entry> = peers.values().map(Entry::new).collect();
        for e in &mut entries {
            let known = (self.entries.iter())
                .find(|o| (o.info.worker, o.info.key) == (e.info.worker, e.info.key));
            e.pass = known.map_or(level, |o| o.pass);
        }
        entries.sort_by(|a, b| (a.info.rank, &a.info.host).cmp(&(b.info.rank, &b.info.host)));
        self.entries = entries;
        self.version = Some(directory.version.load(Ordering::Acquire));
    }
}

/// What a request asks of the peer it goes to.
pub(crate) struct Wanted<'m> {
    host: Option<&'m str>,
    realm: Option<&'m str>,
    app: u32,
    except: Option<(usize, PeerKey)>,
    any_peer: bool,
}

impl<'m> Wanted<'m> {
    /// The peer its Destination-Host names, else one for its
    /// Destination-Realm, other than `except`; with `any_peer`, else any
    /// supporting its application.
    pub(crate) fn of(
        request: &Message<'m>,
        except: Option<(usize, PeerKey)>,
        any_peer: bool,
    ) -> Self {
        let host = (request.lookup(base::DESTINATION_HOST.code, 0)).and_then(|a| a.identity().ok());
        Self::with_host(request, host, except, any_peer)
    }

    /// As [`of`](Self::of), for a request whose Destination-Host (or the
    /// host it stands for) is `host`, already looked up.
    pub(crate) fn with_host(
        request: &Message<'m>,
        host: Option<&'m str>,
        except: Option<(usize, PeerKey)>,
        any_peer: bool,
    ) -> Self {
        let realm =
            (request.lookup(base::DESTINATION_REALM.code, 0)).and_then(|a| a.identity().ok());
        Self {
            host,
            realm,
            app: request.application_id(),
            except,
            any_peer,
        }
    }

    /// Only the peer `host`, for application `app`.
    pub(crate) fn host(host: &'m str, app: u32) -> Self {
        Self {
            host: Some(host),
            realm: None,
            app,
            except: None,
            any_peer: false,
        }
    }

    /// The index in `entries` of the peer to use (see [`View::choose`]),
    /// whether it was the only one possible, and its weight.
    fn best<I: Borrow<PeerInfo>>(
        &self,
        entries: &[Entry<I>],
        routes: &[Route],
    ) -> Option<(usize, bool, u32)> {
        let usable = |e: &Entry<I>| {
            e.open
                && Some((e.peer().worker, e.peer().key)) != self.except
                && supports(e.peer(), self.app)
        };
        if let Some(h) = self.host {
            let named = entries
                .iter()
                .position(|e| usable(e) && e.peer().host.eq_ignore_ascii_case(h));
            if let Some(i) = named {
                return Some((i, true, 1));
            }
        }
        if let Some(realm) = self.realm {
            let by_route = |default: bool| {
                (Route::matching(routes, realm, self.app))
                    .filter(move |r| (r.realm == Route::DEFAULT) == default)
                    .find_map(|route| {
                        lightest(entries, |e| {
                            usable(e).then(|| route.weight_of(&e.peer().host)).flatten()
                        })
                    })
            };
            let of_realm = |e: &Entry<I>| {
                (usable(e) && e.peer().realm.eq_ignore_ascii_case(realm)).then_some(1)
            };
            let found = (by_route(false))
                .or_else(|| lightest(entries, of_realm))
                .or_else(|| by_route(true));
            if found.is_some() {
                return found;
            }
        }
        if self.any_peer {
            return lightest(entries, |e| usable(e).then_some(1));
        }
        None
    }
}

/// Among the entries `weight` gives a weight: of those at most [`WINDOW`]
/// ahead of the least advanced (by pass), the one with the fewest requests
/// outstanding per unit of weight, then the least advanced, then the
/// first. Each peer so gets its weight's share of requests, give or take
/// a window, while a peer slow at the moment waits its turn. Also whether
/// it was the only one, and its weight.
fn lightest<I: Borrow<PeerInfo>>(
    entries: &[Entry<I>],
    weight: impl Fn(&Entry<I>) -> Option<u32>,
) -> Option<(usize, bool, u32)> {
    // The candidates, each looked at once when they are few (the usual case).
    let mut few = [(0usize, 0u32); FEW];
    let (mut count, mut level) = (0usize, u128::MAX);
    for (i, e) in entries.iter().enumerate() {
        if let Some(w) = weight(e) {
            if let Some(slot) = few.get_mut(count) {
                *slot = (i, w);
            }
            count += 1;
            level = level.min(e.pass);
        }
    }
    let mut best: Option<(usize, u128, u128, u128)> = None;
    let mut consider = |i: usize, w: u32| {
        let Some(e) = entries.get(i) else { return };
        if e.pass > level.saturating_add(WINDOW) {
            return;
        }
        let w = u128::from(w.max(1));
        let out = u128::from(e.peer().counters.outstanding());
        let lighter = best.is_none_or(|(_, bw, bout, bpass)| {
            let (mine, theirs) = (out * bw, bout * w);
            mine < theirs || (mine == theirs && e.pass < bpass)
        });
        if lighter {
            best = Some((i, w, out, e.pass));
        }
    };
    match few.get(..count) {
        Some(listed) => listed.iter().for_each(|&(i, w)| consider(i, w)),
        None => (entries.iter().enumerate())
            .filter_map(|(i, e)| Some((i, weight(e)?)))
            .for_each(|(i, w)| consider(i, w)),
    }
    best.map(|(i, w, ..)| (i, count == 1, u32::try_from(w).unwrap_or(u32::MAX)))
}

/// How many candidates [`lightest`] keeps at hand rather than look at twice.
const FEW: usize = 8;

fn supports(p: &PeerInfo, app: u32) -> bool {
    (p.applications.iter()).any(|&a| a == app || a == application::RELAY)
}
