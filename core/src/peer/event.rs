//! What happens to a peer: the events of RFC 6733 §5.6.2 as values.

use super::action::DisconnectCause;
use super::state::Conn;
use crate::dict::command;
use crate::wire::Message;

/// An event for [`Peer::handle`](super::Peer::handle) (RFC 6733 §5.6.2).
///
/// Received messages are classified by the peer (Rcv-CER, Rcv-CEA,
/// Rcv-Non-CEA, Rcv-DPR, Rcv-DPA, Rcv-DWR, Rcv-DWA, Rcv-Message);
/// Win-Election is issued internally by the election (§5.6.4).
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// The application wants a connection with the peer (Start): connect
    /// now if Closed, and reconnect every Tc after losing it.
    Start,
    /// The application wants the connection terminated (Stop); the DPR
    /// carries `cause`. The peer will not reconnect on its own.
    Stop(DisconnectCause),
    /// The initiator connection is established (I-Rcv-Conn-Ack).
    ConnAck,
    /// The initiator connection failed (I-Rcv-Conn-Nack).
    ConnNack,
    /// A new incoming connection brought this CER as its first message
    /// (R-Conn-CER, §5.6.1). Answered by [`Action::Accept`] or
    /// [`Action::Reject`](super::Action::Reject).
    ///
    /// [`Action::Accept`]: super::Action::Accept
    ConnCer(Message<'a>),
    /// A message arrived on a connection.
    Received(Conn, Message<'a>),
    /// The peer closed a connection (Peer-Disc).
    PeerDisc(Conn),
    /// [`poll_timeout`](super::Peer::poll_timeout) has passed (Timeout); an
    /// early call does nothing.
    Timeout,
    /// The application wants this message sent (Send-Message).
    Send(Message<'a>),
}

/// What a received message is, for the state machine (RFC 6733 §5.6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Cer,
    Cea,
    Dwr,
    Dwa,
    Dpr,
    Dpa,
    /// Rcv-Message: anything else.
    Other,
}

impl Kind {
    /// Classifies `msg` by command code and R bit.
    pub(crate) fn of(msg: &Message<'_>) -> Self {
        match (msg.command_code(), msg.is_request()) {
            (command::CAPABILITIES_EXCHANGE, true) => Self::Cer,
            (command::CAPABILITIES_EXCHANGE, false) => Self::Cea,
            (command::DEVICE_WATCHDOG, true) => Self::Dwr,
            (command::DEVICE_WATCHDOG, false) => Self::Dwa,
            (command::DISCONNECT_PEER, true) => Self::Dpr,
            (command::DISCONNECT_PEER, false) => Self::Dpa,
            _ => Self::Other,
        }
    }
}
