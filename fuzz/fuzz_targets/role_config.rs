//! Arbitrary text as the TOML settings of the roles: the OCS's
//! (`OcsConfig::parse`, then its policy and node settings, and a ledger
//! with that policy answering a CCR-Initial and a CCR-Termination), the
//! HSS's and the agent's (`settings_from`). Nothing panics.
#![no_main]

use std::time::Instant;

use diameter_apps::gy::ccr::{
    Ccr, IdType, RequestType, ServiceRequest, SubscriptionId, SubscriptionIds,
};
use diameter_apps::gy::config::OcsConfig;
use diameter_apps::gy::ledger::{Account, Journal, Ledger};
use diameter_apps::gy::units::{Amounts, ServiceKey, Unit};
use diameter_apps::s6a::cli::hss::{settings_from, Args};
use diameter_core::wire::Message;
use libfuzzer_sys::fuzz_target;

fn ccr(kind: RequestType, number: u32) -> Vec<u8> {
    let service = ServiceRequest {
        key: ServiceKey::default(),
        requested: Some(Amounts::default()),
        used: Amounts::of(Unit::Octets, 1000),
    };
    Ccr {
        session_id: "gw;1",
        origin_host: "gw.example.net",
        origin_realm: "example.net",
        destination_realm: "example.com",
        request_type: Some(kind),
        number,
        subscription_ids: SubscriptionIds::one(SubscriptionId::new(IdType::Imsi, "001010000000001")),
        multiple_services: true,
        services: [service].into_iter().collect(),
        end_to_end: 1,
        ..Ccr::default()
    }
    .encode()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = OcsConfig::parse(text) {
        let _ = config.node_config();
        let mut ledger = Ledger::new(config.policy());
        let mut journal = Journal::default();
        let now = Instant::now();
        let mut load = |s: &str| Account::new(s, 1 << 40, 1 << 20, 1 << 10);
        for (kind, number) in [(RequestType::Initial, 0), (RequestType::Termination, 1)] {
            let bytes = ccr(kind, number);
            let msg = Message::new_checked(&bytes).unwrap();
            ledger.credit_control(&Ccr::parse(&msg), now, &mut journal, &mut load);
        }
        ledger.expire(now, &mut journal);
    }
    let _ = settings_from(&Args::default(), Some(text));
    let _ = diameter_apps::agent::settings_from(&diameter_apps::agent::Args::default(), Some(text));
});
