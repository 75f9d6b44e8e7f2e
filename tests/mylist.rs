//! "My list" needs two things from a build: the /my-list/ page, which explains itself without
//! JavaScript, and on every service page a data block (JSON, never run) that says what the
//! page says, which the list page reads. The browser side is tests/node/mylist.test.js.

use scraper::{Html, Selector};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample site, built once for this file.
fn site() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_signpost"))
            .env("SIGNPOST_TODAY", "2026-11-24")
            .env("NO_COLOR", "1")
            .args(["build", "--content"])
            .arg(repo().join("content"))
            .arg("--output")
            .arg(dir.path().join("public"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir
    })
    .path()
}

fn page(rel: &str) -> Html {
    let path = site().join("public").join(rel);
    Html::parse_document(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap())
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn data(doc: &Html) -> Value {
    let raw = texts(doc, "head script#service-data[type='application/json']");
    assert_eq!(raw.len(), 1, "one data block");
    serde_json::from_str(&raw[0]).unwrap()
}

#[test]
fn the_list_page_is_built_and_says_what_it_needs_without_javascript() {
    let doc = page("my-list/index.html");
    assert_eq!(texts(&doc, "h1"), ["My list"]);
    let main = texts(&doc, "main #my-list").join(" ");
    assert!(main.contains("Your list needs JavaScript"), "{main}");
    assert!(main.contains("Nothing is sent anywhere"), "{main}");
    let links = texts(&doc, "main #my-list a");
    assert!(
        links.contains(&"find help by need".to_string()),
        "{links:?}"
    );
    // The script that draws the list is the site's own, fingerprinted and deferred.
    let script = Selector::parse("script[src^='/assets/mylist.'][defer]").unwrap();
    assert_eq!(doc.select(&script).count(), 1);
    // Every page loads it, so the buttons and the header link appear everywhere.
    assert_eq!(page("index.html").select(&script).count(), 1);
    // No button or link to the list exists until the script adds it.
    for rel in ["index.html", "services/central-stay-and-play/index.html"] {
        let doc = page(rel);
        assert!(texts(&doc, "button").iter().all(|b| !b.contains("my list")));
        assert_eq!(texts(&doc, "a[href='/my-list/']").len(), 0, "{rel}");
    }
}

#[test]
fn service_pages_carry_what_the_list_shows_in_the_words_of_the_page() {
    let doc = page("services/central-stay-and-play/index.html");
    let d = data(&doc);
    assert_eq!(d["id"], "central-stay-and-play");
    assert_eq!(d["name"], texts(&doc, "h1")[0].as_str());
    assert_eq!(d["summary"], texts(&doc, "p.lead")[0].as_str());
    assert_eq!(d["organisation"], "Marlbrook Council Family Hubs");
    assert_eq!(d["who"], "From birth to 5 years.");
    assert_eq!(d["how"], "Just turn up. You do not need to book.");
    assert_eq!(d["cost"], "Free");
    let sessions = texts(&doc, ".sessions li");
    let when: Vec<&str> = d["when"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(when.len(), sessions.len());
    for (w, s) in when.iter().zip(&sessions) {
        assert!(w.starts_with(s.split(" at ").next().unwrap()), "{w} / {s}");
    }
    assert_eq!(
        d["where"][0],
        "Central Family Hub, 14 Market Street, Marlbrook, MB1 2HQ"
    );
    // Contact details as the page shows them: the phone number and the full web address.
    let contact = texts(&doc, ".ways").join(" ");
    assert!(contact.contains(d["phone"].as_str().unwrap()), "{contact}");
    let website = d["website"].as_str().unwrap();
    assert!(website.starts_with("https://"));
    assert_eq!(
        doc.select(&Selector::parse(&format!(".ways a[href='{website}']")).unwrap())
            .count(),
        1
    );
    assert!(
        d.get("email").is_none(),
        "absent fields are left out, not null"
    );

    // A stale listing carries its warning, so a printed sheet does too.
    let stale = data(&page("services/eastgate-baby-massage/index.html"));
    assert!(
        stale["note"]
            .as_str()
            .unwrap()
            .starts_with("This information may be out of date. It was last checked on")
    );
}

#[test]
fn every_service_page_has_its_own_data_block() {
    let mut n = 0;
    for e in std::fs::read_dir(repo().join("content/services")).unwrap() {
        let path = e.unwrap().path();
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let d = data(&page(&format!("services/{id}/index.html")));
        assert_eq!(d["id"], id.as_str());
        assert!(!d["name"].as_str().unwrap().is_empty(), "{id} has a name");
        assert!(!d["when"].as_array().unwrap().is_empty(), "{id} says when");
        n += 1;
    }
    assert!(n >= 150, "{n} services");
}
