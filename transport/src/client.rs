//! Sending requests from any thread, and the peer table shared with them.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use diameter_core::wire::Message;
use mio::Waker;

use crate::answer::Answer;
use crate::config::{PeerConfig, Topology};
use crate::directory::Directory;
use crate::router::PeerKey;
use crate::stats::{Counters, CountersSnapshot};

/// Where a request's answer goes: the answer, or a locally built error
/// answer (3002, 3003) when the request could not be delivered.
pub type Reply = Sender<Answer>;

/// How a request handed to an event loop is to be sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Via {
    /// How many event loops passed it on already (0 from a [`Client`]).
    pub hops: u8,
    /// The peer of the receiving loop chosen for it; that loop chooses
    /// when `None`.
    pub to: Option<PeerKey>,
    /// Whether it is sent to the host a redirect named (RFC 6733 §6.13):
    /// a redirect of a redirected request is not followed again.
    pub redirected: bool,
}

/// What other threads ask of an event loop.
#[derive(Debug)]
pub(crate) enum Command {
    /// Send a request to a peer chosen by its Destination-Host/-Realm.
    Request {
        /// The encoded request; its Hop-by-Hop Identifier is assigned on sending.
        request: Vec<u8>,
        /// Where the answer goes.
        reply: Reply,
        /// How it is to be sent.
        via: Via,
    },
    /// Take over an accepted connection whose CER names a peer this loop
    /// owns; `bytes` is what was read from it, the CER first.
    Adopt {
        /// The connection.
        stream: Box<dyn crate::Link>,
        /// The bytes read and not yet handled.
        bytes: Vec<u8>,
        /// Whether it counts among the node's accepted connections.
        admitted: bool,
    },
    /// Relay a request (Route-Record already added) that arrived on
    /// another loop to a peer of this one (RFC 6733 §6.1.9).
    Relay {
        /// The request.
        request: Vec<u8>,
        /// The loop it arrived on, the peer it came from there and its
        /// Hop-by-Hop Identifier, for the answer.
        from: (usize, PeerKey, u32),
        /// How it is to be sent.
        via: Via,
    },
    /// The answer to a request relayed through another loop, for `peer` of
    /// this one, with the Hop-by-Hop Identifier that peer gave it.
    RelayAnswer {
        /// The peer the request came from.
        peer: PeerKey,
        /// Its Hop-by-Hop Identifier.
        hop_by_hop: u32,
        /// The answer.
        answer: Vec<u8>,
    },
    /// The later answer of a request a handler deferred.
    Answer {
        /// The deferred request's token.
        token: u64,
        /// The answer.
        answer: Vec<u8>,
    },
    /// Take `topology` as the node's, with `mine` (rank and
    /// configuration) the configured peers this loop owns from now on
    /// (see [`Node::reconfigure`](crate::Node::reconfigure)).
    Reconfigure {
        /// The node's new peers, allow-list and routes.
        topology: Arc<Topology>,
        /// This loop's configured peers.
        mine: Vec<(usize, PeerConfig)>,
    },
    /// Disconnect every peer (DPR, RFC 6733 §5.4) and stop.
    Stop,
}

/// What [`Node::reconfigure`](crate::Node::reconfigure) changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reconfigured {
    /// Configured peers added (connected to from now on).
    pub added: usize,
    /// Configured peers removed (disconnected).
    pub removed: usize,
    /// Configured peers kept, with their connections.
    pub kept: usize,
}

/// An event loop's mailbox: commands plus a waker that is rung once per batch.
#[derive(Debug)]
pub(crate) struct Mailbox {
    tx: Sender<Command>,
    waker: Waker,
    notified: AtomicBool,
}

impl Mailbox {
    /// A mailbox waking `waker`; the receiving side goes to the event loop.
    pub(crate) fn new(waker: Waker) -> (Self, Receiver<Command>) {
        let (tx, rx) = channel();
        (
            Self {
                tx,
                waker,
                notified: AtomicBool::new(false),
            },
            rx,
        )
    }

    /// Posts a command and wakes the loop unless a wake-up is already pending.
    pub(crate) fn post(&self, cmd: Command) -> io::Result<()> {
        let sent = self.tx.send(cmd);
        if sent.is_err() {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the event loop has stopped",
            ));
        }
        if !self.notified.swap(true, Ordering::AcqRel) {
            self.waker.wake()?;
        }
        Ok(())
    }

    /// Called by the loop before it drains the commands.
    pub(crate) fn clear(&self) {
        self.notified.store(false, Ordering::Release);
    }
}

/// What is known of one peer connection, for queries from any thread.
#[derive(Debug, Clone)]
pub struct PeerInfo {
    /// The peer's Origin-Host (empty before its CER/CEA).
    pub host: String,
    /// The peer's Origin-Realm.
    pub realm: String,
    /// Where the connection goes.
    pub address: Option<SocketAddr>,
    /// The peer state machine's state, as RFC 6733 §5.6 spells it.
    pub state: &'static str,
    /// The watchdog's state (RFC 3539 §3.4).
    pub watchdog: &'static str,
    /// The applications both sides support.
    pub applications: Vec<u32>,
    /// The event loop that owns it.
    pub(crate) worker: usize,
    /// Its key in that loop.
    pub(crate) key: PeerKey,
    /// Its place in the configuration (`usize::MAX` for a peer that
    /// connected in): among peers equal for a request, the first is
    /// chosen, whichever loop owns it.
    pub(crate) rank: usize,
    /// Its counters.
    pub(crate) counters: Arc<Counters>,
}

impl PeerInfo {
    /// Whether requests can be sent to the peer now.
    pub fn is_open(&self) -> bool {
        self.state.ends_with("-Open") && self.watchdog == "OKAY"
    }

    /// The peer's counters now.
    pub fn counters(&self) -> CountersSnapshot {
        self.counters.snapshot()
    }
}

/// Sends requests through a running node from any thread.
///
/// Requests are encoded by the caller (with any Hop-by-Hop Identifier: the
/// node assigns it) and routed by Destination-Host, then
/// Destination-Realm and application (RFC 6733 §6.1). Answers come back as
/// [`Answer`]s, parsed; when no peer can take a request, or none answers in time, the
/// node answers it locally with 3002 or 3003 (E bit set).
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) mailboxes: Arc<[Mailbox]>,
    pub(crate) directory: Arc<Directory>,
    pub(crate) end_to_end: Arc<AtomicU32>,
}

impl Client {
    /// [`Node::reconfigure`](crate::Node::reconfigure) of a node whose
    /// configured peers are `configured` (with their loops), which
    /// becomes the new list.
    pub(crate) fn reconfigure(
        &self,
        configured: &mut Vec<(PeerConfig, usize)>,
        topology: Topology,
    ) -> io::Result<Reconfigured> {
        let mailboxes = &self.mailboxes;
        let assigned = (self.directory).assign(configured, &topology.peers, mailboxes.len());
        let kept = (assigned.iter())
            .filter(|(pc, _)| configured.iter().any(|(old, _)| old == pc))
            .count();
        let changes = Reconfigured {
            added: assigned.len().saturating_sub(kept),
            removed: configured.len().saturating_sub(kept),
            kept,
        };
        let topology = Arc::new(topology);
        for (index, mailbox) in mailboxes.iter().enumerate() {
            let mine = (assigned.iter().enumerate())
                .filter(|(_, (_, owner))| *owner == index)
                .map(|(rank, (pc, _))| (rank, pc.clone()))
                .collect();
            mailbox.post(Command::Reconfigure {
                topology: Arc::clone(&topology),
                mine,
            })?;
        }
        *configured = assigned;
        Ok(changes)
    }

    /// A fresh End-to-End Identifier: the high 12 bits from the node's
    /// start time, the low 20 from a counter (RFC 6733 §3).
    pub fn next_end_to_end(&self) -> u32 {
        self.end_to_end.fetch_add(1, Ordering::Relaxed)
    }

    /// Sends `request` without waiting; its answer goes to `reply`.
    /// Answers of pipelined requests are told apart by End-to-End Identifier.
    ///
    /// # Errors
    /// The request does not parse, or the node has stopped.
    pub fn send(&self, request: Vec<u8>, reply: &Reply) -> io::Result<()> {
        let msg = Message::new_checked(&request)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        // One loop has every peer: no need to look in the peer table.
        let (worker, to) = match self.mailboxes.len() {
            1 => (0, None),
            _ => self.directory.worker_for(&msg).unwrap_or((0, None)),
        };
        let mailbox = self
            .mailboxes
            .get(worker)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no event loop"))?;
        mailbox.post(Command::Request {
            request,
            reply: reply.clone(),
            via: Via {
                to,
                ..Via::default()
            },
        })
    }

    /// Sends `request` and waits up to `timeout` for its answer.
    ///
    /// # Errors
    /// As [`send`](Self::send), or [`io::ErrorKind::TimedOut`].
    pub fn call(&self, request: Vec<u8>, timeout: Duration) -> io::Result<Answer> {
        let (tx, rx) = channel();
        self.send(request, &tx)?;
        rx.recv_timeout(timeout).map_err(|e| match e {
            RecvTimeoutError::Timeout => {
                io::Error::new(io::ErrorKind::TimedOut, "no answer in time")
            }
            RecvTimeoutError::Disconnected => {
                io::Error::new(io::ErrorKind::BrokenPipe, "the node stopped")
            }
        })
    }

    /// The peers known now, with their state and counters.
    pub fn peers(&self) -> Vec<PeerInfo> {
        self.directory.snapshot()
    }

    /// The counters of peers that are gone (a peer that connected in is
    /// forgotten when it closes), summed by Origin-Host; beyond 1,024
    /// hosts, the rest are summed under `"(others)"`.
    pub fn departed(&self) -> Vec<(String, CountersSnapshot)> {
        self.directory.departed()
    }

    /// How long the node's event-loop turns took since it started: a
    /// request read in a turn and answered at once (by a handler, or 3004
    /// of load shedding) was written out by the end of that turn.
    pub fn turns(&self) -> crate::TurnTimes {
        self.directory.turns.snapshot()
    }

    /// The overload reports (RFC 7683) in force at the node now: its own
    /// while it sheds load, and those it abates by; one per application,
    /// report type and name, with the largest reduction of its event loops.
    pub fn overload(&self) -> Vec<crate::OverloadState> {
        let now = std::time::Instant::now();
        let all = (self.directory.overload.lock()).unwrap_or_else(PoisonError::into_inner);
        let mut merged: Vec<crate::OverloadState> = Vec::new();
        for s in all
            .values()
            .flatten()
            .filter(|s| s.until.is_none_or(|t| t > now))
        {
            let same = |m: &&mut crate::OverloadState| {
                (m.reporting, m.application, m.host_report)
                    == (s.reporting, s.application, s.host_report)
                    && m.name.eq_ignore_ascii_case(&s.name)
            };
            match merged.iter_mut().find(same) {
                Some(m) => m.reduction = m.reduction.max(s.reduction),
                None => merged.push(s.clone()),
            }
        }
        merged
    }

    /// The node's messages by application, command and Result-Code since
    /// it started, sorted (see [`TrafficKey`](crate::TrafficKey)).
    pub fn traffic(&self) -> Vec<(crate::TrafficKey, u64)> {
        self.directory.traffic.snapshot()
    }

    /// Requests the node answered 3004 DIAMETER_TOO_BUSY by load shedding
    /// ([`NodeConfig::shed_after`](crate::NodeConfig::shed_after), RFC 6733
    /// §7.1.3) since it started, from every peer, those gone included
    /// (a peer's own count, [`CountersSnapshot::shed`], goes with it).
    pub fn shed(&self) -> u64 {
        self.directory.shed()
    }
}
