//! The browser's search engine (search-engine.js, run in Node) must rank exactly as tantivy does
//! through `signpost search`: same top 10, same scores to the last bit of an f32.

use signpost::content::load::Source;
use std::path::Path;
use std::process::Command;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 24)
}

fn queries() -> Vec<String> {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/queries.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn node(args: &[&str]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/engine.cjs");
    let out = Command::new("node")
        .arg(script)
        .args(args)
        .output()
        .expect("node is needed for the browser engine tests");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn sample_site(dir: &Path) -> Source {
    let source = Source::Dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let checked = signpost::check_content(&source, today()).unwrap();
    assert!(
        signpost::build(checked, &source, dir, today(), false).is_ok(),
        "the sample builds"
    );
    source
}

fn compare(site: &Path, source: &Source, queries: &[String]) {
    let (_, index, lex) = signpost::search_index(source, today()).unwrap();
    let qfile = site.join("queries.json");
    std::fs::write(&qfile, serde_json::to_vec(queries).unwrap()).unwrap();
    let browser = node(&[
        "search",
        site.join("search").to_str().unwrap(),
        qfile.to_str().unwrap(),
    ]);
    // One answer per query: a browser engine that answers nothing must not pass by
    // comparing nothing.
    let answers = browser
        .as_array()
        .expect("the browser engine prints a list");
    assert_eq!(
        answers.len(),
        queries.len(),
        "the browser engine answered {} of {} queries",
        answers.len(),
        queries.len()
    );
    let mut differences = Vec::new();
    let mut found = 0;
    for (q, b) in queries.iter().zip(answers) {
        let plan = signpost::search::plan(q, false, &lex);
        let result = index.find(&plan).unwrap();
        let hits = &result.hits;
        // The honest count: both engines find the same number of services, and agree on
        // whether they fell back to a partial match.
        if b["total"].as_u64() != Some(hits.len() as u64)
            || b["partial"].as_bool() != Some(result.partial)
        {
            differences.push(format!(
                "{q:?}: tantivy finds {} (partial {}), the browser {} (partial {})",
                hits.len(),
                result.partial,
                b["total"],
                b["partial"]
            ));
        }
        let native: Vec<(String, f32)> = hits
            .iter()
            .take(10)
            .map(|h| (h.id.clone(), h.score))
            .collect();
        let ids = b["ids"].as_array().expect("ids");
        let scores = b["scores"].as_array().expect("scores");
        assert_eq!(
            ids.len(),
            scores.len(),
            "{q:?}: the browser gave {} ids and {} scores",
            ids.len(),
            scores.len()
        );
        if !native.is_empty() {
            found += 1;
            if ids.is_empty() {
                differences.push(format!(
                    "{q:?}: tantivy finds {} services (top {:?}), the browser engine none",
                    hits.len(),
                    native[0].0
                ));
                continue;
            }
        }
        let js: Vec<(String, f32)> = ids
            .iter()
            .zip(scores)
            .map(|(i, s)| (i.as_str().unwrap().to_string(), s.as_f64().unwrap() as f32))
            .collect();
        if native.len() != js.len() {
            differences.push(format!(
                "{q:?}: tantivy's top has {} services, the browser's {}:\n  tantivy {native:?}\n  browser {js:?}",
                native.len(),
                js.len()
            ));
        } else if native != js {
            differences.push(format!("{q:?}:\n  tantivy {native:?}\n  browser {js:?}"));
        }
        let needs: Vec<u64> = plan.needs.iter().map(|&n| n as u64).collect();
        let js_needs: Vec<u64> = b["needs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect();
        if needs != js_needs {
            differences.push(format!("{q:?}: needs {needs:?} vs browser {js_needs:?}"));
        }
    }
    assert!(
        found > 0,
        "tantivy finds nothing for any of the {} queries, so nothing was compared",
        queries.len()
    );
    assert!(
        differences.is_empty(),
        "{} of {} queries differ:\n{}",
        differences.len(),
        queries.len(),
        differences.join("\n")
    );
}

#[test]
fn browser_and_tantivy_agree_on_the_query_set() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let source = sample_site(&site);
    let qs = queries();
    assert!(qs.len() >= 40, "at least 40 realistic queries");
    compare(&site, &source, &qs);
}

#[test]
fn browser_and_tantivy_agree_on_misspellings() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let source = sample_site(&site);
    let typos: Vec<String> = [
        "bereavment",
        "autsim",
        "breastfeding",
        "depresion",
        "childcaer",
        "parnting course",
        "speach and langauge",
        "domestc abuse",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    compare(&site, &source, &typos);
}

#[test]
fn the_browser_stems_words_as_tantivy_does() {
    // Every word of the sample content, plus words that exercise each rule of the stemmer.
    let mut words: std::collections::BTreeSet<String> = [
        "caresses",
        "ponies",
        "ties",
        "cats",
        "gas",
        "gaps",
        "kiwis",
        "feed",
        "agreed",
        "plastered",
        "bled",
        "motoring",
        "sing",
        "conflated",
        "troubled",
        "sized",
        "hopping",
        "tanned",
        "falling",
        "hissing",
        "fizzed",
        "failing",
        "filing",
        "happy",
        "sky",
        "cry",
        "relational",
        "conditional",
        "rational",
        "valenci",
        "hesitanci",
        "digitizer",
        "conformabli",
        "radicalli",
        "differentli",
        "vileli",
        "analogousli",
        "vietnamization",
        "predication",
        "operator",
        "feudalism",
        "decisiveness",
        "hopefulness",
        "callousness",
        "formaliti",
        "sensitiviti",
        "sensibiliti",
        "triplicate",
        "formative",
        "formalize",
        "electriciti",
        "electrical",
        "hopeful",
        "goodness",
        "revival",
        "allowance",
        "inference",
        "airliner",
        "gyroscopic",
        "adjustable",
        "defensible",
        "irritant",
        "replacement",
        "adjustment",
        "dependent",
        "adoption",
        "homologou",
        "communism",
        "activate",
        "angulariti",
        "homologous",
        "effective",
        "bowdlerize",
        "probate",
        "rate",
        "cease",
        "controll",
        "roll",
        "generously",
        "communities",
        "arsenal",
        "dying",
        "skies",
        "news",
        "proceed",
        "succeeding",
        "inning",
        "yelling",
        "enjoying",
        "played",
        "toy",
        "youth",
        "mental",
        "families",
        "crying",
        "babies",
        "bereavement",
        "breastfeeding",
        "postnatal",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for w in text.split(|c: char| !c.is_alphanumeric()) {
                let w = w.to_lowercase();
                if w.is_ascii() && !w.is_empty() {
                    words.insert(w);
                }
            }
        }
    }
    let words: Vec<String> = words.into_iter().collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("words.json");
    std::fs::write(&file, serde_json::to_vec(&words).unwrap()).unwrap();
    let js = node(&["stem", file.to_str().unwrap()]);
    let stems = js.as_array().expect("the browser engine prints a list");
    assert_eq!(
        stems.len(),
        words.len(),
        "the browser engine stemmed {} of {} words",
        stems.len(),
        words.len()
    );
    let mut wrong = Vec::new();
    for (w, j) in words.iter().zip(stems) {
        let native = signpost::search::words(w);
        let expected = native
            .first()
            .and_then(|x| x.term.clone())
            .unwrap_or_else(|| w.clone());
        if signpost::search::STOP_WORDS.contains(&w.as_str()) {
            continue;
        }
        if j.as_str() != Some(expected.as_str()) {
            wrong.push(format!("{w}: tantivy {expected}, browser {j}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} words stem differently:\n{}",
        wrong.len(),
        words.len(),
        wrong.join("\n")
    );
}

fn signpost(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(args)
        .env("SIGNPOST_TODAY", "2026-11-24")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn search_command_prints_results_as_text_and_json() {
    let o = signpost(&["search", "skint", "--json", "--limit", "3"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 3, "--limit is honoured");
    for h in hits {
        let keys: Vec<&String> = h.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "name", "score"]);
        assert!(h["score"].as_f64().unwrap() > 0.0);
    }
    // Money help for a parent who says they are skint.
    assert!(
        hits.iter().any(
            |h| h["name"].as_str().unwrap().to_lowercase().contains("money")
                || h["name"]
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .contains("benefits")
        ),
        "{hits:?}"
    );

    let o = signpost(&["search", "my baby won't stop crying"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Help with: Crying and sleep"), "{text}");
    assert!(text.contains("workshop"), "{text}");

    let o = signpost(&["search", "zzzzqqq"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("No services match"));

    let o = signpost(&["search", "debt", "--content", "/no/such/folder"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a missing folder is a usage error"
    );
}

/// Childcare providers are found by name, by type as parents say it and by area, and the
/// browser engine finds the same ones (its result rows link to the provider's page).
#[test]
fn childcare_providers_are_found_by_name_type_and_area() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let source = sample_site(&site);
    let (_, index, lex) = signpost::search_index(&source, today()).unwrap();
    // The providers' names and types, from the content.
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/childcare");
    let mut kinds = std::collections::HashMap::new();
    let mut names = Vec::new();
    for e in std::fs::read_dir(content).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let field = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{k}: ")))
                .unwrap()
                .trim_matches('"')
                .to_string()
        };
        let id = format!("childcare/{}", path.file_stem().unwrap().to_string_lossy());
        kinds.insert(id.clone(), field("type"));
        names.push((id, field("name")));
    }
    let top = |q: &str, n: usize| -> Vec<String> {
        let plan = signpost::search::plan(q, false, &lex);
        index
            .find(&plan)
            .unwrap()
            .hits
            .iter()
            .take(n)
            .map(|h| h.id.clone())
            .collect()
    };
    for (q, kind) in [
        ("childminder", "childminder"),
        ("breakfast club", "out-of-school"),
        ("nursery", "day-nursery"),
    ] {
        let hits = top(q, 3);
        assert!(
            hits.iter()
                .any(|h| kinds.get(h).map(String::as_str) == Some(kind)
                    || (kind == "day-nursery"
                        && kinds.get(h).is_some_and(|k| k.ends_with("nursery")))),
            "{q:?} finds no {kind} in its top 3: {hits:?}"
        );
    }
    let (id, name) = &names[0];
    assert_eq!(
        top(name, 1),
        std::slice::from_ref(id),
        "{name} is found by its name"
    );
    // By area: the first hits of "childminder western villages" are providers there.
    let area: Vec<String> = top("childminder western villages", 3);
    assert_eq!(area.len(), 3);
    for h in &area {
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .join(format!("{h}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("locality: western-villages"),
            "{h} is not in Western Villages"
        );
    }
    // The "Childcare and free hours" filter of the search page keeps the providers.
    let mut manifest = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(site.join("search/manifest.gz")).unwrap(),
        ),
        &mut manifest,
    )
    .unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    let need = manifest["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "need")
        .unwrap()["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v[0] == "childcare-and-early-education")
        .unwrap()
        .clone();
    assert!(
        need[2].as_u64().unwrap() as usize > names.len(),
        "the childcare need's filter counts its services and every provider: {need}"
    );
    // The browser engine agrees, and its rows carry the provider's id.
    compare(
        &site,
        &source,
        &[
            "childminder".into(),
            name.clone(),
            "childminder western villages".into(),
        ],
    );
}

// --- localoffer: the "SEND needs" filter

/// `signpost search --send` and the search page's "SEND needs" filter (the `send` facet,
/// applied to the browser engine's results as search.js does) keep the same services, in
/// the same order, with the same scores; and the filter narrows the results to services
/// whose Local Offer names the need.
#[test]
fn signpost_search_and_the_browser_filter_by_send_need_alike() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    sample_site(&site);
    let queries: Vec<String> = [
        "club",
        "support for parents",
        "speech therapy",
        "travel to school",
        "short breaks",
        "autism",
        "help with benefits",
        "young people",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let qfile = site.join("queries.json");
    std::fs::write(&qfile, serde_json::to_vec(&queries).unwrap()).unwrap();
    let mut narrowed = 0;
    for needs in [
        vec!["autism"],
        vec!["physical", "hearing"],
        vec!["downs-syndrome"],
    ] {
        let filter = format!("send={}", needs.join(","));
        let browser = node(&[
            "search",
            site.join("search").to_str().unwrap(),
            qfile.to_str().unwrap(),
            "1000",
            &filter,
        ]);
        let unfiltered = node(&[
            "search",
            site.join("search").to_str().unwrap(),
            qfile.to_str().unwrap(),
            "1000",
        ]);
        for (i, q) in queries.iter().enumerate() {
            let mut args = vec!["search", q.as_str(), "--json", "--limit", "1000"];
            for n in &needs {
                args.extend(["--send", n]);
            }
            let o = signpost(&args);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let native: Vec<(String, f32)> =
                serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout)
                    .unwrap()
                    .iter()
                    .map(|h| {
                        (
                            h["id"].as_str().unwrap().to_string(),
                            h["score"].as_f64().unwrap() as f32,
                        )
                    })
                    .collect();
            let b = &browser[i];
            let js: Vec<(String, f32)> = b["ids"]
                .as_array()
                .unwrap()
                .iter()
                .zip(b["scores"].as_array().unwrap())
                .map(|(id, s)| (id.as_str().unwrap().to_string(), s.as_f64().unwrap() as f32))
                .collect();
            assert_eq!(native, js, "{q:?} with {filter}");
            assert_eq!(
                b["total"].as_u64(),
                Some(native.len() as u64),
                "{q:?} with {filter}"
            );
            // Every service kept names the need in its Local Offer.
            for (id, _) in &native {
                let text = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("content/services/{id}.md")),
                )
                .unwrap();
                let line = text
                    .lines()
                    .find(|l| l.trim_start().starts_with("send_needs:"))
                    .unwrap_or_else(|| panic!("{id} has no send_needs but passed {filter}"));
                assert!(
                    needs.iter().any(|n| line.contains(n)),
                    "{id} passed {filter}: {line}"
                );
            }
            if (native.len() as u64) < unfiltered[i]["total"].as_u64().unwrap() {
                narrowed += 1;
            }
        }
    }
    assert!(
        narrowed >= 10,
        "the filter narrowed only {narrowed} result lists"
    );
    // An unknown need is refused with the allowed ones.
    let o = signpost(&["search", "club", "--send", "autistic"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`autistic` is not one of the SEND needs"),
        "{err}"
    );
    assert!(err.contains("autism, adhd"), "{err}");
}
