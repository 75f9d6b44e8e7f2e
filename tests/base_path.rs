//! A site published under a sub-path (`base_path: /families/` in site.yaml): every address
//! the output gives (links, forms, scripts, styles, the search files it preloads, the open
//! data and JSON-LD addresses, the sitemap and robots.txt) names a file of the output when
//! the output folder is served at /families/.

use scraper::{Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};

const ORIGIN: &str = "https://marlbrook-families.netlify.app";
const BASE: &str = "/families/";

/// A copy of the sample content with `extra` added to site.yaml.
fn sample_with(dir: &Path, extra: &str) -> std::path::PathBuf {
    let content = dir.join("content");
    copy_dir(&repo().join("content"), &content);
    let site = content.join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}{extra}")).unwrap();
    content
}

/// Every string inside a JSON value.
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// The output file an address of this site names, or why it names none. `address` is a
/// path ("/families/needs/") or a full address on the site's origin.
fn resolve(out: &Path, address: &str) -> Result<(), String> {
    let path = address.strip_prefix(ORIGIN).unwrap_or(address);
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let Some(rel) = path.strip_prefix(BASE) else {
        return Err("is outside /families/".into());
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if out.join(&file).is_file() {
        Ok(())
    } else {
        Err(format!("names {file}, which the build did not make"))
    }
}

/// Addresses of this site in a string taken from the output: a path from the root, or a
/// full address on the site's origin. Relative ones would resolve against the page, and the
/// site has none; `#` links, other sites, mailto: and tel: are not this site's files.
fn is_ours(s: &str) -> bool {
    (s.starts_with('/') && !s.starts_with("//")) || s.starts_with(ORIGIN)
}

#[test]
fn a_site_under_a_sub_path_links_only_to_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let content = sample_with(dir.path(), "base_path: /families/\n");
    let out = dir.path().join("public");
    build_ok(&content, &out);

    let attrs = Selector::parse("[href], [src], [action]").unwrap();
    let json_blocks =
        Selector::parse("script[type='application/json'], script[type='application/ld+json']")
            .unwrap();
    let mut bad = BTreeSet::new();
    let mut checked = 0;
    let mut check = |from: &str, address: &str, bad: &mut BTreeSet<String>| {
        if is_ours(address) {
            checked += 1;
            if let Err(why) = resolve(&out, address) {
                bad.insert(format!("{from}: {address} {why}"));
            }
        }
    };
    let files: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let mut data_block = None;
    for path in &files {
        let rel = path
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "html" => {
                let doc = Html::parse_document(&std::fs::read_to_string(path).unwrap());
                for el in doc.select(&attrs) {
                    for name in ["href", "src", "action"] {
                        if let Some(v) = el.value().attr(name) {
                            check(&rel, v, &mut bad);
                        }
                    }
                }
                for el in doc.select(&json_blocks) {
                    let text: String = el.text().collect();
                    let v: serde_json::Value = serde_json::from_str(&text)
                        .unwrap_or_else(|e| panic!("{rel}: a JSON block does not parse: {e}"));
                    if el.value().attr("id") == Some("signpost-data") {
                        data_block = Some(v.clone());
                    }
                    let mut strings = Vec::new();
                    json_strings(&v, &mut strings);
                    strings.iter().for_each(|s| check(&rel, s, &mut bad));
                }
            }
            "json" => {
                let v: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
                let mut strings = Vec::new();
                json_strings(&v, &mut strings);
                strings.iter().for_each(|s| check(&rel, s, &mut bad));
            }
            // The sitemap's and robots.txt's full addresses (their other words are markup).
            "xml" | "txt" => {
                let text = std::fs::read_to_string(path).unwrap();
                for word in text.split(['<', '>', ' ', '\n']) {
                    if word.starts_with(ORIGIN) {
                        check(&rel, word, &mut bad);
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        bad.is_empty(),
        "{} addresses do not resolve under /families/:\n  {}",
        bad.len(),
        bad.into_iter().take(40).collect::<Vec<_>>().join("\n  ")
    );
    assert!(checked > 10_000, "only {checked} addresses were checked");
    // The scripts are told the root they make addresses from.
    assert_eq!(
        data_block.expect("pages carry the signpost-data block")["base"],
        BASE
    );
    // The sitemap lists the pages at their full addresses under the sub-path.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!("<loc>{ORIGIN}/families/needs/</loc>")));
    assert!(sitemap.contains(&format!("<loc>{ORIGIN}/families/</loc>")));
}

#[test]
fn a_base_path_must_start_and_end_with_a_slash() {
    let dir = tempfile::tempdir().unwrap();
    let content = sample_with(dir.path(), "base_path: families\n");
    let run = bin()
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{text}");
    assert!(text.contains("site.yaml"), "{text}");
    assert!(
        text.contains("a base path starts and ends with `/`"),
        "{text}"
    );
    assert!(text.contains("base_path: /families/"), "{text}");
}
