//! Credit-Control-Request: read in place by the server, built by the client
//! (RFC 4006 §3.1, TS 32.299 §6.4.2).

use diameter_core::dict::{application, base, cc, command};
use diameter_core::wire::{flags, Message, MessageWriter};

use super::units::{Amounts, ServiceKey, Unit};

/// Gy's Service-Context-Id (TS 32.299 §7.1.12: `32251@3gpp.org` for PS charging).
pub const GY_SERVICE_CONTEXT: &str = "32251@3gpp.org";

/// CC-Request-Type (RFC 4006 §8.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum RequestType {
    /// INITIAL_REQUEST: opens a session and reserves.
    Initial = 1,
    /// UPDATE_REQUEST: reports usage and asks for more.
    Update = 2,
    /// TERMINATION_REQUEST: reports the final usage and closes the session.
    Termination = 3,
    /// EVENT_REQUEST: a one-time event (RFC 4006 §6).
    Event = 4,
}

impl RequestType {
    /// The type with wire value `v`.
    pub fn from_value(v: i32) -> Option<Self> {
        match v {
            1 => Some(Self::Initial),
            2 => Some(Self::Update),
            3 => Some(Self::Termination),
            4 => Some(Self::Event),
            _ => None,
        }
    }
}

/// Requested-Action of an EVENT_REQUEST (RFC 4006 §8.41).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// DIRECT_DEBITING (§6.3).
    DirectDebiting = 0,
    /// REFUND_ACCOUNT (§6.4).
    RefundAccount = 1,
    /// CHECK_BALANCE (§6.2).
    CheckBalance = 2,
    /// PRICE_ENQUIRY (§6.1).
    PriceEnquiry = 3,
}

impl Action {
    /// The action with wire value `v`.
    pub fn from_value(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::DirectDebiting),
            1 => Some(Self::RefundAccount),
            2 => Some(Self::CheckBalance),
            3 => Some(Self::PriceEnquiry),
            _ => None,
        }
    }
}

/// Subscription-Id-Type (RFC 4006 §8.47).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IdType {
    /// END_USER_E164: an MSISDN.
    E164 = 0,
    /// END_USER_IMSI.
    Imsi = 1,
    /// END_USER_SIP_URI.
    SipUri = 2,
    /// END_USER_NAI.
    Nai = 3,
    /// END_USER_PRIVATE.
    Private = 4,
}

/// What one service asks: a Multiple-Services-Credit-Control instance, or
/// the top-level units of a single-service session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceRequest {
    /// Which service.
    pub key: ServiceKey,
    /// The Requested-Service-Unit, when present (possibly empty).
    pub requested: Option<Amounts>,
    /// The Used-Service-Units, added up.
    pub used: Amounts,
}

/// How many subscriber identities of a request are kept: each
/// Subscription-Id's data, the Subscription-Id-Extension members
/// (RFC 8506 §8.58), then User-Name, in that order.
pub const MAX_IDENTITIES: usize = 6;

/// A CCR as the server needs it, borrowed from the request's bytes.
#[derive(Debug, Clone)]
pub struct Ccr<'a> {
    /// Session-Id.
    pub session_id: &'a str,
    /// CC-Request-Type; `None` for a value outside RFC 4006's.
    pub request_type: Option<RequestType>,
    /// CC-Request-Number.
    pub number: u32,
    /// Requested-Action, as on the wire.
    pub requested_action: Option<i32>,
    /// Whether the T flag is set (a possible duplicate, RFC 6733 §3).
    pub retransmit: bool,
    /// Subscriber identities, first found first.
    pub identities: [Option<&'a str>; MAX_IDENTITIES],
    /// Whether the services came in Multiple-Services-Credit-Control AVPs.
    pub multiple_services: bool,
    /// The services, in request order.
    pub services: Vec<ServiceRequest>,
}

impl<'a> Ccr<'a> {
    /// Reads a CCR that passed validation; AVPs that do not decode are
    /// skipped, so this never fails.
    pub fn parse(msg: &Message<'a>) -> Self {
        let mut ccr = Ccr {
            session_id: "",
            request_type: None,
            number: 0,
            requested_action: None,
            retransmit: msg.is_retransmit(),
            identities: [None; MAX_IDENTITIES],
            multiple_services: false,
            services: Vec::new(),
        };
        let mut top = ServiceRequest {
            key: ServiceKey::default(),
            requested: None,
            used: Amounts::default(),
        };
        let mut has_top_units = false;
        let mut user_name = None;
        for avp in msg.avps().map_while(Result::ok) {
            if avp.vendor_id() != 0 {
                continue;
            }
            match avp.code() {
                c if c == base::SESSION_ID.code => ccr.session_id = avp.utf8().unwrap_or(""),
                c if c == cc::CC_REQUEST_TYPE.code => {
                    ccr.request_type = avp.enumerated().ok().and_then(RequestType::from_value)
                }
                c if c == cc::CC_REQUEST_NUMBER.code => ccr.number = avp.u32().unwrap_or(0),
                c if c == cc::REQUESTED_ACTION.code => ccr.requested_action = avp.enumerated().ok(),
                c if c == base::USER_NAME.code => user_name = avp.utf8().ok(),
                c if c == cc::SUBSCRIPTION_ID.code => {
                    let data = avp.lookup(cc::SUBSCRIPTION_ID_DATA.code, 0);
                    ccr.add_identity(data.and_then(|d| d.utf8().ok()));
                }
                c if c == cc::SUBSCRIPTION_ID_EXTENSION.code => {
                    for member in avp.grouped().map_while(Result::ok) {
                        ccr.add_identity(member.utf8().ok());
                    }
                }
                c if c == cc::SERVICE_IDENTIFIER.code => {
                    top.key.service_id = avp.u32().ok();
                }
                c if c == cc::REQUESTED_SERVICE_UNIT.code => {
                    top.requested = Some(Amounts::parse(&avp));
                    has_top_units = true;
                }
                c if c == cc::USED_SERVICE_UNIT.code => {
                    top.used.add(&Amounts::parse(&avp));
                    has_top_units = true;
                }
                c if c == cc::MULTIPLE_SERVICES_CREDIT_CONTROL.code => {
                    ccr.multiple_services = true;
                    ccr.services.push(parse_mscc(&avp));
                }
                _ => {}
            }
        }
        ccr.add_identity(user_name);
        if !ccr.multiple_services && (has_top_units || top.key.service_id.is_some()) {
            ccr.services.push(top);
        }
        ccr
    }

    fn add_identity(&mut self, id: Option<&'a str>) {
        let Some(id) = id.filter(|s| !s.is_empty()) else {
            return;
        };
        if let Some(slot) = self.identities.iter_mut().find(|s| s.is_none()) {
            *slot = Some(id);
        }
    }

    /// The subscriber identities given.
    pub fn subscriber_ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.identities.iter().flatten().copied()
    }
}

/// One Multiple-Services-Credit-Control (RFC 4006 §8.16).
fn parse_mscc(avp: &diameter_core::wire::Avp<'_>) -> ServiceRequest {
    let mut s = ServiceRequest {
        key: ServiceKey::default(),
        requested: None,
        used: Amounts::default(),
    };
    for inner in avp.grouped().map_while(Result::ok) {
        match inner.code() {
            c if c == cc::RATING_GROUP.code => s.key.rating_group = inner.u32().ok(),
            c if c == cc::SERVICE_IDENTIFIER.code => s.key.service_id = inner.u32().ok(),
            c if c == cc::REQUESTED_SERVICE_UNIT.code => s.requested = Some(Amounts::parse(&inner)),
            c if c == cc::USED_SERVICE_UNIT.code => s.used.add(&Amounts::parse(&inner)),
            _ => {}
        }
    }
    s
}

/// One service of a CCR to build: a Multiple-Services-Credit-Control when
/// the request uses them, else the top-level units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceSpec {
    /// Rating-Group and Service-Identifier.
    pub key: ServiceKey,
    /// Requested-Service-Unit: `Some((unit, None))` writes an empty one.
    pub requested: Option<(Unit, Option<u64>)>,
    /// Used-Service-Unit.
    pub used: Option<(Unit, u64)>,
}

/// A CCR to encode (the client's side, and the tests').
#[derive(Debug, Clone)]
pub struct CcrSpec<'a> {
    /// Session-Id.
    pub session_id: &'a str,
    /// Origin-Host.
    pub origin_host: &'a str,
    /// Origin-Realm.
    pub origin_realm: &'a str,
    /// Destination-Realm.
    pub destination_realm: &'a str,
    /// Destination-Host: the server that answered the session's first
    /// request, named in the requests after it (RFC 4006 §5.1, RFC 6733
    /// §6.1); `None` for a first request, which goes by realm alone.
    pub destination_host: Option<&'a str>,
    /// CC-Request-Type.
    pub request_type: RequestType,
    /// CC-Request-Number.
    pub number: u32,
    /// Subscription-Id, when given.
    pub subscriber: Option<(IdType, &'a str)>,
    /// Requested-Action (events).
    pub requested_action: Option<Action>,
    /// Whether the services go in MSCC AVPs (else at the top level).
    pub multiple_services: bool,
    /// The services.
    pub services: &'a [ServiceSpec],
    /// End-to-End Identifier.
    pub end_to_end: u32,
    /// Whether to set the T flag.
    pub retransmit: bool,
}

impl CcrSpec<'_> {
    /// Encodes the request (its Hop-by-Hop Identifier is set on sending).
    pub fn encode(&self) -> Vec<u8> {
        let mut buf = vec![0u8; 512 + 96 * self.services.len() + self.session_id.len()];
        let mut w = MessageWriter::request(
            &mut buf,
            command::CREDIT_CONTROL,
            application::CREDIT_CONTROL,
            true,
            0,
            self.end_to_end,
        );
        w.set_flag(flags::RETRANSMIT, self.retransmit);
        w.utf8(base::SESSION_ID, self.session_id)
            .identity(base::ORIGIN_HOST, self.origin_host)
            .identity(base::ORIGIN_REALM, self.origin_realm)
            .identity(base::DESTINATION_REALM, self.destination_realm);
        if let Some(host) = self.destination_host {
            w.identity(base::DESTINATION_HOST, host);
        }
        w.u32(base::AUTH_APPLICATION_ID, application::CREDIT_CONTROL)
            .utf8(cc::SERVICE_CONTEXT_ID, GY_SERVICE_CONTEXT)
            .enumerated(cc::CC_REQUEST_TYPE, self.request_type as i32)
            .u32(cc::CC_REQUEST_NUMBER, self.number);
        if let Some((ty, data)) = self.subscriber {
            w.grouped(cc::SUBSCRIPTION_ID, |w| {
                w.enumerated(cc::SUBSCRIPTION_ID_TYPE, ty as i32)
                    .utf8(cc::SUBSCRIPTION_ID_DATA, data);
            });
        }
        if let Some(action) = self.requested_action {
            w.enumerated(cc::REQUESTED_ACTION, action as i32);
        }
        if self.multiple_services {
            w.enumerated(cc::MULTIPLE_SERVICES_INDICATOR, 1);
            for s in self.services {
                w.grouped(cc::MULTIPLE_SERVICES_CREDIT_CONTROL, |w| {
                    write_service(w, s)
                });
            }
        } else if let Some(s) = self.services.first() {
            write_service(&mut w, s);
        }
        let n = w.finish().unwrap_or(0);
        buf.truncate(n);
        buf
    }
}

/// The units and identity of one service, in the order RFC 4006 §8.16 lists them.
fn write_service(w: &mut MessageWriter<'_>, s: &ServiceSpec) {
    if let Some((unit, amount)) = s.requested {
        Amounts::given(unit, amount).write(w, cc::REQUESTED_SERVICE_UNIT);
    }
    if let Some((unit, amount)) = s.used {
        Amounts::of(unit, amount).write(w, cc::USED_SERVICE_UNIT);
    }
    if let Some(id) = s.key.service_id {
        w.u32(cc::SERVICE_IDENTIFIER, id);
    }
    if let Some(rg) = s.key.rating_group {
        w.u32(cc::RATING_GROUP, rg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec<'a>(services: &'a [ServiceSpec], multiple: bool) -> CcrSpec<'a> {
        CcrSpec {
            session_id: "gw.example.net;1;2",
            origin_host: "gw.example.net",
            origin_realm: "example.net",
            destination_realm: "example.com",
            destination_host: None,
            request_type: RequestType::Update,
            number: 3,
            subscriber: Some((IdType::Imsi, "001010000000001")),
            requested_action: None,
            multiple_services: multiple,
            services,
            end_to_end: 9,
            retransmit: true,
        }
    }

    #[test]
    fn built_mscc_request_parses_back() {
        let services = [
            ServiceSpec {
                key: ServiceKey {
                    rating_group: Some(10),
                    service_id: Some(1),
                },
                requested: Some((Unit::Octets, None)),
                used: Some((Unit::Octets, 500)),
            },
            ServiceSpec {
                key: ServiceKey {
                    rating_group: Some(20),
                    service_id: None,
                },
                requested: Some((Unit::Time, Some(60))),
                used: None,
            },
        ];
        let bytes = spec(&services, true).encode();
        let msg = Message::new_checked(&bytes).unwrap();
        assert_eq!(msg.end_to_end(), 9);
        let ccr = Ccr::parse(&msg);
        assert_eq!(ccr.session_id, "gw.example.net;1;2");
        assert_eq!(ccr.request_type, Some(RequestType::Update));
        assert_eq!(ccr.number, 3);
        assert!(ccr.retransmit && ccr.multiple_services);
        assert_eq!(
            ccr.subscriber_ids().collect::<Vec<_>>(),
            ["001010000000001"]
        );
        assert_eq!(ccr.services.len(), 2);
        assert_eq!(ccr.services[0].key, services[0].key);
        assert!(ccr.services[0].requested.unwrap().is_empty());
        assert_eq!(ccr.services[0].used.octets, Some(500));
        assert_eq!(
            ccr.services[1].requested.unwrap().first(),
            Some((Unit::Time, 60))
        );
        assert!(ccr.services[1].used.is_empty());
    }

    #[test]
    fn single_service_units_come_from_the_top_level() {
        let services = [ServiceSpec {
            key: ServiceKey {
                rating_group: None,
                service_id: Some(7),
            },
            requested: Some((Unit::Units, Some(2))),
            used: None,
        }];
        let mut s = spec(&services, false);
        s.request_type = RequestType::Event;
        s.requested_action = Some(Action::DirectDebiting);
        s.retransmit = false;
        let bytes = s.encode();
        let ccr = Ccr::parse(&Message::new_checked(&bytes).unwrap());
        assert!(!ccr.multiple_services && !ccr.retransmit);
        assert_eq!(ccr.requested_action, Some(0));
        assert_eq!(ccr.services.len(), 1);
        assert_eq!(ccr.services[0].key.service_id, Some(7));
        assert_eq!(
            ccr.services[0].requested.unwrap().first(),
            Some((Unit::Units, 2))
        );
    }

    #[test]
    fn the_fixture_ccr_update_parses() {
        let bytes = include_bytes!("../../tests/fixtures/ccr-u-1mscc.bin");
        let ccr = Ccr::parse(&Message::new_checked(bytes).unwrap());
        assert_eq!(ccr.session_id, "gy.test.example.com;1;1");
        assert_eq!(
            (ccr.request_type, ccr.number),
            (Some(RequestType::Update), 1)
        );
        assert!(ccr.multiple_services && !ccr.retransmit);
        assert_eq!(
            ccr.subscriber_ids().collect::<Vec<_>>(),
            ["262011234567890"]
        );
        assert_eq!(ccr.services.len(), 1);
        let s = ccr.services[0];
        assert_eq!(
            s.key,
            ServiceKey {
                rating_group: Some(10),
                service_id: Some(100)
            }
        );
        assert!(s.requested.unwrap().is_empty());
        // CC-Total-Octets wins over CC-Input- plus CC-Output-Octets.
        assert_eq!(s.used.octets, Some(5_000_000));
    }
}
