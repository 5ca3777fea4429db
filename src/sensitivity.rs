//! How far each source's trust moves each estimate.
//!
//! For every target and every source with a claim on it: the source left
//! out, its trust set to 0, and set to 1, the others unchanged. Computed on
//! the exact grid, so it needs no draws and has no sampling noise. (Trust 0
//! and leaving out agree in both methods: a zero-trust source has no pool
//! share and a fusion factor of 1. Both rows are reported, as users ask for
//! both.)

use crate::claim::Target;
use crate::engine::dist::Tail;
use crate::engine::revision::RevisionModel;
use crate::engine::{Method, Model};
use crate::summary::quantile_pmf;
use rayon::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Baseline,
    LeaveOut,
    Trust0,
    Trust1,
}

impl Scenario {
    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Baseline => "baseline",
            Scenario::LeaveOut => "leave_out",
            Scenario::Trust0 => "trust_0",
            Scenario::Trust1 => "trust_1",
        }
    }
}

/// One row of sensitivity.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub event: String,
    pub category: String,
    /// Empty for the baseline.
    pub source: String,
    pub scenario: Scenario,
    /// The source's trust in this scenario (the run's trust for the baseline
    /// row is per source, so it is left empty there; leave_out has none).
    pub trust: Option<f64>,
    /// p05, p50, p95; None when the scenario leaves nothing to weigh.
    pub q: Option<[u64; 3]>,
    pub note: String,
}

fn quantiles(
    t: &Target,
    method: Method,
    tail: Tail,
    revision: &RevisionModel,
) -> (Option<[u64; 3]>, String) {
    match Model::of(t, tail, revision).and_then(|m| m.exact(method)) {
        Ok(p) => (
            Some([0.05, 0.5, 0.95].map(|x| quantile_pmf(p.lo, &p.p, x))),
            String::new(),
        ),
        Err(e) => (None, e),
    }
}

/// Every target × source × scenario, with one baseline row per target.
pub fn analyse(
    targets: &[Target],
    method: Method,
    tail: Tail,
    revision: &RevisionModel,
) -> Vec<Row> {
    targets
        .par_iter()
        .flat_map_iter(|t| {
            let row = |source: &str, scenario, trust, t: &Target| {
                let (q, note) = quantiles(t, method, tail, revision);
                Row {
                    event: t.event.to_string(),
                    category: t.category.to_string(),
                    source: source.to_string(),
                    scenario,
                    trust,
                    q,
                    note,
                }
            };
            let mut rows = vec![row("", Scenario::Baseline, None, t)];
            for (i, v) in t.voices.iter().enumerate() {
                let mut without = t.clone();
                without.voices.remove(i);
                rows.push(row(&v.source, Scenario::LeaveOut, None, &without));
                for (scenario, r) in [(Scenario::Trust0, 0.0), (Scenario::Trust1, 1.0)] {
                    let mut changed = t.clone();
                    changed.voices[i].trust = r;
                    rows.push(row(&v.source, scenario, Some(r), &changed));
                }
            }
            rows
        })
        .collect()
}

/// How far a source swings a target's median: max − min of p50 over its
/// scenarios and the baseline.
pub fn swing(rows: &[Row], event: &str, category: &str, source: &str) -> u64 {
    let base = rows
        .iter()
        .find(|r| r.event == event && r.category == category && r.scenario == Scenario::Baseline)
        .and_then(|r| r.q);
    let meds: Vec<u64> = rows
        .iter()
        .filter(|r| r.event == event && r.category == category && r.source == source)
        .filter_map(|r| r.q)
        .chain(base)
        .map(|q| q[1])
        .collect();
    match (meds.iter().max(), meds.iter().min()) {
        (Some(a), Some(b)) => a - b,
        _ => 0,
    }
}

pub fn to_csv(rows: &[Row]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([
        "event", "category", "source", "scenario", "trust", "p05", "p50", "p95", "note",
    ])
    .expect("memory");
    for r in rows {
        let q = |i: usize| r.q.map(|q| q[i].to_string()).unwrap_or_default();
        w.write_record([
            r.event.clone(),
            r.category.clone(),
            r.source.clone(),
            r.scenario.as_str().to_string(),
            r.trust.map(|t| t.to_string()).unwrap_or_default(),
            q(0),
            q(1),
            q(2),
            r.note.clone(),
        ])
        .expect("memory");
    }
    w.into_inner().expect("memory")
}
