//! Input that is not Diameter, or too large, closes the connection it came
//! on while the node keeps serving everyone else; a well-framed request
//! with a broken AVP is answered by the validator (5014, RFC 6733 §7.1.5)
//! and its connection stays up.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diameter_core::dict::{base, cc, command, result_code as rc};
use diameter_core::peer::{BaseMessage, Ids};
use diameter_tests::{
    avp_text, ccr_initial, echo_node, parse, peer_of, result_code, test_config, wait_until, RawPeer,
};
use diameter_transport::{Client, Node, PeerConfig, TlsMode};

/// 10 MB, a multiple of 4 that fits the 24-bit length field.
const HUGE: u32 = 10_000_000;

fn server() -> Node {
    echo_node(test_config("ocs.example.com", "example.com", true))
}

/// Calls made by the well-behaved client in the background, at least.
const MIN_CALLS: u32 = 20;

/// A call through `client` that must be answered 2001.
fn call_ok(client: &Client, e2e: u32) {
    let request = ccr(&format!("gw;{e2e}"), "gw.example.net", e2e);
    let answer = client.call(request, Duration::from_secs(2)).unwrap();
    assert_eq!(result_code(&answer), Some(rc::DIAMETER_SUCCESS));
    assert_eq!(parse(&answer).end_to_end(), e2e);
}

fn ccr(session: &str, origin: &str, e2e: u32) -> Vec<u8> {
    ccr_initial(session, (origin, "example.net"), "example.com", e2e)
}

/// A Diameter header announcing `length` bytes, followed by 4 KiB of the rest.
fn huge_message_start(length: u32) -> Vec<u8> {
    let mut bytes = length.to_be_bytes().to_vec();
    bytes[0] = 1;
    bytes.extend_from_slice(&[0x80, 0, 1, 16]); // R flag, command 272
    bytes.resize(20 + 4096, 0xab);
    bytes
}

/// Sends `bytes` on a fresh connection, after a handshake as `host` if
/// given, and checks the node closes it.
fn closed_after(node: &Node, host: Option<&str>, bytes: &[u8]) {
    let name = host.unwrap_or("anonymous.example.net");
    let mut raw = RawPeer::connect(node.local_addrs()[0], name, "example.net");
    if host.is_some() {
        raw.handshake();
    }
    raw.send(bytes);
    let before = raw
        .wait_closed(Duration::from_secs(3))
        .unwrap_or_else(|| panic!("{name}: the node kept the connection"));
    assert!(
        before.is_empty(),
        "{name}: answered {} messages",
        before.len()
    );
    if let Some(host) = host {
        wait_until("the peer forgotten", Duration::from_secs(2), || {
            peer_of(node, host).is_none()
        });
    }
}

#[test]
fn garbage_and_oversize_close_the_connection_while_others_are_served() {
    let node = server();
    let mut cfg = test_config("gw.example.net", "example.net", false);
    cfg.peers = vec![PeerConfig {
        address: node.local_addrs()[0],
        host: Some("ocs.example.com".into()),
        tls: TlsMode::Off,
    }];
    let client = echo_node(cfg);
    wait_until("the client open", Duration::from_secs(5), || {
        client.peers().iter().any(|p| p.is_open())
    });

    // A well-behaved client keeps calling all along (at least `MIN_CALLS`
    // times), and once more right after each bad connection is closed.
    let done = Arc::new(AtomicBool::new(false));
    let caller = {
        let (c, done) = (client.client(), Arc::clone(&done));
        std::thread::spawn(move || {
            let mut calls = 0;
            while !done.load(Ordering::Relaxed) || calls < MIN_CALLS {
                call_ok(&c, calls);
                calls += 1;
            }
            calls
        })
    };
    let mut bad_length = ccr("x", "odd.example.net", 1);
    bad_length[3] += 1;
    let cases: [(Option<&str>, &[u8]); 5] = [
        (None, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        (None, &huge_message_start(HUGE)),
        (Some("huge.example.net"), &huge_message_start(HUGE)),
        // Just over the 64 KiB default limit is already too much.
        (Some("over.example.net"), &huge_message_start(65536 + 4)),
        // A length that is not a multiple of 4 cannot be framed.
        (Some("odd.example.net"), &bad_length),
    ];
    for (k, (host, bytes)) in cases.into_iter().enumerate() {
        closed_after(&node, host, bytes);
        call_ok(&client.client(), 1_000_000 + k as u32);
    }
    done.store(true, Ordering::Relaxed);
    let calls = caller.join().unwrap();
    let server_side = peer_of(&node, "gw.example.net").unwrap();
    assert!(server_side.is_open());
    assert_eq!(
        server_side.counters().requests_in,
        u64::from(calls) + cases.len() as u64
    );
    client.stop().unwrap();
    node.stop().unwrap();
}

#[test]
fn bad_avp_length_gets_5014_and_the_connection_stays() {
    let node = server();
    let mut raw = RawPeer::connect(node.local_addrs()[0], "sloppy.example.net", "example.net");
    raw.handshake();

    // CC-Request-Number, the last AVP, claims to run past the message end.
    let mut broken = ccr("sloppy;1", "sloppy.example.net", 7);
    let at = broken.len() - 12;
    assert_eq!(
        u32::from_be_bytes(broken[at..at + 4].try_into().unwrap()),
        cc::CC_REQUEST_NUMBER.code
    );
    broken[at + 7] = 40;
    raw.send(&broken);
    let answer = raw.expect_message(Duration::from_secs(5));
    let a = parse(&answer);
    assert!(!a.is_request());
    assert_eq!(a.end_to_end(), 7);
    assert_eq!(result_code(&answer), Some(rc::DIAMETER_INVALID_AVP_LENGTH));
    assert_eq!(
        avp_text(&answer, base::SESSION_ID.code).as_deref(),
        Some("sloppy;1")
    );
    let failed = a.lookup(base::FAILED_AVP.code, 0).expect("a Failed-AVP");
    assert!(failed.lookup(cc::CC_REQUEST_NUMBER.code, 0).is_some());

    // Same connection: a good request is answered, and so is a DWR.
    raw.send(&ccr("sloppy;2", "sloppy.example.net", 8));
    let answer = raw.expect_message(Duration::from_secs(5));
    assert_eq!(parse(&answer).end_to_end(), 8);
    assert_eq!(result_code(&answer), Some(rc::DIAMETER_SUCCESS));
    let ids = raw.request(BaseMessage::Dwr);
    let dwa = raw.expect_message(Duration::from_secs(5));
    let d = parse(&dwa);
    assert_eq!(
        (d.command_code(), Ids::of(&d)),
        (command::DEVICE_WATCHDOG, ids)
    );
    let p = peer_of(&node, "sloppy.example.net").unwrap();
    assert!(p.is_open());
    assert_eq!(p.counters().errors, 1);
    drop(raw);
    wait_until("the peer gone", Duration::from_secs(2), || {
        node.peers().is_empty()
    });
    node.stop().unwrap();
}
