use super::lexicon::round_ratio;
use super::*;

fn keys(text: &str) -> Vec<String> {
    phrase_keys(text)
}

#[test]
fn folds_accents_case_apostrophes_and_spaces() {
    assert_eq!(
        keys("Plus d’une CENTAINE"),
        ["plus", "d", "une", "centaine"]
    );
    assert_eq!(keys("jusqu'à"), ["jusqu", "a"]);
    assert_eq!(keys("soixante-quatre"), ["soixante", "quatre"]);
    assert_eq!(keys("20 – 30"), ["20", "-", "30"]);
    assert_eq!(keys("Œuvre"), ["oeuvre"]);
}

#[test]
fn digit_grouping_and_decimals() {
    for text in ["1 000", "1\u{a0}000", "1\u{202f}000", "1.000", "1,000"] {
        assert_eq!(keys(text), ["1000"], "{text:?}");
    }
    assert_eq!(keys("2 000 000"), ["2000000"]);
    assert_eq!(keys("1,5"), ["1,5"]);
    assert!(matches!(tokenize("1,5")[0].tok, Tok::Decimal(_)));
    assert_eq!(keys("04"), ["4"]);
    assert_eq!(tokenize("15h30")[0].tok, Tok::Glued);
    assert_eq!(tokenize("99999999999999999999")[0].tok, Tok::Big);
    // A 4-digit run is not a thousands group: "2019 120".
    assert_eq!(keys("2019 120"), ["2019", "120"]);
}

#[test]
fn token_spans_point_into_the_original() {
    let text = "Près de 1 000 tués";
    let toks = tokenize(text);
    let spans: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(spans, ["Près", "de", "1 000", "tués"]);
}

#[test]
fn rounding_is_half_away_from_zero() {
    assert_eq!(round_ratio(12, 8), 10); // 9.6
    assert_eq!(round_ratio(12, 12), 14); // 14.4
    assert_eq!(round_ratio(32, 8), 26); // 25.6
    assert_eq!(round_ratio(5, 12), 6); // 6.0
    assert_eq!(round_ratio(MAX_COUNT, 12), 1_200_000_000_000);
    for n in 0..2000u64 {
        assert_eq!(round_ratio(n, 8), (0.8 * n as f64).round() as u64, "{n}");
    }
}

#[test]
fn number_words() {
    let lex = Lexicon::default();
    let value = |text: &str| {
        let p = Parser::new(text, tokenize(text), &lex);
        p.number(0, p.n()).map(|(v, e, _)| (v, e == p.n()))
    };
    let cases: &[(&str, u64)] = &[
        ("soixante-quatre", 64),
        ("quatre-vingt-dix", 90),
        ("quatre-vingts", 80),
        ("quatre-vingt-onze", 91),
        ("soixante et onze", 71),
        ("soixante-dix-sept", 77),
        ("dix-huit", 18),
        ("vingt et un", 21),
        ("deux cents", 200),
        ("deux cent cinquante", 250),
        ("cent", 100),
        ("mille", 1000),
        ("deux mille", 2000),
        ("mille deux cents", 1200),
        ("cent mille", 100_000),
        ("sixty-four", 64),
        ("two hundred", 200),
        ("two hundred and five", 205),
        ("one thousand", 1000),
        ("a hundred", 100),
        ("a thousand", 1000),
        ("three million", 3_000_000),
        ("zero", 0),
        ("2 millions", 2_000_000),
    ];
    for &(text, v) in cases {
        assert_eq!(value(text), Some((v, true)), "{text}");
    }
    // Not numbers, or not all of it.
    assert_eq!(value("deux trois"), Some((2, false)));
    assert_eq!(value("mille mille"), Some((1000, false)));
    assert_eq!(value("a camp"), None);
}
