//! AVPs from the command line: `Name=value`, with Grouped values nested in
//! braces (`Subscription-Id={Subscription-Id-Type=END_USER_IMSI,...}`),
//! each value parsed by the type its dictionary gives the AVP.

use std::net::IpAddr;

use diameter_core::dict::AvpDef;
use diameter_core::wire::{Address, DataType, MessageWriter, Time};

use crate::dictionaries::{unknown, Runtime};

/// One AVP to send, with its value parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Its definition.
    pub def: &'static AvpDef,
    /// Its value.
    pub value: Data,
}

/// A value, in the form its AVP's type takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// Integer32 and Enumerated.
    I32(i32),
    /// Integer64.
    I64(i64),
    /// Unsigned32.
    U32(u32),
    /// Unsigned64.
    U64(u64),
    /// Float32.
    F32(f32),
    /// Float64.
    F64(f64),
    /// OctetString.
    Octets(Vec<u8>),
    /// UTF8String, DiameterIdentity, DiameterURI, IPFilterRule.
    Text(String),
    /// Address.
    Address(IpAddr),
    /// Time.
    Time(Time),
    /// Grouped: its members.
    Group(Vec<Item>),
}

/// Parses one `Name=value` argument.
///
/// # Errors
/// No `=`, an unknown AVP or enumeration name (with the nearest one), or a
/// value that is not of the AVP's type.
pub fn parse(rt: &Runtime, arg: &str) -> Result<Item, String> {
    let (name, value) = arg
        .split_once('=')
        .ok_or_else(|| format!("{arg:?}: expected Name=value"))?;
    let def = rt.avp_named(name.trim())?;
    let value = data(rt, def, value.trim()).map_err(|e| format!("{}: {e}", def.name))?;
    Ok(Item { def, value })
}

fn data(rt: &Runtime, def: &'static AvpDef, text: &str) -> Result<Data, String> {
    let number = |what: &str| format!("{text:?} is not an {what}");
    Ok(match def.data_type {
        DataType::Grouped => {
            let inner = (text.strip_prefix('{').and_then(|t| t.strip_suffix('}')))
                .ok_or_else(|| format!("a Grouped value is {{Name=value,...}}, not {text:?}"))?;
            let members = split_members(inner)?;
            let items = members.into_iter().map(|m| parse(rt, m));
            Data::Group(items.collect::<Result<_, _>>()?)
        }
        DataType::Enumerated => Data::I32(enumerated(def, text)?),
        DataType::Integer32 => Data::I32(text.parse().map_err(|_| number("Integer32"))?),
        DataType::Integer64 => Data::I64(text.parse().map_err(|_| number("Integer64"))?),
        DataType::Unsigned32 => Data::U32(text.parse().map_err(|_| number("Unsigned32"))?),
        DataType::Unsigned64 => Data::U64(text.parse().map_err(|_| number("Unsigned64"))?),
        DataType::Float32 => Data::F32(text.parse().map_err(|_| number("Float32"))?),
        DataType::Float64 => Data::F64(text.parse().map_err(|_| number("Float64"))?),
        DataType::OctetString => Data::Octets(match text.strip_prefix("0x") {
            Some(hex) => crate::decode::parse_hex(hex.as_bytes())
                .map_err(|e| format!("{} at offset {} of the hex", e.message, e.offset))?,
            None => text.as_bytes().to_vec(),
        }),
        DataType::Address => Data::Address(
            text.parse()
                .map_err(|_| format!("{text:?} is not an IPv4 or IPv6 address"))?,
        ),
        DataType::Time => {
            Data::Time(Time(text.parse().map_err(|_| {
                format!("{text:?} is not a Time (NTP seconds, RFC 6733 §4.3.1)")
            })?))
        }
        DataType::Utf8String
        | DataType::DiameterIdentity
        | DataType::DiameterUri
        | DataType::IpFilterRule => Data::Text(text.to_string()),
    })
}

/// An Enumerated value by its name (any case) or number.
fn enumerated(def: &AvpDef, text: &str) -> Result<i32, String> {
    if let Ok(v) = text.parse() {
        return Ok(v);
    }
    (def.enums.iter())
        .find(|e| e.name.eq_ignore_ascii_case(text))
        .map(|e| e.value)
        .ok_or_else(|| unknown("value", text, def.enums.iter().map(|e| e.name)))
}

/// The `Name=value` members of a Grouped value, split at the commas outside
/// nested braces.
fn split_members(inner: &str) -> Result<Vec<&str>, String> {
    let (mut members, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("unbalanced '}}' in {{{inner}}}"))?;
            }
            ',' if depth == 0 => {
                members.extend(inner.get(start..i));
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!("unbalanced '{{' in {{{inner}}}"));
    }
    members.extend(inner.get(start..));
    Ok(members
        .into_iter()
        .filter(|m| !m.trim().is_empty())
        .collect())
}

/// Writes `items` into `w`.
pub fn write(w: &mut MessageWriter<'_>, items: &[Item]) {
    for item in items {
        let head = item.def.head();
        match &item.value {
            Data::I32(v) => w.i32(head, *v),
            Data::I64(v) => w.i64(head, *v),
            Data::U32(v) => w.u32(head, *v),
            Data::U64(v) => w.u64(head, *v),
            Data::F32(v) => w.f32(head, *v),
            Data::F64(v) => w.f64(head, *v),
            Data::Octets(d) => w.octets(head, d),
            Data::Text(t) => w.utf8(head, t),
            Data::Address(IpAddr::V4(a)) => w.address(head, Address::V4(*a)),
            Data::Address(IpAddr::V6(a)) => w.address(head, Address::V6(*a)),
            Data::Time(t) => w.time(head, *t),
            Data::Group(members) => w.grouped(head, |w| write(w, members)),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionaries::Loaded;

    #[test]
    fn values_parse_by_type_and_groups_nest() {
        let rt = Runtime::new(Loaded::default());
        let item = parse(
            &rt,
            "Subscription-Id={Subscription-Id-Type=END_USER_IMSI,Subscription-Id-Data=001010000000001}",
        )
        .unwrap();
        let Data::Group(members) = item.value else {
            panic!("not grouped")
        };
        assert_eq!(members[0].value, Data::I32(1));
        assert_eq!(members[1].value, Data::Text("001010000000001".into()));
        assert_eq!(parse(&rt, "CC-Request-Type=3").unwrap().value, Data::I32(3));
        assert_eq!(
            parse(&rt, "Class=0xab01").unwrap().value,
            Data::Octets(vec![0xab, 1])
        );
        assert_eq!(
            parse(&rt, "Host-IP-Address=::1").unwrap().value,
            Data::Address("::1".parse().unwrap())
        );
        let nested = "Multiple-Services-Credit-Control={Rating-Group=1,Requested-Service-Unit={CC-Total-Octets=100}}";
        assert!(matches!(parse(&rt, nested).unwrap().value, Data::Group(m) if m.len() == 2));
    }

    #[test]
    fn mistakes_are_explained() {
        let rt = Runtime::new(Loaded::default());
        let e = parse(&rt, "CC-Request-Type=INITIAL_REQEST").unwrap_err();
        assert_eq!(
            e,
            r#"CC-Request-Type: unknown value "INITIAL_REQEST"; did you mean "INITIAL_REQUEST"?"#
        );
        assert!(parse(&rt, "Rating-Group=x")
            .unwrap_err()
            .contains("not an Unsigned32"));
        assert!(parse(&rt, "Subscription-Id={Subscription-Id-Type=1").is_err());
        assert!(parse(&rt, "Subscription-Id={{}")
            .unwrap_err()
            .contains("unbalanced"));
        assert!(parse(&rt, "Session-Id").unwrap_err().contains("Name=value"));
    }
}
