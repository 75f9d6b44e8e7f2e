//! The shapes real feeds come in, brought to the one shape the model reads (ORUK / HSDS
//! 3.0) while the record is still JSON:
//! - pages: HSDS `contents` and Spring's `content` (ORUK v1, Outpost, Open Place);
//! - ORUK v1 names: `eligibilitys`, `service_taxonomys`, `regular_schedules`,
//!   `physical_addresses`, `accessibility_for_disabilities`;
//! - Outpost's: `organisation`, `taxonomies`, `send_needs`, `suitabilities`, `locations`
//!   with `geometry` and `accessibilities`, `contacts` with `phone` and `email`, `links`,
//!   `min_age`/`max_age` and age bands, `temporarily_closed`;
//! - list items that name their organisation only by `organization_id`, joined to the
//!   organisation records read beside them;
//! - the values feeds use for "not given" (ages of -1, `Unknown-…@noemail.invalid`,
//!   "N/A"), schedules and costs that have ended, and HTML descriptions.
//!
//! Everything changed or left out here is noted for the record's report.

use super::report::{Note, NoteKind};
use jiff::civil::Date;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// Organisation records read from the inputs, by id in lower case.
pub type Orgs = HashMap<String, Value>;

/// Text without the byte-order mark some Windows tools put first.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A web page where JSON was expected (a feed's error or login page).
pub fn is_html_page(text: &str) -> bool {
    let t = strip_bom(text).trim_start().to_ascii_lowercase();
    t.starts_with("<!doctype html") || t.starts_with("<html") || t.starts_with("<head")
}

/// The list of records a page carries, under the key it uses: HSDS's `contents`, or
/// Spring's `content` (with `totalElements` or `number` beside it).
pub fn page_key(o: &Map<String, Value>) -> Option<&'static str> {
    if o.contains_key("contents") {
        return Some("contents");
    }
    let spring = [
        "totalElements",
        "totalPages",
        "number",
        "pageable",
        "numberOfElements",
    ]
    .iter()
    .any(|k| o.contains_key(*k));
    (o.get("content").is_some_and(Value::is_array) && spring).then_some("content")
}

/// An organisation record (in an organisations file or folder) rather than a service.
pub fn looks_like_organisation(v: &Value) -> bool {
    let Some(o) = v.as_object() else { return false };
    o.contains_key("name")
        && o.contains_key("id")
        && !o.contains_key("status")
        && !o.contains_key("organization")
        && !o.contains_key("organisation")
        && !o.contains_key("organization_id")
        && !o.contains_key("taxonomy_id")
        && !o.contains_key("taxonomy")
        && !o.contains_key("term")
        && !o.contains_key("vocabulary")
}

/// Email addresses feeds use to mean "none" (Open Place's `Unknown-123@noemail.invalid`).
pub fn placeholder_email(e: &str) -> bool {
    let e = e.trim().to_ascii_lowercase();
    let Some((local, domain)) = e.split_once('@') else {
        return true;
    };
    domain.contains("noemail")
        || domain.contains("no-email")
        || domain.contains("noreply")
        || local.starts_with("unknown")
        || local.starts_with("noemail")
        || local.starts_with("no-email")
        || local == "none"
        || local == "na"
}

/// Text that stands for "not given".
pub fn placeholder_text(t: &str) -> bool {
    let t = t.trim().trim_end_matches('.').to_ascii_lowercase();
    matches!(
        t.as_str(),
        "" | "unknown"
            | "n/a"
            | "na"
            | "none"
            | "tbc"
            | "tba"
            | "-"
            | "--"
            | "***"
            | "null"
            | "not known"
    )
}

/// Whether text is HTML (a tag or an entity) rather than plain text or markdown.
pub fn is_html(t: &str) -> bool {
    let tag = t.match_indices('<').any(|(i, _)| {
        let rest = &t[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && rest
                .find('>')
                .is_some_and(|end| !rest[..end].contains('\n') || end < 200)
    });
    let entity = [
        "&nbsp;", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&rsquo;", "&#",
    ]
    .iter()
    .any(|e| t.contains(e));
    tag || entity
}

/// HTML as markdown: headings, lists, emphasis and links kept, entities decoded, scripts,
/// styles and images left out. The site sanitises markdown again when it renders it.
pub fn markdown_of_html(html: &str) -> String {
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec![
            "script", "style", "img", "iframe", "object", "embed", "form", "head",
        ])
        .build();
    let md = converter.convert(html).unwrap_or_else(|_| strip_tags(html));
    // Non-breaking spaces (from &nbsp;) are ordinary spaces in a listing.
    let md = md.replace('\u{a0}', " ");
    let lines: Vec<&str> = md.lines().map(str::trim_end).collect();
    let mut out = String::new();
    let mut blank = 0;
    for l in lines {
        if l.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(l);
    }
    out.trim().to_string()
}

/// Tags removed, for when the converter gives up.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Markdown as one line of plain text: for summaries, which are shown as text on cards
/// and in JSON-LD.
pub fn plain_text(md: &str) -> String {
    let mut out = String::new();
    for line in md.lines() {
        let l = line
            .trim()
            .trim_start_matches('#')
            .trim_start_matches(['*', '-', '+', '>'])
            .trim();
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(l);
    }
    // Links keep their words; emphasis marks and escapes go.
    let mut text = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {}
            ']' if chars.peek() == Some(&'(') => {
                for c in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
            }
            '*' | '`' => {}
            '_' if text.ends_with(' ') || text.is_empty() || chars.peek() == Some(&' ') => {}
            '\\' => {
                if let Some(n) = chars.next() {
                    text.push(n);
                }
            }
            c => text.push(c),
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn take(o: &mut Map<String, Value>, k: &str) -> Option<Value> {
    o.remove(k).filter(|v| !v.is_null())
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Moves `from` to `to` when the record has no `to`.
fn rename(o: &mut Map<String, Value>, from: &str, to: &str) {
    if !o.contains_key(to)
        && let Some(v) = o.remove(from)
    {
        o.insert(to.to_string(), v);
    }
}

const DAYS: [(&str, &str); 7] = [
    ("monday", "MO"),
    ("tuesday", "TU"),
    ("wednesday", "WE"),
    ("thursday", "TH"),
    ("friday", "FR"),
    ("saturday", "SA"),
    ("sunday", "SU"),
];

/// A date at the start of text (`2005-03-31`, `2005-03-31T00:00:00Z`).
fn date_of(v: &Value) -> Option<Date> {
    v.as_str()?.get(..10)?.parse().ok()
}

/// Brings one service record to the ORUK 3.0 shape. `today` decides what has ended.
pub fn service(v: &mut Value, orgs: &Orgs, today: Date) -> Vec<Note> {
    let mut notes = Vec::new();
    let Some(o) = v.as_object_mut() else {
        return notes;
    };
    // `null` is "not given" (the model reads it so); taking it out here lets the renames
    // and fallbacks below see what the record really has.
    o.retain(|_, v| !v.is_null());
    // Organisation: spelt the British way, or named by id only.
    rename(o, "organisation", "organization");
    if !o.contains_key("organization")
        && let Some(id) = o.get("organization_id").and_then(str_of)
        && let Some(org) = orgs.get(&id.to_lowercase())
    {
        o.insert("organization".into(), org.clone());
    }
    if let Some(org) = o.get_mut("organization").and_then(Value::as_object_mut) {
        organisation(org, &mut notes);
    }
    // Status: Outpost has none; `temporarily_closed` says when it is paused.
    if let Some(Value::String(s)) = o.get_mut("status") {
        *s = s.trim().to_lowercase();
    }
    // Outpost hides a service after `visible_to`, or with `visible: false`.
    let hidden_until = o.get("visible_to").and_then(date_of).filter(|d| *d < today);
    let hidden = o.get("visible").and_then(Value::as_bool) == Some(false);
    if !o.contains_key("status") && (hidden_until.is_some() || hidden) {
        o.insert("status".into(), json!("inactive"));
        notes.push(Note::new(
            NoteKind::Changed,
            match hidden_until {
                Some(d) => {
                    format!("the feed stopped showing it on {d} (visible_to): taken as inactive")
                }
                None => "the feed hides it (visible: false): taken as inactive".to_string(),
            },
        ));
    }
    if !o.contains_key("status") {
        let closed = o.get("temporarily_closed").and_then(Value::as_bool) == Some(true);
        let status = if closed {
            "temporarily closed"
        } else {
            "active"
        };
        o.insert("status".into(), json!(status));
        if !closed {
            notes.push(Note::new(
                NoteKind::Defaulted,
                "no status in the feed: taken as active",
            ));
        }
    }
    ages(o, &mut notes);
    rename(o, "updated_at", "last_modified");
    // Terms under other names become attributes with their term inside.
    let mut attributes = take(o, "attributes")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    for (key, taxonomy) in [
        ("taxonomies", "taxonomies"),
        ("send_needs", "send_needs"),
        ("suitabilities", "suitabilities"),
    ] {
        for t in take(o, key)
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
        {
            if let Some(term) = term_of(&t, taxonomy) {
                attributes.push(json!({"link_type": key, "taxonomy_term": term}));
            }
        }
    }
    for st in take(o, "service_taxonomys")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
    {
        let inner = st.get("taxonomy").cloned().unwrap_or(st);
        let vocabulary = inner
            .get("vocabulary")
            .and_then(str_of)
            .unwrap_or_else(|| "taxonomy".into());
        if let Some(term) = term_of(&inner, &vocabulary) {
            attributes.push(json!({"link_type": "service_taxonomy", "taxonomy_term": term}));
        }
    }
    if !attributes.is_empty() {
        o.insert("attributes".into(), Value::Array(attributes));
    }
    // Schedules: `regular_schedules` with a weekday each; ended ones left out.
    let mut schedules = take(o, "schedules")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    for rs in take(o, "regular_schedules")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
    {
        schedules.push(regular_schedule(rs));
    }
    schedules.retain(|s| {
        let ended = ["valid_to", "until"]
            .iter()
            .filter_map(|k| s.get(*k).and_then(date_of))
            .find(|d| *d < today);
        if let Some(d) = ended {
            notes.push(Note::on(
                NoteKind::Dropped,
                "schedule",
                format!(
                    "a schedule that ended on {d} ({}) was left out",
                    schedule_words(s)
                ),
            ));
        }
        ended.is_none()
    });
    if !schedules.is_empty() {
        o.insert("schedules".into(), Value::Array(schedules));
    }
    // Costs: ended ones left out; Outpost's `cost_type` is what the amount is per.
    if let Some(Value::Array(costs)) = o.get_mut("cost_options") {
        costs.retain(|c| {
            let ended = c.get("valid_to").and_then(date_of).filter(|d| *d < today);
            if let Some(d) = ended {
                notes.push(Note::on(
                    NoteKind::Dropped,
                    "cost",
                    format!(
                        "a cost that ended on {d} ({}) was left out",
                        [c.get("option"), c.get("amount")]
                            .into_iter()
                            .flatten()
                            .filter_map(str_of)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            ended.is_none()
        });
        for c in costs.iter_mut().filter_map(Value::as_object_mut) {
            if !c.contains_key("amount_description")
                && let Some(t) = c.remove("cost_type").as_ref().and_then(str_of)
            {
                let per = if t.starts_with("per ") {
                    t
                } else {
                    format!("per {t}")
                };
                c.insert("amount_description".into(), json!(per));
            }
        }
    }
    // Places: Outpost lists `locations` on the service.
    if !o.contains_key("service_at_locations")
        && let Some(Value::Array(locs)) = take(o, "locations")
    {
        let sals: Vec<Value> = locs
            .into_iter()
            .map(|l| json!({"id": l.get("id").cloned().unwrap_or(Value::Null), "location": l}))
            .collect();
        o.insert("service_at_locations".into(), Value::Array(sals));
    }
    if let Some(Value::Array(sals)) = o.get_mut("service_at_locations") {
        for sal in sals.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(l) = sal.get_mut("location").and_then(Value::as_object_mut) {
                location(l, &mut notes);
            }
        }
    }
    // Contacts: phone and email as Outpost gives them, hidden ones left out.
    if let Some(Value::Array(contacts)) = o.get_mut("contacts") {
        contacts.retain(|c| c.get("visible").and_then(Value::as_bool) != Some(false));
        for c in contacts.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(p) = c.remove("phone").as_ref().and_then(str_of) {
                let phones = c.entry("phones").or_insert_with(|| json!([]));
                if let Some(list) = phones.as_array_mut() {
                    list.push(json!({ "number": p }));
                }
            }
            email(c, "email", "a contact's email", &mut notes);
        }
    }
    // Links: the first becomes the website when there is none.
    if let Some(Value::Array(links)) = take(o, "links") {
        let mut urls = links.iter().filter_map(|l| {
            l.get("url")
                .and_then(str_of)
                .map(|u| (u, l.get("label").and_then(str_of)))
        });
        if !o.contains_key("url")
            && let Some((u, _)) = urls.next()
        {
            o.insert("url".into(), json!(u));
        }
        for (u, label) in urls {
            notes.push(Note::new(
                NoteKind::Dropped,
                format!(
                    "link {}{u} was left out (a listing has one website)",
                    label.map(|l| format!("\"{l}\" ")).unwrap_or_default()
                ),
            ));
        }
    }
    email(o, "email", "email", &mut notes);
    for k in ["url", "description"] {
        if o.get(k)
            .and_then(Value::as_str)
            .is_some_and(placeholder_text)
        {
            let was = o.remove(k).and_then(|v| str_of(&v)).unwrap_or_default();
            notes.push(Note::new(
                NoteKind::Dropped,
                format!("{k} \"{was}\" means not given: left out"),
            ));
        }
    }
    for k in [
        "description",
        "eligibility_description",
        "application_process",
        "alert",
    ] {
        html_field(o, k, "", &mut notes);
    }
    notes
}

/// A taxonomy term from Outpost's or ORUK v1's spelling.
fn term_of(t: &Value, taxonomy: &str) -> Option<Value> {
    let name = t.get("name").or_else(|| t.get("label")).and_then(str_of)?;
    let mut term = json!({"name": name, "taxonomy": taxonomy});
    if let Some(id) = t.get("id").and_then(str_of) {
        term["id"] = json!(id);
    }
    if let Some(code) = t.get("slug").or_else(|| t.get("code")).and_then(str_of) {
        term["code"] = json!(code);
    }
    if let Some(p) = t
        .get("parent_id")
        .or_else(|| t.get("parent"))
        .and_then(str_of)
    {
        term["parent_id"] = json!(p);
    }
    Some(term)
}

fn regular_schedule(rs: Value) -> Value {
    let Value::Object(mut o) = rs else { return rs };
    o.retain(|_, v| !v.is_null());
    if !o.contains_key("byday") {
        let day = o.get("weekday").and_then(|w| match w {
            Value::String(s) => {
                let s = s.trim().to_lowercase();
                DAYS.iter()
                    .find(|(name, code)| {
                        s == *name
                            || s == code.to_lowercase()
                            || name.starts_with(&s) && s.len() >= 3
                    })
                    .map(|(_, c)| *c)
            }
            // ORUK v1 numbers the days from Monday as 1.
            Value::Number(n) => n
                .as_u64()
                .and_then(|n| DAYS.get((n as usize).wrapping_sub(1)))
                .map(|(_, c)| *c),
            _ => None,
        });
        if let Some(d) = day {
            o.insert("byday".into(), json!(d));
        }
    }
    if !o.contains_key("freq") && o.contains_key("byday") {
        o.insert("freq".into(), json!("WEEKLY"));
    }
    if let Some(Value::String(f)) = o.get_mut("freq") {
        *f = f.trim().to_uppercase();
    }
    o.remove("weekday");
    Value::Object(o)
}

fn schedule_words(s: &Value) -> String {
    let parts: Vec<String> = ["byday", "opens_at", "closes_at", "description"]
        .iter()
        .filter_map(|k| s.get(*k).and_then(str_of))
        .collect();
    if parts.is_empty() {
        "no details".into()
    } else {
        parts.join(" ")
    }
}

/// Ages: Outpost's names and age bands, ORUK v1's `eligibilitys`; -1 (Open Place's "not
/// set") and other negative ages mean not given.
fn ages(o: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    rename(o, "min_age", "minimum_age");
    rename(o, "max_age", "maximum_age");
    if let Some(Value::Array(el)) = o.get("eligibilitys").cloned() {
        for e in el {
            for k in ["minimum_age", "maximum_age"] {
                if !o.contains_key(k)
                    && let Some(n) = e.get(k).filter(|v| v.is_number())
                {
                    o.insert(k.into(), n.clone());
                }
            }
            if !o.contains_key("eligibility_description")
                && let Some(t) = e.get("eligibility").and_then(str_of)
            {
                o.insert("eligibility_description".into(), json!(t));
            }
        }
        o.remove("eligibilitys");
    }
    for k in ["minimum_age", "maximum_age"] {
        if o.get(k).and_then(Value::as_f64).is_some_and(|n| n < 0.0) {
            let n = o.remove(k).unwrap_or_default();
            notes.push(Note::on(
                NoteKind::Dropped,
                "ages",
                format!("{k} {n} means not set in the feed: left out"),
            ));
        }
    }
    // Outpost's age bands (`age_band_2_4: true`): the youngest and oldest ticked.
    let mut lo: Option<f64> = None;
    let mut hi: Option<f64> = None;
    let bands: Vec<String> = o
        .keys()
        .filter(|k| k.starts_with("age_band_"))
        .cloned()
        .collect();
    for k in bands {
        let on = o.remove(&k).and_then(|v| v.as_bool()) == Some(true);
        if !on {
            continue;
        }
        let rest = &k["age_band_".len()..];
        let (a, b) = match rest {
            "all" => (0.0, 25.0),
            r if r.starts_with("under_") => (0.0, r[6..].parse().unwrap_or(0.0)),
            r => match r.split_once('_') {
                Some((a, b)) => match (a.parse(), b.parse()) {
                    (Ok(a), Ok(b)) => (a, b),
                    _ => continue,
                },
                None => continue,
            },
        };
        lo = Some(lo.map_or(a, |x: f64| x.min(a)));
        hi = Some(hi.map_or(b, |x: f64| x.max(b)));
    }
    if let (Some(lo), Some(hi)) = (lo, hi)
        && !o.contains_key("minimum_age")
        && !o.contains_key("maximum_age")
    {
        o.insert("minimum_age".into(), json!(lo));
        o.insert("maximum_age".into(), json!(hi));
        notes.push(Note::on(
            NoteKind::Changed,
            "ages",
            format!("ages {lo} to {hi} come from the feed's age bands"),
        ));
    }
}

fn organisation(org: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    org.retain(|_, v| !v.is_null());
    rename(org, "url", "website");
    email(org, "email", "the organisation's email", notes);
    if org
        .get("website")
        .and_then(Value::as_str)
        .is_some_and(placeholder_text)
    {
        org.remove("website");
    }
    html_field(org, "description", "the organisation's ", notes);
}

fn location(l: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    l.retain(|_, v| !v.is_null());
    // GeoJSON points: [longitude, latitude].
    if !l.contains_key("latitude")
        && let Some(Value::Array(c)) = l.get("geometry").and_then(|g| g.get("coordinates"))
        && let [Value::Number(lon), Value::Number(lat)] = c.as_slice()
    {
        let (lat, lon) = (lat.clone(), lon.clone());
        l.insert("latitude".into(), Value::Number(lat));
        l.insert("longitude".into(), Value::Number(lon));
    }
    rename(l, "physical_addresses", "addresses");
    if !l.contains_key("addresses")
        && ["address_1", "postal_code", "city"]
            .iter()
            .any(|k| l.contains_key(*k))
    {
        let mut a = Map::new();
        for k in [
            "address_1",
            "address_2",
            "city",
            "state_province",
            "postal_code",
        ] {
            if let Some(v) = l.remove(k) {
                a.insert(k.into(), v);
            }
        }
        l.insert("addresses".into(), json!([a]));
    }
    if let Some(Value::Array(addresses)) = l.get_mut("addresses") {
        for a in addresses.iter_mut().filter_map(Value::as_object_mut) {
            for k in ["address_1", "address_2", "city", "postal_code"] {
                if a.get(k)
                    .and_then(Value::as_str)
                    .is_some_and(placeholder_text)
                {
                    a.remove(k);
                    if k == "address_1" {
                        notes.push(Note::on(
                            NoteKind::Dropped,
                            "address",
                            "a venue's address is hidden in the feed: left out",
                        ));
                    }
                }
            }
            // Address lines 1 and 2 are one line here; the venue splits them again.
            let second = a.remove("address_2").as_ref().and_then(str_of);
            if let Some(second) = second {
                let first = a.get("address_1").and_then(str_of);
                a.insert(
                    "address_1".into(),
                    json!(match first {
                        Some(f) => format!("{f}, {second}"),
                        None => second,
                    }),
                );
            }
        }
    }
    let mut access = take(l, "accessibility")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    for k in ["accessibilities", "accessibility_for_disabilities"] {
        for a in take(l, k)
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
        {
            if let Some(d) = a
                .get("name")
                .or_else(|| a.get("accessibility"))
                .or_else(|| a.get("description"))
                .and_then(str_of)
            {
                access.push(json!({ "description": d }));
            }
        }
    }
    if !access.is_empty() {
        l.insert("accessibility".into(), Value::Array(access));
    }
    html_field(l, "description", "a venue's ", notes);
}

/// Leaves out an email that means "none", with a note.
fn email(o: &mut Map<String, Value>, k: &str, what: &str, notes: &mut Vec<Note>) {
    if let Some(e) = o.get(k).and_then(Value::as_str)
        && placeholder_email(e)
        && !e.trim().is_empty()
    {
        notes.push(Note::on(
            NoteKind::Dropped,
            "contact",
            format!("{what} {} is a placeholder: left out", e.trim()),
        ));
        o.remove(k);
    }
}

/// An HTML field as markdown.
fn html_field(o: &mut Map<String, Value>, k: &str, whose: &str, notes: &mut Vec<Note>) {
    if let Some(Value::String(t)) = o.get_mut(k)
        && is_html(t)
    {
        *t = markdown_of_html(t);
        notes.push(Note::new(
            NoteKind::Changed,
            format!("{whose}{k} was HTML: it is now markdown"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        jiff::civil::date(2026, 11, 24)
    }

    #[test]
    fn html_becomes_markdown_and_plain_text() {
        let md = markdown_of_html(
            "<h1>About Us</h1><p>We run&nbsp;groups for <b>parents</b>.</p><ul><li>Mondays</li><li>Fridays</li></ul><script>x()</script>",
        );
        assert!(
            md.starts_with("# About Us\n\nWe run groups for **parents**."),
            "{md}"
        );
        assert!(
            md.contains("*   Mondays") || md.contains("* Mondays") || md.contains("- Mondays"),
            "{md}"
        );
        assert!(
            !md.contains('<') && !md.contains("&nbsp;") && !md.contains("x()"),
            "{md}"
        );
        assert_eq!(
            plain_text("We run groups for **parents** at [the hub](https://example.org)."),
            "We run groups for parents at the hub."
        );
        assert!(is_html("a&nbsp;b") && is_html("<p>x</p>") && !is_html("3 < 5 and 6 > 2"));
    }

    #[test]
    fn placeholders_are_not_given() {
        assert!(placeholder_email("Unknown-123@noemail.invalid"));
        assert!(placeholder_email("not an address"));
        assert!(!placeholder_email("hello@example.org"));
        assert!(
            placeholder_text(" N/A ") && placeholder_text("Unknown") && !placeholder_text("Hall")
        );
    }

    #[test]
    fn an_outpost_record_takes_the_oruk_shape_and_says_what_it_left_out() {
        let mut v = json!({
            "id": 4411, "name": "Chatterbox", "description": "<p>Songs&nbsp;and play.</p>",
            "organisation": {"id": 12, "name": "Play Trust", "url": "https://example.org"},
            "taxonomies": [{"id": 7, "name": "Baby groups", "slug": "baby-groups"}],
            "send_needs": [{"id": 2, "name": "Autism"}],
            "min_age": -1, "age_band_under_2": true, "age_band_2_4": true,
            "regular_schedules": [
                {"weekday": "Tuesday", "opens_at": "10:00", "closes_at": "11:30"},
                {"weekday": "Friday", "opens_at": "10:00", "closes_at": "11:30", "until": "2005-07-01"}
            ],
            "cost_options": [{"option": "Old price", "amount": 2, "valid_to": "2022-03-31"}],
            "contacts": [{"name": "Desk", "phone": "01632 960123", "email": "Unknown-9@noemail.invalid"},
                         {"name": "Hidden", "phone": "01632 960999", "visible": false}],
            "links": [{"label": "Site", "url": "https://example.org/c"}, {"label": "Facebook", "url": "https://example.org/f"}],
            "locations": [{"id": 3, "name": "Hall", "address_1": "1 High St", "address_2": "Eastgate",
                           "postal_code": "MB1 1AA", "geometry": {"type": "Point", "coordinates": [-1.5, 52.1]},
                           "accessibilities": [{"name": "Accessible toilet"}]}]
        });
        let notes = service(&mut v, &Orgs::new(), today());
        let mut gone = json!({"id": 9, "name": "Old", "organisation": {"id": 1, "name": "O"}, "visible_to": "2024-08-31"});
        let gone_notes = service(&mut gone, &Orgs::new(), today());
        assert_eq!(gone["status"], "inactive");
        assert!(
            gone_notes[0]
                .text
                .contains("stopped showing it on 2024-08-31"),
            "{gone_notes:?}"
        );
        assert_eq!(v["organization"]["website"], "https://example.org");
        assert_eq!(v["status"], "active");
        assert_eq!(v["description"], "Songs and play.");
        assert_eq!(
            (v["minimum_age"].as_f64(), v["maximum_age"].as_f64()),
            (Some(0.0), Some(4.0))
        );
        assert_eq!(v["attributes"][1]["taxonomy_term"]["name"], "Autism");
        assert_eq!(v["schedules"].as_array().unwrap().len(), 1);
        assert_eq!(v["schedules"][0]["byday"], "TU");
        assert!(v["cost_options"].as_array().unwrap().is_empty());
        assert_eq!(v["contacts"].as_array().unwrap().len(), 1);
        assert_eq!(v["contacts"][0]["phones"][0]["number"], "01632 960123");
        assert_eq!(v["url"], "https://example.org/c");
        let l = &v["service_at_locations"][0]["location"];
        assert_eq!(l["latitude"].as_f64(), Some(52.1));
        assert_eq!(l["addresses"][0]["address_1"], "1 High St, Eastgate");
        assert_eq!(l["accessibility"][0]["description"], "Accessible toilet");
        let texts: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
        for t in [
            "dropped: minimum_age -1 means not set in the feed",
            "dropped: a schedule that ended on 2005-07-01",
            "dropped: a cost that ended on 2022-03-31 (Old price, 2)",
            "dropped: a contact's email Unknown-9@noemail.invalid is a placeholder",
            "dropped: link \"Facebook\" https://example.org/f was left out",
            "defaulted: no status in the feed",
            "changed: description was HTML",
        ] {
            assert!(
                texts.iter().any(|x| x.starts_with(t)),
                "{t} not in {texts:#?}"
            );
        }
    }

    #[test]
    fn a_list_item_finds_its_organisation_by_id() {
        let orgs = Orgs::from([(
            "o-1".to_string(),
            json!({"id": "O-1", "name": "Play Trust"}),
        )]);
        let mut v = json!({"id": "s", "name": "S", "status": "Active", "organization_id": "O-1"});
        service(&mut v, &orgs, today());
        assert_eq!(v["organization"]["name"], "Play Trust");
        assert_eq!(v["status"], "active");
    }
}
