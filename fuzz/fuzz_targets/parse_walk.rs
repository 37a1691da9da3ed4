//! Views arbitrary bytes as a message, walks every AVP recursively and calls
//! every typed accessor on each, checking that errors point inside the
//! message and that successful decodes are consistent.
#![no_main]

use diameter_core::dict;
use diameter_core::wire::{frame_len, Avp, AvpIter, DataType, ErrorKind, Message, Status, Time};
use libfuzzer_sys::fuzz_target;

/// How deep AVPs the dictionary does not call Grouped are also tried as
/// groups, to run the iterator over nested garbage without quadratic cost.
const MAX_SPECULATIVE_DEPTH: usize = 4;

fuzz_target!(|data: &[u8]| {
    let framed = frame_len(data);
    let Ok(msg) = Message::new_checked(data) else {
        return;
    };
    assert_eq!(framed, Ok(Status::Complete(msg.len())));
    let _ = msg.check_header_bits();
    let h = msg.header();
    assert_eq!(h.length() as usize, msg.len());
    assert_eq!(
        (
            h.command_code(),
            h.application_id(),
            h.hop_by_hop(),
            h.end_to_end()
        ),
        (
            msg.command_code(),
            msg.application_id(),
            msg.hop_by_hop(),
            msg.end_to_end()
        )
    );
    walk(msg.avps(), msg.len(), 0);
});

/// Walks `avps`, checking each AVP and descending into possible groups.
fn walk(avps: AvpIter<'_>, msg_len: usize, depth: usize) {
    for avp in avps {
        match avp {
            Ok(avp) => {
                let grouped = check_avp(&avp, msg_len);
                if grouped || depth < MAX_SPECULATIVE_DEPTH {
                    walk(avp.grouped(), msg_len, depth + 1);
                }
            }
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::InvalidAvpLength);
                assert!(e.offset < msg_len);
            }
        }
    }
}

/// Calls every accessor on `avp`; returns whether the dictionary says it is Grouped.
fn check_avp(avp: &Avp<'_>, msg_len: usize) -> bool {
    let end = avp.offset() + avp.len();
    assert!(end <= msg_len);
    assert_eq!(avp.data_offset() + avp.data().len(), end);
    assert_eq!(
        avp.header_len(),
        if avp.is_vendor_specific() { 12 } else { 8 }
    );
    if !avp.is_vendor_specific() {
        assert_eq!(avp.vendor_id(), 0);
    }
    let _ = avp.check_reserved_bits();
    let data = avp.data();
    let value_error_inside = |e: diameter_core::wire::Error| {
        assert_eq!(e.kind, ErrorKind::InvalidAvpValue);
        assert!(e.offset >= avp.data_offset() && e.offset <= end);
    };
    assert_eq!(avp.octets(), data);
    let fixed4 = data.len() == 4;
    let fixed8 = data.len() == 8;
    assert_eq!(avp.u32().is_ok(), fixed4);
    assert_eq!(avp.i32().is_ok(), fixed4);
    assert_eq!(avp.enumerated().is_ok(), fixed4);
    assert_eq!(avp.f32().is_ok(), fixed4);
    assert_eq!(avp.u64().is_ok(), fixed8);
    assert_eq!(avp.i64().is_ok(), fixed8);
    assert_eq!(avp.f64().is_ok(), fixed8);
    match avp.time() {
        Ok(t) => assert_eq!(Time::from_unix_seconds(t.unix_seconds()), Some(t)),
        Err(e) => value_error_inside(e),
    }
    match avp.address() {
        Ok(a) => assert_eq!(a.encoded_len(), data.len()),
        Err(e) => value_error_inside(e),
    }
    match avp.utf8() {
        Ok(s) => assert_eq!(s.as_bytes(), data),
        Err(e) => value_error_inside(e),
    }
    match avp.identity() {
        Ok(s) => assert!(!s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())),
        Err(e) => value_error_inside(e),
    }
    match avp.uri() {
        Ok(u) => assert_eq!(u.text.as_bytes(), data),
        Err(e) => value_error_inside(e),
    }
    match avp.ip_filter_rule() {
        Ok(r) => assert_eq!(r.text.as_bytes(), data),
        Err(e) => value_error_inside(e),
    }
    let Some(def) = dict::avp(avp.code(), avp.vendor_id()) else {
        return false;
    };
    if let Err(e) = avp.value(def.data_type) {
        value_error_inside(e);
    }
    def.data_type == DataType::Grouped
}
