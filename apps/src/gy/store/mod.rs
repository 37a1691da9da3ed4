//! The account store, on one data model in two databases:
//!
//! - [`sqlite`]: an embedded SQLite file, the default, for one OCS
//!   process whose ledger in memory is the authority while it runs;
//! - [`postgres`]: a PostgreSQL server (or an engine speaking its
//!   protocol), for several OCS processes on one shared set of accounts,
//!   each reservation and debit a transaction on the shared rows.
//!
//! Both hold one row per subscriber with, for each unit, what was
//! provisioned, the balance, the reservation and the net debits, and a
//! table of credits (`diameter accounts` changes). A `schema_version`
//! table records the migrations applied ([`schema`]); a store whose
//! schema is newer than this program knows is refused.

use std::fmt;
use std::path::Path;

use std::sync::Arc;

use tracing::error;

use super::ccr::RequestType;
use super::ledger::{Account, Bucket, StoredSession};

pub mod postgres;
pub mod schema;
pub mod sqlite;

pub use self::postgres::PgStore;
pub use self::sqlite::Store;

pub use crate::durability::Durability;

/// What went wrong with a store.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// From SQLite.
    Sqlite(rusqlite::Error),
    /// From PostgreSQL.
    Postgres(::postgres::Error),
    /// The store's schema is newer than this program knows: it was
    /// migrated by a newer version, which must be used.
    NewerSchema {
        /// The store's schema version.
        found: i64,
        /// The newest this program knows.
        known: i64,
    },
    /// An amount past what an account holds (`i64::MAX`).
    OutOfRange(String),
    /// A concurrent change made the transaction moot: it is run again.
    Conflict(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => write!(f, "{e}"),
            Error::Postgres(e) => match e.as_db_error() {
                Some(db) => write!(f, "{} ({})", db.message(), db.code().code()),
                None => write!(f, "{e}"),
            },
            Error::NewerSchema { found, known } => write!(
                f,
                "the store's schema is version {found}, newer than the {known} this program knows: use a newer diameter"
            ),
            Error::OutOfRange(what) => write!(f, "out of range: {what}"),
            Error::Conflict(what) => write!(f, "a concurrent change: {what}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            Error::Postgres(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

/// Where a store is: `--db` names an SQLite file, or a PostgreSQL
/// database by a libpq URL (`postgres://` or `postgresql://`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location<'a> {
    /// An SQLite file.
    Sqlite(&'a Path),
    /// A PostgreSQL connection URL.
    Postgres(&'a str),
}

impl<'a> Location<'a> {
    /// Where `db` says.
    pub fn of(db: &'a Path) -> Self {
        match db.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Postgres(url)
            }
            _ => Location::Sqlite(db),
        }
    }
}

/// The store's name for messages: a URL without its user and password.
impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
                write!(f, "{scheme}://{host}")
            }
        }
    }
}

/// An open store of either kind, for `diameter accounts`.
#[derive(Debug)]
pub enum Db {
    /// An SQLite file.
    Sqlite(Store),
    /// A PostgreSQL database.
    Postgres(PgStore),
}

impl Db {
    /// Opens (creating and migrating it) the store at `db`.
    ///
    /// # Errors
    /// It cannot be opened or reached, is not an account store, or its
    /// schema is newer than this program knows.
    pub fn open(db: &Path, durability: Durability) -> Result<Self, Error> {
        Ok(match Location::of(db) {
            Location::Sqlite(path) => Db::Sqlite(Store::open(path, durability)?),
            Location::Postgres(url) => Db::Postgres(PgStore::open(url)?),
        })
    }

    /// The account of `subscriber`.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn load(&mut self, subscriber: &str) -> Result<Option<Account>, Error> {
        match self {
            Db::Sqlite(s) => s.load(subscriber),
            Db::Postgres(s) => s.load(subscriber),
        }
    }

    /// Every account, by subscriber.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn list(&mut self) -> Result<Vec<Account>, Error> {
        match self {
            Db::Sqlite(s) => s.list(),
            Db::Postgres(s) => s.list(),
        }
    }

    /// Creates or tops up each of `subscribers` (see [`Store::add`]).
    ///
    /// # Errors
    /// As [`Store::add`].
    pub fn add(
        &mut self,
        subscribers: impl IntoIterator<Item = String>,
        amounts: [u64; 3],
    ) -> Result<usize, Error> {
        match self {
            Db::Sqlite(s) => s.add(subscribers, amounts),
            Db::Postgres(s) => s.add(subscribers, amounts),
        }
    }

    /// Sets balances of `subscriber` (see [`Store::set`]).
    ///
    /// # Errors
    /// As [`Store::set`].
    pub fn set(&mut self, subscriber: &str, balances: [Option<u64>; 3]) -> Result<bool, Error> {
        match self {
            Db::Sqlite(s) => s.set(subscriber, balances),
            Db::Postgres(s) => s.set(subscriber, balances),
        }
    }
}

/// Amounts as the store holds them (signed 64 bits).
///
/// # Errors
/// One is past `i64::MAX`.
fn signed(amounts: [u64; 3]) -> Result<[i64; 3], Error> {
    let mut signed = [0i64; 3];
    for (s, a) in signed.iter_mut().zip(amounts) {
        *s = i64::try_from(a).map_err(|e| Error::OutOfRange(e.to_string()))?;
    }
    Ok(signed)
}

/// The credits that set the balances of `now` to `balances` (where
/// given), keeping provisioned = balance + debited.
///
/// # Errors
/// A balance or the credit it makes is past `i64::MAX`.
fn set_deltas(now: &Account, balances: [Option<u64>; 3]) -> Result<[i64; 3], Error> {
    let mut deltas = [0i64; 3];
    for ((d, new), b) in deltas.iter_mut().zip(balances).zip(now.buckets) {
        if let Some(new) = new {
            let new = i64::try_from(new).map_err(|e| Error::OutOfRange(e.to_string()))?;
            *d = new
                .checked_sub(b.balance)
                .filter(|d| b.provisioned.checked_add(*d).is_some())
                .ok_or_else(|| {
                    Error::OutOfRange(format!("{}: the credit would overflow", now.subscriber))
                })?;
        }
    }
    Ok(deltas)
}

/// An account from the columns of [`schema::columns`] in order, read by
/// `get` (0 the subscriber, then the bucket fields, then the last credit).
fn account_from<E>(
    subscriber: String,
    mut get: impl FnMut(usize) -> Result<i64, E>,
) -> Result<Account, E> {
    let mut buckets = [Bucket::default(); 3];
    for (i, b) in buckets.iter_mut().enumerate() {
        let at = 1 + 4 * i;
        *b = Bucket {
            provisioned: get(at)?,
            balance: get(at + 1)?,
            reserved: get(at + 2)?,
            debited: get(at + 3)?,
        };
    }
    Ok(Account {
        subscriber: subscriber.into(),
        buckets,
        credits_seen: get(13)?,
    })
}

/// A session from the columns of [`schema::SESSION_COLUMNS`] after its
/// id; `None` (logged) for a row whose request type or number no request
/// can have: no session.
fn session_from(
    id: &str,
    account: String,
    open: bool,
    last_type: i64,
    last_number: i64,
    deadline: i64,
    state: Vec<u8>,
) -> Option<StoredSession> {
    let last_type = i32::try_from(last_type)
        .ok()
        .and_then(RequestType::from_value);
    let (Some(last_type), Ok(last_number)) = (last_type, u32::try_from(last_number)) else {
        error!(
            session = id,
            "a stored session with a request type or number out of range: no session"
        );
        return None;
    };
    Some(StoredSession {
        account: Arc::from(account),
        open,
        last_type,
        last_number,
        deadline,
        state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_postgresql_and_anything_else_a_file() {
        for url in [
            "postgres://u@h:5432/db",
            "postgresql://h/db?sslmode=disable",
        ] {
            assert_eq!(Location::of(Path::new(url)), Location::Postgres(url));
        }
        let secret = Location::of(Path::new("postgres://ocs:secret@db:5432/gy"));
        assert_eq!(secret.to_string(), "postgres://db:5432/gy");
        for path in ["ocs.db", "/tmp/postgres/ocs.db", "postgres.db"] {
            assert_eq!(
                Location::of(Path::new(path)),
                Location::Sqlite(Path::new(path))
            );
        }
    }
}
