//! The wire format: parse in place, encode into caller buffers (RFC 6733 §3, §4).
//!
//! - [`Message::new_checked`] views a message over borrowed bytes after
//!   checking its header lengths once;
//! - [`AvpIter`] walks AVPs (and, through [`Avp::grouped`], Grouped AVPs)
//!   yielding `Result`s and stopping at the first malformed one;
//!   [`AvpIter::walk`] visits a whole tree depth-first;
//! - [`Avp`] accessors decode the typed data of RFC 6733 §4.2/§4.3 as
//!   borrowed views or plain values;
//! - [`frame_len`] finds message boundaries in a stream;
//! - [`MessageWriter`] encodes into a `&mut [u8]` or an `embedded_io::Write`.
//!
//! Emit, then parse:
//!
//! ```
//! use diameter_core::wire::{AvpHead, Message, MessageWriter};
//!
//! let mut buf = [0u8; 256];
//! let mut w = MessageWriter::request(&mut buf, 272, 4, true, 1, 2);
//! w.utf8(AvpHead::mandatory(263), "gw.example.com;1;1")
//!     .grouped(AvpHead::mandatory(456), |w| {
//!         w.u32(AvpHead::mandatory(432), 32);
//!     });
//! let len = w.finish().unwrap();
//!
//! let msg = Message::new_checked(&buf[..len]).unwrap();
//! assert!(msg.is_request() && msg.is_proxiable());
//! let mscc = msg.lookup(456, 0).unwrap();
//! assert_eq!(mscc.lookup(432, 0).unwrap().u32(), Ok(32));
//! assert_eq!(msg.avps().count(), 2);
//! ```

mod avp;
mod data;
mod error;
mod frame;
mod header;
mod message;
mod writer;

pub use avp::{avp_flags, padded, Avp, AvpIter, AVP_HEADER_LEN, AVP_VENDOR_HEADER_LEN};
pub use data::{
    address_family, Address, DataType, DiameterUri, FilterAction, FilterDirection, IpFilterRule,
    Time, UriProtocol, UriTransport, Value,
};
pub use error::{Error, ErrorKind, Result};
pub use frame::{frame_len, frame_need, FrameError, Need, Status};
pub use header::{flags, Header, HEADER_LEN, MAX_MESSAGE_LEN, VERSION};
pub use message::Message;
pub use writer::{AvpHead, MessageWriter, WriteError};

#[cfg(test)]
mod tests;
