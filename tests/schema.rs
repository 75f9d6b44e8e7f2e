//! One declaration per content kind (src/content/schema.rs) drives the loader's field
//! checks, `signpost new`'s templates and the field tables of docs/content.md. These tests
//! fail when one of them says something the declaration does not.

use signpost::content::diagnostics::{Diagnostic, Severity};
use signpost::content::load::{self, RawFile};
use signpost::content::schema::{self, Blank, Columns, Field, Object, docs};
use signpost::scaffold;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 24)
}

#[test]
fn the_field_tables_in_the_docs_are_the_ones_the_declaration_makes() {
    let path = repo().join(docs::PATH);
    let committed = std::fs::read_to_string(&path).unwrap();
    let generated = docs::regenerate(&committed).unwrap_or_else(|e| panic!("{e}"));
    if generated != committed {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or(
                committed.lines().count().min(generated.lines().count()),
                |i| i,
            )
            + 1;
        panic!(
            "{} differs from the declaration in src/content/schema.rs (first at line {line}); \
             run `{}` and commit the result",
            docs::PATH,
            docs::REGENERATE
        );
    }
}

/// The generated block of `id` in the doc.
fn block<'d>(doc: &'d str, id: &str) -> &'d str {
    let start = format!("<!-- fields:{id} start -->");
    let end = format!("<!-- fields:{id} end -->");
    let from = doc.find(&start).unwrap_or_else(|| panic!("no {start}"));
    let to = doc[from..].find(&end).unwrap_or_else(|| panic!("no {end}"));
    &doc[from..from + to]
}

#[test]
fn every_declared_field_is_in_the_docs() {
    let doc = std::fs::read_to_string(repo().join(docs::PATH)).unwrap();
    for o in schema::objects() {
        for f in o.fields {
            if o.docs == Columns::None {
                // Described in the text around a parent's row.
                assert!(
                    doc.contains(&format!("`{}`", f.name)),
                    "`{}` of {} is not mentioned in {}",
                    f.name,
                    o.id,
                    docs::PATH
                );
            } else {
                assert!(
                    block(&doc, o.id).contains(&format!("\n| `{}` |", f.name)),
                    "`{}` has no row in the {} table",
                    f.name,
                    o.id
                );
            }
        }
    }
}

#[test]
fn every_declared_field_is_in_the_new_file_templates() {
    fn check(t: &str, o: &Object, kind: &str) {
        for f in o.fields {
            let shown = t.lines().any(|l| {
                l.trim_start_matches([' ', '-'])
                    .starts_with(&format!("{}:", f.name))
            });
            assert_eq!(
                shown,
                f.scaffold != Blank::Omit,
                "`{}` of {} in the {kind} template",
                f.name,
                o.id
            );
            if let (Blank::Group | Blank::FirstItem, Some(inner)) = (f.scaffold, f.ty.object()) {
                check(t, inner, kind);
            }
            if f.required {
                assert_ne!(f.scaffold, Blank::Omit, "required `{}` left out", f.name);
            }
        }
    }
    for kind in [
        scaffold::Kind::Service,
        scaffold::Kind::Organisation,
        scaffold::Kind::Venue,
        scaffold::Kind::Hub,
    ] {
        let t = scaffold::template(kind, today());
        check(&t, kind.schema().fields, kind.folder());
        // Each note is written once, before its field.
        for f in kind
            .schema()
            .fields
            .fields
            .iter()
            .filter(|f| !f.note.is_empty())
        {
            let first = f.note.lines().next().unwrap();
            let first = first.split("{values").next().unwrap();
            assert!(t.contains(&format!("# {first}")), "{}: {first}", f.name);
        }
    }
}

// ---------------------------------------------------------------------------------------
// The loader accepts exactly the declared fields and requires exactly the required ones.

/// One file of the sample, parsed: its YAML and how to put it back together.
struct Sample {
    rel: String,
    yaml: serde_yaml::Value,
    body: Option<String>,
}

impl Sample {
    fn read(rel: &str) -> Sample {
        let text = std::fs::read_to_string(repo().join("content").join(rel)).unwrap();
        let (yaml, body) = if rel.ends_with(".md") {
            let (yaml, _, body) = load::split_front_matter(&text).unwrap();
            (yaml.to_string(), Some(body.to_string()))
        } else {
            (text, None)
        };
        Sample {
            rel: rel.to_string(),
            yaml: serde_yaml::from_str(&yaml).unwrap(),
            body,
        }
    }

    /// The errors from loading the file with `yaml` as its fields.
    fn errors(&self, yaml: &serde_yaml::Value) -> Vec<Diagnostic> {
        let fields = serde_yaml::to_string(yaml).unwrap();
        let text = match &self.body {
            Some(body) => format!("---\n{fields}---\n{body}"),
            None => fields,
        };
        let files = vec![RawFile {
            rel: self.rel.clone(),
            bytes: text.into_bytes(),
            problem: None,
        }];
        load::load(files, today())
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(&'static str),
    Item(usize),
}

fn at<'v>(v: &'v mut serde_yaml::Value, path: &[Step]) -> &'v mut serde_yaml::Value {
    path.iter().fold(v, |v, step| match step {
        Step::Key(k) => &mut v[*k],
        Step::Item(i) => &mut v[*i],
    })
}

/// Every group of fields the sample file writes, with where it is: the top, then each
/// nested group (the first item of a list).
fn groups(
    v: &serde_yaml::Value,
    o: &'static Object,
    path: Vec<Step>,
    out: &mut Vec<(Vec<Step>, &'static Object)>,
) {
    if !v.is_mapping() {
        return;
    }
    out.push((path.clone(), o));
    for f in o.fields {
        let Some(inner) = f.ty.object() else { continue };
        let mut p = path.clone();
        p.push(Step::Key(f.name));
        match &v[f.name] {
            serde_yaml::Value::Sequence(items) if !items.is_empty() => {
                p.push(Step::Item(0));
                groups(&items[0], inner, p, out);
            }
            nested => groups(nested, inner, p, out),
        }
    }
}

/// A sample file of each kind, and of each nested group some file writes.
fn samples() -> Vec<(Sample, Vec<Step>, &'static Object)> {
    let mut files = vec![
        "site.yaml".to_string(),
        "needs.yaml".to_string(),
        "postcodes.yaml".to_string(),
    ];
    for folder in load::folders() {
        let mut names: Vec<_> = std::fs::read_dir(repo().join("content").join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md") && n != "README.md")
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("{folder}/{n}")));
    }
    let mut out: Vec<(Sample, Vec<Step>, &'static Object)> = Vec::new();
    for rel in files {
        let kind = schema::kind(load::classify(&rel).unwrap()).unwrap();
        let sample = Sample::read(&rel);
        let mut found = Vec::new();
        groups(&sample.yaml, kind.fields, Vec::new(), &mut found);
        for (path, o) in found {
            if !out.iter().any(|(_, _, seen)| std::ptr::eq(*seen, o)) {
                out.push((Sample::read(&rel), path, o));
            }
        }
    }
    out
}

fn required_missing(errors: &[Diagnostic], f: &Field) -> bool {
    errors
        .iter()
        .any(|d| d.message == format!("missing required field `{}`", f.name))
}

#[test]
fn the_loader_accepts_exactly_the_declared_fields_and_requires_the_required_ones() {
    let samples = samples();
    let reached: Vec<&str> = samples.iter().map(|(_, _, o)| o.id).collect();
    // Every group is written somewhere in the sample, so each is checked below.
    for o in schema::objects() {
        assert!(reached.contains(&o.id), "no sample writes a `{}`", o.id);
    }
    for (sample, path, o) in &samples {
        let place = format!("{} at {path:?}", sample.rel);
        assert!(sample.errors(&sample.yaml).is_empty(), "{place}");

        // A field that is not declared is refused, and the help lists the declared ones.
        let mut yaml = sample.yaml.clone();
        at(&mut yaml, path)
            .as_mapping_mut()
            .unwrap()
            .insert("not_declared".into(), "x".into());
        let errors = sample.errors(&yaml);
        let unknown = errors
            .iter()
            .find(|d| d.message == "unknown field `not_declared`")
            .unwrap_or_else(|| panic!("{place}: {errors:?}"));
        let allowed = format!("Allowed fields here: {}", o.names().join(", "));
        assert!(
            unknown
                .help
                .as_deref()
                .is_some_and(|h| h.ends_with(&allowed)),
            "{place}: {:?}",
            unknown.help
        );

        // Each field written here: taking it out is an error about a missing field
        // exactly when it is declared required.
        for f in o.fields {
            let mut yaml = sample.yaml.clone();
            let group = at(&mut yaml, path).as_mapping_mut().unwrap();
            if group.remove(f.name).is_none() {
                continue;
            }
            let errors = sample.errors(&yaml);
            assert_eq!(
                required_missing(&errors, f),
                f.required,
                "{place}: without `{}`: {errors:?}",
                f.name
            );
        }
    }
}

#[test]
fn the_missing_field_error_shows_the_declared_example() {
    let sample = Sample::read("services/riverside-library-rhyme-time.md");
    let mut yaml = sample.yaml.clone();
    yaml.as_mapping_mut().unwrap().remove("how_to_access");
    let errors = sample.errors(&yaml);
    let d = errors
        .iter()
        .find(|d| d.message == "missing required field `how_to_access`")
        .expect("reported");
    let declared = schema::SERVICE.field("how_to_access").unwrap();
    assert_eq!(d.example.as_deref(), Some(declared.example));
}
