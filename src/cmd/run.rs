//! `tollrange run [CASE_DIR]`: combine the claims into ranges and write
//! summary.csv, claims.csv and the charts.

use super::CaseArgs;
use crate::claim::ReadClaim;
use crate::engine::{Estimate, Settings, estimate_with_progress};
use crate::export::output::Output;
use crate::export::{chart, compare, csv, output};
use crate::fxhash::FxHashMap;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The default seed (the date of the Bourem attack), so that a plain
/// `tollrange run` always prints the same numbers.
pub const DEFAULT_SEED: u64 = 20230912;
pub const DEFAULT_SAMPLES: usize = 100_000;
/// Draws are streamed (memory does not grow with them): the bound is time,
/// a few minutes per target on a laptop.
pub const MAX_SAMPLES: usize = 1_000_000_000;
/// Beyond this many events a chart per event (and an overview row per
/// target) is more than anyone will read.
pub const MAX_CHARTED_EVENTS: usize = 200;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: CaseArgs,
    /// Monte Carlo draws per target
    #[arg(long, default_value_t = DEFAULT_SAMPLES, value_parser = parse_samples, allow_hyphen_values = true)]
    pub samples: usize,
    /// Random seed: same seed and inputs give byte-identical output
    #[arg(long, default_value_t = DEFAULT_SEED, allow_hyphen_values = true)]
    pub seed: u64,
    /// Worker threads (default: all cores); never changes the results
    #[arg(long, value_parser = parse_threads, allow_hyphen_values = true)]
    pub threads: Option<usize>,
    /// Output folder (default: plots/<case name>)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Skip the PNG charts
    #[arg(long)]
    pub no_plots: bool,
    /// A summary.csv from an earlier run: print and write changes.csv against it
    #[arg(long, value_name = "BASELINE_SUMMARY.csv")]
    pub compare: Option<PathBuf>,
}

/// More worker threads than this is a typo, not a machine.
pub const MAX_THREADS: usize = 1024;

/// A whole number for a command-line option in `from..=to` (clap's message
/// names the option and the value, then gives ours).
fn whole(text: &str, what: &str, from: usize, to: usize) -> Result<usize, String> {
    let t = text.trim().replace('_', "");
    match t.parse::<usize>() {
        Ok(n) if (from..=to).contains(&n) => Ok(n),
        _ => Err(format!("expected {what} from {from} to {to}")),
    }
}

/// `--samples`: 1 to [`MAX_SAMPLES`], as digits or in scientific notation
/// (`1e7`, `2.5e6`) when that is a whole number.
pub fn parse_samples(text: &str) -> Result<usize, String> {
    let what = "a whole number of draws per target";
    let t = text.trim().replace('_', "");
    let n = if t.contains(['e', 'E']) {
        match t.parse::<f64>() {
            // f64 holds every whole number up to 2^53 exactly
            Ok(x) if x.fract() == 0.0 && (1.0..=MAX_SAMPLES as f64).contains(&x) => Ok(x as usize),
            _ => Err(format!("expected {what} from 1 to {MAX_SAMPLES}")),
        }
    } else {
        whole(&t, what, 1, MAX_SAMPLES)
    };
    n.map_err(|e| format!("{e} (default {DEFAULT_SAMPLES}; 1e7 is 10000000)"))
}

/// `--threads`: 1 to [`MAX_THREADS`].
pub fn parse_threads(text: &str) -> Result<usize, String> {
    whole(text, "a whole number of threads", 1, MAX_THREADS)
        .map_err(|e| format!("{e} (default: all cores)"))
}

/// Worker threads for this run (`None`: all cores).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut b = rayon::ThreadPoolBuilder::new();
    match threads {
        Some(n) if n == 0 || n > MAX_THREADS => {
            return Err(format!(
                "--threads {n}: expected 1 to {MAX_THREADS} threads (default: all cores)"
            ));
        }
        Some(n) => b = b.num_threads(n),
        None => {}
    }
    b.build().map_err(|e| format!("cannot start threads: {e}"))
}

pub fn run(args: &Args) -> Result<(), String> {
    if args.samples == 0 || args.samples > MAX_SAMPLES {
        return Err(format!(
            "--samples {}: expected 1 to {MAX_SAMPLES} draws per target (default {DEFAULT_SAMPLES})",
            args.samples
        ));
    }
    let pool = thread_pool(args.threads)?;
    let p = args.common.prepare()?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("plots").join(&p.case.name));
    // everything that can be refused is, before anything is computed
    output::check_out_dir(&out_dir, &args.common.case)?;
    let baseline = match &args.compare {
        Some(f) => Some(compare::read_baseline(f)?),
        None => None,
    };
    for w in &p.warnings {
        eprintln!("warning: {w}");
    }
    let plots = !args.no_plots && p.case.events.len() <= MAX_CHARTED_EVENTS;
    if !args.no_plots && !plots {
        eprintln!(
            "note: {} events: charts are drawn for cases of up to {MAX_CHARTED_EVENTS} events; writing the CSVs only",
            p.case.events.len()
        );
    }
    let settings = Settings {
        method: args.common.method,
        samples: args.samples,
        seed: args.seed,
        tail: p.tail,
        revision: p.revision.clone(),
        histograms: plots,
    };
    let bar = progress_bar(p.targets.len(), args.samples);
    let mut estimates = pool.install(|| {
        estimate_with_progress(&p.case, &p.targets, &settings, &|n| {
            if let Some(b) = &bar {
                b.inc(n as u64)
            }
        })
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    note_unnumbered(&mut estimates, &p);
    note_parts_above_total(&mut estimates);
    for e in &estimates {
        if e.summary.is_none() {
            eprintln!("warning: {} / {}: {}", e.event, e.category, e.note);
        }
    }
    let summary: output::Writer = Box::new(|out| csv::write_summary(out, &estimates, &settings));
    let claims: output::Writer =
        Box::new(|out| csv::write_claims(out, &p.claims, &p.targets, &p.revision));
    let mut files = vec![
        ("summary.csv".to_string(), Output::Written(summary)),
        ("claims.csv".to_string(), Output::Written(claims)),
    ];
    if plots {
        let charts = chart::charts(&p.case, &p.claims, &p.targets, &estimates, &settings)?;
        files.extend(charts.into_iter().map(|(n, b)| (n, Output::Bytes(b))));
    }
    let changes = baseline.map(|b| compare::changes(&b, &estimates));
    if let Some(c) = &changes {
        files.push(("changes.csv".to_string(), Output::Bytes(compare::to_csv(c))));
    }
    pool.install(|| output::write_outputs(&out_dir, &files))?;
    pool.install(|| print_table(&estimates, &settings))
        .map_err(|e| format!("cannot print the table: {e}"))?;
    if let Some(c) = &changes {
        print!("{}", compare::to_text(c));
    }
    println!("wrote {} files to {}", files.len(), out_dir.display());
    drop(files);
    // A large case is millions of small allocations, whose freeing one by
    // one takes a noticeable share of a run. The command is done: it is
    // left to a thread, which the end of the process cuts short.
    let done = move || drop((p, estimates));
    let _ = std::thread::Builder::new().spawn(done);
    Ok(())
}

/// A progress bar on stderr for long runs, and only on a terminal (never in
/// pipes, files or CI logs).
fn progress_bar(targets: usize, samples: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || (targets as u64) * (samples as u64) < 50_000_000 {
        return None;
    }
    // counted in draws (targets × samples), so that a run of one target with
    // many draws moves as steadily as one of many targets
    let bar = indicatif::ProgressBar::new(targets as u64 * samples as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {percent}% of the draws, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// A part of a toll (`killed_civilians`) whose median is above the event's
/// `killed` median is flagged: the claims on the part and on the total
/// disagree, and a reader should look before publishing either.
fn note_parts_above_total(estimates: &mut [Estimate]) {
    // nothing to compare without a part that has a summary
    if !estimates
        .iter()
        .any(|e| e.category != "killed" && e.summary.is_some())
    {
        return;
    }
    let totals: FxHashMap<&str, u64> = estimates
        .iter()
        .filter(|e| e.category == "killed")
        .filter_map(|e| e.summary.as_ref().map(|s| (e.event.as_str(), s.p50())))
        .collect();
    // the notes to add, then added (the totals borrow the estimates)
    let mut notes: Vec<(usize, String)> = Vec::new();
    for (i, e) in estimates.iter().enumerate() {
        if e.category == "killed" {
            continue;
        }
        let (Some(total), Some(s)) = (totals.get(e.event.as_str()), &e.summary) else {
            continue;
        };
        if s.p50() > *total {
            let warn = format!(
                "median {} is above the median of all deaths ({total}) for this event: check the claims",
                s.p50()
            );
            eprintln!("warning: {} / {}: {warn}", e.event, e.category);
            notes.push((i, warn));
        }
    }
    for (i, warn) in notes {
        let e = &mut estimates[i];
        if e.note.is_empty() {
            e.note = warn;
        } else {
            e.note = format!("{}; {warn}", e.note);
        }
    }
}

/// Says so where every claim on a target reported deaths without a number:
/// the range then comes from the tail alone, not from any figure.
fn note_unnumbered(estimates: &mut [Estimate], p: &super::Prepared) {
    // the targets with a claim without a number (few), then whether all of
    // their claims are
    const UNNUMBERED: &str = "deaths without a number";
    fn key(c: &ReadClaim) -> (&str, &str) {
        (c.claim.event.as_str(), c.claim.category.as_str())
    }
    let mut all_unnumbered: FxHashMap<(&str, &str), bool> = p
        .claims
        .iter()
        .filter(|c| c.how.ends_with(UNNUMBERED))
        .map(|c| (key(c), true))
        .collect();
    if all_unnumbered.is_empty() {
        return;
    }
    for c in &p.claims {
        if let Some(all) = all_unnumbered.get_mut(&key(c)) {
            *all &= c.how.ends_with(UNNUMBERED);
        }
    }
    for e in estimates.iter_mut().filter(|e| e.note.is_empty()) {
        if all_unnumbered.get(&(e.event.as_str(), e.category.as_str())) == Some(&true) {
            e.note = "no number reported: deaths without a number, read as [2, open)".into();
        }
    }
}

/// The compact terminal table, on stdout: median, 50 % and 90 % ranges per row.
pub fn print_table(estimates: &[Estimate], s: &Settings) -> std::io::Result<()> {
    use std::fmt::Write as _;
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write!(
        out,
        "method {}, revision {}, {} draws per target, seed {}\n{:<22} {:<16} {:>7} {:>13} {:>13} {:>6}  note\n",
        s.method,
        s.revision_label(),
        s.samples,
        s.seed,
        "event",
        "category",
        "median",
        "50% range",
        "90% range",
        "claims"
    )?;
    // rows formatted in parallel blocks and written in order, a batch at a
    // time: a run of 100 000 targets never holds its table as one string
    for batch in estimates.chunks(16 * TABLE_BLOCK) {
        let blocks: Vec<String> = batch
            .par_chunks(TABLE_BLOCK)
            .map(|block| {
                let mut out = String::with_capacity(block.len() * 80);
                let (mut r50, mut r90) = (String::new(), String::new());
                for e in block {
                    r50.clear();
                    r90.clear();
                    let m = match &e.summary {
                        Some(x) => {
                            let _ = write!(r50, "{}–{}", x.p25(), x.p75());
                            let _ = write!(r90, "{}–{}", x.p05(), x.p95());
                            x.p50().to_string()
                        }
                        None => {
                            r50.push('-');
                            r90.push('-');
                            "-".into()
                        }
                    };
                    let _ = writeln!(
                        out,
                        "{:<22} {:<16} {:>7} {:>13} {:>13} {:>6}  {}",
                        e.event, e.category, m, r50, r90, e.claims, e.note
                    );
                }
                out
            })
            .collect();
        for b in blocks {
            out.write_all(b.as_bytes())?;
        }
    }
    out.flush()
}

/// Rows of the printed table formatted by one task.
const TABLE_BLOCK: usize = 4096;
