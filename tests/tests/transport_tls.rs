//! TLS between nodes over loopback (RFC 6733 §2.1, §6.10, §13.1), with
//! certificates made here: both ways of starting TLS, the refusals of
//! mutual authentication while a good peer is served, a stalled handshake,
//! watchdog and DPR over TLS, and failover between a TLS and a clear-text
//! peer. Every wait is for a state or a message; protocol timing is tested
//! on the router's virtual clock.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use diameter_core::dict::{base, command, result_code as rc};
use diameter_core::peer::{BaseMessage, DisconnectCause, Ids};
use diameter_tests::pki::{Pki, TlsPeer};
use diameter_tests::{
    avp_text, base_message, ccr_initial, echo_node, parse, peer_of, result_code, test_config,
    wait_until,
};
use diameter_transport::{Node, NodeConfig, PeerConfig, TlsMode, TlsSettings};

const OCS: &str = "ocs.example.com";
/// Only a guard against a hung test.
const WAIT: Duration = Duration::from_secs(20);

/// A server named `host` listening in clear (in-band TLS offered) and
/// with TLS at connect: `local_addrs()` is `[clear, tls]`.
fn server(pki: &Pki, host: &str, edit: impl FnOnce(&mut NodeConfig)) -> Node {
    let mut cfg = test_config(host, "example.com", true);
    cfg.tls_listen = vec![SocketAddr::from(([127, 0, 0, 1], 0))];
    cfg.inband_tls = true;
    cfg.tls = Some(pki.node(&[host]));
    edit(&mut cfg);
    echo_node(cfg)
}

/// A peer at `address` named `host`, reached with `tls`.
fn peer(address: SocketAddr, host: &str, tls: TlsMode) -> PeerConfig {
    PeerConfig {
        address,
        host: Some(host.into()),
        tls,
    }
}

/// A client named `host` with `settings`, of the one server `ocs`.
fn client(host: &str, settings: TlsSettings, ocs: PeerConfig) -> Node {
    let mut cfg = test_config(host, "example.net", false);
    cfg.tls = Some(settings);
    cfg.peers = vec![ocs];
    echo_node(cfg)
}

/// The address of `server` for `mode`.
fn addr_for(server: &Node, mode: TlsMode) -> SocketAddr {
    match mode {
        TlsMode::AtConnect => server.local_addrs()[1],
        _ => server.local_addrs()[0],
    }
}

fn wait_open(node: &Node, host: &str) {
    wait_until(&format!("{host} open"), WAIT, || {
        peer_of(node, host).is_some_and(|p| p.is_open())
    });
}

/// What the node writes on `stream` until it closes it.
fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut said = Vec::new();
    stream
        .read_to_end(&mut said)
        .expect("the node closes the connection");
    said
}

/// Whether the one peer of `client` is closed after trying: it is
/// Wait-Conn-Ack, then Wait-I-CEA, from the start (and nameless until a
/// CEA is accepted).
fn closed(client: &Node) -> bool {
    client.peers().first().is_some_and(|p| p.state == "Closed")
}

/// A CCR from `client` (named `host`), answered: the answer's Result-Code
/// and Origin-Host.
fn ask(client: &Node, host: &str) -> (Option<u32>, Option<String>) {
    let request = ccr_initial(
        &format!("{host};1"),
        (host, "example.net"),
        "example.com",
        1,
    );
    let answer = client.client().call(request, WAIT).expect("an answer");
    (
        result_code(&answer),
        avp_text(&answer, base::ORIGIN_HOST.code),
    )
}

#[test]
fn tls_at_connect_and_in_band_serve_requests_between_two_nodes() {
    let pki = Pki::new("Diameter test CA");
    let ocs = server(&pki, OCS, |_| {});
    for (host, mode) in [
        ("gw-tls.example.net", TlsMode::AtConnect),
        ("gw-inband.example.net", TlsMode::InBand),
    ] {
        let gw = client(
            host,
            pki.node(&[host]),
            peer(addr_for(&ocs, mode), OCS, mode),
        );
        wait_open(&gw, OCS);
        wait_open(&ocs, host);
        assert_eq!(
            ask(&gw, host),
            (Some(rc::DIAMETER_SUCCESS), Some(OCS.into()))
        );
        gw.stop().unwrap();
    }
    ocs.stop().unwrap();
}

/// RFC 6733 §5.3, §6.10: without in-band TLS offered, a CER asking for it
/// is refused (5017) and the client's peer stays closed.
#[test]
fn in_band_tls_not_offered_is_refused() {
    let pki = Pki::new("Diameter test CA");
    let ocs = server(&pki, OCS, |c| c.inband_tls = false);
    let host = "gw.example.net";
    let gw = client(
        host,
        pki.node(&[host]),
        peer(ocs.local_addrs()[0], OCS, TlsMode::InBand),
    );
    wait_until("the CEA refused", WAIT, || closed(&gw));
    assert!(peer_of(&ocs, host).is_none_or(|p| !p.is_open()));
    gw.stop().unwrap();
    ocs.stop().unwrap();
}

/// Each refusal of RFC 6733 §13.1 closes that connection only: the node
/// keeps serving a good peer.
#[test]
fn refused_peers_leave_the_node_serving_a_good_one() {
    let pki = Pki::new("Diameter test CA");
    let other = Pki::new("Another CA");
    let ocs = server(&pki, OCS, |_| {});
    let good_host = "gw.example.net";
    let good = client(
        good_host,
        pki.node(&[good_host]),
        peer(ocs.local_addrs()[1], OCS, TlsMode::AtConnect),
    );
    wait_open(&good, OCS);
    let expired = |p: &mut rcgen::CertificateParams| {
        p.not_before = rcgen::date_time_ymd(2020, 1, 1);
        p.not_after = rcgen::date_time_ymd(2021, 1, 1);
    };
    let cases = [
        (
            "unknown CA",
            "ca.example.net",
            other.node(&["ca.example.net"]),
            TlsMode::AtConnect,
        ),
        (
            "wrong name",
            "name.example.net",
            pki.node(&["evil.example.net"]),
            TlsMode::AtConnect,
        ),
        (
            "wrong name in band",
            "inband.example.net",
            pki.node(&["evil.example.net"]),
            TlsMode::InBand,
        ),
        (
            "expired",
            "old.example.net",
            pki.node_with(&["old.example.net"], expired),
            TlsMode::AtConnect,
        ),
    ];
    for (what, host, settings, mode) in cases {
        let bad = client(host, settings, peer(addr_for(&ocs, mode), OCS, mode));
        wait_until(what, WAIT, || closed(&bad));
        assert!(
            peer_of(&ocs, host).is_none_or(|p| !p.is_open()),
            "{what}: {:?}",
            peer_of(&ocs, host)
        );
        assert_eq!(
            ask(&good, good_host).0,
            Some(rc::DIAMETER_SUCCESS),
            "{what}"
        );
        bad.stop().unwrap();
    }
    // A clear-text CER on the TLS port: closed, no CEA.
    let mut clear = TcpStream::connect(ocs.local_addrs()[1]).unwrap();
    let cer = base_message(
        ("clear.example.net", "example.net"),
        BaseMessage::Cer,
        Ids::default(),
    );
    clear.write_all(&cer).unwrap();
    let said = read_to_close(&mut clear);
    // A TLS alert record (content type 21), no Diameter message (version 1).
    assert_eq!(said.first(), Some(&21), "no CEA in clear: {said:?}");
    assert_eq!(ask(&good, good_host).0, Some(rc::DIAMETER_SUCCESS));
    good.stop().unwrap();
    ocs.stop().unwrap();
}

/// A peer that stops in the middle of its handshake is closed at the
/// handshake deadline (the response timeout), and others are served
/// meanwhile.
#[test]
fn a_stalled_handshake_is_closed_while_others_are_served() {
    let pki = Pki::new("Diameter test CA");
    let ocs = server(&pki, OCS, |c| c.response_timeout = Duration::from_secs(2));
    let mut stalled = TcpStream::connect(ocs.local_addrs()[1]).unwrap();
    // The header of a handshake record, and nothing of its body.
    stalled.write_all(&[0x16, 0x03, 0x01, 0x00, 0xc8]).unwrap();
    let host = "gw.example.net";
    let good = client(
        host,
        pki.node(&[host]),
        peer(ocs.local_addrs()[1], OCS, TlsMode::AtConnect),
    );
    wait_open(&good, OCS);
    assert_eq!(ask(&good, host).0, Some(rc::DIAMETER_SUCCESS));
    read_to_close(&mut stalled);
    assert_eq!(ask(&good, host).0, Some(rc::DIAMETER_SUCCESS));
    good.stop().unwrap();
    ocs.stop().unwrap();
}

/// RFC 3539 and RFC 6733 §5.4 over TLS: the node's DWR comes over the TLS
/// connection and a DWA keeps the peer OKAY, our DWR is answered, and a
/// DPR is answered with a DPA before the node lets the peer go; a TLS
/// client node stopping sends its DPR over TLS too.
#[test]
fn watchdog_and_dpr_go_over_tls() {
    let pki = Pki::new("Diameter test CA");
    let ocs = server(&pki, OCS, |c| c.watchdog_interval = Duration::from_secs(6));
    let host = "raw.example.net";
    let mut raw = TlsPeer::connect(
        ocs.local_addrs()[1],
        &pki.node(&[host]),
        OCS,
        (host, "example.net"),
    );
    raw.request(BaseMessage::Cer).unwrap();
    let cea = raw.recv().unwrap();
    assert_eq!(result_code(&cea), Some(rc::DIAMETER_SUCCESS));
    let dwr = raw.recv().expect("the node's DWR after Tw");
    assert_eq!(parse(&dwr).command_code(), command::DEVICE_WATCHDOG);
    raw.reply(
        &dwr,
        BaseMessage::Dwa {
            result_code: rc::DIAMETER_SUCCESS,
        },
    )
    .unwrap();
    raw.request(BaseMessage::Dwr).unwrap();
    let dwa = raw.recv().unwrap();
    assert_eq!(
        (parse(&dwa).command_code(), parse(&dwa).is_request()),
        (command::DEVICE_WATCHDOG, false)
    );
    assert_eq!(peer_of(&ocs, host).unwrap().watchdog, "OKAY");
    raw.request(BaseMessage::Dpr {
        cause: DisconnectCause::Rebooting,
    })
    .unwrap();
    let dpa = raw.recv().unwrap();
    assert_eq!(
        (parse(&dpa).command_code(), result_code(&dpa)),
        (command::DISCONNECT_PEER, Some(rc::DIAMETER_SUCCESS))
    );
    // The receiver of the DPA disconnects (RFC 6733 §5.4): close_notify.
    raw.close_notify().unwrap();
    wait_until("the raw peer forgotten", WAIT, || {
        peer_of(&ocs, host).is_none()
    });

    let gw_host = "gw.example.net";
    let gw = client(
        gw_host,
        pki.node(&[gw_host]),
        peer(ocs.local_addrs()[1], OCS, TlsMode::AtConnect),
    );
    wait_open(&ocs, gw_host);
    gw.stop().unwrap();
    wait_until("the client's DPR handled", WAIT, || {
        peer_of(&ocs, gw_host).is_none()
    });
    ocs.stop().unwrap();
}

/// RFC 6733 §5.5.4 across kinds of links: requests go to the TLS peer
/// first, and to the clear-text one once it is gone.
#[test]
fn requests_fail_over_from_a_tls_peer_to_a_clear_one() {
    let pki = Pki::new("Diameter test CA");
    let (a_host, b_host) = ("ocs-a.example.com", "ocs-b.example.com");
    let a = server(&pki, a_host, |_| {});
    let b = server(&pki, b_host, |_| {});
    let host = "gw.example.net";
    let mut cfg = test_config(host, "example.net", false);
    cfg.tls = Some(pki.node(&[host]));
    cfg.peers = vec![
        peer(a.local_addrs()[1], a_host, TlsMode::AtConnect),
        peer(b.local_addrs()[0], b_host, TlsMode::Off),
    ];
    let gw = echo_node(cfg);
    wait_open(&gw, a_host);
    wait_open(&gw, b_host);
    assert_eq!(
        ask(&gw, host),
        (Some(rc::DIAMETER_SUCCESS), Some(a_host.into()))
    );
    a.stop().unwrap();
    wait_until("the TLS peer gone", WAIT, || {
        peer_of(&gw, a_host).is_none_or(|p| !p.is_open())
    });
    assert_eq!(
        ask(&gw, host),
        (Some(rc::DIAMETER_SUCCESS), Some(b_host.into()))
    );
    gw.stop().unwrap();
    b.stop().unwrap();
}
