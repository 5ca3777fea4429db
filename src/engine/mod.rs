//! Combining a target's claims into a distribution, exactly and by Monte Carlo.
//!
//! `pool` (linear opinion pool) is a mixture of the readings weighted by
//! trust; `fusion` (reliability-weighted Bayes) treats trust as the
//! probability that the truth lies in the reading. See DESIGN.md, "Combining
//! claims", and the `exact` module for the formulas.

pub mod dist;
pub mod exact;
pub mod flat;
pub mod revision;
pub mod sampler;

use crate::case::Case;
use crate::case::Shape;
use crate::claim::Interval;
use crate::claim::Target;
use crate::summary::Summary;
use crate::summary::{self, Outcome, Search, Tally};
use crate::text::Text;
use dist::{Dist, Tail};
use flat::{FLAT_MAX, Flat};
use rayon::prelude::*;
use revision::{RevisionModel, spread_dist};
use sampler::{CHUNK, Draw, fill, fill_chunk, stream, target_key};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

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
        Model::with(target, tail, revision, None)
    }

    /// `of`, the readings' distributions taken from (and added to) `readings`.
    fn with(
        target: &Target,
        tail: Tail,
        revision: &RevisionModel,
        readings: Option<&Readings>,
    ) -> Result<Model, String> {
        let voices = target
            .voices
            .iter()
            .map(|v| {
                let ds = v
                    .readings
                    .iter()
                    .map(|r| {
                        let base = match readings {
                            Some(memo) => memo.get(r.interval, r.shape, r.mode, tail)?,
                            None => Dist::of(r.interval, r.shape, r.mode, tail)?,
                        };
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
    /// otherwise from its flat table (reading and value in one lookup, then
    /// the reading's factor) when that table is no larger than the draws;
    /// otherwise by picking a reading, then drawing within it (`draw`). All
    /// give the same distribution; the tests check each against the exact
    /// grid.
    pub fn draw_for(&self, method: Method, samples: usize) -> Result<(Draw, u64, u64), String> {
        self.draw_within(method, samples, FLAT_MAX)
    }

    /// `draw_for`, a flat table allowed only up to `flat_max` pairs.
    fn draw_within(
        &self,
        method: Method,
        samples: usize,
        flat_max: usize,
    ) -> Result<(Draw, u64, u64), String> {
        if method != Method::Pool {
            return self.draw(method);
        }
        self.drawable()?;
        let comps = self.pool_components();
        let (lo, hi) = span(&comps);
        if hi - lo < TABLE_MAX {
            let work: f64 = comps.iter().map(|(_, d)| d.tabulation_work()).sum();
            if work <= samples as f64 {
                let pmf = exact::pool(&comps);
                return Ok((Draw::table(pmf.lo, &pmf.p), lo, hi));
            }
        }
        let pairs = flat::pairs(&comps);
        if pairs <= flat_max.min(samples.max(1024))
            && let Some(f) = Flat::new(&comps)
        {
            return Ok((Draw::Flat(f), lo, hi));
        }
        Ok((Draw::pool(&comps), lo, hi))
    }

    /// The flat table of a pool (every reading's values in one table), for
    /// tests: `draw_for` uses it when it pays.
    pub fn draw_flat(&self) -> Result<(Draw, u64, u64), String> {
        self.drawable()?;
        let comps = self.pool_components();
        let (lo, hi) = span(&comps);
        let f = Flat::new(&comps).ok_or(
            "no flat table for this pool (no values, values beyond u32, or 65 535 revisions or more)",
        )?;
        Ok((Draw::Flat(f), lo, hi))
    }

    /// How to draw from it, and the range the draws fall in: for a pool,
    /// pick a reading with probability ∝ its share, then draw within it.
    pub fn draw(&self, method: Method) -> Result<(Draw, u64, u64), String> {
        self.drawable()?;
        match method {
            Method::Pool => {
                let comps = self.pool_components();
                let (lo, hi) = span(&comps);
                Ok((Draw::pool(&comps), lo, hi))
            }
            Method::Fusion => {
                let post = exact::fusion(&self.voices)?;
                Ok((Draw::table(post.lo, &post.p), post.lo, post.hi()))
            }
        }
    }

    /// Whether the sampler can draw from it: some trust, counts within u32.
    fn drawable(&self) -> Result<(), String> {
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
        Ok(())
    }
}

/// The range a pool's draws fall in.
fn span(components: &[(f64, Dist)]) -> (u64, u64) {
    let lo = components.iter().map(|(_, d)| d.low()).min().unwrap_or(0);
    let hi = components.iter().map(|(_, d)| d.high()).max().unwrap_or(0);
    (lo, hi)
}

/// The distributions of the readings met so far in a run, by what they
/// are read from (one tail for the run): a reading repeated across targets
/// ("at least 10") is tabulated, and its alias table built, once.
#[derive(Default)]
struct Readings {
    memo: Mutex<Memo>,
}

/// A reading's base distribution by its interval, shape and mode.
type Memo = HashMap<(Interval, Shape, Option<u64>), Dist>;

impl Readings {
    fn get(
        &self,
        interval: Interval,
        shape: Shape,
        mode: Option<u64>,
        tail: Tail,
    ) -> Result<Dist, String> {
        let key = (interval, shape, mode);
        if let Some(d) = self.lock().get(&key) {
            return Ok(d.clone());
        }
        // computed outside the lock; a value computed twice is the same
        let d = Dist::of(interval, shape, mode, tail)?;
        self.lock().entry(key).or_insert_with(|| d.clone());
        Ok(d)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(|e| e.into_inner())
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
    /// The revision model as written in outputs: its file, `none` or `MU,SIGMA`.
    pub fn revision_label(&self) -> String {
        self.revision.label.clone()
    }
}

/// What a run found for one target or roll-up.
#[derive(Debug, Clone)]
pub struct Estimate {
    pub event: Text,
    pub category: Text,
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

/// A roll-up's members, as far as its row tells.
#[derive(Default, Clone)]
struct Group {
    claims: usize,
    sources: BTreeSet<Text>,
    /// Member events with nothing to draw (left out of the sum).
    missing: Vec<Text>,
    members: usize,
}

/// A target ready to draw: how, the range its draws fall in, its stream key.
struct Plan {
    draw: Draw,
    lo: u64,
    hi: u64,
    key: u64,
}

fn plan(t: &Target, s: &Settings, readings: &Readings, flat_max: usize) -> Result<Plan, String> {
    let (draw, lo, hi) = Model::with(t, s.tail, &s.revision, Some(readings))
        .and_then(|m| m.draw_within(s.method, s.samples, flat_max))?;
    Ok(Plan {
        draw,
        lo,
        hi,
        key: target_key(&t.event, &t.category),
    })
}

/// A target's row before its draws are summarised.
fn blank(t: &Target) -> Estimate {
    Estimate {
        event: t.event.clone(),
        category: t.category.clone(),
        claims: t.claim_count(),
        sources: t.voices.len(),
        summary: None,
        histogram: None,
        note: String::new(),
    }
}

/// Runs every target of a case, then its roll-ups.
pub fn estimate(case: &Case, targets: &[Target], settings: &Settings) -> Vec<Estimate> {
    estimate_with_progress(case, targets, settings, &|_| {})
}

/// `estimate`, calling `done(n)` as each n more draws (summed over the
/// targets) are made: a run makes targets × samples draws in all.
///
/// Draws are streamed, never kept: each block of a target's draws is
/// counted into its tally and added into its roll-ups' sums for the same
/// block, then dropped. Memory is O(targets × histogram + threads × block).
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
    // roll-up groups: which ones each target feeds (its region's first)
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    // the groups of each (region, category), worked out once
    let mut known: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let feeds: Vec<Vec<usize>> = targets
        .iter()
        .map(|t| {
            let region = regions.get(t.event.as_str()).copied().unwrap_or("");
            known
                .entry((region, t.category.as_str()))
                .or_insert_with(|| {
                    rollup_keys(region, &t.category)
                        .into_iter()
                        .map(|k| {
                            let n = index.len();
                            *index.entry(k).or_insert(n)
                        })
                        .collect()
                })
                .clone()
        })
        .collect();
    drop(known);
    let mut groups = vec![Group::default(); index.len()];
    for (t, f) in targets.iter().zip(&feeds) {
        for &g in f {
            let group = &mut groups[g];
            group.members += 1;
            group.claims += t.claim_count();
            group
                .sources
                .extend(t.voices.iter().map(|v| v.source.clone()));
        }
    }
    let (mut out, drawn, sums) = if settings.samples <= CHUNK {
        one_block(targets, &feeds, index.len(), settings, done)
    } else {
        blocks(targets, &feeds, index.len(), settings, done)
    };
    for ((t, drawn), f) in targets.iter().zip(drawn).zip(&feeds) {
        if !drawn {
            for &g in f {
                groups[g].missing.push(t.event.clone());
            }
        }
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
            (sums[g].clone(), String::new())
        } else {
            (
                sums[g].clone(),
                format!(
                    "leaves out {} (nothing to draw)",
                    group
                        .missing
                        .iter()
                        .map(Text::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        };
        out.push(Estimate {
            event: event.into(),
            category: category.into(),
            claims: group.claims,
            sources: group.sources.len(),
            summary,
            histogram: None,
            note,
        });
    }
    out
}

/// Each target's row (with room for the roll-ups' after them), whether it
/// had anything to draw, and each roll-up's summary.
type Rows = (Vec<Estimate>, Vec<bool>, Vec<Option<Summary>>);

/// The targets' rows before their draws, with room for `rollups` more: the
/// rows of the run are made in place, never copied.
fn blanks(targets: &[Target], rollups: usize) -> Vec<Estimate> {
    let mut rows = Vec::with_capacity(targets.len() + rollups);
    rows.extend(targets.iter().map(blank));
    rows
}

/// A unit's rows and the sums of its block (when its targets roll up).
type UnitResult = (Vec<(Estimate, bool)>, Option<Vec<u64>>);

/// Targets of one roll-up drawn together in one task, at most.
const UNIT: usize = 256;

/// Every target's draws fit in one block (samples ≤ CHUNK): targets are
/// drawn in parallel, a region's members in units of consecutive targets
/// whose block sums are added in unit order; a region's sums are summarised
/// when its last unit is in, then added into its other roll-ups (`all`).
/// Only the sums of the regions in progress are held, never all of them.
fn one_block(
    targets: &[Target],
    feeds: &[Vec<usize>],
    n_groups: usize,
    s: &Settings,
    done: &dyn Fn(usize),
) -> Rows {
    let n = s.samples;
    // units: consecutive targets (in region order) of one region, or of none
    let mut by_region: Vec<usize> = (0..targets.len()).collect();
    by_region.sort_by_key(|&i| (feeds[i].first().copied().unwrap_or(usize::MAX), i));
    let mut units: Vec<&[usize]> = Vec::new();
    for run in by_region.chunk_by(|&a, &b| feeds[a].first() == feeds[b].first()) {
        units.extend(run.chunks(UNIT));
    }
    let mut units_left = vec![0usize; n_groups];
    for u in &units {
        if let Some(&g) = feeds[u[0]].first() {
            units_left[g] += 1;
        }
    }
    let mut rows = blanks(targets, n_groups);
    let mut drawn = vec![false; targets.len()];
    let mut open: HashMap<usize, Vec<u64>> = HashMap::new();
    let mut sums: Vec<Option<Vec<u64>>> = vec![None; n_groups];
    let mut summaries: Vec<Option<Summary>> = vec![None; n_groups];
    let readings = Readings::default();
    // units per batch: their block sums in flight stay within 2^19 draws (4 MB)
    let batch = ((1usize << 19) / n.max(1)).clamp(1, 256);
    for chunk in units.chunks(batch) {
        let results: Vec<UnitResult> = chunk
            .par_iter()
            .map(|u| {
                let rollup = !feeds[u[0]].is_empty();
                let mut sum = rollup.then(|| vec![0u64; n]);
                let mut buf = vec![0u32; n];
                let rows = u
                    .iter()
                    .map(|&i| {
                        let t = &targets[i];
                        let mut est = blank(t);
                        match plan(t, s, &readings, FLAT_MAX) {
                            Err(e) => {
                                est.note = e;
                                (est, false)
                            }
                            Ok(p) => {
                                fill_chunk(&p.draw, p.key, s.seed, 0, &mut buf);
                                if s.histograms && p.hi - p.lo < summary::MAX_BINS {
                                    let mut tally = Tally::new(p.lo, p.hi, summary::MAX_BINS);
                                    tally.add_all(&buf);
                                    if let Some((lo, h)) = tally.histogram() {
                                        est.summary = Summary::from_counts(lo, h);
                                        est.histogram = Some((lo, h.to_vec()));
                                    }
                                } else {
                                    est.summary = summary::summarise(&buf);
                                }
                                if let Some(sum) = &mut sum {
                                    sum.iter_mut().zip(&buf).for_each(|(a, &b)| *a += b as u64);
                                }
                                (est, true)
                            }
                        }
                    })
                    .collect();
                (rows, sum)
            })
            .collect();
        for (u, (unit_rows, sum)) in chunk.iter().zip(results) {
            for (&i, (est, d)) in u.iter().zip(unit_rows) {
                rows[i] = est;
                drawn[i] = d;
            }
            let Some(&g) = feeds[u[0]].first() else {
                continue;
            };
            if let Some(sum) = sum {
                match open.get_mut(&g) {
                    Some(acc) => acc.iter_mut().zip(&sum).for_each(|(a, b)| *a += b),
                    None => {
                        open.insert(g, sum);
                    }
                }
            }
            units_left[g] -= 1;
            if units_left[g] == 0 {
                let Some(region) = open.remove(&g) else {
                    continue;
                };
                summaries[g] = summary::summarise(&region);
                for &other in &feeds[u[0]][1..] {
                    match &mut sums[other] {
                        Some(acc) => acc.iter_mut().zip(&region).for_each(|(a, b)| *a += b),
                        None => sums[other] = Some(region.clone()),
                    }
                }
            }
        }
        done(chunk.iter().map(|u| u.len()).sum::<usize>() * n);
    }
    for (g, sum) in sums.iter().enumerate() {
        if let Some(sum) = sum {
            summaries[g] = summary::summarise(sum);
        }
    }
    (rows, drawn, summaries)
}

/// Pairs of all the flat tables held at once when every target's plan is
/// held (16 bytes each).
const FLAT_BUDGET: usize = 1 << 22;

/// Chunks per worker in one round, between progress reports.
const ROUND: usize = 8;

/// One worker's share of a pass over the blocks: a tally per target and
/// per roll-up, and the sums of one block per roll-up.
struct Worker<T> {
    targets: Vec<Option<T>>,
    groups: Vec<Option<T>>,
    buf: Vec<u32>,
    sums: Vec<Vec<u64>>,
}

/// Draws processed at a time within a chunk (the chunk's streams carried
/// from piece to piece): a piece's draws and sums stay in the core's cache.
const PIECE: usize = 4096;

/// Draws of chunk `k` of every target, piece by piece: each target's fed
/// to `on_target`, summed into its roll-ups, whose sums are then fed to
/// `on_group`.
fn chunk_pass<T>(
    plans: &[Option<Plan>],
    feeds: &[Vec<usize>],
    s: &Settings,
    k: usize,
    w: &mut Worker<T>,
    on_target: impl Fn(&mut T, &[u32]),
    on_group: impl Fn(&mut T, &[u64]),
) {
    let len = CHUNK.min(s.samples - k * CHUNK);
    let mut rngs: Vec<_> = plans
        .iter()
        .map(|p| p.as_ref().map(|p| stream(s.seed, p.key, k as u64)))
        .collect();
    for start in (0..len).step_by(PIECE) {
        let m = PIECE.min(len - start);
        for sum in w.sums.iter_mut() {
            sum[..m].fill(0);
        }
        for (i, (p, rng)) in plans.iter().zip(rngs.iter_mut()).enumerate() {
            let (Some(p), Some(rng)) = (p, rng) else {
                continue;
            };
            let buf = &mut w.buf[..m];
            fill(&p.draw, rng, buf);
            if let Some(t) = &mut w.targets[i] {
                on_target(t, buf);
            }
            for &g in &feeds[i] {
                w.sums[g][..m]
                    .iter_mut()
                    .zip(buf.iter())
                    .for_each(|(a, &b)| *a += b as u64);
            }
        }
        for (g, t) in w.groups.iter_mut().enumerate() {
            if let Some(t) = t {
                on_group(t, &w.sums[g][..m]);
            }
        }
    }
}

/// Many draws per target (samples > CHUNK): every worker makes chunk after
/// chunk of all targets, counts them into its own tallies, and the tallies
/// (integer counts) are added at the end. Ranges too wide to count value by
/// value are searched by passes over the same chunks again.
fn blocks(
    targets: &[Target],
    feeds: &[Vec<usize>],
    n_groups: usize,
    s: &Settings,
    done: &dyn Fn(usize),
) -> Rows {
    let readings = Readings::default();
    // every plan is held while drawing: flat tables share a budget, split
    // evenly (so that the choice depends on nothing but the case)
    let flat_max = (FLAT_BUDGET / targets.len().max(1)).min(FLAT_MAX);
    let plans: Vec<Result<Plan, String>> = targets
        .par_iter()
        .map(|t| plan(t, s, &readings, flat_max))
        .collect();
    drop(readings);
    let mut rows = blanks(targets, n_groups);
    for (est, p) in rows.iter_mut().zip(&plans) {
        if let Err(e) = p {
            est.note = e.clone();
        }
    }
    let drawn: Vec<bool> = plans.iter().map(Result::is_ok).collect();
    let plans: Vec<Option<Plan>> = plans.into_iter().map(Result::ok).collect();
    // roll-ups with the same drawn members (a region that is its whole
    // case: `all` = `region:…`) are summed and counted once
    let mut members: Vec<Vec<usize>> = vec![vec![]; n_groups];
    for (i, (p, f)) in plans.iter().zip(feeds).enumerate() {
        if p.is_some() {
            f.iter().for_each(|&g| members[g].push(i));
        }
    }
    let mut first: HashMap<&[usize], usize> = HashMap::new();
    let canon: Vec<usize> = (0..n_groups)
        .map(|g| *first.entry(members[g].as_slice()).or_insert(g))
        .collect();
    let feeds: Vec<Vec<usize>> = feeds
        .iter()
        .map(|f| {
            let mut c: Vec<usize> = f.iter().map(|&g| canon[g]).collect();
            c.sort_unstable();
            c.dedup();
            c
        })
        .collect();
    let feeds = feeds.as_slice();
    // a roll-up's sums lie between the sums of its drawn members' bounds
    let mut bounds: Vec<Option<(u64, u64)>> = vec![None; n_groups];
    for (p, f) in plans.iter().zip(feeds) {
        let Some(p) = p else { continue };
        for &g in f {
            let (lo, hi) = bounds[g].unwrap_or((0, 0));
            bounds[g] = Some((lo + p.lo, hi + p.hi));
        }
    }
    let new_tally = |lo: u64, hi: u64| Tally::new(lo, hi, summary::MAX_BINS);
    let threads = rayon::current_num_threads().max(1);
    let mut workers: Vec<Worker<Tally>> = (0..threads)
        .map(|_| Worker {
            targets: plans
                .iter()
                .map(|p| p.as_ref().map(|p| new_tally(p.lo, p.hi)))
                .collect(),
            groups: bounds
                .iter()
                .map(|b| b.map(|(l, h)| new_tally(l, h)))
                .collect(),
            buf: vec![0u32; PIECE],
            sums: vec![vec![0u64; PIECE]; n_groups],
        })
        .collect();
    let chunks = s.samples.div_ceil(CHUNK);
    let mut next = 0;
    while next < chunks {
        let end = (next + threads * ROUND).min(chunks);
        workers.par_iter_mut().enumerate().for_each(|(w, worker)| {
            for k in (next + w..end).step_by(threads) {
                chunk_pass(
                    &plans,
                    feeds,
                    s,
                    k,
                    worker,
                    |t, v| t.add_all(v),
                    |t, v| t.add_all(v),
                );
            }
        });
        done(targets.len() * (CHUNK * end).min(s.samples) - targets.len() * CHUNK * next);
        next = end;
    }
    // add the workers' counts
    let mut all = workers.swap_remove(0);
    for w in &workers {
        for (a, b) in all.targets.iter_mut().zip(&w.targets) {
            if let (Some(a), Some(b)) = (a, b) {
                a.merge(b);
            }
        }
        for (a, b) in all.groups.iter_mut().zip(&w.groups) {
            if let (Some(a), Some(b)) = (a, b) {
                a.merge(b);
            }
        }
    }
    let outcome = |t: &Option<Tally>| t.as_ref().map(Tally::outcome);
    let mut t_out: Vec<Option<Outcome>> = all.targets.iter().map(outcome).collect();
    let mut g_out: Vec<Option<Outcome>> = all.groups.iter().map(outcome).collect();
    for (est, (t, o)) in rows.iter_mut().zip(all.targets.iter().zip(&t_out)) {
        if let (Some(t), Some(Outcome::Done(_))) = (t, o)
            && s.histograms
        {
            est.histogram = t.histogram().map(|(lo, h)| (lo, h.to_vec()));
        }
    }
    drop(all);
    search(&plans, feeds, s, threads, &mut t_out, &mut g_out);
    let summary_of = |o: Option<Outcome>| match o {
        Some(Outcome::Done(s)) => s,
        Some(Outcome::Search(s)) => s.summary(),
        None => None,
    };
    for (est, o) in rows.iter_mut().zip(t_out) {
        est.summary = summary_of(o);
    }
    let sums: Vec<Option<Summary>> = g_out.into_iter().map(summary_of).collect();
    (
        rows,
        drawn,
        canon.iter().map(|&c| sums[c].clone()).collect(),
    )
}

/// Finds the quantiles of the tallies whose range was too wide to count
/// value by value, pass after pass over the same chunks.
fn search(
    plans: &[Option<Plan>],
    feeds: &[Vec<usize>],
    s: &Settings,
    threads: usize,
    t_out: &mut [Option<Outcome>],
    g_out: &mut [Option<Outcome>],
) {
    let open = |o: &Option<Outcome>| match o {
        Some(Outcome::Search(x)) if !x.is_done() => Some((**x).clone()),
        _ => None,
    };
    loop {
        let targets: Vec<Option<Search>> = t_out.iter().map(open).collect();
        let groups: Vec<Option<Search>> = g_out.iter().map(open).collect();
        if targets.iter().chain(&groups).all(Option::is_none) {
            return;
        }
        let chunks = s.samples.div_ceil(CHUNK);
        let workers: Vec<Worker<Search>> = (0..threads)
            .into_par_iter()
            .map(|w| {
                let mut worker = Worker {
                    targets: targets.clone(),
                    groups: groups.clone(),
                    buf: vec![0u32; PIECE],
                    sums: vec![vec![0u64; PIECE]; groups.len()],
                };
                for k in (w..chunks).step_by(threads) {
                    chunk_pass(
                        plans,
                        feeds,
                        s,
                        k,
                        &mut worker,
                        |t, v| t.add_all(v),
                        |t, v| t.add_all(v),
                    );
                }
                worker
            })
            .collect();
        let merge = |out: &mut [Option<Outcome>],
                     pick: &dyn Fn(&Worker<Search>) -> &[Option<Search>]| {
            for (i, o) in out.iter_mut().enumerate() {
                let Some(Outcome::Search(x)) = o else {
                    continue;
                };
                if x.is_done() {
                    continue;
                }
                let mut acc: Option<Search> = None;
                for w in &workers {
                    if let Some(part) = &pick(w)[i] {
                        match &mut acc {
                            Some(a) => a.merge(part),
                            None => acc = Some(part.clone()),
                        }
                    }
                }
                if let Some(mut a) = acc {
                    a.step();
                    **x = a;
                }
            }
        };
        merge(t_out, &|w| &w.targets);
        merge(g_out, &|w| &w.groups);
    }
}
