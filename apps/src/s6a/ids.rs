//! Identifiers carried by S6a: PLMN ids (TS 29.272 §7.3.9, TS 24.008
//! §10.5.1.13), MSISDNs in TBCD (TS 29.329 §6.3.2, TS 29.002 §17.7.8) and IMSIs.

use std::fmt;

/// A PLMN: MCC and MNC, as digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plmn {
    /// Mobile country code: three digits.
    pub mcc: String,
    /// Mobile network code: two or three digits.
    pub mnc: String,
}

impl Plmn {
    /// Parses `MCCMNC` (five or six digits).
    ///
    /// # Errors
    /// Not five or six decimal digits.
    pub fn parse(s: &str) -> Result<Self, String> {
        if !(5..=6).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{s:?} is not a PLMN (MCC and MNC: 5 or 6 digits)"));
        }
        Ok(Self {
            mcc: s[..3].to_string(),
            mnc: s[3..].to_string(),
        })
    }

    /// The 3-octet encoding of Visited-PLMN-Id (TS 24.008 §10.5.1.13):
    /// MCC2 MCC1, MNC3 MCC3, MNC2 MNC1, with F for a missing third MNC digit.
    pub fn encode(&self) -> [u8; 3] {
        let d = |s: &str, i: usize| s.as_bytes().get(i).map_or(0xf, |b| b - b'0');
        let (mcc, mnc) = (self.mcc.as_str(), self.mnc.as_str());
        [
            d(mcc, 1) << 4 | d(mcc, 0),
            d(mnc, 2) << 4 | d(mcc, 2),
            d(mnc, 1) << 4 | d(mnc, 0),
        ]
    }

    /// Decodes a Visited-PLMN-Id; `None` unless every nibble is a digit
    /// (and the third MNC digit, F when absent).
    pub fn decode(b: &[u8]) -> Option<Self> {
        let [a, b, c] = *b else { return None };
        let digit = |n: u8| (n <= 9).then(|| char::from(b'0' + n));
        let mcc: String = [a & 0xf, a >> 4, b & 0xf]
            .into_iter()
            .map(digit)
            .collect::<Option<_>>()?;
        let mut mnc: String = [c & 0xf, c >> 4]
            .into_iter()
            .map(digit)
            .collect::<Option<_>>()?;
        if b >> 4 != 0xf {
            mnc.push(digit(b >> 4)?);
        }
        Some(Self { mcc, mnc })
    }

    /// Whether `imsi` belongs to this PLMN: it starts with MCC ‖ MNC
    /// (TS 23.003 §2.2).
    pub fn is_home_of(&self, imsi: &str) -> bool {
        imsi.strip_prefix(self.mcc.as_str())
            .is_some_and(|rest| rest.starts_with(self.mnc.as_str()))
    }
}

impl fmt::Display for Plmn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.mcc, self.mnc)
    }
}

/// Whether `s` is an IMSI: 6 to 15 decimal digits (TS 23.003 §2.2).
pub fn is_imsi(s: &str) -> bool {
    (6..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// The IMSI `n` places after `imsi`, keeping its length; `None` past the
/// last one of that length.
pub fn imsi_plus(imsi: &str, n: u64) -> Option<String> {
    let v: u64 = imsi.parse().ok()?;
    let next = v.checked_add(n)?;
    let s = format!("{next:0width$}", width = imsi.len());
    (s.len() == imsi.len()).then_some(s)
}

/// An MSISDN in TBCD: two digits per octet, low nibble first, F filling
/// an odd last octet (TS 29.002 §17.7.8).
pub fn msisdn_encode(digits: &str) -> Vec<u8> {
    digits
        .as_bytes()
        .chunks(2)
        .map(|p| {
            let lo = p[0].wrapping_sub(b'0') & 0xf;
            let hi = p.get(1).map_or(0xf, |d| d.wrapping_sub(b'0') & 0xf);
            hi << 4 | lo
        })
        .collect()
}

/// The digits of a TBCD MSISDN; `None` if a nibble is not a digit.
pub fn msisdn_decode(tbcd: &[u8]) -> Option<String> {
    let mut s = String::with_capacity(tbcd.len() * 2);
    for (i, &b) in tbcd.iter().enumerate() {
        for (n, nibble) in [b & 0xf, b >> 4].into_iter().enumerate() {
            match nibble {
                0..=9 => s.push(char::from(b'0' + nibble)),
                0xf if n == 1 && i + 1 == tbcd.len() => {}
                _ => return None,
            }
        }
    }
    Some(s)
}

/// Whether `s` is an MSISDN: 1 to 15 decimal digits (ITU-T E.164).
pub fn is_msisdn(s: &str) -> bool {
    (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plmn_ids() {
        let p = Plmn::parse("00101").unwrap();
        assert_eq!(p.encode(), [0x00, 0xf1, 0x10]);
        assert_eq!(Plmn::decode(&[0x00, 0xf1, 0x10]), Some(p.clone()));
        // MCC 208, MNC 93 (as in TS 33.401 test data): 02 F8 39.
        assert_eq!(Plmn::parse("20893").unwrap().encode(), [0x02, 0xf8, 0x39]);
        let three = Plmn::parse("310410").unwrap();
        assert_eq!(three.encode(), [0x13, 0x00, 0x14]);
        assert_eq!(Plmn::decode(&three.encode()), Some(three));
        assert_eq!(Plmn::decode(&[0xab, 0xf1, 0x10]), None);
        assert_eq!(Plmn::decode(&[0, 0]), None);
        assert!(Plmn::parse("0010").is_err() && Plmn::parse("00a01").is_err());
        assert!(p.is_home_of("001010000000001"));
        assert!(!p.is_home_of("001020000000001"));
        assert_eq!(p.to_string(), "00101");
    }

    #[test]
    fn msisdns() {
        assert_eq!(msisdn_encode("1234567"), [0x21, 0x43, 0x65, 0xf7]);
        assert_eq!(msisdn_encode("12"), [0x21]);
        assert_eq!(msisdn_decode(&[0x21, 0x43, 0x65, 0xf7]).unwrap(), "1234567");
        assert_eq!(msisdn_decode(&[0x21]).unwrap(), "12");
        assert_eq!(msisdn_decode(&[0xf1, 0x21]), None);
        assert_eq!(msisdn_decode(&[0x2a]), None);
    }

    #[test]
    fn imsis() {
        assert!(is_imsi("001010000000001"));
        assert!(!is_imsi("00101000000000a") && !is_imsi("12345"));
        assert_eq!(imsi_plus("001010000000009", 1).unwrap(), "001010000000010");
        assert_eq!(imsi_plus("999999999999999", 1), None);
    }
}
