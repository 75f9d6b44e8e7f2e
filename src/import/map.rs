//! Mapping: typed ORUK records ([`crate::oruk::model`]) become signpost's content files
//! (services, organisations, venues, and the localities, family hubs, needs.yaml and
//! site.yaml they need when the folder lacks them). Every field that is dropped or changed
//! on the way is reported in the record's notes. It reads only what it maps against (the
//! folder imported into, the mapping file) and writes nothing.

use super::error::{ImportError, MappingProblem};
use super::read::{CsvPhones, ServiceRecord, Terms};
use super::report::{Entry, Note, NoteKind};
use super::shapes::{placeholder_text, plain_text};
use crate::content::formats::{check_id, slugify};
use crate::content::language;
use crate::content::load::{self, RawFile};
use crate::content::model::{ACCESS_ROUTES, ACCESSIBILITY, COST_PER, Content, Need};
use crate::export::oruk::{self, HOW_MARKER, WHO_MARKER, WHOLE_AREA};
use crate::oruk::model::{self as model, Attribute, TaxonomyTerm};
use crate::yaml::{Mapping, Value as Yaml};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The content folder imported into: what is already there.
pub struct Target {
    pub existing: Content,
    /// The needs services are mapped to: the folder's own, or the standard taxonomy.
    pub needs: Vec<Need>,
    /// needs.yaml to write, when the folder has none (the standard taxonomy's text).
    pub needs_file: Option<String>,
}

impl Target {
    /// Reads the folder (an absent folder is an empty one).
    pub fn load(into: &Path, today: Date) -> Result<Target, ImportError> {
        let existing: Content = if into.is_dir() {
            let files = load::list_dir(into).map_err(|source| ImportError::ReadFolder {
                path: into.to_path_buf(),
                source,
            })?;
            load::load(files, today).content
        } else {
            Content::default()
        };
        Ok(Target::of(existing, today))
    }

    pub fn of(existing: Content, today: Date) -> Target {
        // Needs: the folder's own needs.yaml, or the standard taxonomy signpost ships.
        let (needs, needs_file) = if existing.has_needs_file {
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
            (load::load(files, today).content.needs, Some(text))
        };
        Target {
            existing,
            needs,
            needs_file,
        }
    }

    pub fn need_ids(&self) -> HashSet<String> {
        self.needs.iter().map(|n| n.id.clone()).collect()
    }
}

/// The content files an import makes, and what it has to say about them.
#[derive(Debug, Default)]
pub struct Mapped {
    /// (path relative to the content folder, text), in the order made.
    pub files: Vec<(String, String)>,
    pub services: usize,
    pub organisations: usize,
    pub venues: usize,
    /// Per service record: the file written for it (or why none was), and what was
    /// defaulted, dropped, changed or needs a person's decision.
    pub entries: Vec<Entry>,
    /// Notes that are about no one record (a family hub whose building is not imported).
    pub other: Vec<String>,
}

/// A record's notes as the mapping makes them.
#[derive(Debug, Default)]
pub struct Notes(pub Vec<Note>);

impl Notes {
    /// Something a person has to decide or add.
    fn push(&mut self, text: impl Into<String>) {
        self.0.push(Note::new(NoteKind::Decide, text));
    }
    /// Something a person has to add to `field` (a mapping file's default settles it).
    fn decide(&mut self, field: &'static str, text: impl Into<String>) {
        self.0.push(Note::on(NoteKind::Decide, field, text));
    }
    fn dropped(&mut self, text: impl Into<String>) {
        self.0.push(Note::new(NoteKind::Dropped, text));
    }
    fn changed(&mut self, text: impl Into<String>) {
        self.0.push(Note::new(NoteKind::Changed, text));
    }
    /// These notes, then `later`'s.
    fn merge(mut self, later: Notes) -> Notes {
        self.0.extend(later.0);
        self
    }
}

// ---------------------------------------------------------------------------------------
// The records as the mapping uses them: terms looked up, an address and a cost picked.

/// A taxonomy term, from an attribute or from the published terms.
#[derive(Debug, Clone)]
struct Term {
    id: Option<String>,
    taxonomy: Option<String>,
    code: Option<String>,
    name: String,
    description: Option<String>,
    parent_id: Option<String>,
}

impl Term {
    fn of(t: &TaxonomyTerm) -> Term {
        Term {
            id: t.id.as_deref().map(str::to_string),
            taxonomy: t.taxonomy.as_deref().map(str::to_string),
            code: t.term.as_deref().or(t.code.as_deref()).map(str::to_string),
            name: t.name.as_deref().unwrap_or_default().to_string(),
            description: t.description.as_deref().map(str::to_string),
            parent_id: t.parent_id.as_deref().map(str::to_string),
        }
    }
}

#[derive(Debug, Clone)]
struct Attr {
    link_type: String,
    term: Term,
}

/// Attributes with their terms: given inside the attribute, or published once and named
/// by id. Ids no published term has are added to `unknown` (once each).
fn attributes(attributes: &[Attribute], terms: &Terms, unknown: &mut Vec<String>) -> Vec<Attr> {
    let mut out = Vec::new();
    for a in attributes {
        let term = match (&a.taxonomy_term, &a.taxonomy_term_id) {
            (Some(t), _) => Term::of(t),
            (None, Some(id)) => match terms.get(&id.to_lowercase()) {
                Some(t) => Term::of(t),
                None => {
                    if !unknown.iter().any(|u| u == id) {
                        unknown.push(id.to_string());
                    }
                    continue;
                }
            },
            (None, None) => continue,
        };
        out.push(Attr {
            link_type: a.link_type.as_deref().unwrap_or_default().to_string(),
            term,
        });
    }
    out
}

/// An Open Referral id for a record: its own when it is a UUID, else a UUID made from the
/// feed's id (numbered records, CSV keys), the same on every import of the feed so that a
/// listing is recognised again.
fn feed_uuid(kind: &str, id: &str) -> String {
    match uuid::Uuid::parse_str(id) {
        Ok(_) => id.to_string(),
        Err(_) => oruk::uid(&format!("import:{kind}:{id}")).to_string(),
    }
}

fn text(t: &Option<std::borrow::Cow<str>>) -> Option<String> {
    t.as_deref().map(str::to_string)
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

impl Location {
    fn of(l: &model::Location, terms: &Terms, unknown: &mut Vec<String>) -> Location {
        // A physical address first: that is where families go.
        let address = l
            .addresses
            .iter()
            .find(|a| a.address_type.as_deref() == Some("physical"))
            .or(l.addresses.first());
        Location {
            id: feed_uuid("location", &text(&l.id).unwrap_or_default()),
            name: text(&l.name),
            description: text(&l.description),
            latitude: l.latitude,
            longitude: l.longitude,
            address_1: address.and_then(|a| text(&a.address_1)),
            city: address.and_then(|a| text(&a.city)),
            state_province: address.and_then(|a| text(&a.state_province)),
            postal_code: address.and_then(|a| text(&a.postal_code)),
            accessibility: l
                .accessibility
                .iter()
                .filter_map(|a| text(&a.description).or_else(|| text(&a.accessibility)))
                .collect(),
            attrs: attributes(&l.attributes, terms, unknown),
        }
    }
}

struct Schedule {
    sal: Option<String>,
    freq: Option<String>,
    interval: Option<f64>,
    byday: Option<String>,
    dtstart: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    opens: Option<String>,
    closes: Option<String>,
    description: Option<String>,
    notes: Option<String>,
}

#[derive(Clone)]
struct Org {
    id: String,
    /// The id as the feed gives it (mapping file defaults may name it).
    feed_id: String,
    name: String,
    description: Option<String>,
    email: Option<String>,
    website: Option<String>,
    charity: Option<String>,
    attrs: Vec<Attr>,
    phones: Vec<String>,
}

impl Org {
    fn of(o: &model::Organization, terms: &Terms, unknown: &mut Vec<String>) -> Org {
        let charity = o.organization_identifiers.iter().find_map(|x| {
            let scheme = x.identifier_scheme.as_deref().unwrap_or_default();
            let kind = x.identifier_type.as_deref().unwrap_or_default();
            let is_charity = scheme.starts_with("GB-CHC")
                || scheme.starts_with("GB-SC")
                || kind.to_lowercase().contains("charity");
            if is_charity {
                text(&x.identifier)
            } else {
                None
            }
        });
        Org {
            id: feed_uuid("organisation", &text(&o.id).unwrap_or_default()),
            feed_id: text(&o.id).unwrap_or_default(),
            name: text(&o.name).unwrap_or_default(),
            description: text(&o.description),
            email: text(&o.email),
            website: text(&o.website),
            charity,
            attrs: attributes(&o.attributes, terms, unknown),
            phones: o.phones.iter().filter_map(|p| text(&p.number)).collect(),
        }
    }
}

/// A service as the mapping reads it.
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
    /// Phone numbers, in the order feeds put them: the service's, its contacts', its
    /// places'.
    phones: Vec<String>,
    /// Contacts' emails, for a service with no email of its own.
    contact_emails: Vec<String>,
    eligibility: Option<String>,
    application: Option<String>,
    alert: Option<String>,
    /// The feed's id for the record, for the report.
    feed_id: String,
    /// What reading the record noted.
    read_notes: Vec<Note>,
}

impl InService {
    fn of(r: ServiceRecord, terms: &Terms, csv_phones: &CsvPhones) -> InService {
        let s = &r.service;
        let number = |p: &model::Phone| text(&p.number);
        let mut phones: Vec<String> = s.phones.iter().filter_map(number).collect();
        phones.extend(
            s.contacts
                .iter()
                .flat_map(|c| c.phones.iter())
                .filter_map(number),
        );
        for sal in &s.service_at_locations {
            if let Some(l) = sal.location.as_deref() {
                phones.extend(l.phones.iter().filter_map(number));
            }
        }
        if let Some(p) =
            s.id.as_deref()
                .and_then(|id| csv_phones.get(&id.to_lowercase()))
        {
            phones.push(p.clone());
        }
        let mut unknown = Vec::new();
        // In the order the attributes were always read: organisation, places, service.
        let org = s
            .organization
            .as_deref()
            .map(|o| Org::of(o, terms, &mut unknown));
        let sals = s
            .service_at_locations
            .iter()
            .filter_map(|sal| {
                let l = sal.location.as_deref()?;
                Some((
                    text(&sal.id).unwrap_or_default(),
                    Location::of(l, terms, &mut unknown),
                ))
            })
            .collect();
        let attrs = attributes(&s.attributes, terms, &mut unknown);
        InService {
            id: feed_uuid("service", &text(&s.id).unwrap_or_default()),
            name: text(&s.name).unwrap_or_default(),
            description: text(&s.description),
            url: text(&s.url),
            email: text(&s.email),
            status: text(&s.status).unwrap_or_default(),
            fees: text(&s.fees),
            min_age: s.minimum_age.map(|n| n.0),
            max_age: s.maximum_age.map(|n| n.0),
            assured: text(&s.assured_date),
            modified: text(&s.last_modified),
            schedules: s
                .schedules
                .iter()
                .map(|x| Schedule {
                    sal: text(&x.service_at_location_id),
                    freq: text(&x.freq),
                    interval: x.interval.map(|n| n.0),
                    byday: text(&x.byday),
                    dtstart: text(&x.dtstart),
                    valid_from: text(&x.valid_from),
                    valid_to: text(&x.valid_to),
                    opens: text(&x.opens_at),
                    closes: text(&x.closes_at),
                    description: text(&x.description),
                    notes: text(&x.notes),
                })
                .collect(),
            area_names: s
                .service_areas
                .iter()
                .filter_map(|a| text(&a.name).or_else(|| text(&a.service_area)))
                .collect(),
            sals,
            org,
            cost: s.cost_options.first().map(|c| {
                (
                    text(&c.option),
                    c.amount.map(|n| n.0),
                    text(&c.amount_description),
                )
            }),
            attrs,
            unknown_terms: unknown,
            phones,
            contact_emails: s.contacts.iter().filter_map(|c| text(&c.email)).collect(),
            eligibility: text(&s.eligibility_description),
            application: text(&s.application_process),
            alert: text(&s.alert),
            feed_id: r.record.id.clone().unwrap_or_default(),
            read_notes: r.notes.clone(),
            label: r.record.to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Mapping taxonomy terms to needs

/// The mapping file (`--mapping`): taxonomy terms to need ids, and defaults for the
/// fields feeds lack.
#[derive(Debug, Default)]
pub struct MappingFile {
    /// Taxonomy terms (by id, code or name, in lower case) to need ids.
    pub needs: HashMap<String, Vec<String>>,
    pub defaults: Defaults,
}

/// Defaults for service fields (and `organisation_type`), for all services, per
/// organisation (by its name or id in the feed) and per taxonomy term (by id, code or
/// name); keys in lower case.
#[derive(Debug, Default)]
pub struct Defaults {
    pub all: Mapping,
    pub organisations: HashMap<String, Mapping>,
    pub terms: HashMap<String, Mapping>,
}

impl Defaults {
    /// The organisation's own defaults, then the defaults for all, each with whose they
    /// are.
    fn for_org(&self, id: &str, name: &str) -> Vec<(&Mapping, String)> {
        let mut out = Vec::new();
        if let Some(m) = self
            .organisations
            .get(&id.to_lowercase())
            .or_else(|| self.organisations.get(&name.to_lowercase()))
        {
            out.push((m, format!("for organisation \"{name}\"")));
        }
        if !self.all.is_empty() {
            out.push((&self.all, "for all services".to_string()));
        }
        out
    }

    fn for_term(&self, t: &Term) -> Option<(&Mapping, String)> {
        [t.id.as_deref(), t.code.as_deref(), Some(t.name.as_str())]
            .into_iter()
            .flatten()
            .find_map(|k| self.terms.get(&k.to_lowercase()))
            .map(|m| (m, format!("for taxonomy term \"{}\"", t.name)))
    }
}

/// The service field a default names, as the schema declares it; `organisation_type` is
/// the organisation's `type`.
fn service_field(name: &str) -> Option<&'static str> {
    crate::content::schema::kind("services")?
        .fields
        .field(name)
        .map(|f| f.name)
}

/// The fields of `where` that say how families get the service (the rest, `covers`, says
/// where they live).
const WHERE_DELIVERY: [&str; 5] = [
    "venues",
    "home_visits",
    "online",
    "by_phone",
    "confidential",
];

/// The names a defaults block may use: the service's fields, and `organisation_type`.
fn default_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = crate::content::schema::kind("services")
        .map(|k| k.fields.names())
        .unwrap_or_default();
    names.retain(|n| *n != "name" && *n != "organisation" && *n != "oruk_id");
    names.push("organisation_type");
    names
}

/// A YAML value in a note: `1`, `[drop-in, self-referral]`.
fn yaml_words(v: &Yaml) -> String {
    match v {
        Yaml::Sequence(items) => format!(
            "[{}]",
            items.iter().map(yaml_words).collect::<Vec<_>>().join(", ")
        ),
        Yaml::Mapping(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", yaml_words(k), yaml_words(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => crate::yaml::to_string(other).trim().to_string(),
    }
}

/// A service's fields in the order the schema declares them (defaults are added last).
fn in_schema_order(mut m: Mapping) -> Mapping {
    let Some(kind) = crate::content::schema::kind("services") else {
        return m;
    };
    let mut out = Mapping::new();
    for name in kind.fields.names() {
        if let Some(v) = m.remove(s(name)) {
            out.insert(s(name), v);
        }
    }
    for (k, v) in m {
        out.insert(k, v);
    }
    out
}

/// The feed's organisation id and name, for its defaults.
fn org_id_feed(svc: &InService) -> (String, String) {
    svc.org
        .as_ref()
        .map(|o| (o.feed_id.clone(), o.name.clone()))
        .unwrap_or_default()
}

/// Reads the mapping file. `needs` are the need ids a default or a term may name.
pub fn read_mapping(
    path: &Path,
    needs: &HashSet<String>,
) -> Result<MappingFile, Vec<MappingProblem>> {
    let path_buf = || path.to_path_buf();
    let text = std::fs::read_to_string(path).map_err(|source| {
        vec![MappingProblem::Unreadable {
            path: path_buf(),
            source,
        }]
    })?;
    let v = crate::yaml::parse(super::shapes::strip_bom(&text)).map_err(|e| {
        vec![MappingProblem::NotYaml {
            path: path_buf(),
            line: e.line,
            column: e.column,
            message: e.message,
        }]
    })?;
    let terms = v.get("needs").and_then(Yaml::as_mapping);
    let defaults = v.get("defaults");
    if terms.is_none() && defaults.is_none() {
        return Err(vec![MappingProblem::NoNeeds { path: path_buf() }]);
    }
    let mut out = MappingFile::default();
    let mut errs = Vec::new();
    for (k, v) in terms.into_iter().flatten() {
        let key = match k {
            Yaml::String(s) => s.clone(),
            Yaml::Number(n) => n.to_string(),
            _ => {
                errs.push(MappingProblem::KeyNotText { path: path_buf() });
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
                errs.push(MappingProblem::NotNeedIds {
                    path: path_buf(),
                    key,
                });
                continue;
            }
        };
        for id in &ids {
            if !needs.contains(id) {
                errs.push(MappingProblem::UnknownNeed {
                    path: path_buf(),
                    key: key.clone(),
                    need: id.clone(),
                });
            }
        }
        out.needs.insert(key.to_lowercase(), ids);
    }
    if let Some(d) = defaults {
        let Some(d) = d.as_mapping() else {
            errs.push(MappingProblem::DefaultsNotMap {
                path: path_buf(),
                at: "defaults".into(),
            });
            return Err(errs);
        };
        let block = |at: String, m: &Yaml, errs: &mut Vec<MappingProblem>| -> Mapping {
            let Some(m) = m.as_mapping() else {
                errs.push(MappingProblem::DefaultsNotMap {
                    path: path_buf(),
                    at,
                });
                return Mapping::new();
            };
            for (k, v) in m {
                let k = k.as_str().unwrap_or_default();
                if !default_names().contains(&k) {
                    errs.push(MappingProblem::NotAField {
                        path: path_buf(),
                        at: at.clone(),
                        key: k.to_string(),
                        names: default_names().join(", "),
                    });
                    continue;
                }
                let allowed: Vec<String> = match k {
                    "needs" => needs.iter().cloned().collect(),
                    "organisation_type" => crate::content::model::ORG_TYPES
                        .iter()
                        .map(|c| c.to_string())
                        .collect(),
                    _ => service_field(k)
                        .and_then(|f| crate::content::schema::kind("services")?.fields.field(f))
                        .map(|f| f.codes().iter().map(|c| c.to_string()).collect())
                        .unwrap_or_default(),
                };
                if allowed.is_empty() {
                    continue;
                }
                let values: Vec<String> = match v {
                    Yaml::Sequence(items) => items.iter().map(yaml_words).collect(),
                    other => vec![yaml_words(other)],
                };
                for value in values {
                    if !allowed.contains(&value) {
                        let mut allowed = allowed.clone();
                        allowed.sort();
                        errs.push(MappingProblem::NotAValue {
                            path: path_buf(),
                            at: format!("{at}.{k}"),
                            value,
                            allowed: allowed.join(", "),
                        });
                    }
                }
            }
            m.clone()
        };
        for (k, v) in d {
            match k.as_str().unwrap_or_default() {
                "all" => out.defaults.all = block("defaults.all".into(), v, &mut errs),
                which @ ("organisations" | "terms") => {
                    let Some(each) = v.as_mapping() else {
                        errs.push(MappingProblem::DefaultsNotMap {
                            path: path_buf(),
                            at: format!("defaults.{which}"),
                        });
                        continue;
                    };
                    for (name, m) in each {
                        let name = yaml_words(name).trim_matches('"').to_string();
                        let b = block(format!("defaults.{which}.{name}"), m, &mut errs);
                        let target = if which == "terms" {
                            &mut out.defaults.terms
                        } else {
                            &mut out.defaults.organisations
                        };
                        target.insert(name.to_lowercase(), b);
                    }
                }
                other => errs.push(MappingProblem::NotAField {
                    path: path_buf(),
                    at: "defaults".into(),
                    key: other.to_string(),
                    names: "all, organisations, terms".into(),
                }),
            }
        }
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

/// The service's phone, email and website; what cannot be published is left out with a
/// note (a number that is not a UK phone, an address that is not an email).
fn contact(
    phones: &[String],
    email: Option<&String>,
    website: Option<&str>,
    notes: &mut Notes,
) -> Mapping {
    use crate::content::formats::{check_email, check_uk_phone, check_url};
    let mut c = Mapping::new();
    let mut chosen: Option<&str> = None;
    for p in phones {
        if placeholder_text(p) {
            continue;
        }
        match (check_uk_phone(p), chosen) {
            (Ok(()), None) => chosen = Some(p),
            (Ok(()), Some(first)) if digits(first) != digits(p) => notes.dropped(format!(
                "phone {p}: a listing shows one phone number, and {first} came first"
            )),
            (Ok(()), Some(_)) => {}
            (Err(why), _) => notes.dropped(format!("phone \"{p}\" left out: {why}")),
        }
    }
    set_opt(&mut c, "phone", chosen);
    if let Some(e) = email {
        match check_email(e) {
            Ok(()) => set(&mut c, "email", s(e)),
            Err(why) => notes.dropped(format!("email \"{e}\" left out: {why}")),
        }
    }
    if let Some(w) = website {
        let w = if w.starts_with("www.") {
            format!("https://{w}")
        } else {
            w.to_string()
        };
        match check_url(&w) {
            Ok(()) => set(&mut c, "website", s(&w)),
            Err(why) => notes.dropped(format!("website \"{w}\" left out: {why}")),
        }
    }
    c
}

fn digits(p: &str) -> String {
    p.chars().filter(char::is_ascii_digit).collect()
}

/// An organisation's description as summary (plain text) and body (markdown).
fn summary_and_body(text: &str) -> (String, String) {
    let (summary, body) = first_paragraph(text);
    (plain_text(&summary), body)
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

/// Splits "summary\n\nbody" at the first blank line. Headings before the first
/// paragraph (an HTML description's "About us") are not a summary: they are left out.
fn first_paragraph(text: &str) -> (String, String) {
    let mut rest = text.trim();
    while rest.starts_with('#') {
        match rest.split_once("\n\n") {
            Some((_, b)) => rest = b.trim_start(),
            None => break,
        }
    }
    match rest.split_once("\n\n") {
        Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
        None => (rest.trim().to_string(), String::new()),
    }
}

// --- localoffer: the SEND Local Offer from signpost's own open data

/// Takes the Local Offer answers off the end of a service description (each a paragraph
/// starting with `oruk::LOCAL_OFFER_MARKER`, its question, a line break and the answer):
/// the rest, and (question, answer) pairs in order.
fn split_local_offer(text: &str) -> (String, Vec<(String, String)>) {
    let marker = oruk::LOCAL_OFFER_MARKER;
    let mut rest = text.trim().to_string();
    let mut out = Vec::new();
    loop {
        let (at, skip) = match rest.rfind(&format!("\n\n{marker}")) {
            Some(at) => (at, 2),
            None if rest.starts_with(marker) => (0, 0),
            None => break,
        };
        let tail = rest[at + skip + marker.len()..].to_string();
        rest.truncate(at);
        let (q, a) = tail.split_once('\n').unwrap_or((&tail, ""));
        out.push((q.trim().to_string(), a.trim().to_string()));
    }
    out.reverse();
    (rest, out)
}

impl Mapper<'_> {
    /// A service's `local_offer` block from its attributes (SEND needs, sections, answered
    /// questions) and the answers taken off its description.
    fn local_offer(
        &mut self,
        svc: &InService,
        answers: Vec<(String, String)>,
        notes: &mut Notes,
    ) -> Option<Mapping> {
        use crate::content::local_offer::{QUESTIONS, SECTIONS, SEND_NEEDS, name};
        let settings = self
            .target
            .existing
            .site
            .as_ref()
            .map(|s| s.local_offer.clone())
            .unwrap_or_default();
        let new_site = !self.target.existing.has_site_file;
        let mut needs = Vec::new();
        let mut sections = Vec::new();
        let mut questions: Vec<(String, String)> = Vec::new();
        for a in &svc.attrs {
            let t = &a.term;
            let Some(code) = t
                .code
                .as_deref()
                .filter(|c| crate::content::formats::check_id(c).is_ok())
            else {
                continue;
            };
            match t.taxonomy.as_deref().unwrap_or("") {
                "signpost:send-needs" => {
                    if !SEND_NEEDS.contains(&code) && !settings.need_codes().contains(&code) {
                        if new_site {
                            self.new_send_needs.insert(code.into(), t.name.clone());
                        } else {
                            notes.decide("local_offer", format!(
                                "SEND need `{code}` (\"{}\") is not one of this site's: add it to site.yaml's `send_needs`, or remove it",
                                t.name
                            ));
                        }
                    }
                    needs.push(code.to_string());
                }
                "signpost:local-offer-sections" if SECTIONS.contains(&code) => {
                    sections.push(code.to_string())
                }
                "signpost:local-offer-sections" => {
                    notes.dropped(format!("Local Offer section \"{}\" is not known", t.name))
                }
                "signpost:local-offer-questions" => {
                    let reworded = QUESTIONS.contains(&code)
                        && name("send.questions", code) != t.name
                        && settings.questions.iter().all(|q| q.id != code);
                    let added =
                        !QUESTIONS.contains(&code) && !settings.question_codes().contains(&code);
                    if (reworded || added) && new_site {
                        self.new_questions.insert(code.into(), t.name.clone());
                    } else if added {
                        notes.decide("local_offer", format!(
                            "Local Offer question `{code}` (\"{}\") is not one of this site's: add it to site.yaml's `local_offer_questions`",
                            t.name
                        ));
                    }
                    questions.push((t.name.clone(), code.to_string()));
                }
                _ => {}
            }
        }
        let mut list = Vec::new();
        for (q, answer) in answers {
            match questions.iter().find(|(name, _)| {
                name.split_whitespace().eq(q.split_whitespace())
            }) {
                Some((_, code)) if !answer.is_empty() => {
                    let mut m = Mapping::new();
                    set(&mut m, "question", s(code));
                    set(&mut m, "answer", s(&answer));
                    list.push(Yaml::Mapping(m));
                }
                _ => notes.dropped(format!(
                    "the Local Offer answer to \"{q}\": no attribute names the question, or the answer is empty"
                )),
            }
        }
        if needs.is_empty() && sections.is_empty() && list.is_empty() {
            return None;
        }
        let mut m = Mapping::new();
        if !needs.is_empty() {
            set(&mut m, "send_needs", self::list(&needs));
        }
        if !sections.is_empty() {
            set(&mut m, "sections", self::list(&sections));
        }
        if !list.is_empty() {
            set(&mut m, "answers", Yaml::Sequence(list));
        }
        Some(m)
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
    (plain_text(&summary), body, who, how)
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
/// Maps the services read (services left out on purpose are listed in `skipped`) into
/// content files for `target`. `mapping` is the mapping file's terms to need ids.
pub fn map(
    records: Vec<ServiceRecord>,
    terms: &Terms,
    target: &Target,
    mapping: MappingFile,
    csv_phones: &CsvPhones,
    today: Date,
) -> Mapped {
    let mut services: Vec<InService> = records
        .into_iter()
        .map(|r| InService::of(r, terms, csv_phones))
        .collect();
    let mut mapper = Mapper::new(&services, target, mapping, today);
    services.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    for svc in &services {
        mapper.service(svc);
    }
    mapper.finish(&services)
}

/// A planned family hub: name, locality, the venue that is its building, summary.
type PlannedHub = (String, String, Option<String>, Option<String>);

/// The mapping's state across services: ids given out, listings already planned, and the
/// files made so far.
struct Mapper<'t> {
    target: &'t Target,
    defaults: Defaults,
    needs: Needs,
    today: Date,
    /// Areas (localities and hubs) named by signpost's area terms, keyed by term id.
    areas: HashMap<String, Area>,
    /// Hubs whose building is among the imported places: only those can get a hub file.
    hubs_with_building: HashSet<String>,
    locality_ids: HashSet<String>,
    hub_ids: HashSet<String>,
    whole_area: Option<String>,
    org_ids: Ids,
    venue_ids: Ids,
    service_ids: Ids,
    /// Listings already in the folder, by their Open Referral id: a re-import updates them.
    known_org: HashMap<String, String>,
    known_venue: HashMap<String, String>,
    known_service: HashMap<String, String>,
    /// Localities to write: from area terms, else made from the town of a venue's address.
    new_localities: BTreeMap<String, (String, Option<String>)>,
    new_hubs: BTreeMap<String, PlannedHub>,
    /// Organisation types the feed uses beyond the built-in ones (code to name), for the
    /// site.yaml written with an import into an empty folder.
    new_org_types: BTreeMap<String, String>,
    /// localoffer: SEND needs and Local Offer questions the feed names beyond the built-in
    /// ones (code to name), for the same site.yaml.
    new_send_needs: BTreeMap<String, String>,
    new_questions: BTreeMap<String, String>,
    /// Open Referral ids to the ids given here.
    venue_map: HashMap<String, String>,
    org_map: HashMap<String, String>,
    planned_orgs: HashSet<String>,
    files: Vec<(String, String)>,
    out: Mapped,
}

/// A service's attributes, sorted into the fields they fill.
struct ServiceTerms {
    need_list: Vec<String>,
    level: Option<u8>,
    access: Vec<String>,
    home: bool,
    online: bool,
    phone: bool,
    /// A place kept private (signpost's own delivery term).
    confidential: bool,
    langs: Vec<String>,
    svc_access: Vec<String>,
    pregnancy: bool,
    send_to: Option<i32>,
    covers: Vec<String>,
    borough: bool,
    /// holidays: `audience` and `only_for`, from signpost's own terms.
    audience: Vec<String>,
    only_for: Vec<String>,
}

/// `oruk_id:`, when the listing's id does not already give its Open Referral id.
fn oruk_id_line(m: &mut Mapping, kind: &str, id: &str, uuid: &str) {
    if oruk::uid(&format!("{kind}:{id}")).to_string() != uuid.to_lowercase() {
        set(m, "oruk_id", s(uuid));
    }
}

impl<'t> Mapper<'t> {
    fn new(
        services: &[InService],
        target: &'t Target,
        mapping: MappingFile,
        today: Date,
    ) -> Mapper<'t> {
        let MappingFile {
            needs: mapping,
            defaults,
        } = mapping;
        let existing = &target.existing;
        let mut names = HashMap::new();
        for n in &target.needs {
            for k in std::iter::once(&n.label).chain(n.synonyms.iter()) {
                names.entry(k.to_lowercase()).or_insert(n.id.clone());
            }
        }
        let needs = Needs {
            ids: target.need_ids(),
            names,
            mapping,
        };
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
        for svc in services {
            for a in &svc.attrs {
                note_area(&a.term);
            }
            for (_, l) in &svc.sals {
                for a in &l.attrs {
                    note_area(&a.term);
                }
            }
        }
        let hubs_with_building: HashSet<String> = services
            .iter()
            .flat_map(|s| s.sals.iter())
            .flat_map(|(_, l)| l.attrs.iter())
            .filter(|a| a.link_type == "family_hub_building")
            .filter_map(|a| a.term.code.clone())
            .collect();
        let locality_ids: HashSet<String> =
            existing.localities.iter().map(|l| l.id.clone()).collect();
        let hub_ids: HashSet<String> = existing.hubs.iter().map(|h| h.id.clone()).collect();
        // The whole area: from signpost's area terms, else the folder's site.yaml, else
        // (for a new folder) the commonest town among the places, as site.yaml will say.
        let whole_area = areas
            .values()
            .find(|a| a.code == WHOLE_AREA && a.parent.is_none())
            .map(|a| a.name.clone())
            .or_else(|| existing.site.as_ref().map(|s| s.area.clone()))
            .or_else(|| {
                if existing.has_site_file {
                    return None;
                }
                let mut count: HashMap<&str, usize> = HashMap::new();
                for svc in services {
                    for (_, l) in &svc.sals {
                        if let Some(c) = &l.city {
                            *count.entry(c).or_default() += 1;
                        }
                    }
                }
                count
                    .into_iter()
                    .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
                    .map(|(c, _)| c.to_string())
            });

        let org_ids = Ids {
            taken: existing
                .organisations
                .iter()
                .map(|o| o.id.clone())
                .collect(),
        };
        let venue_ids = Ids {
            taken: existing.venues.iter().map(|v| v.id.clone()).collect(),
        };
        let service_ids = Ids {
            taken: existing.services.iter().map(|s| s.id.clone()).collect(),
        };
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
        Mapper {
            target,
            defaults,
            needs,
            today,
            areas,
            hubs_with_building,
            locality_ids,
            hub_ids,
            whole_area,
            org_ids,
            venue_ids,
            service_ids,
            known_org,
            known_venue,
            known_service,
            new_localities: BTreeMap::new(),
            new_hubs: BTreeMap::new(),
            new_org_types: BTreeMap::new(),
            new_send_needs: BTreeMap::new(),
            new_questions: BTreeMap::new(),
            venue_map: HashMap::new(),
            org_map: HashMap::new(),
            planned_orgs: HashSet::new(),
            files: Vec::new(),
            out: Mapped::default(),
        }
    }

    /// The code of an area's parent (a hub's locality).
    fn parent_code(&self, a: &Area) -> Option<String> {
        let p = a.parent.as_ref()?;
        self.areas.get(p).map(|x| x.code.clone())
    }

    /// The organisation's id here; its file the first time it is named.
    fn organisation(&mut self, org: &Org, notes: &mut Notes) -> String {
        let org_id = match self.org_map.get(&org.id) {
            Some(id) => id.clone(),
            None => {
                let id = self
                    .known_org
                    .get(&org.id.to_lowercase())
                    .cloned()
                    .unwrap_or_else(|| self.org_ids.fresh(&org.name, "organisation"));
                self.org_map.insert(org.id.clone(), id.clone());
                id
            }
        };
        if self.planned_orgs.insert(org_id.clone()) {
            let mut m = Mapping::new();
            set(&mut m, "name", s(&org.name));
            let term = org.attrs.iter().find_map(|a| {
                (a.term.taxonomy.as_deref() == Some("signpost:organisation-types"))
                    .then(|| Some((a.term.code.clone()?, a.term.name.clone())))
                    .flatten()
                    .filter(|(c, _)| crate::content::formats::check_id(c).is_ok())
            });
            // A type a site added (signpost's own open data carries its name): kept when
            // the folder's site.yaml has it or a new site.yaml will; otherwise a decision.
            let declared = |c: &str| {
                crate::content::model::ORG_TYPES.contains(&c)
                    || self
                        .target
                        .existing
                        .site
                        .as_ref()
                        .is_some_and(|s| s.org_type_name(c).is_some())
            };
            let kind = match term {
                Some((c, _)) if declared(&c) => Some(c),
                Some((c, name)) if !self.target.existing.has_site_file => {
                    self.new_org_types.insert(c.clone(), name);
                    Some(c)
                }
                Some((c, name)) => {
                    notes.decide("organisation_type", format!(
                        "organisation \"{}\": type `{c}` (\"{name}\") is not one of this site's organisation types: add it to site.yaml's `organisation_types`, or change the type",
                        org.name
                    ));
                    Some(c)
                }
                None => None,
            };
            let default = self
                .defaults
                .for_org(&org.feed_id, &org.name)
                .into_iter()
                .find_map(|(d, whose)| Some((d.get("organisation_type")?.clone(), whose)));
            match (kind, default) {
                (Some(k), _) => set(&mut m, "type", s(&k)),
                (None, Some((k, whose))) => {
                    notes.0.push(Note::on(
                        NoteKind::Defaulted,
                        "organisation_type",
                        format!(
                            "organisation \"{}\": type {} (from the mapping file's defaults {whose})",
                            org.name,
                            yaml_words(&k)
                        ),
                    ));
                    set(&mut m, "type", k);
                }
                (None, None) => notes.decide("organisation_type", format!(
                    "organisation \"{}\": no type given; add `type:` ({}, or one site.yaml adds)",
                    org.name,
                    crate::content::model::ORG_TYPES.join(", ")
                )),
            }
            let (summary, body) = org
                .description
                .as_deref()
                .filter(|d| *d != org.name)
                .map(summary_and_body)
                .unwrap_or_default();
            set_opt(&mut m, "summary", Some(&summary));
            let contact = contact(
                &org.phones,
                org.email.as_ref(),
                org.website.as_deref(),
                notes,
            );
            if !contact.is_empty() {
                set(&mut m, "contact", Yaml::Mapping(contact));
            }
            set_opt(&mut m, "charity_number", org.charity.as_deref());
            oruk_id_line(&mut m, "organisation", &org_id, &org.id);
            self.files
                .push((format!("organisations/{org_id}.md"), file_text(m, &body)));
            self.out.organisations += 1;
        }
        org_id
    }

    /// A new venue: its id here, and its file.
    fn venue(&mut self, loc: &Location, notes: &mut Notes) -> String {
        let name = loc.name.clone().unwrap_or_default();
        let id = self
            .known_venue
            .get(&loc.id.to_lowercase())
            .cloned()
            .unwrap_or_else(|| self.venue_ids.fresh(&name, "venue"));
        self.venue_map.insert(loc.id.clone(), id.clone());
        let mut m = Mapping::new();
        if name.is_empty() {
            notes.push(format!("venue {id}: no name given"));
        }
        set_opt(&mut m, "name", Some(&name));
        let mut a = Mapping::new();
        let (line1, line2) = match loc.address_1.as_deref().map(|l| l.split_once(", ")) {
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
            .and_then(|x| {
                self.areas.get(&oruk::term_id(
                    "signpost:areas",
                    x.term.code.as_deref().unwrap_or(""),
                ))
            })
            .map(|a| {
                if !self.locality_ids.contains(&a.code) {
                    self.new_localities
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
                if !self.locality_ids.contains(&code) {
                    self.new_localities
                        .entry(code.clone())
                        .or_insert((town, None));
                    notes.changed(format!(
                        "venue {id}: no locality given; put it in `{code}` (from the town)"
                    ));
                }
                Some(code)
            });
        set_opt(&mut m, "locality", locality.as_deref());
        if let Some(hub) = loc
            .attrs
            .iter()
            .find(|x| x.link_type == "family_hub" || x.link_type == "family_hub_building")
            && let Some(a) = self.areas.get(&oruk::term_id(
                "signpost:areas",
                hub.term.code.as_deref().unwrap_or(""),
            ))
        {
            let building = hub.link_type == "family_hub_building";
            if self.hub_ids.contains(&a.code) {
                set(&mut m, "hub", s(&a.code));
            } else if let Some(loc_code) = self.parent_code(a) {
                let e = self.new_hubs.entry(a.code.clone()).or_insert((
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
            // A feed names a feature by its code or by the name signpost gives it.
            match ACCESSIBILITY.iter().find(|c| {
                c.eq_ignore_ascii_case(d)
                    || crate::content::model::accessibility_label(c).eq_ignore_ascii_case(d)
            }) {
                Some(c) => access.push(c.to_string()),
                None => notes.dropped(format!(
                    "venue {id}: accessibility \"{d}\" is not one signpost lists; add it to the venue's description"
                )),
            }
        }
        if !access.is_empty() {
            set(&mut m, "accessibility", list(&access));
        }
        oruk_id_line(&mut m, "venue", &id, &loc.id);
        self.files.push((
            format!("venues/{id}.md"),
            file_text(m, loc.description.as_deref().unwrap_or("")),
        ));
        self.out.venues += 1;
        id
    }

    /// One service: its file, and the files of the organisation and venues it names.
    fn service(&mut self, svc: &InService) {
        let mut notes = Notes::default();
        if svc.status == "inactive" || svc.status == "defunct" {
            self.out.entries.push(Entry {
                record: svc.label.clone(),
                id: svc.feed_id.clone(),
                file: None,
                left_out: vec![format!("status is {}, so it was not imported", svc.status)],
                notes: svc.read_notes.clone(),
            });
            return;
        }
        // --- childcare: providers are not services; they live in childcare/ and come
        // from Ofsted's file, so they are reported, not turned into service listings.
        if let Some(kind) = svc.attrs.iter().find_map(|a| {
            (a.term.taxonomy.as_deref() == Some("signpost:childcare-types"))
                .then(|| a.term.code.clone().unwrap_or_default())
        }) {
            self.out.entries.push(Entry {
                record: svc.label.clone(),
                id: svc.feed_id.clone(),
                file: None,
                left_out: vec![format!(
                    "a childcare provider ({kind}), not a service: childcare providers are kept in childcare/ and come from Ofsted's file (`signpost import ofsted`), so it was not imported"
                )],
                notes: svc.read_notes.clone(),
            });
            return;
        }
        for id in &svc.unknown_terms {
            notes.dropped(format!(
                    "taxonomy term {id} is not in a taxonomy_terms.json given or beside the file, so it was left out; name that file too"
                ));
        }
        // Organisation.
        let Some(org) = &svc.org else { return };
        let org_id = self.organisation(org, &mut notes);

        // Venues.
        let mut svc_venues: Vec<String> = Vec::new();
        let mut sal_venue: HashMap<String, String> = HashMap::new();
        for (sal_id, loc) in &svc.sals {
            let vid = match self.venue_map.get(&loc.id) {
                Some(v) => v.clone(),
                None => self.venue(loc, &mut notes),
            };
            if !svc_venues.contains(&vid) {
                svc_venues.push(vid.clone());
            }
            sal_venue.insert(sal_id.clone(), vid);
        }

        // The service.
        let sid = self
            .known_service
            .get(&svc.id.to_lowercase())
            .cloned()
            .unwrap_or_else(|| self.service_ids.fresh(&svc.name, "service"));
        let mut m = Mapping::new();
        set(&mut m, "name", s(&svc.name));
        set(&mut m, "organisation", s(&org_id));
        let mut notes = Notes(svc.read_notes.clone()).merge(notes);
        let (description, lo_answers) = split_local_offer(svc.description.as_deref().unwrap_or(""));
        let (summary, body, who, how) = split_description(&description);
        let who = who.or_else(|| svc.eligibility.as_deref().map(plain_text));
        let how = how.or_else(|| svc.application.as_deref().map(plain_text));
        let body = match &svc.alert {
            Some(a) => {
                notes.changed(format!(
                    "alert \"{}\" is shown as a notice at the top of the description",
                    plain_text(a)
                ));
                format!("**Notice:** {}\n\n{body}", plain_text(a))
            }
            None => body,
        };
        if summary.is_empty() {
            notes.decide("summary", "no description: add a one-sentence `summary`");
        }
        set_opt(&mut m, "summary", Some(&summary));

        let ServiceTerms {
            need_list,
            level,
            access,
            home,
            online,
            phone,
            confidential,
            langs,
            svc_access,
            pregnancy,
            send_to,
            mut covers,
            mut borough,
            audience,
            only_for,
        } = self.service_terms(svc, &mut notes);
        if need_list.is_empty() {
            notes.decide("needs", "no needs: add at least one to `needs`");
        } else {
            set(&mut m, "needs", list(&need_list));
        }
        // Ages.
        ages(svc, pregnancy, send_to, &mut m, &mut notes);
        // holidays: who it is for, as signpost exported it (after `ages`, which names adults
        // from the ages alone).
        if !audience.is_empty() {
            set(&mut m, "audience", list(&audience));
        }
        if !only_for.is_empty() {
            set(&mut m, "only_for", list(&only_for));
        }
        set_opt(&mut m, "eligibility", who.as_deref());
        match level {
            Some(l) => set(&mut m, "level", Yaml::Number(l.into())),
            None => notes.decide("level", "no level of need: add `level` (1 to 4)"),
        }
        if access.is_empty() {
            notes.decide("access", "no way to get the service: add `access`");
        } else {
            set(&mut m, "access", list(&access));
        }
        match &how {
            Some(h) => set(&mut m, "how_to_access", s(h)),
            None => notes.decide("how_to_access", "no instructions: add `how_to_access`"),
        }
        // Cost.
        cost(svc, &mut m, &mut notes);
        // Where.
        if !borough && covers.is_empty() {
            for n in &svc.area_names {
                // Foreign data names self.areas in words: match them to known self.areas by name.
                let hit = self
                    .target
                    .existing
                    .localities
                    .iter()
                    .map(|l| (&l.name, &l.id))
                    .chain(self.target.existing.hubs.iter().map(|h| (&h.name, &h.id)))
                    .find(|(name, _)| name.eq_ignore_ascii_case(n));
                match hit {
                    Some((_, id)) => covers.push(id.clone()),
                    None if self
                        .whole_area
                        .as_deref()
                        .is_some_and(|w| w.eq_ignore_ascii_case(n)) =>
                    {
                        borough = true
                    }
                    None => notes.dropped(format!("service area \"{n}\" is not an area here")),
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
            (confidential, "confidential"),
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
        if !WHERE_DELIVERY.iter().any(|d| w.contains_key(s(d))) {
            notes.decide(
                "where",
                "no venue, and not online, by phone or home visits: add `where`",
            );
        }
        if !w.is_empty() {
            set(&mut m, "where", Yaml::Mapping(w));
        }
        // Schedule.
        schedule(svc, &sal_venue, &mut m, &mut notes);
        let email = svc.email.iter().chain(&svc.contact_emails).next();
        let contact = contact(&svc.phones, email, svc.url.as_deref(), &mut notes);
        let org_contact = svc
            .org
            .as_ref()
            .is_some_and(|o| o.email.is_some() || o.website.is_some() || !o.phones.is_empty());
        if !contact.is_empty() {
            set(&mut m, "contact", Yaml::Mapping(contact));
        } else if !org_contact {
            notes.decide(
                "contact",
                "no phone, email or website for the service or its organisation: add `contact`",
            );
        }
        if !langs.is_empty() {
            set(&mut m, "languages", list(&langs));
        }
        if !svc_access.is_empty() {
            set(&mut m, "accessibility", list(&svc_access));
        }
        if let Some(lo) = self.local_offer(svc, lo_answers, &mut notes) {
            set(&mut m, "local_offer", Yaml::Mapping(lo));
        }
        if svc.status == "temporarily closed" {
            set(&mut m, "status", s("paused"));
        }
        self.apply_defaults(svc, &org_id_feed(svc), &mut m, &mut notes);
        let reviewed = svc
            .assured
            .as_deref()
            .or(svc.modified.as_deref())
            .and_then(|d| d.get(..10))
            .and_then(|d| d.parse::<Date>().ok());
        let reviewed = match reviewed {
            Some(d) if d <= self.today => d,
            Some(d) => {
                notes.changed(format!(
                    "assured_date {d} is in the future: it now says today"
                ));
                self.today
            }
            None => {
                notes.push("no assured_date: `reviewed` says today; check the listing");
                self.today
            }
        };
        set(&mut m, "reviewed", s(&reviewed.to_string()));
        oruk_id_line(&mut m, "service", &sid, &svc.id);
        let file = format!("services/{sid}.md");
        self.files
            .push((file.clone(), file_text(in_schema_order(m), &body)));
        self.out.services += 1;
        self.out.entries.push(Entry {
            record: svc.label.clone(),
            id: svc.feed_id.clone(),
            file: Some(file),
            left_out: Vec::new(),
            notes: notes.0,
        });
    }

    /// Fields the feed left empty, from the mapping file's defaults: for the service's
    /// taxonomy terms first, then its organisation, then all. A default settles the
    /// points to decide about its field.
    fn apply_defaults(
        &self,
        svc: &InService,
        org: &(String, String),
        m: &mut Mapping,
        notes: &mut Notes,
    ) {
        let mut layers: Vec<(&Mapping, String)> = Vec::new();
        for a in &svc.attrs {
            if let Some(d) = self.defaults.for_term(&a.term) {
                layers.push(d);
            }
        }
        layers.extend(self.defaults.for_org(&org.0, &org.1));
        for (layer, whose) in layers {
            for (k, v) in layer {
                let Some(k) = k.as_str() else { continue };
                let Some(field) = service_field(k) else {
                    continue;
                };
                // `where` with only the areas covered says nothing of how families get
                // there: the default's venues or delivery are added to it.
                if field == "where"
                    && let (Some(Yaml::Mapping(have)), Yaml::Mapping(add)) =
                        (m.get_mut(s(field)), v)
                    && !WHERE_DELIVERY.iter().any(|d| have.contains_key(s(d)))
                {
                    for (dk, dv) in add {
                        if !have.contains_key(dk) {
                            have.insert(dk.clone(), dv.clone());
                        }
                    }
                } else if m.contains_key(s(field)) {
                    continue;
                } else {
                    set(m, field, v.clone());
                }
                notes
                    .0
                    .retain(|n| !(n.kind == NoteKind::Decide && n.field == Some(field)));
                notes.0.push(Note::on(
                    NoteKind::Defaulted,
                    field,
                    format!(
                        "{field}: {} (from the mapping file's defaults {whose})",
                        yaml_words(v)
                    ),
                ));
            }
        }
    }

    /// What the service's attributes say: needs (through [`Needs::map`]), level, access
    /// routes, delivery, languages, accessibility, age conditions and areas covered.
    fn service_terms(&self, svc: &InService, notes: &mut Notes) -> ServiceTerms {
        let mut need_list: Vec<String> = Vec::new();
        let mut level = None;
        let mut access = Vec::new();
        let (mut home, mut online, mut phone) = (false, false, false);
        let mut langs = Vec::new();
        let mut svc_access = Vec::new();
        let mut audience = Vec::new();
        let mut only_for = Vec::new();
        let mut pregnancy = false;
        let mut send_to = None;
        let mut confidential = false;
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
                    "confidential" => confidential = true,
                    _ => notes.dropped(format!("delivery \"{}\" is not known", t.name)),
                },
                "signpost:languages" if language::canonical(code).is_some() => {
                    langs.extend(language::canonical(code));
                }
                "signpost:accessibility" if ACCESSIBILITY.contains(&code) => svc_access.push(code.to_string()),
                "signpost:audience" if crate::content::model::AUDIENCES.contains(&code) => audience.push(code.to_string()),
                "signpost:only-for" if crate::content::model::GROUPS.contains(&code) => only_for.push(code.to_string()),
                "signpost:eligibility" if code == "pregnancy" => pregnancy = true,
                // localoffer: read by `local_offer`.
                "signpost:send-needs"
                | "signpost:local-offer-sections"
                | "signpost:local-offer-questions" => {}
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
                    } else if self.locality_ids.contains(code)
                        || self.hub_ids.contains(code)
                        || self.new_localities.contains_key(code)
                        || self.hubs_with_building.contains(code)
                    {
                        covers.push(code.to_string());
                    } else if let Some(p) = self.areas
                        .get(&oruk::term_id("signpost:areas", code))
                        .and_then(|a| self.parent_code(a))
                    {
                        // A hub with no venue here: cover its locality instead.
                        notes.changed(format!(
                            "covers the area of \"{}\", which has no venue here; it now covers `{p}`",
                            t.name
                        ));
                        if !covers.contains(&p) {
                            covers.push(p);
                        }
                    }
                }
                _ => match self.needs.map(t) {
                    Some(ids) => {
                        for id in ids {
                            if !need_list.contains(&id) {
                                need_list.push(id);
                            }
                        }
                    }
                    None => notes.dropped(format!(
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
        ServiceTerms {
            need_list,
            level,
            access,
            home,
            online,
            phone,
            confidential,
            langs,
            svc_access,
            pregnancy,
            send_to,
            covers,
            borough,
            audience,
            only_for,
        }
    }

    /// The localities, hubs, needs.yaml and site.yaml the services need.
    fn finish(mut self, services: &[InService]) -> Mapped {
        for (id, (name, summary)) in &self.new_localities {
            let mut m = Mapping::new();
            set(&mut m, "name", s(name));
            set_opt(&mut m, "summary", summary.as_deref());
            self.files
                .push((format!("localities/{id}.md"), file_text(m, "")));
        }
        for (id, (name, locality, venue, summary)) in &self.new_hubs {
            let Some(venue) = venue else {
                self.out.other.push(format!(
                    "family hub \"{name}\": its building is not among the imported venues, so no hub file was written; venues in it name the hub, so add hubs/{id}.md by hand"
                ));
                continue;
            };
            if !self.locality_ids.contains(locality)
                && !self.new_localities.contains_key(locality)
                && let Some(a) = self.areas.values().find(|a| &a.code == locality)
            {
                let mut m = Mapping::new();
                set(&mut m, "name", s(&a.name));
                set_opt(&mut m, "summary", a.description.as_deref());
                self.files
                    .push((format!("localities/{locality}.md"), file_text(m, "")));
            }
            let mut m = Mapping::new();
            set(&mut m, "name", s(name));
            set(&mut m, "locality", s(locality));
            set(&mut m, "venue", s(venue));
            set_opt(&mut m, "summary", summary.as_deref());
            self.files.push((format!("hubs/{id}.md"), file_text(m, "")));
        }
        if let Some(text) = self.target.needs_file.clone() {
            self.files.push(("needs.yaml".into(), text));
        }
        if !self.target.existing.has_site_file {
            let area = self.whole_area.unwrap_or_else(|| {
                // The commonest town among the venues.
                let mut count: HashMap<&str, usize> = HashMap::new();
                for s in services {
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
            if !self.new_org_types.is_empty() {
                let types = self
                    .new_org_types
                    .iter()
                    .map(|(id, name)| {
                        let mut t = Mapping::new();
                        set(&mut t, "id", s(id));
                        set(&mut t, "name", s(name));
                        Yaml::Mapping(t)
                    })
                    .collect();
                set(&mut m, "organisation_types", Yaml::Sequence(types));
            }
            for (k, name_key, added) in [
                ("send_needs", "name", &self.new_send_needs),
                ("local_offer_questions", "question", &self.new_questions),
            ] {
                if !added.is_empty() {
                    let items = added
                        .iter()
                        .map(|(id, name)| {
                            let mut t = Mapping::new();
                            set(&mut t, "id", s(id));
                            set(&mut t, name_key, s(name));
                            Yaml::Mapping(t)
                        })
                        .collect();
                    set(&mut m, k, Yaml::Sequence(items));
                }
            }
            let text = format!(
                "# Written by `signpost import`: check the name, and add base_url and contact.\n{}",
                crate::yaml::to_string(&Yaml::Mapping(m))
            );
            self.files.push(("site.yaml".into(), text));
        }
        self.out.files = self.files;
        self.out
    }
}

/// `ages`, from minimum_age and maximum_age (years) and the eligibility terms.
fn ages(
    svc: &InService,
    pregnancy: bool,
    send_to: Option<i32>,
    m: &mut Mapping,
    notes: &mut Notes,
) {
    match (svc.min_age, svc.max_age) {
        (Some(lo), Some(hi)) => {
            let mut ages = Mapping::new();
            let from = if pregnancy { -9 } else { months(lo.max(0.0)) };
            let mut to = months(hi);
            if to > 300 {
                notes.changed(format!(
                        "maximum_age {hi} is above 25, the oldest age the directory lists; it now says 25"
                    ));
                to = 300;
            }
            set(&mut ages, "from", age_yaml(from));
            set(&mut ages, "to", age_yaml(to));
            if let Some(st) = send_to {
                set(&mut ages, "send_to", age_yaml(st));
            }
            set(m, "ages", Yaml::Mapping(ages));
        }
        // 18 and over with no upper age: a service for adults (signpost exports one so).
        (Some(lo), None) if lo >= 18.0 => {
            notes.changed(format!(
                "minimum_age {lo} and no maximum_age: written as `audience: [adults]`, with no ages"
            ));
            set(
                m,
                "audience",
                Yaml::Sequence(vec![Yaml::String("adults".into())]),
            );
        }
        (Some(lo), None) => {
            notes.push(format!(
                "no maximum_age: the ages are {lo} to 25; check them"
            ));
            let mut ages = Mapping::new();
            set(
                &mut ages,
                "from",
                age_yaml(if pregnancy { -9 } else { months(lo.max(0.0)) }),
            );
            set(&mut ages, "to", age_yaml(300));
            set(m, "ages", Yaml::Mapping(ages));
        }
        (None, Some(hi)) if hi <= 25.0 => {
            notes.push(format!(
                "no minimum_age: the ages are 0 to {hi}; check them"
            ));
            let mut ages = Mapping::new();
            set(&mut ages, "from", age_yaml(if pregnancy { -9 } else { 0 }));
            set(&mut ages, "to", age_yaml(months(hi)));
            set(m, "ages", Yaml::Mapping(ages));
        }
        _ => notes.decide("ages", "no minimum_age and maximum_age: add `ages`"),
    }
}

/// `cost`: from the first cost option, else the fees in words.
fn cost(svc: &InService, m: &mut Mapping, notes: &mut Notes) {
    match &svc.cost {
        Some((option, amount, desc)) => {
            let free = amount.is_some_and(|a| a == 0.0)
                || (amount.is_none()
                    && option
                        .as_deref()
                        .is_some_and(|o| o.eq_ignore_ascii_case("free")));
            if free {
                set(m, "cost", s("free"));
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
                        set(m, "cost", Yaml::Mapping(c));
                    }
                    None if !notes_text.is_empty() => set(m, "cost", s(&notes_text.join(". "))),
                    None => notes.decide("cost", "cost not given: add `cost`"),
                }
            }
        }
        None => match &svc.fees {
            Some(f) => set(m, "cost", s(f)),
            None => notes.decide("cost", "cost not given: add `cost`"),
        },
    }
}

/// `schedule` (sessions signpost can show on a timetable) and `schedule_notes` (the rest,
/// in words). `sal_venue` is the venue id of each service_at_location id.
fn schedule(
    svc: &InService,
    sal_venue: &HashMap<String, String>,
    m: &mut Mapping,
    notes: &mut Notes,
) {
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
                    None => notes.push("a fortnightly session has no dtstart: add `from_date`"),
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
                notes.changed(format!(
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
        // localoffer: a dated session's first and last dates, and holidays only.
        for (k, v) in [("starts_on", &sc.valid_from), ("ends_on", &sc.valid_to)] {
            if let Some(d) = v.as_deref().and_then(|d| d.get(..10)) {
                set(&mut x, k, s(d));
            }
        }
        if sc
            .description
            .as_deref()
            .is_some_and(|d| d.to_lowercase().contains("school holidays only"))
        {
            set(&mut x, "holidays_only", Yaml::Bool(true));
        }
        if let Some(v) = sc.sal.as_ref().and_then(|id| sal_venue.get(id)) {
            set(&mut x, "venue", s(v));
        }
        set_opt(&mut x, "notes", sc.notes.as_deref());
        sessions.push(Yaml::Mapping(x));
    }
    if !sessions.is_empty() {
        set(m, "schedule", Yaml::Sequence(sessions));
    }
    if !schedule_notes.is_empty() {
        set(m, "schedule_notes", s(&schedule_notes.join(" ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::error::{Origin, Place, WhichRecord};
    use crate::import::read::ServiceRecord;
    use crate::oruk::model::{Number, Organization, Service};

    fn today() -> Date {
        jiff::civil::date(2026, 11, 24)
    }

    fn term(taxonomy: &str, code: &str, name: &str) -> TaxonomyTerm<'static> {
        TaxonomyTerm {
            id: Some(oruk::term_id(taxonomy, code).into()),
            name: Some(name.to_string().into()),
            taxonomy: Some(taxonomy.to_string().into()),
            term: Some(code.to_string().into()),
            ..Default::default()
        }
    }

    fn linked(link_type: &str, t: &TaxonomyTerm<'static>) -> Attribute<'static> {
        Attribute {
            link_type: Some(link_type.to_string().into()),
            taxonomy_term_id: t.id.clone(),
            ..Default::default()
        }
    }

    fn record(name: &str, status: &str, attributes: Vec<Attribute<'static>>) -> ServiceRecord {
        ServiceRecord {
            record: WhichRecord {
                origin: Origin {
                    file: "feed.json".into(),
                    place: Place::Whole,
                },
                name: Some(name.to_string()),
                id: Some(format!("id-{name}")),
            },
            notes: Vec::new(),
            service: Service {
                id: Some(format!("id-{name}").into()),
                name: Some(name.to_string().into()),
                status: Some(status.to_string().into()),
                description: Some("A group.\n\nHow to get this help: Just come.".into()),
                minimum_age: Some(Number(0.0)),
                maximum_age: Some(Number(30.0)),
                assured_date: Some("2026-01-02".into()),
                organization: Some(std::borrow::Cow::Owned(Organization {
                    id: Some("org-1".into()),
                    name: Some("Play Trust".into()),
                    ..Default::default()
                })),
                attributes,
                ..Default::default()
            },
        }
    }

    fn file<'m>(mapped: &'m Mapped, rel: &str) -> &'m str {
        mapped
            .files
            .iter()
            .find(|(r, _)| r == rel)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no {rel} in {:?}", mapped.files))
    }

    #[test]
    fn signpost_terms_become_fields_and_what_is_missing_is_noted() {
        let level = term("signpost:levels-of-need", "2", "Level 2");
        let route = term("signpost:access-routes", "drop-in", "Drop in");
        let need = term("signpost:needs", "baby-and-toddler-groups", "Baby groups");
        let terms: Terms = [&level, &route, &need]
            .into_iter()
            .map(|t| (t.id.as_deref().unwrap().to_lowercase(), t.clone()))
            .collect();
        let attributes = vec![
            linked("level_of_need", &level),
            linked("access_route", &route),
            linked("need", &need),
            Attribute {
                link_type: Some("need".into()),
                taxonomy_term_id: Some("not-published".into()),
                ..Default::default()
            },
        ];
        let target = Target::of(Content::default(), today());
        let mapped = map(
            vec![record("Stay and Play", "active", attributes)],
            &terms,
            &target,
            MappingFile::default(),
            &CsvPhones::new(),
            today(),
        );
        assert_eq!(
            (mapped.services, mapped.organisations, mapped.venues),
            (1, 1, 0)
        );
        let service = file(&mapped, "services/stay-and-play.md");
        for line in [
            "organisation: play-trust",
            "level: 2",
            "- drop-in",
            "- baby-and-toddler-groups",
            "how_to_access: Just come.",
            "reviewed: 2026-01-02",
            // Not a UUID in the feed: a UUID made from it, the same every time.
            &format!("oruk_id: {}", feed_uuid("service", "id-Stay and Play")),
        ] {
            assert!(service.contains(line), "{line} not in\n{service}");
        }
        // The standard needs and a site.yaml come with an import into an empty folder.
        file(&mapped, "needs.yaml");
        file(&mapped, "site.yaml");
        let entry = &mapped.entries[0];
        assert_eq!(entry.record, "feed.json (\"Stay and Play\")");
        assert_eq!(entry.file.as_deref(), Some("services/stay-and-play.md"));
        let notes: Vec<String> = entry.notes.iter().map(|n| n.text.clone()).collect();
        for note in [
            "taxonomy term not-published is not in a taxonomy_terms.json",
            "organisation \"Play Trust\": no type given",
            "maximum_age 30 is above 25",
            "no venue, and not online, by phone or home visits",
        ] {
            assert!(
                notes.iter().any(|n| n.starts_with(note)),
                "{note} not in {notes:#?}"
            );
        }
    }

    #[test]
    fn inactive_services_are_skipped_and_the_mapping_file_maps_terms_to_needs() {
        let foreign = TaxonomyTerm {
            name: Some("Toddler fun".into()),
            ..Default::default()
        };
        let attributes = vec![Attribute {
            link_type: Some("need".into()),
            taxonomy_term: Some(foreign),
            ..Default::default()
        }];
        let target = Target::of(Content::default(), today());
        let mapping = MappingFile {
            needs: HashMap::from([(
                "toddler fun".to_string(),
                vec!["baby-and-toddler-groups".to_string()],
            )]),
            ..Default::default()
        };
        let mapped = map(
            vec![
                record("Closed group", "defunct", Vec::new()),
                record("Toddlers", "temporarily closed", attributes),
            ],
            &Terms::new(),
            &target,
            mapping,
            &CsvPhones::new(),
            today(),
        );
        let closed = &mapped.entries[0];
        assert_eq!(closed.record, "feed.json (\"Closed group\")");
        assert_eq!(closed.file, None);
        assert_eq!(
            closed.left_out,
            ["status is defunct, so it was not imported"]
        );
        let service = file(&mapped, "services/toddlers.md");
        assert!(service.contains("- baby-and-toddler-groups"), "{service}");
        assert!(service.contains("status: paused"), "{service}");
    }

    #[test]
    fn a_mapping_file_naming_an_unknown_need_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mapping.yaml");
        std::fs::write(&path, "needs:\n  Fun: [no-such-need]\n").unwrap();
        let needs = Target::of(Content::default(), today()).need_ids();
        let problems = read_mapping(&path, &needs).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .ends_with("`Fun` maps to `no-such-need`, which is not a need in needs.yaml"),
            "{}",
            problems[0]
        );
        let missing = read_mapping(&dir.path().join("none.yaml"), &needs).unwrap_err();
        assert!(std::error::Error::source(&missing[0]).is_some());
    }
}
