//! The distribution of one reading on the whole numbers, and how to draw from it.
//!
//! Every reading becomes a probability mass function on a finite range of
//! whole numbers:
//! - `uniform` [a, b]: each of a..=b equally likely;
//! - `loguniform` [a, b]: mass ∝ 1/max(t, 1);
//! - `triangular` [a, b] with mode c: mass rising linearly from a to c and
//!   falling to b, ∝ (t − a + 1)/(c − a + 1) then (b − t + 1)/(b − c + 1);
//! - an open [a, open): a power-law tail, mass ∝ max(t, 1)^(−α) on
//!   a..=cap·a (α = 2.4: the severity of terrorist events, Clauset, Young &
//!   Gleditsch, J. Conflict Resolution 2007; cap = 10).
//!
//! With a revision factor (DESIGN, "Early tolls rise"; which reading gets
//! which factor is the `revision` module's business), a draw x becomes
//! round(x·F), F ~ LogNormal(μ, σ) truncated to μ ± 6σ in log space (a
//! 2·10⁻⁹ tail, cut so every range is finite).
//!
//! The same mass function serves the exact grid (`pmf`) and the sampler
//! (`Sampler`), so the two can only disagree through sampling error.

use crate::case::Shape;
use crate::claim::Interval;
use rand::Rng;
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::erf::erfc;
use std::sync::{Arc, Mutex, OnceLock};

/// Tail settings for open readings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tail {
    /// Power-law exponent α > 1 (mass ∝ t^-α).
    pub alpha: f64,
    /// The tail stops at cap × the lower bound (cap ≥ 1).
    pub cap: f64,
}

impl Default for Tail {
    fn default() -> Self {
        Tail {
            alpha: 2.4,
            cap: 10.0,
        }
    }
}

impl Tail {
    pub fn new(alpha: f64, cap: f64) -> Result<Tail, String> {
        if !(alpha > 0.0 && alpha.is_finite()) {
            return Err(format!(
                "--tail-alpha {alpha}: expected a number > 0 (default 2.4)"
            ));
        }
        if !(1.0..=1000.0).contains(&cap) {
            return Err(format!(
                "--tail-cap {cap}: expected a number from 1 to 1000 (default 10)"
            ));
        }
        Ok(Tail { alpha, cap })
    }
    /// Upper end of the tail that starts at `low`.
    pub fn end(&self, low: u64) -> u64 {
        ((low as f64) * self.cap).floor().max(low as f64) as u64
    }
}

/// How early figures are revised: a closed reading's draws are multiplied
/// by F ~ LogNormal(μ, σ) (truncated at μ ± `REVISION_SPAN`·σ) and rounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Revision {
    pub mu: f64,
    pub sigma: f64,
}

/// Truncation of ln F, in standard deviations.
pub const REVISION_SPAN: f64 = 6.0;

impl Revision {
    pub fn new(mu: f64, sigma: f64) -> Result<Revision, String> {
        if !(mu.is_finite() && mu.abs() <= 3.0) {
            return Err(format!(
                "revision μ {mu}: expected a number in [-3, 3] (log of the typical revision factor)"
            ));
        }
        if !(sigma > 0.0 && sigma <= 2.0) {
            return Err(format!("revision σ {sigma}: expected a number in (0, 2]"));
        }
        Ok(Revision { mu, sigma })
    }

    /// `none` or `MU,SIGMA` (e.g. `0.2,0.5`).
    pub fn parse(text: &str) -> Result<Option<Revision>, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let (m, s) = t
            .split_once(',')
            .ok_or_else(|| format!("--revision {t}: expected MU,SIGMA (e.g. 0.2,0.5) or none"))?;
        let num = |x: &str| {
            x.trim().parse::<f64>().map_err(|_| {
                format!("--revision {t}: '{x}' is not a number; expected MU,SIGMA or none")
            })
        };
        Revision::new(num(m)?, num(s)?).map(Some)
    }

    /// The smallest and largest factor.
    pub fn factors(&self) -> (f64, f64) {
        (
            (self.mu - REVISION_SPAN * self.sigma).exp(),
            (self.mu + REVISION_SPAN * self.sigma).exp(),
        )
    }

    /// P(F < y) for the truncated factor.
    pub fn cdf_factor(&self, y: f64) -> f64 {
        if y <= 0.0 {
            return 0.0;
        }
        let z = (y.ln() - self.mu) / self.sigma;
        if z <= -REVISION_SPAN {
            return 0.0;
        }
        if z >= REVISION_SPAN {
            return 1.0;
        }
        let phi = |z: f64| 0.5 * erfc(-z / std::f64::consts::SQRT_2);
        let (a, b) = (phi(-REVISION_SPAN), phi(REVISION_SPAN));
        ((phi(z) - a) / (b - a)).clamp(0.0, 1.0)
    }
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{},{}", self.mu, self.sigma)
    }
}

/// The masses of a shaped reading or tail, shared by its copies (a cloned
/// `Dist`, the same reading in another target: see `Readings`), with the
/// alias table to draw from them, built once, when first drawn from.
#[derive(Clone)]
pub struct Weights(Arc<Shared>);

/// The masses, their sum, and the alias table's columns once built.
type Shared = (Vec<f64>, f64, OnceLock<Arc<[u64]>>);

impl Weights {
    pub fn new(weights: Vec<f64>) -> Weights {
        let total = weights.iter().sum();
        Weights(Arc::new((weights, total, OnceLock::new())))
    }

    /// The masses' sum (summed once: a flat table of every target with
    /// this reading needs it).
    pub fn total(&self) -> f64 {
        self.0.1
    }

    /// The alias table over these masses, on lo..
    fn alias(&self, lo: u64) -> Alias {
        let columns = self.0.2.get_or_init(|| Alias::new(0, &self.0.0).columns);
        Alias {
            lo,
            columns: columns.clone(),
        }
    }
}

impl std::ops::Deref for Weights {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        &self.0.0
    }
}

impl PartialEq for Weights {
    fn eq(&self, other: &Weights) -> bool {
        self.0.0 == other.0.0
    }
}

impl std::fmt::Debug for Weights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.0.fmt(f)
    }
}

/// Largest support a single reading may span (whole numbers): beyond this a
/// table would not fit comfortably in memory.
pub const MAX_SPAN: u64 = 1 << 26;

/// One reading's distribution on the whole numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    Point(u64),
    /// Each of lo..=hi equally likely.
    Uniform {
        lo: u64,
        hi: u64,
    },
    /// Mass ∝ weights[t − lo] (normalised), for shaped readings and tails.
    Weighted {
        lo: u64,
        weights: Weights,
    },
    /// round(X·F): a closed reading X revised by the factor F.
    Revised {
        base: Box<Dist>,
        revision: Revision,
    },
}

impl Dist {
    /// The distribution of a reading.
    pub fn of(
        interval: Interval,
        shape: Shape,
        mode: Option<u64>,
        tail: Tail,
    ) -> Result<Dist, String> {
        let lo = interval.low;
        let (hi, shape) = match interval.high {
            Some(h) => (h, shape),
            None => (tail.end(lo), Shape::Uniform), // the tail has its own shape
        };
        if hi - lo >= MAX_SPAN {
            return Err(format!(
                "interval {interval} spans {} whole numbers; the limit is {MAX_SPAN}",
                hi - lo + 1
            ));
        }
        if lo == hi {
            return Ok(Dist::Point(lo));
        }
        let power = |a: f64| -> Dist {
            // relative to the first value, so a steep exponent cannot underflow
            let first = lo.max(1) as f64;
            let weights = (lo..=hi)
                .map(|t| (t.max(1) as f64 / first).powf(-a))
                .collect();
            Dist::Weighted {
                lo,
                weights: Weights::new(weights),
            }
        };
        Ok(match (interval.high, shape) {
            (None, _) => power(tail.alpha),
            (Some(_), Shape::Uniform) => Dist::Uniform { lo, hi },
            (Some(_), Shape::LogUniform) => power(1.0),
            (Some(_), Shape::Triangular) => {
                let c = mode.unwrap_or(lo + (hi - lo) / 2).clamp(lo, hi);
                let weights = (lo..=hi)
                    .map(|t| {
                        if t <= c {
                            (t - lo + 1) as f64 / (c - lo + 1) as f64
                        } else {
                            (hi - t + 1) as f64 / (hi - c + 1) as f64
                        }
                    })
                    .collect();
                Dist::Weighted {
                    lo,
                    weights: Weights::new(weights),
                }
            }
        })
    }

    /// The reading's distribution under one revision factor: closed
    /// readings are revised, open ones keep their tail.
    pub fn revised(
        interval: Interval,
        shape: Shape,
        mode: Option<u64>,
        tail: Tail,
        revision: Option<Revision>,
    ) -> Result<Dist, String> {
        let base = Dist::of(interval, shape, mode, tail)?;
        match (revision, interval.high) {
            (Some(r), Some(_)) => Dist::scaled(base, r, interval),
            _ => Ok(base),
        }
    }

    /// A reading's distribution multiplied by the factor `r` (closed or open).
    pub fn scaled(base: Dist, r: Revision, interval: Interval) -> Result<Dist, String> {
        let d = Dist::Revised {
            base: Box::new(base),
            revision: r,
        };
        if d.high() - d.low() >= MAX_SPAN {
            return Err(format!(
                "interval {interval} revised by up to ×{:.0} spans more than {MAX_SPAN} whole numbers",
                r.factors().1
            ));
        }
        Ok(d)
    }

    pub fn low(&self) -> u64 {
        match self {
            Dist::Point(v) => *v,
            Dist::Uniform { lo, .. } | Dist::Weighted { lo, .. } => *lo,
            Dist::Revised { base, revision } => {
                (base.low() as f64 * revision.factors().0).round() as u64
            }
        }
    }
    pub fn high(&self) -> u64 {
        match self {
            Dist::Point(v) => *v,
            Dist::Uniform { hi, .. } => *hi,
            Dist::Weighted { lo, weights } => lo + weights.len() as u64 - 1,
            Dist::Revised { base, revision } => {
                (base.high() as f64 * revision.factors().1).round() as u64
            }
        }
    }

    /// Rough cost of `pmf`, in units of one draw: the support for plain
    /// readings; for revised ones, the CDF evaluations (nodes × points),
    /// each about ten draws' worth.
    pub fn tabulation_work(&self) -> f64 {
        match self {
            Dist::Revised { base, .. } => {
                let (lo, hi) = (self.low(), self.high());
                let dense = hi.min(lo.max(DENSE_UP_TO)) - lo + 1;
                let geometric = if hi > DENSE_UP_TO {
                    (hi as f64 / lo.max(DENSE_UP_TO) as f64).ln() * 1024.0
                } else {
                    0.0
                };
                let points = (base.high() - base.low() + 1).min(MAX_POINTS as u64);
                10.0 * (dense as f64 + geometric) * points as f64
            }
            d => (d.high() - d.low() + 1) as f64,
        }
    }

    /// The upper bound of the reading as read (before any revision).
    pub fn read_high(&self) -> u64 {
        match self {
            Dist::Revised { base, .. } => base.high(),
            d => d.high(),
        }
    }

    /// The mass function on lo..=high, normalised to sum 1.
    pub fn pmf(&self) -> (u64, Vec<f64>) {
        match self {
            Dist::Point(v) => (*v, vec![1.0]),
            Dist::Uniform { lo, hi } => {
                let n = (hi - lo + 1) as usize;
                (*lo, vec![1.0 / n as f64; n])
            }
            Dist::Weighted { lo, weights } => {
                let total = weights.total();
                (*lo, weights.iter().map(|w| w / total).collect())
            }
            Dist::Revised { base, revision } => {
                revised_pmf(base, *revision, self.low(), self.high())
            }
        }
    }
}

/// Support points of X used for the revised grid: every value when there
/// are at most this many, otherwise cells of consecutive values, each at its
/// mass-weighted mean (a cell spans < 0.1 % in log for supports ≥ 2000, far
/// below any σ worth calibrating).
const MAX_POINTS: usize = 2048;
/// Below this count the revised CDF is computed at every whole number;
/// above, at geometric nodes 2^-10 apart in log and interpolated linearly
/// (the CDF of ln(X·F) is smooth on that scale for any σ ≥ 0.05: the
/// interpolation error is below 10^-5).
const DENSE_UP_TO: u64 = 1024;

/// A mass function on lo.. collapsed to at most `n` points: cells of
/// consecutive values, each at its mass-weighted mean, with its mass.
pub fn cells(lo: u64, p: &[f64], n: usize) -> Vec<(f64, f64)> {
    let cell = p.len().div_ceil(n).max(1);
    p.chunks(cell)
        .enumerate()
        .map(|(i, c)| {
            let m: f64 = c.iter().sum();
            let first = lo + (i * cell) as u64;
            let x = if m > 0.0 {
                c.iter()
                    .enumerate()
                    .map(|(j, w)| w * (first + j as u64) as f64)
                    .sum::<f64>()
                    / m
            } else {
                first as f64
            };
            (x, m)
        })
        .collect()
}

/// P(round(X·F) = k) on lo..=hi, from P(round(X·F) ≤ k) = Σ_x P(X = x)·P(F < (k + ½)/x).
fn revised_pmf(base: &Dist, r: Revision, lo: u64, hi: u64) -> (u64, Vec<f64>) {
    let (blo, p) = base.pmf();
    let points = cells(blo, &p, MAX_POINTS);
    let cdf_at = |k: u64| -> f64 {
        let y = k as f64 + 0.5;
        points
            .iter()
            .map(|&(x, m)| if x <= 0.0 { m } else { m * r.cdf_factor(y / x) })
            .sum()
    };
    let n = (hi - lo + 1) as usize;
    let mut cdf = vec![0.0; n];
    let dense_end = hi.min(lo.max(DENSE_UP_TO));
    for k in lo..=dense_end {
        cdf[(k - lo) as usize] = cdf_at(k);
    }
    if dense_end < hi {
        let (mut a, mut ca) = (dense_end, cdf[(dense_end - lo) as usize]);
        while a < hi {
            let b = ((a as f64 * (1.0 + 1.0 / 1024.0)).ceil() as u64).clamp(a + 1, hi);
            let cb = cdf_at(b);
            for k in a + 1..=b {
                cdf[(k - lo) as usize] = ca + (cb - ca) * (k - a) as f64 / (b - a) as f64;
            }
            (a, ca) = (b, cb);
        }
    }
    cdf[n - 1] = 1.0;
    let mut pmf = Vec::with_capacity(n);
    let mut prev = 0.0;
    for c in cdf {
        pmf.push((c - prev).max(0.0));
        prev = c.max(prev);
    }
    (lo, pmf)
}

/// Draws whole numbers from a `Dist` in constant time: uniform by a
/// multiply-shift, shaped readings and tails by Walker's alias table over
/// their mass function, and a revised reading as round(x·F), with x from
/// its reading and F from a table of the factor's quantiles: no `erf`, `exp` or normal
/// draw per draw (a pool with many draws is instead drawn from its whole
/// tabulated mass function: `Model::draw_for`). Not recursive, so that `draw` inlines into the sampling
/// loop and the generator's state stays in registers.
#[derive(Debug, Clone)]
pub struct Sampler {
    base: Base,
    factor: Option<Arc<FactorTable>>,
}

#[derive(Debug, Clone)]
enum Base {
    Point(u64),
    Uniform { lo: u64, n: u64 },
    Alias(Alias),
}

impl Base {
    fn new(d: &Dist) -> Base {
        match d {
            Dist::Point(v) => Base::Point(*v),
            Dist::Uniform { lo, hi } => Base::Uniform {
                lo: *lo,
                n: hi - lo + 1,
            },
            Dist::Weighted { lo, weights } => Base::Alias(weights.alias(*lo)),
            Dist::Revised { base, .. } => Base::new(base),
        }
    }

    #[inline(always)]
    fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        match self {
            Base::Point(v) => *v,
            Base::Uniform { lo, n } => lo + ((rng.next_u64() as u128 * *n as u128) >> 64) as u64,
            Base::Alias(a) => a.draw(rng),
        }
    }
}

/// Cells of the revision factor's quantile table (linear within a cell):
/// each cell holds exactly 1/FACTOR_CELLS of the factor's mass. The first
/// and last cells, where the quantile function is steep (a straight line
/// from the 1/4096 quantile to the 6σ end would spread the factor's far
/// tail evenly and inflate the spread), are split again into as many cells.
const FACTOR_CELLS: usize = 4096;
const FACTOR_BITS: u32 = FACTOR_CELLS.trailing_zeros();
/// Values in one factor table.
pub const FACTOR_TABLE: usize = 3 * (FACTOR_CELLS + 1);
/// One factor table (a fixed size: indexing it needs no check per draw).
pub type FactorTable = [f64; FACTOR_TABLE];

/// The factor's quantiles, for `Sampler::draw`: at i/FACTOR_CELLS (i = 0..=
/// FACTOR_CELLS), then within the first cell, then within the last, shared
/// by every reading with the same revision (built once per run and model).
pub(super) fn factor_table(r: Revision) -> Arc<FactorTable> {
    type Cache = Mutex<Vec<((u64, u64), Arc<FactorTable>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (r.mu.to_bits(), r.sigma.to_bits());
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, t)) = c.iter().find(|(k, _)| *k == key) {
        return t.clone();
    }
    let n = Normal::standard();
    let (a, b) = (n.cdf(-REVISION_SPAN), n.cdf(REVISION_SPAN));
    // the truncated normal's quantile at u, the upper half by symmetry
    // (1 − u loses no precision there)
    let z = |u: f64| -> f64 {
        let half = |v: f64| n.inverse_cdf(a + (b - a) * v).max(-REVISION_SPAN);
        if u <= 0.5 { half(u) } else { -half(1.0 - u) }
    };
    let cells = FACTOR_CELLS as f64;
    let at = |u: f64| (r.mu + r.sigma * z(u)).exp();
    let table: Arc<[f64]> = (0..=FACTOR_CELLS)
        .map(|i| at(i as f64 / cells))
        .chain((0..=FACTOR_CELLS).map(|j| at(j as f64 / (cells * cells))))
        .chain((0..=FACTOR_CELLS).map(|j| at(1.0 - (cells - j as f64) / (cells * cells))))
        .collect();
    let table: Arc<FactorTable> = table.try_into().expect("3 × (cells + 1) quantiles");
    c.push((key, table.clone()));
    table
}

/// A count times a factor, rounded to the nearest integer (ties to even),
/// for 0 ≤ y < 2^51: added to 1.5·2^52 its units are the low bits of the
/// sum's mantissa. No libm call, and none of the range checks of a cast
/// per draw (the factor table bounds every product far below 2^51).
#[inline(always)]
pub(super) fn round_count(y: f64) -> u64 {
    debug_assert!((0.0..(1u64 << 51) as f64).contains(&y), "{y}");
    (y + 6_755_399_441_055_744.0).to_bits() & ((1 << 51) - 1)
}

/// A factor from one random number: its top FACTOR_BITS bits choose the
/// cell (the next ones the sub-cell in the first and last), the rest where
/// within it.
#[inline(always)]
pub(super) fn factor(t: &FactorTable, u: u64) -> f64 {
    const FRACTION: f64 = 1.0 / (1u64 << 32) as f64;
    let i = (u >> (64 - FACTOR_BITS)) as usize;
    let (at, w) = if i == 0 || i == FACTOR_CELLS - 1 {
        let j = ((u >> (64 - 2 * FACTOR_BITS)) as usize) & (FACTOR_CELLS - 1);
        let w = ((u >> (32 - 2 * FACTOR_BITS)) & 0xFFFF_FFFF) as f64 * FRACTION;
        let block = if i == 0 { 1 } else { 2 };
        (block * (FACTOR_CELLS + 1) + j, w)
    } else {
        (
            i,
            ((u >> (32 - FACTOR_BITS)) & 0xFFFF_FFFF) as f64 * FRACTION,
        )
    };
    let (f0, f1) = (t[at], t[at + 1]);
    f0 + (f1 - f0) * w
}

impl Sampler {
    /// Draws each value on the fly (a revised reading: its reading times a
    /// factor from the quantile table).
    pub fn new(d: &Dist) -> Sampler {
        let factor = match d {
            Dist::Revised { revision, .. } => Some(factor_table(*revision)),
            _ => None,
        };
        Sampler {
            base: Base::new(d),
            factor,
        }
    }

    /// Draws from a table of masses on lo.. (not normalised).
    pub fn table(lo: u64, weights: &[f64]) -> Sampler {
        Sampler {
            base: Base::Alias(Alias::new(lo, weights)),
            factor: None,
        }
    }

    /// The alias table, when drawing is nothing but one lookup in it (so a
    /// loop of draws can skip the dispatch).
    pub fn as_alias(&self) -> Option<&Alias> {
        match (&self.base, &self.factor) {
            (Base::Alias(a), None) => Some(a),
            _ => None,
        }
    }

    #[inline(always)]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let x = self.base.draw(rng);
        match &self.factor {
            None => x,
            Some(t) => round_count(x as f64 * factor(t, rng.next_u64())),
        }
    }
}

/// Walker/Vose alias table: one 64-bit random number per draw, its high
/// half choosing a column and its low half deciding between the column and
/// its alias (resolution 2^-32, far below Monte Carlo error).
#[derive(Debug, Clone)]
pub struct Alias {
    lo: u64,
    /// Per column: the probability (scaled to 2^32) of keeping it in the
    /// low half, its alias in the high half (one load per draw); shared
    /// by the copies of a sampler.
    columns: Arc<[u64]>,
}

impl Alias {
    /// `weights` need not be normalised; at least one must be positive.
    pub fn new(lo: u64, weights: &[f64]) -> Alias {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut scaled: Vec<f64> = weights.iter().map(|w| w / total * n as f64).collect();
        // a column left whole keeps itself whatever the threshold draw
        let mut columns: Vec<(u32, u32)> = (0..n as u32).map(|i| (u32::MAX, i)).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            columns[s] = (
                (scaled[s] * 4_294_967_296.0).min(u32::MAX as f64) as u32,
                l as u32,
            );
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        Alias {
            lo,
            columns: columns
                .into_iter()
                .map(|(keep, alias)| keep as u64 | (alias as u64) << 32)
                .collect(),
        }
    }

    #[inline(always)]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let x = rng.next_u64();
        let i = (((x >> 32) * self.columns.len() as u64) >> 32) as usize;
        let c = self.columns[i];
        // branch-free select: the keep test is a coin flip, which a branch
        // predictor cannot learn; both candidates are in registers
        let col = std::hint::select_unpredictable((x as u32) < c as u32, i as u64, c >> 32);
        self.lo + col
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(low: u64, high: Option<u64>) -> Interval {
        Interval { low, high }
    }

    #[test]
    fn uniform_pmf_is_flat() {
        let d = Dist::of(iv(20, Some(99)), Shape::Uniform, None, Tail::default()).unwrap();
        let (lo, p) = d.pmf();
        assert_eq!((lo, p.len()), (20, 80));
        assert!(p.iter().all(|x| (x - 1.0 / 80.0).abs() < 1e-15));
    }

    #[test]
    fn open_reading_is_a_power_tail_to_cap() {
        let d = Dist::of(iv(64, None), Shape::Uniform, None, Tail::default()).unwrap();
        assert_eq!((d.low(), d.high()), (64, 640));
        let (_, p) = d.pmf();
        // ratio of consecutive masses is (t/(t+1))^2.4
        assert!((p[1] / p[0] - (64.0f64 / 65.0).powf(2.4)).abs() < 1e-12);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn triangular_peaks_at_mode() {
        let d = Dist::of(
            iv(40, Some(60)),
            Shape::Triangular,
            Some(50),
            Tail::default(),
        )
        .unwrap();
        let (_, p) = d.pmf();
        let max = p.iter().cloned().fold(0.0, f64::max);
        assert_eq!(p[10], max);
        assert!((p[0] / p[10] - 1.0 / 11.0).abs() < 1e-12);
        assert!((p[20] / p[10] - 1.0 / 11.0).abs() < 1e-12);
    }

    #[test]
    fn loguniform_from_zero_uses_max_t_1() {
        let d = Dist::of(iv(0, Some(3)), Shape::LogUniform, None, Tail::default()).unwrap();
        let (_, p) = d.pmf();
        assert!((p[0] - p[1]).abs() < 1e-15);
        assert!((p[1] / p[3] - 3.0).abs() < 1e-12);
    }

    #[test]
    fn refuses_absurd_spans() {
        assert!(
            Dist::of(
                iv(0, Some(u64::MAX / 2)),
                Shape::Uniform,
                None,
                Tail::default()
            )
            .is_err()
        );
    }

    #[test]
    fn alias_frequencies_match_weights() {
        use rand::SeedableRng;
        let w = [1.0, 2.0, 3.0, 4.0];
        let a = Alias::new(10, &w);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
        let mut c = [0u64; 4];
        let n = 1_000_000;
        for _ in 0..n {
            c[(a.draw(&mut rng) - 10) as usize] += 1;
        }
        for i in 0..4 {
            let f = c[i] as f64 / n as f64;
            assert!((f - w[i] / 10.0).abs() < 0.003, "{i}: {f}");
        }
    }
}
