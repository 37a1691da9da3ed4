//! Answers that come later: a request a handler takes now and answers
//! afterwards, from any thread.
//!
//! A handler calls [`Context::defer`](crate::Context::defer) and gets a
//! [`PendingAnswer`], a token for a decision taken afterwards (after asking
//! another peer, or a remote database). The event loop keeps a bounded
//! table of the requests waiting so, each with a deadline: a request not
//! answered by then is answered 3002 DIAMETER_UNABLE_TO_DELIVER by the
//! node, and an answer arriving after that is dropped. A handle dropped
//! without an answer answers 5012 DIAMETER_UNABLE_TO_COMPLY (RFC 6733
//! §7.1.5).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::time::Instant;

use diameter_core::dict::result_code;
use diameter_core::validate::AnswerIdentity;
use diameter_core::wire::{Message, MessageWriter};

use crate::client::{Client, Command};
use crate::local_answer::error_answer;
use crate::router::ConnKey;

/// Room for an answer beyond the request's own size.
pub(crate) const ANSWER_ROOM: usize = 4096;

/// A request taken by a handler, to be answered later from any thread.
///
/// [`answer`](Self::answer) sends the answer; dropping the handle without
/// answering answers 5012 DIAMETER_UNABLE_TO_COMPLY.
#[derive(Debug)]
pub struct PendingAnswer {
    request: Vec<u8>,
    origin: (String, String),
    client: Client,
    worker: usize,
    token: u64,
    answered: bool,
}

impl PendingAnswer {
    /// The request being answered, as received.
    pub fn request_bytes(&self) -> &[u8] {
        &self.request
    }

    /// Writes the answer with `build`, which gets a writer holding the
    /// answer's header (same command, application, identifiers and P bit,
    /// RFC 6733 §6.2) and adds every AVP, and sends it.
    ///
    /// # Errors
    /// The answer does not fit in the request's size plus 4 KiB, or the
    /// node has stopped.
    pub fn answer(
        mut self,
        build: impl FnOnce(&mut MessageWriter<'_>),
    ) -> Result<(), diameter_core::wire::Error> {
        let mut buf = vec![0u8; self.request.len() + ANSWER_ROOM];
        let n = {
            let req = Message::new_checked(&self.request)?;
            let mut w = MessageWriter::answer(&mut buf, &req);
            build(&mut w);
            w.finish()?
        };
        buf.truncate(n);
        self.answered = true;
        self.post(buf);
        Ok(())
    }

    fn post(&self, answer: Vec<u8>) {
        if let Some(m) = self.client.mailboxes.get(self.worker) {
            let _ = m.post(Command::Answer {
                token: self.token,
                answer,
            });
        }
    }
}

impl PendingAnswer {
    /// Answers with the node's own error answer for `code`, as it answers
    /// what it refuses itself (E bit for a 3xxx protocol error, RFC 6733
    /// §7.2; Error-Message, this node's identity).
    pub fn refuse(mut self, code: u32) {
        self.post_error(code);
        self.answered = true;
    }

    fn post_error(&self, code: u32) {
        let us = AnswerIdentity {
            origin_host: &self.origin.0,
            origin_realm: &self.origin.1,
        };
        if let Some(answer) = error_answer(&self.request, code, &us) {
            self.post(answer);
        }
    }
}

impl Drop for PendingAnswer {
    fn drop(&mut self) {
        if !self.answered {
            self.post_error(result_code::DIAMETER_UNABLE_TO_COMPLY);
        }
    }
}

/// One request waiting for its later answer.
#[derive(Debug)]
struct Waiting {
    conn: ConnKey,
    request: Vec<u8>,
}

/// The requests of one event loop waiting for later answers.
#[derive(Debug)]
pub(crate) struct Deferred {
    waiting: HashMap<u64, Waiting>,
    deadlines: BinaryHeap<Reverse<(Instant, u64)>>,
    next_token: u64,
    max: usize,
}

impl Deferred {
    /// A table holding at most `max` waiting requests.
    pub(crate) fn new(max: usize) -> Self {
        Self {
            waiting: HashMap::new(),
            deadlines: BinaryHeap::new(),
            next_token: 0,
            max,
        }
    }

    /// Records `request` of connection `conn` as waiting until `deadline`;
    /// the handle's token, or `None` when the table is full.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn defer(
        &mut self,
        conn: ConnKey,
        request: &Message<'_>,
        deadline: Instant,
        client: &Client,
        worker: usize,
        origin: (&str, &str),
    ) -> Option<PendingAnswer> {
        if self.waiting.len() >= self.max {
            return None;
        }
        let token = self.next_token;
        self.next_token += 1;
        let bytes = request.as_bytes().to_vec();
        self.waiting.insert(
            token,
            Waiting {
                conn,
                request: bytes.clone(),
            },
        );
        self.deadlines.push(Reverse((deadline, token)));
        Some(PendingAnswer {
            request: bytes,
            origin: (origin.0.to_string(), origin.1.to_string()),
            client: client.clone(),
            worker,
            token,
            answered: false,
        })
    }

    /// The connection a later answer with `token` goes to, if its request
    /// still waits (not past its deadline, its connection not gone).
    pub(crate) fn take(&mut self, token: u64) -> Option<ConnKey> {
        self.waiting.remove(&token).map(|w| w.conn)
    }

    /// The requests past their deadline: connection and request each.
    pub(crate) fn expired(&mut self, now: Instant) -> Vec<(ConnKey, Vec<u8>)> {
        let mut out = Vec::new();
        while let Some(&Reverse((deadline, token))) = self.deadlines.peek() {
            if deadline > now {
                break;
            }
            self.deadlines.pop();
            if let Some(w) = self.waiting.remove(&token) {
                out.push((w.conn, w.request));
            }
        }
        out
    }

    /// The earliest deadline of a waiting request.
    pub(crate) fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(&Reverse((deadline, token))) = self.deadlines.peek() {
            if self.waiting.contains_key(&token) {
                return Some(deadline);
            }
            self.deadlines.pop();
        }
        None
    }

    /// Forgets the requests of a closed connection: their answers, when
    /// they come, are dropped.
    pub(crate) fn forget_conn(&mut self, conn: ConnKey) {
        self.waiting.retain(|_, w| w.conn != conn);
    }
}
