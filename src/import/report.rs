//! The import report: per record, whether it came in, and what was defaulted, dropped,
//! changed or needs a person's decision; written as markdown (to read) and CSV (for a
//! spreadsheet), and summed up in the terminal.

use std::fmt::Write as _;

/// What a note says about a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteKind {
    /// A person has to look: the listing lacks something signpost needs, or the import
    /// had to guess.
    Decide,
    /// Something the feed had was left out (expired, a placeholder, not readable).
    Dropped,
    /// A value came from the mapping file's defaults, not the feed.
    Defaulted,
    /// A value was carried over in another form (HTML to markdown, an alert to a notice).
    Changed,
}

impl NoteKind {
    pub fn word(self) -> &'static str {
        match self {
            NoteKind::Decide => "needs a decision",
            NoteKind::Dropped => "dropped",
            NoteKind::Defaulted => "defaulted",
            NoteKind::Changed => "changed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    /// The content field it is about, when it is about one (a default for that field
    /// settles a `Decide` note on it).
    pub field: Option<&'static str>,
    pub text: String,
}

impl Note {
    pub fn new(kind: NoteKind, text: impl Into<String>) -> Note {
        Note {
            kind,
            field: None,
            text: text.into(),
        }
    }

    pub fn on(kind: NoteKind, field: &'static str, text: impl Into<String>) -> Note {
        Note {
            kind,
            field: Some(field),
            text: text.into(),
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.word(), self.text)
    }
}

/// One record's line in the report.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Where it came from and its name (`feed.json, contents[3] ("Stay and play")`).
    pub record: String,
    /// Its id in the feed.
    pub id: String,
    /// The file written for it (`services/stay-and-play.md`), or None when left out.
    pub file: Option<String>,
    /// Why it was left out (empty when imported).
    pub left_out: Vec<String>,
    pub notes: Vec<Note>,
}

/// The figures the terminal summary and the report's head give.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub imported: usize,
    pub left_out: usize,
    pub defaulted: usize,
    pub dropped: usize,
    pub decide: usize,
}

pub fn counts(entries: &[Entry]) -> Counts {
    let mut c = Counts::default();
    for e in entries {
        if e.file.is_some() {
            c.imported += 1;
        } else {
            c.left_out += 1;
        }
        for n in &e.notes {
            match n.kind {
                NoteKind::Defaulted => c.defaulted += 1,
                NoteKind::Dropped => c.dropped += 1,
                NoteKind::Decide => c.decide += 1,
                NoteKind::Changed => {}
            }
        }
    }
    c
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-paragraph summary, for the terminal and the report's head.
pub fn summary(c: Counts) -> String {
    format!(
        "{} imported, {} left out. {}, {} dropped, {} a person's decision.",
        plural(c.imported, "record", "records"),
        c.left_out,
        plural(c.defaulted, "value defaulted", "values defaulted"),
        c.dropped,
        plural(c.decide, "point needs", "points need"),
    )
}

/// The markdown report: left out first (they are not on the site), then records with
/// points to decide, then the rest.
pub fn markdown(entries: &[Entry], extra: &[String]) -> String {
    let mut out = String::from("# Import report\n\n");
    let _ = writeln!(out, "{}\n", summary(counts(entries)));
    let section = |out: &mut String, title: &str, list: Vec<&Entry>| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(out, "## {title} ({})\n", list.len());
        for e in list {
            let _ = writeln!(out, "### {}\n", md_escape(&e.record));
            if !e.id.is_empty() {
                let _ = writeln!(out, "- id in the feed: `{}`", e.id.replace('`', "'"));
            }
            match &e.file {
                Some(f) => {
                    let _ = writeln!(out, "- written to `{f}`");
                }
                None => {
                    for why in &e.left_out {
                        let _ = writeln!(out, "- left out: {}", md_escape(why));
                    }
                }
            }
            let mut notes: Vec<&Note> = e.notes.iter().collect();
            notes.sort_by_key(|n| n.kind);
            for n in notes {
                let _ = writeln!(out, "- {}: {}", n.kind.word(), md_escape(&n.text));
            }
            out.push('\n');
        }
    };
    section(
        &mut out,
        "Left out",
        entries.iter().filter(|e| e.file.is_none()).collect(),
    );
    section(
        &mut out,
        "Imported, with points to decide",
        entries
            .iter()
            .filter(|e| e.file.is_some() && e.notes.iter().any(|n| n.kind == NoteKind::Decide))
            .collect(),
    );
    section(
        &mut out,
        "Imported",
        entries
            .iter()
            .filter(|e| e.file.is_some() && !e.notes.iter().any(|n| n.kind == NoteKind::Decide))
            .collect(),
    );
    if !extra.is_empty() {
        let _ = writeln!(out, "## Other files and records ({})\n", extra.len());
        for x in extra {
            let _ = writeln!(out, "- {}", md_escape(x));
        }
    }
    out
}

/// Text from a feed, so that it cannot start a heading or break a list in the report.
fn md_escape(s: &str) -> String {
    s.replace('\n', " ")
}

/// The CSV report: one row per note (and one per record with none), so a spreadsheet
/// can filter by record, outcome or kind.
pub fn csv(entries: &[Entry]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "Record",
        "Id in the feed",
        "Outcome",
        "File",
        "Kind",
        "Note",
    ])?;
    for e in entries {
        let outcome = if e.file.is_some() {
            "imported"
        } else {
            "left out"
        };
        let file = e.file.as_deref().unwrap_or("");
        let mut rows: Vec<(String, String)> = e
            .left_out
            .iter()
            .map(|w| ("left out".to_string(), w.clone()))
            .collect();
        rows.extend(
            e.notes
                .iter()
                .map(|n| (n.kind.word().to_string(), n.text.clone())),
        );
        if rows.is_empty() {
            rows.push((String::new(), String::new()));
        }
        for (kind, note) in rows {
            w.write_record([
                guard(&e.record).as_str(),
                guard(&e.id).as_str(),
                outcome,
                file,
                &kind,
                guard(&note).as_str(),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// A cell a spreadsheet would read as a formula gets a leading apostrophe (feeds are
/// written by others).
fn guard(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: Option<&str>, notes: Vec<Note>) -> Entry {
        Entry {
            record: "feed.json[0] (\"Play\")".into(),
            id: "=1+1".into(),
            file: file.map(str::to_string),
            left_out: if file.is_none() {
                vec!["field `name`: missing".into()]
            } else {
                Vec::new()
            },
            notes,
        }
    }

    #[test]
    fn the_report_says_what_came_in_and_what_a_person_has_to_do() {
        let entries = vec![
            entry(
                Some("services/play.md"),
                vec![
                    Note::on(NoteKind::Decide, "level", "no level of need: add `level`"),
                    Note::new(NoteKind::Dropped, "email Unknown-1@noemail.invalid"),
                ],
            ),
            entry(None, Vec::new()),
        ];
        let c = counts(&entries);
        assert_eq!((c.imported, c.left_out, c.decide, c.dropped), (1, 1, 1, 1));
        let md = markdown(&entries, &["index.json: not a service".into()]);
        assert!(md.contains("## Left out (1)"), "{md}");
        assert!(md.contains("- left out: field `name`: missing"), "{md}");
        assert!(
            md.contains("## Imported, with points to decide (1)"),
            "{md}"
        );
        assert!(md.contains("- written to `services/play.md`"), "{md}");
        assert!(md.contains("## Other files and records (1)"), "{md}");
        let csv = String::from_utf8(csv(&entries).unwrap()).unwrap();
        assert!(
            csv.contains("'=1+1,imported,services/play.md,needs a decision,"),
            "{csv}"
        );
        assert!(
            csv.contains(",left out,,left out,field `name`: missing"),
            "{csv}"
        );
        assert_eq!(csv.lines().count(), 4, "{csv}");
    }
}
