//! `tollrange calibrate CASE_DIR --truth TRUTH.csv`: score revision settings
//! against tolls established later, and pick one.

use super::CaseArgs;
use crate::calibrate::{TRUTH, baselines, choose, evaluate, read_truth, to_csv};
use crate::claim::read_claims;
use crate::engine::Method;
use crate::engine::dist::Revision;
use crate::export::chart::calibration::calibration_chart;
use crate::export::output;
use crate::lexicon::{Lexicon, LexiconKind};
use crate::table::read_table;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The default grid: μ from 0 to 1 and σ from 0.1 to 1, by 0.1.
pub const DEFAULT_GRID: &str = "0:1:0.1,0.1:1:0.1";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case folder of past incidents
    pub case: PathBuf,
    /// Tolls established later: event,final,final_low,final_high,source,date,note
    #[arg(long)]
    pub truth: PathBuf,
    /// How claims are combined: pool or fusion
    #[arg(long, default_value = "pool")]
    pub method: Method,
    /// Settings to try: MU_FROM:MU_TO:STEP,SIGMA_FROM:SIGMA_TO:STEP
    #[arg(long, default_value = DEFAULT_GRID)]
    pub grid: String,
    /// Output folder (default: plots/<case name>)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Skip the reliability chart
    #[arg(long)]
    pub no_plots: bool,
    /// Phrase readings: builtin, or acled
    #[arg(long, default_value = "builtin")]
    pub lexicon: LexiconKind,
}

fn range(text: &str, what: &str) -> Result<Vec<f64>, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let num = |x: &str| {
        x.trim()
            .parse::<f64>()
            .map_err(|_| format!("--grid: {what} '{x}' is not a number"))
    };
    match parts.as_slice() {
        [one] => Ok(vec![num(one)?]),
        [a, b, step] => {
            let (a, b, step) = (num(a)?, num(b)?, num(step)?);
            if !(step > 0.0) || b < a || (b - a) / step > 1000.0 {
                return Err(format!(
                    "--grid: {what} {text}: expected FROM:TO:STEP with FROM ≤ TO and a step > 0"
                ));
            }
            let n = ((b - a) / step + 1e-9).floor() as usize;
            // rounded to 6 decimals so that 0.1 steps print as 0.3, not 0.30000000000000004
            Ok((0..=n)
                .map(|i| ((a + i as f64 * step) * 1e6).round() / 1e6)
                .collect())
        }
        _ => Err(format!(
            "--grid: {what} '{text}': expected FROM:TO:STEP or one number"
        )),
    }
}

/// The settings of a grid, each validated.
pub fn parse_grid(text: &str) -> Result<Vec<Revision>, String> {
    let (m, s) = text.split_once(',').ok_or_else(|| {
        format!("--grid {text}: expected MU_FROM:MU_TO:STEP,SIGMA_FROM:SIGMA_TO:STEP")
    })?;
    let mut out = Vec::new();
    for mu in range(m, "μ")? {
        for sigma in range(s, "σ")? {
            out.push(Revision::new(mu, sigma).map_err(|e| format!("--grid: {e}"))?);
        }
    }
    Ok(out)
}

pub fn run(args: &Args) -> Result<(), String> {
    let grid = parse_grid(&args.grid)?;
    let common = CaseArgs {
        case: args.case.clone(),
        method: args.method,
        lexicon: args.lexicon,
        weight: vec![],
        weights: None,
        tail_alpha: 2.4,
        tail_cap: 10.0,
        revision: "none".into(),
    };
    let p = common.prepare()?;
    let shown = args.truth.display().to_string();
    let table = read_table(&args.truth, &shown, &TRUTH).map_err(|e| e.to_string())?;
    let truths = read_truth(&table, &p.case).map_err(|e| e.to_string())?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("plots").join(&p.case.name));
    output::check_out_dir(&out_dir, &args.case)?;

    let settings = std::iter::once(None)
        .chain(grid.into_iter().map(Some))
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&r| evaluate(&p.targets, &truths, args.method, p.tail, r))
        .collect::<Result<Vec<_>, String>>()?;
    let chosen = choose(&settings);
    let acled = read_claims(
        &p.case,
        &Lexicon::new(LexiconKind::Acled).with_entries(p.case.lexicon.clone()),
    )
    .map_err(|e| e.to_string())?;
    let base = baselines(&acled, &truths);
    let mut files = vec![(
        "calibration.csv".to_string(),
        to_csv(&settings, chosen, &base, args.method),
    )];
    if !args.no_plots {
        let png = calibration_chart(&p.case, &settings, chosen, args.method)?;
        files.push(("calibration.png".to_string(), png));
    }
    output::write_all(&out_dir, &files)?;

    let n = truths.len();
    let floors = truths.iter().filter(|t| t.floor).count();
    println!(
        "{n} incidents ({floors} floors), method {}, {} settings",
        args.method,
        settings.len()
    );
    println!(
        "{:<16} {:>10} {:>10} {:>16} {:>10}",
        "setting", "in 50%", "in 90%", "median |ln err|", "CRPS(log)"
    );
    let mut order: Vec<usize> = (1..settings.len()).collect();
    order.sort_by(|&a, &b| settings[a].mean_crps().total_cmp(&settings[b].mean_crps()));
    let mut shown_rows = vec![0, chosen];
    shown_rows.extend(order.iter().take(5).filter(|&&i| i != chosen));
    for i in shown_rows {
        let s = &settings[i];
        println!(
            "{:<16} {:>7}/{n} {:>7}/{n} {:>16.3} {:>10.4}{}",
            s.label(),
            s.covered50(),
            s.covered90(),
            s.median_abs_log_error(),
            s.mean_crps(),
            if i == chosen { "  ← chosen" } else { "" }
        );
    }
    for b in &base {
        println!(
            "{:<16} {:>10} {:>10} {:>16.3} {:>10}",
            b.name, "-", "-", b.median_abs_log_error, "-"
        );
    }
    let c = &settings[chosen];
    println!(
        "\nper incident, {} vs none: final, 90% range, median",
        c.label()
    );
    for (s, none) in c.scores.iter().zip(&settings[0].scores) {
        println!(
            "  {:<20} {:>5}{} {:>13} {:>6} {}   none: {:>13} {:>6} {}",
            s.event,
            s.final_toll,
            if s.floor { "+" } else { " " },
            format!("{}–{}", s.q[0], s.q[4]),
            s.q[2],
            if s.in90 { "in" } else { "OUT" },
            format!("{}–{}", none.q[0], none.q[4]),
            none.q[2],
            if none.in90 { "in" } else { "OUT" },
        );
    }
    println!(
        "(+: the final is a floor)\nwrote {} files to {}",
        files.len(),
        out_dir.display()
    );
    Ok(())
}
