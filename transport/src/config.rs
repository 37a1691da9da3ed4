//! A node's configuration: who it is, where it listens, whom it connects to.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use diameter_core::dict::Dictionaries;
use diameter_core::validate::Strictness;

use crate::tls::TlsSettings;
pub use diameter_core::doic::ReportType;

/// An application the node advertises in CER/CEA (RFC 6733 §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppId {
    /// Auth-Application-Id.
    Auth(u32),
    /// Acct-Application-Id.
    Acct(u32),
    /// Vendor-Specific-Application-Id with an Auth-Application-Id.
    VendorAuth {
        /// Vendor-Id.
        vendor: u32,
        /// Auth-Application-Id.
        app: u32,
    },
    /// Vendor-Specific-Application-Id with an Acct-Application-Id.
    VendorAcct {
        /// Vendor-Id.
        vendor: u32,
        /// Acct-Application-Id.
        app: u32,
    },
}

impl AppId {
    /// A vendor-specific authentication application, such as S6a (3GPP,
    /// 16777251) in a Vendor-Specific-Application-Id.
    pub const fn vendor_auth(vendor: u32, app: u32) -> Self {
        Self::VendorAuth { vendor, app }
    }

    /// The application identifier, whatever its kind.
    pub fn id(&self) -> u32 {
        match *self {
            Self::Auth(a)
            | Self::Acct(a)
            | Self::VendorAuth { app: a, .. }
            | Self::VendorAcct { app: a, .. } => a,
        }
    }
}

/// How a connection to a peer is secured (RFC 6733 §13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsMode {
    /// Clear text: the CER offers no Inband-Security-Id but
    /// NO_INBAND_SECURITY (RFC 6733 §6.10).
    #[default]
    Off,
    /// TLS at connect: the handshake comes before the CER (RFC 6733 §2.1,
    /// port 5658 by convention, `aaas://`), so the capabilities exchange is
    /// protected too.
    AtConnect,
    /// In band: the CER and CEA go in clear with Inband-Security-Id TLS,
    /// then the TLS handshake starts on the same connection (RFC 6733
    /// §6.10, §13; freeDiameter's `TLS_old_method`).
    InBand,
}

/// A peer the node connects to (an initiator connection, RFC 6733 §5.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerConfig {
    /// Where to connect.
    pub address: SocketAddr,
    /// The Origin-Host the peer must present; any when `None`. With
    /// [`TlsMode::AtConnect`] it is also the name its certificate must hold
    /// (RFC 6733 §13.1), and so required.
    pub host: Option<String>,
    /// Clear text, TLS at connect or in-band TLS; TLS needs
    /// [`NodeConfig::tls`].
    pub tls: TlsMode,
}

impl PeerConfig {
    /// The peer `host` at `address`, reached in clear text.
    pub fn new(address: SocketAddr, host: &str) -> Self {
        Self {
            address,
            host: Some(host.to_owned()),
            tls: TlsMode::Off,
        }
    }
}

/// What a node does with a request that is not for it (RFC 6733 §2.8, §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// A Diameter server or client: it answers every request itself. A
    /// request for another realm gets 3003 DIAMETER_REALM_NOT_SERVED, one for
    /// another host of its realm 3002 DIAMETER_UNABLE_TO_DELIVER; nothing is
    /// forwarded, so a server is never an open relay.
    #[default]
    Server,
    /// A relay agent (RFC 6733 §2.8.1): it advertises the Relay
    /// Application-Id and forwards requests that are not for it by
    /// Destination-Host, Destination-Realm and routes, with Route-Record and
    /// loop detection (§6.1.9, §6.1.3).
    Relay,
    /// A redirect agent (RFC 6733 §2.8.3, §6.1.8): it advertises the Relay
    /// Application-Id and answers every request that is not for it with
    /// 3006 DIAMETER_REDIRECT_INDICATION, naming in Redirect-Host the peers
    /// its routes give for the request's realm.
    Redirect,
    /// A proxy agent (RFC 6733 §2.8.2): it forwards as a relay does, but
    /// only the applications it advertises (its
    /// [`applications`](NodeConfig::applications), not the Relay
    /// Application-Id); others get 3007 DIAMETER_APPLICATION_UNSUPPORTED.
    /// With [`NodeConfig::hide_topology`] it rewrites the host names of its
    /// own realm in what it forwards out of it.
    Proxy,
}

/// The key of a proxy's topology hiding (see [`NodeConfig::hide_topology`]):
/// proxies sharing a key give an inner host the same pseudonym, so an
/// outside peer may reach it through any of them.
#[derive(Clone, PartialEq, Eq)]
pub struct HidingKey(pub [u8; 32]);

impl std::fmt::Debug for HidingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HidingKey(..)")
    }
}

/// A realm-based route (RFC 6733 §2.7): requests for `realm` (and, when
/// given, `application`) go to one of `peers`. A route for realm
/// [`Route::DEFAULT`] is the default route: it serves any realm no other
/// route names.
///
/// The routes of a realm are tried in order, the default ones last; within
/// the first that has an open peer, requests are spread over its open peers
/// by weight and by how many requests each has outstanding (the peer with
/// the fewest outstanding requests per unit of weight; among equals, the
/// one furthest behind its share), so peers of equal speed get requests in
/// the proportion of their weights and a slow one gets fewer. A route of
/// one peer after another of the same realm is a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Destination-Realm, or [`Route::DEFAULT`].
    pub realm: String,
    /// Application-ID; any when `None`.
    pub application: Option<u32>,
    /// Peers able to serve it.
    pub peers: Vec<RoutePeer>,
}

/// A peer of a [`Route`]: its Origin-Host and its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePeer {
    /// The peer's Origin-Host.
    pub host: String,
    /// Its share of the route's requests, relative to the other peers'
    /// (at least 1).
    pub weight: u32,
}

impl RoutePeer {
    /// A peer of weight `weight` (0 counts as 1).
    pub fn new(host: impl Into<String>, weight: u32) -> Self {
        Self {
            host: host.into(),
            weight: weight.max(1),
        }
    }
}

impl From<&str> for RoutePeer {
    /// A peer of weight 1.
    fn from(host: &str) -> Self {
        Self::new(host, 1)
    }
}

impl Route {
    /// The realm of the default route.
    pub const DEFAULT: &'static str = "*";

    /// The routes of `routes` for a request to `realm` of application
    /// `app`: those naming the realm, in order, then the default ones.
    pub(crate) fn matching<'r>(
        routes: &'r [Route],
        realm: &'r str,
        app: u32,
    ) -> impl Iterator<Item = &'r Route> + Clone {
        let fits = move |r: &&Route| r.application.is_none_or(|a| a == app);
        let named = (routes.iter()).filter(move |r| r.realm.eq_ignore_ascii_case(realm));
        let default = (routes.iter()).filter(|r| r.realm == Route::DEFAULT);
        named.filter(fits).chain(default.filter(fits))
    }

    /// The weight of peer `host` in this route, if it is one of its peers.
    pub(crate) fn weight_of(&self, host: &str) -> Option<u32> {
        (self.peers.iter())
            .find(|p| p.host.eq_ignore_ascii_case(host))
            .map(|p| p.weight)
    }
}

/// The part of a node's configuration a running node can change
/// ([`Node::reconfigure`](crate::Node::reconfigure), a server's SIGHUP):
/// the peers it connects to, who may connect in and the routes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Topology {
    /// As [`NodeConfig::peers`].
    pub peers: Vec<PeerConfig>,
    /// As [`NodeConfig::allowed_peers`].
    pub allowed_peers: Option<Vec<String>>,
    /// As [`NodeConfig::routes`].
    pub routes: Vec<Route>,
}

impl Topology {
    /// The topology `config` starts with.
    #[must_use]
    pub fn of(config: &NodeConfig) -> Self {
        Self {
            peers: config.peers.clone(),
            allowed_peers: config.allowed_peers.clone(),
            routes: config.routes.clone(),
        }
    }

    /// Whether a CER naming `host` may be accepted (RFC 6733 §5.6.1: else
    /// 3010 DIAMETER_UNKNOWN_PEER): anyone without an allow-list, else
    /// the hosts it names, compared without regard to ASCII case.
    pub(crate) fn admits(&self, host: &str) -> bool {
        (self.allowed_peers.as_ref())
            .is_none_or(|allowed| allowed.iter().any(|h| h.eq_ignore_ascii_case(host)))
    }

    /// The configured peer named `host`, if any.
    pub(crate) fn peer(&self, host: &str) -> Option<&PeerConfig> {
        (self.peers.iter()).find(|p| {
            p.host
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(host))
        })
    }
}

/// Everything a node needs to run.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// Origin-Host (RFC 6733 §6.3).
    pub origin_host: String,
    /// Origin-Realm (RFC 6733 §6.4).
    pub origin_realm: String,
    /// Host-IP-Address values for CER/CEA; from the listen addresses when empty.
    pub host_addresses: Vec<IpAddr>,
    /// Vendor-Id (RFC 6733 §5.3.3).
    pub vendor_id: u32,
    /// Product-Name (RFC 6733 §5.3.7).
    pub product_name: String,
    /// Firmware-Revision (RFC 6733 §5.3.4).
    pub firmware_revision: Option<u32>,
    /// Supported-Vendor-Id values (RFC 6733 §5.3.6).
    pub supported_vendors: Vec<u32>,
    /// The applications advertised.
    pub applications: Vec<AppId>,
    /// Addresses to accept connections on, in clear text (or in-band TLS,
    /// see [`inband_tls`](Self::inband_tls)).
    pub listen: Vec<SocketAddr>,
    /// Addresses to accept TLS connections on: the TLS handshake comes
    /// first, then the CER (RFC 6733 §2.1; port 5658 by convention). Needs
    /// [`tls`](Self::tls).
    pub tls_listen: Vec<SocketAddr>,
    /// Whether the CEAs answered on the clear-text listeners offer
    /// Inband-Security-Id TLS beside NO_INBAND_SECURITY (RFC 6733 §6.10):
    /// a CER offering only TLS then gets TLS after the CEA, one offering
    /// clear text (or nothing) stays in clear. Needs [`tls`](Self::tls).
    pub inband_tls: bool,
    /// The certificate, key and trusted CAs of this node's TLS connections,
    /// at connect and in band, and the optional pinning of peer names
    /// (RFC 6733 §13.1). Each peer's certificate must name the Origin-Host
    /// of its CER or CEA, or the connection is refused.
    pub tls: Option<TlsSettings>,
    /// Peers to connect to.
    pub peers: Vec<PeerConfig>,
    /// Origin-Hosts allowed to connect; anyone when `None` (RFC 6733 §5.3, 3010).
    pub allowed_peers: Option<Vec<String>>,
    /// Realm routes for requests this node sends or relays.
    pub routes: Vec<Route>,
    /// Watchdog interval Tw (RFC 3539 §3.4.1); never below 6 s.
    pub watchdog_interval: Duration,
    /// Reconnect interval Tc for configured peers (RFC 6733 §2.1).
    pub reconnect_interval: Duration,
    /// How long a sent request waits for its answer before 3002 is reported.
    pub request_timeout: Duration,
    /// How long the peer state machine waits for a connection, a CEA or a
    /// DPA before giving up (the Timeout events of RFC 6733 §5.6), and how
    /// long a TLS handshake may take before its connection is closed.
    pub response_timeout: Duration,
    /// Largest message accepted; a peer sending more is disconnected.
    pub max_message_size: usize,
    /// How long an accepted connection may take to send its CER (RFC 6733
    /// §5.6.1: the first message); it is closed after that.
    pub cer_timeout: Duration,
    /// Largest first message (the CER) of an accepted connection: a
    /// stranger cannot make the node hold [`max_message_size`](Self::max_message_size)
    /// bytes for each connection it opens.
    pub max_first_message: usize,
    /// Most accepted connections the node holds; more are refused at
    /// accept, with a log line. Connections from the address of a
    /// configured peer are never refused.
    pub max_connections: usize,
    /// Most accepted connections from one source address.
    pub max_connections_per_source: usize,
    /// Most bytes an event loop reads from one connection in one turn.
    /// What they hold is handled and answered, and the answers written,
    /// before the connection is read again (in the next turn, after the
    /// other connections' turn): a peer sending without pause cannot
    /// keep the loop reading, and its first answers go out while it
    /// still sends, so the nodes of a chain work at once instead of in
    /// turn.
    pub read_budget: usize,
    /// Load shedding: when the latency of the newest request waiting (an
    /// event-loop turn, which answers what it reads, plus the time what it
    /// left unread will wait at the rate it read) passes this, new
    /// requests beyond what fits in it are answered 3004
    /// DIAMETER_TOO_BUSY at once (RFC 6733 §7.1.3); requests of series
    /// already served are always served. Off when `None`.
    pub shed_after: Option<Duration>,
    /// Event-loop threads; the number of cores when 0.
    pub threads: usize,
    /// Server or relay agent.
    pub role: Role,
    /// How long a request taken with [`Context::defer`](crate::Context::defer)
    /// waits for its answer before the node answers it 3002.
    pub answer_deadline: Duration,
    /// Most requests one event loop holds waiting for later answers;
    /// [`Context::defer`](crate::Context::defer) declines beyond it.
    pub max_deferred: usize,
    /// Origin-State-Id of every CER/CEA this node sends (RFC 6733 §8.16):
    /// one value per node, increasing at each restart. When `None`, the
    /// node's start time in seconds since the Unix epoch.
    pub origin_state_id: Option<u32>,
    /// Diameter overload control (DOIC, RFC 7683): reporting overload in
    /// the answers this node's handler writes, and abating the requests it
    /// sends or relays as peers' reports ask. Off when `None`.
    pub doic: Option<DoicConfig>,
    /// Topology hiding, for a [`Role::Proxy`]: the hosts of its own realm
    /// (its inner network) are named to peers of other realms by
    /// pseudonyms made with this key. What an inner peer sends out has its
    /// Origin-Host, Error-Reporting-Host and Route-Record hosts replaced by
    /// their pseudonyms (and the Route-Record the proxy adds names the
    /// pseudonym of the peer it came from); a request from outside whose
    /// Destination-Host is a pseudonym goes to the host it stands for, with
    /// that host's name. Off when `None`.
    pub hide_topology: Option<HidingKey>,
    /// The dictionaries requests are validated against: a request of an
    /// application none of them defines is answered 3007, a command none
    /// of them defines 3001 (RFC 6733 §7.1.3). Core's own
    /// ([`diameter_core::dict::DEFAULT`]) unless set.
    pub dictionaries: &'static Dictionaries<'static>,
    /// How strictly requests are held to their grammars: strict unless
    /// set; [`Strictness::Lenient`] lets requests that lack required AVPs
    /// reach the handler.
    pub strictness: Strictness,
}

impl NodeConfig {
    /// A configuration with the given identity and the usual defaults:
    /// Tw 30 s, Tc 30 s, 10 s request and response timeouts, 64 KiB messages,
    /// one thread per core.
    pub fn new(origin_host: impl Into<String>, origin_realm: impl Into<String>) -> Self {
        Self {
            origin_host: origin_host.into(),
            origin_realm: origin_realm.into(),
            host_addresses: Vec::new(),
            vendor_id: 0,
            product_name: String::from("diameter-rs"),
            firmware_revision: Some(1),
            supported_vendors: Vec::new(),
            applications: Vec::new(),
            listen: Vec::new(),
            tls_listen: Vec::new(),
            inband_tls: false,
            tls: None,
            peers: Vec::new(),
            allowed_peers: None,
            routes: Vec::new(),
            watchdog_interval: Duration::from_secs(30),
            reconnect_interval: Duration::from_secs(30),
            request_timeout: Duration::from_secs(10),
            response_timeout: Duration::from_secs(10),
            max_message_size: 64 * 1024,
            cer_timeout: Duration::from_secs(10),
            max_first_message: 8 * 1024,
            max_connections: 20_000,
            max_connections_per_source: 1_000,
            read_budget: 16 * 1024,
            shed_after: None,
            threads: 0,
            role: Role::Server,
            answer_deadline: Duration::from_secs(5),
            max_deferred: 65_536,
            origin_state_id: None,
            doic: None,
            hide_topology: None,
            dictionaries: &diameter_core::dict::DEFAULT,
            strictness: Strictness::Strict,
        }
    }

    /// The Host-IP-Address values to advertise (RFC 6733 §5.3.5): the
    /// configured ones, else the specific listen addresses plus, for a
    /// wildcard listen address, the addresses of the machine's interfaces
    /// of that family (loopback last); 127.0.0.1 when nothing is found.
    pub fn advertised_addresses(&self) -> Vec<IpAddr> {
        if !self.host_addresses.is_empty() {
            return self.host_addresses.clone();
        }
        let interfaces = if self.listen.iter().any(|a| a.ip().is_unspecified()) {
            interface_addresses()
        } else {
            Vec::new()
        };
        let mut out: Vec<IpAddr> = Vec::new();
        for addr in &self.listen {
            let ip = addr.ip();
            let found: Vec<IpAddr> = if ip.is_unspecified() {
                (interfaces.iter().copied())
                    .filter(|i| i.is_ipv4() == ip.is_ipv4())
                    .collect()
            } else {
                vec![ip]
            };
            for ip in found {
                if !out.contains(&ip) {
                    out.push(ip);
                }
            }
        }
        if out.is_empty() {
            out.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        out
    }

    /// Whether the TLS settings are complete: TLS listeners, in-band TLS
    /// and TLS peers need [`tls`](Self::tls), and a peer reached with TLS
    /// at connect needs its host, the name its certificate must hold
    /// (RFC 6733 §13.1).
    ///
    /// # Errors
    /// `InvalidInput`, saying what is missing.
    pub fn check_tls(&self) -> io::Result<()> {
        let invalid = |m: String| Err(io::Error::new(io::ErrorKind::InvalidInput, m));
        let wants_tls = !self.tls_listen.is_empty()
            || self.inband_tls
            || self.peers.iter().any(|p| p.tls != TlsMode::Off);
        if wants_tls && self.tls.is_none() {
            return invalid("TLS is configured without a certificate, key and CA bundle".into());
        }
        match self
            .peers
            .iter()
            .find(|p| p.tls == TlsMode::AtConnect && p.host.is_none())
        {
            Some(p) => invalid(format!(
                "TLS at connect to {} needs the peer's Origin-Host, the name its certificate must hold",
                p.address
            )),
            None => Ok(()),
        }
    }

    /// The number of event-loop threads to run.
    pub fn thread_count(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
}

/// The machine's interface addresses, loopback ones last; IPv6 link-local
/// addresses are left out (they mean nothing without their interface).
fn interface_addresses() -> Vec<IpAddr> {
    let mut all: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| match ip {
            IpAddr::V6(v6) => !v6.is_unicast_link_local(),
            IpAddr::V4(_) => true,
        })
        .collect();
    all.sort_by_key(IpAddr::is_loopback);
    all
}

/// Diameter overload control (DOIC, RFC 7683) of a node: it is both a
/// reporting node (RFC 7683 §5.2.3: its answers carry an OC-OLR while its
/// event loop sheds load, see [`NodeConfig::shed_after`]) and a reacting
/// node (§5.2.2: the requests it sends, and those it relays for clients
/// that do not support DOIC, §5.1.3, carry OC-Supported-Features and are
/// abated as the reports in their peers' answers ask, by the loss
/// algorithm, §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoicConfig {
    /// The OC-Reduction-Percentage this node reports while overloaded
    /// (RFC 7683 §7.7; above 100 counts as 100).
    pub reduction: u8,
    /// The OC-Validity-Duration of its reports (RFC 7683 §7.5): whole
    /// seconds, 1 s to 24 hours.
    pub validity: Duration,
    /// What this node's reports cover (RFC 7683 §7.6):
    /// [`ReportType::Realm`], the default, for the realm-routed requests,
    /// which are what load shedding refuses (the first of each series;
    /// requests naming this host are still served, and a host report
    /// would have reacting nodes cut those); [`ReportType::Host`] for the
    /// requests naming this host.
    pub report_type: ReportType,
    /// What becomes of a request the loss algorithm abates.
    pub abatement: Abatement,
    /// What the sequence numbers of this node's reports start from, in
    /// milliseconds since the Unix epoch (RFC 7683 §5.2.1.4: they must
    /// grow across restarts). When `None`, the node's start time.
    pub sequence_epoch_ms: Option<u64>,
    /// An agent's reports on behalf of servers that do not support DOIC
    /// (RFC 7683 lets any DOIC node be a reporting node, §2): a server
    /// answering 3004 DIAMETER_TOO_BUSY (RFC 6733 §7.1.3) without
    /// OC-Supported-Features is taken as overloaded for `validity`, and
    /// the agent reports it (`report_type`: its realm or its host,
    /// `reduction`) in the answers it relays from it, and abates the
    /// requests it sends there for clients without DOIC by that report.
    pub on_behalf: bool,
}

impl Default for DoicConfig {
    /// Realm reports of 50% for 30 s
    /// ([`DEFAULT_VALIDITY_SECS`](diameter_core::doic::DEFAULT_VALIDITY_SECS)),
    /// abated requests answered 3004.
    fn default() -> Self {
        Self {
            reduction: 50,
            validity: Duration::from_secs(u64::from(diameter_core::doic::DEFAULT_VALIDITY_SECS)),
            report_type: ReportType::Realm,
            abatement: Abatement::TooBusy,
            sequence_epoch_ms: None,
            on_behalf: false,
        }
    }
}

/// What a reacting node does with a request the loss algorithm abates
/// (RFC 7683 §5.3 leaves it to the node): it answers it itself, with the
/// E bit, and sends nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Abatement {
    /// Answer 3004 DIAMETER_TOO_BUSY: the sender SHOULD try another peer
    /// (RFC 6733 §7.1.3).
    #[default]
    TooBusy,
    /// Answer 3004 DIAMETER_TOO_BUSY a request naming a Destination-Host,
    /// and 3002 DIAMETER_UNABLE_TO_DELIVER a realm-routed one: RFC 6733
    /// §7.1.3 keeps 3004 for requests naming a specific server.
    ByRoute,
}

impl Abatement {
    /// The Result-Code of the local answer to an abated request,
    /// host-routed (with a Destination-Host) or not.
    pub const fn result_code(self, host_routed: bool) -> u32 {
        use diameter_core::dict::result_code as rc;
        match self {
            Self::ByRoute if !host_routed => rc::DIAMETER_UNABLE_TO_DELIVER,
            Self::TooBusy | Self::ByRoute => rc::DIAMETER_TOO_BUSY,
        }
    }
}
