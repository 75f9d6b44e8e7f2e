//! Every page of the site: its page type ([`SitePage`]: address, template, what it depends
//! on) and what its template sees (the typed views of views.rs). Pages are listed first and
//! rendered in parallel, so memory does not grow with the page count.

use super::messages::Messages;
use super::templates::Theme;
use super::{family, views};
use crate::address::{Page, UrlFunction};
use crate::site::Site;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

pub const PER_PAGE: usize = 50;
/// The Start for Life leaflet keeps a borough's whole offer on one printable page; only
/// very large directories split it.
pub const LEAFLET_PER_PAGE: usize = 100;

/// The site's page types, each with the item it shows (an index into the site's lists)
/// and, for a list, the page number (from 1). One declaration serves both the full build
/// and the dev server: [`SitePage::all`] is every page to build; [`SitePage::address`],
/// [`SitePage::template`] and [`SitePage::per_page`] say where each goes and how it is
/// drawn; [`SitePage::shows`] says which edits of services it depends on, so `signpost
/// serve` re-renders exactly the pages an edit touches. A new page type is a variant here
/// and an arm in [`Renderer::render_page`] (its view).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SitePage {
    Home,
    NeedsIndex,
    Category(usize, usize),
    Need(usize, usize),
    LocalitiesIndex,
    Locality(usize, usize),
    HubsIndex,
    Hub(usize, usize),
    Venue(usize),
    OrganisationsIndex,
    Organisation(usize, usize),
    AtoZ(usize),
    Service(usize),
    Search,
    Accessibility,
    NotFound,
    AddGroup,
    StartForLife(usize),
    Coverage,
    MyList,
    /// After a report of a problem with a listing (Netlify Forms shows it).
    ReportThanks,
    // --- childcare: the lists by area and type, and a page per provider
    ChildcareIndex,
    ChildcareArea(usize),
    /// A provider type, by its place in `childcare::PROVIDER_TYPES`.
    ChildcareType(usize),
    ChildcareProvider(usize),
    // --- holidays: what's on in the school holidays (built when site.yaml gives terms)
    Holidays,
    // --- localoffer: the SEND Local Offer's landing page, its sections and "You said, we did"
    LocalOffer,
    /// A section, by its place in `local_offer::SECTIONS`.
    LocalOfferSection(usize),
    YouSaidWeDid,
}

/// What an edit of services changed, for [`SitePage::shows`]. Everything else (needs,
/// organisations, venues, hubs, areas, settings, the theme) is unchanged: any other edit
/// rebuilds the whole site.
pub struct ServiceEdit<'a> {
    /// The edited, added or renamed services (indices into the site after the edit).
    pub services: &'a std::collections::HashSet<usize>,
    /// The links of the edited services before the edit and after it.
    pub links: &'a [crate::site::ServiceLinks],
    /// Services were added, removed or relinked (renamed, or their needs, organisation or
    /// places changed): counts and list orders may have changed.
    pub relinked: bool,
    /// The area-wide services, or the needs they meet, changed: every hub and area page
    /// summarises them.
    pub area_wide_changed: bool,
}

impl SitePage {
    /// Every page to render (lists at page 1: [`Renderer::render`] renders every page).
    pub fn all(site: &Site) -> Vec<SitePage> {
        let mut pages = vec![
            SitePage::Home,
            SitePage::NeedsIndex,
            SitePage::LocalitiesIndex,
            SitePage::HubsIndex,
            SitePage::OrganisationsIndex,
            SitePage::Search,
            SitePage::Accessibility,
            SitePage::NotFound,
            SitePage::AtoZ(1),
            SitePage::AddGroup,
            SitePage::StartForLife(1),
            SitePage::Coverage,
            SitePage::MyList,
        ];
        if site.config.report_problems == crate::content::model::ReportProblems::Netlify {
            pages.push(SitePage::ReportThanks);
        }
        pages.extend((0..site.categories.len()).map(|i| SitePage::Category(i, 1)));
        pages.extend((0..site.needs.len()).map(|i| SitePage::Need(i, 1)));
        pages.extend((0..site.localities.len()).map(|i| SitePage::Locality(i, 1)));
        pages.extend((0..site.hubs.len()).map(|i| SitePage::Hub(i, 1)));
        pages.extend((0..site.organisations.len()).map(|i| SitePage::Organisation(i, 1)));
        pages.extend((0..site.venues.len()).map(SitePage::Venue));
        pages.extend((0..site.services.len()).map(SitePage::Service));
        if !site.childcare.is_empty() {
            pages.push(SitePage::ChildcareIndex);
            pages.extend((0..site.localities.len()).map(SitePage::ChildcareArea));
            pages.extend(
                (0..crate::content::childcare::PROVIDER_TYPES.len()).map(SitePage::ChildcareType),
            );
            pages.extend((0..site.childcare.len()).map(SitePage::ChildcareProvider));
        }
        if super::holidays::built(site) {
            pages.push(SitePage::Holidays);
        }
        if site.has_local_offer() {
            pages.push(SitePage::LocalOffer);
            pages.extend(
                (0..crate::content::local_offer::SECTIONS.len()).map(SitePage::LocalOfferSection),
            );
        }
        if site.you_said_we_did.is_some() {
            pages.push(SitePage::YouSaidWeDid);
        }
        pages
    }

    /// The same list at page `p`; other pages are returned as they are.
    pub fn at_page(self, p: usize) -> SitePage {
        match self {
            SitePage::Category(i, _) => SitePage::Category(i, p),
            SitePage::Need(i, _) => SitePage::Need(i, p),
            SitePage::Locality(i, _) => SitePage::Locality(i, p),
            SitePage::Hub(i, _) => SitePage::Hub(i, p),
            SitePage::Organisation(i, _) => SitePage::Organisation(i, p),
            SitePage::AtoZ(_) => SitePage::AtoZ(p),
            SitePage::StartForLife(_) => SitePage::StartForLife(p),
            other => other,
        }
    }

    /// The page number (1 for pages that are not lists).
    pub fn number(self) -> usize {
        match self {
            SitePage::Category(_, p)
            | SitePage::Need(_, p)
            | SitePage::Locality(_, p)
            | SitePage::Hub(_, p)
            | SitePage::Organisation(_, p)
            | SitePage::AtoZ(p)
            | SitePage::StartForLife(p) => p,
            _ => 1,
        }
    }

    /// Whether this is a list of services, cut into pages.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            SitePage::Category(..)
                | SitePage::Need(..)
                | SitePage::Locality(..)
                | SitePage::Hub(..)
                | SitePage::Organisation(..)
                | SitePage::AtoZ(_)
                | SitePage::StartForLife(_)
        )
    }

    /// How many services a page of this list shows.
    pub fn per_page(self) -> usize {
        match self {
            SitePage::StartForLife(_) => LEAFLET_PER_PAGE,
            _ => PER_PAGE,
        }
    }

    /// Where the page (the list's first page) is, from address.rs.
    pub fn address(self, site: &Site) -> Page<'_> {
        match self {
            SitePage::Home => Page::Home,
            SitePage::NeedsIndex => Page::NeedsIndex,
            SitePage::Category(i, _) => Page::Category(&site.categories[i].id),
            SitePage::Need(i, _) => Page::Need(&site.needs[i].id),
            SitePage::LocalitiesIndex => Page::LocalitiesIndex,
            SitePage::Locality(i, _) => Page::Locality(&site.localities[i].id),
            SitePage::HubsIndex => Page::HubsIndex,
            SitePage::Hub(i, _) => Page::Hub(&site.hubs[i].id),
            SitePage::Venue(i) => Page::Venue(&site.venues[i].id),
            SitePage::OrganisationsIndex => Page::OrganisationsIndex,
            SitePage::Organisation(i, _) => Page::Organisation(&site.organisations[i].id),
            SitePage::AtoZ(_) => Page::AtoZ,
            SitePage::Service(i) => Page::Service(&site.services[i].id),
            SitePage::Search => Page::Search,
            SitePage::Accessibility => Page::Accessibility,
            SitePage::NotFound => Page::NotFound,
            SitePage::AddGroup => Page::AddYourGroup,
            SitePage::StartForLife(_) => Page::StartForLife,
            SitePage::Coverage => Page::Coverage,
            SitePage::MyList => Page::MyList,
            SitePage::ReportThanks => Page::ReportThanks,
            SitePage::ChildcareIndex => Page::ChildcareIndex,
            SitePage::ChildcareArea(li) => Page::ChildcareArea(&site.localities[li].id),
            SitePage::ChildcareType(ti) => {
                Page::ChildcareType(crate::content::childcare::PROVIDER_TYPES[ti])
            }
            SitePage::ChildcareProvider(ci) => Page::ChildcareProvider(&site.childcare[ci].id),
            SitePage::Holidays => Page::Holidays,
            SitePage::LocalOffer => Page::LocalOffer,
            SitePage::LocalOfferSection(i) => {
                Page::LocalOfferSection(crate::content::local_offer::SECTIONS[i])
            }
            SitePage::YouSaidWeDid => Page::YouSaidWeDid,
        }
    }

    /// The theme template that draws it.
    pub fn template(self) -> &'static str {
        match self {
            SitePage::Home => "index.html",
            SitePage::NeedsIndex => "needs.html",
            SitePage::Category(..) => "category.html",
            SitePage::Need(..) => "need.html",
            SitePage::LocalitiesIndex => "localities.html",
            SitePage::Locality(..) => "locality.html",
            SitePage::HubsIndex => "hubs.html",
            SitePage::Hub(..) => "hub.html",
            SitePage::Venue(_) => "venue.html",
            SitePage::OrganisationsIndex => "organisations.html",
            SitePage::Organisation(..) => "organisation.html",
            SitePage::AtoZ(_) => "services.html",
            SitePage::Service(_) => "service.html",
            SitePage::Search => "search.html",
            SitePage::Accessibility => "accessibility.html",
            SitePage::NotFound => "404.html",
            SitePage::AddGroup => "add-your-group.html",
            SitePage::StartForLife(_) => "start-for-life.html",
            SitePage::Coverage => "coverage.html",
            SitePage::MyList => "my-list.html",
            SitePage::ReportThanks => "report-thanks.html",
            SitePage::ChildcareIndex => "childcare.html",
            SitePage::ChildcareArea(_) | SitePage::ChildcareType(_) => "childcare-list.html",
            SitePage::ChildcareProvider(_) => "childcare-provider.html",
            SitePage::Holidays => "holidays.html",
            SitePage::LocalOffer => "local-offer.html",
            SitePage::LocalOfferSection(_) => "local-offer-section.html",
            SitePage::YouSaidWeDid => "you-said-we-did.html",
        }
    }

    /// What content the page depends on, as far as an edit of services goes: whether it
    /// (or any page of the list) shows one of the edited services, before or after the
    /// edit, or a count or summary the edit may change. (Every page depends on the site's
    /// settings and the theme, whose edits rebuild everything.)
    pub fn shows(self, site: &Site, edit: &ServiceEdit) -> bool {
        let any = |f: &dyn Fn(&crate::site::ServiceLinks) -> bool| edit.links.iter().any(f);
        match self {
            SitePage::Service(si) => edit.services.contains(&si),
            SitePage::Venue(vi) => any(&|l| l.venues.contains(&vi)),
            SitePage::Organisation(oi, _) => any(&|l| l.organisation == Some(oi)),
            SitePage::Need(ni, _) => any(&|l| l.needs.contains(&ni)),
            SitePage::Category(ci, _) => any(&|l| {
                l.needs
                    .iter()
                    .any(|&n| site.category_ix.get(&site.needs[n].category) == Some(&ci))
            }),
            SitePage::Hub(hi, _) => {
                edit.area_wide_changed
                    || any(&|l| l.hubs.contains(&hi) || l.covers_hubs.contains(&hi))
            }
            SitePage::Locality(li, _) => {
                edit.area_wide_changed || any(&|l| l.localities.contains(&li))
            }
            // Every listing: the A to Z and the leaflet list them all, coverage counts
            // them and their review dates.
            SitePage::AtoZ(_) | SitePage::StartForLife(_) | SitePage::Coverage => true,
            // Counts of services.
            SitePage::Home
            | SitePage::NeedsIndex
            | SitePage::LocalitiesIndex
            | SitePage::HubsIndex
            | SitePage::OrganisationsIndex
            | SitePage::Search => edit.relinked,
            SitePage::Accessibility
            | SitePage::NotFound
            | SitePage::AddGroup
            | SitePage::MyList
            | SitePage::ReportThanks => false,
            // Providers are not services: an edit of a provider rebuilds the whole site.
            SitePage::ChildcareIndex
            | SitePage::ChildcareArea(_)
            | SitePage::ChildcareType(_)
            | SitePage::ChildcareProvider(_) => false,
            // Any service's dated sessions may be in the holidays.
            SitePage::Holidays => true,
            // Counts of services by section and SEND need, and the services' cards.
            SitePage::LocalOffer | SitePage::LocalOfferSection(_) => true,
            SitePage::YouSaidWeDid => false,
        }
    }

    /// Whether every page of the list changes with the edit, not only those listing an
    /// edited service or whose share of the list moved: hub and area pages summarise the
    /// area-wide services.
    pub fn every_page_changes(self, edit: &ServiceEdit) -> bool {
        edit.area_wide_changed && matches!(self, SitePage::Hub(..) | SitePage::Locality(..))
    }

    /// Whether the list's first page shows more than its share of the list (JSON-LD, a
    /// summary, a map), which any edit of a listed service may change.
    pub fn first_page_summarises(self) -> bool {
        matches!(
            self,
            SitePage::Organisation(..) | SitePage::Hub(..) | SitePage::Locality(..)
        )
    }
}

/// A rendered page: its path in the output and its HTML.
pub type Rendered = (String, String);

/// One page of a list before rendering: its number (from 1), the services it lists, and a
/// hash of what it shows of its list (which services in which groups, group sizes, page
/// count). Two plans with the same shape differ only in what their services say.
#[derive(Debug, Clone)]
pub struct PagePlan {
    pub page: usize,
    pub services: Vec<usize>,
    pub shape: u64,
}

/// A heading and the services under it.
struct Group {
    heading: String,
    id: String,
    note: Option<String>,
    items: Vec<usize>,
}

/// Service cards: each service's view (`views::card`) and its HTML, rendered by the theme's
/// `card` macro the first time a page asks for it at a heading level. A service is listed on
/// half a dozen pages (its needs, hub, area, organisation, A to Z), so this renders each card
/// once rather than on every list.
pub struct Cards {
    pub values: Vec<views::Card>,
    html: Vec<[OnceLock<Result<String, String>>; 6]>,
    tera: tera::Tera,
}

const CARD_TEMPLATE: &str = "__signpost_card.html";

impl Cards {
    fn new(values: Vec<views::Card>, theme: &tera::Tera) -> Cards {
        let mut tera = theme.clone();
        // Errors surface when a card is rendered, with the macro's own message.
        let _ = tera.add_raw_template(
            CARD_TEMPLATE,
            "{% import \"macros.html\" as m %}{{ m::card(s=s, level=level) }}",
        );
        let html = values.iter().map(|_| Default::default()).collect();
        Cards { values, html, tera }
    }

    /// The card of service `si` with its name as a heading of `level` (1 to 6).
    pub fn html(&self, si: usize, level: usize) -> Result<&str, String> {
        let level = level.clamp(1, 6);
        let (Some(value), Some(slots)) = (self.values.get(si), self.html.get(si)) else {
            return Err(format!("card(): there is no service number {si}"));
        };
        slots[level - 1]
            .get_or_init(|| {
                let mut ctx = tera::Context::new();
                ctx.insert("s", value);
                ctx.insert("level", &level);
                self.tera
                    .render(CARD_TEMPLATE, &ctx)
                    .map_err(|e| super::templates::error_chain(&e))
            })
            .as_deref()
            .map_err(Clone::clone)
    }
}

/// The card functions of templates, over the shared cache:
/// - `card(i=N, level=3)`: the HTML of service N's card;
/// - `cards(items=g.services, level=3)`: the cards of a list of services, one after
///   another. The same as a loop over `card()`, without a template loop step and a
///   function call per service (lists hold most of a site's cards).
///
/// `level` is the heading level of the service's name (1 to 6, 3 if not given). The theme's
/// `card` macro (macros.html) draws each card; it sees `s`, the service's [`Card`](views::Card), and
/// `level`.
struct CardFn {
    cards: Arc<Cards>,
    list: bool,
}

impl tera::Function for CardFn {
    fn call(&self, args: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
        let items = if self.list {
            args.get("items").and_then(Value::as_array).ok_or_else(|| {
                tera::Error::msg("cards() needs items, a group's `services` (a list of numbers)")
            })?
        } else {
            let i = args.get("i").filter(|i| i.is_u64()).ok_or_else(|| {
                tera::Error::msg("card() needs i, a service number from a group's `services`")
            })?;
            std::slice::from_ref(i)
        };
        let level = args.get("level").and_then(Value::as_u64).unwrap_or(3);
        let mut html = String::new();
        for item in items {
            let si = item.as_u64().ok_or_else(|| {
                tera::Error::msg(format!("cards(): {item} is not a service number"))
            })?;
            html.push_str(
                self.cards
                    .html(si as usize, level as usize)
                    .map_err(tera::Error::msg)?,
            );
        }
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Everything shared by all pages, computed once.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub cards: Arc<Cards>,
    pub site_value: views::SiteView,
    pub nav_needs: Vec<views::CategoryNav>,
    /// What every template sees: `site` and `assets`.
    base: tera::Context,
    /// The theme's templates with the `card()` function added.
    tera: tera::Tera,
    /// Needs with area-wide services and how many, for hub pages.
    pub area_wide_needs: Vec<views::AreaWideNeed>,
    /// The theme's wording: page titles, descriptions, breadcrumbs, group headings.
    messages: Arc<Messages>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &Theme) -> Self {
        let cards = (0..site.services.len())
            .into_par_iter()
            .map(|i| views::card(site, i))
            .collect();
        Self::with_cards(site, theme, cards)
    }

    /// With the service cards already made (`cards[i]` is `views::card(site, i)`): the dev
    /// server remakes only the cards of services that changed.
    pub fn with_cards(site: &'a Site, theme: &Theme, cards: Vec<views::Card>) -> Self {
        let site_value = views::site_view(site);
        let assets: BTreeMap<String, String> = theme
            .assets
            .iter()
            .map(|(k, a)| (k.clone(), site.address.path(&a.path)))
            .collect();
        let nav_needs = views::nav_needs(site);
        let area_wide_needs = views::area_wide_needs(site);
        let mut base = tera::Context::new();
        base.insert("site", &site_value);
        base.insert("assets", &assets);
        base.insert(
            "signpost_data",
            &super::script_data::ScriptData::new(&site.address).to_html(),
        );
        let mut theme_tera = theme.tera.clone();
        theme_tera.register_function("url", UrlFunction(site.address.clone()));
        let cards = Arc::new(Cards::new(cards, &theme_tera));
        let mut tera = theme_tera;
        for (name, list) in [("card", false), ("cards", true)] {
            let cards = cards.clone();
            tera.register_function(name, CardFn { cards, list });
        }
        Renderer {
            site,
            area_wide_needs,
            cards,
            site_value,
            nav_needs,
            base,
            tera,
            messages: theme.messages.clone(),
        }
    }
}

impl Renderer<'_> {
    /// The card views, for the dev server to keep between rebuilds.
    pub fn into_cards(self) -> Vec<views::Card> {
        let Renderer { cards, tera, .. } = self;
        // The card() and cards() functions hold the other references.
        drop(tera);
        Arc::try_unwrap(cards)
            .map(|c| c.values)
            .unwrap_or_else(|c| c.values.clone())
    }
}

fn pages_for_by(count: usize, per: usize) -> usize {
    count.div_ceil(per).max(1)
}

fn category_services(site: &Site, ci: usize) -> Vec<usize> {
    let mut out: Vec<usize> = site.categories[ci]
        .needs
        .iter()
        .filter_map(|n| site.need_ix.get(n))
        .flat_map(|&ni| site.by_need[ni].iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Services grouped by locality, with area-wide services in their own group first.
fn by_locality(site: &Site, m: &Messages, services: &[usize]) -> Vec<Group> {
    let mut groups = Vec::new();
    let wide: Vec<usize> = services
        .iter()
        .copied()
        .filter(|&s| site.svc[s].area_wide)
        .collect();
    if !wide.is_empty() {
        groups.push(Group {
            heading: m.text("groups.area_wide", &[("area", &site.config.area)]),
            id: "area-wide".into(),
            note: Some(m.text("groups.area_wide_note", &[("area", &site.config.area)])),
            items: wide,
        });
    }
    for (li, loc) in site.localities.iter().enumerate() {
        // Area-wide services are in their own group above, not repeated in each area's.
        let items: Vec<usize> = services
            .iter()
            .copied()
            .filter(|&s| !site.svc[s].area_wide && site.svc[s].localities.contains(&li))
            .collect();
        if !items.is_empty() {
            groups.push(Group {
                heading: loc.name.clone(),
                id: loc.id.clone(),
                note: None,
                items,
            });
        }
    }
    groups
}

/// On a sensitive need's page every service shows once (in its first group), and in each
/// group services the public can contact come before professional-only referral lines: a
/// frightened parent must not meet the same card five times or a line they cannot call first.
fn sensitive_groups(mut groups: Vec<Group>, site: &Site) -> Vec<Group> {
    let mut seen = std::collections::HashSet::new();
    let professional_only = |s: usize| {
        let a = &site.services[s].access;
        !a.is_empty() && a.iter().all(|r| r == "professional-referral")
    };
    for g in &mut groups {
        g.items.retain(|&s| seen.insert(s));
        // A stable sort keeps the site's order within each kind.
        g.items.sort_by_key(|&s| professional_only(s));
    }
    groups.retain(|g| !g.items.is_empty());
    groups
}

/// Services grouped by need, in taxonomy order.
fn by_need(site: &Site, services: &[usize], prefix: &str) -> Vec<Group> {
    let mut groups = Vec::new();
    for cat in &site.categories {
        for n in &cat.needs {
            let Some(&ni) = site.need_ix.get(n) else {
                continue;
            };
            let items: Vec<usize> = services
                .iter()
                .copied()
                .filter(|&s| site.svc[s].needs.contains(&ni))
                .collect();
            if !items.is_empty() {
                groups.push(Group {
                    heading: site.needs[ni].label.clone(),
                    id: format!("{prefix}{}", site.needs[ni].id),
                    note: None,
                    items,
                });
            }
        }
    }
    groups
}

/// Cuts grouped lists into pages of PER_PAGE entries; a group split across pages repeats
/// its heading.
fn paginate(groups: &[Group], page: usize) -> (Vec<Group>, usize) {
    paginate_by(groups, page, PER_PAGE)
}

fn paginate_by(groups: &[Group], page: usize, per: usize) -> (Vec<Group>, usize) {
    let total: usize = groups.iter().map(|g| g.items.len()).sum();
    let pages = pages_for_by(total, per);
    let start = (page - 1) * per;
    let end = start + per;
    let mut pos = 0;
    let mut out = Vec::new();
    for g in groups {
        let len = g.items.len();
        let (a, b) = (start.max(pos), end.min(pos + len));
        if a < b {
            out.push(Group {
                heading: g.heading.clone(),
                id: g.id.clone(),
                note: g.note.clone(),
                items: g.items[a - pos..b - pos].to_vec(),
            });
        }
        pos += len;
    }
    (out, pages)
}

fn pagination(site: &Site, list: Page, page: usize, pages: usize) -> Option<views::Pagination> {
    use views::PageLink;
    (pages > 1).then(|| views::Pagination {
        current: page,
        total: pages,
        prev: (page > 1).then(|| site.address.page_at(list, page - 1)),
        next: (page < pages).then(|| site.address.page_at(list, page + 1)),
        pages: page_window(page, pages)
            .into_iter()
            .map(|p| match p {
                Some(p) => PageLink::Page {
                    n: p,
                    url: site.address.page_at(list, p),
                    current: p == page,
                },
                None => PageLink::Gap { gap: true },
            })
            .collect(),
    })
}

/// Why a page could not be rendered; the message names the template.
#[derive(thiserror::Error)]
pub enum RenderError {
    #[error("cannot make a page's view: {0}")]
    View(#[source] serde_json::Error),
    /// A page type's view did not become the template's data (views::IntoData says why).
    #[error("{0}")]
    ViewData(String),
    #[error("{template}: {source}")]
    Context {
        template: String,
        #[source]
        source: tera::Error,
    },
    /// Tera's errors nest their cause: the message shows the whole chain.
    #[error("{template}: {}", super::templates::error_chain(.source))]
    Template {
        template: String,
        #[source]
        source: tera::Error,
    },
    #[error("{template}: {source}")]
    NotUtf8 {
        template: String,
        #[source]
        source: std::string::FromUtf8Error,
    },
}

crate::debug_as_message!(RenderError);

/// A page type's view as the template's data (see views.rs).
fn view_data(view: impl views::IntoData) -> Result<serde_json::Map<String, Value>, RenderError> {
    view.into_data().map_err(RenderError::ViewData)
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, RenderError> {
    serde_json::to_value(v).map_err(RenderError::View)
}

/// The groups of a page, for templates.
fn group_views(groups: &[Group]) -> Vec<views::GroupView> {
    groups
        .iter()
        .map(|g| views::GroupView {
            heading: g.heading.clone(),
            id: g.id.clone(),
            note: g.note.clone(),
            services: g.items.clone(),
        })
        .collect()
}

/// The page numbers a list links to: the first, the last, and the current page with its
/// neighbours, with a gap (None) for each run left out, like GOV.UK's pagination
/// (1 … 7 8 9 … 40). Linking every page made each page of a 2,000-page list as long as
/// the list of pages, and a build of it quadratic.
fn page_window(page: usize, pages: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    let mut last = 0;
    for p in 1..=pages {
        let shown = p == 1 || p == pages || p.abs_diff(page) <= 1;
        if !shown {
            continue;
        }
        if p > last + 1 {
            out.push(None);
        }
        out.push(Some(p));
        last = p;
    }
    out
}

impl Renderer<'_> {
    /// The whole grouped list of a paginated page (empty for other pages), worked out once
    /// per list rather than once per page: per-page regrouping made long lists quadratic.
    fn list_groups(&self, page: SitePage) -> Vec<Group> {
        let site = self.site;
        let m = &self.messages;
        match page {
            SitePage::Category(ci, _) => by_locality(site, m, &category_services(site, ci)),
            SitePage::Need(ni, _) if site.needs[ni].sensitive => {
                sensitive_groups(by_locality(site, m, &site.by_need[ni]), site)
            }
            SitePage::Need(ni, _) => by_locality(site, m, &site.by_need[ni]),
            SitePage::Locality(li, _) => by_need(site, &site.in_locality[li], ""),
            SitePage::Hub(hi, _) => {
                let mut groups = by_need(site, &site.at_hub[hi], "at-");
                groups.extend(by_need(site, &site.covering_hub[hi], "area-"));
                groups
            }
            SitePage::Organisation(oi, _) => vec![Group {
                heading: m.text("organisation.services_heading", &[]),
                id: "services".into(),
                note: None,
                items: site.by_org[oi].clone(),
            }],
            SitePage::AtoZ(_) => {
                let mut groups: Vec<Group> = Vec::new();
                for (si, s) in site.services.iter().enumerate() {
                    let letter = s
                        .name
                        .chars()
                        .find(|c| c.is_alphanumeric())
                        .map(|c| c.to_uppercase().to_string())
                        .unwrap_or_else(|| "#".into());
                    let letter = if letter.chars().all(|c| c.is_ascii_digit()) {
                        "0-9".to_string()
                    } else {
                        letter
                    };
                    match groups.last_mut() {
                        Some(g) if g.heading == letter => g.items.push(si),
                        _ => groups.push(Group {
                            id: format!("letter-{}", letter.to_lowercase()),
                            heading: letter,
                            note: None,
                            items: vec![si],
                        }),
                    }
                }
                groups
            }
            SitePage::StartForLife(_) => family::start_for_life_groups(site)
                .into_iter()
                .map(|(id, heading, items)| Group {
                    heading,
                    id: id.into(),
                    note: None,
                    items,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Renders a page type: one page, or every page of a paginated list. Returns (path, HTML).
    pub fn render(&self, page: SitePage) -> Result<Vec<(String, String)>, RenderError> {
        self.each_page(page, Ok)
    }

    /// Like [`Renderer::render`], handing each page to `out` (path, HTML) as soon as it is
    /// made. A long list's pages are not all held at once: at 100,000 services the A to Z
    /// alone is 2,000 pages, about 70 MB.
    pub fn render_each<E: From<RenderError> + Send>(
        &self,
        page: SitePage,
        out: &(dyn Fn(&str, &str) -> Result<(), E> + Sync),
    ) -> Result<(), E> {
        self.each_page(page, |(path, html)| out(&path, &html))
            .map(drop)
    }

    /// Every page of a list (or the one page), rendered in parallel and passed to `then`, results in page order.
    fn each_page<T: Send, E: From<RenderError> + Send>(
        &self,
        page: SitePage,
        then: impl Fn((String, String)) -> Result<T, E> + Sync,
    ) -> Result<Vec<T>, E> {
        let all = self.list_groups(page);
        let total: usize = all.iter().map(|g| g.items.len()).sum();
        (1..=pages_for_by(total, page.per_page()))
            .into_par_iter()
            .map(|p| then(self.render_page(page.at_page(p), &all).map_err(E::from)?))
            .collect()
    }

    /// Like [`Renderer::render`], but renders only the pages `keep` accepts, after planning
    /// every page: the dev server re-renders just the pages of a long list that an edit
    /// touched. Returns the plan of every page and the (path, HTML) of the kept ones.
    pub fn render_selected(
        &self,
        page: SitePage,
        keep: &(dyn Fn(&PagePlan) -> bool + Sync),
    ) -> Result<(Vec<PagePlan>, Vec<Rendered>), RenderError> {
        use std::hash::{Hash, Hasher};
        let all = self.list_groups(page);
        let total: usize = all.iter().map(|g| g.items.len()).sum();
        let pages = pages_for_by(total, page.per_page());
        // What every page shows of the whole list: its groups and their sizes (headings,
        // jump links, the A to Z letters) and the page count.
        let mut whole = std::collections::hash_map::DefaultHasher::new();
        pages.hash(&mut whole);
        for g in &all {
            (&g.heading, &g.id, &g.note, g.items.len()).hash(&mut whole);
        }
        let whole = whole.finish();
        let plans: Vec<PagePlan> = (1..=pages)
            .map(|p| {
                // Cut as the page itself is (the leaflet's pages are longer).
                let (groups, _) = paginate_by(&all, p, page.per_page());
                let mut h = std::collections::hash_map::DefaultHasher::new();
                whole.hash(&mut h);
                let mut services = Vec::new();
                for g in &groups {
                    (&g.heading, &g.id).hash(&mut h);
                    for &s in &g.items {
                        self.site.services[s].id.hash(&mut h);
                        services.push(s);
                    }
                }
                PagePlan {
                    page: p,
                    services,
                    shape: h.finish(),
                }
            })
            .collect();
        let out = plans
            .par_iter()
            .filter(|plan| keep(plan))
            .map(|plan| self.render_page(page.at_page(plan.page), &all))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((plans, out))
    }

    fn render_page(&self, this: SitePage, all: &[Group]) -> Result<(String, String), RenderError> {
        let site = self.site;
        let m = &self.messages;
        let area: &dyn std::fmt::Display = &site.config.area;
        let mut sensitive = false;
        let template = this.template();
        let url = site.address.page_at(this.address(site), this.number());
        let (title, description): (String, String);
        let mut crumbs = vec![(m.text("crumbs.home", &[]), site.address.page(Page::Home))];
        // What this page's template sees besides the shared `site` and `assets`: its page
        // type's view (views.rs), then `page`, `crumbs` and `jsonld`.
        let mut data = match this {
            SitePage::Home => {
                title = site.config.name.clone();
                description = site.config.description.clone();
                crumbs.clear();
                let localities = (0..site.localities.len())
                    .map(|li| {
                        let views::NameLink { name, url } = views::locality_link(site, li);
                        views::HomeLocality {
                            name,
                            url,
                            hubs: site.locality_hubs[li]
                                .iter()
                                .map(|&h| views::hub_link(site, h))
                                .collect(),
                        }
                    })
                    .collect();
                view_data(views::HomeView {
                    localities,
                    categories: &self.nav_needs,
                })
            }
            SitePage::NeedsIndex => {
                title = m.text("needs.title", &[]);
                description = m.text("needs.description", &[("area", area)]);
                view_data(views::NeedsIndexView {
                    categories: &self.nav_needs,
                })
            }
            SitePage::Category(ci, page) => {
                let cat = &site.categories[ci];
                let list = Page::Category(&cat.id);
                title = cat.label.clone();
                description = cat.description.clone();
                sensitive = false;
                let (groups, pages) = paginate(all, page);
                crumbs.push((
                    m.text("crumbs.needs", &[]),
                    site.address.page(Page::NeedsIndex),
                ));
                view_data(views::CategoryView {
                    category: views::CategoryPage {
                        id: cat.id.clone(),
                        label: cat.label.clone(),
                        description: cat.description.clone(),
                        needs: views::category_needs(site, &cat.needs),
                    },
                    groups: group_views(&groups),
                    pagination: pagination(site, list, page, pages),
                })
            }
            SitePage::Need(ni, page) => {
                let n = &site.needs[ni];
                let list = Page::Need(&n.id);
                title = n.label.clone();
                description = n.description.clone();
                sensitive = n.sensitive;
                let cat = site
                    .category_ix
                    .get(&n.category)
                    .map(|&c| &site.categories[c]);
                let (groups, pages) = paginate(all, page);
                let need = views::NeedPage {
                    link: views::need_link(site, ni),
                    synonyms: n.synonyms.clone(),
                    dfe_subcategory: n.dfe_subcategory.clone(),
                    helplines: n.helplines.iter().map(views::emergency_view).collect(),
                    category: cat.map(|c| views::LabelLink {
                        label: c.label.clone(),
                        url: site.address.page(Page::Category(&c.id)),
                    }),
                };
                crumbs.push((
                    m.text("crumbs.needs", &[]),
                    site.address.page(Page::NeedsIndex),
                ));
                view_data(views::NeedView {
                    need,
                    groups: group_views(&groups),
                    pagination: pagination(site, list, page, pages),
                })
            }
            SitePage::LocalitiesIndex => {
                title = m.text("localities.title", &[]);
                description = m.text("localities.description", &[("area", area)]);
                view_data(views::LocalitiesView {
                    localities: (0..site.localities.len())
                        .map(|li| self.locality_value(li))
                        .collect(),
                })
            }
            SitePage::Locality(li, page) => {
                let l = &site.localities[li];
                let list = Page::Locality(&l.id);
                title = l.name.clone();
                description = if l.summary.is_empty() {
                    m.text("locality.description", &[("name", &l.name)])
                } else {
                    l.summary.clone()
                };
                let (groups, pages) = paginate(all, page);
                let (map, charts) = if page == 1 {
                    (
                        family::locality_map(site, li),
                        family::profile_charts(site, li),
                    )
                } else {
                    (None, Vec::new())
                };
                let v = views::LocalityPage {
                    summary: self.locality_value(li),
                    body_html: super::markdown::to_html(&l.body),
                    profile: l
                        .profile
                        .iter()
                        .map(|f| views::FigureView {
                            label: f.label.clone(),
                            value: format_number(f.value),
                        })
                        .collect(),
                    venues: site.locality_venues[li]
                        .iter()
                        .map(|&vi| views::venue_view(site, vi))
                        .collect(),
                    map,
                    charts,
                };
                crumbs.push((
                    m.text("crumbs.localities", &[]),
                    site.address.page(Page::LocalitiesIndex),
                ));
                view_data(views::LocalityView {
                    locality: v,
                    groups: group_views(&groups),
                    pagination: pagination(site, list, page, pages),
                    area_wide_count: site.area_wide.len(),
                })
            }
            SitePage::HubsIndex => {
                title = m.text("hubs.title", &[]);
                description = m.text("hubs.description", &[("area", area)]);
                view_data(views::LocalitiesView {
                    localities: (0..site.localities.len())
                        .map(|li| self.locality_value(li))
                        .collect(),
                })
            }
            SitePage::Hub(hi, page) => {
                let h = &site.hubs[hi];
                let list = Page::Hub(&h.id);
                title = h.name.clone();
                description = if h.summary.is_empty() {
                    m.text("hub.description", &[("name", &h.name)])
                } else {
                    h.summary.clone()
                };
                let (groups, pages) = paginate(all, page);

                // Sessions at the hub first, then services covering its area.
                let (at, around): (Vec<Group>, Vec<Group>) =
                    groups.into_iter().partition(|g| g.id.starts_with("at-"));
                // The map and timetable are the same on every page of a long hub list: show
                // them once.
                let (map, timetable) = if page == 1 {
                    (family::hub_map(site, hi), family::hub_timetable(site, hi))
                } else {
                    (None, None)
                };
                let v = views::HubPage {
                    summary: views::hub_summary(site, hi),
                    body_html: super::markdown::to_html(&h.body),
                    locality: site
                        .locality_ix
                        .get(&h.locality)
                        .map(|&l| views::locality_link(site, l)),
                    venues: site.hub_venues[hi]
                        .iter()
                        .map(|&vi| views::venue_view(site, vi))
                        .collect(),
                    map,
                    timetable,
                };
                crumbs.push((
                    m.text("crumbs.hubs", &[]),
                    site.address.page(Page::HubsIndex),
                ));
                view_data(views::HubView {
                    hub: v,
                    area_wide_needs: &self.area_wide_needs,
                    groups_here: group_views(&at),
                    groups_area: group_views(&around),
                    pagination: pagination(site, list, page, pages),
                })
            }
            SitePage::Venue(vi) => {
                let v = &site.venues[vi];
                title = v.name.clone();
                description = m.text(
                    "venue.description",
                    &[("name", &v.name), ("postcode", &v.postcode)],
                );
                let hub = site
                    .hub_ix
                    .get(v.hub.as_deref().unwrap_or(""))
                    .copied()
                    .or_else(|| site.hubs.iter().position(|h| h.venue == v.id));
                let venue = views::VenuePage {
                    venue: views::venue_view(site, vi),
                    body_html: super::markdown::to_html(&v.body),
                    hub: hub.map(|h| views::hub_link(site, h)),
                    locality: site
                        .locality_ix
                        .get(&v.locality)
                        .map(|&l| views::locality_link(site, l)),
                };
                view_data(views::VenuePageView {
                    venue,
                    services: site.by_venue[vi].clone(),
                })
            }
            SitePage::OrganisationsIndex => {
                title = m.text("organisations.title", &[]);
                description = m.text("organisations.description", &[("area", area)]);
                let orgs = site
                    .organisations
                    .iter()
                    .enumerate()
                    .map(|(oi, o)| views::OrganisationSummary {
                        name: o.name.clone(),
                        url: site.address.page(Page::Organisation(&o.id)),
                        summary: o.summary.clone(),
                        kind: org_kind(site, m, &o.kind),
                        count: site.by_org[oi].len(),
                    })
                    .collect();
                view_data(views::OrganisationsView {
                    organisations: orgs,
                })
            }
            SitePage::Organisation(oi, page) => {
                let o = &site.organisations[oi];
                let list = Page::Organisation(&o.id);
                title = o.name.clone();
                description = if o.summary.is_empty() {
                    o.name.clone()
                } else {
                    o.summary.clone()
                };
                let (groups, pages) = paginate(all, page);
                crumbs.push((
                    m.text("crumbs.organisations", &[]),
                    site.address.page(Page::OrganisationsIndex),
                ));
                view_data(views::OrganisationView {
                    org: views::OrganisationPage {
                        id: o.id.clone(),
                        name: o.name.clone(),
                        summary: o.summary.clone(),
                        kind: org_kind(site, m, &o.kind),
                        contact: views::contact(&o.contact),
                        charity_number: o.charity_number.clone(),
                        body_html: super::markdown::to_html(&o.body),
                        file: o.file.clone(),
                    },
                    groups: group_views(&groups),
                    pagination: pagination(site, list, page, pages),
                })
            }
            SitePage::AtoZ(page) => {
                title = m.text("services.title", &[]);
                description = m.text("services.description", &[("area", area)]);
                let letters: Vec<views::LetterLink> = {
                    let mut start = 0;
                    all.iter()
                        .map(|g| {
                            let p = start / PER_PAGE + 1;
                            start += g.items.len();
                            views::LetterLink {
                                letter: g.heading.clone(),
                                url: format!("{}#g-{}", site.address.page_at(Page::AtoZ, p), g.id),
                            }
                        })
                        .collect()
                };
                let (groups, pages) = paginate(all, page);
                view_data(views::AtoZView {
                    letters,
                    groups: group_views(&groups),
                    pagination: pagination(site, Page::AtoZ, page, pages),
                })
            }
            SitePage::Service(si) => {
                let s = &site.services[si];
                title = s.name.clone();
                description = s.summary.clone();
                sensitive = site.svc[si].sensitive;
                crumbs.push((
                    m.text("crumbs.services", &[]),
                    site.address.page(Page::AtoZ),
                ));
                // The My list block is made from the service's view as serialised for the
                // template, so the view is serialised once.
                view_data(views::ServiceView {
                    service: views::service_page(site, si, &self.cards.values[si]),
                    list_data: String::new(),
                })
                .map(|mut data| {
                    let list_data = super::mylist::service_data(&data["service"]);
                    data.insert("list_data".into(), list_data.into());
                    data
                })
            }
            SitePage::Search => {
                title = m.text("search.title", &[]);
                description = m.text("search.description", &[("area", area)]);
                view_data(views::SearchView {
                    localities: (0..site.localities.len())
                        .map(|li| self.locality_value(li))
                        .collect(),
                    categories: &self.nav_needs,
                    words: views::need_words(site),
                })
            }
            SitePage::Accessibility => {
                title = m.text("accessibility.title", &[]);
                description = m.text("accessibility.description", &[("name", &site.config.name)]);
                view_data(views::PlainView {})
            }
            SitePage::StartForLife(page) => {
                title = m.text("start_for_life.title", &[]);
                description = m.text("start_for_life.description", &[("area", area)]);
                // Every part of the offer, with where its list starts (or that it is empty).
                let mut start = 0;
                let parts: Vec<family::LeafletPart> = all
                    .iter()
                    .map(|g| {
                        let p = start / LEAFLET_PER_PAGE + 1;
                        start += g.items.len();
                        family::LeafletPart {
                            id: g.id.clone(),
                            heading: g.heading.clone(),
                            count: g.items.len(),
                            url: format!(
                                "{}#sfl-{}",
                                site.address.page_at(Page::StartForLife, p),
                                g.id
                            ),
                        }
                    })
                    .collect();
                let (groups, pages) = paginate_by(all, page, LEAFLET_PER_PAGE);
                view_data(views::StartForLifeView {
                    parts,
                    offer: family::start_for_life(site, &self.cards.values, groups_items(groups)),
                    pagination: pagination(site, Page::StartForLife, page, pages),
                })
            }
            SitePage::Coverage => {
                title = m.text("coverage.title", &[]);
                description = m.text("coverage.description", &[("area", area)]);
                view_data(views::CoverageView {
                    coverage: family::coverage(site),
                    childcare: views::sufficiency(site),
                })
            }
            SitePage::MyList => {
                title = m.text("my_list.title", &[]);
                description = m.text("my_list.description", &[]);
                view_data(views::PlainView {})
            }
            SitePage::ChildcareIndex => {
                title = m.text("childcare.index.title", &[]);
                description = m.text("childcare.index.description", &[("area", area)]);
                view_data(views::childcare_index(site))
            }
            SitePage::ChildcareArea(_) | SitePage::ChildcareType(_) => {
                let v = views::childcare_list(site, this);
                title = v.heading.clone();
                description = v.intro.clone();
                crumbs.push((
                    m.text("childcare.index.title", &[]),
                    site.address.page(Page::ChildcareIndex),
                ));
                view_data(v)
            }
            SitePage::ChildcareProvider(ci) => {
                let v = views::childcare_provider(site, ci);
                title = v.provider.name.clone();
                description = v.provider.description.clone();
                crumbs.push((
                    m.text("childcare.index.title", &[]),
                    site.address.page(Page::ChildcareIndex),
                ));
                view_data(v)
            }
            SitePage::Holidays => {
                title = m.text("whats_on.title", &[]);
                description = m.text("whats_on.description", &[("area", area)]);
                view_data(super::holidays::holidays_view(site))
            }
            SitePage::LocalOffer => {
                title = m.text("send.landing.title", &[]);
                description = m.text("send.landing.description", &[("area", area)]);
                view_data(self.local_offer_view())
            }
            SitePage::LocalOfferSection(i) => {
                let code = crate::content::local_offer::SECTIONS[i];
                let v = self.local_offer_section(code);
                title = v.name.clone();
                description = v.intro.clone();
                crumbs.push((
                    m.text("send.landing.title", &[]),
                    site.address.page(Page::LocalOffer),
                ));
                view_data(v)
            }
            SitePage::YouSaidWeDid => {
                let y = site.you_said_we_did.as_ref();
                title = y
                    .and_then(|y| y.title.clone())
                    .unwrap_or_else(|| m.text("send.you_said.title", &[]));
                description = y
                    .and_then(|y| y.summary.clone())
                    .unwrap_or_else(|| m.text("send.you_said.description", &[]));
                crumbs.push((
                    m.text("send.landing.title", &[]),
                    site.address.page(Page::LocalOffer),
                ));
                view_data(views::YouSaidWeDidView {
                    title: title.clone(),
                    summary: y.and_then(|y| y.summary.clone()),
                    updated: y.and_then(|y| y.updated).map(super::text::date),
                    body_html: y
                        .map(|y| super::markdown::to_html(&y.body))
                        .unwrap_or_default(),
                })
            }
            SitePage::ReportThanks => {
                title = m.text("report.thanks_title", &[]);
                // Search engines and link previews read a description (Lighthouse's SEO audit).
                description = m.text("report.thanks_lead", &[]);
                view_data(views::PlainView {})
            }
            SitePage::NotFound => {
                title = m.text("not_found.title", &[]);
                description = String::new();
                view_data(views::PlainView {})
            }
            SitePage::AddGroup => {
                title = m.text("add_group.title", &[]);
                description = m.text("add_group.description", &[("name", &site.config.name)]);
                let c = &site.config;
                let links = c.repository.as_ref().map(|r| {
                    use crate::scaffold::{Kind, new_file_url};
                    views::NewFileLinks {
                        organisation: new_file_url(
                            r,
                            &c.branch,
                            Kind::Organisation,
                            "your-organisation-name.md",
                            site.today,
                        ),
                        service: new_file_url(
                            r,
                            &c.branch,
                            Kind::Service,
                            "your-group-name.md",
                            site.today,
                        ),
                        organisations_folder: format!(
                            "{r}/tree/{}/content/organisations",
                            c.branch
                        ),
                        pulls: format!("{r}/pulls"),
                    }
                });
                view_data(views::AddGroupView { new_file: links })
            }
        }?;
        data.insert(
            "jsonld".into(),
            crate::export::jsonld::for_page(site, this).into(),
        );
        let crumbs: Vec<views::Crumb> = crumbs
            .into_iter()
            .map(|(label, url)| views::Crumb { label, url })
            .collect();
        data.insert("crumbs".into(), to_value(&crumbs)?);
        let canonical = site.address.full(&url);
        let meta = views::PageMeta {
            title,
            description,
            url,
            sensitive,
            canonical,
        };
        data.insert("page".into(), to_value(&meta)?);
        let mut ctx = self.base.clone();
        ctx.extend(
            tera::Context::from_value(Value::Object(data)).map_err(|source| {
                RenderError::Context {
                    template: template.to_string(),
                    source,
                }
            })?,
        );
        // Pages run to tens of kilobytes: starting big saves growing the buffer a few
        // times on every page.
        let mut html = Vec::with_capacity(64 * 1024);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|source| RenderError::Template {
                template: template.to_string(),
                source,
            })?;
        let html = String::from_utf8(html).map_err(|source| RenderError::NotUtf8 {
            template: template.to_string(),
            source,
        })?;
        let path = crate::address::output_file(&this.address(site).path_at(this.number()));
        Ok((path, html))
    }

    fn locality_value(&self, li: usize) -> views::LocalitySummary {
        let site = self.site;
        let l = &site.localities[li];
        views::LocalitySummary {
            id: l.id.clone(),
            name: l.name.clone(),
            summary: l.summary.clone(),
            url: site.address.page(Page::Locality(&l.id)),
            hubs: site.locality_hubs[li]
                .iter()
                .map(|&h| views::hub_summary(site, h))
                .collect(),
            services: site.in_locality[li].len(),
        }
    }
}

// --- localoffer: the Local Offer's pages
impl Renderer<'_> {
    fn local_offer_view(&self) -> views::LocalOfferView {
        use crate::content::local_offer::{SECTIONS, name};
        let site = self.site;
        let settings = &site.config.local_offer;
        let sections = SECTIONS
            .iter()
            .map(|&code| {
                let (services, providers) = site.in_section(code);
                views::LocalOfferSectionSummary {
                    id: code.to_string(),
                    name: name("send.sections", code),
                    intro: name("send.section_intros", code),
                    url: site.address.page(Page::LocalOfferSection(code)),
                    count: services.len() + providers.len(),
                }
            })
            .collect();
        let search = site.address.page(Page::Search);
        let send_needs = settings
            .need_codes()
            .into_iter()
            .filter_map(|code| {
                let count = site
                    .services
                    .iter()
                    .filter(|s| {
                        s.local_offer
                            .as_ref()
                            .is_some_and(|lo| lo.send_needs.iter().any(|n| n == code))
                    })
                    .count();
                (count > 0).then(|| views::SendNeedLink {
                    name: settings.need_name(code),
                    count,
                    url: format!("{search}#send={code}"),
                })
            })
            .collect();
        let c = &site.config.contact;
        views::LocalOfferView {
            sections,
            send_needs,
            you_said_we_did: site
                .you_said_we_did
                .as_ref()
                .map(|_| site.address.page(Page::YouSaidWeDid)),
            comment: views::LocalOfferComment {
                email: c.email.clone(),
                phone: c.phone.clone(),
                website: c.website.clone(),
                report_form: site.config.report_problems
                    != crate::content::model::ReportProblems::Off,
            },
        }
    }

    fn local_offer_section(&self, code: &str) -> views::LocalOfferSectionView {
        use crate::content::local_offer::{SECTIONS, name};
        let site = self.site;
        let (services, providers) = site.in_section(code);
        views::LocalOfferSectionView {
            name: name("send.sections", code),
            intro: name("send.section_intros", code),
            services,
            providers: providers
                .into_iter()
                .map(|ci| views::childcare_card(site, ci))
                .collect(),
            others: SECTIONS
                .iter()
                .filter(|&&c| c != code)
                .map(|&c| views::NameLink {
                    name: name("send.sections", c),
                    url: site.address.page(Page::LocalOfferSection(c)),
                })
                .collect(),
        }
    }
}

/// The label of an organisation's type: the catalogue's name of a built-in type, or the
/// name site.yaml gives a type it adds.
fn org_kind(site: &Site, m: &Messages, k: &str) -> String {
    if let Some(name) = site.config.org_type_name(k) {
        return name.to_string();
    }
    let k = if crate::content::model::ORG_TYPES.contains(&k) {
        k
    } else {
        "private"
    };
    m.text(
        &crate::content::model::value_key("organisation_types", k),
        &[],
    )
}

pub(crate) fn format_number(v: f64) -> String {
    if v.fract() != 0.0 {
        return format!("{v}");
    }
    let s = (v as i64).abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// (part id, heading, services) for the leaflet, from paginated groups.
fn groups_items(groups: Vec<Group>) -> Vec<(String, String, Vec<usize>)> {
    groups
        .into_iter()
        .map(|g| (g.id, g.heading, g.items))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn pagination_links_the_ends_and_the_neighbours() {
        let n = |v: Vec<Option<usize>>| {
            v.iter()
                .map(|p| p.map_or("…".to_string(), |p| p.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(n(page_window(1, 1)), "1");
        assert_eq!(n(page_window(2, 3)), "1 2 3");
        assert_eq!(n(page_window(1, 40)), "1 2 … 40");
        assert_eq!(n(page_window(8, 40)), "1 … 7 8 9 … 40");
        assert_eq!(n(page_window(3, 40)), "1 2 3 4 … 40");
        assert_eq!(n(page_window(40, 40)), "1 … 39 40");
    }
}
