//! Arbitrary text as a Wireshark XML dictionary (`diameter decode --dict`,
//! `diameter send --dict`): `xml::load` loads it or says what is wrong,
//! and what it loads joins the built-in dictionaries and is looked up by
//! code and by name. Nothing panics.
//!
//! The loader leaks what it loads, by design (see `dictionaries`: a tool
//! loads its files once, for the life of the process), so leak detection
//! is off for this target: every input would otherwise be reported. The
//! memory held grows with the inputs (some 4 MB a second, measured at 830
//! inputs a second): a run of `.ci/fuzz`'s 30 s stays far below its
//! `-rss_limit_mb=2048`, which a run of more than about seven minutes
//! would reach.
#![no_main]

use std::ffi::c_char;

use diameter_apps::dictionaries::{xml, Loaded, Runtime};
use libfuzzer_sys::fuzz_target;

/// AddressSanitizer's default options for this target: no leak check
/// (read by the sanitizer runtime at start).
#[no_mangle]
pub extern "C" fn __asan_default_options() -> *const c_char {
    c"detect_leaks=0".as_ptr()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut loaded = Loaded::default();
    let result = xml::load(text, &mut loaded);
    if let Err(e) = &result {
        // "LINE:COLUMN: what is wrong".
        let mut parts = e.splitn(3, ':');
        let line = parts.next().and_then(|l| l.parse::<u32>().ok());
        let column = parts.next().and_then(|c| c.parse::<u32>().ok());
        assert!(line.is_some() && column.is_some(), "no position in {e:?}");
    }
    let avps = loaded.avps.clone();
    let applications = loaded.applications.clone();
    let rt = Runtime::new(loaded);
    for def in avps {
        assert!(rt.avp(def.code, def.vendor_id).is_some(), "{def:?}");
        let _ = rt.avp_named(def.name);
        for e in def.enums {
            let _ = def.enum_name(e.value);
        }
    }
    for app in applications {
        let _ = rt.application_named(app.name);
        let _ = rt.command_named(app.id, "XR");
    }
});
