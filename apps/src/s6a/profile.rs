//! A subscriber's EPS subscription as S6a carries it in Subscription-Data
//! (TS 29.272 §7.3.2): written by the HSS into ULA and IDR, read back by
//! the MME.

use diameter_core::dict::cc::SERVICE_SELECTION;
use diameter_core::dict::s6a as d;
use diameter_core::wire::{Avp, MessageWriter};

use super::ids;

/// Subscriber-Status SERVICE_GRANTED (TS 29.272 §7.3.29).
pub const SERVICE_GRANTED: i32 = 0;
/// Subscriber-Status OPERATOR_DETERMINED_BARRING (TS 29.272 §7.3.29).
pub const OPERATOR_DETERMINED_BARRING: i32 = 1;
/// Network-Access-Mode PACKET_AND_CIRCUIT (TS 29.272 §7.3.21).
pub const PACKET_AND_CIRCUIT: i32 = 0;
/// Network-Access-Mode ONLY_PACKET (TS 29.272 §7.3.21).
pub const ONLY_PACKET: i32 = 2;
/// PDN-Type IPv4v6 (TS 29.272 §7.3.62).
pub const IPV4V6: i32 = 2;
/// Pre-emption-Capability/-Vulnerability ENABLED (TS 29.212 §5.3.46, §5.3.47).
pub const PRE_EMPTION_ENABLED: i32 = 0;
/// Pre-emption-Capability/-Vulnerability DISABLED (TS 29.212 §5.3.46, §5.3.47).
pub const PRE_EMPTION_DISABLED: i32 = 1;

/// An aggregate maximum bit rate, bits per second (TS 29.272 §7.3.41).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ambr {
    /// Max-Requested-Bandwidth-UL.
    pub ul: u32,
    /// Max-Requested-Bandwidth-DL.
    pub dl: u32,
}

/// Allocation-Retention-Priority (TS 29.212 §5.3.32).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arp {
    /// Priority-Level, 1 (highest) to 15.
    pub priority: u32,
    /// Pre-emption-Capability.
    pub capability: i32,
    /// Pre-emption-Vulnerability.
    pub vulnerability: i32,
}

/// One APN-Configuration (TS 29.272 §7.3.35).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apn {
    /// Context-Identifier.
    pub context_id: u32,
    /// Service-Selection: the APN.
    pub name: String,
    /// PDN-Type.
    pub pdn_type: i32,
    /// QoS-Class-Identifier of the EPS-Subscribed-QoS-Profile.
    pub qci: i32,
    /// Its Allocation-Retention-Priority.
    pub arp: Arp,
    /// APN-AMBR.
    pub ambr: Ambr,
}

/// The subscription data of one subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// MSISDN digits.
    pub msisdn: Option<String>,
    /// Subscriber-Status.
    pub status: i32,
    /// Network-Access-Mode.
    pub network_access_mode: i32,
    /// Access-Restriction-Data bits (TS 29.272 §7.3.31).
    pub access_restriction: u32,
    /// UE-AMBR.
    pub ambr: Ambr,
    /// Context-Identifier of the default APN configuration.
    pub default_context: u32,
    /// The APN configurations; none means no EPS subscription.
    pub apns: Vec<Apn>,
}

impl Profile {
    /// Writes Subscription-Data (TS 29.272 §7.3.2) with every APN
    /// configuration (All-APN-Configurations-Included-Indicator
    /// ALL_APN_CONFIGURATIONS_INCLUDED).
    pub fn write(&self, w: &mut MessageWriter<'_>) {
        w.grouped(d::SUBSCRIPTION_DATA, |w| {
            w.enumerated(d::SUBSCRIBER_STATUS, self.status);
            if let Some(m) = &self.msisdn {
                w.octets(d::MSISDN, &ids::msisdn_encode(m));
            }
            w.enumerated(d::NETWORK_ACCESS_MODE, self.network_access_mode);
            if self.access_restriction != 0 {
                w.u32(d::ACCESS_RESTRICTION_DATA, self.access_restriction);
            }
            write_ambr(w, &self.ambr);
            if !self.apns.is_empty() {
                w.grouped(d::APN_CONFIGURATION_PROFILE, |w| {
                    w.u32(d::CONTEXT_IDENTIFIER, self.default_context)
                        .enumerated(d::ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR, 0);
                    for apn in &self.apns {
                        apn.write(w);
                    }
                });
            }
        });
    }

    /// Reads Subscription-Data; what it lacks keeps its default.
    pub fn parse(data: &Avp<'_>) -> Self {
        let mut p = Profile::default();
        for a in data.grouped().map_while(Result::ok) {
            if a.vendor_id() != d::SUBSCRIPTION_DATA.vendor_id {
                continue;
            }
            match a.code() {
                c if c == d::SUBSCRIBER_STATUS.code => p.status = a.i32().unwrap_or(0),
                c if c == d::MSISDN.code => p.msisdn = ids::msisdn_decode(a.data()),
                c if c == d::NETWORK_ACCESS_MODE.code => {
                    p.network_access_mode = a.i32().unwrap_or(0)
                }
                c if c == d::ACCESS_RESTRICTION_DATA.code => {
                    p.access_restriction = a.u32().unwrap_or(0)
                }
                c if c == d::AMBR.code => p.ambr = parse_ambr(&a),
                c if c == d::APN_CONFIGURATION_PROFILE.code => {
                    p.default_context = u32_in(&a, &d::CONTEXT_IDENTIFIER);
                    p.apns = (a.grouped().map_while(Result::ok))
                        .filter(|c| is(c, &d::APN_CONFIGURATION))
                        .map(|c| Apn::parse(&c))
                        .collect();
                }
                _ => {}
            }
        }
        p
    }

    /// The default APN configuration.
    pub fn default_apn(&self) -> Option<&Apn> {
        self.apns
            .iter()
            .find(|a| a.context_id == self.default_context)
    }

    /// One line for people: MSISDN, UE-AMBR and the APNs.
    pub fn describe(&self) -> String {
        let apns: Vec<String> = self.apns.iter().map(|a| self.describe_apn(a)).collect();
        format!(
            "MSISDN {}, UE-AMBR {}, APNs {}",
            self.msisdn.as_deref().unwrap_or("-"),
            self.ambr,
            if apns.is_empty() {
                "-".to_string()
            } else {
                apns.join("; ")
            }
        )
    }

    fn describe_apn(&self, a: &Apn) -> String {
        let default = if a.context_id == self.default_context {
            " default"
        } else {
            ""
        };
        format!(
            "{} (context {}{default}, QCI {}, ARP {}, AMBR {})",
            a.name, a.context_id, a.qci, a.arp.priority, a.ambr
        )
    }

    /// What differs from `self` in `new`, one phrase per change.
    pub fn diff(&self, new: &Profile) -> Vec<String> {
        let mut out = Vec::new();
        if self.msisdn != new.msisdn {
            out.push(format!("MSISDN {:?} -> {:?}", self.msisdn, new.msisdn));
        }
        if self.status != new.status {
            out.push(format!("status {} -> {}", self.status, new.status));
        }
        if self.network_access_mode != new.network_access_mode {
            out.push(format!(
                "network access mode {} -> {}",
                self.network_access_mode, new.network_access_mode
            ));
        }
        if self.access_restriction != new.access_restriction {
            out.push(format!(
                "access restriction {:#x} -> {:#x}",
                self.access_restriction, new.access_restriction
            ));
        }
        if self.ambr != new.ambr {
            out.push(format!("UE-AMBR {} -> {}", self.ambr, new.ambr));
        }
        if self.default_context != new.default_context {
            out.push(format!(
                "default context {} -> {}",
                self.default_context, new.default_context
            ));
        }
        for a in &new.apns {
            match self.apns.iter().find(|o| o.context_id == a.context_id) {
                None => out.push(format!("APN added: {}", new.describe_apn(a))),
                Some(o) if o != a => out.push(format!("APN changed: {}", new.describe_apn(a))),
                Some(_) => {}
            }
        }
        for o in &self.apns {
            if !new.apns.iter().any(|a| a.context_id == o.context_id) {
                out.push(format!(
                    "APN removed: {} (context {})",
                    o.name, o.context_id
                ));
            }
        }
        out
    }
}

impl std::fmt::Display for Ambr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} bps", self.ul, self.dl)
    }
}

impl Apn {
    fn write(&self, w: &mut MessageWriter<'_>) {
        w.grouped(d::APN_CONFIGURATION, |w| {
            w.u32(d::CONTEXT_IDENTIFIER, self.context_id)
                .enumerated(d::PDN_TYPE, self.pdn_type)
                .utf8(SERVICE_SELECTION, &self.name)
                .grouped(d::EPS_SUBSCRIBED_QOS_PROFILE, |w| {
                    w.enumerated(d::QOS_CLASS_IDENTIFIER, self.qci).grouped(
                        d::ALLOCATION_RETENTION_PRIORITY,
                        |w| {
                            w.u32(d::PRIORITY_LEVEL, self.arp.priority)
                                .enumerated(d::PRE_EMPTION_CAPABILITY, self.arp.capability)
                                .enumerated(d::PRE_EMPTION_VULNERABILITY, self.arp.vulnerability);
                        },
                    );
                });
            write_ambr(w, &self.ambr);
        });
    }

    fn parse(a: &Avp<'_>) -> Self {
        let qos = a.lookup(
            d::EPS_SUBSCRIBED_QOS_PROFILE.code,
            d::EPS_SUBSCRIBED_QOS_PROFILE.vendor_id,
        );
        let arp = qos.and_then(|q| {
            q.lookup(
                d::ALLOCATION_RETENTION_PRIORITY.code,
                d::ALLOCATION_RETENTION_PRIORITY.vendor_id,
            )
        });
        let int = |avp: Option<Avp<'_>>, def: &diameter_core::dict::AvpDef| {
            avp.and_then(|x| x.lookup(def.code, def.vendor_id))
                .and_then(|x| x.i32().ok())
                .unwrap_or(0)
        };
        Self {
            context_id: u32_in(a, &d::CONTEXT_IDENTIFIER),
            name: (a.lookup(SERVICE_SELECTION.code, 0))
                .and_then(|s| s.utf8().ok())
                .unwrap_or_default()
                .to_string(),
            pdn_type: int(Some(*a), &d::PDN_TYPE),
            qci: int(qos, &d::QOS_CLASS_IDENTIFIER),
            arp: Arp {
                priority: arp.map_or(0, |x| u32_in(&x, &d::PRIORITY_LEVEL)),
                capability: int(arp, &d::PRE_EMPTION_CAPABILITY),
                vulnerability: int(arp, &d::PRE_EMPTION_VULNERABILITY),
            },
            ambr: a
                .lookup(d::AMBR.code, d::AMBR.vendor_id)
                .map(|x| parse_ambr(&x))
                .unwrap_or_default(),
        }
    }
}

fn write_ambr(w: &mut MessageWriter<'_>, ambr: &Ambr) {
    w.grouped(d::AMBR, |w| {
        w.u32(d::MAX_REQUESTED_BANDWIDTH_UL, ambr.ul)
            .u32(d::MAX_REQUESTED_BANDWIDTH_DL, ambr.dl);
    });
}

fn parse_ambr(a: &Avp<'_>) -> Ambr {
    Ambr {
        ul: u32_in(a, &d::MAX_REQUESTED_BANDWIDTH_UL),
        dl: u32_in(a, &d::MAX_REQUESTED_BANDWIDTH_DL),
    }
}

fn is(a: &Avp<'_>, def: &diameter_core::dict::AvpDef) -> bool {
    a.code() == def.code && a.vendor_id() == def.vendor_id
}

/// The Unsigned32 member `def` of grouped `a`, 0 when absent.
fn u32_in(a: &Avp<'_>, def: &diameter_core::dict::AvpDef) -> u32 {
    a.lookup(def.code, def.vendor_id)
        .and_then(|x| x.u32().ok())
        .unwrap_or(0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use diameter_core::wire::Message;

    pub(crate) fn sample() -> Profile {
        let apn = |id, name: &str| Apn {
            context_id: id,
            name: name.into(),
            pdn_type: IPV4V6,
            qci: 9,
            arp: Arp {
                priority: 8,
                capability: PRE_EMPTION_DISABLED,
                vulnerability: PRE_EMPTION_ENABLED,
            },
            ambr: Ambr {
                ul: 5_000_000,
                dl: 10_000_000,
            },
        };
        Profile {
            msisdn: Some("33612345678".into()),
            status: SERVICE_GRANTED,
            network_access_mode: ONLY_PACKET,
            access_restriction: 1,
            ambr: Ambr {
                ul: 50_000_000,
                dl: 100_000_000,
            },
            default_context: 1,
            apns: vec![apn(1, "internet"), apn(2, "ims")],
        }
    }

    #[test]
    fn subscription_data_round_trips() {
        let p = sample();
        let mut buf = vec![0u8; 1024];
        let mut w = MessageWriter::request(&mut buf, 319, 16777251, true, 1, 1);
        p.write(&mut w);
        let n = w.finish().unwrap();
        let msg = Message::new_checked(&buf[..n]).unwrap();
        let data = msg
            .lookup(d::SUBSCRIPTION_DATA.code, d::SUBSCRIPTION_DATA.vendor_id)
            .unwrap();
        assert_eq!(Profile::parse(&data), p);
        assert_eq!(p.default_apn().unwrap().name, "internet");
    }

    #[test]
    fn descriptions_and_differences() {
        let p = sample();
        assert_eq!(
            p.describe(),
            "MSISDN 33612345678, UE-AMBR 50000000/100000000 bps, APNs internet (context 1 \
             default, QCI 9, ARP 8, AMBR 5000000/10000000 bps); ims (context 2, QCI 9, ARP 8, \
             AMBR 5000000/10000000 bps)"
        );
        let mut q = p.clone();
        q.msisdn = None;
        q.apns.remove(1);
        q.apns[0].qci = 5;
        assert_eq!(
            p.diff(&q),
            [
                "MSISDN Some(\"33612345678\") -> None",
                "APN changed: internet (context 1 default, QCI 5, ARP 8, AMBR 5000000/10000000 bps)",
                "APN removed: ims (context 2)",
            ]
        );
        assert!(p.diff(&p).is_empty());
    }
}
