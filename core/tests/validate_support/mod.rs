//! Helpers of the validator tests: validate real bytes, build the error
//! answer and read back what the peer gets, and edit messages in place
//! with every enclosing length fixed up.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use diameter_core::dict::{self, AvpDef};
use diameter_core::validate::grammar::Grammar;
use diameter_core::validate::{grammars, write_error_answer, AnswerIdentity, Validator, Violation};
use diameter_core::wire::{avp_flags, flags, padded, AvpHead, AvpIter, DataType, Message};

/// The identity error answers are sent with.
pub const US: AnswerIdentity<'static> = AnswerIdentity {
    origin_host: "validator.test.example.com",
    origin_realm: "test.example.com",
};

/// Validates `bytes` with a validator for every known application.
pub fn validate(bytes: &[u8]) -> Result<(), Violation> {
    Validator::new(&[]).validate(&Message::new_checked(bytes).unwrap())
}

/// What the peer reads in an error answer.
#[derive(Debug)]
pub struct Answer {
    /// Result-Code.
    pub result_code: u32,
    /// Whether the E bit is set.
    pub e_bit: bool,
    /// The data of Failed-AVP (empty without one).
    pub failed_avp: Vec<u8>,
    /// The whole answer.
    pub bytes: Vec<u8>,
}

/// Builds the error answer to `request` for `v` and checks what every
/// answer must be (RFC 6733 §6.2, §7.2): well-formed down to its last
/// AVP, R clear, the request's command, application, identifiers, P bit
/// and Session-Id, our Origin-Host and Origin-Realm.
pub fn answer(request: &[u8], v: &Violation) -> Answer {
    let req = Message::new_checked(request).unwrap();
    let mut buf = [0u8; 2048];
    let n = write_error_answer(&mut buf, &req, v, &US, None).unwrap();
    let ans = Message::new_checked(&buf[..n]).unwrap();
    assert_eq!(ans.len(), n);
    assert!(!ans.is_request());
    assert_eq!(ans.is_proxiable(), req.is_proxiable());
    assert_eq!(
        (ans.command_code(), ans.application_id()),
        (req.command_code(), req.application_id())
    );
    assert_eq!(
        (ans.hop_by_hop(), ans.end_to_end()),
        (req.hop_by_hop(), req.end_to_end())
    );
    assert_eq!(ans.check_header_bits(), Ok(()));
    // Well-formed at every depth (a 3009 culprit keeps its reserved bits).
    ans.avps().check_all(&is_grouped).unwrap();
    let text = |code| ans.lookup(code, 0).map(|a| a.identity().unwrap());
    assert_eq!(text(264), Some(US.origin_host));
    assert_eq!(text(296), Some(US.origin_realm));
    if let Some(sid) = req.lookup(263, 0) {
        if v.avp() != Some((263, 0)) {
            assert_eq!(ans.lookup(263, 0).unwrap().as_bytes(), sid.as_bytes());
        }
    }
    Answer {
        result_code: ans.lookup(268, 0).unwrap().u32().unwrap(),
        e_bit: ans.flags() & flags::ERROR != 0,
        failed_avp: ans
            .lookup(279, 0)
            .map(|a| a.data().to_vec())
            .unwrap_or_default(),
        bytes: buf[..n].to_vec(),
    }
}

/// Whether the dictionary says (code, vendor) is Grouped.
pub fn is_grouped(code: u32, vendor: u32) -> bool {
    dict::avp(code, vendor).is_some_and(|d| d.data_type == DataType::Grouped)
}

/// The bytes of an AVP, padded: `flags` without V, which `vendor` decides.
pub fn avp(code: u32, vendor: u32, flags: u8, data: &[u8]) -> Vec<u8> {
    let head = AvpHead {
        code,
        vendor_id: vendor,
        flags,
    };
    let len = head.header_len() + data.len();
    let mut v = code.to_be_bytes().to_vec();
    v.push(flags | if vendor != 0 { avp_flags::VENDOR } else { 0 });
    v.extend_from_slice(&(len as u32).to_be_bytes()[1..]);
    if vendor != 0 {
        v.extend_from_slice(&vendor.to_be_bytes());
    }
    v.extend_from_slice(data);
    v.resize(padded(len), 0);
    v
}

/// The bytes of the AVP `def` as its definition writes it (M bit per its rule).
pub fn avp_of(def: &AvpDef, data: &[u8]) -> Vec<u8> {
    let head = def.head();
    avp(head.code, head.vendor_id, head.flags, data)
}

/// One AVP of a message: where it is and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Child {
    /// Offset of its header in the message.
    pub offset: usize,
    /// AVP Length.
    pub len: usize,
    /// AVP Code.
    pub code: u32,
    /// Vendor-ID.
    pub vendor: u32,
    /// Flags byte.
    pub flags: u8,
}

impl Child {
    /// Offset just past its padding.
    pub fn end(&self) -> usize {
        self.offset + padded(self.len)
    }
}

/// A sequence of AVPs the validator checks against a grammar: the message
/// body or the data of a Grouped AVP.
#[derive(Debug, Clone)]
pub struct Container {
    /// The Grouped AVP whose data this is (`None` for the message body).
    pub group: Option<&'static AvpDef>,
    /// The grammar.
    pub grammar: &'static Grammar,
    /// Offset of its first AVP.
    pub start: usize,
    /// Offset just past its last AVP.
    pub end: usize,
    /// Offsets of the Grouped AVPs enclosing it, outermost first (the
    /// group whose data this is comes last).
    pub ancestors: Vec<usize>,
    /// Its AVPs, in order.
    pub children: Vec<Child>,
}

impl Container {
    /// How many of its AVPs are `def`.
    pub fn count(&self, def: &AvpDef) -> usize {
        self.children
            .iter()
            .filter(|c| (c.code, c.vendor) == (def.code, def.vendor_id))
            .count()
    }
}

/// Every container of the valid request or answer `bytes`, depth-first:
/// the body, then each Grouped AVP that has a grammar.
pub fn containers(bytes: &[u8]) -> Vec<Container> {
    let msg = Message::new_checked(bytes).unwrap();
    let cmd = grammars::command(msg.command_code(), msg.application_id()).unwrap();
    let grammar = if msg.is_request() {
        &cmd.request
    } else {
        &cmd.answer
    };
    let mut out = Vec::new();
    collect(&mut out, None, grammar, msg.avps(), msg.len(), Vec::new());
    out
}

fn collect(
    out: &mut Vec<Container>,
    group: Option<&'static AvpDef>,
    grammar: &'static Grammar,
    avps: AvpIter<'_>,
    end: usize,
    ancestors: Vec<usize>,
) {
    let start = avps.offset();
    let avps: Vec<_> = avps.map(Result::unwrap).collect();
    out.push(Container {
        group,
        grammar,
        start,
        end,
        ancestors: ancestors.clone(),
        children: avps
            .iter()
            .map(|a| Child {
                offset: a.offset(),
                len: a.len(),
                code: a.code(),
                vendor: a.vendor_id(),
                flags: a.flags(),
            })
            .collect(),
    });
    for a in avps {
        let Some(def) = dict::avp(a.code(), a.vendor_id()) else {
            continue;
        };
        let Some(inner) = grammars::group(def) else {
            continue;
        };
        let mut path = ancestors.clone();
        path.push(a.offset());
        collect(
            out,
            Some(def),
            inner,
            a.grouped(),
            a.offset() + a.len(),
            path,
        );
    }
}

/// `bytes` with `remove` bytes at `at` replaced by `insert`: the message
/// length and the AVP Length of every group in `ancestors` (offsets of
/// AVPs that enclose `at`) change by the difference, a multiple of 4.
pub fn splice(
    bytes: &[u8],
    at: usize,
    remove: usize,
    insert: &[u8],
    ancestors: &[usize],
) -> Vec<u8> {
    let delta = insert.len() as i64 - remove as i64;
    assert_eq!(delta % 4, 0, "edits keep the 32-bit alignment");
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(insert);
    out.extend_from_slice(&bytes[at + remove..]);
    let adjust = |out: &mut Vec<u8>, field: usize| {
        let old = u32::from_be_bytes([0, out[field], out[field + 1], out[field + 2]]);
        let new = (i64::from(old) + delta) as u32;
        out[field..field + 3].copy_from_slice(&new.to_be_bytes()[1..]);
    };
    adjust(&mut out, 1);
    for &group in ancestors {
        adjust(&mut out, group + 5);
    }
    out
}

/// `bytes` without `child` of `c`.
pub fn drop_avp(bytes: &[u8], c: &Container, child: &Child) -> Vec<u8> {
    splice(bytes, child.offset, padded(child.len), &[], &c.ancestors)
}

/// `bytes` with a copy of `child` of `c` right after it; the copy is at `child.end()`.
pub fn duplicate_avp(bytes: &[u8], c: &Container, child: &Child) -> Vec<u8> {
    let copy = bytes[child.offset..child.end()].to_vec();
    splice(bytes, child.end(), 0, &copy, &c.ancestors)
}

/// `bytes` with the AVP bytes `new` inserted at `at` in `c`.
pub fn insert_avp(bytes: &[u8], c: &Container, at: usize, new: &[u8]) -> Vec<u8> {
    splice(bytes, at, 0, new, &c.ancestors)
}

/// The data of the first Grouped AVP `group` in `all`.
pub fn container_of<'c>(all: &'c [Container], group: &AvpDef) -> &'c Container {
    all.iter()
        .find(|c| c.group == Some(group))
        .unwrap_or_else(|| panic!("no {}", group.name))
}

/// The first AVP `def` of `c`.
pub fn child_of(c: &Container, def: &AvpDef) -> Child {
    *c.children
        .iter()
        .find(|a| (a.code, a.vendor) == (def.code, def.vendor_id))
        .unwrap_or_else(|| panic!("no {}", def.name))
}

/// The body of the message `bytes`.
pub fn body(bytes: &[u8]) -> Container {
    containers(bytes).swap_remove(0)
}

/// Validates `bytes` over every dictionary core defines ([`dict::ALL`]).
pub fn validate_all(bytes: &[u8]) -> Result<(), diameter_core::validate::Violation> {
    Validator::new(&[])
        .with_dictionaries(&dict::ALL)
        .validate(&Message::new_checked(bytes).unwrap())
}

/// What the validator must make of requests of an application outside
/// [`dict::DEFAULT`]: `valid` passes over [`dict::ALL`] and is 3007
/// DIAMETER_APPLICATION_UNSUPPORTED over the default set (RFC 6733
/// §7.1.3); `missing`, the same without `culprit`, and `valid` with an
/// unknown M-bit AVP, are answered as [`assert_missing`] and
/// [`assert_unknown_m_bit`] say.
pub fn assert_application_checks(valid: &[u8], missing: &[u8], culprit: &AvpDef) {
    use diameter_core::dict::result_code as rc;
    use diameter_core::validate::Reason;
    assert_eq!(validate_all(valid), Ok(()));
    let v = validate(valid).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason),
        (
            rc::DIAMETER_APPLICATION_UNSUPPORTED,
            Reason::UnknownApplication
        )
    );
    assert_missing(missing, culprit);
    assert_unknown_m_bit(valid);
}

/// `missing` is answered 5005 DIAMETER_MISSING_AVP over [`dict::ALL`],
/// naming `culprit` in Failed-AVP with a placeholder of its minimum size
/// (RFC 6733 §7.5).
pub fn assert_missing(missing: &[u8], culprit: &AvpDef) {
    use diameter_core::dict::result_code as rc;
    use diameter_core::validate::Reason;
    let v = validate_all(missing).unwrap_err();
    assert_eq!(
        (v.result_code, v.reason, v.avp()),
        (
            rc::DIAMETER_MISSING_AVP,
            Reason::MissingAvp,
            Some((culprit.code, culprit.vendor_id))
        )
    );
    let placeholder = vec![0; dict::ALL.min_data_len(culprit)];
    assert_eq!(
        answer(missing, &v).failed_avp,
        avp_of(culprit, &placeholder)
    );
}

/// The valid request `valid` with an unknown vendor AVP appended is
/// answered 5001 DIAMETER_AVP_UNSUPPORTED over [`dict::ALL`] when it has
/// the M bit (RFC 6733 §7.1.5), and admitted by `*[ AVP ]` without it.
pub fn assert_unknown_m_bit(valid: &[u8]) {
    use diameter_core::dict::result_code as rc;
    let unknown = |flags| {
        splice(
            valid,
            valid.len(),
            0,
            &avp(4999, 10415, flags, &[0; 4]),
            &[],
        )
    };
    let v = validate_all(&unknown(avp_flags::MANDATORY)).unwrap_err();
    assert_eq!(
        (v.result_code, v.avp()),
        (rc::DIAMETER_AVP_UNSUPPORTED, Some((4999, 10415)))
    );
    assert_eq!(answer(&unknown(avp_flags::MANDATORY), &v).result_code, 5001);
    assert_eq!(validate_all(&unknown(0)), Ok(()));
}
