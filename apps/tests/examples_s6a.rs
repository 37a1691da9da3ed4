//! The raw-API examples end to end on loopback: `examples/hss.rs` serves,
//! `examples/mme.rs` sends its five ULRs and gets five ULAs with 2001,
//! then ends its scope with DPR.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use diameter_tests::{free_port, wait_until};

/// An example's binary, which `cargo test` builds beside the tests.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target dir");
    debug.join("examples").join(name)
}

#[test]
fn the_mme_example_registers_with_the_hss_example() {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut hss = Command::new(example("hss"))
        .arg(&addr)
        .stdout(Stdio::null())
        .spawn()
        .expect("the hss example runs");
    wait_until("the HSS listening", Duration::from_secs(30), || {
        std::net::TcpStream::connect(&addr).is_ok()
    });
    let mme = Command::new(example("mme"))
        .arg(&addr)
        .output()
        .expect("the mme example runs");
    let _ = hss.kill();
    let _ = hss.wait();
    let out = String::from_utf8_lossy(&mme.stdout);
    assert!(
        mme.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&mme.stderr)
    );
    let lines: Vec<&str> = out.lines().collect();
    let expected: Vec<String> = (0..5)
        .map(|i| format!("ULA {i}: Some(ResultCode(2001))"))
        .collect();
    assert_eq!(lines, expected);
}
