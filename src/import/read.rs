//! Reading: files, folders and ORUK list pages become typed records
//! ([`crate::oruk::model`]), each with where it came from, and every problem found on the
//! way, each naming its file, record and field. Nothing here knows about signpost's
//! content.

use super::error::{FieldProblem, Origin, Place, Problem, STATUSES, WhichRecord};
use super::report::Note;
use super::shapes::{self, Orgs};
use crate::oruk::lenient::Found;
use crate::oruk::model::{Attribute, Service, TaxonomyTerm};
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A record as parsed, before it is typed.
#[derive(Debug)]
pub struct RawRecord {
    pub origin: Origin,
    pub value: Value,
}

/// A service record, typed.
#[derive(Debug)]
pub struct ServiceRecord {
    /// Where it came from, and its name.
    pub record: WhichRecord,
    pub service: Service<'static>,
    /// What reading it changed or left out (see [`shapes`]).
    pub notes: Vec<Note>,
}

/// The largest file read: an export of a large directory is tens of megabytes; a file
/// far larger is a mistake, or not a feed, and reading it whole would exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Phone numbers by service id in lower case, from the services.csv a signpost export
/// publishes beside its JSON (the profile's JSON has no place for them).
pub type CsvPhones = HashMap<String, String>;

/// The published taxonomy terms, by id in lower case: attributes may name a term by its
/// id only.
pub type Terms = HashMap<String, TaxonomyTerm<'static>>;

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Read {
    /// Services in the order first read; one record per id (the fullest, when several
    /// files carry the same service: a list and its full records).
    pub services: Vec<ServiceRecord>,
    pub terms: Terms,
    /// Problems, in the order found: files, then term records, then service records.
    pub problems: Vec<Problem>,
    /// Files and records that are not services, organisations or terms, named so that
    /// nothing is passed over without a word.
    pub passed_over: Vec<String>,
    pub csv_phones: CsvPhones,
}

/// Reads every input. Files named on the command line must hold service records or
/// taxonomy terms; in a folder, files holding something else (index.json, taxonomies) are
/// passed over. Attributes may name their term by id only, so the terms published beside
/// the inputs are read too.
pub fn read(inputs: &[PathBuf], today: Date) -> Read {
    let mut problems = Vec::new();
    let mut passed_over = Vec::new();
    let Inputs {
        services,
        terms,
        orgs,
    } = read_inputs(inputs, &mut problems, &mut passed_over);
    let terms = read_terms(terms, &mut problems);
    if services.is_empty() && problems.is_empty() {
        problems.push(Problem::NoRecords);
    }
    let services = read_services(services, &orgs, today, &mut problems);
    Read {
        services,
        terms,
        problems,
        passed_over,
        csv_phones: csv_phones_near(inputs),
    }
}

// ---------------------------------------------------------------------------------------
// Files to raw records

fn looks_like_service(v: &Value) -> bool {
    [
        "status",
        "organization",
        "organisation",
        "organization_id",
        "service_at_locations",
        "regular_schedules",
    ]
    .iter()
    .any(|k| v.get(k).is_some())
}

/// A published taxonomy term rather than a service: terms name their taxonomy.
fn looks_like_term(v: &Value) -> bool {
    !looks_like_service(v)
        && ["taxonomy_id", "taxonomy", "term", "code", "vocabulary"]
            .iter()
            .any(|k| v.get(k).is_some())
}

/// Splits a parsed document into records: a page's `contents`, a list's items, or itself.
pub fn records_of(file: &Path, v: Value, out: &mut Vec<RawRecord>, problems: &mut Vec<Problem>) {
    let origin = |place| Origin {
        file: file.to_path_buf(),
        place,
    };
    let key = v.as_object().and_then(shapes::page_key);
    match (v, key) {
        (Value::Object(mut o), Some(key)) => match o.remove(key) {
            Some(Value::Array(items)) => {
                out.extend(items.into_iter().enumerate().map(|(i, value)| RawRecord {
                    origin: origin(if key == "contents" {
                        Place::Contents(i)
                    } else {
                        Place::Content(i)
                    }),
                    value,
                }))
            }
            Some(other) => problems.push(Problem::Field {
                record: WhichRecord {
                    origin: origin(Place::Whole),
                    name: None,
                    id: None,
                },
                field: key.into(),
                problem: FieldProblem::Kind {
                    expected: "a list of services",
                    found: Found::of(&other),
                },
            }),
            None => {}
        },
        (Value::Array(items), _) => {
            out.extend(items.into_iter().enumerate().map(|(i, value)| RawRecord {
                origin: origin(Place::Item(i)),
                value,
            }))
        }
        (value, _) => out.push(RawRecord {
            origin: origin(Place::Whole),
            value,
        }),
    }
}

/// The records of one file's text: one JSON document (a record, a list or a page), or
/// ndjson (one record a line).
pub fn parse_file(path: &Path, text: &str, out: &mut Vec<RawRecord>, problems: &mut Vec<Problem>) {
    let text = shapes::strip_bom(text);
    if shapes::is_html_page(text) {
        problems.push(Problem::HtmlPage {
            path: path.to_path_buf(),
        });
        return;
    }
    let ndjson = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("ndjson" | "jsonl")
    );
    if !ndjson {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => return records_of(path, v, out, problems),
            Err(source) => {
                // Several JSON objects one per line is ndjson whatever the file is called.
                let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                if serde_json::from_str::<Value>(first).is_err() {
                    problems.push(Problem::NotJson {
                        path: path.to_path_buf(),
                        source,
                    });
                    return;
                }
            }
        }
    }
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = Origin {
            file: path.to_path_buf(),
            place: Place::Line(i + 1),
        };
        match serde_json::from_str::<Value>(line) {
            Ok(value) => out.push(RawRecord { origin, value }),
            Err(source) => problems.push(Problem::NotJsonLine { origin, source }),
        }
    }
}

/// Inputs are named by whoever runs the import (not sent in a pull request) and an export
/// can be far larger than content's size limit, so they are read with std::fs; a folder's
/// links are skipped when it is listed (`read_inputs`).
fn read_file(path: &Path, out: &mut Vec<RawRecord>, problems: &mut Vec<Problem>) {
    if let Ok(m) = std::fs::metadata(path)
        && m.len() > MAX_FILE_BYTES
    {
        problems.push(Problem::TooLarge {
            path: path.to_path_buf(),
            bytes: m.len(),
        });
        return;
    }
    let bytes = std::fs::read(path).map(|b| String::from_utf8(b).map_err(|e| e.utf8_error()));
    match bytes {
        Ok(Ok(text)) => parse_file(path, &text, out, problems),
        Ok(Err(e)) => problems.push(Problem::NotUtf8 {
            path: path.to_path_buf(),
            at: e.valid_up_to(),
        }),
        Err(source) => problems.push(Problem::Unreadable {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The file of published terms beside an input, or in one of the two folders above it (an
/// export keeps it at /api/taxonomy_terms.json, above /api/services/ and its pages).
fn terms_file_near(input: &Path) -> Option<PathBuf> {
    let start = if input.is_dir() {
        input
    } else {
        input.parent()?
    };
    start
        .ancestors()
        .take(3)
        .map(|d| d.join("taxonomy_terms.json"))
        .find(|f| f.is_file())
}

/// The services.csv of a signpost export near an input: its `data/` folder is beside
/// `api/`, so it is looked for in the input's folder and up to three folders above.
fn csv_phones_near(inputs: &[PathBuf]) -> CsvPhones {
    let mut out = CsvPhones::new();
    for input in inputs {
        let start = if input.is_dir() {
            Some(input.as_path())
        } else {
            input.parent()
        };
        let Some(file) = start
            .into_iter()
            .flat_map(|s| s.ancestors().take(4))
            .find_map(|d| {
                [d.join("data/services.csv"), d.join("services.csv")]
                    .into_iter()
                    .find(|f| f.is_file())
            })
        else {
            continue;
        };
        let Ok(mut r) = csv::Reader::from_path(&file) else {
            continue;
        };
        let Ok(head) = r.headers().cloned() else {
            continue;
        };
        let col = |name: &str| {
            head.iter()
                .position(|h| h.trim_start_matches('\u{feff}') == name)
        };
        let (Some(phone), Some(page)) = (col("Phone"), col("Page")) else {
            continue;
        };
        for row in r.records().flatten() {
            let (Some(p), Some(url)) = (row.get(phone), row.get(page)) else {
                continue;
            };
            let slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            if !p.trim().is_empty() && !slug.is_empty() {
                let id = crate::export::oruk::uid(&format!("service:{slug}")).to_string();
                out.insert(id, p.trim().to_string());
            }
        }
    }
    out
}

/// The raw records of every input, sorted by what they are.
struct Inputs {
    services: Vec<RawRecord>,
    terms: Vec<RawRecord>,
    orgs: Orgs,
}

/// The files of a folder that may hold records, in name order (links are not followed).
fn feed_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "ndjson" | "jsonl")
            )
        })
        .collect();
    files.sort();
    files
}

fn read_inputs(
    inputs: &[PathBuf],
    problems: &mut Vec<Problem>,
    passed_over: &mut Vec<String>,
) -> Inputs {
    let mut records = Vec::new();
    let mut seen = HashSet::new();
    let mut read = |f: &Path, problems: &mut Vec<Problem>| {
        let mut found = Vec::new();
        if seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.to_path_buf())) {
            read_file(f, &mut found, problems);
        }
        found
    };
    let mut orgs = Orgs::new();
    let note_org = |r: &RawRecord, orgs: &mut Orgs| {
        if let Some(id) = r.value.get("id").and_then(|v| match v {
            Value::String(s) => Some(s.trim().to_lowercase()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }) {
            orgs.insert(id, r.value.clone());
        }
    };
    for input in inputs {
        let package = if input.is_dir() {
            Some(input.join("datapackage.json")).filter(|p| p.is_file())
        } else {
            Some(input.clone()).filter(|p| p.file_name().is_some_and(|n| n == "datapackage.json"))
        };
        if let Some(package) = package {
            let (found, orgs_found) = super::tabular::read(&package, problems, passed_over);
            records.extend(found);
            for o in orgs_found {
                note_org(&o, &mut orgs);
            }
            continue;
        }
        if input.is_dir() {
            for f in feed_files(input) {
                let found = read(&f, problems);
                let mut other = 0;
                for r in found {
                    if looks_like_service(&r.value) || looks_like_term(&r.value) {
                        records.push(r);
                    } else if shapes::looks_like_organisation(&r.value) {
                        note_org(&r, &mut orgs);
                    } else {
                        other += 1;
                    }
                }
                if other > 0 {
                    passed_over.push(format!(
                        "{}: {other} record{} passed over: not a service, organisation or taxonomy term",
                        f.display(),
                        if other == 1 { "" } else { "s" }
                    ));
                }
            }
        } else if input.is_file() {
            for r in read(input, problems) {
                if !looks_like_service(&r.value)
                    && !looks_like_term(&r.value)
                    && shapes::looks_like_organisation(&r.value)
                    && is_organisations_file(input)
                {
                    note_org(&r, &mut orgs);
                } else {
                    records.push(r);
                }
            }
        } else {
            problems.push(Problem::NotFound {
                path: input.clone(),
            });
        }
    }
    for input in inputs {
        if let Some(f) = terms_file_near(input) {
            records.extend(
                read(&f, problems)
                    .into_iter()
                    .filter(|r| looks_like_term(&r.value)),
            );
        }
    }
    let (terms, services) = records.into_iter().partition(|r| looks_like_term(&r.value));
    Inputs {
        services,
        terms,
        orgs,
    }
}

/// A file named for organisations (organizations.json, organisations.ndjson).
fn is_organisations_file(p: &Path) -> bool {
    p.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.to_lowercase().starts_with("organi"))
}

// ---------------------------------------------------------------------------------------
// Raw records to typed records

/// Reads `value` as a `T`, reporting every field that cannot be read. serde stops at the
/// first such field; it is reported, taken out of the record (an item of a list becomes
/// `{}`, so later items keep their places), and the record is read again, so one pass
/// names every bad field. Returns the record and the paths taken out (fields whose absence
/// is then no news).
fn typed<T: DeserializeOwned>(
    value: &mut Value,
    record: &WhichRecord,
    problems: &mut Vec<Problem>,
) -> Option<(T, Vec<String>)> {
    let mut removed = Vec::new();
    // Each round removes a value, so the rounds end; the bound is a safeguard.
    for _ in 0..10_000 {
        match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(t) => return Some((t, removed)),
            Err(e) => {
                let path: Vec<serde_path_to_error::Segment> = e.path().iter().cloned().collect();
                let field = path_text(&path);
                problems.push(Problem::Field {
                    record: record.clone(),
                    field: field.clone(),
                    problem: FieldProblem::Unreadable(e.into_inner()),
                });
                if !take_out(value, &path) {
                    return None;
                }
                removed.push(field);
            }
        }
    }
    None
}

/// `schedules[0].opens_at`, as messages name fields.
fn path_text(path: &[serde_path_to_error::Segment]) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for s in path {
        match s {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

fn take_out(value: &mut Value, path: &[serde_path_to_error::Segment]) -> bool {
    use serde_path_to_error::Segment;
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut at = value;
    for s in parents {
        let next = match (s, at) {
            (Segment::Map { key }, Value::Object(o)) => o.get_mut(key),
            (Segment::Seq { index }, Value::Array(a)) => a.get_mut(*index),
            _ => None,
        };
        match next {
            Some(n) => at = n,
            None => return false,
        }
    }
    match (last, at) {
        (Segment::Map { key }, Value::Object(o)) => o.remove(key).is_some(),
        (Segment::Seq { index }, Value::Array(a)) => match a.get_mut(*index) {
            Some(item) if *item != Value::Object(Default::default()) => {
                *item = Value::Object(Default::default());
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Collects the problems of one record's required fields.
struct Check<'a> {
    record: &'a WhichRecord,
    removed: &'a [String],
    problems: &'a mut Vec<Problem>,
}

impl Check<'_> {
    fn report(&mut self, field: String, problem: FieldProblem) {
        self.problems.push(Problem::Field {
            record: self.record.clone(),
            field,
            problem,
        });
    }

    /// A missing field, unless it was there but could not be read (already reported).
    fn missing(&mut self, field: String, problem: FieldProblem) {
        let reported = self.removed.iter().any(|r| {
            field == *r
                || field
                    .strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        });
        if !reported {
            self.report(field, problem);
        }
    }

    fn require<T>(&mut self, value: &Option<T>, field: String) {
        if value.is_none() {
            self.missing(field, FieldProblem::Missing);
        }
    }

    /// Terms given inside attributes need a name.
    fn attributes(&mut self, attributes: &[Attribute], path: &str) {
        for (i, a) in attributes.iter().enumerate() {
            if let Some(t) = &a.taxonomy_term {
                self.require(
                    &t.name,
                    format!("{}[{i}].taxonomy_term.name", join(path, "attributes")),
                );
            }
        }
    }
}

fn join(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_string()
    } else {
        format!("{path}.{k}")
    }
}

/// The published terms, by id in lower case.
fn read_terms(records: Vec<RawRecord>, problems: &mut Vec<Problem>) -> Terms {
    let mut out = HashMap::new();
    for mut r in records {
        let record = WhichRecord {
            origin: r.origin,
            name: None,
            id: None,
        };
        let Some((term, removed)) = typed::<TaxonomyTerm>(&mut r.value, &record, problems) else {
            continue;
        };
        let mut check = Check {
            record: &record,
            removed: &removed,
            problems,
        };
        check.require(&term.name, "name".into());
        match &term.id {
            Some(id) => {
                out.insert(id.to_lowercase(), term);
            }
            None => check.missing("id".into(), FieldProblem::NoTermId),
        }
    }
    out
}

/// Types each service record and checks what signpost requires of it; the same service
/// from several files is kept once, its fullest record.
fn read_services(
    records: Vec<RawRecord>,
    orgs: &Orgs,
    today: Date,
    problems: &mut Vec<Problem>,
) -> Vec<ServiceRecord> {
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<(usize, ServiceRecord)> = Vec::new();
    // Problems of records with an id, kept until it is known whether another copy of the
    // same service (a list item and its full record) read without any.
    let mut failed: Vec<(String, Vec<Problem>)> = Vec::new();
    for mut r in records {
        let size = r.value.as_object().map_or(0, |o| o.len());
        let mut mine = Vec::new();
        let Some(record) = read_service(&mut r, orgs, today, &mut mine) else {
            let id = r.value.get("id").and_then(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            match id {
                Some(id) if !id.is_empty() => failed.push((id, mine)),
                _ => problems.extend(mine),
            }
            continue;
        };
        let id = record.service.id.as_deref().unwrap_or_default().to_string();
        match by_id.get(&id) {
            Some(&i) => {
                if size >= out[i].0 {
                    out[i] = (size, record);
                }
            }
            None => {
                by_id.insert(id, out.len());
                out.push((size, record));
            }
        }
    }
    for (id, mine) in failed {
        if !by_id.contains_key(&id) {
            problems.extend(mine);
        }
    }
    out.into_iter().map(|(_, r)| r).collect()
}

/// One service record, or None when it has problems (each reported).
pub fn read_service(
    r: &mut RawRecord,
    orgs: &Orgs,
    today: Date,
    problems: &mut Vec<Problem>,
) -> Option<ServiceRecord> {
    let before = problems.len();
    let name = r
        .value
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    let id = r.value.get("id").and_then(|v| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let record = WhichRecord {
        origin: r.origin.clone(),
        name: (!name.is_empty()).then(|| name.to_string()),
        id,
    };
    if !r.value.is_object() {
        problems.push(Problem::Field {
            record,
            field: "(the record)".into(),
            problem: FieldProblem::Kind {
                expected: "an object",
                found: Found::of(&r.value),
            },
        });
        return None;
    }
    let notes = shapes::service(&mut r.value, orgs, today);
    let organisation_id = r
        .value
        .get("organization_id")
        .filter(|_| r.value.get("organization").is_none())
        .map(|v| v.to_string().trim_matches('"').to_string());
    let (service, removed) = typed::<Service>(&mut r.value, &record, problems)?;
    check_service(&service, &record, &removed, organisation_id, problems);
    (problems.len() == before).then_some(ServiceRecord {
        record,
        service,
        notes,
    })
}

/// What signpost requires of a service record besides its fields' types.
fn check_service(
    s: &Service,
    record: &WhichRecord,
    removed: &[String],
    organisation_id: Option<String>,
    problems: &mut Vec<Problem>,
) {
    let mut check = Check {
        record,
        removed,
        problems,
    };
    check.require(&s.id, "id".into());
    check.require(&s.name, "name".into());
    check.require(&s.status, "status".into());
    if let Some(status) = &s.status
        && !STATUSES.contains(&&**status)
    {
        check.report(
            "status".into(),
            FieldProblem::NotAStatus {
                status: status.to_string(),
            },
        );
    }
    match &s.organization {
        Some(o) => {
            check.require(&o.id, "organization.id".into());
            check.require(&o.name, "organization.name".into());
            check.attributes(&o.attributes, "organization");
        }
        None => match organisation_id {
            Some(id) => check.missing(
                "organization".into(),
                FieldProblem::NoOrganisationRecord { id },
            ),
            None => check.missing("organization".into(), FieldProblem::NoOrganisation),
        },
    }
    for (i, sal) in s.service_at_locations.iter().enumerate() {
        let path = format!("service_at_locations[{i}].location");
        match &sal.location {
            Some(l) => {
                check.require(&l.id, format!("{path}.id"));
                check.attributes(&l.attributes, &path);
            }
            None => check.missing(path, FieldProblem::NoPlace),
        }
    }
    check.attributes(&s.attributes, "");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(|p| p.to_string()).collect()
    }

    fn one(value: Value) -> (Option<ServiceRecord>, Vec<String>) {
        let mut problems = Vec::new();
        let mut raw = RawRecord {
            origin: Origin {
                file: "feed.ndjson".into(),
                place: Place::Line(3),
            },
            value,
        };
        let r = read_service(
            &mut raw,
            &Orgs::new(),
            jiff::civil::date(2026, 11, 24),
            &mut problems,
        );
        (r, messages(&problems))
    }

    #[test]
    fn a_tidy_record_reads_with_text_trimmed_and_unknown_fields_passed_over() {
        let (r, problems) = one(json!({
            "id": "s1", "name": " Stay and play ", "status": "active", "extra": [1, 2],
            "organization": {"id": "o1", "name": "Org"},
            "minimum_age": 0, "maximum_age": 4.5, "email": "",
            "schedules": [{"freq": "WEEKLY", "byday": "MO", "interval": null}],
        }));
        assert!(problems.is_empty(), "{problems:?}");
        let s = r.unwrap().service;
        assert_eq!(s.name.as_deref(), Some("Stay and play"));
        assert_eq!(s.maximum_age.map(|n| n.0), Some(4.5));
        assert_eq!(s.email, None);
        assert_eq!(s.schedules[0].byday.as_deref(), Some("MO"));
    }

    #[test]
    fn every_bad_field_of_a_record_is_named_once() {
        let (r, problems) = one(json!({
            "id": 5.5, "name": "x", "status": "open",
            "organization": {"id": "o", "name": "y"},
            "schedules": ["a", {"opens_at": 9}],
            "service_at_locations": [{"id": "s"}, {"location": {"name": "n"}}],
            "attributes": [{"link_type": "x", "taxonomy_term": {"id": "t"}}],
        }));
        assert!(r.is_none());
        let line = "feed.ndjson, line 3 (\"x\")";
        let expect = [
            "attributes[0].taxonomy_term.name`: missing; it is required",
            "id`: expected text or a whole number, found a number",
            "schedules[0]`: expected an object, found text",
            "schedules[1].opens_at`: expected text, found a number",
            "status`: `open` is not a status",
            "service_at_locations[0].location`: missing; signpost needs the place",
            "service_at_locations[1].location.id`: missing; it is required",
        ];
        for e in expect {
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with(&format!("{line}: field `{e}"))),
                "{e} not in {problems:#?}"
            );
        }
        // `id` was there, of the wrong kind: it is not also called missing.
        assert_eq!(problems.len(), expect.len(), "{problems:#?}");
    }

    #[test]
    fn a_record_that_is_not_an_object_or_lacks_an_organisation_says_so() {
        let (_, problems) = one(json!([1]));
        assert_eq!(
            problems,
            ["feed.ndjson, line 3: field `(the record)`: expected an object, found a list"]
        );
        let (_, problems) =
            one(json!({"id": "a", "name": "n", "status": "active", "organization": null}));
        assert_eq!(
            problems,
            // null is "not given".
            [
                "feed.ndjson, line 3 (\"n\"): field `organization`: missing; signpost needs the organisation that runs the service (its id and name)"
            ]
        );
        let (_, problems) = one(json!({"id": "a", "name": "n", "status": "active"}));
        assert!(problems[0].ends_with("field `organization`: missing; signpost needs the organisation that runs the service (its id and name)"));
    }

    #[test]
    fn files_split_into_records_with_their_places() {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        let page = r#"{"total_items": 2, "contents": [{"id": "a"}, {"id": "b"}]}"#;
        parse_file(Path::new("p.json"), page, &mut out, &mut problems);
        parse_file(
            Path::new("l.json"),
            r#"[{"id": "c"}]"#,
            &mut out,
            &mut problems,
        );
        parse_file(
            Path::new("n.json"),
            "{\"id\": \"d\"}\n\n{\"id\": \"e\"}\n{\"id\"",
            &mut out,
            &mut problems,
        );
        let places: Vec<String> = out.iter().map(|r| r.origin.to_string()).collect();
        assert_eq!(
            places,
            [
                "p.json, contents[0]",
                "p.json, contents[1]",
                "l.json[0]",
                "n.json, line 1",
                "n.json, line 3"
            ]
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with("n.json, line 4: not valid JSON at column"),
            "{}",
            problems[0]
        );
        // The cause is kept.
        assert!(std::error::Error::source(&problems[0]).is_some());
    }

    #[test]
    fn the_fullest_copy_of_a_service_is_kept() {
        let org = json!({"id": "o", "name": "Org"});
        let short = json!({"id": "s", "name": "S", "status": "active", "organization": org});
        let full = json!({"id": "s", "name": "S", "status": "active", "organization": org, "url": "https://example.org"});
        let origin = Origin {
            file: "f".into(),
            place: Place::Whole,
        };
        let raw = |value: &Value| RawRecord {
            origin: origin.clone(),
            value: value.clone(),
        };
        let mut problems = Vec::new();
        let kept = read_services(
            vec![raw(&short), raw(&full), raw(&short)],
            &Orgs::new(),
            jiff::civil::date(2026, 11, 24),
            &mut problems,
        );
        assert!(problems.is_empty());
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].service.url.as_deref(), Some("https://example.org"));
    }
}
