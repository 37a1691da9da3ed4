//! `diameter-apps`: Diameter applications and the tools of the `diameter` program.
//!
//! - [`decode`]: `diameter decode`, which prints Diameter messages from raw
//!   bytes, hex or a pcap/pcapng capture as a tree or as JSON lines.
//! - [`gy`]: Gy online charging: the OCS (`diameter ocs`, `diameter
//!   accounts`) and the gateway client and load generator (`diameter gy-client`).
//! - [`s6a`]: the S6a/S6d HSS and MME (`diameter hss`, `diameter mme`,
//!   `diameter subscribers`).

pub mod decode;
pub mod gy;
pub mod s6a;

/// `println!` for the tools' output that ignores a closed standard output
/// (a pipe to `head`) instead of panicking: a client finishes its run, a
/// server keeps serving.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` with the same treatment as [`outln!`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let mut stdout = ::std::io::stdout().lock();
        let _ = ::std::write!(stdout, $($arg)*);
        let _ = stdout.flush();
    }};
}
