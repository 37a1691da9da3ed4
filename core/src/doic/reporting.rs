//! The reporting node (RFC 7683 §5.1.2, §5.2.1.4, §5.2.3, §6.2): its
//! overload control state and the DOIC AVPs of its answers.

use core::time::Duration;

use super::features::Features;
use super::report::{OverloadReport, ReportType, MAX_REDUCTION, MAX_VALIDITY_SECS};
use crate::peer::Instant;
use crate::wire::MessageWriter;

/// A reporting node's overload control state for one application and
/// report type (RFC 7683 §5.2.1.2), and the DOIC AVPs it puts in answers.
///
/// The node's overload detection calls [`overload`](Self::overload) and
/// [`end`](Self::end); each answer goes through
/// [`write_answer`](Self::write_answer). Time is an argument: the state
/// reads no clock.
#[derive(Debug, Clone)]
pub struct ReportingNode {
    report_type: ReportType,
    /// What sequence numbers derived from the time start from.
    epoch: u64,
    /// The last sequence number used, if any.
    last_sequence: Option<u64>,
    /// The current report and until when reacting nodes may hold reports
    /// of this overload occurrence (`None`: none sent yet).
    current: Option<(OverloadReport, Option<Instant>)>,
}

impl ReportingNode {
    /// A node that reports `report_type` overloads, not overloaded.
    ///
    /// Its sequence numbers are at least `epoch` plus the milliseconds of
    /// `now` at each change. RFC 7683 §5.2.1.4 requires them to exceed
    /// every sequence number of an unexpired report sent before, across a
    /// reboot too: giving the node's start time in milliseconds since the
    /// Unix epoch as `epoch` (and starting the clock at
    /// [`Instant::ZERO`]) does that as long as the wall clock goes forward.
    pub const fn new(report_type: ReportType, epoch: u64) -> Self {
        Self {
            report_type,
            epoch,
            last_sequence: None,
            current: None,
        }
    }

    /// The report the node sends now, if any: an overload, or the end of
    /// one still being announced.
    pub fn report(&self) -> Option<OverloadReport> {
        self.current.map(|(report, _)| report)
    }

    /// Enters or updates an overload: answers report `reduction` percent
    /// (at most 100) valid for `validity` (whole seconds, 1 s to 24 hours).
    /// A change of either takes a new, greater sequence number (§5.2.1.4);
    /// the same values again change nothing. A validity under one second
    /// ends the overload as [`end`](Self::end) does. Returns the report
    /// answers now carry, as [`report`](Self::report).
    pub fn overload(
        &mut self,
        now: Instant,
        reduction: u8,
        validity: Duration,
    ) -> Option<OverloadReport> {
        let secs = u32::try_from(validity.as_secs())
            .map_or(MAX_VALIDITY_SECS, |s| s.min(MAX_VALIDITY_SECS));
        if secs == 0 {
            self.end(now);
        } else {
            self.change(now, reduction.min(MAX_REDUCTION), secs);
        }
        self.report()
    }

    /// Ends the overload: answers report validity 0 and reduction 0
    /// (§5.2.3, §7.7) for as long as a reacting node may hold a report of
    /// it, then nothing (§5.2.1.4). Does nothing when not overloaded.
    pub fn end(&mut self, now: Instant) {
        match self.current {
            Some((report, Some(_))) if !report.is_end() => self.change(now, 0, 0),
            // Never sent, so no reacting node holds it.
            Some((report, None)) if !report.is_end() => self.current = None,
            _ => {}
        }
    }

    /// Sends the overload in force again under a new, greater sequence
    /// number (§5.2.1.4), for an overload that outlasts its validity: a
    /// reacting node holds a report for its validity from when it first
    /// read it, and a copy with the same sequence number does not extend
    /// that (§5.2.1.3), where a newer report does. Does nothing when not
    /// overloaded (no report, or the end of one). Returns the report
    /// answers now carry, as [`report`](Self::report).
    pub fn renew(&mut self, now: Instant) -> Option<OverloadReport> {
        match self.current {
            Some((report, _)) if !report.is_end() => {
                self.issue(now, report.reduction(), report.validity_secs());
            }
            _ => {}
        }
        self.report()
    }

    /// The answer's OC-Supported-Features, given the request's
    /// ([`Features::of`]): none when the request had none (§5.1.2), else
    /// the loss algorithm, the only one both nodes have (§6.1).
    pub fn answer_features(&self, request: Option<Features>) -> Option<Features> {
        request.map(|_| Features::LOSS)
    }

    /// Writes the DOIC AVPs of the answer to a request whose
    /// OC-Supported-Features is `request` into `w`: OC-Supported-Features
    /// and, while there is a report to send, the OC-OLR (§5.2.3). Returns
    /// the report written.
    pub fn write_answer(
        &mut self,
        now: Instant,
        request: Option<Features>,
        w: &mut MessageWriter<'_>,
    ) -> Option<OverloadReport> {
        let features = self.answer_features(request)?;
        features.write(w);
        let (report, held_until) = self.current.as_mut()?;
        let report = *report;
        if report.is_end() {
            if held_until.is_none_or(|t| now >= t) {
                self.current = None;
                return None;
            }
        } else {
            let until = now + report.validity();
            *held_until = Some(held_until.map_or(until, |t| t.max(until)));
        }
        report.write(w);
        Some(report)
    }

    /// Replaces the report with one of `reduction` and `validity_secs`
    /// unless it already says that.
    fn change(&mut self, now: Instant, reduction: u8, validity_secs: u32) {
        match self.current {
            Some((r, _)) if (r.reduction(), r.validity_secs()) == (reduction, validity_secs) => {}
            _ => self.issue(now, reduction, validity_secs),
        }
    }

    /// Replaces the report with one of `reduction` and `validity_secs`
    /// under a new sequence number.
    fn issue(&mut self, now: Instant, reduction: u8, validity_secs: u32) {
        let held_until = self.current.and_then(|(_, held_until)| held_until);
        let sequence = self.next_sequence(now);
        let report =
            OverloadReport::new(sequence, self.report_type, reduction.into(), validity_secs);
        self.current = report.ok().map(|r| (r, held_until));
    }

    /// A sequence number greater than the last one, and at least the
    /// epoch plus `now`; past `u64::MAX` it rolls over to 0, which reacting
    /// nodes take as newer (§5.2.1.3).
    fn next_sequence(&mut self, now: Instant) -> u64 {
        let by_time = self.epoch.saturating_add(now.as_millis());
        let next = match self.last_sequence {
            None => by_time,
            Some(last) => last.checked_add(1).map_or(0, |n| n.max(by_time)),
        };
        self.last_sequence = Some(next);
        next
    }
}
