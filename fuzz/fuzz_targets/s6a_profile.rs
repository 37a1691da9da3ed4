//! Arbitrary AVPs as S6a Subscription-Data (TS 29.272 §7.3.2) through
//! `Profile::parse`, `describe` and `diff`: nothing panics, and writing a
//! profile back is stable: what a written profile parses to is written and
//! parsed again unchanged. (The first round may drop what Subscription-Data
//! cannot carry, such as a Context-Identifier without APN-Configurations.)
#![no_main]

use diameter_apps::s6a::profile::Profile;
use diameter_core::dict::s6a;
use diameter_core::wire::{AvpIter, Message, MessageWriter};
use libfuzzer_sys::fuzz_target;

/// Writes `p` as the Subscription-Data of an answer and parses it back.
fn round_trip(p: &Profile) -> Option<Profile> {
    let mut buf = vec![0u8; 1 << 16];
    let mut w = MessageWriter::request(&mut buf, 316, 16_777_251, true, 1, 1);
    p.write(&mut w);
    let n = w.finish().ok()?;
    let msg = Message::new_checked(&buf[..n]).unwrap();
    let data = msg.lookup(
        s6a::SUBSCRIPTION_DATA.code,
        s6a::SUBSCRIPTION_DATA.vendor_id,
    )?;
    Some(Profile::parse(&data))
}

fuzz_target!(|data: &[u8]| {
    for avp in AvpIter::new(data).map_while(Result::ok) {
        let p = Profile::parse(&avp);
        let _ = p.describe();
        let _ = p.diff(&Profile::default());
        let _ = Profile::default().diff(&p);
        if let Some(once) = round_trip(&p) {
            assert_eq!(round_trip(&once), Some(once));
        }
    }
});
