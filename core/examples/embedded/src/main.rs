//! A Diameter credit-control client on a Cortex-M4F (thumbv7em-none-eabihf),
//! `no_std`, no heap, for QEMU's `mps2-an386` machine.
//!
//! The link is the board's UART0 (the CMSDK APB UART, [`hw::Uart`]), which
//! `qemu-system-arm -serial tcp:HOST:PORT` carries to a Diameter server over
//! TCP; the log goes to the host through semihosting ([`log`]), and time
//! comes from SysTick, which QEMU models. The node runs one scripted Gy
//! session against an OCS (`diameter ocs`):
//!
//! 1. CER/CEA (RFC 6733 §5.3);
//! 2. CCR-Initial with an empty Requested-Service-Unit for subscriber
//!    [`IMSI`] (RFC 4006 §3.1, §8.18), which must be answered by a CCA with
//!    DIAMETER_SUCCESS and granted octets (RFC 4006 §3.2, §8.17);
//! 3. two DWR/DWA rounds of the RFC 3539 watchdog at Tw = 6 s;
//! 4. CCR-Termination reporting [`USED_OCTETS`] (at most the grant) in a
//!    Used-Service-Unit (RFC 4006 §8.19), answered with DIAMETER_SUCCESS;
//! 5. DPR/DPA (RFC 6733 §5.4).
//!
//! It then ends QEMU through semihosting with status 0 if every answer was
//! as expected, 1 otherwise. Every step has a deadline on the SysTick
//! clock: a missing, malformed or failed answer leads to DPR (or, if the
//! connection is not open, straight to the exit), never to a hang.
//!
//! Build and measure with `../size.sh`, run with `../qemu.sh HOST:PORT`.
#![no_std]
#![no_main]

mod hw;
mod log;
mod node;

use core::net::Ipv4Addr;
use core::sync::atomic::{AtomicU32, Ordering};
use core::time::Duration;

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m_rt::{entry, exception};
use cortex_m_semihosting::debug;
use diameter_core::dict::{application, base, cc, command, result_code};
use diameter_core::peer::{Config, DisconnectCause, Event, Instant, LocalIdentity, Peer, State};
use diameter_core::wire::{Address, Avp, Message, MessageWriter};

use log::Line;
use node::{Application, Node};

/// The mps2-an386's system clock, which drives the core, SysTick and the
/// UART in QEMU's model.
const SYSCLK_HZ: u32 = 25_000_000;
/// UART baud rate (QEMU ignores it; a real board would not).
const BAUD: u32 = 115_200;

/// Origin-Host of this node.
const ORIGIN_HOST: &str = "mcu.example.net";
/// Origin-Realm of this node.
const ORIGIN_REALM: &str = "example.net";
/// Destination-Realm: `diameter ocs`'s default realm.
const DESTINATION_REALM: &str = "example.com";
/// Longest Session-Id: Origin-Host, `;`, two 10-digit numbers and `;`.
const SESSION_ID_LEN: usize = 40;
/// The subscriber, an IMSI (Subscription-Id-Type END_USER_IMSI, RFC 4006 §8.47).
pub const IMSI: &str = "001010000000001";
/// Octets reported as used in the CCR-Termination (capped at the grant).
pub const USED_OCTETS: u64 = 123_456;
/// Rating-Group of the one Multiple-Services-Credit-Control.
const RATING_GROUP: u32 = 1;
/// Gy's Service-Context-Id (TS 32.299 §7.1.12).
const SERVICE_CONTEXT_ID: &str = "32251@3gpp.org";
/// Watchdog interval: the smallest the core allows (RFC 3539 §3.4.1).
const TW: Duration = Duration::from_secs(6);
/// Wait for a CCA.
const ANSWER_WAIT: u64 = 10_000;
/// Wait for two watchdog rounds: two times Tw plus its jitter, and slack.
const WATCHDOG_WAIT: u64 = 2 * 8_000 + 4_000;
/// Wait for the DPA (the peer's own CEA/DPA timeout is 10 s).
const CLOSE_WAIT: u64 = 15_000;
/// The whole run, whatever happens.
const RUN_LIMIT: u64 = 90_000;

static ADDRESSES: [Address<'static>; 1] = [Address::V4(Ipv4Addr::new(127, 0, 0, 1))];
static APPS: [u32; 1] = [application::CREDIT_CONTROL];

/// Milliseconds since boot, counted by the SysTick exception.
static MILLIS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    MILLIS.fetch_add(1, Ordering::Relaxed);
}

fn now() -> Instant {
    Instant::from_millis(u64::from(MILLIS.load(Ordering::Relaxed)))
}

/// Ends the emulation through semihosting (SYS_EXIT): status 0 for
/// success, 1 otherwise.
pub fn exit(ok: bool) -> ! {
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Only reached without a semihosting host.
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    Line::new("panic").print();
    exit(false)
}

/// CC-Request-Type values (RFC 4006 §8.3).
const INITIAL_REQUEST: i32 = 1;
const TERMINATION_REQUEST: i32 = 3;

/// Writes a CCR (RFC 4006 §3.1, TS 32.299 §6.4.2) with one MSCC: an empty
/// Requested-Service-Unit in the CCR-Initial, a Used-Service-Unit of
/// `used` octets in the CCR-Termination.
fn ccr(
    buf: &mut [u8],
    session_id: &str,
    request_type: i32,
    number: u32,
    used: u64,
) -> Option<usize> {
    let mut w = MessageWriter::request(
        buf,
        command::CREDIT_CONTROL,
        application::CREDIT_CONTROL,
        true,
        hop_by_hop(number),
        hop_by_hop(number),
    );
    w.utf8(base::SESSION_ID, session_id)
        .identity(base::ORIGIN_HOST, ORIGIN_HOST)
        .identity(base::ORIGIN_REALM, ORIGIN_REALM)
        .identity(base::DESTINATION_REALM, DESTINATION_REALM)
        .u32(base::AUTH_APPLICATION_ID, application::CREDIT_CONTROL)
        .utf8(cc::SERVICE_CONTEXT_ID, SERVICE_CONTEXT_ID)
        .enumerated(cc::CC_REQUEST_TYPE, request_type)
        .u32(cc::CC_REQUEST_NUMBER, number)
        .grouped(cc::SUBSCRIPTION_ID, |w| {
            // END_USER_IMSI.
            w.enumerated(cc::SUBSCRIPTION_ID_TYPE, 1)
                .utf8(cc::SUBSCRIPTION_ID_DATA, IMSI);
        });
    if request_type == TERMINATION_REQUEST {
        // Termination-Cause DIAMETER_LOGOUT (RFC 6733 §8.15, RFC 4006 §3.1).
        w.enumerated(base::TERMINATION_CAUSE, 1);
    }
    // MULTIPLE_SERVICES_SUPPORTED (RFC 4006 §8.40).
    w.enumerated(cc::MULTIPLE_SERVICES_INDICATOR, 1).grouped(
        cc::MULTIPLE_SERVICES_CREDIT_CONTROL,
        |w| {
            if request_type == TERMINATION_REQUEST {
                w.grouped(cc::USED_SERVICE_UNIT, |w| {
                    w.u64(cc::CC_TOTAL_OCTETS, used);
                });
            } else {
                w.grouped(cc::REQUESTED_SERVICE_UNIT, |_| {});
            }
            w.u32(cc::RATING_GROUP, RATING_GROUP);
        },
    );
    w.finish().ok()
}

/// Hop-by-Hop Identifier of CCR number `n` (unique per request, RFC 6733 §3).
const fn hop_by_hop(n: u32) -> u32 {
    0x4d43_0000 | n
}

/// Writes CCR number `number` and sends it; the answer is awaited by its
/// Hop-by-Hop Identifier. `false` when it could not be written or sent.
fn send_ccr(
    node: &mut Node<'_, Uart>,
    gy: &mut Gy,
    t: Instant,
    request_type: i32,
    number: u32,
    used: u64,
) -> bool {
    let mut buf = [0u8; node::FRAME_LEN];
    let Some(len) = ccr(&mut buf, gy.session_id(), request_type, number, used) else {
        return false;
    };
    gy.waiting = Some(hop_by_hop(number));
    node.send(t, buf.get(..len).unwrap_or_default()).is_ok()
}

/// What a CCA said, or why it is not acceptable.
#[derive(Clone, Copy)]
enum Answer {
    /// DIAMETER_SUCCESS at the top and in the MSCC; the granted octets
    /// (0 when none were granted).
    Success { granted: u64 },
    /// Anything else, with the reason for the log.
    Bad(&'static str),
}

/// The first Result-Code, Granted-Service-Unit/CC-Total-Octets and MSCC
/// Result-Code of a CCA; a malformed AVP anywhere makes the answer bad
/// (RFC 6733 §7: it cannot be trusted, and answers are not answered).
fn read_cca(msg: &Message<'_>, session_id: &str) -> Answer {
    let mut result = None;
    let mut session_ok = false;
    let mut mscc_result = None;
    let mut granted = 0;
    for avp in msg.avps() {
        let Ok(avp) = avp else {
            return Answer::Bad("malformed AVP");
        };
        match avp.code() {
            c if c == base::SESSION_ID.code => session_ok = avp.octets() == session_id.as_bytes(),
            c if c == base::RESULT_CODE.code => result = avp.u32().ok(),
            c if c == cc::MULTIPLE_SERVICES_CREDIT_CONTROL.code => match read_mscc(&avp) {
                Some((code, octets)) => {
                    mscc_result = Some(code);
                    granted += octets;
                }
                None => return Answer::Bad("malformed MSCC"),
            },
            _ => {}
        }
    }
    match (session_ok, result, mscc_result) {
        (false, ..) => Answer::Bad("wrong Session-Id"),
        (_, Some(result_code::DIAMETER_SUCCESS), Some(result_code::DIAMETER_SUCCESS) | None) => {
            Answer::Success { granted }
        }
        (_, Some(result_code::DIAMETER_SUCCESS), Some(_)) => Answer::Bad("MSCC Result-Code"),
        (_, Some(_), _) => Answer::Bad("Result-Code"),
        (_, None, _) => Answer::Bad("no Result-Code"),
    }
}

/// An MSCC's Result-Code (DIAMETER_SUCCESS when absent, RFC 4006 §8.16)
/// and granted octets; `None` when an AVP inside is malformed.
fn read_mscc(mscc: &Avp<'_>) -> Option<(u32, u64)> {
    let mut code = result_code::DIAMETER_SUCCESS;
    let mut octets = 0;
    for avp in mscc.grouped() {
        let avp = avp.ok()?;
        match avp.code() {
            c if c == base::RESULT_CODE.code => code = avp.u32().ok()?,
            c if c == cc::GRANTED_SERVICE_UNIT.code => {
                for unit in avp.grouped() {
                    let unit = unit.ok()?;
                    if unit.code() == cc::CC_TOTAL_OCTETS.code {
                        octets = unit.u64().ok()?;
                    }
                }
            }
            _ => {}
        }
    }
    Some((code, octets))
}

/// The credit-control side: matches each CCA to the outstanding CCR by
/// Hop-by-Hop Identifier (RFC 6733 §6.2) and keeps what it said.
struct Gy {
    /// The Session-Id: its first `session_len` bytes.
    session: [u8; SESSION_ID_LEN],
    session_len: usize,
    /// Hop-by-Hop Identifier of the outstanding CCR.
    waiting: Option<u32>,
    /// The answer to it, once it came.
    answer: Option<Answer>,
}

impl Gy {
    /// A session whose Session-Id is `<Origin-Host>;<boot>;1` (RFC 6733
    /// §8.8: the high 32 bits from the time of start-up).
    fn new(boot: u32) -> Self {
        let mut id = log::Line::raw();
        id.s(ORIGIN_HOST).s(";").n(boot).s(";1");
        let mut session = [0; SESSION_ID_LEN];
        let bytes = id.bytes();
        let session_len = bytes.len().min(SESSION_ID_LEN);
        session[..session_len].copy_from_slice(&bytes[..session_len]);
        Self {
            session,
            session_len,
            waiting: None,
            answer: None,
        }
    }

    /// The Session-Id.
    fn session_id(&self) -> &str {
        core::str::from_utf8(self.session.get(..self.session_len).unwrap_or_default()).unwrap_or("")
    }
}

impl Application for Gy {
    fn answer(&mut self, _: Instant, msg: &Message<'_>) {
        if msg.command_code() != command::CREDIT_CONTROL || self.waiting != Some(msg.hop_by_hop()) {
            // RFC 6733 §6.2: an answer that matches no pending request is
            // discarded.
            Line::new("answer to no request discarded").print();
            return;
        }
        self.waiting = None;
        self.answer = Some(read_cca(msg, self.session_id()));
    }
}

/// Where the scripted session is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Waiting for I-Open.
    Connect,
    /// CCR-Initial sent.
    Initial,
    /// Waiting for two DWAs after the CCA-I, holding `granted` octets.
    Watchdog { dwas: u32, granted: u64 },
    /// CCR-Termination sent.
    Termination,
    /// DPR sent (or the peer closed): waiting for Closed.
    Closing,
}

/// `n` for the log, which prints 32-bit numbers.
fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Logs why the run fails and marks it failed.
fn fail(ok: &mut bool, why: &str) {
    Line::new("FAIL: ").s(why).print();
    *ok = false;
}

type Uart = hw::Uart;

#[entry]
fn main() -> ! {
    let Some(mut core) = cortex_m::Peripherals::take() else {
        exit(false)
    };
    core.SYST.set_clock_source(SystClkSource::Core);
    core.SYST.set_reload(SYSCLK_HZ / 1000 - 1);
    core.SYST.clear_current();
    core.SYST.enable_interrupt();
    core.SYST.enable_counter();
    let Some(uart) = Uart::take(SYSCLK_HZ, BAUD) else {
        exit(false)
    };
    let local = LocalIdentity {
        origin_host: ORIGIN_HOST,
        origin_realm: ORIGIN_REALM,
        host_ip_addresses: &ADDRESSES,
        vendor_id: 0,
        product_name: "diameter-core embedded example",
        origin_state_id: Some(1),
        supported_vendor_ids: &[],
        auth_application_ids: &APPS,
        acct_application_ids: &[],
        vendor_specific_application_ids: &[],
        firmware_revision: Some(1),
        inband_security_ids: &[],
    };
    let mut config = Config::lean(local, 0x2545_f491);
    config.tw = TW;
    let mut node = Node::new(Peer::new(config), uart);
    let mut gy = Gy::new(hw::boot_time());
    let mut ok = true;
    let mut used = 0;
    let mut step = Step::Connect;
    let mut deadline = ANSWER_WAIT;
    let mut quiet_since = 0;
    Line::new("node: ")
        .n(clamp(core::mem::size_of::<Node<'_, Uart>>() as u64))
        .s(" bytes on the stack")
        .print();
    Line::new("start: session ")
        .s(gy.session_id())
        .s(", CER to the OCS over UART0")
        .print();
    if node.signal(now(), Event::Start).is_err() {
        exit(false)
    }
    loop {
        let t = now();
        let ms = t.as_millis();
        let got = node.poll(t, &mut gy).unwrap_or_else(|_| {
            Line::new("UART timed out").print();
            false
        });
        let mut next = step;
        match step {
            // Lost framing (RFC 6733 §3) counts as a lost connection.
            Step::Initial | Step::Watchdog { .. } | Step::Termination
                if node.state() == State::Closed =>
            {
                fail(&mut ok, "connection lost");
            }
            Step::Connect if node.is_available() => {
                next = Step::Initial;
                Line::new("send CCR-Initial for ").s(IMSI).print();
                if !send_ccr(&mut node, &mut gy, t, INITIAL_REQUEST, 0, 0) {
                    fail(&mut ok, "CCR-Initial not sent");
                }
            }
            Step::Connect if node.state() == State::Closed => {
                fail(&mut ok, "no capabilities exchange");
                next = Step::Closing;
            }
            Step::Initial => match gy.answer.take() {
                Some(Answer::Success { granted }) if granted > 0 => {
                    Line::new("CCA-Initial: 2001, granted octets ")
                        .n(clamp(granted))
                        .print();
                    next = Step::Watchdog {
                        dwas: node.tally().dwa_ok,
                        granted,
                    };
                }
                Some(Answer::Success { .. }) => fail(&mut ok, "CCA-Initial granted nothing"),
                Some(Answer::Bad(why)) => fail(&mut ok, why),
                None => {}
            },
            Step::Watchdog { dwas, granted } if node.tally().dwa_ok >= dwas + 2 => {
                used = USED_OCTETS.min(granted);
                Line::new("two DWR/DWA rounds done; send CCR-Termination, Used-Service-Unit CC-Total-Octets ")
                    .n(clamp(used))
                    .print();
                next = Step::Termination;
                if !send_ccr(&mut node, &mut gy, t, TERMINATION_REQUEST, 1, used) {
                    fail(&mut ok, "CCR-Termination not sent");
                }
            }
            Step::Termination => match gy.answer.take() {
                Some(Answer::Success { .. }) => {
                    Line::new("CCA-Termination: 2001").print();
                    next = Step::Closing;
                }
                Some(Answer::Bad(why)) => fail(&mut ok, why),
                None => {}
            },
            Step::Closing if node.state() == State::Closed => {
                let tally = node.tally();
                Line::new("closed: CEA ")
                    .n(tally.cea)
                    .s(", DWA ok ")
                    .n(tally.dwa_ok)
                    .s(" bad ")
                    .n(tally.dwa_bad)
                    .s(", DPA ")
                    .n(tally.dpa)
                    .s(", used ")
                    .n(clamp(used))
                    .s(", after ms ")
                    .n(clamp(ms))
                    .print();
                let all = ok
                    && tally.cea == result_code::DIAMETER_SUCCESS
                    && tally.dwa_bad == 0
                    && tally.dpa == result_code::DIAMETER_SUCCESS;
                Line::new(if all { "PASS" } else { "FAIL" }).print();
                exit(all)
            }
            _ => {}
        }
        if !ok && step != Step::Closing {
            next = Step::Closing;
        }
        if next == step && ms >= deadline {
            fail(&mut ok, "timed out");
            next = Step::Closing;
            if step == Step::Closing {
                exit(false)
            }
        }
        if ms >= RUN_LIMIT {
            Line::new("FAIL: run limit").print();
            exit(false)
        }
        if next != step {
            if next == Step::Closing && node.state() != State::Closed {
                let _ = node.signal(t, Event::Stop(DisconnectCause::DoNotWantToTalkToYou));
            }
            deadline = ms
                + match next {
                    Step::Watchdog { .. } => WATCHDOG_WAIT,
                    Step::Closing => CLOSE_WAIT,
                    _ => ANSWER_WAIT,
                };
            step = next;
        }
        // Sleep until the next SysTick once the line has been quiet for a
        // few milliseconds (the UART holds one byte, so while bytes come,
        // poll without sleeping).
        if got {
            quiet_since = ms;
        } else if ms > quiet_since + 5 {
            cortex_m::asm::wfi();
        }
    }
}
