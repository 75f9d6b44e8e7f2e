//! `signpost serve`: the dev server sends netlify.toml's headers, an edited listing reaches
//! its page (the same page a full build makes), and content errors show over the last good
//! site until they are fixed. Each test serves its own copy of the sample borough.

use signpost::serve::{self, Event, Handle, Options};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the sample content, served, with the site written inside the temp folder.
fn serve_copy() -> (tempfile::TempDir, Handle, mpsc::Receiver<&'static str>) {
    serve_copy_with("")
}

/// Copies the sample content to `content`.
fn copy_sample(content: &std::path::Path) {
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo().join("content")).unwrap();
        let to = content.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// [`serve_copy`] with `site_yaml` added to the copy's site.yaml.
fn serve_copy_with(site_yaml: &str) -> (tempfile::TempDir, Handle, mpsc::Receiver<&'static str>) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_sample(&content);
    let site = content.join("site.yaml");
    std::fs::write(&site, read(&site) + site_yaml).unwrap();
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let handle = serve::start(
        Options {
            content,
            output: Some(dir.path().join("site")),
            port: 0,
            netlify_toml: Some(repo().join("netlify.toml")),
        },
        Box::new(move |ev| {
            let _ = tx.lock().unwrap().send(match ev {
                Event::Built { .. } => "built",
                Event::Failed { .. } => "failed",
                Event::DataWritten(_) | Event::DataFailed(_) => "data",
            });
        }),
    )
    .expect("the server starts");
    assert_eq!(rx.recv().unwrap(), "built", "the first build failed");
    (dir, handle, rx)
}

/// Waits for the next rebuild to finish (its last page written).
fn next_build(rx: &mpsc::Receiver<&'static str>) -> &'static str {
    loop {
        match rx.recv_timeout(Duration::from_secs(30)).expect("a rebuild") {
            "data" => continue,
            other => return other,
        }
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A plain HTTP/1.0 GET: enough for a local server, with no client library to build.
fn get(base: &str, path: &str) -> Reply {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

/// Waits (up to 20 s, for slow shared machines) until `f` holds.
fn wait_for(what: &str, f: impl Fn() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

/// netlify.toml's values for every page, read here independently of the server.
fn netlify_page_headers() -> toml::Table {
    let text = read(&repo().join("netlify.toml"));
    let file: toml::Table = toml::from_str(&text).unwrap();
    let blocks = file["headers"].as_array().unwrap();
    blocks
        .iter()
        .find(|b| b["for"].as_str() == Some("/*"))
        .unwrap()["values"]
        .as_table()
        .unwrap()
        .clone()
}

#[test]
fn responses_carry_netlify_headers_and_the_reload_script() {
    let (_dir, h, _events) = serve_copy();
    let page = get(&h.url, "/needs/");
    assert_eq!(page.status, 200);
    for (name, value) in netlify_page_headers() {
        assert_eq!(
            page.header(&name),
            value.as_str(),
            "{name} on /needs/ differs from netlify.toml"
        );
    }
    assert_eq!(
        page.header("cache-control"),
        Some("public, max-age=0, must-revalidate")
    );
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    // The live-reload script is a file from the server; no inline script is added, so the
    // CSP still holds. (Script elements are either src= or data: JSON-LD, or the JSON
    // blocks the scripts read, such as the wording in signpost-data.)
    let doc = scraper::Html::parse_document(&page.body);
    let scripts = scraper::Selector::parse("script").unwrap();
    let srcs: Vec<&str> = doc
        .select(&scripts)
        .filter_map(|s| s.value().attr("src"))
        .collect();
    assert!(srcs.contains(&"/__signpost/reload.js"), "{srcs:?}");
    for s in doc.select(&scripts) {
        assert!(
            s.value().attr("src").is_some()
                || matches!(
                    s.value().attr("type"),
                    Some("application/ld+json" | "application/json")
                ),
            "inline script on the page: {}",
            s.html()
        );
    }
    // The file on disk is the site as built, without the dev script.
    assert!(!read(&h.output.join("needs/index.html")).contains("__signpost"));

    let js = get(&h.url, "/__signpost/reload.js");
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(js.body.contains("EventSource('/__signpost/events')"));
    assert!(js.header("content-security-policy").is_some());

    // Fingerprinted assets are cached for a year, as on Netlify.
    let css = doc
        .select(&scraper::Selector::parse("link[rel=stylesheet]").unwrap())
        .next()
        .and_then(|l| l.value().attr("href"))
        .unwrap()
        .to_string();
    let asset = get(&h.url, &css);
    assert_eq!(asset.status, 200);
    assert!(asset.header("cache-control").unwrap().contains("immutable"));
    assert!(
        asset
            .header("content-type")
            .unwrap()
            .starts_with("text/css")
    );

    // Unknown addresses: the site's own 404 page with a 404 status.
    let missing = get(&h.url, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    assert!(missing.header("content-security-policy").is_some());
    // A folder without its slash is redirected; paths cannot climb out of the site.
    let bare = get(&h.url, "/needs");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("location"), Some("/needs/"));
    assert_eq!(get(&h.url, "/..%2f..%2fCargo.toml").status, 404);
    h.stop();
}

#[test]
fn an_edited_listing_updates_its_pages_as_a_full_build_would() {
    let (dir, h, events) = serve_copy();
    let file = dir
        .path()
        .join("content/services/ashby-green-baby-massage.md");
    let page = h
        .output
        .join("services/ashby-green-baby-massage/index.html");
    assert!(read(&page).contains("Baby Massage at Ashby Green Family Hub"));
    // A new name (it moves in the A to Z) and one need fewer: lists change shape.
    let text = read(&file)
        .replace(
            "name: Baby Massage at Ashby Green Family Hub",
            "name: Zebra Baby Massage at Ashby Green",
        )
        .replace(
            "needs: [baby-and-toddler-groups, infant-crying-and-sleep]",
            "needs: [baby-and-toddler-groups]",
        );
    std::fs::write(&file, text).unwrap();
    wait_for("the service page shows the new name", || {
        read(&page).contains("Zebra Baby Massage at Ashby Green")
    });
    // The lists that show it are written right after its own page.
    assert_eq!(next_build(&events), "built");
    let need = h.output.join("needs/infant-crying-and-sleep/index.html");
    assert!(!read(&need).contains("ashby-green-baby-massage"));
    assert!(
        read(&h.output.join("needs/baby-and-toddler-groups/index.html"))
            .contains("Zebra Baby Massage")
    );

    // Every page matches what `signpost build` makes from the edited content.
    let fresh = dir.path().join("fresh");
    let source = signpost::content::load::Source::Dir(dir.path().join("content"));
    let today = signpost::today().unwrap();
    let checked = signpost::check_content(&source, today).unwrap();
    assert!(signpost::build(checked, &source, &fresh, today, false).is_ok());
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&fresh) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let rel = entry.path().strip_prefix(&fresh).unwrap();
            assert!(
                read(entry.path()) == read(&h.output.join(rel)),
                "{} differs from a full build",
                rel.display()
            );
            compared += 1;
        }
    }
    assert!(compared > 300, "only {compared} pages compared");
    // Nothing is left over that a full build would not make (old pages of a list).
    for entry in walkdir::WalkDir::new(&h.output) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let rel = entry.path().strip_prefix(&h.output).unwrap();
            assert!(fresh.join(rel).is_file(), "{} is left over", rel.display());
        }
    }
    h.stop();
}

#[test]
fn a_content_error_shows_over_the_last_good_page_until_fixed() {
    let (dir, h, events) = serve_copy();
    let file = dir
        .path()
        .join("content/services/ashby-green-baby-massage.md");
    let page = h
        .output
        .join("services/ashby-green-baby-massage/index.html");
    let good = read(&file);
    assert_eq!(get(&h.url, "/__signpost/errors").status, 204);

    std::fs::write(
        &file,
        good.replace(
            "name: Baby Massage at Ashby Green Family Hub",
            "name: Broken Baby Massage",
        )
        .replace(
            "organisation: marlbrook-family-hubs",
            "organisation: marlbrok-family-hubs",
        ),
    )
    .unwrap();
    assert_eq!(next_build(&events), "failed");
    assert!(h.overlay().is_some());
    let errors = get(&h.url, "/__signpost/errors");
    assert_eq!(errors.status, 200);
    // The same diagnostic as `signpost check`: file, line, what is wrong, a suggestion.
    assert!(
        errors
            .body
            .contains("services/ashby-green-baby-massage.md:3:15")
    );
    assert!(
        errors
            .body
            .contains("there is no organisation called `marlbrok-family-hubs`")
    );
    assert!(errors.body.contains("marlbrook-family-hubs"));
    assert!(errors.body.contains("role=\"alert\""));
    // The last good page stays, on disk and served, with the overlay over it.
    assert!(read(&page).contains("Baby Massage at Ashby Green Family Hub"));
    let served = get(&h.url, "/services/ashby-green-baby-massage/");
    assert_eq!(served.status, 200);
    assert!(
        served
            .body
            .contains("Baby Massage at Ashby Green Family Hub")
    );
    assert!(served.body.contains("class=\"signpost-errors\""));
    assert!(served.body.contains("/__signpost/overlay.css"));
    assert!(
        !served.body.contains("style="),
        "inline style in the overlay"
    );
    let css = get(&h.url, "/__signpost/overlay.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));

    // Fixing the file clears the overlay and the fix reaches the page.
    std::fs::write(
        &file,
        good.replace(
            "name: Baby Massage at Ashby Green Family Hub",
            "name: Fixed Baby Massage",
        ),
    )
    .unwrap();
    assert_eq!(next_build(&events), "built");
    assert!(h.overlay().is_none());
    assert!(read(&page).contains("Fixed Baby Massage"));
    assert_eq!(get(&h.url, "/__signpost/errors").status, 204);
    assert!(
        !get(&h.url, "/services/ashby-green-baby-massage/")
            .body
            .contains("signpost-errors")
    );
    h.stop();
}

#[test]
fn a_site_with_a_base_path_is_served_under_it() {
    let (_dir, h, _events) = serve_copy_with("base_path: /families/\n");
    assert_eq!(h.site_url(), format!("{}/families/", h.url));
    let page = get(&h.url, "/families/needs/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("href=\"/families/hubs/\""));
    let css = page
        .body
        .split('"')
        .find(|word| word.starts_with("/families/assets/site."))
        .expect("the stylesheet is under the sub-path")
        .to_string();
    assert_eq!(get(&h.url, &css).status, 200);
    let root = get(&h.url, "/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/families/"));
    assert_eq!(get(&h.url, "/needs/").status, 404);
    h.stop();
}

// ---------------------------------------------------------------------------------------
// Holding its ground: any page the browser has open can send requests to the server.

/// Sends `request` as it is and reads the answer (the server closes the connection).
fn raw(base: &str, request: &[u8]) -> Reply {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // A refused head may close the connection before all of it is sent.
    let _ = s.write_all(request);
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect(),
        body: body.to_string(),
    }
}

fn port_of(base: &str) -> &str {
    base.rsplit(':').next().unwrap()
}

#[test]
fn a_folder_asked_for_with_two_slashes_redirects_within_the_site() {
    let (_dir, h, _events) = serve_copy();
    // `//services/` in a Location is the host `services`: the browser would leave.
    for (path, to) in [
        ("//services", "/services/"),
        ("///needs", "/needs/"),
        ("/services", "/services/"),
    ] {
        let r = get(&h.url, path);
        assert_eq!(r.status, 301, "{path}");
        assert_eq!(r.header("location"), Some(to), "{path}");
    }
    h.stop();
}

#[test]
fn only_requests_addressed_to_this_computer_are_answered() {
    let (dir, h, events) = serve_copy();
    // Errors in the content: the overlay is what a rebinding page would want to read.
    let svc = dir.path().join("content/services/baby-massage.md");
    std::fs::write(&svc, read(&svc).replacen("level:", "level: 9\nlevell:", 1)).unwrap();
    assert_eq!(next_build(&events), "failed");
    let port = port_of(&h.url).to_string();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let r = raw(
            &h.url,
            format!("GET /__signpost/errors HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        );
        assert_eq!(r.status, 200, "{host}");
        assert!(r.body.contains("signpost-errors"), "{host}");
    }
    // A page on evil.example whose name now points at 127.0.0.1 sends its own name; a
    // request with no Host, or the right name on another port, is refused too.
    for head in [
        format!("Host: evil.example:{port}\r\n"),
        "Host: evil.example\r\n".to_string(),
        "Host: 127.0.0.1\r\n".to_string(),
        "Host: 127.0.0.1:1\r\n".to_string(),
        format!("Host: 127.0.0.1.evil.example:{port}\r\n"),
        String::new(),
    ] {
        for path in ["/__signpost/errors", "/", "/services/baby-massage/"] {
            let r = raw(
                &h.url,
                format!("GET {path} HTTP/1.1\r\n{head}\r\n").as_bytes(),
            );
            assert_eq!(r.status, 403, "{head} {path}");
            assert!(!r.body.contains("signpost-errors") && !r.body.contains("<html"));
            assert!(r.body.contains("only answers addresses on this computer"));
        }
    }
    h.stop();
}

#[test]
fn oversized_request_heads_are_refused() {
    let (_dir, h, _events) = serve_copy();
    let host = h.url.trim_start_matches("http://").to_string();
    // One 64 KB header line.
    let long = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let r = raw(&h.url, long.as_bytes());
    assert_eq!(r.status, 431, "{}", r.body);
    assert!(r.body.contains("headers are too large"));
    // A header line that never ends (8 MB of it): refused without reading it all.
    let mut endless = format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: ").into_bytes();
    endless.extend(std::iter::repeat_n(b'a', 8 * 1024 * 1024));
    assert_eq!(raw(&h.url, &endless).status, 431);
    // 200 small headers.
    let mut many = format!("GET / HTTP/1.1\r\nHost: {host}\r\n");
    for i in 0..200 {
        many.push_str(&format!("X-{i}: 1\r\n"));
    }
    many.push_str("\r\n");
    assert_eq!(raw(&h.url, many.as_bytes()).status, 431);
    // The server still answers.
    assert_eq!(get(&h.url, "/needs/").status, 200);
    h.stop();
}

#[test]
fn event_streams_and_waiting_connections_are_limited() {
    let (_dir, h, _events) = serve_copy();
    let host = h.url.trim_start_matches("http://").to_string();
    let open_stream = || {
        let mut s = TcpStream::connect(&host).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET /__signpost/events HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
        let mut first = [0u8; 12];
        s.read_exact(&mut first).unwrap();
        (s, String::from_utf8_lossy(&first).into_owned())
    };
    let mut streams = Vec::new();
    for i in 0..serve::http::MAX_STREAMS {
        let (s, status) = open_stream();
        assert_eq!(status, "HTTP/1.1 200", "stream {i}");
        streams.push(s);
    }
    let (_, status) = open_stream();
    assert_eq!(status, "HTTP/1.1 503", "one stream too many");
    // A closed tab gives its place back within a few seconds.
    streams.pop();
    wait_for("a closed stream's place is free", || {
        open_stream().1 == "HTTP/1.1 200"
    });
    drop(streams);

    // Connections that send nothing each hold a thread; past the limit the server says
    // it is busy rather than start a thread for each.
    let idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&host).unwrap())
        .collect();
    let busy = raw(
        &h.url,
        format!("GET /needs/ HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
    );
    assert_eq!(busy.status, 503);
    assert_eq!(busy.header("retry-after"), Some("1"));
    drop(idle);
    wait_for("the server answers again", || {
        get(&h.url, "/needs/").status == 200
    });
    h.stop();
}

#[cfg(unix)]
#[test]
fn links_in_the_output_folder_are_not_followed() {
    let (dir, h, _events) = serve_copy();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "the deploy token").unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("index.html"), "<p>not the site</p>").unwrap();
    std::os::unix::fs::symlink(&secret, h.output.join("secret.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, h.output.join("outside")).unwrap();
    std::os::unix::fs::symlink(&secret, h.output.join("needs/secret.txt")).unwrap();
    for path in [
        "/secret.txt",
        "/outside/",
        "/outside/index.html",
        "/needs/secret.txt",
    ] {
        let r = get(&h.url, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("deploy token") && !r.body.contains("not the site"));
    }
    // The site itself is still served.
    assert_eq!(get(&h.url, "/needs/").status, 200);
    h.stop();
}

#[test]
fn the_output_folder_serve_picks_is_new_and_private_each_run() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_sample(&content);
    let start = || {
        serve::start(
            Options {
                content: content.clone(),
                output: None,
                port: 0,
                netlify_toml: None,
            },
            Box::new(|_| {}),
        )
        .unwrap()
    };
    let a = start();
    let b = start();
    assert_ne!(a.output, b.output, "the same folder twice");
    for h in [&a, &b] {
        let parent = h.output.parent().unwrap();
        let name = parent.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("signpost-serve-"), "{name}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(parent).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{} is open to others", parent.display());
        }
    }
    let (pa, pb) = (
        a.output.parent().unwrap().to_path_buf(),
        b.output.parent().unwrap().to_path_buf(),
    );
    a.stop();
    b.stop();
    assert!(!pa.exists() && !pb.exists(), "left behind");
}
