//! The HSS's store: subscribers, their APN configurations, registrations
//! (serving MMEs) and the change log the running HSS reads to notify MMEs
//! of what `diameter subscribers` changed; one data model ([`schema`]) in
//! two databases:
//!
//! - [`Store`]: an embedded SQLite file in WAL mode, the default, for one
//!   HSS process, which writes its state in one transaction per
//!   event-loop turn ([`Store::apply`]);
//! - [`PgStore`]: a PostgreSQL database (or an engine speaking its
//!   protocol) shared by several HSS processes, each SQN and registration
//!   a transaction on the shared rows.

use std::path::Path;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{params, Connection};

use super::milenage::Block;
use super::profile::{Ambr, Apn, Arp, Profile};

mod columns;
pub mod postgres;
pub mod schema;

use columns::{registration_of, Fold, SERVING, SUBSCRIBER};
pub use postgres::PgStore;

pub use crate::gy::store::{Error, Location};

/// What the store's operations return.
pub type Result<T> = std::result::Result<T, Error>;

/// A subscriber: authentication data and subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// IMSI (the User-Name of S6a requests).
    pub imsi: String,
    /// The subscriber key K.
    pub k: Block,
    /// OPc, derived from OP when the operator gave OP.
    pub opc: Block,
    /// OP, when the operator gave it instead of OPc.
    pub op: Option<Block>,
    /// Authentication management field.
    pub amf: [u8; 2],
    /// The last sequence number used (SQN_HE, TS 33.102 §6.3.2).
    pub sqn: u64,
    /// Whether the subscriber may register from other PLMNs.
    pub roaming_allowed: bool,
    /// The subscription data.
    pub profile: Profile,
}

impl Subscriber {
    /// A subscriber with `k` and `opc`, AMF 8000, SQN 0, roaming allowed,
    /// a UE-AMBR of 100 Mbit/s both ways and one default APN, `internet`
    /// (QCI 9, ARP 8).
    pub fn new(imsi: &str, k: Block, opc: Block) -> Self {
        let ambr = Ambr {
            ul: 100_000_000,
            dl: 100_000_000,
        };
        Self {
            imsi: imsi.to_string(),
            k,
            opc,
            op: None,
            amf: [0x80, 0],
            sqn: 0,
            roaming_allowed: true,
            profile: Profile {
                network_access_mode: super::profile::ONLY_PACKET,
                ambr,
                default_context: 1,
                apns: vec![Apn {
                    context_id: 1,
                    name: "internet".into(),
                    pdn_type: super::profile::IPV4V6,
                    qci: 9,
                    arp: Arp {
                        priority: 8,
                        capability: super::profile::PRE_EMPTION_DISABLED,
                        vulnerability: super::profile::PRE_EMPTION_ENABLED,
                    },
                    ambr,
                }],
                ..Profile::default()
            },
        }
    }
}

/// Where a subscriber is registered (TS 29.272 §5.2.1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// IMSI.
    pub imsi: String,
    /// The serving MME's Origin-Host.
    pub mme_host: String,
    /// Its Origin-Realm.
    pub mme_realm: String,
    /// Whether the MME purged the UE (TS 29.272 §5.3.2.1).
    pub purged: bool,
}

/// A change of state the HSS writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// The subscriber's new SQN.
    Sqn {
        /// IMSI.
        imsi: String,
        /// SQN.
        sqn: u64,
    },
    /// A new or renewed registration.
    Register(Registration),
    /// The registration is gone (the subscriber was withdrawn).
    Forget {
        /// IMSI.
        imsi: String,
    },
}

/// What `diameter subscribers` changed, for the HSS to tell the serving MME.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// Subscription data changed: IDR (TS 29.272 §5.2.2.1).
    Update,
    /// APN configurations removed, by Context-Identifier: DSR (§5.2.2.2).
    Remove(Vec<u32>),
    /// The subscriber was deleted: CLR SUBSCRIPTION_WITHDRAWAL (§5.2.1.2).
    Delete,
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its position in the log.
    pub id: i64,
    /// The subscriber.
    pub imsi: String,
    /// What changed.
    pub kind: ChangeKind,
}

pub use crate::durability::Durability;

impl ChangeKind {
    /// The change a log entry of `kind` (`update`, `remove`, `delete`)
    /// records, with the Context-Identifiers `contexts` lists.
    fn parse(kind: &str, contexts: &str) -> Self {
        match kind {
            "delete" => ChangeKind::Delete,
            "remove" => {
                ChangeKind::Remove(contexts.split(',').filter_map(|c| c.parse().ok()).collect())
            }
            _ => ChangeKind::Update,
        }
    }
}

/// The Context-Identifiers of `before`'s APN configurations that `now`
/// no longer has, as the change log lists them.
fn removed_contexts(before: &[Apn], now: &Subscriber) -> String {
    let removed: Vec<String> = (before.iter())
        .filter(|a| {
            !now.profile
                .apns
                .iter()
                .any(|b| b.context_id == a.context_id)
        })
        .map(|a| a.context_id.to_string())
        .collect();
    removed.join(",")
}

/// A connection to an SQLite store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating or migrating it) the store at `path`.
    ///
    /// # Errors
    /// The file cannot be opened, is not a store, or its schema is newer
    /// than this program knows.
    pub fn open(path: &Path, durability: Durability) -> Result<Self> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", durability.sqlite_synchronous())?;
        let tx = conn.transaction()?;
        tx.execute_batch(schema::VERSION_TABLE)?;
        let found: i64 = tx.query_row(schema::CURRENT, [], |r| r.get(0))?;
        schema::migrate(found, schema::Dialect::Sqlite, |sql| {
            Ok(tx.execute_batch(sql)?)
        })?;
        tx.commit()?;
        // Plans independent of the bound values: with STAT4 compiled in,
        // SQLite would otherwise recompile some statements at every new
        // binding (half the cost of a subscriber's first load).
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        Ok(Self { conn })
    }

    /// The subscriber `imsi`.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn subscriber(&self, imsi: &str) -> Result<Option<Subscriber>> {
        Ok(self.serving(imsi)?.map(|(s, _)| s))
    }

    /// The subscriber `imsi` and where it is registered, in one query: what
    /// the HSS loads on a subscriber's first request.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn serving(&self, imsi: &str) -> Result<Option<(Subscriber, Option<Registration>)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SERVING} WHERE s.imsi = ?1 ORDER BY a.context_id"
        ))?;
        let mut found = None;
        fold_serving(stmt.query([imsi])?, |s, r| found = Some((s, r)))?;
        Ok(found)
    }

    /// Calls `each` with every subscriber and where it is registered, in
    /// IMSI order, from one query.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn for_each_serving(
        &self,
        each: impl FnMut(Subscriber, Option<Registration>),
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SERVING} ORDER BY s.imsi, a.context_id"))?;
        let rows = stmt.query([])?;
        fold_serving(rows, each)
    }

    /// Calls `each` with every subscriber, in IMSI order.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn for_each_subscriber(&self, mut each: impl FnMut(Subscriber)) -> Result<()> {
        self.for_each_serving(|s, _| each(s))
    }

    /// Adds subscribers; fails, adding none, if one exists already.
    ///
    /// # Errors
    /// An IMSI is taken, or the store cannot be written.
    pub fn insert(&mut self, subscribers: &[Subscriber]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for s in subscribers {
            put(&tx, s, "INSERT")?;
        }
        Ok(tx.commit()?)
    }

    /// Replaces a subscriber's data and logs the change for the HSS:
    /// `Update`, and `Remove` with the APN configurations that are gone.
    ///
    /// # Errors
    /// The store cannot be written.
    pub fn update(&mut self, s: &Subscriber) -> Result<()> {
        let before = self.subscriber(&s.imsi)?.map(|b| b.profile.apns);
        let removed = removed_contexts(&before.unwrap_or_default(), s);
        let tx = self.conn.transaction()?;
        put(&tx, s, "REPLACE")?;
        if !removed.is_empty() {
            log(&tx, &s.imsi, "remove", &removed)?;
        }
        log(&tx, &s.imsi, "update", "")?;
        Ok(tx.commit()?)
    }

    /// Deletes a subscriber and logs it for the HSS; whether it existed.
    ///
    /// # Errors
    /// The store cannot be written.
    pub fn delete(&mut self, imsi: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM apns WHERE imsi = ?1", [imsi])?;
        let n = tx.execute("DELETE FROM subscribers WHERE imsi = ?1", [imsi])?;
        if n > 0 {
            log(&tx, imsi, "delete", "")?;
        }
        tx.commit()?;
        Ok(n > 0)
    }

    /// Where `imsi` is registered.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn registration(&self, imsi: &str) -> Result<Option<Registration>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT imsi, mme_host, mme_realm, purged FROM registrations WHERE imsi = ?1",
        )?;
        let mut rows = stmt.query([imsi])?;
        rows.next()?.map(registration_of).transpose()
    }

    /// Every registration not purged.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn registrations(&self) -> Result<Vec<Registration>> {
        let mut stmt = self.conn.prepare(
            "SELECT imsi, mme_host, mme_realm, purged FROM registrations WHERE purged = 0",
        )?;
        let mut rows = stmt.query([])?;
        let mut all = Vec::new();
        while let Some(r) = rows.next()? {
            all.push(registration_of(r)?);
        }
        Ok(all)
    }

    /// Applies `writes` in one transaction.
    ///
    /// # Errors
    /// The store cannot be written; nothing is.
    pub fn apply(&mut self, writes: &[Write]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            // Each statement taken from the cache once per transaction.
            let mut sqn = tx.prepare_cached("UPDATE subscribers SET sqn = ?2 WHERE imsi = ?1")?;
            let mut register =
                tx.prepare_cached("REPLACE INTO registrations VALUES (?1, ?2, ?3, ?4)")?;
            let mut forget = tx.prepare_cached("DELETE FROM registrations WHERE imsi = ?1")?;
            for w in writes {
                match w {
                    Write::Sqn { imsi, sqn: value } => {
                        sqn.execute(params![imsi, stored_sqn(*value)?])?;
                    }
                    Write::Register(r) => {
                        register.execute(params![r.imsi, r.mme_host, r.mme_realm, r.purged])?;
                    }
                    Write::Forget { imsi } => {
                        forget.execute([imsi])?;
                    }
                }
            }
        }
        Ok(tx.commit()?)
    }

    /// The change log after entry `after`, oldest first.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn changes(&self, after: i64) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, imsi, kind, contexts FROM changes WHERE id > ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([after], |r| {
            let kind: String = r.get(2)?;
            let contexts: String = r.get(3)?;
            Ok(Change {
                id: r.get(0)?,
                imsi: r.get(1)?,
                kind: ChangeKind::parse(&kind, &contexts),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest change log entry (0 when empty).
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn last_change(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM changes", [], |r| r.get(0))?)
    }

    /// Forgets the change log up to entry `upto`.
    ///
    /// # Errors
    /// The store cannot be written.
    pub fn trim_changes(&self, upto: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM changes WHERE id <= ?1", [upto])?;
        Ok(())
    }

    /// A number that changes when another connection commits (SQLite's
    /// `data_version`): cheap to poll.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// An SQN as the store holds it (signed 64 bits; SQNs have 48).
fn stored_sqn(sqn: u64) -> Result<i64> {
    i64::try_from(sqn).map_err(|_| Error::OutOfRange(format!("SQN {sqn}")))
}

/// Writes a subscriber and its APN configurations with `verb` (INSERT or REPLACE).
fn put(tx: &rusqlite::Transaction<'_>, s: &Subscriber, verb: &str) -> Result<()> {
    let p = &s.profile;
    tx.execute(
        &format!(
            "{verb} INTO subscribers ({SUBSCRIBER}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        ),
        params![
            s.imsi,
            s.k,
            s.opc,
            s.op,
            s.amf,
            stored_sqn(s.sqn)?,
            s.roaming_allowed,
            p.msisdn,
            p.status,
            p.network_access_mode,
            p.access_restriction,
            p.ambr.ul,
            p.ambr.dl,
            p.default_context,
        ],
    )?;
    tx.execute("DELETE FROM apns WHERE imsi = ?1", [&s.imsi])?;
    for a in &p.apns {
        tx.prepare_cached("INSERT INTO apns VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?
            .execute(params![
                s.imsi,
                a.context_id,
                a.name,
                a.pdn_type,
                a.qci,
                a.arp.priority,
                a.arp.capability,
                a.arp.vulnerability,
                a.ambr.ul,
                a.ambr.dl,
            ])?;
    }
    Ok(())
}

fn log(tx: &rusqlite::Transaction<'_>, imsi: &str, kind: &str, contexts: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO changes (imsi, kind, contexts) VALUES (?1, ?2, ?3)",
        params![imsi, kind, contexts],
    )?;
    Ok(())
}

/// Calls `each` with the subscribers of `rows` (of [`SERVING`], ordered
/// by IMSI, then Context-Identifier), with their APN configurations and
/// registrations.
fn fold_serving(
    mut rows: rusqlite::Rows<'_>,
    mut each: impl FnMut(Subscriber, Option<Registration>),
) -> Result<()> {
    let mut fold = Fold::default();
    while let Some(r) = rows.next()? {
        fold.push(r, &mut each)?;
    }
    fold.finish(&mut each);
    Ok(())
}

/// An open store of either kind, for `diameter subscribers`.
#[derive(Debug)]
pub enum Db {
    /// An SQLite file.
    Sqlite(Store),
    /// A PostgreSQL database.
    Postgres(Box<PgStore>),
}

impl Db {
    /// Opens (creating and migrating it) the store `db` names: an SQLite
    /// file, or a PostgreSQL database by its URL ([`Location`]).
    ///
    /// # Errors
    /// It cannot be opened or reached, is not an HSS store, or its schema
    /// is newer than this program knows.
    pub fn open(db: &Path, durability: Durability) -> Result<Self> {
        Ok(match Location::of(db) {
            Location::Sqlite(path) => Db::Sqlite(Store::open(path, durability)?),
            Location::Postgres(url) => Db::Postgres(Box::new(PgStore::open(url)?)),
        })
    }

    /// See [`Store::subscriber`].
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn subscriber(&mut self, imsi: &str) -> Result<Option<Subscriber>> {
        match self {
            Db::Sqlite(s) => s.subscriber(imsi),
            Db::Postgres(s) => s.subscriber(imsi),
        }
    }

    /// See [`Store::registration`].
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn registration(&mut self, imsi: &str) -> Result<Option<Registration>> {
        match self {
            Db::Sqlite(s) => s.registration(imsi),
            Db::Postgres(s) => s.registration(imsi),
        }
    }

    /// See [`Store::for_each_subscriber`].
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn for_each_subscriber(&mut self, mut each: impl FnMut(Subscriber)) -> Result<()> {
        match self {
            Db::Sqlite(s) => s.for_each_subscriber(each),
            Db::Postgres(s) => s.for_each_serving(|sub, _| each(sub)),
        }
    }

    /// See [`Store::insert`].
    ///
    /// # Errors
    /// An IMSI is taken, or the store cannot be written.
    pub fn insert(&mut self, subscribers: &[Subscriber]) -> Result<()> {
        match self {
            Db::Sqlite(s) => s.insert(subscribers),
            Db::Postgres(s) => s.insert(subscribers),
        }
    }

    /// See [`Store::update`].
    ///
    /// # Errors
    /// The store cannot be written.
    pub fn update(&mut self, subscriber: &Subscriber) -> Result<()> {
        match self {
            Db::Sqlite(s) => s.update(subscriber),
            Db::Postgres(s) => s.update(subscriber),
        }
    }

    /// See [`Store::delete`].
    ///
    /// # Errors
    /// The store cannot be written.
    pub fn delete(&mut self, imsi: &str) -> Result<bool> {
        match self {
            Db::Sqlite(s) => s.delete(imsi),
            Db::Postgres(s) => s.delete(imsi),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::s6a::profile::tests::sample;

    /// A fresh store file under the temporary directory.
    pub(crate) fn temp_db(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("s6a-unit-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("hss.db")
    }

    pub(crate) fn subscriber(imsi: &str) -> Subscriber {
        Subscriber {
            imsi: imsi.into(),
            k: [1; 16],
            opc: [2; 16],
            op: None,
            amf: [0x80, 0],
            sqn: 32,
            roaming_allowed: true,
            profile: sample(),
        }
    }

    #[test]
    fn subscribers_round_trip_and_changes_are_logged() {
        let path = temp_db("round-trip");
        let mut store = Store::open(&path, Durability::Normal).unwrap();
        let s = subscriber("001010000000001");
        store.insert(std::slice::from_ref(&s)).unwrap();
        assert!(store.insert(std::slice::from_ref(&s)).is_err(), "duplicate");
        assert_eq!(store.subscriber(&s.imsi).unwrap(), Some(s.clone()));
        assert_eq!(store.subscriber("001010000000002").unwrap(), None);

        let mut changed = s.clone();
        changed.profile.apns.truncate(1);
        changed.profile.msisdn = None;
        store.update(&changed).unwrap();
        assert_eq!(store.subscriber(&s.imsi).unwrap(), Some(changed));
        assert!(store.delete(&s.imsi).unwrap());
        assert!(!store.delete(&s.imsi).unwrap());
        let kinds: Vec<ChangeKind> = store
            .changes(0)
            .unwrap()
            .into_iter()
            .map(|c| c.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                ChangeKind::Remove(vec![2]),
                ChangeKind::Update,
                ChangeKind::Delete
            ]
        );
        assert_eq!(store.last_change().unwrap(), 3);
        assert_eq!(store.changes(2).unwrap().len(), 1);
        store.trim_changes(3).unwrap();
        assert!(store.changes(0).unwrap().is_empty());
    }

    #[test]
    fn serving_joins_apns_and_registration() {
        let path = temp_db("serving");
        let mut store = Store::open(&path, Durability::Normal).unwrap();
        let two_apns = subscriber("001010000000001");
        let mut no_apn = subscriber("001010000000002");
        no_apn.profile.apns.clear();
        let mut one_apn = subscriber("001010000000003");
        one_apn.profile.apns.remove(0);
        // Inserted out of order: the scan still yields IMSI order.
        store
            .insert(&[one_apn.clone(), two_apns.clone(), no_apn.clone()])
            .unwrap();
        let reg = Registration {
            imsi: two_apns.imsi.clone(),
            mme_host: "mme1".into(),
            mme_realm: "r".into(),
            purged: true,
        };
        store.apply(&[Write::Register(reg.clone())]).unwrap();

        let expected = [(two_apns, Some(reg)), (no_apn, None), (one_apn, None)];
        let mut all = Vec::new();
        store.for_each_serving(|s, r| all.push((s, r))).unwrap();
        assert_eq!(all, expected);
        for e in &expected {
            assert_eq!(store.serving(&e.0.imsi).unwrap().as_ref(), Some(e));
        }
        assert_eq!(store.serving("001010000000004").unwrap(), None);
        let mut imsis = Vec::new();
        store.for_each_subscriber(|s| imsis.push(s.imsi)).unwrap();
        assert_eq!(
            imsis,
            ["001010000000001", "001010000000002", "001010000000003"]
        );
    }

    #[test]
    fn writes_apply_together_and_other_connections_see_them() {
        let path = temp_db("writes");
        let mut hss = Store::open(&path, Durability::Full).unwrap();
        let mut cli = Store::open(&path, Durability::Full).unwrap();
        cli.insert(&[subscriber("001010000000001")]).unwrap();
        let v0 = hss.data_version().unwrap();
        let reg = Registration {
            imsi: "001010000000001".into(),
            mme_host: "mme1".into(),
            mme_realm: "r".into(),
            purged: false,
        };
        hss.apply(&[
            Write::Sqn {
                imsi: reg.imsi.clone(),
                sqn: 1000,
            },
            Write::Register(reg.clone()),
        ])
        .unwrap();
        assert_eq!(cli.subscriber(&reg.imsi).unwrap().unwrap().sqn, 1000);
        assert_eq!(cli.registration(&reg.imsi).unwrap(), Some(reg.clone()));
        assert_eq!(hss.registrations().unwrap(), vec![reg.clone()]);
        assert_eq!(hss.data_version().unwrap(), v0, "own commits");
        cli.delete(&reg.imsi).unwrap();
        assert_ne!(hss.data_version().unwrap(), v0, "another connection's");
        hss.apply(&[Write::Forget {
            imsi: reg.imsi.clone(),
        }])
        .unwrap();
        assert_eq!(hss.registration(&reg.imsi).unwrap(), None);
    }
}
