//! The election between two simultaneous connections (RFC 6733 §5.6.4).

/// Whether this node wins the election: its Origin-Host lexicographically
/// succeeds the peer's, octet by octet, with ASCII letters compared without
/// regard to case (RFC 6733 §5.6.4). The winner keeps the responder
/// connection and closes the one it initiated.
pub fn wins_election(local_host: &str, peer_host: &str) -> bool {
    local_host
        .bytes()
        .map(|b| b.to_ascii_lowercase())
        .gt(peer_host.bytes().map(|b| b.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::wins_election;

    #[test]
    fn higher_origin_host_wins() {
        assert!(wins_election("b.example", "a.example"));
        assert!(!wins_election("a.example", "b.example"));
        // A longer name with the same prefix succeeds it.
        assert!(wins_election("peer.example.net", "peer.example"));
    }

    #[test]
    fn comparison_ignores_ascii_case() {
        assert!(wins_election("b.example", "A.EXAMPLE"));
        assert!(!wins_election("A.EXAMPLE", "b.example"));
        // Case-folded equal names: nobody succeeds, nobody wins.
        assert!(!wins_election("Peer.Example", "peer.example"));
    }

    #[test]
    fn exactly_one_side_wins() {
        let names = ["a", "B", "aa", "a.b", "Z.example", "z.example.com"];
        for x in names {
            for y in names {
                if !x.eq_ignore_ascii_case(y) {
                    assert_ne!(wins_election(x, y), wins_election(y, x), "{x} vs {y}");
                }
            }
        }
    }
}
