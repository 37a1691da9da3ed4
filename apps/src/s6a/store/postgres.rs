//! The HSS store in a PostgreSQL database, shared by any number of HSS
//! processes.
//!
//! The tables are [`schema`]'s. A batch of requests is one transaction at
//! READ COMMITTED over the subscriber rows locked first with `SELECT … FOR
//! UPDATE`, in IMSI order ([`Batch::lock`]): what a node decides from them
//! (the next SQN, the serving MME) no other node can change until it
//! commits, so two nodes never issue the same SQN (TS 33.102 §6.3.2). A
//! transaction that fails with a serialization failure (SQLSTATE 40001,
//! which CockroachDB, serializable only, returns for any conflict) or a
//! deadlock (40P01) runs again from its start ([`PgStore::transact`]).
//! The change log is claimed by deleting its entries (each goes to one
//! node), so nothing relies on advisory locks, LISTEN/NOTIFY or gap-free
//! sequences: the same statements run on the engines speaking
//! PostgreSQL's protocol.

use std::collections::HashMap;
use std::fmt;

use postgres::types::ToSql;
use postgres::{Client, Statement, Transaction};

use crate::pg::{Connection, Prepared};

use super::columns::{registration_of, Fold, SERVING, SERVING_EACH, SUBSCRIBER};
use super::schema::{self, Dialect};
use super::{
    removed_contexts, stored_sqn, Change, ChangeKind, Registration, Result, Subscriber, Write,
};

/// Most change log entries one node claims at a time.
const CLAIM: i64 = 256;

/// The prepared statements.
#[derive(Clone)]
struct Statements {
    /// `$1` an IMSI.
    serving: Statement,
    all: Statement,
    /// `$1` the IMSIs to lock.
    lock: Statement,
    /// `$1` an IMSI.
    registration: Statement,
    registrations: Statement,
    /// The subscriber columns, in order.
    insert: Statement,
    upsert: Statement,
    /// `$1` IMSI, then the APN columns.
    apn: Statement,
    /// `$1` IMSI.
    delete_apns: Statement,
    delete: Statement,
    /// `$1` IMSI, `$2` kind, `$3` contexts.
    log: Statement,
    /// Arrays: IMSIs and their SQNs, then IMSIs, hosts, realms and
    /// purged flags of registrations.
    write: Statement,
    /// `$1` the IMSIs.
    forget: Statement,
    claim: Statement,
}

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
    pub fn open(url: &str) -> Result<Self> {
        Ok(PgStore {
            db: Connection::open(url)?,
        })
    }

    /// Runs `f` in one transaction and commits it; runs it again from the
    /// start after a serialization failure or deadlock, so `f` must start
    /// afresh whatever it keeps outside the database.
    ///
    /// # Errors
    /// `f`'s error, or the commit's; the transaction is then rolled back.
    pub fn transact<T>(&mut self, mut f: impl FnMut(&mut Batch<'_, '_>) -> Result<T>) -> Result<T> {
        self.db.transact(|tx, sql| f(&mut Batch { tx, sql }))
    }

    /// The subscriber `imsi`.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn subscriber(&mut self, imsi: &str) -> Result<Option<Subscriber>> {
        Ok(self.serving(imsi)?.map(|(s, _)| s))
    }

    /// The subscriber `imsi` and where it is registered.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn serving(&mut self, imsi: &str) -> Result<Option<(Subscriber, Option<Registration>)>> {
        let rows = self.db.client.query(&self.db.sql.serving, &[&imsi])?;
        Ok(fold(&rows)?.pop())
    }

    /// Calls `each` with every subscriber and where it is registered, in
    /// IMSI order.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn for_each_serving(
        &mut self,
        mut each: impl FnMut(Subscriber, Option<Registration>),
    ) -> Result<()> {
        let rows = self.db.client.query(&self.db.sql.all, &[])?;
        for (s, r) in fold(&rows)? {
            each(s, r);
        }
        Ok(())
    }

    /// Adds subscribers; fails, adding none, if one exists already.
    ///
    /// # Errors
    /// An IMSI is taken, or the database cannot be written.
    pub fn insert(&mut self, subscribers: &[Subscriber]) -> Result<()> {
        self.transact(|b| {
            for s in subscribers {
                b.put(s, false)?;
            }
            Ok(())
        })
    }

    /// Replaces a subscriber's data and logs the change for the HSS
    /// nodes (`Update`, and `Remove` with the APN configurations gone).
    /// Its SQN only rises: an HSS node may have issued past it meanwhile.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn update(&mut self, s: &Subscriber) -> Result<()> {
        self.transact(|b| {
            let before = b.lock(&[&s.imsi])?.pop().map(|(b, _)| b.profile.apns);
            let removed = removed_contexts(&before.unwrap_or_default(), s);
            b.put(s, true)?;
            if !removed.is_empty() {
                b.tx.execute(&b.sql.log, &[&s.imsi, &"remove", &removed])?;
            }
            b.tx.execute(&b.sql.log, &[&s.imsi, &"update", &""])?;
            Ok(())
        })
    }

    /// Deletes a subscriber and logs it for the HSS nodes; whether it
    /// existed.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn delete(&mut self, imsi: &str) -> Result<bool> {
        self.transact(|b| {
            b.tx.execute(&b.sql.delete_apns, &[&imsi])?;
            let n = b.tx.execute(&b.sql.delete, &[&imsi])?;
            if n > 0 {
                b.tx.execute(&b.sql.log, &[&imsi, &"delete", &""])?;
            }
            Ok(n > 0)
        })
    }

    /// Where `imsi` is registered.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn registration(&mut self, imsi: &str) -> Result<Option<Registration>> {
        let rows = self.db.client.query(&self.db.sql.registration, &[&imsi])?;
        rows.first().map(registration_of).transpose()
    }

    /// Every registration not purged.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn registrations(&mut self) -> Result<Vec<Registration>> {
        let rows = self.db.client.query(&self.db.sql.registrations, &[])?;
        rows.iter().map(registration_of).collect()
    }

    /// Takes up to 256 entries of the change log, oldest first, removing
    /// them: each entry goes to the one node that claimed it.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn claim_changes(&mut self) -> Result<Vec<Change>> {
        let mut changes = self.transact(|b| {
            let rows = b.tx.query(&b.sql.claim, &[&CLAIM])?;
            let mut changes = Vec::with_capacity(rows.len());
            for r in &rows {
                let kind: String = r.try_get(2)?;
                let contexts: String = r.try_get(3)?;
                changes.push(Change {
                    id: r.try_get(0)?,
                    imsi: r.try_get(1)?,
                    kind: ChangeKind::parse(&kind, &contexts),
                });
            }
            Ok(changes)
        })?;
        changes.sort_unstable_by_key(|c| c.id);
        Ok(changes)
    }
}

impl Batch<'_, '_> {
    /// Locks the subscribers `imsis` that exist until the transaction
    /// ends, and returns them with their registrations as they are now.
    ///
    /// # Errors
    /// The database cannot be read.
    pub fn lock(&mut self, imsis: &[&str]) -> Result<Vec<(Subscriber, Option<Registration>)>> {
        let rows = self.tx.query(&self.sql.lock, &[&imsis])?;
        fold(&rows)
    }

    /// Writes `writes`: each subscriber's last SQN and its last
    /// registration in one statement whatever their number (a round trip
    /// less per batch), the removals of registrations in another.
    ///
    /// # Errors
    /// The database cannot be written.
    pub fn apply(&mut self, writes: &[Write]) -> Result<()> {
        let mut sqns: HashMap<&str, i64> = HashMap::new();
        let mut registrations: HashMap<&str, &Registration> = HashMap::new();
        let mut forgotten: Vec<&str> = Vec::new();
        for w in writes {
            match w {
                Write::Sqn { imsi, sqn } => {
                    sqns.insert(imsi, stored_sqn(*sqn)?);
                }
                Write::Register(r) => {
                    registrations.insert(&r.imsi, r);
                }
                Write::Forget { imsi } => forgotten.push(imsi),
            }
        }
        if !sqns.is_empty() || !registrations.is_empty() {
            let (subscribers, values): (Vec<&str>, Vec<i64>) = sqns.into_iter().unzip();
            let regs: Vec<&Registration> = registrations.into_values().collect();
            let imsis: Vec<&str> = regs.iter().map(|r| r.imsi.as_str()).collect();
            let hosts: Vec<&str> = regs.iter().map(|r| r.mme_host.as_str()).collect();
            let realms: Vec<&str> = regs.iter().map(|r| r.mme_realm.as_str()).collect();
            let purged: Vec<bool> = regs.iter().map(|r| r.purged).collect();
            let params: [&(dyn ToSql + Sync); 6] =
                [&subscribers, &values, &imsis, &hosts, &realms, &purged];
            self.tx.execute(&self.sql.write, &params)?;
        }
        if !forgotten.is_empty() {
            self.tx.execute(&self.sql.forget, &[&forgotten])?;
        }
        Ok(())
    }

    /// Writes a subscriber and its APN configurations; `replace` when it
    /// may exist already.
    fn put(&mut self, s: &Subscriber, replace: bool) -> Result<()> {
        let p = &s.profile;
        let sqn = stored_sqn(s.sqn)?;
        let numbers = [
            i64::from(p.status),
            i64::from(p.network_access_mode),
            i64::from(p.access_restriction),
            i64::from(p.ambr.ul),
            i64::from(p.ambr.dl),
            i64::from(p.default_context),
        ];
        let (k, opc, amf) = (&s.k[..], &s.opc[..], &s.amf[..]);
        let op = s.op.as_ref().map(|o| &o[..]);
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![
            &s.imsi,
            &k,
            &opc,
            &op,
            &amf,
            &sqn,
            &s.roaming_allowed,
            &p.msisdn,
        ];
        params.extend(numbers.iter().map(|n| n as &(dyn ToSql + Sync)));
        let statement = if replace {
            &self.sql.upsert
        } else {
            &self.sql.insert
        };
        self.tx.execute(statement, &params)?;
        self.tx.execute(&self.sql.delete_apns, &[&s.imsi])?;
        for a in &p.apns {
            let columns = [
                i64::from(a.context_id),
                i64::from(a.pdn_type),
                i64::from(a.qci),
                i64::from(a.arp.priority),
                i64::from(a.arp.capability),
                i64::from(a.arp.vulnerability),
                i64::from(a.ambr.ul),
                i64::from(a.ambr.dl),
            ];
            let [id, rest @ ..] = &columns;
            let mut params: Vec<&(dyn ToSql + Sync)> = vec![&s.imsi, id, &a.name];
            params.extend(rest.iter().map(|n| n as &(dyn ToSql + Sync)));
            self.tx.execute(&self.sql.apn, &params)?;
        }
        Ok(())
    }
}

/// The subscribers of `rows` of [`SERVING`], in their order.
fn fold(rows: &[postgres::Row]) -> Result<Vec<(Subscriber, Option<Registration>)>> {
    let mut all = Vec::new();
    let mut each = |s, r| all.push((s, r));
    let mut fold = Fold::default();
    for r in rows {
        fold.push(r, &mut each)?;
    }
    fold.finish(&mut each);
    Ok(all)
}

impl Prepared for Statements {
    fn migrate(client: &mut Client) -> Result<()> {
        migrate(client)
    }

    fn prepare(client: &mut Client) -> Result<Self> {
        let values: Vec<String> = (1..=14).map(|i| format!("${i}")).collect();
        let insert = format!(
            "INSERT INTO subscribers ({SUBSCRIBER}) VALUES ({})",
            values.join(", ")
        );
        let updated: Vec<String> = (SUBSCRIBER.split(", ").skip(1))
            .map(|c| match c {
                "sqn" => "sqn = greatest(subscribers.sqn, excluded.sqn)".to_string(),
                c => format!("{c} = excluded.{c}"),
            })
            .collect();
        let registration = "SELECT imsi, mme_host, mme_realm, purged FROM registrations";
        let c = client;
        let sql = Statements {
            serving: c.prepare(&format!(
                "{SERVING_EACH} WHERE s.imsi = $1 ORDER BY a.context_id"
            ))?,
            all: c.prepare(&format!("{SERVING} ORDER BY s.imsi, a.context_id"))?,
            lock: c.prepare(&format!(
                "{SERVING_EACH} WHERE s.imsi = ANY($1) ORDER BY s.imsi, a.context_id FOR UPDATE OF s"
            ))?,
            registration: c.prepare(&format!("{registration} WHERE imsi = $1"))?,
            registrations: c.prepare(&format!("{registration} WHERE NOT purged"))?,
            upsert: c.prepare(&format!(
                "{insert} ON CONFLICT (imsi) DO UPDATE SET {}",
                updated.join(", ")
            ))?,
            insert: c.prepare(&insert)?,
            apn: c.prepare(
                "INSERT INTO apns (imsi, context_id, name, pdn_type, qci, priority, capability, \
             vulnerability, ambr_ul, ambr_dl) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )?,
            delete_apns: c.prepare("DELETE FROM apns WHERE imsi = $1")?,
            delete: c.prepare("DELETE FROM subscribers WHERE imsi = $1")?,
            log: c.prepare("INSERT INTO changes (imsi, kind, contexts) VALUES ($1, $2, $3)")?,
            write: c.prepare(
                "WITH sqns AS (UPDATE subscribers AS s SET sqn = d.sqn \
             FROM unnest($1::TEXT[], $2::BIGINT[]) AS d(imsi, sqn) \
             WHERE s.imsi = d.imsi AND s.imsi = ANY($1) \
             RETURNING s.imsi), \
             regs AS (INSERT INTO registrations (imsi, mme_host, mme_realm, purged) \
             SELECT * FROM unnest($3::TEXT[], $4::TEXT[], $5::TEXT[], $6::BOOLEAN[]) \
             ON CONFLICT (imsi) DO UPDATE SET mme_host = excluded.mme_host, \
             mme_realm = excluded.mme_realm, purged = excluded.purged RETURNING imsi) \
             SELECT (SELECT count(*) FROM sqns), (SELECT count(*) FROM regs)",
            )?,
            forget: c.prepare("DELETE FROM registrations WHERE imsi = ANY($1)")?,
            claim: c.prepare(
                "DELETE FROM changes WHERE id = ANY(ARRAY(SELECT id FROM changes ORDER BY id LIMIT $1)) \
             RETURNING id, imsi, kind, contexts",
            )?,
        };
        Ok(sql)
    }
}

/// Runs the migrations the database lacks, in one transaction.
fn migrate(client: &mut Client) -> Result<()> {
    client.batch_execute(schema::VERSION_TABLE)?;
    let mut tx = client.transaction()?;
    let found: i64 = tx.query_one(schema::CURRENT, &[])?.try_get(0)?;
    schema::migrate(found, Dialect::Postgres, |sql| Ok(tx.batch_execute(sql)?))?;
    tx.commit()?;
    Ok(())
}
