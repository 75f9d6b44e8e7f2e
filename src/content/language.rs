//! Languages a service is offered in: any ISO 639 language, by code.
//!
//! A listing may name any language in ISO 639 (the `isolang` crate holds the standard's
//! table, with each language's English name and, where known, its name in itself). Each
//! is kept under one code so filters and open data never split a language in two: the
//! two-letter ISO 639-1 code when the language has one (`slk` is kept as `sk`), otherwise
//! the three-letter ISO 639-3 code (`rom`, Romani). British Sign Language is `bsl`, as
//! signpost has always written it; its ISO 639-3 code `bfi` is read as the same language
//! (ISO's own `bsl` is a Nigerian language no UK directory lists).
//!
//! The languages in [`model::LANGUAGES`](super::model::LANGUAGES) are named by the
//! theme's message catalogue, so a translated site names them in its own language; any
//! other takes its English name from ISO 639.

use super::model::{LANGUAGES, value_name};
use isolang::Language;

/// British Sign Language, as content writes it.
pub const BSL: &str = "bsl";
/// ISO 639-3's code for British Sign Language, read as [`BSL`].
const BSL_ISO: &str = "bfi";

fn iso(code: &str) -> Option<Language> {
    match code.len() {
        2 => Language::from_639_1(code),
        3 => Language::from_639_3(code),
        _ => None,
    }
}

/// The code a language is kept under, or None when `code` is not an ISO 639 code.
pub fn canonical(code: &str) -> Option<String> {
    let c = code.trim().to_ascii_lowercase();
    if c == BSL || c == BSL_ISO {
        return Some(BSL.to_string());
    }
    let lang = iso(&c)?;
    Some(lang.to_639_1().unwrap_or(lang.to_639_3()).to_string())
}

/// The code a language name stands for (`slovak`, `Czech`): for the "did you mean" of a
/// language written by name instead of code.
pub fn code_for_name(name: &str) -> Option<String> {
    let n = name.trim().to_lowercase();
    if n == "british sign language" || n == "sign language" {
        return Some(BSL.to_string());
    }
    // The table's names are capitalised: "Polish".
    let mut chars = n.chars();
    let first = chars.next()?.to_uppercase().collect::<String>();
    let lang = Language::from_name(&(first + chars.as_str()))?;
    canonical(lang.to_639_3())
}

/// The language's name in the build's wording: the catalogue's name for the languages it
/// names, otherwise ISO 639's English name; a code that is not a language reads as itself.
pub fn name(code: &str) -> String {
    if LANGUAGES.contains(&code) {
        return value_name("languages", code);
    }
    match iso(code) {
        Some(l) => l.to_name().to_string(),
        None => code.to_string(),
    }
}

/// The language's name in itself ("polski" for Polish), when it differs from its English
/// name and is known: pages show it beside the name so a family finds their language in
/// the script they read.
pub fn own_name(code: &str) -> Option<&'static str> {
    if code == BSL {
        return None;
    }
    let lang = iso(code)?;
    let own = lang.to_autonym()?;
    (!own.eq_ignore_ascii_case(lang.to_name())).then_some(own)
}

/// The language's code in open data (ISO 639): `bfi` for British Sign Language.
pub fn iso_code(code: &str) -> &str {
    if code == BSL { BSL_ISO } else { code }
}

/// Every language the services name, once each: the catalogue's languages in its order
/// (English first), then the others by name. For filters and open data's vocabulary.
pub fn in_use<'a>(lists: impl Iterator<Item = &'a [String]>) -> Vec<String> {
    let mut seen: std::collections::BTreeSet<&str> = Default::default();
    for list in lists {
        seen.extend(list.iter().map(String::as_str));
    }
    let mut out: Vec<String> = LANGUAGES
        .iter()
        .filter(|c| seen.contains(**c))
        .map(|c| c.to_string())
        .collect();
    let mut others: Vec<(String, &str)> = seen
        .iter()
        .filter(|c| !LANGUAGES.contains(c))
        .map(|c| (name(c), *c))
        .collect();
    others.sort();
    out.extend(others.into_iter().map(|(_, c)| c.to_string()));
    out
}

/// The languages an editor offers: those the services name ([`in_use`]'s order), then
/// every other language with a two-letter code and British Sign Language, by name.
pub fn choices<'a>(lists: impl Iterator<Item = &'a [String]>) -> Vec<String> {
    let mut out = in_use(lists);
    let mut rest: Vec<(String, String)> = Vec::new();
    for a in b'a'..=b'z' {
        for b in b'a'..=b'z' {
            let code = String::from_utf8(vec![a, b]).unwrap_or_default();
            if Language::from_639_1(&code).is_some() && !out.contains(&code) {
                rest.push((name(&code), code));
            }
        }
    }
    if !out.iter().any(|c| c == BSL) {
        rest.push((name(BSL), BSL.to_string()));
    }
    rest.sort();
    out.extend(rest.into_iter().map(|(_, c)| c));
    out
}

/// The name a filter shows: the name, then the name in itself when that differs
/// ("Slovak (slovenčina)").
pub fn name_with_own(code: &str) -> String {
    match own_name(code) {
        Some(own) => format!("{} ({own})", name(code)),
        None => name(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_iso_639_language_is_kept_under_one_code() {
        assert_eq!(canonical("sk").as_deref(), Some("sk"));
        assert_eq!(canonical("SLK").as_deref(), Some("sk"));
        assert_eq!(canonical("ces").as_deref(), Some("cs"));
        assert_eq!(canonical("rom").as_deref(), Some("rom"));
        assert_eq!(canonical("bfi").as_deref(), Some("bsl"));
        assert_eq!(canonical("bsl").as_deref(), Some("bsl"));
        assert_eq!(canonical("xx"), None);
        assert_eq!(canonical("english"), None);
    }

    #[test]
    fn names_come_from_iso_639_when_the_catalogue_has_none() {
        assert_eq!(name("sk"), "Slovak");
        assert_eq!(name("rom"), "Romany");
        assert_eq!(own_name("sk"), Some("slovenčina"));
        assert_eq!(own_name("cs"), Some("čeština"));
        assert_eq!(own_name("en"), None);
        assert_eq!(own_name("bsl"), None);
        assert_eq!(iso_code("bsl"), "bfi");
        assert_eq!(code_for_name("Slovak").as_deref(), Some("sk"));
        assert_eq!(code_for_name("czech").as_deref(), Some("cs"));
    }
}
