//! PNG charts: valid files of the promised size, the same bytes for the same
//! run, written with the CSVs (or not at all with --no-plots), and no panic
//! on awkward targets: one claim, only open claims, a point, a very wide
//! range, sources with zero trust.

mod common;
use common::*;
use std::path::Path;
use tollrange::case::Case;
use tollrange::claim::{read_claims, targets};
use tollrange::cmd::lexicon_for;
use tollrange::engine::dist::Tail;
use tollrange::engine::{Method, Settings, estimate};
use tollrange::export::chart::{charts, event_chart, overview_chart};
use tollrange::lexicon::LexiconKind;

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Width and height from the IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 33, "too short for a PNG");
    assert_eq!(&bytes[..8], SIGNATURE, "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is IHDR");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Decodes a PNG and counts its dark pixels (text, bars, the median).
fn dark_pixels(bytes: &[u8]) -> usize {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf[..info.buffer_size()]
        .chunks(3)
        .filter(|p| p.iter().all(|&c| c < 80))
        .count()
}

/// Everything a chart needs, from a case folder.
struct Run {
    case: Case,
    claims: Vec<tollrange::claim::ReadClaim>,
    targets: Vec<tollrange::claim::Target>,
    estimates: Vec<tollrange::engine::Estimate>,
    settings: Settings,
}

fn run(dir: &Path, method: Method) -> Run {
    let case = Case::load(dir).unwrap();
    let lexicon = lexicon_for(LexiconKind::Builtin, Some(&case));
    let claims = read_claims(&case, &lexicon).unwrap();
    let targets = targets(&case, &claims);
    let settings = Settings {
        method,
        samples: 20_000,
        seed: 7,
        tail: Tail::default(),
        revision: tollrange::engine::revision::RevisionModel::literal(),
        histograms: true,
    };
    let estimates = estimate(&case, &targets, &settings);
    Run {
        case,
        claims,
        targets,
        estimates,
        settings,
    }
}

impl Run {
    fn charts(&self) -> Vec<(String, Vec<u8>)> {
        charts(
            &self.case,
            &self.claims,
            &self.targets,
            &self.estimates,
            &self.settings,
        )
        .unwrap()
    }
}

#[test]
fn seed_charts_are_pngs_of_the_promised_size_and_deterministic() {
    let r = run(Path::new(SEED), Method::Pool);
    let first = r.charts();
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "bamba-tombouctou.png",
            "bourem.png",
            "lere.png",
            "mali-2012-2023.png",
            "overview.png"
        ]
    );
    for (name, bytes) in &first {
        let (w, h) = png_size(bytes);
        assert_eq!(w, 1200, "{name}");
        assert!((400..4000).contains(&h), "{name}: height {h}");
        assert!(dark_pixels(bytes) > 2000, "{name}: text and bars drawn");
    }
    // Bourem has three categories, so three panels: the tallest event chart
    let height = |n: &str| png_size(&first.iter().find(|(m, _)| m == n).unwrap().1).1;
    assert!(height("bourem.png") > height("lere.png") + 600);
    // same input, same bytes
    assert_eq!(first, r.charts());
    let again = run(Path::new(SEED), Method::Pool);
    assert_eq!(first, again.charts());
}

#[test]
fn a_chart_names_its_run() {
    let r = run(Path::new(SEED), Method::Fusion);
    let bytes = overview_chart(&r.case, &r.claims, &r.targets, &r.estimates, &r.settings).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("method fusion"), "settings in a tEXt chunk");
    assert!(text.contains("seed 7"));
    let err = event_chart(
        &r.case,
        "nowhere",
        &r.claims,
        &r.targets,
        &r.estimates,
        &r.settings,
    );
    assert!(err.unwrap_err().contains("nowhere"));
}

/// A case of awkward targets.
fn awkward_case(dir: &Path) {
    std::fs::write(
        dir.join("events.csv"),
        "id,name,date,place,region,description\n\
         one,One claim,2024-01-01,A,North,\n\
         open,Only open claims,2024-01-02,B,North,\n\
         point,A point claim,2024-01-03,C,South,\n\
         wide,One to a million,2024-01-04,D,South,\n\
         zero,Nobody trusted,2024-01-05,E,,\n\
         none,No claims at all,2024-01-06,F,,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("sources.csv"),
        "id,name,kind,trust,description\n\
         gov,Government,official,0.6,\n\
         ngo,An NGO,ngo,0.8,\n\
         wire,A wire,wire,0.5,\n\
         rumour,Rumour,other,0,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("claims.csv"),
        "id,event,category,source,figure,low,high,shape,outlet,document,quote\n\
         a1,one,killed,gov,entre 20 et 30,20,30,,,,\n\
         b1,open,killed,gov,au moins 50,50,,,,,\n\
         b2,open,killed,wire,plus de 200,201,,,,,\n\
         b3,open,killed_civilians,ngo,au moins 30,30,,,,,\n\
         c1,point,killed,ngo,64,64,64,,,,\n\
         d1,wide,killed,wire,between one and a million,1,1000000,,,,\n\
         d2,wide,killed,gov,quelques,2,5,,,,\n\
         z1,zero,killed,rumour,des dizaines,20,99,,,,\n\
         z2,zero,killed_soldiers,rumour,12,12,12,,,,\n",
    )
    .unwrap();
}

#[test]
fn awkward_targets_render_without_panic() {
    let w = Workdir::new();
    let dir = w.path().join("awkward");
    std::fs::create_dir(&dir).unwrap();
    awkward_case(&dir);
    for method in [Method::Pool, Method::Fusion] {
        let r = run(&dir, method);
        // the zero-trust targets have no summary, yet get a panel
        let zero: Vec<_> = r.estimates.iter().filter(|e| e.event == "zero").collect();
        assert_eq!(zero.len(), 2);
        assert!(zero.iter().all(|e| e.summary.is_none()));
        let files = r.charts();
        assert_eq!(files.len(), 7, "six events and the overview");
        for (name, bytes) in &files {
            let (w, h) = png_size(bytes);
            assert_eq!(w, 1200, "{name}");
            assert!(h >= 200, "{name}");
            assert!(dark_pixels(bytes) > 500, "{name}");
        }
        assert_eq!(files, r.charts(), "deterministic");
    }
}

#[test]
fn an_event_called_overview_is_refused() {
    let (_w, dir) = Workdir::with_case(SEED, "case");
    edit(&dir.join("events.csv"), "\nlere,", "\noverview,");
    edit(&dir.join("claims.csv"), ",lere,", ",overview,");
    edit(&dir.join("claims.csv"), ",lere,", ",overview,");
    let r = run(&dir, Method::Pool);
    let err = charts(&r.case, &r.claims, &r.targets, &r.estimates, &r.settings).unwrap_err();
    assert!(err.contains("overview.png"), "{err}");
}

#[test]
fn run_writes_charts_with_the_csvs_and_no_plots_skips_them() {
    let w = Workdir::new();
    let (a, b, c) = (w.path().join("a"), w.path().join("b"), w.path().join("c"));
    let samples = ["--samples", "20000"];
    for (out, threads) in [(&a, "1"), (&b, "2")] {
        tollrange()
            .args([
                "run",
                SEED,
                "--out",
                out.to_str().unwrap(),
                "--threads",
                threads,
            ])
            .args(samples)
            .assert()
            .success();
    }
    tollrange()
        .args(["run", SEED, "--no-plots", "--out", c.to_str().unwrap()])
        .args(samples)
        .assert()
        .success();
    let listed = files_below(&a);
    assert_eq!(
        listed,
        [
            "bamba-tombouctou.png",
            "bourem.png",
            "claims.csv",
            "lere.png",
            "mali-2012-2023.png",
            "overview.png",
            "summary.csv"
        ]
    );
    for f in &listed {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}: same seed, same bytes at 1 and 2 threads"
        );
    }
    assert_eq!(files_below(&c), ["claims.csv", "summary.csv"]);
}
