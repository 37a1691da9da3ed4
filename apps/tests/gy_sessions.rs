//! Credit-control sessions that outlive the OCS process (RFC 4006 §7):
//! `diameter ocs` killed (SIGKILL, no graceful stop) and started again on
//! its SQLite file continues its sessions, answers a retransmission again
//! and charges it once (RFC 4006 §5.1.2, RFC 6733 §5.5.4), and releases at
//! start what a session whose Tcc expired meanwhile held; on PostgreSQL a
//! session opened at one node goes on and ends at another. A closed
//! session is stored for its duplicate window, and so is a CCR-Event:
//! its CCR-T, or the event, resent with the T flag after a crash, or at
//! another node, is answered again, charged once.

mod cli_support;
mod gy_support;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cli_support::Server;
use diameter_apps::gy::cca::Cca;
use diameter_apps::gy::ccr::{Action, RequestType as T};
use diameter_apps::gy::ledger::{Journal, StoredSession};
use diameter_apps::gy::store::{Error, PgStore};
use diameter_apps::gy::units::{Amounts, Unit};
use diameter_apps::gy::{Bucket, Ocs, Store};
use diameter_core::wire::Message;
use diameter_tests::postgres::Postgres;
use diameter_tests::wait_until;
use gy_support::{provision, result_code, start_ocs, Gateway, Req};
use tempfile::TempDir;

const SUB: &str = "001010000000001";

/// A duplicate window far past any run of these tests (seconds): no
/// duplicate races the end of its window.
const WINDOW: u32 = 3600;

/// How long a state is waited for before the test fails.
const WAIT: Duration = Duration::from_secs(60);

/// `diameter ocs` on the SQLite store in `dir`, grants of 1000 octets,
/// closed sessions kept `window` seconds, with `extra` options, and a
/// gateway connected to it.
fn ocs_in(dir: &Path, window: u32, extra: &[&str]) -> (Server, Gateway) {
    let db = dir.join("ocs.db");
    let conf = dir.join("ocs.toml");
    std::fs::write(&conf, format!("[grant]\nduplicate_window = {window}\n")).unwrap();
    let mut args = vec![
        "--config",
        conf.to_str().unwrap(),
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

/// The sessions the store holds, whether each is Open, and their
/// deadlines (Unix ms: Tcc while Open, the end of the duplicate window
/// once closed).
fn stored(dir: &Path) -> Vec<(String, bool, i64)> {
    let conn = rusqlite::Connection::open(dir.join("ocs.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, open, deadline FROM sessions ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// The ids of the closed sessions the store holds, when it holds no
/// Open one.
fn closed_only(dir: &Path) -> Vec<String> {
    let rows = stored(dir);
    assert!(rows.iter().all(|(_, open, _)| !open), "{rows:?}");
    rows.into_iter().map(|(id, _, _)| id).collect()
}

/// A CCR-Event of session `session` debiting `amount` octets at once
/// (RFC 4006 §6.3, DIRECT_DEBITING).
fn debit(session: &str, amount: u64) -> Req<'_> {
    let mut r = Req::new(session, SUB, T::Event, 0).octets(true, None);
    if let Some(s) = r.service.as_mut() {
        s.requested = Some(Amounts::of(Unit::Octets, amount));
    }
    r.action = Some(Action::DirectDebiting);
    r
}

/// Asserts that `again` is the answer `first` was, 2001 and everything
/// it says of the session and its services, whichever node wrote it
/// (its Origin-Host aside).
fn assert_same_answer(first: &[u8], again: &[u8]) {
    let (a, b) = (
        Message::new_checked(first).unwrap(),
        Message::new_checked(again).unwrap(),
    );
    let (a, b) = (Cca::parse(&a), Cca::parse(&b));
    assert_eq!(b.result_code, Some(2001));
    assert_eq!(
        Cca {
            origin_host: a.origin_host,
            ..b
        },
        a
    );
}

#[test]
fn a_session_goes_on_after_the_ocs_is_killed_and_started_again() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), SUB, [10_000, 0, 0]);
    let (ocs, gw) = ocs_in(dir.path(), WINDOW, &[]);
    let i = gw.call(&Req::new("gw;1", SUB, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&i), 2001);
    let update = Req::new("gw;1", SUB, T::Update, 1).octets(true, Some(400));
    let first = gw.call(&update);
    assert_eq!(result_code(&first), 2001);
    crash(ocs, gw);
    assert_eq!(stored(dir.path()).len(), 1, "the session is in the store");

    let (ocs, gw) = ocs_in(dir.path(), WINDOW, &[]);
    // The answer to the last CCR-U was lost: resent with the T flag, it is
    // answered again with the same grant and charged once.
    let again = gw.call(&Req {
        retransmit: true,
        ..update
    });
    assert_same_answer(&first, &again);
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
    assert_eq!(closed_only(dir.path()), ["gw;1"], "ended: kept closed");
    gw.stop();
    ocs.terminate();
}

/// RFC 4006 §5.1.2 across a crash: the OCS killed after its CCR-T's
/// commit, the answer lost with it, the CCR-T resent with the T flag to
/// the OCS started again is answered again from the closed session's row,
/// the same answer, and charged once; a request that is no duplicate is
/// for an ended session.
#[test]
fn a_ccr_t_resent_after_the_ocs_is_killed_is_answered_again_and_charged_once() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), SUB, [10_000, 0, 0]);
    let (ocs, gw) = ocs_in(dir.path(), WINDOW, &[]);
    let i = gw.call(&Req::new("gw;1", SUB, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&i), 2001);
    let u = gw.call(&Req::new("gw;1", SUB, T::Update, 1).octets(true, Some(400)));
    assert_eq!(result_code(&u), 2001);
    let termination = Req::new("gw;1", SUB, T::Termination, 2).octets(false, Some(250));
    let t = gw.call(&termination);
    assert_eq!(result_code(&t), 2001);
    crash(ocs, gw);
    assert_eq!(closed_only(dir.path()), ["gw;1"], "stored closed");
    let charged = octets(dir.path());
    assert_eq!(
        (charged.balance, charged.reserved, charged.debited),
        (10_000 - 650, 0, 650)
    );

    let (ocs, gw) = ocs_in(dir.path(), WINDOW, &[]);
    let again = gw.call(&Req {
        retransmit: true,
        ..termination
    });
    assert_same_answer(&t, &again);
    for req in [
        Req {
            retransmit: false,
            ..termination
        },
        Req::new("gw;1", SUB, T::Update, 3).octets(true, Some(10)),
    ] {
        assert_eq!(result_code(&gw.call(&req)), 5002);
    }
    assert_eq!(octets(dir.path()), charged, "debited once");
    assert_eq!(closed_only(dir.path()), ["gw;1"]);
    gw.stop();
    ocs.terminate();
}

#[test]
fn an_event_resent_after_the_ocs_is_killed_is_answered_again_and_charged_once() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), SUB, [10_000, 0, 0]);
    let (ocs, gw) = ocs_in(dir.path(), WINDOW, &[]);
    let event = debit("gw;e", 300);
    let e = gw.call(&event);
    assert_eq!(result_code(&e), 2001);
    crash(ocs, gw);
    assert_eq!(closed_only(dir.path()), ["gw;e"], "stored closed");
    let charged = octets(dir.path());
    assert_eq!((charged.balance, charged.debited), (10_000 - 300, 300));

    let (ocs, gw) = ocs_in(dir.path(), WINDOW, &[]);
    let again = gw.call(&Req {
        retransmit: true,
        ..event
    });
    assert_same_answer(&e, &again);
    assert_eq!(octets(dir.path()), charged, "debited once");
    gw.stop();
    ocs.terminate();
}

#[test]
fn a_session_whose_tcc_expired_while_the_ocs_was_down_is_released_at_start() {
    let dir = tempfile::tempdir().unwrap();
    provision(dir.path(), SUB, [10_000, 0, 0]);
    let (ocs, gw) = ocs_in(dir.path(), 1, &["--tcc", "1"]);
    let i = gw.call(&Req::new("gw;1", SUB, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&i), 2001);
    crash(ocs, gw);
    assert_eq!(octets(dir.path()).reserved, 1000);
    // Down until the stored deadline has passed.
    let [(_, true, deadline)] = stored(dir.path())[..] else {
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
    // Released before the OCS listens, and kept closed for the duplicate
    // window (one second), whose end the timer removes it at.
    let (ocs, gw) = ocs_in(dir.path(), 1, &["--tcc", "1"]);
    let o = octets(dir.path());
    assert_eq!((o.balance, o.reserved, o.debited), (10_000, 0, 0));
    assert!(closed_only(dir.path()).len() <= 1);
    let u = gw.call(&Req::new("gw;1", SUB, T::Update, 1).octets(true, Some(10)));
    assert_eq!(result_code(&u), 5002, "the session went Idle");
    wait_until("the closed session's row removed", WAIT, || {
        stored(dir.path()).is_empty()
    });
    assert_eq!(octets(dir.path()), o, "nothing released again");
    gw.stop();
    ocs.terminate();
}

/// Two OCS nodes, A and B, on one PostgreSQL database, a gateway
/// connected to each, and the account store.
struct TwoNodes {
    a: Ocs,
    b: Ocs,
    gw_a: Gateway,
    gw_b: Gateway,
    store: PgStore,
    _dirs: [TempDir; 2],
}

impl TwoNodes {
    /// Nodes on the database at `url` with `SUB` funded with 10,000
    /// octets, grants of 1000, closed sessions kept `windows[0]` seconds
    /// at A and `windows[1]` at B.
    fn start(url: &str, windows: [u32; 2]) -> Self {
        let mut store = PgStore::open(url).unwrap();
        store.add([SUB.to_string()], [10_000, 0, 0]).unwrap();
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let node = |dir: &TempDir, host: &str, window: u32| {
            start_ocs(dir.path(), |c| {
                c.db = url.into();
                c.host = host.into();
                c.grant.duplicate_window = window;
            })
        };
        let a = node(&dirs[0], "ocs-a.example.com", windows[0]);
        let b = node(&dirs[1], "ocs-b.example.com", windows[1]);
        TwoNodes {
            gw_a: Gateway::connect(a.local_addrs()[0], "gw.example.net"),
            gw_b: Gateway::connect(b.local_addrs()[0], "gw.example.net"),
            a,
            b,
            store,
            _dirs: dirs,
        }
    }

    /// `SUB`'s octets as the database holds them.
    fn octets(&mut self) -> Bucket {
        self.store.load(SUB).unwrap().unwrap().buckets[0]
    }

    /// Stops the gateways and the nodes; the store stays.
    fn stop(self) -> PgStore {
        self.gw_a.stop();
        self.gw_b.stop();
        self.a.stop().unwrap();
        self.b.stop().unwrap();
        self.store
    }
}

/// A session opened at one node goes on and ends at another node on the
/// same PostgreSQL database: its row is read with the batch's accounts.
#[test]
fn a_session_opened_at_one_postgresql_node_goes_on_at_another() {
    let pg = Postgres::start();
    let mut nodes = TwoNodes::start(&pg.url(), [WINDOW; 2]);
    let (gw_a, gw_b) = (&nodes.gw_a, &nodes.gw_b);
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
    // Ended at B: A's copy goes with the next batch that names it.
    let late = gw_a.call(&Req::new("gw;1", SUB, T::Update, 2).octets(true, Some(1)));
    assert_eq!(result_code(&late), 5002);
    let o = nodes.octets();
    assert_eq!(
        (o.balance, o.reserved, o.debited),
        (10_000 - 650, 0, 650),
        "exact debits, nothing held"
    );
    let mut store = nodes.stop();

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

/// RFC 4006 §5.1.2 across nodes: a session opened and terminated at node
/// A, whose CCR-T's answer was lost, resent with the T flag to node B, is
/// answered by B from the closed row A kept, the same answer, charged
/// once; any other request for it at B is for an ended session (5002).
/// A closed row goes when its window ends, removed by a node's timer
/// without releasing anything.
#[test]
fn a_ccr_t_resent_to_another_postgresql_node_is_answered_again_and_charged_once() {
    let pg = Postgres::start();
    // A keeps closed sessions past the test, B for a second.
    let mut nodes = TwoNodes::start(&pg.url(), [WINDOW, 1]);
    let (gw_a, gw_b) = (&nodes.gw_a, &nodes.gw_b);
    let i = gw_a.call(&Req::new("gw;1", SUB, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&i), 2001);
    let termination = Req::new("gw;1", SUB, T::Termination, 1).octets(false, Some(300));
    let t = gw_a.call(&termination);
    assert_eq!(result_code(&t), 2001);
    let row = "SELECT open FROM sessions WHERE id = 'gw;1'";
    assert_eq!(pg.psql(row), "f", "kept closed");
    let again = gw_b.call(&Req {
        retransmit: true,
        ..termination
    });
    assert_same_answer(&t, &again);
    for req in [
        Req::new("gw;1", SUB, T::Update, 2).octets(true, Some(10)),
        Req {
            retransmit: false,
            ..termination
        },
    ] {
        assert_eq!(result_code(&gw_b.call(&req)), 5002);
    }
    let charged = nodes.octets();
    assert_eq!(
        (charged.balance, charged.reserved, charged.debited),
        (10_000 - 300, 0, 300),
        "debited once"
    );
    assert_eq!(pg.psql(row), "f", "still kept closed");

    // An event at A, resent to B with the T flag: answered again, charged
    // once.
    let (gw_a, gw_b) = (&nodes.gw_a, &nodes.gw_b);
    let event = debit("gw;e", 20);
    let e = gw_a.call(&event);
    assert_eq!(result_code(&e), 2001);
    let again = gw_b.call(&Req {
        retransmit: true,
        ..event
    });
    assert_same_answer(&e, &again);
    let o = nodes.octets();
    assert_eq!(
        (o.balance, o.debited),
        (10_000 - 320, 320),
        "the event once"
    );

    // Closed at B: its row goes at the end of B's window, and its
    // duplicate is then for no session.
    let (gw_a, gw_b) = (&nodes.gw_a, &nodes.gw_b);
    let i = gw_b.call(&Req::new("gw;2", SUB, T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&i), 2001);
    let termination = Req::new("gw;2", SUB, T::Termination, 1).octets(false, Some(50));
    assert_eq!(result_code(&gw_b.call(&termination)), 2001);
    wait_until("gw;2's closed row removed", WAIT, || {
        pg.psql("SELECT count(*) FROM sessions WHERE id = 'gw;2'") == "0"
    });
    let late = gw_a.call(&Req {
        retransmit: true,
        ..termination
    });
    assert_eq!(result_code(&late), 5002);
    let o = nodes.octets();
    assert_eq!(
        (o.balance, o.reserved, o.debited),
        (10_000 - 370, 0, 370),
        "nothing released or charged again"
    );
    nodes.stop();
}
