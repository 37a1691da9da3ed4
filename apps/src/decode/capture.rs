//! Diameter in captures: pcap and pcapng files (through `pcap-file`), link
//! layers, IPv4/IPv6 and TCP (through `etherparse`), each TCP direction
//! reassembled and framed into messages whatever its port.
//!
//! A TCP direction is taken for Diameter when its first bytes frame and
//! decode as a message; any other flow is left out silently. After that,
//! malformed messages, truncation at the end of the capture and segments
//! missing from it are errors at their offset in the reassembled stream.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};

use etherparse::{EtherType, NetSlice, SlicedPacket, TransportSlice};
use pcap_file::pcap::PcapParser;
use pcap_file::pcapng::{Block, PcapNgParser};

use super::output::Printer;
use super::reassembly::TcpStream;
use super::stream::{Event, MessageStream};
use super::DecodeError;

/// One direction of a TCP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Flow {
    /// Sender.
    pub src: SocketAddr,
    /// Receiver.
    pub dst: SocketAddr,
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} → {}", self.src, self.dst)
    }
}

/// One captured link-layer frame.
#[derive(Debug)]
pub(crate) struct Frame<'a> {
    /// Its LINKTYPE_ value.
    link_type: u32,
    /// The bytes captured.
    data: Cow<'a, [u8]>,
    /// Offset of its record in the capture file.
    offset: usize,
}

/// The frames of a capture file, and what stopped the reading early.
#[derive(Debug, Default)]
pub(crate) struct Frames<'a> {
    frames: Vec<Frame<'a>>,
    error: Option<DecodeError>,
}

/// The frames of a libpcap file.
pub(crate) fn pcap_frames(input: &[u8]) -> Frames<'_> {
    let mut frames = Frames::default();
    let (mut rest, parser) = match PcapParser::new(input) {
        Ok(parsed) => parsed,
        Err(e) => {
            frames.error = Some(DecodeError::new(format!("bad pcap header: {e}"), 0));
            return frames;
        }
    };
    let link_type = u32::from(parser.header().datalink);
    while !rest.is_empty() {
        let offset = input.len() - rest.len();
        // Raw records: the parsed ones reject a snapshot length shorter
        // than the packet, which is common and harmless.
        match parser.next_raw_packet(rest) {
            Ok((after, packet)) => {
                frames.frames.push(Frame {
                    link_type,
                    data: packet.data,
                    offset,
                });
                rest = after;
            }
            Err(e) => {
                frames.error = Some(DecodeError::new(
                    format!("bad pcap packet record: {e}"),
                    offset as u64,
                ));
                break;
            }
        }
    }
    frames
}

/// The frames of a pcapng file: its Enhanced and Simple Packet Blocks, each
/// with the link type of its interface.
pub(crate) fn pcapng_frames(input: &[u8]) -> Frames<'_> {
    let mut frames = Frames::default();
    let (mut rest, mut parser) = match PcapNgParser::new(input) {
        Ok(parsed) => parsed,
        Err(e) => {
            frames.error = Some(DecodeError::new(
                format!("bad pcapng section header: {e}"),
                0,
            ));
            return frames;
        }
    };
    while !rest.is_empty() {
        let offset = input.len() - rest.len();
        let block = match parser.next_block(rest) {
            Ok((after, block)) => {
                rest = after;
                block
            }
            Err(e) => {
                frames.error = Some(DecodeError::new(
                    format!("bad pcapng block: {e}"),
                    offset as u64,
                ));
                break;
            }
        };
        let (interface, data) = match block {
            Block::EnhancedPacket(p) => (p.interface_id, p.data),
            Block::SimplePacket(p) => (0, p.data),
            _ => continue,
        };
        let Some(idb) = usize::try_from(interface)
            .ok()
            .and_then(|i| parser.interfaces().get(i))
        else {
            frames.error = Some(DecodeError::new(
                format!("pcapng packet on undeclared interface {interface}"),
                offset as u64,
            ));
            break;
        };
        frames.frames.push(Frame {
            link_type: u32::from(idb.linktype),
            data,
            offset,
        });
    }
    frames
}

/// Decodes the Diameter messages in the TCP flows of `frames`.
pub(crate) fn decode<O: Write, E: Write>(
    frames: Frames<'_>,
    printer: &mut Printer<O, E>,
) -> io::Result<()> {
    let mut flows = BTreeMap::<Flow, FlowState>::new();
    let mut unsupported = BTreeSet::new();
    for frame in &frames.frames {
        let Some(link) = Link::of(frame.link_type) else {
            if unsupported.insert(frame.link_type) {
                let message = format!("unsupported link type {}", frame.link_type);
                printer.error(None, &DecodeError::new(message, frame.offset as u64))?;
            }
            continue;
        };
        if let Some(segment) = link.slice(&frame.data).as_ref().and_then(tcp_segment) {
            let flow = segment.flow;
            flows
                .entry(flow)
                .or_default()
                .push(&segment, &flow, printer)?;
        }
    }
    for (flow, state) in &flows {
        state.finish(flow, printer)?;
    }
    match &frames.error {
        Some(e) => printer.error(None, e),
        None => Ok(()),
    }
}

/// The link layers understood, from LINKTYPE_ values (tcpdump.org,
/// "Link-layer header types").
#[derive(Debug, Clone, Copy)]
enum Link {
    Ethernet,
    RawIp,
    Loopback,
    LinuxSll,
    LinuxSll2,
}

impl Link {
    fn of(link_type: u32) -> Option<Self> {
        Some(match link_type {
            1 => Self::Ethernet,
            // LINKTYPE_RAW, and DLT_RAW as most systems (12) and OpenBSD
            // (14) number it in pcap files; LINKTYPE_IPV4 and LINKTYPE_IPV6.
            101 | 12 | 14 | 228 | 229 => Self::RawIp,
            // LINKTYPE_NULL (host byte order) and LINKTYPE_LOOP (network
            // byte order): a 4-byte address family, then the IP packet.
            0 | 108 => Self::Loopback,
            113 => Self::LinuxSll,
            276 => Self::LinuxSll2,
            _ => return None,
        })
    }

    /// The frame's headers down to the transport; `None` if it does not parse.
    fn slice(self, frame: &[u8]) -> Option<SlicedPacket<'_>> {
        let sliced = match self {
            Self::Ethernet => SlicedPacket::from_ethernet(frame),
            // The IP version comes from the packet's first nibble.
            Self::RawIp => SlicedPacket::from_ip(frame),
            Self::Loopback => SlicedPacket::from_ip(frame.get(4..)?),
            // SLL: packet type, ARPHRD type, address length, 8 address
            // bytes, then the protocol: 16 bytes.
            Self::LinuxSll => {
                let (protocol, payload) = frame.get(14..)?.split_first_chunk::<2>()?;
                SlicedPacket::from_ether_type(EtherType(u16::from_be_bytes(*protocol)), payload)
            }
            // SLL2: the protocol first, then reserved, interface index,
            // ARPHRD type, packet type, address length, 8 address bytes: 20 bytes.
            Self::LinuxSll2 => {
                let protocol = frame.first_chunk::<2>()?;
                let payload = frame.get(20..)?;
                SlicedPacket::from_ether_type(EtherType(u16::from_be_bytes(*protocol)), payload)
            }
        };
        sliced.ok()
    }
}

/// A TCP segment.
#[derive(Debug)]
struct Segment<'a> {
    flow: Flow,
    seq: u32,
    syn: bool,
    payload: &'a [u8],
}

fn tcp_segment<'a>(packet: &SlicedPacket<'a>) -> Option<Segment<'a>> {
    let (src, dst): (IpAddr, IpAddr) = match &packet.net {
        Some(NetSlice::Ipv4(ip)) => (
            ip.header().source_addr().into(),
            ip.header().destination_addr().into(),
        ),
        Some(NetSlice::Ipv6(ip)) => (
            ip.header().source_addr().into(),
            ip.header().destination_addr().into(),
        ),
        _ => return None,
    };
    let Some(TransportSlice::Tcp(tcp)) = &packet.transport else {
        return None;
    };
    Some(Segment {
        flow: Flow {
            src: SocketAddr::new(src, tcp.source_port()),
            dst: SocketAddr::new(dst, tcp.destination_port()),
        },
        seq: tcp.sequence_number(),
        syn: tcp.syn(),
        payload: tcp.payload(),
    })
}

/// One TCP direction: its bytes and where its messages stand.
#[derive(Debug, Default)]
struct FlowState {
    tcp: TcpStream,
    messages: MessageStream,
    /// Set when the first bytes were no Diameter message.
    not_diameter: bool,
}

impl FlowState {
    /// Adds a segment, then prints the messages it completes.
    fn push<O: Write, E: Write>(
        &mut self,
        segment: &Segment<'_>,
        flow: &Flow,
        printer: &mut Printer<O, E>,
    ) -> io::Result<()> {
        if segment.syn && self.tcp.is_new_connection(segment.seq) {
            *self = Self::default();
        }
        if self.not_diameter {
            return Ok(());
        }
        self.tcp.push(segment.seq, segment.syn, segment.payload);
        while let Some((event, used)) = self.messages.next(self.tcp.available()) {
            if matches!(event, Event::Error(_)) && self.messages.decoded() == 0 {
                self.not_diameter = true;
                self.tcp = TcpStream::default();
                return Ok(());
            }
            printer.event(Some(flow), &event)?;
            self.tcp.consume(used);
        }
        Ok(())
    }

    /// At the end of the capture: reports a missing segment or a message
    /// cut short in a Diameter flow.
    fn finish<O: Write, E: Write>(
        &self,
        flow: &Flow,
        printer: &mut Printer<O, E>,
    ) -> io::Result<()> {
        if self.not_diameter || self.messages.decoded() == 0 {
            return Ok(());
        }
        let error = match self.tcp.gap() {
            Some(at) => Some(DecodeError::new("TCP segment missing from the capture", at)),
            None => self.messages.finish(self.tcp.available()),
        };
        match error {
            Some(e) => printer.error(Some(flow), &e),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use etherparse::PacketBuilder;
    use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};
    use pcap_file::DataLink;

    use super::super::tests::run_on;
    use super::super::Kind;
    use super::*;

    const CCR: &[u8] = include_bytes!("../../tests/fixtures/ccr-u-1mscc.bin");
    const PCAP: &[u8] = include_bytes!("../../tests/fixtures/bromelia-s6a-diameter-class.pcap");
    const PCAPNG: &[u8] = include_bytes!("../../tests/fixtures/bromelia-s6a-diameter-class.pcapng");

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    /// An IP packet carrying a TCP segment.
    fn ip_tcp(src: SocketAddr, dst: SocketAddr, seq: u32, syn: bool, payload: &[u8]) -> Vec<u8> {
        let ip = match (src.ip(), dst.ip()) {
            (IpAddr::V4(s), IpAddr::V4(d)) => PacketBuilder::ipv4(s.octets(), d.octets(), 64),
            (IpAddr::V6(s), IpAddr::V6(d)) => PacketBuilder::ipv6(s.octets(), d.octets(), 64),
            _ => panic!("mixed IP versions"),
        };
        let tcp = ip.tcp(src.port(), dst.port(), seq, 65535);
        let tcp = if syn { tcp.syn() } else { tcp };
        let mut out = Vec::new();
        tcp.write(&mut out, payload).unwrap();
        out
    }

    /// A libpcap file of `frames` with link type `link_type`.
    fn pcap(link_type: u32, frames: &[Vec<u8>]) -> Vec<u8> {
        let header = PcapHeader {
            datalink: DataLink::from(link_type),
            ..PcapHeader::default()
        };
        let mut w = PcapWriter::with_header(Vec::new(), header).unwrap();
        for f in frames {
            w.write_packet(&PcapPacket::new(Duration::ZERO, f.len() as u32, f))
                .unwrap();
        }
        w.into_writer()
    }

    fn json_lines(out: &str) -> Vec<serde_json::Value> {
        out.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn segments_out_of_order_and_retransmitted_make_one_message() {
        let (c, s) = (addr("10.0.0.1:40000"), addr("10.0.0.2:3868"));
        let isn = 5000;
        let seg =
            |from: usize, to: usize| ip_tcp(c, s, isn + 1 + from as u32, false, &CCR[from..to]);
        let ethernet = |ip: Vec<u8>| [&[2u8; 12][..], &[0x08, 0x00][..], &ip[..]].concat();
        let frames: Vec<Vec<u8>> = [
            ip_tcp(c, s, isn, true, &[]),
            seg(200, 348),
            seg(0, 100),
            seg(0, 100),
            seg(50, 210),
            seg(60, 120),
        ]
        .into_iter()
        .map(ethernet)
        .collect();
        let (out, err, errors) = run_on(Kind::Pcap, &pcap(1, &frames), false);
        assert_eq!((errors, err.as_str()), (0, ""));
        assert!(
            out.starts_with(
                "10.0.0.1:40000 → 10.0.0.2:3868\nCredit-Control-Request (272) app 4 [R]"
            ),
            "{out}"
        );
        assert_eq!(out.matches("Credit-Control-Request").count(), 1);
    }

    #[test]
    fn ipv6_over_every_cooked_and_loopback_link_type() {
        let (c, s) = (addr("[2001:db8::1]:50000"), addr("[::1]:3870"));
        let ip = ip_tcp(c, s, 77, false, CCR);
        let sll = [
            &[0, 0, 0x03, 0x04, 0, 6][..],
            &[0; 8][..],
            &[0x86, 0xdd][..],
            &ip[..],
        ]
        .concat();
        let sll2 = [
            &[0x86, 0xdd, 0, 0][..],
            &[0, 0, 0, 1, 0x03, 0x04, 0, 6][..],
            &[0; 8][..],
            &ip[..],
        ]
        .concat();
        let null = [&30u32.to_ne_bytes()[..], &ip[..]].concat();
        let looped = [&30u32.to_be_bytes()[..], &ip[..]].concat();
        for (link_type, frame) in [
            (113, sll),
            (276, sll2),
            (0, null),
            (108, looped),
            (101, ip.clone()),
        ] {
            let (out, _, errors) = run_on(Kind::Pcap, &pcap(link_type, &[frame]), true);
            assert_eq!(errors, 0, "link type {link_type}");
            let lines = json_lines(&out);
            assert_eq!(lines.len(), 1, "link type {link_type}");
            assert_eq!(lines[0]["command_code"], 272, "link type {link_type}");
        }
    }

    #[test]
    fn other_protocols_are_left_out_and_each_flow_framed_on_its_own() {
        let (c, s) = (addr("192.0.2.1:1234"), addr("192.0.2.2:80"));
        let (d1, d2) = (addr("192.0.2.1:4000"), addr("192.0.2.2:4001"));
        let frames = vec![
            ip_tcp(c, s, 1, false, b"GET / HTTP/1.1\r\n\r\n"),
            ip_tcp(d1, d2, 1, false, &CCR[..10]),
            ip_tcp(d2, d1, 9, false, CCR),
            ip_tcp(c, s, 19, false, CCR),
            ip_tcp(d1, d2, 11, false, &CCR[10..]),
        ];
        let (out, _, errors) = run_on(Kind::Pcap, &pcap(101, &frames), false);
        assert_eq!(errors, 0);
        let flows: Vec<&str> = out.lines().filter(|l| l.contains('→')).collect();
        assert_eq!(
            flows,
            [
                "192.0.2.2:4001 → 192.0.2.1:4000",
                "192.0.2.1:4000 → 192.0.2.2:4001"
            ]
        );
    }

    #[test]
    fn a_missing_segment_and_a_cut_message_are_errors_in_their_flow() {
        let (c, s) = (addr("10.1.1.1:1"), addr("10.1.1.2:2"));
        let two = [CCR, CCR].concat();
        let frames = vec![
            ip_tcp(c, s, 0, false, &two[..400]),
            ip_tcp(c, s, 500, false, &two[500..]),
            ip_tcp(s, c, 0, false, &two[..500]),
        ];
        let (out, _, errors) = run_on(Kind::Pcap, &pcap(101, &frames), true);
        assert_eq!(errors, 2);
        let lines = json_lines(&out);
        let errors: Vec<_> = lines.iter().filter(|l| l["error"].is_string()).collect();
        assert_eq!(
            errors[0]["error"],
            "10.1.1.1:1 → 10.1.1.2:2: TCP segment missing from the capture"
        );
        assert_eq!(errors[0]["offset"], 400);
        assert_eq!(
            errors[1]["error"],
            "10.1.1.2:2 → 10.1.1.1:1: message truncated: the message at offset 348 announces 348 bytes, 152 present"
        );
        assert_eq!(errors[1]["offset"], 500);
    }

    #[test]
    fn a_new_connection_on_the_same_ports_starts_a_new_stream() {
        let (c, s) = (addr("10.0.0.1:5"), addr("10.0.0.2:6"));
        let frames = vec![
            ip_tcp(c, s, 100, true, &[]),
            ip_tcp(c, s, 101, false, &CCR[..20]),
            ip_tcp(c, s, 9000, true, &[]),
            ip_tcp(c, s, 9001, false, CCR),
        ];
        let (out, _, errors) = run_on(Kind::Pcap, &pcap(101, &frames), true);
        assert_eq!(errors, 0);
        assert_eq!(json_lines(&out).len(), 1);
    }

    #[test]
    fn unsupported_link_types_and_broken_records_are_reported() {
        let mut file = pcap(105, &[vec![0; 40], vec![0; 40]]);
        let (_, err, errors) = run_on(Kind::Pcap, &file, false);
        assert_eq!(errors, 1);
        assert_eq!(err, "error: unsupported link type 105 at offset 24\n");
        file.truncate(file.len() - 1);
        let (_, err, _) = run_on(Kind::Pcap, &file, false);
        assert!(
            err.ends_with("error: bad pcap packet record: Need more bytes at offset 80\n"),
            "{err}"
        );
    }

    #[test]
    fn pcap_and_pcapng_of_the_same_capture_decode_alike() {
        let from_pcap = run_on(Kind::Pcap, PCAP, true);
        let from_pcapng = run_on(Kind::PcapNg, PCAPNG, true);
        assert_eq!(from_pcap, from_pcapng);
        assert_eq!(json_lines(&from_pcap.0).len(), 6);
    }

    #[test]
    fn no_prefix_of_a_capture_panics_or_invents_messages() {
        for (kind, file) in [(Kind::Pcap, PCAP), (Kind::PcapNg, PCAPNG)] {
            let mut last = 0;
            for len in 0..file.len() {
                let (out, _, errors) = run_on(kind, &file[..len], true);
                let messages = json_lines(&out).len() - errors;
                assert!(messages >= last && messages <= 6, "{len} bytes: {out}");
                last = messages;
            }
            assert_eq!(last, 6);
        }
    }
}
