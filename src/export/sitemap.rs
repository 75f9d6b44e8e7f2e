//! sitemap.xml (every page that was built) and robots.txt.

use crate::address::{Addresses, path_of_file};
use crate::render::escape::xml as xml_escape;
use std::path::Path;

/// Search engines read at most this many URLs from one sitemap file.
const PER_FILE: usize = 50_000;

/// Site paths of every HTML page in the folder `root` (the dev server's site on disk).
pub fn pages_in(root: &Path) -> Vec<String> {
    let files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(rel.to_str()?.replace('\\', "/"))
        })
        .collect();
    pages(&files)
}

/// Site paths of every HTML page among `files` (relative paths), from the site's root
/// ("/", "/services/x/"), sorted.
/// The 404 page is not a page anyone should land on from a search.
pub fn pages(files: &[String]) -> Vec<String> {
    let mut out: Vec<String> = files
        .iter()
        .filter_map(|rel| {
            // Nor the form editor, nor the thank-you page after a report (issue 25).
            if !rel.ends_with(".html")
                || rel == "404.html"
                || rel.starts_with("admin/")
                || rel.starts_with("report-a-problem/")
            {
                return None;
            }
            Some(path_of_file(rel))
        })
        .collect();
    out.sort();
    out
}

fn urlset(address: &Addresses, paths: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        s.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            xml_escape(&address.full_path(path))
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// The sitemap files: one sitemap.xml, or an index pointing at sitemap-N.xml files when
/// there are more pages than one file may list. Empty without a base URL, since a
/// sitemap must give full addresses. `paths` are from the site's root (see [`pages`]).
pub fn sitemaps(address: &Addresses, paths: &[String]) -> Vec<(String, Vec<u8>)> {
    if address.origin().is_empty() {
        return Vec::new();
    }
    if paths.len() <= PER_FILE {
        return vec![("sitemap.xml".into(), urlset(address, paths).into_bytes())];
    }
    let mut out = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in paths.chunks(PER_FILE).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&address.full_path(&name))
        ));
        out.push((name, urlset(address, chunk).into_bytes()));
    }
    index.push_str("</sitemapindex>\n");
    out.push(("sitemap.xml".into(), index.into_bytes()));
    out
}

pub fn robots(address: &Addresses) -> Vec<u8> {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if !address.origin().is_empty() {
        s.push_str(&format!(
            "\nSitemap: {}\n",
            address.full_path("sitemap.xml")
        ));
    }
    s.into_bytes()
}
