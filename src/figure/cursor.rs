//! The parser's view of the tokens: words and keys by index, phrase matches,
//! the user lexicon phrases found in the text, and quotes of the original.

use super::lexicon::Lexicon;
use super::text::{Tok, Token};
use std::cell::Cell;

pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Token>,
    pub(super) lex: &'a Lexicon,
    /// User phrase matches: (start, end, index in the lexicon), in order, not overlapping.
    pub(super) user: Vec<(usize, usize, usize)>,
    pub(super) too_large: Cell<bool>,
    pub(super) no_figure: Cell<bool>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(text: &'a str, toks: Vec<Token>, lex: &'a Lexicon) -> Self {
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

    pub(super) fn n(&self) -> usize {
        self.toks.len()
    }

    /// Built-in patterns starting at `i` stop where a user phrase starts.
    pub(super) fn limit_after(&self, i: usize) -> usize {
        let k = self.user.partition_point(|u| u.0 <= i);
        self.user.get(k).map_or(self.n(), |u| u.0)
    }

    /// The user phrase match starting at `i`, if any.
    pub(super) fn user_at(&self, i: usize) -> Option<&(usize, usize, usize)> {
        self.user
            .binary_search_by_key(&i, |u| u.0)
            .ok()
            .and_then(|k| self.user.get(k))
    }

    pub(super) fn word(&self, i: usize, limit: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some(Token {
                tok: Tok::Word(w), ..
            }) if i < limit => Some(w.as_str()),
            _ => None,
        }
    }

    pub(super) fn key(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| t.key.as_str())
    }

    /// End of `phrase` (space-separated keys) if it starts at `i`.
    pub(super) fn phrase_at(&self, i: usize, limit: usize, phrase: &str) -> Option<usize> {
        let mut k = i;
        for piece in phrase.split(' ') {
            if k >= limit || self.key(k) != Some(piece) {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    pub(super) fn longest<T: Copy>(
        &self,
        i: usize,
        limit: usize,
        table: &[(&str, T)],
    ) -> Option<(usize, T)> {
        table
            .iter()
            .filter_map(|&(p, v)| self.phrase_at(i, limit, p).map(|e| (e, v)))
            .max_by_key(|&(e, _)| e)
    }

    pub(super) fn longest_of(&self, i: usize, limit: usize, table: &[&str]) -> Option<usize> {
        table
            .iter()
            .filter_map(|p| self.phrase_at(i, limit, p))
            .max()
    }

    pub(super) fn quote(&self, from: usize, to: usize) -> &str {
        if from >= to || to > self.n() {
            return "";
        }
        let (s, e) = (self.toks[from].start, self.toks[to - 1].end);
        self.text.get(s..e).unwrap_or("")
    }
}
