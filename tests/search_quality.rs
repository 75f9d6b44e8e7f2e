//! Search quality (issue 22): tests/search/quality.txt holds queries as parents, young
//! people and practitioners type them, each with the needs a right answer is tagged with
//! (or `lang:CODE`, a service offered in that language). Written before the synonyms were
//! read, so the vocabulary is measured, not fitted. The test prints success at 1 and at 10
//! and the share of the directory the queries match, and fails below the figures reached.
//!
//!   cargo test --test search_quality -- --nocapture

use std::path::Path;

struct Case {
    query: String,
    accept: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/quality.txt"),
    )
    .unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (q, a) = l
                .split_once(" => ")
                .expect("a line is `query => need, need`");
            Case {
                query: q.trim().to_string(),
                accept: a.split(',').map(|s| s.trim().to_string()).collect(),
            }
        })
        .collect()
}

#[test]
fn search_quality_on_the_sample() {
    let source =
        signpost::content::load::Source::Dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let (site, index, lex) =
        signpost::search_index(&source, jiff::civil::date(2026, 11, 24)).unwrap();
    let cases = cases();
    assert!(
        cases.len() >= 60,
        "at least 60 queries, found {}",
        cases.len()
    );
    let n = site.services.len() as f64;
    let by_id: std::collections::HashMap<&str, usize> = site
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let good = |id: &str, accept: &[String]| -> bool {
        let si = by_id[id];
        accept.iter().any(|a| match a.strip_prefix("lang:") {
            Some(code) => site.services[si].languages.iter().any(|l| l == code),
            None => site.svc[si].needs.iter().any(|&ni| site.needs[ni].id == *a),
        })
    };
    let (mut at1, mut at10, mut share_sum, mut worst_share) = (0, 0, 0.0, 0.0f64);
    let mut misses = Vec::new();
    let mut broad: Vec<(usize, &str)> = Vec::new();
    for c in &cases {
        let plan = signpost::search::plan(&c.query, false, &lex);
        let hits = index.find(&plan).unwrap().hits;
        let share = hits.len() as f64 / n;
        share_sum += share;
        worst_share = worst_share.max(share);
        broad.push((hits.len(), &c.query));
        let first = hits.first().is_some_and(|h| good(&h.id, &c.accept));
        let ten = hits.iter().take(10).any(|h| good(&h.id, &c.accept));
        at1 += usize::from(first);
        at10 += usize::from(ten);
        if !first {
            misses.push(format!(
                "  {:<45} {:>3} found, first: {}{}",
                c.query,
                hits.len(),
                hits.first().map_or("(none)", |h| h.id.as_str()),
                if ten {
                    ""
                } else {
                    "  [none right in the top 10]"
                }
            ));
        }
    }
    let total = cases.len() as f64;
    let (s1, s10, mean) = (at1 as f64 / total, at10 as f64 / total, share_sum / total);
    println!(
        "search quality: {} queries, success@1 {:.1}%, success@10 {:.1}%, mean share of the directory matched {:.1}%, largest {:.1}%",
        cases.len(),
        s1 * 100.0,
        s10 * 100.0,
        mean * 100.0,
        worst_share * 100.0
    );
    println!("not right first:\n{}", misses.join("\n"));
    broad.sort_by_key(|b| std::cmp::Reverse(b.0));
    println!("broadest: {:?}", &broad[..5]);
    // The figures reached (see the README's Search section); a change that makes search
    // worse fails here.
    // A little room below 100% for services other changes add to the sample.
    assert!(s1 >= 0.95, "success@1 fell to {:.1}%", s1 * 100.0);
    assert!(s10 >= 0.98, "success@10 fell to {:.1}%", s10 * 100.0);
    assert!(
        mean <= 0.10,
        "queries match {:.1}% of the directory on average",
        mean * 100.0
    );
    assert!(
        worst_share <= 0.5,
        "one query matches {:.1}% of the directory",
        worst_share * 100.0
    );
}

/// Each language a sample service is offered in (but English), searched by its name, finds
/// every service offered in it.
#[test]
fn languages_are_searchable_by_name() {
    let source =
        signpost::content::load::Source::Dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let (site, index, lex) =
        signpost::search_index(&source, jiff::civil::date(2026, 11, 24)).unwrap();
    let mut codes: Vec<&str> = site
        .services
        .iter()
        .flat_map(|s| s.languages.iter().map(String::as_str))
        .filter(|c| *c != "en")
        .collect();
    codes.sort();
    codes.dedup();
    assert!(codes.contains(&"pl"), "the sample has services in Polish");
    for code in codes {
        let name = signpost::content::model::language_name(code);
        let plan = signpost::search::plan(&name, false, &lex);
        let found: Vec<String> = index
            .find(&plan)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        for s in site
            .services
            .iter()
            .filter(|s| s.languages.iter().any(|l| l == code))
        {
            assert!(
                found.contains(&s.id),
                "searching {name:?} misses {}, offered in {code}",
                s.id
            );
        }
    }
}

/// Pronouns and contractions are not searched, and a sentence does not match most of the
/// directory: the examples.
#[test]
fn sentences_find_the_services_about_them() {
    let source =
        signpost::content::load::Source::Dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let (site, index, lex) =
        signpost::search_index(&source, jiff::civil::date(2026, 11, 24)).unwrap();
    let find = |q: &str| {
        index
            .find(&signpost::search::plan(q, false, &lex))
            .unwrap()
            .hits
    };
    let crying = find("my baby wont stop crying");
    assert!(
        crying.len() * 5 < site.services.len(),
        "{} of {} services match a sentence about crying",
        crying.len(),
        site.services.len()
    );
    assert!(
        crying.iter().take(10).all(|h| !h.id.contains("smok")),
        "stop-smoking services rank for \"stop\": {:?}",
        crying.iter().map(|h| &h.id).collect::<Vec<_>>()
    );
    let abuse = find("partner hits me");
    let first = site
        .services
        .iter()
        .position(|s| s.id == abuse[0].id)
        .unwrap();
    assert!(
        site.svc[first]
            .needs
            .iter()
            .any(|&ni| site.needs[ni].id == "domestic-abuse"),
        "\"partner hits me\" first finds {}",
        abuse[0].id
    );
}

/// Without JavaScript the search page holds an A to Z of the words that lead to each need:
/// every need's label and public synonyms, never its search-only words (misspellings). A
/// parent who looks up a word of their query there reaches a right need for most of the
/// quality set: the test prints that share and fails below the figure reached.
#[test]
fn without_javascript_the_words_a_to_z_leads_to_the_right_need() {
    #[path = "support/cli.rs"]
    mod cli;
    use scraper::{Html, Selector};
    let out = tempfile::tempdir().unwrap();
    cli::build_ok(&cli::repo().join("content"), out.path());
    let page = std::fs::read_to_string(out.path().join("search/index.html")).unwrap();
    let doc = Html::parse_document(&page);
    // Parsed as a browser with scripting on, the <noscript> holds raw text: read it as HTML.
    let raw: String = doc
        .select(&Selector::parse("noscript").unwrap())
        .map(|n| n.text().collect::<String>())
        .collect();
    let az = Html::parse_fragment(&raw);
    let (li, a) = (
        Selector::parse("ul.words li").unwrap(),
        Selector::parse("a").unwrap(),
    );
    // word (lower case) -> need ids it links to
    let mut words: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for item in az.select(&li) {
        let text: String = item.text().collect();
        let links: Vec<String> = item
            .select(&a)
            .filter_map(|l| l.value().attr("href"))
            .map(|h| {
                h.trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let word = match text.split_once(": ") {
            Some((w, _)) if item.text().next() != Some(text.as_str()) => w,
            _ => text.as_str(),
        };
        words.insert(word.trim().to_lowercase(), links);
    }
    let (site, _, _) = signpost::search_index(
        &signpost::content::load::Source::Dir(cli::repo().join("content")),
        jiff::civil::date(2026, 11, 24),
    )
    .unwrap();
    let az_text = az.root_element().text().collect::<String>().to_lowercase();
    for n in &site.needs {
        for w in std::iter::once(&n.label).chain(&n.synonyms) {
            let links = words.get(&w.to_lowercase());
            assert!(
                links.is_some_and(|l| l.contains(&n.id)),
                "`{w}` does not lead to {} in the A to Z",
                n.id
            );
        }
        for w in &n.search_only {
            let w = w.to_lowercase();
            assert!(
                !words.contains_key(&w) && !az_text.contains(&format!(" {w}:")),
                "the search-only word `{w}` is shown on the search page"
            );
        }
    }
    // A query leads to a right need when one of the A to Z's words appears in it, whole.
    let padded = |s: &str| {
        let s = s.to_lowercase().replace('\u{2019}', "'");
        format!(" {} ", s.replace(['?', ',', '.', '!'], " "))
    };
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|c| c.accept.iter().all(|a| !a.starts_with("lang:")))
        .collect();
    let mut found = 0;
    let mut missed = Vec::new();
    for c in &cases {
        let q = padded(&c.query);
        let ok = words.iter().any(|(w, needs)| {
            q.contains(&padded(w).replace("  ", " ")) && needs.iter().any(|n| c.accept.contains(n))
        });
        found += usize::from(ok);
        if !ok {
            missed.push(c.query.as_str());
        }
    }
    let share = found as f64 / cases.len() as f64;
    println!(
        "without JavaScript: {found} of {} queries hold a word of the A to Z that leads to a right need ({:.0}%); not: {missed:?}",
        cases.len(),
        share * 100.0
    );
    // 90% reached (75 of 83); room for queries other changes add.
    assert!(
        share >= 0.85,
        "the A to Z leads only {:.0}% of queries to a right need",
        share * 100.0
    );
}
