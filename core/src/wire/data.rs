//! Typed AVP data (RFC 6733 §4.2 basic formats, §4.3 derived formats),
//! borrowed from the message buffer, never copied.

use core::fmt;
use core::net::{Ipv4Addr, Ipv6Addr};

use ascii::AsAsciiStr;
use zerocopy::byteorder::{BigEndian, I32, I64, U32, U64};
use zerocopy::FromBytes;

use super::avp::AvpIter;

/// The data formats of RFC 6733 §4.2 and §4.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum DataType {
    /// Arbitrary bytes.
    OctetString,
    /// Signed 32-bit integer.
    Integer32,
    /// Signed 64-bit integer.
    Integer64,
    /// Unsigned 32-bit integer.
    Unsigned32,
    /// Unsigned 64-bit integer.
    Unsigned64,
    /// IEEE 754 single precision.
    Float32,
    /// IEEE 754 double precision.
    Float64,
    /// A sequence of AVPs (§4.4).
    Grouped,
    /// Address family and address (§4.3.1).
    Address,
    /// NTP seconds (§4.3.1).
    Time,
    /// UTF-8 text (§4.3.1).
    Utf8String,
    /// FQDN or realm (§4.3.1).
    DiameterIdentity,
    /// `aaa://` or `aaas://` URI (§4.3.1).
    DiameterUri,
    /// Integer32 with named values (§4.3.1).
    Enumerated,
    /// Packet filter rule (§4.3.1).
    IpFilterRule,
}

impl DataType {
    /// The type's name as RFC 6733 spells it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::OctetString => "OctetString",
            Self::Integer32 => "Integer32",
            Self::Integer64 => "Integer64",
            Self::Unsigned32 => "Unsigned32",
            Self::Unsigned64 => "Unsigned64",
            Self::Float32 => "Float32",
            Self::Float64 => "Float64",
            Self::Grouped => "Grouped",
            Self::Address => "Address",
            Self::Time => "Time",
            Self::Utf8String => "UTF8String",
            Self::DiameterIdentity => "DiameterIdentity",
            Self::DiameterUri => "DiameterURI",
            Self::Enumerated => "Enumerated",
            Self::IpFilterRule => "IPFilterRule",
        }
    }

    /// The exact data length of fixed-size types, `None` for variable ones.
    pub const fn fixed_len(self) -> Option<usize> {
        match self {
            Self::Integer32 | Self::Unsigned32 | Self::Float32 | Self::Enumerated | Self::Time => {
                Some(4)
            }
            Self::Integer64 | Self::Unsigned64 | Self::Float64 => Some(8),
            _ => None,
        }
    }

    /// The smallest valid data length: what a zero-filled placeholder AVP
    /// of this type carries (RFC 6733 §7.5, missing AVPs in Failed-AVP).
    pub const fn min_len(self) -> usize {
        match self.fixed_len() {
            Some(n) => n,
            None => match self {
                Self::Address => 6,
                _ => 0,
            },
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A decoded AVP value, borrowing from the message.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    /// OctetString.
    OctetString(&'a [u8]),
    /// Integer32.
    Integer32(i32),
    /// Integer64.
    Integer64(i64),
    /// Unsigned32.
    Unsigned32(u32),
    /// Unsigned64.
    Unsigned64(u64),
    /// Float32.
    Float32(f32),
    /// Float64.
    Float64(f64),
    /// Grouped: the inner AVPs.
    Grouped(AvpIter<'a>),
    /// Address.
    Address(Address<'a>),
    /// Time.
    Time(Time),
    /// UTF8String.
    Utf8String(&'a str),
    /// DiameterIdentity.
    DiameterIdentity(&'a str),
    /// DiameterURI.
    DiameterUri(DiameterUri<'a>),
    /// Enumerated.
    Enumerated(i32),
    /// IPFilterRule.
    IpFilterRule(IpFilterRule<'a>),
}

#[inline]
pub(crate) fn u32(d: &[u8]) -> Option<u32> {
    U32::<BigEndian>::read_from_bytes(d).ok().map(U32::get)
}
#[inline]
pub(crate) fn u64(d: &[u8]) -> Option<u64> {
    U64::<BigEndian>::read_from_bytes(d).ok().map(U64::get)
}
#[inline]
pub(crate) fn i32(d: &[u8]) -> Option<i32> {
    I32::<BigEndian>::read_from_bytes(d).ok().map(I32::get)
}
#[inline]
pub(crate) fn i64(d: &[u8]) -> Option<i64> {
    I64::<BigEndian>::read_from_bytes(d).ok().map(I64::get)
}

/// `d` as text (RFC 6733 §4.3.1 UTF8String): ASCII, the common case, is
/// checked a word at a time (`<[u8]>::is_ascii`); anything else goes
/// through full UTF-8 validation, which for short strings steps a byte at
/// a time.
///
/// # Errors
/// The UTF-8 error of the first invalid byte.
#[inline]
pub(crate) fn utf8(d: &[u8]) -> Result<&str, core::str::Utf8Error> {
    match d.as_ascii_str() {
        Ok(ascii) => Ok(ascii.as_str()),
        Err(_) => core::str::from_utf8(d),
    }
}

/// A DiameterIdentity: non-empty printable ASCII without spaces
/// (RFC 6733 §4.3.1; internationalised names travel as A-labels).
#[inline]
pub(crate) fn identity(d: &[u8]) -> Option<&str> {
    let text = d.as_ascii_str().ok()?.as_str();
    (!text.is_empty() && all_graphic(d)).then_some(text)
}

/// Whether every byte is printable ASCII other than space (0x21..=0x7e),
/// checked eight bytes at a time: the words of `d`, then its last eight
/// bytes (overlapping the words) for the rest.
pub(crate) fn all_graphic(d: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let graphic = |w: &[u8; 8]| {
        let x = u64::from_le_bytes(*w);
        // A byte below 0x21 borrows into its high bit; a byte above 0x7e
        // carries into it or has it set already ("Bit Twiddling Hacks":
        // hasless, hasmore).
        let below = x.wrapping_sub(ONES * 0x21) & !x & HIGH;
        let above = (x.wrapping_add(ONES) | x) & HIGH;
        below | above == 0
    };
    match d.last_chunk::<8>() {
        Some(last) => {
            let mut words = d.chunks_exact(8).map(<&[u8; 8]>::try_from);
            words.all(|w| w.is_ok_and(graphic)) && graphic(last)
        }
        None => d.iter().all(u8::is_ascii_graphic),
    }
}

/// Address family numbers (IANA "Address Family Numbers").
pub mod address_family {
    /// IP version 4.
    pub const IPV4: u16 = 1;
    /// IP version 6.
    pub const IPV6: u16 = 2;
    /// E.164 number as text.
    pub const E164: u16 = 8;
}

/// An Address AVP value (RFC 6733 §4.3.1): a 2-byte address family then the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address<'a> {
    /// Family 1.
    V4(Ipv4Addr),
    /// Family 2.
    V6(Ipv6Addr),
    /// Any other family, kept raw.
    Other {
        /// The address family number.
        family: u16,
        /// The address bytes.
        bytes: &'a [u8],
    },
}

impl<'a> Address<'a> {
    /// Parses Address data; `None` if shorter than the family or an IP
    /// address of the wrong size.
    pub fn parse(d: &'a [u8]) -> Option<Self> {
        let (family, rest) = d.split_first_chunk::<2>()?;
        let family = u16::from_be_bytes(*family);
        Some(match family {
            address_family::IPV4 => Self::V4(Ipv4Addr::from(<[u8; 4]>::try_from(rest).ok()?)),
            address_family::IPV6 => Self::V6(Ipv6Addr::from(<[u8; 16]>::try_from(rest).ok()?)),
            _ => Self::Other {
                family,
                bytes: rest,
            },
        })
    }

    /// The address family number.
    pub fn family(&self) -> u16 {
        match self {
            Self::V4(_) => address_family::IPV4,
            Self::V6(_) => address_family::IPV6,
            Self::Other { family, .. } => *family,
        }
    }

    /// The encoded length: 2 bytes of family plus the address.
    pub fn encoded_len(&self) -> usize {
        2 + match self {
            Self::V4(_) => 4,
            Self::V6(_) => 16,
            Self::Other { bytes, .. } => bytes.len(),
        }
    }
}

impl From<core::net::IpAddr> for Address<'_> {
    fn from(ip: core::net::IpAddr) -> Self {
        match ip {
            core::net::IpAddr::V4(a) => Self::V4(a),
            core::net::IpAddr::V6(a) => Self::V6(a),
        }
    }
}

impl fmt::Display for Address<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::V4(a) => a.fmt(f),
            Self::V6(a) => a.fmt(f),
            Self::Other { family, bytes } => {
                write!(f, "family {family}: ")?;
                bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Address<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        match self {
            Self::V4(a) => defmt::write!(f, "{}", a.octets()),
            Self::V6(a) => defmt::write!(f, "{}", a.octets()),
            Self::Other { family, bytes } => defmt::write!(f, "family {}: {:x}", family, bytes),
        }
    }
}

/// A Time value: seconds since 1900-01-01 00:00 UTC as NTP counts them (RFC 6733 §4.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Time(pub u32);

/// Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (the Unix epoch).
const NTP_UNIX_OFFSET: i64 = 2_208_988_800;

impl Time {
    /// Seconds since the Unix epoch.
    ///
    /// RFC 6733 §4.3.1 (after RFC 5905): the 32-bit field wraps on
    /// 2036-02-07 06:28:16 UTC; values with the most significant bit clear
    /// are taken to be in the era that starts then.
    pub const fn unix_seconds(self) -> i64 {
        let secs = self.0 as i64;
        if self.0 & 0x8000_0000 != 0 {
            secs - NTP_UNIX_OFFSET
        } else {
            secs + (1i64 << 32) - NTP_UNIX_OFFSET
        }
    }

    /// The Time for `unix` seconds since the Unix epoch, when representable
    /// (1968-01-20 03:14:08 UTC to 2104-02-26 09:42:23 UTC).
    pub const fn from_unix_seconds(unix: i64) -> Option<Self> {
        let ntp = unix + NTP_UNIX_OFFSET;
        if ntp >= 0x8000_0000 && ntp <= 0xffff_ffff {
            Some(Self(ntp as u32))
        } else if ntp > 0xffff_ffff && ntp < (1i64 << 32) + 0x8000_0000 {
            Some(Self((ntp - (1i64 << 32)) as u32))
        } else {
            None
        }
    }
}

/// Transport named in a DiameterURI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum UriTransport {
    /// `transport=tcp`.
    Tcp,
    /// `transport=sctp`.
    Sctp,
    /// `transport=udp`.
    Udp,
}

/// Protocol named in a DiameterURI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum UriProtocol {
    /// `protocol=diameter`.
    Diameter,
    /// `protocol=radius`.
    Radius,
    /// `protocol=tacacs+`.
    TacacsPlus,
}

/// A parsed DiameterURI (RFC 6733 §4.3.1):
///
/// ```text
/// "aaa://" FQDN [ port ] [ transport ] [ protocol ]
/// "aaas://" FQDN [ port ] [ transport ] [ protocol ]
/// port      = ":" 1*DIGIT
/// transport = ";transport=" ("tcp" / "sctp" / "udp")
/// protocol  = ";protocol=" ("diameter" / "radius" / "tacacs+")
/// ```
///
/// The literals match case-insensitively, as ABNF strings do (RFC 5234
/// §2.3); the FQDN is a host name (letters, digits, `-`, `.`, `_`) or a
/// bracketed IPv6 literal; the two parameters may come in either order,
/// each at most once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DiameterUri<'a> {
    /// `aaas` (TLS/DTLS) rather than `aaa`.
    pub secure: bool,
    /// The host: FQDN or IP literal (brackets removed).
    pub fqdn: &'a str,
    /// The port given, if any.
    pub port: Option<u16>,
    /// The transport given, if any.
    pub transport: Option<UriTransport>,
    /// The protocol given, if any.
    pub protocol: Option<UriProtocol>,
    /// The whole URI.
    pub text: &'a str,
}

/// `s` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// The value `table` gives `word`, compared ignoring ASCII case.
fn keyword<T: Copy>(word: &str, table: &[(&str, T)]) -> Option<T> {
    table
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(word))
        .map(|&(_, v)| v)
}

const TRANSPORTS: &[(&str, UriTransport)] = &[
    ("tcp", UriTransport::Tcp),
    ("sctp", UriTransport::Sctp),
    ("udp", UriTransport::Udp),
];

const PROTOCOLS: &[(&str, UriProtocol)] = &[
    ("diameter", UriProtocol::Diameter),
    ("radius", UriProtocol::Radius),
    ("tacacs+", UriProtocol::TacacsPlus),
];

impl<'a> DiameterUri<'a> {
    /// Parses a DiameterURI; `None` if it does not follow the grammar, or
    /// names UDP for Diameter, which RFC 6733 §4.3.1 forbids (Diameter is
    /// the protocol when none is given).
    pub fn parse(s: &'a str) -> Option<Self> {
        let (secure, rest) = match strip_prefix_ignore_case(s, "aaas://") {
            Some(r) => (true, r),
            None => (false, strip_prefix_ignore_case(s, "aaa://")?),
        };
        let (authority, mut params) = rest.split_at(rest.find(';').unwrap_or(rest.len()));
        let (fqdn, port) = match authority.strip_prefix('[') {
            Some(v6) => {
                let (host, after) = v6.split_once(']')?;
                let ok = host
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
                (ok.then_some(host)?, after)
            }
            None => {
                let (host, after) =
                    authority.split_at(authority.find(':').unwrap_or(authority.len()));
                let ok = host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b));
                (ok.then_some(host)?, after)
            }
        };
        if fqdn.is_empty() {
            return None;
        }
        let port = match port.strip_prefix(':') {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                Some(p.parse().ok()?)
            }
            Some(_) => return None,
            None if port.is_empty() => None,
            None => return None,
        };
        let mut uri = Self {
            secure,
            fqdn,
            port,
            transport: None,
            protocol: None,
            text: s,
        };
        while let Some(p) = params.strip_prefix(';') {
            let (param, next) = p.split_at(p.find(';').unwrap_or(p.len()));
            params = next;
            let (key, value) = param.split_once('=')?;
            if key.eq_ignore_ascii_case("transport") && uri.transport.is_none() {
                uri.transport = Some(keyword(value, TRANSPORTS)?);
            } else if key.eq_ignore_ascii_case("protocol") && uri.protocol.is_none() {
                uri.protocol = Some(keyword(value, PROTOCOLS)?);
            } else {
                return None;
            }
        }
        let diameter = matches!(uri.protocol, None | Some(UriProtocol::Diameter));
        if diameter && uri.transport == Some(UriTransport::Udp) {
            return None;
        }
        Some(uri)
    }

    /// The port given, or the default: 3868 for `aaa`, 5658 for `aaas` (RFC 6733 §4.3.1).
    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(if self.secure { 5658 } else { 3868 })
    }
}

/// Action of an IPFilterRule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum FilterAction {
    /// `permit`.
    Permit,
    /// `deny`.
    Deny,
}

/// Direction of an IPFilterRule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum FilterDirection {
    /// `in`: from the terminal.
    In,
    /// `out`: to the terminal.
    Out,
}

/// A parsed IPFilterRule (RFC 6733 §4.3.1):
/// `action dir proto from src to dst [options]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct IpFilterRule<'a> {
    /// `permit` or `deny`.
    pub action: FilterAction,
    /// `in` or `out`.
    pub direction: FilterDirection,
    /// IP protocol number; `None` for `ip` (any protocol).
    pub protocol: Option<u8>,
    /// Source address and ports as written after `from`.
    pub source: &'a str,
    /// Destination address, ports and options as written after `to`.
    pub destination: &'a str,
    /// The whole rule.
    pub text: &'a str,
}

/// The first whitespace-delimited word of `s` and what follows it.
fn next_word(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if s.is_empty() {
        return None;
    }
    Some(s.split_at(s.find(|c: char| c.is_ascii_whitespace()).unwrap_or(s.len())))
}

/// `s` split around its first whitespace-delimited word equal to `word`.
fn split_at_word<'s>(s: &'s str, word: &str) -> Option<(&'s str, &'s str)> {
    let mut tail = s;
    loop {
        let (w, after) = next_word(tail)?;
        if w == word {
            let before = s.get(..s.len() - after.len() - w.len())?;
            return Some((before, after));
        }
        tail = after;
    }
}

impl<'a> IpFilterRule<'a> {
    /// Parses an IPFilterRule; `None` if it does not follow the grammar
    /// `action dir proto from src to dst [options]` (words separated by
    /// any ASCII whitespace).
    pub fn parse(text: &'a str) -> Option<Self> {
        let (action, rest) = next_word(text)?;
        let action = match action {
            "permit" => FilterAction::Permit,
            "deny" => FilterAction::Deny,
            _ => return None,
        };
        let (direction, rest) = next_word(rest)?;
        let direction = match direction {
            "in" => FilterDirection::In,
            "out" => FilterDirection::Out,
            _ => return None,
        };
        let (protocol, rest) = next_word(rest)?;
        let protocol = match protocol {
            "ip" => None,
            n => Some(n.parse().ok()?),
        };
        let ("from", rest) = next_word(rest)? else {
            return None;
        };
        let (source, destination) = split_at_word(rest, "to")?;
        let (source, destination) = (source.trim(), destination.trim());
        if source.is_empty() || destination.is_empty() {
            return None;
        }
        Some(Self {
            action,
            direction,
            protocol,
            source,
            destination,
            text,
        })
    }
}
