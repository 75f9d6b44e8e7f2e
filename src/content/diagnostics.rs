//! Problems found in content, and how they are shown: rustc-style snippets for people,
//! `::error` workflow commands for GitHub pull requests.

use crate::yaml::{Path, Pos, Seg, SpanIndex, path_string};
use annotate_snippets::{Level, Renderer, Snippet};
use std::borrow::Cow;
use std::fmt::Write as _;

/// At most this many problems are printed for one file, and this many in all; the rest are
/// counted ("and 12 more in this file"). A pull request with thousands of mistakes needs
/// the first few fixed, not a log of megabytes.
pub const MAX_SHOWN_PER_FILE: usize = 50;
pub const MAX_SHOWN: usize = 500;
/// A source line longer than this many characters is shown as a window around the problem.
pub const MAX_SNIPPET_CHARS: usize = 160;

/// Characters printed as a visible escape such as `\u{1b}` instead of themselves: control
/// characters (an escape sequence could clear a terminal, a line break could start a CI
/// workflow command such as `::error`) and the invisible direction overrides.
fn unprintable(c: char) -> bool {
    c.is_control() || super::formats::is_hidden_char(c)
}

/// Text from a content file made safe to print in a terminal or a CI log.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unprintable) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_printable(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_printable(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if unprintable(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// Which of `diags` to print: at most [`MAX_SHOWN_PER_FILE`] for each file and
/// [`MAX_SHOWN`] in all, in order. Returns them with the number left out for each file
/// (in order of first appearance) and the number left out in all.
pub fn shown<'a, I>(diags: I) -> (Vec<&'a Diagnostic>, Vec<(&'a str, usize)>, usize)
where
    I: IntoIterator<Item = &'a Diagnostic>,
{
    let mut show = Vec::new();
    let mut per_file: Vec<(&str, usize, usize)> = Vec::new();
    // A large directory can have a warning in each of 10,000 files.
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut left_out = 0;
    for d in diags {
        let i = *index.entry(&d.file).or_insert_with(|| {
            per_file.push((&d.file, 0, 0));
            per_file.len() - 1
        });
        if per_file[i].1 >= MAX_SHOWN_PER_FILE || show.len() >= MAX_SHOWN {
            per_file[i].2 += 1;
            left_out += 1;
        } else {
            per_file[i].1 += 1;
            show.push(d);
        }
    }
    let files = per_file
        .into_iter()
        .filter(|(_, _, n)| *n > 0)
        .map(|(f, _, n)| (f, n))
        .collect();
    (show, files, left_out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where in a file a problem is: a YAML path (resolved to a line lazily) or a fixed position.
#[derive(Debug, Clone)]
pub enum Anchor {
    /// The key of a field (unknown field, missing child).
    Key(Path),
    /// The value of a field (bad email, unknown id).
    Value(Path),
    /// A known position, relative to the YAML document (syntax errors).
    At(Pos),
    /// The file as a whole (empty, not UTF-8).
    File,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the content directory, with forward slashes.
    pub file: String,
    pub anchor: Anchor,
    /// What is wrong, in one plain sentence.
    pub message: String,
    /// What is allowed.
    pub help: Option<String>,
    /// An example of a correct value.
    pub example: Option<String>,
    /// Filled in by [`locate`].
    pub line: usize,
    pub column: usize,
    pub field: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, file: &str, anchor: Anchor, message: impl Into<String>) -> Self {
        let field = match &anchor {
            Anchor::Key(p) | Anchor::Value(p) => path_string(p),
            _ => String::new(),
        };
        Diagnostic {
            severity,
            file: file.to_string(),
            anchor,
            message: message.into(),
            help: None,
            example: None,
            line: 1,
            column: 1,
            field,
        }
    }
    pub fn error(file: &str, anchor: Anchor, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, anchor, message)
    }
    pub fn warning(file: &str, anchor: Anchor, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, anchor, message)
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn example(mut self, example: impl Into<String>) -> Self {
        self.example = Some(example.into());
        self
    }
}

/// Turns anchors into lines and columns for one file. `line_offset` is the number of lines
/// before the YAML starts (1 for front matter after `---`). The span index is built only here,
/// so files without problems are never parsed twice.
pub fn locate(diags: &mut [Diagnostic], yaml_text: Option<&str>, line_offset: usize) {
    let mut index: Option<SpanIndex> = None;
    let paths: Vec<Path> = diags
        .iter()
        .filter_map(|d| match &d.anchor {
            Anchor::Key(p) | Anchor::Value(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    for d in diags.iter_mut() {
        let pos = match &d.anchor {
            Anchor::File => None,
            Anchor::At(p) => Some(*p),
            Anchor::Key(path) | Anchor::Value(path) => {
                let want_key = matches!(d.anchor, Anchor::Key(_));
                yaml_text.and_then(|t| {
                    index
                        .get_or_insert_with(|| {
                            SpanIndex::build_for(t, paths.iter().map(|p| p.as_slice()))
                        })
                        .nearest(path, want_key)
                })
            }
        };
        match pos {
            Some(p) => {
                d.line = p.line + line_offset;
                d.column = p.column;
            }
            None => {
                d.line = 1;
                d.column = 1;
            }
        }
    }
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Github,
}

/// Renders one diagnostic. `display_path` is the file path as the user knows it
/// (the content directory joined with the relative path); `source` is the whole file.
pub fn render(
    d: &Diagnostic,
    display_path: &str,
    source: Option<&str>,
    format: Format,
    color: bool,
) -> String {
    // A file name can hold control characters and line breaks too.
    let display_path = &printable(display_path);
    match format {
        Format::Github => render_github(d, display_path),
        Format::Human => render_human(d, display_path, source, color),
    }
}

fn full_message(d: &Diagnostic) -> String {
    let mut m = String::new();
    if !d.field.is_empty() {
        let _ = write!(m, "`{}`: ", d.field);
    }
    m.push_str(&d.message);
    m
}

/// No printed line may start a GitHub Actions workflow command (`::warning::`, `::error`,
/// or the older `##[`), whatever a file holds: such a line gets a space inside its marker.
fn defuse_workflow_commands(text: String) -> String {
    let starts_command = |l: &str| {
        let t = l.trim_start();
        t.starts_with("::") || t.starts_with("##[")
    };
    if !text.lines().any(starts_command) {
        return text;
    }
    text.split('\n')
        .map(|l| {
            if starts_command(l) {
                let at = l.len() - l.trim_start().len();
                format!("{}{} {}", &l[..at], &l[at..at + 1], &l[at + 1..])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_github(d: &Diagnostic, path: &str) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut msg = full_message(d);
    if let Some(h) = &d.help {
        let _ = write!(msg, ". {h}");
    }
    if let Some(e) = &d.example {
        let _ = write!(msg, ". Example: {e}");
    }
    // Line breaks are escaped for GitHub below; other control characters are shown.
    let msg: String = msg
        .split('\n')
        .map(|l| printable(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "::{kind} file={},line={},col={},title={}::{}",
        gh_escape_prop(path),
        d.line,
        d.column,
        gh_escape_prop(&format!(
            "signpost check: {}",
            if d.field.is_empty() { "file" } else { &d.field }
        )),
        gh_escape_data(&msg)
    )
}

// GitHub workflow command escaping: data escapes %, CR, LF; properties also : and ,.
fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}
fn gh_escape_prop(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn render_human(d: &Diagnostic, path: &str, source: Option<&str>, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let title = printable(&full_message(d)).into_owned();
    // Examples are written on several lines on purpose; each line is made printable.
    let example = d.example.as_ref().map(|e| {
        e.split('\n')
            .map(|l| printable(l).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    });
    let help = d.help.as_ref().map(|h| printable(h).into_owned());
    let mut footers = Vec::new();
    if let Some(h) = &help {
        footers.push(Level::Help.title(h));
    }
    let example_text;
    if let Some(e) = &example {
        example_text = format!("for example: {e}");
        footers.push(Level::Note.title(&example_text));
    }
    let location = format!("{path}:{}:{}", d.line, d.column);
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };

    // Show the offending line with a caret under the token, when we have the text.
    let snippet_src = source.and_then(|s| line_window(s, d.line, d.column));
    let mut message = level.title(&title);
    let out =
        if let (Some((window, start)), false) = (&snippet_src, matches!(d.anchor, Anchor::File)) {
            let start = *start;
            let end = token_end(window, start);
            message = message.snippet(
                Snippet::source(window)
                    .line_start(d.line)
                    .origin(path)
                    .fold(false)
                    .annotation(level.span(start..end).label("here")),
            );
            for f in footers {
                message = message.footer(f);
            }
            format!("{}", renderer.render(message))
        } else {
            // No line to show: the title, where, then the help, in that order.
            let mut out = format!(
                "{}\n  --> {}",
                renderer.render(message),
                printable(&location)
            );
            if let Some(h) = &help {
                out.push_str(&format!("\n   = help: {h}"));
            }
            if let Some(e) = &example {
                out.push_str(&format!(
                    "\n   = note: for example: {}",
                    e.replace('\n', "\n           ")
                ));
            }
            out
        };
    defuse_workflow_commands(out)
}

/// The line `line` (1-based) of `source`, printable, and the byte offset in it of character
/// `column` (1-based). A line longer than [`MAX_SNIPPET_CHARS`] is cut to a window around
/// that column, marked with `…` where it was cut.
fn line_window(source: &str, line: usize, column: usize) -> Option<(String, usize)> {
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let want = column.saturating_sub(1);
    let (from, to) = if text.len() <= MAX_SNIPPET_CHARS {
        (0, usize::MAX)
    } else {
        let from = want.saturating_sub(MAX_SNIPPET_CHARS / 4);
        (from, from + MAX_SNIPPET_CHARS)
    };
    let mut out = String::with_capacity(text.len().min(MAX_SNIPPET_CHARS * 4));
    if from > 0 {
        out.push('…');
    }
    let mut start = None;
    for (i, c) in text.chars().enumerate().skip(from) {
        if i == to {
            out.push('…');
            break;
        }
        if i == want {
            start = Some(out.len());
        }
        push_printable(&mut out, c);
    }
    let start = start.unwrap_or(out.len());
    Some((out, start))
}

/// Byte offset just past the token starting at `start`: the rest of a `key:` or of a value.
fn token_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    if rest.is_empty() {
        return start;
    }
    // An item of a list or map written on one line (`[drop-in, phone]`) ends at its comma
    // or bracket; a quoted one at its closing quote.
    let before = &line[..start];
    let in_flow = before.matches(['[', '{']).count() > before.matches([']', '}']).count();
    let quoted = rest
        .chars()
        .next()
        .filter(|q| *q == '"' || *q == '\'')
        .and_then(|q| rest[1..].find(q).map(|i| i + 2));
    // A key ends at its colon; a value runs to the end of the line (minus a trailing comment).
    let end = if let (true, Some(i)) = (in_flow, quoted) {
        i
    } else if in_flow {
        rest.find([',', ']', '}'])
            .map(|i| rest[..i].trim_end().len())
            .unwrap_or(rest.trim_end().len())
    } else if let Some(i) = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|r| r.len()))
    {
        i
    } else if let Some(i) = rest.find(" #") {
        i
    } else {
        rest.trim_end().len()
    };
    let end = if end == 0 {
        rest.chars().next().map(|c| c.len_utf8()).unwrap_or(0)
    } else {
        end
    };
    // Keep it on a char boundary.
    let mut e = start + end;
    while e < line.len() && !line.is_char_boundary(e) {
        e += 1;
    }
    e.min(line.len())
}

/// Suggests the closest candidates to a mistyped word, best first.
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let w = word.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let mut s = strsim::jaro_winkler(&w, &c.to_lowercase());
            // A candidate that contains the word (or vice versa) is a strong hint.
            if c.contains(w.as_str()) || w.contains(c) {
                s = s.max(0.9);
            }
            (s, c)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(b.1))
    });
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

/// "did you mean `x`?" or "did you mean `x` or `y`?"; empty when nothing is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let c = closest(word, candidates, 3);
    match c.len() {
        0 => None,
        1 => Some(format!("did you mean `{}`?", c[0])),
        _ => {
            let (last, rest) = c.split_last()?;
            let rest: Vec<String> = rest.iter().map(|s| format!("`{s}`")).collect();
            Some(format!("did you mean {} or `{last}`?", rest.join(", ")))
        }
    }
}

/// Counts for the summary line.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let e = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (e, diags.len() - e)
}

pub fn key(path: &Path, k: &str) -> Path {
    let mut p = path.clone();
    p.push(Seg::Key(k.to_string()));
    p
}

pub fn index(path: &Path, i: usize) -> Path {
    let mut p = path.clone();
    p.push(Seg::Index(i));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_so_many_problems_are_shown_for_a_file_and_in_all() {
        let many: Vec<Diagnostic> = (0..MAX_SHOWN_PER_FILE + 5)
            .map(|_| Diagnostic::error("services/a.md", Anchor::File, "x"))
            .chain(
                (0..MAX_SHOWN * 2)
                    .map(|i| Diagnostic::error(&format!("services/b{i}.md"), Anchor::File, "y")),
            )
            .collect();
        let (show, files, left_out) = shown(&many);
        assert_eq!(show.len(), MAX_SHOWN);
        assert_eq!(files[0], ("services/a.md", 5));
        assert_eq!(left_out, many.len() - MAX_SHOWN);
    }

    #[test]
    fn printed_text_shows_control_characters_as_codes() {
        assert_eq!(printable("plain"), "plain");
        assert_eq!(
            printable("a\u{1b}[2J\nb\u{202e}"),
            "a\\u{1b}[2J\\nb\\u{202e}"
        );
        let (line, at) = line_window(&format!("k: {}", "x".repeat(10_000)), 1, 5000).unwrap();
        assert!(
            line.chars().count() <= MAX_SNIPPET_CHARS + 2,
            "{}",
            line.len()
        );
        assert!(line[at..].starts_with('x'));
    }

    #[test]
    fn suggestions_prefer_the_nearest_spelling() {
        assert_eq!(
            did_you_mean("sumary", ["summary", "name", "status"]).unwrap(),
            "did you mean `summary`?"
        );
        assert_eq!(did_you_mean("zzzz", ["summary", "name"]), None);
    }

    #[test]
    fn github_lines_escape_newlines_and_commas() {
        let mut d = Diagnostic::error("services/a.md", Anchor::File, "bad\nthing");
        d.line = 3;
        d.column = 5;
        let s = render(&d, "content/services/a,b.md", None, Format::Github, false);
        assert!(
            s.starts_with("::error file=content/services/a%2Cb.md,line=3,col=5,"),
            "{s}"
        );
        assert!(s.contains("bad%0Athing"));
    }

    #[test]
    fn human_output_shows_the_line_with_a_caret() {
        let mut d = Diagnostic::error(
            "services/a.md",
            Anchor::At(Pos { line: 2, column: 1 }),
            "unknown field",
        )
        .help("did you mean `summary`?");
        d.line = 3;
        d.column = 1;
        let src = "---\nname: x\nsumary: y\n---\n";
        let s = render(&d, "content/services/a.md", Some(src), Format::Human, false);
        assert!(s.contains("content/services/a.md:3:1"), "{s}");
        assert!(s.contains("sumary: y"), "{s}");
        assert!(s.contains("^^^^^^"), "{s}");
        assert!(s.contains("did you mean `summary`?"), "{s}");
    }

    #[test]
    fn the_underline_covers_one_item_of_a_list_written_on_one_line() {
        let line = "access: [drop-in, phone, \"by, letter\"] # note";
        let at = |word: &str| line.find(word).unwrap();
        assert_eq!(
            &line[at("drop-in")..token_end(line, at("drop-in"))],
            "drop-in"
        );
        assert_eq!(&line[at("phone")..token_end(line, at("phone"))], "phone");
        assert_eq!(
            &line[at("\"by")..token_end(line, at("\"by"))],
            "\"by, letter\""
        );
        // Outside a list a value still runs to its comment.
        let plain = "summary: Tea, cake and a chat # short";
        assert_eq!(&plain[9..token_end(plain, 9)], "Tea, cake and a chat");
    }
}
