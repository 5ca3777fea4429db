//! A pool drawn with one table lookup: every value of every reading of a
//! target in one alias table, each with its share of the pool and the
//! revision factor of its reading.
//!
//! A pool is a mixture: pick a reading with probability ∝ its share, then a
//! value x of that reading, then (a revised reading) a factor F, and round
//! x·F. Picking the reading and the value at once, from the table of all
//! (reading, value) pairs weighted share × P(x), is the same distribution
//! with one random number and one lookup fewer per draw, and no dispatch on
//! the reading's kind. Only the factor, which would need the revised mass
//! function (costly to tabulate for every target), is still drawn per draw,
//! from the shared quantile table (`dist::factor`).

use super::dist::{Dist, FACTOR_TABLE, FactorTable, Revision, factor, factor_table, round_count};
use rand::Rng;
use std::sync::{Arc, Mutex, OnceLock};

/// Largest number of (reading, value) pairs of one flat table (16 bytes each).
pub const FLAT_MAX: usize = 1 << 16;

/// The table of a pool's (reading, value) pairs.
#[derive(Debug, Clone)]
pub struct Flat {
    /// Per column: the threshold (scaled to 2^32) of keeping it, its value,
    /// its alias's value, and both values' factor slots (low and high 16
    /// bits; slot 0: read as is).
    columns: Vec<[u32; 4]>,
    /// The factor quantile tables of its revisions, one per slot; slot 0's
    /// is all ones (its draws are multiplied by exactly 1). Empty when
    /// nothing is revised.
    factors: Arc<[FactorTable]>,
}

/// The factor tables of a list of revisions, after a table of ones, shared
/// by every flat table with the same list (a run has few such lists). A
/// table per slot, rather than a test of the slot, keeps the draw free of
/// a branch the processor cannot predict (a pool mixes readings that are
/// revised with readings that are not).
fn bank(revisions: &[Revision]) -> Arc<[FactorTable]> {
    type Cache = Mutex<Vec<(Vec<(u64, u64)>, Arc<[FactorTable]>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key: Vec<(u64, u64)> = revisions
        .iter()
        .map(|r| (r.mu.to_bits(), r.sigma.to_bits()))
        .collect();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, t)) = c.iter().find(|(k, _)| *k == key) {
        return t.clone();
    }
    let mut all: Vec<FactorTable> = vec![[1.0; FACTOR_TABLE]];
    for r in revisions {
        all.push(*factor_table(*r));
    }
    let all: Arc<[FactorTable]> = all.into();
    c.push((key, all.clone()));
    all
}

/// The (reading, value) pairs a pool's components have: the count, without
/// building anything.
pub fn pairs(components: &[(f64, Dist)]) -> usize {
    components.iter().map(|(_, d)| support(d)).sum()
}

fn support(d: &Dist) -> usize {
    match d {
        Dist::Point(_) => 1,
        Dist::Uniform { lo, hi } => (hi - lo + 1) as usize,
        Dist::Weighted { weights, .. } => weights.len(),
        Dist::Revised { base, .. } => support(base),
    }
}

impl Flat {
    /// The table of a mixture whose weights sum to 1; None when there is
    /// nothing to draw, a value is beyond u32, its readings have 65 535
    /// revisions or more, or a reading is of a kind it does not hold.
    pub fn new(components: &[(f64, Dist)]) -> Option<Flat> {
        let n = pairs(components);
        if n == 0 {
            return None;
        }
        u32::try_from(n).ok()?;
        // per pair: [keep, value, alias's value, slots], and its mass × n
        let mut columns: Vec<[u32; 4]> = Vec::with_capacity(n);
        let mut mass: Vec<f64> = Vec::with_capacity(n);
        let mut revisions: Vec<Revision> = Vec::new();
        let scale = n as f64 / components.iter().map(|(w, _)| w).sum::<f64>();
        for (w, d) in components {
            let (base, slot) = match d {
                Dist::Revised { base, revision } => {
                    let at = match revisions.iter().position(|r| r == revision) {
                        Some(i) => i,
                        // a slot is held in 16 bits (the draw reads its
                        // table unchecked): no table for more revisions
                        None if revisions.len() >= u16::MAX as usize => return None,
                        None => {
                            revisions.push(*revision);
                            revisions.len() - 1
                        }
                    };
                    (base.as_ref(), at as u32 + 1)
                }
                d => (d, 0),
            };
            let column = |v: u32| [u32::MAX, v, v, slot | slot << 16];
            let (lo, len) = match base {
                Dist::Point(v) => (*v, 1),
                Dist::Uniform { lo, hi } => (*lo, hi - lo + 1),
                Dist::Weighted { lo, weights } => (*lo, weights.len() as u64),
                Dist::Revised { .. } => return None,
            };
            let lo = u32::try_from(lo).ok()?;
            u32::try_from(lo as u64 + len - 1).ok()?;
            columns.extend((lo..=lo + (len - 1) as u32).map(column));
            let w = w * scale;
            match base {
                Dist::Weighted { weights, .. } => {
                    let each = w / weights.total();
                    mass.extend(weights.iter().map(|x| x * each));
                }
                _ => mass.extend(std::iter::repeat_n(w / len as f64, len as usize)),
            }
        }
        // Vose's alias method, both stacks in one array: the small masses
        // from the front, the large from the back
        let mut work = vec![0u32; n];
        let (mut small, mut large) = (0, n);
        for (i, &m) in mass.iter().enumerate() {
            // without a branch (which way is a coin flip): written to both
            // ends, kept at the one that moves (the same place when they meet)
            let is_small = m < 1.0;
            work[small] = i as u32;
            work[large - 1] = i as u32;
            small += is_small as usize;
            large -= !is_small as usize;
        }
        while small > 0 && large < n {
            small -= 1;
            let (s, l) = (work[small] as usize, work[large] as usize);
            let c = &mut columns[s];
            c[0] = (mass[s] * 4_294_967_296.0).min(u32::MAX as f64) as u32;
            let (value, slot) = (columns[l][1], columns[l][3] & 0xFFFF);
            let c = &mut columns[s];
            c[2] = value;
            c[3] = (c[3] & 0xFFFF) | slot << 16;
            mass[l] -= 1.0 - mass[s];
            if mass[l] < 1.0 {
                large += 1;
                work[small] = l as u32;
                small += 1;
            }
        }
        let factors = if revisions.is_empty() {
            Arc::from([])
        } else {
            bank(&revisions)
        };
        Some(Flat { columns, factors })
    }

    /// Whether any of its values is revised (drawn with a factor).
    pub fn is_revised(&self) -> bool {
        !self.factors.is_empty()
    }

    /// A value as read (no factor), its factor slot, and 32 random bits
    /// left for the factor. One random number serves all three: its high
    /// half chooses the column (multiply-shift) and the low half of that
    /// product, uniform on a grid of 2^32/columns points whatever the
    /// column, decides between the column and its alias (so the masses are
    /// exact to within columns·2^-32 in all); its low half is left free.
    #[inline(always)]
    fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> (u32, usize, u64) {
        let x = rng.next_u64();
        let m = (x >> 32) * self.columns.len() as u64;
        let i = (m >> 32) as usize;
        debug_assert!(i < self.columns.len());
        // SAFETY: x >> 32 < 2^32, so i = ⌊(x >> 32)·len / 2^32⌋ < len (and
        // `new` makes no table without columns). Unchecked, as is the
        // factor table below: the two checks cost ~5 % of a 100 000-event run.
        let c = unsafe { *self.columns.get_unchecked(i) };
        // branch-free: the keep test is a coin flip
        let keep = (m as u32) < c[0];
        let v = std::hint::select_unpredictable(keep, c[1], c[2]);
        let slot = std::hint::select_unpredictable(keep, c[3] & 0xFFFF, c[3] >> 16);
        (v, slot as usize, x << 32)
    }

    /// One draw of a table without revised values.
    #[inline(always)]
    pub fn draw_read<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        self.pick(rng).0 as u64
    }

    /// One draw: a value, times its reading's factor, rounded.
    #[inline(always)]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let (v, slot, bits) = self.pick(rng);
        if self.factors.is_empty() {
            return v as u64;
        }
        // the factor's cell from the top 12 of those 32 bits, the place
        // within it from the other 20 (8 in the sub-cells of the tails)
        debug_assert!(slot < self.factors.len());
        // SAFETY: a column's slots are 0 (read as is) or 1 + the place of
        // its revision in the list whose tables, after a table of ones,
        // `bank` made: below `factors.len()` when any value is revised.
        let table = unsafe { self.factors.get_unchecked(slot) };
        round_count(v as f64 * factor(table, bits))
    }
}
