//! Stream framing over partial and concatenated buffers.

use super::{avp, message};
use crate::wire::{frame_len, frame_need, Error, ErrorKind, FrameError, Need, Status};

#[test]
fn partial_until_the_whole_message_is_there() {
    let msg = message(0x80, 280, 0, &avp(264, 0x40, 0, b"peer.example.org"));
    assert_eq!(msg.len(), 44);
    for n in 0..msg.len() {
        assert_eq!(frame_len(&msg[..n]), Ok(Status::Partial), "{n} bytes");
    }
    assert_eq!(frame_len(&msg), Ok(Status::Complete(44)));
    // The next message's bytes do not change the answer.
    let mut two = msg.clone();
    two.extend_from_slice(&msg[..7]);
    assert_eq!(frame_len(&two), Ok(Status::Complete(44)));
    assert_eq!(frame_len(&two[44..]), Ok(Status::Partial));
}

#[test]
fn header_only_message_is_complete_at_20() {
    let msg = message(0x80, 280, 0, &[]);
    assert_eq!(frame_len(&msg[..19]), Ok(Status::Partial));
    assert_eq!(frame_len(&msg), Ok(Status::Complete(20)));
}

#[test]
fn unrecoverable_headers_are_errors_once_4_bytes_are_there() {
    assert_eq!(
        frame_len(&[2, 0, 0, 20]),
        Err(Error::new(ErrorKind::UnsupportedVersion, 0))
    );
    for len in [0u32, 16, 19, 21, 42] {
        let mut b = [1, 0, 0, 0];
        b[1..].copy_from_slice(&len.to_be_bytes()[1..]);
        assert_eq!(
            frame_len(&b),
            Err(Error::new(ErrorKind::InvalidMessageLength, 1)),
            "length {len}"
        );
    }
    // The largest length the field can hold that is a multiple of 4.
    assert_eq!(frame_len(&[1, 0xff, 0xff, 0xfc]), Ok(Status::Partial));
}

#[test]
fn need_asks_for_the_header_then_the_whole_message() {
    let msg = message(0x80, 280, 0, &avp(264, 0x40, 0, b"peer.example.org"));
    for n in 0..4 {
        let want = Need {
            total: 4,
            complete: false,
        };
        assert_eq!(frame_need(&msg[..n], 64), Ok(want), "{n} bytes");
    }
    for n in 4..=msg.len() {
        let want = Need {
            total: 44,
            complete: n == 44,
        };
        assert_eq!(frame_need(&msg[..n], 64), Ok(want), "{n} bytes");
    }
}

#[test]
fn need_refuses_what_is_over_the_maximum_or_malformed() {
    let msg = message(0x80, 280, 0, &avp(264, 0x40, 0, b"peer.example.org"));
    let too_large = FrameError::TooLarge {
        length: 44,
        max: 40,
    };
    assert_eq!(frame_need(&msg[..4], 40), Err(too_large));
    assert_eq!(frame_need(&msg, 44).map(|n| n.complete), Ok(true));
    let bad = Error::new(ErrorKind::UnsupportedVersion, 0);
    assert_eq!(
        frame_need(&[2, 0, 0, 20], 64),
        Err(FrameError::Malformed(bad))
    );
}
