//! One case per row of the RFC 6733 §5.6 state table.
//!
//! Win-Election is issued by the election itself, so its row
//! (Wait-Returns, Win-Election → I-Disc, R-Snd-CEA → R-Open) is checked
//! through the two events that hold an election, in their winning variants.

use std::format;

use super::{shapes, Driver, Ev, HIGH, LOW, M};
use crate::peer::{
    Action, BaseMessage, Conn, DisconnectCause, Ids, PeerError, State, WatchdogState,
};

const NO_IDS: Ids = Ids {
    hop_by_hop: 0,
    end_to_end: 0,
};

const fn send(conn: Conn, msg: BaseMessage) -> Action {
    Action::Send {
        conn,
        msg,
        ids: NO_IDS,
    }
}

const CER: BaseMessage = BaseMessage::Cer;
const CEA: BaseMessage = BaseMessage::Cea {
    result_code: 2001,
    failed: None,
};
const BUSY: DisconnectCause = DisconnectCause::Busy;

const W_CONN_ACK: &[Ev] = &[Ev::Start];
const W_I_CEA: &[Ev] = &[Ev::Start, Ev::Ack];
/// Wait-Conn-Ack/Elect with a CER from a peer we win against.
const W_ELECT_WIN: &[Ev] = &[Ev::Start, Ev::Cer(LOW)];
/// Wait-Conn-Ack/Elect with a CER from a peer we lose against.
const W_ELECT_LOSE: &[Ev] = &[Ev::Start, Ev::Cer(HIGH)];
const W_RETURNS: &[Ev] = &[Ev::Start, Ev::Ack, Ev::Cer(HIGH)];
const R_OPEN: &[Ev] = &[Ev::Cer(HIGH)];
const I_OPEN: &[Ev] = &[Ev::Start, Ev::Ack, Ev::Rcv(Conn::I, M::Cea(HIGH, 2001))];
const CLOSING_I: &[Ev] = &[
    Ev::Start,
    Ev::Ack,
    Ev::Rcv(Conn::I, M::Cea(HIGH, 2001)),
    Ev::Stop(BUSY),
];
const CLOSING_R: &[Ev] = &[Ev::Cer(HIGH), Ev::Stop(BUSY)];

/// One row: in `state` (reached by `setup`), `event` leads to `next` with
/// `actions`.
struct Row {
    state: State,
    event: &'static str,
    setup: &'static [Ev],
    ev: Ev,
    next: State,
    actions: &'static [Action],
}

const fn row(
    state: State,
    event: &'static str,
    setup: &'static [Ev],
    ev: Ev,
    next: State,
    actions: &'static [Action],
) -> Row {
    Row {
        state,
        event,
        setup,
        ev,
        next,
        actions,
    }
}

use Action::{Accept, Connect, Deliver, Disconnect, Reject, Transmit};
use State::*;

const TO_R_OPEN: Action = Action::State(ROpen);
const TO_I_OPEN: Action = Action::State(IOpen);
const TO_CLOSED: Action = Action::State(Closed);
const WD_OKAY: Action = Action::Watchdog(WatchdogState::Okay);
const WD_DOWN: Action = Action::Watchdog(WatchdogState::Down);
const WD_INITIAL: Action = Action::Watchdog(WatchdogState::Initial);
const TIMEOUT: Action = Action::Error(PeerError::Timeout);

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // Closed
    row(Closed, "Start", &[], Ev::Start, WaitConnAck,
        &[Connect, Action::State(WaitConnAck)]),
    row(Closed, "R-Conn-CER", &[], Ev::Cer(HIGH), ROpen,
        &[Accept, send(Conn::R, CEA), TO_R_OPEN, WD_OKAY]),
    // Wait-Conn-Ack
    row(WaitConnAck, "I-Rcv-Conn-Ack", W_CONN_ACK, Ev::Ack, WaitICea,
        &[send(Conn::I, CER), Action::State(WaitICea)]),
    row(WaitConnAck, "I-Rcv-Conn-Nack", W_CONN_ACK, Ev::Nack, Closed,
        &[TO_CLOSED]),
    row(WaitConnAck, "R-Conn-CER", W_CONN_ACK, Ev::Cer(HIGH), WaitConnAckElect,
        &[Accept, Action::State(WaitConnAckElect)]),
    row(WaitConnAck, "Timeout", W_CONN_ACK, Ev::Timeout, Closed,
        &[TIMEOUT, Disconnect(Conn::I), TO_CLOSED]),
    // Wait-I-CEA
    row(WaitICea, "I-Rcv-CEA", W_I_CEA, Ev::Rcv(Conn::I, M::Cea(HIGH, 2001)), IOpen,
        &[TO_I_OPEN, WD_OKAY]),
    row(WaitICea, "R-Conn-CER (election lost)", W_I_CEA, Ev::Cer(HIGH), WaitReturns,
        &[Accept, Action::State(WaitReturns)]),
    row(WaitICea, "R-Conn-CER (election won: Win-Election)", W_I_CEA, Ev::Cer(LOW), ROpen,
        &[Accept, Disconnect(Conn::I), send(Conn::R, CEA), TO_R_OPEN, WD_OKAY]),
    row(WaitICea, "I-Peer-Disc", W_I_CEA, Ev::Disc(Conn::I), Closed,
        &[Disconnect(Conn::I), TO_CLOSED]),
    row(WaitICea, "I-Rcv-Non-CEA", W_I_CEA, Ev::Rcv(Conn::I, M::Dwr), Closed,
        &[Action::Error(PeerError::NonCea), Disconnect(Conn::I), TO_CLOSED]),
    row(WaitICea, "Timeout", W_I_CEA, Ev::Timeout, Closed,
        &[TIMEOUT, Disconnect(Conn::I), TO_CLOSED]),
    // Wait-Conn-Ack/Elect
    row(WaitConnAckElect, "I-Rcv-Conn-Ack (election lost)", W_ELECT_LOSE, Ev::Ack, WaitReturns,
        &[send(Conn::I, CER), Action::State(WaitReturns)]),
    row(WaitConnAckElect, "I-Rcv-Conn-Ack (election won: Win-Election)", W_ELECT_WIN, Ev::Ack, ROpen,
        &[send(Conn::I, CER), Disconnect(Conn::I), send(Conn::R, CEA), TO_R_OPEN, WD_OKAY]),
    row(WaitConnAckElect, "I-Rcv-Conn-Nack", W_ELECT_LOSE, Ev::Nack, ROpen,
        &[send(Conn::R, CEA), TO_R_OPEN, WD_OKAY]),
    row(WaitConnAckElect, "R-Peer-Disc", W_ELECT_LOSE, Ev::Disc(Conn::R), WaitConnAck,
        &[Disconnect(Conn::R), Action::State(WaitConnAck)]),
    row(WaitConnAckElect, "R-Conn-CER", W_ELECT_LOSE, Ev::Cer(HIGH), WaitConnAckElect,
        &[Reject]),
    row(WaitConnAckElect, "Timeout", W_ELECT_LOSE, Ev::Timeout, Closed,
        &[TIMEOUT, Disconnect(Conn::I), Disconnect(Conn::R), TO_CLOSED]),
    // Wait-Returns
    row(WaitReturns, "I-Peer-Disc", W_RETURNS, Ev::Disc(Conn::I), ROpen,
        &[Disconnect(Conn::I), send(Conn::R, CEA), TO_R_OPEN, WD_OKAY]),
    row(WaitReturns, "I-Rcv-CEA", W_RETURNS, Ev::Rcv(Conn::I, M::Cea(HIGH, 2001)), IOpen,
        &[Disconnect(Conn::R), TO_I_OPEN, WD_OKAY]),
    row(WaitReturns, "R-Peer-Disc", W_RETURNS, Ev::Disc(Conn::R), WaitICea,
        &[Disconnect(Conn::R), Action::State(WaitICea)]),
    row(WaitReturns, "R-Conn-CER", W_RETURNS, Ev::Cer(HIGH), WaitReturns,
        &[Reject]),
    row(WaitReturns, "Timeout", W_RETURNS, Ev::Timeout, Closed,
        &[TIMEOUT, Disconnect(Conn::I), Disconnect(Conn::R), TO_CLOSED]),
    // R-Open
    row(ROpen, "Send-Message", R_OPEN, Ev::Send, ROpen,
        &[Transmit(Conn::R)]),
    row(ROpen, "R-Rcv-Message", R_OPEN, Ev::Rcv(Conn::R, M::App), ROpen,
        &[Deliver]),
    row(ROpen, "R-Rcv-DWR", R_OPEN, Ev::Rcv(Conn::R, M::Dwr), ROpen,
        &[send(Conn::R, BaseMessage::Dwa { result_code: 2001 })]),
    row(ROpen, "R-Rcv-DWA", R_OPEN, Ev::Rcv(Conn::R, M::Dwa), ROpen,
        &[]),
    row(ROpen, "R-Conn-CER", R_OPEN, Ev::Cer(HIGH), ROpen,
        &[Reject]),
    row(ROpen, "Stop", R_OPEN, Ev::Stop(BUSY), Closing,
        &[send(Conn::R, BaseMessage::Dpr { cause: BUSY }), Action::State(Closing), WD_INITIAL]),
    row(ROpen, "R-Rcv-DPR", R_OPEN, Ev::Rcv(Conn::R, M::Dpr(BUSY)), Closing,
        &[send(Conn::R, BaseMessage::Dpa { result_code: 2001 }), Action::State(Closing), WD_INITIAL]),
    row(ROpen, "R-Peer-Disc", R_OPEN, Ev::Disc(Conn::R), Closed,
        &[Disconnect(Conn::R), TO_CLOSED, WD_DOWN]),
    // I-Open
    row(IOpen, "Send-Message", I_OPEN, Ev::Send, IOpen,
        &[Transmit(Conn::I)]),
    row(IOpen, "I-Rcv-Message", I_OPEN, Ev::Rcv(Conn::I, M::App), IOpen,
        &[Deliver]),
    row(IOpen, "I-Rcv-DWR", I_OPEN, Ev::Rcv(Conn::I, M::Dwr), IOpen,
        &[send(Conn::I, BaseMessage::Dwa { result_code: 2001 })]),
    row(IOpen, "I-Rcv-DWA", I_OPEN, Ev::Rcv(Conn::I, M::Dwa), IOpen,
        &[]),
    row(IOpen, "R-Conn-CER", I_OPEN, Ev::Cer(HIGH), IOpen,
        &[Reject]),
    row(IOpen, "Stop", I_OPEN, Ev::Stop(BUSY), Closing,
        &[send(Conn::I, BaseMessage::Dpr { cause: BUSY }), Action::State(Closing), WD_INITIAL]),
    row(IOpen, "I-Rcv-DPR", I_OPEN, Ev::Rcv(Conn::I, M::Dpr(BUSY)), Closing,
        &[send(Conn::I, BaseMessage::Dpa { result_code: 2001 }), Action::State(Closing), WD_INITIAL]),
    row(IOpen, "I-Peer-Disc", I_OPEN, Ev::Disc(Conn::I), Closed,
        &[Disconnect(Conn::I), TO_CLOSED, WD_DOWN]),
    // Closing
    row(Closing, "I-Rcv-DPA", CLOSING_I, Ev::Rcv(Conn::I, M::Dpa), Closed,
        &[Disconnect(Conn::I), TO_CLOSED]),
    row(Closing, "R-Rcv-DPA", CLOSING_R, Ev::Rcv(Conn::R, M::Dpa), Closed,
        &[Disconnect(Conn::R), TO_CLOSED]),
    row(Closing, "Timeout", CLOSING_I, Ev::Timeout, Closed,
        &[TIMEOUT, Disconnect(Conn::I), TO_CLOSED]),
    row(Closing, "I-Peer-Disc", CLOSING_I, Ev::Disc(Conn::I), Closed,
        &[Disconnect(Conn::I), TO_CLOSED]),
    row(Closing, "R-Peer-Disc", CLOSING_R, Ev::Disc(Conn::R), Closed,
        &[Disconnect(Conn::R), TO_CLOSED]),
];

#[test]
fn every_row_of_the_state_table() {
    for r in ROWS {
        let name = format!("{} + {}", r.state, r.event);
        let mut d = Driver::after(r.setup);
        assert_eq!(d.peer.state(), r.state, "{name}: setup");
        let actions = d.apply(r.ev);
        assert_eq!(shapes(&actions), r.actions, "{name}: actions");
        assert_eq!(d.peer.state(), r.next, "{name}: next state");
    }
}

#[test]
fn the_table_names_every_state_and_event() {
    let mut states: std::vec::Vec<State> = ROWS.iter().map(|r| r.state).collect();
    states.dedup();
    assert_eq!(
        states,
        [
            Closed,
            WaitConnAck,
            WaitICea,
            WaitConnAckElect,
            WaitReturns,
            ROpen,
            IOpen,
            Closing
        ]
    );
    let names: std::vec::Vec<std::string::String> = states
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        names,
        [
            "Closed",
            "Wait-Conn-Ack",
            "Wait-I-CEA",
            "Wait-Conn-Ack/Elect",
            "Wait-Returns",
            "R-Open",
            "I-Open",
            "Closing"
        ]
    );
    // The RFC's table has 43 rows; Win-Election appears as the winning
    // variants of its two elections, which adds one.
    assert_eq!(ROWS.len(), 44);
}
