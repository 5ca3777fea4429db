//! Step 1: normalisation and tokens. The text is folded (accents, case,
//! apostrophes, dashes, spaces) and cut into words, whole numbers, decimals and
//! punctuation; each token remembers its byte range in the original.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Counts above this (10^12) are refused as "number too large".
pub const MAX_COUNT: u64 = 1_000_000_000_000;

/// The words of a phrase as the parser sees them (folded, tokenised): used to
/// match user lexicon phrases.
pub fn phrase_keys(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.key).collect()
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
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
pub(super) struct Token {
    pub(super) tok: Tok,
    /// What user phrases are matched against: the folded word, the number, the character.
    pub(super) key: String,
    /// Byte range in the original text.
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Each folded character with the byte range of the original character it came from.
pub(super) fn fold(text: &str) -> Vec<(char, usize, usize)> {
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

pub(super) fn tokenize(text: &str) -> Vec<Token> {
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
pub(super) fn lex_number(f: &[(char, usize, usize)], start: usize, toks: &mut Vec<Token>) -> usize {
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

pub(super) fn int_token(digits: &str) -> Tok {
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
