//! Step 3: the phrase grammar. Left to right, at each word: a user lexicon
//! phrase; a modifier and a base; a keyword range ("entre 20 et 30"); a
//! negated death ("aucun mort"); a base (vague scale, approximate noun, vague
//! word, number or plain range); deaths without a number ("des morts").

use super::cursor::Parser;
use super::lexicon::{self, ScaleDet};
use super::quantity::*;
use super::text::Tok;
use super::words::*;

impl Parser<'_> {
    // --- bases ---------------------------------------------------------------

    /// A base quantity at `i` (no modifier).
    pub(super) fn base(&self, i: usize) -> Option<BaseMatch> {
        if let Some(&(_, end, idx)) = self.user_at(i) {
            let entry = &self.lex.user_phrases().get(idx)?.entry;
            return Some(BaseMatch {
                base: Base::User {
                    low: entry.low,
                    high: entry.high,
                    phrase: entry.phrase.clone(),
                },
                end,
                weak: false,
                digits: None,
            });
        }
        let limit = self.limit_after(i);
        self.scale(i, limit)
            .or_else(|| self.approx(i, limit))
            .or_else(|| self.vague(i, limit))
            .or_else(|| self.number_or_range(i, limit))
    }

    /// "des dizaines", "plusieurs centaines de milliers", "a few hundred", "dozens".
    pub(super) fn scale(&self, i: usize, limit: usize) -> Option<BaseMatch> {
        let with_det = self
            .longest(i, limit, lexicon::SCALE_DETS)
            .map(|(e, d)| (e, Some(d)));
        for (j, det) in with_det.into_iter().chain([(i, None)]) {
            let Some(w) = self.word(j, limit) else {
                continue;
            };
            let Some(noun) = lexicon::SCALE_NOUNS.iter().find(|s| s.word == w) else {
                continue;
            };
            if noun.needs_det && det.is_none() {
                continue;
            }
            let det = det.unwrap_or(ScaleDet::Some);
            let mut end = j + 1;
            let mut mult = 1;
            if let Some((e, m)) = self.longest(end, limit, lexicon::SCALE_MULTIPLIERS)
                && noun.unit < m
            {
                end = e;
                mult = m;
            }
            let (mut low, high) = lexicon::scale_interval(det, noun.unit * mult);
            if noun.acled == 12 * noun.unit / 10 {
                // dozens: at least two dozen (DESIGN: "dozens" [24, 99])
                low = low.max(24 * mult).min(high);
            }
            let det_label = match det {
                ScaleDet::Some => "",
                ScaleDet::Several => "several ",
                ScaleDet::Few => "a few ",
            };
            let of = match mult {
                1 => "",
                1000 => " of thousands",
                _ => " of millions",
            };
            return Some(BaseMatch {
                base: Base::Vague {
                    low,
                    high,
                    acled: noun.acled * mult,
                    label: format!("{det_label}{}{of}", noun.label),
                },
                end,
                weak: false,
                digits: None,
            });
        }
        None
    }

    /// "plusieurs", "quelques", "de nombreux", "many", "a few".
    pub(super) fn vague(&self, i: usize, limit: usize) -> Option<BaseMatch> {
        let (end, idx) = lexicon::VAGUE_WORDS
            .iter()
            .enumerate()
            .filter_map(|(idx, row)| self.phrase_at(i, limit, row.0).map(|e| (e, idx)))
            .max_by_key(|&(e, _)| e)?;
        let &(_, low, high, acled, label) = lexicon::VAGUE_WORDS.get(idx)?;
        Some(BaseMatch {
            base: Base::Vague {
                low,
                high,
                acled,
                label: label.to_string(),
            },
            end,
            weak: false,
            digits: None,
        })
    }

    /// A number, possibly the first end of a plain range: "20-30", "20 à 30", "deux ou trois".
    pub(super) fn number_or_range(&self, i: usize, limit: usize) -> Option<BaseMatch> {
        if matches!(self.toks.get(i).map(|t| &t.tok), Some(Tok::Decimal(_)))
            && self.number(i, limit).is_none()
        {
            return Some(BaseMatch::plain(Base::Decimal, i + 1));
        }
        let (a, end, weak) = self.number(i, limit)?;
        let digits = match self.toks[i].tok {
            Tok::Int(v) if end == i + 1 => Some(v),
            _ => None,
        };
        if matches!(self.key(end), Some("-" | "a" | "to" | "ou" | "or"))
            && let Some((b, e2, _)) = self.number(end + 1, limit)
        {
            return Some(BaseMatch {
                base: Base::Range {
                    a: exact_end(a),
                    b: exact_end(b),
                    from_form: false,
                },
                end: e2,
                weak: false,
                digits: digits.filter(|_| is_year(a) && is_year(b)),
            });
        }
        Some(BaseMatch {
            base: Base::Exact(a),
            end,
            weak,
            digits,
        })
    }

    /// One end of a keyword range: an approximate noun or a number.
    pub(super) fn endpoint(&self, i: usize, limit: usize) -> Option<(Endpoint, usize)> {
        if let Some(b) = self.approx(i, limit)
            && let Base::Approx(n) = b.base
        {
            let (low, high) = about(n);
            return Some((
                Endpoint {
                    low,
                    high,
                    nominal: n,
                    approx: true,
                },
                b.end,
            ));
        }
        self.number(i, limit).map(|(v, e, _)| (exact_end(v), e))
    }

    /// "entre A et B", "between A and B", "de A à B", "from A to B".
    pub(super) fn keyword_range(&self, i: usize, limit: usize) -> Option<BaseMatch> {
        let (joiners, from_form): (&[&str], bool) = match self.word(i, limit)? {
            "entre" => (&["et", "a", "-"], false),
            "between" => (&["and", "-"], false),
            "de" | "d" => (&["a", "-"], true),
            "from" => (&["to", "-"], true),
            _ => return None,
        };
        let (a, e1) = self.endpoint(i + 1, limit)?;
        if !joiners.contains(&self.key(e1)?) {
            return None;
        }
        let (b, e2) = self.endpoint(e1 + 1, limit)?;
        Some(BaseMatch::plain(Base::Range { a, b, from_form }, e2))
    }

    /// "aucun mort", "pas de victimes", "no one was killed" → Some(end).
    /// A negated toll word ("aucun bilan") marks the text as giving no figure.
    pub(super) fn negated_death(&self, i: usize, limit: usize) -> Option<usize> {
        let j = self.longest_of(i, limit, NEGATIONS)?;
        for k in j..(j + 4).min(limit) {
            let w = self.word(k, limit)?;
            if is_in(TOLL_WORDS, w) {
                self.no_figure.set(true);
                return None;
            }
            if is_in(DEATH_WORDS, w) {
                return Some(k + 1);
            }
        }
        None
    }

    /// Is the death word at `k` part of a toll phrase ("bilan des morts", "death toll")?
    pub(super) fn toll_context(&self, k: usize) -> bool {
        let n = self.n();
        if self.word(k + 1, n).is_some_and(|w| is_in(TOLL_WORDS, w)) {
            return true;
        }
        let mut p = k;
        while p > 0 {
            p -= 1;
            match self.word(p, n) {
                Some("de" | "des" | "d" | "of" | "the") => continue,
                Some(w) => return is_in(TOLL_WORDS, w),
                None => return false,
            }
        }
        false
    }

    /// "des morts", "de victimes", "casualties": deaths without a number → Some(end).
    pub(super) fn deaths_unknown(&self, i: usize, limit: usize) -> Option<usize> {
        let w = self.word(i, limit)?;
        if matches!(w, "des" | "de" | "d")
            && self
                .word(i + 1, limit)
                .is_some_and(|x| is_in(DEATHS_UNKNOWN_FR, x))
            && !self.toll_context(i + 1)
        {
            return Some(i + 2);
        }
        (is_in(DEATHS_UNKNOWN_EN, w) && !self.toll_context(i)).then_some(i + 1)
    }

    // --- the scan -------------------------------------------------------------

    pub(super) fn quantity(
        &self,
        modifier: Option<Modifier>,
        start: usize,
        b: BaseMatch,
    ) -> Quantity {
        Quantity {
            modifier,
            base: b.base,
            start,
            base_end: b.end,
            end: b.end,
            class: Class::Other,
            weak: b.weak,
            digits: b.digits,
            quote_end: b.end,
            upto: None,
        }
    }

    /// Quantities and deaths-without-a-number phrases, left to right.
    pub(super) fn scan(&self) -> (Vec<Quantity>, Vec<(usize, usize)>) {
        let mut qs = Vec::new();
        let mut unknown = Vec::new();
        let mut i = 0;
        while i < self.n() {
            let limit = self.limit_after(i);
            if self.user_at(i).is_some()
                && let Some(b) = self.base(i)
            {
                let end = b.end;
                qs.push(self.quantity(None, i, b));
                i = end;
                continue;
            }
            if let Some(end) = self.longest_of(i, limit, UNKNOWN_NUMBER) {
                let b = BaseMatch::plain(Base::Unknown, end);
                qs.push(self.quantity(None, i, b));
                i = end;
                continue;
            }
            if let Some((mend, m)) = self.longest(i, limit, MODIFIERS)
                && let Some(b) = self.base(mend)
            {
                let end = b.end;
                qs.push(self.quantity(Some(m), i, b));
                i = end;
                continue;
            }
            if let Some(b) = self.keyword_range(i, limit) {
                let end = b.end;
                qs.push(self.quantity(None, i, b));
                i = end;
                continue;
            }
            if let Some(end) = self.negated_death(i, limit) {
                let b = BaseMatch::plain(Base::Zero, end);
                qs.push(self.quantity(None, i, b));
                i = end;
                continue;
            }
            if let Some(b) = self.base(i) {
                let end = b.end;
                qs.push(self.quantity(None, i, b));
                i = end;
                continue;
            }
            if let Some(end) = self.deaths_unknown(i, limit) {
                unknown.push((i, end));
                i = end;
                continue;
            }
            i += 1;
        }
        (qs, unknown)
    }
}
