//! DOIC capability announcement: OC-Supported-Features and its
//! OC-Feature-Vector (RFC 7683 §5.1, §7.1, §7.2).

use crate::dict::doic as d;
use crate::wire::{Message, MessageWriter};

/// The features a node announces: the bits of its OC-Feature-Vector
/// (RFC 7683 §7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Features(u64);

impl Features {
    /// The loss algorithm alone (OLR_DEFAULT_ALGO, §7.2): what a reacting
    /// node puts in every request it sends (§5.1.1), and what a reporting
    /// node selects in its answers (§5.1.2), as RFC 7683 defines no other
    /// algorithm or feature.
    pub const LOSS: Self = Self(d::OLR_DEFAULT_ALGO);

    /// Features with the OC-Feature-Vector `bits`.
    pub const fn from_bits(bits: u64) -> Self {
        Self(bits)
    }

    /// The OC-Feature-Vector bits.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Whether the loss algorithm is announced (in a request) or selected
    /// (in an answer).
    pub const fn has_loss(self) -> bool {
        self.0 & d::OLR_DEFAULT_ALGO != 0
    }

    /// The OC-Supported-Features of `msg`, or `None` when it has none: in a
    /// request there is then no reacting node, in an answer no reporting
    /// node (§5.1). An absent OC-Feature-Vector means the loss algorithm
    /// alone (§7.2), and so does a vector that is malformed or 0 (a
    /// reserved value): every DOIC node supports loss (§6.1).
    pub fn of(msg: &Message<'_>) -> Option<Self> {
        let group = msg.lookup(d::OC_SUPPORTED_FEATURES.code, 0)?;
        let vector = group
            .lookup(d::OC_FEATURE_VECTOR.code, 0)
            .and_then(|v| v.u64().ok())
            .filter(|bits| *bits != 0);
        Some(vector.map_or(Self::LOSS, Self))
    }

    /// Writes an OC-Supported-Features AVP holding this OC-Feature-Vector.
    pub fn write(self, w: &mut MessageWriter<'_>) {
        w.grouped(d::OC_SUPPORTED_FEATURES, |w| {
            w.u64(d::OC_FEATURE_VECTOR, self.0);
        });
    }
}
