//! The theme: tera templates and static assets. The default theme is built into the binary;
//! a site can name its own theme in site.yaml, whose files override the default's one by one.

use super::messages::{self, Messages};
use crate::address::{Addresses, expand_literal_urls};
use crate::content::load::read_file;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub static DEFAULT_THEME: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A static file and the fingerprinted path it is published under, below the site's root
/// (`assets/site.<hash>.css`; its address is `Addresses::path` of it).
pub struct Asset {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub struct Theme {
    pub tera: tera::Tera,
    /// Logical name ("site.css") to asset.
    pub assets: BTreeMap<String, Asset>,
    /// The interface wording: the default theme's catalogue with the site theme's keys over it.
    pub messages: Arc<Messages>,
}

/// A theme that cannot be loaded: a template that does not parse, a file that cannot be
/// read; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ThemeError(pub String);

/// A site theme's templates and static files together, at most (each file is at most
/// [`crate::content::load::MAX_FILE_BYTES`]), and how deep its folders go.
pub const MAX_THEME_BYTES: u64 = 20 * 1024 * 1024;
pub const MAX_THEME_DEPTH: usize = 16;

/// FNV-1a, 64-bit: a stable content hash for asset names (not for security).
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:016x}", h)[..10].to_string()
}

fn asset_path(name: &str, bytes: &[u8]) -> String {
    let hash = fingerprint(bytes);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("assets/{stem}.{hash}.{ext}"),
        None => format!("assets/{name}.{hash}"),
    }
}

/// Loads the default theme, then overlays `override_dir` (a theme folder with templates/,
/// static/ and messages/) when given, with the English wording, for a site at `/`.
pub fn load(override_dir: Option<&Path>) -> Result<Theme, ThemeError> {
    load_in(override_dir, "en", &Addresses::default())
}

/// `load` with the wording of `language` (a tag such as "cy" or "en-GB": messages/cy.yaml
/// over messages/en.yaml, so an untranslated key shows in English), for the site whose
/// addresses are `addresses` (written into the templates' fixed `url()` calls). The
/// catalogue becomes the build's (`messages::active`).
pub fn load_in(
    override_dir: Option<&Path>,
    language: &str,
    addresses: &Addresses,
) -> Result<Theme, ThemeError> {
    let mut templates: BTreeMap<String, String> = BTreeMap::new();
    let mut statics: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    if let Some(t) = DEFAULT_THEME.get_dir("templates") {
        for f in t.files() {
            let name = f
                .path()
                .strip_prefix("templates")
                .unwrap_or(f.path())
                .to_string_lossy()
                .into_owned();
            templates.insert(name, f.contents_utf8().unwrap_or_default().to_string());
        }
    }
    if let Some(s) = DEFAULT_THEME.get_dir("static") {
        for f in s.files() {
            let name = f
                .path()
                .strip_prefix("static")
                .unwrap_or(f.path())
                .to_string_lossy()
                .into_owned();
            statics.insert(name, f.contents().to_vec());
        }
    }
    if let Some(dir) = override_dir {
        if !dir.is_dir() {
            return Err(ThemeError(format!(
                "the theme folder {} does not exist (named by `theme` in site.yaml)",
                dir.display()
            )));
        }
        // The folder (or `themes/` around it) as a link would publish whatever it points to.
        for d in [Some(dir), dir.parent()].into_iter().flatten() {
            if std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(ThemeError(format!(
                    "the theme folder {} is a link to another folder, which is not allowed: a theme's files must be inside it",
                    d.display()
                )));
            }
        }
        let mut total: u64 = 0;
        for (sub, is_template) in [("templates", true), ("static", false)] {
            let root = dir.join(sub);
            if !root.is_dir() {
                continue;
            }
            // A theme comes with a pull request like content does, so its files are read
            // the same safe way: a link (even the folder itself) is refused, not followed.
            for e in walkdir::WalkDir::new(&root)
                .follow_links(false)
                .follow_root_links(false)
                .max_depth(MAX_THEME_DEPTH)
            {
                // Nothing is skipped without a word.
                let e = e.map_err(|e| ThemeError(format!("cannot read the theme: {e}")))?;
                if e.file_type().is_dir() {
                    continue;
                }
                let name = e
                    .path()
                    .strip_prefix(&root)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = read_file(e.path()).map_err(|why| {
                    ThemeError(format!("cannot read {}: {why}", e.path().display()))
                })?;
                total += bytes.len() as u64;
                if total > MAX_THEME_BYTES {
                    return Err(ThemeError(format!(
                        "the theme's templates and static files come to more than {} MB (at {}); the limit keeps every page and the published site small",
                        MAX_THEME_BYTES / 1024 / 1024,
                        e.path().display()
                    )));
                }
                if is_template {
                    let text = String::from_utf8(bytes).map_err(|_| {
                        ThemeError(format!("{} is not UTF-8 text", e.path().display()))
                    })?;
                    templates.insert(name, text);
                } else {
                    statics.insert(name, bytes);
                }
            }
        }
    }
    let catalogue = Arc::new(Messages::load(language, override_dir).map_err(|e| ThemeError(e.0))?);
    // The scripts' wording, published once for every page (script_data.rs).
    statics.insert(
        "messages.js".to_string(),
        super::script_data::messages_script(&catalogue),
    );
    let assets: BTreeMap<String, Asset> = statics
        .into_iter()
        .map(|(name, bytes)| {
            let bytes = if name.ends_with(".js") {
                strip_js(&bytes)
            } else {
                bytes
            };
            (
                name.clone(),
                Asset {
                    path: asset_path(&name, &bytes),
                    bytes,
                },
            )
        })
        .collect();
    let asset_addresses: BTreeMap<&str, String> = assets
        .iter()
        .map(|(name, a)| (name.as_str(), addresses.path(&a.path)))
        .collect();
    let templates = templates
        .iter()
        .map(|(n, t)| {
            messages::expand_calls(t, n, &catalogue)
                .map(|t| {
                    let t = expand_literal_urls(&t, addresses);
                    // Printed values are escaped in these templates (autoescape below).
                    let escaped = n.ends_with(".html") || n.ends_with(".xml");
                    (
                        n.clone(),
                        expand_asset_addresses(&t, &asset_addresses, escaped),
                    )
                })
                .map_err(|e| ThemeError(e.0))
        })
        .collect::<Result<BTreeMap<String, String>, ThemeError>>()?;
    messages::use_for_build(catalogue.clone());
    // tera gives templates `get_env`, which would put the build machine's environment (a
    // deploy token, say) on a page. A theme comes with pull requests like content does.
    if let Some((name, _)) = templates.iter().find(|(_, t)| t.contains("get_env")) {
        return Err(ThemeError(format!(
            "the theme template {name} uses `get_env`, which would publish the build machine's settings (such as a deploy token): themes cannot read the environment; remove it"
        )));
    }
    let mut tera = tera::Tera::default();
    tera.register_function(
        "get_env",
        |_: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            Err(tera::Error::msg("themes cannot read the environment"))
        },
    );
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(super::escape::html);
    tera.register_function("t", messages::TemplateFn(catalogue.clone()));
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| {
            ThemeError(format!(
                "a theme template has an error: {}",
                error_chain(&e)
            ))
        })?;
    Ok(Theme {
        tera,
        assets,
        messages: catalogue,
    })
}

/// Replaces each `{{ assets['site.css'] }}` (or with double quotes) naming one of the
/// theme's files by its fingerprinted address: fixed when the theme loads, so a page does
/// not look up its nine stylesheet, icon and script addresses. Other uses of `assets` are
/// left for the page's context, which has the same addresses.
pub(crate) fn expand_asset_addresses(
    template: &str,
    assets: &BTreeMap<&str, String>,
    escaped: bool,
) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let from = &rest[start..];
        let found = (|| {
            let inner = from[2..].trim_start().strip_prefix("assets[")?;
            let quote = inner.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let name_end = inner[1..].find(quote)? + 1;
            let name = &inner[1..name_end];
            let after = inner[name_end + 1..].strip_prefix(']')?;
            let close = after.trim_start().strip_prefix("}}")?;
            let address = assets.get(name)?;
            (!address.contains(['{', '}', '%', '#'])).then_some((address, close))
        })();
        match found {
            Some((address, close)) => {
                if escaped {
                    out.push_str(&super::escape::html(address));
                } else {
                    out.push_str(address);
                }
                rest = close;
            }
            None => {
                out.push_str("{{");
                rest = &from[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A theme's JavaScript without its whole-line comments, blank lines and indentation: the
/// scripts are written to be read, with comments a quarter of their size, and a family on a
/// phone should not download those. Only lines that are nothing but a comment are dropped
/// (and `/* … */` blocks that start a line), so code is never touched: a string or regular
/// expression cannot start a line with `//` or `/*`, and the default theme has no template
/// literals across lines.
pub fn strip_js(bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let t = line.trim();
        if in_block {
            in_block = !t.contains("*/");
            continue;
        }
        if t.starts_with("/*") {
            in_block = !t.contains("*/");
            continue;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out.into_bytes()
}

/// Tera's errors nest their cause; show the whole chain.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{load, strip_js};

    /// A theme folder whose `place` is a link to a file outside it.
    #[cfg(unix)]
    fn theme_with_link(place: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("secret.txt");
        std::fs::write(&outside, "secret").unwrap();
        let theme = dir.path().join("theme");
        let link = theme.join(place);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        (dir, link)
    }

    #[cfg(unix)]
    #[test]
    fn a_theme_file_that_is_a_link_is_refused_naming_the_file() {
        for place in ["static/site.css", "templates/base.html", "messages/en.yaml"] {
            let (dir, link) = theme_with_link(place);
            let Err(e) = load(Some(&dir.path().join("theme"))) else {
                panic!("{place}: a linked theme file was followed");
            };
            let message = e.to_string();
            assert!(
                message.contains(&link.display().to_string()) && message.contains("link"),
                "{place}: {message}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_theme_folder_that_is_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        std::fs::write(dir.path().join("elsewhere/x.css"), "x").unwrap();
        std::fs::create_dir_all(dir.path().join("theme")).unwrap();
        let link = dir.path().join("theme/static");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &link).unwrap();
        let message = load(Some(&dir.path().join("theme")))
            .err()
            .unwrap()
            .to_string();
        assert!(message.contains(&link.display().to_string()), "{message}");
    }

    #[test]
    fn a_theme_cannot_read_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("theme/templates");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("footer.html"), "{{ get_env(name=\"HOME\") }}").unwrap();
        let message = load(Some(&dir.path().join("theme")))
            .err()
            .expect("get_env refused")
            .to_string();
        assert!(
            message.contains("footer.html") && message.contains("get_env"),
            "{message}"
        );
        // Nor can a template reach it without the name written out.
        let theme = load(None).unwrap();
        let mut tera = theme.tera;
        tera.add_raw_template(
            "x.html",
            "{% set f = \"x\" %}{{ get_env(name=\"HOME\", default=\"\") }}",
        )
        .unwrap();
        assert!(tera.render("x.html", &tera::Context::new()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_theme_that_is_itself_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("elsewhere/static")).unwrap();
        std::fs::write(dir.path().join("elsewhere/static/x.css"), "x").unwrap();
        let link = dir.path().join("theme");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &link).unwrap();
        let message = load(Some(&link)).err().unwrap().to_string();
        assert!(message.contains("is a link"), "{message}");
    }

    #[test]
    fn published_scripts_lose_comment_lines_but_not_code() {
        let src = "/**\n * About.\n */\n(function () {\n  // why\n  var u = 'http://x/*y*/'; // kept\n\n  /* one line */\n  return u;\n})();\n";
        let out = String::from_utf8(strip_js(src.as_bytes())).unwrap();
        assert_eq!(
            out,
            "(function () {\nvar u = 'http://x/*y*/'; // kept\nreturn u;\n})();\n"
        );
    }
}

#[cfg(test)]
mod expansion_tests {
    use super::*;

    #[test]
    fn asset_addresses_are_written_into_the_templates_escaped_as_printing_would() {
        let assets = BTreeMap::from([
            ("site.css", "/f/assets/site.0123456789.css".to_string()),
            ("a&b.js", "/f/assets/a&b.0123456789.js".to_string()),
        ]);
        let t = r#"<link href="{{ assets['site.css'] }}"><script src="{{assets["a&b.js"]}}"></script>{{ assets['nope.js'] }}{{ assets[name] }}"#;
        assert_eq!(
            expand_asset_addresses(t, &assets, true),
            r#"<link href="/f/assets/site.0123456789.css"><script src="/f/assets/a&amp;b.0123456789.js"></script>{{ assets['nope.js'] }}{{ assets[name] }}"#
        );
        assert!(expand_asset_addresses(t, &assets, false).contains("/f/assets/a&b.0123456789.js"));
    }
}
