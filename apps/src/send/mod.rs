//! `diameter send`, curl for Diameter: builds one request of any loaded
//! dictionary from `Name=value` arguments ([`avps`]), sends it to a peer
//! over its own connection ([`peer`]), prints the answer as `diameter
//! decode` would and exits by its Result-Code class ([`Exit`]).

pub mod avps;
pub mod peer;

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use diameter_core::dict::{self, base, AvpDef, CommandDef};
use diameter_core::wire::{Message, MessageWriter};

use crate::dictionaries;
use avps::{Data, Item};
use peer::{Failure, Identity, Peer};

/// What `--help` ends with: the exit statuses ([`Exit::status`]) and examples.
pub const AFTER_HELP: &str = "Exit status: 0 for a 2xxx answer, 3/4/5 for a 3xxx/4xxx/5xxx one \
    (Result-Code or Experimental-Result-Code), 6 for no answer before --timeout, 7 when the \
    connection or the capabilities exchange failed, 8 for an answer without a known result \
    class, 1 for bad arguments or dictionaries (2 for a command line refused as such).\n\n\
    Examples:\n  \
    diameter send --peer 127.0.0.1:3868 --app Gy --command CCR CC-Request-Type=INITIAL_REQUEST \
    CC-Request-Number=0 \
    'Subscription-Id={Subscription-Id-Type=END_USER_IMSI,Subscription-Id-Data=001010000000001}'\n  \
    diameter send --app Gx --command CCR --json --timeout 2 CC-Request-Type=1 CC-Request-Number=0\n  \
    diameter send --dict Vendor.xml --app 16777299 --command Vendor-Query Vendor-AVP=0x0102";

/// Arguments of `diameter send`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The peer to send to.
    #[arg(long, default_value = "127.0.0.1:3868")]
    pub peer: SocketAddr,
    /// The application: its name or a word of it (Gx, S6a, Cx, Sh, S13,
    /// SWx, Sy, Gy, Ro, Rf, ...) or its Application-ID.
    #[arg(long)]
    pub app: String,
    /// The command: its abbreviation (CCR), name (Credit-Control-Request,
    /// Credit-Control) or code.
    #[arg(long)]
    pub command: String,
    /// Origin-Host, in the CER and (unless given) in the request.
    #[arg(long, default_value = "send.example.net")]
    pub host: String,
    /// Origin-Realm, in the CER and (unless given) in the request.
    #[arg(long, default_value = "example.net")]
    pub realm: String,
    /// Destination-Realm of the request, unless given.
    #[arg(long, default_value = "example.com")]
    pub dest_realm: String,
    /// Destination-Host of the request, unless given.
    #[arg(long)]
    pub dest_host: Option<String>,
    /// Seconds to wait for connecting, CER/CEA and the answer together.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Print the answer as one JSON line instead of a tree.
    #[arg(long)]
    pub json: bool,
    /// Also use this Wireshark-format XML dictionary (repeatable).
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// The request's AVPs: `Name=value`; enumerations by name or number,
    /// Grouped values as `{Name=value,...}` (nested at will), OctetString
    /// as `0x` hex or text, Address as an IP address, Time as NTP seconds.
    /// An AVP may be repeated.
    #[arg(value_name = "AVP=VALUE")]
    pub avps: Vec<String>,
}

/// How a `diameter send` ended, and its exit status (not an answer's
/// [`Outcome`](diameter_core::outcome::Outcome): the answer is one way to end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// An answer of Result-Code class 2xxx..5xxx (the leading digit).
    Answered(u8),
    /// An answer without a known Result-Code class.
    Unclassified,
    /// No answer in time.
    Timeout,
    /// The connection or the capabilities exchange failed.
    Connection,
    /// Bad arguments or dictionaries.
    Usage,
}

impl Exit {
    /// The exit status ([`AFTER_HELP`] lists them).
    pub fn status(self) -> u8 {
        match self {
            Self::Answered(2) => 0,
            Self::Answered(class) => class,
            Self::Usage => 1,
            Self::Timeout => 6,
            Self::Connection => 7,
            Self::Unclassified => 8,
        }
    }
}

/// Runs `diameter send`.
pub fn run(args: &Args) -> ExitCode {
    let outcome = send(args).unwrap_or_else(|(outcome, e)| {
        eprintln!("diameter send: {e}");
        outcome
    });
    ExitCode::from(outcome.status())
}

fn send(args: &Args) -> Result<Exit, (Exit, String)> {
    let usage = |e: String| (Exit::Usage, e);
    let rt = dictionaries::install(&args.dicts).map_err(usage)?;
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .map_err(|_| usage(format!("bad --timeout {}", args.timeout)))?;
    let deadline = Instant::now() + timeout;
    let app = rt.application_named(&args.app).map_err(usage)?;
    let cmd = rt.command_named(app.id, &args.command).map_err(usage)?;
    let given = (args.avps.iter().map(|a| avps::parse(rt, a)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(usage)?;
    let items = complete(args, app.id, cmd, given);
    let vendor = vendor_of(app.id, &items);
    let request = encode(app.id, cmd, &items).map_err(usage)?;
    let me = Identity {
        host: &args.host,
        realm: &args.realm,
        application: app.id,
        vendor,
    };
    let connection = |e: Failure| match e {
        Failure::Timeout => (Exit::Timeout, format!("no answer within {}s", args.timeout)),
        Failure::Connection(e) => (Exit::Connection, e),
    };
    let mut peer = Peer::connect(args.peer, me, deadline).map_err(connection)?;
    let answer = peer.exchange(request).map_err(connection)?;
    peer.disconnect();
    let outcome = Message::new_checked(&answer)
        .ok()
        .and_then(|m| peer::result(&m))
        .map(|code| match code / 1000 {
            class @ 2..=5 => Exit::Answered(class as u8),
            _ => Exit::Unclassified,
        })
        .unwrap_or(Exit::Unclassified);
    let out = io::BufWriter::new(io::stdout().lock());
    crate::decode::decode_to(&answer, false, args.json, false, out, io::stderr().lock())
        .and_then(|_| io::stdout().flush())
        .map_err(|e| (Exit::Usage, e.to_string()))?;
    Ok(outcome)
}

/// `given` with what the command's grammar asks for and the user left out,
/// in front: Session-Id (RFC 6733 §8.8), Auth-Application-Id, Origin-Host,
/// Origin-Realm, Destination-Realm and Destination-Host (with
/// `--dest-host`). A command without a grammar (one from a `--dict` file)
/// gets the Origin-* and Destination-* AVPs.
fn complete(args: &Args, app: u32, cmd: &CommandDef, given: Vec<Item>) -> Vec<Item> {
    let grammar = dict::ALL.command(cmd.code, app).map(|g| &g.request);
    let wanted = |def: &AvpDef| match grammar {
        Some(g) => g
            .rules
            .iter()
            .any(|r| r.avp.code == def.code && r.avp.vendor_id == 0),
        None => ![base::SESSION_ID.code, base::AUTH_APPLICATION_ID.code].contains(&def.code),
    };
    let text = |s: &str| Data::Text(s.to_string());
    let defaults = [
        (&base::SESSION_ID, Some(text(&session_id(&args.host)))),
        (&base::AUTH_APPLICATION_ID, Some(Data::U32(app))),
        (&base::ORIGIN_HOST, Some(text(&args.host))),
        (&base::ORIGIN_REALM, Some(text(&args.realm))),
        (&base::DESTINATION_REALM, Some(text(&args.dest_realm))),
        (&base::DESTINATION_HOST, args.dest_host.as_deref().map(text)),
    ];
    let mut items: Vec<Item> = Vec::new();
    for (def, value) in defaults {
        let present = given.iter().any(|i| i.def == def);
        match value {
            Some(value) if wanted(def) && !present => items.push(Item { def, value }),
            _ => {}
        }
    }
    // A Session-Id given stands first all the same (RFC 6733 §8.8).
    let (session, others): (Vec<_>, Vec<_>) =
        given.into_iter().partition(|i| i.def == &base::SESSION_ID);
    let mut all = session;
    all.extend(items);
    all.extend(others);
    all
}

/// A Session-Id of `host` (RFC 6733 §8.8: `<DiameterIdentity>;<high 32
/// bits>;<low 32 bits>`), unique by the time and a random number.
fn session_id(host: &str) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let low = getrandom::u32().unwrap_or_else(|_| now.subsec_nanos());
    format!("{host};{};{low}", now.as_secs() & u64::from(u32::MAX))
}

/// The vendor to advertise application `app` with: none for an IETF
/// application (below 16777216, IANA "Application IDs"), else the vendor
/// of the request's first vendor-specific AVP, or 3GPP's.
fn vendor_of(app: u32, items: &[Item]) -> u32 {
    if app < 16_777_216 {
        return 0;
    }
    (items.iter().map(|i| i.def.vendor_id))
        .find(|&v| v != 0)
        .unwrap_or(dict::VENDOR_3GPP)
}

/// Most bytes a request may take.
const MAX_REQUEST: usize = 65_536;

/// The request: `cmd` of application `app` with `items`.
fn encode(app: u32, cmd: &CommandDef, items: &[Item]) -> Result<Vec<u8>, String> {
    let mut buf = vec![0u8; MAX_REQUEST];
    let id = getrandom::u32().unwrap_or(1);
    let mut w = MessageWriter::request(&mut buf, cmd.code, app, cmd.proxiable, id, id);
    avps::write(&mut w, items);
    let len = w
        .finish()
        .map_err(|e| format!("cannot encode the request ({e}): at most {MAX_REQUEST} bytes"))?;
    buf.truncate(len);
    Ok(buf)
}
