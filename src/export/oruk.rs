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

use crate::content::language;
use crate::content::model::*;
use crate::oruk::model::{self as oruk, Number, borrow};
use crate::render::text;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use std::borrow::Cow;
use std::collections::HashMap;
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
    // --- childcare: providers' attributes (see `childcare_terms`)
    (
        "signpost:childcare-types",
        "Types of childcare",
        "The kind of Ofsted-registered childcare a provider offers: childminder, day nursery, pre-school and so on.",
    ),
    (
        "signpost:funded-entitlements",
        "Funded childcare hours",
        "The government-funded hours of childcare a provider offers, and whether they can be spread over the year.",
    ),
    (
        "signpost:inspections",
        "Latest Ofsted inspection",
        "The outcome of a provider's latest Ofsted inspection: an overall grade (before November 2025), or a report card's grade for each evaluation area and whether safeguarding is met.",
    ),
    // --- localoffer: the SEND Local Offer
    (
        "signpost:send-needs",
        "SEND needs",
        "The special educational needs and disabilities a service supports, from its part of the SEND Local Offer.",
    ),
    (
        "signpost:local-offer-sections",
        "Local Offer sections",
        "The parts of the SEND Local Offer that list a service.",
    ),
    (
        "signpost:local-offer-questions",
        "Local Offer questions",
        "The SEND Local Offer questions a service answers (SEND Regulations 2014, Schedule 2). The answers are in the service's description, each after \"SEND Local Offer: \" and its question.",
    ),
    // --- holidays: who a service is for, in the open data (issue 21 item 6)
    (
        "signpost:audience",
        "Who a service is for",
        "Children and young people (when not said), parents and carers, the whole family or adults.",
    ),
    (
        "signpost:only-for",
        "Only for",
        "A group a service is only for, such as dads or girls.",
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
    // localoffer: a place kept private (no location is published for it).
    ("confidential", "Confidential place"),
];
pub const ORG_TYPE_NAMES: &[(&str, &str)] = &[
    ("council", "Council"),
    ("nhs", "NHS"),
    ("school", "School"),
    ("early-years", "Nursery or pre-school"),
    ("vcs", "Charity or community group"),
    ("faith", "Faith group"),
    ("private", "Business"),
    ("housing-association", "Housing association"),
    ("social-enterprise", "Social enterprise"),
    ("cic", "Community interest company"),
];
/// The term of `signpost:areas` that stands for the whole area (`covers: borough`).
pub const WHOLE_AREA: &str = "borough";

pub fn uid(key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, key.as_bytes())
}

fn child_id(parent: &str, what: &str) -> String {
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

/// Text fields are left out when they have no value.
fn text(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// Whole numbers as integers, so ages read 5 rather than 5.0.
pub fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// One taxonomy term, as published in taxonomy_terms.json.
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

    fn record(&self) -> oruk::TaxonomyTerm<'_> {
        oruk::TaxonomyTerm {
            id: Some(self.id().into()),
            name: Some(self.name.as_str().into()),
            description: Some(self.description.as_str().into()),
            parent_id: self
                .parent
                .as_deref()
                .map(|p| term_id(self.taxonomy, p).into()),
            taxonomy: Some(self.taxonomy.into()),
            taxonomy_id: Some(taxonomy_id(self.taxonomy).into()),
            term: Some(self.code.as_str().into()),
            code: None,
        }
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
        &text::level_explained(level),
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

fn languages_in_use(site: &Site) -> Vec<String> {
    language::in_use(site.services.iter().map(|s| s.languages.as_slice()))
}

fn language_term(code: &str) -> Term {
    Term::new("signpost:languages", code, &language_name(code), "")
}

fn accessibility_term(code: &str) -> Term {
    Term::new(
        "signpost:accessibility",
        code,
        &accessibility_label(code),
        "",
    )
}

/// Every organisation type, code and name: the built-in ones and those site.yaml adds.
fn org_types(site: &Site) -> Vec<(String, String)> {
    ORG_TYPE_NAMES
        .iter()
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .chain(
            site.config
                .organisation_types
                .iter()
                .map(|t| (t.id.clone(), t.name.clone())),
        )
        .collect()
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
    out.extend(languages_in_use(site).iter().map(|c| language_term(c)));
    out.extend(ACCESSIBILITY.iter().map(|c| accessibility_term(c)));
    out.push(pregnancy_term());
    out.extend(send_ages(site).into_iter().map(send_term));
    out.extend(
        org_types(site)
            .iter()
            .map(|(c, n)| Term::new("signpost:organisation-types", c, n, "")),
    );
    out.extend(childcare_terms(site));
    out.extend(local_offer_terms(site));
    out.extend(audience_terms());
    out
}

// --- holidays: who a service is for, as attributes (issue 21 item 6)

const AUDIENCE_NAMES: &[(&str, &str)] = &[
    ("children-and-young-people", "Children and young people"),
    ("parents-and-carers", "Parents and carers"),
    ("whole-family", "The whole family"),
    ("adults", "Adults"),
];

fn audience_terms() -> Vec<Term> {
    let audiences = AUDIENCE_NAMES
        .iter()
        .map(|(c, n)| Term::new("signpost:audience", c, n, ""));
    let groups = crate::content::model::GROUPS
        .iter()
        .map(|c| Term::new("signpost:only-for", c, &c.replace('-', " "), ""));
    audiences.chain(groups).collect()
}

/// A service's `audience` and `only_for`, when it gives them (a service that does not say
/// is for children and young people, and has no attribute for it).
fn audience_attributes(s: &Service, sid: &str) -> Vec<oruk::Attribute<'static>> {
    let audience = s
        .audience
        .iter()
        .filter(|c| AUDIENCE_NAMES.iter().any(|(k, _)| k == c))
        .map(|c| owned_attribute(sid, "audience", &term_id("signpost:audience", c)));
    let only = s
        .only_for
        .iter()
        .filter(|c| crate::content::model::GROUPS.contains(&c.as_str()))
        .map(|c| owned_attribute(sid, "only_for", &term_id("signpost:only-for", c)));
    audience.chain(only).collect()
}

fn send_ages(site: &Site) -> Vec<i32> {
    let mut send: Vec<i32> = site
        .services
        .iter()
        .filter_map(|s| s.ages.as_ref()?.send_to.map(|a| a.0))
        .collect();
    send.sort_unstable();
    send.dedup();
    send
}

/// The id of every term a record can link to, worked out once per build. Lists follow the
/// site's own lists and the vocabularies, so a lookup is an index; a code outside the
/// vocabularies (the checker refuses those) gets no attribute rather than a link to a term
/// that is not published.
struct TermIds {
    needs: Vec<String>,
    localities: Vec<String>,
    hubs: Vec<String>,
    whole_area: String,
    levels: Vec<String>,
    routes: Vec<String>,
    delivery: Vec<String>,
    /// The languages the services name, in [`language::in_use`]'s order; `languages`
    /// holds their term ids in the same order.
    language_codes: Vec<String>,
    languages: Vec<String>,
    accessibility: Vec<String>,
    /// Every organisation type's code ([`org_types`]); `org_types` holds their term ids in
    /// the same order.
    org_type_codes: Vec<String>,
    org_types: Vec<String>,
    pregnancy: String,
    send: HashMap<i32, String>,
}

impl TermIds {
    fn new(site: &Site) -> TermIds {
        let ids = |taxonomy: &str, codes: &mut dyn Iterator<Item = &str>| -> Vec<String> {
            codes.map(|c| term_id(taxonomy, c)).collect()
        };
        TermIds {
            needs: ids(
                "signpost:needs",
                &mut site.needs.iter().map(|n| n.id.as_str()),
            ),
            localities: ids(
                "signpost:areas",
                &mut site.localities.iter().map(|l| l.id.as_str()),
            ),
            hubs: ids(
                "signpost:areas",
                &mut site.hubs.iter().map(|h| h.id.as_str()),
            ),
            whole_area: term_id("signpost:areas", WHOLE_AREA),
            levels: ids(
                "signpost:levels-of-need",
                &mut LEVELS.iter().map(|(c, _)| *c),
            ),
            routes: ids(
                "signpost:access-routes",
                &mut ROUTES.iter().map(|(c, _, _)| *c),
            ),
            delivery: ids("signpost:delivery", &mut DELIVERY.iter().map(|(c, _)| *c)),
            language_codes: languages_in_use(site),
            languages: ids(
                "signpost:languages",
                &mut languages_in_use(site).iter().map(String::as_str),
            ),
            accessibility: ids("signpost:accessibility", &mut ACCESSIBILITY.iter().copied()),
            org_type_codes: org_types(site).into_iter().map(|(c, _)| c).collect(),
            org_types: ids(
                "signpost:organisation-types",
                &mut org_types(site).iter().map(|(c, _)| c.as_str()),
            ),
            pregnancy: pregnancy_term().id(),
            send: send_ages(site)
                .into_iter()
                .map(|m| (m, send_term(m).id()))
                .collect(),
        }
    }
}

/// Position of `code` in a vocabulary, picking its id from a list made in the same order.
fn by_code<'t, T>(
    vocab: &[T],
    code_of: impl Fn(&T) -> &str,
    ids: &'t [String],
    code: &str,
) -> Option<&'t str> {
    vocab
        .iter()
        .position(|x| code_of(x) == code)
        .and_then(|i| ids.get(i))
        .map(String::as_str)
}

fn attribute_id(link_id: &str, link_type: &str, term_id: &str) -> String {
    child_id(link_id, &format!("attribute/{link_type}/{term_id}"))
}

/// A link from a record to a taxonomy term. The term itself is published once, in
/// taxonomy_terms.json; repeating it inside every record made the export many times larger.
fn attribute<'a>(
    link_id: &'a str,
    link_type: &'static str,
    term_id: &'a str,
) -> oruk::Attribute<'a> {
    oruk::Attribute {
        id: Some(attribute_id(link_id, link_type, term_id).into()),
        link_id: Some(link_id.into()),
        link_type: Some(link_type.into()),
        taxonomy_term_id: Some(term_id.into()),
        taxonomy_term: None,
    }
}

/// The same, for records made once per build (organisations, venues) that own their text.
fn owned_attribute(
    link_id: &str,
    link_type: &'static str,
    term_id: &str,
) -> oruk::Attribute<'static> {
    oruk::Attribute {
        id: Some(attribute_id(link_id, link_type, term_id).into()),
        link_id: Some(link_id.to_string().into()),
        link_type: Some(link_type.into()),
        taxonomy_term_id: Some(term_id.to_string().into()),
        taxonomy_term: None,
    }
}

/// The service description: summary, body, who it is for and how to get it, as paragraphs.
pub fn service_description(s: &Service) -> String {
    let mut parts = vec![s.summary.trim().to_string()];
    if !s.body.trim().is_empty() {
        parts.push(s.body.trim().to_string());
    }
    let who = [
        s.eligibility
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string),
        haf_who(s),
    ];
    let who: Vec<String> = who.into_iter().flatten().collect();
    if !who.is_empty() {
        parts.push(format!("{WHO_MARKER}{}", who.join(" ")));
    }
    let how = [
        Some(s.how_to_access.trim().to_string()),
        haf_how(s),
        contact_how(s),
    ];
    let how: Vec<String> = how.into_iter().flatten().collect();
    parts.push(format!("{HOW_MARKER}{}", how.join(" ")));
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

fn owned(text: Option<&str>) -> Option<Cow<'static, str>> {
    text.map(|t| Cow::Owned(t.to_string()))
}

// ---------------------------------------------------------------------------------------
// Organisations and venues: made once per build, then written into every record that
// names them.

/// An organisation as an HSDS organization: in full (inside a full service record) and
/// its one-to-one fields (what lists carry).
struct Org {
    full: oruk::Organization<'static>,
    short: oruk::Organization<'static>,
}

impl Org {
    fn new(o: &Organisation, terms: &TermIds) -> Org {
        let id = organisation_id(o);
        let short = oruk::Organization {
            name: owned(Some(&o.name)),
            description: owned(Some(&summary_and_body(&o.name, &o.summary, &o.body))),
            email: owned(text(o.contact.email.as_deref())),
            website: owned(text(o.contact.website.as_deref())),
            id: owned(Some(&id)),
            ..Default::default()
        };
        let full = oruk::Organization {
            organization_identifiers: o
                .charity_number
                .iter()
                .map(|n| oruk::OrganizationIdentifier {
                    id: owned(Some(&child_id(&id, "identifier/charity"))),
                    organization_id: owned(Some(&id)),
                    identifier_scheme: Some("GB-CHC".into()),
                    identifier_type: Some("Charity number".into()),
                    identifier: owned(Some(n)),
                })
                .collect(),
            attributes: by_code(&terms.org_type_codes, |c| c, &terms.org_types, &o.kind)
                .map(|t| owned_attribute(&id, "organisation_type", t))
                .into_iter()
                .collect(),
            ..short.clone()
        };
        Org { full, short }
    }

    fn id(&self) -> &str {
        self.short.id.as_deref().unwrap_or_default()
    }
}

/// A venue as an HSDS location with its address, accessibility and area (`full`), and its
/// one-to-one fields (`short`, what lists carry).
struct Place {
    full: oruk::Location<'static>,
    short: oruk::Location<'static>,
}

fn venue_hub(site: &Site, vi: usize) -> Option<(usize, bool)> {
    let v = &site.venues[vi];
    let building = site.hubs.iter().position(|h| h.venue == v.id);
    match v.hub.as_deref().and_then(|h| site.hub_ix.get(h)) {
        Some(&h) => Some((h, building == Some(h))),
        None => building.map(|h| (h, true)),
    }
}

impl Place {
    fn new(site: &Site, vi: usize, terms: &TermIds) -> Place {
        let v = &site.venues[vi];
        let id = venue_id(v);
        let a = &v.address;
        let line = match &a.line2 {
            Some(l2) => format!("{}, {l2}", a.line1),
            None => a.line1.clone(),
        };
        let mut attributes = Vec::new();
        if let Some(&li) = site.locality_ix.get(&v.locality) {
            attributes.push(owned_attribute(&id, "locality", &terms.localities[li]));
        }
        if let Some((h, building)) = venue_hub(site, vi) {
            let link = if building {
                "family_hub_building"
            } else {
                "family_hub"
            };
            attributes.push(owned_attribute(&id, link, &terms.hubs[h]));
        }
        let short = oruk::Location {
            id: owned(Some(&id)),
            location_type: Some("physical".into()),
            name: owned(Some(&v.name)),
            description: owned(text(Some(&v.body))),
            latitude: Some(v.latitude),
            longitude: Some(v.longitude),
            ..Default::default()
        };
        let full = oruk::Location {
            addresses: vec![oruk::Address {
                id: owned(Some(&child_id(&id, "address"))),
                location_id: owned(Some(&id)),
                address_1: owned(Some(&line)),
                city: owned(Some(&a.town)),
                // The UK profile requires state_province: the county, else the town.
                state_province: owned(Some(a.county.as_deref().unwrap_or(&a.town))),
                postal_code: owned(Some(&v.postcode)),
                country: Some("GB".into()),
                address_type: Some("physical".into()),
            }],
            accessibility: v
                .accessibility
                .iter()
                .filter_map(|c| {
                    let label = ACCESSIBILITY
                        .contains(&c.as_str())
                        .then(|| accessibility_label(c))?;
                    (!label.is_empty()).then(|| oruk::Accessibility {
                        id: owned(Some(&child_id(&id, &format!("accessibility/{c}")))),
                        location_id: owned(Some(&id)),
                        description: Some(label.into()),
                        accessibility: None,
                    })
                })
                .collect(),
            attributes,
            ..short.clone()
        };
        Place { full, short }
    }

    fn id(&self) -> &str {
        self.short.id.as_deref().unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------
// Services

/// The one-to-one fields of a service, borrowed from `head`: what lists carry, and the
/// start of every record that names the service.
fn one_to_one<'a>(head: &'a oruk::Service<'_>) -> oruk::Service<'a> {
    oruk::Service {
        id: borrow(&head.id),
        organization_id: borrow(&head.organization_id),
        name: borrow(&head.name),
        description: borrow(&head.description),
        url: borrow(&head.url),
        email: borrow(&head.email),
        status: borrow(&head.status),
        minimum_age: head.minimum_age,
        maximum_age: head.maximum_age,
        assured_date: borrow(&head.assured_date),
        ..Default::default()
    }
}

pub fn service_at_location_id(sid: &str, location_id: &str) -> String {
    child_id(sid, &format!("at/{location_id}"))
}

fn years(a: Age) -> Number {
    Number(f64::from(a.0.max(0)) / 12.0)
}

fn status(s: &Service) -> &'static str {
    if s.paused {
        "temporarily closed"
    } else {
        "active"
    }
}

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn schedule<'a>(
    sid: &'a str,
    i: usize,
    s: &'a Session,
    sal: Option<&'a str>,
) -> oruk::Schedule<'a> {
    let prefix = match (s.frequency, s.week) {
        (Frequency::Monthly, Some(w)) => w.to_string(),
        _ => String::new(),
    };
    let byday: Vec<String> = s
        .days
        .iter()
        .map(|d| format!("{prefix}{}", BYDAY[*d as usize]))
        .collect();
    oruk::Schedule {
        id: Some(child_id(sid, &format!("schedule/{i}")).into()),
        service_id: Some(sid.into()),
        service_at_location_id: sal.map(Cow::Borrowed),
        freq: Some(if s.frequency == Frequency::Monthly {
            "MONTHLY".into()
        } else {
            "WEEKLY".into()
        }),
        interval: (s.frequency == Frequency::Fortnightly).then_some(Number(2.0)),
        byday: Some(byday.join(",").into()),
        dtstart: dated_dtstart(s).map(Cow::Owned),
        valid_from: dated_bounds(s).0.map(|d| d.to_string().into()),
        valid_to: dated_bounds(s).1.map(|d| d.to_string().into()),
        opens_at: Some(s.starts.hhmm().into()),
        closes_at: Some(s.ends.hhmm().into()),
        description: Some(dated_description(s).into()),
        notes: text(s.notes.as_deref()).map(Cow::Borrowed),
    }
}

// --- localoffer: dated sessions in the open data

/// A session's first and last dates: its range, or its first and last one-off dates.
fn dated_bounds(s: &Session) -> (Option<jiff::civil::Date>, Option<jiff::civil::Date>) {
    let x = &s.dated;
    (
        x.on.first().copied().or(x.starts_on),
        x.on.last().copied().or(x.ends_on),
    )
}

/// The schedule's description: the session's wording with "school holidays only" (which
/// the import reads back, as it does "term time only") but without its dates, which are in
/// valid_from and valid_to. Closure dates and the list of one-off dates have no place in
/// the ORUK schedule and are left out.
fn dated_description(s: &Session) -> String {
    let mut plain = s.clone();
    plain.dated = crate::content::model::Dated {
        holidays_only: s.dated.holidays_only,
        ..Default::default()
    };
    text::session(&plain)
}

// --- holidays: dtstart and HAF places in the open data

/// A schedule's dtstart, "the date of the first event": a fortnightly session's
/// `from_date` (which fixes its weeks, and which the import reads back), else a dated
/// session's first date (its first one-off date, or `starts_on`); none for a session that
/// has always run.
fn dated_dtstart(s: &Session) -> Option<String> {
    s.from_date
        .or_else(|| dated_bounds(s).0)
        .map(|d| d.to_string())
}

/// Who can get a free Holiday Activities and Food place, in words, for the description's
/// "Who can use it" (ORUK 3.0 has no field for it; the import reads the paragraph back as
/// the service's eligibility).
fn haf_who(s: &Service) -> Option<String> {
    let h = s.haf.as_ref()?;
    let m = crate::render::messages::active();
    let mut out = Vec::new();
    if !h.eligibility.is_empty() {
        let names: Vec<String> = h
            .eligibility
            .iter()
            .map(|c| crate::render::holidays::eligibility_name(c))
            .collect();
        out.push(m.text("haf.open_data.who", &[("who", &names.join("; "))]));
    }
    out.extend(h.eligibility_notes.as_deref().map(|n| n.trim().to_string()));
    if let Some(n) = h.places {
        out.push(format!("{}.", m.count("haf.places", n as usize, &[])));
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// The service's other phone numbers, each with what it is for, and its referral form, for
/// the description's "How to get this help". This profile of ORUK 3.0 has phones only
/// inside named contacts, and no field for a form, so they travel as words (the import
/// reads the paragraph back as how to access).
fn contact_how(s: &Service) -> Option<String> {
    let m = crate::render::messages::active();
    let mut out = Vec::new();
    for p in &s.contact.phones {
        let kind = match p.kind.as_str() {
            "text" => m.text("local_offer.contact.text", &[]),
            "whatsapp" => m.text("local_offer.contact.whatsapp", &[]),
            "out-of-hours" => m.text("local_offer.contact.out_of_hours", &[]),
            _ => m.text("local_offer.contact.call", &[]),
        };
        let label = match &p.label {
            Some(l) => m.text(
                "local_offer.contact.labelled",
                &[("kind", &kind), ("label", l)],
            ),
            None => m.text("local_offer.contact.kind", &[("kind", &kind)]),
        };
        out.push(format!("{label} {}.", p.number));
    }
    if let Some(f) = &s.contact.referral_form {
        out.push(format!(
            "{} {f}.",
            m.text("local_offer.contact.referral_form", &[])
        ));
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// How to book a HAF place, for the description's "How to get this help".
fn haf_how(s: &Service) -> Option<String> {
    let h = s.haf.as_ref()?;
    let m = crate::render::messages::active();
    let mut out = Vec::new();
    if let Some(b) = &h.booking {
        out.push(m.text("haf.open_data.book", &[("link", b)]));
    }
    out.extend(h.booking_code.as_deref().map(|c| c.trim().to_string()));
    (!out.is_empty()).then(|| out.join(" "))
}

fn cost_option<'a>(sid: &'a str, c: &'a Cost) -> oruk::CostOption<'a> {
    let (option, amount, amount_description) = match c {
        Cost::Free => (Some("Free"), Some(Number(0.0)), None),
        Cost::Paid { amount, per, notes } => (
            text(notes.as_deref()),
            amount.map(Number),
            per.as_ref().map(|p| format!("per {p}").into()),
        ),
    };
    oruk::CostOption {
        id: Some(child_id(sid, "cost").into()),
        service_id: Some(sid.into()),
        option: option.map(Cow::Borrowed),
        amount,
        amount_description,
    }
}

/// Everything made once per build that service records are assembled from.
struct Prep<'s> {
    site: &'s Site,
    terms: TermIds,
    orgs: Vec<Org>,
    places: Vec<Place>,
    /// Service ids, by service index.
    ids: Vec<String>,
    /// service_at_location ids, by service index then the service's venues in order.
    sal_ids: Vec<Vec<String>>,
    /// Childcare providers come after the services: record index `site.services.len() + k`
    /// is provider k, its organisation is `orgs[cc_orgs + k]` and its place `places[cc_places
    /// + k]`.
    cc_orgs: usize,
    cc_places: usize,
}

impl<'s> Prep<'s> {
    fn new(site: &'s Site) -> Prep<'s> {
        let terms = TermIds::new(site);
        let mut orgs: Vec<Org> = site
            .organisations
            .par_iter()
            .map(|o| Org::new(o, &terms))
            .collect();
        let mut places: Vec<Place> = (0..site.venues.len())
            .into_par_iter()
            .map(|vi| Place::new(site, vi, &terms))
            .collect();
        let (cc_orgs, cc_places) = (orgs.len(), places.len());
        orgs.extend(site.childcare.iter().map(childcare_org));
        places.extend(
            site.childcare
                .iter()
                .map(|p| childcare_place(site, p, &terms)),
        );
        let (mut ids, mut sal_ids): (Vec<String>, Vec<Vec<String>>) = (0..site.services.len())
            .into_par_iter()
            .map(|si| {
                let sid = service_id(&site.services[si]);
                let sals = site.svc[si]
                    .venues
                    .iter()
                    .map(|&vi| service_at_location_id(&sid, places[vi].id()))
                    .collect();
                (sid, sals)
            })
            .unzip();
        for (k, p) in site.childcare.iter().enumerate() {
            let sid = childcare_service_id(p);
            sal_ids.push(vec![service_at_location_id(
                &sid,
                places[cc_places + k].id(),
            )]);
            ids.push(sid);
        }
        Prep {
            site,
            terms,
            orgs,
            places,
            ids,
            sal_ids,
            cc_orgs,
            cc_places,
        }
    }

    /// The childcare provider a record index stands for, if it is one.
    fn provider(&self, si: usize) -> Option<usize> {
        si.checked_sub(self.site.services.len())
    }

    /// The places (indices into `places`) of a record.
    fn venues(&self, si: usize) -> std::borrow::Cow<'_, [usize]> {
        match self.provider(si) {
            Some(k) => vec![self.cc_places + k].into(),
            None => self.site.svc[si].venues.as_slice().into(),
        }
    }

    fn org(&self, si: usize) -> Option<&Org> {
        match self.provider(si) {
            Some(k) => self.orgs.get(self.cc_orgs + k),
            None => self.orgs.get(self.site.svc[si].organisation?),
        }
    }

    /// A service's one-to-one fields (see [`one_to_one`]).
    fn one_to_one_fields(&self, si: usize) -> oruk::Service<'_> {
        if let Some(k) = self.provider(si) {
            return self.childcare_head(k);
        }
        let s = &self.site.services[si];
        oruk::Service {
            id: Some(self.ids[si].as_str().into()),
            organization_id: self.org(si).map(|o| o.id().into()),
            name: Some(s.name.as_str().into()),
            description: Some(
                with_local_offer(self.site, s.local_offer.as_ref(), service_description(s)).into(),
            ),
            url: text(s.contact.website.as_deref()).map(Cow::Borrowed),
            email: text(s.contact.email.as_deref()).map(Cow::Borrowed),
            status: Some(status(s).into()),
            // An adults-only service without children's ages is for people of 18 and over.
            minimum_age: match &s.ages {
                Some(a) => Some(years(a.from)),
                None if s.adults_only() => Some(Number(18.0)),
                None => None,
            },
            maximum_age: s.ages.as_ref().map(|a| years(a.to)),
            assured_date: Some(s.reviewed.to_string().into()),
            ..Default::default()
        }
    }

    /// A service in a list: its one-to-one fields and its organisation's.
    fn short<'a>(&'a self, si: usize, head: &'a oruk::Service<'a>) -> oruk::Service<'a> {
        oruk::Service {
            organization: self.org(si).map(|o| Cow::Borrowed(&o.short)),
            ..one_to_one(head)
        }
    }

    /// Just enough of a service to name it in the list of services at locations.
    fn reference(&self, si: usize) -> oruk::Service<'_> {
        if let Some(k) = self.provider(si) {
            let head = self.childcare_head(k);
            return oruk::Service {
                description: None,
                url: None,
                email: None,
                minimum_age: None,
                maximum_age: None,
                assured_date: None,
                ..head
            };
        }
        let s = &self.site.services[si];
        oruk::Service {
            id: Some(self.ids[si].as_str().into()),
            organization_id: self.org(si).map(|o| o.id().into()),
            name: Some(s.name.as_str().into()),
            status: Some(status(s).into()),
            ..Default::default()
        }
    }

    /// The areas a service covers (`where.covers`) as (code, term id, name), in content
    /// order.
    fn covered(&self, s: &'s Service) -> Vec<(&str, &str, &str)> {
        let site = self.site;
        match &s.where_.covers {
            None => Vec::new(),
            Some(Covers::Borough) => vec![(WHOLE_AREA, &self.terms.whole_area, &site.config.area)],
            Some(Covers::Areas(ids)) => ids
                .iter()
                .filter_map(|a| {
                    if let Some(&l) = site.locality_ix.get(a) {
                        Some((
                            a.as_str(),
                            &*self.terms.localities[l],
                            &*site.localities[l].name,
                        ))
                    } else {
                        site.hub_ix
                            .get(a)
                            .map(|&h| (a.as_str(), &*self.terms.hubs[h], &*site.hubs[h].name))
                    }
                })
                .collect(),
        }
    }

    /// The service's attributes: needs, level, access routes, delivery, languages,
    /// accessibility, age conditions and areas covered.
    fn attributes<'a>(&'a self, si: usize, sid: &'a str) -> Vec<oruk::Attribute<'a>> {
        let s = &self.site.services[si];
        let t = &self.terms;
        let mut out: Vec<oruk::Attribute> = self.site.svc[si]
            .needs
            .iter()
            .map(|&ni| attribute(sid, "need", &t.needs[ni]))
            .collect();
        out.push(attribute(
            sid,
            "level_of_need",
            &t.levels[(s.level.clamp(1, 4) - 1) as usize],
        ));
        out.extend(
            s.access
                .iter()
                .filter_map(|r| by_code(ROUTES, |(c, _, _)| c, &t.routes, r))
                .map(|id| attribute(sid, "access_route", id)),
        );
        let w = &s.where_;
        for (on, code) in [
            (w.home_visits, "home-visits"),
            (w.online, "online"),
            (w.by_phone, "phone"),
            (w.confidential, "confidential"),
        ] {
            if on && let Some(id) = by_code(DELIVERY, |(c, _)| c, &t.delivery, code) {
                out.push(attribute(sid, "delivery", id));
            }
        }
        out.extend(
            s.languages
                .iter()
                .filter_map(|l| by_code(&t.language_codes, |c| c, &t.languages, l))
                .map(|id| attribute(sid, "language", id)),
        );
        out.extend(
            s.accessibility
                .iter()
                .filter_map(|a| by_code(ACCESSIBILITY, |c| c, &t.accessibility, a))
                .map(|id| attribute(sid, "accessibility", id)),
        );
        if s.ages.as_ref().is_some_and(|a| a.from.is_pregnancy()) {
            out.push(attribute(sid, "eligibility", &t.pregnancy));
        }
        if let Some(id) = s
            .ages
            .as_ref()
            .and_then(|a| a.send_to)
            .and_then(|a| t.send.get(&a.0))
        {
            out.push(attribute(sid, "eligibility", id));
        }
        out.extend(
            self.covered(s)
                .into_iter()
                .map(|(_, id, _)| attribute(sid, "service_area", id)),
        );
        out.extend(local_offer_attributes(
            self.site,
            s.local_offer.as_ref(),
            sid,
        ));
        out.extend(audience_attributes(s, sid));
        out
    }

    /// The fully nested service record (GET /services/{id}).
    fn full<'a>(&'a self, si: usize, head: &'a oruk::Service<'a>) -> oruk::Service<'a> {
        if let Some(k) = self.provider(si) {
            return self.childcare_full(k, head);
        }
        let site = self.site;
        let s = &site.services[si];
        let sid = &*self.ids[si];
        let venues = &site.svc[si].venues;
        let sal_ids = &self.sal_ids[si];
        let mut schedules: Vec<oruk::Schedule> = s
            .schedule
            .iter()
            .enumerate()
            .map(|(i, sess)| {
                let sal = sess.venue.as_ref().and_then(|v| {
                    venues
                        .iter()
                        .position(|&vi| &site.venues[vi].id == v)
                        .map(|k| sal_ids[k].as_str())
                });
                schedule(sid, i, sess, sal)
            })
            .collect();
        if let Some(n) = text(s.schedule_notes.as_deref()) {
            schedules.push(oruk::Schedule {
                id: Some(child_id(sid, "schedule/notes").into()),
                service_id: Some(sid.into()),
                description: Some(n.into()),
                ..Default::default()
            });
        }
        let covered = self.covered(s);
        oruk::Service {
            schedules,
            service_areas: covered
                .iter()
                .map(|&(code, _, name)| oruk::ServiceArea {
                    id: Some(child_id(sid, &format!("area/{code}")).into()),
                    service_id: Some(sid.into()),
                    name: Some(name.into()),
                    service_area: None,
                })
                .collect(),
            service_at_locations: venues
                .iter()
                .zip(sal_ids)
                .map(|(&vi, id)| {
                    let place = &self.places[vi];
                    oruk::ServiceAtLocation {
                        id: Some(id.as_str().into()),
                        service_id: Some(sid.into()),
                        location_id: Some(place.id().into()),
                        location: Some(Cow::Borrowed(&place.full)),
                        service: None,
                    }
                })
                .collect(),
            languages: s
                .languages
                .iter()
                .map(|l| oruk::Language {
                    id: Some(child_id(sid, &format!("language/{l}")).into()),
                    service_id: Some(sid.into()),
                })
                .collect(),
            organization: self.org(si).map(|o| Cow::Borrowed(&o.full)),
            cost_options: vec![cost_option(sid, &s.cost)],
            attributes: self.attributes(si, sid),
            ..one_to_one(head)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing

/// Services (and services at locations) per page of the paged lists.
pub const PAGE_SIZE: usize = 1000;

/// Pages made in parallel before their full records are appended to the ndjson feed:
/// enough work for every core, while memory holds only these pages' records at a time.
const PAGES_AT_ONCE: usize = 4;

/// Why the open data could not be written.
#[derive(thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the open data: {0}")]
    Serialise(#[source] serde_json::Error),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write services.csv: {0}")]
    Csv(#[source] csv::Error),
    /// A thread writing to memory panicked while holding the files.
    #[error("the export failed")]
    Poisoned,
}

crate::debug_as_message!(ExportError);

fn page<T>(
    total_items: usize,
    per_page: usize,
    page_number: usize,
    contents: &[T],
) -> oruk::Page<&[T]> {
    let total_pages = total_items.div_ceil(per_page).max(1);
    oruk::Page {
        total_items,
        total_pages,
        page_number,
        size: contents.len(),
        first_page: page_number == 1,
        last_page: page_number == total_pages,
        empty: total_items == 0,
        contents,
    }
}

fn to_bytes<T: Serialize>(v: &T) -> Result<Vec<u8>, ExportError> {
    // A record is a few kilobytes; serde_json would start at 128 bytes and grow.
    let mut out = Vec::with_capacity(8 * 1024);
    serde_json::to_writer(&mut out, v).map_err(ExportError::Serialise)?;
    Ok(out)
}

/// Where the export goes: the build's staging folder, or memory for tests.
pub trait Out: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError>;
    /// Adds to the end of a file, starting it when it does not exist yet.
    fn append(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError>;
}

impl Out for crate::output::Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        crate::output::Staging::write(self, rel, bytes).map_err(|source| ExportError::Write {
            path: rel.to_string(),
            source,
        })
    }
    fn append(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        crate::output::Staging::append(self, rel, bytes).map_err(|source| ExportError::Write {
            path: rel.to_string(),
            source,
        })
    }
}

/// The files in memory, by path.
#[derive(Default)]
pub struct Memory(std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>);

impl Memory {
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.0
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .collect()
    }
}

impl Out for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        let mut files = self.0.lock().map_err(|_| ExportError::Poisoned)?;
        files.insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
    fn append(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        let mut files = self.0.lock().map_err(|_| ExportError::Poisoned)?;
        files
            .entry(rel.to_string())
            .or_default()
            .extend_from_slice(bytes);
        Ok(())
    }
}

/// Counts the files written (a file written in parts is counted by the caller).
struct Counted<'a> {
    out: &'a dyn Out,
    files: std::sync::atomic::AtomicUsize,
}

impl Counted<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.out.write(rel, bytes)
    }
}

const NDJSON: &str = "api/services.ndjson";

/// Every file under /api/, in memory: (path relative to the site root, bytes), by path.
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    files_paged(site, PAGE_SIZE)
}

/// The same with another page size (tests use small pages to see several).
pub fn files_paged(site: &Site, per_page: usize) -> Vec<(String, Vec<u8>)> {
    let memory = Memory::default();
    // Writing to memory cannot fail.
    let _ = write_paged(site, &memory, per_page);
    memory.into_files()
}

/// Writes every file under /api/. Returns how many files were written.
pub fn write(site: &Site, out: &dyn Out) -> Result<usize, ExportError> {
    write_paged(site, out, PAGE_SIZE)
}

/// Records are made a few pages at a time, in parallel, and written as they are made, so
/// memory does not grow with the directory.
fn write_paged(site: &Site, out: &dyn Out, per_page: usize) -> Result<usize, ExportError> {
    let per_page = per_page.max(1);
    let out = Counted {
        out,
        files: Default::default(),
    };
    let prep = Prep::new(site);
    // Ordered by name then id, not by content id, so a re-import with other file names
    // lists services in the same order.
    let names = site
        .services
        .iter()
        .map(|s| &s.name)
        .chain(site.childcare.iter().map(|p| &p.name));
    let mut order: Vec<(String, &str, usize)> = names
        .enumerate()
        .map(|(i, name)| (name.to_lowercase(), prep.ids[i].as_str(), i))
        .collect();
    order.sort_unstable();
    let order: Vec<usize> = order.into_iter().map(|(_, _, i)| i).collect();

    out.write(
        "api/index.json",
        &to_bytes(&oruk::Index {
            version: VERSION.into(),
            profile: PROFILE_URL.into(),
            openapi_url: OPENAPI_URL.into(),
        })?,
    )?;
    let taxonomies: Vec<oruk::Taxonomy> = TAXONOMIES
        .iter()
        .map(|&(code, name, description)| oruk::Taxonomy {
            id: Some(taxonomy_id(code).into()),
            name: Some(name.into()),
            description: Some(description.into()),
            version: Some("1".into()),
        })
        .collect();
    out.write(
        "api/taxonomies.json",
        &to_bytes(&page(
            taxonomies.len(),
            taxonomies.len().max(1),
            1,
            &taxonomies,
        ))?,
    )?;
    let terms = all_terms(site);
    let records: Vec<oruk::TaxonomyTerm> = terms.iter().map(Term::record).collect();
    out.write(
        "api/taxonomy_terms.json",
        &to_bytes(&page(records.len(), records.len().max(1), 1, &records))?,
    )?;

    let services = order.len();
    let sals: usize = (0..order.len()).map(|si| prep.venues(si).len()).sum();
    // The ndjson feed is started even when there is nothing to put in it.
    out.write(NDJSON, b"")?;
    let mut sal_rows: Vec<oruk::ServiceAtLocation> = Vec::new();
    let mut sal_pages = 0;
    for (batch_no, batch) in order.chunks(per_page * PAGES_AT_ONCE).enumerate() {
        let heads: Vec<oruk::Service> = batch
            .par_iter()
            .map(|&si| prep.one_to_one_fields(si))
            .collect();
        // Full records: a file each, the same bytes as their ndjson lines.
        let lines = batch
            .par_iter()
            .zip(&heads)
            .map(|(&si, head)| -> Result<Vec<u8>, ExportError> {
                let sid = prep.ids[si].as_str();
                let mut bytes = to_bytes(&prep.full(si, head))?;
                out.write(&format!("api/services/{sid}.json"), &bytes)?;
                for (&vi, id) in prep.venues(si).iter().zip(&prep.sal_ids[si]) {
                    let place = &prep.places[vi];
                    // One service at one venue: the venue in full, and the service's
                    // one-to-one fields; its full record is /api/services/{sid}.json.
                    let record = oruk::ServiceAtLocation {
                        id: Some(id.as_str().into()),
                        service_id: Some(sid.into()),
                        location_id: Some(place.id().into()),
                        location: Some(Cow::Borrowed(&place.full)),
                        service: Some(Box::new(prep.short(si, head))),
                    };
                    out.write(
                        &format!("api/service_at_locations/{id}.json"),
                        &to_bytes(&record)?,
                    )?;
                }
                bytes.push(b'\n');
                Ok(bytes)
            })
            .collect::<Result<Vec<Vec<u8>>, ExportError>>()?;
        out.out.append(NDJSON, &lines.concat())?;
        drop(lines);
        // Pages of the service list.
        heads
            .par_chunks(per_page)
            .zip(batch.par_chunks(per_page))
            .enumerate()
            .try_for_each(|(k, (heads, sis))| -> Result<(), ExportError> {
                let number = batch_no * PAGES_AT_ONCE + k + 1;
                let items: Vec<oruk::Service> = sis
                    .iter()
                    .zip(heads)
                    .map(|(&si, head)| prep.short(si, head))
                    .collect();
                let bytes = to_bytes(&page(services, per_page, number, &items))?;
                out.write(&format!("api/services/page/{number}.json"), &bytes)?;
                if number == 1 {
                    out.write("api/services.json", &bytes)?;
                }
                Ok(())
            })?;
        // Rows of the list of services at locations, written a page at a time.
        for &si in batch {
            let sid = prep.ids[si].as_str();
            for (&vi, id) in prep.venues(si).iter().zip(&prep.sal_ids[si]) {
                let place = &prep.places[vi];
                sal_rows.push(oruk::ServiceAtLocation {
                    id: Some(id.as_str().into()),
                    service_id: Some(sid.into()),
                    location_id: Some(place.id().into()),
                    location: Some(Cow::Borrowed(&place.short)),
                    service: Some(Box::new(prep.reference(si))),
                });
            }
        }
        let full = sal_rows.len() / per_page * per_page;
        for rows in sal_rows[..full].chunks(per_page) {
            sal_pages += 1;
            write_sal_page(&out, sals, per_page, sal_pages, rows)?;
        }
        sal_rows.drain(..full);
    }
    if services == 0 {
        let empty = to_bytes(&page::<oruk::Service>(0, per_page, 1, &[]))?;
        out.write("api/services/page/1.json", &empty)?;
        out.write("api/services.json", &empty)?;
    }
    if !sal_rows.is_empty() || sal_pages == 0 {
        sal_pages += 1;
        write_sal_page(&out, sals, per_page, sal_pages, &sal_rows)?;
    }
    Ok(out.files.into_inner())
}

fn write_sal_page(
    out: &Counted,
    total: usize,
    per_page: usize,
    number: usize,
    rows: &[oruk::ServiceAtLocation],
) -> Result<(), ExportError> {
    let bytes = to_bytes(&page(total, per_page, number, rows))?;
    out.write(
        &format!("api/service_at_locations/page/{number}.json"),
        &bytes,
    )?;
    if number == 1 {
        out.write("api/service_at_locations.json", &bytes)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// --- childcare: Ofsted-registered providers, each a service of its own organisation
//
// A provider's type, funded hours and latest inspection travel as attributes in three
// `signpost:` taxonomies. Its place comes only from `ChildcareProvider::public_place`: a
// childminder who has not agreed to publish their home gets the area and postcode district,
// with no position.

use crate::content::childcare::{self, ChildcareProvider, value_name};

pub fn childcare_service_id(p: &ChildcareProvider) -> String {
    uid(&format!("childcare:{}", p.id)).to_string()
}

fn childcare_org_id(p: &ChildcareProvider) -> String {
    uid(&format!("childcare-organisation:{}", p.id)).to_string()
}

fn childcare_location_id(p: &ChildcareProvider) -> String {
    uid(&format!("childcare-location:{}", p.id)).to_string()
}

/// The code of an inspection term: `overall-good`, `safeguarding-met`,
/// `inclusion-strong-standard`.
fn inspection_code(part: &str, grade: &str) -> String {
    format!("{part}-{grade}")
}

/// The terms of the childcare taxonomies, when the site lists providers (a site without
/// them publishes the same terms as before).
fn childcare_terms(site: &Site) -> Vec<Term> {
    let mut out = Vec::new();
    if site.childcare.is_empty() {
        return out;
    }
    for t in childcare::PROVIDER_TYPES {
        out.push(Term::new(
            "signpost:childcare-types",
            t,
            &value_name("childcare.types", t),
            "",
        ));
    }
    for e in childcare::ENTITLEMENTS {
        out.push(Term::new(
            "signpost:funded-entitlements",
            e,
            &value_name("childcare.funded", e),
            "",
        ));
    }
    out.push(Term::new(
        "signpost:funded-entitlements",
        "stretched",
        "Funded hours can be stretched over the year",
        "The funded hours can be taken over more than 38 weeks a year, fewer hours a week.",
    ));
    for g in childcare::OVERALL_GRADES {
        out.push(Term::new(
            "signpost:inspections",
            &inspection_code("overall", g),
            &format!("Overall: {}", value_name("childcare.grades", g)),
            "The overall grade of an inspection before November 2025.",
        ));
    }
    for g in childcare::SAFEGUARDING {
        out.push(Term::new(
            "signpost:inspections",
            &inspection_code("safeguarding", g),
            &format!("Safeguarding: {}", value_name("childcare.safeguarding", g)),
            "Whether a report card inspection found safeguarding met.",
        ));
    }
    for a in childcare::REPORT_AREAS {
        for g in childcare::REPORT_CARD_GRADES {
            out.push(Term::new(
                "signpost:inspections",
                &inspection_code(a, g),
                &format!(
                    "{}: {}",
                    value_name("childcare.areas", a),
                    value_name("childcare.card_grades", g)
                ),
                "A report card's grade for one evaluation area (from November 2025).",
            ));
        }
    }
    out
}

/// The provider as its own organisation, with its Ofsted URN.
fn childcare_org(p: &ChildcareProvider) -> Org {
    let id = childcare_org_id(p);
    let short = oruk::Organization {
        name: owned(Some(&p.name)),
        description: owned(Some(&summary_and_body(&p.name, &p.summary, &p.body))),
        email: owned(text(p.contact.email.as_deref())),
        website: owned(text(p.contact.website.as_deref())),
        id: owned(Some(&id)),
        ..Default::default()
    };
    let full = oruk::Organization {
        organization_identifiers: p
            .urn
            .iter()
            .map(|urn| oruk::OrganizationIdentifier {
                id: owned(Some(&child_id(&id, "identifier/ofsted"))),
                organization_id: owned(Some(&id)),
                identifier_scheme: None,
                identifier_type: Some("Ofsted URN".into()),
                identifier: owned(Some(urn)),
            })
            .collect(),
        ..short.clone()
    };
    Org { full, short }
}

/// Where the provider is, as far as it may be published.
fn childcare_place(site: &Site, p: &ChildcareProvider, terms: &TermIds) -> Place {
    let id = childcare_location_id(p);
    let place = p.public_place(&site.postcodes);
    let area = site.locality_ix.get(&p.locality).copied();
    let area_name = area.map_or(p.locality.as_str(), |li| &site.localities[li].name);
    let attributes = area
        .map(|li| owned_attribute(&id, "locality", &terms.localities[li]))
        .into_iter()
        .collect();
    let (address, name, description, point) = match &place.address {
        Some(a) if !place.withheld => {
            let line = match &a.line2 {
                Some(l2) => format!("{}, {l2}", a.line1),
                None => a.line1.clone(),
            };
            (
                (line, a.town.clone(), a.county.clone().unwrap_or(a.town.clone())),
                p.name.clone(),
                None,
                place.point,
            )
        }
        // The area and postcode district only: no street, no position.
        _ => (
            (
                area_name.to_string(),
                area_name.to_string(),
                site.config.area.clone(),
            ),
            format!("{area_name} ({})", place.postcode),
            Some(
                "A home-based provider: the address is not published, only the area and postcode district."
                    .to_string(),
            ),
            None,
        ),
    };
    let short = oruk::Location {
        id: owned(Some(&id)),
        location_type: Some("physical".into()),
        name: owned(Some(&name)),
        description: description.map(Cow::Owned),
        latitude: point.map(|pt| pt.0),
        longitude: point.map(|pt| pt.1),
        ..Default::default()
    };
    let full = oruk::Location {
        addresses: vec![oruk::Address {
            id: owned(Some(&child_id(&id, "address"))),
            location_id: owned(Some(&id)),
            address_1: owned(Some(&address.0)),
            city: owned(Some(&address.1)),
            state_province: owned(Some(&address.2)),
            postal_code: owned(Some(&place.postcode)),
            country: Some("GB".into()),
            address_type: Some("physical".into()),
        }],
        attributes,
        ..short.clone()
    };
    Place { full, short }
}

impl<'s> Prep<'s> {
    /// A provider's one-to-one fields.
    fn childcare_head(&self, k: usize) -> oruk::Service<'_> {
        let p = &self.site.childcare[k];
        let si = self.site.services.len() + k;
        oruk::Service {
            id: Some(self.ids[si].as_str().into()),
            organization_id: self.org(si).map(|o| o.id().into()),
            name: Some(p.name.as_str().into()),
            description: Some(
                with_local_offer(
                    self.site,
                    p.local_offer.as_ref(),
                    summary_and_body(&p.name, &p.summary, &p.body),
                )
                .into(),
            ),
            url: text(p.contact.website.as_deref()).map(Cow::Borrowed),
            email: text(p.contact.email.as_deref()).map(Cow::Borrowed),
            status: Some("active".into()),
            minimum_age: Some(years(p.ages.from)),
            maximum_age: Some(years(p.ages.to)),
            assured_date: Some(p.reviewed.to_string().into()),
            ..Default::default()
        }
    }

    /// A provider's full record: opening hours, area, place, languages, fees and the
    /// attributes for its type, funded hours, latest inspection and area.
    fn childcare_full<'a>(&'a self, k: usize, head: &'a oruk::Service<'a>) -> oruk::Service<'a> {
        let site = self.site;
        let p = &site.childcare[k];
        let si = site.services.len() + k;
        let sid = &*self.ids[si];
        let sal = self.sal_ids[si][0].as_str();
        let place = &self.places[self.cc_places + k];
        let weeks = value_name("childcare.weeks", &p.weeks);
        let schedules = p
            .opening_hours
            .iter()
            .enumerate()
            .map(|(i, h)| oruk::Schedule {
                id: Some(child_id(sid, &format!("schedule/{i}")).into()),
                service_id: Some(sid.into()),
                service_at_location_id: Some(sal.into()),
                freq: Some("WEEKLY".into()),
                byday: Some(
                    h.days
                        .iter()
                        .map(|d| BYDAY[*d as usize])
                        .collect::<Vec<_>>()
                        .join(",")
                        .into(),
                ),
                opens_at: Some(h.opens.hhmm().into()),
                closes_at: Some(h.closes.hhmm().into()),
                description: Some(weeks.clone().into()),
                ..Default::default()
            })
            .collect();
        let area = site.locality_ix.get(&p.locality).copied();
        let term = |taxonomy: &str, code: &str| term_id(taxonomy, code);
        let mut attributes: Vec<oruk::Attribute> = Vec::new();
        let mut link = |link_type: &'static str, term: String| {
            attributes.push(oruk::Attribute {
                id: Some(attribute_id(sid, link_type, &term).into()),
                link_id: Some(sid.into()),
                link_type: Some(link_type.into()),
                taxonomy_term_id: Some(term.into()),
                taxonomy_term: None,
            })
        };
        link("childcare_type", term("signpost:childcare-types", &p.kind));
        for e in &p.funded {
            link(
                "funded_entitlement",
                term("signpost:funded-entitlements", e),
            );
        }
        if p.stretched && !p.funded.is_empty() {
            link(
                "funded_entitlement",
                term("signpost:funded-entitlements", "stretched"),
            );
        }
        if let Some(i) = p.inspections.first() {
            if let Some(g) = &i.overall {
                link(
                    "inspection",
                    term("signpost:inspections", &inspection_code("overall", g)),
                );
            }
            for (a, g) in &i.areas {
                link(
                    "inspection",
                    term("signpost:inspections", &inspection_code(a, g)),
                );
            }
            if let Some(g) = &i.safeguarding {
                link(
                    "inspection",
                    term("signpost:inspections", &inspection_code("safeguarding", g)),
                );
            }
        }
        if let Some(li) = area {
            link("service_area", self.terms.localities[li].clone());
        }
        attributes.extend(local_offer_attributes(site, p.local_offer.as_ref(), sid));
        oruk::Service {
            schedules,
            service_areas: area
                .map(|li| oruk::ServiceArea {
                    id: Some(child_id(sid, &format!("area/{}", p.locality)).into()),
                    service_id: Some(sid.into()),
                    name: Some(site.localities[li].name.as_str().into()),
                    service_area: None,
                })
                .into_iter()
                .collect(),
            service_at_locations: vec![oruk::ServiceAtLocation {
                id: Some(sal.into()),
                service_id: Some(sid.into()),
                location_id: Some(place.id().into()),
                location: Some(Cow::Borrowed(&place.full)),
                service: None,
            }],
            languages: p
                .languages
                .iter()
                .map(|l| oruk::Language {
                    id: Some(child_id(sid, &format!("language/{l}")).into()),
                    service_id: Some(sid.into()),
                })
                .collect(),
            organization: self.org(si).map(|o| Cow::Borrowed(&o.full)),
            cost_options: p
                .fees
                .iter()
                .enumerate()
                .map(|(i, f)| oruk::CostOption {
                    id: Some(child_id(sid, &format!("cost/{i}")).into()),
                    service_id: Some(sid.into()),
                    option: f
                        .ages
                        .iter()
                        .chain(&f.notes)
                        .cloned()
                        .reduce(|a, b| format!("{a}: {b}"))
                        .map(Cow::Owned),
                    amount: Some(Number(f.amount)),
                    amount_description: Some(
                        format!("per {}", value_name("childcare.per", &f.per)).into(),
                    ),
                })
                .collect(),
            attributes,
            ..one_to_one(head)
        }
    }
}

// --- localoffer: the SEND Local Offer in the open data. The profile's attribute has no
// value, so a service's SEND needs, sections and answered questions are attributes linking
// to terms of three `signpost:` taxonomies, and each answer's text follows its question in
// the description, after [`LOCAL_OFFER_MARKER`] (import splits it off again).

/// Starts each Local Offer answer in a service description: the marker, the question, a
/// line break, the answer.
pub const LOCAL_OFFER_MARKER: &str = "SEND Local Offer: ";

/// The SEND needs (built in, then the site's), the sections and the questions (in the
/// order pages ask them, with the site's wording).
fn local_offer_terms(site: &Site) -> Vec<Term> {
    use crate::content::local_offer::{SECTIONS, name};
    let lo = &site.config.local_offer;
    let mut out: Vec<Term> = lo
        .need_codes()
        .into_iter()
        .map(|c| Term::new("signpost:send-needs", c, &lo.need_name(c), ""))
        .collect();
    out.extend(SECTIONS.iter().map(|c| {
        Term::new(
            "signpost:local-offer-sections",
            c,
            &name("send.sections", c),
            &name("send.section_intros", c),
        )
    }));
    out.extend(
        lo.question_codes()
            .into_iter()
            .map(|c| Term::new("signpost:local-offer-questions", c, &question(site, c), "")),
    );
    out
}

/// A question's wording on one line (it starts a line of the description).
fn question(site: &Site, code: &str) -> String {
    site.config
        .local_offer
        .question(code)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

type LocalOffer = crate::content::local_offer::LocalOffer;

/// A listing's answers in the order of the site's questions.
fn answers<'s>(
    site: &Site,
    lo: Option<&'s LocalOffer>,
) -> Vec<&'s crate::content::local_offer::Answer> {
    let Some(lo) = lo else {
        return Vec::new();
    };
    let order = site.config.local_offer.question_codes();
    let mut out: Vec<_> = lo.answers.iter().collect();
    out.sort_by_key(|a| order.iter().position(|q| *q == a.question));
    out
}

/// A service's or childcare provider's Local Offer attributes.
fn local_offer_attributes(
    site: &Site,
    local_offer: Option<&LocalOffer>,
    sid: &str,
) -> Vec<oruk::Attribute<'static>> {
    let Some(lo) = local_offer else {
        return Vec::new();
    };
    let link =
        |link_type, taxonomy, code: &str| owned_attribute(sid, link_type, &term_id(taxonomy, code));
    let mut out: Vec<_> = lo
        .send_needs
        .iter()
        .map(|c| link("send_need", "signpost:send-needs", c))
        .collect();
    out.extend(
        lo.sections
            .iter()
            .map(|c| link("local_offer_section", "signpost:local-offer-sections", c)),
    );
    out.extend(answers(site, Some(lo)).into_iter().map(|a| {
        link(
            "local_offer_answer",
            "signpost:local-offer-questions",
            &a.question,
        )
    }));
    out
}

/// The description with the listing's Local Offer answers after it.
fn with_local_offer(site: &Site, lo: Option<&LocalOffer>, description: String) -> String {
    let mut out = description;
    for a in answers(site, lo) {
        out.push_str(&format!(
            "\n\n{LOCAL_OFFER_MARKER}{}\n{}",
            question(site, &a.question),
            a.answer.trim()
        ));
    }
    out
}
