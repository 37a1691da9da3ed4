//! `gx-pcrf [IP:PORT]`: the PCRF of this crate on 127.0.0.1:3868 (or the
//! address given) as pcrf.example.com, until it is killed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let at = std::env::args().nth(1).unwrap_or("127.0.0.1:3868".into());
    let node = gx_pcrf::start("pcrf.example.com", "example.com", at.parse()?)?;
    println!("PCRF listening on {:?}", node.local_addrs());
    loop {
        std::thread::park();
    }
}
