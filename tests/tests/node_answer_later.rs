//! Answers that come later: a handler defers requests and answers them from
//! another thread, drops them (5012), or lets them pass the deadline (3002).

use std::sync::mpsc::{channel, Sender};
use std::time::Duration;

use diameter_core::dict::{base, result_code as rc};
use diameter_core::wire::{flags, Message, MessageWriter};
use diameter_tests::{ccr_initial, parse, result_code, test_config, RawPeer};
use diameter_transport::{Context, Handler, Node, PendingAnswer};

const WAIT: Duration = Duration::from_secs(10);
const REQUESTS: u32 = 8;

/// Defers every request and hands the handle to the test's thread.
struct Deferring(Sender<PendingAnswer>);

impl Handler for Deferring {
    fn handle(&mut self, ctx: &Context<'_>, _: &Message<'_>, answer: &mut MessageWriter<'_>) {
        match ctx.defer() {
            Some(pending) => {
                let _ = self.0.send(pending);
            }
            None => {
                answer
                    .set_flag(flags::ERROR, true)
                    .identity(base::ORIGIN_HOST, ctx.origin_host)
                    .identity(base::ORIGIN_REALM, ctx.origin_realm)
                    .u32(base::RESULT_CODE, rc::DIAMETER_TOO_BUSY);
            }
        }
    }
}

fn deferring_node(
    threads: usize,
    deadline: Duration,
) -> (Node, std::sync::mpsc::Receiver<PendingAnswer>) {
    let mut cfg = test_config("later.example.com", "example.com", true);
    cfg.threads = threads;
    cfg.answer_deadline = deadline;
    let (tx, rx) = channel();
    let node = Node::start(cfg, move |_| Deferring(tx.clone())).unwrap();
    (node, rx)
}

fn send_ccrs(p: &mut RawPeer) {
    for i in 0..REQUESTS {
        let session = format!("c.client.net;1;{i}");
        p.send(&ccr_initial(
            &session,
            ("c.client.net", "client.net"),
            "example.com",
            i,
        ));
    }
}

#[test]
fn deferred_requests_are_answered_from_another_thread_in_any_order() {
    for threads in [1, 2, 4] {
        let (node, rx) = deferring_node(threads, WAIT * 6);
        let mut p = RawPeer::connect(node.local_addrs()[0], "c.client.net", "client.net");
        p.handshake();
        send_ccrs(&mut p);
        // Every request is taken before any is answered; then the answers
        // go out last first, from this thread.
        let mut taken: Vec<PendingAnswer> = (0..REQUESTS)
            .map(|_| rx.recv_timeout(WAIT).unwrap())
            .collect();
        while let Some(pending) = taken.pop() {
            let e2e = parse(pending.request_bytes()).end_to_end();
            pending
                .answer(|w| {
                    w.identity(base::ORIGIN_HOST, "later.example.com")
                        .identity(base::ORIGIN_REALM, "example.com")
                        .u32(base::RESULT_CODE, rc::DIAMETER_SUCCESS);
                })
                .unwrap();
            let answer = p.expect_message(WAIT);
            assert_eq!(
                (parse(&answer).end_to_end(), result_code(&answer)),
                (e2e, Some(rc::DIAMETER_SUCCESS)),
                "threads {threads}"
            );
        }
        node.stop().unwrap();
    }
}

#[test]
fn a_dropped_handle_answers_5012_and_a_late_one_3002() {
    let (node, rx) = deferring_node(2, Duration::from_millis(300));
    let mut p = RawPeer::connect(node.local_addrs()[0], "c.client.net", "client.net");
    p.handshake();
    send_ccrs(&mut p);
    let mut kept = Vec::new();
    for i in 0..REQUESTS {
        let pending = rx.recv_timeout(WAIT).unwrap();
        if i % 2 == 0 {
            drop(pending);
        } else {
            kept.push(pending);
        }
    }
    let mut codes = Vec::new();
    for _ in 0..REQUESTS {
        let answer = p.expect_message(WAIT);
        let m = parse(&answer);
        let code = result_code(&answer);
        // RFC 6733 §7.2: the E bit marks protocol errors (3xxx) only.
        assert_eq!(m.is_error(), code == Some(rc::DIAMETER_UNABLE_TO_DELIVER));
        codes.push((m.end_to_end(), code));
    }
    codes.sort_unstable();
    let expected: Vec<(u32, Option<u32>)> = (0..REQUESTS)
        .map(|i| {
            let code = if i % 2 == 0 {
                rc::DIAMETER_UNABLE_TO_COMPLY
            } else {
                rc::DIAMETER_UNABLE_TO_DELIVER
            };
            (i, Some(code))
        })
        .collect();
    assert_eq!(codes, expected);
    // Answers after the deadline are dropped: nothing more arrives, and the
    // connection still serves.
    for pending in kept {
        pending
            .answer(|w| {
                w.u32(base::RESULT_CODE, rc::DIAMETER_SUCCESS);
            })
            .unwrap();
    }
    let ids = p.request(diameter_core::peer::BaseMessage::Dwr);
    let next = p.expect_message(WAIT);
    assert_eq!(
        (parse(&next).command_code(), parse(&next).hop_by_hop()),
        (280, ids.hop_by_hop),
        "the late answers were dropped"
    );
    node.stop().unwrap();
}
