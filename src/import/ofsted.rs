//! `signpost import ofsted FILE.csv`: Ofsted's "Childcare providers and inspections"
//! management information, into content/childcare/.
//!
//! The file is Windows-1252 (or ISO-8859-1) text with title rows above the header, and its
//! column names change between releases, so columns are matched by meaning ([`COLUMNS`])
//! and any column not known is reported. Only rows of the council's own area
//! (site.yaml's `ofsted_local_authority`) are kept. A listing is found by its URN: what
//! Ofsted keeps (URN, registers, places, inspections) is updated; what the council or the
//! provider keeps (name, type, fees, vacancies, hours, descriptions, contact) is written
//! only for a new listing, never changed.
//! Providers with a URN that are not in the file are flagged `ofsted_status:
//! not-in-latest-file`. Nothing is dropped silently: every row left out is reported.

use crate::content::childcare::{self, REPORT_AREAS};
use crate::content::formats;
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

/// The largest file read: Ofsted's national file is about 15 MB.
const MAX_BYTES: u64 = 200 * 1024 * 1024;

/// What a column means, by the names it has had (lower case, letters and digits only).
const COLUMNS: &[(&str, &[&str])] = &[
    ("urn", &["urn", "providerurn", "uniquereferencenumber"]),
    ("name", &["providername", "name", "settingname"]),
    (
        "type",
        &["providertype", "typeofprovider", "registrationtype"],
    ),
    (
        "la",
        &[
            "localauthority",
            "providerlocalauthority",
            "la",
            "localauthorityname",
        ],
    ),
    (
        "address1",
        &["provideraddress1", "address1", "addressline1"],
    ),
    (
        "address2",
        &["provideraddress2", "address2", "addressline2"],
    ),
    ("town", &["providertown", "town", "posttown"]),
    (
        "postcode",
        &["providerpostcode", "postcode", "settingpostcode"],
    ),
    (
        "places",
        &[
            "places",
            "registeredplaces",
            "providerplaces",
            "totalplaces",
            "maximumnumberofchildren",
        ],
    ),
    (
        "eyr",
        &[
            "earlyyearsregister",
            "providerearlyyearsregisterflag",
            "registeredonearlyyearsregister",
        ],
    ),
    (
        "ccr_compulsory",
        &[
            "compulsorychildcareregister",
            "providercompulsorychildcareregisterflag",
            "childcareregistercompulsory",
        ],
    ),
    (
        "ccr_voluntary",
        &[
            "voluntarychildcareregister",
            "providervoluntarychildcareregisterflag",
            "childcareregistervoluntary",
        ],
    ),
    (
        "inspection_date",
        &[
            "inspectiondate",
            "mostrecentfullinspectiondate",
            "latestinspectiondate",
            "dateoflatestinspection",
            "reportcarddate",
        ],
    ),
    (
        "overall",
        &[
            "overalleffectiveness",
            "overallgrade",
            "mostrecentfullinspectionoveralleffectiveness",
            "mostrecentfulloveralleffectiveness",
        ],
    ),
    ("leadership-and-governance", &["leadershipandgovernance"]),
    ("inclusion", &["inclusion"]),
    ("curriculum-and-teaching", &["curriculumandteaching"]),
    ("achievement", &["achievement"]),
    (
        "behaviour-attitudes-and-routines",
        &["behaviourattitudesandroutines"],
    ),
    (
        "childrens-welfare-and-well-being",
        &["childrenswelfareandwellbeing", "welfareandwellbeing"],
    ),
    ("safeguarding", &["safeguarding", "safeguardingmet"]),
];

/// Columns Ofsted publishes that signpost has no use for: read, not reported as unknown.
const NOT_USED: &[&str] = &[
    "region",
    "ownername",
    "ownertype",
    "providerstatus",
    "registrationstatus",
    "registrationdate",
    "providerregistrationdate",
    "ward",
    "parliamentaryconstituency",
    "providerward",
    "providerparliamentaryconstituency",
    "providersubtype",
    "individualregisteredperson",
    "eventtype",
    "inspectiontype",
    "providerrurbanindicator",
    "idacidecile",
    "providerregion",
];

fn key(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Why a file could not be imported at all.
#[derive(thiserror::Error)]
pub enum OfstedError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    File(String),
    #[error("{path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}
crate::debug_as_message!(OfstedError);

/// The file as text: UTF-8 (with or without a byte order mark) as it is, anything else as
/// Windows-1252, the encoding Ofsted publishes in (ISO-8859-1 is a subset of it). A file
/// saved as UTF-16 is refused: read as either, it would be nonsense.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    let head = &bytes[..bytes.len().min(200)];
    let nuls = head.iter().filter(|b| **b == 0).count();
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) || nuls * 4 > head.len() {
        return Err("the file is saved as UTF-16 (\"Unicode\") text, which is not how Ofsted publishes it: download it again, or save it from the spreadsheet as \"CSV (Comma delimited)\"".into());
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok((text.into_owned(), "Windows-1252"))
}

/// One provider as the file gives it.
#[derive(Debug, Clone, Default)]
struct Row {
    line: usize,
    fields: HashMap<&'static str, String>,
}

impl Row {
    fn get(&self, k: &str) -> Option<&str> {
        self.fields
            .get(k)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }
}

/// What an import did, for the report.
#[derive(Debug, Default)]
pub struct Outcome {
    pub encoding: &'static str,
    pub header_line: usize,
    pub unknown_columns: Vec<String>,
    pub rows: usize,
    pub other_areas: usize,
    pub created: Vec<String>,
    /// File, and what changed.
    pub updated: Vec<(String, Vec<String>)>,
    pub unchanged: usize,
    pub flagged: Vec<String>,
    /// Line, and why the row was left out.
    pub skipped: Vec<(usize, String)>,
    /// Line, and what was guessed and should be checked.
    pub notes: Vec<(usize, String)>,
}

/// Imports `file` into `content` (a content folder with site.yaml and localities).
pub fn import(
    file: &Path,
    content: &Path,
    today: jiff::civil::Date,
) -> Result<Outcome, OfstedError> {
    let shown = file.display().to_string();
    let meta = std::fs::metadata(file).map_err(|source| OfstedError::Read {
        path: shown.clone(),
        source,
    })?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return Err(OfstedError::File(format!(
            "{shown}: not a CSV file of at most {} MB",
            MAX_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(file).map_err(|source| OfstedError::Read {
        path: shown.clone(),
        source,
    })?;
    let (text, encoding) =
        decode(&bytes).map_err(|e| OfstedError::File(format!("{shown}: {e}")))?;
    let mut out = Outcome {
        encoding,
        ..Outcome::default()
    };

    // The site's area and localities, and the providers already listed.
    let checked = crate::content::check(
        &crate::content::load::Source::Dir(content.to_path_buf()),
        today,
    )
    .map_err(|source| OfstedError::Read {
        path: content.display().to_string(),
        source,
    })?;
    let Some(site) = checked.content.site.as_ref() else {
        return Err(OfstedError::File(format!(
            "{}: site.yaml cannot be read, so the council's area is not known; run `signpost check` first",
            content.display()
        )));
    };
    let la = key(&site.ofsted_local_authority);
    let district_locality = district_localities(&checked.content);
    let first_locality = checked
        .content
        .localities
        .iter()
        .map(|l| l.id.clone())
        .min();
    let by_urn: HashMap<String, String> = checked
        .content
        .childcare
        .iter()
        .filter_map(|p| p.urn.clone().map(|u| (u, p.file.clone())))
        .collect();

    // Title rows come first: the header is the first row naming a URN and a name column.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        // The line the next record starts on, counted here: a quoted field can hold a
        // line break, so records and lines do not always match.
        // The reader stands before the last record's line ending until it reads on.
        let mut at = (reader.position().byte() as usize).min(text.len());
        while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let line = text.as_bytes()[..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        match reader.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                out.skipped
                    .push((line, format!("the row cannot be read as CSV: {e}")));
                // A broken quote swallows the rest of the file: say so, and stop.
                if reader.is_done() {
                    break;
                }
                continue;
            }
        }
        if columns.is_empty() {
            let meanings: Vec<Option<&'static str>> = rec.iter().map(meaning).collect();
            if meanings.contains(&Some("urn")) && meanings.contains(&Some("name")) {
                out.header_line = line;
                for (h, m) in rec.iter().zip(&meanings) {
                    if m.is_none() && !h.trim().is_empty() && !NOT_USED.contains(&key(h).as_str()) {
                        out.unknown_columns.push(h.trim().to_string());
                    }
                }
                columns = meanings;
            }
            continue;
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = Row {
            line,
            ..Row::default()
        };
        for (value, m) in rec.iter().zip(&columns) {
            if let Some(m) = m {
                row.fields.insert(m, value.to_string());
            }
        }
        rows.push(row);
    }
    if columns.is_empty() {
        return Err(OfstedError::File(format!(
            "{shown}: no header row naming a URN and a provider name was found; is this Ofsted's \"Childcare providers and inspections\" file?"
        )));
    }
    if !columns.contains(&Some("la")) {
        return Err(OfstedError::File(format!(
            "{shown}: the file has no local authority column, so the council's own providers cannot be picked out"
        )));
    }
    out.rows = rows.len();

    let dir = content.join("childcare");
    std::fs::create_dir_all(&dir).map_err(|source| OfstedError::Write {
        path: dir.display().to_string(),
        source,
    })?;
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for row in &rows {
        if row.get("la").map(key).as_deref() != Some(la.as_str()) {
            out.other_areas += 1;
            continue;
        }
        let urn = match row.get("urn").map(childcare::check_urn) {
            Some(Ok(u)) => u,
            Some(Err(why)) => {
                out.skipped.push((row.line, why));
                continue;
            }
            None => {
                out.skipped.push((row.line, "the row has no URN".into()));
                continue;
            }
        };
        let Some(name) = row.get("name").map(tidy_name) else {
            out.skipped
                .push((row.line, format!("{urn} has no provider name")));
            continue;
        };
        seen.insert(urn.clone());
        let kind = provider_type(row.get("type").unwrap_or(""), &name);
        let ofsted = ofsted_fields(row, &urn, &name, kind, &mut out.notes);
        match by_urn.get(&urn) {
            Some(rel) => {
                // The name and type families see are the council's once listed: Ofsted's
                // type does not tell a nursery from a pre-school.
                let mut ofsted = ofsted;
                ofsted.shift_remove("name");
                ofsted.shift_remove("type");
                let path = content.join(rel);
                let changed =
                    update(&path, &ofsted, None).map_err(|source| OfstedError::Write {
                        path: path.display().to_string(),
                        source,
                    })?;
                if changed.is_empty() {
                    out.unchanged += 1;
                } else {
                    out.updated.push((rel.clone(), changed));
                }
            }
            None => {
                let locality = row
                    .get("postcode")
                    .and_then(|p| district_locality.get(&childcare::district(p)).cloned())
                    .or_else(|| {
                        out.notes.push((row.line, format!("{name}: the area could not be worked out from the postcode; `locality` is set to the first area: check it")));
                        first_locality.clone()
                    })
                    .unwrap_or_default();
                let id = free_id(&dir, &formats::slugify(&fold(&name)));
                let path = dir.join(format!("{id}.md"));
                write_new(&path, &ofsted, row, kind, &locality, today).map_err(|source| {
                    OfstedError::Write {
                        path: path.display().to_string(),
                        source,
                    }
                })?;
                out.notes.push((row.line, format!("{name}: new listing childcare/{id}.md; its ages are set from its type and it has no fees, hours or vacancies: fill them in with the provider")));
                out.created.push(format!("childcare/{id}.md"));
            }
        }
    }
    // Listed here with a URN but not in the file: flag, never delete.
    for p in &checked.content.childcare {
        let Some(urn) = &p.urn else { continue };
        let path = content.join(&p.file);
        let status = if seen.contains(urn) {
            None
        } else {
            Some("not-in-latest-file")
        };
        if status.is_some() && p.ofsted_status.is_none() {
            out.flagged.push(p.file.clone());
        }
        if status.is_some() || p.ofsted_status.is_some() {
            update(&path, &Mapping::new(), Some(status)).map_err(|source| OfstedError::Write {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    Ok(out)
}

/// Which column a header is, by meaning.
fn meaning(header: &str) -> Option<&'static str> {
    let k = key(header);
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&k.as_str()))
        .map(|(m, _)| *m)
}

/// Ofsted writes some names in capitals: "LITTLE ACORNS" reads better as "Little Acorns".
fn tidy_name(s: &str) -> String {
    let s = s.trim();
    if s.chars().any(|c| c.is_lowercase()) {
        return s.to_string();
    }
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The provider type from Ofsted's (which does not tell a nursery from a pre-school) and
/// the name. Childcare on domestic premises is in a home, so it is treated as a
/// childminder's: its address is withheld.
fn provider_type(ofsted: &str, name: &str) -> &'static str {
    let t = ofsted.to_ascii_lowercase();
    let n = name.to_ascii_lowercase();
    if t.contains("home childcarer") {
        "home-childcarer"
    } else if t.contains("childminder") || t.contains("domestic") && !t.contains("non-domestic") {
        "childminder"
    } else if n.contains("holiday") || n.contains("summer") || n.contains("camp") {
        "holiday-scheme"
    } else if n.contains("club") || n.contains("out of school") || n.contains("breakfast") {
        "out-of-school"
    } else if n.contains("pre-school") || n.contains("preschool") || n.contains("playgroup") {
        "pre-school"
    } else if n.contains("school") || n.contains("academy") {
        "school-nursery"
    } else {
        "day-nursery"
    }
}

fn yes(s: Option<&str>) -> bool {
    matches!(
        s.map(|s| s.trim().to_ascii_lowercase()).as_deref(),
        Some("y" | "yes" | "true" | "1" | "registered")
    )
}

/// A grade as written in the file ("Good", "2", "Strong standard") as its code.
fn grade(s: &str, codes: &[&'static str]) -> Option<&'static str> {
    let k = key(s);
    let by_number = ["outstanding", "good", "requires-improvement", "inadequate"];
    if let Ok(n) = k.parse::<usize>()
        && (1..=4).contains(&n)
        && codes.contains(&by_number[n - 1])
    {
        return Some(by_number[n - 1]);
    }
    codes.iter().copied().find(|c| key(c) == k)
}

/// The date as Ofsted writes it: 2026-01-20 or 20/01/2026.
fn date(s: &str) -> Option<String> {
    let s = s.trim();
    if formats::parse_date(s).is_ok() {
        return Some(s.to_string());
    }
    let parts: Vec<&str> = s.split(['/', '-']).collect();
    if let [d, m, y] = parts[..] {
        let iso = format!("{y:0>4}-{m:0>2}-{d:0>2}");
        if formats::parse_date(&iso).is_ok() {
            return Some(iso);
        }
    }
    None
}

/// The fields Ofsted keeps, as the listing writes them.
fn ofsted_fields(
    row: &Row,
    urn: &str,
    name: &str,
    kind: &str,
    notes: &mut Vec<(usize, String)>,
) -> Mapping {
    let mut m = Mapping::new();
    m.insert("name".into(), name.into());
    m.insert("type".into(), kind.into());
    m.insert("urn".into(), urn.into());
    let mut registers: Vec<Value> = Vec::new();
    for (col, code) in [
        ("eyr", "early-years"),
        ("ccr_compulsory", "childcare-compulsory"),
        ("ccr_voluntary", "childcare-voluntary"),
    ] {
        if yes(row.get(col)) {
            registers.push(code.into());
        }
    }
    if !registers.is_empty() {
        m.insert("registers".into(), Value::Sequence(registers));
    }
    if let Some(p) = row.get("places").and_then(|p| p.parse::<u32>().ok()) {
        m.insert("registered_places".into(), p.into());
    }
    if let Some(d) = row.get("inspection_date") {
        let Some(day) = date(d) else {
            notes.push((
                row.line,
                format!(
                    "{name}: the inspection date `{d}` cannot be read; the inspection is left out"
                ),
            ));
            return m;
        };
        let mut ins = Mapping::new();
        ins.insert("date".into(), day.as_str().into());
        let mut areas = Mapping::new();
        for a in REPORT_AREAS {
            if let Some(g) = row
                .get(a)
                .and_then(|g| grade(g, childcare::REPORT_CARD_GRADES))
            {
                areas.insert((*a).into(), g.into());
            }
        }
        if !areas.is_empty() {
            ins.insert("areas".into(), Value::Mapping(areas));
            if let Some(s) = row
                .get("safeguarding")
                .and_then(|s| grade(s, childcare::SAFEGUARDING))
            {
                ins.insert("safeguarding".into(), s.into());
            }
        } else if let Some(g) = row
            .get("overall")
            .and_then(|g| grade(g, childcare::OVERALL_GRADES))
        {
            ins.insert("overall".into(), g.into());
        }
        if ins.len() > 1 {
            m.insert(
                "inspections".into(),
                Value::Sequence(vec![Value::Mapping(ins)]),
            );
        }
    }
    m
}

/// Updates a listing with what Ofsted keeps (and its `ofsted_status`, when given), keeping
/// every other field and the description. Inspections are added by date, never removed.
/// Returns what changed (nothing written when nothing did).
fn update(
    path: &Path,
    ofsted: &Mapping,
    status: Option<Option<&str>>,
) -> std::io::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)?;
    let (yaml, _, body) = crate::content::load::split_front_matter(&text)
        .map_err(|d| std::io::Error::new(std::io::ErrorKind::InvalidData, d.message))?;
    let mut map: Mapping = serde_yaml::from_str(yaml)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let old = map.clone();
    let mut changed = Vec::new();
    for (k, v) in ofsted {
        let name = k.as_str().unwrap_or("").to_string();
        if name == "inspections" {
            let mut list = match map.get("inspections") {
                Some(Value::Sequence(s)) => s.clone(),
                _ => Vec::new(),
            };
            for new in v.as_sequence().into_iter().flatten() {
                let d = &new["date"];
                if !list
                    .iter()
                    .any(|old| old["date"] == *d || old["date"].as_str() == d.as_str())
                {
                    list.insert(0, new.clone());
                    changed.push(format!("inspection of {} added", d.as_str().unwrap_or("")));
                }
            }
            if !list.is_empty() {
                map.insert(k.clone(), Value::Sequence(list));
            }
            continue;
        }
        // A URN read back as a number compares as text.
        let same = match map.get(k) {
            Some(old) => old == v || yaml_text(old) == yaml_text(v),
            None => false,
        };
        if !same {
            changed.push(format!(
                "{name}: {} to {}",
                map.get(k).map(yaml_text).unwrap_or_else(|| "none".into()),
                yaml_text(v)
            ));
            map.insert(k.clone(), v.clone());
        }
    }
    match status {
        Some(Some(s)) if map.get("ofsted_status").and_then(Value::as_str) != Some(s) => {
            map.insert("ofsted_status".into(), s.into());
            changed.push(format!("ofsted_status: {s}"));
        }
        Some(None) if map.contains_key("ofsted_status") => {
            map.shift_remove("ofsted_status");
            changed.push("ofsted_status removed".into());
        }
        _ => {}
    }
    if !changed.is_empty() {
        // Only the lines of the fields that changed are rewritten, so the council's `#`
        // comments and the layout of everything else stay. Should the patched text not
        // read back as the intended fields (a layout the patch does not follow), the
        // fields are written out whole instead, which is still correct.
        let patched = patch(yaml, &old, &map);
        let reads_back = serde_yaml::from_str::<Mapping>(&patched).ok().as_ref() == Some(&map);
        let yaml = if reads_back {
            patched
        } else {
            serde_yaml::to_string(&map)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?
        };
        write_atomic(path, &format!("---\n{yaml}---\n{body}"))?;
    }
    Ok(changed)
}

// --- childcare: rewriting a listing line by line

/// The lines of a top-level field in front matter: from its `key:` line up to the next
/// line that is not indented and not a list item (a comment or another field).
fn field_lines(lines: &[&str], key: &str) -> Option<std::ops::Range<usize>> {
    let start = lines.iter().position(|l| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    })?;
    let mut end = start + 1;
    while end < lines.len() {
        let l = lines[end];
        let continues =
            l.starts_with(' ') || l.starts_with('\t') || l.starts_with("- ") || l == "-";
        if !continues {
            break;
        }
        end += 1;
    }
    Some(start..end)
}

/// `key: value` as YAML lines.
fn field_yaml(key: &Value, value: &Value) -> String {
    let mut one = Mapping::new();
    one.insert(key.clone(), value.clone());
    serde_yaml::to_string(&one).unwrap_or_default()
}

/// `yaml` (the front matter as written) with only the fields that differ between `old`
/// and `new` rewritten: a changed field's lines replaced, a new one put before `reviewed:`
/// (or at the end), a removed one taken out. New inspections go in at the top of the list,
/// indented as the list is, leaving the inspections already there as they were written.
fn patch(yaml: &str, old: &Mapping, new: &Mapping) -> String {
    let mut lines: Vec<String> = yaml.lines().map(str::to_string).collect();
    for (k, v) in new {
        let Some(name) = k.as_str() else { continue };
        if old.get(k) == Some(v) {
            continue;
        }
        let current = lines.clone();
        let refs: Vec<&str> = current.iter().map(String::as_str).collect();
        let range = field_lines(&refs, name);
        // Inspections added to a block list: only the new items are inserted.
        if let (Some(r), Some(Value::Sequence(was)), Value::Sequence(now)) = (&range, old.get(k), v)
            && now.len() > was.len()
            && now.ends_with(was)
            && r.len() > 1
        {
            let item = &refs[r.start + 1];
            let indent = item.len() - item.trim_start().len();
            if item.trim_start().starts_with("- ") {
                let added =
                    serde_yaml::to_string(&Value::Sequence(now[..now.len() - was.len()].to_vec()))
                        .unwrap_or_default();
                let pad = " ".repeat(indent);
                let at = r.start + 1;
                for (i, l) in added.lines().enumerate() {
                    lines.insert(at + i, format!("{pad}{l}"));
                }
                continue;
            }
        }
        let text = field_yaml(k, v);
        let new_lines: Vec<String> = text.lines().map(str::to_string).collect();
        match range {
            Some(r) => {
                lines.splice(r, new_lines);
            }
            None => {
                let at = refs
                    .iter()
                    .position(|l| l.starts_with("reviewed:"))
                    .unwrap_or(refs.len());
                for (i, l) in new_lines.into_iter().enumerate() {
                    lines.insert(at + i, l);
                }
            }
        }
    }
    for k in old.keys() {
        if new.contains_key(k) {
            continue;
        }
        let Some(name) = k.as_str() else { continue };
        let current = lines.clone();
        let refs: Vec<&str> = current.iter().map(String::as_str).collect();
        if let Some(r) = field_lines(&refs, name) {
            lines.drain(r);
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn yaml_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .replace('\n', " "),
    }
}

fn write_new(
    path: &Path,
    ofsted: &Mapping,
    row: &Row,
    kind: &str,
    locality: &str,
    today: jiff::civil::Date,
) -> std::io::Result<()> {
    let mut m = Mapping::new();
    for k in ["name", "type", "urn", "registers", "registered_places"] {
        if let Some(v) = ofsted.get(k) {
            m.insert(k.into(), v.clone());
        }
    }
    // Ages by type, to be checked with the provider (the file does not give them).
    let (from, to) = match kind {
        "pre-school" => ("2", 4),
        "school-nursery" => ("3", 4),
        "out-of-school" | "holiday-scheme" => ("4", 11),
        _ => ("0", 8),
    };
    let mut ages = Mapping::new();
    ages.insert("from".into(), from.parse::<u32>().unwrap_or(0).into());
    ages.insert("to".into(), to.into());
    m.insert("ages".into(), Value::Mapping(ages));
    m.insert("locality".into(), locality.into());
    if let (Some(l1), Some(town)) = (row.get("address1"), row.get("town")) {
        let mut a = Mapping::new();
        a.insert("line1".into(), tidy_name(l1).into());
        if let Some(l2) = row.get("address2") {
            a.insert("line2".into(), tidy_name(l2).into());
        }
        a.insert("town".into(), tidy_name(town).into());
        m.insert("address".into(), Value::Mapping(a));
    }
    if let Some(pc) = row.get("postcode") {
        m.insert("postcode".into(), pc.into());
    }
    if childcare::HOME_BASED.contains(&kind) {
        m.insert("address_consent".into(), false.into());
    }
    if let Some(i) = ofsted.get("inspections") {
        m.insert("inspections".into(), i.clone());
    }
    m.insert("reviewed".into(), today.to_string().into());
    let yaml = serde_yaml::to_string(&m)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    write_atomic(
        path,
        &format!(
            "---\n# Imported from Ofsted's childcare providers file. Ofsted keeps the name, type, URN,\n# registers, places and inspections; fill in the rest with the provider.\n{yaml}---\n"
        ),
    )
}

fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// Latin letters with accents as plain ones, for file names: "Renée" is `renee`.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'È' | 'É' | 'Ê' | 'Ë' => 'E',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

/// A file name not yet used in `dir`.
fn free_id(dir: &Path, stem: &str) -> String {
    let stem = if stem.is_empty() { "provider" } else { stem };
    let mut id = stem.to_string();
    let mut n = 2;
    while dir.join(format!("{id}.md")).exists() {
        id = format!("{stem}-{n}");
        n += 1;
    }
    id
}

/// The area of each postcode district, from the venues in it (the most common one).
fn district_localities(c: &crate::content::model::Content) -> HashMap<String, String> {
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for v in &c.venues {
        *counts
            .entry(childcare::district(&v.postcode))
            .or_default()
            .entry(v.locality.clone())
            .or_default() += 1;
    }
    counts
        .into_iter()
        .filter_map(|(d, ls)| ls.into_iter().max_by_key(|(_, n)| *n).map(|(l, _)| (d, l)))
        .collect()
}

/// The report, as printed.
pub fn report(o: &Outcome, file: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Read {file} ({}; header on line {}): {} providers, {} in other areas left out.",
        o.encoding, o.header_line, o.rows, o.other_areas
    );
    if !o.unknown_columns.is_empty() {
        let _ = writeln!(
            s,
            "Columns not known, left out: {}. If one holds something signpost should read, tell us its name.",
            o.unknown_columns.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "{} new, {} updated, {} unchanged, {} no longer in Ofsted's file.",
        o.created.len(),
        o.updated.len(),
        o.unchanged,
        o.flagged.len()
    );
    for f in &o.created {
        let _ = writeln!(s, "  new: {f}");
    }
    for (f, what) in &o.updated {
        let _ = writeln!(s, "  updated: {f}: {}", what.join("; "));
    }
    for f in &o.flagged {
        let _ = writeln!(
            s,
            "  not in the file (marked ofsted_status: not-in-latest-file; check whether it closed): {f}"
        );
    }
    for (line, why) in &o.skipped {
        let _ = writeln!(s, "  left out, line {line}: {why}");
    }
    for (line, note) in &o.notes {
        let _ = writeln!(s, "  check, line {line}: {note}");
    }
    s
}

/// The report as markdown, for the ofsted-import-report.md file: the summary, then a
/// section for each kind of outcome, each with every file or line it is about.
pub fn report_markdown(o: &Outcome, file: &str) -> String {
    let mut s = String::from("# Ofsted childcare providers import\n\n");
    // The summary lines, without their indented items.
    for line in report(o, file).lines().filter(|l| !l.starts_with("  ")) {
        let _ = writeln!(s, "{line}\n");
    }
    let mut section = |title: &str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(s, "## {title} ({})\n", items.len());
        for i in items {
            let _ = writeln!(s, "- {i}");
        }
        s.push('\n');
    };
    section(
        "New listings",
        o.created.iter().map(|f| format!("`{f}`")).collect(),
    );
    section(
        "Updated",
        o.updated
            .iter()
            .map(|(f, what)| format!("`{f}`: {}", what.join("; ")))
            .collect(),
    );
    section(
        "No longer in Ofsted's file (marked `ofsted_status: not-in-latest-file`; check whether they closed)",
        o.flagged.iter().map(|f| format!("`{f}`")).collect(),
    );
    section(
        "Rows left out",
        o.skipped
            .iter()
            .map(|(line, why)| format!("line {line}: {why}"))
            .collect(),
    );
    section(
        "To check",
        o.notes
            .iter()
            .map(|(line, note)| format!("line {line}: {note}"))
            .collect(),
    );
    section(
        "Columns not known, left out",
        o.unknown_columns.iter().map(|c| format!("`{c}`")).collect(),
    );
    s
}

/// The report as CSV, a row per item (`what`, `file`, `line`, `detail`), for a spreadsheet:
/// UTF-8 with a byte order mark, cells that could run as formulas made inert (the detail
/// can hold text from the file).
pub fn report_csv(o: &Outcome) -> Result<Vec<u8>, csv::Error> {
    use crate::export::csv::{neutralise, quote};
    let mut rows: Vec<[String; 4]> = Vec::new();
    let none = String::new;
    for f in &o.created {
        rows.push(["new".into(), f.clone(), none(), none()]);
    }
    for (f, what) in &o.updated {
        rows.push(["updated".into(), f.clone(), none(), what.join("; ")]);
    }
    for f in &o.flagged {
        rows.push(["not in the file".into(), f.clone(), none(), none()]);
    }
    for (line, why) in &o.skipped {
        rows.push(["left out".into(), none(), line.to_string(), why.clone()]);
    }
    for (line, note) in &o.notes {
        rows.push(["to check".into(), none(), line.to_string(), note.clone()]);
    }
    for c in &o.unknown_columns {
        rows.push(["unknown column".into(), none(), none(), c.clone()]);
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Never)
        .from_writer("\u{feff}".as_bytes().to_vec());
    w.write_record(["what", "file", "line", "detail"])?;
    for r in &rows {
        w.write_record(r.iter().map(|c| quote(&neutralise(c)).into_owned()))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_decoded_and_utf16_refused() {
        let (t, enc) = decode(b"Caf\xe9 \xa3").unwrap();
        assert_eq!((t.as_str(), enc), ("Café £", "Windows-1252"));
        let (t, enc) = decode("\u{feff}Café".as_bytes()).unwrap();
        assert_eq!((t.as_str(), enc), ("Café", "UTF-8"));
        let utf16: Vec<u8> = "\u{feff}URN,Name"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode(&utf16).unwrap_err().contains("UTF-16"));
    }

    #[test]
    fn columns_are_matched_by_meaning_across_releases() {
        assert_eq!(meaning("Provider URN"), Some("urn"));
        assert_eq!(meaning("URN"), Some("urn"));
        assert_eq!(meaning("Local Authority"), Some("la"));
        assert_eq!(
            meaning("Most recent full: Overall effectiveness"),
            Some("overall")
        );
        assert_eq!(
            meaning("Children's welfare and well-being"),
            Some("childrens-welfare-and-well-being")
        );
        assert_eq!(meaning("Shoe size"), None);
        assert_eq!(grade("2", childcare::OVERALL_GRADES), Some("good"));
        assert_eq!(
            grade("Strong standard", childcare::REPORT_CARD_GRADES),
            Some("strong-standard")
        );
        assert_eq!(date("20/01/2026").as_deref(), Some("2026-01-20"));
        assert_eq!(
            provider_type("Childcare on non-domestic premises", "ST MARY'S PLAYGROUP"),
            "pre-school"
        );
        assert_eq!(
            provider_type("Childcare on domestic premises", "x"),
            "childminder"
        );
        assert_eq!(tidy_name("LITTLE ACORNS"), "Little Acorns");
    }
}
