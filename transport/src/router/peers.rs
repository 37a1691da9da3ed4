//! Peers: their state machines, the actions those return, and their timers.

use std::cmp::Reverse;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diameter_core::dict::result_code;
use diameter_core::peer::{
    self, Action, Actions, BaseMessage, Conn, Event, LocalIdentity, Peer, State,
};
use tracing::{debug, info, warn};

use super::{ConnKey, ConnState, Io, PeerKey, Router, Timer, TlsSide, Waiter};
use crate::client::PeerInfo;
use crate::config::{PeerConfig, TlsMode};
use crate::handler::Handler;
use crate::identity;
use crate::local_answer::error_answer;
use crate::pending::PendingTable;
use crate::stats::Counters;

/// One Diameter peer: its state machine, connections and requests in flight.
pub(super) struct PeerEntry<'a> {
    pub sm: Peer<'a>,
    pub i: Option<ConnKey>,
    pub r: Option<ConnKey>,
    /// An accepted connection whose CER is being handled (R-Conn-CER).
    pub incoming: Option<ConnKey>,
    pub configured: Option<PeerConfig>,
    /// Its place in the configuration; `usize::MAX` when not configured.
    pub rank: usize,
    pub pending: PendingTable<Waiter>,
    pub counters: Arc<Counters>,
    /// The earliest of its entries on the timer heap, which may be earlier
    /// than its next deadline (it then reschedules when it fires).
    pub timer: Option<Instant>,
    /// The Inband-Security-Id values its CER or CEA offers (RFC 6733 §6.10).
    pub offer: &'static [u32],
}

impl PeerEntry<'_> {
    pub fn conn(&self, c: Conn) -> Option<ConnKey> {
        match c {
            Conn::I => self.i,
            Conn::R => self.r.or(self.incoming),
        }
    }
}

/// What an event's actions asked of the message that caused it.
#[derive(Default)]
pub(super) struct Outcome {
    pub deliver: bool,
    pub transmit: Option<ConnKey>,
}

/// The core's time (peer state machines, DOIC) of `now`: since the
/// router's clock start, `epoch`.
pub(super) fn core_time(epoch: Instant, now: Instant) -> peer::Instant {
    let ms = now.saturating_duration_since(epoch).as_millis();
    peer::Instant::from_millis(u64::try_from(ms).unwrap_or(u64::MAX))
}

impl<'a, H: Handler> Router<'a, H> {
    fn ptime(&self, now: Instant) -> peer::Instant {
        core_time(self.epoch, now)
    }

    /// A peer whose capabilities exchange offers the Inband-Security-Id
    /// values `offer`; unless `admitted`, its CER is answered 3010
    /// DIAMETER_UNKNOWN_PEER (RFC 6733 §5.6.1).
    pub(super) fn new_peer(
        &mut self,
        configured: Option<PeerConfig>,
        rank: usize,
        offer: &'static [u32],
        admitted: bool,
    ) -> PeerKey {
        let slot = super::keys::Key::index(self.peers.next_key()) as u32;
        let local = LocalIdentity {
            inband_security_ids: offer,
            ..self.s.local
        };
        let mut config = peer::Config::new(local, self.s.seed ^ slot.wrapping_mul(0x9e37_79b9));
        config.peers = match admitted {
            true => peer::PeerFilter::Any,
            false => peer::PeerFilter::Only(&[]),
        };
        config.tw = self.s.config.watchdog_interval;
        config.tc = self.s.config.reconnect_interval;
        config.response_timeout = self.s.config.response_timeout;
        self.peers.insert(PeerEntry {
            sm: Peer::new(config),
            i: None,
            r: None,
            incoming: None,
            configured,
            rank,
            pending: PendingTable::new(self.s.seed),
            counters: Arc::default(),
            timer: None,
            offer,
        })
    }

    /// Feeds `event` to peer `key` and carries out its actions.
    pub(super) fn drive(&mut self, key: PeerKey, now: Instant, event: Event<'_>) -> Outcome {
        let pnow = self.ptime(now);
        let Some(entry) = self.peers.get_mut(key) else {
            return Outcome::default();
        };
        let actions = entry.sm.handle(pnow, event);
        let outcome = self.execute(key, &actions, now);
        self.reschedule(key);
        self.forget_if_done(key);
        outcome
    }

    fn execute(&mut self, key: PeerKey, actions: &Actions, now: Instant) -> Outcome {
        let mut outcome = Outcome::default();
        for action in actions {
            match *action {
                Action::Connect => self.connect(key, now),
                Action::Accept => {
                    if let Some(entry) = self.peers.get_mut(key) {
                        entry.r = entry.incoming;
                    }
                }
                Action::Reject => {
                    if let Some(c) = self.peers.get(key).and_then(|e| e.incoming) {
                        self.close(c);
                    }
                }
                Action::Disconnect(c) => {
                    if let Some(conn) = self.peers.get(key).and_then(|e| e.conn(c)) {
                        self.close(conn);
                    }
                }
                Action::Send { conn, msg, ids } => {
                    let Some(c) = self.peers.get(key).and_then(|e| e.conn(conn)) else {
                        continue;
                    };
                    let local = self.capabilities(key, msg);
                    if let Some(cn) = self.conns.get_mut(c) {
                        if let Err(e) = cn.send.encode(|b| peer::write_base(b, &local, msg, ids)) {
                            warn!(error = %e, "cannot encode {msg:?}");
                        }
                        self.dirty.push(c);
                    }
                }
                Action::Transmit(c) => {
                    outcome.transmit = self.peers.get(key).and_then(|e| e.conn(c))
                }
                Action::Deliver => outcome.deliver = true,
                Action::State(s) => {
                    self.publish(key);
                    if s == State::Closed {
                        self.fail_over(key, now);
                    }
                    if s.is_open() {
                        self.inband_tls(key, s, now);
                    }
                }
                Action::Watchdog(w) => {
                    self.publish(key);
                    if matches!(w, peer::WatchdogState::Down | peer::WatchdogState::Suspect) {
                        self.fail_over(key, now);
                    }
                }
                Action::Error(e) => debug!(peer = %self.host_of(key), "peer event: {e:?}"),
            }
        }
        outcome
    }

    /// What peer `key` says of itself in `msg`: the node's identity, with
    /// the peer's Inband-Security-Id offer in a CER or a refusing CEA, and
    /// in a successful CEA only the value agreed on (RFC 6733 §6.10), so
    /// that both sides see the same choice.
    fn capabilities(&self, key: PeerKey, msg: BaseMessage) -> LocalIdentity<'a> {
        let Some(e) = self.peers.get(key) else {
            return self.s.local;
        };
        let inband_security_ids = match msg {
            BaseMessage::Cea { result_code, .. } if (2000..3000).contains(&result_code) => {
                match e.sm.remote().inband_security {
                    peer::TLS => identity::TLS_ONLY,
                    _ => identity::CLEAR,
                }
            }
            _ => e.offer,
        };
        LocalIdentity {
            inband_security_ids,
            ..self.s.local
        }
    }

    /// When peer `key`, open now in `state`, agreed on Inband-Security-Id
    /// TLS (RFC 6733 §6.10): its connection starts TLS after the CEA.
    fn inband_tls(&mut self, key: PeerKey, state: State, now: Instant) {
        let Some(e) = self.peers.get(key) else { return };
        let remote = e.sm.remote();
        if remote.inband_security != peer::TLS {
            return;
        }
        let (conn, side) = match state {
            State::IOpen => (e.conn(Conn::I), TlsSide::Client),
            _ => (e.conn(Conn::R), TlsSide::Server),
        };
        let host = remote.origin_host.to_string();
        if let Some(conn) = conn {
            self.upgrade(now, conn, side, host);
        }
    }

    /// Opens the initiator connection of a configured peer; with TLS at
    /// connect (RFC 6733 §2.1) its handshake starts with it.
    fn connect(&mut self, key: PeerKey, now: Instant) {
        let Some(pc) = (self.peers.get(key)).and_then(|e| e.configured.as_ref()) else {
            return;
        };
        let addr = pc.address;
        let tls = (pc.tls == TlsMode::AtConnect).then(|| pc.host.clone().unwrap_or_default());
        let mut state = ConnState::new(Some((key, Conn::I)), Some(addr));
        state.connecting = true;
        let conn = self.conns.insert(state);
        if let Some(e) = self.peers.get_mut(key) {
            e.i = Some(conn);
        }
        if tls.is_some() {
            self.start_handshake(now, conn, None);
        }
        self.io.push_back(Io::Connect { conn, addr, tls });
    }

    pub(super) fn host_of(&self, key: PeerKey) -> String {
        self.peers
            .get(key)
            .map(|e| e.sm.remote().origin_host.to_string())
            .unwrap_or_default()
    }

    /// Tells the peer table (and the log) what a peer looks like now.
    fn publish(&mut self, key: PeerKey) {
        let Some(e) = self.peers.get(key) else { return };
        let remote = e.sm.remote();
        let address = (e.i.or(e.r))
            .and_then(|c| self.conns.get(c))
            .and_then(|c| c.addr);
        let address = address.or(e.configured.as_ref().map(|c| c.address));
        let info = PeerInfo {
            host: remote.origin_host.to_string(),
            realm: remote.origin_realm.to_string(),
            address,
            state: e.sm.state().name(),
            watchdog: e.sm.watchdog().name(),
            applications: remote.applications.to_vec(),
            worker: self.s.index,
            key,
            rank: e.rank,
            counters: Arc::clone(&e.counters),
        };
        info!(peer = %info.host, state = info.state, watchdog = info.watchdog, "peer state");
        self.s.directory.update(self.s.index, key, info);
    }

    /// Removes a peer nobody configured once it is closed and idle.
    fn forget_if_done(&mut self, key: PeerKey) {
        let Some(e) = self.peers.get(key) else { return };
        if e.configured.is_none()
            && e.sm.state() == State::Closed
            && e.i.is_none()
            && e.r.is_none()
            && e.incoming.is_none()
        {
            let host = e.sm.remote().origin_host.to_ascii_lowercase();
            if self.hosts.get(&host) == Some(&key) {
                self.hosts.remove(&host);
                self.s.directory.release(&host, self.s.index);
            }
            self.peers.remove(key);
            self.s.directory.remove(self.s.index, key);
        }
    }

    /// Puts peer `key`'s next deadline (state machine or pending request)
    /// on the timer heap.
    pub(super) fn reschedule(&mut self, key: PeerKey) {
        let epoch = self.epoch;
        let Some(e) = self.peers.get_mut(key) else {
            return;
        };
        e.counters.set_outstanding(e.pending.len());
        let sm = (e.sm.poll_timeout()).map(|t| epoch + Duration::from_millis(t.as_millis()));
        let next = [sm, e.pending.next_deadline()].into_iter().flatten().min();
        // Only an earlier deadline goes on the heap: a later one is found
        // when the entry there fires (which then reschedules). Pushing every
        // change would keep one entry per answered request for as long as
        // the request timeout.
        if let Some(t) = next {
            if e.timer.is_none_or(|scheduled| t < scheduled) {
                e.timer = Some(t);
                self.timers.push(Reverse((t, Timer::Peer(key))));
            }
        }
    }

    /// Runs every timer due at `now`: CER waits, later answers past their deadline,
    /// requests nobody answered, the peers' own timers.
    pub(crate) fn handle_timeout(&mut self, now: Instant) {
        self.expire_cer_waits(now);
        let us = self.us();
        for (conn, request) in self.deferred.get_mut().expired(now) {
            // RFC 6733 §6.1.4: no answer in time.
            if let Some(a) = error_answer(&request, result_code::DIAMETER_UNABLE_TO_DELIVER, &us) {
                self.push_output(conn, &a);
            }
        }
        while let Some(&Reverse((t, timer))) = self.timers.peek() {
            if t > now {
                break;
            }
            self.timers.pop();
            let key = match timer {
                Timer::Peer(key) => key,
                Timer::Handshake(conn) => {
                    self.handshake_expired(now, conn, t);
                    continue;
                }
            };
            let Some(e) = self.peers.get_mut(key) else {
                continue;
            };
            if e.timer != Some(t) {
                continue;
            }
            e.timer = None;
            let expired = e.pending.take_expired(now);
            for _ in &expired {
                Counters::bump(&e.counters.timeouts);
            }
            for (_, out) in expired {
                let code = result_code::DIAMETER_UNABLE_TO_DELIVER;
                self.answer_locally(&out.request, out.waiter, code);
            }
            let due = (self.peers.get(key))
                .and_then(|e| e.sm.poll_timeout())
                .is_some_and(|d| d <= self.ptime(now));
            if due {
                self.drive(key, now, Event::Timeout);
                self.shrink_buffers(key);
            } else {
                self.reschedule(key);
            }
        }
    }

    /// Gives back buffer memory of a peer's quiet connections (run at its
    /// timer ticks, so a busy connection keeps its buffers).
    fn shrink_buffers(&mut self, key: PeerKey) {
        let Some(e) = self.peers.get(key) else { return };
        for c in [e.i, e.r].into_iter().flatten() {
            if let Some(conn) = self.conns.get_mut(c) {
                conn.send.shrink();
                if conn.partial.is_empty() {
                    conn.partial = Vec::new();
                }
                if conn.parked.is_empty() {
                    conn.parked = Vec::new();
                }
            }
        }
    }
}
