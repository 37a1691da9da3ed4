//! TLS decisions of the router on the virtual clock (RFC 6733 §2.1,
//! §6.10, §13.1): the simulated handshake hands each end the other node's
//! certificate, and the router decides who may talk.

use std::time::Duration;

use diameter_core::dict::result_code as rc;

use super::sim::{ccr, cert, config, peer, tls_settings, Net};
use crate::{NodeConfig, TlsMode};

/// A node with TLS settings (files unread here), Gy, one loop.
fn tls_node(host: &str, realm: &str) -> NodeConfig {
    let mut c = config(host, realm, 1);
    c.tls = Some(tls_settings());
    c
}

/// A client of node `server` (named `server_host`) reached with `mode`.
fn client(host: &str, server: usize, server_host: &str, mode: TlsMode) -> NodeConfig {
    let mut c = tls_node(host, "example");
    let mut p = peer(server, server_host);
    p.tls = mode;
    c.peers = vec![p];
    c
}

/// A request from client node `n` (named `host`) to realm `example`, its
/// Result-Code.
fn ask(net: &mut Net, n: usize, host: &str) -> Option<u32> {
    let reply = net.send(n, ccr((host, "example"), "example", None));
    net.advance(Duration::from_millis(10));
    reply.try_recv().ok().and_then(|a| a.result_code())
}

#[test]
fn tls_at_connect_authenticates_both_names_and_serves() {
    let mut net = Net::new();
    let s = net.add(tls_node("s.example", "example"));
    let a = net.add(client("a.example", s, "s.example", TlsMode::AtConnect));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(a, "s.example"), 1, "{:?}", net.peers(a));
    assert_eq!(net.open(s, "a.example"), 1);
    assert_eq!(ask(&mut net, a, "a.example"), Some(rc::DIAMETER_SUCCESS));
    assert!(
        net.start_tls.is_empty(),
        "no in-band TLS on a TLS connection"
    );
}

/// RFC 6733 §13.1: a server whose certificate does not name the
/// Origin-Host of its CEA is dropped by the client, which keeps using its
/// other server.
#[test]
fn a_cea_whose_origin_host_the_certificate_does_not_name_is_refused() {
    let mut net = Net::new();
    let bad = net.add(tls_node("s1.example", "example"));
    net.nodes[bad].cert = Some(cert(&["other.example"]));
    let good = net.add(tls_node("s2.example", "example"));
    let mut c = client("a.example", bad, "s1.example", TlsMode::AtConnect);
    let mut p = peer(good, "s2.example");
    p.tls = TlsMode::AtConnect;
    c.peers.push(p);
    let a = net.add(c);
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(a, "s1.example"), 0, "{:?}", net.peers(a));
    assert_eq!(net.open(a, "s2.example"), 1);
    assert_eq!(net.wires_between(a, bad), 0, "the connection is closed");
    assert_eq!(ask(&mut net, a, "a.example"), Some(rc::DIAMETER_SUCCESS));
    assert_eq!(
        net.served.lock().unwrap().last().unwrap().node,
        "s2.example"
    );
}

/// RFC 6733 §13.1: a client whose certificate does not name the
/// Origin-Host of its CER gets no CEA at all, even when it claims the name
/// of a peer that is open: that peer stays open and served.
#[test]
fn a_cer_whose_origin_host_the_certificate_does_not_name_gets_no_cea() {
    let mut net = Net::new();
    let s = net.add(tls_node("s.example", "example"));
    let good = net.add(client("g.example", s, "s.example", TlsMode::AtConnect));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(s, "g.example"), 1);
    for claimed in ["g.example", "h.example"] {
        let bad = net.add(client(claimed, s, "s.example", TlsMode::AtConnect));
        net.nodes[bad].cert = Some(cert(&["evil.example"]));
        net.advance(Duration::from_secs(1));
        assert_eq!(net.open(bad, "s.example"), 0, "{:?}", net.peers(bad));
        assert_eq!(net.open(s, "h.example"), 0, "{:?}", net.peers(s));
        assert_eq!(net.open(s, "g.example"), 1, "the real peer is untouched");
        assert_eq!(net.wires_between(s, good), 1);
    }
    assert_eq!(ask(&mut net, good, "g.example"), Some(rc::DIAMETER_SUCCESS));
}

/// RFC 6733 §13.2: with pinning, a peer with a valid certificate but a
/// name not pinned is refused.
#[test]
fn pinning_admits_only_the_pinned_peers() {
    let mut net = Net::new();
    let mut sc = tls_node("s.example", "example");
    sc.tls = Some(tls_settings().with_pinned(["A.example"]));
    let s = net.add(sc);
    let a = net.add(client("a.example", s, "s.example", TlsMode::AtConnect));
    let c = net.add(client("c.example", s, "s.example", TlsMode::AtConnect));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(a, "s.example"), 1);
    assert_eq!(net.open(c, "s.example"), 0);
    assert_eq!(net.open(s, "c.example"), 0);
}

/// RFC 6733 §6.10: a CER offering Inband-Security-Id TLS to a node that
/// offers it too opens the peer, then both sides start TLS; a clear-text
/// client of the same node stays in clear. Both are served.
#[test]
fn in_band_tls_starts_after_the_cea_and_clear_clients_stay_clear() {
    let mut net = Net::new();
    let mut sc = tls_node("s.example", "example");
    sc.inband_tls = true;
    let s = net.add(sc);
    let a = net.add(client("a.example", s, "s.example", TlsMode::InBand));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(a, "s.example"), 1, "{:?}", net.peers(a));
    let mut started = net.start_tls.clone();
    started.sort_unstable();
    assert_eq!(started, [s, a], "both sides start TLS");
    assert_eq!(ask(&mut net, a, "a.example"), Some(rc::DIAMETER_SUCCESS));
    let c = net.add(client("c.example", s, "s.example", TlsMode::Off));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(c, "s.example"), 1);
    assert_eq!(net.start_tls.len(), 2, "no TLS for the clear-text client");
    assert_eq!(ask(&mut net, c, "c.example"), Some(rc::DIAMETER_SUCCESS));
    // Watchdog rounds go over the TLS connection too.
    net.advance(Duration::from_secs(30));
    assert_eq!(net.open(a, "s.example"), 1);
    assert_eq!(net.wires_between(a, s), 1);
}

/// RFC 6733 §5.3, §6.10: a node that does not offer in-band TLS answers a
/// CER offering only TLS with 5017; the client's peer stays closed.
#[test]
fn in_band_tls_not_offered_is_refused_with_5017() {
    let mut net = Net::new();
    let s = net.add(tls_node("s.example", "example"));
    let a = net.add(client("a.example", s, "s.example", TlsMode::InBand));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(a, "s.example"), 0);
    assert!(net.start_tls.is_empty());
}

/// In band, the name of the exchange in clear is checked when the
/// handshake ends: a server whose certificate names another host is
/// dropped then.
#[test]
fn in_band_checks_the_certificate_when_the_handshake_ends() {
    let mut net = Net::new();
    let mut sc = tls_node("s.example", "example");
    sc.inband_tls = true;
    let s = net.add(sc);
    net.nodes[s].cert = Some(cert(&["x.example"]));
    let a = net.add(client("a.example", s, "s.example", TlsMode::InBand));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.start_tls.len(), 2);
    assert_eq!(net.open(a, "s.example"), 0, "{:?}", net.peers(a));
    assert_eq!(net.wires_between(a, s), 0);
}

/// A peer that never finishes its handshake is closed at the deadline (the
/// response timeout, 10 s), not before, at connect and in band; another
/// peer is served all along.
#[test]
fn a_stalled_handshake_is_closed_at_its_deadline_and_others_are_served() {
    for mode in [TlsMode::AtConnect, TlsMode::InBand] {
        let mut net = Net::new();
        let mut sc = tls_node("s.example", "example");
        sc.inband_tls = true;
        let s = net.add(sc);
        let good = net.add(client("g.example", s, "s.example", mode));
        let mut stuck = client("x.example", s, "s.example", mode);
        // Its own deadline is later: the server's is the one tested.
        stuck.response_timeout = Duration::from_secs(60);
        let x = net.add(stuck);
        net.nodes[x].stalls_tls = true;
        net.advance(Duration::from_millis(9_900));
        assert_eq!(net.wires_between(s, x), 1, "{mode:?}: closed early");
        assert_eq!(ask(&mut net, good, "g.example"), Some(rc::DIAMETER_SUCCESS));
        net.advance(Duration::from_millis(200));
        assert_eq!(net.wires_between(s, x), 0, "{mode:?}: not closed");
        assert_eq!(net.open(s, "g.example"), 1);
        assert_eq!(ask(&mut net, good, "g.example"), Some(rc::DIAMETER_SUCCESS));
    }
}

/// RFC 6733 §5.5.4: requests fail over from a TLS peer whose watchdog
/// fails to a clear-text one.
#[test]
fn requests_fail_over_from_a_tls_peer_to_a_clear_one() {
    let mut net = Net::new();
    let t = net.add(tls_node("t.example", "b.example"));
    let c = net.add(tls_node("c.example", "b.example"));
    let mut ac = client("a.example", t, "t.example", TlsMode::AtConnect);
    ac.peers.push(peer(c, "c.example"));
    ac.request_timeout = Duration::from_secs(60);
    let a = net.add(ac);
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(a, "t.example") + net.open(a, "c.example"), 2);
    net.nodes[t].frozen = true;
    let reply = net.send(a, ccr(("a.example", "example"), "b.example", None));
    net.advance(Duration::from_secs(25));
    let answer = reply.try_recv().expect("answered after failover");
    assert_eq!(answer.result_code(), Some(rc::DIAMETER_SUCCESS));
    let served = net.served.lock().unwrap().clone();
    assert_eq!(served.last().unwrap().node, "c.example", "{served:?}");
}
