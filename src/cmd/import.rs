//! `tollrange import ucdp|acled FILE --out CASE_DIR [--merge CASE_DIR]`:
//! a UCDP GED or ACLED file as a case folder, optionally added to another
//! case, matching the incidents both hold.

use crate::import::{self, CaseOut, Dataset, merge};
use crate::problem::Problem;
use crate::table::MAX_FILE_BYTES;
use std::path::{Path, PathBuf};

/// Problems printed one per line; past this many only a count follows.
pub const MAX_SHOWN: usize = 100;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset the file comes from
    #[arg(value_enum)]
    pub dataset: Dataset,
    /// The dataset's CSV file as downloaded (HDX files with an HXL tag row too)
    pub file: PathBuf,
    /// The case folder to write (events.csv, sources.csv, claims.csv, records.csv)
    #[arg(long, value_name = "CASE_DIR")]
    pub out: PathBuf,
    /// Add the records to this case (e.g. an earlier import of the other
    /// dataset): the same incident becomes one event with a claim from each
    #[arg(long, value_name = "CASE_DIR")]
    pub merge: Option<PathBuf>,
    /// Refuse the file if any row cannot be read, and write nothing
    #[arg(long)]
    pub strict: bool,
    /// Replace the case files of a non-empty --out folder
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args) -> Result<(), String> {
    print!("{}", report(args)?);
    Ok(())
}

/// Does the import and returns what `run` prints; warnings go to stderr.
pub fn report(args: &Args) -> Result<String, String> {
    check_out(&args.out, args.force)?;
    // a case to merge into is read first: its problems need no import
    let base = match &args.merge {
        Some(dir) => Some((dir, merge::load(dir)?)),
        None => None,
    };
    let file = args.file.display().to_string();
    let imported = import::import_file(args.dataset, &args.file, &file)
        .map_err(|p| format!("{p}\n{file}: not imported"))?;
    let label = args.dataset.label();
    let mut out = format!(
        "read {file}: {}; {} rows, {} {label} events\n",
        imported.layout,
        imported.rows,
        imported.records.len(),
    );
    show("note", &imported.notes);
    show("warning", &imported.skipped);
    if !imported.skipped.is_empty() {
        let what = format!(
            "{} of {} rows could not be read",
            imported.skipped.len(),
            imported.rows
        );
        if args.strict {
            return Err(format!("{file}: {what}; --strict: nothing written"));
        }
        eprintln!("{file}: {what} and were skipped (--strict refuses the file instead)");
    }
    if imported.records.is_empty() {
        return Err(format!("{file}: no row could be read; nothing written"));
    }
    let case = match base {
        None => CaseOut::from_import(&imported),
        Some((dir, mut case)) => {
            let r = merge::merge(&mut case, &imported);
            show("warning", &r.skipped);
            if !r.skipped.is_empty() {
                let what = format!(
                    "{} of {} {label} events are already in {}",
                    r.skipped.len(),
                    imported.records.len(),
                    dir.display()
                );
                if args.strict || r.added == 0 {
                    return Err(format!("{file}: {what}; nothing written"));
                }
                eprintln!("{file}: {what} and were left out");
            }
            out.push_str(&matches_text(dir, label, imported.records.len(), &r));
            case
        }
    };
    let files = case.files();
    for (name, bytes) in &files {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "{}: {name} would be {} MiB, and case files are limited to {} MiB; cut {file} to the country or years you need first; nothing written",
                args.out.display(),
                bytes.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ));
        }
    }
    crate::export::output::write_all(&args.out, &files)?;
    out.push_str(&format!(
        "wrote {}: {} events, {} sources, {} claims ({})\n",
        args.out.display(),
        case.events.len(),
        case.sources.len(),
        case.claims.len(),
        files
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Ok(out)
}

/// The merge summary: how many records matched, and the first matches.
fn matches_text(dir: &Path, label: &str, records: usize, r: &merge::Report) -> String {
    let mut out = format!(
        "matched {} of {records} {label} events to events of {} (same date ±{} day, within {} km or same admin2)\n",
        r.matches.len(),
        dir.display(),
        merge::MATCH_DAYS,
        merge::MATCH_KM
    );
    for m in r.matches.iter().take(20) {
        let how = match (m.by_admin2, m.km) {
            (false, Some(k)) => format!("{k:.1} km"),
            (true, Some(k)) => format!("same admin2, {k:.1} km"),
            (_, None) => "same admin2".to_string(),
        };
        out.push_str(&format!(
            "  {} ← {label} {} ({} day(s) apart, {how})\n",
            m.event, m.record, m.days
        ));
    }
    if r.matches.len() > 20 {
        out.push_str(&format!(
            "  … and {} more (records.csv lists every event's records)\n",
            r.matches.len() - 20
        ));
    }
    if r.ambiguous > 0 {
        out.push_str(&format!(
            "  {} record(s) could match more than one event: each went to the closest in date, then distance\n",
            r.ambiguous
        ));
    }
    if r.unlocated > 0 {
        out.push_str(&format!(
            "  {} event(s) of {} have no dataset record (no coordinates) and could not be matched\n",
            r.unlocated,
            dir.display()
        ));
    }
    out
}

/// The output folder must be new or empty, unless --force.
fn check_out(out: &Path, force: bool) -> Result<(), String> {
    match std::fs::metadata(out) {
        Ok(m) if !m.is_dir() => Err(format!(
            "{}: --out names a file; expected a case folder",
            out.display()
        )),
        Ok(_) => {
            let mut entries = std::fs::read_dir(out)
                .map_err(|e| format!("{}: cannot read folder: {e}", out.display()))?;
            if entries.next().is_some() && !force {
                return Err(format!(
                    "{}: folder is not empty; choose a new --out folder, or add --force to replace its events.csv, sources.csv, claims.csv and records.csv",
                    out.display()
                ));
            }
            Ok(())
        }
        Err(_) => Ok(()),
    }
}

/// Prints problems to stderr, one line each up to [`MAX_SHOWN`].
fn show(kind: &str, problems: &[Problem]) {
    for p in problems.iter().take(MAX_SHOWN) {
        eprintln!("{kind}: {p}");
    }
    if problems.len() > MAX_SHOWN {
        eprintln!(
            "{kind}: … and {} more not shown",
            problems.len() - MAX_SHOWN
        );
    }
}
