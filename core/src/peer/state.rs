//! The states of the RFC 6733 §5.6 peer state machine and the two
//! connections it distinguishes.

use core::fmt;

/// A state of the peer state machine (RFC 6733 §5.6).
///
/// Closed, I-Open and R-Open are stable; the others are intermediate and
/// guarded by a timer. [`Display`](fmt::Display) prints the RFC's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum State {
    /// No connection.
    Closed,
    /// The initiator connection is being opened.
    WaitConnAck,
    /// CER sent on the initiator connection, waiting for its CEA.
    WaitICea,
    /// The initiator connection is being opened while a CER arrived on a
    /// responder connection: an election follows the connection (§5.6.4).
    WaitConnAckElect,
    /// Both connections exist; the election was lost, waiting for the CEA
    /// on the initiator connection or for the peer to close one of them.
    WaitReturns,
    /// Open on the responder connection.
    ROpen,
    /// Open on the initiator connection.
    IOpen,
    /// DPR sent or answered; waiting for the connection to end.
    Closing,
}

impl State {
    /// Whether this is I-Open or R-Open.
    pub const fn is_open(self) -> bool {
        matches!(self, Self::ROpen | Self::IOpen)
    }

    /// The RFC's spelling of the state.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Closed => "Closed",
            Self::WaitConnAck => "Wait-Conn-Ack",
            Self::WaitICea => "Wait-I-CEA",
            Self::WaitConnAckElect => "Wait-Conn-Ack/Elect",
            Self::WaitReturns => "Wait-Returns",
            Self::ROpen => "R-Open",
            Self::IOpen => "I-Open",
            Self::Closing => "Closing",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One of the two transport connections RFC 6733 §5.6 distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Conn {
    /// The initiator connection: the one this node opened ("I-").
    I,
    /// The responder connection: the one the peer opened and this node
    /// accepted ("R-").
    R,
}
