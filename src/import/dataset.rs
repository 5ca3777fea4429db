//! What an import produces: the dataset, days, places, and the records
//! (one incident each) read from a file.

use crate::case::{Claim, Event, Source, SourceKind};
use crate::problem::Problem;
use std::fmt;

/// The longest provenance quote written, in characters.
pub const MAX_QUOTE_CHARS: usize = 200;

/// The dataset a file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Dataset {
    /// UCDP Georeferenced Event Dataset (GED)
    Ucdp,
    /// Armed Conflict Location & Event Data (ACLED)
    Acled,
}

impl Dataset {
    /// Its name in `records.csv` and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Ucdp => "ucdp",
            Dataset::Acled => "acled",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Dataset::Ucdp => "UCDP GED",
            Dataset::Acled => "ACLED",
        }
    }
    /// Prefix of the event and claim ids made from its records.
    pub fn id_prefix(self) -> &'static str {
        match self {
            Dataset::Ucdp => "ged",
            Dataset::Acled => "acled",
        }
    }
    /// The one source every claim of the dataset is attributed to.
    ///
    /// Both get the same moderate trust: neither is known to be closer to
    /// later established tolls in general, so a merged event weighs them
    /// equally until the user says otherwise (`sources.csv`, `--weight`).
    pub fn source(self) -> Source {
        match self {
            Dataset::Ucdp => Source {
                id: "ucdp-ged".into(),
                name: "UCDP Georeferenced Event Dataset (GED)".into(),
                kind: SourceKind::Dataset,
                trust: 0.6,
                description: "Uppsala Conflict Data Program: deaths per event coded from news and NGO reports as low/best/high, read as [low, high] peaking at best".into(),
            },
            Dataset::Acled => Source {
                id: "acled".into(),
                name: "Armed Conflict Location & Event Data (ACLED)".into(),
                kind: SourceKind::Dataset,
                trust: 0.6,
                description: "ACLED codes the most conservative reported fatality figure, read as a lower bound [n, open); 0 (no death reported) is read as [0, 0]".into(),
            },
        }
    }
    pub(super) fn parse(text: &str) -> Option<Dataset> {
        match text {
            "ucdp" => Some(Dataset::Ucdp),
            "acled" => Some(Dataset::Acled),
            _ => None,
        }
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A calendar day, as days since 1970-01-01 (so that ±1 day is arithmetic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub(super) i64);

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl Day {
    /// A valid Gregorian date, years 1000 to 9999.
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Option<Day> {
        if !(1000..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
            return None;
        }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days_in_month = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        if d > days_in_month[m as usize - 1] {
            return None;
        }
        // days from civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms")
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m as i64 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    /// Days from `self` to `other`, without sign.
    pub fn distance(self, other: Day) -> u64 {
        self.0.abs_diff(other.0)
    }

    /// `2023-09-07` (a time after it, as in GED's `2023-09-07 00:00:00.000`,
    /// is ignored) or ACLED's `07 September 2023` / `7 Sep 2023`.
    pub fn parse(text: &str) -> Option<Day> {
        let t = text.trim();
        let iso = t.split([' ', 'T']).next().unwrap_or("");
        let parts: Vec<&str> = iso.split('-').collect();
        if let [y, m, d] = parts[..]
            && y.len() == 4
            && (1..=2).contains(&m.len())
            && (1..=2).contains(&d.len())
            && [y, m, d]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Day::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        if let [d, m, y] = words[..]
            && y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
            && (1..=2).contains(&d.len())
            && d.bytes().all(|b| b.is_ascii_digit())
        {
            let m = m.to_lowercase();
            let month = MONTHS
                .iter()
                .position(|name| *name == m || (m.len() == 3 && name.starts_with(&m)))?;
            return Day::from_ymd(y.parse().ok()?, month as u32 + 1, d.parse().ok()?);
        }
        None
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Where a record happened, for matching records of two datasets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    /// Latitude and longitude in degrees, when the dataset gives them.
    pub coords: Option<(f64, f64)>,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
}

/// One incident as one dataset codes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub dataset: Dataset,
    /// The dataset's own id (GED `id`, ACLED `event_id_cnty`).
    pub key: String,
    pub day: Day,
    pub place: Place,
    /// The event made from it; claims name it.
    pub event: Event,
    pub claims: Vec<Claim>,
}

/// A dataset file, read.
#[derive(Debug, Clone)]
pub struct Imported {
    pub dataset: Dataset,
    /// The file as named in messages.
    pub file: String,
    /// What the header says the file is, e.g. `UCDP GED 23.1-style, 49 columns`.
    pub layout: String,
    /// Data rows read (the HXL tag row not counted).
    pub rows: usize,
    pub records: Vec<Record>,
    /// Rows left out, one problem each.
    pub skipped: Vec<Problem>,
    /// Rows read with a repair the user should know about.
    pub notes: Vec<Problem>,
}
