//! Shared by the tests that run the `diameter` program: the OCS as a
//! process (optionally in a network namespace), `diameter accounts`, and
//! `diameter gy-client` runs with their JSON summaries.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Lines};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Output, Stdio};

use serde_json::Value;

/// The `diameter` program.
pub const BIN: &str = env!("CARGO_BIN_EXE_diameter");

pub fn diameter(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Adds the subscribers `range` to the account store `db`, each with
/// `octets` octets (`diameter accounts add`).
pub fn fund(db: &str, range: &str, octets: &str) {
    ok(&diameter(&[
        "accounts", "--db", db, "add", range, "--octets", octets,
    ]));
}

/// A running `diameter ocs` (or agent) and the address it listens on.
pub struct Server {
    /// The process.
    pub child: Child,
    stdout: Lines<BufReader<ChildStdout>>,
    /// Where it listens.
    pub addr: String,
    /// Where it serves metrics (`--metrics`), if it said so before it
    /// listened.
    pub metrics: Option<String>,
    /// What it printed before it listened.
    pub banner: Vec<String>,
}

/// `diameter`, run in network namespace `netns` (`ip netns exec`) when given.
pub fn command(netns: Option<&str>) -> Command {
    match netns {
        Some(ns) => {
            let mut c = Command::new("ip");
            c.args(["netns", "exec", ns, BIN]);
            c
        }
        None => Command::new(BIN),
    }
}

impl Server {
    /// `diameter ocs` with `args`, once it listens.
    pub fn start(args: &[&str]) -> Server {
        Self::start_in(None, args)
    }

    /// The same in network namespace `netns` when given.
    pub fn start_in(netns: Option<&str>, args: &[&str]) -> Server {
        Self::start_tool(netns, "ocs", args)
    }

    /// `diameter TOOL` with `args` (a server that prints `Listening on:`),
    /// in network namespace `netns` when given, once it listens.
    pub fn start_tool(netns: Option<&str>, tool: &str, args: &[&str]) -> Server {
        let mut cmd = command(netns);
        cmd.arg(tool).args(args);
        Self::spawn(cmd, tool)
    }

    /// `cmd` (running `diameter TOOL …`), once it listens.
    pub fn spawn(mut cmd: Command, tool: &str) -> Server {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut banner = Vec::new();
        let addr = loop {
            let line = (stdout.next())
                .unwrap_or_else(|| panic!("{tool} did not start"))
                .unwrap();
            if let Some(a) = line.strip_prefix("Listening on: ") {
                break a.to_string();
            }
            banner.push(line);
        };
        let metrics = (banner.iter())
            .find_map(|l| l.strip_prefix("Metrics on: "))
            .map(str::to_string);
        Server {
            child,
            stdout,
            addr,
            metrics,
            banner,
        }
    }

    /// SIGTERM, then everything it printed until it exited.
    pub fn terminate(mut self) -> String {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success());
        let rest: Vec<String> = self.stdout.by_ref().map(|l| l.unwrap()).collect();
        assert!(self.child.wait().unwrap().success());
        rest.join("\n")
    }
}

/// One sample of a scrape: metric, labels sorted, value.
pub type Sample = (String, Vec<(String, String)>, f64);

/// The samples `GET url` answers (`http://IP:PORT/metrics`), parsed as the
/// Prometheus text format, with their labels in order.
pub fn scrape(url: &str) -> Vec<Sample> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_once('/').expect("a path");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(stream, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").expect("a response");
    assert!(
        head.starts_with("HTTP/1.") && head.contains(" 200 "),
        "{head}"
    );
    let lines = body.lines().map(|l| Ok(l.to_string()));
    let scrape = prometheus_parse::Scrape::parse(lines).expect("the Prometheus text format");
    // A histogram is read as its count (`NAME_count`, the +Inf bucket);
    // summaries are left out: the tests read scalars.
    (scrape.samples.into_iter())
        .filter_map(|mut s| {
            let value = match s.value {
                prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Untyped(v) => v,
                prometheus_parse::Value::Histogram(ref buckets) => {
                    let count = buckets.last().map_or(0.0, |b| b.count);
                    s.metric.push_str("_count");
                    count
                }
                _ => return None,
            };
            let mut labels: Vec<(String, String)> = (s.labels.iter())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            labels.sort();
            Some((s.metric, labels, value))
        })
        .collect()
}

/// The value of sample `metric` with exactly `labels` among `samples`.
pub fn sample(samples: &[Sample], metric: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let mut want: Vec<(String, String)> = (labels.iter())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    want.sort();
    (samples.iter())
        .find(|(m, l, _)| m == metric && *l == want)
        .map(|s| s.2)
}

/// A test that fails does not leave its server running.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn accounts(db: &Path) -> Vec<Value> {
    let out = diameter(&["accounts", "--db", db.to_str().unwrap(), "list", "--json"]);
    serde_json::from_str::<Value>(&ok(&out))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

pub fn octets(a: &Value, field: &str) -> i64 {
    a["buckets"][0][field].as_i64().unwrap()
}

pub fn gy_client(addr: &str, extra: &[&str]) -> (bool, Value) {
    let out = Command::new(BIN)
        .args(["gy-client", "--peer", addr, "--json"])
        .args(extra)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let summary = serde_json::from_str(text.trim())
        .unwrap_or_else(|e| panic!("{e}: {text} {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.success(), summary)
}

/// A `diameter gy-client --json` run in the background.
pub fn spawn_gy_client(addr: &str, extra: &[&str]) -> Child {
    spawn_gy_client_in(None, addr, extra)
}

/// The same in network namespace `netns` when given.
pub fn spawn_gy_client_in(netns: Option<&str>, addr: &str, extra: &[&str]) -> Child {
    command(netns)
        .args(["gy-client", "--peer", addr, "--json"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Its exit status and summary.
pub fn finish(client: Child) -> (Option<i32>, Value) {
    let out = client.wait_with_output().unwrap();
    let summary = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code(), summary)
}
