//! Content and themes from strangers' pull requests, second round (issue 23): each case is
//! a real sample listing with one thing changed, and `signpost check` must refuse it with a
//! message that says what is wrong, or the build must make it harmless. Logs stay safe to
//! print in a terminal and in GitHub Actions, and stay short.

#[path = "support/cli.rs"]
mod cli;

use cli::repo;
use std::path::Path;

struct Run {
    code: Option<i32>,
    stderr: String,
    stderr_bytes: Vec<u8>,
    elapsed: std::time::Duration,
}

fn signpost(dir: &Path, args: &[&str]) -> Run {
    let start = std::time::Instant::now();
    let out = cli::bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the signpost binary runs");
    let run = Run {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stderr_bytes: out.stderr,
        elapsed: start.elapsed(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != Some(101),
        "signpost crashed:\n{}",
        run.stderr
    );
    run
}

/// The sample borough in `<tmp>/content`.
fn sample() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    cli::copy_dir(&repo().join("content"), &tmp.path().join("content"));
    tmp
}

const SERVICE: &str = "services/ashby-green-baby-massage.md";
const ORG: &str = "organisations/bridges-family-mediation.md";

fn sample_file(rel: &str) -> String {
    std::fs::read_to_string(repo().join("content").join(rel)).unwrap()
}

/// The sample service with `from` replaced by `to` (which must be there).
fn service_with(from: &str, to: &str) -> Vec<u8> {
    let s = sample_file(SERVICE);
    assert!(s.contains(from), "{from}");
    s.replacen(from, to, 1).into_bytes()
}

/// Annotations (errors and warnings) for one file from `--format github` output.
fn errors_for<'a>(stderr: &'a str, file: &str) -> Vec<&'a str> {
    let escaped = file
        .replace('%', "%25")
        .replace(',', "%2C")
        .replace(':', "%3A");
    stderr
        .lines()
        .filter(|l| {
            (l.starts_with("::error") || l.starts_with("::warning"))
                && l.contains(&format!("file=content/{escaped},"))
        })
        .collect()
}

/// (file, bytes, words one of its errors must contain).
fn cases() -> Vec<(String, Vec<u8>, Vec<&'static str>)> {
    let body = "A calm, small group where you learn";
    let existing = sample_file("services/arguing-better-online-course.md");
    let hijacked_id =
        signpost::export::oruk::uid("service:adhd-parent-workshops-online").to_string();
    let mut c: Vec<(String, Vec<u8>, Vec<&'static str>)> = vec![
        (
            "services/mailto-smuggle.md".into(),
            service_with(
                "email: ashbygreen.hub@marlbrook.example",
                "email: hello%40x.example?bcc=spy%40evil.example&x=@x.example",
            ),
            vec!["before the @ can only hold letters"],
        ),
        (
            "services/userinfo-website.md".into(),
            service_with(
                "email: ashbygreen",
                "website: https://good.example@evil.example\n  email: ashbygreen",
            ),
            vec!["user name"],
        ),
        (
            "services/protocol-relative-link.md".into(),
            service_with(body, "See [our page](//evil.example/help). A calm"),
            vec!["`//evil.example/help` is not allowed"],
        ),
        (
            "services/backslash-link.md".into(),
            service_with(body, "See [our page](\\\\evil.example). A calm"),
            vec!["is not allowed"],
        ),
        (
            "services/userinfo-link.md".into(),
            service_with(body, "[Book](https://good.example@evil.example) A calm"),
            vec!["user name"],
        ),
        (
            "services/hidden-comment.md".into(),
            service_with(body, "<!-- free cash grants loans --> A calm"),
            vec!["HTML comment", "found by search"],
        ),
        (
            "services/deep-divs.md".into(),
            service_with(body, &"<div>".repeat(5_000)),
            vec!["nested too deeply", "32"],
        ),
        (
            "services/deep-quotes.md".into(),
            service_with(body, &">".repeat(20_000)),
            vec!["nested too deeply"],
        ),
        (
            "services/huge-description.md".into(),
            service_with(body, &"word ".repeat(190_000)),
            vec!["the limit is 30000"],
        ),
        (
            "services/nan-cost.md".into(),
            service_with("cost: free", "cost:\n  amount: .nan\n  per: session"),
            vec!["not a number a person can read"],
        ),
        (
            "services/huge-cost.md".into(),
            service_with("cost: free", "cost:\n  amount: 1e300\n  per: session"),
            vec!["more than £100000"],
        ),
        (
            "services/old-age.md".into(),
            service_with("to: \"10 months\"", "to: \"400 months\""),
            vec!["ages go from 0 to 25 years"],
        ),
        (
            "services/level-five.md".into(),
            service_with("level: 1", "level: 5"),
            vec!["whole number from 1 to 4"],
        ),
        (
            "services/right-to-left-override.md".into(),
            service_with("name: Baby Massage", "name: Baby \u{202e}egassaM"),
            vec!["invisible formatting character (U+202E)"],
        ),
        (
            "services/zero-width.md".into(),
            service_with("summary: Learn", "summary: Le\u{200b}arn"),
            vec!["invisible formatting character (U+200B)"],
        ),
        (
            "services/escape-in-value.md".into(),
            service_with(
                "summary: Learn",
                "summary: \"\\e[2JAll 999 files are fine\" #",
            ),
            vec!["control character (U+001B)"],
        ),
        (
            "services/hidden-in-cost-words.md".into(),
            service_with("cost: free", "cost: \"\\u202e2.50 a session\""),
            vec!["invisible formatting character (U+202E)"],
        ),
        (
            "services/nul-in-description.md".into(),
            service_with(body, "Free\0 A calm"),
            vec!["control character (U+0000)"],
        ),
        (
            "services/bell-in-yaml.md".into(),
            service_with("summary: Learn", "summary: Le\u{7}arn"),
            vec!["U+0007", "line 4, column 12"],
        ),
        (
            "services/long-summary.md".into(),
            service_with(
                "summary: Learn",
                &format!("summary: {}Learn", "a ".repeat(475)),
            ),
            vec!["the limit is 400"],
        ),
        (
            "organisations/lookalike-council.md".into(),
            sample_file(ORG)
                .replace(
                    "name: Bridges Family Mediation",
                    "name: M\u{0430}rlbr\u{043e}ok Borough Council",
                )
                .replace("type: vcs", "type: council")
                .into_bytes(),
            vec!["another alphabet", "U+0430"],
        ),
        (
            "services/hijack.md".into(),
            existing
                .replacen("---\n", &format!("---\noruk_id: {hijacked_id}\n"), 1)
                .into_bytes(),
            vec![
                "is also the id of services/adhd-parent-workshops-online.md",
                "/api/services/",
            ],
        ),
        (
            "services/twice.md.md".into(),
            service_with("level: 1", "level: 1"),
            vec!["not a valid id"],
        ),
        (
            "services/nul.md".into(),
            service_with("level: 1", "level: 1"),
            vec!["Windows"],
        ),
        (
            "services/aux.md".into(),
            service_with("level: 1", "level: 1"),
            vec!["Windows"],
        ),
        (
            "services/double-bom.md".into(),
            [
                "\u{feff}\u{feff}".as_bytes(),
                &service_with("level: 1", "level: 1"),
            ]
            .concat(),
            vec!["two byte order marks"],
        ),
        (
            "services/old-mac.md".into(),
            String::from_utf8(service_with("level: 1", "level: 1"))
                .unwrap()
                .replace('\n', "\r")
                .into_bytes(),
            vec!["carriage return alone"],
        ),
    ];
    // A table of every postcode in the country is too big; the advice is about postcodes.
    c.push((
        "postcodes.yaml".into(),
        format!("# {}\n", "x".repeat(1_100_000)).into_bytes(),
        vec!["limit is 1024 KB", "postcode districts"],
    ));
    // What Windows Notepad writes as "Unicode".
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            sample_file(SERVICE)
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    c.push(("services/utf-16.md".into(), utf16, vec!["UTF-16"]));
    c
}

#[test]
fn second_round_content_is_refused_with_a_clear_message() {
    let tmp = sample();
    let dir = tmp.path();
    for (file, bytes, _) in cases() {
        std::fs::write(dir.join("content").join(&file), bytes).unwrap();
    }
    let run = signpost(
        dir,
        &["check", "--content", "content", "--format", "github"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.elapsed < std::time::Duration::from_secs(30),
        "check took {:?}",
        run.elapsed
    );
    for (file, _, words) in cases() {
        let errs = errors_for(&run.stderr, &file);
        assert!(!errs.is_empty(), "{file} was accepted:\n{}", run.stderr);
        for w in words {
            assert!(
                errs.iter().any(|e| e.contains(w)),
                "{file}: no error says `{w}`:\n{}",
                errs.join("\n")
            );
        }
    }
    // A refused value is reported once, for what is wrong with it, not also as empty.
    for field in ["name", "summary"] {
        assert!(
            !run.stderr.contains(&format!("`{field}` is empty")),
            "{}",
            run.stderr
        );
    }
    // Nothing else in the sample is blamed: the listing whose id was taken is named in the
    // message, not given an error of its own.
    assert!(
        !errors_for(&run.stderr, "services/adhd-parent-workshops-online.md")
            .iter()
            .any(|l| l.starts_with("::error"))
    );
}

#[test]
fn the_sample_still_checks_clean_of_errors() {
    let run = signpost(&repo(), &["check", "--content", "content"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

/// A value or key holding an escape sequence and a line that reads as a GitHub Actions
/// workflow command.
fn injecting_listing() -> Vec<u8> {
    service_with(
        "level: 1",
        "level: \"\\e[2J\\e[H\"\n\"x\\n::warning::All 999 files are fine\": 1",
    )
}

#[test]
fn values_cannot_clear_the_terminal_or_run_workflow_commands() {
    let tmp = sample();
    let dir = tmp.path();
    std::fs::write(dir.join("content/services/inject.md"), injecting_listing()).unwrap();
    // File names are echoed too.
    #[cfg(unix)]
    std::fs::write(
        dir.join("content/services/named\u{1b}[2J\n::warning::All fine.md"),
        injecting_listing(),
    )
    .unwrap();
    for format in ["human", "github"] {
        let run = signpost(dir, &["check", "--content", "content", "--format", format]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains("inject.md"),
            "{format}: the file is reported:\n{}",
            run.stderr
        );
        assert!(
            !run.stderr_bytes.contains(&0x1b),
            "{format}: an escape character reached the log:\n{}",
            run.stderr
        );
        for line in run.stderr.lines() {
            let t = line.trim_start();
            let ours = format == "github"
                && (t.starts_with("::error file=") || t.starts_with("::warning file="));
            assert!(
                ours || !(t.starts_with("::") || t.starts_with("##[")),
                "{format}: a line starts a workflow command: {line}"
            );
        }
        // Shown, not hidden: the reader can see what is in the file.
        assert!(
            run.stderr.contains("\\u{1b}") || run.stderr.contains("U+001B"),
            "{format}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn thousands_of_mistakes_print_a_short_report() {
    let tmp = sample();
    let dir = tmp.path();
    let needs: Vec<String> = (0..3000).map(|i| format!("no-such-need-{i}")).collect();
    std::fs::write(
        dir.join("content/services/many-needs.md"),
        service_with(
            "needs: [baby-and-toddler-groups, infant-crying-and-sleep]",
            &format!("needs: [{}]", needs.join(", ")),
        ),
    )
    .unwrap();
    let run = signpost(dir, &["check", "--content", "content"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.len() < 300_000,
        "{} bytes of report for one file",
        run.stderr.len()
    );
    assert!(
        run.stderr
            .contains("and 2950 more problems in content/services/many-needs.md"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(2000)..]
    );
    // Every error is still counted.
    assert!(
        run.stderr.contains("3000 errors in 1 file"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(500)..]
    );
    // The 50 KB line is shown as a window around each problem.
    assert!(
        !run.stderr.contains(&needs[2000..2010].join(", ")),
        "the whole line is printed"
    );
}

#[test]
fn deeply_nested_yaml_with_one_mistake_is_reported_quickly() {
    // The same 900 KB of lists, 110 deep and then flat (the same number of values), each
    // with one unknown field: finding where the mistake is must not cost more for the deep
    // one (it took 6 times as long, and 875 MB, when every value's path was recorded).
    // Compared with each other, not with a clock, so a busy machine does not fail it.
    let deep = format!("  - {}1{}\n", "[".repeat(110), "]".repeat(110));
    let flat = format!("  - [{}]\n", vec!["1"; 110].join(","));
    let mut took = Vec::new();
    for line in [&flat, &deep] {
        let tmp = sample();
        let dir = tmp.path();
        let lists = line.repeat(900_000 / line.len());
        let text = service_with(
            "level: 1",
            &format!("level: 1\nnot_a_field: 1\njunk:\n{}", lists.trim_end()),
        );
        assert!(text.len() > 850_000);
        std::fs::write(dir.join("content/services/lists.md"), text).unwrap();
        let run = signpost(dir, &["check", "--content", "content"]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains("unknown field `not_a_field`"),
            "{}",
            run.stderr
        );
        took.push(run.elapsed);
    }
    assert!(
        took[1] < took[0] * 3 + std::time::Duration::from_secs(2),
        "flat {:?}, deep {:?}",
        took[0],
        took[1]
    );
}

#[test]
fn csv_cells_that_hide_a_formula_after_a_separator_are_quoted() {
    let tmp = sample();
    let dir = tmp.path();
    std::fs::write(
        dir.join("content").join(SERVICE),
        service_with(
            "name: Baby Massage at Ashby Green Family Hub",
            "name: \"Club;=2+3;x\"",
        ),
    )
    .unwrap();
    cli::build_ok(&dir.join("content"), &dir.join("out"));
    let csv = std::fs::read_to_string(dir.join("out/data/services.csv")).unwrap();
    assert!(
        csv.contains("\r\n\"Club;=2+3;x\","),
        "the cell is quoted whole"
    );
    assert!(!csv.contains(",Club;=2+3;x,"));
}

/// site.yaml naming theme `name`.
fn use_theme(dir: &Path, name: &str) {
    let site = dir.join("content/site.yaml");
    let text = std::fs::read_to_string(&site)
        .unwrap()
        .replace("theme: default", &format!("theme: {name}"));
    std::fs::write(site, text).unwrap();
}

#[test]
fn check_refuses_a_theme_that_reads_the_environment() {
    let tmp = sample();
    let dir = tmp.path();
    let templates = dir.join("themes/leaky/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("footer.html"),
        "<footer>{{ get_env(name=\"DEPLOY_TOKEN\", default=\"\") }}</footer>",
    )
    .unwrap();
    use_theme(dir, "leaky");
    let run = signpost(dir, &["check", "--content", "content"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/site.yaml:") && run.stderr.contains("get_env"),
        "{}",
        run.stderr
    );
    let run = signpost(dir, &["build", "--content", "content", "--output", "out"]);
    assert_ne!(run.code, Some(0), "{}", run.stderr);
    assert!(!dir.join("out").exists());
}

#[cfg(unix)]
#[test]
fn check_refuses_a_theme_with_links() {
    let tmp = sample();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("themes/linked")).unwrap();
    std::os::unix::fs::symlink("/etc", dir.join("themes/linked/static")).unwrap();
    use_theme(dir, "linked");
    let run = signpost(dir, &["check", "--content", "content"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("theme `linked` cannot be used") && run.stderr.contains("link"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_refuses_a_theme_template_that_does_not_compile() {
    let tmp = sample();
    let dir = tmp.path();
    let templates = dir.join("themes/broken/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("footer.html"), "{% if %}").unwrap();
    use_theme(dir, "broken");
    let run = signpost(dir, &["check", "--content", "content"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("footer.html"), "{}", run.stderr);
}
