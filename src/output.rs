//! Writing the site. A failed build leaves the previous site untouched:
//! - into a new output folder, everything goes into a fresh folder beside it, renamed into
//!   place once the whole build has succeeded;
//! - over an existing site, a file whose bytes are unchanged is left alone, and changed or
//!   new files go into the staging folder. Only when the build has succeeded are they
//!   moved into the site, one rename each, and files the build no longer makes removed.
//!
//! - the dev server, after an edit, changes a site in place one file at a time ([`InPlace`]).
//!
//! Rewriting every file on each build is what made rebuilds slow: creating tens of
//! thousands of files, and deleting the old ones, is most of the work for a file system,
//! and on some (ext4 without a journal) inodes freed in the last minutes make creating new
//! ones slower still. A rebuild after a small edit now writes a handful of files.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    /// Updating an existing site in place (see the module's comment).
    update: bool,
    /// Every file this build makes (relative paths), and which of them were staged
    /// because they are new or changed.
    made: Mutex<Made>,
    /// Folders already made in the staging folder: most files share a folder with others
    /// or are alone in a new one, and asking the file system each time cost two system
    /// calls a file.
    folders: Mutex<HashSet<PathBuf>>,
}

#[derive(Default)]
struct Made {
    all: Vec<String>,
    staged: Vec<String>,
    /// Staged files written in parts: compared with the site's copy only when whole.
    appended: HashSet<String>,
}

impl Staging {
    /// Prepares a staging folder next to `target` (same file system, so moves are renames).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let dir = tempfile::Builder::new()
            .prefix(".signpost-build-")
            .tempdir_in(&parent)?;
        // A site holding a link (left by another tool, or planted) is replaced whole, so
        // nothing is ever read or written through it.
        let update = std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir())
            && walkdir::WalkDir::new(target)
                .into_iter()
                .all(|e| e.is_ok_and(|e| !e.path_is_symlink()));
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            update,
            made: Mutex::new(Made::default()),
            folders: Mutex::new(HashSet::new()),
        })
    }

    /// Where a staged `rel` goes, with its folder made.
    fn staged_path(&self, rel: &Path) -> io::Result<PathBuf> {
        if let Some(folder) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
            let known = self
                .folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(folder);
            if !known {
                std::fs::create_dir_all(self.dir.path().join(folder))?;
                let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
                // Its parents were made too.
                for f in folder.ancestors().filter(|p| !p.as_os_str().is_empty()) {
                    if !folders.insert(f.to_path_buf()) {
                        break;
                    }
                }
            }
        }
        Ok(self.dir.path().join(rel))
    }

    fn record(&self, rel: &str, staged: bool) {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.all.push(rel.to_string());
        if staged {
            made.staged.push(rel.to_string());
        }
    }

    /// Writes one file (or, over an existing site, leaves it be when it is the same).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel_path = checked(rel)?;
        if self.update && same_file(&self.target.join(rel_path), bytes) {
            self.record(rel, false);
            return Ok(());
        }
        std::fs::write(self.staged_path(rel_path)?, bytes)?;
        self.record(rel, true);
        Ok(())
    }

    /// Adds to the end of a file, creating it first if need be (a large file written in
    /// parts, so it is never all in memory).
    pub fn append(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        let path = self.staged_path(checked(rel)?)?;
        let new = !path.exists();
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?
            .write_all(bytes)?;
        if new {
            self.record(rel, true);
        }
        // Also when `write` started the file: either way it is compared only when whole.
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.appended.insert(rel.to_string());
        Ok(())
    }

    /// Every file made so far, as paths relative to the site's root.
    pub fn files(&self) -> Vec<String> {
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .all
            .clone()
    }

    /// A staged file, read back (for tests).
    #[cfg(test)]
    fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.dir.path().join(checked(rel)?))
    }

    /// Puts the finished site in place. Returns how many files were new or changed.
    pub fn commit(self) -> io::Result<usize> {
        let made = self.made.into_inner().unwrap_or_else(|e| e.into_inner());
        if !self.update {
            let staged = self.dir.keep();
            replace_path(&staged, &self.target)?;
            return Ok(made.staged.len());
        }
        let mut changed = 0;
        for rel in &made.staged {
            let to = self.target.join(rel);
            let from = self.dir.path().join(rel);
            if made.appended.contains(rel) && std::fs::read(&from).is_ok_and(|b| same_file(&to, &b))
            {
                continue;
            }
            changed += 1;
            if let Some(parent) = to.parent() {
                make_dirs(&self.target, parent)?;
            }
            if std::fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
                std::fs::remove_dir_all(&to)?;
            }
            std::fs::rename(&from, &to)?;
        }
        remove_others(&self.target, &made.all.into_iter().collect())?;
        Ok(changed)
    }
}

/// `rel` checked again here, whatever made it, so nothing is ever written (or removed)
/// outside the output folder.
fn checked(rel: &str) -> io::Result<&Path> {
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
    Ok(rel_path)
}

/// A site changed in place, file by file: the dev server's writer after an edit, while it
/// serves the site. Each file is written whole to a temporary file and renamed over the
/// old one, so a page is never sent half written.
pub struct InPlace {
    root: PathBuf,
}

impl InPlace {
    pub fn new(root: &Path) -> InPlace {
        InPlace {
            root: root.to_path_buf(),
        }
    }

    /// Writes one file, replacing any it had.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(checked(rel)?);
        let parent = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(parent)?;
        let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
        io::Write::write_all(&mut tmp, bytes)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Whether the site's `rel` holds exactly `bytes` already.
    pub fn has(&self, rel: &str, bytes: &[u8]) -> bool {
        checked(rel).is_ok_and(|rel| same_file(&self.root.join(rel), bytes))
    }

    /// Removes a file or a folder with everything in it (a page no longer made); one
    /// already gone is no error.
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        let path = self.root.join(checked(rel)?);
        let result = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path),
            Ok(_) => std::fs::remove_file(&path),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// Removes the files under the folder `dir` that are not in `keep` (paths relative to
    /// the site's root).
    pub fn remove_others_in(&self, dir: &str, keep: &HashSet<&str>) -> io::Result<()> {
        for entry in walkdir::WalkDir::new(self.root.join(checked(dir)?))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(rel) = entry.path().strip_prefix(&self.root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !keep.contains(rel.as_str()) {
                    std::fs::remove_file(entry.path())?;
                }
            }
        }
        Ok(())
    }
}

/// Whether `path` holds exactly `bytes` (the size is compared first, so most changed files
/// are never read).
fn same_file(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Moves a new site folder onto `target` (which may not exist).
fn replace_path(staged: &Path, target: &Path) -> io::Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(target) else {
        return std::fs::rename(staged, target);
    };
    if !meta.is_dir() {
        std::fs::remove_file(target)?;
        return std::fs::rename(staged, target);
    }
    let old = tempfile::Builder::new()
        .prefix(".signpost-old-")
        .tempdir_in(staged.parent().unwrap_or(Path::new(".")))?
        .keep();
    // rename() onto an existing folder fails, so move the old one aside first.
    std::fs::remove_dir(&old)?;
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(staged, target) {
        // Put the old site back rather than leave nothing.
        let _ = std::fs::rename(&old, target);
        let _ = std::fs::remove_dir_all(staged);
        return Err(e);
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Makes `dir` (inside `root`), replacing any file in the way by a folder.
fn make_dirs(root: &Path, dir: &Path) -> io::Result<()> {
    if std::fs::create_dir_all(dir).is_ok() {
        return Ok(());
    }
    let mut at = root.to_path_buf();
    for part in dir.strip_prefix(root).unwrap_or(dir).components() {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&at)?;
        }
    }
    std::fs::create_dir_all(dir)
}

/// Removes every file under `root` this build did not make, and folders left empty.
fn remove_others(root: &Path, keep: &HashSet<String>) -> io::Result<()> {
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let Some(rel) = entry
            .path()
            .strip_prefix(root)
            .ok()
            .and_then(Path::to_str)
            .map(|r| r.replace('\\', "/"))
        else {
            continue;
        };
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if !keep.contains(&rel) {
            std::fs::remove_file(entry.path())?;
        }
    }
    // Deepest first, so a folder's empty subfolders go before it. A folder that still
    // holds files stays (remove_dir refuses it).
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = std::fs::remove_dir(d);
    }
    Ok(())
}

/// `p` as an absolute path with `.` and `..` worked out: the part that exists is resolved
/// by the file system (links included), the rest by its names. `std::path::absolute` keeps
/// `..`, so `../site` seen from the content folder `.` looked like a folder inside it.
fn resolved(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let parts: Vec<Component> = abs.components().collect();
    // The longest leading part that exists, resolved by the file system.
    let (base, rest) = (0..=parts.len())
        .rev()
        .find_map(|k| {
            let prefix: PathBuf = parts[..k].iter().collect();
            prefix.canonicalize().ok().map(|real| (real, &parts[k..]))
        })
        .unwrap_or((PathBuf::new(), &parts[..]));
    let mut out = PathBuf::new();
    for c in base.components().chain(rest.iter().copied()) {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// An output folder a build must not replace.
#[derive(PartialEq, thiserror::Error)]
pub enum OutputRefused {
    #[error("the output folder cannot be the root of the file system")]
    Root,
    #[error("the output folder {} overlaps the content folder {}", .output.display(), .content.display())]
    OverlapsContent { output: PathBuf, content: PathBuf },
    #[error("the output folder {} contains the current folder; it would be replaced", .0.display())]
    HoldsCurrentFolder(PathBuf),
}

crate::debug_as_message!(OutputRefused);

/// Refuses output folders that would destroy content or the project.
pub fn check_output(output: &Path, content: Option<&Path>) -> Result<(), OutputRefused> {
    let out = resolved(output);
    if out.parent().is_none() {
        return Err(OutputRefused::Root);
    }
    if let Some(c) = content {
        let c = resolved(c);
        if c.starts_with(&out) || out.starts_with(&c) {
            return Err(OutputRefused::OverlapsContent {
                output: output.to_path_buf(),
                content: c,
            });
        }
    }
    if let Ok(cwd) = std::env::current_dir()
        && cwd.starts_with(&out)
    {
        return Err(OutputRefused::HoldsCurrentFolder(output.to_path_buf()));
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
        let text = String::from_utf8(staging.read("api/feed.ndjson").unwrap()).unwrap();
        assert_eq!(text, "one\ntwo\n");
        assert!(staging.append("../outside.ndjson", b"x").is_err());
        assert!(!dir.path().join("outside.ndjson").exists());
    }

    #[test]
    fn in_place_writes_replaces_and_removes_only_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        let site = InPlace::new(&root);
        site.write("services/a/index.html", b"one").unwrap();
        assert!(site.has("services/a/index.html", b"one"));
        site.write("services/a/index.html", b"two").unwrap();
        assert!(!site.has("services/a/index.html", b"one"));
        assert_eq!(
            std::fs::read(root.join("services/a/index.html")).unwrap(),
            b"two"
        );
        assert!(site.write("../outside.html", b"x").is_err());
        assert!(site.write("/tmp/outside.html", b"x").is_err());
        assert!(!dir.path().join("outside.html").exists());
        assert!(site.remove("..").is_err());

        site.write("api/a.json", b"a").unwrap();
        site.write("api/old/b.json", b"b").unwrap();
        site.remove_others_in("api", &["api/a.json"].into_iter().collect())
            .unwrap();
        assert!(root.join("api/a.json").exists() && !root.join("api/old/b.json").exists());

        site.remove("services/a/").unwrap();
        assert!(!root.join("services/a").exists() && root.join("services").exists());
        site.remove("services/a/").unwrap();
    }

    #[test]
    fn an_output_beside_the_content_folder_does_not_overlap_it() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        // `--content content --output content/../site`: beside it, not inside.
        assert_eq!(
            check_output(&content.join("../site"), Some(&content)),
            Ok(())
        );
        assert!(check_output(&content.join("public"), Some(&content)).is_err());
        assert!(check_output(&content.join("x/../.."), Some(&content)).is_err());
        assert_eq!(
            resolved(&content.join("new/../../site")),
            dir.path().canonicalize().unwrap().join("site")
        );
    }
}
