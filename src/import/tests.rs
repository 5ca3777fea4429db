use super::read::{Lf, is_hxl};
use super::*;

#[test]
fn days_round_trip_and_parse_both_styles() {
    for (y, m, d) in [(1970, 1, 1), (1991, 5, 20), (2000, 2, 29), (2023, 9, 7)] {
        let day = Day::from_ymd(y, m, d).unwrap();
        assert_eq!(day.ymd(), (y, m, d));
    }
    assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
    assert_eq!(Day::from_ymd(2023, 2, 29), None);
    assert_eq!(Day::from_ymd(1900, 2, 29), None);
    let d = Day::parse("2023-04-07").unwrap();
    assert_eq!(Day::parse("07 April 2023"), Some(d));
    assert_eq!(Day::parse("7 Apr 2023"), Some(d));
    assert_eq!(Day::parse("2023-04-07 00:00:00.000"), Some(d));
    assert_eq!(d.to_string(), "2023-04-07");
    assert_eq!(
        Day::parse("2023-03-01")
            .unwrap()
            .distance(Day::parse("2023-02-28").unwrap()),
        1
    );
    for bad in [
        "",
        "2023-13-01",
        "07/04/2023",
        "7 Foo 2023",
        "2023-4",
        "٢٠٢٣-04-07",
    ] {
        assert_eq!(Day::parse(bad), None, "{bad}");
    }
}

#[test]
fn counts_accept_whole_floats_only() {
    assert_eq!(count("20", "best"), Ok(20));
    assert_eq!(count("20.0", "best"), Ok(20));
    assert!(count("20.5", "best").is_err());
    assert!(count("", "best").unwrap_err().contains("empty"));
    assert!(count("-1", "best").unwrap_err().contains("negative"));
    assert!(count(".0", "best").is_err());
}

#[test]
fn coords_in_range() {
    assert_eq!(coords("15.7", "-4.9"), Ok(Some((15.7, -4.9))));
    assert_eq!(coords("", ""), Ok(None));
    assert_eq!(coords("NA", "NA"), Ok(None));
    assert!(coords("95", "0").is_err());
    assert!(coords("NaN", "0").is_err());
    assert!(coords("1", "").is_err());
}

#[test]
fn shorten_cuts_on_char_and_word_boundaries() {
    assert_eq!(shorten("a\n b\t c", 200), "a b c");
    let long = "é".repeat(500);
    let s = shorten(&long, 200);
    assert_eq!(s.chars().count(), 200);
    assert!(s.ends_with('…'));
    let words = "word ".repeat(100);
    let s = shorten(&words, 200);
    assert!(s.chars().count() <= 200);
    assert!(s.ends_with("word…"), "{s}");
}

const GED231: &str = "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob";

/// A GED 23.1 row with the given values, every other field empty.
fn ged_row(values: &[(&str, &str)]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(GED231.split(',').map(|c| {
        values
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| *v)
            .unwrap_or("")
    }))
    .unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn good_ged_row(id: &str) -> String {
    ged_row(&[
        ("id", id),
        ("date_start", "2023-09-07"),
        ("low", "20"),
        ("best", "20"),
        ("high", "48"),
        ("deaths_a", "0"),
        ("deaths_b", "0"),
        ("deaths_civilians", "20"),
        ("deaths_unknown", "0"),
        ("latitude", "15.7"),
        ("longitude", "-4.9"),
        ("side_a", "A"),
        ("side_b", "B"),
    ])
}

fn ged(text: &str) -> Result<Imported, Problems> {
    import_reader(
        Dataset::Ucdp,
        std::io::Cursor::new(text.to_string()),
        "f.csv",
    )
}

fn first_error(r: Result<Imported, Problems>) -> String {
    r.expect_err("an error").0[0].to_string()
}

#[test]
fn file_level_problems_are_named() {
    assert_eq!(
        first_error(ged("")),
        "f.csv: empty file: expected a header line and rows"
    );
    assert!(
        first_error(ged("id,event,category,source,figure\nc1,e,killed,s,64\n"))
            .starts_with("f.csv:1: not a UCDP GED file: the header (id,event,category")
    );
    assert!(
        first_error(ged(
            "event_id_cnty,event_date,fatalities\nX1,2020-01-01,3\n"
        ))
        .ends_with("it looks like ACLED data: use `tollrange import acled FILE`")
    );
    let no_best = GED231.replace(",best,", ",bset,");
    assert!(
        first_error(ged(&format!("{no_best}\n")))
            .starts_with("f.csv:1: missing column 'best' (did you mean 'bset'?)")
    );
    let latin1 = [
        GED231.as_bytes(),
        b"\n",
        good_ged_row("1").as_bytes(),
        b"x\xe9\n",
    ]
    .concat();
    let r = import_reader(Dataset::Ucdp, std::io::Cursor::new(latin1), "f.csv");
    assert!(first_error(r).starts_with("f.csv:3: not UTF-8 text: byte 0xE9"));
    let utf16 = b"\xff\xfei\0d\0".to_vec();
    let r = import_reader(Dataset::Ucdp, std::io::Cursor::new(utf16), "f.csv");
    assert!(first_error(r).contains("UTF-16"));
}

#[test]
fn bad_rows_are_set_aside_with_their_line() {
    let text = format!(
        "\u{FEFF}{GED231}\n{}{}{}{}\"unclosed,1\n2,\n",
        good_ged_row("1"),
        good_ged_row("2").replacen(",20,48,20,", ",many,48,20,", 1),
        good_ged_row("1"),
        "3,4\n",
    );
    let r = ged(&text).unwrap();
    assert_eq!(r.rows, 5);
    assert_eq!(r.records.len(), 1);
    let msgs: Vec<String> = r.skipped.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        msgs,
        vec![
            "f.csv:3: best 'many' is not a number; expected a whole number ≥ 0",
            "f.csv:4: GED id 1 repeats the row at line 2",
            "f.csv:5: row has 2 fields, expected 49 as in the header",
            "f.csv:6: row has 1 fields, expected 49 as in the header; a quoted field runs from here to line 7: is a \" unbalanced?",
        ]
    );
}

#[test]
fn semicolon_files_and_hxl_rows_read() {
    let hxl = format!(
        "{}\n",
        GED231
            .split(',')
            .map(|c| if c == "id" { "#id" } else { "" })
            .collect::<Vec<_>>()
            .join(",")
    );
    let text = format!("{GED231}\n{hxl}{}", good_ged_row("7")).replace(',', ";");
    let r = ged(&text).unwrap();
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    assert_eq!(r.records.len(), 1);
    assert!(r.layout.contains("HXL"));
    assert_eq!(r.records[0].event.id, "ged-7");
}

#[test]
fn crlf_reads_as_lf_across_chunks() {
    let mut text = b"a\r\nb\rc\r\r\n".to_vec();
    text.extend(std::iter::repeat_n(b'x', 16 * 1024 - 1));
    text.extend(b"\r\nend\r");
    let mut out = Vec::new();
    Lf::new(std::io::Cursor::new(text))
        .read_to_end(&mut out)
        .unwrap();
    let mut expected = b"a\nb\rc\r\n".to_vec();
    expected.extend(std::iter::repeat_n(b'x', 16 * 1024 - 1));
    expected.extend(b"\nend\r");
    assert_eq!(out, expected);
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        for dataset in [Dataset::Ucdp, Dataset::Acled] {
            let _ = import_reader(dataset, std::io::Cursor::new(bytes.clone()), "f.csv");
            let mut with_header = GED231.as_bytes().to_vec();
            with_header.push(b'\n');
            with_header.extend_from_slice(&bytes);
            let _ = import_reader(dataset, std::io::Cursor::new(with_header), "f.csv");
        }
    }

    #[test]
    fn arbitrary_field_values_never_panic(
        column in proptest::sample::select(GED231.split(',').collect::<Vec<_>>()),
        value in "\\PC{0,40}",
    ) {
        let row = good_ged_row("5");
        let mut fields: Vec<String> = csv::ReaderBuilder::new().has_headers(false)
            .from_reader(row.as_bytes()).records().next().unwrap().unwrap()
            .iter().map(|s| s.to_string()).collect();
        let i = GED231.split(',').position(|c| c == column).unwrap();
        fields[i] = value;
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&fields).unwrap();
        let text = format!("{GED231}\n{}", String::from_utf8(w.into_inner().unwrap()).unwrap());
        let r = ged(&text).unwrap();
        proptest::prop_assert_eq!(r.records.len() + r.skipped.len(), 1);
        for rec in &r.records {
            for c in &rec.claims {
                proptest::prop_assert!(c.quote.chars().count() <= MAX_QUOTE_CHARS);
            }
        }
    }
}

#[test]
fn hxl_rows_are_recognised() {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(is_hxl(&v(&["", "#event+code", "#date"])));
    assert!(!is_hxl(&v(&["", "", ""])));
    assert!(!is_hxl(&v(&["12", "#x"])));
}
