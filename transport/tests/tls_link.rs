//! `TlsLink` over real loopback sockets, driven as the event loop drives a
//! link: one mio `Poll`, read until `WouldBlock`, write until `WouldBlock`,
//! writable interest only while output is pending. Certificates are made
//! here with rcgen.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use diameter_core::dict::{application, base, result_code as rc};
use diameter_core::wire::{flags, Address, Message, MessageWriter};
use diameter_transport::{Link, TlsLink, TlsSettings};
use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::pem::PemObject;

/// Only a guard against a hung test: every wait is on readiness.
const WAIT: Duration = Duration::from_secs(10);
const TLS: u32 = 1;

// ---- certificates -------------------------------------------------------

/// A CA and the PEM files of the certificates it issued, in a temporary directory.
struct Pki {
    dir: tempfile::TempDir,
    ca: CertifiedIssuer<'static, KeyPair>,
}

impl Pki {
    fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
        Self { dir, ca }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    /// Settings for a node whose certificate names `names` and that trusts this CA.
    fn node(&self, names: &[&str]) -> TlsSettings {
        self.node_with(names, |_| {})
    }

    fn node_with(&self, names: &[&str], edit: impl FnOnce(&mut CertificateParams)) -> TlsSettings {
        let sans: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut params = CertificateParams::new(sans).unwrap();
        params.distinguished_name.push(DnType::CommonName, names[0]);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        edit(&mut params);
        let key = KeyPair::generate().unwrap();
        let issuer: &Issuer<'_, KeyPair> = &self.ca;
        let cert = params.signed_by(&key, issuer).unwrap();
        let (cert_file, key_file) = (
            self.path(&format!("{}.crt", names[0])),
            self.path(&format!("{}.key", names[0])),
        );
        std::fs::write(&cert_file, cert.pem()).unwrap();
        std::fs::write(&key_file, key.serialize_pem()).unwrap();
        TlsSettings::new(cert_file, key_file, self.path("ca.pem"))
    }
}

// ---- Diameter messages ----------------------------------------------------

fn cer(host: &str) -> Vec<u8> {
    let mut buf = vec![0u8; 512];
    let mut w = MessageWriter::request(&mut buf, 257, 0, false, 0x1111, 0x2222);
    w.identity(base::ORIGIN_HOST, host)
        .identity(base::ORIGIN_REALM, "example.com")
        .address(base::HOST_IP_ADDRESS, Address::V4([127, 0, 0, 1].into()))
        .u32(base::VENDOR_ID, 0)
        .utf8(base::PRODUCT_NAME, "tls-test")
        .u32(base::AUTH_APPLICATION_ID, application::CREDIT_CONTROL)
        .enumerated(base::INBAND_SECURITY_ID, TLS as i32);
    let n = w.finish().unwrap();
    buf.truncate(n);
    buf
}

fn cea(cer: &[u8], host: &str) -> Vec<u8> {
    let request = Message::new_checked(cer).unwrap();
    let mut buf = vec![0u8; 512];
    let mut w = MessageWriter::answer(&mut buf, &request);
    w.u32(base::RESULT_CODE, rc::DIAMETER_SUCCESS)
        .identity(base::ORIGIN_HOST, host)
        .identity(base::ORIGIN_REALM, "example.com")
        .address(base::HOST_IP_ADDRESS, Address::V4([127, 0, 0, 1].into()))
        .u32(base::VENDOR_ID, 0)
        .utf8(base::PRODUCT_NAME, "tls-test")
        .u32(base::AUTH_APPLICATION_ID, application::CREDIT_CONTROL)
        .enumerated(base::INBAND_SECURITY_ID, TLS as i32);
    let n = w.finish().unwrap();
    buf.truncate(n);
    buf
}

/// The Origin-Host of a whole message.
fn origin_host(bytes: &[u8]) -> String {
    let msg = Message::new_checked(bytes).unwrap();
    let avp = msg.lookup(base::ORIGIN_HOST.code, 0).unwrap();
    String::from_utf8(avp.data().to_vec()).unwrap()
}

// ---- the driver -------------------------------------------------------------

/// One side of a connection as the event loop holds it.
#[derive(Debug)]
struct End {
    link: Box<dyn Link>,
    /// Until [`Link::established`] says so, as the event loop does.
    connecting: bool,
    received: Vec<u8>,
    outbox: Vec<u8>,
    eof: bool,
    error: Option<io::Error>,
}

impl End {
    fn new(link: Box<dyn Link>) -> Self {
        Self {
            link,
            connecting: true,
            received: Vec::new(),
            outbox: Vec::new(),
            eof: false,
            error: None,
        }
    }

    fn done(&self) -> bool {
        self.eof || self.error.is_some()
    }

    fn error_text(&self) -> String {
        match &self.error {
            Some(e) => e.to_string(),
            None => panic!("no error: {self:?}"),
        }
    }
}

/// Writable interest only while the link has output of its own pending.
fn interest(link: &dyn Link) -> Interest {
    if link.wants_write() {
        Interest::READABLE | Interest::WRITABLE
    } else {
        Interest::READABLE
    }
}

struct Driver {
    poll: Poll,
    ends: Vec<End>,
}

impl Driver {
    fn new() -> Self {
        Self {
            poll: Poll::new().unwrap(),
            ends: Vec::new(),
        }
    }

    /// Adds a link; as the event loop does for one it is opening, it is
    /// serviced once [`Link::established`] says so.
    fn add(&mut self, link: impl Link + 'static) -> usize {
        let mut link: Box<dyn Link> = Box::new(link);
        let token = Token(self.ends.len());
        self.poll
            .registry()
            .register(&mut *link, token, Interest::READABLE | Interest::WRITABLE)
            .unwrap();
        self.ends.push(End::new(link));
        token.0
    }

    /// Starts TLS in band on the clear-text link `i`, whose buffers must be
    /// empty (RFC 6733 §6.10): same socket, same registration.
    fn upgrade(&mut self, i: usize, wrap: impl FnOnce(TcpStream) -> TlsLink) {
        let end = self.ends.remove(i);
        assert!(end.received.is_empty() && end.outbox.is_empty(), "{end:?}");
        let tcp = end
            .link
            .into_tcp()
            .expect("a TCP link gives its socket back");
        let mut link: Box<dyn Link> = Box::new(wrap(tcp));
        let interest = interest(&*link);
        self.poll
            .registry()
            .reregister(&mut *link, Token(i), interest)
            .unwrap();
        self.ends.insert(i, End::new(link));
    }

    /// Queues `bytes` to send on end `i`.
    fn send(&mut self, i: usize, bytes: &[u8]) {
        self.ends[i].outbox.extend_from_slice(bytes);
        self.service(i);
    }

    /// What the event loop does for a link on any event.
    fn service(&mut self, i: usize) {
        let registry = self.poll.registry();
        let end = &mut self.ends[i];
        if end.done() {
            return;
        }
        if end.connecting {
            match end.link.established() {
                Ok(true) => end.connecting = false,
                Ok(false) => return,
                Err(e) => {
                    end.error = Some(e);
                    return;
                }
            }
        }
        let mut buf = [0u8; 4096];
        loop {
            match end.link.read(&mut buf) {
                Ok(0) => {
                    end.eof = true;
                    break;
                }
                Ok(n) => end.received.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => {
                    end.error = Some(e);
                    return;
                }
            }
        }
        while !end.outbox.is_empty() {
            match end.link.write(&end.outbox) {
                Ok(n) => drop(end.outbox.drain(..n)),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => {
                    end.error = Some(e);
                    return;
                }
            }
        }
        match end.link.flush() {
            Err(e) if e.kind() != io::ErrorKind::WouldBlock => {
                end.error = Some(e);
                return;
            }
            _ => {}
        }
        let interest = if end.outbox.is_empty() {
            interest(&*end.link)
        } else {
            Interest::READABLE | Interest::WRITABLE
        };
        registry
            .reregister(&mut *end.link, Token(i), interest)
            .unwrap();
    }

    /// Services the links on their events until `done` holds.
    fn run_until(&mut self, what: &str, done: impl Fn(&[End]) -> bool) {
        for i in 0..self.ends.len() {
            self.service(i);
        }
        let mut events = Events::with_capacity(16);
        while !done(&self.ends) {
            self.poll.poll(&mut events, Some(WAIT)).unwrap();
            assert!(!events.is_empty(), "{what}: no progress: {:#?}", self.ends);
            for ev in &events {
                self.service(ev.token().0);
            }
        }
    }

    /// Sends `bytes` from end `from` and runs until end `to` has them all.
    fn deliver(&mut self, from: usize, to: usize, bytes: &[u8]) {
        let before = self.ends[to].received.len();
        self.send(from, bytes);
        self.run_until("delivery", |ends| {
            ends[to].received.len() >= before + bytes.len() || ends[to].done() || ends[from].done()
        });
        assert_eq!(
            &self.ends[to].received[before..],
            bytes,
            "{:#?}",
            self.ends[to]
        );
    }
}

/// A connected pair of non-blocking sockets: (client side, server side).
/// The client side was opened as the event loop opens it (a non-blocking
/// connect), so the driver asks it [`Link::established`] first.
fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    server.set_nonblocking(true).unwrap();
    (client, TcpStream::from_std(server))
}

/// A TLS client (index 0) connecting to `server_name` and a TLS server
/// (index 1), both on one driver.
fn tls_pair(client: &TlsSettings, server: &TlsSettings, server_name: &str) -> Driver {
    let (c, s) = tcp_pair();
    let mut d = Driver::new();
    d.add(TlsLink::connect(c, &client.client_config().unwrap(), server_name).unwrap());
    d.add(TlsLink::accept(s, &server.server_config().unwrap()).unwrap());
    d
}

fn either_failed(ends: &[End]) -> bool {
    ends[0].done() && ends[1].done()
}

// ---- handshakes and Diameter over them ------------------------------------

#[test]
fn tls_at_connect_carries_cer_and_cea_and_authenticates_both_peers() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let mut d = tls_pair(&gw, &ocs, "ocs.example.com");
    // RFC 6733 §2.1: TLS first, then the CER; it is held until the handshake ends.
    let request = cer("gw.example.com");
    d.deliver(0, 1, &request);
    let host = origin_host(&d.ends[1].received);
    assert!(d.ends[1].link.verify_peer_name(&host).is_ok());
    let refused = d.ends[1]
        .link
        .verify_peer_name("ocs.example.com")
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("does not name Origin-Host ocs.example.com"),
        "{refused}"
    );
    assert!(ocs.admits(&host));
    assert!(!ocs.clone().with_pinned(["other.example.com"]).admits(&host));
    let answer = cea(&request, "ocs.example.com");
    d.deliver(1, 0, &answer);
    assert_eq!(origin_host(&d.ends[0].received), "ocs.example.com");
    assert!(d.ends[0].link.verify_peer_name("OCS.example.com").is_ok());
    assert!(!d.ends[0].link.wants_write() && !d.ends[1].link.wants_write());
}

#[test]
fn a_tls12_only_client_is_served() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let mut roots = rustls::RootCertStore::empty();
    roots.add(pki.ca.der().clone()).unwrap();
    let chain = vec![rustls::pki_types::CertificateDer::from_pem_file(&gw.cert_chain).unwrap()];
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(&gw.private_key).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_protocol_versions(&[&rustls::version::TLS12])
    .unwrap()
    .with_root_certificates(roots)
    .with_client_auth_cert(chain, key)
    .unwrap();
    let (c, s) = tcp_pair();
    let mut d = Driver::new();
    d.add(TlsLink::connect(c, &Arc::new(config), "ocs.example.com").unwrap());
    d.add(TlsLink::accept(s, &ocs.server_config().unwrap()).unwrap());
    let request = cer("gw.example.com");
    d.deliver(0, 1, &request);
    d.deliver(1, 0, &cea(&request, "ocs.example.com"));
    assert!(
        format!("{:?}", d.ends[1].link).contains("TLSv1_2"),
        "{:?}",
        d.ends[1].link
    );
}

#[test]
fn in_band_tls_starts_after_a_clear_text_cer_and_cea() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let (c, s) = tcp_pair();
    let mut d = Driver::new();
    d.add(c);
    d.add(s);
    // RFC 6733 §6.10: CER and CEA in clear, both with Inband-Security-Id TLS.
    let request = cer("gw.example.com");
    d.deliver(0, 1, &request);
    let answer = cea(&request, "ocs.example.com");
    d.deliver(1, 0, &answer);
    // The loop has handled both messages and its buffers are empty: now
    // each side wraps its socket, keeping its mio registration.
    for end in &mut d.ends {
        end.received.clear();
    }
    d.upgrade(0, |tcp| {
        TlsLink::connect(tcp, &gw.client_config().unwrap(), "ocs.example.com").unwrap()
    });
    d.upgrade(1, |tcp| {
        TlsLink::accept(tcp, &ocs.server_config().unwrap()).unwrap()
    });
    // The names came in the clear CEA and CER: checked when the handshake ends.
    d.ends[0].link.verify_peer_name("ocs.example.com").unwrap();
    d.ends[1].link.verify_peer_name("gw.example.com").unwrap();
    d.deliver(0, 1, &watchdog(true));
    d.deliver(1, 0, &watchdog(false));
    // A TLS link is not plain TCP: no socket to take back.
    let tls = d.ends.pop().unwrap().link;
    assert!(tls.into_tcp().is_none());
}

#[test]
/// As after an in-band upgrade: the Origin-Host is known before the handshake.
fn a_certificate_that_does_not_name_the_cer_origin_host_is_refused_when_the_handshake_ends() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let (c, s) = tcp_pair();
    let mut d = Driver::new();
    d.add(TlsLink::connect(c, &gw.client_config().unwrap(), "ocs.example.com").unwrap());
    let mut server = TlsLink::accept(s, &ocs.server_config().unwrap()).unwrap();
    // The clear CER claimed another host than the certificate names.
    server.verify_peer_name("mme.example.com").unwrap();
    d.add(server);
    d.send(0, &cer("gw.example.com"));
    d.run_until("the deferred name check", |ends| ends[1].done());
    let text = d.ends[1].error_text();
    assert!(
        text.starts_with("TLS peer certificate does not name Origin-Host mme.example.com: ")
            && text.contains("gw.example.com"),
        "{text}"
    );
    assert!(d.ends[1].received.is_empty(), "nothing from a peer refused");
    // However often the loop reads again.
    let mut buf = [0u8; 512];
    let again = d.ends[1].link.read(&mut buf).unwrap_err();
    assert_eq!(again.kind(), io::ErrorKind::PermissionDenied);
}

/// A DWR (`request`) or DWA of gw.example.com.
fn watchdog(request: bool) -> Vec<u8> {
    let mut buf = vec![0u8; 256];
    let mut w = MessageWriter::request(&mut buf, 280, 0, false, 7, 7);
    w.set_flag(flags::REQUEST, request);
    if !request {
        w.u32(base::RESULT_CODE, rc::DIAMETER_SUCCESS);
    }
    w.identity(base::ORIGIN_HOST, "gw.example.com")
        .identity(base::ORIGIN_REALM, "example.com");
    let n = w.finish().unwrap();
    buf.truncate(n);
    buf
}

#[test]
fn megabytes_both_ways_at_once_go_through_full_sockets() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let mut d = tls_pair(&gw, &ocs, "ocs.example.com");
    let up: Vec<u8> = (0..4 << 20).map(|i: u32| (i % 251) as u8).collect();
    let down: Vec<u8> = up.iter().rev().copied().collect();
    d.ends[0].outbox.extend_from_slice(&up);
    d.ends[1].outbox.extend_from_slice(&down);
    d.run_until("bulk", |ends| {
        ends.iter().any(End::done)
            || (ends[0].received.len() == down.len() && ends[1].received.len() == up.len())
    });
    assert!(d.ends[1].received == up && d.ends[0].received == down);
    assert!(d
        .ends
        .iter()
        .all(|e| e.outbox.is_empty() && !e.link.wants_write()));
}

// ---- refused handshakes --------------------------------------------------

#[test]
fn a_server_certificate_from_an_unknown_ca_is_refused() {
    let ours = Pki::new("our CA");
    let theirs = Pki::new("their CA");
    let ocs = theirs.node(&["ocs.example.com"]);
    let gw = ours.node(&["gw.example.com"]);
    let mut d = tls_pair(&gw, &ocs, "ocs.example.com");
    d.run_until("unknown CA", either_failed);
    assert_eq!(
        d.ends[0].error_text(),
        "TLS handshake failed: invalid peer certificate: UnknownIssuer"
    );
    assert!(
        d.ends[1].error_text().contains("UnknownCA"),
        "{}",
        d.ends[1].error_text()
    );
    // And the other way: a client certificate of a CA the server does not trust.
    let ocs = ours.node(&["ocs.example.com"]);
    let mut mme = theirs.node(&["mme.example.com"]);
    mme.ca_bundle = ours.path("ca.pem");
    let mut d = tls_pair(&mme, &ocs, "ocs.example.com");
    d.run_until("unknown client CA", |ends| ends[1].done());
    assert_eq!(
        d.ends[1].error_text(),
        "TLS handshake failed: invalid peer certificate: UnknownIssuer"
    );
}

#[test]
fn a_server_certificate_for_another_host_is_refused() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let mut d = tls_pair(&gw, &ocs, "hss.example.com");
    d.run_until("wrong name", either_failed);
    let text = d.ends[0].error_text();
    assert!(
        text.starts_with("TLS handshake failed: invalid peer certificate: certificate not valid for name \"hss.example.com\"")
            && text.contains("ocs.example.com"),
        "{text}"
    );
}

#[test]
fn an_expired_certificate_is_refused() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node_with(&["ocs.example.com"], |p| {
        p.not_before = rcgen::date_time_ymd(2020, 1, 1);
        p.not_after = rcgen::date_time_ymd(2021, 1, 1);
    });
    let gw = pki.node(&["gw.example.com"]);
    let mut d = tls_pair(&gw, &ocs, "ocs.example.com");
    d.run_until("expired", either_failed);
    let text = d.ends[0].error_text();
    assert!(
        text.starts_with("TLS handshake failed: invalid peer certificate: certificate expired"),
        "{text}"
    );
    assert!(
        d.ends[1].error_text().contains("CertificateExpired"),
        "{}",
        d.ends[1].error_text()
    );
}

#[test]
fn a_client_without_a_certificate_is_refused() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let mut roots = rustls::RootCertStore::empty();
    roots.add(pki.ca.der().clone()).unwrap();
    let anonymous = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let (c, s) = tcp_pair();
    let mut d = Driver::new();
    d.add(TlsLink::connect(c, &Arc::new(anonymous), "ocs.example.com").unwrap());
    d.add(TlsLink::accept(s, &ocs.server_config().unwrap()).unwrap());
    d.send(0, &cer("gw.example.com"));
    d.run_until("no client certificate", |ends| ends[1].done());
    assert_eq!(
        d.ends[1].error_text(),
        "TLS handshake failed: peer sent no certificates"
    );
    assert!(d.ends[1].received.is_empty(), "no CER got through");
}

#[test]
fn a_clear_text_cer_on_a_tls_port_is_refused() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let (c, s) = tcp_pair();
    let mut d = Driver::new();
    d.add(c);
    d.add(TlsLink::accept(s, &ocs.server_config().unwrap()).unwrap());
    d.send(0, &cer("gw.example.com"));
    d.run_until("clear text", |ends| ends[1].done());
    assert_eq!(
        d.ends[1].error_text(),
        "TLS handshake failed: received corrupt message of type InvalidContentType \
         (clear text on a TLS port?)"
    );
    assert!(d.ends[1].received.is_empty());
}

// ---- closing and stalling --------------------------------------------------

#[test]
fn close_notify_reads_as_end_of_stream() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let mut d = tls_pair(&gw, &ocs, "ocs.example.com");
    let request = cer("gw.example.com");
    d.deliver(0, 1, &request);
    // The DPA-then-close of RFC 6733 §5.4: data, then close_notify, then FIN.
    let last = watchdog(false);
    d.ends[1].outbox.extend_from_slice(&last);
    d.service(1);
    d.ends[1].link.close_write();
    d.run_until("close_notify", |ends| ends[0].done());
    assert!(
        d.ends[0].eof && d.ends[0].error.is_none(),
        "{:#?}",
        d.ends[0]
    );
    assert_eq!(d.ends[0].received, last);
}

#[test]
fn a_tcp_close_without_close_notify_is_an_error() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let mut d = tls_pair(&gw, &ocs, "ocs.example.com");
    d.deliver(0, 1, &cer("gw.example.com"));
    let server = d.ends.pop().unwrap();
    drop(server);
    d.run_until("truncation", |ends| ends[0].done());
    assert_eq!(
        d.ends[0].error_text(),
        "TLS peer closed the connection without close_notify"
    );
}

#[test]
fn a_peer_stalled_mid_handshake_does_not_hold_up_another() {
    let pki = Pki::new("Diameter test CA");
    let ocs = pki.node(&["ocs.example.com"]);
    let gw = pki.node(&["gw.example.com"]);
    let server_config = ocs.server_config().unwrap();
    // Half of a real ClientHello, then silence.
    let (mut stalled_client, stalled_server) = tcp_pair();
    let mut hello = Vec::new();
    let mut client = rustls::ClientConnection::new(
        gw.client_config().unwrap(),
        "ocs.example.com".try_into().unwrap(),
    )
    .unwrap();
    client.write_tls(&mut hello).unwrap();
    stalled_client.write_all(&hello[..hello.len() / 2]).unwrap();

    let mut d = Driver::new();
    let stalled = d.add(TlsLink::accept(stalled_server, &server_config).unwrap());
    let (c, s) = tcp_pair();
    let good_client =
        d.add(TlsLink::connect(c, &gw.client_config().unwrap(), "ocs.example.com").unwrap());
    let good_server = d.add(TlsLink::accept(s, &server_config).unwrap());
    let request = cer("gw.example.com");
    d.deliver(good_client, good_server, &request);
    d.deliver(good_server, good_client, &cea(&request, "ocs.example.com"));
    let end = &mut d.ends[stalled];
    assert!(!end.done() && end.received.is_empty());
    let mut buf = [0u8; 64];
    assert_eq!(
        end.link.read(&mut buf).unwrap_err().kind(),
        io::ErrorKind::WouldBlock
    );
    // Open until here: the stalled link only waits, it has not failed.
    drop(stalled_client);
}

// ---- settings ------------------------------------------------------------

#[test]
fn unusable_pem_files_are_named_in_the_error() {
    let pki = Pki::new("Diameter test CA");
    let good = pki.node(&["ocs.example.com"]);

    let mut missing = good.clone();
    missing.cert_chain = pki.path("nowhere.crt");
    let e = missing.server_config().unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::NotFound);
    assert!(
        e.to_string().starts_with(&format!(
            "TLS certificate chain {}: ",
            missing.cert_chain.display()
        )),
        "{e}"
    );

    let mut no_key = good.clone();
    no_key.private_key = good.cert_chain.clone();
    let e = no_key.client_config().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "TLS private key {}: no PKCS#8, PKCS#1 or SEC1 private key in it",
            good.cert_chain.display()
        )
    );

    let mut no_ca = good.clone();
    no_ca.ca_bundle = good.private_key.clone();
    let e = no_ca.server_config().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "TLS CA bundle {}: no certificate in it",
            good.private_key.display()
        )
    );

    let other = pki.node(&["hss.example.com"]);
    let mut mismatched = good.clone();
    mismatched.private_key = other.private_key.clone();
    let e = mismatched.server_config().unwrap_err();
    assert!(
        e.to_string().starts_with(&format!(
            "TLS certificate {} with key {}: ",
            good.cert_chain.display(),
            other.private_key.display()
        )),
        "{e}"
    );
}

#[test]
fn pinning_admits_only_the_pinned_hosts() {
    let pki = Pki::new("Diameter test CA");
    let open = pki.node(&["ocs.example.com"]);
    assert!(open.admits("anyone.example.org"));
    let pinned = open.with_pinned(["gw.example.com", "MME.example.com"]);
    assert!(pinned.admits("gw.example.com"));
    assert!(pinned.admits("mme.EXAMPLE.com"));
    assert!(!pinned.admits("hss.example.com"));
}
