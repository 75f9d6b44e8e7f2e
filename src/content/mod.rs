//! Content: the files volunteers and officers edit, read and checked.

pub mod body;
pub mod childcare;
pub mod diagnostics;
pub mod formats;
pub mod language;
pub mod load;
pub mod local_offer;
pub mod model;
pub mod reader;
pub mod schema;
pub mod validate;

use diagnostics::{Diagnostic, Severity};
use load::{Loaded, Source};
use rayon::prelude::*;
use std::collections::HashMap;

/// The result of reading and checking a content folder.
pub struct Checked {
    pub content: model::Content,
    pub diagnostics: Vec<Diagnostic>,
    /// Text of every file with a diagnostic, for snippets.
    pub sources: HashMap<String, String>,
    pub files: usize,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
    /// Stale listings count as errors in strict mode.
    pub fn make_strict(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Severity::Error;
        }
    }
}

/// Reads and checks everything. Errors reading the folder itself (it does not exist) are
/// the only failure; every content problem is a diagnostic.
pub fn check(source: &Source, today: jiff::civil::Date) -> std::io::Result<Checked> {
    check_with(source, today, Locate::All)
}

/// Which diagnostics get their line and column worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locate {
    All,
    /// Errors only: a build shows only how many warnings there are, and finding where each
    /// one is means reading its file again (a quarter of a large directory can be past its
    /// review date). The warnings are kept, at line 0, column 0.
    Errors,
}

/// [`check`], choosing which diagnostics are located.
pub fn check_with(
    source: &Source,
    today: jiff::civil::Date,
    locate: Locate,
) -> std::io::Result<Checked> {
    let timings = crate::Timings::from_env();
    let files = source.list()?;
    let count = files.len();
    timings.mark("list the content files");
    let loaded = load::load(files, today);
    timings.mark("read, parse and check each file");
    Ok(check_loaded_with(source, loaded, count, today, locate))
}

/// The checks across files, for content already read file by file.
pub fn check_loaded(
    source: &Source,
    loaded: Loaded,
    count: usize,
    today: jiff::civil::Date,
) -> Checked {
    check_loaded_with(source, loaded, count, today, Locate::All)
}

fn check_loaded_with(
    source: &Source,
    loaded: Loaded,
    count: usize,
    today: jiff::civil::Date,
    locate: Locate,
) -> Checked {
    // Cross-file diagnostics re-read their file below: only files with problems, a rare path.
    let Loaded {
        content,
        mut diagnostics,
        mut sources,
    } = loaded;
    let mut later = validate::validate(&content, today);
    // Locate cross-file diagnostics: group by file, read each file once.
    let mut by_file: HashMap<String, Vec<Diagnostic>> = HashMap::new();
    for d in later.drain(..) {
        if locate == Locate::Errors && d.severity != Severity::Error {
            diagnostics.push(d);
            continue;
        }
        by_file.entry(d.file.clone()).or_default().push(d);
    }
    // In parallel: a quarter of listings past their review date means thousands of files
    // read and parsed again here.
    let located: Vec<(String, Option<String>, Vec<Diagnostic>)> = by_file
        .into_par_iter()
        .map(|(file, mut ds)| {
            let text = match sources.get(&file) {
                Some(_) => None,
                None => read_text(source, &file),
            };
            match text
                .as_deref()
                .or_else(|| sources.get(&file).map(String::as_str))
            {
                Some(t) => {
                    let (yaml, offset) = yaml_part(&file, t);
                    diagnostics::locate(&mut ds, Some(yaml), offset);
                }
                None => diagnostics::locate(&mut ds, None, 0),
            }
            (file, text, ds)
        })
        .collect();
    for (file, text, ds) in located {
        if let Some(t) = text {
            sources.insert(file, t);
        }
        diagnostics.extend(ds);
    }
    // Content in a format this signpost cannot read: the one thing to do is what the
    // format error says (update signpost, or `signpost upgrade`); other problems may be
    // nothing but the format, so they are left out.
    if diagnostics
        .iter()
        .any(|d| d.file == "site.yaml" && d.field == "format" && d.severity == Severity::Error)
    {
        diagnostics.retain(|d| d.file == "site.yaml" && d.field == "format");
    }
    diagnostics.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column, a.severity).cmp(&(
            b.file.as_str(),
            b.line,
            b.column,
            b.severity,
        ))
    });
    Checked {
        content,
        diagnostics,
        sources,
        files: count,
    }
}

fn read_text(source: &Source, rel: &str) -> Option<String> {
    match source {
        // The file may be the link a diagnostic is about: never read through it.
        Source::Dir(d) => load::read_file(&d.join(rel))
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok()),
        Source::Embedded => load::SAMPLE
            .get_file(rel)
            .and_then(|f| f.contents_utf8())
            .map(str::to_string),
    }
}

/// The YAML part of a file and how many lines precede it.
fn yaml_part<'a>(rel: &str, text: &'a str) -> (&'a str, usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !rel.ends_with(".md") {
        return (text, 0);
    }
    // Files reaching here were read without error, so their front matter splits.
    match load::split_front_matter(text) {
        Ok((yaml, before, _)) => (yaml, before),
        Err(_) => (text, 0),
    }
}
