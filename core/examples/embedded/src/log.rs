//! Log lines through semihosting (ARM's semihosting SYS_WRITE to the
//! host's standard output), built without `core::fmt` to keep flash small.

use core::cell::RefCell;

use cortex_m::interrupt::{self, Mutex};
use cortex_m_semihosting::hio::{self, HostStream};

/// The host's standard output, opened once.
static OUT: Mutex<RefCell<Option<HostStream>>> = Mutex::new(RefCell::new(None));

/// Longest line; what does not fit is cut.
const LINE_LEN: usize = 120;

/// One line of log, written at once by [`Line::print`].
pub struct Line {
    buf: [u8; LINE_LEN],
    len: usize,
}

impl Line {
    /// A line starting with `s` after the example's prefix.
    pub fn new(s: &str) -> Self {
        let mut line = Self::raw();
        line.s("mcu: ").s(s);
        line
    }

    /// An empty line without the prefix, to build a string in.
    pub fn raw() -> Self {
        Self {
            buf: [0; LINE_LEN],
            len: 0,
        }
    }

    /// What the line holds so far.
    pub fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// Appends a byte, if there is room.
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// Appends `s`.
    pub fn s(&mut self, s: &str) -> &mut Self {
        for &b in s.as_bytes() {
            self.push(b);
        }
        self
    }

    /// Appends `n` in decimal.
    pub fn n(&mut self, n: u32) -> &mut Self {
        let mut div = 1_000_000_000;
        while div > 1 && n / div == 0 {
            div /= 10;
        }
        while div > 0 {
            self.push(b'0' + (n / div % 10) as u8);
            div /= 10;
        }
        self
    }

    /// Writes the line and a newline to the host.
    pub fn print(&mut self) {
        // A cut line still ends with a newline.
        self.len = self.len.min(LINE_LEN - 1);
        self.push(b'\n');
        let line = self.buf.get(..self.len).unwrap_or_default();
        interrupt::free(|cs| {
            let mut out = OUT.borrow(cs).borrow_mut();
            if out.is_none() {
                *out = hio::hstdout().ok();
            }
            if let Some(out) = out.as_mut() {
                let _ = out.write_all(line);
            }
        });
    }
}
