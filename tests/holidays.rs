//! Issue 21 (the "holidays" work): Holiday Activities and Food (HAF) details on service
//! pages, the "What's on in the holidays" page and "Add to calendar". Each test builds or
//! checks the sample (or a copy with one file changed) as a council would.

use scraper::{Html, Selector};
use std::path::Path;
use std::sync::OnceLock;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};

/// The sample, built once (today 2026-11-24) for every test that only reads it.
fn built() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            build_ok(&repo().join("content"), &out);
            (dir, out)
        })
        .1
}

fn page(rel: &str) -> Html {
    let path = built().join(rel);
    Html::parse_document(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn texts(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&Selector::parse(s).unwrap())
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Copies the sample content with one service's text changed; returns the folder.
fn sample_with(id: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let file = dir.path().join("content/services").join(format!("{id}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changed nothing");
    std::fs::write(&file, changed).unwrap();
    dir
}

/// `signpost check` on a folder: whether it passed, and what it printed.
fn check(dir: &Path) -> (bool, String) {
    let run = bin()
        .args(["check", "--content"])
        .arg(dir.join("content"))
        .output()
        .unwrap();
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

const HAF: &str = "holiday-activities-and-food-programme";

// --- Holiday Activities and Food

#[test]
fn a_haf_club_page_says_who_gets_a_free_place_how_to_book_and_how_many_places() {
    let doc = page(&format!("services/{HAF}/index.html"));
    let haf = texts(&doc, "#haf").join(" ");
    assert!(haf.contains("Free holiday club places (HAF)"), "{haf}");
    for who in [
        "Children who get benefits-related free school meals",
        "Children in care",
        "Children who have a social worker",
        "Young carers",
        "Children in reception to year 11 who live or go to school in Marlbrook",
    ] {
        assert!(haf.contains(who), "{who} missing from {haf}");
    }
    assert!(
        haf.contains("Use the booking code on the HAF letter from your child's school"),
        "{haf}"
    );
    assert!(haf.contains("180 places each day"), "{haf}");
    let book: Vec<_> = doc
        .select(&Selector::parse("#haf a").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        book,
        ["https://familyhubs.marlbrook.example/holiday-activities/book"]
    );
    // A service outside the programme has no HAF box.
    let other = page("services/westwood-library-rhyme-time/index.html");
    assert!(texts(&other, "#haf").is_empty());
}

#[test]
fn an_unknown_haf_eligibility_is_reported_at_its_line_with_the_allowed_values() {
    let dir = sample_with(HAF, |t| {
        t.replace(
            "eligibility: [free-school-meals, looked-after",
            "eligibility: [free-school-meal, looked-after",
        )
    });
    let (ok, err) = check(dir.path());
    assert!(!ok, "{err}");
    // file:line:column of the bad value itself.
    let text = std::fs::read_to_string(
        dir.path()
            .join("content/services")
            .join(format!("{HAF}.md")),
    )
    .unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("free-school-meal,"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("{HAF}.md:{line}:")),
        "no file:line for line {line}: {err}"
    );
    assert!(err.contains("free-school-meal"), "{err}");
    assert!(
        err.contains("free-school-meals"),
        "the allowed values: {err}"
    );
    assert!(err.contains("social-worker"), "the allowed values: {err}");
    assert!(
        err.contains("eligibility: [free-school-meals]"),
        "the example: {err}"
    );
}

#[test]
fn haf_places_must_be_a_whole_number_and_an_empty_haf_group_says_what_to_write() {
    let dir = sample_with(HAF, |t| t.replace("places: 180", "places: 12.5"));
    let (ok, err) = check(dir.path());
    assert!(!ok, "{err}");
    assert!(err.contains("12.5 is not a number of places"), "{err}");
    assert!(err.contains("write a whole number of places"), "{err}");

    let dir = sample_with("northfield-academy-holiday-club", |t| {
        let start = t.find("haf:\n").unwrap();
        let end = t.find("cost:\n").unwrap();
        format!("{}haf: {{}}\n{}", &t[..start], &t[end..])
    });
    let (ok, err) = check(dir.path());
    assert!(!ok, "{err}");
    assert!(err.contains("`haf` is empty"), "{err}");
    assert!(err.contains("booking_code:"), "the example: {err}");
}
