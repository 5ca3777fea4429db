// TEMPORARY placeholder until the real parser lands (not to be committed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexiconKind {
    Builtin,
    Acled,
}
impl std::str::FromStr for LexiconKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "builtin" => Ok(Self::Builtin),
            "acled" => Ok(Self::Acled),
            _ => Err(format!("unknown lexicon '{s}' (builtin|acled)")),
        }
    }
}
impl std::fmt::Display for LexiconKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}",
            match self {
                Self::Builtin => "builtin",
                Self::Acled => "acled",
            }
        )
    }
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconEntry {
    pub phrase: String,
    pub low: u64,
    pub high: Option<u64>,
}
#[derive(Debug, Clone)]
pub struct Lexicon {
    kind: LexiconKind,
    entries: Vec<LexiconEntry>,
}
impl Lexicon {
    pub fn new(kind: LexiconKind) -> Self {
        Lexicon {
            kind,
            entries: vec![],
        }
    }
    pub fn kind(&self) -> LexiconKind {
        self.kind
    }
    pub fn with_entries(mut self, e: Vec<LexiconEntry>) -> Self {
        self.entries = e;
        self
    }
}
