//! The only code of the example that needs `unsafe`: a polled driver for
//! the UART of QEMU's mps2-an386 and the HardFault handler.
//!
//! The UART is ARM's CMSDK APB UART (Cortex-M System Design Kit Technical
//! Reference Manual, ARM DDI 0479C, §4.3): a one-byte transmit buffer and a
//! one-byte receive buffer behind five 32-bit registers. Device registers
//! can only be reached through volatile accesses to raw pointers, which are
//! `unsafe`; the crate denies unsafe code everywhere else.
#![allow(unsafe_code)]

use core::sync::atomic::{AtomicBool, Ordering};

use cortex_m_rt::{exception, ExceptionFrame};
use embedded_io::{ErrorKind, ErrorType, Read, ReadReady, Write};

/// UART0's base address on the MPS2 AN385/AN386 memory map; QEMU's first
/// `-serial` is attached to it.
const UART0: usize = 0x4000_4000;
/// DATA: the received byte when read, the byte to send when written.
const DATA: usize = 0x000;
/// STATE: bit 0 TX buffer full, bit 1 RX buffer full.
const STATE: usize = 0x004;
/// CTRL: bit 0 TX enable, bit 1 RX enable.
const CTRL: usize = 0x008;
/// BAUDDIV: PCLK divided by this (at least 16) is the baud rate.
const BAUDDIV: usize = 0x010;
const TX_FULL: u32 = 1 << 0;
const RX_FULL: u32 = 1 << 1;
const TX_EN: u32 = 1 << 0;
const RX_EN: u32 = 1 << 1;

/// How many times a full transmit buffer (or an empty receive buffer) is
/// polled before giving up with [`ErrorKind::TimedOut`], so that no wait
/// is unbounded.
const SPINS: u32 = 2_000_000;

/// Whether [`Uart::take`] has handed out the UART.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// UART0, polled: `embedded_io::{Read, ReadReady, Write}` over the wire.
pub struct Uart {
    _private: (),
}

impl Uart {
    /// UART0 at `baud` from a `pclk_hz` peripheral clock, TX and RX
    /// enabled; `None` after the first call, so that only one value ever
    /// owns the registers.
    pub fn take(pclk_hz: u32, baud: u32) -> Option<Self> {
        if TAKEN.swap(true, Ordering::Relaxed) {
            return None;
        }
        let uart = Self { _private: () };
        uart.set(BAUDDIV, (pclk_hz / baud.max(1)).max(16));
        uart.set(CTRL, TX_EN | RX_EN);
        Some(uart)
    }

    fn get(&self, offset: usize) -> u32 {
        // SAFETY: UART0 + offset is one of the UART's 32-bit registers on
        // this machine's memory map (always mapped, aligned), and `self`
        // is the only owner of the UART (see `take`). Reading DATA has the
        // side effect of emptying the RX buffer, which is what `read` wants.
        unsafe { core::ptr::read_volatile((UART0 + offset) as *const u32) }
    }

    fn set(&self, offset: usize, value: u32) {
        // SAFETY: as in `get`; writing these registers touches nothing but
        // the UART.
        unsafe { core::ptr::write_volatile((UART0 + offset) as *mut u32, value) }
    }

    /// Waits, boundedly, until `STATE & mask == want`.
    fn wait(&self, mask: u32, want: u32) -> Result<(), ErrorKind> {
        for _ in 0..SPINS {
            if self.get(STATE) & mask == want {
                return Ok(());
            }
        }
        Err(ErrorKind::TimedOut)
    }
}

impl ErrorType for Uart {
    type Error = ErrorKind;
}

impl ReadReady for Uart {
    fn read_ready(&mut self) -> Result<bool, ErrorKind> {
        Ok(self.get(STATE) & RX_FULL != 0)
    }
}

impl Read for Uart {
    /// Waits (boundedly) for a byte, then takes every byte already there.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.wait(RX_FULL, RX_FULL)?;
        let mut n = 0;
        for slot in buf.iter_mut() {
            if self.get(STATE) & RX_FULL == 0 {
                break;
            }
            *slot = self.get(DATA) as u8;
            n += 1;
        }
        Ok(n)
    }
}

impl Write for Uart {
    /// Waits (boundedly) for room for the first byte, then sends every
    /// byte the buffer takes without waiting.
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.wait(TX_FULL, 0)?;
        let mut n = 0;
        for &b in buf {
            if self.get(STATE) & TX_FULL != 0 {
                break;
            }
            self.set(DATA, u32::from(b));
            n += 1;
        }
        Ok(n)
    }

    fn flush(&mut self) -> Result<(), ErrorKind> {
        self.wait(TX_FULL, 0)
    }
}

/// A fault ends the run with a failure status instead of cortex-m-rt's
/// endless loop, so that nothing hangs.
#[exception]
unsafe fn HardFault(_frame: &ExceptionFrame) -> ! {
    crate::log::Line::new("hard fault").print();
    crate::exit(false)
}

/// The host's clock in seconds since 1970 (semihosting SYS_TIME), read once
/// at boot to make the Session-Id unique across runs (RFC 6733 §8.8); a
/// board without a debugger would read its RTC instead.
pub fn boot_time() -> u32 {
    // SAFETY: SYS_TIME takes no argument block (the parameter register is
    // ignored) and only returns a value; the semihosting host (QEMU with
    // `-semihosting-config enable=on`) answers the BKPT it traps on.
    let secs = unsafe { cortex_m_semihosting::syscall1(cortex_m_semihosting::nr::TIME, 0) };
    secs as u32
}
