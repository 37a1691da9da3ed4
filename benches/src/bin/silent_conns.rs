//! Silent connections against a running server, then one real peer: N TCP
//! connections that send nothing (spread over source addresses
//! 127.0.0.2, 127.0.0.3, ... at `--per-source` each, the server's limit
//! per source address), then one more from 127.0.0.1 that sends a CER
//! (RFC 6733 §5.3.1) and times its CEA. Reads the server's resident memory
//! (VmRSS of /proc/PID/status) before the silent connections, once the
//! server holds what it accepts of them (its open descriptors counted in
//! /proc/PID/fd), and after the CEA.
//!
//! ```text
//! target/release/diameter ocs --ip 0.0.0.0 -p 13890 --db ocs.db \
//!     --peer real-peer.example.net=127.0.0.1:9 &
//! cargo run --release -p diameter-benches --bin silent_conns -- 127.0.0.1:13890 20000 --pid $!
//! ```
//!
//! The real peer is configured at the server (its address is never
//! refused), so it gets in even when strangers fill every connection the
//! server allows. The silent connections are held by child processes of
//! at most `--per-process` each, so that more of them than this process
//! has descriptors for can be opened. The server must accept them within
//! its `cer_timeout` (10 s by default), after which it closes those that
//! sent no CER; the run is over well before.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use diameter_core::dict::base;
use diameter_core::peer::{BaseMessage, Ids};
use diameter_core::wire::Message;
use diameter_tests::base_message;
use socket2::{Domain, Socket, Type};

#[derive(Parser)]
struct Args {
    /// The server's address.
    server: SocketAddr,
    /// Silent connections to open.
    count: usize,
    /// The server's process id, for its memory and descriptors.
    #[arg(long)]
    pid: u32,
    /// Connections per source address.
    #[arg(long, default_value_t = 1_000)]
    per_source: usize,
    /// How long to wait for the server to accept them all.
    #[arg(long, default_value_t = 8)]
    accept_wait_s: u64,
    /// Silent connections held by one child process.
    #[arg(long, default_value_t = 10_000)]
    per_process: usize,
    /// (A child's part) hold `count` silent connections, the first being
    /// the connection of this index, until standard input closes.
    #[arg(long, hide = true)]
    hold_from: Option<usize>,
}

/// The source address of silent connection `i`.
fn source_of(i: usize, per_source: usize) -> Result<Ipv4Addr, std::num::TryFromIntError> {
    let n = u32::try_from(2 + i / per_source.max(1))?;
    Ok(Ipv4Addr::from(u32::from(Ipv4Addr::new(127, 0, 0, 0)) + n))
}

/// A child's part: holds connections `from..from + args.count`, says
/// `held` once they are open, and keeps them until its input closes.
fn hold(args: &Args, from: usize) -> Result<(), Box<dyn std::error::Error>> {
    raise_nofile(args.count as u64 + 64)?;
    let mut silent = Vec::with_capacity(args.count);
    for i in from..from + args.count {
        silent.push(connect_from(source_of(i, args.per_source)?, args.server)?);
    }
    println!("held");
    std::io::stdout().flush()?;
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(silent);
    Ok(())
}

/// Children holding `args.count` silent connections, once they all hold
/// theirs.
fn holders(args: &Args) -> Result<Vec<Child>, Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?;
    let mut children = Vec::new();
    let per = args.per_process.max(1);
    for from in (0..args.count).step_by(per) {
        let count = per.min(args.count - from);
        let mut child = Command::new(&exe)
            .arg(args.server.to_string())
            .arg(count.to_string())
            .args(["--pid", &args.pid.to_string()])
            .args(["--per-source", &args.per_source.to_string()])
            .args(["--hold-from", &from.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let out = child.stdout.take().ok_or("no child output")?;
        let mut line = String::new();
        BufReader::new(out).read_line(&mut line)?;
        if line.trim() != "held" {
            return Err(format!("a holder of {count} connections failed").into());
        }
        children.push(child);
    }
    Ok(children)
}

/// The server's resident memory, in KiB.
fn vm_rss_kib(pid: u32) -> std::io::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    (status.lines())
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| std::io::Error::other("no VmRSS line"))
}

/// The server's open file descriptors.
fn open_fds(pid: u32) -> std::io::Result<usize> {
    Ok(std::fs::read_dir(format!("/proc/{pid}/fd"))?.count())
}

/// A TCP connection from `source` (any port) to `server`.
fn connect_from(source: Ipv4Addr, server: SocketAddr) -> std::io::Result<Socket> {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    socket.bind(&SocketAddr::V4(SocketAddrV4::new(source, 0)).into())?;
    socket.connect(&server.into())?;
    Ok(socket)
}

/// The descriptors this process needs, within its hard limit or, for
/// root, above it.
fn raise_nofile(need: u64) -> std::io::Result<u64> {
    let got = rlimit::increase_nofile_limit(need)?;
    if got >= need {
        return Ok(got);
    }
    rlimit::setrlimit(rlimit::Resource::NOFILE, need, need)?;
    Ok(need)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if let Some(from) = args.hold_from {
        return hold(&args, from);
    }
    let rss_before = vm_rss_kib(args.pid)?;
    let fds_before = open_fds(args.pid)?;
    let t0 = Instant::now();
    let children = holders(&args)?;
    let opened = t0.elapsed();
    // Until the server holds them all, or what it accepts of them (accept
    // is asynchronous to connect).
    let deadline = Instant::now() + Duration::from_secs(args.accept_wait_s);
    let mut held = open_fds(args.pid)?.saturating_sub(fds_before);
    while held < args.count && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        held = open_fds(args.pid)?.saturating_sub(fds_before);
    }
    let accepted = t0.elapsed();
    let rss_held = vm_rss_kib(args.pid)?;

    let mut peer = TcpStream::connect(args.server)?;
    peer.set_read_timeout(Some(Duration::from_secs(10)))?;
    peer.set_nodelay(true)?;
    let ids = Ids {
        hop_by_hop: 1,
        end_to_end: 1,
    };
    let cer = base_message(
        ("real-peer.example.net", "example.net"),
        BaseMessage::Cer,
        ids,
    );
    let t1 = Instant::now();
    peer.write_all(&cer)?;
    let mut head = [0u8; 4];
    peer.read_exact(&mut head)?;
    let len = u32::from_be_bytes([0, head[1], head[2], head[3]]) as usize;
    let mut cea = vec![0u8; len.max(20)];
    cea[..4].copy_from_slice(&head);
    peer.read_exact(&mut cea[4..])?;
    let cea_after = t1.elapsed();
    let msg = Message::new_checked(&cea).map_err(|e| format!("CEA: {e:?}"))?;
    let code = (msg.lookup(base::RESULT_CODE.code, 0)).and_then(|a| a.u32().ok());
    let rss_after = vm_rss_kib(args.pid)?;
    let still = open_fds(args.pid)?.saturating_sub(fds_before);

    println!(
        "silent connections: {} opened by {} processes in {:.2} s, {held} held by the server after {:.2} s",
        args.count,
        children.len(),
        opened.as_secs_f64(),
        accepted.as_secs_f64()
    );
    println!(
        "CER -> CEA (command {}, Result-Code {code:?}): {:.3} ms",
        msg.command_code(),
        cea_after.as_secs_f64() * 1e3
    );
    println!(
        "server VmRSS: {rss_before} KiB before, {rss_held} KiB holding them (+{} KiB, {:.0} bytes each), {rss_after} KiB after the CEA; {still} descriptors open",
        rss_held.saturating_sub(rss_before),
        rss_held.saturating_sub(rss_before) as f64 * 1024.0 / held.max(1) as f64
    );
    for mut child in children {
        drop(child.stdin.take());
        child.wait()?;
    }
    Ok(())
}
