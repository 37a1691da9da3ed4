//! Credit-Control-Answer: written by the server from an [`Outcome`], read
//! by the client (RFC 4006 §3.2, TS 32.299 §6.4.3).

use diameter_core::dict::{application, base, cc};
use diameter_core::wire::{flags, Avp, Message, MessageWriter};

use super::ccr::Ccr;
use super::ledger::{FailedUnits, Outcome, ServiceOutcome, UnitsAvp};
use super::units::{Amounts, ServiceKey, UnitValue};

/// Final-Unit-Action TERMINATE (RFC 4006 §8.35).
pub const FINAL_UNIT_ACTION_TERMINATE: i32 = 0;

/// Who answers, and the Validity-Time put on grants (0: none).
#[derive(Debug, Clone, Copy)]
pub struct Answerer<'a> {
    /// Origin-Host.
    pub origin_host: &'a str,
    /// Origin-Realm.
    pub origin_realm: &'a str,
    /// Validity-Time of each grant, in seconds (RFC 4006 §8.33).
    pub validity_time: u32,
}

/// Writes the CCA that answers `ccr` with `out`, in the order of the CCA
/// grammar (RFC 4006 §3.2).
pub fn write_cca(w: &mut MessageWriter<'_>, who: &Answerer<'_>, ccr: &Ccr<'_>, out: &Outcome) {
    // A protocol error (3xxx, such as 3004 at the session limit) is sent
    // with the E bit (RFC 6733 §7.1.3, §3).
    w.set_flag(flags::ERROR, (3000..4000).contains(&out.result));
    w.utf8(base::SESSION_ID, ccr.session_id)
        .u32(base::RESULT_CODE, out.result)
        .identity(base::ORIGIN_HOST, who.origin_host)
        .identity(base::ORIGIN_REALM, who.origin_realm)
        .u32(base::AUTH_APPLICATION_ID, application::CREDIT_CONTROL)
        .enumerated(
            cc::CC_REQUEST_TYPE,
            ccr.request_type.map_or(0, |t| t as i32),
        )
        .u32(cc::CC_REQUEST_NUMBER, ccr.number);
    if ccr.multiple_services {
        for s in &out.services {
            w.grouped(cc::MULTIPLE_SERVICES_CREDIT_CONTROL, |w| {
                write_service(w, who, s, true);
            });
        }
    } else if let Some(s) = out.services.first() {
        write_service(w, who, s, false);
    }
    if let Some(cost) = out.cost {
        w.grouped(cc::COST_INFORMATION, |w| {
            UnitValue {
                digits: cost.cents,
                exponent: -2,
            }
            .write(w);
            w.u32(cc::CURRENCY_CODE, cost.currency);
        });
    }
    if let Some(enough) = out.enough_credit {
        // ENOUGH_CREDIT 0, NO_CREDIT 1 (RFC 4006 §8.6).
        w.enumerated(cc::CHECK_BALANCE_RESULT, i32::from(!enough));
    }
    if let Some(failed) = out.failed {
        write_failed(w, &failed);
    }
}

/// Failed-AVP holding the service-unit AVP with the amount refused
/// (RFC 6733 §7.5: the offending AVP inside the Grouped AVP that holds
/// it; RFC 4006 §3.2 lets a CCA carry Failed-AVP).
fn write_failed(w: &mut MessageWriter<'_>, failed: &FailedUnits) {
    let def = match failed.avp {
        UnitsAvp::Requested => cc::REQUESTED_SERVICE_UNIT,
        UnitsAvp::Used => cc::USED_SERVICE_UNIT,
    };
    w.grouped(base::FAILED_AVP, |w| {
        Amounts::of(failed.unit, failed.amount).write(w, def);
    });
}

/// A service's grant: inside its MSCC (with its identity and Result-Code)
/// or, for a single-service session, at the top level.
fn write_service(w: &mut MessageWriter<'_>, who: &Answerer<'_>, s: &ServiceOutcome, mscc: bool) {
    if let Some(g) = s.grant {
        Amounts::of(g.unit, g.amount).write(w, cc::GRANTED_SERVICE_UNIT);
    }
    if mscc {
        if let Some(id) = s.key.service_id {
            w.u32(cc::SERVICE_IDENTIFIER, id);
        }
        if let Some(rg) = s.key.rating_group {
            w.u32(cc::RATING_GROUP, rg);
        }
    }
    let Some(g) = s.grant else {
        if mscc {
            w.u32(base::RESULT_CODE, s.result);
        }
        return;
    };
    if who.validity_time > 0 {
        w.u32(cc::VALIDITY_TIME, who.validity_time);
    }
    if mscc {
        w.u32(base::RESULT_CODE, s.result);
    }
    if g.final_units {
        w.grouped(cc::FINAL_UNIT_INDICATION, |w| {
            w.enumerated(cc::FINAL_UNIT_ACTION, FINAL_UNIT_ACTION_TERMINATE);
        });
    }
}

/// What one service of a CCA says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceAnswer {
    /// Rating-Group and Service-Identifier (none at the top level).
    pub key: ServiceKey,
    /// The MSCC's Result-Code.
    pub result: Option<u32>,
    /// Granted-Service-Unit.
    pub granted: Option<Amounts>,
    /// Final-Unit-Action of a Final-Unit-Indication.
    pub final_unit_action: Option<i32>,
    /// Validity-Time.
    pub validity_time: Option<u32>,
}

/// A CCA as the client checks it.
#[derive(Debug, Clone, Default)]
pub struct Cca<'a> {
    /// Session-Id.
    pub session_id: Option<&'a str>,
    /// Result-Code.
    pub result_code: Option<u32>,
    /// CC-Request-Type.
    pub request_type: Option<i32>,
    /// CC-Request-Number.
    pub number: Option<u32>,
    /// Each MSCC, or the top-level grant of a single-service session.
    pub services: Vec<ServiceAnswer>,
    /// Check-Balance-Result.
    pub check_balance: Option<i32>,
    /// Cost-Information's amount in its smallest unit, with its exponent.
    pub cost: Option<(i64, i32)>,
}

impl<'a> Cca<'a> {
    /// Reads a CCA; AVPs that do not decode are skipped.
    pub fn parse(msg: &Message<'a>) -> Self {
        let mut cca = Cca::default();
        let mut top = ServiceAnswer::default();
        let mut top_seen = false;
        for avp in msg.avps().map_while(Result::ok) {
            match avp.code() {
                c if c == base::SESSION_ID.code => cca.session_id = avp.utf8().ok(),
                c if c == base::RESULT_CODE.code => cca.result_code = avp.u32().ok(),
                c if c == cc::CC_REQUEST_TYPE.code => cca.request_type = avp.enumerated().ok(),
                c if c == cc::CC_REQUEST_NUMBER.code => cca.number = avp.u32().ok(),
                c if c == cc::CHECK_BALANCE_RESULT.code => {
                    cca.check_balance = avp.enumerated().ok()
                }
                c if c == cc::COST_INFORMATION.code => cca.cost = cost(&avp),
                c if c == cc::MULTIPLE_SERVICES_CREDIT_CONTROL.code => {
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
}

impl ServiceAnswer {
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
}

/// Cost-Information's Unit-Value (RFC 4006 §8.7, §8.8).
fn cost(avp: &Avp<'_>) -> Option<(i64, i32)> {
    let value = UnitValue::parse(&avp.lookup(cc::UNIT_VALUE.code, 0)?)?;
    Some((value.digits, value.exponent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gy::ccr::{IdType, RequestType, ServiceRequest, SubscriptionId, SubscriptionIds};
    use crate::gy::ledger::{Cost, Grant};
    use crate::gy::units::Unit;
    use diameter_core::dict::result_code as rc;

    fn answer_to(multiple: bool, out: &Outcome) -> Vec<u8> {
        let req = Ccr {
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
        .encode();
        let req = Message::new_checked(&req).unwrap();
        let ccr = Ccr::parse(&req);
        let mut buf = vec![0u8; 1024];
        let mut w = MessageWriter::answer(&mut buf, &req);
        let who = Answerer {
            origin_host: "ocs",
            origin_realm: "com",
            validity_time: 30,
        };
        write_cca(&mut w, &who, &ccr, out);
        let n = w.finish().unwrap();
        buf.truncate(n);
        buf
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
    fn refused_amounts_go_in_failed_avp() {
        let out = Outcome {
            result: rc::DIAMETER_INVALID_AVP_VALUE,
            failed: Some(FailedUnits {
                avp: UnitsAvp::Used,
                unit: Unit::Octets,
                amount: u64::MAX,
            }),
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
        assert_eq!(Cca::parse(&msg).result_code, Some(5004));
        let ok = answer_to(true, &outcome(false));
        let ok = Message::new_checked(&ok).unwrap();
        assert!(ok.lookup(base::FAILED_AVP.code, 0).is_none());
    }

    #[test]
    fn mscc_answer_round_trips() {
        let bytes = answer_to(true, &outcome(true));
        let msg = Message::new_checked(&bytes).unwrap();
        assert_eq!(msg.end_to_end(), 5);
        let cca = Cca::parse(&msg);
        assert_eq!(cca.session_id, Some("s;1"));
        assert_eq!(cca.result_code, Some(2001));
        assert_eq!((cca.request_type, cca.number), (Some(1), Some(0)));
        assert_eq!(cca.services.len(), 1);
        let s = cca.services[0];
        assert_eq!(s.key.rating_group, Some(10));
        assert_eq!(s.result, Some(2001));
        assert_eq!(s.granted.unwrap().octets, Some(700));
        assert_eq!(s.final_unit_action, Some(FINAL_UNIT_ACTION_TERMINATE));
        assert_eq!(s.validity_time, Some(30));
        assert_eq!(cca.check_balance, Some(1), "NO_CREDIT");
        assert_eq!(cca.cost, Some((125, -2)));
    }

    #[test]
    fn single_service_grant_is_at_the_top_level() {
        let bytes = answer_to(false, &outcome(false));
        let msg = Message::new_checked(&bytes).unwrap();
        assert!(msg
            .lookup(cc::MULTIPLE_SERVICES_CREDIT_CONTROL.code, 0)
            .is_none());
        let cca = Cca::parse(&msg);
        assert_eq!(cca.services.len(), 1);
        assert_eq!(cca.services[0].granted.unwrap().octets, Some(700));
        assert_eq!(cca.services[0].final_unit_action, None);
        assert_eq!(cca.services[0].result, None);
    }
}
