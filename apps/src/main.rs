//! The `diameter` command-line program: one subcommand per tool, each
//! defined (arguments and `run`) in its own module of the library crate.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use diameter_apps::decode;

/// Diameter (RFC 6733) tools.
#[derive(Debug, Parser)]
#[command(name = "diameter", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode Diameter messages: raw bytes, hex, or a pcap/pcapng capture.
    Decode(decode::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Decode(args) => decode::run(&args),
    }
}
