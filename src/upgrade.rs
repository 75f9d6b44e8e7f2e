//! Content formats and `signpost upgrade`.
//!
//! A content folder says which format its files are written in with `format:` in
//! site.yaml (none means format 1, the first). [`CONTENT_FORMAT`] is the format this
//! signpost writes and reads; `signpost --version` prints it. Content in a newer format
//! is refused with "update signpost"; content in a format older than [`oldest_readable`]
//! is refused with "run `signpost upgrade`"; anything in between is read as it is.
//!
//! **Changing the format** (renaming a field, moving a file, changing what a value means):
//! raise [`CONTENT_FORMAT`] by one and add a [`Step`] to [`STEPS`] whose `to` is the new
//! number, whose `apply` rewrites a content folder of the format before into the new one,
//! and whose `still_read` says whether this signpost still reads the older format as it
//! is (an added optional field: yes; a renamed field: no). A test fails when a format has
//! no step. `signpost upgrade` runs the steps from the folder's format to the newest, one
//! at a time, writing the new `format:` after each, so an interrupted upgrade resumes
//! where it stopped and a finished one changes nothing when run again. Add a test in
//! tests/upgrade.rs with content of the old format, and a line to docs/content.md's
//! "Content formats" section.

use std::path::{Path, PathBuf};

/// The content format this signpost writes (`signpost init`, `signpost upgrade`) and the
/// newest it reads.
pub const CONTENT_FORMAT: u32 = 2;

/// One change of format, from `to - 1` to `to`.
pub struct Step {
    /// The format the content is in once this step has run.
    pub to: u32,
    /// Whether this signpost still reads content of the format before as it is (so
    /// `signpost upgrade` is offered, not demanded).
    pub still_read: bool,
    /// What changes, for the summary `signpost upgrade` prints.
    pub what: &'static str,
    /// Rewrites the content folder; returns one line per file changed.
    pub apply: fn(&Path) -> Result<Vec<String>, UpgradeError>,
}

/// Every format change, oldest first: format `n` is reached by the step whose `to` is `n`.
pub static STEPS: &[Step] = &[Step {
    to: 2,
    still_read: true,
    what: "site.yaml says which content format its folder is written in (`format: 2`), so later versions of signpost know what to upgrade",
    // The `format:` line itself is written after every step.
    apply: |_| Ok(Vec::new()),
}];

/// The oldest format this signpost reads without an upgrade.
pub fn oldest_readable() -> u32 {
    STEPS
        .iter()
        .filter(|s| !s.still_read)
        .map(|s| s.to)
        .max()
        .unwrap_or(1)
}

/// The version line of `signpost --version`.
pub fn version_line() -> String {
    format!(
        "{} (content format {CONTENT_FORMAT})",
        env!("CARGO_PKG_VERSION")
    )
}

/// Why a declared format cannot be read, in the words a content error uses.
pub enum Unreadable {
    /// Newer than this signpost knows.
    Newer(u32),
    /// Older than [`oldest_readable`]: `signpost upgrade` first.
    Older(u32),
}

/// Whether this signpost reads content declaring `format`.
pub fn readable(format: u32) -> Result<(), Unreadable> {
    if format > CONTENT_FORMAT {
        Err(Unreadable::Newer(format))
    } else if format < oldest_readable() {
        Err(Unreadable::Older(format))
    } else {
        Ok(())
    }
}

impl Unreadable {
    /// The problem and what to do about it, for a content error on `format:`.
    pub fn message(&self) -> (String, String) {
        let version = env!("CARGO_PKG_VERSION");
        match self {
            Unreadable::Newer(n) => (
                format!(
                    "this content is written in format {n}, and this signpost ({version}) reads formats up to {CONTENT_FORMAT}"
                ),
                format!(
                    "update signpost to a version that reads format {n}: in a council's repository, put the newer version in the file SIGNPOST_VERSION; on your own computer, install the latest release (see \"Install\" in signpost's README)"
                ),
            ),
            Unreadable::Older(n) => (
                format!(
                    "this content is written in format {n}, which this signpost ({version}) no longer reads as it is"
                ),
                "run `signpost upgrade` (with --content DIR if the content folder is not ./content) to update the files in place, then `signpost check`".to_string(),
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UpgradeError {
    #[error("there is no site.yaml in {0}: is this a content folder?")]
    NoSiteFile(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}: {why}. Fix it (`signpost check` shows where), then run `signpost upgrade` again"
    )]
    Unparsable { path: PathBuf, why: String },
    #[error(
        "{path} says `format: {found}`, and this signpost ({version}) knows formats up to {CONTENT_FORMAT}: update signpost instead",
        version = env!("CARGO_PKG_VERSION")
    )]
    Newer { path: PathBuf, found: u32 },
    #[error(
        "could not write the `format:` line into {0} (it is not written one field a line): add `format: {CONTENT_FORMAT}` near its top by hand"
    )]
    CannotEdit(PathBuf),
}

/// What `signpost upgrade` did.
pub struct Summary {
    pub from: u32,
    pub to: u32,
    /// Each step run: its format, what it changes and the files it changed.
    pub steps: Vec<(u32, &'static str, Vec<String>)>,
}

/// The format site.yaml's text declares: its top-level `format:`, or 1 without one.
pub fn declared_format(site_yaml: &str) -> Result<u32, String> {
    let v: serde_yaml::Value =
        serde_yaml::from_str(site_yaml).map_err(|e| format!("it is not valid YAML ({e})"))?;
    match v.get("format") {
        None | Some(serde_yaml::Value::Null) => Ok(1),
        Some(f) => f
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| n >= 1)
            .ok_or_else(|| "`format:` is not a whole number such as `format: 2`".to_string()),
    }
}

/// Brings the content folder `content` to [`CONTENT_FORMAT`] in place, one step at a time.
pub fn upgrade(content: &Path) -> Result<Summary, UpgradeError> {
    let site = content.join("site.yaml");
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| UpgradeError::Read {
            path: p.to_path_buf(),
            source,
        })
    };
    if !site.is_file() {
        return Err(UpgradeError::NoSiteFile(content.to_path_buf()));
    }
    let from = declared_format(&read(&site)?).map_err(|why| UpgradeError::Unparsable {
        path: site.clone(),
        why,
    })?;
    if from > CONTENT_FORMAT {
        return Err(UpgradeError::Newer {
            path: site,
            found: from,
        });
    }
    let mut summary = Summary {
        from,
        to: from,
        steps: Vec::new(),
    };
    for step in STEPS.iter().filter(|s| s.to > from) {
        let mut changed = (step.apply)(content)?;
        // Recorded after each step, so an interrupted upgrade resumes at the next one.
        let text = read(&site)?;
        let edited =
            set_format(&text, step.to).ok_or_else(|| UpgradeError::CannotEdit(site.clone()))?;
        write_atomically(&site, &edited)?;
        changed.push(format!("site.yaml: format: {}", step.to));
        summary.steps.push((step.to, step.what, changed));
        summary.to = step.to;
    }
    Ok(summary)
}

/// site.yaml's text with its top-level `format:` set to `n`: the line replaced, or added
/// after the notes at the top. The rest of the file (notes, order, line endings) is kept,
/// and the result is read back to be sure nothing else changed; None if it could not be.
pub fn set_format(text: &str, n: u32) -> Option<String> {
    let crlf = text.contains("\r\n");
    let nl = if crlf { "\r\n" } else { "\n" };
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = &text[..text.len() - body.len()];
    let line = format!("format: {n}");
    let mut out = String::with_capacity(text.len() + 100);
    out.push_str(bom);
    let mut done = false;
    let mut at_top = true;
    for l in body.split_inclusive('\n') {
        let bare = l.trim_end_matches(['\n', '\r']);
        if !done && (bare.starts_with("format:") || bare.starts_with("format :")) {
            out.push_str(&line);
            out.push_str(nl);
            done = true;
            continue;
        }
        let note = bare.trim().is_empty()
            || bare.starts_with('#')
            || bare.starts_with("---")
            || bare.starts_with('%');
        if at_top && !note {
            at_top = false;
            if !done
                && !body
                    .lines()
                    .any(|x| x.starts_with("format:") || x.starts_with("format :"))
            {
                out.push_str("# The content format: `signpost upgrade` changes it when signpost's files change.");
                out.push_str(nl);
                out.push_str(&line);
                out.push_str(nl);
                done = true;
            }
        }
        out.push_str(l);
    }
    if !done {
        // Only notes (or nothing): the line goes at the end.
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str(&line);
        out.push_str(nl);
    }
    same_but_format(text, &out, n).then_some(out)
}

/// Whether `after` reads as `before` with `format: n` and nothing else changed.
fn same_but_format(before: &str, after: &str, n: u32) -> bool {
    let parse = |t: &str| serde_yaml::from_str::<serde_yaml::Value>(t).ok();
    let (Some(b), Some(serde_yaml::Value::Mapping(mut a))) = (parse(before), parse(after)) else {
        return false;
    };
    if a.remove("format").and_then(|f| f.as_u64()) != Some(u64::from(n)) {
        return false;
    }
    let mut b = match b {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        _ => return false,
    };
    b.remove("format");
    a == b
}

fn write_atomically(path: &Path, text: &str) -> Result<(), UpgradeError> {
    use std::io::Write as _;
    let err = |source| UpgradeError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(text.as_bytes()).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_its_step() {
        // Format n (n >= 2) is reached by exactly one step, in order, up to the newest.
        let tos: Vec<u32> = STEPS.iter().map(|s| s.to).collect();
        let want: Vec<u32> = (2..=CONTENT_FORMAT).collect();
        assert_eq!(tos, want, "each format after 1 needs a step in STEPS");
        assert!(oldest_readable() <= CONTENT_FORMAT);
    }

    #[test]
    fn unreadable_formats_say_what_to_run() {
        assert!(readable(CONTENT_FORMAT).is_ok());
        assert!(readable(1).is_ok(), "format 1 is still read as it is");
        let (msg, help) = Unreadable::Newer(CONTENT_FORMAT + 1).message();
        assert!(msg.contains("reads formats up to"));
        assert!(help.starts_with("update signpost"));
        // Once a step stops format 1 being read, this is what its content gets.
        let (_, help) = Unreadable::Older(1).message();
        assert!(help.starts_with("run `signpost upgrade`"));
    }

    #[test]
    fn format_line_goes_after_the_notes_and_keeps_the_rest() {
        let t = "# Settings.\r\nname: Marlbrook\r\narea: Marlbrook # the borough\r\n";
        let out = set_format(t, 2).unwrap();
        assert!(
            out.starts_with("# Settings.\r\n# The content format"),
            "{out}"
        );
        assert!(
            out.contains("\r\nformat: 2\r\nname: Marlbrook\r\narea: Marlbrook # the borough\r\n")
        );
        // Replacing keeps the file otherwise byte for byte.
        let again = set_format(&out, 2).unwrap();
        assert_eq!(again, out);
        assert_eq!(declared_format(&set_format(&out, 3).unwrap()), Ok(3));
    }

    #[test]
    fn flow_style_is_refused_rather_than_broken() {
        assert_eq!(set_format("{name: A, area: B}\n", 2), None);
        assert_eq!(declared_format("name: A\n"), Ok(1));
        assert!(declared_format("format: two\n").is_err());
    }
}
