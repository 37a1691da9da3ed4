//! Failover (RFC 6733 §5.5.4): a node has two servers for realm
//! example.com, A on its first route and B on a second one, the backup
//! (two peers on one route would share the requests). Server A reads
//! requests without answering and then dies
//! with requests outstanding; those are sent again to server B with the T
//! flag, the requests sent after A's death go to B without it, and every
//! request is answered exactly once. The node is the client itself, or a
//! relay agent between the client and the servers.

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use diameter_core::dict::{base, result_code as rc};
use diameter_core::wire::Message;
use diameter_tests::{
    avp_text, ccr_initial, echo_node, gateway_of, parse, peer_of, result_code, test_config,
    wait_until, RawPeer,
};
use diameter_transport::{Client, PeerConfig, Reply, Role, Route, TlsMode};

/// Requests sent while A is up, of which A reads `READ_BY_A` before it dies.
const BEFORE: u32 = 300;
const READ_BY_A: usize = 200;
/// Requests sent once the node has seen A go.
const AFTER: u32 = 700;

fn listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}

fn send_range(client: &Client, range: std::ops::Range<u32>, reply: &Reply) {
    for i in range {
        let session = format!("gw.example.net;{i}");
        let request = ccr_initial(
            &session,
            ("gw.example.net", "example.net"),
            "example.com",
            i,
        );
        client.send(request, reply).unwrap();
    }
}

/// Server A: the handshake, then `READ_BY_A` requests read and never
/// answered; when `die` says so, the socket and the listener closed.
/// Returns the End-to-End Identifiers it read.
fn dying_server(listener: TcpListener, die: Receiver<()>) -> Vec<u32> {
    let mut raw = RawPeer::accept(
        &listener,
        "a.example.com",
        "example.com",
        Duration::from_secs(5),
    );
    raw.serve_handshake();
    let mut read = Vec::new();
    while read.len() < READ_BY_A {
        let m = raw.expect_message(Duration::from_secs(10));
        let msg = parse(&m);
        assert!(msg.is_request() && msg.command_code() == 272, "{msg:?}");
        assert!(!msg.is_retransmit());
        read.push(msg.end_to_end());
    }
    die.recv().unwrap();
    drop(raw);
    drop(listener);
    read
}

#[test]
fn outstanding_requests_fail_over_with_the_t_flag() {
    fail_over(false);
}

#[test]
fn a_relay_agent_fails_over_the_requests_it_relayed_with_the_t_flag() {
    fail_over(true);
}

/// The scenario of the module, with the failing-over node a relay agent
/// between the client and the servers when `through_agent`.
fn fail_over(through_agent: bool) {
    let (a, b) = (listener(), listener());
    let mut cfg = match through_agent {
        true => test_config("agent.example.org", "example.org", true),
        false => test_config("gw.example.net", "example.net", false),
    };
    if through_agent {
        cfg.role = Role::Relay;
    }
    cfg.peers = vec![
        PeerConfig {
            address: a.local_addr().unwrap(),
            host: Some("a.example.com".into()),
            tls: TlsMode::Off,
        },
        PeerConfig {
            address: b.local_addr().unwrap(),
            host: Some("b.example.com".into()),
            tls: TlsMode::Off,
        },
    ];
    let route = |host: &str| Route {
        realm: "example.com".into(),
        application: None,
        peers: vec![host.into()],
    };
    cfg.routes = vec![route("a.example.com"), route("b.example.com")];
    let node = echo_node(cfg);
    let (die, die_rx) = channel();
    let server_a = std::thread::spawn(move || dying_server(a, die_rx));
    let server_b = std::thread::spawn(move || {
        let mut raw = RawPeer::accept(&b, "b.example.com", "example.com", Duration::from_secs(5));
        raw.serve_handshake();
        raw.serve(Duration::from_secs(30))
    });
    wait_until("both servers open", Duration::from_secs(5), || {
        node.peers().iter().filter(|p| p.is_open()).count() == 2
    });

    let gateway = through_agent.then(|| {
        gateway_of(&node, |g| {
            if let Some(p) = g.peers.first_mut() {
                p.host = Some("agent.example.org".into());
            }
        })
    });
    let client = gateway.as_ref().unwrap_or(&node).client();
    let (tx, rx) = channel();
    send_range(&client, 0..BEFORE, &tx);
    wait_until("all sent to A", Duration::from_secs(5), || {
        peer_of(&node, "a.example.com").is_some_and(|p| p.counters().requests_out == BEFORE.into())
    });
    die.send(()).unwrap();
    let read_by_a: HashSet<u32> = server_a.join().unwrap().into_iter().collect();
    assert_eq!(read_by_a.len(), READ_BY_A);
    wait_until("A seen down", Duration::from_secs(5), || {
        peer_of(&node, "a.example.com").is_some_and(|p| !p.is_open())
    });
    send_range(&client, BEFORE..BEFORE + AFTER, &tx);

    // Every request answered once, by B.
    let total = (BEFORE + AFTER) as usize;
    let mut answered = HashSet::new();
    for _ in 0..total {
        let answer = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        let a = parse(&answer);
        let i = a.end_to_end();
        assert!(answered.insert(i), "request {i} answered twice");
        assert_eq!(result_code(&answer), Some(rc::DIAMETER_SUCCESS), "{a:?}");
        assert_eq!(
            avp_text(&answer, base::SESSION_ID.code),
            Some(format!("gw.example.net;{i}"))
        );
        assert_eq!(
            avp_text(&answer, base::ORIGIN_HOST.code).as_deref(),
            Some("b.example.com")
        );
    }
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
    // A's counters, kept once it is gone, say how many failed over.
    let failed_over: u64 = (node.peers().iter())
        .filter(|p| p.host == "a.example.com")
        .map(|p| p.counters().failovers)
        .chain(
            (node.departed().iter())
                .filter(|d| d.0 == "a.example.com")
                .map(|d| d.1.failovers),
        )
        .sum();
    assert_eq!(failed_over, u64::from(BEFORE));

    if let Some(g) = gateway {
        g.stop().unwrap();
    }
    node.stop().unwrap();
    let at_b = server_b.join().unwrap();
    let mut t_flag: HashMap<u32, bool> = HashMap::new();
    for m in &at_b {
        let msg: Message<'_> = parse(m);
        if through_agent {
            let record = avp_text(m, base::ROUTE_RECORD.code);
            assert_eq!(record.as_deref(), Some("gw.example.net"), "RFC 6733 §6.1.9");
        }
        assert!(
            t_flag
                .insert(msg.end_to_end(), msg.is_retransmit())
                .is_none(),
            "B got request {} twice",
            msg.end_to_end()
        );
    }
    assert_eq!(t_flag.len(), total);
    // What A had read came again with the T flag, and so did all the rest
    // sent before A died; nothing sent afterwards has it.
    for i in 0..BEFORE + AFTER {
        let expect_t = i < BEFORE;
        assert_eq!(t_flag.get(&i), Some(&expect_t), "request {i}");
    }
    assert!(read_by_a.iter().all(|i| t_flag[i]));
}
