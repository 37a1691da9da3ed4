//! Feeds arbitrary bytes, cut into arbitrary chunks, to an accumulate-and-
//! frame loop like a transport's, and checks it finds the same frames as
//! framing the whole stream at once, each a valid message of that length.
#![no_main]

use diameter_core::wire::{frame_len, ErrorKind, Message, Status};
use libfuzzer_sys::fuzz_target;

/// Frames `stream` fed in chunks of `sizes` (cycled); returns the frames and
/// whether framing stopped on an unrecoverable header.
fn frame_chunked(stream: &[u8], sizes: &[u8]) -> (Vec<Vec<u8>>, bool) {
    let mut frames = Vec::new();
    let mut acc: Vec<u8> = Vec::new();
    let mut rest = stream;
    for &size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (chunk, after) = rest.split_at((usize::from(size) + 1).min(rest.len()));
        rest = after;
        acc.extend_from_slice(chunk);
        loop {
            match frame_len(&acc) {
                Ok(Status::Complete(n)) => {
                    assert!(n >= 20 && n.is_multiple_of(4) && n <= acc.len());
                    assert_eq!(Message::new_checked(&acc[..n]).map(|m| m.len()), Ok(n));
                    frames.push(acc.drain(..n).collect());
                }
                Ok(Status::Partial) => {
                    if let Ok(m) = Message::new_checked(&acc) {
                        panic!("partial, yet a {}-byte message parses", m.len());
                    }
                    break;
                }
                Err(e) => {
                    assert!(matches!(
                        (e.kind, e.offset),
                        (ErrorKind::UnsupportedVersion, 0) | (ErrorKind::InvalidMessageLength, 1)
                    ));
                    if acc.len() >= 20 {
                        assert_eq!(Message::new_checked(&acc).err(), Some(e));
                    }
                    return (frames, true);
                }
            }
        }
    }
    (frames, false)
}

/// Frames `stream` in one piece.
fn frame_whole(mut stream: &[u8]) -> (Vec<Vec<u8>>, bool) {
    let mut frames = Vec::new();
    loop {
        match frame_len(stream) {
            Ok(Status::Complete(n)) => {
                let (frame, rest) = stream.split_at(n);
                frames.push(frame.to_vec());
                stream = rest;
            }
            Ok(Status::Partial) => return (frames, false),
            Err(_) => return (frames, true),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first 8 bytes choose the chunk sizes (1 to 256), the rest is the stream.
    let (sizes, stream) = data.split_at(data.len().min(8));
    if sizes.is_empty() {
        return;
    }
    assert_eq!(frame_chunked(stream, sizes), frame_whole(stream));
});
