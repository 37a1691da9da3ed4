//! The transitions of the RFC 6733 §5.6 table, one method per event.

use super::action::{Action, Actions, BaseMessage, DisconnectCause, Ids, PeerError};
use super::cer::{check_origin, process_cea, process_cer};
use super::election::wins_election;
use super::event::{Event, Kind};
use super::state::{Conn, State};
use super::watchdog::{Step, TW_JITTER};
use super::{emit, Peer, MAX_BUSY_BACKOFF};
use crate::dict::{base, result_code as rc};
use crate::wire::Message;

impl Peer<'_> {
    pub(super) fn dispatch(&mut self, event: Event<'_>, out: &mut Actions) {
        match event {
            Event::Start => self.start(out),
            Event::Stop(cause) => self.stop(cause, out),
            Event::ConnAck => self.conn_ack(out),
            Event::ConnNack => self.conn_nack(out),
            Event::ConnCer(msg) => self.conn_cer(&msg, out),
            Event::Received(conn, msg) => self.received(conn, &msg, out),
            Event::PeerDisc(conn) => self.peer_disc(conn, out),
            Event::Timeout => self.timeout(out),
            Event::Send(msg) => self.send_message(&msg, out),
        }
    }

    /// Start: Closed → I-Snd-Conn-Req → Wait-Conn-Ack; elsewhere only
    /// remembers that the connection is wanted.
    fn start(&mut self, out: &mut Actions) {
        self.wanted = true;
        if self.state == State::Closed {
            self.connect(out);
        }
    }

    /// Stop: in I-Open/R-Open Snd-DPR → Closing; in an intermediate state
    /// Cleanup → Closed; in Closed cancels the reconnection.
    fn stop(&mut self, cause: DisconnectCause, out: &mut Actions) {
        self.wanted = false;
        match self.state {
            State::Closed => self.deadline = None,
            State::ROpen | State::IOpen => {
                self.request(self.conn, BaseMessage::Dpr { cause }, out);
                self.closing();
            }
            State::Closing => {}
            _ => self.error(out),
        }
    }

    /// I-Rcv-Conn-Ack.
    fn conn_ack(&mut self, out: &mut Actions) {
        match self.state {
            State::WaitConnAck => {
                self.request(Conn::I, BaseMessage::Cer, out);
                self.wait(State::WaitICea);
            }
            State::WaitConnAckElect => {
                self.request(Conn::I, BaseMessage::Cer, out);
                self.wait(State::WaitReturns);
                self.elect(out);
            }
            _ => unexpected(out),
        }
    }

    /// I-Rcv-Conn-Nack.
    fn conn_nack(&mut self, out: &mut Actions) {
        match self.state {
            State::WaitConnAck => self.closed(out),
            State::WaitConnAckElect => self.answer_responder(out),
            _ => unexpected(out),
        }
    }

    /// R-Conn-CER: R-Accept and Process-CER where the responder connection
    /// is free, R-Reject elsewhere. A refused CER is answered with its
    /// Result-Code and disconnected (RFC 6733 §5.3).
    fn conn_cer(&mut self, cer: &Message<'_>, out: &mut Actions) {
        if Kind::of(cer) != Kind::Cer {
            emit(out, Action::Reject);
            unexpected(out);
            return;
        }
        if !matches!(
            self.state,
            State::Closed | State::WaitConnAck | State::WaitICea
        ) {
            emit(out, Action::Reject);
            return;
        }
        emit(out, Action::Accept);
        let ids = Ids::of(cer);
        let remote = match process_cer(
            cer,
            &self.config.local,
            &self.config.peers,
            self.config.cer_grammar,
        ) {
            Ok(remote) => remote,
            Err((code, failed)) => {
                let cea = BaseMessage::Cea {
                    result_code: code,
                    failed,
                };
                send(Conn::R, cea, ids, out);
                emit(out, Action::Disconnect(Conn::R));
                emit(out, Action::Error(PeerError::Refused(code)));
                return;
            }
        };
        self.remote = remote;
        self.r_cer = ids;
        match self.state {
            State::Closed => self.answer_responder(out),
            State::WaitConnAck => self.wait(State::WaitConnAckElect),
            _ => {
                self.wait(State::WaitReturns);
                self.elect(out);
            }
        }
    }

    /// Elect (RFC 6733 §5.6.4): Win-Election → I-Disc, R-Snd-CEA → R-Open;
    /// a lost election stays in Wait-Returns.
    fn elect(&mut self, out: &mut Actions) {
        if wins_election(self.config.local.origin_host, &self.remote.origin_host) {
            emit(out, Action::Disconnect(Conn::I));
            self.answer_responder(out);
        }
    }

    /// R-Snd-CEA with success for the waiting CER, then R-Open.
    fn answer_responder(&mut self, out: &mut Actions) {
        let cea = BaseMessage::Cea {
            result_code: rc::DIAMETER_SUCCESS,
            failed: None,
        };
        send(Conn::R, cea, self.r_cer, out);
        self.open(Conn::R, out);
    }

    /// A message on a connection: Rcv-CEA, Rcv-Non-CEA, Rcv-DWR, Rcv-DWA,
    /// Rcv-DPR, Rcv-DPA or Rcv-Message by state.
    fn received(&mut self, conn: Conn, msg: &Message<'_>, out: &mut Actions) {
        if !self.connections().contains(&conn) {
            unexpected(out);
            return;
        }
        let kind = Kind::of(msg);
        match (self.state, conn) {
            (State::WaitICea, Conn::I) => match self.process_cea(kind, msg) {
                Ok(()) => self.open(Conn::I, out),
                Err(error) => {
                    emit(out, Action::Error(error));
                    emit(out, Action::Disconnect(Conn::I));
                    self.closed(out);
                }
            },
            (State::WaitReturns, Conn::I) => match self.process_cea(kind, msg) {
                Ok(()) => {
                    emit(out, Action::Disconnect(Conn::R));
                    self.open(Conn::I, out);
                }
                // The initiator connection is unusable: as I-Peer-Disc.
                Err(error) => {
                    emit(out, Action::Error(error));
                    emit(out, Action::Disconnect(Conn::I));
                    self.answer_responder(out);
                }
            },
            (State::ROpen | State::IOpen, _) => self.open_received(kind, msg, out),
            (State::Closing, _) => match kind {
                Kind::Dpa => {
                    emit(out, Action::Disconnect(conn));
                    self.closed(out);
                }
                Kind::Dpr => {
                    self.answer_dpr(msg, out);
                }
                _ => unexpected(out),
            },
            _ => unexpected(out),
        }
    }

    /// Process-CEA for the message awaited on the initiator connection,
    /// recording the peer on success.
    fn process_cea(&mut self, kind: Kind, msg: &Message<'_>) -> Result<(), PeerError> {
        if kind != Kind::Cea {
            return Err(PeerError::NonCea);
        }
        self.remote = process_cea(msg, &self.config.local).map_err(PeerError::Rejected)?;
        Ok(())
    }

    /// A message in I-Open or R-Open: the watchdog hears it, then
    /// Process-DWR/Snd-DWA, Process-DWA, Snd-DPA → Closing (for a valid
    /// DPR), or Process.
    fn open_received(&mut self, kind: Kind, msg: &Message<'_>, out: &mut Actions) {
        let step = self.watchdog.received(kind == Kind::Dwa);
        self.watchdog_step(step, out);
        match kind {
            Kind::Dwr => {
                let result_code = check_origin(msg).err().unwrap_or(rc::DIAMETER_SUCCESS);
                send(
                    self.conn,
                    BaseMessage::Dwa { result_code },
                    Ids::of(msg),
                    out,
                );
            }
            Kind::Dwa => {}
            // An invalid DPR (no Origin-Host, Origin-Realm or
            // Disconnect-Cause, RFC 6733 §5.4.1) is answered with the error
            // and otherwise ignored: the connection stays open, watchdog
            // running, messages delivered. §5.4 leaves the disconnect to
            // the DPR's sender once it has the DPA; a rejected DPR tells it
            // nothing about reconnecting, so we neither close nor record a
            // cause, and a transport closure that follows is Peer-Disc.
            Kind::Dpr => {
                if self.answer_dpr(msg, out) {
                    self.closing();
                }
            }
            Kind::Other => emit(out, Action::Deliver),
            Kind::Cer | Kind::Cea | Kind::Dpa => unexpected(out),
        }
    }

    /// Snd-DPA for a DPR, and what its Disconnect-Cause means for
    /// reconnecting (RFC 6733 §5.4.3): at once after REBOOTING, backing off
    /// after BUSY, not on our own after DO_NOT_WANT_TO_TALK_TO_YOU.
    /// Whether the DPR was valid, answered with success.
    fn answer_dpr(&mut self, dpr: &Message<'_>, out: &mut Actions) -> bool {
        let cause = dpr
            .lookup(base::DISCONNECT_CAUSE.code, 0)
            .map(|avp| avp.enumerated().ok().and_then(DisconnectCause::from_value));
        let result_code = match (check_origin(dpr), cause) {
            (Err(code), _) => code,
            (Ok(()), None) => rc::DIAMETER_MISSING_AVP,
            (Ok(()), Some(None)) => rc::DIAMETER_INVALID_AVP_VALUE,
            (Ok(()), Some(Some(cause))) => {
                self.reboot = cause == DisconnectCause::Rebooting;
                self.busy = match cause {
                    DisconnectCause::Busy => (self.busy + 1).min(MAX_BUSY_BACKOFF),
                    _ => 0,
                };
                if cause == DisconnectCause::DoNotWantToTalkToYou {
                    self.wanted = false;
                }
                rc::DIAMETER_SUCCESS
            }
        };
        send(
            self.conn,
            BaseMessage::Dpa { result_code },
            Ids::of(dpr),
            out,
        );
        result_code == rc::DIAMETER_SUCCESS
    }

    /// Peer-Disc on a connection.
    fn peer_disc(&mut self, conn: Conn, out: &mut Actions) {
        match (self.state, conn) {
            (State::WaitICea | State::IOpen, Conn::I) | (State::ROpen, Conn::R) => {
                emit(out, Action::Disconnect(conn));
                self.closed(out);
            }
            (State::Closing, _) if conn == self.conn => {
                emit(out, Action::Disconnect(conn));
                self.closed(out);
            }
            (State::WaitConnAckElect, Conn::R) => {
                emit(out, Action::Disconnect(Conn::R));
                self.wait(State::WaitConnAck);
            }
            (State::WaitReturns, Conn::I) => {
                emit(out, Action::Disconnect(Conn::I));
                self.answer_responder(out);
            }
            (State::WaitReturns, Conn::R) => {
                emit(out, Action::Disconnect(Conn::R));
                self.wait(State::WaitICea);
            }
            _ => unexpected(out),
        }
    }

    /// Timeout: reconnect after Tc in Closed, the watchdog's Tw in the
    /// open states, Error → Closed elsewhere. Early calls do nothing.
    fn timeout(&mut self, out: &mut Actions) {
        if self.deadline.is_none_or(|d| self.now < d) {
            return;
        }
        match self.state {
            State::Closed => self.connect(out),
            State::ROpen | State::IOpen => {
                let step = self.watchdog.elapsed();
                self.watchdog_step(step, out);
            }
            _ => {
                emit(out, Action::Error(PeerError::Timeout));
                self.error(out);
            }
        }
    }

    /// Send-Message: Snd-Message in the open states. Requests also need a
    /// watchdog in OKAY (RFC 3539 §3.4: no new requests to a suspect peer).
    fn send_message(&self, msg: &Message<'_>, out: &mut Actions) {
        let error = if !self.state.is_open() {
            PeerError::NotOpen
        } else if msg.is_request() && !self.is_available() {
            PeerError::NotAvailable
        } else {
            emit(out, Action::Transmit(self.conn));
            return;
        };
        emit(out, Action::Error(error));
    }

    /// The connections that exist in the current state (a connection
    /// being opened included).
    fn connections(&self) -> &'static [Conn] {
        match self.state {
            State::Closed => &[],
            State::WaitConnAck | State::WaitICea | State::IOpen => &[Conn::I],
            State::WaitConnAckElect | State::WaitReturns => &[Conn::I, Conn::R],
            State::ROpen => &[Conn::R],
            State::Closing => match self.conn {
                Conn::I => &[Conn::I],
                Conn::R => &[Conn::R],
            },
        }
    }

    /// Snd-Conn-Req → Wait-Conn-Ack.
    fn connect(&mut self, out: &mut Actions) {
        emit(out, Action::Connect);
        self.wait(State::WaitConnAck);
    }

    /// Enters an intermediate state and starts its timer.
    fn wait(&mut self, state: State) {
        self.state = state;
        self.deadline = Some(self.now + self.config.response_timeout);
    }

    /// Enters I-Open or R-Open on `conn`: OnConnectionUp of the watchdog.
    fn open(&mut self, conn: Conn, out: &mut Actions) {
        self.state = match conn {
            Conn::I => State::IOpen,
            Conn::R => State::ROpen,
        };
        self.conn = conn;
        let step = self.watchdog.up();
        self.watchdog_step(step, out);
    }

    /// Leaves an open state gracefully for Closing.
    fn closing(&mut self) {
        if self.state.is_open() {
            self.watchdog.down(false);
        }
        self.wait(State::Closing);
    }

    /// Error: disconnects every connection of the state, then Closed.
    fn error(&mut self, out: &mut Actions) {
        for &conn in self.connections() {
            emit(out, Action::Disconnect(conn));
        }
        self.closed(out);
    }

    /// Enters Closed. Leaving an open state this way is a failure for the
    /// watchdog (DOWN). A wanted connection is retried after Tc × 2^busy,
    /// or at once after the peer rebooted.
    fn closed(&mut self, out: &mut Actions) {
        if self.state.is_open() {
            self.watchdog.down(true);
            self.busy = 0;
        }
        self.state = State::Closed;
        self.deadline = None;
        let reboot = core::mem::take(&mut self.reboot);
        if !self.wanted {
            return;
        }
        if reboot {
            self.connect(out);
        } else {
            let backoff = self.config.tc.saturating_mul(1 << self.busy);
            self.deadline = Some(self.now + backoff);
        }
    }

    /// Carries out what the watchdog asked.
    fn watchdog_step(&mut self, step: Step, out: &mut Actions) {
        if step.send_dwr {
            self.request(self.conn, BaseMessage::Dwr, out);
        }
        if step.rearm {
            let tw = self.rng.jitter(self.config.tw, TW_JITTER);
            self.deadline = Some(self.now + tw);
        }
        if step.close {
            emit(out, Action::Disconnect(self.conn));
            self.closed(out);
        }
    }

    /// Sends a request of ours with fresh identifiers.
    fn request(&mut self, conn: Conn, msg: BaseMessage, out: &mut Actions) {
        self.next_id = self.next_id.wrapping_add(1);
        let secs = (self.now.as_millis() / 1000) as u32;
        let ids = Ids {
            hop_by_hop: self.next_id,
            end_to_end: (secs << 20) | (self.next_id & 0x000f_ffff),
        };
        send(conn, msg, ids, out);
    }
}

/// An event the state has no transition for.
fn unexpected(out: &mut Actions) {
    emit(out, Action::Error(PeerError::Unexpected));
}

/// Sends a base message with the given identifiers.
fn send(conn: Conn, msg: BaseMessage, ids: Ids, out: &mut Actions) {
    emit(out, Action::Send { conn, msg, ids });
}
