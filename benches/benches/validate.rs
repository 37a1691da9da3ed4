//! Validation benchmarks: what checking a message against its command's
//! grammar costs on top of parsing it.
//!
//! `validate/<message>` views the message (`Message::new_checked`) and runs
//! `Validator::validate`: header bits, command and application, then every
//! AVP against its grammar (fixed positions, occurrences, types, closed
//! enumerations), recursively through the Grouped AVPs that have one.
//! `parse_only/<message>` views the same message and walks every AVP
//! depth-first, decoding each as its dictionary type: the parsing the
//! validator does anyway. The difference is the cost of the grammars.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use diameter_core::dict;
use diameter_core::validate::Validator;
use diameter_core::wire::{AvpIter, DataType, Message, Result, Value};

/// The encoders of the integration tests, which check their output byte for byte.
#[path = "../../core/tests/common/encode.rs"]
#[allow(dead_code)]
mod encode;

/// A Gy CCR-Update with one MSCC, 20 AVPs, byte-identical to a go-diameter
/// benchmark fixture (shared/fixtures/ccr-u-1mscc.bin).
const CCR_U_1MSCC: &[u8] = include_bytes!("../fixtures/ccr-u-1mscc.bin");

/// Decodes every AVP of `avps` as its dictionary type (OctetString when
/// unknown), descending into Grouped ones; returns how many it read.
fn decode_all(avps: AvpIter<'_>) -> Result<usize> {
    avps.map(|avp| {
        let avp = avp?;
        let ty =
            dict::avp(avp.code(), avp.vendor_id()).map_or(DataType::OctetString, |d| d.data_type);
        match avp.value(ty)? {
            Value::Grouped(inner) => Ok(1 + decode_all(inner)?),
            value => {
                black_box(value);
                Ok(1)
            }
        }
    })
    .sum()
}

/// Views `bytes` and decodes every AVP at every depth.
fn parse_only(bytes: &[u8]) -> Result<usize> {
    decode_all(Message::new_checked(bytes)?.avps())
}

/// Views and validates `bytes`; true when valid.
fn validate(bytes: &[u8]) -> bool {
    Message::new_checked(bytes).is_ok_and(|m| Validator::new(&[]).validate(&m).is_ok())
}

/// Benchmarks `f` on each message, with the throughput of its bytes.
fn bench_each<R>(
    c: &mut Criterion,
    group: &str,
    messages: &[(&str, &[u8])],
    f: impl Fn(&[u8]) -> R,
) {
    let mut g = c.benchmark_group(group);
    for &(name, bytes) in messages {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| b.iter(|| f(black_box(bytes))));
    }
    g.finish();
}

fn bench_validate(c: &mut Criterion) {
    let mut ula = [0u8; 1024];
    let ula_len = encode::ula_subscription_data(&mut ula).unwrap();
    let messages = [
        ("ccr_u_1mscc", CCR_U_1MSCC),
        ("ula_subscription_data", &ula[..ula_len]),
    ];
    for ((name, bytes), avps) in messages.iter().zip([20, 32]) {
        assert!(validate(bytes), "{name} is valid");
        assert_eq!(parse_only(bytes), Ok(avps), "{name}: AVPs walked");
    }
    bench_each(c, "validate", &messages, validate);
    bench_each(c, "parse_only", &messages, parse_only);
}

criterion_group!(benches, bench_validate);
criterion_main!(benches);
