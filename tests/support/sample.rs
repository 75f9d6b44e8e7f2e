//! The sample site, built once per test binary, and reading its pages. Included with
//! `#[path = "support/sample.rs"] mod sample;` beside `mod cli;`.
#![allow(dead_code)] // each test file uses its own share of these

use scraper::{Html, Selector};
use std::path::Path;
use std::sync::OnceLock;

/// The sample, built once (today 2026-11-24) for every test that only reads it.
pub fn built() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            super::cli::build_ok(&super::cli::repo().join("content"), &out);
            (dir, out)
        })
        .1
}

/// A page of the built sample, by its path under the site.
pub fn page(rel: &str) -> Html {
    let path = built().join(rel);
    Html::parse_document(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

/// The text of every element matching `s`, with its whitespace made single spaces.
pub fn texts(doc: &Html, s: &str) -> Vec<String> {
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
