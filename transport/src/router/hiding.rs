//! Topology hiding by a proxy agent (RFC 6733 §2.8.2 lets a proxy modify
//! what it forwards): the host names of the proxy's own realm, its inner
//! network, are given to the peers of other realms as pseudonyms.
//!
//! A pseudonym is `h` and 16 hex digits of HMAC-SHA256 over the lower-case
//! host name, keyed with the node's [`HidingKey`], in the proxy's realm:
//! the same for every event loop, and for every proxy given the same key,
//! with no table to share for giving it. Taking it back (a request from
//! outside naming it in Destination-Host) needs the node's table of the
//! pseudonyms given ([`Directory::hide`]); each loop keeps its own copy of
//! the names it gave, so that hiding a host costs no lock once it is known.

use std::collections::HashMap;

use diameter_core::dict::base;
use diameter_core::wire::{padded, AvpHead, Message, MessageWriter};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::HidingKey;
use crate::directory::Directory;

/// Most host names an event loop remembers the pseudonyms of; past it the
/// loop forgets them all and computes them again as they come.
const MAX_NAMES: usize = 4096;

/// The identity AVPs that name hosts of the network a message crossed.
const HOST_AVPS: [u32; 4] = [
    base::ORIGIN_HOST.code,
    base::ERROR_REPORTING_HOST.code,
    base::ROUTE_RECORD.code,
    base::DESTINATION_HOST.code,
];

/// One event loop's side of topology hiding.
pub(crate) struct Hider {
    key: HidingKey,
    realm: String,
    /// Pseudonyms given, by lower-case host name.
    names: HashMap<String, String>,
}

impl Hider {
    /// Hiding the hosts of `realm` with `key`.
    pub(crate) fn new(key: HidingKey, realm: &str) -> Self {
        Self {
            key,
            realm: realm.to_owned(),
            names: HashMap::new(),
        }
    }

    /// Whether `realm` is the inner network's.
    pub(crate) fn is_inner(&self, realm: &str) -> bool {
        realm.eq_ignore_ascii_case(&self.realm)
    }

    /// The pseudonym of `host`, recorded in `directory` so that a request
    /// naming it can be sent to `host`.
    pub(crate) fn pseudonym(&mut self, host: &str, directory: &Directory) -> String {
        let lower = host.to_ascii_lowercase();
        if let Some(name) = self.names.get(&lower) {
            return name.clone();
        }
        let name = pseudonym(&self.key, &lower, &self.realm);
        directory.hide(&name, host);
        if self.names.len() >= MAX_NAMES {
            self.names.clear();
        }
        self.names.insert(lower, name.clone());
        name
    }
}

/// `h` and the first 8 bytes, in hex, of HMAC-SHA256(`key`, `host`), in
/// `realm`.
fn pseudonym(key: &HidingKey, host: &str, realm: &str) -> String {
    use std::fmt::Write as _;
    let mut name = String::with_capacity(18 + realm.len());
    name.push('h');
    if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&key.0) {
        mac.update(host.as_bytes());
        for b in mac.finalize().into_bytes().iter().take(8) {
            let _ = write!(name, "{b:02x}");
        }
    }
    name.push('.');
    name.push_str(realm);
    name
}

/// Writes `msg` into `out` with the host names of its identity AVPs
/// (Origin-Host, Error-Reporting-Host, Route-Record, Destination-Host)
/// replaced by what `rename` gives for them (`None` keeps the name), then
/// the Route-Record `record` when given (RFC 6733 §6.1.9). False, with `out`
/// empty, when `msg` does not parse or the result is not a message.
pub(crate) fn rewrite(
    msg: &Message<'_>,
    out: &mut Vec<u8>,
    record: Option<&str>,
    mut rename: impl FnMut(u32, &str) -> Option<String>,
) -> bool {
    let mut names = Vec::new();
    let mut room = msg.len();
    for avp in msg.avps() {
        let Ok(avp) = avp else {
            out.clear();
            return false;
        };
        let hosts = avp.vendor_id() == 0 && HOST_AVPS.contains(&avp.code());
        let name = hosts
            .then(|| avp.identity().ok().and_then(|h| rename(avp.code(), h)))
            .flatten();
        room = room.saturating_add(name.as_ref().map_or(0, |n| padded(n.len())));
        names.push(name);
    }
    room = room.saturating_add(record.map_or(0, |r| 8 + padded(r.len())));
    out.clear();
    out.resize(room, 0);
    let mut w = MessageWriter::new(&mut out[..], *msg.header());
    for (avp, name) in msg.avps().map_while(Result::ok).zip(&names) {
        match name {
            Some(n) => {
                let head = AvpHead {
                    code: avp.code(),
                    vendor_id: 0,
                    flags: avp.flags(),
                };
                w.identity(head, n);
            }
            None => {
                w.copy_avp(&avp);
            }
        }
    }
    if let Some(r) = record {
        w.identity(base::ROUTE_RECORD, r);
    }
    match w.finish() {
        Ok(n) => {
            out.truncate(n);
            true
        }
        Err(_) => {
            out.clear();
            false
        }
    }
}
