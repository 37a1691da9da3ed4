//! The Gx PCRF end to end on loopback: a gateway node with the PCRF's own
//! dictionary sends CCR-Initial, -Update and -Termination of one session
//! and gets 2001s, the rule in the CCA-Initial's Charging-Rule-Install,
//! then 5002 for the ended session; a CCR-I lacking CC-Request-Number is
//! answered 5005 by the PCRF's node, from the example's dictionary.

use std::time::Duration;

use diameter_core::dict::{application, base, cc, command, result_code as rc, VENDOR_3GPP};
use diameter_core::wire::{Message, MessageWriter};
use diameter_tests::free_port;
use diameter_transport::{Client, NoApplications, Node, PeerConfig};
use gx_pcrf::dict;

const SESSION: &str = "pgw.example.net;1;42";

fn ccr(client: &Client, kind: i32, number: Option<u32>) -> Vec<u8> {
    let mut buf = vec![0; 512];
    let (code, app) = (command::CREDIT_CONTROL, application::GX);
    let mut w = MessageWriter::request(&mut buf, code, app, true, 0, client.next_end_to_end());
    w.utf8(base::SESSION_ID, SESSION)
        .u32(base::AUTH_APPLICATION_ID, application::GX)
        .identity(base::ORIGIN_HOST, "pgw.example.net")
        .identity(base::ORIGIN_REALM, "example.net")
        .identity(base::DESTINATION_REALM, "example.com")
        .enumerated(cc::CC_REQUEST_TYPE, kind);
    if let Some(n) = number {
        w.u32(cc::CC_REQUEST_NUMBER, n);
    }
    let n = w.finish().expect("fits");
    buf.truncate(n);
    buf
}

/// The rule names, Rating-Groups and Precedences a CCA installs.
fn installed(cca: &Message<'_>) -> Vec<(String, u32, u32)> {
    let mut rules = Vec::new();
    for install in cca.avps().flatten() {
        if (install.code(), install.vendor_id()) != (dict::CHARGING_RULE_INSTALL.code, VENDOR_3GPP)
        {
            continue;
        }
        for def in install.grouped().flatten() {
            assert_eq!(def.code(), dict::CHARGING_RULE_DEFINITION.code);
            let (mut name, mut rg, mut precedence) = (String::new(), 0, 0);
            for m in def.grouped().flatten() {
                match m.code() {
                    1005 => name = String::from_utf8_lossy(m.data()).into_owned(),
                    432 => rg = m.u32().expect("u32"),
                    1010 => precedence = m.u32().expect("u32"),
                    c => panic!("unexpected member {c}"),
                }
            }
            rules.push((name, rg, precedence));
        }
    }
    rules
}

#[test]
fn a_gateway_runs_a_session_and_gets_its_rule() {
    let pcrf = gx_pcrf::start(
        "pcrf.example.com",
        "example.com",
        ([127, 0, 0, 1], free_port()).into(),
    )
    .expect("pcrf starts");
    let mut cfg = gx_pcrf::node_config("pgw.example.net", "example.net");
    cfg.peers = vec![PeerConfig::new(pcrf.local_addrs()[0], "pcrf.example.com")];
    let gw = Node::start(cfg, |_| NoApplications).expect("gateway starts");
    assert!(gw.wait_open("pcrf.example.com", Duration::from_secs(10)));
    let client = gw.client();
    let call = |kind, number| {
        let a = client
            .call(ccr(&client, kind, number), Duration::from_secs(10))
            .expect("an answer");
        a.into_bytes()
    };

    let cca_i = call(1, Some(0));
    let m = Message::new_checked(&cca_i).expect("a CCA");
    let code = |m: &Message<'_>| {
        m.lookup(base::RESULT_CODE.code, 0)
            .and_then(|a| a.u32().ok())
    };
    assert_eq!(code(&m), Some(rc::DIAMETER_SUCCESS));
    let (name, rg, precedence) = gx_pcrf::RULE;
    assert_eq!(installed(&m), [(name.to_owned(), rg, precedence)]);

    for (kind, number, expected) in [
        (2, 1, rc::DIAMETER_SUCCESS),
        (2, 2, rc::DIAMETER_SUCCESS),
        (3, 3, rc::DIAMETER_SUCCESS),
        (2, 4, rc::DIAMETER_UNKNOWN_SESSION_ID),
    ] {
        let cca = call(kind, Some(number));
        let m = Message::new_checked(&cca).expect("a CCA");
        assert_eq!(code(&m), Some(expected), "CC-Request-Type {kind} #{number}");
        assert!(installed(&m).is_empty(), "rules only at CCR-I");
        let n = m
            .lookup(cc::CC_REQUEST_NUMBER.code, 0)
            .and_then(|a| a.u32().ok());
        assert_eq!(n, Some(number));
    }

    // The PCRF's node holds the request to the example's grammar.
    let bad = call(1, None);
    let m = Message::new_checked(&bad).expect("an answer");
    assert_eq!(code(&m), Some(rc::DIAMETER_MISSING_AVP));
    gw.stop().expect("gateway stops");
    pcrf.stop().expect("pcrf stops");
}
