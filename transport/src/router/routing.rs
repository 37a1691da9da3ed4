//! Where a request goes (RFC 6733 §2.7, §6.1).

use diameter_core::dict::{application, base, result_code};
use diameter_core::wire::{Message, MessageWriter};

use super::Router;
use crate::config::Role;
use crate::handler::Handler;

/// The identity an AVP of `msg` carries, if it has one that parses.
pub(super) fn identity<'m>(msg: &Message<'m>, code: u32) -> Option<&'m str> {
    msg.lookup(code, 0).and_then(|a| a.identity().ok())
}

impl<H: Handler> Router<'_, H> {
    /// Whether a request with Destination-Host `host` is for this node
    /// (RFC 6733 §6.1.4): that host is ours; or it has none and its
    /// Destination-Realm (if any) is ours and, for an agent, its
    /// application is one this node serves itself (an agent forwards the
    /// others of its own realm by its routes). A server takes every
    /// request of its realm, and answers those of an application it does
    /// not serve 3007.
    pub(super) fn for_us(&self, msg: &Message<'_>, host: Option<&str>) -> bool {
        let cfg = self.s.config;
        match host {
            Some(host) => host.eq_ignore_ascii_case(&cfg.origin_host),
            None => match identity(msg, base::DESTINATION_REALM.code) {
                None => true,
                Some(realm) => {
                    realm.eq_ignore_ascii_case(&cfg.origin_realm)
                        && (cfg.role == Role::Server || self.serves_itself(msg.application_id()))
                }
            },
        }
    }

    /// Whether this node answers requests of application `app` itself:
    /// the base protocol's, and those it advertises (a proxy's are those
    /// it forwards).
    fn serves_itself(&self, app: u32) -> bool {
        app == application::COMMON
            || (self.s.config.role != Role::Proxy && self.s.applications.contains(&app))
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
    pub(super) fn undeliverable(&mut self, msg: &Message<'_>) -> u32 {
        let (directory, routes) = (self.s.directory, &self.topology.routes);
        let app = msg.application_id();
        let known = identity(msg, base::DESTINATION_REALM.code)
            .is_some_and(|realm| self.view.serves(directory, realm, app, routes));
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

/// Appends a Route-Record AVP naming `host` to an encoded request
/// (RFC 6733 §6.1.9).
pub(super) fn append_route_record(request: &mut Vec<u8>, host: &str) {
    let room = 8 + diameter_core::wire::padded(host.len());
    append_avps(request, room, |w| {
        w.identity(base::ROUTE_RECORD, host);
    });
}

/// Appends what `write` writes, in at most `room` bytes, to an encoded
/// message, through the writer, which fixes the message length; the
/// message is left as it was when that fails.
pub(super) fn append_avps(
    request: &mut Vec<u8>,
    room: usize,
    write: impl FnOnce(&mut MessageWriter<'_>),
) {
    let len = request.len();
    request.resize(len.saturating_add(room), 0);
    let written = MessageWriter::append(request, len).and_then(|mut w| {
        write(&mut w);
        w.finish()
    });
    request.truncate(written.unwrap_or(len));
}
