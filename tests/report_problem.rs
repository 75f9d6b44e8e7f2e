//! "Report a problem with this listing": every service page has the form, filled in with the
//! listing's id, sent the way site.yaml's `report_problems` says (Netlify Forms with a
//! honeypot, or the family's email app addressed to the FIS); `signpost serve` accepts the
//! form as a browser without JavaScript sends it, prints it without raw control characters
//! and shows the thank-you page, and refuses what is not that form.

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};
use scraper::{Html, Selector};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn sample_with(site_yaml_change: Option<(&str, &str)>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    if let Some((from, to)) = site_yaml_change {
        let site = content.join("site.yaml");
        let text = std::fs::read_to_string(&site).unwrap();
        assert!(text.contains(from), "site.yaml has no {from:?}");
        std::fs::write(&site, text.replace(from, to)).unwrap();
    }
    tmp
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(rel)).unwrap())
}

#[test]
fn every_service_page_has_the_netlify_form_with_its_listing_id_and_a_honeypot() {
    let tmp = sample_with(None);
    let out = tmp.path().join("out");
    build_ok(&tmp.path().join("content"), &out);
    let services: Vec<String> = std::fs::read_dir(tmp.path().join("content/services"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(services.len() > 100);
    for id in &services {
        let doc = page(&out, &format!("services/{id}/index.html"));
        let form = doc
            .select(&sel("form[name=report-problem]"))
            .next()
            .unwrap_or_else(|| panic!("services/{id}/ has no report form"));
        let f = form.value();
        assert_eq!(f.attr("data-netlify"), Some("true"), "{id}");
        assert_eq!(f.attr("data-netlify-honeypot"), Some("bot-field"), "{id}");
        assert_eq!(f.attr("action"), Some("/report-a-problem/thanks/"), "{id}");
        let value = |name: &str| {
            form.select(&sel(&format!("input[name={name}]")))
                .next()
                .and_then(|i| i.value().attr("value").map(str::to_string))
        };
        assert_eq!(value("listing").as_deref(), Some(id.as_str()));
        assert_eq!(value("form-name").as_deref(), Some("report-problem"));
        // The honeypot is in a hidden paragraph: never seen or read out.
        let trap = form.select(&sel("p[hidden] input[name=bot-field]")).count();
        assert_eq!(trap, 1, "{id}");
        let problems: Vec<&str> = form
            .select(&sel("input[type=radio][name=problem]"))
            .filter_map(|i| i.value().attr("value"))
            .collect();
        assert_eq!(
            problems,
            [
                "closed",
                "wrong-phone-or-address",
                "wrong-times",
                "something-else"
            ]
        );
        let text: String = form.text().collect();
        assert!(text.contains("Only the team sees it"), "{text}");
    }
    let thanks = page(&out, "report-a-problem/thanks/index.html");
    let h1: String = thanks.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1, "Thank you for your report");
}

#[test]
fn by_email_the_form_opens_a_message_to_the_fis_and_off_means_no_form() {
    let tmp = sample_with(Some(("report_problems: netlify", "report_problems: email")));
    let out = tmp.path().join("out");
    build_ok(&tmp.path().join("content"), &out);
    let doc = page(&out, "services/brookside-baby-bank/index.html");
    let form = doc
        .select(&sel("form[name=report-problem]"))
        .next()
        .unwrap();
    assert_eq!(
        form.value().attr("action"),
        Some("mailto:fis@marlbrook.example?subject=Problem%20with%20a%20listing")
    );
    assert_eq!(form.value().attr("enctype"), Some("text/plain"));
    assert_eq!(form.value().attr("data-netlify"), None);
    assert_eq!(form.select(&sel("input[name=bot-field]")).count(), 0);
    assert!(!out.join("report-a-problem").exists());

    let tmp = sample_with(Some(("report_problems: netlify", "report_problems: off")));
    let out = tmp.path().join("out");
    build_ok(&tmp.path().join("content"), &out);
    let doc = page(&out, "services/brookside-baby-bank/index.html");
    assert_eq!(doc.select(&sel("form[name=report-problem]")).count(), 0);
}

/// `signpost serve` on a copy of the sample, its printed lines arriving on a channel.
struct Served {
    child: Child,
    url: String,
    lines: mpsc::Receiver<String>,
    _dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Served {
    let dir = sample_with(None);
    let mut child = bin()
        .args(["serve", "--port", "0", "--content"])
        .arg(dir.path().join("content"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let url = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(120))
            .expect("signpost serve says where it serves");
        if let Some(rest) = line.strip_prefix("Serving at ") {
            break rest
                .split(' ')
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };
    Served {
        child,
        url,
        lines,
        _dir: dir,
    }
}

/// Sends raw bytes and returns the status, headers and body of the answer.
fn exchange(url: &str, request: &[u8]) -> (u16, String, String) {
    let addr = url.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(request);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn get(url: &str, path: &str) -> (u16, String, String) {
    let host = url.trim_start_matches("http://");
    exchange(
        url,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn post(url: &str, path: &str, content_type: &str, body: &[u8]) -> (u16, String, String) {
    let host = url.trim_start_matches("http://");
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    exchange(url, &req)
}

/// The form's fields as a browser without JavaScript sends them: every named input with its
/// value (hidden ones as they are), the chosen radio button, the text box and the email.
fn fill_in(form: scraper::ElementRef, problem: &str, details: &str, email: &str) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for input in form.select(&sel("input[name], textarea[name]")) {
        let v = input.value();
        let name = v.attr("name").unwrap().to_string();
        let value = match (v.name(), v.attr("type")) {
            ("textarea", _) => details.to_string(),
            (_, Some("radio")) if v.attr("value") == Some(problem) => problem.to_string(),
            (_, Some("radio")) => continue,
            (_, Some("email")) => email.to_string(),
            _ => v.attr("value").unwrap_or("").to_string(),
        };
        pairs.push((name, value));
    }
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Every line printed within a few seconds of the report, joined.
fn printed(served: &Served) -> String {
    let mut out = Vec::new();
    while let Ok(line) = served.lines.recv_timeout(Duration::from_secs(3)) {
        out.push(line);
    }
    out.join("\n")
}

#[test]
fn signpost_serve_takes_the_form_as_sent_without_javascript_and_prints_it() {
    let served = serve();
    let (status, _, html) = get(&served.url, "/services/brookside-baby-bank/");
    assert_eq!(status, 200);
    let doc = Html::parse_document(&html);
    let form = doc
        .select(&sel("form[name=report-problem]"))
        .next()
        .unwrap();
    let action = form.value().attr("action").unwrap();
    // A value with a terminal control sequence (clear the screen) and a line break.
    let body = fill_in(
        form,
        "wrong-times",
        "It now runs on Thursdays.\u{1b}[2J\nSecond line",
        "parent@example.org",
    );
    let (status, head, _) = post(
        &served.url,
        action,
        "application/x-www-form-urlencoded",
        body.as_bytes(),
    );
    assert_eq!(status, 303, "{head}");
    assert!(
        head.contains("Location: /report-a-problem/thanks/"),
        "{head}"
    );
    let (status, _, thanks) = get(&served.url, "/report-a-problem/thanks/");
    assert_eq!(status, 200);
    assert!(thanks.contains("Thank you for your report"));

    let out = printed(&served);
    assert!(
        out.contains("A report of a problem with a listing"),
        "{out}"
    );
    assert!(out.contains("listing: brookside-baby-bank"), "{out}");
    assert!(out.contains("listing_name: Brookside Baby Bank"), "{out}");
    assert!(out.contains("problem: wrong-times"), "{out}");
    assert!(out.contains("email: parent@example.org"), "{out}");
    assert!(out.contains("It now runs on Thursdays."), "{out}");
    assert!(
        !out.contains('\u{1b}'),
        "a raw escape character was printed: {out:?}"
    );
    assert!(!out.contains("bot-field"), "{out}");
}

#[test]
fn signpost_serve_refuses_what_is_not_the_report_form() {
    let served = serve();
    let url = &served.url;
    let form = "application/x-www-form-urlencoded";
    let thanks = "/report-a-problem/thanks/";
    // Another form name, or none: as on Netlify, only a form the site has.
    assert_eq!(post(url, thanks, form, b"form-name=login&user=x").0, 404);
    assert_eq!(post(url, thanks, form, b"listing=x").0, 404);
    // Not a web form.
    assert_eq!(
        post(
            url,
            thanks,
            "application/json",
            b"{\"form-name\":\"report-problem\"}"
        )
        .0,
        415
    );
    // Too large: refused before it is read.
    let big = format!("form-name=report-problem&details={}", "a".repeat(64 * 1024));
    assert_eq!(post(url, thanks, form, big.as_bytes()).0, 413);
    // No length.
    let host = url.trim_start_matches("http://");
    let no_length = format!(
        "POST {thanks} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {form}\r\nConnection: close\r\n\r\nform-name=report-problem"
    );
    assert_eq!(exchange(url, no_length.as_bytes()).0, 411);
    // A robot that fills in the honeypot is thanked and not printed.
    let spam = "form-name=report-problem&bot-field=buy-now&listing=spam-listing-xyz";
    assert_eq!(post(url, thanks, form, spam.as_bytes()).0, 303);
    let out = printed(&served);
    assert!(!out.contains("spam-listing-xyz"), "{out}");
    assert!(!out.contains("A report of a problem"), "{out}");
    // Another host's page cannot post to it (DNS rebinding), as for any request.
    let body = b"form-name=report-problem&listing=x";
    let req = format!(
        "POST {thanks} HTTP/1.1\r\nHost: evil.example:80\r\nContent-Type: {form}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut req = req.into_bytes();
    req.extend_from_slice(body);
    assert_eq!(exchange(url, &req).0, 403);
}

// --- childcare: providers' pages have the same form, naming the provider

/// Each childcare provider of the sample: (id, name), read from the content.
fn providers(content: &Path) -> Vec<(String, String)> {
    std::fs::read_dir(content.join("childcare"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = text
                .lines()
                .find_map(|l| l.strip_prefix("name: "))
                .unwrap()
                .trim_matches('"')
                .to_string();
            (
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                name,
            )
        })
        .collect()
}

#[test]
fn every_childcare_provider_page_has_the_form_naming_the_provider() {
    let tmp = sample_with(None);
    let out = tmp.path().join("out");
    build_ok(&tmp.path().join("content"), &out);
    let ps = providers(&tmp.path().join("content"));
    assert!(ps.len() >= 50);
    for (id, name) in &ps {
        let doc = page(&out, &format!("childcare/providers/{id}/index.html"));
        let form = doc
            .select(&sel("details.report form[name=report-problem]"))
            .next()
            .unwrap_or_else(|| panic!("childcare/providers/{id}/ has no report form"));
        assert_eq!(form.value().attr("data-netlify"), Some("true"), "{id}");
        let value = |field: &str| {
            form.select(&sel(&format!("input[name={field}]")))
                .next()
                .and_then(|i| i.value().attr("value").map(str::to_string))
        };
        assert_eq!(
            value("listing").as_deref(),
            Some(format!("childcare/{id}").as_str())
        );
        assert_eq!(value("listing_name").as_deref(), Some(name.as_str()));
        assert_eq!(
            form.select(&sel("p[hidden] input[name=bot-field]")).count(),
            1
        );
    }
    // Off means no form here either.
    let tmp = sample_with(Some(("report_problems: netlify", "report_problems: off")));
    let out = tmp.path().join("out");
    build_ok(&tmp.path().join("content"), &out);
    let (id, _) = &ps[0];
    let doc = page(&out, &format!("childcare/providers/{id}/index.html"));
    assert_eq!(doc.select(&sel("form[name=report-problem]")).count(), 0);
}

#[test]
fn signpost_serve_takes_a_report_about_a_childcare_provider() {
    let served = serve();
    let (id, name) = providers(&repo().join("content"))
        .into_iter()
        .find(|(id, _)| id.contains("childminding"))
        .unwrap();
    let (status, _, html) = get(&served.url, &format!("/childcare/providers/{id}/"));
    assert_eq!(status, 200);
    let doc = Html::parse_document(&html);
    let form = doc
        .select(&sel("form[name=report-problem]"))
        .next()
        .unwrap();
    let body = fill_in(
        form,
        "closed",
        "She retired last month.",
        "parent@example.org",
    );
    let action = form.value().attr("action").unwrap();
    let (status, head, _) = post(
        &served.url,
        action,
        "application/x-www-form-urlencoded",
        body.as_bytes(),
    );
    assert_eq!(status, 303, "{head}");
    let out = printed(&served);
    assert!(out.contains(&format!("listing: childcare/{id}")), "{out}");
    assert!(out.contains(&format!("listing_name: {name}")), "{out}");
    assert!(out.contains("problem: closed"), "{out}");
    assert!(out.contains("She retired last month."), "{out}");
}
