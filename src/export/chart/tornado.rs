//! `tornado-<event>.png`: which source drives each estimate. One panel per
//! category: a row per source, largest swing first, with a bar from the
//! lowest to the highest median its changes give (left out, trust 0,
//! trust 1), the median as run as a vertical line, and each change's 90 %
//! range as a thin whisker under the bar.

use super::draw::{
    Align, BAND90, BODY, Canvas, DRAWS, GREY, GRID, HEADING, INK, STRONG, WHITE, ZEBRA, png, width,
};
use super::scale::{self, Scale, count};
use super::{category_title, fitting_ticks, revision_line_for, tail_line};
use crate::case::Case;
use crate::claim::Target;
use crate::engine::dist::Tail;
use crate::engine::revision::RevisionModel;
use crate::engine::{Method, Settings};
use crate::sensitivity::{Row as Change, Scenario, swing};
use plotters::style::RGBColor;

use super::{M, W};
/// The plot's left and right edges: sources to the left, the swing column
/// to the right.
const PX0: f64 = 300.0;
const PX1: f64 = 1020.0;
/// Labels beside the bars stay within these.
const LABEL_START: f64 = PX0 - 8.0;
/// Right labels may run this far, short of the swing column.
const LABEL_END: f64 = W - M - 96.0;
const ROW_H: f64 = 52.0;
/// Vertical layout of a panel, from its top.
const ROWS_TOP: f64 = 70.0;
const AXIS_H: f64 = 34.0;
const GAP: f64 = 34.0;

/// Trust set to 1 (dark) and to 0 or left out (light).
const TRUST1: RGBColor = DRAWS;
const TRUST0: RGBColor = RGBColor(146, 174, 206);
/// Their 90 % ranges, lighter than the bars.
const RANGE1: RGBColor = RGBColor(112, 142, 176);
const RANGE0: RGBColor = RGBColor(178, 198, 222);

/// One source on one target: its medians and 90 % ranges under each change.
struct Line<'a> {
    source: &'a str,
    /// "official · trust 0.7".
    detail: String,
    swing: u64,
    /// Left out, trust 0, trust 1: (p05, p50, p95); Some(None) when
    /// nothing is left to weigh, None when the change was not computed.
    q: [Option<Option<[u64; 3]>>; 3],
}

const CHANGES: [(Scenario, &str); 3] = [
    (Scenario::LeaveOut, "left out"),
    (Scenario::Trust0, "trust 0"),
    (Scenario::Trust1, "trust 1"),
];

struct Panel<'a> {
    category: &'a str,
    /// "killed · 6 claims from 3 sources".
    detail: String,
    base: Option<[u64; 3]>,
    /// Why there is no estimate as run.
    note: &'a str,
    lines: Vec<Line<'a>>,
}

impl Panel<'_> {
    fn height(&self) -> f64 {
        ROWS_TOP + ROW_H * self.lines.len().max(1) as f64 + AXIS_H + GAP
    }

    /// The axis: every median and 90 % range of the panel, log when they
    /// span more than two orders of magnitude.
    fn scale(&self) -> Scale {
        let values: Vec<u64> = self
            .lines
            .iter()
            .flat_map(|l| l.q.iter().flatten().flatten())
            .chain(self.base.iter())
            .flat_map(|q| [q[0], q[2]])
            .collect();
        let lo = values.iter().copied().min().unwrap_or(0);
        let hi = values.iter().copied().max().unwrap_or(10);
        if hi / lo.max(1) > 100 {
            let a = 10f64.powf((lo.max(1) as f64).log10().floor());
            let b = 10f64.powf((hi.max(1) as f64).log10().ceil());
            return Scale::log(a, b, PX0, PX1);
        }
        let (mut lo, mut hi) = (lo as f64, hi as f64);
        if hi - lo < 10.0 {
            let pad = (10.0 - (hi - lo)) / 2.0;
            lo = (lo - pad).max(0.0);
            hi = lo + 10.0;
        }
        if lo * 10.0 <= hi * 3.0 {
            lo = 0.0;
        }
        let pad = (hi - lo) * 0.04;
        let step = scale::nice_step((hi - lo) / 8.0);
        let lo = if lo == 0.0 {
            0.0
        } else {
            ((lo - pad) / step).floor().max(0.0) * step
        };
        Scale::linear(lo, ((hi + pad) / step).ceil() * step, PX0, PX1)
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// "0.7", "0.65", "1".
fn trust_text(t: f64) -> String {
    let s = format!("{t:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn panels<'a>(case: &Case, event: &str, targets: &[Target], rows: &'a [Change]) -> Vec<Panel<'a>> {
    let of_event: Vec<&Change> = rows.iter().filter(|r| r.event == event).collect();
    let mut categories: Vec<&str> = Vec::new();
    for r in &of_event {
        if !categories.contains(&r.category.as_str()) {
            categories.push(&r.category);
        }
    }
    categories
        .into_iter()
        .map(|category| {
            let here: Vec<&Change> = of_event
                .iter()
                .copied()
                .filter(|r| r.category == category)
                .collect();
            let baseline = here.iter().find(|r| r.scenario == Scenario::Baseline);
            let target = targets
                .iter()
                .find(|t| t.event == event && t.category == category);
            let mut sources: Vec<&str> = Vec::new();
            for r in here.iter().filter(|r| r.scenario != Scenario::Baseline) {
                if !sources.contains(&r.source.as_str()) {
                    sources.push(&r.source);
                }
            }
            let mut lines: Vec<Line> = sources
                .into_iter()
                .map(|source| {
                    let q = CHANGES.map(|(sc, _)| {
                        here.iter()
                            .find(|r| r.source == source && r.scenario == sc)
                            .map(|r| r.q)
                    });
                    let trust = target
                        .and_then(|t| t.voices.iter().find(|v| v.source == source))
                        .map(|v| v.trust)
                        .or_else(|| case.source(source).map(|s| s.trust));
                    let mut detail = Vec::new();
                    if let Some(s) = case.source(source) {
                        detail.push(s.kind.as_str().to_string());
                    }
                    if let Some(t) = trust {
                        detail.push(format!("trust {}", trust_text(t)));
                    }
                    Line {
                        source,
                        detail: detail.join(" · "),
                        swing: swing(rows, event, category, source),
                        q,
                    }
                })
                .collect();
            // largest swing first; a source without which nothing is left
            // drives the estimate entirely
            lines.sort_by_key(|l| std::cmp::Reverse((l.q[0] == Some(None), l.swing)));
            let mut detail = category.to_string();
            if let Some(t) = target {
                detail = format!(
                    "{detail} · {} from {}",
                    plural(t.claim_count(), "claim"),
                    plural(t.voices.len(), "source")
                );
            }
            Panel {
                category,
                detail,
                base: baseline.and_then(|r| r.q),
                note: baseline.map(|r| r.note.as_str()).unwrap_or(""),
                lines,
            }
        })
        .collect()
}

const INTRO: [&str; 2] = [
    "Which source drives the estimate? Each row changes one source's trust, the others as run, and shows where the median goes.",
    "Longest bars first: the sources that move the median most. Thin whiskers: the 90 % range after the change.",
];

/// The tornado chart of one event, from `sensitivity::analyse`'s rows.
pub fn tornado_chart(
    case: &Case,
    event: &str,
    targets: &[Target],
    rows: &[Change],
    method: Method,
    tail: Tail,
    revision: &RevisionModel,
) -> Result<Vec<u8>, String> {
    let ev = case
        .event(event)
        .ok_or_else(|| format!("unknown event '{event}'"))?;
    let panels = panels(case, event, targets, rows);
    let revision_label = &revision.label;
    let settings_text = format!(
        "tollrange sensitivity · method {method} · revision {revision_label} · computed on the exact grid, no sampling"
    );
    let mut notes = vec![
        "Swing: how far the median moves between the source's changes and the run (— when nothing is left without the source).".to_string(),
        "Left out and trust 0 give the same estimate: a source without trust has no weight. Trust 1: its figures are taken as sure to hold the toll.".to_string(),
    ];
    let settings = Settings {
        method,
        samples: 0,
        seed: 0,
        tail,
        revision: revision.clone(),
        histograms: false,
    };
    let of_event: Vec<&Target> = targets.iter().filter(|t| t.event == event).collect();
    notes.extend(revision_line_for(&settings, &of_event));
    let open = targets
        .iter()
        .filter(|t| t.event == event)
        .flat_map(|t| &t.voices)
        .flat_map(|v| &v.readings)
        .any(|r| r.interval.is_open());
    if open {
        notes.push(tail_line(&settings));
    }

    const HEADER_H: f64 = 180.0;
    /// Title, facts and a line saying there is nothing to show.
    const EMPTY_H: f64 = 140.0;
    let footer_h = 44.0 + 24.0 * notes.len() as f64 + 16.0;
    let h = if panels.is_empty() {
        EMPTY_H + footer_h
    } else {
        HEADER_H + panels.iter().map(Panel::height).sum::<f64>() + footer_h
    }
    .round() as u32;
    let about = format!("{} ({event}) tornado: {settings_text}", ev.name);

    png(W as u32, h, &about, |c| {
        super::event_title(c, ev)?;
        let mut y = HEADER_H;
        if panels.is_empty() {
            y = EMPTY_H;
            c.text(
                "No claims for this event.",
                M,
                y - 40.0,
                STRONG,
                GREY,
                Align::Left,
            )?;
        } else {
            super::intro(c, &INTRO)?;
            legend(c, 154.0)?;
        }
        for p in &panels {
            panel(c, p, y)?;
            y += p.height();
        }
        super::footnote(c, y, &settings_text, &notes)
    })
}

/// Every tornado chart of a sensitivity run, one per event, as
/// `tornado-<event>.png`. Refuses a case where that name is also some
/// event's `<event>.png` from `run`.
pub fn tornado_charts(
    case: &Case,
    targets: &[Target],
    rows: &[Change],
    method: Method,
    tail: Tail,
    revision: &RevisionModel,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::with_capacity(case.events.len());
    for e in &case.events {
        let name = tornado_name(&e.id);
        if let Some(other) = case
            .events
            .iter()
            .find(|o| format!("{}.png", o.id).eq_ignore_ascii_case(&name))
        {
            return Err(format!(
                "event id '{}' would clash with {name}, the tornado chart of event '{}': rename one of them in events.csv",
                other.id, e.id
            ));
        }
        let bytes = tornado_chart(case, &e.id, targets, rows, method, tail, revision)
            .map_err(|m| format!("{name}: {m}"))?;
        out.push((name, bytes));
    }
    Ok(out)
}

/// The file name of an event's tornado chart.
pub fn tornado_name(event: &str) -> String {
    format!("tornado-{event}.png")
}

/// What the marks mean, on one line.
fn legend(c: &Canvas, y: f64) -> Result<(), String> {
    let mut x = M;
    c.rect(x, y - 7.0, x + 26.0, y + 7.0, TRUST1)?;
    c.dot(x + 26.0, y, 4.0, TRUST1)?;
    x += 38.0;
    x += c.text("trust set to 1", x, y, BODY, INK, Align::Left)? + 22.0;
    c.rect(x, y - 7.0, x + 26.0, y + 7.0, TRUST0)?;
    c.dot(x + 26.0, y, 4.0, TRUST0)?;
    x += 38.0;
    x += c.text("trust set to 0, or left out", x, y, BODY, INK, Align::Left)? + 22.0;
    c.rect(x, y - 10.0, x + 22.0, y + 10.0, BAND90)?;
    c.vline(x + 11.0, y - 10.0, y + 10.0, 2.0, INK)?;
    x += 30.0;
    x += c.text(
        "median and 90 % range, trust as set",
        x,
        y,
        BODY,
        INK,
        Align::Left,
    )? + 22.0;
    whisker(c, x, x + 34.0, y, RANGE1)?;
    x += 42.0;
    c.text("90 % range after the change", x, y, BODY, INK, Align::Left)?;
    Ok(())
}

/// A thin range line with end caps.
fn whisker(c: &Canvas, x0: f64, x1: f64, y: f64, col: RGBColor) -> Result<(), String> {
    c.hline(x0, x1, y, 2.0, col)?;
    c.vline(x0, y - 4.0, y + 4.0, 2.0, col)?;
    c.vline(x1, y - 4.0, y + 4.0, 2.0, col)
}

fn panel(c: &Canvas, p: &Panel, y0: f64) -> Result<(), String> {
    let sx = p.scale();
    // heading
    let w = c.text(
        &category_title(p.category),
        M,
        y0 + 14.0,
        HEADING,
        INK,
        Align::Left,
    )?;
    c.text(
        &c.fit(&format!("   {}", p.detail), BODY, W - 2.0 * M - w),
        M + w,
        y0 + 14.0,
        BODY,
        GREY,
        Align::Left,
    )?;
    c.hline(M, W - M, y0 + 30.0, 1.0, GRID)?;

    let top = y0 + ROWS_TOP;
    let bottom = top + ROW_H * p.lines.len().max(1) as f64;
    c.text("source", M + 12.0, top - 14.0, BODY, GREY, Align::Left)?;
    c.text("swing", W - M, top - 14.0, BODY, GREY, Align::Right)?;
    for i in (0..p.lines.len()).step_by(2) {
        let ry = top + ROW_H * i as f64;
        c.rect(M, ry, W - M, ry + ROW_H, ZEBRA)?;
    }
    if let Some(b) = p.base {
        c.rect(sx.px(b[0] as f64), top, sx.px(b[2] as f64), bottom, BAND90)?;
    }
    let ticks = fitting_ticks(&sx);
    for &tv in &ticks {
        let x = sx.px(tv);
        c.vline(x, top, bottom, 1.0, GRID)?;
        c.vline(x, bottom, bottom + 5.0, 1.0, GREY)?;
        c.text(
            &scale::tick_label(tv),
            x,
            bottom + 17.0,
            BODY,
            INK,
            Align::Center,
        )?;
    }
    c.hline(PX0, PX1, bottom, 1.0, INK)?;
    let after_ticks = ticks
        .last()
        .map(|&tv| sx.px(tv) + width(&scale::tick_label(tv), BODY) / 2.0 + 12.0)
        .unwrap_or(0.0);
    let unit = if sx.is_log() {
        "median deaths (log scale)"
    } else {
        "median deaths"
    };
    let ux = after_ticks.max(PX1 + 12.0);
    if ux + width(unit, STRONG) <= W - M {
        c.text(unit, ux, bottom + 17.0, STRONG, INK, Align::Left)?;
    } else {
        c.text(unit, PX1, bottom + 40.0, STRONG, INK, Align::Right)?;
    }

    // the median as run, labelled above the rows
    match p.base {
        Some(b) => {
            let mx = sx.px(b[1] as f64);
            c.vline(mx, top - 8.0, bottom, 2.0, INK)?;
            let label = format!(
                "trust as set (exact): median {}, 90 % range {}",
                count(b[1]),
                scale::range(b[0], b[2])
            );
            let lw = width(&label, STRONG);
            let lx = (mx - lw / 2.0).clamp(PX0 - 60.0, W - M - 110.0 - lw);
            c.rect(lx - 4.0, top - 26.0, lx + lw + 4.0, top - 10.0, WHITE)?;
            c.text(&label, lx, top - 18.0, STRONG, INK, Align::Left)?;
        }
        None => {
            let why = if p.note.is_empty() {
                "no estimate as run".to_string()
            } else {
                format!("no estimate as run: {}", p.note)
            };
            c.text(
                &c.fit(&why, BODY, PX1 - PX0),
                PX0,
                top - 18.0,
                BODY,
                GREY,
                Align::Left,
            )?;
        }
    }

    if p.lines.is_empty() {
        c.text(
            "No source to change.",
            PX0 + 12.0,
            top + ROW_H / 2.0,
            BODY,
            GREY,
            Align::Left,
        )?;
    }
    for (i, l) in p.lines.iter().enumerate() {
        line(c, l, p.base.map(|b| b[1]), &sx, top + ROW_H * i as f64)?;
    }
    Ok(())
}

/// A piece of a row's label.
#[derive(Clone)]
struct Piece {
    text: String,
    col: RGBColor,
}

const SEP: &str = "  ·  ";

fn pieces_width(ps: &[Piece]) -> f64 {
    let sep = width(SEP, BODY);
    ps.iter().map(|p| width(&p.text, BODY)).sum::<f64>() + sep * ps.len().saturating_sub(1) as f64
}

/// Draws pieces from `x` rightwards, within `max` pixels.
fn draw_pieces(c: &Canvas, ps: &[Piece], x: f64, y: f64, max: f64) -> Result<(), String> {
    let end = x + max;
    let mut x = x;
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            x += c.text(SEP, x, y, BODY, GREY, Align::Left)?;
        }
        let t = c.fit(&p.text, BODY, (end - x).max(0.0));
        x += c.text(&t, x, y, BODY, p.col, Align::Left)?;
    }
    Ok(())
}

/// One source: label, whiskers, bar, marks and values.
fn line(c: &Canvas, l: &Line, base: Option<u64>, sx: &Scale, y: f64) -> Result<(), String> {
    let cy = y + 17.0;
    let name_w = c.text(
        &c.fit(l.source, STRONG, LABEL_START - M - 28.0),
        M + 12.0,
        cy,
        STRONG,
        INK,
        Align::Left,
    )?;
    c.text(
        &c.fit(&l.detail, BODY, LABEL_START - M - 28.0),
        M + 12.0,
        y + 38.0,
        BODY,
        GREY,
        Align::Left,
    )?;
    let lost = l.q.contains(&Some(None));
    c.text(
        &if lost {
            "—".to_string()
        } else {
            count(l.swing)
        },
        W - M,
        cy,
        STRONG,
        INK,
        Align::Right,
    )?;

    // the changes, grouped by their median: "left out, trust 0 → 160"
    let colour = |i: usize| if i == 2 { TRUST1 } else { TRUST0 };
    let mut groups: Vec<(Option<u64>, Vec<usize>)> = Vec::new();
    for (i, q) in l.q.iter().enumerate() {
        let Some(q) = q else { continue };
        let m = q.map(|q| q[1]);
        match groups.iter_mut().find(|(g, _)| *g == m) {
            Some((_, members)) => members.push(i),
            None => groups.push((m, vec![i])),
        }
    }
    let names = |members: &[usize]| {
        members
            .iter()
            .map(|&i| CHANGES[i].1)
            .collect::<Vec<_>>()
            .join(", ")
    };

    // whiskers: trust 1, then trust 0 / left out (the one that has a range)
    let w1 = l.q[2].flatten();
    let w0 = l.q[1].flatten().or(l.q[0].flatten());
    for (k, (q, col)) in [(w1, RANGE1), (w0, RANGE0)].into_iter().enumerate() {
        if let Some(q) = q {
            let (a, b) = (sx.px(q[0] as f64), sx.px(q[2] as f64));
            let wy = y + 34.0 + 7.0 * k as f64;
            whisker(c, a, b.max(a + 1.0), wy, col)?;
        }
    }

    // the bar: from the median as run to each change's median
    let anchor = base.or_else(|| l.q.iter().flatten().flatten().map(|q| q[1]).min());
    let medians: Vec<(usize, u64)> =
        l.q.iter()
            .enumerate()
            .filter_map(|(i, q)| q.flatten().map(|q| (i, q[1])))
            .collect();
    if let Some(a) = anchor {
        let ax = sx.px(a as f64);
        // the longer segment first, so a shorter one on the same side shows
        let mut segs = medians.clone();
        segs.sort_by_key(|&(_, m)| std::cmp::Reverse(m.abs_diff(a)));
        for (i, m) in segs {
            let mx = sx.px(m as f64);
            if (mx - ax).abs() >= 0.5 {
                c.rect(ax, cy - 7.0, mx, cy + 7.0, colour(i))?;
            }
        }
    }
    // marks: trust 1 last, so it shows when they coincide
    for &(i, m) in &medians {
        c.dot(sx.px(m as f64), cy, 4.0, colour(i))?;
    }

    // labels: lower medians left of the bar, higher ones right of it,
    // unchanged and lost ones after those; each also in a short form
    let mut left: Vec<(u64, Piece, Piece)> = Vec::new();
    let mut right: Vec<(u64, Piece, Piece)> = Vec::new();
    let mut tail: Vec<(u64, Piece, Piece)> = Vec::new();
    for (m, members) in &groups {
        let col = if members.contains(&2) { TRUST1 } else { INK };
        let piece = |text: String, col| Piece { text, col };
        match (m, anchor) {
            (None, _) => tail.push((
                0,
                piece(format!("{}: no estimate without it", names(members)), GREY),
                piece("no estimate without it".into(), GREY),
            )),
            (Some(m), _) if base == Some(*m) => tail.push((
                0,
                piece(format!("{}: no change", names(members)), GREY),
                piece("no change".into(), GREY),
            )),
            (Some(m), Some(a)) if *m < a => left.push((
                *m,
                piece(format!("{} → {}", names(members), count(*m)), col),
                piece(count(*m), col),
            )),
            (Some(m), _) => right.push((
                *m,
                piece(format!("{} → {}", names(members), count(*m)), col),
                piece(count(*m), col),
            )),
        }
    }
    left.sort_by_key(|(m, _, _)| *m);
    right.sort_by_key(|(m, _, _)| *m);
    right.extend(tail);

    let xs: Vec<f64> = medians.iter().map(|&(_, m)| sx.px(m as f64)).collect();
    let ax = anchor.map(|a| sx.px(a as f64));
    let bar0 = xs.iter().copied().chain(ax).fold(f64::INFINITY, f64::min);
    let bar1 = xs
        .iter()
        .copied()
        .chain(ax)
        .fold(f64::NEG_INFINITY, f64::max);
    let (bar0, bar1) = if bar0.is_finite() {
        (bar0 - 10.0, bar1 + 10.0)
    } else {
        (PX0, PX0)
    };
    // left labels may run into the source column, up to the name
    let start = LABEL_START.min(M + 12.0 + name_w + 20.0);
    let room_left = bar0 - start;
    let room_right = LABEL_END - bar1;
    // the full labels split around the bar, or all on one side; then the
    // short ones the same way; at worst the short ones cut to fit
    for short in [false, true] {
        let pick = |v: &[(u64, Piece, Piece)]| -> Vec<Piece> {
            v.iter()
                .map(|(_, long, brief)| if short { brief } else { long })
                .cloned()
                .collect()
        };
        let (l, r) = (pick(&left), pick(&right));
        let all: Vec<Piece> = pick(&left).into_iter().chain(pick(&right)).collect();
        let (wl, wr, wa) = (pieces_width(&l), pieces_width(&r), pieces_width(&all));
        if (l.is_empty() || wl <= room_left) && wr <= room_right {
            if !l.is_empty() {
                draw_pieces(c, &l, bar0 - wl, cy, wl)?;
            }
            return draw_pieces(c, &r, bar1, cy, room_right);
        }
        if wa <= room_right {
            return draw_pieces(c, &all, bar1, cy, room_right);
        }
        if wa <= room_left {
            return draw_pieces(c, &all, bar0 - wa, cy, wa);
        }
        if short {
            return if room_right >= room_left {
                draw_pieces(c, &all, bar1, cy, room_right)
            } else {
                draw_pieces(c, &all, start, cy, room_left)
            };
        }
    }
    Ok(())
}
