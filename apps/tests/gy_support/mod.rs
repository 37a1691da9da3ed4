//! Shared by the Gy end-to-end tests: an OCS on a loopback port with a
//! fresh store, and a gateway node that sends hand-built CCRs to it.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use diameter_apps::gy::ccr::{
    Action, Ccr, IdType, RequestType, ServiceRequest, SubscriptionId, SubscriptionIds,
};
use diameter_apps::gy::units::{Amounts, ServiceKey, Unit};
use diameter_apps::gy::{Ocs, OcsConfig, Store};
use diameter_core::dict::{application, base};
use diameter_core::wire::Message;
use diameter_transport::{AppId, NoApplications, Node, NodeConfig, PeerConfig, TlsMode};

/// The one Rating-Group the tests use.
pub const RG: ServiceKey = ServiceKey {
    rating_group: Some(1),
    service_id: None,
};

/// An OCS on 127.0.0.1, any port, with its store in `dir` and grants of
/// 1000 octets; `tweak` changes the rest.
pub fn start_ocs(dir: &Path, tweak: impl FnOnce(&mut OcsConfig)) -> Ocs {
    let mut cfg = OcsConfig {
        ip: "127.0.0.1".parse().unwrap(),
        port: 0,
        db: dir.join("ocs.db"),
        threads: 2,
        ..OcsConfig::default()
    };
    cfg.grant.octets = 1000;
    tweak(&mut cfg);
    Ocs::start(&cfg).unwrap()
}

/// Provisions `subscriber` with octets, seconds and units.
pub fn provision(dir: &Path, subscriber: &str, amounts: [u64; 3]) {
    let mut store = Store::open(&dir.join("ocs.db"), Default::default()).unwrap();
    store.add([subscriber.to_string()], amounts).unwrap();
}

/// A gateway node connected to the OCS.
pub struct Gateway {
    pub node: Node,
    pub host: String,
}

impl Gateway {
    pub fn connect(ocs: SocketAddr, host: &str) -> Self {
        let mut cfg = NodeConfig::new(host, "example.net");
        cfg.applications = vec![AppId::Auth(application::CREDIT_CONTROL)];
        cfg.peers = vec![PeerConfig {
            address: ocs,
            host: None,
            tls: TlsMode::Off,
        }];
        cfg.threads = 1;
        let node = Node::start(cfg, |_| NoApplications).unwrap();
        let t0 = Instant::now();
        while !node.peers().iter().any(|p| p.is_open()) {
            assert!(t0.elapsed() < Duration::from_secs(5), "no connection");
            std::thread::sleep(Duration::from_millis(2));
        }
        Gateway {
            node,
            host: host.to_string(),
        }
    }

    /// Sends a CCR for `subscriber` and returns the answer's bytes.
    pub fn call(&self, req: &Req<'_>) -> Vec<u8> {
        let bytes = Ccr {
            session_id: req.session,
            origin_host: &self.host,
            origin_realm: "example.net",
            destination_realm: "example.com",
            request_type: Some(req.kind),
            number: req.number,
            subscription_ids: SubscriptionIds::one(SubscriptionId::new(
                IdType::Imsi,
                req.subscriber,
            )),
            requested_action: req.action.map(|a| a as i32),
            multiple_services: req.mscc,
            services: req.service.into_iter().collect(),
            end_to_end: self.node.client().next_end_to_end(),
            retransmit: req.retransmit,
            ..Ccr::default()
        }
        .encode();
        self.node
            .client()
            .call(bytes, Duration::from_secs(5))
            .unwrap()
            .into_bytes()
    }

    pub fn stop(self) {
        self.node.stop().unwrap();
    }
}

/// A CCR to send.
#[derive(Debug, Clone, Copy)]
pub struct Req<'a> {
    pub session: &'a str,
    pub subscriber: &'a str,
    pub kind: RequestType,
    pub number: u32,
    pub service: Option<ServiceRequest>,
    pub action: Option<Action>,
    pub mscc: bool,
    pub retransmit: bool,
}

impl<'a> Req<'a> {
    pub fn new(session: &'a str, subscriber: &'a str, kind: RequestType, number: u32) -> Self {
        Req {
            session,
            subscriber,
            kind,
            number,
            service: None,
            action: None,
            mscc: true,
            retransmit: false,
        }
    }

    /// Asks for the default grant and reports `used` octets.
    pub fn octets(mut self, requested: bool, used: Option<u64>) -> Self {
        self.service = Some(ServiceRequest {
            key: RG,
            requested: requested.then(Amounts::default),
            used: Amounts::given(Unit::Octets, used),
        });
        self
    }
}

/// The top-level Result-Code of an answer.
pub fn result_code(answer: &[u8]) -> u32 {
    let m = Message::new_checked(answer).unwrap();
    m.lookup(base::RESULT_CODE.code, 0).unwrap().u32().unwrap()
}
