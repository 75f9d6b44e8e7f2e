//! The interface wording: every phrase a family reads on a page, in one catalogue per
//! language (`themes/default/messages/en.yaml`), used by Rust (`Messages::text`), by
//! templates (`{{ t(key="nav.needs") }}`) and by the scripts (the `scripts.` keys, handed
//! over in the page's `signpost-data` block).
//!
//! A catalogue is YAML: nested maps whose leaves are strings, named by their path
//! ("service.when"). `{name}` in a string is a placeholder filled from the call's arguments.
//! A map whose keys are all plural categories (`zero`, `one`, `two`, `few`, `many`, `other`;
//! `other` required) is one message with a form per category, chosen by the `count`
//! argument with the language's plural rule. Keys ending in `_html` hold markup and are
//! inserted as they are (their arguments are still escaped); all others are plain text.
//! A site theme's own `messages/<language>.yaml` replaces the keys it names.

use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, RwLock};

/// The plural categories of Unicode CLDR, in its order.
const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Keys under this section are the scripts' wording; only they go into the page.
pub const SCRIPTS_SECTION: &str = "scripts.";

#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Text(Form),
    /// Category ("one", "other", ...) to form.
    Plural(BTreeMap<String, Form>),
}

/// A message's text, split at its `{name}` placeholders when the catalogue loads: pages
/// ask for tens of thousands of messages a build, and each is filled from its parts.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    text: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    /// Words, as a byte range of the text.
    Words(std::ops::Range<usize>),
    /// A placeholder: the range of `{name}` and of `name`.
    Slot(std::ops::Range<usize>, std::ops::Range<usize>),
}

impl Form {
    fn new(text: String) -> Form {
        let mut parts = Vec::new();
        let mut last = 0;
        for (range, name) in placeholders(&text) {
            if range.start > last {
                parts.push(Part::Words(last..range.start));
            }
            let at = name.as_ptr() as usize - text.as_ptr() as usize;
            parts.push(Part::Slot(range.clone(), at..at + name.len()));
            last = range.end;
        }
        if last < text.len() {
            parts.push(Part::Words(last..text.len()));
        }
        Form { text, parts }
    }

    /// Writes the form with each placeholder filled by `arg` (which writes the value and
    /// says whether it knew the name; unknown ones are left as written), its words escaped
    /// for HTML when `escape` is set.
    fn write(&self, out: &mut String, escape: bool, arg: impl Fn(&str, &mut String) -> bool) {
        let words = |out: &mut String, s: &str| {
            if escape {
                out.push_str(&super::escape::html(s));
            } else {
                out.push_str(s);
            }
        };
        for part in &self.parts {
            match part {
                Part::Words(r) => words(out, &self.text[r.clone()]),
                Part::Slot(whole, name) => {
                    if !arg(&self.text[name.clone()], out) {
                        words(out, &self.text[whole.clone()]);
                    }
                }
            }
        }
    }
}

/// One language's catalogue, keys flattened to dotted paths.
#[derive(Debug, Clone)]
pub struct Messages {
    language: String,
    entries: FxHashMap<String, Entry>,
}

/// A problem in a messages file: which file, where and what.
#[derive(Debug)]
pub struct CatalogueError(pub String);

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

static BUILT_IN: LazyLock<Arc<Messages>> = LazyLock::new(|| {
    // The default theme's English is part of the binary and checked by the tests.
    Arc::new(Messages::built_in("en").unwrap_or_else(|_| Messages::empty("en")))
});

static ACTIVE: RwLock<Option<Arc<Messages>>> = RwLock::new(None);
/// Counts `use_for_build` calls, so each thread knows when its copy is out of date.
static GENERATION: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's copy of the active catalogue and the generation it was copied at:
    /// pages ask for wording tens of thousands of times a build, from every thread, and
    /// a shared lock and reference count would have the cores take turns.
    static LOCAL: std::cell::RefCell<Option<(u64, Rc<Messages>)>> =
        const { std::cell::RefCell::new(None) };
}

/// The catalogue the build's Rust wording comes from: the one the theme was loaded with
/// (`use_for_build`), else the default theme's English. Shared process-wide because the
/// plain-English helpers (`text::ages` and the rest) are called from exports and reports
/// that know nothing of themes.
pub fn active() -> Rc<Messages> {
    let generation = GENERATION.load(Ordering::Acquire);
    LOCAL.with(|local| {
        let mut local = local.borrow_mut();
        match &*local {
            Some((g, m)) if *g == generation => m.clone(),
            _ => {
                let shared = ACTIVE
                    .read()
                    .ok()
                    .and_then(|a| a.clone())
                    .unwrap_or_else(|| BUILT_IN.clone());
                let m = Rc::new(Messages::clone(&shared));
                *local = Some((generation, m.clone()));
                m
            }
        }
    })
}

/// Makes `messages` the catalogue of `active()`, for the build about to run.
pub fn use_for_build(messages: Arc<Messages>) {
    if let Ok(mut a) = ACTIVE.write() {
        *a = Some(messages);
    }
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// The plural category of `n` in a language (CLDR rules for whole numbers).
pub fn plural_category(language: &str, n: i64) -> &'static str {
    let n = n.unsigned_abs();
    match primary_language(language).as_str() {
        // Welsh: 0 zero, 1 one, 2 two, 3 few, 6 many.
        "cy" => match n {
            0 => "zero",
            1 => "one",
            2 => "two",
            3 => "few",
            6 => "many",
            _ => "other",
        },
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// "en-GB" -> "en".
pub fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("en")
        .trim()
        .to_ascii_lowercase()
}

impl Messages {
    fn empty(language: &str) -> Messages {
        Messages {
            language: language.into(),
            entries: FxHashMap::default(),
        }
    }

    /// The default theme's catalogue for `language`: its English, with the language's own
    /// file (if the theme has one) over it, so a missing translation shows in English.
    pub fn built_in(language: &str) -> Result<Messages, CatalogueError> {
        let mut m = Messages::empty(&primary_language(language));
        for lang in ["en".to_string(), m.language.clone()] {
            let name = format!("messages/{lang}.yaml");
            if let Some(f) = super::templates::DEFAULT_THEME.get_file(&name) {
                let text = f.contents_utf8().unwrap_or_default();
                m.add_yaml(&format!("themes/default/{name}"), text)?;
            }
            if lang == m.language {
                break;
            }
        }
        Ok(m)
    }

    /// The catalogue for `language` of a site theme in `theme_dir` over the default theme's.
    pub fn load(
        language: &str,
        theme_dir: Option<&std::path::Path>,
    ) -> Result<Messages, CatalogueError> {
        let mut m = Messages::built_in(language)?;
        let Some(dir) = theme_dir else {
            return Ok(m);
        };
        let mut langs = vec!["en".to_string()];
        if m.language != "en" {
            langs.push(m.language.clone());
        }
        for lang in langs {
            let path = dir.join("messages").join(format!("{lang}.yaml"));
            if std::fs::symlink_metadata(&path).is_err() {
                continue;
            }
            // Read like the rest of the theme: a link is refused, not followed.
            let cannot_read = |why: &dyn std::fmt::Display| {
                CatalogueError(format!("cannot read {}: {why}", path.display()))
            };
            let bytes = crate::content::load::read_file(&path).map_err(|e| cannot_read(&e))?;
            let text = String::from_utf8(bytes).map_err(|e| cannot_read(&e))?;
            m.add_yaml(&path.display().to_string(), &text)?;
        }
        Ok(m)
    }

    /// Adds (or replaces) the entries of one messages file.
    pub fn add_yaml(&mut self, file: &str, text: &str) -> Result<(), CatalogueError> {
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            CatalogueError(format!(
                "{file}{at}: this messages file is not valid YAML: {e}. Each line is `key: text`, nested by indenting"
            ))
        })?;
        match value {
            serde_yaml::Value::Null => Ok(()),
            serde_yaml::Value::Mapping(map) => self.add_map(file, "", &map),
            _ => Err(CatalogueError(format!(
                "{file}: a messages file is a map of keys to texts, like `nav:\\n  needs: Find help by need`"
            ))),
        }
    }

    fn add_map(
        &mut self,
        file: &str,
        prefix: &str,
        map: &serde_yaml::Mapping,
    ) -> Result<(), CatalogueError> {
        for (k, v) in map {
            let Some(k) = yaml_scalar(k) else {
                return Err(CatalogueError(format!(
                    "{file}: a key under `{prefix}` is not text; keys are words like `needs`"
                )));
            };
            let key = format!("{prefix}{k}");
            match v {
                serde_yaml::Value::Mapping(inner) if is_plural(inner) => {
                    let forms = inner
                        .iter()
                        .filter_map(|(c, t)| Some((yaml_scalar(c)?, Form::new(yaml_scalar(t)?))))
                        .collect();
                    self.entries.insert(key, Entry::Plural(forms));
                }
                serde_yaml::Value::Mapping(inner) => {
                    self.add_map(file, &format!("{key}."), inner)?
                }
                other => match yaml_scalar(other) {
                    Some(text) => {
                        self.entries.insert(key, Entry::Text(Form::new(text)));
                    }
                    None => {
                        return Err(CatalogueError(format!(
                            "{file}: `{key}` is not a text: give it a text, a map of keys, or plural forms (`one:` and `other:`)"
                        )));
                    }
                },
            }
        }
        Ok(())
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    /// Every key defined, in order.
    pub fn keys(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The text of `key` with its placeholders filled from `args` ("count" chooses a plural
    /// form). An undefined key gives the key itself, so a page shows what is missing rather
    /// than failing (the catalogue test catches it first).
    pub fn text(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let count = || {
            args.iter()
                .find(|(name, _)| *name == "count")
                .and_then(|(_, v)| v.to_string().parse::<i64>().ok())
                .unwrap_or(0)
        };
        let Some(form) = self.form(key, count) else {
            return key.to_string();
        };
        let mut out = String::with_capacity(form.text.len() + 16);
        form.write(&mut out, false, |name, out| fill_arg(args, name, out));
        out
    }

    /// `text` with a count: the plural form for `n`, with `{count}` filled.
    pub fn count(&self, key: &str, n: usize, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let Some(form) = self.form(key, || n as i64) else {
            return key.to_string();
        };
        let mut out = String::with_capacity(form.text.len() + 16);
        form.write(&mut out, false, |name, out| {
            if name == "count" {
                let _ = write!(out, "{n}");
                true
            } else {
                fill_arg(args, name, out)
            }
        });
        out
    }

    /// The form of `key` to use: its text, or the plural form for `count()`.
    fn form(&self, key: &str, count: impl FnOnce() -> i64) -> Option<&Form> {
        Some(match self.entries.get(key)? {
            Entry::Text(t) => t,
            Entry::Plural(forms) => plural_form(forms, plural_category(&self.language, count()))?,
        })
    }

    /// The raw form of a text key (placeholders unfilled), for template expansion.
    fn raw_text(&self, key: &str) -> Option<&str> {
        match self.entries.get(key)? {
            Entry::Text(t) => Some(&t.text),
            Entry::Plural(_) => None,
        }
    }

    /// The scripts' wording, for the page's data block: every key under `scripts.`, named
    /// without that prefix; plural messages as a map of forms.
    pub fn for_scripts(&self) -> BTreeMap<String, serde_json::Value> {
        self.entries
            .iter()
            .filter_map(|(k, e)| Some((k.strip_prefix(SCRIPTS_SECTION)?, e)))
            .map(|(k, e)| {
                let v = match e {
                    Entry::Text(t) => serde_json::Value::String(t.text.clone()),
                    Entry::Plural(forms) => serde_json::Value::Object(
                        forms
                            .iter()
                            .map(|(c, f)| (c.clone(), serde_json::Value::String(f.text.clone())))
                            .collect(),
                    ),
                };
                (k.to_string(), v)
            })
            .collect()
    }
}

fn yaml_scalar(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_plural(map: &serde_yaml::Mapping) -> bool {
    let keys: Vec<Option<String>> = map.keys().map(yaml_scalar).collect();
    keys.iter().any(|k| k.as_deref() == Some("other"))
        && keys
            .iter()
            .all(|k| k.as_deref().is_some_and(|k| PLURAL_CATEGORIES.contains(&k)))
}

fn plural_form<'a>(forms: &'a BTreeMap<String, Form>, category: &str) -> Option<&'a Form> {
    forms.get(category).or_else(|| forms.get("other"))
}

/// Writes the argument called `name`, if there is one.
fn fill_arg(args: &[(&str, &dyn std::fmt::Display)], name: &str, out: &mut String) -> bool {
    match args.iter().find(|(n, _)| *n == name) {
        Some((_, v)) => {
            let _ = write!(out, "{v}");
            true
        }
        None => false,
    }
}

/// The placeholders of a text in order: (byte range of `{name}`, name).
fn placeholders(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| rest + i) {
        let after = &text[open + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('}') {
            out.push((open..open + len + 2, &after[..len]));
            rest = open + len + 2;
        } else {
            rest = open + 1;
        }
    }
    out
}

fn is_markup(key: &str) -> bool {
    key.ends_with("_html")
}

/// The templates' `t(key="...", name=value, ...)` function, over a theme's catalogue.
pub struct TemplateFn(pub Arc<Messages>);

impl tera::Function for TemplateFn {
    fn call(&self, args: &HashMap<String, serde_json::Value>) -> tera::Result<serde_json::Value> {
        let key = args.get("key").and_then(|k| k.as_str()).ok_or_else(|| {
            tera::Error::msg("t() needs key, the name of a message, like t(key=\"nav.needs\")")
        })?;
        if !self.0.has(key) {
            return Err(tera::Error::msg(format!(
                "t(): no messages file defines `{key}`; add it to the theme's messages/{}.yaml",
                self.0.language
            )));
        }
        let shown: Vec<(&str, String)> = args
            .iter()
            .filter(|(k, _)| k.as_str() != "key")
            .map(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                // Arguments are data: always escaped, even in a markup message.
                (k.as_str(), super::escape::html(&s))
            })
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> = shown
            .iter()
            .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        let text = if is_markup(key) {
            self.0.text(key, &args)
        } else {
            escaped_text(&self.0, key, &args)
        };
        Ok(serde_json::Value::String(text))
    }

    fn is_safe(&self) -> bool {
        // The function escapes what needs escaping itself (see `call`).
        true
    }
}

/// A plain-text message as HTML: its words escaped, its (already escaped) arguments filled.
fn escaped_text(m: &Messages, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let count = || {
        args.iter()
            .find(|(name, _)| *name == "count")
            .and_then(|(_, v)| v.to_string().parse::<i64>().ok())
            .unwrap_or(0)
    };
    let Some(form) = m.form(key, count) else {
        return super::escape::html(key);
    };
    let mut out = String::with_capacity(form.text.len() + 16);
    form.write(&mut out, true, |name, out| fill_arg(args, name, out));
    out
}

/// Replaces each `{{ t(key="literal", name=expression, ...) }}` whose message is a plain
/// text by the message itself, with `{{ expression }}` for each placeholder: the words are
/// fixed when the theme loads, so a page costs no function call per phrase (a service page
/// has dozens). Plural messages and other uses of `t()` are left for the function.
/// Fails on a key no catalogue defines or a placeholder the call does not fill.
pub fn expand_calls(template: &str, name: &str, m: &Messages) -> Result<String, CatalogueError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let from = &rest[start..];
        match parse_call(from) {
            Some(Call { len, key, args }) => {
                let call = &from[..len];
                if !m.has(&key) {
                    return Err(CatalogueError(format!(
                        "template {name} uses the message `{key}`, which no messages file defines: add it to messages/{}.yaml",
                        m.language
                    )));
                }
                match m.raw_text(&key) {
                    Some(text) => out.push_str(
                        &expand_text(text, &key, &args, name)?.unwrap_or_else(|| call.to_string()),
                    ),
                    None => out.push_str(call),
                }
                rest = &from[len..];
            }
            None => {
                out.push_str("{{");
                rest = &from[2..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The template source for one message, or None when its words would read as template
/// syntax (then the call is kept).
fn expand_text(
    text: &str,
    key: &str,
    args: &[(String, String)],
    template: &str,
) -> Result<Option<String>, CatalogueError> {
    let words = |s: &str| {
        if is_markup(key) {
            s.to_string()
        } else {
            super::escape::html(s)
        }
    };
    let mut out = String::new();
    let mut last = 0;
    for (range, name) in placeholders(text) {
        let Some((_, expr)) = args.iter().find(|(n, _)| n == name) else {
            return Err(CatalogueError(format!(
                "template {template}: the message `{key}` has a placeholder {{{name}}} that t() does not give: add {name}=... to the call"
            )));
        };
        out.push_str(&words(&text[last..range.start]));
        out.push_str("{{ ");
        out.push_str(expr);
        out.push_str(" }}");
        last = range.end;
    }
    out.push_str(&words(&text[last..]));
    let plain: String = {
        let mut p = String::new();
        let mut last = 0;
        for (range, _) in placeholders(text) {
            p.push_str(&text[last..range.start]);
            last = range.end;
        }
        p.push_str(&text[last..]);
        p
    };
    if ["{{", "{%", "{#", "}}", "%}", "#}"]
        .iter()
        .any(|s| plain.contains(s))
    {
        return Ok(None);
    }
    Ok(Some(out))
}

/// A `{{ t(...) }}` print statement in a template.
struct Call {
    /// Its length in the template, braces included.
    len: usize,
    key: String,
    /// Argument name and its expression, as written.
    args: Vec<(String, String)>,
}

/// `{{ t(key="k", a=x.y, b="s") }}` at the start of `s`.
fn parse_call(s: &str) -> Option<Call> {
    let (len, all) = print_call(s, "t")?;
    let mut key = None;
    let mut args = Vec::new();
    for (name, expr) in all {
        if name == "key" {
            let lit = expr.strip_prefix('"')?.strip_suffix('"')?;
            if lit.contains('"') {
                return None;
            }
            key = Some(lit.to_string());
        } else {
            args.push((name.to_string(), expr.to_string()));
        }
    }
    Some(Call {
        len,
        key: key?,
        args,
    })
}

/// A print statement calling `function` at the start of `s`, `{{ f(a=x, b="y") }}`: its
/// length (braces included) and its arguments' names and expressions, as written. Shared
/// by the expansions made when a theme loads (`t()` here, `url()` in templates.rs).
pub(crate) fn print_call<'a>(
    s: &'a str,
    function: &str,
) -> Option<(usize, Vec<(&'a str, &'a str)>)> {
    let body = s.strip_prefix("{{")?;
    let trimmed = body.trim_start();
    let mut i = 2 + (body.len() - trimmed.len());
    let after = trimmed.strip_prefix(function)?.strip_prefix('(')?;
    i += function.len() + 1;
    let (args, close) = call_args(after)?;
    i += close + 1;
    let tail = &s[i..];
    let t = tail.trim_start();
    if !t.starts_with("}}") {
        return None;
    }
    i += tail.len() - t.len() + 2;
    Some((i, args))
}

/// The named arguments of a call whose `(` is just before `s`: each name and expression as
/// written, and the offset of the closing `)`.
pub(crate) fn call_args(s: &str) -> Option<(Vec<(&str, &str)>, usize)> {
    let (args_src, close) = split_args(s)?;
    let args = args_src
        .into_iter()
        .map(|a| {
            let (name, expr) = a.split_once('=')?;
            Some((name.trim(), expr.trim()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((args, close))
}

/// The top-level comma-separated arguments up to the `)` that closes the call, and that
/// `)`'s offset.
fn split_args(s: &str) -> Option<(Vec<&str>, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut start = 0;
    let mut args = Vec::new();
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')') if depth == 0 => {
                let last = s[start..i].trim();
                if !last.is_empty() {
                    args.push(last);
                }
                return Some((args, i));
            }
            (None, ')' | ']' | '}') => depth = depth.checked_sub(1)?,
            (None, ',') if depth == 0 => {
                args.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Messages {
        let mut m = Messages::empty("en");
        m.add_yaml(
            "test.yaml",
            "a:\n  hello: Hello {name} & co\n  link_html: <b>Hi</b> {name}\n  n:\n    one: 1 service\n    other: '{count} services'\nscripts:\n  x: X {y}\n",
        )
        .unwrap();
        m
    }

    #[test]
    fn texts_fill_placeholders_and_choose_plural_forms() {
        let m = sample();
        assert_eq!(m.text("a.hello", &[("name", &"Jo")]), "Hello Jo & co");
        assert_eq!(m.count("a.n", 1, &[]), "1 service");
        assert_eq!(m.count("a.n", 3, &[]), "3 services");
        assert_eq!(m.text("a.missing", &[]), "a.missing");
        assert_eq!(plural_category("cy-GB", 2), "two");
        assert_eq!(
            serde_json::to_string(&m.for_scripts()).unwrap(),
            r#"{"x":"X {y}"}"#
        );
    }

    #[test]
    fn template_calls_expand_to_the_words_with_escaping() {
        let m = sample();
        let out = expand_calls(
            r#"<p>{{ t(key="a.hello", name=p.name | upper) }}</p>{{ t(key="a.link_html", name=x) }}{{ t(key="a.n", count=3) }}{{ x }}"#,
            "t.html",
            &m,
        )
        .unwrap();
        assert_eq!(
            out,
            r#"<p>Hello {{ p.name | upper }} &amp; co</p><b>Hi</b> {{ x }}{{ t(key="a.n", count=3) }}{{ x }}"#
        );
        let err = expand_calls(r#"{{ t(key="a.nope") }}"#, "t.html", &m).unwrap_err();
        assert!(err.0.contains("`a.nope`"), "{}", err.0);
        let err = expand_calls(r#"{{ t(key="a.hello") }}"#, "t.html", &m).unwrap_err();
        assert!(err.0.contains("{name}"), "{}", err.0);
    }

    #[test]
    fn a_broken_messages_file_says_where() {
        let mut m = Messages::empty("en");
        let err = m.add_yaml("x.yaml", "a: [1\n").unwrap_err();
        assert!(err.0.starts_with("x.yaml:"), "{}", err.0);
    }
}
