//! Origin-State-Id is Unsigned32 (RFC 6733 §8.16): a string does not go in.

use diameter_core::dict::base;
use diameter_core::wire::MessageWriter;

fn main() {
    let mut buf = [0u8; 64];
    let mut w = MessageWriter::request(&mut buf, 257, 0, false, 1, 2);
    w.put(base::typed::ORIGIN_STATE_ID, "text");
}
