//! Diameter Overload Indication Conveyance, DOIC (RFC 7683), without IO,
//! heap or clock.
//!
//! - [`Features`]: OC-Supported-Features, the capability announcement
//!   every request and answer of a DOIC transaction carries (§5.1);
//! - [`OverloadReport`]: OC-OLR, read in full or refused with an
//!   [`OlrError`] (§7.3), and written;
//! - [`ReportingNode`]: the overloaded side's state and the DOIC AVPs of
//!   its answers (§5.1.2, §5.2.3);
//! - [`ReactingNode`]: the sending side's bounded table of reports and the
//!   loss algorithm's verdict on each request (§5.2.2, §6.3).
//!
//! A server reports, a client reacts:
//!
//! ```
//! use core::time::Duration;
//! use diameter_core::doic::{Decision, Features, ReactingNode, ReportType, ReportingNode};
//! use diameter_core::dict::base;
//! use diameter_core::peer::Instant;
//! use diameter_core::wire::{Message, MessageWriter};
//!
//! let now = Instant::from_millis(1_000);
//! // The client's request announces DOIC.
//! let mut req = [0u8; 128];
//! let mut w = MessageWriter::request(&mut req, 272, 4, true, 1, 2);
//! w.identity(base::ORIGIN_HOST, "client.example.net");
//! Features::LOSS.write(&mut w);
//! let n = w.finish().unwrap();
//! let request = Message::new_checked(&req[..n]).unwrap();
//!
//! // The overloaded server asks for 50% less traffic.
//! let mut server = ReportingNode::new(ReportType::Host, 0);
//! server.overload(now, 50, Duration::from_secs(60));
//! let mut ans = [0u8; 256];
//! let mut w = MessageWriter::answer(&mut ans, &request);
//! w.identity(base::ORIGIN_HOST, "ocs.example.com")
//!     .identity(base::ORIGIN_REALM, "example.com");
//! server.write_answer(now, Features::of(&request), &mut w);
//! let n = w.finish().unwrap();
//!
//! // The client reads it and abates every other request to that host.
//! let mut client = ReactingNode::<8>::new();
//! client.on_answer(now, &Message::new_checked(&ans[..n]).unwrap());
//! let verdicts: [Decision; 2] =
//!     core::array::from_fn(|_| client.decide(now, 4, Some("ocs.example.com"), "example.com"));
//! assert_eq!(verdicts, [Decision::Send, Decision::Abate(ReportType::Host)]);
//! ```

mod features;
mod loss;
mod reacting;
mod report;
mod reporting;

pub use features::Features;
pub use reacting::{
    AnswerReports, Applied, Decision, InForce, ReactingNode, MAX_REPORTS_PER_ANSWER,
};
pub use report::{
    OlrError, OverloadReport, ReportType, DEFAULT_VALIDITY_SECS, MAX_REDUCTION, MAX_VALIDITY_SECS,
};
pub use reporting::ReportingNode;

#[cfg(test)]
mod tests;
