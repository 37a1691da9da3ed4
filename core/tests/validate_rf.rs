//! The validator on Rf messages (3GPP TS 32.299 §6.2): a P-GW's interim
//! ACR with a Service-Data-Container and Traffic-Data-Volumes, built with
//! `MessageWriter`, valid over [`dict::ALL`] and broken once.

mod common;
mod validate_support;

use diameter_core::dict::{application as app, base, cc, gy, result_code as rc, rf};
use diameter_core::validate::Violation;
use diameter_core::wire::{Message, MessageWriter, Time};
use validate_support::*;

/// An interim ACR (TS 32.299 §6.2.2) of a PS session, with or without its
/// Accounting-Record-Number.
fn acr(number: bool) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 271, app::BASE_ACCOUNTING, true, 0x11, 0x22);
    w.utf8(base::SESSION_ID, "pgw.example.org;1;1")
        .identity(base::ORIGIN_HOST, "pgw.example.org")
        .identity(base::ORIGIN_REALM, "example.org")
        .identity(base::DESTINATION_REALM, "example.org")
        .enumerated(base::ACCOUNTING_RECORD_TYPE, 3);
    if number {
        w.u32(base::ACCOUNTING_RECORD_NUMBER, 1);
    }
    w.u32(base::ACCT_APPLICATION_ID, app::BASE_ACCOUNTING)
        .utf8(cc::SERVICE_CONTEXT_ID, "32251@3gpp.org")
        .grouped(gy::SERVICE_INFORMATION, |w| {
            w.grouped(gy::PS_INFORMATION, |w| {
                w.grouped(rf::TRAFFIC_DATA_VOLUMES, |w| {
                    w.u64(rf::ietf::ACCOUNTING_INPUT_OCTETS, 1_000_000)
                        .u64(rf::ietf::ACCOUNTING_OUTPUT_OCTETS, 5_000_000)
                        .i32(rf::CHANGE_CONDITION, 4)
                        .time(rf::CHANGE_TIME, Time(3_900_000_000));
                })
                .grouped(rf::SERVICE_DATA_CONTAINER, |w| {
                    w.u32(cc::RATING_GROUP, 10)
                        .u64(rf::ietf::ACCOUNTING_INPUT_OCTETS, 1_000_000)
                        .u32(rf::LOCAL_SEQUENCE_NUMBER, 1)
                        .time(rf::TIME_FIRST_USAGE, Time(3_899_999_000))
                        .time(rf::TIME_LAST_USAGE, Time(3_899_999_900))
                        .u32(rf::TIME_USAGE, 900);
                });
            });
        });
    let n = w.finish().unwrap();
    buf[..n].to_vec()
}

#[test]
fn an_rf_acr_is_checked_against_ts_32_299() {
    let msg = acr(true);
    assert_eq!(validate_all(&msg), Ok(()));
    // Base accounting is in the default set, the Rf AVPs are not: the
    // first, Traffic-Data-Volumes with its M bit, is 5001 there.
    let v: Violation = validate(&msg).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp()),
        (rc::DIAMETER_AVP_UNSUPPORTED, Some((2046, 10415)))
    );
    assert_missing(&acr(false), &base::ACCOUNTING_RECORD_NUMBER);
    assert_unknown_m_bit(&msg);
    // Rf's grammar is the one ALL gives base accounting's ACR.
    let m = Message::new_checked(&msg).unwrap();
    let grammar = diameter_core::dict::ALL
        .command(m.command_code(), m.application_id())
        .unwrap();
    assert_eq!(grammar.application_id, Some(app::BASE_ACCOUNTING));
}
