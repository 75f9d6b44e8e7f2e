//! `signpost import oruk`: reads Open Referral UK / HSDS 3.0 service records (one record, a
//! paged list or ndjson) and writes content files: services, organisations and venues, plus
//! the localities, family hubs, needs.yaml and site.yaml they need when the folder lacks them.
//!
//! Every record is read and checked before anything is written: a malformed record stops
//! the import with its file, record and field named, and no file is touched. Existing files
//! are only replaced with `--force`. What a record says that signpost cannot place (an
//! unknown taxonomy term, a missing age) is reported per record.

use crate::content::formats::{check_id, slugify};
use crate::content::load::{self, RawFile};
use crate::content::model::{ACCESS_ROUTES, ACCESSIBILITY, COST_PER, Content, LANGUAGES};
use crate::export::oruk::{self, HOW_MARKER, WHO_MARKER, WHOLE_AREA};
use crate::yaml::{Mapping, Value as Yaml};
use jiff::civil::Date;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub into: PathBuf,
    pub force: bool,
    pub mapping: Option<PathBuf>,
    pub today: Date,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Files written, relative to the content folder.
    pub written: Vec<String>,
    pub services: usize,
    pub organisations: usize,
    pub venues: usize,
    /// Per record: what could not be carried over.
    pub notes: Vec<(String, Vec<String>)>,
    /// Records left out on purpose (inactive or defunct services).
    pub skipped: Vec<String>,
}

#[derive(Debug)]
pub enum ImportError {
    /// The input is malformed: every problem, each naming its record and field.
    Malformed(Vec<String>),
    /// Files that exist and would be replaced (without --force).
    Exists(Vec<String>),
    Other(String),
}

// ---------------------------------------------------------------------------------------
// Reading records

struct Record {
    label: String,
    value: Value,
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn looks_like_service(v: &Value) -> bool {
    v.get("status").is_some() || v.get("organization").is_some()
}

/// Splits a parsed document into records: a page's `contents`, a list's items, or itself.
fn records_of(label: &str, v: Value, out: &mut Vec<Record>, errs: &mut Vec<String>) {
    match v {
        Value::Object(mut o) if o.contains_key("contents") => match o.remove("contents") {
            Some(Value::Array(items)) => {
                for (i, item) in items.into_iter().enumerate() {
                    out.push(Record {
                        label: format!("{label}, contents[{i}]"),
                        value: item,
                    });
                }
            }
            Some(other) => errs.push(format!(
                "{label}: field `contents`: expected a list of services, found {}",
                kind_of(&other)
            )),
            None => {}
        },
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                out.push(Record {
                    label: format!("{label}[{i}]"),
                    value: item,
                });
            }
        }
        other => out.push(Record {
            label: label.to_string(),
            value: other,
        }),
    }
}

fn read_file(path: &Path, out: &mut Vec<Record>, errs: &mut Vec<String>) {
    let label = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            errs.push(format!("{label}: cannot read the file: {e}"));
            return;
        }
    };
    let ndjson = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("ndjson" | "jsonl")
    );
    if !ndjson {
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => return records_of(&label, v, out, errs),
            Err(e) => {
                // Several JSON objects one per line is ndjson whatever the file is called.
                let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                if serde_json::from_str::<Value>(first).is_err() {
                    errs.push(format!(
                        "{label}: not valid JSON at line {}, column {}: {e}",
                        e.line(),
                        e.column()
                    ));
                    return;
                }
            }
        }
    }
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v) => out.push(Record {
                label: format!("{label}, line {}", i + 1),
                value: v,
            }),
            Err(e) => errs.push(format!(
                "{label}, line {}: not valid JSON at column {}: {e}",
                i + 1,
                e.column()
            )),
        }
    }
}

/// A published taxonomy term rather than a service: terms name their taxonomy.
fn looks_like_term(v: &Value) -> bool {
    !looks_like_service(v)
        && ["taxonomy_id", "taxonomy", "term", "code"]
            .iter()
            .any(|k| v.get(k).is_some())
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

/// Reads every input. Files named on the command line must hold service records or
/// taxonomy terms; in a folder, files holding something else (index.json, taxonomies) are
/// passed over. Attributes may name their term by id only, so the terms published beside
/// the inputs are read too.
fn read_inputs(inputs: &[PathBuf]) -> (Vec<Record>, Vec<Record>, Vec<String>) {
    let mut records = Vec::new();
    let mut errs = Vec::new();
    let mut seen = HashSet::new();
    let mut read = |f: &Path, errs: &mut Vec<String>| {
        let mut found = Vec::new();
        if seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.to_path_buf())) {
            read_file(f, &mut found, errs);
        }
        found
    };
    for input in inputs {
        if input.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(input)
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
            for f in files {
                records.extend(
                    read(&f, &mut errs)
                        .into_iter()
                        .filter(|r| looks_like_service(&r.value) || looks_like_term(&r.value)),
                );
            }
        } else if input.is_file() {
            records.extend(read(input, &mut errs));
        } else {
            errs.push(format!("{}: no such file or folder", input.display()));
        }
    }
    for input in inputs {
        if let Some(f) = terms_file_near(input) {
            records.extend(
                read(&f, &mut errs)
                    .into_iter()
                    .filter(|r| looks_like_term(&r.value)),
            );
        }
    }
    let (terms, services) = records.into_iter().partition(|r| looks_like_term(&r.value));
    (services, terms, errs)
}

// ---------------------------------------------------------------------------------------
// Typed fields, with every problem collected

struct Fields<'a> {
    label: String,
    errs: &'a mut Vec<String>,
    /// Published terms by id (lower case), for attributes that give only the id.
    terms: &'a HashMap<String, Term>,
    /// Term ids that attributes named but no published term has.
    unknown_terms: Vec<String>,
}

impl Fields<'_> {
    fn err(&mut self, path: &str, msg: impl std::fmt::Display) {
        self.errs
            .push(format!("{}: field `{path}`: {msg}", self.label));
    }

    fn obj<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(o) => Some(o),
            other => {
                self.err(
                    path,
                    format!("expected an object, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    fn opt_str(&mut self, o: &Map<String, Value>, path: &str, k: &str) -> Option<String> {
        match o.get(k) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(other) => {
                self.err(
                    &join(path, k),
                    format!("expected text, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    fn req_str(&mut self, o: &Map<String, Value>, path: &str, k: &str) -> Option<String> {
        let v = self.opt_str(o, path, k);
        if v.is_none() && !matches!(o.get(k), Some(x) if !x.is_string()) {
            self.err(&join(path, k), "missing; it is required");
        }
        v
    }

    fn opt_num(&mut self, o: &Map<String, Value>, path: &str, k: &str) -> Option<f64> {
        match o.get(k) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                self.err(
                    &join(path, k),
                    format!("expected a number, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    fn list<'v>(&mut self, o: &'v Map<String, Value>, path: &str, k: &str) -> Vec<&'v Value> {
        match o.get(k) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.iter().collect(),
            Some(other) => {
                self.err(
                    &join(path, k),
                    format!("expected a list, found {}", kind_of(other)),
                );
                Vec::new()
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

#[derive(Debug, Clone)]
struct Term {
    id: Option<String>,
    taxonomy: Option<String>,
    code: Option<String>,
    name: String,
    description: Option<String>,
    parent_id: Option<String>,
}

#[derive(Debug, Clone)]
struct Attr {
    link_type: String,
    term: Term,
}

#[derive(Debug, Clone)]
struct Location {
    id: String,
    name: Option<String>,
    description: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    address_1: Option<String>,
    city: Option<String>,
    state_province: Option<String>,
    postal_code: Option<String>,
    accessibility: Vec<String>,
    attrs: Vec<Attr>,
}

struct Schedule {
    sal: Option<String>,
    freq: Option<String>,
    interval: Option<f64>,
    byday: Option<String>,
    dtstart: Option<String>,
    opens: Option<String>,
    closes: Option<String>,
    description: Option<String>,
    notes: Option<String>,
}

#[derive(Clone)]
struct Org {
    id: String,
    name: String,
    description: Option<String>,
    email: Option<String>,
    website: Option<String>,
    charity: Option<String>,
    attrs: Vec<Attr>,
}

struct InService {
    label: String,
    id: String,
    name: String,
    description: Option<String>,
    url: Option<String>,
    email: Option<String>,
    status: String,
    fees: Option<String>,
    min_age: Option<f64>,
    max_age: Option<f64>,
    assured: Option<String>,
    modified: Option<String>,
    schedules: Vec<Schedule>,
    area_names: Vec<String>,
    sals: Vec<(String, Location)>,
    org: Option<Org>,
    cost: Option<(Option<String>, Option<f64>, Option<String>)>,
    attrs: Vec<Attr>,
    /// Terms named by id that no published term has.
    unknown_terms: Vec<String>,
}

/// A taxonomy term object, in an attribute or in a list of terms.
fn read_term(f: &mut Fields, t: &Map<String, Value>, tp: &str) -> Term {
    let name = f.req_str(t, tp, "name");
    Term {
        id: f.opt_str(t, tp, "id"),
        taxonomy: f.opt_str(t, tp, "taxonomy"),
        code: f
            .opt_str(t, tp, "term")
            .or_else(|| f.opt_str(t, tp, "code")),
        description: f.opt_str(t, tp, "description"),
        parent_id: f.opt_str(t, tp, "parent_id"),
        name: name.unwrap_or_default(),
    }
}

fn read_attrs(f: &mut Fields, o: &Map<String, Value>, path: &str) -> Vec<Attr> {
    let mut out = Vec::new();
    for (i, a) in f.list(o, path, "attributes").into_iter().enumerate() {
        let p = format!("{}[{i}]", join(path, "attributes"));
        let Some(a) = f.obj(a, &p) else { continue };
        let link_type = f.opt_str(a, &p, "link_type").unwrap_or_default();
        let term = match a.get("taxonomy_term") {
            Some(t) => {
                let tp = join(&p, "taxonomy_term");
                let Some(t) = f.obj(t, &tp) else { continue };
                read_term(f, t, &tp)
            }
            // The term by id only: it is published once, in taxonomy_terms.json.
            None => {
                let Some(id) = f.opt_str(a, &p, "taxonomy_term_id") else {
                    continue;
                };
                match f.terms.get(&id.to_lowercase()) {
                    Some(t) => t.clone(),
                    None => {
                        if !f.unknown_terms.contains(&id) {
                            f.unknown_terms.push(id);
                        }
                        continue;
                    }
                }
            }
        };
        out.push(Attr { link_type, term });
    }
    out
}

/// The published terms, by id in lower case.
fn read_terms(records: &[Record], errs: &mut Vec<String>) -> HashMap<String, Term> {
    let none = HashMap::new();
    let mut out = HashMap::new();
    for r in records {
        let mut f = Fields {
            label: r.label.clone(),
            errs,
            terms: &none,
            unknown_terms: Vec::new(),
        };
        let Some(o) = f.obj(&r.value, "(the term)") else {
            continue;
        };
        let t = read_term(&mut f, o, "");
        match &t.id {
            Some(id) => {
                out.insert(id.to_lowercase(), t);
            }
            None => f.err("id", "missing; attributes name their term by this id"),
        }
    }
    out
}

fn read_location(f: &mut Fields, v: &Value, path: &str) -> Option<Location> {
    let o = f.obj(v, path)?;
    let id = f.req_str(o, path, "id");
    let mut loc = Location {
        id: id.clone().unwrap_or_default(),
        name: f.opt_str(o, path, "name"),
        description: f.opt_str(o, path, "description"),
        latitude: f.opt_num(o, path, "latitude"),
        longitude: f.opt_num(o, path, "longitude"),
        address_1: None,
        city: None,
        state_province: None,
        postal_code: None,
        accessibility: Vec::new(),
        attrs: read_attrs(f, o, path),
    };
    let addresses = f.list(o, path, "addresses");
    // A physical address first: that is where families go.
    let pick = addresses
        .iter()
        .position(|a| a.get("address_type").and_then(Value::as_str) == Some("physical"))
        .unwrap_or(0);
    if let Some(a) = addresses.get(pick) {
        let p = format!("{}[{pick}]", join(path, "addresses"));
        if let Some(a) = f.obj(a, &p) {
            loc.address_1 = f.opt_str(a, &p, "address_1");
            loc.city = f.opt_str(a, &p, "city");
            loc.state_province = f.opt_str(a, &p, "state_province");
            loc.postal_code = f.opt_str(a, &p, "postal_code");
        }
    }
    for (i, a) in f.list(o, path, "accessibility").into_iter().enumerate() {
        let p = format!("{}[{i}]", join(path, "accessibility"));
        if let Some(a) = f.obj(a, &p) {
            let d = f.opt_str(a, &p, "description");
            let x = f.opt_str(a, &p, "accessibility");
            if let Some(d) = d.or(x) {
                loc.accessibility.push(d);
            }
        }
    }
    id.map(|_| loc)
}

fn read_org(f: &mut Fields, v: &Value, path: &str) -> Option<Org> {
    let o = f.obj(v, path)?;
    let id = f.req_str(o, path, "id");
    let name = f.req_str(o, path, "name");
    let mut charity = None;
    for (i, x) in f
        .list(o, path, "organization_identifiers")
        .into_iter()
        .enumerate()
    {
        let p = format!("{}[{i}]", join(path, "organization_identifiers"));
        if let Some(x) = f.obj(x, &p) {
            let scheme = f.opt_str(x, &p, "identifier_scheme").unwrap_or_default();
            let kind = f.opt_str(x, &p, "identifier_type").unwrap_or_default();
            let ident = f.opt_str(x, &p, "identifier");
            if scheme.starts_with("GB-CHC")
                || scheme.starts_with("GB-SC")
                || kind.to_lowercase().contains("charity")
            {
                charity = charity.or(ident);
            }
        }
    }
    Some(Org {
        id: id?,
        name: name?,
        description: f.opt_str(o, path, "description"),
        email: f.opt_str(o, path, "email"),
        website: f.opt_str(o, path, "website"),
        charity,
        attrs: read_attrs(f, o, path),
    })
}

const STATUSES: &[&str] = &["active", "inactive", "defunct", "temporarily closed"];

fn read_service(
    label: &str,
    v: &Value,
    terms: &HashMap<String, Term>,
    errs: &mut Vec<String>,
) -> Option<InService> {
    let before = errs.len();
    let name_hint = v.get("name").and_then(Value::as_str).unwrap_or("").trim();
    let label = if name_hint.is_empty() {
        label.to_string()
    } else {
        format!("{label} (\"{name_hint}\")")
    };
    let mut f = Fields {
        label: label.clone(),
        errs,
        terms,
        unknown_terms: Vec::new(),
    };
    let o = f.obj(v, "(the record)")?;
    let id = f.req_str(o, "", "id");
    let name = f.req_str(o, "", "name");
    let status = f.req_str(o, "", "status");
    if let Some(s) = &status
        && !STATUSES.contains(&s.as_str())
    {
        f.err(
            "status",
            format!("`{s}` is not a status; use one of {}", STATUSES.join(", ")),
        );
    }
    let org = match o.get("organization") {
        Some(ov) => read_org(&mut f, ov, "organization"),
        None => {
            f.err(
                "organization",
                "missing; signpost needs the organisation that runs the service (its id and name)",
            );
            None
        }
    };
    let mut schedules = Vec::new();
    for (i, s) in f.list(o, "", "schedules").into_iter().enumerate() {
        let p = format!("schedules[{i}]");
        let Some(s) = f.obj(s, &p) else { continue };
        schedules.push(Schedule {
            sal: f.opt_str(s, &p, "service_at_location_id"),
            freq: f.opt_str(s, &p, "freq"),
            interval: f.opt_num(s, &p, "interval"),
            byday: f.opt_str(s, &p, "byday"),
            dtstart: f.opt_str(s, &p, "dtstart"),
            opens: f.opt_str(s, &p, "opens_at"),
            closes: f.opt_str(s, &p, "closes_at"),
            description: f.opt_str(s, &p, "description"),
            notes: f.opt_str(s, &p, "notes"),
        });
    }
    let mut area_names = Vec::new();
    for (i, a) in f.list(o, "", "service_areas").into_iter().enumerate() {
        let p = format!("service_areas[{i}]");
        if let Some(a) = f.obj(a, &p) {
            let n = f.opt_str(a, &p, "name");
            let d = f.opt_str(a, &p, "service_area");
            if let Some(n) = n.or(d) {
                area_names.push(n);
            }
        }
    }
    let mut sals = Vec::new();
    for (i, s) in f
        .list(o, "", "service_at_locations")
        .into_iter()
        .enumerate()
    {
        let p = format!("service_at_locations[{i}]");
        let Some(so) = f.obj(s, &p) else { continue };
        let sal_id = f.opt_str(so, &p, "id").unwrap_or_default();
        match so.get("location") {
            Some(l) => {
                if let Some(loc) = read_location(&mut f, l, &join(&p, "location")) {
                    sals.push((sal_id, loc));
                }
            }
            None => f.err(
                &join(&p, "location"),
                "missing; signpost needs the place (name and address), not only its id",
            ),
        }
    }
    let mut cost = None;
    for (i, c) in f.list(o, "", "cost_options").into_iter().enumerate() {
        let p = format!("cost_options[{i}]");
        if let Some(c) = f.obj(c, &p) {
            let option = f.opt_str(c, &p, "option");
            let amount = f.opt_num(c, &p, "amount");
            let desc = f.opt_str(c, &p, "amount_description");
            if cost.is_none() {
                cost = Some((option, amount, desc));
            }
        }
    }
    let svc = InService {
        label: label.clone(),
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        description: f.opt_str(o, "", "description"),
        url: f.opt_str(o, "", "url"),
        email: f.opt_str(o, "", "email"),
        status: status.unwrap_or_default(),
        fees: f.opt_str(o, "", "fees"),
        min_age: f.opt_num(o, "", "minimum_age"),
        max_age: f.opt_num(o, "", "maximum_age"),
        assured: f.opt_str(o, "", "assured_date"),
        modified: f.opt_str(o, "", "last_modified"),
        schedules,
        area_names,
        sals,
        org,
        cost,
        attrs: read_attrs(&mut f, o, ""),
        unknown_terms: Vec::new(),
    };
    let svc = InService {
        unknown_terms: std::mem::take(&mut f.unknown_terms),
        ..svc
    };
    (errs.len() == before).then_some(svc)
}

// ---------------------------------------------------------------------------------------
// Mapping taxonomy terms to needs

/// The mapping file: taxonomy terms (by id, code or name) to need ids.
fn read_mapping(
    path: &Path,
    needs: &HashSet<String>,
) -> Result<HashMap<String, Vec<String>>, Vec<String>> {
    let label = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| vec![format!("{label}: cannot read: {e}")])?;
    let v = crate::yaml::parse(&text)
        .map_err(|e| vec![format!("{label}:{}:{}: {}", e.line, e.column, e.message)])?;
    let ex = "needs:\n  \"Debt advice\": money-and-debt\n  \"Baby groups\": [baby-and-toddler-groups, early-language-and-learning]";
    let Some(map) = v.get("needs").and_then(Yaml::as_mapping) else {
        return Err(vec![format!(
            "{label}: expected a `needs:` map from taxonomy terms to need ids, for example:\n{ex}"
        )]);
    };
    let mut out = HashMap::new();
    let mut errs = Vec::new();
    for (k, v) in map {
        let key = match k {
            Yaml::String(s) => s.clone(),
            Yaml::Number(n) => n.to_string(),
            _ => {
                errs.push(format!("{label}: a key under `needs` is not text"));
                continue;
            }
        };
        let ids: Vec<String> = match v {
            Yaml::String(s) => vec![s.clone()],
            Yaml::Sequence(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => {
                errs.push(format!(
                    "{label}: `{key}` should map to a need id or a list of need ids"
                ));
                continue;
            }
        };
        for id in &ids {
            if !needs.contains(id) {
                errs.push(format!(
                    "{label}: `{key}` maps to `{id}`, which is not a need in needs.yaml"
                ));
            }
        }
        out.insert(key.to_lowercase(), ids);
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

struct Needs {
    ids: HashSet<String>,
    /// Labels and synonyms, lowercased, to need id.
    names: HashMap<String, String>,
    mapping: HashMap<String, Vec<String>>,
}

impl Needs {
    fn map(&self, t: &Term) -> Option<Vec<String>> {
        for key in [t.id.as_deref(), t.code.as_deref(), Some(t.name.as_str())]
            .into_iter()
            .flatten()
        {
            if let Some(ids) = self.mapping.get(&key.to_lowercase()) {
                return Some(ids.clone());
            }
        }
        if t.taxonomy.as_deref() == Some("signpost:needs")
            && let Some(c) = &t.code
            && self.ids.contains(c)
        {
            return Some(vec![c.clone()]);
        }
        self.names
            .get(&t.name.trim().to_lowercase())
            .map(|n| vec![n.clone()])
    }
}

// ---------------------------------------------------------------------------------------
// The target folder

struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// A new id from a name, unique in its folder.
    fn fresh(&mut self, name: &str, fallback: &str) -> String {
        let mut base = slugify(name);
        base.truncate(60);
        let base = base.trim_end_matches('-').to_string();
        let base = if base.is_empty() {
            fallback.to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

fn months(years: f64) -> i32 {
    (years * 12.0).round() as i32
}

fn age_yaml(m: i32) -> Yaml {
    if m < 0 {
        Yaml::String("pregnancy".into())
    } else if m % 12 == 0 {
        Yaml::Number((m / 12).into())
    } else {
        Yaml::String(format!("{m} months"))
    }
}

/// Whole numbers without a decimal point, as a person would write them.
fn num(x: f64) -> Yaml {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        Yaml::Number((x as i64).into())
    } else {
        Yaml::Number(x.into())
    }
}

fn s(v: &str) -> Yaml {
    Yaml::String(v.to_string())
}

fn list(items: &[String]) -> Yaml {
    Yaml::Sequence(items.iter().map(|i| s(i)).collect())
}

fn set(m: &mut Mapping, k: &str, v: Yaml) {
    m.insert(s(k), v);
}

fn set_opt(m: &mut Mapping, k: &str, v: Option<&str>) {
    if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
        set(m, k, s(v));
    }
}

fn file_text(front: Mapping, body: &str) -> String {
    let yaml = crate::yaml::to_string(&Yaml::Mapping(front));
    let body = body.trim();
    if body.is_empty() {
        format!("---\n{yaml}---\n")
    } else {
        format!("---\n{yaml}---\n{body}\n")
    }
}

/// Splits "summary\n\nbody" at the first blank line.
fn first_paragraph(text: &str) -> (String, String) {
    match text.split_once("\n\n") {
        Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
        None => (text.trim().to_string(), String::new()),
    }
}

/// Splits a service description into summary, body, eligibility and how to access.
fn split_description(text: &str) -> (String, String, Option<String>, Option<String>) {
    let mut rest = text.trim().to_string();
    let take = |rest: &mut String, marker: &str| -> Option<String> {
        if let Some(stripped) = rest.strip_prefix(marker) {
            let v = stripped.trim().to_string();
            rest.clear();
            return Some(v);
        }
        let at = rest.rfind(&format!("\n\n{marker}"))?;
        let v = rest[at + 2 + marker.len()..].trim().to_string();
        rest.truncate(at);
        Some(v)
    };
    let how = take(&mut rest, HOW_MARKER);
    let who = take(&mut rest, WHO_MARKER);
    let (summary, body) = first_paragraph(&rest);
    (summary, body, who, how)
}

fn parse_time(t: &str) -> Option<String> {
    let t = t.trim().trim_end_matches('Z');
    let mut parts = t.split(':');
    let h: u32 = parts.next()?.trim().parse().ok()?;
    let m: u32 = parts.next()?.get(..2)?.parse().ok()?;
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

const BYDAY: [(&str, &str); 7] = [
    ("MO", "monday"),
    ("TU", "tuesday"),
    ("WE", "wednesday"),
    ("TH", "thursday"),
    ("FR", "friday"),
    ("SA", "saturday"),
    ("SU", "sunday"),
];

/// "MO,WE" -> days; "2TU" -> the second Tuesday; "-1FR" -> the last Friday.
fn parse_byday(s: &str) -> Option<(Vec<String>, Option<i32>)> {
    let mut days = Vec::new();
    let mut week = None;
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let split = part.len().checked_sub(2)?;
        let (n, d) = part.split_at(split);
        let day = BYDAY.iter().find(|(c, _)| c.eq_ignore_ascii_case(d))?.1;
        let n: Option<i32> = if n.is_empty() {
            None
        } else {
            Some(n.trim_start_matches('+').parse().ok()?)
        };
        if week.is_some() && n != week {
            return None;
        }
        week = n;
        if !days.contains(&day.to_string()) {
            days.push(day.to_string());
        }
    }
    (!days.is_empty()).then_some((days, week))
}

struct Area {
    code: String,
    name: String,
    description: Option<String>,
    parent: Option<String>,
}

/// Runs the import: reads and checks every record, then writes all files or none.
pub fn oruk(opts: &Options) -> Result<Outcome, ImportError> {
    let (records, term_records, mut errs) = read_inputs(&opts.inputs);
    let terms = read_terms(&term_records, &mut errs);
    if records.is_empty() && errs.is_empty() {
        errs.push("no service records found in the given files".into());
    }
    // The same service can come from several files (a list and its full record): keep the
    // fullest.
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut services = Vec::new();
    for r in &records {
        let Some(svc) = read_service(&r.label, &r.value, &terms, &mut errs) else {
            continue;
        };
        let size = r.value.as_object().map_or(0, Map::len);
        match by_id.get(&svc.id) {
            Some(&i) => {
                let (old_size, _) = &services[i];
                if size >= *old_size {
                    services[i] = (size, svc);
                }
            }
            None => {
                by_id.insert(svc.id.clone(), services.len());
                services.push((size, svc));
            }
        }
    }
    let into = &opts.into;
    let existing: Content = if into.is_dir() {
        let files = load::list_dir(into)
            .map_err(|e| ImportError::Other(format!("cannot read {}: {e}", into.display())))?;
        load::load(files, opts.today).content
    } else {
        Content::default()
    };
    // Needs: the folder's own needs.yaml, or the standard taxonomy signpost ships.
    let (needs_list, needs_file) = if existing.has_needs_file {
        (existing.needs.clone(), None)
    } else {
        let files: Vec<RawFile> = load::embedded_files()
            .into_iter()
            .filter(|f| f.rel == "needs.yaml")
            .collect();
        let text = files
            .first()
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .unwrap_or_default();
        (load::load(files, opts.today).content.needs, Some(text))
    };
    let need_ids: HashSet<String> = needs_list.iter().map(|n| n.id.clone()).collect();
    let mapping = match &opts.mapping {
        Some(p) => read_mapping(p, &need_ids).unwrap_or_else(|e| {
            errs.extend(e);
            HashMap::new()
        }),
        None => HashMap::new(),
    };
    if !errs.is_empty() {
        return Err(ImportError::Malformed(errs));
    }
    let mut names = HashMap::new();
    for n in &needs_list {
        for k in std::iter::once(&n.label).chain(n.synonyms.iter()) {
            names.entry(k.to_lowercase()).or_insert(n.id.clone());
        }
    }
    let needs = Needs {
        ids: need_ids,
        names,
        mapping,
    };

    let mut out = Outcome::default();
    let mut files: Vec<(String, String)> = Vec::new();

    // Areas (localities and hubs) named by signpost's area terms, keyed by term id.
    let mut areas: HashMap<String, Area> = HashMap::new();
    let mut note_area = |t: &Term| {
        if t.taxonomy.as_deref() != Some("signpost:areas") {
            return;
        }
        let Some(code) = t.code.clone().filter(|c| check_id(c).is_ok()) else {
            return;
        };
        let id = oruk::term_id("signpost:areas", &code);
        areas.entry(id).or_insert(Area {
            code,
            name: t.name.clone(),
            description: t.description.clone().filter(|d| *d != t.name),
            parent: t.parent_id.clone(),
        });
    };
    for (_, svc) in &services {
        for a in &svc.attrs {
            note_area(&a.term);
        }
        for (_, l) in &svc.sals {
            for a in &l.attrs {
                note_area(&a.term);
            }
        }
    }
    // Hubs whose building is among the imported places: only those can get a hub file.
    let hubs_with_building: HashSet<String> = services
        .iter()
        .flat_map(|(_, s)| s.sals.iter())
        .flat_map(|(_, l)| l.attrs.iter())
        .filter(|a| a.link_type == "family_hub_building")
        .filter_map(|a| a.term.code.clone())
        .collect();
    let parent_code = |a: &Area| -> Option<String> {
        let p = a.parent.as_ref()?;
        areas.get(p).map(|x| x.code.clone())
    };
    let locality_ids: HashSet<String> = existing.localities.iter().map(|l| l.id.clone()).collect();
    let hub_ids: HashSet<String> = existing.hubs.iter().map(|h| h.id.clone()).collect();
    let whole_area = areas
        .values()
        .find(|a| a.code == WHOLE_AREA && a.parent.is_none())
        .map(|a| a.name.clone());

    let mut org_ids = Ids {
        taken: existing
            .organisations
            .iter()
            .map(|o| o.id.clone())
            .collect(),
    };
    let mut venue_ids = Ids {
        taken: existing.venues.iter().map(|v| v.id.clone()).collect(),
    };
    let mut service_ids = Ids {
        taken: existing.services.iter().map(|s| s.id.clone()).collect(),
    };
    // Listings already in the folder, by their Open Referral id: a re-import updates them.
    let known_org: HashMap<String, String> = existing
        .organisations
        .iter()
        .map(|o| (oruk::organisation_id(o), o.id.clone()))
        .collect();
    let known_venue: HashMap<String, String> = existing
        .venues
        .iter()
        .map(|v| (oruk::venue_id(v), v.id.clone()))
        .collect();
    let known_service: HashMap<String, String> = existing
        .services
        .iter()
        .map(|s| (oruk::service_id(s), s.id.clone()))
        .collect();
    let oruk_id_line = |m: &mut Mapping, kind: &str, id: &str, uuid: &str| {
        if oruk::uid(&format!("{kind}:{id}")).to_string() != uuid.to_lowercase() {
            set(m, "oruk_id", s(uuid));
        }
    };

    // Localities: from area terms, else made from the town of a venue's address.
    let mut new_localities: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    let mut new_hubs: BTreeMap<String, (String, String, Option<String>, Option<String>)> =
        BTreeMap::new();
    let mut venue_map: HashMap<String, String> = HashMap::new();
    let mut org_map: HashMap<String, String> = HashMap::new();
    let mut planned_orgs = HashSet::new();

    let mut services: Vec<InService> = services.into_iter().map(|(_, s)| s).collect();
    services.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });

    for svc in &services {
        let mut notes: Vec<String> = Vec::new();
        if svc.status == "inactive" || svc.status == "defunct" {
            out.skipped.push(format!(
                "{}: status is {}, so it was not imported",
                svc.label, svc.status
            ));
            continue;
        }
        for id in &svc.unknown_terms {
            notes.push(format!(
                "taxonomy term {id} is not in a taxonomy_terms.json given or beside the file, so it was left out; name that file too"
            ));
        }
        // Organisation.
        let Some(org) = &svc.org else { continue };
        let org_id = match org_map.get(&org.id) {
            Some(id) => id.clone(),
            None => {
                let id = known_org
                    .get(&org.id.to_lowercase())
                    .cloned()
                    .unwrap_or_else(|| org_ids.fresh(&org.name, "organisation"));
                org_map.insert(org.id.clone(), id.clone());
                id
            }
        };
        if planned_orgs.insert(org_id.clone()) {
            let mut m = Mapping::new();
            set(&mut m, "name", s(&org.name));
            let kind = org.attrs.iter().find_map(|a| {
                (a.term.taxonomy.as_deref() == Some("signpost:organisation-types"))
                    .then(|| a.term.code.clone())
                    .flatten()
                    .filter(|c| crate::content::model::ORG_TYPES.contains(&c.as_str()))
            });
            match kind {
                Some(k) => set(&mut m, "type", s(&k)),
                None => notes.push(format!(
                    "organisation \"{}\": no type given; add `type:` (council, nhs, school, early-years, vcs, faith or private)",
                    org.name
                )),
            }
            let (summary, body) = org
                .description
                .as_deref()
                .filter(|d| *d != org.name)
                .map(first_paragraph)
                .unwrap_or_default();
            set_opt(&mut m, "summary", Some(&summary));
            let mut contact = Mapping::new();
            set_opt(&mut contact, "email", org.email.as_deref());
            set_opt(&mut contact, "website", org.website.as_deref());
            if !contact.is_empty() {
                set(&mut m, "contact", Yaml::Mapping(contact));
            }
            set_opt(&mut m, "charity_number", org.charity.as_deref());
            oruk_id_line(&mut m, "organisation", &org_id, &org.id);
            files.push((format!("organisations/{org_id}.md"), file_text(m, &body)));
            out.organisations += 1;
        }

        // Venues.
        let mut svc_venues: Vec<String> = Vec::new();
        let mut sal_venue: HashMap<String, String> = HashMap::new();
        for (sal_id, loc) in &svc.sals {
            let vid = match venue_map.get(&loc.id) {
                Some(v) => v.clone(),
                None => {
                    let name = loc.name.clone().unwrap_or_default();
                    let id = known_venue
                        .get(&loc.id.to_lowercase())
                        .cloned()
                        .unwrap_or_else(|| venue_ids.fresh(&name, "venue"));
                    venue_map.insert(loc.id.clone(), id.clone());
                    let mut m = Mapping::new();
                    if name.is_empty() {
                        notes.push(format!("venue {id}: no name given"));
                    }
                    set_opt(&mut m, "name", Some(&name));
                    let mut a = Mapping::new();
                    let (line1, line2) = match loc.address_1.as_deref().map(|l| l.split_once(", "))
                    {
                        Some(Some((a, b))) => (Some(a.to_string()), Some(b.to_string())),
                        Some(None) => (loc.address_1.clone(), None),
                        None => (None, None),
                    };
                    set_opt(&mut a, "line1", line1.as_deref());
                    set_opt(&mut a, "line2", line2.as_deref());
                    set_opt(&mut a, "town", loc.city.as_deref());
                    if loc.state_province != loc.city {
                        set_opt(&mut a, "county", loc.state_province.as_deref());
                    }
                    if a.is_empty() {
                        notes.push(format!("venue {id}: no address given"));
                    } else {
                        set(&mut m, "address", Yaml::Mapping(a));
                    }
                    set_opt(&mut m, "postcode", loc.postal_code.as_deref());
                    match (loc.latitude, loc.longitude) {
                        (Some(la), Some(lo)) => {
                            set(&mut m, "latitude", Yaml::Number(la.into()));
                            set(&mut m, "longitude", Yaml::Number(lo.into()));
                        }
                        _ => notes.push(format!(
                            "venue {id}: no latitude and longitude; find the place on a map and add them"
                        )),
                    }
                    // Locality: the area term, else the town.
                    let locality = loc
                        .attrs
                        .iter()
                        .find(|x| x.link_type == "locality")
                        .and_then(|x| areas.get(&oruk::term_id("signpost:areas", x.term.code.as_deref().unwrap_or(""))))
                        .map(|a| {
                            if !locality_ids.contains(&a.code) {
                                new_localities
                                    .entry(a.code.clone())
                                    .or_insert((a.name.clone(), a.description.clone()));
                            }
                            a.code.clone()
                        })
                        .or_else(|| {
                            let town = loc.city.clone()?;
                            let code = slugify(&town);
                            if check_id(&code).is_err() {
                                return None;
                            }
                            if !locality_ids.contains(&code) {
                                new_localities.entry(code.clone()).or_insert((town, None));
                                notes.push(format!(
                                    "venue {id}: no locality given; put it in `{code}` (from the town)"
                                ));
                            }
                            Some(code)
                        });
                    set_opt(&mut m, "locality", locality.as_deref());
                    if let Some(hub) = loc.attrs.iter().find(|x| {
                        x.link_type == "family_hub" || x.link_type == "family_hub_building"
                    }) && let Some(a) = areas.get(&oruk::term_id(
                        "signpost:areas",
                        hub.term.code.as_deref().unwrap_or(""),
                    )) {
                        let building = hub.link_type == "family_hub_building";
                        if hub_ids.contains(&a.code) {
                            set(&mut m, "hub", s(&a.code));
                        } else if let Some(loc_code) = parent_code(a) {
                            let e = new_hubs.entry(a.code.clone()).or_insert((
                                a.name.clone(),
                                loc_code,
                                None,
                                a.description.clone(),
                            ));
                            if building {
                                e.2 = Some(id.clone());
                            }
                            set(&mut m, "hub", s(&a.code));
                        }
                    }
                    let mut access = Vec::new();
                    for d in &loc.accessibility {
                        match ACCESSIBILITY
                            .iter()
                            .find(|(c, l)| c.eq_ignore_ascii_case(d) || l.eq_ignore_ascii_case(d))
                        {
                            Some((c, _)) => access.push(c.to_string()),
                            None => notes.push(format!(
                                "venue {id}: accessibility \"{d}\" is not one signpost lists; add it to the venue's description"
                            )),
                        }
                    }
                    if !access.is_empty() {
                        set(&mut m, "accessibility", list(&access));
                    }
                    oruk_id_line(&mut m, "venue", &id, &loc.id);
                    files.push((
                        format!("venues/{id}.md"),
                        file_text(m, loc.description.as_deref().unwrap_or("")),
                    ));
                    out.venues += 1;
                    id
                }
            };
            if !svc_venues.contains(&vid) {
                svc_venues.push(vid.clone());
            }
            sal_venue.insert(sal_id.clone(), vid);
        }

        // The service.
        let sid = known_service
            .get(&svc.id.to_lowercase())
            .cloned()
            .unwrap_or_else(|| service_ids.fresh(&svc.name, "service"));
        let mut m = Mapping::new();
        set(&mut m, "name", s(&svc.name));
        set(&mut m, "organisation", s(&org_id));
        let (summary, body, who, how) = split_description(svc.description.as_deref().unwrap_or(""));
        if summary.is_empty() {
            notes.push("no description: add a one-sentence `summary`".into());
        }
        set_opt(&mut m, "summary", Some(&summary));

        let mut need_list: Vec<String> = Vec::new();
        let mut level = None;
        let mut access = Vec::new();
        let (mut home, mut online, mut phone) = (false, false, false);
        let mut langs = Vec::new();
        let mut svc_access = Vec::new();
        let mut pregnancy = false;
        let mut send_to = None;
        let mut covers: Vec<String> = Vec::new();
        let mut borough = false;
        for a in &svc.attrs {
            let t = &a.term;
            let code = t.code.as_deref().unwrap_or("");
            match t.taxonomy.as_deref().unwrap_or("") {
                "signpost:levels-of-need" => level = code.parse::<u8>().ok().filter(|l| (1..=4).contains(l)),
                "signpost:access-routes" if ACCESS_ROUTES.contains(&code) => access.push(code.to_string()),
                "signpost:delivery" => match code {
                    "home-visits" => home = true,
                    "online" => online = true,
                    "phone" => phone = true,
                    _ => notes.push(format!("delivery \"{}\" is not known", t.name)),
                },
                "signpost:languages" if LANGUAGES.iter().any(|(c, _)| *c == code) => langs.push(code.to_string()),
                "signpost:accessibility" if ACCESSIBILITY.iter().any(|(c, _)| *c == code) => svc_access.push(code.to_string()),
                "signpost:eligibility" if code == "pregnancy" => pregnancy = true,
                "signpost:eligibility" if code.starts_with("send-up-to-") => {
                    send_to = code
                        .trim_start_matches("send-up-to-")
                        .trim_end_matches("-months")
                        .parse::<i32>()
                        .ok();
                }
                "signpost:areas" if a.link_type == "service_area" => {
                    if code == WHOLE_AREA {
                        borough = true;
                    } else if locality_ids.contains(code)
                        || hub_ids.contains(code)
                        || new_localities.contains_key(code)
                        || hubs_with_building.contains(code)
                    {
                        covers.push(code.to_string());
                    } else if let Some(p) = areas
                        .get(&oruk::term_id("signpost:areas", code))
                        .and_then(parent_code)
                    {
                        // A hub with no venue here: cover its locality instead.
                        notes.push(format!(
                            "covers the area of \"{}\", which has no venue here; it now covers `{p}`",
                            t.name
                        ));
                        if !covers.contains(&p) {
                            covers.push(p);
                        }
                    }
                }
                _ => match needs.map(t) {
                    Some(ids) => {
                        for id in ids {
                            if !need_list.contains(&id) {
                                need_list.push(id);
                            }
                        }
                    }
                    None => notes.push(format!(
                        "taxonomy term \"{}\"{} is not a need here; map it in the mapping file (--mapping)",
                        t.name,
                        t.taxonomy
                            .as_deref()
                            .map(|x| format!(" (taxonomy {x})"))
                            .unwrap_or_default()
                    )),
                },
            }
        }
        if need_list.is_empty() {
            notes.push("no needs: add at least one to `needs`".into());
        } else {
            set(&mut m, "needs", list(&need_list));
        }
        // Ages.
        match (svc.min_age, svc.max_age) {
            (Some(lo), Some(hi)) => {
                let mut ages = Mapping::new();
                let from = if pregnancy { -9 } else { months(lo.max(0.0)) };
                let mut to = months(hi);
                if to > 300 {
                    notes.push(format!(
                        "maximum_age {hi} is above 25, the oldest age the directory lists; it now says 25"
                    ));
                    to = 300;
                }
                set(&mut ages, "from", age_yaml(from));
                set(&mut ages, "to", age_yaml(to));
                if let Some(st) = send_to {
                    set(&mut ages, "send_to", age_yaml(st));
                }
                set(&mut m, "ages", Yaml::Mapping(ages));
            }
            _ => notes.push("no minimum_age and maximum_age: add `ages`".into()),
        }
        set_opt(&mut m, "eligibility", who.as_deref());
        match level {
            Some(l) => set(&mut m, "level", Yaml::Number(l.into())),
            None => notes.push("no level of need: add `level` (1 to 4)".into()),
        }
        if access.is_empty() {
            notes.push("no way to get the service: add `access`".into());
        } else {
            set(&mut m, "access", list(&access));
        }
        match &how {
            Some(h) => set(&mut m, "how_to_access", s(h)),
            None => notes.push("no instructions: add `how_to_access`".into()),
        }
        // Cost.
        match &svc.cost {
            Some((option, amount, desc)) => {
                let free = amount.is_some_and(|a| a == 0.0)
                    || (amount.is_none()
                        && option
                            .as_deref()
                            .is_some_and(|o| o.eq_ignore_ascii_case("free")));
                if free {
                    set(&mut m, "cost", s("free"));
                } else {
                    let per = desc
                        .as_deref()
                        .and_then(|d| d.strip_prefix("per "))
                        .filter(|p| COST_PER.contains(p));
                    let mut notes_text: Vec<String> = option.iter().cloned().collect();
                    if per.is_none()
                        && let Some(d) = desc
                    {
                        notes_text.push(d.clone());
                    }
                    match amount {
                        Some(a) => {
                            let mut c = Mapping::new();
                            set(&mut c, "amount", num(*a));
                            set_opt(&mut c, "per", per);
                            if !notes_text.is_empty() {
                                set(&mut c, "notes", s(&notes_text.join(". ")));
                            }
                            set(&mut m, "cost", Yaml::Mapping(c));
                        }
                        None if !notes_text.is_empty() => {
                            set(&mut m, "cost", s(&notes_text.join(". ")))
                        }
                        None => notes.push("cost not given: add `cost`".into()),
                    }
                }
            }
            None => match &svc.fees {
                Some(f) => set(&mut m, "cost", s(f)),
                None => notes.push("cost not given: add `cost`".into()),
            },
        }
        // Where.
        if !borough && covers.is_empty() {
            for n in &svc.area_names {
                // Foreign data names areas in words: match them to known areas by name.
                let hit = existing
                    .localities
                    .iter()
                    .map(|l| (&l.name, &l.id))
                    .chain(existing.hubs.iter().map(|h| (&h.name, &h.id)))
                    .find(|(name, _)| name.eq_ignore_ascii_case(n));
                match hit {
                    Some((_, id)) => covers.push(id.clone()),
                    None if whole_area
                        .as_deref()
                        .is_some_and(|w| w.eq_ignore_ascii_case(n)) =>
                    {
                        borough = true
                    }
                    None => notes.push(format!("service area \"{n}\" is not an area here")),
                }
            }
        }
        let mut w = Mapping::new();
        if !svc_venues.is_empty() {
            set(&mut w, "venues", list(&svc_venues));
        }
        for (on, k) in [
            (home, "home_visits"),
            (online, "online"),
            (phone, "by_phone"),
        ] {
            if on {
                set(&mut w, k, Yaml::Bool(true));
            }
        }
        if borough {
            set(&mut w, "covers", s("borough"));
        } else if !covers.is_empty() {
            set(&mut w, "covers", list(&covers));
        }
        if w.is_empty() {
            notes.push("no venue, and not online, by phone or home visits: add `where`".into());
        } else {
            set(&mut m, "where", Yaml::Mapping(w));
        }
        // Schedule.
        let mut sessions = Vec::new();
        let mut schedule_notes = Vec::new();
        for sc in &svc.schedules {
            let times = (
                sc.opens.as_deref().and_then(parse_time),
                sc.closes.as_deref().and_then(parse_time),
            );
            let days = sc.byday.as_deref().and_then(parse_byday);
            let (Some(freq), Some((days, week)), (Some(starts), Some(ends))) =
                (sc.freq.as_deref(), days, times)
            else {
                if let Some(d) = sc.description.as_deref().or(sc.notes.as_deref()) {
                    schedule_notes.push(d.to_string());
                }
                continue;
            };
            let mut x = Mapping::new();
            set(&mut x, "days", list(&days));
            set(&mut x, "starts", s(&starts));
            set(&mut x, "ends", s(&ends));
            match (freq, sc.interval.map(|i| i as i64).unwrap_or(1), week) {
                ("WEEKLY", 1, None) => set(&mut x, "frequency", s("weekly")),
                ("WEEKLY", 2, None) => {
                    set(&mut x, "frequency", s("fortnightly"));
                    match sc.dtstart.as_deref().and_then(|d| d.get(..10)) {
                        Some(d) => set(&mut x, "from_date", s(d)),
                        None => notes
                            .push("a fortnightly session has no dtstart: add `from_date`".into()),
                    }
                }
                ("MONTHLY", 1, Some(w)) if (1..=4).contains(&w) || w == -1 => {
                    set(&mut x, "frequency", s("monthly"));
                    let names = ["first", "second", "third", "fourth"];
                    set(
                        &mut x,
                        "week",
                        s(if w == -1 {
                            "last"
                        } else {
                            names[(w - 1) as usize]
                        }),
                    );
                }
                _ => {
                    notes.push(format!(
                        "a schedule ({freq}, every {} , {}) is not weekly, fortnightly or monthly on one week: it went into `schedule_notes`",
                        sc.interval.unwrap_or(1.0),
                        sc.byday.as_deref().unwrap_or("")
                    ));
                    if let Some(d) = &sc.description {
                        schedule_notes.push(d.clone());
                    }
                    continue;
                }
            }
            if sc
                .description
                .as_deref()
                .is_some_and(|d| d.to_lowercase().contains("term time only"))
            {
                set(&mut x, "term_time_only", Yaml::Bool(true));
            }
            if let Some(v) = sc.sal.as_ref().and_then(|id| sal_venue.get(id)) {
                set(&mut x, "venue", s(v));
            }
            set_opt(&mut x, "notes", sc.notes.as_deref());
            sessions.push(Yaml::Mapping(x));
        }
        if !sessions.is_empty() {
            set(&mut m, "schedule", Yaml::Sequence(sessions));
        }
        if !schedule_notes.is_empty() {
            set(&mut m, "schedule_notes", s(&schedule_notes.join(" ")));
        }
        let mut contact = Mapping::new();
        set_opt(&mut contact, "email", svc.email.as_deref());
        set_opt(&mut contact, "website", svc.url.as_deref());
        if !contact.is_empty() {
            set(&mut m, "contact", Yaml::Mapping(contact));
        }
        if !langs.is_empty() {
            set(&mut m, "languages", list(&langs));
        }
        if !svc_access.is_empty() {
            set(&mut m, "accessibility", list(&svc_access));
        }
        if svc.status == "temporarily closed" {
            set(&mut m, "status", s("paused"));
        }
        let reviewed = svc
            .assured
            .as_deref()
            .or(svc.modified.as_deref())
            .and_then(|d| d.get(..10))
            .and_then(|d| d.parse::<Date>().ok());
        let reviewed = match reviewed {
            Some(d) if d <= opts.today => d,
            Some(d) => {
                notes.push(format!(
                    "assured_date {d} is in the future: it now says today"
                ));
                opts.today
            }
            None => {
                notes.push("no assured_date: `reviewed` says today; check the listing".into());
                opts.today
            }
        };
        set(&mut m, "reviewed", s(&reviewed.to_string()));
        oruk_id_line(&mut m, "service", &sid, &svc.id);
        files.push((format!("services/{sid}.md"), file_text(m, &body)));
        out.services += 1;
        if !notes.is_empty() {
            out.notes.push((svc.label.clone(), notes));
        }
    }

    for (id, (name, summary)) in &new_localities {
        let mut m = Mapping::new();
        set(&mut m, "name", s(name));
        set_opt(&mut m, "summary", summary.as_deref());
        files.push((format!("localities/{id}.md"), file_text(m, "")));
    }
    for (id, (name, locality, venue, summary)) in &new_hubs {
        let Some(venue) = venue else {
            out.notes.push((
                format!("family hub \"{name}\""),
                vec!["its building is not among the imported venues, so no hub file was written; venues in it name the hub, so add hubs/{id}.md by hand".into()],
            ));
            continue;
        };
        if !locality_ids.contains(locality)
            && !new_localities.contains_key(locality)
            && let Some(a) = areas.values().find(|a| &a.code == locality)
        {
            let mut m = Mapping::new();
            set(&mut m, "name", s(&a.name));
            set_opt(&mut m, "summary", a.description.as_deref());
            files.push((format!("localities/{locality}.md"), file_text(m, "")));
        }
        let mut m = Mapping::new();
        set(&mut m, "name", s(name));
        set(&mut m, "locality", s(locality));
        set(&mut m, "venue", s(venue));
        set_opt(&mut m, "summary", summary.as_deref());
        files.push((format!("hubs/{id}.md"), file_text(m, "")));
    }
    if let Some(text) = needs_file {
        files.push(("needs.yaml".into(), text));
    }
    if !existing.has_site_file {
        let area = whole_area.unwrap_or_else(|| {
            // The commonest town among the venues.
            let mut count: HashMap<&str, usize> = HashMap::new();
            for s in &services {
                for (_, l) in &s.sals {
                    if let Some(c) = &l.city {
                        *count.entry(c).or_default() += 1;
                    }
                }
            }
            count
                .into_iter()
                .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
                .map(|(c, _)| c.to_string())
                .unwrap_or_else(|| "Our area".into())
        });
        let mut m = Mapping::new();
        set(&mut m, "name", s(&format!("{area} Family Directory")));
        set(&mut m, "area", s(&area));
        let text = format!(
            "# Written by `signpost import`: check the name, and add base_url and contact.\n{}",
            crate::yaml::to_string(&Yaml::Mapping(m))
        );
        files.push(("site.yaml".into(), text));
    }

    // Nothing is written if any file exists (without --force)...
    let exists: Vec<String> = files
        .iter()
        .filter(|(rel, _)| into.join(rel).exists())
        .map(|(rel, _)| rel.clone())
        .collect();
    if !exists.is_empty() && !opts.force {
        return Err(ImportError::Exists(exists));
    }
    // ...and nothing is left half-written: every file goes to a temporary name first.
    write_all(into, &files).map_err(ImportError::Other)?;
    out.written = files.into_iter().map(|(rel, _)| rel).collect();
    Ok(out)
}

fn write_all(into: &Path, files: &[(String, String)]) -> Result<(), String> {
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |temps: &[(PathBuf, PathBuf)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (rel, text) in files {
        let target = into.join(rel);
        let tmp = target.with_extension("signpost-import.tmp");
        let r = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&tmp, text));
        if let Err(e) = r {
            cleanup(&temps);
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("cannot write {}: {e}", target.display()));
        }
        temps.push((tmp, target));
    }
    for (i, (tmp, target)) in temps.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, target) {
            cleanup(&temps[i..]);
            return Err(format!("cannot write {}: {e}", target.display()));
        }
    }
    Ok(())
}
