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

/// A block of rows in memory, written as the `csv` crate writes them
/// (`,` between fields, `\n` after each row; a field with `,`, `"`, CR or
/// LF in double quotes, its `"` doubled; a row of one empty field as `""`),
/// without its per-field state machine and second buffer.
struct Rows {
    buf: Vec<u8>,
    /// Fields written in the current row.
    fields: usize,
    /// Whether the last field written was empty.
    empty: bool,
    /// Scratch for numbers formatted by `fmt`.
    num: String,
}

impl Rows {
    fn new(capacity: usize) -> Rows {
        Rows::with(Vec::with_capacity(capacity))
    }
    /// Rows appended to `buf`.
    fn with(buf: Vec<u8>) -> Rows {
        Rows {
            buf,
            fields: 0,
            empty: false,
            num: String::new(),
        }
    }
    fn next(&mut self, f: &[u8]) {
        if self.fields > 0 {
            self.buf.push(b',');
        }
        self.fields += 1;
        self.empty = f.is_empty();
    }
    /// A field of text, quoted when it needs to be.
    fn field(&mut self, f: impl AsRef<[u8]>) {
        let f = f.as_ref();
        self.next(f);
        if f.iter().any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            self.buf.push(b'"');
            for (i, part) in f.split(|&b| b == b'"').enumerate() {
                if i > 0 {
                    self.buf.extend_from_slice(b"\"\"");
                }
                self.buf.extend_from_slice(part);
            }
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(f);
        }
    }
    /// A field that never needs quotes (a name, `true`).
    fn plain(&mut self, f: &str) {
        self.next(f.as_bytes());
        self.buf.extend_from_slice(f.as_bytes());
    }
    /// A whole number.
    fn int(&mut self, mut v: u64) {
        self.next(b"0");
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[at..]);
    }
    /// A field formatted by `f` (a decimal number: never quoted).
    fn fmt(&mut self, f: impl FnOnce(&mut String) -> std::fmt::Result) {
        self.num.clear();
        f(&mut self.num).expect("formatting into a String cannot fail");
        let mut num = std::mem::take(&mut self.num);
        self.field(&num);
        num.clear();
        self.num = num;
    }
    fn end(&mut self) {
        if self.fields == 1 && self.empty {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.push(b'\n');
        self.fields = 0;
    }
    fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// Writes a header, then rows `0..n` made by `row` block by block (blocks
/// in parallel, written in order).
fn write_rows(
    out: &mut (dyn Write + Send),
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
    let make = |batch: &[usize], bufs: &mut [Vec<u8>]| {
        batch
            .par_iter()
            .zip(bufs.par_iter_mut())
            .for_each(|(&start, buf)| {
                let end = (start + BLOCK).min(n);
                buf.clear();
                buf.reserve((end - start) * row_bytes);
                let mut rows = Rows::with(std::mem::take(buf));
                for i in start..end {
                    row(&mut rows, i);
                }
                *buf = rows.into_bytes();
            })
    };
    // Two sets of buffers, reused batch after batch (fresh ones would be
    // fresh pages for the kernel to zero, 50 MB of them for a large case):
    // one batch is written while the next is made.
    let size = BATCH.min(starts.len());
    let (mut done, mut next) = (vec![Vec::new(); size], vec![Vec::new(); size]);
    let mut batches = starts.chunks(BATCH);
    let Some(first) = batches.next() else {
        return Ok(());
    };
    make(first, &mut done);
    let mut written = first.len();
    for batch in batches {
        let (w, ()) = rayon::join(
            || done[..written].iter().try_for_each(|b| out.write_all(b)),
            || make(batch, &mut next),
        );
        w?;
        std::mem::swap(&mut done, &mut next);
        written = batch.len();
    }
    done[..written].iter().try_for_each(|b| out.write_all(b))
}

/// One row per target and roll-up.
pub fn summary(estimates: &[Estimate], settings: &Settings) -> Vec<u8> {
    let mut out = Vec::new();
    write_summary(&mut out, estimates, settings).expect("writing to memory cannot fail");
    out
}

/// [`summary`], written to `out`.
pub fn write_summary(
    out: &mut (dyn Write + Send),
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
        r.int(e.claims as u64);
        r.int(e.sources as u64);
        match &e.summary {
            Some(s) => {
                r.int(s.samples);
                r.fmt(|b| write!(b, "{:.2}", s.mean));
                r.fmt(|b| write!(b, "{:.2}", s.sd));
                for q in s.q {
                    r.int(q);
                }
            }
            None => {
                r.plain("0");
                for _ in 0..7 {
                    r.plain("");
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
    out: &mut (dyn Write + Send),
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
    // trust and share as written: a few distinct values, each formatted once
    let mut numbers: Vec<String> = Vec::new();
    let mut number_of: FxHashMap<(bool, u64), u32> = FxHashMap::default();
    let mut number = |share: bool, x: f64| {
        *number_of.entry((share, x.to_bits())).or_insert_with(|| {
            numbers.push(if share {
                format!("{x:.4}")
            } else {
                format!("{x}")
            });
            (numbers.len() - 1) as u32
        })
    };
    let texts: Vec<(u32, u32)> = claims
        .iter()
        .zip(&share)
        .map(|(c, s)| (number(false, c.trust), number(true, *s)))
        .collect();
    drop(share);
    write_rows(out, &CLAIMS_HEADER, claims.len(), 160, &|r, i| {
        let c = &claims[i];
        r.field(&c.claim.id);
        r.field(&c.claim.event);
        r.field(&c.claim.category);
        r.field(&c.claim.source);
        r.field(&c.claim.figure);
        r.int(c.interval.low);
        match c.interval.high {
            Some(h) => r.int(h),
            None => r.plain(""),
        }
        r.plain(if c.interval.is_open() {
            "true"
        } else {
            "false"
        });
        r.plain(c.shape.as_str());
        let (trust, share) = texts[i];
        r.field(&numbers[trust as usize]);
        r.field(&numbers[share as usize]);
        match echo_of[i] {
            NONE => r.plain(""),
            j => r.field(&claims[j as usize].claim.id),
        }
        r.field(&c.how);
        r.plain(c.claim.stance.map(|s| s.as_str()).unwrap_or(""));
        match rule[i] {
            NONE => r.plain(""),
            k => r.field(&rules[k as usize]),
        }
        r.field(&c.claim.quote);
        r.end();
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows as the `csv` crate writes them, field by field.
    fn by_csv(rows: &[Vec<&str>]) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .from_writer(Vec::new());
        for r in rows {
            w.write_record(r).unwrap();
        }
        w.into_inner().unwrap()
    }

    #[test]
    fn rows_are_written_as_the_csv_crate_writes_them() {
        let tricky = [
            "",
            "plain",
            "a,b",
            "say \"64\"",
            "\"",
            "two\nlines",
            "cr\rhere",
            "crlf\r\n",
            " spaced ",
            "l'armée, « 46 »",
            "#hash",
            "tab\there",
            ";semi",
        ];
        let mut rows: Vec<Vec<&str>> = vec![vec![""], vec!["", ""], vec!["x"], vec!["\""]];
        for a in tricky {
            rows.push(vec![a]);
            for b in tricky {
                rows.push(vec![a, b, "1"]);
            }
        }
        let mut mine = Rows::new(0);
        for r in &rows {
            for f in r {
                mine.field(f);
            }
            mine.end();
        }
        assert_eq!(
            String::from_utf8(mine.into_bytes()).unwrap(),
            String::from_utf8(by_csv(&rows)).unwrap()
        );
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let mut mine = Rows::new(0);
        let values = [0, 1, 9, 10, 99, 100, 12345, u32::MAX as u64, u64::MAX];
        for v in values {
            mine.int(v);
        }
        mine.end();
        let want: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        assert_eq!(
            mine.into_bytes(),
            format!("{}\n", want.join(",")).into_bytes()
        );
    }
}
