//! The `diameter` command-line program: one subcommand per tool, each
//! defined (arguments and `run`) in its own module of the library crate.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use diameter_apps::gy::cli as gy;
use diameter_apps::s6a::cli as s6a;
use diameter_apps::{agent, cli, decode};

/// Diameter (RFC 6733) tools.
#[derive(Debug, Parser)]
#[command(name = "diameter", version, about)]
struct Cli {
    /// How log lines are written to standard error.
    #[arg(long, global = true, value_enum, default_value_t = cli::LogFormat::Text)]
    log_format: cli::LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode Diameter messages: raw bytes, hex, or a pcap/pcapng capture.
    Decode(decode::Args),
    /// Gy online charging server (OCS): answers CCRs against an account store.
    Ocs(gy::OcsArgs),
    /// Provision and inspect the OCS account store.
    Accounts(gy::AccountsArgs),
    /// Gy client and load generator: runs credit-control sessions against an OCS.
    GyClient(gy::GyClientArgs),
    /// S6a/S6d HSS: authentication vectors and subscriber data from a store.
    Hss(s6a::hss::Args),
    /// S6a/S6d MME and load generator: attaches subscribers through an HSS.
    Mme(s6a::mme::Args),
    /// Provision and inspect the HSS's subscribers.
    Subscribers(s6a::subscribers::Args),
    /// Routing agent (relay or redirect) between clients and servers.
    Agent(agent::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::set_log_format(cli.log_format);
    match cli.command {
        Command::Decode(args) => decode::run(&args),
        Command::Ocs(args) => gy::run_ocs(&args),
        Command::Accounts(args) => gy::run_accounts(&args),
        Command::GyClient(args) => gy::run_gy_client(&args),
        Command::Hss(args) => s6a::hss::run(&args),
        Command::Mme(args) => s6a::mme::run(&args),
        Command::Subscribers(args) => s6a::subscribers::run(&args),
        Command::Agent(args) => agent::run(&args),
    }
}
