//! `report.html`: one self-contained page (inline CSS, JavaScript and SVG;
//! nothing loaded from the network) where a reader moves a source's trust
//! and sees every range recomputed **exactly**.
//!
//! tollrange computes each reading's mass function on the integer grid (as
//! read, and revised when the run has a revision model) and embeds them as
//! one JSON blob. The page recombines them with the same formulas as
//! `engine::exact` (a trust-weighted mixture for `pool`, the tempered
//! product with the 1/t prior on 0..=M for `fusion`), in the same order of
//! floating-point operations, so at the run's weights it shows the numbers
//! of `Model::exact`. [`recombine`] is that algorithm in Rust, line for line
//! with `templates/report.js`: the tests check it against `Model::exact`
//! (every mass within 1e-12, the same quantiles). The only difference is the
//! storage of long stretches of equal masses (see [`Encoded`]: values within
//! 1e-15 are stored once), which keeps the seed case's page near 460 kB.
//!
//! The HTML comes from a template (`templates/report.html`) rendered with
//! **minijinja**: the template is plain Jinja read at run time from a string
//! compiled into the binary, so it adds no procedural macro and no build
//! step (askama would generate Rust code for the template at compile time,
//! which costs build time on every change of the page), it escapes HTML
//! automatically for `.html` templates, and a template error names its line.

use crate::case::Case;
use crate::claim::{ReadClaim, Target};
use crate::engine::dist::{Dist, Tail};
use crate::engine::exact::Pmf;
use crate::engine::revision::RevisionModel;
use crate::engine::{ALL_TRUST_ZERO, Estimate, Method, Model};
use crate::summary::Summary;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The template, its script and its style, compiled into the binary.
const TEMPLATE: &str = include_str!("../../templates/report.html");
const SCRIPT: &str = include_str!("../../templates/report.js");
const STYLE: &str = include_str!("../../templates/report.css");

/// Largest fusion grid (as `dist::MAX_SPAN`; the page refuses the same).
const MAX_SPAN: u64 = crate::engine::dist::MAX_SPAN;

/// The one place the report turns a target into distributions: when the
/// revision model's signature changes, only this call changes.
pub fn model(target: &Target, tail: Tail, revision: &RevisionModel) -> Result<Model, String> {
    Model::of(target, tail, revision)
}

/// The stance of a claim (own, enemy, mixed, other; empty when not given),
/// shown beside it.
fn stance(c: &ReadClaim) -> String {
    c.claim.stance.map(|s| s.to_string()).unwrap_or_default()
}

/// Everything the page needs, serialised once into the page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Data {
    pub case: String,
    /// The run's method: the one the charts and sentences start with.
    pub method: String,
    /// The run's revision model (its file, `none` or `MU,SIGMA`).
    pub revision: String,
    pub sources: Vec<SourceData>,
    pub claims: Vec<ClaimData>,
    pub targets: Vec<TargetData>,
    /// Mass functions shared by readings (identical ones are stored once).
    pub pmfs: Vec<Encoded>,
    /// Region and case roll-ups at the run's weights (Monte Carlo, not
    /// recomputed in the page).
    pub rollups: Vec<Row>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceData {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// Trust in this run.
    pub trust: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimData {
    pub id: String,
    pub source: String,
    pub figure: String,
    /// How the figure was read, and the interval.
    pub reading: String,
    pub interval: String,
    pub quote: String,
    pub outlet: String,
    pub document: String,
    pub stance: String,
    /// The claim this one repeats (counted once, through that claim).
    pub echo_of: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TargetData {
    pub event: String,
    pub event_name: String,
    pub category: String,
    pub claims: usize,
    pub voices: Vec<VoiceData>,
    /// Why the target has no distributions (empty when it has).
    pub error: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct VoiceData {
    pub source: String,
    pub readings: Vec<ReadingData>,
}

/// One distinct reading: its claims (the first, then its echoes) and its
/// mass function revised and as read, with the upper bound as read (which
/// sets fusion's grid).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReadingData {
    pub claims: Vec<usize>,
    pub low: u64,
    /// None: open above.
    pub high: Option<u64>,
    pub revised: usize,
    pub revised_read_high: u64,
    pub literal: usize,
    pub literal_read_high: u64,
}

/// A mass function on lo..: `d` lists the values, a negative entry −k
/// meaning "the previous value k more times". Revised readings are
/// piecewise constant over long stretches (their CDF is interpolated
/// linearly between geometric nodes, `dist::revised_pmf`), up to rounding
/// in the last bits: values within [`SAME`] of a stretch's first value
/// are stored once, as the stretch's mean, which keeps its total mass.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Encoded {
    pub lo: u64,
    pub d: Vec<f64>,
}

/// Two masses closer than this (absolute, plus 1e-12 relative) are the same
/// value: a few units of rounding of a CDF near 1 (2.2e-16 apart).
pub const SAME: f64 = 1e-15;

impl Encoded {
    pub fn encode(lo: u64, p: &[f64]) -> Encoded {
        let mut d = Vec::new();
        let mut i = 0;
        while i < p.len() {
            let x = p[i];
            let tol = SAME + 1e-12 * x;
            let mut k = 1;
            while i + k < p.len() && (p[i + k] - x).abs() <= tol {
                k += 1;
            }
            let run = &p[i..i + k];
            if run.iter().all(|y| y.to_bits() == x.to_bits()) {
                d.push(x);
            } else {
                d.push(run.iter().sum::<f64>() / k as f64);
            }
            if k > 1 {
                d.push(-((k - 1) as f64));
            }
            i += k;
        }
        Encoded { lo, d }
    }

    pub fn decode(&self) -> Vec<f64> {
        let mut out = Vec::new();
        let mut last = 0.0;
        for &x in &self.d {
            if x < 0.0 {
                out.extend(std::iter::repeat_n(last, (-x) as usize));
            } else {
                out.push(x);
                last = x;
            }
        }
        out
    }
}

/// One row of the page's summary table (the columns of summary.csv).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Row {
    pub event: String,
    pub category: String,
    pub method: String,
    pub claims: usize,
    pub sources: usize,
    pub samples: u64,
    pub mean: String,
    pub sd: String,
    /// p05, p25, p50, p75, p95 (None: nothing to weigh).
    pub q: Option<[u64; 5]>,
    pub revision: String,
    pub note: String,
}

impl Row {
    fn of(e: &Estimate, method: Method, revision: &str, note: &str) -> Row {
        let s = e.summary.as_ref();
        Row {
            event: e.event.to_string(),
            category: e.category.to_string(),
            method: method.to_string(),
            claims: e.claims,
            sources: e.sources,
            samples: s.map(|s| s.samples).unwrap_or(0),
            mean: s.map(|s| format!("{:.2}", s.mean)).unwrap_or_default(),
            sd: s.map(|s| format!("{:.2}", s.sd)).unwrap_or_default(),
            q: s.map(|s| s.q),
            revision: revision.to_string(),
            note: [e.note.as_str(), note]
                .iter()
                .filter(|n| !n.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// Note on every roll-up row: it is not recomputed when trust moves.
pub const ROLLUP_NOTE: &str = "at the run's trust (Monte Carlo); not recomputed in the page";

/// The run's settings the report needs.
#[derive(Debug, Clone)]
pub struct Setup {
    pub method: Method,
    pub tail: Tail,
    /// The run's revision model (the page's switch turns it off).
    pub revision: RevisionModel,
}

/// Identical mass functions stored once.
#[derive(Default)]
struct Table {
    pmfs: Vec<Encoded>,
    index: HashMap<(u64, Vec<u64>), usize>,
}

impl Table {
    fn add(&mut self, d: &Dist) -> usize {
        let (lo, p) = d.pmf();
        let key = (lo, p.iter().map(|x| x.to_bits()).collect());
        let n = self.pmfs.len();
        *self.index.entry(key).or_insert_with(|| {
            self.pmfs.push(Encoded::encode(lo, &p));
            n
        })
    }
}

/// Gathers the page's data. `rollups`: the roll-up rows of the run for
/// each method (from `engine::estimate`).
pub fn data(
    case: &Case,
    claims: &[ReadClaim],
    targets: &[Target],
    setup: Setup,
    rollups: &[(Method, Vec<Estimate>)],
) -> Data {
    let mut table = Table::default();
    let revision = setup.revision.label.clone();
    let mut echo_of: Vec<Option<String>> = vec![None; claims.len()];
    for r in targets
        .iter()
        .flat_map(|t| &t.voices)
        .flat_map(|v| &v.readings)
    {
        for &e in &r.claims[1..] {
            echo_of[e] = Some(claims[r.claims[0]].claim.id.to_string());
        }
    }
    let targets = targets
        .iter()
        .map(|t| {
            let event_name = case
                .events
                .iter()
                .find(|e| e.id == t.event)
                .map(|e| e.name.to_string())
                .unwrap_or_else(|| t.event.to_string());
            let mut out = TargetData {
                event: t.event.to_string(),
                event_name,
                category: t.category.to_string(),
                claims: t.claim_count(),
                voices: vec![],
                error: String::new(),
            };
            let models = model(t, setup.tail, &setup.revision)
                .and_then(|r| model(t, setup.tail, &RevisionModel::literal()).map(|l| (r, l)));
            let (revised, literal) = match models {
                Ok(m) => m,
                Err(e) => {
                    out.error = e;
                    return out;
                }
            };
            // Model::of keeps the target's voices and readings in order
            for ((v, (_, rd)), (_, ld)) in t.voices.iter().zip(&revised.voices).zip(&literal.voices)
            {
                let readings = v
                    .readings
                    .iter()
                    .zip(rd.iter().zip(ld))
                    .map(|(r, (rd, ld))| ReadingData {
                        claims: r.claims.to_vec(),
                        low: r.interval.low,
                        high: r.interval.high,
                        revised: table.add(rd),
                        revised_read_high: rd.read_high(),
                        literal: table.add(ld),
                        literal_read_high: ld.read_high(),
                    })
                    .collect();
                out.voices.push(VoiceData {
                    source: v.source.to_string(),
                    readings,
                });
            }
            out
        })
        .collect();
    let claims = claims
        .iter()
        .zip(echo_of)
        .map(|(c, echo_of)| ClaimData {
            id: c.claim.id.to_string(),
            source: c.claim.source.to_string(),
            figure: c.claim.figure.to_string(),
            reading: c.how.to_string(),
            interval: c.interval.to_string(),
            quote: c.claim.quote.to_string(),
            outlet: c.claim.outlet.to_string(),
            document: c.claim.document.to_string(),
            stance: stance(c),
            echo_of,
        })
        .collect();
    let sources = case
        .sources
        .iter()
        .map(|s| SourceData {
            id: s.id.clone(),
            name: s.name.clone(),
            kind: s.kind.to_string(),
            trust: s.trust,
        })
        .collect();
    let mut rows = vec![];
    for (method, estimates) in rollups {
        rows.extend(
            estimates
                .iter()
                .filter(|e| e.event == "all" || e.event.starts_with("region:"))
                .map(|e| Row::of(e, *method, &revision, ROLLUP_NOTE)),
        );
    }
    // per roll-up: pool then fusion, as the targets' rows
    let order: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.event.clone(), r.category.clone()))
        .fold(vec![], |mut acc, k| {
            if !acc.contains(&k) {
                acc.push(k);
            }
            acc
        });
    rows.sort_by_key(|r| {
        order
            .iter()
            .position(|k| (&k.0, &k.1) == (&r.event, &r.category))
    });
    Data {
        case: case.name.clone(),
        method: setup.method.to_string(),
        revision,
        sources,
        claims,
        targets,
        pmfs: table.pmfs,
        rollups: rows,
    }
}

/// The page's algorithm, in Rust: target `i`'s distribution under `method`
/// with trust `weights` (by source id; sources not listed keep the run's
/// trust), from the embedded mass functions, revised or as read.
pub fn recombine(
    data: &Data,
    i: usize,
    method: Method,
    weights: &BTreeMap<String, f64>,
    revised: bool,
) -> Result<Pmf, String> {
    let t = &data.targets[i];
    if !t.error.is_empty() {
        return Err(t.error.clone());
    }
    let trust = |s: &str| {
        weights.get(s).copied().unwrap_or_else(|| {
            data.sources
                .iter()
                .find(|x| x.id == s)
                .map(|x| x.trust)
                .unwrap_or(0.0)
        })
    };
    let pmf = |r: &ReadingData| {
        let e = &data.pmfs[if revised { r.revised } else { r.literal }];
        (e.lo, e.decode())
    };
    let total: f64 = t.voices.iter().map(|v| trust(&v.source)).sum();
    if !(total > 0.0) {
        return Err(ALL_TRUST_ZERO.into());
    }
    match method {
        Method::Pool => {
            let mut comps = vec![];
            for v in &t.voices {
                let w = trust(&v.source) / total / v.readings.len() as f64;
                if w > 0.0 {
                    comps.extend(v.readings.iter().map(|r| (w, pmf(r))));
                }
            }
            let lo = comps.iter().map(|(_, (l, _))| *l).min().unwrap_or(0);
            let hi = comps
                .iter()
                .map(|(_, (l, p))| l + p.len() as u64 - 1)
                .max()
                .unwrap_or(0);
            let mut p = vec![0.0; (hi - lo + 1) as usize];
            for (w, (dlo, q)) in &comps {
                for (j, x) in q.iter().enumerate() {
                    p[(dlo - lo) as usize + j] += w * x;
                }
            }
            Ok(Pmf { lo, p })
        }
        Method::Fusion => {
            let m = 10
                * t.voices
                    .iter()
                    .flat_map(|v| &v.readings)
                    .map(|r| {
                        if revised {
                            r.revised_read_high
                        } else {
                            r.literal_read_high
                        }
                    })
                    .max()
                    .unwrap_or(0);
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
            for v in &t.voices {
                let r = trust(&v.source);
                q.iter_mut().for_each(|x| *x = 0.0);
                for reading in &v.readings {
                    let (lo, pm) = pmf(reading);
                    for (j, x) in pm.iter().enumerate().take(n.saturating_sub(lo as usize)) {
                        q[lo as usize + j] += x / v.readings.len() as f64;
                    }
                }
                let mut max = 0.0f64;
                for t in 0..n {
                    post[t] *= r * q[t] / prior[t] + (1.0 - r);
                    max = max.max(post[t]);
                }
                if !(max > 0.0) {
                    return Err("the claims contradict each other: sources held with trust 1 leave no count possible; lower a trust below 1".into());
                }
                post.iter_mut().for_each(|x| *x /= max);
            }
            let total: f64 = post.iter().sum();
            Ok(Pmf {
                lo: 0,
                p: post.iter().map(|x| x / total).collect(),
            })
        }
    }
}

/// The summary rows at the run's trust: each target under pool and fusion
/// (exact), then the roll-ups. The page recomputes the targets' rows.
pub fn rows(data: &Data) -> Vec<Row> {
    let mut out = vec![];
    for (i, t) in data.targets.iter().enumerate() {
        for method in [Method::Pool, Method::Fusion] {
            let sources = t.voices.len();
            let (s, note) = match recombine(data, i, method, &BTreeMap::new(), true) {
                Ok(p) => (Some(Summary::from_pmf(p.lo, &p.p)), String::new()),
                Err(e) => (None, e),
            };
            out.push(Row {
                event: t.event.to_string(),
                category: t.category.to_string(),
                method: method.to_string(),
                claims: t.claims,
                sources,
                samples: 0,
                mean: s
                    .as_ref()
                    .map(|s| format!("{:.2}", s.mean))
                    .unwrap_or_default(),
                sd: s
                    .as_ref()
                    .map(|s| format!("{:.2}", s.sd))
                    .unwrap_or_default(),
                q: s.map(|s| s.q),
                revision: data.revision.clone(),
                note,
            });
        }
    }
    out.extend(data.rollups.iter().cloned());
    out
}

/// The page, as bytes: the same inputs always give the same bytes.
pub fn render(data: &Data) -> Result<Vec<u8>, String> {
    let json = serde_json::to_string(data).map_err(|e| format!("report data: {e}"))?;
    // inside <script>: no "</script>" or "<!--" can appear once every '<' is
    // escaped (JSON allows \u003c in strings, the only place '<' can be)
    let json = json.replace('<', "\\u003c");
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| format!("report template: {e}"))?;
    let tpl = env
        .get_template("report.html")
        .map_err(|e| format!("report template: {e}"))?;
    let claims_of = |t: &TargetData| -> Vec<minijinja::Value> {
        t.voices
            .iter()
            .flat_map(|v| &v.readings)
            .flat_map(|r| &r.claims)
            .map(|&c| {
                let c = &data.claims[c];
                let name = data
                    .sources
                    .iter()
                    .find(|s| s.id == c.source)
                    .map(|s| s.name.as_str())
                    .unwrap_or("");
                minijinja::context! { claim => c, source_name => name }
            })
            .collect()
    };
    let targets: Vec<minijinja::Value> = data
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| minijinja::context! { i => i, t => t, claims => claims_of(t) })
        .collect();
    let used: Vec<&SourceData> = data
        .sources
        .iter()
        .filter(|s| {
            data.targets
                .iter()
                .any(|t| t.voices.iter().any(|v| v.source == s.id))
        })
        .collect();
    let html = tpl
        .render(minijinja::context! {
            data => data,
            sources => used,
            targets => targets,
            rows => rows(data),
            header => crate::export::csv::SUMMARY_HEADER,
            json => minijinja::Value::from_safe_string(json),
            script => minijinja::Value::from_safe_string(SCRIPT.to_string()),
            style => minijinja::Value::from_safe_string(STYLE.to_string()),
            version => env!("CARGO_PKG_VERSION"),
        })
        .map_err(|e| format!("report template: {e}"))?;
    Ok(html.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_exactly() {
        let p = [0.1, 0.1, 0.1, 0.2, 0.0, 0.0, 0.3, 0.3];
        let e = Encoded::encode(5, &p);
        assert_eq!(e.d, vec![0.1, -2.0, 0.2, 0.0, -1.0, 0.3, -1.0]);
        assert_eq!(e.decode(), p);
        assert_eq!(Encoded::encode(0, &[]).decode(), Vec::<f64>::new());
    }
}
