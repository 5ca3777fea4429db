//! Writing the case: the events, sources, claims and `records.csv` of one
//! or more imports, and reading `records.csv` back for `--merge`.

use super::dataset::*;
use super::rows::*;
use crate::case::{Claim, Event, Source};
use crate::problem::Problems;
use crate::table::Schema;
use std::path::Path;

/// The dataset rows behind an event, as written to `records.csv`.
pub const RECORDS: Schema = Schema {
    required: &["event", "dataset", "record", "date"],
    optional: &["latitude", "longitude", "country", "admin1", "admin2"],
};

/// One row of `records.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub event: String,
    pub dataset: Dataset,
    pub record: String,
    pub day: Day,
    pub place: Place,
}

/// A case folder about to be written.
#[derive(Debug, Clone, Default)]
pub struct CaseOut {
    pub events: Vec<Event>,
    pub sources: Vec<Source>,
    pub claims: Vec<Claim>,
    pub records: Vec<RecordRow>,
    /// Files copied as they are (a merged case's lexicon.csv, weights.csv).
    pub verbatim: Vec<(String, Vec<u8>)>,
}

impl CaseOut {
    /// A new case holding one dataset's records.
    pub fn from_import(imported: &Imported) -> CaseOut {
        let mut out = CaseOut {
            sources: vec![imported.dataset.source()],
            ..CaseOut::default()
        };
        for r in &imported.records {
            out.add_record(r, None);
        }
        out
    }

    /// Adds a record as its own event, or to `into` (an event of the case).
    pub fn add_record(&mut self, r: &Record, into: Option<&str>) {
        let event = into.unwrap_or(&r.event.id).to_string();
        if into.is_none() {
            self.events.push(r.event.clone());
        }
        let shared = crate::text::Text::from(&event);
        for c in &r.claims {
            let mut c = c.clone();
            c.event = shared.clone();
            self.claims.push(c);
        }
        self.records.push(RecordRow {
            event,
            dataset: r.dataset,
            record: r.key.clone(),
            day: r.day,
            place: r.place.clone(),
        });
    }

    /// The files of the case folder: name and bytes.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = vec![
            (
                "events.csv".to_string(),
                to_csv(
                    &["id", "name", "date", "place", "region", "description"],
                    self.events.iter().map(|e| {
                        vec![
                            e.id.to_string(),
                            e.name.to_string(),
                            e.date.to_string(),
                            e.place.to_string(),
                            e.region.to_string(),
                            e.description.to_string(),
                        ]
                    }),
                ),
            ),
            (
                "sources.csv".to_string(),
                to_csv(
                    &["id", "name", "kind", "trust", "description"],
                    self.sources.iter().map(|s| {
                        vec![
                            s.id.clone(),
                            s.name.clone(),
                            s.kind.to_string(),
                            s.trust.to_string(),
                            s.description.clone(),
                        ]
                    }),
                ),
            ),
            (
                "claims.csv".to_string(),
                to_csv(
                    &[
                        "id", "event", "category", "source", "figure", "low", "high", "shape",
                        "outlet", "document", "quote",
                    ],
                    self.claims.iter().map(|c| {
                        let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
                        vec![
                            c.id.to_string(),
                            c.event.to_string(),
                            c.category.to_string(),
                            c.source.to_string(),
                            c.figure.to_string(),
                            n(c.low),
                            n(c.high),
                            c.shape.map(|s| s.to_string()).unwrap_or_default(),
                            c.outlet.to_string(),
                            c.document.to_string(),
                            c.quote.to_string(),
                        ]
                    }),
                ),
            ),
            (
                "records.csv".to_string(),
                to_csv(
                    &[
                        "event",
                        "dataset",
                        "record",
                        "date",
                        "latitude",
                        "longitude",
                        "country",
                        "admin1",
                        "admin2",
                    ],
                    self.records.iter().map(|r| {
                        let (lat, lon) = match r.place.coords {
                            Some((a, b)) => (a.to_string(), b.to_string()),
                            None => (String::new(), String::new()),
                        };
                        vec![
                            r.event.clone(),
                            r.dataset.to_string(),
                            r.record.clone(),
                            r.day.to_string(),
                            lat,
                            lon,
                            r.place.country.clone(),
                            r.place.admin1.clone(),
                            r.place.admin2.clone(),
                        ]
                    }),
                ),
            ),
        ];
        files.extend(self.verbatim.iter().cloned());
        files
    }
}

fn to_csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header)
        .expect("writing to memory cannot fail");
    for r in rows {
        w.write_record(&r).expect("writing to memory cannot fail");
    }
    w.into_inner().expect("writing to memory cannot fail")
}

/// Reads `records.csv` of a case folder (absent: no records).
pub fn read_records(dir: &Path, events: &[Event]) -> Result<Vec<RecordRow>, Problems> {
    let path = dir.join("records.csv");
    if !path.exists() {
        return Ok(Vec::new());
    }
    let shown = path.display().to_string();
    let t = crate::table::read_table(&path, &shown, &RECORDS)?;
    let mut problems = Problems::default();
    let mut out = Vec::new();
    for row in &t.rows {
        let event = t.get(row, "event");
        if !events.iter().any(|e| e.id == event) {
            problems.push(t.problem(row, format!("unknown event '{event}'")));
            continue;
        }
        let Some(dataset) = Dataset::parse(t.get(row, "dataset")) else {
            problems.push(t.problem(
                row,
                format!("dataset '{}' is not ucdp or acled", t.get(row, "dataset")),
            ));
            continue;
        };
        let parsed = day(t.get(row, "date"), "date")
            .and_then(|d| coords(t.get(row, "latitude"), t.get(row, "longitude")).map(|c| (d, c)));
        match parsed {
            Ok((d, c)) => out.push(RecordRow {
                event: event.to_string(),
                dataset,
                record: t.get(row, "record").to_string(),
                day: d,
                place: Place {
                    coords: c,
                    country: t.get(row, "country").to_string(),
                    admin1: t.get(row, "admin1").to_string(),
                    admin2: t.get(row, "admin2").to_string(),
                },
            }),
            Err(m) => problems.push(t.problem(row, m)),
        }
    }
    problems.into_result(out)
}
