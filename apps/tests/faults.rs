//! `diameter ocs` and `diameter gy-client` under faults made by the test
//! itself, as root: a lossy, delaying, reordering link between two network
//! namespaces (`tc netem`). Skipped, with the reason, when not root or when
//! `ip netns` or the kernel's netem are not there.

mod cli_support;

use std::process::Command;

use cli_support::{accounts, diameter, finish, octets, ok, spawn_gy_client_in, Server};
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

/// The link, or `None` after saying why the test is skipped.
fn lossy_link(netem: &str) -> Option<LossyLink> {
    LossyLink::new(netem)
        .map_err(|why| eprintln!("skipped: {why} (this test needs root, ip netns and tc netem)"))
        .ok()
}

#[test]
fn sessions_across_a_lossy_reordering_link_end_clearly_and_balance() {
    let Some(link) = lossy_link("loss 5% delay 20ms 10ms reorder 25%") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let dbs = db.to_str().unwrap();
    let range = "001010000000001-001010000000050";
    ok(&diameter(&[
        "accounts",
        "--db",
        dbs,
        "add",
        range,
        "--octets",
        "1000000000000",
    ]));
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
    let n = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("{k} in {s}"));

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
    let all = accounts(&db);
    let debited: u64 = all
        .iter()
        .map(|a| octets(a, "debited").unsigned_abs())
        .sum();
    let told = n("units_acknowledged");
    assert!(
        (told..=told + n("units_unconfirmed")).contains(&debited),
        "debited {debited}, acknowledged {told}: {s}"
    );
    if n("local_answers") == 0 {
        assert_eq!(debited, told, "{s}");
    }
    for a in &all {
        let b: &Value = &a["buckets"][0];
        let f = |k: &str| b[k].as_i64().unwrap();
        assert_eq!(f("reserved"), 0, "{a}");
        assert_eq!(f("provisioned"), f("balance") + f("debited"), "{a}");
    }
}
