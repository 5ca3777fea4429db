//! One CSV reader for every input file (cases, lexicons, weights, truth files).
//!
//! Case files are filled by hand in spreadsheets, often in a French locale, so
//! the reader accepts what spreadsheets write: a UTF-8 byte-order mark, `,` or
//! `;` as delimiter (detected on the header line), CRLF line endings, columns
//! in any order, trailing empty rows. It refuses, with the file and line,
//! what would otherwise be read wrong: another encoding, unbalanced quotes,
//! rows with too many or too few fields, unknown or missing columns.

use crate::problem::{Problem, Problems};
use std::io::Read;
use std::path::Path;

/// Case files are small; anything larger is a mistake (a wrong file picked),
/// refused before it is read so a huge file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The columns a file must have and may have.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

impl Schema {
    fn all(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.required.iter().chain(self.optional.iter()).copied()
    }
    /// The header line a user should write, for messages.
    pub fn header_hint(&self) -> String {
        self.all().collect::<Vec<_>>().join(",")
    }
}

/// A data row: its 1-based line in the file and where its fields are in
/// its table.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    /// Its index among the table's rows (its fields' place in `Table::ends`).
    index: usize,
}

/// A file read against a schema.
///
/// The fields of every row, trimmed, are held end to end in one string
/// (`text`), with where each ends (`ends`): a case of 100 000 events is one
/// allocation per table, not one per field.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as shown in messages.
    pub file: String,
    pub delimiter: u8,
    names: Vec<&'static str>,
    /// For each schema column, its slot among the fields kept per row
    /// (None: the optional column is absent, every value reads as "").
    slots: Vec<Option<usize>>,
    /// Fields kept per row: the schema columns present in the file.
    width: usize,
    text: String,
    /// End of each kept field in `text`, row after row (a field starts
    /// where the one before it ends).
    ends: Vec<u32>,
    pub rows: Vec<Row>,
}

impl Row {
    /// Its index among its table's rows.
    pub fn index(&self) -> usize {
        self.index
    }
}

impl Table {
    /// The value of a schema column in a row ("" when the optional column is absent).
    pub fn get(&self, row: &Row, column: &str) -> &str {
        match self.names.iter().position(|n| *n == column) {
            Some(i) => self.field(row, i),
            None => "",
        }
    }
    /// The value of the schema column at `i` (its place in the schema:
    /// required columns, then optional ones).
    fn field(&self, row: &Row, i: usize) -> &str {
        let Some(slot) = self.slots[i] else {
            return "";
        };
        let k = row.index * self.width + slot;
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.text[start..self.ends[k] as usize]
    }
    /// A column's values, for rows read many times over: `get` with the
    /// column looked up once.
    pub fn column(&self, column: &str) -> Column<'_> {
        Column {
            table: self,
            at: self.names.iter().position(|n| *n == column),
        }
    }
    pub fn problem(&self, row: &Row, message: impl Into<String>) -> Problem {
        Problem::at(&self.file, row.line, message)
    }
}

/// One schema column of a table (see [`Table::column`]).
#[derive(Clone, Copy)]
pub struct Column<'t> {
    table: &'t Table,
    at: Option<usize>,
}

impl<'t> Column<'t> {
    /// Its value in `row` ("" when the optional column is absent).
    pub fn get(&self, row: &Row) -> &'t str {
        match self.at {
            Some(i) => self.table.field(row, i),
            None => "",
        }
    }
}

/// Reads `path` (shown as `display` in messages) against `schema`.
pub fn read_table(path: &Path, display: &str, schema: &Schema) -> Result<Table, Problems> {
    let text = read_text(path, display, schema)?;
    parse_table(&text, display, schema)
}

/// Reads a file as UTF-8 text, refusing what is not.
pub fn read_text(path: &Path, display: &str, schema: &Schema) -> Result<String, Problem> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Problem::file(
                display,
                format!(
                    "file not found{} (expected a CSV file with columns {})",
                    near_names(path)
                        .map(|n| format!(
                            "; there is {n} in the folder: save or rename it as {}",
                            file_name(path)
                        ))
                        .unwrap_or_default(),
                    schema.header_hint()
                ),
            ));
        }
        Err(e) => return Err(Problem::file(display, format!("cannot read: {e}"))),
    };
    if meta.is_dir() {
        return Err(Problem::file(display, "is a folder, expected a CSV file"));
    }
    if !meta.is_file() {
        return Err(Problem::file(
            display,
            "is not a regular file (a device or a pipe?), expected a CSV file",
        ));
    }
    let too_big = |len: u64| {
        Problem::file(
            display,
            format!(
                "file is {} MiB; case files are limited to {} MiB (is this the right file?)",
                len / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    // read at most one byte past the limit: a file that grew since is refused too
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Problem::file(display, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    decode_owned(bytes, display)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Files beside `path` that look like it under another name: another case
/// (`Claims.csv`), another extension (`claims.xlsx`, `claims.csv.txt`) or
/// the singular (`claim.csv`); quoted and joined for a message.
pub fn near_names(path: &Path) -> Option<String> {
    let wanted = file_name(path).to_lowercase();
    let stem = |n: &str| -> String {
        let s = n.split('.').next().unwrap_or("").to_lowercase();
        s.strip_suffix('s').map(str::to_string).unwrap_or(s)
    };
    let want_stem = stem(&wanted);
    if want_stem.is_empty() {
        return None;
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != &file_name(path))
        .filter(|n| stem(n) == want_stem)
        .map(|n| format!("'{n}'"))
        .collect();
    found.sort();
    (!found.is_empty()).then(|| found.join(", "))
}

/// UTF-8 (with or without BOM) to text; any other encoding is refused with
/// the line of the first byte that is not UTF-8.
pub fn decode(bytes: &[u8], display: &str) -> Result<String, Problem> {
    decode_owned(bytes.to_vec(), display)
}

/// [`decode`], the bytes becoming the text (no copy of a large file).
fn decode_owned(mut bytes: Vec<u8>, display: &str) -> Result<String, Problem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::file(
            display,
            "file is UTF-16 text; save it as \"CSV UTF-8\" (comma or semicolon delimited)",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Problem::file(
            display,
            "file is a zip archive (an .xlsx or .ods workbook?), not CSV text; in the spreadsheet, save the sheet as \"CSV UTF-8\"",
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(Problem::file(
            display,
            "file is an old Excel workbook (.xls), not CSV text; in the spreadsheet, save the sheet as \"CSV UTF-8\"",
        ));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // (`contains` on bytes is a vectorised search)
    if bytes.contains(&0) {
        let pos = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        let line = 1 + bytes[..pos].iter().filter(|&&b| b == b'\n').count() as u64;
        return Err(Problem::at(
            display,
            line,
            "binary data (a NUL byte): this is not a CSV text file",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let body = e.as_bytes();
            let line = 1 + body[..pos].iter().filter(|&&b| b == b'\n').count() as u64;
            let byte = body[pos];
            let guess = if byte >= 0x80 {
                " (it looks like Latin-1 / Windows-1252)"
            } else {
                ""
            };
            Err(Problem::at(
                display,
                line,
                format!("not UTF-8 text: byte 0x{byte:02X}{guess}; save the file as \"CSV UTF-8\""),
            ))
        }
    }
}

/// `;` when the header line has more semicolons than commas (outside quotes).
pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

/// The line where a quoted field opens and is never closed, if any.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    if !text.contains('"') {
        return None;
    }
    let bytes = text.as_bytes();
    let (mut line, mut open_line) = (1u64, 0u64);
    let mut in_quote = false;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quote {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quote = false;
                }
            }
        } else if b == b'"' && field_start {
            in_quote = true;
            open_line = line;
        }
        if b == b'\n' {
            line += 1;
        }
        field_start = !in_quote && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    in_quote.then_some(open_line)
}

/// Beyond this many candidates no suggestion is made: a case of 100 000
/// events with many unknown references would otherwise take minutes.
const MAX_SUGGESTION_CANDIDATES: usize = 20_000;

fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.take(MAX_SUGGESTION_CANDIDATES + 1).collect();
    if candidates.len() > MAX_SUGGESTION_CANDIDATES {
        return None;
    }
    let len = word.chars().count();
    candidates
        .into_iter()
        // the distance is at least the difference in length
        .filter(|c| c.chars().count().abs_diff(len) <= 2.max(c.len() / 4))
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, for "did you mean" hints on column names and ids.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// "did you mean" for a value among known ones; it also points out a
/// character the user cannot see (a zero-width space pasted from the web, a
/// no-break space), which otherwise makes two equal-looking ids differ.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let hidden = invisible(word)
        .map(|c| format!("it contains the invisible character U+{:04X}", u32::from(c)));
    match (hidden, suggest(word, candidates)) {
        (Some(h), Some(s)) => format!(" ({h}; did you mean '{s}'?)"),
        (Some(h), None) => format!(" ({h})"),
        (None, Some(s)) => format!(" (did you mean '{s}'?)"),
        (None, None) => String::new(),
    }
}

/// The first character of `text` that does not show on screen as what it
/// is: control and format characters, no-break and other unusual spaces.
pub fn invisible(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        c.is_control()
            || matches!(c,
                '\u{00A0}' | '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}'
                | '\u{17B4}' | '\u{17B5}' | '\u{180E}' | '\u{2000}'..='\u{200F}'
                | '\u{2028}'..='\u{202F}' | '\u{205F}'..='\u{206F}' | '\u{3000}'
                | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}')
    })
}

/// Parses CSV text against a schema.
pub fn parse_table(text: &str, display: &str, schema: &Schema) -> Result<Table, Problems> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // the csv crate counts a CRLF line ending as two lines, and a lone CR
    // (old Mac exports) as none: read both as LF, so lines are the editor's
    let lf;
    let text = if text.contains('\r') {
        lf = text.replace("\r\n", "\n").replace('\r', "\n");
        lf.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(Problem::file(
            display,
            format!(
                "empty file: expected a header line `{}` and rows",
                schema.header_hint()
            ),
        )
        .into());
    }
    let delimiter = detect_delimiter(text);
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(Problem::at(
            display,
            line,
            "a quoted field opens here and is never closed (unbalanced \")",
        )
        .into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header = csv::StringRecord::new();
    match reader.read_record(&mut header) {
        Ok(true) => {}
        Ok(false) => return Err(Problem::file(display, "empty file").into()),
        Err(e) => {
            return Err(Problem::at(display, 1, format!("unreadable header: {e}")).into());
        }
    }
    let mut problems = Problems::default();
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{FEFF}').to_lowercase())
        .collect();
    // where each schema column sits in the file
    let names: Vec<&'static str> = schema.all().collect();
    if header.len() == 1 && header[0].contains('\t') {
        return Err(Problem::at(
            display,
            1,
            "the file is separated by tabs; save it as CSV, with ',' or ';' between the values",
        )
        .into());
    }
    if header.len() > 1 && !header.iter().any(|h| names.contains(&h.as_str())) {
        // not a misspelt header but no header at all (or another file's)
        let line = text.lines().next().unwrap_or("");
        let mut first: String = line.chars().take(80).collect();
        if line.chars().nth(80).is_some() {
            first.push('…');
        }
        return Err(Problem::at(
            display,
            1,
            format!(
                "the first line is not a header: none of `{first}` is a column name; the first line must name the columns: {}",
                schema.header_hint()
            ),
        )
        .into());
    }
    let mut index: Vec<Option<usize>> = vec![None; names.len()];
    // required columns an unknown column was taken for: not reported again as missing
    let mut suggested: Vec<&str> = Vec::new();
    for (pos, h) in header.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        match names.iter().position(|n| n == h) {
            Some(k) if index[k].is_some() => problems.push(Problem::at(
                display,
                1,
                format!("column '{h}' appears twice in the header"),
            )),
            Some(k) => index[k] = Some(pos),
            None => {
                suggested.extend(suggest(h, schema.all()));
                problems.push(Problem::at(
                    display,
                    1,
                    format!(
                        "unknown column '{h}'{}; expected columns: {}",
                        did_you_mean(h, schema.all()),
                        schema.header_hint()
                    ),
                ))
            }
        }
    }
    for (k, name) in names.iter().enumerate() {
        if index[k].is_none() && schema.required.contains(name) && !suggested.contains(name) {
            problems.push(Problem::at(
                display,
                1,
                format!(
                    "missing column '{name}'; expected header: {}",
                    schema.header_hint()
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let width = header.len();
    // the schema columns present, in the order their fields are kept
    let kept: Vec<usize> = index.iter().filter_map(|i| *i).collect();
    let slots: Vec<Option<usize>> = index
        .iter()
        .map(|i| i.map(|pos| kept.iter().position(|k| *k == pos).unwrap_or(0)))
        .collect();
    if text.len() > u32::MAX as usize {
        return Err(Problem::file(display, "file is too large to read").into());
    }
    let mut rows = Vec::new();
    let mut fields = String::with_capacity(text.len());
    let mut ends: Vec<u32> = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.push(Problem::at(display, line, format!("unreadable row: {e}")));
                continue;
            }
        }
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue; // blank rows and spreadsheet padding like ";;;;"
        }
        if rec.len() != width {
            let other = if delimiter == b';' { ',' } else { ';' };
            let hint = if rec.iter().any(|f| f.contains('"')) {
                " (a value containing the delimiter or a \" must be entirely in double quotes, with each \" inside doubled: \"say \"\"64\"\", then\")".to_string()
            } else if rec.len() > width {
                " (a value containing the delimiter must be in double quotes)".to_string()
            } else if rec.iter().any(|f| f.contains(other)) {
                format!(
                    " (this row seems separated by '{other}' but the header by '{}': use one delimiter in the whole file)",
                    delimiter as char
                )
            } else {
                String::new()
            };
            let d = (delimiter as char).to_string();
            problems.push(Problem::at(
                display,
                line,
                format!(
                    "row has {} field{}, expected {} ({}){hint}",
                    rec.len(),
                    if rec.len() == 1 { "" } else { "s" },
                    width,
                    header.join(&d)
                ),
            ));
            continue;
        }
        for &pos in &kept {
            fields.push_str(rec[pos].trim());
            // fields are no longer than the text they come from
            ends.push(fields.len() as u32);
        }
        rows.push(Row {
            line,
            index: rows.len(),
        });
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(Problem::file(
            display,
            "has a header but no rows".to_string(),
        ));
    }
    fields.shrink_to_fit();
    ends.shrink_to_fit();
    problems.into_result(Table {
        file: display.to_string(),
        delimiter,
        names,
        slots,
        width: kept.len(),
        text: fields,
        ends,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Schema = Schema {
        required: &["id", "trust"],
        optional: &["note"],
    };

    fn msgs(r: Result<Table, Problems>) -> Vec<String> {
        r.err().unwrap().0.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn reads_comma_semicolon_bom_crlf_any_order() {
        for text in [
            "id,trust\na,0.5\n",
            "\u{FEFF}id;trust\r\na;0.5\r\n",
            "trust,id,note\n0.5,a,\n",
            "ID , Trust\n a , 0.5 \n,\n",
        ] {
            let t = parse_table(text, "f.csv", &S).unwrap();
            assert_eq!(t.rows.len(), 1, "{text:?}");
            assert_eq!(t.get(&t.rows[0], "id"), "a");
            assert_eq!(t.get(&t.rows[0], "trust"), "0.5");
            assert_eq!(t.get(&t.rows[0], "note"), "");
        }
    }

    #[test]
    fn crlf_line_numbers_are_the_editors() {
        let e = parse_table("id,trust\r\na,1\r\nb,1,2\r\n", "f.csv", &S).unwrap_err();
        assert!(
            e.0[0].to_string().starts_with("f.csv:3: row has 3 fields"),
            "{e}"
        );
    }

    #[test]
    fn cr_line_endings_count_as_lines() {
        let e = parse_table("id,trust\ra,1\rb,1,2\r", "f.csv", &S).unwrap_err();
        assert!(
            e.0[0].to_string().starts_with("f.csv:3: row has 3 fields"),
            "{e}"
        );
    }

    #[test]
    fn line_numbers_count_quoted_newlines() {
        let t = parse_table("id,trust,note\na,1,\"two\nlines\"\nb,1,x\n", "f.csv", &S).unwrap();
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn refuses_bad_headers() {
        assert_eq!(
            msgs(parse_table("id,trsut\na,1\n", "f.csv", &S)),
            // the misspelt column is not reported a second time as missing
            vec![
                "f.csv:1: unknown column 'trsut' (did you mean 'trust'?); expected columns: id,trust,note"
            ]
        );
        assert_eq!(
            msgs(parse_table("id,note\na,1\n", "f.csv", &S)),
            vec!["f.csv:1: missing column 'trust'; expected header: id,trust,note"]
        );
        assert_eq!(
            msgs(parse_table("id\ttrust\na\t1\n", "f.csv", &S)),
            vec![
                "f.csv:1: the file is separated by tabs; save it as CSV, with ',' or ';' between the values"
            ]
        );
        // a file without its header line: one message, not one per field
        assert_eq!(
            msgs(parse_table("a,0.5\nb,1\n", "f.csv", &S)),
            vec![
                "f.csv:1: the first line is not a header: none of `a,0.5` is a column name; the first line must name the columns: id,trust,note"
            ]
        );
        assert_eq!(
            msgs(parse_table("i\u{200b}d,trust\na,1\n", "f.csv", &S)),
            vec![
                "f.csv:1: unknown column 'i\u{200b}d' (it contains the invisible character U+200B; did you mean 'id'?); expected columns: id,trust,note"
            ]
        );
        assert_eq!(
            msgs(parse_table("", "f.csv", &S)),
            vec!["f.csv: empty file: expected a header line `id,trust,note` and rows"]
        );
        assert_eq!(
            msgs(parse_table("id,trust\n", "f.csv", &S)),
            vec!["f.csv: has a header but no rows"]
        );
    }

    #[test]
    fn refuses_wrong_field_counts_and_open_quotes() {
        assert_eq!(
            msgs(parse_table("id,trust\na,0,5\nb\n", "f.csv", &S)),
            vec![
                "f.csv:2: row has 3 fields, expected 2 (id,trust) (a value containing the delimiter must be in double quotes)",
                "f.csv:3: row has 1 field, expected 2 (id,trust)"
            ]
        );
        assert_eq!(
            msgs(parse_table("id,trust\na;1\n", "f.csv", &S)),
            vec![
                "f.csv:2: row has 1 field, expected 2 (id,trust) (this row seems separated by ';' but the header by ',': use one delimiter in the whole file)"
            ]
        );
        assert_eq!(
            msgs(parse_table("id,trust\na,1\n\"b,1\nc,1\n", "f.csv", &S)),
            vec!["f.csv:3: a quoted field opens here and is never closed (unbalanced \")"]
        );
    }

    #[test]
    fn refuses_other_encodings() {
        let e = decode(b"id,trust\nd\xe9c\xe8s,1\n", "f.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.csv:2: not UTF-8 text: byte 0xE9 (it looks like Latin-1 / Windows-1252); save the file as \"CSV UTF-8\""
        );
        assert!(
            decode(b"id\n\0\0", "f.csv")
                .unwrap_err()
                .to_string()
                .contains("binary")
        );
        assert!(
            decode(b"\xff\xfei\0d\0", "f.csv")
                .unwrap_err()
                .to_string()
                .contains("UTF-16")
        );
        assert_eq!(decode(b"\xEF\xBB\xBFid", "f.csv").unwrap(), "id");
        assert!(
            decode(b"PK\x03\x04\x14\0", "f.csv")
                .unwrap_err()
                .to_string()
                .contains("zip archive (an .xlsx or .ods workbook?)")
        );
    }

    #[test]
    fn a_missing_file_names_its_look_alikes() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["Claims.csv", "claims.xlsx", "claims-old.csv", "events.csv"] {
            std::fs::write(dir.path().join(n), "x").unwrap();
        }
        let e = read_text(&dir.path().join("claims.csv"), "claims.csv", &S).unwrap_err();
        assert_eq!(
            e.to_string(),
            "claims.csv: file not found; there is 'Claims.csv', 'claims.xlsx' in the folder: save or rename it as claims.csv (expected a CSV file with columns id,trust,note)"
        );
        assert_eq!(near_names(&dir.path().join("sources.csv")), None);
    }

    #[test]
    fn refuses_what_is_not_a_small_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.csv");
        // sparse: 2 GiB on paper, nothing on disk, never read
        std::fs::File::create(&big)
            .unwrap()
            .set_len(2 << 30)
            .unwrap();
        assert_eq!(
            read_text(&big, "big.csv", &S).unwrap_err().to_string(),
            "big.csv: file is 2048 MiB; case files are limited to 32 MiB (is this the right file?)"
        );
        #[cfg(unix)]
        assert!(
            read_text(Path::new("/dev/zero"), "zero.csv", &S)
                .unwrap_err()
                .to_string()
                .contains("not a regular file")
        );
    }
}
