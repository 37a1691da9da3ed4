//! Editing the header of an encoded message in place.

use crate::wire::{flags, Error, ErrorKind, Header, Message, MessageWriter, HEADER_LEN};

fn message(buf: &mut [u8]) -> usize {
    let mut w = MessageWriter::request(buf, 272, 4, true, 1, 2);
    w.u32(crate::wire::AvpHead::mandatory(416), 1);
    w.finish().unwrap()
}

#[test]
fn setters_change_the_encoded_message() {
    let mut buf = [0u8; 64];
    let len = message(&mut buf);
    let h = Header::view_mut(&mut buf[..len]).unwrap();
    h.set_hop_by_hop(0x0102_0304);
    h.set_end_to_end(0x0506_0708);
    h.set_retransmit(true);
    h.set_flag(flags::PROXIABLE, false);
    assert_eq!(&buf[4..5], [flags::REQUEST | flags::RETRANSMIT]);
    assert_eq!(&buf[12..20], [1, 2, 3, 4, 5, 6, 7, 8]);
    let m = Message::new_checked(&buf[..len]).unwrap();
    assert_eq!((m.hop_by_hop(), m.end_to_end()), (0x0102_0304, 0x0506_0708));
    assert!(m.is_retransmit() && m.is_request() && !m.is_proxiable());
    // The rest of the header and the AVPs are untouched.
    assert_eq!((m.command_code(), m.application_id()), (272, 4));
    assert_eq!(m.lookup(416, 0).unwrap().u32(), Ok(1));
    let h = Header::view_mut(&mut buf[..len]).unwrap();
    h.set_retransmit(false);
    h.set_flags(flags::REQUEST | flags::PROXIABLE);
    assert_eq!(Header::view(&buf).unwrap().flags(), 0xc0);
}

#[test]
fn set_length_writes_the_24_bit_field() {
    let mut buf = [0u8; 64];
    let len = message(&mut buf);
    let h = Header::view_mut(&mut buf).unwrap();
    h.set_length(0x01_0203).unwrap();
    assert_eq!(h.length(), 0x01_0203);
    assert_eq!(&buf[1..4], [1, 2, 3]);
    let h = Header::view_mut(&mut buf).unwrap();
    assert_eq!(
        h.set_length(0x0100_0000),
        Err(Error::new(ErrorKind::MessageTooLarge, 1))
    );
    assert_eq!(h.length(), 0x01_0203);
    h.set_length(len).unwrap();
    assert!(Message::new_checked(&buf[..len]).is_ok());
}

#[test]
fn short_buffers_are_errors() {
    let mut buf = [0u8; HEADER_LEN];
    for n in 0..HEADER_LEN {
        let err = Error::new(ErrorKind::Truncated, n);
        assert_eq!(Header::view_mut(&mut buf[..n]).err(), Some(err));
        assert_eq!(Header::view(&buf[..n]).err(), Some(err));
    }
    assert!(Header::view_mut(&mut buf).is_ok());
}
