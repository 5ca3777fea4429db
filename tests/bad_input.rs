//! Bad input: every ordinary spreadsheet mistake gets a clear message, the
//! exit code is non-zero and nothing is written.
//!
//! `tests/bad/<name>/` is a small valid case with one mistake (a few have
//! several, to show `check` lists them all); its `expected.txt` holds the
//! exit code (`exit N`) and then, line for line, what the user sees on
//! stderr when running `tollrange check <name>` from the corpus folder.
//! `run` must print the same (or `expected-run.txt` when present) and leave
//! its `--out` folder absent. A `setup.txt` makes what cannot be committed
//! (`sparse FILE BYTES`: a huge file that takes no disk space).
//!
//! After a deliberate change of wording, `BLESS=1 cargo test --test
//! bad_input` rewrites the expected files; review the diff.

mod common;
use common::*;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// The corpus folders, sorted.
fn corpus() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A copy of a corpus case in `scratch/<name>`, its setup applied.
fn stage(case: &Path, scratch: &Path) -> String {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let dst = scratch.join(&name);
    copy_dir(case, &dst);
    for f in ["expected.txt", "expected-run.txt", "setup.txt"] {
        let _ = std::fs::remove_file(dst.join(f));
    }
    if let Ok(setup) = std::fs::read_to_string(case.join("setup.txt")) {
        for line in setup.lines().filter(|l| !l.trim().is_empty()) {
            match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["sparse", file, bytes] => std::fs::File::create(dst.join(file))
                    .unwrap()
                    .set_len(bytes.parse().unwrap())
                    .unwrap(),
                _ => panic!("{}: unknown setup line {line:?}", case.display()),
            }
        }
    }
    name
}

/// `exit N` and the stderr lines.
fn render(code: i32, stderr: &str) -> String {
    format!("exit {code}\n{stderr}")
}

fn outcome(out: &std::process::Output) -> String {
    render(
        out.status.code().unwrap_or(-1),
        &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn every_broken_case_gets_its_exact_message_from_check_and_run() {
    let bless = std::env::var_os("BLESS").is_some();
    let cases = corpus();
    assert!(cases.len() >= 30, "only {} cases in {CORPUS}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let w = Workdir::new();
        let name = stage(case, w.path());
        let expected_file = case.join("expected.txt");
        let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();

        let check = tollrange()
            .current_dir(w.path())
            .args(["check", &name])
            .output()
            .unwrap();
        let got = outcome(&check);
        if !check.stdout.is_empty() && !check.status.success() {
            failures.push(format!("{name}: check printed to stdout on failure"));
        }
        if bless {
            std::fs::write(&expected_file, &got).unwrap();
        } else if got != expected {
            failures.push(format!(
                "{name}: check\n--- expected\n{expected}--- got\n{got}"
            ));
        }
        // every problem names a file of the case (summary line aside)
        for line in got.lines().skip(1) {
            let named = line.starts_with(&format!("{name}/"))
                || line.ends_with(&format!("problem(s) found in {name}"));
            if !named {
                failures.push(format!("{name}: a line names no file: {line}"));
            }
        }

        let run_file = case.join("expected-run.txt");
        let run_expected = std::fs::read_to_string(&run_file).unwrap_or_else(|_| expected.clone());
        let run = tollrange()
            .current_dir(w.path())
            .args([
                "run",
                &name,
                "--out",
                "out",
                "--samples",
                "1000",
                "--no-plots",
            ])
            .output()
            .unwrap();
        let got_run = outcome(&run);
        if bless && got_run != got {
            std::fs::write(&run_file, &got_run).unwrap();
        } else if !bless && got_run != run_expected {
            failures.push(format!(
                "{name}: run\n--- expected\n{run_expected}--- got\n{got_run}"
            ));
        }
        if run.status.success() {
            failures.push(format!("{name}: run succeeded"));
        }
        if w.path().join("out").exists() {
            failures.push(format!("{name}: run created its output folder"));
        }
        if !run.stdout.is_empty() {
            failures.push(format!(
                "{name}: run printed to stdout: {}",
                String::from_utf8_lossy(&run.stdout)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus checks failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_corpus_readme_lists_every_case() {
    let readme = std::fs::read_to_string(Path::new(CORPUS).join("README.md")).unwrap();
    for case in corpus() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            readme.contains(&format!("`{name}`")),
            "tests/bad/README.md does not describe {name}"
        );
    }
}

/// What spreadsheets write and the reader accepts: `;` with decimal commas,
/// a byte-order mark, CRLF line endings, columns in another order, padding
/// rows of delimiters.
#[test]
fn french_spreadsheet_exports_are_read() {
    let (_w, case) = Workdir::with_case(SEED, "mali");
    let sources = case.join("sources.csv");
    let text = std::fs::read_to_string(&sources).unwrap();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for r in rdr.records() {
        rows.push(r.unwrap().iter().map(str::to_string).collect());
    }
    let mut out = String::from("\u{feff}");
    for r in &rows {
        // description first, trust with a decimal comma
        let mut fields = vec![r[4].clone(), r[0].clone(), r[1].clone(), r[2].clone()];
        fields.push(r[3].replace('.', ","));
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        out.push_str(&quoted.join(";"));
        out.push_str("\r\n");
    }
    out.push_str(";;;;\r\n");
    std::fs::write(&sources, out).unwrap();
    tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("trust 0.3"));
}

/// Limits, all in one place: each gets a clear message; refused ones exit
/// non-zero and write nothing, the others warn and go on.
#[test]
fn limits_get_clear_messages() {
    let w = Workdir::new();
    let out = w.path().join("out");
    let seed = |args: &[&str]| {
        tollrange()
            .args(["run", SEED, "--no-plots", "--out"])
            .arg(&out)
            .args(args)
            .assert()
    };
    let samples = "expected a whole number of draws per target from 1 to 1000000000 (default 100000; 1e7 is 10000000)";
    let threads = "expected a whole number of threads from 1 to 1024 (default: all cores)";
    for (args, code, msg) in [
        (vec!["--samples", "0"], 2, samples),
        (vec!["--samples", "1000000001"], 2, samples),
        (vec!["--samples", "2e9"], 2, samples),
        (vec!["--samples", "1.5e0"], 2, samples),
        (vec!["--samples", "99999999999999999999"], 2, samples),
        (vec!["--samples", "-5"], 2, samples),
        (vec!["--samples", "1e-6"], 2, samples),
        (vec!["--threads", "0"], 2, threads),
        (vec!["--threads", "100000"], 2, threads),
        (vec!["--threads", "-1"], 2, threads),
        (
            vec!["--seed", "-1"],
            2,
            "invalid value '-1' for '--seed <SEED>'",
        ),
        (
            vec!["--tail-alpha", "0"],
            1,
            "--tail-alpha 0: expected a number > 0",
        ),
        (
            vec!["--tail-alpha", "NaN"],
            1,
            "--tail-alpha NaN: expected a number > 0",
        ),
        (
            vec!["--tail-alpha", "1000"],
            1,
            "--tail-alpha 1000: expected a number > 0 and at most 20",
        ),
        (
            vec!["--tail-cap", "0.5"],
            1,
            "--tail-cap 0.5: expected a number from 1 to 1000",
        ),
        (
            vec!["--revision", "big"],
            1,
            "--revision big: expected MU,SIGMA (e.g. 0.2,0.5) or none",
        ),
    ] {
        let a = seed(&args).code(code).stderr(predicate::str::contains(msg));
        assert!(a.get_output().stdout.is_empty(), "{args:?}");
        assert!(!out.exists(), "{args:?} wrote output");
    }

    // a case with 0 claims: refused, naming the file
    let (_c, case) = Workdir::with_case(SEED, "empty");
    let claims = case.join("claims.csv");
    let header = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(&claims, header.lines().next().unwrap()).unwrap();
    tollrange()
        .args(["run", case.to_str().unwrap(), "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "claims.csv: has a header but no rows",
        ));
    tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(format!(
            "{}: has a header but no rows\n1 problem(s) found in {}\n",
            claims.display(),
            case.display()
        ));
    assert!(!out.exists());

    // an event without claims: a warning, and the run goes on
    let (_c, case) = Workdir::with_case(SEED, "unclaimed");
    let events = case.join("events.csv");
    let mut text = std::fs::read_to_string(&events).unwrap();
    text.push_str("menaka,Attack near Ménaka,2023-09-20,Ménaka,Ménaka,no toll yet\n");
    std::fs::write(&events, text).unwrap();
    let warning = format!(
        "warning: {}: event 'menaka' has no claims in claims.csv: it gets no estimate and is left out of the roll-ups\n",
        events.display()
    );
    tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .success()
        .stderr(warning.clone());
    tollrange()
        .args([
            "run",
            case.to_str().unwrap(),
            "--no-plots",
            "--samples",
            "1000",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stderr(warning);
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(!summary.contains("menaka"), "{summary}");
    std::fs::remove_dir_all(&out).unwrap();

    // a target whose sources all have trust 0: a warning and an empty row;
    // roll-ups with no member left have no estimate either (not 0)
    let (_c, case) = Workdir::with_case(SEED, "untrusted");
    edit(
        &case.join("sources.csv"),
        "(Léré),local,0.70",
        "(Léré),local,0",
    );
    tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: lere / killed: every source of this target has trust 0 (local-elected): it gets no estimate",
        ));
    tollrange()
        .args([
            "run",
            case.to_str().unwrap(),
            "--no-plots",
            "--samples",
            "1000",
            "--out",
        ])
        .arg(&out)
        .args([
            "--weight",
            "mali-authorities=0",
            "--weight",
            "local-civilian=0",
            "--weight",
            "local-security=0",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: lere / killed: every source of this target has trust 0",
        ))
        .stderr(predicate::str::contains(
            "warning: bamba-tombouctou / killed: every source of this target has trust 0",
        ));
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let tomb = summary
        .lines()
        .find(|l| l.starts_with("region:Tombouctou,killed,"))
        .unwrap();
    assert!(
        tomb.contains(",0,,,,,,,,") && tomb.ends_with(",no member event has anything to draw"),
        "{tomb}"
    );
}
