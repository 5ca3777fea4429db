//! Exact distributions on the integer grid: the test oracle of the Monte
//! Carlo engine, and the posterior that `fusion` draws from.
//!
//! - pool: P(T = t) = Σ_i w_i q_i(t), with w_i the normalised shares;
//! - fusion: p(t) ∝ p0(t) Π_s [r_s q_s(t)/p0(t) + (1 − r_s)] on 0..=M, with
//!   p0(t) ∝ 1/max(t, 1), M = 10 × the largest finite bound (an open
//!   reading counts its cap), and q_s the average of source s's readings.
//!   With a revision model the bounds are those of the readings as read:
//!   the prior's range does not stretch with the revision factor's far
//!   tail, and the (tiny) revised mass beyond M is outside the prior's
//!   support, so it has no posterior mass.

use super::dist::{Dist, MAX_SPAN};

/// A mass function on lo..=lo+len−1.
#[derive(Debug, Clone, PartialEq)]
pub struct Pmf {
    pub lo: u64,
    pub p: Vec<f64>,
}

impl Pmf {
    pub fn hi(&self) -> u64 {
        self.lo + self.p.len() as u64 - 1
    }
    pub fn at(&self, t: u64) -> f64 {
        if t < self.lo {
            return 0.0;
        }
        self.p.get((t - self.lo) as usize).copied().unwrap_or(0.0)
    }
}

/// The linear pool: a mixture of the readings with weights `w` (summing to 1).
pub fn pool(components: &[(f64, Dist)]) -> Pmf {
    let lo = components.iter().map(|(_, d)| d.low()).min().unwrap_or(0);
    let hi = components.iter().map(|(_, d)| d.high()).max().unwrap_or(0);
    let mut p = vec![0.0; (hi - lo + 1) as usize];
    for (w, d) in components {
        let (dlo, q) = d.pmf();
        for (i, x) in q.iter().enumerate() {
            p[(dlo - lo) as usize + i] += w * x;
        }
    }
    Pmf { lo, p }
}

/// One source in fusion: its trust and its distinct readings.
pub type FusionVoice = (f64, Vec<Dist>);

/// Upper end M of fusion's grid: 10 × the largest finite bound.
pub fn fusion_grid_end(voices: &[FusionVoice]) -> u64 {
    10 * voices
        .iter()
        .flat_map(|(_, ds)| ds.iter().map(|d| d.read_high()))
        .max()
        .unwrap_or(0)
}

/// The reliability-weighted posterior on 0..=M.
pub fn fusion(voices: &[FusionVoice]) -> Result<Pmf, String> {
    let m = fusion_grid_end(voices);
    if m >= MAX_SPAN {
        return Err(format!(
            "fusion needs a grid of 0..={m}, larger than the limit {MAX_SPAN}; use --method pool"
        ));
    }
    let n = (m + 1) as usize;
    let prior: Vec<f64> = (0..=m).map(|t| 1.0 / t.max(1) as f64).collect();
    let z: f64 = prior.iter().sum();
    let prior: Vec<f64> = prior.iter().map(|x| x / z).collect();
    let mut post = prior.clone();
    let mut q = vec![0.0; n];
    for (r, readings) in voices {
        q.iter_mut().for_each(|x| *x = 0.0);
        for d in readings {
            let (lo, pm) = d.pmf();
            for (i, x) in pm.iter().enumerate().take(n.saturating_sub(lo as usize)) {
                q[lo as usize + i] += x / readings.len() as f64;
            }
        }
        let mut max = 0.0f64;
        for t in 0..n {
            post[t] *= r * q[t] / prior[t] + (1.0 - r);
            max = max.max(post[t]);
        }
        if !(max > 0.0) {
            return Err(
                "the claims contradict each other: sources held with trust 1 leave no count possible; lower a trust below 1"
                    .into(),
            );
        }
        // keep the running product in range however many voices there are
        post.iter_mut().for_each(|x| *x /= max);
    }
    let total: f64 = post.iter().sum();
    Ok(Pmf {
        lo: 0,
        p: post.iter().map(|x| x / total).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::Summary;

    fn uni(lo: u64, hi: u64) -> Dist {
        Dist::Uniform { lo, hi }
    }

    /// The hand-computed case: 0.4 · U[64,128] + 0.6 · U[101,200].
    #[test]
    fn pool_of_two_uniforms_by_hand() {
        let p = pool(&[(0.4, uni(64, 128)), (0.6, uni(101, 200))]);
        let s = Summary::from_pmf(p.lo, &p.p);
        // mean = 0.4·96 + 0.6·150.5 = 38.4 + 90.3 = 128.7
        assert!((s.mean - 128.7).abs() < 1e-9, "{}", s.mean);
        // E[T²]: U[64,128]: var (65²−1)/12 = 352, E = 96² + 352 = 9568;
        // U[101,200]: var (100²−1)/12 = 833.25, E = 150.5² + 833.25 = 23483.5
        // E = 0.4·9568 + 0.6·23483.5 = 17917.3, var = 17917.3 − 128.7² = 1353.61
        assert!((s.sd - 1353.61f64.sqrt()).abs() < 1e-9, "{}", s.sd);
        // below 101 only the first claim: P(T ≤ k) = 0.4·(k−63)/65.
        // p05: 0.4(k−63)/65 ≥ 0.05 ⇔ k ≥ 71.125 → 72
        // p25: ≥ 0.25 ⇔ k ≥ 103.6 → past 100, so add the second claim:
        //   for 101 ≤ k ≤ 128: 0.4(k−63)/65 + 0.6(k−100)/100 ≥ 0.25
        //   k=101: 0.2338+0.006=0.2398; k=102: 0.24+0.012=0.252 → 102
        // p50: k ≤ 128: 0.4 + 0.6·28/100 = 0.568 at 128, so solve
        //   0.4(k−63)/65 + 0.006(k−100) ≥ 0.5: k=115: 0.32+0.09=0.41;
        //   k=121: 0.3569+0.126=0.4829; k=122: 0.3631+0.132=0.4951; k=123: 0.3692+0.138=0.5072 → 123
        // p75: above 128: 0.4 + 0.006(k−100) ≥ 0.75 ⇔ k ≥ 158.33 → 159
        // p95: 0.4 + 0.006(k−100) ≥ 0.95 ⇔ k ≥ 191.67 → 192
        assert_eq!(s.q, [72, 102, 123, 159, 192]);
    }

    /// One claim alone: r·q + (1 − r)·p0.
    #[test]
    fn fusion_single_claim_is_trust_mix_with_prior() {
        let r = 0.7;
        let post = fusion(&[(r, vec![uni(10, 20)])]).unwrap();
        assert_eq!(post.lo, 0);
        assert_eq!(post.hi(), 200);
        let h: f64 = (0..=200u64).map(|t| 1.0 / t.max(1) as f64).sum();
        for t in [0u64, 1, 5, 10, 15, 20, 21, 200] {
            let q = if (10..=20).contains(&t) {
                1.0 / 11.0
            } else {
                0.0
            };
            let p0 = 1.0 / t.max(1) as f64 / h;
            let want = r * q + (1.0 - r) * p0;
            assert!(
                (post.at(t) - want).abs() < 1e-12,
                "{t}: {} vs {want}",
                post.at(t)
            );
        }
    }

    /// Consistent claims sharpen: "≥ 64" and "> 100" put mass above 100.
    #[test]
    fn fusion_consistent_claims_sharpen() {
        let tail = crate::engine::dist::Tail::default();
        let a = Dist::of(
            crate::claim::Interval {
                low: 64,
                high: None,
            },
            crate::case::Shape::Uniform,
            None,
            tail,
        )
        .unwrap();
        let b = Dist::of(
            crate::claim::Interval {
                low: 101,
                high: None,
            },
            crate::case::Shape::Uniform,
            None,
            tail,
        )
        .unwrap();
        let post = fusion(&[(0.6, vec![a.clone()]), (0.7, vec![b])]).unwrap();
        let above: f64 = (101..=post.hi()).map(|t| post.at(t)).sum();
        let alone = fusion(&[(0.6, vec![a])]).unwrap();
        let above_alone: f64 = (101..=alone.hi()).map(|t| alone.at(t)).sum();
        assert!(above > above_alone + 0.2, "{above} vs {above_alone}");
    }

    #[test]
    fn fusion_refuses_certain_contradictions() {
        assert!(fusion(&[(1.0, vec![uni(1, 5)]), (1.0, vec![uni(10, 20)])]).is_err());
        // with less than full trust the conflict only widens the result
        let p = fusion(&[(0.9, vec![uni(1, 5)]), (0.9, vec![uni(10, 20)])]).unwrap();
        assert!((p.p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn fusion_source_with_two_readings_enters_as_average() {
        let two = fusion(&[(0.5, vec![uni(10, 20), uni(30, 40)])]).unwrap();
        let h: f64 = (0..=400u64).map(|t| 1.0 / t.max(1) as f64).sum();
        let want = 0.5 * (1.0 / 11.0) / 2.0 + 0.5 / 35.0 / h;
        assert!((two.at(35) - want).abs() < 1e-12);
    }
}
