//! A proxy agent (RFC 6733 §2.8.2) and its topology hiding.

use std::time::Duration;

use diameter_core::dict::{application, base, result_code as rc};
use diameter_core::wire::Message;

use super::sim::{avp_text, ccr, config, peer, Net};
use crate::config::{HidingKey, Role};

/// The texts of every AVP `code` of a message.
fn all(msg: &[u8], code: u32) -> Vec<String> {
    let Ok(m) = Message::new_checked(msg) else {
        return Vec::new();
    };
    (m.avps().map_while(Result::ok))
        .filter(|a| a.code() == code)
        .filter_map(|a| a.identity().ok().map(str::to_owned))
        .collect()
}

/// Whether `name` appears anywhere in `msg`'s bytes.
fn mentions(msg: &[u8], name: &str) -> bool {
    msg.windows(name.len()).any(|w| w == name.as_bytes())
}

/// A proxy `p.inner` of realm `inner` (node 0), a client `c.outer` of
/// realm `outer` (node 1) and a server `s.inner` (node 2), both connected
/// to the proxy; the proxy hides its realm when `hide`.
fn network(hide: bool, threads: usize) -> Net {
    let mut net = Net::new();
    let mut p = config("p.inner", "inner", threads);
    p.role = Role::Proxy;
    p.hide_topology = hide.then_some(HidingKey([9; 32]));
    net.add(p);
    let mut c = config("c.outer", "outer", 1);
    c.peers = vec![peer(0, "p.inner")];
    net.add(c);
    let mut s = config("s.inner", "inner", 1);
    s.peers = vec![peer(0, "p.inner")];
    net.add(s);
    net.advance(Duration::from_secs(1));
    net
}

/// Sends `request` from node `n` and waits for its answer.
fn exchange(net: &mut Net, n: usize, request: Vec<u8>) -> Vec<u8> {
    let reply = net.send(n, request);
    net.advance(Duration::from_millis(10));
    reply.try_recv().expect("answered").into_bytes()
}

/// Hidden, the inner server is known outside only by a pseudonym: in the
/// answers it sends out, and in its own requests out (Origin-Host and
/// Route-Record); a request naming the pseudonym reaches the server
/// under its own name. With the proxy on two event loops, so that some
/// requests and answers cross between them.
#[test]
fn a_proxy_hides_the_hosts_of_its_realm_from_other_realms() {
    for threads in [1, 2] {
        let mut net = network(true, threads);
        let answer = exchange(&mut net, 1, ccr(("c.outer", "outer"), "inner", None));
        let m = Message::new_checked(&answer).expect("an answer");
        assert_eq!(
            m.lookup(base::RESULT_CODE.code, 0)
                .and_then(|a| a.u32().ok()),
            Some(rc::DIAMETER_SUCCESS)
        );
        let alias = avp_text(&answer, base::ORIGIN_HOST.code).expect("an Origin-Host");
        assert!(
            alias.starts_with('h') && alias.ends_with(".inner"),
            "{alias}"
        );
        assert!(!mentions(&answer, "s.inner"), "the answer names the server");

        // The next request of the session names the pseudonym.
        let again = ccr(("c.outer", "outer"), "inner", Some(&alias));
        let answer = exchange(&mut net, 1, again);
        assert_eq!(
            avp_text(&answer, base::ORIGIN_HOST.code),
            Some(alias.clone())
        );
        let served = net.served.lock().unwrap().clone();
        assert_eq!(served.len(), 2, "{served:?}");
        assert!(served.iter().all(|s| s.node == "s.inner"));
        let second = &served[1].request;
        let host = avp_text(second, base::DESTINATION_HOST.code);
        assert_eq!(host.as_deref(), Some("s.inner"), "restored for the server");
        assert_eq!(all(second, base::ROUTE_RECORD.code), ["c.outer"]);

        // The server's own request out.
        let rar = ccr(("s.inner", "inner"), "outer", Some("c.outer"));
        let answer = exchange(&mut net, 2, rar);
        assert_eq!(
            avp_text(&answer, base::ORIGIN_HOST.code).as_deref(),
            Some("c.outer")
        );
        let served = net.served.lock().unwrap().clone();
        let out = &served.last().expect("served").request;
        assert_eq!(served.last().map(|s| s.node.as_str()), Some("c.outer"));
        assert_eq!(avp_text(out, base::ORIGIN_HOST.code), Some(alias.clone()));
        assert_eq!(all(out, base::ROUTE_RECORD.code), vec![alias.clone()]);
        assert!(!mentions(out, "s.inner"), "the request names the server");
    }
}

/// Not hidden, a proxy forwards as a relay does, with the Route-Record of
/// the peer a request came from; it advertises the applications it
/// forwards, not the Relay Application-Id (RFC 6733 §2.8.2).
#[test]
fn a_proxy_forwards_as_a_relay_and_advertises_its_applications() {
    let mut net = network(false, 1);
    let answer = exchange(&mut net, 1, ccr(("c.outer", "outer"), "inner", None));
    assert_eq!(
        avp_text(&answer, base::ORIGIN_HOST.code).as_deref(),
        Some("s.inner")
    );
    let served = net.served.lock().unwrap().clone();
    assert_eq!(
        all(&served[0].request, base::ROUTE_RECORD.code),
        ["c.outer"]
    );

    let apps: Vec<u32> = (net.peers(1).iter())
        .find(|p| p.host == "p.inner")
        .map(|p| p.applications.clone())
        .unwrap_or_default();
    assert!(
        apps.contains(&4) && !apps.contains(&application::RELAY),
        "{apps:?}"
    );
}
