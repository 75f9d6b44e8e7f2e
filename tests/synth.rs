//! The synthetic directory generator writes content that passes `check` and builds, so the
//! benchmarks built on it measure real work.

use std::process::Command;

#[test]
fn a_generated_directory_is_valid_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let shape = signpost::synth::generate(&content, 600, 7).unwrap();
    assert_eq!(shape.services, 600);
    let count = |d: &str| std::fs::read_dir(content.join(d)).unwrap().count();
    assert_eq!(count("services"), 600);
    assert_eq!(count("organisations"), shape.organisations);

    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_signpost"))
            .args(args)
            .arg("--content")
            .arg(&content)
            .env("SIGNPOST_TODAY", "2026-11-24")
            .output()
            .unwrap()
    };
    let check = run(&["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        check.status.success(),
        "generated content has errors: {stderr}"
    );
    // Some listings are past their review date, as in a real directory, but most are not.
    let stale = stderr.matches("more than 12 months ago").count();
    assert!(
        stale > 30 && stale < 300,
        "{stale} stale listings out of 600"
    );

    let out = dir.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(["build", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .env("SIGNPOST_TODAY", "2026-11-24")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let service_pages = std::fs::read_dir(out.join("services"))
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name().to_string_lossy().starts_with("service-")
                && e.path().join("index.html").exists()
        })
        .count();
    assert_eq!(service_pages, 600, "a page for every generated service");
}

#[test]
fn the_same_seed_gives_the_same_directory() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    signpost::synth::generate(a.path(), 50, 3).unwrap();
    signpost::synth::generate(b.path(), 50, 3).unwrap();
    for f in [
        "services/service-17.md",
        "venues/venue-1.md",
        "organisations/org-2.md",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f}"
        );
    }
}
