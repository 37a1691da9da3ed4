//! The router's decisions on a virtual clock, several nodes wired together
//! in memory (see [`sim`]), with no sockets.

mod doic;
mod proxy;
mod reload;
mod sim;
mod tls;

use std::time::Duration;

use diameter_core::dict::result_code as rc;

use crate::config::{Role, Route, RoutePeer};
use sim::{ccr, config, peer, retransmitted, Net};

/// RFC 6733 §5.6.4: two nodes that connect to each other at once end with
/// one connection, whichever of their loops each connection lands on; and
/// it stays up across watchdog rounds.
#[test]
fn the_election_keeps_one_connection_across_loops() {
    for accept_on in [0, 1] {
        let mut net = Net::new();
        let mut a = config("a.example", "example", 2);
        a.peers = vec![peer(1, "b.example")];
        let mut b = config("b.example", "example", 2);
        b.peers = vec![peer(0, "a.example")];
        net.add(a);
        net.add(b);
        // Peer 0 of each is owned by loop 0: land the other's connection
        // on loop 0 or on loop 1 (handed over after its CER).
        net.nodes[0].accept_on = Some(accept_on);
        net.nodes[1].accept_on = Some(accept_on);
        net.advance(Duration::from_secs(1));
        assert_eq!(net.open(0, "b.example"), 1, "{:?}", net.peers(0));
        assert_eq!(net.open(1, "a.example"), 1, "{:?}", net.peers(1));
        assert_eq!(net.wires_between(0, 1), 1, "one connection is left");
        net.advance(Duration::from_secs(40));
        assert_eq!(net.open(0, "b.example"), 1);
        assert_eq!(net.wires_between(0, 1), 1);
    }
}

/// A second connection from an Origin-Host that is open already is
/// refused, on whichever loop it lands; the first stays open.
#[test]
fn a_second_connection_of_an_open_peer_is_refused_on_any_loop() {
    for second_on in [0, 1] {
        let mut net = Net::new();
        let server = net.add(config("s.example", "example", 2));
        let mut c = config("c.example", "example", 1);
        c.peers = vec![peer(server, "s.example")];
        net.nodes[server].accept_on = Some(0);
        let first = net.add(c.clone());
        net.advance(Duration::from_secs(1));
        assert_eq!(net.open(server, "c.example"), 1);
        net.nodes[server].accept_on = Some(second_on);
        let second = net.add(c);
        net.advance(Duration::from_secs(1));
        assert_eq!(net.open(server, "c.example"), 1, "{:?}", net.peers(server));
        assert_eq!(net.open(first, "s.example"), 1);
        assert_eq!(net.open(second, "s.example"), 0, "{:?}", net.peers(second));
        assert_eq!(net.wires_between(server, first), 1);
    }
}

/// RFC 6733 §5.5.4: requests pending on a peer whose watchdog fails are
/// sent once more, with the T flag, to another peer, here one owned by
/// another loop; nothing is answered before the watchdog says so.
#[test]
fn pending_requests_fail_over_with_the_t_flag_across_loops() {
    let mut net = Net::new();
    let mut a = config("a.example", "example", 2);
    a.peers = vec![peer(1, "b1.example"), peer(2, "b2.example")];
    a.request_timeout = Duration::from_secs(60);
    net.add(a);
    net.add(config("b1.example", "b.example", 1));
    net.add(config("b2.example", "b.example", 1));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(0, "b1.example") + net.open(0, "b2.example"), 2);
    net.nodes[1].frozen = true;
    let reply = net.send(0, ccr(("a.example", "example"), "b.example", None));
    net.advance(Duration::from_secs(5));
    assert!(reply.try_recv().is_err(), "the first peer does not answer");
    // Tw is 6 s ± 2 s: two of them without a DWA make the peer SUSPECT.
    net.advance(Duration::from_secs(20));
    let answer = reply.try_recv().expect("answered after failover");
    assert_eq!(answer.result_code(), Some(rc::DIAMETER_SUCCESS));
    let served = net.served.lock().unwrap().clone();
    assert_eq!(served.len(), 1, "{served:?}");
    assert_eq!(served[0].node, "b2.example");
    assert!(retransmitted(served[0].flags), "resent with the T flag");
}

/// A request nobody answers gets 3002 from this node at its deadline, and
/// not before.
#[test]
fn an_unanswered_request_gets_3002_at_its_deadline() {
    let mut net = Net::new();
    let mut a = config("a.example", "example", 2);
    a.peers = vec![peer(1, "b.example")];
    a.request_timeout = Duration::from_secs(4);
    a.watchdog_interval = Duration::from_secs(30);
    net.add(a);
    net.add(config("b.example", "b.example", 1));
    net.advance(Duration::from_secs(1));
    net.nodes[1].frozen = true;
    let reply = net.send(0, ccr(("a.example", "example"), "b.example", None));
    net.advance(Duration::from_millis(3_900));
    assert!(reply.try_recv().is_err());
    net.advance(Duration::from_millis(200));
    let answer = reply.try_recv().expect("answered locally");
    assert_eq!(answer.result_code(), Some(rc::DIAMETER_UNABLE_TO_DELIVER));
    assert_eq!(
        sim::avp_text(&answer, diameter_core::dict::base::ORIGIN_HOST.code).as_deref(),
        Some("a.example")
    );
}

/// Three nodes around the serving peer: a client, the node in the middle
/// (server or relay, on two loops) and the peer serving `d.example`, owned
/// by the middle node's other loop.
fn middle(role: Role) -> Net {
    let mut net = Net::new();
    let mut m = config("m.example", "example", 2);
    m.role = role;
    m.peers = vec![peer(1, "c.example"), peer(2, "d.example")];
    net.add(m);
    net.add(config("c.example", "example", 1));
    net.add(config("d.example", "d.example", 1));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(0, "d.example"), 1);
    net
}

/// A request from client `c` through the middle node, its answer's Result-Code.
fn through_middle(net: &mut Net, realm: &str, host: Option<&str>) -> Option<u32> {
    let reply = net.send(1, ccr(("c.example", "example"), realm, host));
    net.advance(Duration::from_millis(10));
    reply.try_recv().ok().and_then(|a| a.result_code())
}

/// RFC 6733 §6.1.4, §6.1.5: a server that is not an agent answers a
/// request for another realm 3003 and one for another host of its realm
/// 3002, and forwards nothing, though a peer serving that realm is open.
#[test]
fn a_server_answers_3003_and_3002_and_forwards_nothing() {
    let mut net = middle(Role::Server);
    let code = through_middle(&mut net, "d.example", None);
    assert_eq!(code, Some(rc::DIAMETER_REALM_NOT_SERVED));
    let code = through_middle(&mut net, "example", Some("other.example"));
    assert_eq!(code, Some(rc::DIAMETER_UNABLE_TO_DELIVER));
    assert!(
        net.served.lock().unwrap().is_empty(),
        "nothing was forwarded"
    );
    // The middle node counted both requests and both answers it wrote
    // itself, by application, command and Result-Code.
    let key = |flow, result_code| crate::TrafficKey {
        flow,
        application: 4,
        command: 272,
        result_code,
    };
    let traffic = net.client(0).traffic();
    for (k, n) in [
        (key(crate::Flow::RequestsReceived, 0), 2),
        (
            key(crate::Flow::AnsweredByNode, rc::DIAMETER_UNABLE_TO_DELIVER),
            1,
        ),
        (
            key(crate::Flow::AnsweredByNode, rc::DIAMETER_REALM_NOT_SERVED),
            1,
        ),
    ] {
        assert!(traffic.contains(&(k, n)), "{k:?} x{n} in {traffic:?}");
    }
    assert_eq!(traffic.len(), 3, "{traffic:?}");
}

/// RFC 6733 §6.1.9: a relay forwards it to the peer of the realm, on its
/// other loop, and the answer comes back.
#[test]
fn a_relay_forwards_to_a_peer_of_another_loop() {
    let mut net = middle(Role::Relay);
    let code = through_middle(&mut net, "d.example", None);
    assert_eq!(code, Some(rc::DIAMETER_SUCCESS));
    let served = net.served.lock().unwrap().clone();
    assert_eq!(served.len(), 1);
    assert_eq!(served[0].node, "d.example");
}

/// RFC 6733 §6.1.3: relays routing a realm around a circle see their own
/// name in a Route-Record and answer 3005.
#[test]
fn relays_in_a_circle_detect_the_loop() {
    let mut net = Net::new();
    let route = |to: &str| Route {
        realm: "x.example".into(),
        application: None,
        peers: vec![to.into()],
    };
    let names = ["r1.example", "r2.example", "r3.example"];
    for (i, name) in names.iter().enumerate() {
        let mut r = config(name, "example", 2);
        r.role = Role::Relay;
        let next = (i + 1) % 3;
        r.peers = vec![peer(next, names[next])];
        r.routes = vec![route(names[next])];
        net.add(r);
    }
    let mut c = config("c.example", "example", 1);
    c.peers = vec![peer(0, "r1.example")];
    let client = net.add(c);
    net.advance(Duration::from_secs(1));
    let reply = net.send(client, ccr(("c.example", "example"), "x.example", None));
    net.advance(Duration::from_millis(10));
    let answer = reply.try_recv().expect("answered");
    assert_eq!(answer.result_code(), Some(rc::DIAMETER_LOOP_DETECTED));
    assert!(net.served.lock().unwrap().is_empty());
}

/// Two of our nodes, one sending far more requests than either side's
/// output buffer holds: each keeps reading the other's answers while
/// its own output is full, so neither wedges and every request is
/// answered (the connection's pipe holds only 256 KiB each way).
#[test]
fn full_output_on_both_sides_does_not_deadlock() {
    let mut net = Net::new();
    let mut a = config("a.example", "example", 1);
    a.peers = vec![peer(1, "b.example")];
    net.add(a);
    net.add(config("b.example", "b.example", 1));
    net.advance(Duration::from_secs(1));
    let (tx, rx) = std::sync::mpsc::channel();
    let count = 60_000;
    for _ in 0..count {
        let request = ccr(("a.example", "example"), "b.example", None);
        net.nodes[0].client.send(request, &tx).expect("sent");
    }
    net.advance(Duration::from_secs(1));
    let codes: Vec<Option<u32>> = rx.try_iter().map(|a| a.result_code()).collect();
    assert_eq!(codes.len(), count, "every request is answered in time");
    assert!(codes.iter().all(|&c| c == Some(rc::DIAMETER_SUCCESS)));
}

/// RFC 6733 §5.6.1: an accepted connection that sends no CER within
/// `cer_timeout` is closed then, and not before; one that did stays.
#[test]
fn a_connection_that_sends_no_cer_is_closed_at_the_cer_timeout() {
    let mut net = Net::new();
    let mut s = config("s.example", "example", 1);
    s.cer_timeout = Duration::from_secs(10);
    let server = net.add(s);
    let mut c = config("c.example", "example", 1);
    c.peers = vec![peer(server, "s.example")];
    net.add(c);
    let silent = net.open_silent(server);
    net.advance(Duration::from_millis(9_900));
    assert!(!net.is_closed(silent));
    net.advance(Duration::from_millis(200));
    assert!(net.is_closed(silent));
    assert_eq!(
        net.open(server, "c.example"),
        1,
        "the peer that sent its CER stays"
    );
}

/// Accepted connections past `max_connections` are refused at accept,
/// but never those from a configured peer's address; the node's own
/// connections to its peers do not count.
#[test]
fn connections_past_the_maximum_are_refused_but_configured_peers_get_in() {
    let mut net = Net::new();
    let mut s = config("s.example", "example", 2);
    s.max_connections = 2;
    // Configured at its address, on a port where it does not listen: it
    // can only be reached by its own connection in.
    let mut p_conf = peer(4, "p.example");
    p_conf.address.set_port(9999);
    s.peers = vec![p_conf];
    let server = net.add(s);
    for name in ["c1.example", "c2.example", "c3.example"] {
        let mut c = config(name, "example", 1);
        c.peers = vec![peer(server, "s.example")];
        net.add(c);
        net.advance(Duration::from_millis(100));
    }
    let mut p = config("p.example", "example", 1);
    p.peers = vec![peer(server, "s.example")];
    net.add(p);
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(server, "c1.example"), 1);
    assert_eq!(net.open(server, "c2.example"), 1);
    assert_eq!(net.open(server, "c3.example"), 0, "the third is refused");
    assert_eq!(net.open(3, "s.example"), 0);
    assert_eq!(net.open(server, "p.example"), 1, "{:?}", net.peers(server));
    assert_eq!(net.open(4, "s.example"), 1);
}

/// Load shedding (RFC 6733 §7.1.3): after a turn five times over its
/// target, the server serves only what fitted in the target (at least 16)
/// of the new requests and answers the rest 3004 at once; requests naming
/// it in Destination-Host (later requests of a series, §6.1) are all
/// served; a fast turn that did not use its budget lifts the limit.
#[test]
fn an_overloaded_server_sheds_new_requests_with_3004() {
    let mut net = Net::new();
    let mut s = config("s.example", "example", 1);
    s.shed_after = Some(Duration::from_millis(20));
    let server = net.add(s);
    let mut c = config("c.example", "example", 1);
    c.peers = vec![peer(server, "s.example")];
    let client = net.add(c);
    net.advance(Duration::from_secs(1));
    let (tx, rx) = std::sync::mpsc::channel();
    let send = |net: &mut Net, n: usize, host: Option<&str>| {
        for _ in 0..n {
            let request = ccr(("c.example", "example"), "example", host);
            net.nodes[client].client.send(request, &tx).expect("sent");
        }
        net.settle();
    };
    let codes = |rx: &std::sync::mpsc::Receiver<crate::Answer>| {
        let codes: Vec<_> = rx.try_iter().filter_map(|a| a.result_code()).collect();
        let busy = codes
            .iter()
            .filter(|&&c| c == rc::DIAMETER_TOO_BUSY)
            .count();
        (codes.len() - busy, busy)
    };
    send(&mut net, 50, None);
    assert_eq!(codes(&rx), (50, 0), "no shedding before a slow turn");
    net.turn_took(server, Duration::from_millis(100));
    send(&mut net, 50, None);
    send(&mut net, 30, Some("s.example"));
    assert_eq!(codes(&rx), (16 + 30, 34), "10 fitted; the minimum is 16");
    net.turn_took(server, Duration::from_millis(1));
    net.turn_took(server, Duration::from_millis(1));
    send(&mut net, 50, None);
    assert_eq!(codes(&rx), (50, 0), "the limit is lifted");
    let shed: u64 = net.peers(server).iter().map(|p| p.counters().shed).sum();
    assert_eq!(shed, 34);
    assert_eq!(net.client(server).shed(), 34, "the node's count");
}

/// RFC 6733 §6.1.8: a redirect agent answers a request for a routed
/// realm 3006 with the E bit, its Hop-by-Hop Identifier kept by the
/// answer's match, and a Redirect-Host per route peer (a configured one
/// with its port); a realm no route serves gets 3003. A relay's default
/// route takes a realm no other route names to its peer.
#[test]
fn a_redirect_agent_names_the_route_peers_and_a_default_route_relays() {
    let mut net = Net::new();
    let route = |realm: &str, to: &[&str]| Route {
        realm: realm.into(),
        application: None,
        peers: to.iter().map(|&h| h.into()).collect(),
    };
    let mut r = config("redirect.example", "example", 2);
    r.role = Role::Redirect;
    r.peers = vec![peer(1, "c.example")];
    r.routes = vec![route("x.example", &["h1.x.example", "c.example"])];
    net.add(r);
    net.add(config("c.example", "example", 1));
    net.advance(Duration::from_secs(1));
    let reply = net.send(1, ccr(("c.example", "example"), "x.example", None));
    net.advance(Duration::from_millis(10));
    let answer = reply.try_recv().expect("answered");
    assert_eq!(answer.result_code(), Some(rc::DIAMETER_REDIRECT_INDICATION));
    let m = answer.message().expect("parses");
    assert!(m.is_error());
    let redirect_host = diameter_core::dict::base::REDIRECT_HOST.code;
    let hosts: Vec<&str> = (m.avps().map_while(Result::ok))
        .filter(|a| a.code() == redirect_host)
        .filter_map(|a| a.identity().ok())
        .collect();
    assert_eq!(
        hosts,
        ["aaa://h1.x.example", "aaa://c.example:3868;transport=tcp"]
    );
    let reply = net.send(1, ccr(("c.example", "example"), "y.example", None));
    net.advance(Duration::from_millis(10));
    let code = reply.try_recv().ok().and_then(|a| a.result_code());
    assert_eq!(code, Some(rc::DIAMETER_REALM_NOT_SERVED));

    // A relay whose only route is the default one, to d.example.
    let mut net = middle(Role::Relay);
    let mut m = config("m2.example", "example", 2);
    m.role = Role::Relay;
    m.peers = vec![peer(4, "c2.example"), peer(2, "d.example")];
    m.routes = vec![route(Route::DEFAULT, &["d.example"])];
    net.add(m);
    net.add(config("c2.example", "example", 1));
    net.advance(Duration::from_secs(1));
    let reply = net.send(4, ccr(("c2.example", "example"), "anywhere.example", None));
    net.advance(Duration::from_millis(10));
    let answer = reply.try_recv().expect("answered");
    // d.example got it, and (a server of another realm) refused it itself.
    let origin = sim::avp_text(&answer, diameter_core::dict::base::ORIGIN_HOST.code);
    assert_eq!(origin.as_deref(), Some("d.example"));
    assert_eq!(answer.result_code(), Some(rc::DIAMETER_REALM_NOT_SERVED));
}

/// A relay spreads a route's requests over its peers by weight, whichever
/// of its loops owns each peer (within 5% of the weights over 10,000
/// requests), and skips a peer whose watchdog is not OKAY (RFC 3539
/// §3.4: SUSPECT), the others keeping their proportion.
#[test]
fn a_route_spreads_requests_by_weight_and_skips_a_suspect_peer() {
    let mut net = Net::new();
    let mut m = config("m.example", "example", 2);
    m.role = Role::Relay;
    let servers = ["s1.example", "s2.example", "s3.example"];
    m.peers = vec![peer(1, "c.example")];
    m.peers.extend((2..).zip(servers).map(|(i, h)| peer(i, h)));
    m.routes = vec![Route {
        realm: "s.example".into(),
        application: None,
        peers: (1..)
            .zip(servers)
            .map(|(w, h)| RoutePeer::new(h, w))
            .collect(),
    }];
    net.add(m);
    net.add(config("c.example", "example", 1));
    for host in servers {
        net.add(config(host, "s.example", 1));
    }
    net.advance(Duration::from_secs(1));
    for host in servers {
        assert_eq!(net.open(0, host), 1, "{:?}", net.peers(0));
    }
    let run = |net: &mut Net, n: usize| {
        net.served.lock().unwrap().clear();
        let replies: Vec<_> = (0..n)
            .map(|_| net.send(1, ccr(("c.example", "example"), "s.example", None)))
            .collect();
        net.advance(Duration::from_millis(500));
        for reply in replies {
            let code = reply.try_recv().ok().and_then(|a| a.result_code());
            assert_eq!(code, Some(rc::DIAMETER_SUCCESS));
        }
        let served = net.served.lock().unwrap().clone();
        servers.map(|h| served.iter().filter(|s| s.node == h).count())
    };
    let within_5_percent = |got: usize, want: usize| got.abs_diff(want) * 20 <= want;
    let counts = run(&mut net, 10_000);
    let wanted = [1_667, 3_333, 5_000];
    for (got, want) in counts.into_iter().zip(wanted) {
        assert!(within_5_percent(got, want), "{counts:?} for weights 1:2:3");
    }
    // s3 stops answering DWRs: SUSPECT after Tw (6 s ± 2 s) twice.
    net.nodes[4].frozen = true;
    net.advance(Duration::from_secs(20));
    let counts = run(&mut net, 3_000);
    assert_eq!(counts[2], 0, "{counts:?}: nothing for the suspect peer");
    for (got, want) in counts.into_iter().zip([1_000, 2_000]) {
        assert!(within_5_percent(got, want), "{counts:?} for weights 1:2");
    }
}

/// RFC 6733 §6.13: a node whose request is answered 3006 sends it to the
/// open peer the Redirect-Host names, once: a redirect of the redirected
/// request goes back to the requester as it is.
#[test]
fn a_redirected_request_goes_to_the_redirect_host_once() {
    for second_redirects in [false, true] {
        let mut net = Net::new();
        let route = |realm: &str, to: &str| Route {
            realm: realm.into(),
            application: None,
            peers: vec![to.into()],
        };
        let mut r = config("r.example", "example", 1);
        r.role = Role::Redirect;
        r.routes = vec![route("x.example", "s.example")];
        net.add(r);
        let mut c = config("c.example", "example", 2);
        c.peers = vec![peer(0, "r.example"), peer(2, "s.example")];
        c.routes = vec![route("x.example", "r.example")];
        net.add(c);
        let mut s = config("s.example", "x.example", 1);
        if second_redirects {
            s = config("s.example", "y.example", 1);
            s.role = Role::Redirect;
            s.routes = vec![route("x.example", "r.example")];
        }
        net.add(s);
        net.advance(Duration::from_secs(1));
        let reply = net.send(1, ccr(("c.example", "example"), "x.example", None));
        net.advance(Duration::from_millis(10));
        let answer = reply.try_recv().expect("answered");
        let served = net.served.lock().unwrap().clone();
        if second_redirects {
            assert_eq!(answer.result_code(), Some(rc::DIAMETER_REDIRECT_INDICATION));
            let origin = sim::avp_text(&answer, diameter_core::dict::base::ORIGIN_HOST.code);
            assert_eq!(origin.as_deref(), Some("s.example"), "the second 3006");
            assert!(served.is_empty(), "{served:?}");
        } else {
            assert_eq!(answer.result_code(), Some(rc::DIAMETER_SUCCESS));
            assert_eq!(served.len(), 1, "{served:?}");
            assert_eq!(served[0].node, "s.example");
        }
    }
}

/// RFC 6733 §6.1.4: a request for the agent's own realm with no
/// Destination-Host is the agent's only for an application it serves
/// itself; others of its realm it relays by its routes.
#[test]
fn an_agent_relays_its_own_realm_for_applications_it_does_not_serve() {
    let mut net = Net::new();
    let mut m = config("m.example", "example", 2);
    m.role = Role::Relay;
    m.applications.clear();
    m.peers = vec![peer(1, "c.example"), peer(2, "d.example")];
    m.routes = vec![Route {
        realm: "example".into(),
        application: None,
        peers: vec!["d.example".into()],
    }];
    net.add(m);
    net.add(config("c.example", "example", 1));
    net.add(config("d.example", "example", 1));
    net.advance(Duration::from_secs(1));
    let reply = net.send(1, ccr(("c.example", "example"), "example", None));
    net.advance(Duration::from_millis(10));
    let answer = reply.try_recv().expect("answered");
    assert_eq!(answer.result_code(), Some(rc::DIAMETER_SUCCESS));
    let origin = sim::avp_text(&answer, diameter_core::dict::base::ORIGIN_HOST.code);
    assert_eq!(origin.as_deref(), Some("d.example"));
}
