//! /childcare/finder.json: what "Find childcare" on /childcare/ filters in the browser
//! (themes/default/static/childcare-finder.js), made at build time. The wording of each
//! provider's facts is made here, in the build's language, so the script only filters,
//! counts and sorts.
//!
//! A provider's place is its public one (`ChildcareProvider::public_place`): a
//! childminder's home without consent is the centre of its postcode district, and the
//! postcode shown is only the district.

use crate::content::childcare::value_name;
use crate::render::text;
use crate::site::Site;
use serde_json::{Value, json};

/// The file's path below the site's root.
pub const PATH: &str = "childcare/finder.json";

/// The highest age in months a provider takes, as the search's age filter counts it: "to 4
/// years" includes a child of four.
pub fn upper_months(p: &crate::content::childcare::ChildcareProvider) -> i32 {
    let mut upper = p.ages.send_to.unwrap_or(p.ages.to).0;
    if upper >= 24 && upper % 12 == 0 {
        upper += 11;
    }
    upper
}

/// Four decimal places of a degree (about 10 metres), as the postcode table.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The schools providers pick up from, each once, A to Z.
pub fn schools(site: &Site) -> Vec<String> {
    let mut out: Vec<String> = site
        .childcare
        .iter()
        .flat_map(|p| p.pick_ups.iter().cloned())
        .collect();
    out.sort_by_key(|s| s.to_lowercase());
    out.dedup();
    out
}

/// The file, or None when the site lists no providers. Each provider: `u` page, `n` name,
/// `k` type code, `m` type and area worded, `ll` [lat, lon] or null, `f`/`t` ages from and
/// to in months, `e` funded entitlement codes, `v` free places now (-1 when not known or
/// out of date), `o`/`c` earliest opening and latest closing in minutes (null without
/// hours), `s` schools picked up from, then the facts as shown: `ages`, `hours`, `funded`,
/// `vac`.
pub fn json(site: &Site) -> Option<Vec<u8>> {
    if site.childcare.is_empty() {
        return None;
    }
    let m = crate::render::messages::active();
    let providers: Vec<Value> = (0..site.childcare.len())
        .map(|ci| {
            let p = &site.childcare[ci];
            let card = crate::render::views::childcare_card(site, ci);
            let place = p.public_place(&site.postcodes);
            let free = p
                .vacancies_current(site.today, site.config.vacancy_weeks)
                .map_or(-1, |v| v.bands.iter().map(|(_, n)| *n as i64).sum());
            let funded = if card.funded.is_empty() {
                m.text("childcare.list.no_funded", &[])
            } else {
                card.funded.join("; ")
            };
            json!({
                "u": card.url,
                "n": p.name,
                "k": p.kind,
                "m": format!("{} · {}, {}", value_name("childcare.types", &p.kind), card.area, card.postcode),
                "ll": place.point.map(|(la, lo)| [round4(la), round4(lo)]),
                "f": p.ages.from.0,
                "t": upper_months(p),
                "e": p.funded,
                "v": free,
                "o": p.opening_hours.iter().map(|h| h.opens.0).min(),
                "c": p.opening_hours.iter().map(|h| h.closes.0).max(),
                "s": p.pick_ups,
                "ages": card.ages,
                "hours": if p.opening_hours.is_empty() {
                    m.text("childcare.provider.hours_unknown", &[])
                } else {
                    p.opening_hours.iter().map(text::hours).collect::<Vec<_>>().join("; ")
                },
                "funded": funded,
                "vac": card.vacancies,
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "providers": providers })).ok()
}
