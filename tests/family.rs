//! Hub, locality, Start for Life and coverage pages, read as a family, a practitioner and a
//! commissioner would. Expected figures are worked out here from the content files
//! themselves, not from signpost's own indexes.

use scraper::{ElementRef, Html, Selector};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const TODAY: &str = "2026-11-24";

fn bin(today: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_signpost"));
    c.env("SIGNPOST_TODAY", today).env("NO_COLOR", "1");
    c
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(content: &Path, today: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = bin(today)
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(dir.path().join("public"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    dir
}

fn sample() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| build(&repo().join("content"), TODAY))
        .path()
}

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/coverage")
}

fn fixture_site() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| build(&fixture(), TODAY)).path()
}

fn page_in(root: &Path, rel: &str) -> Html {
    let path = root.join("public").join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} missing: {e}", path.display()));
    Html::parse_document(&text)
}

fn page(rel: &str) -> Html {
    page_in(sample(), rel)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn all_pages(root: &Path, base: &str) -> Vec<Html> {
    let mut pages = vec![page_in(root, &format!("{base}index.html"))];
    let mut n = 2;
    while root
        .join("public")
        .join(format!("{base}page/{n}/index.html"))
        .exists()
    {
        pages.push(page_in(root, &format!("{base}page/{n}/index.html")));
        n += 1;
    }
    pages
}

fn links_in(pages: &[Html], css: &str) -> BTreeSet<String> {
    let s = sel(css);
    pages
        .iter()
        .flat_map(|p| {
            p.select(&s)
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The YAML front matter of every file in a content folder, by id.
fn front_matter(dir: &Path, folder: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir.join(folder)).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let yaml = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---").map(|(y, _)| y))
            .unwrap_or_else(|| panic!("{} has no front matter", p.display()));
        let id = p.file_stem().unwrap().to_string_lossy().into_owned();
        out.insert(id, serde_yaml::from_str(yaml).unwrap());
    }
    out
}

fn strs(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

#[test]
fn a_service_at_a_hub_is_on_its_page_under_its_need_and_in_its_timetable_on_its_days() {
    let content = repo().join("content");
    let svc = &front_matter(&content, "services")["central-stay-and-play"];
    let url = "/services/central-stay-and-play/";
    let hub = all_pages(sample(), "hubs/central-family-hub/");
    for need in strs(&svc["needs"]) {
        let under = links_in(
            &hub,
            &format!("section[aria-labelledby='g-at-{need}'] .card__title a"),
        );
        assert!(under.contains(url), "not under {need} on the hub page");
    }
    // The week of 23 November 2026 is in term and has no bank holiday, so a weekly session
    // is on exactly the days its schedule names.
    let days: BTreeSet<String> = svc["schedule"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|s| strs(&s["days"]))
        .collect();
    assert!(!days.is_empty());
    let doc = &hub[0];
    for day in [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ] {
        let entries: Vec<ElementRef> = doc
            .select(&sel(&format!(
                ".timetable li[data-day='{day}'] .timetable__sessions > li"
            )))
            .filter(|li| {
                li.select(&sel(&format!("a[href='{url}']")))
                    .next()
                    .is_some()
            })
            .collect();
        if days.contains(day) {
            assert_eq!(entries.len(), 1, "{day}: expected the session once");
            let t = text(entries[0]);
            assert!(
                t.contains("Term time only"),
                "a term-time-only session is marked in words: {t}"
            );
            assert!(!t.contains("Not on"), "{day}: it runs this week: {t}");
        } else {
            assert!(entries.is_empty(), "{day}: not one of its days");
        }
    }
    // Days run Monday to Sunday, with dates, ready for a "today" highlight.
    let order: Vec<&str> = doc
        .select(&sel(".timetable li[data-day]"))
        .filter_map(|li| li.value().attr("data-date"))
        .collect();
    assert_eq!(
        order,
        [
            "2026-11-23",
            "2026-11-24",
            "2026-11-25",
            "2026-11-26",
            "2026-11-27",
            "2026-11-28",
            "2026-11-29"
        ]
    );
}

#[test]
fn holidays_from_site_settings_take_sessions_out_of_the_timetable() {
    // Christmas week: school holiday all week, and Friday 25 December a bank holiday.
    let site = build(&repo().join("content"), "2026-12-22");
    let doc = page_in(site.path(), "hubs/central-family-hub/index.html");
    let monday = doc
        .select(&sel(".timetable li[data-day='monday']"))
        .next()
        .unwrap();
    let entry = monday
        .select(&sel(".timetable__sessions > li"))
        .find(|li| {
            li.select(&sel("a[href='/services/central-stay-and-play/']"))
                .next()
                .is_some()
        })
        .expect("the usual Monday session is still listed");
    let t = text(entry);
    assert!(
        t.contains("Not on: school holiday") && t.contains("next on Monday 11 January 2027"),
        "{t}"
    );
    let friday = text(
        doc.select(&sel(".timetable li[data-day='friday']"))
            .next()
            .unwrap(),
    );
    assert!(friday.contains("Bank holiday"), "{friday}");
}

#[test]
fn fortnightly_and_monthly_sessions_are_on_in_their_own_weeks() {
    let doc = page_in(fixture_site(), "hubs/dale-hub/index.html");
    let day = |d: &str| {
        text(
            doc.select(&sel(&format!(".timetable li[data-day='{d}']")))
                .next()
                .unwrap(),
        )
    };
    // Fortnightly from 10 November: on 24 November.
    let tue = day("tuesday");
    assert!(
        tue.contains("Dale parents group") && !tue.contains("Not on"),
        "{tue}"
    );
    assert!(tue.contains("Every other week"), "{tue}");
    // First Wednesday of the month: not 25 November; next 2 December.
    let wed = day("wednesday");
    assert!(
        wed.contains("Dale money clinic")
            && wed.contains("Not on this week")
            && wed.contains("next on Wednesday 2 December 2026"),
        "{wed}"
    );
    // Term time only, with no term dates in site.yaml: shown, and marked in words.
    let thu = day("thursday");
    assert!(
        thu.contains("Term time only") && !thu.contains("Not on"),
        "{thu}"
    );
    assert!(day("monday").contains("No regular sessions"));
}

#[test]
fn a_service_covering_a_locality_appears_on_every_hub_page_there() {
    let content = repo().join("content");
    let services = front_matter(&content, "services");
    let hubs = front_matter(&content, "hubs");
    let mut checked = 0;
    for (id, s) in &services {
        for area in strs(&s["where"]["covers"]) {
            for (hub_id, h) in &hubs {
                if h["locality"].as_str() != Some(area.as_str()) {
                    continue;
                }
                let pages = all_pages(sample(), &format!("hubs/{hub_id}/"));
                let found = links_in(&pages, "section.group .card__title a");
                assert!(
                    found.contains(&format!("/services/{id}/")),
                    "{id} covers {area} but is not on {hub_id}'s page"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} hub pages checked");
}

/// (need, locality) -> active services held in or covering the locality and not open to
/// the whole area (those have their own column), counted from the content files.
fn expected_matrix(content: &Path) -> BTreeMap<(String, String), usize> {
    let venues = front_matter(content, "venues");
    let hubs = front_matter(content, "hubs");
    let mut m = BTreeMap::new();
    for s in front_matter(content, "services").values() {
        if s["status"].as_str() == Some("paused") {
            continue;
        }
        let covers = strs(&s["where"]["covers"]);
        let wide = covers.iter().any(|a| a == "borough")
            || (covers.is_empty() && strs(&s["where"]["venues"]).is_empty());
        if wide {
            continue;
        }
        let mut locs: BTreeSet<String> = strs(&s["where"]["venues"])
            .iter()
            .filter_map(|v| venues[v]["locality"].as_str().map(str::to_string))
            .collect();
        for a in strs(&s["where"]["covers"]) {
            match hubs.get(&a) {
                Some(h) => locs.insert(h["locality"].as_str().unwrap().to_string()),
                None if a != "borough" => locs.insert(a),
                None => false,
            };
        }
        for n in strs(&s["needs"]) {
            for l in &locs {
                *m.entry((n.clone(), l.clone())).or_insert(0) += 1;
            }
        }
    }
    m
}

/// The cells of the needs-by-area table: (need id, locality id) -> the number shown.
fn shown_matrix(doc: &Html) -> BTreeMap<(String, String), usize> {
    let table = doc
        .select(&sel("table.matrix"))
        .find(|t| {
            t.select(&sel("caption"))
                .next()
                .is_some_and(|c| text(c).contains("by area"))
        })
        .expect("needs by area table");
    let cols: Vec<Option<String>> = table
        .select(&sel("thead th"))
        .map(|th| {
            th.select(&sel("a"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .and_then(|h| h.strip_prefix("/localities/"))
                .map(|h| h.trim_end_matches('/').to_string())
        })
        .collect();
    // The column after the localities: services open to the whole area.
    let wide_col = cols.iter().rposition(Option::is_some).unwrap();
    let mut out = BTreeMap::new();
    for tr in table.select(&sel("tbody tr")) {
        let Some(need) = tr
            .select(&sel("th[scope=row] a"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .and_then(|h| h.strip_prefix("/needs/"))
            .map(|h| h.trim_end_matches('/').to_string())
        else {
            continue;
        };
        let cells: Vec<String> = tr.select(&sel("td")).map(text).collect();
        let number = |t: &str| -> usize { t.split_whitespace().next().unwrap().parse().unwrap() };
        let wide = number(&cells[wide_col]);
        for (i, t) in cells.iter().enumerate() {
            if let Some(Some(loc)) = cols.get(i + 1) {
                let n = number(t);
                // A gap, a need met only area-wide and a thin spot are said in words, not
                // only by colour; area-wide services count towards every area.
                let word = match (n, n + wide) {
                    (_, 0) => Some("gap"),
                    (0, _) => Some("area-wide only"),
                    (_, 1) => Some("thin"),
                    _ => None,
                };
                for w in ["gap", "area-wide only", "thin"] {
                    assert_eq!(t.contains(w), word == Some(w), "{need}/{loc}: {t}");
                }
                out.insert((need.clone(), loc.clone()), n);
            }
        }
    }
    out
}

#[test]
fn every_needs_by_area_cell_counts_the_services_the_content_lists() {
    let content = repo().join("content");
    let expected = expected_matrix(&content);
    let shown = shown_matrix(&page("coverage/index.html"));
    let needs = serde_yaml::from_str::<Value>(
        &std::fs::read_to_string(content.join("needs.yaml")).unwrap(),
    )
    .unwrap();
    let need_count: usize = needs["categories"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| c["needs"].as_sequence().unwrap().len())
        .sum();
    let locality_count = front_matter(&content, "localities").len();
    assert_eq!(shown.len(), need_count * locality_count, "every cell shown");
    for (cell, n) in &shown {
        assert_eq!(
            *n,
            expected.get(cell).copied().unwrap_or(0),
            "cell {cell:?}"
        );
    }
    assert!(shown.values().any(|&n| n == 0), "the sample has gaps");
}

#[test]
fn an_organisation_with_one_stale_listing_of_two_shows_fifty_per_cent() {
    let doc = page_in(fixture_site(), "coverage/index.html");
    let row = |org: &str| {
        doc.select(&sel("table.data tbody tr"))
            .find(|tr| {
                tr.select(&sel("th a"))
                    .next()
                    .is_some_and(|a| text(a) == org)
            })
            .map(|tr| tr.select(&sel("td")).map(text).collect::<Vec<_>>())
            .unwrap_or_else(|| panic!("no row for {org}"))
    };
    let dale = row("Dale Charity");
    assert_eq!(&dale[..3], ["2", "1", "50%"]);
    assert!(dale[3].contains("Dale money clinic") && dale[3].contains("1 March 2024"));
    // Organisations with nothing overdue are counted, not listed.
    assert_eq!(
        doc.select(&sel("table.data tbody tr th a"))
            .filter(|a| text(*a) == "Fell Council")
            .count(),
        0
    );
    let intro = text(doc.select(&sel("#freshness + p")).next().unwrap());
    assert!(
        intro.contains("1 organisation has every listing checked in time"),
        "{intro}"
    );
    // The stale listing is named among the oldest.
    let oldest = doc
        .select(&sel("#oldest ~ .table-scroll table tbody th a"))
        .map(text)
        .collect::<Vec<_>>();
    assert_eq!(oldest, ["Dale money clinic"]);
}

#[test]
fn signpost_report_prints_the_same_figures() {
    let md = bin(TODAY)
        .args(["report", "--content"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(
        md.status.success(),
        "{}",
        String::from_utf8_lossy(&md.stderr)
    );
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("| Dale Charity | 2 | 1 | 50% | 2024-03-01 |"),
        "{md}"
    );
    // The helpline open to all of Dalefell counts once, in its own column, and makes Fell's
    // missing local service "area-wide only" rather than a gap; the parent line, open to all
    // with a desk at Dale Hub, is not counted in Dale as well.
    assert!(
        md.contains("| Money and debt | 1 | 0 (area-wide only) | 1 | 2 |"),
        "{md}"
    );
    assert!(md.contains("| Parenting help | 2 | 1 | 1 | 3 |"), "{md}");

    let csv = bin(TODAY)
        .args(["report", "--format", "csv", "--content"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(csv.status.success());
    let csv = String::from_utf8(csv.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "section,row_id,row_label,column_id,column_label,value"
    );
    assert!(
        lines.contains(&"freshness,dale-charity,Dale Charity,percent,Share checked in time (%),50")
    );
    assert!(lines.contains(&"need_by_locality,money-and-debt,Money and debt,fell,Fell,0"));
    assert!(lines.contains(&"need_by_hub,parenting-support,Parenting help,dale-hub,Dale Hub,2"));

    // And the sample's matrix agrees with the page.
    let out = bin(TODAY)
        .args(["report", "--format", "csv", "--content"])
        .arg(repo().join("content"))
        .output()
        .unwrap();
    let shown = shown_matrix(&page("coverage/index.html"));
    let mut rows = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] == "need_by_locality"
            && let Some(n) = shown.get(&(f[1].to_string(), f[f.len() - 3].to_string()))
        {
            assert_eq!(f[f.len() - 1], n.to_string(), "{line}");
            rows += 1;
        }
    }
    assert_eq!(rows, shown.len());
}

#[test]
fn report_refuses_broken_content() {
    let o = bin(TODAY)
        .args(["report", "--content"])
        .arg(repo().join("tests/fixtures/broken"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "no figures from broken content");
}

#[test]
fn maps_are_drawn_in_the_page_with_the_same_places_listed() {
    let content = repo().join("content");
    let venues = front_matter(&content, "venues");
    let doc = page("localities/riverside-east/index.html");
    let svg = doc
        .select(&sel("figure.map svg[role=img]"))
        .next()
        .expect("an inline SVG map");
    let labelled = svg.value().attr("aria-labelledby").unwrap();
    for id in labelled.split_whitespace() {
        let el = doc
            .select(&sel(&format!("#{id}")))
            .next()
            .unwrap_or_else(|| panic!("#{id} missing"));
        assert!(!text(el).is_empty());
    }
    assert!(
        svg.select(&sel("polygon")).next().is_some(),
        "the area's outline"
    );
    let expected: BTreeSet<String> = venues
        .iter()
        .filter(|(_, v)| v["locality"].as_str() == Some("riverside-east"))
        .map(|(id, _)| format!("/venues/{id}/"))
        .collect();
    let listed: BTreeSet<String> = doc
        .select(&sel("ol.map-list li > a:first-child"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(listed, expected);
    let markers = svg.select(&sel("circle, rect[width='24']")).count();
    assert_eq!(markers, expected.len(), "one marker per listed place");
    let osm: Vec<_> = doc
        .select(&sel(
            "ol.map-list a[href^='https://www.openstreetmap.org/']",
        ))
        .collect();
    assert_eq!(osm.len(), expected.len());
    assert!(text(osm[0]).starts_with("Open in OpenStreetMap"));
    // Nothing in the map loads from anywhere.
    assert!(svg.select(&sel("image, [href]")).next().is_none());
}

#[test]
fn locality_profiles_are_charts_with_the_numbers_in_text() {
    let doc = page("localities/riverside-east/index.html");
    let chart = doc
        .select(&sel("table.chart"))
        .find(|t| text(t.select(&sel("caption")).next().unwrap()).contains("Children aged 0 to 4"))
        .expect("a chart of children aged 0 to 4");
    let rows: Vec<String> = chart
        .select(&sel("tbody tr"))
        .map(|tr| {
            tr.select(&sel("th, td"))
                .map(text)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(rows.len(), 4, "every area with the figure: {rows:?}");
    assert!(
        rows.contains(&"Riverside East (this area) 2,800".to_string()),
        "{rows:?}"
    );
    assert!(
        rows.contains(&"Marlbrook Town 2,950".to_string()),
        "{rows:?}"
    );
    // The bars are decoration; the numbers carry the meaning.
    for svg in chart.select(&sel("svg")) {
        assert_eq!(svg.value().attr("aria-hidden"), Some("true"));
    }
}

#[test]
fn start_for_life_lists_under_twos_services_by_part_of_the_offer() {
    let content = repo().join("content");
    let services = front_matter(&content, "services");
    let doc = page("start-for-life/index.html");
    let headings: Vec<String> = doc.select(&sel("section.leaflet h2")).map(text).collect();
    let parts = [
        "Infant feeding",
        "Parenting support",
        "Perinatal mental health",
        "Health visiting",
        "Midwifery and maternity",
        "Early language and learning",
    ];
    assert_eq!(headings.len(), parts.len());
    for (h, p) in headings.iter().zip(parts) {
        assert!(h.starts_with(p), "{h} vs {p}");
    }
    let listed: Vec<String> = doc
        .select(&sel(".leaflet__item h3 a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(
        unique.len(),
        listed.len(),
        "each service once in the leaflet"
    );
    // Where each service belongs, from needs.yaml's start_for_life and the service's ages:
    // under the first part of the offer its needs map to, if it starts before age 2.
    let needs: Value =
        serde_yaml::from_str(&std::fs::read_to_string(content.join("needs.yaml")).unwrap())
            .unwrap();
    let part_of: BTreeMap<String, String> = needs["categories"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|c| c["needs"].as_sequence().unwrap().iter())
        .filter_map(|n| {
            Some((
                n["id"].as_str()?.to_string(),
                n["start_for_life"].as_str()?.to_string(),
            ))
        })
        .collect();
    let offer_ids = [
        "infant-feeding",
        "parenting-support",
        "perinatal-mental-health",
        "health-visiting",
        "midwifery-and-maternity",
        "early-language-and-learning",
    ];
    let under_two = |from: &Value| match from {
        Value::Number(n) => n.as_f64().unwrap() < 2.0,
        Value::String(s) if s == "pregnancy" => true,
        Value::String(s) => s
            .strip_suffix(" months")
            .is_some_and(|m| m.parse::<u32>().unwrap() < 24),
        _ => panic!("unexpected age {from:?}"),
    };
    let mut placed = 0;
    for (id, s) in &services {
        let url = format!("/services/{id}/");
        // Its own list of parts, else the part of the first of its needs that has one.
        let own = strs(&s["start_for_life"]);
        let parts: Vec<String> = if own.is_empty() {
            strs(&s["needs"])
                .iter()
                .find_map(|n| part_of.get(n).cloned())
                .into_iter()
                .collect()
        } else {
            own
        };
        assert!(parts.iter().all(|p| offer_ids.contains(&p.as_str())));
        let belongs = !parts.is_empty()
            && under_two(&s["ages"]["from"])
            && s["status"].as_str() != Some("paused");
        if belongs {
            for part in &parts {
                let there = links_in(
                    std::slice::from_ref(&doc),
                    &format!("section[aria-labelledby='sfl-{part}'] h3 a"),
                );
                assert!(there.contains(&url), "{id} should be under {part}");
            }
            placed += 1;
        } else {
            assert!(
                !listed.contains(&url),
                "{id} is not a Start for Life service"
            );
        }
    }
    assert_eq!(placed, listed.len());
    assert!(placed > 20, "only {placed} services in the offer");
    // On paper: phone numbers and web addresses written out in full.
    let first = doc.select(&sel(".leaflet__item")).next().unwrap();
    let t = text(first);
    assert!(
        t.contains("Phone") || t.contains("Website") || t.contains("Email"),
        "{t}"
    );
    for a in doc.select(&sel(".leaflet__item a.url")) {
        assert_eq!(Some(text(a).as_str()), a.value().attr("href"));
    }
}

#[test]
fn urgent_help_is_on_hub_locality_and_sensitive_need_pages() {
    for rel in [
        "hubs/riverside-family-hub/index.html",
        "localities/western-villages/index.html",
        "needs/domestic-abuse/index.html",
    ] {
        let doc = page(rel);
        let panel = doc
            .select(&sel("aside.urgent"))
            .next()
            .unwrap_or_else(|| panic!("no urgent help on {rel}"));
        let t = text(panel);
        assert!(t.contains("999"), "{rel}: {t}");
        assert!(
            t.contains("Children's Services front door") && t.contains("01632 960200"),
            "{rel}: the children's front door from site.yaml: {t}"
        );
        assert!(
            panel
                .select(&sel("a[href='tel:+441632960200']"))
                .next()
                .is_some()
        );
    }
    // Ordinary need pages do not shout.
    assert!(
        page("needs/infant-feeding/index.html")
            .select(&sel("aside.urgent"))
            .next()
            .is_none()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest)
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn new_settings_give_located_plain_english_errors() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    let site = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    std::fs::write(
        content.join("site.yaml"),
        format!(
            "{site}terms:\n  - name: Autumn\n    starts: 2026-12-18\n    ends: 2026-09-03\nbank_holidays: [2026-12-25, 2026-13-01]\n"
        ),
    )
    .unwrap();
    let loc = std::fs::read_to_string(content.join("localities/dale.md")).unwrap();
    std::fs::write(
        content.join("localities/dale.md"),
        loc.replacen(
            "name: Dale\n",
            "name: Dale\noutline:\n  - [53.0, -1.4]\n  - [53.1, -1.3]\n",
            1,
        ),
    )
    .unwrap();
    let needs = std::fs::read_to_string(content.join("needs.yaml")).unwrap();
    std::fs::write(
        content.join("needs.yaml"),
        needs.replace(
            "start_for_life: parenting-support",
            "start_for_life: parenting",
        ),
    )
    .unwrap();
    let o = bin(TODAY)
        .args(["check", "--format", "github", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    for (file, line, words) in [
        ("site.yaml", 20, "before it starts"),
        ("site.yaml", 21, "2026-13-01"),
        ("localities/dale.md", 4, "at least 3 points"),
        ("needs.yaml", 7, "did you mean `parenting-support`"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.contains(&format!("{file},line={line}")) && l.contains(words)),
            "expected {file}:{line} to say {words:?}:\n{out}"
        );
    }
}

#[test]
fn a_large_start_for_life_offer_is_split_into_pages_that_list_each_service_once() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    signpost::synth::generate(&content, 600, 11).unwrap();
    let site = build(&content, TODAY);
    let pages = all_pages(site.path(), "start-for-life/");
    assert!(
        pages.len() > 1,
        "600 services should need more than one page"
    );
    let mut seen = BTreeSet::new();
    for p in &pages {
        let items: Vec<String> = p
            .select(&sel(".leaflet__item h3 a"))
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect();
        assert!(items.len() <= 100, "{} entries on one page", items.len());
        for i in items {
            assert!(seen.insert(i.clone()), "{i} listed twice");
        }
    }
    // The parts list on every page adds up to what the pages hold.
    let counts: usize = pages[0]
        .select(&sel("nav[aria-labelledby='sfl-parts'] .count"))
        .filter_map(|c| {
            text(c)
                .trim_matches(|ch| ch == '(' || ch == ')')
                .parse::<usize>()
                .ok()
        })
        .sum();
    assert_eq!(counts, seen.len());
}

#[test]
fn a_listing_that_names_a_need_or_venue_twice_is_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    let file = content.join("services/dale-money-clinic.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let doubled = text
        .replace(
            "needs: [money-and-debt]",
            "needs: [money-and-debt, money-and-debt]",
        )
        .replace("venues: [dale-hub]", "venues: [dale-hub, dale-hub]");
    assert_ne!(text, doubled, "the fixture changed: update this test");
    std::fs::write(&file, doubled).unwrap();
    let site = build(&content, TODAY);
    for list in ["needs/money-and-debt/", "venues/dale-hub/"] {
        let s = sel(r#".card__title a[href="/services/dale-money-clinic/"]"#);
        let shown: usize = all_pages(site.path(), list)
            .iter()
            .map(|p| p.select(&s).count())
            .sum();
        assert_eq!(shown, 1, "{list} should list the money clinic once");
    }
}

#[test]
fn hubs_without_contact_details_show_no_empty_contact_heading() {
    let headings = |rel: &str| -> Vec<String> {
        page_in(fixture_site(), rel)
            .select(&sel("main h2"))
            .map(text)
            .collect()
    };
    // Fell Hub's file gives no phone, email or website.
    let fell = headings("hubs/fell-hub/index.html");
    assert!(fell.iter().any(|h| h == "Opening times"), "{fell:?}");
    assert!(!fell.iter().any(|h| h == "Contact"), "{fell:?}");
    // An organisation with a phone keeps its heading.
    let org = headings("organisations/fell-council/index.html");
    assert!(org.iter().any(|h| h == "Contact"), "{org:?}");
}

#[test]
fn a_service_at_three_places_says_one_more_place() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    for (id, postcode) in [("dale-library", "DF1 2AB"), ("dale-church-hall", "DF1 3AB")] {
        std::fs::write(
            content.join(format!("venues/{id}.md")),
            format!(
                "---\nname: {id}\naddress:\n  line1: 2 Dale Road\n  town: Dalefell\npostcode: {postcode}\nlatitude: 53.1\nlongitude: -1.5\nlocality: dale\n---\n"
            ),
        )
        .unwrap();
    }
    let service = std::fs::read_to_string(content.join("services/dale-parents-group.md"))
        .unwrap()
        .replace(
            "venues: [dale-hub]",
            "venues: [dale-hub, dale-library, dale-church-hall]",
        );
    std::fs::write(content.join("services/dale-parents-group.md"), service).unwrap();
    let out = build(&content, TODAY);
    let doc = page_in(out.path(), "needs/parenting-support/index.html");
    let card = doc
        .select(&sel("article, li, .card"))
        .map(text)
        .find(|t| t.contains("Dale parents group"))
        .expect("the group's card");
    assert!(card.contains("1 more place"), "{card}");
    assert!(!card.contains("1 more places"), "{card}");
}

#[test]
fn a_listing_can_name_its_own_start_for_life_parts() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    let f = content.join("services/dale-parents-group.md");
    let t = std::fs::read_to_string(&f).unwrap().replace(
        "needs: [parenting-support]",
        "needs: [parenting-support]\nstart_for_life: [perinatal-mental-health, parenting-support]",
    );
    std::fs::write(&f, t).unwrap();
    let out = build(&content, TODAY);
    let doc = page_in(out.path(), "start-for-life/index.html");
    let under = |part: &str| {
        links_in(
            std::slice::from_ref(&doc),
            &format!("section[aria-labelledby='sfl-{part}'] h3 a"),
        )
    };
    // Listed under each part it names, though no need maps it to perinatal mental health.
    assert!(under("perinatal-mental-health").contains("/services/dale-parents-group/"));
    assert!(under("parenting-support").contains("/services/dale-parents-group/"));

    // A part that is not in the offer is refused with the parts that are.
    let t = std::fs::read_to_string(&f)
        .unwrap()
        .replace("perinatal-mental-health, ", "perinatal, ");
    std::fs::write(&f, t).unwrap();
    let o = bin(TODAY)
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`perinatal` is not one of the allowed values"),
        "{err}"
    );
    assert!(err.contains("perinatal-mental-health"), "{err}");
}
