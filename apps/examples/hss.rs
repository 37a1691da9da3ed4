//! An HSS on 127.0.0.1:3868 serving one subscriber, 123456789123456:
//! bromelia's `examples/hss.py` with this crate's API. Unlike the
//! original it answers every S6a request of the TS 29.272 grammar with
//! real data (vectors from Milenage, the subscription from the store) and
//! keeps running for a minute.
//!
//! Run it, then `cargo run --example mme` in another terminal.

use std::error::Error;
use std::time::Duration;

use diameter_apps::s6a::hss::{Hss, HssConfig};
use diameter_apps::s6a::store::{Durability, Store, Subscriber};

const HOST: &str = "my-hss.epc.mynetwork.com";
const REALM: &str = "epc.mynetwork.com";
const IMSI: &str = "123456789123456";

fn main() -> Result<(), Box<dyn Error>> {
    let db = std::env::temp_dir().join("diameter-example-hss.db");
    let mut store = Store::open(&db, Durability::Full)?;
    if store.subscriber(IMSI)?.is_none() {
        let (k, opc) = ([0x46; 16], [0xcd; 16]);
        store.insert(&[Subscriber::new(IMSI, k, opc)])?;
    }

    let hss = Hss::open(HssConfig::new(HOST, REALM, &db))?;
    let mut node = hss.node_config();
    node.listen = vec!["127.0.0.1:3868".parse()?];
    let running = hss.start(node)?;
    println!("HSS {HOST} listening on {:?}", running.node().local_addrs());

    std::thread::sleep(Duration::from_secs(60));
    running.stop()?;
    Ok(())
}
