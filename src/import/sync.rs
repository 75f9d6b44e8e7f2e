//! Sync: importing the same feed again. Each imported listing's file as the feed last gave
//! it is kept in `.signpost-import/` inside the content folder (a dot folder, which
//! `signpost check` and the build pass over). On the next import each field is merged
//! three ways, from that copy (base), the file in the folder (the council's) and the new
//! import (the feed's):
//! - the feed did not change it: the council's value stays (added or edited by hand);
//! - only the feed changed it: the feed's value is taken;
//! - both changed it: the council's edit wins, and the report says so.
//!
//! Listings whose base copy is there but which the feed no longer has are paused, not
//! deleted.

use super::report::{Note, NoteKind};
use crate::yaml::{Mapping, Value as Yaml};
use std::collections::HashSet;
use std::path::Path;

/// Where the feed's last version of each imported file is kept, inside the content folder.
pub const BASE_DIR: &str = ".signpost-import";

/// Listing files the sync merges (the rest, such as needs.yaml, are only written when the
/// folder lacks them).
pub fn merged_kind(rel: &str) -> bool {
    ["services/", "organisations/", "venues/"]
        .iter()
        .any(|k| rel.starts_with(k))
}

/// The base copies to write for `files`: the feed's version of each listing.
pub fn base_copies(files: &[(String, String)]) -> Vec<(String, String)> {
    files
        .iter()
        .filter(|(rel, _)| merged_kind(rel))
        .map(|(rel, text)| (format!("{BASE_DIR}/{rel}"), text.clone()))
        .collect()
}

/// A listing file as (fields, description).
fn split(text: &str) -> Option<(Mapping, String)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n").map(|i| (i + 1, i + 5)).or_else(|| {
        rest.strip_suffix("\n---")
            .map(|r| (r.len() + 1, r.len() + 4))
    })?;
    let yaml = &rest[..end.0];
    let body = rest.get(end.1..).unwrap_or("").trim().to_string();
    match crate::yaml::parse(yaml).ok()? {
        Yaml::Mapping(m) => Some((m, body)),
        _ => None,
    }
}

fn join(front: &Mapping, body: &str) -> String {
    let yaml = crate::yaml::to_string(&Yaml::Mapping(front.clone()));
    if body.trim().is_empty() {
        format!("---\n{yaml}---\n")
    } else {
        format!("---\n{yaml}---\n{}\n", body.trim())
    }
}

/// What the merge did to a file.
#[derive(Debug, Default)]
pub struct FileSync {
    /// Fields taken from the feed.
    pub updated: Vec<String>,
    /// Fields both sides changed: the council's value was kept.
    pub kept: Vec<String>,
    /// The file here could not be read as a listing: it was kept as it is.
    pub unreadable: bool,
}

impl FileSync {
    pub fn notes(&self) -> Vec<Note> {
        let mut out = Vec::new();
        if self.unreadable {
            out.push(Note::new(
                NoteKind::Decide,
                "the file here cannot be read as a listing, so it was kept as it is and the feed's changes were not applied; fix it (signpost check says how) and sync again",
            ));
        }
        if !self.updated.is_empty() {
            out.push(Note::new(
                NoteKind::Changed,
                format!("updated from the feed: {}", self.updated.join(", ")),
            ));
        }
        for k in &self.kept {
            out.push(Note::new(
                NoteKind::Decide,
                format!("`{k}` was changed here and in the feed: your edit was kept; check the feed's new value"),
            ));
        }
        out
    }
}

/// Merges the feed's new version of a file (`theirs`) with the folder's (`mine`), given the
/// feed's last version (`base`). Without a base (a folder imported before syncs were
/// kept), fields the new version lacks are kept and the rest taken from the feed.
pub fn merge(base: Option<&str>, mine: &str, theirs: &str) -> (String, FileSync) {
    let mut sync = FileSync::default();
    let (Some((mine_f, mine_b)), Some((theirs_f, theirs_b))) = (split(mine), split(theirs)) else {
        // A file that is not a listing with fields (broken by an edit): keep it.
        sync.unreadable = true;
        return (mine.to_string(), sync);
    };
    let base = base.and_then(split);
    let mut out = Mapping::new();
    let mut keys: Vec<Yaml> = theirs_f.keys().cloned().collect();
    for k in mine_f.keys() {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    for k in keys {
        let name = k.as_str().unwrap_or_default().to_string();
        let (m, t) = (mine_f.get(&k), theirs_f.get(&k));
        let b = base.as_ref().map(|(f, _)| f.get(&k));
        let value = match (b, m, t) {
            (_, m, t) if m == t => m.cloned(),
            // The feed did not change it: what is here stays.
            (Some(b), m, t) if b == t => m.cloned(),
            // Only the feed changed it.
            (Some(b), m, t) if b == m => {
                sync.updated.push(name);
                t.cloned()
            }
            // Both changed it: the council's edit wins.
            (Some(_), Some(m), Some(_)) => {
                sync.kept.push(name);
                Some(m.clone())
            }
            (Some(_), None, Some(_)) => {
                // Deleted here, changed in the feed: stays deleted, but say so.
                sync.kept.push(name);
                None
            }
            (Some(_), m, None) => m.cloned(),
            // No base: the feed's value where it has one, else what is here.
            (None, m, None) => m.cloned(),
            (None, _, Some(t)) => {
                sync.updated.push(name);
                Some(t.clone())
            }
        };
        if let Some(v) = value {
            out.insert(k, v);
        }
    }
    let body = match base.as_ref().map(|(_, b)| b) {
        _ if mine_b == theirs_b => mine_b,
        Some(b) if *b == theirs_b => mine_b,
        Some(b) if *b == mine_b => {
            sync.updated.push("description".into());
            theirs_b
        }
        Some(_) => {
            sync.kept.push("description".into());
            mine_b
        }
        None => {
            sync.updated.push("description".into());
            theirs_b
        }
    };
    (join(&out, &body), sync)
}

/// Pauses a listing that left the feed; None when it already is.
pub fn pause(mine: &str) -> Option<String> {
    let (mut front, body) = split(mine)?;
    let key = Yaml::String("status".into());
    if front.get(&key).and_then(Yaml::as_str) == Some("paused") {
        return None;
    }
    front.insert(key, Yaml::String("paused".into()));
    Some(join(&front, &body))
}

/// The service files imported before (their base copies) that this import does not have.
pub fn left_the_feed(into: &Path, now: &HashSet<String>) -> Vec<String> {
    let dir = into.join(BASE_DIR).join("services");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("services/{n}"))
        .filter(|rel| !now.contains(rel) && into.join(rel).is_file())
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "---\nname: Club\nlevel: 1\nsummary: Old.\n---\nOld text.\n";

    #[test]
    fn the_feed_updates_what_it_changed_and_the_councils_edits_stay() {
        // Here: level edited, needs added. Feed: summary changed.
        let mine = "---\nname: Club\nlevel: 2\nsummary: Old.\nneeds:\n- send\n---\nOld text.\n";
        let theirs = "---\nname: Club\nlevel: 1\nsummary: New.\n---\nOld text.\n";
        let (out, sync) = merge(Some(BASE), mine, theirs);
        assert!(
            out.contains("level: 2") && out.contains("summary: New.") && out.contains("- send"),
            "{out}"
        );
        assert_eq!(sync.updated, ["summary"]);
        assert!(sync.kept.is_empty());
    }

    #[test]
    fn where_both_changed_a_field_the_councils_edit_wins_and_is_reported() {
        let mine = "---\nname: Club\nlevel: 1\nsummary: Ours.\n---\nOur text.\n";
        let theirs = "---\nname: Club\nlevel: 1\nsummary: Theirs.\n---\nTheir text.\n";
        let (out, sync) = merge(Some(BASE), mine, theirs);
        assert!(
            out.contains("summary: Ours.") && out.contains("Our text."),
            "{out}"
        );
        assert_eq!(sync.kept, ["summary", "description"]);
        assert!(
            sync.notes()[0]
                .text
                .contains("`summary` was changed here and in the feed")
        );
    }

    #[test]
    fn nothing_changed_means_the_same_file() {
        let (out, sync) = merge(Some(BASE), BASE, BASE);
        assert_eq!(out, BASE);
        assert!(sync.updated.is_empty() && sync.kept.is_empty());
        assert_eq!(
            pause(BASE).unwrap(),
            "---\nname: Club\nlevel: 1\nsummary: Old.\nstatus: paused\n---\nOld text.\n"
        );
    }
}
