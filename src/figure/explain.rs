//! What `tollrange parse` shows besides the reading: every count found in the
//! text, whether it was used, and why the others were not.

use super::cursor::Parser;
use super::error::FigureError;
use super::interpret::Reading;
use super::quantity::{Base, Choice, Class, Quantity};

/// A reading, or why there is none, with the counts found on the way.
#[derive(Debug, Clone)]
pub struct Explained {
    pub result: Result<Reading, FigureError>,
    /// In text order.
    pub found: Vec<Found>,
}

/// One count found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The words, quoted from the text.
    pub text: String,
    /// Part of the reading.
    pub used: bool,
    /// Why it was used or ignored.
    pub why: String,
}

impl Parser<'_> {
    pub(super) fn found(&self, qs: &[Quantity], cut: usize, choice: Option<&Choice>) -> Vec<Found> {
        let (used, picked_last, kind) = match choice {
            Some(Choice::Parts {
                parts, picked_last, ..
            }) => (
                parts.iter().map(|q| q.start).collect::<Vec<_>>(),
                *picked_last,
                parts.iter().map(|q| q.class).min_by_key(|c| rank(*c)),
            ),
            _ => (Vec::new(), false, None),
        };
        let sum = used.len() > 1;
        let mut out: Vec<Found> = qs
            .iter()
            .map(|q| {
                let used = used.contains(&q.start);
                let why = if used {
                    let what = match q.class {
                        Class::Death => "counts deaths",
                        Class::Person => "counts people, and no count says deaths",
                        Class::Bare => "a number alone, and no count says deaths",
                        _ => "the only count",
                    };
                    if sum {
                        format!("used: part of a sum; {what}")
                    } else if picked_last {
                        format!("used: the revised figure; {what}")
                    } else if q.base == Base::Unknown {
                        "used: an unknown number, so open above".into()
                    } else {
                        format!("used: {what}")
                    }
                } else {
                    match q.class {
                        Class::Harm => {
                            "ignored: counts wounded, missing, displaced or captured people".into()
                        }
                        Class::Unit => "ignored: a date, time or measure".into(),
                        Class::Excluded => "ignored: an article, or who reports the toll".into(),
                        Class::Other => {
                            "ignored: counts something else (attacks, villages, days…)".into()
                        }
                        _ if q.start >= cut => "ignored: a detail of the count before it \
                                                (after \"dont\", \"including\", …)"
                            .into(),
                        Class::Person if kind == Some(Class::Death) => {
                            "ignored: counts people but not deaths; a count of deaths is used"
                                .into()
                        }
                        _ if picked_last => "ignored: an earlier figure, revised".into(),
                        _ => "not used: one of several figures".into(),
                    }
                };
                Found {
                    text: self
                        .quote(q.start, q.end.max(q.quote_end).min(self.n()))
                        .to_string(),
                    used,
                    why,
                }
            })
            .collect();
        if let Some(Choice::DeathsUnknown { quote }) = choice {
            out.push(Found {
                text: self.quote(quote.0, quote.1).to_string(),
                used: true,
                why: "used: deaths without a number".into(),
            });
        }
        out
    }
}

fn rank(c: Class) -> u8 {
    match c {
        Class::Death => 0,
        Class::Person => 1,
        Class::Bare => 2,
        _ => 3,
    }
}
