//! Childcare sufficiency for commissioners (issue 20): registered places, current
//! vacancies by age band, funded places offered and providers with out-of-date vacancy
//! figures, by area. Part of `signpost report` (md and csv).

use crate::content::childcare::{BANDS, ENTITLEMENTS};
use crate::site::Site;
use std::fmt::Write as _;

/// One area's figures.
#[derive(Debug, Clone, Default)]
pub struct AreaRow {
    /// The locality (an index into the site's), or None for the whole area.
    pub locality: Option<usize>,
    pub providers: usize,
    /// Registered places of the providers that give them.
    pub places: u32,
    /// Current vacancies by band (as [`BANDS`]).
    pub vacancies: [u32; 4],
    /// Providers offering each entitlement (as [`ENTITLEMENTS`]).
    pub funded: [usize; 4],
    /// Providers whose vacancies are out of date, and those that gave none.
    pub stale: usize,
    pub unknown: usize,
}

/// Each area's row, then the whole area's; and the providers with out-of-date vacancies.
pub fn sufficiency(site: &Site) -> (Vec<AreaRow>, Vec<usize>) {
    let weeks = site.config.vacancy_weeks;
    let mut rows: Vec<AreaRow> = (0..site.localities.len())
        .map(|li| AreaRow {
            locality: Some(li),
            ..AreaRow::default()
        })
        .collect();
    let mut total = AreaRow::default();
    let mut stale = Vec::new();
    for (ci, p) in site.childcare.iter().enumerate() {
        let li = site.locality_ix.get(&p.locality).copied();
        for row in [li.and_then(|l| rows.get_mut(l)), Some(&mut total)]
            .into_iter()
            .flatten()
        {
            row.providers += 1;
            row.places += p.registered_places.unwrap_or(0);
            for (k, e) in ENTITLEMENTS.iter().enumerate() {
                if p.funded.iter().any(|f| f == e) {
                    row.funded[k] += 1;
                }
            }
            match p.vacancies_current(site.today, weeks) {
                Some(v) => {
                    for (band, n) in &v.bands {
                        if let Some(k) = BANDS.iter().position(|b| b == band) {
                            row.vacancies[k] += n;
                        }
                    }
                }
                None if p.vacancies.is_some() => row.stale += 1,
                None => row.unknown += 1,
            }
        }
        if p.vacancies_stale(site.today, weeks) {
            stale.push(ci);
        }
    }
    rows.push(total);
    (rows, stale)
}

/// Text from content inside a markdown table cell: a `|` would end the cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

fn name(site: &Site, row: &AreaRow) -> (String, String) {
    match row.locality {
        Some(li) => (
            site.localities[li].id.clone(),
            site.localities[li].name.clone(),
        ),
        None => ("total".into(), format!("All of {}", site.config.area)),
    }
}

const BAND_LABELS: [&str; 4] = ["Under 2", "Aged 2", "Aged 3 and 4", "School age"];
const FUNDED_LABELS: [&str; 4] = [
    "15 hours for eligible 2-year-olds",
    "Working-parent hours from 9 months",
    "Universal 15 hours (3 and 4)",
    "30 hours (3 and 4)",
];

/// The markdown section; empty when the site lists no childcare.
pub fn markdown(site: &Site) -> String {
    let mut out = String::new();
    if site.childcare.is_empty() {
        return out;
    }
    let (rows, stale) = sufficiency(site);
    let weeks = site.config.vacancy_weeks;
    let _ = writeln!(
        out,
        "\n## Childcare sufficiency\n\nRegistered places and current vacancies (given in the last {weeks} weeks) of the {} childcare providers listed, by area. Vacancies that are out of date or were never given are not counted.\n",
        site.childcare.len()
    );
    let mut head = vec!["Area", "Providers", "Registered places"];
    head.extend(BAND_LABELS);
    head.extend(["Vacancies out of date", "Vacancies not given"]);
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for r in &rows {
        let v = r.vacancies.map(|n| n.to_string());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&name(site, r).1),
            r.providers,
            r.places,
            v.join(" | "),
            r.stale,
            r.unknown
        );
    }
    let _ = writeln!(out, "\nProviders offering each kind of funded hours:\n");
    let mut head = vec!["Area"];
    head.extend(FUNDED_LABELS);
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for r in &rows {
        let f = r.funded.map(|n| n.to_string());
        let _ = writeln!(out, "| {} | {} |", cell(&name(site, r).1), f.join(" | "));
    }
    if !stale.is_empty() {
        let _ = writeln!(
            out,
            "\nProviders whose vacancies are older than {weeks} weeks (ask them again):\n"
        );
        for &ci in &stale {
            let p = &site.childcare[ci];
            let as_at = p.vacancies.as_ref().map(|v| v.as_at.to_string());
            let _ = writeln!(
                out,
                "- {} (as at {})",
                cell(&p.name),
                as_at.unwrap_or_default()
            );
        }
    }
    out
}

/// The CSV rows (section, row id, row label, column id, column label, value), as the
/// report's CSV writes its own.
pub fn csv_rows(site: &Site) -> Vec<[String; 6]> {
    let mut out = Vec::new();
    let (rows, stale) = sufficiency(site);
    for r in &rows {
        let (id, label) = name(site, r);
        let mut put = |col: &str, col_label: &str, v: String| {
            out.push([
                "childcare".to_string(),
                id.clone(),
                label.clone(),
                col.to_string(),
                col_label.to_string(),
                v,
            ]);
        };
        put("providers", "Providers", r.providers.to_string());
        put("places", "Registered places", r.places.to_string());
        for (k, band) in BANDS.iter().enumerate() {
            put(
                &format!("vacancies_{band}"),
                &format!("Vacancies: {}", BAND_LABELS[k]),
                r.vacancies[k].to_string(),
            );
        }
        for (k, e) in ENTITLEMENTS.iter().enumerate() {
            put(
                &format!("funded_{e}"),
                &format!("Providers offering: {}", FUNDED_LABELS[k]),
                r.funded[k].to_string(),
            );
        }
        put("stale", "Vacancies out of date", r.stale.to_string());
        put("unknown", "Vacancies not given", r.unknown.to_string());
    }
    for &ci in &stale {
        let p = &site.childcare[ci];
        out.push([
            "childcare_stale".into(),
            p.id.clone(),
            p.name.clone(),
            "as_at".into(),
            "Vacancies as at".into(),
            p.vacancies
                .as_ref()
                .map(|v| v.as_at.to_string())
                .unwrap_or_default(),
        ]);
    }
    out
}
