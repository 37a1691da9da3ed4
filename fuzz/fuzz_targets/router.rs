//! Drives one event loop's router (framing, peer state machines, routing,
//! relaying, failover, later answers, stop) with arbitrary connections,
//! bytes, timers and commands: it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| diameter_transport::fuzzing::drive(data));
