//! Time as an argument, and the caller-seeded randomness for jitter.
//!
//! The peer never reads a clock: every call carries `now`, a point on the
//! caller's monotonic millisecond clock.

use core::ops::Add;
use core::time::Duration;

/// A point on the caller's monotonic clock, in milliseconds.
///
/// Arithmetic saturates: adding any [`Duration`] never overflows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Instant(u64);

impl Instant {
    /// The clock's origin.
    pub const ZERO: Self = Self(0);

    /// The instant `ms` milliseconds after the origin.
    pub const fn from_millis(ms: u64) -> Self {
        Self(ms)
    }

    /// Milliseconds since the origin.
    pub const fn as_millis(self) -> u64 {
        self.0
    }
}

impl Add<Duration> for Instant {
    type Output = Self;

    /// `self + d`, saturating at the end of time.
    fn add(self, d: Duration) -> Self {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Self(self.0.saturating_add(ms))
    }
}

/// A xorshift32 generator seeded by the caller: no global, no OS entropy.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u32);

impl Rng {
    /// A generator from `seed`; 0, a fixed point of xorshift, is replaced.
    pub(crate) const fn new(seed: u32) -> Self {
        Self(if seed == 0 { 0x9e37_79b9 } else { seed })
    }

    /// The next pseudo-random value.
    pub(crate) fn next_u32(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    /// `d` moved by a uniform offset in `-spread ..= +spread` (whole
    /// milliseconds), never below `spread`.
    pub(crate) fn jitter(&mut self, d: Duration, spread: Duration) -> Duration {
        let spread_ms = u64::try_from(spread.as_millis()).unwrap_or(u64::MAX);
        let offset = u64::from(self.next_u32()) % (spread_ms.saturating_mul(2).saturating_add(1));
        let base = d.max(spread) - spread;
        base + Duration::from_millis(offset)
    }
}
