//! Arbitrary messages, framed from the input one after the other, through
//! `Ccr::parse` and one OCS ledger (auto-provisioning unknown subscribers
//! with the most it can hold), each answer built as a `Cca` and written:
//! nothing panics, every account keeps provisioned = balance + debited and
//! a reservation that is not negative, and every CCA parses back as the
//! answer built; every request, encoded again, parses back as it was read.
#![no_main]

use std::time::{Duration, Instant};

use diameter_apps::gy::cca::{Answerer, Cca, FailureHandling};
use diameter_apps::gy::ccr::Ccr;
use diameter_apps::gy::config::OcsConfig;
use diameter_apps::gy::ledger::{Journal, Ledger};
use diameter_core::wire::{frame_len, Message, MessageWriter, Status};
use libfuzzer_sys::fuzz_target;

const WHO: Answerer<'static> = Answerer {
    origin_host: "ocs.example.com",
    origin_realm: "example.com",
    validity_time: 30,
    failure_handling: FailureHandling::RetryAndTerminate,
};

fuzz_target!(|data: &[u8]| {
    let mut config = OcsConfig::default();
    config.auto_provision = Some(i64::MAX.unsigned_abs());
    let mut ledger = Ledger::new(config.policy());
    let mut journal = Journal::default();
    let mut now = Instant::now();
    let mut rest = data;
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(Status::Complete(n)) = frame_len(rest) {
        let (bytes, after) = rest.split_at(n);
        rest = after;
        let Ok(msg) = Message::new_checked(bytes) else {
            continue;
        };
        let ccr = Ccr::parse(&msg);
        let again = ccr.encode();
        if !again.is_empty() {
            assert_eq!(Ccr::parse(&Message::new_checked(&again).unwrap()), ccr);
        }
        let outcome = ledger.credit_control(&ccr, now, &mut journal, &mut |_| None);
        let built = Cca::answer(&WHO, &ccr, outcome);
        let mut w = MessageWriter::answer(&mut buf, &msg);
        built.write(&mut w);
        if let Ok(len) = w.finish() {
            let answer = Message::new_checked(&buf[..len]).unwrap();
            assert_eq!(Cca::parse(&answer), built);
        }
        for id in ccr.subscriber_ids() {
            let Some(account) = ledger.account(id) else {
                continue;
            };
            for b in &account.buckets {
                assert_eq!(b.balance.checked_add(b.debited), Some(b.provisioned));
                assert!(b.reserved >= 0, "{b:?}");
            }
        }
        now += Duration::from_secs(7);
        ledger.expire(now, &mut journal);
        journal.clear();
    }
});
