//! `signpost import oruk` on feeds in every shape real directories publish (tests/feeds:
//! HSDS 3.0 pages, ndjson and a mixed folder, ORUK v1 Spring pages, Outpost, an HSDS
//! tabular package): each imports with its mapping file and no hand edits into a folder
//! that passes `signpost check` and builds, with no markup shown as text on pages, cards
//! or JSON-LD. And bad input (truncated, wrong type, huge, a web page) is named clearly,
//! leaves nothing half-written and never panics.

use scraper::{Html, Node};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, repo};

fn feed(name: &str) -> PathBuf {
    repo().join("tests/feeds").join(name)
}

fn import(inputs: &[&Path], into: &Path, args: &[&str]) -> Output {
    bin()
        .args(["import", "oruk"])
        .args(inputs)
        .arg("--into")
        .arg(into)
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Markup that would show as text: a tag, an escaped entity, a markdown heading mark.
fn markup_in(s: &str) -> Option<&'static str> {
    let lower = s.to_lowercase();
    [
        "<p>", "</p>", "<h1", "</h1>", "<ul>", "<li>", "<br", "<b>", "&nbsp;", "&amp;", "&lt;",
        "&gt;", "**",
    ]
    .into_iter()
    .find(|bad| lower.contains(bad))
}

/// Strings anywhere in a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Every built page: its visible text and its JSON-LD strings carry no markup.
fn assert_no_markup_shown(site: &Path) {
    let mut pages = 0;
    for e in walkdir::WalkDir::new(site).into_iter().flatten() {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(e.path()).unwrap();
        let doc = Html::parse_document(&html);
        for node in doc.tree.nodes() {
            let Node::Text(t) = node.value() else {
                continue;
            };
            let parent = node
                .parent()
                .and_then(|p| p.value().as_element().map(|el| el.name().to_string()))
                .unwrap_or_default();
            if parent == "script" {
                let is_jsonld = node
                    .parent()
                    .and_then(|p| p.value().as_element())
                    .is_some_and(|el| el.attr("type") == Some("application/ld+json"));
                if is_jsonld {
                    let v: Value = serde_json::from_str(t).unwrap();
                    let mut all = Vec::new();
                    strings(&v, &mut all);
                    for s in all {
                        assert!(
                            markup_in(&s).is_none(),
                            "{}: JSON-LD shows {:?} in {s:?}",
                            e.path().display(),
                            markup_in(&s)
                        );
                    }
                }
                continue;
            }
            // A parser that runs scripts reads <noscript> as raw text (the search page's
            // words A to Z); a browser without scripts draws it as markup.
            if parent == "style" || parent == "template" || parent == "noscript" {
                continue;
            }
            assert!(
                markup_in(t).is_none(),
                "{}: the page shows {:?} in {:?}",
                e.path().display(),
                markup_in(t),
                &**t
            );
        }
    }
    assert!(pages > 10, "only {pages} pages in {}", site.display());
}

/// Imports a corpus feed with its mapping file: exit 0 (everything in, the folder checks),
/// `signpost check` agrees, it builds with no markup shown. Returns the content folder.
fn imports_cleanly(name: &str, dir: &Path) -> (PathBuf, String) {
    let content = dir.join("content");
    let mapping = feed(name).join("mapping.yaml");
    let o = import(
        &[&feed(name)],
        &content,
        &["--mapping", mapping.to_str().unwrap()],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{name}: {out}");
    let check = bin()
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(check.status.success(), "{name}: {}", text(&check));
    let site = dir.join("site");
    build_ok(&content, &site);
    assert_no_markup_shown(&site);
    // The report is written beside the content folder, in both forms.
    let report = std::fs::read_to_string(dir.join("import-report.md")).unwrap();
    assert!(dir.join("import-report.csv").is_file());
    (content, report + &out)
}

fn read(content: &Path, rel: &str) -> String {
    std::fs::read_to_string(content.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn hsds3_pages_with_html_placeholders_and_expired_entries_import_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = imports_cleanly("hsds3-pages", dir.path());
    let s = read(&content, "services/little-explorers-stay-and-play.md");
    // HTML became markdown; the summary is plain text.
    assert!(
        s.contains("summary: A relaxed stay and play for babies and toddlers"),
        "{s}"
    );
    assert!(!s.contains("<") && !s.contains("&nbsp;"), "{s}");
    // Ages of -1 are not "pregnancy": the term's default fills them.
    assert!(s.contains("ages:\n  from: 0\n  to: 5"), "{s}");
    // The placeholder email is not published; the contact's phone and email are.
    assert!(!s.contains("noemail"), "{s}");
    assert!(s.contains("phone: 01632 960411"), "{s}");
    assert!(
        s.contains("email: reception@harrowfield-families.example.org"),
        "{s}"
    );
    // eligibility_description, application_process and alert are carried over.
    assert!(
        s.contains("eligibility: Families with children under 5 living in Brackenby."),
        "{s}"
    );
    assert!(
        s.contains("how_to_access: Just turn up. You do not need to book."),
        "{s}"
    );
    assert!(s.contains("No session on 24 December."), "{s}");
    // The schedule that ended in 2005 and the cost that ended in 2022 are left out.
    assert!(!s.contains("thursday"), "{s}");
    assert!(s.contains("amount: 1.5"), "{s}");
    assert!(!s.contains("amount: 1\n"), "{s}");
    // address_2 is the venue's second line.
    let v = read(&content, "venues/harrowfield-community-hall.md");
    assert!(
        v.contains("line1: 14 Mill Lane") && v.contains("line2: Harrowfield"),
        "{v}"
    );
    // Temporarily closed is paused; defunct is left out, and the report says so.
    assert!(read(&content, "services/toy-library.md").contains("status: paused"));
    assert!(
        !content
            .join("services/evening-parenting-course-2019.md")
            .exists()
    );
    for line in [
        "left out: status is defunct, so it was not imported",
        "dropped: a schedule that ended on 2005-07-22",
        "dropped: a cost that ended on 2022-03-31",
        "dropped: minimum_age -1 means not set in the feed",
        "dropped: email Unknown-1203@noemail.invalid is a placeholder",
        "defaulted: ages: {from: 0, to: 5} (from the mapping file's defaults for taxonomy term \"Stay and play sessions\")",
    ] {
        assert!(out.contains(line), "{line} not in {out}");
    }
}

#[test]
fn hsds3_ndjson_imports_cleanly_and_inactive_services_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = imports_cleanly("hsds3-ndjson", dir.path());
    let line = read(&content, "services/family-hub-welcome-line.md");
    // "not known" is not a phone number; the free phone is kept.
    assert!(line.contains("phone: 0800 160 1234"), "{line}");
    // The feed's service area and the mapping's delivery together.
    assert!(
        line.contains("covers: borough") && line.contains("by_phone: true"),
        "{line}"
    );
    assert!(!content.join("services/homework-club.md").exists());
    assert!(
        out.contains("status is inactive, so it was not imported"),
        "{out}"
    );
}

#[test]
fn a_folder_mixing_lists_full_records_organisations_and_terms_imports_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = imports_cleanly("hsds3-mixed", dir.path());
    // The full record wins over its list item; terms named by id are looked up.
    let t = read(&content, "services/talking-tots-drop-in.md");
    assert!(
        t.contains("- speech-language-communication") && t.contains("phone: 01632 960620"),
        "{t}"
    );
    // Per-organisation defaults.
    assert!(t.contains("level: 2"), "{t}");
    assert!(
        read(
            &content,
            "organisations/westshire-speech-therapy-partnership.md"
        )
        .contains("type: nhs")
    );
    // The list item with no full record found its organisation by organization_id.
    let o = read(&content, "services/youth-work-outreach.md");
    assert!(
        o.contains("organisation: kestrel-youth-project") && o.contains("- youth-activities"),
        "{o}"
    );
    // The index is not a service, and the report says it was passed over.
    assert!(
        out.contains(
            "index.json: 1 record passed over: not a service, organisation or taxonomy term"
        ),
        "{out}"
    );
}

#[test]
fn oruk_v1_spring_pages_import_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = imports_cleanly("oruk-v1", dir.path());
    let m = read(&content, "services/money-advice-drop-in.md");
    // eligibilitys give the ages and who it is for; weekday 2 is Tuesday; the schedule
    // that ended in 2019 is left out; the contact's phone is kept.
    assert!(m.contains("from: 16") && m.contains("to: 25"), "{m}");
    assert!(m.contains("eligibility: Adults living in Ashdown"), "{m}");
    assert!(m.contains("- tuesday") && !m.contains("thursday"), "{m}");
    assert!(m.contains("phone: 01632 960701"), "{m}");
    assert!(m.contains("- money-and-debt"), "{m}");
    let v = read(&content, "venues/ashdown-library.md");
    assert!(
        v.contains("- accessible-toilet") && v.contains("- hearing-loop"),
        "{v}"
    );
    assert!(out.contains("3 records imported, 0 left out"), "{out}");
}

#[test]
fn outpost_records_import_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = imports_cleanly("outpost", dir.path());
    let p = read(&content, "services/pebble-lane-pre-school.md");
    for line in [
        "- childcare-and-early-education",
        "- autism-and-adhd",
        "- send-advice-and-support",
        "- monday",
        "- wednesday",
        "phone: 01632 960801",
        "email: office@pebblelane.example.org",
        "per: hour",
        "reviewed: 2026-06-01",
    ] {
        assert!(p.contains(line), "{line} not in {p}");
    }
    // Numeric ids become stable UUIDs, the same on every import.
    let id = p.lines().find_map(|l| l.strip_prefix("oruk_id: ")).unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    let sensory = read(&content, "services/oakby-baby-sensory.md");
    assert!(
        sensory.contains("status: paused") && sensory.contains("to: 2"),
        "{sensory}"
    );
    let venue = read(&content, "venues/pebble-lane-scout-hut.md");
    assert!(
        venue.contains("latitude: 52.4801") && venue.contains("line2: Oakby"),
        "{venue}"
    );
    // The first link is the website; the others are named in the report.
    assert!(
        p.contains("website: https://pebblelane.example.org/places"),
        "{p}"
    );
    assert!(
        out.contains("link \"Facebook\" https://social.example.org/pebblelane was left out"),
        "{out}"
    );
    assert!(
        out.contains("ages 0 to 2 come from the feed's age bands"),
        "{out}"
    );
}

#[test]
fn an_hsds_tabular_package_imports_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = imports_cleanly("hsds-tabular", dir.path());
    let g = read(&content, "services/greystone-toddler-group.md");
    for line in [
        "- baby-and-toddler-groups",
        "phone: 01632 960901",
        "- thursday",
        "amount: 1",
        "venues:\n  - greystone-methodist-church-hall",
    ] {
        assert!(g.contains(line), "{line} not in {g}");
    }
    assert!(!g.contains("monday"), "{g}");
    let org = read(&content, "organisations/greystone-parents-network.md");
    assert!(org.contains("phone: 01632 960900"), "{org}");
    let chat = read(&content, "services/parent-peer-support-chat.md");
    assert!(
        chat.contains("online: true") && !chat.contains("&nbsp;"),
        "{chat}"
    );
    assert!(
        out.contains("languages.csv: the table `language` is not one the import reads"),
        "{out}"
    );
}

#[test]
fn importing_the_same_feed_again_updates_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let (content, _) = imports_cleanly("outpost", dir.path());
    let before = read(&content, "services/pebble-lane-pre-school.md");
    let mapping = feed("outpost").join("mapping.yaml");
    let again = import(
        &[&feed("outpost")],
        &content,
        &["--force", "--mapping", mapping.to_str().unwrap()],
    );
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    assert_eq!(read(&content, "services/pebble-lane-pre-school.md"), before);
    let files = walkdir::WalkDir::new(content.join("services"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(files, 2, "a second import made new files");
}

// ---------------------------------------------------------------------------------------
// Bad input

/// Runs an import of `input` and checks it failed clearly: the message names the file,
/// nothing was written, no panic.
fn refused(input: &Path, expect: &str) {
    let dir = input.parent().unwrap();
    let into = dir.join("content");
    let o = import(&[input], &into, &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains(&input.display().to_string()), "{out}");
    assert!(out.contains(expect), "{expect} not in {out}");
    assert!(out.contains("Nothing was written"), "{out}");
    assert!(!into.exists(), "files were written");
    let staged: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".signpost-import")
        })
        .collect();
    assert!(staged.is_empty(), "a staging folder was left: {staged:?}");
}

#[test]
fn a_truncated_file_is_named_with_where_it_stops() {
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read_to_string(feed("oruk-v1/page-1.json")).unwrap();
    let f = dir.path().join("page-1.json");
    std::fs::write(&f, &whole[..whole.len() / 2]).unwrap();
    refused(&f, "not valid JSON at line");
}

#[test]
fn a_feed_that_answers_a_web_page_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("services.json");
    std::fs::write(
        &f,
        "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><p>Please sign in</p></body></html>\n",
    )
    .unwrap();
    refused(&f, "this is a web page (HTML), not JSON");
}

#[test]
fn a_file_far_larger_than_any_feed_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("services.ndjson");
    // 500 MB with no disk used: a sparse file.
    std::fs::File::create(&f)
        .unwrap()
        .set_len(500 * 1000 * 1000)
        .unwrap();
    refused(
        &f,
        "the file is 500 MB; the import reads files up to 268 MB",
    );
}

#[test]
fn a_wrong_type_leaves_that_record_out_and_names_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut page: Value =
        serde_json::from_str(&std::fs::read_to_string(feed("oruk-v1/page-0.json")).unwrap()[3..])
            .unwrap();
    page["content"][1]["organization"] = Value::String("Ashdown Citizens Advice".into());
    page["content"][0]["service_at_locations"] = Value::Bool(true);
    let f = dir.path().join("page-0.json");
    std::fs::write(&f, page.to_string()).unwrap();
    let into = dir.path().join("content");
    let mapping = feed("oruk-v1/mapping.yaml");
    let o = import(
        &[&f],
        &into,
        &["--all-or-nothing", "--mapping", mapping.to_str().unwrap()],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("content[0] (\"Money Advice Drop-in\"): field `service_at_locations`: expected a list, found true or false"),
        "{out}"
    );
    assert!(
        out.contains("content[1] (\"Housing Advice Appointments\"): field `organization`: expected an object, found text"),
        "{out}"
    );
    assert!(!into.exists());
    // Partial (the default): with only the second record broken, the first is written,
    // the second named, and the exit code says "partial".
    page["content"][0]["service_at_locations"] = Value::Array(Vec::new());
    std::fs::write(&f, page.to_string()).unwrap();
    let o = import(&[&f], &into, &["--mapping", mapping.to_str().unwrap()]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(3), "{out}");
    assert!(into.join("services/money-advice-drop-in.md").is_file());
    assert!(
        !into
            .join("services/housing-advice-appointments.md")
            .exists()
    );
    let report = std::fs::read_to_string(dir.path().join("import-report.md")).unwrap();
    assert!(report.contains("## Left out (1)"), "{report}");
    assert!(
        report.contains("- left out: field `organization`: expected an object, found text"),
        "{report}"
    );
}
