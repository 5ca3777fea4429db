//! Never a panic: random case folders (bytes, broken rows, odd values) go
//! through the whole pipeline — `Case::load`, figure reading, targets, the
//! engine's models and exact grids, a small run — and random figure texts
//! through the parser. Every input either works or gives problems that name
//! a file; nothing panics.
//!
//! The `#[ignore]`d `*_at_scale` tests run the same properties with many
//! more cases (`cargo test --test properties -- --ignored`), as a stand-in
//! for the cargo-fuzz targets under `fuzz/` on machines without nightly.

mod common;
use proptest::prelude::*;
use std::path::Path;
use tollrange::case::Case;
use tollrange::claim::{read_claims, targets};
use tollrange::cmd::{check, lexicon_for};
use tollrange::engine::dist::{Revision, Tail};
use tollrange::engine::revision::RevisionModel;
use tollrange::engine::{Method, Model, Settings, estimate};
use tollrange::figure::read_figure;
use tollrange::lexicon::{Lexicon, LexiconEntry, LexiconKind};

// ---------------------------------------------------------------------------
// Random case folders
// ---------------------------------------------------------------------------

/// Values a column takes: mostly valid ones, then odd but plausible ones.
fn pools(column: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match column {
        "event" => (&["e1", "e1", "e1", "e2"], &["", "E1", "e 1", "x"]),
        "source" => (&["s1", "s1", "s2", "s2", "s3"], &["", "S1", "s 1", "x"]),
        "trust" => (
            &["0.5", "1", "0", "0.7", "0.25", " 0.2 "],
            &[
                "NaN", "inf", "-0.1", "1.5", "", "70%", "1e-300", "0x1", "1e309", "-0", "0,7",
            ],
        ),
        "low" => (
            &["", "", "", "", "0", "7", "20", "64"],
            &[
                "1000000000",
                "1000000001",
                "-1",
                "2.5",
                "1e3",
                "18446744073709551616",
                "1 000",
                "dix",
                "+5",
            ],
        ),
        "high" => (
            &["", "", "", "", "", "", "", "", "99", "1000"],
            &[
                "0",
                "1000000000",
                "1000000001",
                "-1",
                "2.5",
                "1e3",
                "18446744073709551616",
            ],
        ),
        "figure" | "phrase" => (
            &[
                "au moins 64 morts",
                "plus d'une centaine",
                "des dizaines de morts",
                "10 soldats tués et 46 rebelles neutralisés",
                "entre 20 et 30",
                "des milliers",
                "aucun mort",
                "des morts",
                "64",
                "0",
                "jusqu'à 0",
                "moins de 1",
                "environ 50",
            ],
            &[
                "environ 999999999999",
                "plus de 999999999999 morts",
                "un bilan lourd",
                "une flopée",
                "",
                "«",
                "1000000000000",
                "des centaines de milliers",
                "64 morts, 100 morts",
            ],
        ),
        "kind" => (
            &[
                "official",
                "belligerent",
                "wire",
                "local",
                "media",
                "ngo",
                "other",
            ],
            &["x", "", "Official"],
        ),
        "shape" => (
            &["", "", "uniform", "loguniform", "triangular"],
            &["normal", "Uniform"],
        ),
        "open" => (&["", "true", "false", "oui"], &["maybe"]),
        "category" => (
            &["killed", "killed", "killed_civilians"],
            &["Killed", "", "killed civils"],
        ),
        "name" => (&["x", "Bamba", "Bourem"], &["", " "]),
        _ => (
            &["", "x", "Bamba", "2023-09-07", "Tombouctou", "Gao"],
            &["\"\"", "é"],
        ),
    }
}

const JUNK: &[&str] = &[
    "\"", ",", ";", "\n", "\r\n", "a\"b", "\u{feff}", "\u{200b}", "\0", " ", "\r",
];

/// A value for a column: from the valid pool in a clean file; in a dirty
/// one, sometimes odd, junk or random text.
fn value(
    column: &'static str,
    prefix: &'static str,
    row: usize,
    clean: bool,
) -> BoxedStrategy<String> {
    let (good, odd) = pools(column);
    if column == "id" || (column == "source" && prefix.is_empty()) {
        // unique ids (weights.csv names sources s1, s2, …)
        let p = if prefix.is_empty() { "s" } else { prefix };
        return weighted(
            clean,
            vec![(30, Just(format!("{p}{}", row + 1)).boxed())],
            vec![(
                1,
                prop::sample::select(&["", "s1", "e1", "a/b", ".x", "é", "x y"][..])
                    .prop_map(str::to_string)
                    .boxed(),
            )],
        );
    }
    weighted(
        clean,
        vec![(
            30,
            prop::sample::select(good).prop_map(str::to_string).boxed(),
        )],
        vec![
            (
                3,
                prop::sample::select(odd).prop_map(str::to_string).boxed(),
            ),
            (
                1,
                prop::sample::select(JUNK).prop_map(str::to_string).boxed(),
            ),
            (1, "[^\u{0}]{0,12}".boxed()),
        ],
    )
}

/// The good choices alone in a clean file, all of them in a dirty one.
fn weighted<T: std::fmt::Debug + 'static>(
    clean: bool,
    good: Vec<(u32, BoxedStrategy<T>)>,
    bad: Vec<(u32, BoxedStrategy<T>)>,
) -> BoxedStrategy<T> {
    let mut all = good;
    if !clean {
        all.extend(bad);
    }
    prop::strategy::Union::new_weighted(all).boxed()
}

/// A field as written in the file: plain, or quoted with `"` doubled.
fn write_field(v: &str, quoted: bool) -> String {
    if quoted {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// A CSV file for a schema, with ids `<prefix><row>`, a random delimiter,
/// BOM and line ending. Clean files have valid values in every field;
/// dirty ones also odd values, junk, a dropped or unknown column, rows a
/// field short or long, unquoted delimiters; a few are raw random bytes or
/// nothing at all.
fn csv_file(
    prefix: &'static str,
    columns: &'static [&'static str],
    rows: std::ops::Range<usize>,
) -> BoxedStrategy<Vec<u8>> {
    let n = columns.len();
    let structured = move |clean: bool| {
        let row = move |i: usize| {
            (
                columns
                    .iter()
                    .map(|c| value(c, prefix, i, clean))
                    .collect::<Vec<_>>(),
                prop::collection::vec(prop::bool::weighted(0.2), n), // quoted
                weighted(
                    clean,
                    vec![(20, Just(0i8).boxed())],
                    vec![(1, Just(-1i8).boxed()), (1, Just(1i8).boxed())],
                ), // fields off by one
                prop::bool::weighted(if clean { 1e-9 } else { 0.05 }), // no quotes even where needed
            )
        };
        (
            prop::collection::vec(
                prop::bool::weighted(if clean { 1.0 - 1e-9 } else { 0.97 }),
                n,
            ), // keep column
            any::<bool>(), // semicolons
            any::<bool>(), // BOM
            0u8..3,        // LF, CRLF or CR line endings
            prop::option::weighted(if clean { 1e-9 } else { 0.1 }, "[a-z]{1,6}"), // an unknown column
            rows.clone()
                .prop_flat_map(move |k| (0..k).map(row).collect::<Vec<_>>()),
        )
            .prop_map(move |(keep, semi, bom, ending, extra, rows)| {
                let d = if semi { ";" } else { "," };
                let nl = ["\n", "\r\n", "\r"][usize::from(ending)];
                let mut header: Vec<String> = columns
                    .iter()
                    .zip(&keep)
                    .filter(|(_, k)| **k)
                    .map(|(c, _)| c.to_string())
                    .collect();
                if let Some(x) = &extra {
                    header.push(x.clone());
                }
                let mut out = String::new();
                if bom {
                    out.push('\u{feff}');
                }
                out.push_str(&header.join(d));
                out.push_str(nl);
                for (values, quoted, off, raw) in rows {
                    let mut fields: Vec<String> = values
                        .iter()
                        .zip(&keep)
                        .zip(&quoted)
                        .filter(|((_, k), _)| **k)
                        .map(|((v, _), q)| {
                            let needed = v.contains([',', ';', '"', '\n', '\r']);
                            write_field(v, !raw && (*q || needed))
                        })
                        .collect();
                    if extra.is_some() {
                        fields.push(String::new());
                    }
                    match off {
                        -1 => {
                            fields.pop();
                        }
                        1 => fields.push("x".into()),
                        _ => {}
                    }
                    out.push_str(&fields.join(d));
                    out.push_str(nl);
                }
                out.into_bytes()
            })
    };
    prop_oneof![
        60 => structured(true),
        20 => structured(false),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => Just(Vec::new()),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
struct RandomCase {
    events: Vec<u8>,
    sources: Vec<u8>,
    claims: Vec<u8>,
    lexicon: Option<Vec<u8>>,
    weights: Option<Vec<u8>>,
}

fn random_case() -> impl Strategy<Value = RandomCase> {
    (
        csv_file(
            "e",
            &["id", "name", "date", "place", "region", "description"],
            1..4,
        ),
        csv_file("s", &["id", "name", "kind", "trust", "description"], 1..4),
        csv_file(
            "c",
            &[
                "id", "event", "category", "source", "figure", "low", "high", "shape", "outlet",
                "document", "quote",
            ],
            1..9,
        ),
        prop::option::weighted(
            0.3,
            csv_file("", &["phrase", "low", "high", "open", "note"], 1..3),
        ),
        prop::option::weighted(0.3, csv_file("", &["source", "trust", "note"], 1..3)),
    )
        .prop_map(|(events, sources, claims, lexicon, weights)| RandomCase {
            events,
            sources,
            claims,
            lexicon,
            weights,
        })
}

/// The largest count any reading of a model can reach, for deciding which
/// exact grids are cheap enough to build in a test.
fn reach(m: &Model) -> u64 {
    m.voices
        .iter()
        .flat_map(|(_, ds)| ds.iter().map(|d| d.high()))
        .max()
        .unwrap_or(0)
}

/// Everything a case can go through; panics are the only failure.
fn exercise(dir: &Path) -> Result<(), TestCaseError> {
    // `check` formats every problem or the whole report
    let report = check::report(&check::Args {
        case: dir.to_path_buf(),
        lexicon: LexiconKind::Builtin,
    });
    let case = match Case::load(dir) {
        Ok(c) => c,
        Err(problems) => {
            prop_assert!(!problems.is_empty());
            prop_assert!(report.is_err());
            for p in &problems.0 {
                prop_assert!(p.file.starts_with(&dir.display().to_string()), "{p}");
                prop_assert!(!p.message.is_empty());
            }
            return Ok(());
        }
    };
    for kind in [LexiconKind::Builtin, LexiconKind::Acled] {
        let lexicon = lexicon_for(kind, Some(&case));
        let claims = match read_claims(&case, &lexicon) {
            Ok(c) => c,
            Err(problems) => {
                for p in &problems.0 {
                    prop_assert!(p.line.is_some(), "{p}");
                }
                continue;
            }
        };
        let targets = targets(&case, &claims);
        prop_assert_eq!(
            targets.iter().map(|t| t.claim_count()).sum::<usize>(),
            claims.len()
        );
        let tail = Tail::default();
        let mut cheap = true;
        for t in &targets {
            for revision in [None, Some(Revision::new(0.6, 0.6).unwrap())] {
                let model = match Model::of(t, tail, &RevisionModel::uniform(revision)) {
                    Ok(m) if reach(&m) <= 2_000 => m,
                    _ => {
                        cheap &= revision.is_some();
                        continue;
                    }
                };
                for method in [Method::Pool, Method::Fusion] {
                    if let Ok(pmf) = model.exact(method) {
                        let total: f64 = pmf.p.iter().sum();
                        prop_assert!((total - 1.0).abs() < 1e-6, "{total}");
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
                    revision: RevisionModel::literal(),
                    histograms: method == Method::Pool,
                };
                let est = estimate(&case, &targets, &settings);
                prop_assert!(est.len() >= targets.len());
            }
        }
    }
    Ok(())
}

fn write_case(dir: &Path, c: &RandomCase) {
    let files = [
        Some(c.events.as_slice()),
        Some(c.sources.as_slice()),
        Some(c.claims.as_slice()),
        c.lexicon.as_deref(),
        c.weights.as_deref(),
    ];
    tollrange::case_files::write_case_files(dir, files).unwrap();
}

thread_local! {
    /// One case folder per test thread, rewritten for every case: creating
    /// and deleting thousands of folders is slow on some disks.
    static SCRATCH: tempfile::TempDir = scratch();
}

/// A scratch folder, in memory where the system offers one.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().unwrap()
}

fn case_property(c: &RandomCase) -> Result<(), TestCaseError> {
    SCRATCH.with(|tmp| {
        let dir = tmp.path().join("case");
        if !dir.is_dir() {
            std::fs::create_dir(&dir).unwrap();
        }
        write_case(&dir, c);
        exercise(&dir)
    })
}

// ---------------------------------------------------------------------------
// Random figure texts
// ---------------------------------------------------------------------------

use common::FIGURE_PIECES as PIECES;

fn figure_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(
            (
                prop::sample::select(PIECES),
                prop::sample::select(&[" ", "", " ", "\u{a0}", "-", "  "][..]),
            ),
            0..16,
        )
        .prop_map(|parts| parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect()),
        1 => any::<String>(),
        1 => "[0-9 .,+\\-]{0,40}",
    ]
}

fn lexicon_entries() -> impl Strategy<Value = Vec<LexiconEntry>> {
    prop::collection::vec(
        (
            prop_oneof![
                prop::sample::select(PIECES).prop_map(str::to_string),
                figure_text()
            ],
            0u64..2_000_000_000,
            prop::option::of(0u64..2_000_000_000),
        )
            .prop_map(|(phrase, low, high)| LexiconEntry { phrase, low, high }),
        0..4,
    )
}

fn figure_property(text: &str, user: &[LexiconEntry]) -> Result<(), TestCaseError> {
    for kind in [LexiconKind::Builtin, LexiconKind::Acled] {
        for lex in [
            Lexicon::new(kind),
            Lexicon::new(kind).with_entries(user.to_vec()),
        ] {
            match read_figure(text, &lex) {
                Ok(r) => {
                    if let Some(h) = r.high {
                        prop_assert!(r.low <= h, "{text:?}: {r:?}");
                    }
                    if let Some(m) = r.mode {
                        prop_assert!(m >= r.low && r.high.is_none_or(|h| m <= h), "{r:?}");
                    }
                    prop_assert!(!r.how.is_empty());
                }
                Err(e) => {
                    prop_assert_eq!(&e.text, text);
                    prop_assert!(!e.message.is_empty());
                    // an error quotes at most a bounded part of the text
                    prop_assert!(e.to_string().chars().count() < 600);
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn random_case_folders_never_panic(c in random_case()) {
        case_property(&c)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn random_figure_texts_never_panic(text in figure_text(), user in lexicon_entries()) {
        figure_property(&text, &user)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200_000))]

    #[test]
    #[ignore = "long: run by hand with --ignored"]
    fn random_case_folders_never_panic_at_scale(c in random_case()) {
        case_property(&c)?;
    }

    #[test]
    #[ignore = "long: run by hand with --ignored"]
    fn random_figure_texts_never_panic_at_scale(text in figure_text(), user in lexicon_entries()) {
        figure_property(&text, &user)?;
    }
}
