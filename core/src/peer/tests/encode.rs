//! Base messages as written by `write_base`, and the capabilities checks
//! of CER and CEA.

use std::vec::Vec;

use super::{encode, identity, shapes, with_apps, Driver, Ev, HIGH, LOCAL};
use crate::dict::{application, base, result_code as rc, VENDOR_3GPP};
use crate::peer::cer::{process_cea, process_cer};
use crate::peer::{
    write_base, Action, AppId, BaseMessage, Conn, DisconnectCause, Event, Ids, PeerError,
    PeerFilter, State, VendorApp,
};
use crate::validate::{FailedAvp, Validator};
use crate::wire::{flags, ErrorKind, Message, MessageWriter};

/// The grammar check of [`Config::new`](crate::peer::Config::new).
const GRAMMAR: Option<crate::peer::CerCheck> = Some(crate::peer::check_cer_grammar);

const IDS: Ids = Ids {
    hop_by_hop: 0x1122_3344,
    end_to_end: 0x5566_7788,
};

const ALL: [BaseMessage; 6] = [
    BaseMessage::Cer,
    BaseMessage::Cea {
        result_code: 2001,
        failed: None,
    },
    BaseMessage::Dwr,
    BaseMessage::Dwa { result_code: 2001 },
    BaseMessage::Dpr {
        cause: DisconnectCause::DoNotWantToTalkToYou,
    },
    BaseMessage::Dpa { result_code: 2001 },
];

#[test]
fn every_base_message_follows_its_grammar() {
    let local = identity(LOCAL);
    for msg in ALL {
        let bytes = encode(&local, msg, IDS);
        let m = Message::new_checked(&bytes).unwrap();
        assert_eq!(m.len(), bytes.len());
        assert_eq!(Validator::new(&[]).validate(&m), Ok(()), "{msg:?}");
        assert_eq!((m.hop_by_hop(), m.end_to_end()), (0x1122_3344, 0x5566_7788));
        assert_eq!(m.application_id(), application::COMMON);
        assert!(!m.is_proxiable());
        let host = m.lookup(base::ORIGIN_HOST.code, 0).unwrap();
        assert_eq!(host.identity(), Ok(LOCAL));
        let is_request = matches!(
            msg,
            BaseMessage::Cer | BaseMessage::Dwr | BaseMessage::Dpr { .. }
        );
        assert_eq!(m.is_request(), is_request, "{msg:?}");
        assert_eq!(
            m.lookup(base::RESULT_CODE.code, 0).map(|a| a.u32()),
            (!is_request).then_some(Ok(2001))
        );
    }
}

#[test]
fn dpr_carries_its_cause_and_dwr_the_origin_state() {
    let local = identity(LOCAL);
    let dpr = encode(
        &local,
        BaseMessage::Dpr {
            cause: DisconnectCause::Busy,
        },
        IDS,
    );
    let dpr = Message::new_checked(&dpr).unwrap();
    let cause = dpr.lookup(base::DISCONNECT_CAUSE.code, 0).unwrap();
    assert_eq!(cause.enumerated(), Ok(1));
    let dwr = encode(&local, BaseMessage::Dwr, IDS);
    let dwr = Message::new_checked(&dwr).unwrap();
    let state = dwr.lookup(base::ORIGIN_STATE_ID.code, 0).unwrap();
    assert_eq!(state.u32(), Ok(7));
}

#[test]
fn protocol_errors_set_the_e_bit() {
    let local = identity(LOCAL);
    for (code, error) in [(3010, true), (5010, false), (2001, false)] {
        let bytes = encode(
            &local,
            BaseMessage::Cea {
                result_code: code,
                failed: None,
            },
            IDS,
        );
        let m = Message::new_checked(&bytes).unwrap();
        assert_eq!(m.is_error(), error, "{code}");
        assert_eq!(m.flags() & flags::REQUEST, 0);
        assert_eq!(Validator::new(&[]).validate(&m), Ok(()), "{code}");
    }
}

#[test]
fn a_small_buffer_reports_the_size_needed() {
    let local = identity(LOCAL);
    let full = encode(&local, BaseMessage::Cer, IDS);
    let mut small = [0u8; 40];
    let err = write_base(&mut small, &local, BaseMessage::Cer, IDS).unwrap_err();
    assert_eq!(err.kind, ErrorKind::BufferTooSmall { needed: full.len() });
}

#[test]
fn our_own_cer_describes_us() {
    let apps = [VendorApp {
        vendor_id: VENDOR_3GPP,
        app: AppId::Auth(application::S6A),
    }];
    let local = crate::peer::LocalIdentity {
        vendor_specific_application_ids: &apps,
        acct_application_ids: &[application::BASE_ACCOUNTING],
        supported_vendor_ids: &[VENDOR_3GPP],
        firmware_revision: Some(3),
        inband_security_ids: &[],
        ..identity(LOCAL)
    };
    let bytes = encode(&local, BaseMessage::Cer, IDS);
    let cer = Message::new_checked(&bytes).unwrap();
    assert_eq!(Validator::new(&[]).validate(&cer), Ok(()));
    let remote = process_cer(&cer, &local, &PeerFilter::Any, GRAMMAR).unwrap();
    assert_eq!(remote.origin_host, LOCAL);
    assert_eq!(remote.origin_realm, "example");
    assert_eq!(
        remote.applications,
        [
            application::CREDIT_CONTROL,
            application::BASE_ACCOUNTING,
            application::S6A
        ]
    );
    assert!(remote.supports(application::S6A) && !remote.supports(application::NASREQ));
    let vsai = cer
        .lookup(base::VENDOR_SPECIFIC_APPLICATION_ID.code, 0)
        .unwrap();
    assert_eq!(
        vsai.lookup(base::VENDOR_ID.code, 0).unwrap().u32(),
        Ok(VENDOR_3GPP)
    );
}

#[test]
fn common_applications_are_the_intersection_or_a_relay() {
    let cc = identity(LOCAL);
    let s6a = with_apps(HIGH, &[application::S6A, application::CREDIT_CONTROL]);
    let relay = with_apps(HIGH, &[application::RELAY]);
    let other = with_apps(HIGH, &[application::S6A]);
    let cer = |from| encode(from, BaseMessage::Cer, IDS);
    let process = |bytes: &Vec<u8>, local| {
        process_cer(
            &Message::new_checked(bytes).unwrap(),
            local,
            &PeerFilter::Any,
            GRAMMAR,
        )
        .map(|r| r.applications)
    };
    assert_eq!(
        process(&cer(&s6a), &cc).unwrap(),
        [application::CREDIT_CONTROL]
    );
    assert_eq!(process(&cer(&relay), &cc).unwrap(), [application::RELAY]);
    // A relay shares whatever the peer advertises.
    assert_eq!(process(&cer(&other), &relay).unwrap(), [application::S6A]);
    assert_eq!(
        process(&cer(&other), &cc),
        Err((rc::DIAMETER_NO_COMMON_APPLICATION, None))
    );
}

#[test]
fn unknown_peers_are_refused_case_insensitively() {
    let local = identity(LOCAL);
    let bytes = encode(&identity(HIGH), BaseMessage::Cer, IDS);
    let cer = Message::new_checked(&bytes).unwrap();
    let known = ["Z.Example"];
    let strangers = ["y.example"];
    assert!(process_cer(&cer, &local, &PeerFilter::Only(&known), GRAMMAR).is_ok());
    assert_eq!(
        process_cer(&cer, &local, &PeerFilter::Only(&strangers), GRAMMAR),
        Err((rc::DIAMETER_UNKNOWN_PEER, None))
    );
}

/// A CER from [`HIGH`] with every required AVP except those of code
/// `omit`, then the AVPs `body` writes.
fn cer_without(omit: u32, body: impl FnOnce(&mut MessageWriter<'_>)) -> Vec<u8> {
    bare(true, |w| {
        if omit != base::ORIGIN_HOST.code {
            w.identity(base::ORIGIN_HOST.head(), HIGH);
        }
        if omit != base::ORIGIN_REALM.code {
            w.identity(base::ORIGIN_REALM.head(), "example");
        }
        if omit != base::HOST_IP_ADDRESS.code {
            w.address(
                base::HOST_IP_ADDRESS.head(),
                crate::wire::Address::V4(core::net::Ipv4Addr::new(192, 0, 2, 9)),
            );
        }
        if omit != base::VENDOR_ID.code {
            w.u32(base::VENDOR_ID.head(), 0);
        }
        if omit != base::PRODUCT_NAME.code {
            w.utf8(base::PRODUCT_NAME.head(), "tests");
        }
        body(w);
    })
}

/// A capabilities message with only the AVPs `body` writes.
fn bare(request: bool, body: impl FnOnce(&mut MessageWriter<'_>)) -> Vec<u8> {
    let mut buf = [0u8; 512];
    let mut w = MessageWriter::request(&mut buf, 257, 0, false, 9, 9);
    w.set_flag(flags::REQUEST, request);
    body(&mut w);
    let len = w.finish().unwrap();
    buf[..len].to_vec()
}

#[test]
fn malformed_capabilities_get_their_result_codes() {
    let local = identity(LOCAL);
    let any = PeerFilter::Any;
    let check = |bytes: Vec<u8>, request: bool| {
        let m = Message::new_checked(&bytes).unwrap();
        if request {
            process_cer(&m, &local, &any, GRAMMAR)
                .map(|_| ())
                .map_err(|(code, _)| code)
        } else {
            process_cea(&m, &local).map(|_| ())
        }
    };
    let host = base::ORIGIN_HOST.head();
    let realm = base::ORIGIN_REALM.head();
    let result = base::RESULT_CODE.head();
    let auth = base::AUTH_APPLICATION_ID.head();
    // CEA without Result-Code.
    let no_rc = bare(false, |w| {
        w.identity(host, HIGH)
            .identity(realm, "example")
            .u32(auth, 4);
    });
    assert_eq!(check(no_rc, false), Err(rc::DIAMETER_MISSING_AVP));
    // CEA with a short Result-Code.
    let bad_rc = bare(false, |w| {
        w.octets(result, &[0, 1]).identity(host, HIGH);
    });
    assert_eq!(check(bad_rc, false), Err(rc::DIAMETER_INVALID_AVP_VALUE));
    // A failed CEA reports its own code.
    let failed = bare(false, |w| {
        w.u32(result, 5010).identity(host, HIGH);
    });
    assert_eq!(check(failed, false), Err(5010));
    // CER without Origin-Host, or with a name too long to record.
    let no_host = cer_without(host.code, |w| {
        w.u32(auth, 4);
    });
    assert_eq!(check(no_host, true), Err(rc::DIAMETER_MISSING_AVP));
    let long = "h".repeat(256);
    let long_host = cer_without(host.code, |w| {
        w.identity(host, &long).u32(auth, 4);
    });
    assert_eq!(check(long_host, true), Err(rc::DIAMETER_INVALID_AVP_VALUE));
    let no_realm = cer_without(realm.code, |w| {
        w.u32(auth, 4);
    });
    assert_eq!(check(no_realm, true), Err(rc::DIAMETER_MISSING_AVP));
    // A malformed AVP breaks the grammar: 5014.
    let truncated = cer_without(0, |w| {
        w.octets(auth, &[0, 0]);
    });
    assert_eq!(check(truncated, true), Err(rc::DIAMETER_INVALID_AVP_LENGTH));
    // A well-formed CER without common application: 5010.
    let other = cer_without(0, |w| {
        w.u32(auth, 99);
    });
    assert_eq!(check(other, true), Err(rc::DIAMETER_NO_COMMON_APPLICATION));
}

#[test]
fn a_refused_cer_is_answered_and_disconnected() {
    let mut d = Driver::new(LOCAL);
    let bytes = bare(true, |w| {
        w.identity(base::ORIGIN_REALM.head(), "example");
    });
    let actions = d
        .peer
        .handle(d.now, Event::ConnCer(Message::new_checked(&bytes).unwrap()));
    let refused = rc::DIAMETER_MISSING_AVP;
    assert_eq!(
        shapes(&actions),
        [
            Action::Accept,
            Action::Send {
                conn: Conn::R,
                msg: BaseMessage::Cea {
                    result_code: refused,
                    failed: Some(FailedAvp {
                        code: base::ORIGIN_HOST.code,
                        vendor_id: 0,
                        flags: crate::wire::avp_flags::MANDATORY,
                        data_len: 0,
                        missing: true,
                    }),
                },
                ids: Ids::default()
            },
            Action::Disconnect(Conn::R),
            Action::Error(PeerError::Refused(refused)),
        ]
    );
    // The answer repeats the CER's identifiers.
    assert!(
        matches!(actions[1], Action::Send { ids, .. } if ids == Ids { hop_by_hop: 9, end_to_end: 9 })
    );
    assert_eq!(d.peer.state(), State::Closed);
}

#[test]
fn a_cea_without_result_code_closes_the_connection() {
    let mut d = Driver::after(&[Ev::Start, Ev::Ack]);
    let bytes = bare(false, |w| {
        w.identity(base::ORIGIN_HOST.head(), HIGH)
            .identity(base::ORIGIN_REALM.head(), "example");
    });
    let actions = d.peer.handle(
        d.now,
        Event::Received(Conn::I, Message::new_checked(&bytes).unwrap()),
    );
    assert_eq!(
        actions.as_slice(),
        [
            Action::Error(PeerError::Rejected(rc::DIAMETER_MISSING_AVP)),
            Action::Disconnect(Conn::I),
            Action::State(State::Closed),
        ]
    );
    // Started peers retry after Tc.
    assert_eq!(d.peer.poll_timeout(), Some(d.now + crate::peer::TC_DEFAULT));
}

/// The CEA the peer sends for the CER `bytes`, written, and the
/// Failed-AVP's content.
fn refusal_of(bytes: &[u8]) -> (u32, Vec<u8>) {
    let mut d = Driver::new(LOCAL);
    let actions = d
        .peer
        .handle(d.now, Event::ConnCer(Message::new_checked(bytes).unwrap()));
    let Some(&Action::Send { msg, ids, .. }) = actions.get(1) else {
        panic!("no CEA: {actions:?}");
    };
    assert_eq!(actions.get(2), Some(&Action::Disconnect(Conn::R)));
    let cea = encode(&identity(LOCAL), msg, ids);
    let m = Message::new_checked(&cea).unwrap();
    assert_eq!(Validator::new(&[]).validate(&m), Ok(()));
    let code = m.lookup(base::RESULT_CODE.code, 0).unwrap().u32().unwrap();
    let failed = m.lookup(base::FAILED_AVP.code, 0).expect("a Failed-AVP");
    (code, failed.data().to_vec())
}

#[test]
fn a_cer_missing_a_required_avp_gets_5005_with_a_placeholder() {
    // Host-IP-Address: an Address placeholder of its minimal length.
    let (code, failed) = refusal_of(&cer_without(base::HOST_IP_ADDRESS.code, |w| {
        w.u32(base::AUTH_APPLICATION_ID.head(), 4);
    }));
    assert_eq!(code, rc::DIAMETER_MISSING_AVP);
    let min = crate::validate::grammars::min_data_len(&base::HOST_IP_ADDRESS);
    let mut expected = std::vec![0, 0, 1, 1, 0x40, 0, 0, 8 + min as u8];
    expected.resize((8 + min).next_multiple_of(4), 0);
    assert_eq!(failed, expected);
    // Vendor-Id: a zero Unsigned32.
    let (code, failed) = refusal_of(&cer_without(base::VENDOR_ID.code, |w| {
        w.u32(base::AUTH_APPLICATION_ID.head(), 4);
    }));
    assert_eq!(code, rc::DIAMETER_MISSING_AVP);
    assert_eq!(failed, [0, 0, 1, 10, 0x40, 0, 0, 12, 0, 0, 0, 0]);
    // Product-Name: an empty UTF8String (its M bit is clear, §5.3.7).
    let (code, failed) = refusal_of(&cer_without(base::PRODUCT_NAME.code, |w| {
        w.u32(base::AUTH_APPLICATION_ID.head(), 4);
    }));
    assert_eq!(code, rc::DIAMETER_MISSING_AVP);
    let m_bit = base::PRODUCT_NAME.head().flags;
    assert_eq!(failed, [0, 0, 1, 13, m_bit, 0, 0, 8]);
}

#[test]
fn a_cer_with_an_unknown_mandatory_avp_gets_5001() {
    let (code, failed) = refusal_of(&cer_without(0, |w| {
        w.u32(base::AUTH_APPLICATION_ID.head(), 4)
            .u32(crate::wire::AvpHead::mandatory(64_999), 7);
    }));
    assert_eq!(code, rc::DIAMETER_AVP_UNSUPPORTED);
    // Header of the culprit, with an unknown type's empty payload.
    assert_eq!(failed, [0, 0, 0xfd, 0xe7, 0x40, 0, 0, 8]);
}

static TLS_ONLY: [u32; 1] = [crate::peer::TLS];
static TLS_OR_NONE: [u32; 2] = [crate::peer::TLS, crate::peer::NO_INBAND_SECURITY];

#[test]
fn inband_security_is_advertised_only_beyond_no_inband_security() {
    let count = |local: &crate::peer::LocalIdentity<'_>| {
        let bytes = encode(local, BaseMessage::Cer, IDS);
        let m = Message::new_checked(&bytes).unwrap();
        m.avps()
            .map(Result::unwrap)
            .filter(|a| a.code() == base::INBAND_SECURITY_ID.code)
            .map(|a| a.u32().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(count(&identity(LOCAL)), []);
    let none_only = crate::peer::LocalIdentity {
        inband_security_ids: &[crate::peer::NO_INBAND_SECURITY],
        ..identity(LOCAL)
    };
    assert_eq!(count(&none_only), []);
    let tls = crate::peer::LocalIdentity {
        inband_security_ids: &TLS_OR_NONE,
        ..identity(LOCAL)
    };
    assert_eq!(count(&tls), TLS_OR_NONE);
}

#[test]
fn inband_security_is_negotiated_in_cer_and_cea() {
    let plain = identity(HIGH);
    let local = identity(LOCAL);
    let tls_only = crate::peer::LocalIdentity {
        inband_security_ids: &TLS_ONLY,
        ..identity(LOCAL)
    };
    let tls_or_none = crate::peer::LocalIdentity {
        inband_security_ids: &TLS_OR_NONE,
        ..identity(HIGH)
    };
    let cer = |from| encode(from, BaseMessage::Cer, IDS);
    let on_cer = |bytes: &Vec<u8>, local| {
        process_cer(
            &Message::new_checked(bytes).unwrap(),
            local,
            &PeerFilter::Any,
            GRAMMAR,
        )
        .map(|r| r.inband_security)
        .map_err(|(code, _)| code)
    };
    // Absent means NO_INBAND_SECURITY, which a TLS-only node refuses.
    assert_eq!(
        on_cer(&cer(&plain), &tls_only),
        Err(rc::DIAMETER_NO_COMMON_SECURITY)
    );
    assert_eq!(on_cer(&cer(&plain), &local), Ok(0));
    // Our first preference the peer offers.
    assert_eq!(on_cer(&cer(&tls_or_none), &tls_only), Ok(crate::peer::TLS));
    assert_eq!(
        on_cer(&cer(&tls_or_none), &local),
        Ok(crate::peer::NO_INBAND_SECURITY)
    );
    // CEA: the peer's 5017, and an answer not meeting our offer.
    let cea = |from, result_code| {
        encode(
            from,
            BaseMessage::Cea {
                result_code,
                failed: None,
            },
            IDS,
        )
    };
    let on_cea = |bytes: &Vec<u8>, local| {
        process_cea(&Message::new_checked(bytes).unwrap(), local).map(|r| r.inband_security)
    };
    assert_eq!(
        on_cea(&cea(&plain, 5017), &local),
        Err(rc::DIAMETER_NO_COMMON_SECURITY)
    );
    assert_eq!(
        on_cea(&cea(&plain, 2001), &tls_only),
        Err(rc::DIAMETER_NO_COMMON_SECURITY)
    );
    assert_eq!(
        on_cea(&cea(&tls_or_none, 2001), &tls_only),
        Ok(crate::peer::TLS)
    );
}

#[test]
fn no_common_security_is_answered_5017_and_disconnected() {
    let local = crate::peer::LocalIdentity {
        inband_security_ids: &TLS_ONLY,
        ..identity(LOCAL)
    };
    let mut peer = crate::peer::Peer::new(crate::peer::Config::new(local, 1));
    let bytes = encode(&identity(HIGH), BaseMessage::Cer, IDS);
    let actions = peer.handle(
        crate::peer::Instant::ZERO,
        Event::ConnCer(Message::new_checked(&bytes).unwrap()),
    );
    let code = rc::DIAMETER_NO_COMMON_SECURITY;
    assert_eq!(
        actions.as_slice(),
        [
            Action::Accept,
            Action::Send {
                conn: Conn::R,
                msg: BaseMessage::Cea {
                    result_code: code,
                    failed: None
                },
                ids: IDS
            },
            Action::Disconnect(Conn::R),
            Action::Error(PeerError::Refused(code)),
        ]
    );
    assert_eq!(peer.state(), State::Closed);
    // A CEA that does not meet our offer closes the initiator connection.
    let mut peer = crate::peer::Peer::new(crate::peer::Config::new(local, 1));
    peer.handle(crate::peer::Instant::ZERO, Event::Start);
    peer.handle(crate::peer::Instant::ZERO, Event::ConnAck);
    let bytes = encode(
        &identity(HIGH),
        BaseMessage::Cea {
            result_code: 2001,
            failed: None,
        },
        IDS,
    );
    let actions = peer.handle(
        crate::peer::Instant::ZERO,
        Event::Received(Conn::I, Message::new_checked(&bytes).unwrap()),
    );
    assert_eq!(
        actions.get(..2),
        Some(
            [
                Action::Error(PeerError::Rejected(code)),
                Action::Disconnect(Conn::I)
            ]
            .as_slice()
        )
    );
}

#[test]
fn an_invalid_dpr_leaves_the_peer_fully_open() {
    use super::M;
    let mut d = Driver::after(&[Ev::Cer(HIGH)]);
    assert_eq!(d.peer.state(), State::ROpen);
    // A DPR without Disconnect-Cause (RFC 6733 §5.4.1).
    let mut buf = [0u8; 128];
    let mut w = MessageWriter::request(&mut buf, 282, 0, false, 3, 4);
    w.identity(base::ORIGIN_HOST.head(), HIGH)
        .identity(base::ORIGIN_REALM.head(), "example");
    let len = w.finish().unwrap();
    let actions = d.peer.handle(
        d.now,
        Event::Received(Conn::R, Message::new_checked(&buf[..len]).unwrap()),
    );
    assert_eq!(
        actions.as_slice(),
        [Action::Send {
            conn: Conn::R,
            msg: BaseMessage::Dpa {
                result_code: rc::DIAMETER_MISSING_AVP
            },
            ids: Ids {
                hop_by_hop: 3,
                end_to_end: 4
            },
        }]
    );
    assert_eq!(d.peer.state(), State::ROpen);
    // The watchdog still runs, messages are delivered, DWRs answered.
    assert!(d.peer.poll_timeout().is_some());
    assert_eq!(
        d.apply(Ev::Rcv(Conn::R, M::App)).as_slice(),
        [Action::Deliver]
    );
    let dwa = d.apply(Ev::Rcv(Conn::R, M::Dwr));
    assert!(matches!(
        dwa.as_slice(),
        [Action::Send {
            conn: Conn::R,
            msg: BaseMessage::Dwa { result_code: 2001 },
            ..
        }]
    ));
    assert!(d.apply(Ev::Send).contains(&Action::Transmit(Conn::R)));
    // The watchdog's DWR still comes at its deadline.
    let dwr = d.apply(Ev::Timeout);
    assert!(
        dwr.iter().any(|a| matches!(
            a,
            Action::Send {
                msg: BaseMessage::Dwr,
                ..
            }
        )),
        "{dwr:?}"
    );
    assert_eq!(d.peer.state(), State::ROpen);
}
