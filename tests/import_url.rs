//! `signpost import oruk URL`: live feeds served by a local HTTP server started here (no
//! network). Paging in ORUK's and Spring's shapes, minimal list items fetched in full,
//! retries (a 500, a 429 with Retry-After, a request that times out), a feed whose paging
//! loops, a feed that answers HTML, addresses that are not http(s), and a download that
//! was interrupted and carries on.

use signpost::import::fetch::{self, FetchError, Options};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tiny_http::{Header, Response, Server};

// ---------------------------------------------------------------------------------------
// A feed served on 127.0.0.1

struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    /// Wait this long before answering.
    delay: Duration,
}

fn json(v: serde_json::Value) -> Answer {
    Answer {
        status: 200,
        headers: vec![("Content-Type", "application/json".into())],
        body: v.to_string(),
        delay: Duration::ZERO,
    }
}

fn status(code: u16) -> Answer {
    Answer {
        status: code,
        headers: vec![],
        body: String::new(),
        delay: Duration::ZERO,
    }
}

/// The request: its path, its query parameters, and how many times it was asked before.
struct Asked {
    path: String,
    query: HashMap<String, String>,
    before: usize,
}

type Handler = dyn Fn(&Asked) -> Answer + Send + Sync;

struct Feed {
    base: String,
    /// Every request, path and query, in order.
    hits: Arc<Mutex<Vec<String>>>,
    server: Arc<Server>,
}

impl Feed {
    fn start(handler: impl Fn(&Asked) -> Answer + Send + Sync + 'static) -> Feed {
        let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        // Four at a time, as the download fetches records.
        for _ in 0..4 {
            let (server, hits, handler) = (server.clone(), hits.clone(), handler.clone());
            std::thread::spawn(move || {
                while let Ok(req) = server.recv() {
                    let url = req.url().to_string();
                    let (path, q) = url.split_once('?').unwrap_or((&url, ""));
                    let query = url::form_urlencoded::parse(q.as_bytes())
                        .into_owned()
                        .collect();
                    let before = {
                        let mut h = hits.lock().unwrap();
                        let n = h.iter().filter(|u| **u == url).count();
                        h.push(url.clone());
                        n
                    };
                    let a = handler(&Asked {
                        path: path.to_string(),
                        query,
                        before,
                    });
                    std::thread::sleep(a.delay);
                    let mut resp = Response::from_string(a.body).with_status_code(a.status);
                    for (k, v) in a.headers {
                        resp.add_header(Header::from_bytes(k, v.as_bytes()).unwrap());
                    }
                    let _ = req.respond(resp);
                }
            });
        }
        Feed {
            base: format!("http://127.0.0.1:{port}"),
            hits,
            server,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }

    fn count(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.hits().iter().filter(|h| pred(h)).count()
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

// ---------------------------------------------------------------------------------------
// Services

fn id(n: usize) -> String {
    format!("3f0c6a52-6f1e-4c7a-9d3e-{n:012}")
}

/// A service's full record, in ORUK 3.0's shape (which the folder import reads).
fn full(n: usize) -> serde_json::Value {
    serde_json::json!({
        "id": id(n),
        "name": format!("Stay and Play {n}"),
        "description": format!("A weekly play session for babies and toddlers, number {n}."),
        "status": "active",
        "email": format!("play{n}@example.org"),
        "organization": {
            "id": "b2a4f3d0-0000-4000-8000-000000000001",
            "name": "Marlbrook Play Association"
        }
    })
}

/// A list item that carries only what ORUK allows a list to leave out the rest of.
fn minimal(n: usize) -> serde_json::Value {
    serde_json::json!({"id": id(n), "name": format!("Stay and Play {n}")})
}

/// `/services` in ORUK 3.0 pages (1-based `page`, `per_page`), with minimal items, and
/// `/services/{id}` with each full record.
fn oruk_feed(total: usize) -> Feed {
    Feed::start(move |a| oruk_answer(a, total))
}

fn oruk_answer(a: &Asked, total: usize) -> Answer {
    if a.path == "/api/services" {
        let per: usize = a
            .query
            .get("per_page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(50);
        let page: usize = a
            .query
            .get("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let pages = total.div_ceil(per);
        let items: Vec<_> = (1..=total)
            .skip((page - 1) * per)
            .take(per)
            .map(minimal)
            .collect();
        return json(serde_json::json!({
            "total_items": total, "total_pages": pages, "page_number": page, "size": items.len(),
            "first_page": page == 1, "last_page": page >= pages, "empty": items.is_empty(),
            "contents": items
        }));
    }
    if let Some(rest) = a.path.strip_prefix("/api/services/")
        && let Some(n) = (1..=total).find(|n| id(*n) == rest)
    {
        return json(full(n));
    }
    status(404)
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_signpost"));
    c.env("SIGNPOST_TODAY", "2026-11-24").env("NO_COLOR", "1");
    c
}

fn import(url: &str, dir: &Path, extra: &[&str]) -> Output {
    bin()
        .args(["import", "oruk", url, "--into"])
        .arg(dir.join("content"))
        .arg("--download")
        .arg(dir.join("download"))
        .args(extra)
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// Quick tries for the library-level tests.
fn quick(url: &str, folder: &Path) -> Options {
    let mut o = Options::new(url, folder.to_path_buf());
    o.backoff = Duration::from_millis(10);
    o.timeout = Duration::from_secs(5);
    o
}

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn an_oruk_feed_is_followed_page_by_page_and_minimal_items_fetched_in_full() {
    let feed = oruk_feed(5);
    let dir = tempfile::tempdir().unwrap();
    let o = import(
        &feed.url("/api/services"),
        dir.path(),
        &["--page-size", "2"],
    );
    let (out, err) = text(&o);
    assert!(
        out.contains("Imported 5 services, 1 organisations"),
        "{out}\n{err}"
    );
    assert!(
        err.contains("Downloaded 5 services in 3 pages, with each service's full record (5 fetched now, 0 from before)"),
        "{err}"
    );
    // Three pages of two, asked for with the page size, each once.
    let hits = feed.hits();
    for q in [
        "/api/services?per_page=2",
        "/api/services?per_page=2&page=2",
        "/api/services?per_page=2&page=3",
    ] {
        assert_eq!(
            hits.iter().filter(|h| *h == q).count(),
            1,
            "{q} in {hits:#?}"
        );
    }
    for n in 1..=5 {
        let p = format!("/api/services/{}", id(n));
        assert_eq!(feed.count(|h| h == p), 1, "{p}");
    }
    // The descriptions, which only the full records have, reach the content files.
    let services = files(&dir.path().join("content/services"));
    assert_eq!(services.len(), 5, "{services:?}");
    let all: String = services
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for n in 1..=5 {
        assert!(
            all.contains(&format!("babies and toddlers, number {n}.")),
            "{n}"
        );
    }
}

#[test]
fn spring_and_outpost_pages_are_followed_with_their_own_page_size_parameter() {
    // Spring counts pages from 0; Outpost's Spring-style pages count from 1.
    for from in [0usize, 1] {
        let feed = Feed::start(move |a| {
            if a.path != "/v1/services" {
                return status(404);
            }
            let size: usize = a
                .query
                .get("size")
                .and_then(|p| p.parse().ok())
                .unwrap_or(20);
            let page: usize = a
                .query
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(from);
            let total: usize = 5;
            let pages = total.div_ceil(size);
            let items: Vec<_> = (1..=total)
                .skip((page - from) * size)
                .take(size)
                .map(full)
                .collect();
            json(serde_json::json!({
                "content": items, "totalElements": total, "totalPages": pages,
                "number": page, "size": size, "first": page == from,
                "last": page + 1 - from >= pages
            }))
        });
        let dir = tempfile::tempdir().unwrap();
        let mut opts = quick(&feed.url("/v1/services"), dir.path());
        opts.page_size = 2;
        opts.page_size_parameter = "size".into();
        let d = fetch::download(&opts).unwrap();
        assert_eq!(
            (d.pages, d.listed),
            (3, 5),
            "from {from}: {:#?}",
            feed.hits()
        );
        // The items are full records: nothing more is fetched.
        assert!(!d.items_minimal);
        assert_eq!(
            feed.count(|h| h.starts_with("/v1/services?")),
            3,
            "{:#?}",
            feed.hits()
        );
        assert!(feed.hits()[0].contains("size=2"));
        let pages: Vec<_> = files(&dir.path().join("pages"));
        assert_eq!(pages.len(), 3);
        let last: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&pages[2]).unwrap()).unwrap();
        assert_eq!(last["content"][0]["id"], id(5));
    }
}

#[test]
fn a_500_is_tried_again_and_then_succeeds() {
    let feed = Feed::start(|a| {
        if a.path == "/api/services" && a.before == 0 {
            return status(500);
        }
        oruk_answer(a, 3)
    });
    let dir = tempfile::tempdir().unwrap();
    let d = fetch::download(&quick(&feed.url("/api/services"), dir.path())).unwrap();
    assert_eq!(d.listed, 3);
    assert_eq!(feed.count(|h| h.starts_with("/api/services?")), 2);
}

#[test]
fn a_feed_that_keeps_failing_is_named_with_its_status_and_tries() {
    let feed = Feed::start(|_| status(503));
    let dir = tempfile::tempdir().unwrap();
    let mut opts = quick(&feed.url("/api/services"), dir.path());
    opts.retries = 2;
    let e = fetch::download(&opts).unwrap_err().to_string();
    assert!(
        e.contains("/api/services?per_page=100 answered 503 Service Unavailable (tried 3 times)"),
        "{e}"
    );
}

#[test]
fn a_429_waits_as_long_as_retry_after_says() {
    let feed = Feed::start(|a| {
        if a.path == "/api/services" && a.before == 0 {
            let mut s = status(429);
            s.headers.push(("Retry-After", "1".into()));
            return s;
        }
        oruk_answer(a, 2)
    });
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    // The backoff alone would wait 10 ms.
    let d = fetch::download(&quick(&feed.url("/api/services"), dir.path())).unwrap();
    assert_eq!(d.listed, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(feed.count(|h| h.starts_with("/api/services?")), 2);
}

#[test]
fn a_request_that_times_out_is_tried_again() {
    let feed = Feed::start(|a| {
        let mut answer = oruk_answer(a, 2);
        if a.path == "/api/services" && a.before == 0 {
            answer.delay = Duration::from_secs(2);
        }
        answer
    });
    let dir = tempfile::tempdir().unwrap();
    let mut opts = quick(&feed.url("/api/services"), dir.path());
    opts.timeout = Duration::from_millis(500);
    let d = fetch::download(&opts).unwrap();
    assert_eq!(d.listed, 2);
    assert_eq!(feed.count(|h| h.starts_with("/api/services?")), 2);
}

#[test]
fn a_feed_whose_paging_loops_is_refused_naming_the_page() {
    // The feed ignores `page`: every page is the first, and says more follow.
    let feed = Feed::start(|a| {
        json(serde_json::json!({
            "contents": [minimal(1), minimal(2)], "page_number": 1, "total_pages": 9,
            "last_page": false, "path": a.path
        }))
    });
    let dir = tempfile::tempdir().unwrap();
    let o = import(&feed.url("/api/services"), dir.path(), &[]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the feed's paging does not end: page 2 (")
            && err.contains("page=2) lists the same services as page 1"),
        "{err}"
    );
    assert!(err.contains("Nothing was imported."), "{err}");
    assert!(!dir.path().join("content").exists());

    // A `next` link back to the first page.
    let feed = Feed::start(|a| {
        let page = a.query.get("page").cloned().unwrap_or("1".into());
        let next = if page == "1" { "?page=2" } else { "?page=1" };
        json(serde_json::json!({
            "contents": [minimal(page.parse().unwrap_or(9))], "next": next
        }))
    });
    let dir = tempfile::tempdir().unwrap();
    let mut opts = quick(&feed.url("/api/services?page=1"), dir.path());
    opts.page_size_parameter = String::new();
    let e = fetch::download(&opts).unwrap_err().to_string();
    assert!(
        e.contains("page 3 (") && e.contains("/api/services?page=1) leads back to page 1"),
        "{e}"
    );
}

#[test]
fn an_html_answer_is_refused_naming_the_address() {
    let feed = Feed::start(|a| {
        let mut s = status(200);
        s.body = "<!DOCTYPE html><html><body><h1>Find services</h1></body></html>".into();
        // One says what it is; the other claims to be JSON.
        if a.path == "/honest" {
            s.headers
                .push(("Content-Type", "text/html; charset=utf-8".into()));
        } else {
            s.headers.push(("Content-Type", "application/json".into()));
        }
        s
    });
    for path in ["/honest", "/claims-json"] {
        let dir = tempfile::tempdir().unwrap();
        let o = import(&feed.url(path), dir.path(), &[]);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!(
                "{} answered with a web page (HTML), not JSON",
                feed.url(&format!("{path}?per_page=100"))
            )),
            "{err}"
        );
        assert!(!dir.path().join("content").exists());
    }
}

#[test]
fn only_http_and_https_addresses_are_downloaded() {
    let dir = tempfile::tempdir().unwrap();
    for url in ["ftp://example.invalid/services", "file:///etc/passwd"] {
        let o = import(url, dir.path(), &[]);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!(
                "{url} is not a web address signpost can download: only http:// and https:// feeds"
            )),
            "{err}"
        );
    }
    assert!(!dir.path().join("download").exists());
    // Nor is a redirect to one followed.
    let feed = Feed::start(|_| {
        let mut s = status(302);
        s.headers.push(("Location", "file:///etc/passwd".into()));
        s
    });
    let e = fetch::download(&quick(&feed.url("/api/services"), dir.path())).unwrap_err();
    assert!(
        matches!(&e, FetchError::BadRedirect { to, .. } if to == "file:///etc/passwd"),
        "{e}"
    );
}

#[test]
fn a_response_larger_than_the_limit_is_refused() {
    let feed = oruk_feed(50);
    let dir = tempfile::tempdir().unwrap();
    let mut opts = quick(&feed.url("/api/services"), dir.path());
    opts.max_bytes = 1024 * 1024 / 2;
    opts.page_size = 100_000;
    assert!(fetch::download(&opts).is_ok());
    opts.max_bytes = 1000;
    opts.fresh = true;
    let e = fetch::download(&opts).unwrap_err();
    assert!(matches!(e, FetchError::TooLarge { .. }), "{e}");
}

#[test]
fn an_interrupted_download_carries_on_where_it_stopped() {
    // The first run: records 4 and 5 fail (the feed is down by then).
    let down = Arc::new(Mutex::new(true));
    let down2 = down.clone();
    let feed = Feed::start(move |a| {
        if *down2.lock().unwrap() && (a.path.ends_with(&id(4)) || a.path.ends_with(&id(5))) {
            return status(502);
        }
        oruk_answer(a, 5)
    });
    let dir = tempfile::tempdir().unwrap();
    let url = feed.url("/api/services");
    let o = import(&url, dir.path(), &["--page-size", "2", "--retries", "0"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(
        err.contains("2 of 5 full records could not be downloaded"),
        "{err}"
    );
    assert!(err.contains(&format!("{}: ", id(4))), "{err}");
    assert!(
        err.contains("run the same command again to carry on"),
        "{err}"
    );
    assert!(!dir.path().join("content").exists(), "nothing is imported");
    let asked_before = feed.hits().len();

    // The second run asks only for what is missing.
    *down.lock().unwrap() = false;
    let o = import(&url, dir.path(), &["--page-size", "2"]);
    let (out, err) = text(&o);
    assert!(out.contains("Imported 5 services"), "{out}\n{err}");
    assert!(
        err.contains(
            "Carried on with the unfinished download (3 pages and 3 records were already there)"
        ),
        "{err}"
    );
    let again: Vec<String> = feed.hits()[asked_before..].to_vec();
    let mut expect = vec![
        format!("/api/services/{}", id(4)),
        format!("/api/services/{}", id(5)),
        // The feed's taxonomy terms, which it does not publish.
        "/api/taxonomy_terms?per_page=2".to_string(),
    ];
    let mut got = again.clone();
    got.sort();
    expect.sort();
    assert_eq!(got, expect);

    // A finished download is started again (the feed may have changed); --fresh starts an
    // unfinished one again.
    let o = import(&url, dir.path(), &["--page-size", "2", "--force"]);
    let (out, err) = text(&o);
    assert!(out.contains("Imported 5 services"), "{out}\n{err}");
    assert!(
        err.contains("The last download of this feed had finished, so it was downloaded again."),
        "{err}"
    );
    assert!(err.contains("(5 fetched now, 0 from before)"), "{err}");
}

#[test]
fn a_folder_that_is_not_a_download_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("download");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "mine").unwrap();
    let feed = oruk_feed(1);
    let mut opts = quick(&feed.url("/api/services"), &mine);
    opts.fresh = true;
    let e = fetch::download(&opts).unwrap_err();
    assert!(matches!(e, FetchError::NotOurs { .. }), "{e}");
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(feed.hits().is_empty());
}
