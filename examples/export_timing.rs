//! Times the open data export on its own, phase by phase, for a content folder:
//! `cargo run --release --example export_timing -- <content folder> [output folder]`.
//! The full build's time is printed by `signpost build`; this shows the export's share,
//! and how many files and bytes each part of /api/ has. With an output folder it also
//! writes the export (with the CSV and sitemap) there, as a build does.

use signpost::export::oruk::ExportError;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// CPU time this process has used so far (user and system, every thread), from
/// /proc/self/stat: on a shared machine it varies far less than the wall clock.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second).
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Wall clock and CPU time since the given start.
fn since(t: Instant, c: Duration) -> String {
    format!(
        "{:.2} s wall, {:.2} s CPU",
        t.elapsed().as_secs_f64(),
        (cpu() - c).as_secs_f64()
    )
}

/// Files and bytes by folder (or by name for files directly under /api/).
#[derive(Default)]
struct Tally(Mutex<BTreeMap<String, (usize, usize)>>);

impl Tally {
    fn add(&self, rel: &str, bytes: usize, file: bool) -> Result<(), String> {
        let kind = match rel.matches('/').count() {
            1 => rel.to_string(),
            _ => format!("{}/", &rel[..rel.rfind('/').unwrap_or(0)]),
        };
        let mut kinds = self.0.lock().map_err(|e| e.to_string())?;
        let e = kinds.entry(kind).or_default();
        e.0 += usize::from(file);
        e.1 += bytes;
        Ok(())
    }
}

impl signpost::export::oruk::Out for Tally {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        self.add(rel, bytes.len(), true)
            .map_err(|_| ExportError::Poisoned)
    }
    fn append(&self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        self.add(rel, bytes.len(), false)
            .map_err(|_| ExportError::Poisoned)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: export_timing <content folder> [output folder]");
        std::process::exit(2);
    };
    let today = signpost::today().expect("today");
    let (t, c) = (Instant::now(), cpu());
    let source = signpost::content::load::Source::Dir(dir.into());
    let checked = signpost::check_content(&source, today).expect("content");
    let site = signpost::site::Site::build(checked.content, today).expect("site.yaml");
    println!("load, check and resolve: {}", since(t, c));
    // The Open Referral export into a sink that only counts, so neither the disk nor
    // memory is measured.
    let tally = Tally::default();
    let (t, c) = (Instant::now(), cpu());
    let n = signpost::export::oruk::write(&site, &tally).expect("export");
    println!(
        "Open Referral export, not written: {}, {n} files",
        since(t, c)
    );
    let kinds = tally.0.into_inner().unwrap_or_else(|e| e.into_inner());
    let total: usize = kinds.values().map(|(_, b)| b).sum();
    for (k, (n, b)) in kinds {
        println!("  {k:40} {n:7} files {:9.1} MB", b as f64 / 1e6);
    }
    println!(
        "  {:40} {:7}       {:9.1} MB",
        "(all)",
        "",
        total as f64 / 1e6
    );
    if let Some(out) = args.get(2) {
        let (t, c) = (Instant::now(), cpu());
        let staging = signpost::output::Staging::new(std::path::Path::new(out)).expect("staging");
        let n = signpost::export::write_data(&site, &staging).expect("write")
            + signpost::export::write_sitemap(&site, &staging).expect("write");
        println!(
            "export::write (ORUK, CSV, sitemap) into staging: {}, {n} files",
            since(t, c)
        );
        staging.commit().expect("commit");
    }
}
