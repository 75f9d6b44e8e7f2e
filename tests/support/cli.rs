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
