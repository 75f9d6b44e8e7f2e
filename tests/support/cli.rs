//! Running the `signpost` binary from integration tests, on a fixed "today" so review
//! dates and "built on" lines do not change with the calendar.

use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-24";

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_signpost"));
    c.env("SIGNPOST_TODAY", TODAY).env("NO_COLOR", "1");
    c
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `signpost build` and fails the test with its messages unless it succeeds; returns
/// what it printed to stdout (the build line).
pub fn build_ok(content: &Path, out: &Path) -> String {
    let run = bin()
        .args(["build", "--content"])
        .arg(content)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "build of {} failed: {}",
        content.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// Copies a folder (the sample content, say) into `to`, for a test that edits its copy.
// Not every test file that includes this module copies content.
#[allow(dead_code)]
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
