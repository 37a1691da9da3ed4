//! Keys of connections and peers, and the table that hands them out.
//!
//! A key carries the generation of its slot: once a connection or peer is
//! removed, its old key no longer finds whatever reuses the slot, so a late
//! event or answer can never reach the wrong connection.

use std::fmt;
use std::marker::PhantomData;

/// What a key type is made of: a slot index and that slot's generation.
pub(crate) trait Key: Copy + Eq {
    /// The key of slot `index` at `generation`.
    fn from_parts(index: u32, generation: u32) -> Self;
    /// Its slot.
    fn index(self) -> usize;
    /// Its slot's generation.
    fn generation(self) -> u32;
}

macro_rules! key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            index: u32,
            generation: u32,
        }

        impl Key for $name {
            fn from_parts(index: u32, generation: u32) -> Self {
                Self { index, generation }
            }
            fn index(self) -> usize {
                self.index as usize
            }
            fn generation(self) -> u32 {
                self.generation
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({}.{})", stringify!($name), self.index, self.generation)
            }
        }
    };
}

key!(
    /// One connection of an event loop (its mio token is the index).
    ConnKey
);
key!(
    /// One peer (Origin-Host) of an event loop.
    PeerKey
);

impl ConnKey {
    /// The slot index, which the event loop uses as the connection's mio token.
    pub(crate) fn slot(self) -> usize {
        Key::index(self)
    }
}

struct Slot<T> {
    generation: u32,
    value: Option<T>,
}

/// A table of values under generational keys of type `K`.
pub(crate) struct Arena<K, T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    len: usize,
    key: PhantomData<K>,
}

impl<K: Key, T> Default for Arena<K, T> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
            key: PhantomData,
        }
    }
}

impl<K: Key, T> Arena<K, T> {
    /// The key the next [`insert`](Self::insert) returns.
    pub(crate) fn next_key(&self) -> K {
        match self.free.last() {
            Some(&i) => {
                let generation = self.slots.get(i as usize).map_or(0, |s| s.generation);
                K::from_parts(i, generation)
            }
            None => K::from_parts(self.slots.len() as u32, 0),
        }
    }

    /// Stores `value` under a new key.
    pub(crate) fn insert(&mut self, value: T) -> K {
        let key = self.next_key();
        match self.slots.get_mut(key.index()) {
            Some(slot) => {
                self.free.pop();
                slot.value = Some(value);
            }
            None => self.slots.push(Slot {
                generation: 0,
                value: Some(value),
            }),
        }
        self.len += 1;
        key
    }

    /// The value under `key`, if it is still there.
    pub(crate) fn get(&self, key: K) -> Option<&T> {
        let slot = self.slots.get(key.index())?;
        if slot.generation != key.generation() {
            return None;
        }
        slot.value.as_ref()
    }

    /// The value under `key`, if it is still there.
    pub(crate) fn get_mut(&mut self, key: K) -> Option<&mut T> {
        let slot = self.slots.get_mut(key.index())?;
        if slot.generation != key.generation() {
            return None;
        }
        slot.value.as_mut()
    }

    /// Whether `key` still names a value.
    pub(crate) fn contains(&self, key: K) -> bool {
        self.get(key).is_some()
    }

    /// Takes the value under `key` out; the key is dead afterwards.
    pub(crate) fn remove(&mut self, key: K) -> Option<T> {
        let slot = self.slots.get_mut(key.index())?;
        if slot.generation != key.generation() {
            return None;
        }
        let value = slot.value.take()?;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(key.index() as u32);
        self.len -= 1;
        Some(value)
    }

    /// Whether none is.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every key and value, in slot order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (K, &T)> {
        (self.slots.iter().enumerate()).filter_map(|(i, s)| {
            let v = s.value.as_ref()?;
            Some((K::from_parts(i as u32, s.generation), v))
        })
    }

    /// Every key, in slot order.
    pub(crate) fn keys(&self) -> Vec<K> {
        self.iter().map(|(k, _)| k).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_key_does_not_find_the_slot_reused() {
        let mut a: Arena<ConnKey, &str> = Arena::default();
        let first = a.insert("first");
        assert_eq!(a.remove(first), Some("first"));
        let second = a.insert("second");
        assert_eq!(first.slot(), second.slot(), "the slot is reused");
        assert_eq!(a.get(first), None);
        assert_eq!(a.remove(first), None);
        assert_eq!(a.get(second), Some(&"second"));
        assert!(!a.is_empty());
    }

    #[test]
    fn next_key_is_what_insert_returns() {
        let mut a: Arena<PeerKey, u8> = Arena::default();
        let k = a.insert(1);
        a.remove(k);
        let next = a.next_key();
        assert_eq!(a.insert(2), next);
        assert_eq!(a.keys(), vec![next]);
    }
}
