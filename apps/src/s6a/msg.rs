//! S6a/S6d messages (TS 29.272 §7.2): the AVPs every request and answer
//! starts with, results, authentication vectors, and the flag bits the
//! procedures use.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use diameter_core::dict::{application, base, s6a as d, AvpDef, VENDOR_3GPP};
use diameter_core::wire::{Avp, Message, MessageWriter};

use super::auc::EutranVector;

/// Auth-Session-State NO_STATE_MAINTAINED: S6a keeps no sessions (TS 29.272 §7.1).
pub const NO_STATE_MAINTAINED: i32 = 1;
/// ULR-Flags bit 0: Single-Registration-Indication (TS 29.272 §7.3.7).
pub const ULR_SINGLE_REGISTRATION: u32 = 1 << 0;
/// ULR-Flags bit 1: S6a/S6d-Indicator, set by an MME.
pub const ULR_S6A: u32 = 1 << 1;
/// ULR-Flags bit 2: Skip-Subscriber-Data.
pub const ULR_SKIP_SUBSCRIBER_DATA: u32 = 1 << 2;
/// ULR-Flags bit 5: Initial-Attach-Indicator.
pub const ULR_INITIAL_ATTACH: u32 = 1 << 5;
/// ULA-Flags bit 0: Separation Indication (TS 29.272 §7.3.8).
pub const ULA_SEPARATION: u32 = 1 << 0;
/// CLR-Flags bit 0: S6a/S6d-Indicator (TS 29.272 §7.3.152).
pub const CLR_S6A: u32 = 1 << 0;
/// DSR-Flags bit 3: PDN subscription contexts withdrawal (TS 29.272 §7.3.25).
pub const DSR_PDN_CONTEXTS: u32 = 1 << 3;
/// PUR-Flags bit 0: UE purged in the MME (TS 29.272 §7.3.149).
pub const PUR_PURGED_IN_MME: u32 = 1 << 0;
/// PUA-Flags bit 0: freeze M-TMSI (TS 29.272 §7.3.48).
pub const PUA_FREEZE_M_TMSI: u32 = 1 << 0;
/// Cancellation-Type MME_UPDATE_PROCEDURE (TS 29.272 §7.3.24).
pub const MME_UPDATE_PROCEDURE: i32 = 0;
/// Cancellation-Type SUBSCRIPTION_WITHDRAWAL.
pub const SUBSCRIPTION_WITHDRAWAL: i32 = 2;
/// Cancellation-Type INITIAL_ATTACH_PROCEDURE.
pub const INITIAL_ATTACH_PROCEDURE: i32 = 4;

/// Session-Ids of one node (RFC 6733 §8.8): `host;high;low`, high from
/// the start time, low from a counter.
#[derive(Debug)]
pub struct Sessions {
    host: String,
    high: u32,
    low: AtomicU32,
}

impl Sessions {
    /// Session-Ids for `host`.
    pub fn new(host: &str) -> Self {
        let high = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as u32);
        Self {
            host: host.to_string(),
            high,
            low: AtomicU32::new(0),
        }
    }

    /// A fresh Session-Id.
    pub fn next(&self) -> String {
        let low = self.low.fetch_add(1, Ordering::Relaxed);
        format!("{};{};{}", self.host, self.high, low)
    }
}

/// Who sends a request and where it goes.
#[derive(Debug, Clone, Copy)]
pub struct Route<'a> {
    /// Origin-Host.
    pub origin_host: &'a str,
    /// Origin-Realm.
    pub origin_realm: &'a str,
    /// Destination-Host, when the request is for one node.
    pub destination_host: Option<&'a str>,
    /// Destination-Realm.
    pub destination_realm: &'a str,
}

/// Writes Vendor-Specific-Application-Id for S6a (vendor 10415, 16777251).
pub fn write_application(w: &mut MessageWriter<'_>) {
    w.grouped(base::VENDOR_SPECIFIC_APPLICATION_ID, |w| {
        w.u32(base::VENDOR_ID, VENDOR_3GPP)
            .u32(base::AUTH_APPLICATION_ID, application::S6A);
    });
}

/// An S6a request: Session-Id, Vendor-Specific-Application-Id,
/// Auth-Session-State, the route, then what `body` writes (TS 29.272 §7.2).
pub fn request(
    command: u32,
    end_to_end: u32,
    session: &str,
    route: &Route<'_>,
    body: impl Fn(&mut MessageWriter<'_>),
) -> Vec<u8> {
    encode(512, |buf| {
        let mut w = MessageWriter::request(buf, command, application::S6A, true, 0, end_to_end);
        w.utf8(base::SESSION_ID, session);
        write_application(&mut w);
        w.enumerated(base::AUTH_SESSION_STATE, NO_STATE_MAINTAINED)
            .identity(base::ORIGIN_HOST, route.origin_host)
            .identity(base::ORIGIN_REALM, route.origin_realm);
        if let Some(host) = route.destination_host {
            w.identity(base::DESTINATION_HOST, host);
        }
        w.identity(base::DESTINATION_REALM, route.destination_realm);
        body(&mut w);
        w.finish()
    })
}

/// Runs `write` on buffers of growing size until the message fits.
pub fn encode(
    mut size: usize,
    write: impl Fn(&mut [u8]) -> diameter_core::wire::Result<usize>,
) -> Vec<u8> {
    loop {
        let mut buf = vec![0u8; size];
        match write(&mut buf) {
            Ok(n) => {
                buf.truncate(n);
                return buf;
            }
            Err(e) => match e.kind {
                diameter_core::wire::ErrorKind::BufferTooSmall { needed } if needed > size => {
                    size = needed
                }
                _ => return Vec::new(),
            },
        }
    }
}

pub use diameter_core::outcome::Outcome;

/// An Experimental-Result-Code of 3GPP's (TS 29.272 §7.4), the S6a errors.
pub const fn experimental(code: u32) -> Outcome {
    Outcome::Experimental {
        vendor_id: VENDOR_3GPP,
        code,
    }
}

/// Starts an answer as TS 29.272 §7.2 lays them out: Session-Id,
/// Vendor-Specific-Application-Id, the outcome, Auth-Session-State,
/// Origin-Host and Origin-Realm.
pub fn answer_head(
    w: &mut MessageWriter<'_>,
    request: &Message<'_>,
    outcome: Outcome,
    origin_host: &str,
    origin_realm: &str,
) {
    if let Some(sid) = request.lookup(base::SESSION_ID.code, 0) {
        w.copy_avp(&sid);
    }
    write_application(w);
    outcome.write(w);
    w.enumerated(base::AUTH_SESSION_STATE, NO_STATE_MAINTAINED)
        .identity(base::ORIGIN_HOST, origin_host)
        .identity(base::ORIGIN_REALM, origin_realm);
}

/// The User-Name (the IMSI) of a request.
pub fn user_name<'a>(msg: &Message<'a>) -> Option<&'a str> {
    msg.lookup(base::USER_NAME.code, 0)?.utf8().ok()
}

/// An Unsigned32 AVP of `msg`, 0 when absent.
pub fn flags(msg: &Message<'_>, def: &AvpDef) -> u32 {
    msg.lookup(def.code, def.vendor_id)
        .and_then(|a| a.u32().ok())
        .unwrap_or(0)
}

/// Writes Authentication-Info with E-UTRAN vectors numbered from 1 (TS 29.272 §7.3.17).
pub fn write_vectors(w: &mut MessageWriter<'_>, vectors: &[EutranVector]) {
    w.grouped(d::AUTHENTICATION_INFO, |w| {
        for (i, v) in vectors.iter().enumerate() {
            w.grouped(d::E_UTRAN_VECTOR, |w| {
                w.u32(d::ITEM_NUMBER, i as u32 + 1)
                    .octets(d::RAND, &v.rand)
                    .octets(d::XRES, &v.xres)
                    .octets(d::AUTN, &v.autn)
                    .octets(d::KASME, &v.kasme);
            });
        }
    });
}

/// The E-UTRAN vectors of an AIA; vectors with a member of the wrong size are left out.
pub fn vectors(aia: &Message<'_>) -> Vec<EutranVector> {
    let Some(info) = aia.lookup(d::AUTHENTICATION_INFO.code, VENDOR_3GPP) else {
        return Vec::new();
    };
    fn member<'a>(v: &Avp<'a>, def: &AvpDef) -> Option<&'a [u8]> {
        v.lookup(def.code, def.vendor_id).map(|a| a.data())
    }
    info.grouped()
        .map_while(Result::ok)
        .filter(|v| v.code() == d::E_UTRAN_VECTOR.code && v.vendor_id() == VENDOR_3GPP)
        .filter_map(|v| {
            Some(EutranVector {
                rand: member(&v, &d::RAND)?.try_into().ok()?,
                xres: member(&v, &d::XRES)?.try_into().ok()?,
                autn: member(&v, &d::AUTN)?.try_into().ok()?,
                kasme: member(&v, &d::KASME)?.try_into().ok()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diameter_core::dict::command;
    use diameter_core::validate::Validator;

    #[test]
    fn requests_pass_their_grammar_and_answers_carry_vectors() {
        let route = Route {
            origin_host: "mme.example.net",
            origin_realm: "example.net",
            destination_host: None,
            destination_realm: "example.com",
        };
        let air = request(
            command::AUTHENTICATION_INFORMATION,
            7,
            "mme;1;2",
            &route,
            |w| {
                w.utf8(base::USER_NAME, "001010000000001")
                    .octets(d::VISITED_PLMN_ID, &[0, 0xf1, 0x10])
                    .grouped(d::REQUESTED_EUTRAN_AUTHENTICATION_INFO, |w| {
                        w.u32(d::NUMBER_OF_REQUESTED_VECTORS, 2);
                    });
            },
        );
        let req = Message::new_checked(&air).unwrap();
        Validator::new(&[application::S6A]).validate(&req).unwrap();
        assert_eq!(
            (req.end_to_end(), user_name(&req)),
            (7, Some("001010000000001"))
        );

        let v = EutranVector {
            rand: [1; 16],
            xres: [2; 8],
            autn: [3; 16],
            kasme: [4; 32],
        };
        let answer = encode(64, |buf| {
            let mut w = MessageWriter::answer(buf, &req);
            answer_head(
                &mut w,
                &req,
                Outcome::SUCCESS,
                "hss.example.com",
                "example.com",
            );
            write_vectors(&mut w, &[v, v]);
            w.finish()
        });
        let aia = Message::new_checked(&answer).unwrap();
        Validator::new(&[application::S6A]).validate(&aia).unwrap();
        assert_eq!(Outcome::of(&aia), Some(Outcome::SUCCESS));
        assert_eq!(vectors(&aia), vec![v, v]);
    }

    #[test]
    fn experimental_results() {
        let route = Route {
            origin_host: "h",
            origin_realm: "r",
            destination_host: Some("d"),
            destination_realm: "r",
        };
        let req = request(command::PURGE_UE, 1, "s", &route, |w| {
            w.utf8(base::USER_NAME, "001010000000001");
        });
        let req = Message::new_checked(&req).unwrap();
        let out = experimental(5001);
        let answer = encode(32, |buf| {
            let mut w = MessageWriter::answer(buf, &req);
            answer_head(&mut w, &req, out, "h", "r");
            w.finish()
        });
        let pua = Message::new_checked(&answer).unwrap();
        assert_eq!(Outcome::of(&pua), Some(out));
        assert!(!out.is_success() && Outcome::SUCCESS.is_success());
        assert_eq!(out.to_string(), "5001 DIAMETER_ERROR_USER_UNKNOWN");
        assert_eq!(
            Outcome::ResultCode(5001).to_string(),
            "5001 DIAMETER_AVP_UNSUPPORTED"
        );
    }

    #[test]
    fn session_ids_are_unique() {
        let s = Sessions::new("mme.example.net");
        let (a, b) = (s.next(), s.next());
        assert_ne!(a, b);
        assert!(a.starts_with("mme.example.net;"));
    }
}
