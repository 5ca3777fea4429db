//! What the grammar finds: quantities (a modifier, a base, the words it
//! counts) and the figure chosen among them.

use super::lexicon::round_ratio;
use super::words::Modifier;

/// One end of a range, with its nominal (stated) number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Endpoint {
    pub(super) low: u64,
    pub(super) high: u64,
    pub(super) nominal: u64,
    pub(super) approx: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Base {
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
    /// "an unknown number of", "un nombre indéterminé de": a part with no
    /// upper bound.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
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
pub(super) struct BaseMatch {
    pub(super) base: Base,
    pub(super) end: usize,
    /// A bare "un"/"une"/"a": a number only before a death or person noun.
    pub(super) weak: bool,
    /// The value when the base is one token of digits (for dates and years).
    pub(super) digits: Option<u64>,
}

impl BaseMatch {
    /// A base that is neither a bare article nor one token of digits.
    pub(super) fn plain(base: Base, end: usize) -> BaseMatch {
        BaseMatch {
            base,
            end,
            weak: false,
            digits: None,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Quantity {
    pub(super) modifier: Option<Modifier>,
    pub(super) base: Base,
    pub(super) start: usize,
    pub(super) base_end: usize,
    /// After the attached words (and any post-modifier).
    pub(super) end: usize,
    pub(super) class: Class,
    pub(super) weak: bool,
    pub(super) digits: Option<u64>,
    /// The span quoted in `how`.
    pub(super) quote_end: usize,
    /// "au moins 50, voire 70": the stated upper end that closes a lower bound.
    pub(super) upto: Option<u64>,
}

/// What was chosen as the figure.
#[derive(Debug)]
pub(super) enum Choice {
    Parts {
        parts: Vec<Quantity>,
        /// The text has a revision word ("ramené de 95 à 35").
        revised: bool,
        /// Several figures were given and the last (revised) one was taken.
        picked_last: bool,
        /// "… were among those killed": the figure is part of the toll
        /// (the quoted words' token range).
        among: Option<(usize, usize)>,
    },
    DeathsUnknown {
        quote: (usize, usize),
    },
}

pub(super) fn exact_end(v: u64) -> Endpoint {
    Endpoint {
        low: v,
        high: v,
        nominal: v,
        approx: false,
    }
}

pub(super) fn is_year(v: u64) -> bool {
    (1900..=2100).contains(&v)
}

/// [r(0.8N), r(1.2N)].
pub(super) fn about(n: u64) -> (u64, u64) {
    (round_ratio(n, 8), round_ratio(n, 12))
}
