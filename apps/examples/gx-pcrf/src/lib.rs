//! A Gx PCRF (3GPP TS 29.212) on the raw API of `diameter-transport`,
//! with a dictionary of its own ([`dict`]), not core's: it answers a
//! gateway's CCR-Initial with the rules to install (Charging-Rule-Install,
//! §4.5.2), CCR-Update and CCR-Termination with 2001, and a CCR-U/T of a
//! session it does not know with 5002 (RFC 4006 §8.3 via §5.6.2).

use std::collections::HashSet;
use std::io;
use std::net::SocketAddr;

use diameter_core::dict::{application, base, cc, result_code, VENDOR_3GPP};
use diameter_core::wire::{Message, MessageWriter};
use diameter_transport::{AppId, Context, Handler, Node, NodeConfig};

pub mod dict;

/// The rule installed for every session: its name, Rating-Group and
/// Precedence.
pub const RULE: (&str, u32, u32) = ("internet", 100, 10);

/// Most sessions one event loop keeps open; a CCR-I beyond is answered
/// 5012 DIAMETER_UNABLE_TO_COMPLY.
pub const MAX_SESSIONS: usize = 100_000;

/// Starts the PCRF as `host` in `realm`, listening on `listen`, with one
/// event loop (its sessions live in that loop's handler).
///
/// # Errors
/// The address cannot be bound.
pub fn start(host: &str, realm: &str, listen: SocketAddr) -> io::Result<Node> {
    let mut cfg = node_config(host, realm);
    cfg.listen = vec![listen];
    cfg.threads = 1;
    Node::start(cfg, |_| Pcrf::default())
}

/// A node configuration advertising Gx with this crate's dictionaries,
/// for the PCRF and for a gateway talking to it.
pub fn node_config(host: &str, realm: &str) -> NodeConfig {
    let mut cfg = NodeConfig::new(host, realm);
    cfg.applications = vec![AppId::vendor_auth(VENDOR_3GPP, application::GX)];
    cfg.dictionaries = &dict::SET;
    cfg
}

/// The PCRF's state: the open Gx sessions.
#[derive(Debug, Default)]
pub struct Pcrf {
    sessions: HashSet<String>,
}

/// CC-Request-Type values (RFC 4006 §8.3).
const INITIAL: i32 = 1;
const TERMINATION: i32 = 3;

impl Handler for Pcrf {
    fn handle(&mut self, ctx: &Context<'_>, req: &Message<'_>, w: &mut MessageWriter<'_>) {
        // The node validated the request against `dict::GX`: these are there.
        let text = |code| req.lookup(code, 0).and_then(|a| a.utf8().ok());
        let number = |code| req.lookup(code, 0).and_then(|a| a.u32().ok());
        let session = text(base::SESSION_ID.code).unwrap_or_default();
        let kind = (req.lookup(cc::CC_REQUEST_TYPE.code, 0)).and_then(|a| a.i32().ok());
        let code = match kind {
            Some(INITIAL) if self.sessions.len() >= MAX_SESSIONS => {
                result_code::DIAMETER_UNABLE_TO_COMPLY
            }
            Some(INITIAL) => {
                self.sessions.insert(session.to_owned());
                result_code::DIAMETER_SUCCESS
            }
            Some(TERMINATION) if self.sessions.remove(session) => result_code::DIAMETER_SUCCESS,
            _ if self.sessions.contains(session) => result_code::DIAMETER_SUCCESS,
            _ => result_code::DIAMETER_UNKNOWN_SESSION_ID,
        };
        w.utf8(base::SESSION_ID, session)
            .u32(base::AUTH_APPLICATION_ID, application::GX)
            .identity(base::ORIGIN_HOST, ctx.origin_host)
            .identity(base::ORIGIN_REALM, ctx.origin_realm)
            .u32(base::RESULT_CODE, code)
            .enumerated(cc::CC_REQUEST_TYPE, kind.unwrap_or_default())
            .u32(
                cc::CC_REQUEST_NUMBER,
                number(cc::CC_REQUEST_NUMBER.code).unwrap_or_default(),
            );
        if kind == Some(INITIAL) && code == result_code::DIAMETER_SUCCESS {
            let (name, rating_group, precedence) = RULE;
            w.grouped(dict::CHARGING_RULE_INSTALL, |i| {
                i.grouped(dict::CHARGING_RULE_DEFINITION, |d| {
                    d.octets(dict::CHARGING_RULE_NAME, name.as_bytes())
                        .u32(cc::RATING_GROUP, rating_group)
                        .u32(dict::PRECEDENCE, precedence);
                });
            });
        }
    }
}
