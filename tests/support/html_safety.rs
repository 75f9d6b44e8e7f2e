//! What "neutralised" means for a built page, checked on the parsed HTML rather than on
//! strings: no script except the theme's own files, no event handlers, no inline styles, no
//! frames or plugins, and no link or source that runs code or embeds data. Shared by the
//! hostile-content tests and the fuzz target (included with `#[path]`).

use scraper::Html;

/// Returns every problem found in one page (empty when the page is safe).
pub fn problems(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        if matches!(
            name,
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" | "img"
        ) {
            out.push(format!("a <{name}> element"));
        }
        if name == "style" {
            out.push("a <style> element".into());
        }
        if name == "meta" && el.attr("http-equiv").is_some() {
            out.push("a <meta http-equiv> element".into());
        }
        if name == "script" {
            match (el.attr("src"), el.attr("type")) {
                (Some(src), _) if src.starts_with("/assets/") => {}
                // The form editor's page (src/admin.rs, no content in it) loads the vendored
                // Decap CMS script and signpost's file format for it from its own folder.
                (Some("/admin/decap-cms.js" | "/admin/signpost-format.js"), _) => {}
                // Structured data, the "open today" calendar and the "My list" data are not
                // run; each must still be one whole JSON document, or content has broken out.
                (None, Some("application/ld+json" | "application/json")) => {
                    let text: String = node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                        out.push(format!("a data block that is not JSON ({e})"));
                    }
                }
                (src, _) => out.push(format!("a <script> that is not a theme asset: {src:?}")),
            }
        }
        for (attr, value) in el.attrs() {
            let attr_l = attr.to_ascii_lowercase();
            if attr_l.starts_with("on") {
                out.push(format!("an event handler {attr}={value:?} on <{name}>"));
            }
            if attr_l == "style" {
                out.push(format!("an inline style on <{name}>: {value:?}"));
            }
            if matches!(
                attr_l.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "poster" | "srcset"
            ) {
                // Browsers trim spaces and control characters around an address and
                // drop tabs and line breaks inside it (the URL standard); control
                // characters inside are dropped here too, as older browsers did. A space
                // inside stays, and ends a scheme.
                let scheme: String = value
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !c.is_control())
                    .take_while(|c| *c != ':' && *c != '/' && *c != '?' && *c != '#')
                    .collect::<String>()
                    .to_ascii_lowercase();
                // Only a valid scheme (a letter, then letters, digits, +, - or .) is one:
                // anything else before the colon (`t%EF%BF%BDl:`) makes a relative address.
                let valid = scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
                let has_scheme = value.contains(':') && valid;
                // sms: links are made by signpost from a checked UK phone number (a text number).
                if has_scheme
                    && !matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel" | "sms")
                    && value
                        .trim_matches(|c: char| c <= ' ')
                        .chars()
                        .filter(|c| !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase()
                        .starts_with(&format!("{scheme}:"))
                {
                    out.push(format!("a {scheme}: URL in {attr} on <{name}>: {value:?}"));
                }
            }
        }
    }
    out
}

/// Problems with a description's HTML placed in a page as the templates place it: any of
/// [`problems`], or the description swallowing what follows it, or breaking out of its
/// container. Shared by the fuzz target and the test of its known findings.
pub fn description_problems(description: &str) -> Vec<String> {
    use scraper::Selector;
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body>\
         <main><div class=\"description\">{description}<span id=\"end-of-description\"></span></div></main>\
         <footer id=\"after\"></footer></body></html>"
    );
    let mut out = problems(&page);
    let doc = Html::parse_document(&page);
    let found = |css: &str| Selector::parse(css).map_or(0, |s| doc.select(&s).count());
    if found("body > footer#after") != 1 {
        out.push("the description swallowed what follows it".into());
    }
    if found("main > div.description span#end-of-description") != 1 {
        out.push("the description broke out of its container".into());
    }
    out
}
