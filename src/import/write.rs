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
        .filter(|(rel, _)| into.join(rel).exists())
        .map(|(rel, _)| rel.clone())
        .collect();
    if !exists.is_empty() && !force {
        return Err(WriteError::Exists(exists));
    }
    write_all(into, files)
}

fn write_all(into: &Path, files: &[(String, String)]) -> Result<(), WriteError> {
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |temps: &[(PathBuf, PathBuf)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (rel, text) in files {
        let target = into.join(rel);
        let tmp = target.with_extension("signpost-import.tmp");
        let r = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&tmp, text));
        if let Err(source) = r {
            cleanup(&temps);
            let _ = std::fs::remove_file(&tmp);
            return Err(WriteError::Io {
                path: target,
                source,
            });
        }
        temps.push((tmp, target));
    }
    for (i, (tmp, target)) in temps.iter().enumerate() {
        if let Err(source) = std::fs::rename(tmp, target) {
            cleanup(&temps[i..]);
            return Err(WriteError::Io {
                path: target.clone(),
                source,
            });
        }
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
