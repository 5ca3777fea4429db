//! Putting a second dataset into a case: records that are the same incident
//! as an event of the case become a second voice on that event.
//!
//! Two records are the same incident when their dates are at most one day
//! apart and they are within 25 km of each other (haversine on their
//! coordinates) or in the same admin2 unit. Admin2 names are compared
//! without accents, case and unit words (GED's "Niafunke cercle" is ACLED's
//! "Niafunke"); two same-named units more than 300 km apart (another
//! country) are not the same place. Matching is one to one: a record joins
//! at most one event and an event takes at most one record of the dataset,
//! the closest pairs in date, then distance, first; otherwise two nearby
//! ACLED incidents on one day would both land on one GED event, and their
//! figures would compete where they should add up.

use super::dataset::{Day, Imported};
use super::write::{CaseOut, RecordRow, read_records};
use crate::case::{Case, Source};
use crate::problem::Problem;
use crate::table::read_table;
use crate::text::Text;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Records at most this far apart (km) are the same place.
pub const MATCH_KM: f64 = 25.0;
/// Dates at most this many days apart are the same date.
pub const MATCH_DAYS: u64 = 1;
/// Same-named admin2 units further apart than this (km) are different units.
pub const SAME_ADMIN2_MAX_KM: f64 = 300.0;
/// Mean Earth radius (IUGG), km.
const EARTH_KM: f64 = 6371.0088;

/// Great-circle distance in km between two (latitude, longitude) points.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let dp = p2 - p1;
    let dl = (b.1 - a.1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().min(1.0).asin()
}

/// Words that name the kind of unit, not the unit.
const UNIT_WORDS: &[&str] = &[
    "cercle",
    "district",
    "region",
    "province",
    "prefecture",
    "department",
    "departement",
    "county",
    "commune",
    "division",
    "municipality",
    "governorate",
    "zone",
    "subdistrict",
];

/// An admin name reduced for comparison: "Niafunké Cercle" → "niafunke".
pub fn admin_key(name: &str) -> String {
    let plain: String = name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !UNIT_WORDS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One record put on an event of the case.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The event of the case.
    pub event: String,
    /// The incoming record (its dataset id).
    pub record: String,
    pub days: u64,
    /// Distance, when both have coordinates.
    pub km: Option<f64>,
    /// Matched on the admin2 name (not within 25 km).
    pub by_admin2: bool,
}

/// What a merge did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub matches: Vec<Match>,
    /// Incoming records that were candidates for more than one event.
    pub ambiguous: usize,
    /// Events of the case with no dataset record (made by hand): never matched.
    pub unlocated: usize,
    /// Incoming records left out (already in the case).
    pub skipped: Vec<Problem>,
    /// Incoming records added, matched or as new events.
    pub added: usize,
}

/// Reads a case folder to merge into: validated as `check` does, with the
/// sources' own trust (not `weights.csv`'s), its records, and its
/// `lexicon.csv` / `weights.csv` to copy along.
pub fn load(dir: &Path) -> Result<CaseOut, String> {
    let problems = |p: crate::problem::Problems| {
        format!("{p}\n{} problem(s) found in {}", p.len(), dir.display())
    };
    let case = Case::load(dir).map_err(problems)?;
    let shown = dir.join("sources.csv").display().to_string();
    let table =
        read_table(&dir.join("sources.csv"), &shown, &crate::case::SOURCES).map_err(problems)?;
    let sources: Vec<Source> = case
        .sources
        .iter()
        .map(|s| {
            let own = table
                .rows
                .iter()
                .find(|r| table.get(r, "id") == s.id)
                .and_then(|r| {
                    crate::case::parse_trust(table.get(r, "trust"), table.delimiter).ok()
                });
            Source {
                trust: own.unwrap_or(s.trust),
                ..s.clone()
            }
        })
        .collect();
    let records = read_records(dir, &case.events).map_err(problems)?;
    let mut verbatim = Vec::new();
    for name in ["lexicon.csv", "weights.csv"] {
        let path = dir.join(name);
        if path.exists() {
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            verbatim.push((name.to_string(), bytes));
        }
    }
    Ok(CaseOut {
        events: case.events,
        sources,
        claims: case
            .claims
            .into_iter()
            .map(std::sync::Arc::unwrap_or_clone)
            .collect(),
        records,
        verbatim,
    })
}

/// Adds the imported records to `case`, each onto the event it matches or
/// as a new event.
pub fn merge(case: &mut CaseOut, imported: &Imported) -> Report {
    let dataset = imported.dataset;
    let mut report = Report::default();
    // events of the case that can take a record of this dataset
    let has_this: HashSet<&str> = case
        .records
        .iter()
        .filter(|r| r.dataset == dataset)
        .map(|r| r.event.as_str())
        .collect();
    let located: HashSet<&str> = case.records.iter().map(|r| r.event.as_str()).collect();
    report.unlocated = case
        .events
        .iter()
        .filter(|e| !located.contains(e.id.as_str()))
        .count();
    let mut by_day: HashMap<Day, Vec<&RecordRow>> = HashMap::new();
    for r in &case.records {
        if r.dataset != dataset && !has_this.contains(r.event.as_str()) {
            by_day.entry(r.day).or_default().push(r);
        }
    }
    // every admissible (record, event) pair, the best reading of each
    let mut candidates: HashMap<(usize, &str), Match> = HashMap::new();
    for (i, rec) in imported.records.iter().enumerate() {
        for day in [rec.day.0 - 1, rec.day.0, rec.day.0 + 1] {
            for old in by_day.get(&Day(day)).into_iter().flatten() {
                let days = rec.day.distance(old.day);
                if days > MATCH_DAYS {
                    continue;
                }
                let km = match (rec.place.coords, old.place.coords) {
                    (Some(a), Some(b)) => Some(haversine_km(a, b)),
                    _ => None,
                };
                let near = km.is_some_and(|k| k <= MATCH_KM);
                let a2 = admin_key(&rec.place.admin2);
                let same_admin2 = !a2.is_empty()
                    && a2 == admin_key(&old.place.admin2)
                    && km.is_none_or(|k| k <= SAME_ADMIN2_MAX_KM);
                if !(near || same_admin2) {
                    continue;
                }
                let m = Match {
                    event: old.event.clone(),
                    record: rec.key.clone(),
                    days,
                    km,
                    by_admin2: !near,
                };
                candidates
                    .entry((i, old.event.as_str()))
                    .and_modify(|best| {
                        if rank(&m) < rank(best) {
                            *best = m.clone();
                        }
                    })
                    .or_insert(m);
            }
        }
    }
    let mut per_record: HashMap<usize, usize> = HashMap::new();
    for (i, _) in candidates.keys() {
        *per_record.entry(*i).or_default() += 1;
    }
    report.ambiguous = per_record.values().filter(|n| **n > 1).count();
    let mut ranked: Vec<((usize, &str), Match)> = candidates.into_iter().collect();
    ranked.sort_by(|(ka, a), (kb, b)| {
        rank(a)
            .partial_cmp(&rank(b))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| ka.cmp(kb))
    });
    let mut taken_records: HashMap<usize, String> = HashMap::new();
    let mut taken_events: BTreeSet<String> = BTreeSet::new();
    for ((i, event), m) in ranked {
        if taken_records.contains_key(&i) || taken_events.contains(event) {
            continue;
        }
        taken_records.insert(i, event.to_string());
        taken_events.insert(event.to_string());
        report.matches.push(m);
    }
    report.matches.sort_by(|a, b| a.event.cmp(&b.event));

    // the case's ids shared, not copied (looked up by &str)
    let event_ids: HashSet<Text> = case.events.iter().map(|e| e.id.clone()).collect();
    let claim_ids: HashSet<Text> = case.claims.iter().map(|c| c.id.clone()).collect();
    for (i, rec) in imported.records.iter().enumerate() {
        if let Some(c) = rec
            .claims
            .iter()
            .find(|c| claim_ids.contains(c.id.as_str()))
        {
            report.skipped.push(Problem::at(
                &imported.file,
                c.line,
                format!(
                    "{} record {} is already in the case (claim '{}'); left out",
                    dataset.label(),
                    rec.key,
                    c.id
                ),
            ));
            continue;
        }
        match taken_records.get(&i) {
            Some(event) => {
                if let Some(e) = case.events.iter_mut().find(|e| &e.id == event) {
                    e.description = format!(
                        "{} Also {} {}: {}, {}.",
                        e.description.trim_end(),
                        dataset.label(),
                        rec.key,
                        rec.event.name,
                        rec.event.date
                    )
                    .trim_start()
                    .into();
                }
                case.add_record(rec, Some(event));
            }
            None if event_ids.contains(rec.event.id.as_str()) => {
                report.skipped.push(Problem::at(
                    &imported.file,
                    rec.claims.first().map(|c| c.line).unwrap_or(0),
                    format!(
                        "{} record {} is already in the case (event '{}'); left out",
                        dataset.label(),
                        rec.key,
                        rec.event.id
                    ),
                ));
                continue;
            }
            None => case.add_record(rec, None),
        }
        report.added += 1;
    }
    let source = dataset.source();
    if report.added > 0 && !case.sources.iter().any(|s| s.id == source.id) {
        case.sources.push(source);
    }
    report
}

/// Closer in date first, then within 25 km before admin2-only, then nearer.
fn rank(m: &Match) -> (u64, bool, f64) {
    (m.days, m.by_admin2, m.km.unwrap_or(f64::INFINITY))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_known_distances() {
        // one degree of latitude ≈ 111.2 km
        let d = haversine_km((15.0, -4.0), (16.0, -4.0));
        assert!((d - 111.19).abs() < 0.05, "{d}");
        assert_eq!(haversine_km((15.7, -4.9), (15.7, -4.9)), 0.0);
        // antipodes: half the circumference, no NaN
        let d = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((d - std::f64::consts::PI * EARTH_KM).abs() < 1e-6);
    }

    #[test]
    fn admin_names_compare_without_unit_words_and_accents() {
        assert_eq!(admin_key("Niafunke cercle"), "niafunke");
        assert_eq!(admin_key("Niafunké"), "niafunke");
        assert_eq!(admin_key("Gourma-Rharous Cercle"), "gourma rharous");
        assert_eq!(admin_key("Gourma-Rharous"), "gourma rharous");
        assert_eq!(admin_key("Pirojpur District"), "pirojpur");
        assert_eq!(admin_key("cercle"), "");
    }
}
