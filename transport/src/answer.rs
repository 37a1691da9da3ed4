//! Answers to requests sent through a [`Client`](crate::Client).

use std::ops::Deref;

pub use diameter_core::outcome::Outcome;
use diameter_core::wire::Message;

/// An answer to a request sent through a [`Client`](crate::Client): its
/// bytes, read on demand (the event loop that hands it over parses
/// nothing). It dereferences to the bytes.
///
/// The node answers a request itself when it could not deliver it or
/// nobody answered in time (3002, 3003, with the E bit, RFC 6733 §6.1.4,
/// §7.2); such an answer carries this node's Origin-Host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    bytes: Vec<u8>,
}

impl Answer {
    /// An answer received as `bytes`.
    pub(crate) fn new(bytes: Vec<u8>) -> Self {
        Self { bytes }
    }

    /// Its Result-Code or Experimental-Result; `None` when it has neither
    /// (a malformed answer).
    pub fn outcome(&self) -> Option<Outcome> {
        self.message().and_then(|m| Outcome::of(&m))
    }

    /// The code of its [`outcome`](Self::outcome).
    pub fn result_code(&self) -> Option<u32> {
        self.outcome().map(Outcome::code)
    }

    /// Whether it reports success (a 2xxx code, RFC 6733 §7.1.2).
    pub fn is_success(&self) -> bool {
        self.outcome().is_some_and(Outcome::is_success)
    }

    /// A view of the message; `None` only for bytes that do not parse.
    pub fn message(&self) -> Option<Message<'_>> {
        Message::new_checked(&self.bytes).ok()
    }

    /// The bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl Deref for Answer {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl AsRef<[u8]> for Answer {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diameter_core::dict::base;
    use diameter_core::wire::MessageWriter;

    fn answer(build: impl FnOnce(&mut MessageWriter<'_>)) -> Answer {
        let mut buf = vec![0u8; 256];
        let mut w = MessageWriter::request(&mut buf, 316, 16_777_251, false, 1, 2);
        build(&mut w);
        let n = w.finish().unwrap();
        buf.truncate(n);
        Answer::new(buf)
    }

    #[test]
    fn result_code_or_experimental_result() {
        let a = answer(|w| {
            w.u32(base::RESULT_CODE, 2001);
        });
        assert_eq!(a.outcome(), Some(Outcome::ResultCode(2001)));
        assert!(a.is_success());
        let a = answer(|w| {
            w.grouped(base::EXPERIMENTAL_RESULT, |g| {
                g.u32(base::VENDOR_ID, 10415)
                    .u32(base::EXPERIMENTAL_RESULT_CODE, 5420);
            });
        });
        let want = Outcome::Experimental {
            vendor_id: 10415,
            code: 5420,
        };
        assert_eq!(a.outcome(), Some(want));
        assert_eq!(a.result_code(), Some(5420));
        assert!(!a.is_success());
        assert_eq!(answer(|_| {}).outcome(), None);
        assert!(Answer::new(vec![1, 2, 3]).message().is_none());
    }
}
