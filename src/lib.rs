//! signpost: a static-site generator for a council's Families Information Service directory.
//!
//! Pipeline: load and check content -> resolve the site graph -> render pages -> write to a
//! staging folder -> swap into place. Each stage is its own module; the CLI in main.rs is
//! a thin layer over [`check_content`] and [`build`].

pub mod address;
// --- editing: the form editor's configuration (issue 25)
pub mod admin;
pub mod calendar;
pub mod chase;
pub mod content;
pub mod export;
pub mod holidays;
pub mod import;
pub mod init;
pub mod oruk;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod stale;
pub mod sufficiency;
pub mod synth;
pub mod timetable;
pub mod upgrade;
pub mod whenwhere;
pub mod yaml;

use content::load::Source;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Debug as the message (which includes its cause), so a failing test that unwraps one
/// shows why.
macro_rules! debug_as_message {
    ($($error:ty),*) => {$(
        impl std::fmt::Debug for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{self}")
            }
        }
    )*};
}
pub(crate) use debug_as_message;

/// SIGNPOST_TODAY is set but is not a date; the message says what is wrong with it.
#[derive(thiserror::Error)]
#[error("SIGNPOST_TODAY: {0}")]
pub struct BadToday(pub String);

/// A content folder named on the command line that is not there.
#[derive(thiserror::Error)]
#[error("the content folder {} does not exist", .0.display())]
pub struct NoContentFolder(pub PathBuf);

/// The content could not be read at all (problems in it are diagnostics, not this).
#[derive(thiserror::Error)]
#[error("cannot read the content: {0}")]
pub struct ContentUnreadable(#[source] pub std::io::Error);

/// Why the search index's files could not be made.
#[derive(thiserror::Error)]
pub enum SearchFilesError {
    #[error("cannot build the search index: {0}")]
    Build(#[source] tantivy::TantivyError),
    /// Exporting the index; the message names what failed.
    #[error("{0}")]
    Export(String),
}

/// Why `signpost search` could not index the content.
#[derive(thiserror::Error)]
pub enum SearchIndexError {
    #[error(transparent)]
    Unreadable(#[from] ContentUnreadable),
    #[error("the content has {0} errors: run `signpost check` to see them")]
    Content(usize),
    #[error("site.yaml is missing")]
    NoSiteFile,
    #[error("cannot build the search index: {0}")]
    Build(#[source] tantivy::TantivyError),
    #[error("cannot read the search index: {0}")]
    Read(#[source] tantivy::TantivyError),
}

debug_as_message!(
    BadToday,
    NoContentFolder,
    ContentUnreadable,
    SearchFilesError,
    SearchIndexError,
    BuildError
);

/// Today's date in the UK, or SIGNPOST_TODAY (YYYY-MM-DD) for reproducible builds and tests.
pub fn today() -> Result<jiff::civil::Date, BadToday> {
    if let Ok(s) = std::env::var("SIGNPOST_TODAY") {
        return content::formats::parse_date(&s).map_err(BadToday);
    }
    let now = jiff::Timestamp::now();
    let tz = jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC);
    Ok(now.to_zoned(tz).date())
}

/// Where the content is: the given folder, else `content/` here, else the built-in sample.
pub fn resolve_source(dir: Option<&Path>) -> Result<Source, NoContentFolder> {
    match dir {
        Some(d) if d.is_dir() => Ok(Source::Dir(d.to_path_buf())),
        Some(d) => Err(NoContentFolder(d.to_path_buf())),
        None if Path::new("content").is_dir() => Ok(Source::Dir(PathBuf::from("content"))),
        None => Ok(Source::Embedded),
    }
}

pub fn check_content(
    source: &Source,
    today: jiff::civil::Date,
) -> Result<content::Checked, ContentUnreadable> {
    let mut checked = content::check(source, today).map_err(ContentUnreadable)?;
    check_theme(&mut checked, source);
    Ok(checked)
}

/// A site theme comes with pull requests just as content does, so `signpost check` loads
/// it as a build would: a link in it or to it, a file over the size limits, a template that
/// does not compile or that reads the environment (`get_env`) is an error on the `theme`
/// line of site.yaml. The built-in theme needs no check.
fn check_theme(checked: &mut content::Checked, source: &Source) {
    let Some(config) = &checked.content.site else {
        return;
    };
    let Some(dir) = theme_dir(config, source) else {
        return;
    };
    let Err(e) =
        render::templates::load_in(Some(&dir), &config.language, &address::Addresses::default())
    else {
        return;
    };
    use content::diagnostics::{Anchor, Diagnostic};
    let mut d = Diagnostic::error(
        "site.yaml",
        Anchor::Key(vec![yaml::Seg::Key("theme".into())]),
        format!("the theme `{}` cannot be used: {}", config.theme, e.0),
    )
    .help(format!(
        "fix the theme in {} (see docs/themes.md), or remove the `theme` line to use the built-in one",
        dir.display()
    ));
    let text = match source {
        Source::Dir(root) => content::load::read_file(&root.join("site.yaml"))
            .ok()
            .and_then(|b| String::from_utf8(b).ok()),
        Source::Embedded => None,
    };
    content::diagnostics::locate(std::slice::from_mut(&mut d), text.as_deref(), 0);
    if let Some(t) = text {
        checked.sources.entry("site.yaml".into()).or_insert(t);
    }
    checked.diagnostics.push(d);
}

/// [`check_content`] for a build, which reports only how many warnings there are: warnings
/// are not located (see [`content::Locate::Errors`]).
pub fn check_content_for_build(
    source: &Source,
    today: jiff::civil::Date,
) -> Result<content::Checked, ContentUnreadable> {
    content::check_with(source, today, content::Locate::Errors).map_err(ContentUnreadable)
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    /// Files that were new or different from the previous build's.
    pub changed: usize,
    pub services: usize,
    pub elapsed: Duration,
}

/// Why a build (or the dev server's rebuild) made nothing, with the cause.
#[derive(thiserror::Error)]
pub enum BuildError {
    /// Content problems; the caller prints the report from `Checked`.
    #[error("the content has {} errors: run `signpost check` to see them", .0.errors())]
    Content(Box<content::Checked>),
    #[error("site.yaml is missing")]
    NoSiteFile,
    /// The output folder is not one a build may replace.
    #[error(transparent)]
    Output(#[from] output::OutputRefused),
    #[error(transparent)]
    Theme(#[from] render::templates::ThemeError),
    #[error("cannot create the output folder: {0}")]
    Staging(#[source] std::io::Error),
    /// Pages, the search index or open data that failed, each with its reason.
    #[error("some files could not be made:\n  {}", .0.join("\n  "))]
    Files(Vec<String>),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot replace the output folder: {0}")]
    Commit(#[source] std::io::Error),
}

impl BuildError {
    pub(crate) fn write(path: &str) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
        move |source| BuildError::Write {
            path: path.to_string(),
            source,
        }
    }
}

/// Builds the site from already-checked content into `output`, atomically.
pub fn build(
    checked: content::Checked,
    source: &Source,
    output: &Path,
    today: jiff::civil::Date,
    progress: bool,
) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    if checked.errors() > 0 {
        return Err(BuildError::Content(Box::new(checked)));
    }
    output::check_output(
        output,
        match source {
            Source::Dir(d) => Some(d.as_path()),
            Source::Embedded => None,
        },
    )
    .map_err(BuildError::Output)?;
    let timings = Timings::from_env();
    let site = site::Site::build(checked.content, today).ok_or(BuildError::NoSiteFile)?;
    let theme = render::templates::load_in(
        theme_dir(&site.config, source).as_deref(),
        &site.config.language,
        &site.address,
    )?;
    let renderer = render::pages::Renderer::new(&site, &theme);
    let pages_to_build = render::pages::SitePage::all(&site);
    timings.mark("resolve the site, load the theme, make the cards' views");
    let staging = output::Staging::new(output).map_err(BuildError::Staging)?;

    // The bar stays hidden until the build has run for a second, so small sites print
    // only the summary line.
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(pages_to_build.len() as u64),
        indicatif::ProgressDrawTarget::hidden(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages and lists")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let shown = std::sync::atomic::AtomicBool::new(false);
    let pages = std::sync::atomic::AtomicUsize::new(0);
    // The search index is built beside the pages, on the other cores.
    let (results, index) = rayon::join(
        || {
            let r = render_all(
                &pages_to_build,
                &renderer,
                &staging,
                &bar,
                &shown,
                &pages,
                progress,
                start,
            );
            timings.mark("render and write the pages (beside the search index)");
            r
        },
        || {
            rayon::join(
                || {
                    let r = search_files(&site);
                    timings.mark("build and export the search index (beside the pages)");
                    r
                },
                || {
                    let r = export::write_data(&site, &staging);
                    timings.mark("write the open data (beside the pages)");
                    r
                },
            )
        },
    );
    let (index, data) = index;
    bar.finish_and_clear();
    let mut errors: Vec<String> = results
        .into_iter()
        .filter_map(Result::err)
        .map(|e| e.to_string())
        .collect();
    if let Err(e) = &index {
        errors.push(e.to_string());
    }
    if let Err(e) = &data {
        errors.push(e.to_string());
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(BuildError::Files(errors));
    }
    let pages = pages.into_inner();
    let mut files = pages;
    for (path, bytes) in index.unwrap_or_default() {
        staging
            .write(&format!("search/{path}"), &bytes)
            .map_err(BuildError::write(&format!("search/{path}")))?;
        files += 1;
    }
    for asset in theme.assets.values() {
        staging
            .write(&asset.path, &asset.bytes)
            .map_err(BuildError::write(&asset.path))?;
        files += 1;
    }
    if let Some((path, bytes)) = whenwhere::postcodes_file(&site) {
        staging
            .write(&path, &bytes)
            .map_err(BuildError::write(&path))?;
        files += 1;
    }
    files += data.unwrap_or_default();
    files += export::write_sitemap(&site, &staging)
        .map_err(|e| BuildError::Files(vec![e.to_string()]))?;
    timings.mark("write the search index, assets and sitemap");
    let changed = staging.commit().map_err(BuildError::Commit)?;
    timings.mark("put the site in place");
    let report = BuildReport {
        pages,
        changed,
        files,
        services: site.services.len(),
        elapsed: start.elapsed(),
    };
    // Freeing a large directory's listings takes tens of milliseconds that nobody waits
    // for: it happens on another thread (or not at all, when the command ends first).
    drop(renderer);
    drop(pages_to_build);
    let _ = std::thread::Builder::new().spawn(move || drop(site));
    Ok(report)
}

/// With SIGNPOST_TIMINGS set, each stage of a build prints how long it took since the
/// build began (to stderr), for finding where the time goes.
pub(crate) struct Timings(Option<Instant>);

/// One SIGNPOST_TIMINGS line (to stderr): time since `start`, memory and CPU so far, and
/// the stage that just ended.
pub fn print_timing(start: Instant, stage: &str) {
    eprintln!(
        "{:>8.0} ms {}  {stage}",
        start.elapsed().as_secs_f64() * 1000.0,
        memory_note()
    );
}

/// The process's resident and peak memory, for SIGNPOST_TIMINGS lines: which stage holds
/// what. Empty where /proc is missing (not Linux).
fn memory_note() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(String::new(), |kb| format!("{:>5} MB", kb / 1024))
    };
    // utime and stime, in clock ticks (100 a second on Linux), after the command name.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    let cpu = match (ticks(11), ticks(12)) {
        (Some(u), Some(s)) => format!(
            ", CPU {:>5.1} s user {:>5.1} s system",
            u as f64 / 100.0,
            s as f64 / 100.0
        ),
        _ => String::new(),
    };
    format!("{} now, {} peak{cpu}", field("VmRSS:"), field("VmHWM:"))
}

impl Timings {
    pub(crate) fn from_env() -> Timings {
        Timings(std::env::var_os("SIGNPOST_TIMINGS").map(|_| Instant::now()))
    }

    pub(crate) fn mark(&self, stage: &str) {
        if let Some(start) = self.0 {
            print_timing(start, stage);
        }
    }
}

/// The folder of the theme site.yaml names: `themes/<name>` beside the content folder, or
/// None for the built-in default.
pub fn theme_dir(config: &content::model::SiteConfig, source: &Source) -> Option<PathBuf> {
    match (&config.theme[..], source) {
        ("default", _) => None,
        (name, Source::Dir(d)) => {
            let root = std::path::absolute(d).unwrap_or(d.clone());
            Some(
                root.parent()
                    .map(|p| p.join("themes").join(name))
                    .unwrap_or_else(|| PathBuf::from("themes").join(name)),
            )
        }
        (name, Source::Embedded) => Some(PathBuf::from("themes").join(name)),
    }
}

/// The static search index's files (paths under /search/).
pub fn search_files(site: &site::Site) -> Result<Vec<search::export::File>, SearchFilesError> {
    let index = search::SearchIndex::build(site).map_err(SearchFilesError::Build)?;
    let mut files = search::export::export(site, &index).map_err(SearchFilesError::Export)?;
    // Browsers without DecompressionStream (Safari before 16.4, so iOS 15 and older) fetch
    // each file uncompressed, under its name without ".gz"; the web server compresses it
    // over HTTP where it can. Here, so the build and the dev server's rebuild both write them.
    let plain: Vec<search::export::File> = files
        .iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_suffix(".gz")?;
            let mut raw = Vec::new();
            // Our own gzip output always inflates; a failure would only leave the copy out.
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut raw)
                .ok()?;
            Some((name.to_string(), raw))
        })
        .collect();
    files.extend(plain);
    Ok(files)
}

/// Loads, checks and indexes content for `signpost search`.
pub fn search_index(
    source: &Source,
    today: jiff::civil::Date,
) -> Result<(site::Site, search::SearchIndex, search::Lexicon), SearchIndexError> {
    let checked = check_content(source, today)?;
    if checked.errors() > 0 {
        return Err(SearchIndexError::Content(checked.errors()));
    }
    let site = site::Site::build(checked.content, today).ok_or(SearchIndexError::NoSiteFile)?;
    let index = search::SearchIndex::build(&site).map_err(SearchIndexError::Build)?;
    let lex = search::Lexicon::new(&index, &site).map_err(SearchIndexError::Read)?;
    Ok((site, index, lex))
}

/// A page that could not be made or written.
#[derive(thiserror::Error)]
enum PageError {
    #[error(transparent)]
    Render(#[from] render::pages::RenderError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

debug_as_message!(PageError);

#[allow(clippy::too_many_arguments)]
fn render_all(
    pages_to_build: &[render::pages::SitePage],
    renderer: &render::pages::Renderer,
    staging: &output::Staging,
    bar: &indicatif::ProgressBar,
    shown: &std::sync::atomic::AtomicBool,
    pages: &std::sync::atomic::AtomicUsize,
    progress: bool,
    start: Instant,
) -> Vec<Result<(), PageError>> {
    pages_to_build
        .par_iter()
        .map(|page| {
            renderer.render_each::<PageError>(*page, &|path, html| {
                staging
                    .write(path, html.as_bytes())
                    .map_err(|source| PageError::Write {
                        path: path.to_string(),
                        source,
                    })?;
                pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(())
            })?;
            bar.inc(1);
            if progress
                && start.elapsed() > Duration::from_secs(1)
                && !shown.swap(true, std::sync::atomic::Ordering::Relaxed)
            {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            Ok(())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_debug_as_their_message_so_a_failing_unwrap_says_why() {
        let missing = resolve_source(Some(Path::new("/no/such/content"))).unwrap_err();
        assert_eq!(
            format!("{missing:?}"),
            "the content folder /no/such/content does not exist"
        );
        assert_eq!(format!("{missing:?}"), missing.to_string());
        let unreadable = ContentUnreadable(std::io::Error::other("disk on fire"));
        assert_eq!(
            format!("{unreadable:?}"),
            "cannot read the content: disk on fire"
        );
        let search: SearchIndexError = unreadable.into();
        assert_eq!(search.to_string(), "cannot read the content: disk on fire");
        assert_eq!(
            format!("{:?}", SearchIndexError::Content(3)),
            "the content has 3 errors: run `signpost check` to see them"
        );
        let page = PageError::Write {
            path: "a/index.html".into(),
            source: std::io::Error::other("full"),
        };
        assert_eq!(format!("{page:?}"), "cannot write a/index.html: full");
    }
}
