//! The codec never touches the heap: parsing, walking and decoding every
//! fixture, and encoding whole messages, count zero allocations under a
//! counting global allocator.
//!
//! A `GlobalAlloc` can only be written with `unsafe`, which the workspace
//! forbids; this package denies it instead (see its Cargo.toml) so that
//! this one file can allow it for the allocator and nothing else.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use diameter_core::dict;
use diameter_core::wire::{frame_len, Avp, DataType, Message, Status};

#[path = "../../core/tests/common/mod.rs"]
mod common;

/// The system allocator, counting the allocations of the threads that ask.
struct Counting;

thread_local! {
    /// Allocations made by this thread while counting, or `None` when not counting.
    static COUNT: Cell<Option<usize>> = const { Cell::new(None) };
}

fn count_one() {
    // `try_with` fails only while the thread is being torn down.
    let _ = COUNT.try_with(|c| c.set(c.get().map(|n| n + 1)));
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged, so `System`'s guarantees carry over; counting touches only a
// const-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded as received (see the impl's comment).
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded as received.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many heap allocations this thread makes while running `f`.
fn allocations_in(f: impl FnOnce()) -> usize {
    COUNT.with(|c| c.set(Some(0)));
    f();
    COUNT.with(|c| c.replace(None)).unwrap_or_default()
}

const EVERY_TYPE: [DataType; 15] = [
    DataType::OctetString,
    DataType::Integer32,
    DataType::Integer64,
    DataType::Unsigned32,
    DataType::Unsigned64,
    DataType::Float32,
    DataType::Float64,
    DataType::Grouped,
    DataType::Address,
    DataType::Time,
    DataType::Utf8String,
    DataType::DiameterIdentity,
    DataType::DiameterUri,
    DataType::Enumerated,
    DataType::IpFilterRule,
];

/// Frames, parses and walks `bytes`, decoding each AVP as its dictionary
/// type and as every other type too (so the error paths run as well);
/// returns how many AVPs it walked.
fn parse_walk_decode(bytes: &[u8]) -> usize {
    assert_eq!(frame_len(bytes), Ok(Status::Complete(bytes.len())));
    let msg = Message::new_checked(bytes).unwrap();
    msg.check_header_bits().unwrap();
    let visit = &mut |_, avp: &Avp<'_>| {
        avp.check_reserved_bits()?;
        if let Some(def) = dict::avp(avp.code(), avp.vendor_id()) {
            black_box(avp.value(def.data_type)?);
        }
        for ty in EVERY_TYPE {
            let _ = black_box(avp.value(ty));
        }
        Ok(())
    };
    msg.avps().walk(&common::is_grouped, visit).unwrap()
}

#[test]
fn the_counter_sees_allocations() {
    let n = allocations_in(|| {
        black_box(vec![1u8; 64]);
    });
    assert_eq!(n, 1);
}

#[test]
fn parsing_walking_and_decoding_every_fixture_allocates_nothing() {
    let messages = common::all_messages();
    for (name, bytes) in &messages {
        let mut walked = 0;
        let n = allocations_in(|| walked = parse_walk_decode(bytes));
        assert_eq!(n, 0, "{name}: {n} allocations");
        assert!(walked >= 3, "{name}: only {walked} AVPs walked");
    }
}

#[test]
fn encoding_whole_messages_allocates_nothing() {
    let mut buf = [0u8; 1024];
    let mut lens = [0; 4];
    let n = allocations_in(|| {
        lens[0] = common::encode::ccr_u_2mscc(&mut buf, 1, 1).unwrap();
        lens[1] = common::encode::ccr_i(&mut buf).unwrap();
        lens[2] = common::encode::ula_subscription_data(&mut buf).unwrap();
        // A too-small buffer is reported without allocating either.
        lens[3] = common::encode::ccr_u_2mscc(&mut buf[..100], 1, 1)
            .unwrap_err()
            .offset;
    });
    assert_eq!(n, 0, "{n} allocations");
    assert_eq!(lens, [460, 540, 536, 100]);
}
