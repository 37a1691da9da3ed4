//! `diameter-apps`: Diameter applications and the tools of the `diameter` program.
//!
//! - [`decode`]: `diameter decode`, which prints Diameter messages from raw
//!   bytes, hex or a pcap/pcapng capture as a tree or as JSON lines.

pub mod decode;
