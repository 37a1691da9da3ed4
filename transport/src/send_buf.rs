//! A connection's outgoing bytes. Messages are encoded straight into the
//! buffer's free tail, so nothing is copied between encoding and `write`.

use diameter_core::wire::{self, ErrorKind};

/// Capacity kept by an idle connection.
const IDLE_CAPACITY: usize = 4096;

/// Outgoing bytes: `buf[start..end]` waits to be written; `buf[end..]` is
/// free space, kept initialised so that writers can encode into it.
#[derive(Debug, Default)]
pub struct SendBuf {
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl SendBuf {
    /// Encodes one message at the tail with `encode`, which gets the free
    /// space and returns the length it wrote. When the space is too small,
    /// the buffer grows to the size the encoder reports and `encode` runs again.
    ///
    /// # Errors
    /// What `encode` returns other than [`ErrorKind::BufferTooSmall`].
    pub fn encode(
        &mut self,
        mut encode: impl FnMut(&mut [u8]) -> wire::Result<usize>,
    ) -> wire::Result<usize> {
        let first = encode(self.buf.get_mut(self.end..).unwrap_or_default());
        let n = match first {
            Err(wire::Error {
                kind: ErrorKind::BufferTooSmall { needed },
                ..
            }) => {
                self.reserve(needed);
                encode(self.buf.get_mut(self.end..).unwrap_or_default())?
            }
            other => other?,
        };
        self.end += n;
        Ok(n)
    }

    /// Appends bytes as they are (a message encoded elsewhere).
    pub fn push(&mut self, bytes: &[u8]) {
        self.reserve(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.end..self.end + bytes.len()) {
            dst.copy_from_slice(bytes);
            self.end += bytes.len();
        }
    }

    /// Makes room for `n` more bytes at the tail.
    fn reserve(&mut self, n: usize) {
        if self.buf.len() - self.end >= n {
            return;
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < n {
            let want = (self.end + n).max(IDLE_CAPACITY).next_power_of_two();
            self.buf.resize(want, 0);
        }
    }

    /// The bytes waiting to be written.
    pub fn pending(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    /// Number of bytes waiting to be written.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether nothing waits to be written.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Makes sure `n` bytes of free space follow the pending bytes, so that
    /// an encoder given at most `n` bytes never needs a second run.
    pub fn reserve_free(&mut self, n: usize) {
        self.reserve(n);
    }

    /// The free space after the pending bytes, for an encoder.
    pub fn free_mut(&mut self) -> &mut [u8] {
        self.buf.get_mut(self.end..).unwrap_or_default()
    }

    /// Marks `n` bytes of the free space as filled by an encoder.
    pub fn commit(&mut self, n: usize) {
        self.end = (self.end + n).min(self.buf.len());
    }

    /// The pending bytes from `at` bytes after the first pending one: a
    /// message queued there, to edit its header in place (e.g. the
    /// Hop-by-Hop Identifier assigned after it was queued).
    pub fn pending_mut_from(&mut self, at: usize) -> &mut [u8] {
        self.buf
            .get_mut(self.start + at..self.end)
            .unwrap_or_default()
    }

    /// Marks `n` pending bytes as written.
    pub fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    /// Gives memory back when nothing is pending and the buffer grew past
    /// its idle size (called when a connection goes quiet).
    pub fn shrink(&mut self) {
        if self.is_empty() && self.buf.len() > IDLE_CAPACITY {
            self.buf = Vec::new();
        }
    }

    /// Bytes of memory held.
    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.buf.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diameter_core::wire::MessageWriter;

    fn dwr(buf: &mut [u8], host: &str) -> wire::Result<usize> {
        let mut w = MessageWriter::request(buf, 280, 0, false, 1, 2);
        w.identity(diameter_core::dict::base::ORIGIN_HOST, host);
        w.finish()
    }

    #[test]
    fn grows_to_the_reported_size_and_keeps_order() {
        let mut s = SendBuf::default();
        let long = "h".repeat(10_000);
        let a = s.encode(|b| dwr(b, "a")).unwrap();
        let b = s.encode(|b| dwr(b, &long)).unwrap();
        assert_eq!(s.len(), a + b);
        let first = diameter_core::wire::Message::new_checked(s.pending()).unwrap();
        assert_eq!(first.len(), a);
        s.consume(a);
        let second = diameter_core::wire::Message::new_checked(s.pending()).unwrap();
        assert_eq!(second.lookup(264, 0).unwrap().identity().unwrap(), long);
        s.consume(b);
        assert!(s.is_empty());
        s.shrink();
        assert_eq!(s.capacity(), 0, "an emptied large buffer is released");
    }

    #[test]
    fn partial_writes_keep_the_rest() {
        let mut s = SendBuf::default();
        s.push(b"abcdef");
        s.consume(2);
        s.push(b"gh");
        assert_eq!(s.pending(), b"cdefgh");
    }
}
