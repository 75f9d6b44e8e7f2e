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
//! Every record is read and checked before anything is written: a malformed record stops
//! the import with its file, record and field named, and no file is touched. Existing files
//! are only replaced with `--force`.

pub mod error;
pub mod fetch;
pub mod map;
pub mod read;
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
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Files written, relative to the content folder.
    pub written: Vec<String>,
    pub services: usize,
    pub organisations: usize,
    pub venues: usize,
    /// Per record: what could not be carried over.
    pub notes: Vec<(String, Vec<String>)>,
    /// Records left out on purpose (inactive or defunct services).
    pub skipped: Vec<String>,
}

impl From<write::WriteError> for ImportError {
    fn from(e: write::WriteError) -> ImportError {
        match e {
            write::WriteError::Exists(files) => ImportError::Exists(files),
            write::WriteError::Io { path, source } => ImportError::Write { path, source },
        }
    }
}

/// Runs the import: reads and checks every record, then writes all files or none.
pub fn oruk(opts: &Options) -> Result<Outcome, ImportError> {
    let read::Read {
        services,
        terms,
        mut problems,
    } = read::read(&opts.inputs);
    let target = map::Target::load(&opts.into, opts.today)?;
    let mapping = match &opts.mapping {
        Some(p) => map::read_mapping(p, &target.need_ids()).unwrap_or_else(|e| {
            problems.extend(e.into_iter().map(Problem::from));
            Default::default()
        }),
        None => Default::default(),
    };
    if !problems.is_empty() {
        return Err(ImportError::Malformed(problems));
    }
    let mapped = map::map(services, &terms, &target, mapping, opts.today);
    write::write(&opts.into, &mapped.files, opts.force)?;
    Ok(Outcome {
        written: mapped.files.into_iter().map(|(rel, _)| rel).collect(),
        services: mapped.services,
        organisations: mapped.organisations,
        venues: mapped.venues,
        notes: mapped.notes,
        skipped: mapped.skipped,
    })
}
