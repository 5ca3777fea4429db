//! Learning the revision per voice from past incidents, with partial pooling.
//!
//! Each incident's estimate is the pool of its claims, each claim spread as
//! its voice's rule says. A rule is a point of a grid of log-normal factors
//! (μ, σ), or `none`. The fit minimises the weighted interval score (WIS,
//! Bracher et al. 2021) of the later tolls under the pooled estimates, on
//! ln(1 + x): the median's error and the 50 % and 90 % ranges' interval
//! scores, (½|m − y| + ¼·IS₅₀ + 0.05·IS₉₀)/2.5 — a proper score that
//! rewards ranges that are both honest and narrow, and the score the
//! project is judged on. A floor is only penalised from below:
//! 1. the *pooled* fit: every learnt voice shares one closed and one open
//!    rule;
//! 2. each voice's own rule, penalised by its distance to the pooled fit
//!    (`KAPPA`·(Δμ/`TAU_MU`)² + (Δln σ/`TAU_SIGMA`)²), so a voice heard in
//!    three incidents moves only as far as its three incidents justify; a
//!    voice never heard keeps the pooled fit and says so.
//!
//! Both steps are coordinate descent over the grid (each rule in turn, the
//! others fixed, until nothing changes), on each claim's CDF tabulated once
//! per grid point at fixed counts (every count to 30, then 5 % apart). `enemy` and `dataset` are not learnt (see
//! `revision::fixed_rule`).

use super::{Score, Truth, median, score, target_of};
use crate::claim::Target;
use crate::engine::dist::{Dist, Revision, Tail, cells};
use crate::engine::revision::{
    LEARNT, ReadingType, RevisionModel, Rule, Spread, VOICES, fixed_rule, spread_dist, voice_of,
};
use crate::engine::{Method, Model};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Weight of the pull toward the pooled fit, in WIS per incident.
pub const KAPPA: f64 = 0.05;
/// Scale of a voice's μ around the pooled μ.
pub const TAU_MU: f64 = 0.25;
/// Prior sd of a voice's ln σ around the pooled ln σ.
pub const TAU_SIGMA: f64 = 0.3;

/// The rules tried: `none`, then every (μ, σ).
#[derive(Debug, Clone)]
pub struct Grid {
    pub mus: Vec<f64>,
    pub sigmas: Vec<f64>,
}

impl Grid {
    fn len(&self) -> usize {
        1 + self.mus.len() * self.sigmas.len()
    }
    fn spread(&self, g: usize) -> Spread {
        if g == 0 {
            return Spread::Literal;
        }
        let i = g - 1;
        let n = self.sigmas.len();
        Spread::Factor(Revision {
            mu: self.mus[i / n],
            sigma: self.sigmas[i % n],
        })
    }
}

type Key = (&'static str, ReadingType);

/// One claim reading of one incident, with its likelihood of the toll.
struct Term {
    incident: usize,
    weight: f64,
    voice: &'static str,
    reading: ReadingType,
    /// P(T ≤ k) at each of `counts()`: learnt, per grid point; fixed, one.
    cdf: Vec<Vec<f64>>,
    learnt: bool,
    /// The reading as read, for scoring it alone.
    base: Dist,
    interval: crate::claim::Interval,
    stated: Option<u64>,
}

/// Everything the fit needs, tabulated once.
pub struct Tables {
    terms: Vec<Term>,
    incidents: usize,
    grid: Grid,
    truths: Vec<Truth>,
    targets: Vec<Target>,
    tail: Tail,
}

/// The counts at which CDFs are tabulated: 0 to 30, then 5 % apart to 10⁶.
fn counts() -> &'static [u64] {
    static C: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let mut v: Vec<u64> = (0..=30).collect();
        let mut x = 30.0f64;
        while x < 1e6 {
            x *= 1.05;
            let k = x.round() as u64;
            if k > *v.last().unwrap_or(&0) {
                v.push(k);
            }
        }
        v
    })
}

/// P(round(X·F) ≤ k) at each count, X given as cells.
fn revised_cdf(points: &[(f64, f64)], r: Revision) -> Vec<f64> {
    counts()
        .iter()
        .map(|&k| {
            points
                .iter()
                .map(|&(x, m)| {
                    if x <= 0.0 {
                        m
                    } else {
                        m * r.cdf_factor((k as f64 + 0.5) / x)
                    }
                })
                .sum()
        })
        .collect()
}

/// P(X ≤ k) at each count, from a mass function.
fn pmf_cdf(lo: u64, p: &[f64]) -> Vec<f64> {
    let mut acc = Vec::with_capacity(p.len());
    let mut s = 0.0;
    for w in p {
        s += w;
        acc.push(s);
    }
    counts()
        .iter()
        .map(|&k| {
            if k < lo {
                0.0
            } else {
                acc.get((k - lo) as usize).copied().unwrap_or(1.0)
            }
        })
        .collect()
}

/// The p-quantile of a tabulated CDF, interpolated on ln(1 + x).
fn quantile(cdf: &[f64], p: f64) -> f64 {
    let ks = counts();
    match cdf.iter().position(|&c| c >= p) {
        None => (*ks.last().unwrap_or(&0) as f64).ln_1p(),
        Some(0) => 0.0,
        Some(i) => {
            let (c0, c1) = (cdf[i - 1], cdf[i]);
            let (l0, l1) = ((ks[i - 1] as f64).ln_1p(), (ks[i] as f64).ln_1p());
            let t = if c1 > c0 { (p - c0) / (c1 - c0) } else { 1.0 };
            l0 + (l1 - l0) * t
        }
    }
}

/// The WIS of a tabulated estimate against a toll, on ln(1 + x).
fn wis(cdf: &[f64], truth: &Truth) -> f64 {
    let y = (truth.final_toll as f64).ln_1p();
    let is = |a: f64, b: f64, alpha: f64| {
        let mut s = b - a;
        if y < a && !truth.floor {
            s += 2.0 / alpha * (a - y);
        }
        if y > b {
            s += 2.0 / alpha * (y - b);
        }
        s
    };
    let m = quantile(cdf, 0.5);
    let med = if truth.floor {
        (y - m).max(0.0)
    } else {
        (m - y).abs()
    };
    let is50 = is(quantile(cdf, 0.25), quantile(cdf, 0.75), 0.5);
    let is90 = is(quantile(cdf, 0.05), quantile(cdf, 0.95), 0.1);
    (0.5 * med + 0.25 * is50 + 0.05 * is90) / 2.5
}

impl Tables {
    pub fn new(
        targets: &[Target],
        truths: &[Truth],
        tail: Tail,
        grid: Grid,
    ) -> Result<Tables, String> {
        let mut raw = Vec::new();
        for (i, truth) in truths.iter().enumerate() {
            let t = target_of(targets, &truth.event)
                .ok_or_else(|| format!("event '{}' has a truth but no claims", truth.event))?;
            let shares = t.shares();
            for (v, sh) in t.voices.iter().zip(&shares) {
                for (r, &w) in v.readings.iter().zip(sh) {
                    if !(w > 0.0) {
                        continue;
                    }
                    let base = Dist::of(r.interval, r.shape, r.mode, tail)
                        .map_err(|e| format!("{}: {e}", truth.event))?;
                    raw.push((i, w, voice_of(v.kind, r.stance), r, base));
                }
            }
        }
        let terms = raw
            .into_par_iter()
            .map(|(i, w, voice, r, base)| {
                let reading = ReadingType::of(r.interval);
                let learnt = LEARNT.contains(&voice);
                let cdf = if learnt {
                    let (lo, p) = base.pmf();
                    let pts = cells(lo, &p, 64);
                    (0..grid.len())
                        .map(|g| match grid.spread(g) {
                            Spread::Factor(f) => revised_cdf(&pts, f),
                            _ => pmf_cdf(lo, &p),
                        })
                        .collect()
                } else {
                    let rule = fixed_rule(voice, reading);
                    let d = spread_dist(base.clone(), r.interval, r.mode, rule)?;
                    let (lo, p) = d.pmf();
                    vec![pmf_cdf(lo, &p)]
                };
                Ok(Term {
                    incident: i,
                    weight: w,
                    voice,
                    reading,
                    cdf,
                    learnt,
                    base,
                    interval: r.interval,
                    stated: r.mode,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Tables {
            terms,
            incidents: truths.len(),
            grid,
            truths: truths.to_vec(),
            targets: targets.to_vec(),
            tail,
        })
    }

    /// −Σ over incidents (but `skip`) of the pooled estimate's WIS, each
    /// key at `at[key]` (higher is better).
    fn log_score(&self, at: &BTreeMap<Key, usize>, skip: Option<usize>) -> f64 {
        let n = counts().len();
        let mut per = vec![vec![0.0f64; n]; self.incidents];
        for t in &self.terms {
            if Some(t.incident) == skip {
                continue;
            }
            let c = if t.learnt {
                &t.cdf[at[&(t.voice, t.reading)]]
            } else {
                &t.cdf[0]
            };
            for (a, b) in per[t.incident].iter_mut().zip(c) {
                *a += t.weight * b;
            }
        }
        -per.iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != skip)
            .map(|(i, cdf)| wis(cdf, &self.truths[i]))
            .sum::<f64>()
    }

    /// Incidents and claims per learnt key (but `skip`).
    fn counts(&self, skip: Option<usize>) -> BTreeMap<Key, (usize, usize)> {
        let mut inc: BTreeMap<Key, BTreeSet<usize>> = BTreeMap::new();
        let mut claims: BTreeMap<Key, usize> = BTreeMap::new();
        for t in self
            .terms
            .iter()
            .filter(|t| t.learnt && Some(t.incident) != skip)
        {
            inc.entry((t.voice, t.reading))
                .or_default()
                .insert(t.incident);
            *claims.entry((t.voice, t.reading)).or_default() += 1;
        }
        inc.into_iter()
            .map(|(k, s)| (k, (s.len(), claims[&k])))
            .collect()
    }

    fn log_prior(&self, g: usize, pooled: usize) -> f64 {
        match (self.grid.spread(g), self.grid.spread(pooled)) {
            (Spread::Literal, Spread::Literal) => 0.0,
            (Spread::Factor(f), Spread::Factor(p)) => {
                let a = (f.mu - p.mu) / TAU_MU;
                let b = (f.sigma.ln() - p.sigma.ln()) / TAU_SIGMA;
                -KAPPA * (a * a + b * b)
            }
            _ => f64::NEG_INFINITY,
        }
    }

    /// Fits every learnt voice, leaving incident `skip` out.
    pub fn fit(&self, skip: Option<usize>, fitted_on: &str) -> RevisionModel {
        self.fit_with(skip, fitted_on, true)
    }

    /// `per_voice` false: stop at the pooled fit (one rule for all voices).
    pub fn fit_with(&self, skip: Option<usize>, fitted_on: &str, per_voice: bool) -> RevisionModel {
        let keys: Vec<Key> = LEARNT
            .iter()
            .flat_map(|v| [(*v, ReadingType::Closed), (*v, ReadingType::Open)])
            .collect();
        // 1. pooled: one closed and one open rule for all
        let mut pooled = [0usize, 0usize];
        let with = |p: [usize; 2]| -> BTreeMap<Key, usize> {
            keys.iter()
                .map(|k| {
                    let i = if k.1 == ReadingType::Closed { 0 } else { 1 };
                    (*k, p[i])
                })
                .collect()
        };
        for _ in 0..6 {
            let before = pooled;
            for i in 0..2 {
                let best = (0..self.grid.len())
                    .map(|g| {
                        let mut p = pooled;
                        p[i] = g;
                        (g, self.log_score(&with(p), skip))
                    })
                    .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
                pooled[i] = best.0;
            }
            if pooled == before {
                break;
            }
        }
        // 2. each voice, shrunk toward the pooled rule
        let counts = self.counts(skip);
        let mut at = with(pooled);
        for _ in 0..if per_voice { 6 } else { 0 } {
            let before = at.clone();
            for k in &keys {
                if !counts.contains_key(k) {
                    continue;
                }
                let centre = pooled[if k.1 == ReadingType::Closed { 0 } else { 1 }];
                let mut best = (at[k], f64::NEG_INFINITY);
                for g in 0..self.grid.len() {
                    let prior = self.log_prior(g, centre);
                    if prior == f64::NEG_INFINITY {
                        continue;
                    }
                    at.insert(*k, g);
                    let s = self.log_score(&at, skip) + prior;
                    if s > best.1 {
                        best = (g, s);
                    }
                }
                at.insert(*k, best.0);
            }
            if at == before {
                break;
            }
        }
        let total = self.incidents - usize::from(skip.is_some());
        let mut rules = Vec::new();
        for voice in VOICES {
            for reading in [ReadingType::Closed, ReadingType::Open] {
                let learnt = LEARNT.contains(&voice);
                let (spread, incidents, claims, fitted, note) = if !learnt {
                    (
                        fixed_rule(voice, reading),
                        0,
                        0,
                        "fixed".to_string(),
                        crate::engine::revision::fixed_note(voice, reading).to_string(),
                    )
                } else if let Some(&(n, c)) = counts.get(&(voice, reading)) {
                    (
                        self.grid.spread(at[&(voice, reading)]),
                        n,
                        c,
                        fitted_on.to_string(),
                        "partial pooling toward the pooled fit".to_string(),
                    )
                } else {
                    (
                        self.grid.spread(at[&(voice, reading)]),
                        0,
                        0,
                        fitted_on.to_string(),
                        "no incidents: the pooled fit".to_string(),
                    )
                };
                rules.push(Rule {
                    voice: voice.to_string(),
                    reading,
                    spread,
                    incidents,
                    claims,
                    fitted_on: fitted,
                    note,
                });
            }
        }
        for (i, reading) in [ReadingType::Closed, ReadingType::Open]
            .into_iter()
            .enumerate()
        {
            rules.push(Rule {
                voice: "all".into(),
                reading,
                spread: self.grid.spread(pooled[i]),
                incidents: total,
                claims: self
                    .terms
                    .iter()
                    .filter(|t| t.learnt && t.reading == reading && Some(t.incident) != skip)
                    .count(),
                fitted_on: fitted_on.to_string(),
                note: "the pooled fit (not used by run; the fallback of voices never heard)".into(),
            });
        }
        RevisionModel {
            label: "fitted".into(),
            rules,
        }
    }

    /// Leave-one-incident-out: each incident scored under the model fitted
    /// on the others, pooled and claim by claim.
    pub fn leave_one_out(&self, method: Method, per_voice: bool) -> Result<LeaveOneOut, String> {
        let per: Vec<(Score, Vec<(&'static str, Score)>)> = (0..self.incidents)
            .into_par_iter()
            .map(|i| {
                let model = self.fit_with(Some(i), "loo", per_voice);
                let truth = &self.truths[i];
                let t = target_of(&self.targets, &truth.event).expect("checked in new");
                let pmf = Model::of(t, self.tail, &model)
                    .and_then(|m| m.exact(method))
                    .map_err(|e| format!("{}: {e}", truth.event))?;
                let pooled = score(pmf.lo, &pmf.p, truth);
                let mut claims = Vec::new();
                for term in self.terms.iter().filter(|x| x.incident == i) {
                    let rule = model
                        .rule(term.voice, term.reading)
                        .map(|r| r.spread)
                        .unwrap_or(Spread::Literal);
                    let d = spread_dist(term.base.clone(), term.interval, term.stated, rule)?;
                    let (lo, p) = d.pmf();
                    claims.push((term.voice, score(lo, &p, truth)));
                }
                Ok((pooled, claims))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let mut by_voice: BTreeMap<&'static str, Vec<Score>> = BTreeMap::new();
        let mut pooled = Vec::new();
        for (p, claims) in per {
            pooled.push(p);
            for (v, s) in claims {
                by_voice.entry(v).or_default().push(s);
            }
        }
        Ok(LeaveOneOut { pooled, by_voice })
    }
}

/// Scores of a leave-one-out run.
#[derive(Debug, Clone)]
pub struct LeaveOneOut {
    /// Each incident's pooled estimate.
    pub pooled: Vec<Score>,
    /// Each claim alone, by voice.
    pub by_voice: BTreeMap<&'static str, Vec<Score>>,
}

/// Coverage and errors of a set of scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub in50: usize,
    pub in90: usize,
    pub median_abs_log_error: f64,
    pub mean_interval_score: f64,
}

pub fn summarise(scores: &[Score]) -> Summary {
    Summary {
        n: scores.len(),
        in50: scores.iter().filter(|s| s.in50).count(),
        in90: scores.iter().filter(|s| s.in90).count(),
        median_abs_log_error: median(scores.iter().map(|s| s.abs_log_error).collect()),
        mean_interval_score: scores.iter().map(|s| s.interval_score).sum::<f64>()
            / scores.len().max(1) as f64,
    }
}
