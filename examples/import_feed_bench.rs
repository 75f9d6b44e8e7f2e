//! How long `signpost import oruk URL` takes on a large live feed: serves a synthetic feed
//! on 127.0.0.1 (fictional organisations, example.org addresses, Ofcom drama numbers) in
//! Outpost's shape (Spring-style pages: `content`, `totalElements`, `totalPages`, `number`
//! from 1, `first`, `last`; `per_page`), whose list items are minimal (id, name, updated),
//! so every service's full record is fetched from `/api/v1/services/{id}`; then downloads
//! and imports it, printing the time of each step.
//!
//!   cargo run --release --example import_feed_bench -- [services, default 5000]
//!       [--shape outpost|oruk] [--page-size N] [--serve]
//!
//! `--shape oruk` serves ORUK 3.0 pages (`contents`) and records instead. `--serve` only
//! serves the feed and prints the command to import it, to watch the progress bars:
//!
//!   signpost import oruk http://127.0.0.1:PORT/api/v1/services --into /tmp/x/content

use serde_json::{Value, json};
use std::io::Write;
use std::time::Instant;
use tiny_http::Server;

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Outpost,
    Oruk,
}

fn oruk_id(n: usize) -> String {
    format!("6b1d2c3e-4f50-4a61-8b72-{n:012}")
}

fn organisation(n: usize) -> usize {
    n % 400 + 1
}

const TOWNS: [&str; 6] = [
    "Marlbrook",
    "Eastfield",
    "Kingsmere",
    "Ashby Vale",
    "Northcote",
    "Hollins Green",
];
const KINDS: [&str; 8] = [
    "Stay and Play",
    "Baby Massage",
    "Parent Support Group",
    "Holiday Club",
    "Speech and Language Drop-in",
    "Money Advice Clinic",
    "Youth Club",
    "SEND Coffee Morning",
];

fn name(n: usize) -> String {
    format!(
        "{} {} ({n})",
        TOWNS[n % TOWNS.len()],
        KINDS[(n / TOWNS.len()) % KINDS.len()]
    )
}

fn outpost_record(n: usize) -> Value {
    let o = organisation(n);
    json!({
        "id": n,
        "name": name(n),
        "description": format!("<p>A friendly session run by volunteers.</p><p>Number {n}: come along&nbsp;any week.</p>"),
        "status": "active",
        "url": format!("https://group{o}.example.org/"),
        "email": format!("hello{o}@example.org"),
        "min_age": 0,
        "max_age": 5 + n % 12,
        "updated_at": "2026-10-01T09:00:00Z",
        "organisation": {"id": o, "name": format!("{} Families Trust {o}", TOWNS[o % TOWNS.len()])},
        "taxonomies": [
            {"id": 10 + n % 7, "name": KINDS[(n / TOWNS.len()) % KINDS.len()], "slug": "activity"}
        ],
        "send_needs": [{"id": 1, "name": "Autism", "slug": "autism"}],
        "suitabilities": [{"id": 2, "name": "Families", "slug": "families"}],
        "accessibilities": [{"id": 3, "name": "Step-free access", "slug": "step-free"}],
        "regular_schedules": [{"weekday": 1 + n % 5, "opens_at": "09:30", "closes_at": "11:30"}],
        "contacts": [{
            "name": "Bookings",
            "phone": format!("01632 960{:03}", n % 1000),
            "email": format!("bookings{o}@example.org")
        }],
        "links": [{"label": "Facebook", "url": format!("https://social.example.org/group{o}")}],
        "locations": [{
            "id": 5000 + n % 300,
            "name": format!("{} Community Centre", TOWNS[n % TOWNS.len()]),
            "address_1": format!("{} High Street", 1 + n % 90),
            "city": TOWNS[n % TOWNS.len()],
            "postal_code": "ZZ1 1AA",
            "latitude": 52.0 + (n % 100) as f64 / 1000.0,
            "longitude": -1.0 - (n % 100) as f64 / 1000.0
        }]
    })
}

fn oruk_record(n: usize) -> Value {
    let o = organisation(n);
    json!({
        "id": oruk_id(n),
        "name": name(n),
        "description": format!("A friendly session run by volunteers. Number {n}: come along any week."),
        "status": "active",
        "url": format!("https://group{o}.example.org/"),
        "email": format!("hello{o}@example.org"),
        "minimum_age": 0,
        "maximum_age": 5 + n % 12,
        "organization": {
            "id": format!("0a1b2c3d-0000-4000-8000-{o:012}"),
            "name": format!("{} Families Trust {o}", TOWNS[o % TOWNS.len()])
        }
    })
}

fn minimal(shape: Shape, n: usize) -> Value {
    match shape {
        Shape::Outpost => json!({"id": n, "name": name(n), "updated_at": "2026-10-01T09:00:00Z"}),
        Shape::Oruk => json!({"id": oruk_id(n), "name": name(n)}),
    }
}

fn page(shape: Shape, total: usize, page: usize, per: usize) -> Value {
    let pages = total.div_ceil(per);
    // Both count pages from 1 (Outpost's Spring-style pages too).
    let first = 1;
    let items: Vec<Value> = (1..=total)
        .skip(page.saturating_sub(first) * per)
        .take(per)
        .map(|n| minimal(shape, n))
        .collect();
    match shape {
        Shape::Outpost => json!({
            "content": items, "totalElements": total, "totalPages": pages, "number": page,
            "size": per, "first": page == first, "last": page >= pages
        }),
        Shape::Oruk => json!({
            "contents": items, "total_items": total, "total_pages": pages, "page_number": page,
            "size": per, "first_page": page == first, "last_page": page >= pages
        }),
    }
}

fn answer(shape: Shape, total: usize, url: &str) -> (u16, String) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let q = |k: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(k)?.strip_prefix('='))
            .and_then(|v| v.parse::<usize>().ok())
    };
    if path == "/api/v1/services" {
        let per = q("per_page").unwrap_or(20).clamp(1, 500);
        let p = q("page").unwrap_or(1);
        return (200, page(shape, total, p, per).to_string());
    }
    if let Some(id) = path.strip_prefix("/api/v1/services/") {
        let n = match shape {
            Shape::Outpost => id.parse::<usize>().ok(),
            Shape::Oruk => id
                .rsplit('-')
                .next()
                .and_then(|t| t.parse().ok())
                .filter(|n| oruk_id(*n) == id),
        };
        if let Some(n) = n.filter(|n| (1..=total).contains(n)) {
            let rec = match shape {
                Shape::Outpost => outpost_record(n),
                Shape::Oruk => oruk_record(n),
            };
            return (200, rec.to_string());
        }
    }
    (404, "{\"error\": \"not found\"}".into())
}

fn serve(shape: Shape, total: usize) -> (std::sync::Arc<Server>, String) {
    let server = std::sync::Arc::new(Server::http("127.0.0.1:0").expect("a port"));
    let port = server.server_addr().to_ip().expect("an address").port();
    for _ in 0..4 {
        let server = server.clone();
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                let (status, body) = answer(shape, total, req.url());
                // The whole answer in one write: tiny_http writes the head and the body
                // separately, and on a kept-alive connection the second write waits for
                // the client's delayed acknowledgement (Nagle), 40 ms a request, which
                // web servers that set TCP_NODELAY never show.
                let head = format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    if status == 200 { "OK" } else { "Not Found" },
                    body.len()
                );
                let mut w = req.into_writer();
                let _ = w.write_all(&[head.as_bytes(), body.as_bytes()].concat());
                let _ = w.flush();
            }
        });
    }
    (server, format!("http://127.0.0.1:{port}/api/v1/services"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let total: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5000);
    let after = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let shape = match after("--shape").as_deref() {
        Some("oruk") => Shape::Oruk,
        _ => Shape::Outpost,
    };
    let page_size: u32 = after("--page-size")
        .and_then(|p| p.parse().ok())
        .unwrap_or(100);
    let (_server, url) = serve(shape, total);
    if args.iter().any(|a| a == "--serve") {
        println!("Serving {total} services at {url} (Ctrl+C to stop). Import them with:");
        println!("  signpost import oruk {url} --into /tmp/import-bench/content");
        loop {
            std::thread::park();
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let content = dir.path().join("content");
    let mut opts = signpost::import::fetch::Options::new(&url, dir.path().join("download"));
    opts.page_size = page_size;
    opts.progress = true;
    let start = Instant::now();
    let d = match signpost::import::fetch::download(&opts) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("download failed: {e}");
            std::process::exit(1);
        }
    };
    let downloaded = start.elapsed();
    println!(
        "Downloaded {} services in {} pages and {} full records in {:.2} s.",
        d.listed,
        d.pages,
        d.records_fetched,
        downloaded.as_secs_f64()
    );
    let today = jiff::civil::date(2026, 11, 24);
    let import = signpost::import::Options {
        inputs: vec![d.folder.clone()],
        into: content,
        force: false,
        mapping: None,
        today,
        all_or_nothing: false,
        sync: false,
    };
    let at = Instant::now();
    let result = signpost::import::oruk(&import);
    let imported = at.elapsed();
    match result {
        Ok(out) => println!(
            "Imported {} services, {} organisations and {} venues in {:.2} s{}.",
            out.services,
            out.organisations,
            out.venues,
            imported.as_secs_f64(),
            if out.partial() {
                " (some records left out: see the report)"
            } else {
                ""
            }
        ),
        Err(e) => {
            let text = e.to_string();
            let first: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
            println!(
                "The import refused the downloaded records after {:.2} s ({} lines of problems; the first):\n{first}",
                imported.as_secs_f64(),
                text.lines().count()
            );
        }
    }
    println!(
        "Total: {:.2} s (limit 60 s).",
        (downloaded + imported).as_secs_f64()
    );
}
