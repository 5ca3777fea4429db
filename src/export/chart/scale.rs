//! Axes and numbers for the charts: count → pixel scales, tick positions,
//! histogram bin widths and count formatting. Pure functions, no drawing.

/// Maps counts to pixels along the x axis, linearly or on a log scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    lo: f64,
    hi: f64,
    p0: f64,
    p1: f64,
    log: bool,
}

impl Scale {
    /// `lo..hi` (counts) onto `p0..p1` (pixels).
    pub fn linear(lo: f64, hi: f64, p0: f64, p1: f64) -> Scale {
        let hi = if hi > lo { hi } else { lo + 1.0 };
        Scale {
            lo,
            hi,
            p0,
            p1,
            log: false,
        }
    }

    /// A log scale; `lo` must be > 0. Counts below `lo` (such as 0) are drawn
    /// at the left edge.
    pub fn log(lo: f64, hi: f64, p0: f64, p1: f64) -> Scale {
        let lo = lo.max(1e-9);
        let hi = if hi > lo { hi } else { lo * 10.0 };
        Scale {
            lo,
            hi,
            p0,
            p1,
            log: true,
        }
    }

    pub fn is_log(&self) -> bool {
        self.log
    }
    pub fn lo(&self) -> f64 {
        self.lo
    }
    pub fn hi(&self) -> f64 {
        self.hi
    }

    /// The pixel of a count, clamped to the axis.
    pub fn px(&self, v: f64) -> f64 {
        self.px_unclamped(v.clamp(self.lo, self.hi))
    }

    /// The pixel of a count, possibly beyond the axis' ends (counts at or
    /// below zero on a log axis sit at its left end).
    pub fn px_unclamped(&self, v: f64) -> f64 {
        let t = if self.log {
            if v > 0.0 {
                (v.ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln())
            } else {
                0.0
            }
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        self.p0 + t * (self.p1 - self.p0)
    }

    /// Tick positions: "nice" round counts, at most about `max` of them. On a
    /// log scale, powers of ten (with 2 and 5 between them when there are
    /// few decades).
    pub fn ticks(&self, max: usize) -> Vec<f64> {
        if self.log {
            // counts are whole numbers: no tick below 1
            let lo = self.lo.max(1.0);
            let first = (lo.log10() - 1e-9).ceil() as i32;
            let last = (self.hi.log10() + 1e-9).floor() as i32;
            let powers = (last - first + 1).max(1) as usize;
            if (powers - 1) * 3 < max {
                let within = |v: &f64| *v >= lo * (1.0 - 1e-9) && *v <= self.hi * (1.0 + 1e-9);
                return (first - 1..=last)
                    .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
                    .filter(within)
                    .collect();
            }
            let step = powers.div_ceil(max.max(1));
            return (first..=last)
                .step_by(step)
                .map(|e| 10f64.powi(e))
                .collect();
        }
        let mut step = nice_step((self.hi - self.lo) / max.max(1) as f64).max(1.0);
        if step == 2.5 {
            step = 5.0; // ticks on whole counts
        }
        let first = (self.lo / step).ceil() as i64;
        let last = (self.hi / step).floor() as i64;
        (first..=last).map(|k| k as f64 * step).collect()
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ `raw` (> 0).
pub fn nice_step(raw: f64) -> f64 {
    if !(raw > 0.0 && raw.is_finite()) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= raw * (1.0 - 1e-12) {
            return m * mag;
        }
    }
    10.0 * mag
}

/// Histogram bin width (in counts) so that `span` whole numbers fit in at
/// most `max_bins` bars: 1, 2, 5, 10, 20, 25, 50, 100, … so bins start on
/// round numbers.
pub fn bin_width(span: u64, max_bins: u64) -> u64 {
    let max_bins = max_bins.max(1);
    let mut mag = 1u64;
    loop {
        let quarter = (mag >= 10).then(|| mag / 10 * 25);
        for w in [Some(mag), Some(2 * mag), quarter, Some(5 * mag)]
            .into_iter()
            .flatten()
        {
            if span.div_ceil(w) <= max_bins {
                return w;
            }
        }
        match mag.checked_mul(10) {
            Some(m) if m <= u64::MAX / 5 => mag = m,
            _ => return 5 * mag,
        }
    }
}

/// The smallest count k with at least `p` percent of the draws ≤ k, from a
/// histogram (`counts[i]` draws of `lo + i`).
pub fn quantile(lo: u64, counts: &[u64], p: f64) -> u64 {
    let n: u64 = counts.iter().sum();
    let need = (p / 100.0 * n as f64).ceil() as u64;
    let mut cum = 0;
    for (i, &c) in counts.iter().enumerate() {
        cum += c;
        if cum >= need.max(1) {
            return lo + i as u64;
        }
    }
    lo + counts.len().saturating_sub(1) as u64
}

/// A count with its thousands grouped by a narrow no-break space, the
/// French and SI way ("10 000"), which also reads plainly in English.
pub fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 * 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(ch);
    }
    out
}

/// A tick label: whole counts, grouped.
pub fn tick_label(v: f64) -> String {
    count(v.round().max(0.0) as u64)
}

/// A range of counts as "a–b", or "a" when both ends are the same.
pub fn range(a: u64, b: u64) -> String {
    if a == b {
        count(a)
    } else {
        format!("{}–{}", count(a), count(b))
    }
}

/// A percentage with as many decimals as a small share needs.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 {
        "0 %".into()
    } else if p < 0.1 {
        "< 0.1 %".into()
    } else if p < 9.95 {
        format!("{p:.1} %")
    } else {
        format!("{p:.0} %")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_are_round_and_few() {
        assert_eq!(bin_width(10, 80), 1);
        assert_eq!(bin_width(80, 80), 1);
        assert_eq!(bin_width(81, 80), 2);
        assert_eq!(bin_width(1000, 80), 20);
        assert_eq!(bin_width(1800, 80), 25);
        assert_eq!(bin_width(1_000_000, 80), 20_000);
        assert_eq!(bin_width(0, 80), 1);
        for span in [1u64, 7, 99, 161, 999, 4321, 123_456, 999_999_999] {
            let w = bin_width(span, 80);
            assert!(span.div_ceil(w) <= 80, "{span} by {w}");
        }
    }

    #[test]
    fn ticks_are_round() {
        let s = Scale::linear(0.0, 100.0, 0.0, 500.0);
        assert_eq!(s.ticks(5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let small = Scale::linear(-0.5, 20.5, 0.0, 500.0);
        assert_eq!(small.ticks(8), vec![0.0, 5.0, 10.0, 15.0, 20.0]);
        let l = Scale::log(1.0, 10_000.0, 0.0, 500.0);
        assert_eq!(l.ticks(8), vec![1.0, 10.0, 100.0, 1000.0, 10_000.0]);
        assert_eq!(l.px(100.0), 250.0);
        assert_eq!(l.px(0.0), 0.0, "zero sits at the left edge");
        let half = Scale::log(0.5, 100.5, 0.0, 1.0);
        assert_eq!(half.ticks(3), vec![1.0, 10.0, 100.0], "no tick at 0.5");
        let few = Scale::log(1.0, 100.0, 0.0, 1.0);
        assert_eq!(few.ticks(8), vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]);
    }

    #[test]
    fn numbers_read_plainly() {
        assert_eq!(count(5), "5");
        assert_eq!(count(100_000), "100\u{202F}000");
        assert_eq!(count(1_234_567), "1\u{202F}234\u{202F}567");
        assert_eq!(range(10, 10), "10");
        assert_eq!(range(28, 76), "28–76");
        assert_eq!(percent(1.0 / 3.0), "33 %");
        assert_eq!(percent(0.012), "1.2 %");
        assert_eq!(quantile(10, &[1, 1, 1, 1], 50.0), 11);
        assert_eq!(quantile(10, &[1, 1, 1, 1], 99.0), 13);
    }
}
