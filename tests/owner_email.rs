//! `owner_email`, the private address of whoever keeps a listing up to date: read and
//! checked like any email, used for review reminders, and never published. The sample
//! borough has some; the built site (pages, open data, CSV, search index, JSON-LD, My list
//! data) must not contain any of them, in any encoding a page could use.

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};
use std::io::Read;
use std::path::Path;

/// Every `owner_email:` value written in the sample's services and organisations.
fn owner_emails(content: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for folder in ["services", "organisations"] {
        for e in std::fs::read_dir(content.join(folder)).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some(v) = line.strip_prefix("owner_email:") {
                    found.push(v.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    found.sort();
    found
}

/// Every file under `dir`, as text; gzipped files (the search index) decompressed first.
fn every_file(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let path = e.path();
        if e.file_type().unwrap().is_dir() {
            every_file(&path, out);
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut plain = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut plain)
                .unwrap();
            plain
        } else {
            bytes
        };
        out.push((
            path.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
}

#[test]
fn no_built_file_contains_an_owner_email() {
    let content = repo().join("content");
    let emails = owner_emails(&content);
    assert!(
        emails.len() >= 3,
        "the sample should have owner emails on services and organisations: {emails:?}"
    );
    let out = tempfile::tempdir().unwrap();
    build_ok(&content, out.path());
    let mut files = Vec::new();
    every_file(out.path(), &mut files);
    assert!(files.len() > 500, "only {} files built", files.len());
    // The public contact emails of the same listings are published, so the test would see
    // an address if one were leaked the same way.
    assert!(
        files
            .iter()
            .any(|(_, t)| t.contains("hello@dadstogether.example")),
        "the organisation's public email should be on its page"
    );
    for email in &emails {
        // The local part alone catches an address written with an entity for "@".
        let local = email.split('@').next().unwrap();
        for (path, text) in &files {
            assert!(
                !text.contains(email.as_str()) && !text.contains(local),
                "{path} contains the private owner email {email}"
            );
        }
    }
}

#[test]
fn a_bad_owner_email_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let file = content.join("services/brookside-baby-bank.md");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "owner_email: volunteer-coordinator@brooksidebabybank.example",
        "owner_email: volunteer coordinator",
    );
    std::fs::write(&file, text).unwrap();
    let run = bin()
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.contains("brookside-baby-bank.md:29")
            && all.contains("`volunteer coordinator` is not an email address"),
        "{all}"
    );
}
