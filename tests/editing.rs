//! Editing by pull request: `signpost new` templates a volunteer can fill in, the stale
//! report an officer sends chase emails from, and the "Add your group" and "Suggest a
//! change" links that take people to GitHub's editor.

use scraper::{Html, Selector};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-24";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn signpost(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(args)
        .current_dir(dir)
        .env("SIGNPOST_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("the signpost binary runs");
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

/// A temp folder holding a copy of the sample borough as `content/`.
fn sample_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"),
        &tmp.path().join("content"),
    );
    tmp
}

/// Fills in a template as a volunteer would: each `key` line (matched after trimming, the
/// first one not yet filled) gets a value, keeping its indentation.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut lines: Vec<String> = template.lines().map(str::to_string).collect();
    for (key, value) in values {
        let bare = |l: &str| l.trim().trim_start_matches("- ").to_string();
        let i = lines
            .iter()
            .position(|l| bare(l) == *key)
            .unwrap_or_else(|| panic!("the template has no blank `{key}` line:\n{template}"));
        // The indentation, and the `- ` of a list item.
        let indent = lines[i][..lines[i].len() - bare(&lines[i]).len()].to_string();
        let name = key.split(':').next().unwrap();
        lines[i] = format!("{indent}{name}: {value}");
    }
    lines.join("\n") + "\n"
}

fn new_file(dir: &Path, kind: &str, id: &str) -> (PathBuf, String) {
    let run = signpost(dir, &["new", kind, id]);
    assert_eq!(run.code, Some(0), "new {kind} {id}: {}", run.stderr);
    let folder = match kind {
        "service" => "services",
        "organisation" => "organisations",
        "venue" => "venues",
        "hub" => "hubs",
        "locality" => "localities",
        _ => unreachable!(),
    };
    let path = dir.join("content").join(folder).join(format!("{id}.md"));
    assert!(
        run.stdout.contains(&format!("{folder}/{id}.md")),
        "says where it wrote: {}",
        run.stdout
    );
    let text = std::fs::read_to_string(&path).expect("the file was written");
    (path, text)
}

#[test]
fn new_templates_filled_in_pass_check_and_build() {
    let tmp = sample_copy();
    let dir = tmp.path();
    let (org_path, org) = new_file(dir, "organisation", "marlbrook-dads-network");
    let (venue_path, venue) = new_file(dir, "venue", "riverside-scout-hut");
    let (hub_path, hub) = new_file(dir, "hub", "riverside-scout-hut-hub");
    let (svc_path, svc) = new_file(dir, "service", "saturday-dads-club");

    // Untouched, every required field is reported at its own line in the new files.
    let run = signpost(
        dir,
        &["check", "--content", "content", "--format", "github"],
    );
    assert_eq!(run.code, Some(1), "blank templates must not pass");
    let name_line = svc.lines().position(|l| l == "name:").unwrap() + 1;
    assert!(
        run.stderr.lines().any(|l| l.starts_with("::error")
            && l.contains("content/services/saturday-dads-club.md")
            && l.contains(&format!("line={name_line},"))
            && l.contains("name")),
        "the blank name is reported on line {name_line}:\n{}",
        run.stderr
    );
    for file in [
        "organisations/marlbrook-dads-network.md",
        "venues/riverside-scout-hut.md",
        "hubs/riverside-scout-hut-hub.md",
    ] {
        assert!(
            run.stderr.contains(&format!("file=content/{file}")),
            "{file} blank fields are reported:\n{}",
            run.stderr
        );
    }

    std::fs::write(
        &org_path,
        fill(
            &org,
            &[
                ("name:", "Marlbrook Dads Network"),
                ("type:", "vcs"),
                (
                    "summary:",
                    "Dads and male carers meeting up with their children.",
                ),
                ("email:", "hello@dadsnetwork.example"),
            ],
        ),
    )
    .unwrap();
    std::fs::write(
        &venue_path,
        fill(
            &venue,
            &[
                ("name:", "Riverside Scout Hut"),
                ("line1:", "3 Mill Lane"),
                ("town:", "Marlbrook"),
                ("postcode:", "MB4 2QT"),
                ("latitude:", "53.0601"),
                ("longitude:", "-1.3902"),
                ("locality:", "riverside-east"),
            ],
        ),
    )
    .unwrap();
    std::fs::write(
        &hub_path,
        fill(
            &hub,
            &[
                ("name:", "Riverside Scout Hut Family Hub"),
                ("locality:", "riverside-east"),
                ("venue:", "riverside-scout-hut"),
                ("days: []", "[saturday]"),
                ("opens:", "\"09:00\""),
                ("closes:", "\"12:00\""),
                ("phone:", "01632 960999"),
            ],
        ),
    )
    .unwrap();
    std::fs::write(
        &svc_path,
        fill(
            &svc,
            &[
                ("name:", "Saturday Dads Club"),
                ("organisation:", "marlbrook-dads-network"),
                (
                    "summary:",
                    "Play, breakfast and a chat for dads and their children.",
                ),
                ("needs: []", "[baby-and-toddler-groups]"),
                ("from:", "0"),
                ("to:", "5"),
                ("level:", "1"),
                ("access: []", "[drop-in]"),
                ("how_to_access:", "Just turn up."),
                ("cost:", "free"),
                ("venues: []", "[riverside-scout-hut]"),
                ("days: []", "[saturday]"),
                ("starts:", "\"09:30\""),
                ("ends:", "\"11:30\""),
            ],
        ),
    )
    .unwrap();

    let run = signpost(
        dir,
        &["check", "--content", "content", "--format", "github"],
    );
    assert_eq!(
        run.code,
        Some(0),
        "filled-in templates pass:\n{}",
        run.stderr
    );
    for id in [
        "saturday-dads-club",
        "marlbrook-dads-network",
        "riverside-scout-hut",
    ] {
        assert!(
            !run.stderr.contains(id),
            "no warnings about the new files:\n{}",
            run.stderr
        );
    }
    let run = signpost(
        dir,
        &["build", "--content", "content", "--output", "public"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page =
        std::fs::read_to_string(dir.join("public/services/saturday-dads-club/index.html")).unwrap();
    let doc = Html::parse_document(&page);
    let h1: String = doc
        .select(&Selector::parse("h1").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert_eq!(h1.trim(), "Saturday Dads Club");
    // The template's placeholder description is plain prose, shown as written.
    assert!(page.contains("Describe the service here in plain English"));
}

#[test]
fn new_refuses_bad_names_and_never_overwrites() {
    let tmp = sample_copy();
    let dir = tmp.path();
    for bad in [
        "../../etc/passwd",
        "Saturday Dads Club",
        "/tmp/x",
        "dads/club",
        "",
        ".hidden",
    ] {
        let run = signpost(dir, &["new", "service", bad]);
        assert_eq!(run.code, Some(2), "`{bad}` must be refused: {}", run.stdout);
        assert!(
            run.stderr.contains("cannot be used as a name"),
            "{}",
            run.stderr
        );
    }
    let run = signpost(dir, &["new", "service", "Saturday Dads Club"]);
    assert!(
        run.stderr.contains("Try `saturday-dads-club`"),
        "suggests a good name: {}",
        run.stderr
    );
    assert!(!dir.join("etc").exists() && !dir.join("content/etc").exists());

    let existing = dir.join("content/services/central-stay-and-play.md");
    let before = std::fs::read(&existing).unwrap();
    let run = signpost(dir, &["new", "service", "central-stay-and-play"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(&existing).unwrap(),
        before,
        "the file is unchanged"
    );

    // A dangling link in its place is not followed or replaced either.
    #[cfg(unix)]
    {
        let target = dir.join("outside.md");
        std::os::unix::fs::symlink(&target, dir.join("content/services/linked.md")).unwrap();
        let run = signpost(dir, &["new", "service", "linked"]);
        assert_eq!(run.code, Some(2), "{}", run.stdout);
        assert!(!target.exists(), "nothing was written through the link");
    }

    // A content folder that is not there yet is made (issue 26: a new council starts this
    // way); a path two levels deep is refused (see the locality test).
    let run = signpost(dir, &["new", "service", "x", "--content", "new-content"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(dir.join("new-content/services/x.md").is_file());
}

#[test]
fn new_organization_spelling_is_accepted() {
    let tmp = sample_copy();
    let run = signpost(tmp.path(), &["new", "organization", "spelt-the-us-way"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        tmp.path()
            .join("content/organisations/spelt-the-us-way.md")
            .is_file()
    );
}

/// `reviewed:` of every sample service, by file.
fn reviewed_dates(content: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for e in std::fs::read_dir(content.join("services")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        if let Some(l) = text.lines().find(|l| l.starts_with("reviewed:")) {
            let date = l["reviewed:".len()..].trim().trim_matches('"').to_string();
            out.insert(
                format!(
                    "content/services/{}",
                    p.file_name().unwrap().to_string_lossy()
                ),
                date,
            );
        }
    }
    out
}

#[test]
fn stale_report_groups_by_organisation_oldest_first_with_contacts() {
    let tmp = sample_copy();
    let dir = tmp.path();
    let run = signpost(dir, &["check", "--content", "content", "--stale"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "the report replaces the warnings: {}",
        run.stderr
    );
    let dates = reviewed_dates(&dir.join("content"));
    // With a 12-month review period, everything reviewed before this is stale.
    let cutoff = "2025-11-24";
    let mut expected: Vec<&String> = dates
        .iter()
        .filter(|(_, d)| d.as_str() < cutoff)
        .map(|(f, _)| f)
        .collect();
    expected.sort();
    assert!(expected.len() >= 3, "the sample has stale listings");

    // Parse: organisation line, contact line, then "  - name: ..., file" lines.
    let mut groups: Vec<(String, String, Vec<String>)> = Vec::new();
    // The childcare providers' lists (content::childcare::stale_report) follow the listings.
    let listings = run.stdout.split("\nChildcare vacancies").next().unwrap();
    for line in listings.lines().skip(1) {
        if let Some(rest) = line.strip_prefix("  Contact: ") {
            groups.last_mut().unwrap().1 = rest.to_string();
        } else if let Some(rest) = line.strip_prefix("  - ") {
            let file = rest.rsplit(", ").next().unwrap().to_string();
            groups.last_mut().unwrap().2.push(file);
        } else if !line.is_empty() {
            groups.push((line.to_string(), String::new(), Vec::new()));
        }
    }
    let mut listed: Vec<&String> = groups.iter().flat_map(|g| g.2.iter()).collect();
    listed.sort();
    assert_eq!(
        listed, expected,
        "every stale listing, once:\n{}",
        run.stdout
    );
    assert!(run.stdout.starts_with(&format!(
        "{} listings from {} organisations",
        expected.len(),
        groups.len()
    )));

    let firsts: Vec<&String> = groups.iter().map(|g| &dates[&g.2[0]]).collect();
    assert!(
        firsts.windows(2).all(|w| w[0] <= w[1]),
        "organisations with the oldest listing come first:\n{}",
        run.stdout
    );
    for (org, contact, files) in &groups {
        let ds: Vec<&String> = files.iter().map(|f| &dates[f]).collect();
        assert!(ds.windows(2).all(|w| w[0] <= w[1]), "{org}: oldest first");
        // The contact is the organisation's own, from its file.
        let org_file = org
            .rsplit_once(" (")
            .map(|(_, f)| f.trim_end_matches(')'))
            .unwrap();
        let text = std::fs::read_to_string(dir.join(org_file)).unwrap();
        for part in contact.split(", ") {
            assert!(text.contains(part), "{org}: `{part}` comes from {org_file}");
        }
    }

    // A listing reviewed today leaves the report.
    let first = groups[0].2[0].clone();
    let path = dir.join(&first);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        &format!("reviewed: {}", dates[&first]),
        &format!("reviewed: {TODAY}"),
    );
    std::fs::write(&path, text).unwrap();
    let run = signpost(dir, &["check", "--content", "content", "--stale"]);
    assert!(!run.stdout.contains(&first), "{}", run.stdout);
}

#[test]
fn stale_report_says_so_when_nothing_is_stale() {
    let tmp = sample_copy();
    // Every sample listing was reviewed within five years of today.
    let site = tmp.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site)
        .unwrap()
        .replace("review_months: 12", "review_months: 60");
    std::fs::write(&site, text).unwrap();
    let run = signpost(tmp.path(), &["check", "--content", "content", "--stale"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout
            .starts_with("No listings are past their review date: every listing was checked on or after 24 November 2021."),
        "{}",
        run.stdout
    );
}

fn build_sample() -> tempfile::TempDir {
    let tmp = sample_copy();
    let run = signpost(
        tmp.path(),
        &["build", "--content", "content", "--output", "public"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    tmp
}

fn links(doc: &Html, text: &str) -> Vec<String> {
    doc.select(&Selector::parse("a").unwrap())
        .filter(|a| a.text().collect::<String>().contains(text))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

fn query(url: &str, key: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn add_your_group_links_to_github_with_a_template_that_passes_when_filled_in() {
    let tmp = build_sample();
    let dir = tmp.path();
    let html = std::fs::read_to_string(dir.join("public/add-your-group/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let service = links(&doc, "Add your group or service on GitHub");
    assert_eq!(service.len(), 1, "one link to add a service");
    let url = &service[0];
    assert!(
        url.starts_with("https://github.com/marlbrook-fis/directory/new/main/content/services?"),
        "{url}"
    );
    assert!(
        url.len() < 8000,
        "GitHub accepts the link ({} bytes)",
        url.len()
    );
    assert_eq!(
        query(url, "filename").as_deref(),
        Some("your-group-name.md")
    );
    let value = query(url, "value").expect("the template is filled in");
    assert!(value.starts_with("---\n") && value.contains("\nname:\n"));
    let org = links(&doc, "add your organisation on GitHub");
    assert_eq!(org.len(), 1);
    assert!(org[0].contains("/new/main/content/organisations?"));

    // The linked template, saved under the suggested name and filled in, passes check.
    let org_text = query(&org[0], "value").unwrap();
    std::fs::write(
        dir.join("content/organisations/your-organisation-name.md"),
        fill(
            &org_text,
            &[
                ("name:", "Your Organisation"),
                ("type:", "faith"),
                ("phone:", "01632 960555"),
            ],
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("content/services/your-group-name.md"),
        fill(
            &value,
            &[
                ("name:", "Your Group"),
                ("organisation:", "your-organisation-name"),
                ("summary:", "A group."),
                ("needs: []", "[baby-and-toddler-groups]"),
                ("from:", "pregnancy"),
                ("to:", "2"),
                ("level:", "1"),
                ("access: []", "[drop-in]"),
                ("how_to_access:", "Just turn up."),
                ("cost:", "2.50"),
                ("venues: []", "[northfield-library]"),
                ("days: []", "[monday]"),
                ("starts:", "\"10:00\""),
                ("ends:", "\"11:00\""),
            ],
        ),
    )
    .unwrap();
    let run = signpost(dir, &["check", "--content", "content"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    // Every page links here from its footer.
    let home =
        Html::parse_document(&std::fs::read_to_string(dir.join("public/index.html")).unwrap());
    assert_eq!(
        links(&home, "Add or update your group"),
        ["/add-your-group/"]
    );
    // And without GitHub, the council's contact details.
    assert!(html.contains("fis@marlbrook.example"));
}

#[test]
fn service_and_organisation_pages_link_to_their_file_in_githubs_editor() {
    let tmp = build_sample();
    for (page, file) in [
        (
            "services/central-stay-and-play/index.html",
            "services/central-stay-and-play.md",
        ),
        (
            "organisations/safe-harbour/index.html",
            "organisations/safe-harbour.md",
        ),
    ] {
        let doc = Html::parse_document(
            &std::fs::read_to_string(tmp.path().join("public").join(page)).unwrap(),
        );
        assert_eq!(
            links(&doc, "Suggest a change to this page"),
            [format!(
                "https://github.com/marlbrook-fis/directory/edit/main/content/{file}"
            )],
            "{page}"
        );
    }
}

#[test]
fn a_new_locality_starts_a_content_folder_and_checks_once_named() {
    // A council starting from nothing: the content folder is made, one level only.
    let empty = tempfile::tempdir().unwrap();
    let (_, blank) = new_file(empty.path(), "locality", "north-area");
    assert!(blank.contains("name:\n"), "{blank}");
    let deep = signpost(
        empty.path(),
        &["new", "locality", "x", "--content", "no/such/content"],
    );
    assert_eq!(deep.code, Some(2));
    assert!(
        deep.stderr.contains("make the folder first"),
        "{}",
        deep.stderr
    );
    assert!(!empty.path().join("no").exists());

    // Added to a directory and named, it checks.
    let tmp = sample_copy();
    let dir = tmp.path();
    let (path, text) = new_file(dir, "locality", "north-area");
    let run = signpost(dir, &["check", "--content", "content"]);
    assert_eq!(run.code, Some(1), "a blank name must not pass");
    std::fs::write(&path, fill(&text, &[("name:", "North Area")])).unwrap();
    let run = signpost(dir, &["check", "--content", "content"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}
