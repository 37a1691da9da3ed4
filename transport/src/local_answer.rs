//! Answers the node builds itself for requests it cannot deliver or serve.

use diameter_core::dict::base;
use diameter_core::dict::result_code;
use diameter_core::validate::{write_error_answer, AnswerIdentity, Culprit, Reason, Violation};
use diameter_core::wire::{flags, Header, Message, MessageWriter};

use crate::later::ANSWER_ROOM;

/// An error answer with `code` to `request`, from `us` (E bit for 3xxx,
/// RFC 6733 §7.2); `None` when the request does not parse.
pub(crate) fn error_answer(request: &[u8], code: u32, us: &AnswerIdentity<'_>) -> Option<Vec<u8>> {
    let req = Message::new_checked(request).ok()?;
    let v = Violation::new(code, reason_of(code), Culprit::None);
    let mut buf = vec![0u8; request.len() + ANSWER_ROOM];
    let n = write_error_answer(&mut buf, &req, &v, us, None).ok()?;
    buf.truncate(n);
    Some(buf)
}

/// The reason an answer built by the node itself gives.
pub(crate) fn reason_of(code: u32) -> Reason {
    match code {
        result_code::DIAMETER_REALM_NOT_SERVED => Reason::RealmNotServed,
        result_code::DIAMETER_LOOP_DETECTED => Reason::Loop,
        result_code::DIAMETER_UNABLE_TO_COMPLY => Reason::UnableToComply,
        result_code::DIAMETER_TOO_BUSY => Reason::TooBusy,
        _ => Reason::Undeliverable,
    }
}

/// The 5011 DIAMETER_UNSUPPORTED_VERSION answer to a request whose header
/// names another version than 1 (RFC 6733 §7.1.5), built from its header
/// alone (its body may follow other rules); `None` for an answer or a
/// buffer shorter than a header.
pub(crate) fn unsupported_version(request: &[u8], us: &AnswerIdentity<'_>) -> Option<Vec<u8>> {
    let h = Header::view(request).ok()?;
    if h.flags() & flags::REQUEST == 0 {
        return None;
    }
    let header = Header::new(
        h.flags() & flags::PROXIABLE,
        h.command_code(),
        h.application_id(),
        h.hop_by_hop(),
        h.end_to_end(),
    );
    let mut buf = vec![0u8; ANSWER_ROOM];
    let mut w = MessageWriter::new(&mut buf, header);
    w.identity(base::ORIGIN_HOST, us.origin_host)
        .identity(base::ORIGIN_REALM, us.origin_realm)
        .u32(base::RESULT_CODE, result_code::DIAMETER_UNSUPPORTED_VERSION);
    let n = w.finish().ok()?;
    buf.truncate(n);
    Some(buf)
}
