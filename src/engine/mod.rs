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
use crate::revision::{RevisionModel, spread_dist};
use crate::summary::Summary;
use dist::{Dist, Tail};
use rayon::prelude::*;
use sampler::{Draw, draw_values, run_draws, target_key};
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    /// Each reading spread as the revision model says for its voice.
    pub fn of(target: &Target, tail: Tail, revision: &RevisionModel) -> Result<Model, String> {
        let voices = target
            .voices
            .iter()
            .map(|v| {
                let ds = v
                    .readings
                    .iter()
                    .map(|r| {
                        let base = Dist::of(r.interval, r.shape, r.mode, tail)?;
                        let spread = revision.spread(v.kind, r.stance, r.interval);
                        spread_dist(base, r.interval, r.stated, spread)
                    })
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
    /// How each voice's readings are revised.
    pub revision: RevisionModel,
    /// Keep each target's histogram (for the charts).
    pub histograms: bool,
}

impl Settings {
    /// The revision setting as written in outputs: `none` or `MU,SIGMA`.
    pub fn revision_label(&self) -> String {
        self.revision.label.clone()
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

/// Roll-up rows of a target: `region:<name>` and `all`, in its category;
/// none for an event without a region.
fn rollup_keys(region: &str, category: &str) -> Vec<(String, String)> {
    if region.is_empty() {
        return vec![];
    }
    vec![
        (format!("region:{region}"), category.to_string()),
        ("all".to_string(), category.to_string()),
    ]
}

/// A roll-up being summed.
#[derive(Default, Clone)]
struct Group {
    sums: Vec<u64>,
    claims: usize,
    sources: BTreeSet<String>,
    /// Member events with nothing to draw (left out of the sum).
    missing: Vec<String>,
    members: usize,
}

/// Runs every target of a case, then its roll-ups.
pub fn estimate(case: &Case, targets: &[Target], settings: &Settings) -> Vec<Estimate> {
    estimate_with_progress(case, targets, settings, &|_| {})
}

/// `estimate`, calling `done(n)` as each batch of n targets finishes.
pub fn estimate_with_progress(
    case: &Case,
    targets: &[Target],
    settings: &Settings,
    done: &dyn Fn(usize),
) -> Vec<Estimate> {
    let regions: HashMap<&str, &str> = case
        .events
        .iter()
        .map(|e| (e.id.as_str(), e.region.as_str()))
        .collect();
    // roll-up groups: which ones each target feeds
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    let feeds: Vec<Vec<usize>> = targets
        .iter()
        .map(|t| {
            let region = regions.get(t.event.as_str()).copied().unwrap_or("");
            rollup_keys(region, &t.category)
                .into_iter()
                .map(|k| {
                    let n = index.len();
                    *index.entry(k).or_insert(n)
                })
                .collect()
        })
        .collect();
    let mut groups = vec![
        Group {
            sums: vec![0u64; settings.samples],
            ..Group::default()
        };
        index.len()
    ];
    let mut out = Vec::with_capacity(targets.len() + index.len());

    // Targets are computed in batches so that draws kept for roll-ups stay
    // within a fixed memory budget (2^23 draws per batch).
    let batch = ((1usize << 23) / settings.samples.max(1)).max(1);
    for (chunk, feeds) in targets.chunks(batch).zip(feeds.chunks(batch)) {
        let results: Vec<(Estimate, Option<Vec<u32>>)> = chunk
            .par_iter()
            .zip(feeds.par_iter())
            .map(|(t, f)| run_target(t, settings, !f.is_empty()))
            .collect();
        for ((t, f), (est, kept)) in chunk.iter().zip(feeds).zip(results) {
            for &g in f {
                let group = &mut groups[g];
                group.members += 1;
                group.claims += est.claims;
                group
                    .sources
                    .extend(t.voices.iter().map(|v| v.source.clone()));
                match &kept {
                    Some(d) => group
                        .sums
                        .par_iter_mut()
                        .zip(d.par_iter())
                        .for_each(|(s, x)| *s += *x as u64),
                    None => group.missing.push(t.event.clone()),
                }
            }
            out.push(est);
        }
        done(chunk.len());
    }
    // roll-ups, category by category in target order, regions then all
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (i, t) in targets.iter().enumerate() {
        first_seen.entry(t.category.as_str()).or_insert(i);
    }
    let mut order: Vec<(&(String, String), &usize)> = index.iter().collect();
    order.sort_by_key(|((ev, cat), _)| {
        (
            first_seen.get(cat.as_str()).copied().unwrap_or(usize::MAX),
            ev == "all",
            ev.clone(),
        )
    });
    for ((event, category), &g) in order {
        let group = &groups[g];
        let (summary, note) = if group.missing.len() == group.members {
            (None, "no member event has anything to draw".to_string())
        } else if group.missing.is_empty() {
            (Summary::from_draws(&group.sums), String::new())
        } else {
            (
                Summary::from_draws(&group.sums),
                format!("leaves out {} (nothing to draw)", group.missing.join(", ")),
            )
        };
        out.push(Estimate {
            event: event.clone(),
            category: category.clone(),
            claims: group.claims,
            sources: group.sources.len(),
            summary,
            histogram: None,
            note,
        });
    }
    out
}

fn run_target(t: &Target, s: &Settings, rollup: bool) -> (Estimate, Option<Vec<u32>>) {
    let mut est = Estimate {
        event: t.event.clone(),
        category: t.category.clone(),
        claims: t.claim_count(),
        sources: t.voices.len(),
        summary: None,
        histogram: None,
        note: String::new(),
    };
    let plan = Model::of(t, s.tail, &s.revision).and_then(|m| m.draw_for(s.method, s.samples));
    let (draw, lo, hi) = match plan {
        Ok(p) => p,
        Err(e) => {
            est.note = e;
            return (est, None);
        }
    };
    let key = target_key(&t.event, &t.category);
    if hi - lo < s.samples as u64 {
        // dense: stream into a histogram
        let (h, kept) = run_draws(&draw, lo, hi, key, s.samples, s.seed, rollup);
        est.summary = Summary::from_counts(lo, &h);
        if s.histograms {
            est.histogram = Some((lo, h));
        }
        (est, kept)
    } else {
        // sparse (more values than draws): keep the draws and sort them
        let d = draw_values(&draw, key, s.samples, s.seed);
        est.summary = Summary::from_draws(&d);
        if s.histograms {
            let mut h = vec![0u64; (hi - lo + 1) as usize];
            d.iter().for_each(|&x| h[(x as u64 - lo) as usize] += 1);
            est.histogram = Some((lo, h));
        }
        (est, rollup.then_some(d))
    }
}
