//! Reading a figure: French or English death-toll text → an interval of whole
//! numbers, closed `[low, high]` or open above `[low, open)`, with a short
//! account of how it was read (DESIGN.md, "Reading a figure").
//!
//! # Steps
//!
//! 1. **Fold** the text: Unicode compatibility decomposition, accents and case
//!    removed, every apostrophe, dash, quote and space (no-break, narrow) made
//!    one ASCII form. Each folded character remembers where it came from, so
//!    [`Reading::how`] quotes the original words.
//! 2. **Tokenise** into words, whole numbers, decimals and punctuation. Digit
//!    groups of three after a space, `.` or `,` belong to the number
//!    (`1 000`, `1.000`, `1,000` = 1000); `1,5` is a decimal, not a count;
//!    digits glued to letters (`15h30`, `1er`) are not counts. A hyphen between
//!    letters joins nothing (`soixante-quatre` = `soixante quatre`).
//! 3. **Find quantities**, left to right, trying at each word in this order:
//!    a user lexicon phrase; a modifier (`au moins`, `more than`, …) followed
//!    by a base; a keyword range (`entre 20 et 30`, `from 20 to 30`,
//!    `de 95 à 35`); a negated death (`aucun mort`, `no one was killed`); a
//!    base; deaths without a number (`des morts`, `casualties`). A base is, in
//!    order: a user phrase, a vague scale (`des dizaines`, `plusieurs
//!    centaines de milliers`, `a few hundred`), an approximate noun (`une
//!    cinquantaine`, `a dozen`, `deux centaines`), a vague word
//!    (`plusieurs`, `many`), a number (digits, `1,5 million`, or number words
//!    up to the billions: `quatre-vingt-dix`, `soixante et onze`, `two hundred
//!    and five`), possibly a plain range (`20-30`, `20 à 30`, `deux ou trois`).
//! 4. **Attach** each quantity to the words after it (up to `WINDOW` = 8 tokens,
//!    stopping at punctuation, `et`/`and`, prepositions, `selon`, the next
//!    quantity): death words make it a death count; wounded, missing,
//!    displaced, prisoners make it *not* a death count (`64 morts et 30
//!    blessés` = 64); person nouns, nothing at all, or other nouns rank lower;
//!    units and dates (`ans`, `km`, `%`, `12 septembre`, `depuis 2012`) are
//!    not counts. A wounded/killed verb just before the number
//!    (`wounding 30`, `killed at least 76`) counts when the words after say
//!    nothing. A modifier after the words applies to it (`une soixantaine de
//!    civils, au moins`, `50 or more`). "un", "une", "a" count as 1 only
//!    before a death word or a person noun (`un mort`, `une victime`). A vague
//!    word right after `selon` / `according to`, or counting sources or
//!    witnesses (`de nombreuses sources`), is who reports, not a toll.
//! 5. **Cut breakdowns**: from `dont`, `soit`, `including`, `y compris`,
//!    `among them`, `(`, … after a count, the rest only details that count
//!    (`32 personnes tuées dont 28 gendarmes et 04 civils` = 32).
//! 6. **Choose**: quantities joined only by `et`, `and`, `+`, `,` (with `de`,
//!    `of`, `ainsi que` allowed) are parts of one sum (`10 soldats maliens tués
//!    et 46 rebelles neutralisés` = 56); a bare number beside a counted noun is
//!    not added unless written with `+` (`au moins 64 morts et plus d'une
//!    centaine` = 64, `10 + 46 morts` = 56). Among the sums, those with a death word
//!    win, then those with person nouns or bare numbers, then deaths without a
//!    number, then (when no count is read) a text saying the toll is not given
//!    is an error, then quantities of other nouns. Two separate figures of the
//!    same rank are an error (say which one you mean), except after a revision
//!    word (`revu`, `ramené`, `passé`, `rose`, `revised`, …): then the last one
//!    is the figure, and `ramené de 95 à 35` / `from 20 to 32` read as the
//!    later number.
//! 7. **Interpret** under the lexicon kind (tables in `lexicon.rs`).
//!
//! # Readings (built-in lexicon)
//!
//! With r(x) = round half away from zero:
//!
//! | phrase | interval | mode |
//! |---|---|---|
//! | `N` | [N, N] | N |
//! | `environ N`, `about N`, `some N`, `une cinquantaine`, `a dozen` | [r(0.8N), r(1.2N)] | N |
//! | `au moins N`, `at least N`, `N or more` | [N, open) | N |
//! | `au moins une dizaine` (approximate noun) | [r(0.8N), open): the approximation's low end | N |
//! | `plus de N`, `plus d'une centaine`, `more than N`, `over N` | [N+1, open) | none (N is outside) |
//! | `moins de N`, `fewer than N` | [1, N−1] ([0, 0] when N ≤ 1) | none |
//! | `un peu moins de N`, `just under N` | [r(0.8N), N−1] | none |
//! | `jusqu'à N`, `up to N`, `as many as N`, `at most N` | [1, N] ([0, 0] when N = 0) | N |
//! | `près de N`, `nearly N`, `avoisinant les N`, `approchant N` | [r(0.8N), N] | N |
//! | `entre A et B`, `A-B`, `A à B`, `A ou B` | [min, max] | none |
//! | vague phrases (`des dizaines`, …) | the `lexicon.rs` table | none |
//! | a modifier before a vague phrase | at least / more than: [low, open); fewer than / up to: [1, high]; near / about: unchanged | none |
//! | sum of parts | sum of lows, sum of highs (open if any part is) | sum of modes if all have one |
//! | `aucun mort`, `no deaths`, `0` | [0, 0] | 0 |
//! | deaths without a number | [2, open) | none |
//!
//! A modifier on a range: at least → [low, open); more than → [low+1, open);
//! fewer than → [1, high−1]; up to → [1, high]; near / about → unchanged.
//! Counts above [`MAX_COUNT`] are refused.
//!
//! # ACLED lexicon
//!
//! Every reading is a point [n, n]. n is the stated number whatever the
//! modifier (at least, more than, about, nearly, up to: ACLED codes the figure
//! reported), except `fewer than N` / `just under N`, which exclude N: N−1. A
//! range reads as its lower stated end, a vague phrase as ACLED's code
//! (`lexicon.rs`), deaths without a number as 3, a sum as the sum of its points.

use crate::lexicon::{self, Lexicon, LexiconKind, ScaleDet};
use std::cell::Cell;
use std::fmt;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Counts above this (10^12) are refused as "number too large".
pub const MAX_COUNT: u64 = 1_000_000_000_000;
/// Tokens after a number searched for the noun it counts ("10 soldats maliens tués").
const WINDOW: usize = 8;
/// Words before a number searched for a killing/wounding verb ("wounding 30").
const LOOKBEHIND: usize = 3;
/// How much of a long text an error message quotes, in characters.
const QUOTE_CHARS: usize = 160;

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

/// A figure text that could not be read as a death toll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureError {
    pub text: String,
    pub message: String,
}

impl FigureError {
    /// What could not be read and why, without advice: `cannot read "…" as
    /// a death toll: reason` (long texts cut to their first characters).
    pub fn reason(&self) -> String {
        let mut quoted: String = self.text.chars().take(QUOTE_CHARS).collect();
        if self.text.chars().nth(QUOTE_CHARS).is_some() {
            quoted.push('…');
        }
        format!("cannot read \"{quoted}\" as a death toll: {}", self.message)
    }
}

impl fmt::Display for FigureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; give low/high", self.reason())
    }
}

impl std::error::Error for FigureError {}

/// Read a French or English figure text as an interval of whole numbers.
pub fn read_figure(text: &str, lexicon: &crate::lexicon::Lexicon) -> Result<Reading, FigureError> {
    let fail = |message: String| FigureError {
        text: text.to_string(),
        message,
    };
    let toks = tokenize(text);
    if toks.is_empty() {
        return Err(fail("the figure is empty".into()));
    }
    if toks.iter().any(|t| t.tok == Tok::Big) {
        return Err(fail(format!("number too large (above {MAX_COUNT})")));
    }
    let parser = Parser::new(text, toks, lexicon);
    let choice = parser.read().map_err(fail)?;
    parser.interpret(&choice).map_err(fail)
}

/// The words of a phrase as the parser sees them (folded, tokenised): used to
/// match user lexicon phrases.
pub(crate) fn phrase_keys(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.key).collect()
}

/// round(n · tenths / 10), halves away from zero, without overflow.
pub(crate) fn round_ratio(n: u64, tenths: u64) -> u64 {
    let x = u128::from(n) * u128::from(tenths);
    u64::try_from((x + 5) / 10).unwrap_or(u64::MAX)
}

// ---------------------------------------------------------------------------
// Folding and tokens
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Int(u64),
    /// A number with a decimal part ("1,5"): a count only before "million".
    Decimal(f64),
    /// Digits above [`MAX_COUNT`].
    Big,
    /// Digits glued to letters: "15h30", "1er", "3e".
    Glued,
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    /// What user phrases are matched against: the folded word, the number, the character.
    key: String,
    /// Byte range in the original text.
    start: usize,
    end: usize,
}

/// Each folded character with the byte range of the original character it came from.
fn fold(text: &str) -> Vec<(char, usize, usize)> {
    let mut out = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        let mut push = |ch: char| out.push((ch, start, end));
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '`' | '\u{B4}' | '\u{2032}'
            | '\u{2BC}' => push('\''),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
                push('-')
            }
            '"' | '\u{AB}' | '\u{BB}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}'
            | '\u{2039}' | '\u{203A}' => push(' '),
            // Invisible: soft hyphen, zero-width characters, byte-order mark.
            '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{153}' | '\u{152}' => {
                push('o');
                push('e');
            }
            '\u{E6}' | '\u{C6}' => {
                push('a');
                push('e');
            }
            '\u{DF}' => {
                push('s');
                push('s');
            }
            c if c.is_whitespace() => push(' '),
            c => decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    for l in d.to_lowercase() {
                        if !is_combining_mark(l) {
                            push(l);
                        }
                    }
                }
            }),
        }
    }
    out
}

fn tokenize(text: &str) -> Vec<Token> {
    let f = fold(text);
    let n = f.len();
    let mut toks = Vec::new();
    let mut j = 0;
    while j < n {
        let c = f[j].0;
        if c == ' ' || c == '\'' {
            j += 1;
        } else if c.is_ascii_digit() {
            j = lex_number(&f, j, &mut toks);
        } else if c.is_alphabetic() {
            let s = j;
            let mut w = String::new();
            while j < n && f[j].0.is_alphabetic() {
                w.push(f[j].0);
                j += 1;
            }
            toks.push(Token {
                key: w.clone(),
                tok: Tok::Word(w),
                start: f[s].1,
                end: f[j - 1].2,
            });
        } else if c == '-'
            && j > 0
            && j + 1 < n
            && f[j - 1].0.is_alphabetic()
            && f[j + 1].0.is_alphabetic()
        {
            // "soixante-quatre", "peut-être": a hyphen inside words separates them.
            j += 1;
        } else {
            toks.push(Token {
                tok: Tok::Punct(c),
                key: c.to_string(),
                start: f[j].1,
                end: f[j].2,
            });
            j += 1;
        }
    }
    toks
}

/// Lex digits at `start` (with grouping, decimals, glued letters); returns the next index.
fn lex_number(f: &[(char, usize, usize)], start: usize, toks: &mut Vec<Token>) -> usize {
    let n = f.len();
    let is_digit = |k: usize| k < n && f[k].0.is_ascii_digit();
    let mut j = start;
    let mut digits = String::new();
    while is_digit(j) {
        digits.push(f[j].0);
        j += 1;
    }
    let mut grouped = false;
    if digits.len() <= 3 {
        let mut sep: Option<char> = None;
        while j < n {
            let s = f[j].0;
            let same_sep = matches!(s, ' ' | '.' | ',') && sep.is_none_or(|p| p == s);
            if same_sep && is_digit(j + 1) && is_digit(j + 2) && is_digit(j + 3) && !is_digit(j + 4)
            {
                sep = Some(s);
                digits.extend(f[j + 1..j + 4].iter().map(|x| x.0));
                j += 4;
                grouped = true;
            } else {
                break;
            }
        }
    }
    let mut tok = int_token(&digits);
    let mut key = match tok {
        Tok::Int(v) => v.to_string(),
        _ => digits.clone(),
    };
    if !grouped && j + 1 < n && matches!(f[j].0, '.' | ',') && is_digit(j + 1) {
        let mut frac = String::new();
        j += 1;
        while is_digit(j) {
            frac.push(f[j].0);
            j += 1;
        }
        key = format!("{digits},{frac}");
        tok = match format!("{digits}.{frac}").parse::<f64>() {
            Ok(v) if v.is_finite() && v <= MAX_COUNT as f64 => Tok::Decimal(v),
            _ => Tok::Big,
        };
    }
    if j < n && f[j].0.is_alphabetic() {
        while j < n && f[j].0.is_alphanumeric() {
            j += 1;
        }
        tok = Tok::Glued;
        key = f[start..j].iter().map(|x| x.0).collect();
    }
    toks.push(Token {
        tok,
        key,
        start: f[start].1,
        end: f[j - 1].2,
    });
    j
}

fn int_token(digits: &str) -> Tok {
    let mut v: u64 = 0;
    for d in digits.bytes() {
        let next = v
            .checked_mul(10)
            .and_then(|x| x.checked_add(u64::from(d - b'0')));
        match next {
            Some(x) if x <= MAX_COUNT => v = x,
            _ => return Tok::Big,
        }
    }
    Tok::Int(v)
}

// ---------------------------------------------------------------------------
// Word tables (folded forms)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    AtLeast,
    MoreThan,
    FewerThan,
    JustUnder,
    UpTo,
    Nearly,
    About,
}

use Modifier::*;

/// Modifiers before a number, a number word or a vague phrase.
const MODIFIERS: &[(&str, Modifier)] = &[
    ("au moins", AtLeast),
    ("pas moins de", AtLeast),
    ("pas moins d", AtLeast),
    ("au minimum", AtLeast),
    ("au bas mot", AtLeast),
    ("minimum", AtLeast),
    ("at least", AtLeast),
    ("at the very least", AtLeast),
    ("at a minimum", AtLeast),
    ("a minimum of", AtLeast),
    ("no fewer than", AtLeast),
    ("no less than", AtLeast),
    ("not less than", AtLeast),
    ("not fewer than", AtLeast),
    ("plus de", MoreThan),
    ("plus d", MoreThan),
    ("un peu plus de", MoreThan),
    ("un peu plus d", MoreThan),
    ("bien plus de", MoreThan),
    ("bien plus d", MoreThan),
    ("largement plus de", MoreThan),
    ("au dela de", MoreThan),
    ("au dela d", MoreThan),
    ("more than", MoreThan),
    ("over", MoreThan),
    ("well over", MoreThan),
    ("just over", MoreThan),
    ("slightly more than", MoreThan),
    ("a little more than", MoreThan),
    ("upwards of", MoreThan),
    ("upward of", MoreThan),
    ("in excess of", MoreThan),
    ("moins de", FewerThan),
    ("moins d", FewerThan),
    ("fewer than", FewerThan),
    ("less than", FewerThan),
    ("under", FewerThan),
    ("un peu moins de", JustUnder),
    ("un peu moins d", JustUnder),
    ("just under", JustUnder),
    ("slightly fewer than", JustUnder),
    ("slightly less than", JustUnder),
    ("a little under", JustUnder),
    ("a little less than", JustUnder),
    ("jusqu a", UpTo),
    ("jusqu au", UpTo),
    ("au plus", UpTo),
    ("tout au plus", UpTo),
    ("au maximum", UpTo),
    ("maximum", UpTo),
    ("pas plus de", UpTo),
    ("pas plus d", UpTo),
    ("up to", UpTo),
    ("as many as", UpTo),
    ("as much as", UpTo),
    ("at most", UpTo),
    ("at the most", UpTo),
    ("a maximum of", UpTo),
    ("no more than", UpTo),
    ("not more than", UpTo),
    ("pres de", Nearly),
    ("pres d", Nearly),
    ("presque", Nearly),
    ("quasiment", Nearly),
    ("pratiquement", Nearly),
    ("avoisinant", Nearly),
    ("avoisinant les", Nearly),
    ("approchant", Nearly),
    ("approchant les", Nearly),
    ("frolant", Nearly),
    ("frolant les", Nearly),
    ("pas loin de", Nearly),
    ("pas loin d", Nearly),
    ("nearly", Nearly),
    ("almost", Nearly),
    ("close to", Nearly),
    ("approaching", Nearly),
    ("nearing", Nearly),
    ("not far from", Nearly),
    ("environ", About),
    ("quelque", About),
    ("autour de", About),
    ("autour d", About),
    ("aux alentours de", About),
    ("aux alentours d", About),
    ("a peu pres", About),
    ("approximativement", About),
    ("grosso modo", About),
    ("plus ou moins", About),
    ("about", About),
    ("around", About),
    ("some", About),
    ("roughly", About),
    ("approximately", About),
    ("approx", About),
    ("circa", About),
    ("an estimated", About),
    ("estimated", About),
    ("~", About),
];

/// Modifiers that may follow the figure ("une soixantaine de civils, au moins").
const POST_MODIFIERS: &[(&str, Modifier)] = &[
    ("au moins", AtLeast),
    ("au minimum", AtLeast),
    ("au bas mot", AtLeast),
    ("minimum", AtLeast),
    ("at least", AtLeast),
    ("at the very least", AtLeast),
    ("at a minimum", AtLeast),
    ("ou plus", AtLeast),
    ("et plus", AtLeast),
    ("or more", AtLeast),
    ("and more", AtLeast),
    ("+", AtLeast),
    ("environ", About),
    ("a peu pres", About),
    ("approximately", About),
    ("roughly", About),
    ("or so", About),
    ("au plus", UpTo),
    ("tout au plus", UpTo),
    ("au maximum", UpTo),
    ("maximum", UpTo),
    ("at most", UpTo),
    ("at the most", UpTo),
];

const SMALL_NUMBERS: &[(&str, u64)] = &[
    ("zero", 0),
    ("un", 1),
    ("une", 1),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("onze", 11),
    ("douze", 12),
    ("treize", 13),
    ("quatorze", 14),
    ("quinze", 15),
    ("seize", 16),
    ("vingt", 20),
    ("vingts", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("soixante", 60),
    ("septante", 70),
    ("huitante", 80),
    ("octante", 80),
    ("nonante", 90),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fourty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

const HUNDREDS: &[&str] = &["cent", "cents", "hundred"];

const BIG_NUMBERS: &[(&str, u64)] = &[
    ("mille", 1_000),
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("millions", 1_000_000),
    ("milliard", 1_000_000_000),
    ("milliards", 1_000_000_000),
    ("billion", 1_000_000_000),
];

/// Words that make a count a death count.
#[rustfmt::skip]
const DEATH_WORDS: &[&str] = &[
    "mort", "morts", "morte", "mortes", "tue", "tues", "tuee", "tuees", "tuant", "tuer", "deces",
    "decede", "decedes", "decedee", "decedees", "victime", "victimes", "corps", "cadavre",
    "cadavres", "neutralise", "neutralises", "neutralisee", "neutralisees", "abattu", "abattus",
    "abattue", "abattues", "execute", "executes", "executee", "executees", "massacre", "massacres",
    "massacrees", "assassine", "assassines", "assassinee", "assassinees", "tombe", "tombes",
    "tombee", "tombees", "martyr", "martyrs", "peri", "peris", "perissent", "perte", "pertes",
    "succombe", "succombes", "egorge", "egorges", "calcines", "killed", "killing", "kill", "kills",
    "dead", "death", "deaths", "died", "die", "dies", "dying", "bodies", "body", "corpses",
    "corpse", "fatalities", "fatality", "casualties", "casualty", "victims", "victim", "lifeless",
    "slain", "murdered", "massacred", "executed", "perished", "neutralized", "neutralised",
];

/// Words that make a count not a death count.
#[rustfmt::skip]
const HARM_WORDS: &[&str] = &[
    "blesse", "blesses", "blessee", "blessees", "blessant", "blessure", "blessures", "disparu",
    "disparus", "disparue", "disparues", "deplace", "deplaces", "deplacee", "deplacees",
    "prisonnier", "prisonniers", "otage", "otages", "enleve", "enleves", "enlevee", "enlevees",
    "kidnappe", "kidnappes", "capture", "captures", "arrete", "arretes", "interpelle",
    "interpelles", "detenus", "evacue", "evacues", "rescape", "rescapes", "survivant", "survivants",
    "sinistres", "injured", "injuring", "injuries", "wounded", "wounding", "hurt", "missing",
    "displaced", "prisoners", "prisoner", "hostages", "hostage", "abducted", "kidnapped",
    "captured", "arrested", "detained", "evacuated", "survivors", "rescued", "homeless",
];

/// Nouns for people: a count of them is a likely toll, below a count with a death word.
#[rustfmt::skip]
const PERSON_WORDS: &[&str] = &[
    "personnes", "personne", "gens", "civils", "civil", "civiles", "civile", "soldats", "soldat",
    "militaires", "militaire", "gendarmes", "gendarme", "policiers", "policier", "douaniers",
    "gardes", "rebelles", "rebelle", "combattants", "combattant", "jihadistes", "djihadistes",
    "jihadiste", "djihadiste", "terroristes", "terroriste", "assaillants", "assaillant", "insurges",
    "villageois", "habitants", "habitant", "enfants", "enfant", "femmes", "femme", "hommes",
    "homme", "adultes", "membres", "membre", "individus", "individu", "elements", "fideles",
    "passagers", "passager", "eleves", "agents", "bergers", "orpailleurs", "chauffeurs",
    "commercants", "pecheurs", "agriculteurs", "eleveurs", "vdp", "fama", "people", "persons",
    "person", "civilians", "civilian", "soldiers", "soldier", "troops", "servicemen", "policemen",
    "policeman", "officers", "officer", "police", "rebels", "rebel", "fighters", "fighter",
    "militants", "militant", "jihadists", "jihadist", "terrorists", "attackers", "assailants",
    "gunmen", "insurgents", "villagers", "villager", "residents", "resident", "children", "child",
    "women", "woman", "men", "man", "adults", "members", "member", "individuals", "passengers",
    "worshippers", "students", "pupils", "workers", "farmers", "herders", "miners", "refugees",
    "migrants", "peacekeepers",
];

/// Nouns for who reports a toll: "selon de nombreuses sources civiles" counts sources.
#[rustfmt::skip]
const INFORMANT_WORDS: &[&str] = &[
    "sources", "source", "temoins", "temoin", "temoignages", "responsables", "elus", "elu",
    "officiels", "journalistes", "medias", "rapports", "communiques", "reprises", "witnesses",
    "witness", "officials", "official", "reports", "journalists", "media", "accounts",
];

/// First nouns after a number that make it a measure, not a count of people.
#[rustfmt::skip]
const UNIT_WORDS: &[&str] = &[
    "an", "ans", "annee", "annees", "jour", "jours", "heure", "heures", "h", "minute", "minutes",
    "mn", "min", "seconde", "secondes", "mois", "semaine", "semaines", "km", "kilometre",
    "kilometres", "metre", "metres", "m", "kg", "tonnes", "fois", "reprises", "pourcent", "year",
    "years", "day", "days", "hour", "hours", "week", "weeks", "month", "months", "mile", "miles",
    "kilometer", "kilometers", "times", "percent", "per", "gmt", "utc", "am", "pm", "fcfa", "cfa",
    "francs", "dollars", "euros", "usd", "eur", "vehicules", "vehicule", "vehicles", "maisons",
    "houses", "homes",
];

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
    "novembre", "decembre", "janv", "fevr", "fev", "avr", "juil", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep",
];

/// Words before a 4-digit number that make it a year ("depuis 2012").
const YEAR_WORDS: &[&str] = &[
    "en", "in", "depuis", "since", "de", "of", "an", "annee", "year", "fin", "debut", "mi", "du",
    "the", "l",
];

/// Words skipped when looking for the noun after a number.
#[rustfmt::skip]
const FILLERS: &[&str] = &[
    "de", "d", "des", "du", "of", "the", "les", "la", "le", "l", "ont", "ete", "etaient", "etait",
    "sont", "est", "furent", "fut", "were", "was", "been", "have", "has", "had", "are", "is", "be",
    "y", "qui", "who", "that", "reportedly", "total", "lundi", "mardi", "mercredi", "jeudi",
    "vendredi", "samedi", "dimanche", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "hier", "yesterday", "today", "aujourd", "hui", "matin", "soir", "nuit",
    "morning", "evening", "night", "so", "far", "provisoire", "provisoires",
];

/// Words that end the search for the noun after (or the verb before) a number.
#[rustfmt::skip]
const STOPPERS: &[&str] = &[
    "et", "and", "ou", "or", "mais", "but", "a", "au", "aux", "dans", "in", "at", "on", "sur",
    "lors", "pendant", "during", "apres", "after", "avant", "before", "when", "lorsque", "quand",
    "since", "depuis", "selon", "according", "par", "by", "contre", "versus", "vs", "from", "while",
    "alors", "tandis", "whereas", "avec", "with", "dont", "soit", "including", "incl",
];

/// Phrases after which the rest details the count just given.
#[rustfmt::skip]
const BREAKDOWNS: &[&str] = &[
    "dont", "soit", "including", "incl", "inclus", "incluant", "comprenant", "y compris", "parmi
    lesquels", "parmi lesquelles", "parmi eux", "parmi elles", "among them", "among whom", "of
    whom", "of which", "(",
];

/// Tokens allowed between the parts of a sum.
const SUM_GAP: &[&str] = &[
    "et", "and", "plus", "+", "&", ",", "de", "d", "of", "ainsi", "que", "as", "well", "aussi",
    "also",
];
/// At least one of these must join two parts of a sum.
const SUM_JOINERS: &[&str] = &["et", "and", "plus", "+", "&", ","];

/// Words that announce a revised toll: the later figure wins.
#[rustfmt::skip]
const REVISION_WORDS: &[&str] = &[
    "ramene", "ramenee", "ramenes", "revu", "revue", "revise", "revisee", "passe", "passant",
    "passee", "porte", "portant", "portee", "alourdi", "alourdit", "grimpe", "grimpant", "monte",
    "montant", "rehausse", "abaisse", "corrige", "corrigee", "baisse", "hausse", "augmente",
    "revised", "rose", "risen", "rising", "raised", "increased", "climbed", "jumped", "lowered",
    "reduced", "cut", "dropped", "fell", "corrected", "updated", "upped",
];

/// Negations that, before a death word, mean no deaths ("aucun mort").
#[rustfmt::skip]
const NEGATIONS: &[&str] = &[
    "aucun", "aucune", "pas de", "pas d", "pas", "sans", "ni", "nul", "nulle", "no", "none",
    "nobody", "no one", "not a single", "not one", "personne n",
];

/// Toll words: after a negation ("aucun bilan"), the text says no figure was given.
#[rustfmt::skip]
const TOLL_WORDS: &[&str] = &[
    "bilan", "bilans", "toll", "tolls", "chiffre", "chiffres", "nombre", "number", "count",
    "figure", "figures", "estimate", "estimation", "decompte", "report", "information",
    "informations", "details", "precision", "precisions",
];

/// Words saying the toll is unknown.
#[rustfmt::skip]
const UNKNOWN_WORDS: &[&str] = &[
    "inconnu", "inconnue", "inconnus", "indetermine", "indeterminee", "unknown", "unclear",
    "undetermined", "unconfirmed",
];

/// Plural death nouns that, alone, mean deaths without a number ("des morts", "casualties").
const DEATHS_UNKNOWN_FR: &[&str] = &[
    "morts", "victimes", "tues", "deces", "decedes", "pertes", "cadavres", "corps",
];
const DEATHS_UNKNOWN_EN: &[&str] = &["deaths", "casualties", "fatalities", "victims", "bodies"];

fn is_in(table: &[&str], w: &str) -> bool {
    table.contains(&w)
}

fn small_value(w: &str) -> Option<u64> {
    SMALL_NUMBERS.iter().find(|(x, _)| *x == w).map(|&(_, v)| v)
}

fn big_value(w: &str) -> Option<u64> {
    BIG_NUMBERS.iter().find(|(x, _)| *x == w).map(|&(_, v)| v)
}

// ---------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------

/// One end of a range, with its nominal (stated) number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Endpoint {
    low: u64,
    high: u64,
    nominal: u64,
    approx: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Base {
    Exact(u64),
    /// "environ 50", "une cinquantaine": about N.
    Approx(u64),
    Vague {
        low: u64,
        high: u64,
        acled: u64,
        label: String,
    },
    Range {
        a: Endpoint,
        b: Endpoint,
        /// "de A à B", "from A to B": after a revision word, B is the new figure.
        from_form: bool,
    },
    Zero,
    DeathsUnknown,
    User {
        low: u64,
        high: Option<u64>,
        phrase: String,
    },
    /// "1,5": not a whole count.
    Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A death word goes with it.
    Death,
    /// A person noun goes with it ("138 people").
    Person,
    /// Nothing goes with it ("54").
    Bare,
    /// Some other noun ("deux camps").
    Other,
    /// Wounded, missing, displaced…: not deaths.
    Harm,
    /// A measure or a date: not a count.
    Unit,
    /// "un"/"une" as an article.
    Excluded,
}

#[derive(Debug, Clone)]
struct BaseMatch {
    base: Base,
    end: usize,
    /// A bare "un"/"une"/"a": a number only before a death or person noun.
    weak: bool,
    /// The value when the base is one token of digits (for dates and years).
    digits: Option<u64>,
}

#[derive(Debug, Clone)]
struct Quantity {
    modifier: Option<Modifier>,
    base: Base,
    start: usize,
    base_end: usize,
    /// After the attached words (and any post-modifier).
    end: usize,
    class: Class,
    weak: bool,
    digits: Option<u64>,
    /// The span quoted in `how`.
    quote_end: usize,
}

/// What was chosen as the figure.
#[derive(Debug)]
enum Choice {
    Parts {
        parts: Vec<Quantity>,
        /// The text has a revision word ("ramené de 95 à 35").
        revised: bool,
        /// Several figures were given and the last (revised) one was taken.
        picked_last: bool,
    },
    DeathsUnknown {
        quote: (usize, usize),
    },
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<Token>,
    lex: &'a Lexicon,
    /// User phrase matches: (start, end, index in the lexicon), in order, not overlapping.
    user: Vec<(usize, usize, usize)>,
    too_large: Cell<bool>,
    no_figure: Cell<bool>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, toks: Vec<Token>, lex: &'a Lexicon) -> Self {
        let mut user = Vec::new();
        let phrases = lex.user_phrases();
        let mut i = 0;
        while i < toks.len() {
            // Phrases are sorted longest first: the first that matches is the longest.
            let hit = phrases.iter().enumerate().find(|(_, p)| {
                toks.len() - i >= p.keys.len()
                    && p.keys.iter().zip(&toks[i..]).all(|(k, t)| *k == t.key)
            });
            match hit {
                Some((idx, p)) => {
                    user.push((i, i + p.keys.len(), idx));
                    i += p.keys.len();
                }
                None => i += 1,
            }
        }
        Parser {
            text,
            toks,
            lex,
            user,
            too_large: Cell::new(false),
            no_figure: Cell::new(false),
        }
    }

    fn n(&self) -> usize {
        self.toks.len()
    }

    /// Built-in patterns starting at `i` stop where a user phrase starts.
    fn limit_after(&self, i: usize) -> usize {
        let k = self.user.partition_point(|u| u.0 <= i);
        self.user.get(k).map_or(self.n(), |u| u.0)
    }

    /// The user phrase match starting at `i`, if any.
    fn user_at(&self, i: usize) -> Option<&(usize, usize, usize)> {
        self.user
            .binary_search_by_key(&i, |u| u.0)
            .ok()
            .and_then(|k| self.user.get(k))
    }

    fn word(&self, i: usize, limit: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some(Token {
                tok: Tok::Word(w), ..
            }) if i < limit => Some(w.as_str()),
            _ => None,
        }
    }

    fn key(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| t.key.as_str())
    }

    /// End of `phrase` (space-separated keys) if it starts at `i`.
    fn phrase_at(&self, i: usize, limit: usize, phrase: &str) -> Option<usize> {
        let mut k = i;
        for piece in phrase.split(' ') {
            if k >= limit || self.key(k) != Some(piece) {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    fn longest<T: Copy>(&self, i: usize, limit: usize, table: &[(&str, T)]) -> Option<(usize, T)> {
        table
            .iter()
            .filter_map(|&(p, v)| self.phrase_at(i, limit, p).map(|e| (e, v)))
            .max_by_key(|&(e, _)| e)
    }

    fn longest_of(&self, i: usize, limit: usize, table: &[&str]) -> Option<usize> {
        table
            .iter()
            .filter_map(|p| self.phrase_at(i, limit, p))
            .max()
    }

    fn quote(&self, from: usize, to: usize) -> &str {
        if from >= to || to > self.n() {
            return "";
        }
        let (s, e) = (self.toks[from].start, self.toks[to - 1].end);
        self.text.get(s..e).unwrap_or("")
    }

    // --- numbers -----------------------------------------------------------

    /// A number at `i`: digits (times "mille"/"million"), or number words.
    /// Returns (value, end, weak).
    fn number(&self, i: usize, limit: usize) -> Option<(u64, usize, bool)> {
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

    fn checked(&self, v: Option<u64>) -> Option<u64> {
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
    fn number_words(&self, i: usize, limit: usize) -> Option<(u64, usize, bool)> {
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
    fn joins_number_words(
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

    // --- bases ---------------------------------------------------------------

    /// A base quantity at `i` (no modifier).
    fn base(&self, i: usize) -> Option<BaseMatch> {
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
    fn scale(&self, i: usize, limit: usize) -> Option<BaseMatch> {
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

    /// "une cinquantaine", "un millier", "a dozen", "deux centaines", "une centaine de milliers".
    fn approx(&self, i: usize, limit: usize) -> Option<BaseMatch> {
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
        Some(BaseMatch {
            base: Base::Approx(value),
            end,
            weak: false,
            digits: None,
        })
    }

    /// "plusieurs", "quelques", "de nombreux", "many", "a few".
    fn vague(&self, i: usize, limit: usize) -> Option<BaseMatch> {
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
    fn number_or_range(&self, i: usize, limit: usize) -> Option<BaseMatch> {
        if matches!(self.toks.get(i).map(|t| &t.tok), Some(Tok::Decimal(_)))
            && self.number(i, limit).is_none()
        {
            return Some(BaseMatch {
                base: Base::Decimal,
                end: i + 1,
                weak: false,
                digits: None,
            });
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
    fn endpoint(&self, i: usize, limit: usize) -> Option<(Endpoint, usize)> {
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
    fn keyword_range(&self, i: usize, limit: usize) -> Option<BaseMatch> {
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
        Some(BaseMatch {
            base: Base::Range { a, b, from_form },
            end: e2,
            weak: false,
            digits: None,
        })
    }

    /// "aucun mort", "pas de victimes", "no one was killed" → Some(end).
    /// A negated toll word ("aucun bilan") marks the text as giving no figure.
    fn negated_death(&self, i: usize, limit: usize) -> Option<usize> {
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
    fn toll_context(&self, k: usize) -> bool {
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
    fn deaths_unknown(&self, i: usize, limit: usize) -> Option<usize> {
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

    fn quantity(&self, modifier: Option<Modifier>, start: usize, b: BaseMatch) -> Quantity {
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
        }
    }

    /// Quantities and deaths-without-a-number phrases, left to right.
    fn scan(&self) -> (Vec<Quantity>, Vec<(usize, usize)>) {
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
                let b = BaseMatch {
                    base: Base::Zero,
                    end,
                    weak: false,
                    digits: None,
                };
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

fn exact_end(v: u64) -> Endpoint {
    Endpoint {
        low: v,
        high: v,
        nominal: v,
        approx: false,
    }
}

fn is_year(v: u64) -> bool {
    (1900..=2100).contains(&v)
}

/// [r(0.8N), r(1.2N)].
fn about(n: u64) -> (u64, u64) {
    (round_ratio(n, 8), round_ratio(n, 12))
}

// ---------------------------------------------------------------------------
// Attaching quantities to their nouns, and choosing the figure
// ---------------------------------------------------------------------------

impl Parser<'_> {
    fn starts_modifier(&self, j: usize) -> bool {
        let n = self.n();
        self.longest(j, n, MODIFIERS).is_some() || self.longest(j, n, POST_MODIFIERS).is_some()
    }

    fn is_word_in(&self, i: usize, table: &[&str]) -> bool {
        self.word(i, self.n()).is_some_and(|w| is_in(table, w))
    }

    /// Give each quantity its class from the words after it (and a verb before it).
    fn classify(&self, qs: &mut [Quantity]) {
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
                if is_in(DEATH_WORDS, w) && self.toll_context(j - 1) {
                    break; // "a death toll of 5": the toll, not one death
                } else if is_in(DEATH_WORDS, w) {
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
    }

    /// Where a breakdown of a count starts ("dont", "including", "("), or the end.
    fn breakdown_cut(&self, qs: &[Quantity]) -> usize {
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
    fn joined(&self, a: &Quantity, b: &Quantity) -> bool {
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
        // noun is another version of the figure, not a part; "10 + 46 morts" still adds.
        (a.class == Class::Bare) == (b.class == Class::Bare) || gap.iter().any(|t| t.key == "+")
    }

    fn chain_quote(&self, chain: &[&Quantity]) -> String {
        chain
            .iter()
            .map(|q| format!("\"{}\"", self.quote(q.start, q.end.max(q.quote_end))))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// Find the quantities and choose the figure among them.
    fn read(&self) -> Result<Choice, String> {
        let (mut qs, unknown) = self.scan();
        if self.too_large.get() {
            return Err(format!("number too large (above {MAX_COUNT})"));
        }
        self.classify(&mut qs);
        let cut = self.breakdown_cut(&qs);
        qs.retain(|q| q.start < cut);
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
            if !best.is_empty() {
                return self.pick(&best, revised, false);
            }
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
            return self.pick(&others, revised, true);
        }
        if qs.iter().any(|q| q.class == Class::Harm) {
            return Err(
                "its numbers count wounded, missing, displaced or captured people, not deaths"
                    .into(),
            );
        }
        Err("no number or toll phrase found".into())
    }

    fn pick(
        &self,
        chains: &[&Vec<&Quantity>],
        revised: bool,
        others: bool,
    ) -> Result<Choice, String> {
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
            _ => {
                let mut list: Vec<String> =
                    chains.iter().take(4).map(|c| self.chain_quote(c)).collect();
                if chains.len() > 4 {
                    list.push("…".into());
                }
                return Err(format!(
                    "it gives {} separate figures ({}); keep one figure per claim",
                    chains.len(),
                    list.join("; ")
                ));
            }
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
        Ok(Choice::Parts {
            parts,
            revised,
            picked_last: chains.len() > 1,
        })
    }
}

// ---------------------------------------------------------------------------
// Interpretation under a lexicon kind
// ---------------------------------------------------------------------------

/// One part of a figure, interpreted.
struct Part {
    low: u64,
    high: Option<u64>,
    mode: Option<u64>,
    phrase: String,
    desc: String,
}

fn show(low: u64, high: Option<u64>) -> String {
    match high {
        Some(h) => format!("[{low}, {h}]"),
        None => format!("[{low}, open)"),
    }
}

fn modifier_words(m: Modifier) -> &'static str {
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

type Interval = (u64, Option<u64>, Option<u64>, String);

/// The DESIGN table.
fn builtin(base: &Base, modifier: Option<Modifier>) -> Interval {
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
fn acled(base: &Base, modifier: Option<Modifier>) -> Interval {
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
    fn part(&self, q: &Quantity, kind: LexiconKind, revised: bool) -> Part {
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
        let (low, high, mode, mut desc) = match kind {
            LexiconKind::Builtin => builtin(&base, modifier),
            LexiconKind::Acled => acled(&base, modifier),
        };
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

    fn interpret(&self, choice: &Choice) -> Result<Reading, String> {
        let kind = self.lex.kind();
        let prefix = match kind {
            LexiconKind::Builtin => "",
            LexiconKind::Acled => "acled: ",
        };
        let (parts, picked_last) = match choice {
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
                    },
                    kind,
                    false,
                );
                if part.phrase.is_empty() {
                    part.phrase = "deaths".into();
                }
                (vec![part], false)
            }
            Choice::Parts {
                parts,
                revised,
                picked_last,
            } => (
                parts.iter().map(|q| self.part(q, kind, *revised)).collect(),
                *picked_last,
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
        Ok(Reading {
            low,
            high,
            mode,
            how,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        phrase_keys(text)
    }

    #[test]
    fn folds_accents_case_apostrophes_and_spaces() {
        assert_eq!(
            keys("Plus d’une CENTAINE"),
            ["plus", "d", "une", "centaine"]
        );
        assert_eq!(keys("jusqu'à"), ["jusqu", "a"]);
        assert_eq!(keys("soixante-quatre"), ["soixante", "quatre"]);
        assert_eq!(keys("20 – 30"), ["20", "-", "30"]);
        assert_eq!(keys("Œuvre"), ["oeuvre"]);
    }

    #[test]
    fn digit_grouping_and_decimals() {
        for text in ["1 000", "1\u{a0}000", "1\u{202f}000", "1.000", "1,000"] {
            assert_eq!(keys(text), ["1000"], "{text:?}");
        }
        assert_eq!(keys("2 000 000"), ["2000000"]);
        assert_eq!(keys("1,5"), ["1,5"]);
        assert!(matches!(tokenize("1,5")[0].tok, Tok::Decimal(_)));
        assert_eq!(keys("04"), ["4"]);
        assert_eq!(tokenize("15h30")[0].tok, Tok::Glued);
        assert_eq!(tokenize("99999999999999999999")[0].tok, Tok::Big);
        // A 4-digit run is not a thousands group: "2019 120".
        assert_eq!(keys("2019 120"), ["2019", "120"]);
    }

    #[test]
    fn token_spans_point_into_the_original() {
        let text = "Près de 1 000 tués";
        let toks = tokenize(text);
        let spans: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["Près", "de", "1 000", "tués"]);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_ratio(12, 8), 10); // 9.6
        assert_eq!(round_ratio(12, 12), 14); // 14.4
        assert_eq!(round_ratio(32, 8), 26); // 25.6
        assert_eq!(round_ratio(5, 12), 6); // 6.0
        assert_eq!(round_ratio(MAX_COUNT, 12), 1_200_000_000_000);
        for n in 0..2000u64 {
            assert_eq!(round_ratio(n, 8), (0.8 * n as f64).round() as u64, "{n}");
        }
    }

    #[test]
    fn number_words() {
        let lex = Lexicon::default();
        let value = |text: &str| {
            let p = Parser::new(text, tokenize(text), &lex);
            p.number(0, p.n()).map(|(v, e, _)| (v, e == p.n()))
        };
        let cases: &[(&str, u64)] = &[
            ("soixante-quatre", 64),
            ("quatre-vingt-dix", 90),
            ("quatre-vingts", 80),
            ("quatre-vingt-onze", 91),
            ("soixante et onze", 71),
            ("soixante-dix-sept", 77),
            ("dix-huit", 18),
            ("vingt et un", 21),
            ("deux cents", 200),
            ("deux cent cinquante", 250),
            ("cent", 100),
            ("mille", 1000),
            ("deux mille", 2000),
            ("mille deux cents", 1200),
            ("cent mille", 100_000),
            ("sixty-four", 64),
            ("two hundred", 200),
            ("two hundred and five", 205),
            ("one thousand", 1000),
            ("a hundred", 100),
            ("a thousand", 1000),
            ("three million", 3_000_000),
            ("zero", 0),
            ("2 millions", 2_000_000),
        ];
        for &(text, v) in cases {
            assert_eq!(value(text), Some((v, true)), "{text}");
        }
        // Not numbers, or not all of it.
        assert_eq!(value("deux trois"), Some((2, false)));
        assert_eq!(value("mille mille"), Some((1000, false)));
        assert_eq!(value("a camp"), None);
    }
}
