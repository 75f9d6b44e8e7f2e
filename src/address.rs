//! Every address of the site, made in one place: the pages, the pages of a long list, the
//! search files, the open data, the assets and the full (canonical) addresses, with the
//! `base_path` a site is published under (`/` or a sub-path such as `/families/`).
//!
//! Rust code asks [`Addresses`]; templates call the `url()` function ([`UrlFunction`]);
//! scripts read `base` from the page's `signpost-data` block. Output files do not depend on
//! `base_path`: the output folder is what is published at that path.

use std::collections::HashMap;

/// A page of the site, by what it shows. Ids are content ids (file names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    Home,
    NeedsIndex,
    Category(&'a str),
    Need(&'a str),
    LocalitiesIndex,
    Locality(&'a str),
    HubsIndex,
    Hub(&'a str),
    Venue(&'a str),
    OrganisationsIndex,
    Organisation(&'a str),
    /// All services, A to Z.
    AtoZ,
    Service(&'a str),
    Search,
    Accessibility,
    NotFound,
    AddYourGroup,
    StartForLife,
    Coverage,
    MyList,
    /// Thanks for reporting a problem with a listing (issue 25).
    ReportThanks,
    // --- childcare
    ChildcareIndex,
    ChildcareArea(&'a str),
    /// A provider type's list, by its code.
    ChildcareType(&'a str),
    ChildcareProvider(&'a str),
    // --- holidays
    /// What's on in the (next or current) school holidays.
    Holidays,
    // --- localoffer: the SEND Local Offer
    LocalOffer,
    /// A Local Offer section's list, by its code.
    LocalOfferSection(&'a str),
    YouSaidWeDid,
}

impl<'a> Page<'a> {
    /// The page's path below the site's root, without a leading slash: "" for the home
    /// page, "needs/feeding/", "404.html".
    pub fn path(self) -> String {
        let (folder, id) = match self {
            Page::Home => return String::new(),
            Page::NeedsIndex => return "needs/".into(),
            Page::LocalitiesIndex => return "localities/".into(),
            Page::HubsIndex => return "hubs/".into(),
            Page::OrganisationsIndex => return "organisations/".into(),
            Page::AtoZ => return "services/".into(),
            Page::Search => return "search/".into(),
            Page::Accessibility => return "accessibility/".into(),
            Page::NotFound => return "404.html".into(),
            Page::AddYourGroup => return "add-your-group/".into(),
            Page::StartForLife => return "start-for-life/".into(),
            Page::Coverage => return "coverage/".into(),
            Page::MyList => return "my-list/".into(),
            Page::ReportThanks => return "report-a-problem/thanks/".into(),
            Page::ChildcareIndex => return "childcare/".into(),
            Page::Holidays => return "holidays/".into(),
            Page::ChildcareArea(id) => ("childcare/areas", id),
            Page::ChildcareType(id) => ("childcare/types", id),
            Page::ChildcareProvider(id) => ("childcare/providers", id),
            Page::LocalOffer => return "local-offer/".into(),
            Page::LocalOfferSection(id) => ("local-offer", id),
            Page::YouSaidWeDid => return "local-offer/you-said-we-did/".into(),
            Page::Category(id) => ("categories", id),
            Page::Need(id) => ("needs", id),
            Page::Locality(id) => ("localities", id),
            Page::Hub(id) => ("hubs", id),
            Page::Venue(id) => ("venues", id),
            Page::Organisation(id) => ("organisations", id),
            Page::Service(id) => ("services", id),
        };
        format!("{folder}/{id}/")
    }

    /// Page `n` (from 1) of a list: the list's own path for page 1, `…/page/N/` after.
    pub fn path_at(self, n: usize) -> String {
        let base = self.path();
        if n <= 1 {
            base
        } else {
            format!("{base}page/{n}/")
        }
    }

    /// The page named by a template's `url(page=…, id=…)`, e.g. `need` with an id.
    pub fn named(name: &str, id: Option<&'a str>) -> Option<Page<'a>> {
        Some(match (name, id) {
            ("home", _) => Page::Home,
            ("needs", _) => Page::NeedsIndex,
            ("localities", _) => Page::LocalitiesIndex,
            ("hubs", _) => Page::HubsIndex,
            ("organisations", _) => Page::OrganisationsIndex,
            ("services", _) => Page::AtoZ,
            ("search", _) => Page::Search,
            ("accessibility", _) => Page::Accessibility,
            ("not-found", _) => Page::NotFound,
            ("add-your-group", _) => Page::AddYourGroup,
            ("start-for-life", _) => Page::StartForLife,
            ("coverage", _) => Page::Coverage,
            ("my-list", _) => Page::MyList,
            ("report-thanks", _) => Page::ReportThanks,
            ("childcare", _) => Page::ChildcareIndex,
            ("holidays", _) => Page::Holidays,
            ("childcare-area", Some(id)) => Page::ChildcareArea(id),
            ("childcare-type", Some(id)) => Page::ChildcareType(id),
            ("childcare-provider", Some(id)) => Page::ChildcareProvider(id),
            ("local-offer", _) => Page::LocalOffer,
            ("local-offer-section", Some(id)) => Page::LocalOfferSection(id),
            ("you-said-we-did", _) => Page::YouSaidWeDid,
            ("category", Some(id)) => Page::Category(id),
            ("need", Some(id)) => Page::Need(id),
            ("locality", Some(id)) => Page::Locality(id),
            ("hub", Some(id)) => Page::Hub(id),
            ("venue", Some(id)) => Page::Venue(id),
            ("organisation", Some(id)) => Page::Organisation(id),
            ("service", Some(id)) => Page::Service(id),
            _ => return None,
        })
    }
}

// --- holidays: Add to calendar
/// A service's calendar file below the site's root (`services/<id>/calendar.ics`).
pub fn calendar_file(service_id: &str) -> String {
    format!("{}calendar.ics", Page::Service(service_id).path())
}

/// The output file (relative to the output folder) of a path below the site's root:
/// `needs/` is written as `needs/index.html`.
pub fn output_file(path: &str) -> String {
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The site path (from the site's root, with a leading slash, "/needs/x/") of an output
/// file: the inverse of [`output_file`].
pub fn path_of_file(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

/// Why a `base_path` is not usable, or Ok.
pub fn check_base_path(path: &str) -> Result<(), &'static str> {
    if !path.starts_with('/') || !path.ends_with('/') {
        return Err("a base path starts and ends with `/`, like `/families/`, or is just `/`");
    }
    if path == "/" {
        return Ok(());
    }
    let inner = &path[1..path.len() - 1];
    if inner.split('/').any(|segment| {
        segment.is_empty()
            || segment == "."
            || segment == ".."
            || !segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
    }) {
        return Err(
            "each part of a base path is letters, numbers, `-`, `_`, `.` or `~`, with one `/` between parts",
        );
    }
    Ok(())
}

/// The site's addresses: where it is published (`base_url`, `base_path`).
#[derive(Debug, Clone)]
pub struct Addresses {
    /// `/`, or a sub-path such as `/families/`.
    root: String,
    /// The live site's scheme and host (site.yaml's base_url, no trailing slash), or "".
    origin: String,
}

impl Default for Addresses {
    fn default() -> Self {
        Addresses::new("", "/")
    }
}

impl Addresses {
    /// `base_path` must have passed [`check_base_path`]; anything else is treated as `/`.
    pub fn new(base_url: &str, base_path: &str) -> Addresses {
        let root = if check_base_path(base_path).is_ok() {
            base_path
        } else {
            "/"
        };
        Addresses {
            root: root.to_string(),
            origin: base_url.trim_end_matches('/').to_string(),
        }
    }

    /// `/` or the sub-path, ending with `/`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The live site's origin (no trailing slash), empty when not known.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// A page's address, as links use it.
    pub fn page(&self, page: Page) -> String {
        self.path(&page.path())
    }

    /// Page `n` (from 1) of a list's address.
    pub fn page_at(&self, page: Page, n: usize) -> String {
        self.path(&page.path_at(n))
    }

    /// The address of anything below the site's root, given from the root ("/needs/",
    /// "search/manifest.gz", "assets/site.1234.css"): a leading slash is optional.
    pub fn path(&self, path: &str) -> String {
        let mut out = String::with_capacity(self.root.len() + path.len());
        out.push_str(&self.root);
        out.push_str(path.trim_start_matches('/'));
        out
    }

    /// The full address (with scheme and host) of an address from [`Addresses::page`]
    /// and friends; just the address when the live site's is not known.
    pub fn full(&self, address: &str) -> String {
        format!("{}{address}", self.origin)
    }

    /// The full address of anything below the site's root (see [`Addresses::path`]).
    pub fn full_path(&self, path: &str) -> String {
        self.full(&self.path(path))
    }
}

/// The templates' `url()` function:
/// - `url(page="need", id="feeding")`, with an optional `n=2` for page 2 of a list (page
///   names: home, needs, category, need, localities, locality, hubs, hub, venue,
///   organisations, organisation, services, service, search, accessibility, not-found,
///   add-your-group, start-for-life, coverage, my-list);
/// - `url(path="/needs/")` or `url(path="search/manifest.gz")` for anything else below
///   the site's root.
///
/// Add `full=true` for the address with scheme and host (when base_url is set).
///
/// A call whose arguments are all written out, like `url(page="search")`, is replaced by
/// its address when the theme loads, so it costs a page nothing; so is
/// `{{ assets['site.css'] }}`.
pub struct UrlFunction(pub Addresses);

/// The arguments of one `url()` call.
#[derive(Debug, Default)]
struct UrlArgs<'a> {
    page: Option<&'a str>,
    id: Option<&'a str>,
    path: Option<&'a str>,
    n: Option<u64>,
    full: bool,
}

impl Addresses {
    /// The address a `url()` call gives, or what is wrong with the call.
    fn url(&self, args: &UrlArgs) -> Result<String, String> {
        let address = if let Some(path) = args.path {
            self.path(path)
        } else if let Some(name) = args.page {
            let page = Page::named(name, args.id).ok_or_else(|| {
                format!(
                    "url(): there is no page called `{name}`{}",
                    if args.id.is_none() {
                        " (or it needs an id=…)"
                    } else {
                        ""
                    }
                )
            })?;
            self.page_at(page, args.n.unwrap_or(1) as usize)
        } else {
            return Err(
                "url() needs page=\"…\" (with id=\"…\" for one need, hub, service and so on) or path=\"/…\""
                    .into(),
            );
        };
        Ok(if args.full {
            self.full(&address)
        } else {
            address
        })
    }
}

impl tera::Function for UrlFunction {
    fn call(&self, args: &HashMap<String, serde_json::Value>) -> tera::Result<serde_json::Value> {
        let text = |k: &str| args.get(k).and_then(serde_json::Value::as_str);
        let url = UrlArgs {
            page: text("page"),
            id: text("id"),
            path: text("path"),
            n: args.get("n").and_then(serde_json::Value::as_u64),
            full: args
                .get("full")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
        };
        self.0
            .url(&url)
            .map(serde_json::Value::String)
            .map_err(tera::Error::msg)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Replaces each `url(...)` call whose arguments are all written out (`page='search'`,
/// `path="search/manifest.gz"`) by the address itself: the site's addresses are known when
/// the theme loads, and base.html alone has sixteen such calls on every page. A call that is
/// a whole print statement becomes the address as text; one inside an expression (`{% if
/// page.url == url(page='home') %}`) becomes a string. Calls with an expression, or that
/// url() would refuse, are kept for the function.
pub fn expand_literal_urls(template: &str, addresses: &Addresses) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find(['{']) {
        out.push_str(&rest[..start]);
        let from = &rest[start..];
        let resolve = |args: &[(&str, &str)]| {
            let address = addresses.url(&literal_url_args(args)?).ok()?;
            // An address is made of checked parts, but never let it read as template syntax
            // or end a string.
            (!address.contains(['{', '}', '%', '#', '"', '\\'])).then_some(address)
        };
        if let Some((len, address)) = crate::render::messages::print_call(from, "url")
            .and_then(|(len, args)| Some((len, resolve(&args)?)))
        {
            out.push_str(&address);
            rest = &from[len..];
            continue;
        }
        let close = match from.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                out.push('{');
                rest = &from[1..];
                continue;
            }
        };
        let Some(end) = from.find(close).map(|e| e + 2) else {
            out.push_str(from);
            return out;
        };
        out.push_str(&expand_in_tag(&from[..end], &resolve));
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// A call's argument: its name and its expression as written.
type CallArg<'a> = (&'a str, &'a str);

/// A tag's `url(...)` calls with literal arguments as string literals.
fn expand_in_tag(tag: &str, resolve: &dyn Fn(&[CallArg]) -> Option<String>) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(at) = rest.find("url(") {
        let before = &rest[..at];
        let starts_name = !before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let call = &rest[at + 4..];
        let expanded = starts_name
            .then(|| crate::render::messages::call_args(call))
            .flatten()
            .and_then(|(args, close)| Some((resolve(&args)?, close)));
        match expanded {
            Some((address, close)) => {
                out.push_str(before);
                out.push('"');
                out.push_str(&address);
                out.push('"');
                rest = &call[close + 1..];
            }
            None => {
                out.push_str(&rest[..at + 4]);
                rest = call;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The arguments of a call when every one is a literal url() knows, else None.
fn literal_url_args<'a>(args: &[(&str, &'a str)]) -> Option<UrlArgs<'a>> {
    let text = |v: &'a str| {
        let inner = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
        (!inner.contains(['"', '\'', '\\'])).then_some(inner)
    };
    let mut url = UrlArgs::default();
    for &(name, value) in args {
        match name {
            "page" => url.page = Some(text(value)?),
            "id" => url.id = Some(text(value)?),
            "path" => url.path = Some(text(value)?),
            "n" => url.n = Some(value.parse().ok()?),
            "full" => {
                url.full = match value {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_one_address_each_under_the_root() {
        let root = Addresses::new("https://x.example/", "/");
        assert_eq!(root.page(Page::Home), "/");
        assert_eq!(root.page(Page::Need("food")), "/needs/food/");
        assert_eq!(root.page_at(Page::AtoZ, 3), "/services/page/3/");
        assert_eq!(root.page(Page::NotFound), "/404.html");
        assert_eq!(
            root.full(&root.page(Page::Hub("h"))),
            "https://x.example/hubs/h/"
        );
        let sub = Addresses::new("https://x.example", "/families/");
        assert_eq!(sub.page(Page::Home), "/families/");
        assert_eq!(
            sub.page_at(Page::Need("food"), 2),
            "/families/needs/food/page/2/"
        );
        assert_eq!(sub.path("/search/"), "/families/search/");
        assert_eq!(sub.path("assets/a.css"), "/families/assets/a.css");
        assert_eq!(sub.full_path("/"), "https://x.example/families/");
    }

    #[test]
    fn output_files_do_not_depend_on_the_root() {
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("needs/x/page/2/"), "needs/x/page/2/index.html");
        assert_eq!(output_file("404.html"), "404.html");
        assert_eq!(path_of_file("needs/index.html"), "/needs/");
        assert_eq!(path_of_file("index.html"), "/");
    }

    #[test]
    fn base_paths_are_checked() {
        for ok in ["/", "/families/", "/a/b-c_d.e~/"] {
            assert!(check_base_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "families",
            "/families",
            "families/",
            "//",
            "/a//b/",
            "/../",
            "/a b/",
        ] {
            assert!(check_base_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn written_out_url_calls_become_addresses_when_the_theme_loads() {
        let a = Addresses::new("https://x.example/", "/families/");
        let t = r#"<a href="{{ url(page='search') }}">{{url(path="search/manifest.gz", full=true)}}</a>"#;
        assert_eq!(
            expand_literal_urls(t, &a),
            r#"<a href="/families/search/">https://x.example/families/search/manifest.gz</a>"#
        );
        // Expressions, unknown pages and unknown arguments stay for the function to run
        // (or refuse, naming the template) when the page is made.
        for kept in [
            "{{ url(page='need', id=need.id) }}",
            "{{ url(page='nope') }}",
            "{{ url(page='search', colour='red') }}",
            "{% if page.url == url(page=x) %}",
            "{% if page.url == myurl(page='search') %}",
            "{{ t(key=\"x\") }}",
        ] {
            assert_eq!(expand_literal_urls(kept, &a), kept);
        }
        assert_eq!(
            expand_literal_urls("{{ url(page=\"services\", n=2) }}", &a),
            "/families/services/page/2/"
        );
        assert_eq!(
            expand_literal_urls(
                "{% if page.url != url(page='home') and x %}{% set s = url( page='search' ) %}",
                &a
            ),
            "{% if page.url != \"/families/\" and x %}{% set s = \"/families/search/\" %}"
        );
        assert_eq!(
            expand_literal_urls("{{ url(page='search') | upper }}", &a),
            "{{ \"/families/search/\" | upper }}"
        );
    }
}
