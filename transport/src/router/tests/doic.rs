//! Diameter overload control (DOIC, RFC 7683) between nodes on the
//! virtual clock: negotiation, a server's report on the load shedder's
//! signal, a client's and a relay agent's abatement by the loss algorithm.
//! Each scenario runs with the feature on and off, and the two must differ.

use std::sync::mpsc::channel;
use std::time::Duration;

use diameter_core::dict::{base, doic as d, result_code as rc};
use diameter_core::doic::{Features, OverloadReport, ReportType};
use diameter_core::wire::flags;

use super::sim::{ccr, config, peer, Net};
use crate::{Answer, DoicConfig, Role};

/// DOIC with host reports: the scenarios send requests naming the server.
fn host_reports() -> DoicConfig {
    DoicConfig {
        report_type: ReportType::Host,
        ..DoicConfig::default()
    }
}

/// How a batch of requests was answered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Batch {
    /// 2001 from the server.
    served: usize,
    /// 3004 with the E bit from the abating node itself.
    abated: usize,
    /// Anything else.
    other: usize,
}

/// Sends `n` CCRs from node `client` (c.example) for `realm` and `host`,
/// runs the network, and sorts the answers; `abater` is the node whose
/// local 3004s count as abated.
fn batch(
    net: &mut Net,
    client: usize,
    (realm, host): (&str, Option<&str>),
    n: usize,
    abater: &str,
) -> Batch {
    let (tx, rx) = channel();
    for _ in 0..n {
        let request = ccr(("c.example", "example"), realm, host);
        net.nodes[client].client.send(request, &tx).expect("sent");
    }
    net.settle();
    let mut b = Batch::default();
    for a in rx.try_iter() {
        let msg = a.message();
        let by = (msg.as_ref())
            .and_then(|m| m.lookup(base::ORIGIN_HOST.code, 0))
            .and_then(|h| h.identity().ok());
        let error = msg.is_some_and(|m| m.flags() & flags::ERROR != 0);
        match a.result_code() {
            Some(rc::DIAMETER_SUCCESS) => b.served += 1,
            Some(rc::DIAMETER_TOO_BUSY) if error && by == Some(abater) => {
                b.abated += 1;
            }
            _ => b.other += 1,
        }
    }
    b
}

/// The one answer to one CCR from node `client`.
fn one(net: &mut Net, client: usize, dest: (&str, Option<&str>)) -> Answer {
    let reply = net.send(client, ccr(("c.example", "example"), dest.0, dest.1));
    net.settle();
    reply.try_recv().expect("answered")
}

/// The OC-Supported-Features of an answer.
fn features(a: &Answer) -> Option<Features> {
    Features::of(&a.message()?)
}

/// The OC-OLR of an answer.
fn report(a: &Answer) -> Option<OverloadReport> {
    let olr = a.message()?.lookup(d::OC_OLR.code, 0)?;
    OverloadReport::parse(&olr).ok()
}

/// Whether the last request the handler of `node` served carried
/// OC-Supported-Features.
fn last_had_features(net: &Net, node: &str) -> Option<bool> {
    let served = net.served.lock().expect("the log");
    served.iter().rev().find(|s| s.node == node).map(|s| s.doic)
}

/// How many requests the handler of `node` served.
fn served_by(net: &Net, node: &str) -> usize {
    let served = net.served.lock().expect("the log");
    served.iter().filter(|s| s.node == node).count()
}

/// What node `n` counted as abated for its peer `host`.
fn abated_for(net: &Net, n: usize, host: &str) -> u64 {
    (net.peers(n).iter())
        .filter(|p| p.host == host)
        .map(|p| p.counters().abated)
        .sum()
}

/// A client (c.example) and a server (s.example) that sheds after 20 ms
/// turns, both with overload control `doic`.
fn client_and_server(doic: Option<DoicConfig>) -> (Net, usize, usize) {
    let mut net = Net::new();
    let mut s = config("s.example", "example", 1);
    s.shed_after = Some(Duration::from_millis(20));
    s.doic = doic;
    let server = net.add(s);
    let mut c = config("c.example", "example", 1);
    c.peers = vec![peer(server, "s.example")];
    c.doic = doic;
    let client = net.add(c);
    net.advance(Duration::from_secs(1));
    (net, server, client)
}

/// Serves 50 new requests of node `client` for `realm` at `server`, then
/// tells the server its turn took 100 ms: five times its target, so it
/// sheds, and is overloaded (as in the shedding test).
fn overload(net: &mut Net, client: usize, server: (usize, &str), realm: &str) {
    let warm = batch(net, client, (realm, None), 50, "");
    assert_eq!(warm.served, 50, "no shedding before a slow turn");
    net.turn_took(server.0, Duration::from_millis(100));
}

/// RFC 7683 §5.1: a client's request carries OC-Supported-Features, the
/// server's answer selects the loss algorithm, and carries no OC-OLR while
/// the server is not overloaded.
#[test]
fn doic_nodes_announce_the_loss_algorithm_and_report_nothing_unloaded() {
    let negotiate = |doic| {
        let (mut net, _, client) = client_and_server(doic);
        let a = one(&mut net, client, ("example", None));
        assert_eq!(a.result_code(), Some(rc::DIAMETER_SUCCESS));
        (
            last_had_features(&net, "s.example"),
            features(&a),
            report(&a),
        )
    };
    assert_eq!(
        negotiate(Some(DoicConfig::default())),
        (Some(true), Some(Features::LOSS), None)
    );
    assert_eq!(negotiate(None), (Some(false), None, None), "DOIC off");
}

/// What a client saw of an overloaded server.
#[derive(Debug, PartialEq, Eq)]
struct Abated {
    /// The report of the first answer once overloaded.
    report: Option<(ReportType, u8, u32)>,
    /// 1,000 requests.
    during: Batch,
    /// Of which the server served.
    reached: usize,
    /// 10 requests 29 s later, still within the report's validity; their
    /// answers bring the report renewed.
    late: Batch,
    /// 1,000 requests once the renewed report's validity has passed too,
    /// all decided before any answer.
    after: Batch,
    /// 1,000 more, after those answers renewed it again.
    renewed: Batch,
    /// The client's count of abated requests for the server.
    counted: u64,
    /// The report once the server is no longer overloaded: the end.
    end: Option<(u8, u32, bool)>,
}

/// Runs a client and a server that becomes overloaded, both with `doic`.
fn abatement(doic: Option<DoicConfig>) -> Abated {
    let (mut net, server, client) = client_and_server(doic);
    let to_server = ("example", Some("s.example"));
    overload(&mut net, client, (server, "s.example"), "example");
    let first = report(&one(&mut net, client, to_server));
    let before = served_by(&net, "s.example");
    let during = batch(&mut net, client, to_server, 1_000, "c.example");
    let reached = served_by(&net, "s.example") - before;
    net.advance(Duration::from_secs(29));
    let late = batch(&mut net, client, to_server, 10, "c.example");
    net.advance(Duration::from_secs(31));
    let after = batch(&mut net, client, to_server, 1_000, "c.example");
    let renewed = batch(&mut net, client, to_server, 1_000, "c.example");
    let counted = abated_for(&net, client, "s.example");
    // A fast turn lifts the shedding budget: the overload is over.
    net.turn_took(server, Duration::from_millis(1));
    let end = report(&one(&mut net, client, to_server));
    if let (Some(first), Some(end)) = (first, end) {
        assert!(
            end.sequence() > first.sequence(),
            "a new sequence number (§5.2.1.4)"
        );
        assert!(first.sequence() >= 1_000, "from the node's start time");
    }
    Abated {
        report: first.map(|r| (r.report_type(), r.reduction(), r.validity_secs())),
        during,
        reached,
        late,
        after,
        renewed,
        counted,
        end: end.map(|r| (r.reduction(), r.validity_secs(), r.is_end())),
    }
}

/// RFC 7683 §5.2.3, §6.3: the overloaded server (its shedder saw a slow
/// turn) reports a 50% host reduction for 30 s; the client answers
/// exactly half of its next requests to it 3004 itself (E bit, its own
/// Origin-Host) and sends the other half; 29 s later it still does. Once
/// the validity has passed with no answer from the server, everything is
/// sent; the answers bring the overload, which lasts, renewed (a greater
/// sequence number, §5.2.1.4), and half is abated again. When the
/// server's overload ends it says so (validity 0, §5.2.3).
#[test]
fn a_client_abates_half_its_requests_to_a_server_reporting_50_percent() {
    let on = abatement(Some(host_reports()));
    let half = Batch {
        served: 500,
        abated: 500,
        other: 0,
    };
    let all = |n| Batch {
        served: n,
        ..Batch::default()
    };
    assert_eq!(
        on,
        Abated {
            report: Some((ReportType::Host, 50, 30)),
            during: half,
            reached: 500,
            late: Batch {
                served: 5,
                abated: 5,
                other: 0,
            },
            after: all(1_000),
            renewed: half,
            counted: 1_005,
            end: Some((0, 0, true)),
        }
    );
    let off = abatement(None);
    assert_eq!(
        off,
        Abated {
            report: None,
            during: all(1_000),
            reached: 1_000,
            late: all(10),
            after: all(1_000),
            renewed: all(1_000),
            counted: 0,
            end: None,
        },
        "DOIC off"
    );
}

/// What went through a relay agent reacting for a client without DOIC.
#[derive(Debug, PartialEq, Eq)]
struct Relayed {
    /// Whether the server's request had OC-Supported-Features.
    features_at_server: Option<bool>,
    /// The report the client got through the agent.
    report_at_client: Option<u8>,
    /// 1,000 requests of the client.
    during: Batch,
    /// The agent's count of abated requests for the server.
    counted: u64,
}

/// A client without DOIC, a relay agent (two loops) with `doic`, and a
/// server with DOIC that becomes overloaded.
fn through_an_agent(doic: Option<DoicConfig>) -> Relayed {
    let mut net = Net::new();
    let mut m = config("m.example", "example", 2);
    m.role = Role::Relay;
    m.doic = doic;
    m.peers = vec![peer(1, "c.example"), peer(2, "d.example")];
    net.add(m);
    let client = net.add(config("c.example", "example", 1));
    let mut s = config("d.example", "d.example", 1);
    s.shed_after = Some(Duration::from_millis(20));
    s.doic = Some(host_reports());
    let server = net.add(s);
    net.advance(Duration::from_secs(1));
    assert_eq!(net.open(0, "d.example"), 1);
    let to_server = ("d.example", Some("d.example"));
    overload(&mut net, client, (server, "d.example"), "d.example");
    let a = one(&mut net, client, to_server);
    let features_at_server = last_had_features(&net, "d.example");
    let during = batch(&mut net, client, to_server, 1_000, "m.example");
    Relayed {
        features_at_server,
        report_at_client: report(&a).map(|r| r.reduction()),
        during,
        counted: abated_for(&net, 0, "d.example"),
    }
}

/// RFC 7683 §5.1.3, §5.2.2: a relay agent with DOIC adds
/// OC-Supported-Features to the requests of a client that has none,
/// passes the server's OC-OLR on to the client in the answer, and abates
/// half of the client's requests to the server, answering them 3004
/// itself.
#[test]
fn a_relay_agent_abates_for_a_client_without_doic() {
    let on = through_an_agent(Some(DoicConfig::default()));
    assert_eq!(
        on,
        Relayed {
            features_at_server: Some(true),
            report_at_client: Some(50),
            during: Batch {
                served: 500,
                abated: 500,
                other: 0,
            },
            counted: 500,
        }
    );
    let off = through_an_agent(None);
    assert_eq!(
        off,
        Relayed {
            features_at_server: Some(false),
            report_at_client: None,
            during: Batch {
                served: 1_000,
                ..Batch::default()
            },
            counted: 0,
        },
        "DOIC off at the agent"
    );
}

/// RFC 7683 §5.1.2, §5.2.3: the 3004s of load shedding are answers of the
/// reporting node too: they carry OC-Supported-Features and the report.
/// The host report does not govern the realm-routed requests that were
/// shed (§5.2.2): the client abates none of them.
#[test]
fn shed_answers_carry_the_overload_report() {
    let shed = |doic| {
        let (mut net, server, client) = client_and_server(doic);
        overload(&mut net, client, (server, "s.example"), "example");
        let (tx, rx) = channel();
        for _ in 0..20 {
            let request = ccr(("c.example", "example"), "example", None);
            net.nodes[client].client.send(request, &tx).expect("sent");
        }
        net.settle();
        let busy: Vec<_> = (rx.try_iter())
            .filter(|a| a.result_code() == Some(rc::DIAMETER_TOO_BUSY))
            .map(|a| (features(&a), report(&a).map(|r| r.reduction())))
            .collect();
        (busy, abated_for(&net, client, "s.example"))
    };
    let on = vec![(Some(Features::LOSS), Some(50)); 4];
    assert_eq!(shed(Some(host_reports())), (on, 0), "16 served, 4 shed");
    assert_eq!(shed(None), (vec![(None, None); 4], 0), "DOIC off");
}

/// What a relay agent reporting on behalf of a server without DOIC made
/// of the server's 3004s.
#[derive(Debug, PartialEq, Eq)]
struct OnBehalf {
    /// The reduction of the report in the server's relayed 3004s.
    report_at_client: Option<u8>,
    /// Of 1,000 requests after them, those the client abated.
    by_client: usize,
    /// Those the agent abated (and counted for the server).
    by_agent: (usize, u64),
}

/// A client (with DOIC when `client_doic`), a relay agent with DOIC that
/// reports on behalf of its servers when `on_behalf`, and a server
/// without DOIC that sheds load: 100 realm-routed requests meet its
/// shedding (16 served, the rest 3004), then 1,000 more go.
fn on_behalf_of_a_server(client_doic: bool, on_behalf: bool) -> OnBehalf {
    let mut net = Net::new();
    let mut m = config("m.example", "example", 1);
    m.role = Role::Relay;
    m.doic = Some(DoicConfig {
        on_behalf,
        ..DoicConfig::default()
    });
    m.peers = vec![peer(1, "c.example"), peer(2, "d.example")];
    net.add(m);
    let mut c = config("c.example", "example", 1);
    c.doic = client_doic.then(DoicConfig::default);
    let client = net.add(c);
    let mut s = config("d.example", "d.example", 1);
    s.shed_after = Some(Duration::from_millis(20));
    let server = net.add(s);
    net.advance(Duration::from_secs(1));
    overload(&mut net, client, (server, "d.example"), "d.example");
    let (tx, rx) = channel();
    for _ in 0..100 {
        let request = ccr(("c.example", "example"), "d.example", None);
        net.nodes[client].client.send(request, &tx).expect("sent");
    }
    net.settle();
    let report_at_client = (rx.try_iter())
        .filter(|a| a.result_code() == Some(rc::DIAMETER_TOO_BUSY))
        .find_map(|a| report(&a).map(|r| r.reduction()));
    let to_realm = ("d.example", None);
    let by_client = batch(&mut net, client, to_realm, 1_000, "c.example").abated;
    let before = abated_for(&net, 0, "d.example");
    let by_agent = batch(&mut net, client, to_realm, 1_000, "m.example").abated;
    OnBehalf {
        report_at_client,
        by_client,
        by_agent: (by_agent, abated_for(&net, 0, "d.example") - before),
    }
}

/// RFC 7683 (any DOIC node may be a reporting node, §2) with RFC 6733
/// §7.1.3: an agent takes a server's 3004s without DOIC for overload and
/// reports it in that server's answers: a client with DOIC abates half of
/// its requests itself; for a client without, the agent abates half.
/// Without reports on behalf, nothing is abated.
#[test]
fn an_agent_reports_overload_on_behalf_of_a_server_without_doic() {
    let client_reacts = on_behalf_of_a_server(true, true);
    assert_eq!(client_reacts.report_at_client, Some(50));
    assert_eq!(client_reacts.by_client, 500, "{client_reacts:?}");
    assert_eq!(client_reacts.by_agent, (0, 0), "the client abated them");
    let agent_reacts = on_behalf_of_a_server(false, true);
    assert_eq!(agent_reacts.by_client, 0);
    assert_eq!(agent_reacts.by_agent, (500, 500), "{agent_reacts:?}");
    for client_doic in [true, false] {
        let off = on_behalf_of_a_server(client_doic, false);
        let nothing = OnBehalf {
            report_at_client: None,
            by_client: 0,
            by_agent: (0, 0),
        };
        assert_eq!(off, nothing, "no reports on behalf");
    }
}

/// What each side shows of an overload (for `/metrics`): the server its
/// own report while it sheds, the client the report it abates by, each
/// once across the nodes' event loops; nothing without DOIC.
#[test]
fn both_sides_show_the_overload_report_in_force() {
    let shown = |doic| {
        let (mut net, server, client) = client_and_server(doic);
        let to_server = ("example", Some("s.example"));
        overload(&mut net, client, (server, "s.example"), "example");
        one(&mut net, client, to_server);
        let view = |n: usize| -> Vec<_> {
            (net.client(n).overload().into_iter())
                .map(|s| {
                    (
                        s.reporting,
                        s.application,
                        s.host_report,
                        s.name,
                        s.reduction,
                    )
                })
                .collect()
        };
        (view(server), view(client))
    };
    let own = (true, 4, true, "s.example".to_string(), 50);
    let held = (false, 4, true, "s.example".to_string(), 50);
    assert_eq!(shown(Some(host_reports())), (vec![own], vec![held]));
    assert_eq!(shown(None), (vec![], vec![]), "DOIC off");
}
