//! A case folder: `events.csv`, `sources.csv`, `claims.csv`, and optionally
//! `lexicon.csv` and `weights.csv`, read into validated structures.
//!
//! Validation collects every problem (file, line, what is wrong) before
//! failing, so `check` can report them all at once. Figures are not read
//! here: that is `claim::read_claims`, which needs a lexicon.

use crate::fxhash::FxHashMap;
use crate::lexicon::LexiconEntry;
use crate::problem::{Problem, Problems};
use crate::table::{Column, Row, Schema, Table, did_you_mean, near_names, read_table};
use crate::text::{Interner, Text};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

pub const EVENTS: Schema = Schema {
    required: &["id", "name"],
    optional: &["date", "place", "region", "description"],
};
pub const SOURCES: Schema = Schema {
    required: &["id", "name", "kind", "trust"],
    optional: &["description"],
};
pub const CLAIMS: Schema = Schema {
    required: &["id", "event", "category", "source", "figure"],
    optional: &[
        "low", "high", "shape", "stance", "outlet", "document", "quote",
    ],
};
pub const LEXICON: Schema = Schema {
    required: &["phrase", "low"],
    optional: &["high", "open", "note"],
};
pub const WEIGHTS: Schema = Schema {
    required: &["source", "trust"],
    optional: &["note"],
};

/// Who a source is, which says how its figures are usually biased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Official,
    Belligerent,
    Wire,
    Local,
    Media,
    Ngo,
    Other,
    /// A conflict-event dataset (UCDP GED, ACLED): figures coded after the
    /// fact, not early reports.
    Dataset,
}

impl SourceKind {
    pub const ALL: [SourceKind; 8] = [
        SourceKind::Official,
        SourceKind::Belligerent,
        SourceKind::Wire,
        SourceKind::Local,
        SourceKind::Media,
        SourceKind::Ngo,
        SourceKind::Other,
        SourceKind::Dataset,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Official => "official",
            SourceKind::Belligerent => "belligerent",
            SourceKind::Wire => "wire",
            SourceKind::Local => "local",
            SourceKind::Media => "media",
            SourceKind::Ngo => "ngo",
            SourceKind::Other => "other",
            SourceKind::Dataset => "dataset",
        }
    }
}

impl FromStr for SourceKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        SourceKind::ALL
            .into_iter()
            .find(|k| lower_eq(s, k.as_str()))
            .ok_or(())
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// `text` lowercased is `name` (lowercase): ASCII text, nearly always,
/// compared without lowercasing a copy.
fn lower_eq(text: &str, name: &str) -> bool {
    if text.is_ascii() {
        text.eq_ignore_ascii_case(name)
    } else {
        text.to_lowercase() == name
    }
}

/// How a count is spread within a closed interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Every whole number in [a, b] equally likely.
    Uniform,
    /// Mass ∝ 1/t on a..=b (1/max(t,1)), for intervals spanning magnitudes.
    LogUniform,
    /// Mass rising linearly to the stated number, then falling.
    Triangular,
}

impl Shape {
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Uniform => "uniform",
            Shape::LogUniform => "loguniform",
            Shape::Triangular => "triangular",
        }
    }
}

impl FromStr for Shape {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let is = |name: &str| lower_eq(s, name);
        if is("uniform") {
            Ok(Shape::Uniform)
        } else if is("loguniform") || is("log-uniform") {
            Ok(Shape::LogUniform)
        } else if is("triangular") {
            Ok(Shape::Triangular)
        } else {
            Err(())
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Whose deaths a claim counts, relative to the source that gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stance {
    /// The source's own side (an army counting its soldiers).
    Own,
    /// The side the source fights (an army's "rebelles neutralisés").
    Enemy,
    /// A party's total that includes its enemy's losses ("10 soldats et 46
    /// rebelles", "both sides spoke of dozens of dead").
    Mixed,
    /// Neither side of the source: civilians, or all victims as counted by
    /// a source that is not a party.
    Other,
}

impl Stance {
    pub const ALL: [Stance; 4] = [Stance::Own, Stance::Enemy, Stance::Mixed, Stance::Other];
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Own => "own",
            Stance::Enemy => "enemy",
            Stance::Mixed => "mixed",
            Stance::Other => "other",
        }
    }
    /// Counts that include a party's claim about its enemy's losses.
    pub fn counts_enemy(self) -> bool {
        matches!(self, Stance::Enemy | Stance::Mixed)
    }
}

impl FromStr for Stance {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let s = s.trim();
        Stance::ALL
            .into_iter()
            .find(|k| lower_eq(s, k.as_str()))
            .ok_or(())
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// An event. Its texts are shared ([`Text`]): a case of many events
/// repeats dates, places and regions, and its claims share its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: Text,
    pub name: Text,
    pub date: Text,
    pub place: Text,
    /// Empty: estimated, but left out of region and case roll-ups
    /// (background events that overlap the others).
    pub region: Text,
    pub description: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub name: String,
    pub kind: SourceKind,
    /// Probability that a figure from this source, as read, contains the truth.
    pub trust: f64,
    pub description: String,
}

/// A reported figure, as entered (not yet read). Its texts are shared
/// ([`Text`]): a case's claims repeat the same source, category, file and
/// often the same figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: Text,
    pub event: Text,
    pub category: Text,
    pub source: Text,
    pub figure: Text,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub shape: Option<Shape>,
    /// Whose deaths it counts, relative to its source (None: not said).
    pub stance: Option<Stance>,
    pub outlet: Text,
    pub document: Text,
    pub quote: Text,
    /// Where it was entered, for messages.
    pub file: Text,
    pub line: u64,
}

/// A case folder, validated.
#[derive(Debug, Clone)]
pub struct Case {
    /// The folder's name, e.g. `mali-2023-09`.
    pub name: String,
    pub dir: PathBuf,
    pub events: Vec<Event>,
    pub sources: Vec<Source>,
    /// Shared with the claims as read (`claim::ReadClaim`).
    pub claims: Vec<Arc<Claim>>,
    /// The case's own phrase readings (lexicon.csv).
    pub lexicon: Vec<LexiconEntry>,
}

impl Case {
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Reads and validates a case folder. `weights.csv`, when present,
    /// replaces the trust of the sources it names.
    pub fn load(dir: &Path) -> Result<Case, Problems> {
        let (case, problems) = Case::load_partial(dir);
        match case {
            Some(c) => problems.into_result(c),
            None => Err(problems),
        }
    }

    /// Reads what can be read: the case made of the rows that passed (None
    /// when there is no case folder at all), and every problem found. Lets
    /// `check` go on to read the figures of the valid claims, so that one
    /// pass reports every problem.
    pub fn load_partial(dir: &Path) -> (Option<Case>, Problems) {
        if !dir.is_dir() {
            let what = if dir.exists() {
                "is a file, not a case folder (expected a folder with events.csv, sources.csv, claims.csv)"
            } else {
                "no such case folder (expected a folder with events.csv, sources.csv, claims.csv)"
            };
            return (None, Problem::file(&dir.display().to_string(), what).into());
        }
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "case".to_string());
        let shown = |f: &str| dir.join(f).display().to_string();
        let mut problems = Problems::default();
        let table = |file: &str, schema: &Schema, problems: &mut Problems| match read_table(
            &dir.join(file),
            &shown(file),
            schema,
        ) {
            Ok(t) => Some(t),
            Err(p) => {
                problems.extend(p);
                None
            }
        };
        // an optional file is read when present; one under a near name
        // (`Weights.csv`, `lexicon.xlsx`) would otherwise be silently ignored
        let optional = |file: &str, schema: &Schema, problems: &mut Problems| {
            let path = dir.join(file);
            if path.exists() {
                return table(file, schema, problems);
            }
            if let Some(near) = near_names(&path) {
                problems.push(Problem::file(
                    &shown(file),
                    format!(
                        "not found, but there is {near} in the folder: save or rename it as {file} (file names are case-sensitive), or move it out of the case folder"
                    ),
                ));
            }
            None
        };
        let events_t = table("events.csv", &EVENTS, &mut problems);
        let sources_t = table("sources.csv", &SOURCES, &mut problems);
        // the events are read while claims.csv is parsed (their problems
        // are reported in the same order as one after the other)
        let mut events_problems = Problems::default();
        let mut claims_problems = Problems::default();
        let (events_read, claims_t) = rayon::join(
            || {
                events_t
                    .as_ref()
                    .map(|t| read_events(t, &mut events_problems))
            },
            || table("claims.csv", &CLAIMS, &mut claims_problems),
        );
        problems.extend(claims_problems);
        let lexicon_t = optional("lexicon.csv", &LEXICON, &mut problems);
        let weights_t = optional("weights.csv", &WEIGHTS, &mut problems);

        // Ids of rows that define them, even where the row has another
        // problem (a bad trust): claims naming them are not "unknown". A
        // file that could not be read at all defines nothing checkable:
        // references to it are not checked (its own problem says why).
        problems.extend(events_problems);
        let (events, event_ids) = match events_read {
            Some((e, ids)) => (e, Some(ids)),
            None => (Vec::new(), None),
        };
        let (mut sources, source_ids) = match &sources_t {
            Some(t) => {
                let (s, ids) = read_sources(t, &mut problems);
                (s, Some(ids))
            }
            None => (Vec::new(), None),
        };
        let claims = claims_t
            .map(|t| read_claims(&t, event_ids.as_ref(), source_ids.as_ref(), &mut problems))
            .unwrap_or_default();
        let lexicon = lexicon_t
            .map(|t| read_lexicon(&t, &mut problems))
            .unwrap_or_default();
        if let Some(t) = weights_t {
            let ids: Option<Vec<&str>> = source_ids.as_ref().map(|k| k.ids.clone());
            match check_weights(&t, ids.as_deref()) {
                Ok(w) => apply_weights(&mut sources, &w),
                Err(p) => problems.extend(p),
            }
        }
        let case = Case {
            name,
            dir: dir.to_path_buf(),
            events,
            sources,
            claims,
            lexicon,
        };
        (Some(case), problems)
    }
}

/// Ids end up in file names (`<event>.png`), so they are kept to letters,
/// digits and `-_.`.
fn check_id(t: &Table, row: &Row, what: &str, id: &str, problems: &mut Problems) -> bool {
    if id.is_empty() {
        problems.push(t.problem(row, format!("{what} id is empty")));
        return false;
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        problems.push(t.problem(
            row,
            format!("{what} id '{id}' contains {c:?}; ids may use only letters, digits, '-', '_' and '.'"),
        ));
        return false;
    }
    if id.starts_with('.') {
        problems.push(t.problem(row, format!("{what} id '{id}' may not start with '.'")));
        return false;
    }
    true
}

/// Remembers the first line of every id and reports repeats.
struct Seen<'t>(FxHashMap<&'t str, u64>);

impl<'t> Seen<'t> {
    fn new(rows: usize) -> Self {
        Seen(FxHashMap::with_capacity_and_hasher(
            rows,
            Default::default(),
        ))
    }
    fn first(
        &mut self,
        t: &Table,
        row: &Row,
        what: &str,
        id: &'t str,
        problems: &mut Problems,
    ) -> bool {
        if let Some(first) = self.0.get(id) {
            problems.push(t.problem(
                row,
                format!("duplicate {what} id '{id}' (first defined at line {first})"),
            ));
            return false;
        }
        self.0.insert(id, row.line);
        true
    }
    /// Every id seen, in file order.
    fn ids(self) -> Known<'t> {
        let ids = self.in_order();
        Known::new(ids)
    }
    fn in_order(self) -> Vec<&'t str> {
        let mut ids: Vec<(&str, u64)> = self.0.into_iter().collect();
        ids.sort_by_key(|(_, line)| *line);
        ids.into_iter().map(|(id, _)| id).collect()
    }
    /// Every id seen, in file order, as the texts given (one per id seen,
    /// in file order).
    fn ids_as(self, texts: impl Iterator<Item = Text>) -> Known<'t> {
        let ids = self.in_order();
        let texts = ids.iter().copied().zip(texts).collect();
        Known { ids, texts }
    }
}

/// The ids a file defines: in file order (for messages), and each as the
/// [`Text`] the claims naming it share (for lookups in cases of many events).
#[derive(Debug, Clone, Default)]
pub struct Known<'t> {
    pub ids: Vec<&'t str>,
    texts: FxHashMap<&'t str, Text>,
}

impl<'t> Known<'t> {
    pub fn new(ids: Vec<&'t str>) -> Known<'t> {
        let texts = ids.iter().map(|id| (*id, Text::new(id))).collect();
        Known { ids, texts }
    }
    pub fn contains(&self, id: &str) -> bool {
        self.texts.contains_key(id)
    }
    /// The id as a shared text, when the file defines it.
    pub fn text(&self, id: &str) -> Option<&Text> {
        self.texts.get(id)
    }
}

/// The events, and the ids the file defines (for checking references).
fn read_events<'t>(t: &'t Table, problems: &mut Problems) -> (Vec<Event>, Known<'t>) {
    let mut seen = Seen::new(t.rows.len());
    let mut out = Vec::with_capacity(t.rows.len());
    let mut shared = Interner::default();
    let [id_c, name_c, date_c, place_c, region_c, description_c] =
        ["id", "name", "date", "place", "region", "description"].map(|c| t.column(c));
    for row in &t.rows {
        let id = id_c.get(row);
        if !check_id(t, row, "event", id, problems) || !seen.first(t, row, "event", id, problems) {
            continue;
        }
        let name = name_c.get(row);
        if name.is_empty() {
            problems.push(t.problem(row, format!("event '{id}' has an empty name")));
        }
        out.push(Event {
            id: Text::new(id),
            name: Text::new(name),
            date: shared.get(date_c.get(row)),
            place: shared.get(place_c.get(row)),
            region: shared.get(region_c.get(row)),
            description: Text::new(description_c.get(row)),
        });
    }
    // the claims share each event's id (every id seen has its event)
    let known = seen.ids_as(out.iter().map(|e| e.id.clone()));
    (out, known)
}

/// A trust value: a number in [0, 1]. A decimal comma ("0,7") is accepted
/// when the file is `;`-delimited, as French spreadsheets write it; in a
/// `,`-delimited file it can only arrive quoted, and is refused with a hint.
pub fn parse_trust(text: &str, delimiter: u8) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("trust is empty; expected a number between 0 and 1".into());
    }
    let normalised;
    let t = if t.contains(',') {
        if delimiter == b';' && t.matches(',').count() == 1 && !t.contains('.') {
            normalised = t.replace(',', ".");
            normalised.as_str()
        } else {
            return Err(format!(
                "trust '{t}' has a decimal comma; write it with a decimal point (e.g. {})",
                t.replace(',', ".")
            ));
        }
    } else {
        t
    };
    let value: f64 = t.parse().map_err(|_| {
        let percent = t
            .strip_suffix('%')
            .map(|p| p.trim_end_matches([' ', '\u{a0}', '\u{202f}']))
            .and_then(|p| p.parse::<f64>().ok())
            .filter(|p| p.is_finite());
        match percent {
            Some(p) => format!(
                "trust '{}' is a percentage; write it as a number between 0 and 1 ({})",
                text.trim(),
                p / 100.0
            ),
            None => format!(
                "trust '{}' is not a number; expected a number between 0 and 1",
                text.trim()
            ),
        }
    })?;
    if value.is_nan() {
        return Err(format!(
            "trust '{}' is not a number; expected a number between 0 and 1",
            text.trim()
        ));
    }
    if !value.is_finite() || !(0.0..=1.0).contains(&value) {
        return Err(format!(
            "trust '{text}' is outside [0, 1]; trust is the probability that the source's figure contains the truth"
        ));
    }
    Ok(value)
}

/// A whole, non-negative count.
pub fn parse_count(text: &str, column: &str) -> Result<u64, String> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix('-')
        && rest.parse::<f64>().is_ok()
    {
        return Err(format!(
            "{column} '{t}' is negative; counts are whole numbers ≥ 0"
        ));
    }
    if let Some(plain) = grouped_digits(t) {
        return Err(format!(
            "{column} '{t}' looks like a number with digit separators; write whole numbers without them (e.g. {plain})"
        ));
    }
    match t.parse::<u64>() {
        Ok(v) if v <= crate::MAX_COUNT => Ok(v),
        Ok(_) => Err(format!(
            "{column} '{t}' is too large (the limit is {})",
            crate::MAX_COUNT
        )),
        Err(_) if t.parse::<f64>().is_ok() || t.replace(',', ".").parse::<f64>().is_ok() => Err(
            format!("{column} '{t}' is not a whole number; counts are whole numbers ≥ 0"),
        ),
        Err(_) => Err(format!(
            "{column} '{t}' is not a number; expected a whole number ≥ 0"
        )),
    }
}

/// The sources, and the ids the file defines (for checking references).
/// "1 000", "1.000", "1,000", "1'000": digits in groups of three after a
/// separator, as spreadsheets format thousands; the digits alone.
fn grouped_digits(t: &str) -> Option<String> {
    let groups: Vec<&str> = t
        .split([' ', '.', ',', '\'', '\u{a0}', '\u{202f}'])
        .collect();
    let digits = |g: &&str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let ok = groups.len() > 1
        && groups.iter().all(digits)
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    ok.then(|| groups.concat())
}

fn read_sources<'t>(t: &'t Table, problems: &mut Problems) -> (Vec<Source>, Known<'t>) {
    let mut seen = Seen::new(t.rows.len());
    let mut out = Vec::new();
    for row in &t.rows {
        let id = t.get(row, "id");
        if !check_id(t, row, "source", id, problems) || !seen.first(t, row, "source", id, problems)
        {
            continue;
        }
        let kind_text = t.get(row, "kind");
        let kind = match kind_text.parse::<SourceKind>() {
            Ok(k) => k,
            Err(()) => {
                let names: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
                problems.push(t.problem(
                    row,
                    format!(
                        "source '{id}': kind '{kind_text}' is not one of {}{}",
                        names.join(", "),
                        did_you_mean(&kind_text.to_lowercase(), names.iter().copied())
                    ),
                ));
                continue;
            }
        };
        let trust = match parse_trust(t.get(row, "trust"), t.delimiter) {
            Ok(v) => v,
            Err(m) => {
                problems.push(t.problem(row, format!("source '{id}': {m}")));
                continue;
            }
        };
        out.push(Source {
            id: id.to_string(),
            name: t.get(row, "name").to_string(),
            kind,
            trust,
            description: t.get(row, "description").to_string(),
        });
    }
    (out, seen.ids())
}

fn check_category(category: &str) -> Result<(), String> {
    if category.is_empty() {
        return Err(
            "category is empty; expected 'killed' or a part such as 'killed_civilians'".into(),
        );
    }
    if !category
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(format!(
            "category '{category}' may use only lowercase letters, digits and '_' (e.g. 'killed', 'killed_civilians')"
        ));
    }
    Ok(())
}

/// A claim's reference to an event or source: `known` None when the file
/// that defines them could not be read (nothing to check against).
fn check_reference(
    id: &str,
    what: &str,
    file: &str,
    value: &str,
    known: Option<&Known>,
    suggestions: &mut usize,
) -> Option<String> {
    if value.is_empty() {
        return Some(format!(
            "claim '{id}': {what} is empty; expected one of the ids in {file}"
        ));
    }
    let known = known?;
    if known.contains(value) {
        return None;
    }
    // "did you mean" for the first unknown references only: thousands of
    // them against thousands of ids would take minutes
    let hint = if *suggestions > 0 {
        *suggestions -= 1;
        did_you_mean(value, known.ids.iter().copied())
    } else {
        String::new()
    };
    Some(format!("claim '{id}': unknown {what} '{value}'{hint}"))
}

/// Known sources compared before they are looked up.
const RECENT_SOURCES: usize = 8;

/// How many unknown references of a file get a "did you mean".
const SUGGESTIONS: usize = 50;

/// What a claim row found wrong, in the order it was found. A reference
/// to an event or source that is not defined is worded when the rows are
/// put back in order: only the first ones get a "did you mean".
enum Found<'t> {
    Problem(String),
    Reference {
        what: &'static str,
        file: &'static str,
        value: &'t str,
    },
}

/// The columns of claims.csv.
struct ClaimColumns<'t> {
    id: Column<'t>,
    event: Column<'t>,
    category: Column<'t>,
    source: Column<'t>,
    figure: Column<'t>,
    low: Column<'t>,
    high: Column<'t>,
    shape: Column<'t>,
    stance: Column<'t>,
    outlet: Column<'t>,
    document: Column<'t>,
    quote: Column<'t>,
}

/// Rows of claims.csv read by one task.
const CLAIM_BLOCK: usize = 8192;

/// Reads the claims, every problem at its line in file order.
///
/// Rows are read in parallel blocks while the ids are checked for repeats
/// in file order (the first row of an id is the one kept); the blocks' own
/// problems are then merged back row by row.
fn read_claims(
    t: &Table,
    events: Option<&Known>,
    sources: Option<&Known>,
    problems: &mut Problems,
) -> Vec<Arc<Claim>> {
    let [
        id,
        event,
        category,
        source,
        figure,
        low,
        high,
        shape,
        stance,
        outlet,
        document,
        quote,
    ] = [
        "id", "event", "category", "source", "figure", "low", "high", "shape", "stance", "outlet",
        "document", "quote",
    ]
    .map(|c| t.column(c));
    let cols = ClaimColumns {
        id,
        event,
        category,
        source,
        figure,
        low,
        high,
        shape,
        stance,
        outlet,
        document,
        quote,
    };
    let file = Text::from(&t.file);
    let rows = &t.rows;
    // per row: the problems of its id (a bad id, a repeat), which end its reading
    let ids = || {
        let mut seen = Seen::new(rows.len());
        let mut bad: Vec<(usize, Problems)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let mut p = Problems::default();
            let id = cols.id.get(row);
            if !check_id(t, row, "claim", id, &mut p) || !seen.first(t, row, "claim", id, &mut p) {
                bad.push((i, p));
            }
        }
        bad
    };
    let blocks = || {
        rows.par_chunks(CLAIM_BLOCK)
            .map(|block| claim_block(block, &cols, events, sources, &file))
            .collect::<Vec<_>>()
    };
    let (bad_ids, blocks) = rayon::join(ids, blocks);
    let mut bad_ids = bad_ids.into_iter().peekable();
    let mut out = Vec::with_capacity(rows.len());
    let mut suggestions = SUGGESTIONS;
    for (b, (claims, found)) in blocks.into_iter().enumerate() {
        let mut found = found.into_iter().peekable();
        for (k, claim) in claims.into_iter().enumerate() {
            let i = b * CLAIM_BLOCK + k;
            let row = &rows[i];
            let row_found = std::iter::from_fn(|| found.next_if(|(j, _)| *j == i));
            if let Some((_, p)) = bad_ids.next_if(|(j, _)| *j == i) {
                problems.extend(p);
                row_found.for_each(drop);
                continue;
            }
            let before = problems.len();
            let id = cols.id.get(row);
            for (_, f) in row_found {
                match f {
                    Found::Problem(m) => problems.push(t.problem(row, m)),
                    Found::Reference { what, file, value } => {
                        let known = if what == "event" { events } else { sources };
                        if let Some(m) =
                            check_reference(id, what, file, value, known, &mut suggestions)
                        {
                            problems.push(t.problem(row, m));
                        }
                    }
                }
            }
            if problems.len() == before
                && let Some(c) = claim
            {
                out.push(c);
            }
        }
    }
    out
}

/// A block of claim rows: each row's claim (None when it has a problem
/// for sure), and what was found wrong, by row index in the table.
#[allow(clippy::type_complexity)]
fn claim_block<'t>(
    block: &'t [Row],
    cols: &ClaimColumns<'t>,
    events: Option<&Known>,
    sources: Option<&Known>,
    file: &Text,
) -> (Vec<Option<Arc<Claim>>>, Vec<(usize, Found<'t>)>) {
    let mut claims = Vec::with_capacity(block.len());
    let mut found: Vec<(usize, Found)> = Vec::new();
    let mut shared = Interner::default();
    let mut last_event: Option<(&str, Text)> = None;
    let mut last_category: Option<(&str, Text)> = None;
    let mut recent_sources: Vec<(&str, Text)> = Vec::with_capacity(RECENT_SOURCES);
    for row in block {
        let i = row.index();
        // only a reference found wrong may turn out not to be (its file
        // could not be read); anything else drops the claim
        let mut sure = false;
        let mut problem = |found: &mut Vec<(usize, Found)>, m: String| {
            found.push((i, Found::Problem(m)));
            sure = true;
        };
        let id = cols.id.get(row);
        let event = cols.event.get(row);
        // claims come event by event: an event is looked up once per run of
        // its claims, not once per claim
        let event_text = match &last_event {
            Some((e, text)) if *e == event => text.clone(),
            _ => match events.and_then(|k| k.text(event)) {
                Some(text) => {
                    last_event = Some((event, text.clone()));
                    text.clone()
                }
                None => {
                    found.push((
                        i,
                        Found::Reference {
                            what: "event",
                            file: "events.csv",
                            value: event,
                        },
                    ));
                    shared.get(event)
                }
            },
        };
        let source = cols.source.get(row);
        // a case has few sources: the last ones met are compared first
        let recent = recent_sources
            .iter()
            .find(|(s, _)| *s == source)
            .map(|(_, t)| t.clone());
        let source_text = match recent.or_else(|| {
            let text = sources?.text(source)?;
            if recent_sources.len() < RECENT_SOURCES {
                recent_sources.push((source, text.clone()));
            }
            Some(text.clone())
        }) {
            Some(text) => text,
            None => {
                found.push((
                    i,
                    Found::Reference {
                        what: "source",
                        file: "sources.csv",
                        value: source,
                    },
                ));
                shared.get(source)
            }
        };
        let category = cols.category.get(row);
        let category_text = match &last_category {
            Some((c, text)) if *c == category => text.clone(),
            _ => {
                let text = shared.get(category);
                match check_category(category) {
                    Ok(()) => last_category = Some((category, text.clone())),
                    Err(m) => problem(&mut found, format!("claim '{id}': {m}")),
                }
                text
            }
        };
        let mut count = |column: &str, text: &str, found: &mut Vec<(usize, Found)>| {
            if text.is_empty() {
                return None;
            }
            match parse_count(text, column) {
                Ok(v) => Some(v),
                Err(m) => {
                    problem(found, format!("claim '{id}': {m}"));
                    None
                }
            }
        };
        let low_text = cols.low.get(row);
        let low = count("low", low_text, &mut found);
        let high = count("high", cols.high.get(row), &mut found);
        if let (Some(l), Some(h)) = (low, high)
            && l > h
        {
            problem(
                &mut found,
                format!("claim '{id}': low {l} is above high {h}"),
            );
        }
        if high.is_some() && low.is_none() && low_text.is_empty() {
            problem(
                &mut found,
                format!(
                    "claim '{id}': high is given without low; give both (or low alone for [low, open))"
                ),
            );
        }
        let shape_text = cols.shape.get(row);
        let shape = if shape_text.is_empty() {
            None
        } else {
            match shape_text.parse::<Shape>() {
                Ok(s) => Some(s),
                Err(()) => {
                    problem(
                        &mut found,
                        format!(
                            "claim '{id}': shape '{shape_text}' is not one of uniform, loguniform, triangular (or empty for the default){}",
                            did_you_mean(
                                &shape_text.to_lowercase(),
                                ["uniform", "loguniform", "triangular"].into_iter()
                            )
                        ),
                    );
                    None
                }
            }
        };
        let stance_text = cols.stance.get(row);
        let stance = if stance_text.is_empty() {
            None
        } else {
            match stance_text.parse::<Stance>() {
                Ok(s) => Some(s),
                Err(()) => {
                    let names = Stance::ALL.map(|s| s.as_str());
                    problem(
                        &mut found,
                        format!(
                            "claim '{id}': stance '{stance_text}' is not one of {} (or empty): whose deaths the figure counts, relative to its source{}",
                            names.join(", "),
                            did_you_mean(&stance_text.to_lowercase(), names.into_iter())
                        ),
                    );
                    None
                }
            }
        };
        let figure = cols.figure.get(row);
        if figure.is_empty() && low.is_none() && low_text.is_empty() {
            problem(
                &mut found,
                format!("claim '{id}': figure is empty; give the figure as reported, or low/high"),
            );
        }
        if sure {
            claims.push(None);
            continue;
        }
        claims.push(Some(Arc::new(Claim {
            id: Text::new(id),
            event: event_text,
            category: category_text,
            source: source_text,
            figure: shared.get(figure),
            low,
            high,
            shape,
            stance,
            outlet: shared.get(cols.outlet.get(row)),
            document: shared.get(cols.document.get(row)),
            quote: Text::new(cols.quote.get(row)),
            file: file.clone(),
            line: row.line,
        })));
    }
    (claims, found)
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "1" | "oui" | "vrai" => Some(true),
        "false" | "no" | "0" | "non" | "faux" | "" => Some(false),
        _ => None,
    }
}

/// `phrase,low,high,open`: `open` true means [low, open) and then `high` must
/// be empty; otherwise [low, high] (high defaults to low).
fn read_lexicon(t: &Table, problems: &mut Problems) -> Vec<LexiconEntry> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, (u64, String)> = HashMap::new();
    for row in &t.rows {
        let phrase = t.get(row, "phrase");
        if phrase.is_empty() {
            problems.push(t.problem(row, "phrase is empty"));
            continue;
        }
        // phrases are matched as the figure reader sees them: case, accents
        // and spacing aside
        let key = crate::figure::phrase_keys(phrase).join(" ");
        if key.is_empty() {
            problems.push(t.problem(
                row,
                format!("phrase '{phrase}' has no words or numbers to match"),
            ));
            continue;
        }
        if let Some((first, first_phrase)) = seen.get(&key) {
            let same = if first_phrase == phrase {
                String::new()
            } else {
                format!(" as '{first_phrase}', once case and accents are set aside")
            };
            problems.push(t.problem(
                row,
                format!("phrase '{phrase}' is defined twice{same} (first at line {first})"),
            ));
            continue;
        }
        seen.insert(key, (row.line, phrase.to_string()));
        let low = match parse_count(t.get(row, "low"), "low") {
            Ok(v) => v,
            Err(m) => {
                problems.push(t.problem(row, format!("phrase '{phrase}': {m}")));
                continue;
            }
        };
        let high_text = t.get(row, "high");
        let high = if high_text.is_empty() {
            None
        } else {
            match parse_count(high_text, "high") {
                Ok(v) => Some(v),
                Err(m) => {
                    problems.push(t.problem(row, format!("phrase '{phrase}': {m}")));
                    continue;
                }
            }
        };
        let open = match parse_bool(t.get(row, "open")) {
            Some(b) => b,
            None => {
                problems.push(t.problem(
                    row,
                    format!(
                        "phrase '{phrase}': open '{}' is not true or false",
                        t.get(row, "open")
                    ),
                ));
                continue;
            }
        };
        let high = match (open, high) {
            (true, Some(h)) => {
                problems.push(t.problem(
                    row,
                    format!("phrase '{phrase}' contradicts itself: open is true but high is {h}; leave high empty for [low, open)"),
                ));
                continue;
            }
            (true, None) => None,
            (false, Some(h)) if h < low => {
                problems.push(t.problem(
                    row,
                    format!("phrase '{phrase}' contradicts itself: low {low} is above high {h}"),
                ));
                continue;
            }
            (false, h) => Some(h.unwrap_or(low)),
        };
        out.push(LexiconEntry {
            phrase: phrase.to_string(),
            low,
            high,
        });
    }
    out
}

/// `source,trust` rows, checked against the known source ids.
pub fn read_weights(t: &Table, ids: &[&str]) -> Result<Vec<(String, f64)>, Problems> {
    check_weights(t, Some(ids))
}

/// `source,trust` rows; `ids` None when sources.csv could not be read.
fn check_weights(t: &Table, ids: Option<&[&str]>) -> Result<Vec<(String, f64)>, Problems> {
    let mut problems = Problems::default();
    let mut out: Vec<(String, f64)> = Vec::new();
    let mut lines: HashMap<&str, u64> = HashMap::new();
    let known: Option<HashSet<&str>> = ids.map(|ids| ids.iter().copied().collect());
    for row in &t.rows {
        let source = t.get(row, "source");
        if source.is_empty() {
            problems.push(t.problem(
                row,
                "source is empty; expected one of the ids in sources.csv",
            ));
            continue;
        }
        if let (Some(ids), Some(known)) = (ids, &known)
            && !known.contains(source)
        {
            problems.push(t.problem(
                row,
                format!(
                    "unknown source '{source}'{}; known sources: {}",
                    did_you_mean(source, ids.iter().copied()),
                    id_list(ids)
                ),
            ));
            continue;
        }
        if let Some(first) = lines.get(source) {
            problems.push(t.problem(
                row,
                format!(
                    "source '{source}' is weighted twice (first at line {first}); keep one row"
                ),
            ));
            continue;
        }
        lines.insert(source, row.line);
        match parse_trust(t.get(row, "trust"), t.delimiter) {
            Ok(v) => out.push((source.to_string(), v)),
            Err(m) => problems.push(t.problem(row, format!("source '{source}': {m}"))),
        }
    }
    problems.into_result(out)
}

/// Ids for a message: all of them, or the first 20 and how many in all.
pub fn id_list(ids: &[&str]) -> String {
    const SHOWN: usize = 20;
    if ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!("{}, … ({} in all)", ids[..SHOWN].join(", "), ids.len())
    }
}

/// Replaces the trust of the named sources (validated beforehand).
pub fn apply_weights(sources: &mut [Source], weights: &[(String, f64)]) {
    for (id, trust) in weights {
        if let Some(s) = sources.iter_mut().find(|s| &s.id == id) {
            s.trust = *trust;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::parse_table;

    fn claims_problems(claims: &str) -> Vec<String> {
        let events = parse_table("id,name\ne1,E\n", "events.csv", &EVENTS).unwrap();
        let sources = parse_table(
            "id,name,kind,trust\ns1,S,local,0.5\n",
            "sources.csv",
            &SOURCES,
        )
        .unwrap();
        let mut p = Problems::default();
        let (_, ev) = read_events(&events, &mut p);
        let (_, so) = read_sources(&sources, &mut p);
        let t = parse_table(claims, "claims.csv", &CLAIMS).unwrap();
        read_claims(&t, Some(&ev), Some(&so), &mut p);
        p.0.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn trust_must_be_a_number_in_unit_interval() {
        assert_eq!(parse_trust("0.7", b','), Ok(0.7));
        assert_eq!(parse_trust("1", b','), Ok(1.0));
        assert_eq!(parse_trust("0,7", b';'), Ok(0.7));
        for bad in ["1.5", "-0.1", "NaN", "inf", "high", "", "0,7"] {
            assert!(parse_trust(bad, b',').is_err(), "{bad}");
        }
        assert!(
            parse_trust("0,7", b',')
                .unwrap_err()
                .contains("decimal point (e.g. 0.7)")
        );
    }

    #[test]
    fn trust_and_counts_as_spreadsheets_format_them_get_a_hint() {
        assert_eq!(
            parse_trust("70%", b','),
            Err("trust '70%' is a percentage; write it as a number between 0 and 1 (0.7)".into())
        );
        assert!(parse_trust("70 %", b';').unwrap_err().contains("(0.7)"));
        for t in ["1 000", "1.000", "1,000", "1\u{a0}000", "12 345 678"] {
            assert!(
                parse_count(t, "low")
                    .unwrap_err()
                    .contains("digit separators; write whole numbers without them"),
                "{t}"
            );
        }
        assert!(
            parse_count("12,5", "low")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(
            parse_count("1.5", "low")
                .unwrap_err()
                .contains("not a whole number")
        );
    }

    #[test]
    fn a_source_with_a_bad_row_is_not_unknown_to_claims() {
        let mut p = Problems::default();
        let t = parse_table("id,name,kind,trust\na,A,local,2\n", "sources.csv", &SOURCES).unwrap();
        let (sources, ids) = read_sources(&t, &mut p);
        assert!(sources.is_empty());
        assert_eq!(ids.ids, ["a"]);
        let c = parse_table(
            "id,event,category,source,figure\nc1,e1,killed,a,64\nc2,e1,killed,,64\n",
            "claims.csv",
            &CLAIMS,
        )
        .unwrap();
        read_claims(&c, None, Some(&ids), &mut p);
        let msgs: Vec<String> = p.0.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "sources.csv:2: source 'a': trust '2' is outside [0, 1]; trust is the probability that the source's figure contains the truth",
                "claims.csv:3: claim 'c2': source is empty; expected one of the ids in sources.csv",
            ]
        );
    }

    #[test]
    fn lexicon_phrases_compare_as_the_reader_sees_them() {
        let mut p = Problems::default();
        let t = parse_table(
            "phrase,low\nune flopée,20\nUne  FLOPEE,30\n\u{200b},5\n",
            "lexicon.csv",
            &LEXICON,
        )
        .unwrap();
        assert_eq!(read_lexicon(&t, &mut p).len(), 1);
        let msgs: Vec<String> = p.0.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "lexicon.csv:3: phrase 'Une  FLOPEE' is defined twice as 'une flopée', once case and accents are set aside (first at line 2)",
                "lexicon.csv:4: phrase '\u{200b}' has no words or numbers to match",
            ]
        );
    }

    #[test]
    fn counts_are_whole_non_negative() {
        assert_eq!(parse_count("64", "low"), Ok(64));
        assert!(parse_count("-3", "low").unwrap_err().contains("negative"));
        assert!(
            parse_count("2.5", "low")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(
            parse_count("many", "low")
                .unwrap_err()
                .contains("not a number")
        );
        assert!(parse_count("99999999999999999999", "low").is_err());
    }

    #[test]
    fn ids_unique_and_safe() {
        let mut p = Problems::default();
        let t = parse_table("id,name\na,A\na,B\nx/y,C\n", "events.csv", &EVENTS).unwrap();
        assert_eq!(read_events(&t, &mut p).0.len(), 1);
        let msgs: Vec<String> = p.0.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            msgs[0],
            "events.csv:3: duplicate event id 'a' (first defined at line 2)"
        );
        assert!(msgs[1].starts_with("events.csv:4: event id 'x/y' contains '/'"));
    }

    #[test]
    fn source_kind_and_trust_checked() {
        let mut p = Problems::default();
        let t = parse_table(
            "id,name,kind,trust\na,A,offical,0.5\nb,B,local,2\nc,C,wire,0.9\n",
            "sources.csv",
            &SOURCES,
        )
        .unwrap();
        assert_eq!(read_sources(&t, &mut p).0.len(), 1);
        assert!(
            p.0[0]
                .to_string()
                .starts_with("sources.csv:2: source 'a': kind 'offical' is not one of")
        );
        assert!(p.0[0].to_string().ends_with("(did you mean 'official'?)"));
        assert!(
            p.0[1]
                .to_string()
                .starts_with("sources.csv:3: source 'b': trust '2' is outside [0, 1]")
        );
    }

    #[test]
    fn claims_reference_known_events_and_sources() {
        let h = "id,event,category,source,figure,low,high\n";
        assert_eq!(
            claims_problems(&format!("{h}c1,e2,killed,s1,64,,\nc2,e1,killed,s2,64,,\n")),
            vec![
                "claims.csv:2: claim 'c1': unknown event 'e2' (did you mean 'e1'?)",
                "claims.csv:3: claim 'c2': unknown source 's2' (did you mean 's1'?)"
            ]
        );
    }

    #[test]
    fn claim_bounds_and_shape_checked() {
        let h = "id,event,category,source,figure,low,high,shape\n";
        assert_eq!(
            claims_problems(&format!(
                "{h}c1,e1,killed,s1,x,30,20,\nc2,e1,killed,s1,x,-1,,\nc3,e1,killed,s1,x,1.5,,\nc4,e1,killed,s1,x,,,square\nc5,e1,Killed Civ,s1,x,,,\nc6,e1,killed,s1,,,,\n"
            )),
            vec![
                "claims.csv:2: claim 'c1': low 30 is above high 20",
                "claims.csv:3: claim 'c2': low '-1' is negative; counts are whole numbers ≥ 0",
                "claims.csv:4: claim 'c3': low '1.5' is not a whole number; counts are whole numbers ≥ 0",
                "claims.csv:5: claim 'c4': shape 'square' is not one of uniform, loguniform, triangular (or empty for the default)",
                "claims.csv:6: claim 'c5': category 'Killed Civ' may use only lowercase letters, digits and '_' (e.g. 'killed', 'killed_civilians')",
                "claims.csv:7: claim 'c6': figure is empty; give the figure as reported, or low/high",
            ]
        );
    }

    #[test]
    fn lexicon_rows_must_agree_with_themselves() {
        let mut p = Problems::default();
        let t = parse_table(
            "phrase,low,high,open\nune flopée,20,,true\nun tas,10,50,true\nun paquet,50,10,false\nune poignée,3,6,\n",
            "lexicon.csv",
            &LEXICON,
        )
        .unwrap();
        let lex = read_lexicon(&t, &mut p);
        assert_eq!(
            lex,
            vec![
                LexiconEntry {
                    phrase: "une flopée".into(),
                    low: 20,
                    high: None
                },
                LexiconEntry {
                    phrase: "une poignée".into(),
                    low: 3,
                    high: Some(6)
                },
            ]
        );
        assert_eq!(
            p.0[0].to_string(),
            "lexicon.csv:3: phrase 'un tas' contradicts itself: open is true but high is 50; leave high empty for [low, open)"
        );
        assert_eq!(
            p.0[1].to_string(),
            "lexicon.csv:4: phrase 'un paquet' contradicts itself: low 50 is above high 10"
        );
    }

    #[test]
    fn weights_name_known_sources() {
        let t = parse_table("source,trust\nfama,0.2\nfma,0.3\n", "weights.csv", &WEIGHTS).unwrap();
        let e = read_weights(&t, &["fama", "csp"]).unwrap_err();
        assert_eq!(
            e.0[0].to_string(),
            "weights.csv:3: unknown source 'fma' (did you mean 'fama'?); known sources: fama, csp"
        );
        let t = parse_table("source,trust\nfama,0.2\n", "weights.csv", &WEIGHTS).unwrap();
        let w = read_weights(&t, &["fama"]).unwrap();
        let mut s = vec![Source {
            id: "fama".into(),
            name: "".into(),
            kind: SourceKind::Belligerent,
            trust: 0.5,
            description: "".into(),
        }];
        apply_weights(&mut s, &w);
        assert_eq!(s[0].trust, 0.2);
    }
}
