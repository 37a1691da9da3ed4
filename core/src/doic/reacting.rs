//! The reacting node (RFC 7683 §5.2.1.1, §5.2.1.3, §5.2.2, §6.3): a
//! bounded table of the overload reports received and the loss
//! algorithm's verdict on each request about to be sent.

use heapless::{String, Vec};

use super::features::Features;
use super::loss::LossCounter;
use super::report::{OlrError, OverloadReport, ReportType};
use crate::dict::{base, doic as d};
use crate::peer::{Instant, MAX_IDENTITY_LEN};
use crate::wire::Message;

/// Most OC-OLRs of one answer [`ReactingNode::on_answer`] reads: RFC 7683
/// defines two report types, and an answer carries one report of each
/// (§5.2.1.3); any further ones are not read.
pub const MAX_REPORTS_PER_ANSWER: usize = 4;

/// What [`ReactingNode::on_answer`] made of each OC-OLR of an answer.
pub type AnswerReports = Vec<Result<Applied, OlrError>, MAX_REPORTS_PER_ANSWER>;

/// What became of a report given to the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Applied {
    /// A new overload condition: an entry was made (§5.2.1.3).
    Created,
    /// A newer report of a known condition replaced the entry's.
    Updated,
    /// Its sequence number is not greater than the entry's: ignored, the
    /// entry unchanged (§5.2.1.3).
    Stale,
    /// The table was full: the report took the place of the entry that
    /// abated least (an expired one first), which was dropped.
    Evicted {
        /// The dropped entry's reduction (0 when it had expired).
        reduction: u8,
    },
    /// The table was full of entries abating at least as much: the report
    /// was not kept.
    TableFull,
}

/// The verdict on a request about to be sent (RFC 7683 §5.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Decision {
    /// Send it as usual.
    Send,
    /// Give it abatement treatment: divert it or throttle it; an agent
    /// throttling it answers as §8 says. The report type says which report
    /// asked for it.
    Abate(ReportType),
}

/// A report in force in a [`ReactingNode`] (see
/// [`in_force`](ReactingNode::in_force)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InForce<'a> {
    /// The application it is about.
    pub application_id: u32,
    /// Host or realm report.
    pub report_type: ReportType,
    /// The host or realm it is about.
    pub name: &'a str,
    /// The reduction asked for, percent.
    pub reduction: u8,
    /// When it expires.
    pub expires: Instant,
}

/// One overload condition (§5.2.1.1).
#[derive(Debug, Clone)]
struct Entry {
    application_id: u32,
    report_type: ReportType,
    /// The host (host report) or realm (realm report) it concerns.
    name: String<MAX_IDENTITY_LEN>,
    sequence: u64,
    reduction: u8,
    expires: Instant,
    loss: LossCounter,
}

impl Entry {
    /// The reduction in force at `now`: `None` once expired.
    fn in_force(&self, now: Instant) -> Option<u8> {
        (now < self.expires).then_some(self.reduction)
    }

    fn is(&self, application_id: u32, report_type: ReportType, name: &str) -> bool {
        self.application_id == application_id
            && self.report_type == report_type
            && self.name.eq_ignore_ascii_case(name)
    }
}

/// Whether sequence number `new` is newer than `stored`: greater, or
/// rolled over from within 1% of the maximum to within 1% of 0 (§5.2.1.3).
const fn is_newer(new: u64, stored: u64) -> bool {
    const ONE_PERCENT: u64 = u64::MAX / 100;
    new > stored || (stored >= u64::MAX - ONE_PERCENT && new <= ONE_PERCENT)
}

/// A reacting node's overload control state: at most `N` reports, each for
/// an application and a host (host reports) or realm (realm reports).
///
/// Answers go through [`on_answer`](Self::on_answer), requests about to be
/// sent through [`decide`](Self::decide); every request carries
/// [`Features::LOSS`] (written with [`Features::write`], §5.1.1). Expired
/// entries stay, inactive, so that a late copy of an older report is still
/// recognised as stale (§5.2.1.3 note), until a new report needs the room.
/// Time is an argument: the table reads no clock.
#[derive(Debug, Clone, Default)]
pub struct ReactingNode<const N: usize> {
    entries: Vec<Entry, N>,
}

impl<const N: usize> ReactingNode<N> {
    /// An empty table.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Entries held, expired ones included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The reports in force at `now` (those not expired, RFC 7683
    /// §5.2.1.3), for display.
    pub fn in_force(&self, now: Instant) -> impl Iterator<Item = InForce<'_>> + '_ {
        self.entries.iter().filter_map(move |e| {
            e.in_force(now).map(|reduction| InForce {
                application_id: e.application_id,
                report_type: e.report_type,
                name: &e.name,
                reduction,
                expires: e.expires,
            })
        })
    }

    /// Reads every OC-OLR of `answer` (up to [`MAX_REPORTS_PER_ANSWER`]),
    /// received at `now`, into the table (§5.2.1.3): each is about the
    /// answer's Application-ID and its Origin-Host (host report) or
    /// Origin-Realm (realm report). Reports are read only when the answer's
    /// OC-Supported-Features selects the loss algorithm (§6.3).
    ///
    /// The caller has checked that `answer` answers a request it sent, on
    /// a connection trusted for DOIC (§10.1, §10.4).
    pub fn on_answer(&mut self, now: Instant, answer: &Message<'_>) -> AnswerReports {
        let mut results = AnswerReports::new();
        let loss = Features::of(answer).is_some_and(Features::has_loss);
        let origin = |code| answer.lookup(code, 0).and_then(|a| a.identity().ok());
        let (host, realm) = (
            origin(base::ORIGIN_HOST.code),
            origin(base::ORIGIN_REALM.code),
        );
        let olrs = answer
            .avps()
            .map_while(Result::ok)
            .filter(|a| a.code() == d::OC_OLR.code && a.vendor_id() == 0);
        for olr in olrs.take(MAX_REPORTS_PER_ANSWER) {
            let result = if loss {
                OverloadReport::parse(&olr).and_then(|report| {
                    let name = match report.report_type() {
                        ReportType::Host => host,
                        ReportType::Realm => realm,
                    };
                    let name = name.ok_or(OlrError::NoOrigin)?;
                    self.apply(now, answer.application_id(), name, &report)
                })
            } else {
                Err(OlrError::NotLossAlgorithm)
            };
            // Cannot fail: at most MAX_REPORTS_PER_ANSWER are taken.
            let _ = results.push(result);
        }
        results
    }

    /// Puts `report`, received at `now` for application `application_id`
    /// and about `name` (the host of a host report, the realm of a realm
    /// report), into the table (§5.2.1.3). A report of validity 0 marks its
    /// entry expired.
    ///
    /// # Errors
    /// [`OlrError::NoOrigin`] when `name` is empty or longer than a
    /// DiameterIdentity may be here.
    pub fn apply(
        &mut self,
        now: Instant,
        application_id: u32,
        name: &str,
        report: &OverloadReport,
    ) -> Result<Applied, OlrError> {
        let expires = now + report.validity();
        let kind = report.report_type();
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|e| e.is(application_id, kind, name))
        {
            if !is_newer(report.sequence(), entry.sequence) {
                return Ok(Applied::Stale);
            }
            entry.sequence = report.sequence();
            entry.reduction = report.reduction();
            entry.expires = expires;
            return Ok(Applied::Updated);
        }
        let name = String::try_from(name)
            .ok()
            .filter(|n| !n.is_empty())
            .ok_or(OlrError::NoOrigin)?;
        let entry = Entry {
            application_id,
            report_type: kind,
            name,
            sequence: report.sequence(),
            reduction: report.reduction(),
            expires,
            loss: LossCounter::default(),
        };
        let Err(entry) = self.entries.push(entry) else {
            return Ok(Applied::Created);
        };
        // Full: the entry abating least goes, if it abates less than this one.
        let weakest = self
            .entries
            .iter_mut()
            .min_by_key(|e| e.in_force(now).map_or(0, |r| u16::from(r) + 1));
        match weakest {
            Some(weak) if weak.in_force(now) < entry.in_force(now) => {
                let reduction = weak.in_force(now).unwrap_or(0);
                *weak = entry;
                Ok(Applied::Evicted { reduction })
            }
            _ => Ok(Applied::TableFull),
        }
    }

    /// The reduction in force at `now` for `application_id` and `name`
    /// from a report of `report_type`, if any.
    pub fn reduction(
        &self,
        now: Instant,
        application_id: u32,
        report_type: ReportType,
        name: &str,
    ) -> Option<u8> {
        self.entries
            .iter()
            .find(|e| e.is(application_id, report_type, name))
            .and_then(|e| e.in_force(now))
    }

    /// The loss algorithm's verdict (§5.2.2, §6.3) on a request of
    /// `application_id` about to be sent at `now`. A request with a
    /// Destination-Host (`destination_host`, or a host the caller knows it
    /// will reach) is host-routed and governed by the host report of that
    /// host alone; one without is realm-routed and governed by the realm
    /// report of `destination_realm` alone (§2, §7.6): with both reports in
    /// force, each request meets one of them. Of the requests a report
    /// governs, exactly its percentage is abated.
    pub fn decide(
        &mut self,
        now: Instant,
        application_id: u32,
        destination_host: Option<&str>,
        destination_realm: &str,
    ) -> Decision {
        let (kind, name) = match destination_host {
            Some(host) => (ReportType::Host, host),
            None => (ReportType::Realm, destination_realm),
        };
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.is(application_id, kind, name) && now < e.expires);
        match entry.map(|e| e.loss.abate(e.reduction)) {
            Some(true) => Decision::Abate(kind),
            _ => Decision::Send,
        }
    }
}
