//! `signpost check --stale`: listings past their review date, grouped by the organisation
//! that runs them with its contact details, oldest first, so an officer can write one
//! chase email per organisation.

use crate::content::model::{Contact, Content};
use crate::content::validate::stale_before;
use crate::render::text;
use jiff::civil::Date;
use std::collections::HashMap;
use std::fmt::Write as _;

#[derive(Debug, Clone)]
pub struct StaleListing {
    pub name: String,
    pub file: String,
    pub reviewed: Date,
    pub paused: bool,
}

#[derive(Debug, Clone)]
pub struct StaleGroup {
    /// The organisation's name, or its id when no such organisation could be read.
    pub organisation: String,
    pub file: Option<String>,
    pub contact: Contact,
    /// Oldest first.
    pub listings: Vec<StaleListing>,
}

/// The name of the group of venues past their review date in the stale list.
pub const VENUES_GROUP: &str = "Venues";

/// Stale listings by organisation; the organisation with the oldest listing comes first.
pub fn stale(content: &Content, today: Date) -> (Date, Vec<StaleGroup>) {
    let months = content.site.as_ref().map(|s| s.review_months).unwrap_or(12);
    let before = stale_before(today, months);
    let orgs: HashMap<&str, _> = content
        .organisations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let mut groups: HashMap<&str, StaleGroup> = HashMap::new();
    for s in content.services.iter().filter(|s| s.reviewed < before) {
        let g = groups.entry(s.organisation.as_str()).or_insert_with(|| {
            match orgs.get(s.organisation.as_str()) {
                Some(o) => StaleGroup {
                    organisation: o.name.clone(),
                    file: Some(o.file.clone()),
                    contact: o.contact.clone(),
                    listings: Vec::new(),
                },
                None => StaleGroup {
                    organisation: s.organisation.clone(),
                    file: None,
                    contact: Contact::default(),
                    listings: Vec::new(),
                },
            }
        });
        g.listings.push(StaleListing {
            name: s.name.clone(),
            file: s.file.clone(),
            reviewed: s.reviewed,
            paused: s.paused,
        });
    }
    // --- localoffer: organisations' and venues' own review dates
    for o in content
        .organisations
        .iter()
        .filter(|o| o.reviewed.is_some_and(|d| d < before))
    {
        let g = groups.entry(o.id.as_str()).or_insert_with(|| StaleGroup {
            organisation: o.name.clone(),
            file: Some(o.file.clone()),
            contact: o.contact.clone(),
            listings: Vec::new(),
        });
        g.listings.push(StaleListing {
            name: format!("{} (the organisation's own details)", o.name),
            file: o.file.clone(),
            reviewed: o.reviewed.unwrap_or(before),
            paused: false,
        });
    }
    let mut venues: Vec<StaleListing> = content
        .venues
        .iter()
        .filter_map(|v| {
            let d = v.reviewed.filter(|d| *d < before)?;
            Some(StaleListing {
                name: format!("{} (venue)", v.name),
                file: v.file.clone(),
                reviewed: d,
                paused: false,
            })
        })
        .collect();
    let mut out: Vec<StaleGroup> = groups.into_values().collect();
    if !venues.is_empty() {
        // Venues belong to no organisation: one group of their own, checked by the FIS.
        venues.sort_by(|a, b| (a.reviewed, &a.name).cmp(&(b.reviewed, &b.name)));
        out.push(StaleGroup {
            organisation: VENUES_GROUP.into(),
            file: None,
            contact: Contact::default(),
            listings: venues,
        });
    }
    for g in &mut out {
        g.listings
            .sort_by(|a, b| (a.reviewed, &a.name).cmp(&(b.reviewed, &b.name)));
    }
    out.sort_by(|a, b| {
        (a.listings[0].reviewed, &a.organisation).cmp(&(b.listings[0].reviewed, &b.organisation))
    });
    (before, out)
}

fn months_between(earlier: Date, later: Date) -> i64 {
    earlier
        .until((jiff::Unit::Month, later))
        .map(|s| s.get_months() as i64)
        .unwrap_or(0)
}

/// The plain-text report. `path` shows a content-relative file as the user knows it.
pub fn report(
    before: Date,
    today: Date,
    groups: &[StaleGroup],
    path: &dyn Fn(&str) -> String,
) -> String {
    let total: usize = groups.iter().map(|g| g.listings.len()).sum();
    let mut out = String::new();
    if total == 0 {
        let _ = writeln!(
            out,
            "No listings are past their review date: every listing was checked on or after {}.",
            text::date(before)
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{total} listing{} from {} organisation{} {} not been checked since {}.\n",
        if total == 1 { "" } else { "s" },
        groups.len(),
        if groups.len() == 1 { "" } else { "s" },
        if total == 1 { "has" } else { "have" },
        text::date(before)
    );
    for g in groups {
        let _ = write!(out, "{}", g.organisation);
        match &g.file {
            Some(f) => {
                let _ = writeln!(out, " ({})", path(f));
            }
            None if g.organisation == VENUES_GROUP => {
                let _ = writeln!(out, " (check each with the people who run the building)");
            }
            None => {
                let _ = writeln!(out, " (no organisation file with this name)");
            }
        }
        let c = &g.contact;
        let parts: Vec<&str> = [&c.phone, &c.email, &c.website]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if parts.is_empty() {
            let _ = writeln!(out, "  Contact: none given");
        } else {
            let _ = writeln!(out, "  Contact: {}", parts.join(", "));
        }
        for l in &g.listings {
            let months = months_between(l.reviewed, today);
            let _ = writeln!(
                out,
                "  - {}{}: last checked {} ({} month{} ago), {}",
                l.name,
                if l.paused { " (paused)" } else { "" },
                text::date(l.reviewed),
                months,
                if months == 1 { "" } else { "s" },
                path(&l.file)
            );
        }
        out.push('\n');
    }
    out
}
