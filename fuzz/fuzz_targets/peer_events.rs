//! Drives a peer state machine with arbitrary event sequences: garbage and
//! real-looking messages on either connection, connection events, clocks
//! that jump or go backwards. It must never panic, never fill its action
//! list, and never deliver or transmit an application message unless open
//! (RFC 6733 §5.6).
#![no_main]

use core::net::Ipv4Addr;
use core::time::Duration;

use diameter_core::dict::application;
use diameter_core::peer::{
    Action, Config, Conn, DisconnectCause, Event, Instant, LocalIdentity, Peer, MAX_ACTIONS,
};
use diameter_core::wire::{Address, Message};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let addresses = [Address::V4(Ipv4Addr::LOCALHOST)];
    let local = LocalIdentity {
        origin_host: "fuzz.example.net",
        origin_realm: "example.net",
        host_ip_addresses: &addresses,
        vendor_id: 0,
        product_name: "fuzz",
        origin_state_id: Some(1),
        supported_vendor_ids: &[],
        auth_application_ids: &[application::CREDIT_CONTROL],
        acct_application_ids: &[],
        vendor_specific_application_ids: &[],
        firmware_revision: None,
        inband_security_ids: &[],
    };
    let mut config = Config::new(local, 0x5eed);
    config.tw = Duration::from_secs(6);
    let mut peer = Peer::new(config);
    let mut now = 0u64;
    let mut rest = data;
    while let Some((&op, tail)) = rest.split_first() {
        rest = tail;
        // The clock moves by up to ~65 s, or back a little.
        let step = u64::from(rest.first().copied().unwrap_or(0)) * 256;
        now = if op & 0x80 != 0 {
            now.saturating_sub(step / 8)
        } else {
            now + step
        };
        let conn = if op & 0x40 != 0 { Conn::R } else { Conn::I };
        // A message: a length byte, then that many bytes of the input.
        let take = usize::from(rest.get(1).copied().unwrap_or(0)).min(rest.len().saturating_sub(2));
        let bytes = rest.get(2..2 + take).unwrap_or_default();
        let msg = Message::new_checked(bytes).ok();
        let event = match (op & 0x0f, msg) {
            (0, _) => Event::Start,
            (1, _) => Event::Stop(DisconnectCause::Rebooting),
            (2, _) => Event::Stop(DisconnectCause::DoNotWantToTalkToYou),
            (3, _) => Event::ConnAck,
            (4, _) => Event::ConnNack,
            (5, Some(m)) => Event::ConnCer(m),
            (6 | 7 | 8, Some(m)) => Event::Received(conn, m),
            (9, _) => Event::PeerDisc(conn),
            (10 | 11, _) => Event::Timeout,
            (12, Some(m)) => Event::Send(m),
            _ => Event::Timeout,
        };
        if matches!(op & 0x0f, 5..=8 | 12) {
            rest = rest.get(2 + take..).unwrap_or_default();
        }
        let was_open = peer.state().is_open();
        let actions = peer.handle(Instant::from_millis(now), event);
        assert!(actions.len() < MAX_ACTIONS, "action list full: {actions:?}");
        for a in &actions {
            if matches!(a, Action::Deliver | Action::Transmit(_)) {
                assert!(was_open, "{a:?} while {}", peer.state());
            }
        }
    }
});
