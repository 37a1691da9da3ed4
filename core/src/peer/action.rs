//! What the peer asks its driver to do: values, so tests compare values.

use super::state::{Conn, State};
use super::watchdog::WatchdogState;
use crate::validate::FailedAvp;
use crate::wire::Message;

/// Most actions one call to [`Peer::handle`](super::Peer::handle) returns.
///
/// No event needs more than six; the property tests check that the list
/// never fills up, so no action is ever dropped.
pub const MAX_ACTIONS: usize = 8;

/// The actions of one event, in the order they must be carried out.
pub type Actions = heapless::Vec<Action, MAX_ACTIONS>;

/// One thing for the driver to do (RFC 6733 §5.6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Action {
    /// Open the initiator connection (Snd-Conn-Req); answer with
    /// [`Event::ConnAck`](super::Event::ConnAck) or
    /// [`Event::ConnNack`](super::Event::ConnNack).
    Connect,
    /// Keep the connection that brought the R-Conn-CER as the responder
    /// connection (Accept).
    Accept,
    /// Close the connection that brought the R-Conn-CER without keeping it
    /// (Reject).
    Reject,
    /// Close a connection and free its resources (Disc, Error, Cleanup).
    Disconnect(Conn),
    /// Write a base protocol message with [`write_base`](super::write_base)
    /// and send it on a connection.
    Send {
        /// Where to send it.
        conn: Conn,
        /// What to send.
        msg: BaseMessage,
        /// Its identifiers: allocated by the peer for requests, copied from
        /// the request for answers.
        ids: Ids,
    },
    /// Send the application message of the
    /// [`Event::Send`](super::Event::Send) being handled on this connection
    /// (Snd-Message).
    Transmit(Conn),
    /// Hand the message of the [`Event::Received`](super::Event::Received)
    /// being handled to the application (Process).
    Deliver,
    /// The state machine entered this state.
    State(State),
    /// The RFC 3539 watchdog entered this state: SUSPECT and DOWN mean
    /// failover, OKAY after them means failback.
    Watchdog(WatchdogState),
    /// Something went wrong; the other actions already say what follows.
    Error(PeerError),
}

/// A base protocol message to send (RFC 6733 §5.3 – §5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum BaseMessage {
    /// Capabilities-Exchange-Request (§5.3.1).
    Cer,
    /// Capabilities-Exchange-Answer (§5.3.2).
    Cea {
        /// Result-Code; a 3xxx code sets the E bit.
        result_code: u32,
        /// The AVP of the CER at fault, sent in a Failed-AVP (RFC 6733
        /// §5.3.2, §7.5) when the CER broke its command grammar.
        failed: Option<FailedAvp>,
    },
    /// Device-Watchdog-Request (§5.5.1).
    Dwr,
    /// Device-Watchdog-Answer (§5.5.2).
    Dwa {
        /// Result-Code.
        result_code: u32,
    },
    /// Disconnect-Peer-Request (§5.4.1).
    Dpr {
        /// Why this node disconnects.
        cause: DisconnectCause,
    },
    /// Disconnect-Peer-Answer (§5.4.2).
    Dpa {
        /// Result-Code.
        result_code: u32,
    },
}

/// The Hop-by-Hop and End-to-End Identifiers of a message (RFC 6733 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Ids {
    /// Hop-by-Hop Identifier.
    pub hop_by_hop: u32,
    /// End-to-End Identifier.
    pub end_to_end: u32,
}

impl Ids {
    /// The identifiers of `msg`, which its answer repeats (RFC 6733 §6.2).
    pub fn of(msg: &Message<'_>) -> Self {
        Self {
            hop_by_hop: msg.hop_by_hop(),
            end_to_end: msg.end_to_end(),
        }
    }
}

/// Disconnect-Cause values (RFC 6733 §5.4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum DisconnectCause {
    /// A scheduled reboot is imminent: the receiver reconnects at once.
    Rebooting = 0,
    /// The sender's resources are constrained: the receiver backs off.
    Busy = 1,
    /// The sender sees no need for the connection: the receiver does not
    /// reconnect on its own.
    DoNotWantToTalkToYou = 2,
}

impl DisconnectCause {
    /// The cause with wire value `v`.
    pub const fn from_value(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::Rebooting),
            1 => Some(Self::Busy),
            2 => Some(Self::DoNotWantToTalkToYou),
            _ => None,
        }
    }
}

/// What went wrong, reported with [`Action::Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum PeerError {
    /// Send-Message outside I-Open and R-Open: nothing was sent.
    NotOpen,
    /// A request to send while the watchdog does not trust the peer
    /// (SUSPECT or REOPEN, RFC 3539 §3.4): nothing was sent.
    NotAvailable,
    /// An event the current state has no transition for; it was ignored.
    Unexpected,
    /// The timer of an intermediate state expired (Timeout → Error).
    Timeout,
    /// A message other than a CEA arrived while waiting for the CEA
    /// (Rcv-Non-CEA → Error).
    NonCea,
    /// The peer's CEA failed with this Result-Code, or was unusable: 5005
    /// or 5004 when malformed, 5010 when no application is common, 5017
    /// when it offers none of our Inband-Security-Id values.
    Rejected(u32),
    /// The peer's CER was refused with this Result-Code (3010 unknown
    /// peer, 5010 no common application, 5017 no common security, or the Result-Code of the
    /// violation of its command grammar, RFC 6733 §5.3.1: 5005, 5004,
    /// 5009, 5001, 3008, ...).
    Refused(u32),
}
