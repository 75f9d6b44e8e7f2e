//! Reads typed fields out of a parsed YAML mapping, collecting every problem (missing,
//! unknown, wrong type, bad format) instead of stopping at the first.

use super::diagnostics::{Anchor, Diagnostic, did_you_mean, index, key};
use super::formats;
use crate::yaml::{Mapping, Path, Value};

pub struct Reader<'d> {
    pub file: String,
    pub diags: &'d mut Vec<Diagnostic>,
    /// Unknown field names seen, by the path of their mapping: a misspelt required field
    /// is reported once (as unknown, with "did you mean"), not also as missing.
    unknown: Vec<(Path, String)>,
}

/// A mapping being read, with the path it sits at.
pub struct Obj<'v> {
    pub map: &'v Mapping,
    pub path: Path,
}

pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a group of fields",
        Value::Tagged(_) => "a tagged value",
    }
}

impl<'d> Reader<'d> {
    pub fn new(file: &str, diags: &'d mut Vec<Diagnostic>) -> Self {
        Reader {
            file: file.to_string(),
            diags,
            unknown: Vec::new(),
        }
    }

    pub fn err(&mut self, anchor: Anchor, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(&self.file, anchor, msg));
        self.diags.last_mut().expect("just pushed")
    }

    pub fn warn(&mut self, anchor: Anchor, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::warning(&self.file, anchor, msg));
        self.diags.last_mut().expect("just pushed")
    }

    /// Checks `v` is a mapping and that every key is one of `allowed`.
    pub fn object<'v>(
        &mut self,
        v: &'v Value,
        path: Path,
        allowed: &[&str],
        example: &str,
    ) -> Option<Obj<'v>> {
        let Value::Mapping(map) = v else {
            let found = type_name(v);
            let d = self.err(
                Anchor::Value(path),
                format!("expected a group of fields here, found {found}"),
            );
            d.help = Some(format!("allowed fields: {}", allowed.join(", ")));
            d.example = Some(example.to_string());
            return None;
        };
        for (k, _) in map {
            match k {
                Value::String(name) if allowed.contains(&name.as_str()) => {}
                Value::String(name) => {
                    self.unknown.push((path.clone(), name.clone()));
                    let mut help = String::new();
                    if let Some(s) = did_you_mean(name, allowed.iter().copied()) {
                        help.push_str(&s);
                        help.push(' ');
                    }
                    help.push_str(&format!("Allowed fields here: {}", allowed.join(", ")));
                    let d = self.err(
                        Anchor::Key(key(&path, name)),
                        format!("unknown field `{name}`"),
                    );
                    d.help = Some(help);
                }
                other => {
                    let d = self.err(
                        Anchor::Value(path.clone()),
                        format!("a field name must be text, found {}", type_name(other)),
                    );
                    d.help = Some(format!("allowed fields: {}", allowed.join(", ")));
                }
            }
        }
        Some(Obj { map, path })
    }

    /// A present, non-null value.
    pub fn get<'v>(&self, o: &Obj<'v>, k: &str) -> Option<&'v Value> {
        match o.map.get(k) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub fn missing(&mut self, o: &Obj, k: &str, example: &str) {
        let misspelt = self
            .unknown
            .iter()
            .any(|(p, name)| *p == o.path && !super::diagnostics::closest(name, [k], 1).is_empty());
        if misspelt {
            return;
        }
        let d = self.err(
            Anchor::Key(key(&o.path, k)),
            format!("missing required field `{k}`"),
        );
        d.field = crate::yaml::path_string(&key(&o.path, k));
        d.help = Some(format!("add a line `{k}:` with a value"));
        d.example = Some(example.to_string());
    }

    fn scalar_string(&mut self, v: &Value, path: Path, example: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                let d = self.err(
                    Anchor::Value(path),
                    format!("expected text, found {}", type_name(other)),
                );
                d.example = Some(example.to_string());
                None
            }
        }
    }

    pub fn opt_str(&mut self, o: &Obj, k: &str, example: &str) -> Option<String> {
        let v = self.get(o, k)?;
        let s = self.scalar_string(v, key(&o.path, k), example)?;
        if s.is_empty() { None } else { Some(s) }
    }

    pub fn req_str(&mut self, o: &Obj, k: &str, example: &str) -> Option<String> {
        if self.get(o, k).is_none() {
            self.missing(o, k, example);
            return None;
        }
        let s = self.opt_str(o, k, example);
        if s.is_none() && matches!(o.map.get(k), Some(Value::String(_))) {
            let d = self.err(Anchor::Value(key(&o.path, k)), format!("`{k}` is empty"));
            d.example = Some(example.to_string());
        }
        s
    }

    pub fn opt_bool(&mut self, o: &Obj, k: &str) -> bool {
        match self.get(o, k) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let d = self.err(
                    Anchor::Value(key(&o.path, k)),
                    format!("expected true or false, found {}", type_name(other)),
                );
                d.example = Some(format!("{k}: true"));
                false
            }
        }
    }

    pub fn number(&mut self, v: &Value, path: Path, example: &str) -> Option<f64> {
        match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) if s.trim().parse::<f64>().is_ok() => s.trim().parse().ok(),
            other => {
                let d = self.err(
                    Anchor::Value(path),
                    format!("expected a number, found {}", type_name(other)),
                );
                d.example = Some(example.to_string());
                None
            }
        }
    }

    pub fn req_number(&mut self, o: &Obj, k: &str, example: &str) -> Option<f64> {
        match self.get(o, k) {
            None => {
                self.missing(o, k, example);
                None
            }
            Some(v) => self.number(v, key(&o.path, k), example),
        }
    }

    /// A list of text items; a single item written without a list is accepted.
    pub fn str_list(&mut self, o: &Obj, k: &str, example: &str) -> Vec<(String, Path)> {
        let Some(v) = self.get(o, k) else {
            return Vec::new();
        };
        let path = key(&o.path, k);
        match v {
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let p = index(&path, i);
                    self.scalar_string(item, p.clone(), example)
                        .filter(|s| !s.is_empty())
                        .map(|s| (s, p))
                })
                .collect(),
            Value::String(_) | Value::Number(_) => self
                .scalar_string(v, path.clone(), example)
                .map(|s| vec![(s, path)])
                .unwrap_or_default(),
            other => {
                let d = self.err(
                    Anchor::Value(path),
                    format!("expected a list, found {}", type_name(other)),
                );
                d.example = Some(example.to_string());
                Vec::new()
            }
        }
    }

    /// A list of values from a fixed vocabulary.
    pub fn enum_list(&mut self, o: &Obj, k: &str, allowed: &[&str], example: &str) -> Vec<String> {
        let items = self.str_list(o, k, example);
        let mut out: Vec<String> = Vec::new();
        for (s, p) in items {
            let norm = s.to_ascii_lowercase();
            if allowed.contains(&norm.as_str()) {
                if !out.contains(&norm) {
                    out.push(norm);
                }
            } else {
                self.bad_choice(p, &s, allowed, example);
            }
        }
        out
    }

    pub fn bad_choice(&mut self, path: Path, got: &str, allowed: &[&str], example: &str) {
        let mut help = String::new();
        if let Some(s) = did_you_mean(got, allowed.iter().copied()) {
            help.push_str(&s);
            help.push(' ');
        }
        help.push_str(&format!("Allowed values: {}", allowed.join(", ")));
        let d = self.err(
            Anchor::Value(path),
            format!("`{got}` is not one of the allowed values"),
        );
        d.help = Some(help);
        d.example = Some(example.to_string());
    }

    pub fn opt_enum(
        &mut self,
        o: &Obj,
        k: &str,
        allowed: &[&str],
        example: &str,
    ) -> Option<String> {
        let s = self.opt_str(o, k, example)?;
        let norm = s.to_ascii_lowercase();
        if allowed.contains(&norm.as_str()) {
            Some(norm)
        } else {
            self.bad_choice(key(&o.path, k), &s, allowed, example);
            None
        }
    }

    pub fn contact(&mut self, o: &Obj, k: &str) -> super::model::Contact {
        let mut c = super::model::Contact::default();
        let Some(v) = self.get(o, k) else { return c };
        let ex = "contact:\n    phone: 01632 960101\n    email: hello@example.org\n    website: https://example.org";
        let Some(obj) = self.object(v, key(&o.path, k), &["phone", "email", "website"], ex) else {
            return c;
        };
        if let Some(v) = self.get(&obj, "phone") {
            let p = key(&obj.path, "phone");
            if let Value::Number(n) = v {
                let d = self.err(
                    Anchor::Value(p),
                    format!("the phone number {n} was read as a number, which loses its leading 0"),
                );
                d.help = Some(
                    "put the phone number in quotes, or keep the space after the area code".into(),
                );
                d.example = Some("phone: \"01632 960101\"".into());
            } else if let Some(s) = self.opt_str(&obj, "phone", "phone: 01632 960101") {
                match formats::check_uk_phone(&s) {
                    Ok(()) => c.phone = Some(s),
                    Err(why) => {
                        let d = self.err(
                            Anchor::Value(p),
                            format!("`{s}` is not a UK phone number: {why}"),
                        );
                        d.example = Some("phone: 01632 960101".into());
                    }
                }
            }
        }
        if let Some(s) = self.opt_str(&obj, "email", "email: hello@example.org") {
            match formats::check_email(&s) {
                Ok(()) => c.email = Some(s),
                Err(why) => {
                    let d = self.err(
                        Anchor::Value(key(&obj.path, "email")),
                        format!("`{s}` is not an email address: {why}"),
                    );
                    d.example = Some("email: hello@example.org".into());
                }
            }
        }
        if let Some(s) = self.opt_url(&obj, "website") {
            c.website = Some(s);
        }
        c
    }

    pub fn opt_url(&mut self, o: &Obj, k: &str) -> Option<String> {
        let s = self.opt_str(o, k, &format!("{k}: https://example.org/page"))?;
        match formats::check_url(&s) {
            Ok(()) => Some(s),
            Err(why) => {
                let d = self.err(
                    Anchor::Value(key(&o.path, k)),
                    format!("`{s}` is not a web address: {why}"),
                );
                d.example = Some(format!("{k}: https://example.org/page"));
                None
            }
        }
    }

    pub fn time(&mut self, o: &Obj, k: &str, example: &str) -> Option<super::model::Time> {
        let Some(v) = self.get(o, k) else {
            self.missing(o, k, example);
            return None;
        };
        // Unquoted 9:30 can reach us as text; a sexagesimal number cannot, but say so anyway.
        let s = self.scalar_string(v, key(&o.path, k), example)?;
        match formats::parse_time(&s) {
            Ok(t) => Some(t),
            Err(why) => {
                let d = self.err(Anchor::Value(key(&o.path, k)), why);
                d.example = Some(example.to_string());
                None
            }
        }
    }

    pub fn date(
        &mut self,
        o: &Obj,
        k: &str,
        required: bool,
        example: &str,
    ) -> Option<jiff::civil::Date> {
        let Some(v) = self.get(o, k) else {
            if required {
                self.missing(o, k, example);
            }
            return None;
        };
        let s = self.scalar_string(v, key(&o.path, k), example)?;
        match formats::parse_date(&s) {
            Ok(d) => Some(d),
            Err(why) => {
                let d = self.err(Anchor::Value(key(&o.path, k)), why);
                d.example = Some(example.to_string());
                None
            }
        }
    }

    /// Checks an id used as a reference has the shape of an id (so it can never be a path).
    pub fn id_ref(&mut self, s: &str, path: Path) -> bool {
        match formats::check_id(s) {
            Ok(()) => true,
            Err(why) => {
                let d = self.err(Anchor::Value(path), why);
                d.help =
                    Some("refer to other files by their id: the file name without `.md`".into());
                false
            }
        }
    }
}
