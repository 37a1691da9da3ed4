//! A node's dictionaries and validation strictness, over loopback sockets:
//! what a request outside its dictionaries or short of a required AVP gets.

use std::net::SocketAddr;
use std::time::Duration;

use diameter_core::dict::{
    self, application, base, cc, doic, gx, result_code as rc, s6a, Dictionaries,
};
use diameter_core::validate::Strictness;
use diameter_core::wire::MessageWriter;
use diameter_tests::{echo_node, parse, result_code, test_config, RawPeer};
use diameter_transport::{AppId, Node, NodeConfig};

const WAIT: Duration = Duration::from_secs(10);

/// Core's dictionaries without credit control.
static WITHOUT_CC: Dictionaries<'static> =
    Dictionaries::new(&[&base::DICTIONARY, &doic::DICTIONARY, &s6a::DICTIONARY]);

fn node(edit: impl FnOnce(&mut NodeConfig)) -> (Node, SocketAddr) {
    let mut cfg = test_config("server.example.net", "example.net", true);
    cfg.threads = 1;
    edit(&mut cfg);
    let node = echo_node(cfg);
    let addr = node.local_addrs()[0];
    (node, addr)
}

/// A CCR-Initial without CC-Request-Number when `complete` is false.
fn ccr(complete: bool) -> Vec<u8> {
    ccr_of(application::CREDIT_CONTROL, complete)
}

/// A CCR-Initial of application `app` (credit control, or Gx with its
/// Event-Trigger), without CC-Request-Number when `complete` is false.
fn ccr_of(app: u32, complete: bool) -> Vec<u8> {
    let mut buf = vec![0u8; 512];
    let mut w = MessageWriter::request(&mut buf, 272, app, true, 9, 9);
    w.utf8(base::SESSION_ID, "cc.client.net;1;1")
        .identity(base::ORIGIN_HOST, "cc.client.net")
        .identity(base::ORIGIN_REALM, "client.net")
        .identity(base::DESTINATION_REALM, "example.net")
        .u32(base::AUTH_APPLICATION_ID, app)
        .utf8(cc::SERVICE_CONTEXT_ID, "32251@3gpp.org")
        .enumerated(cc::CC_REQUEST_TYPE, 1);
    if complete {
        w.u32(cc::CC_REQUEST_NUMBER, 0);
    }
    if app == application::GX {
        w.enumerated(gx::EVENT_TRIGGER, 2);
    }
    let n = w.finish().unwrap();
    buf.truncate(n);
    buf
}

/// The Result-Code each request gets from a node configured by `edit`.
fn answers(edit: impl FnOnce(&mut NodeConfig), requests: &[Vec<u8>]) -> Vec<Option<u32>> {
    let (node, addr) = node(edit);
    let mut p = RawPeer::connect(addr, "cc.client.net", "client.net");
    p.handshake();
    let got = requests
        .iter()
        .map(|r| {
            p.send(r);
            let a = p.expect_message(WAIT);
            assert_eq!(parse(&a).command_code(), 272);
            result_code(&a)
        })
        .collect();
    node.stop().unwrap();
    got
}

#[test]
fn a_node_validates_against_its_dictionaries_and_strictness() {
    let both = [ccr(true), ccr(false)];
    assert_eq!(
        answers(|_| {}, &both),
        [Some(rc::DIAMETER_SUCCESS), Some(rc::DIAMETER_MISSING_AVP)],
        "strict by default"
    );
    assert_eq!(
        answers(|c| c.strictness = Strictness::Lenient, &both),
        [Some(rc::DIAMETER_SUCCESS), Some(rc::DIAMETER_SUCCESS)],
        "lenient: the handler sees the request"
    );
    assert_eq!(
        answers(|c| c.dictionaries = &WITHOUT_CC, &both[..1]),
        [Some(rc::DIAMETER_APPLICATION_UNSUPPORTED)],
        "credit control is outside the node's dictionaries"
    );
}

#[test]
fn a_gx_request_reaches_the_handler_of_a_node_with_the_gx_dictionary() {
    let gx_too = |c: &mut NodeConfig| {
        c.applications = vec![
            AppId::Auth(application::CREDIT_CONTROL),
            AppId::Auth(application::GX),
        ];
    };
    let gx = [
        ccr_of(application::GX, true),
        ccr_of(application::GX, false),
    ];
    assert_eq!(
        answers(gx_too, &gx[..1]),
        [Some(rc::DIAMETER_APPLICATION_UNSUPPORTED)],
        "core's default dictionaries lack Gx"
    );
    assert_eq!(
        answers(
            |c| {
                gx_too(c);
                c.dictionaries = &dict::ALL;
            },
            &gx
        ),
        [Some(rc::DIAMETER_SUCCESS), Some(rc::DIAMETER_MISSING_AVP)],
        "validated against the Gx grammar, then handled"
    );
}
