//! `signpost new`: a new listing file with every field present and a short note on each,
//! for volunteers who have never seen YAML. Required fields are left blank, so `check`
//! points at each one until it is filled in. The same templates fill GitHub's new-file page
//! from the "Add your group" page. The templates are made from the declaration of each
//! kind's fields (`content::schema`): its order, notes and blanks.

use crate::content::formats;
use crate::content::schema::{self, Blank, Field};
use jiff::civil::Date;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Service,
    Organisation,
    Venue,
    Hub,
    Locality,
    Childcare,
}

impl Kind {
    /// The content folder files of this kind live in.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Service => "services",
            Kind::Organisation => "organisations",
            Kind::Venue => "venues",
            Kind::Hub => "hubs",
            Kind::Locality => "localities",
            Kind::Childcare => "childcare",
        }
    }
}

impl Kind {
    /// The declaration of this kind's files.
    pub fn schema(self) -> &'static schema::Kind {
        match schema::kind(self.folder()) {
            Some(k) => k,
            // Every folder above is declared (tested below).
            None => unreachable!("{} is declared in content::schema", self.folder()),
        }
    }
}

/// The text of a new file of `kind`, from its declaration: each field in order with its
/// note, required fields blank. `today` fills date fields marked to start as today.
pub fn template(kind: Kind, today: Date) -> String {
    let declared = kind.schema();
    let (noun, body) = match &declared.scaffold {
        Some(s) => (s.noun, s.body),
        None => ("listing", ""),
    };
    let mut t = String::from("---\n");
    let _ = writeln!(
        t,
        "# A new {noun}. Fill in each field after its colon. Lines starting with # are notes\n\
         # for you and are not shown on the website; you can delete them. Keep the two\n\
         # lines of three hyphens. Every field is explained in docs/content.md."
    );
    t.push('\n');
    write_fields(&mut t, declared.fields.fields, "", "", today);
    t.push_str("---\n");
    t.push_str(body);
    t
}

/// Writes `fields` one a line: the first starting with `first` (a list item's `- `), the
/// rest and every note with `indent`.
fn write_fields(t: &mut String, fields: &[Field], indent: &str, first: &str, today: Date) {
    let mut lead = first;
    for f in fields.iter().filter(|f| f.scaffold != Blank::Omit) {
        let note = schema::fill_values(f.note, f, |codes| codes.join(", "));
        for line in note.lines() {
            let _ = writeln!(t, "{indent}# {line}");
        }
        let _ = write!(t, "{lead}{}:", f.name);
        lead = indent;
        match (f.scaffold, f.ty.object()) {
            (Blank::Value(v), _) => {
                let _ = writeln!(t, " {v}");
            }
            (Blank::Today, _) => {
                let _ = writeln!(t, " {today}");
            }
            (Blank::Group, Some(group)) => {
                t.push('\n');
                let inner = format!("{indent}  ");
                write_fields(t, group.fields, &inner, &inner, today);
            }
            (Blank::FirstItem, Some(group)) => {
                t.push('\n');
                let inner = format!("{indent}    ");
                write_fields(t, group.fields, &inner, &format!("{indent}  - "), today);
            }
            _ => t.push('\n'),
        }
    }
}

#[derive(Debug)]
pub enum NewError {
    BadId(String),
    Exists(PathBuf),
    Io(String),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::BadId(m) => f.write_str(m),
            NewError::Exists(p) => write!(
                f,
                "{} already exists; signpost never overwrites a file. Edit that one, or choose another name",
                p.display()
            ),
            NewError::Io(m) => f.write_str(m),
        }
    }
}

/// Writes a new file for `id` into the right folder of `content`. Refuses ids that are not
/// valid file names and never replaces an existing file.
pub fn create(content: &Path, kind: Kind, id: &str, today: Date) -> Result<PathBuf, NewError> {
    if let Err(why) = formats::check_id(id) {
        let suggestion = formats::slugify(id);
        let mut msg = format!("`{id}` cannot be used as a name: {why}");
        if !suggestion.is_empty() && formats::check_id(&suggestion).is_ok() {
            msg.push_str(&format!(". Try `{suggestion}`"));
        }
        return Err(NewError::BadId(msg));
    }
    let folder = content.join(kind.folder());
    // A linked folder could put the file anywhere.
    if folder
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(NewError::Io(format!(
            "{} is a link to another folder; signpost only writes into real folders",
            folder.display()
        )));
    }
    std::fs::create_dir_all(&folder)
        .map_err(|e| NewError::Io(format!("cannot create {}: {e}", folder.display())))?;
    let path = folder.join(format!("{id}.md"));
    // create_new fails if anything (even a dangling link) is already there: no overwrite race.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NewError::Exists(path.clone()),
            _ => NewError::Io(format!("cannot write {}: {e}", path.display())),
        })?;
    file.write_all(template(kind, today).as_bytes())
        .map_err(|e| NewError::Io(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

/// Percent-encodes a query parameter value (RFC 3986 unreserved characters pass through).
pub fn query_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// GitHub's "create new file" page for `kind` in `repository` (https://github.com/owner/repo),
/// with a file name and the template filled in.
pub fn new_file_url(
    repository: &str,
    branch: &str,
    kind: Kind,
    filename: &str,
    today: Date,
) -> String {
    format!(
        "{}/new/{}/content/{}?filename={}&value={}",
        repository.trim_end_matches('/'),
        query_encode(branch),
        kind.folder(),
        query_encode(filename),
        query_encode(&template(kind, today))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_encoding_keeps_only_unreserved_characters() {
        assert_eq!(query_encode("a b&c=d/é\n#"), "a%20b%26c%3Dd%2F%C3%A9%0A%23");
    }

    #[test]
    fn templates_are_front_matter_then_a_description() {
        for kind in [
            Kind::Service,
            Kind::Organisation,
            Kind::Venue,
            Kind::Hub,
            Kind::Locality,
            Kind::Childcare,
        ] {
            let t = template(kind, jiff::civil::date(2026, 11, 24));
            assert!(t.starts_with("---\n"), "{kind:?}");
            assert_eq!(t.lines().filter(|l| *l == "---").count(), 2, "{kind:?}");
            // Every note is a comment, so the fields parse as YAML.
            let (yaml, _, body) = crate::content::load::split_front_matter(&t)
                .unwrap_or_else(|d| panic!("{kind:?}: {}", d.message));
            crate::yaml::parse(yaml).unwrap_or_else(|e| panic!("{kind:?}: {}", e.message));
            assert_eq!(body, kind.schema().scaffold.as_ref().unwrap().body);
        }
    }
}
