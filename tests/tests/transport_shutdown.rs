//! Graceful shutdown (RFC 6733 §5.4): `Node::stop` sends a DPR with
//! Disconnect-Cause REBOOTING to every open peer, accepted and configured
//! alike, on every event-loop thread, waits a bounded time for the DPAs,
//! closes, and leaves no listening port behind.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diameter_core::dict::{base, command, result_code as rc};
use diameter_core::peer::{BaseMessage, DisconnectCause};
use diameter_tests::{
    accept_within, avp_text, echo_node, parse, peer_of, test_config, wait_until, RawPeer,
};
use diameter_transport::{Node, PeerConfig, TlsMode};

/// The node's stated bound on waiting for DPAs.
const GRACE: Duration = Duration::from_secs(3);
const SLACK: Duration = Duration::from_millis(1500);

/// Waits for the node's DPR, checks it, answers it with a DPA if `polite`,
/// and returns how long after the DPR the node closed the connection.
fn await_dpr(mut raw: RawPeer, polite: bool) -> Duration {
    let dpr = raw.expect_message(Duration::from_secs(10));
    let got = Instant::now();
    let m = parse(&dpr);
    assert_eq!(
        (m.command_code(), m.is_request()),
        (command::DISCONNECT_PEER, true),
        "{}: {m:?}",
        raw.host
    );
    let cause = m
        .lookup(base::DISCONNECT_CAUSE.code, 0)
        .and_then(|a| a.enumerated().ok());
    assert_eq!(cause, Some(DisconnectCause::Rebooting as i32));
    assert_eq!(
        avp_text(&dpr, base::ORIGIN_HOST.code).as_deref(),
        Some("ocs.example.com")
    );
    if polite {
        raw.reply(
            &dpr,
            BaseMessage::Dpa {
                result_code: rc::DIAMETER_SUCCESS,
            },
        );
    }
    let rest = raw.wait_closed(GRACE + SLACK);
    assert_eq!(rest.map(|r| r.len()), Some(0), "{}", raw.host);
    got.elapsed()
}

/// A node with `threads` event loops, listening, and connected to a raw
/// server; `clients` raw peers connected to it. Returns the node, its
/// listening address, the raw server's listener and every raw peer.
fn node_with_peers(
    threads: usize,
    clients: &[&str],
) -> (Node, SocketAddr, TcpListener, Vec<RawPeer>) {
    let upstream = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut cfg = test_config("ocs.example.com", "example.com", true);
    cfg.threads = threads;
    cfg.peers = vec![PeerConfig {
        address: upstream.local_addr().unwrap(),
        host: Some("up.example.org".into()),
        tls: TlsMode::Off,
    }];
    let node = echo_node(cfg);
    let addr = node.local_addrs()[0];
    let mut raws = vec![RawPeer::accept(
        &upstream,
        "up.example.org",
        "example.org",
        Duration::from_secs(5),
    )];
    raws[0].serve_handshake();
    for host in clients {
        let mut raw = RawPeer::connect(addr, host, "example.net");
        raw.handshake();
        raws.push(raw);
    }
    wait_until("every peer open", Duration::from_secs(5), || {
        node.peers().iter().filter(|p| p.is_open()).count() == raws.len()
    });
    (node, addr, upstream, raws)
}

fn spawn_await(raws: Vec<RawPeer>, polite: impl Fn(&str) -> bool) -> Vec<JoinHandle<Duration>> {
    raws.into_iter()
        .map(|raw| {
            let p = polite(&raw.host);
            std::thread::spawn(move || await_dpr(raw, p))
        })
        .collect()
}

#[test]
fn stop_disconnects_every_peer_and_closes_the_port() {
    let clients = ["c1.example.net", "c2.example.net", "c3.example.net"];
    let (node, addr, upstream, raws) = node_with_peers(2, &clients);
    let waiting = spawn_await(raws, |_| true);

    let t0 = Instant::now();
    node.stop().unwrap();
    let took = t0.elapsed();
    for w in waiting {
        let closed_after = w.join().unwrap();
        assert!(
            closed_after < Duration::from_secs(1),
            "closed {closed_after:?} after the DPA"
        );
    }
    // Every DPA came: no need to wait out the grace period.
    assert!(
        took < GRACE,
        "stop took {took:?} though every peer answered"
    );
    assert!(
        TcpStream::connect(addr).is_err(),
        "still listening on {addr}"
    );
    // A stopped node does not reconnect to its configured peer.
    assert!(accept_within(&upstream, Duration::from_millis(500)).is_none());
}

#[test]
fn stop_is_bounded_when_a_peer_never_answers_the_dpr() {
    let (node, addr, _upstream, raws) =
        node_with_peers(1, &["polite.example.net", "mute.example.net"]);
    let mute_host = "mute.example.net";
    assert!(peer_of(&node, mute_host).is_some_and(|p| p.is_open()));
    let waiting = spawn_await(raws, |host| host != mute_host);

    let t0 = Instant::now();
    node.stop().unwrap();
    let took = t0.elapsed();
    assert!(took < GRACE + SLACK, "stop took {took:?}");
    for w in waiting {
        w.join().unwrap();
    }
    assert!(
        TcpStream::connect(addr).is_err(),
        "still listening on {addr}"
    );
}
