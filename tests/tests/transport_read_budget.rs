//! The read budget (`NodeConfig::read_budget`): an event loop reads at
//! most that many bytes of one connection per turn, answers them, and
//! reads the rest in later turns without waiting for new readiness.
//! Requests written at once in one block, and cut by the budget in the
//! middle of messages, are all answered, over as many turns as the
//! budget asks for.

use std::collections::HashSet;
use std::time::Duration;

use diameter_core::dict::result_code as rc;
use diameter_tests::{ccr_block, echo_node, parse, result_code, test_config, RawPeer};

const REQUESTS: u32 = 500;
/// Not a multiple of a request's length: reads end inside messages.
const BUDGET: usize = 1000;

#[test]
fn a_block_of_requests_is_read_over_turns_and_all_answered() {
    let mut cfg = test_config("ocs.example.com", "example.com", true);
    cfg.threads = 1;
    cfg.read_budget = BUDGET;
    let node = echo_node(cfg);
    let mut raw = RawPeer::connect(node.local_addrs()[0], "gw.example.net", "example.net");
    raw.handshake();
    let block = ccr_block(REQUESTS);
    assert_ne!(block.len() / REQUESTS as usize % BUDGET, 0);
    let turns_before = node.client().turns().count();
    // One write: nothing more arrives to make the socket readable again.
    raw.send(&block);
    let mut answered = HashSet::new();
    while answered.len() < REQUESTS as usize {
        let answer = raw.expect_message(Duration::from_secs(30));
        assert_eq!(result_code(&answer), Some(rc::DIAMETER_SUCCESS));
        let e2e = parse(&answer).end_to_end();
        assert!(e2e < REQUESTS && answered.insert(e2e), "answer {e2e}");
    }
    let turns = node.client().turns().count() - turns_before;
    // The last turn is counted after it wrote its answers: it may not be
    // counted yet.
    let least = (block.len() / BUDGET) as u64 - 1;
    assert!(
        turns >= least,
        "{} bytes in {turns} turns: more than {BUDGET} bytes read in a turn",
        block.len()
    );
    node.stop().expect("stops");
}
