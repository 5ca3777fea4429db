//! ACLED CSV exports.
//!
//! Read by column name: the dyadic layout (`actor1`, `actor2` on one row, as
//! on HDX, whose files add an HXL tag row as line 2, and from the API) and
//! the monadic one (one row per actor, no `actor2`: each event appears once
//! per actor). Rows are merged by `event_id_cnty`, so an event is one event
//! whatever the layout; repeated rows must agree on date and fatalities.
//!
//! ACLED codes the most conservative fatality figure reported, so
//! `fatalities` n becomes the claim [n, open). 0 becomes the point [0, 0]:
//! ACLED writes 0 when no death was reported, and an open tail above 0 has no
//! scale (the tail's cap is a multiple of its lower bound). Where another
//! dataset reports deaths for the same incident, `--merge` puts both claims
//! on the event.

use super::dataset::{Dataset, Imported, Place, Record};
use super::read::{Columns, Input, RawRow};
use super::rows::{claim, clean, coords, count, day, join_places, join_present, record_key};
use crate::case::Event;
use crate::problem::{Problem, Problems};
use crate::text::Text;
use std::collections::HashMap;

pub const REQUIRED: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
];
/// `actor2`, `assoc_actor_2`: dyadic layouts only.
pub const OPTIONAL: &[&str] = &[
    "actor2",
    "assoc_actor_2",
    "admin3",
    "time_precision",
    "geo_precision",
];

/// An event being gathered from its rows.
struct Gathered {
    record: Record,
    line: u64,
    fatalities: u64,
    actors: Vec<String>,
    event_type: String,
}

pub fn read(mut input: Input) -> Result<Imported, Problems> {
    let cols = input.columns(Dataset::Acled, REQUIRED, OPTIONAL)?;
    let monadic = !cols.has("actor2");
    let layout = format!(
        "ACLED, {}{}, {} columns",
        if monadic {
            "monadic layout (one row per actor, merged by event_id_cnty)"
        } else {
            "dyadic layout"
        },
        if input.hxl {
            ", as published on HDX (HXL tag row skipped)"
        } else {
            ""
        },
        input.header.len()
    );
    let mut skipped = Vec::new();
    let mut events: Vec<Gathered> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut rows = 0;
    while let Some(row) = input.next_row()? {
        rows += 1;
        let row = match row {
            Ok(r) => r,
            Err(p) => {
                skipped.push(p);
                continue;
            }
        };
        let g = match gather(&cols, &row, &input.file) {
            Ok(g) => g,
            Err(m) => {
                skipped.push(Problem::at(&input.file, row.line, m));
                continue;
            }
        };
        match by_key.get(&g.record.key) {
            Some(&i) => {
                let first = &mut events[i];
                if let Some(m) = disagreement(first, &g) {
                    skipped.push(Problem::at(&input.file, row.line, m));
                    continue;
                }
                for a in g.actors {
                    if !first.actors.contains(&a) {
                        first.actors.push(a);
                    }
                }
            }
            None => {
                by_key.insert(g.record.key.clone(), events.len());
                events.push(g);
            }
        }
    }
    Ok(Imported {
        dataset: Dataset::Acled,
        file: input.file.clone(),
        layout,
        rows,
        records: events.into_iter().map(finish).collect(),
        skipped,
        notes: Vec::new(),
    })
}

/// Why a repeated row cannot be the same event, if it cannot.
fn disagreement(first: &Gathered, again: &Gathered) -> Option<String> {
    let key = &first.record.key;
    if first.record.day != again.record.day {
        return Some(format!(
            "ACLED event {key} repeats line {} with another date ({}, not {})",
            first.line, again.record.day, first.record.day
        ));
    }
    if first.fatalities != again.fatalities {
        return Some(format!(
            "ACLED event {key} repeats line {} with other fatalities ({}, not {})",
            first.line, again.fatalities, first.fatalities
        ));
    }
    None
}

fn gather(cols: &Columns, row: &RawRow, file: &str) -> Result<Gathered, String> {
    let get = |c: &str| cols.get(row, c);
    let mut errors: Vec<String> = Vec::new();
    let key = record_key(get("event_id_cnty"), "event_id_cnty")
        .map_err(|e| errors.push(e))
        .ok();
    let date = day(get("event_date"), "event_date")
        .map_err(|e| errors.push(e))
        .ok();
    let fatalities = count(get("fatalities"), "fatalities")
        .map_err(|e| errors.push(e))
        .ok();
    let place_coords = coords(get("latitude"), get("longitude"))
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(key), Some(date), Some(fatalities), Some(place_coords)) =
        (key, date, fatalities, place_coords)
    else {
        return Err(errors.join("; "));
    };
    let id = format!("{}-{key}", Dataset::Acled.id_prefix());
    let actor = |name: &str, assoc: &str| {
        let (name, assoc) = (clean(get(name)), clean(get(assoc)));
        match (name.is_empty(), assoc.is_empty()) {
            (true, _) => String::new(),
            (false, true) => name,
            (false, false) => format!("{name} (with {assoc})"),
        }
    };
    let actors: Vec<String> = [
        actor("actor1", "assoc_actor_1"),
        actor("actor2", "assoc_actor_2"),
    ]
    .into_iter()
    .filter(|a| !a.is_empty())
    .collect();
    let location = clean(get("location"));
    let (adm1, adm2, country) = (
        clean(get("admin1")),
        clean(get("admin2")),
        clean(get("country")),
    );
    let region = if !adm1.is_empty() {
        adm1.clone()
    } else if !country.is_empty() {
        format!("{country} (admin1 unknown)")
    } else {
        String::new()
    };
    let source = Dataset::Acled.source().id;
    let (figure, high) = if fatalities == 0 {
        ("0".to_string(), Some(0))
    } else {
        (format!("at least {fatalities}"), None)
    };
    let document = format!("ACLED {key}");
    let killed = claim(
        &id,
        "killed",
        &source,
        figure,
        fatalities,
        high,
        None,
        (get("source"), &document, get("notes")),
        file,
        row.line,
    );
    let where_ = join_places(&[&location, &clean(get("admin3")), &adm2, &adm1, &country]);
    let precision = match (get("time_precision"), get("geo_precision")) {
        ("", "") => String::new(),
        (t, g) => format!(" (time precision {t}, geo precision {g})"),
    };
    let event = Event {
        id: id.into(),
        name: Text::default(), // once every actor is known
        date: date.to_string().into(),
        place: location.into(),
        region: region.into(),
        // completed with the actors once every row is read
        description: format!("{where_}. ACLED {key}{precision}").into(),
    };
    Ok(Gathered {
        record: Record {
            dataset: Dataset::Acled,
            key,
            day: date,
            place: Place {
                coords: place_coords,
                country,
                admin1: adm1,
                admin2: adm2,
            },
            event,
            claims: vec![killed],
        },
        line: row.line,
        fatalities,
        actors,
        event_type: join_present(
            &[&clean(get("event_type")), &clean(get("sub_event_type"))],
            ": ",
        ),
    })
}

fn finish(g: Gathered) -> Record {
    let mut r = g.record;
    let short: Vec<String> = g
        .actors
        .iter()
        .map(|a| match a.split_once(" (with ") {
            Some((name, _)) => name.to_string(),
            None => a.clone(),
        })
        .collect();
    r.event.name = match join_present(&[&short.join(" vs "), &r.event.place], ", ") {
        n if n.is_empty() => format!("ACLED event {}", r.key),
        n => n,
    }
    .into();
    r.event.description = join_present(
        &[&g.event_type, &g.actors.join(" vs "), &r.event.description],
        ". ",
    )
    .into();
    r
}
