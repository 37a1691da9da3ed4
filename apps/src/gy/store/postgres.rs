//! The account store in a PostgreSQL database, shared by any number of
//! OCS processes.
//!
//! The tables are [`schema`]'s. Every change is a transaction at READ
//! COMMITTED over rows locked first with `SELECT … FOR UPDATE`, in
//! subscriber order (so two transactions never wait on each other in a
//! cycle), and each bucket moves by a delta (`balance = balance + $n`). A
//! transaction that fails with a serialization failure (SQLSTATE 40001,
//! which CockroachDB, serializable only, returns for any conflict) or a
//! deadlock (40P01) is run again from its start ([`PgStore::transact`]).
//! Nothing relies on advisory locks, LISTEN/NOTIFY or gap-free sequences,
//! so the same statements run on the engines that speak PostgreSQL's
//! protocol.

use std::fmt;

use postgres::types::ToSql;
use postgres::{Client, Row, Statement, Transaction};

use super::schema::{self, Dialect};
use super::{account_from, session_from, set_deltas, signed, Error};
use crate::gy::ccr::RequestType;
use crate::gy::ledger::{expire_stored, Account, Journal, StoredSession};
use crate::pg::{Connection, Prepared};

/// The prepared statements.
#[derive(Clone)]
struct Statements {
    /// `$1` a subscriber.
    load: Statement,
    list: Statement,
    /// `$1` the subscribers to lock, any order.
    lock: Statement,
    /// `$1` subscriber, then provisioned and balance of each bucket.
    insert: Statement,
    /// As `insert`; nothing when the account exists.
    create: Statement,
    /// `$1` subscriber, then one credit per unit.
    topup: Statement,
    credit: Statement,
    /// Arrays: subscribers, then balance, reserved, debited of each unit.
    update: Statement,
    /// `$1` Session-Ids: their rows, locked, in id order.
    sessions: Statement,
    /// `$1` a time (Unix ms): at most [`EXPIRED_BATCH`] rows whose
    /// deadline is past it, locked, in id order.
    expired: Statement,
    /// Arrays of the [`schema::SESSION_COLUMNS`]: rows written.
    put_sessions: Statement,
    /// As `put_sessions`, for sessions just opened: nothing for an id
    /// that has an Open row (a closed one is replaced).
    new_sessions: Statement,
    /// `$1` Session-Ids: rows removed.
    remove_sessions: Statement,
}

/// Most expired sessions released in one transaction.
const EXPIRED_BATCH: i64 = 1000;

/// An open PostgreSQL store.
pub struct PgStore {
    db: Connection<Statements>,
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

/// One transaction of [`PgStore::transact`].
pub struct Batch<'s, 't> {
    tx: &'s mut Transaction<'t>,
    sql: &'s Statements,
}

impl PgStore {
    /// Connects to the database at `url` (libpq syntax, e.g.
    /// `postgres://user@host:5432/db`), creating or migrating its schema.
    ///
    /// # Errors
    /// The server cannot be reached, the schema cannot be made, or it is
    /// newer than this program knows ([`Error::NewerSchema`]).
    pub fn open(url: &str) -> Result<Self, Error> {
        Ok(PgStore {
            db: Connection::open(url)?,
        })
    }

    /// Runs `f` in one transaction and commits it; runs it again from the
    /// start after a serialization failure or deadlock, so `f` must undo
    /// whatever it changed outside the database when it is called again.
    ///
    /// # Errors
    /// `f`'s error, or the commit's; the transaction is then rolled back.
    pub fn transact<T>(
        &mut self,
        mut f: impl FnMut(&mut Batch<'_, '_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.db.transact(|tx, sql| f(&mut Batch { tx, sql }))
    }

    /// Commits `journal` in one transaction.
    ///
    /// # Errors
    /// The database cannot be written; nothing of the journal is then.
    pub fn commit(&mut self, journal: &Journal) -> Result<(), Error> {
        // Its rows locked first, in the order every batch locks them.
        let mut rows: Vec<String> = journal.changes.keys().map(|s| s.to_string()).collect();
        rows.sort_unstable();
        self.transact(|b| {
            b.lock(&rows)?;
            b.apply(journal)
        })
    }

    /// Runs the deadlines of the rows whose deadline is before `now`
    /// (Unix ms), whichever node wrote them, in transactions of at most
    /// [`EXPIRED_BATCH`] rows (see [`expire_stored`]): an Open session,
    /// whose Tcc expired (RFC 4006 §7), releases its reservations and is
    /// kept closed until `closed_until`, the end of its duplicate window
    /// (RFC 4006 §5.1.2); a closed one, whose window ended, is removed,
    /// releasing nothing. Each row is read under its lock with its
    /// deadline checked, so a session another node has just extended is
    /// not released. Returns how many sessions were released.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn expire_sessions(&mut self, now: i64, closed_until: i64) -> Result<usize, Error> {
        let mut total = 0;
        loop {
            let (rows, released) = self.transact(|b| {
                let mut rows = Vec::new();
                for r in b.tx.query(&b.sql.expired, &[&now])? {
                    // As it is once locked: another node may have just
                    // extended it.
                    let deadline: i64 = r.try_get(5)?;
                    if deadline <= now {
                        rows.push(r);
                    }
                }
                let ids: Vec<String> = rows
                    .iter()
                    .map(|r| r.try_get(0))
                    .collect::<Result<_, _>>()?;
                let expired = sessions(&rows)?;
                let mut journal = Journal::default();
                let released = expire_stored(&expired, closed_until, &mut journal);
                let mut accounts: Vec<String> =
                    journal.changes.keys().map(|s| s.to_string()).collect();
                accounts.sort_unstable();
                b.lock(&accounts)?;
                b.apply(&journal)?;
                // Rows that are no session go too: no node can continue them.
                let unread: Vec<&str> = ids
                    .iter()
                    .map(String::as_str)
                    .filter(|id| !journal.sessions.contains_key(*id))
                    .collect();
                if !unread.is_empty() {
                    b.tx.execute(&b.sql.remove_sessions, &[&unread])?;
                }
                Ok((ids.len(), released))
            })?;
            total += released;
            if i64::try_from(rows).unwrap_or(i64::MAX) < EXPIRED_BATCH {
                return Ok(total);
            }
        }
    }

    /// The account of `subscriber`.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn load(&mut self, subscriber: &str) -> Result<Option<Account>, Error> {
        let rows = self.db.client.query(&self.db.sql.load, &[&subscriber])?;
        rows.first().map(account).transpose()
    }

    /// Every account, by subscriber.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn list(&mut self) -> Result<Vec<Account>, Error> {
        let rows = self.db.client.query(&self.db.sql.list, &[])?;
        rows.iter().map(account).collect()
    }

    /// Creates each of `subscribers` with `amounts` (octets, seconds,
    /// units), or tops it up by as much when it exists; one transaction.
    /// Returns how many.
    ///
    /// # Errors
    /// The database cannot be written, or an amount (or a top-up's sum)
    /// is past what an account holds (`i64::MAX`); then none is.
    pub fn add(
        &mut self,
        subscribers: impl IntoIterator<Item = String>,
        amounts: [u64; 3],
    ) -> Result<usize, Error> {
        let a = signed(amounts)?;
        let subscribers: Vec<String> = subscribers.into_iter().collect();
        self.transact(|b| {
            for s in &subscribers {
                b.tx.execute(
                    &b.sql.insert,
                    &[s, &a[0], &a[0], &a[1], &a[1], &a[2], &a[2]],
                )?;
                b.tx.execute(&b.sql.credit, &[s, &a[0], &a[1], &a[2]])?;
            }
            Ok(subscribers.len())
        })
    }

    /// Sets the balances given (octets, seconds, units) of `subscriber`,
    /// crediting (or withdrawing) the differences so that provisioned =
    /// balance + debited still holds. Returns whether the subscriber exists.
    ///
    /// # Errors
    /// The database cannot be written, or a balance or the credit it makes
    /// is past what an account holds (`i64::MAX`).
    pub fn set(&mut self, subscriber: &str, balances: [Option<u64>; 3]) -> Result<bool, Error> {
        self.transact(|b| {
            let Some(now) = b.lock(&[subscriber.to_string()])?.pop() else {
                return Ok(false);
            };
            let d = set_deltas(&now, balances)?;
            b.tx.execute(&b.sql.topup, &[&subscriber, &d[0], &d[1], &d[2]])?;
            b.tx.execute(&b.sql.credit, &[&subscriber, &d[0], &d[1], &d[2]])?;
            Ok(true)
        })
    }
}

impl Batch<'_, '_> {
    /// Locks the accounts of `subscribers` that exist until the
    /// transaction ends, and returns them as they are now.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn lock(&mut self, subscribers: &[String]) -> Result<Vec<Account>, Error> {
        let rows = self.tx.query(&self.sql.lock, &[&subscribers])?;
        rows.iter().map(account).collect()
    }

    /// Locks the rows of sessions `ids` that exist until the transaction
    /// ends (before any account: every transaction locks sessions, then
    /// accounts, each in order), and returns them as they are now.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn sessions(&mut self, ids: &[&str]) -> Result<Vec<(String, StoredSession)>, Error> {
        let rows = self.tx.query(&self.sql.sessions, &[&ids])?;
        sessions(&rows)
    }

    /// Writes `journal`: creates its new accounts, adds its deltas and
    /// writes or removes its sessions' rows (one statement for each).
    ///
    /// # Errors
    /// The database cannot be written, or an account the journal creates
    /// was created meanwhile by another node ([`Error::Conflict`]: the
    /// transaction is then run again, finding it).
    pub fn apply(&mut self, journal: &Journal) -> Result<(), Error> {
        for a in &journal.created {
            let [o, t, u] = a.buckets;
            let params: [&(dyn ToSql + Sync); 7] = [
                &&*a.subscriber,
                &o.provisioned,
                &o.balance,
                &t.provisioned,
                &t.balance,
                &u.provisioned,
                &u.balance,
            ];
            if self.tx.execute(&self.sql.create, &params)? == 0 {
                return Err(Error::Conflict(format!(
                    "{} was created meanwhile",
                    a.subscriber
                )));
            }
        }
        self.write_sessions(journal)?;
        if journal.changes.is_empty() {
            return Ok(());
        }
        let mut subscribers = Vec::with_capacity(journal.changes.len());
        let mut columns: [Vec<i64>; 9] = Default::default();
        for (s, deltas) in &journal.changes {
            subscribers.push(&**s);
            for (i, d) in deltas.iter().enumerate() {
                columns[3 * i].push(d.balance);
                columns[3 * i + 1].push(d.reserved);
                columns[3 * i + 2].push(d.debited);
            }
        }
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&subscribers];
        params.extend(columns.iter().map(|c| c as &(dyn ToSql + Sync)));
        self.tx.execute(&self.sql.update, &params)?;
        Ok(())
    }
}

impl Batch<'_, '_> {
    /// The sessions of `journal`: the rows of the sessions opened in one
    /// statement, those of the others (closed ones included: a CCR-T's
    /// row is updated, not removed, RFC 4006 §5.1.2) in a second, the
    /// removals in a third.
    ///
    /// # Errors
    /// The database cannot be written, or a session opened here has an
    /// Open row already ([`Error::Conflict`]: the same new Session-Id
    /// reached another node at once; run again, the batch finds its row).
    fn write_sessions(&mut self, journal: &Journal) -> Result<(), Error> {
        let (mut opened, mut changed, mut removed) = (Rows::default(), Rows::default(), Vec::new());
        for (id, session) in &journal.sessions {
            match session {
                // A session's first row: its CCR-Initial's (the next
                // request of it waits for this batch's answer), in place
                // of a closed session's of the same Session-Id.
                Some(s) if s.open && s.last_type == RequestType::Initial => opened.push(id, s),
                Some(s) => changed.push(id, s),
                None => removed.push(&**id),
            }
        }
        let written = opened.write(self.tx, &self.sql.new_sessions)?;
        if written < opened.ids.len() {
            return Err(Error::Conflict(
                "a session opened here was opened at another node meanwhile".into(),
            ));
        }
        changed.write(self.tx, &self.sql.put_sessions)?;
        if !removed.is_empty() {
            self.tx.execute(&self.sql.remove_sessions, &[&removed])?;
        }
        Ok(())
    }
}

/// Session rows as the arrays of one `unnest` statement.
#[derive(Default)]
struct Rows<'j> {
    ids: Vec<&'j str>,
    accounts: Vec<&'j str>,
    open: Vec<bool>,
    types: Vec<i32>,
    numbers: Vec<i64>,
    deadlines: Vec<i64>,
    states: Vec<&'j [u8]>,
}

impl<'j> Rows<'j> {
    fn push(&mut self, id: &'j str, s: &'j StoredSession) {
        self.ids.push(id);
        self.accounts.push(&s.account);
        self.open.push(s.open);
        self.types.push(s.last_type as i32);
        self.numbers.push(i64::from(s.last_number));
        self.deadlines.push(s.deadline);
        self.states.push(&s.state);
    }

    /// Runs `sql` on the rows (nothing when there are none); how many it wrote.
    fn write(&self, tx: &mut Transaction<'_>, sql: &Statement) -> Result<usize, Error> {
        if self.ids.is_empty() {
            return Ok(0);
        }
        let params: [&(dyn ToSql + Sync); 7] = [
            &self.ids,
            &self.accounts,
            &self.open,
            &self.types,
            &self.numbers,
            &self.deadlines,
            &self.states,
        ];
        let n = tx.execute(sql, &params)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }
}

/// The sessions of rows of the [`schema::SESSION_COLUMNS`]; a row that
/// is no session is left out (logged).
fn sessions(rows: &[Row]) -> Result<Vec<(String, StoredSession)>, Error> {
    let mut sessions = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get(0)?;
        let number: i64 = r.try_get(4)?;
        let last_type: i32 = r.try_get(3)?;
        if let Some(s) = session_from(
            &id,
            r.try_get(1)?,
            r.try_get(2)?,
            last_type.into(),
            number,
            r.try_get(5)?,
            r.try_get(6)?,
        ) {
            sessions.push((id, s));
        }
    }
    Ok(sessions)
}

impl Prepared for Statements {
    fn migrate(client: &mut Client) -> Result<(), Error> {
        migrate(client)
    }

    fn prepare(client: &mut Client) -> Result<Self, Error> {
        let columns = schema::columns();
        let select = format!("SELECT subscriber, {} FROM accounts", columns.join(", "));
        let with_credit = format!(
            "SELECT subscriber, {}, (SELECT coalesce(max(id), 0) FROM credits) FROM accounts",
            columns.join(", ")
        );
        let insert = schema::insert("$");
        let moved = schema::moved();
        let session_columns = schema::SESSION_COLUMNS.join(", ");
        let select_sessions = format!("SELECT {session_columns} FROM sessions");
        let insert_sessions = format!(
            "INSERT INTO sessions ({session_columns}) SELECT * FROM unnest($1::TEXT[], $2::TEXT[], $3::BOOLEAN[], $4::INTEGER[], $5::BIGINT[], $6::BIGINT[], $7::BYTEA[])"
        );
        let sql = Statements {
            load: client.prepare(&format!("{with_credit} WHERE subscriber = $1"))?,
            list: client.prepare(&format!("{with_credit} ORDER BY subscriber"))?,
            lock: client.prepare(&format!(
                "{}, 0::BIGINT FROM accounts WHERE subscriber = ANY($1) ORDER BY subscriber FOR UPDATE",
                select.trim_end_matches(" FROM accounts")
            ))?,
            insert: client.prepare(&format!(
                "{insert} ON CONFLICT (subscriber) DO UPDATE SET {}",
                schema::each(&schema::initial(), ", ", |c| format!(
                    "{c} = accounts.{c} + excluded.{c}"
                ))
            ))?,
            create: client.prepare(&format!(
                "{insert} ON CONFLICT (subscriber) DO NOTHING"
            ))?,
            topup: client.prepare(&schema::topup("$"))?,
            credit: client.prepare(
                "INSERT INTO credits (subscriber, octets, seconds, units) VALUES ($1, $2, $3, $4)",
            )?,
            update: client.prepare(&format!(
                "UPDATE accounts AS a SET {} FROM unnest($1::TEXT[], {}) AS d(subscriber, {}) WHERE a.subscriber = d.subscriber AND a.subscriber = ANY($1)",
                schema::each(&moved, ", ", |c| format!("{c} = a.{c} + d.{c}")),
                (2..=moved.len() + 1)
                    .map(|i| format!("${i}::BIGINT[]"))
                    .collect::<Vec<_>>()
                    .join(", "),
                moved.join(", ")
            ))?,
            sessions: client.prepare(&format!(
                "{select_sessions} WHERE id = ANY($1) ORDER BY id FOR UPDATE"
            ))?,
            // The earliest deadlines, found along their index (in id order
            // a plan would walk the whole key index for a few rows), then
            // locked by key in id order, as every batch locks them; their
            // deadlines are checked once locked (`expire_sessions`).
            expired: client.prepare(&format!(
                "{select_sessions} WHERE id = ANY(ARRAY(SELECT id FROM sessions \
                 WHERE deadline <= $1 ORDER BY deadline LIMIT {EXPIRED_BATCH})) \
                 ORDER BY id FOR UPDATE"
            ))?,
            put_sessions: client.prepare(&format!(
                "{insert_sessions} {}",
                schema::session_upsert()
            ))?,
            new_sessions: client.prepare(&format!(
                "{insert_sessions} {} WHERE NOT sessions.open",
                schema::session_upsert()
            ))?,
            remove_sessions: client.prepare("DELETE FROM sessions WHERE id = ANY($1)")?,
        };
        Ok(sql)
    }
}

/// Runs the migrations the database lacks, in one transaction.
fn migrate(client: &mut Client) -> Result<(), Error> {
    client.batch_execute(schema::VERSION_TABLE)?;
    let mut tx = client.transaction()?;
    let found: i64 = tx.query_one(schema::CURRENT, &[])?.try_get(0)?;
    for to in schema::plan(found)? {
        for sql in schema::migration(to, Dialect::Postgres).unwrap_or_default() {
            tx.batch_execute(&sql)?;
        }
        tx.batch_execute(&schema::record(to))?;
    }
    tx.commit()?;
    Ok(())
}

/// An account from a row of `SELECT subscriber, <bucket columns>, <last credit>`.
fn account(row: &Row) -> Result<Account, Error> {
    let subscriber: String = row.try_get(0)?;
    account_from(subscriber, |i| row.try_get::<_, i64>(i)).map_err(Error::from)
}
