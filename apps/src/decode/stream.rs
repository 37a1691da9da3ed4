//! Splitting a byte stream into messages (RFC 6733 §3) and decoding each.

use diameter_core::wire::{frame_len, Message, Status};

use super::model::{decode_message, DecodedMessage};
use super::DecodeError;

/// What the stream yields next.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// A message, decoded.
    Message(DecodedMessage<'a>),
    /// A malformed message (bad AVP lengths; the stream goes on after it)
    /// or bad framing (the stream stops).
    Error(DecodeError),
}

/// The framing state of one byte stream: where the next message starts.
#[derive(Debug, Default)]
pub(crate) struct MessageStream {
    /// Stream offset of the next message.
    offset: u64,
    /// Messages decoded without error so far.
    decoded: usize,
    /// Set after a framing error, from which a stream cannot resynchronise.
    broken: bool,
}

impl MessageStream {
    /// The next event from `buf`, the stream's bytes from the next message
    /// on, and how many bytes of `buf` it used; `None` when `buf` holds no
    /// complete message yet or the stream is broken.
    pub(crate) fn next<'a>(&mut self, buf: &'a [u8]) -> Option<(Event<'a>, usize)> {
        if self.broken {
            return None;
        }
        let at = self.offset;
        let len = match frame_len(buf) {
            Ok(Status::Partial) => return None,
            Ok(Status::Complete(len)) => len,
            Err(e) => {
                self.broken = true;
                return Some((Event::Error(DecodeError::wire(e, buf, at)), 0));
            }
        };
        self.offset += len as u64;
        let event = match Message::new_checked(buf).and_then(|m| decode_message(&m, at)) {
            Ok(msg) => {
                self.decoded += 1;
                Event::Message(msg)
            }
            Err(e) => Event::Error(DecodeError::wire(e, buf.get(..len).unwrap_or(buf), at)),
        };
        Some((event, len))
    }

    /// Messages decoded without error so far.
    pub(crate) fn decoded(&self) -> usize {
        self.decoded
    }

    /// Ends the stream with `rest` left over: bytes there are a truncated
    /// message, reported at the offset where the bytes end.
    pub(crate) fn finish(&self, rest: &[u8]) -> Option<DecodeError> {
        if self.broken || rest.is_empty() {
            return None;
        }
        let end = self.offset + rest.len() as u64;
        let message = match rest.get(1..4) {
            Some(&[a, b, c]) => format!(
                "message truncated: the message at offset {} announces {} bytes, {} present",
                self.offset,
                u32::from_be_bytes([0, a, b, c]),
                rest.len()
            ),
            _ => format!(
                "message truncated: {} bytes at offset {}, too few for a header",
                rest.len(),
                self.offset
            ),
        };
        Some(DecodeError::new(message, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CCR: &[u8] = include_bytes!("../../tests/fixtures/ccr-u-1mscc.bin");

    #[test]
    fn frames_concatenated_messages_and_tracks_offsets() {
        let two = [CCR, CCR].concat();
        let mut s = MessageStream::default();
        let (Event::Message(first), used) = s.next(&two).unwrap() else {
            panic!("first message");
        };
        assert_eq!((first.length, used), (348, 348));
        let (Event::Message(_), used) = s.next(&two[348..]).unwrap() else {
            panic!("second message");
        };
        assert_eq!(used, 348);
        assert!(s.next(&[]).is_none());
        assert_eq!(s.decoded(), 2);
        assert_eq!(s.finish(&[]), None);
    }

    #[test]
    fn a_partial_message_waits_then_is_reported_truncated_at_the_end() {
        let mut s = MessageStream::default();
        assert!(s.next(&CCR[..100]).is_none());
        assert_eq!(
            s.finish(&CCR[..100]),
            Some(DecodeError::new(
                "message truncated: the message at offset 0 announces 348 bytes, 100 present",
                100
            ))
        );
        assert_eq!(
            s.finish(&CCR[..2]).unwrap().message,
            "message truncated: 2 bytes at offset 0, too few for a header"
        );
    }

    #[test]
    fn a_framing_error_breaks_the_stream() {
        let mut s = MessageStream::default();
        let bad = [1, 0, 0, 21];
        let (Event::Error(e), 0) = s.next(&bad).unwrap() else {
            panic!("framing error expected");
        };
        assert_eq!(
            (e.message.as_str(), e.offset),
            ("invalid message length", 1)
        );
        assert_eq!(
            e.verdict.map(|v| v.to_string()),
            Some(
                "5015 DIAMETER_INVALID_MESSAGE_LENGTH: invalid message length (stream offset 1)"
                    .into()
            )
        );
        assert!(s.next(CCR).is_none());
        assert_eq!(s.finish(&bad), None);
    }
}
