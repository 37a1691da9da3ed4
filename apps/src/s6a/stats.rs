//! What an HSS counts: the S6a requests it received and answered (those
//! its node answered itself included), the requests it sent to MMEs, and
//! the statistics block it prints.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use diameter_core::dict::command;

use super::msg::Outcome;

/// The S6a commands an HSS answers (TS 29.272 §5.2), in the order of the
/// statistics block.
const ANSWERED: [(u32, &str); 4] = [
    (command::AUTHENTICATION_INFORMATION, "AIR"),
    (command::UPDATE_LOCATION, "ULR"),
    (command::PURGE_UE, "PUR"),
    (command::NOTIFY, "NOR"),
];

/// The S6a commands an HSS sends to MMEs (TS 29.272 §5.2, §7.2.7 – §7.2.16).
const SENT: [(u32, &str); 4] = [
    (command::CANCEL_LOCATION, "CLR"),
    (command::INSERT_SUBSCRIBER_DATA, "IDR"),
    (command::DELETE_SUBSCRIBER_DATA, "DSR"),
    (command::RESET, "RSR"),
];

/// The figures of a running or stopped HSS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HssStatistics {
    /// Requests received, by command abbreviation (`AIR`, ..., `other`).
    pub received: BTreeMap<&'static str, u64>,
    /// Requests sent to MMEs, by command abbreviation (`CLR`, ...).
    pub sent: BTreeMap<&'static str, u64>,
    /// Answers sent, by result (`2001 DIAMETER_SUCCESS`,
    /// `5001 DIAMETER_ERROR_USER_UNKNOWN`, ...).
    pub answers: BTreeMap<String, u64>,
}

impl HssStatistics {
    /// Counts a request of `command_code` received and answered with
    /// `outcome`.
    pub fn answered(&mut self, command_code: u32, outcome: Outcome) {
        let name = (ANSWERED.iter())
            .find(|(c, _)| *c == command_code)
            .map_or("other", |(_, n)| *n);
        *self.received.entry(name).or_default() += 1;
        *self.answers.entry(outcome.to_string()).or_default() += 1;
    }

    /// Adds `other`'s figures to these.
    pub fn add(&mut self, other: &Self) {
        for (k, n) in &other.received {
            *self.received.entry(k).or_default() += n;
        }
        for (k, n) in &other.sent {
            *self.sent.entry(k).or_default() += n;
        }
        for (k, n) in &other.answers {
            *self.answers.entry(k.clone()).or_default() += n;
        }
    }
}

impl fmt::Display for HssStatistics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = "=".repeat(60);
        writeln!(f, "{rule}\nS6a HSS Statistics:\n{rule}")?;
        let names = ANSWERED.iter().map(|(_, n)| *n).chain(["other"]);
        for name in names {
            let n = self.received.get(name).copied().unwrap_or(0);
            writeln!(f, "{name} Received: {n}")?;
        }
        for (_, name) in SENT {
            let n = self.sent.get(name).copied().unwrap_or(0);
            writeln!(f, "{name} Sent: {n}")?;
        }
        let total: u64 = self.answers.values().sum();
        writeln!(f, "Answers Sent: {total}")?;
        for (outcome, n) in &self.answers {
            writeln!(f, "  {outcome}: {n}")?;
        }
        write!(f, "{rule}")
    }
}

/// The totals of an HSS's event loops, and what it sent.
#[derive(Debug, Default)]
pub struct Totals(Mutex<HssStatistics>);

impl Totals {
    /// Adds what one event loop counted, and clears it.
    pub fn add(&self, turn: &mut HssStatistics) {
        if turn.received.is_empty() {
            return;
        }
        self.lock().add(turn);
        *turn = HssStatistics::default();
    }

    /// Counts a request of `command_code` sent to an MME.
    pub fn sent(&self, command_code: u32) {
        if let Some((_, name)) = SENT.iter().find(|(c, _)| *c == command_code) {
            *self.lock().sent.entry(name).or_default() += 1;
        }
    }

    /// The totals now.
    pub fn snapshot(&self) -> HssStatistics {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HssStatistics> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_counts_by_command_and_result() {
        let totals = Totals::default();
        let mut turn = HssStatistics::default();
        turn.answered(command::AUTHENTICATION_INFORMATION, Outcome::SUCCESS);
        turn.answered(
            command::UPDATE_LOCATION,
            crate::s6a::msg::experimental(5001),
        );
        turn.answered(272, Outcome::ResultCode(3001));
        totals.add(&mut turn);
        assert!(turn.received.is_empty());
        totals.sent(command::CANCEL_LOCATION);
        let s = totals.snapshot();
        let text = s.to_string();
        for line in [
            "AIR Received: 1",
            "ULR Received: 1",
            "PUR Received: 0",
            "other Received: 1",
            "CLR Sent: 1",
            "Answers Sent: 3",
            "  2001 DIAMETER_SUCCESS: 1",
            "  5001 DIAMETER_ERROR_USER_UNKNOWN: 1",
        ] {
            assert!(text.contains(line), "{line:?} in\n{text}");
        }
    }
}
