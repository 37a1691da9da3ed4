//! The OCS over loopback sockets: a gateway node sends real CCRs and the
//! tests check the answers, the accounts in the store and the statistics.

mod gy_support;

use std::time::{Duration, Instant};

use diameter_apps::gy::cca::{Cca, FailureHandling, SessionFailover, FINAL_UNIT_ACTION_TERMINATE};
use diameter_apps::gy::ccr::{Action, RequestType as T, ServiceRequest};
use diameter_apps::gy::client::{self, LoadConfig};
use diameter_apps::gy::units::{Amounts, Unit, UnitValue};
use diameter_apps::gy::{Bucket, Store};
use diameter_core::dict::{base, cc};
use diameter_core::wire::{Message, MessageWriter};
use gy_support::{provision, result_code, start_ocs, Gateway, Req, RG};

fn octets(dir: &std::path::Path, subscriber: &str) -> Bucket {
    let mut store = Store::open(&dir.join("ocs.db"), Default::default()).unwrap();
    *store
        .load(subscriber)
        .unwrap()
        .unwrap()
        .bucket(Unit::Octets)
}

fn granted(answer: &[u8]) -> (Option<u64>, Option<i32>, Option<u32>) {
    let msg = Message::new_checked(answer).unwrap();
    let cca = Cca::parse(&msg);
    let s = cca.services.first().copied().unwrap_or_default();
    (
        s.granted.and_then(|g| g.octets),
        s.final_unit_action,
        s.validity_time,
    )
}

#[test]
fn ordinary_session_is_charged_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), "001010000000001", [10_000, 0, 0]);
    let ocs = start_ocs(dir.path(), |c| c.grant.validity_time = 30);
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    let sub = "001010000000001";

    let a = gw.call(&Req::new("gw;1", sub, T::Initial, 0).octets(true, None));
    let msg = Message::new_checked(&a).unwrap();
    let cca = Cca::parse(&msg);
    assert_eq!(cca.result_code, Some(2001));
    assert_eq!(cca.session_id, "gw;1");
    assert_eq!((cca.request_type, cca.number), (Some(T::Initial), Some(0)));
    assert_eq!(cca.services[0].key, RG);
    assert_eq!(cca.services[0].result, Some(2001));
    assert_eq!(granted(&a), (Some(1000), None, Some(30)));
    // RFC 4006 §8.4, §8.14: the session survives this server, and the
    // client retries at another before it ends the service.
    assert_eq!(cca.session_failover, Some(SessionFailover::Supported));
    assert_eq!(
        cca.failure_handling,
        Some(FailureHandling::RetryAndTerminate)
    );
    // Committed before the answer left: the store holds the reservation.
    assert_eq!(octets(dir.path(), sub).reserved, 1000);

    let a = gw.call(&Req::new("gw;1", sub, T::Update, 1).octets(true, Some(1000)));
    assert_eq!(granted(&a).0, Some(1000));
    let a = gw.call(&Req::new("gw;1", sub, T::Termination, 2).octets(false, Some(250)));
    assert_eq!(result_code(&a), 2001);
    let b = octets(dir.path(), sub);
    assert_eq!((b.balance, b.reserved, b.debited), (8750, 0, 1250));

    let s = ocs.statistics();
    assert_eq!(
        (
            s.ccr_initial_received,
            s.ccr_update_received,
            s.ccr_terminate_received,
            s.ccr_event_received,
            s.cca_sent,
            s.errors,
            s.open_sessions
        ),
        (1, 1, 1, 0, 3, 0, 0)
    );
    assert_eq!(s.result_codes.get(&2001), Some(&3));
    assert_eq!(s.latency.count, 3);
    gw.stop();
    let last = ocs.stop().unwrap();
    assert_eq!(last.cca_sent, 3);
}

#[test]
fn exhaustion_gives_final_units_then_credit_limit() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), "alice", [1500, 0, 0]);
    let ocs = start_ocs(dir.path(), |_| {});
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    let a = gw.call(&Req::new("s", "alice", T::Initial, 0).octets(true, None));
    assert_eq!(granted(&a).0, Some(1000));
    let a = gw.call(&Req::new("s", "alice", T::Update, 1).octets(true, Some(1000)));
    assert_eq!(result_code(&a), 2001);
    assert_eq!(
        granted(&a),
        (Some(500), Some(FINAL_UNIT_ACTION_TERMINATE), Some(600))
    );
    let a = gw.call(&Req::new("s", "alice", T::Update, 2).octets(true, Some(500)));
    assert_eq!(result_code(&a), 4012);
    let cca_msg = Message::new_checked(&a).unwrap();
    assert_eq!(Cca::parse(&cca_msg).services[0].result, Some(4012));
    // A new session of the same subscriber: nothing left, 4012 at once.
    let a = gw.call(&Req::new("s2", "alice", T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&a), 4012);
    let b = octets(dir.path(), "alice");
    assert_eq!((b.balance, b.reserved, b.debited), (0, 0, 1500));
    let s = ocs.statistics();
    assert_eq!((s.cca_sent, s.errors), (4, 2));
    assert_eq!(s.result_codes.get(&4012), Some(&2));
    gw.stop();
    ocs.stop().unwrap();
}

#[test]
fn unknown_subscriber_unknown_session_and_out_of_sequence() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), "bob", [5000, 0, 0]);
    let ocs = start_ocs(dir.path(), |_| {});
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    let a = gw.call(&Req::new("x", "nobody", T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&a), 5030);
    let a = gw.call(&Req::new("never-opened", "bob", T::Update, 1).octets(true, Some(5)));
    assert_eq!(result_code(&a), 5002);
    gw.call(&Req::new("b", "bob", T::Initial, 0).octets(true, None));
    let a = gw.call(&Req::new("b", "bob", T::Update, 3).octets(true, Some(700)));
    assert_eq!(result_code(&a), 5002, "CC-Request-Number 3 after 0");
    assert_eq!(octets(dir.path(), "bob").debited, 0);
    let a = gw.call(&Req::new("b", "bob", T::Termination, 1).octets(false, Some(700)));
    assert_eq!(result_code(&a), 2001);
    assert_eq!(octets(dir.path(), "bob").debited, 700);
    let s = ocs.statistics();
    assert_eq!(s.result_codes.get(&5030), Some(&1));
    assert_eq!(s.result_codes.get(&5002), Some(&2));
    assert_eq!(s.errors, 3);
    gw.stop();
    ocs.stop().unwrap();
}

#[test]
fn unknown_subscribers_are_created_with_auto_provisioning() {
    let dir = tempfile::tempdir().unwrap();
    let ocs = start_ocs(dir.path(), |c| c.auto_provision = Some(4000));
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    let a = gw.call(&Req::new("n", "newcomer", T::Initial, 0).octets(true, None));
    assert_eq!(granted(&a).0, Some(1000));
    let b = octets(dir.path(), "newcomer");
    assert_eq!((b.provisioned, b.reserved), (4000, 1000));
    gw.stop();
    ocs.stop().unwrap();
}

#[test]
fn duplicates_are_answered_again_without_charging_twice() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), "carol", [10_000, 0, 0]);
    let ocs = start_ocs(dir.path(), |_| {});
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    gw.call(&Req::new("c", "carol", T::Initial, 0).octets(true, None));
    let u = Req::new("c", "carol", T::Update, 1).octets(true, Some(600));
    let first = gw.call(&u);
    let again = gw.call(&Req {
        retransmit: true,
        ..u
    });
    assert_eq!(first[20..], again[20..], "the same answer, AVP for AVP");
    let b = octets(dir.path(), "carol");
    assert_eq!((b.debited, b.reserved), (600, 1000));
    gw.stop();
    ocs.stop().unwrap();
}

#[test]
fn events_debit_refund_check_balance_and_price() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), "dave", [0, 0, 10]);
    let ocs = start_ocs(dir.path(), |_| {});
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    let units = |n| ServiceRequest {
        key: RG,
        requested: Some(Amounts::of(Unit::Units, n)),
        used: Amounts::default(),
    };
    let event = |sid, action, n| {
        let mut r = Req::new(sid, "dave", T::Event, 0);
        r.service = Some(units(n));
        r.action = Some(action);
        r.mscc = false;
        gw.call(&r)
    };
    let bucket = || {
        let mut store = Store::open(&dir.path().join("ocs.db"), Default::default()).unwrap();
        *store.load("dave").unwrap().unwrap().bucket(Unit::Units)
    };
    let a = event("e1", Action::DirectDebiting, 6);
    let m = Message::new_checked(&a).unwrap();
    let cca = Cca::parse(&m);
    assert_eq!(cca.result_code, Some(2001));
    assert_eq!(cca.services[0].granted.unwrap().units, Some(6));
    assert_eq!((bucket().balance, bucket().debited), (4, 6));
    assert_eq!(result_code(&event("e2", Action::DirectDebiting, 5)), 4012);
    assert_eq!(bucket().debited, 6, "a refused debit debits nothing");
    assert_eq!(result_code(&event("e3", Action::RefundAccount, 2)), 2001);
    let b = bucket();
    assert_eq!((b.balance, b.debited, b.provisioned), (6, 4, 10));
    let check = |sid, n| {
        let a = event(sid, Action::CheckBalance, n);
        let m = Message::new_checked(&a).unwrap();
        m.lookup(cc::CHECK_BALANCE_RESULT.code, 0)
            .unwrap()
            .enumerated()
            .unwrap()
    };
    assert_eq!(check("e4", 6), 0, "ENOUGH_CREDIT");
    assert_eq!(check("e5", 7), 1, "NO_CREDIT");
    let a = event("e6", Action::PriceEnquiry, 3);
    let m = Message::new_checked(&a).unwrap();
    assert_eq!(
        Cca::parse(&m).cost.map(|c| c.value),
        Some(UnitValue {
            digits: 3,
            exponent: -2
        })
    );
    // A refund of 2^63 units would overflow the balance: 5004 with the
    // amount in Failed-AVP, and the account as it was.
    let before = bucket();
    let a = event("e7", Action::RefundAccount, 1 << 63);
    assert_eq!(result_code(&a), 5004);
    let m = Message::new_checked(&a).unwrap();
    let failed = m
        .lookup(base::FAILED_AVP.code, 0)
        .and_then(|f| f.lookup(cc::REQUESTED_SERVICE_UNIT.code, 0))
        .and_then(|u| u.lookup(cc::CC_SERVICE_SPECIFIC_UNITS.code, 0))
        .map(|a| a.u64());
    assert_eq!(failed, Some(Ok(1 << 63)));
    assert_eq!(bucket(), before);
    assert_eq!(ocs.statistics().ccr_event_received, 7);
    gw.stop();
    ocs.stop().unwrap();
}

#[test]
fn auto_provisioning_past_what_an_account_holds_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = diameter_apps::gy::OcsConfig {
        auto_provision: Some(1 << 63),
        db: dir.path().join("ocs.db"),
        ip: "127.0.0.1".parse().unwrap(),
        port: 0,
        ..Default::default()
    };
    let e = diameter_apps::gy::Ocs::start(&config).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    assert!(
        !dir.path().join("ocs.db").exists(),
        "refused before the store"
    );
    let ocs = start_ocs(dir.path(), |c| {
        c.auto_provision = Some(i64::MAX.unsigned_abs())
    });
    ocs.stop().unwrap();
}

#[test]
fn tcc_expiry_releases_the_reservation() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), "erin", [10_000, 0, 0]);
    let ocs = start_ocs(dir.path(), |c| {
        c.grant.validity_time = 1;
        c.grant.tcc = Some(1);
    });
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    gw.call(&Req::new("t", "erin", T::Initial, 0).octets(true, None));
    assert_eq!(octets(dir.path(), "erin").reserved, 1000);
    assert_eq!(ocs.statistics().open_sessions, 1);
    let t0 = Instant::now();
    while octets(dir.path(), "erin").reserved != 0 {
        assert!(t0.elapsed() < Duration::from_secs(5), "not released");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        t0.elapsed() >= Duration::from_millis(500),
        "released too early"
    );
    assert_eq!(ocs.statistics().open_sessions, 0);
    let a = gw.call(&Req::new("t", "erin", T::Update, 1).octets(true, Some(10)));
    assert_eq!(result_code(&a), 5002, "the session went Idle");
    gw.stop();
    ocs.stop().unwrap();
}

#[test]
fn invalid_ccr_gets_the_validators_answer() {
    let dir = tempfile::tempdir().unwrap();
    let ocs = start_ocs(dir.path(), |_| {});
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    let mut buf = vec![0u8; 512];
    let mut w = MessageWriter::request(&mut buf, 272, 4, true, 0, 1);
    w.utf8(base::SESSION_ID, "bad;1")
        .identity(base::ORIGIN_HOST, "gw.example.net")
        .identity(base::ORIGIN_REALM, "example.net")
        .identity(base::DESTINATION_REALM, "example.com")
        .u32(base::AUTH_APPLICATION_ID, 4)
        .enumerated(cc::CC_REQUEST_TYPE, 1)
        .u32(cc::CC_REQUEST_NUMBER, 0);
    let n = w.finish().unwrap();
    buf.truncate(n);
    let a = gw.node.client().call(buf, Duration::from_secs(5)).unwrap();
    assert_eq!(result_code(&a), 5005, "Service-Context-Id is missing");
    let m = Message::new_checked(&a).unwrap();
    let failed = m.lookup(base::FAILED_AVP.code, 0).unwrap();
    assert!(failed.lookup(cc::SERVICE_CONTEXT_ID.code, 0).is_some());
    // The handler never saw it, and the statistics count it all the same.
    let s = ocs.statistics();
    assert_eq!((s.ccr_initial_received, s.cca_sent, s.errors), (1, 1, 1));
    assert_eq!(s.result_codes.get(&5005), Some(&1));
    gw.stop();
    ocs.stop().unwrap();
}

#[test]
fn a_hundred_concurrent_clients_balance_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("ocs.db"), Default::default()).unwrap();
    let subscribers: Vec<String> = (0..50).map(|i| format!("00101{i:010}")).collect();
    store.add(subscribers.clone(), [1 << 40, 0, 0]).unwrap();
    drop(store);
    let ocs = start_ocs(dir.path(), |_| {});
    let addr = ocs.local_addrs()[0];
    let runs: Vec<_> = (0..100)
        .map(|i| {
            std::thread::spawn(move || {
                let range = "001010000000000-001010000000049".parse().unwrap();
                let mut cfg = LoadConfig::new(addr, range);
                cfg.host = format!("gw{i}.example.net");
                cfg.count = Some(20);
                cfg.updates = 2;
                cfg.concurrency = 4;
                cfg.requested = Some(100 + i);
                client::run(&cfg, &mut |_| {}).unwrap()
            })
        })
        .collect();
    let summaries: Vec<_> = runs.into_iter().map(|r| r.join().unwrap()).collect();
    for s in &summaries {
        assert_eq!((s.sessions_completed, s.mismatches), (20, 0), "{s}");
        assert_eq!(s.result_codes.get(&2001), Some(&80));
        assert_eq!(s.units_reported, s.units_acknowledged);
    }
    let stats = ocs.statistics();
    assert_eq!(
        (
            stats.ccr_initial_received,
            stats.ccr_update_received,
            stats.ccr_terminate_received,
            stats.cca_sent,
            stats.errors
        ),
        (2000, 4000, 2000, 8000, 0)
    );
    ocs.stop().unwrap();
    // What the store says was used, against what the test asked for, not
    // the clients' books: client i asks 100+i octets (under the grant
    // size), is granted them on the CCR-Initial and both CCR-Updates, and
    // reports each grant used in its next request; 20 sessions each.
    let expected: i64 = (0..100).map(|i| (100 + i) * 3 * 20).sum();
    let store = Store::open(&dir.path().join("ocs.db"), Default::default()).unwrap();
    let accounts = store.list().unwrap();
    assert_eq!(accounts.len(), subscribers.len());
    let debited: i64 = accounts.iter().map(|a| a.buckets[0].debited).sum();
    let spent: i64 = accounts
        .iter()
        .map(|a| (1 << 40) - a.buckets[0].balance)
        .sum();
    assert_eq!((debited, spent), (expected, expected));
    for a in &accounts {
        let b = a.buckets[0];
        assert_eq!(b.provisioned, 1 << 40);
        assert_eq!(b.provisioned, b.balance + b.debited);
        assert_eq!(b.reserved, 0);
    }
    // Every debit was answered: the clients were told of exactly what the
    // store holds.
    let acknowledged: u64 = summaries.iter().map(|s| s.units_acknowledged).sum();
    assert_eq!(i64::try_from(acknowledged).unwrap(), debited);
}

#[test]
fn the_client_keeps_to_its_rate() {
    let dir = tempfile::tempdir().unwrap();
    let ocs = start_ocs(dir.path(), |c| c.auto_provision = Some(1 << 30));
    let mut cfg = LoadConfig::new(ocs.local_addrs()[0], "frank".parse().unwrap());
    cfg.count = Some(5);
    cfg.updates = 1;
    cfg.concurrency = 5;
    cfg.rate = Some(100.0);
    let t0 = Instant::now();
    let s = client::run(&cfg, &mut |_| {}).unwrap();
    // 15 requests at 100 per second: the last leaves 140 ms after the first.
    assert!(t0.elapsed() >= Duration::from_millis(140), "{s}");
    assert_eq!((s.requests, s.sessions_completed), (15, 5));
    assert_eq!(ocs.stop().unwrap().cca_sent, 15);
}

#[test]
fn top_ups_made_while_running_are_applied_once() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), "gina", [1000, 0, 0]);
    let ocs = start_ocs(dir.path(), |_| {});
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    let a = gw.call(&Req::new("g1", "gina", T::Initial, 0).octets(true, None));
    assert_eq!(granted(&a), (Some(1000), Some(0), Some(600)));
    let a = gw.call(&Req::new("g1", "gina", T::Update, 1).octets(true, Some(1000)));
    assert_eq!(result_code(&a), 4012);

    // `diameter accounts add gina --octets 3000` while the OCS runs.
    provision(dir.path(), "gina", [3000, 0, 0]);
    let t0 = Instant::now();
    let mut n = 0;
    let mut session;
    loop {
        n += 1;
        session = format!("g{n}");
        let a = gw.call(&Req::new(&session, "gina", T::Initial, 0).octets(true, None));
        if result_code(&a) == 2001 {
            assert_eq!(granted(&a).0, Some(1000));
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(5), "top-up not applied");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Exactly 3000 more: two more grants, the last one final, then nothing.
    let a = gw.call(&Req::new(&session, "gina", T::Update, 1).octets(true, Some(1000)));
    assert_eq!(granted(&a), (Some(1000), None, Some(600)));
    let a = gw.call(&Req::new(&session, "gina", T::Update, 2).octets(true, Some(1000)));
    assert_eq!(granted(&a), (Some(1000), Some(0), Some(600)));
    let a = gw.call(&Req::new(&session, "gina", T::Update, 3).octets(true, Some(1000)));
    assert_eq!(result_code(&a), 4012);
    gw.stop();
    ocs.stop().unwrap();
    let b = octets(dir.path(), "gina");
    assert_eq!(
        (b.provisioned, b.balance, b.debited, b.reserved),
        (4000, 0, 4000, 0)
    );
}

#[test]
fn new_sessions_past_the_limit_get_too_busy_and_open_ones_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let sub = "001010000000001";
    provision(dir.path(), sub, [100_000, 0, 0]);
    let ocs = start_ocs(dir.path(), |c| c.max_sessions = 2);
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    for sid in ["gw;1", "gw;2"] {
        let a = gw.call(&Req::new(sid, sub, T::Initial, 0).octets(true, None));
        assert_eq!(result_code(&a), 2001);
    }
    let held = octets(dir.path(), sub);
    let a = gw.call(&Req::new("gw;3", sub, T::Initial, 0).octets(true, None));
    let msg = Message::new_checked(&a).unwrap();
    assert_eq!(result_code(&a), 3004);
    assert!(msg.is_error(), "a protocol error has the E bit");
    assert_eq!(granted(&a).0, None);
    assert_eq!(octets(dir.path(), sub), held, "nothing reserved for it");
    // The open sessions are served; the one that ends frees its place.
    let a = gw.call(&Req::new("gw;1", sub, T::Update, 1).octets(true, Some(10)));
    assert_eq!(result_code(&a), 2001);
    let a = gw.call(&Req::new("gw;1", sub, T::Termination, 2).octets(false, Some(10)));
    assert_eq!(result_code(&a), 2001);
    let a = gw.call(&Req::new("gw;3", sub, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&a), 2001);
    let s = ocs.statistics();
    assert_eq!((s.open_sessions, s.sessions_refused), (2, 1));
    assert_eq!(s.result_codes.get(&3004), Some(&1));
    assert!(s.to_string().contains("Sessions Refused:        1"), "{s}");
    gw.stop();
    ocs.stop().unwrap();
}
