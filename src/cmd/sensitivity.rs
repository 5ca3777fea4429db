//! `tollrange sensitivity [CASE_DIR]`: which source drives each estimate.

use super::CaseArgs;
use crate::export::chart::tornado;
use crate::export::output;
use crate::sensitivity::{Scenario, analyse, swing, to_csv};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: CaseArgs,
    /// Output folder (default: plots/<case name>)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Skip the tornado charts
    #[arg(long)]
    pub no_plots: bool,
    /// Worker threads (default: all cores)
    #[arg(long, value_parser = super::run::parse_threads, allow_hyphen_values = true)]
    pub threads: Option<usize>,
}

pub fn run(args: &Args) -> Result<(), String> {
    let pool = super::run::thread_pool(args.threads)?;
    let (p, out_dir) = args.common.prepare_for(args.out.as_deref())?;
    let rows = pool.install(|| analyse(&p.targets, args.common.method, p.tail, &p.revision));
    let mut files = vec![("sensitivity.csv".to_string(), to_csv(&rows))];
    let max_events = super::run::MAX_CHARTED_EVENTS;
    if !args.no_plots && p.case.events.len() > max_events {
        eprintln!(
            "note: {} events: tornado charts are drawn for cases of up to {max_events} events; writing the CSV only",
            p.case.events.len()
        );
    } else if !args.no_plots {
        files.extend(tornado::tornado_charts(
            &p.case,
            &p.targets,
            &rows,
            args.common.method,
            p.tail,
            &p.revision,
        )?);
    }
    output::write_all(&out_dir, &files)?;
    println!(
        "{:<22} {:<16} {:<20} {:>9} {:>9} {:>9} {:>9}  median swing",
        "event", "category", "source", "baseline", "leave out", "trust 0", "trust 1"
    );
    for base in rows.iter().filter(|r| r.scenario == Scenario::Baseline) {
        let med = |src: &str, sc: Scenario| {
            rows.iter()
                .find(|r| {
                    r.event == base.event
                        && r.category == base.category
                        && r.source == src
                        && r.scenario == sc
                })
                .and_then(|r| r.q)
                .map(|q| q[1].to_string())
                .unwrap_or_else(|| "-".into())
        };
        let mut sources: Vec<&str> = rows
            .iter()
            .filter(|r| {
                r.event == base.event && r.category == base.category && !r.source.is_empty()
            })
            .map(|r| r.source.as_str())
            .collect();
        sources.dedup();
        sources.sort_by_key(|s| std::cmp::Reverse(swing(&rows, &base.event, &base.category, s)));
        for s in sources {
            println!(
                "{:<22} {:<16} {:<20} {:>9} {:>9} {:>9} {:>9}  {}",
                base.event,
                base.category,
                s,
                med("", Scenario::Baseline),
                med(s, Scenario::LeaveOut),
                med(s, Scenario::Trust0),
                med(s, Scenario::Trust1),
                swing(&rows, &base.event, &base.category, s)
            );
        }
    }
    println!("wrote {} files to {}", files.len(), out_dir.display());
    Ok(())
}
