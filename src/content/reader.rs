//! Reads typed fields out of a parsed YAML mapping, collecting every problem (missing,
//! unknown, wrong type, bad format) instead of stopping at the first.

use super::diagnostics::{Anchor, Diagnostic, did_you_mean, index, key};
use super::formats;
use super::schema::{self, Field, Object, Type};
use crate::yaml::{Mapping, Path, Value};

pub struct Reader<'d> {
    pub file: String,
    pub diags: &'d mut Vec<Diagnostic>,
    /// Unknown field names seen, by the path of their mapping: a misspelt required field
    /// is reported once (as unknown, with "did you mean"), not also as missing.
    unknown: Vec<(Path, String)>,
}

/// A mapping being read, with the path it sits at and its declaration, which gives each
/// field's allowed values, whether it is required and its example.
pub struct Obj<'v> {
    pub map: &'v Mapping,
    pub path: Path,
    pub schema: &'static Object,
}

impl Obj<'_> {
    /// The declaration of field `k` here. Reading a field that is not declared is a
    /// mistake in the loader: the field could never be written, as the object check
    /// refuses it.
    pub fn field(&self, k: &str) -> &'static Field {
        static UNDECLARED: Field = schema::field("", schema::Type::Text);
        match self.schema.field(k) {
            Some(f) => f,
            None => {
                debug_assert!(false, "`{k}` is not declared in `{}`", self.schema.id);
                &UNDECLARED
            }
        }
    }
    /// Field `k`'s example.
    pub fn example(&self, k: &str) -> &'static str {
        self.field(k).example
    }
    /// The declaration of field `k`, read as a type `reads` accepts: a field read with the
    /// reader of another type than declared is a mistake in the loader.
    fn read_as(&self, k: &str, reads: fn(&Type) -> bool) -> &'static Field {
        let f = self.field(k);
        debug_assert!(
            f.name.is_empty() || reads(&f.ty),
            "`{k}` in `{}` is declared {:?}",
            self.schema.id,
            f.ty
        );
        f
    }
}

/// Types read as one line of text (checked further, if at all, by the caller).
fn is_text(t: &Type) -> bool {
    matches!(
        t,
        Type::Text
            | Type::Id
            | Type::Ref { .. }
            | Type::Uuid
            | Type::Postcode
            // An emergency number, checked by the caller: 999 may be written unquoted.
            | Type::Phone
    )
}

/// How to get rid of a character that cannot be seen.
pub const HIDDEN_HELP: &str = "delete the text around it and type it again (copying from a web page or a PDF can bring such characters in); escapes such as \\u202e in quotes are not allowed either";

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

    /// Checks `v` is a mapping and that every key is declared in `schema`.
    pub fn object<'v>(
        &mut self,
        v: &'v Value,
        path: Path,
        schema: &'static Object,
    ) -> Option<Obj<'v>> {
        let allowed = || schema.names().join(", ");
        let Value::Mapping(map) = v else {
            let found = type_name(v);
            let d = self.err(
                Anchor::Value(path),
                format!("expected a group of fields here, found {found}"),
            );
            d.help = Some(format!("allowed fields: {}", allowed()));
            d.example = Some(schema.example.to_string());
            return None;
        };
        for (k, _) in map {
            match k {
                Value::String(name) if schema.field(name).is_some() => {}
                Value::String(name) => {
                    self.unknown.push((path.clone(), name.clone()));
                    let mut help = String::new();
                    if let Some(s) = did_you_mean(name, schema.names()) {
                        help.push_str(&s);
                        help.push(' ');
                    }
                    help.push_str(&format!("Allowed fields here: {}", allowed()));
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
                    d.help = Some(format!("allowed fields: {}", allowed()));
                }
            }
        }
        Some(Obj { map, path, schema })
    }

    /// Field `k` of `o` as the group of fields its declaration names; reports it missing
    /// when it is required.
    pub fn group<'v>(&mut self, o: &Obj<'v>, k: &str) -> Option<Obj<'v>> {
        let f = o.read_as(k, |t| t.object().is_some());
        let Some(v) = self.get(o, k) else {
            if f.required {
                self.missing(o, k);
            }
            return None;
        };
        let inner = f.ty.object()?;
        self.object(v, key(&o.path, k), inner)
    }

    /// A present, non-null value.
    pub fn get<'v>(&self, o: &Obj<'v>, k: &str) -> Option<&'v Value> {
        match o.map.get(k) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// Reports required field `k` missing, with its example (unless a misspelling of it
    /// was already reported as an unknown field).
    pub fn missing(&mut self, o: &Obj, k: &str) {
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
        d.example = Some(o.example(k).to_string());
    }

    /// A value read as one piece of text, trimmed; refused (None, with the error) when it
    /// holds a control or hidden character, or is not text, a number or true/false.
    pub fn scalar_string(&mut self, v: &Value, path: Path, example: &str) -> Option<String> {
        match v {
            Value::String(s) => {
                if let Some(found) = formats::forbidden_char(s, true) {
                    self.err(Anchor::Value(path), formats::forbidden_char_message(found))
                        .help = Some(HIDDEN_HELP.to_string());
                    return None;
                }
                Some(s.trim().to_string())
            }
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

    /// Text field `k`: reported missing or empty when it is declared required.
    pub fn text(&mut self, o: &Obj, k: &str) -> Option<String> {
        let required = o.read_as(k, is_text).required;
        if required && self.get(o, k).is_none() {
            self.missing(o, k);
            return None;
        }
        let s = self.optional_text(o, k);
        if let Some(t) = &s {
            // Names and summaries are repeated on every list a listing appears in, so their
            // length multiplies the size of the site.
            let limit = match k {
                "name" => formats::MAX_NAME_CHARS,
                "summary" => formats::MAX_SUMMARY_CHARS,
                _ => formats::MAX_TEXT_CHARS,
            };
            if t.len() > limit && t.chars().count() > limit {
                let d = self.err(
                    Anchor::Value(key(&o.path, k)),
                    format!(
                        "`{k}` is {} characters; the limit is {limit}",
                        t.chars().count()
                    ),
                );
                d.help = Some(if k == "summary" || k == "name" {
                    "shorten it; put the detail in the description below the fields".to_string()
                } else {
                    "shorten it, or put the detail in the description below the fields".to_string()
                });
                return None;
            }
            if k == "name"
                && let Some((word, c)) = formats::mixed_script_word(t)
            {
                let d = self.err(
                    Anchor::Value(key(&o.path, k)),
                    format!(
                        "the name mixes Latin letters with a letter from another alphabet that looks like one (`{c}`, U+{:04X}, in `{word}`), so it would pass for a different name",
                        c as u32
                    ),
                );
                d.help = Some("type the word again in one alphabet: a name may use several alphabets, but not within one word".to_string());
                return None;
            }
        }
        if required
            && s.is_none()
            && matches!(o.map.get(k), Some(Value::String(x)) if x.trim().is_empty())
        {
            let d = self.err(Anchor::Value(key(&o.path, k)), format!("`{k}` is empty"));
            d.example = Some(o.example(k).to_string());
        }
        s
    }

    /// Text field `k`, never reported missing (for required fields whose absence is
    /// reported another way).
    pub fn optional_text(&mut self, o: &Obj, k: &str) -> Option<String> {
        o.read_as(k, is_text);
        self.trimmed(o, k)
    }

    /// Field `k` as trimmed text, None when empty, whatever its declared type.
    fn trimmed(&mut self, o: &Obj, k: &str) -> Option<String> {
        let v = self.get(o, k)?;
        let s = self.scalar_string(v, key(&o.path, k), o.example(k))?;
        if s.is_empty() { None } else { Some(s) }
    }

    /// Field `k`, true or false (false when absent).
    pub fn flag(&mut self, o: &Obj, k: &str) -> bool {
        o.read_as(k, |t| matches!(t, Type::Flag));
        match self.get(o, k) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let d = self.err(
                    Anchor::Value(key(&o.path, k)),
                    format!("expected true or false, found {}", type_name(other)),
                );
                d.example = Some(o.example(k).to_string());
                false
            }
        }
    }

    /// A number at `path`, in a value that has no field of its own (a list item).
    pub fn number_at(&mut self, v: &Value, path: Path, example: &str) -> Option<f64> {
        match v {
            // `.nan` and `.inf` are numbers to YAML, not to a person.
            Value::Number(n) if n.as_f64().is_some_and(|x| !x.is_finite()) => {
                let d = self.err(
                    Anchor::Value(path),
                    format!("`{n}` is not a number a person can read"),
                );
                d.example = Some(example.to_string());
                None
            }
            Value::Number(n) => n.as_f64(),
            Value::String(s) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                s.trim().parse().ok()
            }
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

    /// Number field `k`: reported missing when it is declared required.
    pub fn number(&mut self, o: &Obj, k: &str) -> Option<f64> {
        match self.get(o, k) {
            None => {
                if o.read_as(k, |t| matches!(t, Type::Number)).required {
                    self.missing(o, k);
                }
                None
            }
            Some(v) => self.number_at(v, key(&o.path, k), o.example(k)),
        }
    }

    /// List field `k` of text items; a single item written without a list is accepted.
    pub fn list(&mut self, o: &Obj, k: &str) -> Vec<(String, Path)> {
        self.list_shown_as(o, k, o.example(k))
    }

    /// [`Reader::list`], showing `example` with an item of the wrong type.
    pub fn list_shown_as(&mut self, o: &Obj, k: &str, example: &str) -> Vec<(String, Path)> {
        o.read_as(k, |t| {
            matches!(
                t,
                Type::TextList
                    | Type::DateList
                    | Type::Refs { .. }
                    | Type::Choices { .. }
                    | Type::Languages
                    | Type::Areas
            )
        });
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

    /// List field `k` of values from its declared set, in lower case, each once.
    pub fn choices(&mut self, o: &Obj, k: &str) -> Vec<String> {
        let allowed = o.read_as(k, |t| matches!(t, Type::Choices { .. })).codes();
        let example = o.example(k);
        let items = self.list(o, k);
        let mut out: Vec<String> = Vec::new();
        for (s, p) in items {
            let norm = s.to_ascii_lowercase();
            if allowed.contains(&norm.as_str()) {
                if !out.contains(&norm) {
                    out.push(norm);
                }
            } else {
                self.bad_choice(p, &s, &allowed, example);
            }
        }
        out
    }

    /// List field `k` of ISO 639 language codes, each kept under its one code
    /// ([`crate::content::language::canonical`]).
    pub fn languages(&mut self, o: &Obj, k: &str) -> Vec<String> {
        use crate::content::language;
        let f = o.read_as(k, |t| matches!(t, Type::Languages));
        let mut out: Vec<String> = Vec::new();
        for (s, p) in self.list(o, k) {
            match language::canonical(&s) {
                Some(code) => {
                    if !out.contains(&code) {
                        out.push(code);
                    }
                }
                None => {
                    let mut help = match language::code_for_name(&s) {
                        Some(code) => format!("Did you mean `{code}`? "),
                        None => String::new(),
                    };
                    help.push_str(f.help.unwrap_or_default());
                    let d = self.err(
                        Anchor::Value(p),
                        format!("`{s}` is not an ISO 639 language code"),
                    );
                    d.help = Some(help);
                    d.example = Some(f.example.to_string());
                }
            }
        }
        out
    }

    /// Field `k`, one of its declared values or an id the site may declare elsewhere (the
    /// cross-file check decides), in lower case; reported missing when required.
    pub fn open_choice(&mut self, o: &Obj, k: &str) -> Option<String> {
        let f = o.read_as(k, |t| matches!(t, Type::Choice { .. }));
        if f.required && self.get(o, k).is_none() {
            self.missing(o, k);
            return None;
        }
        let s = self.trimmed(o, k)?;
        let norm = s.to_ascii_lowercase();
        let allowed = f.codes();
        if allowed.contains(&norm.as_str()) || crate::content::formats::check_id(&norm).is_ok() {
            Some(norm)
        } else {
            self.bad_choice(key(&o.path, k), &s, &allowed, f.example);
            None
        }
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

    /// Field `k`, one of its declared values in lower case; reported missing when it is
    /// declared required.
    pub fn choice(&mut self, o: &Obj, k: &str) -> Option<String> {
        let f = o.read_as(k, |t| matches!(t, Type::Choice { .. }));
        if f.required && self.get(o, k).is_none() {
            self.missing(o, k);
            return None;
        }
        let s = self.trimmed(o, k)?;
        let norm = s.to_ascii_lowercase();
        let allowed = f.codes();
        if allowed.contains(&norm.as_str()) {
            Some(norm)
        } else {
            self.bad_choice(key(&o.path, k), &s, &allowed, f.example);
            None
        }
    }

    /// Phone field `k`: text that is a UK phone number.
    pub fn phone(&mut self, o: &Obj, k: &str) -> Option<String> {
        o.read_as(k, |t| matches!(t, Type::Phone));
        let p = key(&o.path, k);
        if let Some(Value::Number(n)) = self.get(o, k) {
            let d = self.err(
                Anchor::Value(p),
                format!("the phone number {n} was read as a number, which loses its leading 0"),
            );
            d.help = Some(
                "put the phone number in quotes, or keep the space after the area code".into(),
            );
            d.example = Some(o.field(k).example_quoted());
            return None;
        }
        let s = self.trimmed(o, k)?;
        match formats::check_uk_phone(&s) {
            Ok(()) => Some(s),
            Err(why) => {
                let d = self.err(
                    Anchor::Value(p),
                    format!("`{s}` is not a UK phone number: {why}"),
                );
                d.example = Some(o.example(k).to_string());
                None
            }
        }
    }

    /// Email field `k`.
    pub fn email(&mut self, o: &Obj, k: &str) -> Option<String> {
        o.read_as(k, |t| matches!(t, Type::Email));
        let s = self.trimmed(o, k)?;
        match formats::check_email(&s) {
            Ok(()) => Some(s),
            Err(why) => {
                let d = self.err(
                    Anchor::Value(key(&o.path, k)),
                    format!("`{s}` is not an email address: {why}"),
                );
                d.example = Some(o.example(k).to_string());
                None
            }
        }
    }

    /// Field `k`, a group of `phone`, `email` and `website`.
    pub fn contact(&mut self, o: &Obj, k: &str) -> super::model::Contact {
        let mut c = super::model::Contact::default();
        let Some(obj) = self.group(o, k) else {
            return c;
        };
        c.phone = self.phone(&obj, "phone");
        c.email = self.email(&obj, "email");
        c.website = self.url(&obj, "website");
        // --- localoffer: more ways to get in touch
        c.phones = self.other_phones(&obj);
        c.referral_form = self.url(&obj, "referral_form");
        c
    }

    /// A contact's `phones`: other numbers, each with its kind.
    fn other_phones(&mut self, o: &Obj) -> Vec<super::model::OtherPhone> {
        let mut out = Vec::new();
        let Some(list) = self.get(o, "phones") else {
            return out;
        };
        let p = key(&o.path, "phones");
        let Value::Sequence(items) = list else {
            self.err(
                Anchor::Value(p),
                format!(
                    "expected a list of phone numbers, found {}",
                    type_name(list)
                ),
            )
            .example = Some(o.example("phones").into());
            return out;
        };
        for (i, it) in items.iter().enumerate() {
            let Some(ph) = self.object(
                it,
                super::diagnostics::index(&p, i),
                &super::schema::OTHER_PHONE,
            ) else {
                continue;
            };
            let number = self.phone(&ph, "number");
            if self.get(&ph, "number").is_none() {
                self.missing(&ph, "number");
            }
            let kind = self.choice(&ph, "kind").unwrap_or_else(|| "call".into());
            let label = self.text(&ph, "label");
            if let Some(number) = number {
                out.push(super::model::OtherPhone {
                    number,
                    kind,
                    label,
                });
            }
        }
        out
    }

    /// Web address field `k`.
    pub fn url(&mut self, o: &Obj, k: &str) -> Option<String> {
        o.read_as(k, |t| matches!(t, Type::Url));
        let s = self.trimmed(o, k)?;
        match formats::check_url(&s) {
            Ok(()) => Some(s),
            Err(why) => {
                let d = self.err(
                    Anchor::Value(key(&o.path, k)),
                    format!("`{s}` is not a web address: {why}"),
                );
                d.example = Some(o.example(k).to_string());
                None
            }
        }
    }

    /// Time field `k` (24-hour clock); reported missing when it is declared required.
    pub fn time(&mut self, o: &Obj, k: &str) -> Option<super::model::Time> {
        o.read_as(k, |t| matches!(t, Type::Time));
        let example = o.example(k);
        let Some(v) = self.get(o, k) else {
            if o.field(k).required {
                self.missing(o, k);
            }
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

    /// Date field `k`; reported missing when it is declared required.
    pub fn date(&mut self, o: &Obj, k: &str) -> Option<jiff::civil::Date> {
        o.read_as(k, |t| matches!(t, Type::Date));
        let example = o.example(k);
        let Some(v) = self.get(o, k) else {
            if o.field(k).required {
                self.missing(o, k);
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

    /// Every field of `o` declared extra, each read and checked by the reader of its
    /// declared type.
    pub fn extra(&mut self, o: &Obj) -> super::model::Extra {
        let mut extra = super::model::Extra::new();
        for f in o.schema.extra_fields() {
            // Not every type's reader reports a missing required field; say it once here.
            if f.required && self.get(o, f.name).is_none() {
                self.missing(o, f.name);
                continue;
            }
            let value = match f.ty {
                Type::Url => self.url(o, f.name),
                Type::Email => self.email(o, f.name),
                Type::Phone => self.phone(o, f.name),
                Type::Date => self.date(o, f.name).map(|d| d.to_string()),
                // Text, and (refused by the schema's tests) any other type as text.
                _ => self.text(o, f.name),
            };
            if let Some(v) = value {
                extra.insert(f.name, v);
            }
        }
        extra
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::schema::{Columns, field};

    /// A kind of listing that exists only here: every field is extra, one of each type.
    static WITH_EXTRAS: Object = Object {
        id: "test",
        example: "name: A",
        docs: Columns::None,
        fields: &[
            field("name", Type::Text).extra().example("name: A"),
            field("booking", Type::Url)
                .extra()
                .example("booking: https://example.org"),
            field("bookings_email", Type::Email)
                .extra()
                .example("bookings_email: a@example.org"),
            field("bookings_phone", Type::Phone)
                .extra()
                .example("bookings_phone: 01632 960101"),
            field("starts", Type::Date)
                .extra()
                .example("starts: 2026-01-05"),
            field("code", Type::Text)
                .required()
                .extra()
                .example("code: X1"),
        ],
    };

    fn read(yaml: &str) -> (super::super::model::Extra, Vec<Diagnostic>) {
        let v = crate::yaml::parse(yaml).expect("test YAML parses");
        let mut diags = Vec::new();
        let mut r = Reader::new("t.md", &mut diags);
        let o = r.object(&v, Vec::new(), &WITH_EXTRAS).expect("a mapping");
        let extra = r.extra(&o);
        (extra, diags)
    }

    #[test]
    fn extra_fields_are_read_by_their_declared_type_without_code_of_their_own() {
        let (extra, diags) = read(
            "name: ' Swim '\nbooking: https://example.org/book\nbookings_email: a@example.org\n\
             bookings_phone: '01632 960101'\nstarts: 2026-01-05\ncode: X1\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let got: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            got,
            [
                ("booking", "https://example.org/book"),
                ("bookings_email", "a@example.org"),
                ("bookings_phone", "01632 960101"),
                ("code", "X1"),
                ("name", "Swim"),
                ("starts", "2026-01-05"),
            ]
        );
    }

    #[test]
    fn extra_fields_are_checked_like_any_field_of_their_type() {
        let (extra, diags) = read(
            "booking: not a link\nbookings_email: nobody\nbookings_phone: 1632\nstarts: 5 Jan\n",
        );
        assert!(extra.is_empty(), "{extra:?}");
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert!(messages[0].contains("is not a web address"), "{messages:?}");
        assert!(
            messages[1].contains("is not an email address"),
            "{messages:?}"
        );
        assert!(messages[2].contains("read as a number"), "{messages:?}");
        assert_eq!(diags[4].message, "missing required field `code`");
        assert_eq!(diags[4].example.as_deref(), Some("code: X1"));
    }
}
