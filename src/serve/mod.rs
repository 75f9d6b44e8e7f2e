//! `signpost serve`: builds the site, serves it on 127.0.0.1 with netlify.toml's headers,
//! watches the content (and a custom theme), rebuilds what an edit affects and reloads open
//! tabs. Content errors show in the terminal and over the page; the last good site stays.

pub mod http;
pub mod netlify;
pub mod rebuild;

use crate::content::Checked;
use crate::content::diagnostics::{self, Format, Severity};
use crate::render::escape;
use notify::Watcher;
use rebuild::{Outcome, Rebuilder};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long a burst of file events may go quiet before the rebuild starts: editors save in
/// several steps (write, rename, change attributes), all within a few milliseconds.
const SETTLE: Duration = Duration::from_millis(10);
/// How long edits must pause before the search index and open data are rewritten.
const DATA_AFTER: Duration = Duration::from_millis(100);

pub struct Options {
    /// The content folder to build and watch.
    pub content: PathBuf,
    /// Where the site is written; a folder of its own in the system's temporary folder
    /// when None.
    pub output: Option<PathBuf>,
    /// 0 picks a free port.
    pub port: u16,
    /// netlify.toml to take headers from; found beside the content folder when None.
    pub netlify_toml: Option<PathBuf>,
}

/// What the server reports as it goes, for the terminal.
pub enum Event<'a> {
    Built {
        full: bool,
        pages: usize,
        elapsed: Duration,
    },
    /// The content has errors (shown in full), or the build failed otherwise (the theme,
    /// writing files: `error`).
    Failed {
        checked: &'a Checked,
        error: Option<&'a crate::BuildError>,
    },
    /// The search index and open data were rewritten after an edit.
    DataWritten(Duration),
    DataFailed(&'a crate::BuildError),
}

pub type Reporter = Box<dyn Fn(&Event) + Send>;

/// A running server.
pub struct Handle {
    pub url: String,
    pub output: PathBuf,
    pub netlify_toml: Option<PathBuf>,
    pub ignored_redirects: Vec<String>,
    /// The output folder was made for this run (and goes when it stops).
    made_output: bool,
    live: Arc<http::Live>,
    server: Arc<http::Server>,
    _watcher: notify::RecommendedWatcher,
}

impl Handle {
    /// The error overlay's HTML while the content has errors.
    pub fn overlay(&self) -> Option<String> {
        self.live.overlay()
    }

    /// The site's address: the server's, with site.yaml's base_path (the site is served
    /// under it, as it will be published).
    pub fn site_url(&self) -> String {
        format!("{}{}", self.url, self.live.base_path())
    }

    /// Stops serving (the watcher stops when the handle is dropped), and removes the output
    /// folder if it was made for this run.
    pub fn stop(self) {
        self.server.unblock();
        if self.made_output
            && let Some(parent) = self.output.parent()
        {
            let _ = std::fs::remove_dir_all(parent);
        }
    }
}

/// The output folder when none is given: `site/` in a new folder of the system's temporary
/// folder with a random name (`signpost-serve-XXXXXX`), made for this run and, on Unix,
/// open to its owner only. A name worked out from the content folder's path, as before,
/// could be made first by another user of the computer, with their own pages or links in
/// it, and the server would publish them. [`Handle::stop`] removes it.
pub fn new_output() -> std::io::Result<PathBuf> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("signpost-serve-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir()?;
    Ok(dir.keep().join("site"))
}

/// Why the dev server could not start.
#[derive(thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    BadToday(#[from] crate::BadToday),
    #[error(transparent)]
    NoContentFolder(#[from] crate::NoContentFolder),
    #[error(transparent)]
    Output(#[from] crate::output::OutputRefused),
    #[error("cannot make a folder for the site in the temporary folder: {0}")]
    NewOutput(#[source] std::io::Error),
    #[error(transparent)]
    Netlify(#[from] netlify::NetlifyError),
    #[error(transparent)]
    ContentUnreadable(#[from] crate::ContentUnreadable),
    #[error("cannot watch the content folder: {0}")]
    Watcher(#[source] notify::Error),
    #[error("cannot watch {}: {source}", .path.display())]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
    #[error(transparent)]
    Listen(#[from] http::ListenError),
}

crate::debug_as_message!(ServeError);

/// Builds the site, starts the server and the watcher, and returns once the site is served.
pub fn start(opts: Options, report: Reporter) -> Result<Handle, ServeError> {
    let today = crate::today()?;
    let content = std::path::absolute(&opts.content).unwrap_or(opts.content.clone());
    if !content.is_dir() {
        return Err(crate::NoContentFolder(opts.content).into());
    }
    let made_output = opts.output.is_none();
    let output = match opts.output {
        Some(o) => o,
        None => new_output().map_err(ServeError::NewOutput)?,
    };
    crate::output::check_output(&output, Some(&content))?;
    let netlify_toml = opts.netlify_toml.or_else(|| {
        let beside = content.parent()?.join("netlify.toml");
        beside.is_file().then_some(beside)
    });
    let rules = match &netlify_toml {
        Some(p) => netlify::Rules::load(p)?,
        None => netlify::Rules::default(),
    };
    let ignored_redirects = rules.ignored.clone();

    let mut rebuilder =
        Rebuilder::new(&content, &output, today).map_err(crate::ContentUnreadable)?;
    let live = Arc::new(http::Live::new(output.clone(), rules));
    let outcome = rebuilder.build_all();
    after(&rebuilder, &live, &report, outcome);

    // Watch before serving, so no edit made after the first page is seen is missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev| {
        let _ = tx.send(ev);
    })
    .map_err(ServeError::Watcher)?;
    watcher
        .watch(&content, notify::RecursiveMode::Recursive)
        .map_err(|source| ServeError::Watch {
            path: content.clone(),
            source,
        })?;
    // A custom theme lives in themes/ beside the content.
    if let Some(themes) = content.parent().map(|p| p.join("themes"))
        && themes.is_dir()
    {
        let _ = watcher.watch(&themes, notify::RecursiveMode::Recursive);
    }

    let (server, port) = http::start(live.clone(), opts.port)?;
    {
        let live = live.clone();
        std::thread::spawn(move || watch_loop(rebuilder, rx, live, report));
    }
    Ok(Handle {
        url: format!("http://127.0.0.1:{port}"),
        output,
        netlify_toml,
        ignored_redirects,
        made_output,
        live,
        server,
        _watcher: watcher,
    })
}

type WatchEvent = notify::Result<notify::Event>;

fn paths_of(ev: WatchEvent, out: &mut Vec<PathBuf>) {
    use notify::EventKind;
    if let Ok(ev) = ev
        && matches!(
            ev.kind,
            EventKind::Create(_)
                | EventKind::Modify(_)
                | EventKind::Remove(_)
                | EventKind::Access(notify::event::AccessKind::Close(
                    notify::event::AccessMode::Write
                ))
                | EventKind::Any
        )
    {
        out.extend(ev.paths);
    }
}

fn watch_loop(
    mut rebuilder: Rebuilder,
    rx: Receiver<WatchEvent>,
    live: Arc<http::Live>,
    report: Reporter,
) {
    let mut next: Option<WatchEvent> = None;
    loop {
        let first = match next.take() {
            Some(ev) => ev,
            None => match rx.recv() {
                Ok(ev) => ev,
                Err(_) => return,
            },
        };
        let mut paths = Vec::new();
        paths_of(first, &mut paths);
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(ev) => paths_of(ev, &mut paths),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        paths.sort();
        paths.dedup();
        let outcome = rebuilder.update(&paths);
        after(&rebuilder, &live, &report, outcome);
        // The search index and open data follow once edits pause; another edit first goes
        // straight to its pages.
        if rebuilder.data_stale() {
            match rx.recv_timeout(DATA_AFTER) {
                Ok(ev) => next = Some(ev),
                Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => match rebuilder.write_data() {
                    Ok(t) => report(&Event::DataWritten(t)),
                    Err(e) => report(&Event::DataFailed(&e)),
                },
            }
        }
    }
}

/// Reports an update and passes it to open tabs.
fn after(rebuilder: &Rebuilder, live: &http::Live, report: &Reporter, outcome: Outcome) {
    if let Some(base_path) = rebuilder.base_path() {
        live.set_base_path(base_path);
    }
    match outcome {
        Outcome::Unchanged => return,
        Outcome::Built {
            full,
            pages,
            elapsed,
        } => {
            live.set_overlay(None);
            report(&Event::Built {
                full,
                pages,
                elapsed,
            });
        }
        Outcome::Failed => {
            let checked = rebuilder.report();
            live.set_overlay(Some(overlay_html(
                &checked,
                rebuilder.source(),
                rebuilder.build_error(),
            )));
            report(&Event::Failed {
                checked: &checked,
                error: rebuilder.build_error(),
            });
        }
    }
    live.reload();
}

/// The error overlay: each error as `signpost check` prints it (without colour).
pub fn overlay_html(
    checked: &Checked,
    source: &crate::content::load::Source,
    build_error: Option<&crate::BuildError>,
) -> String {
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let m = crate::render::messages::active();
    let title = match (errors.len(), build_error) {
        (0, Some(_)) => m.text("serve.build_failed", &[]),
        (n, _) => m.count("serve.errors", n, &[]),
    };
    let mut html = format!(
        "<section class=\"signpost-errors\" role=\"alert\" aria-labelledby=\"signpost-errors-title\">\n<h2 id=\"signpost-errors-title\">{}</h2>\n<p>{}</p>\n",
        escape::html(&title),
        escape::html(&m.text("serve.last_good", &[]))
    );
    for d in errors {
        let text = diagnostics::render(
            d,
            &source.display_path(&d.file),
            checked.sources.get(&d.file).map(String::as_str),
            Format::Human,
            false,
        );
        html.push_str(&format!(
            "<pre tabindex=\"0\">{}</pre>\n",
            escape::html(&text)
        ));
    }
    if let Some(e) = build_error {
        html.push_str(&format!(
            "<pre tabindex=\"0\">{}</pre>\n",
            escape::html(&e.to_string())
        ));
    }
    html.push_str("</section>");
    html
}

/// Opens the default browser at `url`; false if there is none to open.
pub fn open_browser(url: &str) -> bool {
    open::that_detached(url).is_ok()
}
