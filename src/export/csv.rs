//! `summary.csv` and `claims.csv`.

use crate::claim::{ReadClaim, Target};
use crate::engine::{Estimate, Settings};

/// The summary columns, as DESIGN lists them, then the revision setting and a note.
pub const SUMMARY_HEADER: [&str; 15] = [
    "event", "category", "method", "claims", "sources", "samples", "mean", "sd", "p05", "p25",
    "p50", "p75", "p95", "revision", "note",
];

fn to_bytes(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(&r).expect("writing to memory cannot fail");
    }
    w.into_inner().expect("writing to memory cannot fail")
}

/// One row per target and roll-up.
pub fn summary(estimates: &[Estimate], settings: &Settings) -> Vec<u8> {
    let mut rows = vec![SUMMARY_HEADER.iter().map(|s| s.to_string()).collect()];
    for e in estimates {
        let mut r = vec![
            e.event.clone(),
            e.category.clone(),
            settings.method.to_string(),
            e.claims.to_string(),
            e.sources.to_string(),
        ];
        match &e.summary {
            Some(s) => {
                r.push(s.samples.to_string());
                r.push(format!("{:.2}", s.mean));
                r.push(format!("{:.2}", s.sd));
                r.extend(s.q.iter().map(|q| q.to_string()));
            }
            None => {
                r.push("0".into());
                r.extend(std::iter::repeat_n(String::new(), 7));
            }
        }
        r.push(settings.revision_label());
        r.push(e.note.clone());
        rows.push(r);
    }
    to_bytes(rows)
}

pub const CLAIMS_HEADER: [&str; 14] = [
    "claim", "event", "category", "source", "figure", "low", "high", "open", "shape", "trust",
    "share", "echo_of", "reading", "quote",
];

/// Every claim as read, with its share of its target's pool. An echo has
/// share 0 and names the claim it repeats: it counts once, through that claim.
pub fn claims(claims: &[ReadClaim], targets: &[Target]) -> Vec<u8> {
    let mut share = vec![0.0; claims.len()];
    let mut echo_of: Vec<Option<usize>> = vec![None; claims.len()];
    for t in targets {
        for (v, shares) in t.voices.iter().zip(t.shares()) {
            for (r, s) in v.readings.iter().zip(shares) {
                share[r.claims[0]] = s;
                for &e in &r.claims[1..] {
                    echo_of[e] = Some(r.claims[0]);
                }
            }
        }
    }
    let mut rows = vec![CLAIMS_HEADER.iter().map(|s| s.to_string()).collect()];
    for (i, c) in claims.iter().enumerate() {
        rows.push(vec![
            c.claim.id.clone(),
            c.claim.event.clone(),
            c.claim.category.clone(),
            c.claim.source.clone(),
            c.claim.figure.clone(),
            c.interval.low.to_string(),
            c.interval.high.map(|h| h.to_string()).unwrap_or_default(),
            c.interval.is_open().to_string(),
            c.shape.to_string(),
            format!("{}", c.trust),
            format!("{:.4}", share[i]),
            echo_of[i]
                .map(|j| claims[j].claim.id.clone())
                .unwrap_or_default(),
            c.how.clone(),
            c.claim.quote.clone(),
        ]);
    }
    to_bytes(rows)
}
