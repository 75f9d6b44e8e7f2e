//! What the hub, locality, Start for Life and coverage pages show beyond service lists:
//! maps, the week's timetable, community profile charts, the Start for Life leaflet and the
//! coverage tables. Worded here, laid out by templates.

use super::map::{self, Place};
use super::pages::format_number;
use super::{messages, text, views};
use crate::address::Page;
use crate::content::model::{Covers, START_FOR_LIFE};
use crate::report::{self, Coverage};
use crate::site::Site;
use crate::timetable;
use serde_json::{Value, json};
use std::collections::HashSet;

/// Venues that are a family hub's own building.
fn hub_buildings(site: &Site) -> HashSet<usize> {
    site.hubs
        .iter()
        .filter_map(|h| site.venue_ix.get(&h.venue).copied())
        .collect()
}

fn map_value(
    site: &Site,
    id: &str,
    title: &str,
    venues: &[usize],
    outline: &[(f64, f64)],
    fit_outline: bool,
) -> Value {
    if venues.is_empty() {
        return Value::Null;
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
    let list: Vec<Value> = venues
        .iter()
        .map(|&vi| {
            let mut v = views::venue_view(site, vi);
            v["hub"] = json!(hubs.contains(&vi));
            v
        })
        .collect();
    json!({
        "id": id,
        "svg": map::svg(id, title, &places, outline, fit_outline),
        "places": list,
    })
}

/// The hub's places (its own building first) over its locality's outline.
pub fn hub_map(site: &Site, hi: usize) -> Value {
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

pub fn locality_map(site: &Site, li: usize) -> Value {
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

/// This week at the hub, Monday to Sunday.
pub fn hub_timetable(site: &Site, hi: usize) -> Value {
    let week = timetable::hub_week(site, hi, site.today);
    let several_venues = site.hub_venues[hi].len() > 1;
    let m = messages::active();
    let (Some(first), Some(last)) = (week.first(), week.last()) else {
        return Value::Null;
    };
    let count: usize = week
        .iter()
        .map(|d| d.slots.iter().filter(|s| s.runs.is_ok()).count())
        .sum();
    let days: Vec<Value> = week
        .iter()
        .map(|d| {
            let weekday = timetable::day_of(d.date);
            let sessions: Vec<Value> = d
                .slots
                .iter()
                .map(|slot| {
                    let s = &site.services[slot.service];
                    let sess = &s.schedule[slot.session];
                    json!({
                        "time": m.text("timetable.time", &[("starts", &sess.starts.hhmm()), ("ends", &sess.ends.hhmm())]),
                        "starts": sess.starts.hhmm(),
                        "name": s.name,
                        "url": site.address.page(Page::Service(&s.id)),
                        "venue": if several_venues { slot.venue.map(|v| site.venues[v].name.as_str()) } else { None },
                        "term_time_only": sess.term_time_only,
                        "frequency": text::frequency(sess, weekday),
                        "off": slot.runs.err().map(|o| off_text(&m, o)),
                        "next": slot.next.map(|n| m.text("timetable.next_date", &[("day", &text::day_name(timetable::day_of(n))), ("date", &text::date(n))])),
                        "notes": sess.notes,
                    })
                })
                .collect();
            json!({
                "day": weekday.name().to_lowercase(),
                "name": text::day_name(weekday),
                "date": text::date(d.date),
                "iso": d.date.to_string(),
                "bank_holiday": d.bank_holiday,
                "sessions": sessions,
            })
        })
        .collect();
    json!({
        "from": text::date(first.date),
        "to": text::date(last.date),
        "count": count,
        "terms_known": !site.config.terms.is_empty(),
        "days": days,
    })
}

const BAR_WIDTH: f64 = 160.0;

/// Each figure in the locality's profile beside the same figure for the other localities,
/// as a small bar chart whose numbers are also written out.
pub fn profile_charts(site: &Site, li: usize) -> Value {
    let charts: Vec<Value> = site.localities[li]
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
            let rows: Vec<Value> = rows
                .iter()
                .map(|&(lj, v)| {
                    let w = if max > 0.0 && v > 0.0 {
                        (v / max * BAR_WIDTH).max(1.0)
                    } else {
                        0.0
                    };
                    let this = lj == li;
                    json!({
                        "name": site.localities[lj].name,
                        "url": site.address.page(Page::Locality(&site.localities[lj].id)),
                        "value": format_number(v),
                        "this": this,
                        "bar": format!(
                            r##"<svg class="bar" width="{BAR_WIDTH}" height="14" viewBox="0 0 {BAR_WIDTH} 14" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="{w:.1}" height="14" fill="{}"/></svg>"##,
                            if this { "#1d4f91" } else { "#6f777b" }
                        ),
                    })
                })
                .collect();
            json!({
                "id": format!("figure-{}", fi + 1),
                "label": f.label,
                "value": format_number(f.value),
                "compared": rows.len() > 1,
                "rows": rows,
            })
        })
        .collect();
    json!(charts)
}

/// Why a session is not on, lower case: the timetable capitalises it.
fn off_text(m: &messages::Messages, off: timetable::Off) -> String {
    match off {
        timetable::Off::BankHoliday => m.text("timetable.off_bank_holiday", &[]),
        timetable::Off::SchoolHoliday => m.text("timetable.off_school_holiday", &[]),
        timetable::Off::OtherWeek => m.text("timetable.off_this_week", &[]),
    }
}

/// Under-2s: a service is part of the Start for Life offer when it starts before age 2
/// and meets a need mapped to a part of the offer.
pub const START_FOR_LIFE_BEFORE_MONTHS: i32 = 24;

/// Start for Life services grouped by part of the offer, each service once (under the
/// first part it belongs to), so the printed leaflet has no repeats.
pub fn start_for_life_groups(site: &Site) -> Vec<(&'static str, String, Vec<usize>)> {
    let mut seen = vec![false; site.services.len()];
    let mut out = Vec::new();
    for &part in START_FOR_LIFE {
        let heading = crate::content::model::value_name("start_for_life", part);
        let mut items = Vec::new();
        for (si, s) in site.services.iter().enumerate() {
            if seen[si] || s.paused || s.ages.from.0 >= START_FOR_LIFE_BEFORE_MONTHS {
                continue;
            }
            let in_part = site.svc[si]
                .needs
                .iter()
                .any(|&n| site.needs[n].start_for_life.as_deref() == Some(part));
            if in_part {
                seen[si] = true;
                items.push(si);
            }
        }
        out.push((part, heading, items));
    }
    out
}

/// A service as a leaflet entry: everything needed on paper, with phone numbers and web
/// addresses written in full.
fn leaflet_entry(site: &Site, si: usize, card: &views::Card) -> Value {
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
    let mut v = views::card_value(card);
    v["sessions"] = json!(s.schedule.iter().map(text::session).collect::<Vec<_>>());
    v["places"] = json!(places);
    v["how_to_access"] = json!(s.how_to_access);
    v["contact"] = json!(contact_src.map(views::contact));
    v["full_url"] = json!(site.address.full(&site.address.page(Page::Service(&s.id))));
    v
}

/// The leaflet entries of one page of the Start for Life list.
pub fn start_for_life(
    site: &Site,
    cards: &[views::Card],
    groups: &[(String, String, Vec<usize>)],
) -> Value {
    json!(
        groups
            .iter()
            .map(|(id, heading, items)| json!({
                "id": id,
                "heading": heading,
                "services": items.iter().map(|&si| leaflet_entry(site, si, &cards[si])).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>()
    )
}

fn cell(n: usize) -> Value {
    // The report's own words ("gap", "thin") say which kind; the page words them.
    let (word, class) = match report::cell_word(n) {
        Some("gap") => (
            Some(messages::active().text("coverage.gap", &[])),
            "cell--gap",
        ),
        Some(_) => (
            Some(messages::active().text("coverage.thin", &[])),
            "cell--thin",
        ),
        None => (None, ""),
    };
    json!({"n": n, "word": word, "class": class})
}

/// Rows of a needs table, grouped by category: each row's cells come from `cells(row)`.
fn need_rows(site: &Site, c: &Coverage, cells: impl Fn(usize) -> Vec<Value>) -> Value {
    let mut groups: Vec<Value> = Vec::new();
    let mut current: Option<usize> = None;
    for (r, &(ni, ci)) in c.rows.iter().enumerate() {
        if current != Some(ci) {
            current = Some(ci);
            groups.push(json!({"label": site.categories[ci].label, "rows": []}));
        }
        let row = json!({
            "label": site.needs[ni].label,
            "url": site.address.page(Page::Need(&site.needs[ni].id)),
            "cells": cells(r),
        });
        if let Some(rows) = groups.last_mut().and_then(|g| g["rows"].as_array_mut()) {
            rows.push(row);
        }
    }
    json!(groups)
}

pub fn coverage(site: &Site) -> Value {
    let c = report::coverage(site);
    let localities = need_rows(site, &c, |r| {
        let mut cells: Vec<Value> = c.by_locality[r].iter().map(|&n| cell(n)).collect();
        cells.push(json!({"n": c.area_wide[r], "word": null, "class": ""}));
        cells.push(json!({"n": c.total[r], "word": null, "class": ""}));
        cells
    });
    let hub_tables: Vec<Value> = site
        .localities
        .iter()
        .enumerate()
        .filter(|(li, _)| !site.locality_hubs[*li].is_empty())
        .map(|(li, l)| {
            let hubs = &site.locality_hubs[li];
            json!({
                "id": l.id,
                "name": l.name,
                "hubs": hubs.iter().map(|&h| json!({"name": site.hubs[h].name, "url": site.address.page(Page::Hub(&site.hubs[h].id))})).collect::<Vec<_>>(),
                "groups": need_rows(site, &c, |r| hubs.iter().map(|&h| cell(c.by_hub[r][h])).collect()),
            })
        })
        .collect();
    // Only organisations with something overdue get a row: with hundreds of organisations
    // the page stays short, and the full list is in `signpost report`.
    let all_current = c.orgs.iter().filter(|o| o.current == o.listings).count();
    let overdue = c.orgs.len() - all_current;
    let orgs: Vec<Value> = c
        .orgs
        .iter()
        .filter(|o| o.current < o.listings)
        .take(report::PAGE_ORGS)
        .map(|o| {
            let org = &site.organisations[o.org];
            json!({
                "name": org.name,
                "url": site.address.page(Page::Organisation(&org.id)),
                "listings": o.listings,
                "current": o.current,
                "percent": o.percent(),
                "oldest": o.oldest.map(|s| json!({
                    "name": site.services[s].name,
                    "url": site.address.page(Page::Service(&site.services[s].id)),
                    "date": text::date(site.services[s].reviewed),
                    "stale": site.svc[s].stale,
                })),
            })
        })
        .collect();
    let oldest: Vec<Value> = c
        .oldest
        .iter()
        .map(|&s| {
            json!({
                "name": site.services[s].name,
                "url": site.address.page(Page::Service(&site.services[s].id)),
                "org": site.org_of(s).map(|o| o.name.as_str()),
                "date": text::date(site.services[s].reviewed),
                "file": site.services[s].file,
            })
        })
        .collect();
    json!({
        "localities": site.localities.iter().map(|l| json!({"name": l.name, "url": site.address.page(Page::Locality(&l.id))})).collect::<Vec<_>>(),
        "by_locality": localities,
        "hub_tables": hub_tables,
        "orgs": orgs,
        "orgs_all_current": all_current,
        "orgs_overdue": overdue,
        "oldest": oldest,
        "stale": c.stale,
        "listings": c.listings,
        "current": c.current(),
        "percent": report::percent(c.current(), c.listings),
        "paused": c.paused,
        "gaps": c.locality_gaps(),
        "thin": report::THIN,
        "needs": c.rows.len(),
        "stale_before": text::date(site.stale_before),
    })
}
