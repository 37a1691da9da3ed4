//! What a node says of itself in CER/CEA, built once from its configuration.

use diameter_core::dict::application;
use diameter_core::peer::{AppId as CoreApp, LocalIdentity, VendorApp, NO_INBAND_SECURITY, TLS};
use diameter_core::wire::Address;

use crate::config::{AppId, NodeConfig, Role};

/// Inband-Security-Id offer of clear text only (RFC 6733 §6.10): a CER
/// offering only TLS gets 5017 DIAMETER_NO_COMMON_SECURITY.
pub(crate) const CLEAR: &[u32] = &[NO_INBAND_SECURITY];
/// Inband-Security-Id offer of in-band TLS only (RFC 6733 §6.10).
pub(crate) const TLS_ONLY: &[u32] = &[TLS];
/// Inband-Security-Id offer of either, clear text preferred when the
/// other side offers both, as freeDiameter does.
pub(crate) const EITHER: &[u32] = &[NO_INBAND_SECURITY, TLS];

/// The owned parts of a node's [`LocalIdentity`], which borrows from it.
#[derive(Debug)]
pub(crate) struct Identity<'c> {
    config: &'c NodeConfig,
    addresses: Vec<Address<'static>>,
    auth: Vec<u32>,
    acct: Vec<u32>,
    vendor: Vec<VendorApp>,
    supported_vendors: Vec<u32>,
    /// The applications the validator accepts: the configured ones and
    /// the base protocol's.
    pub applications: Vec<u32>,
}

impl<'c> Identity<'c> {
    /// The identity `config` describes.
    pub(crate) fn new(config: &'c NodeConfig) -> Self {
        let addresses = (config.advertised_addresses().into_iter())
            .map(Address::from)
            .collect();
        let mut auth = Vec::new();
        let mut acct = Vec::new();
        let mut vendor = Vec::new();
        for app in &config.applications {
            match *app {
                AppId::Auth(id) => auth.push(id),
                AppId::Acct(id) => acct.push(id),
                AppId::VendorAuth { vendor: v, app } => vendor.push(VendorApp {
                    vendor_id: v,
                    app: CoreApp::Auth(app),
                }),
                AppId::VendorAcct { vendor: v, app } => vendor.push(VendorApp {
                    vendor_id: v,
                    app: CoreApp::Acct(app),
                }),
            }
        }
        // RFC 6733 §2.8.1: agents advertise the Relay Application-Id.
        if matches!(config.role, Role::Relay | Role::Redirect) {
            auth.push(application::RELAY);
        }
        let mut supported_vendors = config.supported_vendors.clone();
        supported_vendors.extend(vendor.iter().map(|v: &VendorApp| v.vendor_id));
        supported_vendors.sort_unstable();
        supported_vendors.dedup();
        let mut applications: Vec<u32> = config.applications.iter().map(AppId::id).collect();
        applications.push(application::COMMON);
        Self {
            config,
            addresses,
            auth,
            acct,
            vendor,
            supported_vendors,
            applications,
        }
    }

    /// The identity the peer state machines send, with the node's one
    /// Origin-State-Id (RFC 6733 §8.16).
    pub(crate) fn local(&self, origin_state_id: u32) -> LocalIdentity<'_> {
        let config = self.config;
        LocalIdentity {
            origin_host: &config.origin_host,
            origin_realm: &config.origin_realm,
            host_ip_addresses: &self.addresses,
            vendor_id: config.vendor_id,
            product_name: &config.product_name,
            origin_state_id: Some(origin_state_id),
            supported_vendor_ids: &self.supported_vendors,
            auth_application_ids: &self.auth,
            acct_application_ids: &self.acct,
            vendor_specific_application_ids: &self.vendor,
            firmware_revision: config.firmware_revision,
            // What the clear-text listeners answer; the router offers per
            // peer and per connection (RFC 6733 §6.10).
            inband_security_ids: if config.inband_tls { EITHER } else { CLEAR },
        }
    }
}
