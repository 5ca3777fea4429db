//! `tollrange parse TEXT...`: how figure texts are read.

use crate::figure::read_figure;
use crate::lexicon::{Lexicon, LexiconKind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Figure texts, e.g. "au moins 64 morts" "des dizaines"
    #[arg(required = true)]
    pub texts: Vec<String>,
    /// CSV output: text,low,high,open,reading (high empty when open)
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
        w.write_record(["text", "low", "high", "open", "reading"])
            .expect("memory");
    }
    for text in &args.texts {
        match read_figure(text, &lexicon) {
            Ok(r) => {
                if args.csv {
                    w.write_record([
                        text.as_str(),
                        &r.low.to_string(),
                        &r.high.map(|h| h.to_string()).unwrap_or_default(),
                        if r.high.is_none() { "true" } else { "false" },
                        &r.how,
                    ])
                    .expect("memory");
                } else {
                    plain.extend_from_slice(format!("{}\n", r.how).as_bytes());
                }
            }
            Err(e) => errors.push(format!("error: {e}")),
        }
    }
    if args.csv {
        (w.into_inner().expect("memory"), errors)
    } else {
        (plain, errors)
    }
}
