//! `tollrange report [CASE_DIR]`: report.html, one page where each source's
//! trust is a slider and every range is recomputed exactly in the browser.

use super::CaseArgs;
use crate::engine::{Method, Settings, estimate};
use crate::export::{output, report};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: CaseArgs,
    /// Monte Carlo draws per target for the roll-ups (region and case sums)
    #[arg(long, default_value_t = super::run::DEFAULT_SAMPLES, value_parser = super::run::parse_samples, allow_hyphen_values = true)]
    pub samples: usize,
    /// Random seed of the roll-ups' draws
    #[arg(long, default_value_t = super::run::DEFAULT_SEED, allow_hyphen_values = true)]
    pub seed: u64,
    /// Worker threads (default: all cores); never changes the results
    #[arg(long, value_parser = super::run::parse_threads, allow_hyphen_values = true)]
    pub threads: Option<usize>,
    /// Output folder (default: plots/<case name>)
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<(), String> {
    let pool = super::run::thread_pool(args.threads)?;
    let (p, out_dir) = args.common.prepare_for(args.out.as_deref())?;
    // roll-ups (sums over events) stay Monte Carlo, at the run's trust
    let rollups: Vec<_> = [Method::Pool, Method::Fusion]
        .into_iter()
        .map(|method| {
            let settings = Settings {
                method,
                samples: args.samples,
                seed: args.seed,
                tail: p.tail,
                revision: p.revision.clone(),
                histograms: false,
            };
            let est = pool.install(|| estimate(&p.case, &p.targets, &settings));
            (method, est[p.targets.len()..].to_vec())
        })
        .collect();
    let setup = report::Setup {
        method: args.common.method,
        tail: p.tail,
        revision: p.revision.clone(),
    };
    let data = pool.install(|| report::data(&p.case, &p.claims, &p.targets, setup, &rollups));
    let html = report::render(&data)?;
    let size = html.len();
    output::write_all(&out_dir, &[("report.html".to_string(), html)])?;
    println!(
        "wrote {} ({} kB)",
        out_dir.join("report.html").display(),
        size.div_ceil(1000)
    );
    Ok(())
}
