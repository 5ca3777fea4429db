//! Pixels: the embedded font, a small canvas over a plotters bitmap, the
//! colours, and PNG encoding in memory.
//!
//! Shapes are drawn in pixel coordinates with opaque colours (mixed with the
//! background by hand). Text is laid out and rasterised here with ab_glyph,
//! the rasteriser plotters itself uses: plotters' text path puts every glyph
//! on a whole pixel, which spaces letters unevenly ("Ho w"); placing glyphs
//! at their exact advance reads as proper type. No system font is used, so
//! the same chart always gives the same bytes.

use crate::case::SourceKind;
use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters::style::RGBColor;
use std::sync::OnceLock;

/// DejaVu Sans (Bitstream Vera licence, see assets/DejaVu-LICENSE.txt),
/// embedded so that charts never depend on the system's fonts.
const REGULAR: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/DejaVuSans-Bold.ttf");
/// DejaVu Sans capitals are 0.729 em tall (1493 of 2048 units).
const CAP_HEIGHT: f64 = 0.729;

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

/// The embedded faces, parsed once per process.
fn faces() -> Result<&'static Faces, String> {
    static FACES: OnceLock<Result<Faces, String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let load = |bytes, name| {
                FontRef::try_from_slice(bytes)
                    .map_err(|e| format!("embedded font {name} cannot be read: {e}"))
            };
            Ok(Faces {
                regular: load(REGULAR, "DejaVuSans.ttf")?,
                bold: load(BOLD, "DejaVuSans-Bold.ttf")?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// A text size (the em, in pixels) and weight.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub em: f64,
    pub bold: bool,
}

pub const BODY: Font = Font {
    em: 15.0,
    bold: false,
};
pub const STRONG: Font = Font {
    em: 15.0,
    bold: true,
};
pub const HEADING: Font = Font {
    em: 19.0,
    bold: true,
};
pub const TITLE: Font = Font {
    em: 24.0,
    bold: true,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// The face and scale of `f`.
fn face(f: Font) -> Result<(&'static FontRef<'static>, PxScale), String> {
    let faces = faces()?;
    let face = if f.bold { &faces.bold } else { &faces.regular };
    // ab_glyph scales by ascent-to-descent height, not by em
    let per_em = face.height_unscaled() / face.units_per_em().unwrap_or(2048.0);
    Ok((face, PxScale::from((f.em as f32) * per_em)))
}

/// Glyph positions of `s` from x = 0, and its width, in pixels.
fn layout(s: &str, f: Font) -> Result<(Vec<(ab_glyph::GlyphId, f32)>, f64), String> {
    let (face, scale) = face(f)?;
    let sf = face.as_scaled(scale);
    let mut x = 0f32;
    let mut prev = None;
    let mut out = Vec::with_capacity(s.len());
    for ch in s.chars() {
        let id = sf.glyph_id(ch);
        if let Some(p) = prev {
            x += sf.kern(p, id);
        }
        out.push((id, x));
        x += sf.h_advance(id);
        prev = Some(id);
    }
    Ok((out, x as f64))
}

/// The width of `s` in pixels.
pub fn width(s: &str, f: Font) -> f64 {
    layout(s, f).map(|(_, w)| w).unwrap_or(0.0)
}

/// `s`, shortened with "…" to fit in `max` pixels.
pub fn fit(s: &str, f: Font, max: f64) -> String {
    if width(s, f) <= max {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let t: String = chars[..mid].iter().collect::<String>() + "…";
        if width(&t, f) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string()
        + "…"
}

/// Greedy word wrap of `s` into at most `max_lines` lines: the first line
/// `first` pixels wide, the others `rest`; the last line is shortened with
/// "…" when the text does not fit.
pub fn wrap(s: &str, f: Font, first: f64, rest: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut words = s.split_whitespace().peekable();
    while words.peek().is_some() {
        let room = if lines.is_empty() { first } else { rest };
        if lines.len() + 1 == max_lines {
            let tail: Vec<&str> = words.collect();
            lines.push(fit(&tail.join(" "), f, room));
            break;
        }
        let mut line = String::new();
        while let Some(w) = words.peek() {
            let candidate = if line.is_empty() {
                w.to_string()
            } else {
                format!("{line} {w}")
            };
            if line.is_empty() || width(&candidate, f) <= room {
                line = candidate;
                words.next();
            } else {
                break;
            }
        }
        lines.push(fit(&line, f, room));
    }
    lines
}

pub const WHITE: RGBColor = RGBColor(255, 255, 255);
pub const INK: RGBColor = RGBColor(25, 25, 25);
pub const GREY: RGBColor = RGBColor(95, 95, 95);
pub const GRID: RGBColor = RGBColor(222, 222, 222);
pub const ZEBRA: RGBColor = RGBColor(246, 246, 246);
/// The estimate: draws, 50 % and 90 % ranges (blue-greys, apart from the
/// source colours).
pub const DRAWS: RGBColor = RGBColor(62, 88, 116);
pub const RANGE50: RGBColor = RGBColor(112, 142, 176);
pub const RANGE90: RGBColor = RGBColor(196, 211, 228);
pub const BAND50: RGBColor = RGBColor(208, 222, 238);
pub const BAND90: RGBColor = RGBColor(234, 241, 248);

/// One colour per source kind (Okabe–Ito, readable with colour blindness).
pub fn kind_colour(k: SourceKind) -> RGBColor {
    match k {
        SourceKind::Official => RGBColor(0, 114, 178),
        SourceKind::Belligerent => RGBColor(213, 94, 0),
        SourceKind::Wire => RGBColor(0, 158, 115),
        SourceKind::Local => RGBColor(230, 159, 0),
        SourceKind::Media => RGBColor(204, 121, 167),
        SourceKind::Ngo => RGBColor(86, 180, 233),
        SourceKind::Other => RGBColor(120, 120, 120),
        SourceKind::Dataset => RGBColor(0, 0, 0),
    }
}

/// `c` at opacity `a` over white.
pub fn fade(c: RGBColor, a: f64) -> RGBColor {
    let a = a.clamp(0.0, 1.0);
    let m = |x: u8| (255.0 - (255.0 - x as f64) * a).round() as u8;
    RGBColor(m(c.0), m(c.1), m(c.2))
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// A white canvas in pixel coordinates.
pub struct Canvas<'a> {
    area: Area<'a>,
}

fn err<E: std::fmt::Display>(e: E) -> String {
    format!("cannot draw chart: {e}")
}

impl Canvas<'_> {
    pub fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, c: RGBColor) -> Result<(), String> {
        let (x0, x1) = (x0.min(x1).round() as i32, x0.max(x1).round() as i32);
        let (y0, y1) = (y0.min(y1).round() as i32, y0.max(y1).round() as i32);
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))
            .map_err(err)
    }

    /// A horizontal line of `w` pixels' thickness centred on `y`.
    pub fn hline(&self, x0: f64, x1: f64, y: f64, w: f64, c: RGBColor) -> Result<(), String> {
        self.rect(x0, y - w / 2.0, x1, y + w / 2.0, c)
    }

    /// A vertical line of `w` pixels' thickness centred on `x`.
    pub fn vline(&self, x: f64, y0: f64, y1: f64, w: f64, c: RGBColor) -> Result<(), String> {
        self.rect(x - w / 2.0, y0, x + w / 2.0, y1, c)
    }

    pub fn dashed_vline(&self, x: f64, y0: f64, y1: f64, c: RGBColor) -> Result<(), String> {
        let mut y = y0;
        while y < y1 {
            self.vline(x, y, (y + 5.0).min(y1), 1.5, c)?;
            y += 9.0;
        }
        Ok(())
    }

    pub fn frame(&self, x0: f64, y0: f64, x1: f64, y1: f64, c: RGBColor) -> Result<(), String> {
        self.hline(x0, x1, y0, 1.0, c)?;
        self.hline(x0, x1, y1, 1.0, c)?;
        self.vline(x0, y0, y1, 1.0, c)?;
        self.vline(x1, y0, y1, 1.0, c)
    }

    /// A filled circle with a white rim, for medians.
    pub fn dot(&self, x: f64, y: f64, r: f64, c: RGBColor) -> Result<(), String> {
        let p = (x.round() as i32, y.round() as i32);
        self.area
            .draw(&Circle::new(p, (r + 1.5).round() as i32, WHITE.filled()))
            .map_err(err)?;
        self.area
            .draw(&Circle::new(p, r.round() as i32, c.filled()))
            .map_err(err)
    }

    /// A bar fading from full colour at `x0` to `end` opacity at `x1`: an
    /// open-ended claim, likeliest at its lower bound.
    pub fn fading_bar(
        &self,
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
        c: RGBColor,
        end: f64,
    ) -> Result<(), String> {
        let (a, b) = (x0.round() as i32, x1.round() as i32);
        let n = (b - a).max(1) as f64;
        for x in a..b {
            let t = (x - a) as f64 / n;
            self.rect(
                x as f64,
                y0,
                x as f64 + 1.0,
                y1,
                fade(c, 1.0 - (1.0 - end) * t),
            )?;
        }
        Ok(())
    }

    /// A right-pointing triangle of height `h` with its tip at (x, y).
    pub fn arrow(&self, x: f64, y: f64, h: f64, c: RGBColor) -> Result<(), String> {
        let pts = vec![
            ((x - h * 0.8).round() as i32, (y - h / 2.0).round() as i32),
            (x.round() as i32, y.round() as i32),
            ((x - h * 0.8).round() as i32, (y + h / 2.0).round() as i32),
        ];
        self.area.draw(&Polygon::new(pts, c.filled())).map_err(err)
    }

    /// `s`, shortened with "…" to fit in `max` pixels.
    pub fn fit(&self, s: &str, f: Font, max: f64) -> String {
        fit(s, f, max)
    }

    /// Draws `s` with its capital letters centred on `y`; returns its width.
    pub fn text(
        &self,
        s: &str,
        x: f64,
        y: f64,
        f: Font,
        c: RGBColor,
        align: Align,
    ) -> Result<f64, String> {
        let (glyphs, width) = layout(s, f)?;
        let (face, scale) = face(f)?;
        let left = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        let baseline = (y + CAP_HEIGHT * f.em / 2.0).round() as f32;
        for (id, gx) in glyphs {
            let glyph = id.with_scale_and_position(scale, point(left as f32 + gx, baseline));
            let Some(outline) = face.outline_glyph(glyph) else {
                continue;
            };
            let b = outline.px_bounds();
            let mut result = Ok(());
            outline.draw(|px, py, cover| {
                if cover <= 0.0 || result.is_err() {
                    return;
                }
                let p = (b.min.x as i32 + px as i32, b.min.y as i32 + py as i32);
                let ink = RGBAColor(c.0, c.1, c.2, (cover.min(1.0)) as f64);
                result = self.area.draw_pixel(p, &ink).map_err(err);
            });
            result?;
        }
        Ok(width)
    }
}

/// Draws a `w` × `h` chart and returns it as PNG bytes. `about` goes into a
/// PNG text chunk (the run's settings), so a file can be traced to its run.
pub fn png<F>(w: u32, h: u32, about: &str, draw: F) -> Result<Vec<u8>, String>
where
    F: FnOnce(&Canvas) -> Result<(), String>,
{
    faces()?;
    let mut rgb = vec![255u8; w as usize * h as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        let canvas = Canvas { area };
        draw(&canvas)?;
        canvas.area.present().map_err(err)?;
    }
    encode(w, h, &rgb, about)
}

fn encode(w: u32, h: u32, rgb: &[u8], about: &str) -> Result<Vec<u8>, String> {
    let perr = |e: png::EncodingError| format!("cannot encode PNG: {e}");
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Best);
    enc.add_text_chunk("Software".into(), "tollrange".into())
        .map_err(perr)?;
    // tEXt is Latin-1: keep the ASCII of the settings line
    let ascii: String = about.chars().filter(|c| c.is_ascii()).collect();
    enc.add_text_chunk("Comment".into(), ascii).map_err(perr)?;
    let mut writer = enc.write_header().map_err(perr)?;
    writer.write_image_data(rgb).map_err(perr)?;
    writer.finish().map_err(perr)?;
    Ok(out)
}
