//! `<event>.png`: per category, the histogram of the draws with the median
//! and the 50 % and 90 % ranges, and under it every claim as a bar over its
//! interval, on the same axis.

use super::draw::{
    Align, BAND50, BAND90, BODY, Canvas, DRAWS, GREY, GRID, HEADING, INK, RANGE50, STRONG, WHITE,
    ZEBRA, fade, kind_colour, png, width, wrap,
};
use super::scale::{self, Scale, bin_width, count, quantile};
use super::{
    Mark, category_title, find, fitting_ticks, marks, revision_line_for, settings_line, tail_line,
    weight_line,
};
use crate::case::{Case, SourceKind};
use crate::claim::{Interval, ReadClaim, Target};
use crate::engine::dist::Tail;
use crate::engine::{Estimate, Settings};

/// Outer margin.
use super::{M, W};
/// The plot's left and right edges: labels to the left, the reading and
/// weight columns to the right.
const PX0: f64 = 390.0;
const PX1: f64 = 996.0;
const HIST_H: f64 = 200.0;
const ROW_H: f64 = 30.0;
/// At most this many histogram bars.
const MAX_BINS: u64 = 80;

/// What part of the count axis a panel shows, and how the draws are binned.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct View {
    /// Bin edges: bar `i` holds the counts `edges[i]..edges[i + 1]`. The
    /// first edge is the first count shown, the last is one past the last.
    pub edges: Vec<u64>,
    /// A log axis (the values span more than two orders of magnitude).
    pub log: bool,
    /// Share of the draws at or beyond the last edge (not shown).
    pub beyond: f64,
}

/// A log axis beyond this ratio of the largest to the smallest count shown.
const LOG_RATIO: u64 = 100;

impl View {
    pub fn lo(&self) -> u64 {
        self.edges[0]
    }
    pub fn end(&self) -> u64 {
        *self.edges.last().expect("a view has edges")
    }
    /// The common width of the bins on a linear axis.
    pub fn bin(&self) -> Option<u64> {
        (!self.log).then(|| self.edges[1] - self.edges[0])
    }
    /// Whole number k spans k − 0.5 to k + 0.5 on the axis.
    fn scale(&self) -> Scale {
        let (a, b) = (self.lo() as f64 - 0.5, self.end() as f64 - 0.5);
        if self.log {
            Scale::log(a, b, PX0, PX1)
        } else {
            Scale::linear(a, b, PX0, PX1)
        }
    }
}

/// Chooses the axis of a panel: every claim's interval (open claims from
/// their lower bound) and the draws up to their 99th percentile, or all the
/// draws when the tail above that is short (up to 1.5 × the 99th). Bars are
/// round-numbered bins, at most 80. The axis is logarithmic, with bars
/// widening geometrically, when the top is more than 100 times the bulk's
/// low end (the smallest claim bound or the 1st percentile).
pub(super) fn view(hist: Option<(u64, &[u64])>, intervals: &[Interval], tail: Tail) -> View {
    let mut lo = intervals.iter().map(|i| i.low).min().unwrap_or(0);
    let mut hi = intervals
        .iter()
        .map(|i| i.high.unwrap_or(i.low))
        .max()
        .unwrap_or(0);
    let drawn = hist.filter(|(_, c)| c.iter().any(|&x| x > 0));
    // the bulk's low end decides between a linear and a log axis, so that
    // a few stray low draws do not turn the axis logarithmic
    let mut bulk_lo = lo;
    match drawn {
        Some((hlo, counts)) => {
            let first = counts.iter().position(|&c| c > 0).unwrap_or(0) as u64;
            let last = counts.iter().rposition(|&c| c > 0).unwrap_or(0) as u64;
            lo = lo.min(hlo + first);
            bulk_lo = bulk_lo.min(quantile(hlo, counts, 1.0));
            let q99 = quantile(hlo, counts, 99.0);
            hi = hi.max(q99);
            if hlo + last <= hi.saturating_add(hi / 2) {
                hi = hi.max(hlo + last);
            }
        }
        None => {
            // nothing drawn: show open claims up to their tail's end
            for i in intervals.iter().filter(|i| i.is_open()) {
                hi = hi.max(tail.end(i.low));
            }
        }
    }
    let log = hi / bulk_lo.max(1) > LOG_RATIO;
    let edges = if log {
        // from the power of ten below the smallest count (zeros join the
        // first bar), in steps of a constant ratio, on whole numbers
        let first = 10u64.pow(lo.max(1).ilog10());
        let end = hi + 1;
        let ratio = (end as f64 / first as f64).powf(1.0 / MAX_BINS as f64);
        let mut edges = vec![first];
        let mut e = first;
        while e < end {
            // the last bar may reach past the end, so that it is as wide
            // as its neighbours and its height compares with theirs
            e = ((e as f64 * ratio).ceil() as u64).max(e + 1);
            edges.push(e);
        }
        edges
    } else {
        // a narrow range gets some room; a range near zero starts at zero
        if hi - lo < 10 {
            let pad = (10 - (hi - lo)).div_ceil(2);
            lo = lo.saturating_sub(pad);
            hi = lo + 10;
        }
        if lo * 10 <= hi * 3 {
            lo = 0;
        }
        let bin = bin_width(hi - lo + 1, MAX_BINS);
        let (lo, end) = (lo / bin * bin, (hi / bin + 1) * bin);
        (0..=(end - lo) / bin).map(|k| lo + k * bin).collect()
    };
    let end = *edges.last().expect("at least one bin");
    let beyond = match drawn {
        Some((hlo, counts)) => {
            let n: u64 = counts.iter().sum();
            let skip = end.saturating_sub(hlo).min(counts.len() as u64) as usize;
            counts[skip..].iter().sum::<u64>() as f64 / n as f64
        }
        None => 0.0,
    };
    View { edges, log, beyond }
}

/// Where claim labels start and end.
const LABEL_X: f64 = M + 22.0;
const LABEL_END: f64 = PX0 - 14.0;

/// A claim's row: its label, wrapped to at most two lines.
struct Row<'a> {
    mark: Mark<'a>,
    source: String,
    lines: Vec<String>,
}

impl Row<'_> {
    fn of(mark: Mark<'_>) -> Row<'_> {
        let source = super::draw::fit(
            &format!("{}:", mark.source),
            STRONG,
            0.6 * (LABEL_END - LABEL_X),
        );
        let first = LABEL_END - LABEL_X - width(&source, STRONG) - 6.0;
        let lines = wrap(&mark.figure_text(), BODY, first, LABEL_END - LABEL_X, 2);
        Row {
            mark,
            source,
            lines,
        }
    }
    fn height(&self) -> f64 {
        if self.lines.len() > 1 {
            ROW_H + 20.0
        } else {
            ROW_H
        }
    }
}

struct Panel<'a> {
    target: &'a Target,
    estimate: Option<&'a Estimate>,
    rows: Vec<Row<'a>>,
    view: View,
}

impl Panel<'_> {
    fn rows_height(&self) -> f64 {
        self.rows.iter().map(Row::height).sum()
    }
    /// Heading, histogram, axis, claims header, claim rows, gap.
    fn height(&self) -> f64 {
        HIST_TOP + HIST_H + AXIS_H + CLAIMS_HEAD_H + self.rows_height() + 36.0
    }
}

/// Vertical layout of a panel, from its top.
const HIST_TOP: f64 = 64.0;
const AXIS_H: f64 = 34.0;
const CLAIMS_HEAD_H: f64 = 30.0;

const INTRO: [&str; 2] = [
    "How many died? Bars: how often each toll came up when tollrange drew from the claims below, weighted by trust in their source.",
    "The toll is as likely inside the 50 % range as outside it, and inside the 90 % range 9 times in 10, if claims and trust hold.",
];

/// The chart of one event: a panel per category with claims, in target order.
pub fn event_chart(
    case: &Case,
    event: &str,
    claims: &[ReadClaim],
    targets: &[Target],
    estimates: &[Estimate],
    settings: &Settings,
) -> Result<Vec<u8>, String> {
    let ev = case
        .event(event)
        .ok_or_else(|| format!("unknown event '{event}'"))?;
    let panels: Vec<Panel> = targets
        .iter()
        .filter(|t| t.event == event)
        .map(|t| {
            let marks = marks(case, claims, t);
            let estimate = find(estimates, &t.event, &t.category);
            let hist = estimate
                .and_then(|e| e.histogram.as_ref())
                .map(|(lo, c)| (*lo, c.as_slice()));
            let intervals: Vec<Interval> = marks.iter().map(|m| m.interval).collect();
            Panel {
                target: t,
                estimate,
                view: view(hist, &intervals, settings.tail),
                rows: marks.into_iter().map(Row::of).collect(),
            }
        })
        .collect();
    let mut kinds: Vec<SourceKind> = panels
        .iter()
        .flat_map(|p| p.rows.iter().map(|r| r.mark.kind))
        .collect();
    kinds.sort();
    kinds.dedup();
    let open = panels
        .iter()
        .flat_map(|p| &p.rows)
        .find(|r| r.mark.interval.is_open())
        .map(|r| r.mark.kind);

    const HEADER_H: f64 = 176.0;
    const FOOTER_H: f64 = 116.0;
    let body: f64 = panels.iter().map(Panel::height).sum::<f64>().max(60.0);
    let h = (HEADER_H + body + FOOTER_H).round() as u32;
    let about = format!("{} ({event}): {}", ev.name, settings_line(settings));

    png(W as u32, h, &about, |c| {
        // title, when and where, how to read
        super::event_title(c, ev)?;
        if !panels.is_empty() {
            super::intro(c, &INTRO)?;
            legend(c, &kinds, open, M, 152.0)?;
        }

        let mut y = HEADER_H;
        if panels.is_empty() {
            c.text(
                "No claims for this event.",
                M,
                y + 20.0,
                STRONG,
                GREY,
                Align::Left,
            )?;
            y += 60.0;
        }
        for p in &panels {
            panel(c, p, settings, y)?;
            y += p.height();
        }
        // footnote
        let mut notes = vec![weight_line(settings.method).to_string()];
        let targets: Vec<&crate::claim::Target> = panels.iter().map(|p| p.target).collect();
        notes.extend(revision_line_for(settings, &targets));
        if open.is_some() {
            notes.push(tail_line(settings));
        }
        super::footnote(c, y, &settings_line(settings), &notes)
    })
}

/// Source-kind swatches and the open-claim sample, on one line.
fn legend(
    c: &Canvas,
    kinds: &[SourceKind],
    open: Option<SourceKind>,
    x0: f64,
    y: f64,
) -> Result<(), String> {
    let mut x = x0;
    x += c.text("Sources:", x, y, STRONG, INK, Align::Left)? + 12.0;
    for &k in kinds {
        c.rect(x, y - 7.0, x + 22.0, y + 7.0, kind_colour(k))?;
        x += 28.0;
        x += c.text(k.as_str(), x, y, BODY, INK, Align::Left)? + 18.0;
    }
    let Some(sample) = open else {
        return Ok(());
    };
    x += 12.0;
    c.rect(x, y - 7.0, x + 8.0, y + 7.0, kind_colour(sample))?;
    c.fading_bar(
        x + 8.0,
        x + 70.0,
        y - 7.0,
        y + 7.0,
        kind_colour(sample),
        0.12,
    )?;
    x += 78.0;
    c.text(
        "open-ended claim (“at least N”), likeliest near N",
        x,
        y,
        BODY,
        INK,
        Align::Left,
    )?;
    Ok(())
}

fn panel(c: &Canvas, p: &Panel, s: &Settings, y0: f64) -> Result<(), String> {
    let v = &p.view;
    let sx = v.scale();
    let summary = p.estimate.and_then(|e| e.summary.as_ref());

    // heading
    let t = p.target;
    let mut x = M;
    x += c.text(
        &category_title(&t.category),
        x,
        y0 + 14.0,
        HEADING,
        INK,
        Align::Left,
    )?;
    let sources = t.voices.len();
    c.text(
        &format!(
            "   {} · {} claim{} from {} source{}",
            t.category,
            t.claim_count(),
            if t.claim_count() == 1 { "" } else { "s" },
            sources,
            if sources == 1 { "" } else { "s" }
        ),
        x,
        y0 + 14.0,
        BODY,
        GREY,
        Align::Left,
    )?;
    c.hline(M, W - M, y0 + 30.0, 1.0, GRID)?;

    let top = y0 + HIST_TOP;
    let bottom = top + HIST_H;
    let claims_top = bottom + AXIS_H + CLAIMS_HEAD_H;
    let claims_bottom = claims_top + p.rows_height();

    // zebra rows first, so gridlines and bars go over them
    let mut ry = claims_top;
    for (i, r) in p.rows.iter().enumerate() {
        if i % 2 == 0 {
            c.rect(M, ry, W - M, ry + r.height(), ZEBRA)?;
        }
        ry += r.height();
    }

    // ranges as bands behind the bars
    if let Some(sm) = summary {
        let band = |a: u64, b: u64, col| {
            c.rect(
                sx.px(a as f64 - 0.5),
                top,
                sx.px(b as f64 + 0.5),
                bottom,
                col,
            )
        };
        band(sm.p05(), sm.p95(), BAND90)?;
        band(sm.p25(), sm.p75(), BAND50)?;
    }

    // x gridlines and tick labels
    let ticks = fitting_ticks(&sx);
    for &tv in &ticks {
        let x = sx.px(tv);
        c.vline(x, top, bottom, 1.0, GRID)?;
        c.vline(x, claims_top, claims_bottom, 1.0, GRID)?;
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
    let after_ticks = ticks
        .last()
        .map(|&tv| sx.px(tv) + width(&scale::tick_label(tv), BODY) / 2.0 + 12.0)
        .unwrap_or(0.0);
    c.text(
        "deaths",
        after_ticks.max(PX1 + 14.0),
        bottom + 17.0,
        STRONG,
        INK,
        Align::Left,
    )?;
    // the histogram
    let hist = p
        .estimate
        .and_then(|e| e.histogram.as_ref())
        .filter(|(_, c)| c.iter().any(|&x| x > 0));
    match (hist, summary) {
        (Some((hlo, counts)), Some(sm)) => {
            let n: u64 = counts.iter().sum();
            let bins = binned(v, *hlo, counts);
            let bin_note = match v.bin() {
                Some(1) => None,
                Some(w) => Some(("bar width:".to_string(), format!("{} deaths", count(w)))),
                None => Some((
                    "log scale: a bar's".to_string(),
                    "area is its share".to_string(),
                )),
            };
            if let Some((a, b)) = bin_note {
                c.text(&a, PX1 + 14.0, bottom - 34.0, BODY, GREY, Align::Left)?;
                c.text(&b, PX1 + 14.0, bottom - 12.0, BODY, GREY, Align::Left)?;
            }
            let heights = bar_heights(v, &bins, n);
            let max_height = heights.iter().copied().fold(0.0, f64::max);
            let step = scale::nice_step(max_height / 4.0);
            let ytop = ((max_height / step).ceil() * step).max(step);
            let py = |pct: f64| bottom - pct / ytop * (HIST_H - 12.0);
            let mut k = 0.0;
            while k <= ytop + 1e-9 {
                let yy = py(k);
                c.hline(PX0, PX1, yy, 1.0, GRID)?;
                c.text(&pct_label(k), PX0 - 8.0, yy, BODY, GREY, Align::Right)?;
                k += step;
            }
            c.text(
                "% of draws",
                PX0 - 8.0,
                top - 16.0,
                BODY,
                GREY,
                Align::Right,
            )?;
            for (b, &k) in bins.iter().enumerate() {
                if k == 0 {
                    continue;
                }
                let (a, z) = (v.edges[b], v.edges[b + 1]);
                let (x0, x1) = (sx.px(a as f64 - 0.5), sx.px(z as f64 - 0.5));
                let gap = if x1 - x0 >= 5.0 { 1.0 } else { 0.0 };
                let yy = py(heights[b]).min(bottom - 1.0);
                c.rect(x0 + gap, yy, x1 - gap, bottom, DRAWS)?;
            }
            c.hline(PX0, PX1, bottom, 1.0, INK)?;
            // median across the histogram, labelled above it, and dashed
            // down through the claims
            let mx = sx.px(sm.p50() as f64);
            c.vline(mx, top - 8.0, bottom, 2.0, INK)?;
            c.dashed_vline(mx, claims_top - CLAIMS_HEAD_H / 2.0, claims_bottom, INK)?;
            let label = format!("median {}", count(sm.p50()));
            let lw = width(&label, STRONG);
            // centred over the line, or beside it near the plot's edges
            let lx = if mx - lw / 2.0 < PX0 + 40.0 {
                mx + 6.0
            } else if mx + lw / 2.0 > PX1 {
                mx - 6.0 - lw
            } else {
                mx - lw / 2.0
            };
            c.rect(lx - 4.0, top - 28.0, lx + lw + 4.0, top - 6.0, WHITE)?;
            c.text(&label, lx, top - 17.0, STRONG, INK, Align::Left)?;
            if v.beyond > 0.0 {
                let lines = [
                    "tail not shown:".to_string(),
                    format!("{} of draws", scale::percent(v.beyond)),
                    format!("above {}", count(v.end() - 1)),
                ];
                for (i, l) in lines.iter().enumerate() {
                    let ly = top + 12.0 + 22.0 * i as f64;
                    c.text(l, PX1 + 14.0, ly, BODY, GREY, Align::Left)?;
                }
                c.arrow(PX1 + 8.0, bottom - 8.0, 14.0, DRAWS)?;
            }
            summary_block(c, sm, top)?;
        }
        _ => {
            let why = p
                .estimate
                .map(|e| e.note.as_str())
                .filter(|n| !n.is_empty())
                .unwrap_or("nothing drawn");
            c.hline(PX0, PX1, bottom, 1.0, INK)?;
            c.text("No estimate", M, top + 14.0, STRONG, INK, Align::Left)?;
            c.text(
                &c.fit(why, BODY, PX1 - PX0 - 20.0),
                (PX0 + PX1) / 2.0,
                (top + bottom) / 2.0,
                BODY,
                GREY,
                Align::Center,
            )?;
        }
    }

    // the claims under the axis
    let hy = bottom + AXIS_H + CLAIMS_HEAD_H / 2.0;
    let head = if !s.revision.is_literal() {
        "Claims as reported, before revision"
    } else {
        "Claims: source, figure as reported"
    };
    c.text(head, M, hy, BODY, GREY, Align::Left)?;
    let read_x = PX1 + 104.0;
    c.text("read as", read_x, hy, BODY, GREY, Align::Right)?;
    let weight_head = match s.method {
        crate::engine::Method::Pool => "weight",
        crate::engine::Method::Fusion => "trust",
    };
    c.text(weight_head, W - M, hy, BODY, GREY, Align::Right)?;
    let mut ry = claims_top;
    for r in &p.rows {
        claim_row(c, r, &sx, s, ry, read_x)?;
        ry += r.height();
    }
    Ok(())
}

/// Draws per bar; on a log axis zeros join the first bar.
fn binned(v: &View, hlo: u64, counts: &[u64]) -> Vec<u64> {
    let mut bins = vec![0u64; v.edges.len() - 1];
    let mut b = 0;
    for (i, &k) in counts.iter().enumerate() {
        let value = (hlo + i as u64).max(v.lo());
        if k == 0 || value >= v.end() {
            continue;
        }
        while v.edges[b + 1] <= value {
            b += 1;
        }
        bins[b] += k;
    }
    bins
}

/// Bar heights in percent of the draws. On a log axis the bars at small
/// counts hold one whole number each and are wider than the rest, so each
/// height is scaled to the narrowest bar's width: areas, not heights, show
/// the shares (a plain share would make those wide bars look heavier).
fn bar_heights(v: &View, bins: &[u64], n: u64) -> Vec<f64> {
    let share = |k: u64| k as f64 / n.max(1) as f64 * 100.0;
    if !v.log {
        return bins.iter().map(|&k| share(k)).collect();
    }
    let widths: Vec<f64> = v
        .edges
        .windows(2)
        .map(|w| (w[1] as f64 - 0.5).ln() - (w[0] as f64 - 0.5).ln())
        .collect();
    let narrowest = widths.iter().copied().fold(f64::INFINITY, f64::min);
    bins.iter()
        .zip(&widths)
        .map(|(&k, w)| share(k) * narrowest / w)
        .collect()
}

/// One claim: label on the left, bar over its interval, reading and weight
/// on the right.
fn claim_row(
    c: &Canvas,
    r: &Row,
    sx: &Scale,
    s: &Settings,
    y: f64,
    read_x: f64,
) -> Result<(), String> {
    let m = &r.mark;
    let cy = y + r.height() / 2.0;
    let col = kind_colour(m.kind);
    let ly = if r.lines.len() > 1 { cy - 10.0 } else { cy };
    c.rect(M + 2.0, ly - 6.0, M + 14.0, ly + 6.0, col)?;
    let x = LABEL_X + c.text(&r.source, LABEL_X, ly, STRONG, INK, Align::Left)? + 6.0;
    for (i, line) in r.lines.iter().enumerate() {
        let lx = if i == 0 { x } else { LABEL_X };
        c.text(line, lx, ly + 20.0 * i as f64, BODY, INK, Align::Left)?;
    }

    let (y0, y1) = (cy - 7.0, cy + 7.0);
    let x0 = sx.px(m.interval.low as f64 - 0.5);
    match m.interval.high {
        Some(h) => {
            let mut x1 = sx.px(h as f64 + 0.5);
            let mut x0 = x0;
            if x1 - x0 < 6.0 {
                let mid = (x0 + x1) / 2.0;
                (x0, x1) = (mid - 3.0, mid + 3.0);
            }
            c.rect(x0, y0, x1, y1, col)?;
        }
        None => {
            let cap = s.tail.end(m.interval.low);
            let x1 = sx.px(cap as f64 + 0.5);
            let solid = (x0 + 6.0).min(x1);
            c.rect(x0, y0, solid, y1, col)?;
            // the fade runs over the whole tail, so a clipped tail stops
            // part-way through it
            let full = sx.px_unclamped(cap as f64 + 0.5);
            let end = 1.0 - 0.88 * ((x1 - solid) / (full - solid).max(1.0)).min(1.0);
            c.fading_bar(solid, x1, y0, y1, col, end)?;
            if full > x1 + 1.0 {
                c.arrow(PX1 + 10.0, cy, 12.0, fade(col, end))?;
            }
        }
    }
    c.text(&m.reading(), read_x, cy, BODY, INK, Align::Right)?;
    c.text(&m.weight(s.method), W - M, cy, BODY, INK, Align::Right)?;
    Ok(())
}

/// Median and ranges as words, left of the histogram; the swatches match
/// the bands.
fn summary_block(c: &Canvas, sm: &crate::summary::Summary, top: f64) -> Result<(), String> {
    let x = M;
    c.text(
        "tollrange estimate",
        x,
        top + 14.0,
        STRONG,
        INK,
        Align::Left,
    )?;
    let rows = [
        (None, "median", count(sm.p50())),
        (Some(BAND50), "50 % range", scale::range(sm.p25(), sm.p75())),
        (Some(BAND90), "90 % range", scale::range(sm.p05(), sm.p95())),
    ];
    for (i, (sw, name, val)) in rows.iter().enumerate() {
        let y = top + 48.0 + 28.0 * i as f64;
        match sw {
            Some(col) => {
                c.rect(x, y - 9.0, x + 18.0, y + 9.0, *col)?;
                c.frame(x, y - 9.0, x + 18.0, y + 9.0, RANGE50)?;
            }
            None => c.vline(x + 9.0, y - 9.0, y + 9.0, 2.0, INK)?,
        }
        c.text(name, x + 28.0, y, BODY, INK, Align::Left)?;
        c.text(val, x + 130.0, y, STRONG, INK, Align::Left)?;
    }
    Ok(())
}

/// "2.5 %", "10 %": as many decimals as the value needs, up to two.
fn pct_label(v: f64) -> String {
    let t = format!("{v:.2}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    format!("{t} %")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(low: u64) -> Interval {
        Interval { low, high: None }
    }
    fn closed(low: u64, high: u64) -> Interval {
        Interval {
            low,
            high: Some(high),
        }
    }

    #[test]
    fn percent_labels_keep_needed_decimals() {
        assert_eq!(pct_label(0.0), "0 %");
        assert_eq!(pct_label(2.5), "2.5 %");
        assert_eq!(pct_label(7.5), "7.5 %");
        assert_eq!(pct_label(20.0), "20 %");
        assert_eq!(pct_label(0.25), "0.25 %");
    }

    #[test]
    fn narrow_ranges_get_room_and_start_at_zero() {
        let v = view(Some((46, &[100])), &[closed(46, 46)], Tail::default());
        assert!(!v.log);
        assert!(v.lo() <= 41 && v.end() > 51, "{v:?}");
        let v = view(Some((2, &[5, 3, 2])), &[open(2)], Tail::default());
        assert_eq!(v.lo(), 0);
        assert_eq!(v.bin(), Some(1));
    }

    #[test]
    fn wide_ranges_have_at_most_80_bins() {
        // [1, 1 000 000] uniform: a log axis over six decades
        let counts = vec![1u64; 1_000_000];
        let v = view(Some((1, &counts)), &[closed(1, 1_000_000)], Tail::default());
        assert!(v.log);
        assert!(v.edges.len() - 1 <= 80, "{} bins", v.edges.len() - 1);
        assert!(v.edges.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(v.beyond, 0.0);
        // [2000, 9999]: linear, bins of 200 from 0
        let counts = vec![1u64; 8000];
        let v = view(
            Some((2000, &counts)),
            &[closed(2000, 9999)],
            Tail::default(),
        );
        assert_eq!((v.log, v.lo(), v.bin()), (false, 0, Some(200)));
        assert!((v.end() - v.lo()) / 200 <= 80);
    }

    #[test]
    fn a_long_tail_is_clipped_and_reported() {
        // 99 % of the draws at 10, 1 % spread up to 10 000
        let mut counts = vec![0u64; 10_000];
        counts[0] = 9_900;
        for c in counts.iter_mut().skip(1).step_by(100) {
            *c = 1;
        }
        let v = view(Some((10, &counts)), &[closed(10, 10)], Tail::default());
        assert!(v.end() < 10_000);
        assert!(v.beyond > 0.0 && v.beyond <= 0.01, "{}", v.beyond);
        let n: u64 = counts.iter().sum();
        let shown: u64 = binned(&v, 10, &counts).iter().sum();
        assert_eq!(shown as f64 / n as f64 + v.beyond, 1.0);
    }

    #[test]
    fn log_bars_show_shares_by_area() {
        let v = View {
            edges: vec![1, 2, 4, 8],
            log: true,
            beyond: 0.0,
        };
        // equal shares in bars of log-width ln 3, ln 7/3, ln 15/7
        let h = bar_heights(&v, &[10, 10, 10], 30);
        assert!(h[0] < h[1] && h[1] < h[2], "{h:?}");
        assert!(
            (h[2] - 100.0 / 3.0).abs() < 1e-9,
            "the narrowest keeps its share"
        );
        let lin = View { log: false, ..v };
        assert_eq!(bar_heights(&lin, &[1, 3], 4), vec![25.0, 75.0]);
    }

    #[test]
    fn a_few_low_draws_keep_the_axis_linear() {
        // 1 % of the draws at 1, the rest spread over 20..=299
        let mut counts = vec![0u64; 300];
        counts[0] = 280;
        for c in counts.iter_mut().skip(20) {
            *c = 100;
        }
        let v = view(Some((1, &counts)), &[closed(20, 99)], Tail::default());
        assert!(!v.log, "{v:?}");
        assert_eq!(v.lo(), 0, "the stray draws are still shown");
        assert_eq!(v.beyond, 0.0);
    }

    #[test]
    fn zeros_join_the_first_bar_on_a_log_axis() {
        let mut counts = vec![0u64; 5001];
        counts[0] = 7;
        counts[5000] = 3;
        let v = view(
            Some((0, &counts)),
            &[closed(0, 0), closed(5000, 5000)],
            Tail::default(),
        );
        assert!(v.log);
        let b = binned(&v, 0, &counts);
        assert_eq!(b[0], 7);
        assert_eq!(b.iter().sum::<u64>(), 10);
    }
}
