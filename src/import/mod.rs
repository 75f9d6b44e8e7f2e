//! `signpost import oruk`: reads Open Referral UK / HSDS 3.0 service records (one record, a
//! paged list or ndjson) and writes content files: services, organisations and venues, plus
//! the localities, family hubs, needs.yaml and site.yaml they need when the folder lacks them.
//!
//! Three stages, each usable on its own:
//! - [`read`]: files and folders to typed records ([`crate::oruk::model`]), with every
//!   problem naming its file, record and field;
//! - [`map`]: typed records to content files, with what could not be carried over noted
//!   per record;
//! - [`write`]: the files into the folder, all or none.
//!
//! Every record is read and checked before anything is written. By default the import is
//! partial: records with problems are left out (each named with its file, record, field
//! and reason in the report) and the rest are written. With `all_or_nothing`, any
//! problem stops the import and nothing is written. Files are written into a staging
//! folder first and moved into place only when all are written. Existing files are only
//! replaced with `--force`.

pub mod error;
pub mod fetch;
pub mod map;
pub mod ofsted;
pub mod read;
pub mod report;
pub mod shapes;
pub mod sync;
pub mod tabular;
pub mod write;

pub use error::{FieldProblem, ImportError, MappingProblem, Origin, Place, Problem, WhichRecord};

use jiff::civil::Date;
use std::path::PathBuf;

pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub into: PathBuf,
    pub force: bool,
    pub mapping: Option<PathBuf>,
    pub today: Date,
    /// Any problem in the input stops the import (nothing written), as before partial
    /// imports.
    pub all_or_nothing: bool,
    /// Merge with the listings imported before (see [`sync`]) instead of refusing to
    /// replace them.
    pub sync: bool,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Files written, relative to the content folder.
    pub written: Vec<String>,
    pub services: usize,
    pub organisations: usize,
    pub venues: usize,
    /// Per record read (or that could not be read): written, or left out and why, and
    /// what was defaulted, dropped, changed or needs a decision.
    pub entries: Vec<report::Entry>,
    /// Files and records that are not services, organisations or terms, and notes about
    /// no one record.
    pub other: Vec<String>,
    /// Problems in the input: records (or files) left out because of them.
    pub problems: usize,
    /// With `sync`: what happened to the listings already in the folder.
    pub synced: Option<Synced>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Synced {
    /// Listings that took changes from the feed.
    pub updated: usize,
    /// Listings the feed did not change.
    pub unchanged: usize,
    /// Listings that left the feed, now paused.
    pub paused: usize,
    /// Fields changed both here and in the feed (the council's edit kept).
    pub kept: usize,
}

impl Outcome {
    /// Some records were left out because of problems in the input.
    pub fn partial(&self) -> bool {
        self.problems > 0
    }
}

impl From<write::WriteError> for ImportError {
    fn from(e: write::WriteError) -> ImportError {
        match e {
            write::WriteError::Exists(files) => ImportError::Exists(files),
            write::WriteError::Io { path, source } => ImportError::Write { path, source },
        }
    }
}

/// Problems as report entries, one per record (or file) they are about.
fn left_out(problems: &[Problem]) -> Vec<report::Entry> {
    let mut out: Vec<report::Entry> = Vec::new();
    for p in problems {
        let (record, id, why) = match p {
            Problem::Field {
                record,
                field,
                problem,
            } => (
                record.to_string(),
                record.id.clone().unwrap_or_default(),
                format!("field `{field}`: {problem}"),
            ),
            other => (String::new(), String::new(), other.to_string()),
        };
        match out
            .iter_mut()
            .find(|e| !record.is_empty() && e.record == record)
        {
            Some(e) => e.left_out.push(why),
            None => out.push(report::Entry {
                record,
                id,
                file: None,
                left_out: vec![why],
                notes: Vec::new(),
            }),
        }
    }
    out
}

/// Runs the import: reads and checks every record, then writes the good ones (or, with
/// `all_or_nothing`, all or none).
pub fn oruk(opts: &Options) -> Result<Outcome, ImportError> {
    let read::Read {
        services,
        terms,
        problems,
        passed_over,
        csv_phones,
    } = read::read(&opts.inputs, opts.today);
    let target = map::Target::load(&opts.into, opts.today)?;
    let mapping = match &opts.mapping {
        Some(p) => map::read_mapping(p, &target.need_ids())
            .map_err(|e| ImportError::Malformed(e.into_iter().map(Problem::from).collect()))?,
        None => Default::default(),
    };
    if services.is_empty() || (opts.all_or_nothing && !problems.is_empty()) {
        return Err(ImportError::Malformed(problems));
    }
    let mut mapped = map::map(services, &terms, &target, mapping, &csv_phones, opts.today);
    let mut entries = left_out(&problems);
    let mut other = passed_over;
    other.extend(mapped.other);
    let base = sync::base_copies(&mapped.files);
    let (files, synced) = if opts.sync {
        let (files, synced) = sync_files(
            opts,
            mapped.files,
            &problems,
            &mut mapped.entries,
            &mut other,
        )?;
        (files, Some(synced))
    } else {
        (mapped.files, None)
    };
    let written: Vec<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
    let mut all = files;
    all.extend(base);
    write::write(&opts.into, &all, opts.force || opts.sync)?;
    entries.extend(mapped.entries);
    Ok(Outcome {
        written,
        services: mapped.services,
        organisations: mapped.organisations,
        venues: mapped.venues,
        entries,
        other,
        problems: problems.len(),
        synced,
    })
}

fn read_text(path: &std::path::Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|source| ImportError::ReadFolder {
        path: path.to_path_buf(),
        source,
    })
}

/// Merges each listing with the folder's copy (see [`sync`]); only files that change are
/// returned. Listings that left the feed are paused, unless records were left out
/// because of problems (they may be among them).
fn sync_files(
    opts: &Options,
    files: Vec<(String, String)>,
    problems: &[Problem],
    entries: &mut [report::Entry],
    other: &mut Vec<String>,
) -> Result<(Vec<(String, String)>, Synced), ImportError> {
    let mut out = Vec::new();
    let mut synced = Synced::default();
    let now: std::collections::HashSet<String> = files.iter().map(|(r, _)| r.clone()).collect();
    // Each listing's report entry, by its file (thousands of listings: no search each).
    let by_file: std::collections::HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.file.clone()?, i)))
        .collect();
    for (rel, theirs) in files {
        let path = opts.into.join(&rel);
        if !sync::merged_kind(&rel) || !path.is_file() {
            out.push((rel, theirs));
            continue;
        }
        let mine = read_text(&path)?;
        let base = std::fs::read_to_string(opts.into.join(sync::BASE_DIR).join(&rel)).ok();
        let (merged, fs) = sync::merge(base.as_deref(), &mine, &theirs);
        synced.kept += fs.kept.len();
        let notes = fs.notes();
        match by_file.get(&rel) {
            Some(&i) => entries[i].notes.extend(notes),
            None => other.extend(notes.iter().map(|n| format!("{rel}: {n}"))),
        }
        if fs.updated.is_empty() {
            synced.unchanged += 1;
        } else {
            synced.updated += 1;
            out.push((rel, merged));
        }
    }
    if problems.is_empty() {
        for rel in sync::left_the_feed(&opts.into, &now) {
            let mine = read_text(&opts.into.join(&rel))?;
            match sync::pause(&mine) {
                Some(paused) => {
                    synced.paused += 1;
                    other.push(format!(
                        "{rel}: no longer in the feed, so its status is now paused; delete the file if the service has closed"
                    ));
                    out.push((rel, paused));
                }
                None => other.push(format!(
                    "{rel}: no longer in the feed (already paused); delete the file if the service has closed"
                )),
            }
        }
    } else {
        other.push(
            "records were left out because of problems, so listings missing from the feed were not paused".into(),
        );
    }
    Ok((out, synced))
}
