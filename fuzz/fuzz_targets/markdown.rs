//! Fuzzes descriptions (the markdown body of every listing, from strangers' pull requests)
//! through pulldown-cmark and the sanitiser (`render::markdown::to_html`), and the plain
//! text taken from them for meta descriptions (`plain_text`, `truncate`).
//!
//! Input: the description's text (bytes read as UTF-8, with bad sequences replaced, as
//! any text that reaches a listing is valid UTF-8).
//!
//! Properties: nothing panics or hangs (libFuzzer's -timeout); the HTML, placed in a page
//! as the templates place it, passes the same parsed-HTML safety check as tests/hostile.rs;
//! it cannot swallow or escape the page around it (an element after the description is
//! still a child of <body>, and the description's container still holds the description's
//! end marker); only http, https, mailto and tel links survive; the plain text is no longer
//! than asked (plus the ellipsis).

#![no_main]

use libfuzzer_sys::fuzz_target;
use scraper::{Html, Selector};
use signpost::render::markdown;

#[path = "../../tests/support/html_safety.rs"]
mod html_safety;

fuzz_target!(|data: &[u8]| {
    let md = String::from_utf8_lossy(data);
    let html = markdown::to_html(&md);

    let problems = html_safety::description_problems(&html);
    assert!(problems.is_empty(), "unsafe description: {problems:?}\n{html}");

    let doc = Html::parse_fragment(&html);
    let links = Selector::parse("a[href]").unwrap();
    for a in doc.select(&links) {
        // As browsers read it: tabs and line breaks dropped, then a scheme is a letter
        // followed by letters, digits, +, - or . before the colon; anything else before
        // it (`t%EF%BF%BDl:`) makes a relative address.
        let href: String = a
            .value()
            .attr("href")
            .unwrap_or_default()
            .trim()
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some((s, _)) = href.split_once(':')
            && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            assert!(
                matches!(s, "http" | "https" | "mailto" | "tel"),
                "a link with another scheme survived: {href}\n{html}"
            );
        }
    }

    for max in [0, 1, 20, 155] {
        let text = markdown::plain_text(&md, max);
        assert!(
            text.chars().count() <= max + 1,
            "plain_text({max}) gave {} characters",
            text.chars().count()
        );
        let cut = markdown::truncate(&md, max);
        assert!(cut.chars().count() <= max + 1);
    }
});
