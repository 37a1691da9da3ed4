//! `diameter ocs`, `diameter accounts` and `diameter gy-client` run as
//! programs: provisioning, a load run with exact balances, statistics at
//! SIGTERM, the TOML configuration, a `kill -9` in the middle of a load, an
//! OCS that says goodbye (DPR) in the middle of one, and one shedding load
//! (`--shed-after`) with 3004.

mod cli_support;

use std::path::Path;

use cli_support::{
    accounts, diameter, finish, fund, gy_client, octets, ok, spawn_gy_client, Server,
};
use serde_json::Value;

/// Waits (up to a minute) until the OCS has debited something: the load runs.
fn wait_for_debits(db: &Path) {
    let t0 = std::time::Instant::now();
    while accounts(db).iter().all(|a| octets(a, "debited") == 0) {
        assert!(t0.elapsed().as_secs() < 60, "no debit after a minute");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The run's figures add up, and the client was cut off by its OCS: exit
/// status 3, no session started after (each of the `concurrency` slots saw
/// at most one answer from its own node), the OCS's answers and only those
/// in the rates.
fn assert_cut_off(code: Option<i32>, s: &Value, concurrency: u64) {
    let n = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("{k} in {s}"));
    let sum = |k: &str| {
        s[k].as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!(code, Some(3), "{s}");
    assert_eq!(s["peer_lost"], true, "{s}");
    assert!(n("answers") > 0, "the load ran: {s}");
    assert_eq!(
        n("sessions_started"),
        n("sessions_completed") + n("sessions_failed"),
        "every session ended: {s}"
    );
    assert!(n("sessions_failed") <= concurrency, "{s}");
    assert!(n("local_answers") <= concurrency, "{s}");
    assert_eq!(n("local_answers"), sum("local_result_codes"), "{s}");
    assert_eq!(n("answers"), sum("result_codes"), "{s}");
    assert_eq!(n("requests"), n("answers") + n("local_answers"), "{s}");
    assert!(s["result_codes"].get("3002").is_none(), "{s}");
    let rate = n("answers") as f64 / s["elapsed_s"].as_f64().unwrap();
    assert!(
        (s["throughput"].as_f64().unwrap() - rate).abs() < 1.0,
        "{s}"
    );
}

#[test]
fn accounts_are_added_listed_shown_and_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let db = db.to_str().unwrap();
    let out = diameter(&[
        "accounts",
        "--db",
        db,
        "add",
        "262010000000001-262010000000003",
        "--octets",
        "5000",
        "--seconds",
        "60",
    ]);
    assert_eq!(ok(&out).trim(), "3 account(s) credited");
    ok(&diameter(&[
        "accounts",
        "--db",
        db,
        "add",
        "sip:alice@example.com",
        "--octets",
        "1",
        "--units",
        "7",
    ]));
    ok(&diameter(&[
        "accounts",
        "--db",
        db,
        "set",
        "262010000000002",
        "--octets",
        "100",
    ]));
    let all = accounts(Path::new(db));
    let names: Vec<&str> = all
        .iter()
        .map(|a| a["subscriber"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "262010000000001",
            "262010000000002",
            "262010000000003",
            "sip:alice@example.com"
        ]
    );
    assert_eq!(octets(&all[0], "balance"), 5000);
    assert_eq!(all[0]["buckets"][1]["balance"], 60);
    assert_eq!(
        (octets(&all[1], "balance"), octets(&all[1], "provisioned")),
        (100, 100)
    );
    assert_eq!(all[3]["buckets"][2]["balance"], 7);
    let shown = ok(&diameter(&[
        "accounts",
        "--db",
        db,
        "show",
        "262010000000003",
    ]));
    assert!(
        shown.contains("octets   balance 5000, reserved 0, debited 0, provisioned 5000"),
        "{shown}"
    );
    assert!(!diameter(&["accounts", "--db", db, "show", "nobody"])
        .status
        .success());
    assert!(
        !diameter(&["accounts", "--db", db, "set", "nobody", "--octets", "1"])
            .status
            .success()
    );
}

#[test]
fn load_run_balances_exactly_and_statistics_print_at_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let dbs = db.to_str().unwrap();
    fund(dbs, "001010000000001-001010000000100", "1000000000000");
    let server = Server::start(&[
        "--ip",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        dbs,
        "--threads",
        "2",
    ]);
    let (success, s) = gy_client(
        &server.addr,
        &[
            "--subscriber",
            "001010000000001-001010000000100",
            "--count",
            "2000",
            "--updates",
            "3",
            "--concurrency",
            "64",
        ],
    );
    assert!(success, "{s}");
    assert_eq!(s["sessions_completed"], 2000);
    assert_eq!(s["requests"], 10_000);
    assert_eq!(s["result_codes"]["2001"], 10_000);
    assert_eq!(s["mismatches"], 0);
    let reported = s["units_reported"].as_i64().unwrap();
    assert_eq!(reported, s["units_acknowledged"].as_i64().unwrap());
    assert_eq!(
        reported,
        2000 * 4 * (1 << 20),
        "the whole default grant used each time"
    );
    let printed = server.terminate();
    for line in [
        "Gy Diameter Application Statistics:",
        "CCR Initial Received:    2000",
        "CCR Update Received:     6000",
        "CCR Terminate Received:  2000",
        "CCA Sent:                10000",
        "Errors:                  0",
        "Result-Code 2001 DIAMETER_SUCCESS: 10000",
    ] {
        assert!(printed.contains(line), "{line} in {printed}");
    }
    let all = accounts(&db);
    assert_eq!(
        all.iter().map(|a| octets(a, "debited")).sum::<i64>(),
        reported
    );
    assert!(all.iter().all(|a| octets(a, "reserved") == 0));
}

/// `ocs --shed-after 1` under more load than one event loop serves in a
/// millisecond: new sessions beyond it get 3004 DIAMETER_TOO_BUSY from the
/// transport (RFC 6733 §7.1.3), the others go on. How many are shed depends
/// on the machine, so the test checks what holds whatever the count: every
/// answer is 2001 or 3004, only CCR-Initials (which name no
/// Destination-Host) are shed, the OCS's printed shed count is the 3004s
/// the clients saw, every CCR is answered by either the OCS or the shedding,
/// the per-class latencies count each class's answers, and every usage
/// acknowledged with 2001 is committed in the store. Two clients of 1,000
/// sessions in flight each make turns of many milliseconds, so rounds are
/// run (at most five) until one has seen a 3004.
#[test]
fn shedding_answers_3004_counts_it_and_loses_no_committed_charge() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shed.db");
    let dbs = db.to_str().unwrap();
    let range = "001010000000001-001010000001000";
    fund(dbs, range, "1000000000000000");
    let server = Server::start(&[
        "--ip",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        dbs,
        "--threads",
        "1",
        "--shed-after",
        "1",
    ]);
    let load = [
        "--subscriber",
        range,
        "--count",
        "6000",
        "--updates",
        "1",
        "--concurrency",
        "1000",
    ];
    let (mut busy, mut answers, mut acknowledged) = (0, 0, 0);
    for _round in 0..5 {
        // Two peers, so two Origin-Hosts (RFC 6733 §5.6.4).
        let clients = ["gw1.example.net", "gw2.example.net"]
            .map(|host| spawn_gy_client(&server.addr, &[&load[..], &["--host", host]].concat()));
        for client in clients {
            let (_, s) = finish(client);
            let n = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("{k} in {s}"));
            let code = |c: &str| s["result_codes"].get(c).map_or(0, |v| v.as_u64().unwrap());
            let codes = s["result_codes"].as_object().unwrap();
            assert!(
                codes.keys().all(|c| c == "2001" || c == "3004"),
                "only successes and shedding: {s}"
            );
            assert_eq!(n("local_answers"), 0, "{s}");
            assert_eq!(n("requests"), n("answers"), "{s}");
            assert_eq!(n("mismatches"), 0, "{s}");
            // A shed CCR-Initial ends its session; the others all completed
            // (CCR-U and CCR-T name the OCS and are never shed).
            assert_eq!(n("sessions_failed"), code("3004"), "{s}");
            assert_eq!(n("sessions_started"), 6000, "{s}");
            assert_eq!(n("requests"), 3 * n("sessions_completed") + code("3004"));
            let class = |c: &str| s["latency_by_class"][c]["count"].as_u64().unwrap_or(0);
            assert_eq!((class("2xxx"), class("3xxx")), (code("2001"), code("3004")));
            busy += code("3004");
            answers += n("answers");
            acknowledged += n("units_acknowledged");
            assert_eq!(n("units_reported"), n("units_acknowledged"), "{s}");
        }
        if busy > 0 {
            break;
        }
    }
    let printed = server.terminate();
    let line = |prefix: &str| -> u64 {
        let l = (printed.lines().find(|l| l.starts_with(prefix)))
            .unwrap_or_else(|| panic!("{prefix} in {printed}"));
        l[prefix.len()..].trim().parse().unwrap()
    };
    assert!(busy > 0, "some CCRs were shed in five rounds: {printed}");
    assert_eq!(line("Requests Shed (3004):"), busy, "{printed}");
    // Every CCR is counted, those the node shed among them.
    assert_eq!(line("CCA Sent:"), answers, "{printed}");
    assert_eq!(line("Errors:"), busy, "the shed ones: {printed}");
    assert_eq!(line("Answers 3xxx:"), busy, "{printed}");
    let all = accounts(&db);
    assert_eq!(
        all.iter().map(|a| octets(a, "debited")).sum::<i64>(),
        i64::try_from(acknowledged).unwrap(),
        "every usage answered 2001 is committed"
    );
    assert!(all.iter().all(|a| octets(a, "reserved") == 0));
}

#[test]
fn toml_configuration_sets_the_grant_size() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("conf.db");
    let conf = dir.path().join("ocs.toml");
    std::fs::write(
        &conf,
        format!(
            "[node]\nhost = \"ocs.test.example.com\"\nip = \"127.0.0.1\"\nport = 0\n\
             [store]\ndb = \"{}\"\n[ocs]\nauto_provision = 2000\n[grant]\noctets = 777\n",
            db.display()
        ),
    )
    .unwrap();
    let server = Server::start(&["--config", conf.to_str().unwrap()]);
    let (success, s) = gy_client(
        &server.addr,
        &[
            "--subscriber",
            "4915100000001",
            "--id-type",
            "e164",
            "--updates",
            "1",
        ],
    );
    assert!(success, "{s}");
    assert_eq!(s["units_granted"], 777 * 2);
    server.terminate();
    let all = accounts(&db);
    assert_eq!(all.len(), 1);
    assert_eq!(
        (octets(&all[0], "provisioned"), octets(&all[0], "debited")),
        (2000, 1554)
    );
}

/// A newcomer's first minutes: `diameter ocs` on a new store, then
/// `diameter gy-client` with its defaults, succeeds (a demo account), and
/// says so once; `--no-demo` leaves the new store empty (5030).
#[test]
fn a_new_store_serves_the_default_gy_client() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let db = db.to_str().unwrap();
    let args = ["--ip", "127.0.0.1", "--port", "0", "--db", db];
    let first = Server::start(&args);
    let said = |s: &Server| {
        s.banner
            .iter()
            .any(|l| l.contains("demo account 001010000000001"))
    };
    assert!(said(&first), "{:?}", first.banner);
    let (success, s) = gy_client(&first.addr, &[]);
    assert!(success, "{s}");
    assert_eq!(s["result_codes"]["2001"], 3, "{s}");
    first.terminate();
    let again = Server::start(&args);
    assert!(!said(&again), "only a new store: {:?}", again.banner);
    again.terminate();

    let empty = dir.path().join("empty.db");
    let args = [
        "--ip",
        "127.0.0.1",
        "--port",
        "0",
        "--no-demo",
        "--db",
        empty.to_str().unwrap(),
    ];
    let server = Server::start(&args);
    let (success, s) = gy_client(&server.addr, &[]);
    assert!(!success);
    assert_eq!(s["result_codes"]["5030"], 1, "{s}");
    server.terminate();
}

#[test]
fn kill_9_mid_load_loses_no_money() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let dbs = db.to_str().unwrap();
    let range = "001010000000001-001010000000500";
    fund(dbs, range, "1000000000000");
    // Tcc 1 s: the sessions the kill cuts off expire soon after it.
    let mut server = Server::start(&[
        "--ip",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        dbs,
        "--tcc",
        "1",
    ]);
    // Far longer than the test: only the kill ends the run.
    let client = spawn_gy_client(
        &server.addr,
        &[
            "--subscriber",
            range,
            "--duration",
            "120",
            "--updates",
            "5",
            "--concurrency",
            "128",
        ],
    );
    wait_for_debits(&db);
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    let (code, s) = finish(client);
    assert_cut_off(code, &s, 128);
    let acknowledged = s["units_acknowledged"].as_i64().unwrap();
    let reported = s["units_reported"].as_i64().unwrap();
    assert!(
        s["local_result_codes"]["3002"].as_u64().unwrap() > 0,
        "the load was cut by the kill: {s}"
    );

    // Restarted on the same store once the stored sessions' Tcc has
    // expired: their reservations are released at start (RFC 4006 §7), and
    // every debit that was answered is there.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let last: i64 = conn
        .query_row("SELECT coalesce(max(deadline), 0) FROM sessions", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(last > 0, "the cut sessions are stored");
    let now = || {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        i64::try_from(t.unwrap().as_millis()).unwrap()
    };
    while now() <= last {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let server = Server::start(&["--ip", "127.0.0.1", "--port", "0", "--db", dbs]);
    let all = accounts(&db);
    assert_eq!(all.len(), 500);
    for a in &all {
        for b in a["buckets"].as_array().unwrap() {
            let f = |k: &str| b[k].as_i64().unwrap();
            assert_eq!(f("provisioned"), f("balance") + f("debited"), "{a}");
            assert_eq!(f("reserved"), 0, "{a}");
        }
        assert_eq!(octets(a, "provisioned"), 1_000_000_000_000);
    }
    let debited: i64 = all.iter().map(|a| octets(a, "debited")).sum();
    assert!(
        (acknowledged..=reported).contains(&debited),
        "acknowledged {acknowledged} <= debited {debited} <= reported {reported}"
    );
    // And it serves again.
    let (success, s) = gy_client(&server.addr, &["--subscriber", range, "--count", "10"]);
    assert!(success, "{s}");
    server.terminate();
}

#[test]
fn an_ocs_that_disconnects_mid_load_stops_the_client() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let dbs = db.to_str().unwrap();
    let range = "001010000000001-001010000000100";
    fund(dbs, range, "1000000000000");
    let server = Server::start(&["--ip", "127.0.0.1", "--port", "0", "--db", dbs]);
    let client = spawn_gy_client(
        &server.addr,
        &[
            "--subscriber",
            range,
            "--duration",
            "120",
            "--updates",
            "3",
            "--concurrency",
            "32",
        ],
    );
    wait_for_debits(&db);
    // SIGTERM: the OCS sends DPR, then stops.
    let printed = server.terminate();
    let (code, s) = finish(client);
    assert_cut_off(code, &s, 32);
    // Every CCR-Initial the client sent with the OCS there reached it.
    let initials = printed
        .lines()
        .find_map(|l| l.strip_prefix("CCR Initial Received:"))
        .and_then(|n| n.trim().parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no CCR-I count in {printed}"));
    let started = s["sessions_started"].as_u64().unwrap();
    let local = s["local_answers"].as_u64().unwrap();
    assert!(
        (started.saturating_sub(local)..=started).contains(&initials),
        "{initials} CCR-I received, {started} sent: {s}"
    );
    let debited: u64 = accounts(&db)
        .iter()
        .map(|a| octets(a, "debited").unsigned_abs())
        .sum();
    let acknowledged = s["units_acknowledged"].as_u64().unwrap();
    let unconfirmed = s["units_unconfirmed"].as_u64().unwrap();
    assert!(
        (acknowledged..=acknowledged + unconfirmed).contains(&debited),
        "acknowledged {acknowledged} <= debited {debited} <= + unconfirmed {unconfirmed}: {s}"
    );
}
