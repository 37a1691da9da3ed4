//! Shared helpers for the integration tests: real peers and small message builders.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use diameter_core::dict::{base, cc};
use diameter_core::wire::MessageWriter;

pub mod pki;
pub mod postgres;

/// A loopback port that was free a moment ago and that no other caller
/// in this process was given: the tests of a binary run on parallel
/// threads, and the kernel may hand a port just released to the next
/// `bind` to port 0, so two tests could otherwise be given one port and
/// reach each other's servers (0 when no port can be bound).
pub fn free_port() -> u16 {
    static GIVEN: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(0);
        let mut given = GIVEN.lock().unwrap_or_else(PoisonError::into_inner);
        if port == 0 || given.insert(port) {
            return port;
        }
    }
}

/// A freeDiameter daemon (Debian's `freediameterd`) run for a test, killed on drop.
pub struct FreeDiameter {
    child: Child,
    dir: PathBuf,
    log: Arc<Mutex<String>>,
    /// Where it listens (clear text, and in-band TLS).
    pub addr: SocketAddr,
    /// Where it listens for TLS at connect, when started with TLS.
    pub tls_addr: Option<SocketAddr>,
}

/// A peer freeDiameter connects to (its `ConnectPeer`), and accepts.
#[derive(Debug, Clone, Copy)]
pub struct FdPeer<'a> {
    /// Its DiameterIdentity.
    pub identity: &'a str,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Clear text (`No_TLS`), TLS at connect (freeDiameter's default) or
    /// in band (`TLS_old_method`).
    pub tls: TlsMode,
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
        let peers: Vec<FdPeer<'_>> = (peers.iter())
            .map(|&(identity, port)| FdPeer {
                identity,
                port,
                tls: TlsMode::Off,
            })
            .collect();
        Self::launch(identity, realm, None, &peers, tw_seconds)
    }

    /// As [`start`](Self::start), with TLS: `tls` gives its certificate,
    /// key and CA bundle (`TLS_Cred`, `TLS_CA`), it listens for TLS at
    /// connect on [`tls_addr`](Self::tls_addr) (`SecPort`), and reaches
    /// each peer as its [`FdPeer::tls`] says.
    ///
    /// # Panics
    /// As for [`start`](Self::start).
    pub fn start_tls(
        identity: &str,
        realm: &str,
        tls: &TlsSettings,
        peers: &[FdPeer<'_>],
        tw_seconds: u32,
    ) -> Self {
        Self::launch(identity, realm, Some(tls), peers, tw_seconds)
    }

    fn launch(
        identity: &str,
        realm: &str,
        tls: Option<&TlsSettings>,
        peers: &[FdPeer<'_>],
        tw_seconds: u32,
    ) -> Self {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("fd-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
        let mut conf = format!(
            "Identity = \"{identity}\";\nRealm = \"{realm}\";\nPort = {port};\nNo_SCTP;\nNo_IPv6;\n\
             ListenOn = \"127.0.0.1\";\nTwTimer = {tw_seconds};\nTcTimer = 6;\n\
             LoadExtension = \"/usr/lib/freeDiameter/dict_nasreq.fdx\";\n\
             LoadExtension = \"/usr/lib/freeDiameter/dict_dcca.fdx\";\n\
             LoadExtension = \"/usr/lib/freeDiameter/dict_dcca_3gpp.fdx\";\n"
        );
        let tls_port = match tls {
            Some(t) => {
                let sec = free_port();
                conf += &format!(
                    "SecPort = {sec};\nTLS_Cred = \"{}\", \"{}\";\nTLS_CA = \"{}\";\n",
                    t.cert_chain.display(),
                    t.private_key.display(),
                    t.ca_bundle.display()
                );
                Some(sec)
            }
            None => {
                conf += "SecPort = 0;\n";
                None
            }
        };
        for peer in peers {
            // freeDiameter's names: TLS at connect is its default (RFC
            // 6733), in-band TLS its "old method" (RFC 3588).
            let security = match peer.tls {
                TlsMode::Off => "No_TLS;",
                TlsMode::AtConnect => "",
                TlsMode::InBand => "TLS_old_method;",
            };
            conf += &format!(
                "ConnectPeer = \"{}\" {{ ConnectTo = \"127.0.0.1\"; Port = {}; {security} }};\n",
                peer.identity, peer.port
            );
        }
        let conf_path = dir.join("freeDiameter.conf");
        std::fs::write(&conf_path, conf).unwrap_or_else(|e| panic!("write config: {e}"));
        let mut child = Command::new("freeDiameterd")
            .arg("-c")
            .arg(&conf_path)
            // Every message sent and received is logged from level -dd.
            .arg("-dd")
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
            tls_addr: tls_port.map(|p| SocketAddr::from(([127, 0, 0, 1], p))),
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

    /// The messages it has logged as exchanged with `peer`, in order (at
    /// the debug level it runs at, `-dd`, it logs every message sent and
    /// received: `SENT to 'peer': 'Name'0/280 f:R--- ...`, `RCV from
    /// 'peer': ...0/280 f:---- ...`).
    pub fn exchanged(&self, peer: &str) -> Vec<Logged> {
        let sent = format!("SENT to '{peer}': ");
        let received = format!("RCV from '{peer}': ");
        self.log()
            .lines()
            .filter_map(|line| {
                let (rest, sent) = match (line.split_once(&sent), line.split_once(&received)) {
                    (Some((_, rest)), _) => (rest, true),
                    (None, Some((_, rest))) => (rest, false),
                    (None, None) => return None,
                };
                let (head, flags) = rest.split_once(" f:")?;
                let command = head.rsplit('/').next()?.parse().ok()?;
                Some(Logged {
                    sent,
                    command,
                    request: flags.starts_with('R'),
                })
            })
            .collect()
    }

    /// How many times it logged `message` as exchanged with `peer`.
    pub fn count(&self, peer: &str, message: Logged) -> usize {
        self.exchanged(peer)
            .iter()
            .filter(|m| **m == message)
            .count()
    }

    /// Waits (up to 20 s) until its connection with `peer` is open
    /// (`'STATE_...' -> 'STATE_OPEN' 'peer'` in its log).
    ///
    /// # Panics
    /// When it is not open by then, with the log.
    pub fn wait_open(&self, peer: &str) {
        let open = format!("-> 'STATE_OPEN'\t'{peer}'");
        self.wait(
            &format!("its connection with {peer}"),
            Duration::from_secs(20),
            |fd| fd.log().contains(&open),
        );
    }

    /// Waits up to `timeout` until `done` holds, every 20 ms.
    ///
    /// # Panics
    /// When it does not hold by then, with `what` and the log.
    pub fn wait(&self, what: &str, timeout: Duration, done: impl Fn(&Self) -> bool) {
        let t0 = Instant::now();
        while !done(self) {
            assert!(
                t0.elapsed() < timeout,
                "freeDiameter: no {what} after {timeout:?}; it logged:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits up to 30 s until `ok` holds of `node`'s peers.
    ///
    /// # Panics
    /// When it does not hold by then, with `what`, the peers and what
    /// freeDiameter logged.
    pub fn wait_for_peers(
        &self,
        what: &str,
        node: &Node,
        ok: impl Fn(&[diameter_transport::PeerInfo]) -> bool,
    ) {
        let t0 = Instant::now();
        while !ok(&node.peers()) {
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "{what}: peers {:?}\nfreeDiameter said:\n{}",
                node.peers(),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Whether peers include an open one named `host` (for
/// [`FreeDiameter::wait_for_peers`]).
pub fn open_with(host: &'static str) -> impl Fn(&[diameter_transport::PeerInfo]) -> bool {
    move |peers| peers.iter().any(|p| p.host == host && p.is_open())
}

/// A message in freeDiameter's log ([`FreeDiameter::exchanged`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logged {
    /// Sent by freeDiameter (else received).
    pub sent: bool,
    /// Its command code.
    pub command: u32,
    /// A request (else an answer).
    pub request: bool,
}

impl Drop for FreeDiameter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `n` CCR-Initials from `gw.example.net` to `example.com` end to end,
/// their End-to-End Identifiers 0 to `n - 1`: a block to write at once.
pub fn ccr_block(n: u32) -> Vec<u8> {
    (0..n)
        .flat_map(|i| {
            let session = format!("gw.example.net;1;{i}");
            ccr_initial(
                &session,
                ("gw.example.net", "example.net"),
                "example.com",
                i,
            )
        })
        .collect()
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

// ---------------------------------------------------------------------------
// Raw peers: Diameter spoken by hand over blocking std sockets, for the
// loopback tests that need a peer behaving in ways a `Node` never would.
// ---------------------------------------------------------------------------

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, TcpStream};

use diameter_core::dict::{application, result_code as rc};
use diameter_core::peer::{write_base, BaseMessage, Ids, LocalIdentity};
use diameter_core::wire::{Address, Message};
use diameter_transport::{AppId, Node, NodeConfig, TlsMode, TlsSettings};

/// How long a raw peer waits for the rest of a message once its first
/// byte has arrived.
const REST_OF_MESSAGE: Duration = Duration::from_secs(10);

/// What a raw peer's socket gave.
#[derive(Debug)]
pub enum Incoming {
    /// One whole message.
    Message(Vec<u8>),
    /// The other side closed the connection (EOF or reset).
    Closed,
    /// Nothing arrived in the time allowed.
    Nothing,
}

/// A Diameter peer written by hand over a blocking `TcpStream`: it sends
/// and receives whole messages and does only what the test tells it.
/// Reading takes exactly one message off the socket, so nothing is buffered
/// and the stream can be used directly at any time.
#[derive(Debug)]
pub struct RawPeer {
    /// The connection.
    pub stream: TcpStream,
    /// The Origin-Host this peer sends.
    pub host: String,
    /// The Origin-Realm this peer sends.
    pub realm: String,
    next_id: u32,
}

impl RawPeer {
    /// Connects to `addr` as `host` in `realm`.
    ///
    /// # Panics
    /// The connection is refused.
    pub fn connect(addr: SocketAddr, host: &str, realm: &str) -> Self {
        let stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
        Self::on(stream, host, realm)
    }

    /// Waits up to `timeout` for a connection on `listener` and answers it
    /// as `host` in `realm`.
    ///
    /// # Panics
    /// Nobody connects in time.
    pub fn accept(listener: &TcpListener, host: &str, realm: &str, timeout: Duration) -> Self {
        let stream = accept_within(listener, timeout)
            .unwrap_or_else(|| panic!("{host}: no connection within {timeout:?}"));
        Self::on(stream, host, realm)
    }

    /// A raw peer on an established connection.
    pub fn on(stream: TcpStream, host: &str, realm: &str) -> Self {
        let _ = stream.set_nodelay(true);
        Self {
            stream,
            host: host.to_string(),
            realm: realm.to_string(),
            next_id: 0x5eed_0000,
        }
    }

    /// Writes `bytes` as they are.
    ///
    /// # Panics
    /// The connection is gone.
    pub fn send(&mut self, bytes: &[u8]) {
        self.stream
            .write_all(bytes)
            .unwrap_or_else(|e| panic!("{}: write: {e}", self.host));
    }

    /// The next message, if one starts arriving within `timeout` (zero:
    /// only if it has started arriving already).
    ///
    /// # Panics
    /// The connection closes in the middle of a message.
    pub fn recv(&mut self, timeout: Duration) -> Incoming {
        let _ = self.stream.set_nonblocking(timeout.is_zero());
        let _ = self
            .stream
            .set_read_timeout(Some(timeout).filter(|t| !t.is_zero()));
        let mut head = [0u8; 4];
        let first = self.stream.read(&mut head[..1]);
        let _ = self.stream.set_nonblocking(false);
        match first {
            Ok(0) => return Incoming::Closed,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Incoming::Nothing
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => return Incoming::Nothing,
            Err(_) => return Incoming::Closed,
        }
        let _ = self.stream.set_read_timeout(Some(REST_OF_MESSAGE));
        let host = &self.host;
        self.stream
            .read_exact(&mut head[1..])
            .unwrap_or_else(|e| panic!("{host}: message header cut short: {e}"));
        let len = u32::from_be_bytes([0, head[1], head[2], head[3]]) as usize;
        assert!(len >= 20, "{host}: impossible message length {len}");
        let mut msg = vec![0u8; len];
        msg[..4].copy_from_slice(&head);
        self.stream
            .read_exact(&mut msg[4..])
            .unwrap_or_else(|e| panic!("{host}: message cut short: {e}"));
        Incoming::Message(msg)
    }

    /// The next message, which must arrive within `timeout`.
    ///
    /// # Panics
    /// None arrives, or the connection closes.
    pub fn expect_message(&mut self, timeout: Duration) -> Vec<u8> {
        match self.recv(timeout) {
            Incoming::Message(m) => m,
            other => panic!(
                "{}: expected a message within {timeout:?}, got {other:?}",
                self.host
            ),
        }
    }

    /// Waits up to `timeout` for the other side to close the connection;
    /// returns the messages that arrived before, or `None` if it stayed open.
    pub fn wait_closed(&mut self, timeout: Duration) -> Option<Vec<Vec<u8>>> {
        let t0 = Instant::now();
        let mut before = Vec::new();
        while let Some(left) = timeout.checked_sub(t0.elapsed()) {
            match self.recv(left) {
                Incoming::Closed => return Some(before),
                Incoming::Message(m) => before.push(m),
                Incoming::Nothing => {}
            }
        }
        None
    }

    /// Encodes a base protocol message from this peer with `ids`.
    pub fn base(&self, msg: BaseMessage, ids: Ids) -> Vec<u8> {
        base_message((&self.host, &self.realm), msg, ids)
    }

    /// Sends a base request (CER, DWR, DPR) with fresh identifiers; returns them.
    pub fn request(&mut self, msg: BaseMessage) -> Ids {
        self.next_id += 1;
        let ids = Ids {
            hop_by_hop: self.next_id,
            end_to_end: self.next_id,
        };
        let bytes = self.base(msg, ids);
        self.send(&bytes);
        ids
    }

    /// Sends the base answer `msg` to `request`.
    pub fn reply(&mut self, request: &[u8], msg: BaseMessage) {
        let ids = Ids::of(&parse(request));
        let bytes = self.base(msg, ids);
        self.send(&bytes);
    }

    /// Client side of the capabilities exchange: sends a CER and returns the
    /// CEA, which must say 2001.
    ///
    /// # Panics
    /// No CEA, or not a successful one.
    pub fn handshake(&mut self) -> Vec<u8> {
        let ids = self.request(BaseMessage::Cer);
        self.expect_cea(ids)
    }

    /// Reads the CEA of the CER sent with `ids`, which must say 2001.
    ///
    /// # Panics
    /// No CEA, or not a successful one.
    pub fn expect_cea(&mut self, ids: Ids) -> Vec<u8> {
        let cea = self.expect_message(Duration::from_secs(10));
        let m = parse(&cea);
        assert_eq!(
            (m.command_code(), m.is_request(), Ids::of(&m)),
            (257, false, ids),
            "{}: not the CEA",
            self.host
        );
        assert_eq!(result_code(&cea), Some(rc::DIAMETER_SUCCESS), "{m:?}");
        cea
    }

    /// Server side of the capabilities exchange: reads the CER and answers
    /// it with a successful CEA; returns the CER.
    ///
    /// # Panics
    /// The first message is not a CER.
    pub fn serve_handshake(&mut self) -> Vec<u8> {
        let cer = self.expect_message(Duration::from_secs(10));
        let m = parse(&cer);
        assert_eq!((m.command_code(), m.is_request()), (257, true), "not a CER");
        self.reply(
            &cer,
            BaseMessage::Cea {
                result_code: rc::DIAMETER_SUCCESS,
                failed: None,
            },
        );
        cer
    }

    /// Answers whatever arrives until the other side closes: a DWR with a
    /// DWA, a DPR with a DPA (both 2001), an application request with
    /// [`answer`](Self::answer) 2001. Returns the application requests in
    /// the order they came.
    ///
    /// # Panics
    /// The connection is still open after `timeout`, or an answer arrives.
    pub fn serve(&mut self, timeout: Duration) -> Vec<Vec<u8>> {
        let t0 = Instant::now();
        let mut requests = Vec::new();
        while let Some(left) = timeout.checked_sub(t0.elapsed()) {
            let m = match self.recv(left) {
                Incoming::Closed => return requests,
                Incoming::Nothing => continue,
                Incoming::Message(m) => m,
            };
            let msg = parse(&m);
            assert!(msg.is_request(), "{}: unexpected answer {msg:?}", self.host);
            let ok = rc::DIAMETER_SUCCESS;
            match msg.command_code() {
                280 => self.reply(&m, BaseMessage::Dwa { result_code: ok }),
                282 => self.reply(&m, BaseMessage::Dpa { result_code: ok }),
                _ => {
                    let answer = self.answer(&m, ok);
                    self.send(&answer);
                    requests.push(m);
                }
            }
        }
        panic!("{}: still connected after {timeout:?}", self.host)
    }

    /// An application answer from this peer to `request`: its Session-Id,
    /// this peer's Origin-Host and Origin-Realm, and `result_code`.
    pub fn answer(&self, request: &[u8], result_code: u32) -> Vec<u8> {
        let req = parse(request);
        let mut buf = vec![0u8; request.len() + 256];
        let mut w = MessageWriter::answer(&mut buf, &req);
        if let Some(sid) = req.lookup(base::SESSION_ID.code, 0) {
            w.copy_avp(&sid);
        }
        w.identity(base::ORIGIN_HOST, &self.host)
            .identity(base::ORIGIN_REALM, &self.realm)
            .u32(base::RESULT_CODE, result_code);
        let n = w.finish().expect("the answer fits");
        buf.truncate(n);
        buf
    }
}

/// Waits up to `timeout` for a connection on `listener`.
pub fn accept_within(listener: &TcpListener, timeout: Duration) -> Option<TcpStream> {
    listener.set_nonblocking(true).ok()?;
    let t0 = Instant::now();
    while t0.elapsed() < timeout {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).ok()?;
                return Some(stream);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => panic!("accept: {e}"),
        }
    }
    None
}

/// A checked view of an encoded message.
///
/// # Panics
/// The bytes are not a Diameter message.
pub fn parse(bytes: &[u8]) -> Message<'_> {
    Message::new_checked(bytes).unwrap_or_else(|e| panic!("not a Diameter message: {e}"))
}

/// The Result-Code of an encoded message.
pub fn result_code(bytes: &[u8]) -> Option<u32> {
    parse(bytes)
        .lookup(base::RESULT_CODE.code, 0)
        .and_then(|a| a.u32().ok())
}

/// The text of AVP `code` (vendor 0) of an encoded message.
pub fn avp_text(bytes: &[u8], code: u32) -> Option<String> {
    parse(bytes)
        .lookup(code, 0)
        .and_then(|a| a.utf8().ok().map(str::to_string))
}

/// Polls `done` every few milliseconds until it holds; returns how long that took.
///
/// # Panics
/// It does not hold within `timeout`.
pub fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) -> Duration {
    let t0 = Instant::now();
    while !done() {
        assert!(
            t0.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    t0.elapsed()
}

/// The resident set size of this process, in KiB (`VmRSS` of /proc/self/status).
///
/// # Panics
/// Not on Linux.
pub fn vm_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

/// Event-loop threads of the loopback tests' nodes: `DIAMETER_TEST_THREADS`,
/// 1 when unset (`tests/run.sh` runs the transport tests at 1, 2 and 4).
pub fn test_threads() -> usize {
    std::env::var("DIAMETER_TEST_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(1)
}

/// A node configuration for the loopback tests: credit control,
/// [`test_threads`] event-loop threads, listening on a free loopback port
/// when `listen`.
pub fn test_config(host: &str, realm: &str, listen: bool) -> NodeConfig {
    let mut cfg = NodeConfig::new(host, realm);
    cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
    cfg.threads = test_threads();
    if listen {
        cfg.listen = vec![SocketAddr::from(([127, 0, 0, 1], 0))];
    }
    cfg
}

/// Starts a node whose handler is [`Echo`].
///
/// # Panics
/// The node cannot start.
pub fn echo_node(config: NodeConfig) -> Node {
    Node::start(config, |_| Echo).unwrap_or_else(|e| panic!("node start: {e}"))
}

/// An [`Echo`] node `gw.example.net` of realm `example.net` whose one peer
/// is `ocs.example.com` at `server`'s first address, once that peer is
/// open; `tune` adjusts its configuration first.
///
/// # Panics
/// The node cannot start, or its peer does not open within 5 s.
pub fn gateway_of(server: &Node, tune: impl FnOnce(&mut NodeConfig)) -> Node {
    let mut cfg = test_config("gw.example.net", "example.net", false);
    cfg.peers = vec![diameter_transport::PeerConfig {
        address: server.local_addrs()[0],
        host: Some("ocs.example.com".into()),
        tls: diameter_transport::TlsMode::Off,
    }];
    tune(&mut cfg);
    let client = echo_node(cfg);
    wait_until("the gateway's peer open", Duration::from_secs(5), || {
        client.peers().iter().any(|p| p.is_open())
    });
    client
}

/// The node's peer with Origin-Host `host`, if it has one.
pub fn peer_of(node: &Node, host: &str) -> Option<diameter_transport::PeerInfo> {
    node.peers().into_iter().find(|p| p.host == host)
}

/// A small deterministic pseudo-random generator (xorshift64*) for tests
/// that need shuffles and random delays that can be replayed.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from `seed` (0 is replaced).
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// A value in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

/// Encodes a base protocol message (CER, CEA, DWR, DWA, DPR, DPA) from a
/// credit-control peer `origin` (host, realm) with `ids`; a CER or CEA
/// offers no Inband-Security-Id.
///
/// # Panics
/// Never for these messages: they fit 1 KiB.
pub fn base_message(origin: (&str, &str), msg: BaseMessage, ids: Ids) -> Vec<u8> {
    let addresses = [Address::V4(Ipv4Addr::LOCALHOST)];
    let local = LocalIdentity {
        origin_host: origin.0,
        origin_realm: origin.1,
        host_ip_addresses: &addresses,
        vendor_id: 0,
        product_name: "raw-peer",
        origin_state_id: None,
        supported_vendor_ids: &[],
        auth_application_ids: &[application::CREDIT_CONTROL],
        acct_application_ids: &[],
        vendor_specific_application_ids: &[],
        firmware_revision: None,
        inband_security_ids: &[],
    };
    let mut buf = vec![0u8; 1024];
    let n = write_base(&mut buf, &local, msg, ids).expect("a base message fits 1 KiB");
    buf.truncate(n);
    buf
}

/// Reads one whole Diameter message from `stream`.
///
/// # Errors
/// The stream ends or fails (a read timeout included) before the message
/// is whole, or its header announces an impossible length.
pub fn read_message(stream: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut head = [0u8; 4];
    stream.read_exact(&mut head)?;
    let len = u32::from_be_bytes([0, head[1], head[2], head[3]]) as usize;
    if len < 20 {
        return Err(std::io::Error::new(
            ErrorKind::InvalidData,
            format!("impossible message length {len}"),
        ));
    }
    let mut msg = vec![0u8; len];
    msg[..4].copy_from_slice(&head);
    stream.read_exact(&mut msg[4..])?;
    Ok(msg)
}
