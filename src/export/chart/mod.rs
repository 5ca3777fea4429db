//! PNG charts: `<event>.png` (each category's distribution with the claims
//! under it) and `overview.png` (every target's median and ranges on one
//! chart, claims as marks).
//!
//! Charts are pure functions of the run's results: they return PNG bytes
//! and never touch the disk, so `output::write_all` writes them together
//! with the CSV files. Same inputs, same bytes: a fixed embedded font
//! (DejaVu Sans) and opaque colours only.

pub mod calibration;
mod draw;
mod event;
mod overview;
pub mod scale;
pub mod tornado;

pub use event::event_chart;
pub use overview::overview_chart;

use crate::case::{Case, SourceKind};
use crate::claim::{Interval, ReadClaim, Target};
use crate::engine::{Estimate, Method, Settings};

/// Every chart of a run, as (file name, PNG bytes): one per event, then
/// `overview.png`.
pub fn charts(
    case: &Case,
    claims: &[ReadClaim],
    targets: &[Target],
    estimates: &[Estimate],
    settings: &Settings,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::with_capacity(case.events.len() + 1);
    for e in &case.events {
        let name = format!("{}.png", e.id);
        if name.eq_ignore_ascii_case(OVERVIEW) {
            return Err(format!(
                "event id '{}' would overwrite {OVERVIEW}: rename the event in events.csv",
                e.id
            ));
        }
        let bytes = event_chart(case, &e.id, claims, targets, estimates, settings)
            .map_err(|m| format!("{name}: {m}"))?;
        out.push((name, bytes));
    }
    let bytes = overview_chart(case, claims, targets, estimates, settings)
        .map_err(|m| format!("{OVERVIEW}: {m}"))?;
    out.push((OVERVIEW.to_string(), bytes));
    Ok(out)
}

pub const OVERVIEW: &str = "overview.png";

/// One distinct reading of one source on a target, as drawn: echoes are
/// folded into it (`repeats`).
#[derive(Debug, Clone)]
struct Mark<'a> {
    source: &'a str,
    kind: SourceKind,
    /// The figure as first reported.
    figure: &'a str,
    /// How many claims give this reading (1 + echoes).
    repeats: usize,
    /// Whose dead it counts, for a party's claim.
    stance: Option<crate::case::Stance>,
    interval: Interval,
    /// Weight in the pool: the source's trust shared among its readings,
    /// normalised over the target.
    share: f64,
    trust: f64,
}

impl Mark<'_> {
    /// "local-civilian: plus d'une centaine (×2)" without the source.
    fn figure_text(&self) -> String {
        use crate::case::Stance;
        let whose = match self.stance {
            Some(Stance::Own) => " · own side",
            Some(Stance::Enemy) => " · enemy's dead",
            Some(Stance::Mixed) => " · both sides",
            _ => "",
        };
        if self.repeats > 1 {
            format!("{} (×{}){whose}", self.figure, self.repeats)
        } else {
            format!("{}{whose}", self.figure)
        }
    }
    /// The reading: "20–99", "64", "≥ 101".
    fn reading(&self) -> String {
        match self.interval.high {
            Some(h) => scale::range(self.interval.low, h),
            None => format!("≥ {}", scale::count(self.interval.low)),
        }
    }
    /// What the weight column shows: the pool share, or under fusion the
    /// trust (there, trust is a probability, not a share).
    fn weight(&self, method: Method) -> String {
        match method {
            Method::Pool => scale::percent(self.share),
            Method::Fusion => format!("{:.2}", self.trust),
        }
    }
}

fn marks<'a>(case: &'a Case, claims: &'a [ReadClaim], t: &Target) -> Vec<Mark<'a>> {
    let mut out = Vec::new();
    for (v, shares) in t.voices.iter().zip(t.shares()) {
        for (r, share) in v.readings.iter().zip(shares) {
            let Some(first) = r.claims.first().and_then(|&i| claims.get(i)) else {
                continue;
            };
            out.push(Mark {
                source: &first.claim.source,
                kind: case
                    .source(&first.claim.source)
                    .map(|s| s.kind)
                    .unwrap_or(SourceKind::Other),
                figure: first.claim.figure.as_str(),
                repeats: r.claims.len(),
                stance: r.stance,
                interval: r.interval,
                share,
                trust: v.trust,
            });
        }
    }
    out
}

fn find<'a>(estimates: &'a [Estimate], event: &str, category: &str) -> Option<&'a Estimate> {
    estimates
        .iter()
        .find(|e| e.event == event && e.category == category)
}

/// "killed" → "All deaths", "killed_soldiers" → "Soldiers killed".
fn category_title(category: &str) -> String {
    let text = match category {
        "killed" => "all deaths".to_string(),
        c => match c.strip_prefix("killed_") {
            Some(who) if !who.is_empty() => format!("{} killed", who.replace('_', " ")),
            _ => c.replace('_', " "),
        },
    };
    let mut ch = text.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().chain(ch).collect(),
        None => text,
    }
}

/// The footnote's settings line, so a chart can be traced to its run.
/// Every chart's width and margin, in pixels.
const W: f64 = 1200.0;
const M: f64 = 24.0;

/// The heading of an event's chart: its name, then when and where.
fn event_title(c: &draw::Canvas, ev: &crate::case::Event) -> Result<(), String> {
    let mut facts: Vec<String> = [&ev.date, &ev.place]
        .into_iter()
        .filter(|f| !f.is_empty())
        .map(|f| f.to_string())
        .collect();
    if !ev.region.is_empty() {
        facts.push(format!("{} region", ev.region));
    }
    facts.push(format!("event “{}”", ev.id));
    heading(c, &ev.name, &facts.join(" · "))
}

/// A chart's title and the grey line under it, each shortened to fit.
fn heading(c: &draw::Canvas, title: &str, subtitle: &str) -> Result<(), String> {
    c.text(
        &c.fit(title, draw::TITLE, W - 2.0 * M),
        M,
        34.0,
        draw::TITLE,
        draw::INK,
        draw::Align::Left,
    )?;
    c.text(
        &c.fit(subtitle, draw::BODY, W - 2.0 * M),
        M,
        66.0,
        draw::BODY,
        draw::GREY,
        draw::Align::Left,
    )?;
    Ok(())
}

/// The lines under a chart's heading that say how to read it.
fn intro(c: &draw::Canvas, lines: &[&str]) -> Result<(), String> {
    for (i, line) in lines.iter().enumerate() {
        c.text(
            &c.fit(line, draw::BODY, W - 2.0 * M),
            M,
            98.0 + 22.0 * i as f64,
            draw::BODY,
            draw::INK,
            draw::Align::Left,
        )?;
    }
    Ok(())
}

/// The footnote every chart ends with: a rule at `y`, the run's settings,
/// then one line per note (shortened to fit the page).
fn footnote(c: &draw::Canvas, y: f64, settings: &str, notes: &[String]) -> Result<(), String> {
    c.hline(M, W - M, y, 1.0, draw::GRID)?;
    c.text(
        settings,
        M,
        y + 20.0,
        draw::BODY,
        draw::GREY,
        draw::Align::Left,
    )?;
    for (i, note) in notes.iter().enumerate() {
        c.text(
            &c.fit(note, draw::BODY, W - 2.0 * M),
            M,
            y + 44.0 + 24.0 * i as f64,
            draw::BODY,
            draw::GREY,
            draw::Align::Left,
        )?;
    }
    Ok(())
}

fn settings_line(s: &Settings) -> String {
    format!(
        "tollrange · method {} · revision {} · {} draws per target · seed {}",
        s.method,
        s.revision_label(),
        scale::count(s.samples as u64),
        s.seed
    )
}

/// What the revision model does to the claims, when it is on.
fn revision_line(s: &Settings) -> Option<String> {
    s.revision.describe(None)
}

/// The same, naming only the voices of these targets.
fn revision_line_for(s: &Settings, targets: &[&crate::claim::Target]) -> Option<String> {
    let mut voices: Vec<&str> = targets
        .iter()
        .flat_map(|t| &t.voices)
        .flat_map(|v| {
            v.readings
                .iter()
                .map(move |r| crate::engine::revision::voice_of(v.kind, r.stance))
        })
        .collect();
    voices.sort();
    voices.dedup();
    s.revision.describe(Some(&voices))
}

fn tail_line(s: &Settings) -> String {
    format!(
        "Open-ended claims (“at least N”) have a power-law tail (α = {}) up to {} × N.",
        s.tail.alpha, s.tail.cap
    )
}

fn weight_line(m: Method) -> &'static str {
    match m {
        Method::Pool => {
            "Weight: a claim's share of the mix, its source's trust split among the source's different figures; repeats count once."
        }
        Method::Fusion => {
            "Trust: the probability that the source's figure, as read, contains the true toll (fusion); repeats count once."
        }
    }
}

/// Round ticks, as many as fit without their labels touching.
fn fitting_ticks(sx: &scale::Scale) -> Vec<f64> {
    let label = |v: f64| draw::width(&scale::tick_label(v), draw::BODY);
    for max in (2..=12).rev() {
        let t = sx.ticks(max);
        let fits = t
            .windows(2)
            .all(|w| sx.px(w[1]) - sx.px(w[0]) >= (label(w[0]) + label(w[1])) / 2.0 + 16.0);
        if fits {
            return t;
        }
    }
    sx.ticks(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_titles_read_as_words() {
        assert_eq!(category_title("killed"), "All deaths");
        assert_eq!(category_title("killed_soldiers"), "Soldiers killed");
        assert_eq!(category_title("wounded_adults"), "Wounded adults");
    }
}
