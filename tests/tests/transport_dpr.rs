//! Disconnect-Peer-Request from a raw peer (RFC 6733 §5.4): the node answers
//! with a DPA, the connection closes, and a configured peer is reconnected
//! as its Disconnect-Cause asks (§5.4.3): at once after REBOOTING, after a
//! doubled Tc after BUSY, not at all after DO_NOT_WANT_TO_TALK_TO_YOU.

use std::net::{Shutdown, TcpListener};
use std::time::{Duration, Instant};

use diameter_core::dict::{base, command, result_code as rc};
use diameter_core::peer::{BaseMessage, DisconnectCause, Ids};
use diameter_tests::{
    accept_within, avp_text, echo_node, parse, peer_of, result_code, test_config, wait_until,
    RawPeer,
};
use diameter_transport::{Node, PeerConfig, TlsMode};

const CAUSES: [DisconnectCause; 3] = [
    DisconnectCause::Rebooting,
    DisconnectCause::Busy,
    DisconnectCause::DoNotWantToTalkToYou,
];

/// Sends a DPR with `cause` and checks the DPA: same identifiers, 2001,
/// the node's Origin-Host.
fn disconnect(raw: &mut RawPeer, cause: DisconnectCause, node_host: &str) {
    let ids = raw.request(BaseMessage::Dpr { cause });
    let dpa = raw.expect_message(Duration::from_secs(5));
    let m = parse(&dpa);
    assert_eq!(
        (m.command_code(), m.is_request(), Ids::of(&m)),
        (command::DISCONNECT_PEER, false, ids),
        "{cause:?}"
    );
    assert_eq!(result_code(&dpa), Some(rc::DIAMETER_SUCCESS), "{cause:?}");
    assert_eq!(
        avp_text(&dpa, base::ORIGIN_HOST.code).as_deref(),
        Some(node_host)
    );
}

#[test]
fn dpr_is_answered_and_the_connection_closes() {
    let node = echo_node(test_config("ocs.example.com", "example.com", true));
    for cause in CAUSES {
        let host = format!("dpr-{}.example.net", cause as i32);
        let mut raw = RawPeer::connect(node.local_addrs()[0], &host, "example.net");
        raw.handshake();
        disconnect(&mut raw, cause, "ocs.example.com");
        // Answered, the node waits for us to close (RFC 6733 §5.4: the
        // receiver of the DPA disconnects) and then closes too.
        assert_eq!(peer_of(&node, &host).unwrap().state, "Closing");
        raw.stream.shutdown(Shutdown::Write).unwrap();
        assert!(
            raw.wait_closed(Duration::from_secs(2))
                .is_some_and(|rest| rest.is_empty()),
            "{cause:?}: the node kept the connection"
        );
        wait_until("the peer forgotten", Duration::from_secs(2), || {
            peer_of(&node, &host).is_none()
        });
    }
    node.stop().unwrap();
}

#[test]
fn dpr_sender_that_stays_connected_is_closed_by_the_closing_timer() {
    let node = echo_node(test_config("ocs.example.com", "example.com", true));
    let mut raw = RawPeer::connect(node.local_addrs()[0], "lingers.example.net", "example.net");
    raw.handshake();
    disconnect(&mut raw, DisconnectCause::Busy, "ocs.example.com");
    // We never close: the node gives up waiting after its response
    // timeout (10 s by default) and closes the connection itself.
    assert!(
        raw.wait_closed(Duration::from_secs(14))
            .is_some_and(|rest| rest.is_empty()),
        "the node never closed the connection"
    );
    wait_until("the peer forgotten", Duration::from_secs(2), || {
        peer_of(&node, "lingers.example.net").is_none()
    });
    node.stop().unwrap();
}

/// A node configured to connect to a raw listener with reconnect interval
/// `tc`; the raw side accepts, completes the handshake, disconnects the node
/// with a DPR carrying `cause` and closes. Returns the raw listener, the
/// node, and when the raw side closed.
fn disconnected_by_server(cause: DisconnectCause, tc: Duration) -> (TcpListener, Node, Instant) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut cfg = test_config("gw.example.net", "example.net", false);
    cfg.reconnect_interval = tc;
    cfg.peers = vec![PeerConfig {
        address: listener.local_addr().unwrap(),
        host: Some("srv.example.com".into()),
        tls: TlsMode::Off,
    }];
    let node = echo_node(cfg);
    let mut raw = RawPeer::accept(&listener, "srv.example.com", "example.com", tc);
    raw.serve_handshake();
    wait_until("the node open", Duration::from_secs(5), || {
        peer_of(&node, "srv.example.com").is_some_and(|p| p.is_open())
    });
    disconnect(&mut raw, cause, "gw.example.net");
    drop(raw);
    (listener, node, Instant::now())
}

/// The node's new connection after a disconnection completes a handshake.
fn reconnects_properly(listener: &TcpListener, node: &Node) {
    let stream = accept_within(listener, Duration::from_secs(1)).unwrap();
    let mut raw = RawPeer::on(stream, "srv.example.com", "example.com");
    raw.serve_handshake();
    wait_until("the node open again", Duration::from_secs(5), || {
        peer_of(node, "srv.example.com").is_some_and(|p| p.is_open())
    });
}

#[test]
fn rebooting_server_is_reconnected_at_once() {
    // Tc is long: a reconnection well before it is the immediate one.
    let tc = Duration::from_secs(30);
    let (listener, node, closed) = disconnected_by_server(DisconnectCause::Rebooting, tc);
    let stream =
        accept_within(&listener, Duration::from_secs(3)).expect("no reconnection after REBOOTING");
    assert!(closed.elapsed() < Duration::from_secs(3));
    let mut raw = RawPeer::on(stream, "srv.example.com", "example.com");
    raw.serve_handshake();
    wait_until("the node open again", Duration::from_secs(5), || {
        peer_of(&node, "srv.example.com").is_some_and(|p| p.is_open())
    });
    node.stop().unwrap();
}

#[test]
fn busy_server_is_reconnected_after_twice_tc() {
    let tc = Duration::from_secs(1);
    let (listener, node, closed) = disconnected_by_server(DisconnectCause::Busy, tc);
    // Nothing during the back-off of 2 × Tc...
    assert!(accept_within(&listener, 2 * tc - Duration::from_millis(200)).is_none());
    // ...then the reconnection.
    wait_until("the reconnection", Duration::from_secs(2), || {
        peer_of(&node, "srv.example.com").is_some_and(|p| p.state != "Closed")
    });
    assert!(closed.elapsed() >= 2 * tc - Duration::from_millis(100));
    reconnects_properly(&listener, &node);
    node.stop().unwrap();
}

#[test]
fn unwanted_node_does_not_reconnect() {
    let tc = Duration::from_secs(1);
    let (listener, node, _) = disconnected_by_server(DisconnectCause::DoNotWantToTalkToYou, tc);
    assert!(
        accept_within(&listener, 4 * tc).is_none(),
        "reconnected after DO_NOT_WANT_TO_TALK_TO_YOU"
    );
    let p = peer_of(&node, "srv.example.com").unwrap();
    assert_eq!(p.state, "Closed");
    node.stop().unwrap();
}
