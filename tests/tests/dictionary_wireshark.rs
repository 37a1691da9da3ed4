//! Cross-checks `diameter_core::dict` against Wireshark's Diameter dictionary
//! (`/usr/share/wireshark/diameter/*.xml`, shipped with tshark): every AVP we
//! define that Wireshark also knows (same code and vendor) must have the same
//! data type, apart from the listed exceptions where the specification and
//! Wireshark disagree.

use diameter_core::dict::{self, AvpDef, FlagRule};
use diameter_core::wire::DataType;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::path::Path;

const WIRESHARK_DIR: &str = "/usr/share/wireshark/diameter";

/// AVPs whose type differs from Wireshark's because the defining
/// specification says so: (code, vendor, Wireshark's type, why we differ).
const EXCEPTIONS: &[(u32, u32, &str, &str)] = &[
    (268, 0, "Enumerated", "Result-Code: RFC 6733 §7.1 says Unsigned32 (Wireshark enumerates it to name the codes)"),
    (270, 0, "Enumerated", "Session-Binding: RFC 6733 §8.17 says Unsigned32, a bit field"),
    (291, 0, "Integer32", "Authorization-Lifetime: RFC 6733 §8.9 says Unsigned32"),
    (298, 0, "Enumerated", "Experimental-Result-Code: RFC 6733 §7.7 says Unsigned32 (Wireshark enumerates it to name the codes)"),
    (8, 0, "IPAddress", "Framed-IP-Address: RFC 7155 §4.4.10.5.1 says OctetString, four raw octets without the Address family"),
    (4, 10415, "IPAddress", "3GPP-CG-Address: TS 29.061 §16.4.7 says OctetString, a raw IPv4 address"),
    (6, 10415, "IPAddress", "3GPP-SGSN-Address: TS 29.061 §16.4.7 says OctetString, a raw IPv4 address"),
    (7, 10415, "IPAddress", "3GPP-GGSN-Address: TS 29.061 §16.4.7 says OctetString, a raw IPv4 address"),
    (10, 10415, "UTF8String", "3GPP-NSAPI: TS 29.061 §16.4.7 says OctetString"),
    (11, 10415, "UTF8String", "3GPP-Session-Stop-Indicator: TS 29.061 §16.4.7 says OctetString"),
    (861, 10415, "Enumerated", "Cause-Code: TS 32.299 §7.2 says Integer32"),
    (1263, 10415, "UTF8String", "Access-Network-Information: TS 32.299 §7.2 says OctetString"),
    (1665, 10415, "Enumerated", "SIPTO-Local-Network-Permission: TS 29.272 §7.3.176 says Unsigned32"),
    (1682, 10415, "Enumerated", "Non-IP-Data-Delivery-Mechanism: TS 29.272 §7.3.205 says Unsigned32"),
    (1690, 10415, "Enumerated", "PDN-Connection-Continuity: TS 29.272 §7.3.214 says Unsigned32"),
    (1702, 10415, "Enumerated", "Operation-Mode: TS 29.272 §7.3.227 says Unsigned32"),
    (524, 10415, "UTF8String", "Codec-Data: TS 29.214 §5.3.7 says OctetString"),
    (719, 10415, "Enumerated", "UDR-Flags: TS 29.329 table 6.3.1 says Unsigned32, a bit field"),
    (2037, 10415, "Enumerated", "Change-Condition: TS 32.299 §7.2 says Integer32"),
    (2039, 10415, "Enumerated", "Diagnostics: TS 32.299 §7.2 says Integer32"),
];

/// Our data types that a Wireshark type name stands for (its `typedefn`s in
/// dictionary.xml); `None` for Wireshark types we have no equivalent of.
fn our_types(wireshark: &str) -> Option<&'static [DataType]> {
    use DataType::*;
    Some(match wireshark {
        "OctetString" | "MIPRegistrationRequest" => &[OctetString],
        "OctetStringOrUTF8" => &[OctetString, Utf8String],
        "UTF8String" => &[Utf8String],
        "IPAddress" => &[Address],
        "DiameterIdentity" => &[DiameterIdentity],
        "DiameterURI" => &[DiameterUri],
        "IPFilterRule" => &[IpFilterRule],
        "Integer32" => &[Integer32],
        "Integer64" => &[Integer64],
        "Unsigned32" | "VendorId" | "AppId" => &[Unsigned32],
        "Unsigned64" => &[Unsigned64],
        "Float32" => &[Float32],
        "Float64" => &[Float64],
        "Time" => &[Time],
        "Enumerated" => &[Enumerated],
        "Grouped" => &[Grouped],
        _ => return None,
    })
}

/// One `<avp>` of a Wireshark dictionary file, its vendor not yet resolved.
struct RawAvp {
    name: String,
    code: u32,
    vendor: String,
    def: WiresharkAvp,
}

/// What Wireshark says of one AVP definition.
#[derive(Debug, Clone, Default)]
struct WiresharkAvp {
    name: String,
    /// Its type name (`Grouped` for a `<grouped>`).
    type_name: String,
    /// Its `mandatory` attribute ("must", "may", "mustnot"), if any.
    mandatory: Option<String>,
    /// Its `<enum>`s: value and name.
    enums: Vec<(i64, String)>,
}

/// What one file declares: vendors (`vendor-id` name to number), AVPs,
/// and applications with their command codes.
#[derive(Default)]
struct FileDefs {
    vendors: HashMap<String, u32>,
    avps: Vec<RawAvp>,
    applications: Vec<(u32, String, Vec<u32>)>,
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).expect("well-formed attributes")?;
    Some(
        a.unescape_value()
            .expect("valid attribute value")
            .into_owned(),
    )
}

/// Parses one file as a stream of elements: the files are fragments (no
/// single root, external entities), so no tree parser takes them as they are.
fn parse(xml: &str, file: &str) -> FileDefs {
    let mut defs = FileDefs::default();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<RawAvp> = None;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let (start, closed) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if e.name().as_ref() == b"avp" => {
                defs.avps.extend(current.take());
                continue;
            }
            Event::Eof => return defs,
            _ => continue,
        };
        match start.name().as_ref() {
            b"application" => {
                let id = attr(start, "id").and_then(|c| c.parse().ok());
                let id = id.unwrap_or_else(|| panic!("{file}: application without a numeric id"));
                let name = attr(start, "name").unwrap_or_default();
                defs.applications.push((id, name, Vec::new()));
            }
            b"command" => {
                let code = attr(start, "code").and_then(|c| c.parse().ok());
                if let (Some(app), Some(code)) = (defs.applications.last_mut(), code) {
                    app.2.push(code);
                }
            }
            b"vendor" => {
                let (Some(id), Some(code)) = (attr(start, "vendor-id"), attr(start, "code")) else {
                    panic!("{file}: vendor without vendor-id or code");
                };
                defs.vendors
                    .insert(id, code.parse().expect("numeric vendor code"));
            }
            b"avp" if !closed => {
                let name = attr(start, "name").unwrap_or_default();
                let code = attr(start, "code").and_then(|c| c.parse().ok());
                let code =
                    code.unwrap_or_else(|| panic!("{file}: AVP {name} without a numeric code"));
                let vendor = attr(start, "vendor-id").unwrap_or_else(|| "None".into());
                let mandatory = attr(start, "mandatory");
                current = Some(RawAvp {
                    name: name.clone(),
                    code,
                    vendor,
                    def: WiresharkAvp {
                        name,
                        mandatory,
                        ..WiresharkAvp::default()
                    },
                });
            }
            b"type" => {
                if let (Some(avp), Some(t)) = (current.as_mut(), attr(start, "type-name")) {
                    avp.def.type_name = t;
                }
            }
            b"grouped" => {
                if let Some(avp) = current.as_mut() {
                    avp.def.type_name = "Grouped".into();
                }
            }
            b"enum" => {
                let value = attr(start, "code").and_then(|c| c.parse().ok());
                if let (Some(avp), Some(name), Some(value)) =
                    (current.as_mut(), attr(start, "name"), value)
                {
                    avp.def.enums.push((value, name));
                }
            }
            _ => {}
        }
    }
}

/// Every file of Wireshark's dictionary, parsed.
fn wireshark_files() -> Vec<FileDefs> {
    let dir = Path::new(WIRESHARK_DIR);
    assert!(
        dir.is_dir(),
        "{WIRESHARK_DIR} is missing: install tshark (`apt-get install -y tshark`, as CI does) to run this cross-check"
    );
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dictionary directory") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|x| x == "xml") {
            let xml = std::fs::read_to_string(&path).expect("UTF-8 dictionary file");
            files.push(parse(&xml, &path.display().to_string()));
        }
    }
    files
}

/// Checks that Wireshark knows application `id` by `name` (as one of its
/// names) and, where it lists the application's commands, these `codes`.
fn assert_application(id: u32, name: &str, codes: &[u32]) {
    let files = wireshark_files();
    let theirs: Vec<_> = files
        .iter()
        .flat_map(|f| f.applications.iter())
        .filter(|a| a.0 == id)
        .collect();
    assert!(
        theirs.iter().any(|a| a.1 == name),
        "application {id}: Wireshark has {theirs:?}"
    );
    let commands: Vec<u32> = theirs.iter().flat_map(|a| a.2.iter().copied()).collect();
    assert!(
        commands.is_empty() || codes.iter().all(|c| commands.contains(c)),
        "application {id}: Wireshark's commands {commands:?}, ours {codes:?}"
    );
}

/// Every AVP of Wireshark's dictionary by (code, vendor number), each with
/// the definitions it has (a few codes are defined twice).
fn wireshark_avps() -> HashMap<(u32, u32), Vec<WiresharkAvp>> {
    let files = wireshark_files();
    let vendors: HashMap<&str, u32> = files
        .iter()
        .flat_map(|f| f.vendors.iter())
        .map(|(id, &code)| (id.as_str(), code))
        .collect();
    let mut avps: HashMap<(u32, u32), Vec<WiresharkAvp>> = HashMap::new();
    for a in files.iter().flat_map(|f| f.avps.iter()) {
        let vendor = *vendors
            .get(a.vendor.as_str())
            .unwrap_or_else(|| panic!("AVP {}: unknown vendor {}", a.name, a.vendor));
        avps.entry((a.code, vendor))
            .or_default()
            .push(a.def.clone());
    }
    avps
}

/// Whether `def`'s type is one of those Wireshark gives it.
fn agrees(def: &AvpDef, wireshark: &[WiresharkAvp]) -> bool {
    wireshark
        .iter()
        .any(|w| our_types(&w.type_name).is_some_and(|ours| ours.contains(&def.data_type)))
}

/// The listed exception that explains why `def`'s type is not Wireshark's.
fn type_exception(
    def: &AvpDef,
    theirs: &[WiresharkAvp],
) -> Option<&'static (u32, u32, &'static str, &'static str)> {
    EXCEPTIONS.iter().find(|(code, vendor, t, _)| {
        (*code, *vendor) == (def.code, def.vendor_id) && theirs.iter().any(|w| w.type_name == *t)
    })
}

/// Wireshark's definitions of `def`, which must include one of its name
/// (or the one `names` lists for its code) and type (or a listed
/// exception to its type).
fn same_name_and_type<'w>(
    ws: &'w HashMap<(u32, u32), Vec<WiresharkAvp>>,
    def: &AvpDef,
    names: &[(u32, &str, &str)],
) -> &'w [WiresharkAvp] {
    let theirs = ws
        .get(&(def.code, def.vendor_id))
        .unwrap_or_else(|| panic!("Wireshark lacks {} ({})", def.name, def.code));
    let listed = names.iter().find(|n| n.0 == def.code).map(|n| n.1);
    assert!(
        theirs
            .iter()
            .any(|w| w.name == def.name || Some(w.name.as_str()) == listed),
        "{}: Wireshark names it {theirs:?}",
        def.name
    );
    assert!(
        agrees(def, theirs) || type_exception(def, theirs).is_some(),
        "{}: Wireshark types it {theirs:?}",
        def.name
    );
    theirs
}

#[test]
fn wireshark_parser_reads_known_definitions() {
    let ws = wireshark_avps();
    let types = |code, vendor| {
        ws.get(&(code, vendor)).map(|v| {
            v.iter()
                .map(|w| (w.name.as_str(), w.type_name.as_str()))
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(types(263, 0), Some(vec![("Session-Id", "UTF8String")]));
    assert_eq!(types(416, 0), Some(vec![("CC-Request-Type", "Enumerated")]));
    assert_eq!(
        types(1400, 10415),
        Some(vec![("Subscription-Data", "Grouped")])
    );
    assert_eq!(types(266, 0), Some(vec![("Vendor-Id", "VendorId")]));
    assert!(ws.len() > 2000, "only {} AVPs parsed", ws.len());
}

#[test]
fn avp_types_agree_with_wireshark() {
    let ws = wireshark_avps();
    let mut checked = 0;
    let mut disagreements = Vec::new();
    let mut used_exceptions = Vec::new();
    for def in dict::all_avps() {
        let Some(theirs) = ws.get(&(def.code, def.vendor_id)) else {
            continue;
        };
        checked += 1;
        if agrees(def, theirs) {
            continue;
        }
        match type_exception(def, theirs) {
            Some(e) => used_exceptions.push(e),
            None => disagreements.push(format!(
                "{} ({}, vendor {}): ours {:?}, Wireshark {:?}",
                def.name, def.code, def.vendor_id, def.data_type, theirs
            )),
        }
    }
    assert!(
        disagreements.is_empty(),
        "types differ from Wireshark:\n{}",
        disagreements.join("\n")
    );
    let stale: Vec<_> = EXCEPTIONS
        .iter()
        .filter(|e| !used_exceptions.contains(e))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions that no longer apply: {stale:?}"
    );
    let total = dict::all_avps().count();
    assert!(
        checked * 10 >= total * 8,
        "Wireshark knows only {checked} of our {total} AVPs"
    );
}

#[test]
fn doic_avps_agree_with_wireshark() {
    let ws = wireshark_avps();
    for def in dict::doic::AVPS {
        let theirs = same_name_and_type(&ws, def, &[]);
        // RFC 7683 §7.8: M MUST NOT; Wireshark must not require it either.
        assert_eq!(def.m_bit, FlagRule::MustNot, "{}", def.name);
        assert!(
            theirs
                .iter()
                .all(|w| w.mandatory.as_deref() != Some("must")),
            "{}: Wireshark requires the M bit",
            def.name
        );
        // Every value we name, Wireshark names the same (it also has RFC
        // 8581's PEER_REPORT, which RFC 7683 does not define).
        for e in def.enums {
            assert!(
                theirs
                    .iter()
                    .any(|w| w.enums.contains(&(i64::from(e.value), e.name.to_string()))),
                "{} value {} {}: Wireshark has {theirs:?}",
                def.name,
                e.value,
                e.name
            );
        }
    }
    let report_type = &ws[&(626, 0)];
    assert!(report_type.iter().any(|w| w.enums.len() >= 2));
}

/// Gx enumeration names that differ from Wireshark's because TS 29.212
/// spells them otherwise: (code, value, Wireshark's name, why).
const GX_ENUM_EXCEPTIONS: &[(u32, i32, &str, &str)] = &[
    (
        1000,
        1,
        "IMS SIGNALLING",
        "Bearer-Usage: TS 29.212 §5.3.1 writes IMS_SIGNALLING",
    ),
    (
        1006,
        36,
        "USER_CSG_ HYBRID_UNSUBSCRIBED_INFORMATION_CHANGE",
        "Event-Trigger: a stray space in Wireshark; TS 29.212 §5.3.7 has none",
    ),
];

/// Rx enumeration names that differ from Wireshark's because TS 29.214
/// spells them otherwise: (code, value, Wireshark's name, why).
const RX_ENUM_EXCEPTIONS: &[(u32, i32, &str, &str)] = &[(
    500,
    4,
    "SPONSORED_DATA_CONNECTIVITY_ DISALLOWED",
    "Abort-Cause: a stray space in Wireshark; TS 29.214 §5.3.1 has none",
)];

/// Where an application's AVPs differ from Wireshark's dictionary because
/// the specification says otherwise, each entry with the reason.
#[derive(Default)]
struct Differences {
    /// Enumeration names: (code, value, Wireshark's name, why).
    enums: &'static [(u32, i32, &'static str, &'static str)],
    /// M-bit rules: (code, Wireshark's `mandatory`, "" where it has none,
    /// why).
    m_bits: &'static [(u32, &'static str, &'static str)],
    /// AVP names: (code, Wireshark's name, why).
    names: &'static [(u32, &'static str, &'static str)],
}

/// Checks each of `avps` against Wireshark: name, type, M-bit rule (the
/// specification's AVP table, as Wireshark writes it) and every value
/// named, but for the `differences`, each of which must be used.
fn avps_agree_with_wireshark(avps: &[AvpDef], differences: Differences) {
    let ws = wireshark_avps();
    let mut used = 0;
    for def in avps {
        let theirs = same_name_and_type(&ws, def, differences.names);
        if !theirs.iter().any(|w| w.name == def.name) {
            used += 1;
        }
        let rule = |r: &str| theirs.iter().any(|w| w.mandatory.as_deref() == Some(r));
        let theirs_rule = if rule("must") {
            FlagRule::Must
        } else if rule("may") {
            FlagRule::May
        } else {
            FlagRule::MustNot
        };
        if def.m_bit != theirs_rule {
            let listed = differences.m_bits.iter().find(|m| m.0 == def.code);
            let none = theirs.iter().all(|w| w.mandatory.is_none());
            assert!(
                listed.is_some_and(|m| rule(m.1) || (m.1.is_empty() && none)),
                "{}: M bit {:?}, Wireshark {theirs_rule:?}",
                def.name,
                def.m_bit
            );
            used += 1;
        }
        for e in def.enums {
            let named = |name: &str| {
                theirs
                    .iter()
                    .any(|w| w.enums.contains(&(i64::from(e.value), name.to_string())))
            };
            if named(e.name) {
                continue;
            }
            let exception = differences
                .enums
                .iter()
                .find(|x| (x.0, x.1) == (def.code, e.value) && named(x.2));
            assert!(
                exception.is_some(),
                "{} value {} {}: Wireshark has {theirs:?}",
                def.name,
                e.value,
                e.name
            );
            used += 1;
        }
    }
    let listed = differences.enums.len() + differences.m_bits.len() + differences.names.len();
    assert_eq!(used, listed, "stale differences");
}

#[test]
fn gx_avps_agree_with_wireshark() {
    // TS 29.212 table 5.3.1 (TS 29.214 table 5.3.1 for Flow-Description).
    avps_agree_with_wireshark(
        dict::gx::AVPS,
        Differences {
            enums: GX_ENUM_EXCEPTIONS,
            ..Differences::default()
        },
    );
    let ws = wireshark_avps();
    // Wireshark's own Gx application and commands.
    let event_trigger = &ws[&(1006, 10415)];
    assert!(event_trigger.iter().any(|w| w.enums.len() >= 40));
}

#[test]
fn rx_avps_agree_with_wireshark() {
    // TS 29.214 table 5.3.1.
    avps_agree_with_wireshark(
        dict::rx::AVPS,
        Differences {
            enums: RX_ENUM_EXCEPTIONS,
            ..Differences::default()
        },
    );
    let ws = wireshark_avps();
    let specific_action = &ws[&(513, 10415)];
    assert!(specific_action.iter().any(|w| w.enums.len() >= 15));
}

#[test]
fn cx_avps_agree_with_wireshark() {
    // TS 29.229 table 6.3.1.
    const SPEC: &str = "TS 29.229 table 6.3.1 says M must not";
    const PREFIXED: &str =
        "Wireshark prefixes 3GPP- to keep it apart from RFC 4740's; TS 29.229 §6.3 does not";
    avps_agree_with_wireshark(
        dict::cx::AVPS,
        Differences {
            m_bits: &[
                (631, "must", SPEC),
                (634, "must", SPEC),
                (653, "must", SPEC),
                (654, "must", SPEC),
                (655, "must", SPEC),
                (657, "must", SPEC),
                (658, "must", SPEC),
            ],
            names: &[
                (607, "3GPP-SIP-Number-Auth-Items", PREFIXED),
                (608, "3GPP-SIP-Authentication-Scheme", PREFIXED),
                (609, "3GPP-SIP-Authenticate", PREFIXED),
                (610, "3GPP-SIP-Authorization", PREFIXED),
                (612, "3GPP-SIP-Auth-Data-Item", PREFIXED),
                (613, "3GPP-SIP-Item-Number", PREFIXED),
                (
                    634,
                    "Wildcarded-PSI",
                    "TS 29.229 §6.3 renamed it Wildcarded-Public-Identity",
                ),
            ],
            ..Differences::default()
        },
    );
    assert_application(16777216, "3GPP Cx", &[300, 301, 302, 303, 304, 305]);
}

#[test]
fn s13_agrees_with_wireshark() {
    // S13 defines no AVPs: those of its ECR/ECA are TS 29.272 §7.3's.
    use dict::s6a;
    let ecr_eca = [
        s6a::TERMINAL_INFORMATION,
        s6a::IMEI,
        s6a::SOFTWARE_VERSION,
        s6a::TGPP2_MEID,
        s6a::EQUIPMENT_STATUS,
    ];
    avps_agree_with_wireshark(&ecr_eca, Differences::default());
    assert_application(16777252, "3GPP S13/S13'", &[324]);
}

#[test]
fn sh_avps_agree_with_wireshark() {
    // TS 29.329 table 6.3.1.
    const SPEC: &str = "TS 29.329 table 6.3.1 says M must not";
    avps_agree_with_wireshark(
        dict::sh::AVPS,
        Differences {
            m_bits: &[
                (708, "must", SPEC),
                (709, "must", SPEC),
                (710, "must", SPEC),
                (712, "must", SPEC),
                (713, "must", SPEC),
                (714, "must", SPEC),
            ],
            names: &[(
                702,
                "Sh-User-Data",
                "TS 29.329 §6.3.3 names it User-Data (Cx's 606 is Cx-User-Data here)",
            )],
            ..Differences::default()
        },
    );
    assert_application(16777217, "3GPP Sh", &[306, 307, 308, 309]);
}

#[test]
fn rf_avps_agree_with_wireshark() {
    // TS 32.299 §7.2 (RFC 7155 §4.6 for the IETF counters).
    const SPEC: &str = "TS 32.299 table 7.2 writes M must; Wireshark gives no rule";
    avps_agree_with_wireshark(dict::rf::ietf::AVPS, Differences::default());
    avps_agree_with_wireshark(
        dict::rf::AVPS,
        Differences {
            m_bits: &[
                (2037, "", SPEC),
                (2038, "", SPEC),
                (2039, "", SPEC),
                (2040, "", SPEC),
                (2041, "", SPEC),
                (2042, "", SPEC),
                (2043, "", SPEC),
                (2044, "", SPEC),
                (2045, "", SPEC),
                (2046, "", SPEC),
                (2063, "", SPEC),
            ],
            ..Differences::default()
        },
    );
    assert_application(3, "Diameter Base Accounting", &[271]);
}

#[test]
fn swx_avps_agree_with_wireshark() {
    // TS 29.273 §8.2.3 (§5.2.3.7 for ANID).
    avps_agree_with_wireshark(dict::swx::AVPS, Differences::default());
    assert_application(16777265, "3GPP SWx", &[301, 303, 304, 305]);
}

#[test]
fn sy_avps_agree_with_wireshark() {
    // TS 29.219 table 5.3.1.
    avps_agree_with_wireshark(dict::sy::AVPS, Differences::default());
    assert_application(16777302, "3GPP Sy", &[]);
}
