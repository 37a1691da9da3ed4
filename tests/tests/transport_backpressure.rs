//! A peer that sends requests and never reads the answers: the node stops
//! reading from it once its pending output passes the high-water mark
//! (4 MiB), so memory stays bounded, and it keeps serving other peers
//! meanwhile. When the peer reads again, everything is answered.

use std::io::{ErrorKind, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diameter_core::dict::result_code as rc;
use diameter_tests::{
    ccr_initial, echo_node, peer_of, result_code, test_config, vm_rss_kib, wait_until, RawPeer,
};
use diameter_transport::{Node, PeerConfig, TlsMode};

/// The node's high-water mark for a connection's pending output.
const HIGH_WATER: u64 = 4 << 20;
/// How long nothing must move for the hog to count as stalled.
const STILL: Duration = Duration::from_millis(1500);
/// Requests written per `write_all`.
const BATCH: u64 = 256;
/// Bound on the test process's growth while the hog is stalled.
const MAX_GROWTH_KIB: u64 = 64 << 10;

fn ccr(e2e: u32) -> Vec<u8> {
    ccr_initial(
        "hog.example.net;0000000001",
        ("hog.example.net", "example.net"),
        "example.com",
        e2e,
    )
}

/// How many requests the hog has got answered so far.
fn requests_in(node: &Node) -> u64 {
    peer_of(node, "hog.example.net").map_or(0, |p| p.counters().requests_in)
}

#[test]
fn a_peer_that_never_reads_is_throttled_and_others_are_served() {
    let node = echo_node(test_config("ocs.example.com", "example.com", true));
    let mut cfg = test_config("gw.example.net", "example.net", false);
    cfg.peers = vec![PeerConfig {
        address: node.local_addrs()[0],
        host: Some("ocs.example.com".into()),
        tls: TlsMode::Off,
    }];
    let client = echo_node(cfg);
    wait_until("the client open", Duration::from_secs(5), || {
        client.peers().iter().any(|p| p.is_open())
    });
    let c = client.client();
    // The answer to one hog request, as the node builds it.
    let answer_len = c.call(ccr(0), Duration::from_secs(5)).unwrap().len() as u64;

    let mut hog = RawPeer::connect(node.local_addrs()[0], "hog.example.net", "example.net");
    hog.handshake();
    let rss_before = vm_rss_kib();

    // The hog writes batches of CCRs and never reads.
    let batch: Vec<u8> = (0..BATCH as u32).flat_map(ccr).collect();
    let written = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut out = hog.stream.try_clone().unwrap();
    let writer = {
        let (written, stop) = (Arc::clone(&written), Arc::clone(&stop));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                out.write_all(&batch).unwrap();
                written.fetch_add(BATCH, Ordering::Relaxed);
            }
        })
    };

    // Wait for the stall: neither the hog's writes nor the node's reads advance.
    let mut last = (u64::MAX, u64::MAX);
    let mut still_since = Instant::now();
    let t0 = Instant::now();
    while still_since.elapsed() < STILL {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the node never stopped reading: {} requests in",
            requests_in(&node)
        );
        let now = (written.load(Ordering::Relaxed), requests_in(&node));
        if now != last {
            last = now;
            still_since = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let (stalled_writes, stalled_reads) = last;
    assert!(stalled_reads < stalled_writes, "the node read everything");
    // The node read until its output for the hog passed the high-water mark.
    assert!(
        stalled_reads * answer_len > HIGH_WATER,
        "paused after {stalled_reads} answers of {answer_len} bytes"
    );
    let growth = vm_rss_kib().saturating_sub(rss_before);
    eprintln!("stalled after {stalled_reads} requests read of {stalled_writes} written; growth {growth} KiB");
    assert!(
        growth < MAX_GROWTH_KIB,
        "the process grew by {growth} KiB while the hog was stalled"
    );

    // Meanwhile the node serves another peer promptly.
    for i in 1..=20 {
        let answer = c.call(ccr(i), Duration::from_secs(1)).unwrap();
        assert_eq!(result_code(&answer), Some(rc::DIAMETER_SUCCESS));
    }
    assert_eq!(requests_in(&node), stalled_reads, "the hog was read from");

    // The hog reads at last: every request it wrote gets its answer.
    // The number of answers to read is known once the writer has stopped.
    let expected = Arc::new(AtomicU64::new(u64::MAX));
    let reader = {
        let mut input = hog.stream.try_clone().unwrap();
        input
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let expected = Arc::clone(&expected);
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            let mut bytes = 0u64;
            let mut idle = Instant::now();
            while bytes / answer_len < expected.load(Ordering::Relaxed) {
                assert!(idle.elapsed() < Duration::from_secs(10), "answers stopped");
                match input.read(&mut buf) {
                    Ok(0) => panic!("closed after {bytes} bytes of answers"),
                    Ok(n) => {
                        bytes += n as u64;
                        idle = Instant::now();
                    }
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                    Err(e) => panic!("read: {e}"),
                }
            }
            bytes
        })
    };
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    let total = written.load(Ordering::Relaxed);
    expected.store(total, Ordering::Relaxed);
    let bytes = reader.join().unwrap();
    assert_eq!(bytes, total * answer_len);
    assert_eq!(requests_in(&node), total);
    drop(hog);
    client.stop().unwrap();
    wait_until("the hog gone", Duration::from_secs(5), || {
        node.peers().is_empty()
    });
    node.stop().unwrap();
}
