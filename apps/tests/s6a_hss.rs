//! The HSS and the MME over loopback: attach with vectors checked by an
//! independent USIM computation (the `milenage` crate and HMAC-SHA-256, none
//! of the HSS's code), cancellation, subscriber changes, purge, errors,
//! re-synchronisation, restarts.

mod s6a_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diameter_apps::s6a::hss::{Hss, HssConfig, RunningHss};
use diameter_apps::s6a::ids::Plmn;
use diameter_apps::s6a::mme::Event;
use diameter_apps::s6a::msg::{self, Outcome};
use diameter_apps::s6a::profile::Profile;
use diameter_apps::s6a::store::{Durability, Store, Subscriber};
use diameter_core::dict::{base, s6a as d, VENDOR_3GPP};
use diameter_core::wire::Message;
use s6a_support::{
    check_vectors, experimental, outcome, subscriber, Rejection, TestMme, Usim, K, OPC, REALM,
};

fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("s6a-e2e-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("hss.db")
}

fn add(db: &Path, subs: &[Subscriber]) {
    Store::open(db, Durability::Normal)
        .unwrap()
        .insert(subs)
        .unwrap();
}

fn start_hss(db: &Path, reset_on_restart: bool) -> RunningHss {
    let mut cfg = HssConfig::new("hss.epc.mnc001.mcc001.3gppnetwork.org", REALM, db);
    cfg.poll_interval = Duration::from_millis(10);
    cfg.reset_on_restart = reset_on_restart;
    let hss = Hss::open(cfg).unwrap();
    let mut node = hss.node_config();
    node.listen = vec!["127.0.0.1:0".parse().unwrap()];
    node.threads = 2;
    hss.start(node).unwrap()
}

#[test]
fn attach_with_vectors_the_usim_accepts() {
    let db = temp_db("attach");
    add(&db, &[subscriber("001010000000001")]);
    let hss = start_hss(&db, false);
    let mme = TestMme::start("mme1", &hss, "00101");
    let mut usim = Usim::new(&K, &OPC, 0);

    let aia = mme.air("001010000000001", 3, None);
    let sqns = check_vectors(&aia, &mut usim, "00101");
    assert_eq!(sqns.len(), 3);
    assert!(sqns.windows(2).all(|w| w[0] < w[1]), "{sqns:?}");

    let ula = mme.ulr("001010000000001");
    let a = Message::new_checked(&ula).unwrap();
    assert_eq!(Outcome::of(&a), Some(Outcome::SUCCESS));
    assert_eq!(msg::flags(&a, &d::ULA_FLAGS), msg::ULA_SEPARATION);
    let data = a.lookup(d::SUBSCRIPTION_DATA.code, VENDOR_3GPP).unwrap();
    assert_eq!(Profile::parse(&data), subscriber("001010000000001").profile);
    // The serving MME and the last SQN are in the store.
    let store = Store::open(&db, Durability::Normal).unwrap();
    let reg = store.registration("001010000000001").unwrap().unwrap();
    assert_eq!(reg.mme_host, format!("mme1.{REALM}"));
    assert_eq!(
        store.subscriber("001010000000001").unwrap().unwrap().sqn,
        sqns[2]
    );
    mme.node.stop().unwrap();
    hss.stop().unwrap();
}

#[test]
fn a_second_mme_cancels_the_first() {
    let db = temp_db("cancel");
    add(&db, &[subscriber("001010000000002")]);
    let hss = start_hss(&db, false);
    let mme1 = TestMme::start("mme1", &hss, "00101");
    let mme2 = TestMme::start("mme2", &hss, "00101");
    assert_eq!(outcome(&mme1.ulr("001010000000002")), Outcome::SUCCESS);
    assert_eq!(outcome(&mme1.ulr("001010000000002")), Outcome::SUCCESS);
    assert!(mme1.events.try_recv().is_err(), "same MME: no CLR");
    assert_eq!(outcome(&mme2.ulr("001010000000002")), Outcome::SUCCESS);
    assert_eq!(
        mme1.event(),
        Event::Cancelled {
            imsi: "001010000000002".into(),
            cancellation_type: msg::MME_UPDATE_PROCEDURE,
        }
    );
    assert!(mme2.events.try_recv().is_err());
    mme1.node.stop().unwrap();
    mme2.node.stop().unwrap();
    hss.stop().unwrap();
}

#[test]
fn subscriber_changes_reach_the_serving_mme() {
    let db = temp_db("changes");
    add(&db, &[subscriber("001010000000003")]);
    let hss = start_hss(&db, false);
    let mme = TestMme::start("mme1", &hss, "00101");
    assert_eq!(outcome(&mme.ulr("001010000000003")), Outcome::SUCCESS);

    // What `diameter subscribers set` does: another connection writes.
    let mut cli = Store::open(&db, Durability::Normal).unwrap();
    let mut changed = subscriber("001010000000003");
    changed.profile.msisdn = Some("33699999999".into());
    changed.profile.apns.truncate(1);
    cli.update(&changed).unwrap();
    assert_eq!(
        mme.event(),
        Event::Deleted {
            imsi: "001010000000003".into(),
            flags: msg::DSR_PDN_CONTEXTS,
            contexts: vec![2],
        }
    );
    assert_eq!(
        mme.event(),
        Event::Inserted {
            imsi: "001010000000003".into(),
            profile: changed.profile.clone(),
        }
    );
    // The HSS serves the new data too.
    let ula = mme.ulr("001010000000003");
    let a = Message::new_checked(&ula).unwrap();
    let data = a.lookup(d::SUBSCRIPTION_DATA.code, VENDOR_3GPP).unwrap();
    assert_eq!(Profile::parse(&data), changed.profile);

    // `subscribers delete`: CLR SUBSCRIPTION_WITHDRAWAL, then unknown.
    assert!(cli.delete("001010000000003").unwrap());
    assert_eq!(
        mme.event(),
        Event::Cancelled {
            imsi: "001010000000003".into(),
            cancellation_type: msg::SUBSCRIPTION_WITHDRAWAL,
        }
    );
    let t0 = Instant::now();
    while cli.registration("001010000000003").unwrap().is_some() {
        assert!(t0.elapsed() < Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        outcome(&mme.ulr("001010000000003")),
        experimental(5001),
        "deleted"
    );
    mme.node.stop().unwrap();
    hss.stop().unwrap();
}

#[test]
fn purge_from_the_serving_mme_freezes_the_tmsi() {
    let db = temp_db("purge");
    add(&db, &[subscriber("001010000000004")]);
    let hss = start_hss(&db, false);
    let mme1 = TestMme::start("mme1", &hss, "00101");
    let mme2 = TestMme::start("mme2", &hss, "00101");
    assert_eq!(outcome(&mme1.ulr("001010000000004")), Outcome::SUCCESS);
    let pua_flags = |mme: &TestMme| {
        let pua = mme.call(mme.mme.pur(mme.e2e(), "001010000000004"));
        let a = Message::new_checked(&pua).unwrap();
        assert_eq!(Outcome::of(&a), Some(Outcome::SUCCESS));
        msg::flags(&a, &d::PUA_FLAGS)
    };
    assert_eq!(pua_flags(&mme2), 0, "not the serving MME");
    assert_eq!(pua_flags(&mme1), msg::PUA_FREEZE_M_TMSI);
    let store = Store::open(&db, Durability::Normal).unwrap();
    assert!(
        store
            .registration("001010000000004")
            .unwrap()
            .unwrap()
            .purged
    );
    let pur = mme1.mme.pur(mme1.e2e(), "001010000000099");
    assert_eq!(outcome(&mme1.call(pur)), experimental(5001));
    mme1.node.stop().unwrap();
    mme2.node.stop().unwrap();
    hss.stop().unwrap();
}

#[test]
fn errors_in_experimental_result() {
    let db = temp_db("errors");
    let mut no_eps = subscriber("001010000000005");
    no_eps.profile.apns.clear();
    let mut no_lte = subscriber("001010000000006");
    no_lte.profile.access_restriction = 1 << 4; // WB-E-UTRAN not allowed
    let mut home_only = subscriber("001010000000007");
    home_only.roaming_allowed = false;
    add(&db, &[no_eps, no_lte, home_only]);
    let hss = start_hss(&db, false);
    let home = TestMme::start("mme1", &hss, "00101");
    let visited = TestMme::start("mme2", &hss, "20893");

    assert_eq!(
        outcome(&home.air("001010000000999", 1, None)),
        experimental(5001)
    );
    assert_eq!(outcome(&home.ulr("001010000000999")), experimental(5001));
    assert_eq!(outcome(&home.ulr("001010000000005")), experimental(5420));
    assert_eq!(outcome(&home.ulr("001010000000006")), experimental(5421));
    assert_eq!(outcome(&visited.ulr("001010000000007")), experimental(5004));
    assert_eq!(
        outcome(&visited.air("001010000000007", 1, None)),
        experimental(5004)
    );
    assert_eq!(outcome(&home.ulr("001010000000007")), Outcome::SUCCESS);
    let ula = Message::new_checked(&home.ulr("001010000000999"))
        .map(|m| m.is_error())
        .unwrap();
    assert!(!ula, "an Experimental-Result is not a protocol error");

    // A ULR without Visited-PLMN-Id gets the validator's answer: 5005
    // with the missing AVP in Failed-AVP.
    let mut ulr = home.mme.ulr(home.e2e(), "001010000000007", 0);
    let m = Message::new_checked(&ulr).unwrap();
    let plmn = m.lookup(d::VISITED_PLMN_ID.code, VENDOR_3GPP).unwrap();
    let (at, len) = (plmn.offset(), diameter_core::wire::padded(plmn.len()));
    ulr.drain(at..at + len);
    let total = (ulr.len() as u32).to_be_bytes();
    ulr[1..4].copy_from_slice(&total[1..]);
    let answer = home.call(ulr);
    let a = Message::new_checked(&answer).unwrap();
    assert_eq!(Outcome::of(&a), Some(Outcome::ResultCode(5005)));
    let failed = a.lookup(base::FAILED_AVP.code, 0).unwrap();
    assert!(failed
        .lookup(d::VISITED_PLMN_ID.code, VENDOR_3GPP)
        .is_some());
    home.node.stop().unwrap();
    visited.node.stop().unwrap();
    hss.stop().unwrap();
}

#[test]
fn resynchronisation_from_auts() {
    let db = temp_db("resync");
    add(&db, &[subscriber("001010000000008")]);
    let hss = start_hss(&db, false);
    let mme = TestMme::start("mme1", &hss, "00101");
    // The USIM has seen SQNs far beyond the HSS's.
    let mut usim = Usim::new(&K, &OPC, 1 << 30);
    let aia = mme.air("001010000000008", 1, None);
    let v = msg::vectors(&Message::new_checked(&aia).unwrap())[0];
    let sn = Plmn::parse("00101").unwrap().encode();
    let Err(Rejection::SyncFailure(auts)) = usim.authenticate(&v.rand, &v.autn, &sn) else {
        panic!("stale SQN accepted");
    };
    let mut bad = auts;
    bad[10] ^= 0x40;
    assert_eq!(
        outcome(&mme.air("001010000000008", 1, Some((v.rand, bad)))),
        experimental(4181),
        "MAC-S does not verify"
    );
    let aia = mme.air("001010000000008", 2, Some((v.rand, auts)));
    let sqns = check_vectors(&aia, &mut usim, "00101");
    assert!(sqns[0] > 1 << 30, "{sqns:?}");
    mme.node.stop().unwrap();
    hss.stop().unwrap();
}

#[test]
fn sqn_keeps_rising_across_restarts_and_mmes_are_reset() {
    let db = temp_db("restart");
    add(&db, &[subscriber("001010000000009")]);
    let mut usim = Usim::new(&K, &OPC, 0);
    let mut last = 0;
    for round in 0..3 {
        let hss = start_hss(&db, true);
        let mme = TestMme::start("mme1", &hss, "00101");
        if round > 0 {
            // Registered before the restart: RSR once connected.
            assert_eq!(
                mme.event(),
                Event::Reset {
                    user_ids: vec!["00101".into()]
                }
            );
        }
        let sqns = check_vectors(&mme.air("001010000000009", 2, None), &mut usim, "00101");
        assert!(sqns[0] > last, "round {round}: {sqns:?} after {last}");
        last = sqns[1];
        assert_eq!(outcome(&mme.ulr("001010000000009")), Outcome::SUCCESS);
        // Stopped at once after the answer: the SQN was committed before it left.
        hss.stop().unwrap();
        mme.node.stop().unwrap();
    }
}
