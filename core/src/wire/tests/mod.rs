//! Unit tests of the codec on hand-built bytes: typed data, every error
//! kind with its offset and Result-Code, framing, and the writer.

use std::vec::Vec;

use super::{Avp, AvpIter, HEADER_LEN};

mod data;
mod errors;
mod frame;
mod header;
mod writer;

/// Header and data of one AVP with the given Length field, then padding:
/// lets a test write any length, consistent or not.
fn raw_avp(code: u32, flags: u8, vendor: Option<u32>, length: u32, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&code.to_be_bytes());
    out.push(flags);
    out.extend_from_slice(&length.to_be_bytes()[1..]);
    if let Some(v) = vendor {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(data);
    out.resize(out.len().next_multiple_of(4), 0);
    out
}

/// A well-formed AVP: V bit and Vendor-ID when `vendor` is not 0.
fn avp(code: u32, flags: u8, vendor: u32, data: &[u8]) -> Vec<u8> {
    if vendor == 0 {
        raw_avp(code, flags, None, 8 + data.len() as u32, data)
    } else {
        raw_avp(
            code,
            flags | 0x80,
            Some(vendor),
            12 + data.len() as u32,
            data,
        )
    }
}

/// A message of version 1 whose Length field is `20 + body.len()`.
fn message(flags: u8, command: u32, app: u32, body: &[u8]) -> Vec<u8> {
    let len = (HEADER_LEN + body.len()) as u32;
    let mut out = Vec::new();
    out.push(1);
    out.extend_from_slice(&len.to_be_bytes()[1..]);
    out.push(flags);
    out.extend_from_slice(&command.to_be_bytes()[1..]);
    out.extend_from_slice(&app.to_be_bytes());
    out.extend_from_slice(&0x1122_3344u32.to_be_bytes());
    out.extend_from_slice(&0x5566_7788u32.to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// The single AVP in `bytes`, which must be well-formed.
fn only_avp(bytes: &[u8]) -> Avp<'_> {
    let mut it = AvpIter::new(bytes);
    let avp = it.next().unwrap().unwrap();
    assert!(it.next().is_none(), "more than one AVP");
    avp
}
