//! `signpost init`: a council's own repository, holding only its content and the few files
//! that build it with a released signpost binary (no Rust, no fork of signpost's source).
//!
//! The files come from the repository's `init/` folder, embedded in the binary, with
//! `{{name}}`-style placeholders filled in; `--sample` takes the content from the
//! embedded sample borough instead of `init/content/`. netlify.toml's headers and
//! redirects are not kept twice: they are taken from signpost's own netlify.toml when
//! this binary is built, so a council's site sends the same security headers.

use crate::content::load::SAMPLE;
use crate::upgrade::{self, CONTENT_FORMAT};
use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/init");

/// signpost's own netlify.toml: its redirects and headers are the council's.
const SIGNPOST_NETLIFY: &str = include_str!("../netlify.toml");

/// The download step: signpost's install script, which checks the release's checksum.
pub const INSTALL_SCRIPT: &str = include_str!("../scripts/install.sh");

/// What the council's directory is called, from flags or questions.
#[derive(Debug, Clone)]
pub struct Council {
    /// The website's name ("Marlbrook Family Directory").
    pub name: String,
    /// The borough ("Marlbrook").
    pub area: String,
    /// The council's full name; default: the area followed by "Council".
    pub council: Option<String>,
}

pub enum What {
    Skeleton(Council),
    /// The embedded sample borough, Marlbrook.
    Sample,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} is not empty: choose a new folder (signpost init never overwrites files)")]
    NotEmpty(PathBuf),
    #[error("{what} cannot be empty")]
    Empty { what: &'static str },
    #[error("{what} must fit on one line")]
    MultiLine { what: &'static str },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("signpost's netlify.toml has no [[headers]] to copy (a bug in this build of signpost)")]
    NoHeaders,
}

/// Checks a name given on the command line or typed in answer to a question.
pub fn check_text(what: &'static str, value: &str) -> Result<String, InitError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(InitError::Empty { what });
    }
    if v.contains(['\n', '\r']) {
        return Err(InitError::MultiLine { what });
    }
    Ok(v.to_string())
}

/// Writes a new council repository into `dir` (which must be empty or not exist).
/// Returns the files written, relative to `dir`, in order.
pub fn init(dir: &Path, what: &What, today: jiff::civil::Date) -> Result<Vec<String>, InitError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let files = files(what, today)?;
    let mut written = Vec::with_capacity(files.len());
    for (rel, text) in files {
        let path = dir.join(&rel);
        let err = |source| InitError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(err)?;
        }
        std::fs::write(&path, text).map_err(err)?;
        #[cfg(unix)]
        if rel.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).map_err(err)?;
        }
        written.push(rel);
    }
    Ok(written)
}

/// Every file of the new repository: (path relative to it, contents).
pub fn files(what: &What, today: jiff::civil::Date) -> Result<Vec<(String, Vec<u8>)>, InitError> {
    let vars = variables(what, today);
    let fill = |text: &str| {
        let mut t = text.to_string();
        for (k, v) in &vars {
            t = t.replace(&format!("{{{{{k}}}}}"), v);
        }
        t
    };
    let mut out = Vec::new();
    for f in all_files(&TEMPLATES) {
        let rel = f.path().to_string_lossy().replace('\\', "/");
        if rel.starts_with("content/") && matches!(what, What::Sample) {
            continue;
        }
        let text = String::from_utf8_lossy(f.contents());
        let text = if rel == "netlify.toml" {
            format!("{}\n{}", fill(&text), headers()?)
        } else {
            fill(&text)
        };
        out.push((rel, text.into_bytes()));
    }
    if matches!(what, What::Skeleton(_)) {
        out.push(("content/needs.yaml".into(), default_needs().into_bytes()));
    }
    if let What::Sample = what {
        for f in all_files(&SAMPLE) {
            let rel = f.path().to_string_lossy().replace('\\', "/");
            let mut bytes = f.contents().to_vec();
            // The sample is written in the oldest format; the copy says the current one.
            if rel == "site.yaml"
                && let Ok(text) = std::str::from_utf8(&bytes)
                && let Some(t) = upgrade::set_format(text, CONTENT_FORMAT)
            {
                bytes = t.into_bytes();
            }
            out.push((format!("content/{rel}"), bytes));
        }
    }
    out.push((
        "scripts/install-signpost.sh".into(),
        INSTALL_SCRIPT.as_bytes().to_vec(),
    ));
    out.push((
        "SIGNPOST_VERSION".into(),
        format!("{}\n", env!("CARGO_PKG_VERSION")).into_bytes(),
    ));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn all_files(d: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out = Vec::new();
    fn walk(d: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(d.files());
        for sub in d.dirs() {
            walk(sub, out);
        }
    }
    walk(d, &mut out);
    out
}

/// The placeholders and their values. `_q` values are quoted for YAML (a JSON string is
/// a valid YAML one), so a name with a colon or a quote stays one value.
fn variables(what: &What, today: jiff::civil::Date) -> Vec<(&'static str, String)> {
    let q = yaml_text;
    let (name, area, council) = match what {
        What::Skeleton(c) => (
            c.name.clone(),
            c.area.clone(),
            c.council
                .clone()
                .unwrap_or_else(|| format!("{} Council", c.area)),
        ),
        What::Sample => (
            "Marlbrook Family Directory".into(),
            "Marlbrook".into(),
            "Marlbrook Borough Council".into(),
        ),
    };
    let description = format!(
        "Find help, activities and support for children, young people and families in {area}, from pregnancy to age 19 (25 with special educational needs)."
    );
    let fis = format!("{area} Families Information Service");
    vec![
        ("name_q", q(&name)),
        ("area_q", q(&area)),
        ("council_q", q(&council)),
        ("description_q", q(&description)),
        ("fis_q", q(&fis)),
        ("name", name),
        ("area", area),
        ("council", council),
        ("format", CONTENT_FORMAT.to_string()),
        ("version", env!("CARGO_PKG_VERSION").to_string()),
        ("today", today.to_string()),
    ]
}

/// `s` as a YAML value: as written when it can only be read as that text (letters,
/// digits, spaces and a little punctuation, and not a word such as `yes` or a number),
/// otherwise in double quotes (a JSON string is a valid YAML one).
fn yaml_text(s: &str) -> String {
    let plain = s.chars().next().is_some_and(char::is_alphanumeric)
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || " '.,&()-".contains(c))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// The sample's needs taxonomy, which is the default one: only its first note names the
/// sample borough.
fn default_needs() -> String {
    let text = SAMPLE
        .get_file("needs.yaml")
        .and_then(|f| f.contents_utf8())
        .unwrap_or("categories: []\n");
    let mut out = String::from(
        "# The needs taxonomy: what families look for, in their own words (synonyms), grouped\n\
         # in categories. This is signpost's default; change it to suit your area\n\
         # (docs/content.md, \"Needs\").\n",
    );
    out.extend(
        text.lines()
            .skip_while(|l| l.starts_with("# Needs taxonomy for"))
            .flat_map(|l| [l, "\n"]),
    );
    out
}

/// The redirects and headers of signpost's own netlify.toml, with their notes: everything
/// from the notes above its first `[[redirects]]` or `[[headers]]` table to the end.
pub fn headers() -> Result<String, InitError> {
    let lines: Vec<&str> = SIGNPOST_NETLIFY.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("[[redirects]]") || l.starts_with("[[headers]]"))
        .ok_or(InitError::NoHeaders)?;
    let mut start = first;
    while start > 0 && lines[start - 1].starts_with('#') {
        start -= 1;
    }
    let mut out = String::from(
        "# The redirects and headers below are signpost's own (its netlify.toml), as they were\n\
         # when this file was written by `signpost init`.\n\n",
    );
    for l in &lines[start..] {
        out.push_str(l);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_come_from_signposts_own_netlify_toml() {
        let h = headers().unwrap();
        assert!(h.contains("Content-Security-Policy = "));
        assert!(h.contains("[[redirects]]"));
        assert!(!h.contains("cargo build"), "the build commands stay behind");
    }

    #[test]
    fn names_are_written_plainly_unless_yaml_would_misread_them() {
        assert_eq!(
            yaml_text("St Mary's Family Directory"),
            "St Mary's Family Directory"
        );
        assert_eq!(
            yaml_text("Bath & North East Somerset"),
            "Bath & North East Somerset"
        );
        assert_eq!(yaml_text("Yes"), "\"Yes\"");
        assert_eq!(yaml_text("2026"), "\"2026\"");
        assert_eq!(yaml_text("A: B # c"), "\"A: B # c\"");
        assert_eq!(yaml_text("'Quoted'"), "\"'Quoted'\"");
    }

    #[test]
    fn names_are_one_line_and_not_empty() {
        assert!(check_text("the area", "  ").is_err());
        assert!(check_text("the area", "A\nB").is_err());
        assert_eq!(check_text("the area", " Marlbrook ").unwrap(), "Marlbrook");
    }
}
