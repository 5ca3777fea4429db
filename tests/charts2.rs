//! The tornado charts of `sensitivity` and the reliability chart of
//! `calibrate`: valid PNGs of the promised size, the same bytes for the same
//! input, written with the CSV (or not with --no-plots), and no panic on
//! degenerate input: one incident, a setting that covers nothing, a target
//! with one source, rows without any estimate.

mod common;
use common::*;
use std::path::Path;
use tollrange::calibrate::{Score, Setting, TRUTH, choose, evaluate, read_truth};
use tollrange::cmd::CaseArgs;
use tollrange::engine::Method;
use tollrange::engine::dist::{Revision, Tail};
use tollrange::engine::revision::RevisionModel;
use tollrange::export::chart::calibration::calibration_chart;
use tollrange::export::chart::tornado::{tornado_chart, tornado_charts};
use tollrange::lexicon::LexiconKind;
use tollrange::sensitivity::{Row, Scenario, analyse};
use tollrange::table::read_table;

const CALIBRATION: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/calibration");

/// Width and height from the IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 33, "too short for a PNG");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is IHDR");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Decodes a PNG and counts its dark pixels (text, bars, lines).
fn dark_pixels(bytes: &[u8]) -> usize {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf[..info.buffer_size()]
        .chunks(3)
        .filter(|p| p.iter().all(|&c| c < 80))
        .count()
}

fn check_png(name: &str, bytes: &[u8], min_dark: usize) -> u32 {
    let (w, h) = png_size(bytes);
    assert_eq!(w, 1200, "{name}");
    assert!((150..6000).contains(&h), "{name}: height {h}");
    let dark = dark_pixels(bytes);
    assert!(dark > min_dark, "{name}: only {dark} dark pixels");
    h
}

fn case_args(dir: &Path, revision: &str) -> CaseArgs {
    CaseArgs {
        case: dir.to_path_buf(),
        method: Method::Pool,
        lexicon: LexiconKind::Builtin,
        weight: vec![],
        weights: None,
        tail_alpha: 2.4,
        tail_cap: 10.0,
        revision: revision.into(),
        revision_file: None,
    }
}

fn tornadoes(dir: &Path, method: Method) -> Vec<(String, Vec<u8>)> {
    let mut args = case_args(dir, "0.6,0.6");
    args.method = method;
    let p = args.prepare().unwrap();
    let rows = analyse(&p.targets, method, p.tail, &p.revision);
    tornado_charts(&p.case, &p.targets, &rows, method, p.tail, &p.revision).unwrap()
}

#[test]
fn tornado_charts_are_pngs_one_per_event_and_deterministic() {
    let first = tornadoes(Path::new(SEED), Method::Pool);
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "tornado-bamba-tombouctou.png",
            "tornado-bourem.png",
            "tornado-lere.png",
            "tornado-mali-2012-2023.png"
        ]
    );
    for (name, bytes) in &first {
        check_png(name, bytes, 2000);
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("computed on the exact grid, no sampling"));
        assert!(text.contains("revision 0.6,0.6"));
    }
    // Bourem has three categories (three panels), Léré one
    let height = |n: &str| png_size(&first.iter().find(|(m, _)| m == n).unwrap().1).1;
    assert!(height("tornado-bourem.png") > height("tornado-lere.png") + 250);
    assert_eq!(
        first,
        tornadoes(Path::new(SEED), Method::Pool),
        "same bytes"
    );
    for (name, bytes) in tornadoes(Path::new(SEED), Method::Fusion) {
        check_png(&name, &bytes, 2000);
    }
}

#[test]
fn a_tornado_name_that_clashes_with_an_event_chart_is_refused() {
    let (_w, dir) = Workdir::with_case(SEED, "case");
    edit(&dir.join("events.csv"), "\nlere,", "\ntornado-bourem,");
    edit(&dir.join("claims.csv"), ",lere,", ",tornado-bourem,");
    edit(&dir.join("claims.csv"), ",lere,", ",tornado-bourem,");
    let p = case_args(&dir, "none").prepare().unwrap();
    let rows = analyse(&p.targets, Method::Pool, p.tail, &RevisionModel::literal());
    let err = tornado_charts(
        &p.case,
        &p.targets,
        &rows,
        Method::Pool,
        p.tail,
        &RevisionModel::literal(),
    )
    .unwrap_err();
    assert!(err.contains("tornado-bourem.png"), "{err}");
}

fn row(category: &str, source: &str, scenario: Scenario, q: Option<[u64; 3]>) -> Row {
    Row {
        event: "lere".into(),
        category: category.into(),
        source: source.into(),
        scenario,
        trust: None,
        q,
        note: if q.is_none() {
            "every source of this target has trust 0: nothing to weigh".into()
        } else {
            String::new()
        },
    }
}

#[test]
fn degenerate_tornado_rows_render_without_panic() {
    let p = case_args(Path::new(SEED), "none").prepare().unwrap();
    let (case, targets) = (&p.case, &p.targets);
    use Scenario::*;
    let cases: Vec<(&str, Vec<Row>)> = vec![
        (
            "nothing anywhere",
            vec![
                row("killed", "", Baseline, None),
                row("killed", "local-elected", LeaveOut, None),
                row("killed", "local-elected", Trust0, None),
                row("killed", "local-elected", Trust1, None),
            ],
        ),
        (
            "one source: nothing without it",
            vec![
                row("killed", "", Baseline, Some([2, 2, 10])),
                row("killed", "local-elected", LeaveOut, None),
                row("killed", "local-elected", Trust0, None),
                row("killed", "local-elected", Trust1, Some([2, 2, 10])),
            ],
        ),
        (
            "no baseline, only trust 1",
            vec![
                row("killed", "a", LeaveOut, None),
                row("killed", "a", Trust1, Some([5, 50, 5000])),
                row("killed_other", "b", Trust1, Some([0, 0, 0])),
            ],
        ),
        (
            "a huge swing on a log axis, and a source the case does not know",
            vec![
                row("killed", "", Baseline, Some([3, 900, 90_000])),
                row(
                    "killed",
                    "somebody-with-an-id-far-too-long-for-its-column",
                    LeaveOut,
                    Some([1, 1, 2]),
                ),
                row(
                    "killed",
                    "somebody-with-an-id-far-too-long-for-its-column",
                    Trust0,
                    Some([1, 1, 2]),
                ),
                row(
                    "killed",
                    "somebody-with-an-id-far-too-long-for-its-column",
                    Trust1,
                    Some([5_000, 80_000, 1_000_000]),
                ),
                row("killed", "x", LeaveOut, Some([3, 900, 90_000])),
                row("killed", "x", Trust1, Some([3, 900, 90_000])),
            ],
        ),
        ("no rows for the event", vec![]),
    ];
    for (what, rows) in cases {
        for method in [Method::Pool, Method::Fusion] {
            let bytes = tornado_chart(
                case,
                "lere",
                targets,
                &rows,
                method,
                Tail::default(),
                &RevisionModel::literal(),
            )
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            check_png(what, &bytes, 300);
            let again = tornado_chart(
                case,
                "lere",
                targets,
                &rows,
                method,
                Tail::default(),
                &RevisionModel::literal(),
            )
            .unwrap();
            assert_eq!(bytes, again, "{what}: deterministic");
        }
    }
    let err = tornado_chart(
        case,
        "nowhere",
        targets,
        &[],
        Method::Pool,
        Tail::default(),
        &RevisionModel::literal(),
    );
    assert!(err.unwrap_err().contains("nowhere"));
}

#[test]
fn sensitivity_writes_tornado_charts_with_the_csv_and_no_plots_skips_them() {
    let w = Workdir::new();
    let (a, b, c) = (w.path().join("a"), w.path().join("b"), w.path().join("c"));
    for (out, threads) in [(&a, "1"), (&b, "2")] {
        tollrange()
            .args(["sensitivity", SEED, "--threads", threads, "--out"])
            .arg(out)
            .assert()
            .success();
    }
    tollrange()
        .args(["sensitivity", SEED, "--no-plots", "--out"])
        .arg(&c)
        .assert()
        .success();
    let listed = files_below(&a);
    assert_eq!(
        listed,
        [
            "sensitivity.csv",
            "tornado-bamba-tombouctou.png",
            "tornado-bourem.png",
            "tornado-lere.png",
            "tornado-mali-2012-2023.png"
        ]
    );
    for f in &listed {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}: same bytes at 1 and 2 threads"
        );
    }
    assert_eq!(files_below(&c), ["sensitivity.csv"]);
}

/// The calibration case scored under `none` and a small grid.
fn scored() -> (tollrange::case::Case, Vec<Setting>) {
    let p = case_args(Path::new(CALIBRATION), "none").prepare().unwrap();
    let path = Path::new(CALIBRATION).join("truth.csv");
    let table = read_table(&path, "truth.csv", &TRUTH).unwrap();
    let truths = read_truth(&table, &p.case).unwrap();
    let settings = [None, Some((0.6, 0.6)), Some((0.2, 0.3))]
        .into_iter()
        .map(|r| {
            let r = r.map(|(mu, sigma)| Revision::new(mu, sigma).unwrap());
            evaluate(
                &p.targets,
                &truths,
                Method::Pool,
                p.tail,
                &RevisionModel::uniform(r),
            )
            .unwrap()
        })
        .collect();
    (p.case, settings)
}

#[test]
fn the_calibration_chart_is_a_png_and_deterministic() {
    let (case, settings) = scored();
    let chosen = choose(&settings);
    assert_eq!(settings[chosen].label(), "0.6,0.6");
    let bytes = calibration_chart(&case, &settings, chosen, Method::Pool).unwrap();
    let h = check_png("calibration.png", &bytes, 5000);
    assert!(h > 1000, "14 incident rows: height {h}");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("chosen 0.6,0.6"), "the run in a tEXt chunk");
    assert_eq!(
        bytes,
        calibration_chart(&case, &settings, chosen, Method::Pool).unwrap()
    );
    // choosing `none` itself draws one series
    let alone = calibration_chart(&case, &settings, 0, Method::Pool).unwrap();
    check_png("none chosen", &alone, 5000);
    assert_ne!(alone, bytes);
}

fn score(event: &str, toll: u64, floor: bool, q: [u64; 5], central: [bool; 9]) -> Score {
    Score {
        event: event.into(),
        final_toll: toll,
        floor,
        q,
        in50: central[4],
        in90: central[8],
        abs_log_error: 0.5,
        crps: 0.2,
        interval_score: 1.0,
        pit: (0.5, 0.5),
        central,
    }
}

#[test]
fn degenerate_calibrations_render_without_panic() {
    let (case, _) = scored();
    let r = RevisionModel::uniform(Some(Revision::new(0.6, 0.6).unwrap()));
    let none = RevisionModel::literal;
    let one = |revision: RevisionModel, central| Setting {
        revision,
        scores: vec![score(
            "solhan-2021",
            160,
            false,
            [10, 20, 30, 40, 50],
            central,
        )],
    };
    let cases: Vec<(&str, Vec<Setting>, usize)> = vec![
        (
            "one incident, nothing covered",
            vec![one(none(), [false; 9]), one(r.clone(), [false; 9])],
            1,
        ),
        (
            "one incident, all covered, only none",
            vec![one(none(), [true; 9])],
            0,
        ),
        (
            "no incidents",
            vec![
                Setting {
                    revision: none(),
                    scores: vec![],
                },
                Setting {
                    revision: r.clone(),
                    scores: vec![],
                },
            ],
            1,
        ),
        (
            "an event the case does not know, a floor, a point range at zero",
            vec![Setting {
                revision: r.clone(),
                scores: vec![
                    score("elsewhere", 0, false, [0; 5], [true; 9]),
                    score("karma-2023", 156, true, [1, 2, 3, 4, 5_000_000], [false; 9]),
                ],
            }],
            0,
        ),
    ];
    for (what, settings, chosen) in cases {
        let bytes = calibration_chart(&case, &settings, chosen, Method::Fusion)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        check_png(what, &bytes, 1000);
    }
    assert!(calibration_chart(&case, &[], 0, Method::Pool).is_err());
    assert!(calibration_chart(&case, &[one(none(), [true; 9])], 3, Method::Pool).is_err());
}

#[test]
fn calibrate_writes_its_chart_and_no_plots_skips_it() {
    let w = Workdir::new();
    let truth = Path::new(CALIBRATION).join("truth.csv");
    let (a, b) = (w.path().join("a"), w.path().join("b"));
    for (out, extra) in [(&a, None), (&b, Some("--no-plots"))] {
        tollrange()
            .args([
                "calibrate",
                CALIBRATION,
                "--grid",
                "0:1:0.5,0.5:1:0.5",
                "--truth",
            ])
            .arg(&truth)
            .arg("--out")
            .arg(out)
            .args(extra)
            .assert()
            .success();
    }
    assert_eq!(
        files_below(&a),
        [
            "calibration.csv",
            "calibration.png",
            "revision.csv",
            "revision.png"
        ]
    );
    assert_eq!(files_below(&b), ["calibration.csv", "revision.csv"]);
    check_png(
        "calibration.png",
        &std::fs::read(a.join("calibration.png")).unwrap(),
        5000,
    );
}
