//! Credit-control sessions that outlive the OCS process (RFC 4006 §7):
//! `diameter ocs` killed (SIGKILL, no graceful stop) and started again on
//! its SQLite file continues its sessions, answers a retransmission again
//! and charges it once (RFC 4006 §5.1.2, RFC 6733 §5.5.4), and releases at
//! start what a session whose Tcc expired meanwhile held; on PostgreSQL a
//! session opened at one node goes on and ends at another.

mod cli_support;
mod gy_support;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cli_support::Server;
use diameter_apps::gy::cca::Cca;
use diameter_apps::gy::ccr::RequestType as T;
use diameter_apps::gy::ledger::{Journal, StoredSession};
use diameter_apps::gy::store::{Error, PgStore};
use diameter_apps::gy::units::Unit;
use diameter_apps::gy::{Bucket, Store};
use diameter_core::wire::Message;
use diameter_tests::postgres::Postgres;
use gy_support::{provision, result_code, start_ocs, Gateway, Req};

const SUB: &str = "001010000000001";

/// `diameter ocs` on the SQLite store in `dir`, grants of 1000 octets,
/// with `extra` options, and a gateway connected to it.
fn ocs_in(dir: &Path, extra: &[&str]) -> (Server, Gateway) {
    let db = dir.join("ocs.db");
    let mut args = vec![
        "--ip",
        "127.0.0.1",
        "--port",
        "0",
        "--threads",
        "1",
        "--no-demo",
        "--grant-octets",
        "1000",
        "--db",
        db.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let ocs = Server::start(&args);
    let gw = Gateway::connect(ocs.addr.parse().unwrap(), "gw.example.net");
    (ocs, gw)
}

/// Kills `ocs` as a crash would: SIGKILL, nothing released or flushed.
fn crash(mut ocs: Server, gw: Gateway) {
    ocs.child.kill().unwrap();
    ocs.child.wait().unwrap();
    gw.stop();
}

fn octets(dir: &Path) -> Bucket {
    let mut store = Store::open(&dir.join("ocs.db"), Default::default()).unwrap();
    *store.load(SUB).unwrap().unwrap().bucket(Unit::Octets)
}

/// The sessions the store holds, with their deadlines (Unix ms).
fn stored(dir: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(dir.join("ocs.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, deadline FROM sessions ORDER BY id")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_session_goes_on_after_the_ocs_is_killed_and_started_again() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), SUB, [10_000, 0, 0]);
    let (ocs, gw) = ocs_in(dir.path(), &[]);
    let i = gw.call(&Req::new("gw;1", SUB, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&i), 2001);
    let update = Req::new("gw;1", SUB, T::Update, 1).octets(true, Some(400));
    let first = gw.call(&update);
    assert_eq!(result_code(&first), 2001);
    crash(ocs, gw);
    assert_eq!(stored(dir.path()).len(), 1, "the session is in the store");

    let (ocs, gw) = ocs_in(dir.path(), &[]);
    // The answer to the last CCR-U was lost: resent with the T flag, it is
    // answered again with the same grant and charged once.
    let again = gw.call(&Req {
        retransmit: true,
        ..update
    });
    let (a, b) = (
        Message::new_checked(&first).unwrap(),
        Message::new_checked(&again).unwrap(),
    );
    let (a, b) = (Cca::parse(&a), Cca::parse(&b));
    assert_eq!((b.result_code, &b.services), (Some(2001), &a.services));
    let o = octets(dir.path());
    assert_eq!((o.debited, o.reserved), (400, 1000), "charged once");
    let u = gw.call(&Req::new("gw;1", SUB, T::Update, 2).octets(true, Some(1000)));
    assert_eq!(result_code(&u), 2001);
    let t = gw.call(&Req::new("gw;1", SUB, T::Termination, 3).octets(false, Some(250)));
    assert_eq!(result_code(&t), 2001);
    let o = octets(dir.path());
    assert_eq!(
        (o.balance, o.reserved, o.debited),
        (10_000 - 1650, 0, 1650),
        "every report debited once, nothing held"
    );
    assert!(
        stored(dir.path()).is_empty(),
        "ended: removed from the store"
    );
    gw.stop();
    ocs.terminate();
}

#[test]
fn a_session_whose_tcc_expired_while_the_ocs_was_down_is_released_at_start() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), SUB, [10_000, 0, 0]);
    let (ocs, gw) = ocs_in(dir.path(), &["--tcc", "1"]);
    let i = gw.call(&Req::new("gw;1", SUB, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&i), 2001);
    crash(ocs, gw);
    assert_eq!(octets(dir.path()).reserved, 1000);
    // Down until the stored deadline has passed.
    let [(_, deadline)] = stored(dir.path())[..] else {
        panic!("one session stored")
    };
    let now = || {
        i64::try_from(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_millis(),
        )
        .unwrap()
    };
    while now() <= deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    // Released before the OCS listens.
    let (ocs, gw) = ocs_in(dir.path(), &["--tcc", "1"]);
    let o = octets(dir.path());
    assert_eq!((o.balance, o.reserved, o.debited), (10_000, 0, 0));
    assert!(stored(dir.path()).is_empty());
    let u = gw.call(&Req::new("gw;1", SUB, T::Update, 1).octets(true, Some(10)));
    assert_eq!(result_code(&u), 5002, "the session went Idle");
    gw.stop();
    ocs.terminate();
}

/// A session opened at one node goes on and ends at another node on the
/// same PostgreSQL database: its row is read with the batch's accounts.
#[test]
fn a_session_opened_at_one_postgresql_node_goes_on_at_another() {
    let pg = Postgres::start();
    let url = pg.url();
    let mut store = PgStore::open(&url).unwrap();
    store.add([SUB.to_string()], [10_000, 0, 0]).unwrap();
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let node = |dir: &Path, host: &str| {
        start_ocs(dir, |c| {
            c.db = url.clone().into();
            c.host = host.into();
        })
    };
    let a = node(dir_a.path(), "ocs-a.example.com");
    let b = node(dir_b.path(), "ocs-b.example.com");
    let gw_a = Gateway::connect(a.local_addrs()[0], "gw.example.net");
    let gw_b = Gateway::connect(b.local_addrs()[0], "gw.example.net");
    let i = gw_a.call(&Req::new("gw;1", SUB, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&i), 2001);
    let update = Req::new("gw;1", SUB, T::Update, 1).octets(true, Some(400));
    let u = gw_b.call(&update);
    assert_eq!(result_code(&u), 2001);
    // Its retransmission at the first node is answered from the row.
    let again = gw_a.call(&Req {
        retransmit: true,
        ..update
    });
    assert_eq!(result_code(&again), 2001);
    let t = gw_b.call(&Req::new("gw;1", SUB, T::Termination, 2).octets(false, Some(250)));
    assert_eq!(result_code(&t), 2001);
    let o = store.load(SUB).unwrap().unwrap().buckets[0];
    assert_eq!(
        (o.balance, o.reserved, o.debited),
        (10_000 - 650, 0, 650),
        "exact debits, nothing held"
    );
    // Ended at B: A's copy goes with the next batch that names it.
    let late = gw_a.call(&Req::new("gw;1", SUB, T::Update, 2).octets(true, Some(1)));
    assert_eq!(result_code(&late), 5002);
    gw_a.stop();
    gw_b.stop();
    a.stop().unwrap();
    b.stop().unwrap();

    // One new Session-Id opened at two nodes at once: the second commit
    // finds the first's row and fails as a conflict (its batch, run again,
    // sees the session open), never replacing it.
    let opened = |store: &mut PgStore| {
        let mut journal = Journal::default();
        let row = StoredSession {
            account: SUB.into(),
            open: true,
            last_type: T::Initial,
            last_number: 0,
            deadline: i64::MAX,
            state: Vec::new(),
        };
        journal.sessions.insert("gw;2".into(), Some(row));
        store.transact(|b| b.apply(&journal))
    };
    opened(&mut store).unwrap();
    assert!(matches!(opened(&mut store), Err(Error::Conflict(_))));
}
