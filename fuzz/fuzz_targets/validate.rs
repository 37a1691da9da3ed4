//! Arbitrary bytes through `Message::new_checked`, `Validator::validate`
//! and, for requests, `write_error_answer`: nothing panics, a violation
//! points inside the message, and every answer parses back as the answer
//! to that request (R clear, same identifiers, E bit for protocol errors)
//! with every AVP well-formed and the culprit nested in Failed-AVP as deep
//! as it was in the request (RFC 6733 §6.2, §7.5). The insides of AVPs
//! copied from the request (the culprit, Proxy-Info, the echoed
//! application ids) are the peer's bytes and are not re-checked.
#![no_main]

use diameter_core::validate::{write_error_answer, AnswerIdentity, Culprit, Validator, Violation};
use diameter_core::wire::{Avp, AvpIter, ErrorKind, Message};
use libfuzzer_sys::fuzz_target;

const US: AnswerIdentity<'static> = AnswerIdentity {
    origin_host: "fuzz.example.com",
    origin_realm: "example.com",
};

fuzz_target!(|data: &[u8]| {
    let Ok(msg) = Message::new_checked(data) else {
        return;
    };
    let Err(v) = Validator::new(&[]).validate(&msg) else {
        return;
    };
    check_violation(&msg, &v);
    if msg.is_request() {
        check_answer(&msg, &v);
    }
});

/// The culprit and the groups around it lie inside the message, outermost first.
fn check_violation(msg: &Message<'_>, v: &Violation) {
    assert!(v.offset() <= msg.len(), "{v}");
    assert!(v.ancestors.windows(2).all(|w| w[0] < w[1]), "{v}");
    if let Some(&innermost) = v.ancestors.last() {
        assert!(innermost < v.offset(), "{v}");
    }
    if v.culprit == Culprit::None {
        assert!(v.ancestors.is_empty());
    }
}

/// Builds the answer to `req` and checks it as the peer would read it.
fn check_answer(req: &Message<'_>, v: &Violation) {
    let mut buf = vec![0u8; 512];
    let n = match write_error_answer(&mut buf, req, v, &US, None) {
        Ok(n) => n,
        Err(e) => {
            let ErrorKind::BufferTooSmall { needed } = e.kind else {
                panic!("{e}");
            };
            buf = vec![0u8; needed];
            write_error_answer(&mut buf, req, v, &US, None).unwrap()
        }
    };
    let ans = Message::new_checked(&buf[..n]).unwrap();
    assert_eq!(ans.len(), n);
    assert!(!ans.is_request());
    assert_eq!(ans.check_header_bits(), Ok(()));
    assert_eq!(ans.is_error(), v.is_protocol_error());
    assert_eq!(ans.is_proxiable(), req.is_proxiable());
    assert_eq!(
        (
            ans.command_code(),
            ans.application_id(),
            ans.hop_by_hop(),
            ans.end_to_end()
        ),
        (
            req.command_code(),
            req.application_id(),
            req.hop_by_hop(),
            req.end_to_end()
        )
    );
    ans.avps().check_all(&|_, _| false).unwrap();
    assert_eq!(ans.lookup(268, 0).unwrap().u32(), Ok(v.result_code));
    assert_eq!(ans.lookup(264, 0).unwrap().identity(), Ok(US.origin_host));
    let failed = ans.lookup(279, 0);
    let Some((code, vendor)) = v.avp() else {
        assert!(failed.is_none());
        return;
    };
    // One copy of each enclosing group's header, then the culprit.
    let mut level = failed.unwrap().grouped();
    for &group in &v.ancestors {
        let outer = only(level);
        assert_eq!(outer.as_bytes()[..4], req.as_bytes()[group..group + 4]);
        level = outer.grouped();
    }
    let culprit = only(level);
    assert_eq!((culprit.code(), culprit.vendor_id()), (code, vendor));
}

/// The one AVP of `avps`.
fn only(mut avps: AvpIter<'_>) -> Avp<'_> {
    let avp = avps.next().unwrap().unwrap();
    assert!(avps.next().is_none());
    avp
}
