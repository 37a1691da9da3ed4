//! Two of our nodes, the client sending far more requests than both
//! sides' buffers hold. Its own test binary: it uses tens of MiB, which
//! would upset the memory bound `transport_backpressure` measures.

use std::time::Duration;

use diameter_core::dict::result_code as rc;
use diameter_tests::{ccr_initial, echo_node, gateway_of, test_config};

fn ccr(e2e: u32) -> Vec<u8> {
    ccr_initial(
        "gw.example.net;0000000001",
        ("gw.example.net", "example.net"),
        "example.com",
        e2e,
    )
}

/// Two of our nodes, the client sending far more requests at once than
/// both connections' buffers and high-water marks hold: neither stops
/// reading the other's answers, so nothing wedges and every request is
/// answered 2001 (none is left to the 3002 of its timeout).
#[test]
fn two_nodes_with_full_outputs_do_not_deadlock() {
    let node = echo_node(test_config("ocs.example.com", "example.com", true));
    let client = gateway_of(&node, |cfg| {
        cfg.request_timeout = Duration::from_secs(120);
    });
    let c = client.client();
    let (tx, rx) = std::sync::mpsc::channel();
    // 150,000 CCRs of about 150 bytes: over 20 MiB of requests, and as
    // much of answers, against 4 MiB high-water marks on each side.
    let count = 150_000;
    for i in 0..count {
        c.send(ccr(i), &tx).unwrap();
    }
    let mut ok = 0;
    for _ in 0..count {
        let answer = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("answers keep coming");
        if answer.result_code() == Some(rc::DIAMETER_SUCCESS) {
            ok += 1;
        }
    }
    assert_eq!(ok, count);
}
