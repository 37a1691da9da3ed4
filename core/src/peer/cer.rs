//! Capabilities exchange (RFC 6733 §5.3): who we are, who the peer is,
//! and which applications we share.

use heapless::{String, Vec};

use crate::dict::{application, base, result_code as rc};
use crate::validate::{FailedAvp, Validator};
use crate::wire::{Address, Avp, Message};

/// Longest Origin-Host or Origin-Realm recorded for a peer: a DNS name
/// (RFC 6733 §4.3.1 DiameterIdentity) has at most 255 octets.
pub const MAX_IDENTITY_LEN: usize = 255;
/// Most common applications recorded for a peer.
pub const MAX_APPLICATIONS: usize = 16;

/// Inband-Security-Id NO_INBAND_SECURITY (RFC 6733 §6.10): no TLS/TCP nor
/// DTLS/SCTP; the value a CER or CEA without the AVP stands for.
pub const NO_INBAND_SECURITY: u32 = 0;
/// Inband-Security-Id TLS (RFC 6733 §6.10): TLS/TCP and DTLS/SCTP, begun
/// after the capabilities exchange (§13).
pub const TLS: u32 = 1;

/// An application this node supports inside a Vendor-Specific-Application-Id
/// (RFC 6733 §6.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum AppId {
    /// Auth-Application-Id.
    Auth(u32),
    /// Acct-Application-Id.
    Acct(u32),
}

impl AppId {
    /// The Application-Id, whichever kind.
    pub const fn id(self) -> u32 {
        match self {
            Self::Auth(id) | Self::Acct(id) => id,
        }
    }
}

/// One Vendor-Specific-Application-Id (RFC 6733 §6.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct VendorApp {
    /// Vendor-Id of the application's definer (10415 for 3GPP).
    pub vendor_id: u32,
    /// The application.
    pub app: AppId,
}

/// This node's identity and capabilities, as sent in CER and CEA
/// (RFC 6733 §5.3.1, §5.3.2) and in DWR, DWA, DPR and DPA.
#[derive(Debug, Clone, Copy)]
pub struct LocalIdentity<'a> {
    /// Origin-Host (§6.3).
    pub origin_host: &'a str,
    /// Origin-Realm (§6.4).
    pub origin_realm: &'a str,
    /// Host-IP-Address, at least one (§5.3.5).
    pub host_ip_addresses: &'a [Address<'a>],
    /// Vendor-Id of this software's vendor, 0 for none (§5.3.3).
    pub vendor_id: u32,
    /// Product-Name (§5.3.7).
    pub product_name: &'a str,
    /// Origin-State-Id, sent when set (§8.16).
    pub origin_state_id: Option<u32>,
    /// Supported-Vendor-Id (§5.3.6).
    pub supported_vendor_ids: &'a [u32],
    /// Auth-Application-Id (§6.8).
    pub auth_application_ids: &'a [u32],
    /// Acct-Application-Id (§6.9).
    pub acct_application_ids: &'a [u32],
    /// Vendor-Specific-Application-Id (§6.11).
    pub vendor_specific_application_ids: &'a [VendorApp],
    /// Firmware-Revision, sent when set (§5.3.4).
    pub firmware_revision: Option<u32>,
    /// The Inband-Security-Id values this node accepts (§6.10), in order
    /// of preference: [`NO_INBAND_SECURITY`], [`TLS`]. Empty means
    /// `[NO_INBAND_SECURITY]`. A CER or CEA sharing none of them is
    /// refused with 5017 DIAMETER_NO_COMMON_SECURITY (§5.3). They are
    /// advertised in CER and CEA only when one differs from
    /// NO_INBAND_SECURITY, since §6.10 finds the AVP NOT RECOMMENDED and
    /// its absence means NO_INBAND_SECURITY.
    pub inband_security_ids: &'a [u32],
}

impl LocalIdentity<'_> {
    /// The Inband-Security-Id values offered: [`Self::inband_security_ids`],
    /// or `[NO_INBAND_SECURITY]` when empty (RFC 6733 §6.10).
    pub fn security_offer(&self) -> &[u32] {
        if self.inband_security_ids.is_empty() {
            &[NO_INBAND_SECURITY]
        } else {
            self.inband_security_ids
        }
    }

    /// Whether CER and CEA carry Inband-Security-Id AVPs: when a value
    /// other than NO_INBAND_SECURITY is offered (RFC 6733 §6.10).
    pub fn advertises_security(&self) -> bool {
        self.security_offer()
            .iter()
            .any(|&v| v != NO_INBAND_SECURITY)
    }

    /// The first of our Inband-Security-Id values that `msg` (a CER or
    /// CEA) offers too, a missing AVP meaning NO_INBAND_SECURITY
    /// (RFC 6733 §6.10); 5017 DIAMETER_NO_COMMON_SECURITY when none is
    /// common (§5.3).
    fn negotiate_security(&self, msg: &Message<'_>) -> Result<u32, u32> {
        let offered = || {
            msg.avps()
                .map_while(Result::ok)
                .filter(|a| a.code() == base::INBAND_SECURITY_ID.code && a.vendor_id() == 0)
        };
        let absent = offered().next().is_none();
        self.security_offer()
            .iter()
            .copied()
            .find(|&v| {
                (absent && v == NO_INBAND_SECURITY) || offered().any(|a| a.u32().ok() == Some(v))
            })
            .ok_or(rc::DIAMETER_NO_COMMON_SECURITY)
    }

    /// Every Application-Id this node advertises.
    fn applications(&self) -> impl Iterator<Item = u32> + '_ {
        self.auth_application_ids
            .iter()
            .chain(self.acct_application_ids)
            .copied()
            .chain(
                self.vendor_specific_application_ids
                    .iter()
                    .map(|v| v.app.id()),
            )
    }

    /// Whether `app` is shared with a peer advertising it: this node
    /// supports it, or either side is a relay (RFC 6733 §5.3).
    fn shares(&self, app: u32) -> bool {
        app == application::RELAY
            || self
                .applications()
                .any(|a| a == app || a == application::RELAY)
    }
}

/// Which peers may open a connection to this node (RFC 6733 §5.3: "CERs
/// received from unknown peers MAY be silently discarded, or a CEA MAY be
/// issued with the Result-Code AVP set to DIAMETER_UNKNOWN_PEER"). It
/// applies to the CERs of incoming connections; whom to connect to is the
/// driver's choice.
#[derive(Debug, Clone, Copy)]
pub enum PeerFilter<'a> {
    /// Any Origin-Host is welcome.
    Any,
    /// Only these Origin-Hosts, compared without regard to ASCII case;
    /// others are answered 3010 DIAMETER_UNKNOWN_PEER and disconnected.
    Only(&'a [&'a str]),
}

impl PeerFilter<'_> {
    fn admits(&self, host: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Only(hosts) => hosts.iter().any(|h| h.eq_ignore_ascii_case(host)),
        }
    }
}

/// What the capabilities exchange taught us about the peer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remote {
    /// The peer's Origin-Host.
    pub origin_host: String<MAX_IDENTITY_LEN>,
    /// The peer's Origin-Realm.
    pub origin_realm: String<MAX_IDENTITY_LEN>,
    /// The applications both sides support (the relay Application-Id when
    /// the peer is a relay), without duplicates; the first
    /// [`MAX_APPLICATIONS`] are kept.
    pub applications: Vec<u32, MAX_APPLICATIONS>,
    /// The Inband-Security-Id both sides agreed on (RFC 6733 §6.10): the
    /// first of ours the peer offered. [`TLS`] asks the driver to begin
    /// the TLS handshake now that the state is open (§13).
    pub inband_security: u32,
}

impl Remote {
    /// Whether messages of application `app` may be sent to the peer
    /// (RFC 6733 §5.3): it advertised `app`, or it is a relay.
    pub fn supports(&self, app: u32) -> bool {
        self.applications
            .iter()
            .any(|&a| a == app || a == application::RELAY)
    }
}

/// A check of a whole CER against its grammar: see [`Config::cer_grammar`](super::Config::cer_grammar).
/// A violation comes back as the CEA's Result-Code and Failed-AVP.
pub type CerCheck = fn(&Message<'_>) -> Result<(), (u32, Option<FailedAvp>)>;

/// The CER check of [`Config::new`](super::Config::new): the validator
/// with the CER's grammar (RFC 6733 §5.3.1) and the dictionary's AVP types.
///
/// # Errors
/// The first violation's Result-Code and Failed-AVP.
pub fn check_cer_grammar(msg: &Message<'_>) -> Result<(), (u32, Option<FailedAvp>)> {
    Validator::new(&[])
        .validate(msg)
        .map_err(|v| (v.result_code, FailedAvp::of(&v, msg)))
}

/// Why a CER is refused: the Result-Code of the CEA and the AVP its
/// Failed-AVP names (RFC 6733 §5.3.2, §7.5).
pub(crate) type Refusal = (u32, Option<FailedAvp>);

/// Processes a CER (Process-CER): the peer's identity and the common
/// applications, or the Result-Code to refuse it with.
///
/// The CER is first checked against its command grammar (RFC 6733 §5.3.1:
/// Origin-Host, Origin-Realm, one Host-IP-Address or more, Vendor-Id and
/// Product-Name are required); a violation is refused with the
/// validator's Result-Code and Failed-AVP. Then the Origin-Host must be
/// admitted by `filter` (3010), an application must be common (5010) and
/// an Inband-Security-Id too (5017).
pub(crate) fn process_cer(
    msg: &Message<'_>,
    local: &LocalIdentity<'_>,
    filter: &PeerFilter<'_>,
    grammar: Option<CerCheck>,
) -> Result<Remote, Refusal> {
    if let Some(check) = grammar {
        check(msg)?;
    }
    let host = identity(msg, &base::ORIGIN_HOST).map_err(|c| (c, None))?;
    if !filter.admits(host) {
        return Err((rc::DIAMETER_UNKNOWN_PEER, None));
    }
    remote(msg, local, host).map_err(|c| (c, None))
}

/// Processes a CEA (Process-CEA): its Result-Code must be a success (a
/// 5017 from the peer is returned as such), then as for a CER, our
/// Inband-Security-Id offer included.
pub(crate) fn process_cea(msg: &Message<'_>, local: &LocalIdentity<'_>) -> Result<Remote, u32> {
    let code = match msg.lookup(base::RESULT_CODE.code, 0).map(|a| a.u32()) {
        None => return Err(rc::DIAMETER_MISSING_AVP),
        Some(Err(_)) => return Err(rc::DIAMETER_INVALID_AVP_VALUE),
        Some(Ok(code)) => code,
    };
    if !is_success(code) {
        return Err(code);
    }
    remote(msg, local, identity(msg, &base::ORIGIN_HOST)?)
}

/// Whether `code` is a 2xxx success (RFC 6733 §7.1.2).
pub(crate) const fn is_success(code: u32) -> bool {
    code >= 2000 && code < 3000
}

/// The Origin-Host and Origin-Realm a DWR or DPR must carry (RFC 6733
/// §5.4.1, §5.5.1): `Ok` or the Result-Code of the answer.
pub(crate) fn check_origin(msg: &Message<'_>) -> Result<(), u32> {
    identity(msg, &base::ORIGIN_HOST)?;
    identity(msg, &base::ORIGIN_REALM)?;
    Ok(())
}

/// The DiameterIdentity AVP `def` of `msg`: 5005 when missing, 5004 when
/// malformed or longer than we record.
fn identity<'m>(msg: &Message<'m>, def: &crate::dict::AvpDef) -> Result<&'m str, u32> {
    let avp = msg.lookup(def.code, 0).ok_or(rc::DIAMETER_MISSING_AVP)?;
    match avp.identity() {
        Ok(s) if s.len() <= MAX_IDENTITY_LEN => Ok(s),
        _ => Err(rc::DIAMETER_INVALID_AVP_VALUE),
    }
}

/// The peer as a CER or CEA describes it; 5010 when no application is
/// common, 5017 when no Inband-Security-Id is (RFC 6733 §5.3).
fn remote(msg: &Message<'_>, local: &LocalIdentity<'_>, host: &str) -> Result<Remote, u32> {
    let realm = identity(msg, &base::ORIGIN_REALM)?;
    let mut peer = Remote {
        origin_host: String::try_from(host).map_err(|_| rc::DIAMETER_INVALID_AVP_VALUE)?,
        origin_realm: String::try_from(realm).map_err(|_| rc::DIAMETER_INVALID_AVP_VALUE)?,
        applications: Vec::new(),
        inband_security: NO_INBAND_SECURITY,
    };
    for app in advertised(msg) {
        if local.shares(app) && !peer.applications.contains(&app) {
            // Past the capacity the list keeps its first entries.
            let _ = peer.applications.push(app);
        }
    }
    if peer.applications.is_empty() {
        return Err(rc::DIAMETER_NO_COMMON_APPLICATION);
    }
    peer.inband_security = local.negotiate_security(msg)?;
    Ok(peer)
}

/// The Application-Ids of a CER or CEA: Auth-Application-Id,
/// Acct-Application-Id and those inside Vendor-Specific-Application-Id,
/// whose Vendor-Id is not used (RFC 6733 §5.3).
fn advertised<'m>(msg: &Message<'m>) -> impl Iterator<Item = u32> + 'm {
    msg.avps().map_while(Result::ok).flat_map(|avp| {
        let inner = (avp.code() == base::VENDOR_SPECIFIC_APPLICATION_ID.code
            && avp.vendor_id() == 0)
            .then(|| avp.grouped().map_while(Result::ok))
            .into_iter()
            .flatten();
        core::iter::once(avp)
            .chain(inner)
            .filter_map(|a| app_id(&a))
    })
}

/// The value of an Auth- or Acct-Application-Id AVP.
fn app_id(avp: &Avp<'_>) -> Option<u32> {
    let is_app = avp.vendor_id() == 0
        && (avp.code() == base::AUTH_APPLICATION_ID.code
            || avp.code() == base::ACCT_APPLICATION_ID.code);
    is_app.then(|| avp.u32().ok()).flatten()
}
