//! `signpost import oruk URL`: downloads a live feed into a folder, which the folder import
//! then reads as if it had been given on the command line.
//!
//! The folder holds the feed as served: `pages/00001.json` and on (each list page, as it
//! came), `services/<id>.json` (a service's full record, fetched from `<list>/<id>` when the
//! list's items lack fields a full record has) and `taxonomy_terms/` (the feed's published
//! terms, when it has them). Each file is written whole or not at all (a temporary file,
//! then a rename), so a download that was interrupted carries on where it stopped: pages
//! and records already in the folder are not asked for again. `.signpost-download` says which
//! feed the folder holds and whether its download finished; a finished download is started
//! again on the next run (the feed may have changed), an unfinished one is resumed.
//!
//! Nothing here knows the shape of a service beyond its `id`: the pages' paging is read
//! (ORUK's `contents` with `page_number`, `total_pages` and `last_page`; Spring's and
//! Outpost's `content` with `number`, `totalPages` and `last`; a `next` link), and the
//! records are handed over as they came.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use url::Url;

/// The marker that makes a folder a download: which feed, and whether it finished.
const MARKER: &str = ".signpost-download";
/// Redirects followed for one request.
const MAX_REDIRECTS: usize = 5;

/// How to download a feed.
#[derive(Debug, Clone)]
pub struct Options {
    /// The services list's address (http or https).
    pub url: String,
    /// Where the download is kept.
    pub folder: PathBuf,
    /// Start again even when an earlier download of this feed did not finish.
    pub fresh: bool,
    /// Services asked for per page.
    pub page_size: u32,
    /// The query parameter that carries the page size (`per_page` in ORUK, `size` in Spring).
    pub page_size_parameter: String,
    /// The longest one request may take, from connecting to the last byte.
    pub timeout: Duration,
    /// Tries after the first when the feed is busy (429), fails (5xx) or does not answer.
    pub retries: u32,
    /// The first wait before trying again; each later wait is twice the one before.
    pub backoff: Duration,
    /// The longest wait a `Retry-After` may ask for; a longer one stops the download.
    pub max_wait: Duration,
    /// The largest response read, in bytes.
    pub max_bytes: u64,
    /// Pages followed before the feed's paging is taken to never end.
    pub max_pages: usize,
    /// Full records fetched at once.
    pub connections: usize,
    /// Show progress bars (on a terminal).
    pub progress: bool,
}

impl Options {
    pub fn new(url: &str, folder: PathBuf) -> Options {
        Options {
            url: url.to_string(),
            folder,
            fresh: false,
            page_size: 100,
            page_size_parameter: "per_page".into(),
            timeout: Duration::from_secs(30),
            retries: 5,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(300),
            max_bytes: 100 * 1024 * 1024,
            max_pages: 100_000,
            connections: 4,
            progress: false,
        }
    }
}

/// What a download did.
#[derive(Debug, Default)]
pub struct Downloaded {
    pub folder: PathBuf,
    /// List pages in the folder, and how many of them an earlier run had downloaded.
    pub pages: usize,
    pub pages_reused: usize,
    /// Services the list named.
    pub listed: usize,
    /// Full records downloaded now, and found from an earlier run.
    pub records_fetched: usize,
    pub records_reused: usize,
    /// The list's items lacked fields a full record has, so full records were fetched.
    pub items_minimal: bool,
    /// An unfinished download was carried on.
    pub resumed: bool,
    /// A finished download of the same feed was started again.
    pub restarted: bool,
    /// Pages of taxonomy terms (0 when the feed publishes none at `<api>/taxonomy_terms`).
    pub term_pages: usize,
    /// What the user should know that is not an error.
    pub notes: Vec<String>,
}

/// Why a download stopped. The folder keeps what was downloaded whole.
#[derive(thiserror::Error)]
pub enum FetchError {
    #[error(
        "{url} is not a web address signpost can download: only http:// and https:// feeds can be imported (give a file or folder by its path)"
    )]
    NotHttp { url: String },
    #[error("{url} is not a valid web address: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("{url} answered {status} {reason}{}", tries_text(*.tries))]
    Status {
        url: String,
        status: u16,
        reason: String,
        tries: u32,
    },
    #[error("cannot download {url}: {reason}{}", tries_text(*.tries))]
    Network {
        url: String,
        reason: String,
        tries: u32,
    },
    #[error(
        "{url} answered with a web page (HTML), not JSON: check that this is the feed's address (such as https://example.org/api/services), not its website's"
    )]
    Html { url: String },
    #[error("{url} did not answer JSON: {source}")]
    NotJson {
        url: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{url} answered more than {} MB, the most signpost reads in one response", .limit / (1024 * 1024))]
    TooLarge { url: String, limit: u64 },
    #[error("{url} redirects to {to}, which is not an http or https address: not followed")]
    BadRedirect { url: String, to: String },
    #[error("{url} redirects more than {MAX_REDIRECTS} times: not followed")]
    TooManyRedirects { url: String },
    #[error(
        "{url} asks signpost to wait {secs} seconds before trying again, longer than it waits ({max} seconds): try again later"
    )]
    WaitTooLong { url: String, secs: u64, max: u64 },
    #[error("the feed's paging does not end: page {page} ({url}) {why}")]
    Loop {
        page: usize,
        url: String,
        why: String,
    },
    #[error(
        "{url} is not a list of services: expected a page with `contents` or `content`, a list or one record, found {found}"
    )]
    NotAList { url: String, found: &'static str },
    #[error("{} of {total} full records could not be downloaded:\n{}", .failed.len(), failed_text(.failed))]
    Records {
        failed: Vec<(String, String)>,
        total: usize,
    },
    #[error(
        "{} is not empty and is not a download signpost made, so it is left alone: choose another folder with --download",
        .path.display()
    )]
    NotOurs { path: PathBuf },
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

crate::debug_as_message!(FetchError);

fn tries_text(tries: u32) -> String {
    if tries > 1 {
        format!(" (tried {tries} times)")
    } else {
        String::new()
    }
}

fn failed_text(failed: &[(String, String)]) -> String {
    let mut out: Vec<String> = failed
        .iter()
        .take(20)
        .map(|(id, why)| format!("  {id}: {why}"))
        .collect();
    if failed.len() > 20 {
        out.push(format!("  and {} more", failed.len() - 20));
    }
    out.join("\n")
}

/// True when an input names a web address rather than a path: it starts with a scheme
/// and `://` (`https://`, `ftp://`, `file://`). Windows paths (`C:\x`) have no `//`.
pub fn is_url(input: &str) -> bool {
    match input.split_once("://") {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Parses a feed's address, refusing anything but http and https.
pub fn parse_url(input: &str) -> Result<Url, FetchError> {
    let url = Url::parse(input).map_err(|e| FetchError::BadUrl {
        url: input.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::NotHttp {
            url: input.to_string(),
        });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::BadUrl {
            url: input.to_string(),
            reason: "it names no host".into(),
        });
    }
    Ok(url)
}

/// The folder a feed is downloaded to unless one is chosen: `signpost-downloads/<host>-<hash
/// of the address>` beside the content folder, so the same feed resumes in the same place
/// and different feeds never share one. Not in the system's temporary folder, where anyone
/// could create it first.
pub fn default_folder(url: &Url, into: &Path) -> PathBuf {
    let into = std::path::absolute(into).unwrap_or_else(|_| into.to_path_buf());
    let beside = into.parent().unwrap_or(Path::new("."));
    let host: String = url
        .host_str()
        .unwrap_or("feed")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let hash = crate::render::templates::fingerprint(url.as_str().as_bytes());
    beside
        .join("signpost-downloads")
        .join(format!("{host}-{hash}"))
}

/// Downloads the feed at `opts.url` into `opts.folder`; returns what it did. The folder is
/// then read by the folder import.
pub fn download(opts: &Options) -> Result<Downloaded, FetchError> {
    let url = parse_url(&opts.url)?;
    let folder = &opts.folder;
    let mut done = Downloaded {
        folder: folder.clone(),
        ..Default::default()
    };
    prepare(folder, url.as_str(), opts.fresh, &mut done)?;
    let client = Client::new(opts);

    let start = with_page_size(&url, opts);
    let list = walk(&client, &start, &folder.join("pages"), "pages", opts)?;
    done.pages = list.pages;
    done.pages_reused = list.reused;
    done.listed = list.items.len();
    if !list.notes.is_empty() {
        done.notes.extend(list.notes.iter().cloned());
    }
    records(&client, &url, &list.items, folder, opts, &mut done)?;
    terms(&client, &url, folder, opts, &mut done);
    write_marker(folder, url.as_str(), true)?;
    Ok(done)
}

// ---------------------------------------------------------------------------------------
// The folder

/// Makes the folder ready: resumes an unfinished download of the same feed, empties a
/// finished one (or any, with `fresh`), refuses a folder that is not a download.
fn prepare(folder: &Path, url: &str, fresh: bool, done: &mut Downloaded) -> Result<(), FetchError> {
    let marker = folder.join(MARKER);
    let previous: Option<Value> = std::fs::read(&marker)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let non_empty = std::fs::read_dir(folder).is_ok_and(|mut d| d.next().is_some());
    match previous {
        None if non_empty => {
            return Err(FetchError::NotOurs {
                path: folder.to_path_buf(),
            });
        }
        None => {}
        Some(p) => {
            let same = p.get("url").and_then(Value::as_str) == Some(url);
            let finished = p.get("complete").and_then(Value::as_bool) == Some(true);
            if fresh || !same || finished {
                done.restarted = same && finished && !fresh;
                for sub in ["pages", "services", "taxonomy_terms"] {
                    let d = folder.join(sub);
                    if d.is_dir() {
                        std::fs::remove_dir_all(&d).map_err(|source| FetchError::Write {
                            path: d.clone(),
                            source,
                        })?;
                    }
                }
            } else {
                done.resumed = true;
            }
        }
    }
    std::fs::create_dir_all(folder).map_err(|source| FetchError::Write {
        path: folder.to_path_buf(),
        source,
    })?;
    write_marker(folder, url, false)
}

fn write_marker(folder: &Path, url: &str, complete: bool) -> Result<(), FetchError> {
    let v = serde_json::json!({ "url": url, "complete": complete });
    write_atomic(&folder.join(MARKER), v.to_string().as_bytes())
}

/// Writes a file whole or not at all: a temporary file beside it, then a rename, so an
/// interrupted download never leaves half a page for the next run to trust.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    use std::io::Write;
    let err = |source| FetchError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Requests

struct Client {
    agent: ureq::Agent,
    retries: u32,
    backoff: Duration,
    max_wait: Duration,
    max_bytes: u64,
    timeout: Duration,
}

/// Why one try failed: worth another try (busy, failing, no answer), or not.
enum Attempt {
    Again {
        error: FetchError,
        wait: Option<Duration>,
    },
    Stop(FetchError),
}

impl Client {
    fn new(opts: &Options) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            // Statuses are judged here: 429 and 5xx are tried again, the rest explained.
            .http_status_as_error(false)
            // Redirects are followed here, so each hop's scheme is checked.
            .max_redirects(0)
            .user_agent(concat!("signpost/", env!("CARGO_PKG_VERSION"), " (import)"))
            .build();
        Client {
            agent: config.into(),
            retries: opts.retries,
            backoff: opts.backoff,
            max_wait: opts.max_wait,
            max_bytes: opts.max_bytes,
            timeout: opts.timeout,
        }
    }

    /// The body of a JSON answer at `url`, tried again with growing waits while the feed is
    /// busy, failing or silent.
    fn get(&self, url: &Url) -> Result<Vec<u8>, FetchError> {
        let mut tries = 0;
        loop {
            tries += 1;
            match self.once(url) {
                Ok(body) => return Ok(body),
                Err(Attempt::Stop(e)) => return Err(e),
                Err(Attempt::Again { error, wait }) => {
                    if tries > self.retries {
                        return Err(with_tries(error, tries));
                    }
                    let backoff = self.backoff.saturating_mul(1 << (tries - 1).min(16));
                    let wait = match wait {
                        Some(w) if w > self.max_wait => {
                            return Err(FetchError::WaitTooLong {
                                url: url.to_string(),
                                secs: w.as_secs(),
                                max: self.max_wait.as_secs(),
                            });
                        }
                        Some(w) => w,
                        None => backoff.min(Duration::from_secs(60)),
                    };
                    std::thread::sleep(wait);
                }
            }
        }
    }

    fn once(&self, url: &Url) -> Result<Vec<u8>, Attempt> {
        let mut at = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            let again = |reason: String| Attempt::Again {
                error: FetchError::Network {
                    url: at.to_string(),
                    reason,
                    tries: 1,
                },
                wait: None,
            };
            let mut resp = match self
                .agent
                .get(at.as_str())
                .header("Accept", "application/json")
                .call()
            {
                Ok(r) => r,
                Err(e) => {
                    return Err(match e {
                        ureq::Error::Timeout(_) => again(format!(
                            "no answer within {} seconds",
                            self.timeout.as_secs_f32()
                        )),
                        ureq::Error::Io(_)
                        | ureq::Error::ConnectionFailed
                        | ureq::Error::Protocol(_) => again(e.to_string()),
                        ureq::Error::HostNotFound => Attempt::Stop(FetchError::Network {
                            url: at.to_string(),
                            reason: "the host was not found (check the address)".into(),
                            tries: 1,
                        }),
                        e => Attempt::Stop(FetchError::Network {
                            url: at.to_string(),
                            reason: e.to_string(),
                            tries: 1,
                        }),
                    });
                }
            };
            let status = resp.status();
            let header = |name: &str| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            if status.is_redirection() && status.as_u16() != 304 {
                let Some(loc) = header("location") else {
                    return Err(Attempt::Stop(status_error(&at, status, 1)));
                };
                let next = at.join(&loc).map_err(|_| {
                    Attempt::Stop(FetchError::BadRedirect {
                        url: at.to_string(),
                        to: loc.clone(),
                    })
                })?;
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(Attempt::Stop(FetchError::BadRedirect {
                        url: at.to_string(),
                        to: loc,
                    }));
                }
                at = next;
                continue;
            }
            if status.as_u16() == 429 || status.is_server_error() {
                let wait = header("retry-after").and_then(|v| retry_after(&v));
                return Err(Attempt::Again {
                    error: status_error(&at, status, 1),
                    wait,
                });
            }
            if !status.is_success() {
                return Err(Attempt::Stop(status_error(&at, status, 1)));
            }
            let html = header("content-type").is_some_and(|t| {
                let t = t.to_ascii_lowercase();
                t.starts_with("text/html") || t.starts_with("application/xhtml")
            });
            if html {
                return Err(Attempt::Stop(FetchError::Html {
                    url: at.to_string(),
                }));
            }
            let too_large = || {
                Attempt::Stop(FetchError::TooLarge {
                    url: at.to_string(),
                    limit: self.max_bytes,
                })
            };
            if header("content-length")
                .and_then(|l| l.trim().parse::<u64>().ok())
                .is_some_and(|l| l > self.max_bytes)
            {
                return Err(too_large());
            }
            let body = resp
                .body_mut()
                .with_config()
                .limit(self.max_bytes)
                .read_to_vec();
            return match body {
                Ok(b) if looks_like_html(&b) => Err(Attempt::Stop(FetchError::Html {
                    url: at.to_string(),
                })),
                Ok(b) => Ok(b),
                Err(ureq::Error::BodyExceedsLimit(_)) => Err(too_large()),
                Err(ureq::Error::Timeout(_)) => Err(again(format!(
                    "no answer within {} seconds",
                    self.timeout.as_secs_f32()
                ))),
                Err(e) => Err(again(e.to_string())),
            };
        }
        Err(Attempt::Stop(FetchError::TooManyRedirects {
            url: url.to_string(),
        }))
    }
}

fn status_error(url: &Url, status: ureq::http::StatusCode, tries: u32) -> FetchError {
    FetchError::Status {
        url: url.to_string(),
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        tries,
    }
}

fn with_tries(e: FetchError, n: u32) -> FetchError {
    match e {
        FetchError::Status {
            url,
            status,
            reason,
            ..
        } => FetchError::Status {
            url,
            status,
            reason,
            tries: n,
        },
        FetchError::Network { url, reason, .. } => FetchError::Network {
            url,
            reason,
            tries: n,
        },
        e => e,
    }
}

/// `Retry-After`: seconds, or an HTTP date (RFC 9110), as a wait from now.
fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = jiff::fmt::rfc2822::parse(v).ok()?;
    let secs = when.timestamp().as_second() - jiff::Timestamp::now().as_second();
    Some(Duration::from_secs(secs.max(0) as u64))
}

/// A body whose first character (after a byte-order mark and spaces) is `<`: a web page
/// (a login page, an error page, a website's home page) whatever its Content-Type says.
fn looks_like_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// The JSON of a body, or its records one a line (ndjson).
fn parse_body(url: &Url, body: &[u8]) -> Result<Value, FetchError> {
    let text = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    match serde_json::from_slice::<Value>(text) {
        Ok(v) => Ok(v),
        Err(source) => {
            // ndjson: every line one record.
            let lines: Result<Vec<Value>, _> = text
                .split(|b| *b == b'\n')
                .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
                .map(serde_json::from_slice::<Value>)
                .collect();
            match lines {
                Ok(items) if items.len() > 1 => Ok(Value::Array(items)),
                _ => Err(FetchError::NotJson {
                    url: url.to_string(),
                    source,
                }),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Paging

/// Adds the page size to the first page's address, unless the address already says.
fn with_page_size(url: &Url, opts: &Options) -> Url {
    let name = opts.page_size_parameter.as_str();
    if name.is_empty() || url.query_pairs().any(|(k, _)| k == name) {
        return url.clone();
    }
    with_param(url, name, &opts.page_size.to_string())
}

/// `url` with the query parameter `name` set to `value` (replacing any).
fn with_param(url: &Url, name: &str, value: &str) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut out = url.clone();
    out.query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair(name, value);
    out
}

/// What a list page says about itself.
#[derive(Debug, Default)]
struct Page {
    items: Vec<Value>,
    /// Its number as the feed counts (from 0 or from 1).
    number: Option<u64>,
    total_pages: Option<u64>,
    last: Option<bool>,
    /// A `next` link, when the feed gives one.
    next: Option<String>,
    /// The feed pages at all (a bare list or one record has no next page).
    paged: bool,
}

fn number(v: &Value, keys: &[&str]) -> Option<u64> {
    keys.iter().find_map(|k| match v.get(*k)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

fn flag(v: &Value, keys: &[&str]) -> Option<bool> {
    keys.iter().find_map(|k| v.get(*k)?.as_bool())
}

/// A `next` link: `next`, `links.next`, `links.next.href` or `_links.next.href`.
fn next_link(v: &Value) -> Option<String> {
    let as_link = |n: &Value| match n {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(_) => n
            .get("href")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string),
        _ => None,
    };
    v.get("next")
        .and_then(as_link)
        .or_else(|| v.get("links")?.get("next").and_then(as_link))
        .or_else(|| v.get("_links")?.get("next").and_then(as_link))
}

fn read_page(url: &Url, v: Value) -> Result<Page, FetchError> {
    match v {
        Value::Array(items) => Ok(Page {
            items,
            ..Default::default()
        }),
        Value::Object(mut o) => {
            for key in ["contents", "content"] {
                if let Some(Value::Array(_)) = o.get(key) {
                    let meta = Value::Object(o.clone());
                    let Some(Value::Array(items)) = o.remove(key) else {
                        unreachable!("checked above")
                    };
                    return Ok(Page {
                        items,
                        number: number(&meta, &["page_number", "number", "page"]),
                        total_pages: number(&meta, &["total_pages", "totalPages"]),
                        last: flag(&meta, &["last_page", "last"]),
                        next: next_link(&meta),
                        paged: true,
                    });
                }
            }
            if o.contains_key("id") || o.contains_key("name") {
                // One record on its own.
                return Ok(Page {
                    items: vec![Value::Object(o)],
                    ..Default::default()
                });
            }
            Err(FetchError::NotAList {
                url: url.to_string(),
                found: "an object with neither",
            })
        }
        other => Err(FetchError::NotAList {
            url: url.to_string(),
            found: kind_of(&other),
        }),
    }
}

/// The next page's address, or None on the last page. `k` is the page's place (from 1),
/// its number when the page does not say.
fn next_page(url: &Url, page: &Page, first_number: Option<u64>, k: usize) -> Option<Url> {
    if !page.paged || page.last == Some(true) || page.items.is_empty() {
        return None;
    }
    if let Some(link) = &page.next {
        return url.join(link).ok();
    }
    let n = match page.number {
        Some(n) => n,
        // Paging that says how many pages, or that more follow, without numbering them.
        None if page.total_pages.is_some() || page.last == Some(false) => k as u64,
        None => return None,
    };
    if let Some(total) = page.total_pages {
        // Counted from 0 (Spring) or from 1 (ORUK, Outpost): the first page says which.
        let from = first_number.unwrap_or(1).min(1);
        if n + 1 - from >= total {
            return None;
        }
    }
    // Without a total or a last flag, an empty page ends the list.
    Some(with_param(url, "page", &(n + 1).to_string()))
}

/// What walking a list's pages found.
struct Walked {
    pages: usize,
    reused: usize,
    items: Vec<Value>,
    notes: Vec<String>,
}

/// Follows a list's pages from `start`, keeping each in `dir` (`00001.json`, ...). Pages
/// already there from an unfinished run are read from the folder instead.
fn walk(
    client: &Client,
    start: &Url,
    dir: &Path,
    what: &str,
    opts: &Options,
) -> Result<Walked, FetchError> {
    let bar = bar(opts, what);
    let mut out = Walked {
        pages: 0,
        reused: 0,
        items: Vec::new(),
        notes: Vec::new(),
    };
    let mut url = start.clone();
    let mut seen_urls: HashMap<String, usize> = HashMap::new();
    let mut seen_ids: HashMap<Vec<String>, usize> = HashMap::new();
    let mut first_number = None;
    for k in 1.. {
        if k > opts.max_pages {
            return Err(FetchError::Loop {
                page: k,
                url: url.to_string(),
                why: format!(
                    "comes after {} pages, more than signpost follows",
                    opts.max_pages
                ),
            });
        }
        if let Some(j) = seen_urls.insert(url.to_string(), k) {
            return Err(FetchError::Loop {
                page: k,
                url: url.to_string(),
                why: format!("leads back to page {j}"),
            });
        }
        let (path, body) = match saved_page(dir, k) {
            Some((path, body)) => {
                out.reused += 1;
                (path, body)
            }
            None => {
                let body = client.get(&url)?;
                let ext = if serde_json::from_slice::<Value>(
                    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&body),
                )
                .is_ok()
                {
                    "json"
                } else {
                    "ndjson"
                };
                (dir.join(format!("{k:05}.{ext}")), body)
            }
        };
        let value = parse_body(&url, &body)?;
        let page = read_page(&url, value)?;
        if !path.exists() {
            write_atomic(&path, &body)?;
        }
        let ids: Vec<String> = page.items.iter().filter_map(id_of).collect();
        if !ids.is_empty()
            && let Some(j) = seen_ids.insert(ids.clone(), k)
        {
            return Err(FetchError::Loop {
                page: k,
                url: url.to_string(),
                why: format!("lists the same services as page {j} (does the feed ignore `page`?)"),
            });
        }
        if k == 1 {
            first_number = page.number;
        }
        if let Some(t) = page.total_pages {
            bar.set_length(t);
        }
        bar.inc(1);
        out.pages = k;
        let next = next_page(&url, &page, first_number, k);
        // Only each item's id and field names are needed later: a feed of full records
        // is not held in memory twice.
        out.items.extend(page.items.into_iter().map(slim));
        match next {
            Some(n) => url = n,
            None => break,
        }
    }
    bar.finish_and_clear();
    Ok(out)
}

/// A page an earlier run downloaded whole.
fn saved_page(dir: &Path, k: usize) -> Option<(PathBuf, Vec<u8>)> {
    ["json", "ndjson"].iter().find_map(|ext| {
        let p = dir.join(format!("{k:05}.{ext}"));
        std::fs::read(&p).ok().map(|b| (p, b))
    })
}

/// An item with its field names and id only.
fn slim(item: Value) -> Value {
    match item {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| {
                    let keep = if k == "id" { v } else { Value::Null };
                    (k, keep)
                })
                .collect(),
        ),
        other => other,
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn id_of(item: &Value) -> Option<String> {
    match item.get("id")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn bar(opts: &Options, what: &str) -> indicatif::ProgressBar {
    if !opts.progress {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        None,
        indicatif::ProgressDrawTarget::stderr_with_hz(4),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg:>14} [{bar:30}] {pos}/{len} ({elapsed}, {eta} left)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

// ---------------------------------------------------------------------------------------
// Full records

/// A service's own address: the list's, without its query, then its id.
fn record_url(list: &Url, id: &str) -> Url {
    let mut u = list.clone();
    u.set_query(None);
    u.set_fragment(None);
    if let Ok(mut segs) = u.path_segments_mut() {
        segs.pop_if_empty().push(id);
    }
    u
}

/// A file name for an id: the id itself when it is plain, else a hash of it.
fn record_file(folder: &Path, id: &str) -> PathBuf {
    let plain = !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let name = if plain {
        id.to_string()
    } else {
        format!(
            "id-{}",
            crate::render::templates::fingerprint(id.as_bytes())
        )
    };
    folder.join("services").join(format!("{name}.json"))
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Fetches one record (or reads it from an earlier run): its keys, and whether it was
/// downloaded now.
fn record(
    client: &Client,
    list: &Url,
    id: &str,
    folder: &Path,
) -> Result<(Value, bool), FetchError> {
    let path = record_file(folder, id);
    if let Ok(bytes) = std::fs::read(&path)
        && let Ok(v) = serde_json::from_slice::<Value>(&bytes)
    {
        return Ok((v, false));
    }
    let url = record_url(list, id);
    let body = client.get(&url)?;
    let v = parse_body(&url, &body)?;
    if !v.is_object() {
        return Err(FetchError::NotAList {
            url: url.to_string(),
            found: kind_of(&v),
        });
    }
    write_atomic(&path, &body)?;
    Ok((v, true))
}

/// Fetches the full record of each listed service whose item lacks fields a full record
/// has. The first service's record shows what a full record has.
fn records(
    client: &Client,
    list: &Url,
    items: &[Value],
    folder: &Path,
    opts: &Options,
    done: &mut Downloaded,
) -> Result<(), FetchError> {
    let Some((first, first_id)) = items.iter().find_map(|i| Some((i, id_of(i)?))) else {
        return Ok(());
    };
    let full = match record(client, list, &first_id, folder) {
        Ok((v, fresh)) => {
            if fresh {
                done.records_fetched += 1;
            } else {
                done.records_reused += 1;
            }
            v
        }
        Err(FetchError::Status { status: 404, .. } | FetchError::Html { .. }) => {
            done.notes.push(format!(
                "{} has no record of its own at {}: the list's items are imported as they are.",
                first_id,
                record_url(list, &first_id)
            ));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let full_keys = keys(&full);
    let lacks = |item: &Value| {
        let have = keys(item);
        full_keys.iter().any(|k| !have.contains(k))
    };
    if !lacks(first) {
        // The list's items are records in full.
        return Ok(());
    }
    done.items_minimal = true;
    let todo: Vec<String> = items
        .iter()
        .filter(|i| lacks(i))
        .filter_map(id_of)
        .filter(|id| *id != first_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let without_id = items.iter().filter(|i| id_of(i).is_none()).count();
    if without_id > 0 {
        done.notes.push(format!(
            "{without_id} of the list's services have no id, so their full records cannot be fetched: they are imported as listed."
        ));
    }
    let bar = bar(opts, "services");
    bar.set_length(todo.len() as u64 + 1);
    bar.inc(1);
    let next = AtomicUsize::new(0);
    let fetched = AtomicUsize::new(0);
    let reused = AtomicUsize::new(0);
    let failed: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let fatal: Mutex<Option<FetchError>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..opts.connections.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(id) = todo.get(i) else { return };
                    if fatal.lock().is_ok_and(|f| f.is_some()) {
                        return;
                    }
                    match record(client, list, id, folder) {
                        Ok((_, true)) => {
                            fetched.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok((_, false)) => {
                            reused.fetch_add(1, Ordering::Relaxed);
                        }
                        // The folder cannot be written, or the feed asks to wait: no use
                        // going on.
                        Err(e @ (FetchError::Write { .. } | FetchError::WaitTooLong { .. })) => {
                            if let Ok(mut f) = fatal.lock() {
                                f.get_or_insert(e);
                            }
                            return;
                        }
                        Err(e) => {
                            if let Ok(mut f) = failed.lock() {
                                f.push((id.clone(), e.to_string()));
                            }
                        }
                    }
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    if let Some(e) = fatal.into_inner().ok().flatten() {
        return Err(e);
    }
    done.records_fetched += fetched.into_inner();
    done.records_reused += reused.into_inner();
    let mut failed = failed.into_inner().unwrap_or_default();
    if !failed.is_empty() {
        failed.sort();
        return Err(FetchError::Records {
            failed,
            total: todo.len() + 1,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Taxonomy terms

/// The feed's published terms, which attributes may name by id only: `taxonomy_terms`
/// beside the services list. A feed without them is noted, not an error.
fn terms(client: &Client, list: &Url, folder: &Path, opts: &Options, done: &mut Downloaded) {
    let mut url = list.clone();
    url.set_query(None);
    url.set_fragment(None);
    let Ok(mut segs) = url.path_segments_mut() else {
        return;
    };
    segs.pop_if_empty().pop().push("taxonomy_terms");
    drop(segs);
    let start = with_page_size(&url, opts);
    let quiet = Options {
        progress: false,
        ..opts.clone()
    };
    match walk(client, &start, &folder.join("taxonomy_terms"), "terms", &quiet) {
        Ok(w) => done.term_pages = w.pages,
        Err(e) => done.notes.push(format!(
            "No taxonomy terms were downloaded ({e}): terms that services name only by id will be reported as unknown."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.org/api/services"));
        assert!(is_url("ftp://example.org/x"));
        assert!(is_url("file:///etc/passwd"));
        assert!(!is_url("C:\\feeds\\x.json"));
        assert!(!is_url("feeds/x.json"));
        assert!(matches!(
            parse_url("ftp://example.org/x"),
            Err(FetchError::NotHttp { .. })
        ));
        assert!(matches!(
            parse_url("file:///etc/passwd"),
            Err(FetchError::NotHttp { .. })
        ));
        assert!(parse_url("https://example.org/api/services").is_ok());
    }

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn record_addresses_follow_the_list() {
        let list = Url::parse("https://x.example/api/services/?page=2&per_page=10").unwrap();
        assert_eq!(
            record_url(&list, "a b/c").as_str(),
            "https://x.example/api/services/a%20b%2Fc"
        );
        let dir = Path::new("d");
        assert_eq!(record_file(dir, "42"), Path::new("d/services/42.json"));
        assert!(
            record_file(dir, "../etc")
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("id-")
        );
    }

    #[test]
    fn spring_pages_count_from_zero_and_oruk_pages_from_one() {
        let u = Url::parse("http://x.example/s?per_page=2").unwrap();
        let spring = read_page(
            &u,
            serde_json::json!({"content": [{"id": 1}], "number": 0, "totalPages": 2, "last": false}),
        )
        .unwrap();
        let next = next_page(&u, &spring, Some(0), 1).unwrap();
        assert_eq!(next.as_str(), "http://x.example/s?per_page=2&page=1");
        let spring2 = read_page(
            &u,
            serde_json::json!({"content": [{"id": 2}], "number": 1, "totalPages": 2}),
        )
        .unwrap();
        assert!(next_page(&u, &spring2, Some(0), 2).is_none());
        let oruk = read_page(
            &u,
            serde_json::json!({"contents": [{"id": "a"}], "page_number": 2, "total_pages": 2}),
        )
        .unwrap();
        assert!(next_page(&u, &oruk, Some(1), 2).is_none());
    }
}
