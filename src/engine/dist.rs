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
//! The same mass function serves the exact grid (`pmf`) and the sampler
//! (`Sampler`), so the two can only disagree through sampling error.

use crate::case::Shape;
use crate::claim::Interval;
use rand::Rng;

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
        weights: Vec<f64>,
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
            let weights = (lo..=hi).map(|t| (t.max(1) as f64).powf(-a)).collect();
            Dist::Weighted { lo, weights }
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
                Dist::Weighted { lo, weights }
            }
        })
    }

    pub fn low(&self) -> u64 {
        match self {
            Dist::Point(v) => *v,
            Dist::Uniform { lo, .. } | Dist::Weighted { lo, .. } => *lo,
        }
    }
    pub fn high(&self) -> u64 {
        match self {
            Dist::Point(v) => *v,
            Dist::Uniform { hi, .. } => *hi,
            Dist::Weighted { lo, weights } => lo + weights.len() as u64 - 1,
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
                let total: f64 = weights.iter().sum();
                (*lo, weights.iter().map(|w| w / total).collect())
            }
        }
    }
}

/// Draws whole numbers from a `Dist` in constant time: uniform by a
/// multiply-shift, shaped readings by Walker's alias table.
#[derive(Debug, Clone)]
pub enum Sampler {
    Point(u64),
    Uniform { lo: u64, n: u64 },
    Alias(Alias),
}

impl Sampler {
    pub fn new(d: &Dist) -> Sampler {
        match d {
            Dist::Point(v) => Sampler::Point(*v),
            Dist::Uniform { lo, hi } => Sampler::Uniform {
                lo: *lo,
                n: hi - lo + 1,
            },
            Dist::Weighted { lo, weights } => Sampler::Alias(Alias::new(*lo, weights)),
        }
    }

    #[inline]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        match self {
            Sampler::Point(v) => *v,
            Sampler::Uniform { lo, n } => lo + ((rng.next_u64() as u128 * *n as u128) >> 64) as u64,
            Sampler::Alias(a) => a.draw(rng),
        }
    }
}

/// Walker/Vose alias table: one 64-bit random number per draw, its high
/// half choosing a column and its low half deciding between the column and
/// its alias (resolution 2^-32, far below Monte Carlo error).
#[derive(Debug, Clone)]
pub struct Alias {
    lo: u64,
    /// Probability (scaled to 2^32) of keeping column i.
    keep: Vec<u32>,
    alias: Vec<u32>,
}

impl Alias {
    /// `weights` need not be normalised; at least one must be positive.
    pub fn new(lo: u64, weights: &[f64]) -> Alias {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut scaled: Vec<f64> = weights.iter().map(|w| w / total * n as f64).collect();
        let mut keep = vec![u32::MAX; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            keep[s] = (scaled[s] * 4_294_967_296.0).min(u32::MAX as f64) as u32;
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // leftovers are 1 up to rounding: keep them whole
        Alias { lo, keep, alias }
    }

    #[inline]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let x = rng.next_u64();
        let i = (((x >> 32) * self.keep.len() as u64) >> 32) as usize;
        let col = if (x as u32) < self.keep[i] || self.keep[i] == u32::MAX {
            i
        } else {
            self.alias[i] as usize
        };
        self.lo + col as u64
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
