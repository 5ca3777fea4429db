//! `tollrange parse`: one line per text, CSV form, unreadable texts.

mod common;
use common::*;
use predicates::prelude::*;

#[test]
fn plain_output_has_one_reading_per_text() {
    tollrange()
        .args([
            "parse",
            "Il y a eu au moins 64 morts, selon un bilan officiel provisoire",
            "10 soldats et 46 rebelles",
            "sixty-four",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("[64, open): lower bound"))
        .stdout(predicate::str::contains("[56, 56]"))
        // one reading per text; the counts found are listed under it, indented
        .stdout(predicate::function(|s: &str| {
            s.lines().filter(|l| !l.starts_with("  ")).count() == 3
        }));
}

#[test]
fn csv_output_has_the_documented_header_and_empty_high_when_open() {
    let out = tollrange()
        .args([
            "parse",
            "--csv",
            "au moins 64",
            "entre 20 et 30",
            "aucun mort",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    // the documented columns first, then what was used and ignored
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>()[..5],
        ["text", "low", "high", "open", "reading"]
    );
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows[0][..4], ["au moins 64", "64", "", "true"]);
    assert_eq!(rows[1][..4], ["entre 20 et 30", "20", "30", "false"]);
    assert_eq!(rows[2][..4], ["aucun mort", "0", "0", "false"]);
}

#[test]
fn unreadable_text_fails_but_every_text_is_reported() {
    tollrange()
        .args(["parse", "des dizaines", "un bilan lourd", "plus de 200"])
        .assert()
        .failure()
        .stdout(predicate::str::contains("[20, 99]"))
        .stdout(predicate::str::contains("[201, open)"))
        .stderr(predicate::str::contains("cannot read \"un bilan lourd\""))
        .stderr(predicate::str::contains("1 of 3 text(s) could not be read"));
}

#[test]
fn acled_lexicon_gives_conservative_points() {
    tollrange()
        .args([
            "parse",
            "--csv",
            "--lexicon",
            "acled",
            "des dizaines",
            "dozens",
            "des centaines",
            "des morts",
            "au moins 64",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("des dizaines,10,10,false"))
        .stdout(predicate::str::contains("dozens,12,12,false"))
        .stdout(predicate::str::contains("des centaines,100,100,false"))
        .stdout(predicate::str::contains("des morts,3,3,false"))
        .stdout(predicate::str::contains("au moins 64,64,64,false"));
}

#[test]
fn every_seed_figure_reads_without_overrides() {
    let mut r = csv::Reader::from_path(format!("{SEED}/claims.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let fig = h.iter().position(|c| c == "figure").unwrap();
    let texts: Vec<String> = r.records().map(|x| x.unwrap()[fig].to_string()).collect();
    tollrange().arg("parse").args(&texts).assert().success();
}

#[test]
fn a_case_lexicon_extends_the_builtin_one() {
    let (_w, case) = Workdir::with_case(SEED, "mali");
    std::fs::write(
        case.join("lexicon.csv"),
        "phrase,low,high,open\nun lourd bilan,30,,true\n",
    )
    .unwrap();
    edit(
        &case.join("claims.csv"),
        "c13,bourem,killed,press-unattributed,des dizaines de morts",
        "c13,bourem,killed,press-unattributed,un lourd bilan",
    );
    tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[30, open)         \"un lourd bilan\"",
        ));
}

#[test]
fn every_count_found_is_listed_as_used_or_ignored_with_why() {
    tollrange()
        .args([
            "parse",
            "Le bilan s'est alourdi à 45 morts, dont 12 soldats, et 30 blessés",
            "Two attacks killed at least 40 people",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"45 morts\": used: counts deaths",
        ))
        .stdout(predicate::str::contains(
            "\"12 soldats\": ignored: a detail",
        ))
        .stdout(predicate::str::contains(
            "\"30 blessés\": ignored: counts wounded",
        ))
        .stdout(predicate::str::contains(
            "\"Two attacks\": ignored: counts something else",
        ))
        .stdout(predicate::str::contains("[40, open)"));
    let out = tollrange()
        .args(["parse", "--csv", "Gunmen killed 23 people in two villages"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>()[5..],
        ["used", "ignored"]
    );
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[5], "23 people");
    assert!(
        row[6].starts_with("two villages (counts something else"),
        "{:?}",
        &row[6]
    );
}

#[test]
fn two_sources_are_refused_naming_both_figures() {
    tollrange()
        .args(["parse", "40 morts selon l'armée, 100 selon les habitants"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("(\"40 morts\"; \"100\")"))
        .stderr(predicate::str::contains("make one claim per source"));
}
