//! Rules a volunteer meets when writing one listing, checked through the library.

use signpost::content::diagnostics::{Diagnostic, Severity};
use signpost::content::load::{RawFile, load};
use signpost::content::model::Cost;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 24)
}

/// Loads one service file (with the given fields) and returns its problems and the service.
fn service(fields: &str) -> (Vec<Diagnostic>, Option<signpost::content::model::Service>) {
    let text = format!(
        "---\nname: Test\norganisation: org\nsummary: A test.\nneeds: [a-need]\nages:\n  from: 0\n  to: 5\nhow_to_access: Turn up.\nwhere:\n  venues: [hall]\ncontact:\n  phone: 01632 960101\nreviewed: 2026-01-01\n{fields}---\nBody.\n"
    );
    let files = vec![RawFile {
        rel: "services/test.md".into(),
        bytes: text.into_bytes(),
        problem: None,
    }];
    let mut loaded = load(files, today());
    let errors = loaded
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    (errors, loaded.content.services.pop().map(|s| *s))
}

#[test]
fn quoted_levels_and_bare_costs_mean_what_people_expect() {
    let (errs, s) = service("level: \"2\"\naccess: [drop-in]\ncost: 3.50\n");
    assert!(errs.is_empty(), "{errs:?}");
    let s = s.unwrap();
    assert_eq!(s.level, 2);
    assert!(matches!(s.cost, Cost::Paid { amount: Some(a), .. } if (a - 3.5).abs() < 1e-9));
    let (errs, s) = service("level: 1\naccess: [drop-in]\ncost: 0\n");
    assert!(errs.is_empty(), "{errs:?}");
    assert!(s.unwrap().cost.is_free());
}

#[test]
fn an_empty_access_list_is_an_error() {
    let (errs, _) = service("level: 1\naccess: []\ncost: free\n");
    assert!(
        errs.iter()
            .any(|d| d.field == "access" && d.message.contains("at least one")),
        "{errs:?}"
    );
}

#[test]
fn a_fortnightly_date_may_fall_on_any_of_its_days() {
    // 2026-09-10 is a Thursday.
    let sched = "schedule:\n  - days: [tuesday, thursday]\n    starts: \"10:00\"\n    ends: \"11:00\"\n    frequency: fortnightly\n    from_date: 2026-09-10\n";
    let (errs, _) = service(&format!("level: 1\naccess: [drop-in]\ncost: free\n{sched}"));
    assert!(errs.is_empty(), "{errs:?}");
    let wrong = sched.replace("2026-09-10", "2026-09-11");
    let (errs, _) = service(&format!("level: 1\naccess: [drop-in]\ncost: free\n{wrong}"));
    let e = errs
        .iter()
        .find(|d| d.field.ends_with("from_date"))
        .expect("a Friday date is refused");
    assert!(
        e.message.contains("Friday") && e.message.contains("Tuesday and Thursday"),
        "{}",
        e.message
    );
    assert_eq!(e.line, 23, "points at the from_date line");
}

#[test]
fn readme_files_in_any_folder_are_ignored() {
    let files = vec![RawFile {
        rel: "services/README.md".into(),
        bytes: b"How to add a service".to_vec(),
        problem: None,
    }];
    assert!(load(files, today()).diagnostics.is_empty());
}

#[test]
fn an_imported_id_must_be_a_uuid() {
    let base = "level: 1\naccess: [drop-in]\ncost: free\n";
    let (errs, s) = service(&format!(
        "{base}oruk_id: AC148810-D857-441C-9679-408F346DE14B\n"
    ));
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(
        s.unwrap().oruk_id.as_deref(),
        Some("ac148810-d857-441c-9679-408f346de14b")
    );
    let (errs, _) = service(&format!("{base}oruk_id: service-17\n"));
    assert!(
        errs.iter().any(|d| d
            .message
            .contains("`service-17` is not an Open Referral id")),
        "{errs:?}"
    );
}

/// A need's `helplines` are read like site.yaml's `emergency`: a phone must be a UK number,
/// and a number to text is digits only (what to send goes in the description).
#[test]
fn a_need_s_helplines_are_checked_like_emergency_contacts() {
    let needs = |helplines: &str| {
        let text = format!(
            "categories:\n  - id: c\n    label: C\n    needs:\n      - id: n\n        label: N\n        helplines:\n{helplines}"
        );
        let files = vec![RawFile {
            rel: "needs.yaml".into(),
            bytes: text.into_bytes(),
            problem: None,
        }];
        let loaded = load(files, today());
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        (errors, loaded.content.needs)
    };
    let (errors, found) = needs(
        "          - name: Samaritans\n            phone: 116 123\n          - name: Shout\n            text: \"85258\"\n            description: Text SHOUT to 85258.\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let lines = &found[0].helplines;
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].text.as_deref(), Some("85258"));
    let (errors, _) = needs(
        "          - name: Shout\n            text: SHOUT to 85258\n          - name: Abroad\n            phone: +33 1 23 45 67 89\n",
    );
    assert!(
        errors.iter().any(|e| e.contains("is not a number to text")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("only UK numbers")),
        "{errors:?}"
    );
}
