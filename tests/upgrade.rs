//! Content formats: `signpost --version` names the format, content in a newer format is
//! refused with what to do, and `signpost upgrade` brings older content up to date in
//! place, once.

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};

use signpost::upgrade::CONTENT_FORMAT;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn run(args: &[&str], content: &Path) -> Output {
    bin()
        .args(args)
        .arg("--content")
        .arg(content)
        .output()
        .unwrap()
}

/// Every file of a folder and its bytes, to see what a command changed.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

#[test]
fn version_names_the_content_format() {
    let out = bin().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        format!(
            "signpost {} (content format {CONTENT_FORMAT})\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn upgrade_brings_the_first_format_up_to_date_once() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let before = snapshot(&content);
    let old_site = String::from_utf8(before["site.yaml"].clone()).unwrap();
    assert!(!old_site.contains("format:"), "the sample is in format 1");

    let first = run(&["upgrade"], &content);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let said = text(&first.stdout);
    assert!(
        said.contains(&format!("from content format 1 to {CONTENT_FORMAT}")),
        "{said}"
    );
    assert!(said.contains("changed site.yaml"), "{said}");
    let after = snapshot(&content);
    // Only site.yaml changed, by its one new line and its note; the rest is as it was.
    for (f, bytes) in &before {
        if f != "site.yaml" {
            assert_eq!(&after[f], bytes, "{f} should not change");
        }
    }
    let new_site = String::from_utf8(after["site.yaml"].clone()).unwrap();
    assert!(new_site.contains(&format!("\nformat: {CONTENT_FORMAT}\n")));
    let kept: Vec<&str> = new_site
        .lines()
        .filter(|l| !l.starts_with("format:") && !l.starts_with("# The content format"))
        .collect();
    assert_eq!(kept, old_site.lines().collect::<Vec<_>>());

    // Twice: nothing to do, nothing touched.
    let second = run(&["upgrade"], &content);
    assert!(second.status.success());
    assert!(text(&second.stdout).contains("nothing to change"));
    assert_eq!(snapshot(&content), after);

    let checked = run(&["check"], &content);
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    build_ok(&content, &tmp.path().join("site"));
}

#[test]
fn content_in_a_newer_format_says_to_update_signpost() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let site = content.join("site.yaml");
    let newer = CONTENT_FORMAT + 1;
    // A later format might bring fields this version has never heard of.
    let text_before = std::fs::read_to_string(&site).unwrap().replacen(
        "\nname: Marlbrook",
        &format!("\nformat: {newer}\nfuture_field: yes\nname: Marlbrook"),
        1,
    );
    std::fs::write(&site, &text_before).unwrap();

    let checked = run(&["check"], &content);
    assert_eq!(checked.status.code(), Some(1));
    let err = text(&checked.stderr);
    assert!(err.contains(&format!("written in format {newer}")), "{err}");
    assert!(err.contains("update signpost"), "{err}");
    assert!(err.contains("SIGNPOST_VERSION"), "{err}");
    assert!(
        err.contains("site.yaml:"),
        "the error points at the line: {err}"
    );
    assert!(
        !err.contains("future_field"),
        "only the format error is shown, not the noise of a format it does not know: {err}"
    );
    assert!(err.contains("1 error in 1 file"), "{err}");

    let out = tmp.path().join("site");
    let built = bin()
        .args(["build", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(1));
    assert!(!out.exists());

    let up = run(&["upgrade"], &content);
    assert_eq!(up.status.code(), Some(1));
    assert!(text(&up.stderr).contains("update signpost instead"));
    assert_eq!(std::fs::read_to_string(&site).unwrap(), text_before);
}

#[test]
fn a_format_that_is_not_a_number_is_an_error_with_an_example() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let site = content.join("site.yaml");
    let t = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("format: two\n{t}")).unwrap();
    let checked = run(&["check"], &content);
    assert_eq!(checked.status.code(), Some(1));
    let err = text(&checked.stderr);
    assert!(
        err.contains("the content format is a whole number"),
        "{err}"
    );
    assert!(err.contains("format: 2"), "the example: {err}");
    // upgrade does not guess either.
    let up = run(&["upgrade"], &content);
    assert_eq!(up.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&site).unwrap(),
        format!("format: two\n{t}")
    );
}

#[test]
fn upgrade_needs_a_content_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let up = run(&["upgrade"], tmp.path());
    assert_eq!(up.status.code(), Some(2));
    assert!(text(&up.stderr).contains("no site.yaml"));
}
