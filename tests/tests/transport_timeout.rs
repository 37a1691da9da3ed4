//! A request its server never answers: after `NodeConfig::request_timeout`
//! the client gets a locally built 3002 DIAMETER_UNABLE_TO_DELIVER answer
//! with the E bit (RFC 6733 §7.1.3); an answer arriving later is discarded
//! (§6.2) and the connection keeps serving.

use std::net::TcpListener;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use diameter_core::dict::{base, result_code as rc};
use diameter_tests::{
    avp_text, ccr_initial, echo_node, parse, result_code, test_config, wait_until, RawPeer,
};
use diameter_transport::{PeerConfig, TlsMode};

const TIMEOUT: Duration = Duration::from_millis(300);

fn ccr(session: &str, e2e: u32) -> Vec<u8> {
    ccr_initial(
        session,
        ("gw.example.net", "example.net"),
        "example.com",
        e2e,
    )
}

/// Holds the first request, sends its answer late when `late` says so,
/// then serves until the node disconnects.
fn server(mut raw: RawPeer, late: Receiver<()>) {
    raw.serve_handshake();
    let held = raw.expect_message(Duration::from_secs(5));
    late.recv().unwrap();
    let answer = raw.answer(&held, rc::DIAMETER_SUCCESS);
    raw.send(&answer);
    let rest = raw.serve(Duration::from_secs(10));
    assert_eq!(rest.len(), 1, "one more request");
}

#[test]
fn unanswered_request_gets_a_local_3002_after_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut cfg = test_config("gw.example.net", "example.net", false);
    cfg.request_timeout = TIMEOUT;
    cfg.peers = vec![PeerConfig {
        address: listener.local_addr().unwrap(),
        host: Some("ocs.example.com".into()),
        tls: TlsMode::Off,
    }];
    let node = echo_node(cfg);
    let raw = RawPeer::accept(
        &listener,
        "ocs.example.com",
        "example.com",
        Duration::from_secs(5),
    );
    let (late_tx, late_rx) = channel();
    let server = std::thread::spawn(move || server(raw, late_rx));
    wait_until("the peer open", Duration::from_secs(5), || {
        node.peers().iter().any(|p| p.is_open())
    });

    let client = node.client();
    let (tx, rx) = channel();
    let sent = Instant::now();
    client.send(ccr("gw;held", 41), &tx).unwrap();
    let answer = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    let waited = sent.elapsed();
    assert!(
        waited >= TIMEOUT && waited < TIMEOUT + Duration::from_secs(1),
        "answered after {waited:?}"
    );
    let a = parse(&answer);
    assert!(!a.is_request() && a.is_error(), "{a:?}");
    assert_eq!(a.end_to_end(), 41);
    assert_eq!(result_code(&answer), Some(rc::DIAMETER_UNABLE_TO_DELIVER));
    assert_eq!(
        avp_text(&answer, base::SESSION_ID.code).as_deref(),
        Some("gw;held")
    );
    // Built by the client node itself.
    assert_eq!(
        avp_text(&answer, base::ORIGIN_HOST.code).as_deref(),
        Some("gw.example.net")
    );
    let peer = &node.peers()[0];
    assert_eq!(peer.counters().timeouts, 1);
    assert!(peer.is_open(), "a timeout is no reason to drop the peer");

    // The late answer goes nowhere; the next request is answered normally.
    late_tx.send(()).unwrap();
    let next = client
        .call(ccr("gw;next", 42), Duration::from_secs(5))
        .unwrap();
    assert_eq!(parse(&next).end_to_end(), 42);
    assert_eq!(result_code(&next), Some(rc::DIAMETER_SUCCESS));
    assert!(
        rx.recv_timeout(Duration::from_millis(200)).is_err(),
        "the timed-out request was answered twice"
    );
    node.stop().unwrap();
    server.join().unwrap();
}
