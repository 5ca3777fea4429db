//! `tollrange import`: the real UCDP GED and ACLED extracts in
//! `../shared/real/` become case folders that `check` and `run` accept.

mod common;
use common::*;
use predicates::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/real");
const GED191: &str = "ucdp_ged191_mmr_bgd_sample.csv";
const GED_HDX_BGD: &str = "ucdp_hdx_conflict_data_BGD_sample.csv";
const GED231: &str = "ucdp_ged231_sample_from_uncertainUCDP_rda.csv";
const ACLED_MONADIC: &str = "acled_mali_2022-09_2023-04_tombouctou_gao_monadic.csv";
const ACLED_HDX: &str = "acled_hdx_mali_1997-2020_bourem_gourma-rharous_niafunke.csv";
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/ucdp-example");

fn real(name: &str) -> String {
    format!("{REAL}/{name}")
}

/// `tollrange import DATASET FILE --out OUT EXTRA…`
fn import(dataset: &str, file: &str, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    tollrange()
        .args(["import", dataset, file, "--out", out.to_str().unwrap()])
        .args(extra)
        .assert()
}

/// A CSV file as rows of column → value.
fn rows(file: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(file).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn row<'a>(rows: &'a [HashMap<String, String>], id: &str) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn check_ok(case: &Path, events: usize) {
    tollrange()
        .args(["check", case.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{events} events")))
        .stdout(predicate::str::contains("— OK"));
}

#[test]
fn ged231_rows_become_events_and_lere_reads_field_by_field() {
    let w = Workdir::new();
    let out = w.path().join("ged231");
    import("ucdp", &real(GED231), &out, &[])
        .success()
        .stdout(predicate::str::contains(
            "UCDP GED 23.1-style, 49 columns; 329 rows, 329 UCDP GED events",
        ))
        // real rows with low/best/high out of order are kept, with a note
        .stderr(predicate::str::contains("note: "))
        .stderr(predicate::str::contains(
            "GED 406097: low 18, best 18, high 17 are out of order; read as [17, 18] peaking at 18",
        ))
        .stderr(predicate::str::contains("warning").not());
    let events = rows(&out.join("events.csv"));
    assert_eq!(events.len(), 329);
    let lere = row(&events, "ged-12989");
    assert_eq!(lere["name"], "Government of Mali vs Civilians, Lere town");
    assert_eq!(lere["date"], "1991-05-20");
    assert_eq!(lere["place"], "Lere town");
    assert_eq!(lere["region"], "Tombouctou region");
    for part in [
        "Government of Mali - Civilians (one-sided violence)",
        "Niafunke cercle",
        "UCDP GED 12989 (MLI-1991-3-432-6)",
    ] {
        assert!(
            lere["description"].contains(part),
            "{}",
            lere["description"]
        );
    }
    let claims = rows(&out.join("claims.csv"));
    let killed = row(&claims, "ged-12989-killed");
    assert_eq!(killed["event"], "ged-12989");
    assert_eq!(killed["category"], "killed");
    assert_eq!(killed["source"], "ucdp-ged");
    assert_eq!(killed["figure"], "best 20 (low 20, high 48)");
    assert_eq!(
        (killed["low"].as_str(), killed["high"].as_str()),
        ("20", "48")
    );
    assert_eq!(killed["shape"], "triangular");
    assert_eq!(killed["document"], "UCDP GED 12989 / MLI-1991-3-432-6");
    assert_eq!(
        killed["quote"],
        "Humphreys and ag Mohamed, \"Senegal & Mali\", 22"
    );
    let civilians = row(&claims, "ged-12989-killed_civilians");
    assert_eq!(civilians["figure"], "20");
    assert_eq!(
        (civilians["low"].as_str(), civilians["high"].as_str()),
        ("20", "20")
    );
    assert_eq!(civilians["shape"], "");
    // GED's split of best: only the parts that are not zero
    let parts: Vec<&str> = claims
        .iter()
        .filter(|c| c["event"] == "ged-12989")
        .map(|c| c["category"].as_str())
        .collect();
    assert_eq!(parts, ["killed", "killed_civilians"]);
    // every quote is a short part of the source, never the article
    assert!(claims.iter().all(|c| c["quote"].chars().count() <= 200));
    let sources = rows(&out.join("sources.csv"));
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["kind"], "dataset");
    check_ok(&out, 329);
}

#[test]
fn triangular_mode_is_the_best_figure() {
    // The claims table has no mode column: the reader takes the mode from the
    // figure text. If the figure parser stops reading `best N (…)` as N, this
    // fails, rather than GED's best silently becoming the midpoint.
    let w = Workdir::new();
    let out = w.path().join("ged231");
    import("ucdp", &real(GED231), &out, &[]).success();
    let case = tollrange::case::Case::load(&out).unwrap();
    let lexicon = tollrange::lexicon::Lexicon::new(tollrange::lexicon::LexiconKind::Builtin);
    let claims = tollrange::claim::read_claims(&case, &lexicon).unwrap();
    let mode = |id: &str| {
        let c = claims.iter().find(|c| c.claim.id == id).unwrap();
        (c.interval.to_string(), c.mode)
    };
    // Sagmé, Cameroon: low 8, best 10, high 28 (midpoint 18)
    assert_eq!(mode("ged-410364-killed"), ("[8, 28]".to_string(), Some(10)));
    assert_eq!(mode("ged-12989-killed"), ("[20, 48]".to_string(), Some(20)));
}

#[test]
fn ged191_and_hdx_country_files_read_by_column_name() {
    let w = Workdir::new();
    let (a, b) = (w.path().join("ged191"), w.path().join("bgd"));
    import("ucdp", &real(GED191), &a, &[])
        .success()
        .stdout(predicate::str::contains(
            "UCDP GED 19.1-style, 42 columns; 499 rows, 499 UCDP GED events",
        ));
    import("ucdp", &real(GED_HDX_BGD), &b, &[])
        .success()
        .stdout(predicate::str::contains(
            "as published on HDX (HXL tag row skipped), 43 columns; 175 rows, 175 UCDP GED events",
        ));
    check_ok(&a, 499);
    check_ok(&b, 175);
    // 19.1 order is low,best,high; 209980: low 1, best 1, high 30, deaths_b 1
    let claims = rows(&a.join("claims.csv"));
    let k = row(&claims, "ged-209980-killed");
    assert_eq!(k["figure"], "best 1 (low 1, high 30)");
    assert_eq!((k["low"].as_str(), k["high"].as_str()), ("1", "30"));
    assert_eq!(k["outlet"], "Democratic Voice of Burma");
    assert_eq!(row(&claims, "ged-209980-killed_side_b")["low"], "1");
    let events = rows(&a.join("events.csv"));
    let e = row(&events, "ged-209980");
    assert_eq!(
        e["name"],
        "Government of Myanmar (Burma) vs MNDAA, Laukkaing Town"
    );
    assert_eq!(e["date"], "2015-05-11");
    assert_eq!(e["region"], "Shan State");
    // the HXL row is not an event, and ids stay whole
    let bgd = rows(&b.join("events.csv"));
    assert_eq!(bgd[0]["id"], "ged-71663");
    assert_eq!(bgd[0]["region"], "Barisāl Division");
}

#[test]
fn acled_monadic_actor_rows_merge_into_one_event() {
    let w = Workdir::new();
    let out = w.path().join("acled");
    import("acled", &real(ACLED_MONADIC), &out, &[])
        .success()
        .stdout(predicate::str::contains(
            "monadic layout (one row per actor, merged by event_id_cnty), 28 columns; 465 rows, 233 ACLED events",
        ));
    let events = rows(&out.join("events.csv"));
    assert_eq!(events.len(), 233);
    let lere = row(&events, "acled-MLI7961");
    assert_eq!(
        lere["name"],
        "Unidentified Armed Group (Mali) vs Civilians (Mali), Lere"
    );
    assert_eq!(lere["date"], "2023-01-06");
    assert_eq!(lere["region"], "Tombouctou");
    let claims = rows(&out.join("claims.csv"));
    let k = row(&claims, "acled-MLI7961-killed");
    assert_eq!(k["figure"], "at least 1");
    assert_eq!((k["low"].as_str(), k["high"].as_str()), ("1", ""));
    assert_eq!(k["source"], "acled");
    assert_eq!(k["outlet"], "Undisclosed Source");
    assert_eq!(k["document"], "ACLED MLI7961");
    assert!(k["quote"].starts_with("On 6 January 2023, an unidentified armed group shot"));
    // the one event with a single row is there too
    assert_eq!(
        row(&events, "acled-MLI7508")["name"],
        "Unidentified Armed Group (Mali), Gao"
    );
    check_ok(&out, 233);
}

#[test]
fn acled_hdx_fatalities_are_lower_bounds_and_zero_is_zero() {
    let w = Workdir::new();
    let out = w.path().join("acled");
    import("acled", &real(ACLED_HDX), &out, &[])
        .success()
        .stdout(predicate::str::contains(
            "ACLED, dyadic layout, as published on HDX (HXL tag row skipped), 31 columns; 255 rows, 255 ACLED events",
        ));
    let events = rows(&out.join("events.csv"));
    assert_eq!(events.len(), 255);
    let bamba = row(&events, "acled-MLI3661");
    assert_eq!(
        bamba["name"],
        "JNIM: Group for Support of Islam and Muslims vs Military Forces of Mali (2013-), Bamba"
    );
    assert_eq!(bamba["date"], "2020-04-06");
    assert_eq!(bamba["place"], "Bamba");
    assert_eq!(bamba["region"], "Gao");
    let claims = rows(&out.join("claims.csv"));
    let k = row(&claims, "acled-MLI3661-killed");
    assert_eq!(k["figure"], "at least 33");
    assert_eq!((k["low"].as_str(), k["high"].as_str()), ("33", ""));
    assert!(k["outlet"].starts_with("RFI; Kibaru; AMAP"));
    assert!(
        k["quote"]
            .starts_with("On 6 April 2020, JNIM militants attacked a Malian army camp in Bamba")
    );
    assert!(k["quote"].ends_with('…'));
    assert!(k["quote"].chars().count() <= 200);
    // MLI4107: a robbery, 0 fatalities: the point [0, 0]
    let z = row(&claims, "acled-MLI4107-killed");
    assert_eq!(
        (z["figure"].as_str(), z["low"].as_str(), z["high"].as_str()),
        ("0", "0", "0")
    );
    let records = rows(&out.join("records.csv"));
    let r = records.iter().find(|r| r["record"] == "MLI3661").unwrap();
    assert_eq!(
        (
            r["event"].as_str(),
            r["dataset"].as_str(),
            r["admin2"].as_str()
        ),
        ("acled-MLI3661", "acled", "Bourem")
    );
    assert_eq!(
        (r["latitude"].as_str(), r["longitude"].as_str()),
        ("17.035", "-1.4016")
    );
    check_ok(&out, 255);
}

#[test]
fn an_imported_case_runs() {
    let w = Workdir::new();
    let (case, out) = (w.path().join("ged231"), w.path().join("out"));
    import("ucdp", &real(GED231), &case, &[]).success();
    tollrange()
        .args([
            "run",
            case.to_str().unwrap(),
            "--no-plots",
            "--samples",
            "2000",
        ])
        .args(["--revision", "none", "--out", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("ged-12989"));
    let summary = rows(&out.join("summary.csv"));
    let lere = summary
        .iter()
        .find(|r| r["event"] == "ged-12989" && r["category"] == "killed")
        .unwrap();
    // read literally: [20, 48] peaking at 20
    let p50: u64 = lere["p50"].parse().unwrap();
    assert!((24..=32).contains(&p50), "{p50}");
    assert!(summary.iter().any(|r| r["event"] == "all"));
}

/// The Mali rows of the GED 23.1 sample, as a file of their own.
fn mali_rows(to: &Path) {
    let mut r = csv::Reader::from_path(real(GED231)).unwrap();
    let header = r.headers().unwrap().clone();
    let country = header.iter().position(|h| h == "country").unwrap();
    let mut w = csv::Writer::from_path(to).unwrap();
    w.write_record(&header).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        if &rec[country] == "Mali" {
            w.write_record(&rec).unwrap();
        }
    }
    w.flush().unwrap();
}

#[test]
fn shipped_example_is_the_import_of_the_mali_rows() {
    let w = Workdir::new();
    let (file, out) = (w.path().join("mali.csv"), w.path().join("ucdp-example"));
    mali_rows(&file);
    import("ucdp", file.to_str().unwrap(), &out, &[])
        .success()
        .stdout(predicate::str::contains("7 rows, 7 UCDP GED events"));
    for f in ["events.csv", "sources.csv", "claims.csv", "records.csv"] {
        assert_eq!(
            std::fs::read_to_string(out.join(f)).unwrap(),
            std::fs::read_to_string(Path::new(EXAMPLE).join(f)).unwrap(),
            "{f} differs from data/ucdp-example: regenerate it (see its README)"
        );
    }
    check_ok(Path::new(EXAMPLE), 7);
}

// --- merging ---------------------------------------------------------------

const GED_HEADER: &str = "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob";
const ACLED_HEADER: &str = "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp";

/// A CSV line from column → value pairs (other columns empty).
fn line(header: &str, values: &[(&str, &str)]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header.split(',').map(|c| {
        values
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| *v)
            .unwrap_or("")
    }))
    .unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn ged_line(
    id: &str,
    date: &str,
    lat: &str,
    lon: &str,
    adm2: &str,
    low: &str,
    best: &str,
    high: &str,
) -> String {
    line(
        GED_HEADER,
        &[
            ("id", id),
            ("relid", &format!("MLI-TEST-{id}")),
            ("type_of_violence", "1"),
            ("side_a", "Government of Mali"),
            ("side_b", "JNIM"),
            ("where_coordinates", "somewhere"),
            ("adm_1", "Tombouctou region"),
            ("adm_2", adm2),
            ("latitude", lat),
            ("longitude", lon),
            ("country", "Mali"),
            ("date_start", date),
            ("date_end", date),
            ("deaths_a", "0"),
            ("deaths_b", best),
            ("deaths_civilians", "0"),
            ("deaths_unknown", "0"),
            ("low", low),
            ("best", best),
            ("high", high),
        ],
    )
}

fn acled_line(
    id: &str,
    date: &str,
    lat: &str,
    lon: &str,
    admin2: &str,
    fatalities: &str,
) -> String {
    line(
        ACLED_HEADER,
        &[
            ("event_id_cnty", id),
            ("event_date", date),
            ("event_type", "Battles"),
            ("sub_event_type", "Armed clash"),
            ("actor1", "Military Forces of Mali (2021-)"),
            ("actor2", "JNIM: Group for Support of Islam and Muslims"),
            ("country", "Mali"),
            ("admin1", "Tombouctou"),
            ("admin2", admin2),
            ("location", "somewhere"),
            ("latitude", lat),
            ("longitude", lon),
            ("source", "Test outlet"),
            ("notes", "A synthetic row for the merge test."),
            ("fatalities", fatalities),
        ],
    )
}

/// GED and ACLED files for the same week, written for the merge test.
fn synthetic_pair(dir: &Path) -> (PathBuf, PathBuf) {
    let ged = dir.join("ged.csv");
    let acled = dir.join("acled.csv");
    let g = [
        GED_HEADER.to_string() + "\n",
        // 1: ACLED A1 is the same day, 5 km away
        ged_line(
            "1",
            "2023-09-17",
            "15.7118",
            "-4.9118",
            "Niafunke cercle",
            "20",
            "25",
            "48",
        ),
        // 2: ACLED A2 is the next day, 60 km away, but in the same cercle
        ged_line(
            "2",
            "2023-09-12",
            "16.9500",
            "-0.3500",
            "Bourem cercle",
            "10",
            "10",
            "10",
        ),
        // 3: ACLED A3 is two days later: not the same incident
        ged_line(
            "3",
            "2023-09-07",
            "17.0350",
            "-1.4016",
            "Bourem cercle",
            "64",
            "64",
            "64",
        ),
        // 4: ACLED A4 is the same day but 40 km away in another cercle
        ged_line(
            "4",
            "2023-09-20",
            "16.2700",
            "-3.3900",
            "Gourma-Rharous cercle",
            "5",
            "5",
            "5",
        ),
    ]
    .concat();
    let a = [
        ACLED_HEADER.to_string() + "\n",
        acled_line("A1", "2023-09-17", "15.7568", "-4.9118", "Niafunke", "19"),
        acled_line(
            "A2",
            "13 September 2023",
            "16.9500",
            "0.2120",
            "Bourem",
            "46",
        ),
        acled_line("A3", "2023-09-09", "17.0350", "-1.4016", "Bourem", "33"),
        acled_line("A4", "2023-09-20", "16.6300", "-3.3900", "Tombouctou", "0"),
        // A5: as close to GED 1 as A1, but A1 is closer: one record per event
        acled_line("A5", "2023-09-18", "15.7200", "-4.9118", "Niafunke", "7"),
    ]
    .concat();
    std::fs::write(&ged, g).unwrap();
    std::fs::write(&acled, a).unwrap();
    (ged, acled)
}

#[test]
fn merge_puts_the_same_incident_on_one_event_with_two_claims() {
    let w = Workdir::new();
    let (ged, acled) = synthetic_pair(w.path());
    let (g, both) = (w.path().join("g"), w.path().join("both"));
    import("ucdp", ged.to_str().unwrap(), &g, &[]).success();
    let merge = ["--merge", g.to_str().unwrap()];
    import("acled", acled.to_str().unwrap(), &both, &merge)
        .success()
        .stdout(predicate::str::contains(format!(
            "matched 2 of 5 ACLED events to events of {}",
            g.display()
        )))
        .stdout(predicate::str::contains(
            "ged-1 ← ACLED A1 (0 day(s) apart, 5.0 km)",
        ))
        .stdout(predicate::str::contains(
            "ged-2 ← ACLED A2 (1 day(s) apart, same admin2, 59.8 km)",
        ))
        .stdout(predicate::str::contains("1 record(s) could match more than one event").not());
    let events = rows(&both.join("events.csv"));
    // 4 GED events, plus A3, A4 and A5 on their own
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "ged-1", "ged-2", "ged-3", "ged-4", "acled-A3", "acled-A4", "acled-A5"
        ]
    );
    assert!(row(&events, "ged-1")["description"].contains("Also ACLED A1"));
    let claims = rows(&both.join("claims.csv"));
    let on = |event: &str| -> Vec<(String, String)> {
        claims
            .iter()
            .filter(|c| c["event"] == event && c["category"] == "killed")
            .map(|c| (c["source"].clone(), c["low"].clone()))
            .collect()
    };
    assert_eq!(
        on("ged-1"),
        [
            ("ucdp-ged".into(), "20".into()),
            ("acled".into(), "19".into())
        ]
    );
    assert_eq!(on("ged-2").len(), 2);
    assert_eq!(on("ged-3").len(), 1);
    let sources: Vec<String> = rows(&both.join("sources.csv"))
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    assert_eq!(sources, ["ucdp-ged", "acled"]);
    let records = rows(&both.join("records.csv"));
    assert_eq!(records.len(), 9);
    assert_eq!(
        records
            .iter()
            .filter(|r| r["event"] == "ged-1")
            .map(|r| r["record"].as_str())
            .collect::<Vec<_>>(),
        ["1", "A1"]
    );
    check_ok(&both, 7);

    // run combines the two claims on the merged event
    let out = w.path().join("out");
    tollrange()
        .args([
            "run",
            both.to_str().unwrap(),
            "--no-plots",
            "--samples",
            "2000",
        ])
        .args(["--out", out.to_str().unwrap()])
        .assert()
        .success();
    let summary = rows(&out.join("summary.csv"));
    let s = summary
        .iter()
        .find(|r| r["event"] == "ged-1" && r["category"] == "killed")
        .unwrap();
    assert_eq!((s["claims"].as_str(), s["sources"].as_str()), ("2", "2"));

    // the other way round gives the same pairs
    let (a, both2) = (w.path().join("a"), w.path().join("both2"));
    import("acled", acled.to_str().unwrap(), &a, &[]).success();
    import(
        "ucdp",
        ged.to_str().unwrap(),
        &both2,
        &["--merge", a.to_str().unwrap()],
    )
    .success()
    .stdout(predicate::str::contains("matched 2 of 4 UCDP GED events"));
    check_ok(&both2, 7);
}

#[test]
fn merge_refuses_records_already_in_the_case() {
    let w = Workdir::new();
    let (_, acled) = synthetic_pair(w.path());
    let (a, again) = (w.path().join("a"), w.path().join("again"));
    import("acled", acled.to_str().unwrap(), &a, &[]).success();
    import(
        "acled",
        acled.to_str().unwrap(),
        &again,
        &["--merge", a.to_str().unwrap()],
    )
    .failure()
    .stderr(predicate::str::contains(
        "ACLED record A1 is already in the case (claim 'acled-A1-killed'); left out",
    ))
    .stderr(predicate::str::contains(
        "5 of 5 ACLED events are already in",
    ));
    assert!(!again.exists());
}

#[test]
fn merge_into_a_hand_made_case_keeps_it_whole() {
    let (w, seed) = Workdir::with_case(SEED, "mali");
    std::fs::write(seed.join("weights.csv"), "source,trust\nfama,0.1\n").unwrap();
    let out = w.path().join("merged");
    import(
        "ucdp",
        &real(GED231),
        &out,
        &["--merge", seed.to_str().unwrap()],
    )
    .success()
    .stdout(predicate::str::contains("matched 0 of 329 UCDP GED events"))
    .stdout(predicate::str::contains("4 event(s) of"));
    // the sources keep their own trust; weights.csv comes along unchanged
    let sources = rows(&out.join("sources.csv"));
    assert_eq!(row(&sources, "fama")["trust"], "0.3");
    assert_eq!(
        std::fs::read(out.join("weights.csv")).unwrap(),
        b"source,trust\nfama,0.1\n"
    );
    check_ok(&out, 4 + 329);
}

// --- bad input ---------------------------------------------------------------

#[test]
fn neither_format_is_refused_with_the_file_and_a_hint() {
    let w = Workdir::new();
    let out = w.path().join("x");
    let claims = format!("{SEED}/claims.csv");
    import("ucdp", &claims, &out, &[])
        .failure()
        .stderr(predicate::str::contains(format!(
            "{claims}:1: not a UCDP GED file: the header (id,event,category,source,figure,low,high,shape,…) lacks its columns"
        )));
    import("ucdp", &real(ACLED_HDX), &out, &[])
        .failure()
        .stderr(predicate::str::contains(
            "it looks like ACLED data: use `tollrange import acled FILE`",
        ));
    import("acled", &real(GED191), &out, &[])
        .failure()
        .stderr(predicate::str::contains(
            "it looks like UCDP GED data: use `tollrange import ucdp FILE`",
        ));
    import("acled", "no/such.csv", &out, &[])
        .failure()
        .stderr(predicate::str::contains("no/such.csv: file not found"));
    assert!(!out.exists());
}

#[test]
fn missing_columns_are_named() {
    let w = Workdir::new();
    let file = w.path().join("ged.csv");
    let text = std::fs::read_to_string(real(GED231)).unwrap();
    std::fs::write(&file, text.replacen(",deaths_civilians,", ",civilians,", 1)).unwrap();
    import("ucdp", file.to_str().unwrap(), &w.path().join("x"), &[])
        .failure()
        .stderr(predicate::str::contains(format!(
            "{}:1: missing column 'deaths_civilians'",
            file.display()
        )));
}

#[test]
fn bad_rows_are_skipped_with_a_warning_or_refused_with_strict() {
    let w = Workdir::new();
    let file = w.path().join("acled.csv");
    let text = std::fs::read_to_string(real(ACLED_HDX)).unwrap();
    // MLI3661's fatalities 33 → "33?"; MLI4107's date → "28/07/2020"
    let text = text
        .replacen(
            "killed during the assault.\",33,",
            "killed during the assault.\",33?,",
            1,
        )
        .replacen("MLI4107,4107,2020-07-28,", "MLI4107,4107,28/07/2020,", 1);
    assert!(text.contains(",33?,") && text.contains("28/07/2020"));
    std::fs::write(&file, text).unwrap();
    let f = file.display().to_string();
    let strict = w.path().join("strict");
    import("acled", &f, &strict, &["--strict"])
        .failure()
        .stderr(predicate::str::contains(format!(
            "{f}: 2 of 255 rows could not be read; --strict: nothing written"
        )));
    assert!(!strict.exists());
    let out = w.path().join("lenient");
    import("acled", &f, &out, &[])
        .success()
        .stdout(predicate::str::contains("255 rows, 253 ACLED events"))
        .stderr(predicate::str::contains(format!(
            "warning: {f}:3: event_date '28/07/2020' is not a date"
        )))
        .stderr(predicate::str::contains("fatalities '33?' is not a number"))
        .stderr(predicate::str::contains(format!(
            "{f}: 2 of 255 rows could not be read and were skipped"
        )));
    check_ok(&out, 253);
}

#[test]
fn a_non_empty_out_folder_needs_force() {
    let w = Workdir::new();
    let out = w.path().join("case");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    import("ucdp", &real(GED_HDX_BGD), &out, &[])
        .failure()
        .stderr(predicate::str::contains("folder is not empty"));
    assert!(!out.join("events.csv").exists());
    import("ucdp", &real(GED_HDX_BGD), &out, &["--force"]).success();
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    check_ok(&out, 175);
}

#[test]
fn malformed_files_fail_cleanly() {
    let w = Workdir::new();
    let out = w.path().join("x");
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.csv", b"", "empty file"),
        (
            "latin1.csv",
            b"id,date_start,low,best,high\n1,2020-01-01,1,1,1,d\xe9c\n",
            "not UTF-8 text: byte 0xE9",
        ),
        ("binary.csv", b"\x00\x01\x02PK\x03\x04", "binary data"),
        (
            "header-only.csv",
            b"event_id_cnty,event_date,fatalities\n",
            "not a UCDP GED file",
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = w.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        import("ucdp", file.to_str().unwrap(), &out, &[])
            .failure()
            .stderr(predicate::str::contains(expected))
            .stderr(predicate::str::contains("panicked").not());
    }
    // a file cut in the middle of a quoted field, with one huge field
    let text = std::fs::read_to_string(real(ACLED_HDX)).unwrap();
    let cut = text.find("attacked a Malian army camp in Bamba").unwrap();
    let mut broken = text[..cut].to_string();
    broken.push_str(&"x".repeat(2_000_000));
    let file = w.path().join("cut.csv");
    std::fs::write(&file, broken).unwrap();
    import("acled", file.to_str().unwrap(), &out, &[])
        .success()
        .stderr(predicate::str::contains("row has"))
        .stderr(predicate::str::contains("panicked").not());
}
