//! The Diameter peer: the RFC 6733 §5.6 state machine, the capabilities
//! exchange (§5.3), disconnection (§5.4) and the RFC 3539 watchdog (§5.5),
//! as a pure function from events to actions.
//!
//! A [`Peer`] does no I/O, reads no clock, draws no entropy and never
//! allocates. Its driver (a socket loop, a UART task, a test harness)
//! feeds it [`Event`]s with the current [`Instant`] and carries out the
//! [`Action`]s it returns, in order:
//!
//! ```
//! use core::net::Ipv4Addr;
//! use diameter_core::dict::application;
//! use diameter_core::peer::{
//!     write_base, Action, Config, Conn, Event, Instant, LocalIdentity, Peer, State,
//! };
//! use diameter_core::wire::{Address, Message};
//!
//! let addresses = [Address::V4(Ipv4Addr::new(192, 0, 2, 1))];
//! let local = LocalIdentity {
//!     origin_host: "client.example.net",
//!     origin_realm: "example.net",
//!     host_ip_addresses: &addresses,
//!     vendor_id: 0,
//!     product_name: "example",
//!     origin_state_id: None,
//!     supported_vendor_ids: &[],
//!     auth_application_ids: &[application::CREDIT_CONTROL],
//!     acct_application_ids: &[],
//!     vendor_specific_application_ids: &[],
//!     firmware_revision: None,
//!     inband_security_ids: &[],
//! };
//! let mut peer = Peer::new(Config::new(local, 0x1234_5678));
//! let t0 = Instant::from_millis(0);
//!
//! assert_eq!(peer.handle(t0, Event::Start).as_slice(), [Action::Connect, Action::State(State::WaitConnAck)]);
//! // The connection is up: the peer sends its CER on it.
//! let actions = peer.handle(t0, Event::ConnAck);
//! let Some(&Action::Send { conn: Conn::I, msg, ids }) = actions.first() else { panic!() };
//! let mut buf = [0u8; 256];
//! let len = write_base(&mut buf, peer.local(), msg, ids).unwrap();
//! let cer = Message::new_checked(&buf[..len]).unwrap();
//! assert!(cer.is_request() && cer.command_code() == 257);
//! assert_eq!(peer.state(), State::WaitICea);
//! assert_eq!(peer.state().to_string(), "Wait-I-CEA");
//! ```
//!
//! Design notes:
//! - Received messages are given as [`Message`](crate::wire::Message)
//!   views and classified here; [`Action::Deliver`] and
//!   [`Action::Transmit`] refer to the message of the event being handled,
//!   so actions borrow nothing.
//! - Base messages to send are values ([`BaseMessage`]) with their
//!   identifiers ([`Ids`]); [`write_base`] encodes them. The peer numbers
//!   its own requests (CER, DWR, DPR): Hop-by-Hop from a counter started at
//!   a value drawn from the seed, End-to-End with the low 12 bits of the
//!   caller's clock in seconds over the low 20 bits of that counter
//!   (RFC 6733 §3). Answers repeat the request's identifiers.
//! - Timers (Tc reconnect in Closed, the CEA/DPA waits of the intermediate
//!   states, Tw in I-Open and R-Open) are one private deadline:
//!   [`Peer::poll_timeout`] is all the driver sees. Calling
//!   [`Peer::handle`] with an earlier `now` than before is treated as the
//!   latest `now` seen; an early [`Event::Timeout`] does nothing.
//! - Jitter comes from a xorshift generator seeded by [`Config::seed`].

mod action;
mod cer;
mod election;
mod encode;
mod event;
mod fsm;
mod state;
mod time;
mod watchdog;

#[cfg(test)]
mod tests;

use core::time::Duration;

pub use action::{Action, Actions, BaseMessage, DisconnectCause, Ids, PeerError, MAX_ACTIONS};
pub use cer::{
    check_cer_grammar, AppId, CerCheck, LocalIdentity, PeerFilter, Remote, VendorApp,
    MAX_APPLICATIONS, MAX_IDENTITY_LEN, NO_INBAND_SECURITY, TLS,
};
pub use election::wins_election;
pub use encode::write_base;
pub use event::Event;
pub use state::{Conn, State};
pub use time::Instant;
pub use watchdog::{WatchdogState, REOPEN_DWAS, TW_DEFAULT, TW_JITTER, TW_MIN};

use time::Rng;
use watchdog::Watchdog;

/// Default Tc, the interval between connection attempts (RFC 6733 §12).
pub const TC_DEFAULT: Duration = Duration::from_secs(30);
/// Default wait for a connection, a CEA or a DPA before giving up.
pub const RESPONSE_TIMEOUT_DEFAULT: Duration = Duration::from_secs(10);
/// Longest BUSY back-off, as a power of two times Tc (32 × Tc).
pub const MAX_BUSY_BACKOFF: u8 = 5;

/// How a [`Peer`] behaves.
#[derive(Debug, Clone, Copy)]
pub struct Config<'a> {
    /// This node's identity and capabilities.
    pub local: LocalIdentity<'a>,
    /// Which peers' CERs are accepted.
    pub peers: PeerFilter<'a>,
    /// Watchdog interval Tw (RFC 3539 §3.4.1); values below [`TW_MIN`] are
    /// raised to it.
    pub tw: Duration,
    /// Reconnect interval Tc (RFC 6733 §2.1, §12).
    pub tc: Duration,
    /// Wait for a connection, a CEA or a DPA (the Timeout events of the
    /// intermediate states, RFC 6733 §5.6).
    pub response_timeout: Duration,
    /// Seed of the jitter and identifier generator; give each peer and each
    /// boot a different one.
    pub seed: u32,
    /// The check of a received CER against its command grammar (RFC 6733
    /// §5.3.1, §7): a violation is refused with its Result-Code and
    /// Failed-AVP. [`check_cer_grammar`] by default; `None` (see
    /// [`Config::lean`]) keeps only the checks of the identity AVPs, the
    /// applications and the security, and leaves the validator and the
    /// dictionary out of the binary.
    pub cer_grammar: Option<CerCheck>,
}

impl<'a> Config<'a> {
    /// A configuration with the default timers that accepts any peer and
    /// checks CERs against their grammar.
    pub const fn new(local: LocalIdentity<'a>, seed: u32) -> Self {
        let mut config = Self::lean(local, seed);
        config.cer_grammar = Some(check_cer_grammar);
        config
    }

    /// As [`new`](Self::new) but without the grammar check of CERs: for a
    /// small device that only talks to the servers it connects to, where
    /// the validator and its dictionary (about 80 KiB of flash) do not fit.
    pub const fn lean(local: LocalIdentity<'a>, seed: u32) -> Self {
        Self {
            local,
            peers: PeerFilter::Any,
            tw: TW_DEFAULT,
            tc: TC_DEFAULT,
            response_timeout: RESPONSE_TIMEOUT_DEFAULT,
            seed,
            cer_grammar: None,
        }
    }
}

/// The state of this node's relationship with one Diameter peer.
#[derive(Debug, Clone)]
pub struct Peer<'a> {
    config: Config<'a>,
    state: State,
    /// The connection in use in I-Open, R-Open and Closing.
    conn: Conn,
    /// The latest `now` seen.
    now: Instant,
    /// The one timer of the current state.
    deadline: Option<Instant>,
    watchdog: Watchdog,
    remote: Remote,
    /// Identifiers of the responder connection's CER, whose CEA waits for
    /// the election.
    r_cer: Ids,
    /// Start was signalled and neither Stop nor DO_NOT_WANT_TO_TALK_TO_YOU
    /// since: reconnect when the connection is lost.
    wanted: bool,
    /// The peer announced a reboot: reconnect at once.
    reboot: bool,
    /// Consecutive BUSY disconnections: the reconnect waits Tc × 2^busy.
    busy: u8,
    rng: Rng,
    next_id: u32,
}

impl<'a> Peer<'a> {
    /// A peer in state Closed with the watchdog in INITIAL.
    pub fn new(mut config: Config<'a>) -> Self {
        config.tw = config.tw.max(TW_MIN);
        let mut rng = Rng::new(config.seed);
        let next_id = rng.next_u32();
        Self {
            config,
            state: State::Closed,
            conn: Conn::I,
            now: Instant::ZERO,
            deadline: None,
            watchdog: Watchdog::new(),
            remote: Remote::default(),
            r_cer: Ids::default(),
            wanted: false,
            reboot: false,
            busy: 0,
            rng,
            next_id,
        }
    }

    /// Handles one event at `now`; returns what the driver must do, in order.
    ///
    /// A state or watchdog change is reported last, by [`Action::State`]
    /// and [`Action::Watchdog`].
    pub fn handle(&mut self, now: Instant, event: Event<'_>) -> Actions {
        self.now = self.now.max(now);
        let (state, watchdog) = (self.state, self.watchdog.status());
        let mut out = Actions::new();
        self.dispatch(event, &mut out);
        if self.state != state {
            emit(&mut out, Action::State(self.state));
        }
        if self.watchdog.status() != watchdog {
            emit(&mut out, Action::Watchdog(self.watchdog.status()));
        }
        out
    }

    /// When the driver must next call [`handle`](Self::handle) with
    /// [`Event::Timeout`], if a timer runs.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.deadline
    }

    /// The state machine's state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The watchdog's state.
    pub fn watchdog(&self) -> WatchdogState {
        self.watchdog.status()
    }

    /// Whether new requests may be sent to the peer: it is open and the
    /// watchdog trusts it (RFC 3539 §3.4, RFC 6733 §5.1).
    pub fn is_available(&self) -> bool {
        self.state.is_open() && self.watchdog.status() == WatchdogState::Okay
    }

    /// What the last successful capabilities exchange told about the peer.
    pub fn remote(&self) -> &Remote {
        &self.remote
    }

    /// This node's identity, for [`write_base`].
    pub fn local(&self) -> &LocalIdentity<'a> {
        &self.config.local
    }
}

/// Appends an action; [`MAX_ACTIONS`] is larger than any event needs.
fn emit(out: &mut Actions, action: Action) {
    let _ = out.push(action);
}
