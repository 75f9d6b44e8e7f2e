//! `signpost serve`'s incremental rebuild makes the same site as a full build, whatever is
//! edited. Random edits (add, change, rename and delete services; change organisations,
//! venues, hubs and the needs) are made to a small synthetic directory one at a time, and
//! after each the dev server's output folder is compared, byte for byte and file for file,
//! with a fresh `signpost build` of the same content: pages, search files, open data and
//! the sitemap.
//!
//! The edits come from a seeded generator rather than proptest: every case costs a full
//! build per edit (seconds in debug), so shrinking would rerun dozens of builds, while a
//! printed seed and edit log already say how to replay a failure.
//! SIGNPOST_EDIT_CASES sets how many directories are tried (default 2), SIGNPOST_EDIT_SEED
//! the first seed, SIGNPOST_EDIT_STEPS the edits per directory (default 6).

use signpost::content::load::Source;
use signpost::serve::rebuild::{Outcome, Rebuilder};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SERVICES: usize = 40;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 24)
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545F4914F6CDD1D) % n.max(1) as u64) as usize
    }
}

/// Every file under `root`, by path relative to it.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The files (relative paths) of one content folder, sorted.
fn files_in(content: &Path, folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(content.join(folder))
        .map(|d| {
            d.flatten()
                .map(|e| format!("{folder}/{}", e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Replaces the first line starting with `key: ` in the front matter, or adds it.
fn set_field(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}: ");
    let mut done = false;
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if !done && i > 0 && line.starts_with(&prefix) {
            out.push_str(&format!("{prefix}{value}\n"));
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !done {
        out = out.replacen("---\n", &format!("---\n{prefix}{value}\n"), 1);
    }
    out
}

const WORDS: &[&str] = &[
    "Aardvark", "Baby", "Zebra", "Music", "Story", "Messy", "Dads", "Youth", "Quiet", "Mums",
];
const NEEDS: &[&str] = &[
    "baby-and-toddler-groups",
    "infant-crying-and-sleep",
    "infant-feeding",
    "money-and-debt",
    "speech-language-communication",
];

/// Makes one random edit and returns the paths it touched and what it did.
fn edit(rng: &mut Rng, content: &Path, serial: &mut usize) -> (Vec<PathBuf>, String) {
    let services = files_in(content, "services");
    let pick = |rng: &mut Rng, v: &[String]| v[rng.below(v.len())].clone();
    let read = |rel: &str| std::fs::read_to_string(content.join(rel)).unwrap();
    let write = |rel: &str, text: &str| std::fs::write(content.join(rel), text).unwrap();
    let word = WORDS[rng.below(WORDS.len())];
    *serial += 1;
    let n = *serial;
    match rng.below(11) {
        0 => {
            let rel = pick(rng, &services);
            write(
                &rel,
                &set_field(
                    &read(&rel),
                    "summary",
                    &format!("{word} sessions, edit {n}."),
                ),
            );
            (vec![content.join(&rel)], format!("summary of {rel}"))
        }
        1 => {
            let rel = pick(rng, &services);
            write(
                &rel,
                &set_field(&read(&rel), "name", &format!("{word} Club {n}")),
            );
            (vec![content.join(&rel)], format!("name of {rel}"))
        }
        2 => {
            let rel = pick(rng, &services);
            let need = NEEDS[rng.below(NEEDS.len())];
            write(&rel, &set_field(&read(&rel), "needs", &format!("[{need}]")));
            (vec![content.join(&rel)], format!("needs of {rel}: {need}"))
        }
        3 => {
            let rel = pick(rng, &services);
            let venues = files_in(content, "venues");
            let venue = pick(rng, &venues);
            let id = venue.trim_start_matches("venues/").trim_end_matches(".md");
            let text = read(&rel);
            let text = match text.find("where:\n") {
                Some(at) => {
                    // The `where:` block: the line and the indented lines under it.
                    let mut end = at + "where:\n".len();
                    for line in text[end..].split_inclusive('\n') {
                        if !line.starts_with("  ") {
                            break;
                        }
                        end += line.len();
                    }
                    let block = if rng.below(3) == 0 {
                        "where:\n  online: true\n  covers: borough\n".to_string()
                    } else {
                        format!("where:\n  venues: [{id}]\n")
                    };
                    format!("{}{block}{}", &text[..at], &text[end..])
                }
                None => text,
            };
            write(&rel, &text);
            (vec![content.join(&rel)], format!("where of {rel}: {id}"))
        }
        4 => {
            let from = pick(rng, &services);
            let rel = format!("services/new-{n}.md");
            write(
                &rel,
                &set_field(&read(&from), "name", &format!("{word} Group {n}")),
            );
            (vec![content.join(&rel)], format!("added {rel} from {from}"))
        }
        5 => {
            let from = pick(rng, &services);
            let to = format!("services/renamed-{n}.md");
            std::fs::rename(content.join(&from), content.join(&to)).unwrap();
            (
                vec![content.join(&from), content.join(&to)],
                format!("renamed {from} to {to}"),
            )
        }
        6 if services.len() > 5 => {
            let rel = pick(rng, &services);
            std::fs::remove_file(content.join(&rel)).unwrap();
            (vec![content.join(&rel)], format!("deleted {rel}"))
        }
        7 => {
            let rel = pick(rng, &files_in(content, "organisations"));
            write(
                &rel,
                &set_field(&read(&rel), "name", &format!("{word} Trust {n}")),
            );
            (vec![content.join(&rel)], format!("name of {rel}"))
        }
        8 => {
            let rel = pick(rng, &files_in(content, "venues"));
            write(
                &rel,
                &set_field(&read(&rel), "name", &format!("{word} Hall {n}")),
            );
            (vec![content.join(&rel)], format!("name of {rel}"))
        }
        9 => {
            let rel = pick(rng, &files_in(content, "hubs"));
            write(
                &rel,
                &set_field(&read(&rel), "name", &format!("{word} Family Hub {n}")),
            );
            (vec![content.join(&rel)], format!("name of {rel}"))
        }
        _ => {
            let text = read("needs.yaml");
            let at = text.find("label: Feeding your baby").unwrap();
            let end = at + text[at..].find('\n').unwrap();
            let text = format!(
                "{}label: Feeding your baby {n}{}",
                &text[..at],
                &text[end..]
            );
            write("needs.yaml", &text);
            (vec![content.join("needs.yaml")], "a need's label".into())
        }
    }
}

/// A fresh `signpost build` of `content` into `out`.
fn full_build(content: &Path, out: &Path) {
    let source = Source::Dir(content.to_path_buf());
    let checked = signpost::check_content(&source, today()).unwrap();
    assert_eq!(checked.errors(), 0, "the edited content has errors");
    if let Err(e) = signpost::build(checked, &source, out, today(), false) {
        panic!("the full build failed: {e}");
    }
}

fn compare(served: &Path, fresh: &Path, log: &[String], seed: u64) {
    let (a, b) = (tree(served), tree(fresh));
    let mut problems = Vec::new();
    for (path, bytes) in &b {
        match a.get(path) {
            None => problems.push(format!("{path} is missing")),
            Some(x) if x != bytes => problems.push(format!("{path} differs")),
            _ => {}
        }
    }
    for path in a.keys().filter(|p| !b.contains_key(*p)) {
        problems.push(format!("{path} is left over"));
    }
    assert!(
        problems.is_empty(),
        "seed {seed}: after the edits\n  {}\nthe dev server's site differs from a full build \
         ({} problems):\n  {}",
        log.join("\n  "),
        problems.len(),
        problems
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn random_edits_rebuild_as_a_full_build_would() {
    let cases = env_number("SIGNPOST_EDIT_CASES", 2);
    let first = env_number("SIGNPOST_EDIT_SEED", 1);
    let steps = env_number("SIGNPOST_EDIT_STEPS", 6);
    for seed in first..first + cases {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        signpost::synth::generate(&content, SERVICES, seed).unwrap();
        let served = dir.path().join("served");
        let mut rebuilder = Rebuilder::new(&content, &served, today()).unwrap();
        assert!(
            matches!(rebuilder.build_all(), Outcome::Built { .. }),
            "seed {seed}: the first build failed"
        );
        rebuilder.write_data().unwrap();
        let mut rng = Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1);
        let mut log = Vec::new();
        let mut serial = 0;
        for step in 0..steps {
            let (paths, what) = edit(&mut rng, &content, &mut serial);
            log.push(what);
            let outcome = rebuilder.update(&paths);
            // Unchanged when an edit happened to write what was there (the comparison
            // below still holds it to a full build).
            assert!(
                !matches!(outcome, Outcome::Failed),
                "seed {seed}: after {}: {outcome:?}",
                log.join(", ")
            );
            rebuilder.write_data().unwrap();
            let fresh = dir.path().join(format!("fresh-{step}"));
            full_build(&content, &fresh);
            compare(&served, &fresh, &log, seed);
            std::fs::remove_dir_all(&fresh).unwrap();
        }
    }
}

// --- localoffer: the Local Offer's pages come and go with the first and last block
#[test]
fn the_first_local_offer_block_and_removing_it_rebuild_as_a_full_build_would() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    signpost::synth::generate(&content, SERVICES, 7).unwrap();
    let served = dir.path().join("served");
    let mut rebuilder = Rebuilder::new(&content, &served, today()).unwrap();
    assert!(matches!(rebuilder.build_all(), Outcome::Built { .. }));
    rebuilder.write_data().unwrap();
    let file = content.join(&files_in(&content, "services")[0]);
    let original = std::fs::read_to_string(&file).unwrap();
    let block = "local_offer:\n  send_needs: [autism]\n  sections: [leisure-and-short-breaks]\n";
    let end = original[4..].find("\n---").unwrap() + 5;
    let with = format!("{}{block}{}", &original[..end], &original[end..]);
    let log = vec!["the first local_offer block".to_string()];
    for (step, text) in [(0, with), (1, original)] {
        std::fs::write(&file, &text).unwrap();
        let outcome = rebuilder.update(std::slice::from_ref(&file));
        assert!(matches!(outcome, Outcome::Built { .. }), "{outcome:?}");
        rebuilder.write_data().unwrap();
        let fresh = dir.path().join(format!("fresh-{step}"));
        full_build(&content, &fresh);
        assert_eq!(
            fresh.join("local-offer/index.html").exists(),
            step == 0,
            "the Local Offer exists only with a block"
        );
        compare(&served, &fresh, &log, 7);
        std::fs::remove_dir_all(&fresh).unwrap();
    }
}
