//! A message decoded with the dictionary: what the text tree and the JSON
//! lines show. Serialising it with serde gives the JSON schema exactly: the
//! field order is the key order, and absent options are left out.

use std::fmt;

use diameter_core::dict::AvpDef;
use diameter_core::wire::{self, Address, Avp, AvpIter, Message, Time, Value};
use serde::{Serialize, Serializer};

use super::check::Verdict;
use crate::dictionaries::runtime;

/// One message: its header fields (RFC 6733 §3) and AVPs.
#[derive(Debug, Serialize)]
pub(crate) struct DecodedMessage<'a> {
    pub command_code: u32,
    /// The request's or answer's name; absent when the dictionary lacks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<&'static str>,
    pub request: bool,
    pub proxiable: bool,
    pub error: bool,
    pub retransmit: bool,
    pub application_id: u32,
    pub hop_by_hop: u32,
    pub end_to_end: u32,
    pub length: usize,
    pub avps: Vec<DecodedAvp<'a>>,
    /// The validator's verdict, shown with `--check`.
    #[serde(skip)]
    pub verdict: Verdict,
}

/// One AVP (RFC 6733 §4.1).
#[derive(Debug, Serialize)]
pub(crate) struct DecodedAvp<'a> {
    pub code: u32,
    /// The Vendor-ID, present exactly when the V bit is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<u32>,
    pub mandatory: bool,
    pub protected: bool,
    /// Name and type come from the dictionary; both are absent for an
    /// AVP it does not define, whose data is shown as hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub data_type: Option<&'static str>,
    #[serde(flatten)]
    pub content: Content<'a>,
}

/// What an AVP holds.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum Content<'a> {
    /// A value, with the dictionary's name for an Enumerated one.
    Value {
        value: Scalar<'a>,
        #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
        enum_name: Option<&'static str>,
    },
    /// Data that is not valid for the AVP's type, and why.
    Invalid { value: Hex<'a>, invalid: String },
    /// The AVPs of a Grouped AVP (RFC 6733 §4.4).
    Grouped { avps: Vec<DecodedAvp<'a>> },
}

/// A non-grouped value, as it is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scalar<'a> {
    /// Integer32, Integer64, Enumerated.
    Signed(i64),
    /// Unsigned32, Unsigned64.
    Unsigned(u64),
    /// Float32, kept single so it prints as written.
    Float32(f32),
    /// Float64.
    Float64(f64),
    /// UTF8String, DiameterIdentity, DiameterURI, IPFilterRule.
    Text(&'a str),
    /// Address, in its usual text form.
    Address(Address<'a>),
    /// Time: NTP seconds (RFC 6733 §4.3.1).
    Time(Time),
    /// OctetString and AVPs the dictionary does not define.
    Hex(Hex<'a>),
}

impl Serialize for Scalar<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Signed(v) => s.serialize_i64(*v),
            Self::Unsigned(v) => s.serialize_u64(*v),
            Self::Float32(v) => s.serialize_f32(*v),
            Self::Float64(v) => s.serialize_f64(*v),
            Self::Text(t) => s.serialize_str(t),
            Self::Address(a) => s.collect_str(a),
            Self::Time(t) => s.serialize_u32(t.0),
            Self::Hex(h) => h.serialize(s),
        }
    }
}

/// Bytes shown as lowercase hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hex<'a>(pub &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl Serialize for Hex<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Decodes `msg`, which starts at offset `at` of its stream; `at` makes the
/// offsets in notes about invalid values absolute.
///
/// # Errors
/// The first malformed AVP, at any depth, with its offset in the message.
pub(crate) fn decode_message<'a>(msg: &Message<'a>, at: u64) -> wire::Result<DecodedMessage<'a>> {
    let request = msg.is_request();
    Ok(DecodedMessage {
        command_code: msg.command_code(),
        command: runtime()
            .command(msg.command_code(), msg.application_id())
            .map(|c| c.name(request)),
        request,
        proxiable: msg.is_proxiable(),
        error: msg.is_error(),
        retransmit: msg.is_retransmit(),
        application_id: msg.application_id(),
        hop_by_hop: msg.hop_by_hop(),
        end_to_end: msg.end_to_end(),
        length: msg.len(),
        avps: decode_avps(msg.avps(), at)?,
        verdict: Verdict::of(msg, at),
    })
}

fn decode_avps<'a>(avps: AvpIter<'a>, at: u64) -> wire::Result<Vec<DecodedAvp<'a>>> {
    avps.map(|avp| avp.and_then(|avp| decode_avp(&avp, at)))
        .collect()
}

fn decode_avp<'a>(avp: &Avp<'a>, at: u64) -> wire::Result<DecodedAvp<'a>> {
    let def = runtime().avp(avp.code(), avp.vendor_id());
    let content = match def {
        None => Content::Value {
            value: Scalar::Hex(Hex(avp.data())),
            enum_name: None,
        },
        Some(def) => match avp.value(def.data_type) {
            Ok(value) => content(value, def, at)?,
            Err(e) => Content::Invalid {
                value: Hex(avp.data()),
                invalid: format!(
                    "not a valid {} at offset {}",
                    def.data_type,
                    at + e.offset as u64
                ),
            },
        },
    };
    Ok(DecodedAvp {
        code: avp.code(),
        vendor_id: avp.is_vendor_specific().then_some(avp.vendor_id()),
        mandatory: avp.is_mandatory(),
        protected: avp.is_protected(),
        name: def.map(|d| d.name),
        data_type: def.map(|d| d.data_type.name()),
        content,
    })
}

fn content<'a>(value: Value<'a>, def: &AvpDef, at: u64) -> wire::Result<Content<'a>> {
    let scalar = match value {
        Value::Grouped(inner) => {
            return Ok(Content::Grouped {
                avps: decode_avps(inner, at)?,
            })
        }
        Value::Enumerated(v) => {
            return Ok(Content::Value {
                value: Scalar::Signed(v.into()),
                enum_name: def.enum_name(v),
            })
        }
        Value::Integer32(v) => Scalar::Signed(v.into()),
        Value::Integer64(v) => Scalar::Signed(v),
        Value::Unsigned32(v) => Scalar::Unsigned(v.into()),
        Value::Unsigned64(v) => Scalar::Unsigned(v),
        Value::Float32(v) => Scalar::Float32(v),
        Value::Float64(v) => Scalar::Float64(v),
        Value::OctetString(d) => Scalar::Hex(Hex(d)),
        Value::Utf8String(s) | Value::DiameterIdentity(s) => Scalar::Text(s),
        Value::DiameterUri(u) => Scalar::Text(u.text),
        Value::IpFilterRule(r) => Scalar::Text(r.text),
        Value::Address(a) => Scalar::Address(a),
        Value::Time(t) => Scalar::Time(t),
    };
    Ok(Content::Value {
        value: scalar,
        enum_name: None,
    })
}

#[cfg(test)]
mod tests {
    use diameter_core::dict::{self, base, command};
    use diameter_core::wire::{AvpHead, MessageWriter};

    use super::*;

    /// Encodes a message with `body`'s AVPs and decodes it to JSON.
    fn json_of(body: impl FnOnce(&mut MessageWriter<'_>)) -> serde_json::Value {
        let mut buf = [0u8; 512];
        let mut w = MessageWriter::request(&mut buf, command::DEVICE_WATCHDOG, 0, false, 1, 2);
        body(&mut w);
        let len = w.finish().unwrap();
        let msg = Message::new_checked(&buf[..len]).unwrap();
        serde_json::to_value(decode_message(&msg, 0).unwrap()).unwrap()
    }

    #[test]
    fn values_take_the_json_form_of_their_dictionary_type() {
        let j = json_of(|w| {
            w.address(
                base::HOST_IP_ADDRESS,
                Address::V6(core::net::Ipv6Addr::LOCALHOST),
            )
            .time(base::EVENT_TIMESTAMP, Time(3_957_724_800))
            .octets(base::CLASS, &[0xab, 0x01])
            .enumerated(base::DISCONNECT_CAUSE, 1)
            .enumerated(base::DISCONNECT_CAUSE, 77)
            .u32(AvpHead::vendor(99_999, 10415, false), 5);
        });
        let avps = &j["avps"];
        assert_eq!(avps[0]["value"], "::1");
        assert_eq!(avps[0]["type"], "Address");
        assert_eq!(avps[1]["value"], 3_957_724_800u32);
        assert_eq!(avps[2]["value"], "ab01");
        assert_eq!(avps[3]["value"], 1);
        assert_eq!(avps[3]["enum"], "BUSY");
        assert_eq!(avps[4]["value"], 77);
        assert!(avps[4].get("enum").is_none());
        // Unknown vendor AVP: no name, no type, data as hex, vendor shown.
        assert_eq!(
            avps[5],
            serde_json::json!({"code": 99_999, "vendor_id": 10415, "mandatory": false,
                "protected": false, "value": "00000005"})
        );
    }

    #[test]
    fn gx_avps_decode_by_name_and_enumeration() {
        let j = json_of(|w| {
            w.enumerated(dict::gx::EVENT_TRIGGER, 2)
                .grouped(dict::gx::CHARGING_RULE_REMOVE, |w| {
                    w.octets(dict::gx::CHARGING_RULE_NAME, b"video");
                });
        });
        let avps = &j["avps"];
        assert_eq!(avps[0]["name"], "Event-Trigger");
        assert_eq!(avps[0]["enum"], "RAT_CHANGE");
        assert_eq!(avps[1]["name"], "Charging-Rule-Remove");
        assert_eq!(avps[1]["avps"][0]["name"], "Charging-Rule-Name");
    }

    #[test]
    fn keys_come_in_schema_order() {
        let mut buf = [0u8; 128];
        let mut w = MessageWriter::request(&mut buf, command::CREDIT_CONTROL, 4, true, 1, 2);
        w.utf8(base::SESSION_ID, "s;1")
            .grouped(base::VENDOR_SPECIFIC_APPLICATION_ID, |w| {
                w.u32(base::AUTH_APPLICATION_ID, 4);
            });
        let len = w.finish().unwrap();
        let msg = Message::new_checked(&buf[..len]).unwrap();
        let text = serde_json::to_string(&decode_message(&msg, 0).unwrap()).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"command_code":272,"command":"Credit-Control-Request","request":true,"#,
                r#""proxiable":true,"error":false,"retransmit":false,"application_id":4,"#,
                r#""hop_by_hop":1,"end_to_end":2,"length":52,"avps":["#,
                r#"{"code":263,"mandatory":true,"protected":false,"name":"Session-Id","#,
                r#""type":"UTF8String","value":"s;1"},"#,
                r#"{"code":260,"mandatory":true,"protected":false,"#,
                r#""name":"Vendor-Specific-Application-Id","type":"Grouped","avps":["#,
                r#"{"code":258,"mandatory":true,"protected":false,"#,
                r#""name":"Auth-Application-Id","type":"Unsigned32","value":4}]}]}"#
            )
        );
    }

    #[test]
    fn a_fixed_size_value_of_the_wrong_size_is_invalid_not_fatal() {
        let j = json_of(|w| {
            w.octets(base::AUTH_APPLICATION_ID, &[1, 2, 3]);
        });
        let avp = &j["avps"][0];
        assert_eq!(avp["value"], "010203");
        assert_eq!(avp["invalid"], "not a valid Unsigned32 at offset 28");
    }
}
