//! Combining a target's claims into a distribution, exactly and by Monte Carlo.
//!
//! `pool` (linear opinion pool) is a mixture of the readings weighted by
//! trust; `fusion` (reliability-weighted Bayes) treats trust as the
//! probability that the truth lies in the reading. See DESIGN.md, "Combining
//! claims", and the `exact` module for the formulas.

pub mod dist;
pub mod exact;
pub mod sampler;

use crate::case::Case;
use crate::claim::Target;
use crate::summary::Summary;
use dist::{Dist, Revision, Tail};
use rayon::prelude::*;
use sampler::{Draw, run_draws, target_key};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    #[default]
    Pool,
    Fusion,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Pool => "pool",
            Method::Fusion => "fusion",
        }
    }
}

impl FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "pool" => Ok(Method::Pool),
            "fusion" => Ok(Method::Fusion),
            _ => Err(format!("unknown method '{s}': expected pool or fusion")),
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A target's readings as distributions, per source.
#[derive(Debug, Clone)]
pub struct Model {
    /// (trust, distinct readings) per source.
    pub voices: Vec<(f64, Vec<Dist>)>,
}

impl Model {
    /// `revision`: None reads the claims literally.
    pub fn of(target: &Target, tail: Tail, revision: Option<Revision>) -> Result<Model, String> {
        let voices = target
            .voices
            .iter()
            .map(|v| {
                let ds = v
                    .readings
                    .iter()
                    .map(|r| Dist::revised(r.interval, r.shape, r.mode, tail, revision))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((v.trust, ds))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Model { voices })
    }

    pub fn total_trust(&self) -> f64 {
        self.voices.iter().map(|(r, _)| r).sum()
    }

    /// Pool components: each reading with its share of the trust.
    pub fn pool_components(&self) -> Vec<(f64, Dist)> {
        let total = self.total_trust();
        self.voices
            .iter()
            .flat_map(|(r, ds)| {
                let w = r / total / ds.len() as f64;
                ds.iter().map(move |d| (w, d.clone()))
            })
            .filter(|(w, _)| *w > 0.0)
            .collect()
    }

    /// The exact distribution under `method`.
    pub fn exact(&self, method: Method) -> Result<exact::Pmf, String> {
        if !(self.total_trust() > 0.0) {
            return Err(ALL_TRUST_ZERO.into());
        }
        match method {
            Method::Pool => Ok(exact::pool(&self.pool_components())),
            Method::Fusion => exact::fusion(&self.voices),
        }
    }

    /// How the engine draws `samples` from it, and the range the draws fall
    /// in. A pool is drawn from its exact mass function (one alias lookup per
    /// draw) when tabulating it costs less than the draws it speeds up;
    /// otherwise by picking a reading, then drawing within it
    /// (`draw_mixture`). Both give the same distribution; the tests check
    /// each against the exact grid.
    pub fn draw_for(&self, method: Method, samples: usize) -> Result<(Draw, u64, u64), String> {
        let (draw, lo, hi) = self.draw(method)?;
        if method == Method::Pool && hi - lo < TABLE_MAX {
            let comps = self.pool_components();
            let work: f64 = comps.iter().map(|(_, d)| d.tabulation_work()).sum();
            if work <= samples as f64 {
                let pmf = exact::pool(&comps);
                return Ok((Draw::table(pmf.lo, &pmf.p), lo, hi));
            }
        }
        Ok((draw, lo, hi))
    }

    /// How to draw from it, and the range the draws fall in: for a pool,
    /// pick a reading with probability ∝ its share, then draw within it.
    pub fn draw(&self, method: Method) -> Result<(Draw, u64, u64), String> {
        if !(self.total_trust() > 0.0) {
            return Err(ALL_TRUST_ZERO.into());
        }
        let top = self
            .voices
            .iter()
            .flat_map(|(_, ds)| ds.iter().map(|d| d.high()))
            .max();
        if top.is_some_and(|h| h >= u32::MAX as u64) {
            return Err(format!(
                "counts up to {} are beyond what the sampler handles ({})",
                top.unwrap_or(0),
                u32::MAX - 1
            ));
        }
        match method {
            Method::Pool => {
                let comps = self.pool_components();
                let lo = comps.iter().map(|(_, d)| d.low()).min().unwrap_or(0);
                let hi = comps.iter().map(|(_, d)| d.high()).max().unwrap_or(0);
                Ok((Draw::pool(&comps), lo, hi))
            }
            Method::Fusion => {
                let post = exact::fusion(&self.voices)?;
                Ok((Draw::table(post.lo, &post.p), post.lo, post.hi()))
            }
        }
    }
}

/// Largest pool support tabulated for drawing (an alias table of 8 bytes a value).
pub const TABLE_MAX: u64 = 1 << 20;

pub const ALL_TRUST_ZERO: &str = "every source of this target has trust 0: nothing to weigh";

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub method: Method,
    pub samples: usize,
    pub seed: u64,
    pub tail: Tail,
    /// None: claims read literally.
    pub revision: Option<Revision>,
}

impl Settings {
    /// The revision setting as written in outputs: `none` or `MU,SIGMA`.
    pub fn revision_label(&self) -> String {
        match self.revision {
            Some(r) => r.to_string(),
            None => "none".to_string(),
        }
    }
}

/// What a run found for one target or roll-up.
#[derive(Debug, Clone)]
pub struct Estimate {
    pub event: String,
    pub category: String,
    /// Claims and distinct sources behind it (summed over events for roll-ups).
    pub claims: usize,
    pub sources: usize,
    /// None when nothing could be drawn (the reason is in `note`).
    pub summary: Option<Summary>,
    /// Histogram of the draws (targets only): `counts[i]` draws of `lo + i`.
    pub histogram: Option<(u64, Vec<u64>)>,
    pub note: String,
}

/// Roll-up rows: `region:<name>` per region and `all`, per category.
fn rollup_keys(case: &Case, t: &Target) -> Vec<(String, String)> {
    let region = case
        .event(&t.event)
        .map(|e| e.region.as_str())
        .unwrap_or("");
    if region.is_empty() {
        return vec![];
    }
    vec![
        (format!("region:{region}"), t.category.clone()),
        ("all".to_string(), t.category.clone()),
    ]
}

/// Runs every target of a case, then its roll-ups.
pub fn estimate(case: &Case, targets: &[Target], settings: &Settings) -> Vec<Estimate> {
    // roll-up groups in a stable order: category, then regions, then all
    let mut groups: BTreeMap<(String, String), usize> = BTreeMap::new();
    for t in targets {
        for k in rollup_keys(case, t) {
            let n = groups.len();
            groups.entry(k).or_insert(n);
        }
    }
    let mut sums: Vec<Vec<u64>> = vec![vec![0u64; settings.samples]; groups.len()];
    let mut members: Vec<(usize, std::collections::BTreeSet<String>, Vec<String>)> =
        vec![(0, Default::default(), vec![]); groups.len()];
    let mut out = Vec::with_capacity(targets.len() + groups.len());

    // Targets are computed in batches so that draws kept for roll-ups stay
    // within a fixed memory budget (2^23 draws per batch).
    let batch = ((1usize << 23) / settings.samples.max(1)).max(1);
    for chunk in targets.chunks(batch) {
        let results: Vec<(Estimate, Option<Vec<u32>>)> = chunk
            .par_iter()
            .map(|t| run_target(case, t, settings))
            .collect();
        for (t, (est, kept)) in chunk.iter().zip(results) {
            for key in rollup_keys(case, t) {
                let g = groups[&key];
                members[g].0 += est.claims;
                members[g]
                    .1
                    .extend(t.voices.iter().map(|v| v.source.clone()));
                if let Some(d) = &kept {
                    sums[g]
                        .par_iter_mut()
                        .zip(d.par_iter())
                        .for_each(|(s, x)| *s += *x as u64);
                } else {
                    members[g].2.push(t.event.clone());
                }
            }
            out.push(est);
        }
    }
    // roll-ups, category by category in target order
    let mut order: Vec<(&(String, String), &usize)> = groups.iter().collect();
    let cat_rank = |c: &str| {
        targets
            .iter()
            .position(|t| t.category == c)
            .unwrap_or(usize::MAX)
    };
    order.sort_by_key(|((ev, cat), _)| (cat_rank(cat), ev == "all", ev.clone()));
    for ((event, category), &g) in order {
        let (claims, sources, missing) = &members[g];
        let summary = Summary::from_draws(&sums[g]);
        let note = if missing.is_empty() {
            String::new()
        } else {
            format!("leaves out {} (nothing to draw)", missing.join(", "))
        };
        out.push(Estimate {
            event: event.clone(),
            category: category.clone(),
            claims: *claims,
            sources: sources.len(),
            summary,
            histogram: None,
            note,
        });
    }
    out
}

fn run_target(case: &Case, t: &Target, s: &Settings) -> (Estimate, Option<Vec<u32>>) {
    let mut est = Estimate {
        event: t.event.clone(),
        category: t.category.clone(),
        claims: t.claim_count(),
        sources: t.voices.len(),
        summary: None,
        histogram: None,
        note: String::new(),
    };
    let plan = Model::of(t, s.tail, s.revision).and_then(|m| m.draw_for(s.method, s.samples));
    let (draw, lo, hi) = match plan {
        Ok(p) => p,
        Err(e) => {
            est.note = e;
            return (est, None);
        }
    };
    let keep = !rollup_keys(case, t).is_empty();
    let key = target_key(&t.event, &t.category);
    let (h, kept) = run_draws(&draw, lo, hi, key, s.samples, s.seed, keep);
    est.summary = Summary::from_counts(lo, &h);
    est.histogram = Some((lo, h));
    (est, kept)
}
