//! The message catalogue (themes/default/messages/en.yaml) against its users: every key the
//! templates, the Rust code and the scripts use is defined, and every key defined is used.

use signpost::render::messages::{Messages, SCRIPTS_SECTION};
use signpost::render::script_data::messages_script;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Each `needle"key"` (the quote after the needle) in `text`: (key, line).
fn quoted_after(text: &str, needle: &str, quote: char) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle).map(|i| from + i) {
        let start = i + needle.len();
        if let Some(len) = text[start..].find(quote) {
            out.push((text[start..start + len].to_string(), line_of(text, i)));
        }
        from = start;
    }
    out
}

/// Each `call(` followed (after any spaces and line breaks) by a string literal, as the
/// Rust API is called: `m.text("key", ...)`, `m.count(\n    "key", ...)`.
fn rust_keys(text: &str, call: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(call).map(|i| from + i) {
        from = i + call.len();
        let rest = text[from..].trim_start();
        if let Some((lit, _)) = rest.strip_prefix('"').and_then(|r| r.split_once('"')) {
            out.push((lit.to_string(), line_of(text, i)));
        }
    }
    out
}

/// The keys in each `t(...)` call of a script: every quoted string in its first argument,
/// so `t(hub ? 'when.opens' : 'when.next_session', ...)` names both.
fn script_keys(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("t(").map(|i| from + i) {
        from = i + 2;
        let before = if i == 0 { b' ' } else { bytes[i - 1] };
        if before.is_ascii_alphanumeric() || before == b'_' || before == b'.' {
            continue;
        }
        // The first argument: up to a comma or the closing bracket at depth 0.
        let mut depth = 0i32;
        let mut quote = None;
        let mut end = text.len();
        for (j, c) in text[from..].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '(' | '[' | '{') => depth += 1,
                (None, ')' | ']' | '}') if depth == 0 => {
                    end = from + j;
                    break;
                }
                (None, ')' | ']' | '}') => depth -= 1,
                (None, ',') if depth == 0 => {
                    end = from + j;
                    break;
                }
                _ => {}
            }
        }
        // Keys are dotted (or `locale`); other strings there are compared values
        // (`off === 'bank' ? ...`).
        for (k, _) in quoted_after(&text[from..end], "'", '\'')
            .into_iter()
            .step_by(2)
            .filter(|(k, _)| k == "locale" || (k.contains('.') && !k.contains(' ')))
        {
            out.push((k, line_of(text, i)));
        }
    }
    out
}

/// Where each key is used: key -> ["file:line", ...].
type Uses = BTreeMap<String, Vec<String>>;

fn add(uses: &mut Uses, file: &Path, found: Vec<(String, usize)>) {
    let name = file
        .strip_prefix(repo())
        .unwrap_or(file)
        .display()
        .to_string();
    for (key, line) in found {
        uses.entry(key).or_default().push(format!("{name}:{line}"));
    }
}

fn uses() -> (Uses, Uses) {
    let mut pages = Uses::new();
    for f in files(&repo().join("themes/default/templates"), "html") {
        let text = std::fs::read_to_string(&f).unwrap();
        add(&mut pages, &f, quoted_after(&text, "t(key=\"", '"'));
    }
    for f in files(&repo().join("src"), "rs") {
        // Its unit tests use a catalogue of their own.
        if f.ends_with("render/messages.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let mut found = rust_keys(&text, ".text(");
        found.extend(rust_keys(&text, ".count("));
        add(&mut pages, &f, found);
    }
    // The names of the codes in fixed value lists are looked up by list and code
    // (`model::value_name`): each one is used wherever the code is shown.
    for (list, codes) in signpost::content::model::NAMED_VALUES {
        for code in *codes {
            pages
                .entry(signpost::content::model::value_key(list, code))
                .or_default()
                .push(format!("src/content/model.rs NAMED_VALUES ({list})"));
        }
    }
    // Childcare's named values (`content::childcare::value_name`), the same way.
    for (list, codes) in signpost::content::childcare::NAMED {
        for code in *codes {
            pages
                .entry(format!("{list}.{code}"))
                .or_default()
                .push(format!("src/content/childcare.rs NAMED ({list})"));
        }
    }
    // The Local Offer's named values (`content::local_offer::name`), the same way.
    for (list, codes) in signpost::content::local_offer::NAMED {
        for code in *codes {
            pages
                .entry(format!("{list}.{code}"))
                .or_default()
                .push(format!("src/content/local_offer.rs NAMED ({list})"));
        }
    }
    let mut scripts = Uses::new();
    for f in files(&repo().join("themes/default/static"), "js") {
        let text = std::fs::read_to_string(&f).unwrap();
        add(&mut scripts, &f, script_keys(&text));
    }
    (pages, scripts)
}

#[test]
fn every_message_used_is_defined_and_every_message_defined_is_used() {
    let m = Messages::built_in("en").expect("themes/default/messages/en.yaml loads");
    let (pages, scripts) = uses();
    let mut problems = Vec::new();
    for (key, at) in &pages {
        if !m.has(key) {
            problems.push(format!(
                "`{key}` is used at {} but themes/default/messages/en.yaml does not define it",
                at.join(", ")
            ));
        }
        if key.starts_with(SCRIPTS_SECTION) {
            problems.push(format!(
                "`{key}` (used at {}) is under `scripts:`, which only the scripts read",
                at.join(", ")
            ));
        }
    }
    for (key, at) in &scripts {
        if !m.has(&format!("{SCRIPTS_SECTION}{key}")) {
            problems.push(format!(
                "the script message `{key}` is used at {} but themes/default/messages/en.yaml does not define scripts.{key}",
                at.join(", ")
            ));
        }
    }
    for key in m.keys() {
        let used = match key.strip_prefix(SCRIPTS_SECTION) {
            Some(k) => scripts.contains_key(k),
            None => pages.contains_key(key),
        };
        if !used {
            problems.push(format!(
                "`{key}` is defined in themes/default/messages/en.yaml but nothing uses it: remove it, or use it{}",
                if key.starts_with(SCRIPTS_SECTION) {
                    " in a script (every scripts. key is sent with every page)"
                } else {
                    ""
                }
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    assert!(
        pages.len() > 300,
        "the scan found only {} keys",
        pages.len()
    );
    assert!(
        scripts.len() > 40,
        "the scan found only {} script keys",
        scripts.len()
    );
}

#[test]
fn only_the_scripts_wording_goes_to_the_scripts() {
    let m = Messages::built_in("en").unwrap();
    let words = m.for_scripts();
    assert!(words.keys().all(|k| !k.starts_with(SCRIPTS_SECTION)));
    assert_eq!(words["list.add"], "Add to my list");
    assert!(!words.contains_key("nav.needs"));
    // Published once as the messages.js asset, not in every page.
    let js = String::from_utf8(messages_script(&m)).unwrap();
    assert!(js.starts_with(r#"window.signpostMessages={"#), "{js}");
    assert!(!js.contains('<'));
    let theme = signpost::render::templates::load(None).unwrap();
    assert_eq!(theme.assets["messages.js"].bytes, messages_script(&m));
}

#[test]
fn a_site_theme_replaces_the_keys_it_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("messages")).unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("messages/en.yaml"),
        "nav:\n  needs: Help by need\ncommon:\n  services:\n    one: one thing\n    other: \"{count} things\"\nscripts:\n  list:\n    add: Save\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("templates/probe.html"),
        r#"{{ t(key="nav.needs") }}|{{ t(key="common.services", count=2) }}|{{ t(key="card.ages") }}"#,
    )
    .unwrap();
    let theme = signpost::render::templates::load(Some(dir.path())).unwrap();
    let out = theme
        .tera
        .render("probe.html", &tera::Context::new())
        .unwrap();
    assert_eq!(out, "Help by need|2 things|Ages");
    assert_eq!(theme.messages.for_scripts()["list.add"], "Save");
    assert_eq!(theme.messages.text("card.cost", &[]), "Cost");
}

#[test]
fn a_template_naming_an_undefined_message_fails_to_load_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/probe.html"),
        r#"<p>{{ t(key="nav.nedds") }}</p>"#,
    )
    .unwrap();
    let err = signpost::render::templates::load(Some(dir.path()))
        .err()
        .expect("an undefined key fails");
    assert!(
        err.0.contains("probe.html") && err.0.contains("`nav.nedds`"),
        "{}",
        err.0
    );
}

#[test]
fn a_broken_messages_file_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("messages")).unwrap();
    std::fs::write(
        dir.path().join("messages/en.yaml"),
        "nav:\n  needs: [oops\n",
    )
    .unwrap();
    let err = signpost::render::templates::load(Some(dir.path()))
        .err()
        .expect("broken YAML fails");
    assert!(err.0.contains("en.yaml:"), "{}", err.0);
}

#[test]
fn the_key_scan_reads_ternaries_in_scripts() {
    let keys: BTreeSet<String> =
        script_keys("say(t(a ? 'x.one' : 'x.two', { n: f('no') })); at(1)")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
    assert_eq!(keys, BTreeSet::from(["x.one".into(), "x.two".into()]));
}

#[test]
fn an_expanded_call_and_the_function_word_a_message_the_same() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    // The first is expanded when the theme loads; the filter keeps the second a call.
    std::fs::write(
        dir.path().join("templates/probe.html"),
        r#"{{ t(key="service.covers", who=w) }}|{{ t(key="service.covers", who=w) | safe }}|{{ t(key="need.none_html", needs_url=u) }}|{{ t(key="need.none_html", needs_url=u) | safe }}"#,
    )
    .unwrap();
    let theme = signpost::render::templates::load(Some(dir.path())).unwrap();
    let mut ctx = tera::Context::new();
    ctx.insert("w", "Tom & Jo's families");
    ctx.insert("u", "/needs/?a=1&b=\"2\"");
    let out = theme.tera.render("probe.html", &ctx).unwrap();
    let parts: Vec<&str> = out.split('|').collect();
    assert_eq!(
        parts[0],
        "Tom &amp; Jo&#39;s families can use this service."
    );
    assert_eq!(parts[0], parts[1]);
    assert!(
        parts[2].contains(r#"<a href="/needs/?a=1&amp;b=&quot;2&quot;">"#),
        "{}",
        parts[2]
    );
    assert_eq!(parts[2], parts[3]);
}
