//! 10,000 idle connections, each past its capabilities exchange, held by
//! one node; what an idle connection costs in memory.
//!
//! The client ends live in a child process (this test binary run again,
//! for this test only, with `IDLE_CLIENTS_TO` set), so that this process
//! holds only the node: its VmRSS growth between before the first
//! connection and once all are open is the node's cost for them (its
//! connections, peer state machines, buffers, timers and peer-table
//! entries). Two processes also halve the descriptors each needs.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use diameter_core::peer::BaseMessage;
use diameter_tests::{echo_node, test_config, vm_rss_kib, wait_until, RawPeer};
use diameter_transport::Node;

const CONNECTIONS: usize = 10_000;
/// Connections opened before their CEAs are read.
const BATCH: usize = 500;
/// The bound on an idle connection's memory.
const MAX_BYTES_PER_CONNECTION: u64 = 32 * 1024;
/// Tells the child process where to connect.
const CHILD_ENV: &str = "IDLE_CLIENTS_TO";
/// What the child prints once every connection is open (after the
/// harness's "test ... " on the same line).
const READY: &str = "idle clients ready";

/// Lets this process hold one end of every connection, plus some spare.
fn raise_fd_limit() {
    let need = (CONNECTIONS + 1024) as u64;
    let got = rlimit::increase_nofile_limit(need).unwrap();
    assert!(got >= need, "RLIMIT_NOFILE is {got}, {need} needed");
}

/// Opens `BATCH` connections to `addr` as `idle-<i>` hosts and completes
/// their capabilities exchanges.
fn open_batch(addr: SocketAddr, first: usize, streams: &mut Vec<TcpStream>) {
    let mut raws: Vec<_> = (first..first + BATCH)
        .map(|i| {
            let mut raw = RawPeer::connect(addr, &format!("idle-{i}.example.net"), "example.net");
            let ids = raw.request(BaseMessage::Cer);
            (raw, ids)
        })
        .collect();
    for (raw, ids) in &mut raws {
        raw.expect_cea(*ids);
    }
    streams.extend(raws.into_iter().map(|(raw, _)| raw.stream));
}

/// The child's part: open every connection, say so, and hold them until
/// the parent closes our stdin.
fn hold_clients(addr: &str) {
    raise_fd_limit();
    let addr: SocketAddr = addr.parse().unwrap();
    let mut streams = Vec::with_capacity(CONNECTIONS);
    for first in (0..CONNECTIONS).step_by(BATCH) {
        open_batch(addr, first, &mut streams);
    }
    // Straight to stdout: the test harness captures `println!`.
    let mut out = std::io::stdout();
    writeln!(out, "{READY}").and_then(|()| out.flush()).unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// Runs this test again in a child process as the client side.
fn spawn_clients(addr: SocketAddr) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "ten_thousand_idle_connections_are_held_cheaply",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, addr.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

fn open_count(node: &Node) -> usize {
    node.peers().iter().filter(|p| p.is_open()).count()
}

#[test]
fn ten_thousand_idle_connections_are_held_cheaply() {
    if let Ok(addr) = std::env::var(CHILD_ENV) {
        return hold_clients(&addr);
    }
    raise_fd_limit();
    let mut cfg = test_config("ocs.example.com", "example.com", true);
    // No watchdog traffic while the test runs.
    cfg.watchdog_interval = Duration::from_secs(300);
    // Every connection comes from 127.0.0.1, the warm-up batch's perhaps
    // not all seen closed yet when the next opens.
    cfg.max_connections = 3 * CONNECTIONS;
    cfg.max_connections_per_source = 3 * CONNECTIONS;
    let node = echo_node(cfg);
    let addr = node.local_addrs()[0];
    // A first batch opened and closed, so what all connections share is in place.
    let mut warm_up = Vec::new();
    open_batch(addr, CONNECTIONS, &mut warm_up);
    drop(warm_up);
    wait_until("the warm-up peers gone", Duration::from_secs(10), || {
        node.peers().is_empty()
    });

    let rss_before = vm_rss_kib();
    let t0 = Instant::now();
    let mut child = spawn_clients(addr);
    let stdout = child.stdout.take().unwrap();
    let (ready_tx, ready) = channel();
    // Reads the child's output to its end, so that it can print its result.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains(READY) {
                let _ = ready_tx.send(());
            }
        }
    });
    if ready.recv_timeout(Duration::from_secs(60)).is_err() {
        let _ = child.kill();
        panic!("the client process failed: {:?}", child.wait());
    }
    wait_until("every connection open", Duration::from_secs(30), || {
        open_count(&node) == CONNECTIONS
    });
    let opened_in = t0.elapsed();
    let rss_after = vm_rss_kib();
    let per_connection = (rss_after.saturating_sub(rss_before) * 1024) / CONNECTIONS as u64;
    eprintln!(
        "{CONNECTIONS} idle connections opened in {opened_in:?}: node VmRSS {rss_before} -> \
         {rss_after} KiB, {per_connection} bytes per connection"
    );
    assert!(
        per_connection < MAX_BYTES_PER_CONNECTION,
        "{per_connection} bytes per idle connection"
    );
    let peers = node.peers();
    assert_eq!(peers.len(), CONNECTIONS);
    assert!(peers
        .iter()
        .all(|p| p.state == "R-Open" && p.watchdog == "OKAY"));

    // The node lets them all go when the clients leave.
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    wait_until("every peer gone", Duration::from_secs(30), || {
        node.peers().is_empty()
    });
    node.stop().unwrap();
}
