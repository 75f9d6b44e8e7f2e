//! Writes a synthetic directory for benchmarks and scale tests.
//! Usage: cargo run --release --example generate -- <services> <folder> [seed]

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: generate <number of services> <empty folder> [seed]");
        std::process::exit(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = std::path::Path::new(dir);
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!("{} is not empty; choose a new folder", dir.display());
        std::process::exit(2);
    }
    match signpost::synth::generate(dir, n, seed) {
        Ok(shape) => println!(
            "Wrote {} services, {} organisations, {} venues, {} hubs, {} localities to {}",
            shape.services,
            shape.organisations,
            shape.venues,
            shape.hubs,
            shape.localities,
            dir.display()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
