//! Requests that arrive from peers: served here, relayed, or refused.

use std::cell::Cell;
use std::sync::Arc;
use std::time::Instant;

use diameter_core::dict::{base, result_code};
use diameter_core::validate::{write_error_answer, Culprit, Validator, Violation};
use diameter_core::wire::{flags, Message, MessageWriter};
use tracing::{debug, warn};

use super::hiding;
use super::routing::{append_route_record, identity};
use super::{ConnKey, PeerKey, Router, Waiter};
use crate::client::{Command, Via};
use crate::config::{self, Role};
use crate::directory::Wanted;
use crate::handler::{Context, Handler, Later};
use crate::local_answer::reason_of;
use crate::stats::Counters;
use crate::traffic::{self, Flow, TrafficKey};

impl<H: Handler> Router<'_, H> {
    /// A request from peer `pk`, arrived on connection `conn`.
    pub(super) fn on_request(
        &mut self,
        pk: PeerKey,
        conn: ConnKey,
        msg: &Message<'_>,
        now: Instant,
    ) {
        let Some(entry) = self.peers.get(pk) else {
            return;
        };
        Counters::bump(&entry.counters.requests_in);
        (self.traffic).count(TrafficKey::of(Flow::RequestsReceived, msg, 0));
        // One walk for the Destination-Host, which decides both whether the
        // request is ours and whether it may be shed.
        let host = identity(msg, base::DESTINATION_HOST.code);
        if !self.for_us(msg, host) {
            let relayed = match self.s.config.role {
                // RFC 6733 §2.8.2: a proxy forwards the applications it
                // advertises.
                Role::Proxy if !self.s.applications.contains(&msg.application_id()) => {
                    Err(result_code::DIAMETER_APPLICATION_UNSUPPORTED)
                }
                Role::Relay | Role::Proxy => self.relay(pk, msg, host, now),
                Role::Redirect => self.redirect(pk, conn, msg),
                Role::Server => Err(self.not_for_us(msg)),
            };
            if let Err(code) = relayed {
                self.refuse(pk, conn, msg, code, None);
            }
            return;
        }
        // RFC 6733 §6.1: a request naming us in Destination-Host continues
        // a series we serve; the first of a series may be shed.
        if host.is_none() && !self.shed.admit() {
            if let Some(e) = self.peers.get(pk) {
                Counters::bump(&e.counters.shed);
            }
            self.s.directory.count_shed();
            self.refuse(pk, conn, msg, result_code::DIAMETER_TOO_BUSY, Some(now));
            return;
        }
        let verdict = Validator::new(self.s.applications)
            .with_dictionaries(self.s.config.dictionaries)
            .with_strictness(self.s.config.strictness)
            .validate(msg);
        let us = self.us();
        let max = self.s.config.max_message_size;
        let (Some(entry), Some(c)) = (self.peers.get(pk), self.conns.get_mut(conn)) else {
            return;
        };
        let peer_host: &str = &entry.sm.remote().origin_host;
        c.send.reserve_free(max);
        let refused = verdict.as_ref().err().map(|v| v.result_code);
        let written = match verdict {
            Err(v) => {
                self.s.handler.refused(msg, v.result_code);
                Counters::bump(&entry.counters.errors);
                debug!(peer = %peer_host, "rejecting request: {v}");
                write_error_answer(c.send.free_mut(), msg, &v, &us, None).map(|n| {
                    let Some(d) = self.doic.as_deref_mut() else {
                        return n;
                    };
                    d.append_answer(now, self.shed.overloaded(), msg, c.send.free_mut(), n)
                })
            }
            Ok(()) => {
                let taken = Cell::new(false);
                let ctx = Context {
                    origin_host: us.origin_host,
                    origin_realm: us.origin_realm,
                    peer_host,
                    client: self.s.client,
                    later: Later {
                        table: &self.deferred,
                        taken: &taken,
                        conn,
                        request: msg,
                        deadline: now + self.s.config.answer_deadline,
                        worker: self.s.index,
                    },
                };
                let mut w = MessageWriter::answer(c.send.free_mut(), msg);
                self.s.handler.handle(&ctx, msg, &mut w);
                if taken.get() {
                    return;
                }
                if let Some(d) = self.doic.as_deref_mut() {
                    d.write_answer(now, self.shed.overloaded(), msg, &mut w);
                }
                w.finish()
            }
        };
        match written {
            Ok(n) => {
                let key = match refused {
                    Some(code) => TrafficKey::of(Flow::AnsweredByNode, msg, code),
                    None => {
                        let answer = c.send.free_mut().get(..n).unwrap_or_default();
                        let outcome = traffic::outcome_of_bytes(answer);
                        TrafficKey::of(Flow::AnsweredByHandler, msg, outcome)
                    }
                };
                self.traffic.count(key);
                c.send.commit(n);
                Counters::bump(&entry.counters.answers_out);
                self.dirty.push(conn);
            }
            Err(e) => warn!(peer = %peer_host, error = %e, "answer not sent"),
        }
    }

    /// Answers a request of peer `pk` with the error `code`, built here;
    /// when the request was for this node, `ours` is the time, for the
    /// answer's DOIC AVPs (RFC 7683 §5.1.2, §5.2.3).
    fn refuse(
        &mut self,
        pk: PeerKey,
        conn: ConnKey,
        msg: &Message<'_>,
        code: u32,
        ours: Option<Instant>,
    ) {
        self.s.handler.refused(msg, code);
        let us = self.us();
        let max = self.s.config.max_message_size;
        let (Some(entry), Some(c)) = (self.peers.get(pk), self.conns.get_mut(conn)) else {
            return;
        };
        let v = Violation::new(code, reason_of(code), Culprit::None);
        c.send.reserve_free(max);
        match write_error_answer(c.send.free_mut(), msg, &v, &us, None) {
            Ok(n) => {
                let n = match (ours, self.doic.as_deref_mut()) {
                    (Some(now), Some(d)) => {
                        d.append_answer(now, self.shed.overloaded(), msg, c.send.free_mut(), n)
                    }
                    _ => n,
                };
                c.send.commit(n);
                Counters::bump(&entry.counters.errors);
                Counters::bump(&entry.counters.answers_out);
                self.traffic
                    .count(TrafficKey::of(Flow::AnsweredByNode, msg, code));
                self.dirty.push(conn);
            }
            Err(e) => warn!(peer = %entry.sm.remote().origin_host, error = %e, "answer not sent"),
        }
    }

    /// Relays a request that is not for this node to the peer its
    /// destination names (RFC 6733 §6.1.9), adding a Route-Record with the
    /// identity of the peer it came from; through another event loop when
    /// that loop owns the peer.
    ///
    /// # Errors
    /// The Result-Code to answer with: 3005 when this node's identity is
    /// already in a Route-Record (§6.1.3), 3003 when the realm is not
    /// served, 3002 when no peer of it is available (§6.1.4).
    fn relay<'m>(
        &mut self,
        pk: PeerKey,
        msg: &Message<'m>,
        host: Option<&'m str>,
        now: Instant,
    ) -> Result<(), u32> {
        if self.looped(msg) {
            return Err(result_code::DIAMETER_LOOP_DETECTED);
        }
        let except = Some((self.s.index, pk));
        let (directory, routes) = (self.s.directory, &self.topology.routes);
        // A pseudonym this proxy gave stands for the host it hides.
        let named = (self.hiding.as_ref().and(host)).and_then(|h| directory.unhide(h));
        let wanted = Wanted::with_host(msg, named.as_deref().or(host), except, false);
        let chosen = (self.view).choose(directory, &wanted, routes);
        let (worker, to) = chosen.ok_or_else(|| self.undeliverable(msg))?;
        let request = self.forwarded(pk, msg, (worker, to), named.as_deref());
        let hop_by_hop = msg.hop_by_hop();
        if worker == self.s.index {
            let waiter = Waiter::Relay {
                peer: pk,
                hop_by_hop,
            };
            self.send_to(to, request, waiter, now, false);
        } else {
            let via = Via {
                hops: 1,
                to: Some(to),
                redirected: false,
            };
            let command = Command::Relay {
                request,
                from: (self.s.index, pk, hop_by_hop),
                via,
            };
            self.post(worker, command);
        }
        Ok(())
    }

    /// The request of peer `pk` as it goes on to peer `to`, with the
    /// Route-Record naming `pk` (RFC 6733 §6.1.9). With topology hiding,
    /// from the inner network to another, every host name in it is a
    /// pseudonym; to the host a pseudonym of its Destination-Host stands
    /// for (`named`), that AVP names the host.
    fn forwarded(
        &mut self,
        pk: PeerKey,
        msg: &Message<'_>,
        to: (usize, PeerKey),
        named: Option<&str>,
    ) -> Vec<u8> {
        let remote = self.peers.get(pk).map(|e| e.sm.remote());
        let from: &str = remote.map_or("", |r| &r.origin_host);
        let mut request = Vec::new();
        if let Some(hider) = self.hiding.as_deref_mut() {
            let directory = self.s.directory;
            let from_inner = remote.is_some_and(|r| hider.is_inner(&r.origin_realm));
            let to_inner = (self.view.realm_of(directory, to)).is_some_and(|r| hider.is_inner(r));
            let rewritten = if from_inner && !to_inner {
                let record = hider.pseudonym(from, directory);
                hiding::rewrite(msg, &mut request, Some(&record), |code, host| {
                    (code != base::DESTINATION_HOST.code).then(|| hider.pseudonym(host, directory))
                })
            } else if let Some(real) = named {
                hiding::rewrite(msg, &mut request, Some(from), |code, _| {
                    (code == base::DESTINATION_HOST.code).then(|| real.to_owned())
                })
            } else {
                false
            };
            if rewritten {
                return request;
            }
        }
        // One allocation: the request and its Route-Record (8-byte header).
        request.reserve_exact(msg.len() + 8 + diameter_core::wire::padded(from.len()));
        request.extend_from_slice(msg.as_bytes());
        append_route_record(&mut request, from);
        request
    }

    /// The answer of a redirect agent (RFC 6733 §6.1.8): 3006
    /// DIAMETER_REDIRECT_INDICATION with the E bit and the same Hop-by-Hop
    /// Identifier, one Redirect-Host per peer its routes give for the
    /// request's Destination-Realm and application (a configured peer's
    /// with its port), REALM_AND_APPLICATION usage for a cache time of
    /// [`REDIRECT_CACHE`] (§6.13, §6.14).
    ///
    /// # Errors
    /// 3003 DIAMETER_REALM_NOT_SERVED when no route serves the realm.
    fn redirect(&mut self, pk: PeerKey, conn: ConnKey, msg: &Message<'_>) -> Result<(), u32> {
        let topology = Arc::clone(&self.topology);
        let realm = identity(msg, base::DESTINATION_REALM.code).unwrap_or_default();
        let uri = |host: &str| match topology.peer(host) {
            Some(p) => format!("aaa://{host}:{};transport=tcp", p.address.port()),
            None => format!("aaa://{host}"),
        };
        let mut hosts: Vec<String> = Vec::new();
        for host in config::Route::matching(&topology.routes, realm, msg.application_id())
            .flat_map(|r| r.peers.iter().map(|p| &p.host))
        {
            if !hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
                hosts.push(host.clone());
            }
        }
        if hosts.is_empty() {
            return Err(result_code::DIAMETER_REALM_NOT_SERVED);
        }
        let us = self.us();
        let (Some(entry), Some(c)) = (self.peers.get(pk), self.conns.get_mut(conn)) else {
            return Ok(());
        };
        c.send.reserve_free(self.s.config.max_message_size);
        let mut w = MessageWriter::answer(c.send.free_mut(), msg);
        w.set_flag(flags::ERROR, true);
        if let Some(sid) = msg.lookup(base::SESSION_ID.code, 0) {
            w.copy_avp(&sid);
        }
        w.identity(base::ORIGIN_HOST, us.origin_host)
            .identity(base::ORIGIN_REALM, us.origin_realm)
            .u32(base::RESULT_CODE, result_code::DIAMETER_REDIRECT_INDICATION);
        for host in &hosts {
            w.utf8(base::REDIRECT_HOST, &uri(host));
        }
        w.enumerated(base::REDIRECT_HOST_USAGE, REALM_AND_APPLICATION)
            .u32(
                base::REDIRECT_MAX_CACHE_TIME,
                REDIRECT_CACHE.as_secs() as u32,
            );
        match w.finish() {
            Ok(n) => {
                c.send.commit(n);
                Counters::bump(&entry.counters.answers_out);
                self.dirty.push(conn);
            }
            Err(e) => warn!(error = %e, "redirect answer not sent"),
        }
        Ok(())
    }
}

/// Redirect-Host-Usage REALM_AND_APPLICATION (RFC 6733 §6.13): the
/// redirection holds for requests of the same realm and application.
const REALM_AND_APPLICATION: i32 = 3;
/// How long a redirection may be cached (Redirect-Max-Cache-Time, §6.14).
const REDIRECT_CACHE: std::time::Duration = std::time::Duration::from_secs(300);
