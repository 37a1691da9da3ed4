//! The HSS's embedded store: subscribers, their APN configurations,
//! registrations (serving MMEs) and the change log the running HSS reads
//! to notify MMEs of what `diameter subscribers` changed. SQLite in WAL
//! mode; the HSS writes its state in one transaction per event-loop turn
//! ([`Store::apply`]).

use std::path::Path;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, OptionalExtension, Row, Rows};

use super::milenage::Block;
use super::profile::{Ambr, Apn, Arp, Profile};

pub use rusqlite::Error;

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

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS subscribers (
    imsi TEXT PRIMARY KEY, k BLOB NOT NULL, opc BLOB NOT NULL, op BLOB,
    amf BLOB NOT NULL, sqn INTEGER NOT NULL, roaming_allowed INTEGER NOT NULL,
    msisdn TEXT, status INTEGER NOT NULL, network_access_mode INTEGER NOT NULL,
    access_restriction INTEGER NOT NULL, ambr_ul INTEGER NOT NULL,
    ambr_dl INTEGER NOT NULL, default_context INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS apns (
    imsi TEXT NOT NULL, context_id INTEGER NOT NULL, name TEXT NOT NULL,
    pdn_type INTEGER NOT NULL, qci INTEGER NOT NULL, priority INTEGER NOT NULL,
    capability INTEGER NOT NULL, vulnerability INTEGER NOT NULL,
    ambr_ul INTEGER NOT NULL, ambr_dl INTEGER NOT NULL,
    PRIMARY KEY (imsi, context_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS registrations (
    imsi TEXT PRIMARY KEY, mme_host TEXT NOT NULL, mme_realm TEXT NOT NULL,
    purged INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, imsi TEXT NOT NULL, kind TEXT NOT NULL,
    contexts TEXT NOT NULL DEFAULT ''
);
";

/// A subscriber's columns (0–13), an APN configuration's (14–22, NULL when
/// it has none) and its registration's (23–25, NULL when unregistered): one
/// row per APN configuration.
macro_rules! serving_select {
    () => {
        "SELECT s.imsi, s.k, s.opc, s.op, s.amf, s.sqn, s.roaming_allowed, s.msisdn, \
         s.status, s.network_access_mode, s.access_restriction, s.ambr_ul, s.ambr_dl, \
         s.default_context, a.context_id, a.name, a.pdn_type, a.qci, a.priority, \
         a.capability, a.vulnerability, a.ambr_ul, a.ambr_dl, r.mme_host, r.mme_realm, \
         r.purged FROM subscribers s LEFT JOIN apns a ON a.imsi = s.imsi \
         LEFT JOIN registrations r ON r.imsi = s.imsi"
    };
}

/// Where an APN configuration's columns start in a `serving_select!` row.
const APN_COLUMN: usize = 14;
/// Where a registration's columns start in a `serving_select!` row.
const REGISTRATION_COLUMN: usize = 23;

const SUBSCRIBER_COLUMNS: &str = "imsi, k, opc, op, amf, sqn, roaming_allowed, msisdn, status, \
     network_access_mode, access_restriction, ambr_ul, ambr_dl, default_context";

/// A connection to the store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating it on first use) the store at `path`.
    ///
    /// # Errors
    /// The file cannot be opened or is not a store.
    pub fn open(path: &Path, durability: Durability) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", durability.sqlite_synchronous())?;
        conn.execute_batch(SCHEMA)?;
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
        let mut stmt = self.conn.prepare_cached(concat!(
            serving_select!(),
            " WHERE s.imsi = ?1 ORDER BY a.context_id"
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
            .prepare(concat!(serving_select!(), " ORDER BY s.imsi, a.context_id"))?;
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
        tx.commit()
    }

    /// Replaces a subscriber's data and logs the change for the HSS:
    /// `Update`, and `Remove` with the APN configurations that are gone.
    ///
    /// # Errors
    /// The store cannot be written.
    pub fn update(&mut self, s: &Subscriber) -> Result<()> {
        let before = self.subscriber(&s.imsi)?.map(|b| b.profile.apns);
        let before = before.unwrap_or_default();
        let tx = self.conn.transaction()?;
        put(&tx, s, "REPLACE")?;
        let removed: Vec<String> = (before.iter())
            .filter(|a| !s.profile.apns.iter().any(|b| b.context_id == a.context_id))
            .map(|a| a.context_id.to_string())
            .collect();
        if !removed.is_empty() {
            log(&tx, &s.imsi, "remove", &removed.join(","))?;
        }
        log(&tx, &s.imsi, "update", "")?;
        tx.commit()
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
        self.conn
            .prepare_cached(
                "SELECT imsi, mme_host, mme_realm, purged FROM registrations WHERE imsi = ?1",
            )?
            .query_row([imsi], registration_of)
            .optional()
    }

    /// Every registration not purged.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn registrations(&self) -> Result<Vec<Registration>> {
        let mut stmt = self.conn.prepare(
            "SELECT imsi, mme_host, mme_realm, purged FROM registrations WHERE purged = 0",
        )?;
        let rows = stmt.query_map([], registration_of)?;
        rows.collect()
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
                        sqn.execute(params![imsi, *value as i64])?;
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
        tx.commit()
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
            let kind = match kind.as_str() {
                "delete" => ChangeKind::Delete,
                "remove" => {
                    ChangeKind::Remove(contexts.split(',').filter_map(|c| c.parse().ok()).collect())
                }
                _ => ChangeKind::Update,
            };
            Ok(Change {
                id: r.get(0)?,
                imsi: r.get(1)?,
                kind,
            })
        })?;
        rows.collect()
    }

    /// The newest change log entry (0 when empty).
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn last_change(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM changes", [], |r| r.get(0))
    }

    /// Forgets the change log up to entry `upto`.
    ///
    /// # Errors
    /// The store cannot be written.
    pub fn trim_changes(&self, upto: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM changes WHERE id <= ?1", [upto])
            .map(|_| ())
    }

    /// A number that changes when another connection commits (SQLite's
    /// `data_version`): cheap to poll.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn data_version(&self) -> Result<i64> {
        self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))
    }
}

/// Writes a subscriber and its APN configurations with `verb` (INSERT or REPLACE).
fn put(tx: &rusqlite::Transaction<'_>, s: &Subscriber, verb: &str) -> Result<()> {
    let p = &s.profile;
    tx.execute(
        &format!(
            "{verb} INTO subscribers ({SUBSCRIBER_COLUMNS}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        ),
        params![
            s.imsi,
            s.k,
            s.opc,
            s.op,
            s.amf,
            s.sqn as i64,
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
    )
    .map(|_| ())
}

/// Calls `each` with the subscribers of `rows` (of `serving_select!`, ordered
/// by IMSI, then Context-Identifier), with their APN configurations and
/// registrations.
fn fold_serving(
    mut rows: Rows<'_>,
    mut each: impl FnMut(Subscriber, Option<Registration>),
) -> Result<()> {
    let mut current: Option<(Subscriber, Option<Registration>)> = None;
    while let Some(r) = rows.next()? {
        let imsi = r.get_ref(0)?.as_str()?;
        if current.as_ref().is_none_or(|(s, _)| s.imsi != imsi) {
            if let Some((s, reg)) = current.take() {
                each(s, reg);
            }
            let s = subscriber_of(r)?;
            let reg = joined_registration(r, &s.imsi)?;
            current = Some((s, reg));
        }
        if let (Some((s, _)), Some(_)) = (&mut current, r.get::<_, Option<u32>>(APN_COLUMN)?) {
            s.profile.apns.push(apn_of(r, APN_COLUMN)?);
        }
    }
    if let Some((s, reg)) = current {
        each(s, reg);
    }
    Ok(())
}

/// The APN configuration in the columns of `r` from `at` on.
fn apn_of(r: &Row<'_>, at: usize) -> Result<Apn> {
    Ok(Apn {
        context_id: r.get(at)?,
        name: r.get(at + 1)?,
        pdn_type: r.get(at + 2)?,
        qci: r.get(at + 3)?,
        arp: Arp {
            priority: r.get(at + 4)?,
            capability: r.get(at + 5)?,
            vulnerability: r.get(at + 6)?,
        },
        ambr: Ambr {
            ul: r.get(at + 7)?,
            dl: r.get(at + 8)?,
        },
    })
}

/// The registration of a `serving_select!` row, if any.
fn joined_registration(r: &Row<'_>, imsi: &str) -> Result<Option<Registration>> {
    let at = REGISTRATION_COLUMN;
    let Some(mme_host) = r.get::<_, Option<String>>(at)? else {
        return Ok(None);
    };
    Ok(Some(Registration {
        imsi: imsi.to_string(),
        mme_host,
        mme_realm: r.get(at + 1)?,
        purged: r.get(at + 2)?,
    }))
}

fn subscriber_of(r: &Row<'_>) -> Result<Subscriber> {
    let sqn: i64 = r.get(5)?;
    Ok(Subscriber {
        imsi: r.get(0)?,
        k: r.get(1)?,
        opc: r.get(2)?,
        op: r.get(3)?,
        amf: r.get(4)?,
        sqn: sqn as u64,
        roaming_allowed: r.get(6)?,
        profile: Profile {
            msisdn: r.get(7)?,
            status: r.get(8)?,
            network_access_mode: r.get(9)?,
            access_restriction: r.get(10)?,
            ambr: Ambr {
                ul: r.get(11)?,
                dl: r.get(12)?,
            },
            default_context: r.get(13)?,
            apns: Vec::new(),
        },
    })
}

fn registration_of(r: &Row<'_>) -> Result<Registration> {
    Ok(Registration {
        imsi: r.get(0)?,
        mme_host: r.get(1)?,
        mme_realm: r.get(2)?,
        purged: r.get(3)?,
    })
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
