//! DOIC on real bytes: requests and answers written with `MessageWriter`,
//! parsed back, on a virtual clock.

use core::time::Duration;

use proptest::prelude::*;
use std::vec::Vec;

use super::*;
use crate::dict::{application as app, base, cc, command as cmd, doic as d};
use crate::peer::Instant;
use crate::validate::Validator;
use crate::wire::{flags, AvpHead, Header, Message, MessageWriter};

const GY: u32 = app::CREDIT_CONTROL;
const SERVER: &str = "ocs1.example.com";
const REALM: &str = "example.com";

fn at(secs: u64) -> Instant {
    Instant::from_millis(secs * 1000)
}

/// A CCR (RFC 8506 §3.1) carrying `features`.
fn ccr(buf: &mut [u8], features: Option<Features>) -> usize {
    let mut w = MessageWriter::request(buf, cmd::CREDIT_CONTROL, GY, true, 7, 9);
    w.utf8(base::SESSION_ID, "gw.example.net;1;1")
        .identity(base::ORIGIN_HOST, "gw.example.net")
        .identity(base::ORIGIN_REALM, "example.net")
        .identity(base::DESTINATION_REALM, REALM)
        .u32(base::AUTH_APPLICATION_ID, GY)
        .utf8(cc::SERVICE_CONTEXT_ID, "32251@3gpp.org")
        .enumerated(cc::CC_REQUEST_TYPE, 1)
        .u32(cc::CC_REQUEST_NUMBER, 0);
    if let Some(f) = features {
        f.write(&mut w);
    }
    w.finish().unwrap()
}

/// The CCA (RFC 8506 §3.2) to `request` from SERVER, with `extra` AVPs.
fn cca(buf: &mut [u8], request: &[u8], extra: impl FnOnce(&mut MessageWriter<'_>)) -> usize {
    let req = Message::new_checked(request).unwrap();
    let mut w = MessageWriter::answer(buf, &req);
    w.utf8(base::SESSION_ID, "gw.example.net;1;1")
        .u32(base::RESULT_CODE, 2001)
        .identity(base::ORIGIN_HOST, SERVER)
        .identity(base::ORIGIN_REALM, REALM)
        .u32(base::AUTH_APPLICATION_ID, GY)
        .enumerated(cc::CC_REQUEST_TYPE, 1)
        .u32(cc::CC_REQUEST_NUMBER, 0);
    extra(&mut w);
    w.finish().unwrap()
}

/// The reporting node's answer to a CCR with `features`, at `now`.
fn answer_of(
    server: &mut ReportingNode,
    now: Instant,
    features: Option<Features>,
    buf: &mut [u8],
) -> (usize, Option<OverloadReport>) {
    let mut req = [0u8; 512];
    let n = ccr(&mut req, features);
    let request = Message::new_checked(&req[..n]).unwrap();
    let mut written = None;
    let len = cca(buf, &req[..n], |w| {
        written = server.write_answer(now, Features::of(&request), w);
    });
    (len, written)
}

/// An OC-OLR AVP whose members `body` writes, parsed.
fn olr_of(body: impl FnOnce(&mut MessageWriter<'_>)) -> Result<OverloadReport, OlrError> {
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::new(&mut buf, Header::new(0, 272, GY, 1, 2));
    w.grouped(d::OC_OLR, body);
    let n = w.finish().unwrap();
    let msg = Message::new_checked(&buf[..n]).unwrap();
    OverloadReport::parse(&msg.lookup(623, 0).unwrap())
}

fn report(sequence: u64, report_type: ReportType, reduction: u32, validity: u32) -> OverloadReport {
    OverloadReport::new(sequence, report_type, reduction, validity).unwrap()
}

#[test]
fn supported_features_are_read_from_the_message() {
    let mut buf = [0u8; 512];
    let n = ccr(&mut buf, None);
    assert_eq!(
        Features::of(&Message::new_checked(&buf[..n]).unwrap()),
        None
    );
    let n = ccr(&mut buf, Some(Features::LOSS));
    let msg = Message::new_checked(&buf[..n]).unwrap();
    assert_eq!(Features::of(&msg), Some(Features::LOSS));
    // On the wire: 621 with M and V clear, holding 622 = 1 (RFC 7683 §7.8).
    let group = msg.lookup(621, 0).unwrap();
    assert_eq!(group.flags(), 0);
    assert_eq!(group.lookup(622, 0).unwrap().u64(), Ok(d::OLR_DEFAULT_ALGO));
    // Unknown feature bits are kept; a vector without the loss bit selects another algorithm.
    let n = ccr(&mut buf, Some(Features::from_bits(0b110)));
    let f = Features::of(&Message::new_checked(&buf[..n]).unwrap()).unwrap();
    assert_eq!((f.bits(), f.has_loss()), (0b110, false));
    // An absent, reserved (0) or malformed vector means loss alone (§7.2, §6.1).
    for vector in [None, Some(&[0u8; 8][..]), Some(&[1u8, 2, 3][..])] {
        let mut w = MessageWriter::request(&mut buf, 272, GY, true, 1, 2);
        w.grouped(d::OC_SUPPORTED_FEATURES, |w| {
            if let Some(v) = vector {
                w.octets(d::OC_FEATURE_VECTOR, v);
            }
        });
        let n = w.finish().unwrap();
        assert_eq!(
            Features::of(&Message::new_checked(&buf[..n]).unwrap()),
            Some(Features::LOSS)
        );
    }
}

#[test]
fn overload_report_parsing_is_total() {
    let ok = olr_of(|w| {
        w.u64(d::OC_SEQUENCE_NUMBER, 7)
            .enumerated(d::OC_REPORT_TYPE, 1)
            .u32(d::OC_REDUCTION_PERCENTAGE, 40)
            .u32(d::OC_VALIDITY_DURATION, 90);
    })
    .unwrap();
    assert_eq!(
        (
            ok.sequence(),
            ok.report_type(),
            ok.reduction(),
            ok.validity()
        ),
        (7, ReportType::Realm, 40, Duration::from_secs(90))
    );
    // Members in another order, unknown members, and no validity: 30 s (§7.5).
    let r = olr_of(|w| {
        w.u32(AvpHead::optional(9999), 1)
            .u32(d::OC_REDUCTION_PERCENTAGE, 100)
            .enumerated(d::OC_REPORT_TYPE, 0)
            .u64(d::OC_SEQUENCE_NUMBER, 8);
    })
    .unwrap();
    assert_eq!(
        (r.report_type(), r.reduction(), r.validity_secs()),
        (ReportType::Host, 100, 30)
    );
    // Above 24 hours: the default (§7.5).
    let r = olr_of(|w| {
        w.u64(d::OC_SEQUENCE_NUMBER, 1)
            .enumerated(d::OC_REPORT_TYPE, 0)
            .u32(d::OC_REDUCTION_PERCENTAGE, 5)
            .u32(d::OC_VALIDITY_DURATION, 86_401);
    });
    assert_eq!(r.map(|r| r.validity_secs()), Ok(DEFAULT_VALIDITY_SECS));
    // An end of overload may leave the reduction out.
    let r = olr_of(|w| {
        w.u64(d::OC_SEQUENCE_NUMBER, 2)
            .enumerated(d::OC_REPORT_TYPE, 0)
            .u32(d::OC_VALIDITY_DURATION, 0);
    });
    assert_eq!(r.map(|r| (r.is_end(), r.reduction())), Ok((true, 0)));

    assert_eq!(
        olr_of(|w| {
            w.enumerated(d::OC_REPORT_TYPE, 0)
                .u32(d::OC_REDUCTION_PERCENTAGE, 5);
        }),
        Err(OlrError::Missing(624))
    );
    assert_eq!(
        olr_of(|w| {
            w.u64(d::OC_SEQUENCE_NUMBER, 1)
                .u32(d::OC_REDUCTION_PERCENTAGE, 5);
        }),
        Err(OlrError::Missing(626))
    );
    assert_eq!(
        olr_of(|w| {
            w.u64(d::OC_SEQUENCE_NUMBER, 1)
                .enumerated(d::OC_REPORT_TYPE, 0);
        }),
        Err(OlrError::Missing(627))
    );
    assert_eq!(
        olr_of(|w| {
            w.u64(d::OC_SEQUENCE_NUMBER, 1)
                .enumerated(d::OC_REPORT_TYPE, 2)
                .u32(d::OC_REDUCTION_PERCENTAGE, 5);
        }),
        Err(OlrError::UnknownReportType(2))
    );
    assert_eq!(
        olr_of(|w| {
            w.u64(d::OC_SEQUENCE_NUMBER, 1)
                .enumerated(d::OC_REPORT_TYPE, 0)
                .u32(d::OC_REDUCTION_PERCENTAGE, 101);
        }),
        Err(OlrError::ReductionOutOfRange(101))
    );
    let short = olr_of(|w| {
        w.octets(d::OC_SEQUENCE_NUMBER, &[0, 1, 2, 3])
            .enumerated(d::OC_REPORT_TYPE, 0)
            .u32(d::OC_REDUCTION_PERCENTAGE, 5);
    });
    assert!(
        matches!(short, Err(OlrError::Malformed(e)) if e.kind == crate::wire::ErrorKind::InvalidAvpValue),
        "{short:?}"
    );
}

#[test]
fn reporting_node_answers_only_doic_transactions() {
    let mut server = ReportingNode::new(ReportType::Host, 0);
    server.overload(at(1), 30, Duration::from_secs(60));
    let mut buf = [0u8; 512];
    // No OC-Supported-Features in the request: no DOIC AVP in the answer (§5.1.2).
    let (n, written) = answer_of(&mut server, at(1), None, &mut buf);
    let ans = Message::new_checked(&buf[..n]).unwrap();
    assert_eq!(written, None);
    assert!(ans.avps().all(|a| !matches!(a.unwrap().code(), 621..=627)));
    // With it: the loss algorithm selected and the report.
    let (n, written) = answer_of(
        &mut server,
        at(1),
        Some(Features::from_bits(0b11)),
        &mut buf,
    );
    let ans = Message::new_checked(&buf[..n]).unwrap();
    assert_eq!(Features::of(&ans), Some(Features::LOSS));
    let olr = OverloadReport::parse(&ans.lookup(623, 0).unwrap()).unwrap();
    assert_eq!(Some(olr), written);
    assert_eq!(
        (olr.report_type(), olr.reduction(), olr.validity_secs()),
        (ReportType::Host, 30, 60)
    );
    assert_eq!(Validator::new(&[]).validate(&ans), Ok(()));
}

#[test]
fn sequence_numbers_grow_with_every_change_and_the_end_is_announced() {
    // Epoch: the node started at 1.7e12 ms since the Unix epoch.
    let epoch = 1_700_000_000_000;
    let mut server = ReportingNode::new(ReportType::Realm, epoch);
    assert_eq!(server.report(), None);
    let first = server
        .overload(at(10), 20, Duration::from_secs(30))
        .unwrap();
    assert_eq!(first.sequence(), epoch + 10_000);
    // The same values again: no change, same sequence number.
    assert_eq!(
        server.overload(at(11), 20, Duration::from_secs(30)),
        Some(first)
    );
    let mut buf = [0u8; 512];
    answer_of(&mut server, at(12), Some(Features::LOSS), &mut buf);
    // A change within the same millisecond still takes a greater number.
    let second = server
        .overload(at(12), 60, Duration::from_secs(30))
        .unwrap();
    let third = server
        .overload(at(12), 60, Duration::from_secs(40))
        .unwrap();
    assert!(first.sequence() < second.sequence() && second.sequence() < third.sequence());
    // Out-of-range values are brought in range.
    let fourth = server
        .overload(at(13), 250, Duration::from_secs(100_000))
        .unwrap();
    assert_eq!(
        (fourth.reduction(), fourth.validity_secs()),
        (100, MAX_VALIDITY_SECS)
    );
    let fifth = server
        .overload(at(14), 60, Duration::from_secs(30))
        .unwrap();
    // Last sent at 20 s with 30 s validity: reacting nodes hold it until 50 s.
    let (_, sent) = answer_of(&mut server, at(20), Some(Features::LOSS), &mut buf);
    assert_eq!(sent, Some(fifth));
    server.end(at(21));
    let end = server.report().unwrap();
    assert!(end.sequence() > fifth.sequence());
    assert_eq!((end.is_end(), end.reduction()), (true, 0));
    for t in [21, 35, 49] {
        let (n, sent) = answer_of(&mut server, at(t), Some(Features::LOSS), &mut buf);
        assert_eq!(sent, Some(end), "at {t} s");
        let ans = Message::new_checked(&buf[..n]).unwrap();
        let olr = OverloadReport::parse(&ans.lookup(623, 0).unwrap()).unwrap();
        assert_eq!((olr.validity_secs(), olr.reduction()), (0, 0));
    }
    // Every report sent has expired everywhere: nothing more to say.
    let (n, sent) = answer_of(&mut server, at(50), Some(Features::LOSS), &mut buf);
    assert_eq!(sent, None);
    assert!(Message::new_checked(&buf[..n])
        .unwrap()
        .lookup(623, 0)
        .is_none());
    assert_eq!(server.report(), None);
    // A new occurrence: greater again (§5.2.1.4).
    let again = server
        .overload(at(60), 10, Duration::from_secs(30))
        .unwrap();
    assert!(again.sequence() > end.sequence());
    // An overload never sent ends silently.
    server.end(at(61));
    assert_eq!(server.report(), None);
    // Validity 0 is an end.
    let mut quiet = ReportingNode::new(ReportType::Host, 0);
    quiet.overload(at(3), 10, Duration::from_secs(30));
    answer_of(&mut quiet, at(3), Some(Features::LOSS), &mut buf);
    assert!(quiet.overload(at(4), 10, Duration::ZERO).unwrap().is_end());
}

/// An overload that outlasts its validity is renewed under a greater
/// sequence number, which a reacting node holding the first report takes
/// as new, for another validity (§5.2.1.3, §5.2.1.4).
#[test]
fn a_renewed_report_extends_the_reacting_nodes_hold() {
    let mut server = ReportingNode::new(ReportType::Host, 0);
    assert_eq!(server.renew(at(0)), None, "not overloaded");
    let first = server.overload(at(0), 50, Duration::from_secs(30)).unwrap();
    let mut buf = [0u8; 512];
    let mut client = ReactingNode::<4>::new();
    let (n, _) = answer_of(&mut server, at(0), Some(Features::LOSS), &mut buf);
    client.on_answer(at(0), &Message::new_checked(&buf[..n]).unwrap());
    // The same report again, 20 s later: stale, the hold unchanged.
    let (n, _) = answer_of(&mut server, at(20), Some(Features::LOSS), &mut buf);
    let got = client.on_answer(at(20), &Message::new_checked(&buf[..n]).unwrap());
    assert_eq!(got.as_slice(), &[Ok(Applied::Stale)]);
    let renewed = server.renew(at(20)).unwrap();
    assert!(renewed.sequence() > first.sequence());
    assert_eq!(
        (renewed.reduction(), renewed.validity_secs()),
        (first.reduction(), first.validity_secs())
    );
    let (n, sent) = answer_of(&mut server, at(20), Some(Features::LOSS), &mut buf);
    assert_eq!(sent, Some(renewed));
    let got = client.on_answer(at(20), &Message::new_checked(&buf[..n]).unwrap());
    assert_eq!(got.as_slice(), &[Ok(Applied::Updated)]);
    assert_eq!(
        client.reduction(at(49), GY, ReportType::Host, SERVER),
        Some(50),
        "held until 50 s, not 30 s"
    );
    assert_eq!(client.reduction(at(50), GY, ReportType::Host, SERVER), None);
    // The end is not renewed into an overload.
    server.end(at(21));
    let end = server.renew(at(22)).unwrap();
    assert!(end.is_end());
    assert_eq!(server.report(), Some(end));
}

#[test]
fn reacting_node_reads_answers_and_expires_reports() {
    let mut server = ReportingNode::new(ReportType::Host, 0);
    server.overload(at(0), 50, Duration::from_secs(10));
    let mut buf = [0u8; 512];
    let (n, _) = answer_of(&mut server, at(0), Some(Features::LOSS), &mut buf);
    let ans = Message::new_checked(&buf[..n]).unwrap();
    let mut client = ReactingNode::<4>::new();
    assert_eq!(
        client.on_answer(at(100), &ans).as_slice(),
        &[Ok(Applied::Created)]
    );
    // The retransmitted report does not extend the validity (§7.5, §5.2.1.3).
    assert_eq!(
        client.on_answer(at(105), &ans).as_slice(),
        &[Ok(Applied::Stale)]
    );
    assert_eq!(
        client.reduction(at(100), GY, ReportType::Host, "OCS1.example.COM"),
        Some(50)
    );
    assert_eq!(
        client.reduction(at(100), GY + 1, ReportType::Host, SERVER),
        None
    );
    let shown: Vec<_> = client.in_force(at(100)).collect();
    assert_eq!(
        shown,
        [InForce {
            application_id: GY,
            report_type: ReportType::Host,
            name: SERVER,
            reduction: 50,
            expires: at(110),
        }]
    );
    let t = Instant::from_millis(109_999);
    let decisions: Vec<_> = (0..4)
        .map(|_| client.decide(t, GY, Some(SERVER), REALM))
        .collect();
    assert_eq!(
        decisions.iter().filter(|d| **d == Decision::Send).count(),
        2
    );
    // Expired at 110 s: everything is sent.
    assert_eq!(
        client.reduction(at(110), GY, ReportType::Host, SERVER),
        None
    );
    assert!((0..10).all(|_| client.decide(at(110), GY, Some(SERVER), REALM) == Decision::Send));
    assert_eq!(client.len(), 1);
    assert_eq!(client.in_force(at(110)).count(), 0, "expired: not shown");

    // A newer report updates; the end (validity 0) expires the entry at once.
    let second = server
        .overload(at(1), 100, Duration::from_secs(10))
        .unwrap();
    let (n, _) = answer_of(&mut server, at(1), Some(Features::LOSS), &mut buf);
    let ans = Message::new_checked(&buf[..n]).unwrap();
    assert_eq!(
        client.on_answer(at(120), &ans).as_slice(),
        &[Ok(Applied::Updated)]
    );
    assert_eq!(
        client.decide(at(120), GY, Some(SERVER), REALM),
        Decision::Abate(ReportType::Host)
    );
    server.end(at(2));
    let (n, _) = answer_of(&mut server, at(2), Some(Features::LOSS), &mut buf);
    let ans = Message::new_checked(&buf[..n]).unwrap();
    assert_eq!(
        client.on_answer(at(121), &ans).as_slice(),
        &[Ok(Applied::Updated)]
    );
    assert_eq!(
        client.decide(at(121), GY, Some(SERVER), REALM),
        Decision::Send
    );
    // A late copy of the older report is still stale.
    assert_eq!(
        client.apply(at(122), GY, SERVER, &second),
        Ok(Applied::Stale)
    );
}

#[test]
fn sequence_numbers_are_compared_with_roll_over() {
    let mut client = ReactingNode::<2>::new();
    let host = |seq, red| report(seq, ReportType::Host, red, 60);
    assert_eq!(
        client.apply(at(0), GY, SERVER, &host(10, 10)),
        Ok(Applied::Created)
    );
    assert_eq!(
        client.apply(at(0), GY, SERVER, &host(10, 90)),
        Ok(Applied::Stale)
    );
    assert_eq!(
        client.apply(at(0), GY, SERVER, &host(9, 90)),
        Ok(Applied::Stale)
    );
    assert_eq!(
        client.reduction(at(0), GY, ReportType::Host, SERVER),
        Some(10)
    );
    assert_eq!(
        client.apply(at(0), GY, SERVER, &host(u64::MAX - 5, 20)),
        Ok(Applied::Updated)
    );
    // From within 1% of the maximum to within 1% of 0: rolled over (§5.2.1.3).
    assert_eq!(
        client.apply(at(0), GY, SERVER, &host(3, 30)),
        Ok(Applied::Updated)
    );
    assert_eq!(
        client.reduction(at(0), GY, ReportType::Host, SERVER),
        Some(30)
    );
    assert_eq!(
        client.apply(at(0), GY, SERVER, &host(u64::MAX / 2, 40)),
        Ok(Applied::Updated)
    );
    assert_eq!(
        client.apply(at(0), GY, SERVER, &host(3, 50)),
        Ok(Applied::Stale)
    );
    assert_eq!(
        client.apply(at(0), GY, "", &host(99, 50)),
        Err(OlrError::NoOrigin)
    );
    let long = "h".repeat(256);
    assert_eq!(
        client.apply(at(0), GY, &long, &host(99, 50)),
        Err(OlrError::NoOrigin)
    );
}

#[test]
fn host_reports_govern_host_routed_requests_and_realm_reports_the_others() {
    let mut client = ReactingNode::<4>::new();
    client
        .apply(at(0), GY, SERVER, &report(1, ReportType::Host, 100, 60))
        .unwrap();
    client
        .apply(at(0), GY, REALM, &report(1, ReportType::Realm, 100, 60))
        .unwrap();
    let decide = |c: &mut ReactingNode<4>, host| c.decide(at(1), GY, host, REALM);
    assert_eq!(
        decide(&mut client, Some(SERVER)),
        Decision::Abate(ReportType::Host)
    );
    assert_eq!(
        decide(&mut client, None),
        Decision::Abate(ReportType::Realm)
    );
    // A host-routed request to another host of the realm: no realm report applies.
    assert_eq!(
        decide(&mut client, Some("ocs2.example.com")),
        Decision::Send
    );
    // Other realm, other application: nothing applies.
    assert_eq!(
        client.decide(at(1), GY, None, "example.org"),
        Decision::Send
    );
    assert_eq!(client.decide(at(1), app::S6A, None, REALM), Decision::Send);

    // Both reports in one answer, each about its origin.
    let mut req = [0u8; 512];
    let n = ccr(&mut req, Some(Features::LOSS));
    let mut buf = [0u8; 512];
    let n = cca(&mut buf, &req[..n], |w| {
        Features::LOSS.write(w);
        report(5, ReportType::Host, 10, 60).write(w);
        report(6, ReportType::Realm, 20, 60).write(w);
    });
    let ans = Message::new_checked(&buf[..n]).unwrap();
    assert_eq!(Validator::new(&[]).validate(&ans), Ok(()));
    let mut client = ReactingNode::<4>::new();
    assert_eq!(
        client.on_answer(at(0), &ans).as_slice(),
        &[Ok(Applied::Created), Ok(Applied::Created)]
    );
    assert_eq!(
        client.reduction(at(0), GY, ReportType::Host, SERVER),
        Some(10)
    );
    assert_eq!(
        client.reduction(at(0), GY, ReportType::Realm, REALM),
        Some(20)
    );
}

#[test]
fn reports_without_the_loss_algorithm_or_an_origin_are_ignored() {
    let mut req = [0u8; 512];
    let n = ccr(&mut req, Some(Features::LOSS));
    let req = &req[..n];
    let mut buf = [0u8; 512];
    let olr = report(5, ReportType::Host, 10, 60);
    let mut client = ReactingNode::<4>::new();
    // No OC-Supported-Features in the answer.
    let n = cca(&mut buf, req, |w| olr.write(w));
    let got = client.on_answer(at(0), &Message::new_checked(&buf[..n]).unwrap());
    assert_eq!(got.as_slice(), &[Err(OlrError::NotLossAlgorithm)]);
    // Another algorithm selected.
    let n = cca(&mut buf, req, |w| {
        Features::from_bits(0b10).write(w);
        olr.write(w);
    });
    let got = client.on_answer(at(0), &Message::new_checked(&buf[..n]).unwrap());
    assert_eq!(got.as_slice(), &[Err(OlrError::NotLossAlgorithm)]);
    // No Origin-Host.
    let request = Message::new_checked(req).unwrap();
    let mut w = MessageWriter::answer(&mut buf, &request);
    w.identity(base::ORIGIN_REALM, REALM);
    Features::LOSS.write(&mut w);
    olr.write(&mut w);
    let n = w.finish().unwrap();
    let got = client.on_answer(at(0), &Message::new_checked(&buf[..n]).unwrap());
    assert_eq!(got.as_slice(), &[Err(OlrError::NoOrigin)]);
    // A bad report beside a good one: each on its own.
    let n = cca(&mut buf, req, |w| {
        Features::LOSS.write(w);
        w.grouped(d::OC_OLR, |w| {
            w.u64(d::OC_SEQUENCE_NUMBER, 1)
                .enumerated(d::OC_REPORT_TYPE, 1)
                .u32(d::OC_REDUCTION_PERCENTAGE, 101);
        });
        olr.write(w);
    });
    let got = client.on_answer(at(0), &Message::new_checked(&buf[..n]).unwrap());
    assert_eq!(
        got.as_slice(),
        &[
            Err(OlrError::ReductionOutOfRange(101)),
            Ok(Applied::Created)
        ]
    );
    assert_eq!(client.len(), 1);
}

#[test]
fn a_full_table_keeps_the_strongest_reports() {
    let mut client = ReactingNode::<2>::new();
    let realm = |seq, red, validity| report(seq, ReportType::Realm, red, validity);
    assert_eq!(
        client.apply(at(0), GY, "a.net", &realm(1, 10, 60)),
        Ok(Applied::Created)
    );
    assert_eq!(
        client.apply(at(0), GY, "b.net", &realm(1, 50, 30)),
        Ok(Applied::Created)
    );
    assert_eq!(
        client.apply(at(1), GY, "c.net", &realm(1, 30, 60)),
        Ok(Applied::Evicted { reduction: 10 })
    );
    assert_eq!(
        client.apply(at(1), GY, "d.net", &realm(1, 30, 60)),
        Ok(Applied::TableFull)
    );
    assert_eq!(
        client.apply(at(1), GY, "d.net", &realm(1, 5, 60)),
        Ok(Applied::TableFull)
    );
    // An end report never displaces anything.
    assert_eq!(
        client.apply(at(1), GY, "d.net", &realm(1, 0, 0)),
        Ok(Applied::TableFull)
    );
    assert_eq!(
        client.reduction(at(1), GY, ReportType::Realm, "a.net"),
        None
    );
    assert_eq!(
        client.reduction(at(1), GY, ReportType::Realm, "c.net"),
        Some(30)
    );
    // b.net expires at 30 s and is the first to go, even for a 0% report.
    assert_eq!(
        client.apply(at(30), GY, "d.net", &realm(1, 0, 60)),
        Ok(Applied::Evicted { reduction: 0 })
    );
    assert_eq!(client.len(), 2);
    assert_eq!(
        client.reduction(at(30), GY, ReportType::Realm, "d.net"),
        Some(0)
    );
    // Known entries are updated in place, full or not.
    assert_eq!(
        client.apply(at(30), GY, "c.net", &realm(2, 70, 60)),
        Ok(Applied::Updated)
    );
}

#[test]
fn the_loss_algorithm_abates_exactly_the_reported_share() {
    for percent in [0u32, 1, 30, 50, 99, 100] {
        let mut client = ReactingNode::<1>::new();
        client
            .apply(at(0), GY, REALM, &report(1, ReportType::Realm, percent, 60))
            .unwrap();
        let mut abated = 0u64;
        for n in 1..=10_000u64 {
            if client.decide(at(1), GY, None, REALM) != Decision::Send {
                abated += 1;
            }
            // Never ahead or behind by a whole request, at any point.
            let exact = n * u64::from(percent);
            assert!(
                abated * 100 <= exact && exact < (abated + 1) * 100,
                "{percent}% at {n}: {abated}"
            );
        }
        assert_eq!(abated, u64::from(percent) * 100, "{percent}%");
    }
    // 30% is 3 of every 10.
    let mut client = ReactingNode::<1>::new();
    client
        .apply(at(0), GY, REALM, &report(1, ReportType::Realm, 30, 60))
        .unwrap();
    for _ in 0..100 {
        let abated = (0..10)
            .filter(|_| client.decide(at(1), GY, None, REALM) != Decision::Send)
            .count();
        assert_eq!(abated, 3);
    }
}

#[test]
fn requests_and_answers_with_doic_avps_are_valid() {
    let v = Validator::new(&[]);
    let mut req = [0u8; 512];
    let n = ccr(&mut req, Some(Features::from_bits(0b101)));
    assert_eq!(
        v.validate(&Message::new_checked(&req[..n]).unwrap()),
        Ok(())
    );
    // An S6a ULA (TS 29.272 §7.2.4) with both.
    let mut buf = [0u8; 512];
    let mut w = MessageWriter::new(
        &mut buf,
        Header::new(flags::PROXIABLE, cmd::UPDATE_LOCATION, app::S6A, 1, 2),
    );
    w.utf8(base::SESSION_ID, "mme;1")
        .u32(base::RESULT_CODE, 2001)
        .enumerated(base::AUTH_SESSION_STATE, 1)
        .identity(base::ORIGIN_HOST, "hss.example.com")
        .identity(base::ORIGIN_REALM, REALM);
    Features::LOSS.write(&mut w);
    report(1, ReportType::Host, 10, 30).write(&mut w);
    let n = w.finish().unwrap();
    assert_eq!(
        v.validate(&Message::new_checked(&buf[..n]).unwrap()),
        Ok(())
    );
    // An OC-OLR without its sequence number breaks its grammar (RFC 7683 §7.3).
    let n = ccr(&mut req, Some(Features::LOSS));
    let len = cca(&mut buf, &req[..n], |w| {
        Features::LOSS.write(w);
        w.grouped(d::OC_OLR, |w| {
            w.enumerated(d::OC_REPORT_TYPE, 0)
                .u32(d::OC_REDUCTION_PERCENTAGE, 5);
        });
    });
    let violation = v
        .validate(&Message::new_checked(&buf[..len]).unwrap())
        .unwrap_err();
    assert_eq!(
        (violation.result_code, violation.avp()),
        (5005, Some((624, 0)))
    );
}

/// One step of a random reacting-node history.
#[derive(Debug, Clone)]
enum Step {
    Report {
        name: u8,
        host: bool,
        sequence: u64,
        reduction: u32,
        validity: u32,
    },
    Decide {
        name: u8,
        host: bool,
    },
    Wait(u16),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (
            0u8..6,
            any::<bool>(),
            prop_oneof![0u64..8, any::<u64>()],
            0u32..120,
            prop_oneof![0u32..100, any::<u32>()]
        )
            .prop_map(|(name, host, sequence, reduction, validity)| Step::Report {
                name,
                host,
                sequence,
                reduction,
                validity
            }),
        (0u8..6, any::<bool>()).prop_map(|(name, host)| Step::Decide { name, host }),
        any::<u16>().prop_map(Step::Wait),
    ]
}

const NAMES: [&str; 6] = [
    "a.example",
    "b.example",
    "c.example",
    "d.example",
    "e.example",
    "f.example",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_report_histories_stay_within_the_table(steps in proptest::collection::vec(step(), 1..120)) {
        let mut client = ReactingNode::<3>::new();
        let mut now = Instant::ZERO;
        for step in steps {
            match step {
                Step::Report { name, host, sequence, reduction, validity } => {
                    let kind = if host { ReportType::Host } else { ReportType::Realm };
                    let name = NAMES[usize::from(name)];
                    let before = client.reduction(now, GY, kind, name);
                    match OverloadReport::new(sequence, kind, reduction, validity) {
                        Ok(r) => {
                            let applied = client.apply(now, GY, name, &r).unwrap();
                            if applied == Applied::Stale {
                                prop_assert_eq!(client.reduction(now, GY, kind, name), before);
                            }
                        }
                        Err(e) => prop_assert_eq!(e, OlrError::ReductionOutOfRange(reduction)),
                    }
                }
                Step::Decide { name, host } => {
                    let name = NAMES[usize::from(name)];
                    let d = client.decide(now, GY, host.then_some(name), name);
                    if d != Decision::Send {
                        let kind = if host { ReportType::Host } else { ReportType::Realm };
                        prop_assert!(client.reduction(now, GY, kind, name).is_some_and(|r| r > 0));
                    }
                }
                Step::Wait(ms) => now = now + Duration::from_millis(u64::from(ms) * 10),
            }
            prop_assert!(client.len() <= 3);
        }
    }

    #[test]
    fn any_bytes_in_an_oc_olr_are_read_without_panic(data in proptest::collection::vec(any::<u8>(), 0..80)) {
        let mut buf = [0u8; 256];
        let mut w = MessageWriter::new(&mut buf, Header::new(0, 272, GY, 1, 2));
        w.identity(base::ORIGIN_HOST, SERVER).identity(base::ORIGIN_REALM, REALM);
        Features::LOSS.write(&mut w);
        w.octets(d::OC_OLR, &data);
        let n = w.finish().unwrap();
        let msg = Message::new_checked(&buf[..n]).unwrap();
        let _ = OverloadReport::parse(&msg.lookup(623, 0).unwrap());
        let mut client = ReactingNode::<2>::new();
        let got = client.on_answer(Instant::ZERO, &msg);
        prop_assert_eq!(got.len(), 1);
        prop_assert!(client.len() <= 1);
    }
}
