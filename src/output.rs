//! Writing the site: everything goes into a fresh folder beside the output, which replaces
//! the old output only once the whole build has succeeded. A failed build leaves the
//! previous site untouched.

use std::io;
use std::path::{Component, Path, PathBuf};

pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Staging {
    /// Prepares a staging folder next to `target` (same file system, so the swap is a rename).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let dir = tempfile::Builder::new()
            .prefix(".signpost-build-")
            .tempdir_in(&parent)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Where `rel` goes. `rel` comes from ids that were checked, but it is checked again
    /// here so that nothing can ever be written outside the output folder.
    fn path(&self, rel: &str) -> io::Result<PathBuf> {
        let rel_path = Path::new(rel);
        if rel.is_empty()
            || !rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        let path = self.dir.path().join(rel_path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        Ok(path)
    }

    /// Writes one file.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.path(rel)?, bytes)
    }

    /// Adds to the end of a file, creating it first if need be (a large file written in
    /// parts, so it is never all in memory).
    pub fn append(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path(rel)?)?
            .write_all(bytes)
    }

    /// Swaps the finished site into place.
    pub fn commit(self) -> io::Result<()> {
        let staged = self.dir.keep();
        let target = &self.target;
        if target.exists() {
            let old = tempfile::Builder::new()
                .prefix(".signpost-old-")
                .tempdir_in(staged.parent().unwrap_or(Path::new(".")))?
                .keep();
            // rename() onto an existing folder fails, so move the old one aside first.
            std::fs::remove_dir(&old)?;
            std::fs::rename(target, &old)?;
            if let Err(e) = std::fs::rename(&staged, target) {
                // Put the old site back rather than leave nothing.
                let _ = std::fs::rename(&old, target);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(e);
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&staged, target)?;
        }
        Ok(())
    }
}

/// Refuses output folders that would destroy content or the project.
pub fn check_output(output: &Path, content: Option<&Path>) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let out = abs(output);
    if out.parent().is_none() {
        return Err("the output folder cannot be the root of the file system".into());
    }
    if let Some(c) = content {
        let c = abs(c);
        if c.starts_with(&out) || out.starts_with(&c) {
            return Err(format!(
                "the output folder {} overlaps the content folder {}",
                output.display(),
                c.display()
            ));
        }
    }
    if let Ok(cwd) = std::env::current_dir()
        && cwd.starts_with(&out)
    {
        return Err(format!(
            "the output folder {} contains the current folder; it would be replaced",
            output.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_adds_to_the_end_and_stays_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        staging.append("api/feed.ndjson", b"one\n").unwrap();
        staging.append("api/feed.ndjson", b"two\n").unwrap();
        let text = std::fs::read_to_string(staging.root().join("api/feed.ndjson")).unwrap();
        assert_eq!(text, "one\ntwo\n");
        assert!(staging.append("../outside.ndjson", b"x").is_err());
        assert!(!dir.path().join("outside.ndjson").exists());
    }
}
