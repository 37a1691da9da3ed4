//! Drives a `Peer` over any byte link with the `embedded_io` traits a UART
//! driver implements (`Read + ReadReady + Write`), without blocking.
//!
//! A serial line is one point-to-point connection, always up: Connect is
//! acknowledged at once and the line becomes the initiator connection; a
//! CER arriving while the line carries no connection is an R-Conn-CER, and
//! Accept makes the line the responder connection; Disconnect forgets it
//! (a serial line cannot signal it: the other end notices through its
//! timers). Messages are framed by their header's length field
//! (`diameter_core::wire::frame_need`, RFC 6733 §3, as the event loop's).

use diameter_core::dict::{base, command, result_code};
use diameter_core::peer::{
    write_base, Action, BaseMessage, Conn, Event, Instant, LocalIdentity, Peer, PeerError, State,
};
use diameter_core::wire::{flags, frame_need, Message, MessageWriter};
use embedded_io::{Read, ReadReady, Write};

use crate::log::Line;

/// Largest message handled.
pub const FRAME_LEN: usize = 512;

/// The application above the peer: gets the messages the peer delivers
/// (Process, RFC 6733 §5.6.3).
pub trait Application {
    /// Handles an application answer; requests never come here (the node
    /// answers them, see [`Node`]).
    fn answer(&mut self, now: Instant, msg: &Message<'_>);
}

/// What the base protocol answers said (RFC 6733 §5.3.2, §5.4.2, §5.5.2):
/// the Result-Code of the last CEA and DPA, and the DWAs counted by
/// whether they carried DIAMETER_SUCCESS.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    /// Result-Code of the last CEA (0: none, or none readable).
    pub cea: u32,
    /// DWAs with DIAMETER_SUCCESS.
    pub dwa_ok: u32,
    /// DWAs with anything else.
    pub dwa_bad: u32,
    /// Result-Code of the last DPA (0: none, or none readable).
    pub dpa: u32,
}

/// Everything but the peer and the receive buffer, so that a received
/// message can be borrowed while actions run.
struct Io<L> {
    link: L,
    /// The connection the line carries, if any.
    conn: Option<Conn>,
    /// A Connect waits for its (immediate) Conn-Ack.
    connecting: bool,
    /// The message being handled is to go to the application.
    deliver: bool,
    tx: [u8; FRAME_LEN],
}

/// A peer, its link and its buffers.
pub struct Node<'c, L> {
    peer: Peer<'c>,
    /// The message being received: its first `rx_len` bytes.
    rx: [u8; FRAME_LEN],
    rx_len: usize,
    io: Io<L>,
    tally: Tally,
}

impl<'c, L: Read + ReadReady + Write> Node<'c, L> {
    /// A node running `peer` over `link`.
    pub fn new(peer: Peer<'c>, link: L) -> Self {
        Self {
            peer,
            rx: [0; FRAME_LEN],
            rx_len: 0,
            io: Io {
                link,
                conn: None,
                connecting: false,
                deliver: false,
                tx: [0; FRAME_LEN],
            },
            tally: Tally::default(),
        }
    }

    /// Whether requests may be sent.
    pub fn is_available(&self) -> bool {
        self.peer.is_available()
    }

    /// The peer's state.
    pub fn state(&self) -> State {
        self.peer.state()
    }

    /// What the base protocol answers said so far.
    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// Signals an application event without a message (Start, Stop).
    pub fn signal(&mut self, now: Instant, event: Event<'_>) -> Result<(), L::Error> {
        self.handle(now, event, &[])
    }

    /// Sends an application message (Send-Message).
    pub fn send(&mut self, now: Instant, bytes: &[u8]) -> Result<(), L::Error> {
        match Message::new_checked(bytes) {
            Ok(msg) => self.handle(now, Event::Send(msg), bytes),
            Err(_) => {
                Line::new("not a message").print();
                Ok(())
            }
        }
    }

    /// Reads what the link has, handles each complete message, then the
    /// timers; returns whether any byte arrived.
    ///
    /// Bytes are read no further than the end of the message being
    /// received, so the buffer never holds more than one message and
    /// never needs shifting.
    pub fn poll(&mut self, now: Instant, app: &mut impl Application) -> Result<bool, L::Error> {
        let mut got = false;
        while self.io.link.read_ready()? {
            let have = self.rx.get(..self.rx_len).unwrap_or_default();
            // The version and length come first, then the rest (RFC 6733 §3).
            let want = frame_need(have, self.rx.len()).map_or(usize::MAX, |n| n.total);
            let Some(room) = self.rx.get_mut(self.rx_len..want) else {
                // A bad version or length, or a message larger than the
                // buffer: the stream cannot be resynchronised, so the
                // connection is lost; the peer's Peer-Disc handling follows.
                Line::new("framing lost: connection closed").print();
                self.rx_len = 0;
                if let Some(conn) = self.io.conn {
                    self.handle(now, Event::PeerDisc(conn), &[])?;
                }
                break;
            };
            let n = self.io.link.read(room)?;
            got |= n > 0;
            self.rx_len += n;
            if self.rx_len == want && want >= 20 {
                self.received(now, want, app)?;
                self.rx_len = 0;
            }
            if n == 0 {
                break;
            }
        }
        if self.peer.poll_timeout().is_some_and(|t| t <= now) {
            self.handle(now, Event::Timeout, &[])?;
        }
        Ok(got)
    }

    /// Hands the message in the first `len` received bytes to the peer,
    /// and to the application if the peer delivers it.
    fn received(
        &mut self,
        now: Instant,
        len: usize,
        app: &mut impl Application,
    ) -> Result<(), L::Error> {
        let bytes = self.rx.get(..len).unwrap_or_default();
        let Ok(msg) = Message::new_checked(bytes) else {
            return Ok(());
        };
        count(&mut self.tally, &msg);
        let event = match self.io.conn {
            Some(conn) => Event::Received(conn, msg),
            None if msg.command_code() == command::CAPABILITIES_EXCHANGE && msg.is_request() => {
                Event::ConnCer(msg)
            }
            // RFC 6733 §5.6.1: before a CER, anything else is discarded.
            None => return Ok(()),
        };
        self.io.deliver = false;
        for action in self.peer.handle(now, event) {
            self.io.act(&self.peer, action, bytes)?;
        }
        if core::mem::take(&mut self.io.deliver) {
            if msg.is_request() {
                self.io.unsupported(self.peer.local(), &msg)?;
            } else {
                app.answer(now, &msg);
            }
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

    /// The Conn-Ack of a serial line, which is always up.
    fn after(&mut self, now: Instant) -> Result<(), L::Error> {
        if core::mem::take(&mut self.io.connecting) {
            self.io.conn = Some(Conn::I);
            self.handle(now, Event::ConnAck, &[])?;
        }
        Ok(())
    }
}

/// Records the Result-Code of a CEA, DWA or DPA.
fn count(tally: &mut Tally, msg: &Message<'_>) {
    if msg.is_request() {
        return;
    }
    let code = msg
        .lookup(base::RESULT_CODE.code, 0)
        .and_then(|a| a.u32().ok())
        .unwrap_or(0);
    match msg.command_code() {
        command::CAPABILITIES_EXCHANGE => tally.cea = code,
        command::DEVICE_WATCHDOG if code == result_code::DIAMETER_SUCCESS => tally.dwa_ok += 1,
        command::DEVICE_WATCHDOG => tally.dwa_bad += 1,
        command::DISCONNECT_PEER => tally.dpa = code,
        _ => {}
    }
}

/// The name of a base message, for the log.
fn name(msg: BaseMessage) -> &'static str {
    match msg {
        BaseMessage::Cer => "CER",
        BaseMessage::Cea { .. } => "CEA",
        BaseMessage::Dwr => "DWR",
        BaseMessage::Dwa { .. } => "DWA",
        BaseMessage::Dpr { .. } => "DPR",
        BaseMessage::Dpa { .. } => "DPA",
    }
}

impl<L: Write> Io<L> {
    /// Answers an application request this client does not serve with
    /// DIAMETER_COMMAND_UNSUPPORTED and the E bit (RFC 6733 §7.1.3, §7.2).
    fn unsupported(
        &mut self,
        local: &LocalIdentity<'_>,
        request: &Message<'_>,
    ) -> Result<(), L::Error> {
        let mut w = MessageWriter::answer(&mut self.tx, request);
        w.set_flag(flags::ERROR, true);
        if let Some(session) = request.lookup(base::SESSION_ID.code, 0) {
            w.copy_avp(&session);
        }
        w.u32(base::RESULT_CODE, result_code::DIAMETER_COMMAND_UNSUPPORTED)
            .identity(base::ORIGIN_HOST, local.origin_host)
            .identity(base::ORIGIN_REALM, local.origin_realm);
        match w.finish() {
            Ok(len) => self.link.write_all(self.tx.get(..len).unwrap_or_default()),
            Err(_) => Ok(()),
        }
    }

    /// Carries out one action.
    fn act(&mut self, peer: &Peer<'_>, action: Action, bytes: &[u8]) -> Result<(), L::Error> {
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
                Ok(len) => {
                    Line::new("send ").s(name(msg)).print();
                    self.link
                        .write_all(self.tx.get(..len).unwrap_or_default())?
                }
                Err(_) => Line::new("cannot encode ").s(name(msg)).print(),
            },
            Action::Transmit(_) => self.link.write_all(bytes)?,
            Action::Deliver => self.deliver = true,
            Action::State(state) => Line::new("peer ").s(state.name()).print(),
            Action::Watchdog(wd) => Line::new("watchdog ").s(wd.name()).print(),
            Action::Error(e) => Line::new("peer error: ")
                .s(match e {
                    PeerError::NotOpen => "not open",
                    PeerError::NotAvailable => "not available",
                    PeerError::Timeout => "timeout",
                    PeerError::NonCea => "not a CEA",
                    _ => "other",
                })
                .print(),
        }
        Ok(())
    }
}
