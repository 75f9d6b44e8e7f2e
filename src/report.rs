//! The coverage report for commissioners: how many services meet each need in each
//! locality and family hub area, and how up to date each organisation keeps its listings.
//! The /coverage/ page and `signpost report` both print these figures.
//!
//! The counting rule: a service open to the whole area (`covers: borough`, or with no
//! place and no area, like a helpline) is counted once, in its own column, and never in a
//! locality or hub column, even when it also has a venue there. Every other active service
//! counts in each locality and hub it is held in or covers. Area-wide help still counts
//! towards every area when a cell is judged: a need with no local service but a borough-wide
//! one is "area-wide only", not a gap; a gap is a need that no service a family there can
//! use meets.

use crate::site::Site;

/// A cell with this many services or fewer (but more than none) is a thin spot.
pub const THIN: usize = 1;
/// How many of the oldest listings the report names.
pub const OLDEST: usize = 25;
/// How many organisations with overdue listings the coverage page names (lowest share
/// first); `signpost report` lists them all.
pub const PAGE_ORGS: usize = 50;

pub struct Coverage {
    /// Need indices in taxonomy order, with the index of their category.
    pub rows: Vec<(usize, usize)>,
    /// [row][locality]: active services held in or covering the locality, not open to the
    /// whole area.
    pub by_locality: Vec<Vec<usize>>,
    /// [row][hub]: active services held at the hub or covering its area, not open to the
    /// whole area.
    pub by_hub: Vec<Vec<usize>>,
    /// [row]: active services open to the whole area.
    pub area_wide: Vec<usize>,
    /// [row]: active services meeting the need, counted once each.
    pub total: Vec<usize>,
    pub orgs: Vec<OrgFreshness>,
    /// Listings past their review date, oldest first (at most OLDEST).
    pub oldest: Vec<usize>,
    pub stale: usize,
    pub listings: usize,
    pub paused: usize,
    // --- localoffer: organisations' and venues' own review dates
    /// Organisations giving a review date, and how many of those are past it.
    pub orgs_reviewed: usize,
    pub orgs_stale: usize,
    /// Venues giving a review date, and how many of those are past it.
    pub venues_reviewed: usize,
    pub venues_stale: usize,
}

pub struct OrgFreshness {
    pub org: usize,
    pub listings: usize,
    /// Listings checked within the review period.
    pub current: usize,
    /// Its least recently checked listing.
    pub oldest: Option<usize>,
}

impl OrgFreshness {
    /// Whole per cent of listings checked in time, rounded, except that only a perfect
    /// record shows 100% and any checked listing shows at least 1%.
    pub fn percent(&self) -> usize {
        percent(self.current, self.listings)
    }
}

pub fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        return 0;
    }
    let p = (part * 200 + whole) / (whole * 2);
    match (part, p) {
        (0, _) => 0,
        (_, 0) => 1,
        (part, 100) if part < whole => 99,
        _ => p,
    }
}

/// How a need stands in one area, so a gap is never shown by colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellWord {
    /// No service a family there can use meets the need.
    Gap,
    /// Only area-wide services meet it: no local one.
    AreaWideOnly,
    /// Some local service, but `THIN` services or fewer, local and area-wide together.
    Thin,
}

impl CellWord {
    /// The word the terminal report and the CSV use.
    pub fn word(self) -> &'static str {
        match self {
            CellWord::Gap => "gap",
            CellWord::Thin => "thin",
            CellWord::AreaWideOnly => "area-wide only",
        }
    }
}

/// How a cell with `local` services of its own and `wide` open to the whole area reads.
pub fn cell_word(local: usize, wide: usize) -> Option<CellWord> {
    match (local, local + wide) {
        (_, 0) => Some(CellWord::Gap),
        (0, _) => Some(CellWord::AreaWideOnly),
        (_, n) if n <= THIN => Some(CellWord::Thin),
        _ => None,
    }
}

pub fn coverage(site: &Site) -> Coverage {
    let rows: Vec<(usize, usize)> = site
        .categories
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.needs
                .iter()
                .filter_map(|n| site.need_ix.get(n))
                .map(move |&ni| (ni, ci))
        })
        .collect();
    let active = |si: &usize| !site.services[*si].paused;
    // Area-wide services have their own column (see the rule at the top).
    let local = |si: &usize| active(si) && !site.svc[*si].area_wide;
    // Each list of services is walked once, counting every need its services meet; asking
    // each need in turn of every list took a minute's worth of seconds at 100,000 services.
    let mut counts = vec![0usize; site.needs.len()];
    let mut tally = |services: &mut dyn Iterator<Item = &usize>, keep: &dyn Fn(&usize) -> bool| {
        counts.fill(0);
        for &si in services.filter(|s| keep(s)) {
            let needs = &site.svc[si].needs;
            for (k, &ni) in needs.iter().enumerate() {
                // A need named twice still counts the service once.
                if !needs[..k].contains(&ni) {
                    counts[ni] += 1;
                }
            }
        }
        rows.iter()
            .map(|&(ni, _)| counts[ni])
            .collect::<Vec<usize>>()
    };
    let per_locality: Vec<Vec<usize>> = site
        .in_locality
        .iter()
        .map(|list| tally(&mut list.iter(), &local))
        .collect();
    let per_hub: Vec<Vec<usize>> = (0..site.hubs.len())
        .map(|hi| {
            tally(
                &mut site.at_hub[hi].iter().chain(&site.covering_hub[hi]),
                &local,
            )
        })
        .collect();
    let area_wide = tally(&mut site.area_wide.iter(), &active);
    // Turned to [row][column], the way the tables read.
    let by_locality: Vec<Vec<usize>> = (0..rows.len())
        .map(|r| per_locality.iter().map(|c| c[r]).collect())
        .collect();
    let by_hub: Vec<Vec<usize>> = (0..rows.len())
        .map(|r| per_hub.iter().map(|c| c[r]).collect())
        .collect();
    let total: Vec<usize> = rows
        .iter()
        .map(|&(ni, _)| site.by_need[ni].iter().filter(|s| active(s)).count())
        .collect();
    let mut orgs: Vec<OrgFreshness> = site
        .by_org
        .iter()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(oi, list)| OrgFreshness {
            org: oi,
            listings: list.len(),
            current: list.iter().filter(|&&s| !site.svc[s].stale).count(),
            oldest: list
                .iter()
                .copied()
                .min_by_key(|&s| (site.services[s].reviewed, s)),
        })
        .collect();
    // Least up to date first: that is the list an FIS officer works through.
    orgs.sort_by(|a, b| {
        a.percent()
            .cmp(&b.percent())
            .then(b.listings.cmp(&a.listings))
            .then(a.org.cmp(&b.org))
    });
    let mut stale: Vec<usize> = (0..site.services.len())
        .filter(|&s| site.svc[s].stale)
        .collect();
    stale.sort_by_key(|&s| (site.services[s].reviewed, s));
    let stale_count = stale.len();
    stale.truncate(OLDEST);
    Coverage {
        rows,
        by_locality,
        by_hub,
        area_wide,
        total,
        orgs,
        oldest: stale,
        stale: stale_count,
        orgs_reviewed: site
            .organisations
            .iter()
            .filter(|o| o.reviewed.is_some())
            .count(),
        orgs_stale: site
            .organisations
            .iter()
            .filter(|o| o.reviewed.is_some_and(|d| d < site.stale_before))
            .count(),
        venues_reviewed: site.venues.iter().filter(|v| v.reviewed.is_some()).count(),
        venues_stale: site
            .venues
            .iter()
            .filter(|v| v.reviewed.is_some_and(|d| d < site.stale_before))
            .count(),
        listings: site.services.len(),
        paused: site.services.iter().filter(|s| s.paused).count(),
    }
}

impl Coverage {
    /// How the (need, locality) cells read: how many are `word`.
    pub fn locality_cells(&self, word: CellWord) -> usize {
        self.by_locality
            .iter()
            .zip(&self.area_wide)
            .flat_map(|(row, &wide)| row.iter().map(move |&n| cell_word(n, wide)))
            .filter(|w| *w == Some(word))
            .count()
    }
    pub fn current(&self) -> usize {
        self.listings - self.stale
    }
}

/// Markdown tables with the report's figures, for the terminal or a pull request comment.
pub fn markdown(site: &Site, c: &Coverage) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let area = &site.config.area;
    let _ = writeln!(out, "# Coverage of services in {area}\n");
    let paused = match c.paused {
        0 => String::new(),
        1 => " 1 paused listing is not counted below.".into(),
        n => format!(" {n} paused listings are not counted below."),
    };
    let _ = writeln!(
        out,
        "{} listings.{paused} {} of {} listings ({}%) were checked in the last {} months.\n",
        c.listings,
        c.current(),
        c.listings,
        percent(c.current(), c.listings),
        site.config.review_months
    );
    let cell = |n: usize, wide: usize| match cell_word(n, wide) {
        Some(w) => format!("{n} ({})", w.word()),
        None => n.to_string(),
    };
    let _ = writeln!(out, "## Needs by area\n");
    let mut head = vec!["Need".to_string()];
    head.extend(site.localities.iter().map(|l| l.name.clone()));
    head.push(format!("Across {area}"));
    head.push("Total".into());
    table_head(&mut out, &head);
    for (r, &(ni, _)) in c.rows.iter().enumerate() {
        let mut row = vec![md_escape(&site.needs[ni].label)];
        row.extend(c.by_locality[r].iter().map(|&n| cell(n, c.area_wide[r])));
        row.push(c.area_wide[r].to_string());
        row.push(c.total[r].to_string());
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    for (li, l) in site.localities.iter().enumerate() {
        let hubs = &site.locality_hubs[li];
        if hubs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## Needs by family hub: {}\n", md_escape(&l.name));
        let mut head = vec!["Need".to_string()];
        head.extend(hubs.iter().map(|&h| md_escape(&site.hubs[h].name)));
        table_head(&mut out, &head);
        for (r, &(ni, _)) in c.rows.iter().enumerate() {
            let mut row = vec![md_escape(&site.needs[ni].label)];
            row.extend(hubs.iter().map(|&h| cell(c.by_hub[r][h], c.area_wide[r])));
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
    }
    let _ = writeln!(out, "\n## Listings checked in time, by organisation\n");
    table_head(
        &mut out,
        &[
            "Organisation".into(),
            "Listings".into(),
            "Checked in time".into(),
            "Share".into(),
            "Oldest check".into(),
        ],
    );
    for o in &c.orgs {
        let oldest = o
            .oldest
            .map(|s| site.services[s].reviewed.to_string())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}% | {} |",
            md_escape(&site.organisations[o.org].name),
            o.listings,
            o.current,
            o.percent(),
            oldest
        );
    }
    let _ = writeln!(
        out,
        "\nOrganisations' own details: {} of {} with a review date are past it. Venues: {} of {} with a review date are past it.",
        c.orgs_stale, c.orgs_reviewed, c.venues_stale, c.venues_reviewed
    );
    let _ = writeln!(
        out,
        "\n## Oldest listings ({} past their review date{})\n",
        c.stale,
        if c.stale > c.oldest.len() {
            format!(", oldest {} shown", c.oldest.len())
        } else {
            String::new()
        }
    );
    table_head(
        &mut out,
        &[
            "Listing".into(),
            "Organisation".into(),
            "Last checked".into(),
            "File".into(),
        ],
    );
    for &s in &c.oldest {
        let svc = &site.services[s];
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md_escape(&svc.name),
            md_escape(site.org_of(s).map(|o| o.name.as_str()).unwrap_or("")),
            svc.reviewed,
            svc.file
        );
    }
    // --- childcare: sufficiency (src/sufficiency.rs)
    out.push_str(&crate::sufficiency::markdown(site));
    out
}

fn table_head(out: &mut String, head: &[String]) {
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
}

/// Content is untrusted: a `|` or line break in a name must not break the table.
fn md_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The same figures as one tidy CSV table (one figure per row), easy to pivot in a
/// spreadsheet: section, row id and label, column id and label, value.
pub fn csv(site: &Site, c: &Coverage) -> Result<String, String> {
    // Cells come quoted by `quote`.
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Never)
        .from_writer(Vec::new());
    let mut put = |rec: [&str; 6]| {
        let rec = rec.map(|c| crate::export::csv::quote(&spreadsheet_safe(c)).into_owned());
        w.write_record(rec.iter().map(|c| c.as_bytes()))
            .map_err(|e| e.to_string())
    };
    put([
        "section",
        "row_id",
        "row_label",
        "column_id",
        "column_label",
        "value",
    ])?;
    let area_col = format!("Across {}", site.config.area);
    for (r, &(ni, _)) in c.rows.iter().enumerate() {
        let n = &site.needs[ni];
        for (li, l) in site.localities.iter().enumerate() {
            put([
                "need_by_locality",
                &n.id,
                &n.label,
                &l.id,
                &l.name,
                &c.by_locality[r][li].to_string(),
            ])?;
        }
        put([
            "need_by_locality",
            &n.id,
            &n.label,
            "area-wide",
            &area_col,
            &c.area_wide[r].to_string(),
        ])?;
        put([
            "need_by_locality",
            &n.id,
            &n.label,
            "total",
            "Total",
            &c.total[r].to_string(),
        ])?;
        for (hi, h) in site.hubs.iter().enumerate() {
            put([
                "need_by_hub",
                &n.id,
                &n.label,
                &h.id,
                &h.name,
                &c.by_hub[r][hi].to_string(),
            ])?;
        }
    }
    for o in &c.orgs {
        let org = &site.organisations[o.org];
        let oldest = o
            .oldest
            .map(|s| site.services[s].reviewed.to_string())
            .unwrap_or_default();
        for (col, label, v) in [
            ("listings", "Listings", o.listings.to_string()),
            ("current", "Checked in time", o.current.to_string()),
            (
                "percent",
                "Share checked in time (%)",
                o.percent().to_string(),
            ),
            ("oldest", "Oldest check", oldest),
        ] {
            put(["freshness", &org.id, &org.name, col, label, &v])?;
        }
    }
    for (row, label, reviewed, past) in [
        (
            "organisations",
            "Organisations",
            c.orgs_reviewed,
            c.orgs_stale,
        ),
        ("venues", "Venues", c.venues_reviewed, c.venues_stale),
    ] {
        put([
            "places",
            row,
            label,
            "reviewed",
            "With a review date",
            &reviewed.to_string(),
        ])?;
        put(["places", row, label, "stale", "Past it", &past.to_string()])?;
    }
    for &s in &c.oldest {
        let svc = &site.services[s];
        put([
            "oldest",
            &svc.id,
            &svc.name,
            "reviewed",
            "Last checked",
            &svc.reviewed.to_string(),
        ])?;
    }
    // --- childcare: sufficiency rows (src/sufficiency.rs)
    for row in crate::sufficiency::csv_rows(site) {
        put(row.each_ref().map(String::as_str))?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Names come from pull requests: a cell starting `=`, `+`, `-` or `@` would run as a formula
/// when the file is opened in a spreadsheet, so such text is prefixed with `'`.
fn spreadsheet_safe(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => format!("'{s}").into(),
        Some('-') if s.parse::<f64>().is_err() => format!("'{s}").into(),
        _ => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn shares_round_but_never_overstate() {
        assert_eq!(percent(1, 2), 50);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(199, 200), 99, "not all checked is never 100%");
        assert_eq!(percent(1, 300), 1);
        assert_eq!(percent(0, 5), 0);
        assert_eq!(percent(3, 3), 100);
        assert_eq!(percent(0, 0), 0);
    }
}
