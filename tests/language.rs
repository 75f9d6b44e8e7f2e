//! A site in another language (`language: cy` in site.yaml): the theme's messages/cy.yaml
//! words the pages, in the templates and in Rust alike, and every key it leaves out reads in
//! English. (A test file of its own: the build's catalogue is process-wide.)

use std::path::Path;

#[path = "support/cli.rs"]
mod cli;
use cli::{build_ok, copy_dir, repo};

/// A copy of the sample content set to Welsh with the theme `welsh`, whose catalogue words
/// three messages: one a template shows, one Rust words a page title with, one a value's name.
fn welsh_sample(dir: &Path) -> std::path::PathBuf {
    let content = dir.join("content");
    copy_dir(&repo().join("content"), &content);
    let site = content.join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    assert!(text.contains("\ntheme: default\n") && text.contains("\nlanguage: en\n"));
    let text = text
        .replace("\ntheme: default\n", "\ntheme: welsh\n")
        .replace("\nlanguage: en\n", "\nlanguage: cy\n");
    std::fs::write(&site, text).unwrap();
    let messages = dir.join("themes/welsh/messages");
    std::fs::create_dir_all(&messages).unwrap();
    std::fs::write(
        messages.join("cy.yaml"),
        "nav:\n  needs: Dod o hyd i help yn ôl angen\nneeds:\n  title: Help yn ôl angen\nvalues:\n  accessibility:\n    step-free-access: Mynediad heb risiau\n",
    )
    .unwrap();
    content
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

#[test]
fn a_site_in_welsh_shows_the_themes_welsh_and_english_for_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let content = welsh_sample(dir.path());
    let out = dir.path().join("out");
    build_ok(&content, &out);

    let home = read(&out, "index.html");
    assert!(home.contains("<html lang=\"cy\">"), "the page's language");
    // A template's message, from the theme's cy.yaml.
    assert!(home.contains("Dod o hyd i help yn ôl angen"));
    // Keys cy.yaml leaves out read in English.
    assert!(home.contains("Family hubs"));

    // A page title worded in Rust.
    let needs = read(&out, "needs/index.html");
    assert!(
        needs.contains("<title>Help yn ôl angen – "),
        "the needs page's title comes from the catalogue"
    );

    // A value's name (an accessibility code of the content).
    let service = read(&out, "services/wellbeing-and-confidence-course/index.html");
    assert!(service.contains("Mynediad heb risiau"));
    assert!(!service.contains("Step-free access"));
}

#[test]
fn signpost_serve_rebuilds_a_welsh_site_in_welsh() {
    use signpost::serve::{self, Event, Options};
    use std::sync::{Mutex, mpsc};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let content = welsh_sample(dir.path());
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let h = serve::start(
        Options {
            content: content.clone(),
            output: Some(dir.path().join("site")),
            port: 0,
            netlify_toml: Some(repo().join("netlify.toml")),
        },
        Box::new(move |ev| {
            if let Event::Built { .. } | Event::Failed { .. } = ev {
                let _ = tx.lock().unwrap().send(matches!(ev, Event::Built { .. }));
            }
        }),
    )
    .expect("the server starts");
    assert!(rx.recv().unwrap(), "the first build failed");

    // An edited service is re-rendered on its own, with the theme the site's language chose.
    let file = content.join("services/wellbeing-and-confidence-course.md");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "name: Wellbeing and confidence course for parents",
        "name: Cwrs lles i rieni",
    );
    std::fs::write(&file, text).unwrap();
    let page = h
        .output
        .join("services/wellbeing-and-confidence-course/index.html");
    let start = Instant::now();
    while !std::fs::read_to_string(&page).is_ok_and(|p| p.contains("Cwrs lles i rieni")) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the edit did not reach the page"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<html lang=\"cy\">"));
    assert!(html.contains("Dod o hyd i help yn ôl angen"));
    assert!(html.contains("Mynediad heb risiau"));
    h.stop();
}
