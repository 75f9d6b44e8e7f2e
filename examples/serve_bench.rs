//! How long `signpost serve` takes from saving one listing to its updated page on disk.
//! Generates a synthetic directory, starts the dev server (watcher and incremental
//! rebuilder included), then edits services one at a time and times each until the page
//! file changes; then the same for renames (the service moves in every list).
//!
//!   cargo run --release --example serve_bench -- [services, default 10000] [edits, default 7]

use signpost::serve::{self, Event, Options};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let edits: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(7);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let content = dir.path().join("content");
    signpost::synth::generate(&content, n, 1).expect("generate");
    println!("{n} services generated; building...");

    let (tx, rx) = mpsc::channel::<String>();
    let tx = std::sync::Mutex::new(tx);
    let report = move |ev: &Event| {
        let msg = match ev {
            Event::Built { full, elapsed, .. } => {
                format!("built {full} {}", elapsed.as_secs_f64() * 1000.0)
            }
            Event::Failed { .. } => "failed".into(),
            Event::DataWritten(t) => format!("data {}", t.as_secs_f64() * 1000.0),
            Event::DataFailed(e) => format!("data failed {e}"),
        };
        let _ = tx.lock().map(|t| t.send(msg));
    };
    let start = Instant::now();
    let handle = serve::start(
        Options {
            content: content.clone(),
            output: Some(dir.path().join("site")),
            port: 0,
            netlify_toml: None,
        },
        Box::new(report),
    )
    .expect("the server starts");
    println!(
        "first full build and serving: {:.1} s",
        start.elapsed().as_secs_f64()
    );
    while rx.try_recv().is_ok() {}

    let series = |label: &str, edit: &dyn Fn(&str, usize) -> (String, String)| {
        let mut saves = Vec::new();
        let mut rebuilds = Vec::new();
        let mut data = Vec::new();
        for k in 0..edits {
            let i = (k * 1237 + 17) % n;
            let file = content.join(format!("services/service-{i}.md"));
            let page = handle
                .output
                .join(format!("services/service-{i}/index.html"));
            let text = std::fs::read_to_string(&file).expect("service file");
            let (new_text, marker) = edit(&text, k);
            let t0 = Instant::now();
            std::fs::write(&file, new_text).expect("write");
            loop {
                if std::fs::read_to_string(&page).is_ok_and(|p| p.contains(&marker)) {
                    break;
                }
                assert!(t0.elapsed() < Duration::from_secs(60), "page never updated");
                std::thread::sleep(Duration::from_micros(500));
            }
            saves.push(t0.elapsed().as_secs_f64() * 1000.0);
            // The search index and open data follow; wait for them before the next edit.
            loop {
                let msg = rx.recv_timeout(Duration::from_secs(120)).expect("an event");
                if let Some(ms) = msg.strip_prefix("built false ") {
                    rebuilds.push(ms.parse::<f64>().unwrap_or(0.0));
                } else if let Some(ms) = msg.strip_prefix("data ") {
                    data.push(ms.parse::<f64>().unwrap_or(0.0));
                    break;
                } else {
                    panic!("unexpected: {msg}");
                }
            }
        }
        println!(
            "{label}: save to page on disk, median {:.0} ms (min {:.0}, max {:.0}) over {edits} edits; \
             rebuild alone median {:.0} ms; search index and open data after it, median {:.0} ms",
            median(&mut saves.clone()),
            saves.iter().cloned().fold(f64::MAX, f64::min),
            saves.iter().cloned().fold(0.0, f64::max),
            median(&mut rebuilds),
            median(&mut data),
        );
    };
    series("summary edits", &|text, k| {
        let marker = format!("Edited summary number {k} for the benchmark.");
        let out = text
            .lines()
            .map(|l| {
                if l.starts_with("summary:") {
                    format!("summary: {marker}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        (out + "\n", marker)
    });
    series("renames (the service moves in its lists)", &|text, k| {
        let marker = format!("Aardvark club {k}");
        let out = text
            .lines()
            .map(|l| {
                if l.starts_with("name:") {
                    format!("name: {marker}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        (out + "\n", marker)
    });
    handle.stop();
}
