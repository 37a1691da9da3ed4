//! The router's decisions on a virtual clock, several nodes wired together
//! in memory (see [`sim`]), with no sockets.

mod sim;
mod tls;

use std::time::Duration;

use diameter_core::dict::result_code as rc;

use crate::config::{Role, Route};
use sim::{ccr, config, peer, result_code, retransmitted, Net};

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
    assert_eq!(result_code(&answer), Some(rc::DIAMETER_SUCCESS));
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
    assert_eq!(result_code(&answer), Some(rc::DIAMETER_UNABLE_TO_DELIVER));
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
    reply.try_recv().ok().and_then(|a| result_code(&a))
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
    assert_eq!(result_code(&answer), Some(rc::DIAMETER_LOOP_DETECTED));
    assert!(net.served.lock().unwrap().is_empty());
}
