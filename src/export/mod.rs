//! Open data written beside the pages: Open Referral UK JSON under /api/, a CSV for
//! spreadsheets, sitemap.xml and robots.txt. (JSON-LD goes into the pages themselves.)

pub mod childcare_finder;
pub mod csv;
pub mod jsonld;
pub mod oruk;
pub mod sitemap;

use crate::output::Staging;
use crate::site::Site;
pub use oruk::ExportError;

/// Writes the open data (Open Referral UK JSON and the CSV): into the staging folder for a
/// build, into memory for the dev server (which then writes only the files that changed).
/// It does not depend on the pages, so it runs beside them. Returns how many files it
/// wrote.
pub fn write_data(site: &Site, out: &dyn oruk::Out) -> Result<usize, ExportError> {
    let written = oruk::write(site, out)?;
    let csv = csv::services(site)?;
    out.write("data/services.csv", &csv)?;
    let childcare = csv::childcare(site)?;
    if let Some(c) = &childcare {
        out.write("data/childcare.csv", c)?;
    }
    let finder = childcare_finder::json(site);
    if let Some(f) = &finder {
        out.write(childcare_finder::PATH, f)?;
    }
    let admin = crate::admin::write(site, out)?;
    let calendars = crate::calendar::write(site, out)?;
    Ok(written
        + 1
        + usize::from(childcare.is_some())
        + usize::from(finder.is_some())
        + admin
        + calendars)
}

/// Writes sitemap.xml (every page the build made) and robots.txt, once the pages are
/// written. Returns how many files it wrote.
pub fn write_sitemap(site: &Site, staging: &Staging) -> Result<usize, ExportError> {
    use rayon::prelude::*;
    let pages = sitemap::pages(&staging.files());
    let mut files = sitemap::sitemaps(&site.address, &pages);
    files.push(("robots.txt".into(), sitemap::robots(&site.address)));
    files.par_iter().try_for_each(|(path, bytes)| {
        staging
            .write(path, bytes)
            .map_err(|source| ExportError::Write {
                path: path.clone(),
                source,
            })
    })?;
    Ok(files.len())
}
