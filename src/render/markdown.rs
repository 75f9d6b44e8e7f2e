//! Markdown from untrusted pull requests to safe HTML: pulldown-cmark renders, ammonia
//! keeps only harmless tags and only http, https, mailto and tel links.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
        // Images would be requests to other hosts (and a tracking risk); styles, iframes
        // and forms are never allowed by ammonia's defaults.
        b.rm_tags(&["img"]);
        b.link_rel(Some("noopener noreferrer"));
        // The documented rule is strict: `//evil.example` and `\\evil.example` are other
        // sites, `https://good.example@evil.example` is evil.example, and `mailto:` with `?`
        // can add a hidden copy. `signpost check` refuses such links; this keeps them off
        // the page whatever reaches it. An address with a control character in it
        // (`jav\u{1}ascript:`) goes too: older readers skipped such characters (found by
        // fuzz/markdown).
        b.url_relative(ammonia::UrlRelative::Deny);
        b.attribute_filter(|_, attribute, value| {
            let control =
                matches!(attribute, "href" | "src" | "cite") && value.chars().any(char::is_control);
            if control || (attribute == "href" && !link_allowed(value)) {
                None
            } else {
                Some(value.into())
            }
        });
        b
    })
}

fn link_allowed(href: &str) -> bool {
    use crate::content::formats;
    let lower = href.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        formats::check_url(href).is_ok()
    } else if let Some(addr) = href.trim().get("mailto:".len()..)
        && lower.starts_with("mailto:")
    {
        formats::check_email(addr).is_ok()
    } else if let Some(number) = lower.strip_prefix("tel:") {
        formats::check_uk_phone(number).is_ok()
    } else {
        false
    }
}

/// Renders a description. Headings move down one level (the page has its own h1) and
/// never go above h2.
pub fn to_html(md: &str) -> String {
    if md.trim().is_empty() {
        return String::new();
    }
    let shift = |l: HeadingLevel| match l {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    };
    let mut raw_html = false;
    let parser =
        Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).map(|ev| {
            match ev {
                Event::Html(_) | Event::InlineHtml(_) => {
                    raw_html = true;
                    ev
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => Event::Start(Tag::Heading {
                    level: shift(level),
                    id,
                    classes,
                    attrs,
                }),
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
                other => other,
            }
        });
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    let clean = cleaner().clean(&html).to_string();
    if raw_html { settled(clean) } else { clean }
}

/// Raw HTML can leave a tree whose written form a browser reads differently: an `<li>`
/// the parser put inside a `<div>` in table context closes the list item around it when
/// the page is read, and the `</div>` after it then closes the page's own container (found
/// by fuzz/markdown). Cleaning the cleaned HTML again reads it as the page will; once two
/// passes agree, the page reads the tree that was checked. Only descriptions with raw
/// HTML pay for the extra pass: pulldown-cmark's own HTML is already well formed.
fn settled(mut html: String) -> String {
    for _ in 0..4 {
        let again = cleaner().clean(&html).to_string();
        if again == html {
            return html;
        }
        html = again;
    }
    // Never seen: a tree that keeps changing is shown as text rather than trusted.
    crate::render::escape::html(&html)
}

/// The first paragraph as plain text, for meta descriptions.
pub fn plain_text(md: &str, max: usize) -> String {
    let mut out = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) => break,
            _ => {}
        }
        if out.len() > max {
            break;
        }
    }
    truncate(&out, max)
}

pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_javascript_links_never_survive() {
        let html = to_html(
            "Hello <script>alert(1)</script>\n\n[click](javascript:alert(2)) <a href=\"javascript:alert(3)\" onclick=\"x()\">x</a> \
             <img src=\"https://tracker.example/p.png\"> <iframe src=\"https://evil.example\"></iframe> <span style=\"color:red\">s</span> \
             [ok](https://safe.example) [call](tel:01632960101)",
        );
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "javascript:",
            "onclick",
            "<img",
            "<iframe",
            "style=",
        ] {
            assert!(!lower.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("href=\"https://safe.example\""));
        assert!(html.contains("href=\"tel:01632960101\""));
    }

    #[test]
    fn links_to_other_sites_in_disguise_lose_their_address() {
        let html = to_html(
            "[a](//evil.example) [b](\\\\evil.example) [c](https://good.example@evil.example) \
             [d](mailto:a%40x.example?bcc=spy@evil.example) <a href=\"/relative\">e</a> [ok](mailto:fis@marlbrook.example)",
        );
        assert!(!html.contains("evil.example"), "{html}");
        assert!(!html.contains("relative\""), "{html}");
        assert!(
            html.contains("href=\"mailto:fis@marlbrook.example\""),
            "{html}"
        );
    }

    #[test]
    fn an_address_with_control_characters_is_dropped() {
        let html = to_html("<a href=\"jav\u{1}ascript:x\">y</a> [z](java\u{0}script:alert(1))");
        assert!(!html.contains("href"), "{html}");
        assert!(html.contains(">y</a>"), "{html}");
    }

    #[test]
    fn headings_start_at_h2() {
        assert!(to_html("# Title\n\ntext").starts_with("<h2>Title</h2>"));
    }
}
