//! The application side of a node: what answers the requests it receives.

use diameter_core::dict::{base, result_code};
use diameter_core::wire::{flags, Message, MessageWriter};

use std::cell::{Cell, RefCell};
use std::time::Instant;

use crate::client::Client;
use crate::later::{Deferred, PendingAnswer};
use crate::router::ConnKey;

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
    pub(crate) later: Later<'a>,
}

/// What [`Context::defer`] needs of the event loop.
#[derive(Clone, Copy)]
pub(crate) struct Later<'a> {
    pub table: &'a RefCell<Deferred>,
    pub taken: &'a Cell<bool>,
    pub conn: ConnKey,
    pub request: &'a Message<'a>,
    /// When a deferred request is answered 3002 by the node itself.
    pub deadline: Instant,
    pub worker: usize,
}

impl std::fmt::Debug for Later<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Later")
            .field("taken", &self.taken.get())
            .finish()
    }
}

impl Context<'_> {
    /// Takes the request to answer it later, from any thread, through the
    /// handle returned; whatever `handle` wrote into its answer writer is
    /// then discarded. The node answers 3002 itself if the handle has not
    /// answered within [`NodeConfig::answer_deadline`](crate::NodeConfig::answer_deadline),
    /// and 5012 if it is dropped unanswered.
    ///
    /// `None` when [`NodeConfig::max_deferred`](crate::NodeConfig::max_deferred)
    /// requests wait already, or this one was taken before: answer it now.
    pub fn defer(&self) -> Option<PendingAnswer> {
        let l = &self.later;
        if l.taken.get() {
            return None;
        }
        let pending = l.table.borrow_mut().defer(
            l.conn,
            l.request,
            l.deadline,
            self.client,
            l.worker,
            (self.origin_host, self.origin_realm),
        )?;
        l.taken.set(true);
        Some(pending)
    }
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

    /// Called for a request that came to this node and that the node
    /// answered itself with `result_code`, without [`handle`](Self::handle):
    /// a validation error (RFC 6733 §7), 3004 of load shedding (§7.1.3),
    /// 3002/3003 for another host or realm (§6.1.4). The request may be
    /// malformed. The place for the handler's statistics to count every
    /// request that reached the node.
    fn refused(&mut self, request: &Message<'_>, result_code: u32) {
        let _ = (request, result_code);
    }
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
