//! Interoperability with freeDiameter's daemon over TLS (RFC 6733 §13.1),
//! certificates made here: it connects to our nodes with TLS at connect
//! (its default, RFC 6733 §2.1) and in band (its `TLS_old_method`, §6.10),
//! our nodes connect to it both ways and have a credit-control request
//! relayed to a server of ours over TLS. Both sides check each other's
//! certificate against the peer's DiameterIdentity.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use diameter_core::dict::{application, base};
use diameter_tests::pki::Pki;
use diameter_tests::{
    avp_text, ccr_initial, free_port, open_with, result_code, Echo, FdPeer, FreeDiameter,
};
use diameter_transport::{AppId, Node, NodeConfig, PeerConfig, TlsMode, TlsSettings};

const RELAY: &str = "relay.example.org";

/// A node of ours with TLS: listening in clear (in-band TLS offered) on
/// `clear` and with TLS at connect on `tls` when given.
fn node(
    host: &str,
    realm: &str,
    tls: TlsSettings,
    ports: Option<(u16, u16)>,
    peers: Vec<PeerConfig>,
) -> Node {
    let mut cfg = NodeConfig::new(host, realm);
    cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    if let Some((clear, secure)) = ports {
        cfg.listen = vec![SocketAddr::from(([127, 0, 0, 1], clear))];
        cfg.tls_listen = vec![SocketAddr::from(([127, 0, 0, 1], secure))];
        cfg.inband_tls = true;
    }
    cfg.tls = Some(tls);
    cfg.peers = peers;
    cfg.threads = 1;
    cfg.reconnect_interval = Duration::from_secs(6);
    Node::start(cfg, |_| Echo).expect("node starts")
}

#[test]
fn freediameter_connects_to_us_with_tls_at_connect_and_in_band() {
    let pki = Pki::new("Diameter test CA");
    let (a, b) = ((free_port(), free_port()), (free_port(), free_port()));
    let at_connect = node(
        "ocs-a.example.com",
        "example.com",
        pki.node(&["ocs-a.example.com"]),
        Some(a),
        vec![],
    );
    let in_band = node(
        "ocs-b.example.com",
        "example.com",
        pki.node(&["ocs-b.example.com"]),
        Some(b),
        vec![],
    );
    let peers = [
        FdPeer {
            identity: "ocs-a.example.com",
            port: a.1,
            tls: TlsMode::AtConnect,
        },
        FdPeer {
            identity: "ocs-b.example.com",
            port: b.0,
            tls: TlsMode::InBand,
        },
    ];
    let fd = FreeDiameter::start_tls(RELAY, "example.org", &pki.node(&[RELAY]), &peers, 30);
    fd.wait_for_peers("TLS at connect", &at_connect, open_with(RELAY));
    fd.wait_for_peers("in-band TLS", &in_band, open_with(RELAY));
    for n in [&at_connect, &in_band] {
        assert_eq!(n.peers()[0].state, "R-Open");
    }
    drop(fd);
    at_connect.stop().unwrap();
    in_band.stop().unwrap();
}

/// freeDiameter checks our certificate against our DiameterIdentity too: a
/// server of ours whose certificate names another host never opens.
#[test]
fn freediameter_refuses_a_certificate_for_another_name() {
    let pki = Pki::new("Diameter test CA");
    let ports = (free_port(), free_port());
    let ours = node(
        "ocs.example.com",
        "example.com",
        pki.node(&["other.example.com"]),
        Some(ports),
        vec![],
    );
    let peers = [FdPeer {
        identity: "ocs.example.com",
        port: ports.1,
        tls: TlsMode::AtConnect,
    }];
    let fd = FreeDiameter::start_tls(RELAY, "example.org", &pki.node(&[RELAY]), &peers, 30);
    let t0 = Instant::now();
    while !fd
        .log()
        .contains("The certificate hostname does not match 'ocs.example.com'")
    {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "no refusal:\n{}",
            fd.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!open_with(RELAY)(&ours.peers()), "{:?}", ours.peers());
    drop(fd);
    ours.stop().unwrap();
}

#[test]
fn our_clients_connect_both_ways_and_are_relayed_to_our_server_over_tls() {
    let pki = Pki::new("Diameter test CA");
    let ports = (free_port(), free_port());
    let ocs = node(
        "ocs.example.com",
        "example.com",
        pki.node(&["ocs.example.com"]),
        Some(ports),
        vec![],
    );
    let peers = [
        FdPeer {
            identity: "ocs.example.com",
            port: ports.1,
            tls: TlsMode::AtConnect,
        },
        FdPeer {
            identity: "gw-a.example.net",
            port: free_port(),
            tls: TlsMode::AtConnect,
        },
        FdPeer {
            identity: "gw-b.example.net",
            port: free_port(),
            tls: TlsMode::InBand,
        },
    ];
    let fd = FreeDiameter::start_tls(RELAY, "example.org", &pki.node(&[RELAY]), &peers, 30);
    fd.wait_for_peers("freeDiameter's TLS connection", &ocs, open_with(RELAY));
    let fd_tls = fd.tls_addr.expect("a TLS port");
    for (host, addr, mode) in [
        ("gw-a.example.net", fd_tls, TlsMode::AtConnect),
        ("gw-b.example.net", fd.addr, TlsMode::InBand),
    ] {
        let peer = PeerConfig {
            address: addr,
            host: Some(RELAY.into()),
            tls: mode,
        };
        let gw = node(host, "example.net", pki.node(&[host]), None, vec![peer]);
        fd.wait_for_peers(&format!("{mode:?}"), &gw, open_with(RELAY));
        let request = ccr_initial(
            &format!("{host};1"),
            (host, "example.net"),
            "example.com",
            7,
        );
        let answer = gw
            .client()
            .call(request, Duration::from_secs(10))
            .expect("an answer");
        assert_eq!(result_code(&answer), Some(2001), "{mode:?}\n{}", fd.log());
        assert_eq!(
            avp_text(&answer, base::ORIGIN_HOST.code).as_deref(),
            Some("ocs.example.com")
        );
        gw.stop().unwrap();
    }
    drop(fd);
    ocs.stop().unwrap();
}

/// Why freeDiameter needs `TLS_old_method` for in-band TLS with us: for a
/// peer configured with its default (RFC 6733's TLS at connect, on its
/// `SecPort`), a CER in clear on its plain port is answered 5017
/// DIAMETER_NO_COMMON_SECURITY whatever Inband-Security-Id it offers (its
/// `p_ce.c` refuses a clear connection of such a peer before it looks at
/// the AVP); `TLS_old_method` is what accepts Inband-Security-Id TLS (RFC
/// 6733 §6.10, the RFC 3588 way).
#[test]
fn freediameter_answers_in_band_tls_5017_without_tls_old_method() {
    let pki = Pki::new("Diameter test CA");
    let host = "gw.example.net";
    let peers = [FdPeer {
        identity: host,
        port: free_port(),
        tls: TlsMode::AtConnect,
    }];
    let fd = FreeDiameter::start_tls(RELAY, "example.org", &pki.node(&[RELAY]), &peers, 30);
    let peer = PeerConfig {
        address: fd.addr,
        host: Some(RELAY.into()),
        tls: TlsMode::InBand,
    };
    let gw = node(host, "example.net", pki.node(&[host]), None, vec![peer]);
    let t0 = Instant::now();
    while !fd.log().contains("sending DIAMETER_NO_COMMON_SECURITY") {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "no 5017:\n{}",
            fd.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    fd.wait_for_peers("the 5017 CEA", &gw, |peers| {
        peers.first().is_some_and(|p| p.state == "Closed")
    });
    drop(fd);
    gw.stop().unwrap();
}
