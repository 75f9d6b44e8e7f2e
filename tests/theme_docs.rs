//! docs/themes.md, the contract with theme authors, is made from the doc comments of the view
//! structs (src/render/views.rs, src/render/family.rs) and of the template functions, read
//! as Rust. These tests fail when the committed doc differs from what the structs say, and
//! when what templates are given for the sample site differs from what the structs declare.
//!
//! Regenerate the doc with `SIGNPOST_WRITE_THEME_DOCS=1 cargo test --test theme_docs`.

use serde_json::Value;
use signpost::address::Page;
use signpost::content::load::Source;
use signpost::render::pages::{Renderer, SitePage};
use signpost::site::Site;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const DOC: &str = "docs/themes.md";
const VIEW_FILES: [&str; 2] = ["src/render/views.rs", "src/render/family.rs"];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A field of a view struct, as templates see it.
struct Field {
    /// The name in the template's data (after `#[serde(rename)]`).
    name: String,
    /// The type, as Rust writes it.
    ty: syn::Type,
    doc: String,
    /// `#[serde(flatten)]`: the fields of `ty` are this struct's.
    flatten: bool,
}

/// A struct (or an untagged enum's variants, each a set of fields) the views are made of.
struct View {
    doc: String,
    variants: Vec<Vec<Field>>,
    /// An enum's variants' names and docs (one form of the value each).
    forms: Vec<(String, String)>,
}

fn doc_of(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    // Paragraphs stay apart; lines of one paragraph join, but for list items ("- ").
    lines
        .split(|l| l.is_empty())
        .map(|p| {
            let mut out = String::new();
            for line in p {
                if !out.is_empty() {
                    out.push(if line.starts_with("- ") { '\n' } else { ' ' });
                }
                out.push_str(line);
            }
            out
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn derives_serialize(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let mut found = false;
        if a.path().is_ident("derive") {
            let _ = a.parse_nested_meta(|m| {
                found |= m.path.is_ident("Serialize");
                Ok(())
            });
        }
        found
    })
}

fn fields_of(fields: &syn::Fields) -> Vec<Field> {
    fields
        .iter()
        .map(|f| {
            let mut name = f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default();
            let mut flatten = false;
            for a in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
                a.parse_nested_meta(|m| {
                    if m.path.is_ident("flatten") {
                        flatten = true;
                    } else if m.path.is_ident("rename") {
                        name = m.value()?.parse::<syn::LitStr>()?.value();
                    } else {
                        panic!("serde attribute the theme docs do not know: {name}");
                    }
                    Ok(())
                })
                .unwrap();
            }
            Field {
                name,
                ty: f.ty.clone(),
                doc: doc_of(&f.attrs),
                flatten,
            }
        })
        .collect()
}

fn read(path: &str) -> syn::File {
    let text = std::fs::read_to_string(repo().join(path)).unwrap();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every serialised struct and enum of the view files, by name.
fn views() -> BTreeMap<String, View> {
    let mut out = BTreeMap::new();
    for path in VIEW_FILES {
        for item in read(path).items {
            match item {
                syn::Item::Struct(s) if derives_serialize(&s.attrs) => {
                    out.insert(
                        s.ident.to_string(),
                        View {
                            doc: doc_of(&s.attrs),
                            variants: vec![fields_of(&s.fields)],
                            forms: Vec::new(),
                        },
                    );
                }
                syn::Item::Enum(e) if derives_serialize(&e.attrs) => {
                    out.insert(
                        e.ident.to_string(),
                        View {
                            doc: doc_of(&e.attrs),
                            variants: e.variants.iter().map(|v| fields_of(&v.fields)).collect(),
                            forms: e
                                .variants
                                .iter()
                                .map(|v| (v.ident.to_string(), doc_of(&v.attrs)))
                                .collect(),
                        },
                    );
                }
                _ => {}
            }
        }
    }
    out
}

/// The doc comment of an item (a struct) in a file.
fn item_doc(path: &str, name: &str) -> String {
    read(path)
        .items
        .iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == name => Some(doc_of(&s.attrs)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{path} has no struct {name}"))
}

/// Rustdoc's links to view structs ("[`Card`]", "[`Card`](views::Card)") as links to their
/// section of the doc.
fn links(doc: &str, views: &BTreeMap<String, View>) -> String {
    let mut out = String::new();
    let mut rest = doc;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("`]") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        rest = &after[end + 2..];
        if rest.starts_with('(')
            && let Some(close) = rest.find(')')
        {
            rest = &rest[close + 1..];
        }
        if views.contains_key(name) {
            out.push_str(&format!("[{name}](#{})", name.to_lowercase()));
        } else {
            out.push_str(&format!("`{name}`"));
        }
    }
    out.push_str(rest);
    out
}

/// The last segment of a type path and its type arguments: `Vec<T>` is ("Vec", [T]).
fn parts(ty: &syn::Type) -> (String, Vec<&syn::Type>) {
    match ty {
        syn::Type::Reference(r) => parts(&r.elem),
        syn::Type::Slice(s) => ("Vec".into(), vec![&*s.elem]),
        syn::Type::Path(p) => {
            let seg = p.path.segments.last().unwrap();
            let args = match &seg.arguments {
                syn::PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (seg.ident.to_string(), args)
        }
        _ => panic!("a view field type the theme docs do not know"),
    }
}

/// How the doc writes a type: "text", "list of [Card](#card)", "number or null".
fn type_words(ty: &syn::Type, views: &BTreeMap<String, View>) -> String {
    let (name, args) = parts(ty);
    match name.as_str() {
        "String" | "str" => "text".into(),
        "bool" => "true or false".into(),
        "usize" | "u8" | "u32" | "f64" => "number".into(),
        "Vec" => format!("list of {}", type_words(args[0], views)),
        "Option" => format!("{} or null", type_words(args[0], views)),
        // The content model's map of fields declared extra in the schema.
        "Extra" => "map of field name to text".into(),
        other if views.contains_key(other) => format!("[{other}](#{})", other.to_lowercase()),
        other => panic!("a view field type the theme docs do not know: {other}"),
    }
}

/// The struct a field's values are, if any: `Vec<Option<T>>` is T.
fn inner_view<'v>(ty: &syn::Type, views: &'v BTreeMap<String, View>) -> Option<&'v str> {
    let (name, args) = parts(ty);
    match name.as_str() {
        "Vec" | "Option" => inner_view(args[0], views),
        other => views.get_key_value(other).map(|(k, _)| k.as_str()),
    }
}

/// What every template sees besides its page type's view: name, the view struct it is
/// made of (checked against what templates get), type and meaning.
const EVERY_PAGE: [(&str, &str, &str, &str); 6] = [
    (
        "site",
        "SiteView",
        "[SiteView](#siteview)",
        "The site's settings.",
    ),
    (
        "page",
        "PageMeta",
        "[PageMeta](#pagemeta)",
        "The page itself.",
    ),
    (
        "crumbs",
        "Crumb",
        "list of [Crumb](#crumb)",
        "The breadcrumbs from the home page down (empty on the home page).",
    ),
    (
        "assets",
        "",
        "map of text to text",
        "The theme's static files: logical name (`site.css`) to address, fingerprinted.",
    ),
    (
        "signpost_data",
        "",
        "text",
        "The page's data block for the scripts (the site's base path), as HTML; their wording is the messages.js asset.",
    ),
    (
        "jsonld",
        "",
        "text",
        "The page's schema.org JSON-LD, escaped for a script element; may be empty.",
    ),
];

fn fields_table(out: &mut String, view: &View, views: &BTreeMap<String, View>) {
    for (i, fields) in view.variants.iter().enumerate() {
        if let Some((form, doc)) = view.forms.get(i) {
            let or = if i == 0 { "Either" } else { "Or" };
            out.push_str(&format!("\n{or} `{form}`: {doc}\n"));
        }
        out.push_str("\n| Field | Type | What it is |\n|---|---|---|\n");
        for f in fields {
            let doc = links(&f.doc, views).replace('\n', " ").replace('|', "\\|");
            if f.flatten {
                out.push_str(&format!(
                    "| *every field of {}* | | {doc} |\n",
                    type_words(&f.ty, views)
                ));
            } else {
                out.push_str(&format!(
                    "| `{}` | {} | {doc} |\n",
                    f.name,
                    type_words(&f.ty, views)
                ));
            }
        }
    }
}

/// The page types of the sample, one of each template, with its address pattern.
fn page_types(site: &Site) -> Vec<(SitePage, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for p in SitePage::all(site) {
        if !seen.insert(p.template()) {
            continue;
        }
        // The address with the item's id as a placeholder. No catch-all arm: a new page
        // type must say here what its address looks like.
        let id = "{id}";
        let pattern = match p.address(site) {
            Page::Category(_) => Page::Category(id),
            Page::Need(_) => Page::Need(id),
            Page::Locality(_) => Page::Locality(id),
            Page::Hub(_) => Page::Hub(id),
            Page::Venue(_) => Page::Venue(id),
            Page::Organisation(_) => Page::Organisation(id),
            Page::Service(_) => Page::Service(id),
            Page::ChildcareArea(_) => Page::ChildcareArea(id),
            Page::ChildcareType(_) => Page::ChildcareType(id),
            Page::ChildcareProvider(_) => Page::ChildcareProvider(id),
            Page::LocalOfferSection(_) => Page::LocalOfferSection(id),
            other @ (Page::Home
            | Page::NeedsIndex
            | Page::LocalitiesIndex
            | Page::HubsIndex
            | Page::OrganisationsIndex
            | Page::AtoZ
            | Page::Search
            | Page::Accessibility
            | Page::NotFound
            | Page::AddYourGroup
            | Page::StartForLife
            | Page::Coverage
            | Page::MyList
            | Page::ReportThanks
            | Page::ChildcareIndex
            | Page::Holidays
            | Page::LocalOffer
            | Page::YouSaidWeDid) => other,
        };
        let mut address = format!("`{}`", site.address.page(pattern));
        if p.is_list() {
            address.push_str(&format!(
                "; page 2 of its list `{}`",
                site.address.page_at(pattern, 2)
            ));
        }
        out.push((p, address));
    }
    out
}

/// The view struct of each template, from the structs' docs ("The home page (index.html).").
fn view_of_template(views: &BTreeMap<String, View>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, v) in views {
        let first = v.doc.split("\n\n").next().unwrap_or("");
        for word in first.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-')) {
            if let Some(stem) = word.strip_suffix(".html")
                && !stem.is_empty()
            {
                out.insert(word.to_string(), name.clone());
            }
        }
    }
    out
}

fn sample_site() -> Site {
    let source = Source::Dir(repo().join("content"));
    let today = jiff::civil::date(2026, 11, 24);
    let checked = signpost::content::check(&source, today).unwrap();
    Site::build(checked.content, today).unwrap()
}

fn generate(site: &Site) -> String {
    let views = views();
    let by_template = view_of_template(&views);
    let mut out = String::new();
    out.push_str(
        "# Themes: what templates see\n\n\
         <!-- Generated from the doc comments of src/render/views.rs, src/render/family.rs and \
         the template functions by tests/theme_docs.rs: \
         `SIGNPOST_WRITE_THEME_DOCS=1 cargo test --test theme_docs`. Do not edit by hand. -->\n\n\
         A theme is a folder of [tera](https://keats.github.io/tera/) templates (`templates/`), \
         static files (`static/`) and wording (`messages/en.yaml`) that override the default \
         theme's (themes/default) file by file; site.yaml's `theme` names it. Each page type \
         below is drawn by one template, which sees its page type's fields and those every \
         page sees. Every phrase is already worded and every address already made: templates \
         lay things out.\n\n\
         ## What every template sees\n\n\
         | Name | Type | What it is |\n|---|---|---|\n",
    );
    for (name, _, ty, doc) in EVERY_PAGE {
        out.push_str(&format!("| `{name}` | {ty} | {doc} |\n"));
    }
    out.push_str("\n## Functions templates can call\n\n");
    for (path, name, call) in [
        ("src/address.rs", "UrlFunction", "url()"),
        ("src/render/messages.rs", "TemplateFn", "t()"),
        ("src/render/pages.rs", "CardFn", "card() and cards()"),
    ] {
        out.push_str(&format!(
            "### {call}\n\n{}\n\n",
            links(&item_doc(path, name), &views)
        ));
    }
    out.push_str("## Page types\n\n");
    let mut listed = BTreeSet::new();
    for (p, address) in page_types(site) {
        let template = p.template();
        let view = by_template
            .get(template)
            .unwrap_or_else(|| panic!("no view struct names {template} in its doc comment"));
        let v = &views[view];
        out.push_str(&format!(
            "### {template}\n\n{}\n\nAddress: {address}. View: `{view}`.\n",
            links(&v.doc, &views)
        ));
        if v.variants.iter().all(|f| f.is_empty()) {
            out.push_str("\nNothing besides what every template sees.\n");
        } else {
            fields_table(&mut out, v, &views);
        }
        out.push('\n');
        listed.insert(view.clone());
    }
    out.push_str("## Parts\n\nThe structures the fields above are made of.\n\n");
    for (name, v) in &views {
        if listed.contains(name) {
            continue;
        }
        out.push_str(&format!("### {name}\n\n{}\n", links(&v.doc, &views)));
        fields_table(&mut out, v, &views);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn every_view_field_is_documented() {
    let mut missing = Vec::new();
    for (name, v) in views() {
        if v.doc.is_empty() {
            missing.push(name.clone());
        }
        for f in v.variants.iter().flatten() {
            if f.doc.is_empty() {
                missing.push(format!("{name}.{}", f.name));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "view structs and fields without a doc comment (the theme contract): {missing:?}"
    );
}

#[test]
fn the_theme_doc_is_the_one_the_view_structs_make() {
    let generated = generate(&sample_site());
    let path = repo().join(DOC);
    if std::env::var_os("SIGNPOST_WRITE_THEME_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if generated != committed {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(generated.lines().count()))
            + 1;
        panic!(
            "{DOC} differs from the view structs' doc comments (first at line {line}); run \
             `SIGNPOST_WRITE_THEME_DOCS=1 cargo test --test theme_docs` and commit the result"
        );
    }
}

/// Checks that a value has exactly the fields the struct `view` declares, and so on down.
fn check(
    value: &Value,
    view: &str,
    views: &BTreeMap<String, View>,
    at: &str,
    errors: &mut Vec<String>,
) {
    let v = &views[view];
    let Some(object) = value.as_object() else {
        errors.push(format!("{at}: not an object, but {view} is a struct"));
        return;
    };
    let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    // The fields of each form, flattened structs' fields included.
    let forms: Vec<Vec<&Field>> = v.variants.iter().map(|f| flat(f, views)).collect();
    let Some(form) = forms.iter().find(|form| {
        form.iter()
            .map(|f| f.name.as_str())
            .collect::<BTreeSet<_>>()
            == keys
    }) else {
        errors.push(format!(
            "{at}: has the fields {keys:?}, but {view} declares {:?}",
            forms
                .iter()
                .map(|f| f.iter().map(|f| f.name.as_str()).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        ));
        return;
    };
    for f in form {
        if let Some(inner) = inner_view(&f.ty, views) {
            check_each(
                &object[&f.name],
                inner,
                views,
                &format!("{at}.{}", f.name),
                errors,
            );
        }
    }
}

/// Lists and nulls of a struct: each item is checked.
fn check_each(
    value: &Value,
    view: &str,
    views: &BTreeMap<String, View>,
    at: &str,
    errors: &mut Vec<String>,
) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_each(item, view, views, &format!("{at}[{i}]"), errors);
            }
        }
        other => check(other, view, views, at, errors),
    }
}

fn flat<'v>(fields: &'v [Field], views: &'v BTreeMap<String, View>) -> Vec<&'v Field> {
    let mut out = Vec::new();
    for f in fields {
        if f.flatten {
            let inner = inner_view(&f.ty, views).expect("a flattened field is a view struct");
            out.extend(flat(&views[inner].variants[0], views));
        } else {
            out.push(f);
        }
    }
    out
}

#[test]
fn templates_get_exactly_the_fields_the_view_structs_declare() {
    let site = sample_site();
    let views = views();
    let by_template = view_of_template(&views);
    // A theme whose every page template writes out what it was given.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let types = page_types(&site);
    for (p, _) in &types {
        std::fs::write(
            dir.path().join("templates").join(p.template()),
            "{{ __tera_context | safe }}",
        )
        .unwrap();
    }
    let theme = signpost::render::templates::load(Some(dir.path())).unwrap();
    let renderer = Renderer::new(&site, &theme);
    let mut errors = Vec::new();
    let mut checked = BTreeSet::new();
    for p in SitePage::all(&site) {
        let template = p.template();
        let view = &by_template[template];
        for (path, dump) in renderer.render(p).unwrap() {
            let data: Value = serde_json::from_str(&dump)
                .unwrap_or_else(|e| panic!("{path}: the context is not JSON: {e}"));
            let object = data.as_object().unwrap();
            let own: BTreeMap<String, Value> = object
                .iter()
                .filter(|(k, _)| !EVERY_PAGE.iter().any(|e| e.0 == k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            check(
                &Value::Object(own.into_iter().collect()),
                view,
                &views,
                &path,
                &mut errors,
            );
            for (name, ty, _, _) in EVERY_PAGE {
                let value = object
                    .get(name)
                    .unwrap_or_else(|| panic!("{path}: no `{name}`"));
                if !ty.is_empty() {
                    check_each(value, ty, &views, &format!("{path}: {name}"), &mut errors);
                }
            }
            checked.insert(template);
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(checked.len(), types.len(), "every page type was checked");
}
