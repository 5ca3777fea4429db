//! Step 2: numbers. Digits ("1 000", "1,5 million"), number words up to the
//! billions ("quatre-vingt-dix", "two hundred and five"), and approximate
//! nouns: "une quarantaine", "un millier", "a dozen", "deux centaines" (their
//! values are `lexicon::APPROX_NOUNS`; the reading "about N" is in
//! `interpret.rs`).

use super::cursor::Parser;
use super::lexicon;
use super::quantity::{Base, BaseMatch};
use super::text::MAX_COUNT;
use super::text::Tok;
use super::words::*;

impl Parser<'_> {
    /// A number at `i`: digits (times "mille"/"million"), or number words.
    /// Returns (value, end, weak).
    pub(super) fn number(&self, i: usize, limit: usize) -> Option<(u64, usize, bool)> {
        if i >= limit {
            return None;
        }
        match &self.toks[i].tok {
            Tok::Int(v) => {
                if let Some(m) = self.word(i + 1, limit).and_then(big_value) {
                    return self.checked(v.checked_mul(m)).map(|x| (x, i + 2, false));
                }
                Some((*v, i + 1, false))
            }
            Tok::Decimal(x) => {
                let m = self.word(i + 1, limit).and_then(big_value)?;
                let v = (x * m as f64).round();
                if v > MAX_COUNT as f64 {
                    self.too_large.set(true);
                    return None;
                }
                Some((v as u64, i + 2, false))
            }
            Tok::Word(_) => self.number_words(i, limit),
            _ => None,
        }
    }

    pub(super) fn checked(&self, v: Option<u64>) -> Option<u64> {
        match v {
            Some(x) if x <= MAX_COUNT => Some(x),
            _ => {
                self.too_large.set(true);
                None
            }
        }
    }

    /// French or English number words: "quatre-vingt-dix", "soixante et onze",
    /// "deux cent cinquante", "two hundred and five", "a thousand".
    pub(super) fn number_words(&self, i: usize, limit: usize) -> Option<(u64, usize, bool)> {
        // "12 sept", "50 cents": a number word right after digits is not a number.
        if i > 0 && matches!(self.toks[i - 1].tok, Tok::Int(_) | Tok::Decimal(_)) {
            return None;
        }
        let mut total: u64 = 0;
        let mut current: u64 = 0;
        let mut last_big = u64::MAX;
        let mut last_small: Option<&str> = None;
        let mut count = 0usize;
        let mut j = i;
        while let Some(w) = self.word(j, limit) {
            if count == 0 && (w == "a" || w == "an") {
                match self.word(j + 1, limit) {
                    Some(nx) if is_in(HUNDREDS, nx) || big_value(nx).is_some() => {
                        current = 1;
                        count += 1;
                        j += 1;
                        continue;
                    }
                    // "a soldier", "a death": one, weakly.
                    Some(nx) if is_in(DEATH_WORDS, nx) || is_in(PERSON_WORDS, nx) => {
                        return Some((1, j + 1, true));
                    }
                    _ => return None,
                }
            }
            if let Some(v) = small_value(w) {
                if v == 0 {
                    return (count == 0).then_some((0, j + 1, false));
                }
                let t = current % 100;
                if t == 0 {
                    current += v;
                } else if t == 4 && (w == "vingt" || w == "vingts") && last_small == Some("quatre")
                {
                    current += 76; // quatre-vingt(s): 4 → 80
                } else if (t >= 20 && t.is_multiple_of(10) && v < 10)
                    || ((t == 60 || t == 80) && (10..20).contains(&v))
                    || (t == 10 && last_small == Some("dix") && (7..=9).contains(&v))
                {
                    current += v;
                } else {
                    break;
                }
                last_small = Some(w);
            } else if is_in(HUNDREDS, w) {
                let prev = if j > 0 { self.key(j - 1) } else { None };
                if current >= 100 || (count == 0 && matches!(prev, Some("pour" | "per"))) {
                    break;
                }
                current = current.max(1) * 100;
                last_small = None;
            } else if let Some(m) = big_value(w) {
                if m >= last_big {
                    break;
                }
                total = self.checked(
                    current
                        .max(1)
                        .checked_mul(m)
                        .and_then(|x| x.checked_add(total)),
                )?;
                current = 0;
                last_big = m;
                last_small = None;
            } else if count > 0 && self.joins_number_words(w, j, limit, current, total) {
                j += 1;
                continue;
            } else {
                break;
            }
            count += 1;
            j += 1;
        }
        if count == 0 {
            return None;
        }
        let value = self.checked(total.checked_add(current))?;
        let weak = count == 1 && matches!(self.word(i, limit), Some("un" | "une"));
        Some((value, j, weak))
    }

    /// "et" in "soixante et onze", "and" in "two hundred and five".
    pub(super) fn joins_number_words(
        &self,
        w: &str,
        j: usize,
        limit: usize,
        current: u64,
        total: u64,
    ) -> bool {
        let next = self.word(j + 1, limit);
        match w {
            "et" => {
                matches!(current % 100, 20 | 30 | 40 | 50 | 60)
                    && matches!(next, Some("un" | "une" | "onze"))
            }
            "and" => {
                current.is_multiple_of(100)
                    && (current > 0 || total > 0)
                    && next.and_then(small_value).is_some_and(|v| v > 0)
            }
            _ => false,
        }
    }

    /// "une cinquantaine", "un millier", "a dozen", "deux centaines", "une centaine de milliers".
    pub(super) fn approx(&self, i: usize, limit: usize) -> Option<BaseMatch> {
        let (j, count, had_det) = match self.word(i, limit) {
            Some("une" | "un" | "a" | "an") => (i + 1, 1, true),
            _ => match self.number(i, limit) {
                Some((v, e, false)) => (e, v, true),
                _ => (i, 1, false),
            },
        };
        let w = self.word(j, limit)?;
        let &(_, unit) = lexicon::APPROX_NOUNS.iter().find(|(x, _)| *x == w)?;
        let plural = w.ends_with('s');
        let french = w.ends_with("aine") || w == "millier";
        if !had_det && !french {
            return None;
        }
        if plural && count == 1 {
            return None;
        }
        let mut end = j + 1;
        let mut value = self.checked(count.checked_mul(unit))?;
        if let Some((e, m)) = self.longest(end, limit, lexicon::SCALE_MULTIPLIERS)
            && unit < m
        {
            end = e;
            value = self.checked(value.checked_mul(m))?;
        }
        Some(BaseMatch::plain(Base::Approx(value), end))
    }
}
