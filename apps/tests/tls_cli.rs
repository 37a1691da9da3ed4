//! The TLS options of the tools run as programs (RFC 6733 §13): an OCS
//! configured by its TOML file with a TLS listener and in-band TLS, the
//! Gy client over both, and unusable files refused as usage errors by
//! every role.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use diameter_tests::pki::Pki;

const BIN: &str = env!("CARGO_BIN_EXE_diameter");
const OCS: &str = "gy-server.example.com";

/// A `diameter ocs` killed on drop.
struct Ocs(Child);

impl Drop for Ocs {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `diameter ocs --config conf`; its clear-text and TLS addresses.
fn start_ocs(conf: &std::path::Path) -> (Ocs, String, String) {
    let mut child = Command::new(BIN)
        .args(["ocs", "--config", conf.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut clear, mut tls) = (None, None);
    while clear.is_none() || tls.is_none() {
        let line = lines.next().expect("the OCS did not start").unwrap();
        if let Some(a) = line.strip_prefix("Listening on: ") {
            clear = Some(a.to_string());
        }
        if let Some(a) = line.strip_prefix("Listening with TLS on: ") {
            tls = Some(a.to_string());
        }
    }
    (Ocs(child), clear.unwrap(), tls.unwrap())
}

/// `--tls-cert`, `--tls-key` and `--tls-ca` of `settings`.
fn files(settings: &diameter_transport::TlsSettings) -> Vec<String> {
    let arg = |p: &std::path::Path| p.to_str().unwrap().to_string();
    vec![
        "--tls-cert".into(),
        arg(&settings.cert_chain),
        "--tls-key".into(),
        arg(&settings.private_key),
        "--tls-ca".into(),
        arg(&settings.ca_bundle),
    ]
}

#[test]
fn the_gy_client_is_served_over_tls_at_connect_and_in_band() {
    let pki = Pki::new("Diameter test CA");
    let server = pki.node(&[OCS]);
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("ocs.toml");
    std::fs::write(
        &conf,
        format!(
            "[node]\nip = \"127.0.0.1\"\nport = 0\n[store]\ndb = \"{}\"\n\
             [ocs]\nauto_provision = 100000\n[tls]\nmode = \"inband\"\ncert = \"{}\"\nkey = \"{}\"\nca = \"{}\"\nport = 0\n",
            dir.path().join("ocs.db").display(),
            server.cert_chain.display(),
            server.private_key.display(),
            server.ca_bundle.display()
        ),
    )
    .unwrap();
    let (_ocs, clear, tls) = start_ocs(&conf);
    let client = pki.node(&["gy-client.example.net"]);
    let runs = [
        ("connect", &tls, "001010000000001"),
        ("inband", &clear, "001010000000002"),
    ];
    for (mode, addr, subscriber) in runs {
        let out = Command::new(BIN)
            .args([
                "gy-client",
                "--peer",
                addr,
                "--peer-host",
                OCS,
                "--json",
                "--tls",
                mode,
                "--subscriber",
                subscriber,
            ])
            .args(files(&client))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{mode}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(summary["sessions_completed"], 1, "{mode}: {summary}");
    }
}

#[test]
fn unusable_tls_files_are_usage_errors_of_every_role() {
    let pki = Pki::new("Diameter test CA");
    let good = pki.node(&["node.example.com"]);
    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("not.pem");
    std::fs::write(&not_pem, "not a certificate\n").unwrap();
    let db = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let roles: [Vec<String>; 4] = [
        vec![
            "ocs".into(),
            "--port".into(),
            "0".into(),
            "--db".into(),
            db("o.db"),
        ],
        vec![
            "hss".into(),
            "--port".into(),
            "0".into(),
            "--db".into(),
            db("h.db"),
        ],
        vec!["gy-client".into(), "--peer".into(), "127.0.0.1:9".into()],
        vec!["mme".into(), "--peer".into(), "127.0.0.1:9".into()],
    ];
    for role in &roles {
        let mut bad = files(&good);
        bad[1] = not_pem.to_str().unwrap().into();
        let out = Command::new(BIN).args(role).args(&bad).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{role:?}: {err}");
        assert!(
            err.contains("not.pem") && err.contains("no certificate"),
            "{role:?}: {err}"
        );
        let out = Command::new(BIN)
            .args(role)
            .args(["--tls", "connect", "--tls-cert", "a.crt"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{role:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--tls-key"));
    }
}

/// A process killed on drop.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_mme_attaches_through_an_hss_over_tls_at_connect() {
    const HSS: &str = "hss.epc.mnc001.mcc001.3gppnetwork.org";
    let pki = Pki::new("Diameter test CA");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hss.db").to_str().unwrap().to_string();
    let added = Command::new(BIN)
        .args(["subscribers", "--db", &db, "add", "001010000000001"])
        .args(["--k", "465b5ce8b199b49faa5f0a2ee238a6bc"])
        .args([
            "--opc",
            "cd63cb71954a9f4e48a5994e37a02baf",
            "--apn",
            "internet",
        ])
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let tls_port = diameter_tests::free_port();
    let hss = Command::new(BIN)
        .args(["hss", "--ip", "127.0.0.1", "-p", "0", "--db", &db])
        .args(["--tls-port", &tls_port.to_string()])
        .args(files(&pki.node(&[HSS])))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _hss = Running(hss);
    let addr = format!("127.0.0.1:{tls_port}");
    diameter_tests::wait_until(
        "the HSS listens",
        std::time::Duration::from_secs(10),
        || std::net::TcpStream::connect(&addr).is_ok(),
    );
    let out = Command::new(BIN)
        .args([
            "mme",
            "--peer",
            &addr,
            "--destination-host",
            HSS,
            "--tls",
            "connect",
        ])
        .args([
            "--imsi",
            "001010000000001",
            "--plmn",
            "00101",
            "--json",
            "--timeout",
            "40",
        ])
        .args(files(&pki.node(&["mme.epc.mnc001.mcc001.3gppnetwork.org"])))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(text.lines().last().unwrap_or_default()).unwrap();
    assert_eq!(summary["ok"], 1, "{summary}");
}
