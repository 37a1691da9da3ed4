//! The `diameter subscribers`, `diameter hss` and `diameter mme` programs.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const K: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
/// OP and OPc of TS 35.208 test set 1.
const OP: &str = "cdc202d5123e20f62b6d676ac72cb318";
const OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";

fn diameter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diameter"))
        .args(args)
        .output()
        .unwrap()
}

fn subscribers(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["subscribers", "--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    diameter(&all)
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("s6a-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("hss.db")
}

#[test]
fn subscribers_are_added_shown_changed_and_deleted() {
    let db = temp_db("provision");
    let add = subscribers(
        &db,
        &[
            "add",
            "001010000000001",
            "--count",
            "3",
            "--k",
            K,
            "--op",
            OP,
            "--msisdn",
            "33600000001",
            "--apn",
            "internet",
            "--apn",
            "ims:qci=5,arp=1",
        ],
    );
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let s = json(&subscribers(&db, &["show", "001010000000003", "--json"]));
    assert_eq!(s["opc"], OPC, "OPc derived from OP");
    assert_eq!(s["msisdn"], "33600000003");
    assert_eq!(s["apns"][1]["name"], "ims");
    assert_eq!(s["apns"][1]["qci"], 5);
    assert_eq!(s["default_context"], 1);

    let set = subscribers(
        &db,
        &[
            "set",
            "001010000000003",
            "--remove-apn",
            "ims",
            "--ambr-dl",
            "5000",
            "--sqn",
            "64",
        ],
    );
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let s = json(&subscribers(&db, &["show", "001010000000003", "--json"]));
    assert_eq!(
        (s["ambr_dl"].as_u64(), s["sqn"].as_u64()),
        (Some(5000), Some(64))
    );
    assert_eq!(s["apns"].as_array().unwrap().len(), 1);

    assert!(subscribers(&db, &["delete", "001010000000002"])
        .status
        .success());
    let list = subscribers(&db, &["list", "--json"]);
    let imsis: Vec<String> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["imsi"].to_string())
        .collect();
    assert_eq!(imsis, ["\"001010000000001\"", "\"001010000000003\""]);

    for bad in [
        &["show", "001010000000002"][..],
        &["delete", "001010000000002"],
        &["add", "001010000000001", "--k", K, "--opc", OPC],
        &["add", "001010000000009", "--k", K],
        &["set", "001010000000001", "--remove-apn", "nothere"],
    ] {
        let out = subscribers(&db, bad);
        assert!(!out.status.success(), "{bad:?} succeeded");
        assert!(!out.stderr.is_empty());
    }
}

struct Server(Child);

impl Server {
    /// SIGTERM, then what it printed until it exited.
    fn terminate(&mut self) -> String {
        use std::io::Read;
        let pid = self.0.id().to_string();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success());
        let mut printed = String::new();
        if let Some(mut out) = self.0.stdout.take() {
            out.read_to_string(&mut printed).unwrap();
        }
        assert!(self.0.wait().unwrap().success());
        printed
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let pid = self.0.id().to_string();
        let _ = Command::new("kill").arg(pid).stderr(Stdio::null()).status();
        let _ = self.0.wait();
    }
}

#[test]
fn the_mme_attaches_through_the_hss_and_reports() {
    let db = temp_db("attach");
    let add = subscribers(
        &db,
        &[
            "add",
            "001010000000001",
            "--count",
            "4",
            "--k",
            K,
            "--opc",
            OPC,
            "--apn",
            "internet",
        ],
    );
    assert!(add.status.success());
    // Below the ephemeral range, where load tests' client ports live.
    let port = (20000 + std::process::id() % 10000).to_string();
    let mut hss = Server(
        Command::new(env!("CARGO_BIN_EXE_diameter"))
            .args([
                "hss",
                "--db",
                db.to_str().unwrap(),
                "--ip",
                "127.0.0.1",
                "-p",
                &port,
                "--threads",
                "1",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let peer = format!("127.0.0.1:{port}");
    let report = db.with_extension("report.json");
    let t0 = Instant::now();
    while std::net::TcpStream::connect(&peer).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the HSS does not listen"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = diameter(&[
        "mme",
        "--peer",
        &peer,
        "--imsi",
        "001010000000001-001010000000005",
        "--vectors",
        "3",
        "--concurrency",
        "2",
        "--purge",
        "--k",
        K,
        "--opc",
        OPC,
        "--json",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "one IMSI is unknown");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines.last().unwrap();
    assert_eq!(
        (summary["ok"].as_u64(), summary["failed"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(summary["answers"]["AIA 2001 DIAMETER_SUCCESS"], 4);
    assert_eq!(
        summary["answers"]["AIA 5001 DIAMETER_ERROR_USER_UNKNOWN"],
        1
    );
    assert_eq!(summary["answers"]["PUA 2001 DIAMETER_SUCCESS"], 4);
    assert_eq!(summary["latency_us"]["attach"]["count"], 4);
    // The report's data: the same answers, and every one over time.
    let drawn: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    for (answer, n) in summary["answers"].as_object().unwrap() {
        assert_eq!(&drawn["results"][answer], n, "{answer}");
    }
    let over_time: f64 = (drawn["timeline"].as_array().unwrap().iter())
        .map(|p| p["answers_per_s"].as_f64().unwrap())
        .sum::<f64>()
        * drawn["timeline"][1]["t_s"].as_f64().unwrap_or(0.01);
    let answered: u64 = (summary["answers"].as_object().unwrap().values())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert!(
        (over_time - answered as f64).abs() < 0.5,
        "{over_time} vs {answered}"
    );
    let attached = lines
        .iter()
        .find(|l| l["imsi"] == "001010000000002")
        .unwrap();
    assert_eq!(attached["apns"][0]["name"], "internet");
    let unknown = lines
        .iter()
        .find(|l| l["imsi"] == "001010000000005")
        .unwrap();
    assert_eq!(unknown["error"], "AIA 5001 DIAMETER_ERROR_USER_UNKNOWN");
    // Three vectors per AIA: SQN_HE moved three steps, and the purge is recorded.
    let s = json(&subscribers(&db, &["show", "001010000000001", "--json"]));
    assert_eq!(s["sqn"], 99);
    assert_eq!(s["mme"]["purged"], true);
    // The HSS's statistics block, against what the MME was answered.
    let printed = hss.terminate();
    let answers = summary["answers"].as_object().unwrap();
    let count = |prefix: &str| -> u64 {
        (answers.iter())
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v.as_u64().unwrap())
            .sum()
    };
    let ok: u64 = (answers.iter())
        .filter(|(k, _)| k.ends_with(" 2001 DIAMETER_SUCCESS"))
        .map(|(_, v)| v.as_u64().unwrap())
        .sum();
    for line in [
        format!("AIR Received: {}", count("AIA ")),
        format!("ULR Received: {}", count("ULA ")),
        format!("PUR Received: {}", count("PUA ")),
        format!("Answers Sent: {}", count("")),
        format!("  2001 DIAMETER_SUCCESS: {ok}"),
        "  5001 DIAMETER_ERROR_USER_UNKNOWN: 1".to_string(),
    ] {
        assert!(printed.contains(&line), "{line:?} in {printed}");
    }
}

#[test]
fn the_mme_stops_when_its_hss_goes_away() {
    let db = temp_db("hss-goes-away");
    let add = subscribers(
        &db,
        &[
            "add",
            "001010000000001",
            "--count",
            "20000",
            "--k",
            K,
            "--opc",
            OPC,
            "--apn",
            "internet",
        ],
    );
    assert!(add.status.success());
    let port = diameter_tests::free_port().to_string();
    let dbs = db.to_str().unwrap();
    let hss = Server(
        Command::new(env!("CARGO_BIN_EXE_diameter"))
            .args([
                "hss",
                "--db",
                dbs,
                "--ip",
                "127.0.0.1",
                "-p",
                &port,
                "--threads",
                "1",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let peer = format!("127.0.0.1:{port}");
    let t0 = Instant::now();
    while std::net::TcpStream::connect(&peer).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the HSS does not listen"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let concurrency = 8;
    let mme = Command::new(env!("CARGO_BIN_EXE_diameter"))
        .args([
            "mme",
            "--peer",
            &peer,
            "--imsi",
            "001010000000001",
            "--count",
            "20000",
        ])
        .args([
            "--concurrency",
            &concurrency.to_string(),
            "--quiet",
            "--json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Once the first subscriber is attached, the HSS stops (DPR).
    let attached = || {
        let out = subscribers(&db, &["show", "001010000000001", "--json"]);
        !json(&out)["mme"].is_null()
    };
    let t0 = Instant::now();
    while !attached() {
        assert!(t0.elapsed() < Duration::from_secs(60), "no attach");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(hss);
    let out = mme.wait_with_output().unwrap();
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(3), "{s}");
    assert_eq!(s["peer_lost"], true, "{s}");
    let n = |k: &str| s[k].as_u64().unwrap();
    assert!(n("ok") > 0 && n("ok") < 20000, "{s}");
    // Only the attaches under way when the HSS left failed: none started after.
    assert!(n("failed") <= concurrency, "{s}");
    let local: u64 = (s["local_answers"].as_object().unwrap().values())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert!(local <= concurrency, "{s}");
    let answered: u64 = (s["answers"].as_object().unwrap().values())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert!(answered >= 2 * n("ok"), "AIA and ULA of each attach: {s}");
    assert!(
        s["answers"]
            .as_object()
            .unwrap()
            .keys()
            .all(|k| k.contains("2001")),
        "{s}"
    );
}
