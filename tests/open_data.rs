//! Open data: the Open Referral UK export validates against the official schemas (with
//! misspelt fields rejected), round-trips through `signpost import`, and the CSV, JSON-LD,
//! sitemap and robots.txt say what a consumer needs.

use jsonschema::Validator;
use scraper::{Html, Selector};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, repo};

/// The sample site, built once for the tests in this file.
fn sample() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_ok(&repo().join("content"), &dir.path().join("public"));
        dir
    })
    .path()
    .join("public")
}

// ---------------------------------------------------------------------------------------
// Schemas

fn load(name: &str) -> Value {
    let p = repo().join("tests/oruk-3.0").join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// Rejects unknown properties everywhere: the published schemas allow them, so a misspelt
/// field would otherwise pass.
fn strict(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.contains_key("properties") && !o.contains_key("additionalProperties") {
                o.insert("additionalProperties".into(), json!(false));
            }
            o.values_mut().for_each(strict);
        }
        Value::Array(a) => a.iter_mut().for_each(strict),
        _ => {}
    }
}

fn paged(item: Value) -> Value {
    let openapi = load("openapi.json");
    let mut page = openapi["components"]["schemas"]["Page"].clone();
    page["properties"]["contents"] = json!({"type": "array", "items": item});
    page["required"] = json!([
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents"
    ]);
    page
}

struct Schemas {
    index: Validator,
    service: Validator,
    service_page: Validator,
    sal: Validator,
    sal_page: Validator,
    taxonomy_page: Validator,
    term_page: Validator,
}

fn validator(mut schema: Value) -> Validator {
    strict(&mut schema);
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn schemas() -> &'static Schemas {
    static S: OnceLock<Schemas> = OnceLock::new();
    S.get_or_init(|| {
        let openapi = load("openapi.json");
        let service = load("service.json");
        let term =
            service["properties"]["attributes"]["items"]["properties"]["taxonomy_term"].clone();
        // taxonomy.json is not among the compiled schemas; this follows the profile's
        // example taxonomy record.
        let taxonomy = json!({
            "type": "object",
            "required": ["id", "name", "description"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "name": {"type": "string"},
                "description": {"type": "string"},
                "uri": {"type": "string", "format": "uri"},
                "version": {"type": "string"},
            }
        });
        Schemas {
            index:
                validator(
                    openapi["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]
                        ["schema"]
                        .clone(),
                ),
            service: validator(service),
            service_page: validator(paged(load("service_list.json"))),
            sal: validator(load("service_at_location.json")),
            sal_page: validator(paged(load("service_at_location_list.json"))),
            taxonomy_page: validator(paged(taxonomy)),
            term_page: validator(paged(term)),
        }
    })
}

fn problems(v: &Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Validates one exported file by its path; returns its problems.
fn validate(rel: &str, bytes: &[u8]) -> Vec<String> {
    let s = schemas();
    let text = std::str::from_utf8(bytes).unwrap();
    if rel.ends_with(".ndjson") {
        return text
            .lines()
            .enumerate()
            .flat_map(|(i, l)| {
                let doc: Value = serde_json::from_str(l).unwrap();
                problems(&s.service, &doc)
                    .into_iter()
                    .map(move |p| format!("line {}: {p}", i + 1))
            })
            .collect();
    }
    let doc: Value = serde_json::from_str(text).unwrap();
    let v = match rel {
        "api/index.json" => &s.index,
        "api/services.json" => &s.service_page,
        "api/service_at_locations.json" => &s.sal_page,
        "api/taxonomies.json" => &s.taxonomy_page,
        "api/taxonomy_terms.json" => &s.term_page,
        r if r.starts_with("api/services/page/") => &s.service_page,
        r if r.starts_with("api/service_at_locations/page/") => &s.sal_page,
        r if r.starts_with("api/services/") => &s.service,
        r if r.starts_with("api/service_at_locations/") => &s.sal,
        other => panic!("no schema for the exported file {other}"),
    };
    problems(v, &doc)
}

fn api_files(public: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(public.join("api"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(public).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A full service record, /api/services/<id>.json (not a page of the list).
fn is_record(rel: &str) -> bool {
    rel.starts_with("api/services/") && !rel.starts_with("api/services/page/")
}

fn assert_valid(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> usize {
    let mut bad = Vec::new();
    let mut n = 0;
    for (rel, bytes) in files {
        n += 1;
        for p in validate(&rel, &bytes) {
            bad.push(format!("{rel}: {p}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} problems, first ones:\n{}",
        bad.len(),
        bad[..bad.len().min(20)].join("\n")
    );
    n
}

/// How many childcare providers the sample lists (content/childcare/*.md): each is a
/// service record of its own organisation in the export.
fn providers() -> usize {
    std::fs::read_dir(repo().join("content/childcare"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("md".as_ref()))
        .count()
}

#[test]
fn every_exported_file_of_the_sample_validates() {
    let files = api_files(&sample());
    let records = 160 + providers();
    let services = files.keys().filter(|k| is_record(k)).count();
    assert_eq!(services, records, "one record per service and provider");
    let lines = String::from_utf8_lossy(&files["api/services.ndjson"])
        .lines()
        .count();
    assert_eq!(lines, records);
    let list: Value = serde_json::from_slice(&files["api/services.json"]).unwrap();
    assert_eq!(list["total_items"], records);
    assert_eq!(list["contents"].as_array().unwrap().len(), records);
    let index: Value = serde_json::from_slice(&files["api/index.json"]).unwrap();
    assert_eq!(index["version"], "HSDS-UK-3.0");
    let n = assert_valid(files);
    assert!(n > 300, "only {n} files were checked");
}

#[test]
fn a_thousand_service_synthetic_export_validates() {
    let dir = tempfile::tempdir().unwrap();
    signpost::synth::generate(dir.path(), 1000, 11).unwrap();
    let today = jiff::civil::date(2026, 11, 24);
    let source = signpost::content::load::Source::Dir(dir.path().to_path_buf());
    let checked = signpost::check_content(&source, today).unwrap();
    assert_eq!(checked.errors(), 0);
    let site = signpost::site::Site::build(checked.content, today).unwrap();
    let files = signpost::export::oruk::files(&site);
    let services = files.iter().filter(|(p, _)| is_record(p)).count();
    assert_eq!(services, 1000);
    assert_valid(files);
}

/// The checks above can fail: the same record with a misspelt field, a wrong type or a
/// malformed id does not validate.
#[test]
fn a_misspelt_field_fails_validation() {
    let files = api_files(&sample());
    let (rel, bytes) = files.iter().find(|(k, _)| is_record(k)).unwrap();
    let good: Value = serde_json::from_slice(bytes).unwrap();
    assert!(validate(rel, bytes).is_empty());
    let mutate = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        validate(rel, &serde_json::to_vec(&v).unwrap())
    };
    let misspelt = mutate(&|v| {
        let o = v.as_object_mut().unwrap();
        let a = o.remove("minimum_age").unwrap();
        o.insert("minimun_age".into(), a);
    });
    assert!(
        misspelt.iter().any(|p| p.contains("minimun_age")),
        "{misspelt:?}"
    );
    let nested = mutate(&|v| {
        let a = v["attributes"][0].as_object_mut().unwrap();
        let id = a.remove("taxonomy_term_id").unwrap();
        a.insert("taxonomy_term_ids".into(), id);
    });
    assert!(!nested.is_empty(), "a misspelt nested field passed");
    let bad_id = mutate(&|v| v["id"] = json!("not-a-uuid"));
    assert!(!bad_id.is_empty(), "format checking is off");
    let null = mutate(&|v| v["email"] = Value::Null);
    assert!(!null.is_empty(), "null passed for a text field");
}

#[test]
fn ids_are_stable_and_optional_fields_are_left_out() {
    let today = jiff::civil::date(2026, 11, 24);
    let export = || {
        let checked =
            signpost::check_content(&signpost::content::load::Source::Embedded, today).unwrap();
        let site = signpost::site::Site::build(checked.content, today).unwrap();
        signpost::export::oruk::files(&site)
    };
    let (a, b) = (export(), export());
    assert_eq!(a, b, "two builds of the same content differ");
    fn no_empties(v: &Value, path: &str) {
        match v {
            Value::Null => panic!("null at {path}"),
            Value::String(s) => assert!(!s.trim().is_empty(), "empty text at {path}"),
            Value::Array(x) => {
                assert!(!x.is_empty(), "empty list at {path}");
                x.iter()
                    .enumerate()
                    .for_each(|(i, y)| no_empties(y, &format!("{path}[{i}]")));
            }
            Value::Object(o) => o
                .iter()
                .for_each(|(k, y)| no_empties(y, &format!("{path}.{k}"))),
            _ => {}
        }
    }
    for (rel, bytes) in a.iter().filter(|(r, _)| is_record(r)) {
        no_empties(&serde_json::from_slice(bytes).unwrap(), rel);
    }
}

/// Every `taxonomy_term_id` anywhere in the records, with where it is.
fn term_links(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(o) => {
            assert!(
                !o.contains_key("taxonomy_term"),
                "{path}: the term is repeated inside the record"
            );
            for (k, x) in o {
                if k == "taxonomy_term_id" {
                    out.push((x.as_str().unwrap().to_string(), path.to_string()));
                }
                term_links(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| term_links(x, &format!("{path}[{i}]"), out)),
        _ => {}
    }
}

/// Records link to terms by id; each term is published once, and every link (and every
/// term's parent) finds its term there.
#[test]
fn attributes_link_to_terms_published_once() {
    let files = api_files(&sample());
    let terms: Value = serde_json::from_slice(&files["api/taxonomy_terms.json"]).unwrap();
    let terms = terms["contents"].as_array().unwrap();
    let ids: std::collections::HashSet<&str> =
        terms.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), terms.len(), "a term is published twice");
    for t in terms {
        if let Some(p) = t["parent_id"].as_str() {
            assert!(
                ids.contains(p),
                "the parent of {} is not published",
                t["name"]
            );
        }
    }
    let mut links = Vec::new();
    for (rel, bytes) in &files {
        if is_record(rel) || rel.starts_with("api/service_at_locations/") {
            term_links(&serde_json::from_slice(bytes).unwrap(), rel, &mut links);
        }
    }
    assert!(links.len() > 1000, "only {} links", links.len());
    for (id, at) in &links {
        assert!(
            ids.contains(id.as_str()),
            "{at} links to {id}, which is not published"
        );
    }
    // The need a user would look for is one of the linked terms.
    let need = terms
        .iter()
        .find(|t| t["name"] == "Holiday clubs and activities")
        .unwrap();
    assert!(links.iter().any(|(id, _)| *id == need["id"]));
}

/// Large directories page their lists (the profile's paged list format): the sample with
/// 30 services a page gives six pages whose contents, in order, are every service once
/// (made over more than one round of pages, as a large directory is).
#[test]
fn lists_are_paged_and_the_pages_add_up() {
    let today = jiff::civil::date(2026, 11, 24);
    let checked =
        signpost::check_content(&signpost::content::load::Source::Embedded, today).unwrap();
    let site = signpost::site::Site::build(checked.content, today).unwrap();
    let files: BTreeMap<String, Vec<u8>> = signpost::export::oruk::files_paged(&site, 30)
        .into_iter()
        .collect();
    let json = |rel: &str| -> Value { serde_json::from_slice(&files[rel]).unwrap() };
    let ndjson: Vec<String> = String::from_utf8_lossy(&files["api/services.ndjson"])
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let read_pages = |dir: &str, total: usize| -> Vec<String> {
        let pages = total.div_ceil(30);
        let mut ids = Vec::new();
        for n in 1..=pages {
            let p = json(&format!("api/{dir}/page/{n}.json"));
            assert_eq!(p["total_items"], total);
            assert_eq!(p["total_pages"], pages);
            assert_eq!(p["page_number"], n);
            assert_eq!(p["first_page"], n == 1);
            assert_eq!(p["last_page"], n == pages);
            let items = p["contents"].as_array().unwrap();
            assert_eq!(p["size"], items.len());
            assert!(items.len() == 30 || n == pages);
            ids.extend(items.iter().map(|i| i["id"].as_str().unwrap().to_string()));
        }
        assert!(!files.contains_key(&format!("api/{dir}/page/{}.json", pages + 1)));
        assert_eq!(
            files[&format!("api/{dir}.json")],
            files[&format!("api/{dir}/page/1.json")]
        );
        ids
    };
    assert_eq!(
        read_pages("services", 160 + providers()),
        ndjson,
        "pages and feed differ"
    );
    let sal_files: Vec<String> = files
        .keys()
        .filter(|k| k.starts_with("api/service_at_locations/") && !k.contains("/page/"))
        .map(|k| {
            k.rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".json")
                .to_string()
        })
        .collect();
    let mut sal_rows = read_pages("service_at_locations", sal_files.len());
    sal_rows.sort();
    assert_eq!(sal_rows, sal_files);
    assert_valid(files);
}

// ---------------------------------------------------------------------------------------
// Import

fn import(args: &[&str], inputs: &[&Path], into: &Path) -> std::process::Output {
    bin()
        .args(["import", "oruk"])
        .args(inputs)
        .arg("--into")
        .arg(into)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn export_import_export_gives_the_same_open_data() {
    let first = sample();
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("imported");
    let o = import(&[], &[&first.join("api/services.ndjson")], &content);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "import failed: {}\n{stdout}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains("Imported 160 services, 43 organisations and 30 venues"),
        "{stdout}"
    );
    // Childcare providers are reported, one by one, as left out: they are kept in
    // childcare/ and come from Ofsted's file, not from an Open Referral feed.
    let stderr = String::from_utf8_lossy(&o.stderr);
    let left_out = stderr.matches("left out: a childcare provider (").count();
    assert_eq!(left_out, providers(), "{stderr}");
    assert!(
        stderr.contains("Little Owls Childminding (Ashby Green)\")"),
        "each provider is named: {stderr}"
    );
    assert!(!content.join("childcare").exists());
    // The imported folder passes the checker on its own.
    let check = bin()
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(check.status.success());
    // With the council's own childcare folder (and the postcode districts it places
    // childminders by), the export is the same again, providers included.
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    };
    copy(
        &repo().join("content/childcare"),
        &content.join("childcare"),
    );
    if !content.join("postcodes.yaml").exists() {
        std::fs::copy(
            repo().join("content/postcodes.yaml"),
            content.join("postcodes.yaml"),
        )
        .unwrap();
    }
    let second = dir.path().join("public");
    build_ok(&content, &second);
    // Phone numbers are not in the profile's JSON: the import reads them from the CSV the
    // export publishes beside it (data/services.csv), so the round trip keeps all 139.
    let phones = |site: &Path| {
        let mut r = csv::Reader::from_path(site.join("data/services.csv")).unwrap();
        let col = r
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "Phone")
            .unwrap();
        let numbers: Vec<String> = r
            .records()
            .map(|row| row.unwrap()[col].to_string())
            .filter(|p| !p.is_empty())
            .collect();
        numbers
    };
    let (before, after) = (phones(&first), phones(&second));
    assert_eq!(before.len(), 139);
    let (mut before, mut after) = (before, after);
    before.sort();
    after.sort();
    assert_eq!(before, after, "phone numbers differ after the round trip");
    let (a, b) = (api_files(&first), api_files(&second));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "different files"
    );
    for (k, v) in &a {
        assert!(
            *v == b[k],
            "{k} differs after the round trip:\n{}\n{}",
            String::from_utf8_lossy(v),
            String::from_utf8_lossy(&b[k])
        );
    }

    // Importing again does not overwrite anything without --force...
    let file = content.join("services/ashby-green-youth-club.md");
    std::fs::write(&file, "edited by hand").unwrap();
    let again = import(&[], &[&first.join("api/services/")], &content);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("already exist") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "edited by hand");
    // ...and with --force it replaces the files it imports (the folder of full records
    // and the list file name the same services, read once).
    let forced = import(&["--force"], &[&first.join("api/")], &content);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("name: Ashby Green Youth Club")
    );
}

#[test]
fn a_feed_without_its_terms_says_so_and_the_terms_file_can_be_named() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed/services.ndjson");
    std::fs::create_dir_all(feed.parent().unwrap()).unwrap();
    std::fs::copy(sample().join("api/services.ndjson"), &feed).unwrap();
    let alone = import(&[], &[&feed], &dir.path().join("alone"));
    let err = String::from_utf8_lossy(&alone.stderr);
    assert!(
        err.contains("is not in a taxonomy_terms.json given or beside the file"),
        "{err}"
    );
    assert!(err.contains("no needs"), "{err}");
    let terms = sample().join("api/taxonomy_terms.json");
    let named = import(&[], &[&feed, &terms], &dir.path().join("named"));
    assert!(
        named.status.success(),
        "{}",
        String::from_utf8_lossy(&named.stderr)
    );
    let club = std::fs::read_to_string(dir.path().join("named/services/ashby-green-youth-club.md"))
        .unwrap();
    assert!(club.contains("needs:"), "{club}");
}

#[test]
fn malformed_records_name_the_record_and_field_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("feed.ndjson");
    let org = json!({"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "Example Org", "description": "x"});
    let good = json!({"id": "ac148810-d857-441c-9679-408f346de14b", "name": "Good", "status": "active", "organization": org});
    let bad_type = json!({"id": "bc148810-d857-441c-9679-408f346de14b", "name": "Wrong age", "status": "active", "minimum_age": "twelve", "organization": org});
    let no_name = json!({"id": "cc148810-d857-441c-9679-408f346de14b", "status": "active", "organization": org});
    std::fs::write(
        &input,
        format!("{good}\n{bad_type}\n{no_name}\n{{\"id\": \"broken\"\n"),
    )
    .unwrap();
    let into = dir.path().join("content");
    let o = import(&["--all-or-nothing"], &[&input], &into);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 2 (\"Wrong age\"): field `minimum_age`: expected a number, found text"),
        "{err}"
    );
    assert!(err.contains("line 3: field `name`: missing"), "{err}");
    assert!(err.contains("line 4: not valid JSON"), "{err}");
    assert!(err.contains("Nothing was written"), "{err}");
    assert!(!into.exists(), "files were written for a malformed input");

    // By default the import is partial: the good record is written, the others are left
    // out and named in the report, and the exit code says so. The record has none of
    // what signpost requires beyond its name: the mapping file's defaults fill them.
    let mapping = dir.path().join("mapping.yaml");
    std::fs::write(
        &mapping,
        "defaults:\n  all:\n    summary: A service listed by Example Org.\n    needs: [money-and-debt]\n    ages: {from: 0, to: 19}\n    level: 1\n    access: [self-referral]\n    how_to_access: Call or email to ask.\n    cost: free\n    where: {online: true}\n    contact: {email: hello@example.org}\n    organisation_type: vcs\n",
    )
    .unwrap();
    let o = import(&["--mapping", mapping.to_str().unwrap()], &[&input], &into);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    let good = std::fs::read_to_string(into.join("services/good.md")).unwrap();
    assert!(
        good.contains("level: 1") && good.contains("- self-referral"),
        "{good}"
    );
    assert!(
        err.contains("defaulted: level: 1 (from the mapping file's defaults for all services)"),
        "{err}"
    );
    assert!(!err.contains("no level of need"), "{err}");
    assert!(
        err.contains("line 2 (\"Wrong age\"):\n  - left out: field `minimum_age`: expected a number, found text"),
        "{err}"
    );
    let report = std::fs::read_to_string(dir.path().join("import-report.md")).unwrap();
    assert!(report.contains("## Left out (3)"), "{report}");
    assert!(
        report.contains("- written to `services/good.md`"),
        "{report}"
    );
    let csv = std::fs::read_to_string(dir.path().join("import-report.csv")).unwrap();
    assert!(
        csv.contains("bc148810-d857-441c-9679-408f346de14b,left out,,left out,\"field `minimum_age`: expected a number, found text\""),
        "{csv}"
    );
}

#[test]
fn foreign_records_report_what_could_not_be_mapped_and_use_the_mapping_file() {
    let dir = tempfile::tempdir().unwrap();
    let example = repo().join("tests/oruk-3.0/examples/service_full.json");
    let into = dir.path().join("content");
    let o = import(&[], &[&example], &into);
    let err = String::from_utf8_lossy(&o.stderr);
    // The profile's example has no level of need or access route, and coordinates outside
    // the UK: the import says so and the checker refuses the result.
    assert!(
        err.contains("taxonomy term \"name\" (taxonomy taxonomy) is not a need here"),
        "{err}"
    );
    assert!(err.contains("no level of need"), "{err}");
    assert!(err.contains("maximum_age 100 is above 25"), "{err}");
    assert!(err.contains("do not pass `signpost check`"), "{err}");
    assert_eq!(o.status.code(), Some(1));
    let service = std::fs::read_to_string(into.join("services/community-counselling.md")).unwrap();
    assert!(
        service.contains("oruk_id: ac148810-d857-441c-9679-408f346de14b"),
        "{service}"
    );
    // Its one cost ended in 2022: it is left out, and the report says so.
    assert!(!service.contains("amount: 35"), "{service}");
    assert!(
        err.contains(
            "dropped: a cost that ended on 2022-12-31 (Under 18s and Over 60s, 35) was left out"
        ),
        "{err}"
    );

    let mapping = dir.path().join("mapping.yaml");
    std::fs::write(
        &mapping,
        "needs:\n  name: [childrens-emotional-wellbeing]\n",
    )
    .unwrap();
    let o = import(
        &["--force", "--mapping", mapping.to_str().unwrap()],
        &[&example],
        &into,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("is not a need here"), "{err}");
    let service = std::fs::read_to_string(into.join("services/community-counselling.md")).unwrap();
    assert!(
        service.contains("- childrens-emotional-wellbeing"),
        "{service}"
    );

    std::fs::write(&mapping, "needs:\n  name: no-such-need\n").unwrap();
    let o = import(
        &["--force", "--mapping", mapping.to_str().unwrap()],
        &[&example],
        &into,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("`no-such-need`, which is not a need"), "{err}");
}

// ---------------------------------------------------------------------------------------
// CSV, JSON-LD, sitemap, robots.txt

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn jsonld(page: &Path) -> Value {
    let doc = Html::parse_document(&std::fs::read_to_string(page).unwrap());
    let blocks: Vec<String> = doc
        .select(&sel("script[type='application/ld+json']"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(blocks.len(), 1, "{}", page.display());
    serde_json::from_str(&blocks[0]).unwrap()
}

#[test]
fn pages_carry_schema_org_json_ld() {
    let site = sample();
    let s = jsonld(&site.join("services/ashby-green-community-pantry/index.html"));
    assert_eq!(s["@type"], "Service");
    assert_eq!(s["name"], "Ashby Green Community Pantry");
    assert_eq!(s["provider"]["name"], "Marlbrook Community Pantry");
    let channel = &s["availableChannel"];
    assert_eq!(channel["servicePhone"]["telephone"], "01632 960560");
    let place = &channel["serviceLocation"];
    assert_eq!(place["@type"], "Place");
    assert_eq!(place["address"]["postalCode"], "MB3 2NF");
    assert!(place["geo"]["latitude"].is_number());
    let hours = place["openingHoursSpecification"].as_array().unwrap();
    assert!(
        hours
            .iter()
            .any(|h| h["dayOfWeek"][0] == "https://schema.org/Thursday"
                && h["opens"] == "13:00"
                && h["closes"] == "16:00")
    );
    assert_eq!(s["audience"]["suggestedMaxAge"], 19);

    let council = jsonld(&site.join("services/arguing-better-online-course/index.html"));
    assert_eq!(council["@type"], "GovernmentService");
    assert_eq!(council["areaServed"][0]["name"], "Marlbrook");

    let hub = jsonld(&site.join("hubs/central-family-hub/index.html"));
    assert_eq!(hub["@type"], "CivicStructure");
    assert!(hub["openingHoursSpecification"].is_array());
    let org = jsonld(&site.join("organisations/marlbrook-community-pantry/index.html"));
    assert_eq!(org["name"], "Marlbrook Community Pantry");
}

#[test]
fn sitemap_lists_every_page_and_robots_points_to_it() {
    let site = sample();
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let pages: Vec<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e.path().parent().unwrap().strip_prefix(&site).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.is_empty() {
                "/".to_string()
            } else {
                format!("/{rel}/")
            }
        })
        .collect();
    assert!(pages.len() > 300);
    // The form editor and the thank-you page after a report are pages no one should land
    // on from a search engine.
    let (unlisted, pages): (Vec<String>, Vec<String>) = pages
        .into_iter()
        .partition(|p| p.starts_with("/admin/") || p.starts_with("/report-a-problem/"));
    assert_eq!(unlisted.len(), 2, "{unlisted:?}");
    for p in &unlisted {
        assert!(
            !sitemap.contains(&format!("{p}</loc>")),
            "{p} is in the sitemap"
        );
    }
    for p in &pages {
        assert!(
            sitemap.contains(&format!(
                "<loc>https://marlbrook-families.netlify.app{p}</loc>"
            )),
            "{p} is not in the sitemap"
        );
    }
    assert_eq!(sitemap.matches("<url>").count(), pages.len());
    assert!(!sitemap.contains("404"));
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://marlbrook-families.netlify.app/sitemap.xml"));
}

#[test]
fn hostile_content_cannot_inject_formulas_or_break_out_of_json_ld() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for e in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .flatten()
    {
        let rel = e.path().strip_prefix(repo().join("content")).unwrap();
        let to = content.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let file = content.join("services/ashby-green-youth-club.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let name = r#"=HYPERLINK("https://evil.example","Click")"#;
    let summary = "A club</script><script>alert(1)</script> <!-- with, \"quotes\"";
    let text = text
        .lines()
        .map(|l| {
            if l.starts_with("name:") {
                format!("name: '{name}'")
            } else if l.starts_with("summary:") {
                format!("summary: '{summary}'")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&file, text).unwrap();
    let public = dir.path().join("public");
    build_ok(&content, &public);

    let bytes = std::fs::read(public.join("data/services.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "no byte order mark"
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "Name");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 160, "one row per service");
    let row = rows
        .iter()
        .find(|r| r[0].contains("HYPERLINK"))
        .expect("the hostile row");
    assert_eq!(&row[0], format!("'{name}"), "formula not neutralised");
    assert_eq!(&row[2], summary, "quotes and commas survive the CSV");
    for r in &rows {
        for cell in r.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell could run as a formula: {cell}"
            );
        }
    }

    let page_path = public.join("services/ashby-green-youth-club/index.html");
    let html = std::fs::read_to_string(&page_path).unwrap();
    assert!(
        !html.contains("<script>alert(1)"),
        "content broke out of the JSON-LD"
    );
    let ld = jsonld(&page_path);
    assert_eq!(ld["name"], name);
    assert_eq!(ld["description"], summary);
}

// ---------------------------------------------------------------------------------------
// Childcare providers

/// Each provider file of the sample: (id, its fields), read here from the content.
fn provider_files() -> Vec<(String, serde_yaml::Value)> {
    let mut out: Vec<(String, serde_yaml::Value)> =
        std::fs::read_dir(repo().join("content/childcare"))
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                let yaml = text.split("---\n").nth(1).unwrap().to_string();
                (
                    path.file_stem().unwrap().to_string_lossy().into_owned(),
                    serde_yaml::from_str(&yaml).unwrap(),
                )
            })
            .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn yaml_text(v: &serde_yaml::Value) -> String {
    v.as_str().map(str::to_string).unwrap_or_default()
}

/// The term (taxonomy, code) of each attribute of a record.
fn linked_terms(record: &Value, terms: &[Value]) -> Vec<(String, String)> {
    record["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let t = terms
                .iter()
                .find(|t| t["id"] == a["taxonomy_term_id"])
                .unwrap_or_else(|| panic!("{a} links to an unpublished term"));
            (
                t["taxonomy"].as_str().unwrap().to_string(),
                t["term"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn childcare_providers_are_services_with_their_type_funded_hours_and_inspection() {
    let site = sample();
    let files = api_files(&site);
    let terms: Value = serde_json::from_slice(&files["api/taxonomy_terms.json"]).unwrap();
    let terms = terms["contents"].as_array().unwrap().clone();
    let records: Vec<Value> = String::from_utf8_lossy(&files["api/services.ndjson"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let record = |name: &str| {
        records
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no record for {name}"))
            .clone()
    };
    let ps = provider_files();
    let home = |p: &serde_yaml::Value| {
        matches!(
            yaml_text(&p["type"]).as_str(),
            "childminder" | "home-childcarer"
        )
    };
    // A childminder without consent: the area and postcode district, no position.
    let (_, cm) = ps
        .iter()
        .find(|(_, p)| home(p) && p["address_consent"].as_bool() != Some(true))
        .unwrap();
    let r = record(&yaml_text(&cm["name"]));
    let loc = &r["service_at_locations"][0]["location"];
    let postcode = yaml_text(&cm["postcode"]);
    let district = postcode.split(' ').next().unwrap();
    assert_eq!(loc["addresses"][0]["postal_code"], district, "{loc}");
    assert!(loc.get("latitude").is_none() && loc.get("longitude").is_none());
    assert!(!r.to_string().contains(&postcode));
    let linked = linked_terms(&r, &terms);
    assert!(linked.contains(&("signpost:childcare-types".into(), yaml_text(&cm["type"]))));
    // A provider with funded hours and a report card: each entitlement and each graded
    // area is an attribute; its URN is its organisation's identifier.
    let (_, n) = ps
        .iter()
        .find(|(_, p)| {
            !home(p)
                && p["funded"].as_sequence().is_some_and(|f| f.len() >= 2)
                && p["inspections"]
                    .as_sequence()
                    .is_some_and(|i| i.iter().any(|i| i["areas"].is_mapping()))
        })
        .expect("a nursery with funded hours and a report card");
    let r = record(&yaml_text(&n["name"]));
    let linked = linked_terms(&r, &terms);
    for f in n["funded"].as_sequence().unwrap() {
        assert!(
            linked.contains(&("signpost:funded-entitlements".into(), yaml_text(f))),
            "{linked:?}"
        );
    }
    let latest = n["inspections"]
        .as_sequence()
        .unwrap()
        .iter()
        .max_by_key(|i| yaml_text(&i["date"]))
        .unwrap();
    if let Some(areas) = latest["areas"].as_mapping() {
        for (area, grade) in areas {
            let code = format!("{}-{}", yaml_text(area), yaml_text(grade));
            assert!(
                linked.contains(&("signpost:inspections".into(), code.clone())),
                "{code} not in {linked:?}"
            );
        }
    }
    let urn = yaml_text(&n["urn"]);
    assert_eq!(
        r["organization"]["organization_identifiers"][0]["identifier"],
        urn
    );
    let loc = &r["service_at_locations"][0]["location"];
    assert_eq!(
        loc["addresses"][0]["postal_code"],
        yaml_text(&n["postcode"])
    );

    // The CSV and the JSON-LD say the same.
    let bytes = std::fs::read(site.join("data/childcare.csv")).unwrap();
    let mut csv = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), ps.len(), "one row per provider");
    let row = rows
        .iter()
        .find(|row| row[0] == yaml_text(&cm["name"]))
        .unwrap();
    assert_eq!((&row[4], &row[5]), ("", district), "{row:?}");
    let row = rows
        .iter()
        .find(|row| row[0] == yaml_text(&n["name"]))
        .unwrap();
    assert_eq!(&row[2], urn);
    let (id, _) = ps.iter().find(|(_, p)| p["name"] == n["name"]).unwrap();
    let ld = jsonld(&site.join(format!("childcare/providers/{id}/index.html")));
    assert_eq!(ld["@type"], "ChildCare");
    assert_eq!(ld["identifier"]["value"], urn);
    assert_eq!(ld["address"]["postalCode"], yaml_text(&n["postcode"]));
    assert!(ld["geo"]["latitude"].is_number());
    let (id, _) = ps.iter().find(|(_, p)| p["name"] == cm["name"]).unwrap();
    let ld = jsonld(&site.join(format!("childcare/providers/{id}/index.html")));
    assert_eq!(ld["address"]["postalCode"], district);
    assert!(ld.get("geo").is_none() && ld["address"].get("streetAddress").is_none());
}

// ---------------------------------------------------------------------------------------
// localoffer: the SEND Local Offer

/// The service record of the sample service `id` (its file under api/services/).
fn service_record(site: &Path, name: &str) -> Value {
    let dir = site.join("api/services");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| serde_json::from_slice::<Value>(&std::fs::read(p).unwrap()).unwrap())
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no record named {name}"))
}

/// The (taxonomy, code) of each of a record's attributes of `link_type`.
fn linked(site: &Path, record: &Value, link_type: &str) -> Vec<(String, String)> {
    let terms: Value =
        serde_json::from_slice(&std::fs::read(site.join("api/taxonomy_terms.json")).unwrap())
            .unwrap();
    record["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["link_type"] == link_type)
        .map(|a| {
            let t = terms["contents"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == a["taxonomy_term_id"])
                .expect("the term is published");
            (
                t["taxonomy"].as_str().unwrap().to_string(),
                t["term"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_local_offer_is_in_the_open_data_and_comes_back_on_import() {
    let site = sample();
    let club = service_record(&site, "Saturday short breaks club");
    let needs: Vec<String> = linked(&site, &club, "send_need")
        .into_iter()
        .map(|(tax, code)| {
            assert_eq!(tax, "signpost:send-needs");
            code
        })
        .collect();
    assert_eq!(
        needs,
        [
            "autism",
            "adhd",
            "learning-disability",
            "severe-learning-disability",
            "downs-syndrome",
            "physical",
            "sensory-processing"
        ]
    );
    assert_eq!(
        linked(&site, &club, "local_offer_section"),
        [(
            "signpost:local-offer-sections".to_string(),
            "leisure-and-short-breaks".to_string()
        )]
    );
    let questions: Vec<String> = linked(&site, &club, "local_offer_answer")
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    assert_eq!(
        questions,
        [
            "who-and-how",
            "adapting-support",
            "staff-training",
            "accessibility",
            "involving-families",
            "short-breaks"
        ]
    );
    // Each answer follows its question in the description, after the How part.
    let d = club["description"].as_str().unwrap();
    assert!(
        d.contains("\n\nSEND Local Offer: What training do staff have?\nStaff have training in safeguarding"),
        "{d}"
    );
    assert!(
        d.find("How to get this help: ").unwrap() < d.find("SEND Local Offer: ").unwrap(),
        "{d}"
    );

    // A childcare provider's Local Offer travels the same way.
    let playgroup = service_record(&site, "Ashby Green Playgroup");
    let needs: Vec<(String, String)> = linked(&site, &playgroup, "send_need");
    assert_eq!(
        needs,
        [
            ("signpost:send-needs".to_string(), "autism".to_string()),
            ("signpost:send-needs".to_string(), "physical".to_string())
        ]
    );
    assert_eq!(
        linked(&site, &playgroup, "local_offer_section"),
        [(
            "signpost:local-offer-sections".to_string(),
            "education".to_string()
        )]
    );
    let d = playgroup["description"].as_str().unwrap();
    assert!(
        d.contains("SEND Local Offer: ") && d.contains("step-free access and an accessible toilet"),
        "{d}"
    );

    // Imported into an empty folder: the block comes back, with the site's added need and
    // question in the new site.yaml (the round trip test compares the whole export again).
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("imported");
    let o = import(&[], &[&site.join("api/services.ndjson")], &content);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let site_yaml = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    assert!(
        site_yaml.contains("send_needs:\n- id: downs-syndrome\n  name: Down's syndrome")
            || site_yaml.contains("send_needs:\n  - id: downs-syndrome\n    name: Down's syndrome"),
        "{site_yaml}"
    );
    assert!(site_yaml.contains("short-breaks"), "{site_yaml}");
    let file = std::fs::read_dir(content.join("services"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|t| t.contains("name: Saturday short breaks club"))
        .unwrap();
    assert!(file.contains("local_offer:"), "{file}");
    assert!(file.contains("- question: short-breaks"), "{file}");
    assert!(
        file.contains("sections:\n  - leisure-and-short-breaks")
            || file.contains("sections: [leisure-and-short-breaks]")
            || file.contains("sections:\n  - leisure-and-short-breaks\n"),
        "{file}"
    );
    // The answers are not left in the description.
    assert!(!file.contains("SEND Local Offer:"), "{file}");
}

// --- holidays: dtstart on dated schedules, and HAF places, in the Open Referral export

#[test]
fn dated_schedules_give_dtstart_and_haf_places_are_in_the_description() {
    let feed = std::fs::read_to_string(sample().join("api/services.ndjson")).unwrap();
    let haf: Value = feed
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|s| s["name"] == "Holiday activities and food programme")
        .unwrap();
    let starts: Vec<(&str, &str)> = haf["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s.get("freq").is_some())
        .map(|s| {
            (
                s["dtstart"].as_str().unwrap(),
                s["valid_from"].as_str().unwrap(),
            )
        })
        .collect();
    // The first date of each: the Christmas one-off days, Easter and summer.
    assert_eq!(
        starts,
        [
            ("2026-12-21", "2026-12-21"),
            ("2027-03-30", "2027-03-30"),
            ("2027-07-26", "2027-07-26")
        ]
    );
    let description = haf["description"].as_str().unwrap();
    assert!(
        description.contains("Free holiday club places (HAF) for: Children who get benefits-related free school meals; Children in care"),
        "{description}"
    );
    assert!(
        description.contains("180 places each day."),
        "{description}"
    );
    assert!(
        description.contains(
            "Book a HAF place at https://familyhubs.marlbrook.example/holiday-activities/book."
        ),
        "{description}"
    );
    // A fortnightly session keeps its from_date as dtstart; a weekly one that has always
    // run has none.
    let undated = feed
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|s| s["name"] == "Stay and Play at Central Family Hub")
        .unwrap();
    assert!(
        undated["schedules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s.get("dtstart").is_none()),
        "{undated}"
    );
}

#[test]
fn who_a_service_is_for_is_in_the_open_data_as_attributes() {
    let feed = std::fs::read_to_string(sample().join("api/services.ndjson")).unwrap();
    let dads: Value = feed
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|s| s["name"] == "Dads' breakfast and play club at Northfield")
        .unwrap();
    let terms: Vec<&str> = dads["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["link_type"] == "audience" || a["link_type"] == "only_for")
        .map(|a| a["taxonomy_term_id"].as_str().unwrap())
        .collect();
    let published = std::fs::read_to_string(sample().join("api/taxonomy_terms.json")).unwrap();
    // Each links to a published term: children and young people, parents and carers, dads.
    assert_eq!(terms.len(), 3, "{dads}");
    for t in &terms {
        assert!(published.contains(t), "{t} not published");
    }
    // A service that does not say who it is for has no audience attribute.
    let plain: Value = feed
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|s| s["name"] == "Stay and Play at Central Family Hub")
        .unwrap();
    assert!(
        !plain["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["link_type"] == "audience"),
        "{plain}"
    );
}

#[test]
fn other_phones_and_the_referral_form_are_in_how_to_get_this_help() {
    let feed = std::fs::read_to_string(sample().join("api/services.ndjson")).unwrap();
    let find = |name: &str| -> Value {
        feed.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .find(|s| s["name"] == name)
            .unwrap()
    };
    let helpline = find("Safe Harbour domestic abuse helpline");
    let d = helpline["description"].as_str().unwrap();
    assert!(
        d.contains("Text (if it is not safe to talk): 07700 900450. WhatsApp: 07700 900451. Out of hours (evenings and weekends): 01632 960451."),
        "{d}"
    );
    let outreach = find("Safe Harbour outreach support");
    let d = outreach["description"].as_str().unwrap();
    assert!(
        d.contains("Referral form: https://safeharbour.example/outreach/refer."),
        "{d}"
    );
}
