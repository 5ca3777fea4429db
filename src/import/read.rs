//! Reading a dataset file: streaming its rows (any size), finding the header
//! (and an HDX tag row), telling UCDP from ACLED, looking columns up.

use super::dataset::*;
use crate::problem::{Problem, Problems};
use crate::table::{Schema, did_you_mean};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

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
pub(super) struct Lf<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    /// The last chunk ended with `\r`, not yet written.
    cr: bool,
    eof: bool,
}

impl<R: Read> Lf<R> {
    pub(super) fn new(inner: R) -> Self {
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
pub(super) fn is_hxl(fields: &[String]) -> bool {
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
