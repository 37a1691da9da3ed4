//! Error answers built from a request and a violation (RFC 6733 §6.2, §7.2, §7.5).

use super::grammars;
use super::violation::{Culprit, Violation};
use crate::dict::{base, cc};
use crate::wire::{avp_flags, flags, Avp, AvpHead, AvpIter, Message, MessageWriter, Result};

/// Who answers: the Origin-Host and Origin-Realm put in error answers.
#[derive(Debug, Clone, Copy)]
pub struct AnswerIdentity<'a> {
    /// Our Origin-Host.
    pub origin_host: &'a str,
    /// Our Origin-Realm.
    pub origin_realm: &'a str,
}

/// AVPs echoed from the request when present, so that the answer still
/// names the session and application the client needs to match it
/// (RFC 6733 §6.11, RFC 4006 §3.2, TS 29.272 answers).
const ECHOED: &[(u32, u32)] = &[
    (base::AUTH_APPLICATION_ID.code, 0),
    (base::ACCT_APPLICATION_ID.code, 0),
    (base::VENDOR_SPECIFIC_APPLICATION_ID.code, 0),
    (base::AUTH_SESSION_STATE.code, 0),
    (cc::CC_REQUEST_TYPE.code, 0),
    (cc::CC_REQUEST_NUMBER.code, 0),
    (base::ACCOUNTING_RECORD_TYPE.code, 0),
    (base::ACCOUNTING_RECORD_NUMBER.code, 0),
];

/// Zero bytes for the payloads of missing or malformed AVPs in Failed-AVP;
/// no AVP's minimal payload is longer (KASME's 32 octets are the longest).
const ZEROS: [u8; 32] = [0; 32];

/// Writes the answer to `request` for `violation` into `buf`.
///
/// The answer has the request's command code, identifiers and P bit, the E
/// bit for protocol errors (3xxx), the request's Session-Id, our
/// Origin-Host and Origin-Realm, the Result-Code, an Error-Message
/// (`error_message`, or the violation's reason), a Failed-AVP holding the
/// culprit nested in copies of its enclosing Grouped AVPs (RFC 6733 §7.5),
/// the application identifiers of the request, and its Proxy-Info AVPs
/// in order (§6.2). Answers are never answered: call this for requests only.
///
/// Returns the answer's length.
///
/// # Errors
/// [`ErrorKind::BufferTooSmall`](crate::wire::ErrorKind::BufferTooSmall) with
/// the size needed.
pub fn write_error_answer(
    buf: &mut [u8],
    request: &Message<'_>,
    violation: &Violation,
    us: &AnswerIdentity<'_>,
    error_message: Option<&str>,
) -> Result<usize> {
    let culprit_at = match violation.culprit {
        Culprit::Present { offset, .. } | Culprit::Malformed { offset, .. } => Some(offset),
        _ => None,
    };
    let echo = |avp: &Avp<'_>| Some(avp.offset()) != culprit_at;
    let mut w = MessageWriter::answer(buf, request);
    w.set_flag(flags::ERROR, violation.is_protocol_error());
    if let Some(sid) = request.lookup(base::SESSION_ID.code, 0).filter(echo) {
        w.copy_avp(&sid);
    }
    w.identity(base::ORIGIN_HOST, us.origin_host)
        .identity(base::ORIGIN_REALM, us.origin_realm)
        .u32(base::RESULT_CODE, violation.result_code)
        .utf8(
            base::ERROR_MESSAGE,
            error_message.unwrap_or(violation.reason.text()),
        );
    if violation.culprit != Culprit::None {
        w.grouped(base::FAILED_AVP, |w| {
            failed_avp(w, request, &violation.ancestors, violation.culprit)
        });
    }
    for &(code, vendor) in ECHOED {
        if let Some(avp) = request.lookup(code, vendor).filter(echo) {
            w.copy_avp(&avp);
        }
    }
    for proxy_info in request.avps().map_while(|a| a.ok()) {
        if proxy_info.code() == base::PROXY_INFO.code && proxy_info.vendor_id() == 0 {
            w.copy_avp(&proxy_info);
        }
    }
    w.finish()
}

/// The AVP at `offset` of `msg`, if well-formed.
fn avp_at<'a>(msg: &Message<'a>, offset: usize) -> Option<Avp<'a>> {
    let bytes = msg.as_bytes().get(offset..)?;
    AvpIter::with_offset(bytes, offset).next()?.ok()
}

/// Writes the culprit inside copies of the headers of its `ancestors`.
fn failed_avp(w: &mut MessageWriter<'_>, msg: &Message<'_>, ancestors: &[usize], culprit: Culprit) {
    if let Some((&outer, inner)) = ancestors.split_first() {
        if let Some(group) = avp_at(msg, outer) {
            let head = AvpHead {
                code: group.code(),
                vendor_id: group.vendor_id(),
                flags: group.flags() & !avp_flags::VENDOR,
            };
            w.grouped(head, |w| failed_avp(w, msg, inner, culprit));
            return;
        }
    }
    match culprit {
        Culprit::None => {}
        Culprit::Present { offset, .. } => {
            if let Some(avp) = avp_at(msg, offset) {
                w.copy_avp(&avp);
            }
        }
        Culprit::Malformed { .. } | Culprit::Missing { .. } => {
            if let Some(failed) = FailedAvp::of_culprit(culprit) {
                failed.write_placeholder(w);
            }
        }
    }
}

/// The AVP a Failed-AVP names, kept by value so that the answer can be
/// written after the offending message is gone (RFC 6733 §7.5).
///
/// It is written as its header with a zero-filled payload of `data_len`
/// octets: for a missing AVP "a zero-filled payload of the minimum required
/// length for the omitted AVP" (RFC 6733 §7.5), for a malformed one the
/// length [`Culprit::Malformed`] gives, and for an AVP that was present the
/// minimal length of its type too, since its value is no longer at hand.
/// The Grouped AVPs enclosing the culprit are not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct FailedAvp {
    /// AVP Code.
    pub code: u32,
    /// Vendor-ID, 0 for IETF AVPs.
    pub vendor_id: u32,
    /// AVP flags other than V (M and P bits).
    pub flags: u8,
    /// Length of the zero-filled payload, at most 32 octets.
    pub data_len: u8,
    /// Whether the AVP was missing from the message (5005).
    pub missing: bool,
}

impl FailedAvp {
    /// The Failed-AVP content of `violation` found in `msg`, when it names
    /// an AVP; the flags of an AVP present in `msg` are its own.
    pub fn of(violation: &Violation, msg: &Message<'_>) -> Option<Self> {
        let mut failed = Self::of_culprit(violation.culprit)?;
        if let Culprit::Present { offset, .. } = violation.culprit {
            if let Some(avp) = avp_at(msg, offset) {
                failed.flags = avp.flags() & (avp_flags::MANDATORY | avp_flags::PROTECTED);
            }
        }
        Some(failed)
    }

    /// The Failed-AVP content for `culprit`, when it names an AVP.
    pub fn of_culprit(culprit: Culprit) -> Option<Self> {
        let data_len = |n: usize| u8::try_from(n.min(ZEROS.len())).unwrap_or(0);
        let (head, len, missing) = match culprit {
            Culprit::None => return None,
            Culprit::Present {
                code, vendor_id, ..
            } => {
                let (flags, len) = match crate::dict::avp(code, vendor_id) {
                    Some(def) => (def.head().flags, grammars::min_data_len(def)),
                    None => (0, 0),
                };
                (
                    AvpHead {
                        code,
                        vendor_id,
                        flags,
                    },
                    len,
                    false,
                )
            }
            Culprit::Malformed {
                code,
                vendor_id,
                flags,
                data_len,
                ..
            } => (
                AvpHead {
                    code,
                    vendor_id,
                    flags: flags & (avp_flags::MANDATORY | avp_flags::PROTECTED),
                },
                data_len,
                false,
            ),
            Culprit::Missing { avp, .. } => (avp.head(), grammars::min_data_len(avp), true),
        };
        Some(Self {
            code: head.code,
            vendor_id: head.vendor_id,
            flags: head.flags,
            data_len: data_len(len),
            missing,
        })
    }

    /// Writes the AVP itself (not the Failed-AVP around it): its header and
    /// `data_len` zero octets.
    pub fn write_placeholder(&self, w: &mut MessageWriter<'_>) {
        let head = AvpHead {
            code: self.code,
            vendor_id: self.vendor_id,
            flags: self.flags,
        };
        w.octets(
            head,
            ZEROS.get(..usize::from(self.data_len)).unwrap_or(&ZEROS),
        );
    }

    /// Writes a Failed-AVP (RFC 6733 §7.5) holding this AVP's placeholder.
    pub fn write(&self, w: &mut MessageWriter<'_>) {
        w.grouped(base::FAILED_AVP, |w| self.write_placeholder(w));
    }
}
