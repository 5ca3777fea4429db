//! One module per subcommand: its arguments and its `run`.

pub mod calibrate;
pub mod check;
pub mod import;
pub mod parse;
pub mod report;
pub mod run;
pub mod sensitivity;

use crate::case::{Case, WEIGHTS, apply_weights, parse_trust, read_weights};
use crate::claim::{ReadClaim, Target, read_claims, targets};
use crate::engine::Method;
use crate::engine::dist::Tail;
use crate::engine::revision::RevisionModel;
use crate::fxhash::{FxHashMap, FxHashSet};
use crate::lexicon::{Lexicon, LexiconKind};
use crate::table::read_table;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

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
    /// Make a case folder from a UCDP GED or ACLED file (or add one to a case)
    Import(import::Args),
    /// Show how figure texts are read
    Parse(parse::Args),
    /// Combine the claims of a case into ranges: summary.csv, claims.csv, charts
    Run(run::Args),
    /// One HTML page: a trust slider per source, every range recomputed exactly
    Report(report::Args),
    /// How far each source's trust moves each estimate: sensitivity.csv, tornado charts
    Sensitivity(sensitivity::Args),
    /// Score revision settings against tolls established later, and pick one
    Calibrate(calibrate::Args),
}

/// The bundled seed case, the default of commands that take a case.
pub const SEED_CASE: &str = "data/mali-2023-09";

/// Loads a case, reporting every problem as `FILE:LINE: message`.
pub fn load_case(dir: &Path) -> Result<Case, String> {
    Case::load(dir).map_err(|p| format!("{p}\n{} problem(s) found in {}", p.len(), dir.display()))
}

/// Loads a case and reads every figure of its valid claims, so that one
/// pass reports every problem: the files' and the figures'.
pub fn load_and_read(dir: &Path, kind: LexiconKind) -> Result<(Case, Vec<ReadClaim>), String> {
    let (case, mut problems) = Case::load_partial(dir);
    let read = case
        .as_ref()
        .map(|c| read_claims(c, &lexicon_for(kind, Some(c))));
    release_freed_memory();
    match (case, read) {
        (Some(c), Some(Ok(claims))) if problems.is_empty() => return Ok((c, claims)),
        (_, Some(Err(p))) => problems.extend(p),
        _ => {}
    }
    Err(format!(
        "{problems}\n{} problem(s) found in {}",
        problems.len(),
        dir.display()
    ))
}

/// Gives back to the system the pages of the buffers freed after reading a
/// case (its files' text and fields, the id maps: tens of MB for 100 000
/// events). glibc keeps freed memory in the middle of its heap mapped,
/// and the claims and targets made meanwhile sit above it.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only hands free pages back; nothing is moved.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The lexicon for a case: the chosen built-in one, extended by the case's own.
pub fn lexicon_for(kind: LexiconKind, case: Option<&Case>) -> Lexicon {
    let lex = Lexicon::new(kind);
    match case {
        Some(c) if !c.lexicon.is_empty() => lex.with_entries(c.lexicon.clone()),
        _ => lex,
    }
}

/// A warning for each event that no claim is about: it gets no estimate
/// and is in no roll-up, which a user should not discover by its absence.
pub fn unclaimed_events(case: &Case) -> Vec<String> {
    let mut claimed: FxHashSet<&str> = FxHashSet::default();
    let mut last = "";
    for c in &case.claims {
        // a case's claims come event by event: one lookup per event
        if c.event.as_str() != last {
            last = c.event.as_str();
            claimed.insert(last);
        }
    }
    case.events
        .iter()
        .filter(|e| !claimed.contains(e.id.as_str()))
        .map(|e| {
            format!(
                "{}: event '{}' has no claims in claims.csv: it gets no estimate and is left out of the roll-ups",
                case.dir.join("events.csv").display(),
                e.id
            )
        })
        .collect()
}

/// A warning for each target whose sources all have trust 0: it gets no
/// estimate (there is nothing to weigh).
pub fn untrusted_targets(targets: &[Target]) -> Vec<String> {
    targets
        .iter()
        .filter(|t| !(t.total_trust() > 0.0))
        .map(|t| {
            let sources: Vec<&str> = t.voices.iter().map(|v| v.source.as_str()).collect();
            format!(
                "{} / {}: every source of this target has trust 0 ({}): it gets no estimate",
                t.event,
                t.category,
                sources.join(", ")
            )
        })
        .collect()
}

/// A warning for each claim of a belligerent source that does not say whose
/// dead it counts: its own side's and its enemy's are revised in opposite
/// directions, so the default (its kind's revision) may be wrong.
pub fn unstated_stances(case: &Case) -> Vec<String> {
    let parties: FxHashSet<&str> = case
        .sources
        .iter()
        .filter(|s| s.kind == crate::case::SourceKind::Belligerent)
        .map(|s| s.id.as_str())
        .collect();
    let mut unstated = case
        .claims
        .iter()
        .filter(|c| c.stance.is_none() && parties.contains(c.source.as_str()));
    let mut out: Vec<String> = unstated
        .by_ref()
        .take(MAX_STANCE_WARNINGS)
        .map(|c| {
            format!(
                "{}:{}: claim '{}' of belligerent '{}' has no stance: say whose deaths it counts (own, enemy, mixed or other); until then it is revised as its own side's",
                c.file, c.line, c.id, c.source
            )
        })
        .collect();
    let more = unstated.count();
    if more > 0 {
        out.push(format!(
            "{more} more claims of belligerent sources have no stance (the first {MAX_STANCE_WARNINGS} are listed above)"
        ));
    }
    out
}

/// A warning for each claim that says `own`, `enemy` or `mixed` of a
/// source that is neither `belligerent` nor `official`: a stance is relative
/// to a party, and `enemy`/`mixed` change the revision.
pub fn stances_of_non_parties(case: &Case) -> Vec<String> {
    use crate::case::{SourceKind, Stance};
    let kinds: FxHashMap<&str, SourceKind> = case
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s.kind))
        .collect();
    case.claims
        .iter()
        .filter(|c| matches!(c.stance, Some(Stance::Own | Stance::Enemy | Stance::Mixed)))
        .filter_map(|c| {
            let kind = *kinds.get(c.source.as_str())?;
            (!matches!(kind, SourceKind::Belligerent | SourceKind::Official)).then(|| {
                format!(
                    "{}:{}: claim '{}' has stance {} but its source '{}' is {}, not a party: a stance says whose dead a party counts; it is applied as given",
                    c.file,
                    c.line,
                    c.id,
                    c.stance.map(|s| s.as_str()).unwrap_or(""),
                    c.source,
                    kind
                )
            })
        })
        .take(MAX_STANCE_WARNINGS)
        .collect()
}

/// What a case's stances need looking at: party claims without one, and
/// stances given to sources that are not parties.
pub fn stance_warnings(case: &Case) -> Vec<String> {
    let mut w = unstated_stances(case);
    w.extend(stances_of_non_parties(case));
    w
}

/// Claims without a stance listed one by one; beyond, a count.
pub const MAX_STANCE_WARNINGS: usize = 20;

/// What every command that combines claims takes: the case, how figures are
/// read, how claims are combined, and trust overrides for this run.
#[derive(Debug, Clone, clap::Args)]
pub struct CaseArgs {
    /// The case folder
    #[arg(default_value = SEED_CASE)]
    pub case: PathBuf,
    /// How claims are combined: pool (mixture) or fusion (reliability-weighted Bayes)
    #[arg(long, default_value = "pool")]
    pub method: Method,
    /// Phrase readings: builtin, or acled (ACLED's conservative coding)
    #[arg(long, default_value = "builtin")]
    pub lexicon: LexiconKind,
    /// Override a source's trust for this run, e.g. --weight fama=0.1 (repeatable)
    #[arg(long = "weight", value_name = "SOURCE=TRUST")]
    pub weight: Vec<String>,
    /// Override trusts from a CSV file with columns source,trust
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Power-law exponent of open readings' tails
    #[arg(long, default_value_t = 2.4)]
    pub tail_alpha: f64,
    /// Open readings' tails stop at this multiple of their lower bound
    #[arg(long, default_value_t = 10.0)]
    pub tail_cap: f64,
    /// Revision of early figures: default (per voice, from the revision
    /// file), none to read claims literally, or MU,SIGMA for one log-normal
    /// factor on every closed reading
    #[arg(long, default_value = DEFAULT_REVISION, allow_hyphen_values = true)]
    pub revision: String,
    /// A revision file (voice,reading,model,mu,sigma,…) instead of the
    /// shipped data/revision.csv, as `tollrange calibrate` writes it
    #[arg(long, value_name = "FILE")]
    pub revision_file: Option<PathBuf>,
}

/// The default revision: per voice, as `calibrate` fitted it on the
/// training incidents (`data/revision.csv`, built in). Reproduce it with
/// `tollrange calibrate data/calibration --truth data/calibration/truth.csv`
/// (see README, "How honest are the ranges?").
pub const DEFAULT_REVISION: &str = "default";

/// The steepest tail accepted: (10^15)^-20 is still a normal float.
pub const MAX_TAIL_ALPHA: f64 = 20.0;

/// A case read, reweighted and grouped into targets, ready to combine.
pub struct Prepared {
    /// What the user should know but does not stop the run (events
    /// without claims), each without the `warning: ` prefix.
    pub warnings: Vec<String>,
    pub revision: RevisionModel,
    pub case: Case,
    pub claims: Vec<ReadClaim>,
    pub targets: Vec<Target>,
    pub tail: Tail,
}

impl CaseArgs {
    /// `prepare`, then the output folder (`--out`, or `plots/<case name>`)
    /// checked before anything is computed, then the warnings printed.
    pub fn prepare_for(&self, out: Option<&Path>) -> Result<(Prepared, PathBuf), String> {
        let p = self.prepare()?;
        let out_dir = out
            .map(Path::to_path_buf)
            .unwrap_or_else(|| Path::new("plots").join(&p.case.name));
        crate::export::output::check_out_dir(&out_dir, &self.case)?;
        for w in &p.warnings {
            eprintln!("warning: {w}");
        }
        Ok((p, out_dir))
    }

    /// Reads the case, applies `--weights` then `--weight`, reads every
    /// figure. Nothing is computed when anything is wrong.
    pub fn prepare(&self) -> Result<Prepared, String> {
        // beyond this, t^-α underflows for large counts and the tail's
        // weights are no longer a distribution
        if self.tail_alpha > MAX_TAIL_ALPHA {
            return Err(format!(
                "--tail-alpha {}: expected a number > 0 and at most {MAX_TAIL_ALPHA} (default 2.4)",
                self.tail_alpha
            ));
        }
        let tail = Tail::new(self.tail_alpha, self.tail_cap)?;
        let revision = RevisionModel::from_options(&self.revision, self.revision_file.as_deref())?;
        let (mut case, mut claims) = load_and_read(&self.case, self.lexicon)?;
        let overrides = self.overrides(&case)?;
        apply_weights(&mut case.sources, &overrides);
        for c in &mut claims {
            if let Some(s) = case.source(&c.claim.source) {
                c.trust = s.trust;
            }
        }
        if claims.is_empty() {
            return Err(format!("{}: the case has no claims", self.case.display()));
        }
        let targets = targets(&case, &claims);
        Ok(Prepared {
            warnings: {
                let (mut w, stances) =
                    rayon::join(|| unclaimed_events(&case), || stance_warnings(&case));
                w.extend(stances);
                w
            },
            revision,
            case,
            claims,
            targets,
            tail,
        })
    }

    /// The trust overrides of this run, validated against the case's sources.
    pub fn overrides(&self, case: &Case) -> Result<Vec<(String, f64)>, String> {
        let ids: Vec<&str> = case.sources.iter().map(|s| s.id.as_str()).collect();
        let mut out: Vec<(String, f64)> = Vec::new();
        if let Some(file) = &self.weights {
            let shown = file.display().to_string();
            let table = read_table(file, &shown, &WEIGHTS).map_err(|p| p.to_string())?;
            out = read_weights(&table, &ids).map_err(|p| p.to_string())?;
        }
        for w in &self.weight {
            let (source, trust) = w.split_once('=').ok_or_else(|| {
                format!(
                    "--weight {w}: expected SOURCE=TRUST, e.g. --weight {}=0.2",
                    ids.first().unwrap_or(&"fama")
                )
            })?;
            let source = source.trim();
            if !ids.contains(&source) {
                return Err(format!(
                    "--weight {w}: unknown source '{source}'{}; known sources: {}",
                    crate::table::did_you_mean(source, ids.iter().copied()),
                    crate::case::id_list(&ids)
                ));
            }
            let trust = parse_trust(trust, b',').map_err(|m| format!("--weight {w}: {m}"))?;
            out.retain(|(s, _)| s != source);
            out.push((source.to_string(), trust));
        }
        Ok(out)
    }
}
