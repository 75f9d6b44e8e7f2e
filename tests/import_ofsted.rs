//! `signpost import ofsted`: Ofsted's childcare providers file, in an older and a newer
//! layout (Windows-1252, title rows above the header, different column names), and a file
//! saved in the wrong encoding, imported into a copy of the sample.

#[path = "support/cli.rs"]
mod cli;

use cli::{bin, copy_dir, repo};
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/ofsted").join(name)
}

fn import(content: &Path, file: &str) -> (Option<i32>, String, String) {
    let run = bin()
        .args(["import", "ofsted"])
        .arg(fixture(file))
        .arg("--into")
        .arg(content)
        .output()
        .unwrap();
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

fn read(content: &Path, rel: &str) -> String {
    std::fs::read_to_string(content.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn an_older_then_a_newer_release_create_update_and_flag_by_urn() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let listed = std::fs::read_dir(content.join("childcare"))
        .unwrap()
        .count();
    let nursery_before = read(&content, "childcare/ashby-green-academy-nursery.md");

    let (code, out, err) = import(&content, "older-layout.csv");
    assert_eq!(code, Some(0), "{out}\n{err}");
    // Title rows skipped, Windows-1252 read, other councils' rows and a bad URN left out
    // and said so, the unknown column named.
    assert!(
        out.contains("(Windows-1252; header on line 4): 9 providers, 2 in other areas left out."),
        "{out}"
    );
    assert!(
        out.contains("Columns not known, left out: Favourite colour."),
        "{out}"
    );
    assert!(
        out.contains("left out, line 13: `EY99-BAD` is not an Ofsted URN"),
        "{out}"
    );
    assert!(out.contains("3 new, 2 updated, 1 unchanged"), "{out}");
    // Everything the sample lists with a URN that the file does not have is flagged.
    assert!(
        out.contains(&format!("{} no longer in Ofsted's file", listed - 3)),
        "{out}"
    );
    assert!(
        out.contains("The content folder checks cleanly."),
        "{out}\n{err}"
    );

    // A new listing, its name decoded from Windows-1252 and tidied from capitals.
    let cafe = read(&content, "childcare/cafe-creche-at-the-corn-exchange.md");
    assert!(
        cafe.contains("name: Café Creche At The Corn Exchange"),
        "{cafe}"
    );
    assert!(cafe.contains("locality: marlbrook-town"), "{cafe}");
    // A new childminder: Ofsted's file has the address, the site must not show it.
    let renee = read(&content, "childcare/mrs-renee-fairholme.md");
    assert!(
        renee.contains("type: childminder") && renee.contains("address_consent: false"),
        "{renee}"
    );
    let club = read(&content, "childcare/riverside-out-of-school-club.md");
    assert!(
        club.contains("type: out-of-school") && club.contains("overall: met"),
        "{club}"
    );

    // An update changes what Ofsted keeps and nothing the council keeps.
    let nursery = read(&content, "childcare/ashby-green-academy-nursery.md");
    assert!(nursery.contains("registered_places: 45"), "{nursery}");
    assert!(
        nursery.contains("date: 2024-03-14") && nursery.contains("overall: good"),
        "{nursery}"
    );
    let tail = |s: &str| s.split("\n---\n").nth(1).unwrap_or("").to_string();
    assert_eq!(
        tail(&nursery),
        tail(&nursery_before),
        "the description is kept"
    );
    let as_at = nursery_before
        .lines()
        .find(|l| l.trim_start().starts_with("as_at:"))
        .expect("the sample nursery gives vacancies")
        .trim();
    for kept in ["amount: 5.2", as_at, "name: Ashby Green Academy Nursery"] {
        assert!(nursery.contains(kept), "{kept} kept: {nursery}");
    }
    assert!(
        read(&content, "childcare/little-acorns-day-nursery-brookside.md")
            .contains("ofsted_status: not-in-latest-file")
    );

    // The next release: new column names and a report card.
    let (code, out, err) = import(&content, "newer-layout.csv");
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(
        out.contains("header on line 3): 5 providers, 1 in other areas left out."),
        "{out}"
    );
    assert!(!out.contains("Columns not known"), "{out}");
    let nursery = read(&content, "childcare/ashby-green-academy-nursery.md");
    assert!(nursery.contains("registered_places: 52"), "{nursery}");
    for want in [
        "date: 2027-01-20",
        "leadership-and-governance: strong-standard",
        "safeguarding: met",
        "date: 2024-03-14",
    ] {
        assert!(nursery.contains(want), "{want}: {nursery}");
    }
    assert!(out.contains("updated: childcare/ashby-green-academy-nursery.md: registered_places: 45 to 52; inspection of 2027-01-20 added"), "{out}");
    // Gone from the file since the last release: flagged, not deleted.
    assert!(
        read(&content, "childcare/bluebell-day-nursery-stanton-vale.md")
            .contains("ofsted_status: not-in-latest-file")
    );
    assert!(
        read(&content, "childcare/mrs-renee-fairholme.md")
            .contains("ofsted_status: not-in-latest-file")
    );
    assert!(
        out.contains("new: childcare/kirkby-moor-holiday-club.md"),
        "{out}"
    );
    assert!(
        out.contains("The content folder checks cleanly."),
        "{out}\n{err}"
    );

    // The imported folder builds, and the new childminder's street is not published.
    let site = tmp.path().join("site");
    cli::build_ok(&content, &site);
    let page =
        std::fs::read_to_string(site.join("childcare/providers/mrs-renee-fairholme/index.html"))
            .unwrap();
    assert!(page.contains("MB1") && !page.contains("Plover Walk") && !page.contains("MB1 4TN"));
}

#[test]
fn a_file_saved_as_utf16_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let before = std::fs::read_dir(content.join("childcare"))
        .unwrap()
        .count();
    let (code, out, err) = import(&content, "wrong-encoding.csv");
    assert_eq!(code, Some(2), "{out}\n{err}");
    assert!(
        err.contains("wrong-encoding.csv: the file is saved as UTF-16"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(content.join("childcare"))
            .unwrap()
            .count(),
        before
    );
    assert!(
        !read(&content, "childcare/bluebell-day-nursery-stanton-vale.md").contains("ofsted_status")
    );
}

/// Whether `part`'s lines appear in `whole` in the same order (other lines between).
fn in_order(part: &[&str], whole: &str) -> Result<(), String> {
    let mut lines = whole.lines();
    for want in part {
        if !lines.any(|l| l == *want) {
            return Err(format!("{want:?} is gone or moved"));
        }
    }
    Ok(())
}

#[test]
fn updates_keep_the_councils_comments_and_lines_and_the_report_is_written_to_files() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    // The council's notes in a listing Ofsted's file updates.
    let rel = "childcare/ashby-green-academy-nursery.md";
    let original = read(&content, rel)
        .replacen(
            "---\n",
            "---\n# Kept by the FIS team: phone the manager before changing fees.\n",
            1,
        )
        .replace(
            "fees:\n",
            "# Fees checked with the provider in September.\nfees:\n",
        )
        .replace(
            "  as_at: 2026-11-18\n",
            "  as_at: 2026-11-18  # from the autumn survey\n",
        );
    std::fs::write(content.join(rel), &original).unwrap();
    // Every line but the one whose value Ofsted changes (registered places).
    let kept: Vec<&str> = original
        .lines()
        .filter(|l| !l.starts_with("registered_places:"))
        .collect();

    let (code, out, err) = import(&content, "older-layout.csv");
    assert_eq!(code, Some(0), "{out}\n{err}");
    let after = read(&content, rel);
    in_order(&kept, &after).unwrap_or_else(|e| panic!("{e}:\n{after}"));
    assert!(after.contains("registered_places: 45\n"), "{after}");
    assert!(
        after.contains("amount: 5.20\n"),
        "written as the council wrote it"
    );
    assert!(
        after.contains("inspections:\n- date: 2024-03-14\n  overall: good\nreviewed:"),
        "{after}"
    );

    // The next release adds a report card at the top of the list, leaving the rest.
    let (code, out, err) = import(&content, "newer-layout.csv");
    assert_eq!(code, Some(0), "{out}\n{err}");
    let newer = read(&content, rel);
    let kept: Vec<&str> = after
        .lines()
        .filter(|l| !l.starts_with("registered_places:"))
        .collect();
    in_order(&kept, &newer).unwrap_or_else(|e| panic!("{e}:\n{newer}"));
    let list = newer.split("inspections:\n").nth(1).unwrap();
    assert!(list.starts_with("- date: 2027-01-20\n"), "{newer}");
    assert!(
        out.contains("The content folder checks cleanly."),
        "{out}\n{err}"
    );

    // The report is in files beside the content folder as well as on the terminal.
    let md = std::fs::read_to_string(tmp.path().join("ofsted-import-report.md")).unwrap();
    assert!(out.contains("Report: "), "{out}");
    for want in [
        "# Ofsted childcare providers import",
        "header on line 3): 5 providers, 1 in other areas left out.",
        "## New listings (1)",
        "- `childcare/kirkby-moor-holiday-club.md`",
        "- `childcare/ashby-green-academy-nursery.md`: registered_places: 45 to 52; inspection of 2027-01-20 added",
        "## No longer in Ofsted's file",
    ] {
        assert!(md.contains(want), "{want} not in:\n{md}");
    }
    let bytes = std::fs::read(tmp.path().join("ofsted-import-report.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["what", "file", "line", "detail"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let of = |what: &str| rows.iter().filter(|r| &r[0] == what).count();
    assert_eq!(of("new"), 1);
    assert!(of("updated") >= 1 && of("not in the file") >= 1, "{rows:?}");

    // The older release's report names its unknown column and the row it left out.
    let again = tempfile::tempdir().unwrap();
    let content = again.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let reports = again.path().join("reports");
    let run = bin()
        .args(["import", "ofsted"])
        .arg(fixture("older-layout.csv"))
        .arg("--into")
        .arg(&content)
        .arg("--report")
        .arg(&reports)
        .output()
        .unwrap();
    assert!(run.status.success());
    let md = std::fs::read_to_string(reports.join("ofsted-import-report.md")).unwrap();
    assert!(
        md.contains("## Columns not known, left out (1)\n\n- `Favourite colour`"),
        "{md}"
    );
    assert!(
        md.contains("line 13: `EY99-BAD` is not an Ofsted URN"),
        "{md}"
    );
    let bytes = std::fs::read(reports.join("ofsted-import-report.csv")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("unknown column,,,Favourite colour"), "{text}");
    assert!(text.contains("left out,,13,"), "{text}");
}
