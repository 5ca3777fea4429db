//! Rerunning with other trust: --weight, --weights, --compare, sensitivity.

mod common;
use common::*;
use predicates::prelude::*;
use std::path::Path;

fn run(case: &str, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    tollrange()
        .args(["run", case, "--no-plots", "--out", out.to_str().unwrap()])
        .args(extra)
        .assert()
}

fn rows(file: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(file).unwrap();
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

/// summary rows keyed by (event, category), numbers from `samples` on.
fn stats(out: &Path) -> Vec<(String, String, Vec<String>)> {
    rows(&out.join("summary.csv"))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[5..13].to_vec()))
        .collect()
}

#[test]
fn weights_file_and_flags_give_identical_output() {
    let w = Workdir::new();
    let file = w.path().join("w.csv");
    std::fs::write(&file, "source;trust\nfama;0,1\ncsp;0.9\n").unwrap();
    let (a, b) = (w.path().join("a"), w.path().join("b"));
    run(SEED, &a, &["--weights", file.to_str().unwrap()]).success();
    run(SEED, &b, &["--weight", "fama=0.1", "--weight", "csp=0.9"]).success();
    for f in ["summary.csv", "claims.csv"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    // and the override is visible in claims.csv
    let claims = rows(&a.join("claims.csv"));
    assert!(
        claims
            .iter()
            .filter(|r| r[3] == "fama")
            .all(|r| r[9] == "0.1")
    );
}

#[test]
fn trust_zero_equals_removing_the_sources_claims() {
    let (w, case) = Workdir::with_case(SEED, "mali");
    let text = std::fs::read_to_string(case.join("claims.csv")).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains(",csp,")).collect();
    std::fs::write(case.join("claims.csv"), kept.join("\n") + "\n").unwrap();
    let (a, b) = (w.path().join("a"), w.path().join("b"));
    run(SEED, &a, &["--weight", "csp=0"]).success();
    run(case.to_str().unwrap(), &b, &[]).success();
    assert_eq!(stats(&a), stats(&b));
}

#[test]
fn overriding_one_source_changes_only_its_targets() {
    let w = Workdir::new();
    let (a, b) = (w.path().join("a"), w.path().join("b"));
    run(SEED, &a, &[]).success();
    run(SEED, &b, &["--weight", "mali-authorities=0.05"]).success();
    let (sa, sb) = (stats(&a), stats(&b));
    for (x, y) in sa.iter().zip(&sb) {
        let touched = x.0 == "bamba-tombouctou"
            || (x.1 == "killed" && (x.0 == "region:Tombouctou" || x.0 == "all"));
        if touched {
            assert_ne!(x, y, "{} / {} should move", x.0, x.1);
        } else {
            assert_eq!(x, y, "{} / {} should not move", x.0, x.1);
        }
    }
}

#[test]
fn bad_weights_fail_clearly_and_write_nothing() {
    let w = Workdir::new();
    let out = w.path().join("out");
    let bad = w.path().join("bad.csv");
    std::fs::write(&bad, "source,trust\nfama,0.2\narmy,0.3\n").unwrap();
    for (args, msg) in [
        (
            vec!["--weight", "army=0.2"],
            "--weight army=0.2: unknown source 'army'; known sources: mali-authorities, fama, csp",
        ),
        (
            vec!["--weight", "fama=1.5"],
            "--weight fama=1.5: trust '1.5' is outside [0, 1]",
        ),
        (
            vec!["--weight", "fama=abc"],
            "--weight fama=abc: trust 'abc' is not a number",
        ),
        (
            vec!["--weight", "fama=NaN"],
            "--weight fama=NaN: trust 'NaN' is not a number; expected a number between 0 and 1",
        ),
        (
            vec!["--weight", "fama"],
            "--weight fama: expected SOURCE=TRUST",
        ),
        (
            vec!["--weights", bad.to_str().unwrap()],
            "bad.csv:3: unknown source 'army'",
        ),
        (
            vec!["--weights", "/no/such.csv"],
            "/no/such.csv: file not found",
        ),
    ] {
        run(SEED, &out, &args)
            .failure()
            .stderr(predicate::str::contains(msg));
        assert!(!out.exists(), "{args:?} wrote output");
    }
}

#[test]
fn all_trust_zero_is_reported_not_dropped() {
    let w = Workdir::new();
    run(SEED, w.path(), &["--weight", "local-elected=0"])
        .success()
        .stderr(predicate::str::contains(
            "warning: lere / killed: every source of this target has trust 0",
        ));
    let r = rows(&w.path().join("summary.csv"));
    let lere = r.iter().find(|r| r[0] == "lere").unwrap();
    assert_eq!(lere[5], "0");
    assert_eq!(lere[10], "");
    assert!(lere[14].contains("trust 0"));
    // the roll-up says what it left out instead of summing a silent zero
    let tomb = r
        .iter()
        .find(|r| r[0] == "region:Tombouctou" && r[1] == "killed")
        .unwrap();
    assert!(tomb[14].contains("leaves out lere"), "{tomb:?}");
}

#[test]
fn compare_writes_changes_against_a_baseline() {
    let w = Workdir::new();
    let (a, b) = (w.path().join("a"), w.path().join("b"));
    // literal readings: the army's point 56 against everyone's [20, 99]
    run(SEED, &a, &["--revision", "none"]).success();
    run(
        SEED,
        &b,
        &[
            "--revision",
            "none",
            "--weight",
            "fama=0.05",
            "--compare",
            a.join("summary.csv").to_str().unwrap(),
        ],
    )
    .success()
    .stdout(predicate::str::contains("changes against the baseline"));
    let c = rows(&b.join("changes.csv"));
    let bourem = c
        .iter()
        .find(|r| r[0] == "bourem" && r[1] == "killed")
        .unwrap();
    let before: i64 = bourem[3].parse().unwrap();
    let after: i64 = bourem[6].parse().unwrap();
    assert_eq!(bourem[9], format!("{:+}", after - before));
    assert!(
        after > before,
        "less trust in the army's 56 raises Bourem's median"
    );
    let lere = c.iter().find(|r| r[0] == "lere").unwrap();
    assert_eq!(lere[9], "+0");
}

#[test]
fn sensitivity_rows_are_complete() {
    let w = Workdir::new();
    tollrange()
        .args([
            "sensitivity",
            SEED,
            "--no-plots",
            "--out",
            w.path().to_str().unwrap(),
        ])
        .assert()
        .success();
    let r = rows(&w.path().join("sensitivity.csv"));
    let claims = rows(&Path::new(SEED).join("claims.csv"));
    let mut pairs: Vec<(String, String, String)> = claims
        .iter()
        .map(|c| (c[1].clone(), c[2].clone(), c[3].clone()))
        .collect();
    pairs.sort();
    pairs.dedup();
    for (event, category, source) in &pairs {
        for scenario in ["leave_out", "trust_0", "trust_1"] {
            let n = r
                .iter()
                .filter(|x| {
                    &x[0] == event && &x[1] == category && &x[2] == source && x[3] == scenario
                })
                .count();
            assert_eq!(n, 1, "{event}/{category}/{source}/{scenario}");
        }
    }
    let targets: std::collections::BTreeSet<(String, String)> =
        pairs.iter().map(|p| (p.0.clone(), p.1.clone())).collect();
    assert_eq!(r.len(), targets.len() + 3 * pairs.len());
    // pool: trust 0 and leaving out agree exactly
    for x in r.iter().filter(|x| x[3] == "trust_0") {
        let l = r
            .iter()
            .find(|y| y[0] == x[0] && y[1] == x[1] && y[2] == x[2] && y[3] == "leave_out")
            .unwrap();
        assert_eq!(x[5..8], l[5..8]);
    }
}
