//! `tollrange calibrate`: recovers a known revision process, and refuses bad
//! truth files clearly.

mod common;
use common::*;
use predicates::prelude::*;
use std::fmt::Write;

/// A reproducible standard normal (Box–Muller on a small LCG).
struct Lcg(u64);
impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// `n` incidents, each with three point claims of equal trust; the later
/// toll is one of them (chosen at random, as the pool does) times
/// F ~ LogNormal(μ, σ), rounded.
fn synthetic_case(dir: &std::path::Path, n: usize, mu: f64, sigma: f64) {
    let mut rng = Lcg(7);
    let (mut events, mut claims, mut truth) = (
        String::from("id,name\n"),
        String::from("id,event,category,source,figure,low,high\n"),
        String::from("event,final\n"),
    );
    for i in 0..n {
        writeln!(events, "e{i},incident {i}").unwrap();
        let base = 20.0 + 180.0 * rng.unit();
        let xs: Vec<u64> = (0..3)
            .map(|_| (base * (0.7 + 0.6 * rng.unit())).round() as u64)
            .collect();
        for (j, x) in xs.iter().enumerate() {
            writeln!(claims, "c{i}-{j},e{i},killed,s{j},{x},,").unwrap();
        }
        let pick = xs[(rng.unit() * 3.0) as usize % 3] as f64;
        let f = (mu + sigma * rng.normal()).exp();
        writeln!(truth, "e{i},{}", (pick * f).round() as u64).unwrap();
    }
    std::fs::write(dir.join("events.csv"), events).unwrap();
    std::fs::write(dir.join("claims.csv"), claims).unwrap();
    std::fs::write(dir.join("truth.csv"), truth).unwrap();
    std::fs::write(
        dir.join("sources.csv"),
        "id,name,kind,trust\ns0,A,local,0.5\ns1,B,local,0.5\ns2,C,local,0.5\n",
    )
    .unwrap();
}

/// Claims from sources of one kind, revised by a known factor: the fit
/// recovers it (the synthetic sources are `local`).
#[test]
fn recovers_a_known_revision_process() {
    let w = Workdir::new();
    let case = w.path().join("synthetic");
    std::fs::create_dir(&case).unwrap();
    synthetic_case(&case, 120, 0.3, 0.4);
    let out = w.path().join("out");
    tollrange()
        .args([
            "calibrate",
            case.to_str().unwrap(),
            "--truth",
            case.join("truth.csv").to_str().unwrap(),
        ])
        .args([
            "--grid",
            "0:0.6:0.1,0.1:0.8:0.1",
            "--no-plots",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("leave-one-incident-out"));
    let model = std::fs::read_to_string(out.join("revision.csv")).unwrap();
    let m = tollrange::engine::revision::RevisionModel::parse(&model, "revision.csv").unwrap();
    let kind = std::fs::read_to_string(case.join("sources.csv")).unwrap();
    let voice = [
        "local",
        "official",
        "other",
        "ngo",
        "media",
        "wire",
        "belligerent",
    ]
    .into_iter()
    .find(|k| kind.contains(&format!(",{k},")))
    .unwrap();
    match m
        .rule(voice, tollrange::engine::revision::ReadingType::Closed)
        .unwrap()
        .spread
    {
        tollrange::engine::revision::Spread::Factor(r) => {
            assert!((r.mu - 0.3).abs() <= 0.15, "μ {}", r.mu);
            assert!((r.sigma - 0.4).abs() <= 0.2, "σ {}", r.sigma);
        }
        s => panic!("{voice}: {s}"),
    }
    let mut r = csv::Reader::from_path(out.join("calibration.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    // reading the claims literally covers far fewer of the later tolls
    let none = rows
        .iter()
        .find(|x| &x[0] == "none: claims as read")
        .unwrap();
    let fitted = rows
        .iter()
        .find(|x| &x[0] == "per voice, leave-one-out: incidents")
        .unwrap();
    let cov = |x: &csv::StringRecord| x[4].parse::<usize>().unwrap();
    assert!(
        cov(none) + 20 < cov(fitted),
        "none {} vs fitted {}",
        &none[4],
        &fitted[4]
    );
    assert_eq!(
        rows.iter().filter(|x| x[0].starts_with("baseline")).count(),
        3
    );
}

/// The shipped revision file is `calibrate`'s output on data/calibration,
/// and scored leave-one-out it keeps its promise better than the baselines.
#[test]
fn the_shipped_revision_file_is_calibrates_output() {
    let out = Workdir::new();
    tollrange()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "calibrate",
            "data/calibration",
            "--truth",
            "data/calibration/truth.csv",
        ])
        .args(["--no-plots", "--out", out.path().to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(out.path().join("revision.csv")).unwrap(),
        tollrange::engine::revision::BUILTIN,
        "rerun `tollrange calibrate data/calibration --truth data/calibration/truth.csv --out DIR` and copy DIR/revision.csv to data/revision.csv"
    );
    let mut r = csv::Reader::from_path(out.path().join("calibration.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let fitted = rows
        .iter()
        .find(|x| &x[0] == "per voice, leave-one-out: incidents")
        .unwrap();
    assert!(
        fitted[4].parse::<usize>().unwrap() >= 11,
        "90% coverage {}",
        &fitted[4]
    );
    let err = |x: &csv::StringRecord| x[5].parse::<f64>().unwrap();
    let is = |x: &csv::StringRecord| x[6].parse::<f64>().unwrap();
    for b in rows.iter().filter(|x| x[0].starts_with("baseline")) {
        assert!(is(fitted) < is(b), "interval score vs {}", &b[0]);
    }
    let lowest = rows
        .iter()
        .find(|x| &x[0] == "baseline: lowest claim")
        .unwrap();
    assert!(err(fitted) < err(lowest));
}

#[test]
fn bad_truth_files_are_refused_clearly() {
    let (w, case) = Workdir::with_case(SEED, "mali");
    let out = w.path().join("out");
    for (text, msg) in [
        (
            "event,final\nbamba,64\n",
            "truth.csv:2: unknown event 'bamba'",
        ),
        (
            "event,final\nbourem,many\n",
            "truth.csv:2: event 'bourem': final 'many' is not a number",
        ),
        (
            "event,final\nbourem,-3\n",
            "truth.csv:2: event 'bourem': final '-3' is negative",
        ),
        (
            "event,final\nbourem,50\nbourem,60\n",
            "truth.csv:3: event 'bourem' has two truths",
        ),
        (
            "event,toll\nbourem,50\n",
            "truth.csv:1: unknown column 'toll'",
        ),
        ("", "truth.csv: empty file"),
    ] {
        let truth = w.path().join("truth.csv");
        std::fs::write(&truth, text).unwrap();
        tollrange()
            .args([
                "calibrate",
                case.to_str().unwrap(),
                "--truth",
                truth.to_str().unwrap(),
                "--no-plots",
                "--out",
                out.to_str().unwrap(),
            ])
            .assert()
            .failure()
            .stderr(predicate::str::contains(msg));
        assert!(!out.exists());
    }
    tollrange()
        .args([
            "calibrate",
            case.to_str().unwrap(),
            "--truth",
            "x.csv",
            "--grid",
            "0:1",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--grid"));
}
