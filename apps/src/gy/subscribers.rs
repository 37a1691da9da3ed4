//! Subscriber identities given on the command line: one, or a numeric
//! range such as `001010000000001-001010000001000` (IMSIs, MSISDNs).

use std::fmt;
use std::str::FromStr;

/// One identity, or a range of equal-width decimal identities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subscribers {
    /// A single identity, used as it is.
    One(String),
    /// `first` to `last` inclusive, written with `width` digits.
    Range {
        /// The first number.
        first: u128,
        /// The last number.
        last: u128,
        /// Digits, leading zeros included.
        width: usize,
    },
}

impl Subscribers {
    /// How many identities.
    pub fn len(&self) -> u128 {
        match self {
            Subscribers::One(_) => 1,
            Subscribers::Range { first, last, .. } => last - first + 1,
        }
    }

    /// Never empty: a range has at least its first identity.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The `i`-th identity, cycling through the range.
    pub fn get(&self, i: u128) -> String {
        match self {
            Subscribers::One(s) => s.clone(),
            Subscribers::Range { first, width, .. } => {
                format!("{:0width$}", first + i % self.len(), width = *width)
            }
        }
    }

    /// Every identity, in order.
    pub fn iter(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl FromStr for Subscribers {
    type Err = String;

    /// `A-B` with A and B decimal numbers of the same width, A ≤ B, is a
    /// range; anything else (a NAI, a SIP URI) is one identity.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err("an empty subscriber identity".into());
        }
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 38 && t.bytes().all(|b| b.is_ascii_digit());
        match s.split_once('-') {
            Some((a, b)) if digits(a) && digits(b) => {
                if a.len() != b.len() {
                    return Err(format!(
                        "{s}: both ends of a range need the same number of digits"
                    ));
                }
                let (first, last) = (
                    a.parse().map_err(|_| s.to_string())?,
                    b.parse().map_err(|_| s.to_string())?,
                );
                if first > last {
                    return Err(format!("{s}: the range is empty"));
                }
                Ok(Subscribers::Range {
                    first,
                    last,
                    width: a.len(),
                })
            }
            _ => Ok(Subscribers::One(s.to_string())),
        }
    }
}

impl fmt::Display for Subscribers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subscribers::One(s) => f.write_str(s),
            Subscribers::Range { .. } => write!(f, "{}-{}", self.get(0), self.get(self.len() - 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_keep_leading_zeros_and_cycle() {
        let r: Subscribers = "001010000000009-001010000000011".parse().unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(
            r.iter().collect::<Vec<_>>(),
            ["001010000000009", "001010000000010", "001010000000011"]
        );
        assert_eq!(r.get(3), "001010000000009");
        assert_eq!(r.to_string(), "001010000000009-001010000000011");
    }

    #[test]
    fn other_identities_are_single() {
        for s in [
            "alice@example.com",
            "sip:bob-1@example.com",
            "4912345",
            "12-abc",
        ] {
            assert_eq!(s.parse(), Ok(Subscribers::One(s.to_string())));
        }
        assert!("10-9".parse::<Subscribers>().is_err());
        assert!("1-22".parse::<Subscribers>().is_err());
        assert!("".parse::<Subscribers>().is_err());
    }
}
