//! The case reader and everything after it on any file contents.
//!
//! Input: the bytes of events.csv, sources.csv, claims.csv and optionally
//! lexicon.csv and weights.csv, separated by 0xFE (never in UTF-8 text). They
//! are parsed in memory by the table reader, then written into a scratch
//! case folder and read by `Case::load`; a valid case goes on to figure
//! reading, targets, the engine's models and (when small) exact grids and a
//! short run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;
use tollrange::case::{CLAIMS, Case, EVENTS, LEXICON, SOURCES, WEIGHTS};
use tollrange::case_files::write_case_files;
use tollrange::claim::{read_claims, targets};
use tollrange::cmd::{check, lexicon_for};
use tollrange::engine::dist::{Revision, Tail};
use tollrange::engine::{Method, Model, Settings, estimate};
use tollrange::lexicon::LexiconKind;
use tollrange::table::{decode, parse_table};

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base
            .join(format!("tollrange-fuzz-{}", std::process::id()))
            .join("case");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fn reach(m: &Model) -> u64 {
    m.voices
        .iter()
        .flat_map(|(_, ds)| ds.iter().map(|d| d.high()))
        .max()
        .unwrap_or(0)
}

fuzz_target!(|data: &[u8]| {
    let parts: Vec<&[u8]> = data.split(|&b| b == 0xFE).collect();
    // the table reader alone, in memory
    for (part, schema) in parts
        .iter()
        .zip([EVENTS, SOURCES, CLAIMS, LEXICON, WEIGHTS])
    {
        if let Ok(text) = decode(part, "f.csv") {
            let _ = parse_table(&text, "f.csv", &schema);
        }
    }
    let dir = scratch();
    write_case_files(dir, std::array::from_fn(|i| parts.get(i).copied())).unwrap();
    let report = check::report(&check::Args {
        case: dir.clone(),
        lexicon: LexiconKind::Builtin,
    });
    let case = match Case::load(dir) {
        Ok(c) => c,
        Err(p) => {
            assert!(!p.is_empty() && report.is_err());
            return;
        }
    };
    for kind in [LexiconKind::Builtin, LexiconKind::Acled] {
        let lexicon = lexicon_for(kind, Some(&case));
        let Ok(claims) = read_claims(&case, &lexicon) else {
            continue;
        };
        let targets = targets(&case, &claims);
        let tail = Tail::default();
        let mut cheap = true;
        for t in &targets {
            for revision in [None, Some(Revision::new(0.6, 0.6).unwrap())] {
                let model = match Model::of(t, tail, &tollrange::engine::revision::RevisionModel::uniform(revision)) {
                    Ok(m) if reach(&m) <= 5_000 => m,
                    _ => {
                        cheap &= revision.is_some();
                        continue;
                    }
                };
                for method in [Method::Pool, Method::Fusion] {
                    if let Ok(pmf) = model.exact(method) {
                        let total: f64 = pmf.p.iter().sum();
                        assert!((total - 1.0).abs() < 1e-6, "{total}");
                    }
                }
            }
        }
        if cheap && !targets.is_empty() {
            for method in [Method::Pool, Method::Fusion] {
                let settings = Settings {
                    method,
                    samples: 64,
                    seed: 1,
                    tail,
                    revision: tollrange::engine::revision::RevisionModel::builtin(),
                    histograms: method == Method::Pool,
                };
                let _ = estimate(&case, &targets, &settings);
            }
        }
    }
});
