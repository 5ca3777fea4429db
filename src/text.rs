//! [`Text`]: an immutable string shared by reference count, for the ids
//! and texts of a case's rows.
//!
//! A case of 100 000 events repeats the same source id, category, file name
//! and figure text on many claims: each is one allocation shared by every
//! claim that has it ([`Interner`]), and cloning a claim allocates nothing.
//! A `Text` reads as a `&str` (`as_str`, deref, comparisons with `&str` and
//! `String`, `Display` and `Debug` as a string).

use crate::fxhash::FxHashMap;
use arcstr::ArcStr;
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// See the module documentation. One word wide ([`arcstr::ArcStr`] keeps
/// the length beside the count, in the one allocation): a case of 300 000
/// claims holds nine per claim.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Text(ArcStr);

impl Text {
    pub fn new(s: &str) -> Text {
        if s.is_empty() {
            return Text::default();
        }
        Text(ArcStr::from(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    /// The empty text (no allocation).
    fn default() -> Text {
        Text(ArcStr::new())
    }
}

impl Hash for Text {
    /// As its string hashes, so that maps keyed by `Text` are looked up by `&str`.
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl AsRef<[u8]> for Text {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl AsRef<std::path::Path> for Text {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(&*self.0)
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new(&s)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.to_string()
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> String {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

/// Hands out one [`Text`] per distinct string it is given.
#[derive(Debug, Default)]
pub struct Interner<'a>(FxHashMap<&'a str, Text>);

impl<'a> Interner<'a> {
    pub fn get(&mut self, s: &'a str) -> Text {
        if s.is_empty() {
            return Text::default();
        }
        self.0.entry(s).or_insert_with(|| Text::new(s)).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_compares_as_a_string() {
        let t = Text::from("e1");
        assert_eq!(t, "e1");
        assert_eq!("e1", t);
        assert_eq!(t, String::from("e1"));
        assert_eq!(t.as_str(), "e1");
        assert_eq!(format!("[{t:>4}] {t:?}"), "[  e1] \"e1\"");
        assert!(Text::default().is_empty());
        assert_eq!(Text::from(String::new()), Text::default());
    }

    #[test]
    fn an_interner_shares_equal_strings() {
        let owned = "s1".to_string();
        let mut i = Interner::default();
        let (a, b) = (i.get("s1"), i.get(&owned));
        assert!(ArcStr::ptr_eq(&a.0, &b.0));
        assert_eq!(std::mem::size_of::<Text>(), 8);
        assert_ne!(i.get("s2"), a);
    }
}
