//! Cutting a connection's byte stream into messages (RFC 6733 §3).

use diameter_core::wire::{frame_need, Message};

pub use diameter_core::wire::FrameError;

/// Hands every complete message at the start of `buf` to `on_message`, in
/// order, as a view into `buf`; stops early when `on_message` returns false.
/// Returns how many bytes were consumed; the rest is the start of a message
/// still arriving.
///
/// # Errors
/// The stream is not Diameter, or announces a message over `max` bytes:
/// where in `buf` the message that cannot be framed starts, and why.
pub fn drain(
    buf: &[u8],
    max: usize,
    mut on_message: impl FnMut(Message<'_>) -> bool,
) -> Result<usize, (usize, FrameError)> {
    let mut at = 0;
    loop {
        let rest = buf.get(at..).unwrap_or_default();
        let need = frame_need(rest, max).map_err(|e| (at, e))?;
        if !need.complete {
            return Ok(at);
        }
        let msg = Message::new_checked(rest).map_err(|e| (at, FrameError::Malformed(e)))?;
        at += need.total;
        if !on_message(msg) {
            return Ok(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diameter_core::wire::MessageWriter;

    fn dwr(hbh: u32) -> Vec<u8> {
        let mut buf = [0u8; 64];
        let mut w = MessageWriter::request(&mut buf, 280, 0, false, hbh, hbh);
        w.identity(diameter_core::dict::base::ORIGIN_HOST, "peer.example.com");
        let n = w.finish().unwrap();
        buf[..n].to_vec()
    }

    #[test]
    fn splits_complete_messages_and_keeps_the_partial_tail() {
        let mut stream = dwr(1);
        stream.extend(dwr(2));
        let whole = stream.len();
        stream.extend(&dwr(3)[..10]);
        let mut seen = vec![];
        let used = drain(&stream, 65536, |m| {
            seen.push(m.hop_by_hop());
            true
        })
        .unwrap();
        assert_eq!(seen, [1, 2]);
        assert_eq!(used, whole);
    }

    #[test]
    fn stops_when_asked() {
        let mut stream = dwr(1);
        stream.extend(dwr(2));
        let used = drain(&stream, 65536, |_| false).unwrap();
        assert_eq!(used, stream.len() / 2);
    }

    #[test]
    fn oversize_and_garbage_are_errors_where_they_start() {
        let msg = dwr(1);
        let mut two = msg.clone();
        two.extend(dwr(2));
        let too_large = FrameError::TooLarge {
            length: msg.len(),
            max: 20,
        };
        assert_eq!(drain(&msg, 20, |_| true), Err((0, too_large)));
        let max = msg.len();
        two[msg.len() + 1] = 0xff;
        assert!(matches!(
            drain(&two, max, |_| true),
            Err((at, FrameError::TooLarge { .. })) if at == msg.len()
        ));
        assert!(matches!(
            drain(b"GET / HTTP/1.1\r\n", 65536, |_| true),
            Err((0, FrameError::Malformed(_)))
        ));
    }
}
