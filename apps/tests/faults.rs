//! `diameter ocs` and `diameter gy-client` under faults made by the test
//! itself, as root: a lossy, delaying, reordering link between two network
//! namespaces (`tc netem`), and a store on a small tmpfs that fills up.
//! Skipped, with the reason, when not root or when `ip netns`, the kernel's
//! netem or tmpfs are not there.

mod cli_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cli_support::{accounts, finish, fund, gy_client, octets, spawn_gy_client_in, Server};
use serde_json::Value;

/// Runs `ip` with `args`; its error output when it fails.
fn ip(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("ip {args:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {args:?}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().nth(1))
            == Some("0")
    })
}

/// Two network namespaces joined by a veth pair, the OCS's end at
/// [`LossyLink::SERVER`]; deleted on drop (with the veth pair), whatever
/// the test's outcome.
struct LossyLink {
    server: String,
    client: String,
}

impl LossyLink {
    const SERVER: &'static str = "10.201.17.1";
    const CLIENT: &'static str = "10.201.17.2";

    /// The namespaces, with `netem` on both ends of the link; `Err` with
    /// the reason to skip when this machine cannot make them.
    fn new(netem: &str) -> Result<LossyLink, String> {
        if !is_root() {
            return Err("not root".into());
        }
        let id = std::process::id();
        let (server, client) = (format!("gyocs{id}"), format!("gycli{id}"));
        ip(&["netns", "add", &server])?;
        let link = LossyLink {
            server,
            client: client.clone(),
        };
        ip(&["netns", "add", &client])?;
        let (a, b) = (format!("gyva{id}"), format!("gyvb{id}"));
        let (s, c) = (link.server.as_str(), link.client.as_str());
        let (sa, ca) = (
            format!("{}/24", Self::SERVER),
            format!("{}/24", Self::CLIENT),
        );
        let set_up = [
            vec![
                "link", "add", &a, "netns", s, "type", "veth", "peer", "name", &b, "netns", c,
            ],
            vec!["-n", s, "addr", "add", &sa, "dev", &a],
            vec!["-n", c, "addr", "add", &ca, "dev", &b],
            vec!["-n", s, "link", "set", &a, "up"],
            vec!["-n", c, "link", "set", &b, "up"],
            vec!["-n", s, "link", "set", "lo", "up"],
            vec!["-n", c, "link", "set", "lo", "up"],
        ];
        for args in set_up {
            ip(&args).unwrap_or_else(|e| panic!("{e}"));
        }
        for (ns, dev) in [(s, &a), (c, &b)] {
            let mut args = vec!["netns", "exec", ns, "tc", "qdisc", "add", "dev", dev];
            args.extend(["root", "netem"]);
            args.extend(netem.split_whitespace());
            ip(&args).map_err(|e| format!("no netem in this kernel (sch_netem): {e}"))?;
        }
        Ok(link)
    }
}

impl Drop for LossyLink {
    fn drop(&mut self) {
        for ns in [&self.server, &self.client] {
            let _ = ip(&["netns", "del", ns]);
        }
    }
}

/// `made`, or `None` after saying why the test is skipped.
fn or_skip<T>(made: Result<T, String>) -> Option<T> {
    made.map_err(|why| {
        eprintln!("skipped: {why} (this test needs root, ip netns, tc netem and tmpfs)")
    })
    .ok()
}

/// Every account's octets: provisioned = balance + debited, nothing held
/// but by the sessions the stopped OCS left stored (those a client gave up
/// on: at most one grant of 1 MiB each, held until their Tcc expires); the
/// octets debited, all together.
fn balanced_debits(db: &Path) -> u64 {
    let all = accounts(db);
    let mut held = 0;
    for a in &all {
        let b: &Value = &a["buckets"][0];
        let f = |k: &str| b[k].as_i64().unwrap();
        assert!(f("reserved") >= 0, "{a}");
        held += f("reserved");
        assert_eq!(f("provisioned"), f("balance") + f("debited"), "{a}");
    }
    let conn = rusqlite::Connection::open(db).unwrap();
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert!(
        held <= stored * (1 << 20),
        "{held} held by {stored} sessions"
    );
    all.iter()
        .map(|a| octets(a, "debited").unsigned_abs())
        .sum()
}

fn field(s: &Value, k: &str) -> u64 {
    s[k].as_u64().unwrap_or_else(|| panic!("{k} in {s}"))
}

#[test]
fn sessions_across_a_lossy_reordering_link_end_clearly_and_balance() {
    let Some(link) = or_skip(LossyLink::new("loss 5% delay 20ms 10ms reorder 25%")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let dbs = db.to_str().unwrap();
    let range = "001010000000001-001010000000050";
    fund(dbs, range, "1000000000000");
    let server = Server::start_in(
        Some(&link.server),
        &[
            "--ip",
            LossyLink::SERVER,
            "--port",
            "3868",
            "--db",
            dbs,
            "--host",
            "ocs.example.com",
        ],
    );
    let sessions = 200;
    let client = spawn_gy_client_in(
        Some(&link.client),
        &format!("{}:3868", LossyLink::SERVER),
        &[
            "--subscriber",
            range,
            "--count",
            &sessions.to_string(),
            "--updates",
            "3",
            "--concurrency",
            "16",
        ],
    );
    let (code, s) = finish(client);
    // Stopped, the OCS releases what open sessions held and commits.
    server.terminate();
    let n = |k: &str| field(&s, k);

    // Every session ended, completed or failed with a result the client
    // counted; every request got an answer.
    assert!(matches!(code, Some(0 | 2)), "exit {code:?}: {s}");
    assert_eq!(s["peer_lost"], false, "{s}");
    assert_eq!(n("sessions_started"), sessions, "{s}");
    assert_eq!(
        n("sessions_completed") + n("sessions_failed"),
        sessions,
        "{s}"
    );
    assert_eq!(n("mismatches"), 0, "{s}");
    assert_eq!(n("requests"), n("answers") + n("local_answers"), "{s}");
    assert!(n("sessions_completed") > 0, "{s}");

    // What the store debited is what the client was told (plus, at most,
    // what it reported in requests only its own node answered).
    let debited = balanced_debits(&db);
    let told = n("units_acknowledged");
    assert!(
        (told..=told + n("units_unconfirmed")).contains(&debited),
        "debited {debited}, acknowledged {told}: {s}"
    );
    if n("local_answers") == 0 {
        assert_eq!(debited, told, "{s}");
    }
}

/// A small tmpfs on a temporary directory, unmounted on drop.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// A tmpfs of `size` (`mount -o size=`); `Err` with the reason to skip.
    fn mount(size: &str) -> Result<Tmpfs, String> {
        if !is_root() {
            return Err("not root".into());
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Fills the file system of `dir` with files of 64 KiB until it is full;
/// returns them.
fn fill(dir: &Path) -> Vec<PathBuf> {
    let chunk = vec![0u8; 64 * 1024];
    let mut files = Vec::new();
    for i in 0.. {
        let path = dir.join(format!("filler-{i}"));
        let written = std::fs::write(&path, &chunk);
        files.push(path);
        if written.is_err() {
            break;
        }
    }
    files
}

#[test]
fn a_full_disk_gets_errors_never_uncommitted_successes_and_recovers() {
    // Room, once given back, for the write-ahead log of the loads after
    // (SQLite checkpoints it at 1000 pages, 4 MiB): their commits touch
    // the pages of the sessions closed in the duplicate window too, whose
    // rows are kept for it.
    let Some(disk) = or_skip(Tmpfs::mount("4m")) else {
        return;
    };
    let db = disk.path().join("ocs.db");
    let dbs = db.to_str().unwrap();
    let range = "001010000000001-001010000000100";
    fund(dbs, range, "1000000000000");
    let server = Server::start(&[
        "--ip",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        dbs,
        "--store-reserve",
        "262144",
    ]);
    // Full but for 512 KiB, far less than the load's commits need.
    let mut filler = fill(disk.path());
    for f in filler.drain(..8) {
        std::fs::remove_file(f).unwrap();
    }
    let load = [
        "--subscriber",
        range,
        "--updates",
        "3",
        "--concurrency",
        "16",
    ];
    let (_, s) = gy_client(&server.addr, &[&load[..], &["--count", "20000"]].concat());
    let codes = &s["result_codes"];
    assert!(
        codes["2001"].as_u64() > Some(0),
        "served before the disk filled: {s}"
    );
    assert!(codes["5012"].as_u64() > Some(0), "refused after: {s}");
    assert_eq!(field(&s, "local_answers"), 0, "the OCS kept answering: {s}");
    assert_eq!(s["peer_lost"], false, "{s}");
    let mut told = field(&s, "units_acknowledged");
    let still_full = gy_client(&server.addr, &["--subscriber", range, "--count", "1"]).1;
    assert_eq!(still_full["result_codes"]["5012"], 1, "{still_full}");

    // Room again: new sessions succeed (as soon as the OCS has set its
    // reserve aside again).
    for f in filler {
        let _ = std::fs::remove_file(f);
    }
    let t0 = Instant::now();
    loop {
        let (success, s) = gy_client(&server.addr, &["--subscriber", range, "--count", "1"]);
        told += field(&s, "units_acknowledged");
        if success {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(60), "no recovery: {s}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (success, s) = gy_client(&server.addr, &[&load[..], &["--count", "200"]].concat());
    assert!(success, "{s}");
    assert_eq!(field(&s, "sessions_completed"), 200, "{s}");
    told += field(&s, "units_acknowledged");
    server.terminate();
    // Every success the clients were told of is in the store, and nothing else.
    assert_eq!(balanced_debits(&db), told);
}
