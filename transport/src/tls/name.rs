//! Whether a peer's certificate names its Origin-Host.
//!
//! RFC 6733 §13.1 requires mutual authentication; what is authenticated is
//! the peer's DiameterIdentity, its Origin-Host (an FQDN, §4.3.1). The check
//! is rustls's own server-name check (webpki: subjectAltName dNSName entries
//! only, case-insensitive, a wildcard only as the whole leftmost label, RFC
//! 6125 §6.4.3), so a TLS server judges its client's Origin-Host by exactly
//! the rules a TLS client judges its server's name by.

use std::io;

use rustls::client::verify_server_name;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::server::ParsedCertificate;

/// `Ok` when the end-entity certificate `cert` is valid for `origin_host`.
///
/// # Errors
/// `PermissionDenied`, with the names the certificate does hold when that
/// is the fault, or when `origin_host` is not a DNS name or `cert` cannot
/// be parsed.
pub(crate) fn check(cert: &CertificateDer<'_>, origin_host: &str) -> io::Result<()> {
    let name = ServerName::try_from(origin_host)
        .map_err(|_| denied(format!("Origin-Host {origin_host:?} is not a DNS name")))?;
    ParsedCertificate::try_from(cert)
        .and_then(|parsed| verify_server_name(&parsed, &name))
        .map_err(|e| {
            denied(format!(
                "TLS peer certificate does not name Origin-Host {origin_host}: {e}"
            ))
        })
}

pub(crate) fn denied(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, message)
}

#[cfg(test)]
mod tests {
    use super::check;

    fn cert(names: &[&str]) -> rustls::pki_types::CertificateDer<'static> {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        rcgen::generate_simple_self_signed(names)
            .unwrap()
            .cert
            .der()
            .clone()
    }

    #[test]
    fn exact_names_match_without_regard_to_case() {
        let c = cert(&["ocs.example.com", "backup.example.com"]);
        assert!(check(&c, "ocs.example.com").is_ok());
        assert!(check(&c, "OCS.Example.COM").is_ok());
        assert!(check(&c, "backup.example.com").is_ok());
    }

    #[test]
    fn other_names_are_refused_with_the_names_held() {
        let c = cert(&["ocs.example.com"]);
        let e = check(&c, "hss.example.com").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied);
        let text = e.to_string();
        assert!(
            text.contains("does not name Origin-Host hss.example.com"),
            "{text}"
        );
        assert!(text.contains("ocs.example.com"), "{text}");
        assert!(check(&c, "ocs.example.com.evil.net").is_err());
        assert!(check(&c, "example.com").is_err());
    }

    #[test]
    fn a_wildcard_covers_exactly_one_leftmost_label() {
        let c = cert(&["*.epc.example.com"]);
        assert!(check(&c, "mme1.epc.example.com").is_ok());
        assert!(check(&c, "MME2.EPC.example.com").is_ok());
        assert!(
            check(&c, "epc.example.com").is_err(),
            "not the parent itself"
        );
        assert!(
            check(&c, "a.mme1.epc.example.com").is_err(),
            "not two labels"
        );
        assert!(check(&c, "mme1.epc.example.org").is_err());
    }

    #[test]
    fn wildcards_elsewhere_match_nothing() {
        let c = cert(&["mme*.example.com", "a.*.example.com"]);
        assert!(check(&c, "mme1.example.com").is_err());
        assert!(check(&c, "a.b.example.com").is_err());
    }

    #[test]
    fn an_origin_host_that_is_no_dns_name_is_refused() {
        let c = cert(&["ocs.example.com"]);
        let e = check(&c, "ocs example").unwrap_err();
        assert!(e.to_string().contains("is not a DNS name"), "{e}");
        assert!(check(&c, "").is_err());
    }
}
