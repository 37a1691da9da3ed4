//! Request/answer load over loopback: a server node and a client node in
//! one process, `--in-flight` requests outstanding, a trivial handler.
//!
//! ```text
//! cargo run --release -p diameter-benches --bin transport_load -- --seconds 10 --in-flight 256
//! cargo run --release -p diameter-benches --bin transport_load -- --seconds 10 --rate 50000
//! cargo run --release -p diameter-benches --bin transport_load -- --seconds 10 --relay-threads 2
//! ```
//! With `--relay-threads N` the requests go through a relay agent node of
//! N event loops that connects to both sides, the server's peer owned by
//! its first loop and the client's by its second: every request and
//! answer crosses between them.
//! Prints answered requests per second and latency percentiles.

use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use clap::Parser;
use diameter_core::dict::application;
use diameter_core::wire::Message;
use diameter_tests::{ccr_initial, Echo};
use diameter_transport::{AppId, Node, NodeConfig, PeerConfig, Role, TlsMode};
use hdrhistogram::Histogram;

#[derive(Parser)]
struct Args {
    /// How long to run.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Requests outstanding at any time.
    #[arg(long, default_value_t = 256)]
    in_flight: usize,
    /// Requests per second to offer; 0 sends as fast as answers come back.
    #[arg(long, default_value_t = 0)]
    rate: u64,
    /// Event-loop threads of the server node.
    #[arg(long, default_value_t = 1)]
    server_threads: usize,
    /// Event-loop threads of a relay node between client and server; no
    /// relay when 0.
    #[arg(long, default_value_t = 0)]
    relay_threads: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let mut cfg = NodeConfig::new("server.example.com", "example.com");
    cfg.listen = vec!["127.0.0.1:0".parse()?];
    cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    cfg.threads = args.server_threads;
    let server = Node::start(cfg, |_| Echo)?;

    let mut cfg = NodeConfig::new("load.example.net", "example.net");
    cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    cfg.threads = 1;
    if args.relay_threads == 0 {
        cfg.peers = vec![PeerConfig {
            address: server.local_addrs()[0],
            host: None,
            tls: TlsMode::Off,
        }];
    } else {
        cfg.listen = vec!["127.0.0.1:0".parse()?];
    }
    let node = Node::start(cfg, |_| Echo)?;
    let relay = (args.relay_threads > 0)
        .then(|| {
            let mut cfg = NodeConfig::new("relay.example.org", "example.org");
            cfg.role = Role::Relay;
            cfg.threads = args.relay_threads;
            cfg.peers = vec![
                PeerConfig {
                    address: server.local_addrs()[0],
                    host: Some("server.example.com".into()),
                    tls: TlsMode::Off,
                },
                PeerConfig {
                    address: node.local_addrs()[0],
                    host: Some("load.example.net".into()),
                    tls: TlsMode::Off,
                },
            ];
            Node::start(cfg, |_| diameter_transport::NoApplications)
        })
        .transpose()?;
    let t0 = Instant::now();
    let relay_open = || {
        relay
            .as_ref()
            .is_none_or(|r| r.peers().iter().filter(|p| p.is_open()).count() == 2)
    };
    while !node.peers().iter().any(|p| p.is_open()) || !relay_open() {
        if t0.elapsed() > Duration::from_secs(5) {
            return Err("the client never connected".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let client = node.client();
    let (tx, rx) = channel::<diameter_transport::Answer>();
    let template = ccr_initial(
        "load.example.net;0;0",
        ("load.example.net", "example.net"),
        "example.com",
        0,
    );
    let mut sent_at = vec![Instant::now(); args.in_flight];
    let mut histogram = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let (mut sent, mut answered, mut errors) = (0u64, 0u64, 0u64);
    let start = Instant::now();
    let end = start + Duration::from_secs(args.seconds);
    let send = |slot: usize,
                sent: &mut u64,
                sent_at: &mut Vec<Instant>|
     -> Result<(), Box<dyn std::error::Error>> {
        let mut request = template.clone();
        // End-to-End Identifier = the slot, so answers find their send time.
        request[16..20].copy_from_slice(&(slot as u32).to_be_bytes());
        sent_at[slot] = Instant::now();
        client.send(request, &tx)?;
        *sent += 1;
        Ok(())
    };
    for slot in 0..args.in_flight {
        if args.rate == 0 {
            send(slot, &mut sent, &mut sent_at)?;
        }
    }
    let mut free: Vec<usize> = if args.rate == 0 {
        Vec::new()
    } else {
        (0..args.in_flight).collect()
    };
    loop {
        let now = Instant::now();
        if now >= end {
            break;
        }
        if args.rate > 0 {
            let due = (now - start).as_secs_f64() * args.rate as f64;
            while (sent as f64) < due {
                let Some(slot) = free.pop() else { break };
                send(slot, &mut sent, &mut sent_at)?;
            }
        }
        let Ok(answer) = rx.recv_timeout(Duration::from_micros(200)) else {
            continue;
        };
        let msg = Message::new_checked(&answer)?;
        let slot = msg.end_to_end() as usize;
        if msg.is_error() {
            errors += 1;
        }
        answered += 1;
        if let Some(at) = sent_at.get(slot) {
            histogram.record(at.elapsed().as_micros().max(1) as u64)?;
        }
        if args.rate == 0 {
            send(slot, &mut sent, &mut sent_at)?;
        } else {
            free.push(slot);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{answered} answers in {secs:.1} s: {:.0} requests/s, {errors} errors; latency µs p50 {} p99 {} p99.9 {} max {}",
        answered as f64 / secs,
        histogram.value_at_quantile(0.5),
        histogram.value_at_quantile(0.99),
        histogram.value_at_quantile(0.999),
        histogram.max()
    );
    node.stop()?;
    if let Some(relay) = relay {
        relay.stop()?;
    }
    server.stop()?;
    Ok(())
}
