//! Codec benchmarks: viewing and walking real and encoded messages, and
//! encoding whole messages into a caller buffer.
//!
//! - `decode_walk/*` views a message (`Message::new_checked`), then walks
//!   every AVP depth-first, decoding each as the type the dictionary gives
//!   it (OctetString when unknown), descending into Grouped ones and
//!   folding every value into a checksum: what a receiver does to read a
//!   whole message.
//! - `check_all/*` views a message and checks every AVP's length at every
//!   depth (`AvpIter::check_all`, Grouped-ness from
//!   `Dictionaries::is_grouped`) without decoding values: the framing-level
//!   pass a validator starts with.
//! - `vs_c/*` runs, side by side on the CCR-U, a plain C loop
//!   (`c_loop/check_all.c`) doing the checks of `check_all` with a static
//!   table of the Grouped AVPs (`vs_c/c_loop`), `check_all` and
//!   `decode_walk`: what the codec costs over the least a decoder can do.
//! - `encode/*` writes a whole message with `MessageWriter`, padding and
//!   back-patched lengths included.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use diameter_core::dict;
use diameter_core::wire::{AvpIter, DataType, Message, Result, Value};

mod c_loop;

/// The encoders of the integration tests, which check their output byte for byte.
#[path = "../../core/tests/common/encode.rs"]
#[allow(dead_code)]
mod encode;

/// A Gy CCR-Update with one MSCC, 20 AVPs, byte-identical to a go-diameter
/// benchmark fixture (shared/fixtures/ccr-u-1mscc.bin).
const CCR_U_1MSCC: &[u8] = include_bytes!("../fixtures/ccr-u-1mscc.bin");

/// The dictionary's type for an AVP, OctetString when it has none.
fn data_type(code: u32, vendor_id: u32) -> DataType {
    dict::avp(code, vendor_id).map_or(DataType::OctetString, |d| d.data_type)
}

/// A number read out of `value`, so that decoding it cannot be skipped.
fn digest(value: &Value<'_>) -> u64 {
    match value {
        Value::OctetString(d) => d.len() as u64,
        Value::Utf8String(s) | Value::DiameterIdentity(s) => s.len() as u64,
        Value::Integer32(v) | Value::Enumerated(v) => *v as u64,
        Value::Integer64(v) => *v as u64,
        Value::Unsigned32(v) => u64::from(*v),
        Value::Unsigned64(v) => *v,
        Value::Float32(v) => u64::from(v.to_bits()),
        Value::Float64(v) => v.to_bits(),
        Value::Time(t) => u64::from(t.0),
        Value::Address(a) => a.encoded_len() as u64,
        Value::DiameterUri(u) => u.text.len() as u64,
        Value::IpFilterRule(r) => r.text.len() as u64,
        Value::Grouped(_) => 0,
    }
}

/// Walks `avps` depth-first, decoding every value into `sum`; returns how
/// many AVPs it read.
fn walk(avps: AvpIter<'_>, sum: &mut u64) -> Result<usize> {
    let mut count = 0;
    for avp in avps {
        let avp = avp?;
        count += 1;
        match avp.value(data_type(avp.code(), avp.vendor_id()))? {
            Value::Grouped(inner) => count += walk(inner, sum)?,
            value => *sum = sum.wrapping_add(digest(&value)),
        }
    }
    Ok(count)
}

/// Views and walks one message; returns the AVP count and the checksum.
fn decode_walk(bytes: &[u8]) -> Result<(usize, u64)> {
    let mut sum = 0;
    let count = walk(Message::new_checked(bytes)?.avps(), &mut sum)?;
    Ok((count, sum))
}

/// Views one message and checks every AVP's length at every depth.
fn check_all(bytes: &[u8]) -> Result<usize> {
    let grouped = |code, vendor_id| dict::DEFAULT.is_grouped(code, vendor_id);
    Message::new_checked(bytes)?.avps().check_all(&grouped)
}

/// One benchmarked pass over a message, returning how many AVPs it saw.
type Run = fn(&[u8]) -> Result<usize>;

fn bench_decode(c: &mut Criterion) {
    let mut ula = [0u8; 1024];
    let ula_len = encode::ula_subscription_data(&mut ula).unwrap();
    let messages: [(&str, &[u8], usize); 2] = [
        ("ccr_u_1mscc", CCR_U_1MSCC, 20),
        ("ula_subscription_data", &ula[..ula_len], 32),
    ];
    for (name, bytes, avps) in messages {
        assert_eq!(decode_walk(bytes).map(|r| r.0), Ok(avps), "{name}");
        assert_eq!(check_all(bytes), Ok(avps), "{name}");
    }
    let groups: [(&str, Run); 2] = [
        ("decode_walk", |b| decode_walk(b).map(|(count, _)| count)),
        ("check_all", check_all),
    ];
    for (group, run) in groups {
        let mut g = c.benchmark_group(group);
        for (name, bytes, _) in messages {
            g.throughput(Throughput::Bytes(bytes.len() as u64));
            g.bench_function(name, |b| b.iter(|| run(black_box(bytes))));
        }
        g.finish();
    }
}

fn bench_encode(c: &mut Criterion) {
    let mut buf = [0u8; 1024];
    let mut g = c.benchmark_group("encode");
    let len = encode::ccr_u_2mscc(&mut buf, 1, 1).unwrap();
    g.throughput(Throughput::Bytes(len as u64));
    g.bench_function("ccr_u_2mscc", |b| {
        let mut n = 0u32;
        b.iter(|| {
            n = n.wrapping_add(1);
            encode::ccr_u_2mscc(black_box(&mut buf), n, n)
        })
    });
    let len = encode::ula_subscription_data(&mut buf).unwrap();
    g.throughput(Throughput::Bytes(len as u64));
    g.bench_function("ula_subscription_data", |b| {
        b.iter(|| encode::ula_subscription_data(black_box(&mut buf)))
    });
    g.finish();
}

/// Checks that the C loop does what `check_all` does: the same Grouped
/// AVPs, and the same verdict and count on the CCR-U with each byte in
/// turn set to each of a few values (lengths, flags and the version broken
/// in every way they can be) and on every truncation of it.
fn assert_c_loop_agrees() {
    for def in dict::DEFAULT.avps() {
        let grouped = def.data_type == DataType::Grouped;
        assert_eq!(
            c_loop::is_grouped(def.code, def.vendor_id),
            grouped,
            "{}",
            def.name
        );
    }
    let mut bytes = CCR_U_1MSCC.to_vec();
    for at in 0..bytes.len() {
        for value in [0x00, 0x01, 0x03, 0x0b, 0x0c, 0x80, 0xff] {
            let original = bytes[at];
            bytes[at] = value;
            assert_eq!(
                c_loop::check_all(&bytes),
                check_all(&bytes).ok(),
                "byte {at} = {value:#x}"
            );
            bytes[at] = original;
        }
    }
    for len in 0..=bytes.len() {
        let prefix = &bytes[..len];
        assert_eq!(
            c_loop::check_all(prefix),
            check_all(prefix).ok(),
            "first {len} bytes"
        );
    }
}

/// The C loop, `check_all` and `decode_walk` on the CCR-U in one group.
fn bench_vs_c(c: &mut Criterion) {
    assert_c_loop_agrees();
    let runs: [(&str, Run); 3] = [
        ("c_loop", |b| Ok(c_loop::check_all(b).unwrap_or_default())),
        ("check_all", check_all),
        ("decode_walk", |b| decode_walk(b).map(|(count, _)| count)),
    ];
    let mut g = c.benchmark_group("vs_c");
    g.throughput(Throughput::Bytes(CCR_U_1MSCC.len() as u64));
    for (name, run) in runs {
        g.bench_function(name, |b| b.iter(|| run(black_box(CCR_U_1MSCC))));
    }
    g.finish();
}

criterion_group!(benches, bench_vs_c, bench_decode, bench_encode);
criterion_main!(benches);
