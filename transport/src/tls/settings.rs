//! A node's TLS credentials and trust, loaded from PEM files into rustls
//! configurations (RFC 6733 §13.1: mutual authentication, TLS 1.2 and 1.3).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig, SupportedProtocolVersion};

/// The protocol versions offered and accepted: TLS 1.3 first, then 1.2.
static VERSIONS: &[&SupportedProtocolVersion] = &[&rustls::version::TLS13, &rustls::version::TLS12];

/// Where a node's TLS certificate, key and trusted CAs are, and which
/// peers it accepts at all (RFC 6733 §13.1, §13.2).
///
/// The same settings serve both sides of a connection: as a TLS server the
/// node presents `cert_chain` and requires a client certificate issued by a
/// CA of `ca_bundle`; as a TLS client it presents `cert_chain` and verifies
/// the server's certificate against `ca_bundle` and the expected host.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TlsSettings {
    /// PEM file with this node's certificate first, then its intermediates.
    pub cert_chain: PathBuf,
    /// PEM file with the private key of that certificate (PKCS#8, PKCS#1 or SEC1).
    pub private_key: PathBuf,
    /// PEM file with the CA certificates that peers' certificates must chain to.
    pub ca_bundle: PathBuf,
    /// When set, the only peer Origin-Hosts accepted (compared without
    /// regard to case); see [`admits`](Self::admits).
    pub pinned: Option<Vec<String>>,
}

impl TlsSettings {
    /// Settings from the three PEM files, with no pinning.
    pub fn new(
        cert_chain: impl Into<PathBuf>,
        private_key: impl Into<PathBuf>,
        ca_bundle: impl Into<PathBuf>,
    ) -> Self {
        Self {
            cert_chain: cert_chain.into(),
            private_key: private_key.into(),
            ca_bundle: ca_bundle.into(),
            pinned: None,
        }
    }

    /// Accepts only peers whose Origin-Host is one of `hosts`.
    #[must_use]
    pub fn with_pinned<S: Into<String>>(mut self, hosts: impl IntoIterator<Item = S>) -> Self {
        self.pinned = Some(hosts.into_iter().map(Into::into).collect());
        self
    }

    /// Whether a peer named `origin_host` may connect at all: always without
    /// pinning, otherwise only a pinned name (case-insensitive, as
    /// DiameterIdentity is an FQDN). This is on top of the certificate check
    /// of [`Link::verify_peer_name`](crate::Link::verify_peer_name).
    pub fn admits(&self, origin_host: &str) -> bool {
        self.pinned
            .as_ref()
            .is_none_or(|pins| pins.iter().any(|pin| pin.eq_ignore_ascii_case(origin_host)))
    }

    /// The configuration of the TLS server side: presents this node's
    /// certificate and requires a client certificate that chains to the CA
    /// bundle (RFC 6733 §13.1: "the Diameter node acting as the TLS/TCP
    /// server MUST request a certificate").
    ///
    /// # Errors
    /// A file cannot be read or holds no usable PEM item, a CA certificate
    /// is invalid, or the key does not fit the certificate; the message
    /// names the file and the fault.
    pub fn server_config(&self) -> io::Result<Arc<ServerConfig>> {
        let provider = provider();
        let roots = Arc::new(self.roots()?);
        let verifier = WebPkiClientVerifier::builder_with_provider(roots, Arc::clone(&provider))
            .build()
            .map_err(|e| invalid(format!("TLS CA bundle {}: {e}", self.ca_bundle.display())))?;
        let config = ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(VERSIONS)
            .map_err(|e| invalid(format!("TLS protocol versions: {e}")))?
            .with_client_cert_verifier(verifier)
            .with_single_cert(self.chain()?, self.key()?)
            .map_err(|e| self.pair_error(&e))?;
        Ok(Arc::new(config))
    }

    /// The configuration of the TLS client side: verifies the server's
    /// certificate against the CA bundle and the host name given to
    /// [`TlsLink::connect`](crate::TlsLink::connect), and presents this
    /// node's certificate when asked (RFC 6733 §13.1).
    ///
    /// # Errors
    /// As for [`server_config`](Self::server_config).
    pub fn client_config(&self) -> io::Result<Arc<ClientConfig>> {
        let config = ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(VERSIONS)
            .map_err(|e| invalid(format!("TLS protocol versions: {e}")))?
            .with_root_certificates(self.roots()?)
            .with_client_auth_cert(self.chain()?, self.key()?)
            .map_err(|e| self.pair_error(&e))?;
        Ok(Arc::new(config))
    }

    fn chain(&self) -> io::Result<Vec<CertificateDer<'static>>> {
        certificates(&self.cert_chain, "certificate chain")
    }

    fn key(&self) -> io::Result<PrivateKeyDer<'static>> {
        PrivateKeyDer::from_pem_file(&self.private_key).map_err(|e| {
            pem_error(
                &self.private_key,
                "private key",
                "no PKCS#8, PKCS#1 or SEC1 private key",
                e,
            )
        })
    }

    fn roots(&self) -> io::Result<RootCertStore> {
        let mut roots = RootCertStore::empty();
        for cert in certificates(&self.ca_bundle, "CA bundle")? {
            roots.add(cert).map_err(|e| {
                invalid(format!(
                    "TLS CA bundle {}: not a usable CA certificate: {e}",
                    self.ca_bundle.display()
                ))
            })?;
        }
        Ok(roots)
    }

    fn pair_error(&self, e: &rustls::Error) -> io::Error {
        invalid(format!(
            "TLS certificate {} with key {}: {e}",
            self.cert_chain.display(),
            self.private_key.display()
        ))
    }
}

/// rustls's `ring` provider, the only one this crate enables.
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Every certificate of a PEM file, at least one.
fn certificates(path: &Path, what: &str) -> io::Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .map_err(|e| pem_error(path, what, "no certificate", e))?;
    if certs.is_empty() {
        return Err(invalid(format!(
            "TLS {what} {}: no certificate in it",
            path.display()
        )));
    }
    Ok(certs)
}

/// An I/O error that names the file, what it should hold, and the fault.
fn pem_error(path: &Path, what: &str, missing: &str, e: pem::Error) -> io::Error {
    match e {
        pem::Error::Io(e) => {
            io::Error::new(e.kind(), format!("TLS {what} {}: {e}", path.display()))
        }
        pem::Error::NoItemsFound => {
            invalid(format!("TLS {what} {}: {missing} in it", path.display()))
        }
        e => invalid(format!("TLS {what} {}: bad PEM: {e}", path.display())),
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}
