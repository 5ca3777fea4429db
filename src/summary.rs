//! From draws (as a histogram of whole numbers) or an exact mass function to
//! the reported numbers: mean, standard deviation and quantiles.
//!
//! The p-quantile is the smallest count k with P(T ≤ k) ≥ p (DESIGN), computed
//! in integers for draws so that it does not depend on summation order.

/// The reported quantile levels, in percent.
pub const LEVELS: [u64; 5] = [5, 25, 50, 75, 95];

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Number of draws (0 for an exact distribution).
    pub samples: u64,
    pub mean: f64,
    /// Population standard deviation.
    pub sd: f64,
    /// p05, p25, p50, p75, p95.
    pub q: [u64; 5],
}

impl Summary {
    pub fn p05(&self) -> u64 {
        self.q[0]
    }
    pub fn p25(&self) -> u64 {
        self.q[1]
    }
    pub fn p50(&self) -> u64 {
        self.q[2]
    }
    pub fn p75(&self) -> u64 {
        self.q[3]
    }
    pub fn p95(&self) -> u64 {
        self.q[4]
    }

    /// From a histogram: `counts[i]` draws of the value `lo + i`. Safe for
    /// any counts and values: the count and Σ count·offset are summed in
    /// u128 (falling back to f64 only past 2^128), the variance around the
    /// mean in f64 (a sum of squares, no cancellation).
    pub fn from_counts(lo: u64, counts: &[u64]) -> Option<Summary> {
        let n: u128 = counts.iter().map(|&c| c as u128).sum();
        if n == 0 {
            return None;
        }
        let nonzero = || {
            counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(i, &c)| (i as u64, c))
        };
        let exact = nonzero().try_fold(0u128, |s, (i, c)| s.checked_add(i as u128 * c as u128));
        let offset = match exact {
            Some(s1) => ratio(s1, n),
            None => nonzero().map(|(i, c)| c as f64 * i as f64).sum::<f64>() / n as f64,
        };
        let var = nonzero()
            .map(|(i, c)| {
                let d = i as f64 - offset;
                c as f64 * d * d
            })
            .sum::<f64>()
            / n as f64;
        let mut q = [0u64; 5];
        let mut cum = 0u128;
        let mut level = 0;
        for (i, &c) in counts.iter().enumerate() {
            cum += c as u128;
            while level < 5 && reaches(cum, n, LEVELS[level]) {
                q[level] = lo + i as u64;
                level += 1;
            }
            if level == 5 {
                break;
            }
        }
        Some(Summary {
            samples: n.min(u64::MAX as u128) as u64,
            mean: lo as f64 + offset,
            sd: var.sqrt(),
            q,
        })
    }

    /// From draws of any range: a histogram when the range is no wider
    /// than a few times the number of draws, otherwise a sort.
    pub fn from_draws<T: Copy + Into<u64>>(draws: &[T]) -> Option<Summary> {
        let min = draws.iter().map(|&d| d.into()).min()?;
        let max = draws.iter().map(|&d| d.into()).max()?;
        if max - min < (4 * draws.len() as u64).max(1 << 16) {
            let mut counts = vec![0u64; (max - min + 1) as usize];
            for &d in draws {
                counts[(d.into() - min) as usize] += 1;
            }
            return Summary::from_counts(min, &counts);
        }
        let mut sorted: Vec<u64> = draws.iter().map(|&d| d.into()).collect();
        sorted.sort_unstable();
        Summary::from_sorted(&sorted)
    }

    /// From draws sorted in increasing order.
    fn from_sorted(sorted: &[u64]) -> Option<Summary> {
        if sorted.is_empty() {
            return None;
        }
        let n = sorted.len() as u128;
        let mut s1 = 0u128;
        let mut s2 = 0u128;
        for &d in sorted {
            s1 += d as u128;
            s2 += d as u128 * d as u128;
        }
        let mut q = [0u64; 5];
        for (k, &p) in LEVELS.iter().enumerate() {
            // smallest index i (0-based) with (i+1)·100 ≥ p·n
            let i = (p as u128 * n).div_ceil(100).max(1) - 1;
            q[k] = sorted[i as usize];
        }
        Some(Summary {
            samples: n as u64,
            mean: s1 as f64 / n as f64,
            sd: ((n * s2).saturating_sub(s1 * s1) as f64).sqrt() / n as f64,
            q,
        })
    }

    /// From an exact mass function on lo..: `pmf[i]` = P(T = lo + i).
    pub fn from_pmf(lo: u64, pmf: &[f64]) -> Summary {
        let total: f64 = pmf.iter().sum();
        let mut mean = 0.0;
        for (i, p) in pmf.iter().enumerate() {
            mean += p / total * (lo + i as u64) as f64;
        }
        let mut var = 0.0;
        for (i, p) in pmf.iter().enumerate() {
            let d = (lo + i as u64) as f64 - mean;
            var += p / total * d * d;
        }
        Summary {
            samples: 0,
            mean,
            sd: var.sqrt(),
            q: LEVELS.map(|l| quantile_pmf(lo, pmf, l as f64 / 100.0)),
        }
    }
}

/// Most bins a [`Tally`] counts in exactly (8 bytes each): a range this
/// wide or narrower is counted value by value.
pub const MAX_BINS: u64 = 1 << 22;
/// Bins of each window while searching a quantile in a wider range.
const SEARCH_BINS: u64 = 1 << 16;

/// Counts of values in lo..=hi in bins of 2^shift values, and how many fell
/// below lo (values above hi are not counted).
#[derive(Debug, Clone, PartialEq)]
struct Bins {
    lo: u64,
    hi: u64,
    shift: u32,
    below: u64,
    counts: Vec<u64>,
}

impl Bins {
    fn new(lo: u64, hi: u64, max_bins: u64) -> Bins {
        let width = hi - lo;
        let mut shift = 0;
        while (width >> shift) >= max_bins {
            shift += 1;
        }
        Bins {
            lo,
            hi,
            shift,
            below: 0,
            counts: vec![0; ((width >> shift) + 1) as usize],
        }
    }

    #[inline(always)]
    fn add(&mut self, v: u64) {
        if v < self.lo {
            self.below += 1;
        } else if v <= self.hi {
            self.counts[((v - self.lo) >> self.shift) as usize] += 1;
        }
    }

    fn merge(&mut self, o: &Bins) {
        self.below += o.below;
        self.counts
            .iter_mut()
            .zip(&o.counts)
            .for_each(|(a, b)| *a += b);
    }

    /// The bin where the count (from below lo) first reaches `need`: its
    /// first and last value.
    fn find(&self, need: u128) -> (u64, u64) {
        let mut cum = self.below as u128;
        let last = self.counts.len() - 1;
        for (i, &c) in self.counts.iter().enumerate() {
            cum += c as u128;
            if cum >= need || i == last {
                let first = self.lo + ((i as u64) << self.shift);
                let end = first.saturating_add((1u64 << self.shift) - 1).min(self.hi);
                return (first, end);
            }
        }
        (self.hi, self.hi)
    }
}

/// Draws of one target or roll-up, counted as they stream by (never kept).
/// A range of up to [`MAX_BINS`] values is counted value by value, which
/// gives the summary at once; a wider one in coarser bins, with the exact
/// moments, and its quantiles are then found by a [`Search`] over the same
/// draws once more.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    bins: Bins,
    /// Σ (v − lo) and Σ (v − lo)², kept only for coarse bins.
    s1: u128,
    s2: f64,
    max_bins: u64,
}

/// What a finished tally gives.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The summary (None: no draws).
    Done(Option<Summary>),
    /// The quantiles need another look at the same draws.
    Search(Box<Search>),
}

impl Tally {
    /// For values in lo..=hi, counted exactly when the range has at most
    /// `max_bins` values.
    pub fn new(lo: u64, hi: u64, max_bins: u64) -> Tally {
        Tally {
            bins: Bins::new(lo, hi, max_bins.max(2)),
            s1: 0,
            s2: 0.0,
            max_bins: max_bins.max(2),
        }
    }

    pub fn is_exact(&self) -> bool {
        self.bins.shift == 0
    }

    /// Counts every value (each must lie in lo..=hi).
    #[inline]
    pub fn add_all<T: Copy + Into<u64>>(&mut self, values: &[T]) {
        let b = &mut self.bins;
        if b.shift == 0 {
            for &v in values {
                b.counts[(v.into() - b.lo) as usize] += 1;
            }
        } else {
            for &v in values {
                let d = v.into() - b.lo;
                b.counts[(d >> b.shift) as usize] += 1;
                self.s1 += d as u128;
                self.s2 += d as f64 * d as f64;
            }
        }
    }

    pub fn merge(&mut self, o: &Tally) {
        self.bins.merge(&o.bins);
        self.s1 += o.s1;
        self.s2 += o.s2;
    }

    /// The histogram (`counts[i]` draws of `lo + i`) when counted exactly.
    pub fn histogram(&self) -> Option<(u64, &[u64])> {
        self.is_exact()
            .then_some((self.bins.lo, self.bins.counts.as_slice()))
    }

    pub fn outcome(&self) -> Outcome {
        if self.is_exact() {
            return Outcome::Done(Summary::from_counts(self.bins.lo, &self.bins.counts));
        }
        let n: u128 = self.bins.counts.iter().map(|&c| c as u128).sum();
        if n == 0 {
            return Outcome::Done(None);
        }
        let offset = ratio(self.s1, n);
        let var = (self.s2 / n as f64 - offset * offset).max(0.0);
        let mut search = Search {
            samples: n.min(u64::MAX as u128) as u64,
            mean: self.bins.lo as f64 + offset,
            sd: var.sqrt(),
            n,
            q: [None; 5],
            windows: std::array::from_fn(|_| None),
            window_bins: self.max_bins.min(SEARCH_BINS),
        };
        search.narrow(&self.bins);
        Outcome::Search(Box::new(search))
    }
}

/// The quantiles of a wide range, found window by window: each pass over
/// the draws counts those below each quantile's window and within it, in
/// [`SEARCH_BINS`] bins, and the window narrows to the bin that holds it
/// until that bin is one value.
#[derive(Debug, Clone)]
pub struct Search {
    samples: u64,
    mean: f64,
    sd: f64,
    n: u128,
    q: [Option<u64>; 5],
    windows: [Option<Bins>; 5],
    /// Bins of each window.
    window_bins: u64,
}

impl Search {
    /// Narrows every quantile to the bin of `bins` that holds it.
    fn narrow(&mut self, bins: &Bins) {
        for (k, &level) in LEVELS.iter().enumerate() {
            if self.q[k].is_some() {
                continue;
            }
            let need = (self.n * level as u128).div_ceil(100).max(1);
            let (first, last) = bins.find(need);
            if first == last {
                self.q[k] = Some(first);
                self.windows[k] = None;
            } else {
                self.windows[k] = Some(Bins::new(first, last, self.window_bins));
            }
        }
    }

    pub fn is_done(&self) -> bool {
        self.q.iter().all(Option::is_some)
    }

    /// Counts values into the open windows.
    pub fn add_all<T: Copy + Into<u64>>(&mut self, values: &[T]) {
        for w in self.windows.iter_mut().flatten() {
            for &v in values {
                w.add(v.into());
            }
        }
    }

    pub fn merge(&mut self, o: &Search) {
        for (a, b) in self.windows.iter_mut().zip(&o.windows) {
            if let (Some(a), Some(b)) = (a, b) {
                a.merge(b);
            }
        }
    }

    /// After a pass: every window narrows (returns whether all are found),
    /// and its counts start again for the next pass.
    pub fn step(&mut self) -> bool {
        for (k, &level) in LEVELS.iter().enumerate() {
            let Some(w) = self.windows[k].take() else {
                continue;
            };
            let need = (self.n * level as u128).div_ceil(100).max(1);
            let (first, last) = w.find(need);
            if first == last {
                self.q[k] = Some(first);
            } else {
                self.windows[k] = Some(Bins::new(first, last, self.window_bins));
            }
        }
        self.is_done()
    }

    /// The summary, once every quantile is found.
    pub fn summary(&self) -> Option<Summary> {
        Some(Summary {
            samples: self.samples,
            mean: self.mean,
            sd: self.sd,
            q: [self.q[0]?, self.q[1]?, self.q[2]?, self.q[3]?, self.q[4]?],
        })
    }
}

/// Draws held in memory: their range and exact sum in one pass, in the
/// widest integers the values need (u32 draws: lanes the processor compares
/// and adds several at a time).
pub trait Held: Copy + Into<u64> {
    /// (smallest, largest, sum) of a non-empty slice.
    fn range_sum(values: &[Self]) -> (u64, u64, u128);
}

impl Held for u32 {
    fn range_sum(values: &[u32]) -> (u64, u64, u128) {
        let (mut lo, mut hi) = (u32::MAX, 0u32);
        for &v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        // below 2^32 values of less than 2^32 each: the sum fits in u64
        let mut sum = 0u128;
        for c in values.chunks(1 << 31) {
            sum += c.iter().map(|&v| v as u64).sum::<u64>() as u128;
        }
        (lo as u64, hi as u64, sum)
    }
}

impl Held for u64 {
    fn range_sum(values: &[u64]) -> (u64, u64, u128) {
        let (mut lo, mut hi, mut sum) = (u64::MAX, 0u64, 0u128);
        for &v in values {
            lo = lo.min(v);
            hi = hi.max(v);
            sum += v as u128;
        }
        (lo, hi, sum)
    }
}

/// Fewest bins of the counting pass over draws held in memory (2 048
/// counts stay in the core's first-level cache).
const HELD_BINS: u64 = 1 << 11;
/// Most bins of that pass: four times as many as draws (a power of two) up
/// to this, so that the draws of a usual target, open tails and all, are
/// counted value by value and no further pass is needed, while the walk
/// over the bins (in blocks, to the last level's) stays within the cost of
/// the counting. (As many bins as draws, up to 2^14, left a third pass to
/// a wide target: 100 000 events × 1e4 draws were ~3 % slower.)
const HELD_BINS_MAX: u64 = 1 << 16;
/// Bins summed at once in the walk to the quantiles' bins.
const WALK_BLOCK: usize = 64;

/// The summary of draws held in memory (one block, or a roll-up's sums):
/// one pass for the range and the exact sum, one counting them into at most
/// four times as many bins as draws (and the squared deviations), and, when
/// a bin holds more than one value, one more gathering the values of the
/// bins that hold the quantiles, each found there by selection. The same quantiles as
/// sorting the draws, in time linear in their number.
pub fn summarise<T: Held>(values: &[T]) -> Option<Summary> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    if n > u32::MAX as usize {
        // beyond the u32 counts below (never one block)
        return Summary::from_draws(values);
    }
    let (lo, hi, s1) = T::range_sum(values);
    let mean = ratio(s1, n as u128);
    let bins = (4 * n as u64)
        .next_power_of_two()
        .clamp(HELD_BINS, HELD_BINS_MAX);
    let mut shift = 0;
    while ((hi - lo) >> shift) >= bins {
        shift += 1;
    }
    let mut counts = vec![0u32; ((hi - lo) >> shift) as usize + 1];
    // four sums of squares, so that the additions do not wait on each other
    let mut sq = [0.0f64; 4];
    let mut chunks = values.chunks_exact(4);
    for c in &mut chunks {
        for (k, &v) in c.iter().enumerate() {
            let v = v.into();
            counts[((v - lo) >> shift) as usize] += 1;
            let d = v as f64 - mean;
            sq[k] += d * d;
        }
    }
    for &v in chunks.remainder() {
        let v = v.into();
        counts[((v - lo) >> shift) as usize] += 1;
        let d = v as f64 - mean;
        sq[0] += d * d;
    }
    let var = (sq[0] + sq[1]) + (sq[2] + sq[3]);
    // per level: the bin that holds it and its rank (from 0) within the bin
    let mut at = [(0usize, 0u64); 5];
    let needs = LEVELS.map(|l| (n as u128 * l as u128).div_ceil(100).max(1) as u64);
    // the walk stops at the last level's bin, and steps over a block of
    // bins at once when the block does not reach the next level (its sum
    // fits a u32: all the counts together do)
    let (mut cum, mut level) = (0u64, 0);
    'walk: for (b, block) in counts.chunks(WALK_BLOCK).enumerate() {
        let total = block.iter().sum::<u32>() as u64;
        if cum + total < needs[level] {
            cum += total;
            continue;
        }
        for (j, &c) in block.iter().enumerate() {
            let c = c as u64;
            while cum + c >= needs[level] {
                at[level] = (b * WALK_BLOCK + j, needs[level] - cum - 1);
                level += 1;
                if level == 5 {
                    break 'walk;
                }
            }
            cum += c;
        }
    }
    let q = if shift == 0 {
        at.map(|(i, _)| lo + i as u64)
    } else {
        held_quantiles(values, lo, shift, &counts, at)
    };
    Some(Summary {
        samples: n as u64,
        mean,
        sd: (var / n as f64).sqrt(),
        q,
    })
}

/// The values at ranks `at` (bin, rank within the bin) of draws counted
/// in bins of 2^shift values from lo. Narrow bins: one more pass counts the
/// values of the (at most five) bins that hold them value by value, without
/// a branch per value; wide bins: their values are gathered and selected.
fn held_quantiles<T: Held>(
    values: &[T],
    lo: u64,
    shift: u32,
    counts: &[u32],
    at: [(usize, u64); 5],
) -> [u64; 5] {
    // each held bin's slot; every other bin counts into a last, unread one
    let mut slots: Vec<usize> = Vec::with_capacity(5);
    for &(i, _) in &at {
        if !slots.contains(&i) {
            slots.push(i);
        }
    }
    let slot_of = |i: usize| slots.iter().position(|&b| b == i).unwrap_or(slots.len());
    let mut slot = vec![slots.len() as u8; counts.len()];
    for (k, &b) in slots.iter().enumerate() {
        slot[b] = k as u8;
    }
    if shift <= FINE_SHIFT {
        let width = 1usize << shift;
        let mut fine = vec![0u64; (slots.len() + 1) * width];
        for &v in values {
            let d = v.into() - lo;
            let s = slot[(d >> shift) as usize] as usize;
            fine[s * width + (d as usize & (width - 1))] += 1;
        }
        return at.map(|(i, rank)| {
            let cells = &fine[slot_of(i) * width..][..width];
            let mut cum = 0;
            let j = cells
                .iter()
                .position(|&c| {
                    cum += c;
                    cum > rank
                })
                .unwrap_or(width - 1);
            lo + ((i as u64) << shift) + j as u64
        });
    }
    // wide bins: gather their values (disjoint ranges, so a level's value
    // is at its bin's offset among them plus its rank within the bin)
    let mut offset = vec![0u64; slots.len() + 1];
    for (k, &b) in slots.iter().enumerate() {
        offset[k + 1] = offset[k] + counts[b] as u64;
    }
    let total = offset[slots.len()] as usize;
    let mut gathered: Vec<Vec<u64>> = slots
        .iter()
        .map(|&b| Vec::with_capacity(counts[b] as usize))
        .collect();
    for &v in values {
        let v = v.into();
        let s = slot[((v - lo) >> shift) as usize] as usize;
        if s < slots.len() {
            gathered[s].push(v);
        }
    }
    debug_assert_eq!(gathered.iter().map(Vec::len).sum::<usize>(), total);
    at.map(|(i, rank)| {
        let g = &mut gathered[slot_of(i)];
        *g.select_nth_unstable(rank as usize).1
    })
}

/// Widest bins (2^FINE_SHIFT values) whose values are counted one by one.
const FINE_SHIFT: u32 = 8;

fn ratio(a: u128, b: u128) -> f64 {
    let (whole, rest) = (a / b, a % b);
    whole as f64 + rest as f64 / b as f64
}

/// Whether `cum` of `n` draws reach `level` percent: cum·100 ≥ level·n,
/// in u128 (n ≤ 2^64·bins, so neither side overflows for any real count).
fn reaches(cum: u128, n: u128, level: u64) -> bool {
    cum.saturating_mul(100) >= n.saturating_mul(level as u128)
}

/// Smallest k with P(T ≤ k) ≥ p, from a mass function (a relative 1e-12
/// slack absorbs summation rounding at exact steps such as 0.5).
pub fn quantile_pmf(lo: u64, pmf: &[f64], p: f64) -> u64 {
    let total: f64 = pmf.iter().sum();
    let mut cum = 0.0;
    for (i, x) in pmf.iter().enumerate() {
        cum += x;
        if cum >= p * total * (1.0 - 1e-12) {
            return lo + i as u64;
        }
    }
    lo + pmf.len().saturating_sub(1) as u64
}

/// P(T ≤ k) for every k of the support, for Kolmogorov–Smirnov checks.
pub fn cdf(pmf: &[f64]) -> Vec<f64> {
    let total: f64 = pmf.iter().sum();
    let mut cum = 0.0;
    pmf.iter()
        .map(|x| {
            cum += x / total;
            cum
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_smallest_k_reaching_p() {
        // values 1..=4 once each: P(T ≤ 2) = 0.5 exactly, so p50 = 2
        let s = Summary::from_counts(1, &[1, 1, 1, 1]).unwrap();
        assert_eq!(s.q, [1, 1, 2, 3, 4]);
        assert_eq!(s.mean, 2.5);
        assert!((s.sd - 1.25f64.sqrt()).abs() < 1e-12);
        let e = Summary::from_pmf(1, &[0.25; 4]);
        assert_eq!(e.q, s.q);
        assert_eq!(e.mean, 2.5);
    }

    /// Same quantiles exactly; mean and sd to floating-point rounding.
    fn assert_same(a: &Summary, b: &Summary) {
        assert_eq!(a.samples, b.samples);
        assert_eq!(a.q, b.q);
        assert!(
            (a.mean - b.mean).abs() <= 1e-9 * b.mean.abs().max(1.0),
            "{a:?} {b:?}"
        );
        assert!((a.sd - b.sd).abs() <= 1e-6 * b.sd.max(1.0), "{a:?} {b:?}");
    }

    /// Pseudo-random draws spread over `span` values from `lo`.
    fn spread(n: u64, lo: u64, span: u64) -> Vec<u64> {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // squared: skewed like a toll
                let u = (x >> 11) as f64 / (1u64 << 53) as f64;
                lo + (u * u * span as f64) as u64
            })
            .collect()
    }

    #[test]
    fn draws_by_histogram_or_sort_agree() {
        let draws: Vec<u64> = (0..1000u64).map(|i| (i * 7919) % 1013).collect();
        let a = Summary::from_draws(&draws).unwrap();
        let mut sorted = draws.clone();
        sorted.sort_unstable();
        let b = Summary::from_sorted(&sorted).unwrap();
        let c = Summary::from_counts(0, &{
            let mut h = vec![0u64; 1013];
            draws.iter().for_each(|&d| h[d as usize] += 1);
            h
        })
        .unwrap();
        assert_eq!(a, c);
        assert_same(&a, &b);
        assert!(Summary::from_draws::<u64>(&[]).is_none());
    }

    /// A tally, counted exactly or in coarse bins and then searched, gives
    /// the summary of the sorted draws: narrow and wide ranges, few and
    /// many draws, a range far from zero.
    #[test]
    fn tallies_agree_with_sorted_draws() {
        for (n, lo, span, bins) in [
            (1u64, 5u64, 10u64, 1024u64),
            (7, 0, 3, 1024),
            (10_000, 20, 1_000, 1024),
            (10_000, 20, 1_000_000, 1024),
            (100_003, 3, 50_000_000, MAX_BINS),
            (50_000, 1 << 40, 1 << 35, 4096),
        ] {
            let d = spread(n, lo, span);
            let mut sorted = d.clone();
            sorted.sort_unstable();
            let want = Summary::from_sorted(&sorted).unwrap();
            assert_same(&summarise(&d).unwrap(), &want);
            // the tally over the model's range (wider than the draws'), in
            // two halves merged, as the engine's workers do
            let (a, b) = d.split_at(d.len() / 2);
            let mut t = Tally::new(lo, lo + span, bins);
            let mut u = Tally::new(lo, lo + span, bins);
            t.add_all(a);
            u.add_all(b);
            t.merge(&u);
            let got = match t.outcome() {
                Outcome::Done(s) => s.unwrap(),
                Outcome::Search(mut s) => {
                    let mut passes = 0;
                    while !s.is_done() {
                        let mut part = (*s).clone();
                        s.add_all(a);
                        part.add_all(b);
                        s.merge(&part);
                        s.step();
                        passes += 1;
                    }
                    assert!(passes <= 3, "{passes} passes");
                    s.summary().unwrap()
                }
            };
            assert_same(&got, &want);
        }
    }

    /// Held draws with a heavy point mass inside a wide range (most of a
    /// coarse bin's count on one value), in every binning regime: the
    /// summary of the sorted draws.
    #[test]
    fn held_draws_with_a_point_mass() {
        for span in [100u64, 1_000_000, 1 << 30] {
            let mut d = spread(20_001, 7, span);
            d.iter_mut().step_by(2).for_each(|v| *v = 7 + span / 3);
            let mut sorted = d.clone();
            sorted.sort_unstable();
            let want = Summary::from_sorted(&sorted).unwrap();
            assert_same(&summarise(&d).unwrap(), &want);
            let small: Vec<u32> = d.iter().map(|&v| v as u32).collect();
            assert_same(&summarise(&small).unwrap(), &want);
        }
    }

    /// The walk to the quantiles' bins steps over blocks of bins: levels
    /// sharing a bin, in the first or the last block, ranges that are not
    /// a whole number of blocks, all as sorting says.
    #[test]
    fn the_walk_finds_every_level_wherever_it_falls() {
        for n in [1u64, 2, 3, 19, 20, 21, 63, 64, 65, 1000, 4097] {
            for span in [0u64, 1, 63, 64, 65, 130, 5000, 40_000] {
                let d: Vec<u32> = spread(n, 9, span).iter().map(|&v| v as u32).collect();
                let mut sorted: Vec<u64> = d.iter().map(|&v| v as u64).collect();
                sorted.sort_unstable();
                let want = Summary::from_sorted(&sorted).unwrap();
                assert_same(&summarise(&d).unwrap(), &want);
                // most draws on one value, the rest at the far end
                let mut e = d.clone();
                e.iter_mut()
                    .skip(1)
                    .step_by(7)
                    .for_each(|v| *v = 9 + span as u32);
                let mut sorted: Vec<u64> = e.iter().map(|&v| v as u64).collect();
                sorted.sort_unstable();
                assert_same(
                    &summarise(&e).unwrap(),
                    &Summary::from_sorted(&sorted).unwrap(),
                );
            }
        }
    }

    /// Counts and values far beyond any run: no overflow, exact quantiles.
    #[test]
    fn huge_counts_do_not_overflow() {
        let big = u64::MAX / 2;
        let lo = u64::MAX - 10;
        let s = Summary::from_counts(lo, &[big, big, 0, big, 1]).unwrap();
        // n = 3·big + 1 > u64::MAX: reported as u64::MAX
        assert_eq!(s.samples, u64::MAX);
        assert_eq!(s.q, [lo, lo, lo + 1, lo + 3, lo + 3]);
        let m = (lo as f64) + 4.0 / 3.0;
        assert!((s.mean - m).abs() <= 1e-9 * m, "{}", s.mean);
        // offsets 0, 1, 3 with equal mass: variance 14/9
        assert!((s.sd - (14.0f64 / 9.0).sqrt()).abs() < 1e-9, "{}", s.sd);
        // the largest counts at both ends of a wide range
        let mut h = vec![0u64; 1 << 16];
        h[0] = u64::MAX;
        h[(1 << 16) - 1] = u64::MAX;
        let s = Summary::from_counts(0, &h).unwrap();
        assert_eq!(s.q, [0, 0, 0, 65_535, 65_535]);
        assert!((s.mean - 65_535.0 / 2.0).abs() < 1e-6);
    }
}
