//! What the PostgreSQL stores (the OCS's accounts, the HSS's subscribers)
//! share: a connection that is made again when the server goes away, the
//! schema migrated and the store's statements prepared on each, and
//! transactions run again from their start after a serialization failure
//! (SQLSTATE 40001, which CockroachDB, serializable only, returns for any
//! conflict) or a deadlock (40P01).

use postgres::error::SqlState;
use postgres::{Client, NoTls, Transaction};
use tracing::debug;

use crate::gy::store::Error;

/// How many times a transaction (or a migration racing another
/// program's) is tried before its failure is reported.
const ATTEMPTS: u32 = 16;

/// A store's schema and prepared statements.
pub(crate) trait Prepared: Sized {
    /// Runs the migrations the database lacks, in one transaction.
    fn migrate(client: &mut Client) -> Result<(), Error>;

    /// Prepares the statements, once the schema is migrated.
    fn prepare(client: &mut Client) -> Result<Self, Error>;
}

/// A connection to a store's database with its prepared statements.
pub(crate) struct Connection<S> {
    url: String,
    /// For queries outside a transaction.
    pub(crate) client: Client,
    /// The statements, prepared on `client`.
    pub(crate) sql: S,
}

impl<S: Prepared> Connection<S> {
    /// Connects to `url` (libpq syntax), migrates the schema and prepares
    /// the statements.
    pub(crate) fn open(url: &str) -> Result<Self, Error> {
        let (client, sql) = connect(url)?;
        Ok(Connection {
            url: url.to_string(),
            client,
            sql,
        })
    }

    /// Runs `f` in one transaction and commits it; runs it again from the
    /// start after a serialization failure or deadlock, so `f` must start
    /// afresh whatever it keeps outside the database.
    pub(crate) fn transact<T>(
        &mut self,
        mut f: impl FnMut(&mut Transaction<'_>, &S) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut attempt = 1;
        loop {
            // The server went away (restarted, failed over): a new
            // connection, which may fail in turn until it is back.
            if self.client.is_closed() {
                (self.client, self.sql) = connect(&self.url)?;
            }
            let mut tx = self.client.transaction()?;
            let result = f(&mut tx, &self.sql).and_then(|v| Ok(tx.commit().map(|()| v)?));
            match result {
                Err(e) if attempt < ATTEMPTS && retryable(&e) => attempt += 1,
                r => return r,
            }
        }
    }
}

/// What each connection sets for its session; an engine without a
/// setting goes on without it (logged at debug level).
const SETTINGS: [(&str, &str); 2] = [
    // The plans PostgreSQL caches after five executions are kept
    // (planning each execution was a quarter of the backends' time), but
    // such a plan is made once, maybe on a new store's empty (analyzed)
    // tables, and kept until the next ANALYZE while they grow: so every
    // statement of a batch names its keys as index conditions (`= ANY($1)`
    // beside a join on `unnest`, which a plan made on a few rows would
    // hash over a whole scan), and no sequential scan is taken where an
    // index serves (a plan made on an empty `registrations` scanned it
    // whole for every subscriber locked, one on an empty `sessions` for
    // every batch).
    ("enable_seqscan", "off"),
    // No JIT compilation: a batch's statement over tables not yet
    // analyzed (just provisioned) is estimated past `jit_above_cost` and
    // compiled at every execution, 10 ms of the 12 ms it takes, for a
    // statement that reads a few hundred rows by key.
    ("jit", "off"),
];

/// Connects to `url`, migrates the schema and prepares the statements.
fn connect<S: Prepared>(url: &str) -> Result<(Client, S), Error> {
    let mut client = Client::connect(url, NoTls)?;
    for (setting, value) in SETTINGS {
        if let Err(e) = client.batch_execute(&format!("SET {setting} = {value}")) {
            debug!(error = %e, setting, "not set");
        }
    }
    // Two programs starting at once both migrate; the loser of the race
    // sees the winner's tables and runs again.
    let mut attempt = 0;
    loop {
        match S::migrate(&mut client) {
            Err(e) if attempt < ATTEMPTS && !matches!(e, Error::NewerSchema { .. }) => {
                attempt += 1;
            }
            r => break r?,
        }
    }
    let sql = S::prepare(&mut client)?;
    Ok((client, sql))
}

/// Whether running the transaction again may succeed.
fn retryable(e: &Error) -> bool {
    match e {
        Error::Postgres(e) => e.code().is_some_and(|c| {
            *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
        }),
        Error::Conflict(_) => true,
        _ => false,
    }
}
