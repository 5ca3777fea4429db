//! UCDP Georeferenced Event Dataset (GED) CSV files.
//!
//! Columns are found by name, so the 23.1 order (`…,best,high,low,gwnoa,gwnob`,
//! with `relid` and `code_status`), the 19.1 order (`…,low,best,high`) and
//! HDX's per-country files (19.1 columns plus `iso3`, an HXL tag row as line
//! 2) read alike. Each row is one event, `ged-<id>`:
//!
//! - `killed`: [low, high] with a `triangular` shape peaking at best, or the
//!   point best when low = best = high. The figure text carries best first
//!   (`best 20 (low 20, high 48)`) because the claim reader takes the mode
//!   from the figure.
//! - `killed_side_a`, `killed_side_b`, `killed_civilians`, `killed_unknown`:
//!   GED's split of best (`deaths_a`, …), as points, where not zero.
//!
//! Real GED rows sometimes have low, best and high out of order (low 0,
//! best 3, high 0). Such a row is kept: its interval is widened to hold all
//! three, and a note says so.

use super::dataset::{Dataset, Day, Imported, Place, Record};
use super::read::{Columns, Input, RawRow};
use super::rows::{claim, clean, coords, count, day, join_places, join_present, record_key};
use crate::case::{Event, Shape};
use crate::problem::{Problem, Problems};
use std::collections::HashMap;

/// Columns every GED CSV has had since 19.1 (the HDX files too).
pub const REQUIRED: &[&str] = &[
    "id",
    "type_of_violence",
    "conflict_name",
    "dyad_name",
    "side_a",
    "side_b",
    "source_article",
    "source_office",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
];
/// Columns of newer versions only.
pub const OPTIONAL: &[&str] = &["relid", "where_description"];

/// GED's split of best and the categories they become.
const PARTS: [(&str, &str); 4] = [
    ("deaths_a", "killed_side_a"),
    ("deaths_b", "killed_side_b"),
    ("deaths_civilians", "killed_civilians"),
    ("deaths_unknown", "killed_unknown"),
];

pub fn read(mut input: Input) -> Result<Imported, Problems> {
    let cols = input.columns(Dataset::Ucdp, REQUIRED, OPTIONAL)?;
    let version = if cols.has("relid") {
        "UCDP GED 23.1-style"
    } else {
        "UCDP GED 19.1-style"
    };
    let layout = format!(
        "{version}{}, {} columns",
        if input.hxl {
            " as published on HDX (HXL tag row skipped)"
        } else {
            ""
        },
        input.header.len()
    );
    let mut out = Imported {
        dataset: Dataset::Ucdp,
        file: input.file.clone(),
        layout,
        rows: 0,
        records: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
    };
    let mut seen: HashMap<String, u64> = HashMap::new();
    while let Some(row) = input.next_row()? {
        out.rows += 1;
        let row = match row {
            Ok(r) => r,
            Err(p) => {
                out.skipped.push(p);
                continue;
            }
        };
        match record(&cols, &row, &input.file) {
            Ok((rec, note)) => {
                if let Some(first) = seen.get(&rec.key) {
                    out.skipped.push(Problem::at(
                        &input.file,
                        row.line,
                        format!("GED id {} repeats the row at line {first}", rec.key),
                    ));
                    continue;
                }
                seen.insert(rec.key.clone(), row.line);
                if let Some(n) = note {
                    out.notes.push(Problem::at(&input.file, row.line, n));
                }
                out.records.push(rec);
            }
            Err(m) => out.skipped.push(Problem::at(&input.file, row.line, m)),
        }
    }
    Ok(out)
}

fn violence(code: &str) -> &'static str {
    match code {
        "1" => "state-based conflict",
        "2" => "non-state conflict",
        "3" => "one-sided violence",
        _ => "",
    }
}

/// One GED row as a record, and a note when its figures were repaired;
/// every problem of the row in one message otherwise.
fn record(cols: &Columns, row: &RawRow, file: &str) -> Result<(Record, Option<String>), String> {
    let get = |c: &str| cols.get(row, c);
    let mut errors: Vec<String> = Vec::new();
    let key = record_key(get("id"), "id").map_err(|e| errors.push(e)).ok();
    let date = day(get("date_start"), "date_start")
        .map_err(|e| errors.push(e))
        .ok();
    let mut n = |c: &str| count(get(c), c).map_err(|e| errors.push(e)).ok();
    let (low, best, high) = (n("low"), n("best"), n("high"));
    let parts: Vec<Option<u64>> = PARTS.iter().map(|(c, _)| n(c)).collect();
    let place_coords = coords(get("latitude"), get("longitude"))
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(key), Some(date), Some(low), Some(best), Some(high), Some(place_coords)) =
        (key, date, low, best, high, place_coords)
    else {
        return Err(errors.join("; "));
    };
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    let id = format!("{}-{key}", Dataset::Ucdp.id_prefix());
    let clean = clean;
    let (side_a, side_b) = (clean(get("side_a")), clean(get("side_b")));
    let where_ = clean(get("where_coordinates"));
    let actors = if !side_a.is_empty() && !side_b.is_empty() {
        format!("{side_a} vs {side_b}")
    } else {
        clean(get("dyad_name"))
    };
    let name = match join_present(&[&actors, &where_], ", ") {
        n if n.is_empty() => format!("GED event {key}"),
        n => n,
    };
    let (adm1, adm2, country) = (
        clean(get("adm_1")),
        clean(get("adm_2")),
        clean(get("country")),
    );
    let region = if !adm1.is_empty() {
        adm1.clone()
    } else if !country.is_empty() {
        format!("{country} (adm_1 unknown)")
    } else {
        String::new()
    };
    let relid = clean(get("relid"));
    let date_end = clean(get("date_end"));
    let dates = match end_date(&date_end) {
        Some(end) if end != date.to_string() => format!("{date} to {end}"),
        _ => date.to_string(),
    };
    let violence = violence(get("type_of_violence"));
    let conflict = join_present(
        &[&clean(get("conflict_name")), &clean(get("dyad_name"))],
        " — ",
    );
    let description = join_present(
        &[
            &match (conflict.is_empty(), violence.is_empty()) {
                (_, true) => conflict,
                (true, false) => violence.to_string(),
                (false, false) => format!("{conflict} ({violence})"),
            },
            &join_places(&[
                &clean(get("where_description")),
                &where_,
                &adm2,
                &adm1,
                &country,
            ]),
            &format!(
                "{dates} (date precision {}, place precision {})",
                get("date_prec"),
                get("where_prec")
            ),
            &format!(
                "UCDP GED {key}{}",
                if relid.is_empty() {
                    String::new()
                } else {
                    format!(" ({relid})")
                }
            ),
        ],
        ". ",
    );
    let event = Event {
        id: id.as_str().into(),
        name: name.into(),
        date: date.to_string().into(),
        place: where_.into(),
        region: region.into(),
        description: description.into(),
    };
    let document = if relid.is_empty() {
        format!("UCDP GED {key}")
    } else {
        format!("UCDP GED {key} / {relid}")
    };
    let provenance = (
        get("source_office"),
        document.as_str(),
        get("source_article"),
    );
    let source = Dataset::Ucdp.source().id;
    let lo = low.min(best).min(high);
    let hi = low.max(best).max(high);
    let note = (!(low <= best && best <= high)).then(|| {
        format!("GED {key}: low {low}, best {best}, high {high} are out of order; read as [{lo}, {hi}] peaking at {best}")
    });
    let mut claims = Vec::with_capacity(5);
    let (figure, shape) = if lo == hi {
        (best.to_string(), None)
    } else {
        (
            format!("best {best} (low {low}, high {high})"),
            Some(Shape::Triangular),
        )
    };
    claims.push(claim(
        &id,
        "killed",
        &source,
        figure,
        lo,
        Some(hi),
        shape,
        provenance,
        file,
        row.line,
    ));
    for ((_, category), v) in PARTS.iter().zip(parts) {
        if let Some(v) = v.filter(|v| *v > 0) {
            claims.push(claim(
                &id,
                category,
                &source,
                v.to_string(),
                v,
                Some(v),
                None,
                provenance,
                file,
                row.line,
            ));
        }
    }
    Ok((
        Record {
            dataset: Dataset::Ucdp,
            key,
            day: date,
            place: Place {
                coords: place_coords,
                country,
                admin1: adm1,
                admin2: adm2,
            },
            event,
            claims,
        },
        note,
    ))
}

/// `date_end` as a day when it reads as one, else as written.
fn end_date(text: &str) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    Some(
        Day::parse(text)
            .map(|d| d.to_string())
            .unwrap_or_else(|| text.to_string()),
    )
}
