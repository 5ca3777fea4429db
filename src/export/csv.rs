//! `summary.csv` and `claims.csv`.

use crate::claim::{ReadClaim, Target};
use crate::engine::revision::{ReadingType, RevisionModel, voice_of};
use crate::engine::{Estimate, Settings};

/// The summary columns, as DESIGN lists them, then the revision setting and a note.
pub const SUMMARY_HEADER: [&str; 15] = [
    "event", "category", "method", "claims", "sources", "samples", "mean", "sd", "p05", "p25",
    "p50", "p75", "p95", "revision", "note",
];

/// A table written row by row as its rows are made (none is kept).
struct Rows(csv::Writer<Vec<u8>>);

impl Rows {
    fn new(header: &[&str]) -> Rows {
        let mut rows = Rows(
            csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new()),
        );
        rows.push(header);
        rows
    }

    fn push<T: AsRef<[u8]>>(&mut self, row: &[T]) {
        self.0
            .write_record(row)
            .expect("writing to memory cannot fail");
    }

    fn into_bytes(self) -> Vec<u8> {
        self.0.into_inner().expect("writing to memory cannot fail")
    }
}

/// One row per target and roll-up.
pub fn summary(estimates: &[Estimate], settings: &Settings) -> Vec<u8> {
    let mut rows = Rows::new(&SUMMARY_HEADER);
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
        rows.push(&r);
    }
    rows.into_bytes()
}

pub const CLAIMS_HEADER: [&str; 16] = [
    "claim", "event", "category", "source", "figure", "low", "high", "open", "shape", "trust",
    "share", "echo_of", "reading", "stance", "revision", "quote",
];

/// Every claim as read, with its share of its target's pool. An echo has
/// share 0 and names the claim it repeats: it counts once, through that claim.
/// `revision`: how its voice's readings are revised ("official closed:
/// lognormal 0.7,0.8").
pub fn claims(claims: &[ReadClaim], targets: &[Target], revision: &RevisionModel) -> Vec<u8> {
    let mut share = vec![0.0; claims.len()];
    let mut echo_of: Vec<Option<usize>> = vec![None; claims.len()];
    let mut rule = vec![String::new(); claims.len()];
    for t in targets {
        for (v, shares) in t.voices.iter().zip(t.shares()) {
            for (r, s) in v.readings.iter().zip(shares) {
                share[r.claims[0]] = s;
                for &e in &r.claims[1..] {
                    echo_of[e] = Some(r.claims[0]);
                }
                let text = format!(
                    "{} {}: {}",
                    voice_of(v.kind, r.stance),
                    ReadingType::of(r.interval).as_str(),
                    revision.spread(v.kind, r.stance, r.interval)
                );
                for &c in &r.claims {
                    rule[c] = text.clone();
                }
            }
        }
    }
    let mut rows = Rows::new(&CLAIMS_HEADER);
    for (i, c) in claims.iter().enumerate() {
        rows.push(&[
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
            c.claim.stance.map(|s| s.to_string()).unwrap_or_default(),
            std::mem::take(&mut rule[i]),
            c.claim.quote.clone(),
        ]);
    }
    rows.into_bytes()
}
