//! Shared helpers for the integration tests: real peers and small message builders.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diameter_core::dict::{base, cc};
use diameter_core::wire::MessageWriter;

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// A freeDiameter daemon (Debian's `freediameterd`) run for a test, killed on drop.
pub struct FreeDiameter {
    child: Child,
    dir: PathBuf,
    log: Arc<Mutex<String>>,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl FreeDiameter {
    /// Starts `freeDiameterd` as `identity` in `realm`, listening on a free
    /// loopback port, with the credit-control dictionaries loaded, and with
    /// `peers` (`(identity, port)`) to connect to over plain TCP.
    ///
    /// # Panics
    /// When the daemon is not installed (`apt-get install freediameterd
    /// freediameter-extensions`) or does not start.
    pub fn start(identity: &str, realm: &str, peers: &[(&str, u16)], tw_seconds: u32) -> Self {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("fd-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
        let mut conf = format!(
            "Identity = \"{identity}\";\nRealm = \"{realm}\";\nPort = {port};\nSecPort = 0;\nNo_SCTP;\nNo_IPv6;\n\
             ListenOn = \"127.0.0.1\";\nTwTimer = {tw_seconds};\nTcTimer = 6;\n\
             LoadExtension = \"/usr/lib/freeDiameter/dict_nasreq.fdx\";\n\
             LoadExtension = \"/usr/lib/freeDiameter/dict_dcca.fdx\";\n"
        );
        for (peer, peer_port) in peers {
            conf += &format!(
                "ConnectPeer = \"{peer}\" {{ ConnectTo = \"127.0.0.1\"; Port = {peer_port}; No_TLS; }};\n"
            );
        }
        let conf_path = dir.join("freeDiameter.conf");
        std::fs::write(&conf_path, conf).unwrap_or_else(|e| panic!("write config: {e}"));
        let mut child = Command::new("freeDiameterd")
            .arg("-c")
            .arg(&conf_path)
            .arg("-d")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run freeDiameterd ({e}): apt-get install freediameterd freediameter-extensions")
            });
        let log = Arc::new(Mutex::new(String::new()));
        if let Some(out) = child.stdout.take() {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    if let Ok(mut l) = log.lock() {
                        l.push_str(&line);
                        l.push('\n');
                    }
                }
            });
        }
        let fd = Self {
            child,
            dir,
            log,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        let t0 = Instant::now();
        while std::net::TcpStream::connect(fd.addr).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "freeDiameterd did not start:\n{}",
                fd.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        fd
    }

    /// What the daemon has printed so far.
    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for FreeDiameter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A CCR-Initial (RFC 4006 §3.1) from `origin` to `realm`, encoded.
pub fn ccr_initial(session: &str, origin: (&str, &str), realm: &str, end_to_end: u32) -> Vec<u8> {
    let mut buf = vec![0u8; 1024];
    let mut w = MessageWriter::request(&mut buf, 272, 4, true, 0, end_to_end);
    w.utf8(base::SESSION_ID, session)
        .identity(base::ORIGIN_HOST, origin.0)
        .identity(base::ORIGIN_REALM, origin.1)
        .identity(base::DESTINATION_REALM, realm)
        .u32(base::AUTH_APPLICATION_ID, 4)
        .utf8(cc::SERVICE_CONTEXT_ID, "32251@3gpp.org")
        .enumerated(cc::CC_REQUEST_TYPE, 1)
        .u32(cc::CC_REQUEST_NUMBER, 0);
    let n = w.finish().unwrap_or(0);
    buf.truncate(n);
    buf
}

/// Answers every request with 2001, echoing Session-Id, the application's
/// Auth-Application-Id and the CC-Request-Type/-Number a CCA needs.
#[derive(Debug, Default, Clone, Copy)]
pub struct Echo;

impl diameter_transport::Handler for Echo {
    fn handle(
        &mut self,
        ctx: &diameter_transport::Context<'_>,
        req: &diameter_core::wire::Message<'_>,
        answer: &mut MessageWriter<'_>,
    ) {
        if let Some(a) = req.lookup(base::SESSION_ID.code, 0) {
            answer.copy_avp(&a);
        }
        answer
            .identity(base::ORIGIN_HOST, ctx.origin_host)
            .identity(base::ORIGIN_REALM, ctx.origin_realm)
            .u32(base::RESULT_CODE, 2001)
            .u32(base::AUTH_APPLICATION_ID, req.application_id());
        for code in [cc::CC_REQUEST_TYPE.code, cc::CC_REQUEST_NUMBER.code] {
            if let Some(a) = req.lookup(code, 0) {
                answer.copy_avp(&a);
            }
        }
    }
}
