//! Random event sequences: the peer never panics, never fills its action
//! list, and keeps its connections consistent with its state.

use std::vec::Vec;

use proptest::prelude::*;

use super::{app_request, encode, identity, with_apps, HIGH, LOCAL, LOW};
use crate::dict::application;
use crate::peer::{
    Action, BaseMessage, Config, Conn, DisconnectCause, Event, Ids, Instant, Peer, State,
    MAX_ACTIONS,
};
use crate::wire::Message;

/// A message to feed the peer.
#[derive(Debug, Clone)]
enum Spec {
    /// A base message from one of four peers.
    Base { msg: u8, from: u8, code: u8 },
    /// An application message, request or answer.
    App { request: bool },
    /// Random AVP bytes under a valid header with a random command.
    Garbage {
        command: u32,
        flags: u8,
        body: Vec<u8>,
    },
}

static S6A: [u32; 1] = [application::S6A];

impl Spec {
    fn bytes(&self) -> Vec<u8> {
        match *self {
            Self::Base { msg, from, code } => {
                let from = match from % 4 {
                    0 => identity(LOW),
                    1 => identity(HIGH),
                    2 => identity(LOCAL),
                    _ => with_apps(HIGH, &S6A),
                };
                let result_code = [2001, 3010, 5010, 4003][usize::from(code % 4)];
                let cause = DisconnectCause::from_value(i32::from(code % 3)).unwrap();
                let msg = match msg % 6 {
                    0 => BaseMessage::Cer,
                    1 => BaseMessage::Cea {
                        result_code,
                        failed: None,
                    },
                    2 => BaseMessage::Dwr,
                    3 => BaseMessage::Dwa { result_code },
                    4 => BaseMessage::Dpr { cause },
                    _ => BaseMessage::Dpa { result_code },
                };
                encode(&from, msg, Ids::default())
            }
            Self::App { request } => {
                let mut bytes = app_request();
                if !request {
                    bytes[4] &= !0x80;
                }
                bytes
            }
            Self::Garbage {
                command,
                flags,
                ref body,
            } => {
                let len = 20 + (body.len() & !3);
                let mut bytes = std::vec![1, 0, (len >> 8) as u8, len as u8, flags];
                bytes.extend_from_slice(&command.to_be_bytes()[1..]);
                bytes.extend_from_slice(&[0; 12]);
                bytes.extend_from_slice(&body[..len - 20]);
                bytes
            }
        }
    }
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        // Mostly successful answers, so that the open states are reached.
        4 => (any::<u8>(), any::<u8>(), prop_oneof![3 => Just(0u8), 1 => any::<u8>()])
            .prop_map(|(msg, from, code)| Spec::Base { msg, from, code }),
        1 => any::<bool>().prop_map(|request| Spec::App { request }),
        1 => (
            prop_oneof![Just(257u32), Just(280), Just(282), 0u32..0x00ff_ffff],
            any::<u8>(),
            proptest::collection::vec(any::<u8>(), 0..64),
        )
            .prop_map(|(command, flags, body)| Spec::Garbage { command, flags, body }),
    ]
}

/// Mostly `msg` (0 CER, 1 CEA, ...) from any of the four peers.
fn mostly(msg: u8) -> impl Strategy<Value = Spec> {
    prop_oneof![
        2 => (any::<u8>(), 0u8..2).prop_map(move |(from, code)| Spec::Base { msg, from, code }),
        1 => spec(),
    ]
}

/// One step of a driver.
#[derive(Debug, Clone)]
enum Step {
    Start,
    Stop(u8),
    Ack,
    Nack,
    Cer(Spec),
    Rcv(bool, Spec),
    Disc(bool),
    Timeout,
    Send(Spec),
}

fn step() -> impl Strategy<Value = Step> {
    let conn = any::<bool>();
    prop_oneof![
        1 => Just(Step::Start),
        1 => any::<u8>().prop_map(Step::Stop),
        3 => Just(Step::Ack),
        1 => Just(Step::Nack),
        3 => mostly(0).prop_map(Step::Cer),
        8 => (conn, mostly(1)).prop_map(|(c, s)| Step::Rcv(c, s)),
        2 => conn.prop_map(Step::Disc),
        4 => Just(Step::Timeout),
        2 => spec().prop_map(Step::Send),
    ]
}

/// How the clock moves before a step: forward, backward (an early `now`),
/// or to the peer's deadline.
#[derive(Debug, Clone, Copy)]
enum Clock {
    Forward(u32),
    Back(u32),
    Deadline,
}

fn clock() -> impl Strategy<Value = Clock> {
    prop_oneof![
        4 => (0u32..120_000).prop_map(Clock::Forward),
        1 => (0u32..60_000).prop_map(Clock::Back),
        3 => Just(Clock::Deadline),
    ]
}

fn conn_of(initiator: bool) -> Conn {
    if initiator {
        Conn::I
    } else {
        Conn::R
    }
}

/// The connections a well-behaved driver holds for the peer.
#[derive(Debug, Default)]
struct Model {
    connecting: bool,
    i: bool,
    r: bool,
    incoming: bool,
}

impl Model {
    fn up(&self, conn: Conn) -> bool {
        match conn {
            Conn::I => self.i,
            Conn::R => self.r,
        }
    }

    /// Whether a well-behaved driver can produce `step` now, updating the
    /// transport's side of the model.
    fn admits(&mut self, step: &Step) -> bool {
        match *step {
            Step::Ack | Step::Nack if !self.connecting => false,
            Step::Ack => {
                self.connecting = false;
                self.i = true;
                true
            }
            Step::Nack => {
                self.connecting = false;
                true
            }
            Step::Rcv(i, _) => self.up(conn_of(i)),
            Step::Disc(i) => self.up(conn_of(i)),
            _ => true,
        }
    }

    /// Carries out one action, checking it is possible.
    fn apply(&mut self, action: Action, step: &Step, was_open: bool) -> Result<(), TestCaseError> {
        match action {
            Action::Connect => {
                prop_assert!(!self.connecting && !self.i, "connects twice");
                self.connecting = true;
            }
            Action::Accept => {
                prop_assert!(self.incoming && !self.r, "accepts without a free R");
                self.incoming = false;
                self.r = true;
            }
            Action::Reject => {
                prop_assert!(self.incoming, "rejects nothing");
                self.incoming = false;
            }
            Action::Disconnect(Conn::I) => {
                prop_assert!(self.connecting || self.i, "closes a missing I");
                self.connecting = false;
                self.i = false;
            }
            Action::Disconnect(Conn::R) => {
                prop_assert!(self.r, "closes a missing R");
                self.r = false;
            }
            Action::Send { conn, msg, .. } => {
                prop_assert!(self.up(conn), "sends {msg:?} on a missing {conn:?}");
                if msg == BaseMessage::Cer {
                    prop_assert!(
                        conn == Conn::I && matches!(step, Step::Ack),
                        "CER not after Conn-Ack"
                    );
                }
            }
            Action::Transmit(conn) => {
                prop_assert!(matches!(step, Step::Send(_)) && was_open && self.up(conn));
            }
            Action::Deliver => prop_assert!(matches!(step, Step::Rcv(..)) && was_open),
            Action::State(_) | Action::Watchdog(_) | Action::Error(_) => {}
        }
        Ok(())
    }

    /// The connections each state implies.
    fn check(&self, peer: &Peer<'_>) -> Result<(), TestCaseError> {
        let (c, i, r) = (self.connecting, self.i, self.r);
        let ok = match peer.state() {
            State::Closed => !c && !i && !r,
            State::WaitConnAck => c && !i && !r,
            State::WaitICea => !c && i && !r,
            State::WaitConnAckElect => c && !i && r,
            State::WaitReturns => !c && i && r,
            State::IOpen => !c && i && !r,
            State::ROpen => !c && !i && r,
            State::Closing => !c && (i != r),
        };
        prop_assert!(ok, "{} with {self:?}", peer.state());
        prop_assert!(!self.incoming, "a CER was neither accepted nor rejected");
        prop_assert!(!peer.is_available() || peer.state().is_open());
        if !matches!(peer.state(), State::Closed) {
            prop_assert!(
                peer.poll_timeout().is_some(),
                "{} without a timer",
                peer.state()
            );
        }
        Ok(())
    }
}

fn to_event<'m>(step: &Step, msg: Option<Message<'m>>) -> Event<'m> {
    match (step, msg) {
        (Step::Start, _) => Event::Start,
        (Step::Stop(c), _) => Event::Stop(DisconnectCause::from_value(i32::from(c % 3)).unwrap()),
        (Step::Ack, _) => Event::ConnAck,
        (Step::Nack, _) => Event::ConnNack,
        (Step::Disc(i), _) => Event::PeerDisc(conn_of(*i)),
        (Step::Cer(_), Some(m)) => Event::ConnCer(m),
        (Step::Rcv(i, _), Some(m)) => Event::Received(conn_of(*i), m),
        (Step::Send(_), Some(m)) => Event::Send(m),
        (Step::Timeout | Step::Cer(_) | Step::Rcv(..) | Step::Send(_), _) => Event::Timeout,
    }
}

/// Runs `steps`; with `well_behaved`, skips the steps no transport could
/// produce and checks the connection model.
fn run(steps: &[(Clock, Step)], seed: u32, well_behaved: bool) -> Result<(), TestCaseError> {
    let mut peer = Peer::new(Config::new(identity(LOCAL), seed));
    let mut model = Model::default();
    let mut now = Instant::ZERO;
    let mut seen = Instant::ZERO;
    for (clock, step) in steps {
        let at = match *clock {
            Clock::Forward(ms) => {
                now = Instant::from_millis(now.as_millis() + u64::from(ms));
                now
            }
            Clock::Back(ms) => Instant::from_millis(now.as_millis().saturating_sub(u64::from(ms))),
            Clock::Deadline => {
                now = peer.poll_timeout().unwrap_or(now).max(now);
                now
            }
        };
        if well_behaved && !model.admits(step) {
            continue;
        }
        let bytes = match step {
            Step::Cer(s) | Step::Rcv(_, s) | Step::Send(s) => s.bytes(),
            _ => Vec::new(),
        };
        let msg = Message::new_checked(&bytes).ok();
        // A connection whose first message frames is handed over with it
        // (Event::ConnCer), and the peer must accept or reject it.
        model.incoming = matches!(step, Step::Cer(_)) && msg.is_some();
        // The peer's clock: the latest `now` it was given.
        seen = seen.max(at);
        let was_open = peer.state().is_open();
        let (state, deadline) = (peer.state(), peer.poll_timeout());
        let actions = peer.handle(at, to_event(step, msg));
        prop_assert!(actions.len() < MAX_ACTIONS, "{actions:?}");
        if matches!(step, Step::Timeout) && deadline.is_some_and(|d| d <= seen) {
            // A timer that fired is rearmed for later or stopped: a driver
            // polling the deadline never spins.
            prop_assert!(peer.poll_timeout().is_none_or(|d| d > seen), "{actions:?}");
        }
        if matches!(step, Step::Timeout) && deadline.is_none_or(|d| seen < d) {
            // Early timeouts change nothing; the peer's clock is the latest
            // `now` it saw, however early `at` is.
            prop_assert!(
                actions.is_empty() && peer.state() == state && peer.poll_timeout() == deadline
            );
        }
        for &action in &actions {
            if well_behaved {
                model.apply(action, step, was_open)?;
            } else if matches!(action, Action::Deliver | Action::Transmit(_)) {
                prop_assert!(was_open, "{action:?} in {state}");
            }
        }
        if well_behaved {
            if let Step::Disc(i) = *step {
                prop_assert!(!model.up(conn_of(i)), "a lost connection was kept");
            }
            model.check(&peer)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn well_behaved_transport_keeps_the_invariants(
        steps in proptest::collection::vec((clock(), step()), 1..80),
        seed in any::<u32>(),
    ) {
        run(&steps, seed, true)?;
    }

    #[test]
    fn any_event_sequence_is_harmless(
        steps in proptest::collection::vec((clock(), step()), 1..80),
        seed in any::<u32>(),
    ) {
        run(&steps, seed, false)?;
    }
}
