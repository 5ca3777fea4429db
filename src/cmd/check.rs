//! `tollrange check CASE_DIR`: validate a case and summarise it.

use super::{load_and_read, stance_warnings, unclaimed_events, untrusted_targets};
use crate::claim::targets;
use crate::fxhash::FxHashMap;
use crate::lexicon::LexiconKind;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case folder (events.csv, sources.csv, claims.csv)
    pub case: PathBuf,
    /// Phrase readings: builtin, or acled (ACLED's conservative coding)
    #[arg(long, default_value = "builtin")]
    pub lexicon: LexiconKind,
}

pub fn run(args: &Args) -> Result<(), String> {
    let (text, warnings) = report_with_warnings(args)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    print!("{text}");
    Ok(())
}

/// The report of a valid case, and its warnings (events without claims,
/// targets whose sources all have trust 0).
pub fn report_with_warnings(args: &Args) -> Result<(String, Vec<String>), String> {
    let (case, claims) = load_and_read(&args.case, args.lexicon)?;
    let targets = targets(&case, &claims);
    let mut warnings = unclaimed_events(&case);
    warnings.extend(untrusted_targets(&targets));
    warnings.extend(stance_warnings(&case));
    let mut out = format!(
        "{}: {} events, {} sources, {} claims, {} targets — OK\n",
        args.case.display(),
        case.events.len(),
        case.sources.len(),
        case.claims.len(),
        targets.len()
    );
    // claims per event and per source, counted in one pass
    let mut per_event: FxHashMap<&str, usize> = FxHashMap::default();
    let mut per_source: FxHashMap<&str, usize> = FxHashMap::default();
    for c in &case.claims {
        *per_event.entry(c.event.as_str()).or_default() += 1;
        *per_source.entry(c.source.as_str()).or_default() += 1;
    }
    out.push_str("\nevents:\n");
    for e in &case.events {
        let n = per_event.get(e.id.as_str()).copied().unwrap_or(0);
        let region = if e.region.is_empty() {
            "no region: not rolled up".to_string()
        } else {
            e.region.to_string()
        };
        out.push_str(&format!(
            "  {:<20} {:<10} {:<26} {n} claims  {}\n",
            e.id, e.date, region, e.name
        ));
    }
    out.push_str("\nsources:\n");
    for s in &case.sources {
        let n = per_source.get(s.id.as_str()).copied().unwrap_or(0);
        out.push_str(&format!(
            "  {:<20} {:<12} trust {:<5} {n} claims  {}\n",
            s.id, s.kind, s.trust, s.name
        ));
    }
    out.push_str("\nclaims as read:\n");
    for t in &targets {
        out.push_str(&format!("  {} / {}\n", t.event, t.category));
        for v in &t.voices {
            for r in &v.readings {
                let c = &claims[r.claims[0]];
                let echoes = if r.claims.len() > 1 {
                    let ids: Vec<&str> = r.claims[1..]
                        .iter()
                        .map(|&i| claims[i].claim.id.as_str())
                        .collect();
                    format!("  (echoed by {})", ids.join(", "))
                } else {
                    String::new()
                };
                let stance = match r.stance {
                    Some(st) => format!(" [{st}]"),
                    None => String::new(),
                };
                out.push_str(&format!(
                    "    {:<4} {:<18} {:<18} \"{}\"{stance}{echoes}\n",
                    c.claim.id,
                    v.source,
                    c.interval.to_string(),
                    c.claim.figure
                ));
            }
        }
    }
    Ok((out, warnings))
}

/// The text `check` prints for a valid case; every problem otherwise.
pub fn report(args: &Args) -> Result<String, String> {
    report_with_warnings(args).map(|(text, _)| text)
}
