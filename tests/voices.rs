//! Revision by voice: who speaks changes how a figure moves later. The seed
//! case's party claims, UCDP GED rows, stances and revision files.

mod common;
use common::*;
use predicates::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use tollrange::case::{Case, SourceKind, Stance};
use tollrange::claim::{read_claims, targets};
use tollrange::engine::dist::Tail;
use tollrange::engine::revision::{RevisionModel, Spread, voice_of};
use tollrange::engine::{Method, Model};
use tollrange::lexicon::Lexicon;
use tollrange::summary::quantile_pmf;

/// (p05, p50, p95) per (event, category) of a summary.csv.
fn quantiles(out: &Path) -> HashMap<(String, String), (u64, u64, u64)> {
    let mut r = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    r.records()
        .map(|x| x.unwrap())
        .filter(|x| !x[8].is_empty())
        .map(|x| {
            (
                (x[0].to_string(), x[1].to_string()),
                (
                    x[8].parse().unwrap(),
                    x[10].parse().unwrap(),
                    x[12].parse().unwrap(),
                ),
            )
        })
        .collect()
}

/// The army's "46 rebelles neutralisés" is a party's count of its enemy's
/// losses: not inflated; its "10 soldats tués" (own losses) is revised up.
#[test]
fn a_partys_enemy_count_is_not_inflated_and_its_own_losses_rise() {
    let w = Workdir::new();
    tollrange()
        .args(["run", SEED, "--no-plots", "--out"])
        .arg(w.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("revision data/revision.csv"));
    let q = quantiles(w.path());
    let rebels = q[&("bourem".to_string(), "killed_rebels".to_string())];
    assert!(rebels.1 <= 60, "killed_rebels median {}", rebels.1);
    assert!(rebels.0 <= 46 && 46 <= rebels.2, "46 in {rebels:?}");
    let soldiers = q[&("bourem".to_string(), "killed_soldiers".to_string())];
    assert!(soldiers.1 >= 12, "killed_soldiers median {}", soldiers.1);
}

/// The same, exactly: the enemy claim's median factor is below 1, the own
/// claim's above, whatever the sampling.
#[test]
fn stance_picks_the_rule_on_the_exact_grid() {
    let case = Case::load(Path::new(SEED)).unwrap();
    let claims = read_claims(&case, &Lexicon::default()).unwrap();
    let ts = targets(&case, &claims);
    let model = RevisionModel::builtin();
    let median = |cat: &str| {
        let t = ts
            .iter()
            .find(|t| t.event == "bourem" && t.category == cat)
            .unwrap();
        let p = Model::of(t, Tail::default(), &model)
            .unwrap()
            .exact(Method::Pool)
            .unwrap();
        quantile_pmf(p.lo, &p.p, 0.5)
    };
    assert!(median("killed_rebels") < 46);
    assert!(median("killed_soldiers") > 10);
    assert_eq!(
        voice_of(SourceKind::Belligerent, Some(Stance::Enemy)),
        "enemy"
    );
}

/// UCDP GED rows are coded after the fact: no early-toll revision, but a
/// spread reaching past UCDP's own high (uncertainUCDP), so the median
/// stays within [low, high] and a 90 % range has width.
#[test]
fn ged_rows_keep_their_best_and_reach_past_high() {
    let w = Workdir::new();
    let case = w.path().join("ged");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/real/ucdp_ged231_sample_from_uncertainUCDP_rda.csv"
    );
    tollrange()
        .args(["import", "ucdp", file, "--out"])
        .arg(&case)
        .assert()
        .success();
    let out = w.path().join("out");
    tollrange()
        .args(["run"])
        .arg(&case)
        .args(["--no-plots", "--samples", "20000", "--out"])
        .arg(&out)
        .assert()
        .success();
    let q = quantiles(&out);
    let mut r = csv::Reader::from_path(file).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (id, low, best, high) = (col("id"), col("low"), col("best"), col("high"));
    let (mut n, mut median_in, mut p95_past, mut wide, mut big) = (0, 0, 0, 0, 0);
    for rec in r.records() {
        let rec = rec.unwrap();
        let v = |i: usize| rec[i].parse::<u64>().unwrap();
        let (l, b, hi) = (v(low), v(best), v(high));
        let (l, hi) = (l.min(b).min(hi), hi.max(b).max(l));
        let (p05, p50, p95) = q[&(format!("ged-{}", &rec[id]), "killed".to_string())];
        n += 1;
        median_in += usize::from(l <= p50 && p50 <= hi);
        p95_past += usize::from(p95 >= hi);
        if b >= 10 {
            big += 1;
            wide += usize::from(p95 > p05);
        }
    }
    assert_eq!(n, 329);
    assert!(
        median_in * 100 >= 99 * n,
        "median in [low, high]: {median_in}/{n}"
    );
    assert!(p95_past * 100 >= 95 * n, "p95 ≥ high: {p95_past}/{n}");
    assert_eq!(wide, big, "90 % ranges with width where best ≥ 10");
    // the imported source is a dataset, and its rule is the fixed spread
    let sources = std::fs::read_to_string(case.join("sources.csv")).unwrap();
    assert!(sources.contains(",dataset,"));
    assert_eq!(
        RevisionModel::builtin()
            .rule("dataset", tollrange::engine::revision::ReadingType::Closed)
            .unwrap()
            .spread,
        Spread::Dataset
    );
}

/// A belligerent's claim without a stance is a warning from check and run.
#[test]
fn check_warns_about_a_party_claim_without_stance() {
    let (w, case) = Workdir::with_case(SEED, "seed");
    edit(
        &case.join("claims.csv"),
        "46 rebelles neutralisés,,,,enemy",
        "46 rebelles neutralisés,,,,",
    );
    tollrange()
        .arg("check")
        .arg(&case)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "claims.csv:17: claim 'c16' of belligerent 'fama' has no stance",
        ));
    drop(w);
}

/// --revision-file replaces the shipped model; a bad one is refused with
/// its line, and nothing is written.
#[test]
fn revision_files_are_read_and_checked() {
    let w = Workdir::new();
    let good = w.path().join("rev.csv");
    let text = tollrange::engine::revision::BUILTIN.replace(
        "enemy,closed,lognormal,-0.2,0.6",
        "enemy,closed,lognormal,0.5,0.3",
    );
    std::fs::write(&good, &text).unwrap();
    let out = w.path().join("out");
    tollrange()
        .args(["run", SEED, "--no-plots", "--revision-file"])
        .arg(&good)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let q = quantiles(&out);
    assert!(q[&("bourem".to_string(), "killed_rebels".to_string())].1 > 46);

    let bad = w.path().join("bad.csv");
    std::fs::write(
        &bad,
        text.replace(
            "local,closed,lognormal,0.4,0.7",
            "local,closed,lognormal,0.4,-1",
        )
        .replace("ngo,open,none,,", "ngo,open,nothing,,"),
    )
    .unwrap();
    let out2 = w.path().join("out2");
    tollrange()
        .args(["run", SEED, "--no-plots", "--revision-file"])
        .arg(&bad)
        .arg("--out")
        .arg(&out2)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.csv:8: local closed: revision σ -1: expected a number in (0, 2]",
        ))
        .stderr(predicate::str::contains(
            "bad.csv:13: model 'nothing' is not one of lognormal, none, ucdp-gumbel",
        ));
    assert!(!out2.exists());

    let missing = w.path().join("missing.csv");
    let cut: String = text
        .lines()
        .filter(|l| !l.starts_with("wire,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&missing, cut).unwrap();
    tollrange()
        .args(["run", SEED, "--no-plots", "--revision-file"])
        .arg(&missing)
        .arg("--out")
        .arg(w.path().join("out3"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no row for wire closed, wire open",
        ));
    // one setting for all, and a file, cannot both be given
    tollrange()
        .args([
            "run",
            SEED,
            "--no-plots",
            "--revision",
            "none",
            "--revision-file",
        ])
        .arg(&good)
        .arg("--out")
        .arg(w.path().join("out4"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("give one"));
}

/// Many party claims without a stance: the first 20 are listed, then a count
/// (a case of thousands would otherwise bury everything else on stderr).
#[test]
fn missing_stances_are_listed_then_counted() {
    let w = Workdir::new();
    let case = w.path().join("many");
    std::fs::create_dir(&case).unwrap();
    std::fs::write(case.join("events.csv"), "id,name\ne,E\n").unwrap();
    std::fs::write(
        case.join("sources.csv"),
        "id,name,kind,trust\narmy,Army,belligerent,0.5\n",
    )
    .unwrap();
    let mut claims = String::from("id,event,category,source,figure\n");
    for i in 0..25 {
        claims.push_str(&format!("c{i},e,killed,army,{}\n", 10 + i));
    }
    std::fs::write(case.join("claims.csv"), claims).unwrap();
    let out = tollrange().arg("check").arg(&case).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("has no stance").count(), 20, "{err}");
    assert!(err.contains("5 more claims of belligerent sources have no stance"));
}

/// A stance given to a source that is not a party is applied, with a
/// warning naming the claim's line; `--revision off` is `none`.
#[test]
fn a_stance_of_a_non_party_is_warned_about() {
    let (w, case) = Workdir::with_case(SEED, "seed");
    let text = std::fs::read_to_string(case.join("claims.csv")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("c13,"))
        .unwrap()
        .to_string();
    std::fs::write(
        case.join("claims.csv"),
        text.replace(&line, &line.replacen(",,,,,", ",,,,mixed,", 1)),
    )
    .unwrap();
    tollrange()
        .arg("check")
        .arg(&case)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "claims.csv:14: claim 'c13' has stance mixed but its source 'press-unattributed' is media, not a party",
        ));
    let out = w.path().join("off");
    tollrange()
        .args(["run", SEED, "--no-plots", "--revision", "off", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("revision none"));
}
