//! Writing: the mapped files go into the content folder, all of them or none.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Files that exist and would be replaced (without --force), relative to the folder.
    #[error("{} file{} already exist", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Exists(Vec<String>),
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes `files` (paths relative to `into`). Nothing is written if any of them exists,
/// unless `force`; and nothing is left half-written: every file goes to a temporary name
/// first, and is renamed into place once all are written.
pub fn write(into: &Path, files: &[(String, String)], force: bool) -> Result<(), WriteError> {
    let exists: Vec<String> = files
        .iter()
        .filter(|(rel, _)| !rel.starts_with(super::sync::BASE_DIR) && into.join(rel).exists())
        .map(|(rel, _)| rel.clone())
        .collect();
    if !exists.is_empty() && !force {
        return Err(WriteError::Exists(exists));
    }
    write_all(into, files)
}

/// Every file goes into a staging folder beside `into` (the same file system, so a move
/// is a rename) and is moved into place only once all are written: a failure leaves the
/// content folder as it was. A new folder is moved into place whole.
fn write_all(into: &Path, files: &[(String, String)]) -> Result<(), WriteError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    let parent = match into.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let stage = tempfile::Builder::new()
        .prefix(".signpost-import-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    for (rel, text) in files {
        let staged = stage.path().join(rel);
        staged
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&staged, text))
            .map_err(io(&into.join(rel)))?;
    }
    if !into.exists() {
        let stage = stage.keep();
        return std::fs::rename(&stage, into).map_err(|source| {
            let _ = std::fs::remove_dir_all(&stage);
            WriteError::Io {
                path: into.to_path_buf(),
                source,
            }
        });
    }
    // Folders first, so that a file where a folder should be stops the import before
    // any file is moved.
    for (rel, _) in files {
        let target = into.join(rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io(&target))?;
        }
    }
    for (rel, _) in files {
        let target = into.join(rel);
        std::fs::rename(stage.path().join(rel), &target).map_err(io(&target))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_files_stop_the_write_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            ("services/a.md".to_string(), "a".to_string()),
            ("venues/b.md".to_string(), "b".to_string()),
        ];
        write(dir.path(), &files, false).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("venues/b.md")).unwrap(),
            "b"
        );
        std::fs::write(dir.path().join("services/a.md"), "edited").unwrap();
        let changed = vec![
            ("services/a.md".to_string(), "new a".to_string()),
            ("services/c.md".to_string(), "c".to_string()),
        ];
        match write(dir.path(), &changed, false) {
            Err(WriteError::Exists(f)) => assert_eq!(f, ["services/a.md"]),
            other => panic!("{other:?}"),
        }
        assert!(!dir.path().join("services/c.md").exists());
        write(dir.path(), &changed, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("services/a.md")).unwrap(),
            "new a"
        );
    }

    #[test]
    fn a_file_that_cannot_be_written_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // A file where a folder should be.
        std::fs::write(dir.path().join("venues"), "").unwrap();
        let files = vec![
            ("services/a.md".to_string(), "a".to_string()),
            ("venues/b.md".to_string(), "b".to_string()),
        ];
        let err = write(dir.path(), &files, false).unwrap_err();
        assert!(err.to_string().starts_with("cannot write "), "{err}");
        assert!(std::error::Error::source(&err).is_some());
        let left: Vec<_> = std::fs::read_dir(dir.path().join("services"))
            .unwrap()
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
