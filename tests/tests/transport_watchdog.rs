//! The RFC 3539 watchdog over real sockets: a node facing a raw peer that
//! goes silent after the capabilities exchange, and one that keeps
//! answering. Tw is the smallest allowed, 6 s, with ±2 s of jitter
//! (RFC 3539 §3.4.1), so each Tw lasts 4 to 8 s.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use diameter_core::dict::{base, command, result_code as rc};
use diameter_core::peer::{BaseMessage, Ids};
use diameter_tests::{
    avp_text, echo_node, parse, peer_of, result_code, test_config, wait_until, Incoming, RawPeer,
};
use diameter_transport::{Node, PeerConfig, TlsMode};

const TW: Duration = Duration::from_secs(6);
const JITTER: Duration = Duration::from_secs(2);
/// Scheduling and delivery slack on top of timer bounds.
const SLACK: Duration = Duration::from_millis(1500);

fn server() -> Node {
    let mut cfg = test_config("ocs.example.com", "example.com", true);
    cfg.watchdog_interval = TW;
    echo_node(cfg)
}

fn is_dwr(msg: &[u8]) -> bool {
    let m = parse(msg);
    m.command_code() == command::DEVICE_WATCHDOG && m.is_request()
}

#[test]
fn silent_peer_is_suspected_then_disconnected() {
    // The node connects to the silent peer, so it keeps the peer (configured)
    // after the failure and its final watchdog state can be seen.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut cfg = test_config("gw.example.net", "example.net", false);
    cfg.watchdog_interval = TW;
    cfg.peers = vec![PeerConfig {
        address: listener.local_addr().unwrap(),
        host: Some("mute.example.com".into()),
        tls: TlsMode::Off,
    }];
    let node = echo_node(cfg);
    let mut raw = RawPeer::accept(&listener, "mute.example.com", "example.com", TW);
    raw.serve_handshake();
    wait_until("the peer open", Duration::from_secs(5), || {
        peer_of(&node, "mute.example.com").is_some_and(|p| p.is_open())
    });

    // After a quiet Tw the node probes with a DWR, which goes unanswered;
    // then the watchdog suspects the peer, and after one more Tw closes the
    // connection. When each happens is the watchdog's own business, tested
    // on a virtual clock in core (peer::tests::harness); here the states
    // are waited for, not timed.
    let dwr = raw.expect_message(4 * (TW + JITTER) + SLACK);
    assert!(is_dwr(&dwr), "expected a DWR, got {:?}", parse(&dwr));
    let mut suspected = false;
    let deadline = Instant::now() + 8 * (TW + JITTER) + SLACK;
    loop {
        suspected |= peer_of(&node, "mute.example.com").is_some_and(|p| p.watchdog == "SUSPECT");
        match raw.recv(Duration::from_millis(10)) {
            Incoming::Closed => break,
            Incoming::Message(m) => panic!("unexpected message {:?}", parse(&m)),
            Incoming::Nothing => {}
        }
        assert!(Instant::now() < deadline, "still open long after the DWR");
    }
    assert!(suspected, "closed without showing SUSPECT first");
    wait_until("the peer closed and DOWN", Duration::from_secs(10), || {
        peer_of(&node, "mute.example.com")
            .is_some_and(|p| (p.state, p.watchdog) == ("Closed", "DOWN"))
    });
    node.stop().unwrap();
}

#[test]
fn answering_peer_stays_open_and_gets_dwas() {
    let node = server();
    let mut raw = RawPeer::connect(node.local_addrs()[0], "chatty.example.net", "example.net");
    raw.handshake();
    let opened = Instant::now();

    // The node answers our DWR: same identifiers, 2001, its Origin-Host.
    let ids = raw.request(BaseMessage::Dwr);
    let dwa = raw.expect_message(Duration::from_secs(5));
    let m = parse(&dwa);
    assert_eq!(
        (m.command_code(), m.is_request(), Ids::of(&m)),
        (command::DEVICE_WATCHDOG, false, ids)
    );
    assert!(!m.is_error());
    assert_eq!(result_code(&dwa), Some(rc::DIAMETER_SUCCESS));
    assert_eq!(
        avp_text(&dwa, base::ORIGIN_HOST.code).as_deref(),
        Some("ocs.example.com")
    );

    // Answer the node's DWRs for three Tw: the connection stays up.
    let mut probes = 0;
    while probes < 3 {
        match raw.recv(TW + JITTER + SLACK) {
            Incoming::Message(m) if is_dwr(&m) => {
                probes += 1;
                raw.reply(
                    &m,
                    BaseMessage::Dwa {
                        result_code: rc::DIAMETER_SUCCESS,
                    },
                );
            }
            other => panic!("expected a DWR, got {other:?}"),
        }
        let p = peer_of(&node, "chatty.example.net").expect("the peer is known");
        assert!(
            p.is_open(),
            "{} / {} after {probes} DWRs",
            p.state,
            p.watchdog
        );
    }
    assert!(opened.elapsed() >= 3 * (TW - JITTER) - Duration::from_millis(100));
    // Nothing else came, and the connection is still open.
    assert!(matches!(
        raw.recv(Duration::from_millis(200)),
        Incoming::Nothing
    ));
    let p = peer_of(&node, "chatty.example.net").unwrap();
    assert_eq!((p.state, p.watchdog), ("R-Open", "OKAY"));
    node.stop().unwrap();
}
