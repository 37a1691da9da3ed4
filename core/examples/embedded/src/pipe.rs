//! An in-memory byte pipe with the `embedded_io` traits a UART driver has:
//! the stand-in for the serial line between the two peers of this example.

use core::cell::RefCell;

use embedded_io::{ErrorKind, ErrorType, Read, ReadReady, Write};
use heapless::Deque;

/// Bytes in flight in one direction.
pub const PIPE_LEN: usize = 1024;

/// One direction of the line.
pub type Wire = RefCell<Deque<u8, PIPE_LEN>>;

/// One end of the line: reads from one wire, writes to the other.
pub struct Pipe<'a> {
    rx: &'a Wire,
    tx: &'a Wire,
}

impl<'a> Pipe<'a> {
    /// The end that receives on `rx` and sends on `tx`.
    pub fn new(rx: &'a Wire, tx: &'a Wire) -> Self {
        Self { rx, tx }
    }
}

impl ErrorType for Pipe<'_> {
    type Error = ErrorKind;
}

impl ReadReady for Pipe<'_> {
    fn read_ready(&mut self) -> Result<bool, ErrorKind> {
        Ok(!self.rx.borrow().is_empty())
    }
}

impl Read for Pipe<'_> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        let mut rx = self.rx.borrow_mut();
        let mut n = 0;
        for slot in buf.iter_mut() {
            let Some(b) = rx.pop_front() else { break };
            *slot = b;
            n += 1;
        }
        Ok(n)
    }
}

impl Write for Pipe<'_> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        let mut tx = self.tx.borrow_mut();
        let n = buf.iter().take_while(|&&b| tx.push_back(b).is_ok()).count();
        if n == 0 && !buf.is_empty() {
            return Err(ErrorKind::OutOfMemory);
        }
        Ok(n)
    }

    fn flush(&mut self) -> Result<(), ErrorKind> {
        Ok(())
    }
}
