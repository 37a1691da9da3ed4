//! Where a request goes (RFC 6733 §2.7, §6.1).

use diameter_core::dict::{base, result_code};
use diameter_core::peer;
use diameter_core::wire::{Message, MessageWriter};

use super::{PeerKey, Router};
use crate::config::Route;
use crate::handler::Handler;

/// The identity an AVP of `msg` carries, if it has one that parses.
pub(super) fn identity<'m>(msg: &Message<'m>, code: u32) -> Option<&'m str> {
    msg.lookup(code, 0).and_then(|a| a.identity().ok())
}

impl<H: Handler> Router<'_, H> {
    /// The peer a request goes to (RFC 6733 §6.1.4 – §6.1.6): its
    /// Destination-Host when connected, else a peer of its Destination-Realm
    /// that supports its application, else a configured route, else (with
    /// `any_peer`) any peer that supports the application.
    pub(super) fn route(
        &self,
        msg: &Message<'_>,
        except: Option<PeerKey>,
        any_peer: bool,
    ) -> Option<PeerKey> {
        let app = msg.application_id();
        let find = |wanted: &dyn Fn(&peer::Remote) -> bool| {
            (self.peers.iter())
                .filter(|(k, e)| {
                    Some(*k) != except && e.sm.is_available() && e.sm.remote().supports(app)
                })
                .find(|(_, e)| wanted(e.sm.remote()))
                .map(|(k, _)| k)
        };
        let by_host = |host: &str| find(&|r| r.origin_host.eq_ignore_ascii_case(host));
        if let Some(k) = identity(msg, base::DESTINATION_HOST.code).and_then(by_host) {
            return Some(k);
        }
        if let Some(realm) = identity(msg, base::DESTINATION_REALM.code) {
            if let Some(k) = find(&|r| r.origin_realm.eq_ignore_ascii_case(realm)) {
                return Some(k);
            }
            let routed = Route::matching(&self.s.config.routes, realm, app);
            if let Some(k) = routed.flat_map(|r| r.peers.iter()).find_map(|h| by_host(h)) {
                return Some(k);
            }
        }
        find(&|_| any_peer)
    }

    /// Whether a request with Destination-Host `host` is for this node
    /// (RFC 6733 §6.1): that host is ours, or it has none and its
    /// Destination-Realm (if any) is ours.
    pub(super) fn for_us(&self, msg: &Message<'_>, host: Option<&str>) -> bool {
        let cfg = self.s.config;
        match host {
            Some(host) => host.eq_ignore_ascii_case(&cfg.origin_host),
            None => identity(msg, base::DESTINATION_REALM.code)
                .is_none_or(|r| r.eq_ignore_ascii_case(&cfg.origin_realm)),
        }
    }

    /// The answer of a node that is not an agent to a request for someone
    /// else (RFC 6733 §6.1.4, §6.1.5): 3003 DIAMETER_REALM_NOT_SERVED when
    /// its Destination-Realm is not ours, else 3002
    /// DIAMETER_UNABLE_TO_DELIVER (its Destination-Host is another host).
    pub(super) fn not_for_us(&self, msg: &Message<'_>) -> u32 {
        match identity(msg, base::DESTINATION_REALM.code) {
            Some(r) if !r.eq_ignore_ascii_case(&self.s.config.origin_realm) => {
                result_code::DIAMETER_REALM_NOT_SERVED
            }
            _ => result_code::DIAMETER_UNABLE_TO_DELIVER,
        }
    }

    /// Why a request with no peer to go to cannot be relayed: 3003 when
    /// its realm is not served (no peer or route names it), else 3002
    /// (RFC 6733 §6.1.4).
    pub(super) fn undeliverable(&self, msg: &Message<'_>) -> u32 {
        let known = identity(msg, base::DESTINATION_REALM.code).is_some_and(|realm| {
            (self.peers.iter()).any(|(_, e)| e.sm.remote().origin_realm.eq_ignore_ascii_case(realm))
                || Route::matching(&self.s.config.routes, realm, msg.application_id())
                    .next()
                    .is_some()
        });
        if known {
            result_code::DIAMETER_UNABLE_TO_DELIVER
        } else {
            result_code::DIAMETER_REALM_NOT_SERVED
        }
    }

    /// Whether this node's identity is in a Route-Record of `msg` already
    /// (RFC 6733 §6.1.3: a loop).
    pub(super) fn looped(&self, msg: &Message<'_>) -> bool {
        let ours = &self.s.config.origin_host;
        msg.avps().map_while(|a| a.ok()).any(|a| {
            a.code() == base::ROUTE_RECORD.code
                && a.identity().is_ok_and(|h| h.eq_ignore_ascii_case(ours))
        })
    }
}

/// Appends a Route-Record AVP naming `host` to an encoded request, through
/// the writer, which fixes the message length (RFC 6733 §6.1.9).
pub(super) fn append_route_record(request: &mut Vec<u8>, host: &str) {
    let len = request.len();
    request.resize(len + 8 + diameter_core::wire::padded(host.len()), 0);
    let written = MessageWriter::append(request, len).and_then(|mut w| {
        w.identity(base::ROUTE_RECORD, host);
        w.finish()
    });
    request.truncate(written.unwrap_or(len));
}
