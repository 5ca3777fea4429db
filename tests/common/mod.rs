//! Test helpers: a private copy of a case folder per test, and the binary.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/mali-2023-09");

/// A scratch folder holding a copy of a case, removed when dropped.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    /// A copy of `case` in `<tmp>/<name>`.
    pub fn with_case(case: &str, name: &str) -> (Workdir, PathBuf) {
        let w = Workdir::new();
        let dst = w.dir.path().join(name);
        std::fs::create_dir(&dst).unwrap();
        for e in std::fs::read_dir(case).unwrap() {
            let e = e.unwrap();
            if e.path().extension().is_some_and(|x| x == "csv") {
                std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
            }
        }
        (w, dst)
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Replaces the first occurrence of `from` in a file, asserting it was there.
pub fn edit(file: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(file).unwrap();
    assert!(s.contains(from), "{from:?} not in {}", file.display());
    std::fs::write(file, s.replacen(from, to, 1)).unwrap();
}

pub fn tollrange() -> Command {
    Command::cargo_bin("tollrange").unwrap()
}

/// Every file below a folder, recursively, relative, sorted.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&d) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push(p.strip_prefix(dir).unwrap().display().to_string());
                }
            }
        }
    }
    out.sort();
    out
}

/// Pieces of toll phrases (words, numbers, punctuation, odd Unicode) that
/// the property tests glue into random figure texts.
pub const FIGURE_PIECES: &[&str] = &[
    "au moins",
    "plus de",
    "plus d'",
    "moins de",
    "près de",
    "environ",
    "jusqu'à",
    "at least",
    "more than",
    "fewer than",
    "up to",
    "nearly",
    "about",
    "some",
    "over",
    "une",
    "un",
    "a",
    "dizaine",
    "centaine",
    "dizaines",
    "centaines",
    "milliers",
    "des",
    "de",
    "plusieurs",
    "quelques",
    "de nombreux",
    "dozens",
    "hundreds",
    "thousands",
    "a dozen",
    "morts",
    "tués",
    "blessés",
    "disparus",
    "killed",
    "wounded",
    "deaths",
    "personnes",
    "soldats",
    "civils",
    "people",
    "et",
    "and",
    "dont",
    "soit",
    "including",
    "entre",
    "between",
    "à",
    "to",
    "ou",
    "or",
    "aucun",
    "no",
    "bilan",
    "toll",
    "ramené",
    "rose",
    "from",
    "soixante",
    "quatre",
    "vingt",
    "vingts",
    "dix",
    "cent",
    "cents",
    "mille",
    "million",
    "hundred",
    "thousand",
    "deux",
    "two",
    "sixty",
    "zero",
    "0",
    "1",
    "04",
    "10",
    "46",
    "64",
    "100",
    "1 000",
    "1.000",
    "1,5",
    "2023",
    "999999999999",
    "1000000000000",
    "99999999999999999999",
    "+",
    "-",
    "–",
    ",",
    ";",
    ".",
    ":",
    "(",
    ")",
    "/",
    "%",
    "«",
    "»",
    "'",
    "’",
    "15h30",
    "septembre",
    "ans",
    "selon",
    "un peu moins de",
    "millions",
    "revu",
    "milliard",
    "billion",
    "\u{a0}",
    "\u{200b}",
    "\u{301}",
    "ﬁ",
    "Ⅻ",
    "٣",
    "½",
    "²",
];
