//! `calibration.png`: are the ranges honest? A reliability chart (for each
//! central range, 10 % to 90 %, the share of past incidents whose later
//! toll fell inside it) for the chosen revision setting and for `none`,
//! the two settings side by side in figures, and per incident both 90 %
//! ranges with the later toll.

use super::draw::{
    Align, BODY, Canvas, DRAWS, GREY, GRID, HEADING, INK, STRONG, ZEBRA, fade, png, width, wrap,
};
use super::scale::{self, Scale, count};
use super::{fitting_ticks, revision_line};
use crate::calibrate::fit::{LeaveOneOut, summarise};
use crate::calibrate::{Setting, required_coverage};
use crate::case::Case;
use crate::engine::dist::Tail;
use crate::engine::revision::{ReadingType, RevisionModel, Spread, VOICES};
use crate::engine::{Method, Settings};
use plotters::style::RGBColor;

use super::{M, W};

/// The chosen setting (blue-grey, as the estimates elsewhere) and `none`.
const CHOSEN: RGBColor = DRAWS;
const NONE: RGBColor = RGBColor(213, 94, 0);

/// The reliability plot: nominal level across, coverage up.
const RX0: f64 = 110.0;
const RX1: f64 = 520.0;
const RY0: f64 = 222.0;
const RY1: f64 = 592.0;
/// The figures beside it.
const TX: f64 = 624.0;

/// The incidents' panel: names, plot, then three columns.
const PX0: f64 = 350.0;
const PX1: f64 = 890.0;
const COLS: [f64; 3] = [1000.0, 1090.0, W - M];
const ROW_H: f64 = 42.0;
const INCIDENTS_TOP: f64 = RY1 + 92.0;
/// Heading, column heads and ticks above the rows.
const ROWS_TOP: f64 = 76.0;

/// A setting as drawn: its scores and how it is named.
struct Series<'a> {
    setting: &'a Setting,
    name: String,
    /// The legend's second line.
    detail: &'static str,
    col: RGBColor,
}

impl Series<'_> {
    /// Share of the incidents inside each central range, 10 % to 90 %.
    fn coverage(&self) -> Option<[f64; 9]> {
        let n = self.setting.scores.len();
        (n > 0).then(|| {
            std::array::from_fn(|i| {
                let k = self.setting.scores.iter().filter(|s| s.central[i]).count();
                k as f64 / n as f64
            })
        })
    }
}

/// The reliability chart of `calibrate`: `settings` as scored, `chosen`
/// the index of the chosen one (compared with the `none` setting, when
/// there is one).
pub fn calibration_chart(
    case: &Case,
    settings: &[Setting],
    chosen: usize,
    method: Method,
) -> Result<Vec<u8>, String> {
    let best = settings
        .get(chosen)
        .ok_or_else(|| format!("no setting {chosen} among {} scored", settings.len()))?;
    let mut series = vec![Series {
        setting: best,
        name: if best.revision.is_literal() {
            "none: claims as read".to_string()
        } else {
            format!("revision {}", best.label())
        },
        detail: if best.revision.is_literal() {
            "no revision"
        } else {
            "early figures revised"
        },
        col: CHOSEN,
    }];
    if let Some(none) = settings
        .iter()
        .enumerate()
        .find(|(i, s)| *i != chosen && s.revision.is_literal())
        .map(|(_, s)| s)
    {
        series.push(Series {
            setting: none,
            name: "none: claims as read".to_string(),
            detail: "no revision",
            col: NONE,
        });
    }
    let n = best.scores.len();
    let floors = best.scores.iter().filter(|s| s.floor).count();
    let need = required_coverage(n);

    let mut notes = vec![
        format!(
            "{} incident{}, {floors} of them floor{} (the later toll is a minimum, marked ≥): a floor counts as covered when the range reaches it.",
            n,
            if n == 1 { "" } else { "s" },
            if floors == 1 { "" } else { "s" },
        ),
        "Central ranges: the 10 % range runs from the 45th to the 55th percentile of the estimate, …, the 90 % range from the 5th to the 95th.".to_string(),
        format!(
            "Scored leave-one-incident-out (each incident under the model fitted on the others); a 90 % range should hold at least {need} of the {n}."
        ),
    ];
    // a per-voice model's factors are a table of their own (revision.png)
    notes.extend(
        revision_line(&Settings {
            method,
            samples: 0,
            seed: 0,
            tail: Tail::default(),
            revision: best.revision.clone(),
            histograms: false,
        })
        .map(|line| {
            if width(&line, BODY) <= W - 2.0 * M {
                line
            } else {
                "Revised by voice: each voice's factor is in revision.png and revision.csv, written beside this chart.".to_string()
            }
        }),
    );
    let settings_text = format!(
        "tollrange calibrate · method {method} · {} setting{} tried · computed on the exact grid, no sampling",
        settings.len(),
        if settings.len() == 1 { "" } else { "s" }
    );

    let footer_h = 44.0 + 24.0 * notes.len() as f64 + 16.0;
    let incidents_h = ROWS_TOP + ROW_H * n.max(1) as f64 + 40.0;
    let h = (INCIDENTS_TOP + incidents_h + footer_h).round() as u32;
    let about = format!(
        "{} calibration: method {method}, chosen {}, {n} incidents",
        case.name,
        best.label()
    );

    png(W as u32, h, &about, |c| {
        super::heading(
            c,
            "How honest are the ranges?",
            &format!(
                "case “{}” · {n} past incident{} whose toll was established later · method {method}",
                case.name,
                if n == 1 { "" } else { "s" }
            ),
        )?;
        for (i, line) in INTRO.iter().enumerate() {
            c.text(
                &c.fit(line, BODY, W - 2.0 * M),
                M,
                98.0 + 22.0 * i as f64,
                BODY,
                INK,
                Align::Left,
            )?;
        }
        legend(c, &series, 156.0)?;
        reliability(c, &series, n)?;
        figures(c, &series, n)?;
        let y = incidents(c, case, &series, INCIDENTS_TOP)?;

        super::footnote(c, y, &settings_text, &notes)
    })
}

const INTRO: [&str; 2] = [
    "A range that promises to hold the toll 9 times in 10 should hold the later toll of 9 incidents in 10, and so on for each level.",
    "On the diagonal: honest ranges. Below it: ranges too narrow, too sure of themselves. Above it: wider than they need to be.",
];

/// A series' marker: a dot for the chosen setting, a square for `none`.
fn marker(c: &Canvas, k: usize, x: f64, y: f64, col: RGBColor) -> Result<(), String> {
    if k == 0 {
        c.dot(x, y, 5.0, col)
    } else {
        // larger than the dot, so its corners show under one
        c.rect(x - 7.5, y - 7.5, x + 7.5, y + 7.5, super::draw::WHITE)?;
        c.rect(x - 6.0, y - 6.0, x + 6.0, y + 6.0, col)
    }
}

/// A straight line of `w` pixels from (x0, y0) to (x1, y1), drawn as
/// small squares a pixel apart; `dash` (on, off) in pixels along it.
fn segment(
    c: &Canvas,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    w: f64,
    col: RGBColor,
    dash: Option<(f64, f64)>,
) -> Result<(), String> {
    let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
    let steps = len.ceil().max(1.0) as usize;
    for i in 0..=steps {
        let d = len * i as f64 / steps as f64;
        if let Some((on, off)) = dash
            && d % (on + off) >= on
        {
            continue;
        }
        let t = i as f64 / steps as f64;
        let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
        c.rect(x - w / 2.0, y - w / 2.0, x + w / 2.0, y + w / 2.0, col)?;
    }
    Ok(())
}

fn legend(c: &Canvas, series: &[Series], y: f64) -> Result<(), String> {
    let mut x = M;
    for (k, s) in series.iter().enumerate() {
        segment(c, (x, y), (x + 36.0, y), 2.5, s.col, None)?;
        marker(c, k, x + 18.0, y, s.col)?;
        x += 46.0;
        x += c.text(&s.name, x, y, STRONG, INK, Align::Left)? + 28.0;
    }
    segment(
        c,
        (x, y + 8.0),
        (x + 30.0, y - 8.0),
        1.5,
        GREY,
        Some((5.0, 4.0)),
    )?;
    x += 40.0;
    c.text(
        "honest: holds the toll as often as it promises",
        x,
        y,
        BODY,
        INK,
        Align::Left,
    )?;
    Ok(())
}

/// The reliability plot.
fn reliability(c: &Canvas, series: &[Series], n: usize) -> Result<(), String> {
    let px = |level: f64| RX0 + level * (RX1 - RX0);
    let py = |share: f64| RY1 - share * (RY1 - RY0);
    c.text(
        "share of incidents whose later toll fell inside the range",
        M,
        RY0 - 24.0,
        STRONG,
        INK,
        Align::Left,
    )?;
    for k in 0..=10 {
        let v = k as f64 / 10.0;
        c.vline(px(v), RY0, RY1, 1.0, GRID)?;
        c.hline(RX0, RX1, py(v), 1.0, GRID)?;
        if k % 2 == 0 {
            c.text(
                &format!("{} %", k * 10),
                RX0 - 10.0,
                py(v),
                BODY,
                INK,
                Align::Right,
            )?;
        }
        if (1..=9).contains(&k) {
            c.vline(px(v), RY1, RY1 + 5.0, 1.0, GREY)?;
            c.text(
                &format!("{}", k * 10),
                px(v),
                RY1 + 17.0,
                BODY,
                INK,
                Align::Center,
            )?;
        }
    }
    c.text(
        "central range of the estimate, % (what it promises)",
        (RX0 + RX1) / 2.0,
        RY1 + 42.0,
        STRONG,
        INK,
        Align::Center,
    )?;
    c.frame(RX0, RY0, RX1, RY1, GREY)?;
    c.text(
        "wider than needed",
        px(0.04),
        py(0.93),
        BODY,
        GREY,
        Align::Left,
    )?;
    c.text("too narrow", px(0.96), py(0.05), BODY, GREY, Align::Right)?;
    segment(
        c,
        (px(0.0), py(0.0)),
        (px(1.0), py(1.0)),
        1.5,
        GREY,
        Some((5.0, 4.0)),
    )?;
    if n == 0 {
        c.text(
            "No incidents to score.",
            (RX0 + RX1) / 2.0,
            (RY0 + RY1) / 2.0,
            STRONG,
            GREY,
            Align::Center,
        )?;
        return Ok(());
    }
    // `none` first, so the chosen setting is on top
    let mut ends: Vec<(f64, String, RGBColor)> = Vec::new();
    for (k, s) in series.iter().enumerate().rev() {
        let Some(cov) = s.coverage() else { continue };
        let pts: Vec<(f64, f64)> = cov
            .iter()
            .enumerate()
            .map(|(i, &v)| (px((i + 1) as f64 / 10.0), py(v)))
            .collect();
        for w in pts.windows(2) {
            segment(c, w[0], w[1], 2.5, s.col, None)?;
        }
        for &(x, y) in &pts {
            marker(c, k, x, y, s.col)?;
        }
        let k90 = s.setting.scores.iter().filter(|x| x.central[8]).count();
        ends.push((pts[8].1, format!("{k90} of {n}"), s.col));
    }
    // the 90 % counts right of the plot, level with the last points and
    // kept apart, above the axis' labels
    ends.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut next = RY1 - 8.0;
    let mut ys: Vec<f64> = Vec::new();
    for (y, _, _) in &ends {
        let y = y.min(next);
        ys.push(y);
        next = y - 18.0;
    }
    for ((_, text, col), y) in ends.iter().zip(ys) {
        c.text(text, RX1 + 10.0, y.max(RY0), STRONG, *col, Align::Left)?;
    }
    Ok(())
}

/// The two settings in figures, beside the plot.
fn figures(c: &Canvas, series: &[Series], n: usize) -> Result<(), String> {
    let cols = [TX + 330.0, W - M];
    let mut y = RY0 + 4.0;
    c.text(
        &format!("On the {n} incident{}", if n == 1 { "" } else { "s" }),
        TX,
        y,
        HEADING,
        INK,
        Align::Left,
    )?;
    y += 40.0;
    for (s, x) in series.iter().zip(cols) {
        let name = s.name.replace(" (chosen)", "");
        let (first, second) = match name.split_once(": ") {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (
                name.clone(),
                if s.name.ends_with("(chosen)") {
                    "chosen".into()
                } else {
                    s.detail.into()
                },
            ),
        };
        let first = c.fit(&first, STRONG, 150.0);
        let w = width(&first, STRONG);
        c.rect(x - w - 24.0, y - 6.0, x - w - 12.0, y + 6.0, s.col)?;
        c.text(&first, x, y, STRONG, INK, Align::Right)?;
        c.text(&second, x, y + 20.0, BODY, GREY, Align::Right)?;
    }
    y += 40.0;
    c.hline(TX, W - M, y, 1.0, GREY)?;
    type Figure = fn(&Setting, usize) -> String;
    let rows: [(&str, Figure); 4] = [
        ("inside the 50 % range", |s, n| {
            format!("{} of {n}", s.covered50())
        }),
        ("inside the 90 % range", |s, n| {
            format!("{} of {n}", s.covered90())
        }),
        ("median off the later toll by", |s, n| {
            if n == 0 {
                "–".into()
            } else {
                let r = s.median_abs_log_error().exp();
                if r < 10.0 {
                    format!("×{r:.2}")
                } else {
                    format!("×{}", count(r.round() as u64))
                }
            }
        }),
        ("mean CRPS, log scale", |s, n| {
            if n == 0 {
                "–".into()
            } else {
                format!("{:.3}", s.mean_crps())
            }
        }),
    ];
    for (i, (label, f)) in rows.iter().enumerate() {
        let ry = y + 22.0 + 30.0 * i as f64;
        if i % 2 == 0 {
            c.rect(TX, ry - 15.0, W - M, ry + 15.0, ZEBRA)?;
        }
        c.text(label, TX + 8.0, ry, BODY, INK, Align::Left)?;
        for (s, x) in series.iter().zip(cols) {
            c.text(&f(s.setting, n), x, ry, STRONG, INK, Align::Right)?;
        }
    }
    y += 22.0 + 30.0 * rows.len() as f64;
    let text = "The median's error is the typical (median) ratio between the estimate's median and the later toll. CRPS scores the whole distribution against the later toll, by ratio: lower is better.";
    for (i, line) in wrap(text, BODY, W - M - TX, W - M - TX, 4)
        .iter()
        .enumerate()
    {
        c.text(line, TX, y + 22.0 * i as f64, BODY, GREY, Align::Left)?;
    }
    Ok(())
}

/// Per incident: each series' 90 % range and median, and the later toll.
/// Returns the panel's bottom.
fn incidents(c: &Canvas, case: &Case, series: &[Series], y0: f64) -> Result<f64, String> {
    let best = series[0].setting;
    let sx = axis(series);
    c.text(
        "Each incident: the 90 % ranges and the toll established later",
        M,
        y0 + 14.0,
        HEADING,
        INK,
        Align::Left,
    )?;
    c.hline(M, W - M, y0 + 30.0, 1.0, GRID)?;
    let top = y0 + ROWS_TOP;
    let n = best.scores.len();
    let bottom = top + ROW_H * n.max(1) as f64;
    let heads = ["later toll", "chosen", "none"];
    for (k, (x, head)) in COLS.iter().zip(heads).enumerate() {
        if k < 1 + series.len() {
            c.text(head, *x, top - 14.0, BODY, GREY, Align::Right)?;
        }
    }
    let unit = if sx.is_log() {
        "deaths (log scale)"
    } else {
        "deaths"
    };
    c.text(unit, M + 12.0, top - 14.0, BODY, GREY, Align::Left)?;
    for i in (0..n).step_by(2) {
        let ry = top + ROW_H * i as f64;
        c.rect(M, ry, W - M, ry + ROW_H, ZEBRA)?;
    }
    let ticks = fitting_ticks(&sx);
    for &tv in &ticks {
        let x = sx.px(tv);
        c.vline(x, top, bottom, 1.0, GRID)?;
        c.vline(x, bottom, bottom + 5.0, 1.0, GREY)?;
        // above the rows, only where the column heads leave room
        let label = scale::tick_label(tv);
        if x + width(&label, BODY) / 2.0 < COLS[0] - width(heads[0], BODY) - 12.0 {
            c.text(&label, x, top - 14.0, BODY, INK, Align::Center)?;
        }
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
    if n == 0 {
        c.text(
            "No incidents.",
            PX0 + 12.0,
            top + ROW_H / 2.0,
            BODY,
            GREY,
            Align::Left,
        )?;
    }
    for (i, s) in best.scores.iter().enumerate() {
        let y = top + ROW_H * i as f64;
        let (name, detail) = match case.event(&s.event) {
            Some(e) => {
                let mut d = vec![e.date.as_str(), e.place.as_str()];
                d.retain(|x| !x.is_empty());
                (e.name.as_str(), d.join(" · "))
            }
            None => (s.event.as_str(), String::new()),
        };
        c.text(
            &c.fit(name, STRONG, PX0 - M - 36.0),
            M + 12.0,
            y + 13.0,
            STRONG,
            INK,
            Align::Left,
        )?;
        c.text(
            &c.fit(&detail, BODY, PX0 - M - 36.0),
            M + 12.0,
            y + 31.0,
            BODY,
            GREY,
            Align::Left,
        )?;
        for (k, se) in series.iter().enumerate() {
            let Some(sc) = se.setting.scores.iter().find(|x| x.event == s.event) else {
                continue;
            };
            let ly = y + 13.0 + 16.0 * k as f64;
            let (a, b) = (sx.px(sc.q[0] as f64), sx.px(sc.q[4] as f64));
            let (a, b) = if b - a < 4.0 {
                ((a + b) / 2.0 - 2.0, (a + b) / 2.0 + 2.0)
            } else {
                (a, b)
            };
            c.rect(a, ly - 4.0, b, ly + 4.0, fade(se.col, 0.45))?;
            c.dot(sx.px(sc.q[2] as f64), ly, 3.5, se.col)?;
            let (text, font, col) = if sc.in90 {
                ("in", BODY, GREY)
            } else {
                ("out", STRONG, se.col)
            };
            c.text(text, COLS[1 + k], y + 21.0, font, col, Align::Right)?;
        }
        // the later toll across both lanes; a floor points on
        let tx = sx.px(s.final_toll as f64);
        c.vline(tx, y + 4.0, y + ROW_H - 4.0, 2.0, INK)?;
        if s.floor {
            c.arrow(tx + 11.0, y + ROW_H / 2.0, 10.0, INK)?;
        }
        let toll = if s.floor {
            format!("≥ {}", count(s.final_toll))
        } else {
            count(s.final_toll)
        };
        c.text(&toll, COLS[0], y + 21.0, STRONG, INK, Align::Right)?;
    }
    // what the marks are, under the axis
    let ly = bottom + 44.0;
    let mut x = PX0;
    c.vline(x + 4.0, ly - 9.0, ly + 9.0, 2.0, INK)?;
    x += 14.0;
    x += c.text("later toll", x, ly, BODY, INK, Align::Left)? + 20.0;
    if best.scores.iter().any(|s| s.floor) {
        c.vline(x + 4.0, ly - 9.0, ly + 9.0, 2.0, INK)?;
        c.arrow(x + 15.0, ly, 10.0, INK)?;
        x += 24.0;
        x += c.text("a floor: at least this", x, ly, BODY, INK, Align::Left)? + 20.0;
    }
    c.rect(x, ly - 4.0, x + 34.0, ly + 4.0, fade(CHOSEN, 0.45))?;
    c.dot(x + 17.0, ly, 3.5, CHOSEN)?;
    x += 42.0;
    c.text(
        "90 % range and median, per setting",
        x,
        ly,
        BODY,
        INK,
        Align::Left,
    )?;
    Ok(bottom + 70.0)
}

/// The incidents' axis: every 90 % range and later toll, log when they
/// span more than two orders of magnitude.
fn axis(series: &[Series]) -> Scale {
    let values: Vec<u64> = series
        .iter()
        .flat_map(|s| &s.setting.scores)
        .flat_map(|s| [s.q[0], s.q[4], s.final_toll])
        .collect();
    let lo = values.iter().copied().min().unwrap_or(0);
    let hi = values.iter().copied().max().unwrap_or(10).max(1);
    if hi / lo.max(1) > 100 {
        let a = 10f64.powf((lo.max(1) as f64).log10().floor());
        let b = 10f64.powf((hi as f64).log10().ceil());
        Scale::log(a, b, PX0, PX1)
    } else {
        let step = scale::nice_step(hi as f64 / 6.0).max(1.0);
        Scale::linear(0.0, (hi as f64 * 1.04 / step).ceil() * step, PX0, PX1)
    }
}

/// `revision.png`: each voice's revision factor with its spread — the
/// median factor (dot) and the 90 % range of the factor (bar), closed
/// readings above open ones — and how many incidents it was learnt from.
pub fn revision_chart(model: &RevisionModel, loo: &LeaveOneOut) -> Result<Vec<u8>, String> {
    const LX: f64 = 330.0;
    const RX: f64 = 1000.0;
    const TOP: f64 = 150.0;
    const ROW: f64 = 30.0;
    let axis = Scale::log(0.1, 20.0, LX, RX);
    let mut rows: Vec<(String, ReadingType, Spread, String)> = Vec::new();
    for voice in VOICES.iter().chain(std::iter::once(&"all")) {
        for reading in [ReadingType::Closed, ReadingType::Open] {
            if let Some(r) = model.rule(voice, reading) {
                let basis = if r.fitted_on == "fixed" {
                    "fixed".to_string()
                } else if r.incidents == 0 {
                    "pooled fit".to_string()
                } else {
                    format!("{} incidents", r.incidents)
                };
                rows.push((voice.to_string(), reading, r.spread, basis));
            }
        }
    }
    let n = loo.pooled.len();
    let s = summarise(&loo.pooled);
    let notes = vec![
        format!(
            "Leave-one-incident-out on {n} incidents: the 90 % range held the later toll in {} of {n}, the 50 % range in {};",
            s.in90, s.in50,
        ),
        format!(
            "median error ×{:.2}; mean interval score of the 90 % range {:.2} (on ln(1 + toll)).",
            s.median_abs_log_error.exp(),
            s.mean_interval_score
        ),
        "Dot: the median factor (×1 = the figure as stated). Bar: 90 % of factors. A voice never heard keeps the pooled fit ('all').".to_string(),
        "'enemy' (a party's count of its enemy's dead, or a total that includes them) and 'dataset' are set, not learnt.".to_string(),
    ];
    let h = (TOP + ROW * rows.len() as f64 + 60.0 + 44.0 + 24.0 * notes.len() as f64 + 16.0).round()
        as u32;
    png(W as u32, h, "revision factor per voice", |c| {
        super::heading(
            c,
            "How figures move later, by who gave them",
            &format!(
                "revision factor per voice, fitted by tollrange calibrate on {}",
                model_basis(model)
            ),
        )?;
        let bottom = TOP + ROW * rows.len() as f64;
        for t in [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0] {
            let x = axis.px(t);
            c.vline(
                x,
                TOP - 10.0,
                bottom,
                if t == 1.0 { 2.0 } else { 1.0 },
                if t == 1.0 { GREY } else { GRID },
            )?;
            c.text(
                &if t < 1.0 {
                    format!("×{t}")
                } else {
                    format!("×{t:.0}")
                },
                x,
                bottom + 18.0,
                BODY,
                GREY,
                Align::Center,
            )?;
        }
        c.text("voice", M, TOP - 24.0, HEADING, INK, Align::Left)?;
        c.text("reading", M + 140.0, TOP - 24.0, HEADING, INK, Align::Left)?;
        c.text(
            "learnt from",
            RX + 30.0,
            TOP - 24.0,
            HEADING,
            INK,
            Align::Left,
        )?;
        for (i, (voice, reading, spread, basis)) in rows.iter().enumerate() {
            let y = TOP + ROW * i as f64 + ROW / 2.0;
            if i % 4 < 2 {
                c.rect(M - 6.0, y - ROW / 2.0, W - M + 6.0, y + ROW / 2.0, ZEBRA)?;
            }
            if *reading == ReadingType::Closed {
                c.text(voice, M, y, STRONG, INK, Align::Left)?;
            }
            c.text(reading.as_str(), M + 140.0, y, BODY, INK, Align::Left)?;
            c.text(basis, RX + 30.0, y, BODY, GREY, Align::Left)?;
            match spread {
                Spread::Factor(r) => {
                    let z = 1.645 * r.sigma;
                    let (a, b) = (axis.px((r.mu - z).exp()), axis.px((r.mu + z).exp()));
                    c.rect(a, y - 5.0, b, y + 5.0, fade(DRAWS, 0.35))?;
                    c.dot(axis.px(r.mu.exp()), y, 6.0, DRAWS)?;
                    c.text(
                        &format!("×{:.2}", r.mu.exp()),
                        LX - 12.0,
                        y,
                        BODY,
                        INK,
                        Align::Right,
                    )?;
                }
                Spread::Literal => {
                    c.dot(axis.px(1.0), y, 4.0, GREY)?;
                    c.text("as stated", LX - 12.0, y, BODY, GREY, Align::Right)?;
                }
                Spread::Dataset => {
                    let text = "no factor: the reported best (median) + a Gumbel reaching past high (uncertainUCDP)";
                    let bg = if i % 4 < 2 { ZEBRA } else { super::draw::WHITE };
                    c.rect(
                        LX + 2.0,
                        y - 12.0,
                        LX + 18.0 + width(text, BODY),
                        y + 12.0,
                        bg,
                    )?;
                    c.text(text, LX + 10.0, y, BODY, GREY, Align::Left)?;
                }
            }
        }
        super::footnote(
            c,
            bottom + 44.0,
            "tollrange calibrate · revision.csv",
            &notes,
        )
    })
}

fn model_basis(model: &RevisionModel) -> String {
    model
        .rule("all", ReadingType::Closed)
        .map(|r| r.fitted_on.clone())
        .unwrap_or_else(|| model.label.clone())
}
