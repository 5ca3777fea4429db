//! Claims as read: each figure turned into an interval, grouped into targets.
//!
//! A *target* is an (event, category). Within a target, claims from the same
//! source with the same reading are echoes and count once; a source that gave
//! several different readings speaks once, its trust shared among them.

use crate::case::{Case, Claim, Shape, SourceKind, Stance};
use crate::figure::read_figure;
use crate::lexicon::Lexicon;
use crate::problem::{Problem, Problems};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A whole-number interval: [low, high] or [low, open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval {
    pub low: u64,
    /// `None`: open above.
    pub high: Option<u64>,
}

impl Interval {
    pub fn is_open(&self) -> bool {
        self.high.is_none()
    }
}

impl std::fmt::Display for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.high {
            Some(h) if h == self.low => write!(f, "[{h}]"),
            Some(h) => write!(f, "[{}, {h}]", self.low),
            None => write!(f, "[{}, open)", self.low),
        }
    }
}

/// A claim with its figure read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadClaim {
    pub claim: Claim,
    pub interval: Interval,
    /// The stated number, when the figure has one (the mode of `triangular`).
    pub mode: Option<u64>,
    pub shape: Shape,
    /// How the figure was read, for the resolved claims table.
    pub how: String,
    /// The trust of the claim's source in this run.
    pub trust: f64,
}

impl ReadClaim {
    /// What makes two claims of one source the same reading (echoes).
    fn reading_key(&self) -> (Interval, Shape, Option<u64>, Option<Stance>) {
        let mode = if self.shape == Shape::Triangular {
            self.mode
        } else {
            None
        };
        (self.interval, self.shape, mode, self.claim.stance)
    }
}

/// Reads every claim's figure; figures that cannot be read (and have no
/// `low`/`high`) are reported at their line.
pub fn read_claims(case: &Case, lexicon: &Lexicon) -> Result<Vec<ReadClaim>, Problems> {
    let mut problems = Problems::default();
    let mut out = Vec::with_capacity(case.claims.len());
    // the figures are read in parallel, the claims then taken in order
    let read: Vec<_> = case
        .claims
        .par_iter()
        .map(|c| (!c.figure.is_empty()).then(|| read_figure(&c.figure, lexicon)))
        .collect();
    for (c, parsed) in case.claims.iter().zip(read) {
        let trust = case.source(&c.source).map(|s| s.trust).unwrap_or(0.0);
        let (interval, mode, how) = match (c.low, parsed) {
            (Some(low), _) if c.high.is_some_and(|h| h < low) => {
                // case validation refuses these; a hand-built case may not
                problems.push(Problem::at(
                    &c.file,
                    c.line,
                    format!(
                        "claim '{}': low {low} is above high {}",
                        c.id,
                        c.high.unwrap_or(0)
                    ),
                ));
                continue;
            }
            (Some(low), parsed) => {
                let interval = Interval { low, high: c.high };
                let mode = match parsed {
                    Some(Ok(r)) => r
                        .mode
                        .filter(|m| *m >= low && c.high.is_none_or(|h| *m <= h)),
                    _ => None,
                };
                (interval, mode, format!("low/high given → {interval}"))
            }
            (None, Some(Ok(r))) => (
                Interval {
                    low: r.low,
                    high: r.high,
                },
                r.mode,
                r.how,
            ),
            (None, Some(Err(e))) => {
                problems.push(Problem::at(
                    &c.file,
                    c.line,
                    format!(
                        "claim '{}': {}; give the interval in the low/high columns (low alone means [low, open))",
                        c.id,
                        e.reason()
                    ),
                ));
                continue;
            }
            (None, None) => {
                // case validation refuses these; a hand-built case may not
                problems.push(Problem::at(
                    &c.file,
                    c.line,
                    format!(
                        "claim '{}': figure is empty; give the figure as reported, or low/high",
                        c.id
                    ),
                ));
                continue;
            }
        };
        out.push(ReadClaim {
            claim: c.clone(),
            interval,
            mode,
            shape: c.shape.unwrap_or(Shape::Uniform),
            how,
            trust,
        });
    }
    problems.into_result(out)
}

/// One distinct reading of one source, with the claims that repeat it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub interval: Interval,
    pub shape: Shape,
    /// The mode of a triangular reading (None for other shapes: it does not
    /// change their distribution, so it does not split echoes).
    pub mode: Option<u64>,
    /// Whose deaths it counts, relative to the source (splits echoes: the
    /// same number said of one's own dead and of the enemy's is two claims).
    pub stance: Option<Stance>,
    /// The stated number whatever the shape (a dataset's best).
    pub stated: Option<u64>,
    /// Indices into the read claims: the first and its echoes.
    pub claims: Vec<usize>,
}

/// One source speaking on a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    pub source: String,
    /// Its kind, which with a reading's stance says how the reading is revised.
    pub kind: SourceKind,
    pub trust: f64,
    pub readings: Vec<Reading>,
}

/// An (event, category) and the voices on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub event: String,
    pub category: String,
    pub voices: Vec<Voice>,
}

impl Target {
    pub fn claim_count(&self) -> usize {
        self.voices
            .iter()
            .flat_map(|v| &v.readings)
            .map(|r| r.claims.len())
            .sum()
    }
    /// Sum of the sources' trust: zero means nothing to weigh.
    pub fn total_trust(&self) -> f64 {
        self.voices.iter().map(|v| v.trust).sum()
    }
    /// Pool weight of each reading: its source's trust shared equally among
    /// the source's distinct readings, normalised over the target.
    pub fn shares(&self) -> Vec<Vec<f64>> {
        let total = self.total_trust();
        self.voices
            .iter()
            .map(|v| {
                let each = if total > 0.0 {
                    v.trust / total / v.readings.len() as f64
                } else {
                    0.0
                };
                vec![each; v.readings.len()]
            })
            .collect()
    }
}

/// Groups read claims into targets, in the order events and categories
/// first appear (events in events.csv order; `killed` first).
pub fn targets(case: &Case, claims: &[ReadClaim]) -> Vec<Target> {
    let mut by_target: BTreeMap<(usize, String, String), Vec<usize>> = BTreeMap::new();
    let order: std::collections::HashMap<&str, usize> = case
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    for (i, c) in claims.iter().enumerate() {
        let e = order
            .get(c.claim.event.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        let cat_key = if c.claim.category == "killed" {
            String::new()
        } else {
            c.claim.category.clone()
        };
        by_target
            .entry((e, cat_key, c.claim.category.clone()))
            .or_default()
            .push(i);
    }
    by_target
        .into_iter()
        .map(|((_, _, category), idx)| {
            let event = claims[idx[0]].claim.event.clone();
            let mut voices: Vec<Voice> = Vec::new();
            for i in idx {
                let c = &claims[i];
                let v = match voices.iter_mut().position(|v| v.source == c.claim.source) {
                    Some(k) => &mut voices[k],
                    None => {
                        voices.push(Voice {
                            source: c.claim.source.clone(),
                            kind: case
                                .source(&c.claim.source)
                                .map(|s| s.kind)
                                .unwrap_or(SourceKind::Other),
                            trust: c.trust,
                            readings: Vec::new(),
                        });
                        voices.last_mut().expect("just pushed")
                    }
                };
                match v
                    .readings
                    .iter_mut()
                    .find(|r| (r.interval, r.shape, r.mode, r.stance) == c.reading_key())
                {
                    Some(r) => r.claims.push(i),
                    None => {
                        let (interval, shape, mode, stance) = c.reading_key();
                        v.readings.push(Reading {
                            interval,
                            shape,
                            mode,
                            stance,
                            stated: c.mode,
                            claims: vec![i],
                        })
                    }
                }
            }
            // held for the whole run: no spare capacity
            for v in &mut voices {
                v.readings.shrink_to_fit();
            }
            voices.shrink_to_fit();
            Target {
                event,
                category,
                voices,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Event, Source, SourceKind};

    /// A case built by hand, as a library user might, with claims that
    /// `Case::load` would have refused: problems, not panics.
    #[test]
    fn a_hand_built_case_with_bad_claims_gives_problems() {
        let claim = |id: &str, figure: &str, low: Option<u64>, high: Option<u64>| Claim {
            id: id.into(),
            event: "e".into(),
            category: "killed".into(),
            source: "s".into(),
            figure: figure.into(),
            low,
            high,
            shape: None,
            stance: None,
            outlet: String::new(),
            document: String::new(),
            quote: String::new(),
            file: "claims.csv".into(),
            line: 2,
        };
        let case = Case {
            name: "hand".into(),
            dir: ".".into(),
            events: vec![Event {
                id: "e".into(),
                name: "E".into(),
                date: String::new(),
                place: String::new(),
                region: String::new(),
                description: String::new(),
            }],
            sources: vec![Source {
                id: "s".into(),
                name: "S".into(),
                kind: SourceKind::Local,
                trust: 0.5,
                description: String::new(),
            }],
            claims: vec![
                claim("c1", "", Some(10), Some(5)),
                claim("c2", "", None, None),
            ],
            lexicon: vec![],
        };
        let e = read_claims(&case, &Lexicon::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "claims.csv:2: claim 'c1': low 10 is above high 5\nclaims.csv:2: claim 'c2': figure is empty; give the figure as reported, or low/high"
        );
    }
}
