//! Are the ranges honest? Scoring settings against tolls established later.
//!
//! For each setting (a revision model (μ, σ), or `none`) every incident's
//! `killed` target is computed on the exact grid (no sampling noise) and
//! scored against its later toll:
//! - coverage: does the 50 % (p25–p75) and the 90 % (p05–p95) range
//!   contain the later toll?
//! - the median's error |ln(p50 / final)|;
//! - CRPS on the log scale, Σ_k (F(k) − 1{k ≥ y})² · ln((k+2)/(k+1)): the
//!   continuous ranked probability score of ln(1+T), a proper score that
//!   weighs a miss by ratio, not by count, so one large incident does not
//!   drown the others.
//!
//! A truth whose note starts with "at least" is a *floor*: the real toll is
//! that or more. A range covers a floor when its upper end reaches it; the
//! median's error counts only when the median is below the floor; the CRPS
//! counts only the mass the estimate puts below the floor.
//!
//! `fit` learns the revision per voice from the same incidents, and scores
//! it leave-one-incident-out.
//!
//! The chosen setting (of a grid of single factors): the lowest mean CRPS among the settings whose 90 %
//! range covers a share of the incidents consistent with 90 %: at least
//! ⌈0.9·n − √(0.09·n)⌉ of n, one binomial standard deviation below 90 %
//! (12 of 14) — so that sampling luck in a small set does not push the
//! choice to needlessly wide ranges. All settings compete if none does.

use crate::case::Case;
use crate::claim::{ReadClaim, Target};
use crate::engine::dist::Tail;
use crate::engine::revision::RevisionModel;
use crate::engine::{Method, Model};
use crate::problem::{Problem, Problems};
use crate::summary::quantile_pmf;
use crate::table::{Schema, Table};
use rayon::prelude::*;

pub mod fit;

pub const TRUTH: Schema = Schema {
    required: &["event", "final"],
    optional: &["final_low", "final_high", "source", "date", "note"],
};

/// A toll established later.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    pub event: String,
    pub final_toll: u64,
    /// "at least": the toll is this or more.
    pub floor: bool,
}

/// Reads truth rows, checking each names a known event once.
pub fn read_truth(t: &Table, case: &Case) -> Result<Vec<Truth>, Problems> {
    let mut problems = Problems::default();
    let mut out: Vec<Truth> = Vec::new();
    for row in &t.rows {
        let event = t.get(row, "event");
        if case.event(event).is_none() {
            problems.push(t.problem(
                row,
                format!(
                    "unknown event '{event}'{}",
                    crate::table::did_you_mean(event, case.events.iter().map(|e| e.id.as_str()))
                ),
            ));
            continue;
        }
        if out.iter().any(|x| x.event == event) {
            problems.push(t.problem(row, format!("event '{event}' has two truths")));
            continue;
        }
        let final_toll = match crate::case::parse_count(t.get(row, "final"), "final") {
            Ok(v) => v,
            Err(m) => {
                problems.push(t.problem(row, format!("event '{event}': {m}")));
                continue;
            }
        };
        let note = t.get(row, "note").trim_start_matches(['\'', '"', ' ']);
        let floor = note.to_lowercase().starts_with("at least");
        out.push(Truth {
            event: event.to_string(),
            final_toll,
            floor,
        });
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem::file(&t.file, "no truths"));
    }
    problems.into_result(out)
}

/// One incident under one setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub event: String,
    pub final_toll: u64,
    pub floor: bool,
    pub q: [u64; 5],
    pub in50: bool,
    pub in90: bool,
    pub abs_log_error: f64,
    pub crps: f64,
    /// Interval score of the 90 % range on ln(1 + x) (Gneiting & Raftery
    /// 2007): its width plus 20 × how far the toll falls outside it.
    pub interval_score: f64,
    /// P(T ≤ final) and P(T < final): the randomised PIT lies between.
    pub pit: (f64, f64),
    /// Coverage of the central ranges at levels 10 %, 20 %, …, 90 %.
    pub central: [bool; 9],
}

/// A setting's scores over all incidents.
#[derive(Debug, Clone)]
pub struct Setting {
    pub revision: RevisionModel,
    pub scores: Vec<Score>,
}

impl Setting {
    pub fn label(&self) -> String {
        self.revision.label.clone()
    }
    pub fn covered50(&self) -> usize {
        self.scores.iter().filter(|s| s.in50).count()
    }
    pub fn covered90(&self) -> usize {
        self.scores.iter().filter(|s| s.in90).count()
    }
    pub fn median_abs_log_error(&self) -> f64 {
        median(self.scores.iter().map(|s| s.abs_log_error).collect())
    }
    pub fn mean_crps(&self) -> f64 {
        self.scores.iter().map(|s| s.crps).sum::<f64>() / self.scores.len() as f64
    }
}

pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The interval score of the central 90 % range [a, b] on ln(1 + x): width
/// plus (2/α)·the distance to the toll when it falls outside (α = 0.1). A
/// floor is only penalised when the range ends below it.
pub fn interval_score(a: u64, b: u64, truth: &Truth) -> f64 {
    let l = |x: u64| (x as f64).ln_1p();
    let (a, b, y) = (l(a), l(b), l(truth.final_toll));
    let mut s = b - a;
    if y < a && !truth.floor {
        s += 20.0 * (a - y);
    }
    if y > b {
        s += 20.0 * (y - b);
    }
    s
}

pub fn score(lo: u64, p: &[f64], truth: &Truth) -> Score {
    let y = truth.final_toll;
    let q = [0.05, 0.25, 0.5, 0.75, 0.95].map(|x| quantile_pmf(lo, p, x));
    let within = |a: u64, b: u64| {
        if truth.floor {
            b >= y
        } else {
            a <= y && y <= b
        }
    };
    let p50 = q[2].max(1) as f64;
    let err = (p50 / y.max(1) as f64).ln();
    let abs_log_error = if truth.floor {
        (-err).max(0.0)
    } else {
        err.abs()
    };
    // CRPS of ln(1+T) on the grid, from 0 to past both the support and y
    let hi = (lo + p.len() as u64).max(y + 1);
    let (mut cdf, mut crps) = (0.0f64, 0.0f64);
    let (mut below, mut at_or_below) = (0.0, 0.0);
    for k in 0..hi {
        if k >= lo {
            cdf += p.get((k - lo) as usize).copied().unwrap_or(0.0);
        }
        let step = if k >= y { 1.0 } else { 0.0 };
        if !(truth.floor && k >= y) {
            let w = ((k + 2) as f64 / (k + 1) as f64).ln();
            crps += (cdf.min(1.0) - step).powi(2) * w;
        }
        if k + 1 == y {
            below = cdf;
        }
        if k == y {
            at_or_below = cdf;
        }
    }
    if y >= hi {
        at_or_below = 1.0;
    }
    let central = std::array::from_fn(|i| {
        let level = (i + 1) as f64 / 10.0;
        let a = quantile_pmf(lo, p, (1.0 - level) / 2.0);
        let b = quantile_pmf(lo, p, (1.0 + level) / 2.0);
        within(a, b)
    });
    Score {
        event: truth.event.clone(),
        final_toll: y,
        floor: truth.floor,
        q,
        in50: within(q[1], q[3]),
        in90: within(q[0], q[4]),
        abs_log_error,
        crps,
        interval_score: interval_score(q[0], q[4], truth),
        pit: (below.min(1.0), at_or_below.min(1.0)),
        central,
    }
}

/// The `killed` target of an event (or its only target).
pub fn target_of<'a>(targets: &'a [Target], event: &str) -> Option<&'a Target> {
    let of_event: Vec<&Target> = targets.iter().filter(|t| t.event == event).collect();
    of_event
        .iter()
        .find(|t| t.category == "killed")
        .or(of_event.first())
        .copied()
}

/// Scores one setting over every incident with a truth.
pub fn evaluate(
    targets: &[Target],
    truths: &[Truth],
    method: Method,
    tail: Tail,
    revision: &RevisionModel,
) -> Result<Setting, String> {
    let scores = truths
        .par_iter()
        .map(|truth| {
            let t = target_of(targets, &truth.event)
                .ok_or_else(|| format!("event '{}' has a truth but no claims", truth.event))?;
            let pmf = Model::of(t, tail, revision)
                .and_then(|m| m.exact(method))
                .map_err(|e| format!("{}: {e}", truth.event))?;
            Ok(score(pmf.lo, &pmf.p, truth))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Setting {
        revision: revision.clone(),
        scores,
    })
}

/// How many of n incidents a 90 % range must cover to be eligible.
pub fn required_coverage(n: usize) -> usize {
    let n = n as f64;
    (0.9 * n - (0.09 * n).sqrt() - 1e-9).ceil().max(0.0) as usize
}

/// The index of the chosen setting (see the module doc for the rule).
pub fn choose(settings: &[Setting]) -> usize {
    let n = settings.first().map(|s| s.scores.len()).unwrap_or(0);
    let need = required_coverage(n);
    let eligible: Vec<usize> = (0..settings.len())
        .filter(|&i| settings[i].covered90() >= need)
        .collect();
    let pool: Vec<usize> = if eligible.is_empty() {
        (0..settings.len()).collect()
    } else {
        eligible
    };
    pool.into_iter()
        .min_by(|&a, &b| settings[a].mean_crps().total_cmp(&settings[b].mean_crps()))
        .unwrap_or(0)
}

/// A single-number rule applied to the claims as ACLED would code them.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub name: &'static str,
    pub median_abs_log_error: f64,
    /// A point as a range of width 0: 20 × the log distance to the toll.
    pub mean_interval_score: f64,
    pub values: Vec<(String, u64)>,
}

/// The lowest, median and highest claim of each incident, each claim read
/// as one number with the `acled` lexicon (the conservative coding).
pub fn baselines(acled_claims: &[ReadClaim], truths: &[Truth]) -> Vec<Baseline> {
    type Rule = fn(&[u64]) -> u64;
    let rules: [(&'static str, Rule); 3] = [
        ("lowest claim", |v| v[0]),
        ("median claim", |v| v[(v.len() - 1) / 2]),
        ("highest claim", |v| v[v.len() - 1]),
    ];
    rules
        .iter()
        .map(|(name, rule)| {
            let mut values = Vec::new();
            let mut errors = Vec::new();
            let mut is = Vec::new();
            for t in truths {
                let mut v: Vec<u64> = acled_claims
                    .iter()
                    .filter(|c| c.claim.event == t.event)
                    .map(|c| c.interval.low)
                    .collect();
                if v.is_empty() {
                    continue;
                }
                v.sort_unstable();
                let x = rule(&v);
                let err = (x.max(1) as f64 / t.final_toll.max(1) as f64).ln();
                errors.push(if t.floor { (-err).max(0.0) } else { err.abs() });
                is.push(interval_score(x, x, t));
                values.push((t.event.clone(), x));
            }
            Baseline {
                name,
                median_abs_log_error: median(errors),
                mean_interval_score: is.iter().sum::<f64>() / is.len().max(1) as f64,
                values,
            }
        })
        .collect()
}

/// `calibration.csv`: leave-one-out scores of the fitted model, overall
/// and per voice (each claim alone), then the claims read literally, then
/// the baselines.
pub fn to_csv(
    loo: &fit::LeaveOneOut,
    loo_pooled: &fit::LeaveOneOut,
    others: &[&Setting],
    baselines: &[Baseline],
    method: Method,
) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([
        "row",
        "method",
        "scored",
        "covered50",
        "covered90",
        "median_abs_log_error",
        "mean_interval_score_log",
    ])
    .expect("memory");
    let mut row = |name: String, s: fit::Summary| {
        w.write_record([
            name,
            method.to_string(),
            s.n.to_string(),
            s.in50.to_string(),
            s.in90.to_string(),
            format!("{:.4}", s.median_abs_log_error),
            format!("{:.4}", s.mean_interval_score),
        ])
        .expect("memory");
    };
    row(
        "per voice, leave-one-out: incidents".into(),
        fit::summarise(&loo.pooled),
    );
    for (v, scores) in &loo.by_voice {
        row(
            format!("per voice, leave-one-out: {v} claims alone"),
            fit::summarise(scores),
        );
    }
    row(
        "one fit for all voices, leave-one-out: incidents".into(),
        fit::summarise(&loo_pooled.pooled),
    );
    for o in others {
        let name = if o.revision.is_literal() {
            "none: claims as read".to_string()
        } else {
            format!("one factor {} (in-sample)", o.label())
        };
        row(name, fit::summarise(&o.scores));
    }
    for b in baselines {
        w.write_record([
            format!("baseline: {}", b.name),
            String::new(),
            b.values.len().to_string(),
            String::new(),
            String::new(),
            format!("{:.4}", b.median_abs_log_error),
            format!("{:.4}", b.mean_interval_score),
        ])
        .expect("memory");
    }
    w.into_inner().expect("memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(y: u64, floor: bool) -> Truth {
        Truth {
            event: "e".into(),
            final_toll: y,
            floor,
        }
    }

    #[test]
    fn coverage_and_errors_of_a_uniform_estimate() {
        // uniform on 10..=29: p05 = 10, p25 = 14, p50 = 19, p75 = 24, p95 = 28
        let p = vec![0.05; 20];
        let s = score(10, &p, &truth(26, false));
        assert_eq!(s.q, [10, 14, 19, 24, 28]);
        assert!(!s.in50 && s.in90);
        assert!((s.abs_log_error - (19.0f64 / 26.0).ln().abs()).abs() < 1e-12);
        assert!((s.pit.0 - 0.8).abs() < 1e-12 && (s.pit.1 - 0.85).abs() < 1e-12);
        // a floor at 26 is covered by the 50 % range too? p75 = 24 < 26: no
        let f = score(10, &p, &truth(26, true));
        assert!(!f.in50 && f.in90);
        // a floor below the median costs nothing
        assert_eq!(score(10, &p, &truth(12, true)).abs_log_error, 0.0);
    }

    #[test]
    fn crps_is_zero_for_a_point_on_the_truth_and_grows_with_distance() {
        let at = score(50, &[1.0], &truth(50, false)).crps;
        let near = score(55, &[1.0], &truth(50, false)).crps;
        let far = score(100, &[1.0], &truth(50, false)).crps;
        assert!(at.abs() < 1e-12);
        assert!(near > 0.0 && far > near);
        // log scale: 100 vs 50 costs ln(101/51)
        assert!((far - (101.0f64 / 51.0).ln()).abs() < 1e-9);
        // a floor is not penalised for mass above it
        assert!(score(100, &[1.0], &truth(50, true)).crps.abs() < 1e-12);
    }

    #[test]
    fn choice_prefers_coverage_then_score() {
        let mk = |in90: bool, crps: f64| Setting {
            revision: RevisionModel::literal(),
            scores: vec![Score {
                event: "e".into(),
                final_toll: 1,
                floor: false,
                q: [0; 5],
                in50: false,
                in90,
                abs_log_error: 0.0,
                crps,
                interval_score: 0.0,
                pit: (0.0, 0.0),
                central: [false; 9],
            }],
        };
        assert_eq!(choose(&[mk(false, 0.1), mk(true, 0.5), mk(true, 0.3)]), 2);
        assert_eq!(choose(&[mk(false, 0.4), mk(false, 0.2)]), 1);
    }

    #[test]
    fn required_coverage_allows_one_binomial_sd() {
        assert_eq!(required_coverage(14), 12);
        assert_eq!(required_coverage(100), 87);
        assert_eq!(required_coverage(1), 1);
    }
}
