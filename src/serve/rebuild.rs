//! The incremental rebuilder behind `signpost serve`. It keeps every content file's parsed
//! result and the last good site in memory. When services change it re-reads only those
//! files, checks them against the rest, patches the site and re-renders only the pages that
//! show them; anything else (another kind of file, the theme) is a full build. Errors leave
//! the last good site on disk untouched.

use crate::BuildError;
use crate::address::Page;
use crate::content::diagnostics::{Diagnostic, Severity};
use crate::content::load::{self, FileResult, Item, Loaded, Source};
use crate::content::model::{Content, Service};
use crate::content::{self, Checked};
use crate::output::InPlace;
use crate::render::pages::{PagePlan, RenderError, Rendered, Renderer, ServiceEdit, SitePage};
use crate::render::templates::Theme;
use crate::render::views;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What an update did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing that the site is built from changed (a save without edits, a hidden file).
    Unchanged,
    /// The content has errors (or the theme failed): the last good site stays.
    Failed,
    /// Pages were written. `full` when the whole site was rebuilt.
    Built {
        full: bool,
        pages: usize,
        elapsed: Duration,
    },
}

/// The last site that built, with what rendering it needs.
struct LastGood {
    site: Site,
    theme: Theme,
    cards: Vec<views::Card>,
    /// Everything except the services: a changed service is checked against this.
    rest: Content,
    /// Each list's page shapes as last written (see [`PagePlan`]), by list (at page 1).
    shapes: HashMap<SitePage, Vec<u64>>,
    /// Search index and open data are behind the pages.
    data_stale: bool,
}

pub struct Rebuilder {
    dir: PathBuf,
    source: Source,
    output: PathBuf,
    today: jiff::civil::Date,
    /// Every content file's parse, by relative path, with a hash of its bytes.
    files: BTreeMap<String, (u64, FileResult)>,
    /// Every diagnostic (the file's own and cross-file ones), by file.
    diags: BTreeMap<String, Vec<Diagnostic>>,
    /// A build failure that is not about content (the theme, writing files).
    build_error: Option<BuildError>,
    last_good: Option<LastGood>,
    /// Files changed since the good site was built.
    pending: BTreeSet<String>,
    /// Hashes of the search and open data files as last written.
    data_hashes: HashMap<String, u64>,
    /// A change that needs a full build (theme, or a kind of file not handled piecemeal).
    pending_full: bool,
}

fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.hash(&mut h);
    h.finish()
}

/// Every file of the content folder, read and loaded, with the hash of its bytes.
fn read_all(
    source: &Source,
    today: jiff::civil::Date,
) -> std::io::Result<BTreeMap<String, (u64, FileResult)>> {
    Ok(source
        .list()?
        .into_par_iter()
        .map(|mut f| {
            load::read_raw(&mut f);
            let h = hash_bytes(&f.bytes);
            (f.rel.clone(), (h, load::load_one(f, today)))
        })
        .collect())
}

impl Rebuilder {
    /// Reads the whole content folder. Call [`Rebuilder::build_all`] next.
    pub fn new(dir: &Path, output: &Path, today: jiff::civil::Date) -> std::io::Result<Self> {
        let source = Source::Dir(dir.to_path_buf());
        let files = read_all(&source, today)?;
        Ok(Rebuilder {
            dir: dir.to_path_buf(),
            source,
            output: output.to_path_buf(),
            today,
            files,
            diags: BTreeMap::new(),
            build_error: None,
            last_good: None,
            pending: BTreeSet::new(),
            data_hashes: HashMap::new(),
            pending_full: true,
        })
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    /// The theme folder the site uses, if it is not the built-in one.
    pub fn theme_dir(&self) -> Option<PathBuf> {
        let cfg = self
            .files
            .get("site.yaml")
            .and_then(|(_, r)| match &r.item {
                Some(Item::Site(s)) => Some(s.as_ref()),
                _ => None,
            })?;
        crate::theme_dir(cfg, &self.source)
    }

    /// Every current diagnostic, as `signpost check` reports them.
    pub fn report(&self) -> Checked {
        let mut diagnostics: Vec<Diagnostic> = self.diags.values().flatten().cloned().collect();
        diagnostics.sort_by(|a, b| {
            (a.file.as_str(), a.line, a.column, a.severity).cmp(&(
                b.file.as_str(),
                b.line,
                b.column,
                b.severity,
            ))
        });
        let sources = diagnostics
            .iter()
            .filter_map(|d| {
                let text = self.files.get(&d.file).and_then(|(_, r)| r.text.clone());
                // The file may be the link a diagnostic is about: never read through it.
                let text = text.or_else(|| {
                    crate::content::load::read_file(&self.dir.join(&d.file))
                        .ok()
                        .and_then(|bytes| String::from_utf8(bytes).ok())
                });
                text.map(|t| (d.file.clone(), t))
            })
            .collect();
        Checked {
            content: Content::default(),
            diagnostics,
            sources,
            files: self.files.len(),
        }
    }

    pub fn errors(&self) -> usize {
        self.diags
            .values()
            .flatten()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// A failure outside the content (the theme), if the last build had one.
    pub fn build_error(&self) -> Option<&BuildError> {
        self.build_error.as_ref()
    }

    /// Checks everything and builds the whole site.
    pub fn build_all(&mut self) -> Outcome {
        self.pending_full = true;
        self.rebuild()
    }

    /// Takes paths that changed (absolute or relative to the content folder; files that
    /// were created, edited or deleted) and brings the site up to date.
    pub fn update(&mut self, changed: &[PathBuf]) -> Outcome {
        let theme = self.theme_dir();
        let abs_dir = std::path::absolute(&self.dir).unwrap_or(self.dir.clone());
        let mut touched = false;
        for p in changed {
            let abs = std::path::absolute(p).unwrap_or(p.clone());
            if let Some(t) = &theme
                && abs.starts_with(t)
            {
                self.pending_full = true;
                touched = true;
                continue;
            }
            let Ok(rel) = abs.strip_prefix(&abs_dir) else {
                continue;
            };
            // Hidden files and folders are not content (editors' swap files, .git).
            if rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
                || rel.as_os_str().is_empty()
            {
                continue;
            }
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if abs.is_dir()
                || (!abs.exists() && self.files.keys().any(|k| k.starts_with(&format!("{rel}/"))))
            {
                // A folder appeared or went: list everything again.
                self.rescan();
                self.pending_full = true;
                touched = true;
                continue;
            }
            match load::read_one(&self.dir, &rel) {
                Some(raw) => {
                    let h = hash_bytes(&raw.bytes);
                    if self.files.get(&rel).is_some_and(|(old, _)| *old == h)
                        && raw.problem.is_none()
                    {
                        continue;
                    }
                    self.files
                        .insert(rel.clone(), (h, load::load_one(raw, self.today)));
                }
                None => {
                    if self.files.remove(&rel).is_none() {
                        continue;
                    }
                }
            }
            self.pending.insert(rel);
            touched = true;
        }
        if !touched {
            return Outcome::Unchanged;
        }
        self.rebuild()
    }

    fn rescan(&mut self) {
        if let Ok(files) = read_all(&self.source, self.today) {
            self.files = files;
        }
    }

    fn rebuild(&mut self) -> Outcome {
        let start = Instant::now();
        let services_only = !self.pending_full
            && self.last_good.is_some()
            && self
                .pending
                .iter()
                .all(|rel| load::classify(rel) == Some("services"));
        if services_only {
            self.services_changed(start)
        } else {
            self.full(start)
        }
    }

    /// The whole site, through the same `build` as `signpost build`.
    fn full(&mut self, start: Instant) -> Outcome {
        let loaded = load::assemble(
            self.files
                .iter()
                .map(|(rel, (_, r))| (rel.clone(), r.clone()))
                .collect(),
        );
        let checked = content::check_loaded(&self.source, loaded, self.files.len(), self.today);
        self.diags.clear();
        for d in &checked.diagnostics {
            self.diags
                .entry(d.file.clone())
                .or_default()
                .push(d.clone());
        }
        if checked.errors() > 0 {
            return Outcome::Failed;
        }
        // Everything but the services, kept to check edited services against: taken
        // whole, so a field added to Content is kept too.
        let mut checked = checked;
        let services = std::mem::take(&mut checked.content.services);
        let rest = checked.content.clone();
        checked.content.services = services;
        let Some(site) = Site::build(checked.content.clone(), self.today) else {
            return Outcome::Failed;
        };
        let theme = match crate::render::templates::load_in(
            crate::theme_dir(&site.config, &self.source).as_deref(),
            &site.config.language,
            &site.address,
        ) {
            Ok(t) => t,
            Err(e) => {
                self.build_error = Some(e.into());
                return Outcome::Failed;
            }
        };
        let report = match crate::build(checked, &self.source, &self.output, self.today, false) {
            Ok(r) => r,
            Err(crate::BuildError::Content(_)) => return Outcome::Failed,
            Err(e) => {
                self.build_error = Some(e);
                return Outcome::Failed;
            }
        };
        self.build_error = None;
        self.data_hashes.clear();
        let renderer = Renderer::new(&site, &theme);
        // Record every list's page shapes, so the next edit re-renders only what moved.
        let shapes = SitePage::all(&site)
            .into_par_iter()
            .filter(|page| page.is_list())
            .filter_map(|page| {
                let (plans, _) = renderer.render_selected(page, &|_| false).ok()?;
                Some((page, plans.iter().map(|p| p.shape).collect()))
            })
            .collect();
        let cards = renderer.into_cards();
        self.last_good = Some(LastGood {
            site,
            theme,
            cards,
            rest,
            shapes,
            data_stale: false,
        });
        self.pending.clear();
        self.pending_full = false;
        Outcome::Built {
            full: true,
            pages: report.pages,
            elapsed: start.elapsed(),
        }
    }

    /// Only service files changed (edited, added or deleted) since the good site.
    fn services_changed(&mut self, start: Instant) -> Outcome {
        let Some(mut last_good) = self.last_good.take() else {
            return self.full(start);
        };
        // Check the changed services against everything else: the same checks as
        // `signpost check`, without re-checking thousands of unchanged services.
        let changed: Vec<String> = self.pending.iter().cloned().collect();
        let mut rest = std::mem::take(&mut last_good.rest);
        let mut diagnostics = Vec::new();
        let mut sources = HashMap::new();
        let mut new_services: Vec<Box<Service>> = Vec::new();
        for rel in &changed {
            if let Some((_, r)) = self.files.get(rel) {
                diagnostics.extend(r.diags.iter().cloned());
                if let (Some(t), false) = (&r.text, r.diags.is_empty()) {
                    sources.insert(rel.clone(), t.clone());
                }
                if let Some(Item::Service(s)) = &r.item {
                    new_services.push(s.clone());
                }
            }
        }
        rest.services = new_services;
        let loaded = Loaded {
            content: rest,
            diagnostics,
            sources,
        };
        let checked = content::check_loaded(&self.source, loaded, self.files.len(), self.today);
        let mut rest = checked.content;
        let new_services = std::mem::take(&mut rest.services);
        last_good.rest = rest;
        for rel in &changed {
            self.diags.remove(rel);
        }
        let changed_set: HashSet<&str> = changed.iter().map(String::as_str).collect();
        for d in checked.diagnostics {
            if changed_set.contains(d.file.as_str()) {
                self.diags.entry(d.file.clone()).or_default().push(d);
            }
        }
        // A new file with the id of an existing one (in another folder) is a duplicate
        // that only the whole-directory check reports.
        let duplicate = new_services.iter().any(|s| {
            last_good
                .site
                .service_ix
                .get(&s.id)
                .is_some_and(|&i| last_good.site.services[i].file != s.file)
        });
        // --- localoffer: the Local Offer's pages, and the links to them on every page's
        // data, exist only while some listing has a block: an edit that adds the first or
        // removes the last rebuilds everything.
        let site = &last_good.site;
        let local_offer_after = site.you_said_we_did.is_some()
            || site.childcare.iter().any(|p| p.local_offer.is_some())
            || new_services.iter().any(|s| s.local_offer.is_some())
            || site
                .services
                .iter()
                .any(|s| s.local_offer.is_some() && !changed_set.contains(s.file.as_str()));
        let local_offer_toggled = local_offer_after != site.has_local_offer();
        if duplicate || local_offer_toggled {
            self.last_good = Some(last_good);
            self.pending_full = true;
            return self.full(start);
        }
        if self.errors() > 0 {
            self.last_good = Some(last_good);
            return Outcome::Failed;
        }
        let pages = match apply(
            last_good,
            &InPlace::new(&self.output),
            new_services,
            &changed,
        ) {
            Ok((last_good, n)) => {
                self.last_good = Some(last_good);
                n
            }
            Err(e) => {
                // The site in memory may be half-changed: start again from the files.
                self.build_error = Some(e);
                self.pending_full = true;
                return Outcome::Failed;
            }
        };
        self.build_error = None;
        self.pending.clear();
        Outcome::Built {
            full: false,
            pages,
            elapsed: start.elapsed(),
        }
    }

    /// The base_path of the site last built, if one was.
    pub fn base_path(&self) -> Option<&str> {
        self.last_good.as_ref().map(|g| g.site.address.root())
    }

    /// Whether the search index and open data lag behind the pages.
    pub fn data_stale(&self) -> bool {
        self.last_good.as_ref().is_some_and(|g| g.data_stale)
    }

    /// Rewrites the search index and the open data files for the current site: a second
    /// step after an edit's pages, because it takes far longer than the pages at scale.
    pub fn write_data(&mut self) -> Result<Duration, BuildError> {
        let start = Instant::now();
        let Some(last_good) = self.last_good.as_ref() else {
            return Ok(start.elapsed());
        };
        let site = &last_good.site;
        let (search, mut export) = rayon::join(
            || crate::search_files(site),
            || -> Result<Vec<(String, Vec<u8>)>, crate::export::ExportError> {
                // The same open data as a build writes, made in memory.
                let memory = crate::export::oruk::Memory::default();
                crate::export::write_data(site, &memory)?;
                Ok(memory.into_files())
            },
        );
        let failed = |e: &dyn std::fmt::Display| BuildError::Files(vec![e.to_string()]);
        let search: Vec<(String, Vec<u8>)> = search
            .map_err(|e| failed(&e))?
            .into_iter()
            .map(|(p, b)| (format!("search/{p}"), b))
            .collect();
        let export = export.as_mut().map_err(|e| failed(e))?;
        export.extend(crate::export::sitemap::sitemaps(
            &site.address,
            &crate::export::sitemap::pages_in(&self.output),
        ));
        // Most of these files are the same as before an edit (one service's open data
        // changed, not ten thousand): write only those that differ.
        let output = InPlace::new(&self.output);
        let known = &self.data_hashes;
        let changed: Vec<(&String, &Vec<u8>, u64)> = search
            .par_iter()
            .chain(export.par_iter())
            .filter_map(|(path, bytes)| {
                let h = hash_bytes(bytes);
                let same = match known.get(path) {
                    Some(&old) => old == h,
                    None => output.has(path, bytes),
                };
                (!same).then_some((path, bytes, h))
            })
            .collect();
        changed.par_iter().try_for_each(|(path, bytes, _)| {
            output.write(path, bytes).map_err(BuildError::write(path))
        })?;
        for (path, bytes) in search.iter().chain(export.iter()) {
            self.data_hashes.insert(path.clone(), hash_bytes(bytes));
        }
        // Files the new index and data no longer have (old index shards, removed services).
        let keep: HashSet<&str> = search
            .iter()
            .chain(export.iter())
            .map(|(p, _)| p.as_str())
            .chain(["search/index.html"])
            .collect();
        for dir in ["search", "api"] {
            // A file left behind is served but harmless; the next full build removes it.
            let _ = output.remove_others_in(dir, &keep);
        }
        self.data_hashes.retain(|p, _| keep.contains(p.as_str()));
        if let Some(last_good) = self.last_good.as_mut() {
            last_good.data_stale = false;
        }
        Ok(start.elapsed())
    }
}

/// Patches the good site with the changed services and writes the pages that show them.
// Boxed as the site holds them (`Content::services`).
#[allow(clippy::vec_box)]
fn apply(
    last_good: LastGood,
    output: &InPlace,
    new_services: Vec<Box<Service>>,
    changed: &[String],
) -> Result<(LastGood, usize), BuildError> {
    let LastGood {
        mut site,
        theme,
        mut cards,
        rest,
        mut shapes,
        data_stale: _,
    } = last_good;
    let by_file: HashMap<&str, usize> = site
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.file.as_str(), i))
        .collect();
    // What each changed service was linked to before, by index (everything but services
    // is unchanged, so those indices stay valid).
    let mut old_links = Vec::new();
    let mut removed_ids = Vec::new();
    for rel in changed {
        if let Some(&i) = by_file.get(rel.as_str()) {
            old_links.push(site.svc[i].clone());
            if !new_services.iter().any(|s| &s.file == rel) {
                removed_ids.push(site.services[i].id.clone());
            }
        }
    }
    // An edit that keeps a service's name and links is patched in place; anything else
    // re-resolves the site (fast: no files are read and nothing else is re-checked).
    let same_shape = |old: &Service, new: &Service| {
        old.id == new.id
            && old.name == new.name
            && old.organisation == new.organisation
            && old.needs == new.needs
            && old.where_.venues == new.where_.venues
            && serde_json::to_value(&old.where_.covers).ok()
                == serde_json::to_value(&new.where_.covers).ok()
    };
    let in_place = removed_ids.is_empty()
        && new_services.iter().all(|s| {
            by_file
                .get(s.file.as_str())
                .is_some_and(|&i| same_shape(&site.services[i], s))
        });
    let changed_ids: HashSet<String> = new_services.iter().map(|s| s.id.clone()).collect();
    let before_wide = (site.area_wide.len(), area_wide_needs(&site));
    if in_place {
        let at: Vec<usize> = new_services
            .iter()
            .map(|s| by_file[s.file.as_str()])
            .collect();
        for (s, &i) in new_services.into_iter().zip(&at) {
            site.svc[i].stale = s.reviewed < site.stale_before;
            site.services[i] = s;
        }
        for i in at {
            cards[i] = views::card(&site, i);
        }
    } else {
        let old = site;
        let mut old_cards: HashMap<String, views::Card> = old
            .services
            .iter()
            .map(|s| s.id.clone())
            .zip(cards)
            .collect();
        let changed_files: HashSet<&str> = changed.iter().map(String::as_str).collect();
        let mut services: Vec<Box<Service>> = old
            .services
            .into_iter()
            .filter(|s| !changed_files.contains(s.file.as_str()))
            .collect();
        services.extend(new_services);
        // The rest of the content as checked (all of it, whatever fields Content gains),
        // with the services as they are now.
        let mut content = rest.clone();
        content.services = services;
        site = Site::build(content, old.today).ok_or(BuildError::NoSiteFile)?;
        cards = (0..site.services.len())
            .map(|i| {
                let id = &site.services[i].id;
                match old_cards.remove(id) {
                    Some(c) if !changed_ids.contains(id) => c,
                    _ => views::card(&site, i),
                }
            })
            .collect();
    }
    let (cards, written) = render_changed(
        &site,
        &theme,
        cards,
        &mut shapes,
        output,
        RenderChanged {
            changed_ids: &changed_ids,
            old_links,
            in_place,
            before_wide,
            removed_ids,
        },
    )?;
    Ok((
        LastGood {
            site,
            theme,
            cards,
            rest,
            shapes,
            data_stale: true,
        },
        written,
    ))
}

struct RenderChanged<'a> {
    changed_ids: &'a HashSet<String>,
    old_links: Vec<crate::site::ServiceLinks>,
    in_place: bool,
    before_wide: (usize, Vec<usize>),
    removed_ids: Vec<String>,
}

/// Renders and writes the pages that show the changed services: the pages whose type
/// says it depends on them ([`SitePage::shows`]), and of a long list only the pages that
/// list a changed service or whose share of the list moved.
fn render_changed(
    site: &Site,
    theme: &Theme,
    cards: Vec<views::Card>,
    shapes: &mut HashMap<SitePage, Vec<u64>>,
    output: &InPlace,
    what: RenderChanged,
) -> Result<(Vec<views::Card>, usize), BuildError> {
    let RenderChanged {
        changed_ids,
        old_links,
        in_place,
        before_wide,
        removed_ids,
    } = what;
    let mut edited: HashSet<usize> = HashSet::new();
    let mut links = old_links;
    for id in changed_ids {
        if let Some(&i) = site.service_ix.get(id) {
            edited.insert(i);
            links.push(site.svc[i].clone());
        }
    }
    let edit = ServiceEdit {
        services: &edited,
        links: &links,
        relinked: !in_place,
        area_wide_changed: !in_place
            && before_wide != (site.area_wide.len(), area_wide_needs(site)),
    };
    let pages: Vec<SitePage> = SitePage::all(site)
        .into_par_iter()
        .filter(|page| page.shows(site, &edit))
        .collect();

    let renderer = Renderer::with_cards(site, theme, cards);
    let failed = |e: RenderError| BuildError::Files(vec![e.to_string()]);
    // The edited services' own pages first (the page the editor is looking at), then the
    // other single pages, then the pages of each list whose shape changed or that show a
    // changed service.
    let (own, pages): (Vec<SitePage>, Vec<SitePage>) = pages
        .into_iter()
        .partition(|p| matches!(p, SitePage::Service(_)));
    let own: Vec<Rendered> = own
        .par_iter()
        .map(|&page| renderer.render(page))
        .collect::<Result<Vec<_>, _>>()
        .map_err(failed)?
        .into_iter()
        .flatten()
        .collect();
    own.par_iter().try_for_each(|(path, html)| {
        output
            .write(path, html.as_bytes())
            .map_err(BuildError::write(path))
    })?;
    let (lists, singles): (Vec<SitePage>, Vec<SitePage>) =
        pages.into_iter().partition(|p| p.is_list());
    let singles: Vec<Result<Vec<Rendered>, RenderError>> = singles
        .par_iter()
        .map(|&page| renderer.render(page))
        .collect();
    let before_shapes = &*shapes;
    let listed: Vec<Result<ListPages, RenderError>> = lists
        .par_iter()
        .map(|&list| {
            let before = before_shapes.get(&list);
            let every_page = list.every_page_changes(&edit);
            let keep = |p: &PagePlan| {
                every_page
                    || before.and_then(|b| b.get(p.page - 1)) != Some(&p.shape)
                    || p.services.iter().any(|s| edited.contains(s))
                    || (p.page == 1 && list.first_page_summarises())
            };
            let (plans, pages) = renderer.render_selected(list, &keep)?;
            Ok((list, plans, pages))
        })
        .collect();
    let cards = renderer.into_cards();
    let mut outputs: Vec<(String, String)> = Vec::new();
    for r in singles {
        outputs.extend(r.map_err(failed)?);
    }
    for r in listed {
        let (list, plans, pages) = r.map_err(failed)?;
        let old_count = shapes.get(&list).map(Vec::len).unwrap_or(0);
        // A list that got shorter: its last pages go.
        for n in plans.len() + 1..=old_count {
            let _ = output.remove(&list.address(site).path_at(n));
        }
        shapes.insert(list, plans.iter().map(|p| p.shape).collect());
        outputs.extend(pages);
    }
    outputs.par_iter().try_for_each(|(path, html)| {
        output
            .write(path, html.as_bytes())
            .map_err(BuildError::write(path))
    })?;
    let written = own.len() + outputs.len();
    for id in removed_ids {
        if !site.service_ix.contains_key(&id) {
            let _ = output.remove(&Page::Service(&id).path());
        }
    }
    Ok((cards, written))
}

/// A list (at page 1), every page's plan, and the pages rendered.
type ListPages = (SitePage, Vec<PagePlan>, Vec<Rendered>);

/// The counts the hub pages' area-wide summary shows.
fn area_wide_needs(site: &Site) -> Vec<usize> {
    let mut counts = vec![0usize; site.needs.len()];
    for &s in &site.area_wide {
        for &n in &site.svc[s].needs {
            counts[n] += 1;
        }
    }
    counts
}
