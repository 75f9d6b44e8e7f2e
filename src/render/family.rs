//! What the hub, locality, Start for Life and coverage pages show beyond service lists:
//! maps, the week's timetable, community profile charts, the Start for Life leaflet and the
//! coverage tables. Worded here, laid out by templates.

use super::map::{self, Place};
use super::pages::format_number;
use super::{messages, text, views};
use crate::address::Page;
use crate::content::model::{Covers, START_FOR_LIFE};
use crate::report::{self, CellWord, Coverage};
use crate::site::Site;
use crate::timetable;
use serde::Serialize;
use std::collections::HashSet;

/// Venues that are a family hub's own building.
fn hub_buildings(site: &Site) -> HashSet<usize> {
    site.hubs
        .iter()
        .filter_map(|h| site.venue_ix.get(&h.venue).copied())
        .collect()
}

/// A map of venues: a hub's or an area's `map`.
#[derive(Serialize)]
pub struct MapView {
    /// The map's id (`hub-map`, `locality-map`), for the page's links to it.
    pub id: String,
    /// The map, as inline SVG with numbered markers.
    pub svg: String,
    /// The venues on it, in the markers' order.
    pub places: Vec<MapPlace>,
}

/// One of a map's `places`: every field of a [`VenueView`](views::VenueView), and `hub`.
#[derive(Serialize)]
pub struct MapPlace {
    /// The venue.
    #[serde(flatten)]
    pub venue: views::VenueView,
    /// It is a family hub's building.
    pub hub: bool,
}

fn map_value(
    site: &Site,
    id: &str,
    title: &str,
    venues: &[usize],
    outline: &[(f64, f64)],
    fit_outline: bool,
) -> Option<MapView> {
    if venues.is_empty() {
        return None;
    }
    let hubs = hub_buildings(site);
    let places: Vec<Place> = venues
        .iter()
        .map(|&vi| {
            let v = &site.venues[vi];
            Place {
                name: v.name.clone(),
                lat: v.latitude,
                lon: v.longitude,
                hub: hubs.contains(&vi),
            }
        })
        .collect();
    let list = venues
        .iter()
        .map(|&vi| MapPlace {
            venue: views::venue_view(site, vi),
            hub: hubs.contains(&vi),
        })
        .collect();
    Some(MapView {
        id: id.to_string(),
        svg: map::svg(id, title, &places, outline, fit_outline),
        places: list,
    })
}

/// The hub's places (its own building first) over its locality's outline.
pub fn hub_map(site: &Site, hi: usize) -> Option<MapView> {
    let h = &site.hubs[hi];
    let mut venues = site.hub_venues[hi].clone();
    if let Some(&main) = site.venue_ix.get(&h.venue) {
        venues.retain(|&v| v != main);
        venues.insert(0, main);
    }
    let outline = site
        .locality_ix
        .get(&h.locality)
        .map(|&l| site.localities[l].outline.as_slice())
        .unwrap_or(&[]);
    map_value(
        site,
        "hub-map",
        &messages::active().text("map.hub_title", &[("hub", &h.name)]),
        &venues,
        outline,
        false,
    )
}

pub fn locality_map(site: &Site, li: usize) -> Option<MapView> {
    let l = &site.localities[li];
    // Hub buildings first, so their numbers are the smallest.
    let hubs = hub_buildings(site);
    let mut venues = site.locality_venues[li].clone();
    venues.sort_by_key(|v| !hubs.contains(v));
    map_value(
        site,
        "locality-map",
        &messages::active().text("map.locality_title", &[("area", &l.name)]),
        &venues,
        &l.outline,
        true,
    )
}

/// This week at a hub, Monday to Sunday: a hub's `timetable`.
#[derive(Serialize)]
pub struct Timetable {
    /// The first day, worded.
    pub from: String,
    /// The last day, worded.
    pub to: String,
    /// How many sessions are on this week.
    pub count: usize,
    /// The site has term dates, so term-time sessions are shown as on or off.
    pub terms_known: bool,
    /// Each day, Monday to Sunday.
    pub days: Vec<TimetableDay>,
    /// The week's Monday (`2026-11-23`): hub-week.js redraws the week the family is in
    /// when it is another.
    pub monday: String,
    /// Every session the timetable can show, as JSON for hub-week.js: `{s: [{n: name, u:
    /// address, v: venue or null, w: the session in the compact form of whenwhere.rs, f:
    /// {weekday (0 Monday): how often, worded}}], m: the timetable's wording}`.
    pub week: String,
}

/// One of a timetable's `days`.
#[derive(Serialize)]
pub struct TimetableDay {
    /// The weekday in lower case English (`monday`), for ids and classes.
    pub day: String,
    /// The weekday, worded.
    pub name: String,
    /// The date, worded.
    pub date: String,
    /// The date as YYYY-MM-DD.
    pub iso: String,
    /// It is a bank holiday.
    pub bank_holiday: bool,
    /// The day's sessions, by time.
    pub sessions: Vec<TimetableSession>,
    /// How many of them are on that day.
    pub count: usize,
}

/// One of a timetable day's `sessions`.
#[derive(Serialize)]
pub struct TimetableSession {
    /// When, worded ("10:00 to 11:30").
    pub time: String,
    /// The start time, HH:MM.
    pub starts: String,
    /// The service's name.
    pub name: String,
    /// The service's page.
    pub url: String,
    /// The venue's name, when the hub's services use several venues.
    pub venue: Option<String>,
    /// It runs in term time only.
    pub term_time_only: bool,
    /// How often it runs, worded, when not every week.
    pub frequency: Option<String>,
    /// Why it is not on this day, worded in lower case, if it is not.
    pub off: Option<String>,
    /// When it is next on, worded, if it is not on this day.
    pub next: Option<String>,
    /// The session's notes, if any.
    pub notes: Option<String>,
}

/// This week at the hub, Monday to Sunday.
pub fn hub_timetable(site: &Site, hi: usize) -> Option<Timetable> {
    let week = timetable::hub_week(site, hi, site.today);
    let several_venues = site.hub_venues[hi].len() > 1;
    let m = messages::active();
    let (Some(first), Some(last)) = (week.first(), week.last()) else {
        return None;
    };
    let count: usize = week
        .iter()
        .map(|d| d.slots.iter().filter(|s| s.runs.is_ok()).count())
        .sum();
    let days = week
        .iter()
        .map(|d| {
            let weekday = timetable::day_of(d.date);
            let sessions = d
                .slots
                .iter()
                .map(|slot| {
                    let s = &site.services[slot.service];
                    let sess = &s.schedule[slot.session];
                    TimetableSession {
                        time: m.text(
                            "timetable.time",
                            &[("starts", &sess.starts.hhmm()), ("ends", &sess.ends.hhmm())],
                        ),
                        starts: sess.starts.hhmm(),
                        name: s.name.clone(),
                        url: site.address.page(Page::Service(&s.id)),
                        venue: slot
                            .venue
                            .filter(|_| several_venues)
                            .map(|v| site.venues[v].name.clone()),
                        term_time_only: sess.term_time_only,
                        frequency: text::frequency(sess, weekday),
                        off: slot.runs.err().map(|o| off_text(&m, o)),
                        next: slot.next.map(|n| {
                            m.text(
                                "timetable.next_date",
                                &[
                                    ("day", &text::day_name(timetable::day_of(n))),
                                    ("date", &text::date(n)),
                                ],
                            )
                        }),
                        notes: sess.notes.clone(),
                    }
                })
                .collect();
            TimetableDay {
                count: d.slots.iter().filter(|s| s.runs.is_ok()).count(),
                day: weekday.name().to_lowercase(),
                name: text::day_name(weekday),
                date: text::date(d.date),
                iso: d.date.to_string(),
                bank_holiday: d.bank_holiday,
                sessions,
            }
        })
        .collect();
    // Each (service, session) once, in the order the week first shows it.
    let mut seen = HashSet::new();
    let week_data: Vec<serde_json::Value> = week
        .iter()
        .flat_map(|d| &d.slots)
        .filter(|slot| seen.insert((slot.service, slot.session)))
        .map(|slot| {
            let s = &site.services[slot.service];
            let sess = &s.schedule[slot.session];
            let often: serde_json::Map<String, serde_json::Value> = sess
                .days
                .iter()
                .filter_map(|&d| {
                    let i = crate::content::model::Day::ALL
                        .iter()
                        .position(|x| *x == d)?;
                    Some((i.to_string(), text::frequency(sess, d)?.into()))
                })
                .collect();
            serde_json::json!({
                "n": s.name,
                "u": site.address.page(Page::Service(&s.id)),
                "v": slot.venue.filter(|_| several_venues).map(|v| &site.venues[v].name),
                "w": crate::whenwhere::encode_sessions(std::slice::from_ref(sess)),
                "f": often,
            })
        })
        .collect();
    // The wording the script needs, from the catalogue, with the placeholders left in.
    let words = serde_json::json!({
        "from_to": m.text("timetable.from_to", &[("from", &"{from}"), ("to", &"{to}")]),
        "time": m.text("timetable.time", &[("starts", &"{starts}"), ("ends", &"{ends}")]),
        "at": m.text("timetable.at", &[("venue", &"{venue}")]),
        "term": m.text("timetable.term_time_only", &[]),
        "none": m.text("timetable.no_sessions", &[]),
        "bank": m.text("timetable.bank_holiday_html", &[]),
        "next": m.text("timetable.next", &[("date", &"{date}")]),
        "b": off_text(&m, timetable::Off::BankHoliday),
        "s": off_text(&m, timetable::Off::SchoolHoliday),
        "w": off_text(&m, timetable::Off::OtherWeek),
        "c": off_text(&m, timetable::Off::Closed),
    });
    Some(Timetable {
        from: text::date(first.date),
        to: text::date(last.date),
        count,
        terms_known: !site.config.terms.is_empty(),
        days,
        monday: first.date.to_string(),
        week: serde_json::json!({ "s": week_data, "m": words }).to_string(),
    })
}

const BAR_WIDTH: f64 = 160.0;

/// One of an area's `charts`: a figure of its profile beside the other areas'.
#[derive(Serialize)]
pub struct Chart {
    /// The chart's id (`figure-1`…).
    pub id: String,
    /// What the figure counts.
    pub label: String,
    /// This area's figure, written with thousands separators.
    pub value: String,
    /// Other areas have the figure too.
    pub compared: bool,
    /// Each area with the figure, in the areas' order.
    pub rows: Vec<ChartRow>,
}

/// One of a chart's `rows`.
#[derive(Serialize)]
pub struct ChartRow {
    /// The area's name.
    pub name: String,
    /// Its page's address.
    pub url: String,
    /// Its figure, written with thousands separators.
    pub value: String,
    /// It is the area whose page this is.
    pub this: bool,
    /// The bar, as inline SVG (hidden from screen readers: `value` says it).
    pub bar: String,
}

/// Each figure in the locality's profile beside the same figure for the other localities,
/// as a small bar chart whose numbers are also written out.
pub fn profile_charts(site: &Site, li: usize) -> Vec<Chart> {
    site.localities[li]
        .profile
        .iter()
        .enumerate()
        .map(|(fi, f)| {
            let rows: Vec<(usize, f64)> = site
                .localities
                .iter()
                .enumerate()
                .filter_map(|(lj, l)| {
                    l.profile
                        .iter()
                        .find(|g| g.label == f.label)
                        .map(|g| (lj, g.value))
                })
                .collect();
            let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max);
            let rows: Vec<ChartRow> = rows
                .iter()
                .map(|&(lj, v)| {
                    let w = if max > 0.0 && v > 0.0 {
                        (v / max * BAR_WIDTH).max(1.0)
                    } else {
                        0.0
                    };
                    let this = lj == li;
                    ChartRow {
                        name: site.localities[lj].name.clone(),
                        url: site.address.page(Page::Locality(&site.localities[lj].id)),
                        value: format_number(v),
                        this,
                        bar: format!(
                            r##"<svg class="bar" width="{BAR_WIDTH}" height="14" viewBox="0 0 {BAR_WIDTH} 14" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="{w:.1}" height="14" fill="{}"/></svg>"##,
                            if this { "#1d4f91" } else { "#6f777b" }
                        ),
                    }
                })
                .collect();
            Chart {
                id: format!("figure-{}", fi + 1),
                label: f.label.clone(),
                value: format_number(f.value),
                compared: rows.len() > 1,
                rows,
            }
        })
        .collect()
}

/// Why a session is not on, lower case: the timetable capitalises it.
fn off_text(m: &messages::Messages, off: timetable::Off) -> String {
    match off {
        timetable::Off::BankHoliday => m.text("timetable.off_bank_holiday", &[]),
        timetable::Off::SchoolHoliday => m.text("timetable.off_school_holiday", &[]),
        timetable::Off::OtherWeek => m.text("timetable.off_this_week", &[]),
        timetable::Off::Closed => m.text("holidays.off_closed", &[]),
    }
}

/// Under-2s: a service is part of the Start for Life offer when it starts before age 2
/// and meets a need mapped to a part of the offer.
pub const START_FOR_LIFE_BEFORE_MONTHS: i32 = 24;

/// Start for Life services grouped by part of the offer. A listing's own `start_for_life`
/// names its parts; otherwise it is listed once, under the part of its first need that has
/// one (the need a listing names first is the one it is mainly for), so the printed
/// leaflet has no repeats.
pub fn start_for_life_groups(site: &Site) -> Vec<(&'static str, String, Vec<usize>)> {
    let mut by_part: Vec<Vec<usize>> = vec![Vec::new(); START_FOR_LIFE.len()];
    let part_ix = |p: &str| START_FOR_LIFE.iter().position(|x| *x == p);
    for (si, s) in site.services.iter().enumerate() {
        if s.paused
            || s.ages
                .as_ref()
                .is_none_or(|a| a.from.0 >= START_FOR_LIFE_BEFORE_MONTHS)
        {
            continue;
        }
        if s.start_for_life.is_empty() {
            let first = site.svc[si]
                .needs
                .iter()
                .find_map(|&n| site.needs[n].start_for_life.as_deref().and_then(part_ix));
            if let Some(p) = first {
                by_part[p].push(si);
            }
        } else {
            for p in s.start_for_life.iter().filter_map(|p| part_ix(p)) {
                by_part[p].push(si);
            }
        }
    }
    START_FOR_LIFE
        .iter()
        .zip(by_part)
        .map(|(&part, items)| {
            let heading = crate::content::model::value_name("start_for_life", part);
            (part, heading, items)
        })
        .collect()
}

/// One of the leaflet's `parts` of the offer.
#[derive(Serialize)]
pub struct LeafletPart {
    /// The part's id (`feeding`…).
    pub id: String,
    /// Its heading.
    pub heading: String,
    /// How many services it has.
    pub count: usize,
    /// Where its list starts, on the page where it starts.
    pub url: String,
}

/// One of the leaflet's `offer`: a part of the offer and its entries on this page.
#[derive(Serialize)]
pub struct LeafletGroup<'c> {
    /// The part's id.
    pub id: String,
    /// Its heading.
    pub heading: String,
    /// Its services on this page.
    pub services: Vec<LeafletEntry<'c>>,
}

/// A service in the leaflet: every field of its [`Card`](views::Card), and these.
#[derive(Serialize)]
pub struct LeafletEntry<'c> {
    /// The service's card, as in lists.
    #[serde(flatten)]
    pub card: &'c views::Card,
    /// Every session, worded.
    pub sessions: Vec<String>,
    /// Where: its venues with postcodes, home visits, online, by phone, area-wide.
    pub places: Vec<String>,
    /// How to access it, in the service's words.
    pub how_to_access: String,
    /// The service's contact, or its organisation's when it has none.
    pub contact: Option<views::ContactView>,
    /// The service page's full address, to print.
    pub full_url: String,
}

/// A service as a leaflet entry: everything needed on paper, with phone numbers and web
/// addresses written in full.
fn leaflet_entry<'c>(site: &Site, si: usize, card: &'c views::Card) -> LeafletEntry<'c> {
    let s = &site.services[si];
    let l = &site.svc[si];
    let contact_src = if s.contact.is_empty() {
        site.org_of(si).map(|o| &o.contact)
    } else {
        Some(&s.contact)
    };
    let m = messages::active();
    let mut places: Vec<String> = l
        .venues
        .iter()
        .map(|&v| {
            m.text(
                "leaflet.place",
                &[
                    ("name", &site.venues[v].name),
                    ("postcode", &site.venues[v].postcode),
                ],
            )
        })
        .collect();
    if s.where_.home_visits {
        places.push(m.text("where.home_visits", &[]));
    }
    if s.where_.online {
        places.push(m.text("where.online", &[]));
    }
    if s.where_.by_phone {
        places.push(m.text("where.by_phone", &[]));
    }
    let anywhere = || m.text("leaflet.anywhere", &[("area", &site.config.area)]);
    match &s.where_.covers {
        Some(Covers::Borough) => places.push(anywhere()),
        None if l.area_wide && l.venues.is_empty() => places.push(anywhere()),
        _ => {}
    }
    LeafletEntry {
        card,
        sessions: s.schedule.iter().map(text::session).collect(),
        places,
        how_to_access: s.how_to_access.clone(),
        contact: contact_src.map(views::contact),
        full_url: site.address.full(&site.address.page(Page::Service(&s.id))),
    }
}

/// The leaflet entries of one page of the Start for Life list.
pub fn start_for_life<'c>(
    site: &Site,
    cards: &'c [views::Card],
    groups: Vec<(String, String, Vec<usize>)>,
) -> Vec<LeafletGroup<'c>> {
    groups
        .into_iter()
        .map(|(id, heading, items)| LeafletGroup {
            id,
            heading,
            services: items
                .iter()
                .map(|&si| leaflet_entry(site, si, &cards[si]))
                .collect(),
        })
        .collect()
}

/// The coverage page's `coverage`: how many services meet each need where, and how up to
/// date listings are.
#[derive(Serialize)]
pub struct CoverageTables {
    /// The areas, the columns of `by_locality`.
    pub localities: Vec<views::NameLink>,
    /// Needs by area: each row's cells are the areas', then area-wide, then the total.
    pub by_locality: Vec<NeedRows>,
    /// Needs by hub, for each area with hubs.
    pub hub_tables: Vec<HubTable>,
    /// Organisations with overdue listings (at most a page's worth).
    pub orgs: Vec<OrganisationCoverage>,
    /// How many organisations have every listing current.
    pub orgs_all_current: usize,
    /// How many organisations have an overdue listing.
    pub orgs_overdue: usize,
    /// The oldest listings past their review date.
    pub oldest: Vec<OldestListing>,
    /// How many listings are past their review date.
    pub stale: usize,
    /// How many listings there are.
    pub listings: usize,
    /// How many are current.
    pub current: usize,
    /// The share that is current, in percent.
    pub percent: usize,
    /// How many are paused.
    pub paused: usize,
    /// How many need and area pairs have no service a family there can use.
    pub gaps: usize,
    /// How many need and area pairs have only area-wide services.
    pub wide_only: usize,
    /// At most this many services is thin.
    pub thin: usize,
    /// How many needs the tables have.
    pub needs: usize,
    /// Listings reviewed before this date, worded, are past their review date.
    pub stale_before: String,
    /// Organisations that give a review date of their own.
    pub orgs_reviewed: usize,
    /// Of those, how many are past it.
    pub orgs_stale: usize,
    /// Venues that give a review date.
    pub venues_reviewed: usize,
    /// Of those, how many are past it.
    pub venues_stale: usize,
}

/// A category's rows of a needs table.
#[derive(Serialize)]
pub struct NeedRows {
    /// The category's label.
    pub label: String,
    /// Its needs' rows.
    pub rows: Vec<NeedRow>,
}

/// A need's row of a needs table.
#[derive(Serialize)]
pub struct NeedRow {
    /// The need's label.
    pub label: String,
    /// Its page's address.
    pub url: String,
    /// The row's cells, one per column.
    pub cells: Vec<Cell>,
}

/// A cell of a needs table.
#[derive(Serialize)]
pub struct Cell {
    /// How many services.
    pub n: usize,
    /// "gap", "thin" or "area-wide only", worded, when there is none, few or no local one
    /// (area-wide services count towards every area).
    pub word: Option<String>,
    /// `cell--gap`, `cell--thin`, `cell--wide` or empty.
    pub class: &'static str,
}

/// One of `hub_tables`: an area's needs by hub.
#[derive(Serialize)]
pub struct HubTable {
    /// The area's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its hubs, the table's columns.
    pub hubs: Vec<views::NameLink>,
    /// The rows by category.
    pub groups: Vec<NeedRows>,
}

/// One of the coverage page's `orgs`.
#[derive(Serialize)]
pub struct OrganisationCoverage {
    /// The organisation's name.
    pub name: String,
    /// Its page's address.
    pub url: String,
    /// How many listings it has.
    pub listings: usize,
    /// How many are current.
    pub current: usize,
    /// The share that is current, in percent.
    pub percent: usize,
    /// Its oldest listing.
    pub oldest: Option<OrganisationOldest>,
}

/// An organisation's `oldest` listing.
#[derive(Serialize)]
pub struct OrganisationOldest {
    /// The service's name.
    pub name: String,
    /// Its page's address.
    pub url: String,
    /// When it was last reviewed, worded.
    pub date: String,
    /// It is past its review date.
    pub stale: bool,
}

/// One of the coverage page's `oldest` listings.
#[derive(Serialize)]
pub struct OldestListing {
    /// The service's name.
    pub name: String,
    /// Its page's address.
    pub url: String,
    /// Its organisation's name.
    pub org: Option<String>,
    /// When it was last reviewed, worded.
    pub date: String,
    /// Its file in the content folder.
    pub file: String,
}

/// A cell with `n` services of its own, in a row whose need `wide` area-wide services meet.
fn cell(n: usize, wide: usize) -> Cell {
    let (word, class) = match report::cell_word(n, wide) {
        Some(CellWord::Gap) => (
            Some(messages::active().text("coverage.gap", &[])),
            "cell--gap",
        ),
        Some(CellWord::Thin) => (
            Some(messages::active().text("coverage.thin", &[])),
            "cell--thin",
        ),
        Some(CellWord::AreaWideOnly) => (
            Some(messages::active().text("coverage.wide_only", &[])),
            "cell--wide",
        ),
        None => (None, ""),
    };
    Cell { n, word, class }
}

/// Rows of a needs table, grouped by category: each row's cells come from `cells(row)`.
fn need_rows(site: &Site, c: &Coverage, cells: impl Fn(usize) -> Vec<Cell>) -> Vec<NeedRows> {
    let mut groups: Vec<NeedRows> = Vec::new();
    let mut current: Option<usize> = None;
    for (r, &(ni, ci)) in c.rows.iter().enumerate() {
        if current != Some(ci) {
            current = Some(ci);
            groups.push(NeedRows {
                label: site.categories[ci].label.clone(),
                rows: Vec::new(),
            });
        }
        let row = NeedRow {
            label: site.needs[ni].label.clone(),
            url: site.address.page(Page::Need(&site.needs[ni].id)),
            cells: cells(r),
        };
        if let Some(g) = groups.last_mut() {
            g.rows.push(row);
        }
    }
    groups
}

pub fn coverage(site: &Site) -> CoverageTables {
    let c = report::coverage(site);
    let plain = |n| Cell {
        n,
        word: None,
        class: "",
    };
    let localities = need_rows(site, &c, |r| {
        let mut cells: Vec<Cell> = c.by_locality[r]
            .iter()
            .map(|&n| cell(n, c.area_wide[r]))
            .collect();
        cells.push(plain(c.area_wide[r]));
        cells.push(plain(c.total[r]));
        cells
    });
    let hub_tables = site
        .localities
        .iter()
        .enumerate()
        .filter(|(li, _)| !site.locality_hubs[*li].is_empty())
        .map(|(li, l)| {
            let hubs = &site.locality_hubs[li];
            HubTable {
                id: l.id.clone(),
                name: l.name.clone(),
                hubs: hubs.iter().map(|&h| views::hub_link(site, h)).collect(),
                groups: need_rows(site, &c, |r| {
                    hubs.iter()
                        .map(|&h| cell(c.by_hub[r][h], c.area_wide[r]))
                        .collect()
                }),
            }
        })
        .collect();
    // Only organisations with something overdue get a row: with hundreds of organisations
    // the page stays short, and the full list is in `signpost report`.
    let all_current = c.orgs.iter().filter(|o| o.current == o.listings).count();
    let overdue = c.orgs.len() - all_current;
    let orgs = c
        .orgs
        .iter()
        .filter(|o| o.current < o.listings)
        .take(report::PAGE_ORGS)
        .map(|o| {
            let org = &site.organisations[o.org];
            OrganisationCoverage {
                name: org.name.clone(),
                url: site.address.page(Page::Organisation(&org.id)),
                listings: o.listings,
                current: o.current,
                percent: o.percent(),
                oldest: o.oldest.map(|s| OrganisationOldest {
                    name: site.services[s].name.clone(),
                    url: site.address.page(Page::Service(&site.services[s].id)),
                    date: text::date(site.services[s].reviewed),
                    stale: site.svc[s].stale,
                }),
            }
        })
        .collect();
    let oldest = c
        .oldest
        .iter()
        .map(|&s| OldestListing {
            name: site.services[s].name.clone(),
            url: site.address.page(Page::Service(&site.services[s].id)),
            org: site.org_of(s).map(|o| o.name.clone()),
            date: text::date(site.services[s].reviewed),
            file: site.services[s].file.clone(),
        })
        .collect();
    CoverageTables {
        localities: (0..site.localities.len())
            .map(|li| views::locality_link(site, li))
            .collect(),
        by_locality: localities,
        hub_tables,
        orgs,
        orgs_all_current: all_current,
        orgs_overdue: overdue,
        oldest,
        stale: c.stale,
        listings: c.listings,
        current: c.current(),
        percent: report::percent(c.current(), c.listings),
        paused: c.paused,
        gaps: c.locality_cells(CellWord::Gap),
        wide_only: c.locality_cells(CellWord::AreaWideOnly),
        thin: report::THIN,
        needs: c.rows.len(),
        stale_before: text::date(site.stale_before),
        orgs_reviewed: c.orgs_reviewed,
        orgs_stale: c.orgs_stale,
        venues_reviewed: c.venues_reviewed,
        venues_stale: c.venues_stale,
    }
}
