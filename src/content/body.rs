//! Checks on a listing's description (the markdown below the fields): its size, how deeply
//! it nests, hidden text, characters that cannot be seen and its links. One parse with
//! pulldown-cmark; a description that fails is never rendered, so the sanitiser never sees
//! input that would make it slow.

use super::diagnostics::{Anchor, Diagnostic};
use super::formats;
use crate::yaml::Pos;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// The longest description, in characters (about 5,000 words).
pub const MAX_DESCRIPTION_CHARS: usize = 30_000;
/// How deeply a description may nest: quotes in lists in quotes, and HTML elements inside
/// each other. Real descriptions nest two or three deep; sanitising deeper nesting takes
/// time that grows with the square of the depth.
pub const MAX_DESCRIPTION_DEPTH: usize = 32;

/// HTML elements that never hold others, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Checks `body`, which starts on line `first_line` of the file (1-based); problems are
/// added to `diags` for `file`, with positions counted after the `line_offset` lines that
/// come before the fields (the caller's `locate` adds them back).
pub fn check(
    file: &str,
    body: &str,
    first_line: usize,
    line_offset: usize,
    diags: &mut Vec<Diagnostic>,
) {
    if body.is_empty() {
        return;
    }
    let at = |offset: usize| {
        let before = &body[..offset.min(body.len())];
        let line = before.bytes().filter(|b| *b == b'\n').count();
        let column = before[before.rfind('\n').map(|i| i + 1).unwrap_or(0)..]
            .chars()
            .count()
            + 1;
        Anchor::At(Pos {
            line: (first_line + line).saturating_sub(line_offset).max(1),
            column,
        })
    };
    let err = |diags: &mut Vec<Diagnostic>, anchor: Anchor, msg: String, help: &str| {
        diags.push(Diagnostic::error(file, anchor, msg).help(help));
    };
    if body.len() > MAX_DESCRIPTION_CHARS && body.chars().count() > MAX_DESCRIPTION_CHARS {
        err(
            diags,
            at(0),
            format!(
                "the description is {} characters; the limit is {MAX_DESCRIPTION_CHARS}",
                body.chars().count()
            ),
            "a listing should be a page or two of text: shorten the description, or link to a page with the detail",
        );
        return;
    }
    if let Some(found) = formats::forbidden_char(body, true) {
        let offset = body
            .char_indices()
            .nth(found.0 - 1)
            .map(|(i, _)| i)
            .unwrap_or(0);
        err(
            diags,
            at(offset),
            format!(
                "the description's {}",
                formats::forbidden_char_message(found).replacen(
                    "character",
                    "character at this place",
                    1
                )
            ),
            super::reader::HIDDEN_HELP,
        );
        return;
    }
    // Quotes and lists nest by their markers at the start of a line; counting them first
    // keeps the parser from building a tree thousands of levels deep.
    // The same pass tells whether the parse below is needed at all: links and HTML need
    // `[` or `<`, and nesting deeper than the limit needs a line whose start (spaces and
    // markers, at least 2 characters a level) is that long. Most descriptions are plain
    // paragraphs and skip it.
    let mut offset = 0;
    let mut deep_start = false;
    for line in body.split_inclusive('\n') {
        let start = line
            .bytes()
            .take_while(|b| {
                matches!(
                    b,
                    b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'
                )
            })
            .count();
        let markers = line[..start]
            .bytes()
            .filter(|b| matches!(b, b'>' | b'-' | b'*' | b'+'))
            .count();
        if markers > MAX_DESCRIPTION_DEPTH {
            err(diags, at(offset), too_deep(), DEPTH_HELP);
            return;
        }
        deep_start |= start >= 2 * MAX_DESCRIPTION_DEPTH;
        offset += line.len();
    }
    if !deep_start && !body.contains(['<', '[']) {
        return;
    }
    let mut depth = 0usize;
    let mut html_depth = 0usize;
    for (ev, range) in Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES)
        .into_offset_iter()
    {
        match ev {
            Event::Start(tag) => {
                // Quotes and lists are what nest; paragraphs and items inside them do not
                // add a level a person would count.
                if matches!(tag, Tag::BlockQuote(_) | Tag::List(_)) {
                    depth += 1;
                }
                // The page keeps the link's words but not the address (the sanitiser drops
                // it), so this is said, not refused.
                if let Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } = &tag
                    && let Err(why) = check_link(*link_type, dest_url)
                {
                    diags.push(
                        Diagnostic::warning(
                            file,
                            at(range.start),
                            format!("the link to `{dest_url}` is not allowed, so the page shows its words without the link: {why}"),
                        )
                        .help("links must be full web addresses (https://…), email addresses (mailto:…) or phone numbers (tel:…)"),
                    );
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) => {
                if h.trim_start().starts_with("<!--") {
                    err(
                        diags,
                        at(range.start),
                        "the description has an HTML comment (`<!-- … -->`): its words are hidden on the page but found by search and published in the open data".to_string(),
                        "delete the comment, or make its words part of the description; notes for editors can go in a YAML comment (a line starting with #) among the fields",
                    );
                }
                html_depth = html_nesting(&h, html_depth);
            }
            _ => {}
        }
        if depth + html_depth > MAX_DESCRIPTION_DEPTH {
            err(diags, at(range.start), too_deep(), DEPTH_HELP);
            return;
        }
    }
}

const DEPTH_HELP: &str = "use fewer quotes, lists or HTML elements inside each other";

fn too_deep() -> String {
    format!(
        "the description is nested too deeply: more than {MAX_DESCRIPTION_DEPTH} quotes, lists or HTML elements inside each other"
    )
}

/// The number of HTML elements left open after the tags in `html`, starting from `depth`:
/// an estimate (it does not know HTML's implied end tags) that is enough to bound nesting.
fn html_nesting(html: &str, mut depth: usize) -> usize {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) {
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|e| rest[..e].ends_with('/'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
        }
    }
    depth
}

/// A link in a description follows the rule for web addresses: http, https, mailto or tel,
/// and nothing relative (`//evil.example` and `\\evil.example` are other sites).
fn check_link(kind: LinkType, dest: &str) -> Result<(), String> {
    let lower = dest.trim().to_ascii_lowercase();
    if kind == LinkType::Email {
        return formats::check_email(dest);
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return formats::check_url(dest);
    }
    if let Some(addr) = lower.strip_prefix("mailto:") {
        return formats::check_email(&dest.trim()[dest.trim().len() - addr.len()..]);
    }
    if let Some(number) = lower.strip_prefix("tel:") {
        return formats::check_uk_phone(number);
    }
    Err("a link must start with https://, http://, mailto: or tel:".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(body: &str) -> Vec<String> {
        let mut d = Vec::new();
        check("services/x.md", body, 5, 1, &mut d);
        d.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn ordinary_descriptions_pass() {
        assert!(problems("Come along.\n\n> A quote\n\n- a\n  - b\n\n<b>bold</b><br>\n[Our site](https://marlbrook.example) [mail](mailto:fis@marlbrook.example) [call](tel:01632960101) <fis@marlbrook.example>").is_empty());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        for body in [
            "<div>".repeat(5_000),
            ">".repeat(20_000),
            "> ".repeat(10_000),
            "1. ".repeat(5_000),
            "- ".repeat(10_000),
            (0..40)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect::<String>(),
            "1. ".repeat(40),
            "<span>".repeat(40),
        ] {
            let start = std::time::Instant::now();
            let p = problems(&body);
            assert!(p.iter().any(|m| m.contains("nested too deeply")), "{p:?}");
            assert!(start.elapsed() < std::time::Duration::from_secs(2));
        }
        let p = problems(&"<div>".repeat(150_000));
        assert!(p[0].contains("the limit is 30000"), "{p:?}");
    }

    #[test]
    fn hidden_text_and_bad_links_are_refused() {
        assert!(problems("Hi <!-- secret words -->")[0].contains("HTML comment"));
        for bad in [
            "//evil.example",
            "\\\\evil.example",
            "https://good.example@evil.example",
            "mailto:a%40b.example?bcc=spy@evil.example",
            "javascript:alert(1)",
            "/services/x/",
        ] {
            let p = problems(&format!("[x]({bad})"));
            assert!(
                p.iter().any(|m| m.contains("is not allowed")),
                "{bad}: {p:?}"
            );
        }
        assert!(problems("a\0b")[0].contains("control character"));
        assert!(problems("a\u{202e}b")[0].contains("invisible"));
    }
}
