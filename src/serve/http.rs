//! The dev server's HTTP side: the built site as Netlify would serve it, plus three files of
//! its own under /__signpost/: the live-reload script, the error overlay's stylesheet, and
//! an event stream that tells open tabs to reload. HTML responses get the script (and the
//! overlay while the content has errors) added on the way out; files on disk stay as built.

use super::netlify::Rules;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server};

pub const RELOAD_JS: &str = include_str!("reload.js");
pub const OVERLAY_CSS: &str = include_str!("overlay.css");
const PREFIX: &str = "/__signpost/";

/// What the server and the rebuilder share.
pub struct Live {
    pub root: PathBuf,
    pub rules: Rules,
    /// The error overlay's HTML while the content has errors.
    overlay: Mutex<Option<String>>,
    clients: Mutex<Vec<Sender<()>>>,
    /// site.yaml's base_path: the site is served there, as it will be published.
    base_path: Mutex<String>,
}

impl Live {
    pub fn new(root: PathBuf, rules: Rules) -> Live {
        Live {
            root,
            rules,
            overlay: Mutex::new(None),
            clients: Mutex::new(Vec::new()),
            base_path: Mutex::new("/".into()),
        }
    }

    /// Serves the site at `base_path` (`/` or a sub-path such as `/families/`).
    pub fn set_base_path(&self, base_path: &str) {
        if let Ok(mut b) = self.base_path.lock() {
            base_path.clone_into(&mut b);
        }
    }

    pub fn base_path(&self) -> String {
        self.base_path
            .lock()
            .map(|b| b.clone())
            .unwrap_or_else(|_| "/".into())
    }

    pub fn set_overlay(&self, html: Option<String>) {
        if let Ok(mut o) = self.overlay.lock() {
            *o = html;
        }
    }

    pub fn overlay(&self) -> Option<String> {
        self.overlay.lock().ok().and_then(|o| o.clone())
    }

    /// Tells every open tab to reload.
    pub fn reload(&self) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(()).is_ok());
        }
    }

    fn subscribe(&self) -> Receiver<()> {
        let (tx, rx) = mpsc::channel();
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(tx);
        }
        rx
    }
}

/// The port cannot be listened on.
#[derive(thiserror::Error)]
#[error("cannot listen on 127.0.0.1:{port}: {source} (is another server using it? try --port)")]
pub struct ListenError {
    port: u16,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

crate::debug_as_message!(ListenError);

/// Starts serving on 127.0.0.1:`port` (0 picks a free port) with a few worker threads.
/// Returns the port.
pub fn start(live: Arc<Live>, port: u16) -> Result<(Arc<Server>, u16), ListenError> {
    let server =
        Server::http(("127.0.0.1", port)).map_err(|source| ListenError { port, source })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(port);
    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, live) = (server.clone(), live.clone());
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                handle(&live, req);
            }
        });
    }
    Ok((server, port))
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ndjson" => "application/x-ndjson",
        "gz" => "application/gzip",
        "woff2" => "font/woff2",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Sends a response with netlify.toml's headers for `url_path`; `extra` (Content-Type,
/// Location) comes last and replaces a rule's value of the same name.
fn send(
    req: Request,
    live: &Live,
    url_path: &str,
    status: u16,
    body: Vec<u8>,
    extra: &[(&str, &str)],
) {
    let head = req.method() == &Method::Head;
    let mut headers: Vec<(String, String)> = live
        .rules
        .headers_for(url_path)
        .into_iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e.eq_ignore_ascii_case(k)))
        .collect();
    headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let len = body.len();
    let mut resp =
        Response::from_data(if head { Vec::new() } else { body }).with_status_code(status);
    for (k, v) in &headers {
        if let Some(h) = header(k, v) {
            resp.add_header(h);
        }
    }
    if head && let Some(h) = header("Content-Length", &len.to_string()) {
        resp.add_header(h);
    }
    let _ = req.respond(resp);
}

fn handle(live: &Live, req: Request) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(Response::empty(405));
        return;
    }
    let raw = req
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let Ok(url_path) = percent_encoding::percent_decode_str(&raw).decode_utf8() else {
        let _ = req.respond(Response::empty(400));
        return;
    };
    let url_path = url_path.into_owned();
    if let Some(name) = url_path.strip_prefix(PREFIX) {
        return own_file(live, req, &url_path, name);
    }
    // A site published under a sub-path is served under it, so its links work as they
    // will when published; the root (and the sub-path without its slash) lead there.
    let base_path = live.base_path();
    let url_path = if base_path == "/" {
        url_path
    } else if let Some(rest) = url_path.strip_prefix(base_path.as_str()) {
        format!("/{rest}")
    } else {
        if url_path == "/" || url_path == base_path.trim_end_matches('/') {
            send(req, live, "/", 302, Vec::new(), &[("Location", &base_path)]);
            return;
        }
        let html = page_for_errors(false);
        let body = inject(&html, live.overlay().as_deref()).into_bytes();
        let headers = [("Content-Type", "text/html; charset=utf-8")];
        return send(req, live, &url_path, 404, body, &headers);
    };
    match find(&live.root, &url_path) {
        Found::File(path) => serve_file(live, req, &url_path, &path, 200),
        Found::Redirect => {
            let to = format!("{raw}/");
            send(req, live, &url_path, 301, Vec::new(), &[("Location", &to)]);
        }
        Found::Nothing => {
            // As on Netlify, a 404 redirect applies only when no file matches.
            if let Some(to) = live.rules.not_found_page(&url_path)
                && let Found::File(path) = find(&live.root, to)
            {
                return serve_file(live, req, &url_path, &path, 404);
            }
            // No page at all: the first build failed, so show the errors.
            let html = page_for_errors(live.overlay().is_some());
            let body = inject(&html, live.overlay().as_deref()).into_bytes();
            send(
                req,
                live,
                &url_path,
                404,
                body,
                &[("Content-Type", "text/html; charset=utf-8")],
            );
        }
    }
}

fn page_for_errors(errors: bool) -> String {
    let m = crate::render::messages::active();
    let msg = if errors {
        m.text("serve.not_built", &[])
    } else {
        m.text("serve.no_page", &[])
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n</main>\n</body>\n</html>\n",
        crate::render::escape::html(m.language()),
        crate::render::escape::html(&m.text("serve.not_built_title", &[])),
        crate::render::escape::html(&msg)
    )
}

fn serve_file(live: &Live, req: Request, url_path: &str, path: &Path, status: u16) {
    let Ok(bytes) = std::fs::read(path) else {
        let _ = req.respond(Response::empty(404));
        return;
    };
    let ctype = content_type(path);
    let body = if ctype.starts_with("text/html") {
        match String::from_utf8(bytes) {
            Ok(html) => inject(&html, live.overlay().as_deref()).into_bytes(),
            Err(e) => e.into_bytes(),
        }
    } else {
        bytes
    };
    send(
        req,
        live,
        url_path,
        status,
        body,
        &[("Content-Type", ctype)],
    );
}

/// Adds the live-reload script (and the error overlay) to a page. Both are files from this
/// server, so the page's strict CSP (no inline script or style) still holds.
pub fn inject(html: &str, overlay: Option<&str>) -> String {
    let mut head = format!("<script src=\"{PREFIX}reload.js\" defer></script>\n");
    if overlay.is_some() {
        head.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{PREFIX}overlay.css\">\n"
        ));
    }
    let mut out = match html.find("</head>") {
        Some(i) => format!("{}{head}{}", &html[..i], &html[i..]),
        None => format!("{head}{html}"),
    };
    if let Some(o) = overlay {
        let at = out
            .find("<body")
            .and_then(|b| out[b..].find('>').map(|e| b + e + 1))
            .unwrap_or(0);
        out.insert_str(at, &format!("\n{o}"));
    }
    out
}

fn own_file(live: &Live, req: Request, url_path: &str, name: &str) {
    match name {
        "reload.js" => send(
            req,
            live,
            url_path,
            200,
            RELOAD_JS.as_bytes().to_vec(),
            &[
                ("Content-Type", "text/javascript; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ],
        ),
        "overlay.css" => send(
            req,
            live,
            url_path,
            200,
            OVERLAY_CSS.as_bytes().to_vec(),
            &[
                ("Content-Type", "text/css; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ],
        ),
        // The overlay on its own: 200 with the HTML while there are errors, else 204.
        "errors" => match live.overlay() {
            Some(o) => send(
                req,
                live,
                url_path,
                200,
                o.into_bytes(),
                &[
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Cache-Control", "no-store"),
                ],
            ),
            None => send(
                req,
                live,
                url_path,
                204,
                Vec::new(),
                &[("Cache-Control", "no-store")],
            ),
        },
        "events" => {
            let rx = live.subscribe();
            let headers = live.rules.headers_for(url_path);
            // The stream stays open: give it a thread of its own.
            std::thread::spawn(move || events(req, rx, headers));
        }
        _ => send(
            req,
            live,
            url_path,
            404,
            crate::render::messages::active()
                .text("serve.not_found", &[])
                .into_bytes(),
            &[("Content-Type", "text/plain; charset=utf-8")],
        ),
    }
}

/// Server-sent events: `reload` after each rebuild, and a comment now and then so a
/// closed tab is noticed (the write fails) and its thread ends.
fn events(req: Request, rx: Receiver<()>, headers: Vec<(String, String)>) {
    let mut w = req.into_writer();
    let mut head = String::from("HTTP/1.1 200 OK\r\n");
    for (k, v) in headers
        .iter()
        .filter(|(k, _)| k != "cache-control" && k != "content-type")
    {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("Content-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n: connected\n\n");
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg: &[u8] = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(()) => b"event: reload\ndata: 1\n\n",
            Err(mpsc::RecvTimeoutError::Timeout) => b": still here\n\n",
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

enum Found {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect,
    Nothing,
}

/// The file for a decoded URL path, never outside `root`: only plain segments are joined.
fn find(root: &Path, url_path: &str) -> Found {
    let rel = url_path.trim_start_matches('/');
    let mut path = root.to_path_buf();
    for seg in rel.split('/').filter(|s| !s.is_empty()) {
        let p = Path::new(seg);
        if seg.contains('\\')
            || seg.contains('\0')
            || p.components().count() != 1
            || !matches!(p.components().next(), Some(Component::Normal(_)))
        {
            return Found::Nothing;
        }
        path.push(seg);
    }
    if path.is_file() {
        return Found::File(path);
    }
    if path.is_dir() {
        if !url_path.ends_with('/') {
            return Found::Redirect;
        }
        let index = path.join("index.html");
        if index.is_file() {
            return Found::File(index);
        }
    }
    Found::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        assert!(matches!(find(dir.path(), "/a.txt"), Found::File(_)));
        assert!(matches!(find(dir.path(), "/../a.txt"), Found::Nothing));
        assert!(matches!(
            find(dir.path(), "/x/../../etc/passwd"),
            Found::Nothing
        ));
        assert!(matches!(find(dir.path(), "/./a.txt"), Found::Nothing));
    }

    #[test]
    fn the_script_goes_in_the_head_and_the_overlay_first_in_the_body() {
        let html =
            "<html><head><title>t</title></head><body class=\"x\"><main></main></body></html>";
        let out = inject(html, Some("<section>errors</section>"));
        let script = out.find("/__signpost/reload.js").unwrap();
        assert!(script < out.find("</head>").unwrap());
        assert!(out.contains("<body class=\"x\">\n<section>errors</section><main>"));
        assert!(out.contains("/__signpost/overlay.css"));
        assert!(!inject(html, None).contains("overlay.css"));
    }
}
