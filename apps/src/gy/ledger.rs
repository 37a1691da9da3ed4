//! The charging state: accounts, credit-control sessions and their
//! reservations, and the rules of RFC 4006 §5–§7 that change them.
//!
//! The ledger is plain data: it decides every answer and records each
//! change to an account as a delta in a [`Journal`], which the caller
//! commits to the store before the answer leaves (see [`super::ocs`]).
//! Deltas add up in any order, so journals committed by several threads
//! give the same balances whatever the order of their commits.
//!
//! Every sum is checked. A request whose amounts the accounts cannot hold
//! (more than `i64::MAX`, or a total past it) is answered with an error
//! and changes nothing: its changes are tried on a copy of the account
//! (`Tx`) and kept only when all of them, and the journal's sums, fit.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use diameter_core::dict::result_code as rc;
use serde::Serialize;
use tracing::error;

use super::ccr::{Action, Ccr, RequestType, ServiceRequest};
use super::sharded::{Sharded, SHARDS};
use super::units::{ServiceKey, Unit};

mod row;

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
    /// A bucket provisioned with `amount`; `None` when the store cannot
    /// hold it (more than `i64::MAX`).
    pub fn with(amount: u64) -> Option<Self> {
        let amount = i64::try_from(amount).ok()?;
        Some(Bucket {
            provisioned: amount,
            balance: amount,
            reserved: 0,
            debited: 0,
        })
    }

    /// What can still be granted: balance not reserved (0 when the
    /// balance is below the reservation).
    pub fn free(&self) -> u64 {
        self.balance
            .checked_sub(self.reserved)
            .and_then(|f| u64::try_from(f).ok())
            .unwrap_or(0)
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
    /// A new account with the given amounts; `None` when one is more
    /// than the store can hold (`i64::MAX`).
    pub fn new(subscriber: &str, octets: u64, seconds: u64, units: u64) -> Option<Self> {
        Some(Account {
            subscriber: subscriber.into(),
            buckets: [
                Bucket::with(octets)?,
                Bucket::with(seconds)?,
                Bucket::with(units)?,
            ],
            credits_seen: 0,
        })
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

/// A credit-control session as the store keeps it, so that it goes on
/// after a restart of the OCS or at another OCS node on the same store
/// (RFC 4006 §7: the server's session state; §5.1.2: a retransmission
/// is answered again from it and charged once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The subscriber whose account it charges.
    pub account: Arc<str>,
    /// Whether it is Open; else closed, kept until its deadline with
    /// its last answer for duplicates only (RFC 4006 §5.1.2).
    pub open: bool,
    /// CC-Request-Type of its last request.
    pub last_type: RequestType,
    /// CC-Request-Number of its last request.
    pub last_number: u32,
    /// In milliseconds since the Unix epoch (an `Instant` means nothing
    /// to another process): when its Tcc expires while it is Open, when
    /// its duplicate window ends once closed (its row is then removed).
    pub deadline: i64,
    /// Its reservations (none once closed) and last answer, in the
    /// ledger's compact encoding; a state that does not decode is no
    /// session.
    pub state: Vec<u8>,
}

/// The changes of one batch of requests, to commit in one transaction:
/// account deltas and the sessions' new states.
#[derive(Debug, Default)]
pub struct Journal {
    /// Accounts created (auto-provisioning), with their initial buckets.
    pub created: Vec<Account>,
    /// Deltas per account, by subscriber.
    pub changes: HashMap<Arc<str>, [BucketDelta; 3]>,
    /// The last state of each session the batch changed, by Session-Id,
    /// Open or closed; `None` for a row to remove (a closed session whose
    /// duplicate window ended, or a row that is no session).
    pub sessions: HashMap<Arc<str>, Option<StoredSession>>,
}

impl Journal {
    /// Whether there is nothing to commit.
    pub fn is_empty(&self) -> bool {
        self.created.is_empty() && self.changes.is_empty() && self.sessions.is_empty()
    }

    /// Forgets everything (after a commit), keeping the memory.
    pub fn clear(&mut self) {
        self.created.clear();
        self.changes.clear();
        self.sessions.clear();
    }

    /// Records `deltas` as the account's changes since the last commit:
    /// the sums a `Tx` made, each checked, from the deltas recorded before.
    fn record(&mut self, subscriber: &Arc<str>, deltas: [BucketDelta; 3]) {
        match self.changes.get_mut(subscriber) {
            Some(slot) => *slot = deltas,
            None => {
                self.changes.insert(Arc::clone(subscriber), deltas);
            }
        }
    }
}

impl BucketDelta {
    /// The sum of two deltas; `None` when a field would overflow.
    fn checked_add(&self, d: &BucketDelta) -> Option<BucketDelta> {
        Some(BucketDelta {
            balance: self.balance.checked_add(d.balance)?,
            reserved: self.reserved.checked_add(d.reserved)?,
            debited: self.debited.checked_add(d.debited)?,
        })
    }
}

/// The changes one request makes to one account, tried on a copy of its
/// buckets and of the journal's pending deltas: the ledger keeps them
/// (`Ledger::commit`) only when the whole request went through, so a
/// request with an amount that would overflow changes nothing.
#[derive(Debug, Clone, Copy)]
struct Tx {
    buckets: [Bucket; 3],
    /// The account's deltas in the journal, this request's included.
    delta: [BucketDelta; 3],
    changed: bool,
}

impl Tx {
    /// What can still be granted of `unit`.
    fn free(&self, unit: Unit) -> u64 {
        self.buckets[unit.index()].free()
    }

    /// Adds `d` to the bucket of `unit` and to its pending delta; `None`,
    /// and nothing changed, when a sum would overflow.
    fn apply(&mut self, unit: Unit, d: BucketDelta) -> Option<()> {
        let i = unit.index();
        let b = self.buckets[i];
        let bucket = Bucket {
            provisioned: b.provisioned,
            balance: b.balance.checked_add(d.balance)?,
            reserved: b.reserved.checked_add(d.reserved)?,
            debited: b.debited.checked_add(d.debited)?,
        };
        self.delta[i] = self.delta[i].checked_add(&d)?;
        self.buckets[i] = bucket;
        self.changed = true;
        Some(())
    }

    /// Applies the delta `of` makes of `amount` (as a signed value) to
    /// the bucket of `unit`; `None` when `amount` is past `i64::MAX`.
    fn apply_amount(
        &mut self,
        unit: Unit,
        amount: u64,
        of: impl FnOnce(i64) -> BucketDelta,
    ) -> Option<()> {
        self.apply(unit, of(i64::try_from(amount).ok()?))
    }

    /// Moves `amount` of `unit` from the balance to the net debits.
    fn debit(&mut self, unit: Unit, amount: u64) -> Option<()> {
        self.apply_amount(unit, amount, |a| BucketDelta {
            balance: -a,
            reserved: 0,
            debited: a,
        })
    }

    /// Moves `amount` of `unit` back from the net debits to the balance
    /// (REFUND_ACCOUNT, RFC 4006 §6.4).
    fn refund(&mut self, unit: Unit, amount: u64) -> Option<()> {
        self.apply_amount(unit, amount, |a| BucketDelta {
            balance: a,
            reserved: 0,
            debited: -a,
        })
    }

    /// Holds `amount` of `unit` for a grant.
    fn reserve(&mut self, unit: Unit, amount: u64) -> Option<()> {
        self.apply_amount(unit, amount, |a| BucketDelta {
            balance: 0,
            reserved: a,
            debited: 0,
        })
    }

    /// Gives back `amount` of `unit` held for a grant.
    fn release(&mut self, unit: Unit, amount: u64) -> Option<()> {
        self.apply_amount(unit, amount, |a| BucketDelta {
            balance: 0,
            reserved: -a,
            debited: 0,
        })
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
    /// The price of `amount` of `unit`, in cents (rounded up); `None` when
    /// it is more than a Value-Digits can carry (`i64::MAX`, RFC 4006 §8.10).
    pub fn cents(&self, unit: Unit, amount: u64) -> Option<i64> {
        let per = match unit {
            Unit::Octets => self.octets_per_cent,
            Unit::Time => self.seconds_per_cent,
            Unit::Units => self.units_per_cent,
        }
        .max(1);
        i64::try_from(amount.div_ceil(per)).ok()
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
    /// Most credit-control sessions open at once; a CCR-Initial beyond
    /// gets 3004 DIAMETER_TOO_BUSY (see [`Ledger::credit_control`]).
    pub max_sessions: usize,
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

/// Which service-unit AVP of a request carried an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitsAvp {
    /// Requested-Service-Unit (RFC 4006 §8.18).
    Requested,
    /// Used-Service-Unit (RFC 4006 §8.19).
    Used,
}

/// The amount a request was refused for, to put in its Failed-AVP
/// (RFC 6733 §7.5: the offending AVP inside the Grouped AVP that holds it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FailedUnits {
    /// The service-unit AVP that carried it.
    pub avp: UnitsAvp,
    /// Its unit (which of CC-Total-Octets, CC-Time or
    /// CC-Service-Specific-Units).
    pub unit: Unit,
    /// The amount.
    pub amount: u64,
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
    /// The amount of a request refused with 5004 DIAMETER_INVALID_AVP_VALUE
    /// or 5031 DIAMETER_RATING_FAILED, for its Failed-AVP.
    pub failed: Option<FailedUnits>,
}

impl Outcome {
    fn reset(&mut self, result: u32) {
        self.result = result;
        self.services.clear();
        self.enough_credit = None;
        self.cost = None;
        self.failed = None;
    }

    /// Makes this the answer to a request refused for `failed` with
    /// `result`.
    fn refuse(&mut self, refused: Refused) {
        self.reset(refused.result);
        self.failed = Some(refused.failed);
    }
}

/// Why a request changes nothing: the Result-Code and the amount
/// it names in Failed-AVP.
#[derive(Debug, Clone, Copy)]
struct Refused {
    result: u32,
    failed: FailedUnits,
}

impl Refused {
    /// An amount the accounts cannot hold: 5004 DIAMETER_INVALID_AVP_VALUE,
    /// whose answer carries the offending AVP (RFC 6733 §7.1.5).
    fn invalid(avp: UnitsAvp, unit: Unit, amount: u64) -> Self {
        Refused {
            result: rc::DIAMETER_INVALID_AVP_VALUE,
            failed: FailedUnits { avp, unit, amount },
        }
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
/// for the duplicate window with its last answer, so that a duplicate of
/// its last request is answered again and charged once (RFC 4006 §5.1.2,
/// RFC 6733 §5.5.4). A session is journaled at each change
/// ([`StoredSession`]), the change that closes it included (its row then
/// holds no reservation and its deadline is the end of the window), so
/// the duplicate is answered alike after a restart or at another node on
/// a shared store; the row is removed when the window ends. An event
/// (RFC 4006 §6) is a closed session from the start, stored the same way.
#[derive(Debug, Clone)]
struct Session {
    account: Arc<str>,
    open: bool,
    last_type: RequestType,
    last_number: u32,
    reservations: Vec<Reservation>,
    deadline: Instant,
    last: Outcome,
}

impl Session {
    /// Records in `journal` this session, `key`, as it is now, Open or
    /// closed (the encoding's buffer of a state recorded before in the
    /// batch is used again).
    fn journal(&self, key: &Arc<str>, clock: &Clock, journal: &mut Journal) {
        let slot = journal.sessions.entry(Arc::clone(key)).or_default();
        let mut state = slot.take().map(|old| old.state).unwrap_or_default();
        row::encode(&self.reservations, &self.last, &mut state);
        *slot = Some(StoredSession {
            account: Arc::clone(&self.account),
            open: self.open,
            last_type: self.last_type,
            last_number: self.last_number,
            deadline: clock.unix_ms(self.deadline),
            state,
        });
    }
}

/// `at` plus `d`; `at` itself for a time an `Instant` cannot say (a
/// deadline then passes at once: a session released, a duplicate window
/// closed, never a panic).
fn later(at: Instant, d: Duration) -> Instant {
    at.checked_add(d).unwrap_or(at)
}

/// Accounts and sessions, and the charging rules.
#[derive(Debug)]
pub struct Ledger {
    accounts: HashMap<Arc<str>, Account>,
    /// In shards, so the Tcc supervisor walks them a shard at a time.
    sessions: Sharded<Arc<str>, Session>,
    /// How many of `sessions` are open.
    open: usize,
    /// CCR-Initials refused at `policy.max_sessions`.
    refused: u64,
    policy: Policy,
    scratch: Outcome,
    clock: Clock,
}

/// The wall clock beside the monotonic one, read once: stored deadlines
/// are wall-clock milliseconds, the ledger's are `Instant`s.
#[derive(Debug, Clone, Copy)]
struct Clock {
    instant: Instant,
    unix_ms: i64,
}

impl Clock {
    fn now() -> Self {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Clock {
            instant: Instant::now(),
            unix_ms: i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        }
    }

    /// `at` in milliseconds since the Unix epoch.
    fn unix_ms(&self, at: Instant) -> i64 {
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        match at.checked_duration_since(self.instant) {
            Some(after) => self.unix_ms.saturating_add(ms(after)),
            None => self.unix_ms.saturating_sub(ms(self.instant - at)),
        }
    }

    /// The `Instant` of `unix_ms`; the clock's own (passed at once) for
    /// a time an `Instant` cannot say.
    fn instant(&self, unix_ms: i64) -> Instant {
        let d = Duration::from_millis(unix_ms.abs_diff(self.unix_ms));
        if unix_ms >= self.unix_ms {
            self.instant.checked_add(d)
        } else {
            self.instant.checked_sub(d)
        }
        .unwrap_or(self.instant)
    }
}

/// The sessions a batch of requests may change, as they were before it:
/// [`Ledger::restore`] puts them back when the batch's transaction fails.
#[derive(Debug)]
pub struct Checkpoint {
    sessions: Vec<(Arc<str>, Option<Session>)>,
    /// The counters before the batch and after it ([`Ledger::seal`]): the
    /// batch's own changes, taken back by [`Ledger::restore`] whatever
    /// other batches changed meanwhile.
    open: (usize, usize),
    refused: (u64, u64),
}

/// Where the ledger finds an account it does not hold yet (the store).
pub type Loader<'l> = dyn FnMut(&str) -> Option<Account> + 'l;

impl Ledger {
    /// An empty ledger.
    pub fn new(policy: Policy) -> Self {
        Ledger {
            accounts: HashMap::new(),
            sessions: Sharded::default(),
            open: 0,
            refused: 0,
            policy,
            scratch: Outcome::default(),
            clock: Clock::now(),
        }
    }

    /// `at` as the store keeps deadlines: milliseconds since the Unix epoch.
    pub fn unix_millis(&self, at: Instant) -> i64 {
        self.clock.unix_ms(at)
    }

    /// Where the duplicate window of a session closed at `now` ends, as
    /// the store keeps deadlines (see [`expire_stored`]).
    pub fn closed_until(&self, now: Instant) -> i64 {
        self.clock.unix_ms(later(now, self.policy.duplicate_window))
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
        self.open
    }

    /// CCR-Initials refused because `max_sessions` were open.
    pub fn refused_sessions(&self) -> u64 {
        self.refused
    }

    /// Handles one CCR: decides its answer, changes the accounts and
    /// sessions, and records the changes in `journal`. `load` fetches
    /// accounts not yet in memory.
    ///
    /// A CCR-Initial that would open more than `max_sessions` sessions is
    /// answered 3004 DIAMETER_TOO_BUSY, with nothing reserved, while the
    /// open sessions keep being served. Of the two answers a server has for
    /// a request it will not take (RFC 6733 §7.1.3 and §7.1.5), 3004 is the
    /// one for a server that cannot provide the service now: the limit is
    /// transient (a slot frees when a session ends), and RFC 4006 §5.7
    /// lets a credit-control client move a session to an alternative
    /// server only on DIAMETER_TOO_BUSY or DIAMETER_UNABLE_TO_DELIVER,
    /// whereas 5012 DIAMETER_UNABLE_TO_COMPLY is a permanent failure that
    /// ends the attempt (and, with CCFH TERMINATE, the service). The CCR
    /// reached this server, the one the client's routing asked for (the
    /// condition §7.1.3 puts on 3004). CCR-Events open no session (RFC 4006
    /// §6) and are not limited.
    pub fn credit_control(
        &mut self,
        ccr: &Ccr<'_>,
        now: Instant,
        journal: &mut Journal,
        load: &mut Loader<'_>,
    ) -> &Outcome {
        // RFC 4006 §5.1.2 / RFC 6733 §5.5.4: a duplicate is answered
        // again (the session's last answer), charged once.
        let duplicate = self.sessions.get(ccr.session_id).is_some_and(|s| {
            ccr.retransmit && s.last_number == ccr.number && Some(s.last_type) == ccr.request_type
        });
        let handled = duplicate
            || match ccr.request_type {
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
            if let Some(key) = self.fetch(id, load) {
                return Some(key);
            }
        }
        let octets = self.policy.auto_provision?;
        let account = Account::new(ccr.subscriber_ids().next()?, octets, 0, 0)?;
        let key = Arc::clone(&account.subscriber);
        journal.created.push(account.clone());
        self.accounts.insert(Arc::clone(&key), account);
        Some(key)
    }

    /// The key of `subscriber`'s account, read by `load` when not held yet.
    fn fetch(&mut self, subscriber: &str, load: &mut Loader<'_>) -> Option<Arc<str>> {
        if let Some((key, _)) = self.accounts.get_key_value(subscriber) {
            return Some(Arc::clone(key));
        }
        let account = load(subscriber)?;
        let key = Arc::clone(&account.subscriber);
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
        if self.open >= self.policy.max_sessions {
            self.refused = self.refused.saturating_add(1);
            self.scratch.reset(rc::DIAMETER_TOO_BUSY);
            return false;
        }
        let Some((account, mut tx)) = self
            .resolve(ccr, journal, load)
            .and_then(|a| Some((Arc::clone(&a), self.begin(&a, journal)?)))
        else {
            self.scratch.reset(rc::DIAMETER_USER_UNKNOWN);
            return false;
        };
        let mut out = std::mem::take(&mut self.scratch);
        out.reset(rc::DIAMETER_SUCCESS);
        let mut reservations = Vec::new();
        let reserved = ccr.services.iter().try_for_each(|s| {
            out.services
                .push(self.reserve(&mut tx, s, None, &mut reservations)?);
            Ok(())
        });
        if let Err(refused) = reserved {
            out.refuse(refused);
            self.scratch = out;
            return false;
        }
        out.result = top_result(ccr, &out.services);
        if out.result != rc::DIAMETER_SUCCESS {
            // Not successfully processed: stays Idle, nothing held (the
            // tried reservations are dropped with `tx`).
            self.scratch = out;
            return false;
        }
        self.commit(&account, &tx, journal);
        let session = Session {
            account,
            open: true,
            last_type: RequestType::Initial,
            last_number: ccr.number,
            reservations,
            deadline: later(now, self.policy.tcc),
            last: out,
        };
        let key = Arc::from(ccr.session_id);
        session.journal(&key, &self.clock, journal);
        self.keep(key, session);
        self.open = self.open.saturating_add(1);
        true
    }

    /// CCR-Update and CCR-Termination: debit what was used, release what
    /// it was granted from, grant again (RFC 4006 §5.1.2, §5.1.3, §7).
    fn update(&mut self, ccr: &Ccr<'_>, now: Instant, journal: &mut Journal, last: bool) -> bool {
        let Some(session) = self
            .sessions
            .get(ccr.session_id)
            .filter(|s| s.open && ccr.number == s.last_number.wrapping_add(1))
        else {
            self.scratch.reset(rc::DIAMETER_UNKNOWN_SESSION_ID);
            return false;
        };
        let account = Arc::clone(&session.account);
        let mut held = session.reservations.clone();
        let Some(mut tx) = self.begin(&account, journal) else {
            self.scratch.reset(rc::DIAMETER_UNABLE_TO_COMPLY);
            return false;
        };
        let mut out = std::mem::take(&mut self.scratch);
        out.reset(rc::DIAMETER_SUCCESS);
        let charged = ccr.services.iter().try_for_each(|s| {
            let previous = take_reservation(&mut held, s.key);
            charge(&mut tx, s, previous)?;
            if !last {
                out.services
                    .push(self.reserve(&mut tx, s, previous, &mut held)?);
            }
            Ok(())
        });
        out.result = top_result(ccr, &out.services);
        let close = last || out.result != rc::DIAMETER_SUCCESS;
        let released = match charged {
            Ok(()) if close => held.drain(..).try_for_each(|r| release(&mut tx, &r)),
            other => other,
        };
        if let Err(refused) = released {
            out.refuse(refused);
            self.scratch = out;
            return false;
        }
        self.commit(&account, &tx, journal);
        let Some(session) = self.sessions.get_mut(ccr.session_id) else {
            self.scratch = out;
            return false;
        };
        session.reservations = held;
        session.last_type = ccr.request_type.unwrap_or(RequestType::Update);
        session.last_number = ccr.number;
        session.open = !close;
        if close {
            self.open = self.open.saturating_sub(1);
        }
        // Closed: kept, and stored, until the end of the duplicate window
        // (RFC 4006 §5.1.2), its row's deadline.
        session.deadline = later(
            now,
            if close {
                self.policy.duplicate_window
            } else {
                self.policy.tcc
            },
        );
        self.scratch = std::mem::replace(&mut session.last, out);
        if let Some((key, s)) = self.sessions.get_key_value(ccr.session_id) {
            s.journal(key, &self.clock, journal);
        }
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
        if self.sessions.get(ccr.session_id).is_some_and(|s| s.open) {
            // The Session-Id of an open session-based credit-control
            // session: an event must not take its place (and its
            // reservations with it), as a second CCR-Initial does not.
            self.scratch.reset(rc::DIAMETER_UNABLE_TO_COMPLY);
            return false;
        }
        let Some((account, mut tx)) = self
            .resolve(ccr, journal, load)
            .and_then(|a| Some((Arc::clone(&a), self.begin(&a, journal)?)))
        else {
            self.scratch.reset(rc::DIAMETER_USER_UNKNOWN);
            return false;
        };
        let mut out = std::mem::take(&mut self.scratch);
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
            match self.event_action(&mut tx, action, unit, amount, &mut out) {
                Ok((result, grant)) => out.services.push(ServiceOutcome {
                    key: s.key,
                    result,
                    grant,
                }),
                Err(refused) => {
                    out.refuse(refused);
                    self.scratch = out;
                    return false;
                }
            }
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
        self.commit(&account, &tx, journal);
        let session = Session {
            account,
            open: false,
            last_type: RequestType::Event,
            last_number: ccr.number,
            reservations: Vec::new(),
            deadline: later(now, self.policy.duplicate_window),
            last: out,
        };
        let key: Arc<str> = ccr.session_id.into();
        // Stored closed with its answer for the duplicate window, as an
        // ended session is (in place of the row of a closed session of
        // the same Session-Id): a duplicate resent after a restart, or to
        // another node, is answered again and charged once (RFC 4006
        // §5.1.2).
        session.journal(&key, &self.clock, journal);
        self.keep(key, session);
        true
    }

    /// Keeps `session`; the answer it replaces lends its memory to the next.
    fn keep(&mut self, id: Arc<str>, session: Session) {
        if let Some(old) = self.sessions.insert(id, session) {
            self.scratch = old.last;
        }
    }

    /// Takes `stored` as session `id`, in place of any copy held (the
    /// store's row is the newer). Returns false, holding nothing for
    /// `id`, when its state does not decode: no session (logged).
    fn adopt(&mut self, id: &str, stored: StoredSession) -> bool {
        let Some((reservations, last)) = row::decode(&stored.state) else {
            error!(
                session = id,
                "a stored session that does not decode: no session"
            );
            self.forget(id);
            return false;
        };
        let open = stored.open;
        let session = Session {
            account: stored.account,
            open,
            last_type: stored.last_type,
            last_number: stored.last_number,
            reservations,
            deadline: self.clock.instant(stored.deadline),
            last,
        };
        if self
            .sessions
            .insert(id.into(), session)
            .is_some_and(|s| s.open)
        {
            self.open = self.open.saturating_sub(1);
        }
        if open {
            self.open = self.open.saturating_add(1);
        }
        true
    }

    /// Forgets the copy of session `id`, releasing nothing.
    fn forget(&mut self, id: &str) {
        if self.sessions.remove(id).is_some_and(|s| s.open) {
            self.open = self.open.saturating_sub(1);
        }
    }

    /// Takes back, at start, the sessions a previous run of this OCS
    /// stored (RFC 4006 §7), with their accounts (read by `load`): those
    /// whose Tcc expired while it was down release their reservations
    /// and are closed (as [`expire`](Self::expire) closes them); the
    /// other Open ones are held again and go on at their next request.
    /// Closed ones still in their duplicate window are held again to
    /// answer a duplicate of their last request with the same answer,
    /// charged once (RFC 4006 §5.1.2); those past it are removed. A row
    /// whose state does not decode, or whose account is gone, is no
    /// session and is removed (logged). The changes go to `journal`.
    /// Returns how many sessions are Open again and how many were
    /// released.
    pub fn resume(
        &mut self,
        stored: Vec<(String, StoredSession)>,
        now: Instant,
        journal: &mut Journal,
        load: &mut Loader<'_>,
    ) -> (usize, usize) {
        for (id, mut s) in stored {
            let Some(account) = self.fetch(&s.account, load) else {
                error!(
                    session = id,
                    subscriber = &*s.account,
                    "a stored session of an account that is gone: no session"
                );
                journal.sessions.insert(id.into(), None);
                continue;
            };
            s.account = account;
            if !self.adopt(&id, s) {
                journal.sessions.insert(id.into(), None);
            }
        }
        let released = self.expire(now, journal);
        (self.open, released)
    }

    /// Replaces the copies of sessions `ids` with the store's rows
    /// `fresh`, read under their locks in the batch's transaction: on a
    /// store shared by several servers the rows are the authority, and a
    /// session may have gone on, ended or expired at another node. A
    /// closed row answers a duplicate of its last request as it did
    /// where it closed (RFC 4006 §5.1.2), and any other request for it
    /// as an ended session. A copy with no row is forgotten (its window
    /// ended, or it expired, elsewhere).
    pub fn refresh_sessions<'s>(
        &mut self,
        ids: impl IntoIterator<Item = &'s str>,
        fresh: Vec<(String, StoredSession)>,
    ) {
        for id in ids {
            self.forget(id);
        }
        for (id, s) in fresh {
            self.adopt(&id, s);
        }
    }

    /// One event action on one service: its Result-Code and, for a
    /// direct debit, its grant.
    fn event_action(
        &self,
        tx: &mut Tx,
        action: Action,
        unit: Unit,
        amount: u64,
        out: &mut Outcome,
    ) -> Result<(u32, Option<Grant>), Refused> {
        let free = tx.free(unit);
        let invalid = Refused::invalid(UnitsAvp::Requested, unit, amount);
        match action {
            Action::DirectDebiting if free < amount => {
                Ok((rc::DIAMETER_CREDIT_LIMIT_REACHED, None))
            }
            Action::DirectDebiting => {
                tx.debit(unit, amount).ok_or(invalid)?;
                let grant = Grant {
                    unit,
                    amount,
                    final_units: false,
                };
                Ok((rc::DIAMETER_SUCCESS, Some(grant)))
            }
            Action::RefundAccount => {
                tx.refund(unit, amount).ok_or(invalid)?;
                Ok((rc::DIAMETER_SUCCESS, None))
            }
            Action::CheckBalance => {
                out.enough_credit = Some(out.enough_credit.unwrap_or(true) && free >= amount);
                Ok((rc::DIAMETER_SUCCESS, None))
            }
            Action::PriceEnquiry => {
                // RFC 4006 §9.2: a price this server cannot express is a
                // rating failure, with the units asked for in Failed-AVP.
                let unrated = Refused {
                    result: rc::DIAMETER_RATING_FAILED,
                    ..invalid
                };
                let tariff = self.policy.tariff;
                let cents = tariff.cents(unit, amount).ok_or(unrated)?;
                let cost = out.cost.get_or_insert(Cost {
                    cents: 0,
                    currency: tariff.currency,
                });
                cost.cents = cost.cents.checked_add(cents).ok_or(unrated)?;
                Ok((rc::DIAMETER_SUCCESS, None))
            }
        }
    }

    /// Grants what service `s` asks for, up to the grant size and the free
    /// balance; the last units carry Final-Unit-Indication (RFC 4006 §5.6.1).
    fn reserve(
        &self,
        tx: &mut Tx,
        s: &ServiceRequest,
        previous: Option<Reservation>,
        held: &mut Vec<Reservation>,
    ) -> Result<ServiceOutcome, Refused> {
        let mut outcome = ServiceOutcome {
            key: s.key,
            result: rc::DIAMETER_SUCCESS,
            grant: None,
        };
        let Some(requested) = s.requested else {
            return Ok(outcome);
        };
        let (unit, asked) = match requested.first() {
            Some((unit, amount)) => (unit, Some(amount)),
            // RFC 4006 §8.22: money needs rating this server does not do.
            None if requested.money.is_some() => {
                outcome.result = rc::DIAMETER_RATING_FAILED;
                return Ok(outcome);
            }
            None => (previous.map_or(self.policy.default_unit, |r| r.unit), None),
        };
        let size = self.policy.grant[unit.index()].max(1);
        let want = asked.filter(|&a| a > 0).map_or(size, |a| a.min(size));
        let free = tx.free(unit);
        if free == 0 {
            outcome.result = rc::DIAMETER_CREDIT_LIMIT_REACHED;
            return Ok(outcome);
        }
        let grant = Grant {
            unit,
            amount: want.min(free),
            final_units: free <= want,
        };
        tx.reserve(unit, grant.amount).ok_or(Refused::invalid(
            UnitsAvp::Requested,
            unit,
            asked.unwrap_or(grant.amount),
        ))?;
        held.push(Reservation {
            key: s.key,
            unit,
            amount: grant.amount,
        });
        outcome.grant = Some(grant);
        Ok(outcome)
    }

    /// Releases every reservation in `held` (a session going Idle without
    /// a request: Tcc expiry, stop).
    fn release_held(&mut self, account: &Arc<str>, held: &[Reservation], journal: &mut Journal) {
        let Some(mut tx) = self.begin(account, journal) else {
            return;
        };
        match held.iter().try_for_each(|r| release(&mut tx, r)) {
            Ok(()) => self.commit(account, &tx, journal),
            Err(_) => error!(
                subscriber = &**account,
                "reservations past what the account holds: not released"
            ),
        }
    }

    /// A copy of `account`'s buckets and pending deltas to try a request on.
    fn begin(&self, account: &str, journal: &Journal) -> Option<Tx> {
        let a = self.accounts.get(account)?;
        Some(Tx {
            buckets: a.buckets,
            delta: journal.changes.get(account).copied().unwrap_or_default(),
            changed: false,
        })
    }

    /// Keeps what `tx` tried: the account's buckets and the journal's
    /// deltas (both already summed, checked, by [`Tx::apply`]).
    fn commit(&mut self, account: &Arc<str>, tx: &Tx, journal: &mut Journal) {
        if !tx.changed {
            return;
        }
        if let Some(a) = self.accounts.get_mut(account) {
            a.buckets = tx.buckets;
            journal.record(account, tx.delta);
        }
    }

    /// Applies credits made in the store to the accounts held here that
    /// were loaded before them (the store already holds them). A credit
    /// that would take a bucket past `i64::MAX` is not applied (the store
    /// refuses such credits, see [`super::store::Store::add`]).
    pub fn apply_credits(&mut self, credits: &[Credit]) {
        for c in credits {
            let Some(a) = self.accounts.get_mut(c.subscriber.as_str()) else {
                continue;
            };
            if c.id <= a.credits_seen {
                continue;
            }
            a.credits_seen = c.id;
            let mut buckets = a.buckets;
            let fits = buckets.iter_mut().zip(c.amounts).all(|(b, amount)| {
                match (
                    b.provisioned.checked_add(amount),
                    b.balance.checked_add(amount),
                ) {
                    (Some(provisioned), Some(balance)) => {
                        (b.provisioned, b.balance) = (provisioned, balance);
                        true
                    }
                    _ => false,
                }
            });
            if fits {
                a.buckets = buckets;
            } else {
                error!(
                    subscriber = c.subscriber,
                    credit = c.id,
                    "a credit past what the account can hold: not applied"
                );
            }
        }
    }

    /// The accounts a request may change: its session's, then the
    /// identities it names, appended to `into`.
    pub fn accounts_of(&self, ccr: &Ccr<'_>, into: &mut Vec<String>) {
        if let Some(s) = self.sessions.get(ccr.session_id) {
            into.push(s.account.to_string());
        }
        into.extend(ccr.subscriber_ids().map(str::to_string));
    }

    /// Replaces the copies of the accounts `subscribers` with the store's
    /// `fresh` rows (forgetting those the store does not hold): with a
    /// store shared by several servers the store is the authority, read
    /// under its row locks before each batch.
    pub fn refresh(&mut self, subscribers: &[String], fresh: Vec<Account>) {
        for s in subscribers {
            self.accounts.remove(s.as_str());
        }
        for a in fresh {
            self.accounts.insert(Arc::clone(&a.subscriber), a);
        }
    }

    /// The state of `sessions` now, for [`restore`](Self::restore).
    pub fn checkpoint<'s>(&self, sessions: impl IntoIterator<Item = &'s str>) -> Checkpoint {
        Checkpoint {
            sessions: sessions
                .into_iter()
                .map(|id| (Arc::from(id), self.sessions.get(id).cloned()))
                .collect(),
            open: (self.open, self.open),
            refused: (self.refused, self.refused),
        }
    }

    /// Records in `checkpoint` the counters after its batch ran, so that
    /// [`restore`](Self::restore) takes back only that batch's changes.
    pub fn seal(&self, checkpoint: &mut Checkpoint) {
        checkpoint.open.1 = self.open;
        checkpoint.refused.1 = self.refused;
    }

    /// Puts the sessions of `checkpoint` back as they were (the batch
    /// that changed them was not committed). Their accounts are read from
    /// the store again before the next batch ([`refresh`](Self::refresh)).
    pub fn restore(&mut self, checkpoint: Checkpoint) {
        // In reverse, so a session named twice ends as it was first.
        for (id, session) in checkpoint.sessions.into_iter().rev() {
            match session {
                Some(s) => {
                    self.sessions.insert(id, s);
                }
                None => {
                    self.sessions.remove(&*id);
                }
            }
        }
        let (before, after) = checkpoint.open;
        self.open = (self.open + before).saturating_sub(after);
        let (before, after) = checkpoint.refused;
        self.refused = (self.refused.saturating_add(before)).saturating_sub(after);
    }

    /// Runs the session supervision timers: an Open session whose Tcc
    /// expired releases its reservations, goes Idle (RFC 4006 §7) and is
    /// kept closed for the duplicate window, its row with it; a closed
    /// session is forgotten when the window ends (RFC 4006 §5.1.2), and
    /// its row removed. Returns how many sessions were released.
    pub fn expire(&mut self, now: Instant, journal: &mut Journal) -> usize {
        (0..SHARDS)
            .map(|shard| self.expire_shard(shard, now, journal))
            .sum()
    }

    /// [`expire`](Self::expire) for the sessions of one shard (of
    /// [`SHARDS`]): a caller holding the ledger's lock for each shard in
    /// turn holds it for a [`SHARDS`]th of the sessions at a time.
    pub fn expire_shard(&mut self, shard: usize, now: Instant, journal: &mut Journal) -> usize {
        let mut expired = Vec::new();
        let mut ended = Vec::new();
        let window = self.policy.duplicate_window;
        self.sessions.retain_shard(shard, |id, s| {
            if now < s.deadline {
                return true;
            }
            if !s.open {
                ended.push(Arc::clone(id));
                return false;
            }
            s.open = false;
            s.deadline = later(now, window);
            expired.push((
                Arc::clone(id),
                Arc::clone(&s.account),
                std::mem::take(&mut s.reservations),
            ));
            true
        });
        let released = expired.len();
        self.open = self.open.saturating_sub(released);
        for (id, account, held) in expired {
            self.release_held(&account, &held, journal);
            if let Some((key, s)) = self.sessions.get_key_value(&*id) {
                s.journal(key, &self.clock, journal);
            }
        }
        for id in ended {
            journal.sessions.insert(id, None);
        }
        released
    }

    /// Forgets the copies of shard `shard` (of [`SHARDS`]) whose deadline
    /// passed, releasing nothing: on a store shared by several servers,
    /// where another node may have extended a session this copy knows of,
    /// the store expires its rows itself, checking each row's deadline
    /// (see [`expire_stored`]). Returns how many Open ones were forgotten.
    pub fn forget_shard(&mut self, shard: usize, now: Instant) -> usize {
        let mut open = 0;
        self.sessions.retain_shard(shard, |_, s| {
            let passed = now >= s.deadline;
            open += usize::from(passed && s.open);
            !passed
        });
        self.open = self.open.saturating_sub(open);
        open
    }
}

/// Adds to `journal` what the `stored` rows whose deadline passed
/// become, on a store shared by several servers, for rows read under
/// their locks with their deadline checked (as [`Ledger::expire`] does
/// for its own sessions):
///
/// - an Open session, whose Tcc expired (RFC 4006 §7), releases its
///   reservations and is kept closed with its last answer until
///   `closed_until` (Unix ms), the end of its duplicate window, for a
///   duplicate of its last request to be answered again, charged once
///   (RFC 4006 §5.1.2);
/// - a closed session, its duplicate window over, is removed, releasing
///   nothing (it holds nothing).
///
/// A state that does not decode, or a release past what a bucket can
/// hold, releases nothing (logged); the row is removed all the same (no
/// node can continue it). Returns how many sessions were released.
pub fn expire_stored(
    stored: &[(String, StoredSession)],
    closed_until: i64,
    journal: &mut Journal,
) -> usize {
    let mut released = 0;
    for (id, s) in stored {
        let key: Arc<str> = id.as_str().into();
        if !s.open {
            journal.sessions.insert(key, None);
            continue;
        }
        let pending = journal.changes.get(&s.account).copied().unwrap_or_default();
        let closed = row::decode(&s.state).and_then(|(reservations, last)| {
            let deltas = reservations.iter().try_fold(pending, |mut deltas, r| {
                let release = BucketDelta {
                    reserved: i64::try_from(r.amount).ok()?.checked_neg()?,
                    ..BucketDelta::default()
                };
                let d = &mut deltas[r.unit.index()];
                *d = d.checked_add(&release)?;
                Some(deltas)
            })?;
            Some((deltas, last))
        });
        let Some((deltas, last)) = closed else {
            error!(
                session = id.as_str(),
                subscriber = &*s.account,
                "an expired stored session whose reservations cannot be released: removed"
            );
            journal.sessions.insert(key, None);
            continue;
        };
        journal.record(&s.account, deltas);
        let mut state = Vec::new();
        row::encode(&[], &last, &mut state);
        let row = StoredSession {
            account: Arc::clone(&s.account),
            open: false,
            last_type: s.last_type,
            last_number: s.last_number,
            deadline: closed_until,
            state,
        };
        journal.sessions.insert(key, Some(row));
        released += 1;
    }
    released
}

/// Releases the reservation `held` and debits the usage reported,
/// counted in the reservation's unit (else the first unit reported).
fn charge(tx: &mut Tx, s: &ServiceRequest, held: Option<Reservation>) -> Result<(), Refused> {
    if let Some(r) = held {
        release(tx, &r)?;
    }
    let used = match held {
        Some(r) => s.used.get(r.unit).map(|a| (r.unit, a)),
        None => s.used.first(),
    };
    if let Some((unit, amount)) = used {
        tx.debit(unit, amount)
            .ok_or(Refused::invalid(UnitsAvp::Used, unit, amount))?;
    }
    Ok(())
}

/// Releases one reservation; one the bucket cannot give back names the
/// grant it came from.
fn release(tx: &mut Tx, r: &Reservation) -> Result<(), Refused> {
    tx.release(r.unit, r.amount)
        .ok_or(Refused::invalid(UnitsAvp::Requested, r.unit, r.amount))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gy::ccr::{IdType, SubscriptionId, SubscriptionIds};
    use crate::gy::units::Amounts;
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
            max_sessions: 1_000,
        }
    }

    /// A ledger, the store it loads from, and a clock.
    struct Bench {
        ledger: Ledger,
        store: HashMap<String, Account>,
        journal: Journal,
        now: Instant,
        /// Whose Subscription-Id the requests carry.
        subscriber: &'static str,
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
                subscriber: "alice",
            }
        }

        /// Sends one CCR of session `sid` for "alice".
        fn ccr(
            &mut self,
            sid: &str,
            kind: RequestType,
            number: u32,
            service: ServiceRequest,
            retransmit: bool,
            action: Option<Action>,
        ) -> Outcome {
            let bytes = Ccr {
                session_id: sid,
                origin_host: "gw",
                origin_realm: "net",
                destination_realm: "com",
                request_type: Some(kind),
                number,
                subscription_ids: SubscriptionIds::one(SubscriptionId::new(
                    IdType::Imsi,
                    self.subscriber,
                )),
                requested_action: action.map(|a| a as i32),
                multiple_services: true,
                services: [service].into_iter().collect(),
                end_to_end: 1,
                retransmit,
                ..Ccr::default()
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

    fn rsu(used: Option<u64>) -> ServiceRequest {
        ServiceRequest {
            key: RG,
            requested: Some(Amounts::default()),
            used: Amounts::given(Unit::Octets, used),
        }
    }

    fn usu(used: u64) -> ServiceRequest {
        ServiceRequest {
            key: RG,
            requested: None,
            used: Amounts::of(Unit::Octets, used),
        }
    }

    fn grant_of(o: &Outcome) -> Option<Grant> {
        o.services.first().and_then(|s| s.grant)
    }

    /// A batch whose transaction failed is undone from its checkpoint and
    /// the store's rows: run again, it decides the same answers, and the
    /// session that it opened (then undid) is not counted open.
    #[test]
    fn a_batch_restored_from_its_checkpoint_runs_again_the_same() {
        let alice = Account::new("alice", 4000, 0, 0).unwrap();
        let mut b = Bench::new(policy(), std::slice::from_ref(&alice));
        let first = b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(grant_of(&first).map(|g| g.amount), Some(1000));
        // The next batch: s1 reports its use, s2 opens; its commit fails.
        let subscribers = ["alice".to_string()];
        let mut row = alice.clone();
        row.buckets[0].reserved = 1000;
        let mut checkpoint = b.ledger.checkpoint(["s1", "s2"]);
        b.ledger.refresh(&subscribers, vec![row.clone()]);
        let u = b.ccr("s1", RequestType::Update, 1, rsu(Some(1000)), false, None);
        let i = b.ccr("s2", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(b.ledger.open_sessions(), 2);
        b.ledger.seal(&mut checkpoint);
        // Another batch (another store thread) opens a session meanwhile.
        b.ccr("s3", RequestType::Initial, 0, rsu(None), false, None);
        b.ledger.restore(checkpoint);
        assert_eq!(b.ledger.open_sessions(), 2, "s3 stays open, s2 is undone");
        b.ccr("s3", RequestType::Termination, 1, usu(0), false, None);
        assert_eq!(b.ledger.open_sessions(), 1);
        // Run again on the rows as the store still holds them.
        b.journal.clear();
        b.ledger.refresh(&subscribers, vec![row]);
        let again_u = b.ccr("s1", RequestType::Update, 1, rsu(Some(1000)), false, None);
        let again_i = b.ccr("s2", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!((again_u, again_i), (u, i));
        assert_eq!(b.ledger.open_sessions(), 2);
        let o = b.octets();
        assert_eq!((o.balance, o.reserved, o.debited), (3000, 2000, 1000));
        // The journal holds this run's deltas only.
        assert_eq!(
            b.committed(),
            BucketDelta {
                balance: -1000,
                reserved: 1000,
                debited: 1000
            }
        );
    }

    #[test]
    fn sessions_past_the_limit_are_refused_and_open_ones_served() {
        let mut p = policy();
        p.max_sessions = 2;
        let mut b = Bench::new(p, &[Account::new("alice", 10_000, 0, 0).unwrap()]);
        for sid in ["s1", "s2"] {
            let i = b.ccr(sid, RequestType::Initial, 0, rsu(None), false, None);
            assert_eq!(i.result, rc::DIAMETER_SUCCESS);
        }
        let before = b.octets();
        let refused = b.ccr("s3", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(refused.result, rc::DIAMETER_TOO_BUSY);
        assert!(refused.services.is_empty());
        assert_eq!(b.octets(), before, "nothing reserved for it");
        assert_eq!(
            (b.ledger.open_sessions(), b.ledger.refused_sessions()),
            (2, 1)
        );
        // Open sessions go on, a retransmitted CCR-I is answered again,
        // and events are not limited.
        let again = b.ccr("s1", RequestType::Initial, 0, rsu(None), true, None);
        assert_eq!(again.result, rc::DIAMETER_SUCCESS);
        let u = b.ccr("s1", RequestType::Update, 1, rsu(Some(100)), false, None);
        assert_eq!(u.result, rc::DIAMETER_SUCCESS);
        let e = b.ccr("e1", RequestType::Event, 0, rsu_units(1), false, None);
        assert_ne!(e.result, rc::DIAMETER_TOO_BUSY);
        // A session that ends frees its place, as does one whose Tcc expires.
        let t = b.ccr("s1", RequestType::Termination, 2, usu(100), false, None);
        assert_eq!(t.result, rc::DIAMETER_SUCCESS);
        assert_eq!(b.ledger.open_sessions(), 1);
        let i = b.ccr("s3", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(i.result, rc::DIAMETER_SUCCESS);
        let refused = b.ccr("s4", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(refused.result, rc::DIAMETER_TOO_BUSY);
        b.now += Duration::from_secs(61);
        assert_eq!(b.ledger.expire(b.now, &mut b.journal), 2);
        assert_eq!(b.ledger.open_sessions(), 0);
        let i = b.ccr("s4", RequestType::Initial, 0, rsu(None), false, None);
        assert_eq!(i.result, rc::DIAMETER_SUCCESS);
        assert_eq!(b.ledger.refused_sessions(), 2);
    }

    #[test]
    fn ordinary_session_reserves_debits_and_releases() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0).unwrap()]);
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
        let mut b = Bench::new(policy(), &[Account::new("alice", 1500, 0, 0).unwrap()]);
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
        assert_eq!(
            b.journal.created,
            [Account::new("alice", 700, 0, 0).unwrap()]
        );
    }

    #[test]
    fn out_of_sequence_and_unknown_sessions_get_5002() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0).unwrap()]);
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
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 10).unwrap()]);
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

    fn rsu_units(n: u64) -> ServiceRequest {
        ServiceRequest {
            key: RG,
            requested: Some(Amounts::of(Unit::Units, n)),
            used: Amounts::default(),
        }
    }

    #[test]
    fn events_debit_refund_check_and_price() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 0, 0, 10).unwrap()]);
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
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0).unwrap()]);
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
        assert!(b.ledger.sessions.values().next().is_none());
    }

    #[test]
    fn time_grants_use_their_bucket_and_tcc_expiry_releases_them() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 90, 0).unwrap()]);
        let time = ServiceRequest {
            key: RG,
            requested: Some(Amounts::of(Unit::Time, 100)),
            used: Amounts::default(),
        };
        let i = b.ccr("s1", RequestType::Initial, 0, time, false, None);
        assert_eq!(
            grant_of(&i).map(|g| (g.unit, g.amount)),
            Some((Unit::Time, 60))
        );
        assert_eq!(b.octets().reserved, 0);
        let mut j = Journal::default();
        let expiry = b.now + Duration::from_secs(61);
        b.ledger.expire(expiry, &mut j);
        assert_eq!(j.changes["alice"][1].reserved, -60);
        // Closed in the store too, for the duplicate window, holding nothing.
        let row = j.sessions["s1"].clone().expect("kept closed");
        let window_end = b.ledger.unix_millis(expiry + Duration::from_secs(10));
        assert_eq!((row.open, row.deadline), (false, window_end));
        assert!(row::decode(&row.state).unwrap().0.is_empty());
    }

    /// The session rows `b`'s journal holds, as a store returns them.
    fn rows(b: &Bench) -> Vec<(String, StoredSession)> {
        b.journal
            .sessions
            .iter()
            .filter_map(|(id, s)| Some((id.to_string(), s.clone()?)))
            .collect()
    }

    /// A new ledger (a restarted OCS) on what `b` committed.
    fn restarted(b: &Bench) -> Bench {
        let alice = b.ledger.account("alice").unwrap().clone();
        Bench::new(policy(), &[alice])
    }

    #[test]
    fn sessions_are_journaled_open_then_closed_and_removed_after_the_window() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 10).unwrap()]);
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        let stored = b.journal.sessions["s1"].clone().unwrap();
        assert_eq!(
            (
                &*stored.account,
                stored.open,
                stored.last_type,
                stored.last_number
            ),
            ("alice", true, RequestType::Initial, 0)
        );
        let tcc = b.ledger.unix_millis(b.now + Duration::from_secs(60));
        assert_eq!(stored.deadline, tcc);
        b.ccr("s1", RequestType::Update, 1, rsu(Some(10)), false, None);
        assert_eq!(b.journal.sessions.len(), 1, "the last state only");
        assert_eq!(
            b.journal.sessions["s1"].as_ref().map(|s| s.last_number),
            Some(1)
        );
        b.journal.clear();
        let t = b.ccr("s1", RequestType::Termination, 2, usu(10), false, None);
        // RFC 4006 §5.1.2: closed, its row kept with the CCR-T's answer
        // until the end of the duplicate window.
        let closed = b.journal.sessions["s1"].clone().expect("kept closed");
        let window_end = b.ledger.unix_millis(b.now + Duration::from_secs(10));
        assert_eq!(
            (
                closed.open,
                closed.last_type,
                closed.last_number,
                closed.deadline
            ),
            (false, RequestType::Termination, 2, window_end)
        );
        let (held, last) = row::decode(&closed.state).unwrap();
        assert!(held.is_empty());
        assert_eq!(last, t);
        // The window ends: the row is removed.
        b.journal.clear();
        b.ledger
            .expire(b.now + Duration::from_millis(9_999), &mut b.journal);
        assert!(b.journal.is_empty());
        b.ledger
            .expire(b.now + Duration::from_secs(10), &mut b.journal);
        assert_eq!(b.journal.sessions.get("s1"), Some(&None));
        // A refused request stores nothing; an event is stored closed
        // with its answer (RFC 4006 §5.1.2), and its row removed when its
        // window ends.
        b.journal.clear();
        b.ccr("s9", RequestType::Update, 1, rsu(Some(1)), false, None);
        assert!(b.journal.sessions.is_empty());
        let e = b.ccr("e1", RequestType::Event, 0, rsu_units(1), false, None);
        let row = b.journal.sessions["e1"].clone().expect("stored");
        assert_eq!(
            (row.open, row.last_type, row.last_number),
            (false, RequestType::Event, 0)
        );
        let (held, last) = row::decode(&row.state).unwrap();
        assert!(held.is_empty());
        assert_eq!(last, e);
        b.journal.clear();
        b.ledger
            .expire(b.now + Duration::from_secs(10), &mut b.journal);
        assert_eq!(b.journal.sessions.get("e1"), Some(&None));
        // An event that takes a closed session's Session-Id takes its row.
        b.ccr("s2", RequestType::Initial, 0, rsu(None), false, None);
        b.ccr("s2", RequestType::Termination, 1, usu(1), false, None);
        b.journal.clear();
        b.ccr("s2", RequestType::Event, 0, rsu_units(1), false, None);
        let row = b.journal.sessions["s2"].clone().expect("the event's row");
        assert_eq!((row.open, row.last_type), (false, RequestType::Event));
    }

    #[test]
    fn a_stored_session_goes_on_in_a_new_ledger_and_duplicates_are_charged_once() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0).unwrap()]);
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        let u = b.ccr("s1", RequestType::Update, 1, rsu(Some(400)), false, None);
        let mut after = restarted(&b);
        let alice = b.ledger.account("alice").unwrap().clone();
        let (held, released) =
            after
                .ledger
                .resume(rows(&b), after.now, &mut after.journal, &mut |_| {
                    Some(alice.clone())
                });
        assert_eq!((held, released), (1, 0));
        assert!(after.journal.is_empty());
        assert_eq!(after.ledger.open_sessions(), 1);
        let again = after.ccr("s1", RequestType::Update, 1, rsu(Some(400)), true, None);
        assert_eq!(again, u, "answered again");
        assert!(after.journal.is_empty(), "charged once");
        let u2 = after.ccr("s1", RequestType::Update, 2, rsu(Some(1000)), false, None);
        assert_eq!(u2.result, rc::DIAMETER_SUCCESS);
        let t = after.ccr("s1", RequestType::Termination, 3, usu(5), false, None);
        assert_eq!(t.result, rc::DIAMETER_SUCCESS);
        let o = after.octets();
        assert_eq!((o.balance, o.reserved, o.debited), (8595, 0, 1405));
        // Restarted again within the duplicate window: the CCR-T resent
        // with the T flag is answered again, charged once (RFC 4006
        // §5.1.2); anything else for the session is for an ended one.
        let mut again = restarted(&after);
        let alice = after.ledger.account("alice").unwrap().clone();
        let (held, released) =
            again
                .ledger
                .resume(rows(&after), again.now, &mut again.journal, &mut |_| {
                    Some(alice.clone())
                });
        assert_eq!((held, released), (0, 0));
        assert!(again.journal.is_empty(), "kept: within its window");
        let t2 = again.ccr("s1", RequestType::Termination, 3, usu(5), true, None);
        assert_eq!(t2, t, "answered again");
        assert!(again.journal.is_empty(), "charged once");
        for (kind, number, retransmit) in [
            (RequestType::Termination, 3, false),
            (RequestType::Update, 4, false),
            (RequestType::Termination, 4, true),
        ] {
            let other = again.ccr("s1", kind, number, usu(5), retransmit, None);
            assert_eq!(other.result, rc::DIAMETER_UNKNOWN_SESSION_ID);
        }
        assert!(again.journal.is_empty());
        assert_eq!(again.octets(), after.octets());
    }

    #[test]
    fn closed_rows_past_their_window_are_dropped_at_start() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0).unwrap()]);
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        let t = b.ccr("s1", RequestType::Termination, 1, usu(100), false, None);
        let stored = rows(&b);
        assert!(stored.iter().all(|(_, s)| !s.open));
        let alice = b.ledger.account("alice").unwrap().clone();
        let resume_at = |secs: u64| {
            let mut after = restarted(&b);
            let at = after.now + Duration::from_secs(secs);
            let counts = after
                .ledger
                .resume(stored.clone(), at, &mut after.journal, &mut |_| {
                    Some(alice.clone())
                });
            after.now = at;
            (after, counts)
        };
        // Within the window (10 s): held closed, answering the duplicate.
        let (mut within, counts) = resume_at(5);
        assert_eq!(counts, (0, 0));
        assert!(within.journal.is_empty());
        let again = within.ccr("s1", RequestType::Termination, 1, usu(100), true, None);
        assert_eq!(again, t);
        assert!(within.journal.is_empty(), "charged once");
        // Past it: removed, nothing released, and the duplicate finds no
        // session.
        let (mut past, counts) = resume_at(11);
        assert_eq!(counts, (0, 0));
        assert!(past.journal.changes.is_empty(), "nothing released");
        assert_eq!(past.journal.sessions.len(), 1);
        assert_eq!(past.journal.sessions.get("s1"), Some(&None));
        let late = past.ccr("s1", RequestType::Termination, 1, usu(100), true, None);
        assert_eq!(late.result, rc::DIAMETER_UNKNOWN_SESSION_ID);
        assert!(past.ledger.sessions.values().next().is_none());
    }

    #[test]
    fn stored_sessions_past_their_tcc_or_corrupt_are_released_or_dropped_at_start() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0).unwrap()]);
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        b.ccr("s2", RequestType::Initial, 0, rsu(None), false, None);
        let mut stored = rows(&b);
        stored.sort_by(|x, y| x.0.cmp(&y.0));
        stored[1].1.state.truncate(3);
        let mut after = restarted(&b);
        let alice = b.ledger.account("alice").unwrap().clone();
        let later = after.now + Duration::from_secs(61);
        let (held, released) = after
            .ledger
            .resume(stored, later, &mut after.journal, &mut |_| {
                Some(alice.clone())
            });
        assert_eq!((held, released), (0, 1));
        assert_eq!(after.journal.changes["alice"][0].reserved, -1000);
        // The expired one closed for the duplicate window, the corrupt one
        // removed.
        assert_eq!(after.journal.sessions.len(), 2);
        let s1 = after.journal.sessions["s1"].as_ref().expect("closed");
        assert!(!s1.open && row::decode(&s1.state).unwrap().0.is_empty());
        assert_eq!(after.journal.sessions.get("s2"), Some(&None));
        let u = after.ccr("s1", RequestType::Update, 1, rsu(Some(1)), false, None);
        assert_eq!(u.result, rc::DIAMETER_UNKNOWN_SESSION_ID);
        assert_eq!(after.ledger.open_sessions(), 0);
    }

    #[test]
    fn expired_rows_release_their_reservations_by_delta() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 60, 0).unwrap()]);
        let i = b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        let stored = rows(&b);
        let mut j = Journal::default();
        assert_eq!(expire_stored(&stored, 77, &mut j), 1);
        assert_eq!(expire_stored(&stored, 77, &mut j), 1);
        assert_eq!(j.changes["alice"][0].reserved, -2000, "deltas add up");
        // Kept closed until the end of its window, holding nothing, with
        // its last answer.
        let closed = j.sessions["s1"].clone().unwrap();
        assert_eq!(
            (
                closed.open,
                closed.deadline,
                closed.last_type,
                closed.last_number
            ),
            (false, 77, RequestType::Initial, 0)
        );
        let (held, last) = row::decode(&closed.state).unwrap();
        assert!(held.is_empty());
        assert_eq!(last, i);
        // Its window over, the closed row goes, releasing nothing.
        let mut j = Journal::default();
        assert_eq!(expire_stored(&[("s1".into(), closed)], 99, &mut j), 0);
        assert!(j.changes.is_empty());
        assert_eq!(j.sessions.get("s1"), Some(&None));
        let mut corrupt = stored;
        corrupt[0].1.state = vec![1, 0, 0];
        let mut j = Journal::default();
        assert_eq!(expire_stored(&corrupt, 77, &mut j), 0);
        assert!(j.changes.is_empty());
        assert_eq!(j.sessions.get("s1"), Some(&None));
    }

    #[test]
    fn credits_apply_once_and_only_past_the_loaded_copy() {
        let mut loaded = Account::new("alice", 100, 0, 0).unwrap();
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
        // A credit that would take a bucket past i64::MAX is not applied,
        // not even to the buckets it would fit.
        let before = b.ledger.account("alice").unwrap().buckets;
        let huge = Credit {
            id: 8,
            subscriber: "alice".into(),
            amounts: [i64::MAX, 0, 1],
        };
        b.ledger.apply_credits(&[huge]);
        assert_eq!(b.ledger.account("alice").unwrap().buckets, before);
    }

    /// 2^63: one past what a bucket holds.
    const HUGE: u64 = 1 << 63;

    #[test]
    fn refund_of_two_to_the_63_is_refused_and_changes_nothing() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 0, 0, 10).unwrap()]);
        b.ccr("e0", RequestType::Event, 0, rsu_units(4), false, None);
        b.journal.clear();
        let before = b.ledger.account("alice").unwrap().clone();
        let r = b.ccr(
            "e1",
            RequestType::Event,
            0,
            rsu_units(HUGE),
            false,
            Some(Action::RefundAccount),
        );
        assert_eq!(r.result, rc::DIAMETER_INVALID_AVP_VALUE);
        let failed = FailedUnits {
            avp: UnitsAvp::Requested,
            unit: Unit::Units,
            amount: HUGE,
        };
        assert_eq!((r.failed, r.services.len()), (Some(failed), 0));
        assert_eq!(b.ledger.account("alice"), Some(&before));
        assert!(b.journal.is_empty(), "no journal entry");
        assert!(b.ledger.sessions.get("e1").is_none());
        // Up to i64::MAX fits: the balance goes to it, the net debits below 0.
        let r = b.ccr(
            "e2",
            RequestType::Event,
            0,
            rsu_units(i64::MAX.unsigned_abs() - 6),
            false,
            Some(Action::RefundAccount),
        );
        assert_eq!(r.result, rc::DIAMETER_SUCCESS);
        let u = *b.ledger.account("alice").unwrap().bucket(Unit::Units);
        assert_eq!((u.balance, u.debited), (i64::MAX, 10 - i64::MAX));
        let again = b.ccr(
            "e3",
            RequestType::Event,
            0,
            rsu_units(1),
            false,
            Some(Action::RefundAccount),
        );
        assert_eq!(again.result, rc::DIAMETER_INVALID_AVP_VALUE);
        assert_eq!(*b.ledger.account("alice").unwrap().bucket(Unit::Units), u);
    }

    #[test]
    fn usage_and_prices_past_the_limits_are_refused() {
        let mut b = Bench::new(policy(), &[Account::new("alice", 10_000, 0, 0).unwrap()]);
        b.ccr("s1", RequestType::Initial, 0, rsu(None), false, None);
        b.journal.clear();
        let u = b.ccr(
            "s1",
            RequestType::Update,
            1,
            rsu(Some(u64::MAX)),
            false,
            None,
        );
        assert_eq!(u.result, rc::DIAMETER_INVALID_AVP_VALUE);
        assert_eq!(
            u.failed.map(|f| (f.avp, f.amount)),
            Some((UnitsAvp::Used, u64::MAX))
        );
        assert_eq!((b.octets().reserved, b.octets().debited), (1000, 0));
        assert!(b.journal.is_empty());
        // The session is as it was: the same number is still the next one.
        let u = b.ccr("s1", RequestType::Update, 1, rsu(Some(10)), false, None);
        assert_eq!(u.result, rc::DIAMETER_SUCCESS);
        let mut p = policy();
        p.tariff.units_per_cent = 1;
        let mut b = Bench::new(p, &[Account::new("alice", 0, 0, 0).unwrap()]);
        let price = b.ccr(
            "p1",
            RequestType::Event,
            0,
            rsu_units(u64::MAX),
            false,
            Some(Action::PriceEnquiry),
        );
        assert_eq!(
            (price.result, price.cost),
            (rc::DIAMETER_RATING_FAILED, None)
        );
        assert!(price.failed.is_some());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// Amounts with the edges: 0, i64::MAX, 2^63, u64::MAX.
        fn amount() -> impl Strategy<Value = u64> {
            prop_oneof![
                Just(0),
                Just(i64::MAX.unsigned_abs()),
                Just(HUGE),
                Just(u64::MAX),
                0..3000u64,
                any::<u64>(),
            ]
        }

        fn unit() -> impl Strategy<Value = Unit> {
            prop_oneof![Just(Unit::Octets), Just(Unit::Time), Just(Unit::Units)]
        }

        /// One step: a CCR of one of three sessions of one of two
        /// subscribers, or the Tcc timer.
        #[derive(Debug, Clone)]
        enum Step {
            Ccr {
                session: usize,
                who: usize,
                kind: RequestType,
                unit: Unit,
                requested: Option<u64>,
                used: Option<u64>,
                action: Option<Action>,
            },
            Expire,
        }

        fn step() -> impl Strategy<Value = Step> {
            let kind = prop_oneof![
                Just(RequestType::Initial),
                Just(RequestType::Update),
                Just(RequestType::Termination),
                Just(RequestType::Event),
            ];
            let action = prop_oneof![
                Just(None),
                Just(Some(Action::DirectDebiting)),
                Just(Some(Action::RefundAccount)),
                Just(Some(Action::CheckBalance)),
                Just(Some(Action::PriceEnquiry)),
            ];
            prop_oneof![
                10 => (
                    0..3usize,
                    0..2usize,
                    kind,
                    unit(),
                    proptest::option::of(amount()),
                    proptest::option::of(amount()),
                    action,
                )
                    .prop_map(|(session, who, kind, unit, requested, used, action)| Step::Ccr {
                        session,
                        who,
                        kind,
                        unit,
                        requested,
                        used,
                        action,
                    }),
                1 => Just(Step::Expire),
            ]
        }

        const WHO: [&str; 2] = ["alice", "bob"];

        /// What the ledger holds in each bucket, against the sum of what
        /// its sessions hold there.
        fn check(
            ledger: &Ledger,
            store: &HashMap<String, [Bucket; 3]>,
        ) -> Result<(), TestCaseError> {
            for (name, a) in &ledger.accounts {
                for unit in Unit::ALL {
                    let b = a.bucket(unit);
                    prop_assert_eq!(
                        b.balance.checked_add(b.debited),
                        Some(b.provisioned),
                        "{} {:?}: provisioned = balance + debited",
                        name,
                        unit
                    );
                    let held: u64 = ledger
                        .sessions
                        .values()
                        .filter(|s| s.open && s.account == *name)
                        .flat_map(|s| &s.reservations)
                        .filter(|r| r.unit == unit)
                        .map(|r| r.amount)
                        .sum();
                    prop_assert!(b.reserved >= 0, "{name} {unit:?}: reserved {}", b.reserved);
                    prop_assert_eq!(u64::try_from(b.reserved).ok(), Some(held));
                    prop_assert!(b.provisioned >= 0);
                }
                // The journals committed so far give the same account.
                prop_assert_eq!(
                    store.get(&**name),
                    Some(&a.buckets),
                    "{} as committed",
                    name
                );
            }
            prop_assert_eq!(
                ledger.open_sessions(),
                ledger.sessions.values().filter(|s| s.open).count()
            );
            Ok(())
        }

        /// Commits the journal to `store` as the SQL update would,
        /// every sum checked.
        fn commit(
            journal: &mut Journal,
            store: &mut HashMap<String, [Bucket; 3]>,
        ) -> Result<(), TestCaseError> {
            for a in &journal.created {
                store.entry(a.subscriber.to_string()).or_insert(a.buckets);
            }
            for (name, deltas) in &journal.changes {
                let buckets = store
                    .get_mut(&**name)
                    .ok_or_else(|| TestCaseError::fail("not created"))?;
                for (b, d) in buckets.iter_mut().zip(deltas) {
                    let sum = |x: i64, y: i64| {
                        x.checked_add(y)
                            .ok_or_else(|| TestCaseError::fail("commit overflows"))
                    };
                    b.balance = sum(b.balance, d.balance)?;
                    b.reserved = sum(b.reserved, d.reserved)?;
                    b.debited = sum(b.debited, d.debited)?;
                }
            }
            journal.clear();
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn ledger_conserves_every_account(
                provisions in proptest::collection::vec((amount(), amount(), amount()), 2),
                steps in proptest::collection::vec(step(), 1..40),
            ) {
                let accounts: Vec<Account> = WHO
                    .iter()
                    .zip(&provisions)
                    .map(|(who, &(o, t, u))| {
                        let fit = |a: u64| a.min(i64::MAX.unsigned_abs());
                        Account::new(who, fit(o), fit(t), fit(u)).unwrap()
                    })
                    .collect();
                let mut store: HashMap<String, [Bucket; 3]> = accounts
                    .iter()
                    .map(|a| (a.subscriber.to_string(), a.buckets))
                    .collect();
                let mut b = Bench::new(policy(), &accounts);
                for a in accounts {
                    b.ledger.accounts.insert(Arc::clone(&a.subscriber), a);
                }
                let mut next = [0u32; 3];
                for step in steps {
                    let Step::Ccr { session, who, kind, unit, requested, used, action } = step else {
                        b.now += Duration::from_secs(61);
                        b.ledger.expire(b.now, &mut b.journal);
                        commit(&mut b.journal, &mut store)?;
                        check(&b.ledger, &store)?;
                        continue;
                    };
                    let number = match kind {
                        RequestType::Initial | RequestType::Event => 0,
                        _ => next[session],
                    };
                    next[session] = number.wrapping_add(1);
                    b.subscriber = WHO[who];
                    let sid = format!("s{session}");
                    // Usage counts in the unit of the grant it comes from, if any.
                    let counted = b.ledger.sessions.get(&*sid).filter(|s| s.open).map(|s| {
                        s.reservations.iter().find(|r| r.key == RG).is_none_or(|r| r.unit == unit)
                    });
                    let accounts_before = b.ledger.accounts.clone();
                    let service = ServiceRequest {
                        key: RG,
                        requested: requested.map(|r| Amounts::of(unit, r)),
                        used: Amounts::given(unit, used),
                    };
                    let out = b.ccr(&sid, kind, number, service, false, action);
                    let refused = matches!(
                        out.result,
                        rc::DIAMETER_INVALID_AVP_VALUE | rc::DIAMETER_RATING_FAILED
                    );
                    if refused {
                        prop_assert!(out.failed.is_some(), "an error names its amount");
                        prop_assert!(b.journal.is_empty(), "a refused request journals nothing");
                        prop_assert_eq!(&b.ledger.accounts, &accounts_before);
                    }
                    // Usage the accounts cannot hold is never accepted.
                    let overflowing = used.is_some_and(|u| u > i64::MAX.unsigned_abs())
                        && unit != Unit::Time
                        && counted == Some(true)
                        && matches!(kind, RequestType::Update | RequestType::Termination)
                        && out.result != rc::DIAMETER_UNKNOWN_SESSION_ID;
                    if overflowing {
                        prop_assert_eq!(out.result, rc::DIAMETER_INVALID_AVP_VALUE);
                    }
                    commit(&mut b.journal, &mut store)?;
                    check(&b.ledger, &store)?;
                }
            }
        }
    }
}
