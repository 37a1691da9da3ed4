//! Certificates for the TLS tests, made with rcgen into a temporary
//! directory, and a TLS peer spoken by hand over a blocking socket.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use diameter_core::peer::{BaseMessage, Ids};
use diameter_transport::TlsSettings;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::ServerName;
use rustls::{ClientConnection, StreamOwned};

/// A CA and the PEM files of the certificates it issued.
pub struct Pki {
    dir: tempfile::TempDir,
    ca: CertifiedIssuer<'static, KeyPair>,
}

impl Pki {
    /// A new CA named `name`, its certificate in `ca.pem`.
    ///
    /// # Panics
    /// rcgen or the temporary directory fail.
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().expect("CA key");
        let ca = CertifiedIssuer::self_signed(params, key).expect("CA certificate");
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).expect("ca.pem");
        Self { dir, ca }
    }

    /// Keeps the directory and its files after the end of the process
    /// (for load runs by hand); returns where it is.
    pub fn keep(self) -> PathBuf {
        self.dir.keep()
    }

    /// A file of the directory.
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    /// Settings of a node whose certificate (for client and server use)
    /// names `names`, issued by this CA, which it trusts.
    pub fn node(&self, names: &[&str]) -> TlsSettings {
        self.node_with(names, |_| {})
    }

    /// As [`node`](Self::node), with the certificate's parameters edited.
    ///
    /// # Panics
    /// `names` is empty, or rcgen or the file system fail.
    pub fn node_with(
        &self,
        names: &[&str],
        edit: impl FnOnce(&mut CertificateParams),
    ) -> TlsSettings {
        let sans: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut params = CertificateParams::new(sans).expect("certificate parameters");
        params.distinguished_name.push(DnType::CommonName, names[0]);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        edit(&mut params);
        let key = KeyPair::generate().expect("key");
        let issuer: &Issuer<'_, KeyPair> = &self.ca;
        let cert = params.signed_by(&key, issuer).expect("certificate");
        let stem = format!(
            "{}-{}",
            names[0],
            std::fs::read_dir(self.dir.path()).map_or(0, Iterator::count)
        );
        let (cert_file, key_file) = (
            self.path(&format!("{stem}.crt")),
            self.path(&format!("{stem}.key")),
        );
        std::fs::write(&cert_file, cert.pem()).expect("certificate file");
        std::fs::write(&key_file, key.serialize_pem()).expect("key file");
        TlsSettings::new(cert_file, key_file, self.path("ca.pem"))
    }
}

/// A Diameter peer over a blocking TLS client connection, doing only what
/// the test tells it (RFC 6733 §2.1: TLS first, then the CER).
pub struct TlsPeer {
    stream: StreamOwned<ClientConnection, TcpStream>,
    /// The Origin-Host and Origin-Realm it sends.
    pub origin: (String, String),
    next_id: u32,
}

impl TlsPeer {
    /// Connects to `addr` with `settings`, expecting a server certificate
    /// for `server_name`; the handshake runs with the first exchange.
    ///
    /// # Panics
    /// The connection is refused or the settings unusable.
    pub fn connect(
        addr: SocketAddr,
        settings: &TlsSettings,
        server_name: &str,
        origin: (&str, &str),
    ) -> Self {
        let config = settings.client_config().expect("client configuration");
        let name = ServerName::try_from(server_name.to_owned()).expect("a DNS name");
        let tls = ClientConnection::new(Arc::clone(&config), name).expect("TLS client");
        let tcp = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
        let _ = tcp.set_read_timeout(Some(Duration::from_secs(30)));
        Self {
            stream: StreamOwned::new(tls, tcp),
            origin: (origin.0.to_owned(), origin.1.to_owned()),
            next_id: 0x7150_0000,
        }
    }

    /// Sends a base request with fresh identifiers; returns them.
    ///
    /// # Errors
    /// The handshake or the write failed.
    pub fn request(&mut self, msg: BaseMessage) -> io::Result<Ids> {
        self.next_id += 1;
        let ids = Ids {
            hop_by_hop: self.next_id,
            end_to_end: self.next_id,
        };
        self.send(&crate::base_message(
            (&self.origin.0, &self.origin.1),
            msg,
            ids,
        ))?;
        Ok(ids)
    }

    /// Sends the base answer `msg` to `request`.
    ///
    /// # Errors
    /// The write failed.
    pub fn reply(&mut self, request: &[u8], msg: BaseMessage) -> io::Result<()> {
        let ids = Ids::of(&crate::parse(request));
        self.send(&crate::base_message(
            (&self.origin.0, &self.origin.1),
            msg,
            ids,
        ))
    }

    /// Writes `bytes` and flushes them.
    ///
    /// # Errors
    /// The handshake or the write failed.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)?;
        self.stream.flush()
    }

    /// Ends the TLS session with close_notify (RFC 8446 §6.1), then the
    /// TCP connection's sending side.
    ///
    /// # Errors
    /// The write failed.
    pub fn close_notify(&mut self) -> io::Result<()> {
        self.stream.conn.send_close_notify();
        self.stream.flush()?;
        self.stream.sock.shutdown(std::net::Shutdown::Write)
    }

    /// The next whole message (waiting at most 30 s).
    ///
    /// # Errors
    /// The connection failed or closed first.
    pub fn recv(&mut self) -> io::Result<Vec<u8>> {
        crate::read_message(&mut self.stream)
    }
}
