//! The account store in an embedded SQLite file, in WAL mode.
//!
//! The OCS writes deltas ([`Journal`]), one transaction per batch of
//! requests; `diameter accounts` provisions and inspects it. Each change
//! `diameter accounts` makes is also recorded as a credit, which a running
//! OCS applies to the accounts it holds in memory (see
//! [`Store::credits_since`]).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, CachedStatement, Connection, OptionalExtension, Row};

use super::schema::{self, Dialect};
use super::{account_from, session_from, set_deltas, signed, Durability, Error};
use crate::gy::ledger::{Account, Credit, Journal, StoredSession};
use crate::gy::units::Unit;

/// Records a credit for running servers to apply (see [`Store::credits_since`]).
const CREDIT: &str =
    "INSERT INTO credits (subscriber, octets, seconds, units) VALUES (?1, ?2, ?3, ?4)";

/// Removes the row `?1` of session `?2` (a closed one whose duplicate
/// window ended).
const REMOVE_SESSION: &str = "DELETE FROM sessions WHERE row = ?1 AND id = ?2";

/// Where `Store::load`'s row holds the account's id: after the subscriber,
/// every bucket column and the last credit, which [`account`] reads.
const LOAD_ID: usize = 2 + schema::FIELDS.len() * Unit::ALL.len();

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    select: String,
    /// `select` of one subscriber, with the row's id after the columns
    /// [`account`] reads.
    load: String,
    /// Adds a journal's deltas to the row of subscriber `?1`: one
    /// statement for each set of units that moved (see [`UnitSet`]; the
    /// empty set's is never run).
    update: Box<[String; UnitSet::COUNT]>,
    /// As `update`, to the row whose id is the last parameter when it is
    /// still subscriber `?1`'s.
    update_by_id: Box<[String; UnitSet::COUNT]>,
    /// The row id of each account loaded: found by it, a commit's update
    /// is one search by integer and a rewrite in place (schema version 2).
    ids: HashMap<Box<str>, i64>,
    insert: String,
    create: String,
    topup: String,
    /// Writes a new row of a session: `?1`… the [`schema::SESSION_COLUMNS`].
    insert_session: String,
    /// Updates a session's row, with the same parameters and the row's
    /// id after them, when that row is still the session's.
    update_session: String,
    /// The row of each session stored, by Session-Id (schema version 4):
    /// a commit updates or removes it by its integer id.
    session_rows: HashMap<Arc<str>, i64>,
}

impl Store {
    /// Opens (creating it on first use) the store at `path`.
    ///
    /// # Errors
    /// The file cannot be opened or is not an account store, or its
    /// schema is newer than this program knows ([`Error::NewerSchema`]).
    pub fn open(path: &Path, durability: Durability) -> Result<Self, Error> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", durability.sqlite_synchronous())?;
        migrate(&conn)?;
        let columns = schema::columns();
        let initial = schema::initial();
        let insert = schema::insert("?");
        // The columns `account` reads, with the last credit seen.
        let read = format!(
            "subscriber, {}, (SELECT coalesce(max(id), 0) FROM credits)",
            columns.join(", ")
        );
        Ok(Store {
            load: format!("SELECT {read}, accounts.id FROM accounts WHERE subscriber = ?1"),
            select: format!("SELECT {read} FROM accounts"),
            update_by_id: Box::new(std::array::from_fn(|i| {
                let (set, id) = UnitSet(i).assignments();
                format!("UPDATE accounts SET {set} WHERE id = ?{id} AND subscriber = ?1")
            })),
            update: Box::new(std::array::from_fn(|i| {
                let (set, _) = UnitSet(i).assignments();
                format!("UPDATE accounts SET {set} WHERE subscriber = ?1")
            })),
            ids: HashMap::new(),
            topup: schema::topup("?"),
            update_session: format!(
                "{} AND row = ?{}",
                schema::session_update("?"),
                schema::SESSION_COLUMNS.len() + 1
            ),
            insert_session: format!(
                "INSERT INTO sessions ({}) VALUES ({})",
                schema::SESSION_COLUMNS.join(", "),
                (1..=schema::SESSION_COLUMNS.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            session_rows: HashMap::new(),
            create: format!("{insert} ON CONFLICT (subscriber) DO NOTHING"),
            insert: format!(
                "{insert} ON CONFLICT (subscriber) DO UPDATE SET {} WHERE {}",
                schema::each(&initial, ", ", |c| format!("{c} = {c} + excluded.{c}")),
                // A top-up that would take a column past i64::MAX updates
                // nothing (SQLite would turn the sum into a REAL).
                schema::each(&initial, " AND ", |c| format!(
                    "{c} <= {} - excluded.{c}",
                    i64::MAX
                )),
            ),
            conn,
        })
    }

    /// Every session stored (by the OCS that ran on this store before),
    /// whose rows the commits then update; a row that is no session is
    /// left out (logged), and of a Session-Id with two rows (which only
    /// another writer could have made) the newer is the session.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn sessions(&mut self) -> Result<Vec<(String, StoredSession)>, Error> {
        let sql = format!(
            "SELECT {}, row FROM sessions ORDER BY row",
            schema::SESSION_COLUMNS.join(", ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            let id: String = r.get(0)?;
            let s = session_from(
                &id,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            );
            Ok((id, s, r.get::<_, i64>(7)?))
        })?;
        let mut sessions = HashMap::new();
        self.session_rows.clear();
        for row in rows {
            let (id, session, row) = row?;
            let id: Arc<str> = id.into();
            self.session_rows.insert(Arc::clone(&id), row);
            match session {
                Some(s) => sessions.insert(id, s),
                None => sessions.remove(&id),
            };
        }
        Ok(sessions
            .into_iter()
            .map(|(id, s)| (id.to_string(), s))
            .collect())
    }

    /// The account of `subscriber`.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn load(&mut self, subscriber: &str) -> Result<Option<Account>, Error> {
        let found = self
            .conn
            .prepare_cached(&self.load)?
            .query_row([subscriber], |row| Ok((account(row)?, row.get(LOAD_ID)?)))
            .optional()?;
        Ok(found.map(|(account, id)| {
            self.ids.insert(subscriber.into(), id);
            account
        }))
    }

    /// Every account, by subscriber.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn list(&self) -> Result<Vec<Account>, Error> {
        let sql = format!("{} ORDER BY subscriber", self.select);
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], account)?;
        Ok(rows.collect::<Result<_, _>>()?)
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
        let amounts = signed(amounts)?;
        let tx = self.conn.transaction()?;
        let mut n = 0;
        {
            let mut insert = tx.prepare_cached(&self.insert)?;
            let mut credit = tx.prepare_cached(CREDIT)?;
            for s in subscribers {
                if insert.execute(initial_params(&s, amounts.map(|a| (a, a))))? == 0 {
                    return Err(Error::OutOfRange(format!(
                        "topping up {s} would take a bucket past {}",
                        i64::MAX
                    )));
                }
                credit.execute(rusqlite::params![s, amounts[0], amounts[1], amounts[2]])?;
                n += 1;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// Sets the balances given (octets, seconds, units) of `subscriber`,
    /// crediting (or withdrawing) the differences so that provisioned =
    /// balance + debited still holds. Returns whether the subscriber exists.
    ///
    /// # Errors
    /// The database cannot be written, or a balance or the credit it makes
    /// is past what an account holds (`i64::MAX`).
    pub fn set(&mut self, subscriber: &str, balances: [Option<u64>; 3]) -> Result<bool, Error> {
        let tx = self.conn.transaction()?;
        let sql = format!("{} WHERE subscriber = ?1", self.select);
        let Some(now) = tx.query_row(&sql, [subscriber], account).optional()? else {
            return Ok(false);
        };
        let deltas = set_deltas(&now, balances)?;
        tx.execute(
            &self.topup,
            rusqlite::params![subscriber, deltas[0], deltas[1], deltas[2]],
        )?;
        tx.execute(
            CREDIT,
            rusqlite::params![subscriber, deltas[0], deltas[1], deltas[2]],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The credits (top-ups, changes of balance) recorded after credit `after`.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn credits_since(&self, after: i64) -> Result<Vec<Credit>, Error> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, subscriber, octets, seconds, units FROM credits WHERE id > ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([after], |r| {
            Ok(Credit {
                id: r.get(0)?,
                subscriber: r.get(1)?,
                amounts: [r.get(2)?, r.get(3)?, r.get(4)?],
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The id of the last credit recorded (0 for none).
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn last_credit(&self) -> Result<i64, Error> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM credits", [], |r| r.get(0))?)
    }

    /// Commits a journal in one transaction.
    ///
    /// # Errors
    /// The database cannot be written; nothing of the journal is then.
    pub fn commit(&mut self, journal: &Journal) -> Result<(), Error> {
        let (mut added, mut gone) = (Vec::new(), Vec::new());
        let tx = self.conn.transaction()?;
        {
            // Created while running (auto-provisioning): an account that
            // exists already is left as it is.
            let mut insert = tx.prepare_cached(&self.create)?;
            for a in &journal.created {
                let values = a.buckets.map(|b| (b.provisioned, b.balance));
                insert.execute(initial_params(&a.subscriber, values))?;
            }
            let mut by_subscriber = std::array::from_fn(|_| None);
            let mut by_id = std::array::from_fn(|_| None);
            for (subscriber, deltas) in &journal.changes {
                let moved = deltas.map(|d| [d.balance, d.reserved, d.debited]);
                let units = UnitSet::moved(&moved);
                if units.is_empty() {
                    continue;
                }
                // An account not loaded (created here), or whose id no
                // longer holds it, is found by subscriber.
                let found = match self.ids.get(&**subscriber) {
                    Some(&id) => {
                        let update = prepared(&tx, &mut by_id, &self.update_by_id, units)?;
                        add_deltas(update, subscriber, &moved, units, Some(id))? > 0
                    }
                    None => false,
                };
                if !found {
                    let update = prepared(&tx, &mut by_subscriber, &self.update, units)?;
                    add_deltas(update, subscriber, &moved, units, None)?;
                }
            }
            // One statement per session changed, each prepared once: the
            // update of a session's row by its id (a CCR-T's closing it
            // included), the insert of a session with none (a new one, or
            // one whose row another writer changed), the removal of a
            // closed one whose duplicate window ended. The rows learnt and
            // forgotten are kept once the transaction is committed.
            let (mut insert, mut update, mut remove) = (None, None, None);
            for (id, session) in &journal.sessions {
                let row = self.session_rows.get(id).copied();
                match session {
                    Some(s) => {
                        let (sid, account, state) = (&**id, &*s.account, &s.state);
                        let (open, kind, number, deadline) =
                            (s.open, s.last_type as i32, s.last_number, s.deadline);
                        let updated = match row {
                            Some(row) => {
                                cached(&tx, &mut update, &self.update_session)?.execute(
                                    rusqlite::params![
                                        sid, account, open, kind, number, deadline, state, row
                                    ],
                                )? > 0
                            }
                            None => false,
                        };
                        if !updated {
                            cached(&tx, &mut insert, &self.insert_session)?.execute(
                                rusqlite::params![
                                    sid, account, open, kind, number, deadline, state
                                ],
                            )?;
                            added.push((Arc::clone(id), tx.last_insert_rowid()));
                        }
                    }
                    None => {
                        if let Some(row) = row {
                            cached(&tx, &mut remove, REMOVE_SESSION)?
                                .execute(rusqlite::params![row, &**id])?;
                            gone.push(Arc::clone(id));
                        }
                    }
                }
            }
        }
        tx.commit()?;
        for id in gone {
            self.session_rows.remove(&id);
        }
        self.session_rows.extend(added);
        Ok(())
    }
}

/// The units whose buckets a journal's change moves, as bits in the
/// order of [`Unit::ALL`]: an update sets only their columns (a Gy
/// session moves one unit, and each column left out is one less value
/// for SQLite to bind, add and write).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UnitSet(usize);

impl UnitSet {
    /// How many sets there are.
    const COUNT: usize = 1 << Unit::ALL.len();

    /// The units of `moved` (balance, reserved and debited of each unit)
    /// with a change other than 0.
    fn moved(moved: &[[i64; 3]; 3]) -> Self {
        Self(moved.iter().enumerate().fold(0, |set, (i, d)| {
            set | (usize::from(d.iter().any(|&v| v != 0)) << i)
        }))
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn contains(self, unit: usize) -> bool {
        self.0 & (1 << unit) != 0
    }

    /// The `SET` list adding each unit's three deltas, from `?2` on in
    /// the order [`add_deltas`] binds them, and the next parameter's number.
    fn assignments(self) -> (String, usize) {
        let mut next = 2;
        let mut sets = Vec::new();
        for (i, unit) in Unit::ALL.iter().enumerate() {
            if self.contains(i) {
                for field in schema::MOVED {
                    let column = format!("{}_{field}", unit.name());
                    sets.push(format!("{column} = {column} + ?{next}"));
                    next += 1;
                }
            }
        }
        (sets.join(", "), next)
    }
}

/// `sql` in `slot`, prepared once per transaction.
fn cached<'s, 't>(
    tx: &'t rusqlite::Transaction<'_>,
    slot: &'s mut Option<CachedStatement<'t>>,
    sql: &str,
) -> rusqlite::Result<&'s mut CachedStatement<'t>> {
    match slot {
        Some(s) => Ok(s),
        None => Ok(slot.insert(tx.prepare_cached(sql)?)),
    }
}

/// The statement of `units` among `sql`, prepared once per transaction.
fn prepared<'s, 't>(
    tx: &'t rusqlite::Transaction<'_>,
    slots: &'s mut [Option<CachedStatement<'t>>; UnitSet::COUNT],
    sql: &[String; UnitSet::COUNT],
    units: UnitSet,
) -> rusqlite::Result<&'s mut CachedStatement<'t>> {
    let (Some(slot), Some(sql)) = (slots.get_mut(units.0), sql.get(units.0)) else {
        return Err(rusqlite::Error::InvalidQuery);
    };
    cached(tx, slot, sql)
}

/// Runs an update of `subscriber`'s row (`?1`) with the deltas of
/// `units` (balance, reserved and debited of each) and, when given, its
/// row id (the last parameter). Returns how many rows it changed.
fn add_deltas(
    update: &mut CachedStatement<'_>,
    subscriber: &str,
    moved: &[[i64; 3]; 3],
    units: UnitSet,
    id: Option<i64>,
) -> rusqlite::Result<usize> {
    update.raw_bind_parameter(1, subscriber)?;
    let mut next = 2;
    for (i, deltas) in moved.iter().enumerate() {
        if units.contains(i) {
            for v in deltas {
                update.raw_bind_parameter(next, v)?;
                next += 1;
            }
        }
    }
    if let Some(id) = id {
        update.raw_bind_parameter(next, id)?;
    }
    update.raw_execute()
}

/// Runs the migrations the store lacks, in one transaction.
fn migrate(conn: &Connection) -> Result<(), Error> {
    conn.execute_batch(schema::VERSION_TABLE)?;
    let found: i64 = conn.query_row(schema::CURRENT, [], |r| r.get(0))?;
    let todo = schema::plan(found)?;
    if todo.is_empty() {
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    for to in todo {
        for sql in schema::migration(to, Dialect::Sqlite).unwrap_or_default() {
            tx.execute_batch(&sql)?;
        }
        tx.execute_batch(&schema::record(to))?;
    }
    tx.commit()?;
    Ok(())
}

/// The parameters of the insert statements: the subscriber, then
/// provisioned and balance of each bucket.
fn initial_params(
    subscriber: &str,
    buckets: [(i64, i64); 3],
) -> rusqlite::ParamsFromIter<impl Iterator<Item = Value>> {
    let values = buckets.into_iter().flat_map(|(p, b)| [p, b]);
    params_from_iter(
        std::iter::once(Value::from(subscriber.to_string())).chain(values.map(Value::from)),
    )
}

/// An account from a row of `SELECT subscriber, <bucket columns>, <last credit>`.
fn account(row: &Row<'_>) -> Result<Account, rusqlite::Error> {
    account_from(row.get(0)?, |i| row.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gy::ledger::{Bucket, BucketDelta};
    use std::sync::Arc;

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("ocs.db"), Durability::Normal).unwrap();
        (dir, store)
    }

    #[test]
    fn add_tops_up_and_set_keeps_the_invariant() {
        let (_dir, mut store) = temp_store();
        store.add(["001".to_string()], [1000, 60, 0]).unwrap();
        store.add(["001".to_string()], [500, 0, 3]).unwrap();
        let a = store.load("001").unwrap().unwrap();
        assert_eq!(a.bucket(Unit::Octets), &Bucket::with(1500).unwrap());
        assert_eq!(a.bucket(Unit::Time), &Bucket::with(60).unwrap());
        assert_eq!(a.bucket(Unit::Units), &Bucket::with(3).unwrap());
        assert!(store.set("001", [Some(200), None, Some(1)]).unwrap());
        assert!(!store.set("002", [Some(200), None, None]).unwrap());
        let b = *store.load("001").unwrap().unwrap().bucket(Unit::Octets);
        assert_eq!((b.provisioned, b.balance), (200, 200));
        assert_eq!(store.load("002").unwrap(), None);
        let credits = store.credits_since(0).unwrap();
        let amounts: Vec<[i64; 3]> = credits.iter().map(|c| c.amounts).collect();
        assert_eq!(amounts, [[1000, 60, 0], [500, 0, 3], [-1300, 0, -2]]);
        assert_eq!(store.credits_since(2).unwrap().len(), 1);
        assert_eq!(store.last_credit().unwrap(), 3);
        assert_eq!(store.load("001").unwrap().unwrap().credits_seen, 3);
    }

    #[test]
    fn amounts_past_what_an_account_holds_are_refused_whole() {
        let (_dir, mut store) = temp_store();
        let max = i64::MAX.unsigned_abs();
        assert!(store.add(["a".to_string()], [max + 1, 0, 0]).is_err());
        store.add(["a".to_string()], [max, 0, 0]).unwrap();
        // The second subscriber's top-up overflows: the first's is undone too.
        let both = ["b".to_string(), "a".to_string()];
        assert!(store.add(both, [1, 0, 0]).is_err());
        assert_eq!(store.load("b").unwrap(), None);
        let a = store.load("a").unwrap().unwrap();
        assert_eq!(a.bucket(Unit::Octets), &Bucket::with(max).unwrap());
        assert_eq!(store.last_credit().unwrap(), 1);
        // Spent whole, the account cannot be set back to the maximum: its
        // provisioned sum would pass it.
        let mut j = Journal::default();
        let spend = BucketDelta {
            balance: -i64::MAX,
            reserved: 0,
            debited: i64::MAX,
        };
        j.changes.insert(
            Arc::from("a"),
            [spend, BucketDelta::default(), BucketDelta::default()],
        );
        store.commit(&j).unwrap();
        assert!(store.set("a", [Some(max), None, None]).is_err());
        assert!(store.set("a", [Some(0), None, None]).unwrap());
        assert_eq!(store.last_credit().unwrap(), 2);
    }

    fn octets_delta(n: i64) -> Journal {
        let mut j = Journal::default();
        let d = BucketDelta {
            balance: -n,
            reserved: 0,
            debited: n,
        };
        j.changes.insert(
            Arc::from("a"),
            [d, BucketDelta::default(), BucketDelta::default()],
        );
        j
    }

    /// A store at `path` made by a program of schema `version`: its
    /// migrations up to it and no further.
    fn at_version(path: &Path, version: i64) -> Connection {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(schema::VERSION_TABLE).unwrap();
        for to in 1..=version {
            for sql in schema::migration(to, Dialect::Sqlite).unwrap() {
                conn.execute_batch(&sql).unwrap();
            }
            conn.execute_batch(&schema::record(to)).unwrap();
        }
        conn
    }

    #[test]
    fn a_version_1_store_keeps_its_accounts_through_the_migration() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ocs.db");
        {
            let conn = at_version(&path, 1);
            conn.execute(
                "INSERT INTO accounts (subscriber, octets_provisioned, octets_balance, units_reserved) VALUES ('a', 900, 700, 5)",
                [],
            )
            .unwrap();
        }
        let mut store = Store::open(&path, Durability::Normal).unwrap();
        let a = store.load("a").unwrap().unwrap();
        assert_eq!((a.buckets[0].provisioned, a.buckets[0].balance), (900, 700));
        assert_eq!(a.buckets[2].reserved, 0, "released: no session stored");
        store.commit(&octets_delta(100)).unwrap();
        let o = store.load("a").unwrap().unwrap().buckets[0];
        assert_eq!((o.balance, o.debited), (600, 100));
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn.query_row(schema::CURRENT, [], |r| r.get(0)).unwrap();
        assert_eq!(version, schema::VERSION);
        let id: i64 = conn
            .query_row("SELECT id FROM accounts WHERE subscriber = 'a'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(id, 1);
    }

    #[test]
    fn a_commit_finds_by_subscriber_an_account_whose_row_id_went_to_another() {
        let (dir, mut store) = temp_store();
        store.add(["a".to_string()], [1000, 0, 0]).unwrap();
        assert!(store.load("a").unwrap().is_some());
        // Another program removes "a" and adds "b", which takes its id,
        // then adds "a" back under a new one.
        let other = Connection::open(dir.path().join("ocs.db")).unwrap();
        other
            .execute_batch(
                "DELETE FROM accounts WHERE subscriber = 'a';
                 INSERT INTO accounts (subscriber, octets_provisioned, octets_balance) VALUES ('b', 50, 50);
                 INSERT INTO accounts (subscriber, octets_provisioned, octets_balance) VALUES ('a', 1000, 1000);",
            )
            .unwrap();
        let ids: Vec<(String, i64)> = other
            .prepare("SELECT subscriber, id FROM accounts ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(ids, [("b".to_string(), 1), ("a".to_string(), 2)]);
        store.commit(&octets_delta(100)).unwrap();
        assert_eq!(store.load("a").unwrap().unwrap().buckets[0].balance, 900);
        assert_eq!(store.load("b").unwrap().unwrap().buckets[0].balance, 50);
    }

    #[test]
    fn journals_add_deltas_and_reservations_are_released() {
        let (_dir, mut store) = temp_store();
        store.add(["a".to_string()], [1000, 0, 0]).unwrap();
        let mut j = Journal::default();
        j.created.push(Account::new("b", 50, 0, 0).unwrap());
        let d = BucketDelta {
            balance: -100,
            reserved: 300,
            debited: 100,
        };
        j.changes
            .insert(Arc::from("a"), [d, BucketDelta::default(), d]);
        store.commit(&j).unwrap();
        // Loaded, "a" is found by its row id: the second commit updates
        // two units' columns that way.
        assert!(store.load("a").unwrap().is_some());
        store.commit(&j).unwrap();
        let a = store.load("a").unwrap().unwrap();
        let o = *a.bucket(Unit::Octets);
        assert_eq!((o.balance, o.reserved, o.debited), (800, 600, 200));
        assert_eq!(o.provisioned, o.balance + o.debited);
        assert_eq!(a.bucket(Unit::Units).reserved, 600);
        // Created once: the second commit's creation leaves it as it is.
        assert_eq!(
            store.load("b").unwrap().unwrap().buckets[0],
            Bucket::with(50).unwrap()
        );
        assert_eq!(store.list().unwrap().len(), 2);
    }

    fn session(account: &str, number: u32) -> StoredSession {
        StoredSession {
            account: Arc::from(account),
            open: true,
            last_type: crate::gy::ccr::RequestType::Update,
            last_number: number,
            deadline: 1_700_000_000_000,
            state: vec![1, 2, 3],
        }
    }

    #[test]
    fn sessions_are_written_replaced_and_removed_with_the_accounts() {
        let (dir, mut store) = temp_store();
        store.add(["a".to_string()], [1000, 0, 0]).unwrap();
        let mut j = octets_delta(10);
        j.sessions.insert(Arc::from("s1"), Some(session("a", 1)));
        j.sessions.insert(Arc::from("s2"), Some(session("a", 7)));
        store.commit(&j).unwrap();
        let mut j = Journal::default();
        j.sessions.insert(Arc::from("s1"), Some(session("a", 2)));
        j.sessions.insert(Arc::from("s2"), None);
        store.commit(&j).unwrap();
        assert_eq!(
            store.sessions().unwrap(),
            [("s1".to_string(), session("a", 2))]
        );
        // A row no request can have is no session.
        let other = Connection::open(dir.path().join("ocs.db")).unwrap();
        other
            .execute_batch("UPDATE sessions SET last_type = 9")
            .unwrap();
        assert!(store.sessions().unwrap().is_empty());
    }

    #[test]
    fn a_session_row_is_updated_by_its_id_and_a_row_changed_elsewhere_is_not() {
        let (dir, mut store) = temp_store();
        let mut j = Journal::default();
        j.sessions.insert(Arc::from("s1"), Some(session("a", 1)));
        store.commit(&j).unwrap();
        let other = Connection::open(dir.path().join("ocs.db")).unwrap();
        let rows = |c: &Connection| -> Vec<(i64, String, i64)> {
            let mut q = c
                .prepare("SELECT row, id, last_number FROM sessions ORDER BY row")
                .unwrap();
            q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let first = rows(&other);
        assert_eq!(first.len(), 1);
        j.sessions.insert(Arc::from("s1"), Some(session("a", 2)));
        store.commit(&j).unwrap();
        assert_eq!(
            rows(&other),
            [(first[0].0, "s1".into(), 2)],
            "updated in place"
        );
        // Another writer gives the row to another session: the commit
        // writes a row of its own rather than overwrite that one.
        other.execute_batch("UPDATE sessions SET id = 'x'").unwrap();
        j.sessions.insert(Arc::from("s1"), Some(session("a", 3)));
        store.commit(&j).unwrap();
        let after = rows(&other);
        assert_eq!(after.len(), 2);
        assert_eq!((after[0].1.as_str(), after[0].2), ("x", 2));
        assert_eq!((after[1].1.as_str(), after[1].2), ("s1", 3));
        // Two rows of one Session-Id: the newer is the session, and the
        // removal takes that one.
        other
            .execute_batch("UPDATE sessions SET id = 's1'")
            .unwrap();
        let mut reopened = Store::open(&dir.path().join("ocs.db"), Durability::Normal).unwrap();
        assert_eq!(
            reopened.sessions().unwrap(),
            [("s1".to_string(), session("a", 3))]
        );
        let mut gone = Journal::default();
        gone.sessions.insert(Arc::from("s1"), None);
        reopened.commit(&gone).unwrap();
        assert_eq!(rows(&other), [(after[0].0, "s1".into(), 2)]);
    }

    #[test]
    fn sessions_of_a_version_3_store_are_kept_by_the_migration_to_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ocs.db");
        {
            let conn = at_version(&path, 3);
            conn.execute(
                "INSERT INTO sessions (id, account, open, last_type, last_number, deadline, state)
                 VALUES ('s1', 'a', 1, 2, 4, 1700000000000, x'010203')",
                [],
            )
            .unwrap();
        }
        let mut store = Store::open(&path, Durability::Normal).unwrap();
        assert_eq!(
            store.sessions().unwrap(),
            [("s1".to_string(), session("a", 4))]
        );
        let mut j = Journal::default();
        j.sessions.insert(Arc::from("s1"), Some(session("a", 5)));
        store.commit(&j).unwrap();
        let mut again = Store::open(&path, Durability::Normal).unwrap();
        assert_eq!(
            again.sessions().unwrap(),
            [("s1".to_string(), session("a", 5))],
            "updated in its row, not written twice"
        );
    }
}
