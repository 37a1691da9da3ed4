//! One direction of a TCP connection put back in sequence order (RFC 9293
//! §3.4): segments that arrive early wait for the gap before them to fill,
//! retransmitted bytes are dropped, and sequence numbers wrap modulo 2^32.

use std::collections::BTreeMap;

/// The bytes of one TCP direction, in order.
#[derive(Debug, Default)]
pub(crate) struct TcpStream {
    /// Sequence number of stream offset 0: the one after the SYN, or the
    /// first one seen when the capture starts mid-connection.
    first_seq: Option<u32>,
    /// In-order bytes not yet consumed.
    data: Vec<u8>,
    /// Stream offset of `data[0]`.
    start: u64,
    /// Segments past a gap, by stream offset.
    ahead: BTreeMap<u64, Vec<u8>>,
}

impl TcpStream {
    /// Whether a SYN with sequence number `seq` opens a connection other
    /// than this one (a new connection on the same addresses and ports).
    pub(crate) fn is_new_connection(&self, seq: u32) -> bool {
        self.first_seq
            .is_some_and(|first| first != seq.wrapping_add(1))
    }

    /// Adds a segment: its sequence number, SYN flag and payload.
    pub(crate) fn push(&mut self, seq: u32, syn: bool, payload: &[u8]) {
        // A SYN takes one sequence number; its data (if any) follows it.
        let seq = if syn { seq.wrapping_add(1) } else { seq };
        let first = *self.first_seq.get_or_insert(seq);
        if payload.is_empty() {
            return;
        }
        if let Some(offset) = self.offset_of(seq.wrapping_sub(first)) {
            self.insert(offset, payload);
        }
    }

    /// The in-order bytes not yet consumed.
    pub(crate) fn available(&self) -> &[u8] {
        &self.data
    }

    /// Drops the first `n` available bytes.
    pub(crate) fn consume(&mut self, n: usize) {
        let n = n.min(self.data.len());
        self.data.drain(..n);
        self.start += n as u64;
    }

    /// Where the in-order bytes stop because a segment is missing, if
    /// later segments arrived.
    pub(crate) fn gap(&self) -> Option<u64> {
        (!self.ahead.is_empty()).then(|| self.end())
    }

    fn end(&self) -> u64 {
        self.start + self.data.len() as u64
    }

    /// The stream offset of relative sequence number `rel`: of the offsets
    /// congruent to it modulo 2^32, the one nearest the end of the data.
    /// `None` before the start of the stream.
    fn offset_of(&self, rel: u32) -> Option<u64> {
        let end = self.end();
        // Truncation is the point: the distance is taken modulo 2^32.
        let distance = rel.wrapping_sub(end as u32) as i32;
        end.checked_add_signed(i64::from(distance))
    }

    fn insert(&mut self, offset: u64, bytes: &[u8]) {
        let end = self.end();
        if offset > end {
            let kept = self.ahead.entry(offset).or_default();
            if bytes.len() > kept.len() {
                *kept = bytes.to_vec();
            }
            return;
        }
        self.append_from(offset, bytes);
        while self
            .ahead
            .first_key_value()
            .is_some_and(|(&offset, _)| offset <= self.end())
        {
            if let Some((offset, bytes)) = self.ahead.pop_first() {
                self.append_from(offset, &bytes);
            }
        }
    }

    /// Appends the part of `bytes` (at stream offset `offset`, at or before
    /// the end) that lies past the end: the rest was seen already.
    fn append_from(&mut self, offset: u64, bytes: &[u8]) {
        let seen = usize::try_from(self.end() - offset).unwrap_or(usize::MAX);
        if let Some(new) = bytes.get(seen..) {
            self.data.extend_from_slice(new);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The segments of `text` cut at `cuts`, as (sequence number, bytes)
    /// from initial sequence number `isn`.
    fn segments(isn: u32, text: &[u8], cuts: &[usize]) -> Vec<(u32, Vec<u8>)> {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(text.len());
        bounds
            .windows(2)
            .map(|w| (isn.wrapping_add(1 + w[0] as u32), text[w[0]..w[1]].to_vec()))
            .collect()
    }

    fn stream_of(isn: u32, order: &[(u32, Vec<u8>)]) -> TcpStream {
        let mut s = TcpStream::default();
        s.push(isn, true, &[]);
        for (seq, bytes) in order {
            s.push(*seq, false, bytes);
        }
        s
    }

    const TEXT: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

    #[test]
    fn in_order_segments_concatenate() {
        let segs = segments(1000, TEXT, &[5, 17, 30]);
        let s = stream_of(1000, &segs);
        assert_eq!(s.available(), TEXT);
        assert_eq!(s.gap(), None);
    }

    #[test]
    fn out_of_order_segments_wait_for_the_gap() {
        let segs = segments(1000, TEXT, &[5, 17, 30]);
        let mut s = TcpStream::default();
        s.push(1000, true, &[]);
        s.push(segs[2].0, false, &segs[2].1);
        s.push(segs[3].0, false, &segs[3].1);
        assert_eq!(s.available(), b"");
        assert_eq!(s.gap(), Some(0));
        s.push(segs[0].0, false, &segs[0].1);
        assert_eq!(s.available(), b"01234");
        assert_eq!(s.gap(), Some(5));
        s.push(segs[1].0, false, &segs[1].1);
        assert_eq!(s.available(), TEXT);
        assert_eq!(s.gap(), None);
    }

    #[test]
    fn retransmissions_and_overlaps_add_nothing_twice() {
        let segs = segments(7, TEXT, &[10, 20]);
        let order = [
            segs[0].clone(),
            segs[0].clone(),
            // A retransmission that repacks bytes 5..15.
            (7 + 1 + 5, TEXT[5..15].to_vec()),
            segs[1].clone(),
            segs[0].clone(),
            segs[2].clone(),
            segs[1].clone(),
        ];
        assert_eq!(stream_of(7, &order).available(), TEXT);
    }

    #[test]
    fn overlapping_early_segments_merge_when_the_gap_fills() {
        let mut s = TcpStream::default();
        s.push(0, true, &[]);
        s.push(1 + 20, false, &TEXT[20..]);
        s.push(1 + 10, false, &TEXT[10..25]);
        s.push(1 + 10, false, &TEXT[10..12]);
        s.push(1, false, &TEXT[..10]);
        assert_eq!(s.available(), TEXT);
    }

    #[test]
    fn sequence_numbers_wrap() {
        let isn = u32::MAX - 10;
        let segs = segments(isn, TEXT, &[4, 12, 20]);
        assert!(segs[2].0 < segs[1].0, "the test must cross the wrap");
        let order = [
            segs[1].clone(),
            segs[3].clone(),
            segs[0].clone(),
            segs[2].clone(),
        ];
        assert_eq!(stream_of(isn, &order).available(), TEXT);
    }

    #[test]
    fn consuming_keeps_offsets_for_later_segments() {
        let segs = segments(500, TEXT, &[8, 16]);
        let mut s = stream_of(500, &segs[..1]);
        s.consume(6);
        assert_eq!(s.available(), &TEXT[6..8]);
        s.push(segs[2].0, false, &segs[2].1);
        s.push(segs[1].0, false, &segs[1].1);
        assert_eq!(s.available(), &TEXT[6..]);
    }

    #[test]
    fn a_capture_that_starts_mid_connection_starts_at_the_first_segment() {
        let mut s = TcpStream::default();
        s.push(9000, false, b"abc");
        // Bytes from before the first one seen cannot be placed.
        s.push(8990, false, b"0123456789");
        s.push(9003, false, b"def");
        assert_eq!(s.available(), b"abcdef");
    }

    #[test]
    fn a_syn_with_another_sequence_number_is_a_new_connection() {
        let mut s = TcpStream::default();
        assert!(!s.is_new_connection(41));
        s.push(41, true, &[]);
        assert!(!s.is_new_connection(41), "a retransmitted SYN");
        assert!(s.is_new_connection(77));
    }
}
