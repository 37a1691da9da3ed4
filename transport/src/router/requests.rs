//! Requests this node sends (its own, and relayed ones), their answers,
//! and failover (RFC 6733 §5.5.4, §6.2).

use std::time::Instant;

use diameter_core::dict::{base, result_code};
use diameter_core::peer::Event;
use diameter_core::wire::{flags, Header, Message};
use tracing::debug;

use super::doic::Outgoing;
use super::{PeerKey, Router};
use crate::answer::Answer;
use crate::client::{Command, Reply, Via};
use crate::directory::Wanted;
use crate::handler::Handler;
use crate::local_answer::error_answer;
use crate::pending::Outstanding;
use crate::stats::Counters;
use crate::traffic::{self, Flow, TrafficKey};

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
    /// Loops passed, the peer chosen for it, redirected or not.
    pub via: Via,
}

impl<H: Handler> Router<'_, H> {
    /// Sends a request of a [`Client`](crate::Client), to peer `via.to`
    /// of this loop when the client or another loop chose one.
    pub(super) fn send_request(
        &mut self,
        request: Vec<u8>,
        waiter: Waiter,
        now: Instant,
        via: Via,
    ) {
        let route = Route {
            except: None,
            any_peer: true,
            via,
        };
        self.send_routed(request, waiter, now, route);
    }

    /// A request another loop relays through peer `via.to` of this one.
    pub(super) fn relayed_from(
        &mut self,
        request: Vec<u8>,
        from: (usize, PeerKey, u32),
        now: Instant,
        via: Via,
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
            via,
        };
        self.send_routed(request, waiter, now, route);
    }

    /// Sends a request to peer `r.via.to` when it is still open, else to
    /// the peer the node's [`View`](crate::directory::View) chooses, else
    /// answers 3002 (RFC 6733 §6.1.4).
    pub(super) fn send_routed(&mut self, request: Vec<u8>, waiter: Waiter, now: Instant, r: Route) {
        let to = (r.via.to).filter(|&k| self.peers.get(k).is_some_and(|e| e.sm.is_available()));
        let target = match to {
            Some(k) => Some((self.s.index, k)),
            None => Message::new_checked(&request).ok().and_then(|msg| {
                let (directory, routes) = (self.s.directory, &self.topology.routes);
                let wanted = Wanted::of(&msg, r.except, r.any_peer);
                (self.view).choose(directory, &wanted, routes)
            }),
        };
        self.dispatch(target, request, waiter, now, r.via);
    }

    /// Sends a request to peer `target`: on this loop, or through the loop
    /// owning it (a request passes through each loop at most once); 3002
    /// when there is none (RFC 6733 §6.1.4).
    fn dispatch(
        &mut self,
        target: Option<(usize, PeerKey)>,
        request: Vec<u8>,
        waiter: Waiter,
        now: Instant,
        via: Via,
    ) {
        match target {
            Some((w, k)) if w == self.s.index => {
                self.send_to(k, request, waiter, now, via.redirected)
            }
            Some((w, k)) if usize::from(via.hops) < self.s.config.thread_count() => {
                let via = Via {
                    hops: via.hops.saturating_add(1),
                    to: Some(k),
                    redirected: via.redirected,
                };
                self.pass_on(w, request, waiter, via);
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
        redirected: bool,
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
            redirected,
        });
        if let Ok(h) = Header::view_mut(conn.send.pending_mut_from(at)) {
            h.set_hop_by_hop(hop_by_hop);
            self.traffic.count(TrafficKey {
                flow: Flow::RequestsSent,
                application: h.application_id(),
                command: h.command_code(),
                result_code: 0,
            });
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

    /// Gives a request to event loop `worker`, for its peer `via.to`.
    fn pass_on(&mut self, worker: usize, request: Vec<u8>, waiter: Waiter, via: Via) {
        let command = match waiter {
            Waiter::Client(reply) => Command::Request {
                request,
                reply,
                via,
            },
            Waiter::Relay { peer, hop_by_hop } => Command::Relay {
                request,
                from: (self.s.index, peer, hop_by_hop),
                via,
            },
            Waiter::Forwarded {
                worker: from,
                peer,
                hop_by_hop,
            } => Command::Relay {
                request,
                from: (from, peer, hop_by_hop),
                via,
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
        let failed = std::sync::Arc::clone(&e.counters);
        for out in e.pending.take_all() {
            Counters::bump(&failed.failovers);
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
                via: Via {
                    redirected: out.redirected,
                    ..Via::default()
                },
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
    /// and left in it for whoever waits for it; a 3006 sends the request
    /// on to the Redirect-Host (RFC 6733 §6.13).
    pub(super) fn on_answer(&mut self, pk: PeerKey, msg: &Message<'_>, now: Instant) {
        let Some(entry) = self.peers.get_mut(pk) else {
            return;
        };
        Counters::bump(&entry.counters.answers_in);
        let code = msg
            .lookup(base::RESULT_CODE.code, 0)
            .and_then(|a| a.u32().ok());
        entry.counters.answered(code);
        let outcome = traffic::outcome_of(msg, code);
        (self.traffic).count(TrafficKey::of(Flow::AnswersReceived, msg, outcome));
        let Some(out) = entry.pending.take(msg.hop_by_hop()) else {
            debug!(
                hop_by_hop = msg.hop_by_hop(),
                "answer to no request: discarded (RFC 6733 §6.2)"
            );
            return;
        };
        self.reschedule(pk);
        if let Some(d) = self.doic.as_deref_mut() {
            d.on_answer(now, msg, code);
        }
        if !out.redirected && msg.is_error() {
            if let Some(target) = self.redirected_to(msg, code) {
                let via = Via {
                    redirected: true,
                    ..Via::default()
                };
                self.dispatch(Some(target), out.request, out.waiter, now, via);
                return;
            }
        }
        let behalf = (self.doic.as_deref_mut()).and_then(|d| d.behalf_answer(now, msg));
        let reported = behalf.as_deref().and_then(|b| Message::new_checked(b).ok());
        let answer = reported.as_ref().unwrap_or(msg);
        let hidden = self.hidden_answer(pk, &out.waiter, answer);
        match hidden.or(behalf) {
            Some(changed) => self.complete(out.waiter, &changed),
            None => self.complete(out.waiter, msg.as_bytes()),
        }
    }

    /// With topology hiding, the answer of inner peer `pk` for a requester
    /// of another realm, its Origin-Host and Error-Reporting-Host replaced
    /// by their pseudonyms (see [`hiding`](super::hiding)).
    fn hidden_answer(
        &mut self,
        pk: PeerKey,
        waiter: &Waiter,
        msg: &Message<'_>,
    ) -> Option<Vec<u8>> {
        let hider = self.hiding.as_deref_mut()?;
        let directory = self.s.directory;
        let realm = |key| {
            self.peers
                .get(key)
                .map(|e| e.sm.remote().origin_realm.as_ref())
        };
        if !realm(pk).is_some_and(|r| hider.is_inner(r)) {
            return None;
        }
        let requester = match *waiter {
            Waiter::Client(_) => return None,
            Waiter::Relay { peer, .. } => realm(peer).map(str::to_owned),
            Waiter::Forwarded { worker, peer, .. } => self
                .view
                .realm_of(directory, (worker, peer))
                .map(str::to_owned),
        };
        if requester.is_none_or(|r| hider.is_inner(&r)) {
            return None;
        }
        let mut answer = Vec::new();
        super::hiding::rewrite(msg, &mut answer, None, |_, host| {
            Some(hider.pseudonym(host, directory))
        })
        .then_some(answer)
    }

    /// Where a 3006 DIAMETER_REDIRECT_INDICATION answer sends its request
    /// (RFC 6733 §6.1.7, §6.13): the first open peer its Redirect-Host
    /// AVPs name (`aaa://host[:port][;...]`) that supports the request's
    /// application. A host the node has no connection with is not
    /// connected to: the answer then goes to the requester as it is.
    /// `code` is the answer's Result-Code.
    fn redirected_to(
        &mut self,
        answer: &Message<'_>,
        code: Option<u32>,
    ) -> Option<(usize, PeerKey)> {
        if code != Some(result_code::DIAMETER_REDIRECT_INDICATION) {
            return None;
        }
        let (directory, app) = (self.s.directory, answer.application_id());
        (answer.avps().map_while(Result::ok))
            .filter(|a| a.code() == base::REDIRECT_HOST.code)
            .filter_map(|a| a.utf8().ok().and_then(uri_host))
            .find_map(|host| (self.view).choose(directory, &Wanted::host(host, app), &[]))
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

/// The host of a DiameterURI (RFC 6733 §4.3.1: `aaa://` or `aaas://`
/// FQDN, then an optional port and parameters).
fn uri_host(uri: &str) -> Option<&str> {
    let rest = (uri.strip_prefix("aaa://")).or_else(|| uri.strip_prefix("aaas://"))?;
    let host = rest.split([':', ';', '/']).next()?;
    (!host.is_empty()).then_some(host)
}
