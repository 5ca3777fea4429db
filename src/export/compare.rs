//! `run --compare`: what a change of trust moved, target by target.

use crate::engine::Estimate;
use crate::table::{Schema, read_table};
use std::path::Path;

const BASELINE: Schema = Schema {
    required: &["event", "category", "p05", "p50", "p95"],
    optional: &[
        "method", "claims", "sources", "samples", "mean", "sd", "p25", "p75", "revision", "note",
    ],
};

/// (event, category) → (p05, p50, p95) of an earlier summary.csv (None
/// where that run had nothing to draw).
pub type Baseline = Vec<((String, String), Option<[u64; 3]>)>;

pub fn read_baseline(file: &Path) -> Result<Baseline, String> {
    let shown = file.display().to_string();
    let t = read_table(file, &shown, &BASELINE).map_err(|p| p.to_string())?;
    let mut out = Vec::new();
    for row in &t.rows {
        let key = (
            t.get(row, "event").to_string(),
            t.get(row, "category").to_string(),
        );
        let q: Vec<&str> = ["p05", "p50", "p95"]
            .iter()
            .map(|c| t.get(row, c))
            .collect();
        let value = if q.iter().all(|x| x.is_empty()) {
            None
        } else {
            let mut v = [0u64; 3];
            for (i, x) in q.iter().enumerate() {
                v[i] = x.parse().map_err(|_| {
                    format!(
                        "{shown}:{}: '{x}' is not a whole number; is this a tollrange summary.csv?",
                        row.line
                    )
                })?;
            }
            Some(v)
        };
        out.push((key, value));
    }
    Ok(out)
}

/// One row of changes.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub event: String,
    pub category: String,
    pub before: Option<[u64; 3]>,
    pub after: Option<[u64; 3]>,
}

pub fn changes(baseline: &Baseline, now: &[Estimate]) -> Vec<Change> {
    let mut out: Vec<Change> = now
        .iter()
        .map(|e| Change {
            event: e.event.to_string(),
            category: e.category.to_string(),
            before: baseline
                .iter()
                .find(|((ev, cat), _)| *ev == e.event && *cat == e.category)
                .and_then(|(_, v)| *v),
            after: e.summary.as_ref().map(|s| [s.p05(), s.p50(), s.p95()]),
        })
        .collect();
    for ((event, category), v) in baseline {
        if !now
            .iter()
            .any(|e| &e.event == event && &e.category == category)
        {
            out.push(Change {
                event: event.clone(),
                category: category.clone(),
                before: *v,
                after: None,
            });
        }
    }
    out
}

fn shift(c: &Change, i: usize) -> String {
    match (c.before, c.after) {
        (Some(b), Some(a)) => format!("{:+}", a[i] as i64 - b[i] as i64),
        _ => String::new(),
    }
}

fn cell(v: Option<[u64; 3]>, i: usize) -> String {
    v.map(|x| x[i].to_string()).unwrap_or_default()
}

pub fn to_csv(changes: &[Change]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([
        "event",
        "category",
        "baseline_p05",
        "baseline_p50",
        "baseline_p95",
        "p05",
        "p50",
        "p95",
        "shift_p05",
        "shift_p50",
        "shift_p95",
    ])
    .expect("memory");
    for c in changes {
        w.write_record([
            c.event.clone(),
            c.category.clone(),
            cell(c.before, 0),
            cell(c.before, 1),
            cell(c.before, 2),
            cell(c.after, 0),
            cell(c.after, 1),
            cell(c.after, 2),
            shift(c, 0),
            shift(c, 1),
            shift(c, 2),
        ])
        .expect("memory");
    }
    w.into_inner().expect("memory")
}

pub fn to_text(changes: &[Change]) -> String {
    let range = |v: Option<[u64; 3]>| match v {
        Some(x) => format!("{} ({}–{})", x[1], x[0], x[2]),
        None => "-".to_string(),
    };
    let mut out = format!(
        "\nchanges against the baseline: median (90% range)\n{:<22} {:<16} {:>20} {:>20} {:>7}\n",
        "event", "category", "baseline", "now", "shift"
    );
    for c in changes {
        out.push_str(&format!(
            "{:<22} {:<16} {:>20} {:>20} {:>7}\n",
            c.event,
            c.category,
            range(c.before),
            range(c.after),
            shift(c, 1)
        ));
    }
    out
}
