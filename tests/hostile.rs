//! Content from strangers' pull requests: each hostile file is either refused by `check`
//! with a message that names it and says what is wrong, or built into pages where it is
//! harmless (checked on the parsed HTML, with tests/support/html_safety.rs, the same check
//! the fuzz target uses). Nothing is ever written outside the output folder.

#[path = "support/html_safety.rs"]
mod html_safety;

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-24";

struct Run {
    code: Option<i32>,
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
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != Some(101),
        "signpost crashed:\n{}",
        run.stderr
    );
    run
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

/// The sample borough in `<tmp>/content` with the given fixture folder's files added.
fn sample_with(fixture: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &tmp.path().join("content"));
    copy_dir(
        &repo().join("tests/fixtures/hostile").join(fixture),
        &tmp.path().join("content"),
    );
    tmp
}

/// Every file under `dir` (not following links) with its bytes; links are recorded as
/// "link -> target".
fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).follow_links(false) {
        let e = e.unwrap();
        if e.path().starts_with(skip) {
            continue;
        }
        let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
        if e.path_is_symlink() {
            let t = std::fs::read_link(e.path()).unwrap();
            out.insert(rel, format!("link -> {}", t.display()).into_bytes());
        } else if e.file_type().is_file() {
            out.insert(rel, std::fs::read(e.path()).unwrap());
        } else {
            out.insert(rel, b"folder".to_vec());
        }
    }
    out
}

fn text(doc: &Html, css: &str) -> String {
    doc.select(&Selector::parse(css).unwrap())
        .flat_map(|e| e.text())
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn hostile_markup_is_harmless_in_every_built_page() {
    let tmp = sample_with("neutralised");
    let dir = tmp.path();
    let run = signpost(dir, &["check", "--content", "content"]);
    assert_eq!(
        run.code,
        Some(0),
        "the hostile listings are valid:\n{}",
        run.stderr
    );
    let before = snapshot(dir, &dir.join("site"));
    let run = signpost(
        dir,
        &["build", "--content", "content", "--output", "site/public"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    // Nothing outside the output folder changed (no stray files, no staging left over).
    let after = snapshot(dir, &dir.join("site"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "files outside the output folder changed");
    let siblings: Vec<_> = std::fs::read_dir(dir.join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        siblings,
        ["public"],
        "no staging folder is left beside the output"
    );

    // Every page of the site, not only the hostile ones: lists and cards show the fields too.
    let out = dir.join("site/public");
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        assert!(!e.path_is_symlink(), "{} is a link", e.path().display());
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            let problems = html_safety::problems(&html);
            assert!(
                problems.is_empty(),
                "{} is unsafe: {problems:#?}",
                e.path().display()
            );
            pages += 1;
        }
    }
    assert!(pages > 300, "checked {pages} pages");

    let service = Html::parse_document(
        &std::fs::read_to_string(out.join("services/hostile-fields/index.html")).unwrap(),
    );
    // HTML and template syntax in fields are shown as the text that was typed.
    assert_eq!(
        text(&service, "h1"),
        "<script>alert('name')</script> {{ site.name }} Club"
    );
    assert_eq!(
        text(&service, "p.lead"),
        "<img src=x onerror=alert(1)> A group for {% if true %}everyone{% endif %}."
    );
    // The "My list" data block carries the same words as data, still inside its element.
    let data: serde_json::Value =
        serde_json::from_str(&text(&service, "script#service-data")).unwrap();
    assert_eq!(data["name"], text(&service, "h1"));
    assert_eq!(data["summary"], text(&service, "p.lead"));
    let body = text(&service, ".prose");
    assert!(
        body.contains(
            "{{ site.name }} {% include \"base.html\" %} {% for i in range(end=1000000000) %}x{% endfor %}"
        ),
        "template syntax in a description renders literally: {body}"
    );
    assert!(body.contains("Hello") && body.contains("there."));
    assert!(
        !body.contains("alert(\"body\")"),
        "script text is dropped: {body}"
    );
    // The link text stays, without the link.
    let prose_links: Vec<_> = service
        .select(&Selector::parse(".prose a").unwrap())
        .map(|a| (a.text().collect::<String>(), a.value().attr("href")))
        .collect();
    assert!(
        prose_links.contains(&("Click me".to_string(), None)),
        "{prose_links:?}"
    );
    let page = service.root_element().html();
    for gone in ["tracker.example", "evil.example\"></iframe", "color:red"] {
        assert!(!page.contains(gone), "{gone} survived");
    }

    let org = Html::parse_document(
        &std::fs::read_to_string(out.join("organisations/hostile-org/index.html")).unwrap(),
    );
    assert_eq!(
        text(&org, "h1"),
        "{{ site.name }} {% include \"base.html\" %} <b onmouseover=alert(1)>Org</b>"
    );
    assert!(text(&org, "main").contains(
        "Template syntax in a description: {{ site.name }} and {% raw %}raw{% endraw %}."
    ));
    let main = org
        .select(&Selector::parse("main").unwrap())
        .next()
        .unwrap()
        .html();
    for gone in ["<form", "<input", "display: none", "position:fixed"] {
        assert!(
            !main.contains(gone),
            "{gone} survived on the organisation page"
        );
    }
    // The summary mentions evil.example as text (so does the meta description); no
    // element points there.
    let pointing = Selector::parse(
        "[href*='evil.example'], [src*='evil.example'], [action*='evil.example'], [data*='evil.example']",
    )
    .unwrap();
    assert_eq!(org.select(&pointing).count(), 0);
    let title = text(&org, "title");
    assert!(title.starts_with("{{ site.name }} {% include"), "{title}");

    // Spreadsheet formulas: shown as text in pages. Any CSV export must defuse them, so a
    // council officer opening it in Excel never runs one.
    assert!(text(&service, "main").contains("=HYPERLINK(\"https://evil.example\",\"Click here\")"));
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "csv") {
            let csv = std::fs::read_to_string(e.path()).unwrap();
            for cell in csv.split([',', '\n']) {
                let cell = cell.trim_start_matches('"');
                if cell.contains("HYPERLINK") || cell.contains("cmd|") || cell.contains("SUM(") {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{}: a formula would run in a spreadsheet: {cell}",
                        e.path().display()
                    );
                }
            }
        }
    }
}

/// (file, bytes, words the error must contain).
fn generated_refusals() -> Vec<(&'static str, Vec<u8>, &'static [&'static str])> {
    let header = "---\nname: x\n";
    let mut ten_mb = header.as_bytes().to_vec();
    ten_mb.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='i' {
        bomb.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = c;
    }
    bomb.push_str("name: *i\n---\n");
    let deep_flow = format!("---\nname: {}{}\n---\n", "[".repeat(5000), "]".repeat(5000));
    let deep_block: String = std::iter::once("---\n".to_string())
        .chain((0..1000).map(|i| format!("{}k{i}:\n", " ".repeat(i))))
        .chain(std::iter::once("---\n".to_string()))
        .collect();
    vec![
        (
            "services/ten-megabytes.md",
            ten_mb,
            &["10241 KB", "limit is 1024 KB"],
        ),
        (
            "services/alias-bomb.md",
            bomb.into_bytes(),
            &["too much data", "aliases"],
        ),
        (
            "services/deep-flow.md",
            deep_flow.into_bytes(),
            &["nested too deeply"],
        ),
        (
            "services/deep-block.md",
            deep_block.into_bytes(),
            &["nested too deeply"],
        ),
        (
            "services/nul-bytes.md",
            b"---\nname: a\0b\n---\n".to_vec(),
            &["cannot be read"],
        ),
        (
            "services/invalid-utf8.md",
            b"---\nname: caf\xe9\n---\n".to_vec(),
            &["not saved as UTF-8"],
        ),
        (
            "services/binary.md",
            (0..=255u8).cycle().take(4096).collect(),
            &["UTF-8"],
        ),
        (
            "services/x..%2f..%2fetc%2fpasswd.md",
            b"---\nname: dots\n---\n".to_vec(),
            &["not a valid id"],
        ),
        (
            "services/Upper Case.md",
            b"---\nname: x\n---\n".to_vec(),
            &["not a valid id", "upper-case.md"],
        ),
    ]
}

/// Annotations for one file from `--format github` output, whose properties escape `%`,
/// `,` and `:`.
fn errors_for<'a>(stderr: &'a str, file: &str) -> Vec<&'a str> {
    let escaped = file
        .replace('%', "%25")
        .replace(',', "%2C")
        .replace(':', "%3A");
    stderr
        .lines()
        .filter(|l| l.starts_with("::error") && l.contains(&format!("file=content/{escaped},")))
        .collect()
}

#[test]
fn hostile_files_are_refused_with_a_clear_message() {
    let tmp = sample_with("refused");
    let dir = tmp.path();
    for (file, bytes, _) in generated_refusals() {
        let p = dir.join("content").join(file);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let start = std::time::Instant::now();
    let run = signpost(
        dir,
        &["check", "--content", "content", "--format", "github"],
    );
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "hostile files must not slow check down ({:?})",
        start.elapsed()
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);

    let mut expected: Vec<(String, Vec<&str>)> = generated_refusals()
        .into_iter()
        .map(|(f, _, words)| (f.to_string(), words.to_vec()))
        .collect();
    expected.extend([
        (
            "services/traversal-references.md".to_string(),
            vec!["../../etc/passwd", "file name without `.md`"],
        ),
        (
            "services/javascript-website.md".to_string(),
            vec!["`javascript:alert(document.cookie)` is not a web address"],
        ),
        (
            "services/data-website.md".to_string(),
            vec!["is not a web address"],
        ),
        (
            "organisations/markup-in-website.md".to_string(),
            vec!["cannot contain spaces, quotes or angle brackets"],
        ),
        (
            "venues/traversal-hub.md".to_string(),
            vec!["../localities/riverside-east"],
        ),
        ("hubs/theme-escape.md".to_string(), vec!["{{ site.name }}"]),
    ]);
    for (file, words) in &expected {
        let errs = errors_for(&run.stderr, file);
        assert!(!errs.is_empty(), "{file} was accepted:\n{}", run.stderr);
        for w in words {
            assert!(
                errs.iter().any(|e| e.contains(w)),
                "{file}: no error says `{w}`:\n{}",
                errs.join("\n")
            );
        }
    }
    // Each traversal reference is reported where it is written, not just once.
    let trav = errors_for(&run.stderr, "services/traversal-references.md");
    for bad in ["../../etc/passwd", "../../../etc/shadow", "/etc/hosts"] {
        assert!(
            trav.iter().any(|e| e.contains(bad)),
            "{bad} is reported:\n{}",
            trav.join("\n")
        );
    }

    // A build with any of this writes nothing at all.
    let run = signpost(
        dir,
        &["build", "--content", "content", "--output", "out/public"],
    );
    assert_eq!(run.code, Some(1));
    assert!(!dir.join("out").join("public").exists());
    let left: Vec<_> = std::fs::read_dir(dir.join("out"))
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "staging left behind: {left:?}");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_content_folder_are_refused_and_not_followed() {
    let tmp = sample_with("neutralised");
    let dir = tmp.path();
    let secret_dir = dir.join("outside");
    std::fs::create_dir_all(&secret_dir).unwrap();
    let secret = "SECRET-TEXT-FROM-OUTSIDE";
    std::fs::write(
        secret_dir.join("leak.md"),
        format!("---\nname: {secret}\ntype: vcs\n---\n{secret}\n"),
    )
    .unwrap();
    let content = dir.join("content");
    std::os::unix::fs::symlink("/etc/passwd", content.join("services/passwd.md")).unwrap();
    std::os::unix::fs::symlink(&secret_dir, content.join("organisations/elsewhere")).unwrap();
    std::os::unix::fs::symlink(
        secret_dir.join("leak.md"),
        content.join("organisations/leak.md"),
    )
    .unwrap();
    // A link to a folder that is a whole kind of content.
    std::fs::rename(content.join("venues"), dir.join("real-venues")).unwrap();
    std::os::unix::fs::symlink(dir.join("real-venues"), content.join("venues")).unwrap();

    let run = signpost(
        dir,
        &["check", "--content", "content", "--format", "github"],
    );
    assert_eq!(run.code, Some(1));
    for file in [
        "services/passwd.md",
        "organisations/elsewhere",
        "organisations/leak.md",
        "venues",
    ] {
        let errs = errors_for(&run.stderr, file);
        assert!(
            errs.iter().any(|e| e.contains("link to another file")),
            "{file} is refused as a link:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains(secret), "the linked file was read");
    assert!(!run.stderr.contains("root:"), "/etc/passwd was read");

    let run = signpost(
        dir,
        &["build", "--content", "content", "--output", "out/public"],
    );
    assert_eq!(run.code, Some(1));
    assert!(!dir.join("out/public").exists());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_is_refused_not_waited_on() {
    let tmp = sample_with("neutralised");
    let pipe = tmp.path().join("content/services/pipe.md");
    let made = Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|s| s.success()) {
        panic!("mkfifo is needed for this test");
    }
    // Reading a pipe with no writer blocks forever; the check must finish and say why.
    let mut child = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(["check", "--content", "content", "--format", "github"])
        .current_dir(tmp.path())
        .env("SIGNPOST_TODAY", TODAY)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("check hung on a named pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        errors_for(&stderr, "services/pipe.md")
            .iter()
            .any(|e| e.contains("not an ordinary file")),
        "{stderr}"
    );
}

#[test]
fn a_build_never_writes_through_a_link_in_the_output_folder() {
    // An output folder that already holds a link to somewhere else (left by an earlier
    // tool, or planted) is replaced, not written through.
    let tmp = sample_with("neutralised");
    let dir = tmp.path();
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(dir.join("out/public")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&elsewhere, dir.join("out/public/services")).unwrap();
    let run = signpost(
        dir,
        &["build", "--content", "content", "--output", "out/public"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing was written through the old link"
    );
    assert!(
        dir.join("out/public/services/hostile-fields/index.html")
            .is_file()
    );
    assert!(
        !std::fs::symlink_metadata(dir.join("out/public/services"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn the_safety_check_itself_catches_each_kind_of_attack() {
    // Without this, a safety check that found nothing would pass every test above.
    for bad in [
        "<script>alert(1)</script>",
        "<script src=\"https://cdn.example/x.js\"></script>",
        "<p onclick=\"x()\">a</p>",
        "<p style=\"color:red\">a</p>",
        "<a href=\"javascript:alert(1)\">a</a>",
        "<a href=\" JaVa\tScRiPt:alert(1)\">a</a>",
        "<a href=\"data:text/html,x\">a</a>",
        "<iframe src=\"https://x.example\"></iframe>",
        "<img src=\"https://tracker.example/p.gif\">",
        "<style>body{}</style>",
        "<meta http-equiv=\"refresh\" content=\"0\">",
        "<script type=\"application/ld+json\">{\"a\": </script><script>alert(1)</script>",
    ] {
        assert!(
            !html_safety::problems(&format!("<!DOCTYPE html><html><body>{bad}</body></html>"))
                .is_empty(),
            "not caught: {bad}"
        );
    }
    assert!(
        html_safety::problems(
            "<!DOCTYPE html><html><head><script src=\"/assets/search.0123456789.js\"></script>\
             <script type=\"application/ld+json\">{\"@type\": \"Service\"}</script></head>\
             <body><a href=\"https://ok.example/a:b\">ok</a> <a href=\"/needs/\">ok</a> \
             <a href=\"mailto:a@b.example\">ok</a> <a href=\"tel:01632960000\">ok</a></body></html>"
        )
        .is_empty()
    );
}

#[test]
fn a_file_turned_into_a_link_after_listing_is_refused_not_followed() {
    use signpost::content::load::{list_dir, load_one};
    // Files are listed first and read later, while being parsed: a file swapped for a link
    // in between must not be read through the link.
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("secret.txt");
    std::fs::write(&outside, "name: a secret from outside the content folder\n").unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("services")).unwrap();
    let file = content.join("services/swapped.md");
    std::fs::write(&file, "---\nid: swapped\n---\n").unwrap();
    let listed = list_dir(&content).unwrap();
    assert_eq!(listed.len(), 1);
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&outside, &file).unwrap();

    let today = jiff::civil::date(2026, 11, 24);
    let result = load_one(listed.into_iter().next().unwrap(), today);
    assert!(result.item.is_none());
    assert!(
        result
            .diags
            .iter()
            .any(|d| d.message.contains("link to another file")),
        "{:?}",
        result.diags
    );
    assert!(
        !format!("{:?}", result.text).contains("secret"),
        "the link was followed"
    );
}

/// Every input the fuzz target has found (fuzz/known/, one file each) renders to a
/// description that is safe and stays inside its container on the page.
#[test]
fn descriptions_the_fuzzer_broke_stay_inside_their_container() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/known");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/known") {
        let path = entry.expect("entry").path();
        let md = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
        let html = signpost::render::markdown::to_html(&md);
        let problems = html_safety::description_problems(&html);
        assert!(
            problems.is_empty(),
            "{}: {problems:?}\n{html}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen > 0, "no findings in {}", dir.display());
}
