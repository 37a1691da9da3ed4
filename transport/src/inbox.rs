//! Requests taken in the application's own loop, one at a time, as
//! bromelia's `get_message` does, instead of by a [`Handler`]: the node
//! defers every request it accepted (see [`Context::defer`]) and queues
//! it, and the loop answers it through its [`PendingAnswer`], from any
//! thread.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::time::Duration;

use diameter_core::dict::{base, result_code};
use diameter_core::wire::{flags, Message, MessageWriter};

use crate::handler::{Context, Handler};
use crate::later::PendingAnswer;

/// A request waiting in an [`Inbox`].
#[derive(Debug)]
pub struct Incoming {
    /// The Origin-Host of the peer it came from.
    pub peer: String,
    /// Its answer to give; it holds the request
    /// ([`PendingAnswer::request_bytes`]).
    pub answer: PendingAnswer,
}

impl Incoming {
    /// The request, as received.
    pub fn request(&self) -> &[u8] {
        self.answer.request_bytes()
    }
}

/// The requests of a node started with [`Node::start_inbox`](crate::Node::start_inbox).
#[derive(Debug)]
pub struct Inbox {
    rx: Receiver<Incoming>,
}

impl Inbox {
    /// The next request, waiting up to `timeout`; `None` when none came
    /// in that time or the node has stopped.
    pub fn next(&self, timeout: Duration) -> Option<Incoming> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// The next request if one waits now.
    pub fn try_next(&self) -> Option<Incoming> {
        self.rx.try_recv().ok()
    }
}

/// The handler of a node with an [`Inbox`]: it queues every request,
/// and answers 3004 DIAMETER_TOO_BUSY at once (RFC 6733 §7.1.3) when the
/// inbox is full or the node holds as many deferred requests as it may.
#[derive(Debug, Clone)]
pub(crate) struct ToInbox {
    tx: SyncSender<Incoming>,
}

/// An inbox holding at most `capacity` requests, and its handler.
pub(crate) fn inbox(capacity: usize) -> (ToInbox, Inbox) {
    let (tx, rx) = sync_channel(capacity.max(1));
    (ToInbox { tx }, Inbox { rx })
}

impl Handler for ToInbox {
    fn handle(&mut self, ctx: &Context<'_>, req: &Message<'_>, answer: &mut MessageWriter<'_>) {
        let Some(pending) = ctx.defer() else {
            return too_busy(answer, ctx, req);
        };
        let incoming = Incoming {
            peer: ctx.peer_host.to_owned(),
            answer: pending,
        };
        if let Err(TrySendError::Full(back) | TrySendError::Disconnected(back)) =
            self.tx.try_send(incoming)
        {
            back.answer.refuse(result_code::DIAMETER_TOO_BUSY);
        }
    }
}

/// The 3004 a handler writes itself when no request can be deferred: a
/// protocol error (E bit, RFC 6733 §7.2), Session-Id first (§8.8).
fn too_busy(w: &mut MessageWriter<'_>, ctx: &Context<'_>, req: &Message<'_>) {
    w.set_flag(flags::ERROR, true);
    if let Some(id) = req.lookup(base::SESSION_ID.code, 0) {
        w.copy_avp(&id);
    }
    w.identity(base::ORIGIN_HOST, ctx.origin_host)
        .identity(base::ORIGIN_REALM, ctx.origin_realm)
        .u32(base::RESULT_CODE, result_code::DIAMETER_TOO_BUSY);
}
