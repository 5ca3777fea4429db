//! Claims as read: each figure turned into an interval, grouped into targets.
//!
//! A *target* is an (event, category). Within a target, claims from the same
//! source with the same reading are echoes and count once; a source that gave
//! several different readings speaks once, its trust shared among them.

use crate::case::{Case, Claim, Shape, SourceKind, Stance};
use crate::figure::{FigureError, read_figure};
use crate::fxhash::{FxHashMap, FxHashSet};
use crate::lexicon::Lexicon;
use crate::problem::{Problem, Problems};
use crate::text::Text;
use rayon::prelude::*;
use std::sync::Arc;

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
    /// The claim as entered, shared with the case's (`Case::claims`).
    pub claim: Arc<Claim>,
    pub interval: Interval,
    /// The stated number, when the figure has one (the mode of `triangular`).
    pub mode: Option<u64>,
    pub shape: Shape,
    /// How the figure was read, for the resolved claims table (shared by
    /// the claims with the same figure).
    pub how: Text,
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

/// A figure text as read: its interval, stated number and how it was read.
type Read = Result<(Interval, Option<u64>, Text), FigureError>;

/// Reads every claim's figure; figures that cannot be read (and have no
/// `low`/`high`) are reported at their line.
pub fn read_claims(case: &Case, lexicon: &Lexicon) -> Result<Vec<ReadClaim>, Problems> {
    let mut problems = Problems::default();
    let mut out = Vec::with_capacity(case.claims.len());
    // each distinct figure text is read once (a case repeats "3", "au moins
    // 10"), the texts in parallel; the claims are then taken in order
    let mut first: FxHashMap<&str, usize> = FxHashMap::default();
    let mut texts: Vec<&str> = Vec::new();
    let figure_of: Vec<Option<usize>> = case
        .claims
        .iter()
        .map(|c| {
            (!c.figure.is_empty()).then(|| {
                *first.entry(c.figure.as_str()).or_insert_with(|| {
                    texts.push(c.figure.as_str());
                    texts.len() - 1
                })
            })
        })
        .collect();
    drop(first);
    let read: Vec<Read> = texts
        .par_iter()
        .map(|text| {
            read_figure(text, lexicon).map(|r| {
                let interval = Interval {
                    low: r.low,
                    high: r.high,
                };
                (interval, r.mode, Text::from(r.how))
            })
        })
        .collect();
    drop(texts);
    let mut sources: FxHashMap<&str, f64> = FxHashMap::default();
    for s in &case.sources {
        sources.entry(s.id.as_str()).or_insert(s.trust);
    }
    // "low/high given → [10, 20]", one per interval
    let mut given: FxHashMap<Interval, Text> = FxHashMap::default();
    for (c, figure) in case.claims.iter().zip(figure_of) {
        let trust = sources.get(c.source.as_str()).copied().unwrap_or(0.0);
        let parsed = figure.map(|k| &read[k]);
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
                    Some(Ok((_, mode, _))) => {
                        mode.filter(|m| *m >= low && c.high.is_none_or(|h| *m <= h))
                    }
                    _ => None,
                };
                let how = given
                    .entry(interval)
                    .or_insert_with(|| Text::from(format!("low/high given → {interval}")))
                    .clone();
                (interval, mode, how)
            }
            (None, Some(Ok((interval, mode, how)))) => (*interval, *mode, how.clone()),
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
            claim: Arc::clone(c),
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
    pub claims: Echoes,
}

/// A reading's claims: almost always one or two, held inline (a case of
/// 100 000 events has 300 000 readings).
pub type Echoes = smallvec::SmallVec<[usize; 2]>;

/// One source speaking on a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    pub source: Text,
    /// Its kind, which with a reading's stance says how the reading is revised.
    pub kind: SourceKind,
    pub trust: f64,
    pub readings: VoiceReadings,
}

/// A voice's readings: almost always one, held inline (a case of 100 000
/// events has 300 000 voices).
pub type VoiceReadings = smallvec::SmallVec<[Reading; 1]>;

/// An (event, category) and the voices on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub event: Text,
    pub category: Text,
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
/// first appear (events in events.csv order; `killed` first, then the other
/// categories by name).
pub fn targets(case: &Case, claims: &[ReadClaim]) -> Vec<Target> {
    let order: FxHashMap<&str, usize> = case
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let kinds: FxHashMap<&str, SourceKind> = case
        .sources
        .iter()
        .rev()
        .map(|s| (s.id.as_str(), s.kind))
        .collect();
    // categories ranked: `killed` first, then by name
    let mut categories: FxHashSet<&str> = FxHashSet::default();
    let mut last = None;
    for c in claims {
        // consecutive claims mostly share their category
        if last != Some(c.claim.category.as_str()) {
            last = Some(c.claim.category.as_str());
            categories.insert(c.claim.category.as_str());
        }
    }
    let mut categories: Vec<&str> = categories.into_iter().collect();
    fn rank_key(c: &str) -> (&str, &str) {
        (if c == "killed" { "" } else { c }, c)
    }
    categories.sort_by(|a, b| rank_key(a).cmp(&rank_key(b)));
    let rank: FxHashMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i))
        .collect();
    // (event's place, category's rank, claim): a target's claims are a run;
    // consecutive claims mostly share their event and category
    let mut last_event: Option<(&str, usize)> = None;
    let mut last_category: Option<(&str, usize)> = None;
    let mut keyed: Vec<(usize, usize, usize)> = Vec::with_capacity(claims.len());
    for (i, c) in claims.iter().enumerate() {
        let (event, category) = (c.claim.event.as_str(), c.claim.category.as_str());
        let e = match last_event {
            Some((id, e)) if id == event => e,
            _ => {
                let e = order.get(event).copied().unwrap_or(usize::MAX);
                last_event = Some((event, e));
                e
            }
        };
        let r = match last_category {
            Some((name, r)) if name == category => r,
            _ => {
                let r = rank[category];
                last_category = Some((category, r));
                r
            }
        };
        keyed.push((e, r, i));
    }
    keyed.sort_unstable();
    let runs: Vec<&[(usize, usize, usize)]> =
        keyed.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).collect();
    runs.par_iter()
        .map_init(Scratch::default, |scratch, run| {
            let first = &claims[run[0].2].claim;
            Target {
                event: first.event.clone(),
                category: first.category.clone(),
                voices: scratch.voices(claims, run.iter().map(|k| k.2), &kinds),
            }
        })
        .collect()
}

/// A target's voices worked out before they are built, so that each of
/// their vectors is allocated once at its size (a case of 100 000 events
/// holds a million of them for the whole run).
#[derive(Default)]
struct Scratch {
    /// Per voice: its first claim.
    voices: Vec<usize>,
    /// Per distinct reading: its voice and its first claim.
    readings: Vec<(usize, usize)>,
    /// Per claim of the target: its reading.
    of: Vec<(usize, usize)>,
}

impl Scratch {
    fn voices(
        &mut self,
        claims: &[ReadClaim],
        target: impl Iterator<Item = usize>,
        kinds: &FxHashMap<&str, SourceKind>,
    ) -> Vec<Voice> {
        self.voices.clear();
        self.readings.clear();
        self.of.clear();
        for i in target {
            let c = &claims[i];
            let v = match self
                .voices
                .iter()
                .position(|&f| claims[f].claim.source == c.claim.source)
            {
                Some(v) => v,
                None => {
                    self.voices.push(i);
                    self.voices.len() - 1
                }
            };
            let r = match self
                .readings
                .iter()
                .position(|&(rv, f)| rv == v && claims[f].reading_key() == c.reading_key())
            {
                Some(r) => r,
                None => {
                    self.readings.push((v, i));
                    self.readings.len() - 1
                }
            };
            self.of.push((r, i));
        }
        let mut voices = Vec::with_capacity(self.voices.len());
        for (v, &f) in self.voices.iter().enumerate() {
            let c = &claims[f];
            let mut readings =
                VoiceReadings::with_capacity(self.readings.iter().filter(|r| r.0 == v).count());
            for (r, &(_, rf)) in self.readings.iter().enumerate().filter(|(_, r)| r.0 == v) {
                let echoes: Echoes = self.of.iter().filter(|o| o.0 == r).map(|o| o.1).collect();
                let first = &claims[rf];
                let (interval, shape, mode, stance) = first.reading_key();
                readings.push(Reading {
                    interval,
                    shape,
                    mode,
                    stance,
                    stated: first.mode,
                    claims: echoes,
                });
            }
            voices.push(Voice {
                source: c.claim.source.clone(),
                kind: kinds
                    .get(c.claim.source.as_str())
                    .copied()
                    .unwrap_or(SourceKind::Other),
                trust: c.trust,
                readings,
            });
        }
        voices
    }
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
            outlet: Text::default(),
            document: Text::default(),
            quote: Text::default(),
            file: "claims.csv".into(),
            line: 2,
        };
        let case = Case {
            name: "hand".into(),
            dir: ".".into(),
            events: vec![Event {
                id: "e".into(),
                name: "E".into(),
                date: Text::default(),
                place: Text::default(),
                region: Text::default(),
                description: Text::default(),
            }],
            sources: vec![Source {
                id: "s".into(),
                name: "S".into(),
                kind: SourceKind::Local,
                trust: 0.5,
                description: String::new(),
            }],
            claims: vec![
                Arc::new(claim("c1", "", Some(10), Some(5))),
                Arc::new(claim("c2", "", None, None)),
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
