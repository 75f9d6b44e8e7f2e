//! Fuzzes the front-matter splitter, the YAML reader and every listing parser, then the
//! cross-file checks, the diagnostic printer and, when the file is accepted, the pages it
//! appears on.
//!
//! Input: one byte choosing the kind of file, then the file's bytes. The file joins the
//! sample borough (everything but its services, loaded once), so references to real
//! organisations, venues and needs resolve and accepted listings get rendered.
//!
//! Properties: nothing panics or hangs; every diagnostic has a 1-based position inside the
//! file; rendered pages pass the same parsed-HTML safety check as tests/hostile.rs; page
//! paths never leave the output folder.

#![no_main]

use libfuzzer_sys::fuzz_target;
use signpost::content::diagnostics::{self, Format, Severity};
use signpost::content::load::{self, RawFile};
use signpost::content::model::Content;
use signpost::content::validate;
use signpost::render::pages::{Job, Shared};
use signpost::render::templates::{self, Theme};
use std::path::{Component, Path};
use std::sync::OnceLock;

#[path = "../../tests/support/html_safety.rs"]
mod html_safety;

const KINDS: &[&str] = &[
    "services/fuzzed.md",
    "organisations/fuzzed.md",
    "venues/fuzzed.md",
    "hubs/fuzzed.md",
    "localities/fuzzed.md",
    "site.yaml",
    "needs.yaml",
];

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 24)
}

/// The sample borough without its services.
fn base() -> &'static (Content, Vec<RawFile>) {
    static BASE: OnceLock<(Content, Vec<RawFile>)> = OnceLock::new();
    BASE.get_or_init(|| {
        let files: Vec<RawFile> = load::embedded_files()
            .into_iter()
            .filter(|f| !f.rel.starts_with("services/"))
            .collect();
        let loaded = load::load(files.clone(), today());
        assert!(
            loaded
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error),
            "the sample borough should load cleanly"
        );
        (loaded.content, files)
    })
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| templates::load(None).expect("the default theme loads"))
}

fn clone_content(c: &Content) -> Content {
    Content {
        site: c.site.clone(),
        categories: c.categories.clone(),
        needs: c.needs.clone(),
        localities: c.localities.clone(),
        hubs: c.hubs.clone(),
        venues: c.venues.clone(),
        organisations: c.organisations.clone(),
        services: c.services.clone(),
        failed: c.failed.clone(),
        has_site_file: c.has_site_file,
        has_needs_file: c.has_needs_file,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let rel = KINDS[pick as usize % KINDS.len()];
    let (base, base_files) = base();
    let loaded = load::load(
        vec![RawFile {
            rel: rel.to_string(),
            bytes: bytes.to_vec(),
            problem: None,
        }],
        today(),
    );
    let mut content = clone_content(base);
    let f = loaded.content;
    match rel {
        "site.yaml" => content.site = f.site,
        "needs.yaml" => {
            content.categories = f.categories;
            content.needs = f.needs;
        }
        _ => {
            content.services.extend(f.services);
            content.organisations.extend(f.organisations);
            content.venues.extend(f.venues);
            content.hubs.extend(f.hubs);
            content.localities.extend(f.localities);
            content.failed.extend(f.failed);
        }
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut diags = loaded.diagnostics;
    let mut later = validate::validate(&content, today());
    // Cross-file problems in the fuzzed file are located in it, as `check` does.
    let (mine, others): (Vec<_>, Vec<_>) = later.drain(..).partition(|d| d.file == rel);
    let mut mine = mine;
    let yaml = if rel.ends_with(".md") {
        text.strip_prefix("---\n")
            .and_then(|t| t.split("\n---").next())
            .unwrap_or(&text)
    } else {
        &text
    };
    diagnostics::locate(&mut mine, Some(yaml), usize::from(rel.ends_with(".md")));
    diags.extend(mine);
    let lines = text.lines().count().max(1);
    for d in &diags {
        assert!(d.line >= 1 && d.column >= 1, "unplaced diagnostic: {d:?}");
        if d.file == rel {
            assert!(
                d.line <= lines + 1,
                "diagnostic on line {} of a {lines}-line file: {d:?}",
                d.line
            );
        }
        for format in [Format::Human, Format::Github] {
            for color in [false, true] {
                let out =
                    diagnostics::render(d, &format!("content/{rel}"), Some(&text), format, color);
                assert!(!out.is_empty());
            }
        }
    }
    // Problems the fuzzed file causes elsewhere (a broken needs.yaml makes hubs' needs
    // unknown, for instance) are located in those files.
    for mut d in others {
        let src = base_files
            .iter()
            .find(|f| f.rel == d.file)
            .and_then(|f| std::str::from_utf8(&f.bytes).ok());
        diagnostics::locate(std::slice::from_mut(&mut d), src, 0);
        diagnostics::render(&d, &d.file, src, Format::Human, false);
        diags.push(d);
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    let Some(site) = signpost::site::Site::build(content, today()) else {
        return;
    };
    let theme = theme();
    let shared = Shared::new(&site, theme);
    let mut jobs = vec![Job::Home, Job::Accessibility];
    match rel {
        "needs.yaml" => {
            jobs.push(Job::NeedsIndex);
            jobs.extend((0..site.needs.len().min(3)).map(|i| Job::Need(i, 1)));
        }
        "services/fuzzed.md" => {
            jobs.extend((0..site.services.len()).map(Job::Service));
            if let Some(oi) = site
                .organisations
                .iter()
                .position(|o| o.id == site.services[0].organisation)
            {
                jobs.push(Job::Organisation(oi, 1));
            }
        }
        "organisations/fuzzed.md" => {
            jobs.extend(
                site.organisations
                    .iter()
                    .position(|o| o.id == "fuzzed")
                    .map(|i| Job::Organisation(i, 1)),
            );
            jobs.push(Job::OrganisationsIndex);
        }
        "venues/fuzzed.md" => jobs.extend(
            site.venues
                .iter()
                .position(|v| v.id == "fuzzed")
                .map(Job::Venue),
        ),
        "hubs/fuzzed.md" => {
            jobs.extend(
                site.hubs
                    .iter()
                    .position(|h| h.id == "fuzzed")
                    .map(|i| Job::Hub(i, 1)),
            );
            jobs.push(Job::HubsIndex);
        }
        "localities/fuzzed.md" => {
            jobs.extend(
                site.localities
                    .iter()
                    .position(|l| l.id == "fuzzed")
                    .map(|i| Job::Locality(i, 1)),
            );
            jobs.push(Job::LocalitiesIndex);
        }
        _ => {}
    }
    for job in jobs {
        let pages = shared
            .render(theme, job)
            .unwrap_or_else(|e| panic!("accepted content failed to render {job:?}: {e}"));
        for (path, html) in pages {
            assert!(
                !path.is_empty()
                    && Path::new(&path)
                        .components()
                        .all(|c| matches!(c, Component::Normal(_))),
                "page path leaves the output folder: {path}"
            );
            let problems = html_safety::problems(&html);
            assert!(problems.is_empty(), "{path} is unsafe: {problems:?}");
        }
    }
});
