//! The loss algorithm's choice of requests to abate (RFC 7683 §6.3).

/// Picks which requests to abate so that exactly the reported percentage
/// of them is: an error-diffusion counter, so that for a reduction of
/// `p`% every run of `n` consecutive requests has ⌊n·p/100⌋ or ⌈n·p/100⌉
/// of them abated (30% is 3 of every 10), where §6.1's random draw is only
/// right on average.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub(crate) struct LossCounter {
    /// The reduction owed so far, in hundredths of a request (below 100).
    owed: u8,
}

impl LossCounter {
    /// Whether to abate the next request, for a reduction of `reduction`
    /// percent (above 100 counts as 100).
    pub(crate) fn abate(&mut self, reduction: u8) -> bool {
        let owed = u16::from(self.owed) + u16::from(reduction.min(100));
        let abate = owed >= 100;
        let rest = if abate { owed - 100 } else { owed };
        self.owed = u8::try_from(rest).unwrap_or(0);
        abate
    }
}
