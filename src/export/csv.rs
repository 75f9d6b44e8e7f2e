//! /data/services.csv: one row per service with what a practitioner would put in a
//! spreadsheet. UTF-8 with a byte order mark (so Excel reads it as UTF-8), RFC 4180 quoting,
//! and cells that a spreadsheet would run as a formula made inert.

use super::ExportError;
use crate::address::Page;
use crate::content::model::*;
use crate::render::text;
use crate::site::Site;

const HEADERS: &[&str] = &[
    "Name",
    "Organisation",
    "Summary",
    "Needs",
    "Ages",
    "Level of need",
    "How to get it",
    "How to access",
    "Cost",
    "Venues",
    "Areas covered",
    "Home visits",
    "Online",
    "By phone",
    "When",
    "Phone",
    "Email",
    "Website",
    "Languages",
    "Accessibility",
    "Status",
    "Last checked",
    "Page",
];

/// Spreadsheets treat a cell starting with one of these as a formula (or, for tab and
/// carriage return, may strip them and then do so); a leading apostrophe makes it text.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A cell as written to a CSV file signpost makes, already made inert ([`neutralise`] or
/// the caller's own rule) and quoted where needed. Quoted: cells holding a quote, comma or
/// line break (RFC 4180), and cells where a `;`, tab or `|` is followed by a formula
/// character: spreadsheets set up for a language that separates with `;` would split
/// `Club;=2+3;x` there and run `=2+3`; a quoted cell stays whole in every setting.
pub fn quote(cell: &str) -> std::borrow::Cow<'_, str> {
    // One pass over the bytes: every cell of every export goes through here.
    let needs_quotes = cell.bytes().enumerate().any(|(i, b)| match b {
        b'"' | b',' | b'\r' | b'\n' => true,
        // A formula hidden after a separator some spreadsheets split on.
        b';' | b'\t' | b'|' => cell[i + 1..]
            .trim_start_matches(' ')
            .starts_with(['=', '+', '-', '@', '\t', '\r']),
        _ => false,
    });
    if needs_quotes {
        format!("\"{}\"", cell.replace('"', "\"\"")).into()
    } else {
        cell.into()
    }
}

fn yes_or_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.into()
}

fn row(site: &Site, si: usize) -> Vec<String> {
    let s = &site.services[si];
    let l = &site.svc[si];
    let names = |ids: &[usize], f: &dyn Fn(usize) -> String| -> String {
        ids.iter().map(|&i| f(i)).collect::<Vec<_>>().join("; ")
    };
    let covers = match &s.where_.covers {
        Some(Covers::Borough) => format!("All of {}", site.config.area),
        Some(Covers::Areas(ids)) => ids
            .iter()
            .filter_map(|a| {
                site.locality_ix
                    .get(a)
                    .map(|&i| site.localities[i].name.clone())
                    .or_else(|| site.hub_ix.get(a).map(|&i| site.hubs[i].name.clone()))
            })
            .collect::<Vec<_>>()
            .join("; "),
        None => String::new(),
    };
    let mut when: Vec<String> = s.schedule.iter().map(text::session).collect();
    if let Some(n) = &s.schedule_notes {
        when.push(n.clone());
    }
    vec![
        s.name.clone(),
        site.org_of(si).map(|o| o.name.clone()).unwrap_or_default(),
        s.summary.clone(),
        names(&l.needs, &|n| site.needs[n].label.clone()),
        text::who(s),
        format!("{} ({})", s.level, text::level_label(s.level)),
        s.access
            .iter()
            .map(|a| text::access_label(a))
            .collect::<Vec<_>>()
            .join("; "),
        s.how_to_access.clone(),
        text::cost(&s.cost),
        names(&l.venues, &|v| {
            let v = &site.venues[v];
            format!("{}, {}", v.name, v.postcode)
        }),
        covers,
        yes_or_no(s.where_.home_visits),
        yes_or_no(s.where_.online),
        yes_or_no(s.where_.by_phone),
        when.join("; "),
        s.contact.phone.clone().unwrap_or_default(),
        s.contact.email.clone().unwrap_or_default(),
        s.contact.website.clone().unwrap_or_default(),
        s.languages
            .iter()
            .map(|c| language_name(c))
            .collect::<Vec<_>>()
            .join("; "),
        s.accessibility
            .iter()
            .map(|c| accessibility_label(c))
            .collect::<Vec<_>>()
            .join("; "),
        if s.paused { "Paused" } else { "Running" }.into(),
        s.reviewed.to_string(),
        site.address.full(&site.address.page(Page::Service(&s.id))),
    ]
}

/// The whole file, byte order mark included.
pub fn services(site: &Site) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        // Cells come quoted by `quote`.
        .quote_style(csv::QuoteStyle::Never)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let err = ExportError::Csv;
    w.write_record(HEADERS).map_err(err)?;
    for si in 0..site.services.len() {
        w.write_record(
            row(site, si)
                .iter()
                .map(|c| quote(&neutralise(c)).into_owned()),
        )
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

// --- childcare: /data/childcare.csv, one row per Ofsted-registered provider

const CHILDCARE_HEADERS: &[&str] = &[
    "Name",
    "Type",
    "Ofsted URN",
    "Area",
    "Address",
    "Postcode",
    "Ages",
    "Opening hours",
    "Weeks",
    "Fees",
    "Funded hours",
    "Funded hours spread over the year",
    "Vacancies",
    "Latest inspection",
    "Phone",
    "Email",
    "Website",
    "Last checked",
    "Page",
];

/// A provider's row. The place comes from `public_place` through the card: a childminder's
/// home without consent gives no address and only the postcode district.
fn childcare_row(site: &Site, ci: usize) -> Vec<String> {
    use crate::content::childcare::value_name;
    let p = &site.childcare[ci];
    let card = crate::render::views::childcare_card(site, ci);
    let place = p.public_place(&site.postcodes);
    let address = place
        .address
        .map(|a| {
            [Some(a.line1), a.line2, Some(a.town), a.county]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let fees = p
        .fees
        .iter()
        .map(|f| {
            let mut fee = format!(
                "{} per {}",
                text::money(f.amount),
                value_name("childcare.per", &f.per)
            );
            for extra in f.ages.iter().chain(&f.notes) {
                fee.push_str(&format!(" ({extra})"));
            }
            fee
        })
        .collect::<Vec<_>>()
        .join("; ");
    let inspection = p
        .inspections
        .first()
        .map(|i| {
            let mut parts: Vec<String> = i
                .overall
                .iter()
                .map(|g| format!("Overall: {}", value_name("childcare.grades", g)))
                .collect();
            parts.extend(i.areas.iter().map(|(a, g)| {
                format!(
                    "{}: {}",
                    value_name("childcare.areas", a),
                    value_name("childcare.card_grades", g)
                )
            }));
            parts.extend(
                i.safeguarding
                    .iter()
                    .map(|g| format!("Safeguarding: {}", value_name("childcare.safeguarding", g))),
            );
            format!("{} ({})", parts.join("; "), i.date)
        })
        .unwrap_or_default();
    vec![
        p.name.clone(),
        card.kind,
        p.urn.clone().unwrap_or_default(),
        card.area,
        address,
        card.postcode,
        card.ages,
        p.opening_hours
            .iter()
            .map(text::hours)
            .collect::<Vec<_>>()
            .join("; "),
        value_name("childcare.weeks", &p.weeks),
        fees,
        card.funded.join("; "),
        yes_or_no(p.stretched),
        card.vacancies,
        inspection,
        p.contact.phone.clone().unwrap_or_default(),
        p.contact.email.clone().unwrap_or_default(),
        p.contact.website.clone().unwrap_or_default(),
        p.reviewed.to_string(),
        site.address
            .full(&site.address.page(Page::ChildcareProvider(&p.id))),
    ]
}

/// /data/childcare.csv, byte order mark included; None when the site lists no providers.
pub fn childcare(site: &Site) -> Result<Option<Vec<u8>>, ExportError> {
    if site.childcare.is_empty() {
        return Ok(None);
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Never)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let err = ExportError::Csv;
    w.write_record(CHILDCARE_HEADERS).map_err(err)?;
    for ci in 0..site.childcare.len() {
        w.write_record(
            childcare_row(site, ci)
                .iter()
                .map(|c| quote(&neutralise(c)).into_owned()),
        )
        .map_err(err)?;
    }
    w.into_inner()
        .map(Some)
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_hidden_after_a_separator_are_quoted() {
        assert_eq!(quote("Club;=2+3;x"), "\"Club;=2+3;x\"");
        assert_eq!(quote("a; @SUM(A1)"), "\"a; @SUM(A1)\"");
        assert_eq!(quote("a|+1"), "\"a|+1\"");
        assert_eq!(quote("Baby; Toddler"), "Baby; Toddler");
        assert_eq!(quote("say \"hi\", then"), "\"say \"\"hi\"\", then\"");
        assert_eq!(neutralise("=1+1"), "'=1+1");
    }
}
