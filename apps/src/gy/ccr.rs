//! Credit-Control-Request (RFC 4006 §3.1, TS 32.299 §6.4.2): one type,
//! [`Ccr`], that the client builds and encodes and the server reads in
//! place.

use diameter_core::dict::{application, base, cc, command, AvpDef};
use diameter_core::wire::{flags, Avp, ErrorKind, Message, MessageWriter};
use smallvec::SmallVec;

use super::units::{Amounts, ServiceKey, INLINE_SERVICES};

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

impl IdType {
    /// Every type, in wire-value order.
    pub const ALL: [IdType; 5] = [
        IdType::E164,
        IdType::Imsi,
        IdType::SipUri,
        IdType::Nai,
        IdType::Private,
    ];

    /// The type with wire value `v`.
    pub fn from_value(v: i32) -> Option<Self> {
        Self::ALL.into_iter().find(|&t| t as i32 == v)
    }

    /// The member of a Subscription-Id-Extension that carries an identity
    /// of this type (RFC 8506 §8.59–§8.63).
    pub fn extension_avp(self) -> AvpDef {
        match self {
            IdType::E164 => cc::SUBSCRIPTION_ID_E164,
            IdType::Imsi => cc::SUBSCRIPTION_ID_IMSI,
            IdType::SipUri => cc::SUBSCRIPTION_ID_SIP_URI,
            IdType::Nai => cc::SUBSCRIPTION_ID_NAI,
            IdType::Private => cc::SUBSCRIPTION_ID_PRIVATE,
        }
    }

    /// The type of the Subscription-Id-Extension member with AVP `code`.
    fn of_extension(code: u32) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.extension_avp().code == code)
    }
}

/// A subscriber identity: a Subscription-Id (RFC 4006 §8.46) or a member
/// of a Subscription-Id-Extension (RFC 8506 §8.58).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubscriptionId<'a> {
    /// Subscription-Id-Type (or the member's type); `None` when absent or
    /// outside RFC 4006's values.
    pub id_type: Option<IdType>,
    /// Subscription-Id-Data (or the member's data).
    pub data: &'a str,
    /// Whether it comes in a Subscription-Id-Extension, and is written in
    /// one (which needs its type).
    pub extension: bool,
}

impl<'a> SubscriptionId<'a> {
    /// A Subscription-Id of type `id_type`.
    pub fn new(id_type: IdType, data: &'a str) -> Self {
        SubscriptionId {
            id_type: Some(id_type),
            data,
            extension: false,
        }
    }

    /// A Subscription-Id AVP's type and data (RFC 4006 §8.46).
    fn parse(avp: &Avp<'a>) -> Self {
        let mut id = SubscriptionId {
            id_type: None,
            data: "",
            extension: false,
        };
        for inner in avp.grouped().map_while(Result::ok) {
            match inner.code() {
                c if c == cc::SUBSCRIPTION_ID_TYPE.code => {
                    id.id_type = inner.enumerated().ok().and_then(IdType::from_value)
                }
                c if c == cc::SUBSCRIPTION_ID_DATA.code => id.data = inner.utf8().unwrap_or(""),
                _ => {}
            }
        }
        id
    }

    /// Writes it as a Subscription-Id, or as a Subscription-Id-Extension
    /// when it came in one and has its type.
    fn write(&self, w: &mut MessageWriter<'_>) {
        match self.id_type {
            Some(ty) if self.extension => {
                w.grouped(cc::SUBSCRIPTION_ID_EXTENSION, |w| {
                    w.utf8(ty.extension_avp(), self.data);
                });
            }
            _ => {
                w.grouped(cc::SUBSCRIPTION_ID, |w| {
                    if let Some(ty) = self.id_type {
                        w.enumerated(cc::SUBSCRIPTION_ID_TYPE, ty as i32);
                    }
                    w.utf8(cc::SUBSCRIPTION_ID_DATA, self.data);
                });
            }
        }
    }
}

/// How many Subscription-Ids (and Subscription-Id-Extension members) of a
/// request are kept; with User-Name, a request names at most one more
/// subscriber.
pub const MAX_SUBSCRIPTION_IDS: usize = 5;

/// A request's subscriber identities, first found first: the first
/// [`MAX_SUBSCRIPTION_IDS`] with data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubscriptionIds<'a>([Option<SubscriptionId<'a>>; MAX_SUBSCRIPTION_IDS]);

impl<'a> SubscriptionIds<'a> {
    /// `id` alone.
    pub fn one(id: SubscriptionId<'a>) -> Self {
        let mut ids = SubscriptionIds::default();
        ids.push(id);
        ids
    }

    /// Adds `id` after the others; one without data, or past
    /// [`MAX_SUBSCRIPTION_IDS`], is dropped.
    pub fn push(&mut self, id: SubscriptionId<'a>) {
        if id.data.is_empty() {
            return;
        }
        if let Some(slot) = self.0.iter_mut().find(|s| s.is_none()) {
            *slot = Some(id);
        }
    }

    /// The identities, in order.
    pub fn iter(&self) -> impl Iterator<Item = &SubscriptionId<'a>> + '_ {
        self.0.iter().flatten()
    }
}

/// What one service asks: a Multiple-Services-Credit-Control instance, or
/// the top-level units of a single-service session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceRequest {
    /// Which service (a single service at the top level has no Rating-Group).
    pub key: ServiceKey,
    /// The Requested-Service-Unit, when present (possibly empty).
    pub requested: Option<Amounts>,
    /// The Used-Service-Units, added up; none written when it holds nothing.
    pub used: Amounts,
}

impl ServiceRequest {
    /// One Multiple-Services-Credit-Control (RFC 4006 §8.16).
    fn parse_mscc(avp: &Avp<'_>) -> Self {
        let mut s = ServiceRequest::default();
        for inner in avp.grouped().map_while(Result::ok) {
            match inner.code() {
                c if c == cc::RATING_GROUP.code => s.key.rating_group = inner.u32().ok(),
                c if c == cc::SERVICE_IDENTIFIER.code => s.key.service_id = inner.u32().ok(),
                c if c == cc::REQUESTED_SERVICE_UNIT.code => {
                    s.requested = Some(Amounts::parse(&inner))
                }
                c if c == cc::USED_SERVICE_UNIT.code => s.used.add(&Amounts::parse(&inner)),
                _ => {}
            }
        }
        s
    }

    /// Writes the Multiple-Services-Credit-Control of this service, its
    /// AVPs in the order RFC 4006 §8.16 lists them.
    fn write_mscc(&self, w: &mut MessageWriter<'_>) {
        w.grouped(cc::MULTIPLE_SERVICES_CREDIT_CONTROL, |w| {
            self.write_requested(w);
            self.write_used(w);
            if let Some(id) = self.key.service_id {
                w.u32(cc::SERVICE_IDENTIFIER, id);
            }
            if let Some(rg) = self.key.rating_group {
                w.u32(cc::RATING_GROUP, rg);
            }
        });
    }

    fn write_requested(&self, w: &mut MessageWriter<'_>) {
        if let Some(r) = &self.requested {
            r.write(w, cc::REQUESTED_SERVICE_UNIT);
        }
    }

    fn write_used(&self, w: &mut MessageWriter<'_>) {
        if self.used != Amounts::default() {
            self.used.write(w, cc::USED_SERVICE_UNIT);
        }
    }
}

/// The services of a request, a few of them held without allocating.
pub type Services = SmallVec<[ServiceRequest; INLINE_SERVICES]>;

/// A Credit-Control-Request (RFC 4006 §3.1, TS 32.299 §6.4.2): what the
/// client builds and [encodes](Ccr::encode), and what the server
/// [reads](Ccr::parse) in place, borrowed from the request's bytes. A
/// request built, encoded and parsed again is the request built, when it
/// holds what a request read can: at the top level one service at most,
/// without Rating-Group; identities with data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ccr<'a> {
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
    /// CC-Request-Type; `None` for a value outside RFC 4006's (and then
    /// not written).
    pub request_type: Option<RequestType>,
    /// CC-Request-Number.
    pub number: u32,
    /// Requested-Action, as on the wire (see [`Action::from_value`]).
    pub requested_action: Option<i32>,
    /// Subscription-Ids and Subscription-Id-Extension members, in order.
    pub subscription_ids: SubscriptionIds<'a>,
    /// User-Name, when not empty: the subscriber named last.
    pub user_name: Option<&'a str>,
    /// Whether the services come in Multiple-Services-Credit-Control AVPs
    /// (after a Multiple-Services-Indicator, RFC 4006 §8.40), else at the
    /// top level; read as whether any MSCC came.
    pub multiple_services: bool,
    /// The services, in request order; at the top level only the first
    /// is written (a single-service session, RFC 4006 §5.1.1).
    pub services: Services,
    /// End-to-End Identifier (its Hop-by-Hop Identifier is set on sending).
    pub end_to_end: u32,
    /// Whether the T flag is set (a possible duplicate, RFC 6733 §3).
    pub retransmit: bool,
}

impl<'a> Ccr<'a> {
    /// Reads a CCR that passed validation; AVPs that do not decode are
    /// skipped, so this never fails.
    #[inline]
    pub fn parse(msg: &Message<'a>) -> Self {
        let mut ccr = Ccr {
            end_to_end: msg.end_to_end(),
            retransmit: msg.is_retransmit(),
            ..Ccr::default()
        };
        let mut top = ServiceRequest::default();
        for avp in msg.avps().map_while(Result::ok) {
            if avp.vendor_id() != 0 {
                continue;
            }
            match avp.code() {
                c if c == base::SESSION_ID.code => ccr.session_id = avp.utf8().unwrap_or(""),
                c if c == base::ORIGIN_HOST.code => ccr.origin_host = avp.identity().unwrap_or(""),
                c if c == base::ORIGIN_REALM.code => {
                    ccr.origin_realm = avp.identity().unwrap_or("")
                }
                c if c == base::DESTINATION_REALM.code => {
                    ccr.destination_realm = avp.identity().unwrap_or("")
                }
                c if c == base::DESTINATION_HOST.code => ccr.destination_host = avp.identity().ok(),
                c if c == cc::CC_REQUEST_TYPE.code => {
                    ccr.request_type = avp.enumerated().ok().and_then(RequestType::from_value)
                }
                c if c == cc::CC_REQUEST_NUMBER.code => ccr.number = avp.u32().unwrap_or(0),
                c if c == cc::REQUESTED_ACTION.code => ccr.requested_action = avp.enumerated().ok(),
                c if c == base::USER_NAME.code => {
                    ccr.user_name = avp.utf8().ok().filter(|s| !s.is_empty())
                }
                c if c == cc::SUBSCRIPTION_ID.code => {
                    ccr.subscription_ids.push(SubscriptionId::parse(&avp))
                }
                c if c == cc::SUBSCRIPTION_ID_EXTENSION.code => {
                    for member in avp.grouped().map_while(Result::ok) {
                        let Some(ty) = IdType::of_extension(member.code()) else {
                            continue;
                        };
                        ccr.subscription_ids.push(SubscriptionId {
                            id_type: Some(ty),
                            data: member.utf8().unwrap_or(""),
                            extension: true,
                        });
                    }
                }
                c if c == cc::SERVICE_IDENTIFIER.code => {
                    top.key.service_id = avp.u32().ok();
                }
                c if c == cc::REQUESTED_SERVICE_UNIT.code => {
                    top.requested = Some(Amounts::parse(&avp))
                }
                c if c == cc::USED_SERVICE_UNIT.code => top.used.add(&Amounts::parse(&avp)),
                c if c == cc::MULTIPLE_SERVICES_CREDIT_CONTROL.code => {
                    ccr.multiple_services = true;
                    ccr.services.push(ServiceRequest::parse_mscc(&avp));
                }
                _ => {}
            }
        }
        // A single service is one that says something at the top level.
        if !ccr.multiple_services && top != ServiceRequest::default() {
            ccr.services.push(top);
        }
        ccr
    }

    /// The subscriber identities given: the Subscription-Ids' data, then
    /// User-Name.
    pub fn subscriber_ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        (self.subscription_ids.iter().map(|id| id.data)).chain(self.user_name)
    }

    /// Writes the request's T flag and AVPs into `w`, in the order of the
    /// CCR grammar (RFC 4006 §3.1, RFC 8506 §3.1) but for Destination-Host.
    pub fn write(&self, w: &mut MessageWriter<'_>) {
        w.set_flag(flags::RETRANSMIT, self.retransmit);
        w.utf8(base::SESSION_ID, self.session_id)
            .identity(base::ORIGIN_HOST, self.origin_host)
            .identity(base::ORIGIN_REALM, self.origin_realm)
            .identity(base::DESTINATION_REALM, self.destination_realm);
        // Beside Destination-Realm, which routing reads with it (RFC 6733
        // §6.1.4–§6.1.6), so found sooner; the grammar fixes no place for
        // an optional AVP (§3.2).
        if let Some(host) = self.destination_host {
            w.identity(base::DESTINATION_HOST, host);
        }
        w.u32(base::AUTH_APPLICATION_ID, application::CREDIT_CONTROL)
            .utf8(cc::SERVICE_CONTEXT_ID, GY_SERVICE_CONTEXT);
        if let Some(t) = self.request_type {
            w.enumerated(cc::CC_REQUEST_TYPE, t as i32);
        }
        w.u32(cc::CC_REQUEST_NUMBER, self.number);
        if let Some(name) = self.user_name {
            w.utf8(base::USER_NAME, name);
        }
        for id in self.subscription_ids.iter() {
            id.write(w);
        }
        let top = self.services.first().filter(|_| !self.multiple_services);
        if let Some(s) = top {
            if let Some(id) = s.key.service_id {
                w.u32(cc::SERVICE_IDENTIFIER, id);
            }
            s.write_requested(w);
        }
        if let Some(action) = self.requested_action {
            w.enumerated(cc::REQUESTED_ACTION, action);
        }
        if let Some(s) = top {
            s.write_used(w);
        }
        if self.multiple_services {
            // MULTIPLE_SERVICES_SUPPORTED (RFC 4006 §8.40).
            w.enumerated(cc::MULTIPLE_SERVICES_INDICATOR, 1);
            for s in &self.services {
                s.write_mscc(w);
            }
        }
    }

    /// Encodes the request (its Hop-by-Hop Identifier is set on sending);
    /// empty only past the largest message Diameter carries.
    pub fn encode(&self) -> Vec<u8> {
        let mut buf = vec![0u8; 512 + 96 * self.services.len() + self.session_id.len()];
        loop {
            let mut w = MessageWriter::request(
                &mut buf,
                command::CREDIT_CONTROL,
                application::CREDIT_CONTROL,
                true,
                0,
                self.end_to_end,
            );
            self.write(&mut w);
            match w.finish() {
                Ok(n) => {
                    buf.truncate(n);
                    return buf;
                }
                Err(e) => match e.kind {
                    ErrorKind::BufferTooSmall { needed } if needed > buf.len() => {
                        buf.resize(needed, 0)
                    }
                    _ => return Vec::new(),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gy::units::{Unit, UnitValue};

    fn request(services: &[ServiceRequest], multiple: bool) -> Ccr<'static> {
        Ccr {
            session_id: "gw.example.net;1;2",
            origin_host: "gw.example.net",
            origin_realm: "example.net",
            destination_realm: "example.com",
            request_type: Some(RequestType::Update),
            number: 3,
            subscription_ids: SubscriptionIds::one(SubscriptionId::new(
                IdType::Imsi,
                "001010000000001",
            )),
            multiple_services: multiple,
            services: services.iter().copied().collect(),
            end_to_end: 9,
            retransmit: true,
            ..Ccr::default()
        }
    }

    fn round_trip<'b>(ccr: &Ccr<'_>, bytes: &'b mut Vec<u8>) -> Ccr<'b> {
        *bytes = ccr.encode();
        let bytes: &'b [u8] = bytes;
        Ccr::parse(&Message::new_checked(bytes).unwrap())
    }

    #[test]
    fn a_built_request_round_trips() {
        let services = [
            ServiceRequest {
                key: ServiceKey {
                    rating_group: Some(10),
                    service_id: Some(1),
                },
                requested: Some(Amounts::default()),
                used: Amounts {
                    octets: Some(500),
                    time: Some(7),
                    ..Amounts::default()
                },
            },
            ServiceRequest {
                key: ServiceKey {
                    rating_group: Some(20),
                    service_id: None,
                },
                requested: Some(Amounts {
                    money: Some(UnitValue {
                        digits: 150,
                        exponent: -2,
                    }),
                    ..Amounts::of(Unit::Time, 60)
                }),
                used: Amounts::default(),
            },
        ];
        let mut ccr = request(&services, true);
        ccr.destination_host = Some("ocs.example.com");
        ccr.user_name = Some("alice@example.net");
        ccr.subscription_ids.push(SubscriptionId {
            id_type: Some(IdType::Nai),
            data: "alice@example.net",
            extension: true,
        });
        ccr.subscription_ids.push(SubscriptionId {
            id_type: None,
            data: "untyped",
            extension: false,
        });
        let mut bytes = Vec::new();
        assert_eq!(round_trip(&ccr, &mut bytes), ccr);
        let msg = Message::new_checked(&bytes).unwrap();
        assert_eq!(msg.end_to_end(), 9);
        assert!(msg.is_retransmit());
        let ccr = Ccr::parse(&msg);
        assert_eq!(
            ccr.subscriber_ids().collect::<Vec<_>>(),
            [
                "001010000000001",
                "alice@example.net",
                "untyped",
                "alice@example.net"
            ]
        );
        assert!(ccr.services[0].requested.unwrap().is_empty());
        assert_eq!(
            ccr.services[1].requested.unwrap().first(),
            Some((Unit::Time, 60))
        );
    }

    #[test]
    fn an_event_with_top_level_units_round_trips() {
        let services = [ServiceRequest {
            key: ServiceKey {
                rating_group: None,
                service_id: Some(7),
            },
            requested: Some(Amounts::of(Unit::Units, 2)),
            used: Amounts::of(Unit::Units, 1),
        }];
        let mut ccr = request(&services, false);
        ccr.request_type = Some(RequestType::Event);
        ccr.requested_action = Some(Action::DirectDebiting as i32);
        ccr.retransmit = false;
        let mut bytes = Vec::new();
        let parsed = round_trip(&ccr, &mut bytes);
        assert_eq!(parsed, ccr);
        assert!(!parsed.multiple_services && !parsed.retransmit);
        let msg = Message::new_checked(&bytes).unwrap();
        assert!(msg
            .lookup(cc::MULTIPLE_SERVICES_CREDIT_CONTROL.code, 0)
            .is_none());
        assert_eq!(
            msg.lookup(cc::SERVICE_IDENTIFIER.code, 0).map(|a| a.u32()),
            Some(Ok(7))
        );
    }

    #[test]
    fn services_past_the_inline_ones_are_kept() {
        let services: Vec<ServiceRequest> = (0..INLINE_SERVICES as u32 + 3)
            .map(|rg| ServiceRequest {
                key: ServiceKey {
                    rating_group: Some(rg),
                    service_id: None,
                },
                requested: Some(Amounts::default()),
                used: Amounts::default(),
            })
            .collect();
        let ccr = request(&services, true);
        let mut bytes = Vec::new();
        assert_eq!(round_trip(&ccr, &mut bytes).services.len(), services.len());
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
