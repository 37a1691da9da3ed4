//! bromelia's `examples/hss.py` on the raw API: an HSS on 127.0.0.1:3868
//! (or the address given) taking requests in its own loop (`get_message`)
//! and answering the ULRs of 123456789123456 with a ULA (TS 29.272
//! §7.2.4). The node answers CER, DWR and DPR itself and validates every
//! request first. Run it, then `cargo run --example mme`.

use std::time::Duration;

use diameter_core::dict::{application, base, result_code, s6a, VENDOR_3GPP};
use diameter_core::wire::Message;
use diameter_transport::{AppId, Node, NodeConfig};

const HOST: &str = "my-hss.epc.mynetwork.com";
const REALM: &str = "epc.mynetwork.com";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut cfg = NodeConfig::new(HOST, REALM);
    cfg.applications = vec![AppId::vendor_auth(VENDOR_3GPP, application::S6A)];
    let at = std::env::args().nth(1).unwrap_or("127.0.0.1:3868".into());
    cfg.listen = vec![at.parse()?];
    let (node, inbox) = Node::start_inbox(cfg, 1024)?;
    while let Some(ulr) = inbox.next(Duration::from_secs(60)) {
        let bytes = ulr.request().to_vec();
        let req = Message::new_checked(&bytes)?;
        let user = req
            .lookup(base::USER_NAME.code, 0)
            .and_then(|a| a.utf8().ok());
        if user != Some("123456789123456") {
            continue; // dropped unanswered: the node answers 5012
        }
        let session = req
            .lookup(base::SESSION_ID.code, 0)
            .ok_or("no Session-Id")?;
        ulr.answer.answer(|w| {
            w.copy_avp(&session)
                .put(base::typed::RESULT_CODE, result_code::DIAMETER_SUCCESS)
                .put(base::typed::ORIGIN_HOST, HOST)
                .put(base::typed::ORIGIN_REALM, REALM)
                .put(base::typed::AUTH_SESSION_STATE, 1) // NO_STATE_MAINTAINED
                .group(base::typed::VENDOR_SPECIFIC_APPLICATION_ID, |g| {
                    g.put(base::typed::VENDOR_ID, VENDOR_3GPP)
                        .put(base::typed::AUTH_APPLICATION_ID, application::S6A)
                })
                .group(s6a::typed::SUPPORTED_FEATURES, |g| {
                    g.put(base::typed::VENDOR_ID, VENDOR_3GPP)
                        .put(s6a::typed::FEATURE_LIST_ID, 1)
                        .put(s6a::typed::FEATURE_LIST, 402_653_191)
                })
                .put(s6a::typed::ULA_FLAGS, 1); // Separation-Indication
        })?;
    }
    node.stop()?;
    Ok(())
}
