//! All YAML parsing goes through this module, so serde_yaml (deprecated upstream) can be
//! swapped for a maintained fork in one place.
//!
//! serde_yaml parses the data. It keeps no positions once parsing is done, so when a file has
//! problems, [`SpanIndex`] re-reads it with yaml-rust2's event parser to find the line and
//! column of each key and value. Files without problems are parsed once.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

pub use serde_yaml::{Mapping, Value};

/// A YAML syntax error with a 1-based position.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = e.to_string();
        // serde_yaml appends " at line L column C"; the position is shown separately.
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        SyntaxError {
            line,
            column,
            message: plain_syntax_message(&message),
        }
    })
}

/// Rewords libyaml's messages for people who have never heard of a "block mapping".
fn plain_syntax_message(raw: &str) -> String {
    let lower = raw.to_ascii_lowercase();
    let hint = if lower.contains("mapping values are not allowed") {
        "a colon followed by a space is used inside a value; put the whole value in double quotes"
    } else if lower.contains("did not find expected key") || lower.contains("block mapping") {
        "the indentation is inconsistent; line up fields that belong together with the same number of spaces"
    } else if lower.contains("found character that cannot start any token") {
        "a line starts with a character YAML does not allow there (often a tab: use spaces)"
    } else if lower.contains("duplicate") || lower.contains("duplicated") {
        "a field is written twice; keep one of them"
    } else if lower.contains("unknown anchor") {
        "a value refers to an anchor (*name) that is not defined"
    } else if lower.contains("recursion limit") {
        "the file is nested too deeply"
    } else if lower.contains("repetition limit") {
        "the file expands to too much data (too many aliases)"
    } else if lower.contains("quoted scalar") {
        "a quotation mark is not closed"
    } else {
        ""
    };
    if hint.is_empty() {
        format!("the YAML cannot be read: {raw}")
    } else {
        format!("the YAML cannot be read: {hint} ({raw})")
    }
}

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type Path = Vec<Seg>;

/// Renders a path as a person would write it: `schedule[2].starts`.
pub fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{}]", i + 1)),
        }
    }
    s
}

/// 1-based line and column, with the length of the token found there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Where each key and value of a document starts.
#[derive(Debug, Default)]
pub struct SpanIndex {
    keys: HashMap<Path, Pos>,
    values: HashMap<Path, Pos>,
}

impl SpanIndex {
    /// Every key and value of `text`. For tests; [`SpanIndex::build_for`] is what a check uses.
    pub fn build(text: &str) -> SpanIndex {
        Self::build_with(text, None)
    }

    /// The positions of `wanted` paths and of the paths that enclose them (where a missing
    /// field is shown). Parts of the document on no wanted path are read but not recorded,
    /// and their paths never made: a file of lists nested a hundred deep would otherwise
    /// need a path per value as long as its depth (gigabytes for a 1 MB file).
    pub fn build_for<'p>(text: &str, wanted: impl IntoIterator<Item = &'p [Seg]>) -> SpanIndex {
        let mut set: std::collections::HashSet<Path> = std::collections::HashSet::new();
        for p in wanted {
            for n in 0..=p.len() {
                if !set.contains(&p[..n]) {
                    set.insert(p[..n].to_vec());
                }
            }
        }
        Self::build_with(text, Some(set))
    }

    fn build_with(text: &str, wanted: Option<std::collections::HashSet<Path>>) -> SpanIndex {
        let mut b = Builder {
            wanted,
            ..Builder::default()
        };
        let mut parser = Parser::new_from_str(text);
        // A syntax error was already reported by `parse`; positions up to it are still useful.
        let _ = parser.load(&mut b, false);
        SpanIndex {
            keys: b.keys,
            values: b.values,
        }
    }

    /// The position of a key, or failing that of the nearest enclosing thing that exists.
    pub fn key(&self, path: &[Seg]) -> Option<Pos> {
        self.keys
            .get(path)
            .copied()
            .or_else(|| self.values.get(path).copied())
    }

    /// The position of a value, or failing that its key, or the nearest enclosing thing.
    pub fn value(&self, path: &[Seg]) -> Option<Pos> {
        self.values
            .get(path)
            .copied()
            .or_else(|| self.keys.get(path).copied())
    }

    /// Nearest position for a path that may not exist (a missing field): its parent's.
    pub fn nearest(&self, path: &[Seg], want_key: bool) -> Option<Pos> {
        let mut p = path.to_vec();
        loop {
            // The document itself: its first line (the root mapping's own mark sits at the
            // first key's colon, which would put a caret mid-line).
            if p.is_empty() {
                return Some(Pos { line: 1, column: 1 });
            }
            let found = if want_key {
                self.key(&p)
            } else {
                self.value(&p)
            };
            if found.is_some() {
                return found;
            }
            p.pop()?;
        }
    }
}

enum Frame {
    Map {
        path: Path,
        pending_key: Option<String>,
        expecting_key: bool,
    },
    Seq {
        path: Path,
        next: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    keys: HashMap<Path, Pos>,
    values: HashMap<Path, Pos>,
    /// Paths to record (None: all). Below a path not in it, nothing is.
    wanted: Option<std::collections::HashSet<Path>>,
    /// How many containers deep the reader is inside a part that is not wanted.
    skipping: usize,
}

impl Builder {
    fn wants(&self, p: &[Seg]) -> bool {
        self.wanted.as_ref().is_none_or(|w| w.contains(p))
    }

    /// The path the next value will have, and records a key when the event is one.
    /// Returns None when the event was a key (consumed).
    fn place(&mut self, ev: &Event, pos: Pos) -> Option<Path> {
        let wanted = self.wanted.as_ref();
        match self.stack.last_mut() {
            None => Some(Vec::new()),
            Some(Frame::Seq { path, next }) => {
                let mut p = path.clone();
                p.push(Seg::Index(*next));
                *next += 1;
                Some(p)
            }
            Some(Frame::Map {
                path,
                pending_key,
                expecting_key,
            }) => {
                if *expecting_key {
                    let key = match ev {
                        Event::Scalar(s, ..) => s.clone(),
                        _ => String::from("?"),
                    };
                    let mut p = path.clone();
                    p.push(Seg::Key(key.clone()));
                    if wanted.is_none_or(|w| w.contains(&p)) {
                        self.keys.entry(p).or_insert(pos);
                    }
                    *pending_key = Some(key);
                    *expecting_key = false;
                    // A complex key (a mapping used as a key) is not tracked further.
                    if matches!(ev, Event::Scalar(..) | Event::Alias(..)) {
                        return None;
                    }
                    None
                } else {
                    let mut p = path.clone();
                    p.push(Seg::Key(pending_key.take().unwrap_or_default()));
                    *expecting_key = true;
                    Some(p)
                }
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos {
            line: mark.line(),
            column: mark.col() + 1,
        };
        // Inside a part nobody asked about: only count containers to know where it ends.
        if self.skipping > 0 {
            match ev {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.skipping += 1,
                Event::MappingEnd | Event::SequenceEnd => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        match ev {
            Event::Scalar(..) | Event::Alias(..) => {
                if let Some(p) = self.place(&ev, pos)
                    && self.wants(&p)
                {
                    self.values.entry(p).or_insert(pos);
                }
            }
            Event::MappingStart(..) => {
                let is_key = matches!(
                    self.stack.last(),
                    Some(Frame::Map {
                        expecting_key: true,
                        ..
                    })
                );
                let path = if is_key {
                    self.place(&ev, pos);
                    vec![Seg::Key("?".into())]
                } else {
                    let p = self.place(&ev, pos).unwrap_or_default();
                    if !self.wants(&p) {
                        self.skipping = 1;
                        return;
                    }
                    self.values.entry(p.clone()).or_insert(pos);
                    p
                };
                self.stack.push(Frame::Map {
                    path,
                    pending_key: None,
                    expecting_key: true,
                });
            }
            Event::SequenceStart(..) => {
                let p = self.place(&ev, pos).unwrap_or_default();
                if !self.wants(&p) {
                    self.skipping = 1;
                    return;
                }
                self.values.entry(p.clone()).or_insert(pos);
                self.stack.push(Frame::Seq { path: p, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// Writes YAML (for files `signpost import` creates), through the same library that reads it.
pub fn to_string(v: &Value) -> String {
    serde_yaml::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Seg {
        Seg::Key(s.into())
    }

    #[test]
    fn finds_keys_and_values_in_nested_documents() {
        let text = "name: Rhyme time\ncontact:\n  email: nope\nneeds:\n  - one\n  - two\n";
        let idx = SpanIndex::build(text);
        assert_eq!(idx.key(&[k("name")]), Some(Pos { line: 1, column: 1 }));
        assert_eq!(idx.value(&[k("name")]), Some(Pos { line: 1, column: 7 }));
        assert_eq!(
            idx.key(&[k("contact"), k("email")]),
            Some(Pos { line: 3, column: 3 })
        );
        assert_eq!(
            idx.value(&[k("contact"), k("email")]),
            Some(Pos {
                line: 3,
                column: 10
            })
        );
        assert_eq!(
            idx.value(&[k("needs"), Seg::Index(1)]),
            Some(Pos { line: 6, column: 5 })
        );
        // A missing field points at its parent.
        assert_eq!(
            idx.nearest(&[k("contact"), k("phone")], true),
            Some(Pos { line: 2, column: 1 })
        );
    }

    #[test]
    fn only_wanted_paths_are_recorded_and_deep_parts_skipped() {
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let text = format!("junk:\n  - {deep}\n  - {deep}\nname: x\ncontact:\n  email: nope\n");
        let want = [
            vec![k("contact"), k("email")],
            vec![k("contact"), k("phone")],
        ];
        let idx = SpanIndex::build_for(&text, want.iter().map(|p| p.as_slice()));
        assert_eq!(
            idx.value(&[k("contact"), k("email")]),
            Some(Pos {
                line: 6,
                column: 10
            })
        );
        assert_eq!(
            idx.nearest(&[k("contact"), k("phone")], true),
            Some(Pos { line: 5, column: 1 })
        );
        assert_eq!(idx.key(&[k("name")]), None);
        assert_eq!(idx.value(&[k("junk")]), None);
        // The document, `contact` and `contact.email`: keys and values.
        assert_eq!(idx.keys.len() + idx.values.len(), 5);
    }

    #[test]
    fn syntax_errors_carry_a_position_and_plain_words() {
        let err = parse("name: a\nsummary: x: y\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("double quotes"), "{}", err.message);
    }

    #[test]
    fn path_strings_read_like_yaml() {
        let p = vec![k("schedule"), Seg::Index(1), k("starts")];
        assert_eq!(path_string(&p), "schedule[2].starts");
    }
}
