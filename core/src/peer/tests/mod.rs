//! Tests of the peer: the RFC 6733 §5.6 table row by row, the encoding of
//! base messages, a two-peer harness on a virtual clock, and properties of
//! random event sequences.

mod encode;
mod harness;
mod props;
mod table;

use core::net::Ipv4Addr;
use std::vec::Vec;

use super::{
    write_base, Action, Actions, BaseMessage, Config, Conn, DisconnectCause, Event, Ids, Instant,
    LocalIdentity, Peer,
};
use crate::dict::{application, base, command};
use crate::wire::{Address, Message, MessageWriter};

/// The local node of single-peer tests: between [`LOW`] and [`HIGH`].
pub(super) const LOCAL: &str = "m.example";
/// A peer this node wins elections against.
pub(super) const LOW: &str = "a.example";
/// A peer this node loses elections against.
pub(super) const HIGH: &str = "z.example";

static ADDRESSES: [Address<'static>; 1] = [Address::V4(Ipv4Addr::new(192, 0, 2, 1))];
static CREDIT_CONTROL: [u32; 1] = [application::CREDIT_CONTROL];

/// A node supporting credit control only.
pub(super) fn identity(host: &'static str) -> LocalIdentity<'static> {
    with_apps(host, &CREDIT_CONTROL)
}

/// A node supporting the Auth-Application-Ids `apps`.
pub(super) fn with_apps(host: &'static str, apps: &'static [u32]) -> LocalIdentity<'static> {
    LocalIdentity {
        origin_host: host,
        origin_realm: "example",
        host_ip_addresses: &ADDRESSES,
        vendor_id: 0,
        product_name: "peer tests",
        origin_state_id: Some(7),
        supported_vendor_ids: &[],
        auth_application_ids: apps,
        acct_application_ids: &[],
        vendor_specific_application_ids: &[],
        firmware_revision: None,
        inband_security_ids: &[],
    }
}

/// Encodes a base message as node `from` would send it.
pub(super) fn encode(from: &LocalIdentity<'_>, msg: BaseMessage, ids: Ids) -> Vec<u8> {
    let mut buf = [0u8; 1024];
    let len = write_base(&mut buf, from, msg, ids).unwrap();
    buf[..len].to_vec()
}

/// A credit-control request, as an application would send it.
pub(super) fn app_request() -> Vec<u8> {
    let mut buf = [0u8; 256];
    let mut w = MessageWriter::request(
        &mut buf,
        command::CREDIT_CONTROL,
        application::CREDIT_CONTROL,
        true,
        0x100,
        0x200,
    );
    w.utf8(base::SESSION_ID.head(), "client;1;1")
        .identity(base::ORIGIN_HOST.head(), LOCAL)
        .identity(base::ORIGIN_REALM.head(), "example");
    let len = w.finish().unwrap();
    buf[..len].to_vec()
}

/// Actions with the identifiers of `Send` cleared, to compare shapes.
pub(super) fn shapes(actions: &Actions) -> Vec<Action> {
    actions
        .iter()
        .map(|a| match *a {
            Action::Send { conn, msg, .. } => Action::Send {
                conn,
                msg,
                ids: Ids::default(),
            },
            other => other,
        })
        .collect()
}

/// A message the peer under test receives.
#[derive(Debug, Clone, Copy)]
pub(super) enum M {
    /// A CEA from `host` with a Result-Code.
    Cea(&'static str, u32),
    Dwr,
    Dwa,
    Dpr(DisconnectCause),
    Dpa,
    /// An application request.
    App,
}

impl M {
    fn bytes(self) -> Vec<u8> {
        let peer = identity(HIGH);
        let ids = Ids {
            hop_by_hop: 0x55,
            end_to_end: 0x66,
        };
        match self {
            Self::Cea(host, result_code) => encode(
                &identity(host),
                BaseMessage::Cea {
                    result_code,
                    failed: None,
                },
                ids,
            ),
            Self::Dwr => encode(&peer, BaseMessage::Dwr, ids),
            Self::Dwa => encode(&peer, BaseMessage::Dwa { result_code: 2001 }, ids),
            Self::Dpr(cause) => encode(&peer, BaseMessage::Dpr { cause }, ids),
            Self::Dpa => encode(&peer, BaseMessage::Dpa { result_code: 2001 }, ids),
            Self::App => app_request(),
        }
    }
}

/// An event with its message described rather than borrowed.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ev {
    Start,
    Stop(DisconnectCause),
    Ack,
    Nack,
    /// R-Conn-CER from a peer with this Origin-Host.
    Cer(&'static str),
    Rcv(Conn, M),
    Disc(Conn),
    /// Timeout at the peer's deadline.
    Timeout,
    /// Send-Message of an application request.
    Send,
}

/// A peer under test and its clock.
pub(super) struct Driver {
    pub(super) peer: Peer<'static>,
    pub(super) now: Instant,
}

impl Driver {
    pub(super) fn new(host: &'static str) -> Self {
        Self {
            peer: Peer::new(Config::new(identity(host), 42)),
            now: Instant::ZERO,
        }
    }

    /// A peer that has gone through `events`.
    pub(super) fn after(events: &[Ev]) -> Self {
        let mut d = Self::new(LOCAL);
        for &e in events {
            d.apply(e);
        }
        d
    }

    /// Handles `ev` now, or at the peer's deadline for a timeout.
    pub(super) fn apply(&mut self, ev: Ev) -> Actions {
        let bytes = match ev {
            Ev::Cer(host) => encode(&identity(host), BaseMessage::Cer, Ids::default()),
            Ev::Rcv(_, m) => m.bytes(),
            Ev::Send => app_request(),
            _ => Vec::new(),
        };
        let msg = || Message::new_checked(&bytes).unwrap();
        let event = match ev {
            Ev::Start => Event::Start,
            Ev::Stop(cause) => Event::Stop(cause),
            Ev::Ack => Event::ConnAck,
            Ev::Nack => Event::ConnNack,
            Ev::Cer(_) => Event::ConnCer(msg()),
            Ev::Rcv(conn, _) => Event::Received(conn, msg()),
            Ev::Disc(conn) => Event::PeerDisc(conn),
            Ev::Timeout => {
                self.now = self.peer.poll_timeout().expect("a timer runs");
                Event::Timeout
            }
            Ev::Send => Event::Send(msg()),
        };
        self.peer.handle(self.now, event)
    }
}
