//! Times the search index on its own (tantivy indexing + static export) for a content
//! folder: `cargo run --release --example search_index_time -- DIR`. Used by
//! bench/search/run.sh to report what search adds to a build.
use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: search_index_time CONTENT_DIR");
    let today = signpost::today().expect("a valid SIGNPOST_TODAY");
    let source = signpost::resolve_source(Some(std::path::Path::new(&dir))).expect("a folder");
    let checked = signpost::check_content(&source, today).expect("readable content");
    let site = signpost::site::Site::build(checked.content, today).expect("site.yaml");
    let start = Instant::now();
    let index = signpost::search::SearchIndex::build(&site).expect("index");
    let indexed = start.elapsed();
    let files = signpost::search::export::export(&site, &index).expect("export");
    let total = start.elapsed();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    println!(
        "search index: {} services, tantivy {:.0} ms, export {:.0} ms, total {:.0} ms, {} files, {:.1} MB",
        site.services.len(),
        indexed.as_secs_f64() * 1000.0,
        (total - indexed).as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0,
        files.len(),
        bytes as f64 / 1e6
    );
}
