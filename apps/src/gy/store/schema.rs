//! The schema both stores share, and its versions.
//!
//! `schema_version` holds one row per migration applied; the store's
//! version is the largest. Opening a store runs the migrations it lacks,
//! in one transaction, and refuses a store whose version is past
//! [`VERSION`] (made by a newer program, whose data this one could
//! misread). The statements are plain tables and indexes, so that the
//! engines speaking PostgreSQL's protocol (CockroachDB, YugabyteDB) take
//! them too.

use crate::gy::units::Unit;

/// The newest schema this program knows.
pub const VERSION: i64 = 4;

/// The columns of one bucket, after `subscriber`.
pub const FIELDS: [&str; 4] = ["provisioned", "balance", "reserved", "debited"];

/// The columns of one bucket a charge moves.
pub const MOVED: [&str; 3] = ["balance", "reserved", "debited"];

/// The columns of a stored session (`sessions`), in the order the
/// statements bind and read them: the Session-Id, the account, whether
/// it is Open, its last CC-Request-Type and CC-Request-Number, its
/// deadline (milliseconds since the Unix epoch: its Tcc while Open, the
/// end of its duplicate window once closed, RFC 4006 §5.1.2) and its
/// encoded reservations and last answer. A closed row holds no
/// reservation: it answers a duplicate of the session's last request.
pub const SESSION_COLUMNS: [&str; 7] = [
    "id",
    "account",
    "open",
    "last_type",
    "last_number",
    "deadline",
    "state",
];

/// The upsert of a session's row after the `INSERT INTO sessions (…)`
/// and its values: the row takes the new state.
pub fn session_upsert() -> String {
    format!(
        "ON CONFLICT (id) DO UPDATE SET {}",
        session_sets(|c| format!("excluded.{c}"))
    )
}

/// The update of session `{p}1`'s row to the values `{p}2`… of the
/// other [`SESSION_COLUMNS`].
pub fn session_update(p: &str) -> String {
    let mut i = 1;
    let sets = session_sets(|_| {
        i += 1;
        format!("{p}{i}")
    });
    format!("UPDATE sessions SET {sets} WHERE id = {p}1")
}

/// `column = value(column)` for each session column but the id.
fn session_sets(mut value: impl FnMut(&str) -> String) -> String {
    SESSION_COLUMNS[1..]
        .iter()
        .map(|c| format!("{c} = {}", value(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Creates the version table (the first statement of every open).
pub const VERSION_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)";

/// The store's schema version (0 for a store made before versions).
pub const CURRENT: &str = "SELECT coalesce(max(version), 0) FROM schema_version";

/// What differs between the two databases' statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL and the engines speaking its protocol.
    Postgres,
}

/// Every bucket column, in order: `octets_provisioned`, `octets_balance`, …
pub fn columns() -> Vec<String> {
    unit_columns(&FIELDS)
}

/// The columns an account starts with and top-ups add to: provisioned
/// and balance of each unit.
pub fn initial() -> Vec<String> {
    unit_columns(&["provisioned", "balance"])
}

/// The columns a charge moves: balance, reserved and debited of each unit.
pub fn moved() -> Vec<String> {
    unit_columns(&MOVED)
}

fn unit_columns(fields: &[&str]) -> Vec<String> {
    Unit::ALL
        .iter()
        .flat_map(|u| fields.iter().map(move |f| format!("{}_{f}", u.name())))
        .collect()
}

/// `f` of each of `columns`, joined by `sep`.
pub fn each(columns: &[String], sep: &str, f: impl Fn(&str) -> String) -> String {
    columns.iter().map(|c| f(c)).collect::<Vec<_>>().join(sep)
}

/// Inserts an account: `{p}1` the subscriber, then the [`initial`]
/// columns (`p` is the placeholder's sign: `?` or `$`).
pub fn insert(p: &str) -> String {
    let initial = initial();
    let values: Vec<String> = (2..=initial.len() + 1).map(|i| format!("{p}{i}")).collect();
    format!(
        "INSERT INTO accounts (subscriber, {}) VALUES ({p}1, {})",
        initial.join(", "),
        values.join(", ")
    )
}

/// Credits an account: `{p}1` the subscriber, then one amount per unit
/// added to its provisioned and balance.
pub fn topup(p: &str) -> String {
    let sets: Vec<String> = Unit::ALL
        .iter()
        .enumerate()
        .flat_map(|(i, u)| {
            ["provisioned", "balance"]
                .map(|f| format!("{0}_{f} = {0}_{f} + {p}{1}", u.name(), i + 2))
        })
        .collect();
    format!(
        "UPDATE accounts SET {} WHERE subscriber = {p}1",
        sets.join(", ")
    )
}

/// The statements of migration `to` (from `to - 1`), `None` past [`VERSION`].
pub fn migration(to: i64, dialect: Dialect) -> Option<Vec<String>> {
    match to {
        1 => {
            let defs = bucket_definitions();
            let (rowid, id) = match dialect {
                Dialect::Sqlite => (" WITHOUT ROWID", "INTEGER PRIMARY KEY AUTOINCREMENT"),
                // Credit ids are only ordered, never relied on to be
                // gap-free (distributed engines hand out unordered gaps).
                Dialect::Postgres => ("", "BIGSERIAL PRIMARY KEY"),
            };
            Some(vec![
                format!(
                    "CREATE TABLE IF NOT EXISTS accounts (subscriber TEXT PRIMARY KEY NOT NULL, {defs}){rowid}"
                ),
                format!(
                    "CREATE TABLE IF NOT EXISTS credits (id {id}, subscriber TEXT NOT NULL,
                        octets BIGINT NOT NULL, seconds BIGINT NOT NULL, units BIGINT NOT NULL)"
                ),
            ])
        }
        // SQLite's accounts become a rowid table (`id INTEGER PRIMARY
        // KEY`, the subscriber a unique key): the OCS's group commit finds
        // an account it has loaded by its integer id and rewrites the row
        // in place, where a table keyed by text is searched by string
        // comparisons and has the row deleted and inserted again. The
        // columns are those of version 1; PostgreSQL's table, which the
        // shared store locks and updates by subscriber, stays as it is.
        2 => Some(match dialect {
            Dialect::Sqlite => {
                let defs = bucket_definitions();
                let list = columns().join(", ");
                vec![
                    format!(
                        "CREATE TABLE accounts_by_id (id INTEGER PRIMARY KEY, subscriber TEXT NOT NULL UNIQUE, {defs})"
                    ),
                    format!(
                        "INSERT INTO accounts_by_id (subscriber, {list}) SELECT subscriber, {list} FROM accounts ORDER BY subscriber"
                    ),
                    "DROP TABLE accounts".to_string(),
                    "ALTER TABLE accounts_by_id RENAME TO accounts".to_string(),
                ]
            }
            Dialect::Postgres => Vec::new(),
        }),
        // Credit-control sessions (RFC 4006 §7), so that they go on after
        // a restart and at another node. A version 2 SQLite store has no
        // sessions stored: what its accounts hold reserved belonged to
        // sessions gone with the process that ran them, and is released.
        // PostgreSQL's reservations may be those of nodes still running,
        // and stay; its sessions are found by deadline for their expiry.
        3 => {
            // SQLite: the rows in the primary key's own tree (one search
            // per update, not the key's index and then the row).
            let (state, rowid) = match dialect {
                Dialect::Sqlite => ("BLOB", " WITHOUT ROWID"),
                Dialect::Postgres => ("BYTEA", ""),
            };
            let mut statements = vec![format!(
                "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY NOT NULL, account TEXT NOT NULL,
                    open BOOLEAN NOT NULL, last_type INTEGER NOT NULL, last_number BIGINT NOT NULL,
                    deadline BIGINT NOT NULL, state {state} NOT NULL){rowid}"
            )];
            statements.push(match dialect {
                Dialect::Sqlite => format!(
                    "UPDATE accounts SET {}",
                    each(&unit_columns(&["reserved"]), ", ", |c| format!("{c} = 0"))
                ),
                Dialect::Postgres => {
                    "CREATE INDEX IF NOT EXISTS sessions_by_deadline ON sessions (deadline)".into()
                }
            });
            Some(statements)
        }
        // SQLite's sessions become a rowid table, the Session-Id a plain
        // column (the OCS, the store's one writer, keeps each session's
        // row id): a session's row is inserted at the table's right edge
        // and updated and removed by its integer id. Keyed by Session-Id,
        // whose order is not the order they are made in ("…;10" before
        // "…;9"), each new session went to a page of its own in a table of
        // every session open or in its duplicate window. PostgreSQL's
        // nodes find each other's sessions by Session-Id, and keep the key.
        4 => Some(match dialect {
            Dialect::Sqlite => {
                let list = SESSION_COLUMNS.join(", ");
                vec![
                    "CREATE TABLE sessions_by_row (row INTEGER PRIMARY KEY, id TEXT NOT NULL,
                        account TEXT NOT NULL, open BOOLEAN NOT NULL, last_type INTEGER NOT NULL,
                        last_number BIGINT NOT NULL, deadline BIGINT NOT NULL, state BLOB NOT NULL)"
                        .to_string(),
                    format!("INSERT INTO sessions_by_row ({list}) SELECT {list} FROM sessions"),
                    "DROP TABLE sessions".to_string(),
                    "ALTER TABLE sessions_by_row RENAME TO sessions".to_string(),
                ]
            }
            Dialect::Postgres => Vec::new(),
        }),
        _ => None,
    }
}

/// The bucket columns' definitions in `CREATE TABLE`.
fn bucket_definitions() -> String {
    each(&columns(), ", ", |c| {
        format!("{c} BIGINT NOT NULL DEFAULT 0")
    })
}

/// Records that migration `to` was applied.
pub fn record(to: i64) -> String {
    format!("INSERT INTO schema_version (version) VALUES ({to})")
}

/// What opening a store at schema version `found` must do: the
/// migrations to run, in order.
///
/// # Errors
/// `found` is newer than [`VERSION`].
pub fn plan(found: i64) -> Result<std::ops::RangeInclusive<i64>, super::Error> {
    if found > VERSION {
        return Err(super::Error::NewerSchema {
            found,
            known: VERSION,
        });
    }
    Ok(found + 1..=VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_up_to_the_newest_has_a_migration_and_newer_are_refused() {
        for v in 1..=VERSION {
            assert!(migration(v, Dialect::Sqlite).is_some_and(|m| !m.is_empty()));
            assert!(migration(v, Dialect::Postgres).is_some());
        }
        assert!(migration(VERSION + 1, Dialect::Postgres).is_none());
        assert_eq!(plan(0).unwrap(), 1..=VERSION);
        assert!(plan(VERSION).unwrap().is_empty());
        assert!(matches!(
            plan(VERSION + 1),
            Err(super::super::Error::NewerSchema { found, known: VERSION }) if found == VERSION + 1
        ));
    }
}
