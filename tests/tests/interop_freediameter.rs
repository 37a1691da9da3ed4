//! Interoperability with a real peer: freeDiameter's daemon on loopback,
//! TLS off. Both directions of the capabilities exchange, the watchdog
//! after a short Tw (its DWRs and DWAs both ways, as freeDiameter logged
//! them), disconnection with DPR/DPA, and a credit-control request relayed
//! by freeDiameter from one node of ours to another and answered back.

use std::time::Duration;

use diameter_core::dict::{application, base, command};
use diameter_core::wire::Message;
use diameter_tests::{ccr_initial, free_port, open_with, Echo, FreeDiameter, Logged};
use diameter_transport::{AppId, Node, NodeConfig, PeerConfig, TlsMode};

fn node(host: &str, realm: &str, listen: Option<u16>, peers: Vec<PeerConfig>) -> Node {
    node_with_tw(host, realm, listen, peers, Duration::from_secs(6))
}

fn node_with_tw(
    host: &str,
    realm: &str,
    listen: Option<u16>,
    peers: Vec<PeerConfig>,
    tw: Duration,
) -> Node {
    let mut cfg = NodeConfig::new(host, realm);
    cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    cfg.listen = listen
        .map(|p| ([127, 0, 0, 1], p).into())
        .into_iter()
        .collect();
    cfg.peers = peers;
    cfg.threads = 1;
    cfg.watchdog_interval = tw;
    cfg.reconnect_interval = Duration::from_secs(6);
    Node::start(cfg, |_| Echo).expect("node starts")
}

/// Which side's watchdog fires: the one with the short Tw.
#[derive(Clone, Copy)]
enum Watchdog {
    /// freeDiameter's Tw is 6 s, ours 60 s: it sends the DWRs.
    Theirs,
    /// Ours is 6 s, freeDiameter's 60 s: we send the DWRs.
    Ours,
}

/// Connects to freeDiameter, sees two watchdog rounds from the side with
/// the short Tw (answered by the other), then stops with DPR/DPA.
///
/// Each side resets its watchdog timer on every message it receives (RFC
/// 3539 §3.4.1), so with Tw 6 s ± 2 s on both sides which one sends a DWR
/// depends on the jitter; with the other side's Tw at 60 s, only the short
/// side's timer ever expires, and the expected exchange is certain.
fn watchdog_rounds(who: Watchdog) {
    let (their_tw, our_tw) = match who {
        Watchdog::Theirs => (6, 60),
        Watchdog::Ours => (60, 6),
    };
    // freeDiameter only accepts peers it knows: name ours, at a port where
    // nothing listens, so that it waits for us to connect.
    let fd = FreeDiameter::start(
        "fd.example.org",
        "example.org",
        &[("gw.example.net", free_port())],
        their_tw,
    );
    let peer = PeerConfig {
        address: fd.addr,
        host: Some("fd.example.org".into()),
        tls: TlsMode::Off,
    };
    let ours = node_with_tw(
        "gw.example.net",
        "example.net",
        None,
        vec![peer],
        Duration::from_secs(our_tw),
    );
    fd.wait_for_peers("CER/CEA", &ours, open_with("fd.example.org"));
    assert_eq!(ours.peers()[0].state, "I-Open");
    // Two DWR/DWA rounds, as freeDiameter logged them.
    let msg = |sent, command, request| Logged {
        sent,
        command,
        request,
    };
    let dwr = command::DEVICE_WATCHDOG;
    let (request, answer) = match who {
        Watchdog::Theirs => (
            ("DWR sent", msg(true, dwr, true)),
            ("DWA received", msg(false, dwr, false)),
        ),
        Watchdog::Ours => (
            ("DWR received", msg(false, dwr, true)),
            ("DWA sent", msg(true, dwr, false)),
        ),
    };
    for (what, m) in [request, answer] {
        fd.wait(what, Duration::from_secs(40), |fd| {
            fd.count("gw.example.net", m) >= 2
        });
    }
    // Every DWR was answered, none went the other way, and the watchdog
    // kept us OKAY on the one connection, without application traffic.
    let log = fd.exchanged("gw.example.net");
    let count = |m| log.iter().filter(|l| **l == m).count();
    assert!(count(answer.1) + 1 >= count(request.1), "{log:?}");
    let other_way = Logged {
        sent: !request.1.sent,
        ..request.1
    };
    assert_eq!(count(other_way), 0, "{log:?}");
    let p = &ours.peers()[0];
    assert!(p.is_open() && p.state == "I-Open", "{p:?}\n{}", fd.log());
    assert_eq!(p.counters().requests_out + p.counters().requests_in, 0);
    ours.stop().expect("stops");
    // Stopping sent DPR (RFC 6733 §5.4), and freeDiameter answered it.
    let dpr = command::DISCONNECT_PEER;
    fd.wait("DPR received", Duration::from_secs(10), |fd| {
        fd.count("gw.example.net", msg(false, dpr, true)) == 1
    });
    fd.wait("DPA sent", Duration::from_secs(10), |fd| {
        fd.count("gw.example.net", msg(true, dpr, false)) == 1
    });
}

#[test]
fn we_connect_answer_its_watchdog_and_disconnect() {
    watchdog_rounds(Watchdog::Theirs);
}

#[test]
fn we_connect_send_the_watchdog_and_disconnect() {
    watchdog_rounds(Watchdog::Ours);
}

#[test]
fn it_connects_to_us_and_relays_a_credit_control_request() {
    let server_port = free_port();
    let server = node("ocs.example.com", "example.com", Some(server_port), vec![]);
    let peers = [
        ("ocs.example.com", server_port),
        ("gw.example.net", free_port()),
    ];
    let fd = FreeDiameter::start("relay.example.org", "example.org", &peers, 30);
    // freeDiameter connects to us: R-Open on our side.
    fd.wait_for_peers(
        "freeDiameter's CER",
        &server,
        open_with("relay.example.org"),
    );
    assert_eq!(server.peers()[0].state, "R-Open");

    // A client node of ours reaches the server only through freeDiameter.
    let peer = PeerConfig {
        address: fd.addr,
        host: Some("relay.example.org".into()),
        tls: TlsMode::Off,
    };
    let client = node("gw.example.net", "example.net", None, vec![peer]);
    fd.wait_for_peers("client CER/CEA", &client, open_with("relay.example.org"));
    let request = ccr_initial(
        "gw.example.net;1;relayed",
        ("gw.example.net", "example.net"),
        "example.com",
        42,
    );
    let answer = client
        .client()
        .call(request, Duration::from_secs(10))
        .expect("an answer");
    let a = Message::new_checked(&answer).expect("a message");
    assert!(!a.is_request());
    assert_eq!(a.end_to_end(), 42);
    assert_eq!(
        a.lookup(base::RESULT_CODE.code, 0)
            .and_then(|r| r.u32().ok()),
        Some(2001),
        "{}",
        fd.log()
    );
    // The answer is the server's, relayed: its Origin-Host is the server's.
    assert_eq!(
        a.lookup(base::ORIGIN_HOST.code, 0)
            .and_then(|h| h.identity().ok()),
        Some("ocs.example.com")
    );
    // The server saw the request come from freeDiameter with a Route-Record.
    assert_eq!(server.peers()[0].counters().requests_in, 1);
    client.stop().expect("client stops");
    server.stop().expect("server stops");
}
