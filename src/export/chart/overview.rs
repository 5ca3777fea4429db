//! `overview.png`: every target and roll-up on one axis, one row each
//! (events in order, sums last): the median as a dot, the 50 % and 90 %
//! ranges as bars, and under them the claims, one thin line per source
//! figure. The axis is logarithmic when the values span more than two
//! orders of magnitude.

use super::draw::{
    Align, BODY, Canvas, GREY, GRID, INK, RANGE50, RANGE90, STRONG, TITLE, ZEBRA, kind_colour, png,
    width,
};
use super::scale::{self, Scale, count};
use super::{
    Mark, category_title, find, fitting_ticks, marks, revision_line_for, settings_line, tail_line,
};
use crate::case::{Case, SourceKind};
use crate::claim::{ReadClaim, Target};
use crate::engine::{Estimate, Settings};

use super::{M, W};
const PX0: f64 = 290.0;
const HEADS: [&str; 3] = ["median", "50 % range", "90 % range"];

/// Right edges of the median, 50 % and 90 % columns, each as wide as its
/// widest entry, and the plot's right edge left of them (with room for
/// half a tick label).
fn columns(groups: &[Group]) -> ([f64; 3], f64) {
    let mut w = HEADS.map(|h| width(h, STRONG));
    for r in groups.iter().flat_map(|g| &g.rows) {
        if let Some(sm) = &r.estimate.summary {
            w[0] = w[0].max(width(&count(sm.p50()), STRONG));
            w[1] = w[1].max(width(&scale::range(sm.p25(), sm.p75()), BODY));
            w[2] = w[2].max(width(&scale::range(sm.p05(), sm.p95()), BODY));
        }
    }
    const GAP: f64 = 20.0;
    let c2 = W - M;
    let c1 = c2 - w[2] - GAP;
    let c0 = c1 - w[1] - GAP;
    ([c0, c1, c2], c0 - w[0] - GAP - 36.0)
}
const LANE: f64 = 7.0;
const MINOR: plotters::style::RGBColor = plotters::style::RGBColor(238, 238, 238);
const GROUP_H: f64 = 34.0;

/// One row: a target or a roll-up.
struct Row<'a> {
    title: String,
    detail: String,
    estimate: &'a Estimate,
    marks: Vec<Mark<'a>>,
}

impl Row<'_> {
    fn height(&self) -> f64 {
        (34.0 + LANE * self.marks.len() as f64 + 8.0).max(50.0)
    }
}

/// A group of rows under a heading: an event, or the sums.
struct Group<'a> {
    heading: String,
    detail: String,
    rows: Vec<Row<'a>>,
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn groups<'a>(
    case: &'a Case,
    claims: &'a [ReadClaim],
    targets: &'a [Target],
    estimates: &'a [Estimate],
) -> Vec<Group<'a>> {
    let mut out = Vec::new();
    for ev in &case.events {
        let rows: Vec<Row> = targets
            .iter()
            .filter(|t| t.event == ev.id)
            .filter_map(|t| {
                let e = find(estimates, &t.event, &t.category)?;
                Some(Row {
                    title: category_title(&t.category),
                    detail: format!(
                        "{} · {}",
                        plural(t.claim_count(), "claim"),
                        plural(t.voices.len(), "source")
                    ),
                    estimate: e,
                    marks: marks(case, claims, t),
                })
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut detail = vec![ev.date.clone(), ev.place.clone()];
        detail.retain(|s| !s.is_empty());
        out.push(Group {
            heading: ev.name.to_string(),
            detail: detail.join(" · "),
            rows,
        });
    }
    // roll-ups: everything that is not a target
    let sums: Vec<Row> = estimates
        .iter()
        .filter(|e| {
            !targets
                .iter()
                .any(|t| t.event == e.event && t.category == e.category)
        })
        .map(|e| {
            let title = match e.event.strip_prefix("region:") {
                Some(r) => format!("{r} region"),
                None if e.event == "all" => "All events".to_string(),
                None => e.event.to_string(),
            };
            let mut detail = category_title(&e.category);
            if !e.note.is_empty() {
                detail = format!("{detail} · {}", e.note);
            }
            Row {
                title,
                detail,
                estimate: e,
                marks: Vec::new(),
            }
        })
        .collect();
    if !sums.is_empty() {
        out.push(Group {
            heading: "Sums".to_string(),
            detail: "events added up draw by draw (taken as independent); events without a region are left out".to_string(),
            rows: sums,
        });
    }
    out
}

/// The axis: log when the values span more than two orders of magnitude.
fn axis(groups: &[Group], s: &Settings, px1: f64) -> Scale {
    let mut values: Vec<u64> = Vec::new();
    for r in groups.iter().flat_map(|g| &g.rows) {
        if let Some(sm) = &r.estimate.summary {
            values.extend([sm.p05(), sm.p95()]);
        }
        for m in &r.marks {
            values.push(m.interval.low);
            values.push(
                m.interval
                    .high
                    .unwrap_or_else(|| s.tail.end(m.interval.low)),
            );
        }
    }
    let max = values.iter().copied().max().unwrap_or(1).max(1) as f64;
    let min_pos = values.iter().copied().filter(|&v| v > 0).min().unwrap_or(1) as f64;
    if max / min_pos > 100.0 {
        let lo = 10f64.powf(min_pos.log10().floor());
        let hi = 10f64.powf(max.log10().ceil());
        Scale::log(lo, hi, PX0, px1)
    } else {
        let step = scale::nice_step(max / 5.0).max(1.0);
        Scale::linear(0.0, (max * 1.04 / step).ceil() * step, PX0, px1)
    }
}

const INTRO: [&str; 2] = [
    "How many died? tollrange's estimate for each event, with the reported figures it combines (thin lines below each estimate).",
    "The toll is as likely inside the 50 % range as outside it, and inside the 90 % range 9 times in 10, if claims and trust hold.",
];

/// Every target's median and ranges on one chart, claims as marks.
pub fn overview_chart(
    case: &Case,
    claims: &[ReadClaim],
    targets: &[Target],
    estimates: &[Estimate],
    settings: &Settings,
) -> Result<Vec<u8>, String> {
    let groups = groups(case, claims, targets, estimates);
    let (cols, px1) = columns(&groups);
    let sx = axis(&groups, settings, px1);
    let mut kinds: Vec<SourceKind> = groups
        .iter()
        .flat_map(|g| &g.rows)
        .flat_map(|r| r.marks.iter().map(|m| m.kind))
        .collect();
    kinds.sort();
    kinds.dedup();

    const HEADER_H: f64 = 224.0;
    const FOOTER_H: f64 = 142.0;
    let body: f64 = groups
        .iter()
        .map(|g| GROUP_H + g.rows.iter().map(Row::height).sum::<f64>())
        .sum();
    let h = (HEADER_H + body + FOOTER_H).round() as u32;
    let about = format!("{} overview: {}", case.name, settings_line(settings));

    png(W as u32, h, &about, |c| {
        c.text(
            &c.fit(&format!("Death tolls: {}", case.name), TITLE, W - 2.0 * M),
            M,
            34.0,
            TITLE,
            INK,
            Align::Left,
        )?;
        for (i, line) in INTRO.iter().enumerate() {
            c.text(
                &c.fit(line, BODY, W - 2.0 * M),
                M,
                66.0 + 22.0 * i as f64,
                BODY,
                INK,
                Align::Left,
            )?;
        }
        legend(c, &kinds, 124.0, 152.0)?;

        // axis header, column headers and tick labels
        let axis_y = 204.0;
        let unit = if sx.is_log() {
            "deaths (log scale)"
        } else {
            "deaths"
        };
        c.text(unit, PX0, 182.0, STRONG, INK, Align::Left)?;
        for (x, head) in cols.iter().zip(HEADS) {
            c.text(head, *x, axis_y, STRONG, INK, Align::Right)?;
        }
        let ticks = fitting_ticks(&sx);
        let top = HEADER_H;
        let bottom = HEADER_H + body;
        // zebra per row, then gridlines
        let mut y = top;
        for g in &groups {
            y += GROUP_H;
            for (i, r) in g.rows.iter().enumerate() {
                if i % 2 == 1 {
                    c.rect(M, y, W - M, y + r.height(), ZEBRA)?;
                }
                y += r.height();
            }
        }
        if sx.is_log() {
            // faint lines at 2 and 5 of each decade
            let mut d = sx.lo();
            while d < sx.hi() {
                for m in [2.0, 5.0] {
                    if m * d < sx.hi() {
                        c.vline(sx.px(m * d), top, bottom, 1.0, MINOR)?;
                    }
                }
                d *= 10.0;
            }
        }
        for &tv in &ticks {
            let x = sx.px(tv);
            c.vline(x, top, bottom, 1.0, GRID)?;
            c.text(&scale::tick_label(tv), x, axis_y, BODY, INK, Align::Center)?;
            c.text(
                &scale::tick_label(tv),
                x,
                bottom + 16.0,
                BODY,
                INK,
                Align::Center,
            )?;
        }

        let mut y = top;
        for g in &groups {
            c.hline(M, W - M, y + 1.0, 1.0, GREY)?;
            let w = c.text(
                &c.fit(&g.heading, STRONG, W - 2.0 * M - 200.0),
                M,
                y + GROUP_H / 2.0 + 2.0,
                STRONG,
                INK,
                Align::Left,
            )?;
            if !g.detail.is_empty() {
                let rest = W - M - (M + w + 12.0);
                c.text(
                    &c.fit(&format!("· {}", g.detail), BODY, rest),
                    M + w + 12.0,
                    y + GROUP_H / 2.0 + 2.0,
                    BODY,
                    GREY,
                    Align::Left,
                )?;
            }
            y += GROUP_H;
            for r in &g.rows {
                row(c, r, &sx, &cols, settings, y)?;
                y += r.height();
            }
        }
        c.hline(M, W - M, bottom, 1.0, GREY)?;

        let fy = bottom + 44.0;
        c.text(&settings_line(settings), M, fy, BODY, GREY, Align::Left)?;
        let mut notes = Vec::new();
        if let Some(first) = case.events.first() {
            notes.push(format!(
                "Each event has its own chart ({}.png, …) with the full distribution and every claim's weight.",
                first.id
            ));
        }
        let all: Vec<&Target> = targets.iter().collect();
        notes.extend(revision_line_for(settings, &all));
        if groups
            .iter()
            .flat_map(|g| &g.rows)
            .any(|r| r.marks.iter().any(|m| m.interval.is_open()))
        {
            notes.push(tail_line(settings));
        }
        for (i, note) in notes.iter().enumerate() {
            let ny = fy + 24.0 * (i + 1) as f64;
            c.text(
                &c.fit(note, BODY, W - 2.0 * M),
                M,
                ny,
                BODY,
                GREY,
                Align::Left,
            )?;
        }
        Ok(())
    })
}

/// The estimate glyph and the source kinds, as a two-line legend.
fn legend(c: &Canvas, kinds: &[SourceKind], y1: f64, y2: f64) -> Result<(), String> {
    let x = M;
    c.hline(x, x + 90.0, y1, 8.0, RANGE90)?;
    c.hline(x + 25.0, x + 65.0, y1, 14.0, RANGE50)?;
    c.dot(x + 45.0, y1, 5.0, INK)?;
    c.text(
        "tollrange estimate: median (dot), 50 % range (dark bar), 90 % range (light bar)",
        x + 104.0,
        y1,
        BODY,
        INK,
        Align::Left,
    )?;
    let mut x = M;
    x += c.text(
        "Claims, one line per source figure:",
        x,
        y2,
        BODY,
        INK,
        Align::Left,
    )? + 14.0;
    for &k in kinds {
        c.hline(x, x + 24.0, y2, 4.0, kind_colour(k))?;
        x += 30.0;
        x += c.text(k.as_str(), x, y2, BODY, INK, Align::Left)? + 16.0;
    }
    let k = kinds.first().copied().unwrap_or(SourceKind::Other);
    c.hline(x, x + 6.0, y2, 4.0, kind_colour(k))?;
    c.fading_bar(x + 6.0, x + 50.0, y2 - 2.0, y2 + 2.0, kind_colour(k), 0.1)?;
    c.text(
        "open-ended (“at least N”)",
        x + 58.0,
        y2,
        BODY,
        INK,
        Align::Left,
    )?;
    Ok(())
}

fn row(
    c: &Canvas,
    r: &Row,
    sx: &Scale,
    cols: &[f64; 3],
    s: &Settings,
    y: f64,
) -> Result<(), String> {
    let gy = y + 17.0;
    c.text(
        &c.fit(&r.title, STRONG, PX0 - M - 20.0),
        M + 12.0,
        gy,
        STRONG,
        INK,
        Align::Left,
    )?;
    c.text(
        &c.fit(&r.detail, BODY, PX0 - M - 20.0),
        M + 12.0,
        gy + 22.0,
        BODY,
        GREY,
        Align::Left,
    )?;
    match &r.estimate.summary {
        Some(sm) => {
            let span = |a: u64, b: u64| {
                let (x0, x1) = (sx.px(a as f64), sx.px(b as f64));
                if x1 - x0 < 4.0 {
                    let m = (x0 + x1) / 2.0;
                    (m - 2.0, m + 2.0)
                } else {
                    (x0, x1)
                }
            };
            let (a, b) = span(sm.p05(), sm.p95());
            c.hline(a, b, gy, 8.0, RANGE90)?;
            let (a, b) = span(sm.p25(), sm.p75());
            c.hline(a, b, gy, 14.0, RANGE50)?;
            c.dot(sx.px(sm.p50() as f64), gy, 5.0, INK)?;
            c.text(&count(sm.p50()), cols[0], gy, STRONG, INK, Align::Right)?;
            c.text(
                &scale::range(sm.p25(), sm.p75()),
                cols[1],
                gy,
                BODY,
                INK,
                Align::Right,
            )?;
            c.text(
                &scale::range(sm.p05(), sm.p95()),
                cols[2],
                gy,
                BODY,
                INK,
                Align::Right,
            )?;
        }
        None => {
            c.text("no estimate", cols[2], gy, BODY, GREY, Align::Right)?;
            c.text(
                &c.fit(&r.estimate.note, BODY, sx.px(f64::MAX) - PX0 - 10.0),
                PX0 + 6.0,
                gy,
                BODY,
                GREY,
                Align::Left,
            )?;
        }
    }
    for (i, m) in r.marks.iter().enumerate() {
        let ly = y + 34.0 + LANE * i as f64;
        let col = kind_colour(m.kind);
        let x0 = sx.px(m.interval.low as f64);
        match m.interval.high {
            Some(h) => {
                let x1 = sx.px(h as f64);
                let (x0, x1) = if x1 - x0 < 4.0 {
                    let mid = (x0 + x1) / 2.0;
                    (mid - 2.0, mid + 2.0)
                } else {
                    (x0, x1)
                };
                c.hline(x0, x1, ly, 4.0, col)?;
            }
            None => {
                let x1 = sx.px(s.tail.end(m.interval.low) as f64);
                c.hline(x0, x0 + 4.0, ly, 4.0, col)?;
                c.fading_bar(x0 + 4.0, x1.max(x0 + 5.0), ly - 2.0, ly + 2.0, col, 0.1)?;
            }
        }
    }
    Ok(())
}
