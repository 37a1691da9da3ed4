//! The application's own loop (bromelia's `get_message`): a node started
//! with `Node::start_inbox` queues each request, the loop answers it
//! through its handle; a client node sends pipelined requests and a
//! blocking one and gets every answer matched; a full inbox answers
//! 3004; and `Node::scope` ends with DPR/DPA (RFC 6733 §5.4).

use std::collections::HashSet;
use std::net::TcpListener;
use std::sync::mpsc::channel;
use std::time::Duration;

use diameter_core::dict::{base, result_code as rc};
use diameter_core::peer::BaseMessage;
use diameter_tests::{ccr_initial, echo_node, parse, result_code, test_config, Incoming, RawPeer};
use diameter_transport::{Node, PeerConfig, TlsMode};

const REQUESTS: u32 = 1000;

/// A client node of `gw.example.net` whose one peer is `host` at `server`.
fn client_of(server: std::net::SocketAddr, host: &str) -> Node {
    let mut cfg = test_config("gw.example.net", "example.net", false);
    cfg.peers = vec![PeerConfig {
        address: server,
        host: Some(host.into()),
        tls: TlsMode::Off,
    }];
    echo_node(cfg)
}

fn request(i: u32) -> Vec<u8> {
    let session = format!("gw.example.net;1;{i}");
    ccr_initial(
        &session,
        ("gw.example.net", "example.net"),
        "example.com",
        i,
    )
}

#[test]
fn requests_taken_in_our_loop_are_answered_and_matched() {
    let cfg = test_config("ocs.example.com", "example.com", true);
    let (server, inbox) = Node::start_inbox(cfg, 2 * REQUESTS as usize).expect("server starts");
    // The application's loop: each request answered 2001 with its
    // Session-Id, from this thread.
    let served = std::thread::spawn(move || {
        let mut peers = HashSet::new();
        let mut n = 0;
        while let Some(incoming) = inbox.next(Duration::from_secs(10)) {
            peers.insert(incoming.peer.clone());
            let session = parse(incoming.request())
                .lookup(base::SESSION_ID.code, 0)
                .and_then(|a| a.utf8().ok())
                .map(str::to_owned)
                .expect("a Session-Id");
            incoming
                .answer
                .answer(|w| {
                    w.utf8(base::SESSION_ID, &session)
                        .u32(base::RESULT_CODE, rc::DIAMETER_SUCCESS)
                        .identity(base::ORIGIN_HOST, "ocs.example.com")
                        .identity(base::ORIGIN_REALM, "example.com");
                })
                .expect("answered");
            n += 1;
            if n == REQUESTS + 1 {
                break;
            }
        }
        (n, peers)
    });
    let client = client_of(server.local_addrs()[0], "ocs.example.com");
    assert!(client.wait_open("ocs.example.com", Duration::from_secs(10)));
    // Pipelined: all sent before any answer is read.
    let (tx, rx) = channel();
    for i in 0..REQUESTS {
        client.client().send(request(i), &tx).expect("sent");
    }
    let mut answered = HashSet::new();
    for _ in 0..REQUESTS {
        let a = rx.recv_timeout(Duration::from_secs(20)).expect("an answer");
        let m = parse(&a);
        assert_eq!(result_code(&a), Some(rc::DIAMETER_SUCCESS));
        let session = m
            .lookup(base::SESSION_ID.code, 0)
            .and_then(|s| s.utf8().ok())
            .expect("Session-Id");
        assert_eq!(session, format!("gw.example.net;1;{}", m.end_to_end()));
        assert!(answered.insert(m.end_to_end()), "answered twice");
    }
    // Blocking.
    let a = (client.client())
        .call(request(REQUESTS), Duration::from_secs(10))
        .expect("an answer");
    assert_eq!(result_code(&a), Some(rc::DIAMETER_SUCCESS));
    let (n, peers) = served.join().expect("the loop ends");
    assert_eq!(n, REQUESTS + 1);
    assert_eq!(peers, HashSet::from(["gw.example.net".to_owned()]));
    client.stop().expect("client stops");
    server.stop().expect("server stops");
}

#[test]
fn a_full_inbox_answers_too_busy() {
    let mut cfg = test_config("ocs.example.com", "example.com", true);
    cfg.threads = 1;
    // Nobody takes from it: the first request waits there, the second
    // finds it full.
    let (server, inbox) = Node::start_inbox(cfg, 1).expect("server starts");
    let mut raw = RawPeer::connect(server.local_addrs()[0], "gw.example.net", "example.net");
    raw.handshake();
    raw.send(&request(1));
    raw.send(&request(2));
    let a = raw.expect_message(Duration::from_secs(10));
    assert_eq!(parse(&a).end_to_end(), 2);
    assert_eq!(result_code(&a), Some(rc::DIAMETER_TOO_BUSY));
    assert!(parse(&a).is_error(), "3004 is a protocol error: E bit");
    let first = inbox.try_next().expect("the first waits");
    assert_eq!(parse(first.request()).end_to_end(), 1);
    server.stop().expect("server stops");
}

#[test]
fn a_scope_ends_with_dpr() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let peer = std::thread::spawn(move || {
        let mut raw = RawPeer::accept(
            &listener,
            "ocs.example.com",
            "example.com",
            Duration::from_secs(10),
        );
        raw.serve_handshake();
        loop {
            let m = match raw.recv(Duration::from_secs(20)) {
                Incoming::Message(m) => m,
                other => panic!("no DPR: {other:?}"),
            };
            match parse(&m).command_code() {
                280 => raw.reply(&m, BaseMessage::Dwa { result_code: 2001 }),
                282 => {
                    raw.reply(&m, BaseMessage::Dpa { result_code: 2001 });
                    return;
                }
                c => panic!("unexpected command {c}"),
            }
        }
    });
    let client = client_of(addr, "ocs.example.com");
    let opened = client
        .scope(|node| node.wait_open("ocs.example.com", Duration::from_secs(10)))
        .expect("stops");
    assert!(opened);
    peer.join().expect("the peer got a DPR");
}
