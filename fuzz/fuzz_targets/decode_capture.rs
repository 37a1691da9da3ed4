//! Arbitrary input through `diameter decode`: pcap and pcapng reading, TCP
//! reassembly, framing, decoding and `--check`, as text and as JSON. The
//! first byte chooses JSON (bit 0) and hex input (bit 1); the rest is the
//! input. Nothing panics, and every JSON line is valid JSON.
#![no_main]

use diameter_apps::decode::decode_to;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, input)) = data.split_first() else {
        return;
    };
    let (json, hex) = (mode & 1 != 0, mode & 2 != 0);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let found = decode_to(input, hex, json, true, &mut out, &mut err).unwrap();
    let text = String::from_utf8(out).unwrap();
    if json {
        for line in text.lines() {
            assert!(
                line.starts_with('{') && line.ends_with('}'),
                "not a JSON object: {line}"
            );
        }
        // Every error and every invalid message is a line.
        assert!(text.lines().count() >= found.errors);
    } else {
        assert_eq!(
            String::from_utf8(err).unwrap().matches("error: ").count(),
            found.errors
        );
    }
});
