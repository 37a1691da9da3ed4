//! The RFC 3539 §3.4 transport failure detection algorithm, for one
//! connection, as a value that the peer drives with its Tw timer.
//!
//! The algorithm runs while the peer is I-Open or R-Open. The peer calls
//! [`Watchdog::up`] on entering an open state, [`Watchdog::received`] for
//! every message that arrives, [`Watchdog::elapsed`] when Tw expires and
//! [`Watchdog::down`] on leaving the open state; each returns a [`Step`]
//! telling the peer what to do.

use core::fmt;
use core::time::Duration;

/// Default watchdog interval TWINIT (RFC 3539 §3.4.1).
pub const TW_DEFAULT: Duration = Duration::from_secs(30);
/// Smallest watchdog interval allowed (RFC 3539 §3.4.1: "MUST NOT be set
/// lower than 6 seconds").
pub const TW_MIN: Duration = Duration::from_secs(6);
/// Jitter applied to each Tw: up to ±2 seconds (RFC 3539 §3.4.1).
pub const TW_JITTER: Duration = Duration::from_secs(2);
/// Watchdog answers needed in REOPEN before the peer is trusted again
/// (RFC 3539 §3.4.1, RFC 6733 §5.1).
pub const REOPEN_DWAS: i8 = 3;

/// The status of the watchdog algorithm (RFC 3539 §3.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum WatchdogState {
    /// No connection has been open yet (or the last one closed gracefully).
    Initial,
    /// The connection is trusted.
    Okay,
    /// A watchdog request went unanswered for Tw: failover.
    Suspect,
    /// The connection failed and was closed.
    Down,
    /// A connection is open again after a failure; the peer is trusted
    /// after three watchdog answers in a row.
    Reopen,
}

impl WatchdogState {
    /// The RFC's spelling of the state.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Initial => "INITIAL",
            Self::Okay => "OKAY",
            Self::Suspect => "SUSPECT",
            Self::Down => "DOWN",
            Self::Reopen => "REOPEN",
        }
    }
}

impl fmt::Display for WatchdogState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the algorithm asks of the peer after one of its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Step {
    /// SendWatchdog(): send a DWR.
    pub(crate) send_dwr: bool,
    /// SetWatchdog(): restart the Tw timer.
    pub(crate) rearm: bool,
    /// CloseConnection(): the connection is down.
    pub(crate) close: bool,
}

/// The algorithm's variables (RFC 3539 §3.4.1).
#[derive(Debug, Clone)]
pub(crate) struct Watchdog {
    status: WatchdogState,
    /// A DWR is outstanding.
    pending: bool,
    /// Watchdog answers received in REOPEN; -1 after a missed one.
    num_dwa: i8,
}

impl Watchdog {
    pub(crate) const fn new() -> Self {
        Self {
            status: WatchdogState::Initial,
            pending: false,
            num_dwa: 0,
        }
    }

    pub(crate) const fn status(&self) -> WatchdogState {
        self.status
    }

    /// OnConnectionUp(): the connection reached I-Open or R-Open.
    pub(crate) fn up(&mut self) -> Step {
        if self.status == WatchdogState::Down {
            self.status = WatchdogState::Reopen;
            self.num_dwa = 0;
            self.pending = true;
            Step {
                send_dwr: true,
                rearm: true,
                close: false,
            }
        } else {
            self.status = WatchdogState::Okay;
            self.pending = false;
            Step {
                rearm: true,
                ..Step::default()
            }
        }
    }

    /// OnConnectionDown(): the connection left the open state, after a
    /// failure (DOWN) or gracefully through DPR/DPA (INITIAL: a deliberate
    /// close is not a failure, RFC 6733 §5.4).
    pub(crate) fn down(&mut self, failed: bool) {
        self.status = if failed {
            WatchdogState::Down
        } else {
            WatchdogState::Initial
        };
        self.pending = false;
    }

    /// OnReceive(): any message arrived; `dwa` tells a watchdog answer.
    pub(crate) fn received(&mut self, dwa: bool) -> Step {
        if dwa {
            self.pending = false;
        }
        let rearm = Step {
            rearm: true,
            ..Step::default()
        };
        match self.status {
            WatchdogState::Okay => rearm,
            WatchdogState::Suspect => {
                self.status = WatchdogState::Okay;
                rearm
            }
            WatchdogState::Reopen => {
                if dwa {
                    self.num_dwa = self.num_dwa.saturating_add(1);
                    if self.num_dwa >= REOPEN_DWAS {
                        self.status = WatchdogState::Okay;
                    }
                }
                Step::default()
            }
            WatchdogState::Initial | WatchdogState::Down => Step::default(),
        }
    }

    /// OnTimerElapsed(): Tw expired.
    pub(crate) fn elapsed(&mut self) -> Step {
        let mut step = Step {
            rearm: true,
            ..Step::default()
        };
        match self.status {
            WatchdogState::Okay if !self.pending => {
                step.send_dwr = true;
                self.pending = true;
            }
            WatchdogState::Okay => self.status = WatchdogState::Suspect,
            WatchdogState::Suspect => {
                self.down(true);
                step = Step {
                    close: true,
                    ..Step::default()
                };
            }
            WatchdogState::Reopen if !self.pending => {
                step.send_dwr = true;
                self.pending = true;
            }
            WatchdogState::Reopen if self.num_dwa < 0 => {
                self.down(true);
                step = Step {
                    close: true,
                    ..Step::default()
                };
            }
            WatchdogState::Reopen => self.num_dwa = -1,
            WatchdogState::Initial | WatchdogState::Down => step = Step::default(),
        }
        step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn okay() -> Watchdog {
        let mut w = Watchdog::new();
        w.up();
        w
    }

    #[test]
    fn okay_probes_then_suspects_then_closes() {
        let mut w = okay();
        assert_eq!(w.status(), WatchdogState::Okay);
        let s = w.elapsed();
        assert!(s.send_dwr && s.rearm && !s.close);
        let s = w.elapsed();
        assert!(!s.send_dwr && s.rearm && !s.close);
        assert_eq!(w.status(), WatchdogState::Suspect);
        let s = w.elapsed();
        assert!(s.close && !s.rearm);
        assert_eq!(w.status(), WatchdogState::Down);
    }

    #[test]
    fn any_message_fails_back_from_suspect() {
        let mut w = okay();
        w.elapsed();
        w.elapsed();
        assert_eq!(w.status(), WatchdogState::Suspect);
        assert!(w.received(false).rearm);
        assert_eq!(w.status(), WatchdogState::Okay);
    }

    #[test]
    fn reopen_needs_three_answers_in_a_row() {
        let mut w = okay();
        w.down(true);
        let s = w.up();
        assert!(s.send_dwr);
        assert_eq!(w.status(), WatchdogState::Reopen);
        for n in 1..REOPEN_DWAS {
            // Other traffic neither counts nor restarts Tw in REOPEN.
            assert_eq!(w.received(false), Step::default());
            assert_eq!(w.received(true), Step::default());
            assert_eq!(w.status(), WatchdogState::Reopen, "after {n} DWAs");
            assert!(w.elapsed().send_dwr);
        }
        w.received(true);
        assert_eq!(w.status(), WatchdogState::Okay);
    }

    #[test]
    fn reopen_gives_up_after_two_missed_answers() {
        let mut w = okay();
        w.down(true);
        w.up();
        let s = w.elapsed();
        assert!(!s.send_dwr && !s.close, "first miss only marks it");
        assert!(w.elapsed().close);
        assert_eq!(w.status(), WatchdogState::Down);
    }

    #[test]
    fn graceful_close_starts_afresh() {
        let mut w = okay();
        w.down(false);
        assert_eq!(w.status(), WatchdogState::Initial);
        assert!(!w.up().send_dwr);
        assert_eq!(w.status(), WatchdogState::Okay);
    }
}
