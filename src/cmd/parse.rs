//! `tollrange parse TEXT...`: how figure texts are read, and every count
//! found in them: which was used and why the others were not.

use crate::figure::{Found, explain};
use crate::lexicon::{Lexicon, LexiconKind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Figure texts, e.g. "au moins 64 morts" "des dizaines"
    #[arg(required = true)]
    pub texts: Vec<String>,
    /// CSV output: text,low,high,open,reading,used,ignored (high empty when open)
    #[arg(long)]
    pub csv: bool,
    /// Phrase readings: builtin, or acled (ACLED's conservative coding)
    #[arg(long, default_value = "builtin")]
    pub lexicon: LexiconKind,
}

pub fn run(args: &Args) -> Result<(), String> {
    let (out, errors) = render(args);
    print!("{}", String::from_utf8_lossy(&out));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n{} of {} text(s) could not be read",
            errors.join("\n"),
            errors.len(),
            args.texts.len()
        ))
    }
}

/// Standard output and the error lines (one per unreadable text).
pub fn render(args: &Args) -> (Vec<u8>, Vec<String>) {
    let lexicon = Lexicon::new(args.lexicon);
    let mut errors = Vec::new();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut plain = Vec::new();
    if args.csv {
        w.write_record(["text", "low", "high", "open", "reading", "used", "ignored"])
            .expect("memory");
    }
    for text in &args.texts {
        let explained = explain(text, &lexicon);
        match explained.result {
            Ok(r) => {
                if args.csv {
                    let (used, ignored) = columns(&explained.found);
                    w.write_record([
                        text.as_str(),
                        &r.low.to_string(),
                        &r.high.map(|h| h.to_string()).unwrap_or_default(),
                        if r.high.is_none() { "true" } else { "false" },
                        &r.how,
                        &used,
                        &ignored,
                    ])
                    .expect("memory");
                } else {
                    plain.extend_from_slice(format!("{}\n", r.how).as_bytes());
                    plain.extend_from_slice(listing(&explained.found).as_bytes());
                }
            }
            Err(e) => {
                let found = listing(&explained.found);
                errors.push(format!("error: {e}\n{found}").trim_end().to_string());
            }
        }
    }
    if args.csv {
        (w.into_inner().expect("memory"), errors)
    } else {
        (plain, errors)
    }
}

/// The counts found, one indented line each, when there is more than the
/// one used: `  "30 blessés": ignored: counts wounded, …`.
fn listing(found: &[Found]) -> String {
    if found.len() < 2 && found.iter().all(|f| f.used) {
        return String::new();
    }
    found
        .iter()
        .map(|f| format!("  \"{}\": {}\n", f.text, f.why))
        .collect()
}

/// CSV columns `used` (the counts read, ` + ` between parts) and `ignored`
/// (each other count with why, `; ` between them).
fn columns(found: &[Found]) -> (String, String) {
    let used: Vec<&str> = found
        .iter()
        .filter(|f| f.used)
        .map(|f| f.text.as_str())
        .collect();
    let ignored: Vec<String> = found
        .iter()
        .filter(|f| !f.used)
        .map(|f| format!("{} ({})", f.text, f.why.trim_start_matches("ignored: ")))
        .collect();
    (used.join(" + "), ignored.join("; "))
}
