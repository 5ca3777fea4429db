//! One module per subcommand: its arguments and its `run`.

pub mod check;
pub mod parse;
pub mod run;

use crate::case::Case;
use crate::lexicon::{Lexicon, LexiconKind};
use clap::{Parser, Subcommand};
use std::path::Path;

/// Turn conflicting reported death tolls into honest range estimates.
#[derive(Debug, Parser)]
#[command(name = "tollrange", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a case folder and report every problem
    Check(check::Args),
    /// Show how figure texts are read
    Parse(parse::Args),
    /// Combine the claims of a case into ranges: summary.csv, claims.csv, charts
    Run(run::Args),
}

/// The bundled seed case, the default of commands that take a case.
pub const SEED_CASE: &str = "data/mali-2023-09";

/// Loads a case, reporting every problem as `FILE:LINE: message`.
pub fn load_case(dir: &Path) -> Result<Case, String> {
    Case::load(dir).map_err(|p| format!("{p}\n{} problem(s) found in {}", p.len(), dir.display()))
}

/// The lexicon for a case: the chosen built-in one, extended by the case's own.
pub fn lexicon_for(kind: LexiconKind, case: Option<&Case>) -> Lexicon {
    let lex = Lexicon::new(kind);
    match case {
        Some(c) if !c.lexicon.is_empty() => lex.with_entries(c.lexicon.clone()),
        _ => lex,
    }
}
