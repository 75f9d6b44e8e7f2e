//! What can go wrong in an import, as types: each problem keeps its cause (the io::Error
//! or serde_json::Error) and prints as the one-line message the user sees.

use crate::oruk::lenient::Found;
use std::fmt;
use std::path::PathBuf;

/// Where a record came from: a file, and the record's place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: PathBuf,
    pub place: Place,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The file is the record.
    Whole,
    /// The n-th item (from 0) of a file that is a list.
    Item(usize),
    /// The n-th item (from 0) of a page's `contents`.
    Contents(usize),
    /// The n-th item (from 0) of a Spring page's `content`.
    Content(usize),
    /// A row (from 1, after the header) of a CSV file.
    Row(usize),
    /// A line (from 1) of an ndjson file.
    Line(usize),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let file = self.file.display();
        match self.place {
            Place::Whole => write!(f, "{file}"),
            Place::Item(i) => write!(f, "{file}[{i}]"),
            Place::Contents(i) => write!(f, "{file}, contents[{i}]"),
            Place::Content(i) => write!(f, "{file}, content[{i}]"),
            Place::Row(n) => write!(f, "{file}, row {n}"),
            Place::Line(n) => write!(f, "{file}, line {n}"),
        }
    }
}

/// A record as messages name it: where it came from, and its name when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhichRecord {
    pub origin: Origin,
    pub name: Option<String>,
    /// Its id in the feed, for the report.
    pub id: Option<String>,
}

impl fmt::Display for WhichRecord {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{} (\"{name}\")", self.origin),
            None => write!(f, "{}", self.origin),
        }
    }
}

pub const STATUSES: &[&str] = &["active", "inactive", "defunct", "temporarily closed"];

/// A problem in the input that stops the import: nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("{}: cannot read the file: {source}", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not valid JSON at line {}, column {}: {source}", .path.display(), .source.line(), .source.column())]
    NotJson {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{origin}: not valid JSON at column {}: {source}", .source.column())]
    NotJsonLine {
        origin: Origin,
        #[source]
        source: serde_json::Error,
    },
    #[error("{}: no such file or folder", .path.display())]
    NotFound { path: PathBuf },
    #[error("{}: this is a web page (HTML), not JSON; the address may be wrong, or the feed may need a login", .path.display())]
    HtmlPage { path: PathBuf },
    #[error("{}: the file is {} MB; the import reads files up to {} MB: split it into pages or ndjson files", .path.display(), .bytes / 1_000_000, super::read::MAX_FILE_BYTES / 1_000_000)]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error("{}: not UTF-8 text (the first bad byte is at {at}); save it as UTF-8", .path.display())]
    NotUtf8 { path: PathBuf, at: usize },
    #[error("{}: {message}", .path.display())]
    Package { path: PathBuf, message: String },
    #[error("no service records found in the given files")]
    NoRecords,
    /// A field of a record; `field` is a path such as `schedules[0].opens_at`.
    #[error("{record}: field `{field}`: {problem}")]
    Field {
        record: WhichRecord,
        field: String,
        problem: FieldProblem,
    },
    #[error(transparent)]
    Mapping(#[from] MappingProblem),
}

/// What is wrong with one field.
#[derive(Debug, thiserror::Error)]
pub enum FieldProblem {
    #[error("missing; it is required")]
    Missing,
    #[error("missing; signpost needs the organisation that runs the service (its id and name)")]
    NoOrganisation,
    #[error("missing; signpost needs the place (name and address), not only its id")]
    NoPlace,
    #[error(
        "missing; the record names its organisation only by organization_id `{id}`, and no organisation record with that id was read: add the feed's organisations file (organizations.json) to the import"
    )]
    NoOrganisationRecord { id: String },
    #[error("missing; attributes name their term by this id")]
    NoTermId,
    #[error("`{status}` is not a status; use one of {}", STATUSES.join(", "))]
    NotAStatus { status: String },
    #[error("expected {expected}, found {found}")]
    Kind {
        expected: &'static str,
        found: Found,
    },
    /// The value could not be read as its field's type (the message says how).
    #[error("{0}")]
    Unreadable(#[source] serde_json::Error),
}

/// A problem in the mapping file (`--mapping`).
#[derive(Debug, thiserror::Error)]
pub enum MappingProblem {
    #[error("{}: cannot read: {source}", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", .path.display())]
    NotYaml {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: expected a `needs:` map from taxonomy terms to need ids, or `defaults:`, for example:\n{MAPPING_EXAMPLE}", .path.display())]
    NoNeeds { path: PathBuf },
    #[error("{}: a key under `needs` is not text", .path.display())]
    KeyNotText { path: PathBuf },
    #[error("{}: `{key}` should map to a need id or a list of need ids", .path.display())]
    NotNeedIds { path: PathBuf, key: String },
    #[error("{}: `{at}` should be a map of field names to values", .path.display())]
    DefaultsNotMap { path: PathBuf, at: String },
    #[error("{}: `{at}`: `{key}` is not a field a default can fill; use one of {names}", .path.display())]
    NotAField {
        path: PathBuf,
        at: String,
        key: String,
        names: String,
    },
    #[error("{}: `{at}`: `{value}` is not allowed; use one of {allowed}", .path.display())]
    NotAValue {
        path: PathBuf,
        at: String,
        value: String,
        allowed: String,
    },
    #[error("{}: `{key}` maps to `{need}`, which is not a need in needs.yaml", .path.display())]
    UnknownNeed {
        path: PathBuf,
        key: String,
        need: String,
    },
}

const MAPPING_EXAMPLE: &str = "needs:\n  \"Debt advice\": money-and-debt\n  \"Baby groups\": [baby-and-toddler-groups, early-language-and-learning]\ndefaults:\n  all:\n    level: 1\n    access: [self-referral]";

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input is malformed: every problem, each naming its record and field.
    #[error("{} problem{} in the input", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Malformed(Vec<Problem>),
    /// Files that exist and would be replaced (without --force).
    #[error("{} file{} already exist", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Exists(Vec<String>),
    #[error("cannot read {}: {source}", .path.display())]
    ReadFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
