//! A field declared extra in src/content/schema.rs (`what_to_bring` on services) goes from
//! a listing to its page with no code of its own: the loader reads and checks it from the
//! declaration, the service view hands it to the template as `service.extra`, and nothing
//! else (open data, CSV, My list, search) carries it.

use scraper::{Html, Selector};
use std::path::Path;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};

const COOKERY: &str = "cook-and-eat-family-cookery-course";
const BRING: &str = "An apron if you have one, and some containers to take your food home.";

fn text_of(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&Selector::parse(s).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn service_page(site: &Path, id: &str) -> Html {
    let path = site.join("services").join(id).join("index.html");
    Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

/// Every file under `dir`, with its path.
fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn a_listing_with_an_extra_field_shows_it_on_its_page_and_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("public");
    build_ok(&repo().join("content"), &site);

    let page = service_page(&site, COOKERY);
    assert_eq!(text_of(&page, "h3#bring"), ["What to bring"]);
    assert_eq!(text_of(&page, "h3#bring + p"), [BRING]);

    // A listing without it has no empty heading.
    let without = service_page(&site, "canal-quarter-messy-play");
    assert!(text_of(&without, "#bring").is_empty());

    // Page-only: the open data, the CSV, My list's data and the search files leave it out.
    let mut all = Vec::new();
    files(&site, &mut all);
    let page_file = site.join("services").join(COOKERY).join("index.html");
    for path in all.iter().filter(|p| **p != page_file) {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("containers to take your food home"),
            "{} carries an extra field",
            path.display()
        );
    }
}

/// Copies the sample content to a temporary folder with one service's text changed.
fn sample_with(id: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let file = dir.path().join("content/services").join(format!("{id}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, edit(&text)).unwrap();
    dir
}

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

#[test]
fn a_misspelt_extra_field_is_still_an_unknown_field() {
    let dir = sample_with(COOKERY, |t| t.replace("what_to_bring:", "what_to_brng:"));
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("unknown field `what_to_brng`"), "{stderr}");
    assert!(stderr.contains("did you mean `what_to_bring`?"), "{stderr}");
}

#[test]
fn an_extra_field_is_checked_by_its_declared_type() {
    let dir = sample_with(COOKERY, |t| {
        t.replace(
            &format!("what_to_bring: {BRING}"),
            "what_to_bring: [an apron]",
        )
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("expected text, found a list"), "{stderr}");
    assert!(
        stderr.contains("what_to_bring: An apron and a container to take your food home."),
        "the declared example is shown: {stderr}"
    );
}

#[test]
fn signpost_new_writes_the_extra_field_from_its_declaration() {
    use signpost::scaffold::{Kind, template};
    let text = template(Kind::Service, jiff::civil::date(2026, 11, 24));
    assert!(
        text.contains("# Optional: anything families should bring. Example: A towel and a spare nappy.\nwhat_to_bring:\n"),
        "{text}"
    );
}
