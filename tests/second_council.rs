//! What a second council tripped over while writing its directory from the docs alone
//! (issue 26): each message says what is wrong in the council's own terms, at the right line.

use std::path::PathBuf;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/coverage")
}

type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);

/// A copy of the fixture with each file named rewritten by its edit (each must change it).
fn fixture_with(edits: &[Edit]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    for (file, edit) in edits {
        let path = content.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = edit(&text);
        assert_ne!(edited, text, "the edit of {file} changed nothing");
        std::fs::write(&path, edited).unwrap();
    }
    (dir, content)
}

/// The fixture with `edits` applied, built: the folder (kept while it lives) and the site.
fn build_with(edits: &[Edit]) -> (tempfile::TempDir, PathBuf) {
    let (dir, content) = fixture_with(edits);
    let site = dir.path().join("site");
    build_ok(&content, &site);
    (dir, site)
}

/// `signpost check` of the fixture with `file` rewritten by `edit`: exit code and output.
fn check_with(file: &str, edit: impl Fn(&str) -> String) -> (Option<i32>, String) {
    let (_dir, content) = fixture_with(&[(file, &edit)]);
    let o = bin()
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    (o.status.code(), out)
}

#[test]
fn weekdays_weekends_and_daily_are_read_as_the_days_they_mean() {
    let (code, out) = check_with("services/dale-parents-group.md", |t| {
        t.replace("days: [thursday]", "days: [weekdays, saturday]")
    });
    assert_eq!(code, Some(0), "{out}");
    // Every day of the week is on the hub's timetable once the site is built.
    let (_dir, out_dir) = build_with(&[("services/dale-parents-group.md", &|t| {
        t.replace("days: [thursday]", "days: daily")
    })]);
    let page =
        std::fs::read_to_string(out_dir.join("services/dale-parents-group/index.html")).unwrap();
    assert!(
        page.contains("Mondays, Tuesdays, Wednesdays, Thursdays, Fridays, Saturdays and Sundays"),
        "the session reads as every day"
    );
}

#[test]
fn a_word_that_is_not_a_day_still_says_which_days_are_allowed() {
    let (code, out) = check_with("services/dale-parents-group.md", |t| {
        t.replace("days: [thursday]", "days: [weekdayz]")
    });
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("dale-parents-group.md:21:12"), "{out}");
    assert!(
        out.contains("`weekdayz` is not one of the allowed values"),
        "{out}"
    );
}

#[test]
fn covers_in_words_points_to_borough_and_area_ids() {
    let (code, out) = check_with("services/dalefell-parenting-course.md", |t| {
        t.replace("covers: [dale]", "covers: [whole borough]")
    });
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("dalefell-parenting-course.md:15:"), "{out}");
    assert!(
        out.contains("`whole borough` is not the id of a locality or family hub"),
        "{out}"
    );
    assert!(
        out.contains("write `covers: borough` for the whole area"),
        "{out}"
    );
}

#[test]
fn a_postcode_ending_in_a_letter_royal_mail_never_uses_says_so() {
    let (code, out) = check_with("venues/fell-hub.md", |t| t.replace("DF2 1AA", "DF2 1AC"));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("fell-hub.md:6:"), "{out}");
    assert!(
        out.contains("the last two letters of a UK postcode are never C, I, K, M, O or V"),
        "{out}"
    );
}

#[test]
fn one_wrong_locality_id_is_reported_once_where_it_is_written() {
    let (code, out) = check_with("venues/dale-hub.md", |t| {
        t.replace("locality: dale\n", "locality: dal\n")
    });
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("venues/dale-hub.md:9:11"), "{out}");
    assert!(out.contains("there is no locality called `dal`"), "{out}");
    // The hub whose main venue it is is not blamed for a mismatch the typo made.
    assert!(!out.contains("hubs/dale-hub.md"), "{out}");
    assert!(out.contains("1 error in 1 file"), "{out}");
}

#[test]
fn an_unknown_reference_is_shown_an_example_from_the_sites_own_ids() {
    let (code, out) = check_with("services/dale-parents-group.md", |t| {
        t.replace("venues: [dale-hub]", "venues: [dale-hall]")
    });
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("there is no venue called `dale-hall`"),
        "{out}"
    );
    assert!(out.contains("for example: venues: [dale-hub]"), "{out}");
    assert!(!out.contains("marlbrook"), "no sample borough ids: {out}");
}

#[test]
fn any_iso_639_language_can_be_listed_and_is_named_in_itself() {
    let add =
        |t: &str, langs: &str| t.replace("cost: free", &format!("cost: free\nlanguages: {langs}"));
    // Slovak, Czech, Romani (no two-letter code), British Sign Language by its ISO code,
    // and Slovak again by its three-letter code.
    let (code, out) = check_with("services/dale-parents-group.md", |t| {
        add(t, "[en, sk, cs, rom, bfi, slk]")
    });
    assert_eq!(code, Some(0), "{out}");

    let (_dir, site) = build_with(&[("services/dale-parents-group.md", &|t| {
        add(t, "[en, sk, cs, rom, bfi, slk]")
    })]);
    let page =
        std::fs::read_to_string(site.join("services/dale-parents-group/index.html")).unwrap();
    assert!(
        page.contains(r#"Slovak (<bdi lang="sk">slovenčina</bdi>)"#),
        "the page names Slovak in Slovak, marked as Slovak for screen readers"
    );
    assert!(page.contains(r#"Czech (<bdi lang="cs">čeština</bdi>)"#));
    assert!(
        page.contains("Romany"),
        "a language with only a three-letter code is named"
    );
    assert!(page.contains("British Sign Language"));
    assert_eq!(
        page.matches("Slovak (").count(),
        1,
        "slk and sk are one language"
    );

    // The search filters offer each language the directory uses, once.
    let gz = std::fs::read(site.join("search/manifest.gz")).unwrap();
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut manifest)
        .unwrap();
    assert_eq!(
        manifest.matches("Slovak (slovenčina)").count(),
        1,
        "{manifest}"
    );
    // Open data publishes the Romani term the service links to.
    let all_data: String = walk(&site.join("api"));
    assert!(
        all_data.contains("\"Romany\""),
        "the Romani term is published"
    );
}

#[test]
fn a_language_written_by_name_or_a_made_up_code_says_how_to_write_it() {
    let (code, out) = check_with("services/dale-parents-group.md", |t| {
        t.replace("cost: free", "cost: free\nlanguages: [en, slovak, qq]")
    });
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("`slovak` is not an ISO 639 language code"),
        "{out}"
    );
    assert!(out.contains("Did you mean `sk`?"), "{out}");
    assert!(
        out.contains("`qq` is not an ISO 639 language code"),
        "{out}"
    );
    assert!(
        out.contains("rom for Romani"),
        "the help says how to write a language: {out}"
    );
    assert!(out.contains("services/dale-parents-group.md:"), "{out}");
}

/// Every file's text under `dir`, for searching built open data.
fn walk(dir: &std::path::Path) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.push_str(&walk(&p));
        } else if let Ok(t) = std::fs::read_to_string(&p) {
            out.push_str(&t);
        }
    }
    out
}

#[test]
fn a_council_can_add_its_own_organisation_types() {
    let types =
        "\norganisation_types:\n  - id: tenants-association\n    name: Tenants' association\n";
    let (_dir, site) = build_with(&[
        ("site.yaml", &|s| format!("{s}{types}")),
        ("organisations/dale-charity.md", &|o| {
            o.replace("type: vcs", "type: tenants-association")
        }),
        // A housing association is built in.
        ("organisations/fell-council.md", &|f| {
            f.replacen("type: council", "type: housing-association", 1)
        }),
    ]);
    let page = std::fs::read_to_string(site.join("organisations/dale-charity/index.html")).unwrap();
    assert!(
        page.contains("Tenants&#39; association"),
        "the page names the added type"
    );
    let fell_page =
        std::fs::read_to_string(site.join("organisations/fell-council/index.html")).unwrap();
    assert!(fell_page.contains("Housing association"));
    let data = walk(&site.join("api"));
    assert!(
        data.contains("\"Tenants' association\""),
        "open data publishes the added type's term"
    );
}

#[test]
fn an_organisation_type_the_site_does_not_have_lists_the_built_in_and_added_ones() {
    let (code, out) = check_with("organisations/dale-charity.md", |t| {
        t.replace("type: vcs", "type: tenants-asociation")
    });
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("`tenants-asociation` is not one of the organisation types"),
        "{out}"
    );
    assert!(
        out.contains("organisation_types"),
        "says how to add a type: {out}"
    );
    assert!(
        out.contains("organisations/dale-charity.md:3:"),
        "points at the type line: {out}"
    );
    // A built-in id added again is refused where it is written.
    let (code, out) = check_with("site.yaml", |t| {
        format!("{t}\norganisation_types:\n  - id: cic\n    name: CIC\n")
    });
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("`cic` is already a built-in organisation type"),
        "{out}"
    );
}
