// TEMPORARY placeholder until the real parser lands (not to be committed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub low: u64,
    pub high: Option<u64>,
    pub mode: Option<u64>,
    pub how: String,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureError {
    pub text: String,
    pub message: String,
}
impl std::fmt::Display for FigureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}
pub fn read_figure(text: &str, _l: &crate::lexicon::Lexicon) -> Result<Reading, FigureError> {
    let t = text.to_lowercase();
    let n: Option<u64> = t
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .and_then(|s| s.parse().ok());
    if t.contains("au moins")
        && let Some(n) = n
    {
        return Ok(Reading {
            low: n,
            high: None,
            mode: Some(n),
            how: "lb".into(),
        });
    }
    if t.contains("centaine") || t.contains("hundred") {
        return Ok(Reading {
            low: 101,
            high: None,
            mode: None,
            how: "x".into(),
        });
    }
    if t.contains("milliers") {
        return Ok(Reading {
            low: 2000,
            high: Some(9999),
            mode: None,
            how: "x".into(),
        });
    }
    if t.contains("dizaines") || t.contains("dozens") {
        return Ok(Reading {
            low: 20,
            high: Some(99),
            mode: None,
            how: "x".into(),
        });
    }
    if t.contains("morts") && n.is_none() {
        return Ok(Reading {
            low: 2,
            high: None,
            mode: None,
            how: "x".into(),
        });
    }
    match n {
        Some(n) => Ok(Reading {
            low: n,
            high: Some(n),
            mode: Some(n),
            how: "n".into(),
        }),
        None => Err(FigureError {
            text: text.into(),
            message: format!("cannot read {text:?}"),
        }),
    }
}
