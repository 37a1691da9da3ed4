//! `diameter agent` between `gy-client` and `ocs`: as a relay every
//! session goes through and its statistics count them; as a proxy hiding
//! the OCS too; as a redirect agent every request is answered 3006 with
//! the OCS to use.

mod cli_support;

use cli_support::{accounts, diameter, fund, gy_client, octets, sample, scrape, Server};

const SUBSCRIBERS: &str = "001010000000001-001010000000020";

/// An OCS with funded accounts, and the agent in `mode` in front of it:
/// the OCS named on its command line, the gateway, the route and `more`
/// (`[node]` and `[agent]` settings) in its `--config` file.
fn ocs_behind_agent(db: &str, mode: &str, more: [&str; 2]) -> (Server, Server) {
    let [node, agent] = more;
    fund(db, SUBSCRIBERS, "1000000000000");
    let ocs = Server::start(&[
        "--ip",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        db,
        "--host",
        "ocs.example.com",
        "--metrics",
        "127.0.0.1:0",
    ]);
    let peer = format!("ocs.example.com={}", ocs.addr);
    let config = std::path::Path::new(db).with_extension("toml");
    let toml = format!(
        "[node]\nthreads = 2\npeers = [\"gy-client.example.net\"]\n\
         routes = [\"example.com/gy=ocs.example.com\"]\n{node}[metrics]\naddress = \"127.0.0.1:0\"\n\
         [agent]\nmode = \"{mode}\"\n{agent}"
    );
    std::fs::write(&config, toml).unwrap();
    let agent = Server::start_tool(
        None,
        "agent",
        &[
            "--ip",
            "127.0.0.1",
            "-p",
            "0",
            "--peer",
            &peer,
            "--config",
            config.to_str().unwrap(),
        ],
    );
    (ocs, agent)
}

#[test]
fn gy_client_sessions_go_through_the_relay_agent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let db = db.to_str().unwrap();
    let (ocs, agent) = ocs_behind_agent(db, "relay", ["", ""]);
    let args = [
        "--subscriber",
        SUBSCRIBERS,
        "--count",
        "200",
        "--updates",
        "2",
        "--concurrency",
        "32",
    ];
    let (success, s) = gy_client(&agent.addr, &args);
    assert!(success, "{s}");
    assert_eq!(s["sessions_completed"], 200);
    assert_eq!(s["result_codes"]["2001"], 800);
    let debited: i64 = accounts(std::path::Path::new(db))
        .iter()
        .map(|a| octets(a, "debited"))
        .sum();
    assert_eq!(debited, s["units_acknowledged"].as_i64().unwrap());
    // What both servers' /metrics say, against what the client counted.
    let (sent, ok) = (s["requests"].as_f64(), s["result_codes"]["2001"].as_f64());
    let at_agent = scrape(agent.metrics.as_deref().expect("the agent's metrics"));
    let gateway = [("peer", "gy-client.example.net")];
    let server = [("peer", "ocs.example.com")];
    for (metric, labels, value) in [
        ("diameter_requests_received_total", &gateway, sent),
        ("diameter_answers_sent_total", &gateway, sent),
        ("diameter_requests_sent_total", &server, sent),
        ("diameter_answers_received_total", &server, sent),
        ("diameter_errors_total", &gateway, Some(0.0)),
        ("diameter_failovers_total", &server, Some(0.0)),
    ] {
        assert_eq!(
            sample(&at_agent, metric, labels),
            value,
            "{metric}: {at_agent:?}"
        );
    }
    let open = [
        ("peer", "ocs.example.com"),
        ("state", "I-Open"),
        ("watchdog", "OKAY"),
    ];
    assert_eq!(sample(&at_agent, "diameter_peer", &open), Some(1.0));
    let ok_from_server = [("peer", "ocs.example.com"), ("class", "2xxx")];
    assert_eq!(
        sample(
            &at_agent,
            "diameter_answers_by_class_total",
            &ok_from_server
        ),
        ok
    );
    let at_ocs = scrape(ocs.metrics.as_deref().expect("the OCS's metrics"));
    let initial = s["sessions_started"].as_f64();
    for (metric, labels, value) in [
        ("gy_ccr_received_total", &[("type", "initial")][..], initial),
        ("gy_ccr_received_total", &[("type", "termination")], initial),
        ("gy_cca_sent_total", &[("result_code", "2001")], ok),
        (
            "diameter_requests_received_total",
            &[("peer", "agent.example.org")],
            sent,
        ),
        ("gy_open_sessions", &[], Some(0.0)),
    ] {
        assert_eq!(
            sample(&at_ocs, metric, labels),
            value,
            "{metric}: {at_ocs:?}"
        );
    }
    // By application (4, credit control) and command (272, CCR/CCA).
    let ccr = [("application", "4"), ("command", "272")];
    let with = |more: &[(&'static str, &'static str)]| [&ccr[..], more].concat();
    let received = with(&[("direction", "received")]);
    assert_eq!(sample(&at_ocs, "diameter_requests_total", &received), sent);
    let answered = with(&[
        ("direction", "sent"),
        ("source", "handler"),
        ("result_code", "2001"),
    ]);
    assert_eq!(sample(&at_ocs, "diameter_answers_total", &answered), ok);
    let relayed = with(&[("direction", "sent")]);
    assert_eq!(sample(&at_agent, "diameter_requests_total", &relayed), sent);
    let back = with(&[
        ("direction", "received"),
        ("source", "peer"),
        ("result_code", "2001"),
    ]);
    assert_eq!(sample(&at_agent, "diameter_answers_total", &back), ok);
    // Each CCR's latency in the histogram.
    let latencies = sample(&at_ocs, "gy_answer_latency_seconds_count", &[]);
    assert_eq!(latencies, sent, "{at_ocs:?}");
    // Every CCR's changes were committed, in groups of at least one account.
    let commits = sample(&at_ocs, "gy_store_commit_seconds_count", &[]);
    assert!(commits.is_some_and(|n| n >= 1.0), "{at_ocs:?}");
    assert_eq!(
        sample(&at_ocs, "gy_store_commit_accounts_count", &[]),
        commits
    );
    let p50 = sample(
        &at_ocs,
        "gy_answer_latency_microseconds",
        &[("percentile", "50")],
    );
    let max = sample(
        &at_ocs,
        "gy_answer_latency_microseconds",
        &[("percentile", "100")],
    );
    assert!(
        p50.is_some_and(|p| p > 0.0) && p50 <= max,
        "{p50:?} {max:?}"
    );
    // The gateway has gone by then, its counters kept; the OCS, a
    // configured peer, stays.
    let printed = agent.terminate();
    for line in [
        "Agent Statistics:",
        "ocs.example.com (I-Open, OKAY): requests in 0 out 800, answers in 800 out 0, errors 0",
        "failovers 0, 2xxx 800",
        "gy-client.example.net (gone): requests in 800 out 0, answers in 0 out 800, errors 0",
        "all peers: requests in 800 out 800, answers in 800 out 800, errors 0",
    ] {
        assert!(printed.contains(line), "{line} in {printed}");
    }
}

/// A proxy of the OCS's realm hiding it: the gateway knows the OCS only
/// by a pseudonym, which it names in the Destination-Host of its updates
/// and terminations (RFC 4006 §5.1), and every session still completes.
#[test]
fn gy_client_sessions_go_through_a_proxy_hiding_the_ocs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let db = db.to_str().unwrap();
    let more = [
        "realm = \"example.com\"\n",
        "apps = [\"gy\"]\nhide_topology = true\n",
    ];
    let (_ocs, agent) = ocs_behind_agent(db, "proxy", more);
    let args = [
        "--subscriber",
        SUBSCRIBERS,
        "--count",
        "50",
        "--updates",
        "2",
    ];
    let (success, s) = gy_client(&agent.addr, &args);
    assert!(success, "{s}");
    assert_eq!(s["sessions_completed"], 50);
    assert_eq!(s["result_codes"]["2001"], 200, "{s}");
    let printed = agent.terminate();
    let line = "ocs.example.com (I-Open, OKAY): requests in 0 out 200, answers in 200 out 0";
    assert!(printed.contains(line), "{line} in {printed}");
}

/// A gateway with no connection to the OCS a redirect names fails its
/// sessions: exit status 2, unless `--allow-failures`.
#[test]
fn a_redirect_agent_answers_3006_with_the_ocs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let (_ocs, agent) = ocs_behind_agent(db.to_str().unwrap(), "redirect", ["", ""]);
    let (success, s) = gy_client(&agent.addr, &["--count", "5"]);
    assert!(!success, "redirected sessions do not succeed: {s}");
    assert_eq!(s["result_codes"]["3006"], 5, "{s}");
    assert_eq!(s["exit_status"], 2, "{s}");
    // The load generator's verdict, and the way to opt out of it.
    let text = diameter(&["gy-client", "--peer", &agent.addr, "--count", "5"]);
    assert_eq!(text.status.code(), Some(2));
    let printed = String::from_utf8_lossy(&text.stdout);
    assert!(
        printed.contains("exit status 2: 5 sessions failed"),
        "{printed}"
    );
    let (success, s) = gy_client(&agent.addr, &["--count", "5", "--allow-failures"]);
    assert!(success, "{s}");
    assert_eq!(
        (s["sessions_failed"].as_u64(), s["exit_status"].as_u64()),
        (Some(5), Some(0))
    );
}

#[test]
fn bad_peers_and_routes_are_usage_errors() {
    for args in [
        &["agent", "--peer", "ocs=localhost"][..],
        &["agent", "--route", "example.com"],
        &["agent", "--hide-topology", "--accept-any"],
        &["agent", "--mode", "proxy", "--app", "gx?"],
        &[
            "agent",
            "--mode",
            "proxy",
            "--hide-topology",
            "--topology-key",
            "12",
        ],
    ] {
        let out = diameter(args);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--"));
    }
}

/// `--log-format json` (an option of every command): each log line is a
/// JSON object with the event's level, message and fields.
#[test]
fn log_lines_can_be_json() {
    use std::io::BufRead;
    let mut child = cli_support::command(None)
        .args([
            "--log-format",
            "json",
            "agent",
            "-v",
            "--ip",
            "127.0.0.1",
            "-p",
            "0",
        ])
        .args(["--accept-any"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    // Every line is JSON; the start line is among the first (the node may
    // say before it how it fitted its limits).
    let line = (stderr.lines().take(8))
        .map(|l| l.unwrap())
        .map(|l| serde_json::from_str::<serde_json::Value>(&l).expect(&l))
        .find(|l| l["fields"]["message"] == "agent running")
        .expect("an agent running line");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(line["level"], "INFO", "{line}");
    assert_eq!(line["fields"]["message"], "agent running", "{line}");
    assert_eq!(line["fields"]["mode"], "Relay", "{line}");
}

/// Every role's `--metrics` binds its address at start: one in use is an
/// error that names the option, before any work.
#[test]
fn a_metrics_address_in_use_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let db = db.to_str().unwrap();
    for args in [
        &["agent", "--ip", "127.0.0.1", "-p", "0", "--metrics", &addr][..],
        &[
            "ocs",
            "--ip",
            "127.0.0.1",
            "-p",
            "0",
            "--db",
            db,
            "--metrics",
            &addr,
        ],
        &["gy-client", "--peer", "127.0.0.1:9", "--metrics", &addr],
        &["mme", "--peer", "127.0.0.1:9", "--metrics", &addr],
    ] {
        let out = diameter(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&format!("--metrics {addr}")),
            "{args:?}: {err}"
        );
    }
}
