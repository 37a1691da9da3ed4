//! Shared by the S6a end-to-end tests: the test subscriber, an MME node
//! connected to one or more HSS nodes, and the USIM's side of
//! authentication on an implementation the HSS does not share (the
//! `milenage` crate and HMAC-SHA-256, none of the HSS's code).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use diameter_apps::s6a::hss::RunningHss;
use diameter_apps::s6a::ids::Plmn;
use diameter_apps::s6a::mme::{Event, Mme, MmeConfig};
use diameter_apps::s6a::msg::{self, Outcome};
use diameter_apps::s6a::profile::{Ambr, Apn, Arp, Profile};
use diameter_apps::s6a::store::Subscriber;
use diameter_core::wire::Message;
use diameter_transport::{Node, PeerConfig, TlsMode};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const REALM: &str = "epc.mnc001.mcc001.3gppnetwork.org";
/// K and OPc of TS 35.208 test set 1.
pub const K: [u8; 16] = hex16("465b5ce8b199b49faa5f0a2ee238a6bc");
pub const OPC: [u8; 16] = hex16("cd63cb71954a9f4e48a5994e37a02baf");

const fn nibble(c: u8) -> u8 {
    if c <= b'9' {
        c - b'0'
    } else {
        c - b'a' + 10
    }
}

const fn hex16(s: &str) -> [u8; 16] {
    let b = s.as_bytes();
    let mut out = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = nibble(b[2 * i]) << 4 | nibble(b[2 * i + 1]);
        i += 1;
    }
    out
}

pub fn apn(id: u32, name: &str) -> Apn {
    Apn {
        context_id: id,
        name: name.into(),
        pdn_type: 2,
        qci: 9,
        arp: Arp {
            priority: 8,
            capability: 1,
            vulnerability: 0,
        },
        ambr: Ambr {
            ul: 10_000_000,
            dl: 20_000_000,
        },
    }
}

pub fn subscriber(imsi: &str) -> Subscriber {
    Subscriber {
        imsi: imsi.into(),
        k: K,
        opc: OPC,
        op: None,
        amf: [0x80, 0x00],
        sqn: 0,
        roaming_allowed: true,
        profile: Profile {
            msisdn: Some("33600000001".into()),
            status: 0,
            network_access_mode: 2,
            access_restriction: 0,
            ambr: Ambr {
                ul: 50_000_000,
                dl: 100_000_000,
            },
            default_context: 1,
            apns: vec![apn(1, "internet"), apn(2, "ims")],
        },
    }
}

/// An MME node connected to one or more HSS nodes.
pub struct TestMme {
    /// Its requests to the first HSS (without a Destination-Host when
    /// there is one HSS).
    pub mme: Mme,
    /// Its requests to each HSS, by Destination-Host.
    pub via: Vec<Mme>,
    pub node: Node,
    pub events: Receiver<Event>,
}

impl TestMme {
    /// `name` connected to one HSS.
    pub fn start(name: &str, hss: &RunningHss, plmn: &str) -> Self {
        Self::connected(name, &[(None, hss.node().local_addrs()[0])], plmn)
    }

    /// `name` connected to each HSS of `hss` (its Origin-Host, when
    /// requests name it, and its address), once every connection is open.
    pub fn connected(name: &str, hss: &[(Option<&str>, SocketAddr)], plmn: &str) -> Self {
        let config = |destination_host: Option<&str>| MmeConfig {
            host: format!("{name}.{REALM}"),
            realm: REALM.into(),
            destination_realm: REALM.into(),
            destination_host: destination_host.map(str::to_string),
            plmn: Plmn::parse(plmn).unwrap(),
        };
        let via: Vec<Mme> = hss
            .iter()
            .map(|(host, _)| Mme::new(config(*host)))
            .collect();
        let mme = Mme::new(config(hss[0].0));
        let (handler, events) = mme.handler();
        let mut node_config = mme.node_config(hss[0].1);
        node_config.peers = (hss.iter())
            .map(|(host, address)| PeerConfig {
                address: *address,
                host: host.map(str::to_string),
                tls: TlsMode::Off,
            })
            .collect();
        let node = Node::start(node_config, move |_| handler.clone()).unwrap();
        let t0 = Instant::now();
        while node.peers().iter().filter(|p| p.is_open()).count() < hss.len() {
            assert!(t0.elapsed() < Duration::from_secs(5), "no connection");
            std::thread::sleep(Duration::from_millis(5));
        }
        Self {
            mme,
            via,
            node,
            events,
        }
    }

    pub fn call(&self, request: Vec<u8>) -> Vec<u8> {
        self.node
            .client()
            .call(request, Duration::from_secs(5))
            .unwrap()
            .into_bytes()
    }

    pub fn e2e(&self) -> u32 {
        self.node.client().next_end_to_end()
    }

    pub fn air(&self, imsi: &str, n: u32, resync: Option<([u8; 16], [u8; 14])>) -> Vec<u8> {
        self.call(self.mme.air(self.e2e(), imsi, n, resync))
    }

    pub fn ulr(&self, imsi: &str) -> Vec<u8> {
        self.call(self.mme.ulr(self.e2e(), imsi, 0))
    }

    /// AIR to HSS `at` of [`connected`](Self::connected).
    pub fn air_at(
        &self,
        at: usize,
        imsi: &str,
        n: u32,
        resync: Option<([u8; 16], [u8; 14])>,
    ) -> Vec<u8> {
        self.call(self.via[at].air(self.e2e(), imsi, n, resync))
    }

    /// ULR to HSS `at` of [`connected`](Self::connected).
    pub fn ulr_at(&self, at: usize, imsi: &str) -> Vec<u8> {
        self.call(self.via[at].ulr(self.e2e(), imsi, 0))
    }

    pub fn event(&self) -> Event {
        self.events.recv_timeout(Duration::from_secs(5)).unwrap()
    }
}

/// Why the test USIM refuses a challenge (TS 33.102 §6.3.3).
#[derive(Debug, PartialEq, Eq)]
pub enum Rejection {
    /// MAC-A does not verify.
    MacFailure,
    /// The SQN is not fresh: AUTS to re-synchronise with.
    SyncFailure([u8; 14]),
}

/// A challenge the test USIM accepted.
pub struct Accepted {
    pub sqn: u64,
    pub res: [u8; 8],
    /// K_ASME for the serving network (TS 33.401 Annex A.2).
    pub kasme: [u8; 32],
}

/// The USIM's side of authentication, on an implementation the HSS does
/// not share: MILENAGE from the `milenage` crate, K_ASME computed here.
pub struct Usim {
    k: [u8; 16],
    opc: [u8; 16],
    /// The highest SQN accepted (SQN_MS).
    sqn_ms: u64,
}

impl Usim {
    pub fn new(k: &[u8; 16], opc: &[u8; 16], sqn_ms: u64) -> Self {
        Usim {
            k: *k,
            opc: *opc,
            sqn_ms,
        }
    }

    /// AUTN = SQN ⊕ AK ‖ AMF ‖ MAC-A: checks MAC-A, then that SQN is above
    /// SQN_MS (TS 33.102 §6.3.3), and derives K_ASME for `plmn`.
    pub fn authenticate(
        &mut self,
        rand: &[u8; 16],
        autn: &[u8; 16],
        plmn: &[u8; 3],
    ) -> Result<Accepted, Rejection> {
        let mut m = milenage::Milenage::new_with_opc(self.k, self.opc);
        let (res, ck, ik, ak) = m.f2345(rand);
        let concealed: [u8; 6] = autn[..6].try_into().unwrap();
        let sqn: [u8; 6] = std::array::from_fn(|i| concealed[i] ^ ak[i]);
        let amf: [u8; 2] = autn[6..8].try_into().unwrap();
        if m.f1(rand, &sqn, &amf) != autn[8..] {
            return Err(Rejection::MacFailure);
        }
        let value = sqn.iter().fold(0u64, |v, &b| v << 8 | u64::from(b));
        if value <= self.sqn_ms {
            // AUTS = SQN_MS ⊕ AK* ‖ MAC-S, MAC-S = f1*(SQN_MS, RAND, AMF = 0).
            let sqn_ms: [u8; 6] = self.sqn_ms.to_be_bytes()[2..].try_into().unwrap();
            let ak_star = m.f5star(rand);
            let mut auts = [0u8; 14];
            for i in 0..6 {
                auts[i] = sqn_ms[i] ^ ak_star[i];
            }
            auts[6..].copy_from_slice(&m.f1star(rand, &sqn_ms, &[0, 0]));
            return Err(Rejection::SyncFailure(auts));
        }
        self.sqn_ms = value;
        // K_ASME = HMAC-SHA-256(CK ‖ IK, FC 0x10 ‖ SN id ‖ 0x0003 ‖
        // SQN ⊕ AK ‖ 0x0006) (TS 33.401 Annex A.2, TS 33.220 Annex B.2).
        let mut mac = Hmac::<Sha256>::new_from_slice(&[ck, ik].concat()).unwrap();
        mac.update(&[0x10]);
        mac.update(plmn);
        mac.update(&[0, 3]);
        mac.update(&concealed);
        mac.update(&[0, 6]);
        Ok(Accepted {
            sqn: value,
            res,
            kasme: mac.finalize().into_bytes().into(),
        })
    }
}

pub fn outcome(answer: &[u8]) -> Outcome {
    Outcome::of(&Message::new_checked(answer).unwrap()).unwrap()
}

pub fn experimental(code: u32) -> Outcome {
    diameter_apps::s6a::msg::experimental(code)
}

/// Checks every vector of an AIA as the USIM would, returning their SQNs.
pub fn check_vectors(aia: &[u8], usim: &mut Usim, plmn: &str) -> Vec<u64> {
    let a = Message::new_checked(aia).unwrap();
    assert_eq!(Outcome::of(&a), Some(Outcome::SUCCESS));
    let sn = Plmn::parse(plmn).unwrap().encode();
    msg::vectors(&a)
        .iter()
        .map(|v| {
            let mut forged = v.autn;
            forged[15] ^= 1;
            let refused = usim.authenticate(&v.rand, &forged, &sn).err();
            assert_eq!(refused, Some(Rejection::MacFailure), "a forged MAC-A");
            let r = usim.authenticate(&v.rand, &v.autn, &sn).unwrap();
            assert_eq!(r.res, v.xres, "RES = XRES");
            assert_eq!(r.kasme, v.kasme, "K_ASME");
            r.sqn
        })
        .collect()
}
