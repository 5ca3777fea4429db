//! How a figure moves later, by who gave it: the revision model per voice.
//!
//! Early tolls rise, but not alike for every voice: officials' closed
//! figures rise, local witnesses' less, and a party's count of its enemy's
//! losses is inflated by the party's interest rather than low for lack of
//! information. A *voice* is the kind of the source (`official`,
//! `belligerent`, …, `dataset`), or `enemy` for any claim whose stance
//! counts the source's enemy (`enemy`, `mixed`). For each voice and each
//! reading type (`closed`, `open` above) the model says how a reading
//! spreads later:
//! - `lognormal` (μ, σ): draws are multiplied by F ~ LogNormal(μ, σ),
//!   truncated at μ ± 6σ (see `engine::dist::Revision`);
//! - `none`: the reading as stated (an open reading keeps its tail);
//! - `ucdp-gumbel`: for dataset rows coded after the fact (UCDP GED), the
//!   reported-value-inflated Gumbel mixture of uncertainUCDP (see
//!   `dataset_pmf`).
//!
//! The parameters live in a CSV file (`data/revision.csv`, written by
//! `tollrange calibrate`), read by default and replaceable with
//! `--revision-file`; `--revision none` and `--revision MU,SIGMA` (one
//! factor on every closed reading) remain.

use super::dist::{Dist, MAX_SPAN, Revision, Weights};
use crate::case::{SourceKind, Stance};
use crate::claim::Interval;
use crate::problem::{Problem, Problems};
use crate::table::{Schema, Table, did_you_mean, parse_table};
use std::fmt;

pub const REVISION: Schema = Schema {
    required: &["voice", "reading", "model"],
    optional: &["mu", "sigma", "incidents", "claims", "fitted_on", "note"],
};

/// The shipped model: `tollrange calibrate data/calibration --truth
/// data/calibration/truth.csv` writes it (a test checks they agree).
pub const BUILTIN_PATH: &str = "data/revision.csv";
pub const BUILTIN: &str = include_str!("../../data/revision.csv");

/// Every voice a revision file must give, in file order.
pub const VOICES: [&str; 9] = [
    "official",
    "belligerent",
    "wire",
    "local",
    "media",
    "ngo",
    "other",
    "dataset",
    "enemy",
];

/// The voices `calibrate` learns from past incidents; the others have a
/// fixed rule (`fixed_rule`).
pub const LEARNT: &[&str] = VOICES.split_at(7).0;

/// A party's count of its enemy's losses: factor centred below 1 (median
/// ×0.82), wide (90 %: ×0.30–×2.2). Such counts are inflated by the
/// party's interest, not low for lack of information (armies' "body counts"
/// and "neutralisés" are the textbook case), and past incidents hold too few
/// of them with a later toll to learn from, so this is set, not fitted.
pub const ENEMY: Revision = Revision {
    mu: -0.2,
    sigma: 0.6,
};

/// The rule of a voice that is not learnt.
pub fn fixed_rule(voice: &str, reading: ReadingType) -> Spread {
    match (voice, reading) {
        ("enemy", _) => Spread::Factor(ENEMY),
        ("dataset", ReadingType::Closed) => Spread::Dataset,
        _ => Spread::Literal,
    }
}

/// Why a fixed rule is what it is (the `note` of its row).
pub fn fixed_note(voice: &str, reading: ReadingType) -> &'static str {
    match (voice, reading) {
        ("enemy", _) => {
            "a party's count of its enemy's losses is inflated by interest, not low for lack of information: not revised upward (median x0.82), wide"
        }
        ("dataset", ReadingType::Closed) => {
            "coded after the fact: no early-toll revision; uncertainUCDP 0.7.6 (Vesco et al. 2024) point mass at best (weight at least 1/2) plus a Gumbel reaching past high"
        }
        ("dataset", ReadingType::Open) => {
            "a dataset's floor (ACLED's conservative count) keeps its power-law tail"
        }
        _ => "",
    }
}

/// The voice of a claim: its source's kind, or `enemy` when the claim counts
/// the source's enemy.
pub fn voice_of(kind: SourceKind, stance: Option<Stance>) -> &'static str {
    if stance.is_some_and(|s| s.counts_enemy()) {
        "enemy"
    } else {
        kind.as_str()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReadingType {
    Closed,
    Open,
}

impl ReadingType {
    pub fn of(interval: Interval) -> ReadingType {
        if interval.is_open() {
            ReadingType::Open
        } else {
            ReadingType::Closed
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ReadingType::Closed => "closed",
            ReadingType::Open => "open",
        }
    }
}

/// How a reading spreads later.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spread {
    /// As stated.
    Literal,
    /// Multiplied by a log-normal factor.
    Factor(Revision),
    /// A dataset row: point mass at the reported value plus a right-skewed
    /// Gumbel part reaching past the row's high (closed readings only).
    Dataset,
}

impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Spread::Literal => f.write_str("none"),
            Spread::Factor(r) => write!(f, "lognormal {r}"),
            Spread::Dataset => f.write_str("ucdp-gumbel"),
        }
    }
}

/// One row of a revision file.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub voice: String,
    pub reading: ReadingType,
    pub spread: Spread,
    /// Incidents and claims behind the fit (0 for a fixed rule).
    pub incidents: usize,
    pub claims: usize,
    pub fitted_on: String,
    pub note: String,
}

/// The spread of every (voice, reading type).
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionModel {
    /// As written in outputs: the file, `none`, or `MU,SIGMA`.
    pub label: String,
    pub rules: Vec<Rule>,
}

impl RevisionModel {
    /// Claims read as stated.
    pub fn literal() -> RevisionModel {
        RevisionModel::uniform(None)
    }

    /// One factor on every closed reading (or none), open readings as
    /// stated: the model of `--revision MU,SIGMA|none`.
    pub fn uniform(revision: Option<Revision>) -> RevisionModel {
        let mut rules = Vec::new();
        for voice in VOICES {
            for reading in [ReadingType::Closed, ReadingType::Open] {
                let spread = match (reading, revision) {
                    (ReadingType::Closed, Some(r)) => Spread::Factor(r),
                    _ => Spread::Literal,
                };
                rules.push(Rule {
                    voice: voice.to_string(),
                    reading,
                    spread,
                    incidents: 0,
                    claims: 0,
                    fitted_on: String::new(),
                    note: String::new(),
                });
            }
        }
        RevisionModel {
            label: match revision {
                Some(r) => r.to_string(),
                None => "none".into(),
            },
            rules,
        }
    }

    /// The shipped per-voice model.
    pub fn builtin() -> RevisionModel {
        RevisionModel::parse(BUILTIN, BUILTIN_PATH).expect("the shipped revision file is valid")
    }

    /// `--revision` and `--revision-file` together: `default` means the
    /// file (or the shipped model), `none` or `MU,SIGMA` one setting for all.
    pub fn from_options(revision: &str, file: Option<&std::path::Path>) -> Result<Self, String> {
        let t = revision.trim();
        if t.eq_ignore_ascii_case("default") || t.is_empty() {
            return match file {
                Some(path) => {
                    let shown = path.display().to_string();
                    let table = crate::table::read_table(path, &shown, &REVISION)
                        .map_err(|p| p.to_string())?;
                    RevisionModel::from_table(&table).map_err(|p| p.to_string())
                }
                None => Ok(RevisionModel::builtin()),
            };
        }
        if file.is_some() {
            return Err(format!(
                "--revision {t} and --revision-file are both given: a file sets the revision per voice, --revision one setting for all; give one"
            ));
        }
        Ok(RevisionModel::uniform(Revision::parse(t)?))
    }

    /// Reads a revision file's text (`display` names it in messages).
    pub fn parse(text: &str, display: &str) -> Result<RevisionModel, Problems> {
        RevisionModel::from_table(&parse_table(text, display, &REVISION)?)
    }

    pub fn from_table(t: &Table) -> Result<RevisionModel, Problems> {
        let mut problems = Problems::default();
        let mut rules: Vec<Rule> = Vec::new();
        for row in &t.rows {
            let voice = t.get(row, "voice").trim().to_lowercase();
            if voice != "all" && !VOICES.contains(&voice.as_str()) {
                problems.push(t.problem(
                    row,
                    format!(
                        "voice '{voice}' is not one of {}, all{}",
                        VOICES.join(", "),
                        did_you_mean(&voice, VOICES.into_iter())
                    ),
                ));
                continue;
            }
            let reading = match t.get(row, "reading").trim().to_lowercase().as_str() {
                "closed" => ReadingType::Closed,
                "open" => ReadingType::Open,
                other => {
                    problems.push(
                        t.problem(row, format!("reading '{other}' is not one of closed, open")),
                    );
                    continue;
                }
            };
            let model = t.get(row, "model").trim().to_lowercase();
            let spread = match model.as_str() {
                "none" => Spread::Literal,
                "ucdp-gumbel" if reading == ReadingType::Closed => Spread::Dataset,
                "ucdp-gumbel" => {
                    problems.push(t.problem(
                        row,
                        format!("{voice} open: model ucdp-gumbel is for closed readings (a dataset's open figure is a floor: give none)"),
                    ));
                    continue;
                }
                "lognormal" => {
                    let num = |col: &str| -> Result<f64, String> {
                        let x = t.get(row, col).trim();
                        x.parse::<f64>().map_err(|_| {
                            format!("{voice} {}: {col} '{x}' is not a number", reading.as_str())
                        })
                    };
                    match num("mu")
                        .and_then(|m| num("sigma").map(|s| (m, s)))
                        .and_then(|(m, s)| {
                            Revision::new(m, s)
                                .map_err(|e| format!("{voice} {}: {e}", reading.as_str()))
                        }) {
                        Ok(r) => Spread::Factor(r),
                        Err(m) => {
                            problems.push(t.problem(row, m));
                            continue;
                        }
                    }
                }
                other => {
                    problems.push(t.problem(
                        row,
                        format!(
                            "model '{other}' is not one of lognormal, none, ucdp-gumbel{}",
                            did_you_mean(other, ["lognormal", "none", "ucdp-gumbel"].into_iter())
                        ),
                    ));
                    continue;
                }
            };
            let count = |col: &str| t.get(row, col).trim().parse::<usize>().unwrap_or(0);
            if rules
                .iter()
                .any(|r| r.voice == voice && r.reading == reading)
            {
                problems
                    .push(t.problem(row, format!("{voice} {} is given twice", reading.as_str())));
                continue;
            }
            rules.push(Rule {
                voice,
                reading,
                spread,
                incidents: count("incidents"),
                claims: count("claims"),
                fitted_on: t.get(row, "fitted_on").to_string(),
                note: t.get(row, "note").to_string(),
            });
        }
        if problems.is_empty() {
            let missing: Vec<String> = VOICES
                .iter()
                .flat_map(|v| {
                    [ReadingType::Closed, ReadingType::Open]
                        .into_iter()
                        .map(move |r| (*v, r))
                })
                .filter(|(v, r)| !rules.iter().any(|x| x.voice == *v && x.reading == *r))
                .map(|(v, r)| format!("{v} {}", r.as_str()))
                .collect();
            if !missing.is_empty() {
                problems.push(Problem::file(
                    &t.file,
                    format!(
                        "no row for {}: a revision file gives every voice ({}) for closed and open readings",
                        missing.join(", "),
                        VOICES.join(", ")
                    ),
                ));
            }
        }
        problems.into_result(RevisionModel {
            label: t.file.clone(),
            rules,
        })
    }

    /// The rule of a voice and reading type.
    pub fn rule(&self, voice: &str, reading: ReadingType) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.voice == voice && r.reading == reading)
    }

    /// How a reading of a source of `kind` with `stance` spreads.
    pub fn spread(&self, kind: SourceKind, stance: Option<Stance>, interval: Interval) -> Spread {
        self.rule(voice_of(kind, stance), ReadingType::of(interval))
            .map(|r| r.spread)
            .unwrap_or(Spread::Literal)
    }

    /// Does any rule change a reading?
    pub fn is_literal(&self) -> bool {
        self.rules.iter().all(|r| r.spread == Spread::Literal)
    }

    /// One line for charts: the median factor of each voice's closed
    /// readings (of `only` these voices, when given), or None when nothing
    /// is revised.
    pub fn describe(&self, only: Option<&[&str]>) -> Option<String> {
        if self.is_literal() {
            return None;
        }
        let factors: Vec<(String, f64, f64)> = self
            .rules
            .iter()
            .filter(|r| r.reading == ReadingType::Closed)
            .filter_map(|r| match r.spread {
                Spread::Factor(f) => Some((r.voice.clone(), f.mu, f.sigma)),
                _ => None,
            })
            .collect();
        let all_same = factors
            .windows(2)
            .all(|w| (w[0].1, w[0].2) == (w[1].1, w[1].2));
        if all_same && let Some((_, mu, sigma)) = factors.first() {
            let z = 1.645 * sigma;
            return Some(format!(
                "Early tolls tend to rise: closed figures are scaled by a revision factor (median ×{:.2}, 90 %: ×{:.2}–×{:.2}); --revision none reads them as stated.",
                mu.exp(),
                (mu - z).exp(),
                (mu + z).exp()
            ));
        }
        let list: Vec<String> = factors
            .iter()
            .filter(|(v, ..)| v != "all")
            .filter(|(v, ..)| only.is_none_or(|o| o.contains(&v.as_str())))
            .map(|(v, mu, _)| format!("{v} ×{:.2}", mu.exp()))
            .collect();
        if list.is_empty() {
            return Some(format!(
                "Figures are revised by who gave them ({}); none of these is; --revision none reads all as stated.",
                self.label
            ));
        }
        Some(format!(
            "Closed figures revised by voice ({}), median factors: {}.",
            self.label,
            list.join(", ")
        ))
    }

    /// The revision file's text: the rules in file order.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record([
            "voice",
            "reading",
            "model",
            "mu",
            "sigma",
            "incidents",
            "claims",
            "fitted_on",
            "note",
        ])
        .expect("memory");
        for r in &self.rules {
            let (model, mu, sigma) = match r.spread {
                Spread::Literal => ("none", String::new(), String::new()),
                Spread::Dataset => ("ucdp-gumbel", String::new(), String::new()),
                Spread::Factor(f) => ("lognormal", format!("{}", f.mu), format!("{}", f.sigma)),
            };
            w.write_record([
                r.voice.as_str(),
                r.reading.as_str(),
                model,
                &mu,
                &sigma,
                &r.incidents.to_string(),
                &r.claims.to_string(),
                &r.fitted_on,
                &r.note,
            ])
            .expect("memory");
        }
        w.into_inner().expect("memory")
    }
}

/// The distribution of a reading under a spread.
pub fn spread_dist(
    base: Dist,
    interval: Interval,
    mode: Option<u64>,
    spread: Spread,
) -> Result<Dist, String> {
    match spread {
        Spread::Literal => Ok(base),
        Spread::Factor(r) => Dist::scaled(base, r, interval),
        Spread::Dataset => match interval.high {
            Some(high) => {
                let best = mode.unwrap_or(if high == interval.low {
                    high
                } else {
                    interval.low + (high - interval.low) / 2
                });
                let (lo, p) = dataset_pmf(best, high)?;
                Ok(Dist::Weighted {
                    lo,
                    weights: Weights::new(p),
                })
            }
            None => Ok(base),
        },
    }
}

/// uncertainUCDP's regression terms for the round values UCDP coders often
/// report (the `fl_*` indicators; `fl_1` has no coefficient in the package).
const ROUND_VALUES: [u64; 10] = [2, 3, 13, 20, 24, 40, 101, 200, 1001, 2000];

/// Coefficients of uncertainUCDP 0.7.6 (Vesco et al. 2024; CRAN package by
/// D. Randahl, `R/sysdata.rda`, the `any` type-of-violence models):
/// intercept, log1p(best), then one per `ROUND_VALUES` entry.
const UCDP_LOC: [f64; 12] = [
    0.574052, 0.936161, 0.020618, -0.223443, -0.403089, -0.358277, -0.466595, -0.280448, -0.230217,
    -0.212227, -0.051743, -0.036251,
];
const UCDP_SCALE: [f64; 12] = [
    -0.593722, 0.849868, 0.088119, -0.118297, -0.461382, -1.434357, -1.719917, -1.27762, -0.899792,
    -0.724548, -0.389433, 0.243521,
];
const UCDP_WEIGHT: [f64; 12] = [
    -0.257729, -0.033487, 0.57732, 0.124192, 0.27032, -0.242681, -0.712902, -0.086883, 0.027592,
    0.010563, 0.041422, -0.031382,
];

fn linear(c: &[f64; 12], best: u64) -> f64 {
    let mut x = c[0] + c[1] * (best as f64).ln_1p();
    if let Some(i) = ROUND_VALUES.iter().position(|&v| v == best) {
        x += c[2 + i];
    }
    x
}

/// The uncertainUCDP parameters (loc, scale, w) for a reported count.
pub fn ucdp_parameters(best: u64) -> (f64, f64, f64) {
    let loc = linear(&UCDP_LOC, best).exp_m1();
    let scale = linear(&UCDP_SCALE, best).exp();
    let w = 1.0 / (1.0 + (-linear(&UCDP_WEIGHT, best)).exp());
    (loc, scale, w)
}

/// Standard Gumbel quantile of 1 − 10⁻⁹, where the table stops.
const GUMBEL_END: f64 = 20.7;

/// A dataset row's distribution: with probability w the reported value
/// `best`, otherwise a Gumbel(loc, scale) rounded to whole numbers (mass
/// below ½ on 0). Two departures from uncertainUCDP, both so that the
/// dataset's own numbers stay honest: w is at least ½, so the median is
/// the reported best (UCDP's best estimate), and the Gumbel's scale is
/// widened where needed so that its 90 % quantile reaches the row's
/// `high` (the 95th percentile of the mixture is then at least `high`).
pub fn dataset_pmf(best: u64, high: u64) -> Result<(u64, Vec<f64>), String> {
    let (loc, scale, w) = ucdp_parameters(best);
    let w = w.max(0.5);
    // −ln(−ln 0.9): the standard Gumbel's 90 % quantile
    let q90 = 2.250_367;
    let scale = scale.max((high as f64 + 0.5 - loc) / q90);
    let end = (loc + scale * GUMBEL_END).max(high as f64).ceil() as u64;
    if end >= MAX_SPAN {
        return Err(format!(
            "a dataset count of {best} spreads beyond {MAX_SPAN} whole numbers"
        ));
    }
    let cdf = |x: f64| (-(-(x - loc) / scale).exp()).exp();
    let mut p = Vec::with_capacity(end as usize + 1);
    let mut prev = 0.0;
    for k in 0..=end {
        let c = if k == end { 1.0 } else { cdf(k as f64 + 0.5) };
        p.push((1.0 - w) * (c - prev).max(0.0));
        prev = c;
    }
    p[best as usize] += w;
    Ok((0, p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::quantile_pmf;

    #[test]
    fn the_shipped_file_gives_every_voice() {
        let m = RevisionModel::builtin();
        for v in VOICES {
            for r in [ReadingType::Closed, ReadingType::Open] {
                assert!(m.rule(v, r).is_some(), "{v} {r:?}");
            }
        }
        // a party's count of its enemy's dead is not revised upward
        match m.rule("enemy", ReadingType::Closed).unwrap().spread {
            Spread::Factor(r) => assert!(r.mu <= 0.0, "{r}"),
            s => panic!("enemy closed: {s}"),
        }
        assert_eq!(
            m.rule("dataset", ReadingType::Closed).unwrap().spread,
            Spread::Dataset
        );
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let e = RevisionModel::parse(
            "voice,reading,model,mu,sigma\nofficial,closed,lognormal,0.5,0.5\n",
            "r.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("r.csv: no row for official open, belligerent closed"),
            "{e}"
        );
        let e = RevisionModel::parse("voice,reading,model,mu,sigma\nofficail,closed,lognormal,0.5,0.5\nofficial,closed,lognormal,9,0.5\nlocal,closed,lognormal,0.2,0\nmedia,shut,none,,\nngo,open,gumbel,,\n", "r.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "r.csv:2: voice 'officail' is not one of official, belligerent, wire, local, media, ngo, other, dataset, enemy, all (did you mean 'official'?)\n\
             r.csv:3: official closed: revision μ 9: expected a number in [-3, 3] (log of the typical revision factor)\n\
             r.csv:4: local closed: revision σ 0: expected a number in (0, 2]\n\
             r.csv:5: reading 'shut' is not one of closed, open\n\
             r.csv:6: model 'gumbel' is not one of lognormal, none, ucdp-gumbel"
        );
    }

    #[test]
    fn enemy_stance_takes_the_enemy_voice() {
        assert_eq!(
            voice_of(SourceKind::Belligerent, Some(Stance::Enemy)),
            "enemy"
        );
        assert_eq!(voice_of(SourceKind::Official, Some(Stance::Mixed)), "enemy");
        assert_eq!(
            voice_of(SourceKind::Belligerent, Some(Stance::Own)),
            "belligerent"
        );
        assert_eq!(voice_of(SourceKind::Local, None), "local");
    }

    /// The package's own example values: best 100, any type of violence.
    #[test]
    fn ucdp_parameters_follow_the_package() {
        let (loc, scale, w) = ucdp_parameters(100);
        let l = 100f64.ln_1p();
        assert!((loc - (0.574052 + 0.936161 * l).exp_m1()).abs() < 1e-9);
        assert!((scale - (-0.593722 + 0.849868 * l).exp()).abs() < 1e-9);
        assert!((w - 1.0 / (1.0 + (0.257729 + 0.033487 * l).exp())).abs() < 1e-9);
        // a round value shifts all three
        let (l20, s20, _) = ucdp_parameters(20);
        assert!(l20 < (0.574052 + 0.936161 * 20f64.ln_1p()).exp_m1());
        assert!(s20 < (-0.593722 + 0.849868 * 20f64.ln_1p()).exp());
    }

    #[test]
    fn a_dataset_row_keeps_its_best_as_median_and_reaches_past_high() {
        for (best, high) in [
            (0, 0),
            (1, 1),
            (14, 14),
            (20, 48),
            (100, 100),
            (3, 250),
            (2000, 2600),
        ] {
            let (lo, p) = dataset_pmf(best, high).unwrap();
            let total: f64 = p.iter().sum();
            assert!((total - 1.0).abs() < 1e-9, "{best}: {total}");
            assert_eq!(quantile_pmf(lo, &p, 0.5), best, "median of {best}");
            assert!(quantile_pmf(lo, &p, 0.95) >= high, "p95 of {best},{high}");
            if best >= 10 {
                assert!(quantile_pmf(lo, &p, 0.95) > quantile_pmf(lo, &p, 0.05));
            }
        }
    }
}
