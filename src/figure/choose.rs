//! Step 4: attach each quantity to the words around it (deaths, wounded,
//! people, units, dates), cut breakdowns ("dont", "including"), join sums
//! ("10 soldats et 46 rebelles"), and choose the figure.

use super::cursor::Parser;
use super::quantity::*;
use super::text::MAX_COUNT;
use super::text::Tok;
use super::words::*;

/// Tokens after a number searched for the noun it counts ("10 soldats maliens tués").
const WINDOW: usize = 8;
/// Words before a number searched for a killing/wounding verb ("wounding 30").
const LOOKBEHIND: usize = 3;

impl Parser<'_> {
    pub(super) fn starts_modifier(&self, j: usize) -> bool {
        let n = self.n();
        self.longest(j, n, MODIFIERS).is_some() || self.longest(j, n, POST_MODIFIERS).is_some()
    }

    pub(super) fn is_word_in(&self, i: usize, table: &[&str]) -> bool {
        self.word(i, self.n()).is_some_and(|w| is_in(table, w))
    }

    /// Give each quantity its class from the words after it (and a verb before it).
    pub(super) fn classify(&self, qs: &mut Vec<Quantity>) {
        let n = self.n();
        for k in 0..qs.len() {
            let next_start = qs.get(k + 1).map_or(n, |q| q.start);
            let prev_end = if k == 0 { 0 } else { qs[k - 1].end };
            let q = &mut qs[k];
            if q.base == Base::Zero {
                q.class = Class::Death;
                continue;
            }
            let (mut death, mut harm, mut person, mut unit) = (false, false, false, false);
            let mut content = 0;
            let mut first_noun = None;
            let mut j = q.base_end;
            while j < next_start && j - q.base_end < WINDOW {
                let Some(w) = self.word(j, n) else { break };
                if is_in(STOPPERS, w)
                    || self.starts_modifier(j)
                    || self.longest_of(j, n, BREAKDOWNS).is_some()
                {
                    break;
                }
                j += 1;
                if is_in(FILLERS, w) {
                    continue;
                }
                content += 1;
                first_noun = first_noun.or(Some(w));
                if is_in(DEATH_WORDS, w) && self.toll_context(j - 1) {
                    break; // "a death toll of 5": the toll, not one death
                } else if is_in(DEATH_WORDS, w) {
                    // "two attacks killed 40 people": the 40 died, the two did not
                    if is_in(AGENT_VERBS, w)
                        && next_start < n
                        && (j..next_start)
                            .all(|k| self.word(k, n).is_some_and(|x| is_in(FILLERS, x)))
                    {
                        j -= 1;
                        break;
                    }
                    death = true;
                } else if is_in(HARM_WORDS, w) {
                    harm = true;
                } else if content == 1 && is_in(INFORMANT_WORDS, w) {
                    break; // "de nombreuses sources civiles": who says it, not who died
                } else if is_in(PERSON_WORDS, w) {
                    person = true;
                } else if content == 1
                    && (is_in(UNIT_WORDS, w) || (q.digits.is_some() && is_in(MONTHS, w)))
                {
                    unit = true;
                }
            }
            q.end = j;
            let mut class = if death {
                Class::Death
            } else if harm {
                Class::Harm
            } else if person {
                Class::Person
            } else if unit {
                Class::Unit
            } else if content == 0 {
                Class::Bare
            } else {
                Class::Other
            };
            // Measures, times, dates, prices: "50 %", "15:30", "12/09", "$5".
            let after = self.toks.get(q.base_end).map(|t| &t.tok);
            let before = q
                .start
                .checked_sub(1)
                .and_then(|p| self.toks.get(p))
                .map(|t| &t.tok);
            let touches_after = self
                .toks
                .get(q.base_end)
                .is_some_and(|t| t.start == self.toks[q.base_end - 1].end);
            let touches_before =
                q.start > 0 && self.toks[q.start - 1].end == self.toks[q.start].start;
            if matches!(after, Some(Tok::Punct('%' | '€' | '°')))
                || matches!(before, Some(Tok::Punct('$' | '€' | '£' | '#')))
                || (touches_after && matches!(after, Some(Tok::Punct('/' | ':' | '$'))))
                || (touches_before && matches!(before, Some(Tok::Punct('/' | ':'))))
                // "a 12-year-old", "une trêve de 72-heures"
                || (matches!(after, Some(Tok::Punct('-')))
                    && self.word(q.base_end + 1, n).is_some_and(|w| is_in(UNIT_WORDS, w)))
            {
                class = Class::Unit;
            }
            if let Some(v) = q.digits {
                let prev_word = q.start.checked_sub(1).and_then(|p| self.word(p, n));
                let soft = matches!(class, Class::Bare | Class::Other);
                if soft && prev_word.is_some_and(|w| is_in(MONTHS, w)) {
                    class = Class::Unit; // "septembre 2023"
                }
                if soft && is_year(v) && prev_word.is_some_and(|w| is_in(YEAR_WORDS, w)) {
                    class = Class::Unit; // "depuis 2012"
                }
                if matches!(q.base, Base::Range { .. }) {
                    class = Class::Unit; // "2012-2023"
                }
            }
            // "wounding 30", "killed at least 76": a verb just before the number.
            if matches!(class, Class::Person | Class::Bare | Class::Other) {
                let mut p = q.start;
                while p > prev_end && q.start - p < LOOKBEHIND {
                    p -= 1;
                    let Some(w) = self.word(p, n) else { break };
                    if is_in(HARM_WORDS, w) {
                        class = Class::Harm;
                        break;
                    }
                    if is_in(DEATH_WORDS, w) {
                        class = Class::Death;
                        break;
                    }
                    if is_in(STOPPERS, w) {
                        break;
                    }
                }
            }
            // "selon plusieurs témoins", "according to many residents": who says it.
            let attribution = match q.start.checked_sub(1).and_then(|p| self.word(p, n)) {
                Some("selon") => true,
                Some("apres") => q.start >= 2 && self.key(q.start - 2) == Some("d"),
                Some("to") => q.start >= 2 && self.key(q.start - 2) == Some("according"),
                _ => false,
            };
            if attribution
                && !matches!(
                    q.base,
                    Base::Exact(_) | Base::Approx(_) | Base::Range { .. }
                )
            {
                class = Class::Excluded;
            }
            // "and five more on Tuesday": another figure of the same kind
            if matches!(class, Class::Other) && first_noun.is_some_and(|w| is_in(MORE_WORDS, w)) {
                class = Class::Bare;
            }
            // "a massacre", "une tuerie": an event, not one dead
            if q.weak
                && class == Class::Death
                && !first_noun.is_some_and(|w| is_in(ONE_DEAD, w) || is_in(PERSON_WORDS, w))
            {
                class = Class::Excluded;
            }
            if q.weak && !matches!(class, Class::Death | Class::Person) {
                class = Class::Excluded; // "un bilan", "un élu local"
            }
            // "un des assaillants", "one of the attacks": one among many, not a count
            if q.base == Base::Exact(1)
                && matches!(self.word(q.base_end, n), Some("des" | "d" | "of"))
            {
                class = Class::Excluded;
            }
            // French "a" is mostly the verb ("un des assaillants a tué 4
            // civils"): as the English article it must precede a noun
            if q.weak
                && self.word(q.start, n) == Some("a")
                && self.word(q.start + 1, n).is_some_and(|w| {
                    w.starts_with("tu") || w.starts_with("fait") || w.starts_with("cause")
                })
            {
                class = Class::Excluded;
            }
            q.class = class;
            q.quote_end = q.base_end;
        }
        // A modifier after the figure: "une soixantaine de civils, au moins", "50 or more".
        for k in 0..qs.len() {
            let next_start = qs.get(k + 1).map_or(n, |q| q.start);
            let q = &mut qs[k];
            let mut p = q.end;
            if self.key(p) == Some(",") {
                p += 1;
            }
            if p < next_start
                && let Some((e, m)) = self.longest(p, next_start, POST_MODIFIERS)
            {
                let sum_plus = self.key(p) == Some("+") && e == next_start && next_start < n;
                if !sum_plus && q.modifier.is_none() {
                    q.modifier = Some(m);
                    q.end = e;
                    q.quote_end = e;
                }
            }
        }
        // "dans la nuit du 3 au 4 mars": the first day of a date range
        for k in 1..qs.len() {
            let (a, b) = (&qs[k - 1], &qs[k]);
            let day_range = a.class == Class::Bare
                && a.digits.is_some()
                && b.class == Class::Unit
                && a.end < b.start
                && self.toks[a.end..b.start]
                    .iter()
                    .all(|t| matches!(t.key.as_str(), "au" | "et" | "-" | "to" | "and" | "a"))
                && (b.base_end..b.end).any(|j| self.is_word_in(j, MONTHS));
            if day_range {
                qs[k - 1].class = Class::Unit;
            }
        }
        let mut k = 0;
        while k + 1 < qs.len() {
            if !self.closes(&qs[k], &qs[k + 1]) {
                k += 1;
                continue;
            }
            let b = qs.remove(k + 1);
            let a = &mut qs[k];
            a.upto = match b.base {
                Base::Exact(h) => Some(h),
                Base::Approx(h) => Some(about(h).1),
                _ => None,
            };
            a.end = b.end;
            a.quote_end = b.quote_end;
            if a.class == Class::Bare {
                a.class = b.class;
            }
        }
    }

    /// Does `b` close the lower bound `a` ("au moins 50, voire 70", "at least
    /// 100 people, possibly as many as 200")?
    pub(super) fn closes(&self, a: &Quantity, b: &Quantity) -> bool {
        let counted = |q: &Quantity| matches!(q.class, Class::Death | Class::Person | Class::Bare);
        let stated = |q: &Quantity| matches!(q.base, Base::Exact(_) | Base::Approx(_));
        // "des dizaines de morts, voire une centaine"
        let vague = matches!(a.base, Base::Vague { .. });
        let lower = matches!(
            a.modifier,
            None | Some(Modifier::AtLeast | Modifier::MoreThan)
        );
        let one_bare = a.class == Class::Bare || b.class == Class::Bare;
        let both = (stated(a) || vague) && stated(b) && counted(a) && counted(b);
        if !(both && lower && one_bare && a.upto.is_none() && a.end < b.start) {
            return false;
        }
        let gap = &self.toks[a.end..b.start];
        let maybe = gap.iter().any(|t| is_in(MAYBE_WORDS, &t.key));
        gap.iter().all(|t| is_in(MAYBE_GAP, &t.key))
            && (b.modifier == Some(Modifier::UpTo) || (b.modifier.is_none() && maybe))
    }

    /// Where a breakdown of a count starts ("dont", "including", "("), or the end.
    pub(super) fn breakdown_cut(&self, qs: &[Quantity]) -> usize {
        let n = self.n();
        let Some(first) = qs
            .iter()
            .find(|q| matches!(q.class, Class::Death | Class::Person | Class::Bare))
            .map(|q| q.start)
        else {
            return n;
        };
        let mut inside = vec![false; n];
        for q in qs {
            inside[q.start..q.base_end]
                .iter_mut()
                .for_each(|x| *x = true);
        }
        (first + 1..n)
            .find(|&b| !inside[b] && self.longest_of(b, n, BREAKDOWNS).is_some())
            .unwrap_or(n)
    }

    /// Are two quantities parts of one sum ("10 soldats et 46 rebelles", "10 + 46")?
    pub(super) fn joined(&self, a: &Quantity, b: &Quantity) -> bool {
        if a.end >= b.start {
            return false;
        }
        let gap = &self.toks[a.end..b.start];
        if !gap.iter().all(|t| is_in(SUM_GAP, &t.key))
            || !gap.iter().any(|t| is_in(SUM_JOINERS, &t.key))
        {
            return false;
        }
        // "au moins 64 morts et plus d'une centaine": a bare number beside a counted
        // noun is another version of the figure (refused), not a part; "10 + 46
        // morts" still adds.
        (a.class == Class::Bare) == (b.class == Class::Bare) || gap.iter().any(|t| t.key == "+")
    }

    pub(super) fn chain_quote(&self, chain: &[&Quantity]) -> String {
        chain
            .iter()
            .map(|q| format!("\"{}\"", self.quote(q.start, q.end.max(q.quote_end))))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// Find the quantities and choose the figure among them.
    /// Returns every quantity found (classified), where the breakdown cut
    /// is, and the choice.
    pub(super) fn read(&self) -> (Vec<Quantity>, usize, Result<Choice, String>) {
        let (mut qs, unknown) = self.scan();
        if self.too_large.get() {
            let err = format!("number too large (above {MAX_COUNT})");
            return (Vec::new(), 0, Err(err));
        }
        self.classify(&mut qs);
        let cut = self.breakdown_cut(&qs);
        let choice = self.choose(&qs, cut, &unknown);
        (qs, cut, choice)
    }

    fn choose(
        &self,
        all: &[Quantity],
        cut: usize,
        unknown: &[(usize, usize)],
    ) -> Result<Choice, String> {
        let qs: Vec<Quantity> = all.iter().filter(|q| q.start < cut).cloned().collect();
        let revised = (0..self.n()).any(|i| self.is_word_in(i, REVISION_WORDS));

        let mut chains: Vec<Vec<&Quantity>> = Vec::new();
        for q in qs.iter().filter(|q| {
            matches!(
                q.class,
                Class::Death | Class::Person | Class::Bare | Class::Other
            )
        }) {
            match chains.last_mut() {
                Some(last) if last.last().is_some_and(|p| self.joined(p, q)) => last.push(q),
                _ => chains.push(vec![q]),
            }
        }
        // "un nombre indéterminé de civils" alone is no figure
        chains.retain(|c| c.iter().any(|q| q.base != Base::Unknown));
        let speakers = (0..self.n())
            .filter(|&i| self.longest_of(i, self.n(), SPEAKER_WORDS).is_some())
            .count();
        let tier = |c: &Vec<&Quantity>| {
            c.iter()
                .map(|q| match q.class {
                    Class::Death => 1,
                    Class::Person | Class::Bare => 2,
                    _ => 4,
                })
                .min()
                .unwrap_or(4)
        };
        for t in [1, 2] {
            let best: Vec<&Vec<&Quantity>> = chains.iter().filter(|c| tier(c) == t).collect();
            if best.is_empty() {
                continue;
            }
            // "40 morts selon l'armée, 100 selon les habitants": a bare number
            // beside a death count is another version of the toll; so is any
            // count of people when two speakers are named.
            let also: Vec<&Vec<&Quantity>> = chains
                .iter()
                .filter(|c| {
                    t == 1
                        && tier(c) == 2
                        && (speakers >= 2 || c.iter().all(|q| q.class == Class::Bare))
                })
                .collect();
            if !also.is_empty() {
                let mut all = best;
                all.extend(also);
                all.sort_by_key(|c| c.first().map_or(0, |q| q.start));
                if !revised || speakers >= 2 {
                    return Err(self.several(&all, speakers));
                }
                // "le bilan, de 20 morts hier, est passé à 35": the later one
                return self.pick(&all, revised, false, speakers);
            }
            return self.pick(&best, revised, false, speakers);
        }
        if let Some(&(s, e)) = unknown.iter().find(|u| u.0 < cut) {
            return Ok(Choice::DeathsUnknown { quote: (s, e) });
        }
        let n = self.n();
        if let Some(k) =
            (0..cut.min(n)).find(|&k| self.is_word_in(k, DEATH_WORDS) && !self.toll_context(k))
        {
            return Ok(Choice::DeathsUnknown { quote: (k, k + 1) });
        }
        if self.no_figure.get() || (0..n).any(|k| self.is_word_in(k, UNKNOWN_WORDS)) {
            return Err(
                "no figure given: the text says the toll is unknown or was not given".into(),
            );
        }
        let others: Vec<&Vec<&Quantity>> = chains.iter().collect();
        if !others.is_empty() {
            return self.pick(&others, revised, true, speakers);
        }
        if qs.iter().any(|q| q.class == Class::Harm) {
            return Err(
                "its numbers count wounded, missing, displaced or captured people, not deaths"
                    .into(),
            );
        }
        Err("no number or toll phrase found".into())
    }

    pub(super) fn pick(
        &self,
        chains: &[&Vec<&Quantity>],
        revised: bool,
        others: bool,
        speakers: usize,
    ) -> Result<Choice, String> {
        if chains.len() > 1 && speakers >= 2 {
            return Err(self.several(chains, speakers));
        }
        let chosen = match chains {
            [only] => only,
            // "rose to 57 from 40", "57 contre 40 auparavant": the earlier
            // figure comes last
            [.., before, last]
                if revised
                    && last.first().is_some_and(|q| {
                        q.start > 0
                            && matches!(self.word(q.start - 1, self.n()), Some("from" | "contre"))
                    }) =>
            {
                before
            }
            [.., last] if revised => last,
            _ => return Err(self.several(chains, speakers)),
        };
        let parts: Vec<Quantity> = chosen
            .iter()
            .filter(|q| others || q.class != Class::Other)
            .map(|q| (*q).clone())
            .collect();
        if let Some(q) = parts.iter().find(|q| q.base == Base::Decimal) {
            return Err(format!(
                "\"{}\" is not a whole number of deaths",
                self.quote(q.start, q.base_end)
            ));
        }
        let n = self.n();
        let after = parts.last().map_or(n, |q| q.base_end);
        let among = (after..n).find(|&k| self.longest_of(k, n, AMONG_THE_DEAD).is_some());
        Ok(Choice::Parts {
            parts,
            revised,
            picked_last: chains.len() > 1,
            among: among.map(|k| (k, self.longest_of(k, n, AMONG_THE_DEAD).unwrap_or(k))),
        })
    }

    /// Why several figures are refused: one claim per figure (per source).
    pub(super) fn several(&self, chains: &[&Vec<&Quantity>], speakers: usize) -> String {
        let mut list: Vec<String> = chains.iter().take(4).map(|c| self.chain_quote(c)).collect();
        if chains.len() > 4 {
            list.push("…".into());
        }
        if speakers > 0 {
            format!(
                "it gives {} figures ({}) that seem to come from different sources; \
                 make one claim per source, each with its own figure",
                chains.len(),
                list.join("; ")
            )
        } else {
            format!(
                "it gives {} separate figures ({}); keep one figure per claim",
                chains.len(),
                list.join("; ")
            )
        }
    }
}
