//! Checks that need the whole directory: references between files, duplicate ids, stale
//! listings, services nobody can reach. Field-level checks happen while loading.

use super::diagnostics::{Anchor, Diagnostic, did_you_mean};
use super::model::*;
use crate::yaml::{Path, Seg};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// The date a listing must have been reviewed after to be current.
pub fn stale_before(today: Date, review_months: u32) -> Date {
    today
        .checked_sub(jiff::Span::new().months(review_months as i64))
        .unwrap_or(today)
}

pub fn validate(c: &Content, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A site.yaml or needs.yaml that exists but is broken has its own errors already.
    if !c.has_site_file {
        out.push(
            Diagnostic::error("site.yaml", Anchor::File, "site.yaml is missing")
                .help("every content folder needs a site.yaml with at least the site name and area")
                .example("name: Marlbrook Family Directory\narea: Marlbrook"),
        );
    }
    let review_months = c.site.as_ref().map(|s| s.review_months).unwrap_or(12);
    // Term dates that have run out make every term-time session look cancelled.
    if let Some(site) = &c.site
        && let Some(last) = site.terms.iter().map(|t| t.ends).max()
        && last < today
    {
        out.push(
            Diagnostic::warning(
                "site.yaml",
                Anchor::Key(path(&[k("terms")])),
                format!("the last term date, {last}, has passed"),
            )
            .help(
                "add the next school year's terms so timetables know when term-time sessions run",
            ),
        );
    }
    if !c.has_needs_file {
        out.push(
            Diagnostic::error("needs.yaml", Anchor::File, "needs.yaml is missing")
                .help("the needs taxonomy is how families browse; see docs/content.md"),
        );
    }
    // When needs.yaml could not be read, every need would look unknown: skip those checks.
    let needs_readable = !c.categories.is_empty() || !c.has_needs_file;

    // Duplicate ids within the needs taxonomy (categories and needs share the URL space
    // only within their own kind, but a need and a category with one id confuse people).
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (ci, cat) in c.categories.iter().enumerate() {
        if seen.insert(cat.id.as_str(), ci).is_some() {
            out.push(
                Diagnostic::error(
                    "needs.yaml",
                    Anchor::Value(path(&[k("categories"), Seg::Index(ci), k("id")])),
                    format!("the category id `{}` is used twice", cat.id),
                )
                .help("each category needs its own id"),
            );
        }
    }
    let mut need_seen: HashSet<&str> = HashSet::new();
    for (ci, cat) in c.categories.iter().enumerate() {
        for (j, nid) in cat.needs.iter().enumerate() {
            let p = path(&[
                k("categories"),
                Seg::Index(ci),
                k("needs"),
                Seg::Index(j),
                k("id"),
            ]);
            if !need_seen.insert(nid.as_str()) {
                out.push(
                    Diagnostic::error(
                        "needs.yaml",
                        Anchor::Value(p),
                        format!("the need id `{nid}` is used twice"),
                    )
                    .help("each need needs its own id; merge the two or rename one"),
                );
            } else if seen.contains_key(nid.as_str()) {
                out.push(
                    Diagnostic::error(
                        "needs.yaml",
                        Anchor::Value(p),
                        format!("`{nid}` is used as both a category id and a need id"),
                    )
                    .help("rename one of them"),
                );
            }
        }
    }

    // Duplicate file ids (the same file name in two subfolders).
    dup_ids(
        &mut out,
        "localities",
        c.localities.iter().map(|x| (&x.id, &x.file)),
    );
    dup_ids(&mut out, "hubs", c.hubs.iter().map(|x| (&x.id, &x.file)));
    dup_ids(
        &mut out,
        "venues",
        c.venues.iter().map(|x| (&x.id, &x.file)),
    );
    dup_ids(
        &mut out,
        "organisations",
        c.organisations.iter().map(|x| (&x.id, &x.file)),
    );
    dup_ids(
        &mut out,
        "services",
        c.services.iter().map(|x| (&x.id, &x.file)),
    );
    org_types(&mut out, c);
    super::local_offer::validate(&mut out, c);
    use crate::export::oruk::{organisation_id, service_id, venue_id};
    dup_oruk_ids(
        &mut out,
        "both would be published as /api/services/{id}.json, one replacing the other",
        c.services
            .iter()
            .map(|x| (x.oruk_id.is_some(), &x.file, &**x))
            .collect(),
        service_id,
    );
    dup_oruk_ids(
        &mut out,
        "the open data would show one organisation's services as the other's",
        c.organisations
            .iter()
            .map(|x| (x.oruk_id.is_some(), &x.file, x))
            .collect(),
        organisation_id,
    );
    dup_oruk_ids(
        &mut out,
        "the open data would put one venue's services at the other",
        c.venues
            .iter()
            .map(|x| (x.oruk_id.is_some(), &x.file, x))
            .collect(),
        venue_id,
    );

    let needs: HashSet<&str> = c.needs.iter().map(|n| n.id.as_str()).collect();
    let localities: HashSet<&str> = c.localities.iter().map(|x| x.id.as_str()).collect();
    let hubs: HashMap<&str, &Hub> = c.hubs.iter().map(|x| (x.id.as_str(), x)).collect();
    let venues: HashMap<&str, &Venue> = c.venues.iter().map(|x| (x.id.as_str(), x)).collect();
    let orgs: HashMap<&str, &Organisation> =
        c.organisations.iter().map(|x| (x.id.as_str(), x)).collect();

    for h in &c.hubs {
        check_ref(
            &mut out,
            &c.failed,
            &h.file,
            || p1("locality"),
            &h.locality,
            ("locality", "localities"),
            &localities,
        );
        if check_ref(
            &mut out,
            &c.failed,
            &h.file,
            || p1("venue"),
            &h.venue,
            ("venue", "venues"),
            &venues,
        ) && let Some(v) = venues.get(h.venue.as_str())
            && v.locality != h.locality
            // An unknown locality on either side is the problem, reported on its own file
            // once; the two then differ only because of it.
            && localities.contains(v.locality.as_str())
            && localities.contains(h.locality.as_str())
        {
            out.push(
                Diagnostic::error(
                    &h.file,
                    Anchor::Value(p1("venue")),
                    format!(
                        "the venue `{}` is in the locality `{}`, but this hub is in `{}`",
                        v.id, v.locality, h.locality
                    ),
                )
                .help("a hub's main venue must be in the hub's own locality; check both files"),
            );
        }
    }
    for v in &c.venues {
        check_ref(
            &mut out,
            &c.failed,
            &v.file,
            || p1("locality"),
            &v.locality,
            ("locality", "localities"),
            &localities,
        );
        if let Some(h) = &v.hub
            && check_ref(
                &mut out,
                &c.failed,
                &v.file,
                || p1("hub"),
                h,
                ("hub", "hubs"),
                &hubs,
            )
            && let Some(hub) = hubs.get(h.as_str())
            && hub.locality != v.locality
        {
            out.push(
                Diagnostic::error(
                    &v.file,
                    Anchor::Value(p1("hub")),
                    format!(
                        "the hub `{h}` is in `{}`, but this venue says it is in `{}`",
                        hub.locality, v.locality
                    ),
                )
                .help("a venue's hub must be in the same locality as the venue"),
            );
        }
    }
    // With a postcode table, every venue's postcode should be found in it: otherwise a
    // family typing the venue's own postcode is told it is unknown.
    if !c.postcodes.is_empty() {
        let known: HashSet<&str> = c.postcodes.iter().map(|p| p.code.as_str()).collect();
        for v in &c.venues {
            let Some((district, inward)) = v.postcode.split_once(' ') else {
                continue;
            };
            let sector = format!("{district} {}", &inward[..1.min(inward.len())]);
            if !known.contains(district) && !known.contains(sector.as_str()) {
                out.push(
                    Diagnostic::warning(
                        &v.file,
                        Anchor::Value(p1("postcode")),
                        format!(
                            "the postcode district {district} is not in postcodes.yaml, so \"near me\" cannot find {}",
                            v.postcode
                        ),
                    )
                    .help(format!(
                        "add {district} (or the sector {sector}) with its centre point to postcodes.yaml"
                    ))
                    .example(format!(
                        "  - {{code: {district}, latitude: {:.4}, longitude: {:.4}}}",
                        v.latitude, v.longitude
                    )),
                );
            }
        }
    }
    let before = stale_before(today, review_months);
    // Each listing on its own, in parallel, its findings kept in listing order.
    let per_service = c.services.par_iter().flat_map_iter(|s| {
        let mut out = Vec::new();
        check_ref(
            &mut out,
            &c.failed,
            &s.file,
            || p1("organisation"),
            &s.organisation,
            ("organisation", "organisations"),
            &orgs,
        );
        for (i, n) in s.needs.iter().enumerate().filter(|_| needs_readable) {
            check_ref(
                &mut out,
                &c.failed,
                &s.file,
                || at(&s.ref_paths.needs, i, &[k("needs"), Seg::Index(i)]),
                n,
                ("need", "needs.yaml"),
                &needs,
            );
        }
        for (i, v) in s.where_.venues.iter().enumerate() {
            check_ref(
                &mut out,
                &c.failed,
                &s.file,
                || {
                    at(
                        &s.ref_paths.venues,
                        i,
                        &[k("where"), k("venues"), Seg::Index(i)],
                    )
                },
                v,
                ("venue", "venues"),
                &venues,
            );
        }
        if let Some(Covers::Areas(areas)) = &s.where_.covers {
            for (i, a) in areas.iter().enumerate() {
                let failed = c.failed.contains(&("localities".to_string(), a.clone()))
                    || c.failed.contains(&("hubs".to_string(), a.clone()));
                if !localities.contains(a.as_str()) && !hubs.contains_key(a.as_str()) && !failed {
                    let p = at(
                        &s.ref_paths.covers,
                        i,
                        &[k("where"), k("covers"), Seg::Index(i)],
                    );
                    let all = localities
                        .iter()
                        .copied()
                        .chain(hubs.keys().copied())
                        .chain(["borough"]);
                    let mut help = did_you_mean(a, all)
                        .map(|s| format!("{s} "))
                        .unwrap_or_default();
                    help.push_str("`covers` takes locality ids, hub ids, or the word borough for the whole area");
                    out.push(
                        Diagnostic::error(
                            &s.file,
                            Anchor::Value(p),
                            format!("`{a}` is not a locality or family hub"),
                        )
                        .help(help),
                    );
                }
            }
        }
        // A way to get in touch: the service's own contact or its organisation's.
        let org_contact = orgs
            .get(s.organisation.as_str())
            .map(|o| !o.contact.is_empty())
            .unwrap_or(true);
        if s.contact.is_empty() && !org_contact {
            out.push(
                Diagnostic::error(&s.file, Anchor::Key(p1("name")), "families have no way to contact this service: it has no phone, email or website, and nor does its organisation")
                    .help("add a contact with at least one of phone, email or website")
                    .example("contact:\n  phone: 01632 960101\n  email: hello@example.org"),
            );
        }
        if s.level == 4
            && !s
                .access
                .iter()
                .any(|a| a == "professional-referral" || a == "self-referral")
        {
            out.push(
                Diagnostic::warning(&s.file, Anchor::Value(p1("level")), "level 4 services are statutory: families and professionals reach them by a referral")
                    .help("add self-referral or professional-referral to `access`"),
            );
        }
        if s.reviewed < before {
            out.push(
                Diagnostic::warning(
                    &s.file,
                    Anchor::Value(p1("reviewed")),
                    format!(
                        "this listing was last checked on {}, more than {review_months} months ago",
                        s.reviewed
                    ),
                )
                .help(
                    "check the details with the organisation, then set `reviewed` to today's date",
                )
                .example(format!("reviewed: {today}")),
            );
        }
        out
    });
    out.par_extend(per_service);
    out.extend(super::childcare::validate(c));
    // --- localoffer: a holidays-only session needs the term dates to know the holidays.
    let no_terms = c.site.as_ref().is_some_and(|s| s.terms.is_empty());
    for s in c.services.iter().filter(|_| no_terms) {
        for (i, sess) in s.schedule.iter().enumerate() {
            if sess.dated.holidays_only {
                out.push(
                    // A warning, as `term_time_only` without terms is shown every week: an
                    // import into a new folder (no terms yet) still checks.
                    Diagnostic::warning(
                        &s.file,
                        Anchor::Key(path(&[k("schedule"), Seg::Index(i), k("holidays_only")])),
                        "this session runs in the school holidays only, but site.yaml gives no term dates, so no day is known to be a holiday and timetables never show it as running",
                    )
                    .help("add the school terms to site.yaml (the holidays are the gaps between them), or remove `holidays_only`")
                    .example("terms:\n  - name: Summer term (second half)\n    starts: 2027-06-07\n    ends: 2027-07-21"),
                );
            }
        }
    }
    out
}

/// Each organisation's `type` is built in or added by site.yaml's `organisation_types`
/// (the loader has checked the built-in ones; the added ones are known only here).
fn org_types(out: &mut Vec<Diagnostic>, c: &Content) {
    let added: Vec<&str> = c
        .site
        .as_ref()
        .map(|s| s.organisation_types.iter().map(|t| t.id.as_str()).collect())
        .unwrap_or_default();
    for o in &c.organisations {
        if ORG_TYPES.contains(&o.kind.as_str()) || added.contains(&o.kind.as_str()) {
            continue;
        }
        let all: Vec<&str> = ORG_TYPES
            .iter()
            .copied()
            .chain(added.iter().copied())
            .collect();
        let mut help = String::new();
        if let Some(s) = did_you_mean(&o.kind, all.iter().copied()) {
            help.push_str(&s);
            help.push(' ');
        }
        help.push_str(&format!(
            "Allowed values: {}. To add a type, list it in site.yaml under `organisation_types`",
            all.join(", ")
        ));
        out.push(
            Diagnostic::error(
                &o.file,
                Anchor::Value(p1("type")),
                format!("`{}` is not one of the organisation types", o.kind),
            )
            .help(help)
            .example(
                "organisation_types:\n  - id: tenants-association\n    name: Tenants' association",
            ),
        );
    }
}

fn k(s: &str) -> Seg {
    Seg::Key(s.to_string())
}
fn path(segs: &[Seg]) -> Path {
    segs.to_vec()
}
/// The recorded position of list item `i`, or a computed one.
fn at(recorded: &[Path], i: usize, fallback: &[Seg]) -> Path {
    recorded
        .get(i)
        .cloned()
        .unwrap_or_else(|| fallback.to_vec())
}
fn p1(s: &str) -> Path {
    vec![k(s)]
}

fn dup_ids<'a>(
    out: &mut Vec<Diagnostic>,
    kind: &str,
    items: impl Iterator<Item = (&'a String, &'a String)>,
) {
    let mut first: HashMap<&str, &str> = HashMap::new();
    for (id, file) in items {
        if let Some(prev) = first.get(id.as_str()) {
            out.push(
                Diagnostic::error(
                    file,
                    Anchor::File,
                    format!("the id `{id}` is already used by {prev}"),
                )
                .help(format!(
                    "every file in {kind} needs its own name; rename one of them"
                )),
            );
        } else {
            first.insert(id, file);
        }
    }
}

/// Two listings of a kind with one Open Referral id would publish one
/// `/api/<folder>/<id>.json` over the other: a new listing could take over a helpline's
/// record by copying its `oruk_id` (or the id signpost works out from its file name). Each
/// item is (has its own `oruk_id`, file, listing). Listings without an `oruk_id` have ids
/// made from their unique file names, so they are only worked out when some listing has one.
fn dup_oruk_ids<T>(
    out: &mut Vec<Diagnostic>,
    clash: &str,
    items: Vec<(bool, &String, &T)>,
    id_of: fn(&T) -> String,
) {
    if !items.iter().any(|(own, _, _)| *own) {
        return;
    }
    let mut first: HashMap<String, (&str, bool)> = HashMap::with_capacity(items.len());
    for (own, file, item) in items {
        let id = id_of(item);
        match first.get(&id) {
            Some(&(prev, prev_own)) => {
                // Reported on the file that wrote the id (the later one when both did).
                let (at, other) = if own || !prev_own {
                    (file.as_str(), prev)
                } else {
                    (prev, file.as_str())
                };
                out.push(
                    Diagnostic::error(
                        at,
                        Anchor::Value(p1("oruk_id")),
                        format!(
                            "the Open Referral id `{id}` (`oruk_id`) is also the id of {other}: {}",
                            clash.replace("{id}", &id)
                        ),
                    )
                    .help(format!(
                        "remove the `oruk_id` line from {at} (a new listing needs none; `signpost import` writes it for imported ones), or check which of the two files is the real record"
                    )),
                );
            }
            None => {
                first.insert(id, (file, own));
            }
        }
    }
}

/// The ids a reference may name: looked up by hash (100,000 services each naming an
/// organisation made a scan of every id quadratic), listed only for "did you mean".
trait Known {
    fn has(&self, id: &str) -> bool;
    fn ids(&self) -> impl Iterator<Item = &str> + Clone;
}

impl Known for HashSet<&str> {
    fn has(&self, id: &str) -> bool {
        self.contains(id)
    }
    fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.iter().copied()
    }
}

impl<T> Known for HashMap<&str, T> {
    fn has(&self, id: &str) -> bool {
        self.contains_key(id)
    }
    fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.keys().copied()
    }
}

/// Reports an unknown reference with the closest ids. Returns whether the id exists.
fn check_ref(
    out: &mut Vec<Diagnostic>,
    failed: &HashSet<(String, String)>,
    file: &str,
    p: impl FnOnce() -> Path,
    id: &str,
    (what, folder): (&str, &str),
    known: &impl Known,
) -> bool {
    if known.has(id) {
        return true;
    }
    // The file exists but could not be read: its own errors say why.
    if failed.contains(&(folder.to_string(), id.to_string())) {
        return false;
    }
    let mut help = did_you_mean(id, known.ids())
        .map(|s| format!("{s} "))
        .unwrap_or_default();
    if folder.ends_with(".yaml") {
        help.push_str(&format!("use an id from {folder}"));
    } else {
        help.push_str(&format!(
            "use the name of a file in {folder}/ without `.md`"
        ));
    }
    let mut d = Diagnostic::error(
        file,
        Anchor::Value(p()),
        format!("there is no {what} called `{id}`"),
    )
    .help(help);
    // An example from the site's own ids (the closest, else the first), not the sample
    // borough's.
    let nearest = super::diagnostics::closest(id, known.ids(), 1)
        .first()
        .copied();
    if let Some(first) = nearest.or_else(|| known.ids().min()) {
        let example = example_with(&d.field, first);
        d = d.example(example);
    }
    out.push(d);
    false
}

/// `field: id` (or `field: [id]` for an item of a list), as an example line.
fn example_with(field: &str, id: &str) -> String {
    let last = field.rsplit('.').next().unwrap_or(field);
    match last.split_once('[') {
        Some((name, _)) => format!("{name}: [{id}]"),
        None => format!("{last}: {id}"),
    }
}
