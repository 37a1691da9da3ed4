//! The charging state: accounts, credit-control sessions and their
//! reservations, and the rules of RFC 4006 §5–§7 that change them.
//!
//! The ledger is plain data: it decides every answer and records each
//! change to an account as a delta in a [`Journal`], which the caller
//! commits to the store before the answer leaves (see [`super::ocs`]).
//! Deltas add up in any order, so journals committed by several threads
//! give the same balances whatever the order of their commits.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diameter_core::dict::result_code as rc;
use serde::Serialize;

use super::ccr::{Action, Ccr, RequestType, ServiceRequest};
use super::units::{ServiceKey, Unit};

/// One unit's balance in an account. Always `provisioned = balance + debited`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// Everything ever credited (provisioning, top-ups).
    pub provisioned: i64,
    /// What is left: provisioned minus net debits.
    pub balance: i64,
    /// Held by open sessions' grants (RFC 4006 §5.1.2 "reserve units").
    pub reserved: i64,
    /// Net debits: used units minus refunds.
    pub debited: i64,
}

impl Bucket {
    /// A bucket provisioned with `amount`.
    pub fn with(amount: u64) -> Self {
        let amount = clamp(amount);
        Bucket {
            provisioned: amount,
            balance: amount,
            reserved: 0,
            debited: 0,
        }
    }

    /// What can still be granted: balance not reserved.
    pub fn free(&self) -> u64 {
        u64::try_from(self.balance - self.reserved).unwrap_or(0)
    }
}

/// A subscriber's account: one bucket per [`Unit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The Subscription-Id data (or User-Name) that names it.
    #[serde(serialize_with = "as_str")]
    pub subscriber: Arc<str>,
    /// Octets, seconds and service-specific units, by [`Unit::index`].
    pub buckets: [Bucket; 3],
    /// The last [`Credit`] this copy of the account includes.
    #[serde(skip)]
    pub credits_seen: i64,
}

/// A credit made in the store while the OCS runs (a top-up, a new
/// balance): the change to apply to the account's copy in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// Its order: credits are applied once each, in this order.
    pub id: i64,
    /// Whose account.
    pub subscriber: String,
    /// Added to provisioned and balance: octets, seconds, units.
    pub amounts: [i64; 3],
}

impl Account {
    /// A new account with the given amounts.
    pub fn new(subscriber: &str, octets: u64, seconds: u64, units: u64) -> Self {
        Account {
            subscriber: subscriber.into(),
            buckets: [
                Bucket::with(octets),
                Bucket::with(seconds),
                Bucket::with(units),
            ],
            credits_seen: 0,
        }
    }

    /// The bucket of `unit`.
    pub fn bucket(&self, unit: Unit) -> &Bucket {
        &self.buckets[unit.index()]
    }
}

/// A change to one bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BucketDelta {
    /// Added to the balance.
    pub balance: i64,
    /// Added to the reservation.
    pub reserved: i64,
    /// Added to the net debits.
    pub debited: i64,
}

/// The account changes of one batch of requests, to commit in one transaction.
#[derive(Debug, Default)]
pub struct Journal {
    /// Accounts created (auto-provisioning), with their initial buckets.
    pub created: Vec<Account>,
    /// Deltas per account, by subscriber.
    pub changes: HashMap<Arc<str>, [BucketDelta; 3]>,
}

impl Journal {
    /// Whether there is nothing to commit.
    pub fn is_empty(&self) -> bool {
        self.created.is_empty() && self.changes.is_empty()
    }

    /// Forgets everything (after a commit), keeping the memory.
    pub fn clear(&mut self) {
        self.created.clear();
        self.changes.clear();
    }

    fn record(&mut self, subscriber: &Arc<str>, unit: Unit, d: BucketDelta) {
        let deltas = match self.changes.get_mut(subscriber) {
            Some(deltas) => deltas,
            None => self
                .changes
                .entry(Arc::clone(subscriber))
                .or_insert([BucketDelta::default(); 3]),
        };
        let slot = &mut deltas[unit.index()];
        slot.balance += d.balance;
        slot.reserved += d.reserved;
        slot.debited += d.debited;
    }
}

/// Prices for PRICE_ENQUIRY (RFC 4006 §6.1): one cent per so many units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tariff {
    /// ISO 4217 numeric currency code (RFC 4006 §8.11); 978 is the euro.
    pub currency: u32,
    /// Units per cent, by bucket: octets, seconds, service-specific units.
    pub octets_per_cent: u64,
    /// Seconds per cent.
    pub seconds_per_cent: u64,
    /// Service-specific units per cent.
    pub units_per_cent: u64,
}

impl Default for Tariff {
    fn default() -> Self {
        Tariff {
            currency: 978,
            octets_per_cent: 1 << 20,
            seconds_per_cent: 60,
            units_per_cent: 1,
        }
    }
}

impl Tariff {
    /// The price of `amount` of `unit`, in cents (rounded up).
    pub fn cents(&self, unit: Unit, amount: u64) -> i64 {
        let per = match unit {
            Unit::Octets => self.octets_per_cent,
            Unit::Time => self.seconds_per_cent,
            Unit::Units => self.units_per_cent,
        }
        .max(1);
        clamp(amount.div_ceil(per))
    }
}

/// How the ledger grants and supervises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Largest grant per request, by bucket.
    pub grant: [u64; 3],
    /// What an empty Requested-Service-Unit is granted in.
    pub default_unit: Unit,
    /// Validity-Time put on each grant (RFC 4006 §8.33); none when 0.
    pub validity_time: u32,
    /// The session supervision timer Tcc (RFC 4006 §13).
    pub tcc: Duration,
    /// How long a closed session's last answer is kept for duplicates.
    pub duplicate_window: Duration,
    /// Unknown subscribers are created with this many octets when set.
    pub auto_provision: Option<u64>,
    /// Prices for PRICE_ENQUIRY.
    pub tariff: Tariff,
}

/// A grant: Granted-Service-Unit, possibly the final one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// What is granted.
    pub unit: Unit,
    /// How much.
    pub amount: u64,
    /// Whether these are the final units: Final-Unit-Indication with
    /// Final-Unit-Action TERMINATE (RFC 4006 §5.6.1).
    pub final_units: bool,
}

/// What the answer says of one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ServiceOutcome {
    /// Which service.
    pub key: ServiceKey,
    /// Its Result-Code.
    pub result: u32,
    /// Its grant.
    pub grant: Option<Grant>,
}

/// Cost-Information (RFC 4006 §8.7): `cents / 100` in `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cost {
    /// The amount in cents (Unit-Value with Exponent -2).
    pub cents: i64,
    /// Currency-Code.
    pub currency: u32,
}

/// What a CCA says: everything needed to write it (again, for a duplicate).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The top-level Result-Code.
    pub result: u32,
    /// Per-service results and grants, in request order.
    pub services: Vec<ServiceOutcome>,
    /// Check-Balance-Result: `Some(true)` for ENOUGH_CREDIT.
    pub enough_credit: Option<bool>,
    /// Cost-Information, for PRICE_ENQUIRY.
    pub cost: Option<Cost>,
}

impl Outcome {
    fn reset(&mut self, result: u32) {
        self.result = result;
        self.services.clear();
        self.enough_credit = None;
        self.cost = None;
    }
}

/// Units held for one service of a session.
#[derive(Debug, Clone, Copy)]
struct Reservation {
    key: ServiceKey,
    unit: Unit,
    amount: u64,
}

/// A credit-control session in the server (RFC 4006 §7, "SERVER, SESSION
/// AND EVENT BASED"): Open while it holds its Tcc timer, then kept closed
/// for the duplicate window with its last answer.
#[derive(Debug)]
struct Session {
    account: Arc<str>,
    open: bool,
    last_type: RequestType,
    last_number: u32,
    reservations: Vec<Reservation>,
    deadline: Instant,
    last: Outcome,
}

/// Accounts and sessions, and the charging rules.
#[derive(Debug)]
pub struct Ledger {
    accounts: HashMap<Arc<str>, Account>,
    sessions: HashMap<Box<str>, Session>,
    policy: Policy,
    scratch: Outcome,
}

/// Where the ledger finds an account it does not hold yet (the store).
pub type Loader<'l> = dyn FnMut(&str) -> Option<Account> + 'l;

impl Ledger {
    /// An empty ledger.
    pub fn new(policy: Policy) -> Self {
        Ledger {
            accounts: HashMap::new(),
            sessions: HashMap::new(),
            policy,
            scratch: Outcome::default(),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The account of `subscriber`, if loaded.
    pub fn account(&self, subscriber: &str) -> Option<&Account> {
        self.accounts.get(subscriber)
    }

    /// Sessions in the Open state.
    pub fn open_sessions(&self) -> usize {
        self.sessions.values().filter(|s| s.open).count()
    }

    /// Handles one CCR: decides its answer, changes the accounts and
    /// sessions, and records the changes in `journal`. `load` fetches
    /// accounts not yet in memory.
    pub fn credit_control(
        &mut self,
        ccr: &Ccr<'_>,
        now: Instant,
        journal: &mut Journal,
        load: &mut Loader<'_>,
    ) -> &Outcome {
        if let Some(s) = self.sessions.get(ccr.session_id) {
            let duplicate = ccr.retransmit
                && s.last_number == ccr.number
                && Some(s.last_type) == ccr.request_type;
            if duplicate {
                // RFC 4006 §5.1.2 / RFC 6733 §5.5.4: answered again, charged once.
                return &self.sessions[ccr.session_id].last;
            }
        }
        let handled = match ccr.request_type {
            Some(RequestType::Initial) => self.initial(ccr, now, journal, load),
            Some(RequestType::Update) => self.update(ccr, now, journal, false),
            Some(RequestType::Termination) => self.update(ccr, now, journal, true),
            Some(RequestType::Event) => self.event(ccr, now, journal, load),
            None => {
                self.scratch.reset(rc::DIAMETER_INVALID_AVP_VALUE);
                false
            }
        };
        if handled {
            if let Some(s) = self.sessions.get(ccr.session_id) {
                return &s.last;
            }
        }
        &self.scratch
    }

    /// Finds the account of the first identity known here or in the
    /// store, else creates one when auto-provisioning.
    fn resolve(
        &mut self,
        ccr: &Ccr<'_>,
        journal: &mut Journal,
        load: &mut Loader<'_>,
    ) -> Option<Arc<str>> {
        for id in ccr.subscriber_ids() {
            if let Some((key, _)) = self.accounts.get_key_value(id) {
                return Some(Arc::clone(key));
            }
            if let Some(account) = load(id) {
                let key = Arc::clone(&account.subscriber);
                self.accounts.insert(Arc::clone(&key), account);
                return Some(key);
            }
        }
        let octets = self.policy.auto_provision?;
        let account = Account::new(ccr.subscriber_ids().next()?, octets, 0, 0);
        let key = Arc::clone(&account.subscriber);
        journal.created.push(account.clone());
        self.accounts.insert(Arc::clone(&key), account);
        Some(key)
    }

    /// CCR-Initial: reserve for every service that asks (RFC 4006 §5.1.1).
    fn initial(
        &mut self,
        ccr: &Ccr<'_>,
        now: Instant,
        journal: &mut Journal,
        load: &mut Loader<'_>,
    ) -> bool {
        if self.sessions.get(ccr.session_id).is_some_and(|s| s.open) {
            self.scratch.reset(rc::DIAMETER_UNABLE_TO_COMPLY);
            return false;
        }
        let Some(account) = self.resolve(ccr, journal, load) else {
            self.scratch.reset(rc::DIAMETER_USER_UNKNOWN);
            return false;
        };
        let mut out = std::mem::take(&mut self.scratch);
        out.reset(rc::DIAMETER_SUCCESS);
        let mut reservations = Vec::new();
        for s in &ccr.services {
            let svc = self.reserve(&account, s, None, journal, &mut reservations);
            out.services.push(svc);
        }
        out.result = top_result(ccr, &out.services);
        if out.result != rc::DIAMETER_SUCCESS {
            // Not successfully processed: stays Idle, nothing held.
            self.release(&account, &mut reservations, journal);
            self.scratch = out;
            return false;
        }
        let session = Session {
            account,
            open: true,
            last_type: RequestType::Initial,
            last_number: ccr.number,
            reservations,
            deadline: now + self.policy.tcc,
            last: out,
        };
        self.sessions.insert(ccr.session_id.into(), session);
        true
    }

    /// CCR-Update and CCR-Termination: debit what was used, release what
    /// it was granted from, grant again (RFC 4006 §5.1.2, §5.1.3, §7).
    fn update(&mut self, ccr: &Ccr<'_>, now: Instant, journal: &mut Journal, last: bool) -> bool {
        let Some((id, mut session)) = self.sessions.remove_entry(ccr.session_id) else {
            self.scratch.reset(rc::DIAMETER_UNKNOWN_SESSION_ID);
            return false;
        };
        if !session.open || ccr.number != session.last_number.wrapping_add(1) {
            self.sessions.insert(id, session);
            self.scratch.reset(rc::DIAMETER_UNKNOWN_SESSION_ID);
            return false;
        }
        let account = Arc::clone(&session.account);
        let mut out = std::mem::take(&mut session.last);
        out.reset(rc::DIAMETER_SUCCESS);
        for s in &ccr.services {
            let held = take_reservation(&mut session.reservations, s.key);
            self.charge(&account, s, held, journal);
            if !last {
                let svc = self.reserve(&account, s, held, journal, &mut session.reservations);
                out.services.push(svc);
            }
        }
        out.result = top_result(ccr, &out.services);
        session.last_type = ccr.request_type.unwrap_or(RequestType::Update);
        session.last_number = ccr.number;
        if last || out.result != rc::DIAMETER_SUCCESS {
            self.release(&account, &mut session.reservations, journal);
            session.open = false;
            session.deadline = now + self.policy.duplicate_window;
        } else {
            session.deadline = now + self.policy.tcc;
        }
        session.last = out;
        self.sessions.insert(id, session);
        true
    }

    /// CCR-Event: one-time actions (RFC 4006 §6).
    fn event(
        &mut self,
        ccr: &Ccr<'_>,
        now: Instant,
        journal: &mut Journal,
        load: &mut Loader<'_>,
    ) -> bool {
        let action = match ccr.requested_action {
            None => Some(Action::DirectDebiting),
            Some(v) => Action::from_value(v),
        };
        let Some(action) = action else {
            self.scratch.reset(rc::DIAMETER_INVALID_AVP_VALUE);
            return false;
        };
        let Some(account) = self.resolve(ccr, journal, load) else {
            self.scratch.reset(rc::DIAMETER_USER_UNKNOWN);
            return false;
        };
        let mut out = self
            .sessions
            .remove(ccr.session_id)
            .map(|s| s.last)
            .unwrap_or_default();
        out.reset(rc::DIAMETER_SUCCESS);
        let single = [ServiceRequest {
            key: ServiceKey::default(),
            requested: None,
            used: Default::default(),
        }];
        let services = if ccr.services.is_empty() {
            &single[..]
        } else {
            &ccr.services[..]
        };
        for s in services {
            let (unit, amount) = s
                .requested
                .and_then(|r| r.first())
                .unwrap_or((Unit::Units, 1));
            let result = self.event_action(&account, action, unit, amount, journal, &mut out);
            out.services.push(ServiceOutcome {
                key: s.key,
                result: result.map_or_else(|code| code, |_| rc::DIAMETER_SUCCESS),
                grant: result.ok().flatten(),
            });
        }
        if out
            .services
            .iter()
            .all(|s| s.result != rc::DIAMETER_SUCCESS)
        {
            out.result = out
                .services
                .first()
                .map_or(rc::DIAMETER_SUCCESS, |s| s.result);
        }
        let session = Session {
            account,
            open: false,
            last_type: RequestType::Event,
            last_number: ccr.number,
            reservations: Vec::new(),
            deadline: now + self.policy.duplicate_window,
            last: out,
        };
        self.sessions.insert(ccr.session_id.into(), session);
        true
    }

    /// One event action on one service; the grant of a direct debit.
    fn event_action(
        &mut self,
        account: &Arc<str>,
        action: Action,
        unit: Unit,
        amount: u64,
        journal: &mut Journal,
        out: &mut Outcome,
    ) -> Result<Option<Grant>, u32> {
        let free = self.bucket(account, unit).map_or(0, |b| b.free());
        let amount_i = clamp(amount);
        match action {
            Action::DirectDebiting if free < amount => Err(rc::DIAMETER_CREDIT_LIMIT_REACHED),
            Action::DirectDebiting => {
                self.apply(account, unit, -amount_i, 0, amount_i, journal);
                Ok(Some(Grant {
                    unit,
                    amount,
                    final_units: false,
                }))
            }
            Action::RefundAccount => {
                self.apply(account, unit, amount_i, 0, -amount_i, journal);
                Ok(None)
            }
            Action::CheckBalance => {
                out.enough_credit = Some(out.enough_credit.unwrap_or(true) && free >= amount);
                Ok(None)
            }
            Action::PriceEnquiry => {
                let tariff = self.policy.tariff;
                let cost = out.cost.get_or_insert(Cost {
                    cents: 0,
                    currency: tariff.currency,
                });
                cost.cents += tariff.cents(unit, amount);
                Ok(None)
            }
        }
    }

    /// Grants what service `s` asks for, up to the grant size and the free
    /// balance; the last units carry Final-Unit-Indication (RFC 4006 §5.6.1).
    fn reserve(
        &mut self,
        account: &Arc<str>,
        s: &ServiceRequest,
        previous: Option<Reservation>,
        journal: &mut Journal,
        held: &mut Vec<Reservation>,
    ) -> ServiceOutcome {
        let mut outcome = ServiceOutcome {
            key: s.key,
            result: rc::DIAMETER_SUCCESS,
            grant: None,
        };
        let Some(requested) = s.requested else {
            return outcome;
        };
        let (unit, asked) = match requested.first() {
            Some((unit, amount)) => (unit, Some(amount)),
            // RFC 4006 §8.22: money needs rating this server does not do.
            None if requested.money => {
                outcome.result = rc::DIAMETER_RATING_FAILED;
                return outcome;
            }
            None => (previous.map_or(self.policy.default_unit, |r| r.unit), None),
        };
        let size = self.policy.grant[unit.index()].max(1);
        let want = asked.filter(|&a| a > 0).map_or(size, |a| a.min(size));
        let free = self.bucket(account, unit).map_or(0, |b| b.free());
        if free == 0 {
            outcome.result = rc::DIAMETER_CREDIT_LIMIT_REACHED;
            return outcome;
        }
        let grant = Grant {
            unit,
            amount: want.min(free),
            final_units: free <= want,
        };
        self.apply(account, unit, 0, clamp(grant.amount), 0, journal);
        held.push(Reservation {
            key: s.key,
            unit,
            amount: grant.amount,
        });
        outcome.grant = Some(grant);
        outcome
    }

    /// Releases the reservation `held` and debits the usage reported,
    /// counted in the reservation's unit (else the first unit reported).
    fn charge(
        &mut self,
        account: &Arc<str>,
        s: &ServiceRequest,
        held: Option<Reservation>,
        journal: &mut Journal,
    ) {
        if let Some(r) = held {
            self.apply(account, r.unit, 0, -clamp(r.amount), 0, journal);
        }
        let used = match held {
            Some(r) => s.used.get(r.unit).map(|a| (r.unit, a)),
            None => s.used.first(),
        };
        if let Some((unit, amount)) = used {
            let amount = clamp(amount);
            self.apply(account, unit, -amount, 0, amount, journal);
        }
    }

    /// Releases every reservation in `held`.
    fn release(&mut self, account: &Arc<str>, held: &mut Vec<Reservation>, journal: &mut Journal) {
        for r in held.drain(..) {
            self.apply(account, r.unit, 0, -clamp(r.amount), 0, journal);
        }
    }

    fn bucket(&self, account: &str, unit: Unit) -> Option<&Bucket> {
        self.accounts.get(account).map(|a| a.bucket(unit))
    }

    /// Changes a bucket in memory and in the journal.
    fn apply(
        &mut self,
        account: &Arc<str>,
        unit: Unit,
        balance: i64,
        reserved: i64,
        debited: i64,
        journal: &mut Journal,
    ) {
        if let Some(a) = self.accounts.get_mut(account) {
            let b = &mut a.buckets[unit.index()];
            b.balance += balance;
            b.reserved += reserved;
            b.debited += debited;
            journal.record(
                account,
                unit,
                BucketDelta {
                    balance,
                    reserved,
                    debited,
                },
            );
        }
    }

    /// Applies credits made in the store to the accounts held here that
    /// were loaded before them (the store already holds them).
    pub fn apply_credits(&mut self, credits: &[Credit]) {
        for c in credits {
            let Some(a) = self.accounts.get_mut(c.subscriber.as_str()) else {
                continue;
            };
            if c.id <= a.credits_seen {
                continue;
            }
            a.credits_seen = c.id;
            for (b, amount) in a.buckets.iter_mut().zip(c.amounts) {
                b.provisioned += amount;
                b.balance += amount;
            }
        }
    }

    /// Runs the session supervision timers: an Open session whose Tcc
    /// expired releases its reservations and goes Idle (RFC 4006 §7);
    /// closed sessions are forgotten after the duplicate window. Returns
    /// how many sessions were released.
    pub fn expire(&mut self, now: Instant, journal: &mut Journal) -> usize {
        let mut expired = Vec::new();
        let window = self.policy.duplicate_window;
        self.sessions.retain(|_, s| {
            if now < s.deadline {
                return true;
            }
            if !s.open {
                return false;
            }
            s.open = false;
            s.deadline = now + window;
            expired.push((Arc::clone(&s.account), std::mem::take(&mut s.reservations)));
            true
        });
        let released = expired.len();
        for (account, mut held) in expired {
            self.release(&account, &mut held, journal);
        }
        released
    }

    /// Releases the reservations of every open session (on stop).
    pub fn release_all(&mut self, journal: &mut Journal) {
        let now = Instant::now();
        for s in self.sessions.values_mut().filter(|s| s.open) {
            s.deadline = now;
        }
        self.expire(now, journal);
    }
}

/// The top-level Result-Code of a CCR-I/U: success unless services asked
/// for units and none got any, then the first service's failure
/// (TS 32.299 §6.3.5: 4012 when nothing can be granted).
fn top_result(ccr: &Ccr<'_>, services: &[ServiceOutcome]) -> u32 {
    let asked = ccr.services.iter().any(|s| s.requested.is_some());
    let granted = services.iter().any(|s| s.grant.is_some());
    if !asked || granted {
        return rc::DIAMETER_SUCCESS;
    }
    services
        .iter()
        .map(|s| s.result)
        .find(|&r| r != rc::DIAMETER_SUCCESS)
        .unwrap_or(rc::DIAMETER_SUCCESS)
}

fn take_reservation(held: &mut Vec<Reservation>, key: ServiceKey) -> Option<Reservation> {
    let i = held.iter().position(|r| r.key == key)?;
    Some(held.swap_remove(i))
}

fn as_str<S: serde::Serializer>(s: &Arc<str>, to: S) -> Result<S::Ok, S::Error> {
    to.serialize_str(s)
}

/// An amount as a signed store value.
fn clamp(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gy::ccr::{CcrSpec, IdType, ServiceSpec};
    use diameter_core::wire::Message;

    const RG: ServiceKey = ServiceKey {
        rating_group: Some(1),
        service_id: None,
    };

    fn policy() -> Policy {
        Policy {
            grant: [1000, 60, 5],
            default_unit: Unit::Octets,
            validity_time: 30,
            tcc: Duration::from_secs(60),
            duplicate_window: Duration::from_secs(10),
            auto_provision: None,
            tariff: Tariff::default(),
        }
    }

    /// A ledger, the store it loads from, and a clock.
    struct Bench {
        ledger: Ledger,
        store: HashMap<String, Account>,
        journal: Journal,
        now: Instant,
    }

    impl Bench {
        fn new(policy: Policy, accounts: &[Account]) -> Self {
            Bench {
                ledger: Ledger::new(policy),
                store: accounts
                    .iter()
                    .map(|a| (a.subscriber.to_string(), a.clone()))
                    .collect(),
                journal: Journal::default(),
                now: Instant::now(),
            }
        }

        /// Sends one CCR of session `sid` for "alice".
        fn ccr(
            &mut self,
            sid: &str,
            kind: RequestType,
            number: u32,
            service: ServiceSpec,
            retransmit: bool,
            action: Option<Action>,
        ) -> Outcome {
            let services = [service];
            let bytes = CcrSpec {
                session_id: sid,
                origin_host: "gw",
                origin_realm: "net",
                destination_realm: "com",
                request_type: kind,
                number,
                subscriber: Some((IdType::Imsi, "alice")),
                requested_action: action,
                multiple_services: true,
                services: &services,
                end_to_end: 1,
                retransmit,
            }
            .encode();
            let msg = Message::new_checked(&bytes).unwrap();
            let store = &self.store;
            let mut load = |s: &str| store.get(s).cloned();
            self.ledger
                .credit_control(&Ccr::parse(&msg), self.now, &mut self.journal, &mut load)
                .clone()
        }

        fn octets(&self) -> Bucket {
            *self.ledger.account("alice").unwrap().bucket(Unit::Octets)
        }

        /// The journal's octet deltas since the last call.
        fn committed(&mut self) -> BucketDelta {
            let d = self
                .journal
                .changes
                .get("alice")
                .map_or(BucketDelta::default(), |d| d[0]);
            self.journal.clear();
            d
        }
    }

    fn rsu(used: Option<u64>) -> ServiceSpec {
        ServiceSpec {
            key: RG,
            requested: Some((Unit::Octets, None)),
            used: used.map(|u| (Unit::Octets, u)),
        }
    }

    fn usu(used: u64) -> ServiceSpec {
        ServiceSpec {
            key: RG,
            requested: None,
            used: Some((Unit::Octets, used)),
        }
    }

    fn grant_of(o: &Outcome) -> Option<Grant> {
        o.services.first().and_then(|s| s.grant)
    }

    #[test]
    fn ordinary_session_reserves_debits_and_releases() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0)]);
        let i = b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(i.result, 2001);
        assert_eq!(
            grant_of(&i),
            Some(Grant {
                unit: Unit::Octets,
                amount: 1000,
                final_units: false
            })
        );
        assert_eq!(b.octets().reserved, 1000);
        let u = b.ccr("s1", RequestType::Update, 1, rsu(Some(800)), false, None);
        assert_eq!((u.result, grant_of(&u).unwrap().amount), (2001, 1000));
        let o = b.octets();
        assert_eq!((o.balance, o.reserved, o.debited), (9200, 1000, 800));
        let t = b.ccr("s1", RequestType::Termination, 2, usu(300), false, None);
        assert_eq!((t.result, t.services.len()), (2001, 0));
        let o = b.octets();
        assert_eq!((o.balance, o.reserved, o.debited), (8900, 0, 1100));
        assert_eq!(o.provisioned, o.balance + o.debited);
        let d = b.committed();
        assert_eq!((d.balance, d.reserved, d.debited), (-1100, 0, 1100));
        assert_eq!(b.ledger.open_sessions(), 0);
    }

    #[test]
    fn low_balance_gets_final_units_then_credit_limit() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 1500, 0, 0)]);
        let i = b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        assert!(!grant_of(&i).unwrap().final_units);
        let u = b.ccr("s1", RequestType::Update, 1, rsu(Some(1000)), false, None);
        assert_eq!(
            grant_of(&u),
            Some(Grant {
                unit: Unit::Octets,
                amount: 500,
                final_units: true
            })
        );
        let u = b.ccr("s1", RequestType::Update, 2, rsu(Some(500)), false, None);
        assert_eq!(u.result, 4012);
        assert_eq!(u.services[0].result, 4012);
        assert_eq!(grant_of(&u), None);
        let o = b.octets();
        assert_eq!((o.balance, o.reserved, o.debited), (0, 0, 1500));
        // Not successfully processed: the session went Idle (RFC 4006 §7).
        let t = b.ccr("s1", RequestType::Termination, 3, usu(0), false, None);
        assert_eq!(t.result, 5002);
        let i = b.ccr("s2", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(i.result, 4012);
        assert_eq!(b.ledger.open_sessions(), 0);
    }

    #[test]
    fn unknown_subscribers_are_refused_or_provisioned() {
        let mut b = Bench::new(policy(), &[]);
        let i = b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(i.result, 5030);
        assert!(b.journal.is_empty());
        let mut p = policy();
        p.auto_provision = Some(700);
        let mut b = Bench::new(p, &[]);
        let i = b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(
            grant_of(&i).map(|g| (g.amount, g.final_units)),
            Some((700, true))
        );
        assert_eq!(b.journal.created, [Account::new("alice", 700, 0, 0)]);
    }

    #[test]
    fn out_of_sequence_and_unknown_sessions_get_5002() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0)]);
        assert_eq!(
            b.ccr("nope", RequestType::Update, 1, rsu(Some(1)), false, None)
                .result,
            5002
        );
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(
            b.ccr("s1", RequestType::Update, 2, rsu(Some(10)), false, None)
                .result,
            5002
        );
        // The same number again without the T flag is out of sequence too.
        assert_eq!(
            b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None)
                .result,
            5012
        );
        assert_eq!(b.octets().debited, 0, "nothing charged");
        assert_eq!(
            b.ccr("s1", RequestType::Update, 1, rsu(Some(10)), false, None)
                .result,
            2001
        );
        assert_eq!(b.octets().debited, 10);
    }

    #[test]
    fn duplicates_are_answered_again_and_charged_once() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 10)]);
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        let first = b.ccr("s1", RequestType::Update, 1, rsu(Some(400)), false, None);
        let again = b.ccr("s1", RequestType::Update, 1, rsu(Some(400)), true, None);
        assert_eq!(first, again);
        let o = b.octets();
        assert_eq!((o.debited, o.reserved), (400, 1000));
        let t = b.ccr("s1", RequestType::Termination, 2, usu(100), false, None);
        let t2 = b.ccr("s1", RequestType::Termination, 2, usu(100), true, None);
        assert_eq!(t, t2);
        assert_eq!(b.octets().debited, 500);
        let e = b.ccr(
            "e1",
            RequestType::Event,
            0,
            rsu_units(3),
            false,
            Some(Action::DirectDebiting),
        );
        let e2 = b.ccr(
            "e1",
            RequestType::Event,
            0,
            rsu_units(3),
            true,
            Some(Action::DirectDebiting),
        );
        assert_eq!(e, e2);
        assert_eq!(
            b.ledger
                .account("alice")
                .unwrap()
                .bucket(Unit::Units)
                .debited,
            3
        );
    }

    fn rsu_units(n: u64) -> ServiceSpec {
        ServiceSpec {
            key: RG,
            requested: Some((Unit::Units, Some(n))),
            used: None,
        }
    }

    #[test]
    fn events_debit_refund_check_and_price() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 0, 0, 10)]);
        let units = |b: &Bench| *b.ledger.account("alice").unwrap().bucket(Unit::Units);
        let d = b.ccr(
            "e1",
            RequestType::Event,
            0,
            rsu_units(4),
            false,
            Some(Action::DirectDebiting),
        );
        assert_eq!((d.result, grant_of(&d).unwrap().amount), (2001, 4));
        let d = b.ccr(
            "e2",
            RequestType::Event,
            0,
            rsu_units(7),
            false,
            Some(Action::DirectDebiting),
        );
        assert_eq!(
            (d.result, d.services[0].result, grant_of(&d)),
            (4012, 4012, None)
        );
        assert_eq!((units(&b).balance, units(&b).debited), (6, 4));
        let r = b.ccr(
            "e3",
            RequestType::Event,
            0,
            rsu_units(2),
            false,
            Some(Action::RefundAccount),
        );
        assert_eq!(r.result, 2001);
        assert_eq!((units(&b).balance, units(&b).debited), (8, 2));
        assert_eq!(units(&b).provisioned, 10);
        let c = b.ccr(
            "e4",
            RequestType::Event,
            0,
            rsu_units(8),
            false,
            Some(Action::CheckBalance),
        );
        assert_eq!(c.enough_credit, Some(true));
        let c = b.ccr(
            "e5",
            RequestType::Event,
            0,
            rsu_units(9),
            false,
            Some(Action::CheckBalance),
        );
        assert_eq!(c.enough_credit, Some(false));
        let p = b.ccr(
            "e6",
            RequestType::Event,
            0,
            rsu_units(3),
            false,
            Some(Action::PriceEnquiry),
        );
        assert_eq!(
            p.cost,
            Some(Cost {
                cents: 3,
                currency: 978
            })
        );
        assert_eq!(units(&b).balance, 8, "enquiries change nothing");
    }

    #[test]
    fn tcc_expiry_releases_the_reservation() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0)]);
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        b.committed();
        assert_eq!(
            b.ledger
                .expire(b.now + Duration::from_secs(59), &mut b.journal),
            0
        );
        assert_eq!(b.octets().reserved, 1000);
        assert_eq!(
            b.ledger
                .expire(b.now + Duration::from_secs(60), &mut b.journal),
            1
        );
        assert_eq!(b.octets().reserved, 0);
        assert_eq!(b.committed().reserved, -1000);
        b.now += Duration::from_secs(61);
        assert_eq!(
            b.ccr("s1", RequestType::Update, 1, rsu(Some(5)), false, None)
                .result,
            5002
        );
        // Forgotten after the duplicate window.
        b.ledger
            .expire(b.now + Duration::from_secs(11), &mut b.journal);
        assert_eq!(
            b.ccr("s1", RequestType::Update, 1, rsu(Some(5)), false, None)
                .result,
            5002
        );
        assert!(b.ledger.sessions.is_empty());
    }

    #[test]
    fn time_grants_use_their_bucket_and_stop_releases_them() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 90, 0)]);
        let time = ServiceSpec {
            key: RG,
            requested: Some((Unit::Time, Some(100))),
            used: None,
        };
        let i = b.ccr("s1", RequestType::Initial, 0, time, false, None);
        assert_eq!(
            grant_of(&i).map(|g| (g.unit, g.amount)),
            Some((Unit::Time, 60))
        );
        assert_eq!(b.octets().reserved, 0);
        let mut j = Journal::default();
        b.ledger.release_all(&mut j);
        assert_eq!(j.changes["alice"][1].reserved, -60);
    }

    #[test]
    fn credits_apply_once_and_only_past_the_loaded_copy() {
        let mut loaded = Account::new("alice", 100, 0, 0);
        loaded.credits_seen = 5;
        let mut b = Bench::new(policy(), &[loaded]);
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        let credit = |id, octets| Credit {
            id,
            subscriber: "alice".into(),
            amounts: [octets, 0, 1],
        };
        let other = Credit {
            id: 7,
            subscriber: "nobody".into(),
            amounts: [9, 9, 9],
        };
        b.ledger
            .apply_credits(&[credit(5, 1000), credit(6, 50), other]);
        b.ledger.apply_credits(&[credit(6, 50)]);
        let o = b.octets();
        assert_eq!((o.provisioned, o.balance, o.reserved), (150, 150, 100));
        let units = *b.ledger.account("alice").unwrap().bucket(Unit::Units);
        assert_eq!((units.provisioned, units.balance), (1, 1));
        assert!(
            b.journal.changes["alice"][0].balance == 0,
            "not journaled: the store has it"
        );
        assert!(b.ledger.account("nobody").is_none());
    }
}
