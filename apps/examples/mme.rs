//! bromelia's `examples/mme.py` on the raw API: connect to the HSS on
//! 127.0.0.1:3868 (or the address given), send five Update-Location-Requests for
//! 123456789123456 (TS 29.272 §7.2.3) and print each answer's result;
//! the scope ends with DPR. Start `cargo run --example hss` first.

use std::time::Duration;

use diameter_core::dict::{application, base, command, s6a, VENDOR_3GPP};
use diameter_core::wire::MessageWriter;
use diameter_transport::{AppId, NoApplications, Node, NodeConfig, PeerConfig};

const HOST: &str = "my-mme.epc.mynetwork.com";
const REALM: &str = "epc.mynetwork.com";
const HSS: &str = "my-hss.epc.mynetwork.com";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut cfg = NodeConfig::new(HOST, REALM);
    cfg.applications = vec![AppId::vendor_auth(VENDOR_3GPP, application::S6A)];
    let hss = std::env::args().nth(1).unwrap_or("127.0.0.1:3868".into());
    cfg.peers = vec![PeerConfig::new(hss.parse()?, HSS)];
    Node::start(cfg, |_| NoApplications)?.scope(|node| {
        if !node.wait_open(HSS, Duration::from_secs(5)) {
            return Err(format!("no HSS on {hss}").into());
        }
        let client = node.client();
        for i in 0..5 {
            let (mut ulr, e2e) = (vec![0; 512], client.next_end_to_end());
            let (code, app) = (command::UPDATE_LOCATION, application::S6A);
            let mut w = MessageWriter::request(&mut ulr, code, app, true, 0, e2e);
            w.put(base::typed::SESSION_ID, &format!("{HOST};1;{i}"))
                .put(base::typed::AUTH_SESSION_STATE, 1) // NO_STATE_MAINTAINED
                .put(base::typed::ORIGIN_HOST, HOST)
                .put(base::typed::ORIGIN_REALM, REALM)
                .put(base::typed::DESTINATION_REALM, REALM)
                .put(base::typed::USER_NAME, "123456789123456")
                .put(s6a::typed::RAT_TYPE, 1004) // EUTRAN
                .put(s6a::typed::ULR_FLAGS, 3) // S6a/S6d-Indicator, Single-Registration-Indication
                .put(s6a::typed::VISITED_PLMN_ID, &[0x21, 0xf3, 0x54]); // MCC 123, MNC 45
            let n = w.finish()?;
            ulr.truncate(n);
            let ula = client.call(ulr, Duration::from_secs(5))?;
            println!("ULA {i}: {:?}", ula.outcome());
        }
        Ok::<_, Box<dyn std::error::Error>>(())
    })?
}
