//! holidays (issue 21 item 2): a Holiday Activities and Food (HAF) club's details as its
//! service page shows them (service-haf.html).

use super::messages;
use super::views::HafView;
use crate::content::model::Haf;

pub fn haf_view(h: &Haf) -> HafView {
    let m = messages::active();
    HafView {
        eligibility: h.eligibility.iter().map(|c| eligibility_name(c)).collect(),
        eligibility_notes: h.eligibility_notes.clone(),
        booking: h.booking.clone(),
        booking_code: h.booking_code.clone(),
        places: h.places.map(|n| m.count("haf.places", n as usize, &[])),
    }
}

/// A `haf.eligibility` code worded ("Children who get benefits-related free school meals");
/// a code the list does not have reads as itself.
pub fn eligibility_name(code: &str) -> String {
    let m = messages::active();
    match code {
        "free-school-meals" => m.text("haf.eligibility.free_school_meals", &[]),
        "looked-after" => m.text("haf.eligibility.looked_after", &[]),
        "social-worker" => m.text("haf.eligibility.social_worker", &[]),
        "send" => m.text("haf.eligibility.send", &[]),
        "young-carers" => m.text("haf.eligibility.young_carers", &[]),
        "low-income" => m.text("haf.eligibility.low_income", &[]),
        "referred" => m.text("haf.eligibility.referred", &[]),
        "anyone" => m.text("haf.eligibility.anyone", &[]),
        other => other.to_string(),
    }
}

// --- "What's on in the holidays"

use super::text;
use super::views::{HolidayArea, HolidayDay, HolidayItem, HolidayView, HolidaysView, NameLink};
use crate::address::Page;
use crate::holidays::{next_holiday, occurrences};
use crate::site::Site;

/// Whether the site has the page: only when site.yaml gives term dates, the only way to
/// know when the school holidays are.
pub fn built(site: &Site) -> bool {
    !site.config.terms.is_empty()
}

/// The page's address when it is built, for the home page's link.
pub fn link(site: &Site) -> Option<String> {
    built(site).then(|| site.address.page(Page::Holidays))
}

pub fn holidays_view(site: &Site) -> HolidaysView {
    let m = messages::active();
    let last_term = site.config.terms.iter().map(|t| t.ends).max();
    let Some(h) = next_holiday(&site.config.terms, site.today) else {
        return HolidaysView {
            holiday: None,
            last_term: last_term.map(text::date),
        };
    };
    let across = m.text("whats_on.across", &[("area", &site.config.area)]);
    let items: Vec<(Option<usize>, HolidayItem)> = occurrences(site, h, site.today)
        .into_iter()
        .map(|o| {
            let s = &site.services[o.service];
            let sess = &s.schedule[o.session];
            let l = &site.svc[o.service];
            // The session's venue, or the service's only one.
            let vi = match &sess.venue {
                Some(id) => site.venue_ix.get(id).copied(),
                None if l.venues.len() == 1 => Some(l.venues[0]),
                None => None,
            };
            let li = match vi {
                Some(vi) => site.locality_ix.get(&site.venues[vi].locality).copied(),
                None if l.localities.len() == 1 && !l.area_wide => Some(l.localities[0]),
                None => None,
            };
            let item = HolidayItem {
                iso: o.date.to_string(),
                date: text::dated_day(&m, o.date),
                time: m.text(
                    "whats_on.time",
                    &[("starts", &sess.starts.hhmm()), ("ends", &sess.ends.hhmm())],
                ),
                name: s.name.clone(),
                url: site.address.page(Page::Service(&s.id)),
                // A confidential place is never named (it has no venue to name).
                venue: vi.map(|vi| NameLink {
                    name: site.venues[vi].name.clone(),
                    url: site.address.page(Page::Venue(&site.venues[vi].id)),
                }),
                area: li
                    .map(|li| site.localities[li].name.clone())
                    .unwrap_or_else(|| across.clone()),
                haf: s.haf.is_some(),
                free: matches!(s.cost, crate::content::model::Cost::Free),
                notes: sess.notes.clone(),
            };
            (li, item)
        })
        .collect();
    let count = items.len();
    let mut days: Vec<HolidayDay> = Vec::new();
    for (_, it) in &items {
        if days.last().is_none_or(|d| d.iso != it.iso) {
            days.push(HolidayDay {
                date: it.date.clone(),
                iso: it.iso.clone(),
                items: Vec::new(),
            });
        }
        if let Some(d) = days.last_mut() {
            d.items.push(copy(it));
        }
    }
    let mut areas: Vec<HolidayArea> = Vec::new();
    for (li, loc) in site.localities.iter().enumerate() {
        let here: Vec<HolidayItem> = items
            .iter()
            .filter(|(x, _)| *x == Some(li))
            .map(|(_, it)| copy(it))
            .collect();
        if !here.is_empty() {
            areas.push(HolidayArea {
                name: loc.name.clone(),
                id: format!("area-{}", loc.id),
                items: here,
            });
        }
    }
    let elsewhere: Vec<HolidayItem> = items
        .iter()
        .filter(|(x, _)| x.is_none())
        .map(|(_, it)| copy(it))
        .collect();
    if !elsewhere.is_empty() {
        areas.push(HolidayArea {
            name: across,
            id: "area-across".into(),
            items: elsewhere,
        });
    }
    HolidaysView {
        holiday: Some(HolidayView {
            first: text::dated_day(&m, h.first),
            last: text::dated_day(&m, h.last),
            first_iso: h.first.to_string(),
            last_iso: h.last.to_string(),
            current: h.first <= site.today,
            count,
            days,
            areas,
        }),
        last_term: last_term.map(text::date),
    }
}

fn copy(it: &HolidayItem) -> HolidayItem {
    HolidayItem {
        iso: it.iso.clone(),
        date: it.date.clone(),
        time: it.time.clone(),
        name: it.name.clone(),
        url: it.url.clone(),
        venue: it.venue.as_ref().map(|v| NameLink {
            name: v.name.clone(),
            url: v.url.clone(),
        }),
        area: it.area.clone(),
        haf: it.haf,
        free: it.free,
        notes: it.notes.clone(),
    }
}
