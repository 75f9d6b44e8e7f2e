//! HSDS tabular data packages: a `datapackage.json` naming one CSV file a table
//! (services, organizations, locations, phones, schedules...). The rows are joined by
//! their ids into one JSON service record each, which then reads like any other feed.
//! Tables it does not use are named in a problem-free note, never skipped silently.

use super::error::{Origin, Place, Problem};
use super::read::RawRecord;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

type Row = Map<String, Value>;

/// Numbers in CSV are text; these columns are numbers in the JSON shape.
const NUMBERS: &[&str] = &[
    "minimum_age",
    "maximum_age",
    "latitude",
    "longitude",
    "amount",
    "interval",
];

/// The tables the join uses, by the names HSDS 2 and 3 give them (singular or plural).
const USED: &[&str] = &[
    "services",
    "organizations",
    "locations",
    "service_at_locations",
    "addresses",
    "physical_addresses",
    "phones",
    "schedules",
    "regular_schedules",
    "taxonomy_terms",
    "service_taxonomies",
    "attributes",
    "cost_options",
    "eligibilities",
    "contacts",
    "accessibility",
    "accessibility_for_disabilities",
    "service_areas",
];

/// A table's name as [`USED`] spells it (HSDS names its resources in the singular or
/// the plural): `physical_address` is `physical_addresses`, `eligibility`
/// `eligibilities`.
fn table_name(name: &str) -> String {
    let n = name.trim().to_lowercase().replace('-', "_");
    let plurals = [
        n.clone(),
        format!("{n}s"),
        format!("{n}es"),
        format!("{}ies", n.strip_suffix('y').unwrap_or(&n)),
    ];
    USED.iter()
        .find(|u| plurals.iter().any(|p| p == *u))
        .map(|u| u.to_string())
        .unwrap_or(n)
}

fn read_table(path: &Path, problems: &mut Vec<Problem>) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut r = match csv::ReaderBuilder::new().flexible(true).from_path(path) {
        Ok(r) => r,
        Err(e) => {
            problems.push(Problem::Package {
                path: path.to_path_buf(),
                message: format!("cannot read the table: {e}"),
            });
            return rows;
        }
    };
    let head: Vec<String> = match r.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
        Err(e) => {
            problems.push(Problem::Package {
                path: path.to_path_buf(),
                message: format!("cannot read the header row: {e}"),
            });
            return rows;
        }
    };
    for (i, rec) in r.records().enumerate() {
        match rec {
            Ok(rec) => {
                let mut row = Row::new();
                for (k, v) in head.iter().zip(rec.iter()) {
                    let v = v.trim();
                    if v.is_empty() {
                        continue;
                    }
                    let value = if NUMBERS.contains(&k.as_str()) {
                        v.parse::<f64>().map(|n| json!(n)).unwrap_or(json!(v))
                    } else {
                        json!(v)
                    };
                    row.insert(k.clone(), value);
                }
                rows.push(row);
            }
            Err(e) => problems.push(Problem::Package {
                path: path.to_path_buf(),
                message: format!("row {}: {e}", i + 1),
            }),
        }
    }
    rows
}

fn id_of(row: &Row, k: &str) -> Option<String> {
    row.get(k)
        .and_then(Value::as_str)
        .map(|s| s.trim().to_lowercase())
}

/// Rows grouped by the id in column `k`.
fn by(rows: &[Row], k: &str) -> HashMap<String, Vec<Row>> {
    let mut out: HashMap<String, Vec<Row>> = HashMap::new();
    for r in rows {
        if let Some(id) = id_of(r, k) {
            out.entry(id).or_default().push(r.clone());
        }
    }
    out
}

/// Reads a package: its service records (joined), and its organisations (for list
/// items that name theirs by id).
pub fn read(
    package: &Path,
    problems: &mut Vec<Problem>,
    passed_over: &mut Vec<String>,
) -> (Vec<RawRecord>, Vec<RawRecord>) {
    let dir = package.parent().unwrap_or(Path::new("."));
    let text = match std::fs::read_to_string(package) {
        Ok(t) => t,
        Err(source) => {
            problems.push(Problem::Unreadable {
                path: package.to_path_buf(),
                source,
            });
            return (Vec::new(), Vec::new());
        }
    };
    let desc: Value = match serde_json::from_str(super::shapes::strip_bom(&text)) {
        Ok(v) => v,
        Err(source) => {
            problems.push(Problem::NotJson {
                path: package.to_path_buf(),
                source,
            });
            return (Vec::new(), Vec::new());
        }
    };
    let mut tables: HashMap<String, (PathBuf, Vec<Row>)> = HashMap::new();
    let resources = desc
        .get("resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for res in &resources {
        let Some(rel) = res.get("path").and_then(Value::as_str) else {
            continue;
        };
        // Only files inside the package's folder.
        if rel.contains("..") || rel.starts_with('/') || rel.contains("://") {
            problems.push(Problem::Package {
                path: package.to_path_buf(),
                message: format!("resource path `{rel}` is outside the package's folder; only files beside datapackage.json are read"),
            });
            continue;
        }
        // The resource's name, else its file's (older packages name resources
        // `simple_sample_services`, with the table only in the file name).
        let stem = Path::new(rel)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let names = [
            res.get("name").and_then(Value::as_str).unwrap_or(stem),
            stem,
        ];
        let path = dir.join(rel);
        let name = names
            .iter()
            .map(|n| table_name(n))
            .find(|n| USED.contains(&n.as_str()))
            .unwrap_or_else(|| table_name(names[0]));
        if !USED.contains(&name.as_str()) {
            passed_over.push(format!(
                "{}: the table `{name}` is not one the import reads",
                path.display()
            ));
            continue;
        }
        let rows = read_table(&path, problems);
        tables.insert(name, (path, rows));
    }
    let empty = (PathBuf::new(), Vec::new());
    let table = |n: &str| tables.get(n).unwrap_or(&empty);
    let (services_path, services) = table("services");
    if services.is_empty() {
        problems.push(Problem::Package {
            path: package.to_path_buf(),
            message: "no services table (services.csv) with rows in the package's resources".into(),
        });
        return (Vec::new(), Vec::new());
    }
    let orgs: HashMap<String, Row> = table("organizations")
        .1
        .iter()
        .filter_map(|r| Some((id_of(r, "id")?, r.clone())))
        .collect();
    let terms: HashMap<String, Row> = table("taxonomy_terms")
        .1
        .iter()
        .filter_map(|r| Some((id_of(r, "id")?, r.clone())))
        .collect();
    let locations: HashMap<String, Row> = table("locations")
        .1
        .iter()
        .filter_map(|r| Some((id_of(r, "id")?, r.clone())))
        .collect();
    let mut addresses = by(&table("addresses").1, "location_id");
    for (k, v) in by(&table("physical_addresses").1, "location_id") {
        addresses.entry(k).or_default().extend(v);
    }
    let mut access = by(&table("accessibility").1, "location_id");
    for (k, v) in by(&table("accessibility_for_disabilities").1, "location_id") {
        access.entry(k).or_default().extend(v);
    }
    let phones = &table("phones").1;
    let phones_by_service = by(phones, "service_id");
    let phones_by_location = by(phones, "location_id");
    let phones_by_org = by(phones, "organization_id");
    let mut schedules = by(&table("schedules").1, "service_id");
    for (k, v) in by(&table("regular_schedules").1, "service_id") {
        schedules.entry(k).or_default().extend(v);
    }
    let sals = by(&table("service_at_locations").1, "service_id");
    let mut svc_terms = by(&table("service_taxonomies").1, "service_id");
    for (k, v) in by(&table("attributes").1, "link_id") {
        svc_terms.entry(k).or_default().extend(v);
    }
    let costs = by(&table("cost_options").1, "service_id");
    let eligibility = by(&table("eligibilities").1, "service_id");
    let contacts = by(&table("contacts").1, "service_id");
    let areas = by(&table("service_areas").1, "service_id");

    let list = |rows: Option<&Vec<Row>>| -> Value {
        Value::Array(
            rows.map(|r| r.iter().cloned().map(Value::Object).collect())
                .unwrap_or_default(),
        )
    };
    let location = |id: &str| -> Option<Value> {
        let mut l = locations.get(id)?.clone();
        l.insert("addresses".into(), list(addresses.get(id)));
        l.insert("accessibility".into(), list(access.get(id)));
        l.insert("phones".into(), list(phones_by_location.get(id)));
        Some(Value::Object(l))
    };
    let mut out = Vec::new();
    for (i, s) in services.iter().enumerate() {
        let mut v = s.clone();
        let sid = id_of(s, "id").unwrap_or_default();
        if let Some(oid) = id_of(s, "organization_id")
            && let Some(o) = orgs.get(&oid)
        {
            let mut o = o.clone();
            o.insert("phones".into(), list(phones_by_org.get(&oid)));
            v.insert("organization".into(), Value::Object(o));
        }
        let sal_list: Vec<Value> = sals
            .get(&sid)
            .into_iter()
            .flatten()
            .filter_map(|sal| {
                let lid = id_of(sal, "location_id")?;
                Some(json!({"id": sal.get("id").cloned().unwrap_or(Value::Null), "location": location(&lid)?}))
            })
            .collect();
        v.insert("service_at_locations".into(), Value::Array(sal_list));
        v.insert("phones".into(), list(phones_by_service.get(&sid)));
        v.insert("schedules".into(), list(schedules.get(&sid)));
        v.insert("cost_options".into(), list(costs.get(&sid)));
        v.insert("contacts".into(), list(contacts.get(&sid)));
        v.insert("service_areas".into(), list(areas.get(&sid)));
        if let Some(e) = eligibility.get(&sid) {
            v.insert("eligibilitys".into(), list(Some(e)));
        }
        let attrs: Vec<Value> = svc_terms
            .get(&sid)
            .into_iter()
            .flatten()
            .filter_map(|st| {
                let tid = id_of(st, "taxonomy_term_id").or_else(|| id_of(st, "taxonomy_id"))?;
                let t = terms.get(&tid)?;
                let mut term = t.clone();
                if let Some(tx) = term
                    .remove("taxonomy")
                    .or_else(|| term.remove("vocabulary"))
                {
                    term.insert("taxonomy".into(), tx);
                }
                Some(json!({"link_type": "service_taxonomy", "taxonomy_term": term}))
            })
            .collect();
        v.insert("attributes".into(), Value::Array(attrs));
        out.push(RawRecord {
            origin: Origin {
                file: services_path.clone(),
                place: Place::Row(i + 1),
            },
            value: Value::Object(v),
        });
    }
    let org_records = orgs
        .into_values()
        .map(|o| RawRecord {
            origin: Origin {
                file: table("organizations").0.clone(),
                place: Place::Whole,
            },
            value: Value::Object(o),
        })
        .collect();
    (out, org_records)
}
