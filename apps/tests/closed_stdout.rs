//! A tool whose output is cut short (`diameter … | head -1`) finishes
//! without a panic.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const DIAMETER: &str = env!("CARGO_BIN_EXE_diameter");

#[test]
fn listing_into_a_closed_pipe_does_not_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ocs.db");
    let db = db.to_str().expect("utf-8 path");
    let added = Command::new(DIAMETER)
        .args([
            "accounts",
            "--db",
            db,
            "add",
            "001010000000001-001010000005000",
            "--octets",
            "1000",
        ])
        .output()
        .expect("accounts runs");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let mut child = Command::new(DIAMETER)
        .args(["accounts", "--db", db, "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("accounts list runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("a first line");
    // The reader is gone now: every later write fails with EPIPE.
    let out = child.wait_with_output().expect("it ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(first.starts_with("SUBSCRIBER"), "{first}");
}
