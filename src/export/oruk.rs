//! Open Referral UK 3.0 (the UK profile of HSDS 3.0) records for every service.
//!
//! Ids are UUID v5 of the content ids under one fixed namespace, so the same content gives
//! the same ids on every build; a listing imported from elsewhere keeps its original id
//! (`oruk_id`). Child records (schedules, addresses, attributes...) derive their ids from
//! their parent's UUID, so they follow it.
//!
//! The profile has no fields for some of what a listing says (level of need, how to get the
//! help, languages by name, venue localities and family hubs). Those travel as attributes:
//! links to taxonomy terms in small published taxonomies named `signpost:...`, which
//! `signpost import` reads back. Optional fields with no value are left out, never null.

use crate::content::model::*;
use crate::render::text;
use crate::site::Site;
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// Fixed namespace for every id signpost derives (a random v4 UUID chosen once).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a4e_8d3b_4b7a_9e51_0c2d_7f48_a913);

pub const VERSION: &str = "HSDS-UK-3.0";
pub const PROFILE_URL: &str = "https://github.com/OpenReferralUK/uk-profile";
pub const OPENAPI_URL: &str =
    "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json";

/// Markers that separate the parts of a service description, so import can split it again.
pub const WHO_MARKER: &str = "Who can use it: ";
pub const HOW_MARKER: &str = "How to get this help: ";

/// The taxonomies signpost publishes: code (also the `taxonomy` of its terms), name, description.
pub const TAXONOMIES: &[(&str, &str, &str)] = &[
    (
        "signpost:needs",
        "Needs",
        "What families need help with, grouped into categories.",
    ),
    (
        "signpost:areas",
        "Areas",
        "The whole area, its localities and the family hubs in each locality.",
    ),
    (
        "signpost:levels-of-need",
        "Levels of need",
        "The continuum of need: 1 universal, 2 additional (early help), 3 complex, 4 acute.",
    ),
    (
        "signpost:access-routes",
        "Ways to get help",
        "How a family gets the service: drop in, ask for it, be referred or book.",
    ),
    (
        "signpost:delivery",
        "Ways a service is delivered",
        "Home visits, online and by phone, besides venues.",
    ),
    (
        "signpost:languages",
        "Languages",
        "Languages a service is offered in (ISO 639-1 codes; bsl is British Sign Language).",
    ),
    (
        "signpost:accessibility",
        "Accessibility",
        "Accessibility features of a service.",
    ),
    (
        "signpost:eligibility",
        "Who a service is for",
        "Age conditions beyond minimum_age and maximum_age: from pregnancy, and the upper age for young people with SEND.",
    ),
    (
        "signpost:organisation-types",
        "Types of organisation",
        "Who runs a service: council, NHS, school, charity and so on.",
    ),
];

pub const LEVELS: &[(&str, &str)] = &[
    ("1", "Level 1: universal"),
    ("2", "Level 2: additional needs (early help)"),
    ("3", "Level 3: complex needs (targeted or specialist)"),
    ("4", "Level 4: acute needs (statutory social care)"),
];
pub const ROUTES: &[(&str, &str, &str)] = &[
    ("drop-in", "Drop in", "Families can just turn up."),
    (
        "self-referral",
        "Self-referral",
        "Families can ask for the service themselves.",
    ),
    (
        "professional-referral",
        "Professional referral",
        "A professional such as a health visitor, GP or teacher refers the family.",
    ),
    ("booking", "Booking", "Families book a place."),
];
pub const DELIVERY: &[(&str, &str)] = &[
    ("home-visits", "Home visits"),
    ("online", "Online"),
    ("phone", "By phone"),
];
pub const ORG_TYPE_NAMES: &[(&str, &str)] = &[
    ("council", "Council"),
    ("nhs", "NHS"),
    ("school", "School"),
    ("early-years", "Nursery or pre-school"),
    ("vcs", "Charity or community group"),
    ("faith", "Faith group"),
    ("private", "Business"),
];
/// The term of `signpost:areas` that stands for the whole area (`covers: borough`).
pub const WHOLE_AREA: &str = "borough";

pub fn uid(key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, key.as_bytes())
}

fn child(parent: &str, what: &str) -> String {
    uid(&format!("{parent}/{what}")).to_string()
}

fn own_id(kind: &str, id: &str, oruk_id: &Option<String>) -> String {
    oruk_id
        .clone()
        .unwrap_or_else(|| uid(&format!("{kind}:{id}")).to_string())
}

pub fn service_id(s: &Service) -> String {
    own_id("service", &s.id, &s.oruk_id)
}
pub fn organisation_id(o: &Organisation) -> String {
    own_id("organisation", &o.id, &o.oruk_id)
}
pub fn venue_id(v: &Venue) -> String {
    own_id("venue", &v.id, &v.oruk_id)
}
pub fn taxonomy_id(taxonomy: &str) -> String {
    uid(&format!("taxonomy:{taxonomy}")).to_string()
}
pub fn term_id(taxonomy: &str, code: &str) -> String {
    uid(&format!("term:{taxonomy}:{code}")).to_string()
}

/// Inserts a string only when it has a value.
fn put(m: &mut Map<String, Value>, k: &str, v: Option<&str>) {
    if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
        m.insert(k.into(), Value::String(v.to_string()));
    }
}

fn put_list(m: &mut Map<String, Value>, k: &str, v: Vec<Value>) {
    if !v.is_empty() {
        m.insert(k.into(), Value::Array(v));
    }
}

/// Whole numbers as integers, so ages read 5 rather than 5.0.
pub fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// One taxonomy term, as published in taxonomy_terms.json and inside attributes.
pub struct Term {
    pub taxonomy: &'static str,
    pub code: String,
    pub name: String,
    pub description: String,
    pub parent: Option<String>,
}

impl Term {
    fn new(taxonomy: &'static str, code: &str, name: &str, description: &str) -> Term {
        Term {
            taxonomy,
            code: code.into(),
            name: name.into(),
            description: if description.trim().is_empty() {
                name.into()
            } else {
                description.trim().into()
            },
            parent: None,
        }
    }

    pub fn id(&self) -> String {
        term_id(self.taxonomy, &self.code)
    }

    pub fn value(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id()));
        m.insert("name".into(), json!(self.name));
        m.insert("description".into(), json!(self.description));
        if let Some(p) = &self.parent {
            m.insert("parent_id".into(), json!(term_id(self.taxonomy, p)));
        }
        m.insert("taxonomy".into(), json!(self.taxonomy));
        m.insert("taxonomy_id".into(), json!(taxonomy_id(self.taxonomy)));
        m.insert("term".into(), json!(self.code));
        Value::Object(m)
    }
}

fn need_term(site: &Site, ni: usize) -> Term {
    let n = &site.needs[ni];
    let mut t = Term::new("signpost:needs", &n.id, &n.label, &n.description);
    t.parent = Some(n.category.clone()).filter(|c| !c.is_empty());
    t
}

fn whole_area_term(site: &Site) -> Term {
    Term::new(
        "signpost:areas",
        WHOLE_AREA,
        &site.config.area,
        &format!("All of {}", site.config.area),
    )
}

fn locality_term(site: &Site, li: usize) -> Term {
    let l = &site.localities[li];
    let mut t = Term::new("signpost:areas", &l.id, &l.name, &l.summary);
    t.parent = Some(WHOLE_AREA.into());
    t
}

fn hub_term(site: &Site, hi: usize) -> Term {
    let h = &site.hubs[hi];
    let mut t = Term::new("signpost:areas", &h.id, &h.name, &h.summary);
    t.parent = Some(h.locality.clone());
    t
}

fn level_term(level: u8) -> Term {
    let (code, name) = LEVELS[(level.clamp(1, 4) - 1) as usize];
    Term::new(
        "signpost:levels-of-need",
        code,
        name,
        text::level_explained(level),
    )
}

fn route_term(route: &str) -> Option<Term> {
    ROUTES
        .iter()
        .find(|(c, _, _)| *c == route)
        .map(|(c, n, d)| Term::new("signpost:access-routes", c, n, d))
}

fn delivery_term(code: &str) -> Option<Term> {
    DELIVERY
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(c, n)| Term::new("signpost:delivery", c, n, ""))
}

fn language_term(code: &str) -> Term {
    Term::new("signpost:languages", code, language_name(code), "")
}

fn accessibility_term(code: &str) -> Term {
    Term::new(
        "signpost:accessibility",
        code,
        accessibility_label(code),
        "",
    )
}

fn org_type_term(kind: &str) -> Option<Term> {
    ORG_TYPE_NAMES
        .iter()
        .find(|(c, _)| *c == kind)
        .map(|(c, n)| Term::new("signpost:organisation-types", c, n, ""))
}

pub fn pregnancy_term() -> Term {
    Term::new(
        "signpost:eligibility",
        "pregnancy",
        "From pregnancy",
        "Open to expectant parents as well as children.",
    )
}

pub fn send_term(months: i32) -> Term {
    Term::new(
        "signpost:eligibility",
        &format!("send-up-to-{months}-months"),
        &format!("Young people with SEND up to {}", text::age(Age(months))),
        "Young people with special educational needs and disabilities can use the service up to this age.",
    )
}

fn attribute(link_id: &str, link_type: &str, term: &Term) -> Value {
    let tid = term.id();
    json!({
        "id": child(link_id, &format!("attribute/{link_type}/{tid}")),
        "link_id": link_id,
        "taxonomy_term_id": tid,
        "link_type": link_type,
        "taxonomy_term": term.value(),
    })
}

/// The service description: summary, body, who it is for and how to get it, as paragraphs.
pub fn service_description(s: &Service) -> String {
    let mut parts = vec![s.summary.trim().to_string()];
    if !s.body.trim().is_empty() {
        parts.push(s.body.trim().to_string());
    }
    if let Some(e) = s.eligibility.as_deref().filter(|e| !e.trim().is_empty()) {
        parts.push(format!("{WHO_MARKER}{}", e.trim()));
    }
    parts.push(format!("{HOW_MARKER}{}", s.how_to_access.trim()));
    parts.join("\n\n")
}

fn summary_and_body(name: &str, summary: &str, body: &str) -> String {
    let parts: Vec<&str> = [summary.trim(), body.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        name.to_string()
    } else {
        parts.join("\n\n")
    }
}

/// The organization object (HSDS organization, without its services).
pub fn organisation(o: &Organisation) -> Value {
    let id = organisation_id(o);
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("name".into(), json!(o.name));
    m.insert(
        "description".into(),
        json!(summary_and_body(&o.name, &o.summary, &o.body)),
    );
    put(&mut m, "email", o.contact.email.as_deref());
    put(&mut m, "website", o.contact.website.as_deref());
    if let Some(n) = &o.charity_number {
        m.insert(
            "organization_identifiers".into(),
            json!([{
                "id": child(&id, "identifier/charity"),
                "organization_id": id,
                "identifier_scheme": "GB-CHC",
                "identifier_type": "Charity number",
                "identifier": n,
            }]),
        );
    }
    if let Some(t) = org_type_term(&o.kind) {
        m.insert(
            "attributes".into(),
            json!([attribute(&id, "organisation_type", &t)]),
        );
    }
    Value::Object(m)
}

/// The hub a venue belongs to, and whether it is that hub's own building.
fn venue_hub(site: &Site, vi: usize) -> Option<(usize, bool)> {
    let v = &site.venues[vi];
    let building = site.hubs.iter().position(|h| h.venue == v.id);
    match v.hub.as_deref().and_then(|h| site.hub_ix.get(h)) {
        Some(&h) => Some((h, building == Some(h))),
        None => building.map(|h| (h, true)),
    }
}

/// A venue as an HSDS location, with its address, accessibility and area.
pub fn location(site: &Site, vi: usize) -> Value {
    let v = &site.venues[vi];
    let id = venue_id(v);
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("location_type".into(), json!("physical"));
    m.insert("name".into(), json!(v.name));
    put(&mut m, "description", Some(&v.body));
    m.insert("latitude".into(), json!(v.latitude));
    m.insert("longitude".into(), json!(v.longitude));
    let a = &v.address;
    let line = match &a.line2 {
        Some(l2) => format!("{}, {l2}", a.line1),
        None => a.line1.clone(),
    };
    m.insert(
        "addresses".into(),
        json!([{
            "id": child(&id, "address"),
            "location_id": id,
            "address_1": line,
            "city": a.town,
            // The UK profile puts the county in state_province, which is required.
            "state_province": a.county.as_deref().unwrap_or(&a.town),
            "postal_code": v.postcode,
            "country": "GB",
            "address_type": "physical",
        }]),
    );
    put_list(
        &mut m,
        "accessibility",
        v.accessibility
            .iter()
            .map(|c| {
                json!({
                    "id": child(&id, &format!("accessibility/{c}")),
                    "location_id": id,
                    "description": accessibility_label(c),
                })
            })
            .collect(),
    );
    let mut attrs = Vec::new();
    if let Some(&li) = site.locality_ix.get(&v.locality) {
        attrs.push(attribute(&id, "locality", &locality_term(site, li)));
    }
    if let Some((h, building)) = venue_hub(site, vi) {
        let link = if building {
            "family_hub_building"
        } else {
            "family_hub"
        };
        attrs.push(attribute(&id, link, &hub_term(site, h)));
    }
    put_list(&mut m, "attributes", attrs);
    Value::Object(m)
}

fn years(a: Age) -> Value {
    number(f64::from(a.0.max(0)) / 12.0)
}

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn schedule(sid: &str, i: usize, s: &Session, sal: Option<String>) -> Value {
    let id = child(sid, &format!("schedule/{i}"));
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("service_id".into(), json!(sid));
    if let Some(sal) = sal {
        m.insert("service_at_location_id".into(), json!(sal));
    }
    let prefix = match (s.frequency, s.week) {
        (Frequency::Monthly, Some(w)) => w.to_string(),
        _ => String::new(),
    };
    let byday: Vec<String> = s
        .days
        .iter()
        .map(|d| format!("{prefix}{}", BYDAY[*d as usize]))
        .collect();
    m.insert(
        "freq".into(),
        json!(if s.frequency == Frequency::Monthly {
            "MONTHLY"
        } else {
            "WEEKLY"
        }),
    );
    if s.frequency == Frequency::Fortnightly {
        m.insert("interval".into(), json!(2));
    }
    m.insert("byday".into(), json!(byday.join(",")));
    if let Some(d) = s.from_date {
        m.insert("dtstart".into(), json!(d.to_string()));
    }
    m.insert("opens_at".into(), json!(s.starts.hhmm()));
    m.insert("closes_at".into(), json!(s.ends.hhmm()));
    m.insert("description".into(), json!(text::session(s)));
    put(&mut m, "notes", s.notes.as_deref());
    Value::Object(m)
}

fn cost_option(sid: &str, c: &Cost) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(child(sid, "cost")));
    m.insert("service_id".into(), json!(sid));
    match c {
        Cost::Free => {
            m.insert("option".into(), json!("Free"));
            m.insert("amount".into(), json!(0));
        }
        Cost::Paid { amount, per, notes } => {
            put(&mut m, "option", notes.as_deref());
            if let Some(a) = amount {
                m.insert("amount".into(), number(*a));
            }
            if let Some(p) = per {
                m.insert("amount_description".into(), json!(format!("per {p}")));
            }
        }
    }
    Value::Object(m)
}

/// The area terms a service covers (`where.covers`), in content order.
fn covered_areas(site: &Site, s: &Service) -> Vec<Term> {
    match &s.where_.covers {
        None => Vec::new(),
        Some(Covers::Borough) => vec![whole_area_term(site)],
        Some(Covers::Areas(ids)) => ids
            .iter()
            .filter_map(|a| {
                site.locality_ix
                    .get(a)
                    .map(|&l| locality_term(site, l))
                    .or_else(|| site.hub_ix.get(a).map(|&h| hub_term(site, h)))
            })
            .collect(),
    }
}

/// The service's attributes: needs, level, access routes, delivery, languages,
/// accessibility, age conditions and areas covered.
fn service_attributes(site: &Site, si: usize, sid: &str) -> Vec<Value> {
    let s = &site.services[si];
    let mut out: Vec<Value> = site.svc[si]
        .needs
        .iter()
        .map(|&ni| attribute(sid, "need", &need_term(site, ni)))
        .collect();
    out.push(attribute(sid, "level_of_need", &level_term(s.level)));
    out.extend(
        s.access
            .iter()
            .filter_map(|r| route_term(r))
            .map(|t| attribute(sid, "access_route", &t)),
    );
    let w = &s.where_;
    for (on, code) in [
        (w.home_visits, "home-visits"),
        (w.online, "online"),
        (w.by_phone, "phone"),
    ] {
        if on && let Some(t) = delivery_term(code) {
            out.push(attribute(sid, "delivery", &t));
        }
    }
    out.extend(
        s.languages
            .iter()
            .map(|l| attribute(sid, "language", &language_term(l))),
    );
    out.extend(
        s.accessibility
            .iter()
            .map(|a| attribute(sid, "accessibility", &accessibility_term(a))),
    );
    if s.ages.from.is_pregnancy() {
        out.push(attribute(sid, "eligibility", &pregnancy_term()));
    }
    if let Some(send) = s.ages.send_to {
        out.push(attribute(sid, "eligibility", &send_term(send.0)));
    }
    out.extend(
        covered_areas(site, s)
            .iter()
            .map(|t| attribute(sid, "service_area", t)),
    );
    out
}

pub fn service_at_location_id(sid: &str, location_id: &str) -> String {
    child(sid, &format!("at/{location_id}"))
}

/// The fully nested service record (GET /services/{id}).
pub fn service(site: &Site, si: usize) -> Value {
    let s = &site.services[si];
    let links = &site.svc[si];
    let sid = service_id(s);
    let org = site.org_of(si);
    let mut m = Map::new();
    m.insert("id".into(), json!(sid));
    if let Some(o) = org {
        m.insert("organization_id".into(), json!(organisation_id(o)));
    }
    m.insert("name".into(), json!(s.name));
    m.insert("description".into(), json!(service_description(s)));
    put(&mut m, "url", s.contact.website.as_deref());
    put(&mut m, "email", s.contact.email.as_deref());
    m.insert(
        "status".into(),
        json!(if s.paused {
            "temporarily closed"
        } else {
            "active"
        }),
    );
    m.insert("minimum_age".into(), years(s.ages.from));
    m.insert("maximum_age".into(), years(s.ages.to));
    m.insert("assured_date".into(), json!(s.reviewed.to_string()));

    let sals: Vec<(usize, String)> = links
        .venues
        .iter()
        .map(|&vi| {
            (
                vi,
                service_at_location_id(&sid, &venue_id(&site.venues[vi])),
            )
        })
        .collect();
    let mut schedules: Vec<Value> = s
        .schedule
        .iter()
        .enumerate()
        .map(|(i, sess)| {
            let sal = sess.venue.as_ref().and_then(|v| {
                sals.iter()
                    .find(|(vi, _)| &site.venues[*vi].id == v)
                    .map(|(_, id)| id.clone())
            });
            schedule(&sid, i, sess, sal)
        })
        .collect();
    if let Some(n) = s.schedule_notes.as_deref().filter(|n| !n.trim().is_empty()) {
        schedules.push(json!({
            "id": child(&sid, "schedule/notes"),
            "service_id": sid,
            "description": n.trim(),
        }));
    }
    put_list(&mut m, "schedules", schedules);
    put_list(
        &mut m,
        "service_areas",
        covered_areas(site, s)
            .iter()
            .map(|t| {
                json!({
                    "id": child(&sid, &format!("area/{}", t.code)),
                    "service_id": sid,
                    "name": t.name,
                })
            })
            .collect(),
    );
    put_list(
        &mut m,
        "service_at_locations",
        sals.iter()
            .map(|(vi, id)| {
                let loc = location(site, *vi);
                json!({
                    "id": id,
                    "service_id": sid,
                    "location_id": loc["id"],
                    "location": loc,
                })
            })
            .collect(),
    );
    // The profile's language object has no name or code; the codes are attributes.
    put_list(
        &mut m,
        "languages",
        s.languages
            .iter()
            .map(|l| json!({"id": child(&sid, &format!("language/{l}")), "service_id": sid}))
            .collect(),
    );
    if let Some(o) = org {
        m.insert("organization".into(), organisation(o));
    }
    m.insert("cost_options".into(), json!([cost_option(&sid, &s.cost)]));
    put_list(&mut m, "attributes", service_attributes(site, si, &sid));
    Value::Object(m)
}

const LIST_SERVICE_FIELDS: &[&str] = &[
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "organization",
];
const LIST_ORG_FIELDS: &[&str] = &["id", "name", "description", "email", "website"];
const LIST_LOCATION_FIELDS: &[&str] = &[
    "id",
    "location_type",
    "name",
    "description",
    "latitude",
    "longitude",
];

fn only(v: &Value, keys: &[&str]) -> Value {
    let mut m = Map::new();
    if let Value::Object(o) = v {
        for k in keys {
            if let Some(x) = o.get(*k) {
                m.insert((*k).into(), x.clone());
            }
        }
    }
    Value::Object(m)
}

/// A service as listed in /services (one-to-one fields only).
pub fn service_list_item(full: &Value) -> Value {
    let mut v = only(full, LIST_SERVICE_FIELDS);
    if let Some(o) = full.get("organization") {
        v["organization"] = only(o, LIST_ORG_FIELDS);
    }
    v
}

/// A page of a paged list, with everything on one page.
pub fn page(contents: Vec<Value>) -> Value {
    let n = contents.len();
    json!({
        "total_items": n,
        "total_pages": 1,
        "page_number": 1,
        "size": n,
        "first_page": true,
        "last_page": true,
        "empty": n == 0,
        "contents": contents,
    })
}

/// Every term of every published taxonomy, in taxonomy order.
pub fn all_terms(site: &Site) -> Vec<Term> {
    let mut out = Vec::new();
    for c in &site.categories {
        out.push(Term::new("signpost:needs", &c.id, &c.label, &c.description));
        for n in &c.needs {
            if let Some(&ni) = site.need_ix.get(n) {
                out.push(need_term(site, ni));
            }
        }
    }
    out.push(whole_area_term(site));
    for li in 0..site.localities.len() {
        out.push(locality_term(site, li));
        for &h in &site.locality_hubs[li] {
            out.push(hub_term(site, h));
        }
    }
    out.extend((1..=4).map(level_term));
    out.extend(ROUTES.iter().filter_map(|(c, _, _)| route_term(c)));
    out.extend(DELIVERY.iter().filter_map(|(c, _)| delivery_term(c)));
    out.extend(LANGUAGES.iter().map(|(c, _)| language_term(c)));
    out.extend(ACCESSIBILITY.iter().map(|(c, _)| accessibility_term(c)));
    out.push(pregnancy_term());
    let mut send: Vec<i32> = site
        .services
        .iter()
        .filter_map(|s| s.ages.send_to.map(|a| a.0))
        .collect();
    send.sort_unstable();
    send.dedup();
    out.extend(send.into_iter().map(send_term));
    out.extend(ORG_TYPE_NAMES.iter().filter_map(|(c, _)| org_type_term(c)));
    out
}

pub fn taxonomies() -> Vec<Value> {
    TAXONOMIES
        .iter()
        .map(|(code, name, description)| {
            json!({
                "id": taxonomy_id(code),
                "name": name,
                "description": description,
                "version": "1",
            })
        })
        .collect()
}

fn to_bytes(v: &Value) -> Vec<u8> {
    // Serialising a Value cannot fail.
    serde_json::to_vec(v).unwrap_or_default()
}

/// Every file under /api/: (path relative to the site root, bytes).
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    // Ordered by name then id, not by content id, so a re-import with other file names
    // lists services in the same order.
    let mut order: Vec<(String, String, usize)> = site
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.to_lowercase(), service_id(s), i))
        .collect();
    order.sort();
    let records: Vec<(usize, Value)> = order
        .par_iter()
        .map(|(_, _, si)| (*si, service(site, *si)))
        .collect();
    let mut out = vec![(
        "api/index.json".to_string(),
        to_bytes(&json!({
            "version": VERSION,
            "profile": PROFILE_URL,
            "openapi_url": OPENAPI_URL,
        })),
    )];
    out.push((
        "api/services.json".into(),
        to_bytes(&page(
            records.iter().map(|(_, r)| service_list_item(r)).collect(),
        )),
    ));
    let mut ndjson = Vec::new();
    for (_, r) in &records {
        ndjson.extend(to_bytes(r));
        ndjson.push(b'\n');
    }
    out.push(("api/services.ndjson".into(), ndjson));
    let mut sal_list = Vec::new();
    let per_service: Vec<Vec<(String, Vec<u8>)>> = records
        .par_iter()
        .map(|(_, r)| {
            let id = r["id"].as_str().unwrap_or_default();
            let mut files = vec![(format!("api/services/{id}.json"), to_bytes(r))];
            let mut service = r.clone();
            if let Some(o) = service.as_object_mut() {
                o.remove("service_at_locations");
            }
            for sal in r["service_at_locations"].as_array().into_iter().flatten() {
                let mut full = sal.clone();
                full["service"] = service.clone();
                files.push((
                    format!(
                        "api/service_at_locations/{}.json",
                        sal["id"].as_str().unwrap_or_default()
                    ),
                    to_bytes(&full),
                ));
            }
            files
        })
        .collect();
    for (_, r) in &records {
        for sal in r["service_at_locations"].as_array().into_iter().flatten() {
            sal_list.push(json!({
                "id": sal["id"],
                "service_id": sal["service_id"],
                "location_id": sal["location_id"],
                "location": only(&sal["location"], LIST_LOCATION_FIELDS),
                "service": service_list_item(r),
            }));
        }
    }
    out.push((
        "api/service_at_locations.json".into(),
        to_bytes(&page(sal_list)),
    ));
    out.extend(per_service.into_iter().flatten());
    out.push(("api/taxonomies.json".into(), to_bytes(&page(taxonomies()))));
    out.push((
        "api/taxonomy_terms.json".into(),
        to_bytes(&page(all_terms(site).iter().map(Term::value).collect())),
    ));
    out
}
