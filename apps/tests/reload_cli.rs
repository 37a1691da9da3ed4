//! SIGHUP: a running agent re-reads the peers and routes of its
//! `--config` file while load runs through it, and no request is lost.

mod cli_support;

use std::process::Command;
use std::time::{Duration, Instant};

use cli_support::{finish, fund, gy_client, sample, scrape, spawn_gy_client, Server};

const SUBSCRIBERS: &str = "001010000000001-001010000000100";

/// An OCS named `host` on its own store in `dir`, with metrics.
fn ocs(dir: &std::path::Path, host: &str) -> Server {
    let db = dir.join(format!("{host}.db"));
    let db = db.to_str().unwrap();
    fund(db, SUBSCRIBERS, "1000000000000");
    let args = ["--ip", "127.0.0.1", "-p", "0", "--db", db, "--host", host];
    Server::start(&[&args[..], &["--metrics", "127.0.0.1:0", "--no-demo"]].concat())
}

/// The agent's settings file: the gateway allowed in, `servers`
/// connected to, realm example.com routed to `routed`.
fn agent_toml(servers: &[(&str, &Server)], routed: &[&str]) -> String {
    let mut peers = vec!["\"gy-client.example.net\"".to_string()];
    peers.extend(servers.iter().map(|(h, s)| format!("\"{h}={}\"", s.addr)));
    format!(
        "[node]\nthreads = 2\npeers = [{}]\nroutes = [\"example.com/gy={}\"]\n\
         [metrics]\naddress = \"127.0.0.1:0\"\n",
        peers.join(", "),
        routed.join(",")
    )
}

/// Waits (scraping the agent's metrics) until `done` holds of them.
fn wait_for(agent: &Server, what: &str, done: impl Fn(&[cli_support::Sample]) -> bool) {
    let url = agent.metrics.as_deref().expect("the agent's metrics");
    let start = Instant::now();
    loop {
        let samples = scrape(url);
        if done(&samples) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what}: {samples:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether the agent's peer `host` is open.
fn open(samples: &[cli_support::Sample], host: &str) -> bool {
    let labels = [("peer", host), ("state", "I-Open"), ("watchdog", "OKAY")];
    sample(samples, "diameter_peer", &labels) == Some(1.0)
}

/// Requests the agent sent to `host`.
fn sent_to(samples: &[cli_support::Sample], host: &str) -> f64 {
    sample(samples, "diameter_requests_sent_total", &[("peer", host)]).unwrap_or(0.0)
}

/// While gy-client runs through the agent, SIGHUP with a file that adds
/// `ocs2` (and routes to it) and removes `spare`: every session of that
/// run completes, the spare is disconnected, the new server takes its
/// share of the next run, and `ocs1` keeps its very connection (its own
/// count of requests from the agent, which a new connection would start
/// again, equals the agent's count of requests sent to it).
#[test]
fn sighup_adds_and_removes_a_peer_while_load_runs_and_loses_no_request() {
    let dir = tempfile::tempdir().unwrap();
    let ocs1 = ocs(dir.path(), "ocs1.example.com");
    let ocs2 = ocs(dir.path(), "ocs2.example.com");
    let spare = ocs(dir.path(), "spare.example.com");
    let config = dir.path().join("agent.toml");
    let before = [("ocs1.example.com", &ocs1), ("spare.example.com", &spare)];
    std::fs::write(&config, agent_toml(&before, &["ocs1.example.com"])).unwrap();
    let agent = Server::start_tool(
        None,
        "agent",
        &[
            "--ip",
            "127.0.0.1",
            "-p",
            "0",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    wait_for(&agent, "ocs1 and spare open", |s| {
        open(s, "ocs1.example.com") && open(s, "spare.example.com")
    });

    let load = [
        "--subscriber",
        SUBSCRIBERS,
        "--count",
        "3000",
        "--updates",
        "1",
        "--concurrency",
        "16",
        "--rate",
        "1500",
    ];
    let client = spawn_gy_client(&agent.addr, &load);
    wait_for(&agent, "load through ocs1", |s| {
        sent_to(s, "ocs1.example.com") > 0.0
    });
    let after = [("ocs1.example.com", &ocs1), ("ocs2.example.com", &ocs2)];
    let routed = ["ocs1.example.com", "ocs2.example.com"];
    std::fs::write(&config, agent_toml(&after, &routed)).unwrap();
    let pid = agent.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .unwrap()
        .success());
    wait_for(&agent, "ocs2 open, spare gone", |s| {
        open(s, "ocs2.example.com")
            && !s.iter().any(|(m, l, _)| {
                m == "diameter_peer" && l.iter().any(|(_, v)| v == "spare.example.com")
            })
    });
    let (status, s) = finish(client);
    let codes = &s["result_codes"];
    assert_eq!(status, Some(0), "{codes}");
    assert_eq!(s["sessions_completed"], 3000, "{codes}");
    // CCR-I, one CCR-U and CCR-T per session.
    assert_eq!(codes["2001"], 9000, "every request answered 2001: {codes}");

    let (success, s) = gy_client(
        &agent.addr,
        &[
            "--subscriber",
            SUBSCRIBERS,
            "--count",
            "200",
            "--concurrency",
            "8",
        ],
    );
    assert!(success, "{}", s["result_codes"]);
    let at_agent = scrape(agent.metrics.as_deref().unwrap());
    assert!(
        sent_to(&at_agent, "ocs2.example.com") >= 100.0,
        "ocs2 takes its share of the route: {at_agent:?}"
    );
    let at_ocs1 = scrape(ocs1.metrics.as_deref().unwrap());
    let from_agent = [("peer", "agent.example.org")];
    assert_eq!(
        sample(&at_ocs1, "diameter_requests_received_total", &from_agent),
        Some(sent_to(&at_agent, "ocs1.example.com")),
        "one connection from the agent to ocs1 all along: {at_ocs1:?}"
    );
    let printed = agent.terminate();
    assert!(
        printed.contains("spare.example.com (gone)"),
        "the spare was disconnected: {printed}"
    );
}
