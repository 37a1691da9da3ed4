//! The HSS store on a real PostgreSQL server, started by the test
//! (Debian's `postgresql` package, see `diameter_tests::postgres`): two
//! HSS nodes on one database never issue one SQN twice, under concurrent
//! AIRs from MMEs at both (the vectors checked by the tests' own USIM, on
//! the `milenage` crate); a re-synchronisation at one node holds at the
//! other; a ULR at one node cancels the MME that another registered;
//! registrations are looked up by key on a new store's analyzed tables;
//! a schema newer than the program is refused; `diameter subscribers`
//! round trips on PostgreSQL.

mod cli_support;
mod s6a_support;

use std::collections::HashSet;
use std::time::Duration;

use cli_support::{diameter, ok};
use diameter_apps::s6a::hss::{Hss, HssConfig, RunningHss};
use diameter_apps::s6a::ids::Plmn;
use diameter_apps::s6a::mme::Event;
use diameter_apps::s6a::msg::{self, Outcome};
use diameter_apps::s6a::store::PgStore;
use diameter_core::dict::base;
use diameter_core::wire::Message;
use diameter_tests::postgres::Postgres;
use s6a_support::{check_vectors, outcome, subscriber, Rejection, TestMme, Usim, K, OPC, REALM};

/// An HSS node `name` on the database at `url`.
fn hss_on(url: &str, name: &str) -> RunningHss {
    let mut cfg = HssConfig::new(&host(name), REALM, url);
    cfg.poll_interval = Duration::from_millis(10);
    let hss = Hss::open(cfg).unwrap();
    let mut node = hss.node_config();
    node.listen = vec!["127.0.0.1:0".parse().unwrap()];
    node.threads = 2;
    hss.start(node).unwrap()
}

fn host(name: &str) -> String {
    format!("{name}.{REALM}")
}

/// Two HSS nodes on one new database holding `imsis`.
struct Pair {
    pg: Postgres,
    a: RunningHss,
    b: RunningHss,
}

impl Pair {
    fn start(imsis: &[&str]) -> Self {
        let pg = Postgres::start();
        let subs: Vec<_> = imsis.iter().map(|i| subscriber(i)).collect();
        PgStore::open(&pg.url()).unwrap().insert(&subs).unwrap();
        let a = hss_on(&pg.url(), "hss-a");
        let b = hss_on(&pg.url(), "hss-b");
        Pair { pg, a, b }
    }

    /// An MME `name` connected to both nodes: `via` 0 is A, 1 is B.
    fn mme(&self, name: &str) -> TestMme {
        let (a, b) = (host("hss-a"), host("hss-b"));
        TestMme::connected(
            name,
            &[
                (Some(a.as_str()), self.a.node().local_addrs()[0]),
                (Some(b.as_str()), self.b.node().local_addrs()[0]),
            ],
            "00101",
        )
    }

    fn stored_sqn(&self, imsi: &str) -> u64 {
        let sql = format!("SELECT sqn FROM subscribers WHERE imsi = '{imsi}'");
        self.pg.psql(&sql).parse().unwrap()
    }

    fn stop(self, mmes: Vec<TestMme>) {
        for m in mmes {
            m.node.stop().unwrap();
        }
        self.a.stop().unwrap();
        self.b.stop().unwrap();
    }
}

fn origin_host(answer: &[u8]) -> String {
    let a = Message::new_checked(answer).unwrap();
    let host = a.lookup(base::ORIGIN_HOST.code, 0).unwrap();
    host.identity().unwrap().to_string()
}

/// Two MMEs, each with four threads of AIRs for two subscribers, half
/// to each HSS node, all at once: every vector passes the USIM's check,
/// every SQN of a subscriber is issued once, those of one AIA increase,
/// and the shared row holds the highest.
#[test]
fn two_hss_nodes_on_one_postgresql_never_issue_one_sqn_twice() {
    let imsis = ["001010000000001", "001010000000002"];
    let pair = Pair::start(&imsis);
    let mmes = [pair.mme("mme1"), pair.mme("mme2")];
    let rounds = 40;
    let mut jobs = Vec::new();
    for mme in &mmes {
        for thread in 0..4 {
            let at = thread % 2;
            let requests: Vec<(usize, Vec<u8>)> = (0..rounds)
                .map(|i| {
                    let which = (i + thread) % imsis.len();
                    (which, mme.via[at].air(mme.e2e(), imsis[which], 3, None))
                })
                .collect();
            jobs.push((mme.node.client(), requests));
        }
    }
    let answers: Vec<(usize, Vec<u8>)> = std::thread::scope(|s| {
        let threads: Vec<_> = (jobs.into_iter())
            .map(|(client, requests)| {
                s.spawn(move || {
                    (requests.into_iter())
                        .map(|(which, r)| {
                            let a = client.call(r, Duration::from_secs(10)).unwrap();
                            (which, a.into_bytes())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect()
    });
    assert_eq!(answers.len(), 2 * 4 * rounds);
    let hosts: HashSet<String> = answers.iter().map(|(_, a)| origin_host(a)).collect();
    assert_eq!(hosts, HashSet::from([host("hss-a"), host("hss-b")]));
    for (which, imsi) in imsis.iter().enumerate() {
        let mut sqns = Vec::new();
        for (_, aia) in answers.iter().filter(|(w, _)| *w == which) {
            // A USIM that saw nothing yet: each vector's MAC-A, RES and
            // K_ASME are checked, and the SQNs must rise within the AIA.
            let issued = check_vectors(aia, &mut Usim::new(&K, &OPC, 0), "00101");
            assert_eq!(issued.len(), 3);
            sqns.extend(issued);
        }
        let distinct: HashSet<u64> = sqns.iter().copied().collect();
        assert_eq!(distinct.len(), sqns.len(), "{imsi}: an SQN issued twice");
        assert_eq!(sqns.len(), 4 * rounds / 2 * 3 * 2);
        assert_eq!(pair.stored_sqn(imsi), *distinct.iter().max().unwrap());
    }
    pair.stop(mmes.into());
}

/// A USIM far ahead of the HSS: vectors from A are refused with an AUTS,
/// which B takes to re-synchronise the shared SQN; B's vectors, then A's,
/// are accepted in turn (A issues above what B did).
#[test]
fn a_resynchronisation_at_one_node_holds_at_the_other() {
    let imsi = "001010000000003";
    let pair = Pair::start(&[imsi]);
    let mme = pair.mme("mme1");
    let mut usim = Usim::new(&K, &OPC, 1 << 30);
    let aia = mme.air_at(0, imsi, 1, None);
    let v = msg::vectors(&Message::new_checked(&aia).unwrap())[0];
    let sn = Plmn::parse("00101").unwrap().encode();
    let Err(Rejection::SyncFailure(auts)) = usim.authenticate(&v.rand, &v.autn, &sn) else {
        panic!("stale SQN accepted");
    };
    let from_b = mme.air_at(1, imsi, 2, Some((v.rand, auts)));
    assert_eq!(origin_host(&from_b), host("hss-b"));
    let sqns = check_vectors(&from_b, &mut usim, "00101");
    assert!(sqns[0] > 1 << 30, "{sqns:?}");
    let from_a = mme.air_at(0, imsi, 2, None);
    assert_eq!(origin_host(&from_a), host("hss-a"));
    let after = check_vectors(&from_a, &mut usim, "00101");
    assert!(after[0] > sqns[1], "{after:?} after {sqns:?}");
    assert_eq!(pair.stored_sqn(imsi), after[1]);
    pair.stop(vec![mme]);
}

/// MME 1 registers at node A, MME 2 at node B: B finds A's registration
/// in the shared row and sends MME 1 the CLR (MME_UPDATE_PROCEDURE). A
/// change `diameter subscribers` makes then reaches MME 2 (IDR) from the
/// node that claims it.
#[test]
fn a_ulr_at_one_node_cancels_the_mme_registered_at_the_other() {
    let imsi = "001010000000004";
    let pair = Pair::start(&[imsi]);
    let (mme1, mme2) = (pair.mme("mme1"), pair.mme("mme2"));
    assert_eq!(outcome(&mme1.ulr_at(0, imsi)), Outcome::SUCCESS);
    assert_eq!(outcome(&mme1.ulr_at(1, imsi)), Outcome::SUCCESS);
    assert!(mme1.events.try_recv().is_err(), "same MME: no CLR");
    let registered = |pg: &Postgres| {
        pg.psql(&format!(
            "SELECT mme_host FROM registrations WHERE imsi = '{imsi}'"
        ))
    };
    assert_eq!(registered(&pair.pg), host("mme1"));
    let ula = mme2.ulr_at(1, imsi);
    assert_eq!(outcome(&ula), Outcome::SUCCESS);
    assert_eq!(origin_host(&ula), host("hss-b"));
    assert_eq!(
        mme1.event(),
        Event::Cancelled {
            imsi: imsi.into(),
            cancellation_type: msg::MME_UPDATE_PROCEDURE,
        }
    );
    assert_eq!(registered(&pair.pg), host("mme2"));

    let mut changed = subscriber(imsi);
    changed.profile.msisdn = Some("33699999999".into());
    PgStore::open(&pair.pg.url())
        .unwrap()
        .update(&changed)
        .unwrap();
    assert_eq!(
        mme2.event(),
        Event::Inserted {
            imsi: imsi.into(),
            profile: changed.profile.clone(),
        }
    );
    assert!(mme1.events.try_recv().is_err(), "no longer serving");
    pair.stop(vec![mme1, mme2]);
}

/// The registrations table analyzed while empty, as on a new store: the
/// plans each node's connection caches after five executions still look
/// registrations up by key, never by scanning the table (which would
/// take every batch longer as the table grows). Read from PostgreSQL's
/// own counters.
#[test]
fn registrations_are_looked_up_by_key_after_an_analyze_of_the_empty_table() {
    let imsis: Vec<String> = (1..=16).map(|i| format!("0010100000001{i:02}")).collect();
    let refs: Vec<&str> = imsis.iter().map(String::as_str).collect();
    let pair = Pair::start(&refs);
    pair.pg.psql("VACUUM ANALYZE registrations");
    let mme = pair.mme("mme1");
    for (i, imsi) in imsis.iter().enumerate() {
        assert_eq!(outcome(&mme.ulr_at(i % 2, imsi)), Outcome::SUCCESS);
    }
    pair.pg.assert_read_by_key("registrations", 16);
    pair.stop(vec![mme]);
}

#[test]
fn a_schema_newer_than_the_program_is_refused_on_both_stores() {
    let pg = Postgres::start();
    let url = pg.url();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hss.db");
    let file = file.to_str().unwrap();
    let add = |db: &str| {
        ok(&diameter(&[
            "subscribers",
            "--db",
            db,
            "add",
            "001010000000001",
            "--k",
            "465b5ce8b199b49faa5f0a2ee238a6bc",
            "--opc",
            "cd63cb71954a9f4e48a5994e37a02baf",
        ]))
    };
    add(&url);
    add(file);
    assert_eq!(pg.psql("SELECT max(version) FROM hss_schema_version"), "1");
    pg.psql("INSERT INTO hss_schema_version (version) VALUES (99)");
    rusqlite::Connection::open(file)
        .unwrap()
        .execute("INSERT INTO hss_schema_version (version) VALUES (99)", [])
        .unwrap();
    for db in [url.as_str(), file] {
        let list = diameter(&["subscribers", "--db", db, "list"]);
        assert!(!list.status.success());
        let err = String::from_utf8_lossy(&list.stderr);
        assert!(err.contains("schema is version 99"), "{err}");
        let hss = diameter(&["hss", "--ip", "127.0.0.1", "--port", "0", "--db", db]);
        assert!(!hss.status.success());
        let err = String::from_utf8_lossy(&hss.stderr);
        assert!(err.contains("schema is version 99"), "{err}");
    }
    assert_eq!(pg.psql("SELECT count(*) FROM subscribers"), "1");
}

#[test]
fn subscribers_are_added_shown_set_and_deleted_on_postgresql() {
    let pg = Postgres::start();
    let url = pg.url();
    let subscribers = |args: &[&str]| {
        let mut all = vec!["subscribers", "--db", url.as_str()];
        all.extend_from_slice(args);
        ok(&diameter(&all))
    };
    subscribers(&[
        "add",
        "001010000000001",
        "--count",
        "3",
        "--k",
        "465b5ce8b199b49faa5f0a2ee238a6bc",
        "--op",
        "cdc202d5123e20f62b6d676ac72cb318",
        "--msisdn",
        "33600000001",
        "--apn",
        "internet",
        "--apn",
        "ims:qci=5,arp=1",
        "--sqn",
        "64",
    ]);
    let show = |imsi: &str| -> serde_json::Value {
        serde_json::from_str(&subscribers(&["show", imsi, "--json"])).unwrap()
    };
    let s = show("001010000000003");
    assert_eq!(s["opc"], "cd63cb71954a9f4e48a5994e37a02baf", "from OP");
    assert_eq!(s["msisdn"], "33600000003");
    assert_eq!(
        (s["sqn"].as_u64(), s["default_context"].as_u64()),
        (Some(64), Some(1))
    );
    assert_eq!(s["apns"][1]["name"], "ims");
    assert_eq!(s["apns"][1]["qci"], 5);
    assert!(s["mme"].is_null());
    subscribers(&[
        "set",
        "001010000000003",
        "--remove-apn",
        "ims",
        "--sqn",
        "32",
    ]);
    let s = show("001010000000003");
    assert_eq!(s["apns"].as_array().unwrap().len(), 1);
    assert_eq!(s["sqn"], 64, "an SQN never goes back on a shared store");
    let list = subscribers(&["list"]);
    assert_eq!(list.lines().count(), 4, "{list}");
    subscribers(&["delete", "001010000000002"]);
    assert!(
        !diameter(&["subscribers", "--db", &url, "show", "001010000000002"])
            .status
            .success()
    );
    // The rows are PostgreSQL's, as another program sees them, and the
    // change log holds what the HSS nodes are to send.
    assert_eq!(pg.psql("SELECT count(*) FROM subscribers"), "2");
    assert_eq!(
        pg.psql("SELECT string_agg(kind, ',' ORDER BY id) FROM changes"),
        "remove,update,delete"
    );
}
