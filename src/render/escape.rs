//! Every escaper the output uses, in one place: HTML text and attributes (the templates,
//! the message catalogue, the map, the dev server's pages), XML (the sitemap) and JSON
//! inside a `<script>` element (JSON-LD, the pages' data blocks).

use std::borrow::Cow;

/// `input` with each ASCII byte that `with` maps to a replacement replaced; the runs between
/// them are copied whole (every value on every page passes through an escaper, and most
/// have nothing to replace). Borrowed when nothing changes.
pub fn replace_ascii(input: &str, with: impl Fn(u8) -> Option<&'static str>) -> Cow<'_, str> {
    let mut out = String::new();
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let Some(r) = with(b) else { continue };
        if out.is_empty() {
            out.reserve(input.len() + 16);
        }
        // Only ASCII bytes are replaced, so `i` is a character boundary.
        out.push_str(&input[start..i]);
        out.push_str(r);
        start = i + 1;
    }
    if start == 0 {
        return Cow::Borrowed(input);
    }
    out.push_str(&input[start..]);
    Cow::Owned(out)
}

/// Escapes what HTML needs escaped in text and in quoted attributes. Tera's default also
/// escapes `/`, which is safe but makes every URL three times longer.
pub fn html(input: &str) -> String {
    replace_ascii(input, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
    .into_owned()
}

/// Escapes text and attribute values for XML, with XML's own name for the apostrophe.
pub fn xml(input: &str) -> String {
    replace_ascii(input, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&apos;"),
        _ => None,
    })
    .into_owned()
}

/// JSON with `<`, `>` and `&` written as \u escapes: still the same JSON, but no `</script`
/// or `<!--` can appear in the HTML it is put in.
pub fn json_for_script(v: &serde_json::Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    match replace_ascii(&s, |b| match b {
        b'<' => Some("\\u003c"),
        b'>' => Some("\\u003e"),
        b'&' => Some("\\u0026"),
        _ => None,
    }) {
        Cow::Owned(escaped) => escaped,
        Cow::Borrowed(_) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_keeps_other_text_and_borrows_when_nothing_changes() {
        let amp = |b| (b == b'&').then_some("&amp;");
        assert!(matches!(
            replace_ascii("Café – no ampersand", amp),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            replace_ascii("&Café & “tea”&", amp),
            "&amp;Café &amp; “tea”&amp;"
        );
    }

    #[test]
    fn html_escapes_text_and_attribute_characters_but_not_slashes() {
        assert_eq!(
            html("<a href='x/y'>Tom & \"Jo\"</a>"),
            "&lt;a href=&#39;x/y&#39;&gt;Tom &amp; &quot;Jo&quot;&lt;/a&gt;"
        );
        assert_eq!(html("Café – plain"), "Café – plain");
    }

    #[test]
    fn xml_uses_the_xml_apostrophe() {
        assert_eq!(
            xml("/a?b=1&c='<d>'\""),
            "/a?b=1&amp;c=&apos;&lt;d&gt;&apos;&quot;"
        );
        assert_eq!(xml("/services/x/"), "/services/x/");
    }

    #[test]
    fn json_for_script_cannot_end_the_element_and_stays_the_same_json() {
        let v = serde_json::json!({"a": "</script><!-- & é"});
        let out = json_for_script(&v);
        assert_eq!(out, r#"{"a":"\u003c/script\u003e\u003c!-- \u0026 é"}"#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap(), v);
        assert_eq!(json_for_script(&serde_json::json!([1, "x"])), r#"[1,"x"]"#);
    }
}
