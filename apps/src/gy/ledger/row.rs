//! The compact encoding of what a stored session holds besides its
//! columns: its reservations and its last answer (RFC 4006 §5.1.2: a
//! duplicate is answered again with it, RFC 6733 §5.5.4).
//!
//! Version byte 1, then big-endian fields: the reservations (a `u32`
//! count, then each service's key, unit and amount), then the
//! [`Outcome`]: its Result-Code, its services (count, then key,
//! Result-Code and grant of each), Check-Balance-Result,
//! Cost-Information and the refused amount. An optional field is a
//! presence byte (0 or 1) before its value. Decoding checks every byte
//! and refuses trailing ones: a row that does not decode is no session.
//!
//! A closed session's row (its `open` column false, kept for the
//! duplicate window) is the same encoding with no reservation: its last
//! answer alone, the CCR-T's or the failed CCR-U's, answered again to a
//! duplicate (RFC 4006 §5.1.2). Rows written before closed sessions
//! were stored decode as they did.

use super::{Cost, FailedUnits, Grant, Outcome, Reservation, ServiceOutcome, UnitsAvp};
use crate::gy::units::{ServiceKey, Unit};

/// The encoding's version, its first byte.
const VERSION: u8 = 1;

/// Writes `reservations` and `last` into `into` (cleared first).
pub(super) fn encode(reservations: &[Reservation], last: &Outcome, into: &mut Vec<u8>) {
    into.clear();
    // The most it takes, so it is allocated once: the fixed fields, then
    // each reservation and each service at their longest.
    into.reserve(39 + 19 * reservations.len() + 25 * last.services.len());
    into.push(VERSION);
    put_count(into, reservations.len());
    for r in reservations {
        put_key(into, r.key);
        into.push(unit_byte(r.unit));
        into.extend_from_slice(&r.amount.to_be_bytes());
    }
    into.extend_from_slice(&last.result.to_be_bytes());
    put_count(into, last.services.len());
    for s in &last.services {
        put_key(into, s.key);
        into.extend_from_slice(&s.result.to_be_bytes());
        put_option(into, s.grant, |into, g| {
            into.push(unit_byte(g.unit));
            into.extend_from_slice(&g.amount.to_be_bytes());
            into.push(u8::from(g.final_units));
        });
    }
    put_option(into, last.enough_credit, |into, enough| {
        into.push(u8::from(enough));
    });
    put_option(into, last.cost, |into, c| {
        into.extend_from_slice(&c.cents.to_be_bytes());
        into.extend_from_slice(&c.currency.to_be_bytes());
    });
    put_option(into, last.failed, |into, f| {
        into.push(match f.avp {
            UnitsAvp::Requested => 0,
            UnitsAvp::Used => 1,
        });
        into.push(unit_byte(f.unit));
        into.extend_from_slice(&f.amount.to_be_bytes());
    });
}

/// The reservations and last answer `bytes` hold; `None` when they are
/// not a whole, valid encoding.
pub(super) fn decode(bytes: &[u8]) -> Option<(Vec<Reservation>, Outcome)> {
    let mut r = Reader(bytes);
    if r.u8()? != VERSION {
        return None;
    }
    let reservations = r.list(|r| {
        Some(Reservation {
            key: r.key()?,
            unit: r.unit()?,
            amount: r.u64()?,
        })
    })?;
    let result = r.u32()?;
    let services = r.list(|r| {
        Some(ServiceOutcome {
            key: r.key()?,
            result: r.u32()?,
            grant: r.option(|r| {
                Some(Grant {
                    unit: r.unit()?,
                    amount: r.u64()?,
                    final_units: r.bool()?,
                })
            })?,
        })
    })?;
    let last = Outcome {
        result,
        services,
        enough_credit: r.option(Reader::bool)?,
        cost: r.option(|r| {
            Some(Cost {
                cents: i64::from_be_bytes(r.array()?),
                currency: r.u32()?,
            })
        })?,
        failed: r.option(|r| {
            Some(FailedUnits {
                avp: match r.u8()? {
                    0 => UnitsAvp::Requested,
                    1 => UnitsAvp::Used,
                    _ => return None,
                },
                unit: r.unit()?,
                amount: r.u64()?,
            })
        })?,
    };
    r.0.is_empty().then_some((reservations, last))
}

fn unit_byte(unit: Unit) -> u8 {
    // Unit::index is 0, 1 or 2.
    unit.index() as u8
}

fn put_count(into: &mut Vec<u8>, n: usize) {
    // A session holds one entry per service of a request, far fewer than 2^32.
    into.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes());
}

fn put_key(into: &mut Vec<u8>, key: ServiceKey) {
    for id in [key.rating_group, key.service_id] {
        put_option(into, id, |into, v| into.extend_from_slice(&v.to_be_bytes()));
    }
}

fn put_option<T>(into: &mut Vec<u8>, v: Option<T>, put: impl FnOnce(&mut Vec<u8>, T)) {
    match v {
        Some(v) => {
            into.push(1);
            put(into, v);
        }
        None => into.push(0),
    }
}

/// Reads the encoding from the front; every read checks what is left.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_be_bytes)
    }

    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn unit(&mut self) -> Option<Unit> {
        Unit::ALL.get(usize::from(self.u8()?)).copied()
    }

    fn key(&mut self) -> Option<ServiceKey> {
        Some(ServiceKey {
            rating_group: self.option(Reader::u32)?,
            service_id: self.option(Reader::u32)?,
        })
    }

    /// An optional value: `Some(None)` when absent, `None` when corrupt.
    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    /// A count, then as many values; the count is checked against the
    /// bytes left before anything is allocated.
    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = usize::try_from(self.u32()?).ok()?;
        if n > self.0.len() {
            return None;
        }
        (0..n).map(|_| read(self)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diameter_core::dict::result_code as rc;

    fn key(rg: Option<u32>, id: Option<u32>) -> ServiceKey {
        ServiceKey {
            rating_group: rg,
            service_id: id,
        }
    }

    fn sample() -> (Vec<Reservation>, Outcome) {
        let reservations = vec![
            Reservation {
                key: key(Some(1), None),
                unit: Unit::Octets,
                amount: u64::MAX,
            },
            Reservation {
                key: key(None, Some(7)),
                unit: Unit::Time,
                amount: 60,
            },
        ];
        let last = Outcome {
            result: rc::DIAMETER_SUCCESS,
            services: vec![
                ServiceOutcome {
                    key: key(Some(1), None),
                    result: rc::DIAMETER_SUCCESS,
                    grant: Some(Grant {
                        unit: Unit::Units,
                        amount: 5,
                        final_units: true,
                    }),
                },
                ServiceOutcome {
                    key: key(Some(2), Some(3)),
                    result: rc::DIAMETER_CREDIT_LIMIT_REACHED,
                    grant: None,
                },
            ],
            enough_credit: Some(false),
            cost: Some(Cost {
                cents: i64::MIN,
                currency: 978,
            }),
            failed: Some(FailedUnits {
                avp: UnitsAvp::Used,
                unit: Unit::Time,
                amount: 9,
            }),
        };
        (reservations, last)
    }

    fn encoded(reservations: &[Reservation], last: &Outcome) -> Vec<u8> {
        let mut bytes = vec![0xff; 3];
        encode(reservations, last, &mut bytes);
        bytes
    }

    fn same(a: &[Reservation], b: &[Reservation]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x.key, x.unit, x.amount) == (y.key, y.unit, y.amount))
    }

    #[test]
    fn a_session_state_round_trips() {
        let (reservations, last) = sample();
        let bytes = encoded(&reservations, &last);
        // Every field present: within what `encode` reserves.
        assert!(bytes.len() <= 39 + 19 * 2 + 25 * 2);
        let (r, o) = decode(&bytes).unwrap();
        assert!(same(&r, &reservations));
        assert_eq!(o, last);
        let empty = encoded(&[], &Outcome::default());
        let (r, o) = decode(&empty).unwrap();
        assert!(r.is_empty());
        assert_eq!(o, Outcome::default());
    }

    /// A closed session's state: no reservation, and the answer that
    /// closed it (a CCR-T's, or a failed CCR-U's with its services).
    fn closed() -> Vec<(Vec<u8>, Outcome)> {
        let (_, failed_update) = sample();
        let termination = Outcome {
            result: rc::DIAMETER_SUCCESS,
            ..Outcome::default()
        };
        [termination, failed_update]
            .into_iter()
            .map(|last| (encoded(&[], &last), last))
            .collect()
    }

    #[test]
    fn a_closed_session_state_round_trips_and_every_truncation_is_refused() {
        for (bytes, last) in closed() {
            assert_eq!(bytes[0], VERSION);
            assert_eq!(&bytes[1..5], &[0; 4], "no reservation");
            let (r, o) = decode(&bytes).unwrap();
            assert!(r.is_empty());
            assert_eq!(o, last);
            for n in 0..bytes.len() {
                assert!(decode(&bytes[..n]).is_none(), "truncated to {n}");
            }
            let mut longer = bytes.clone();
            longer.push(0);
            assert!(decode(&longer).is_none());
            // A reservation count of one: the answer's bytes are no
            // reservation.
            let mut count = bytes;
            count[4] = 1;
            assert!(decode(&count).is_none());
        }
    }

    #[test]
    fn corrupt_states_are_refused() {
        let (reservations, last) = sample();
        let bytes = encoded(&reservations, &last);
        // Every truncation, a trailing byte, another version.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none(), "truncated to {n}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        let mut other = bytes.clone();
        other[0] = 2;
        assert!(decode(&other).is_none());
        // A unit or presence byte out of range: byte 11 is the first
        // reservation's unit (version 1, count 4, Rating-Group 1 + 4, no
        // Service-Identifier 1), byte 5 its Rating-Group's presence.
        let mut unit = bytes.clone();
        unit[11] = 3;
        assert!(decode(&unit).is_none());
        let mut presence = bytes.clone();
        presence[5] = 2;
        assert!(decode(&presence).is_none());
        // A count past the bytes left allocates nothing and fails.
        let mut count = bytes;
        count[1..5].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(decode(&count).is_none());
        // Any bytes at all never panic.
        for seed in 0u8..=255 {
            let junk: Vec<u8> = (0..64u8)
                .map(|i| i.wrapping_mul(seed).wrapping_add(seed))
                .collect();
            let _ = decode(&junk);
        }
    }
}
