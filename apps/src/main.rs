//! The `diameter` command-line program: one subcommand per tool, each
//! defined (arguments and `run`) in its own module of the library crate.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use diameter_apps::gy::cli as gy;
use diameter_apps::s6a::cli as s6a;
use diameter_apps::{agent, cli, decode, send};

/// mimalloc rather than the C library's allocator: the servers build
/// answers on one thread (a store thread) and free them on another (the
/// event loop that sends them), where the C library's allocator takes and
/// wakes on its arena lock. Built without transparent huge pages (its
/// `no_thp` feature), which lengthened the OCS's longest waits.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Diameter (RFC 6733) tools.
#[derive(Debug, Parser)]
#[command(name = "diameter", version, about)]
struct Cli {
    /// How log lines are written to standard error [default: text, or the
    /// settings file's `[log] format`].
    #[arg(long, global = true, value_enum)]
    log_format: Option<cli::LogFormat>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode Diameter messages: raw bytes, hex, or a pcap/pcapng capture.
    #[command(after_help = "Examples:\n  diameter decode capture.pcapng\n  \
        diameter decode --check --json messages.bin\n  \
        diameter decode --dict /usr/share/wireshark/diameter/Ericsson.xml capture.pcap")]
    Decode(decode::Args),
    /// Gy online charging server (OCS): answers CCRs against an account store.
    #[command(
        after_help = "Defaults: --host gy-server.example.com --realm example.com \
        --db ocs.db; any peer may connect unless --peer names some. SIGHUP re-reads the peers \
        and routes.\n\n\
        Examples:\n  diameter ocs\n  \
        diameter ocs --db ocs.db -p 3868 --host ocs.example.com --metrics 127.0.0.1:9100\n  \
        diameter ocs --config /etc/diameter/ocs.toml"
    )]
    Ocs(gy::OcsArgs),
    /// Provision and inspect the OCS account store.
    #[command(after_help = "Examples:\n  \
        diameter accounts --db ocs.db add 001010000000001-001010000001000 --octets 10000000000\n  \
        diameter accounts --db ocs.db show 001010000000001")]
    Accounts(gy::AccountsArgs),
    /// Gy client and load generator: runs credit-control sessions against an OCS.
    #[command(after_help = "Examples:\n  diameter gy-client\n  \
        diameter gy-client --peer 127.0.0.1:3868 --subscriber 001010000000001-001010000001000 \
        --count 10000 --updates 3 --concurrency 256 --json")]
    GyClient(gy::GyClientArgs),
    /// S6a/S6d HSS: authentication vectors and subscriber data from a store.
    #[command(after_help = "Defaults: --host hss.epc.mnc001.mcc001.3gppnetwork.org \
        --realm epc.mnc001.mcc001.3gppnetwork.org --db hss.db; any peer may connect unless \
        --peer names some. SIGHUP re-reads the peers and routes.\n\n\
        Examples:\n  diameter hss --db hss.db\n  \
        diameter hss --db hss.db --ip 0.0.0.0 -p 3868 --metrics 127.0.0.1:9101\n  \
        diameter hss --config /etc/diameter/hss.toml")]
    Hss(s6a::hss::Args),
    /// S6a/S6d MME and load generator: attaches subscribers through an HSS.
    #[command(after_help = "Examples:\n  \
        diameter mme --peer 127.0.0.1:3868 --imsi 001010000000001 \
        --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf")]
    Mme(s6a::mme::Args),
    /// Provision and inspect the HSS's subscribers.
    #[command(after_help = "Examples:\n  \
        diameter subscribers --db hss.db add 001010000000001 \
        --k 465b5ce8b199b49faa5f0a2ee238a6bc --opc cd63cb71954a9f4e48a5994e37a02baf --apn internet")]
    Subscribers(s6a::subscribers::Args),
    /// Routing agent (relay, proxy or redirect) between clients and servers.
    #[command(
        after_help = "Defaults: --host agent.example.org --realm example.org; only the \
        peers named may connect unless --accept-any. SIGHUP re-reads the peers and routes.\n\n\
        Examples:\n  \
        diameter agent -p 3870 --peer ocs.example.com=127.0.0.1:3868 --peer gy-client.example.net \
        --route example.com/gy=ocs.example.com\n  \
        diameter agent --config agent.toml"
    )]
    Agent(agent::Args),
    /// Send one request built from arguments and print its answer (curl for Diameter).
    #[command(after_help = send::AFTER_HELP)]
    Send(send::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A server holds a descriptor per connection: take the hard limit as
    // the soft one, as servers do; the node fits its connection limit to
    // what this leaves.
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    if let Some(format) = cli.log_format {
        cli::set_log_format(format);
    }
    match cli.command {
        Command::Decode(args) => decode::run(&args),
        Command::Ocs(args) => gy::run_ocs(&args),
        Command::Accounts(args) => gy::run_accounts(&args),
        Command::GyClient(args) => gy::run_gy_client(&args),
        Command::Hss(args) => s6a::hss::run(&args),
        Command::Mme(args) => s6a::mme::run(&args),
        Command::Subscribers(args) => s6a::subscribers::run(&args),
        Command::Agent(args) => agent::run(&args),
        Command::Send(args) => send::run(&args),
    }
}
