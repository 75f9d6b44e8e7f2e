//! What templates see: plain data with every phrase already worded, so templates only lay
//! things out.

use super::markdown;
use super::messages;
use super::text;
use crate::address::Page;
use crate::content::model::*;
use crate::site::Site;
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Serialize)]
pub struct ContactView {
    pub phone: Option<String>,
    pub tel: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub website_label: Option<String>,
}

pub fn contact(c: &Contact) -> ContactView {
    ContactView {
        phone: c.phone.clone(),
        tel: c.phone.as_deref().map(text::tel_href),
        email: c.email.clone(),
        website: c.website.clone(),
        website_label: c.website.as_deref().map(|w| {
            let w = w
                .trim_start_matches("https://")
                .trim_start_matches("http://");
            w.trim_end_matches('/').to_string()
        }),
    }
}

pub(crate) fn where_short(site: &Site, si: usize) -> String {
    let s = &site.services[si];
    let l = &site.svc[si];
    let mut parts: Vec<String> = l
        .venues
        .iter()
        .take(2)
        .map(|&v| site.venues[v].name.clone())
        .collect();
    let m = messages::active();
    if l.venues.len() > 2 {
        parts.push(m.text("where.more_places", &[("count", &(l.venues.len() - 2))]));
    }
    if s.where_.home_visits {
        parts.push(m.text("where.home_visits", &[]));
    }
    if s.where_.online {
        parts.push(m.text("where.online", &[]));
    }
    if s.where_.by_phone {
        parts.push(m.text("where.by_phone", &[]));
    }
    parts.join(&m.text("list.separator", &[]))
}

/// A service as shown in lists: made once per service and kept for the whole build, then
/// turned into template data (`s` in the theme's `card` macro) when a card or the service's
/// page is rendered. A struct, not a JSON value: the values' keys and tree nodes made them
/// about five times the size (240 MB at 100,000 services, most of it kept to the end).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Card {
    pub id: String,
    pub url: String,
    pub name: String,
    pub summary: String,
    pub organisation: String,
    pub ages: String,
    pub cost: String,
    pub free: bool,
    pub access: Vec<String>,
    pub level: u8,
    pub level_label: String,
    pub when: Vec<String>,
    pub more_sessions: usize,
    #[serde(rename = "where")]
    pub where_: String,
    pub area_wide: bool,
    pub stale: bool,
    pub paused: bool,
}

pub fn card(site: &Site, si: usize) -> Card {
    let s = &site.services[si];
    let l = &site.svc[si];
    Card {
        id: s.id.clone(),
        url: site.address.page(Page::Service(&s.id)),
        name: s.name.clone(),
        summary: s.summary.clone(),
        organisation: site.org_of(si).map(|o| o.name.clone()).unwrap_or_default(),
        ages: text::ages(&s.ages),
        cost: text::cost(&s.cost),
        free: s.cost.is_free(),
        access: s.access.iter().map(|a| text::access_label(a)).collect(),
        level: s.level,
        level_label: text::level_label(s.level),
        when: s.schedule.iter().take(2).map(text::session).collect(),
        more_sessions: s.schedule.len().saturating_sub(2),
        where_: where_short(site, si),
        area_wide: l.area_wide,
        stale: l.stale,
        paused: s.paused,
    }
}

/// A card as template data.
pub fn card_value(card: &Card) -> Value {
    // Serialising a struct of strings, numbers and lists cannot fail.
    serde_json::to_value(card).unwrap_or(Value::Null)
}

pub fn venue_view(site: &Site, vi: usize) -> Value {
    let v = &site.venues[vi];
    let mut lines = vec![v.address.line1.clone()];
    lines.extend(v.address.line2.clone());
    lines.push(v.address.town.clone());
    lines.extend(v.address.county.clone());
    json!({
        "id": v.id,
        "url": site.address.page(Page::Venue(&v.id)),
        "name": v.name,
        "address": lines,
        "postcode": v.postcode,
        "latitude": v.latitude,
        "longitude": v.longitude,
        "osm_url": format!("https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=17/{:.5}/{:.5}", v.latitude, v.longitude, v.latitude, v.longitude),
        "accessibility": v.accessibility.iter().map(|a| accessibility_label(a)).collect::<Vec<_>>(),
    })
}

/// A service's page: its card (`card(site, si)`, made once for all lists) and the rest.
pub fn service_page(site: &Site, si: usize, card: &Card) -> Value {
    let s = &site.services[si];
    let l = &site.svc[si];
    let mut v = card_value(card);
    let sessions: Vec<Value> = s
        .schedule
        .iter()
        .map(|sess| {
            let venue = sess
                .venue
                .as_ref()
                .and_then(|id| site.venue_ix.get(id))
                .map(|&vi| &site.venues[vi]);
            json!({
                "text": text::session(sess),
                "venue": venue.map(|v| v.name.as_str()),
                "venue_url": venue.map(|v| site.address.page(Page::Venue(&v.id))),
                "notes": sess.notes,
            })
        })
        .collect();
    let m = messages::active();
    let anywhere = || m.text("where.families_anywhere", &[("area", &site.config.area)]);
    let covers = match &s.where_.covers {
        Some(Covers::Borough) => Some(anywhere()),
        Some(Covers::Areas(a)) => {
            let names: Vec<String> = a
                .iter()
                .filter_map(|id| {
                    site.locality_ix
                        .get(id)
                        .map(|&i| site.localities[i].name.clone())
                        .or_else(|| {
                            site.hub_ix
                                .get(id)
                                .map(|&i| m.text("where.hub_area", &[("hub", &site.hubs[i].name)]))
                        })
                })
                .collect();
            Some(m.text(
                "where.families_in",
                &[("places", &names.join(&m.text("list.separator", &[])))],
            ))
        }
        None if l.area_wide => Some(anywhere()),
        None => None,
    };
    let org = site.org_of(si);
    let contact_src = if s.contact.is_empty() {
        org.map(|o| &o.contact)
    } else {
        Some(&s.contact)
    };
    let access: Vec<Value> = s
        .access
        .iter()
        .map(|a| json!({"route": a, "label": text::access_label(a)}))
        .collect();
    let m = v.as_object_mut().expect("card is an object");
    m.insert("body_html".into(), json!(markdown::to_html(&s.body)));
    m.insert(
        "description".into(),
        json!(markdown::truncate(&s.summary, 155)),
    );
    m.insert("eligibility".into(), json!(s.eligibility));
    m.insert(
        "level_explained".into(),
        json!(text::level_explained(s.level)),
    );
    m.insert("access_routes".into(), json!(access));
    m.insert("how_to_access".into(), json!(s.how_to_access));
    m.insert("sessions".into(), json!(sessions));
    m.insert(
        "when_data".into(),
        json!(crate::whenwhere::encode_sessions(&s.schedule)),
    );
    m.insert("schedule_notes".into(), json!(s.schedule_notes));
    // Fields declared extra in the schema, by name, for the theme to show as it likes.
    m.insert("extra".into(), json!(s.extra));
    m.insert(
        "venues".into(),
        json!(
            l.venues
                .iter()
                .map(|&vi| venue_view(site, vi))
                .collect::<Vec<_>>()
        ),
    );
    m.insert("home_visits".into(), json!(s.where_.home_visits));
    m.insert("online".into(), json!(s.where_.online));
    m.insert("by_phone".into(), json!(s.where_.by_phone));
    m.insert("covers".into(), json!(covers));
    m.insert("contact".into(), json!(contact_src.map(contact)));
    m.insert("contact_is_org".into(), json!(s.contact.is_empty()));
    m.insert(
        "org".into(),
        json!(
            org.map(
                |o| json!({"name": o.name, "url": site.address.page(Page::Organisation(&o.id))})
            )
        ),
    );
    // The codes, for templates to test ("only English?") in any language.
    m.insert("language_codes".into(), json!(s.languages));
    m.insert(
        "languages".into(),
        json!(
            s.languages
                .iter()
                .map(|c| language_name(c))
                .collect::<Vec<_>>()
        ),
    );
    m.insert(
        "accessibility".into(),
        json!(
            s.accessibility
                .iter()
                .map(|a| accessibility_label(a))
                .collect::<Vec<_>>()
        ),
    );
    m.insert("reviewed".into(), json!(text::date(s.reviewed)));
    m.insert("reviewed_iso".into(), json!(s.reviewed.to_string()));
    m.insert(
        "needs".into(),
        json!(l.needs.iter().map(|&n| json!({"label": site.needs[n].label, "url": site.address.page(Page::Need(&site.needs[n].id))})).collect::<Vec<_>>()),
    );
    m.insert(
        "hubs".into(),
        json!(l.hubs.iter().map(|&h| json!({"name": site.hubs[h].name, "url": site.address.page(Page::Hub(&site.hubs[h].id))})).collect::<Vec<_>>()),
    );
    m.insert("sensitive".into(), json!(l.sensitive));
    v
}

pub fn hub_summary(site: &Site, hi: usize) -> Value {
    let h = &site.hubs[hi];
    let venue = site.venue_ix.get(&h.venue).map(|&vi| venue_view(site, vi));
    json!({
        "id": h.id,
        "url": site.address.page(Page::Hub(&h.id)),
        "name": h.name,
        "summary": h.summary,
        "venue": venue,
        "hours": h.opening_hours.iter().map(text::hours).collect::<Vec<_>>(),
        "when_data": crate::whenwhere::encode_hours(&h.opening_hours),
        "contact": contact(&h.contact),
        "services": site.at_hub[hi].len(),
    })
}

pub fn need_link(site: &Site, ni: usize) -> Value {
    let n = &site.needs[ni];
    json!({
        "id": n.id,
        "url": site.address.page(Page::Need(&n.id)),
        "label": n.label,
        "description": n.description,
        "count": site.by_need[ni].len(),
        "sensitive": n.sensitive,
    })
}

// What each page type's template sees: the documented contract with theme authors. Every
// template also sees `site` (the settings, see `Renderer::with_cards`), `assets` (logical
// name to address), `script_data`, and the functions `url()`, `card()` and `cards()`.
// Parts still given as JSON values (`Value`) are made by the functions named on them.

/// The page itself: `page`, on every page.
#[derive(Serialize)]
pub struct PageMeta {
    /// The title (the `<title>` adds the site's name after it).
    pub title: String,
    /// One sentence for search engines; may be empty.
    pub description: String,
    /// The page's address, with base_path (`/needs/feeding/`).
    pub url: String,
    /// About a sensitive need: the "Exit this page" bar shows and no referrer is sent.
    pub sensitive: bool,
    /// The full address (base_url and the address); used when base_url is set.
    pub canonical: String,
}

/// One link of `crumbs`, the breadcrumbs from the home page down (empty on the home page).
#[derive(Serialize)]
pub struct Crumb {
    pub label: String,
    pub url: String,
}

/// `pagination` of a long list; null when the list fits on one page.
#[derive(Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages the list has.
    pub total: usize,
    /// The previous and next pages' addresses, if there are such pages.
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The page links to show: the ends, this page and its neighbours, gaps between.
    pub pages: Vec<PageLink>,
}

/// One of `pagination.pages`: a page, or a gap standing for pages left out.
#[derive(Serialize)]
#[serde(untagged)]
pub enum PageLink {
    Page {
        n: usize,
        url: String,
        /// This is the page shown.
        current: bool,
    },
    Gap {
        /// Always true.
        gap: bool,
    },
}

/// A heading and the services under it, in `groups` (and a hub's `groups_here`,
/// `groups_area`). A group split across pages repeats on each.
#[derive(Serialize)]
pub struct GroupView {
    pub heading: String,
    /// For the heading's `id` and jump links (`area-wide`, a locality id, `at-<need>`).
    pub id: String,
    /// A line under the heading, if any.
    pub note: Option<String>,
    /// Service numbers, for the theme's `cards(items=…)` and `card(i=…)` functions.
    pub services: Vec<usize>,
}

/// The home page (index.html).
#[derive(Serialize)]
pub struct HomeView {
    /// Each area: `name`, `url`, `hubs` (each `name`, `url`).
    pub localities: Vec<Value>,
    /// The needs by category, as in the navigation (`Renderer`'s nav_needs).
    pub categories: Value,
}

/// The needs index (needs.html).
#[derive(Serialize)]
pub struct NeedsIndexView {
    pub categories: Value,
}

/// A category of needs (category.html): its services by area.
#[derive(Serialize)]
pub struct CategoryView {
    /// `id`, `label`, `description`, `needs` (each as [`need_link`]).
    pub category: Value,
    pub groups: Vec<GroupView>,
    pub pagination: Option<Pagination>,
}

/// A need (need.html): its services by area.
#[derive(Serialize)]
pub struct NeedView {
    /// [`need_link`] with `synonyms`, `dfe_subcategory` and `category` (`label`, `url`).
    pub need: Value,
    pub groups: Vec<GroupView>,
    pub pagination: Option<Pagination>,
}

/// The areas index (localities.html) and the hubs index (hubs.html).
#[derive(Serialize)]
pub struct LocalitiesView {
    /// Each area: `id`, `name`, `summary`, `url`, `hubs` ([`hub_summary`]), `services`.
    pub localities: Vec<Value>,
}

/// An area (locality.html): its services by need.
#[derive(Serialize)]
pub struct LocalityView {
    /// As in [`LocalitiesView`], with `body_html`, `profile` (`label`, `value`), `venues`
    /// ([`venue_view`]), and on the first page `map` and `charts`.
    pub locality: Value,
    pub groups: Vec<GroupView>,
    pub pagination: Option<Pagination>,
    /// How many services are open to families anywhere in the area.
    pub area_wide_count: usize,
}

/// A family hub (hub.html): sessions at the hub, then services covering its area.
#[derive(Serialize)]
pub struct HubView {
    /// [`hub_summary`] with `body_html`, `locality` (`name`, `url`), `venues`, and on the
    /// first page `map` and `timetable`.
    pub hub: Value,
    /// Needs met by area-wide services: `label`, `url`, `count`.
    pub area_wide_needs: Value,
    pub groups_here: Vec<GroupView>,
    pub groups_area: Vec<GroupView>,
    pub pagination: Option<Pagination>,
}

/// A venue (venue.html).
#[derive(Serialize)]
pub struct VenuePageView {
    /// [`venue_view`] with `body_html`, `hub` and `locality` (each `name`, `url`, or null).
    pub venue: Value,
    /// Service numbers of the services held there, for `cards()`.
    pub services: Vec<usize>,
}

/// The organisations index (organisations.html).
#[derive(Serialize)]
pub struct OrganisationsView {
    /// Each: `name`, `url`, `summary`, `kind` (worded), `count` of services.
    pub organisations: Vec<Value>,
}

/// An organisation (organisation.html): its services.
#[derive(Serialize)]
pub struct OrganisationView {
    /// `id`, `name`, `summary`, `kind`, `contact`, `charity_number`, `body_html`, `file`.
    pub org: Value,
    pub groups: Vec<GroupView>,
    pub pagination: Option<Pagination>,
}

/// All services A to Z (services.html).
#[derive(Serialize)]
pub struct AtoZView {
    /// Each letter with services: `letter`, `url` (on the page where it starts).
    pub letters: Vec<Value>,
    pub groups: Vec<GroupView>,
    pub pagination: Option<Pagination>,
}

/// A service (service.html).
#[derive(Serialize)]
pub struct ServiceView {
    /// [`service_page`] with `file` (its path in the content folder). Its `extra` holds
    /// the service's fields declared extra in the schema, by name: `service.extra.<name>`.
    pub service: Value,
    /// The "My list" data block's JSON (render/mylist.rs).
    pub list_data: String,
}

/// The search page (search.html).
#[derive(Serialize)]
pub struct SearchView {
    /// As in [`LocalitiesView`], for the area filter.
    pub localities: Vec<Value>,
    /// As in [`NeedsIndexView`], for the need filter.
    pub categories: Value,
}

/// The Start for Life leaflet (start-for-life.html).
#[derive(Serialize)]
pub struct StartForLifeView {
    /// Every part of the offer: `id`, `heading`, `count`, `url` (where its list starts).
    pub parts: Vec<Value>,
    /// This page's entries (render/family.rs, start_for_life).
    pub offer: Value,
    pub pagination: Option<Pagination>,
}

/// The coverage page (coverage.html).
#[derive(Serialize)]
pub struct CoverageView {
    /// render/family.rs, coverage.
    pub coverage: Value,
}

/// How to add a group (add-your-group.html).
#[derive(Serialize)]
pub struct AddGroupView {
    /// Links to start new files on GitHub (`organisation`, `service`,
    /// `organisations_folder`, `pulls`); null without site.yaml's repository.
    pub new_file: Option<Value>,
}

/// Pages with nothing of their own beyond `page` and `crumbs` (accessibility, 404, my
/// list).
#[derive(Serialize)]
pub struct PlainView {}

/// A page type's view as its template's data. Fields are moved in, not serialised again:
/// the JSON parts of a view can be large (a service page's), and a build makes thousands.
pub trait IntoData {
    fn into_data(self) -> serde_json::Map<String, Value>;
}

/// One field of a view as template data (see [`IntoData`]).
pub trait IntoField {
    fn into_field(self) -> Value;
}

impl IntoField for Value {
    fn into_field(self) -> Value {
        self
    }
}

impl IntoField for Vec<Value> {
    fn into_field(self) -> Value {
        Value::Array(self)
    }
}

impl IntoField for Option<Value> {
    fn into_field(self) -> Value {
        self.unwrap_or(Value::Null)
    }
}

impl IntoField for String {
    fn into_field(self) -> Value {
        Value::String(self)
    }
}

impl IntoField for usize {
    fn into_field(self) -> Value {
        self.into()
    }
}

impl IntoField for Vec<usize> {
    fn into_field(self) -> Value {
        self.into()
    }
}

impl IntoField for Vec<GroupView> {
    fn into_field(self) -> Value {
        Value::Array(
            self.into_iter()
                .map(|g| {
                    let mut m = serde_json::Map::new();
                    m.insert("heading".into(), g.heading.into());
                    m.insert("id".into(), g.id.into());
                    m.insert("note".into(), g.note.into());
                    m.insert("services".into(), g.services.into());
                    Value::Object(m)
                })
                .collect(),
        )
    }
}

impl IntoField for Option<Pagination> {
    fn into_field(self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Implements [`IntoData`] for a view struct; the pattern names every field, so a field
/// added to the struct and not here does not compile.
macro_rules! into_data {
    ($($view:ident { $($field:ident),* })*) => {$(
        impl IntoData for $view {
            #[allow(unused_mut)]
            fn into_data(self) -> serde_json::Map<String, Value> {
                let $view { $($field),* } = self;
                let mut data = serde_json::Map::new();
                $(data.insert(stringify!($field).into(), IntoField::into_field($field));)*
                data
            }
        }
    )*};
}

into_data! {
    HomeView { localities, categories }
    NeedsIndexView { categories }
    CategoryView { category, groups, pagination }
    NeedView { need, groups, pagination }
    LocalitiesView { localities }
    LocalityView { locality, groups, pagination, area_wide_count }
    HubView { hub, area_wide_needs, groups_here, groups_area, pagination }
    VenuePageView { venue, services }
    OrganisationsView { organisations }
    OrganisationView { org, groups, pagination }
    AtoZView { letters, groups, pagination }
    ServiceView { service, list_data }
    SearchView { localities, categories }
    StartForLifeView { parts, offer, pagination }
    CoverageView { coverage }
    AddGroupView { new_file }
    PlainView {}
}
