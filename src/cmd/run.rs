//! `tollrange run [CASE_DIR]`: combine the claims into ranges and write
//! summary.csv, claims.csv and the charts.

use super::{SEED_CASE, lexicon_for, load_case};
use crate::claim::{read_claims, targets};
use crate::engine::dist::Tail;
use crate::engine::{Estimate, Method, Settings, estimate};
use crate::export::{chart, csv, output};
use crate::lexicon::LexiconKind;
use std::path::{Path, PathBuf};

/// The default seed (the date of the Bourem attack), so that a plain
/// `tollrange run` always prints the same numbers.
pub const DEFAULT_SEED: u64 = 20230912;
pub const DEFAULT_SAMPLES: usize = 100_000;
/// Keeps a run's memory within a few GB (roll-ups hold one sum per draw).
pub const MAX_SAMPLES: usize = 50_000_000;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case folder
    #[arg(default_value = SEED_CASE)]
    pub case: PathBuf,
    /// How claims are combined: pool (mixture) or fusion (reliability-weighted Bayes)
    #[arg(long, default_value = "pool")]
    pub method: Method,
    /// Monte Carlo draws per target
    #[arg(long, default_value_t = DEFAULT_SAMPLES)]
    pub samples: usize,
    /// Random seed: same seed and inputs give byte-identical output
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads (default: all cores); never changes the results
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: plots/<case name>)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Skip the PNG charts
    #[arg(long)]
    pub no_plots: bool,
    /// Phrase readings: builtin, or acled (ACLED's conservative coding)
    #[arg(long, default_value = "builtin")]
    pub lexicon: LexiconKind,
    /// Power-law exponent of open readings' tails
    #[arg(long, default_value_t = 2.4)]
    pub tail_alpha: f64,
    /// Open readings' tails stop at this multiple of their lower bound
    #[arg(long, default_value_t = 10.0)]
    pub tail_cap: f64,
}

pub fn run(args: &Args) -> Result<(), String> {
    if args.samples == 0 || args.samples > MAX_SAMPLES {
        return Err(format!(
            "--samples {}: expected 1 to {MAX_SAMPLES} draws per target (default {DEFAULT_SAMPLES})",
            args.samples
        ));
    }
    let tail = Tail::new(args.tail_alpha, args.tail_cap)?;
    let pool = match args.threads {
        Some(0) => return Err("--threads 0: expected at least 1 thread".into()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| format!("cannot start {n} threads: {e}"))?,
        None => rayon::ThreadPoolBuilder::new()
            .build()
            .map_err(|e| format!("cannot start threads: {e}"))?,
    };
    let case = load_case(&args.case)?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("plots").join(&case.name));
    output::check_out_dir(&out_dir, &args.case)?;
    let lexicon = lexicon_for(args.lexicon, Some(&case));
    let claims = read_claims(&case, &lexicon).map_err(|p| {
        format!(
            "{p}\n{} problem(s) found in {}",
            p.len(),
            args.case.display()
        )
    })?;
    if claims.is_empty() {
        return Err(format!("{}: the case has no claims", args.case.display()));
    }
    let targets = targets(&case, &claims);
    let settings = Settings {
        method: args.method,
        samples: args.samples,
        seed: args.seed,
        tail,
    };
    let estimates = pool.install(|| estimate(&case, &targets, &settings));
    for e in &estimates {
        if e.summary.is_none() {
            eprintln!("warning: {} / {}: {}", e.event, e.category, e.note);
        }
    }
    let mut files = vec![
        (
            "summary.csv".to_string(),
            csv::summary(&estimates, args.method),
        ),
        ("claims.csv".to_string(), csv::claims(&claims, &targets)),
    ];
    if !args.no_plots {
        files.extend(chart::charts(
            &case, &claims, &targets, &estimates, &settings,
        )?);
    }
    output::write_all(&out_dir, &files)?;
    print!("{}", table(&estimates, &settings));
    println!("wrote {} files to {}", files.len(), out_dir.display());
    Ok(())
}

/// The compact terminal table: median, 50 % and 90 % ranges per row.
pub fn table(estimates: &[Estimate], s: &Settings) -> String {
    let mut out = format!(
        "method {}, {} draws per target, seed {}\n{:<22} {:<16} {:>7} {:>13} {:>13} {:>6}  note\n",
        s.method,
        s.samples,
        s.seed,
        "event",
        "category",
        "median",
        "50% range",
        "90% range",
        "claims"
    );
    for e in estimates {
        let (m, r50, r90) = match &e.summary {
            Some(x) => (
                x.p50().to_string(),
                format!("{}–{}", x.p25(), x.p75()),
                format!("{}–{}", x.p05(), x.p95()),
            ),
            None => ("-".into(), "-".into(), "-".into()),
        };
        out.push_str(&format!(
            "{:<22} {:<16} {:>7} {:>13} {:>13} {:>6}  {}\n",
            e.event, e.category, m, r50, r90, e.claims, e.note
        ));
    }
    out
}
