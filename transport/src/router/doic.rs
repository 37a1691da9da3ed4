//! Diameter overload control (DOIC, RFC 7683) in the router: the
//! [`diameter_core::doic`] state of one event loop, and what the router
//! does with it.
//!
//! - Reporting node (§5.2.3): the loop's load shedder says when it is
//!   overloaded ([`Shedder::overloaded`](super::shed::Shedder::overloaded));
//!   answers to requests with OC-Supported-Features that this node writes
//!   (its handler's, and its own error answers: validation, shedding's
//!   3004) get OC-Supported-Features and, while overloaded (and for a while after,
//!   the end of the overload, §5.2.1.4), a host report for the request's
//!   application, one [`ReportingNode`] per application this node serves.
//!   An overload that lasts is renewed every half validity under a new
//!   sequence number, as reacting nodes do not extend a report they hold
//!   for a copy of it (§5.2.1.3).
//! - Reacting node (§5.2.2, §5.3): the requests this loop sends to its
//!   peers (a [`Client`](crate::Client)'s, and those it relays for clients
//!   that do not support DOIC, §5.1.3) get OC-Supported-Features, and the
//!   loss algorithm (§6.3) of one [`ReactingNode`] table per loop, fed by
//!   the OC-OLRs of the peers' answers, abates them: answered locally as
//!   [`Abatement`](crate::Abatement) says, never sent. A request that
//!   already carries OC-Supported-Features comes from a reacting node,
//!   which abates it itself (§5.2.2): it is sent as it is. Answers are
//!   relayed with their OC-OLRs, for that reacting node to read.
//! - On behalf of servers without DOIC ([`DoicConfig::on_behalf`]): a
//!   3004 from a server whose answers carry no OC-Supported-Features
//!   makes the loop report that server's realm (or host) overloaded for
//!   the configured validity, renewed by the 3004s that keep coming:
//!   the report goes into its own reacting table, so the requests it
//!   relays for clients without DOIC are abated, and into the answers of
//!   that server it relays, for the clients that have DOIC.

use std::time::Duration;

use diameter_core::dict::base;
use diameter_core::dict::result_code;
use diameter_core::doic::{
    Decision, Features, OverloadReport, ReactingNode, ReportType, ReportingNode, MAX_VALIDITY_SECS,
};
use diameter_core::peer::Instant;
use diameter_core::wire::{Message, MessageWriter};

use super::peers::core_time;
use super::routing::{append_avps, identity};
use crate::config::DoicConfig;
use crate::stats::OverloadState;

/// Most overload reports one event loop holds as a reacting node: one per
/// application and host (host reports) or realm (realm reports).
pub(super) const MAX_REPORTS: usize = 256;

/// One event loop's overload control state.
pub(super) struct Doic {
    config: DoicConfig,
    /// The reports of peers' answers.
    reacting: ReactingNode<MAX_REPORTS>,
    /// This node's reports, one per application it serves.
    reporting: Vec<(u32, ReportingNode)>,
    /// The router's clock start: the core's time 0.
    start: std::time::Instant,
    /// Whether the reporting nodes were last told of an overload.
    overloaded: bool,
    /// While overloaded: when the reports are renewed, half their validity
    /// after they were last issued, so that reacting nodes keep holding
    /// them for as long as the overload lasts (§5.2.1.3).
    renew_at: Option<Instant>,
    /// The reports made on behalf of servers without DOIC: at most
    /// [`MAX_REPORTS`].
    behalf: Vec<Behalf>,
    /// The sequence number of the last report made on behalf of a server.
    behalf_sequence: u64,
    /// Whether a report came, went or was made since [`take_state`](Self::take_state).
    changed: bool,
}

/// A report made on behalf of a server without DOIC.
struct Behalf {
    /// The application it is about.
    app: u32,
    /// The realm or host it is about, in lower case.
    name: String,
    report: OverloadReport,
    /// When it was made.
    issued: Instant,
}

/// The verdict on a request about to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outgoing {
    /// Send it.
    Send,
    /// Answer it locally with this Result-Code; do not send it.
    Abate(u32),
}

impl Doic {
    /// The state of a loop of a node serving `applications`, whose clock
    /// starts at `start`, and whose report sequence numbers start from
    /// `epoch_ms` (milliseconds since the Unix epoch then, RFC 7683
    /// §5.2.1.4).
    pub(super) fn new(
        config: DoicConfig,
        applications: &[u32],
        (start, epoch_ms): (std::time::Instant, u64),
    ) -> Self {
        let epoch = config.sequence_epoch_ms.unwrap_or(epoch_ms);
        let longest = Duration::from_secs(u64::from(MAX_VALIDITY_SECS));
        let config = DoicConfig {
            validity: config.validity.min(longest),
            ..config
        };
        let mut reporting: Vec<(u32, ReportingNode)> = Vec::with_capacity(applications.len());
        for &app in applications {
            if !reporting.iter().any(|(a, _)| *a == app) {
                let node = ReportingNode::new(config.report_type, epoch);
                reporting.push((app, node));
            }
        }
        Self {
            config,
            reacting: ReactingNode::new(),
            reporting,
            start,
            overloaded: false,
            renew_at: None,
            behalf: Vec::new(),
            behalf_sequence: epoch,
            changed: false,
        }
    }

    /// The reports in force when one came, went or was made since the
    /// last call (else `None`): this loop's own while it sheds load (about
    /// `us`, its host and realm), and those it abates by, expired ones
    /// included (their expiry says when: readers compare it with the
    /// clock, which the router does not read).
    pub(super) fn take_state(&mut self, us: (&str, &str)) -> Option<Vec<OverloadState>> {
        if !std::mem::take(&mut self.changed) {
            return None;
        }
        let host_report = self.config.report_type == ReportType::Host;
        // The base protocol's messages carry no reports of their own.
        let own = (self.reporting.iter())
            .filter(|(app, _)| self.overloaded && *app != diameter_core::dict::application::COMMON)
            .map(|(app, _)| OverloadState {
                reporting: true,
                application: *app,
                host_report,
                name: (if host_report { us.0 } else { us.1 }).to_string(),
                reduction: self.config.reduction,
                until: None,
            });
        let start = self.start;
        let held = self
            .reacting
            .in_force(Instant::ZERO)
            .map(|r| OverloadState {
                reporting: false,
                application: r.application_id,
                host_report: r.report_type == ReportType::Host,
                name: r.name.to_string(),
                reduction: r.reduction,
                until: Some(start + Duration::from_millis(r.expires.as_millis())),
            });
        Some(own.chain(held).collect())
    }

    /// Writes the DOIC AVPs of the answer `w` to `request`, at `now`, with
    /// the loop `overloaded` or not (RFC 7683 §5.1.2, §5.2.3): nothing
    /// when the request has no OC-Supported-Features.
    pub(super) fn write_answer(
        &mut self,
        now: std::time::Instant,
        overloaded: bool,
        request: &Message<'_>,
        w: &mut MessageWriter<'_>,
    ) {
        let Some(features) = Features::of(request) else {
            return;
        };
        let now = core_time(self.start, now);
        self.follow(now, overloaded);
        let app = request.application_id();
        match self.reporting.iter_mut().find(|(a, _)| *a == app) {
            Some((_, node)) => {
                node.write_answer(now, Some(features), w);
            }
            // An application the validator let through but this node does
            // not advertise: capabilities only, no report.
            None => Features::LOSS.write(w),
        }
    }

    /// Brings the reporting nodes in line with the loop's load at `now`:
    /// an overload begins (§5.2.3), goes on (renewed every half validity)
    /// or ends (§5.2.1.4).
    fn follow(&mut self, now: Instant, overloaded: bool) {
        let (reduction, validity) = (self.config.reduction, self.config.validity);
        let renew = self.renew_at.is_some_and(|t| now >= t);
        if overloaded == self.overloaded && !(overloaded && renew) {
            return;
        }
        for (_, node) in &mut self.reporting {
            match (overloaded, self.overloaded) {
                (true, true) => {
                    node.renew(now);
                }
                (true, false) => {
                    node.overload(now, reduction, validity);
                }
                (false, _) => node.end(now),
            }
        }
        self.changed |= overloaded != self.overloaded;
        self.overloaded = overloaded;
        self.renew_at = overloaded.then(|| now + validity / 2);
    }

    /// Adds the DOIC AVPs of [`write_answer`](Self::write_answer) to the
    /// answer of `len` bytes at the start of `buf`, built whole (an error
    /// answer of this node's); returns its new length, `len` when they do
    /// not fit.
    pub(super) fn append_answer(
        &mut self,
        now: std::time::Instant,
        overloaded: bool,
        request: &Message<'_>,
        buf: &mut [u8],
        len: usize,
    ) -> usize {
        let Ok(mut w) = MessageWriter::append(buf, len) else {
            return len;
        };
        self.write_answer(now, overloaded, request, &mut w);
        w.finish().unwrap_or(len)
    }

    /// Reads the OC-OLRs of `answer`, received at `now` from a peer this
    /// loop sent its request to (RFC 7683 §5.2.1.3); with its
    /// `result_code` 3004, reports on behalf of that peer when configured.
    pub(super) fn on_answer(
        &mut self,
        now: std::time::Instant,
        answer: &Message<'_>,
        result_code: Option<u32>,
    ) {
        let now = core_time(self.start, now);
        let read = self.reacting.on_answer(now, answer);
        self.changed |= read.iter().any(Result::is_ok);
        let too_busy = result_code == Some(result_code::DIAMETER_TOO_BUSY);
        if self.config.on_behalf && too_busy && Features::of(answer).is_none() {
            self.report_on_behalf(now, answer);
        }
    }

    /// The realm or host a report on behalf of the sender of `answer` is
    /// about, as the configuration's report type says.
    fn behalf_name<'m>(&self, answer: &Message<'m>) -> Option<&'m str> {
        let code = match self.config.report_type {
            ReportType::Host => base::ORIGIN_HOST.code,
            ReportType::Realm => base::ORIGIN_REALM.code,
        };
        identity(answer, code)
    }

    /// Reports the sender of the 3004 `answer`, received at `now`,
    /// overloaded: a new report when it has none, or half of its report's
    /// validity has gone by.
    fn report_on_behalf(&mut self, now: Instant, answer: &Message<'_>) {
        let Some(name) = self.behalf_name(answer) else {
            return;
        };
        let app = answer.application_id();
        let validity = self.config.validity;
        let half = Duration::from_millis(u64::try_from(validity.as_millis() / 2).unwrap_or(0));
        let known =
            (self.behalf.iter()).position(|b| b.app == app && b.name.eq_ignore_ascii_case(name));
        if known.is_some_and(|i| self.behalf.get(i).is_some_and(|b| now < b.issued + half)) {
            return;
        }
        let sequence = self.behalf_sequence.max(now.as_millis()).saturating_add(1);
        let secs = u32::try_from(validity.as_secs()).unwrap_or(MAX_VALIDITY_SECS);
        let kind = self.config.report_type;
        let Ok(report) = OverloadReport::new(sequence, kind, self.config.reduction.into(), secs)
        else {
            return;
        };
        if self.reacting.apply(now, app, name, &report).is_err() {
            return;
        }
        self.changed = true;
        self.behalf_sequence = sequence;
        let made = Behalf {
            app,
            name: name.to_ascii_lowercase(),
            report,
            issued: now,
        };
        match known {
            Some(i) => {
                if let Some(b) = self.behalf.get_mut(i) {
                    *b = made;
                }
            }
            None => {
                let end = |b: &Behalf| {
                    b.issued + Duration::from_secs(u64::from(b.report.validity_secs()))
                };
                self.behalf.retain(|b| now < end(b));
                if self.behalf.len() < MAX_REPORTS {
                    self.behalf.push(made);
                }
            }
        }
    }

    /// The answer `answer` of a server, received at `now`, with the report
    /// this loop made on behalf of that server (and OC-Supported-Features
    /// selecting the loss algorithm), to relay instead of it; `None` when
    /// there is none in force, or the answer has DOIC AVPs of its own.
    pub(super) fn behalf_answer(
        &mut self,
        now: std::time::Instant,
        answer: &Message<'_>,
    ) -> Option<Vec<u8>> {
        if self.behalf.is_empty() || Features::of(answer).is_some() {
            return None;
        }
        let now = core_time(self.start, now);
        let name = self.behalf_name(answer)?;
        let app = answer.application_id();
        let b = (self.behalf.iter()).find(|b| b.app == app && b.name.eq_ignore_ascii_case(name))?;
        if now >= b.issued + Duration::from_secs(u64::from(b.report.validity_secs())) {
            return None;
        }
        let report = b.report;
        let mut out = answer.as_bytes().to_vec();
        // OC-Supported-Features (24 bytes, see `outgoing`) and an OC-OLR
        // of four members (8 + 16 + 12 + 12 + 12 bytes).
        append_avps(&mut out, 24 + 60, |w| {
            Features::LOSS.write(w);
            report.write(w);
        });
        Some(out)
    }

    /// The verdict on `request`, about to be sent at `now` (RFC 7683
    /// §5.2.2, §6.3), for its Destination-Host, else its Destination-Realm,
    /// and application. A request the node sends on is given
    /// OC-Supported-Features (§5.1.1) when it has none. One that has some
    /// is sent as it is: its client reacts itself, or this node decided on
    /// it already (it is sent again on failover).
    pub(super) fn outgoing(&mut self, now: std::time::Instant, request: &mut Vec<u8>) -> Outgoing {
        let Ok(msg) = Message::new_checked(request) else {
            return Outgoing::Send;
        };
        if Features::of(&msg).is_some() {
            return Outgoing::Send;
        }
        let host = identity(&msg, base::DESTINATION_HOST.code);
        let realm = identity(&msg, base::DESTINATION_REALM.code).unwrap_or_default();
        let app = msg.application_id();
        let now = core_time(self.start, now);
        if let Decision::Abate(_) = self.reacting.decide(now, app, host, realm) {
            return Outgoing::Abate(self.config.abatement.result_code(host.is_some()));
        }
        // OC-Supported-Features (8-byte header) holding OC-Feature-Vector
        // (8-byte header, 8-byte value).
        append_avps(request, 8 + 16, |w| Features::LOSS.write(w));
        Outgoing::Send
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Abatement;

    /// A Gy request for realm example.com and, when given, `host`.
    fn request(host: Option<&str>) -> Vec<u8> {
        let mut buf = vec![0u8; 256];
        let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 2);
        w.identity(base::ORIGIN_HOST, "c.example.net")
            .identity(base::ORIGIN_REALM, "example.net")
            .identity(base::DESTINATION_REALM, "example.com");
        if let Some(h) = host {
            w.identity(base::DESTINATION_HOST, h);
        }
        let n = w.finish().expect("fits");
        buf.truncate(n);
        buf
    }

    fn doic(abatement: Abatement) -> (Doic, std::time::Instant) {
        let start = std::time::Instant::now();
        let config = DoicConfig {
            abatement,
            ..DoicConfig::default()
        };
        (Doic::new(config, &[4], (start, 0)), start)
    }

    /// RFC 7683 §5.1.1: a request is sent with one OC-Supported-Features
    /// (the loss algorithm), written through the writer: the message stays
    /// valid, 24 bytes longer; one that has it already is left alone.
    #[test]
    fn requests_get_one_oc_supported_features() {
        let (mut d, now) = doic(Abatement::TooBusy);
        let mut req = request(None);
        let before = req.len();
        assert_eq!(d.outgoing(now, &mut req), Outgoing::Send);
        assert_eq!(req.len(), before + 24);
        let msg = Message::new_checked(&req).expect("valid");
        assert_eq!(
            (msg.len(), Features::of(&msg)),
            (req.len(), Some(Features::LOSS))
        );
        let sent = req.clone();
        assert_eq!(d.outgoing(now, &mut req), Outgoing::Send);
        assert_eq!(req, sent, "not added twice");
    }

    /// RFC 7683 §5.2.2, §5.3: an abated request is answered as the
    /// configuration says (3002 for a realm-routed one only with
    /// [`Abatement::ByRoute`]), and not changed.
    #[test]
    fn abated_requests_get_the_configured_result_code() {
        let report = |kind| OverloadReport::new(1, kind, 100, 60).expect("a report");
        for (abatement, realm_code) in [(Abatement::TooBusy, 3004), (Abatement::ByRoute, 3002)] {
            let (mut d, now) = doic(abatement);
            let t = Instant::ZERO;
            let host = report(ReportType::Host);
            d.reacting
                .apply(t, 4, "s.example.com", &host)
                .expect("kept");
            let realm = report(ReportType::Realm);
            d.reacting.apply(t, 4, "example.com", &realm).expect("kept");
            let mut by_realm = request(None);
            let original = by_realm.clone();
            assert_eq!(d.outgoing(now, &mut by_realm), Outgoing::Abate(realm_code));
            assert_eq!(by_realm, original);
            let mut by_host = request(Some("s.example.com"));
            assert_eq!(d.outgoing(now, &mut by_host), Outgoing::Abate(3004));
            // Another host of the realm: no report governs it.
            let mut other = request(Some("t.example.com"));
            assert_eq!(d.outgoing(now, &mut other), Outgoing::Send);
        }
    }
}
