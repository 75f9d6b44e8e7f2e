//! Open data written beside the pages: Open Referral UK JSON under /api/, a CSV for
//! spreadsheets, sitemap.xml and robots.txt. (JSON-LD goes into the pages themselves.)

pub mod csv;
pub mod jsonld;
pub mod oruk;
pub mod sitemap;

use crate::output::Staging;
use crate::site::Site;

/// Writes every export file into the staging folder, after the pages (the sitemap lists
/// the pages found there). Returns how many files were written.
pub fn write(site: &Site, staging: &Staging) -> Result<usize, String> {
    use rayon::prelude::*;
    let pages = sitemap::pages(&staging.files());
    let written = oruk::write(site, staging)?;
    let mut files = vec![("data/services.csv".to_string(), csv::services(site)?)];
    let base = &site.config.base_url;
    files.extend(sitemap::sitemaps(base, &pages));
    files.push(("robots.txt".into(), sitemap::robots(base)));
    files.par_iter().try_for_each(|(path, bytes)| {
        staging
            .write(path, bytes)
            .map_err(|e| format!("cannot write {path}: {e}"))
    })?;
    Ok(written + files.len())
}
