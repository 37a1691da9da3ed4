//! Property tests of the codec: random AVP trees survive encode → parse,
//! every truncation fails with the exact error, a too-small buffer reports
//! the exact size needed, and framing finds exactly the messages of a
//! randomly chunked stream.

mod common;

use std::net::{Ipv4Addr, Ipv6Addr};

use diameter_core::wire::{
    avp_flags, flags, frame_len, padded, Address, Avp, AvpHead, AvpIter, Error, ErrorKind, Message,
    MessageWriter, Status, Time, HEADER_LEN,
};
use proptest::prelude::*;
use proptest::sample::Index;

/// An Address value as the model holds it.
#[derive(Debug, Clone, PartialEq)]
enum Addr {
    V4([u8; 4]),
    V6([u8; 16]),
    Other(u16, Vec<u8>),
}

impl Addr {
    fn view(&self) -> Address<'_> {
        match self {
            Self::V4(a) => Address::V4(Ipv4Addr::from(*a)),
            Self::V6(a) => Address::V6(Ipv6Addr::from(*a)),
            Self::Other(family, bytes) => Address::Other {
                family: *family,
                bytes,
            },
        }
    }
}

/// Leaf data of one of the RFC 6733 §4.2/§4.3 types; floats as their bits
/// so NaNs compare equal.
#[derive(Debug, Clone, PartialEq)]
enum Leaf {
    Octets(Vec<u8>),
    Utf8(String),
    I32(i32),
    I64(i64),
    U32(u32),
    U64(u64),
    F32(u32),
    F64(u64),
    Time(u32),
    Address(Addr),
}

#[derive(Debug, Clone, PartialEq)]
enum Data {
    Leaf(Leaf),
    Group(Vec<Node>),
}

/// One AVP of the model: `flags` holds M and P; V follows from the vendor.
#[derive(Debug, Clone, PartialEq)]
struct Node {
    code: u32,
    vendor: u32,
    flags: u8,
    data: Data,
}

/// A message of the model.
#[derive(Debug, Clone, PartialEq)]
struct Msg {
    command: u32,
    app: u32,
    hop_by_hop: u32,
    end_to_end: u32,
    request: bool,
    proxiable: bool,
    avps: Vec<Node>,
}

impl Leaf {
    fn len(&self) -> usize {
        match self {
            Self::Octets(d) => d.len(),
            Self::Utf8(s) => s.len(),
            Self::I32(_) | Self::U32(_) | Self::F32(_) | Self::Time(_) => 4,
            Self::I64(_) | Self::U64(_) | Self::F64(_) => 8,
            Self::Address(a) => a.view().encoded_len(),
        }
    }

    fn write(&self, w: &mut MessageWriter<'_>, head: AvpHead) {
        match self {
            Self::Octets(d) => w.octets(head, d),
            Self::Utf8(s) => w.utf8(head, s),
            Self::I32(v) => w.i32(head, *v),
            Self::I64(v) => w.i64(head, *v),
            Self::U32(v) => w.u32(head, *v),
            Self::U64(v) => w.u64(head, *v),
            Self::F32(v) => w.f32(head, f32::from_bits(*v)),
            Self::F64(v) => w.f64(head, f64::from_bits(*v)),
            Self::Time(v) => w.time(head, Time(*v)),
            Self::Address(a) => w.address(head, a.view()),
        };
    }

    /// Reads `avp` as the same type as `self`.
    fn read_like(&self, avp: &Avp<'_>) -> Leaf {
        match self {
            Self::Octets(_) => Self::Octets(avp.octets().to_vec()),
            Self::Utf8(_) => Self::Utf8(avp.utf8().unwrap().to_owned()),
            Self::I32(_) => Self::I32(avp.i32().unwrap()),
            Self::I64(_) => Self::I64(avp.i64().unwrap()),
            Self::U32(_) => Self::U32(avp.u32().unwrap()),
            Self::U64(_) => Self::U64(avp.u64().unwrap()),
            Self::F32(_) => Self::F32(avp.f32().unwrap().to_bits()),
            Self::F64(_) => Self::F64(avp.f64().unwrap().to_bits()),
            Self::Time(_) => Self::Time(avp.time().unwrap().0),
            Self::Address(_) => Self::Address(match avp.address().unwrap() {
                Address::V4(a) => Addr::V4(a.octets()),
                Address::V6(a) => Addr::V6(a.octets()),
                Address::Other { family, bytes } => Addr::Other(family, bytes.to_vec()),
            }),
        }
    }
}

impl Node {
    fn head(&self) -> AvpHead {
        AvpHead {
            code: self.code,
            vendor_id: self.vendor,
            flags: self.flags,
        }
    }

    /// Encoded size with padding, computed from the RFC's layout alone.
    fn encoded_len(&self) -> usize {
        let data = match &self.data {
            Data::Leaf(l) => l.len(),
            Data::Group(children) => children.iter().map(Node::encoded_len).sum(),
        };
        padded(self.head().header_len() + data)
    }

    fn write(&self, w: &mut MessageWriter<'_>) {
        match &self.data {
            Data::Leaf(l) => l.write(w, self.head()),
            Data::Group(children) => {
                w.grouped(self.head(), |w| children.iter().for_each(|c| c.write(w)));
            }
        }
    }

    /// Reads `avp` with the shape of `self`.
    fn read_like(&self, avp: &Avp<'_>) -> Node {
        assert_eq!(avp.is_vendor_specific(), avp.vendor_id() != 0);
        let data = match &self.data {
            Data::Leaf(l) => Data::Leaf(l.read_like(avp)),
            Data::Group(children) => Data::Group(read_all(avp.grouped(), children)),
        };
        Node {
            code: avp.code(),
            vendor: avp.vendor_id(),
            flags: avp.flags() & !avp_flags::VENDOR,
            data,
        }
    }
}

/// Reads every AVP of `iter`, each with the shape of its counterpart in `like`.
fn read_all(iter: AvpIter<'_>, like: &[Node]) -> Vec<Node> {
    let avps: Vec<_> = iter.map(Result::unwrap).collect();
    assert_eq!(avps.len(), like.len());
    like.iter()
        .zip(&avps)
        .map(|(n, a)| n.read_like(a))
        .collect()
}

impl Msg {
    fn encoded_len(&self) -> usize {
        HEADER_LEN + self.avps.iter().map(Node::encoded_len).sum::<usize>()
    }

    fn encode_into(&self, buf: &mut [u8]) -> diameter_core::wire::Result<usize> {
        let mut w = MessageWriter::request(
            buf,
            self.command,
            self.app,
            self.proxiable,
            self.hop_by_hop,
            self.end_to_end,
        );
        w.set_flag(flags::REQUEST, self.request);
        self.avps.iter().for_each(|n| n.write(&mut w));
        w.finish()
    }

    fn encode(&self) -> Vec<u8> {
        let mut buf = vec![0; self.encoded_len()];
        assert_eq!(self.encode_into(&mut buf), Ok(buf.len()));
        buf
    }

    /// Reads `msg` with the shape of `self`.
    fn read_like(&self, msg: &Message<'_>) -> Msg {
        Msg {
            command: msg.command_code(),
            app: msg.application_id(),
            hop_by_hop: msg.hop_by_hop(),
            end_to_end: msg.end_to_end(),
            request: msg.is_request(),
            proxiable: msg.is_proxiable(),
            avps: read_all(msg.avps(), &self.avps),
        }
    }
}

fn addr() -> impl Strategy<Value = Addr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(Addr::V4),
        any::<[u8; 16]>().prop_map(Addr::V6),
        (3u16.., prop::collection::vec(any::<u8>(), 0..20)).prop_map(|(f, b)| Addr::Other(f, b)),
    ]
}

fn leaf() -> impl Strategy<Value = Leaf> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Leaf::Octets),
        "(?s).{0,12}".prop_map(Leaf::Utf8),
        any::<i32>().prop_map(Leaf::I32),
        any::<i64>().prop_map(Leaf::I64),
        any::<u32>().prop_map(Leaf::U32),
        any::<u64>().prop_map(Leaf::U64),
        any::<u32>().prop_map(Leaf::F32),
        any::<u64>().prop_map(Leaf::F64),
        any::<u32>().prop_map(Leaf::Time),
        addr().prop_map(Leaf::Address),
    ]
}

/// Code, vendor (often 0 or 3GPP) and M/P flags.
fn head() -> impl Strategy<Value = (u32, u32, u8)> {
    (
        any::<u32>(),
        prop_oneof![Just(0u32), Just(10415), any::<u32>()],
        prop::sample::select(vec![0u8, 0x40, 0x20, 0x60]),
    )
}

/// AVP trees with Grouped AVPs nested up to three deep.
fn node() -> impl Strategy<Value = Node> {
    let leaf_node = (head(), leaf()).prop_map(|((code, vendor, flags), l)| Node {
        code,
        vendor,
        flags,
        data: Data::Leaf(l),
    });
    leaf_node.prop_recursive(3, 48, 5, |inner| {
        (head(), prop::collection::vec(inner, 0..5)).prop_map(|((code, vendor, flags), c)| Node {
            code,
            vendor,
            flags,
            data: Data::Group(c),
        })
    })
}

fn msg_with(avps: impl Strategy<Value = Vec<Node>>) -> impl Strategy<Value = Msg> {
    (
        0u32..=0xff_ffff,
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        any::<bool>(),
        any::<bool>(),
        avps,
    )
        .prop_map(
            |(command, app, hop_by_hop, end_to_end, request, proxiable, avps)| Msg {
                command,
                app,
                hop_by_hop,
                end_to_end,
                request,
                proxiable,
                avps,
            },
        )
}

fn msg() -> impl Strategy<Value = Msg> {
    msg_with(prop::collection::vec(node(), 0..8))
}

/// Splits `stream` into chunks of the given sizes (cycled), feeds them to
/// an accumulate-and-frame loop, and returns the frames found and what is
/// left over.
fn frame_stream(stream: &[u8], sizes: &[usize]) -> (Vec<Vec<u8>>, Vec<u8>) {
    let mut frames = Vec::new();
    let mut acc = Vec::new();
    let mut rest = stream;
    for &size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (chunk, after) = rest.split_at(size.min(rest.len()));
        rest = after;
        acc.extend_from_slice(chunk);
        while let Status::Complete(n) = frame_len(&acc).unwrap() {
            frames.push(acc.drain(..n).collect());
        }
    }
    (frames, acc)
}

/// Checks that every proper prefix of `bytes` is Truncated at its length.
fn assert_every_truncation_fails(bytes: &[u8]) {
    for n in 0..bytes.len() {
        assert_eq!(
            Message::new_checked(&bytes[..n]).unwrap_err(),
            Error::new(ErrorKind::Truncated, n),
            "prefix of {n} bytes"
        );
    }
}

/// The offset of the last top-level AVP of `bytes` and the message lengths
/// (multiples of 4) that would cut it.
fn cuts_of_last_avp(bytes: &[u8]) -> (usize, Vec<usize>) {
    let msg = Message::new_checked(bytes).unwrap();
    let last = msg.avps().last().unwrap().unwrap();
    let (offset, len) = (last.offset(), last.len());
    (offset, (offset + 4..offset + len).step_by(4).collect())
}

/// Patches the Message Length to `cut`, inside the last AVP (at `offset`),
/// and checks that AVP is InvalidAvpLength at its offset.
fn assert_cut_fails(bytes: &[u8], offset: usize, cut: usize) {
    let mut patched = bytes.to_vec();
    patched[1..4].copy_from_slice(&(cut as u32).to_be_bytes()[1..]);
    let msg = Message::new_checked(&patched).unwrap();
    assert_eq!(msg.len(), cut);
    let results: Vec<_> = msg.avps().collect();
    let (last, before) = results.split_last().unwrap();
    assert!(before.iter().all(Result::is_ok));
    assert_eq!(*last, Err(Error::new(ErrorKind::InvalidAvpLength, offset)));
    assert_eq!(last.unwrap_err().result_code(), 5014);
}

proptest! {
    #[test]
    fn encode_then_parse_gives_the_same_tree(m in msg()) {
        let bytes = m.encode();
        let parsed = Message::new_checked(&bytes).unwrap();
        prop_assert_eq!(parsed.len(), m.encoded_len());
        prop_assert_eq!(parsed.check_header_bits(), Ok(()));
        prop_assert_eq!(m.read_like(&parsed), m);
    }

    #[test]
    fn every_truncation_is_truncated_at_the_buffer_end(m in msg()) {
        assert_every_truncation_fails(&m.encode());
    }

    #[test]
    fn a_length_that_cuts_the_last_avp_is_invalid_avp_length_there(
        m in msg_with(prop::collection::vec(node(), 1..8)),
        at in any::<Index>(),
    ) {
        let bytes = m.encode();
        let (offset, cuts) = cuts_of_last_avp(&bytes);
        assert_cut_fails(&bytes, offset, cuts[at.index(cuts.len())]);
    }

    #[test]
    fn too_small_buffer_reports_the_exact_size(m in msg(), at in any::<Index>()) {
        let needed = m.encoded_len();
        let cap = at.index(needed);
        let mut buf = vec![0; cap];
        prop_assert_eq!(
            m.encode_into(&mut buf),
            Err(Error::new(ErrorKind::BufferTooSmall { needed }, cap))
        );
    }

    #[test]
    fn framing_finds_exactly_the_messages_of_a_chunked_stream(
        msgs in prop::collection::vec(msg_with(prop::collection::vec(node(), 0..3)), 1..6),
        sizes in prop::collection::vec(1usize..80, 1..20),
    ) {
        let encoded: Vec<Vec<u8>> = msgs.iter().map(Msg::encode).collect();
        let (frames, rest) = frame_stream(&encoded.concat(), &sizes);
        prop_assert_eq!(frames, encoded);
        prop_assert!(rest.is_empty());
    }

    #[test]
    fn arbitrary_avp_bytes_never_panic_and_errors_point_inside(
        header in any::<[u8; 16]>(),
        words in prop::collection::vec(any::<[u8; 4]>(), 0..48),
    ) {
        let len = (HEADER_LEN + 4 * words.len()) as u32;
        let mut bytes = vec![1];
        bytes.extend_from_slice(&len.to_be_bytes()[1..]);
        bytes.extend_from_slice(&header);
        bytes.extend(words.concat());
        let msg = Message::new_checked(&bytes).unwrap();
        // Every AVP is tried as Grouped, so nested garbage is walked too.
        let walked = msg.avps().walk(&|_, _| true, &mut |_, a| {
            assert!(a.offset() >= HEADER_LEN && a.offset() + a.len() <= msg.len());
            Ok(())
        });
        if let Err(e) = walked {
            prop_assert_eq!(e.kind, ErrorKind::InvalidAvpLength);
            prop_assert!(e.offset >= HEADER_LEN && e.offset < msg.len());
        }
    }
}

#[test]
fn every_truncation_of_every_fixture_fails() {
    for (_, bytes) in common::all_messages() {
        assert_every_truncation_fails(&bytes);
    }
}

#[test]
fn every_cut_of_the_last_avp_of_every_fixture_fails() {
    for (_, bytes) in common::all_messages() {
        let (offset, cuts) = cuts_of_last_avp(&bytes);
        for cut in cuts {
            assert_cut_fails(&bytes, offset, cut);
        }
    }
}

#[test]
fn framing_splits_the_fixtures_at_every_chunk_size() {
    let all: Vec<Vec<u8>> = common::all_messages().into_iter().map(|(_, b)| b).collect();
    let stream = all.concat();
    for size in [1, 3, 4, 19, 20, 21, 64, 347, 348, 1000, stream.len()] {
        let (frames, rest) = frame_stream(&stream, &[size]);
        assert_eq!(frames, all, "chunks of {size}");
        assert!(rest.is_empty());
    }
}
