//! Wireshark's XML dictionary format (`/usr/share/wireshark/diameter/`):
//! `<vendor vendor-id="Name" code="N">`, `<application id= name=>` with
//! its `<command name= code=>`s, and `<avp name= code= vendor-id=
//! mandatory=>` holding a `<type type-name=>` (with `<enum name= code=>`s)
//! or a `<grouped>`, anywhere in the file.
//!
//! A per-vendor file (`Ericsson.xml`), whose elements stand side by side
//! without a root, loads as it is. What is not supported: the external
//! entities through which `dictionary.xml` includes those files (`&Ericsson;`
//! is an error: load the files themselves instead); `<typedefn>`s of new
//! types (an AVP's type must be one of RFC 6733's or Wireshark's aliases
//! of them: IPAddress, AppId, VendorId, OctetStringOrUTF8, QoSFilterRule,
//! MIPRegistrationRequest); and the members `<gavp>` list (a loaded
//! Grouped AVP decodes its contents, it has no grammar for `--check`).
//! Vendor names are those of `<vendor>` elements of the files loaded so
//! far, plus `None` (0) and `TGPP` (10415), which `dictionary.xml` defines.

use std::collections::HashMap;
use std::path::Path;

use diameter_core::dict::{Application, AvpDef, CommandDef, EnumValue, FlagRule, VENDOR_3GPP};
use diameter_core::wire::DataType;
use roxmltree::{Document, Node, ParsingOptions};

use super::Loaded;

/// The root wrapped around a file's elements, so that a per-vendor file
/// (several top-level elements) is one XML document.
const ROOT: &str = "<d>";

/// Reads and loads dictionary `path` into `into`.
///
/// # Errors
/// As [`load`], or the file cannot be read.
pub fn load_file(path: &Path, into: &mut Loaded) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    load(&text, into).map_err(|e| format!("{}:{e}", path.display()))
}

/// Loads the dictionary `text` into `into`, which keeps the vendor names
/// it defines for the files after it.
///
/// # Errors
/// "LINE:COLUMN: what is wrong": malformed XML, an unknown type or
/// vendor, a missing or malformed attribute.
pub fn load(text: &str, into: &mut Loaded) -> Result<(), String> {
    let (wrapped, shift) = wrap(text);
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(&wrapped, options).map_err(|e| {
        let pos = e.pos();
        // roxmltree's message ends with the position, which the prefix gives.
        let message = e.to_string();
        let message = message
            .strip_suffix(&format!(" at {pos}"))
            .unwrap_or(&message);
        let hint = match e {
            roxmltree::Error::UnknownEntityReference(..) => {
                " (external entities, dictionary.xml's includes, are not followed: load that file itself)"
            }
            _ => "",
        };
        format!("{}:{}: {message}{hint}", pos.row, column(pos.row, pos.col, shift))
    })?;
    let at = |node: Node<'_, '_>, what: String| {
        let pos = doc.text_pos_at(node.range().start);
        format!("{}:{}: {what}", pos.row, column(pos.row, pos.col, shift))
    };
    let elements = || doc.descendants().filter(Node::is_element);
    for v in elements().filter(|n| n.has_tag_name("vendor")) {
        let name = attr(v, "vendor-id").map_err(|e| at(v, e))?;
        let code = number(v, "code").map_err(|e| at(v, e))?;
        into.vendors.insert(name.to_string(), code);
    }
    for a in elements().filter(|n| n.has_tag_name("application")) {
        let id = number(a, "id").map_err(|e| at(a, e))?;
        let name = leak(attr(a, "name").map_err(|e| at(a, e))?);
        into.applications.push(Application { id, name });
        for c in a.children().filter(|n| n.has_tag_name("command")) {
            into.commands.push(command(c, id).map_err(|e| at(c, e))?);
        }
    }
    for node in elements().filter(|n| n.has_tag_name("avp")) {
        let def = avp(node, &into.vendors).map_err(|(n, e)| at(n, e))?;
        into.avps.push(Box::leak(Box::new(def)));
    }
    Ok(())
}

/// `text` with its elements under one root, and how far that moved the
/// columns of line 1 (the XML declaration, if any, is replaced by the root
/// tag padded to its width).
fn wrap(text: &str) -> (String, usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains("<!DOCTYPE") {
        return (text.to_string(), 0);
    }
    let declaration = text
        .strip_prefix("<?xml")
        .and_then(|rest| rest.find("?>"))
        .map_or(0, |end| end + "<?xml?>".len());
    let body = text.get(declaration..).unwrap_or_default();
    let root = format!("{ROOT:declaration$}");
    let shift = root.len().saturating_sub(declaration);
    (format!("{root}{body}</d>"), shift)
}

/// The column in the file of column `col` of line `row` of the wrapped text.
fn column(row: u32, col: u32, shift: usize) -> u32 {
    match row {
        1 => col
            .saturating_sub(u32::try_from(shift).unwrap_or(u32::MAX))
            .max(1),
        _ => col,
    }
}

/// The definition of `<avp>` `node`, or the node at fault and what is wrong.
fn avp<'a, 'i>(
    node: Node<'a, 'i>,
    vendors: &HashMap<String, u32>,
) -> Result<AvpDef, (Node<'a, 'i>, String)> {
    let name = leak(attr(node, "name").map_err(|e| (node, e))?);
    let code = number(node, "code").map_err(|e| (node, e))?;
    let vendor_id = match node.attribute("vendor-id") {
        None | Some("None") => 0,
        Some("TGPP") => VENDOR_3GPP,
        Some(v) => *vendors.get(v).ok_or_else(|| {
            (
                node,
                format!("unknown vendor {v:?} (not defined by a <vendor> element)"),
            )
        })?,
    };
    let m_bit = match node.attribute("mandatory") {
        Some("must") => FlagRule::Must,
        None | Some("may") => FlagRule::May,
        Some("mustnot" | "must_not") => FlagRule::MustNot,
        Some(m) => return Err((node, format!("bad mandatory {m:?} (must, may or mustnot)"))),
    };
    let type_node = node.children().find(|n| n.has_tag_name("type"));
    let data_type = match type_node {
        _ if node.children().any(|n| n.has_tag_name("grouped")) => DataType::Grouped,
        Some(t) => data_type(attr(t, "type-name").map_err(|e| (t, e))?)
            .map_err(|e| (t, format!("AVP {name}: {e}")))?,
        None => return Err((node, format!("AVP {name} has no <type> or <grouped>"))),
    };
    let mut enums = Vec::new();
    if data_type == DataType::Enumerated {
        for e in node.children().filter(|n| n.has_tag_name("enum")) {
            let value = attr(e, "code").and_then(enum_code).map_err(|m| (e, m))?;
            let name = leak(attr(e, "name").map_err(|m| (e, m))?);
            enums.push(EnumValue { value, name });
        }
    }
    Ok(AvpDef {
        name,
        code,
        vendor_id,
        data_type,
        m_bit,
        enums: Vec::leak(enums),
    })
}

/// An `<enum>`'s code: an Integer32, or its 32 bits written unsigned
/// (Wireshark's `TGPP.xml` has 4294967295 for -1).
fn enum_code(code: &str) -> Result<i32, String> {
    (code.parse::<i32>())
        .or_else(|_| {
            code.parse::<u32>()
                .map(|u| i32::from_ne_bytes(u.to_ne_bytes()))
        })
        .map_err(|_| format!("bad Integer32 code {code:?}"))
}

/// A `<command>` of application `application_id`: "Credit-Control" gives
/// Credit-Control-Request/-Answer, abbreviated CCR/CCA.
fn command(node: Node<'_, '_>, application_id: u32) -> Result<CommandDef, String> {
    let name = attr(node, "name")?;
    let initials: String = name.split('-').filter_map(|w| w.chars().next()).collect();
    Ok(CommandDef {
        code: number(node, "code")?,
        application_id,
        request_name: leak(&format!("{name}-Request")),
        answer_name: leak(&format!("{name}-Answer")),
        request_abbrev: leak(&format!("{initials}R")),
        answer_abbrev: leak(&format!("{initials}A")),
        proxiable: true,
    })
}

/// The data type Wireshark's `type-name` stands for (its `<typedefn>`s
/// derive the aliases from RFC 6733's types).
fn data_type(name: &str) -> Result<DataType, String> {
    Ok(match name {
        "OctetString" | "OctetStringOrUTF8" | "QoSFilterRule" | "MIPRegistrationRequest" => {
            DataType::OctetString
        }
        "Integer32" => DataType::Integer32,
        "Integer64" => DataType::Integer64,
        "Unsigned32" | "AppId" | "VendorId" => DataType::Unsigned32,
        "Unsigned64" => DataType::Unsigned64,
        "Float32" => DataType::Float32,
        "Float64" => DataType::Float64,
        "Grouped" => DataType::Grouped,
        "Address" | "IPAddress" => DataType::Address,
        "Time" => DataType::Time,
        "UTF8String" => DataType::Utf8String,
        "DiameterIdentity" => DataType::DiameterIdentity,
        "DiameterURI" => DataType::DiameterUri,
        "Enumerated" => DataType::Enumerated,
        "IPFilterRule" => DataType::IpFilterRule,
        other => return Err(format!("unknown type {other:?}")),
    })
}

fn attr<'a>(node: Node<'a, '_>, name: &str) -> Result<&'a str, String> {
    let tag = node.tag_name().name();
    node.attribute(name)
        .ok_or_else(|| format!("<{tag}> without {name}="))
}

fn number(node: Node<'_, '_>, name: &str) -> Result<u32, String> {
    let text = attr(node, name)?;
    text.trim()
        .parse()
        .map_err(|_| format!("bad {name}={text:?}: not an unsigned 32-bit number"))
}

/// `s` for the rest of the process (see the module [`super`]).
fn leak(s: &str) -> &'static str {
    Box::leak(s.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiresharks_own_vendor_files_load() {
        for file in [
            "Ericsson.xml",
            "Nokia.xml",
            "TGPP.xml",
            "Starent.xml",
            "Cisco.xml",
        ] {
            let path = Path::new("/usr/share/wireshark/diameter").join(file);
            let mut loaded = Loaded::default();
            load_file(&path, &mut loaded).unwrap();
            assert!(!loaded.avps.is_empty(), "{file}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_cut_or_changed_dictionary_loads_or_is_an_error(cut in 0usize..400, at in 0usize..400, c in proptest::char::any()) {
            let good = "\u{feff}<?xml version=\"1.0\"?>\n<vendor vendor-id=\"X\" code=\"9\"/>\n<application id=\"7\" name=\"A\"><command name=\"Do-It\" code=\"5\"/></application>\n<avp name=\"A\" code=\"1\" vendor-id=\"X\" mandatory=\"must\"><type type-name=\"Enumerated\"/><enum name=\"ONE\" code=\"1\"/></avp>\n";
            let mut text: String = good.chars().take(cut).collect();
            if let Some((i, old)) = text.char_indices().nth(at) {
                text.replace_range(i..i + old.len_utf8(), &c.to_string());
            }
            let _ = load(&text, &mut Loaded::default());
        }
    }

    #[test]
    fn wiresharks_dictionary_xml_says_what_it_does_not_follow() {
        let path = Path::new("/usr/share/wireshark/diameter/dictionary.xml");
        let e = load_file(path, &mut Loaded::default()).unwrap_err();
        assert!(e.contains(": unknown entity reference '"), "{e}");
        assert!(
            e.ends_with("are not followed: load that file itself)"),
            "{e}"
        );
    }

    #[test]
    fn errors_give_line_and_column() {
        let mut loaded = Loaded::default();
        let bad = "<?xml version=\"1.0\"?>\n<vendor vendor-id=\"X\" code=\"9\"/>\n  <avp name=\"A\" code=\"1\"><type type-name=\"Strange\"/></avp>\n";
        assert_eq!(
            load(bad, &mut loaded),
            Err("3:26: AVP A: unknown type \"Strange\"".into())
        );
        let broken = "<avp name=\"A\" code=\"1\">\n <type type-name=\"UTF8String\">\n</avp>";
        let e = load(broken, &mut loaded).unwrap_err();
        assert_eq!(e, "3:1: expected 'type' tag, not 'avp'");
        let e = load("<avp name=\"A\" code=x>", &mut loaded).unwrap_err();
        assert!(e.starts_with("1:20: "), "{e}");
    }
}
