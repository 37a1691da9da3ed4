//! One connection to one peer, in the order `diameter send` needs: CER/CEA
//! (RFC 6733 §5.3), the request and its answer, DPR/DPA (§5.4), on a
//! blocking socket with one deadline for all of it. Watchdog requests that
//! come meanwhile are answered (§5.5).

use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use diameter_core::dict::{application, base, command, result_code};
use diameter_core::wire::{Address, Message, MessageWriter};

/// Who we are, and what the CER advertises.
#[derive(Debug, Clone)]
pub struct Identity<'a> {
    /// Origin-Host.
    pub host: &'a str,
    /// Origin-Realm.
    pub realm: &'a str,
    /// The application of the request.
    pub application: u32,
    /// The vendor of a vendor-specific application (advertised in a
    /// Vendor-Specific-Application-Id), 0 for an IETF one.
    pub vendor: u32,
}

/// Why no answer came.
#[derive(Debug)]
pub enum Failure {
    /// The deadline passed.
    Timeout,
    /// Connecting, the capabilities exchange or the connection failed.
    Connection(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Self::Timeout,
            _ => Self::Connection(e.to_string()),
        }
    }
}

/// An open connection to a peer, past CER/CEA.
#[derive(Debug)]
pub struct Peer<'a> {
    stream: TcpStream,
    me: Identity<'a>,
    deadline: Instant,
}

impl<'a> Peer<'a> {
    /// Connects to `address` and exchanges capabilities as `me`, all before
    /// `deadline`. The CER advertises `me`'s application and Relay (RFC
    /// 6733 §2.4), so that a peer not serving the application still opens
    /// the connection and answers the request itself (3007
    /// DIAMETER_APPLICATION_UNSUPPORTED, §7.1.3): what a tool probing a
    /// peer needs to see.
    ///
    /// # Errors
    /// The connection fails or times out, or the CEA is not a success.
    pub fn connect(
        address: SocketAddr,
        me: Identity<'a>,
        deadline: Instant,
    ) -> Result<Self, Failure> {
        let left = deadline.saturating_duration_since(Instant::now());
        let stream = TcpStream::connect_timeout(&address, left.max(Duration::from_millis(1)))
            .map_err(|e| Failure::Connection(format!("cannot connect to {address}: {e}")))?;
        stream.set_nodelay(true)?;
        let mut peer = Self {
            stream,
            me,
            deadline,
        };
        let local = peer.stream.local_addr()?.ip();
        let cer = peer.cer(local);
        let cea = peer.exchange(cer)?;
        let msg = Message::new_checked(&cea).map_err(|e| Failure::Connection(e.to_string()))?;
        match result(&msg) {
            Some(result_code::DIAMETER_SUCCESS) => Ok(peer),
            code => Err(Failure::Connection(format!(
                "{address} refused the capabilities exchange: Result-Code {}",
                code.map_or("absent".into(), |c| c.to_string())
            ))),
        }
    }

    /// Sends `request` and returns its answer (same End-to-End and
    /// Hop-by-Hop Identifiers, RFC 6733 §6.2).
    ///
    /// # Errors
    /// The deadline passes or the connection fails.
    pub fn exchange(&mut self, request: Vec<u8>) -> Result<Vec<u8>, Failure> {
        let ids = Message::new_checked(&request)
            .map(|m| (m.hop_by_hop(), m.end_to_end()))
            .map_err(|e| Failure::Connection(e.to_string()))?;
        self.stream.write_all(&request)?;
        loop {
            let bytes = self.read_message()?;
            let msg = Message::new_checked(&bytes).map_err(|e| {
                Failure::Connection(format!("malformed message from the peer: {e}"))
            })?;
            if msg.is_request() {
                self.answer_watchdog(&msg)?;
            } else if (msg.hop_by_hop(), msg.end_to_end()) == ids {
                return Ok(bytes);
            }
        }
    }

    /// Says goodbye: DPR, and its DPA if it comes before the deadline.
    pub fn disconnect(mut self) {
        let mut buf = [0u8; 512];
        let mut w = self.writer(&mut buf, command::DISCONNECT_PEER, false);
        // DO_NOT_WANT_TO_TALK_TO_YOU (RFC 6733 §5.4.3).
        w.enumerated(base::DISCONNECT_CAUSE, 2);
        if let Ok(dpr) = w.finish_bytes() {
            let _ = self.exchange(dpr.to_vec());
        }
    }

    fn cer(&self, local: IpAddr) -> Vec<u8> {
        let mut buf = [0u8; 512];
        let mut w = self.writer(&mut buf, command::CAPABILITIES_EXCHANGE, false);
        let address = match local {
            IpAddr::V4(a) => Address::V4(a),
            IpAddr::V6(a) => Address::V6(a),
        };
        w.address(base::HOST_IP_ADDRESS, address)
            .u32(base::VENDOR_ID, 0)
            .utf8(base::PRODUCT_NAME, "diameter send");
        match self.me.vendor {
            0 => w.u32(base::AUTH_APPLICATION_ID, self.me.application),
            vendor => w.u32(base::SUPPORTED_VENDOR_ID, vendor).grouped(
                base::VENDOR_SPECIFIC_APPLICATION_ID,
                |w| {
                    w.u32(base::VENDOR_ID, vendor)
                        .u32(base::AUTH_APPLICATION_ID, self.me.application);
                },
            ),
        };
        w.u32(base::AUTH_APPLICATION_ID, application::RELAY);
        w.finish_bytes().map(|m| m.to_vec()).unwrap_or_default()
    }

    /// A base-protocol request with our Origin-Host and -Realm.
    fn writer<'b>(&self, buf: &'b mut [u8], code: u32, proxiable: bool) -> MessageWriter<'b> {
        let id = getrandom::u32().unwrap_or(1);
        let mut w = MessageWriter::request(buf, code, application::COMMON, proxiable, id, id);
        w.identity(base::ORIGIN_HOST, self.me.host)
            .identity(base::ORIGIN_REALM, self.me.realm);
        w
    }

    /// Answers a DWR with DWA 2001; other requests get 3001
    /// DIAMETER_COMMAND_UNSUPPORTED (RFC 6733 §7.1.3): this tool serves nothing.
    fn answer_watchdog(&mut self, req: &Message<'_>) -> Result<(), Failure> {
        let code = match req.command_code() {
            command::DEVICE_WATCHDOG => result_code::DIAMETER_SUCCESS,
            _ => result_code::DIAMETER_COMMAND_UNSUPPORTED,
        };
        let mut buf = [0u8; 512];
        let mut w = MessageWriter::answer(&mut buf, req);
        w.u32(base::RESULT_CODE, code)
            .identity(base::ORIGIN_HOST, self.me.host)
            .identity(base::ORIGIN_REALM, self.me.realm);
        if let Ok(answer) = w.finish_bytes() {
            self.stream.write_all(answer)?;
        }
        Ok(())
    }

    /// The next message: its 20-byte header, then the rest of the length it
    /// gives (at most 2^24 - 1 bytes, RFC 6733 §3).
    fn read_message(&mut self) -> Result<Vec<u8>, Failure> {
        let mut message = vec![0u8; 20];
        self.read_exact(&mut message)?;
        let length = u32::from_be_bytes([0, message[1], message[2], message[3]]) as usize;
        if length < 20 {
            return Err(Failure::Connection(format!("bad message length {length}")));
        }
        message.resize(length, 0);
        self.read_exact(&mut message[20..])?;
        Ok(message)
    }

    fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), Failure> {
        let mut done = 0;
        while let Some(rest) = buf.get_mut(done..).filter(|r| !r.is_empty()) {
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Failure::Timeout);
            }
            self.stream.set_read_timeout(Some(left))?;
            match self.stream.read(rest) {
                Ok(0) => return Err(Failure::Connection("the peer closed the connection".into())),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

/// The Result-Code of an answer, or its Experimental-Result-Code (RFC 6733 §7.6).
pub fn result(msg: &Message<'_>) -> Option<u32> {
    msg.lookup(base::RESULT_CODE.code, 0)
        .and_then(|a| a.u32().ok())
        .or_else(|| {
            let experimental = msg.lookup(base::EXPERIMENTAL_RESULT.code, 0)?;
            (experimental.grouped().map_while(Result::ok))
                .find(|a| a.code() == base::EXPERIMENTAL_RESULT_CODE.code)
                .and_then(|a| a.u32().ok())
        })
}
