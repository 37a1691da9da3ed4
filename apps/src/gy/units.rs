//! Service units: what a quota counts and how Requested-, Granted- and
//! Used-Service-Unit carry it (RFC 4006 §8.17–§8.19, §8.21–§8.26).

use diameter_core::dict::{cc, AvpDef};
use diameter_core::wire::{Avp, MessageWriter};
use serde::{Deserialize, Serialize};

/// How many services a CCR or CCA holds without allocating: a gateway
/// typically reports one or two Rating-Groups per request.
pub const INLINE_SERVICES: usize = 2;

/// The kind of unit an account bucket counts and a quota is granted in.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Volume: CC-Total-Octets, or CC-Input-Octets plus CC-Output-Octets.
    Octets,
    /// Time: CC-Time, in seconds.
    Time,
    /// Events and other service-specific units: CC-Service-Specific-Units.
    Units,
}

impl Unit {
    /// Every unit, in bucket order.
    pub const ALL: [Unit; 3] = [Unit::Octets, Unit::Time, Unit::Units];

    /// The bucket index of this unit in an account.
    pub fn index(self) -> usize {
        match self {
            Unit::Octets => 0,
            Unit::Time => 1,
            Unit::Units => 2,
        }
    }

    /// The name of the bucket, as the `accounts` command prints it.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Octets => "octets",
            Unit::Time => "seconds",
            Unit::Units => "units",
        }
    }
}

/// One Multiple-Services-Credit-Control instance's identity: its
/// Rating-Group and Service-Identifier (TS 32.299 §7.1.9); both absent for
/// the single service of a session without MSCC (RFC 4006 §5.1.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ServiceKey {
    /// Rating-Group (RFC 4006 §8.29).
    pub rating_group: Option<u32>,
    /// Service-Identifier (RFC 4006 §8.28).
    pub service_id: Option<u32>,
}

/// The amounts one Requested-, Granted- or Used-Service-Unit AVP holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Amounts {
    /// Octets: CC-Total-Octets, else the sum of CC-Input- and CC-Output-Octets.
    pub octets: Option<u64>,
    /// CC-Time.
    pub time: Option<u64>,
    /// CC-Service-Specific-Units.
    pub units: Option<u64>,
    /// CC-Money's Unit-Value (RFC 4006 §8.22; this server does not rate
    /// money): a CC-Money whose Unit-Value does not decode counts as 0.
    pub money: Option<UnitValue>,
}

impl Amounts {
    /// `amount` of `unit`, and nothing else.
    pub fn of(unit: Unit, amount: u64) -> Self {
        Self::given(unit, Some(amount))
    }

    /// `amount` of `unit` when given, else nothing (an empty
    /// Requested-Service-Unit, TS 32.299 §6.3.3).
    pub fn given(unit: Unit, amount: Option<u64>) -> Self {
        let mut a = Amounts::default();
        match unit {
            Unit::Octets => a.octets = amount,
            Unit::Time => a.time = amount,
            Unit::Units => a.units = amount,
        }
        a
    }

    /// The amounts in a service-unit Grouped AVP (RFC 4006 §8.18, §8.19).
    pub fn parse(avp: &Avp<'_>) -> Self {
        let mut a = Amounts::default();
        let (mut input, mut output, mut total) = (None, None, None);
        for inner in avp.grouped().map_while(Result::ok) {
            match inner.code() {
                c if c == cc::CC_TOTAL_OCTETS.code => total = inner.u64().ok(),
                c if c == cc::CC_INPUT_OCTETS.code => input = inner.u64().ok(),
                c if c == cc::CC_OUTPUT_OCTETS.code => output = inner.u64().ok(),
                c if c == cc::CC_TIME.code => a.time = inner.u32().ok().map(u64::from),
                c if c == cc::CC_SERVICE_SPECIFIC_UNITS.code => a.units = inner.u64().ok(),
                c if c == cc::CC_MONEY.code => {
                    a.money = Some(
                        inner
                            .lookup(cc::UNIT_VALUE.code, 0)
                            .and_then(|v| UnitValue::parse(&v))
                            .unwrap_or_default(),
                    )
                }
                _ => {}
            }
        }
        a.octets = total.or(match (input, output) {
            (None, None) => None,
            (i, o) => Some(i.unwrap_or(0).saturating_add(o.unwrap_or(0))),
        });
        a
    }

    /// The amount of `unit`, if given.
    pub fn get(&self, unit: Unit) -> Option<u64> {
        match unit {
            Unit::Octets => self.octets,
            Unit::Time => self.time,
            Unit::Units => self.units,
        }
    }

    /// The first unit given, in bucket order, with its amount.
    pub fn first(&self) -> Option<(Unit, u64)> {
        Unit::ALL
            .into_iter()
            .find_map(|u| self.get(u).map(|v| (u, v)))
    }

    /// Adds `other`'s amounts (several Used-Service-Units in one MSCC).
    pub fn add(&mut self, other: &Amounts) {
        let sum = |a: Option<u64>, b: Option<u64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        };
        self.octets = sum(self.octets, other.octets);
        // CC-Time is 32 bits (RFC 4006 §8.21): a sum past them counts as
        // their largest, which one CC-Time carries again.
        self.time = sum(self.time, other.time).map(|t| t.min(u64::from(u32::MAX)));
        self.units = sum(self.units, other.units);
        self.money = self.money.or(other.money);
    }

    /// Whether no unit amount is given (an empty Requested-Service-Unit
    /// asks the server to choose, TS 32.299 §6.3.3).
    pub fn is_empty(&self) -> bool {
        self.first().is_none()
    }

    /// Writes the service-unit Grouped AVP `def` holding these amounts, in
    /// the order of RFC 4006 §8.17 (CC-Time, CC-Money, CC-Total-Octets,
    /// CC-Service-Specific-Units); octets go in CC-Total-Octets, and a
    /// time past CC-Time's 32 bits is written as its largest value.
    pub fn write(&self, w: &mut MessageWriter<'_>, def: AvpDef) {
        w.grouped(def, |w| {
            if let Some(t) = self.time {
                w.u32(cc::CC_TIME, u32::try_from(t).unwrap_or(u32::MAX));
            }
            if let Some(m) = self.money {
                w.grouped(cc::CC_MONEY, |w| m.write(w));
            }
            if let Some(o) = self.octets {
                w.u64(cc::CC_TOTAL_OCTETS, o);
            }
            if let Some(u) = self.units {
                w.u64(cc::CC_SERVICE_SPECIFIC_UNITS, u);
            }
        });
    }
}

/// Unit-Value (RFC 4006 §8.8): `digits × 10^exponent`, as CC-Money and
/// Cost-Information carry an amount of money.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitValue {
    /// Value-Digits (RFC 4006 §8.10).
    pub digits: i64,
    /// Exponent (RFC 4006 §8.9); 0 when absent.
    pub exponent: i32,
}

impl UnitValue {
    /// The Unit-Value Grouped AVP `avp`; `None` without a Value-Digits
    /// that decodes.
    pub fn parse(avp: &Avp<'_>) -> Option<Self> {
        let digits = avp.lookup(cc::VALUE_DIGITS.code, 0)?.i64().ok()?;
        let exponent = avp
            .lookup(cc::EXPONENT.code, 0)
            .and_then(|e| e.i32().ok())
            .unwrap_or(0);
        Some(UnitValue { digits, exponent })
    }

    /// Writes a Unit-Value AVP holding this value.
    pub fn write(&self, w: &mut MessageWriter<'_>) {
        w.grouped(cc::UNIT_VALUE, |w| {
            w.i64(cc::VALUE_DIGITS, self.digits)
                .i32(cc::EXPONENT, self.exponent);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diameter_core::wire::Message;

    fn parsed(body: impl FnOnce(&mut MessageWriter<'_>)) -> Amounts {
        let mut buf = [0u8; 256];
        let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 1);
        w.grouped(cc::USED_SERVICE_UNIT, body);
        let n = w.finish().unwrap();
        let m = Message::new_checked(&buf[..n]).unwrap();
        Amounts::parse(&m.lookup(cc::USED_SERVICE_UNIT.code, 0).unwrap())
    }

    #[test]
    fn octets_from_total_or_input_plus_output() {
        let a = parsed(|w| {
            w.u64(cc::CC_INPUT_OCTETS, 10).u64(cc::CC_OUTPUT_OCTETS, 5);
        });
        assert_eq!(a.octets, Some(15));
        assert_eq!(a.first(), Some((Unit::Octets, 15)));
        let a = parsed(|w| {
            w.u64(cc::CC_INPUT_OCTETS, 10)
                .u64(cc::CC_TOTAL_OCTETS, 99)
                .u32(cc::CC_TIME, 7);
        });
        assert_eq!((a.octets, a.time, a.units), (Some(99), Some(7), None));
    }

    #[test]
    fn empty_and_money_only_have_no_unit() {
        assert!(parsed(|_| {}).is_empty());
        let money = parsed(|w| {
            w.grouped(cc::CC_MONEY, |w| {
                w.grouped(cc::UNIT_VALUE, |w| {
                    w.i64(cc::VALUE_DIGITS, 5);
                });
            });
        });
        assert_eq!(
            money.money,
            Some(UnitValue {
                digits: 5,
                exponent: 0
            })
        );
        assert!(money.is_empty());
    }

    #[test]
    fn written_units_parse_back() {
        for unit in Unit::ALL {
            let mut buf = [0u8; 128];
            let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 1);
            Amounts::of(unit, 1234).write(&mut w, cc::GRANTED_SERVICE_UNIT);
            let n = w.finish().unwrap();
            let m = Message::new_checked(&buf[..n]).unwrap();
            let g = Amounts::parse(&m.lookup(cc::GRANTED_SERVICE_UNIT.code, 0).unwrap());
            assert_eq!(g.first(), Some((unit, 1234)));
        }
    }

    #[test]
    fn several_used_units_add_up() {
        let mut a = Amounts {
            octets: Some(3),
            ..Amounts::default()
        };
        a.add(&Amounts {
            octets: Some(4),
            time: Some(1),
            ..Amounts::default()
        });
        assert_eq!((a.octets, a.time, a.units), (Some(7), Some(1), None));
        a.add(&Amounts::of(Unit::Time, u64::from(u32::MAX)));
        assert_eq!(a.time, Some(u64::from(u32::MAX)));
    }
}
