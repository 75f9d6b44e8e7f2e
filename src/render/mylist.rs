//! "My list": what the list page needs to know about a service. Each service page carries a
//! small JSON block (not executed: `<script type="application/json">`, allowed by the CSP)
//! that the list page reads by fetching the page. A shared list therefore opens on any device,
//! a renamed or removed service shows as missing rather than as stale data, and the search
//! index format stays as it is.

use super::messages;
use serde_json::{Value, json};

/// The element id the page's JSON block has; themes/default/static/mylist.js reads it.
pub const DATA_ID: &str = "service-data";

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn items<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
}

/// Joins non-empty parts into sentences: "Drop in. Just come along."
fn sentences<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.ends_with(['.', '!', '?']) {
                p.to_string()
            } else {
                format!("{p}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The data for one service, worded as its page words it, from the page's own view
/// (`views::service_page`), escaped for a script element.
pub fn service_data(v: &Value) -> String {
    let m = messages::active();
    // Access routes the instructions do not already say ("Just turn up. Just turn up.").
    let how = text(v, "how_to_access");
    let access = items(v, "access")
        .filter_map(Value::as_str)
        .filter(|a| !how.to_lowercase().contains(&a.to_lowercase()))
        .collect::<Vec<_>>()
        .join(&m.text("list.separator", &[]));
    let mut when: Vec<String> = items(v, "sessions")
        .map(|s| {
            let mut t = text(s, "text").to_string();
            let venue = text(s, "venue");
            if !venue.is_empty() {
                t = m.text(
                    "my_list_data.session_at",
                    &[("session", &t), ("venue", &venue)],
                );
            }
            let notes = text(s, "notes");
            if !notes.is_empty() {
                t = m.text(
                    "my_list_data.session_notes",
                    &[("session", &t), ("notes", &notes)],
                );
            }
            t
        })
        .collect();
    when.extend(
        Some(text(v, "schedule_notes"))
            .filter(|n| !n.is_empty())
            .map(str::to_string),
    );
    if when.is_empty() {
        when.push(m.text("service.when_unknown", &[]));
    }
    let mut where_: Vec<String> = items(v, "venues")
        .map(|venue| {
            let mut parts = vec![text(venue, "name")];
            parts.extend(items(venue, "address").filter_map(Value::as_str));
            parts.push(text(venue, "postcode"));
            parts.retain(|p| !p.is_empty());
            parts.join(&m.text("list.separator", &[]))
        })
        .collect();
    for (flag, words) in [
        ("home_visits", m.text("my_list_data.home_visits", &[])),
        ("online", m.text("where.online", &[])),
        ("by_phone", m.text("where.by_phone", &[])),
    ] {
        if v.get(flag).and_then(Value::as_bool).unwrap_or(false) {
            where_.push(words);
        }
    }
    let covers = text(v, "covers");
    if !covers.is_empty() {
        where_.push(m.text("my_list_data.covers", &[("who", &covers)]));
    }
    let note = if v["paused"].as_bool().unwrap_or(false) {
        Some(m.text("my_list_data.paused", &[]))
    } else if v["stale"].as_bool().unwrap_or(false) {
        Some(m.text("my_list_data.stale", &[("date", &text(v, "reviewed"))]))
    } else {
        None
    };
    let contact = &v["contact"];
    let data = json!({
        "id": text(v, "id"),
        "name": text(v, "name"),
        "organisation": text(v, "organisation"),
        "summary": text(v, "summary"),
        "who": sentences([text(v, "ages"), text(v, "eligibility")]),
        "how": sentences([access.as_str(), how]),
        "cost": text(v, "cost"),
        "when": when,
        "where": where_,
        "phone": contact.get("phone").and_then(Value::as_str),
        "email": contact.get("email").and_then(Value::as_str),
        "website": contact.get("website").and_then(Value::as_str),
        "note": note,
        // Kept for this tab only by My list, and brings up "Exit this page" on the list.
        "sensitive": v["sensitive"].as_bool().filter(|&b| b),
    });
    // Absent contacts and notes are left out rather than sent as null.
    let data: serde_json::Map<String, Value> = data
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, x)| !x.is_null())
        .map(|(k, x)| (k.clone(), x.clone()))
        .collect();
    super::escape::json_for_script(&Value::Object(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_the_fields_as_sentences_and_escapes_for_html() {
        let v = json!({
            "id": "x", "name": "Stay </script> & play", "summary": "Play.",
            "ages": "From birth to 4 years", "eligibility": "Parents and carers",
            "access": ["Drop in", "Self-referral"], "how_to_access": "Just come along.",
            "sessions": [{"text": "Tuesdays, 10:00 to 11:30", "venue": "The Hall", "notes": null}],
            "venues": [{"name": "The Hall", "address": ["1 High Street", "Marlbrook"], "postcode": "MB1 1AA"}],
            "home_visits": true, "covers": "Families in Northfield",
            "contact": {"phone": "01234 567890", "website": "https://example.org/"},
            "paused": false, "stale": false,
        });
        let out = service_data(&v);
        assert!(!out.contains('<'), "{out}");
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["name"], "Stay </script> & play");
        assert_eq!(back["who"], "From birth to 4 years. Parents and carers.");
        assert_eq!(back["how"], "Drop in, Self-referral. Just come along.");
        assert_eq!(back["when"][0], "Tuesdays, 10:00 to 11:30, at The Hall");
        assert_eq!(
            back["where"][0],
            "The Hall, 1 High Street, Marlbrook, MB1 1AA"
        );
        assert_eq!(back["where"][1], "They can visit you at home");
        assert_eq!(
            back["where"][2],
            "Families in Northfield can use this service"
        );
        assert_eq!(back["website"], "https://example.org/");
        assert!(back.get("email").is_none(), "no null fields");
        assert!(back["note"].is_null());
    }

    #[test]
    fn access_routes_the_instructions_already_give_are_not_repeated() {
        let v = json!({"access": ["Just turn up", "Booking"], "how_to_access": "Just turn up. You do not need to book."});
        let back: Value = serde_json::from_str(&service_data(&v)).unwrap();
        assert_eq!(
            back["how"],
            "Booking. Just turn up. You do not need to book."
        );
    }

    #[test]
    fn a_service_without_sessions_says_to_contact_it() {
        let out: Value =
            serde_json::from_str(&service_data(&json!({"id": "y", "name": "Y"}))).unwrap();
        assert_eq!(
            out["when"][0],
            "Contact the service to find out when it runs."
        );
        assert_eq!(out["who"], "");
    }
}
