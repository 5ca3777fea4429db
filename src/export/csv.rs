//! `summary.csv` and `claims.csv`.
//!
//! Rows are made in blocks, the blocks of a batch in parallel, and written
//! in order as each batch is done: a case of 100 000 events (300 000 claims,
//! 44 MB of claims.csv) is never held whole in memory, and the bytes are
//! those of one writer taking the rows one by one.

use crate::case::{SourceKind, Stance};
use crate::claim::{ReadClaim, Target};
use crate::engine::revision::{ReadingType, RevisionModel, voice_of};
use crate::engine::{Estimate, Settings};
use crate::fxhash::FxHashMap;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The summary columns, as DESIGN lists them, then the revision setting and a note.
pub const SUMMARY_HEADER: [&str; 15] = [
    "event", "category", "method", "claims", "sources", "samples", "mean", "sd", "p05", "p25",
    "p50", "p75", "p95", "revision", "note",
];

/// Rows per block (one task, one buffer).
const BLOCK: usize = 2048;
/// Blocks made in parallel before they are written: a few MB in flight.
const BATCH: usize = 16;

/// A block of rows written by one CSV writer into memory.
struct Rows {
    w: csv::Writer<Vec<u8>>,
    /// Scratch for numbers, reused field after field.
    num: String,
}

impl Rows {
    fn new(capacity: usize) -> Rows {
        Rows {
            w: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::with_capacity(capacity)),
            num: String::new(),
        }
    }
    fn field(&mut self, f: impl AsRef<[u8]>) {
        self.w
            .write_field(f)
            .expect("writing to memory cannot fail");
    }
    /// A field formatted by `f` (a number).
    fn fmt(&mut self, f: impl FnOnce(&mut String) -> std::fmt::Result) {
        self.num.clear();
        f(&mut self.num).expect("formatting into a String cannot fail");
        self.w
            .write_field(self.num.as_bytes())
            .expect("writing to memory cannot fail");
    }
    fn end(&mut self) {
        self.w
            .write_record(None::<&[u8]>)
            .expect("writing to memory cannot fail");
    }
    fn into_bytes(self) -> Vec<u8> {
        self.w.into_inner().expect("writing to memory cannot fail")
    }
}

/// Writes a header, then rows `0..n` made by `row` block by block (blocks
/// in parallel, written in order).
fn write_rows(
    out: &mut dyn Write,
    header: &[&str],
    n: usize,
    row_bytes: usize,
    row: &(dyn Fn(&mut Rows, usize) + Sync),
) -> io::Result<()> {
    let mut head = Rows::new(256);
    for h in header {
        head.field(h);
    }
    head.end();
    out.write_all(&head.into_bytes())?;
    let starts: Vec<usize> = (0..n).step_by(BLOCK).collect();
    for batch in starts.chunks(BATCH) {
        let blocks: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|&start| {
                let end = (start + BLOCK).min(n);
                let mut rows = Rows::new((end - start) * row_bytes);
                for i in start..end {
                    row(&mut rows, i);
                }
                rows.into_bytes()
            })
            .collect();
        for b in blocks {
            out.write_all(&b)?;
        }
    }
    Ok(())
}

/// One row per target and roll-up.
pub fn summary(estimates: &[Estimate], settings: &Settings) -> Vec<u8> {
    let mut out = Vec::new();
    write_summary(&mut out, estimates, settings).expect("writing to memory cannot fail");
    out
}

/// [`summary`], written to `out`.
pub fn write_summary(
    out: &mut dyn Write,
    estimates: &[Estimate],
    settings: &Settings,
) -> io::Result<()> {
    let method = settings.method.to_string();
    let revision = settings.revision_label();
    write_rows(out, &SUMMARY_HEADER, estimates.len(), 64, &|r, i| {
        let e = &estimates[i];
        r.field(&e.event);
        r.field(&e.category);
        r.field(&method);
        r.fmt(|b| write!(b, "{}", e.claims));
        r.fmt(|b| write!(b, "{}", e.sources));
        match &e.summary {
            Some(s) => {
                r.fmt(|b| write!(b, "{}", s.samples));
                r.fmt(|b| write!(b, "{:.2}", s.mean));
                r.fmt(|b| write!(b, "{:.2}", s.sd));
                for q in &s.q {
                    r.fmt(|b| write!(b, "{q}"));
                }
            }
            None => {
                r.field("0");
                for _ in 0..7 {
                    r.field("");
                }
            }
        }
        r.field(&revision);
        r.field(&e.note);
        r.end();
    })
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
    let mut out = Vec::new();
    write_claims(&mut out, claims, targets, revision).expect("writing to memory cannot fail");
    out
}

/// No claim: for `echo_of` (not an echo) and `rule` (in no target).
const NONE: u32 = u32::MAX;

/// [`claims`], written to `out`.
pub fn write_claims(
    out: &mut dyn Write,
    claims: &[ReadClaim],
    targets: &[Target],
    revision: &RevisionModel,
) -> io::Result<()> {
    let mut share = vec![0.0; claims.len()];
    let mut echo_of: Vec<u32> = vec![NONE; claims.len()];
    // the revision rule of each claim's reading: a few distinct texts
    let mut rules: Vec<String> = Vec::new();
    let mut rule_of: FxHashMap<(SourceKind, Option<Stance>, ReadingType), u32> =
        FxHashMap::default();
    let mut rule: Vec<u32> = vec![NONE; claims.len()];
    for t in targets {
        for (v, shares) in t.voices.iter().zip(t.shares()) {
            for (r, s) in v.readings.iter().zip(shares) {
                share[r.claims[0]] = s;
                for &e in &r.claims[1..] {
                    echo_of[e] = r.claims[0] as u32;
                }
                let kind = ReadingType::of(r.interval);
                let k = *rule_of.entry((v.kind, r.stance, kind)).or_insert_with(|| {
                    rules.push(format!(
                        "{} {}: {}",
                        voice_of(v.kind, r.stance),
                        kind.as_str(),
                        revision.spread(v.kind, r.stance, r.interval)
                    ));
                    (rules.len() - 1) as u32
                });
                for &c in &r.claims {
                    rule[c] = k;
                }
            }
        }
    }
    write_rows(out, &CLAIMS_HEADER, claims.len(), 160, &|r, i| {
        let c = &claims[i];
        r.field(&c.claim.id);
        r.field(&c.claim.event);
        r.field(&c.claim.category);
        r.field(&c.claim.source);
        r.field(&c.claim.figure);
        r.fmt(|b| write!(b, "{}", c.interval.low));
        match c.interval.high {
            Some(h) => r.fmt(|b| write!(b, "{h}")),
            None => r.field(""),
        }
        r.field(if c.interval.is_open() {
            "true"
        } else {
            "false"
        });
        r.field(c.shape.as_str());
        r.fmt(|b| write!(b, "{}", c.trust));
        r.fmt(|b| write!(b, "{:.4}", share[i]));
        match echo_of[i] {
            NONE => r.field(""),
            j => r.field(&claims[j as usize].claim.id),
        }
        r.field(&c.how);
        r.field(c.claim.stance.map(|s| s.as_str()).unwrap_or(""));
        match rule[i] {
            NONE => r.field(""),
            k => r.field(&rules[k as usize]),
        }
        r.field(&c.claim.quote);
        r.end();
    })
}
