//! A Diameter credit-control client on a Cortex-M4F (thumbv7em-none-eabihf),
//! `no_std`, no heap, logging with defmt over RTT.
//!
//! [`node::Node`] runs a peer over any link with the `embedded_io` traits
//! of a UART driver. Here the "UART" is an in-memory line to a second node,
//! a server, so that the example runs on any board (or in a simulator)
//! without wiring: the client connects, exchanges CER/CEA, sends a
//! Credit-Control-Request every 10 s, answers and sends watchdogs, and
//! after an hour disconnects with DPR.
//!
//! Build and measure with `examples/size.sh`.
#![no_std]
#![no_main]

mod node;
mod pipe;

use core::net::Ipv4Addr;

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::SYST;
use cortex_m_rt::entry;
use defmt_rtt as _;
use diameter_core::dict::{application, base, cc, command};
use diameter_core::peer::{Config, DisconnectCause, Event, Instant, LocalIdentity, Peer};
use diameter_core::wire::{Address, AvpHead, Message, MessageWriter};
use panic_halt as _;

use node::Node;
use pipe::{Pipe, Wire};

/// Core clock after reset (the STM32F411's internal 16 MHz oscillator).
const CORE_HZ: u32 = 16_000_000;

static ADDRESSES: [Address<'static>; 1] = [Address::V4(Ipv4Addr::new(192, 0, 2, 10))];
static APPS: [u32; 1] = [application::CREDIT_CONTROL];

/// A node's identity: the client and the server differ only by name.
const fn identity(origin_host: &'static str) -> LocalIdentity<'static> {
    LocalIdentity {
        origin_host,
        origin_realm: "example.net",
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
    }
}

/// Milliseconds counted by polling SysTick, which wraps every millisecond.
struct Clock {
    syst: SYST,
    ms: u64,
}

impl Clock {
    fn new(mut syst: SYST) -> Self {
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(CORE_HZ / 1000 - 1);
        syst.clear_current();
        syst.enable_counter();
        Self { syst, ms: 0 }
    }

    fn now(&mut self) -> Instant {
        if self.syst.has_wrapped() {
            self.ms += 1;
        }
        Instant::from_millis(self.ms)
    }
}

/// Writes a Credit-Control-Request (RFC 4006 §3.1) numbered `n`.
fn ccr(buf: &mut [u8], n: u32) -> Option<usize> {
    let mut w = MessageWriter::request(
        buf,
        command::CREDIT_CONTROL,
        application::CREDIT_CONTROL,
        true,
        n,
        n,
    );
    w.utf8(base::SESSION_ID.head(), "client.example.net;1;1")
        .identity(base::ORIGIN_HOST.head(), "client.example.net")
        .identity(base::ORIGIN_REALM.head(), "example.net")
        .identity(base::DESTINATION_REALM.head(), "example.net")
        .u32(
            base::AUTH_APPLICATION_ID.head(),
            application::CREDIT_CONTROL,
        )
        // CC-Request-Type (RFC 4006 §8.3): EVENT_REQUEST.
        .enumerated(AvpHead::mandatory(416), 4)
        .u32(cc::CC_REQUEST_NUMBER.head(), n);
    w.finish().ok()
}

/// The server's application: answers requests with DIAMETER_SUCCESS.
fn answer(request: &Message<'_>, buf: &mut [u8]) -> Option<usize> {
    if !request.is_request() {
        return None;
    }
    let mut w = MessageWriter::answer(buf, request);
    if let Some(session) = request.lookup(base::SESSION_ID.code, 0) {
        w.copy_avp(&session);
    }
    w.u32(base::RESULT_CODE.head(), 2001)
        .identity(base::ORIGIN_HOST.head(), "server.example.net")
        .identity(base::ORIGIN_REALM.head(), "example.net");
    w.finish().ok()
}

/// The client's application: logs answers, sends nothing back.
fn log_answer(msg: &Message<'_>, _: &mut [u8]) -> Option<usize> {
    let code = msg
        .lookup(base::RESULT_CODE.code, 0)
        .and_then(|a| a.u32().ok());
    defmt::info!("client: answer with Result-Code {}", code);
    None
}

/// The example's client and server over the in-memory line.
type ExampleNode = Node<'static, Pipe<'static>>;

#[entry]
fn main() -> ! {
    // cortex-m-rt turns these into `&'static mut`s in .bss; the nodes
    // live on the stack.
    static mut TO_SERVER: Wire = Wire::new(heapless::Deque::new());
    static mut TO_CLIENT: Wire = Wire::new(heapless::Deque::new());

    let Some(core) = cortex_m::Peripherals::take() else {
        halt()
    };
    let mut clock = Clock::new(core.SYST);
    let (to_server, to_client): (&'static Wire, &'static Wire) = (TO_SERVER, TO_CLIENT);
    // A real device seeds from a hardware RNG or its unique ID.
    let mut client: ExampleNode = Node::new(
        "client",
        Peer::new(Config::new(identity("client.example.net"), 0x2545_f491)),
        Pipe::new(to_client, to_server),
        log_answer,
    );
    let mut server: ExampleNode = Node::new(
        "server",
        Peer::new(Config::new(identity("server.example.net"), 0x9e37_79b9)),
        Pipe::new(to_server, to_client),
        answer,
    );
    let mut request = [0u8; 256];
    let mut next_request = 10_000;
    let mut n = 0;
    let mut stopped = false;
    if client.signal(clock.now(), Event::Start).is_err() {
        halt()
    }
    loop {
        let now = clock.now();
        let mut io = client.poll(now).and(server.poll(now));
        if client.is_available() && now.as_millis() >= next_request {
            next_request += 10_000;
            n += 1;
            if let Some(len) = ccr(&mut request, n) {
                io = io.and(client.send(now, request.get(..len).unwrap_or_default()));
            }
        }
        if !stopped && now.as_millis() >= 3_600_000 {
            stopped = true;
            io = io.and(client.signal(now, Event::Stop(DisconnectCause::DoNotWantToTalkToYou)));
        }
        if let Err(e) = io {
            defmt::error!("link: {}", e);
        }
    }
}

fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}
