//! Issue 21 (the "localoffer" work): who a service is for, where and how to contact it,
//! dated sessions, the Local Offer. Each test builds or checks the sample (or a copy with
//! one file changed) as a council would.

use scraper::{Html, Selector};
use std::path::Path;
use std::sync::OnceLock;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};

/// The sample, built once for every test that only reads it.
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

/// "Who it's for" on a service's page.
fn who(id: &str) -> String {
    let doc = page(&format!("services/{id}/index.html"));
    texts(&doc, "dl.summary > div:first-child dd").remove(0)
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

// --- Who it is for

#[test]
fn pages_say_who_a_service_is_for_in_words() {
    // An adults' debt service no longer claims to be "From birth to 19 years".
    assert_eq!(
        who("money-advice-debt-appointments"),
        "For adults. Marlbrook residents. Families with children are seen first."
    );
    assert_eq!(
        who("drug-and-alcohol-support-for-parents"),
        "For parents-to-be, and parents and carers of children up to 19 years. Parents, carers and pregnant women in Marlbrook."
    );
    assert_eq!(
        who("dads-together-northfield-breakfast-club"),
        "For children aged 0 to 5 and their parents and carers (dads only)"
    );
    assert_eq!(
        who("eastgate-womens-safe-space"),
        "For adults (women only). Women of any age. Children under 5 are welcome."
    );
    // A listing without `audience` reads as before.
    assert_eq!(who("canal-quarter-messy-play"), "From 18 months to 5 years");
}

#[test]
fn a_session_only_for_some_says_so_in_the_timetable() {
    let dir = sample_with("dads-together-northfield-breakfast-club", |t| {
        t.replace(
            "    frequency: weekly\n",
            "    frequency: weekly\n    only_for: [dads]\n",
        )
    });
    let out = dir.path().join("public");
    build_ok(&dir.path().join("content"), &out);
    let doc = Html::parse_document(
        &std::fs::read_to_string(
            out.join("services/dads-together-northfield-breakfast-club/index.html"),
        )
        .unwrap(),
    );
    let sessions = texts(&doc, "ul.sessions li");
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].ends_with("(dads only)"), "{sessions:?}");
}

#[test]
fn ages_can_be_left_out_only_when_the_service_is_not_for_children() {
    let dir = sample_with("canal-quarter-messy-play", |t| {
        let start = t.find("ages:\n").unwrap();
        let end = start + t[start..].find("\nlevel").unwrap();
        let mut s = t.to_string();
        s.replace_range(start..end + 1, "");
        s
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("missing required field `ages`"), "{stderr}");
    assert!(stderr.contains("canal-quarter-messy-play.md:"), "{stderr}");
}

#[test]
fn an_unknown_audience_or_group_is_refused_with_the_allowed_values() {
    let dir = sample_with("dads-together-northfield-breakfast-club", |t| {
        t.replace("only_for: [dads]", "only_for: [fathers]")
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("`fathers` is not one of the allowed values"),
        "{stderr}"
    );
    assert!(stderr.contains("dads, mums, men, women"), "{stderr}");
    assert!(stderr.contains("only_for: [dads]"), "the example: {stderr}");
}
