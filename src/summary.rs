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

    /// From a histogram: `counts[i]` draws of the value `lo + i`.
    pub fn from_counts(lo: u64, counts: &[u64]) -> Option<Summary> {
        let n: u64 = counts.iter().sum();
        if n == 0 {
            return None;
        }
        let (mut s1, mut s2) = (0u128, 0u128);
        for (i, &c) in counts.iter().enumerate() {
            let v = (lo + i as u64) as u128;
            s1 += v * c as u128;
            s2 += v * v * c as u128;
        }
        let mean = s1 as f64 / n as f64;
        // n·Σx² − (Σx)² is exact in integers, so sd has no cancellation error
        let var_num = (n as u128 * s2).saturating_sub(s1 * s1);
        let sd = (var_num as f64).sqrt() / n as f64;
        let mut q = [0u64; 5];
        let mut cum = 0u128;
        let mut level = 0;
        for (i, &c) in counts.iter().enumerate() {
            cum += c as u128;
            while level < 5 && cum * 100 >= LEVELS[level] as u128 * n as u128 {
                q[level] = lo + i as u64;
                level += 1;
            }
            if level == 5 {
                break;
            }
        }
        Some(Summary {
            samples: n,
            mean,
            sd,
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
        assert_eq!(a, b);
        assert!(Summary::from_draws::<u64>(&[]).is_none());
    }
}
