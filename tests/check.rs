//! `tollrange check`: the seed case passes; broken copies fail at FILE:LINE.

mod common;
use common::*;
use predicates::prelude::*;

#[test]
fn seed_case_checks_and_lists_events_sources_claims() {
    tollrange()
        .args(["check", SEED])
        .assert()
        .success()
        .stdout(predicate::str::contains("4 events, 8 sources, 19 claims"))
        .stdout(predicate::str::contains("bamba-tombouctou"))
        .stdout(predicate::str::contains("local-civilian"))
        .stdout(predicate::str::contains("[64, open)"))
        .stdout(predicate::str::contains("(echoed by c04)"))
        .stdout(predicate::str::contains("(echoed by c05)"))
        .stdout(predicate::str::contains("(echoed by c09, c11)"));
}

#[test]
fn broken_copy_fails_with_file_and_line() {
    let (_w, case) = Workdir::with_case(SEED, "mali");
    edit(
        &case.join("claims.csv"),
        "c13,bourem,killed,press-unattributed",
        "c13,bourem,killed,press-unatributed",
    );
    edit(
        &case.join("sources.csv"),
        "belligerent,0.30",
        "belligerent,1.30",
    );
    let claims = case.join("claims.csv").display().to_string();
    let sources = case.join("sources.csv").display().to_string();
    tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "{sources}:3: source 'fama': trust '1.30' is outside [0, 1]"
        )))
        .stderr(predicate::str::contains(format!(
            "{claims}:14: claim 'c13': unknown source 'press-unatributed' (did you mean 'press-unattributed'?)"
        )))
        .stdout(predicate::str::is_empty());
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let (_w, case) = Workdir::with_case(SEED, "mali");
    edit(
        &case.join("claims.csv"),
        "c01,bamba-tombouctou",
        "c01,bamba",
    );
    edit(
        &case.join("claims.csv"),
        "c19,mali-2012-2023,killed",
        "c19,mali-2012-2023,Killed",
    );
    edit(&case.join("events.csv"), "lere,", "bourem,");
    let out = tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("events.csv:4: duplicate event id 'bourem' (first defined at line 3)"),
        "{err}"
    );
    assert!(
        err.contains("claims.csv:2: claim 'c01': unknown event 'bamba'"),
        "{err}"
    );
    assert!(
        err.contains("claims.csv:20: claim 'c19': category 'Killed'"),
        "{err}"
    );
    assert!(err.contains("unknown event 'lere'"), "{err}");
}

#[test]
fn semicolon_bom_crlf_case_reads_like_the_original() {
    let (_w, case) = Workdir::with_case(SEED, "mali");
    // re-save sources.csv as a French spreadsheet would: BOM, ';', CRLF, decimal comma
    let mut rdr = csv::Reader::from_path(case.join("sources.csv")).unwrap();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(rdr.headers().unwrap()).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let fields: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if i == 3 {
                    f.replace('.', ",")
                } else {
                    f.to_string()
                }
            })
            .collect();
        w.write_record(&fields).unwrap();
    }
    std::fs::write(case.join("sources.csv"), w.into_inner().unwrap()).unwrap();
    let original = tollrange().args(["check", SEED]).output().unwrap();
    let resaved = tollrange()
        .args(["check", case.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        resaved.status.success(),
        "{}",
        String::from_utf8_lossy(&resaved.stderr)
    );
    let strip = |o: &[u8]| {
        String::from_utf8_lossy(o)
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&original.stdout), strip(&resaved.stdout));
}

#[test]
fn missing_case_folder_and_file_are_named() {
    tollrange()
        .args(["check", "no/such/case"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no/such/case: no such case folder",
        ));
    let (_w, case) = Workdir::with_case(SEED, "mali");
    std::fs::remove_file(case.join("events.csv")).unwrap();
    tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("events.csv: file not found (expected a CSV file with columns id,name,date,place,region,description)"));
}

/// One pass: a bad trust and an unreadable figure are reported together.
#[test]
fn file_problems_and_figure_problems_come_in_one_pass() {
    let (_w, case) = Workdir::with_case(SEED, "mali");
    edit(
        &case.join("sources.csv"),
        "belligerent,0.30",
        "belligerent,1.30",
    );
    edit(
        &case.join("claims.csv"),
        "c13,bourem,killed,press-unattributed,des dizaines de morts",
        "c13,bourem,killed,press-unattributed,un bilan lourd",
    );
    let out = tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("sources.csv:3: source 'fama': trust '1.30' is outside [0, 1]"),
        "{err}"
    );
    assert!(
        err.contains("claims.csv:14: claim 'c13': cannot read \"un bilan lourd\""),
        "{err}"
    );
}
