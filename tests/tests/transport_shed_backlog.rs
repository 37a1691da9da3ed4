//! Load shedding with the read budget: each turn reads at most its budget
//! of a connection, so turns stay short however much waits, and shedding
//! counts what waits (`NodeConfig::shed_after` is the target for a turn's
//! length plus the time the bytes it left unread wait at the rate it
//! read). A block of requests far beyond what fits in the target, written
//! at once to a server whose turns are each well within it, is answered
//! partly 3004 DIAMETER_TOO_BUSY at once and partly served, each request
//! exactly once. (Counting turns alone, as before, sheds none or a few
//! dozen of them here.)

use std::collections::HashSet;
use std::time::Duration;

use diameter_core::dict::result_code as rc;
use diameter_tests::{ccr_block, echo_node, parse, result_code, test_config, RawPeer};

const REQUESTS: u32 = 10_000;
/// About 27 requests a turn: a turn takes a millisecond or two, under
/// the target, even in a debug build.
const BUDGET: usize = 8 * 1024;
const TARGET: Duration = Duration::from_millis(5);

#[test]
fn a_backlog_behind_short_turns_is_shed_and_everything_answered_once() {
    let mut cfg = test_config("ocs.example.com", "example.com", true);
    cfg.threads = 1;
    cfg.read_budget = BUDGET;
    cfg.shed_after = Some(TARGET);
    let node = echo_node(cfg);
    let mut raw = RawPeer::connect(node.local_addrs()[0], "gw.example.net", "example.net");
    raw.handshake();
    let block = ccr_block(REQUESTS);
    // 3 MB at once: hundreds of turns' worth.
    raw.send(&block);
    let (mut answered, mut busy) = (HashSet::new(), 0);
    while answered.len() < REQUESTS as usize {
        let answer = raw.expect_message(Duration::from_secs(60));
        match result_code(&answer) {
            Some(rc::DIAMETER_SUCCESS) => {}
            Some(rc::DIAMETER_TOO_BUSY) => busy += 1,
            other => panic!("answered {other:?}"),
        }
        let e2e = parse(&answer).end_to_end();
        assert!(e2e < REQUESTS && answered.insert(e2e), "answer {e2e}");
    }
    assert!(
        busy >= REQUESTS / 10,
        "only {busy} of {REQUESTS} shed: what waited was not counted"
    );
    assert_eq!(node.shed(), u64::from(busy), "the node counts what it shed");
    node.stop().expect("stops");
}
