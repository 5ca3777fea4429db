//! Faults while writing: a run that fails or is killed midway leaves no
//! half-written or mixed outputs, and the output folder's other files are
//! untouched.

mod common;
use common::*;
use predicates::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

fn run(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    tollrange()
        .args(["run", SEED, "--no-plots", "--samples", "2000", "--out"])
        .arg(out)
        .args(extra)
        .assert()
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn an_output_folder_below_a_file_is_refused_before_computing() {
    let w = Workdir::new();
    let file = w.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    // a huge run would take minutes: the refusal must come first
    let started = Instant::now();
    tollrange()
        .args(["run", SEED, "--samples", "50000000", "--out"])
        .arg(file.join("out"))
        .assert()
        .failure()
        .stderr(format!(
            "{}: cannot create the output folder: {} is a file, not a folder; choose another --out\n",
            file.join("out").display(),
            file.display()
        ));
    assert!(started.elapsed() < Duration::from_secs(5));
    run(&file, &[]).failure().stderr(format!(
        "{}: the output folder is a file; choose another --out\n",
        file.display()
    ));
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
    assert_eq!(files_below(w.path()), ["notes.txt"]);
}

#[test]
fn a_failing_later_output_leaves_the_earlier_ones_as_they_were() {
    let w = Workdir::new();
    let out = w.path().join("out");
    // a first run, and a file of the user's beside its outputs
    run(&out, &["--seed", "1"]).success();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = snapshot(&out);
    // claims.csv cannot be replaced: a folder has taken its name
    std::fs::remove_file(out.join("claims.csv")).unwrap();
    std::fs::create_dir(out.join("claims.csv")).unwrap();
    std::fs::write(out.join("claims.csv").join("inside.txt"), "x").unwrap();
    let summary = std::fs::read(out.join("summary.csv")).unwrap();
    run(&out, &["--seed", "2"])
        .failure()
        .stderr(predicate::str::contains(format!(
            "{}: cannot write: a folder has this name; no output was written (the folder is as it was)",
            out.join("claims.csv").display()
        )))
        .stdout(predicate::str::is_empty());
    // summary.csv is still the first run's, whole; nothing else appeared
    assert_eq!(std::fs::read(out.join("summary.csv")).unwrap(), summary);
    assert_eq!(
        files_below(&out),
        ["claims.csv/inside.txt", "notes.txt", "summary.csv"]
    );
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    drop(before);
}

#[test]
fn a_rename_refused_midway_is_rolled_back() {
    // An immutable claims.csv (chattr +i) cannot be replaced even by root:
    // summary.csv is renamed into place first, then claims.csv fails, and
    // summary.csv must be put back.
    let w = Workdir::new();
    let out = w.path().join("out");
    run(&out, &["--seed", "1"]).success();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let claims = out.join("claims.csv");
    let locked = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&claims)
        .status()
        .is_ok_and(|s| s.success());
    if !locked {
        eprintln!("chattr +i is not available here: skipped (write_all's unit tests cover it)");
        return;
    }
    let before = snapshot(&out);
    let result = run(&out, &["--seed", "2"]);
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(&claims)
        .status();
    result
        .failure()
        .stderr(predicate::str::contains("claims.csv: cannot write"))
        .stderr(predicate::str::contains("no output was written"));
    assert_eq!(snapshot(&out), before, "the folder changed");
}

#[test]
fn a_killed_run_leaves_no_partial_output() {
    let w = Workdir::new();
    let out = w.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tollrange"))
        .args(["run", SEED, "--no-plots", "--samples", "5000000", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let status = child.wait().unwrap();
    let files = files_below(&out);
    if status.success() {
        // it finished first: then everything is there, whole
        assert_eq!(files, ["claims.csv", "notes.txt", "summary.csv"]);
        let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
        assert!(summary.lines().any(|l| l.starts_with("all,")), "{summary}");
    } else {
        // killed while computing or writing temporary files: no output
        // under its own name
        let outputs: Vec<&String> = files.iter().filter(|f| !f.starts_with('.')).collect();
        assert!(
            outputs == ["notes.txt"] || outputs == ["claims.csv", "notes.txt", "summary.csv"],
            "{files:?}"
        );
    }
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn a_failed_run_into_an_existing_folder_touches_nothing() {
    let w = Workdir::new();
    let out = w.path().join("out");
    run(&out, &[]).success();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = snapshot(&out);
    let (_c, case) = Workdir::with_case(SEED, "broken");
    edit(&case.join("sources.csv"), "official,0.60", "official,1.60");
    tollrange()
        .args(["run", case.to_str().unwrap(), "--no-plots", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("trust '1.60' is outside [0, 1]"));
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_chart_that_cannot_be_written_leaves_no_csv_or_png() {
    let w = Workdir::new();
    let out = w.path().join("out");
    std::fs::create_dir_all(out.join("overview.png")).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    tollrange()
        .args(["run", SEED, "--samples", "2000", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "{}: cannot write: a folder has this name",
            out.join("overview.png").display()
        )));
    assert_eq!(files_below(&out), ["notes.txt"]);
}
