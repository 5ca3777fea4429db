//! A fast hash for the maps and sets keyed by a case's ids and small
//! tuples: the multiply-rotate hash of rustc and Firefox ("FxHash"), its
//! high bits folded down at the end.
//!
//! std's SipHash resists crafted keys, which a local run on the user's own
//! case files does not need, and costs a visible share of reading a case of
//! 100 000 events. Only iteration order would depend on the hash: every map
//! here is looked up, never iterated into an output.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// See the module documentation.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// The high bits folded into the low ones, which hash tables index by:
    /// a multiply carries a word's low bytes up, never its high ones down
    /// (ids that differ in their last characters would share their low bits).
    #[inline]
    fn finish(&self) -> u64 {
        let h = self.hash;
        (h ^ (h >> 32)).wrapping_mul(0xff51_afd7_ed55_8ccd) ^ (h >> 29)
    }
}

pub type FxBuildHasher = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = HashMap<K, V, FxBuildHasher>;
pub type FxHashSet<K> = HashSet<K, FxBuildHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_differ_at_the_end_spread_over_the_low_bits() {
        use std::hash::BuildHasher;
        let b = FxBuildHasher::default();
        let low: FxHashSet<u64> = (0..1000)
            .map(|i| b.hash_one(format!("c{i:05}-1")) & 1023)
            .collect();
        assert!(low.len() > 500, "{} distinct low bits", low.len());
    }

    #[test]
    fn equal_keys_hash_equal_and_lookups_work() {
        let mut m: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, k) in ["", "a", "e1", "e10", "0123456789abcdef0"]
            .iter()
            .enumerate()
        {
            m.insert(k, i);
        }
        assert_eq!(m.len(), 5);
        assert_eq!(m.get("e10"), Some(&3));
        assert_eq!(m.get(String::from("0123456789abcdef0").as_str()), Some(&4));
        assert_eq!(m.get("e100"), None);
    }
}
