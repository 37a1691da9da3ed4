//! The applications through a real Diameter agent: freeDiameter's daemon
//! relays the gy-client's CCRs to the OCS and the MME's AIR/ULR to the
//! HSS (RFC 6733 §6.1.9), and the answers back.

use std::net::SocketAddr;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use diameter_tests::pki::Pki;
use diameter_tests::{free_port, FdPeer, FreeDiameter, Logged};
use diameter_transport::TlsMode;
use serde_json::Value;

const DIAMETER: &str = env!("CARGO_BIN_EXE_diameter");

/// A server process of ours, killed on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(args: &[&str]) -> Output {
    let out = Command::new(DIAMETER)
        .args(args)
        .output()
        .expect("diameter runs");
    assert!(
        out.status.success(),
        "diameter {args:?}: {}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    out
}

fn serve(args: &[&str], port: u16) -> Server {
    let child = Command::new(DIAMETER)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let t0 = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "{args:?} does not listen"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child)
}

/// The last JSON line a client printed: its summary.
fn summary(out: &Output) -> Value {
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// `ocs.example.com` on a free port, with `001010000000001` funded with
/// 100,000,000 octets in the store `db`; and its port.
fn funded_ocs(db: &str) -> (Server, u16) {
    run(&[
        "accounts",
        "--db",
        db,
        "add",
        "001010000000001",
        "--octets",
        "100000000",
    ]);
    let port = free_port();
    let ocs = serve(
        &[
            "ocs",
            "--ip",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--db",
            db,
            "--host",
            "ocs.example.com",
            "--realm",
            "example.com",
        ],
        port,
    );
    (ocs, port)
}

/// `gy-client` through the relay at `addr`: 5 sessions of 2 updates for
/// realm example.com; its summary.
fn gy_sessions_through(addr: &str) -> Value {
    summary(&run(&[
        "gy-client",
        "--peer",
        addr,
        "--destination-realm",
        "example.com",
        "--subscriber",
        "001010000000001",
        "--count",
        "5",
        "--updates",
        "2",
        "--json",
    ]))
}

#[test]
fn gy_client_reaches_the_ocs_through_freediameter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ocs.db");
    let db = db.to_str().expect("utf-8 path");
    let (_ocs, port) = funded_ocs(db);
    let peers = [
        ("ocs.example.com", port),
        ("gy-client.example.net", free_port()),
    ];
    let fd = FreeDiameter::start("relay.example.org", "example.org", &peers, 30);
    fd.wait_open("ocs.example.com");
    let s = gy_sessions_through(&fd.addr.to_string());
    assert_eq!(s["sessions_completed"], 5, "{s}\n{}", fd.log());
    assert_eq!(s["requests"], 20);
    assert_eq!(s["result_codes"]["2001"], 20);
    // Every CCR and CCA went through freeDiameter (RFC 4006 §3.1: command 272).
    let ccr = |sent, request| Logged {
        sent,
        command: 272,
        request,
    };
    for (peer, sent, request) in [
        ("gy-client.example.net", false, true),
        ("ocs.example.com", true, true),
        ("ocs.example.com", false, false),
        ("gy-client.example.net", true, false),
    ] {
        assert_eq!(
            fd.count(peer, ccr(sent, request)),
            20,
            "{peer}:\n{}",
            fd.log()
        );
    }
    // What the client reported used through the relay is what the store debited.
    let reported = s["units_reported"].as_u64().expect("units reported");
    assert!(reported > 0);
    let shown = run(&["accounts", "--db", db, "show", "001010000000001", "--json"]);
    let account: Value = serde_json::from_slice(&shown.stdout).expect("account JSON");
    let octets = &account["buckets"][0];
    assert_eq!(octets["debited"].as_u64(), Some(reported), "{account}");
    assert_eq!(octets["balance"].as_u64(), Some(100_000_000 - reported));
    assert_eq!(octets["reserved"], 0);
}

/// `diameter agent` and freeDiameter's daemon in a row, either way round:
/// gy-client → agent → freeDiameter → ocs, and gy-client → freeDiameter →
/// agent → ocs; every CCR crosses freeDiameter both ways and is answered
/// 2001.
#[test]
fn gy_client_reaches_the_ocs_through_the_agent_and_freediameter_either_way() {
    let ccr = |sent, request| Logged {
        sent,
        command: 272,
        request,
    };
    for agent_first in [true, false] {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("ocs.db");
        let (_ocs, ocs_port) = funded_ocs(db.to_str().expect("utf-8 path"));
        let agent_port = free_port();
        let port = agent_port.to_string();
        let agent = |peers: &[&str]| {
            let mut args = vec!["agent", "--ip", "127.0.0.1", "-p", &port, "--threads", "2"];
            args.extend_from_slice(peers);
            serve(&args, agent_port)
        };
        // freeDiameter's neighbours: the OCS or the agent on its inner
        // side, the agent or the client on its outer side. Whoever
        // connects starts second.
        let (fd, inner, outer, _agent) = if agent_first {
            let inner = ("ocs.example.com", ocs_port);
            let outer = ("agent.example.org", free_port());
            let fd = FreeDiameter::start("relay.example.org", "example.org", &[inner, outer], 30);
            let to_fd = format!("relay.example.org={}", fd.addr);
            let route = "example.com=relay.example.org";
            let a = agent(&[
                "--peer",
                &to_fd,
                "--peer",
                "gy-client.example.net",
                "--route",
                route,
            ]);
            (fd, inner, outer, a)
        } else {
            let to_ocs = format!("ocs.example.com=127.0.0.1:{ocs_port}");
            let route = "example.com=ocs.example.com";
            // freeDiameter routes by realm: this agent is the home
            // network's (example.com), and relays its Gy requests to the
            // OCS, an application it does not serve itself (RFC 6733 §6.1.4).
            let a = agent(&[
                "--host",
                "dra.example.com",
                "--realm",
                "example.com",
                "--peer",
                &to_ocs,
                "--peer",
                "relay.example.org",
                "--route",
                route,
            ]);
            let inner = ("dra.example.com", agent_port);
            let outer = ("gy-client.example.net", free_port());
            let fd = FreeDiameter::start("relay.example.org", "example.org", &[inner, outer], 30);
            (fd, inner, outer, a)
        };
        fd.wait_open(inner.0);
        if agent_first {
            fd.wait_open(outer.0);
        }
        let entry = if agent_first {
            format!("127.0.0.1:{agent_port}")
        } else {
            fd.addr.to_string()
        };
        let s = gy_sessions_through(&entry);
        assert_eq!(s["sessions_completed"], 5, "{s}\n{}", fd.log());
        assert_eq!(s["result_codes"]["2001"], 20, "{s}");
        for (peer, sent, request) in [
            (outer.0, false, true),
            (inner.0, true, true),
            (inner.0, false, false),
            (outer.0, true, false),
        ] {
            let n = fd.count(peer, ccr(sent, request));
            assert_eq!(n, 20, "agent first: {agent_first}, {peer}:\n{}", fd.log());
        }
    }
}

/// The same over TLS (RFC 6733 §13.1): freeDiameter reaches the OCS with
/// TLS at connect, and the Gy client reaches freeDiameter with TLS at
/// connect (its `SecPort`) and in band (its `TLS_old_method`); each side
/// checks the other's certificate against its DiameterIdentity.
#[test]
fn gy_client_reaches_the_ocs_through_freediameter_over_tls() {
    let pki = Pki::new("Diameter test CA");
    let ocs_tls = pki.node(&["ocs.example.com"]);
    let client_tls = pki.node(&["gy-client.example.net"]);
    let path = |p: &std::path::Path| p.to_str().expect("utf-8 path").to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = path(&dir.path().join("ocs.db"));
    let (port, tls_port) = (free_port(), free_port());
    let _ocs = serve(
        &[
            "ocs",
            "--ip",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--db",
            &db,
            "--host",
            "ocs.example.com",
            "--realm",
            "example.com",
            "--auto-provision",
            "100000000",
            "--tls-cert",
            &path(&ocs_tls.cert_chain),
            "--tls-key",
            &path(&ocs_tls.private_key),
            "--tls-ca",
            &path(&ocs_tls.ca_bundle),
            "--tls-port",
            &tls_port.to_string(),
        ],
        tls_port,
    );
    let peers = [
        FdPeer {
            identity: "ocs.example.com",
            port: tls_port,
            tls: TlsMode::AtConnect,
        },
        // TLS_old_method: in band on its plain port, and still TLS at
        // connect on its SecPort.
        FdPeer {
            identity: "gy-client.example.net",
            port: free_port(),
            tls: TlsMode::InBand,
        },
    ];
    let relay = pki.node(&["relay.example.org"]);
    let fd = FreeDiameter::start_tls("relay.example.org", "example.org", &relay, &peers, 30);
    fd.wait_open("ocs.example.com");
    let fd_tls = fd.tls_addr.expect("a TLS port").to_string();
    let fd_clear = fd.addr.to_string();
    for (mode, addr, subscriber) in [
        ("connect", &fd_tls, "001010000000001"),
        ("inband", &fd_clear, "001010000000002"),
    ] {
        let out = run(&[
            "gy-client",
            "--peer",
            addr,
            "--peer-host",
            "relay.example.org",
            "--destination-realm",
            "example.com",
            "--subscriber",
            subscriber,
            "--count",
            "2",
            "--json",
            "--tls",
            mode,
            "--tls-cert",
            &path(&client_tls.cert_chain),
            "--tls-key",
            &path(&client_tls.private_key),
            "--tls-ca",
            &path(&client_tls.ca_bundle),
        ]);
        let s = summary(&out);
        assert_eq!(s["sessions_completed"], 2, "{mode}: {s}\n{}", fd.log());
        assert_eq!(s["result_codes"]["2001"], 6, "{mode}: {s}");
    }
}

#[test]
fn mme_attaches_through_freediameter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hss.db");
    let db = db.to_str().expect("utf-8 path");
    run(&[
        "subscribers",
        "--db",
        db,
        "add",
        "001010000000001",
        "--k",
        "465b5ce8b199b49faa5f0a2ee238a6bc",
        "--opc",
        "cd63cb71954a9f4e48a5994e37a02baf",
        "--msisdn",
        "33600000001",
        "--apn",
        "internet",
    ]);
    let port = free_port();
    let _hss = serve(
        &[
            "hss",
            "--ip",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--db",
            db,
        ],
        port,
    );
    let hss = "hss.epc.mnc001.mcc001.3gppnetwork.org";
    let peers = [
        (hss, port),
        ("mme.epc.mnc001.mcc001.3gppnetwork.org", free_port()),
    ];
    let fd = FreeDiameter::start("relay.example.org", "example.org", &peers, 30);
    fd.wait_open(hss);
    let out = run(&[
        "mme",
        "--peer",
        &fd.addr.to_string(),
        "--imsi",
        "001010000000001",
        "--plmn",
        "00101",
        "--json",
    ]);
    let s = summary(&out);
    assert_eq!(s["ok"], 1, "{s}\n{}", fd.log());
    assert_eq!(s["answers"]["AIA 2001 DIAMETER_SUCCESS"], 1);
    assert_eq!(s["answers"]["ULA 2001 DIAMETER_SUCCESS"], 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"msisdn\":\"33600000001\""), "{text}");
}
