//! The HSS store's schema, one text for both databases, and its versions.
//!
//! `hss_schema_version` (its own table, so that the HSS and the OCS may
//! share one database) holds one row per migration applied; the store's
//! version is the largest. Opening a store runs the migrations it lacks in
//! one transaction and refuses a store whose version is past [`VERSION`]
//! (made by a newer program, whose data this one could misread). Plain
//! tables and indexes only, so that the engines speaking PostgreSQL's
//! protocol (CockroachDB, YugabyteDB) take them too.

pub use crate::gy::store::schema::Dialect;

use super::{Error, Result};

/// The newest schema this program knows.
pub const VERSION: i64 = 1;

/// Creates the version table (the first statement of every open).
pub const VERSION_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS hss_schema_version (version BIGINT NOT NULL)";

/// The store's schema version (0 for a store made before versions).
pub const CURRENT: &str = "SELECT coalesce(max(version), 0) FROM hss_schema_version";

/// Version 1: subscribers, their APN configurations, registrations (the
/// serving MME) and the change log `diameter subscribers` writes.
/// `{blob}`, `{rowid}` and `{serial}` are the dialect's.
const TABLES: &str = "
CREATE TABLE IF NOT EXISTS subscribers (
    imsi TEXT PRIMARY KEY, k {blob} NOT NULL, opc {blob} NOT NULL, op {blob},
    amf {blob} NOT NULL, sqn BIGINT NOT NULL, roaming_allowed BOOLEAN NOT NULL,
    msisdn TEXT, status BIGINT NOT NULL, network_access_mode BIGINT NOT NULL,
    access_restriction BIGINT NOT NULL, ambr_ul BIGINT NOT NULL,
    ambr_dl BIGINT NOT NULL, default_context BIGINT NOT NULL
){rowid};
CREATE TABLE IF NOT EXISTS apns (
    imsi TEXT NOT NULL, context_id BIGINT NOT NULL, name TEXT NOT NULL,
    pdn_type BIGINT NOT NULL, qci BIGINT NOT NULL, priority BIGINT NOT NULL,
    capability BIGINT NOT NULL, vulnerability BIGINT NOT NULL,
    ambr_ul BIGINT NOT NULL, ambr_dl BIGINT NOT NULL,
    PRIMARY KEY (imsi, context_id)
){rowid};
CREATE TABLE IF NOT EXISTS registrations (
    imsi TEXT PRIMARY KEY, mme_host TEXT NOT NULL, mme_realm TEXT NOT NULL,
    purged BOOLEAN NOT NULL
){rowid};
CREATE TABLE IF NOT EXISTS changes (
    id {serial}, imsi TEXT NOT NULL, kind TEXT NOT NULL,
    contexts TEXT NOT NULL DEFAULT ''
);
";

/// The statements of migration `to` (from `to - 1`), `None` past [`VERSION`].
pub fn migration(to: i64, dialect: Dialect) -> Option<String> {
    let (blob, rowid, serial) = match dialect {
        Dialect::Sqlite => (
            "BLOB",
            " WITHOUT ROWID",
            "INTEGER PRIMARY KEY AUTOINCREMENT",
        ),
        // Change ids are only ordered, never relied on to be gap-free:
        // the HSS nodes claim the log's entries by deleting them.
        Dialect::Postgres => ("BYTEA", "", "BIGSERIAL PRIMARY KEY"),
    };
    match to {
        1 => Some(
            TABLES
                .replace("{blob}", blob)
                .replace("{rowid}", rowid)
                .replace("{serial}", serial),
        ),
        _ => None,
    }
}

/// Brings a store at version `found` to [`VERSION`], running each
/// migration's statements with `execute` inside the caller's transaction.
///
/// # Errors
/// `found` is newer than [`VERSION`] ([`Error::NewerSchema`]), or a
/// statement fails.
pub fn migrate(
    found: i64,
    dialect: Dialect,
    mut execute: impl FnMut(&str) -> Result<()>,
) -> Result<()> {
    if found > VERSION {
        return Err(Error::NewerSchema {
            found,
            known: VERSION,
        });
    }
    for to in found + 1..=VERSION {
        execute(&migration(to, dialect).unwrap_or_default())?;
        execute(&format!(
            "INSERT INTO hss_schema_version (version) VALUES ({to})"
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_a_migration_and_newer_stores_are_refused() {
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            for v in 1..=VERSION {
                assert!(migration(v, d).is_some_and(|m| !m.contains('{')));
            }
            let mut run = 0;
            let mut count = |_: &str| {
                run += 1;
                Ok(())
            };
            migrate(0, d, &mut count).unwrap();
            migrate(VERSION, d, &mut count).unwrap();
            assert_eq!(run, 2 * VERSION, "a migration and its record each");
            assert!(matches!(
                migrate(VERSION + 1, d, |_| Ok(())),
                Err(Error::NewerSchema { found, known: VERSION }) if found == VERSION + 1
            ));
        }
        assert!(migration(VERSION + 1, Dialect::Postgres).is_none());
    }
}
