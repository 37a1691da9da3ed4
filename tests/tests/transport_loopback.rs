//! Two nodes on loopback: handshake, requests and answers, errors, shutdown.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use diameter_core::dict::{application, base, cc};
use diameter_core::wire::{Message, MessageWriter};
use diameter_tests::{ccr_initial, Echo};
use diameter_transport::{AppId, Node, NodeConfig, PeerConfig, TlsMode};

fn server() -> Node {
    let mut cfg = NodeConfig::new("ocs.example.com", "example.com");
    cfg.listen = vec!["127.0.0.1:0".parse().unwrap()];
    cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    cfg.threads = diameter_tests::test_threads();
    Node::start(cfg, |_| Echo).unwrap()
}

fn client_of(addr: SocketAddr) -> Node {
    let mut cfg = NodeConfig::new("gw.example.net", "example.net");
    cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    cfg.peers = vec![PeerConfig {
        address: addr,
        host: Some("ocs.example.com".into()),
        tls: TlsMode::Off,
    }];
    cfg.threads = diameter_tests::test_threads();
    Node::start(cfg, |_| Echo).unwrap()
}

fn wait_open(node: &Node) {
    let t0 = Instant::now();
    while !node.peers().iter().any(|p| p.is_open()) {
        assert!(
            t0.elapsed() < Duration::from_secs(5),
            "no open peer: {:?}",
            node.peers()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn ccr(session: &str, number: u32) -> Vec<u8> {
    ccr_initial(
        session,
        ("gw.example.net", "example.net"),
        "example.com",
        number,
    )
}

#[test]
fn handshake_request_answer_and_stop() {
    let server = server();
    let client = client_of(server.local_addrs()[0]);
    wait_open(&client);
    wait_open(&server);
    let peers = client.peers();
    assert_eq!(peers[0].host, "ocs.example.com");
    assert_eq!(peers[0].state, "I-Open");
    assert_eq!(server.peers()[0].state, "R-Open");

    let answer = client
        .client()
        .call(ccr("gw;1;1", 7), Duration::from_secs(5))
        .unwrap();
    let a = Message::new_checked(&answer).unwrap();
    assert!(!a.is_request());
    assert_eq!(a.end_to_end(), 7);
    assert_eq!(
        a.lookup(cc::CC_REQUEST_NUMBER.code, 0)
            .unwrap()
            .u32()
            .unwrap(),
        0
    );
    assert_eq!(
        a.lookup(base::RESULT_CODE.code, 0).unwrap().u32().unwrap(),
        2001,
        "{a:?}"
    );
    assert_eq!(
        a.lookup(base::SESSION_ID.code, 0).unwrap().utf8().unwrap(),
        "gw;1;1"
    );
    assert_eq!(client.peers()[0].counters().answers_in, 1);
    assert_eq!(server.peers()[0].counters().requests_in, 1);

    // Graceful stop: DPR/DPA, then the server sees the peer go.
    client.stop().unwrap();
    let t0 = Instant::now();
    while server.peers().iter().any(|p| p.is_open()) {
        assert!(t0.elapsed() < Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(5));
    }
    server.stop().unwrap();
}

#[test]
fn pipelined_requests_are_matched() {
    let server = server();
    let client = client_of(server.local_addrs()[0]);
    wait_open(&client);
    let (tx, rx) = std::sync::mpsc::channel();
    let c = client.client();
    for i in 0..2000u32 {
        c.send(ccr(&format!("gw;{i}"), i), &tx).unwrap();
    }
    let mut seen = vec![false; 2000];
    for _ in 0..2000 {
        let answer = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        let a = Message::new_checked(&answer).unwrap();
        let i = a.end_to_end() as usize;
        assert_eq!(
            a.lookup(base::SESSION_ID.code, 0).unwrap().utf8().unwrap(),
            format!("gw;{i}")
        );
        assert!(!seen[i]);
        seen[i] = true;
    }
    client.stop().unwrap();
    server.stop().unwrap();
}

#[test]
fn invalid_request_gets_the_validator_answer() {
    let server = server();
    let client = client_of(server.local_addrs()[0]);
    wait_open(&client);
    // A CCR without CC-Request-Number: 5005 with Failed-AVP (RFC 6733 §7.5).
    let mut buf = vec![0u8; 512];
    let mut w = MessageWriter::request(&mut buf, 272, 4, true, 0, 1);
    w.utf8(base::SESSION_ID, "gw;x")
        .identity(base::ORIGIN_HOST, "gw.example.net")
        .identity(base::ORIGIN_REALM, "example.net")
        .identity(base::DESTINATION_REALM, "example.com")
        .u32(base::AUTH_APPLICATION_ID, 4)
        .utf8(cc::SERVICE_CONTEXT_ID, "32251@3gpp.org")
        .enumerated(cc::CC_REQUEST_TYPE, 1);
    let n = w.finish().unwrap();
    buf.truncate(n);
    let answer = client.client().call(buf, Duration::from_secs(5)).unwrap();
    let a = Message::new_checked(&answer).unwrap();
    assert_eq!(
        a.lookup(base::RESULT_CODE.code, 0).unwrap().u32().unwrap(),
        5005
    );
    let failed = a.lookup(base::FAILED_AVP.code, 0).unwrap();
    assert_eq!(
        failed.lookup(cc::CC_REQUEST_NUMBER.code, 0).unwrap().data(),
        [0, 0, 0, 0]
    );
    client.stop().unwrap();
    server.stop().unwrap();
}

#[test]
fn no_peer_means_a_local_3002() {
    let mut cfg = NodeConfig::new("lonely.example.net", "example.net");
    cfg.threads = diameter_tests::test_threads();
    let node = Node::start(cfg, |_| Echo).unwrap();
    let answer = node
        .client()
        .call(ccr("s", 1), Duration::from_secs(5))
        .unwrap();
    let a = Message::new_checked(&answer).unwrap();
    assert!(a.is_error());
    assert_eq!(
        a.lookup(base::RESULT_CODE.code, 0).unwrap().u32().unwrap(),
        3002
    );
    node.stop().unwrap();
}
