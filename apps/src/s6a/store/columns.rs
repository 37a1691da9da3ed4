//! Reading the HSS's rows from either database: a subscriber, its APN
//! configurations and its registration out of the columns of
//! [`SERVING`], through [`Columns`], which each database's row implements.

use super::{Error, Registration, Result, Subscriber};
use crate::s6a::profile::{Ambr, Apn, Arp, Profile};

/// The `SELECT` list of [`SERVING`] and [`SERVING_EACH`].
macro_rules! serving_columns {
    () => {
        "SELECT s.imsi, s.k, s.opc, s.op, s.amf, s.sqn, s.roaming_allowed, \
         s.msisdn, s.status, s.network_access_mode, s.access_restriction, s.ambr_ul, s.ambr_dl, \
         s.default_context, a.context_id, a.name, a.pdn_type, a.qci, a.priority, \
         a.capability, a.vulnerability, a.ambr_ul, a.ambr_dl, r.mme_host, r.mme_realm, r.purged"
    };
}

/// A subscriber's columns (0–13), an APN configuration's (14–22, NULL
/// when it has none) and its registration's (23–25, NULL when
/// unregistered): one row per APN configuration.
pub const SERVING: &str = concat!(
    serving_columns!(),
    " FROM subscribers s LEFT JOIN apns a ON a.imsi = s.imsi \
     LEFT JOIN registrations r ON r.imsi = s.imsi"
);

/// [`SERVING`] for the subscribers a `WHERE` on `s` picks, each one's
/// APN configurations and registration found by its key: PostgreSQL
/// joined them by hash over a scan of the whole `apns` and
/// `registrations` tables for a batch of a few dozen subscribers (6 ms
/// for 61 of 30,000), where a lookup each takes microseconds. (`OFFSET
/// 0` keeps each subquery a lookup per subscriber, not joined again.)
pub const SERVING_EACH: &str = concat!(
    serving_columns!(),
    " FROM subscribers s \
     LEFT JOIN LATERAL (SELECT * FROM apns WHERE apns.imsi = s.imsi OFFSET 0) a ON true \
     LEFT JOIN LATERAL (SELECT * FROM registrations WHERE registrations.imsi = s.imsi OFFSET 0) r ON true"
);

/// The subscriber columns, in the order of [`SERVING`] and of the
/// parameters the stores write them with.
pub const SUBSCRIBER: &str = "imsi, k, opc, op, amf, sqn, roaming_allowed, msisdn, status, \
     network_access_mode, access_restriction, ambr_ul, ambr_dl, default_context";

/// Where an APN configuration's columns start in a [`SERVING`] row.
const APN_COLUMN: usize = 14;
/// Where a registration's columns start in a [`SERVING`] row.
const REGISTRATION_COLUMN: usize = 23;

/// The columns of a row, each `None` when NULL.
pub trait Columns {
    /// A text column.
    ///
    /// # Errors
    /// The column is not text.
    fn text(&self, at: usize) -> Result<Option<String>>;
    /// A blob (BLOB, BYTEA) column.
    ///
    /// # Errors
    /// The column is not a blob.
    fn blob(&self, at: usize) -> Result<Option<Vec<u8>>>;
    /// An integer column.
    ///
    /// # Errors
    /// The column is not an integer.
    fn int(&self, at: usize) -> Result<Option<i64>>;
    /// A boolean column (an integer in SQLite).
    ///
    /// # Errors
    /// The column is not a boolean.
    fn flag(&self, at: usize) -> Result<Option<bool>>;
}

impl Columns for rusqlite::Row<'_> {
    fn text(&self, at: usize) -> Result<Option<String>> {
        Ok(self.get(at)?)
    }
    fn blob(&self, at: usize) -> Result<Option<Vec<u8>>> {
        Ok(self.get(at)?)
    }
    fn int(&self, at: usize) -> Result<Option<i64>> {
        Ok(self.get(at)?)
    }
    fn flag(&self, at: usize) -> Result<Option<bool>> {
        Ok(self.get(at)?)
    }
}

impl Columns for postgres::Row {
    fn text(&self, at: usize) -> Result<Option<String>> {
        Ok(self.try_get(at)?)
    }
    fn blob(&self, at: usize) -> Result<Option<Vec<u8>>> {
        Ok(self.try_get(at)?)
    }
    fn int(&self, at: usize) -> Result<Option<i64>> {
        Ok(self.try_get(at)?)
    }
    fn flag(&self, at: usize) -> Result<Option<bool>> {
        Ok(self.try_get(at)?)
    }
}

fn null(at: usize) -> Error {
    Error::OutOfRange(format!("column {at} is NULL"))
}

/// Typed reads over [`Columns`], with the store's own checks.
trait Typed: Columns {
    fn string(&self, at: usize) -> Result<String> {
        self.text(at)?.ok_or_else(|| null(at))
    }
    fn number<T: TryFrom<i64>>(&self, at: usize) -> Result<T> {
        let v = self.int(at)?.ok_or_else(|| null(at))?;
        T::try_from(v).map_err(|_| Error::OutOfRange(format!("column {at}: {v}")))
    }
    fn bytes<const N: usize>(&self, at: usize) -> Result<Option<[u8; N]>> {
        self.blob(at)?
            .map(|b| {
                <[u8; N]>::try_from(b.as_slice())
                    .map_err(|_| Error::OutOfRange(format!("column {at}: {} octets", b.len())))
            })
            .transpose()
    }
    fn fixed<const N: usize>(&self, at: usize) -> Result<[u8; N]> {
        self.bytes(at)?.ok_or_else(|| null(at))
    }
    fn boolean(&self, at: usize) -> Result<bool> {
        self.flag(at)?.ok_or_else(|| null(at))
    }
}

impl<C: Columns + ?Sized> Typed for C {}

/// The subscriber of a [`SERVING`] row, without its APN configurations.
fn subscriber_of(r: &impl Columns) -> Result<Subscriber> {
    let sqn: i64 = r.number(5)?;
    Ok(Subscriber {
        imsi: r.string(0)?,
        k: r.fixed(1)?,
        opc: r.fixed(2)?,
        op: r.bytes(3)?,
        amf: r.fixed(4)?,
        sqn: u64::try_from(sqn).map_err(|_| Error::OutOfRange(format!("SQN {sqn}")))?,
        roaming_allowed: r.boolean(6)?,
        profile: Profile {
            msisdn: r.text(7)?,
            status: r.number(8)?,
            network_access_mode: r.number(9)?,
            access_restriction: r.number(10)?,
            ambr: Ambr {
                ul: r.number(11)?,
                dl: r.number(12)?,
            },
            default_context: r.number(13)?,
            apns: Vec::new(),
        },
    })
}

/// The APN configuration of a [`SERVING`] row, if it has one.
fn apn_of(r: &impl Columns) -> Result<Option<Apn>> {
    let at = APN_COLUMN;
    if r.int(at)?.is_none() {
        return Ok(None);
    }
    Ok(Some(Apn {
        context_id: r.number(at)?,
        name: r.string(at + 1)?,
        pdn_type: r.number(at + 2)?,
        qci: r.number(at + 3)?,
        arp: Arp {
            priority: r.number(at + 4)?,
            capability: r.number(at + 5)?,
            vulnerability: r.number(at + 6)?,
        },
        ambr: Ambr {
            ul: r.number(at + 7)?,
            dl: r.number(at + 8)?,
        },
    }))
}

/// The registration of a [`SERVING`] row, if any.
fn joined_registration(r: &impl Columns, imsi: &str) -> Result<Option<Registration>> {
    let at = REGISTRATION_COLUMN;
    let Some(mme_host) = r.text(at)? else {
        return Ok(None);
    };
    Ok(Some(Registration {
        imsi: imsi.to_string(),
        mme_host,
        mme_realm: r.string(at + 1)?,
        purged: r.boolean(at + 2)?,
    }))
}

/// A registration from `SELECT imsi, mme_host, mme_realm, purged`.
///
/// # Errors
/// A column is not what the schema says.
pub fn registration_of(r: &impl Columns) -> Result<Registration> {
    Ok(Registration {
        imsi: r.string(0)?,
        mme_host: r.string(1)?,
        mme_realm: r.string(2)?,
        purged: r.boolean(3)?,
    })
}

/// Gathers the rows of [`SERVING`] (ordered by IMSI, then
/// Context-Identifier) into subscribers with their APN configurations and
/// registrations.
#[derive(Debug, Default)]
pub struct Fold {
    current: Option<(Subscriber, Option<Registration>)>,
}

impl Fold {
    /// Takes row `r`, calling `each` with the subscriber before it once
    /// `r` starts another.
    ///
    /// # Errors
    /// A column is not what the schema says.
    pub fn push(
        &mut self,
        r: &impl Columns,
        each: &mut impl FnMut(Subscriber, Option<Registration>),
    ) -> Result<()> {
        let imsi = r.string(0)?;
        if self.current.as_ref().is_none_or(|(s, _)| s.imsi != imsi) {
            self.finish(each);
            let s = subscriber_of(r)?;
            let reg = joined_registration(r, &s.imsi)?;
            self.current = Some((s, reg));
        }
        if let (Some((s, _)), Some(apn)) = (&mut self.current, apn_of(r)?) {
            s.profile.apns.push(apn);
        }
        Ok(())
    }

    /// Calls `each` with the last subscriber.
    pub fn finish(&mut self, each: &mut impl FnMut(Subscriber, Option<Registration>)) {
        if let Some((s, reg)) = self.current.take() {
            each(s, reg);
        }
    }
}
