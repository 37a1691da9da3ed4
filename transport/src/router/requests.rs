//! Requests this node sends (its own, and relayed ones), their answers,
//! and failover (RFC 6733 §5.5.4, §6.2).

use std::time::Instant;

use diameter_core::dict::result_code;
use diameter_core::peer::Event;
use diameter_core::wire::{flags, Header, Message};
use tracing::debug;

use super::doic::Outgoing;
use super::{PeerKey, Router};
use crate::answer::Answer;
use crate::client::{Command, Reply};
use crate::handler::Handler;
use crate::local_answer::error_answer;
use crate::pending::Outstanding;
use crate::stats::Counters;

/// Who waits for the answer to a request this node sent.
#[derive(Debug)]
pub(crate) enum Waiter {
    /// A [`Client`](crate::Client): the answer's bytes go to the channel.
    Client(Reply),
    /// A request relayed for another peer (RFC 6733 §6.1.9): the answer
    /// goes back to that peer with the original Hop-by-Hop Identifier.
    Relay { peer: PeerKey, hop_by_hop: u32 },
    /// A request another loop relays through a peer of this one: the
    /// answer goes back to that loop, for its `peer`.
    Forwarded {
        worker: usize,
        peer: PeerKey,
        hop_by_hop: u32,
    },
}

/// How a request may be routed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Route {
    /// A peer it must not go to (the one it came from, or failed on), by
    /// event loop and key.
    pub except: Option<(usize, PeerKey)>,
    /// Whether any peer supporting its application will do (requests of
    /// our own) or only one its destination names (relayed ones).
    pub any_peer: bool,
    /// How many event loops passed it on already.
    pub hops: u8,
    /// The peer of this loop another one chose for it.
    pub to: Option<PeerKey>,
}

impl<H: Handler> Router<'_, H> {
    /// Sends a request of a [`Client`](crate::Client), to peer `to` of
    /// this loop when the client or another loop chose one.
    pub(super) fn send_request(
        &mut self,
        request: Vec<u8>,
        waiter: Waiter,
        now: Instant,
        (hops, to): (u8, Option<PeerKey>),
    ) {
        let route = Route {
            except: None,
            any_peer: true,
            hops,
            to,
        };
        self.send_routed(request, waiter, now, route);
    }

    /// A request another loop relays through peer `to` of this one.
    pub(super) fn relayed_from(
        &mut self,
        request: Vec<u8>,
        from: (usize, PeerKey, u32),
        now: Instant,
        (hops, to): (u8, Option<PeerKey>),
    ) {
        let (worker, peer, hop_by_hop) = from;
        let waiter = Waiter::Forwarded {
            worker,
            peer,
            hop_by_hop,
        };
        let route = Route {
            except: Some((worker, peer)),
            any_peer: false,
            hops,
            to,
        };
        self.send_routed(request, waiter, now, route);
    }

    /// Sends a request to peer `r.to` when it is still open, else to the
    /// peer the node's [`View`](crate::directory::View) chooses: through
    /// the loop owning it (a request passes through each loop at most
    /// once), else answers 3002 (RFC 6733 §6.1.4).
    pub(super) fn send_routed(&mut self, request: Vec<u8>, waiter: Waiter, now: Instant, r: Route) {
        let index = self.s.index;
        let to =
            r.to.filter(|&k| self.peers.get(k).is_some_and(|e| e.sm.is_available()));
        let target = match to {
            Some(k) => Some((index, k)),
            None => Message::new_checked(&request).ok().and_then(|msg| {
                let (directory, routes) = (self.s.directory, &self.s.config.routes);
                (self.view).choose(directory, &msg, r.except, r.any_peer, routes)
            }),
        };
        match target {
            Some((w, k)) if w == index => self.send_to(k, request, waiter, now),
            Some((w, k)) if usize::from(r.hops) < self.s.config.thread_count() => {
                self.pass_on(w, k, request, waiter, r.hops.saturating_add(1));
            }
            _ => self.answer_locally(&request, waiter, result_code::DIAMETER_UNABLE_TO_DELIVER),
        }
    }

    /// Sends a request to peer `pk` of this loop, or answers it 3002 when
    /// the peer cannot take it.
    ///
    /// With overload control (RFC 7683 §5.2.2) the loss algorithm may
    /// abate it first: it is then answered locally and counted in the
    /// peer's [`abated`](Counters::abated).
    pub(super) fn send_to(
        &mut self,
        pk: PeerKey,
        mut request: Vec<u8>,
        waiter: Waiter,
        now: Instant,
    ) {
        if let Some(code) = self.abated(pk, &mut request, now) {
            self.answer_locally(&request, waiter, code);
            return;
        }
        let Ok(msg) = Message::new_checked(&request) else {
            return;
        };
        let outcome = self.drive(pk, now, Event::Send(msg));
        let (Some(c), Some(entry)) = (outcome.transmit, self.peers.get_mut(pk)) else {
            self.answer_locally(&request, waiter, result_code::DIAMETER_UNABLE_TO_DELIVER);
            return;
        };
        let Some(conn) = self.conns.get_mut(c) else {
            return;
        };
        let at = conn.send.len();
        conn.send.push(&request);
        let deadline = now + self.s.config.request_timeout;
        let hop_by_hop = entry.pending.insert(Outstanding {
            deadline,
            waiter,
            request,
        });
        if let Ok(h) = Header::view_mut(conn.send.pending_mut_from(at)) {
            h.set_hop_by_hop(hop_by_hop);
        }
        Counters::bump(&entry.counters.requests_out);
        self.dirty.push(c);
        self.reschedule(pk);
    }

    /// The overload control verdict on `request`, about to go to peer
    /// `pk` (see [`Doic::outgoing`](super::doic::Doic::outgoing)): the Result-Code to answer it
    /// with when abated, counted for that peer.
    fn abated(&mut self, pk: PeerKey, request: &mut Vec<u8>, now: Instant) -> Option<u32> {
        let doic = self.doic.as_deref_mut()?;
        let Outgoing::Abate(code) = doic.outgoing(now, request) else {
            return None;
        };
        if let Some(e) = self.peers.get(pk) {
            Counters::bump(&e.counters.abated);
        }
        Some(code)
    }

    /// Gives a request to event loop `worker`, for its peer `to`.
    fn pass_on(&mut self, worker: usize, to: PeerKey, request: Vec<u8>, waiter: Waiter, hops: u8) {
        let to = Some(to);
        let command = match waiter {
            Waiter::Client(reply) => Command::Request {
                request,
                reply,
                hops,
                to,
            },
            Waiter::Relay { peer, hop_by_hop } => Command::Relay {
                request,
                from: (self.s.index, peer, hop_by_hop),
                hops,
                to,
            },
            Waiter::Forwarded {
                worker: from,
                peer,
                hop_by_hop,
            } => Command::Relay {
                request,
                from: (from, peer, hop_by_hop),
                hops,
                to,
            },
        };
        self.post(worker, command);
    }

    /// Peer `key` can no longer answer: its outstanding requests are sent
    /// once more to another peer with the T flag (RFC 6733 §5.5.4), or
    /// answered 3002 locally.
    pub(super) fn fail_over(&mut self, key: PeerKey, now: Instant) {
        let Some(e) = self.peers.get_mut(key) else {
            return;
        };
        for out in e.pending.take_all() {
            let mut request = out.request;
            let retransmitted =
                Header::view(&request).is_ok_and(|h| h.flags() & flags::RETRANSMIT != 0);
            if retransmitted {
                let code = result_code::DIAMETER_UNABLE_TO_DELIVER;
                self.answer_locally(&request, out.waiter, code);
                continue;
            }
            if let Ok(h) = Header::view_mut(&mut request) {
                h.set_retransmit(true);
            }
            let route = Route {
                except: Some((self.s.index, key)),
                any_peer: matches!(out.waiter, Waiter::Client(_)),
                hops: 0,
                to: None,
            };
            self.send_routed(request, out.waiter, now, route);
        }
        if let Some(e) = self.peers.get(key) {
            e.counters.set_outstanding(e.pending.len());
        }
    }

    /// An answer from peer `pk`, received at `now`: matched to its request
    /// by Hop-by-Hop Identifier. With overload control, the OC-OLRs of an
    /// answer to a request this loop sent are read (RFC 7683 §5.2.1.3),
    /// and left in it for whoever waits for it.
    pub(super) fn on_answer(&mut self, pk: PeerKey, msg: &Message<'_>, now: Instant) {
        let Some(entry) = self.peers.get_mut(pk) else {
            return;
        };
        Counters::bump(&entry.counters.answers_in);
        let Some(out) = entry.pending.take(msg.hop_by_hop()) else {
            debug!(
                hop_by_hop = msg.hop_by_hop(),
                "answer to no request: discarded (RFC 6733 §6.2)"
            );
            return;
        };
        self.reschedule(pk);
        if let Some(d) = self.doic.as_deref_mut() {
            d.on_answer(now, msg);
        }
        self.complete(out.waiter, msg.as_bytes());
    }

    /// Hands an answer to whoever waits for it.
    pub(super) fn complete(&mut self, waiter: Waiter, answer: &[u8]) {
        match waiter {
            Waiter::Client(reply) => {
                let _ = reply.send(Answer::new(answer.to_vec()));
            }
            Waiter::Relay { peer, hop_by_hop } => {
                let Some(e) = self.peers.get(peer) else {
                    return;
                };
                let Some(c) = e.i.or(e.r) else {
                    return;
                };
                Counters::bump(&e.counters.answers_out);
                let Some(conn) = self.conns.get_mut(c) else {
                    return;
                };
                let at = conn.send.len();
                conn.send.push(answer);
                if let Ok(h) = Header::view_mut(conn.send.pending_mut_from(at)) {
                    h.set_hop_by_hop(hop_by_hop);
                }
                self.dirty.push(c);
            }
            Waiter::Forwarded {
                worker,
                peer,
                hop_by_hop,
            } => {
                let command = Command::RelayAnswer {
                    peer,
                    hop_by_hop,
                    answer: answer.to_vec(),
                };
                self.post(worker, command);
            }
        }
    }

    /// Answers a request this node could not deliver with a local error
    /// answer (E bit, RFC 6733 §6.1.4, §7.1.3).
    pub(super) fn answer_locally(&mut self, request: &[u8], waiter: Waiter, code: u32) {
        if let Some(answer) = error_answer(request, code, &self.us()) {
            self.complete(waiter, &answer);
        }
    }
}
