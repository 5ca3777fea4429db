//! The phrase tables behind the figure parser: which vague phrases mean which
//! interval, under the built-in lexicon (the DESIGN table) or the
//! ACLED-conservative one, plus a case's own `lexicon.csv` entries.
//!
//! Grammar words (number words, modifiers such as "au moins", the nouns that
//! tell deaths from wounded) live in `figure/`; this module holds only the
//! phrases that carry a reading of their own.
//!
//! # Built-in (`builtin`)
//!
//! | phrase | interval | why |
//! |---|---|---|
//! | `des dizaines`, `dizaines`, `tens` | [20, 99] | at least two tens, fewer than a hundred |
//! | `dozens`, `des douzaines` | [24, 99] | at least two dozen (DESIGN) |
//! | `plusieurs dizaines`, `several dozen`, `several tens` | [24, 99] | "plusieurs" is at least 3, less 20 %: round(0.8 · 3 · 10) |
//! | `quelques dizaines`, `a few tens` | [20, 50] | "quelques" [2, 5] times ten |
//! | `a few dozen` | [24, 50] | at least two dozen |
//! | `scores` | [40, 199] | at least two score, fewer than ten score |
//! | `des centaines` / `hundreds` | [200, 999] | same rule with a hundred |
//! | `plusieurs centaines` / `several hundred` | [240, 999] | |
//! | `quelques centaines` / `a few hundred` | [200, 500] | |
//! | `des milliers` / `thousands` | [2000, 9999] | same rule with a thousand |
//! | `plusieurs milliers` / `several thousand` | [2400, 9999] | |
//! | `quelques milliers` / `a few thousand` | [2000, 5000] | |
//! | `… de milliers` / `… of thousands` after any of these | both ends × 1000 | "des centaines de milliers" = [200 000, 999 999] |
//! | `plusieurs` / `several` | [3, 9] | |
//! | `quelques` / `a few` / `une poignée` / `a handful` | [2, 5] | |
//! | `a couple of` | [2, 3] | |
//! | `de nombreux`, `nombreuses`, `beaucoup`, `many`, `numerous` | [5, 99] | |
//! | deaths without a number (`des morts`, `casualties`) | [2, open) | plural deaths, count unknown |
//!
//! English "dozens" is at least two dozen, [24, 99], as the DESIGN table
//! says; French "des dizaines" is [20, 99]. A machine translation of
//! "des dizaines" as "dozens" therefore reads differently from its original:
//! the seed case gives those rows `low`/`high` so they count as the echoes
//! they are.
//!
//! Approximate nouns (`une dizaine` … `un millier`, `a dozen`) are read in
//! `figure/` as "about N" ([0.8N, 1.2N] rounded, mode N); their N is here in
//! `APPROX_NOUNS`.
//!
//! # ACLED (`acled`)
//!
//! ACLED codes one number per event and, when reports are vague or differ,
//! "the most conservative estimate available": "tens" is 10, "dozens" 12,
//! "hundreds" 100 (ACLED, *Fatalities: uses and limitations of ACLED data*,
//! 2023). Every reading under this lexicon is a point [n, n]:
//!
//! | phrase | n | why |
//! |---|---|---|
//! | tens / dizaines (any determiner: des, plusieurs, quelques) | 10 | ACLED: "tens" |
//! | dozens / douzaines | 12 | ACLED: "dozens" |
//! | scores | 20 | one score, as "dozens" is one dozen |
//! | hundreds / centaines | 100 | ACLED: "hundreds" |
//! | thousands / milliers | 1000 | "and so on" |
//! | `… de milliers` | × 1000 | |
//! | several / plusieurs / many / de nombreux | 10 | a vague plural coded as one round ten, like "tens" |
//! | a few / quelques / a handful | 3 | the same small plural as deaths without a number |
//! | a couple | 2 | |
//! | deaths without a number | 3 | DESIGN.md's ACLED reading |
//!
//! Numbers with modifiers are handled in `figure/` (the stated number in
//! every case except "fewer than N", which excludes N itself).
//!
//! # User entries
//!
//! A case's `lexicon.csv` rows ([`LexiconEntry`]) are matched before any
//! built-in phrase, case- and accent-insensitively on whole words: reading the
//! text left to right, the longest user phrase starting at a word wins; a
//! built-in phrase never runs across a place where a user phrase starts. A later entry with the same phrase replaces an earlier one.
//! A modifier before a user phrase still applies (`au moins <phrase>` is
//! [low, open)), reading a point entry (low = high = n) like the number n and
//! any other entry like a vague phrase. Under the `acled` lexicon a user entry
//! reads as its low end, the conservative point.

use std::fmt;
use std::str::FromStr;

/// Which built-in phrase table reads vague figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexiconKind {
    /// The DESIGN table: ranges for vague phrases.
    Builtin,
    /// ACLED's conservative coding: one number per figure.
    Acled,
}

/// A lexicon name that is neither `builtin` nor `acled`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconKindError {
    pub given: String,
}

impl fmt::Display for LexiconKindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown lexicon \"{}\": expected \"builtin\" or \"acled\"",
            self.given
        )
    }
}

impl std::error::Error for LexiconKindError {}

impl FromStr for LexiconKind {
    type Err = LexiconKindError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "builtin" => Ok(LexiconKind::Builtin),
            "acled" => Ok(LexiconKind::Acled),
            _ => Err(LexiconKindError {
                given: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for LexiconKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LexiconKind::Builtin => "builtin",
            LexiconKind::Acled => "acled",
        })
    }
}

/// One row of a case's `lexicon.csv`: a phrase and its interval (`high` None = open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconEntry {
    pub phrase: String,
    pub low: u64,
    pub high: Option<u64>,
}

/// A user phrase, tokenised the way figures are.
#[derive(Debug, Clone)]
pub(crate) struct UserPhrase {
    pub(crate) keys: Vec<String>,
    pub(crate) entry: LexiconEntry,
}

/// The phrase tables a figure is read with: a built-in kind plus user entries.
#[derive(Debug, Clone)]
pub struct Lexicon {
    kind: LexiconKind,
    /// Longest phrase (in words) first.
    user: Vec<UserPhrase>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new(LexiconKind::Builtin)
    }
}

impl Lexicon {
    pub fn new(kind: LexiconKind) -> Self {
        Lexicon {
            kind,
            user: Vec::new(),
        }
    }

    pub fn kind(&self) -> LexiconKind {
        self.kind
    }

    /// User entries (from a case's lexicon.csv) extend or override built-in
    /// phrases; matched case/accent-insensitively, longest phrase first.
    ///
    /// A phrase with no words in it is ignored; `high < low` is swapped.
    pub fn with_entries(mut self, entries: Vec<LexiconEntry>) -> Self {
        for mut entry in entries {
            let keys = super::text::phrase_keys(&entry.phrase);
            if keys.is_empty() {
                continue;
            }
            if let Some(high) = entry.high
                && high < entry.low
            {
                entry.high = Some(entry.low);
                entry.low = high;
            }
            match self.user.iter_mut().find(|u| u.keys == keys) {
                Some(existing) => existing.entry = entry,
                None => self.user.push(UserPhrase { keys, entry }),
            }
        }
        // Stable: among phrases of equal length, the first given wins a tie.
        self.user.sort_by_key(|u| std::cmp::Reverse(u.keys.len()));
        self
    }

    pub(crate) fn user_phrases(&self) -> &[UserPhrase] {
        &self.user
    }
}

// ---------------------------------------------------------------------------
// Built-in phrase tables (words are in folded form: lowercase, no accents).
// ---------------------------------------------------------------------------

/// Approximate nouns: "une cinquantaine" is about 50. Read as [0.8N, 1.2N].
pub(crate) const APPROX_NOUNS: &[(&str, u64)] = &[
    ("dizaine", 10),
    ("dizaines", 10),
    ("douzaine", 12),
    ("douzaines", 12),
    ("quinzaine", 15),
    ("quinzaines", 15),
    ("vingtaine", 20),
    ("vingtaines", 20),
    ("trentaine", 30),
    ("quarantaine", 40),
    ("cinquantaine", 50),
    ("soixantaine", 60),
    ("centaine", 100),
    ("centaines", 100),
    ("millier", 1000),
    ("milliers", 1000),
    ("dozen", 12),
    ("dozens", 12),
];

/// How many of a scale noun a vague determiner means ("des" dizaines, "plusieurs" dizaines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScaleDet {
    /// des / de / many / none: [2u, 10u − 1]
    Some,
    /// plusieurs / several: [round(0.8 · 3u), 10u − 1]
    Several,
    /// quelques / a few: [2u, 5u]
    Few,
}

/// Determiners before a plural scale noun, longest first where they overlap.
pub(crate) const SCALE_DETS: &[(&str, ScaleDet)] = &[
    ("des", ScaleDet::Some),
    ("de", ScaleDet::Some),
    ("d", ScaleDet::Some),
    ("de nombreuses", ScaleDet::Some),
    ("de nombreux", ScaleDet::Some),
    ("many", ScaleDet::Some),
    ("plusieurs", ScaleDet::Several),
    ("several", ScaleDet::Several),
    ("quelques", ScaleDet::Few),
    ("a few", ScaleDet::Few),
];

/// A scale noun: its unit for ranges, its ACLED code, a label, and whether it
/// needs a determiner (English singular "several hundred").
pub(crate) struct ScaleNoun {
    pub(crate) word: &'static str,
    pub(crate) unit: u64,
    pub(crate) acled: u64,
    pub(crate) label: &'static str,
    pub(crate) needs_det: bool,
}

const fn scale(word: &'static str, unit: u64, acled: u64, label: &'static str) -> ScaleNoun {
    ScaleNoun {
        word,
        unit,
        acled,
        label,
        needs_det: false,
    }
}

const fn scale_after_det(
    word: &'static str,
    unit: u64,
    acled: u64,
    label: &'static str,
) -> ScaleNoun {
    ScaleNoun {
        word,
        unit,
        acled,
        label,
        needs_det: true,
    }
}

/// Plural scale nouns. Dozens use the unit 10 for ranges, raised to at least
/// 24 (two dozen) in `figure/`, and ACLED's 12.
pub(crate) const SCALE_NOUNS: &[ScaleNoun] = &[
    scale("dizaines", 10, 10, "tens"),
    scale("douzaines", 10, 12, "dozens"),
    scale("centaines", 100, 100, "hundreds"),
    scale("milliers", 1000, 1000, "thousands"),
    scale("millions", 1_000_000, 1_000_000, "millions"),
    scale("tens", 10, 10, "tens"),
    scale("dozens", 10, 12, "dozens"),
    scale("hundreds", 100, 100, "hundreds"),
    scale("thousands", 1000, 1000, "thousands"),
    scale("scores", 20, 20, "scores"),
    scale_after_det("dozen", 10, 12, "dozens"),
    scale_after_det("hundred", 100, 100, "hundreds"),
    scale_after_det("thousand", 1000, 1000, "thousands"),
    scale_after_det("million", 1_000_000, 1_000_000, "millions"),
];

/// "… de milliers" after a scale or approximate noun multiplies it.
pub(crate) const SCALE_MULTIPLIERS: &[(&str, u64)] = &[
    ("de milliers", 1000),
    ("d milliers", 1000),
    ("de millions", 1_000_000),
    ("of thousands", 1000),
    ("of millions", 1_000_000),
];

/// Vague plural quantifiers with no scale noun: (phrase, low, high, acled, label).
pub(crate) const VAGUE_WORDS: &[(&str, u64, u64, u64, &str)] = &[
    ("plusieurs", 3, 9, 10, "several"),
    ("several", 3, 9, 10, "several"),
    ("quelques", 2, 5, 3, "a few"),
    ("a few", 2, 5, 3, "a few"),
    ("une poignee de", 2, 5, 3, "a few"),
    ("une poignee d", 2, 5, 3, "a few"),
    ("a handful of", 2, 5, 3, "a few"),
    ("a couple of", 2, 3, 2, "a couple"),
    ("de nombreux", 5, 99, 10, "many"),
    ("de nombreuses", 5, 99, 10, "many"),
    ("nombreux", 5, 99, 10, "many"),
    ("nombreuses", 5, 99, 10, "many"),
    ("beaucoup de", 5, 99, 10, "many"),
    ("beaucoup d", 5, 99, 10, "many"),
    ("many", 5, 99, 10, "many"),
    ("numerous", 5, 99, 10, "many"),
];

/// Deaths reported without a number ("des morts", "casualties"): [2, open).
pub(crate) const DEATHS_UNKNOWN_LOW: u64 = 2;
/// ACLED's code for deaths reported without a number.
pub(crate) const ACLED_DEATHS_UNKNOWN: u64 = 3;

/// The interval of a scale phrase ("plusieurs centaines") under the built-in
/// lexicon, before any "de milliers" multiplier.
pub(crate) fn scale_interval(det: ScaleDet, unit: u64) -> (u64, u64) {
    match det {
        ScaleDet::Some => (2 * unit, 10 * unit - 1),
        ScaleDet::Several => (round_ratio(3 * unit, 8), 10 * unit - 1),
        ScaleDet::Few => (2 * unit, 5 * unit),
    }
}

/// round(n · tenths / 10), halves away from zero, without overflow: the
/// rounding of every "0.8 N" and "1.2 N" in the tables.
pub(crate) fn round_ratio(n: u64, tenths: u64) -> u64 {
    let x = u128::from(n) * u128::from(tenths);
    u64::try_from((x + 5) / 10).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_parses_and_displays() {
        assert_eq!("builtin".parse::<LexiconKind>(), Ok(LexiconKind::Builtin));
        assert_eq!(" ACLED ".parse::<LexiconKind>(), Ok(LexiconKind::Acled));
        let err = "ucdp".parse::<LexiconKind>().unwrap_err();
        assert!(err.to_string().contains("\"ucdp\""));
        assert_eq!(LexiconKind::Acled.to_string(), "acled");
        assert_eq!(LexiconKind::Builtin.to_string(), "builtin");
        assert_eq!(Lexicon::new(LexiconKind::Acled).kind(), LexiconKind::Acled);
    }

    #[test]
    fn entries_replace_same_phrase_and_sort_longest_first() {
        let lex = Lexicon::default().with_entries(vec![
            LexiconEntry {
                phrase: "Bilan lourd".into(),
                low: 10,
                high: None,
            },
            LexiconEntry {
                phrase: "un bilan très lourd".into(),
                low: 50,
                high: Some(20),
            },
            LexiconEntry {
                phrase: "bilan LOURD".into(),
                low: 12,
                high: None,
            },
            LexiconEntry {
                phrase: " ' ".into(),
                low: 1,
                high: None,
            },
        ]);
        let user = lex.user_phrases();
        assert_eq!(user.len(), 2);
        assert_eq!(user[0].keys, ["un", "bilan", "tres", "lourd"]);
        assert_eq!((user[0].entry.low, user[0].entry.high), (20, Some(50)));
        assert_eq!(user[1].keys, ["bilan", "lourd"]);
        assert_eq!(user[1].entry.low, 12);
    }

    #[test]
    fn scale_intervals_follow_design() {
        assert_eq!(scale_interval(ScaleDet::Some, 10), (20, 99));
        assert_eq!(scale_interval(ScaleDet::Several, 10), (24, 99));
        assert_eq!(scale_interval(ScaleDet::Several, 100), (240, 999));
        assert_eq!(scale_interval(ScaleDet::Few, 100), (200, 500));
        assert_eq!(scale_interval(ScaleDet::Some, 1000), (2000, 9999));
    }
}
