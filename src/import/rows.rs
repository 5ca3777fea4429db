//! Mapping a row's fields to a record's parts: counts, coordinates, days,
//! record keys, cleaned text and the claims made from them.

use super::dataset::*;
use crate::case::{self, Claim};

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
        id: format!("{record_id}-{category}").into(),
        event: record_id.into(),
        category: category.into(),
        source: source.into(),
        figure: figure.into(),
        low: Some(low),
        high,
        shape,
        stance: None,
        outlet: clean(outlet).into(),
        document: clean(document).into(),
        quote: shorten(quote, MAX_QUOTE_CHARS).into(),
        file: file.into(),
        line,
    }
}
