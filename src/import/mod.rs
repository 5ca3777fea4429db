//! Importing conflict-event datasets (UCDP GED, ACLED) as case folders.
//!
//! A dataset file is read as a stream of rows, each turned into a *record*:
//! one incident as the dataset codes it, with its event, its claims, and
//! where it happened (coordinates, admin names) for matching against other
//! datasets. Rows that cannot be read are set aside as [`Problem`]s with
//! their line, so one bad row does not cost the others. [`CaseOut`] is the
//! case folder about to be written; [`merge`] adds one dataset's records to
//! an existing case, matching incidents both datasets hold.
//!
//! Besides `events.csv`, `sources.csv` and `claims.csv`, an imported case has
//! `records.csv`: the dataset rows behind each event, with their coordinates.
//! `run` and `check` do not read it; `--merge` does.

pub mod acled;
pub mod merge;
pub mod ucdp;

use crate::case::{self, Claim, Event, Source, SourceKind};
use crate::problem::{Problem, Problems};
use crate::table::{Schema, did_you_mean};
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

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
    fn parse(text: &str) -> Option<Dataset> {
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
pub struct Day(i64);

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

/// Reads a dataset file.
pub fn import_file(dataset: Dataset, path: &Path, display: &str) -> Result<Imported, Problems> {
    let input = Input::open(path, display)?;
    import(dataset, input)
}

/// Reads a dataset from any byte stream (tests, stdin).
pub fn import_reader(
    dataset: Dataset,
    reader: impl Read + 'static,
    display: &str,
) -> Result<Imported, Problems> {
    let input = Input::new(Box::new(reader), display)?;
    import(dataset, input)
}

fn import(dataset: Dataset, input: Input) -> Result<Imported, Problems> {
    match dataset {
        Dataset::Ucdp => ucdp::read(input),
        Dataset::Acled => acled::read(input),
    }
}

/// A data row of a dataset file: its 1-based line and fields (trimmed).
#[derive(Debug, Clone)]
pub struct RawRow {
    pub line: u64,
    pub fields: Vec<String>,
}

/// A dataset file being read row by row, so that files far larger than a
/// case (the global GED is hundreds of MB) need no more memory than their
/// records.
pub struct Input {
    pub file: String,
    /// Column names, trimmed and lowercased.
    pub header: Vec<String>,
    /// Whether line 2 was an HXL tag row (`#event+code,…`, HDX files).
    pub hxl: bool,
    reader: csv::Reader<Box<dyn Read>>,
    /// The first data row, read while looking for an HXL row.
    pending: Option<Result<RawRow, Problem>>,
    record: csv::ByteRecord,
}

/// How much of the file is looked at to find and decode the header.
const HEAD_BYTES: usize = 64 * 1024;

impl Input {
    pub fn open(path: &Path, display: &str) -> Result<Input, Problem> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(Problem::file(display, "is a folder, expected a CSV file"));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Problem::file(display, "file not found"));
            }
            Err(e) => return Err(Problem::file(display, format!("cannot read: {e}"))),
        }
        let f = std::fs::File::open(path)
            .map_err(|e| Problem::file(display, format!("cannot read: {e}")))?;
        Input::new(Box::new(std::io::BufReader::new(f)), display)
    }

    pub fn new(inner: Box<dyn Read>, display: &str) -> Result<Input, Problem> {
        let mut inner: Box<dyn Read> = Box::new(Lf::new(inner));
        // Peek at the start: encoding and delimiter are decided on the header.
        let mut head = Vec::with_capacity(4096);
        (&mut inner)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| Problem::file(display, format!("cannot read: {e}")))?;
        let first_line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
        // `decode` refuses UTF-16, NUL bytes and Latin-1 with the table's wording
        let header_text = crate::table::decode(&head[..first_line_end], display)?;
        if header_text.trim().is_empty() {
            return Err(Problem::file(
                display,
                "empty file: expected a header line and rows",
            ));
        }
        if first_line_end == head.len() && head.len() == HEAD_BYTES {
            return Err(Problem::at(
                display,
                1,
                "the first line is longer than 64 KiB: not a dataset file with a header line",
            ));
        }
        let delimiter = crate::table::detect_delimiter(&header_text);
        if head.starts_with(b"\xEF\xBB\xBF") {
            head.drain(..3); // the BOM is not part of the first column's name
        }
        let body: Box<dyn Read> = Box::new(std::io::Cursor::new(head).chain(inner));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(body);
        let mut record = csv::ByteRecord::new();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                return Err(Problem::file(
                    display,
                    "empty file: expected a header line and rows",
                ));
            }
            Err(e) => return Err(Problem::at(display, 1, format!("unreadable header: {e}"))),
        }
        let header: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
            .collect();
        let mut input = Input {
            file: display.to_string(),
            header,
            hxl: false,
            reader,
            pending: None,
            record,
        };
        match input.read() {
            Ok(Some(Ok(row))) if is_hxl(&row.fields) => input.hxl = true,
            Ok(Some(r)) => input.pending = Some(r),
            Ok(None) => {}
            Err(p) => return Err(p),
        }
        Ok(input)
    }

    /// The next data row: `Ok(None)` at the end, `Ok(Some(Err))` for a row
    /// that cannot be used, `Err` when the rest of the file cannot be read.
    pub fn next_row(&mut self) -> Result<Option<Result<RawRow, Problem>>, Problem> {
        if let Some(r) = self.pending.take() {
            return Ok(Some(r));
        }
        self.read()
    }

    fn read(&mut self) -> Result<Option<Result<RawRow, Problem>>, Problem> {
        loop {
            let ok = match self.reader.read_byte_record(&mut self.record) {
                Ok(ok) => ok,
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    return Err(match e.kind() {
                        csv::ErrorKind::Io(io) => {
                            Problem::at(&self.file, line, format!("cannot read: {io}"))
                        }
                        _ => Problem::at(&self.file, line, format!("unreadable row: {e}")),
                    });
                }
            };
            if !ok {
                return Ok(None);
            }
            let line = self.record.position().map(|p| p.line()).unwrap_or(0);
            let mut fields = Vec::with_capacity(self.record.len());
            for f in self.record.iter() {
                match std::str::from_utf8(f) {
                    Ok(s) => fields.push(s.trim().to_string()),
                    Err(e) => {
                        let byte = f[e.valid_up_to()];
                        let guess = if byte >= 0x80 {
                            " (it looks like Latin-1 / Windows-1252)"
                        } else {
                            ""
                        };
                        let offset =
                            f[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64;
                        return Err(Problem::at(
                            &self.file,
                            line + offset,
                            format!(
                                "not UTF-8 text: byte 0x{byte:02X}{guess}; save the file as UTF-8"
                            ),
                        ));
                    }
                }
            }
            if fields.iter().all(|f| f.is_empty()) {
                continue; // blank lines, spreadsheet padding
            }
            if fields.len() != self.header.len() {
                let (n, width) = (fields.len(), self.header.len());
                let end = self.reader.position().line();
                let spans = self.record.iter().any(|f| f.contains(&b'\n'));
                let message = if n > width {
                    format!(
                        "row has {n} fields, expected {width} as in the header (a value containing the delimiter must be in double quotes)"
                    )
                } else if spans && end > line + 1 {
                    // an unbalanced quote swallows the lines after it
                    format!(
                        "row has {n} fields, expected {width} as in the header; a quoted field runs from here to line {}: is a \" unbalanced?",
                        end - 1
                    )
                } else {
                    format!("row has {n} fields, expected {width} as in the header")
                };
                return Ok(Some(Err(Problem::at(&self.file, line, message))));
            }
            return Ok(Some(Ok(RawRow { line, fields })));
        }
    }

    /// Where each wanted column sits, or what is missing.
    ///
    /// `required` columns must all be there; `optional` ones may be absent
    /// (they differ between dataset versions). A header with almost none of
    /// the required columns is not this dataset at all, and is named as such
    /// (and as the other dataset, when it looks like it).
    pub fn columns(
        &self,
        dataset: Dataset,
        required: &'static [&'static str],
        optional: &'static [&'static str],
    ) -> Result<Columns, Problems> {
        let find = |name: &str| self.header.iter().position(|h| h == name);
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| find(c).is_none())
            .collect();
        if missing.is_empty() {
            let mut index = HashMap::new();
            for c in required.iter().chain(optional) {
                if let Some(i) = find(c) {
                    index.insert(*c, i);
                }
            }
            return Ok(Columns { index });
        }
        let present = required.len() - missing.len();
        if present * 2 < required.len() {
            let other = match detect(&self.header) {
                Some(d) if d != dataset => format!(
                    "; it looks like {} data: use `tollrange import {} FILE`",
                    d.label(),
                    d.as_str()
                ),
                _ => String::new(),
            };
            let shown: Vec<&str> = self.header.iter().take(8).map(|s| s.as_str()).collect();
            return Err(Problem::at(
                &self.file,
                1,
                format!(
                    "not a {} file: the header ({}{}) lacks its columns ({}){other}",
                    dataset.label(),
                    shown.join(","),
                    if self.header.len() > 8 { ",…" } else { "" },
                    required[..required.len().min(6)].join(", ")
                ),
            )
            .into());
        }
        let hint = Schema {
            required,
            optional: &[],
        };
        Err(Problems(
            missing
                .iter()
                .map(|m| {
                    Problem::at(
                        &self.file,
                        1,
                        format!(
                            "missing column '{m}'{} ({} files have: {})",
                            did_you_mean(m, self.header.iter().map(|s| s.as_str())),
                            dataset.label(),
                            hint.header_hint()
                        ),
                    )
                })
                .collect(),
        ))
    }
}

/// CRLF line ends read as LF. The csv reader gives a record after a CRLF
/// the line of the CRLF (one too few), and HDX files are CRLF.
struct Lf<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    /// The last chunk ended with `\r`, not yet written.
    cr: bool,
    eof: bool,
}

impl<R: Read> Lf<R> {
    fn new(inner: R) -> Self {
        Lf {
            inner,
            buf: Vec::new(),
            pos: 0,
            cr: false,
            eof: false,
        }
    }
}

impl<R: Read> Read for Lf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.pos < self.buf.len() {
                let n = out.len().min(self.buf.len() - self.pos);
                out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.eof || out.is_empty() {
                return Ok(0);
            }
            let mut chunk = [0u8; 16 * 1024];
            let n = self.inner.read(&mut chunk)?;
            self.buf.clear();
            self.pos = 0;
            if n == 0 {
                self.eof = true;
                if self.cr {
                    self.buf.push(b'\r');
                    self.cr = false;
                }
                continue;
            }
            let mut cr = self.cr;
            for &b in &chunk[..n] {
                if cr && b != b'\n' {
                    self.buf.push(b'\r'); // a lone CR stays
                }
                cr = b == b'\r';
                if !cr {
                    self.buf.push(b);
                }
            }
            self.cr = cr;
        }
    }
}

/// Every non-empty field starts with `#` (HXL hashtags), and there is one.
fn is_hxl(fields: &[String]) -> bool {
    fields.iter().any(|f| !f.is_empty())
        && fields
            .iter()
            .filter(|f| !f.is_empty())
            .all(|f| f.starts_with('#'))
}

/// Which dataset a header belongs to, if either.
pub fn detect(header: &[String]) -> Option<Dataset> {
    let has = |c: &str| header.iter().any(|h| h == c);
    if ["id", "date_start", "low", "best", "high"]
        .iter()
        .all(|c| has(c))
    {
        Some(Dataset::Ucdp)
    } else if ["event_id_cnty", "event_date", "fatalities"]
        .iter()
        .all(|c| has(c))
    {
        Some(Dataset::Acled)
    } else {
        None
    }
}

/// Column positions of a header.
#[derive(Debug, Clone)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
}

impl Columns {
    /// The field of a column ("" when the optional column is absent).
    pub fn get<'r>(&self, row: &'r RawRow, column: &str) -> &'r str {
        self.index
            .get(column)
            .and_then(|&i| row.fields.get(i))
            .map(|s| s.as_str())
            .unwrap_or("")
    }
    pub fn has(&self, column: &str) -> bool {
        self.index.contains_key(column)
    }
}

/// A whole count; `20.0` is accepted (tools that went through floats write it).
pub fn count(text: &str, column: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("{column} is empty; expected a whole number ≥ 0"));
    }
    let whole = match t.split_once('.') {
        Some((int, frac))
            if !int.is_empty()
                && !frac.is_empty()
                && frac.bytes().all(|b| b == b'0')
                && int.bytes().all(|b| b.is_ascii_digit()) =>
        {
            int
        }
        _ => t,
    };
    case::parse_count(whole, column)
}

/// Latitude and longitude: both empty (or `NA`) is none; anything else must
/// be two finite numbers in range.
pub fn coords(lat: &str, lon: &str) -> Result<Option<(f64, f64)>, String> {
    let absent = |s: &str| s.is_empty() || s.eq_ignore_ascii_case("na");
    if absent(lat) && absent(lon) {
        return Ok(None);
    }
    let one = |s: &str, name: &str, limit: f64| -> Result<f64, String> {
        let v: f64 = s
            .parse()
            .map_err(|_| format!("{name} '{s}' is not a number"))?;
        if !v.is_finite() || v.abs() > limit {
            return Err(format!("{name} '{s}' is outside [-{limit}, {limit}]"));
        }
        Ok(v)
    };
    Ok(Some((
        one(lat, "latitude", 90.0)?,
        one(lon, "longitude", 180.0)?,
    )))
}

/// A date column, required.
pub fn day(text: &str, column: &str) -> Result<Day, String> {
    if text.is_empty() {
        return Err(format!("{column} is empty"));
    }
    Day::parse(text).ok_or_else(|| {
        format!("{column} '{text}' is not a date (expected YYYY-MM-DD or e.g. 07 April 2023)")
    })
}

/// An id from the dataset, usable in an event id (letters, digits, `-_.`).
pub fn record_key(text: &str, column: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err(format!("{column} is empty"));
    }
    if text.len() > 64
        || !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(format!(
            "{column} '{}' is not an id (letters, digits, '-', '_', '.')",
            shorten(text, 40)
        ));
    }
    Ok(text.to_string())
}

/// One line of text: runs of whitespace (newlines too) become one space.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `text` cleaned and cut to at most `max` characters, at a word boundary
/// when one is near, ending with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = clean(text);
    if text.chars().count() <= max || max == 0 {
        return text;
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if cut[..i].chars().count() + 30 >= max => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', '.', ':']))
}

/// Joins the values that are present, each once: `a, b` from `a, , b, a`.
pub(crate) fn join_present(parts: &[&str], sep: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for p in parts {
        if !p.is_empty() && !kept.iter().any(|k| k.eq_ignore_ascii_case(p)) {
            kept.push(p);
        }
    }
    kept.join(sep)
}

/// Joins place names from the most to the least specific, leaving out those
/// an earlier one already says ("Mopti region" after "between Soumpi and
/// Hombori, Mopti Region").
pub(crate) fn join_places(parts: &[&str]) -> String {
    let mut kept: Vec<String> = Vec::new();
    for p in parts {
        let lower = p.to_lowercase();
        if !p.is_empty() && !kept.iter().any(|k| k.to_lowercase().contains(&lower)) {
            kept.push(p.to_string());
        }
    }
    kept.join(", ")
}

/// A claim of an imported record.
#[allow(clippy::too_many_arguments)]
pub(crate) fn claim(
    record_id: &str,
    category: &str,
    source: &str,
    figure: String,
    low: u64,
    high: Option<u64>,
    shape: Option<case::Shape>,
    provenance: (&str, &str, &str),
    file: &str,
    line: u64,
) -> Claim {
    let (outlet, document, quote) = provenance;
    Claim {
        id: format!("{record_id}-{category}"),
        event: record_id.to_string(),
        category: category.to_string(),
        source: source.to_string(),
        figure,
        low: Some(low),
        high,
        shape,
        stance: None,
        outlet: clean(outlet),
        document: clean(document),
        quote: shorten(quote, MAX_QUOTE_CHARS),
        file: file.to_string(),
        line,
    }
}

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
        for c in &r.claims {
            let mut c = c.clone();
            c.event = event.clone();
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
                            e.id.clone(),
                            e.name.clone(),
                            e.date.clone(),
                            e.place.clone(),
                            e.region.clone(),
                            e.description.clone(),
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
                            c.id.clone(),
                            c.event.clone(),
                            c.category.clone(),
                            c.source.clone(),
                            c.figure.clone(),
                            n(c.low),
                            n(c.high),
                            c.shape.map(|s| s.to_string()).unwrap_or_default(),
                            c.outlet.clone(),
                            c.document.clone(),
                            c.quote.clone(),
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

#[cfg(test)]
mod tests {
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
}
