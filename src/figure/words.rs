//! The grammar words, folded: modifiers ("au moins", "more than"), number
//! words, the nouns that tell deaths from wounded, units, dates, and the words
//! that cut, join or revise a figure. Phrases with a reading of their own
//! (vague quantities, approximate nouns) are in `lexicon.rs`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Modifier {
    AtLeast,
    MoreThan,
    FewerThan,
    JustUnder,
    UpTo,
    Nearly,
    About,
}

use Modifier::*;

/// Modifiers before a number, a number word or a vague phrase.
pub(super) const MODIFIERS: &[(&str, Modifier)] = &[
    ("au moins", AtLeast),
    ("pas moins de", AtLeast),
    ("pas moins d", AtLeast),
    ("au minimum", AtLeast),
    ("au bas mot", AtLeast),
    ("minimum", AtLeast),
    ("at least", AtLeast),
    ("at the very least", AtLeast),
    ("at a minimum", AtLeast),
    ("a minimum of", AtLeast),
    ("no fewer than", AtLeast),
    ("no less than", AtLeast),
    ("not less than", AtLeast),
    ("not fewer than", AtLeast),
    ("plus de", MoreThan),
    ("plus d", MoreThan),
    ("un peu plus de", MoreThan),
    ("un peu plus d", MoreThan),
    ("bien plus de", MoreThan),
    ("bien plus d", MoreThan),
    ("largement plus de", MoreThan),
    ("au dela de", MoreThan),
    ("au dela d", MoreThan),
    ("more than", MoreThan),
    ("over", MoreThan),
    ("well over", MoreThan),
    ("just over", MoreThan),
    ("slightly more than", MoreThan),
    ("a little more than", MoreThan),
    ("upwards of", MoreThan),
    ("upward of", MoreThan),
    ("in excess of", MoreThan),
    ("depasse", MoreThan),
    ("depasse les", MoreThan),
    ("depasser", MoreThan),
    ("depasser les", MoreThan),
    ("depassant", MoreThan),
    ("depassant les", MoreThan),
    ("depassent", MoreThan),
    ("depassent les", MoreThan),
    ("exceed", MoreThan),
    ("exceeds", MoreThan),
    ("exceeded", MoreThan),
    ("exceeding", MoreThan),
    ("topped", MoreThan),
    ("moins de", FewerThan),
    ("moins d", FewerThan),
    ("fewer than", FewerThan),
    ("less than", FewerThan),
    ("under", FewerThan),
    ("un peu moins de", JustUnder),
    ("un peu moins d", JustUnder),
    ("just under", JustUnder),
    ("slightly fewer than", JustUnder),
    ("slightly less than", JustUnder),
    ("a little under", JustUnder),
    ("a little less than", JustUnder),
    ("jusqu a", UpTo),
    ("jusqu au", UpTo),
    ("au plus", UpTo),
    ("tout au plus", UpTo),
    ("au maximum", UpTo),
    ("maximum", UpTo),
    ("pas plus de", UpTo),
    ("pas plus d", UpTo),
    ("up to", UpTo),
    ("as many as", UpTo),
    ("as much as", UpTo),
    ("at most", UpTo),
    ("at the most", UpTo),
    ("a maximum of", UpTo),
    ("no more than", UpTo),
    ("not more than", UpTo),
    ("pres de", Nearly),
    ("pres d", Nearly),
    ("presque", Nearly),
    ("quasiment", Nearly),
    ("pratiquement", Nearly),
    ("avoisinant", Nearly),
    ("avoisinant les", Nearly),
    ("approchant", Nearly),
    ("approchant les", Nearly),
    ("frolant", Nearly),
    ("frolant les", Nearly),
    ("pas loin de", Nearly),
    ("pas loin d", Nearly),
    ("nearly", Nearly),
    ("almost", Nearly),
    ("close to", Nearly),
    ("approaching", Nearly),
    ("nearing", Nearly),
    ("not far from", Nearly),
    ("environ", About),
    ("quelque", About),
    ("autour de", About),
    ("autour d", About),
    ("aux alentours de", About),
    ("aux alentours d", About),
    ("a peu pres", About),
    ("approximativement", About),
    ("grosso modo", About),
    ("plus ou moins", About),
    ("about", About),
    ("around", About),
    ("some", About),
    ("roughly", About),
    ("approximately", About),
    ("approx", About),
    ("circa", About),
    ("an estimated", About),
    ("estimated", About),
    ("~", About),
];

/// Modifiers that may follow the figure ("une soixantaine de civils, au moins").
pub(super) const POST_MODIFIERS: &[(&str, Modifier)] = &[
    ("au moins", AtLeast),
    ("au minimum", AtLeast),
    ("au bas mot", AtLeast),
    ("minimum", AtLeast),
    ("at least", AtLeast),
    ("at the very least", AtLeast),
    ("at a minimum", AtLeast),
    ("ou plus", AtLeast),
    ("et plus", AtLeast),
    ("or more", AtLeast),
    ("and more", AtLeast),
    ("+", AtLeast),
    ("environ", About),
    ("a peu pres", About),
    ("approximately", About),
    ("roughly", About),
    ("or so", About),
    ("au plus", UpTo),
    ("tout au plus", UpTo),
    ("au maximum", UpTo),
    ("maximum", UpTo),
    ("at most", UpTo),
    ("at the most", UpTo),
];

pub(super) const SMALL_NUMBERS: &[(&str, u64)] = &[
    ("zero", 0),
    ("un", 1),
    ("une", 1),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("onze", 11),
    ("douze", 12),
    ("treize", 13),
    ("quatorze", 14),
    ("quinze", 15),
    ("seize", 16),
    ("vingt", 20),
    ("vingts", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("soixante", 60),
    ("septante", 70),
    ("huitante", 80),
    ("octante", 80),
    ("nonante", 90),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fourty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

pub(super) const HUNDREDS: &[&str] = &["cent", "cents", "hundred"];

pub(super) const BIG_NUMBERS: &[(&str, u64)] = &[
    ("mille", 1_000),
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("millions", 1_000_000),
    ("milliard", 1_000_000_000),
    ("milliards", 1_000_000_000),
    ("billion", 1_000_000_000),
];

/// Words that make a count a death count.
#[rustfmt::skip]
pub(super) const DEATH_WORDS: &[&str] = &[
    "mort", "morts", "morte", "mortes", "tue", "tues", "tuee", "tuees", "tuant", "tuer", "deces",
    "decede", "decedes", "decedee", "decedees", "victime", "victimes", "corps", "cadavre",
    "cadavres", "neutralise", "neutralises", "neutralisee", "neutralisees", "abattu", "abattus",
    "abattue", "abattues", "execute", "executes", "executee", "executees", "massacre", "massacres",
    "massacrees", "assassine", "assassines", "assassinee", "assassinees", "tombe", "tombes",
    "tombee", "tombees", "martyr", "martyrs", "peri", "peris", "perissent", "perte", "pertes",
    "succombe", "succombes", "egorge", "egorges", "calcines", "killed", "killing", "kill", "kills",
    "dead", "death", "deaths", "died", "die", "dies", "dying", "bodies", "body", "corpses",
    "corpse", "fatalities", "fatality", "casualties", "casualty", "victims", "victim", "lifeless",
    "slain", "murdered", "massacred", "executed", "perished", "neutralized", "neutralised",
];

/// Words that make a count not a death count.
#[rustfmt::skip]
pub(super) const HARM_WORDS: &[&str] = &[
    "blesse", "blesses", "blessee", "blessees", "blessant", "blessure", "blessures", "disparu",
    "disparus", "disparue", "disparues", "deplace", "deplaces", "deplacee", "deplacees",
    "prisonnier", "prisonniers", "otage", "otages", "enleve", "enleves", "enlevee", "enlevees",
    "kidnappe", "kidnappes", "capture", "captures", "arrete", "arretes", "interpelle",
    "interpelles", "detenus", "evacue", "evacues", "rescape", "rescapes", "survivant", "survivants",
    "sinistres", "injured", "injuring", "injuries", "wounded", "wounding", "hurt", "missing",
    "displaced", "prisoners", "prisoner", "hostages", "hostage", "abducted", "kidnapped",
    "captured", "arrested", "detained", "evacuated", "survivors", "rescued", "homeless",
];

/// Nouns for people: a count of them is a likely toll, below a count with a death word.
#[rustfmt::skip]
pub(super) const PERSON_WORDS: &[&str] = &[
    "personnes", "personne", "gens", "civils", "civil", "civiles", "civile", "soldats", "soldat",
    "militaires", "militaire", "gendarmes", "gendarme", "policiers", "policier", "douaniers",
    "gardes", "rebelles", "rebelle", "combattants", "combattant", "jihadistes", "djihadistes",
    "jihadiste", "djihadiste", "terroristes", "terroriste", "assaillants", "assaillant", "insurges",
    "villageois", "habitants", "habitant", "enfants", "enfant", "femmes", "femme", "hommes",
    "homme", "adultes", "membres", "membre", "individus", "individu", "elements", "fideles",
    "passagers", "passager", "eleves", "agents", "bergers", "orpailleurs", "chauffeurs",
    "commercants", "pecheurs", "agriculteurs", "eleveurs", "vdp", "fama", "people", "persons",
    "person", "civilians", "civilian", "soldiers", "soldier", "troops", "servicemen", "policemen",
    "policeman", "officers", "officer", "police", "rebels", "rebel", "fighters", "fighter",
    "militants", "militant", "jihadists", "jihadist", "terrorists", "attackers", "assailants",
    "gunmen", "insurgents", "villagers", "villager", "residents", "resident", "children", "child",
    "women", "woman", "men", "man", "adults", "members", "member", "individuals", "passengers",
    "worshippers", "students", "pupils", "workers", "farmers", "herders", "miners", "refugees",
    "migrants", "peacekeepers",
];

/// Nouns for who reports a toll: "selon de nombreuses sources civiles" counts sources.
#[rustfmt::skip]
pub(super) const INFORMANT_WORDS: &[&str] = &[
    "sources", "source", "temoins", "temoin", "temoignages", "responsables", "elus", "elu",
    "officiels", "journalistes", "medias", "rapports", "communiques", "reprises", "witnesses",
    "witness", "officials", "official", "reports", "journalists", "media", "accounts",
];

/// First nouns after a number that make it a measure, not a count of people.
#[rustfmt::skip]
pub(super) const UNIT_WORDS: &[&str] = &[
    "an", "ans", "annee", "annees", "jour", "jours", "heure", "heures", "h", "minute", "minutes",
    "mn", "min", "seconde", "secondes", "mois", "semaine", "semaines", "km", "kilometre",
    "kilometres", "metre", "metres", "m", "kg", "tonnes", "fois", "reprises", "pourcent", "year",
    "years", "day", "days", "hour", "hours", "week", "weeks", "month", "months", "mile", "miles",
    "kilometer", "kilometers", "times", "percent", "per", "gmt", "utc", "am", "pm", "fcfa", "cfa",
    "francs", "dollars", "euros", "usd", "eur", "vehicules", "vehicule", "vehicles", "maisons",
    "houses", "homes",
];

#[rustfmt::skip]
pub(super) const MONTHS: &[&str] = &[
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
    "novembre", "decembre", "janv", "fevr", "fev", "avr", "juil", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep",
];

/// Words before a 4-digit number that make it a year ("depuis 2012").
pub(super) const YEAR_WORDS: &[&str] = &[
    "en", "in", "depuis", "since", "de", "of", "an", "annee", "year", "fin", "debut", "mi", "du",
    "the", "l",
];

/// Words skipped when looking for the noun after a number.
#[rustfmt::skip]
pub(super) const FILLERS: &[&str] = &[
    "de", "d", "des", "du", "of", "the", "les", "la", "le", "l", "ont", "ete", "etaient", "etait",
    "sont", "est", "furent", "fut", "were", "was", "been", "have", "has", "had", "are", "is", "be",
    "y", "qui", "who", "that", "reportedly", "total", "lundi", "mardi", "mercredi", "jeudi",
    "vendredi", "samedi", "dimanche", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "hier", "yesterday", "today", "aujourd", "hui", "matin", "soir", "nuit",
    "morning", "evening", "night", "so", "far", "provisoire", "provisoires",
];

/// Words that end the search for the noun after (or the verb before) a number.
#[rustfmt::skip]
pub(super) const STOPPERS: &[&str] = &[
    "et", "and", "ou", "or", "mais", "but", "a", "au", "aux", "dans", "in", "at", "on", "sur",
    "lors", "pendant", "during", "apres", "after", "avant", "before", "when", "lorsque", "quand",
    "since", "depuis", "selon", "according", "par", "by", "contre", "versus", "vs", "from", "while",
    "alors", "tandis", "whereas", "avec", "with", "dont", "soit", "including", "incl",
];

/// Phrases after which the rest details the count just given.
#[rustfmt::skip]
pub(super) const BREAKDOWNS: &[&str] = &[
    "dont", "soit", "including", "incl", "inclus", "incluant", "comprenant", "y compris", "parmi
    lesquels", "parmi lesquelles", "parmi eux", "parmi elles", "among them", "among whom", "of
    whom", "of which", "(",
];

/// Tokens allowed between the parts of a sum.
pub(super) const SUM_GAP: &[&str] = &[
    "et", "and", "plus", "+", "&", ",", "de", "d", "of", "ainsi", "que", "as", "well", "aussi",
    "also",
];
/// At least one of these must join two parts of a sum.
pub(super) const SUM_JOINERS: &[&str] = &["et", "and", "plus", "+", "&", ","];

/// Words that announce a revised toll: the later figure wins.
#[rustfmt::skip]
pub(super) const REVISION_WORDS: &[&str] = &[
    "ramene", "ramenee", "ramenes", "revu", "revue", "revise", "revisee", "passe", "passant",
    "passee", "porte", "portant", "portee", "alourdi", "alourdit", "grimpe", "grimpant", "monte",
    "montant", "rehausse", "abaisse", "corrige", "corrigee", "baisse", "hausse", "augmente",
    "revised", "rose", "risen", "rising", "raised", "increased", "climbed", "jumped", "lowered",
    "reduced", "cut", "dropped", "fell", "corrected", "updated", "upped",
];

/// Negations that, before a death word, mean no deaths ("aucun mort").
#[rustfmt::skip]
pub(super) const NEGATIONS: &[&str] = &[
    "aucun", "aucune", "pas de", "pas d", "pas", "sans", "ni", "nul", "nulle", "no", "none",
    "nobody", "no one", "not a single", "not one", "personne n",
];

/// Toll words: after a negation ("aucun bilan"), the text says no figure was given.
#[rustfmt::skip]
pub(super) const TOLL_WORDS: &[&str] = &[
    "bilan", "bilans", "toll", "tolls", "chiffre", "chiffres", "nombre", "number", "count",
    "figure", "figures", "estimate", "estimation", "decompte", "report", "information",
    "informations", "details", "precision", "precisions",
];

/// Words saying the toll is unknown.
#[rustfmt::skip]
pub(super) const UNKNOWN_WORDS: &[&str] = &[
    "inconnu", "inconnue", "inconnus", "indetermine", "indeterminee", "unknown", "unclear",
    "undetermined", "unconfirmed",
];

/// Plural death nouns that, alone, mean deaths without a number ("des morts", "casualties").
pub(super) const DEATHS_UNKNOWN_FR: &[&str] = &[
    "morts", "victimes", "tues", "deces", "decedes", "pertes", "cadavres", "corps",
];
pub(super) const DEATHS_UNKNOWN_EN: &[&str] =
    &["deaths", "casualties", "fatalities", "victims", "bodies"];

pub(super) fn is_in(table: &[&str], w: &str) -> bool {
    table.contains(&w)
}

pub(super) fn small_value(w: &str) -> Option<u64> {
    SMALL_NUMBERS.iter().find(|(x, _)| *x == w).map(|&(_, v)| v)
}

pub(super) fn big_value(w: &str) -> Option<u64> {
    BIG_NUMBERS.iter().find(|(x, _)| *x == w).map(|&(_, v)| v)
}

/// "three soldiers and an unknown number of civilians": a part counted
/// without a number, which leaves the figure open above.
#[rustfmt::skip]
pub(super) const UNKNOWN_NUMBER: &[&str] = &[
    "an unknown number of", "an undetermined number of", "an unspecified number of",
    "an unconfirmed number of", "an undisclosed number of", "un nombre indetermine de",
    "un nombre indetermine d", "un nombre inconnu de", "un nombre inconnu d",
    "un nombre non determine de", "un nombre non determine d", "un nombre non precise de",
    "un nombre non precise d", "un nombre indefini de", "un nombre indefini d",
];

/// Killing verbs that, right before another quantity, have it as object:
/// in "two attacks killed 40 people" the 40 died, the two did not.
#[rustfmt::skip]
pub(super) const AGENT_VERBS: &[&str] = &[
    "tue", "tues", "tuee", "tuees", "tuant", "tuer", "abattu", "abattus", "execute", "executes",
    "massacre", "assassine", "killed", "kill", "kills", "killing", "massacred", "executed",
    "murdered", "slew", "slain",
];

/// Death words that, after "un"/"une"/"a", count one dead ("un mort", "a
/// victim"); "a massacre", "une tuerie" do not.
#[rustfmt::skip]
pub(super) const ONE_DEAD: &[&str] = &[
    "mort", "morte", "tue", "tuee", "victime", "corps", "cadavre", "deces", "martyr", "death",
    "dead", "body", "corpse", "fatality", "casualty", "victim",
];

/// Between a lower bound and the upper end that closes it: "au moins 50,
/// voire 70", "at least 100, possibly as many as 200".
#[rustfmt::skip]
pub(super) const MAYBE_GAP: &[&str] = &[
    ",", "possibly", "perhaps", "maybe", "probably", "potentially", "even", "and", "or", "voire",
    "peut", "etre", "meme", "possiblement", "probablement", "potentiellement", "et", "ou",
];
/// Words that mark a figure as possible, not stated: "voire 70".
pub(super) const MAYBE_WORDS: &[&str] = &[
    "possibly",
    "perhaps",
    "maybe",
    "probably",
    "potentially",
    "voire",
    "peut",
    "possiblement",
    "probablement",
    "potentiellement",
];

/// Words that attribute a figure to someone: "selon l'armée", "residents
/// said", "put the toll at". Two figures and such words: two sources.
#[rustfmt::skip]
pub(super) const SPEAKER_WORDS: &[&str] = &[
    "selon", "according", "d apres", "said", "say", "says", "told", "put", "puts", "reported",
    "claimed", "claim", "claims", "parle", "parlent", "parlait", "evoque", "evoquent", "avance",
    "avancent", "affirme", "affirment", "declare", "declarent", "estime", "estiment", "indique",
    "indiquent", "annonce", "annoncent", "recense", "recensent", "denombre", "denombrent",
];

/// After a count, a second count of more of the same ("and five more on
/// Tuesday"): another figure, which may or may not add up.
pub(super) const MORE_WORDS: &[&str] =
    &["more", "others", "autres", "supplementaires", "additional"];

/// After the figure, it is only part of the toll ("nine members of one family
/// were among those killed"): the toll is at least that.
#[rustfmt::skip]
pub(super) const AMONG_THE_DEAD: &[&str] = &[
    "among those", "among the dead", "among the victims", "among the killed",
    "among the fatalities", "parmi les morts", "parmi les victimes", "parmi les tues",
    "parmi les personnes tuees", "au nombre des victimes", "au nombre des morts",
];
