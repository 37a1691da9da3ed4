//! The overload report, OC-OLR (RFC 7683 §7.3): read from an answer in
//! full or not at all, and written into one.

use core::fmt;
use core::time::Duration;

use crate::dict::doic as d;
use crate::wire::{Avp, Error, MessageWriter};

/// OC-Validity-Duration when the report has none, or one above
/// [`MAX_VALIDITY_SECS`] (RFC 7683 §7.5), in seconds.
pub const DEFAULT_VALIDITY_SECS: u32 = 30;

/// The longest OC-Validity-Duration, 24 hours (RFC 7683 §7.5), in seconds.
pub const MAX_VALIDITY_SECS: u32 = 86_400;

/// The highest OC-Reduction-Percentage (RFC 7683 §7.7): all traffic.
pub const MAX_REDUCTION: u8 = 100;

/// What an overload report concerns (OC-Report-Type, RFC 7683 §7.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ReportType {
    /// HOST_REPORT (0): the host named by the answer's Origin-Host; it
    /// governs host-routed requests (§4.3).
    Host,
    /// REALM_REPORT (1): the realm named by the answer's Origin-Realm
    /// (§4.3 as corrected by erratum 4549); it governs realm-routed requests.
    Realm,
}

impl ReportType {
    /// The OC-Report-Type value on the wire.
    pub const fn value(self) -> i32 {
        match self {
            Self::Host => 0,
            Self::Realm => 1,
        }
    }

    /// The report type of OC-Report-Type `value`; `None` for the values
    /// RFC 7683 leaves unassigned (2 and up, §7.6).
    pub const fn from_value(value: i32) -> Option<Self> {
        match value {
            0 => Some(Self::Host),
            1 => Some(Self::Realm),
            _ => None,
        }
    }
}

/// Why an OC-OLR (or the answer carrying it) cannot be acted on. The
/// reacting node ignores such a report and keeps its state (RFC 7683
/// §5.2.1.3, §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum OlrError {
    /// The OC-OLR's members do not parse, or one has the wrong size for
    /// its type.
    Malformed(Error),
    /// A member the report needs is missing (its AVP code):
    /// OC-Sequence-Number or OC-Report-Type (§7.3), or
    /// OC-Reduction-Percentage in a report that does not end an overload
    /// (§6.2: the loss algorithm's report MUST carry it).
    Missing(u32),
    /// An OC-Report-Type RFC 7683 does not assign (§7.6).
    UnknownReportType(i32),
    /// An OC-Reduction-Percentage above 100, which §7.7 says to ignore.
    ReductionOutOfRange(u32),
    /// The answer has no OC-Supported-Features, or its OC-Feature-Vector
    /// selects an algorithm other than loss: a report is read with the
    /// algorithm the answer selects (§5.2.1.3, §6.3).
    NotLossAlgorithm,
    /// The answer has no usable Origin-Host or Origin-Realm to say whom
    /// the report is about (§5.2.1.3).
    NoOrigin,
}

impl fmt::Display for OlrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(e) => write!(f, "malformed OC-OLR: {e}"),
            Self::Missing(code) => write!(f, "OC-OLR without its AVP {code}"),
            Self::UnknownReportType(t) => write!(f, "unknown OC-Report-Type {t}"),
            Self::ReductionOutOfRange(r) => write!(f, "OC-Reduction-Percentage {r} above 100"),
            Self::NotLossAlgorithm => f.write_str("the answer does not select the loss algorithm"),
            Self::NoOrigin => f.write_str("no usable Origin-Host or Origin-Realm"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for OlrError {}

/// One overload report of the loss algorithm (RFC 7683 §7.3, §6).
///
/// Its values are always in range: a reduction of at most 100 and a
/// validity of at most [`MAX_VALIDITY_SECS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct OverloadReport {
    sequence: u64,
    report_type: ReportType,
    reduction: u8,
    validity_secs: u32,
}

impl OverloadReport {
    /// A report, with the rules §7.5 and §7.7 give a receiver: a validity
    /// above [`MAX_VALIDITY_SECS`] becomes [`DEFAULT_VALIDITY_SECS`].
    ///
    /// # Errors
    /// [`OlrError::ReductionOutOfRange`] when `reduction` exceeds 100.
    pub fn new(
        sequence: u64,
        report_type: ReportType,
        reduction: u32,
        validity_secs: u32,
    ) -> Result<Self, OlrError> {
        let Some(reduction) = u8::try_from(reduction).ok().filter(|r| *r <= MAX_REDUCTION) else {
            return Err(OlrError::ReductionOutOfRange(reduction));
        };
        let validity_secs = if validity_secs > MAX_VALIDITY_SECS {
            DEFAULT_VALIDITY_SECS
        } else {
            validity_secs
        };
        Ok(Self {
            sequence,
            report_type,
            reduction,
            validity_secs,
        })
    }

    /// Reads an OC-OLR AVP (RFC 7683 §7.3). Members it does not know are
    /// skipped (`*[ AVP ]`); of a member given twice the first counts.
    /// Without OC-Validity-Duration the validity is 30 s (§7.5); a report
    /// with validity 0 ends an overload and may omit the reduction (0).
    ///
    /// # Errors
    /// An [`OlrError`] saying what makes the report unusable.
    pub fn parse(olr: &Avp<'_>) -> Result<Self, OlrError> {
        let (mut sequence, mut report_type, mut reduction, mut validity) = (None, None, None, None);
        for member in olr.grouped() {
            let member = member.map_err(OlrError::Malformed)?;
            if member.vendor_id() != 0 {
                continue;
            }
            let code = member.code();
            if code == d::OC_SEQUENCE_NUMBER.code && sequence.is_none() {
                sequence = Some(member.u64().map_err(OlrError::Malformed)?);
            } else if code == d::OC_REPORT_TYPE.code && report_type.is_none() {
                report_type = Some(member.enumerated().map_err(OlrError::Malformed)?);
            } else if code == d::OC_REDUCTION_PERCENTAGE.code && reduction.is_none() {
                reduction = Some(member.u32().map_err(OlrError::Malformed)?);
            } else if code == d::OC_VALIDITY_DURATION.code && validity.is_none() {
                validity = Some(member.u32().map_err(OlrError::Malformed)?);
            }
        }
        let sequence = sequence.ok_or(OlrError::Missing(d::OC_SEQUENCE_NUMBER.code))?;
        let value = report_type.ok_or(OlrError::Missing(d::OC_REPORT_TYPE.code))?;
        let report_type =
            ReportType::from_value(value).ok_or(OlrError::UnknownReportType(value))?;
        let validity = validity.unwrap_or(DEFAULT_VALIDITY_SECS);
        let reduction = match reduction {
            Some(r) => r,
            None if validity == 0 => 0,
            None => return Err(OlrError::Missing(d::OC_REDUCTION_PERCENTAGE.code)),
        };
        Self::new(sequence, report_type, reduction, validity)
    }

    /// Writes this report as an OC-OLR AVP with all four members.
    pub fn write(&self, w: &mut MessageWriter<'_>) {
        w.grouped(d::OC_OLR, |w| {
            w.u64(d::OC_SEQUENCE_NUMBER, self.sequence)
                .enumerated(d::OC_REPORT_TYPE, self.report_type.value())
                .u32(d::OC_REDUCTION_PERCENTAGE, u32::from(self.reduction))
                .u32(d::OC_VALIDITY_DURATION, self.validity_secs);
        });
    }

    /// OC-Sequence-Number (§7.4).
    pub const fn sequence(&self) -> u64 {
        self.sequence
    }
    /// OC-Report-Type (§7.6).
    pub const fn report_type(&self) -> ReportType {
        self.report_type
    }
    /// OC-Reduction-Percentage, 0 to 100 (§7.7).
    pub const fn reduction(&self) -> u8 {
        self.reduction
    }
    /// OC-Validity-Duration in seconds (§7.5).
    pub const fn validity_secs(&self) -> u32 {
        self.validity_secs
    }
    /// OC-Validity-Duration (§7.5).
    pub const fn validity(&self) -> Duration {
        Duration::from_secs(self.validity_secs as u64)
    }
    /// Whether the report ends an overload: validity 0 (§5.2.3).
    pub const fn is_end(&self) -> bool {
        self.validity_secs == 0
    }
}
