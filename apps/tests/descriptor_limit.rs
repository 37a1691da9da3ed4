//! A server whose descriptor limit is below its connection limit: strangers
//! that open more connections than it has descriptors for and never send a
//! CER (issue 17) must not keep a configured peer out. The node lowers its
//! `max_connections` to what the limit leaves, so it refuses the excess at
//! accept (accept, then close) instead of failing accept with EMFILE and
//! leaving every later connection, the configured peer's too, in the
//! listen backlog.

mod cli_support;

use std::io::{ErrorKind, Read};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::process::Command;
use std::time::Duration;

use cli_support::{Server, BIN};
use diameter_core::dict::{command, result_code as rc};
use diameter_core::peer::BaseMessage;
use diameter_tests::{parse, result_code, RawPeer};
use socket2::{Domain, Socket, Type};

/// The server's descriptor limit (soft and hard).
const NOFILE: usize = 256;
/// Silent connections opened: more than the server has descriptors.
const SILENT: usize = 400;

/// A connection from `source` to `server` that sends nothing.
fn silent_from(source: Ipv4Addr, server: SocketAddr) -> TcpStream {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&SocketAddr::V4(SocketAddrV4::new(source, 0)).into())
        .unwrap();
    socket.connect(&server.into()).unwrap();
    socket.into()
}

/// Whether the server has closed `stream` (EOF or reset).
fn closed_by_server(stream: &mut TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    match stream.read(&mut [0u8; 64]) {
        Ok(0) => true,
        Ok(_) => panic!("a silent connection was sent something"),
        Err(e) if e.kind() == ErrorKind::WouldBlock => false,
        Err(_) => true,
    }
}

#[test]
fn strangers_past_the_descriptor_limit_are_refused_and_a_configured_peer_gets_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    // The configured peer's address: nothing listens there, so the OCS's
    // own connection attempts are refused; the peer connects in.
    let vacant = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let peer = format!("real-peer.example.net={vacant}");
    let config = dir.path().join("ocs.toml");
    // One event loop: connections are accepted in the order they came, so
    // every silent one is dealt with before the peer's. No CER deadline
    // within the test: nothing frees descriptors but refusing.
    std::fs::write(&config, "[timers]\ncer = 3600\n").unwrap();
    let mut cmd = Command::new("prlimit");
    cmd.arg(format!("--nofile={NOFILE}:{NOFILE}"))
        .arg(BIN)
        .arg("ocs");
    cmd.args(["--config", config.to_str().unwrap()]);
    cmd.args(["--ip", "127.0.0.1", "--port", "0", "--threads", "1"]);
    cmd.args(["--db", db.to_str().unwrap(), "--peer", &peer]);
    let server = Server::spawn(cmd, "ocs");
    let addr: SocketAddr = server.addr.parse().unwrap();

    let source = Ipv4Addr::new(127, 0, 0, 2);
    let mut silent: Vec<TcpStream> = (0..SILENT).map(|_| silent_from(source, addr)).collect();
    let mut real = RawPeer::connect(addr, "real-peer.example.net", "example.net");
    let ids = real.request(BaseMessage::Cer);
    let cea = real.expect_cea(ids);
    assert_eq!(result_code(&cea), Some(rc::DIAMETER_SUCCESS));
    real.request(BaseMessage::Dwr);
    let dwa = real.expect_message(Duration::from_secs(30));
    assert_eq!(parse(&dwa).command_code(), command::DEVICE_WATCHDOG);

    let refused = silent
        .iter_mut()
        .map(closed_by_server)
        .filter(|&c| c)
        .count();
    let held = SILENT - refused;
    assert!(
        held > 0 && held <= NOFILE - 64,
        "{held} silent connections held within {NOFILE} descriptors"
    );
    server.terminate();
}
