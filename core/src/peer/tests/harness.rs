//! Two peers on a virtual clock, each side's sends encoded with
//! `write_base`, carried over simulated TCP connections and parsed back
//! with `Message::new_checked` for the other side.

use core::time::Duration;
use std::vec::Vec;

use super::{app_request, identity, with_apps};
use crate::dict::{application, base, command, result_code as rc};
use crate::peer::{
    write_base, Action, Config, Conn, DisconnectCause, Event, Instant, Peer, PeerError, PeerFilter,
    State, WatchdogState, TC_DEFAULT, TW_DEFAULT,
};
use crate::wire::Message;

/// One-way network delay.
const LATENCY: Duration = Duration::from_millis(20);
const SECOND: u64 = 1000;

/// A message on its way.
#[derive(Debug)]
enum Net {
    /// The connection `gen` that side `to` opened is established.
    ConnAck { to: usize, gen: u32 },
    /// Side `to` could not reach its peer.
    ConnNack { to: usize, gen: u32 },
    /// Bytes for side `to` on connection `gen`.
    Bytes { to: usize, gen: u32, bytes: Vec<u8> },
    /// The other end closed connection `gen`.
    Fin { to: usize, gen: u32 },
}

/// One node: its peer state machine and what happened to it.
struct Side {
    peer: Peer<'static>,
    /// The initiator connection and whether it is established.
    i: Option<(u32, bool)>,
    /// The accepted responder connection.
    r: Option<u32>,
    /// An incoming connection whose first message has not arrived.
    incoming: Option<u32>,
    /// Every action, with its time.
    log: Vec<(Instant, Action)>,
    /// Every message sent, with its time.
    sent: Vec<(Instant, Vec<u8>)>,
    /// When each message was received.
    received: Vec<(Instant, u32, bool)>,
    /// Application messages delivered.
    delivered: Vec<Vec<u8>>,
    /// Nothing reaches this side, and nothing it sends leaves.
    cut_off: bool,
    /// Connection attempts to this side fail.
    unreachable: bool,
}

impl Side {
    fn new(config: Config<'static>) -> Self {
        Self {
            peer: Peer::new(config),
            i: None,
            r: None,
            incoming: None,
            log: Vec::new(),
            sent: Vec::new(),
            received: Vec::new(),
            delivered: Vec::new(),
            cut_off: false,
            unreachable: false,
        }
    }

    /// The connection `conn` stands for.
    fn gen_of(&self, conn: Conn) -> Option<u32> {
        match conn {
            Conn::I => self.i.filter(|&(_, up)| up).map(|(gen, _)| gen),
            Conn::R => self.r,
        }
    }

    /// Times of the logged actions `pred` selects.
    fn times(&self, pred: impl Fn(&Action) -> bool) -> Vec<Instant> {
        self.log
            .iter()
            .filter(|(_, a)| pred(a))
            .map(|&(t, _)| t)
            .collect()
    }

    /// Times at which this side sent `command` requests.
    fn sent_requests(&self, command: u32) -> Vec<Instant> {
        self.sent
            .iter()
            .filter(|(_, b)| {
                let m = Message::new_checked(b).unwrap();
                m.command_code() == command && m.is_request()
            })
            .map(|&(t, _)| t)
            .collect()
    }
}

struct Sim {
    now: Instant,
    sides: [Side; 2],
    queue: Vec<(Instant, u64, Net)>,
    seq: u64,
    next_gen: u32,
}

impl Sim {
    fn new(a: Config<'static>, b: Config<'static>) -> Self {
        Self {
            now: Instant::ZERO,
            sides: [Side::new(a), Side::new(b)],
            queue: Vec::new(),
            seq: 0,
            next_gen: 0,
        }
    }

    /// Two credit-control nodes with default timers.
    fn pair(a: &'static str, b: &'static str) -> Self {
        Self::new(Config::new(identity(a), 1), Config::new(identity(b), 2))
    }

    fn side(&self, s: usize) -> &Side {
        &self.sides[s]
    }

    fn state(&self, s: usize) -> State {
        self.sides[s].peer.state()
    }

    fn post(&mut self, net: Net) {
        self.seq += 1;
        self.queue.push((self.now + LATENCY, self.seq, net));
    }

    /// Feeds `event` (borrowing `bytes`) to side `s` and carries out the actions.
    fn handle(&mut self, s: usize, event: Event<'_>, bytes: &[u8]) {
        let actions = self.sides[s].peer.handle(self.now, event);
        for &action in &actions {
            self.sides[s].log.push((self.now, action));
            self.carry_out(s, action, bytes);
        }
    }

    fn carry_out(&mut self, s: usize, action: Action, bytes: &[u8]) {
        let side = &mut self.sides[s];
        match action {
            Action::Connect => {
                self.next_gen += 1;
                let gen = self.next_gen;
                side.i = Some((gen, false));
                let net = if self.sides[1 - s].unreachable {
                    Net::ConnNack { to: s, gen }
                } else {
                    Net::ConnAck { to: s, gen }
                };
                self.post(net);
            }
            Action::Accept => side.r = side.incoming.take(),
            Action::Reject => {
                let gen = side
                    .incoming
                    .take()
                    .expect("rejects the incoming connection");
                self.post(Net::Fin { to: 1 - s, gen });
            }
            Action::Disconnect(conn) => {
                let gen = match conn {
                    Conn::I => side.i.take().map(|(gen, _)| gen),
                    Conn::R => side.r.take(),
                };
                let gen = gen.expect("disconnects an existing connection");
                self.post(Net::Fin { to: 1 - s, gen });
            }
            Action::Send { conn, msg, ids } => {
                let mut buf = [0u8; 1024];
                let len = write_base(&mut buf, side.peer.local(), msg, ids).unwrap();
                self.transmit(s, conn, buf[..len].to_vec());
            }
            Action::Transmit(conn) => self.transmit(s, conn, bytes.to_vec()),
            Action::Deliver => side.delivered.push(bytes.to_vec()),
            Action::State(_) | Action::Watchdog(_) | Action::Error(_) => {}
        }
    }

    fn transmit(&mut self, s: usize, conn: Conn, bytes: Vec<u8>) {
        let gen = self.sides[s]
            .gen_of(conn)
            .unwrap_or_else(|| panic!("side {s} sends on {conn:?}, which does not exist"));
        self.sides[s].sent.push((self.now, bytes.clone()));
        if !self.sides[s].cut_off && !self.sides[1 - s].cut_off {
            self.post(Net::Bytes {
                to: 1 - s,
                gen,
                bytes,
            });
        }
    }

    fn deliver(&mut self, net: Net) {
        match net {
            Net::ConnAck { to, gen } => {
                let Some((g, up)) = self.sides[to].i.as_mut() else {
                    return;
                };
                if *g != gen {
                    return;
                }
                *up = true;
                self.sides[1 - to].incoming = Some(gen);
                self.handle(to, Event::ConnAck, &[]);
            }
            Net::ConnNack { to, gen } => {
                if self.sides[to].i.is_some_and(|(g, _)| g == gen) {
                    self.sides[to].i = None;
                    self.handle(to, Event::ConnNack, &[]);
                }
            }
            Net::Bytes { to, gen, bytes } => {
                let msg = Message::new_checked(&bytes).unwrap();
                let side = &mut self.sides[to];
                let event = if side.gen_of(Conn::I) == Some(gen) {
                    Event::Received(Conn::I, msg)
                } else if side.r == Some(gen) {
                    Event::Received(Conn::R, msg)
                } else if side.incoming == Some(gen) {
                    if msg.command_code() == command::CAPABILITIES_EXCHANGE && msg.is_request() {
                        Event::ConnCer(msg)
                    } else {
                        // RFC 6733 §5.6.1: anything but a CER closes it.
                        side.incoming = None;
                        self.post(Net::Fin { to: 1 - to, gen });
                        return;
                    }
                } else {
                    return;
                };
                side.received
                    .push((self.now, msg.command_code(), msg.is_request()));
                self.handle(to, event, &bytes);
            }
            Net::Fin { to, gen } => {
                let side = &mut self.sides[to];
                if side.i.is_some_and(|(g, up)| g == gen && up) {
                    self.handle(to, Event::PeerDisc(Conn::I), &[]);
                } else if side.r == Some(gen) {
                    self.handle(to, Event::PeerDisc(Conn::R), &[]);
                } else if side.incoming == Some(gen) {
                    side.incoming = None;
                }
            }
        }
    }

    /// Runs both peers until `end`: network events first, then timers.
    fn run_until(&mut self, end: Instant) {
        loop {
            let net = self.queue.iter().map(|&(t, seq, _)| (t, seq)).min();
            let timer = (0..2)
                .filter_map(|s| self.sides[s].peer.poll_timeout().map(|t| (t, s)))
                .min();
            match (net, timer) {
                (Some((t, seq)), timer) if t <= end && timer.is_none_or(|(tt, _)| t <= tt) => {
                    let i = self.queue.iter().position(|e| e.1 == seq).unwrap();
                    let (t, _, net) = self.queue.swap_remove(i);
                    self.now = t;
                    self.deliver(net);
                }
                (_, Some((t, s))) if t <= end => {
                    self.now = t;
                    self.handle(s, Event::Timeout, &[]);
                }
                _ => break,
            }
        }
        self.now = end;
    }

    fn run_for(&mut self, d: Duration) {
        self.run_until(self.now + d);
    }

    fn start(&mut self, s: usize) {
        self.handle(s, Event::Start, &[]);
    }

    fn stop(&mut self, s: usize, cause: DisconnectCause) {
        self.handle(s, Event::Stop(cause), &[]);
    }

    /// The application of side `s` sends a request; returns the actions.
    fn send_app(&mut self, s: usize) -> Vec<Action> {
        let bytes = app_request();
        let before = self.sides[s].log.len();
        self.handle(
            s,
            Event::Send(Message::new_checked(&bytes).unwrap()),
            &bytes,
        );
        self.sides[s].log[before..]
            .iter()
            .map(|&(_, a)| a)
            .collect()
    }
}

fn ms(t: Instant) -> u64 {
    t.as_millis()
}

/// The Result-Code of the last `command` answer side `s` sent.
fn last_answer_code(sim: &Sim, s: usize, command: u32) -> (u32, bool) {
    let (_, bytes) = sim.sides[s]
        .sent
        .iter()
        .rev()
        .find(|(_, b)| {
            let m = Message::new_checked(b).unwrap();
            m.command_code() == command && !m.is_request()
        })
        .expect("an answer was sent");
    let m = Message::new_checked(bytes).unwrap();
    let code = m.lookup(base::RESULT_CODE.code, 0).unwrap().u32().unwrap();
    (code, m.is_error())
}

fn assert_open(sim: &Sim, initiator: usize) {
    assert_eq!(sim.state(initiator), State::IOpen);
    assert_eq!(sim.state(1 - initiator), State::ROpen);
    // One connection is left, the same one on both sides.
    assert_eq!(
        sim.side(initiator).gen_of(Conn::I),
        sim.side(1 - initiator).r
    );
    assert!(sim.side(initiator).r.is_none() && sim.side(1 - initiator).i.is_none());
    for s in 0..2 {
        assert_eq!(sim.side(s).peer.watchdog(), WatchdogState::Okay);
        assert!(sim.side(s).peer.is_available());
    }
}

#[test]
fn handshake_both_ways() {
    for initiator in 0..2 {
        let mut sim = Sim::pair("a.example", "b.example");
        sim.start(initiator);
        sim.run_for(Duration::from_secs(1));
        assert_open(&sim, initiator);
        let other = 1 - initiator;
        let remote = sim.side(initiator).peer.remote();
        assert_eq!(remote.origin_host, ["a.example", "b.example"][other]);
        assert_eq!(remote.origin_realm, "example");
        assert_eq!(remote.applications, [application::CREDIT_CONTROL]);
        assert_eq!(
            sim.side(other).peer.remote().origin_host,
            ["a.example", "b.example"][initiator]
        );
        // Application messages flow both ways, byte for byte.
        for s in [initiator, other] {
            assert_eq!(
                sim.send_app(s).first(),
                Some(&Action::Transmit(if s == initiator {
                    Conn::I
                } else {
                    Conn::R
                }))
            );
        }
        sim.run_for(Duration::from_secs(1));
        for s in 0..2 {
            assert_eq!(sim.side(s).delivered, [app_request()]);
        }
    }
}

#[test]
fn simultaneous_open_elects_the_higher_origin_host() {
    // (side 0, side 1, the winner): the winner keeps its responder
    // connection, so the loser ends I-Open on the winner's R-Open.
    for (a, b, winner) in [
        ("a.example", "b.example", 1),
        ("z.example", "b.example", 0),
        ("A.EXAMPLE", "b.example", 1),
        ("peer.example.net", "peer.example", 0),
    ] {
        let mut sim = Sim::pair(a, b);
        sim.start(0);
        sim.start(1);
        sim.run_for(Duration::from_secs(1));
        assert_open(&sim, 1 - winner);
        // The winner answered the loser's CER and closed its own attempt.
        let w = sim.side(winner);
        assert!(w.log.iter().any(|(_, a)| *a == Action::Disconnect(Conn::I)));
        assert_eq!(
            last_answer_code(&sim, winner, command::CAPABILITIES_EXCHANGE),
            (2001, false)
        );
        // The loser never answered the winner's CER.
        let l = sim.side(1 - winner);
        assert!(l
            .sent
            .iter()
            .all(|(_, b)| Message::new_checked(b).unwrap().is_request()));
        assert!(l
            .log
            .iter()
            .any(|(_, a)| *a == Action::State(State::WaitReturns)));
    }
}

#[test]
fn election_while_still_connecting() {
    // Side 1 is slow to see its connection established: the CER from side
    // 0 arrives first (Wait-Conn-Ack/Elect), then the election.
    let mut sim = Sim::pair("a.example", "b.example");
    sim.start(0);
    sim.run_for(Duration::from_millis(30));
    sim.start(1);
    sim.run_for(Duration::from_millis(15));
    assert_eq!(sim.state(1), State::WaitConnAckElect);
    sim.run_for(Duration::from_secs(1));
    assert_open(&sim, 0);
}

/// Two peers open since `sim.now`, side 0 the initiator.
fn open_pair(a: Config<'static>, b: Config<'static>) -> Sim {
    let mut sim = Sim::new(a, b);
    sim.start(0);
    sim.run_for(Duration::from_secs(1));
    assert_open(&sim, 0);
    sim
}

#[test]
fn watchdog_keeps_an_idle_connection_for_hours_with_jitter() {
    let mut sim = Sim::pair("a.example", "b.example");
    sim.start(0);
    sim.run_for(Duration::from_secs(6 * 3600));
    assert_open(&sim, 0);
    let tw = TW_DEFAULT.as_millis() as u64;
    let mut gaps = Vec::new();
    for s in 0..2 {
        let side = sim.side(s);
        assert!(side.log.iter().all(
            |(_, a)| !matches!(a, Action::Watchdog(_) | Action::Error(_))
                || *a == Action::Watchdog(WatchdogState::Okay)
        ));
        for t in side.sent_requests(command::DEVICE_WATCHDOG) {
            // Tw runs from the last message received.
            let last = side.received.iter().rev().find(|r| r.0 < t).unwrap().0;
            gaps.push(ms(t) - ms(last));
        }
    }
    assert!(gaps.len() > 6 * 3600 / 32, "{} DWRs", gaps.len());
    assert!(
        gaps.iter()
            .all(|&g| (tw - 2 * SECOND..=tw + 2 * SECOND).contains(&g)),
        "{gaps:?}"
    );
    // The jitter spreads over the whole ±2 s.
    assert!(*gaps.iter().min().unwrap() < tw - 3 * SECOND / 2);
    assert!(*gaps.iter().max().unwrap() > tw + 3 * SECOND / 2);
    // Every DWR was answered with success.
    assert_eq!(
        last_answer_code(&sim, 1, command::DEVICE_WATCHDOG),
        (2001, false)
    );
}

#[test]
fn traffic_postpones_the_watchdog() {
    let mut sim = Sim::pair("a.example", "b.example");
    sim.start(0);
    sim.run_for(Duration::from_secs(1));
    // Side 1 sends an application message every 10 s: side 0 never needs a DWR.
    for _ in 0..60 {
        sim.send_app(1);
        sim.run_for(Duration::from_secs(10));
    }
    assert!(sim
        .side(0)
        .sent_requests(command::DEVICE_WATCHDOG)
        .is_empty());
    assert_eq!(sim.side(0).delivered.len(), 60);
}

#[test]
fn silent_peer_fails_over_then_reopens_after_three_dwas() {
    let mut sim = Sim::pair("a.example", "b.example");
    sim.start(0);
    sim.run_for(Duration::from_secs(100));
    sim.sides[1].cut_off = true;
    let cut = sim.now;
    sim.run_for(Duration::from_secs(150));
    let a = sim.side(0);
    let last_rx = a.received.iter().rev().find(|r| r.0 <= cut).unwrap().0;
    let dwr = *a
        .sent_requests(command::DEVICE_WATCHDOG)
        .iter()
        .find(|&&t| t > last_rx)
        .unwrap();
    let suspect = a.times(|x| *x == Action::Watchdog(WatchdogState::Suspect))[0];
    let down = a.times(|x| *x == Action::Watchdog(WatchdogState::Down))[0];
    let tw = TW_DEFAULT.as_millis() as u64;
    let within = |d: u64, n: u64| (n * (tw - 2 * SECOND)..=n * (tw + 2 * SECOND)).contains(&d);
    // Failover once a DWR stays unanswered for Tw: 2 × Tw after the last
    // message; DOWN after a second Tw without answer.
    assert!(within(ms(dwr) - ms(last_rx), 1));
    assert!(
        within(ms(suspect) - ms(last_rx), 2),
        "{}",
        ms(suspect) - ms(last_rx)
    );
    assert!(within(ms(down) - ms(dwr), 2), "{}", ms(down) - ms(dwr));
    assert!(a.log.contains(&(down, Action::Disconnect(Conn::I))));
    assert!(!a.peer.is_available());
    // Side 1, just as deaf, gave up too.
    assert_eq!(sim.state(1), State::Closed);
    assert_eq!(sim.side(1).peer.watchdog(), WatchdogState::Down);

    // The network heals; side 0 reconnects after Tc and enters REOPEN.
    sim.sides[1].cut_off = false;
    let reconnect = *sim.side(0).times(|x| *x == Action::Connect).last().unwrap();
    assert_eq!(ms(reconnect) - ms(down), TC_DEFAULT.as_millis() as u64);
    sim.run_for(Duration::from_secs(1));
    assert_eq!(sim.state(0), State::IOpen);
    assert_eq!(sim.side(0).peer.watchdog(), WatchdogState::Reopen);
    assert_eq!(sim.side(1).peer.watchdog(), WatchdogState::Reopen);
    // No new requests to a peer in REOPEN.
    assert_eq!(sim.send_app(0), [Action::Error(PeerError::NotAvailable)]);
    sim.run_for(Duration::from_secs(120));
    let a = sim.side(0);
    let dwas: Vec<Instant> = a
        .received
        .iter()
        .filter(|r| r.0 > reconnect && r.1 == command::DEVICE_WATCHDOG && !r.2)
        .map(|r| r.0)
        .collect();
    let okay = a.times(|x| *x == Action::Watchdog(WatchdogState::Okay));
    assert_eq!(okay.last(), Some(&dwas[2]), "trusted at the third DWA");
    assert!(sim.side(0).peer.is_available());
    assert_eq!(sim.send_app(0), [Action::Transmit(Conn::I)]);
}

#[test]
fn dpr_causes_decide_the_reconnection() {
    let tc = TC_DEFAULT.as_millis() as u64;
    for cause in [
        DisconnectCause::Rebooting,
        DisconnectCause::Busy,
        DisconnectCause::DoNotWantToTalkToYou,
    ] {
        let mut sim = Sim::pair("a.example", "b.example");
        sim.start(0);
        sim.run_for(Duration::from_secs(5));
        sim.stop(1, cause);
        sim.run_for(Duration::from_secs(1));
        let a = sim.side(0);
        let dpr = a
            .received
            .iter()
            .find(|r| r.1 == command::DISCONNECT_PEER)
            .unwrap();
        assert!(dpr.2);
        assert_eq!(
            last_answer_code(&sim, 0, command::DISCONNECT_PEER),
            (2001, false)
        );
        let closed = a.times(|x| *x == Action::State(State::Closed));
        let connects = a.times(|x| *x == Action::Connect);
        match cause {
            DisconnectCause::Rebooting => {
                // Reconnects the moment the connection ends: no Closed in between.
                assert!(closed.is_empty());
                let disc = a.times(|x| *x == Action::Disconnect(Conn::I))[0];
                assert_eq!(connects, [Instant::ZERO, disc]);
            }
            DisconnectCause::Busy => {
                assert_eq!(a.peer.poll_timeout(), Some(closed[0] + 2 * TC_DEFAULT));
                sim.run_for(Duration::from_secs(3600));
                let connects = sim.side(0).times(|x| *x == Action::Connect);
                assert_eq!(ms(connects[1]) - ms(closed[0]), 2 * tc);
            }
            DisconnectCause::DoNotWantToTalkToYou => {
                assert_eq!(a.peer.poll_timeout(), None);
                sim.run_for(Duration::from_secs(3600));
                assert_eq!(sim.side(0).times(|x| *x == Action::Connect).len(), 1);
                assert_eq!(sim.state(0), State::Closed);
                // Until the application asks again.
                sim.start(0);
                sim.run_for(Duration::from_secs(1));
            }
        }
        // The stopped side still accepts connections.
        sim.run_for(Duration::from_secs(1));
        let a = sim.side(0);
        assert_eq!(a.peer.state(), State::IOpen, "{cause:?}");
        // The stopping side does not reconnect on its own.
        assert_eq!(sim.side(1).times(|x| *x == Action::Connect).len(), 0);
    }
}

#[test]
fn repeated_busy_backs_off_further() {
    let mut sim = Sim::pair("a.example", "b.example");
    sim.start(0);
    let mut delays = Vec::new();
    for _ in 0..7 {
        sim.run_for(Duration::from_secs(3000));
        assert_eq!(sim.state(0), State::IOpen);
        sim.stop(1, DisconnectCause::Busy);
        sim.run_for(Duration::from_secs(1));
        let closed = *sim
            .side(0)
            .times(|x| *x == Action::State(State::Closed))
            .last()
            .unwrap();
        delays.push((ms(sim.side(0).peer.poll_timeout().unwrap()) - ms(closed)) / 30_000);
    }
    assert_eq!(delays, [2, 4, 8, 16, 32, 32, 32]);
}

#[test]
fn graceful_stop_from_either_end() {
    for stopper in 0..2 {
        let mut sim = Sim::pair("a.example", "b.example");
        sim.start(0);
        sim.run_for(Duration::from_secs(1));
        sim.stop(stopper, DisconnectCause::DoNotWantToTalkToYou);
        assert_eq!(sim.state(stopper), State::Closing);
        assert_eq!(sim.send_app(stopper), [Action::Error(PeerError::NotOpen)]);
        sim.run_for(Duration::from_secs(1));
        // The DPR sender closes on DPA, the other side on the disconnection.
        assert_eq!((sim.state(0), sim.state(1)), (State::Closed, State::Closed));
        assert_eq!(sim.side(stopper).peer.watchdog(), WatchdogState::Initial);
        assert_eq!(sim.side(stopper).peer.poll_timeout(), None);
        let errors: Vec<Action> = sim
            .side(stopper)
            .log
            .iter()
            .map(|&(_, a)| a)
            .filter(|a| matches!(a, Action::Error(_)))
            .collect();
        assert_eq!(errors, [Action::Error(PeerError::NotOpen)]);
    }
}

#[test]
fn no_common_application_then_a_relay() {
    static S6A: [u32; 1] = [application::S6A];
    static RELAY: [u32; 1] = [application::RELAY];
    let mut sim = Sim::new(
        Config::new(identity("a.example"), 1),
        Config::new(with_apps("b.example", &S6A), 2),
    );
    sim.start(0);
    sim.run_for(Duration::from_secs(1));
    let code = rc::DIAMETER_NO_COMMON_APPLICATION;
    assert_eq!(
        last_answer_code(&sim, 1, command::CAPABILITIES_EXCHANGE),
        (code, false)
    );
    assert!(sim
        .side(0)
        .log
        .iter()
        .any(|(_, a)| *a == Action::Error(PeerError::Rejected(code))));
    assert!(sim
        .side(1)
        .log
        .iter()
        .any(|(_, a)| *a == Action::Error(PeerError::Refused(code))));
    assert_eq!((sim.state(0), sim.state(1)), (State::Closed, State::Closed));
    assert!(sim.side(1).r.is_none() && sim.side(0).i.is_none());

    let mut sim = open_pair(
        Config::new(identity("a.example"), 1),
        Config::new(with_apps("b.example", &RELAY), 2),
    );
    let remote = sim.side(0).peer.remote();
    assert_eq!(remote.applications, [application::RELAY]);
    assert!(remote.supports(application::CREDIT_CONTROL));
    sim.run_for(Duration::from_secs(1));
}

#[test]
fn unknown_peers_are_answered_3010() {
    static KNOWN: [&str; 1] = ["c.example"];
    static KNOWN_A: [&str; 2] = ["c.example", "A.Example"];
    let server = |peers| Config {
        peers,
        ..Config::new(identity("b.example"), 2)
    };
    let mut sim = Sim::new(
        Config::new(identity("a.example"), 1),
        server(PeerFilter::Only(&KNOWN)),
    );
    sim.start(0);
    sim.run_for(Duration::from_secs(1));
    let code = rc::DIAMETER_UNKNOWN_PEER;
    assert_eq!(
        last_answer_code(&sim, 1, command::CAPABILITIES_EXCHANGE),
        (code, true)
    );
    assert!(sim
        .side(0)
        .log
        .iter()
        .any(|(_, a)| *a == Action::Error(PeerError::Rejected(code))));
    assert_eq!((sim.state(0), sim.state(1)), (State::Closed, State::Closed));
    // The client keeps trying every Tc, and keeps being refused.
    sim.run_for(Duration::from_secs(95));
    assert_eq!(sim.side(0).times(|x| *x == Action::Connect).len(), 4);

    open_pair(
        Config::new(identity("a.example"), 1),
        server(PeerFilter::Only(&KNOWN_A)),
    );
}

#[test]
fn unreachable_peer_is_retried_every_tc() {
    let mut sim = Sim::pair("a.example", "b.example");
    sim.sides[1].unreachable = true;
    sim.start(0);
    sim.run_for(Duration::from_secs(100));
    let connects: Vec<u64> = sim
        .side(0)
        .times(|x| *x == Action::Connect)
        .iter()
        .map(|&t| ms(t))
        .collect();
    assert_eq!(connects, [0, 30_020, 60_040, 90_060]);
    sim.sides[1].unreachable = false;
    sim.run_for(Duration::from_secs(30));
    assert_open(&sim, 0);
}

#[test]
fn custom_timers_are_honoured() {
    // A CER must carry a Host-IP-Address (RFC 6733 §5.3.1), so the
    // identity keeps the test addresses.
    let local = identity("a.example");
    let fast = Config {
        tw: Duration::from_secs(1),
        ..Config::new(local, 1)
    };
    let mut sim = open_pair(fast, Config::new(identity("b.example"), 2));
    sim.run_for(Duration::from_secs(600));
    // Tw below 6 s is raised to 6 s: DWRs every 4 to 8 s.
    let dwrs = sim.side(0).sent_requests(command::DEVICE_WATCHDOG);
    let gaps: Vec<u64> = dwrs.windows(2).map(|w| ms(w[1]) - ms(w[0])).collect();
    assert!(gaps.iter().all(|g| (4_000..=8_100).contains(g)), "{gaps:?}");
    assert!(dwrs.len() > 600 / 8);
}
