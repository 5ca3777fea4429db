//! `tollrange calibrate CASE_DIR --truth TRUTH.csv`: learn the revision per
//! voice from tolls established later, score it leave-one-incident-out, and
//! write the revision file that `run` reads.

use super::CaseArgs;
use crate::calibrate::fit::{self, Grid, Tables};
use crate::calibrate::{Setting, TRUTH, baselines, evaluate, read_truth, to_csv};
use crate::claim::read_claims;
use crate::engine::Method;
use crate::engine::revision::{ReadingType, RevisionModel, Spread, VOICES};
use crate::export::chart::calibration::{calibration_chart, revision_chart};
use crate::export::output;
use crate::lexicon::{Lexicon, LexiconKind};
use crate::table::read_table;
use std::path::{Path, PathBuf};

/// The default grid: μ from −1 to 2 and σ from 0.1 to 1.5, by 0.1 (and
/// `none`).
pub const DEFAULT_GRID: &str = "-1:2:0.1,0.1:1.5:0.1";

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
    /// Factors to try for each voice: MU_FROM:MU_TO:STEP,SIGMA_FROM:SIGMA_TO:STEP
    #[arg(long, default_value = DEFAULT_GRID, allow_hyphen_values = true)]
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

/// The μ and σ values of a grid, each validated.
pub fn parse_grid(text: &str) -> Result<(Vec<f64>, Vec<f64>), String> {
    let (m, s) = text.split_once(',').ok_or_else(|| {
        format!("--grid {text}: expected MU_FROM:MU_TO:STEP,SIGMA_FROM:SIGMA_TO:STEP")
    })?;
    let (mus, sigmas) = (range(m, "μ")?, range(s, "σ")?);
    for &mu in &mus {
        for &sigma in &sigmas {
            crate::engine::dist::Revision::new(mu, sigma).map_err(|e| format!("--grid: {e}"))?;
        }
    }
    Ok((mus, sigmas))
}

pub fn run(args: &Args) -> Result<(), String> {
    let (mus, sigmas) = parse_grid(&args.grid)?;
    let common = CaseArgs {
        case: args.case.clone(),
        method: args.method,
        lexicon: args.lexicon,
        weight: vec![],
        weights: None,
        tail_alpha: 2.4,
        tail_cap: 10.0,
        revision: "none".into(),
        revision_file: None,
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

    let tables = Tables::new(&p.targets, &truths, p.tail, Grid { mus, sigmas })?;
    let n = truths.len();
    let fitted_on = format!(
        "{} ({n} incidents)",
        args.case.display().to_string().trim_end_matches('/')
    );
    let model = tables.fit(None, &fitted_on);
    let loo = tables.leave_one_out(args.method, true)?;
    let loo_pooled = tables.leave_one_out(args.method, false)?;
    let literal = evaluate(
        &p.targets,
        &truths,
        args.method,
        p.tail,
        &RevisionModel::literal(),
    )?;
    // the single factor that was the default before the per-voice model
    let single = evaluate(
        &p.targets,
        &truths,
        args.method,
        p.tail,
        &RevisionModel::uniform(Some(crate::engine::dist::Revision {
            mu: 0.6,
            sigma: 0.6,
        })),
    )?;
    let acled = read_claims(
        &p.case,
        &Lexicon::new(LexiconKind::Acled).with_entries(p.case.lexicon.clone()),
    )
    .map_err(|e| e.to_string())?;
    let base = baselines(&acled, &truths);
    let mut loo_model = model.clone();
    loo_model.label = "per voice, leave-one-out".into();
    let loo_setting = Setting {
        revision: loo_model,
        scores: loo.pooled.clone(),
    };
    let mut files = vec![
        ("revision.csv".to_string(), model.to_csv()),
        (
            "calibration.csv".to_string(),
            to_csv(&loo, &loo_pooled, &[&single, &literal], &base, args.method),
        ),
    ];
    if !args.no_plots {
        let png = calibration_chart(&p.case, &[loo_setting, literal.clone()], 0, args.method)?;
        files.push(("calibration.png".to_string(), png));
        files.push(("revision.png".to_string(), revision_chart(&model, &loo)?));
    }
    output::write_all(&out_dir, &files)?;

    let floors = truths.iter().filter(|t| t.floor).count();
    println!("{n} incidents ({floors} floors), method {}", args.method);
    println!(
        "\nrevision per voice, fitted on all {n} incidents (closed readings | open readings):"
    );
    println!(
        "{:<12} {:>22} {:>10}   {:>22} {:>10}",
        "voice", "closed: median ×(90%)", "incidents", "open: median ×(90%)", "incidents"
    );
    for voice in VOICES.iter().chain(std::iter::once(&"all")) {
        let show = |r: ReadingType| -> (String, String) {
            match model.rule(voice, r) {
                Some(rule) => (factor_text(rule.spread), rule.incidents.to_string()),
                None => ("-".into(), "-".into()),
            }
        };
        let (c, ci) = show(ReadingType::Closed);
        let (o, oi) = show(ReadingType::Open);
        println!("{voice:<12} {c:>22} {ci:>10}   {o:>22} {oi:>10}");
    }
    println!("\nleave-one-incident-out (each incident scored by the model fitted on the others):");
    println!(
        "{:<34} {:>8} {:>9} {:>9} {:>16} {:>14}",
        "", "scored", "in 50%", "in 90%", "median |ln err|", "interval score"
    );
    let line = |name: &str, s: fit::Summary| {
        println!(
            "{name:<34} {:>8} {:>6}/{:<2} {:>6}/{:<2} {:>16.3} {:>14.3}",
            s.n, s.in50, s.n, s.in90, s.n, s.median_abs_log_error, s.mean_interval_score
        );
    };
    line("per voice: incidents", fit::summarise(&loo.pooled));
    for (v, scores) in &loo.by_voice {
        line(&format!("  {v} claims, each alone"), fit::summarise(scores));
    }
    line("one fit for all voices", fit::summarise(&loo_pooled.pooled));
    println!("not left out (scored on the incidents they were chosen on):");
    line(
        "one factor 0.6,0.6 (old default)",
        fit::summarise(&single.scores),
    );
    line("none: claims as read", fit::summarise(&literal.scores));
    for b in &base {
        println!(
            "{:<34} {:>8} {:>9} {:>9} {:>16.3} {:>14.3}",
            format!("baseline: {}", b.name),
            b.values.len(),
            "-",
            "-",
            b.median_abs_log_error,
            b.mean_interval_score
        );
    }
    println!("\nper incident, leave-one-out vs none: final, 90% range, median");
    for (s, none) in loo.pooled.iter().zip(&literal.scores) {
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
        "(+: the final is a floor)\nwrote {} files to {} (revision.csv is what run --revision-file reads)",
        files.len(),
        out_dir.display()
    );
    Ok(())
}

/// "×1.82 (0.68–4.9)" for a factor, "as stated" otherwise.
fn factor_text(s: Spread) -> String {
    match s {
        Spread::Factor(r) => {
            let z = 1.645 * r.sigma;
            format!(
                "×{:.2} ({:.2}–{:.1})",
                r.mu.exp(),
                (r.mu - z).exp(),
                (r.mu + z).exp()
            )
        }
        Spread::Literal => "as stated".into(),
        Spread::Dataset => "ucdp-gumbel".into(),
    }
}
