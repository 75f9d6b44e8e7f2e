//! The form editor's configuration (`/admin/config.yml`, Decap CMS) agrees with the content
//! format: every field of every listing kind is there, in the declared order, with the
//! widget its type needs, its allowed values as choices, its required mark and its help;
//! needs are a multi-select of needs.yaml's needs; links to other listings are relations.
//! Changes are saved as pull requests (open authoring, editorial workflow).

#[path = "support/cli.rs"]
mod cli;
use cli::{build_ok, repo};
use serde_yaml::Value;
use signpost::content::schema::{self, Choices, Field, Object, Type};

/// The widget each type must have: written out here rather than taken from src/admin.rs,
/// so a change on either side shows.
fn expected_widget(ty: &Type) -> &'static str {
    match ty {
        Type::Text
        | Type::Url
        | Type::Email
        | Type::Phone
        | Type::Postcode
        | Type::Id
        | Type::Age
        | Type::Time => "string",
        Type::Number => "number",
        Type::Flag => "boolean",
        Type::Date => "datetime",
        Type::TextList | Type::DateList => "list",
        Type::Choice { .. } | Type::Choices { .. } | Type::Languages => "select",
        Type::Ref { to: "needs" } | Type::Refs { to: "needs" } => "select",
        Type::Ref { .. } | Type::Refs { .. } => "relation",
        Type::Object { .. } => "object",
        Type::List { .. } => "list",
        Type::Uuid | Type::FreeOrObject { .. } | Type::Areas | Type::Points => "hidden",
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The option values of a select.
fn option_values(field: &Value) -> Vec<String> {
    field
        .get("options")
        .and_then(Value::as_sequence)
        .map(|opts| {
            opts.iter()
                .filter_map(|o| {
                    o.as_str()
                        .or_else(|| str_of(o, "value"))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every disagreement between the schema's fields and a configuration's list of fields.
fn compare(
    path: &str,
    fields: &[Field],
    config: &[Value],
    needs: &[String],
    problems: &mut Vec<String>,
) {
    let names: Vec<&str> = config.iter().filter_map(|f| str_of(f, "name")).collect();
    let declared: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let in_order: Vec<&str> = names.iter().copied().filter(|n| *n != "body").collect();
    if in_order != declared {
        problems.push(format!(
            "{path}: fields {in_order:?}, declared {declared:?}"
        ));
    }
    for f in fields {
        let at = format!("{path}.{}", f.name);
        let Some(c) = config.iter().find(|c| str_of(c, "name") == Some(f.name)) else {
            continue;
        };
        let widget = str_of(c, "widget").unwrap_or("");
        if widget != expected_widget(&f.ty) {
            problems.push(format!(
                "{at}: widget {widget}, expected {}",
                expected_widget(&f.ty)
            ));
        }
        if c.get("required").and_then(Value::as_bool) != Some(f.required) {
            problems.push(format!(
                "{at}: required is {:?}, declared {}",
                c.get("required"),
                f.required
            ));
        }
        if str_of(c, "hint").is_none_or(str::is_empty) {
            problems.push(format!("{at}: no help text"));
        }
        let multiple = c.get("multiple").and_then(Value::as_bool).unwrap_or(false);
        match &f.ty {
            Type::Choice { values } | Type::Choices { values } => {
                let codes: Vec<String> = match values {
                    Choices::Plain(v) | Choices::Named(_, v) => {
                        v.iter().map(|s| s.to_string()).collect()
                    }
                };
                if option_values(c) != codes {
                    problems.push(format!(
                        "{at}: choices {:?}, allowed {codes:?}",
                        option_values(c)
                    ));
                }
                if multiple != matches!(f.ty, Type::Choices { .. }) {
                    problems.push(format!("{at}: multiple is {multiple}"));
                }
            }
            // Any ISO 639 language is allowed: every one the check accepts, none it refuses.
            Type::Languages => {
                let offered = option_values(c);
                for code in ["en", "pl", "sk", "cs", "bsl"] {
                    if !offered.iter().any(|o| o == code) {
                        problems.push(format!("{at}: `{code}` is not offered"));
                    }
                }
                for o in &offered {
                    if signpost::content::language::canonical(o).as_deref() != Some(o.as_str()) {
                        problems.push(format!(
                            "{at}: offers `{o}`, which the check does not keep as it is"
                        ));
                    }
                }
                if !multiple {
                    problems.push(format!("{at}: multiple is {multiple}"));
                }
            }
            Type::Refs { to: "needs" } | Type::Ref { to: "needs" } => {
                if option_values(c) != needs {
                    problems.push(format!(
                        "{at}: needs {:?}, needs.yaml has {needs:?}",
                        option_values(c)
                    ));
                }
                if multiple != matches!(f.ty, Type::Refs { .. }) {
                    problems.push(format!("{at}: multiple is {multiple}"));
                }
            }
            Type::Ref { to } | Type::Refs { to } => {
                if str_of(c, "collection") != Some(to) {
                    problems.push(format!(
                        "{at}: relation to {:?}, declared {to}",
                        str_of(c, "collection")
                    ));
                }
                if multiple != matches!(f.ty, Type::Refs { .. }) {
                    problems.push(format!("{at}: multiple is {multiple}"));
                }
            }
            Type::Object { object } | Type::List { object } => {
                let inner = c
                    .get("fields")
                    .and_then(Value::as_sequence)
                    .cloned()
                    .unwrap_or_default();
                let o: &Object = object;
                compare(&at, o.fields, &inner, needs, problems);
            }
            _ => {}
        }
    }
}

/// Every disagreement between the schema and a whole configuration.
fn disagreements(config: &Value, needs: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let collections = config["collections"]
        .as_sequence()
        .cloned()
        .unwrap_or_default();
    for kind in schema::KINDS.iter().filter(|k| k.markdown) {
        let Some(c) = collections
            .iter()
            .find(|c| str_of(c, "name") == Some(kind.name))
        else {
            problems.push(format!("no collection for {}", kind.name));
            continue;
        };
        let folder = format!("content/{}", kind.name);
        if str_of(c, "folder") != Some(folder.as_str()) {
            problems.push(format!("{}: folder {:?}", kind.name, str_of(c, "folder")));
        }
        let fields = c["fields"].as_sequence().cloned().unwrap_or_default();
        compare(kind.name, kind.fields.fields, &fields, needs, &mut problems);
        if !fields
            .iter()
            .any(|f| str_of(f, "name") == Some("body") && str_of(f, "widget") == Some("markdown"))
        {
            problems.push(format!("{}: no markdown description", kind.name));
        }
    }
    problems
}

/// needs.yaml's need ids, read here on their own.
fn sample_needs() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("content/needs.yaml")).unwrap();
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    doc["categories"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|c| c["needs"].as_sequence().unwrap().iter())
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

fn built_config() -> Value {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    let text = std::fs::read_to_string(out.path().join("admin/config.yml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

#[test]
fn the_editor_configuration_has_every_field_of_the_format_with_its_widget_choices_and_required_mark()
 {
    let config = built_config();
    let needs = sample_needs();
    assert!(needs.len() > 20);
    let problems = disagreements(&config, &needs);
    assert!(
        problems.is_empty(),
        "the editor's configuration and the format disagree:\n{}",
        problems.join("\n")
    );

    // Changes come as pull requests, from forks for people without access.
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "marlbrook-fis/directory");
    assert_eq!(config["backend"]["open_authoring"], true);
    assert_eq!(config["publish_mode"], "editorial_workflow");
    // The private owner email is offered, with the help that says it is private.
    let services = config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "services")
        .unwrap();
    let owner = services["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "owner_email")
        .unwrap();
    assert!(owner["hint"].as_str().unwrap().starts_with("Private."));
    // Named values are offered by their names.
    let languages = services["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "languages")
        .unwrap();
    assert!(
        languages["options"]
            .as_sequence()
            .unwrap()
            .iter()
            .any(|o| o["label"] == "Polish (polski)" && o["value"] == "pl")
    );
}

#[test]
fn the_comparison_fails_when_a_field_is_missing_or_its_choices_differ() {
    let needs = sample_needs();
    let mut config = built_config();
    // Drop `level` from services and change the choices of `status`.
    let services = config["collections"]
        .as_sequence_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["name"] == "services")
        .unwrap();
    let fields = services["fields"].as_sequence_mut().unwrap();
    fields.retain(|f| f["name"] != "level");
    let status = fields.iter_mut().find(|f| f["name"] == "status").unwrap();
    status["options"] = serde_yaml::from_str("[active]").unwrap();
    let problems = disagreements(&config, &needs);
    assert!(
        problems.iter().any(|p| p.starts_with("services: fields")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("services.status: choices")),
        "{problems:?}"
    );
}

#[test]
fn no_configuration_without_a_github_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    cli::copy_dir(&repo().join("content"), &content);
    let site = content.join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("repository:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&site, text).unwrap();
    let out = tmp.path().join("out");
    build_ok(&content, &out);
    assert!(!out.join("admin/config.yml").exists());
}

/// Every yes/no field below `fields`, with where it is.
fn flags(path: &str, fields: &[Field], out: &mut Vec<(String, &'static str)>) {
    for f in fields {
        let at = format!("{path}.{}", f.name);
        match &f.ty {
            Type::Flag => out.push((at, f.doc)),
            Type::Object { object } | Type::List { object } | Type::FreeOrObject { object } => {
                flags(&at, object.fields, out)
            }
            _ => {}
        }
    }
}

#[test]
fn every_yes_no_field_defaults_to_no_so_the_editor_may_leave_out_a_false_one() {
    // editor/format.js treats `false` as "not given" (a form's unticked box), so that saving
    // a listing does not add `online: false` lines nobody wrote. That is only right while
    // every yes/no field means no when it is left out.
    let mut found = Vec::new();
    for kind in schema::KINDS.iter() {
        flags(kind.name, kind.fields.fields, &mut found);
    }
    assert!(found.len() >= 8, "{found:?}");
    let wrong: Vec<_> = found
        .iter()
        .filter(|(_, doc)| !doc.contains("The default is `false`"))
        .collect();
    assert!(
        wrong.is_empty(),
        "yes/no fields that do not default to no: {wrong:?}"
    );
}

#[test]
fn the_editor_saves_listings_in_its_own_format_from_a_bundle_that_matches_its_source() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    let config: Value = serde_yaml::from_str(
        &std::fs::read_to_string(out.path().join("admin/config.yml")).unwrap(),
    )
    .unwrap();
    for c in config["collections"].as_sequence().unwrap() {
        assert_eq!(c["format"], "signpost", "{:?}", c["name"]);
    }
    // The format's script runs after Decap's, before Decap reads its configuration.
    let page = std::fs::read_to_string(out.path().join("admin/index.html")).unwrap();
    let decap = page.find("admin/decap-cms.js").unwrap();
    let format = page.find("admin/signpost-format.js").unwrap();
    assert!(decap < format, "{page}");
    let script = std::fs::read_to_string(out.path().join("admin/signpost-format.js")).unwrap();
    assert!(script.contains("registerCustomFormat"));
    assert!(script.contains("__signpost_original"));

    // The published bundle was made from editor/ as it is now.
    let recorded = std::fs::read_to_string(repo().join("vendor/editor/SOURCES")).unwrap();
    let now = std::process::Command::new("sha256sum")
        .args(["editor/format.js", "editor/main.js"])
        .current_dir(repo())
        .output()
        .unwrap();
    let now = String::from_utf8(now.stdout).unwrap();
    let recorded: String = recorded
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        recorded, now,
        "vendor/editor/signpost-format.js.gz is older than editor/: run scripts/bundle-editor-format"
    );
}
