//! Connections past the node's limit for one source address are refused
//! at accept, while those it holds keep being served and a closed one
//! makes room again.

use std::time::{Duration, Instant};

use diameter_core::dict::{command, result_code as rc};
use diameter_core::peer::BaseMessage;
use diameter_tests::{echo_node, parse, result_code, test_config, Incoming, RawPeer};

/// Whether a new connection from this test gets through the handshake.
fn admitted(node: &diameter_transport::Node, host: &str) -> bool {
    let mut raw = RawPeer::connect(node.local_addrs()[0], host, "example.net");
    raw.request(BaseMessage::Cer);
    match raw.recv(Duration::from_secs(30)) {
        Incoming::Message(cea) => {
            assert_eq!(result_code(&cea), Some(rc::DIAMETER_SUCCESS));
            true
        }
        // Refused: closed before anything was answered.
        Incoming::Closed => false,
        Incoming::Nothing => panic!("neither answered nor closed"),
    }
}

#[test]
fn connections_past_the_per_source_limit_are_refused() {
    let mut cfg = test_config("ocs.example.com", "example.com", true);
    cfg.max_connections_per_source = 3;
    let node = echo_node(cfg);
    let mut held: Vec<RawPeer> = (0..3)
        .map(|i| {
            let mut raw = RawPeer::connect(
                node.local_addrs()[0],
                &format!("p{i}.example.net"),
                "example.net",
            );
            raw.handshake();
            raw
        })
        .collect();
    assert!(!admitted(&node, "p3.example.net"), "the fourth is refused");
    // The three held are still served.
    for raw in &mut held {
        raw.request(BaseMessage::Dwr);
        let dwa = raw.expect_message(Duration::from_secs(5));
        assert_eq!(parse(&dwa).command_code(), command::DEVICE_WATCHDOG);
    }
    // One leaves: a new one gets in once the node has seen the close.
    drop(held.pop());
    let t0 = Instant::now();
    while !admitted(&node, "p4.example.net") {
        assert!(t0.elapsed() < Duration::from_secs(30), "no room was made");
    }
    node.stop().unwrap();
}
