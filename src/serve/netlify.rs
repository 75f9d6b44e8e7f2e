//! netlify.toml's `[[headers]]` and 404 `[[redirects]]`, applied to local responses the way
//! Netlify applies them (tests/node/serve.js does the same with Netlify's own parsers), so
//! a page that breaks the CSP breaks here too, not only once deployed.

use serde::Deserialize;
use std::path::Path;

/// What Netlify sends for files no header rule gives a Cache-Control.
pub const DEFAULT_CACHE_CONTROL: &str = "public, max-age=0, must-revalidate";

#[derive(Debug, Default, Clone)]
pub struct Rules {
    headers: Vec<HeaderRule>,
    /// `from` pattern and `to` file of each status-404 redirect, in order.
    not_found: Vec<(String, String)>,
    /// Redirects this server does not apply (rewrites, 301s), to say so at start.
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone)]
struct HeaderRule {
    pattern: String,
    values: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    headers: Vec<HeadersBlock>,
    #[serde(default)]
    redirects: Vec<Redirect>,
}

#[derive(Deserialize)]
struct HeadersBlock {
    #[serde(rename = "for")]
    for_: String,
    #[serde(default)]
    values: toml::Table,
}

#[derive(Deserialize)]
struct Redirect {
    from: String,
    to: String,
    #[serde(default = "default_status")]
    status: u16,
}

fn default_status() -> u16 {
    301
}

/// netlify.toml cannot be read or does not parse; the message names the file.
#[derive(thiserror::Error)]
pub enum NetlifyError {
    /// Refused by the safe reader (a link, too large) or not text: `why` says which.
    #[error("cannot read {}: {why}", .path.display())]
    Unreadable {
        path: std::path::PathBuf,
        why: String,
    },
    #[error("{}: {source}", .path.display())]
    Invalid {
        path: std::path::PathBuf,
        #[source]
        source: toml::de::Error,
    },
}

crate::debug_as_message!(NetlifyError);

impl Rules {
    /// Reads netlify.toml. A file that does not parse is an error (as it would fail the deploy).
    /// The file beside the content folder comes with a pull request like the content, so it
    /// is read the same safe way: a link is refused, not followed.
    pub fn load(path: &Path) -> Result<Rules, NetlifyError> {
        let cannot_read = |why: &dyn std::fmt::Display| NetlifyError::Unreadable {
            path: path.to_path_buf(),
            why: why.to_string(),
        };
        let bytes = crate::content::load::read_file(path).map_err(|e| cannot_read(&e))?;
        let text = String::from_utf8(bytes).map_err(|e| cannot_read(&e))?;
        Self::parse(&text).map_err(|source| NetlifyError::Invalid {
            path: path.to_path_buf(),
            source,
        })
    }

    pub fn parse(text: &str) -> Result<Rules, toml::de::Error> {
        let file: File = toml::from_str(text)?;
        let mut rules = Rules::default();
        for block in file.headers {
            let mut values = Vec::new();
            for (name, value) in block.values {
                // Netlify also takes a list of values, joined with commas.
                let v = match value {
                    toml::Value::String(s) => s,
                    toml::Value::Array(items) => items
                        .iter()
                        .filter_map(|i| i.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.to_string(),
                };
                values.push((name, v));
            }
            rules.headers.push(HeaderRule {
                pattern: block.for_,
                values,
            });
        }
        for r in file.redirects {
            if r.status == 404 {
                rules.not_found.push((r.from, r.to));
            } else {
                rules
                    .ignored
                    .push(format!("{} -> {} ({})", r.from, r.to, r.status));
            }
        }
        Ok(rules)
    }

    /// The headers for a request path: every matching block's values, and Netlify's default
    /// Cache-Control when none sets one. Names are lowercase.
    pub fn headers_for(&self, url_path: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for rule in &self.headers {
            if !matches(&rule.pattern, url_path) {
                continue;
            }
            for (name, value) in &rule.values {
                let key = name.to_ascii_lowercase();
                // Netlify joins the values of a header set by two matching blocks.
                match out.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, v)) => {
                        v.push_str(", ");
                        v.push_str(value);
                    }
                    None => out.push((key, value.clone())),
                }
            }
        }
        if !out.iter().any(|(k, _)| k == "cache-control") {
            out.push(("cache-control".into(), DEFAULT_CACHE_CONTROL.into()));
        }
        out
    }

    /// The page to send, with status 404, for a path no file matches.
    pub fn not_found_page(&self, url_path: &str) -> Option<&str> {
        self.not_found
            .iter()
            .find(|(from, _)| matches(from, url_path))
            .map(|(_, to)| to.as_str())
    }
}

/// Netlify's path patterns: `*` matches the rest (any characters, slashes too), `:name` one
/// segment; a trailing slash is optional.
pub fn matches(pattern: &str, path: &str) -> bool {
    fn match_from(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty() || s == b"/",
            Some(b'*') => (0..=s.len()).any(|i| match_from(&p[1..], &s[i..])),
            Some(b':') => {
                let name_end = p[1..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map(|i| i + 1)
                    .unwrap_or(p.len());
                let seg_end = s.iter().position(|&c| c == b'/').unwrap_or(s.len());
                seg_end > 0 && match_from(&p[name_end..], &s[seg_end..])
            }
            Some(&c) => s.first() == Some(&c) && match_from(&p[1..], &s[1..]),
        }
    }
    match_from(pattern.as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_netlify() {
        assert!(matches("/*", "/"));
        assert!(matches("/*", "/needs/debt/"));
        assert!(matches("/assets/*", "/assets/site.0123456789.css"));
        assert!(!matches("/assets/*", "/needs/assets/x"));
        assert!(matches("/search/manifest*", "/search/manifest.gz"));
        assert!(matches("/api/services.ndjson", "/api/services.ndjson"));
        assert!(!matches("/api/services.ndjson", "/api/services.json"));
        assert!(matches("/needs/:id", "/needs/debt/"));
        assert!(!matches("/needs/:id", "/needs/debt/page/2/"));
    }

    #[cfg(unix)]
    #[test]
    fn a_netlify_toml_that_is_a_link_is_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("netlify.toml");
        std::os::unix::fs::symlink(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("netlify.toml"),
            &link,
        )
        .unwrap();
        let message = Rules::load(&link).err().unwrap().to_string();
        assert!(
            message.contains(&link.display().to_string()) && message.contains("link"),
            "{message}"
        );
    }

    #[test]
    fn the_projects_netlify_toml_parses_and_applies() {
        let rules = Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("netlify.toml"))
            .expect("netlify.toml parses");
        let page = rules.headers_for("/needs/");
        let get = |h: &[(String, String)], k: &str| {
            h.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        };
        assert!(
            get(&page, "content-security-policy")
                .unwrap()
                .contains("script-src 'self'")
        );
        assert_eq!(
            get(&page, "cache-control").as_deref(),
            Some(DEFAULT_CACHE_CONTROL)
        );
        let asset = rules.headers_for("/assets/site.abc.css");
        assert!(get(&asset, "cache-control").unwrap().contains("immutable"));
        assert_eq!(rules.not_found_page("/no/such/page/"), Some("/404.html"));
    }
}
