//! A running node given new peers, allow-list and routes
//! ([`crate::Node::reconfigure`], a server's SIGHUP).

use std::sync::mpsc::Receiver;
use std::time::Duration;

use diameter_core::dict::result_code as rc;

use super::sim::{ccr, config, peer, Net};
use crate::answer::Answer;
use crate::client::Reconfigured;
use crate::config::{Role, Route, Topology};

/// A relay `a.mid` (node 0, two loops) connected to servers `s1.srv`
/// (node 2) and `spare.srv` (node 4) and routing realm `srv` to `s1.srv`;
/// a client `c.out` (node 1) and a stranger `x.out` (node 5) connect to
/// it, and only the client is allowed in. `s2.srv` (node 3) is not a
/// peer yet.
fn network() -> Net {
    let mut net = Net::new();
    let mut a = config("a.mid", "mid", 2);
    a.role = Role::Relay;
    a.peers = vec![peer(2, "s1.srv"), peer(4, "spare.srv")];
    a.allowed_peers = Some(vec!["c.out".into(), "s1.srv".into(), "spare.srv".into()]);
    a.routes = vec![Route {
        realm: "srv".into(),
        application: None,
        peers: vec!["s1.srv".into()],
    }];
    net.add(a);
    for (host, realm) in [("c.out", "out"), ("s1.srv", "srv"), ("s2.srv", "srv")] {
        let mut c = config(host, realm, 1);
        if host == "c.out" {
            c.peers = vec![peer(0, "a.mid")];
        }
        net.add(c);
    }
    net.add(config("spare.srv", "srv", 1));
    let mut x = config("x.out", "out", 1);
    x.peers = vec![peer(0, "a.mid")];
    net.add(x);
    net.advance(Duration::from_secs(1));
    net
}

/// `n` requests from the client to realm `srv`.
fn send(net: &mut Net, n: usize) -> Vec<Receiver<Answer>> {
    (0..n)
        .map(|_| net.send(1, ccr(("c.out", "out"), "srv", None)))
        .collect()
}

/// How many of `replies` were answered, and how many of those 2001.
fn answered(replies: &[Receiver<Answer>]) -> (usize, usize) {
    let answers: Vec<Answer> = replies.iter().filter_map(|r| r.try_recv().ok()).collect();
    let success = (answers.iter())
        .filter(|a| a.result_code() == Some(rc::DIAMETER_SUCCESS))
        .count();
    (answers.len(), success)
}

/// How many requests `host` served.
fn served_by(net: &Net, host: &str) -> usize {
    let served = net.served.lock().expect("log");
    served.iter().filter(|s| s.node == host).count()
}

/// The topology of [`network`] after the change: `s2.srv` added (and in
/// the route), `spare.srv` removed, the stranger allowed when `x`.
fn changed(x: bool) -> Topology {
    let mut allowed = vec!["c.out".to_string(), "s1.srv".into(), "s2.srv".into()];
    if x {
        allowed.push("x.out".into());
    }
    Topology {
        peers: vec![peer(2, "s1.srv"), peer(3, "s2.srv")],
        allowed_peers: Some(allowed),
        routes: vec![Route {
            realm: "srv".into(),
            application: None,
            peers: vec!["s1.srv".into(), "s2.srv".into()],
        }],
    }
}

/// A peer added, one removed and the allow-list widened while requests
/// are in flight: every request is answered 2001, the new server takes
/// its share once open, the removed one is disconnected for good, the
/// kept one keeps its very connection, and the stranger refused before
/// (3010) is admitted at its next attempt.
#[test]
fn a_reconfigured_node_adds_and_removes_peers_and_keeps_the_others_connections() {
    let mut net = network();
    assert_eq!(net.open(0, "s1.srv"), 1, "{:?}", net.peers(0));
    assert_eq!(net.open(0, "spare.srv"), 1);
    assert_eq!(net.open(0, "x.out"), 0, "not allowed in");
    let s1 = net.conns_between(0, 2);
    assert_eq!(s1.len(), 1);

    let mut replies = send(&mut net, 50);
    let changes = net.reconfigure(0, changed(true));
    assert_eq!(
        changes,
        Reconfigured {
            added: 1,
            removed: 1,
            kept: 1
        }
    );
    replies.extend(send(&mut net, 50));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(0, "s2.srv"), 1, "{:?}", net.peers(0));
    assert_eq!(net.open(0, "spare.srv"), 0);
    assert_eq!(
        net.wires_between(0, 4),
        0,
        "the removed peer is disconnected"
    );

    let before = served_by(&net, "s2.srv");
    replies.extend(send(&mut net, 100));
    net.advance(Duration::from_secs(1));
    assert_eq!(
        answered(&replies),
        (200, 200),
        "every request answered 2001"
    );
    assert!(
        served_by(&net, "s2.srv") >= before + 40,
        "the new peer of the route takes its share: {}",
        served_by(&net, "s2.srv") - before
    );
    assert_eq!(net.conns_between(0, 2), s1, "the kept peer's connection");

    // Past Tc (30 s) the stranger tries again, and is let in now; the
    // removed peer is not connected to again.
    net.advance(Duration::from_secs(31));
    assert_eq!(net.open(0, "x.out"), 1, "{:?}", net.peers(0));
    assert_eq!(net.wires_between(0, 4), 0);
}

/// A peer connected in that the new allow-list leaves out is sent a DPR
/// (DO_NOT_WANT_TO_TALK_TO_YOU) and, should it come back, 3010.
#[test]
fn a_peer_the_new_allow_list_leaves_out_is_disconnected() {
    let mut net = network();
    net.reconfigure(0, changed(true));
    net.advance(Duration::from_secs(32));
    assert_eq!(net.open(0, "x.out"), 1, "{:?}", net.peers(0));
    net.reconfigure(0, changed(false));
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(0, "x.out"), 0, "{:?}", net.peers(0));
    assert_eq!(net.wires_between(0, 5), 0);
    net.advance(Duration::from_secs(60));
    assert_eq!(net.open(0, "x.out"), 0, "{:?}", net.peers(0));
    assert_eq!(net.open(0, "c.out"), 1, "the others stay");
}
