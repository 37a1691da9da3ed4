//! Credit-Control-Answer (RFC 4006 §3.2, TS 32.299 §6.4.3): one type,
//! [`Cca`], that the server builds from the ledger's [`Outcome`] and
//! writes, and the client reads.
//!
//! The ledger's decision stays a charging result ([`Outcome`]: grants in
//! one unit, a price in cents, the amount refused), which a session keeps
//! to answer a duplicate again; [`Cca::answer`] turns it, with the
//! request and who answers, into the message, a copy of a few words per
//! service.

use diameter_core::dict::{application, base, cc};
use diameter_core::wire::{flags, Avp, Message, MessageWriter};
use smallvec::SmallVec;

use super::ccr::{Ccr, RequestType};
use super::ledger::{FailedUnits, Outcome, ServiceOutcome, UnitsAvp};
use super::units::{Amounts, ServiceKey, UnitValue, INLINE_SERVICES};

/// Final-Unit-Action TERMINATE (RFC 4006 §8.35).
pub const FINAL_UNIT_ACTION_TERMINATE: i32 = 0;

/// Who answers, the Validity-Time put on grants (0: none) and the
/// failure handling asked of the client.
#[derive(Debug, Clone, Copy)]
pub struct Answerer<'a> {
    /// Origin-Host.
    pub origin_host: &'a str,
    /// Origin-Realm.
    pub origin_realm: &'a str,
    /// Validity-Time of each grant, in seconds (RFC 4006 §8.33).
    pub validity_time: u32,
    /// Credit-Control-Failure-Handling of every answer (RFC 4006 §8.14).
    pub failure_handling: FailureHandling,
}

/// CC-Session-Failover (RFC 4006 §8.4): whether the client may move a
/// session to an alternative server when this one fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionFailover {
    /// FAILOVER_NOT_SUPPORTED.
    NotSupported = 0,
    /// FAILOVER_SUPPORTED.
    Supported = 1,
}

impl SessionFailover {
    /// The value with wire value `v`.
    pub fn from_value(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::NotSupported),
            1 => Some(Self::Supported),
            _ => None,
        }
    }
}

/// Credit-Control-Failure-Handling (RFC 4006 §8.14, §5.7): what the
/// client does when no answer comes (Tx expires) or the server fails.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum FailureHandling {
    /// TERMINATE: the service ends with the connection to the server.
    Terminate = 0,
    /// CONTINUE: the request goes to an alternative server, else the
    /// service goes on without credit control.
    Continue = 1,
    /// RETRY_AND_TERMINATE: the request goes to an alternative server,
    /// else the service ends.
    RetryAndTerminate = 2,
}

impl FailureHandling {
    /// The value with wire value `v`.
    pub fn from_value(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::Terminate),
            1 => Some(Self::Continue),
            2 => Some(Self::RetryAndTerminate),
            _ => None,
        }
    }
}

/// Check-Balance-Result (RFC 4006 §8.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckBalance {
    /// ENOUGH_CREDIT.
    EnoughCredit = 0,
    /// NO_CREDIT.
    NoCredit = 1,
}

impl CheckBalance {
    /// The result with wire value `v`.
    pub fn from_value(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::EnoughCredit),
            1 => Some(Self::NoCredit),
            _ => None,
        }
    }
}

/// Cost-Information (RFC 4006 §8.7): the price of a PRICE_ENQUIRY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostInformation {
    /// Unit-Value.
    pub value: UnitValue,
    /// Currency-Code (ISO 4217, RFC 4006 §8.11); `None` when absent.
    pub currency: Option<u32>,
}

impl CostInformation {
    fn parse(avp: &Avp<'_>) -> Option<Self> {
        let value = UnitValue::parse(&avp.lookup(cc::UNIT_VALUE.code, 0)?)?;
        let currency = avp
            .lookup(cc::CURRENCY_CODE.code, 0)
            .and_then(|c| c.u32().ok());
        Some(CostInformation { value, currency })
    }

    fn write(&self, w: &mut MessageWriter<'_>) {
        w.grouped(cc::COST_INFORMATION, |w| {
            self.value.write(w);
            if let Some(c) = self.currency {
                w.u32(cc::CURRENCY_CODE, c);
            }
        });
    }
}

/// What one service of a CCA says: a Multiple-Services-Credit-Control, or
/// the top-level grant of a single-service session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceAnswer {
    /// Rating-Group and Service-Identifier (not written at the top level).
    pub key: ServiceKey,
    /// The MSCC's Result-Code (not written at the top level, where the
    /// answer's own is).
    pub result: Option<u32>,
    /// Granted-Service-Unit.
    pub granted: Option<Amounts>,
    /// Validity-Time, in seconds (RFC 4006 §8.33).
    pub validity_time: Option<u32>,
    /// Final-Unit-Action of a Final-Unit-Indication (RFC 4006 §8.34, §8.35).
    pub final_unit_action: Option<i32>,
}

impl ServiceAnswer {
    /// The MSCC for the ledger's `s`: the last units carry
    /// Final-Unit-Indication TERMINATE (RFC 4006 §5.6.1), and a grant is
    /// valid for `validity_time` seconds (0: no Validity-Time).
    fn of(s: &ServiceOutcome, validity_time: u32) -> Self {
        ServiceAnswer {
            key: s.key,
            result: Some(s.result),
            granted: s.grant.map(|g| Amounts::of(g.unit, g.amount)),
            validity_time: s.grant.map(|_| validity_time).filter(|&v| v > 0),
            final_unit_action: s
                .grant
                .filter(|g| g.final_units)
                .map(|_| FINAL_UNIT_ACTION_TERMINATE),
        }
    }

    /// The same grant at the top level, without the MSCC's identity and
    /// Result-Code; `None` when it then says nothing (no grant).
    fn at_top_level(self) -> Option<Self> {
        let top = ServiceAnswer {
            key: ServiceKey::default(),
            result: None,
            ..self
        };
        (top != ServiceAnswer::default()).then_some(top)
    }

    /// Takes in one AVP of an MSCC (or of the top level); whether it was one of ours.
    fn read(&mut self, avp: &Avp<'_>) -> bool {
        match avp.code() {
            c if c == cc::GRANTED_SERVICE_UNIT.code => self.granted = Some(Amounts::parse(avp)),
            c if c == cc::FINAL_UNIT_INDICATION.code => {
                self.final_unit_action = avp
                    .lookup(cc::FINAL_UNIT_ACTION.code, 0)
                    .and_then(|a| a.enumerated().ok())
            }
            c if c == cc::VALIDITY_TIME.code => self.validity_time = avp.u32().ok(),
            c if c == base::RESULT_CODE.code => self.result = avp.u32().ok(),
            c if c == cc::RATING_GROUP.code => self.key.rating_group = avp.u32().ok(),
            c if c == cc::SERVICE_IDENTIFIER.code => self.key.service_id = avp.u32().ok(),
            _ => return false,
        }
        true
    }

    /// Writes the service's AVPs: inside its MSCC (`mscc`, with its
    /// identity and Result-Code, RFC 4006 §8.16) or at the top level.
    fn write(&self, w: &mut MessageWriter<'_>, mscc: bool) {
        if let Some(g) = &self.granted {
            g.write(w, cc::GRANTED_SERVICE_UNIT);
        }
        if mscc {
            if let Some(id) = self.key.service_id {
                w.u32(cc::SERVICE_IDENTIFIER, id);
            }
            if let Some(rg) = self.key.rating_group {
                w.u32(cc::RATING_GROUP, rg);
            }
        }
        if let Some(v) = self.validity_time {
            w.u32(cc::VALIDITY_TIME, v);
        }
        if let Some(r) = self.result.filter(|_| mscc) {
            w.u32(base::RESULT_CODE, r);
        }
        if let Some(action) = self.final_unit_action {
            w.grouped(cc::FINAL_UNIT_INDICATION, |w| {
                w.enumerated(cc::FINAL_UNIT_ACTION, action);
            });
        }
    }
}

/// The services of an answer, a few of them held without allocating.
pub type ServiceAnswers = SmallVec<[ServiceAnswer; INLINE_SERVICES]>;

/// A Credit-Control-Answer (RFC 4006 §3.2): what the server builds
/// ([`Cca::answer`]) and [writes](Cca::write) into the answer to a request,
/// and what the client [reads](Cca::parse), borrowed from the answer's
/// bytes. An answer built, written and parsed again is the answer built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cca<'a> {
    /// Session-Id.
    pub session_id: &'a str,
    /// Result-Code.
    pub result_code: Option<u32>,
    /// Origin-Host.
    pub origin_host: &'a str,
    /// Origin-Realm.
    pub origin_realm: &'a str,
    /// CC-Request-Type, the request's; `None` (written 0) when it had
    /// none of RFC 4006's values.
    pub request_type: Option<RequestType>,
    /// CC-Request-Number.
    pub number: Option<u32>,
    /// CC-Session-Failover (RFC 4006 §8.4): the server's sessions are
    /// stored, so any OCS node on the store continues them.
    pub session_failover: Option<SessionFailover>,
    /// Whether the services come in Multiple-Services-Credit-Control AVPs,
    /// else at the top level (only the first is written there); read as
    /// whether any MSCC came, so false without services.
    pub multiple_services: bool,
    /// Each MSCC, or the top-level grant of a single-service session.
    pub services: ServiceAnswers,
    /// Cost-Information.
    pub cost: Option<CostInformation>,
    /// Check-Balance-Result.
    pub check_balance: Option<CheckBalance>,
    /// Credit-Control-Failure-Handling (RFC 4006 §8.14).
    pub failure_handling: Option<FailureHandling>,
    /// The service-unit AVP with the amount refused, in Failed-AVP
    /// (RFC 6733 §7.5: the offending AVP inside the Grouped AVP that holds
    /// it; RFC 4006 §3.2 lets a CCA carry Failed-AVP).
    pub failed: Option<FailedUnits>,
}

impl<'a> Cca<'a> {
    /// The answer `who` gives to `ccr` with the ledger's decision `out`.
    #[inline]
    pub fn answer(who: &Answerer<'a>, ccr: &Ccr<'a>, out: &Outcome) -> Self {
        let mscc = ccr.multiple_services;
        let mut cca = Cca {
            session_id: ccr.session_id,
            result_code: Some(out.result),
            origin_host: who.origin_host,
            origin_realm: who.origin_realm,
            request_type: ccr.request_type,
            number: Some(ccr.number),
            session_failover: Some(SessionFailover::Supported),
            multiple_services: mscc && !out.services.is_empty(),
            services: ServiceAnswers::new(),
            cost: out.cost.map(|c| CostInformation {
                value: UnitValue {
                    digits: c.cents,
                    exponent: -2,
                },
                currency: Some(c.currency),
            }),
            check_balance: out.enough_credit.map(|enough| {
                if enough {
                    CheckBalance::EnoughCredit
                } else {
                    CheckBalance::NoCredit
                }
            }),
            failure_handling: Some(who.failure_handling),
            failed: out.failed,
        };
        if mscc {
            for s in &out.services {
                cca.services.push(ServiceAnswer::of(s, who.validity_time));
            }
        } else if let Some(top) = (out.services.first())
            .and_then(|s| ServiceAnswer::of(s, who.validity_time).at_top_level())
        {
            cca.services.push(top);
        }
        cca
    }

    /// Whether the Result-Code is a protocol error (3xxx), which an
    /// answer carries with the E bit (RFC 6733 §7.1.3, §3).
    pub fn is_protocol_error(&self) -> bool {
        self.result_code.is_some_and(|r| (3000..4000).contains(&r))
    }

    /// Reads a CCA; AVPs that do not decode are skipped.
    #[inline]
    pub fn parse(msg: &Message<'a>) -> Self {
        let mut cca = Cca::default();
        let mut top = ServiceAnswer::default();
        let mut top_seen = false;
        for avp in msg.avps().map_while(Result::ok) {
            match avp.code() {
                c if c == base::SESSION_ID.code => cca.session_id = avp.utf8().unwrap_or(""),
                c if c == base::RESULT_CODE.code => cca.result_code = avp.u32().ok(),
                c if c == base::ORIGIN_HOST.code => cca.origin_host = avp.identity().unwrap_or(""),
                c if c == base::ORIGIN_REALM.code => {
                    cca.origin_realm = avp.identity().unwrap_or("")
                }
                c if c == cc::CC_REQUEST_TYPE.code => {
                    cca.request_type = avp.enumerated().ok().and_then(RequestType::from_value)
                }
                c if c == cc::CC_REQUEST_NUMBER.code => cca.number = avp.u32().ok(),
                c if c == cc::CC_SESSION_FAILOVER.code => {
                    cca.session_failover =
                        avp.enumerated().ok().and_then(SessionFailover::from_value)
                }
                c if c == cc::CREDIT_CONTROL_FAILURE_HANDLING.code => {
                    cca.failure_handling =
                        avp.enumerated().ok().and_then(FailureHandling::from_value)
                }
                c if c == cc::CHECK_BALANCE_RESULT.code => {
                    cca.check_balance = avp.enumerated().ok().and_then(CheckBalance::from_value)
                }
                c if c == cc::COST_INFORMATION.code => cca.cost = CostInformation::parse(&avp),
                c if c == base::FAILED_AVP.code => cca.failed = failed_units(&avp),
                c if c == cc::MULTIPLE_SERVICES_CREDIT_CONTROL.code => {
                    cca.multiple_services = true;
                    let mut s = ServiceAnswer::default();
                    for inner in avp.grouped().map_while(Result::ok) {
                        s.read(&inner);
                    }
                    cca.services.push(s);
                }
                _ => top_seen |= top.read(&avp),
            }
        }
        if top_seen {
            cca.services.insert(0, top);
        }
        cca
    }

    /// Writes the answer's E bit and AVPs into `w` (started as the answer
    /// to the request, [`MessageWriter::answer`]), in the order of the
    /// CCA grammar (RFC 4006 §3.2).
    pub fn write(&self, w: &mut MessageWriter<'_>) {
        w.set_flag(flags::ERROR, self.is_protocol_error());
        w.utf8(base::SESSION_ID, self.session_id);
        if let Some(r) = self.result_code {
            w.u32(base::RESULT_CODE, r);
        }
        w.identity(base::ORIGIN_HOST, self.origin_host)
            .identity(base::ORIGIN_REALM, self.origin_realm)
            .u32(base::AUTH_APPLICATION_ID, application::CREDIT_CONTROL)
            .enumerated(
                cc::CC_REQUEST_TYPE,
                self.request_type.map_or(0, |t| t as i32),
            );
        if let Some(n) = self.number {
            w.u32(cc::CC_REQUEST_NUMBER, n);
        }
        if let Some(f) = self.session_failover {
            w.enumerated(cc::CC_SESSION_FAILOVER, f as i32);
        }
        if self.multiple_services {
            for s in &self.services {
                w.grouped(cc::MULTIPLE_SERVICES_CREDIT_CONTROL, |w| s.write(w, true));
            }
        } else if let Some(s) = self.services.first() {
            s.write(w, false);
        }
        if let Some(cost) = &self.cost {
            cost.write(w);
        }
        if let Some(b) = self.check_balance {
            w.enumerated(cc::CHECK_BALANCE_RESULT, b as i32);
        }
        if let Some(f) = self.failure_handling {
            w.enumerated(cc::CREDIT_CONTROL_FAILURE_HANDLING, f as i32);
        }
        if let Some(failed) = &self.failed {
            let def = match failed.avp {
                UnitsAvp::Requested => cc::REQUESTED_SERVICE_UNIT,
                UnitsAvp::Used => cc::USED_SERVICE_UNIT,
            };
            w.grouped(base::FAILED_AVP, |w| {
                Amounts::of(failed.unit, failed.amount).write(w, def);
            });
        }
    }
}

/// The refused service-unit AVP a Failed-AVP holds, with its first amount.
fn failed_units(avp: &Avp<'_>) -> Option<FailedUnits> {
    avp.grouped().map_while(Result::ok).find_map(|inner| {
        let which = match inner.code() {
            c if c == cc::REQUESTED_SERVICE_UNIT.code => UnitsAvp::Requested,
            c if c == cc::USED_SERVICE_UNIT.code => UnitsAvp::Used,
            _ => return None,
        };
        let (unit, amount) = Amounts::parse(&inner).first()?;
        Some(FailedUnits {
            avp: which,
            unit,
            amount,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gy::ccr::{IdType, ServiceRequest, SubscriptionId, SubscriptionIds};
    use crate::gy::ledger::{Cost, Grant};
    use crate::gy::units::Unit;
    use diameter_core::dict::result_code as rc;

    const WHO: Answerer<'static> = Answerer {
        origin_host: "ocs",
        origin_realm: "com",
        validity_time: 30,
        failure_handling: FailureHandling::RetryAndTerminate,
    };

    /// A CCR-Initial for Rating-Group 10, in an MSCC when `multiple`.
    fn request(multiple: bool) -> Vec<u8> {
        Ccr {
            session_id: "s;1",
            origin_host: "gw",
            origin_realm: "net",
            destination_realm: "com",
            request_type: Some(RequestType::Initial),
            subscription_ids: SubscriptionIds::one(SubscriptionId::new(IdType::E164, "4912345")),
            multiple_services: multiple,
            services: [ServiceRequest {
                key: ServiceKey {
                    rating_group: Some(10),
                    service_id: None,
                },
                requested: Some(Amounts::default()),
                used: Amounts::default(),
            }]
            .into_iter()
            .collect(),
            end_to_end: 5,
            ..Ccr::default()
        }
        .encode()
    }

    /// Writes `cca` as the answer to `req`.
    fn written(req: &[u8], cca: &Cca<'_>) -> Vec<u8> {
        let req = Message::new_checked(req).unwrap();
        let mut buf = vec![0u8; 1024];
        let mut w = MessageWriter::answer(&mut buf, &req);
        cca.write(&mut w);
        let n = w.finish().unwrap();
        buf.truncate(n);
        buf
    }

    /// The answer the server writes to a request with `out`.
    fn answer_to(multiple: bool, out: &Outcome) -> Vec<u8> {
        let req = request(multiple);
        let msg = Message::new_checked(&req).unwrap();
        written(&req, &Cca::answer(&WHO, &Ccr::parse(&msg), out))
    }

    fn outcome(final_units: bool) -> Outcome {
        Outcome {
            result: rc::DIAMETER_SUCCESS,
            services: vec![ServiceOutcome {
                key: ServiceKey {
                    rating_group: Some(10),
                    service_id: None,
                },
                result: rc::DIAMETER_SUCCESS,
                grant: Some(Grant {
                    unit: Unit::Octets,
                    amount: 700,
                    final_units,
                }),
            }],
            enough_credit: Some(false),
            cost: Some(Cost {
                cents: 125,
                currency: 978,
            }),
            failed: None,
        }
    }

    #[test]
    fn a_built_answer_round_trips() {
        let service = |rg, result, final_unit_action| ServiceAnswer {
            key: ServiceKey {
                rating_group: Some(rg),
                service_id: Some(rg + 1),
            },
            result: Some(result),
            granted: (result == rc::DIAMETER_SUCCESS).then_some(Amounts {
                time: Some(60),
                ..Amounts::of(Unit::Octets, 700)
            }),
            validity_time: Some(30),
            final_unit_action,
        };
        let cca = Cca {
            session_id: "s;1",
            result_code: Some(rc::DIAMETER_SUCCESS),
            origin_host: "ocs",
            origin_realm: "com",
            request_type: Some(RequestType::Event),
            number: Some(4),
            multiple_services: true,
            services: [
                service(10, rc::DIAMETER_SUCCESS, Some(FINAL_UNIT_ACTION_TERMINATE)),
                service(20, rc::DIAMETER_CREDIT_LIMIT_REACHED, None),
            ]
            .into_iter()
            .collect(),
            cost: Some(CostInformation {
                value: UnitValue {
                    digits: 125,
                    exponent: -2,
                },
                currency: Some(978),
            }),
            check_balance: Some(CheckBalance::EnoughCredit),
            session_failover: Some(SessionFailover::NotSupported),
            failure_handling: Some(FailureHandling::Continue),
            failed: Some(FailedUnits {
                avp: UnitsAvp::Requested,
                unit: Unit::Time,
                amount: 9,
            }),
        };
        let bytes = written(&request(true), &cca);
        let msg = Message::new_checked(&bytes).unwrap();
        assert!(!msg.is_error());
        assert_eq!(Cca::parse(&msg), cca);
    }

    #[test]
    fn a_protocol_error_has_the_e_bit() {
        let out = Outcome {
            result: rc::DIAMETER_TOO_BUSY,
            ..Outcome::default()
        };
        let req = request(true);
        let ccr_msg = Message::new_checked(&req).unwrap();
        let built = Cca::answer(&WHO, &Ccr::parse(&ccr_msg), &out);
        let bytes = written(&req, &built);
        let msg = Message::new_checked(&bytes).unwrap();
        assert!(msg.is_error());
        let cca = Cca::parse(&msg);
        assert!(cca.is_protocol_error());
        assert_eq!(cca.result_code, Some(3004));
        // No services: the MSCC request's answer round-trips all the same.
        assert_eq!(cca, built);
        assert!(cca.services.is_empty() && !cca.multiple_services);
    }

    #[test]
    fn refused_amounts_go_in_failed_avp() {
        let failed = FailedUnits {
            avp: UnitsAvp::Used,
            unit: Unit::Octets,
            amount: u64::MAX,
        };
        let out = Outcome {
            result: rc::DIAMETER_INVALID_AVP_VALUE,
            failed: Some(failed),
            ..Outcome::default()
        };
        let bytes = answer_to(true, &out);
        let msg = Message::new_checked(&bytes).unwrap();
        let octets = msg
            .lookup(base::FAILED_AVP.code, 0)
            .and_then(|f| f.lookup(cc::USED_SERVICE_UNIT.code, 0))
            .and_then(|u| u.lookup(cc::CC_TOTAL_OCTETS.code, 0))
            .map(|a| a.u64());
        assert_eq!(octets, Some(Ok(u64::MAX)));
        let cca = Cca::parse(&msg);
        assert_eq!(cca.result_code, Some(5004));
        assert_eq!(cca.failed, Some(failed));
        assert!(!msg.is_error());
        let ok = answer_to(true, &outcome(false));
        let ok = Message::new_checked(&ok).unwrap();
        assert!(ok.lookup(base::FAILED_AVP.code, 0).is_none());
    }

    #[test]
    fn mscc_answer_round_trips() {
        let req = request(true);
        let ccr_msg = Message::new_checked(&req).unwrap();
        let built = Cca::answer(&WHO, &Ccr::parse(&ccr_msg), &outcome(true));
        let bytes = written(&req, &built);
        let msg = Message::new_checked(&bytes).unwrap();
        assert_eq!(msg.end_to_end(), 5);
        let cca = Cca::parse(&msg);
        assert_eq!(cca, built);
        assert_eq!(cca.session_id, "s;1");
        assert_eq!((cca.origin_host, cca.origin_realm), ("ocs", "com"));
        assert_eq!(cca.result_code, Some(2001));
        assert_eq!(
            (cca.request_type, cca.number),
            (Some(RequestType::Initial), Some(0))
        );
        assert_eq!(cca.services.len(), 1);
        let s = cca.services[0];
        assert_eq!(s.key.rating_group, Some(10));
        assert_eq!(s.result, Some(2001));
        assert_eq!(s.granted.unwrap().octets, Some(700));
        assert_eq!(s.final_unit_action, Some(FINAL_UNIT_ACTION_TERMINATE));
        assert_eq!(s.validity_time, Some(30));
        assert_eq!(cca.check_balance, Some(CheckBalance::NoCredit));
        // RFC 4006 §8.4, §8.14: the session may move to another node, and
        // the client retries there before it ends the service.
        let avp = |code| msg.lookup(code, 0).map(|a| a.enumerated());
        assert_eq!(avp(cc::CC_SESSION_FAILOVER.code), Some(Ok(1)));
        assert_eq!(avp(cc::CREDIT_CONTROL_FAILURE_HANDLING.code), Some(Ok(2)));
        assert_eq!(cca.session_failover, Some(SessionFailover::Supported));
        assert_eq!(
            cca.failure_handling,
            Some(FailureHandling::RetryAndTerminate)
        );
        assert_eq!(
            cca.cost.map(|c| c.value),
            Some(UnitValue {
                digits: 125,
                exponent: -2
            })
        );
        assert_eq!(cca.cost.and_then(|c| c.currency), Some(978));
    }

    #[test]
    fn single_service_grant_is_at_the_top_level() {
        let bytes = answer_to(false, &outcome(false));
        let msg = Message::new_checked(&bytes).unwrap();
        assert!(msg
            .lookup(cc::MULTIPLE_SERVICES_CREDIT_CONTROL.code, 0)
            .is_none());
        let cca = Cca::parse(&msg);
        assert!(!cca.multiple_services);
        assert_eq!(cca.services.len(), 1);
        assert_eq!(cca.services[0].granted.unwrap().octets, Some(700));
        assert_eq!(cca.services[0].final_unit_action, None);
        assert_eq!(cca.services[0].result, None);
        assert_eq!(cca.services[0].key, ServiceKey::default());
    }
}
