//! The base protocol of one node spread over several event-loop threads,
//! over real loopback sockets: every case runs at 1, 2 and 4 threads, with
//! several connections so that they land on different threads.

use std::net::SocketAddr;
use std::time::Duration;

use diameter_core::dict::{application, base, result_code as rc};
use diameter_core::peer::BaseMessage;
use diameter_core::wire::{Address, MessageWriter};
use diameter_tests::{ccr_initial, echo_node, parse, result_code, test_config, Incoming, RawPeer};
use diameter_transport::{AppId, Node, NodeConfig, Role};

const THREADS: [usize; 3] = [1, 2, 4];
/// Connections per case: enough for SO_REUSEPORT to spread them.
const TRIES: usize = 6;
const WAIT: Duration = Duration::from_secs(10);

fn node(threads: usize, edit: impl FnOnce(&mut NodeConfig)) -> (Node, SocketAddr) {
    let mut cfg = test_config("server.example.net", "example.net", true);
    cfg.threads = threads;
    edit(&mut cfg);
    let node = echo_node(cfg);
    let addr = node.local_addrs()[0];
    (node, addr)
}

/// The Result-Code of the CEA a CER from `host` gets, and whether the
/// connection was closed after it.
fn cea_then_close(addr: SocketAddr, host: &str) -> (Option<u32>, bool) {
    let mut p = RawPeer::connect(addr, host, "client.net");
    p.request(BaseMessage::Cer);
    let cea = p.expect_message(WAIT);
    assert_eq!(parse(&cea).command_code(), 257, "{host}: not a CEA");
    let closed = p.wait_closed(WAIT).is_some();
    (result_code(&cea), closed)
}

#[test]
fn refused_cers_are_answered_before_the_close() {
    for threads in THREADS {
        let (s6a_only, addr) = node(threads, |c| {
            c.applications = vec![AppId::VendorAuth {
                vendor: 10415,
                app: application::S6A,
            }];
        });
        for i in 0..TRIES {
            let got = cea_then_close(addr, &format!("cc{i}.client.net"));
            assert_eq!(
                got,
                (Some(rc::DIAMETER_NO_COMMON_APPLICATION), true),
                "threads {threads}: a CER with no common application"
            );
        }
        s6a_only.stop().unwrap();
        let (closed_node, addr) = node(threads, |c| {
            c.allowed_peers = Some(vec!["known.client.net".into()]);
        });
        for i in 0..TRIES {
            let got = cea_then_close(addr, &format!("stranger{i}.client.net"));
            assert_eq!(
                got,
                (Some(rc::DIAMETER_UNKNOWN_PEER), true),
                "threads {threads}: a CER from a peer not allowed"
            );
        }
        closed_node.stop().unwrap();
    }
}

/// A CER from `host` with the mandatory AVPs except `skip`, and with
/// `security` as its Inband-Security-Id values.
fn cer(host: &str, skip: u32, security: &[u32]) -> Vec<u8> {
    let mut buf = vec![0u8; 512];
    let mut w = MessageWriter::request(&mut buf, 257, 0, false, 1, 1);
    w.identity(base::ORIGIN_HOST, host)
        .identity(base::ORIGIN_REALM, "client.net");
    if skip != base::HOST_IP_ADDRESS.code {
        w.address(base::HOST_IP_ADDRESS, Address::V4([127, 0, 0, 1].into()));
    }
    if skip != base::VENDOR_ID.code {
        w.u32(base::VENDOR_ID, 0);
    }
    if skip != base::PRODUCT_NAME.code {
        w.utf8(base::PRODUCT_NAME, "raw-peer");
    }
    w.u32(base::AUTH_APPLICATION_ID, application::CREDIT_CONTROL);
    for &id in security {
        w.enumerated(base::INBAND_SECURITY_ID, id as i32);
    }
    let n = w.finish().unwrap();
    buf.truncate(n);
    buf
}

/// The CEA a raw CER gets, which must be followed by the close.
fn cea_of(addr: SocketAddr, cer: &[u8]) -> Vec<u8> {
    let mut p = RawPeer::connect(addr, "raw.client.net", "client.net");
    p.send(cer);
    let cea = p.expect_message(WAIT);
    assert_eq!(parse(&cea).command_code(), 257, "not a CEA");
    assert!(
        p.wait_closed(WAIT).is_some(),
        "still open after a refused CER"
    );
    cea
}

#[test]
fn cers_are_checked_against_their_grammar() {
    for threads in THREADS {
        let (node, addr) = node(threads, |_| {});
        for missing in [base::HOST_IP_ADDRESS, base::VENDOR_ID, base::PRODUCT_NAME] {
            let cea = cea_of(addr, &cer("raw.client.net", missing.code, &[]));
            assert_eq!(
                result_code(&cea),
                Some(rc::DIAMETER_MISSING_AVP),
                "threads {threads}: CER without {}",
                missing.name
            );
            let failed = parse(&cea)
                .lookup(base::FAILED_AVP.code, 0)
                .expect("a Failed-AVP");
            let inner = failed.grouped().next().unwrap().unwrap();
            assert_eq!(inner.code(), missing.code, "the missing AVP is named");
        }
        // Only TLS offered to a node without TLS (RFC 6733 §6.10).
        let tls_only = cea_of(addr, &cer("raw.client.net", 0, &[1]));
        assert_eq!(
            result_code(&tls_only),
            Some(rc::DIAMETER_NO_COMMON_SECURITY),
            "threads {threads}"
        );
        // Clear text among the offers is accepted.
        let mut p = RawPeer::connect(addr, "raw.client.net", "client.net");
        p.send(&cer("raw.client.net", 0, &[1, 0]));
        let cea = p.expect_message(WAIT);
        assert_eq!(result_code(&cea), Some(rc::DIAMETER_SUCCESS));
        node.stop().unwrap();
    }
}

#[test]
fn one_origin_state_id_per_node() {
    const ORIGIN_STATE_ID: u32 = 278;
    for threads in THREADS {
        let (node, addr) = node(threads, |_| {});
        let mut seen = Vec::new();
        for i in 0..TRIES * 2 {
            let mut p = RawPeer::connect(addr, &format!("c{i}.client.net"), "client.net");
            let cea = p.handshake();
            let id = parse(&cea)
                .lookup(ORIGIN_STATE_ID, 0)
                .and_then(|a| a.u32().ok())
                .expect("an Origin-State-Id in the CEA");
            seen.push(id);
        }
        seen.dedup();
        assert_eq!(
            seen.len(),
            1,
            "threads {threads}: Origin-State-Ids {seen:?}"
        );
        node.stop().unwrap();
    }
}

#[test]
fn a_second_connection_of_an_open_peer_is_refused() {
    for threads in THREADS {
        let (node, addr) = node(threads, |_| {});
        let mut first = RawPeer::connect(addr, "dup.client.net", "client.net");
        first.handshake();
        for i in 0..TRIES {
            let mut again = RawPeer::connect(addr, "dup.client.net", "client.net");
            again.request(BaseMessage::Cer);
            let before = again.wait_closed(WAIT).expect("the duplicate is closed");
            let accepted = before
                .iter()
                .any(|m| result_code(m) == Some(rc::DIAMETER_SUCCESS));
            assert!(!accepted, "threads {threads}, try {i}: duplicate accepted");
        }
        // The first connection is untouched.
        let ids = first.request(BaseMessage::Dwr);
        let dwa = first.expect_message(WAIT);
        assert_eq!(
            (parse(&dwa).hop_by_hop(), result_code(&dwa)),
            (ids.hop_by_hop, Some(rc::DIAMETER_SUCCESS)),
            "threads {threads}"
        );
        node.stop().unwrap();
    }
}

/// A client in `client.net` and a server peer in `other.net`, both
/// connected to the node at `addr`; the client sends a CCR for `other.net`
/// and the other peer answers whatever reaches it. Returns the client's
/// answer and the request the other peer received, if any.
fn request_for_other_realm(addr: SocketAddr, try_no: usize) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut other = RawPeer::connect(addr, &format!("o{try_no}.other.net"), "other.net");
    other.handshake();
    let mut client = RawPeer::connect(addr, &format!("c{try_no}.client.net"), "client.net");
    client.handshake();
    let host = client.host.clone();
    let session = format!("{host};1;{try_no}");
    let ccr = ccr_initial(&session, (&host, "client.net"), "other.net", try_no as u32);
    client.send(&ccr);
    let poll = Duration::from_millis(20);
    let t0 = std::time::Instant::now();
    while t0.elapsed() < WAIT {
        if let Incoming::Message(m) = other.recv(poll) {
            assert!(parse(&m).is_request(), "the other peer got an answer");
            let a = other.answer(&m, rc::DIAMETER_SUCCESS);
            other.send(&a);
            return (client.expect_message(WAIT), Some(m));
        }
        if let Incoming::Message(answer) = client.recv(poll) {
            // Answered without forwarding: a forwarded copy would have
            // left in the same event-loop turn as the answer.
            let late = match other.recv(Duration::from_millis(200)) {
                Incoming::Message(m) => Some(m),
                _ => None,
            };
            return (answer, late);
        }
    }
    panic!("try {try_no}: neither an answer nor a forwarded request");
}

#[test]
fn a_server_answers_requests_for_others_itself() {
    for threads in THREADS {
        let (node, addr) = node(threads, |_| {});
        for i in 0..TRIES {
            let (answer, forwarded) = request_for_other_realm(addr, i);
            assert!(forwarded.is_none(), "threads {threads}: a server relayed");
            assert_eq!(
                result_code(&answer),
                Some(rc::DIAMETER_REALM_NOT_SERVED),
                "threads {threads}"
            );
            assert!(parse(&answer).flags() & 0x20 != 0, "E bit on 3003");
        }
        // Another host of our own realm: 3002.
        let mut client = RawPeer::connect(addr, "h.client.net", "client.net");
        client.handshake();
        let mut buf = vec![0u8; 1024];
        let mut w = MessageWriter::request(&mut buf, 272, 4, true, 0, 9);
        w.utf8(base::SESSION_ID, "h.client.net;1;1")
            .identity(base::ORIGIN_HOST, "h.client.net")
            .identity(base::ORIGIN_REALM, "client.net")
            .identity(base::DESTINATION_REALM, "example.net")
            .identity(base::DESTINATION_HOST, "elsewhere.example.net")
            .u32(base::AUTH_APPLICATION_ID, 4);
        let n = w.finish().unwrap();
        client.send(&buf[..n]);
        let answer = client.expect_message(WAIT);
        assert_eq!(
            result_code(&answer),
            Some(rc::DIAMETER_UNABLE_TO_DELIVER),
            "threads {threads}"
        );
        node.stop().unwrap();
    }
}

#[test]
fn a_relay_reaches_peers_on_every_thread() {
    for threads in THREADS {
        let (node, addr) = node(threads, |c| c.role = Role::Relay);
        for i in 0..TRIES {
            let (answer, forwarded) = request_for_other_realm(addr, i);
            let forwarded = forwarded.unwrap_or_else(|| {
                panic!(
                    "threads {threads}, try {i}: not relayed, answered {:?}",
                    result_code(&answer)
                )
            });
            let route = parse(&forwarded)
                .lookup(base::ROUTE_RECORD.code, 0)
                .and_then(|a| a.identity().ok().map(str::to_string));
            assert_eq!(route.as_deref(), Some(format!("c{i}.client.net").as_str()));
            assert_eq!(
                result_code(&answer),
                Some(rc::DIAMETER_SUCCESS),
                "threads {threads}"
            );
            assert_eq!(parse(&answer).end_to_end(), i as u32);
        }
        node.stop().unwrap();
    }
}

#[test]
fn an_invalid_dpr_leaves_the_connection_served() {
    for threads in THREADS {
        let (node, addr) = node(threads, |_| {});
        let mut p = RawPeer::connect(addr, "dpr.client.net", "client.net");
        p.handshake();
        let mut buf = vec![0u8; 256];
        let mut w = MessageWriter::request(&mut buf, 282, 0, false, 77, 77);
        w.identity(base::ORIGIN_HOST, "dpr.client.net")
            .identity(base::ORIGIN_REALM, "client.net");
        let n = w.finish().unwrap();
        p.send(&buf[..n]);
        let dpa = p.expect_message(WAIT);
        assert_eq!(
            (parse(&dpa).command_code(), result_code(&dpa)),
            (282, Some(rc::DIAMETER_MISSING_AVP)),
            "threads {threads}"
        );
        let ids = p.request(BaseMessage::Dwr);
        let dwa = p.expect_message(WAIT);
        assert_eq!(parse(&dwa).hop_by_hop(), ids.hop_by_hop);
        let ccr = ccr_initial(
            "dpr.client.net;1;1",
            ("dpr.client.net", "client.net"),
            "example.net",
            5,
        );
        p.send(&ccr);
        let cca = p.expect_message(WAIT);
        assert_eq!(
            (parse(&cca).end_to_end(), result_code(&cca)),
            (5, Some(rc::DIAMETER_SUCCESS)),
            "threads {threads}: served after the invalid DPR"
        );
        node.stop().unwrap();
    }
}

/// The machine's IPv4 addresses as `hostname -I` lists them.
fn machine_ipv4() -> Vec<std::net::IpAddr> {
    let out = std::process::Command::new("hostname")
        .arg("-I")
        .output()
        .expect("hostname -I");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|a| a.parse().ok())
        .filter(std::net::IpAddr::is_ipv4)
        .collect()
}

#[test]
fn a_wildcard_listener_advertises_the_interface_addresses() {
    let (node, addr) = node(2, |c| c.listen = vec![SocketAddr::from(([0, 0, 0, 0], 0))]);
    let addr = SocketAddr::from(([127, 0, 0, 1], addr.port()));
    let mut p = RawPeer::connect(addr, "ip.client.net", "client.net");
    let cea = p.handshake();
    let advertised: Vec<std::net::IpAddr> = parse(&cea)
        .avps()
        .filter_map(Result::ok)
        .filter(|a| a.code() == base::HOST_IP_ADDRESS.code)
        .filter_map(|a| match a.address() {
            Ok(Address::V4(v4)) => Some(std::net::IpAddr::V4(v4)),
            _ => None,
        })
        .collect();
    let expected = machine_ipv4();
    assert!(!expected.is_empty(), "hostname -I lists no IPv4 address");
    for ip in &expected {
        assert!(advertised.contains(ip), "{ip} not in {advertised:?}");
    }
    node.stop().unwrap();
}
