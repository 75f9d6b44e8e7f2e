//! The field tables of docs/content.md, generated from the declaration. Each sits between
//! `<!-- fields:{id} start -->` and `<!-- fields:{id} end -->`; the guidance around them is
//! written by hand. The tables of language and accessibility codes are made the same way,
//! between `<!-- values:{id} start -->` and `end -->`. Regenerate with
//! `cargo run --example docs`.

use super::{Choices, Columns, Field, Object, SERVICE, Type, fill_values, objects};
use crate::content::model::value_key;
use crate::render::messages::Messages;

/// Where the doc is, from the repository's root.
pub const PATH: &str = "docs/content.md";
/// How to regenerate it, for messages.
pub const REGENERATE: &str = "cargo run --example docs";

/// The markdown table of a group's fields (ending in a newline); empty for groups whose
/// fields are described in the text instead.
pub fn table(o: &Object) -> String {
    let head: &[&str] = match o.docs {
        Columns::Required => &["Field", "Required?", "What to write"],
        Columns::RequiredAndDefault => {
            &["Field", "Required?", "What to write", "If you leave it out"]
        }
        Columns::WhatOnly => &["Field", "What to write"],
        Columns::None => return String::new(),
    };
    let mut out = row(head.iter().map(|s| s.to_string()));
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for f in o.fields {
        let name = format!("`{}`", f.name);
        let what = fill_values(f.doc, f, in_words);
        let cells = match o.docs {
            Columns::Required => vec![name, required(f), what],
            Columns::RequiredAndDefault => vec![
                name,
                required(f),
                what,
                f.doc_default.unwrap_or("").to_string(),
            ],
            _ => vec![name, what],
        };
        out.push_str(&row(cells.into_iter()));
    }
    out
}

fn required(f: &Field) -> String {
    f.doc_required
        .unwrap_or(if f.required { "Yes" } else { "No" })
        .to_string()
}

fn row(cells: impl Iterator<Item = String>) -> String {
    let mut out = String::from("|");
    for c in cells {
        if c.is_empty() {
            out.push_str(" |");
        } else {
            out.push_str(&format!(" {c} |"));
        }
    }
    out.push('\n');
    out
}

/// `a`, `b` or `c`.
fn in_words(codes: &[&str]) -> String {
    let quoted: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The tables of codes with what the website calls each: the place marked
/// `<!-- values:{id} start -->`, the field whose values they are, and the heading of the
/// second column.
fn value_tables() -> Vec<(&'static str, Option<&'static Field>, &'static str)> {
    vec![
        ("languages", SERVICE.field("languages"), "Language"),
        (
            "accessibility",
            SERVICE.field("accessibility"),
            "What the website says",
        ),
    ]
}

/// A table of a field's codes and their names.
fn values_table(f: &Field, heading: &str) -> String {
    let mut out = row(["Code".to_string(), heading.to_string()].into_iter());
    out.push_str("|---|---|\n");
    // The names are the default theme's English ones, as the website shows them (the
    // catalogue is part of the binary; tests/messages.rs checks it loads).
    let english = Messages::built_in("en").ok();
    let named = match (&f.ty, f.ty.choices()) {
        // Any ISO 639 language is allowed; the table lists those the catalogue names.
        (Type::Languages, _) => Some(("languages", crate::content::model::LANGUAGES)),
        (_, Some(Choices::Named(list, codes))) => Some((list, codes)),
        _ => None,
    };
    if let Some((list, codes)) = named {
        for code in codes {
            let name = english
                .as_ref()
                .map_or_else(|| code.to_string(), |m| m.text(&value_key(list, code), &[]));
            out.push_str(&row([format!("`{code}`"), name].into_iter()));
        }
    }
    out
}

fn start_marker(id: &str) -> String {
    format!("<!-- {id} start -->\n")
}
fn end_marker(id: &str) -> String {
    format!("<!-- {id} end -->")
}

/// Replaces what is between the markers of `id` with `text`.
fn replace_block(doc: &mut String, id: &str, text: &str) -> Result<(), String> {
    let (start, end) = (start_marker(id), end_marker(id));
    let Some(from) = doc.find(&start).map(|i| i + start.len()) else {
        return Err(format!(
            "{PATH} has no `{}` line for its generated table",
            start.trim_end()
        ));
    };
    let Some(to) = doc[from..].find(&end).map(|i| from + i) else {
        return Err(format!(
            "{PATH}: `{}` is not closed by `{end}`",
            start.trim_end()
        ));
    };
    doc.replace_range(from..to, text);
    Ok(())
}

/// The doc with every generated table replaced by one made from the declaration. Fails
/// when a group with a table has no place marked for it, or a marked place is not closed.
pub fn regenerate(doc: &str) -> Result<String, String> {
    let mut out = doc.to_string();
    for o in objects() {
        if o.docs != Columns::None {
            replace_block(&mut out, &format!("fields:{}", o.id), &table(o))?;
        }
    }
    for (id, field, heading) in value_tables() {
        let Some(f) = field else {
            return Err(format!("the codes of `{id}` are not declared"));
        };
        replace_block(&mut out, &format!("values:{id}"), &values_table(f, heading))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_listed_in_words() {
        assert_eq!(in_words(&["a"]), "`a`");
        assert_eq!(in_words(&["a", "b", "c"]), "`a`, `b` or `c`");
    }

    #[test]
    fn a_marked_table_is_replaced_and_the_text_around_it_kept() {
        let doc = "Before\n\n<!-- fields:ages start -->\nold\n<!-- fields:ages end -->\nAfter\n";
        let Err(e) = regenerate(doc) else {
            panic!("the other tables are not marked")
        };
        assert!(e.contains("fields:site start"), "{e}");
        let t = table(&super::super::AGES);
        assert!(
            t.starts_with("| Field | Required? | What to write |\n|---|---|---|\n| `from` | Yes |")
        );
    }
}
