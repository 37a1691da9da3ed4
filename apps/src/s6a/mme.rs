//! The MME side of S6a (TS 29.272 §5): the requests it sends (AIR, ULR,
//! PUR) and a handler for those the HSS sends it (CLR, IDR, DSR, RSR),
//! which it answers and reports as [`Event`]s.

use std::net::SocketAddr;
use std::sync::mpsc::{channel, Receiver, Sender};

use diameter_core::dict::{application, base, command, s6a as d, VENDOR_3GPP};
use diameter_core::wire::{Message, MessageWriter};
use diameter_transport::{AppId, Context, Handler, NodeConfig, PeerConfig, TlsMode};

use super::ids::Plmn;
use super::msg::{self, Outcome, Route, Sessions};
use super::profile::Profile;

/// RAT-Type EUTRAN (TS 29.212 §5.3.31).
pub const EUTRAN: i32 = 1004;

/// Who an MME is and where its HSS is.
#[derive(Debug, Clone)]
pub struct MmeConfig {
    /// Origin-Host.
    pub host: String,
    /// Origin-Realm.
    pub realm: String,
    /// Destination-Realm of its requests: the HSS's realm.
    pub destination_realm: String,
    /// Destination-Host, to address one HSS.
    pub destination_host: Option<String>,
    /// The PLMN it serves (Visited-PLMN-Id).
    pub plmn: Plmn,
}

/// An MME: builds its requests.
#[derive(Debug)]
pub struct Mme {
    config: MmeConfig,
    sessions: Sessions,
}

/// What the HSS told the MME.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// CLR: the subscriber is cancelled (TS 29.272 §5.2.1.2).
    Cancelled {
        /// IMSI.
        imsi: String,
        /// Cancellation-Type.
        cancellation_type: i32,
    },
    /// IDR: new subscription data (TS 29.272 §5.2.2.1).
    Inserted {
        /// IMSI.
        imsi: String,
        /// The data.
        profile: Profile,
    },
    /// DSR: APN configurations withdrawn (TS 29.272 §5.2.2.2).
    Deleted {
        /// IMSI.
        imsi: String,
        /// DSR-Flags.
        flags: u32,
        /// The Context-Identifiers withdrawn.
        contexts: Vec<u32>,
    },
    /// RSR: the HSS restarted (TS 29.272 §5.2.5).
    Reset {
        /// The User-Ids (leading IMSI digits) affected; all when empty.
        user_ids: Vec<String>,
    },
}

impl Mme {
    /// An MME with `config`.
    pub fn new(config: MmeConfig) -> Self {
        let sessions = Sessions::new(&config.host);
        Self { config, sessions }
    }

    /// Its configuration.
    pub fn config(&self) -> &MmeConfig {
        &self.config
    }

    /// A node configuration for this MME connecting to `hss`, advertising S6a.
    pub fn node_config(&self, hss: SocketAddr) -> NodeConfig {
        let mut cfg = NodeConfig::new(&self.config.host, &self.config.realm);
        cfg.applications = vec![AppId::VendorAuth {
            vendor: VENDOR_3GPP,
            app: application::S6A,
        }];
        cfg.vendor_id = VENDOR_3GPP;
        cfg.product_name = "diameter-rs MME".into();
        cfg.peers = vec![PeerConfig {
            address: hss,
            host: self.config.destination_host.clone(),
            tls: TlsMode::Off,
        }];
        cfg
    }

    fn request(
        &self,
        command: u32,
        end_to_end: u32,
        imsi: &str,
        body: impl Fn(&mut MessageWriter<'_>),
    ) -> Vec<u8> {
        let route = Route {
            origin_host: &self.config.host,
            origin_realm: &self.config.realm,
            destination_host: self.config.destination_host.as_deref(),
            destination_realm: &self.config.destination_realm,
        };
        msg::request(command, end_to_end, &self.sessions.next(), &route, |w| {
            w.utf8(base::USER_NAME, imsi);
            body(w);
        })
    }

    /// AIR for `vectors` E-UTRAN vectors, with Re-Synchronization-Info
    /// (RAND ‖ AUTS) after a synchronisation failure (TS 29.272 §7.2.5).
    pub fn air(
        &self,
        end_to_end: u32,
        imsi: &str,
        vectors: u32,
        resync: Option<([u8; 16], [u8; 14])>,
    ) -> Vec<u8> {
        let plmn = self.config.plmn.encode();
        self.request(command::AUTHENTICATION_INFORMATION, end_to_end, imsi, |w| {
            w.grouped(d::REQUESTED_EUTRAN_AUTHENTICATION_INFO, |w| {
                w.u32(d::NUMBER_OF_REQUESTED_VECTORS, vectors)
                    .u32(d::IMMEDIATE_RESPONSE_PREFERRED, 0);
                if let Some((rand, auts)) = resync {
                    let mut info = [0u8; 30];
                    info[..16].copy_from_slice(&rand);
                    info[16..].copy_from_slice(&auts);
                    w.octets(d::RE_SYNCHRONIZATION_INFO, &info);
                }
            })
            .octets(d::VISITED_PLMN_ID, &plmn);
        })
    }

    /// ULR from E-UTRAN with `flags` (ULR-Flags; the S6a indicator is
    /// always set) (TS 29.272 §7.2.3).
    pub fn ulr(&self, end_to_end: u32, imsi: &str, flags: u32) -> Vec<u8> {
        let plmn = self.config.plmn.encode();
        self.request(command::UPDATE_LOCATION, end_to_end, imsi, |w| {
            w.enumerated(d::RAT_TYPE, EUTRAN)
                .u32(d::ULR_FLAGS, flags | msg::ULR_S6A)
                .octets(d::VISITED_PLMN_ID, &plmn);
        })
    }

    /// PUR (TS 29.272 §7.2.13).
    pub fn pur(&self, end_to_end: u32, imsi: &str) -> Vec<u8> {
        self.request(command::PURGE_UE, end_to_end, imsi, |w| {
            w.u32(d::PUR_FLAGS, msg::PUR_PURGED_IN_MME);
        })
    }

    /// A handler answering the HSS's requests, and where it reports them.
    pub fn handler(&self) -> (MmeHandler, Receiver<Event>) {
        let (tx, rx) = channel();
        (MmeHandler { events: tx }, rx)
    }
}

/// Answers CLR, IDR, DSR and RSR with success and reports each as an [`Event`].
#[derive(Debug, Clone)]
pub struct MmeHandler {
    events: Sender<Event>,
}

impl Handler for MmeHandler {
    fn handle(&mut self, ctx: &Context<'_>, req: &Message<'_>, answer: &mut MessageWriter<'_>) {
        let imsi = msg::user_name(req).unwrap_or_default().to_string();
        let event = match req.command_code() {
            command::CANCEL_LOCATION => Some(Event::Cancelled {
                imsi,
                cancellation_type: req
                    .lookup(d::CANCELLATION_TYPE.code, VENDOR_3GPP)
                    .and_then(|a| a.i32().ok())
                    .unwrap_or(-1),
            }),
            command::INSERT_SUBSCRIBER_DATA => {
                let data = req.lookup(d::SUBSCRIPTION_DATA.code, VENDOR_3GPP);
                data.map(|a| Event::Inserted {
                    imsi,
                    profile: Profile::parse(&a),
                })
            }
            command::DELETE_SUBSCRIBER_DATA => Some(Event::Deleted {
                imsi,
                flags: msg::flags(req, &d::DSR_FLAGS),
                contexts: (req.avps().map_while(Result::ok))
                    .filter(|a| {
                        a.code() == d::CONTEXT_IDENTIFIER.code && a.vendor_id() == VENDOR_3GPP
                    })
                    .filter_map(|a| a.u32().ok())
                    .collect(),
            }),
            command::RESET => Some(Event::Reset {
                user_ids: (req.avps().map_while(Result::ok))
                    .filter(|a| a.code() == d::USER_ID.code && a.vendor_id() == VENDOR_3GPP)
                    .filter_map(|a| a.utf8().ok().map(str::to_string))
                    .collect(),
            }),
            _ => None,
        };
        let outcome = match event {
            Some(e) => {
                let _ = self.events.send(e);
                Outcome::SUCCESS
            }
            None => {
                Outcome::ResultCode(diameter_core::dict::result_code::DIAMETER_COMMAND_UNSUPPORTED)
            }
        };
        if !outcome.is_success() {
            answer.set_flag(diameter_core::wire::flags::ERROR, true);
        }
        msg::answer_head(answer, req, outcome, ctx.origin_host, ctx.origin_realm);
    }
}
