//! An MME that connects to the HSS on 127.0.0.1:3868 and sends five
//! Update-Location-Requests for 123456789123456 (ULR-Flags with the S6a
//! indicator): bromelia's `examples/mme.py` with this crate's API. Each
//! ULA's result and subscription are printed.
//!
//! Start `cargo run --example hss` first.

use std::error::Error;
use std::time::{Duration, Instant};

use diameter_apps::s6a::ids::Plmn;
use diameter_apps::s6a::mme::{Mme, MmeConfig};
use diameter_apps::s6a::msg::Outcome;
use diameter_apps::s6a::profile::Profile;
use diameter_core::dict::{s6a, VENDOR_3GPP};
use diameter_core::wire::Message;
use diameter_transport::Node;

fn main() -> Result<(), Box<dyn Error>> {
    let mme = Mme::new(MmeConfig {
        host: "my-mme.epc.mynetwork.com".into(),
        realm: "epc.mynetwork.com".into(),
        destination_realm: "epc.mynetwork.com".into(),
        destination_host: None,
        plmn: Plmn::parse("12345")?,
    });
    let (handler, _hss_requests) = mme.handler();
    let node = Node::start(mme.node_config("127.0.0.1:3868".parse()?), move |_| {
        handler.clone()
    })?;
    let t0 = Instant::now();
    while !node.peers().iter().any(|p| p.is_open()) {
        if t0.elapsed() > Duration::from_secs(5) {
            return Err("no HSS on 127.0.0.1:3868".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }

    let client = node.client();
    for _ in 0..5 {
        let ulr = mme.ulr(client.next_end_to_end(), "123456789123456", 0);
        let ula = client.call(ulr, Duration::from_secs(5))?;
        let ula = Message::new_checked(&ula)?;
        let outcome = Outcome::of(&ula).ok_or("ULA without a result")?;
        let data = ula.lookup(s6a::SUBSCRIPTION_DATA.code, VENDOR_3GPP);
        let profile = data.map(|d| Profile::parse(&d).describe());
        println!("ULA {outcome}: {}", profile.unwrap_or_default());
    }
    node.stop()?;
    Ok(())
}
