//! Drives a `Peer` over any byte link with the `embedded_io` traits a UART
//! driver implements (`Read + ReadReady + Write`), without blocking.
//!
//! A serial line is one point-to-point connection, always up: Connect is
//! acknowledged at once and the line becomes the initiator connection; a
//! CER arriving while the line carries no connection is an R-Conn-CER, and
//! Accept makes the line the responder connection; Disconnect forgets it
//! (a serial line cannot signal it: the other end notices through its
//! timers).

use diameter_core::peer::{write_base, Action, Conn, Event, Instant, Peer};
use diameter_core::wire::{frame_len, Message, Status};
use embedded_io::{Read, ReadReady, Write};
use heapless::Vec;

/// Largest message handled.
pub const FRAME_LEN: usize = 512;

/// What a node's application does with a delivered message.
pub type OnDeliver = fn(&Message<'_>, &mut [u8]) -> Option<usize>;

/// Everything but the peer and the receive buffer, so that a received
/// message can be borrowed while actions run.
struct Io<L> {
    name: &'static str,
    link: L,
    /// The connection the line carries, if any.
    conn: Option<Conn>,
    /// A Connect waits for its (immediate) Conn-Ack.
    connecting: bool,
    tx: [u8; FRAME_LEN],
    /// An application answer to send once the current event is handled.
    reply: Option<usize>,
    reply_buf: [u8; FRAME_LEN],
    on_deliver: OnDeliver,
}

/// A peer, its link and its buffers.
pub struct Node<'c, L> {
    peer: Peer<'c>,
    rx: Vec<u8, FRAME_LEN>,
    io: Io<L>,
}

impl<'c, L: Read + ReadReady + Write> Node<'c, L> {
    /// A node named `name` (for the log) running `peer` over `link`.
    pub fn new(name: &'static str, peer: Peer<'c>, link: L, on_deliver: OnDeliver) -> Self {
        Self {
            peer,
            rx: Vec::new(),
            io: Io {
                name,
                link,
                conn: None,
                connecting: false,
                tx: [0; FRAME_LEN],
                reply: None,
                reply_buf: [0; FRAME_LEN],
                on_deliver,
            },
        }
    }

    /// Whether requests may be sent.
    pub fn is_available(&self) -> bool {
        self.peer.is_available()
    }

    /// Signals an application event without a message (Start, Stop).
    pub fn signal(&mut self, now: Instant, event: Event<'_>) -> Result<(), L::Error> {
        self.handle(now, event, &[])
    }

    /// Sends an application message (Send-Message).
    pub fn send(&mut self, now: Instant, bytes: &[u8]) -> Result<(), L::Error> {
        match Message::new_checked(bytes) {
            Ok(msg) => self.handle(now, Event::Send(msg), bytes),
            Err(e) => {
                defmt::warn!("{=str}: not a message: {}", self.io.name, e);
                Ok(())
            }
        }
    }

    /// Reads what the link has, handles each complete message, then the
    /// timers.
    pub fn poll(&mut self, now: Instant) -> Result<(), L::Error> {
        while self.io.link.read_ready()? {
            let mut chunk = [0u8; 64];
            let room = (FRAME_LEN - self.rx.len()).min(chunk.len());
            let n = self.io.link.read(&mut chunk[..room])?;
            let _ = self.rx.extend_from_slice(&chunk[..n]);
            self.frames(now)?;
            if n == 0 {
                break;
            }
        }
        if self.peer.poll_timeout().is_some_and(|t| t <= now) {
            self.handle(now, Event::Timeout, &[])?;
        }
        Ok(())
    }

    /// Handles the complete messages at the start of the receive buffer.
    fn frames(&mut self, now: Instant) -> Result<(), L::Error> {
        loop {
            let len = match frame_len(&self.rx) {
                Ok(Status::Complete(len)) if len <= FRAME_LEN => len,
                Ok(Status::Partial) if self.rx.len() < FRAME_LEN => return Ok(()),
                // Oversized or unframeable: the stream cannot be resynchronised.
                _ => {
                    defmt::warn!("{=str}: framing lost", self.io.name);
                    self.rx.clear();
                    return Ok(());
                }
            };
            self.received(now, len)?;
            // Drop the handled message from the buffer.
            let rest = self.rx.len() - len;
            self.rx.rotate_left(len);
            self.rx.truncate(rest);
        }
    }

    /// Hands the message in the first `len` received bytes to the peer.
    fn received(&mut self, now: Instant, len: usize) -> Result<(), L::Error> {
        let bytes = self.rx.get(..len).unwrap_or_default();
        let Ok(msg) = Message::new_checked(bytes) else {
            return Ok(());
        };
        let event = match self.io.conn {
            Some(conn) => Event::Received(conn, msg),
            None if msg.command_code() == 257 && msg.is_request() => Event::ConnCer(msg),
            // RFC 6733 §5.6.1: before a CER, anything else is discarded.
            None => return Ok(()),
        };
        let actions = self.peer.handle(now, event);
        for action in actions {
            self.io.act(&self.peer, action, bytes)?;
        }
        self.after(now)
    }

    /// Handles `event`, whose message (if any) is `bytes`.
    fn handle(&mut self, now: Instant, event: Event<'_>, bytes: &[u8]) -> Result<(), L::Error> {
        for action in self.peer.handle(now, event) {
            self.io.act(&self.peer, action, bytes)?;
        }
        self.after(now)
    }

    /// The follow-ups the actions asked for: the Conn-Ack of a serial line,
    /// the application's answer.
    fn after(&mut self, now: Instant) -> Result<(), L::Error> {
        if core::mem::take(&mut self.io.connecting) {
            self.io.conn = Some(Conn::I);
            self.handle(now, Event::ConnAck, &[])?;
        }
        if let Some(len) = self.io.reply.take() {
            let reply = self.io.reply_buf;
            self.send(now, reply.get(..len).unwrap_or_default())?;
        }
        Ok(())
    }
}

impl<L: Write> Io<L> {
    /// Carries out one action.
    fn act(&mut self, peer: &Peer<'_>, action: Action, bytes: &[u8]) -> Result<(), L::Error> {
        defmt::debug!("{=str}: {}", self.name, action);
        match action {
            Action::Connect => self.connecting = true,
            Action::Accept => self.conn = Some(Conn::R),
            Action::Reject => {}
            Action::Disconnect(conn) => {
                if self.conn == Some(conn) {
                    self.conn = None;
                }
            }
            Action::Send { msg, ids, .. } => match write_base(&mut self.tx, peer.local(), msg, ids)
            {
                Ok(len) => self
                    .link
                    .write_all(self.tx.get(..len).unwrap_or_default())?,
                Err(e) => defmt::error!("{=str}: cannot encode {}: {}", self.name, msg, e),
            },
            Action::Transmit(_) => self.link.write_all(bytes)?,
            Action::Deliver => {
                if let Ok(msg) = Message::new_checked(bytes) {
                    defmt::info!(
                        "{=str}: delivered command {=u32} ({=usize} bytes)",
                        self.name,
                        msg.command_code(),
                        bytes.len()
                    );
                    self.reply = (self.on_deliver)(&msg, &mut self.reply_buf);
                }
            }
            Action::State(state) => defmt::info!("{=str}: {=str}", self.name, state.name()),
            Action::Watchdog(wd) => defmt::info!("{=str}: watchdog {=str}", self.name, wd.name()),
            Action::Error(e) => defmt::warn!("{=str}: {}", self.name, e),
        }
        Ok(())
    }
}
