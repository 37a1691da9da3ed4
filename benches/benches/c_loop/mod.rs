//! The plain C loop the codec is compared against (`check_all.c`, compiled
//! by build.rs), behind safe wrappers.
//!
//! The only unsafe code of the benchmarks: calling C. The C functions read
//! nothing but the bytes they are given and keep no pointer.
#![allow(unsafe_code)]

use core::ffi::{c_int, c_long};

#[link(name = "c_check_all", kind = "static")]
extern "C" {
    fn diameter_c_check_all(buf: *const u8, len: usize) -> c_long;
    fn diameter_c_is_grouped(code: u32, vendor: u32) -> c_int;
}

/// Checks the message at the start of `bytes` as `Message::new_checked`
/// and `AvpIter::check_all` do; how many AVPs it holds at every depth, or
/// `None` when it is malformed.
pub fn check_all(bytes: &[u8]) -> Option<usize> {
    // SAFETY: the C side reads only `bytes[..bytes.len()]`, through the
    // pointer and length of a live slice, and keeps nothing.
    let count = unsafe { diameter_c_check_all(bytes.as_ptr(), bytes.len()) };
    usize::try_from(count).ok()
}

/// Whether the C side's table says AVP `code` from `vendor_id` is Grouped.
pub fn is_grouped(code: u32, vendor_id: u32) -> bool {
    // SAFETY: a pure function of two integers.
    unsafe { diameter_c_is_grouped(code, vendor_id) != 0 }
}
