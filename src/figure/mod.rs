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
//!    not added unless written with `+` (`10 + 46 morts` = 56): it is a second
//!    figure (`au moins 64 morts et plus d'une centaine` is refused). A killing
//!    verb right before the next quantity has it as object (`two attacks
//!    killed 40 people`: the 40). `au moins 50, voire 70` / `at least 100,
//!    possibly as many as 200` is one range; `un nombre indéterminé de` / `an
//!    unknown number of` is a part open above. Among the sums, those with a
//!    death word win, then those with person nouns or bare numbers, then
//!    deaths without a number, then (when no count is read) a text saying the
//!    toll is not given is an error, then quantities of other nouns. Refused:
//!    two separate figures of the same rank, a bare number beside a death
//!    count (`40 morts selon l'armée, 100 selon les habitants`), any other
//!    count of people when two speakers are named (`selon`, `said`, `put the
//!    toll at`, …): the message names the figures and, when speakers are
//!    named, asks for one claim per source. After a revision word (`revu`,
//!    `ramené`, `passé`, `alourdi`, `rose`, `revised`, …) and one speaker, the
//!    last figure is the one (`ramené de 95 à 35` / `from 20 to 32` read as
//!    the later number). A figure followed by `among those killed` / `parmi
//!    les victimes` is part of the toll: open above.
//! 7. **Interpret** under the lexicon kind (tables in `lexicon.rs`).
//!
//! # Where each stage lives
//!
//! | file | stage |
//! |---|---|
//! | `text.rs` | 1–2: folding and tokens |
//! | `words.rs` | the grammar words: modifiers, death / wounded / person nouns, units, breakdown and revision words |
//! | `lexicon.rs` | phrases with a reading of their own: vague quantities, approximate nouns (`une quarantaine`), scales, a case's `lexicon.csv` |
//! | `numbers.rs` | digits, number words, approximate nouns (`une quarantaine` = about 40) |
//! | `grammar.rs` | 3: finding quantities (modifiers, ranges, negations, deaths without a number) |
//! | `choose.rs` | 4–6: attaching, breakdowns, sums, choosing the figure |
//! | `interpret.rs` | 7: the interval under the lexicon kind |
//!
//! Files depend only on the ones above them in this order (`cursor.rs` and
//! `quantity.rs` hold the parser's view of the tokens and what it finds).
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

mod choose;
mod cursor;
mod error;
mod explain;
mod grammar;
mod interpret;
pub mod lexicon;
mod numbers;
mod quantity;
mod text;
mod words;

#[cfg(test)]
mod tests;

pub use error::FigureError;
pub use explain::{Explained, Found};
pub use interpret::Reading;
pub use text::{MAX_COUNT, phrase_keys};

use cursor::Parser;
use lexicon::Lexicon;
use text::{Tok, tokenize};

/// Read a French or English figure text as an interval of whole numbers.
pub fn read_figure(text: &str, lexicon: &Lexicon) -> Result<Reading, FigureError> {
    explain(text, lexicon).result
}

/// Read a figure text and say what was found in it: every count, which were
/// used and why the others were not (`tollrange parse`).
pub fn explain(text: &str, lexicon: &Lexicon) -> Explained {
    let fail = |message: String| FigureError {
        text: text.to_string(),
        message,
    };
    let alone = |message: String| Explained {
        result: Err(fail(message)),
        found: Vec::new(),
    };
    let toks = tokenize(text);
    if toks.is_empty() {
        return alone("the figure is empty".into());
    }
    if toks.iter().any(|t| t.tok == Tok::Big) {
        return alone(format!("number too large (above {MAX_COUNT})"));
    }
    let parser = Parser::new(text, toks, lexicon);
    let (qs, cut, choice) = parser.read();
    let found = parser.found(&qs, cut, choice.as_ref().ok());
    let result = choice.and_then(|c| parser.interpret(&c)).map_err(fail);
    Explained { result, found }
}
