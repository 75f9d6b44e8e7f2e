//! What templates see: plain data with every phrase already worded, so templates only lay
//! things out.

use super::markdown;
use super::messages;
use super::text;
use crate::address::Page;
use crate::content::language;
use crate::content::model::*;
use crate::site::Site;
use serde::Serialize;
use serde_json::Value;

/// How to contact a service, organisation, hub or the site's own service.
#[derive(Serialize)]
pub struct ContactView {
    /// The phone number, as written.
    pub phone: Option<String>,
    /// The phone number as a `tel:` link.
    pub tel: Option<String>,
    /// The email address.
    pub email: Option<String>,
    /// The website's address.
    pub website: Option<String>,
    /// The website's address without `https://` and the last `/`, to show.
    pub website_label: Option<String>,
    /// Other phone numbers, each with what it is for.
    pub phones: Vec<PhoneView>,
    /// The web address of a form to refer someone or apply.
    pub referral_form: Option<String>,
}

/// One of a contact's other `phones`.
#[derive(Serialize)]
pub struct PhoneView {
    /// What it is for, worded with its label ("Out of hours (evenings and weekends):").
    pub label: String,
    /// The number, as written.
    pub number: String,
    /// The link: `tel:`, `sms:` for texts, or WhatsApp's web address.
    pub href: String,
}

/// A contact's other phone numbers, worded (localoffer: more ways to get in touch).
fn phone_views(c: &Contact) -> Vec<PhoneView> {
    let m = messages::active();
    c.phones
        .iter()
        .map(|p| {
            let tel = text::tel_href(&p.number);
            let intl = tel.trim_start_matches("tel:").to_string();
            let (kind, href) = match p.kind.as_str() {
                "text" => (
                    m.text("local_offer.contact.text", &[]),
                    format!("sms:{intl}"),
                ),
                "whatsapp" => (
                    m.text("local_offer.contact.whatsapp", &[]),
                    format!("https://wa.me/{}", intl.trim_start_matches('+')),
                ),
                "out-of-hours" => (m.text("local_offer.contact.out_of_hours", &[]), tel),
                _ => (m.text("local_offer.contact.call", &[]), tel),
            };
            let label = match &p.label {
                Some(l) => m.text(
                    "local_offer.contact.labelled",
                    &[("kind", &kind), ("label", l)],
                ),
                None => m.text("local_offer.contact.kind", &[("kind", &kind)]),
            };
            PhoneView {
                label,
                number: p.number.clone(),
                href,
            }
        })
        .collect()
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
        phones: phone_views(c),
        referral_form: c.referral_form.clone(),
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
        parts.push(m.count("where.more_places", l.venues.len() - 2, &[]));
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
    // --- localoffer: confidential places and outreach
    if s.where_.confidential {
        parts.push(m.text("local_offer.where.confidential_short", &[]));
    }
    if s.where_.outreach.is_some() {
        parts.push(m.text("local_offer.where.outreach_short", &[]));
    }
    parts.join(&m.text("list.separator", &[]))
}

/// A service as shown in lists: `s` in the theme's `card` macro, and part of the service's
/// page.
// Made once per service and kept for the whole build, then turned into template data when
// a card or the service's page is rendered. A struct, not a JSON value: the values' keys
// and tree nodes made them about five times the size (240 MB at 100,000 services, most of
// it kept to the end).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Card {
    /// The service's id (its file name).
    pub id: String,
    /// Its page's address.
    pub url: String,
    /// Its name.
    pub name: String,
    /// One sentence about it.
    pub summary: String,
    /// The organisation's name; empty if it names none.
    pub organisation: String,
    /// Who it is for, worded: by age ("Ages 5 to 11"), or its audience ("For parents and
    /// carers of children aged 0 to 5", "For adults"), with any group it is only for.
    pub ages: String,
    /// What it costs, worded.
    pub cost: String,
    /// It is free.
    pub free: bool,
    /// How families get to it, worded.
    pub access: Vec<String>,
    /// Its level of support (1 to 4).
    pub level: u8,
    /// The level, worded.
    pub level_label: String,
    /// Its first two sessions, worded.
    pub when: Vec<String>,
    /// How many more sessions it has.
    pub more_sessions: usize,
    /// Where, in short: its first two venues, home visits, online, by phone.
    #[serde(rename = "where")]
    pub where_: String,
    /// It is open to families anywhere in the area.
    pub area_wide: bool,
    /// Its listing is past its review date.
    pub stale: bool,
    /// It is paused.
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
        ages: text::who(s),
        cost: text::cost(&s.cost),
        free: s.cost.is_free(),
        access: s.access.iter().map(|a| text::access_label(a)).collect(),
        level: s.level,
        level_label: text::level_label(s.level),
        when: in_time_order(&s.schedule)
            .into_iter()
            .take(2)
            .map(text::session)
            .collect(),
        more_sessions: s.schedule.len().saturating_sub(2),
        where_: where_short(site, si),
        area_wide: l.area_wide,
        stale: l.stale,
        paused: s.paused,
    }
}

/// A link to a page with a name: an organisation, a hub, an area, a venue.
#[derive(Serialize)]
pub struct NameLink {
    /// The page's name.
    pub name: String,
    /// Its address.
    pub url: String,
}

/// A language a service is offered in.
#[derive(Serialize)]
pub struct Spoken {
    /// Its code as content writes it ("pl", "rom", "bsl").
    pub code: String,
    /// Its name in the interface's language ("Polish").
    pub name: String,
    /// Its name in itself ("polski"), when that differs and is known.
    pub own: Option<String>,
    /// The language tag for the own name's `lang` attribute (ISO 639: "pl", "rom").
    pub tag: String,
}

/// A link to a page with a label: a need or a category.
#[derive(Serialize)]
pub struct LabelLink {
    /// The page's label.
    pub label: String,
    /// Its address.
    pub url: String,
}

/// A venue: on venue pages, in a service's or hub's `venues` and in map lists.
#[derive(Serialize)]
pub struct VenueView {
    /// The venue's id (its file name).
    pub id: String,
    /// Its page's address.
    pub url: String,
    /// Its name.
    pub name: String,
    /// The address's lines, without the postcode.
    pub address: Vec<String>,
    /// The postcode.
    pub postcode: String,
    /// Where it is: latitude (WGS84 degrees).
    pub latitude: f64,
    /// Where it is: longitude (WGS84 degrees).
    pub longitude: f64,
    /// Its place on OpenStreetMap.
    pub osm_url: String,
    /// Its accessibility features, worded.
    pub accessibility: Vec<String>,
}

pub fn venue_view(site: &Site, vi: usize) -> VenueView {
    let v = &site.venues[vi];
    let mut lines = vec![v.address.line1.clone()];
    lines.extend(v.address.line2.clone());
    lines.push(v.address.town.clone());
    lines.extend(v.address.county.clone());
    VenueView {
        id: v.id.clone(),
        url: site.address.page(Page::Venue(&v.id)),
        name: v.name.clone(),
        address: lines,
        postcode: v.postcode.clone(),
        latitude: v.latitude,
        longitude: v.longitude,
        osm_url: format!(
            "https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=17/{:.5}/{:.5}",
            v.latitude, v.longitude, v.latitude, v.longitude
        ),
        accessibility: v
            .accessibility
            .iter()
            .map(|a| accessibility_label(a).to_string())
            .collect(),
    }
}

/// One of a service's `sessions`.
#[derive(Serialize)]
pub struct SessionView {
    /// When, worded ("Tuesdays, 10:00 to 11:30").
    pub text: String,
    /// The venue's name, if the session names one.
    pub venue: Option<String>,
    /// The venue's page, if the session names one.
    pub venue_url: Option<String>,
    /// The session's notes, if any.
    pub notes: Option<String>,
}

/// One of a service's `access_routes`.
#[derive(Serialize)]
pub struct AccessRoute {
    /// The route's code (`drop-in`, `self-referral`…).
    pub route: String,
    /// The route, worded.
    pub label: String,
}

/// The `service` of a service's page: every field of its [`Card`], and these.
#[derive(Serialize)]
pub struct ServicePage<'c> {
    /// The service's card, as in lists: its fields are fields of the page's view.
    #[serde(flatten)]
    pub card: &'c Card,
    /// The body, as sanitised HTML.
    pub body_html: String,
    /// The summary cut to 155 characters, for search engines.
    pub description: String,
    /// Who it is for, beyond ages, if said.
    pub eligibility: Option<String>,
    /// What its level of support means, worded.
    pub level_explained: String,
    /// How families get to it.
    pub access_routes: Vec<AccessRoute>,
    /// How to access it, in the service's words.
    pub how_to_access: String,
    /// Every session.
    pub sessions: Vec<SessionView>,
    /// The sessions for the when-where script (whenwhere.rs).
    pub when_data: String,
    /// Notes on the schedule, if any.
    pub schedule_notes: Option<String>,
    /// The service's fields declared `.extra()` in the content schema, by name
    /// (`service.extra.what_to_bring`); absent when the listing does not give one.
    pub extra: crate::content::model::Extra,
    /// Where it is held.
    pub venues: Vec<VenueView>,
    /// Whether it visits families at home.
    pub home_visits: bool,
    /// Whether it runs online.
    pub online: bool,
    /// Whether it runs by phone.
    pub by_phone: bool,
    /// Who can use it, worded ("Families in Northfield…"), if it covers an area.
    pub covers: Option<String>,
    /// The area of a confidential place ("Northfield and Ashby"), whose address is never
    /// published; None when the place is not confidential.
    pub confidential_area: Option<String>,
    /// Where its workers go to meet people, in the listing's words.
    pub outreach: Option<String>,
    /// When a paused service starts again, worded, if known.
    pub resumes: Option<String>,
    /// Its part of the SEND Local Offer, if it gives one.
    pub local_offer: Option<LocalOfferBlock>,
    /// The service's contact, or its organisation's when it has none.
    pub contact: Option<ContactView>,
    /// `contact` is the organisation's.
    pub contact_is_org: bool,
    /// The organisation that runs it.
    pub org: Option<NameLink>,
    /// The language codes, in the listing's order ("en", "pl"), for templates to test in
    /// any language of the interface.
    pub language_codes: Vec<String>,
    /// Languages spoken, worded in the interface's language.
    pub languages: Vec<String>,
    /// Languages spoken, each with its name in itself for the page to show beside it.
    pub spoken: Vec<Spoken>,
    /// Accessibility features, worded.
    pub accessibility: Vec<String>,
    /// When the listing was last reviewed, worded.
    pub reviewed: String,
    /// The same, as YYYY-MM-DD.
    pub reviewed_iso: String,
    /// The needs it meets.
    pub needs: Vec<LabelLink>,
    /// The family hubs it runs at.
    pub hubs: Vec<NameLink>,
    /// It meets a sensitive need.
    pub sensitive: bool,
    /// The national helplines of the needs it meets (each once), for its urgent help.
    pub helplines: Vec<EmergencyView>,
    /// Its file in the content folder (for "edit this page").
    pub file: String,
    /// Its Holiday Activities and Food details (service-haf.html), if it gives them.
    pub haf: Option<HafView>,
    /// The address of its calendar file (add-to-calendar.html), when it has sessions to
    /// come.
    pub calendar: Option<String>,
}

/// A service's sessions in the order of the week: by first day, then start time (10:00
/// before 10:30), whatever order the file gives them in.
fn in_time_order(schedule: &[Session]) -> Vec<&Session> {
    let mut v: Vec<&Session> = schedule.iter().collect();
    v.sort_by_key(|s| (s.days.iter().min().copied(), s.starts, s.ends));
    v
}

/// A service's page: its card (`card(site, si)`, made once for all lists) and the rest.
pub fn service_page<'c>(site: &Site, si: usize, card: &'c Card) -> ServicePage<'c> {
    let s = &site.services[si];
    let l = &site.svc[si];
    let sessions = in_time_order(&s.schedule)
        .into_iter()
        .map(|sess| {
            let venue = sess
                .venue
                .as_ref()
                .and_then(|id| site.venue_ix.get(id))
                .map(|&vi| &site.venues[vi]);
            SessionView {
                text: text::session(sess),
                venue: venue.map(|v| v.name.clone()),
                venue_url: venue.map(|v| site.address.page(Page::Venue(&v.id))),
                notes: sess.notes.clone(),
            }
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
    ServicePage {
        card,
        body_html: markdown::to_html(&s.body),
        description: markdown::truncate(&s.summary, 155),
        eligibility: s.eligibility.clone(),
        level_explained: text::level_explained(s.level),
        access_routes: s
            .access
            .iter()
            .map(|a| AccessRoute {
                route: a.clone(),
                label: text::access_label(a),
            })
            .collect(),
        how_to_access: s.how_to_access.clone(),
        sessions,
        when_data: crate::whenwhere::encode_sessions(&s.schedule),
        schedule_notes: s.schedule_notes.clone(),
        extra: s.extra.clone(),
        venues: l.venues.iter().map(|&vi| venue_view(site, vi)).collect(),
        home_visits: s.where_.home_visits,
        online: s.where_.online,
        by_phone: s.where_.by_phone,
        // A confidential place's area is said with it, once.
        covers: covers.filter(|_| !s.where_.confidential),
        confidential_area: s.where_.confidential.then(|| {
            let names: Vec<String> = l
                .localities
                .iter()
                .map(|&li| site.localities[li].name.clone())
                .collect();
            text::join_and(&names)
        }),
        outreach: s.where_.outreach.clone(),
        resumes: s.resumes.filter(|_| s.paused).map(text::date),
        local_offer: s.local_offer.as_ref().map(|lo| local_offer_block(site, lo)),
        contact: contact_src.map(contact),
        contact_is_org: s.contact.is_empty(),
        org: org.map(|o| NameLink {
            name: o.name.clone(),
            url: site.address.page(Page::Organisation(&o.id)),
        }),
        language_codes: s.languages.clone(),
        languages: s.languages.iter().map(|c| language_name(c)).collect(),
        spoken: s
            .languages
            .iter()
            .map(|c| Spoken {
                code: c.clone(),
                name: language_name(c),
                own: language::own_name(c).map(str::to_string),
                tag: language::iso_code(c).to_string(),
            })
            .collect(),
        accessibility: s
            .accessibility
            .iter()
            .map(|a| accessibility_label(a))
            .collect(),
        reviewed: text::date(s.reviewed),
        reviewed_iso: s.reviewed.to_string(),
        needs: l.needs.iter().map(|&n| need_label_link(site, n)).collect(),
        hubs: l.hubs.iter().map(|&h| hub_link(site, h)).collect(),
        sensitive: l.sensitive,
        helplines: {
            let mut seen = std::collections::HashSet::new();
            l.needs
                .iter()
                .flat_map(|&n| &site.needs[n].helplines)
                .filter(|h| seen.insert((&h.name, &h.phone, &h.text)))
                .map(emergency_view)
                .collect()
        },
        file: s.file.clone(),
        haf: s.haf.as_ref().map(super::holidays::haf_view),
        calendar: crate::calendar::link(site, si),
    }
}

pub(crate) fn need_label_link(site: &Site, ni: usize) -> LabelLink {
    LabelLink {
        label: site.needs[ni].label.clone(),
        url: site.address.page(Page::Need(&site.needs[ni].id)),
    }
}

pub(crate) fn hub_link(site: &Site, hi: usize) -> NameLink {
    NameLink {
        name: site.hubs[hi].name.clone(),
        url: site.address.page(Page::Hub(&site.hubs[hi].id)),
    }
}

pub(crate) fn locality_link(site: &Site, li: usize) -> NameLink {
    NameLink {
        name: site.localities[li].name.clone(),
        url: site.address.page(Page::Locality(&site.localities[li].id)),
    }
}

/// A family hub as listed: on hub pages, and in an area's `hubs`.
#[derive(Serialize)]
pub struct HubSummary {
    /// The hub's id (its file name).
    pub id: String,
    /// Its page's address.
    pub url: String,
    /// Its name.
    pub name: String,
    /// One sentence about it; may be empty.
    pub summary: String,
    /// Its building, if it names a known venue.
    pub venue: Option<VenueView>,
    /// Opening hours, worded, one line per set of days.
    pub hours: Vec<String>,
    /// The opening hours for the when-where script (whenwhere.rs).
    pub when_data: String,
    /// How to contact it.
    pub contact: ContactView,
    /// How many services run there.
    pub services: usize,
}

pub fn hub_summary(site: &Site, hi: usize) -> HubSummary {
    let h = &site.hubs[hi];
    HubSummary {
        id: h.id.clone(),
        url: site.address.page(Page::Hub(&h.id)),
        name: h.name.clone(),
        summary: h.summary.clone(),
        venue: site.venue_ix.get(&h.venue).map(|&vi| venue_view(site, vi)),
        hours: h.opening_hours.iter().map(text::hours).collect(),
        when_data: crate::whenwhere::encode_hours(&h.opening_hours),
        contact: contact(&h.contact),
        services: site.at_hub[hi].len(),
    }
}

/// A need as linked to: in `categories` (the navigation) and on category pages.
#[derive(Serialize)]
pub struct NeedLink {
    /// The need's id.
    pub id: String,
    /// Its page's address.
    pub url: String,
    /// Its label.
    pub label: String,
    /// One sentence about it.
    pub description: String,
    /// How many services meet it.
    pub count: usize,
    /// It is sensitive (domestic abuse, for example): its page has the exit bar.
    pub sensitive: bool,
}

pub fn need_link(site: &Site, ni: usize) -> NeedLink {
    let n = &site.needs[ni];
    NeedLink {
        id: n.id.clone(),
        url: site.address.page(Page::Need(&n.id)),
        label: n.label.clone(),
        description: n.description.clone(),
        count: site.by_need[ni].len(),
        sensitive: n.sensitive,
    }
}

/// A category of needs as in the navigation: each of `categories`.
#[derive(Serialize)]
pub struct CategoryNav {
    /// The category's id.
    pub id: String,
    /// Its page's address.
    pub url: String,
    /// Its label.
    pub label: String,
    /// One sentence about it.
    pub description: String,
    /// Its needs, in taxonomy order.
    pub needs: Vec<NeedLink>,
}

/// The needs by category, as in the navigation (made once per build).
pub fn nav_needs(site: &Site) -> Vec<CategoryNav> {
    site.categories
        .iter()
        .map(|cat| CategoryNav {
            id: cat.id.clone(),
            url: site.address.page(Page::Category(&cat.id)),
            label: cat.label.clone(),
            description: cat.description.clone(),
            needs: category_needs(site, &cat.needs),
        })
        .collect()
}

pub(crate) fn category_needs(site: &Site, needs: &[String]) -> Vec<NeedLink> {
    needs
        .iter()
        .filter_map(|n| site.need_ix.get(n))
        .map(|&ni| need_link(site, ni))
        .collect()
}

/// A need met by area-wide services: each of a hub page's `area_wide_needs`.
#[derive(Serialize)]
pub struct AreaWideNeed {
    /// The need's label.
    pub label: String,
    /// Where its area-wide services are listed on its page.
    pub url: String,
    /// How many area-wide services meet it.
    pub count: usize,
}

/// Needs with area-wide services and how many, in taxonomy order (made once per build).
pub fn area_wide_needs(site: &Site) -> Vec<AreaWideNeed> {
    let mut wide_counts = vec![0usize; site.needs.len()];
    for &s in &site.area_wide {
        for &n in &site.svc[s].needs {
            wide_counts[n] += 1;
        }
    }
    site.categories
        .iter()
        .flat_map(|c| c.needs.iter())
        .filter_map(|n| site.need_ix.get(n))
        .filter(|&&ni| wide_counts[ni] > 0)
        .map(|&ni| AreaWideNeed {
            label: site.needs[ni].label.clone(),
            url: format!(
                "{}#g-area-wide",
                site.address.page(Page::Need(&site.needs[ni].id))
            ),
            count: wide_counts[ni],
        })
        .collect()
}

/// The site's settings as templates see them: `site`, on every page.
#[derive(Serialize)]
pub struct SiteView {
    /// The site's name.
    pub name: String,
    /// The area it covers ("Marlbrook").
    pub area: String,
    /// The council's name.
    pub council: String,
    /// One sentence about the site.
    pub description: String,
    /// Where the site is published (`https://…`), or empty.
    pub base_url: String,
    /// The content's repository on GitHub, if set.
    pub repository: Option<String>,
    /// The start of "edit this page" links (a file's path follows), with a repository.
    pub edit_base: Option<String>,
    /// Where "Exit this page" goes.
    pub exit_url: String,
    /// The Families Information Service's contact.
    pub contact: ContactView,
    /// Emergency contacts shown on every page.
    pub emergency: Vec<EmergencyView>,
    /// The council's front door for families (early help), if set.
    pub front_door: Option<FrontDoorView>,
    /// The build's date, worded.
    pub today: String,
    /// When the accessibility statement was last reviewed, worded (site.yaml's
    /// `accessibility_reviewed`).
    pub accessibility_reviewed: Option<String>,
    /// How many months a listing stays current after its review.
    pub review_months: u32,
    /// The site's language (`en-GB`).
    pub language: String,
    /// How many services the site lists.
    pub services: usize,
    /// Term dates and bank holidays for the when-where script (whenwhere.rs).
    pub when_where: String,
    /// The childcare lists, when the site has childcare providers.
    pub childcare: Option<ChildcareLinkView>,
    /// Where "Report a problem with this listing" sends a report, or None for no form
    /// (site.yaml's `report_problems`).
    pub report: Option<ReportView>,
    /// The "What's on in the holidays" page's address, when the site has it (site.yaml
    /// gives term dates).
    pub holidays: Option<String>,
    /// The Local Offer, when the site has one.
    pub local_offer: Option<LocalOfferLinkView>,
}

/// `site.report`: how the "Report a problem with this listing" form is sent.
#[derive(Serialize)]
pub struct ReportView {
    /// True on Netlify: the form posts to `action` and Netlify Forms keeps the report.
    pub netlify: bool,
    /// Where the form goes: the thank-you page's address on Netlify, or a `mailto:`
    /// address with a subject line.
    pub action: String,
    /// The FIS's email address for the email form, to show as a fallback; None on Netlify.
    pub email: Option<String>,
}

/// One of `site.emergency`.
#[derive(Serialize)]
pub struct EmergencyView {
    /// Who to contact.
    pub name: String,
    /// Their phone number, as written.
    pub phone: Option<String>,
    /// The phone number as a `tel:` link.
    pub tel: Option<String>,
    /// Their website.
    pub website: Option<String>,
    /// A number to text, as written.
    pub text: Option<String>,
    /// That number as an `sms:` link.
    pub sms: Option<String>,
    /// When to contact them.
    pub description: String,
}

/// A contact in the urgent help box: site.yaml's `emergency`, a need's `helplines`.
pub fn emergency_view(e: &EmergencyContact) -> EmergencyView {
    EmergencyView {
        name: e.name.clone(),
        phone: e.phone.clone(),
        tel: e.phone.as_deref().map(text::tel_href),
        website: e.website.clone(),
        text: e.text.clone(),
        sms: e
            .text
            .as_ref()
            .map(|t| format!("sms:{}", t.replace(' ', ""))),
        description: e.description.clone(),
    }
}

/// `site.front_door`.
#[derive(Serialize)]
pub struct FrontDoorView {
    /// The service's name.
    pub name: String,
    /// Its phone number, as written.
    pub phone: Option<String>,
    /// The phone number as a `tel:` link.
    pub tel: Option<String>,
    /// Its email address.
    pub email: Option<String>,
    /// Its website.
    pub website: Option<String>,
    /// When it answers, as written.
    pub hours: Option<String>,
    /// What it does.
    pub description: String,
}

pub fn site_view(site: &Site) -> SiteView {
    let c = &site.config;
    SiteView {
        name: c.name.clone(),
        area: c.area.clone(),
        council: c.council.clone(),
        description: c.description.clone(),
        base_url: c.base_url.clone(),
        repository: c.repository.clone(),
        edit_base: c
            .repository
            .as_ref()
            .map(|r| format!("{r}/edit/{}/content/", c.branch)),
        exit_url: c.exit_url.clone(),
        contact: contact(&c.contact),
        emergency: c.emergency.iter().map(emergency_view).collect(),
        front_door: c.front_door.as_ref().map(|f| FrontDoorView {
            name: f.name.clone(),
            phone: f.phone.clone(),
            tel: f.phone.as_deref().map(text::tel_href),
            email: f.email.clone(),
            website: f.website.clone(),
            hours: f.hours.clone(),
            description: f.description.clone(),
        }),
        today: text::date(site.today),
        accessibility_reviewed: c.accessibility_reviewed.map(text::date),
        review_months: c.review_months,
        language: c.language.clone(),
        services: site.services.len(),
        when_where: crate::whenwhere::page_data(site),
        childcare: childcare_link(site),
        report: report_view(site),
        holidays: super::holidays::link(site),
        local_offer: site.has_local_offer().then(|| LocalOfferLinkView {
            url: site.address.page(Page::LocalOffer),
            need: site.config.local_offer.send_need.clone(),
        }),
    }
}

fn report_view(site: &Site) -> Option<ReportView> {
    use crate::content::model::ReportProblems;
    match &site.config.report_problems {
        ReportProblems::Netlify => Some(ReportView {
            netlify: true,
            action: site.address.page(crate::address::Page::ReportThanks),
            email: None,
        }),
        ReportProblems::Email(to) => {
            let subject = crate::render::messages::active().text("report.email_subject", &[]);
            let subject =
                percent_encoding::utf8_percent_encode(&subject, percent_encoding::NON_ALPHANUMERIC);
            Some(ReportView {
                netlify: false,
                action: format!("mailto:{to}?subject={subject}"),
                email: Some(to.clone()),
            })
        }
        ReportProblems::Off => None,
    }
}

// What each page type's template sees: the documented contract with theme authors. Every
// template also sees `site` (the settings, see `Renderer::with_cards`), `assets` (logical
// name to address), `signpost_data`, `jsonld`, and the functions `url()`, `t()`, `card()` and
// `cards()`. docs/themes.md is made from these structs' doc comments (tests/theme_docs.rs).

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
    /// The page's name.
    pub label: String,
    /// Its address.
    pub url: String,
}

/// `pagination` of a long list; null when the list fits on one page.
#[derive(Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages the list has.
    pub total: usize,
    /// The previous page's address, if there is one.
    pub prev: Option<String>,
    /// The next page's address, if there is one.
    pub next: Option<String>,
    /// The page links to show: the ends, this page and its neighbours, gaps between.
    pub pages: Vec<PageLink>,
}

/// One of `pagination.pages`: a page, or a gap standing for pages left out.
#[derive(Serialize)]
#[serde(untagged)]
pub enum PageLink {
    /// A page.
    Page {
        /// The page's number.
        n: usize,
        /// Its address.
        url: String,
        /// This is the page shown.
        current: bool,
    },
    /// Pages left out.
    Gap {
        /// Always true.
        gap: bool,
    },
}

/// A heading and the services under it, in `groups` (and a hub's `groups_here`,
/// `groups_area`). A group split across pages repeats on each.
#[derive(Serialize)]
pub struct GroupView {
    /// The heading.
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
pub struct HomeView<'a> {
    /// Each area, with its hubs.
    pub localities: Vec<HomeLocality>,
    /// The needs by category, as in the navigation.
    pub categories: &'a [CategoryNav],
}

/// One of the home page's `localities`.
#[derive(Serialize)]
pub struct HomeLocality {
    /// The area's name.
    pub name: String,
    /// Its page's address.
    pub url: String,
    /// Its family hubs.
    pub hubs: Vec<NameLink>,
}

/// The needs index (needs.html).
#[derive(Serialize)]
pub struct NeedsIndexView<'a> {
    /// The needs by category, as in the navigation.
    pub categories: &'a [CategoryNav],
}

/// A category of needs (category.html): its services by area.
#[derive(Serialize)]
pub struct CategoryView {
    /// The category.
    pub category: CategoryPage,
    /// Its services by area, area-wide services first.
    pub groups: Vec<GroupView>,
    /// The list's pages; null when it fits on one page.
    pub pagination: Option<Pagination>,
}

/// The `category` of a category page.
#[derive(Serialize)]
pub struct CategoryPage {
    /// The category's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// One sentence about it.
    pub description: String,
    /// Its needs.
    pub needs: Vec<NeedLink>,
}

/// A need (need.html): its services by area.
#[derive(Serialize)]
pub struct NeedView {
    /// The need.
    pub need: NeedPage,
    /// Its services by area, area-wide services first.
    pub groups: Vec<GroupView>,
    /// The list's pages; null when it fits on one page.
    pub pagination: Option<Pagination>,
}

/// The `need` of a need page: every field of a [`NeedLink`], and these.
#[derive(Serialize)]
pub struct NeedPage {
    /// The need as linked to.
    #[serde(flatten)]
    pub link: NeedLink,
    /// Other words for it.
    pub synonyms: Vec<String>,
    /// The Department for Education's subcategory, if mapped.
    pub dfe_subcategory: Option<String>,
    /// Its category.
    pub category: Option<LabelLink>,
    /// National helplines for it, shown in its urgent help after 999.
    pub helplines: Vec<EmergencyView>,
}

/// The areas index (localities.html) and the hubs index (hubs.html).
#[derive(Serialize)]
pub struct LocalitiesView {
    /// Every area, with its hubs.
    pub localities: Vec<LocalitySummary>,
}

/// An area as listed: in the areas and hubs indexes and the search page's filter.
#[derive(Serialize)]
pub struct LocalitySummary {
    /// The area's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// One sentence about it; may be empty.
    pub summary: String,
    /// Its page's address.
    pub url: String,
    /// Its family hubs.
    pub hubs: Vec<HubSummary>,
    /// How many services it has.
    pub services: usize,
}

/// An area (locality.html): its services by need.
#[derive(Serialize)]
pub struct LocalityView {
    /// The area.
    pub locality: LocalityPage,
    /// Its services by need.
    pub groups: Vec<GroupView>,
    /// The list's pages; null when it fits on one page.
    pub pagination: Option<Pagination>,
    /// How many services are open to families anywhere in the area.
    pub area_wide_count: usize,
}

/// The `locality` of an area's page: every field of a [`LocalitySummary`], and these.
#[derive(Serialize)]
pub struct LocalityPage {
    /// The area as listed.
    #[serde(flatten)]
    pub summary: LocalitySummary,
    /// The body, as sanitised HTML.
    pub body_html: String,
    /// Its community profile's figures.
    pub profile: Vec<FigureView>,
    /// Its venues.
    pub venues: Vec<VenueView>,
    /// The map of its venues: on the first page, if it has venues.
    pub map: Option<super::family::MapView>,
    /// Each figure beside the other areas': on the first page (empty on others).
    pub charts: Vec<super::family::Chart>,
}

/// One of an area's `profile`.
#[derive(Serialize)]
pub struct FigureView {
    /// What the figure counts.
    pub label: String,
    /// The figure, written with thousands separators.
    pub value: String,
}

/// A family hub (hub.html): sessions at the hub, then services covering its area.
#[derive(Serialize)]
pub struct HubView<'a> {
    /// The hub.
    pub hub: HubPage,
    /// Needs met by area-wide services.
    pub area_wide_needs: &'a [AreaWideNeed],
    /// Services at the hub, by need.
    pub groups_here: Vec<GroupView>,
    /// Services covering the hub's area, by need.
    pub groups_area: Vec<GroupView>,
    /// The list's pages; null when it fits on one page.
    pub pagination: Option<Pagination>,
}

/// The `hub` of a hub's page: every field of a [`HubSummary`], and these.
#[derive(Serialize)]
pub struct HubPage {
    /// The hub as listed.
    #[serde(flatten)]
    pub summary: HubSummary,
    /// The body, as sanitised HTML.
    pub body_html: String,
    /// Its area.
    pub locality: Option<NameLink>,
    /// The venues of its services.
    pub venues: Vec<VenueView>,
    /// The map of its venues: on the first page, if it has venues.
    pub map: Option<super::family::MapView>,
    /// This week at the hub: on the first page.
    pub timetable: Option<super::family::Timetable>,
}

/// A venue (venue.html).
#[derive(Serialize)]
pub struct VenuePageView {
    /// The venue.
    pub venue: VenuePage,
    /// Service numbers of the services held there, for `cards()`.
    pub services: Vec<usize>,
}

/// The `venue` of a venue's page: every field of a [`VenueView`], and these.
#[derive(Serialize)]
pub struct VenuePage {
    /// The venue.
    #[serde(flatten)]
    pub venue: VenueView,
    /// The body, as sanitised HTML.
    pub body_html: String,
    /// The family hub it is, or belongs to.
    pub hub: Option<NameLink>,
    /// Its area.
    pub locality: Option<NameLink>,
}

/// The organisations index (organisations.html).
#[derive(Serialize)]
pub struct OrganisationsView {
    /// Every organisation.
    pub organisations: Vec<OrganisationSummary>,
}

/// One of `organisations`.
#[derive(Serialize)]
pub struct OrganisationSummary {
    /// The organisation's name.
    pub name: String,
    /// Its page's address.
    pub url: String,
    /// One sentence about it; may be empty.
    pub summary: String,
    /// What kind of organisation it is, worded.
    pub kind: String,
    /// How many services it runs.
    pub count: usize,
}

/// An organisation (organisation.html): its services.
#[derive(Serialize)]
pub struct OrganisationView {
    /// The organisation.
    pub org: OrganisationPage,
    /// Its services (one group).
    pub groups: Vec<GroupView>,
    /// The list's pages; null when it fits on one page.
    pub pagination: Option<Pagination>,
}

/// The `org` of an organisation's page.
#[derive(Serialize)]
pub struct OrganisationPage {
    /// The organisation's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// One sentence about it; may be empty.
    pub summary: String,
    /// What kind of organisation it is, worded.
    pub kind: String,
    /// How to contact it.
    pub contact: ContactView,
    /// Its registered charity number, if any.
    pub charity_number: Option<String>,
    /// The body, as sanitised HTML.
    pub body_html: String,
    /// Its file in the content folder (for "edit this page").
    pub file: String,
}

/// All services A to Z (services.html).
#[derive(Serialize)]
pub struct AtoZView {
    /// Each letter with services.
    pub letters: Vec<LetterLink>,
    /// This page's services by first letter.
    pub groups: Vec<GroupView>,
    /// The list's pages; null when it fits on one page.
    pub pagination: Option<Pagination>,
}

/// One of the A to Z's `letters`.
#[derive(Serialize)]
pub struct LetterLink {
    /// The letter (or `0-9`).
    pub letter: String,
    /// Where its services start, on the page where they start.
    pub url: String,
}

/// A service (service.html).
#[derive(Serialize)]
pub struct ServiceView<'c> {
    /// The service.
    pub service: ServicePage<'c>,
    /// The "My list" data block's JSON (render/mylist.rs), made from `service`.
    pub list_data: String,
}

/// The search page (search.html).
#[derive(Serialize)]
pub struct SearchView<'a> {
    /// Every area, for the area filter.
    pub localities: Vec<LocalitySummary>,
    /// The needs by category, for the need filter.
    pub categories: &'a [CategoryNav],
    /// An A to Z of the words that lead to each need (labels and public synonyms, never
    /// `search_only`), shown when JavaScript is off.
    pub words: Vec<WordLetter>,
}

/// One letter of the search page's A to Z of words.
#[derive(Serialize)]
pub struct WordLetter {
    /// "A", or "0-9" for words starting with a digit.
    pub letter: String,
    /// The in-page id of the letter's list.
    pub id: String,
    /// The letter's words, sorted without regard to case.
    pub words: Vec<WordEntry>,
}

/// A word of the A to Z and the needs it leads to.
#[derive(Serialize)]
pub struct WordEntry {
    /// The word or phrase as the taxonomy spells it.
    pub word: String,
    /// True when the word is a need's own label (the link then needs no "word:" in front).
    pub is_label: bool,
    /// The needs it leads to.
    pub needs: Vec<LabelLink>,
}

/// The A to Z of words that lead to needs: each need's label and public synonyms, grouped by
/// first letter, sorted without regard to case; a word several needs share lists each.
pub fn need_words(site: &Site) -> Vec<WordLetter> {
    use std::collections::BTreeMap;
    // Sorted by the lower-case word; the first spelling met is the one shown.
    let mut words: BTreeMap<String, WordEntry> = BTreeMap::new();
    for n in &site.needs {
        let link = LabelLink {
            label: n.label.clone(),
            url: site.address.page(Page::Need(&n.id)),
        };
        let label = std::iter::once((n.label.as_str(), true));
        for (word, is_label) in label.chain(n.synonyms.iter().map(|w| (w.as_str(), false))) {
            let word = word.trim();
            let key = word.to_lowercase();
            if key.is_empty() || (!is_label && key == n.label.to_lowercase()) {
                continue;
            }
            let e = words.entry(key).or_insert_with(|| WordEntry {
                word: word.to_string(),
                is_label,
                needs: Vec::new(),
            });
            e.is_label &= is_label;
            if !e.needs.iter().any(|l| l.url == link.url) {
                e.needs.push(LabelLink {
                    label: link.label.clone(),
                    url: link.url.clone(),
                });
            }
        }
    }
    // Words starting with a digit come first, under "0-9".
    let mut letters: BTreeMap<(bool, String), Vec<WordEntry>> = BTreeMap::new();
    for (key, e) in words {
        let first = key.chars().find(|c| c.is_alphanumeric()).unwrap_or('#');
        let letter = if first.is_ascii_digit() {
            "0-9".to_string()
        } else {
            first.to_uppercase().collect()
        };
        letters
            .entry((!first.is_ascii_digit(), letter))
            .or_default()
            .push(e);
    }
    letters
        .into_iter()
        .map(|((_, letter), words)| WordLetter {
            id: format!("words-{}", letter.to_lowercase()),
            letter,
            words,
        })
        .collect()
}

/// The Start for Life leaflet (start-for-life.html).
#[derive(Serialize)]
pub struct StartForLifeView<'c> {
    /// Every part of the offer, with where its list starts.
    pub parts: Vec<super::family::LeafletPart>,
    /// This page's entries by part of the offer.
    pub offer: Vec<super::family::LeafletGroup<'c>>,
    /// The list's pages; null when it fits on one page.
    pub pagination: Option<Pagination>,
}

/// The coverage page (coverage.html).
#[derive(Serialize)]
pub struct CoverageView {
    /// The tables and figures.
    pub coverage: super::family::CoverageTables,
    /// Childcare sufficiency, when the site lists childcare providers.
    pub childcare: Option<SufficiencyView>,
}

/// How to add a group (add-your-group.html).
#[derive(Serialize)]
pub struct AddGroupView {
    /// Links to start new files on GitHub; null without site.yaml's repository.
    pub new_file: Option<NewFileLinks>,
}

/// `new_file` of the add-your-group page.
#[derive(Serialize)]
pub struct NewFileLinks {
    /// Starts a new organisation's file.
    pub organisation: String,
    /// Starts a new service's file.
    pub service: String,
    /// The organisations' folder.
    pub organisations_folder: String,
    /// The repository's pull requests.
    pub pulls: String,
}

/// Pages with nothing of their own beyond `page` and `crumbs` (accessibility.html, 404.html,
/// my-list.html, report-thanks.html).
#[derive(Serialize)]
pub struct PlainView {}

/// A page type's view as its template's data: serialised once, straight from the view's
/// structs (a flattened part, such as a service page's card, is serialised in place).
pub trait IntoData {
    fn into_data(self) -> Result<serde_json::Map<String, Value>, String>;
}

impl<T: Serialize> IntoData for T {
    fn into_data(self) -> Result<serde_json::Map<String, Value>, String> {
        match serde_json::to_value(&self) {
            Ok(Value::Object(m)) => Ok(m),
            Ok(_) => Err("a page's view is not a struct".into()),
            Err(e) => Err(format!("cannot make a page's view: {e}")),
        }
    }
}

// --- childcare: the views of the childcare pages (issue 20). A provider's place comes only
// from `ChildcareProvider::public_place`, so a childminder's home never reaches a template.

/// The childcare lists' front page (childcare.html): every area's and every type's list.
#[derive(Serialize)]
pub struct ChildcareIndexView {
    /// How many providers the site lists.
    pub count: usize,
    /// A list for each area, with its count.
    pub areas: Vec<CountLink>,
    /// A list for each type of childcare that has providers, with its count.
    pub types: Vec<CountLink>,
    /// The funded entitlements, each with how many providers offer it.
    pub funded: Vec<CountLink>,
    /// What "Find childcare" (childcare-finder.js) offers to choose from.
    pub finder: ChildcareFinderView,
}

/// The choices of "Find childcare", which the script fills in with counts and results.
#[derive(Serialize)]
pub struct ChildcareFinderView {
    /// The address of the providers' data the script reads.
    pub data: String,
    /// Each type of childcare that has providers: its code and its name.
    pub types: Vec<CodeName>,
    /// Each funded entitlement: its code and its name.
    pub funded: Vec<CodeName>,
    /// The schools providers pick children up from, A to Z.
    pub schools: Vec<String>,
    /// How many weeks vacancies stay current (site.yaml's `vacancy_weeks`).
    pub weeks: u32,
    /// A postcode district of the area, to show as an example; empty without one.
    pub example: String,
}

/// A value's code and its name.
#[derive(Serialize)]
pub struct CodeName {
    /// The code, as the script and the content know it.
    pub code: String,
    /// Its name, worded.
    pub name: String,
}

/// A link with a name and a count.
#[derive(Serialize)]
pub struct CountLink {
    /// The name shown.
    pub name: String,
    /// Its address; empty for a count that has no page.
    pub url: String,
    /// How many providers.
    pub count: usize,
}

/// A list of providers (childcare-list.html): one area's, or one type's.
#[derive(Serialize)]
pub struct ChildcareListView {
    /// The page's heading ("Childcare in Marlbrook Town", "Childminders").
    pub heading: String,
    /// One sentence under it.
    pub intro: String,
    /// The providers, by name.
    pub providers: Vec<ChildcareCard>,
}

/// A provider as listed.
#[derive(Serialize)]
pub struct ChildcareCard {
    /// Its page's address.
    pub url: String,
    /// Its name.
    pub name: String,
    /// Its type, worded ("Childminder").
    pub kind: String,
    /// Its area's name.
    pub area: String,
    /// Its postcode, or only the district when the address is withheld.
    pub postcode: String,
    /// The ages it takes, worded.
    pub ages: String,
    /// The funded hours it offers, worded.
    pub funded: Vec<String>,
    /// Its vacancies in one line, or that they are not known.
    pub vacancies: String,
}

/// A provider's page (childcare-provider.html).
#[derive(Serialize)]
pub struct ChildcarePageView {
    /// The provider.
    pub provider: ChildcareProviderView,
}

/// Everything a provider's page shows, worded.
#[derive(Serialize)]
pub struct ChildcareProviderView {
    /// Its name.
    pub name: String,
    /// Its type, worded.
    pub kind: String,
    /// One sentence about it; may be empty.
    pub summary: String,
    /// The page's description for search engines.
    pub description: String,
    /// Its description, as HTML.
    pub body_html: String,
    /// Its area, linked to the area's childcare list.
    pub area: NameLink,
    /// Its type's list.
    pub type_list: NameLink,
    /// The address lines, when they may be published.
    pub address: Option<Vec<String>>,
    /// The postcode, or only its district when the address is withheld.
    pub postcode: String,
    /// Whether the address is withheld (a childminder's home).
    pub withheld: bool,
    /// The ages it takes, worded.
    pub ages: String,
    /// Opening hours, a line each ("Monday to Friday, 7:30am to 6pm").
    pub hours: Vec<String>,
    /// Which weeks it is open, worded, with the number of weeks when known.
    pub weeks: String,
    /// Fees, a line each.
    pub fees: Vec<String>,
    /// Funded hours offered, worded.
    pub funded: Vec<String>,
    /// Whether funded hours can be stretched over the year.
    pub stretched: bool,
    /// Current vacancies; null when not known or out of date.
    pub vacancies: Option<VacanciesView>,
    /// When the vacancies are out of date: the date they were given, worded.
    pub vacancies_stale_since: Option<String>,
    /// Experience with children with SEND.
    pub send: Option<String>,
    /// Its part of the SEND Local Offer, if it gives one.
    pub local_offer: Option<LocalOfferBlock>,
    /// Languages spoken, worded.
    pub languages: Vec<String>,
    /// Whether the childcare is in Welsh.
    pub welsh_medium: bool,
    /// Meals provided, worded.
    pub meals: Vec<String>,
    /// Schools it picks children up from.
    pub pick_ups: Vec<String>,
    /// The Ofsted URN.
    pub urn: Option<String>,
    /// The Ofsted report's address.
    pub report_url: Option<String>,
    /// The Ofsted registers, worded.
    pub registers: Vec<String>,
    /// How many children it is registered for.
    pub registered_places: Option<u32>,
    /// Inspections, newest first.
    pub inspections: Vec<InspectionView>,
    /// How to contact it.
    pub contact: ContactView,
    /// When the listing was last checked, worded.
    pub reviewed: String,
    /// The listing's file, for "suggest a change".
    pub file: String,
    /// The listing as "Report a problem with this listing" names it: `childcare/<id>`.
    pub listing: String,
}

/// A provider's vacancies as at a date.
#[derive(Serialize)]
pub struct VacanciesView {
    /// The date, worded.
    pub as_at: String,
    /// Each age band given: its name and its free places, worded ("2 places", "Full").
    pub bands: Vec<LabelValue>,
}

/// A label and its value, both worded.
#[derive(Serialize)]
pub struct LabelValue {
    /// The label.
    pub label: String,
    /// The value.
    pub value: String,
}

/// One inspection.
#[derive(Serialize)]
pub struct InspectionView {
    /// Its date, worded.
    pub date: String,
    /// The overall grade of an inspection before November 2025, worded.
    pub overall: Option<String>,
    /// A report card's grade for each area, worded.
    pub areas: Vec<LabelValue>,
    /// A report card's safeguarding judgement, worded.
    pub safeguarding: Option<String>,
}

pub fn childcare_card(site: &Site, ci: usize) -> ChildcareCard {
    use crate::content::childcare::value_name;
    let p = &site.childcare[ci];
    let m = messages::active();
    let place = p.public_place(&site.postcodes);
    let weeks = site.config.vacancy_weeks;
    let vacancies = match p.vacancies_current(site.today, weeks) {
        Some(v) => {
            let free: u32 = v.bands.iter().map(|(_, n)| n).sum();
            if free == 0 {
                m.text(
                    "childcare.vacancies.full_on",
                    &[("date", &text::date(v.as_at))],
                )
            } else {
                m.count(
                    "childcare.vacancies.places_on",
                    free as usize,
                    &[("date", &text::date(v.as_at))],
                )
            }
        }
        None => m.text("childcare.vacancies.not_known", &[]),
    };
    ChildcareCard {
        url: site.address.page(Page::ChildcareProvider(&p.id)),
        name: p.name.clone(),
        kind: value_name("childcare.types", &p.kind),
        area: site
            .locality_ix
            .get(&p.locality)
            .map(|&li| site.localities[li].name.clone())
            .unwrap_or_default(),
        postcode: place.postcode,
        ages: text::ages(&p.ages),
        funded: p
            .funded
            .iter()
            .map(|f| value_name("childcare.funded", f))
            .collect(),
        vacancies,
    }
}

pub fn childcare_index(site: &Site) -> ChildcareIndexView {
    use crate::content::childcare::{ENTITLEMENTS, PROVIDER_TYPES, value_name};
    let areas = site
        .localities
        .iter()
        .enumerate()
        .map(|(li, l)| CountLink {
            name: l.name.clone(),
            url: site.address.page(Page::ChildcareArea(&l.id)),
            count: site.childcare_by_locality[li].len(),
        })
        .collect();
    let types = PROVIDER_TYPES
        .iter()
        .map(|t| CountLink {
            name: value_name("childcare.type_plural", t),
            url: site.address.page(Page::ChildcareType(t)),
            count: site.childcare.iter().filter(|p| p.kind == *t).count(),
        })
        .collect();
    let funded = ENTITLEMENTS
        .iter()
        .map(|e| CountLink {
            name: value_name("childcare.funded", e),
            url: String::new(),
            count: site
                .childcare
                .iter()
                .filter(|p| p.funded.iter().any(|f| f == e))
                .count(),
        })
        .collect();
    let code_name = |list: &str, code: &str| CodeName {
        code: code.to_string(),
        name: value_name(list, code),
    };
    let finder = ChildcareFinderView {
        data: site.address.path(crate::export::childcare_finder::PATH),
        types: PROVIDER_TYPES
            .iter()
            .filter(|t| site.childcare.iter().any(|p| p.kind == **t))
            .map(|t| code_name("childcare.types", t))
            .collect(),
        funded: ENTITLEMENTS
            .iter()
            .map(|e| code_name("childcare.funded", e))
            .collect(),
        schools: crate::export::childcare_finder::schools(site),
        weeks: site.config.vacancy_weeks,
        example: site
            .postcodes
            .iter()
            .map(|p| p.code.clone())
            .find(|c| !c.contains(' '))
            .unwrap_or_default(),
    };
    ChildcareIndexView {
        count: site.childcare.len(),
        areas,
        types,
        funded,
        finder,
    }
}

/// The list of an area's or a type's providers.
pub fn childcare_list(site: &Site, page: super::pages::SitePage) -> ChildcareListView {
    use super::pages::SitePage;
    use crate::content::childcare::{PROVIDER_TYPES, value_name};
    let m = messages::active();
    let (heading, intro, items): (String, String, Vec<usize>) = match page {
        SitePage::ChildcareType(ti) => {
            let t = PROVIDER_TYPES[ti];
            (
                value_name("childcare.type_plural", t),
                m.text(
                    "childcare.list.type_intro",
                    &[
                        ("type", &value_name("childcare.type_plural", t)),
                        ("area", &site.config.area),
                    ],
                ),
                (0..site.childcare.len())
                    .filter(|&ci| site.childcare[ci].kind == t)
                    .collect(),
            )
        }
        SitePage::ChildcareArea(li) => (
            m.text(
                "childcare.list.area_heading",
                &[("area", &site.localities[li].name)],
            ),
            m.text(
                "childcare.list.area_intro",
                &[("area", &site.localities[li].name)],
            ),
            site.childcare_by_locality[li].clone(),
        ),
        _ => (String::new(), String::new(), Vec::new()),
    };
    ChildcareListView {
        heading,
        intro,
        providers: items
            .into_iter()
            .map(|ci| childcare_card(site, ci))
            .collect(),
    }
}

pub fn childcare_provider(site: &Site, ci: usize) -> ChildcarePageView {
    use crate::content::childcare::value_name;
    let p = &site.childcare[ci];
    let m = messages::active();
    let place = p.public_place(&site.postcodes);
    let named = |list: &str, codes: &[String]| -> Vec<String> {
        codes.iter().map(|c| value_name(list, c)).collect()
    };
    let area = site
        .locality_ix
        .get(&p.locality)
        .map(|&li| NameLink {
            name: site.localities[li].name.clone(),
            url: site
                .address
                .page(Page::ChildcareArea(&site.localities[li].id)),
        })
        .unwrap_or(NameLink {
            name: p.locality.clone(),
            url: String::new(),
        });
    let kind = value_name("childcare.types", &p.kind);
    let weeks = {
        let w = value_name("childcare.weeks", &p.weeks);
        match p.weeks_a_year {
            Some(n) => m.count("childcare.weeks_a_year", n as usize, &[("weeks", &w)]),
            None => w,
        }
    };
    let fees = p
        .fees
        .iter()
        .map(|f| {
            let mut line = m.text(
                "childcare.fee",
                &[
                    ("amount", &text::money(f.amount)),
                    ("per", &value_name("childcare.per", &f.per)),
                ],
            );
            if let Some(a) = &f.ages {
                line = m.text("childcare.fee_for", &[("fee", &line), ("ages", a)]);
            }
            if let Some(n) = &f.notes {
                line = format!("{line}. {n}");
            }
            line
        })
        .collect();
    let weeks_current = site.config.vacancy_weeks;
    let vacancies = p
        .vacancies_current(site.today, weeks_current)
        .map(|v| VacanciesView {
            as_at: text::date(v.as_at),
            bands: v
                .bands
                .iter()
                .map(|(band, n)| LabelValue {
                    label: value_name("childcare.bands", band),
                    value: if *n == 0 {
                        m.text("childcare.vacancies.full", &[])
                    } else {
                        m.count("childcare.vacancies.places", *n as usize, &[])
                    },
                })
                .collect(),
        });
    let vacancies_stale_since = p
        .vacancies
        .as_ref()
        .filter(|_| vacancies.is_none())
        .map(|v| text::date(v.as_at));
    let inspections = p
        .inspections
        .iter()
        .map(|i| InspectionView {
            date: text::date(i.date),
            overall: i
                .overall
                .as_deref()
                .map(|g| value_name("childcare.grades", g)),
            areas: i
                .areas
                .iter()
                .map(|(a, g)| LabelValue {
                    label: value_name("childcare.areas", a),
                    value: value_name("childcare.card_grades", g),
                })
                .collect(),
            safeguarding: i
                .safeguarding
                .as_deref()
                .map(|s| value_name("childcare.safeguarding", s)),
        })
        .collect();
    let description = if p.summary.is_empty() {
        m.text(
            "childcare.provider.description",
            &[("kind", &kind), ("area", &area.name)],
        )
    } else {
        p.summary.clone()
    };
    let address = place.address.as_ref().map(|a| {
        let mut lines = vec![a.line1.clone()];
        lines.extend(a.line2.clone());
        lines.push(a.town.clone());
        lines.extend(a.county.clone());
        lines
    });
    ChildcarePageView {
        provider: ChildcareProviderView {
            name: p.name.clone(),
            type_list: NameLink {
                name: value_name("childcare.type_plural", &p.kind),
                url: site.address.page(Page::ChildcareType(&p.kind)),
            },
            kind,
            summary: p.summary.clone(),
            description,
            body_html: markdown::to_html(&p.body),
            area,
            address,
            postcode: place.postcode,
            withheld: place.withheld,
            ages: text::ages(&p.ages),
            hours: p.opening_hours.iter().map(text::hours).collect(),
            weeks,
            fees,
            funded: named("childcare.funded", &p.funded),
            stretched: p.stretched,
            vacancies,
            vacancies_stale_since,
            send: p.send.clone(),
            local_offer: p.local_offer.as_ref().map(|lo| local_offer_block(site, lo)),
            languages: p.languages.iter().map(|l| language_name(l)).collect(),
            welsh_medium: p.welsh_medium,
            meals: named("childcare.meals", &p.meals),
            pick_ups: p.pick_ups.clone(),
            urn: p.urn.clone(),
            report_url: p.report_url(),
            registers: named("childcare.registers", &p.registers),
            registered_places: p.registered_places,
            inspections,
            contact: contact(&p.contact),
            reviewed: text::date(p.reviewed),
            file: p.file.clone(),
            listing: crate::search::childcare_doc_id(&p.id),
        },
    }
}

/// The site's childcare lists, for the home page and the childcare need's page.
#[derive(Serialize)]
pub struct ChildcareLinkView {
    /// The lists' address.
    pub url: String,
    /// How many providers there are.
    pub count: usize,
    /// The id of the need whose page links to the lists (site.yaml's `early_years_need`).
    pub need: Option<String>,
}

pub fn childcare_link(site: &Site) -> Option<ChildcareLinkView> {
    (!site.childcare.is_empty()).then(|| ChildcareLinkView {
        url: site.address.page(Page::ChildcareIndex),
        count: site.childcare.len(),
        need: site.config.early_years_need.clone(),
    })
}

/// Childcare sufficiency on the coverage page: places and current vacancies by area.
#[derive(Serialize)]
pub struct SufficiencyView {
    /// The age bands' names, in the order of each row's `vacancies`.
    pub bands: Vec<String>,
    /// The funded entitlements' names, in the order of each row's `funded`.
    pub entitlements: Vec<String>,
    /// A row for each area, then one for the whole area.
    pub rows: Vec<SufficiencyRow>,
    /// How many weeks vacancies stay current.
    pub weeks: u32,
    /// The providers whose vacancies are out of date, linked.
    pub stale: Vec<NameLink>,
}

/// One area's childcare figures.
#[derive(Serialize)]
pub struct SufficiencyRow {
    /// The area's name ("All of Marlbrook" for the total).
    pub name: String,
    /// Its childcare list's address; empty for the total.
    pub url: String,
    /// How many providers.
    pub providers: usize,
    /// Their registered places.
    pub places: u32,
    /// Current vacancies by band.
    pub vacancies: Vec<u32>,
    /// Providers offering each entitlement.
    pub funded: Vec<usize>,
    /// Providers whose vacancies are out of date.
    pub stale: usize,
    /// Providers that gave no vacancies.
    pub unknown: usize,
}

pub fn sufficiency(site: &Site) -> Option<SufficiencyView> {
    use crate::content::childcare::{BANDS, ENTITLEMENTS, value_name};
    if site.childcare.is_empty() {
        return None;
    }
    let m = messages::active();
    let (rows, stale) = crate::sufficiency::sufficiency(site);
    Some(SufficiencyView {
        bands: BANDS
            .iter()
            .map(|b| value_name("childcare.bands", b))
            .collect(),
        entitlements: ENTITLEMENTS
            .iter()
            .map(|e| value_name("childcare.funded", e))
            .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let (name, url) = match r.locality {
                    Some(li) => (
                        site.localities[li].name.clone(),
                        site.address
                            .page(Page::ChildcareArea(&site.localities[li].id)),
                    ),
                    None => (
                        m.text(
                            "childcare.sufficiency.total",
                            &[("area", &site.config.area)],
                        ),
                        String::new(),
                    ),
                };
                SufficiencyRow {
                    name,
                    url,
                    providers: r.providers,
                    places: r.places,
                    vacancies: r.vacancies.to_vec(),
                    funded: r.funded.to_vec(),
                    stale: r.stale,
                    unknown: r.unknown,
                }
            })
            .collect(),
        weeks: site.config.vacancy_weeks,
        stale: stale
            .iter()
            .map(|&ci| NameLink {
                name: site.childcare[ci].name.clone(),
                url: site
                    .address
                    .page(Page::ChildcareProvider(&site.childcare[ci].id)),
            })
            .collect(),
    })
}

// --- holidays: Holiday Activities and Food, "What's on in the holidays", Add to calendar

/// `service.haf` of a service page: who gets a free place, how to book, places.
#[derive(Serialize)]
pub struct HafView {
    /// Who can get a free place, worded, in the listing's order.
    pub eligibility: Vec<String>,
    /// The council's own rule, in the listing's words.
    pub eligibility_notes: Option<String>,
    /// Where to book.
    pub booking: Option<String>,
    /// What to do with a booking code.
    pub booking_code: Option<String>,
    /// How many places, worded ("40 places each day").
    pub places: Option<String>,
}

/// "What's on in the holidays" (holidays.html): the next or current school holiday's dated
/// sessions and events, by date and by area, from the build's date on.
#[derive(Serialize)]
pub struct HolidaysView {
    /// The holiday shown; null when the terms give none that has not ended.
    pub holiday: Option<HolidayView>,
    /// The last day of the last term given, worded, for "add next year's terms".
    pub last_term: Option<String>,
}

/// `holiday` of the holidays page.
#[derive(Serialize)]
pub struct HolidayView {
    /// Its first day, worded with its weekday.
    pub first: String,
    /// Its last day, worded with its weekday.
    pub last: String,
    /// Its first day as YYYY-MM-DD.
    pub first_iso: String,
    /// Its last day as YYYY-MM-DD.
    pub last_iso: String,
    /// The holiday has started (the page says "now").
    pub current: bool,
    /// How many sessions and events are listed.
    pub count: usize,
    /// Each date with sessions, in order.
    pub days: Vec<HolidayDay>,
    /// Each area with sessions, in the areas' order; sessions with no place in an area
    /// last.
    pub areas: Vec<HolidayArea>,
}

/// One date of `holiday.days`.
#[derive(Serialize)]
pub struct HolidayDay {
    /// The date worded with its weekday ("Monday 21 December 2026").
    pub date: String,
    /// YYYY-MM-DD: the script hides the date once it has passed.
    pub iso: String,
    /// Its sessions, by start time.
    pub items: Vec<HolidayItem>,
}

/// One area of `holiday.areas`.
#[derive(Serialize)]
pub struct HolidayArea {
    /// The area's name, or "Across Marlbrook" for sessions with no place in one area.
    pub name: String,
    /// An id for the heading's anchor.
    pub id: String,
    /// Its sessions, by date and start time.
    pub items: Vec<HolidayItem>,
}

/// One session on one date of the holidays page.
#[derive(Serialize)]
pub struct HolidayItem {
    /// YYYY-MM-DD.
    pub iso: String,
    /// The date worded with its weekday.
    pub date: String,
    /// "10:00 to 14:00".
    pub time: String,
    /// The service's name.
    pub name: String,
    /// The service's page.
    pub url: String,
    /// Where, if the session or service names one venue.
    pub venue: Option<NameLink>,
    /// The area it is in, worded.
    pub area: String,
    /// It is a Holiday Activities and Food club.
    pub haf: bool,
    /// It is free.
    pub free: bool,
    /// The session's note, if any.
    pub notes: Option<String>,
}

// --- localoffer: the SEND Local Offer

/// A listing's part of the Local Offer, on a service's or a childcare provider's page
/// (drawn by the local-offer-answers include, which sees it as `lo`).
#[derive(Serialize)]
pub struct LocalOfferBlock {
    /// The SEND needs it meets, worded, in the listing's order.
    pub send_needs: Vec<String>,
    /// The Local Offer sections that list it, each linked to its section's page.
    pub sections: Vec<NameLink>,
    /// Its answers, in the order of the site's questions.
    pub answers: Vec<LocalOfferAnswer>,
}

/// One answer to a Local Offer question.
#[derive(Serialize)]
pub struct LocalOfferAnswer {
    /// The question's code (`staff-training`), for an id on the page.
    pub id: String,
    /// The question, worded, for a heading.
    pub question: String,
    /// The answer's paragraphs.
    pub paragraphs: Vec<String>,
}

pub fn local_offer_block(
    site: &Site,
    lo: &crate::content::local_offer::LocalOffer,
) -> LocalOfferBlock {
    use crate::content::local_offer::name;
    let settings = &site.config.local_offer;
    let mut answers: Vec<(usize, LocalOfferAnswer)> = lo
        .answers
        .iter()
        .map(|a| {
            let order = settings
                .question_codes()
                .iter()
                .position(|q| *q == a.question)
                .unwrap_or(usize::MAX);
            let paragraphs = a
                .answer
                .split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect();
            (
                order,
                LocalOfferAnswer {
                    id: a.question.clone(),
                    question: settings.question(&a.question),
                    paragraphs,
                },
            )
        })
        .collect();
    answers.sort_by_key(|(o, _)| *o);
    LocalOfferBlock {
        send_needs: lo
            .send_needs
            .iter()
            .map(|n| settings.need_name(n))
            .collect(),
        sections: lo
            .sections
            .iter()
            .map(|c| NameLink {
                name: name("send.sections", c),
                url: site.address.page(Page::LocalOfferSection(c)),
            })
            .collect(),
        answers: answers.into_iter().map(|(_, a)| a).collect(),
    }
}

/// The Local Offer's landing page (local-offer.html).
#[derive(Serialize)]
pub struct LocalOfferView {
    /// The sections, in order, with how many listings each has.
    pub sections: Vec<LocalOfferSectionSummary>,
    /// The SEND needs listings meet, with how many services meet each and the search
    /// filtered by it.
    pub send_needs: Vec<SendNeedLink>,
    /// The "You said, we did" page's address, if the site has one.
    pub you_said_we_did: Option<String>,
    /// How to comment on the Local Offer.
    pub comment: LocalOfferComment,
}

/// A section on the landing page.
#[derive(Serialize)]
pub struct LocalOfferSectionSummary {
    /// Its code (`short-breaks`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// One sentence about it.
    pub intro: String,
    /// Its page's address.
    pub url: String,
    /// How many services and childcare providers it lists.
    pub count: usize,
}

/// A SEND need on the landing page.
#[derive(Serialize)]
pub struct SendNeedLink {
    /// Its name.
    pub name: String,
    /// How many services meet it.
    pub count: usize,
    /// The search page with only services meeting it.
    pub url: String,
}

/// How families comment on the Local Offer: the FIS's contact from site.yaml, and
/// whether listings have the "Report a problem" form.
#[derive(Serialize)]
pub struct LocalOfferComment {
    /// The FIS's email, if site.yaml gives one.
    pub email: Option<String>,
    /// The FIS's phone, if given.
    pub phone: Option<String>,
    /// The FIS's website, if given.
    pub website: Option<String>,
    /// Whether service pages have "Report a problem with this listing".
    pub report_form: bool,
}

/// A Local Offer section's page (local-offer-section.html).
#[derive(Serialize)]
pub struct LocalOfferSectionView {
    /// The section's name.
    pub name: String,
    /// One sentence about it.
    pub intro: String,
    /// Its services, by number for `cards()`, A to Z.
    pub services: Vec<usize>,
    /// Its childcare providers, A to Z.
    pub providers: Vec<ChildcareCard>,
    /// The other sections.
    pub others: Vec<NameLink>,
}

/// The "You said, we did" page (you-said-we-did.html), from
/// content/local-offer/you-said-we-did.md.
#[derive(Serialize)]
pub struct YouSaidWeDidView {
    /// Its heading.
    pub title: String,
    /// One sentence under it, if given.
    pub summary: Option<String>,
    /// When it was last updated, worded, if given.
    pub updated: Option<String>,
    /// Its text, as sanitised HTML.
    pub body_html: String,
}

/// `site.local_offer`: the way into the Local Offer, on the home page and the SEND need's
/// page.
#[derive(Serialize)]
pub struct LocalOfferLinkView {
    /// The landing page's address.
    pub url: String,
    /// The id of the need whose page links to it (site.yaml's `send_need`).
    pub need: Option<String>,
}
