//! Parses a message, re-encodes every top-level AVP (typed through
//! `MessageWriter::value` when the dictionary knows its type, copied with
//! `copy_avp` otherwise), parses the result and compares it with the
//! original; encoding the re-parsed message again must give the same bytes.
#![no_main]

use diameter_core::dict;
use diameter_core::wire::{avp_flags, Avp, AvpHead, ErrorKind, Message, MessageWriter, Value};
use libfuzzer_sys::fuzz_target;

/// How `avp` is written again: its typed value, or `None` to copy its bytes.
fn typed_value<'a>(avp: &Avp<'a>) -> Option<Value<'a>> {
    let def = dict::avp(avp.code(), avp.vendor_id())?;
    avp.value(def.data_type).ok()
}

/// Encodes the header and top-level AVPs of `msg`, growing the buffer to the
/// size a first try reports.
fn reencode(msg: &Message<'_>) -> Vec<u8> {
    let write = |buf: &mut [u8]| {
        let mut w = MessageWriter::new(buf, *msg.header());
        for avp in msg.avps().map_while(Result::ok) {
            let head = AvpHead {
                code: avp.code(),
                vendor_id: avp.vendor_id(),
                flags: avp.flags(),
            };
            match typed_value(&avp) {
                Some(value) => w.value(head, &value),
                None => w.copy_avp(&avp),
            };
        }
        w.finish()
    };
    let mut buf = vec![0; msg.len()];
    let len = match write(&mut buf) {
        Ok(len) => len,
        Err(e) => {
            let ErrorKind::BufferTooSmall { needed } = e.kind else {
                panic!("{e}");
            };
            assert_eq!(e.offset, buf.len());
            buf = vec![0; needed];
            assert_eq!(write(&mut buf), Ok(needed));
            needed
        }
    };
    buf.truncate(len);
    buf
}

/// The flags `MessageWriter` writes for an AVP read with `flags` and `vendor`:
/// V is set exactly when there is a vendor.
fn written_flags(flags: u8, vendor: u32) -> u8 {
    let v = if vendor != 0 { avp_flags::VENDOR } else { 0 };
    (flags & !avp_flags::VENDOR) | v
}

/// Checks that `copy` holds `orig` as `reencode` writes it.
fn assert_same_avp(orig: &Avp<'_>, copy: &Avp<'_>) {
    assert_eq!(
        (copy.code(), copy.vendor_id()),
        (orig.code(), orig.vendor_id())
    );
    match typed_value(orig) {
        None => assert_eq!(copy.as_bytes(), orig.as_bytes()),
        Some(Value::Grouped(inner)) => {
            assert_eq!(copy.flags(), written_flags(orig.flags(), orig.vendor_id()));
            let copied: Vec<_> = copy.grouped().map(|a| a.unwrap().as_bytes()).collect();
            let kept: Vec<_> = inner.map_while(Result::ok).map(|a| a.as_bytes()).collect();
            assert_eq!(copied, kept);
        }
        Some(_) => {
            assert_eq!(copy.flags(), written_flags(orig.flags(), orig.vendor_id()));
            assert_eq!(copy.data(), orig.data());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(msg) = Message::new_checked(data) else {
        return;
    };
    let first = reencode(&msg);
    let again = Message::new_checked(&first).unwrap();
    assert_eq!(again.header().length() as usize, first.len());
    assert_eq!(
        (again.flags(), again.command_code(), again.application_id()),
        (msg.flags(), msg.command_code(), msg.application_id())
    );
    assert_eq!(
        (again.hop_by_hop(), again.end_to_end()),
        (msg.hop_by_hop(), msg.end_to_end())
    );
    let originals: Vec<_> = msg.avps().map_while(Result::ok).collect();
    let copies: Vec<_> = again.avps().map(Result::unwrap).collect();
    assert_eq!(originals.len(), copies.len());
    for (orig, copy) in originals.iter().zip(&copies) {
        assert_same_avp(orig, copy);
    }
    // Encoding is a fixed point once the message has been through it.
    assert_eq!(reencode(&again), first);
});
