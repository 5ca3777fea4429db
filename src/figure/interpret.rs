//! Step 5: interpret the chosen quantities as an interval under the lexicon
//! kind: the DESIGN table (`builtin`) or ACLED's single conservative number.

use super::cursor::Parser;
use super::lexicon::{self, LexiconKind, round_ratio};
use super::quantity::*;
use super::text::MAX_COUNT;
use super::words::Modifier::{self, *};

/// How a figure text was read: whole-number interval [low, high] or [low, open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub low: u64,
    /// None = open above.
    pub high: Option<u64>,
    /// The stated number when there is one (e.g. 50 in "environ 50", 64 in "64");
    /// None for vague phrases/ranges.
    pub mode: Option<u64>,
    /// Short human description, e.g. "au moins 64 → [64, open): lower bound".
    pub how: String,
}

/// One part of a figure, interpreted.
pub(super) struct Part {
    pub(super) low: u64,
    pub(super) high: Option<u64>,
    pub(super) mode: Option<u64>,
    pub(super) phrase: String,
    pub(super) desc: String,
}

pub(super) fn show(low: u64, high: Option<u64>) -> String {
    match high {
        Some(h) => format!("[{low}, {h}]"),
        None => format!("[{low}, open)"),
    }
}

pub(super) fn modifier_words(m: Modifier) -> &'static str {
    match m {
        AtLeast => "at least",
        MoreThan => "more than",
        FewerThan => "fewer than",
        JustUnder => "just under",
        UpTo => "up to",
        Nearly => "nearly",
        About => "about",
    }
}

pub(super) type Interval = (u64, Option<u64>, Option<u64>, String);

/// The DESIGN table.
pub(super) fn builtin(base: &Base, modifier: Option<Modifier>) -> Interval {
    let (low, high, nominal, desc) = match base {
        Base::Exact(n) => (*n, Some(*n), Some(*n), "exact number".to_string()),
        Base::Approx(n) => {
            let (l, h) = about(*n);
            (
                l,
                Some(h),
                Some(*n),
                format!("about {n}: [0.8·{n}, 1.2·{n}] rounded"),
            )
        }
        Base::Vague {
            low, high, label, ..
        } => (*low, Some(*high), None, format!("vague: {label}")),
        Base::Range { a, b, .. } => (
            a.low.min(b.low),
            Some(a.high.max(b.high)),
            None,
            "range".to_string(),
        ),
        Base::Zero => return (0, Some(0), Some(0), "no deaths".into()),
        Base::DeathsUnknown => (
            lexicon::DEATHS_UNKNOWN_LOW,
            None,
            None,
            "deaths without a number".into(),
        ),
        Base::User { low, high, phrase } => {
            let point = (*high == Some(*low)).then_some(*low);
            (
                *low,
                *high,
                point,
                format!("user lexicon phrase \"{phrase}\""),
            )
        }
        Base::Decimal => (0, Some(0), None, "not a whole number".into()),
        Base::Unknown => return (0, None, None, "an unknown number: open above".into()),
    };
    let mode = match base {
        Base::Exact(_) | Base::Approx(_) => nominal,
        Base::User { .. } => nominal,
        _ => None,
    };
    let Some(m) = modifier else {
        return (low, high, mode, desc);
    };
    let is_range = matches!(base, Base::Range { .. });
    match (m, nominal) {
        (AtLeast, Some(n)) if matches!(base, Base::Approx(_)) => (
            low,
            None,
            Some(n),
            format!("lower bound: the low end of about {n}"),
        ),
        (AtLeast, Some(n)) => (low, None, Some(n), "lower bound".into()),
        (MoreThan, Some(n)) => (n.saturating_add(1), None, None, format!("more than {n}")),
        (FewerThan, Some(n)) if n <= 1 => (0, Some(0), None, format!("fewer than {n}")),
        (FewerThan, Some(n)) => (1, Some(n - 1), None, format!("fewer than {n}")),
        (JustUnder, Some(0)) => (0, Some(0), None, "just under 0".into()),
        (JustUnder, Some(n)) => (
            round_ratio(n, 8).min(n - 1),
            Some(n - 1),
            None,
            format!("just under {n}: [0.8·{n}, {n} − 1] rounded"),
        ),
        (UpTo, Some(0)) => (0, Some(0), Some(0), "up to 0".into()),
        (UpTo, Some(n)) => (1, Some(n), Some(n), format!("upper bound: up to {n}")),
        (Nearly, Some(n)) => (
            round_ratio(n, 8),
            Some(n),
            Some(n),
            format!("nearly {n}: [0.8·{n}, {n}] rounded"),
        ),
        (About, Some(n)) => {
            let (l, h) = about(n);
            (
                l,
                Some(h),
                Some(n),
                format!("about {n}: [0.8·{n}, 1.2·{n}] rounded"),
            )
        }
        // No stated number: a range, a vague phrase, a user range.
        (AtLeast, None) => (low, None, None, format!("lower bound ({desc})")),
        (MoreThan, None) if is_range => (
            low.saturating_add(1),
            None,
            None,
            format!("more than the range's low end ({desc})"),
        ),
        (MoreThan, None) => (low, None, None, format!("lower bound ({desc})")),
        (FewerThan | JustUnder, None) if is_range => match high {
            Some(h) if h > 1 => (1, Some(h - 1), None, format!("fewer than {h}")),
            _ => (0, Some(0), None, "fewer than 1".into()),
        },
        (FewerThan | JustUnder | UpTo, None) => match high {
            Some(h) => (low.min(1), Some(h), None, format!("upper bound ({desc})")),
            None => (low, None, None, desc),
        },
        (Nearly | About, None) => (low, high, None, format!("{} {desc}", modifier_words(m))),
    }
}

/// ACLED's single conservative number.
pub(super) fn acled(base: &Base, modifier: Option<Modifier>) -> Interval {
    let (point, nominal, desc) = match base {
        Base::Exact(n) => (*n, Some(*n), "the stated number".to_string()),
        Base::Approx(n) => (*n, Some(*n), format!("about {n}: the stated number")),
        Base::Vague { acled, label, .. } => {
            (*acled, None, format!("ACLED codes {label} as {acled}"))
        }
        Base::Range { a, b, .. } => (
            a.nominal.min(b.nominal),
            None,
            "the low end of the range".to_string(),
        ),
        Base::Zero => (0, None, "no deaths".to_string()),
        Base::DeathsUnknown => (
            lexicon::ACLED_DEATHS_UNKNOWN,
            None,
            format!(
                "deaths without a number: ACLED codes {}",
                lexicon::ACLED_DEATHS_UNKNOWN
            ),
        ),
        Base::User { low, phrase, .. } => (
            *low,
            None,
            format!("user lexicon phrase \"{phrase}\", its low end"),
        ),
        Base::Decimal => (0, None, "not a whole number".to_string()),
        Base::Unknown => (0, None, "an unknown number: ACLED adds nothing".to_string()),
    };
    let (point, desc) = match (modifier, nominal) {
        (Some(m @ (FewerThan | JustUnder)), Some(n)) => (
            n.saturating_sub(1),
            format!("{} {n}: the largest number below it", modifier_words(m)),
        ),
        (Some(m), Some(n)) => (
            point,
            format!("{} {n}: the stated number", modifier_words(m)),
        ),
        (Some(m), None) => (point, format!("{}: {desc}", modifier_words(m))),
        (None, _) => (point, desc),
    };
    (point, Some(point), Some(point), desc)
}

impl Parser<'_> {
    pub(super) fn part(&self, q: &Quantity, kind: LexiconKind, revised: bool) -> Part {
        let phrase = self.quote(q.start, q.quote_end).to_string();
        let mut note = None;
        let base = match &q.base {
            Base::Range {
                a,
                b,
                from_form: true,
            } if revised => {
                note = Some(format!("revised from {} to {}", a.nominal, b.nominal));
                if b.approx {
                    Base::Approx(b.nominal)
                } else {
                    Base::Exact(b.nominal)
                }
            }
            other => other.clone(),
        };
        let modifier = match base {
            Base::Zero | Base::DeathsUnknown => None,
            _ => q.modifier,
        };
        let (low, mut high, mut mode, mut desc) = match kind {
            LexiconKind::Builtin => builtin(&base, modifier),
            LexiconKind::Acled => acled(&base, modifier),
        };
        // "au moins 50, voire 70": the possible upper end closes the bound
        // (ACLED keeps its conservative point)
        if let Some(h) = q.upto
            && kind == LexiconKind::Builtin
        {
            let h = h.max(low);
            high = Some(h);
            mode = mode.filter(|&m| m <= h);
            desc = format!("{desc}, closed at {h} by the stated upper end");
        }
        if let Some(note) = note {
            desc = format!("{note}, the later figure: {desc}");
        }
        Part {
            low,
            high,
            mode,
            phrase,
            desc,
        }
    }

    pub(super) fn interpret(&self, choice: &Choice) -> Result<Reading, String> {
        let kind = self.lex.kind();
        let prefix = match kind {
            LexiconKind::Builtin => "",
            LexiconKind::Acled => "acled: ",
        };
        let (parts, picked_last, among) = match choice {
            Choice::DeathsUnknown { quote } => {
                let mut part = self.part(
                    &Quantity {
                        modifier: None,
                        base: Base::DeathsUnknown,
                        start: quote.0,
                        base_end: quote.1,
                        end: quote.1,
                        class: Class::Death,
                        weak: false,
                        digits: None,
                        quote_end: quote.1,
                        upto: None,
                    },
                    kind,
                    false,
                );
                if part.phrase.is_empty() {
                    part.phrase = "deaths".into();
                }
                (vec![part], false, None)
            }
            Choice::Parts {
                parts,
                revised,
                picked_last,
                among,
            } => (
                parts.iter().map(|q| self.part(q, kind, *revised)).collect(),
                *picked_last,
                *among,
            ),
        };
        let too_large = || format!("number too large (above {MAX_COUNT})");
        let mut low: u64 = 0;
        let mut high: Option<u64> = Some(0);
        let mut mode: Option<u64> = Some(0);
        for p in &parts {
            low = low.checked_add(p.low).ok_or_else(too_large)?;
            high = match (high, p.high) {
                (Some(a), Some(b)) => Some(a.checked_add(b).ok_or_else(too_large)?),
                _ => None,
            };
            mode = match (mode, p.mode) {
                (Some(a), Some(b)) => a.checked_add(b),
                _ => None,
            };
        }
        if low > MAX_COUNT || high.is_some_and(|h| h > MAX_COUNT) {
            return Err(too_large());
        }
        if let Some(h) = high
            && h < low
        {
            high = Some(low);
            low = h;
        }
        if among.is_some() && kind == LexiconKind::Builtin {
            high = None;
        }
        let mode = mode.filter(|&m| m >= low && high.is_none_or(|h| m <= h));
        let interval = show(low, high);
        let mut how = match parts.as_slice() {
            [p] => format!("{prefix}{} → {interval}: {}", p.phrase, p.desc),
            _ => {
                let phrases: Vec<&str> = parts.iter().map(|p| p.phrase.as_str()).collect();
                let each: Vec<String> = parts
                    .iter()
                    .map(|p| format!("{} {}", p.phrase, show(p.low, p.high)))
                    .collect();
                format!(
                    "{prefix}{} → {interval}: sum of {}",
                    phrases.join(" + "),
                    each.join(", ")
                )
            }
        };
        if picked_last {
            how.push_str(" (revised figure: the later one given)");
        }
        if let Some((s, e)) = among
            && kind == LexiconKind::Builtin
        {
            how.push_str(&format!(
                " (\"{}\": part of the toll, so at least this many)",
                self.quote(s, e)
            ));
        }
        Ok(Reading {
            low,
            high,
            mode,
            how,
        })
    }
}
