//! A figure text that could not be read, and why.

use std::fmt;

/// How much of a long text an error message quotes, in characters.
const QUOTE_CHARS: usize = 160;

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
