//! Load shedding: how many new requests an event loop serves per turn.
//!
//! Everything a turn reads is answered in that turn (or deferred), and a
//! turn reads at most its read budget of each connection, so the latency
//! of the newest request waiting is the turn's length plus how long what
//! it left unread waits for the next turns ([`backlog_wait`]). When that
//! passes the target, the next turns serve only as many new requests as
//! fitted in the target at the rate just seen, and answer the rest at
//! once with 3004 DIAMETER_TOO_BUSY, which costs little (RFC 6733 §7.1.3:
//! the sender SHOULD try another peer). Requests that name this node in
//! their Destination-Host continue a series of round trips it already
//! serves (RFC 6733 §6.1: only the first request of a series goes by realm
//! alone) and are always served; the budget applies to the others. (The
//! RFC reserves 3004 for requests naming a specific server; a server that
//! answers a first request is that server, and no other code tells the
//! client to try elsewhere without taking the realm for unreachable.) The
//! budget doubles again after each turn that took less than half the
//! target and used it up, and goes once one does not.

use std::time::Duration;

/// The fewest new requests a loop serves per turn, however slow.
const MIN_BUDGET: usize = 16;

/// How long `waiting` bytes take to be read at the rate a turn read
/// `read` bytes in `took` (nothing read: no rate, no wait).
pub(crate) fn backlog_wait(waiting: u64, read: u64, took: Duration) -> Duration {
    if read == 0 {
        return Duration::ZERO;
    }
    let nanos = (u128::from(waiting).checked_mul(took.as_nanos()))
        .map_or(u128::MAX, |n| n / u128::from(read));
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

/// The shedding state of one event loop.
#[derive(Debug)]
pub(crate) struct Shedder {
    /// The longest a turn should take; `None`: never shed.
    target: Option<Duration>,
    /// New requests a turn may serve now; `None`: no limit.
    budget: Option<usize>,
    /// New requests served in this turn.
    served: usize,
}

impl Shedder {
    /// A shedder keeping turns within `target`, or never shedding.
    pub(crate) fn new(target: Option<Duration>) -> Self {
        Self {
            target,
            budget: None,
            served: 0,
        }
    }

    /// Whether a new request is served this turn (else answered 3004).
    pub(crate) fn admit(&mut self) -> bool {
        let ok = self.budget.is_none_or(|b| self.served < b);
        if ok {
            self.served += 1;
        }
        ok
    }

    /// A turn ended whose newest request waiting has `took` of latency
    /// (the turn, and the backlog it left); sets the next turns' budget.
    pub(crate) fn turn_took(&mut self, took: Duration) {
        let served = std::mem::take(&mut self.served);
        let Some(target) = self.target else { return };
        if took > target {
            if served == 0 {
                return; // slow for another reason: nothing to learn
            }
            // What fitted in the target at this turn's rate.
            let fits = (served as u128 * target.as_nanos()) / took.as_nanos().max(1);
            let fits = usize::try_from(fits).unwrap_or(usize::MAX);
            self.budget = Some(fits.max(MIN_BUDGET));
        } else if took < target / 2 {
            self.budget = match self.budget {
                Some(b) if b < usize::MAX / 4 && served >= b => Some(b * 2),
                Some(b) if served >= b => None,
                // The budget was not used up: no longer needed.
                _ => None,
            };
        }
    }

    /// Whether the loop is overloaded: a slow turn set a budget that has
    /// not been lifted yet. Requests are shed now, and DOIC reports the
    /// overload (RFC 7683 §5.2.3) on the same signal.
    pub(crate) fn overloaded(&self) -> bool {
        self.budget.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(s: &mut Shedder, offered: usize) -> usize {
        (0..offered).filter(|_| s.admit()).count()
    }

    #[test]
    fn a_slow_turn_limits_the_next_to_what_fits_in_the_target() {
        let mut s = Shedder::new(Some(Duration::from_millis(20)));
        assert_eq!(serve(&mut s, 5_000), 5_000, "no limit before a slow turn");
        s.turn_took(Duration::from_millis(100));
        assert_eq!(serve(&mut s, 5_000), 1_000, "20 ms at 50 requests/ms");
        s.turn_took(Duration::from_millis(20));
        assert_eq!(serve(&mut s, 5_000), 1_000, "on target: unchanged");
    }

    #[test]
    fn fast_turns_double_the_budget_until_it_is_lifted() {
        let mut s = Shedder::new(Some(Duration::from_millis(20)));
        serve(&mut s, 1_000);
        s.turn_took(Duration::from_secs(10));
        assert_eq!(serve(&mut s, 5_000), MIN_BUDGET, "never below the minimum");
        s.turn_took(Duration::from_millis(5));
        assert_eq!(serve(&mut s, 5_000), 2 * MIN_BUDGET);
        s.turn_took(Duration::from_millis(5));
        // A turn that did not use its budget: the limit goes.
        assert_eq!(serve(&mut s, 10), 10);
        s.turn_took(Duration::from_millis(5));
        assert!(!s.overloaded());
        assert_eq!(serve(&mut s, 5_000), 5_000);
    }

    #[test]
    fn a_backlog_waits_as_long_as_the_turn_rate_takes_to_read_it() {
        let ms = Duration::from_millis;
        assert_eq!(backlog_wait(64_000, 16_000, ms(1)), ms(4));
        assert_eq!(backlog_wait(0, 16_000, ms(1)), Duration::ZERO);
        assert_eq!(backlog_wait(64_000, 0, ms(1)), Duration::ZERO, "no rate");
        let huge = backlog_wait(u64::MAX, 1, Duration::MAX);
        assert_eq!(huge, Duration::from_nanos(u64::MAX), "saturates");
    }

    #[test]
    fn short_turns_with_a_backlog_shed() {
        // Turns of 0.5 ms against a 5 ms target, each leaving 20 turns'
        // worth unread: the newest request waits 10.5 ms.
        let mut s = Shedder::new(Some(Duration::from_millis(5)));
        let turn = Duration::from_micros(500);
        assert_eq!(serve(&mut s, 100), 100);
        s.turn_took(turn + backlog_wait(20 * 16_384, 16_384, turn));
        assert!(s.overloaded());
        assert_eq!(serve(&mut s, 100), 47, "100 × 5 / 10.5");
    }

    #[test]
    fn without_a_target_nothing_is_shed() {
        let mut s = Shedder::new(None);
        serve(&mut s, 10);
        s.turn_took(Duration::from_secs(10));
        assert_eq!(serve(&mut s, 5_000), 5_000);
    }
}
