//! Arbitrary bytes through DOIC (RFC 7683): a request's
//! OC-Supported-Features into a `ReportingNode`'s answer, an answer's
//! OC-OLRs into a `ReactingNode`'s table. Nothing panics, the answer
//! carries DOIC AVPs exactly when the request did (§5.1.2) and parses back,
//! the table stays within its capacity, and a verdict to abate comes only
//! from a report in force.
#![no_main]

use core::time::Duration;

use diameter_core::dict::base;
use diameter_core::doic::{Decision, Features, ReactingNode, ReportType, ReportingNode};
use diameter_core::peer::Instant;
use diameter_core::wire::{Message, MessageWriter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(msg) = Message::new_checked(data) else {
        return;
    };
    let now = Instant::from_millis(1_000);
    if msg.is_request() {
        let mut server = ReportingNode::new(ReportType::Realm, 0);
        server.overload(now, 40, Duration::from_secs(30));
        let features = Features::of(&msg);
        let mut buf = [0u8; 256];
        let mut w = MessageWriter::answer(&mut buf, &msg);
        let written = server.write_answer(now, features, &mut w);
        let n = w.finish().unwrap();
        let ans = Message::new_checked(&buf[..n]).unwrap();
        assert_eq!(Features::of(&ans), features.map(|_| Features::LOSS));
        assert_eq!(written.is_some(), features.is_some());
        assert_eq!(ans.lookup(623, 0).is_some(), features.is_some());
        return;
    }
    let mut client = ReactingNode::<2>::new();
    let reports = client.on_answer(now, &msg);
    assert!(client.len() <= 2 && client.len() <= reports.len());
    let host = msg
        .lookup(base::ORIGIN_HOST.code, 0)
        .and_then(|a| a.identity().ok());
    let realm = msg
        .lookup(base::ORIGIN_REALM.code, 0)
        .and_then(|a| a.identity().ok());
    let app = msg.application_id();
    for (kind, name) in [(ReportType::Host, host), (ReportType::Realm, realm)] {
        let Some(name) = name else { continue };
        let in_force = client.reduction(now, app, kind, name);
        let destination_host = (kind == ReportType::Host).then_some(name);
        for _ in 0..100 {
            if client.decide(now, app, destination_host, name) == Decision::Abate(kind) {
                assert!(in_force.is_some_and(|r| r > 0));
            }
        }
    }
});
