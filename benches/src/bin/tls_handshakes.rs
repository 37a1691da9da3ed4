//! New TLS connections per second to a node with TLS at connect (RFC 6733
//! §2.1, §13.1): `--clients` threads each open a connection, complete the
//! TLS handshake (mutual authentication, the node checking the client's
//! certificate against its CER's Origin-Host) and the CER/CEA exchange,
//! then close it, over and over. Client and server share the machine.
//!
//! ```text
//! cargo run --release -p diameter-benches --bin tls_handshakes -- --seconds 10 --clients 2
//! cargo run --release -p diameter-benches --bin tls_handshakes -- --write-pki ocs.example.com,gy-client.example.net
//! ```
//! `--write-pki` only writes a CA and certificates for the names given, for
//! load runs of the `diameter` program by hand, and prints where they are.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use diameter_core::dict::{application, result_code as rc};
use diameter_core::peer::BaseMessage;
use diameter_tests::pki::{Pki, TlsPeer};
use diameter_tests::{result_code, Echo};
use diameter_transport::{AppId, Node, NodeConfig};

#[derive(Parser)]
struct Args {
    /// How long to run.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Connecting threads.
    #[arg(long, default_value_t = 2)]
    clients: usize,
    /// Event-loop threads of the node.
    #[arg(long, default_value_t = 1)]
    server_threads: usize,
    /// Only write certificates for these comma-separated names and exit.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    write_pki: Option<Vec<String>>,
}

const SERVER: &str = "server.example.com";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let pki = Pki::new("Diameter load CA");
    if let Some(names) = &args.write_pki {
        for name in names {
            let s = pki.node(&[name]);
            println!(
                "{name}: --tls-cert {} --tls-key {}",
                s.cert_chain.display(),
                s.private_key.display()
            );
        }
        println!("--tls-ca {}", pki.keep().join("ca.pem").display());
        return Ok(());
    }
    let mut cfg = NodeConfig::new(SERVER, "example.com");
    cfg.tls_listen = vec!["127.0.0.1:0".parse()?];
    cfg.tls = Some(pki.node(&[SERVER]));
    cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    cfg.threads = args.server_threads;
    let server = Node::start(cfg, |_| Echo)?;
    let addr = server.local_addrs()[0];
    // One wildcard certificate, a new Origin-Host for every connection.
    let client = pki.node(&["*.load.example.net"]);
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let workers: Vec<_> = (0..args.clients)
        .map(|i| {
            let (client, done, stop) = (client.clone(), Arc::clone(&done), Arc::clone(&stop));
            std::thread::spawn(move || -> Result<(), String> {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let host = format!("c{i}-{n}.load.example.net");
                    let mut peer = TlsPeer::connect(addr, &client, SERVER, (&host, "example.net"));
                    peer.request(BaseMessage::Cer).map_err(|e| e.to_string())?;
                    let cea = peer.recv().map_err(|e| e.to_string())?;
                    if result_code(&cea) != Some(rc::DIAMETER_SUCCESS) {
                        return Err(format!("{host}: CEA {:?}", result_code(&cea)));
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(args.seconds));
    stop.store(true, Ordering::Relaxed);
    let elapsed = t0.elapsed().as_secs_f64();
    let count = done.load(Ordering::Relaxed);
    for w in workers {
        w.join().map_err(|_| "a client thread panicked")??;
    }
    println!(
        "{count} TLS connections (handshake + CER/CEA) in {elapsed:.1} s: {:.0} per second, {} client threads",
        count as f64 / elapsed,
        args.clients
    );
    server.stop()?;
    Ok(())
}
