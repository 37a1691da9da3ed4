//! The application side of a node: what answers the requests it receives.

use diameter_core::dict::{base, result_code};
use diameter_core::wire::{flags, Message, MessageWriter};

use crate::client::Client;

/// Who is answering and whom: passed with every request.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// This node's Origin-Host, for the answer.
    pub origin_host: &'a str,
    /// This node's Origin-Realm, for the answer.
    pub origin_realm: &'a str,
    /// The Origin-Host of the peer the request came from (its CER's).
    pub peer_host: &'a str,
    /// For sending requests of our own (e.g. a Cancel-Location to another
    /// peer) while handling this one; their answers arrive asynchronously.
    pub client: &'a Client,
}

/// Answers the requests of the applications a node serves.
///
/// The node validates every request against its command grammar first
/// (RFC 6733 §7) and answers violations itself; the handler sees only
/// requests that passed. Each event-loop thread has its own handler, so
/// `handle` needs no locking.
pub trait Handler: Send + 'static {
    /// Writes the answer to `request` into `answer`, which already holds
    /// the answer's header (same command, application, identifiers and P
    /// bit, RFC 6733 §6.2); the handler adds every AVP, Session-Id,
    /// Origin-Host, Origin-Realm and Result-Code included.
    fn handle(&mut self, ctx: &Context<'_>, request: &Message<'_>, answer: &mut MessageWriter<'_>);

    /// Called once per event-loop turn, after the turn's requests were
    /// handled and before their answers are written to the sockets: the
    /// place to commit, in one transaction, the state those answers
    /// depend on (so nothing is answered that a crash could undo).
    fn flush(&mut self) {}
}

/// A handler for a node that serves no application of its own: requests
/// that reach it get 3001 DIAMETER_COMMAND_UNSUPPORTED (RFC 6733 §7.1.3).
/// The node still runs the base protocol and sends requests of its own.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoApplications;

impl Handler for NoApplications {
    fn handle(&mut self, ctx: &Context<'_>, request: &Message<'_>, answer: &mut MessageWriter<'_>) {
        if let Some(sid) = request.lookup(base::SESSION_ID.code, 0) {
            answer.copy_avp(&sid);
        }
        answer
            .set_flag(flags::ERROR, true)
            .identity(base::ORIGIN_HOST, ctx.origin_host)
            .identity(base::ORIGIN_REALM, ctx.origin_realm)
            .u32(base::RESULT_CODE, result_code::DIAMETER_COMMAND_UNSUPPORTED);
    }
}
