//! The accepted connections a node can hold within its process's
//! descriptor limit (`RLIMIT_NOFILE`).
//!
//! Past that limit `accept` fails with EMFILE and leaves the connection
//! in the listen backlog, so once strangers hold every descriptor a
//! configured peer could no longer get in at all. Holding
//! [`NodeConfig::max_connections`] below the limit keeps descriptors for
//! refusing the excess at accept (accept, then close) and for the
//! configured peers, which are never refused.

use tracing::info;

use crate::NodeConfig;

/// Descriptors kept for everything but accepted connections: standard
/// streams, stores and their journals, logs, the metrics server.
const FIXED_RESERVE: u64 = 64;

/// The descriptors `config` needs besides its accepted connections: the
/// fixed reserve, a poll and a waker per event loop, a listener per
/// address per loop, and two per configured peer (its connection out and
/// one in while the election of RFC 6733 §5.6.4 runs).
fn reserve(config: &NodeConfig) -> u64 {
    let threads = config.thread_count() as u64;
    let listeners = (config.listen.len() + config.tls_listen.len()) as u64;
    let peers = config.peers.len() as u64;
    FIXED_RESERVE + threads * (2 + listeners) + 2 * peers
}

/// `config.max_connections`, lowered to what the descriptor limit
/// `nofile` (the soft limit) leaves after the [`reserve`], with a log line
/// when it is lowered.
pub(crate) fn bounded_max_connections(config: &NodeConfig, nofile: u64) -> usize {
    let budget = nofile.saturating_sub(reserve(config));
    let budget = usize::try_from(budget).unwrap_or(usize::MAX);
    if config.max_connections > budget {
        info!(
            max_connections = config.max_connections,
            lowered_to = budget,
            descriptor_limit = nofile,
            "max_connections lowered to fit the descriptor limit"
        );
        budget
    } else {
        config.max_connections
    }
}

/// This process's soft descriptor limit; unlimited when it cannot be read.
pub(crate) fn soft_limit() -> u64 {
    rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(u64::MAX, |(soft, _)| soft)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(peers: usize) -> NodeConfig {
        let mut c = NodeConfig::new("ocs.example.com", "example.com");
        c.threads = 2;
        c.listen = vec!["127.0.0.1:0".parse().unwrap()];
        c.peers = (0..peers)
            .map(|i| crate::PeerConfig {
                address: format!("127.0.0.1:{}", 4000 + i).parse().unwrap(),
                host: None,
                tls: crate::TlsMode::Off,
            })
            .collect();
        c
    }

    #[test]
    fn a_limit_below_the_setting_lowers_it_by_the_reserve() {
        let c = config(3);
        // 64 fixed + 2 loops × (poll, waker, one listener) + 2 × 3 peers.
        assert_eq!(bounded_max_connections(&c, 1_000), 1_000 - 64 - 6 - 6);
        assert_eq!(bounded_max_connections(&c, 50), 0);
    }

    #[test]
    fn a_limit_above_the_setting_keeps_it() {
        let c = config(0);
        assert_eq!(bounded_max_connections(&c, 1 << 20), c.max_connections);
        assert_eq!(bounded_max_connections(&c, u64::MAX), c.max_connections);
    }
}
