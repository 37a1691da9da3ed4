//! A map split into shards by a hash of the key, so that a walk over every
//! entry (the Tcc supervisor's) can go one shard at a time: whoever holds
//! the map's lock for a shard's walk holds it for a [`SHARDS`]th of the
//! whole, and the event loop waiting on that lock waits that long at most.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

/// How many shards a [`Sharded`] map has.
pub const SHARDS: usize = 64;

/// A `HashMap` in [`SHARDS`] parts. The part is chosen by a fast seeded
/// hash (foldhash); within it the standard map's keyed SipHash keeps its
/// resistance to keys chosen by a peer (Session-Ids come from the wire).
#[derive(Debug)]
pub struct Sharded<K, V> {
    shards: Vec<HashMap<K, V>>,
    picker: foldhash::fast::RandomState,
}

impl<K, V> Default for Sharded<K, V> {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| HashMap::new()).collect(),
            picker: foldhash::fast::RandomState::default(),
        }
    }
}

impl<K: Hash + Eq, V> Sharded<K, V> {
    /// The shard `key` belongs to.
    fn shard<Q: Hash + ?Sized>(&self, key: &Q) -> usize {
        // The low bits of a 64-bit hash: SHARDS divides 2^64.
        (self.picker.hash_one(key) % SHARDS as u64) as usize
    }

    /// The value of `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shards.get(self.shard(key))?.get(key)
    }

    /// The key as held, and the value, of `key`.
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shards.get(self.shard(key))?.get_key_value(key)
    }

    /// The value of `key`, to change.
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.shard(key);
        self.shards.get_mut(i)?.get_mut(key)
    }

    /// Sets `key` to `value`; the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let i = self.shard(&key);
        self.shards.get_mut(i)?.insert(key, value)
    }

    /// Takes `key` out; the value it had.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.shard(key);
        self.shards.get_mut(i)?.remove(key)
    }

    /// Every value.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.shards.iter().flat_map(HashMap::values)
    }

    /// Every value, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.shards.iter_mut().flat_map(HashMap::values_mut)
    }

    /// Keeps the entries of shard `i` (of [`SHARDS`]) for which `keep` is true.
    pub fn retain_shard(&mut self, i: usize, keep: impl FnMut(&K, &mut V) -> bool) {
        if let Some(shard) = self.shards.get_mut(i) {
            shard.retain(keep);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_whatever_their_shard_and_each_walk_sees_its_own() {
        let mut m: Sharded<Box<str>, u32> = Sharded::default();
        for i in 0..1_000u32 {
            assert_eq!(m.insert(format!("gw;1;{i}").into(), i), None);
        }
        assert_eq!(m.insert("gw;1;7".into(), 70), Some(7));
        assert_eq!(m.get("gw;1;7"), Some(&70));
        *m.get_mut("gw;1;8").unwrap() += 1;
        assert_eq!(m.remove("gw;1;8"), Some(9));
        assert_eq!(m.get("gw;1;8"), None);
        assert_eq!(m.values().count(), 999);
        let mut seen = 0;
        for shard in 0..SHARDS {
            let mut here = 0;
            m.retain_shard(shard, |_, _| {
                here += 1;
                false
            });
            assert!(here < 999, "a walk goes over one shard only");
            seen += here;
        }
        assert_eq!((seen, m.values().count()), (999, 0));
    }
}
