//! Builds the sample borough and checks what families and practitioners would see.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};

/// The sample site, built once for all tests in this file.
fn site() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_ok(&repo().join("content"), &dir.path().join("public"));
        dir
    })
    .path()
}

fn page(rel: &str) -> Html {
    let path = site().join("public").join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} missing: {e}", path.display()));
    Html::parse_document(&text)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text_of(doc: &Html, s: &str) -> String {
    doc.select(&sel(s))
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every page of a paginated list: the first page and /page/N/ after it.
fn all_pages(base: &str) -> Vec<Html> {
    let mut pages = vec![page(&format!("{base}index.html"))];
    let mut n = 2;
    while site()
        .join("public")
        .join(format!("{base}page/{n}/index.html"))
        .exists()
    {
        pages.push(page(&format!("{base}page/{n}/index.html")));
        n += 1;
    }
    pages
}

/// Links to services inside the group section with this id, across all pages.
fn services_in_group(pages: &[Html], group_id: &str) -> Vec<String> {
    let s = sel(&format!(
        "section[aria-labelledby='g-{group_id}'] .card__title a"
    ));
    pages
        .iter()
        .flat_map(|p| {
            p.select(&s)
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_page_type_is_built() {
    for rel in [
        "index.html",
        "needs/index.html",
        "categories/family-support/index.html",
        "needs/infant-feeding/index.html",
        "localities/index.html",
        "localities/riverside-east/index.html",
        "hubs/index.html",
        "hubs/central-family-hub/index.html",
        "venues/northfield-library/index.html",
        "organisations/index.html",
        "organisations/safe-harbour/index.html",
        "services/index.html",
        "services/central-stay-and-play/index.html",
        "search/index.html",
        "accessibility/index.html",
        "404.html",
    ] {
        let doc = page(rel);
        assert_eq!(
            doc.select(&sel("h1")).count(),
            1,
            "{rel} should have exactly one h1"
        );
        assert!(
            doc.select(&sel("a.skip-link[href='#main']"))
                .next()
                .is_some(),
            "{rel} has no skip link"
        );
        assert!(
            doc.select(&sel("main#main")).next().is_some(),
            "{rel} has no main landmark"
        );
    }
    // Home: search, every need category, every hub, urgent help.
    let home = page("index.html");
    // A search box leading to the search page; unnamed, so without JavaScript nothing
    // typed is sent to the server.
    let boxes: Vec<_> = home
        .select(&sel("form[action='/search/'] input[type=search]"))
        .collect();
    assert!(!boxes.is_empty());
    assert!(boxes.iter().all(|b| b.value().attr("name").is_none()));
    assert_eq!(
        home.select(&sel(".tile h3 a")).count(),
        7,
        "all 7 need categories on the home page"
    );
    assert!(
        home.select(&sel("a[href='/hubs/kirkby-moor-family-hub/']"))
            .next()
            .is_some()
    );
    assert!(text_of(&home, ".urgent").contains("999"));
}

#[test]
fn a_service_appears_on_its_hub_page_under_its_need() {
    let hub = all_pages("hubs/central-family-hub/");
    let found = services_in_group(&hub, "at-baby-and-toddler-groups");
    assert!(
        found.contains(&"/services/central-stay-and-play/".to_string()),
        "not under the need on the hub page: {found:?}"
    );
    // And not under an unrelated need.
    assert!(
        !services_in_group(&hub, "at-money-and-debt")
            .contains(&"/services/central-stay-and-play/".to_string())
    );
}

#[test]
fn a_service_appears_on_its_need_page_under_its_locality() {
    let need = all_pages("needs/baby-and-toddler-groups/");
    let town = services_in_group(&need, "marlbrook-town");
    assert!(
        town.contains(&"/services/central-stay-and-play/".to_string()),
        "{town:?}"
    );
    let west = services_in_group(&need, "western-villages");
    assert!(
        !west.contains(&"/services/central-stay-and-play/".to_string()),
        "a town-centre group listed in the western villages"
    );
}

#[test]
fn service_pages_say_everything_in_plain_english() {
    let doc = page("services/central-stay-and-play/index.html");
    let main = text_of(&doc, "main");
    for expected in [
        "From birth to 5 years",
        "Open to everyone",
        "Free",
        "Just turn up",
        "Mondays, 09:30 to 11:00, term time only",
        "Thursdays, 13:30 to 15:00, term time only",
        "14 Market Street",
        "Last checked 14 September 2026",
    ] {
        assert!(
            main.contains(expected),
            "missing {expected:?} in service page"
        );
    }
    assert!(
        doc.select(&sel("a[href='tel:+441632960101']"))
            .next()
            .is_some(),
        "phone is not a tel: link"
    );
    assert!(
        !main.contains("may be out of date"),
        "a fresh listing is marked stale"
    );
}

#[test]
fn a_stale_listing_shows_its_notice() {
    let doc = page("services/eastgate-baby-massage/index.html");
    let notice = text_of(&doc, ".notice--warn");
    assert!(
        notice.contains("may be out of date"),
        "no stale notice: {notice:?}"
    );
    assert!(
        notice.contains("12 June 2024"),
        "stale notice does not say when: {notice:?}"
    );
    // The card in lists is tagged too.
    let need = all_pages("needs/baby-and-toddler-groups/");
    let tagged = need.iter().any(|p| {
        p.select(&sel(".card")).any(|c| {
            c.select(&sel("a[href='/services/eastgate-baby-massage/']"))
                .next()
                .is_some()
                && c.text().collect::<String>().contains("May be out of date")
        })
    });
    assert!(tagged, "stale card not tagged on the need page");
}

#[test]
fn sensitive_needs_offer_exit_this_page() {
    let doc = page("needs/domestic-abuse/index.html");
    let exit = doc
        .select(&sel("a.exit-button"))
        .next()
        .expect("no exit button on a sensitive need");
    assert_eq!(
        exit.value().attr("href"),
        Some("https://www.bbc.co.uk/weather")
    );
    let plain = page("needs/infant-feeding/index.html");
    assert!(plain.select(&sel("a.exit-button")).next().is_none());
}

#[test]
fn long_lists_paginate_at_fifty() {
    let pages = all_pages("services/");
    assert!(
        pages.len() >= 4,
        "160 services should make at least 4 A to Z pages"
    );
    let mut seen = std::collections::HashSet::new();
    for p in &pages {
        let cards: Vec<String> = p
            .select(&sel(".card__title a"))
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect();
        assert!(cards.len() <= 50, "a page has {} services", cards.len());
        seen.extend(cards);
    }
    let total = std::fs::read_dir(repo().join("content/services"))
        .unwrap()
        .count();
    assert_eq!(
        seen.len(),
        total,
        "A to Z pages together list every service once"
    );
    assert!(
        pages[0]
            .select(&sel("nav.pagination a[href='/services/page/2/'][rel=next]"))
            .next()
            .is_some()
    );
}

#[test]
fn pages_make_no_requests_to_other_hosts() {
    for entry in walk(&site().join("public")) {
        if entry.extension().is_some_and(|e| e == "html") {
            let doc = Html::parse_document(&std::fs::read_to_string(&entry).unwrap());
            for el in doc.select(&sel("[src], link[href], script")) {
                let url = el
                    .value()
                    .attr("src")
                    .or(el.value().attr("href"))
                    .unwrap_or("");
                assert!(
                    url.starts_with('/')
                        || url.is_empty()
                        || el.value().attr("rel") == Some("canonical"),
                    "{} loads {url}",
                    entry.display()
                );
            }
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let out = dir.path().join("public");
    let ok = bin()
        .arg("build")
        .arg("--content")
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(ok.status.success());
    let before = std::fs::read_to_string(out.join("index.html")).unwrap();
    std::fs::write(out.join("marker.txt"), "from the last good build").unwrap();

    // Break a listing: an unknown need and a bad email.
    let f = content.join("services/central-stay-and-play.md");
    let text = std::fs::read_to_string(&f).unwrap().replace(
        "needs: [baby-and-toddler-groups",
        "needs: [baby-and-todler-groups",
    );
    std::fs::write(
        &f,
        text.replace("phone: 01632 960101", "email: not-an-email"),
    )
    .unwrap();
    let bad = bin()
        .arg("build")
        .arg("--content")
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("baby-and-todler-groups")
            && err.contains("did you mean `baby-and-toddler-groups`"),
        "{err}"
    );
    assert!(
        err.contains("not-an-email"),
        "both errors are reported in one run: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("marker.txt")).unwrap(),
        "from the last good build"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        before
    );
    // No staging folders are left lying around.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".signpost"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_rebuild_rewrites_only_what_changed_and_removes_what_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let out = dir.path().join("public");
    let build = || build_ok(&content, &out);
    build();
    let again = build();
    assert!(
        again.contains("; 0 of "),
        "nothing changed, nothing written: {again}"
    );
    let untouched = out.join("venues/northfield-library/index.html");
    let modified = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let stamp = modified(&untouched);
    std::fs::write(out.join("stray.html"), "left by something else").unwrap();

    // Edit one listing and delete another.
    let edited = content.join("services/central-stay-and-play.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        text.replacen("\nsummary: ", "\nsummary: Now on Fridays too. ", 1),
    )
    .unwrap();
    std::fs::remove_file(content.join("services/eastgate-womens-safe-space.md")).unwrap();
    let said = build();

    let page =
        std::fs::read_to_string(out.join("services/central-stay-and-play/index.html")).unwrap();
    assert!(
        page.contains("Now on Fridays too."),
        "the edit is on the page"
    );
    assert!(
        !out.join("services/eastgate-womens-safe-space").exists(),
        "a deleted listing's page goes"
    );
    assert!(
        !out.join("stray.html").exists(),
        "files the build does not make go"
    );
    assert_eq!(
        modified(&untouched),
        stamp,
        "an unchanged page is not rewritten"
    );
    let (changed, total) = said
        .split("; ")
        .nth(1)
        .and_then(|t| t.split_once(" of "))
        .map(|(c, rest)| {
            (
                c.parse::<usize>().unwrap(),
                rest.split(' ').next().unwrap().parse::<usize>().unwrap(),
            )
        })
        .unwrap_or_else(|| panic!("no count of changed files in: {said}"));
    assert!(changed > 0 && changed * 3 < total, "{said}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".signpost"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn scripts_and_javascript_links_in_descriptions_never_reach_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let f = content.join("services/central-stay-and-play.md");
    let mut text = std::fs::read_to_string(&f).unwrap();
    text.push_str(
        "\n<script>alert('pwned')</script>\n\n[Click here](javascript:alert(1)) and <a href=\"JaVaScRiPt:alert(2)\" onmouseover=\"alert(3)\">here</a>\n\n\
         <img src=x onerror=alert(4)> <iframe src=\"https://evil.example\"></iframe>\n\n[Safe link](https://safe.example/)\n",
    );
    std::fs::write(
        &f,
        text.replace(
            "name: Stay and Play at Central Family Hub",
            "name: \"<script>alert('name')</script>Stay and Play\"",
        ),
    )
    .unwrap();
    let out = dir.path().join("public");
    let o = bin()
        .arg("build")
        .arg("--content")
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html =
        std::fs::read_to_string(out.join("services/central-stay-and-play/index.html")).unwrap();
    // The script elements allowed are the page's JSON data blocks (JSON-LD, the scripts'
    // base path and wording, the "open today" calendar and the "My list" data: not run; their content
    // never holds a `<`)
    // and the site's own scripts from /assets/, so any other `<script` came from content.
    let mut lower = html
        .to_lowercase()
        .replacen("<script type=\"application/ld+json\">", "", 1)
        .replacen(
            "<script type=\"application/json\" id=\"signpost-data\">",
            "",
            1,
        )
        .replacen(
            "<script type=\"application/json\" id=\"when-where-data\">",
            "",
            1,
        )
        .replacen(
            "<script type=\"application/json\" id=\"service-data\">",
            "",
            1,
        )
        .replacen(
            "<script type=\"application/json\" id=\"signpost-data\">",
            "",
            1,
        );
    while let Some(start) = lower.find("<script src=\"/assets/") {
        let end = start + lower[start..].find("</script>").unwrap() + "</script>".len();
        lower.replace_range(start..end, "");
    }
    for bad in [
        "<script",
        "javascript:",
        "onmouseover",
        "onerror",
        "<iframe",
        "<img",
    ] {
        assert!(!lower.contains(bad), "{bad} reached the page");
    }
    assert!(
        html.contains("&lt;script&gt;alert(&#39;name&#39;)"),
        "HTML in a YAML field is shown as text"
    );
    assert!(
        html.contains("href=\"https://safe.example/\""),
        "ordinary links survive"
    );
}

#[test]
fn build_without_a_content_folder_uses_the_built_in_sample() {
    let dir = tempfile::tempdir().unwrap();
    let o = bin().arg("build").current_dir(dir.path()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Built") && stdout.contains("pages"),
        "one-line summary: {stdout}"
    );
    assert!(
        dir.path()
            .join("public/services/central-stay-and-play/index.html")
            .exists()
    );
}

#[test]
fn every_internal_link_leads_to_a_page() {
    let root = site().join("public");
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in walk(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let doc = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        for a in doc.select(&sel("a[href^='/']")) {
            let href = a.value().attr("href").unwrap();
            checked += 1;
            let path = href.split('#').next().unwrap().trim_start_matches('/');
            let target = if path.is_empty() || path.ends_with('/') {
                root.join(path).join("index.html")
            } else {
                root.join(path)
            };
            if !target.exists() {
                broken.push(format!(
                    "{} -> {href}",
                    file.strip_prefix(&root).unwrap().display()
                ));
            }
        }
    }
    assert!(checked > 5_000, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "{} broken links, for example {:?}",
        broken.len(),
        &broken[..broken.len().min(5)]
    );
}

#[test]
fn hub_pages_summarise_borough_wide_help_by_need() {
    let doc = page("hubs/central-family-hub/index.html");
    let links: Vec<String> = doc
        .select(&sel("main .need-list a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        links
            .iter()
            .any(|l| l == "/needs/money-and-debt/#g-area-wide"),
        "{links:?}"
    );
    // The summary replaces full listings, so the hub page stays short.
    assert!(
        !site()
            .join("public/hubs/central-family-hub/page/3/index.html")
            .exists()
    );
}

#[test]
fn exit_script_loads_only_where_exit_this_page_can_show() {
    let script = |doc: &Html| {
        doc.select(&sel("script[src]"))
            .filter_map(|s| s.value().attr("src"))
            .any(|src| src.starts_with("/assets/exit.") && src.ends_with(".js"))
    };
    // Sensitive need and its service: the bar shows and the script makes it quicker.
    for rel in [
        "needs/domestic-abuse/index.html",
        "services/eastgate-womens-safe-space/index.html",
    ] {
        let doc = page(rel);
        let bar = doc
            .select(&sel(".exit-bar"))
            .next()
            .unwrap_or_else(|| panic!("{rel}: no exit bar"));
        assert!(bar.value().attr("hidden").is_none(), "{rel}: bar hidden");
        assert!(script(&doc), "{rel}: exit.js not loaded");
    }
    // The search page carries a hidden bar that search.js shows for sensitive results.
    let search = page("search/index.html");
    let bar = search
        .select(&sel(".exit-bar"))
        .next()
        .expect("no exit bar on the search page");
    assert!(bar.value().attr("hidden").is_some());
    assert!(script(&search));
    // Other pages carry neither.
    let plain = page("needs/infant-feeding/index.html");
    assert!(plain.select(&sel(".exit-bar")).next().is_none());
    assert!(!script(&plain));
}

#[test]
fn browsing_safely_explains_clearing_history() {
    let doc = page("accessibility/index.html");
    let heading = doc
        .select(&sel("h2#browsing-safely"))
        .next()
        .expect("no Browsing safely section");
    assert_eq!(heading.text().collect::<String>(), "Browsing safely");
    let text: String = doc.select(&sel("main")).next().unwrap().text().collect();
    for words in [
        "Shift key 3 times",
        "Clear your history afterwards",
        "private or incognito window",
    ] {
        assert!(text.contains(words), "Browsing safely lacks {words:?}");
    }
}

#[test]
fn a_site_theme_overrides_the_card_and_both_card_functions_use_it() {
    // A theme of two files: its own card macro, and a venue page that lists services one
    // card() at a time (need pages keep the default's cards() for a whole group).
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let site_yaml = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    assert!(site_yaml.contains("theme: default"));
    std::fs::write(
        content.join("site.yaml"),
        site_yaml.replace("theme: default", "theme: marked"),
    )
    .unwrap();
    let templates = dir.path().join("themes/marked/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let macros =
        std::fs::read_to_string(repo().join("themes/default/templates/macros.html")).unwrap();
    let marked = macros.replacen(
        "<li class=\"card\">",
        "<li class=\"card\" data-theme=\"marked-{{ level }}\">",
        1,
    );
    assert_ne!(macros, marked, "the default card macro has changed");
    std::fs::write(templates.join("macros.html"), marked).unwrap();
    let venue = std::fs::read_to_string(repo().join("themes/default/templates/venue.html"))
        .unwrap()
        .replace(
            "{{ cards(items=services) }}",
            "{% for s in services %}{{ card(i=s, level=4) }}{% endfor %}",
        );
    std::fs::write(templates.join("venue.html"), venue).unwrap();

    let out = dir.path().join("public");
    build_ok(&content, &out);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let count = |html: &str, marker: &str| html.matches(marker).count();
    // Every card on a need page comes from the theme's macro, at the group's level.
    let need = Html::parse_document(&read("needs/baby-and-toddler-groups/index.html"));
    let cards = need.select(&sel("li.card")).count();
    assert!(cards > 0, "the need page lists services");
    assert_eq!(
        need.select(&sel("li.card[data-theme=marked-3]")).count(),
        cards
    );
    // The venue page used card() one service at a time, at the level it asked for.
    let venue = read("venues/ashby-green-family-hub/index.html");
    assert!(count(&venue, "data-theme=\"marked-4\"") > 0, "{venue}");
    assert_eq!(count(&venue, "data-theme=\"marked-3\""), 0);
}

/// From inside a council's content folder, `--content . --output ../site` is beside it, not
/// inside it (it was refused as overlapping); a first build that fails does not claim a
/// "last good build" that was never made.
#[test]
fn a_site_built_beside_the_content_folder_from_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let run = bin()
        .current_dir(&content)
        .args(["build", "--content", ".", "--output", "../site"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.path().join("site/index.html").is_file());

    // Still refused: an output inside the content folder.
    let inside = bin()
        .current_dir(&content)
        .args(["build", "--content", ".", "--output", "public"])
        .output()
        .unwrap();
    assert_eq!(inside.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&inside.stderr).contains("overlaps"));

    std::fs::write(content.join("services/broken.md"), "no front matter").unwrap();
    let failed = bin()
        .current_dir(&content)
        .args(["build", "--content", ".", "--output", "../never-built"])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(
        err.contains("Nothing was written to ../never-built."),
        "{err}"
    );
    assert!(!err.contains("last good build"), "{err}");
}
