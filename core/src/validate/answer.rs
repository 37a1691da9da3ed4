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
        Culprit::Malformed {
            code,
            vendor_id,
            flags,
            data_len,
            ..
        } => {
            let head = AvpHead {
                code,
                vendor_id,
                flags: flags & (avp_flags::MANDATORY | avp_flags::PROTECTED),
            };
            w.octets(head, ZEROS.get(..data_len).unwrap_or(&ZEROS));
        }
        Culprit::Missing { avp, .. } => {
            w.octets(
                avp,
                ZEROS.get(..grammars::min_data_len(avp)).unwrap_or(&ZEROS),
            );
        }
    }
}
