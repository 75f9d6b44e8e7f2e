//! Regenerates the field tables in docs/content.md from the declaration of the content
//! kinds (src/content/schema.rs), keeping the text around them.
//! Usage: cargo run --example docs

use signpost::content::schema::docs;

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(docs::PATH);
    let doc = match std::fs::read_to_string(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            std::process::exit(1);
        }
    };
    match docs::regenerate(&doc) {
        Ok(new) if new == doc => println!("{} is up to date", docs::PATH),
        Ok(new) => {
            if let Err(e) = std::fs::write(&path, new) {
                eprintln!("cannot write {}: {e}", path.display());
                std::process::exit(1);
            }
            println!("{} regenerated", docs::PATH);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
