//! Childcare providers in the built sample, read as a parent would: a page per provider,
//! lists by area and by type, and a childminder's home never published without consent.
//! Expected values are read from the content files here, not from signpost's own model.

#[path = "support/cli.rs"]
mod cli;

use cli::{build_ok, repo};
use scraper::{Html, Selector};
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The sample built once for every test here.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_ok(&repo().join("content"), dir.path());
        dir
    })
    .path()
}

/// Each provider file of the sample: (id, its fields).
fn providers() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(repo().join("content/childcare")).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml = text.split("---\n").nth(1).unwrap();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        out.push((id, serde_yaml::from_str(yaml).unwrap()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn page(rel: &str) -> Html {
    let path = built().join(rel).join("index.html");
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e}", path.display());
    }))
}

fn words(doc: &Html, css: &str) -> String {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `needle` is in `hay` on its own: a number not inside a longer number (a venue at
/// 53.03912 does not give away a home at 53.0391).
fn contains_whole(hay: &str, needle: &str) -> bool {
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    hay.match_indices(needle).any(|(i, _)| {
        !digit(hay[..i].chars().next_back()) && !digit(hay[i + needle.len()..].chars().next())
    })
}

/// A built file as text; gzipped files (the search index) unpacked first.
fn readable(f: &Path) -> String {
    let bytes = std::fs::read(f).unwrap();
    if f.extension() == Some("gz".as_ref()) {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
            .unwrap();
        return String::from_utf8_lossy(&out).into_owned();
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_childminders_home_never_reaches_any_built_file_without_consent() {
    // What must never be published, by provider: the address's first line, the full
    // postcode (as written and without its space) and the exact position.
    let mut withheld: Vec<(String, Vec<String>)> = Vec::new();
    let mut published: Vec<(String, String)> = Vec::new();
    for (id, p) in providers() {
        let home = matches!(text(&p["type"]).as_str(), "childminder" | "home-childcarer");
        let line1 = text(&p["address"]["line1"]);
        if home && p["address_consent"] != Value::Bool(true) {
            let postcode = text(&p["postcode"]);
            let mut secrets = vec![postcode.clone(), postcode.replace(' ', "")];
            for k in ["latitude", "longitude"] {
                if let Some(f) = p[k].as_f64() {
                    secrets.push(format!("{f}"));
                }
            }
            if !line1.is_empty() {
                secrets.push(line1);
            }
            withheld.push((id, secrets));
        } else if home && !line1.is_empty() {
            published.push((id, line1));
        }
    }
    assert!(
        withheld.len() >= 15,
        "the sample has childminders to protect"
    );
    assert!(
        !published.is_empty(),
        "the sample has a childminder who agreed"
    );
    let all = files(built());
    let mut leaks = Vec::new();
    for f in &all {
        let body = readable(f);
        for (id, secrets) in &withheld {
            for s in secrets {
                if contains_whole(&body, s) {
                    leaks.push(format!(
                        "{}: {id}'s `{s}`",
                        f.strip_prefix(built()).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "withheld details published:\n{}",
        leaks.join("\n")
    );
    // Every output names the withheld childminders, so the search above looked where they
    // are: the open data, the CSV, the search index and each page's JSON-LD.
    let outputs = [
        "api/services.ndjson",
        "data/childcare.csv",
        "search/", // the result rows and positions, gzipped
    ];
    for (id, _) in &withheld {
        let name = text(&providers().iter().find(|(i, _)| i == id).unwrap().1["name"]);
        for out in outputs {
            let hay: String = all
                .iter()
                .filter(|f| f.strip_prefix(built()).unwrap().starts_with(out))
                .map(|f| readable(f))
                .collect();
            assert!(
                hay.contains(&name) || hay.contains(&name.replace('\'', "\\u0027")),
                "{out} does not list {name}, so the privacy check did not look"
            );
        }
        let page = readable(&built().join(format!("childcare/providers/{id}/index.html")));
        assert!(page.contains("\"@type\":\"ChildCare\""), "{id} has JSON-LD");
    }
    // The same search finds an address that may be published: it is not blind.
    let (id, line1) = &published[0];
    let page = std::fs::read_to_string(
        built()
            .join("childcare/providers")
            .join(id)
            .join("index.html"),
    )
    .unwrap();
    assert!(page.contains(line1.as_str()), "{id}: {line1} is shown");
    // A withheld childminder's page gives the area and the postcode district, and says why.
    let (id, secrets) = &withheld[0];
    let doc = self::page(&format!("childcare/providers/{id}"));
    let summary = words(&doc, "main dl.summary");
    let district = secrets[0].split(' ').next().unwrap();
    assert!(summary.contains(&format!(", {district}")), "{summary}");
    assert!(
        words(&doc, "main").contains("first part of the postcode"),
        "the page says why the address is not shown"
    );
}

#[test]
fn a_providers_page_answers_what_parents_ask() {
    let ps = providers();
    // A nursery with current vacancies and a report card, from the content.
    let (id, p) = ps
        .iter()
        .find(|(_, p)| {
            p["type"] == "day-nursery"
                && p["vacancies"]["as_at"].as_str().unwrap_or("") >= "2026-11-01"
        })
        .expect("a day nursery with current vacancies");
    let doc = page(&format!("childcare/providers/{id}"));
    let main = words(&doc, "main");
    assert_eq!(words(&doc, "h1"), text(&p["name"]));
    for want in [
        "Ages",
        "Opening hours",
        "Monday to Friday",
        "Weeks open",
        "Fees",
        "per day",
        "Funded hours",
        "Vacancies",
        "As at",
    ] {
        assert!(main.contains(want), "{id}: no `{want}` in {main}");
    }
    let urn = text(&p["urn"]);
    let report = Selector::parse("main a[href^='https://reports.ofsted.gov.uk/']").unwrap();
    let links: Vec<&str> = doc
        .select(&report)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [format!("https://reports.ofsted.gov.uk/provider/16/{urn}").as_str()]
    );
    // Vacancies older than the site's weeks (6 in the sample) are not shown as current.
    let (id, _) = ps
        .iter()
        .find(|(_, p)| {
            p["vacancies"]["as_at"]
                .as_str()
                .is_some_and(|d| d < "2026-10-01")
        })
        .expect("a provider with old vacancies");
    let main = words(&page(&format!("childcare/providers/{id}")), "main");
    assert!(main.contains("so they are not shown"), "{id}: {main}");
    assert!(!main.contains("As at"), "{id}: {main}");
}

#[test]
fn lists_by_area_and_type_hold_every_provider_once() {
    let ps = providers();
    let card = Selector::parse("main .card h2 a").unwrap();
    let listed = |rel: &str| -> Vec<String> {
        page(rel)
            .select(&card)
            .filter_map(|a| a.value().attr("href"))
            .map(|h| {
                h.trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let mut by_area = Vec::new();
    for area in [
        "marlbrook-town",
        "northfield-and-ashby",
        "riverside-east",
        "western-villages",
    ] {
        let mut want: Vec<String> = ps
            .iter()
            .filter(|(_, p)| p["locality"] == area)
            .map(|(id, _)| id.clone())
            .collect();
        let mut got = listed(&format!("childcare/areas/{area}"));
        got.sort();
        want.sort();
        assert_eq!(got, want, "{area}");
        by_area.extend(got);
    }
    assert_eq!(by_area.len(), ps.len(), "every provider is in one area");
    for kind in [
        "childminder",
        "day-nursery",
        "pre-school",
        "school-nursery",
        "out-of-school",
        "holiday-scheme",
        "home-childcarer",
    ] {
        let want = ps.iter().filter(|(_, p)| p["type"] == kind).count();
        assert!(want > 0, "the sample has every type: {kind}");
        assert_eq!(
            listed(&format!("childcare/types/{kind}")).len(),
            want,
            "{kind}"
        );
    }
    // The front page links every list, and the home page and the childcare need link to it.
    let index = page("childcare");
    assert!(words(&index, "main").contains(&format!("There are {} Ofsted-registered", ps.len())));
    for rel in ["", "needs/childcare-and-early-education"] {
        let doc = if rel.is_empty() {
            Html::parse_document(&std::fs::read_to_string(built().join("index.html")).unwrap())
        } else {
            page(rel)
        };
        let link = Selector::parse("main a[href='/childcare/']").unwrap();
        assert_eq!(doc.select(&link).count(), 1, "{rel:?} links to the lists");
    }
}

#[test]
fn check_stale_lists_the_providers_whose_vacancies_are_out_of_date() {
    let run = cli::bin()
        .args(["check", "--stale", "--content"])
        .arg(repo().join("content"))
        .output()
        .unwrap();
    assert!(run.status.success());
    let out = String::from_utf8_lossy(&run.stdout);
    let (old_part, rest) = out
        .split_once("Childcare providers that have not given vacancies")
        .expect("both lists");
    // The sample's vacancy_weeks is 6: on 2026-11-24, vacancies dated before 13 October
    // 2026 are out of date. Worked out here from the files.
    let mut old = 0;
    for (_, p) in providers() {
        let name = text(&p["name"]);
        match p["vacancies"]["as_at"].as_str() {
            Some(d) if d < "2026-10-13" => {
                old += 1;
                assert!(
                    old_part.contains(&format!("  - {name}: vacancies as at")),
                    "{name}"
                );
            }
            Some(_) => assert!(!out.contains(&format!("  - {name}:")), "{name} is current"),
            None => assert!(rest.contains(&format!("  - {name}:")), "{name} gave none"),
        }
    }
    assert!(old >= 10, "the sample has out-of-date vacancies");
    assert!(
        old_part.contains(&format!(
            "older than 6 weeks (shown on the site as not known): {old} providers"
        )),
        "{old_part}"
    );
}

#[test]
fn the_report_gives_places_and_current_vacancies_by_area() {
    let run = |format: &str| {
        let o = cli::bin()
            .args(["report", "--format", format, "--content"])
            .arg(repo().join("content"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    // Worked out from the files: on 2026-11-24 with 6 weeks, vacancies dated from
    // 13 October 2026 are current.
    let ps = providers();
    let in_area = |area: &'static str| ps.iter().filter(move |(_, p)| p["locality"] == area);
    let places: u64 = in_area("riverside-east")
        .filter_map(|(_, p)| p["registered_places"].as_u64())
        .sum();
    let aged_2: u64 = in_area("riverside-east")
        .filter(|(_, p)| {
            p["vacancies"]["as_at"]
                .as_str()
                .is_some_and(|d| d >= "2026-10-13")
        })
        .filter_map(|(_, p)| p["vacancies"]["aged_2"].as_u64())
        .sum();
    let csv = run("csv");
    for (col, want) in [("places", places), ("vacancies_aged_2", aged_2)] {
        let line = csv
            .lines()
            .find(|l| l.starts_with("childcare,riverside-east,") && l.contains(&format!(",{col},")))
            .unwrap_or_else(|| panic!("no {col} row:\n{csv}"));
        assert!(
            line.ends_with(&format!(",{want}")),
            "{line}, expected {want}"
        );
    }
    assert!(
        csv.lines().any(|l| l.starts_with("childcare_stale,")),
        "{csv}"
    );
    let md = run("md");
    assert!(md.contains("## Childcare sufficiency"), "{md}");
    assert!(
        md.contains(&format!(
            "| Riverside East | {} | {places} |",
            in_area("riverside-east").count()
        )),
        "{md}"
    );
}

#[test]
fn the_coverage_page_shows_childcare_places_by_area() {
    let places: u64 = providers()
        .iter()
        .filter(|(_, p)| p["locality"] == "western-villages")
        .filter_map(|(_, p)| p["registered_places"].as_u64())
        .sum();
    let doc = page("coverage");
    let row = Selector::parse("#cap-childcare").unwrap();
    assert_eq!(doc.select(&row).count(), 1, "the childcare table is there");
    let rows = Selector::parse("table:has(#cap-childcare) tbody tr").unwrap();
    let western = doc
        .select(&rows)
        .map(|r| r.text().collect::<Vec<_>>().join("|"))
        .find(|t| t.starts_with("Western Villages"))
        .expect("a row for Western Villages");
    assert!(
        western.starts_with(&format!("Western Villages|15|{places}|")),
        "{western}"
    );
}
