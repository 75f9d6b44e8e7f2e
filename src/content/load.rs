//! Reads a content directory (or the embedded sample) into [`Content`], reporting every
//! problem with its file and field. Files are independent here, so they load in parallel.

use super::diagnostics::{Anchor, Diagnostic, index, key};
use super::formats;
use super::model::*;
use super::reader::{Obj, Reader, type_name};
use super::schema;
use crate::yaml::{self, Path, Pos, Value};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path as FsPath, PathBuf};

pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// The largest price a listing can show, in pounds (a term of childcare is a few thousand).
pub const MAX_AMOUNT: f64 = 100_000.0;

/// The folders of listings, one markdown file each, as declared in [`schema::KINDS`].
pub fn folders() -> impl Iterator<Item = &'static str> {
    schema::KINDS.iter().filter(|k| k.markdown).map(|k| k.name)
}

/// One file as found on disk, before parsing.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Relative to the content directory, forward slashes.
    pub rel: String,
    pub bytes: Vec<u8>,
    pub problem: Option<RawProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawProblem {
    Symlink,
    TooLarge(u64),
    Unreadable(String),
    /// A named pipe, socket or device rather than a file.
    NotAFile,
    /// An ordinary file listed by `list_dir` but not read yet.
    Unread(std::path::PathBuf),
}

/// The embedded sample borough, so `signpost build` works from any folder.
pub static SAMPLE: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/content");

/// Lists the files of a content directory without reading them. Hidden files and folders
/// (.git, .DS_Store) are skipped; links are not followed (they could point outside the
/// content). Ordinary files come back [`RawProblem::Unread`], for [`read_raw`] (or
/// [`load_one`]) to read later, so a large folder is never all in memory as text at once.
pub fn list_dir(dir: &FsPath) -> std::io::Result<Vec<RawFile>> {
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let mut files = Vec::new();
    // Sorted once at the end rather than by walkdir, which works out both names again
    // (from the whole path) at every comparison: a sixth of the CPU time of listing
    // 100,000 files.
    let walker = walkdir::WalkDir::new(dir).follow_links(false).max_depth(32);
    for entry in walker
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(dir).ok())
                    .map(rel_string)
                    .unwrap_or_default();
                files.push(RawFile {
                    rel,
                    bytes: Vec::new(),
                    problem: Some(RawProblem::Unreadable(e.to_string())),
                });
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = rel_string(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        if entry.path_is_symlink() {
            files.push(RawFile {
                rel,
                bytes: Vec::new(),
                problem: Some(RawProblem::Symlink),
            });
            continue;
        }
        // A named pipe or device would block the read forever (or never end).
        if !entry.file_type().is_file() {
            files.push(RawFile {
                rel,
                bytes: Vec::new(),
                problem: Some(RawProblem::NotAFile),
            });
            continue;
        }
        files.push(RawFile {
            rel,
            bytes: Vec::new(),
            problem: Some(RawProblem::Unread(entry.into_path())),
        });
    }
    // Folder by folder, each sorted by name: the order walkdir's own sort gave.
    files.sort_by(|a, b| a.rel.split('/').cmp(b.rel.split('/')));
    Ok(files)
}

/// Reads a file [`list_dir`] listed; anything else is left as it is.
pub fn read_raw(f: &mut RawFile) {
    let path = match f.problem.take() {
        Some(RawProblem::Unread(path)) => path,
        other => {
            f.problem = other;
            return;
        }
    };
    match read_file(&path) {
        Ok(bytes) => f.bytes = bytes,
        Err(refused) => f.problem = Some(refused.problem()),
    }
}

/// Reads one file of a content directory as [`list_dir`] and [`read_raw`] would, by its relative path: None
/// when nothing is there any more (or it is a folder). Used by the dev server for the files
/// that changed.
pub fn read_one(dir: &FsPath, rel: &str) -> Option<RawFile> {
    let (bytes, problem) = match read_file(&dir.join(rel)) {
        Ok(bytes) => (bytes, None),
        Err(Refused::Folder) => return None,
        Err(Refused::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(refused) => (Vec::new(), Some(refused.problem())),
    };
    Some(RawFile {
        rel: rel.to_string(),
        bytes,
        problem,
    })
}

/// Why a file was not read by [`read_file`] (or [`open_file`] and [`read_limited`]).
#[derive(Debug)]
pub enum Refused {
    Symlink,
    Folder,
    NotAFile,
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Symlink => f.write_str("it is a link to another file, which is not followed"),
            Refused::Folder => f.write_str("it is a folder"),
            Refused::NotAFile => {
                f.write_str("it is not an ordinary file (a pipe, socket or device)")
            }
            Refused::TooLarge(n) => write!(
                f,
                "it is {} KB; the limit is {} KB",
                n.div_ceil(1024),
                MAX_FILE_BYTES / 1024
            ),
            Refused::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Refused {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Refused::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// So a caller that works in `std::io::Result` can use `?` (a missing file stays
/// `NotFound`).
impl From<Refused> for std::io::Error {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Io(e) => e,
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other),
        }
    }
}

/// Reads a file that someone else may control (content, a theme, an import): without
/// following a link, without waiting on a pipe, and never more than [`MAX_FILE_BYTES`].
/// The one safe way to read such a file; `std::fs::read` follows links out of the folder.
pub fn read_file(path: &FsPath) -> Result<Vec<u8>, Refused> {
    open_file(path).and_then(read_limited)
}

impl Refused {
    fn problem(self) -> RawProblem {
        match self {
            Refused::Symlink => RawProblem::Symlink,
            Refused::Folder | Refused::NotAFile => RawProblem::NotAFile,
            Refused::TooLarge(n) => RawProblem::TooLarge(n),
            Refused::Io(e) => RawProblem::Unreadable(e.to_string()),
        }
    }
}

/// Opens a content file without following a link or waiting on a pipe, then checks what
/// was opened rather than what the path named a moment before: a file swapped for a link
/// after the folder was listed is refused, never followed out of the content folder.
/// Returns the file and its length when opened; [`read_limited`] reads it.
pub fn open_file(path: &FsPath) -> Result<(std::fs::File, u64), Refused> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    // Without O_NOFOLLOW, the path is checked just before it is opened.
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path)
        .map_err(Refused::Io)?
        .file_type()
        .is_symlink()
    {
        return Err(Refused::Symlink);
    }
    let file = options.open(path).map_err(|e| match e.raw_os_error() {
        // What opening a link with O_NOFOLLOW, and a socket, fail with.
        #[cfg(unix)]
        Some(libc::ELOOP) => Refused::Symlink,
        #[cfg(unix)]
        Some(libc::ENXIO) => Refused::NotAFile,
        _ => Refused::Io(e),
    })?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if meta.is_dir() {
        return Err(Refused::Folder);
    }
    if !meta.is_file() {
        return Err(Refused::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Refused::TooLarge(meta.len()));
    }
    Ok((file, meta.len()))
}

/// Reads an opened file of `len` bytes (as measured when opened), at most the size limit:
/// a file that grew since is still refused rather than read whole.
pub fn read_limited((mut file, len): (std::fs::File, u64)) -> Result<Vec<u8>, Refused> {
    use std::io::Read;
    // Room for one byte more than measured, so a read that comes back short at the
    // measured length is the end of the file, without one more read to hear it.
    let mut bytes = vec![0u8; len as usize + 1];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if filled as u64 > MAX_FILE_BYTES {
                return Err(Refused::TooLarge(filled as u64));
            }
            // It grew while being read: read on, up to the limit.
            let more = (bytes.len() * 2).min(MAX_FILE_BYTES as usize + 1);
            bytes.resize(more, 0);
        }
        let asked = bytes.len() - filled;
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if n < asked && filled as u64 == len {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Refused::Io(e)),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

fn rel_string(p: &FsPath) -> String {
    // The usual case, a path walked from the content folder, is already in this form; the
    // general one rebuilt it a component at a time (a tenth of listing 100,000 files).
    #[cfg(unix)]
    if let Some(s) = p.to_str()
        && !s.split('/').any(|c| c.is_empty() || c == ".")
    {
        return s.to_string();
    }
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The embedded sample's files.
pub fn embedded_files() -> Vec<RawFile> {
    let mut out = Vec::new();
    fn walk(d: &include_dir::Dir<'static>, out: &mut Vec<RawFile>) {
        for f in d.files() {
            out.push(RawFile {
                rel: rel_string(f.path()),
                bytes: f.contents().to_vec(),
                problem: None,
            });
        }
        for sub in d.dirs() {
            walk(sub, out);
        }
    }
    walk(&SAMPLE, &mut out);
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// Where content comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Dir(PathBuf),
    Embedded,
}

impl Source {
    /// The files, with those in a folder listed but not yet read ([`load_one`] reads them).
    pub fn list(&self) -> std::io::Result<Vec<RawFile>> {
        match self {
            Source::Dir(d) => list_dir(d),
            Source::Embedded => Ok(embedded_files()),
        }
    }
    /// How paths are shown to the user.
    pub fn display_path(&self, rel: &str) -> String {
        match self {
            Source::Dir(d) => {
                let base = d.to_string_lossy();
                let base = base.trim_end_matches('/');
                if base == "." || base.is_empty() {
                    rel.to_string()
                } else {
                    format!("{base}/{rel}")
                }
            }
            Source::Embedded => format!("(built-in sample)/{rel}"),
        }
    }
}

/// The outcome of loading: the content that could be read, every problem, and the text of
/// files that have problems (for snippets).
pub struct Loaded {
    pub content: Content,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: HashMap<String, String>,
}

/// What one file holds once read.
#[derive(Debug, Clone)]
pub enum Item {
    Site(Box<SiteConfig>),
    Needs(Vec<Category>, Vec<Need>),
    Locality(Locality),
    Hub(Hub),
    Venue(Venue),
    Organisation(Organisation),
    Service(Box<Service>),
    Postcodes(Vec<PostcodeArea>),
    Childcare(Box<super::childcare::ChildcareProvider>),
    YouSaidWeDid(Box<super::local_offer::YouSaidWeDid>),
}

/// One file read on its own: what it holds (None when it could not be read), its own
/// problems, and its text when it has any (for snippets).
#[derive(Debug, Clone)]
pub struct FileResult {
    pub item: Option<Item>,
    pub diags: Vec<Diagnostic>,
    pub text: Option<String>,
}

pub fn load(files: Vec<RawFile>, today: jiff::civil::Date) -> Loaded {
    let results: Vec<(String, FileResult)> = files
        .into_par_iter()
        .map(|f| (f.rel.clone(), load_one(f, today)))
        .collect();
    assemble(results)
}

/// Puts files read one by one (with [`load_one`]) together, in the order given. The dev
/// server keeps each file's result and re-reads only the files that changed.
pub fn assemble(results: Vec<(String, FileResult)>) -> Loaded {
    let mut content = Content::default();
    content.services.reserve(
        results
            .iter()
            .filter(|(_, r)| matches!(r.item, Some(Item::Service(_))))
            .count(),
    );
    let mut diagnostics = Vec::new();
    let mut sources = HashMap::new();
    for (rel, r) in results {
        match classify(&rel) {
            Some("site") => content.has_site_file = true,
            Some("needs") => content.has_needs_file = true,
            Some(kind) if r.item.is_none() && !r.diags.is_empty() => {
                let id = rel.rsplit('/').next().unwrap_or(&rel);
                let id = id.strip_suffix(".md").unwrap_or(id);
                content.failed.insert((kind.to_string(), id.to_string()));
            }
            _ => {}
        }
        if !r.diags.is_empty()
            && let Some(t) = r.text
        {
            sources.insert(r.diags[0].file.clone(), t);
        }
        diagnostics.extend(r.diags);
        match r.item {
            Some(Item::Site(s)) => content.site = Some(*s),
            Some(Item::Needs(c, n)) => {
                content.categories = c;
                content.needs = n;
            }
            Some(Item::Locality(x)) => content.localities.push(x),
            Some(Item::Hub(x)) => content.hubs.push(x),
            Some(Item::Venue(x)) => content.venues.push(x),
            Some(Item::Organisation(x)) => content.organisations.push(x),
            Some(Item::Service(x)) => content.services.push(x),
            Some(Item::Postcodes(x)) => content.postcodes = x,
            Some(Item::Childcare(x)) => content.childcare.push(*x),
            Some(Item::YouSaidWeDid(x)) => content.you_said_we_did = Some(*x),
            None => {}
        }
    }
    Loaded {
        content,
        diagnostics,
        sources,
    }
}

/// Reads one file: parses it and checks its own fields (references are checked later).
pub fn load_one(mut f: RawFile, today: jiff::civil::Date) -> FileResult {
    // A file only listed is read here, so each file's text lives only while it is parsed.
    read_raw(&mut f);
    let rel = f.rel.clone();
    let mut diags = Vec::new();
    let fail = |diags: Vec<Diagnostic>| FileResult {
        item: None,
        diags,
        text: None,
    };
    match &f.problem {
        Some(RawProblem::Symlink) => {
            return fail(vec![Diagnostic::error(&rel, Anchor::File, "this is a link to another file, which is not allowed in content")
                .help("replace the link with a real file; links could point outside the content folder")]);
        }
        Some(RawProblem::TooLarge(n)) => {
            return fail(vec![Diagnostic::error(&rel, Anchor::File, format!("the file is {} KB; the limit is 1024 KB (1 MB)", n.div_ceil(1024)))
                .help(if rel.ends_with(".md") {
                    "a listing should be a page or two of text; shorten the description"
                } else {
                    "keep only what the site needs in this file: for postcodes.yaml, list postcode districts (like MB2) rather than every sector"
                })]);
        }
        Some(RawProblem::NotAFile) => {
            return fail(vec![
                Diagnostic::error(
                    &rel,
                    Anchor::File,
                    "this is not an ordinary file (it is a pipe, socket or device)",
                )
                .help("content holds only text files; delete this one"),
            ]);
        }
        Some(RawProblem::Unreadable(e)) => {
            return fail(vec![Diagnostic::error(
                &rel,
                Anchor::File,
                format!("the file cannot be read: {e}"),
            )]);
        }
        // read_raw above reads every listed file.
        Some(RawProblem::Unread(_)) => {
            return fail(vec![Diagnostic::error(
                &rel,
                Anchor::File,
                "the file was listed but not read",
            )]);
        }
        None => {}
    }
    // READMEs explain a folder to people; they are not listings.
    if rel
        .rsplit('/')
        .next()
        .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
    {
        return fail(Vec::new());
    }
    let Some(kind) = classify(&rel) else {
        return fail(vec![stray(&rel)]);
    };
    if let Some(d) = encoding_problem(&rel, &f.bytes) {
        return fail(vec![d]);
    }
    let text = match String::from_utf8(f.bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let col = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            let mut d = Diagnostic::error(
                &rel,
                Anchor::At(Pos { line, column: col }),
                "the file is not saved as UTF-8 text",
            )
            .help("save the file with UTF-8 encoding (in most editors: Save As, Encoding: UTF-8)");
            d.line = line;
            d.column = col;
            return fail(vec![d]);
        }
    };
    if let Some(d) = lone_cr(&rel, text.as_bytes()) {
        return fail(vec![d]);
    }
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return FileResult {
            item: None,
            diags: vec![
                Diagnostic::error(&rel, Anchor::File, "the file is empty").help(
                    "fill it in (see docs/content.md for the fields and an example) or delete it",
                ),
            ],
            text: Some(text),
        };
    }

    // Split front matter from the body for markdown files.
    let single = !schema::kind(kind).is_some_and(|k| k.markdown);
    let (yaml_text, line_offset, body) = if single {
        (text.as_str(), 0, "")
    } else {
        match split_front_matter(&text) {
            Ok(parts) => parts,
            Err(d) => {
                return FileResult {
                    item: None,
                    diags: vec![Diagnostic {
                        file: rel.clone(),
                        ..*d
                    }],
                    text: Some(text),
                };
            }
        }
    };

    let value = match yaml::parse(yaml_text) {
        Ok(v) => v,
        Err(e) => {
            let mut d = Diagnostic::error(
                &rel,
                Anchor::At(Pos {
                    line: e.line,
                    column: e.column,
                }),
                e.message,
            )
            .help("check quotes, colons and indentation on this line and the one before");
            d.line = (e.line + line_offset).min(text.lines().count().max(1));
            d.column = e.column;
            // The parser says only "control characters are not allowed": say which and where.
            if let Some(i) = yaml_text
                .char_indices()
                .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                .map(|(i, _)| i)
            {
                let c = yaml_text[i..].chars().next().unwrap_or('\0');
                let before = &yaml_text[..i];
                d.line = before.matches('\n').count() + 1 + line_offset;
                d.column = before[before.rfind('\n').map(|n| n + 1).unwrap_or(0)..]
                    .chars()
                    .count()
                    + 1;
                d.message = format!(
                    "the YAML cannot be read: it holds a control character (U+{:04X}) at line {}, column {}, which cannot be shown",
                    c as u32, d.line, d.column
                );
                d.help = Some(super::reader::HIDDEN_HELP.to_string());
            }
            return FileResult {
                item: None,
                diags: vec![d],
                text: Some(text),
            };
        }
    };
    let id = rel.rsplit('/').next().unwrap_or(&rel);
    // Only the last `.md` goes: `x.md.md` is the id `x.md`, which the id check refuses.
    let id = id.strip_suffix(".md").unwrap_or(id).to_string();
    let item = {
        let mut r = Reader::new(&rel, &mut diags);
        if !single && let Err(why) = formats::check_id(&id) {
            r.err(
                Anchor::File,
                format!("the file name is not a valid id: {why}"),
            )
            .help = Some(format!("rename the file to `{}.md`", formats::slugify(&id)));
        } else if !single && formats::windows_reserved(&id) {
            r.err(
                Anchor::File,
                format!("the file name `{id}.md` cannot be used: Windows keeps the name `{id}` for a device, so the repository could not be copied onto a Windows computer"),
            )
            .help = Some(format!("rename the file, for example to `{id}-service.md`"));
        }
        if !single {
            let first_line = text[..text.len() - body.len()].matches('\n').count() + 1;
            super::body::check(&rel, body, first_line, line_offset, r.diags);
        }
        let body = body.to_string();
        match kind {
            "site" => read_site(&mut r, &value).map(|s| Item::Site(Box::new(s))),
            "needs" => read_needs(&mut r, &value).map(|(c, n)| Item::Needs(c, n)),
            "postcodes" => read_postcodes(&mut r, &value).map(Item::Postcodes),
            "localities" => read_locality(&mut r, &value, id, body).map(Item::Locality),
            "hubs" => read_hub(&mut r, &value, id, body).map(Item::Hub),
            "venues" => read_venue(&mut r, &value, id, body, today).map(Item::Venue),
            "organisations" => read_org(&mut r, &value, id, body, today).map(Item::Organisation),
            "services" => {
                read_service(&mut r, &value, id, body, today).map(|s| Item::Service(Box::new(s)))
            }
            "childcare" => super::childcare::read(&mut r, &value, id, body)
                .map(|p| Item::Childcare(Box::new(p))),
            "local-offer" => super::local_offer::read_page(&mut r, &value, &id, body)
                .map(|p| Item::YouSaidWeDid(Box::new(p))),
            _ => None,
        }
    };
    super::diagnostics::locate(&mut diags, Some(yaml_text), line_offset);
    let keep = if diags.is_empty() { None } else { Some(text) };
    FileResult {
        item,
        diags,
        text: keep,
    }
}

/// Encodings that would otherwise be reported as a missing `---` line: UTF-16 (what some
/// Windows editors call "Unicode") and a doubled byte order mark.
fn encoding_problem(rel: &str, bytes: &[u8]) -> Option<Diagnostic> {
    let save_as = "save the file with UTF-8 encoding (in most editors: Save As, Encoding: UTF-8)";
    let head = &bytes[..bytes.len().min(64)];
    let utf16 = head.starts_with(&[0xff, 0xfe])
        || head.starts_with(&[0xfe, 0xff])
        || (head.len() >= 4
            && head.iter().skip(1).step_by(2).filter(|b| **b == 0).count() * 2 >= head.len() / 2)
        || (head.len() >= 4
            && head.iter().step_by(2).filter(|b| **b == 0).count() * 2 >= head.len() / 2);
    if utf16 {
        return Some(
            Diagnostic::error(
                rel,
                Anchor::File,
                "the file is saved as UTF-16 text, not UTF-8",
            )
            .help(save_as),
        );
    }
    let bom = "\u{feff}".as_bytes();
    if bytes.starts_with(bom) && bytes[bom.len()..].starts_with(bom) {
        return Some(
            Diagnostic::error(
                rel,
                Anchor::File,
                "the file starts with two byte order marks (invisible characters some editors add)",
            )
            .help(save_as),
        );
    }
    None
}

/// Lines ended by a carriage return alone (old Mac files) would read as one long line.
fn lone_cr(rel: &str, bytes: &[u8]) -> Option<Diagnostic> {
    if let Some(i) = bytes.iter().position(|b| *b == b'\r')
        && bytes.get(i + 1) != Some(&b'\n')
    {
        let line = bytes[..i].iter().filter(|b| **b == b'\n').count() + 1;
        let mut d = Diagnostic::error(
            rel,
            Anchor::At(Pos { line, column: 1 }),
            "a line ends with a carriage return alone (an old Mac line ending), so the lines cannot be told apart",
        )
        .help("save the file with Unix (LF) or Windows (CRLF) line endings");
        d.line = line;
        return Some(d);
    }
    None
}

/// The kind of file by its place, a name from [`schema::KINDS`]: "site", "needs",
/// "postcodes" (each one file), or a folder of listings such as "services".
pub fn classify(rel: &str) -> Option<&'static str> {
    if let Some(k) = schema::KINDS.iter().find(|k| !k.markdown && k.files == rel) {
        return Some(k.name);
    }
    let (dir, rest) = rel.split_once('/')?;
    if !rest.ends_with(".md") {
        return None;
    }
    folders().find(|k| *k == dir)
}

fn stray(rel: &str) -> Diagnostic {
    let mut help = String::from(
        "content holds site.yaml, needs.yaml, postcodes.yaml and `.md` files in the folders ",
    );
    help.push_str(&folders().collect::<Vec<_>>().join(", "));
    let hint = if let Some((dir, _)) = rel.split_once('/') {
        if folders().any(|k| k == dir) {
            let stem = rel.rsplit('/').next().unwrap_or(rel);
            let stem = stem.split('.').next().unwrap_or(stem);
            format!(
                "; rename it to `{dir}/{}.md` if it is a listing, or delete it",
                formats::slugify(stem)
            )
        } else if let Some(s) = super::diagnostics::did_you_mean(dir, folders()) {
            format!("; {s}")
        } else {
            "; move it into one of them, or delete it".to_string()
        }
    } else {
        "; move it into one of them, or delete it".to_string()
    };
    help.push_str(&hint);
    Diagnostic::error(
        rel,
        Anchor::File,
        "signpost does not know what this file is",
    )
    .help(help)
}

/// Splits a listing into its fields (the YAML between the `---` lines at the top) and its
/// description: returns (yaml, number of lines before the yaml, body). The one front-matter
/// splitter: loading, locating diagnostics and tests all use it. The error's file is blank
/// for the caller to fill in.
pub fn split_front_matter(text: &str) -> Result<(&str, usize, &str), Box<Diagnostic>> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        let mut d = Diagnostic::error("", Anchor::At(Pos { line: 1, column: 1 }), "the file must start with a line of three hyphens `---`, then the fields, then another `---`")
            .help("put the fields between two `---` lines at the top; the description goes after the second one")
            .example("---\nname: Rhyme Time\nsummary: Songs and stories for babies.\n---\nThe description.");
        d.line = 1;
        return Err(Box::new(d));
    }
    let start = (first_end + 1).min(text.len());
    let mut pos = start;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body = if end < text.len() {
                &text[end + 1..]
            } else {
                ""
            };
            return Ok((&text[start..pos], 1, body));
        }
        pos = end + 1;
    }
    let mut d = Diagnostic::error(
        "",
        Anchor::At(Pos { line: 1, column: 1 }),
        "the fields at the top are not closed with a `---` line",
    )
    .help("add a line with just `---` after the last field, before the description");
    d.line = 1;
    Err(Box::new(d))
}

fn read_site(r: &mut Reader, v: &Value) -> Option<SiteConfig> {
    let o = r.object(v, Vec::new(), &schema::SITE)?;
    read_format(r, &o);
    let name = r.text(&o, "name");
    let area = r.text(&o, "area");
    let council = r.text(&o, "council");
    let description = r.text(&o, "description").unwrap_or_default();
    let base_url = r
        .url(&o, "base_url")
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let base_path = read_base_path(r, &o);
    let repository = r
        .url(&o, "repository")
        .map(|s| s.trim_end_matches('/').to_string());
    let branch = r.text(&o, "branch").unwrap_or_else(|| "main".into());
    let theme = r.text(&o, "theme").unwrap_or_else(|| "default".into());
    if formats::check_id(&theme).is_err() {
        r.err(
            Anchor::Value(key(&o.path, "theme")),
            "a theme name is a folder name in themes/: lowercase letters, numbers and hyphens",
        )
        .example = Some(o.example("theme").into());
    }
    let review_months = match r.get(&o, "review_months") {
        None => 12,
        Some(v) => match v.as_u64() {
            Some(n @ 1..=60) => n as u32,
            _ => {
                r.err(
                    Anchor::Value(key(&o.path, "review_months")),
                    "the review period must be a whole number of months from 1 to 60",
                )
                .example = Some(o.example("review_months").into());
                12
            }
        },
    };
    let language = r.text(&o, "language").unwrap_or_else(|| "en".into());
    let exit_url = r
        .url(&o, "exit_url")
        .unwrap_or_else(|| "https://www.bbc.co.uk/weather".into());
    let accessibility_reviewed = r.date(&o, "accessibility_reviewed");
    if r.get(&o, "accessibility_reviewed").is_none() {
        r.warn(
            Anchor::File,
            "site.yaml does not say when the accessibility statement was last reviewed, and public sector websites must: add `accessibility_reviewed` with the date you last checked it",
        )
        .example = Some(o.example("accessibility_reviewed").into());
    }
    let contact = r.contact(&o, "contact");
    let emergency = read_contacts(r, &o, "emergency");
    let front_door = read_front_door(r, &o);
    let terms = read_terms(r, &o);
    let bank_holidays = read_bank_holidays(r, &o);
    let organisation_types = read_org_types(r, &o);
    let local_offer = super::local_offer::read_settings(r, &o);
    let report_problems = read_report_problems(r, &o, &contact);
    // --- childcare: site settings
    let vacancy_weeks = match r.number(&o, "vacancy_weeks") {
        None => super::childcare::DEFAULT_VACANCY_WEEKS,
        Some(n) if n.fract() == 0.0 && (1.0..=52.0).contains(&n) => n as u32,
        Some(_) => {
            r.err(
                Anchor::Value(key(&o.path, "vacancy_weeks")),
                "`vacancy_weeks` must be a whole number of weeks from 1 to 52",
            )
            .example = Some(o.example("vacancy_weeks").into());
            super::childcare::DEFAULT_VACANCY_WEEKS
        }
    };
    let ofsted_local_authority = r
        .text(&o, "ofsted_local_authority")
        .or_else(|| area.clone())
        .unwrap_or_default();
    Some(SiteConfig {
        name: name?,
        council: council
            .clone()
            .unwrap_or_else(|| format!("{} Council", area.clone().unwrap_or_default())),
        area: area?,
        description,
        base_url,
        base_path,
        repository,
        branch,
        theme,
        review_months,
        language,
        exit_url,
        accessibility_reviewed,
        contact,
        emergency,
        front_door,
        terms,
        bank_holidays,
        organisation_types,
        report_problems,
        vacancy_weeks,
        ofsted_local_authority,
        early_years_need: r.text(&o, "early_years_need"),
        local_offer,
    })
}

// --- editing: site.yaml's `report_problems`
/// Where reports of a wrong listing go: as written, or by email to the FIS when it has an
/// address, or nowhere.
fn read_report_problems(
    r: &mut Reader,
    o: &Obj,
    contact: &super::model::Contact,
) -> super::model::ReportProblems {
    use super::model::ReportProblems;
    let fis_email = || contact.email.clone().map(ReportProblems::Email);
    match r.choice(o, "report_problems").as_deref() {
        Some("netlify") => ReportProblems::Netlify,
        Some("off") => ReportProblems::Off,
        Some(_) => fis_email().unwrap_or_else(|| {
            r.err(
                Anchor::Value(key(&o.path, "report_problems")),
                "reports by email go to the site's `contact.email`, and there is none",
            )
            .help = Some("add `email:` under `contact:`, or choose `netlify` or `off`".into());
            ReportProblems::Off
        }),
        None => fis_email().unwrap_or(ReportProblems::Off),
    }
}

/// site.yaml's `format`: content this signpost cannot read as it is gets one error saying
/// what to do (update signpost, or run `signpost upgrade`); `content::check` then shows
/// only that error, as the rest would be noise from a format it does not know.
fn read_format(r: &mut Reader, o: &Obj) {
    let Some(v) = r.get(o, "format") else { return };
    let anchor = Anchor::Value(key(&o.path, "format"));
    match v
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&n| n >= 1)
    {
        None => {
            r.err(anchor, "the content format is a whole number")
                .example = Some(o.example("format").into());
        }
        Some(n) => {
            if let Err(why) = crate::upgrade::readable(n) {
                let (msg, help) = why.message();
                r.err(anchor, msg).help = Some(help);
            }
        }
    }
}

/// site.yaml's `base_path`: `/` unless given; checked by address.rs's rule.
fn read_base_path(r: &mut Reader, o: &Obj) -> String {
    let path = r.text(o, "base_path");
    match path.as_deref().map(crate::address::check_base_path) {
        None => "/".into(),
        Some(Ok(())) => path.unwrap_or_default(),
        Some(Err(why)) => {
            r.err(Anchor::Value(key(&o.path, "base_path")), why).example =
                Some(o.example("base_path").into());
            "/".into()
        }
    }
}

/// A list of contacts in the form of site.yaml's `emergency` (also a need's `helplines`).
fn read_contacts(r: &mut Reader, o: &Obj, field: &str) -> Vec<EmergencyContact> {
    let mut out = Vec::new();
    let Some(list) = r.get(o, field) else {
        return out;
    };
    let p = key(&o.path, field);
    match list {
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(e) = r.object(item, index(&p, i), &schema::EMERGENCY) {
                    let name = r.text(&e, "name");
                    // Not `r.phone`: 999 and 111 may be written without quotes.
                    let phone = r.optional_text(&e, "phone");
                    if let Some(ph) = &phone
                        && let Err(why) = formats::check_uk_phone(ph)
                    {
                        r.err(
                            Anchor::Value(key(&e.path, "phone")),
                            format!("`{ph}` is not a UK phone number: {why}"),
                        );
                    }
                    let text = r.optional_text(&e, "text");
                    if let Some(t) = &text
                        && (t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == ' '))
                    {
                        r.err(
                            Anchor::Value(key(&e.path, "text")),
                            format!("`{t}` is not a number to text: write only its digits, such as \"85258\", and say what to send in `description`"),
                        );
                    }
                    let website = r.url(&e, "website");
                    let description = r.text(&e, "description").unwrap_or_default();
                    if let Some(name) = name {
                        out.push(EmergencyContact {
                            name,
                            phone,
                            website,
                            text,
                            description,
                        });
                    }
                }
            }
        }
        other => {
            r.err(
                Anchor::Value(p),
                format!("expected a list, found {}", type_name(other)),
            )
            .example = Some(o.example(field).into());
        }
    }
    out
}

fn read_front_door(r: &mut Reader, o: &Obj) -> Option<FrontDoor> {
    let f = r.group(o, "front_door")?;
    let name = r.text(&f, "name");
    let phone = r.phone(&f, "phone");
    let email = r.email(&f, "email");
    let website = r.url(&f, "website");
    let hours = r.text(&f, "hours");
    let description = r.text(&f, "description").unwrap_or_default();
    let written = ["phone", "email", "website"]
        .iter()
        .any(|k| r.get(&f, k).is_some());
    if !written {
        r.err(
            Anchor::Key(key(&o.path, "front_door")),
            "the children's front door needs a way to reach it",
        )
        .help = Some("add at least a `phone`, `email` or `website`".into());
    }
    Some(FrontDoor {
        name: name?,
        phone,
        email,
        website,
        hours,
        description,
    })
}

/// site.yaml's `organisation_types`: types added to the built-in ones, each once.
fn read_org_types(r: &mut Reader, o: &Obj) -> Vec<OrgType> {
    let mut out: Vec<OrgType> = Vec::new();
    let Some(list) = r.get(o, "organisation_types") else {
        return out;
    };
    let p = key(&o.path, "organisation_types");
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!(
                "expected a list of organisation types, found {}",
                type_name(list)
            ),
        )
        .example = Some(o.example("organisation_types").into());
        return out;
    };
    for (i, it) in items.iter().enumerate() {
        let Some(t) = r.object(it, index(&p, i), &schema::ORG_TYPE) else {
            continue;
        };
        let (Some(id), Some(name)) = (r.text(&t, "id"), r.text(&t, "name")) else {
            continue;
        };
        if let Err(why) = formats::check_id(&id) {
            r.err(
                Anchor::Value(key(&t.path, "id")),
                format!("`{id}` is not a valid id: {why}"),
            )
            .example = Some(t.example("id").into());
        } else if ORG_TYPES.contains(&id.as_str()) {
            r.err(
                Anchor::Value(key(&t.path, "id")),
                format!("`{id}` is already a built-in organisation type"),
            )
            .help = Some(format!(
                "organisations can use `type: {id}` without adding it; remove this entry"
            ));
        } else if out.iter().any(|x| x.id == id) {
            r.err(
                Anchor::Value(key(&t.path, "id")),
                format!("the organisation type `{id}` is added twice"),
            )
            .help = Some("keep one of the two entries".into());
        } else {
            out.push(OrgType { id, name });
        }
    }
    out
}

/// A place's `address` group (line1 and town required), as venues and childcare providers
/// write it.
pub(crate) fn read_address(r: &mut Reader, o: &Obj) -> Option<Address> {
    r.group(o, "address").and_then(|a| {
        let line1 = r.text(&a, "line1");
        let line2 = r.text(&a, "line2");
        let town = r.text(&a, "town");
        let county = r.text(&a, "county");
        Some(Address {
            line1: line1?,
            line2,
            town: town?,
            county,
        })
    })
}

/// A place's `postcode`, normalised; a postcode that is not a UK one is reported.
pub(crate) fn read_postcode(r: &mut Reader, o: &Obj) -> Option<String> {
    r.text(o, "postcode")
        .and_then(|p| match formats::normalise_postcode(&p) {
            Ok(n) => Some(n),
            Err(why) => {
                r.err(
                    Anchor::Value(key(&o.path, "postcode")),
                    format!("`{p}` is not a UK postcode: {why}"),
                )
                .example = Some(o.example("postcode").into());
                None
            }
        })
}

fn read_terms(r: &mut Reader, o: &Obj) -> Vec<Term> {
    let mut out = Vec::new();
    let Some(list) = r.get(o, "terms") else {
        return out;
    };
    let p = key(&o.path, "terms");
    let ex = o.example("terms");
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!("expected a list of terms, found {}", type_name(list)),
        )
        .example = Some(ex.into());
        return out;
    };
    for (i, it) in items.iter().enumerate() {
        let Some(t) = r.object(it, index(&p, i), &schema::TERM) else {
            continue;
        };
        let name = r.text(&t, "name");
        let starts = r.date(&t, "starts");
        let ends = r.date(&t, "ends");
        let (Some(starts), Some(ends)) = (starts, ends) else {
            continue;
        };
        if ends < starts {
            r.err(
                Anchor::Value(key(&t.path, "ends")),
                format!("the term ends on {ends}, before it starts on {starts}"),
            )
            .help = Some("check the two dates are not swapped".into());
            continue;
        }
        out.push(Term {
            name: name.unwrap_or_else(|| "Term".into()),
            starts,
            ends,
        });
    }
    out
}

fn read_bank_holidays(r: &mut Reader, o: &Obj) -> Vec<jiff::civil::Date> {
    let ex = o.example("bank_holidays");
    let mut out = Vec::new();
    for (s, p) in r.list(o, "bank_holidays") {
        match formats::parse_date(&s) {
            Ok(d) => out.push(d),
            Err(why) => {
                r.err(Anchor::Value(p), why).example = Some(ex.into());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// postcodes.yaml: a list of districts or sectors with their centre points.
fn read_postcodes(r: &mut Reader, v: &Value) -> Option<Vec<PostcodeArea>> {
    let o = r.object(v, Vec::new(), &schema::POSTCODES_FILE)?;
    let ex = o.example("postcodes");
    let Some(list) = r.get(&o, "postcodes") else {
        r.missing(&o, "postcodes");
        return None;
    };
    let p = key(&o.path, "postcodes");
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!(
                "expected a list of postcode areas, found {}",
                type_name(list)
            ),
        )
        .example = Some(ex.into());
        return None;
    };
    let mut out: Vec<PostcodeArea> = Vec::new();
    // Where each code was first listed (entry number from 1), to name it in a duplicate.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let Some(e) = r.object(it, index(&p, i), &schema::POSTCODE_AREA) else {
            continue;
        };
        let code = r
            .text(&e, "code")
            .and_then(|c| match formats::normalise_postcode_area(&c) {
                Ok(n) => Some(n),
                Err(why) => {
                    r.err(Anchor::Value(key(&e.path, "code")), why).help =
                        e.field("code").help.map(str::to_string);
                    None
                }
            });
        let lat = r.number(&e, "latitude");
        let lon = r.number(&e, "longitude");
        if let (Some(la), Some(lo)) = (lat, lon)
            && let Err(why) = formats::check_uk_coordinates(la, lo)
        {
            r.err(Anchor::Value(key(&e.path, "latitude")), why).help =
                e.field("latitude").help.map(str::to_string);
            continue;
        }
        let (Some(code), Some(latitude), Some(longitude)) = (code, lat, lon) else {
            continue;
        };
        if let Some(first) = seen.get(&code) {
            r.err(
                Anchor::Value(key(&e.path, "code")),
                format!("`{code}` is listed twice: it is also entry {first} of the list"),
            )
            .help = Some("keep one entry for each district or sector and delete the other".into());
            continue;
        }
        seen.insert(code.clone(), i + 1);
        out.push(PostcodeArea {
            code,
            latitude,
            longitude,
        });
    }
    Some(out)
}

fn read_needs(r: &mut Reader, v: &Value) -> Option<(Vec<Category>, Vec<Need>)> {
    let o = r.object(v, Vec::new(), &schema::NEEDS_FILE)?;
    let Some(list) = r.get(&o, "categories") else {
        r.missing(&o, "categories");
        return None;
    };
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(key(&o.path, "categories")),
            format!("expected a list of categories, found {}", type_name(list)),
        )
        .example = Some(o.example("categories").into());
        return None;
    };
    let mut cats = Vec::new();
    let mut needs = Vec::new();
    for (ci, item) in items.iter().enumerate() {
        let cp = index(&key(&o.path, "categories"), ci);
        let Some(c) = r.object(item, cp.clone(), &schema::CATEGORY) else {
            continue;
        };
        let id = r.text(&c, "id");
        if let Some(id) = &id {
            r.id_ref(id, key(&cp, "id"));
        }
        let label = r.text(&c, "label");
        let description = r.text(&c, "description").unwrap_or_default();
        let dfe_category = r.text(&c, "dfe_category");
        let mut need_ids = Vec::new();
        match r.get(&c, "needs") {
            None => r.missing(&c, "needs"),
            Some(Value::Sequence(ns)) => {
                for (ni, n) in ns.iter().enumerate() {
                    let np = index(&key(&cp, "needs"), ni);
                    let Some(no) = r.object(n, np.clone(), &schema::NEED) else {
                        continue;
                    };
                    let nid = r.text(&no, "id");
                    let nlabel = r.text(&no, "label");
                    let ndesc = r.text(&no, "description").unwrap_or_default();
                    let synonyms = r
                        .list(&no, "synonyms")
                        .into_iter()
                        .map(|(s, _)| s)
                        .collect();
                    let search_only = r
                        .list(&no, "search_only")
                        .into_iter()
                        .map(|(s, _)| s)
                        .collect();
                    let sensitive = r.flag(&no, "sensitive");
                    let helplines = read_contacts(r, &no, "helplines");
                    let dfe_subcategory = r.text(&no, "dfe_subcategory");
                    let esd_need = r.text(&no, "esd_need");
                    let start_for_life = r.choice(&no, "start_for_life");
                    if let (Some(nid), Some(nlabel)) = (nid, nlabel)
                        && r.id_ref(&nid, key(&np, "id"))
                    {
                        need_ids.push(nid.clone());
                        needs.push(Need {
                            id: nid,
                            label: nlabel,
                            description: ndesc,
                            synonyms,
                            search_only,
                            sensitive,
                            helplines,
                            category: id.clone().unwrap_or_default(),
                            dfe_subcategory,
                            esd_need,
                            start_for_life,
                        });
                    }
                }
            }
            Some(other) => {
                r.err(
                    Anchor::Value(key(&cp, "needs")),
                    format!("expected a list of needs, found {}", type_name(other)),
                );
            }
        }
        if let (Some(id), Some(label)) = (id, label) {
            cats.push(Category {
                id,
                label,
                description,
                dfe_category,
                needs: need_ids,
            });
        }
    }
    Some((cats, needs))
}

fn read_locality(r: &mut Reader, v: &Value, id: String, body: String) -> Option<Locality> {
    let o = r.object(v, Vec::new(), &schema::LOCALITY)?;
    let name = r.text(&o, "name");
    let summary = r.text(&o, "summary").unwrap_or_default();
    let mut profile = Vec::new();
    if let Some(list) = r.get(&o, "profile") {
        let p = key(&o.path, "profile");
        let fex = o.example("profile");
        match list {
            Value::Sequence(items) => {
                for (i, it) in items.iter().enumerate() {
                    if let Some(f) = r.object(it, index(&p, i), &schema::FIGURE) {
                        let label = r.text(&f, "label");
                        let value = r.number(&f, "value");
                        if let (Some(label), Some(value)) = (label, value) {
                            profile.push(Figure { label, value });
                        }
                    }
                }
            }
            other => {
                r.err(
                    Anchor::Value(p),
                    format!("expected a list of figures, found {}", type_name(other)),
                )
                .example = Some(fex.into());
            }
        }
    }
    let outline = read_outline(r, &o);
    Some(Locality {
        id,
        file: r.file.clone(),
        extra: r.extra(&o),
        name: name?,
        summary,
        profile,
        outline,
        body,
    })
}

/// A locality's boundary: a list of `[latitude, longitude]` pairs, at least three.
fn read_outline(r: &mut Reader, o: &Obj) -> Vec<(f64, f64)> {
    let ex = o.example("outline");
    let mut out = Vec::new();
    let Some(list) = r.get(o, "outline") else {
        return out;
    };
    let p = key(&o.path, "outline");
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!(
                "expected a list of [latitude, longitude] points, found {}",
                type_name(list)
            ),
        )
        .example = Some(ex.into());
        return out;
    };
    let mut ok = true;
    for (i, it) in items.iter().enumerate() {
        let ip = index(&p, i);
        let pair = match it {
            Value::Sequence(xs) if xs.len() == 2 => {
                let la = r.number_at(&xs[0], index(&ip, 0), ex);
                let lo = r.number_at(&xs[1], index(&ip, 1), ex);
                la.zip(lo)
            }
            other => {
                r.err(
                    Anchor::Value(ip.clone()),
                    format!(
                        "each point is two numbers in square brackets, [latitude, longitude]; found {}",
                        type_name(other)
                    ),
                )
                .example = Some(ex.into());
                None
            }
        };
        match pair {
            Some((la, lo)) => {
                if let Err(why) = formats::check_uk_coordinates(la, lo) {
                    r.err(Anchor::Value(ip), why);
                    ok = false;
                } else {
                    out.push((la, lo));
                }
            }
            None => ok = false,
        }
    }
    if ok && out.len() < 3 {
        r.err(
            Anchor::Value(p),
            format!(
                "an outline needs at least 3 points to enclose an area; this has {}",
                out.len()
            ),
        )
        .example = Some(ex.into());
    }
    if !ok || out.len() < 3 {
        out.clear();
    }
    out
}

fn read_hub(r: &mut Reader, v: &Value, id: String, body: String) -> Option<Hub> {
    let o = r.object(v, Vec::new(), &schema::HUB)?;
    let name = r.text(&o, "name");
    let locality = r.text(&o, "locality");
    let venue = r.text(&o, "venue");
    for (field, val) in [("locality", &locality), ("venue", &venue)] {
        if let Some(s) = val {
            r.id_ref(s, key(&o.path, field));
        }
    }
    let summary = r.text(&o, "summary").unwrap_or_default();
    let mut opening_hours = Vec::new();
    if let Some(list) = r.get(&o, "opening_hours") {
        let p = key(&o.path, "opening_hours");
        let hex = o.example("opening_hours");
        match list {
            Value::Sequence(items) => {
                for (i, it) in items.iter().enumerate() {
                    let Some(h) = r.object(it, index(&p, i), &schema::OPENING_HOURS) else {
                        continue;
                    };
                    let days = read_days(r, &h);
                    let opens = r.time(&h, "opens");
                    let closes = r.time(&h, "closes");
                    if let (Some(a), Some(b)) = (opens, closes) {
                        if b <= a {
                            r.err(Anchor::Value(key(&h.path, "closes")), format!("closes at {} is not after opens at {}", b.hhmm(), a.hhmm()))
                                .help = Some("check the two times are not swapped; use the 24-hour clock (5pm is \"17:00\")".into());
                        } else if !days.is_empty() {
                            opening_hours.push(Hours {
                                days,
                                opens: a,
                                closes: b,
                            });
                        }
                    }
                }
            }
            other => {
                r.err(
                    Anchor::Value(p),
                    format!("expected a list, found {}", type_name(other)),
                )
                .example = Some(hex.into());
            }
        }
    }
    let contact = r.contact(&o, "contact");
    Some(Hub {
        id,
        file: r.file.clone(),
        extra: r.extra(&o),
        name: name?,
        locality: locality?,
        venue: venue?,
        summary,
        opening_hours,
        contact,
        body,
    })
}

/// A group's `days`: day names, also as their first three letters.
pub(crate) fn read_days(r: &mut Reader, o: &Obj) -> Vec<Day> {
    // An item of the wrong type is shown the whole group, days with times.
    let items = r.list_shown_as(o, "days", o.schema.example);
    if items.is_empty() {
        r.missing(o, "days");
    }
    let mut days = Vec::new();
    for (s, p) in items {
        let named = match Day::parse(&s) {
            Some(d) => vec![d],
            None => Day::group(&s).to_vec(),
        };
        if named.is_empty() {
            r.bad_choice(p, &s, &o.field("days").codes(), o.example("days"));
        }
        for d in named {
            if !days.contains(&d) {
                days.push(d);
            }
        }
    }
    days.sort();
    days
}

fn read_venue(
    r: &mut Reader,
    v: &Value,
    id: String,
    body: String,
    today: jiff::civil::Date,
) -> Option<Venue> {
    let o = r.object(v, Vec::new(), &schema::VENUE)?;
    let name = r.text(&o, "name");
    let address = read_address(r, &o);
    let postcode = read_postcode(r, &o);
    let lat = r.number(&o, "latitude");
    let lon = r.number(&o, "longitude");
    if let (Some(la), Some(lo)) = (lat, lon)
        && let Err(why) = formats::check_uk_coordinates(la, lo)
    {
        r.err(Anchor::Value(key(&o.path, "latitude")), why).help =
            o.field("latitude").help.map(str::to_string);
    }
    let locality = r.text(&o, "locality");
    if let Some(l) = &locality {
        r.id_ref(l, key(&o.path, "locality"));
    }
    let hub = r.text(&o, "hub");
    if let Some(h) = &hub {
        r.id_ref(h, key(&o.path, "hub"));
    }
    let accessibility = r.choices(&o, "accessibility");
    Some(Venue {
        id,
        file: r.file.clone(),
        extra: r.extra(&o),
        name: name?,
        address: address?,
        postcode: postcode?,
        latitude: lat?,
        longitude: lon?,
        locality: locality?,
        hub,
        accessibility,
        reviewed: read_place_reviewed(r, &o, today),
        oruk_id: read_oruk_id(r, &o),
        body,
    })
}

// --- localoffer: review dates on organisations and venues
/// An organisation's or venue's optional `reviewed` date; a date after today is refused as
/// a service's is.
fn read_place_reviewed(
    r: &mut Reader,
    o: &Obj,
    today: jiff::civil::Date,
) -> Option<jiff::civil::Date> {
    let d = r.date(o, "reviewed")?;
    if d > today {
        r.err(
            Anchor::Value(key(&o.path, "reviewed")),
            format!("the review date {d} is in the future (today is {today})"),
        )
        .help = o.field("reviewed").help.map(str::to_string);
        return None;
    }
    Some(d)
}

/// The id a listing had in the Open Referral data it was imported from (a UUID).
fn read_oruk_id(r: &mut Reader, o: &Obj) -> Option<String> {
    let s = r.text(o, "oruk_id")?;
    match uuid::Uuid::parse_str(s.trim()) {
        Ok(u) => Some(u.hyphenated().to_string()),
        Err(_) => {
            r.err(
                Anchor::Value(key(&o.path, "oruk_id")),
                format!("`{s}` is not an Open Referral id (a UUID)"),
            )
            .help = o.field("oruk_id").help.map(str::to_string);
            None
        }
    }
}

fn read_org(
    r: &mut Reader,
    v: &Value,
    id: String,
    body: String,
    today: jiff::civil::Date,
) -> Option<Organisation> {
    let o = r.object(v, Vec::new(), &schema::ORGANISATION)?;
    let name = r.text(&o, "name");
    // A type site.yaml adds is known only once every file is read: the built-in ones are
    // checked here, any other in `validate`.
    let kind = r.open_choice(&o, "type");
    let summary = r.text(&o, "summary").unwrap_or_default();
    let contact = r.contact(&o, "contact");
    let charity_number = r.text(&o, "charity_number");
    if let Some(n) = &charity_number
        && !(n.len() >= 6
            && n.len() <= 8
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        r.err(
            Anchor::Value(key(&o.path, "charity_number")),
            format!("`{n}` does not look like a charity number"),
        )
        .help = o.field("charity_number").help.map(str::to_string);
    }
    // Read before any `?` below, so a bad address is reported with the other problems.
    let owner_email = r.email(&o, schema::OWNER_EMAIL);
    Some(Organisation {
        id,
        file: r.file.clone(),
        extra: r.extra(&o),
        name: name?,
        kind: kind?,
        summary,
        contact,
        charity_number,
        reviewed: read_place_reviewed(r, &o, today),
        oruk_id: read_oruk_id(r, &o),
        owner_email,
        body,
    })
}

pub(crate) fn read_age(r: &mut Reader, v: &Value, path: Path) -> Option<Age> {
    let ex = schema::AGE_EXAMPLE;
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(y) if (0.0..=25.0).contains(&y) => Some(Age((y * 12.0).round() as i32)),
            y => {
                let shown = match y {
                    Some(y) if y.is_finite() && y.abs() < 1e6 => format!("{y}"),
                    _ => "this".to_string(),
                };
                r.err(
                    Anchor::Value(path),
                    format!("{shown} is not an age from 0 to 25 years"),
                )
                .example = Some(ex.into());
                None
            }
        },
        Value::String(s) => {
            let t = s.trim().to_ascii_lowercase();
            if t == "pregnancy" || t == "pre-birth" || t == "antenatal" {
                return Some(Age::PREGNANCY);
            }
            let mut parts = t.split_whitespace();
            let n = parts.next().and_then(|n| n.parse::<f64>().ok());
            let unit = parts.next().unwrap_or("years");
            match (n, unit.trim_end_matches('s')) {
                (Some(n), "month") if (0.0..=300.0).contains(&n) => Some(Age(n.round() as i32)),
                (Some(n), "year") if (0.0..=25.0).contains(&n) => {
                    Some(Age((n * 12.0).round() as i32))
                }
                (n, unit) => {
                    let why = match (n, unit) {
                        (Some(n), "month" | "year") if n.is_finite() => {
                            "ages go from 0 to 25 years (300 months)"
                        }
                        (Some(_), "month" | "year") => "the number is not one a person can read",
                        (Some(_), _) => "the unit must be years or months",
                        (None, _) => "it does not start with a number",
                    };
                    r.err(Anchor::Value(path), format!("`{s}` is not an age: {why}"))
                        .help = Some(schema::AGE_HELP.into());
                    None
                }
            }
        }
        other => {
            r.err(
                Anchor::Value(path),
                format!("expected an age, found {}", type_name(other)),
            )
            .example = Some(ex.into());
            None
        }
    }
}

fn read_service(
    r: &mut Reader,
    v: &Value,
    id: String,
    body: String,
    today: jiff::civil::Date,
) -> Option<Service> {
    let o = r.object(v, Vec::new(), &schema::SERVICE)?;
    let name = r.text(&o, "name");
    let organisation = r.text(&o, "organisation");
    if let Some(s) = &organisation {
        r.id_ref(s, key(&o.path, "organisation"));
    }
    let summary = r.text(&o, "summary");
    if let Some(s) = &summary
        && s.chars().count() > 200
    {
        r.warn(
            Anchor::Value(key(&o.path, "summary")),
            format!(
                "the summary is {} characters; keep it to one sentence under 200",
                s.chars().count()
            ),
        )
        .help = Some("move the detail into the description below the fields".into());
    }
    let needs_raw = r.list(&o, "needs");
    let start_for_life = r.choices(&o, "start_for_life");
    if r.get(&o, "needs").is_none() {
        r.missing(&o, "needs");
    } else if needs_raw.is_empty() {
        r.err(
            Anchor::Value(key(&o.path, "needs")),
            "list at least one need",
        )
        .example = Some(o.example("needs").into());
    }
    let mut needs = Vec::new();
    let mut ref_paths = RefPaths::default();
    for (n, p) in needs_raw {
        if r.id_ref(&n, p.clone()) && !needs.contains(&n) {
            needs.push(n);
            ref_paths.needs.push(p);
        }
    }

    // --- localoffer: who a service is for
    let audience = r.choices(&o, "audience");
    let only_for = r.choices(&o, "only_for");
    let needs_ages = audience.is_empty()
        || audience
            .iter()
            .any(|a| a == crate::content::model::DEFAULT_AUDIENCE);
    if needs_ages && r.get(&o, "ages").is_none() {
        r.missing(&o, "ages");
        if !audience.is_empty()
            && let Some(d) = r.diags.last_mut()
        {
            d.help = Some("a service for children and young people gives their ages; a service for adults only can write `audience: [adults]` and leave ages out".into());
        }
    }
    let ages_given = r.get(&o, "ages").is_some();
    // Read only when given: `ages` is declared required (for the default audience), and its
    // absence was reported above only where it is needed.
    let ages = ages_given
        .then(|| r.group(&o, "ages"))
        .flatten()
        .and_then(|a| {
            let from = match r.get(&a, "from") {
                Some(v) => read_age(r, v, key(&a.path, "from")),
                None => {
                    r.missing(&a, "from");
                    None
                }
            };
            let to = match r.get(&a, "to") {
                Some(v) => read_age(r, v, key(&a.path, "to")),
                None => {
                    r.missing(&a, "to");
                    None
                }
            };
            let send_to = r
                .get(&a, "send_to")
                .and_then(|v| read_age(r, v, key(&a.path, "send_to")));
            let (from, to) = (from?, to?);
            if to < from {
                r.err(
                    Anchor::Value(key(&a.path, "to")),
                    "the age range is the wrong way round: `to` is younger than `from`",
                )
                .help = Some("swap the two ages".into());
                return None;
            }
            if let Some(s) = send_to
                && s < to
            {
                r.err(
                Anchor::Value(key(&a.path, "send_to")),
                "`send_to` (the upper age for young people with SEND) is younger than `to`",
            )
            .help = Some(
                "send_to is for services that go on longer for young people with SEND, usually 25"
                    .into(),
            );
            }
            Some(Ages { from, to, send_to })
        });
    let eligibility = r.text(&o, "eligibility");
    let level = match r.get(&o, "level") {
        None => {
            r.missing(&o, "level");
            None
        }
        Some(Value::Number(n)) if matches!(n.as_u64(), Some(1..=4)) => n.as_u64().map(|x| x as u8),
        // "1" in quotes means the same to a person.
        Some(Value::String(s)) if LEVELS.contains(&s.trim()) => s.trim().parse().ok(),
        Some(other) => {
            let shown = match other {
                Value::String(s) => format!("`{s}`"),
                Value::Number(n) => n.to_string(),
                o => type_name(o).to_string(),
            };
            r.err(
                Anchor::Value(key(&o.path, "level")),
                format!("{shown} is not a level of need: use a whole number from 1 to 4"),
            )
            .help = o.field("level").help.map(str::to_string);
            None
        }
    };
    let access = r.choices(&o, "access");
    if r.get(&o, "access").is_none() {
        r.missing(&o, "access");
    } else if access.is_empty()
        && r.diags
            .iter()
            .all(|d| d.field != "access" && !d.field.starts_with("access["))
    {
        r.err(
            Anchor::Value(key(&o.path, "access")),
            "list at least one way to get this help",
        )
        .help = Some(format!(
            "allowed values: {}",
            o.field("access").codes().join(", ")
        ));
    }
    let how_to_access = r.text(&o, "how_to_access");

    let cost_ex = o.example("cost");
    let cost = match r.get(&o, "cost") {
        None => {
            r.missing(&o, "cost");
            None
        }
        Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("free") => Some(Cost::Free),
        // A bare number is an amount in pounds; 0 means free.
        Some(Value::Number(n)) => match n.as_f64() {
            Some(0.0) => Some(Cost::Free),
            Some(a) if a > 0.0 => Some(Cost::Paid {
                amount: Some(a),
                per: None,
                notes: None,
            }),
            _ => {
                r.err(
                    Anchor::Value(key(&o.path, "cost")),
                    "the cost cannot be negative",
                )
                .example = Some(cost_ex.into());
                None
            }
        },
        // Cost written as words: text like any other, with no hidden or control characters.
        Some(v @ Value::String(_)) => r
            .scalar_string(v, key(&o.path, "cost"), o.example("cost"))
            .map(|notes| Cost::Paid {
            amount: None,
            per: None,
            notes: Some(notes),
        }),
        Some(Value::Mapping(_)) => r.group(&o, "cost").and_then(|c| {
            let mut amount = r.number(&c, "amount");
            if let Some(a) = amount
                && a < 0.0
            {
                r.err(
                    Anchor::Value(key(&c.path, "amount")),
                    "the amount cannot be negative",
                );
            } else if let Some(a) = amount
                && a > MAX_AMOUNT
            {
                r.err(
                    Anchor::Value(key(&c.path, "amount")),
                    format!("the amount is more than £{MAX_AMOUNT}, the most a listing can show"),
                )
                .help = Some("write the price in pounds, like 2.50; for a price that depends on income, leave out the amount and explain in `notes`".into());
                amount = None;
            }
            let per = r.choice(&c, "per");
            let notes = r.text(&c, "notes");
            match amount {
                Some(0.0) => Some(Cost::Free),
                Some(a) => Some(Cost::Paid {
                    amount: Some(a),
                    per,
                    notes,
                }),
                None => None,
            }
        }),
        Some(other) => {
            r.err(
                Anchor::Value(key(&o.path, "cost")),
                format!("expected free or an amount, found {}", type_name(other)),
            )
            .example = Some(cost_ex.into());
            None
        }
    };

    let where_ = r.group(&o, "where").map(|w| {
            let mut venues: Vec<String> = Vec::new();
            for (s, p) in r.list(&w, "venues") {
                if r.id_ref(&s, p.clone()) && !venues.contains(&s) {
                    venues.push(s);
                    ref_paths.venues.push(p);
                }
            }
            let home_visits = r.flag(&w, "home_visits");
            let online = r.flag(&w, "online");
            let by_phone = r.flag(&w, "by_phone");
            let covers = match r.get(&w, "covers") {
                None => None,
                Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("borough") => Some(Covers::Borough),
                Some(_) => {
                    let items = r.list(&w, "covers");
                    if items.iter().any(|(s, _)| s.eq_ignore_ascii_case("borough")) {
                        Some(Covers::Borough)
                    } else {
                        let mut areas = Vec::new();
                        for (s, p) in items {
                            if formats::check_id(&s).is_err() {
                                // "whole borough", "all of Marlbrook": the word is `borough`.
                                let d = r.err(
                                    Anchor::Value(p),
                                    format!("`{s}` is not the id of a locality or family hub"),
                                );
                                d.help = Some("write `covers: borough` for the whole area, or list the ids of the localities or family hubs it covers (their file names without `.md`), like `covers: [town-centre, east-hub]`".into());
                                continue;
                            }
                            if !areas.contains(&s) {
                                areas.push(s);
                                ref_paths.covers.push(p);
                            }
                        }
                        Some(Covers::Areas(areas))
                    }
                }
            };
            // --- localoffer: confidential places and outreach
            let confidential = r.flag(&w, "confidential");
            let outreach = r.text(&w, "outreach");
            if confidential && !venues.is_empty() {
                r.err(Anchor::Key(key(&w.path, "confidential")), "a confidential place cannot also list venues: their addresses would be published")
                    .help = Some("remove `venues` (the content folder is public, so keep the address out of it too) and name the area in `covers`".into());
            }
            if confidential && covers.is_none() {
                r.err(Anchor::Key(key(&w.path, "confidential")), "a confidential place needs `covers`, the area families are told it is in")
                    .example = Some("where:\n  confidential: true\n  covers: [northfield-and-ashby]".into());
            }
            if venues.is_empty() && !home_visits && !online && !by_phone && !confidential && outreach.is_none() {
                r.err(Anchor::Key(key(&o.path, "where")), "families cannot tell where this service happens: no venues, home visits, online or phone")
                    .help = Some("list at least one venue, or set home_visits, online or by_phone to true".into());
            }
            Where { venues, home_visits, online, by_phone, covers, confidential, outreach }
        });

    let schedule = read_schedule(r, &o, where_.as_ref(), today);
    let schedule_notes = r.text(&o, "schedule_notes");
    let contact = r.contact(&o, "contact");
    let mut languages = r.languages(&o, "languages");
    if languages.is_empty() {
        languages.push("en".into());
    }
    let accessibility = r.choices(&o, "accessibility");
    let status = r.choice(&o, "status").unwrap_or_else(|| "active".into());
    let resumes = r.date(&o, "resumes");
    if resumes.is_some() && status != "paused" {
        r.err(
            Anchor::Key(key(&o.path, "resumes")),
            "`resumes` is the date a paused service starts again, but this service is not paused",
        )
        .help = Some("add `status: paused`, or remove `resumes` once it has started again".into());
    }
    let reviewed = r.date(&o, "reviewed");
    if let Some(d) = reviewed
        && d > today
    {
        r.err(
            Anchor::Value(key(&o.path, "reviewed")),
            format!("the review date {d} is in the future (today is {today})"),
        )
        .help = o.field("reviewed").help.map(str::to_string);
    }
    let local_offer = super::local_offer::read(r, &o);
    let owner_email = r.email(&o, schema::OWNER_EMAIL);
    let haf = read_haf(r, &o);
    Some(Service {
        id,
        file: r.file.clone(),
        extra: r.extra(&o),
        name: name?,
        organisation: organisation?,
        summary: summary?,
        needs,
        start_for_life,
        ages: if ages_given || needs_ages {
            Some(ages?)
        } else {
            None
        },
        audience,
        only_for,
        eligibility,
        level: level?,
        access,
        how_to_access: how_to_access?,
        cost: cost?,
        where_: where_?,
        schedule,
        schedule_notes,
        contact,
        languages,
        accessibility,
        paused: status == "paused",
        resumes,
        local_offer,
        reviewed: reviewed.filter(|d| *d <= today)?,
        oruk_id: read_oruk_id(r, &o),
        body,
        ref_paths,
        owner_email,
        haf,
    })
}

// --- holidays: Holiday Activities and Food (HAF)

/// A service's `haf` group. A group that says nothing is an error (it would show an empty
/// HAF box), as is a number of places that is not a whole number from 1.
fn read_haf(r: &mut Reader, o: &Obj) -> Option<crate::content::model::Haf> {
    let h = r.group(o, "haf")?;
    let eligibility = r.choices(&h, "eligibility");
    let eligibility_notes = r.text(&h, "eligibility_notes");
    let booking = r.url(&h, "booking");
    let booking_code = r.text(&h, "booking_code");
    let places = r.number(&h, "places").and_then(|n| {
        if n.fract() == 0.0 && (1.0..=100_000.0).contains(&n) {
            Some(n as u32)
        } else {
            r.err(
                Anchor::Value(key(&h.path, "places")),
                format!("{n} is not a number of places: use a whole number from 1"),
            )
            .help = h.field("places").help.map(str::to_string);
            None
        }
    });
    let haf = crate::content::model::Haf {
        eligibility,
        eligibility_notes,
        booking,
        booking_code,
        places,
    };
    if haf.eligibility.is_empty()
        && haf.eligibility_notes.is_none()
        && haf.booking.is_none()
        && haf.booking_code.is_none()
        && haf.places.is_none()
    {
        if h.map.is_empty() {
            r.err(
                Anchor::Key(key(&o.path, "haf")),
                "`haf` is empty: say who can get a free place, or how to book",
            )
            .example = Some(schema::HAF.example.into());
        }
        return None;
    }
    Some(haf)
}

// --- localoffer: dated sessions and events

/// A list of dates (`dates`, `not_on`), sorted, each once.
fn read_dates(r: &mut Reader, o: &Obj, k: &str) -> Vec<jiff::civil::Date> {
    let ex = o.example(k);
    let mut out = Vec::new();
    for (s, p) in r.list(o, k) {
        match formats::parse_date(&s) {
            Ok(d) => out.push(d),
            Err(why) => {
                r.err(Anchor::Value(p), why).example = Some(ex.into());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A session's date range (or course of weeks), holidays-only flag and closures, with the
/// rules between them. A session whose last date has passed is a warning, not an error:
/// content must keep building as the calendar moves on.
fn read_dated(
    r: &mut Reader,
    s: &Obj,
    on: Vec<jiff::civil::Date>,
    today: jiff::civil::Date,
) -> Dated {
    let starts_on = r.date(s, "starts_on");
    let mut ends_on = r.date(s, "ends_on");
    if let Some(w) = r.number(s, "weeks") {
        let whole = w.fract() == 0.0 && (1.0..=52.0).contains(&w);
        if !whole {
            r.err(
                Anchor::Value(key(&s.path, "weeks")),
                format!("{w} is not a number of weeks: use a whole number from 1 to 52"),
            )
            .help = s.field("weeks").help.map(str::to_string);
        } else if ends_on.is_some() {
            r.err(
                Anchor::Key(key(&s.path, "weeks")),
                "give `weeks` or `ends_on`, not both",
            )
            .help = Some(
                "a course of 6 weeks from 11 January is starts_on: 2027-01-11 and weeks: 6".into(),
            );
        } else if let Some(st) = starts_on {
            // N weeks from the first date: the last day of the Nth week.
            ends_on = st
                .checked_add(jiff::Span::new().days((w as i64) * 7 - 1))
                .ok();
        } else {
            r.err(
                Anchor::Key(key(&s.path, "weeks")),
                "a course of `weeks` needs `starts_on`, its first date",
            )
            .example = Some("starts_on: 2027-01-11\nweeks: 6".into());
        }
    }
    if let (Some(a), Some(b)) = (starts_on, ends_on)
        && b < a
    {
        r.err(
            Anchor::Value(key(&s.path, "ends_on")),
            format!("the session ends on {b}, before it starts on {a}"),
        )
        .help =
            Some("check the two dates are not swapped: ends_on is the last date it runs".into());
        ends_on = None;
    }
    if !on.is_empty() && (starts_on.is_some() || ends_on.is_some()) {
        r.err(
            Anchor::Key(key(&s.path, "dates")),
            "one-off `dates` cannot also have `starts_on`, `ends_on` or `weeks`",
        )
        .help = Some("list every date in `dates`, or give days with starts_on and ends_on".into());
    }
    let holidays_only = r.flag(s, "holidays_only");
    if holidays_only && r.flag(s, "term_time_only") {
        r.err(
            Anchor::Key(key(&s.path, "holidays_only")),
            "a session cannot be both `holidays_only` and `term_time_only`",
        )
        .help = Some("keep the one that is true of the session".into());
    }
    let not_on = read_dates(r, s, "not_on");
    let dated = Dated {
        starts_on,
        ends_on,
        on,
        holidays_only,
        not_on,
    };
    if let Some(last) = dated.last()
        && last < today
    {
        let field = if !dated.on.is_empty() {
            "dates"
        } else if r.get(s, "ends_on").is_some() {
            "ends_on"
        } else {
            "weeks"
        };
        r.warn(
            Anchor::Key(key(&s.path, field)),
            format!("this session's last date, {last}, has passed (today is {today})"),
        )
        .help = Some("remove the session, or give it new dates".into());
    }
    dated
}

fn read_schedule(
    r: &mut Reader,
    o: &Obj,
    where_: Option<&Where>,
    today: jiff::civil::Date,
) -> Vec<Session> {
    let sex = o.example("schedule");
    let Some(list) = r.get(o, "schedule") else {
        return Vec::new();
    };
    let p = key(&o.path, "schedule");
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!("expected a list of sessions, found {}", type_name(list)),
        )
        .example = Some(sex.into());
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let Some(s) = r.object(it, index(&p, i), &schema::SESSION) else {
            continue;
        };
        // --- localoffer: one-off dates give the session its days.
        let on = read_dates(r, &s, "dates");
        let days = if r.get(&s, "dates").is_some() && r.get(&s, "days").is_none() {
            let mut d: Vec<Day> = on.iter().map(|x| crate::timetable::day_of(*x)).collect();
            d.sort();
            d.dedup();
            d
        } else {
            if r.get(&s, "dates").is_some() {
                r.err(
                    Anchor::Key(key(&s.path, "days")),
                    "a session with one-off `dates` takes its days from them: remove `days`",
                )
                .example = Some(
                    "- dates: [2026-12-12, 2027-01-16]\n  starts: \"10:00\"\n  ends: \"12:00\""
                        .into(),
                );
            }
            read_days(r, &s)
        };
        let dated = read_dated(r, &s, on, today);
        let starts = r.time(&s, "starts");
        let ends = r.time(&s, "ends");
        let frequency = match r.choice(&s, "frequency").as_deref() {
            Some("fortnightly") => Frequency::Fortnightly,
            Some("monthly") => Frequency::Monthly,
            _ => Frequency::Weekly,
        };
        let week = r.choice(&s, "week").map(|w| match w.as_str() {
            "last" => -1,
            other => WEEKS_OF_MONTH
                .iter()
                .position(|n| *n == other)
                .map(|i| i as i8 + 1)
                .unwrap_or(1),
        });
        let from_date = r.date(&s, "from_date");
        if frequency == Frequency::Monthly && week.is_none() {
            r.err(
                Anchor::Key(key(&s.path, "frequency")),
                "a monthly session needs `week` to say which week of the month",
            )
            .example = Some(format!("frequency: monthly\n{}", s.example("week")));
        }
        if frequency != Frequency::Monthly && week.is_some() {
            r.err(
                Anchor::Key(key(&s.path, "week")),
                "`week` is only used with `frequency: monthly`",
            )
            .help = Some("remove `week`, or set `frequency: monthly`".into());
        }
        if frequency == Frequency::Fortnightly && from_date.is_none() {
            r.err(Anchor::Key(key(&s.path, "frequency")), "a fortnightly session needs `from_date`, the date of one session, so we know which weeks")
                .example = Some(format!("frequency: fortnightly\n{}", s.example("from_date")));
        }
        let from_day = from_date.map(|fd| Day::ALL[fd.weekday().to_monday_zero_offset() as usize]);
        if let (Some(fd), Some(fday)) = (from_date, from_day)
            && frequency == Frequency::Fortnightly
            && !days.is_empty()
            && !days.contains(&fday)
        {
            let names: Vec<&str> = days.iter().map(|d| d.name()).collect();
            r.err(
                Anchor::Value(key(&s.path, "from_date")),
                format!(
                    "{fd} is a {}, but the session runs on {}",
                    fday.name(),
                    names.join(" and ")
                ),
            )
            .help = Some("give the date of a day the session actually runs".into());
        }
        let term_time_only = r.flag(&s, "term_time_only");
        let venue = r.text(&s, "venue");
        if let (Some(v), Some(w)) = (&venue, where_)
            && r.id_ref(v, key(&s.path, "venue"))
            && !w.venues.contains(v)
        {
            let mut help =
                String::from("a session's venue must be one of the service's `where.venues`");
            if !w.venues.is_empty() {
                help.push_str(&format!(": {}", w.venues.join(", ")));
            }
            r.err(
                Anchor::Value(key(&s.path, "venue")),
                format!("`{v}` is not one of this service's venues"),
            )
            .help = Some(help);
        }
        let notes = r.text(&s, "notes");
        let only_for = r.choices(&s, "only_for");
        if let (Some(a), Some(b)) = (starts, ends) {
            if b <= a {
                r.err(
                    Anchor::Value(key(&s.path, "ends")),
                    format!("ends at {} is not after starts at {}", b.hhmm(), a.hhmm()),
                )
                .help = Some(
                    "check the two times are not swapped; use the 24-hour clock (2pm is \"14:00\")"
                        .into(),
                );
            } else if !days.is_empty() {
                out.push(Session {
                    days,
                    starts: a,
                    ends: b,
                    frequency,
                    week,
                    from_date,
                    term_time_only,
                    venue,
                    notes,
                    only_for,
                    dated,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_of(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.md");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    #[test]
    fn files_are_listed_folder_by_folder_in_name_order() {
        // Listings are numbered in this order (it decides ties on the site), so it must
        // not depend on the file system: plain text order would put a.md before a/z.md
        // and b-c/ before b/.
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            "b-c/x.md",
            "a.md",
            "b/y.md",
            "a/z.md",
            "a/b/c.md",
            ".git/x",
            "a/.hidden",
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let rels: Vec<String> = list_dir(dir.path())
            .unwrap()
            .into_iter()
            .map(|f| f.rel)
            .collect();
        assert_eq!(rels, ["a/b/c.md", "a/z.md", "a.md", "b/y.md", "b-c/x.md"]);
    }

    #[test]
    fn a_file_read_whole_even_when_it_grew_after_it_was_measured() {
        let text = "x".repeat(10_000);
        let (_dir, path) = file_of(text.as_bytes());
        for measured in [0, 1, 9_999, 10_000, 20_000] {
            let file = std::fs::File::open(&path).unwrap();
            let Ok(bytes) = read_limited((file, measured)) else {
                panic!("refused at measured length {measured}");
            };
            assert_eq!(bytes, text.as_bytes(), "measured length {measured}");
        }
    }

    #[test]
    fn a_file_that_grew_past_the_limit_is_refused_not_read_whole() {
        let (_dir, path) = file_of(&vec![b'x'; MAX_FILE_BYTES as usize + 10]);
        let file = std::fs::File::open(&path).unwrap();
        match read_limited((file, 100)) {
            Err(Refused::TooLarge(n)) => assert!(n > MAX_FILE_BYTES),
            Ok(b) => panic!("read {} bytes", b.len()),
            Err(_) => panic!("refused for another reason"),
        }
        // Measured when opened: refused before reading.
        assert!(matches!(open_file(&path), Err(Refused::TooLarge(_))));
    }

    #[test]
    fn read_one_sees_files_folders_and_missing_paths_for_what_they_are() {
        let (dir, _path) = file_of(b"name: x\n");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let f = read_one(dir.path(), "f.md").expect("a file");
        assert_eq!(
            (f.bytes.as_slice(), f.problem.is_none()),
            (&b"name: x\n"[..], true)
        );
        assert!(
            read_one(dir.path(), "sub").is_none(),
            "a folder is not a file"
        );
        assert!(read_one(dir.path(), "gone.md").is_none(), "nothing there");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("f.md"), dir.path().join("l.md")).unwrap();
            let l = read_one(dir.path(), "l.md").expect("a link is reported");
            assert!(matches!(l.problem, Some(RawProblem::Symlink)) && l.bytes.is_empty());
        }
    }
}
