//! Integration tests for `signpost check`: run the real binary on a copy of
//! tests/fixtures/broken (one deliberate mistake per file) and check that every mistake is
//! reported with the right file, line, column and message, that the exit codes are right, and
//! that nothing a volunteer can type makes the checker crash.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const TODAY: &str = "2026-11-24";
const MAX_FILE_BYTES: usize = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn annotations(&self) -> Vec<Annotation> {
        parse_github(&self.stderr)
    }
    fn assert_no_panic(&self, what: &str) {
        assert!(
            !self.stderr.contains("panicked") && self.code != Some(101),
            "{what}: signpost crashed (exit {:?}) instead of reporting a problem:\n{}",
            self.code,
            self.stderr
        );
    }
}

/// Runs `signpost <args>` in `dir` (so `--content content` shows paths as `content/...`).
fn signpost(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(args)
        .current_dir(dir)
        .env("SIGNPOST_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the signpost binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn check(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--content", "content"];
    args.extend_from_slice(extra);
    signpost(dir, &args)
}

// ---------------------------------------------------------------------------------------------
// GitHub annotations: `::error file=PATH,line=L,col=C,title=T::MESSAGE`
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
struct Annotation {
    level: String,
    file: String,
    line: usize,
    col: usize,
    title: String,
    message: String,
}

impl std::fmt::Display for Annotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}:{}:{} [{}] {}",
            self.level, self.file, self.line, self.col, self.title, self.message
        )
    }
}

fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

fn parse_github(stderr: &str) -> Vec<Annotation> {
    let mut out = Vec::new();
    for raw in stderr.lines() {
        let Some(rest) = raw.strip_prefix("::") else {
            continue;
        };
        let (level, rest) = rest
            .split_once(' ')
            .unwrap_or_else(|| panic!("malformed annotation: {raw}"));
        // Properties escape `:`, so the first `::` ends them.
        let (props, message) = rest
            .split_once("::")
            .unwrap_or_else(|| panic!("malformed annotation: {raw}"));
        let props: BTreeMap<&str, String> = props
            .split(',')
            .map(|p| {
                let (k, v) = p
                    .split_once('=')
                    .unwrap_or_else(|| panic!("malformed property {p:?} in: {raw}"));
                (k, unescape(v))
            })
            .collect();
        let num = |k: &str| -> usize {
            props
                .get(k)
                .unwrap_or_else(|| panic!("no {k}= in: {raw}"))
                .parse()
                .unwrap_or_else(|_| panic!("bad {k}= in: {raw}"))
        };
        out.push(Annotation {
            level: level.to_string(),
            file: props
                .get("file")
                .unwrap_or_else(|| panic!("no file= in: {raw}"))
                .clone(),
            line: num("line"),
            col: num("col"),
            title: props.get("title").cloned().unwrap_or_default(),
            message: unescape(message),
        });
    }
    out
}

fn listing(anns: &[Annotation]) -> String {
    anns.iter()
        .map(|a| format!("  {a}"))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Fixture folders
// ---------------------------------------------------------------------------------------------

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken")
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// A valid service listing, for tests that need one more file with a small change.
fn valid_service() -> String {
    std::fs::read_to_string(fixture().join("services/stay-and-play.md")).unwrap()
}

/// The whole fixture plus the files made at run time. Returns the temp dir; content is in
/// `<tmp>/content`.
fn broken_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture(), &content);
    // Saved as Latin-1 by an old editor: "Café" with é as the single byte 0xE9, on line 2.
    let latin1 = valid_service().replacen("name: Stay and Play", "name: Caf\u{e9} Club", 1);
    let bytes: Vec<u8> = latin1
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
        .collect();
    assert!(std::str::from_utf8(&bytes).is_err());
    std::fs::write(content.join("services/not-utf8.md"), bytes).unwrap();
    // One byte over the 1 MB limit: valid fields, then a very long description.
    let mut big = valid_service().into_bytes();
    big.resize(MAX_FILE_BYTES + 1, b'a');
    std::fs::write(content.join("services/oversized.md"), big).unwrap();
    tmp
}

/// The fixture with every broken file removed: only valid listings and the stale one remain.
fn valid_site(keep_stale: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture(), &content);
    for case in CASES {
        let _ = std::fs::remove_file(content.join(case.file));
    }
    if !keep_stale {
        std::fs::remove_file(content.join(STALE.file)).unwrap();
    }
    tmp
}

/// One run over the broken fixture per format, shared by the tests that only read it.
fn broken_run(format: &str) -> &'static Run {
    static GITHUB: OnceLock<Run> = OnceLock::new();
    static HUMAN: OnceLock<Run> = OnceLock::new();
    let cell = if format == "github" { &GITHUB } else { &HUMAN };
    cell.get_or_init(|| {
        let tmp = broken_site();
        check(tmp.path(), &["--format", format])
    })
}

// ---------------------------------------------------------------------------------------------
// What is expected: one row per broken file
// ---------------------------------------------------------------------------------------------

struct Case {
    /// Relative to the content folder.
    file: &'static str,
    line: usize,
    /// The text the diagnostic must point at: the column is where it starts on `line`.
    /// None for whole-file problems (column 1) and for positions checked elsewhere.
    at: Option<&'static str>,
    /// Every fragment must appear in the message.
    message: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "services/yaml-syntax-error.md",
        line: 4,
        // The second `: ` in `summary: Rhyme time: songs...`.
        at: Some(": songs"),
        message: &[
            "the YAML cannot be read",
            "put the whole value in double quotes",
        ],
    },
    Case {
        file: "services/missing-required-field.md",
        line: 2,
        // Column checked in `a_missing_field_points_at_the_start_of_the_fields`.
        at: None,
        message: &["missing required field `summary`"],
    },
    Case {
        file: "services/unknown-field.md",
        line: 4,
        at: Some("sumary"),
        message: &["unknown field `sumary`", "did you mean `summary`?"],
    },
    Case {
        file: "services/wrong-type-level.md",
        line: 9,
        at: Some("high"),
        message: &["`high` is not a level of need"],
    },
    Case {
        file: "services/wrong-type-list.md",
        line: 2,
        at: Some("[Story, Time]"),
        message: &["`name`", "expected text, found a list"],
    },
    Case {
        file: "services/unknown-need.md",
        line: 5,
        at: Some("baby-and-toddler-group]"),
        message: &[
            "there is no need called `baby-and-toddler-group`",
            "did you mean `baby-and-toddler-groups`?",
        ],
    },
    Case {
        file: "venues/unknown-hub.md",
        line: 10,
        at: Some("centrl-family-hub"),
        message: &[
            "there is no hub called `centrl-family-hub`",
            "did you mean `central-family-hub`?",
        ],
    },
    Case {
        file: "venues/unknown-locality.md",
        line: 9,
        at: Some("town-centr"),
        message: &[
            "there is no locality called `town-centr`",
            "did you mean `town-centre`?",
        ],
    },
    Case {
        file: "services/unknown-venue.md",
        line: 14,
        at: Some("village-hal]"),
        message: &[
            "there is no venue called `village-hal`",
            "did you mean `village-hall`?",
        ],
    },
    Case {
        file: "services/unknown-organisation.md",
        line: 3,
        at: Some("famly-hubs"),
        message: &[
            "there is no organisation called `famly-hubs`",
            "did you mean `family-hubs`?",
        ],
    },
    Case {
        file: "services/b/dup.md",
        line: 1,
        at: None,
        message: &["the id `dup` is already used by services/a/dup.md"],
    },
    Case {
        file: "organisations/invalid-email.md",
        line: 7,
        at: Some("hello.helpinghands.example"),
        message: &["`hello.helpinghands.example` is not an email address"],
    },
    Case {
        file: "services/invalid-phone.md",
        line: 21,
        at: Some("01632 9601"),
        message: &["`01632 9601` is not a UK phone number"],
    },
    Case {
        file: "services/invalid-url.md",
        line: 22,
        at: Some("javascript:alert(1)"),
        message: &["`javascript:alert(1)` is not a web address", "https://"],
    },
    Case {
        file: "venues/invalid-postcode.md",
        line: 6,
        at: Some("MB1 4QC"),
        message: &["`MB1 4QC` is not a UK postcode"],
    },
    Case {
        file: "venues/coordinates-outside-uk.md",
        line: 7,
        at: Some("48.8566"),
        message: &["48.8566, 2.3522 is outside the UK"],
    },
    Case {
        file: "services/reversed-age-range.md",
        line: 8,
        at: Some("5"),
        message: &["`ages.to`", "the age range is the wrong way round"],
    },
    Case {
        file: "services/reversed-time-range.md",
        line: 18,
        at: Some("\"13:00\""),
        message: &["ends at 13:00 is not after starts at 14:00"],
    },
    Case {
        file: "services/invalid-date.md",
        line: 22,
        at: Some("2026-02-30"),
        message: &["`2026-02-30` is not a real date"],
    },
    Case {
        file: "services/future-reviewed-date.md",
        line: 22,
        at: Some("2099-01-01"),
        message: &[
            "the review date 2099-01-01 is in the future",
            "today is 2026-11-24",
        ],
    },
    Case {
        file: "services/no-way-to-reach.md",
        line: 13,
        at: Some("where"),
        message: &["families cannot tell where this service happens"],
    },
    Case {
        file: "services/no-contact.md",
        line: 2,
        at: Some("name"),
        message: &[
            "families have no way to contact this service",
            "nor does its organisation",
        ],
    },
    Case {
        file: "services/empty.md",
        line: 1,
        at: None,
        message: &["the file is empty"],
    },
    Case {
        file: "services/notes.txt",
        line: 1,
        at: None,
        message: &[
            "signpost does not know what this file is",
            "services/notes.md",
        ],
    },
    // Made at run time by `broken_site`.
    Case {
        file: "services/not-utf8.md",
        line: 2,
        at: None,
        message: &["not saved as UTF-8"],
    },
    Case {
        file: "services/oversized.md",
        line: 1,
        at: None,
        message: &["the limit is 1024 KB"],
    },
];

/// The stale listing: a warning, or an error with --strict.
const STALE: Case = Case {
    file: "services/stale-listing.md",
    line: 22,
    at: Some("2023-05-15"),
    message: &["last checked on 2023-05-15, more than 12 months ago"],
};

/// Files made at run time, with the column the diagnostic must point at.
fn runtime_col(file: &str) -> Option<usize> {
    match file {
        // "name: Caf" is 9 characters; the bad byte is the 10th.
        "services/not-utf8.md" => Some(10),
        _ => None,
    }
}

/// The 1-based character column the diagnostic must have, or None when not checked here.
fn expected_col(case: &Case) -> Option<usize> {
    if let Some(c) = runtime_col(case.file) {
        return Some(c);
    }
    let Some(at) = case.at else {
        // Whole-file problems are at column 1; the missing field has its own test.
        return if case.file == "services/missing-required-field.md" {
            None
        } else {
            Some(1)
        };
    };
    let text = std::fs::read_to_string(fixture().join(case.file)).unwrap();
    let line = text
        .lines()
        .nth(case.line - 1)
        .unwrap_or_else(|| panic!("{} has no line {}", case.file, case.line));
    // The last occurrence: the value, not a key of the same spelling.
    let byte = line.rfind(at).unwrap_or_else(|| {
        panic!(
            "fixture {} line {} ({line:?}) does not contain {at:?}",
            case.file, case.line
        )
    });
    Some(line[..byte].chars().count() + 1)
}

fn content_path(file: &str) -> String {
    format!("content/{file}")
}

fn find<'a>(anns: &'a [Annotation], level: &str, case: &Case) -> Option<&'a Annotation> {
    let col = expected_col(case);
    anns.iter().find(|a| {
        a.level == level
            && a.file == content_path(case.file)
            && a.line == case.line
            && col.is_none_or(|c| a.col == c)
            && case.message.iter().all(|m| a.message.contains(m))
    })
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

#[test]
fn every_mistake_is_reported_at_its_file_line_and_column() {
    let run = broken_run("github");
    run.assert_no_panic("broken fixture");
    assert_eq!(
        run.code,
        Some(1),
        "content errors exit with 1\n{}",
        run.stderr
    );
    let anns = run.annotations();
    let mut missing = Vec::new();
    for case in CASES {
        if find(&anns, "error", case).is_none() {
            missing.push(format!(
                "  {}:{}:{} error containing {:?}",
                content_path(case.file),
                case.line,
                expected_col(case)
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "*".into()),
                case.message
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "expected diagnostics not found:\n{}\n\nall diagnostics:\n{}",
        missing.join("\n"),
        listing(&anns)
    );
}

#[test]
fn all_mistakes_are_reported_in_one_run_and_valid_files_are_not_blamed() {
    let run = broken_run("github");
    let anns = run.annotations();
    let expected: BTreeSet<String> = CASES.iter().map(|c| content_path(c.file)).collect();
    let got: BTreeSet<String> = anns
        .iter()
        .filter(|a| a.level == "error")
        .map(|a| a.file.clone())
        .collect();
    let not_reported: Vec<_> = expected.difference(&got).collect();
    let wrongly_blamed: Vec<_> = got.difference(&expected).collect();
    assert!(
        not_reported.is_empty() && wrongly_blamed.is_empty(),
        "files with no error: {not_reported:?}\nfiles blamed wrongly: {wrongly_blamed:?}\n{}",
        listing(&anns)
    );
    // The only warning is the stale listing.
    let warnings: Vec<_> = anns.iter().filter(|a| a.level == "warning").collect();
    assert_eq!(
        warnings.len(),
        1,
        "one warning expected:\n{}",
        listing(&anns)
    );
    let summary = run.stderr.lines().last().unwrap_or_default();
    assert!(
        summary.contains(&format!("in {} files (and 1 warning)", CASES.len())),
        "the summary should count {} files with errors: {summary}",
        CASES.len()
    );
    assert!(
        run.stdout.is_empty(),
        "check prints its report on stderr only, stdout was: {}",
        run.stdout
    );
}

#[test]
fn each_mistake_is_reported_once() {
    // One mistake should give one error: a second, knock-on error sends people looking for a
    // problem that is not there.
    let anns = broken_run("github").annotations();
    let mut problems = Vec::new();
    for case in CASES {
        let mine: Vec<_> = anns
            .iter()
            .filter(|a| a.file == content_path(case.file))
            .collect();
        if mine.len() != 1 {
            problems.push(format!(
                "{} has 1 mistake but {} diagnostics:\n{}",
                case.file,
                mine.len(),
                mine.iter()
                    .map(|a| format!("    {a}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn unknown_field_and_unknown_need_suggest_the_right_spelling() {
    let human = &broken_run("human").stderr;
    assert!(
        human.contains("did you mean `summary`?"),
        "no suggestion for `sumary`:\n{human}"
    );
    assert!(
        human.contains("did you mean `baby-and-toddler-groups`?"),
        "no suggestion for the need:\n{human}"
    );
    let gh = broken_run("github").annotations();
    let field = gh
        .iter()
        .find(|a| a.file.ends_with("unknown-field.md") && a.message.contains("unknown field"))
        .expect("unknown field reported");
    assert!(field.message.contains("did you mean `summary`?"), "{field}");
    let need = gh
        .iter()
        .find(|a| a.file.ends_with("unknown-need.md"))
        .expect("unknown need reported");
    assert!(
        need.message
            .contains("did you mean `baby-and-toddler-groups`?"),
        "{need}"
    );
}

#[test]
fn a_missing_field_points_at_the_start_of_the_fields() {
    // There is no line for a missing field, so it should point at the first field (line 2,
    // column 1), not into the middle of it.
    let anns = broken_run("github").annotations();
    let a = anns
        .iter()
        .find(|a| a.file == "content/services/missing-required-field.md")
        .unwrap_or_else(|| panic!("missing field not reported:\n{}", listing(&anns)));
    assert_eq!(
        (a.line, a.col),
        (2, 1),
        "expected line 2 column 1 (the start of `name: Baby Massage`): {a}"
    );
}

#[test]
fn stale_listing_is_a_warning_and_an_error_with_strict() {
    // In the broken fixture: same place, warning then error.
    let gh = broken_run("github").annotations();
    assert!(
        find(&gh, "warning", &STALE).is_some(),
        "stale listing should be a warning:\n{}",
        listing(&gh)
    );
    assert!(
        find(&gh, "error", &STALE).is_none(),
        "stale listing should not be an error without --strict"
    );

    // With nothing else wrong, a stale listing passes, and fails with --strict.
    let tmp = valid_site(true);
    let plain = check(tmp.path(), &["--format", "github"]);
    plain.assert_no_panic("valid site with stale listing");
    assert_eq!(
        plain.code,
        Some(0),
        "a warning alone does not fail the check:\n{}",
        plain.stderr
    );
    let anns = plain.annotations();
    assert_eq!(anns.len(), 1, "{}", listing(&anns));
    assert!(
        find(&anns, "warning", &STALE).is_some(),
        "{}",
        listing(&anns)
    );
    assert!(plain.stderr.contains("1 warning"), "{}", plain.stderr);

    let strict = check(tmp.path(), &["--format", "github", "--strict"]);
    assert_eq!(
        strict.code,
        Some(1),
        "--strict fails on a stale listing:\n{}",
        strict.stderr
    );
    let anns = strict.annotations();
    assert!(
        find(&anns, "error", &STALE).is_some(),
        "--strict should report the stale listing as an error:\n{}",
        listing(&anns)
    );
    assert!(
        anns.iter().all(|a| a.level == "error"),
        "{}",
        listing(&anns)
    );
}

#[test]
fn the_valid_part_of_the_fixture_passes() {
    let tmp = valid_site(false);
    let run = check(tmp.path(), &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("All ") && run.stderr.contains("files are fine"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_sample_content_passes() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let run = signpost(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "check",
            "--content",
            sample.to_str().unwrap(),
            "--format",
            "github",
        ],
    );
    run.assert_no_panic("sample content");
    let errors: Vec<_> = run
        .annotations()
        .into_iter()
        .filter(|a| a.level == "error")
        .collect();
    assert!(
        errors.is_empty(),
        "the sample content has errors:\n{}",
        listing(&errors)
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

/// The human report block for `file:line:col`: from its `error:` title to the blank line.
fn human_block<'a>(stderr: &'a str, location: &str) -> &'a str {
    let at = stderr
        .find(location)
        .unwrap_or_else(|| panic!("no `{location}` in the report:\n{stderr}"));
    let start = stderr[..at]
        .rfind("error:")
        .or_else(|| stderr[..at].rfind("warning:"))
        .unwrap_or(0);
    let end = stderr[at..]
        .find("\n\n")
        .map(|e| at + e)
        .unwrap_or(stderr.len());
    &stderr[start..end]
}

/// Checks the block shows `source_line` with its line number, and a caret line whose first
/// `^` is under the start of `token` (counted in characters, as a terminal shows them).
fn assert_caret_under(block: &str, line_no: usize, source_line: &str, token: &str) {
    let lines: Vec<&str> = block.lines().collect();
    let i = lines
        .iter()
        .position(|l| {
            l.trim_start().starts_with(&format!("{line_no} |")) && l.ends_with(source_line)
        })
        .unwrap_or_else(|| {
            panic!("the snippet does not show line {line_no} `{source_line}`:\n{block}")
        });
    let shown = lines[i];
    let caret = lines
        .get(i + 1)
        .unwrap_or_else(|| panic!("no caret line after line {line_no}:\n{block}"));
    let gutter = &shown[..shown.len() - source_line.len()];
    let token_byte = source_line
        .find(token)
        .expect("token is in the source line");
    let want = gutter.chars().count() + source_line[..token_byte].chars().count();
    let got = caret.chars().position(|c| c == '^');
    assert_eq!(
        got,
        Some(want),
        "the caret should start under `{token}` (character {want}), it starts at {got:?}:\n{shown}\n{caret}"
    );
}

#[test]
fn human_format_shows_the_line_and_a_caret_under_the_mistake() {
    let run = broken_run("human");
    run.assert_no_panic("human report");
    assert_eq!(run.code, Some(1));
    assert!(
        !run.stderr.contains('\u{1b}'),
        "no colour codes when stderr is not a terminal"
    );

    let block = human_block(&run.stderr, "content/services/unknown-field.md:4:1");
    assert!(block.starts_with("error:"), "{block}");
    assert!(block.contains("unknown field `sumary`"), "{block}");
    assert_caret_under(
        block,
        4,
        "sumary: Play sessions for babies and young children with their grown-ups.",
        "sumary",
    );
    assert!(
        block.contains("^^^^^^ here"),
        "the caret should cover `sumary`:\n{block}"
    );
    assert!(block.contains("help: did you mean `summary`?"), "{block}");

    let block = human_block(&run.stderr, "content/organisations/invalid-email.md:7:10");
    assert_caret_under(block, 7, "  email: hello.helpinghands.example", "hello");
    assert!(
        block.contains(&"^".repeat("hello.helpinghands.example".len())),
        "{block}"
    );

    let block = human_block(&run.stderr, "content/services/reversed-time-range.md:18:11");
    assert_caret_under(block, 18, "    ends: \"13:00\"", "\"13:00\"");

    // Whole-file problems still say where.
    assert!(
        run.stderr.contains("content/services/empty.md:1:1"),
        "{}",
        run.stderr
    );

    let last = run.stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.contains("Fix the lines shown above"),
        "summary line: {last}"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let tmp = tempfile::tempdir().unwrap();
    let unknown_flag = signpost(tmp.path(), &["check", "--no-such-flag"]);
    assert_eq!(unknown_flag.code, Some(2), "{}", unknown_flag.stderr);
    assert!(
        unknown_flag.stderr.contains("--no-such-flag"),
        "{}",
        unknown_flag.stderr
    );

    let bad_format = signpost(tmp.path(), &["check", "--format", "xml", "--content", "."]);
    assert_eq!(bad_format.code, Some(2), "{}", bad_format.stderr);
    assert!(
        bad_format.stderr.contains("human") && bad_format.stderr.contains("github"),
        "should list the formats: {}",
        bad_format.stderr
    );

    let missing = signpost(tmp.path(), &["check", "--content", "no-such-folder"]);
    assert_eq!(missing.code, Some(2), "{}", missing.stderr);
    assert!(
        missing.stderr.contains("no-such-folder") && missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
    assert!(!missing.stderr.contains("panicked"));
}

#[test]
fn oversized_file_message_shows_a_size_over_the_limit() {
    // The file is 1 MB and 1 byte. "the file is 1024 KB; the limit is 1024 KB" reads as if
    // the file were within the limit.
    let anns = broken_run("github").annotations();
    let a = anns
        .iter()
        .find(|a| a.file == "content/services/oversized.md")
        .expect("oversized file reported");
    let size: String = a
        .message
        .split("the file is ")
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let size: u64 = size.parse().unwrap_or_else(|_| panic!("no size in: {a}"));
    assert!(
        size > 1024,
        "a file over the limit is reported as {size} KB, which is not over the 1024 KB limit: {a}"
    );
}

/// A temp content folder: the valid fixture plus `files` (path, bytes).
fn site_with(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let tmp = valid_site(false);
    for (path, bytes) in files {
        let p = tmp.path().join("content").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    tmp
}

#[test]
fn garbage_files_are_reported_not_crashed_on() {
    let n = 2000;
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
    let nested_block: String = (0..300)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    let garbage: Vec<(&str, Vec<u8>)> = vec![
        ("services/deeply-nested-flow.md", format!("---\nname: {}{}\n---\n", "[".repeat(n), "]".repeat(n)).into_bytes()),
        ("services/deeply-nested-block.md", format!("---\n{nested_block}---\n").into_bytes()),
        ("services/billion-laughs.md", bomb.into_bytes()),
        ("services/list-front-matter.md", b"---\n- name: A list\n- summary: not fields\n---\nbody\n".to_vec()),
        ("services/scalar-front-matter.md", b"---\njust some words\n---\nbody\n".to_vec()),
        ("services/only-dashes.md", b"---\n".to_vec()),
        ("services/empty-front-matter.md", b"---\n---\nbody\n".to_vec()),
        ("services/no-front-matter.md", b"Just a description, no fields.\n".to_vec()),
        ("services/undefined-alias.md", b"---\nname: *nowhere\n---\n".to_vec()),
        ("services/tab-indented.md", b"---\nwhere:\n\tvenues: [village-hall]\n---\n".to_vec()),
        ("services/complex-key.md", b"---\n? [a, b]\n: c\nname: x\n---\n".to_vec()),
        ("services/nul-bytes.md", b"---\nname: a\0b\n---\n".to_vec()),
        ("services/only-bom.md", "\u{feff}".as_bytes().to_vec()),
        ("services/wrong-types-everywhere.md", b"---\nname: {a: 1}\nneeds: {x: 1}\nages: [1, 2]\nwhere: 7\nschedule: {a: b}\ncontact: [1]\nreviewed: [2026]\ncost: [free]\n---\n".to_vec()),
    ];
    let tmp = site_with(&garbage);
    for format in ["github", "human"] {
        let run = check(tmp.path(), &["--format", format]);
        run.assert_no_panic(&format!("garbage files, {format} format"));
        assert_eq!(
            run.code,
            Some(1),
            "{format}: garbage is a content error (exit 1):\n{}",
            run.stderr
        );
        if format == "github" {
            let anns = run.annotations();
            for (file, _) in &garbage {
                assert!(
                    anns.iter()
                        .any(|a| a.level == "error" && a.file == content_path(file)),
                    "{file} was accepted without an error:\n{}",
                    listing(&anns)
                );
            }
        }
    }
}

#[test]
fn a_need_typo_after_a_repeated_need_is_pointed_at() {
    // The third item is the typo. Dropping the repeated second item must not shift the
    // position of the error onto the wrong item.
    let svc = valid_service().replacen(
        "needs: [baby-and-toddler-groups]",
        "needs: [infant-feeding, infant-feeding, babi-and-toddler-groups]",
        1,
    );
    let tmp = site_with(&[("services/repeated-need.md", svc.into_bytes())]);
    let run = check(tmp.path(), &["--format", "github"]);
    let anns = run.annotations();
    let a = anns
        .iter()
        .find(|a| {
            a.message
                .contains("there is no need called `babi-and-toddler-groups`")
        })
        .unwrap_or_else(|| panic!("typo not reported:\n{}", listing(&anns)));
    let col = "needs: [infant-feeding, infant-feeding, ".len() + 1;
    assert_eq!(
        (a.line, a.col),
        (5, col),
        "should point at the third item: {a}"
    );
    assert!(
        a.title.ends_with("needs[3]"),
        "the field is the third need, not {:?}: {a}",
        a.title
    );
}

/// A service whose summary has an accented word and an unquoted `: `.
fn accented_syntax_error(summary: &str) -> tempfile::TempDir {
    let svc = valid_service().replacen(
        "summary: Play sessions for babies and young children with their grown-ups.",
        &format!("summary: {summary}"),
        1,
    );
    site_with(&[("services/accented.md", svc.into_bytes())])
}

#[test]
fn human_report_does_not_crash_on_an_accented_line() {
    // Polish and French names are common in listings; a colon after them is a common slip.
    let tmp = accented_syntax_error("Zajęcia dla dzieci: rhymes in Polish");
    let gh = check(tmp.path(), &["--format", "github"]);
    gh.assert_no_panic("github format");
    let anns = gh.annotations();
    assert!(
        anns.iter()
            .any(|a| a.file == "content/services/accented.md" && a.line == 4),
        "{}",
        listing(&anns)
    );
    let tmp = accented_syntax_error("ééé: x");
    let human = check(tmp.path(), &[]);
    human.assert_no_panic("human format, `summary: ééé: x`");
    assert_eq!(human.code, Some(1), "{}", human.stderr);
    assert!(
        human.stderr.contains("the YAML cannot be read"),
        "{}",
        human.stderr
    );
}

#[test]
fn human_caret_is_under_the_mistake_on_an_accented_line() {
    let tmp = accented_syntax_error("Crèche: open every day");
    let gh = check(tmp.path(), &["--format", "github"]);
    let anns = gh.annotations();
    let a = anns
        .iter()
        .find(|a| a.file == "content/services/accented.md")
        .unwrap_or_else(|| panic!("{}", listing(&anns)));
    // `summary: Crèche` is 15 characters; the colon is the 16th.
    assert_eq!((a.line, a.col), (4, 16), "{a}");
    let human = check(tmp.path(), &[]);
    human.assert_no_panic("human format");
    let block = human_block(&human.stderr, "content/services/accented.md:");
    assert!(
        block.contains("content/services/accented.md:4:16"),
        "the human report should give the same line and column as the GitHub one (4:16):\n{block}"
    );
    assert_caret_under(block, 4, "summary: Crèche: open every day", ": open");
}

#[test]
fn a_broken_site_yaml_is_not_reported_as_missing() {
    let tmp = site_with(&[(
        "site.yaml",
        b"name: Testshire Family Directory\narea: [Testshire\n".to_vec(),
    )]);
    let run = check(tmp.path(), &["--format", "github"]);
    run.assert_no_panic("broken site.yaml");
    assert_eq!(run.code, Some(1));
    let anns = run.annotations();
    assert!(anns.iter().any(|a| a.file == "content/site.yaml" && a.message.contains("the YAML cannot be read")), "{}", listing(&anns));
    let missing: Vec<_> = anns
        .iter()
        .filter(|a| a.message.contains("site.yaml is missing"))
        .collect();
    assert!(
        missing.is_empty(),
        "site.yaml exists; saying it is missing sends people looking for the wrong problem:\n{}",
        listing(&anns)
    );
}

#[test]
fn other_files_are_still_checked_when_site_yaml_is_broken() {
    // All problems in one run: a mistake in site.yaml must not hide the others.
    let unknown_need = std::fs::read(fixture().join("services/unknown-need.md")).unwrap();
    let tmp = site_with(&[
        (
            "site.yaml",
            b"name: Testshire Family Directory\nare: Testshire\n".to_vec(),
        ),
        ("services/unknown-need.md", unknown_need),
    ]);
    let run = check(tmp.path(), &["--format", "github"]);
    let anns = run.annotations();
    assert!(
        anns.iter()
            .any(|a| a.file == "content/site.yaml" && a.message.contains("did you mean `area`?")),
        "{}",
        listing(&anns)
    );
    assert!(
        anns.iter()
            .any(|a| a.file == "content/services/unknown-need.md"
                && a.message.contains("there is no need called")),
        "the unknown need in a service is not reported while site.yaml has a mistake:\n{}",
        listing(&anns)
    );
}

/// (level, "file:line:col") for each problem in the human format.
fn human_locations(stderr: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut level = None;
    for line in stderr.lines() {
        if let Some(l) = ["error", "warning"]
            .into_iter()
            .find(|l| line.starts_with(&format!("{l}:")))
        {
            level = Some(l.to_string());
        } else if let (Some(at), Some(l)) = (line.trim_start().strip_prefix("--> "), level.take()) {
            out.insert((l, at.to_string()));
        }
    }
    out
}

#[test]
fn a_build_places_every_error_as_check_does_and_counts_the_warnings() {
    // A build skips finding where warnings are (it only counts them); errors must still
    // point at the same line and column as `signpost check`.
    let tmp = broken_site();
    let build = signpost(
        tmp.path(),
        &["build", "--content", "content", "--output", "public"],
    );
    build.assert_no_panic("build of the broken fixture");
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    let checked = human_locations(&broken_run("human").stderr);
    let built = human_locations(&build.stderr);
    let errors: BTreeSet<_> = checked
        .iter()
        .filter(|(l, _)| l == "error")
        .cloned()
        .collect();
    assert!(errors.len() >= CASES.len() - 2, "{errors:?}");
    assert_eq!(built, errors, "the build's errors differ from check's");
    let stale = format!("{}:{}:", content_path(STALE.file), STALE.line);
    assert!(
        checked
            .iter()
            .any(|(l, at)| l == "warning" && at.starts_with(&stale)),
        "check shows the stale listing: {checked:?}"
    );

    // With only the stale listing, the build succeeds and counts it.
    let tmp = valid_site(true);
    let build = signpost(
        tmp.path(),
        &["build", "--content", "content", "--output", "public"],
    );
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("1 warning (such as listings past their review date)"),
        "{}",
        build.stderr
    );
    assert!(
        human_locations(&build.stderr).is_empty(),
        "{}",
        build.stderr
    );
}
