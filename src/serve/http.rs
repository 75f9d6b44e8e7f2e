//! The dev server's HTTP side: the built site as Netlify would serve it, plus three files of
//! its own under /__signpost/: the live-reload script, the error overlay's stylesheet, and
//! an event stream that tells open tabs to reload. HTML responses get the script (and the
//! overlay while the content has errors) added on the way out; files on disk stay as built.
//!
//! Any web page the browser has open can send requests here, so the server holds its
//! ground: a request head is read up to [`MAX_HEAD`] bytes and [`MAX_HEADERS`] headers (431
//! beyond), each connection has a thread for one request, at most [`MAX_CONNECTIONS`] at
//! once (503 beyond), at most [`MAX_STREAMS`] event streams are open at once (503 beyond),
//! only requests addressed to this computer by name or number are answered (a page that
//! rebinds its own host name to 127.0.0.1 is refused: 403), redirects never leave the
//! site, and only regular files inside the output folder are served, never through a link.
//! The requests are parsed by httparse; tiny_http, used before, reads heads and starts
//! threads without limit.

use super::netlify::Rules;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const RELOAD_JS: &str = include_str!("reload.js");
pub const OVERLAY_CSS: &str = include_str!("overlay.css");
const PREFIX: &str = "/__signpost/";

/// The most bytes a request's line and headers may take (browsers send 1 to 2 KB).
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers a request may have.
pub const MAX_HEADERS: usize = 64;
/// Event streams open at once (one per open tab).
pub const MAX_STREAMS: usize = 32;
/// Connections being read or answered at once (each has a thread while it lasts).
pub const MAX_CONNECTIONS: usize = 64;
/// How long a client may take to send its request head.
const HEAD_TIME: Duration = Duration::from_secs(10);

/// What the server and the rebuilder share.
pub struct Live {
    pub root: PathBuf,
    pub rules: Rules,
    /// The error overlay's HTML while the content has errors.
    overlay: Mutex<Option<String>>,
    clients: Mutex<Vec<Sender<()>>>,
    /// site.yaml's base_path: the site is served there, as it will be published.
    base_path: Mutex<String>,
    /// Event streams open now.
    streams: Arc<AtomicUsize>,
}

impl Live {
    pub fn new(root: PathBuf, rules: Rules) -> Live {
        Live {
            root,
            rules,
            overlay: Mutex::new(None),
            clients: Mutex::new(Vec::new()),
            base_path: Mutex::new("/".into()),
            streams: Arc::new(AtomicUsize::new(0)),
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

/// The listening server; [`Server::unblock`] stops it.
pub struct Server {
    addr: SocketAddr,
    stopped: Arc<AtomicBool>,
}

impl Server {
    /// Stops accepting connections; requests being answered finish.
    pub fn unblock(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// Starts serving on 127.0.0.1:`port` (0 picks a free port) with a few worker threads.
/// Returns the port.
pub fn start(live: Arc<Live>, port: u16) -> Result<(Arc<Server>, u16), ListenError> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| ListenError {
        port,
        source: Box::new(e),
    })?;
    let addr = listener.local_addr().map_err(|e| ListenError {
        port,
        source: Box::new(e),
    })?;
    let port = addr.port();
    let stopped = Arc::new(AtomicBool::new(false));
    {
        let stopped = stopped.clone();
        let open = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                // A thread per connection, so a connection that sends nothing (a browser
                // opens some ahead of need) holds up no one else; at most
                // MAX_CONNECTIONS of them, then the server says it is busy.
                if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    open.fetch_sub(1, Ordering::SeqCst);
                    busy(stream);
                    continue;
                }
                let count = Count(open.clone());
                let live = live.clone();
                // The count goes down when the thread ends, or when no thread could be
                // started (the closure is dropped).
                let _ = std::thread::Builder::new().spawn(move || {
                    let _count = count;
                    connection(&live, stream, port);
                });
            }
        });
    }
    Ok((Arc::new(Server { addr, stopped }), port))
}

/// Says the server is busy, without a thread: stops sending, reads what the client sent
/// so far (so closing does not reset the connection before the answer is read).
fn busy(stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    if let Ok(mut drain) = stream.try_clone() {
        plain(
            stream,
            503,
            crate::render::messages::active().text("serve.busy", &[]),
            &[("Retry-After", "1")],
            false,
        );
        let _ = drain.shutdown(std::net::Shutdown::Write);
        let _ = drain.set_nonblocking(true);
        let mut sink = [0u8; 4096];
        for _ in 0..4 {
            if !matches!(drain.read(&mut sink), Ok(n) if n > 0) {
                break;
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Head,
    /// A form sent to the site: only the report form is accepted (see [`form_post`]).
    Post,
    Other,
}

/// A request as read: its line and headers, and the connection to answer on.
struct Request {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    stream: TcpStream,
}

impl Request {
    fn method(&self) -> &Method {
        &self.method
    }

    fn url(&self) -> &str {
        &self.url
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Answers and closes the connection. The head and body go in one write.
    fn respond(self, status: u16, headers: &[(String, String)], body: &[u8]) {
        let head_only = self.method == Method::Head;
        respond_on(self.stream, status, headers, body, head_only);
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        303 => "See Other",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn respond_on(
    mut stream: TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    head_only: bool,
) {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        // A value from netlify.toml never splits the head.
        if k.contains(['\r', '\n', ':']) || v.contains(['\r', '\n']) {
            continue;
        }
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(body);
    }
    let _ = stream.write_all(&bytes).and_then(|_| stream.flush());
}

/// A short plain-text answer worded from the catalogue, for requests refused before they
/// reach the site.
fn plain(stream: TcpStream, status: u16, text: String, extra: &[(&str, &str)], head_only: bool) {
    let text = text + "\n";
    let mut headers = vec![
        (
            "Content-Type".to_string(),
            "text/plain; charset=utf-8".to_string(),
        ),
        ("Cache-Control".to_string(), "no-store".to_string()),
    ];
    headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    respond_on(stream, status, &headers, text.as_bytes(), head_only);
}

/// Why a request head could not be read.
enum HeadError {
    TooLarge,
    Malformed,
    /// The client went away or was too slow: nothing to answer.
    Gone,
}

/// Reads a request head (up to the blank line), at most [`MAX_HEAD`] bytes and within
/// [`HEAD_TIME`]. Returns the head and any bytes of the body read with it.
fn read_head(stream: &mut TcpStream) -> Result<(Vec<u8>, Vec<u8>), HeadError> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::Gone);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(HeadError::Gone),
            Ok(n) => n,
        };
        // Look for the blank line from just before the new bytes.
        let from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(from + end + 4);
            if buf.len() > MAX_HEAD {
                return Err(HeadError::TooLarge);
            }
            return Ok((buf, rest));
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

fn parse_head(head: &[u8], stream: TcpStream) -> Result<Request, (HeadError, TcpStream)> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut slots);
    match req.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => return Err((HeadError::TooLarge, stream)),
        _ => return Err((HeadError::Malformed, stream)),
    }
    let method = match req.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        Some("POST") => Method::Post,
        _ => Method::Other,
    };
    let Some(url) = req.path.map(str::to_string) else {
        return Err((HeadError::Malformed, stream));
    };
    let headers = req
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    Ok(Request {
        method,
        url,
        headers,
        stream,
    })
}

/// After refusing a head that was too large: stops sending, then reads (and drops) a little
/// more of what the client is still sending, so closing does not reset the connection
/// before the client reads the answer. Bounded in bytes and time.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 8192];
    let mut left: usize = 1024 * 1024;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// Only requests addressed to this server by a name or number of this computer, with its
/// port, are answered. A web page whose own host name is made to point at 127.0.0.1 (DNS
/// rebinding) sends its own name, so it cannot read the site or the errors.
fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}") || (port == 80 && host == *name))
}

/// One connection: one request, answered.
fn connection(live: &Live, mut stream: TcpStream, port: u16) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let (head, body_start) = match read_head(&mut stream) {
        Ok(read) => read,
        Err(HeadError::TooLarge) => {
            let _ = stream.try_clone().map(|s| {
                plain(
                    s,
                    431,
                    crate::render::messages::active().text("serve.head_too_large", &[]),
                    &[],
                    false,
                );
            });
            return linger(stream);
        }
        Err(_) => return,
    };
    let req = match parse_head(&head, stream) {
        Ok(req) => req,
        Err((HeadError::TooLarge, stream)) => {
            return plain(
                stream,
                431,
                crate::render::messages::active().text("serve.head_too_large", &[]),
                &[],
                false,
            );
        }
        Err((_, stream)) => {
            return plain(
                stream,
                400,
                crate::render::messages::active().text("serve.bad_request", &[]),
                &[],
                false,
            );
        }
    };
    if !host_allowed(req.header("host"), port) {
        let head_only = req.method == Method::Head;
        return plain(
            req.stream,
            403,
            crate::render::messages::active().text("serve.wrong_host", &[]),
            &[],
            head_only,
        );
    }
    if req.method == Method::Post {
        return form_post(live, req, body_start);
    }
    handle(live, req);
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
        "ics" => "text/calendar; charset=utf-8",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
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
    let mut headers: Vec<(String, String)> = live
        .rules
        .headers_for(url_path)
        .into_iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e.eq_ignore_ascii_case(k)))
        .collect();
    headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    req.respond(status, &headers, &body);
}

fn handle(live: &Live, req: Request) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        return req.respond(405, &[("Allow".into(), "GET, HEAD, POST".into())], b"");
    }
    let raw = req
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let Ok(url_path) = percent_encoding::percent_decode_str(&raw).decode_utf8() else {
        return req.respond(400, &[], b"");
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
            // Always one slash first: `//services` would send the browser to the host
            // `services` (a protocol-relative address).
            let to = format!("/{}/", raw.trim_start_matches(['/', '\\']));
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
    let Ok(bytes) = read_regular(path) else {
        return req.respond(404, &[], b"");
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
            // Each stream holds a thread while its tab is open: a page opening thousands
            // would hold thousands.
            if live.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
                live.streams.fetch_sub(1, Ordering::SeqCst);
                let head_only = req.method == Method::Head;
                return plain(
                    req.stream,
                    503,
                    crate::render::messages::active().text("serve.too_many_streams", &[]),
                    &[],
                    head_only,
                );
            }
            let open = Count(live.streams.clone());
            let rx = live.subscribe();
            let headers = live.rules.headers_for(url_path);
            let stream = req.stream;
            // The stream stays open: give it a thread of its own. The count goes down when
            // the thread ends, or when no thread could be started (the closure is dropped).
            let _ = std::thread::Builder::new().spawn(move || {
                let _open = open;
                events(stream, rx, headers);
            });
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

/// One open connection or event stream, counted until dropped.
struct Count(Arc<AtomicUsize>);

impl Drop for Count {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Server-sent events: `reload` after each rebuild, and a comment now and then so a
/// closed tab is noticed (the write fails) and its thread ends.
fn events(mut w: TcpStream, rx: Receiver<()>, headers: Vec<(String, String)>) {
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
    // A closed tab is noticed within a second (the socket reads as ended), so its place
    // among the MAX_STREAMS is soon free again; a comment every 15 s keeps proxies and
    // browsers from giving up on a quiet stream.
    let _ = w.set_nonblocking(true);
    let mut quiet = Duration::ZERO;
    loop {
        let msg: &[u8] = match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(()) => b"event: reload\ndata: 1\n\n",
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if matches!(w.peek(&mut [0u8; 1]), Ok(0)) {
                    return;
                }
                quiet += Duration::from_secs(1);
                if quiet < Duration::from_secs(15) {
                    continue;
                }
                b": still here\n\n"
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        quiet = Duration::ZERO;
        if write_all_blocking(&mut w, msg).is_err() {
            return;
        }
    }
}

/// Writes to a non-blocking socket, waiting (up to 30 s) while its buffer is full.
fn write_all_blocking(w: &mut TcpStream, mut msg: &[u8]) -> std::io::Result<()> {
    let start = Instant::now();
    while !msg.is_empty() {
        match w.write(msg) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => msg = &msg[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if start.elapsed() > Duration::from_secs(30) {
                    return Err(e);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

enum Found {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect,
    Nothing,
}

/// The file for a decoded URL path, never outside `root`: only plain segments are joined,
/// and no link is followed (a link placed in the output folder, to a file or a folder, is
/// as good as absent).
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
        match std::fs::symlink_metadata(&path) {
            Ok(m) if !m.file_type().is_symlink() => {}
            _ => return Found::Nothing,
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Found::Nothing;
    };
    if meta.is_file() {
        return Found::File(path);
    }
    if meta.is_dir() {
        if !url_path.ends_with('/') {
            return Found::Redirect;
        }
        let index = path.join("index.html");
        if std::fs::symlink_metadata(&index).is_ok_and(|m| m.is_file()) {
            return Found::File(index);
        }
    }
    Found::Nothing
}

/// Reads a file found by [`find`], refusing a link or anything but a regular file even if
/// one was put in its place since (O_NOFOLLOW).
fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

// --- editing: the "Report a problem with this listing" form (issue 25)

/// The most bytes a form's body may have: the report form's fields together are under
/// 3 KB (the text box takes 2,000 characters, percent-encoded up to three bytes each is
/// still under this).
pub const MAX_FORM: usize = 16 * 1024;
/// The most fields a form may have (the report form has eight).
const MAX_FIELDS: usize = 20;
/// How many characters of each value are printed.
const MAX_VALUE: usize = 2000;
/// The form's name, as Netlify Forms knows it (`form-name`, report-problem.html).
pub const REPORT_FORM: &str = "report-problem";

/// A form sent to the site. As on Netlify, only a form the site has is accepted: the report
/// form, sent as `application/x-www-form-urlencoded` with a Content-Length of at most
/// [`MAX_FORM`]. Its fields are printed in the terminal (control characters made visible,
/// each value cut to [`MAX_VALUE`] characters), and the browser is sent on to the page the
/// form names, the thank-you page, as Netlify shows it. A form whose honeypot field is
/// filled in is answered the same way and not printed, as Netlify drops it.
fn form_post(live: &Live, req: Request, mut body: Vec<u8>) {
    let m = crate::render::messages::active();
    let refuse =
        |req: Request, status: u16, text: String| plain(req.stream, status, text, &[], false);
    let form_type = req.header("content-type").map(|t| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    if form_type.as_deref() != Some("application/x-www-form-urlencoded") {
        return refuse(req, 415, m.text("report.serve_not_a_form", &[]));
    }
    if req.header("transfer-encoding").is_some() {
        return refuse(req, 411, m.text("report.serve_length_required", &[]));
    }
    let Some(length) = req
        .header("content-length")
        .and_then(|l| l.trim().parse::<usize>().ok())
    else {
        return refuse(req, 411, m.text("report.serve_length_required", &[]));
    };
    if length > MAX_FORM || body.len() > length {
        let stream = req.stream;
        if let Ok(s) = stream.try_clone() {
            plain(s, 413, m.text("report.serve_too_large", &[]), &[], false);
        }
        return linger(stream);
    }
    // The rest of the body, within the same time a head is given.
    let mut stream = req.stream;
    let deadline = Instant::now() + HEAD_TIME;
    let mut chunk = [0u8; 4096];
    while body.len() < length {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return plain(
                stream,
                408,
                m.text("report.serve_too_slow", &[]),
                &[],
                false,
            );
        }
        match stream.read(&mut chunk[..(length - body.len()).min(4096)]) {
            Ok(0) | Err(_) => return,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    let req = Request { stream, ..req };
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&body)
        .take(MAX_FIELDS + 1)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if fields.len() > MAX_FIELDS || field("form-name") != Some(REPORT_FORM) {
        return refuse(req, 404, m.text("report.serve_unknown_form", &[]));
    }
    if !field("bot-field").unwrap_or("").is_empty() {
        // Spam: answered as if kept, so a robot learns nothing.
    } else {
        print_report(&fields);
    }
    // Only ever a path in this site: the form's own address, with one leading slash.
    let raw = req.url().split(['?', '#']).next().unwrap_or("/");
    let to = format!("/{}", raw.trim_start_matches(['/', '\\']));
    send(req, live, &to, 303, Vec::new(), &[("Location", &to)]);
}

/// The report as the terminal shows it, printed in one write so two reports never mix.
pub fn report_text(fields: &[(String, String)]) -> String {
    use crate::content::diagnostics::printable;
    let m = crate::render::messages::active();
    let mut out = m.text("report.serve_received", &[]);
    out.push('\n');
    for (k, v) in fields {
        if k == "form-name" || k == "bot-field" {
            continue;
        }
        let cut = if v.chars().count() > MAX_VALUE {
            " …"
        } else {
            ""
        };
        let v: String = v.chars().take(MAX_VALUE).collect();
        let k: String = k.chars().take(60).collect();
        out.push_str(&format!("  {}: {}{cut}\n", printable(&k), printable(&v)));
    }
    out
}

fn print_report(fields: &[(String, String)]) {
    let text = report_text(fields);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
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
