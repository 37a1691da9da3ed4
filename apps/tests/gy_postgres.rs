//! The account store on a real PostgreSQL server, started by the test
//! (Debian's `postgresql` package, see `diameter_tests::postgres`):
//! `diameter accounts` round trips, a schema newer than the program is
//! refused, and two `diameter ocs` processes on one database serving
//! `gy-client` load against the same accounts never grant one balance
//! twice and lose no debit; sessions are found by key on a new store's
//! analyzed tables.

mod cli_support;
mod gy_support;

use cli_support::{diameter, finish, fund, ok, sample, scrape, spawn_gy_client, Server};
use diameter_apps::gy::ccr::RequestType as T;
use diameter_apps::gy::store::PgStore;
use diameter_apps::gy::Bucket;
use diameter_tests::postgres::Postgres;
use diameter_tests::wait_until;
use gy_support::{result_code, start_ocs, Gateway, Req};
use serde_json::Value;

/// `diameter ocs` on the database at `url`, one event loop, as `host`,
/// with `extra` options.
fn ocs_on(url: &str, host: &str, extra: &[&str]) -> Server {
    let mut args = vec![
        "--ip",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        url,
        "--threads",
        "1",
        "--host",
        host,
    ];
    args.extend_from_slice(extra);
    Server::start(&args)
}

/// Every account balances (provisioned = balance + debited) with no
/// balance or reservation below zero; the accounts, their debits and what
/// they hold reserved (0 only when each holds nothing).
fn balanced(url: &str) -> (Vec<Value>, i64, i64) {
    let all = accounts(url);
    for acc in &all {
        let (p, bal, d) = (
            bucket(acc, 0, "provisioned"),
            bucket(acc, 0, "balance"),
            bucket(acc, 0, "debited"),
        );
        assert_eq!(p, bal + d, "{acc}");
        assert!(bal >= 0, "granted past the balance: {acc}");
        assert!(bucket(acc, 0, "reserved") >= 0, "{acc}");
    }
    let sum = |field| all.iter().map(|a| bucket(a, 0, field)).sum();
    let (debited, reserved) = (sum("debited"), sum("reserved"));
    (all, debited, reserved)
}

/// `load` from a gateway named `host`: two clients on one database must
/// not make the same Session-Ids (RFC 6733 §8.8), which they would under
/// one Origin-Host started in the same second.
fn gateway<'a>(load: &[&'a str], host: &'a str) -> Vec<&'a str> {
    let mut args = load.to_vec();
    args.extend(["--host", host]);
    args
}

fn octets_in(store: &mut PgStore, subscriber: &str) -> Bucket {
    store.load(subscriber).unwrap().unwrap().buckets[0]
}

fn accounts(url: &str) -> Vec<Value> {
    let out = ok(&diameter(&["accounts", "--db", url, "list", "--json"]));
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn bucket(a: &Value, unit: usize, field: &str) -> i64 {
    a["buckets"][unit][field].as_i64().unwrap()
}

#[test]
fn accounts_are_added_shown_set_and_listed_on_postgresql() {
    let pg = Postgres::start();
    let url = pg.url();
    let out = ok(&diameter(&[
        "accounts",
        "--db",
        &url,
        "add",
        "001010000000001-001010000000003",
        "--octets",
        "1000",
        "--seconds",
        "60",
    ]));
    assert!(out.contains("3 account(s) credited"), "{out}");
    ok(&diameter(&[
        "accounts",
        "--db",
        &url,
        "add",
        "001010000000002",
        "--octets",
        "500",
    ]));
    let shown = ok(&diameter(&[
        "accounts",
        "--db",
        &url,
        "show",
        "001010000000002",
        "--json",
    ]));
    let a: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(a["subscriber"], "001010000000002");
    assert_eq!(bucket(&a, 0, "provisioned"), 1500);
    assert_eq!(bucket(&a, 0, "balance"), 1500);
    assert_eq!(bucket(&a, 1, "balance"), 60);
    ok(&diameter(&[
        "accounts",
        "--db",
        &url,
        "set",
        "001010000000003",
        "--octets",
        "10",
    ]));
    let all = accounts(&url);
    let balances: Vec<i64> = all.iter().map(|a| bucket(a, 0, "balance")).collect();
    assert_eq!(balances, [1000, 1500, 10]);
    assert!(all
        .iter()
        .all(|a| bucket(a, 0, "provisioned") == bucket(a, 0, "balance")));
    let missing = diameter(&["accounts", "--db", &url, "show", "999"]);
    assert!(!missing.status.success());
    // The rows are PostgreSQL's, as another program sees them.
    assert_eq!(
        pg.psql("SELECT octets_balance FROM accounts WHERE subscriber = '001010000000003'"),
        "10"
    );
    assert_eq!(pg.psql("SELECT count(*) FROM credits"), "5");
}

#[test]
fn a_schema_newer_than_the_program_is_refused_on_both_stores() {
    let pg = Postgres::start();
    let url = pg.url();
    ok(&diameter(&[
        "accounts", "--db", &url, "add", "001", "--octets", "1",
    ]));
    assert_eq!(
        pg.psql("SELECT max(version) FROM schema_version"),
        diameter_apps::gy::store::schema::VERSION.to_string()
    );
    pg.psql("INSERT INTO schema_version (version) VALUES (99)");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ocs.db");
    let file = file.to_str().unwrap();
    ok(&diameter(&[
        "accounts", "--db", file, "add", "001", "--octets", "1",
    ]));
    rusqlite::Connection::open(file)
        .unwrap()
        .execute("INSERT INTO schema_version (version) VALUES (99)", [])
        .unwrap();
    for db in [url.as_str(), file] {
        let list = diameter(&["accounts", "--db", db, "list"]);
        assert!(!list.status.success());
        let err = String::from_utf8_lossy(&list.stderr);
        assert!(err.contains("schema is version 99"), "{err}");
        let ocs = diameter(&["ocs", "--ip", "127.0.0.1", "--port", "0", "--db", db]);
        assert!(!ocs.status.success());
        let err = String::from_utf8_lossy(&ocs.stderr);
        assert!(err.contains("schema is version 99"), "{err}");
    }
    // Nothing was changed by the refusals.
    assert_eq!(pg.psql("SELECT count(*) FROM accounts"), "1");
}

/// Twenty accounts of 32 MiB each, two OCS processes on the one database,
/// and one client on each asking for far more (1 MiB grants, four per
/// session, 400 sessions each): the accounts run dry while both nodes
/// grant from them at once. Afterwards every account balances exactly
/// (provisioned = balance + debited, nothing reserved, no balance below
/// zero), the debits are the usage both clients had acknowledged, and the
/// grants of both together never exceeded what was provisioned.
#[test]
fn two_ocs_on_one_postgresql_never_grant_one_balance_twice() {
    let pg = Postgres::start();
    let url = pg.url();
    let range = "001010000000001-001010000000020";
    let provisioned: i64 = 20 * 32 * (1 << 20);
    fund(&url, range, &(32 << 20).to_string());
    let a = ocs_on(&url, "ocs-a.example.com", &[]);
    let b = ocs_on(&url, "ocs-b.example.com", &[]);
    let load = [
        "--subscriber",
        range,
        "--count",
        "400",
        "--updates",
        "3",
        "--concurrency",
        "32",
    ];
    let ca = spawn_gy_client(&a.addr, &gateway(&load, "gw-a.example.net"));
    let cb = spawn_gy_client(&b.addr, &gateway(&load, "gw-b.example.net"));
    let (_, sa) = finish(ca);
    let (_, sb) = finish(cb);
    let n = |s: &Value, k: &str| s[k].as_i64().unwrap_or_else(|| panic!("{k} in {s}"));
    for s in [&sa, &sb] {
        assert_eq!(n(s, "mismatches"), 0, "{s}");
        assert_eq!(n(s, "local_answers"), 0, "{s}");
        // The accounts ran dry: sessions were refused credit.
        assert!(n(s, "sessions_failed") > 0, "{s}");
        assert!(n(s, "sessions_completed") > 0, "{s}");
    }
    a.terminate();
    b.terminate();
    let (all, debited, reserved) = balanced(&url);
    assert_eq!((all.len(), reserved), (20, 0));
    let acknowledged = n(&sa, "units_acknowledged") + n(&sb, "units_acknowledged");
    assert_eq!(debited, acknowledged, "{sa} {sb}");
    let granted = n(&sa, "units_granted") + n(&sb, "units_granted");
    assert!(granted <= provisioned, "granted {granted} of {provisioned}");
    // Nearly everything was spent: both nodes granted from the same accounts.
    assert!(debited > provisioned / 2, "{debited} of {provisioned}");
}

/// PostgreSQL stops under an OCS: every CCR is then answered 5012
/// DIAMETER_UNABLE_TO_COMPLY (never a success the database does not
/// hold), and once the server is back the OCS reconnects and serves again,
/// with every account balancing exactly.
#[test]
fn answers_are_5012_while_postgresql_is_down_and_service_resumes() {
    let mut pg = Postgres::start();
    let url = pg.url();
    let range = "001010000000001-001010000000010";
    fund(&url, range, "1000000000");
    let ocs = ocs_on(&url, "ocs.example.com", &[]);
    let run = || {
        let c = spawn_gy_client(
            &ocs.addr,
            &["--subscriber", range, "--count", "50", "--concurrency", "8"],
        );
        finish(c)
    };
    let n = |s: &Value, k: &str| s[k].as_i64().unwrap_or_else(|| panic!("{k} in {s}"));
    let (code, before) = run();
    assert_eq!(code, Some(0), "{before}");
    let mut acknowledged = n(&before, "units_acknowledged");
    pg.stop();
    let (code, down) = run();
    assert_eq!(code, Some(2), "{down}");
    let codes = down["result_codes"].as_object().unwrap();
    assert_eq!(codes.keys().collect::<Vec<_>>(), ["5012"], "{down}");
    assert_eq!(n(&down, "units_acknowledged"), 0, "{down}");
    pg.resume();
    // Until the OCS has reconnected, runs fail whole (5012); then one
    // succeeds whole.
    let mut resumed = false;
    for _ in 0..200 {
        let (code, s) = run();
        acknowledged += n(&s, "units_acknowledged");
        if code == Some(0) {
            resumed = true;
            break;
        }
        assert_eq!(n(&s, "units_acknowledged"), 0, "{s}");
    }
    assert!(resumed, "the OCS did not serve again");
    ocs.terminate();
    let (_, debited, reserved) = balanced(&url);
    assert_eq!((debited, reserved), (acknowledged, 0));
}

/// Two OCS processes auto-provisioning the same unknown subscribers at
/// once: each account is created once (the node that loses the race runs
/// its batch again and finds the other's row), no CCR is refused for it,
/// and every account balances.
#[test]
fn two_ocs_auto_provisioning_the_same_subscribers_create_each_once() {
    let pg = Postgres::start();
    let url = pg.url();
    let range = "001010000000001-001010000000040";
    let auto = ["--auto-provision", "100000000"];
    let a = ocs_on(&url, "ocs-a.example.com", &auto);
    let b = ocs_on(&url, "ocs-b.example.com", &auto);
    let load = [
        "--subscriber",
        range,
        "--count",
        "200",
        "--updates",
        "1",
        "--concurrency",
        "40",
    ];
    let ca = spawn_gy_client(&a.addr, &gateway(&load, "gw-a.example.net"));
    let cb = spawn_gy_client(&b.addr, &gateway(&load, "gw-b.example.net"));
    let mut acknowledged = 0;
    for (code, s) in [finish(ca), finish(cb)] {
        assert_eq!(code, Some(0), "{s}");
        acknowledged += s["units_acknowledged"].as_i64().unwrap();
    }
    a.terminate();
    b.terminate();
    let (all, debited, reserved) = balanced(&url);
    assert_eq!((all.len(), reserved), (40, 0));
    for acc in &all {
        assert_eq!(bucket(acc, 0, "provisioned"), 100_000_000, "{acc}");
    }
    assert_eq!(debited, acknowledged);
}

/// The race the shared store is built for, forced: node A creates an
/// account and holds its transaction open; node B, not seeing the row
/// yet, creates the same account and waits on A's row; A commits. B's
/// transaction then runs again from its start, finds A's row, and
/// creates nothing.
#[test]
fn a_transaction_that_loses_a_race_runs_again_and_sees_the_winner() {
    use diameter_apps::gy::ledger::{Account, Journal};
    use diameter_apps::gy::store::PgStore;

    let pg = Postgres::start();
    let url = pg.url();
    let mut a = PgStore::open(&url).unwrap();
    let mut b = PgStore::open(&url).unwrap();
    let create = |octets| {
        let mut j = Journal::default();
        j.created.push(Account::new("x", octets, 0, 0).unwrap());
        j
    };
    let (a_holds, b_may_go) = std::sync::mpsc::channel();
    let racer = std::thread::spawn(move || {
        b_may_go.recv().unwrap();
        let mut attempts = 0;
        let found = b
            .transact(|tx| {
                attempts += 1;
                let found = tx.lock(&["x".to_string()])?;
                if found.is_empty() {
                    tx.apply(&create(5))?;
                }
                Ok(found)
            })
            .unwrap();
        (attempts, found)
    });
    a.transact(|tx| {
        tx.apply(&create(7))?;
        a_holds.send(()).unwrap();
        // B waits on our uncommitted row: a lock wait the server shows.
        let mut watch = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        while watch
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                &[],
            )
            .unwrap()
            .get::<_, i64>(0)
            == 0
        {
            std::thread::yield_now();
        }
        Ok(())
    })
    .unwrap();
    let (attempts, found) = racer.join().unwrap();
    assert_eq!(attempts, 2);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].buckets[0].provisioned, 7);
    assert_eq!(
        pg.psql("SELECT octets_provisioned FROM accounts WHERE subscriber = 'x'"),
        "7"
    );
}

/// The charging rules on PostgreSQL, in process: a CCR-Update resent
/// with the T flag is answered again and charged once (RFC 4006 §5.1.2),
/// a top-up made while the OCS runs is granted from at once (the rows are
/// read before every batch), a session past its credit gets 4012, and
/// Tcc expiry releases a reservation in the database (RFC 4006 §7).
#[test]
fn duplicates_top_ups_exhaustion_and_tcc_expiry_on_postgresql() {
    let pg = Postgres::start();
    let url = pg.url();
    let mut store = PgStore::open(&url).unwrap();
    store.add(["alice".to_string()], [1500, 0, 0]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ocs = start_ocs(dir.path(), |c| {
        c.db = url.clone().into();
        c.grant.validity_time = 1;
        c.grant.tcc = Some(1);
    });
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    let a = gw.call(&Req::new("s", "alice", T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&a), 2001);
    assert_eq!(octets_in(&mut store, "alice").reserved, 1000);
    let update = Req::new("s", "alice", T::Update, 1).octets(true, Some(1000));
    let first = gw.call(&update);
    assert_eq!(result_code(&first), 2001);
    let again = gw.call(&Req {
        retransmit: true,
        ..update
    });
    assert_eq!(result_code(&again), 2001);
    let b = octets_in(&mut store, "alice");
    assert_eq!(
        (b.balance, b.reserved, b.debited),
        (500, 500, 1000),
        "charged once"
    );
    // Spent: the next update reports the 500 and gets 4012.
    let a = gw.call(&Req::new("s", "alice", T::Update, 2).octets(true, Some(500)));
    assert_eq!(result_code(&a), 4012);
    // A top-up by another program, seen by the next request.
    store.add(["alice".to_string()], [2000, 0, 0]).unwrap();
    let a = gw.call(&Req::new("s2", "alice", T::Initial, 0).octets(true, None));
    assert_eq!(result_code(&a), 2001);
    assert_eq!(octets_in(&mut store, "alice").reserved, 1000);
    // Left open: Tcc expires and the timer's commit releases it.
    while octets_in(&mut store, "alice").reserved != 0 {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let a = gw.call(&Req::new("s2", "alice", T::Update, 1).octets(true, Some(10)));
    assert_eq!(result_code(&a), 5002, "the session went Idle");
    let b = octets_in(&mut store, "alice");
    assert_eq!(
        (b.provisioned, b.balance, b.reserved, b.debited),
        (3500, 2000, 0, 1500)
    );
    gw.stop();
    ocs.stop().unwrap();
}

/// The sessions table analyzed while empty, as on a new store: the plans
/// the OCS's connection caches after five executions still find sessions
/// by key (and the Tcc sweep by deadline), never by scanning the table,
/// which would take every batch longer as it grows. Read from
/// PostgreSQL's own counters.
#[test]
fn sessions_are_looked_up_by_key_after_an_analyze_of_the_empty_table() {
    let pg = Postgres::start();
    let url = pg.url();
    let mut store = PgStore::open(&url).unwrap();
    store.add(["alice".to_string()], [1 << 30, 0, 0]).unwrap();
    pg.psql("VACUUM ANALYZE sessions");
    let dir = tempfile::tempdir().unwrap();
    let ocs = start_ocs(dir.path(), |c| c.db = url.clone().into());
    let gw = Gateway::connect(ocs.local_addrs()[0], "gw.example.net");
    for i in 0..8 {
        let id = format!("s{i}");
        let initial = Req::new(&id, "alice", T::Initial, 0).octets(true, None);
        assert_eq!(result_code(&gw.call(&initial)), 2001);
        let update = Req::new(&id, "alice", T::Update, 1).octets(true, Some(10));
        assert_eq!(result_code(&gw.call(&update)), 2001);
    }
    pg.assert_read_by_key("sessions", 8);
    gw.stop();
    ocs.stop().unwrap();
}

/// One of two OCS nodes on one database killed (`kill -9`) in the middle
/// of a load while the other goes on serving the same accounts: no debit
/// that was answered is lost, no balance goes below zero, provisioned =
/// balance + debited everywhere, and the survivor's sessions all
/// complete. The killed node's open sessions stay stored with their
/// reservations (at most one grant per session in flight), for another
/// node to continue or, once their Tcc expires, release.
#[test]
fn kill_9_of_one_of_two_nodes_loses_no_debit() {
    let pg = Postgres::start();
    let url = pg.url();
    let range = "001010000000001-001010000000200";
    fund(&url, range, "1000000000000");
    let mut a = ocs_on(&url, "ocs-a.example.com", &[]);
    let b = ocs_on(&url, "ocs-b.example.com", &[]);
    // Far longer than the test: only the kill ends this run.
    let load = |peer: &str, run: [&str; 4], updates: &str| {
        let mut args = vec!["--subscriber", range, "--concurrency", "64"];
        args.extend(run);
        args.extend(["--updates", updates]);
        spawn_gy_client(peer, &args)
    };
    let doomed = load(
        &a.addr,
        ["--duration", "120", "--host", "gw-a.example.net"],
        "5",
    );
    let survivor = load(
        &b.addr,
        ["--count", "3000", "--host", "gw-b.example.net"],
        "3",
    );
    // Both nodes charge the same accounts before the kill.
    while accounts(&url)
        .iter()
        .map(|a| bucket(a, 0, "debited"))
        .sum::<i64>()
        == 0
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    a.child.kill().unwrap(); // SIGKILL
    a.child.wait().unwrap();
    let (code, lost) = finish(doomed);
    assert_eq!(code, Some(3), "cut off by the kill: {lost}");
    let (code, served) = finish(survivor);
    assert_eq!(code, Some(0), "{served}");
    b.terminate();
    let n = |s: &Value, k: &str| s[k].as_i64().unwrap_or_else(|| panic!("{k} in {s}"));
    let (_, debited, held) = balanced(&url);
    assert!(
        held <= 64 * (1 << 20),
        "at most a grant per session: {held}"
    );
    let acknowledged = n(&lost, "units_acknowledged") + n(&served, "units_acknowledged");
    let reported = n(&lost, "units_reported") + n(&served, "units_reported");
    assert!(
        (acknowledged..=reported).contains(&debited),
        "acknowledged {acknowledged} <= debited {debited} <= reported {reported}"
    );
}

/// How long a state is waited for before the test fails.
const WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether `metric` with `labels` has reached `at_least` at `url`.
fn reached(url: &str, metric: &str, labels: &[(&str, &str)], at_least: f64) -> bool {
    sample(&scrape(url), metric, labels).is_some_and(|v| v >= at_least)
}

/// Two OCS nodes on one database behind `diameter agent`, and one of them
/// killed (`kill -9`) in the middle of a gateway's load: the sessions it
/// served move to the other (RFC 4006 §5.7; the CCAs said
/// FAILOVER_SUPPORTED). A request that cannot reach the killed node is sent
/// again by the gateway with the T flag, routed by realm; the survivor
/// takes the session from the database and answers a duplicate again,
/// a CCR-T's too: one that the killed node committed and did not answer
/// is answered from the closed row it kept (RFC 4006 §5.1.2). So every
/// session completes, nothing stays reserved, and every account balances
/// with the debits the gateway was told of.
#[test]
fn sessions_of_a_killed_node_continue_on_the_other_behind_the_agent() {
    let pg = Postgres::start();
    let url = pg.url();
    let range = "001010000000001-001010000000200";
    fund(&url, range, "1000000000000");
    let metrics = ["--metrics", "127.0.0.1:0"];
    let mut a = ocs_on(&url, "ocs-a.example.com", &metrics);
    let b = ocs_on(&url, "ocs-b.example.com", &metrics);
    let (to_a, to_b) = (
        format!("ocs-a.example.com={}", a.addr),
        format!("ocs-b.example.com={}", b.addr),
    );
    let agent = Server::start_tool(
        None,
        "agent",
        &[
            "--ip",
            "127.0.0.1",
            "-p",
            "0",
            "--mode",
            "relay",
            "--peer",
            &to_a,
            "--peer",
            &to_b,
            "--peer",
            "gw.example.net",
            "--route",
            "example.com/gy=ocs-a.example.com,ocs-b.example.com",
            "--metrics",
            "127.0.0.1:0",
        ],
    );
    let at_agent = agent.metrics.clone().expect("the agent's metrics");
    for host in ["ocs-a.example.com", "ocs-b.example.com"] {
        let open = [("peer", host), ("state", "I-Open"), ("watchdog", "OKAY")];
        wait_until(host, WAIT, || {
            reached(&at_agent, "diameter_peer", &open, 1.0)
        });
    }
    let client = spawn_gy_client(
        &agent.addr,
        &[
            "--subscriber",
            range,
            "--count",
            "3000",
            "--updates",
            "5",
            "--concurrency",
            "64",
            "--host",
            "gw.example.net",
        ],
    );
    // Node A serves sessions before it is killed.
    let at_a = a.metrics.clone().expect("node A's metrics");
    wait_until("500 CCAs from node A", WAIT, || {
        reached(
            &at_a,
            "gy_cca_sent_total",
            &[("result_code", "2001")],
            500.0,
        )
    });
    a.child.kill().unwrap(); // SIGKILL
    a.child.wait().unwrap();
    let (code, s) = finish(client);
    let n = |k: &str| s[k].as_i64().unwrap_or_else(|| panic!("{k} in {s}"));
    let codes = |c: &str| s["result_codes"][c].as_i64().unwrap_or(0);
    // Sessions opened at A went on at B: B received more CCR-Us and
    // CCR-Ts than the six of each session it opened (a CCR-I of A's sent
    // again to B opens the session there). Each went by the gateway's
    // failover (a 3002 from the agent) or the agent's (a request pending
    // at A when it died), whichever came first.
    let at_b = scrape(b.metrics.as_deref().expect("node B's metrics"));
    let received =
        |kind: &str| sample(&at_b, "gy_ccr_received_total", &[("type", kind)]).unwrap_or(0.0);
    let moved = received("update") + received("termination") - 6.0 * received("initial");
    assert!(moved > 0.0, "no session of A went on at B: {s}");
    let by_agent = sample(
        &scrape(&at_agent),
        "diameter_failovers_total",
        &[("peer", "ocs-a.example.com")],
    )
    .unwrap_or(0.0);
    assert!(n("failovers") as f64 + by_agent > 0.0, "{s}");
    // Every session completes: a request node A committed and died before
    // answering is a duplicate at the survivor, answered from its row,
    // the closed row of a CCR-T's included, and charged once.
    assert_eq!(n("sessions_completed"), 3000, "{s}");
    assert_eq!((n("sessions_failed"), codes("5002")), (0, 0), "{s}");
    assert_eq!(code, Some(0), "{s}");
    b.terminate();
    drop(agent);
    let (_, debited, held) = balanced(&url);
    assert_eq!(held, 0, "every session ended: nothing reserved");
    assert!(
        (n("units_acknowledged")..=n("units_reported")).contains(&debited),
        "acknowledged {} <= debited {debited} <= reported {}",
        n("units_acknowledged"),
        n("units_reported")
    );
}
