//! One event loop's router driven by arbitrary input, for the `router`
//! fuzz target: the framing, the peer state machines and the router as one
//! sans-IO unit, with connections, bytes, timers, TLS handshake ends and
//! commands in any order.
//! Built only with the `fuzzing` feature.

use std::net::SocketAddr;
use std::sync::atomic::AtomicU32;
use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::{Poll, Token, Waker};

use crate::client::{Client, Command, Mailbox};
use crate::directory::Directory;
use crate::identity::Identity;
use crate::router::{ConnKey, Io, Router, Setup};
use crate::{AppId, HidingKey, NoApplications, NodeConfig, PeerConfig, Role, TlsMode};

/// Reads the input a piece at a time; past its end everything is zero.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        first
    }

    fn bytes(&mut self) -> Vec<u8> {
        let n = usize::from(u16::from_le_bytes([self.byte(), self.byte()]));
        let (taken, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        taken.to_vec()
    }
}

/// Runs the router of loop 0 of a two-loop node through the operations
/// `data` spells. Panics only where the router or the code under it would.
pub fn drive(data: &[u8]) {
    let mut input = Input(data);
    let mut config = NodeConfig::new("fuzz.example.com", "example.com");
    config.applications = vec![AppId::Auth(4)];
    config.threads = 2;
    config.host_addresses = vec![std::net::Ipv4Addr::LOCALHOST.into()];
    config.max_connections = 4;
    let flags = input.byte();
    config.role = match (flags & 1, flags & 4) {
        (0, _) => Role::Server,
        (_, 0) => Role::Relay,
        _ => Role::Proxy,
    };
    if flags & 8 != 0 {
        config.hide_topology = Some(HidingKey([7; 32]));
    }
    // Offered on the clear listeners; no certificate: a handshake that
    // ends has nothing the peer's names could be checked against.
    config.inband_tls = flags & 2 != 0;
    config.peers = (1..=2)
        .map(|i| PeerConfig {
            address: SocketAddr::from(([10, 0, 0, i], 3868)),
            host: Some(format!("peer{i}.example.com")),
            tls: TlsMode::Off,
        })
        .collect();
    let identity = Identity::new(&config);
    let polls: Vec<Poll> = (0..2).filter_map(|_| Poll::new().ok()).collect();
    let mailboxes: Vec<Mailbox> = (polls.iter())
        .filter_map(|p| Waker::new(p.registry(), Token(0)).ok())
        .map(|w| Mailbox::new(w).0)
        .collect();
    let client = Client {
        mailboxes: mailboxes.into(),
        directory: Arc::new(Directory::for_config(&config)),
        end_to_end: Arc::new(AtomicU32::new(1)),
    };
    let setup = Setup {
        index: 0,
        directory: &client.directory,
        client: &client,
        config: &config,
        local: identity.local(1),
        applications: &identity.applications,
        handler: NoApplications,
        seed: 1,
        started_ms: 1_000,
    };
    let mut now = Instant::now();
    let mut router = Router::new(setup, now);
    let (reply, _answers) = channel();
    let mut conns: Vec<ConnKey> = Vec::new();
    let mut buf = vec![0u8; 2 * config.max_message_size + 65536];
    while !input.0.is_empty() {
        let pick =
            |conns: &[ConnKey], b: u8| conns.get(usize::from(b) % conns.len().max(1)).copied();
        match input.byte() % 8 {
            0 => {
                let b = input.byte();
                let addr = SocketAddr::from(([10, 0, 0, b >> 1], 3868));
                conns.extend(router.accept(now, addr, b & 1 == 1));
            }
            1 => {
                let conn = pick(&conns, input.byte());
                let bytes = input.bytes();
                if let Some(conn) = conn {
                    let kept = router.take_partial(conn, &mut buf);
                    let end = (kept + bytes.len()).min(buf.len());
                    if let Some(dst) = buf.get_mut(kept..end) {
                        dst.copy_from_slice(bytes.get(..end - kept).unwrap_or_default());
                    }
                    router.received(now, conn, buf.get(..end).unwrap_or_default());
                }
            }
            2 => {
                if let Some(conn) = pick(&conns, input.byte()) {
                    router.lost(now, conn);
                }
            }
            3 => {
                now += Duration::from_millis(u64::from(input.byte()) * 250);
                if router.poll_timeout().is_some_and(|t| t <= now) {
                    router.handle_timeout(now);
                }
            }
            4 => {
                let hops = input.byte() % 3;
                let request = input.bytes();
                let reply = reply.clone();
                router.command(
                    now,
                    Command::Request {
                        request,
                        reply,
                        via: crate::client::Via {
                            hops,
                            ..Default::default()
                        },
                    },
                );
            }
            5 => {
                let token = u64::from(input.byte());
                let answer = input.bytes();
                router.command(now, Command::Answer { token, answer });
            }
            6 => {
                // The TLS handshake of a connection ends (or is reported
                // where there is none).
                if let Some(conn) = pick(&conns, input.byte()) {
                    router.secured(now, conn, None);
                }
            }
            _ => router.stop(now),
        }
        while let Some(io) = router.poll_io(now) {
            match io {
                Io::Connect { conn, .. } if input.byte() & 1 == 1 => {
                    router.established(now, conn);
                    conns.push(conn);
                }
                Io::Connect { conn, .. } => router.lost(now, conn),
                Io::StartTls { .. } => {}
                Io::Close { conn, .. } | Io::HandOver { conn, .. } => conns.retain(|&c| c != conn),
            }
        }
        router.end_turn();
        let dirty = router.take_dirty();
        for &conn in &dirty {
            if let Some(send) = router.output(conn) {
                send.consume(send.len());
            }
            router.resume_reading(now, conn);
        }
        router.return_dirty(dirty);
    }
}
