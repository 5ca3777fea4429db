//! The figure parser on any text, with and without a user lexicon.
//!
//! Input: `TEXT` or `PHRASE \xFE TEXT` (0xFE never occurs in UTF-8, so it
//! cannot clash with real text): PHRASE becomes a user lexicon entry.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollrange::figure::read_figure;
use tollrange::lexicon::{Lexicon, LexiconEntry, LexiconKind};

fuzz_target!(|data: &[u8]| {
    let (phrase, text) = match data.iter().position(|&b| b == 0xFE) {
        Some(i) => (Some(&data[..i]), &data[i + 1..]),
        None => (None, data),
    };
    let text = String::from_utf8_lossy(text);
    let user: Vec<LexiconEntry> = phrase
        .map(|p| LexiconEntry {
            phrase: String::from_utf8_lossy(p).into_owned(),
            low: p.len() as u64 * 7,
            high: (p.len() % 3 != 0).then_some(p.len() as u64 * 11),
        })
        .into_iter()
        .collect();
    for kind in [LexiconKind::Builtin, LexiconKind::Acled] {
        for lex in [
            Lexicon::new(kind),
            Lexicon::new(kind).with_entries(user.clone()),
        ] {
            match read_figure(&text, &lex) {
                Ok(r) => {
                    if let Some(h) = r.high {
                        assert!(r.low <= h, "{text:?}: {r:?}");
                    }
                    if let Some(m) = r.mode {
                        assert!(m >= r.low && r.high.is_none_or(|h| m <= h), "{r:?}");
                    }
                    assert!(!r.how.is_empty());
                }
                Err(e) => {
                    assert!(!e.message.is_empty());
                    let _ = e.to_string();
                }
            }
        }
    }
});
