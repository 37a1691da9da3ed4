//! Pipelined requests answered out of order after random delays by a raw
//! server: every answer must reach the request it belongs to (RFC 6733 §6.2:
//! answers are matched by Hop-by-Hop Identifier, whatever their order).

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::sync::mpsc::channel;
use std::time::Duration;

use diameter_core::dict::{base, result_code as rc};
use diameter_tests::{
    avp_text, ccr_initial, echo_node, parse, result_code, test_config, wait_until, Incoming,
    RawPeer, XorShift,
};
use diameter_transport::{PeerConfig, TlsMode};

const REQUESTS: usize = 1000;

/// Serves `REQUESTS` requests: keeps a pool of unanswered ones and answers
/// a random one of them at a time, sleeping a random 0–999 µs between
/// answers. Returns the End-to-End Identifiers in arrival order and in
/// answer order.
fn shuffling_server(mut raw: RawPeer, seed: u64) -> (Vec<u32>, Vec<u32>) {
    raw.serve_handshake();
    let mut rng = XorShift::new(seed);
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut in_flight = HashSet::new();
    let (mut arrived, mut answered) = (Vec::new(), Vec::new());
    while answered.len() < REQUESTS {
        // Take what has arrived; wait only when there is nothing to answer.
        let wait = if pool.is_empty() {
            Duration::from_secs(10)
        } else {
            Duration::ZERO
        };
        match raw.recv(wait) {
            Incoming::Message(m) => {
                let msg = parse(&m);
                assert!(msg.is_request());
                assert!(
                    in_flight.insert(msg.hop_by_hop()),
                    "Hop-by-Hop {} reused while outstanding",
                    msg.hop_by_hop()
                );
                arrived.push(msg.end_to_end());
                pool.push(m);
                continue;
            }
            Incoming::Closed => panic!("the client closed"),
            Incoming::Nothing if pool.is_empty() => panic!("no request for 10 s"),
            Incoming::Nothing => {}
        }
        let pick = rng.below(pool.len() as u64) as usize;
        let request = pool.swap_remove(pick);
        std::thread::sleep(Duration::from_micros(rng.below(1000)));
        let msg = parse(&request);
        in_flight.remove(&msg.hop_by_hop());
        answered.push(msg.end_to_end());
        let answer = raw.answer(&request, rc::DIAMETER_SUCCESS);
        raw.send(&answer);
    }
    (arrived, answered)
}

#[test]
fn out_of_order_answers_reach_their_requests() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut cfg = test_config("gw.example.net", "example.net", false);
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
    let server = std::thread::spawn(move || shuffling_server(raw, 0x00c0_ffee));
    wait_until("the peer open", Duration::from_secs(5), || {
        node.peers().iter().any(|p| p.is_open())
    });

    let client = node.client();
    let (tx, rx) = channel();
    let mut sessions = HashMap::new();
    for i in 0..REQUESTS {
        let e2e = client.next_end_to_end();
        let session = format!("gw.example.net;{i};{e2e}");
        let request = ccr_initial(
            &session,
            ("gw.example.net", "example.net"),
            "example.com",
            e2e,
        );
        assert!(sessions.insert(e2e, session).is_none());
        client.send(request, &tx).unwrap();
    }
    for _ in 0..REQUESTS {
        let answer = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        let a = parse(&answer);
        let session = sessions
            .remove(&a.end_to_end())
            .unwrap_or_else(|| panic!("answer to no request, or twice: {a:?}"));
        assert_eq!(avp_text(&answer, base::SESSION_ID.code), Some(session));
        assert_eq!(result_code(&answer), Some(rc::DIAMETER_SUCCESS));
        assert_eq!(
            avp_text(&answer, base::ORIGIN_HOST.code).as_deref(),
            Some("ocs.example.com")
        );
    }
    assert!(sessions.is_empty());
    assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());

    // The server really did answer out of order.
    let (arrived, answered) = server.join().unwrap();
    assert_eq!(arrived.len(), REQUESTS);
    let moved = arrived
        .iter()
        .zip(&answered)
        .filter(|(a, b)| a != b)
        .count();
    assert!(moved > REQUESTS / 2, "only {moved} answers out of order");
    node.stop().unwrap();
}
