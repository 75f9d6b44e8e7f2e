//! "Open today" and "near me": the browser's rules (when-where.js, run in Node) agree with
//! the Rust timetable on the sample's schedules; postcodes.yaml is checked with
//! file:line:column diagnostics; the build publishes the table, the calendar and the
//! schedules the pages and the search need.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use signpost::content::diagnostics::Severity;
use signpost::content::load::Source;
use signpost::content::model::{Frequency, Session, Time};
use signpost::site::Site;
use signpost::timetable;
use std::path::Path;
use std::process::Command;

fn today() -> Date {
    date(2026, 11, 24)
}

fn sample() -> Source {
    Source::Dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
}

fn sample_site() -> Site {
    let checked = signpost::check_content(&sample(), today()).unwrap();
    assert_eq!(checked.errors(), 0);
    Site::build(checked.content, today()).unwrap()
}

/// Hub opening hours as sessions (weekly, all year), as the browser reads them.
fn hub_sessions(site: &Site, hi: usize) -> Vec<Session> {
    site.hubs[hi]
        .opening_hours
        .iter()
        .map(|h| Session {
            days: h.days.clone(),
            starts: h.opens,
            ends: h.closes,
            frequency: Frequency::Weekly,
            week: None,
            from_date: None,
            term_time_only: false,
            venue: None,
            notes: None,
            only_for: Vec::new(),
            dated: Default::default(),
        })
        .collect()
}

fn node(input: &serde_json::Value) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.json");
    std::fs::write(&file, serde_json::to_vec(input).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/whenwhere/when.cjs");
    let out = Command::new("node")
        .arg(script)
        .arg(&file)
        .output()
        .expect("node is needed for the browser rule tests");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn hhmm(t: Time) -> String {
    t.hhmm()
}

/// What the page should say at a UK date and minute, worked out from the Rust timetable:
/// the reference the browser's wording is held to.
fn expected(
    site: &Site,
    sessions: &[Session],
    day: Date,
    minute: u16,
    hub: bool,
) -> Option<String> {
    let c = &site.config;
    let mut on: Vec<&Session> = sessions
        .iter()
        .filter(|s| timetable::occurs(c, s, day) == Some(Ok(())))
        .collect();
    on.sort_by_key(|s| (s.starts, s.ends));
    if let Some(s) = on
        .iter()
        .find(|s| s.starts.0 <= minute && minute < s.ends.0)
    {
        return Some(format!("Open now until {}", hhmm(s.ends)));
    }
    let later: Vec<String> = on
        .iter()
        .filter(|s| s.starts.0 > minute)
        .map(|s| format!("{} to {}", hhmm(s.starts), hhmm(s.ends)))
        .collect();
    if !later.is_empty() {
        return Some(format!("Open today {}", later.join(" and ")));
    }
    let next = sessions
        .iter()
        .filter_map(|s| {
            let d = timetable::next_run(c, s, day.checked_add(1.days()).ok()?)?;
            // next_run looks 200 days from the day after; the browser from today.
            ((d - day).get_days() < 200).then_some((d, s.starts))
        })
        .min()?;
    let off = sessions
        .iter()
        .filter_map(|s| timetable::occurs(c, s, day))
        .filter_map(Result::err)
        // Only holidays are given as the reason (a closure or other week is not).
        .rfind(|o| {
            matches!(
                o,
                timetable::Off::BankHoliday | timetable::Off::SchoolHoliday
            )
        });
    let why = match (off, on.is_empty(), hub) {
        (Some(o), true, _) => format!(
            "{} ({}). ",
            if hub { "Closed today" } else { "Not on today" },
            if o == timetable::Off::BankHoliday {
                "bank holiday"
            } else {
                "school holiday"
            }
        ),
        (_, _, true) => "Closed now. ".into(),
        _ => String::new(),
    };
    let days = (next.0 - day).get_days();
    let when = if days < 7 {
        format!("{} {}", timetable::weekday_name(next.0), hhmm(next.1))
    } else {
        format!(
            "{} {}, {}",
            timetable::weekday_name(next.0),
            signpost::render::text::date(next.0)
                .rsplit_once(' ')
                .map(|(dm, _)| dm.to_string())
                .unwrap_or_default(),
            hhmm(next.1)
        )
    };
    Some(format!(
        "{why}{}{when}",
        if hub { "Opens " } else { "Next session " }
    ))
}

#[test]
fn the_browser_expands_schedules_as_the_timetable_does() {
    let site = sample_site();
    let c = &site.config;
    let mut schedules: Vec<Vec<Session>> =
        site.services.iter().map(|s| s.schedule.clone()).collect();
    schedules.extend((0..site.hubs.len()).map(|hi| hub_sessions(&site, hi)));
    let data: serde_json::Value =
        serde_json::from_str(&signpost::whenwhere::page_data(&site)).unwrap();
    let from = date(2026, 8, 24);
    let days = 400;
    // UK wall-clock times, and the instants the browser is given: GMT in winter, BST (UTC+1)
    // in summer, so the browser must convert. Days picked for what they test.
    let moments: Vec<(Date, u16, String)> = [
        (date(2026, 11, 24), 10 * 60 + 15, "2026-11-24T10:15:00Z"), // term-time Tuesday
        (date(2026, 11, 26), 8 * 60, "2026-11-26T08:00:00Z"),       // Thursday morning
        (date(2026, 10, 27), 9 * 60 + 45, "2026-10-27T09:45:00Z"),  // half term
        (date(2026, 12, 25), 10 * 60, "2026-12-25T10:00:00Z"),      // bank holiday
        (date(2026, 12, 28), 12 * 60, "2026-12-28T12:00:00Z"),      // bank holiday Monday
        (date(2027, 2, 15), 13 * 60 + 30, "2027-02-15T13:30:00Z"),  // February half term
        (date(2026, 9, 8), 9 * 60 + 30, "2026-09-08T08:30:00Z"),    // BST: 09:30 in the UK
        (date(2026, 9, 10), 23 * 60 + 30, "2026-09-10T22:30:00Z"),  // late evening, BST
        (date(2026, 11, 29), 11 * 60, "2026-11-29T11:00:00Z"),      // Sunday
    ]
    .into_iter()
    .map(|(d, m, at)| (d, m, at.to_string()))
    .collect();
    let n_services = site.services.len();
    let mut instants = Vec::new();
    for (k, _) in schedules.iter().enumerate() {
        for (_, _, at) in &moments {
            instants.push(serde_json::json!({"at": at, "schedule": k, "hub": k >= n_services}));
        }
    }
    let input = serde_json::json!({
        "calendar": data,
        "messages": signpost::render::messages::Messages::built_in("en").unwrap().for_scripts(),
        "schedules": schedules.iter().map(|s| signpost::whenwhere::encode_sessions(s)).collect::<Vec<_>>(),
        "from": from.to_string(),
        "days": days,
        "instants": instants,
    });
    let browser = node(&input);

    let mut differences = Vec::new();
    let mut checked = 0;
    for (k, sessions) in schedules.iter().enumerate() {
        for (j, s) in sessions.iter().enumerate() {
            let codes: Vec<char> = browser["occurs"][k][j].as_str().unwrap().chars().collect();
            assert_eq!(codes.len(), days);
            for (i, &code) in codes.iter().enumerate() {
                let d = from.checked_add((i as i64).days()).unwrap();
                let rust = match timetable::occurs(c, s, d) {
                    None => '-',
                    Some(Ok(())) => 'y',
                    Some(Err(timetable::Off::BankHoliday)) => 'b',
                    Some(Err(timetable::Off::SchoolHoliday)) => 's',
                    Some(Err(timetable::Off::OtherWeek)) => 'w',
                    Some(Err(timetable::Off::Closed)) => 'c',
                };
                checked += 1;
                if code != rust {
                    differences.push(format!(
                        "schedule {k} session {j} on {d}: rust {rust}, browser {code}"
                    ));
                }
            }
            for (w, got) in browser["next"][k][j].as_array().unwrap().iter().enumerate() {
                let d = from.checked_add((w as i64 * 7).days()).unwrap();
                let rust = timetable::next_run(c, s, d).map(|x| x.to_string());
                if got.as_str().map(str::to_string) != rust {
                    differences.push(format!(
                        "schedule {k} session {j}: next from {d}: rust {rust:?}, browser {got}"
                    ));
                }
            }
        }
    }
    let statuses = browser["status"].as_array().unwrap();
    let mut said = std::collections::BTreeSet::new();
    for (k, sessions) in schedules.iter().enumerate() {
        for (m, (day, minute, at)) in moments.iter().enumerate() {
            let want = expected(&site, sessions, *day, *minute, k >= n_services);
            let got = statuses[k * moments.len() + m].as_str().map(str::to_string);
            if let Some(w) = &want {
                said.insert(w.split(' ').take(2).collect::<Vec<_>>().join(" "));
            }
            if got != want {
                differences.push(format!(
                    "schedule {k} at {at}: expected {want:?}, browser {got:?}"
                ));
            }
        }
    }
    assert!(checked > 50_000, "compared {checked} session days");
    assert!(
        differences.is_empty(),
        "{} differences, first:\n{}",
        differences.len(),
        differences[..differences.len().min(15)].join("\n")
    );
    // The moments cover every kind of line.
    for kind in [
        "Open now",
        "Open today",
        "Next session",
        "Not on",
        "Closed today",
        "Closed now.",
    ] {
        assert!(
            said.iter().any(|s| s.starts_with(kind)),
            "no {kind:?} among {said:?}"
        );
    }
}

#[test]
fn the_sample_postcode_table_matches_the_venues() {
    let site = sample_site();
    assert!(site.postcodes.len() >= 7, "districts and sectors");
    for v in &site.venues {
        let (district, inward) = v.postcode.split_once(' ').unwrap();
        let sector = format!("{district} {}", &inward[..1]);
        let area = site
            .postcodes
            .iter()
            .find(|p| p.code == sector)
            .or_else(|| site.postcodes.iter().find(|p| p.code == district))
            .unwrap_or_else(|| panic!("{}: {} is not in postcodes.yaml", v.id, v.postcode));
        // Within a mile: a typed postcode lands near the places that have it.
        let dy = (v.latitude - area.latitude) * 69.0;
        let dx = (v.longitude - area.longitude) * 69.0 * v.latitude.to_radians().cos();
        assert!(
            (dx * dx + dy * dy).sqrt() < 1.0,
            "{} ({}) is far from the centre of {}",
            v.id,
            v.postcode,
            area.code
        );
    }
}

fn content_with_postcodes(yaml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    signpost::synth::generate(&content, 30, 7).unwrap();
    std::fs::write(content.join("postcodes.yaml"), yaml).unwrap();
    tmp
}

#[test]
fn bad_postcode_rows_are_reported_at_their_line_and_column_with_a_fix() {
    let tmp = content_with_postcodes(
        "postcodes:\n  - {code: SY1, latitude: 52.5, longitude: -1.0}\n  - {code: SY1 4QT, latitude: 52.5, longitude: -1.0}\n  - {code: SY2, latitude: -1.0, longitude: 52.5}\n  - {code: sy1, latitude: 52.4, longitude: -1.1}\n  - {code: SY3 Z, latitude: 52.4, longitude: -1.1}\n  - {code: SY4, latitude: 52.4}\n  - {code: SY5, lat: 52.4, longitude: -1.1}\n",
    );
    let checked =
        signpost::check_content(&Source::Dir(tmp.path().join("content")), today()).unwrap();
    let mine: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.file == "postcodes.yaml")
        .collect();
    let at = |line: usize| {
        mine.iter()
            .find(|d| d.line == line)
            .unwrap_or_else(|| panic!("nothing reported on line {line}: {mine:#?}"))
    };
    let full = at(3);
    assert_eq!(full.column, 12, "at the code's value");
    assert!(
        full.message.contains("full postcode") && full.message.contains("`SY1 4`"),
        "{}",
        full.message
    );
    assert!(full.help.as_deref().unwrap().contains("district"));
    let swapped = at(4);
    assert!(
        swapped.message.contains("outside the UK"),
        "{}",
        swapped.message
    );
    assert_eq!(swapped.column, 27, "at the latitude");
    let dup = at(5);
    assert!(
        dup.message.contains("`SY1` is listed twice") && dup.message.contains("entry 1"),
        "{}",
        dup.message
    );
    assert!(dup.help.as_deref().unwrap().contains("delete"));
    assert!(at(6).message.contains("not a postcode district"));
    assert!(at(7).message.contains("missing required field `longitude`"));
    let unknown = at(8);
    assert!(unknown.message.contains("unknown field `lat`"));
    assert!(unknown.help.as_deref().unwrap().contains("latitude"));
    assert!(mine.iter().all(|d| d.severity == Severity::Error));
    assert!(checked.errors() >= 6);

    // Run through the command line, the same problems come out as file:line:column.
    let out = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .args(["check", "--content", "content", "--format", "github"])
        .current_dir(tmp.path())
        .env("SIGNPOST_TODAY", today().to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("file=content/postcodes.yaml,line=3,col=12"),
        "{stderr}"
    );
}

#[test]
fn a_venue_outside_the_table_is_a_warning_naming_the_district() {
    // The synthetic venues are in SY1..; a table without SY1 leaves them unfindable.
    let tmp =
        content_with_postcodes("postcodes:\n  - {code: SY9, latitude: 52.5, longitude: -1.0}\n");
    let checked =
        signpost::check_content(&Source::Dir(tmp.path().join("content")), today()).unwrap();
    let w = checked
        .diagnostics
        .iter()
        .find(|d| d.message.contains("is not in postcodes.yaml"))
        .expect("a warning for a venue outside the table");
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.file.starts_with("venues/"));
    assert!(w.help.as_deref().unwrap().contains("add SY"));
    assert_eq!(checked.errors(), 0, "a warning, not an error");
}

#[test]
fn the_build_publishes_the_table_the_calendar_and_the_schedules() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let checked = signpost::check_content(&sample(), today()).unwrap();
    assert!(signpost::build(checked, &sample(), &out, today(), false).is_ok());
    let service =
        std::fs::read_to_string(out.join("services/central-stay-and-play/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&service);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let data = doc
        .select(&sel("script#when-where-data"))
        .next()
        .expect("the data block");
    let data: serde_json::Value = serde_json::from_str(&data.inner_html()).unwrap();
    assert_eq!(data["holidays"][1], "2026-12-25");
    assert_eq!(data["terms"][2][0], "2026-11-02");
    let url = data["postcodes"].as_str().unwrap();
    assert!(url.starts_with("/assets/postcodes.") && url.ends_with(".json"));
    let table: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(url.trim_start_matches('/'))).unwrap())
            .unwrap();
    assert_eq!(table["MB2 5"], serde_json::json!([53.0871, -1.4144]));
    assert!(table["MB7"].is_array());
    let line = doc
        .select(&sel(".when-now[data-when]"))
        .next()
        .expect("a place for the open today line");
    assert!(
        line.value().attr("hidden").is_some(),
        "empty until the script fills it"
    );
    assert_eq!(
        line.value().attr("data-when"),
        Some("1 0930-1100 t,4 1330-1500 t")
    );
    let script = doc
        .select(&sel("script[src^='/assets/when-where.']"))
        .next()
        .expect("the script");
    assert_eq!(script.value().attr("defer"), Some(""));

    let hubs = std::fs::read_to_string(out.join("hubs/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&hubs);
    assert_eq!(doc.select(&sel(".card[data-lat][data-lon]")).count(), 12);
    assert_eq!(
        doc.select(&sel(".card .when-now[data-kind=hub]")).count(),
        12
    );
    assert!(
        doc.select(&sel("[data-nearby=hubs][hidden]"))
            .next()
            .is_some()
    );

    // Search rows carry the sessions; the when and where files are beside them.
    let manifest = gunzip(&out.join("search/manifest.gz"));
    let manifest: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    let dir = out.join("search").join(manifest["dir"].as_str().unwrap());
    let rows: serde_json::Value = serde_json::from_slice(&gunzip(&dir.join("d/0.gz"))).unwrap();
    let site = sample_site();
    for (i, row) in rows.as_array().unwrap().iter().enumerate() {
        // Childcare providers come after the services, with no sessions.
        let Some(s) = site.services.get(i) else {
            assert!(row[0].as_str().unwrap().starts_with("childcare/"), "{row}");
            assert_eq!(row[9], "");
            continue;
        };
        let want = if s.paused {
            String::new()
        } else {
            signpost::whenwhere::encode_sessions(&s.schedule)
        };
        assert_eq!(row[9], serde_json::json!(want), "{}", s.id);
    }
    let when = String::from_utf8(gunzip(&dir.join("when.gz"))).unwrap();
    let docs = site.services.len() + site.childcare.len();
    assert_eq!(when.lines().count(), docs);
    let wher: serde_json::Value = serde_json::from_slice(&gunzip(&dir.join("where.gz"))).unwrap();
    // Each provider with a place (a withheld home: its district's centre) adds one point.
    let placed = site
        .childcare
        .iter()
        .filter(|p| p.public_place(&site.postcodes).point.is_some())
        .count();
    assert!(placed > 0);
    assert_eq!(
        wher[0].as_array().unwrap().len(),
        (site.venues.len() + placed) * 2
    );
    assert_eq!(wher[1].as_array().unwrap().len(), docs);
}

fn gunzip(p: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(p).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn the_synthetic_generator_writes_a_table_its_venues_are_in() {
    let tmp = tempfile::tempdir().unwrap();
    signpost::synth::generate(tmp.path(), 200, 3).unwrap();
    let checked = signpost::check_content(&Source::Dir(tmp.path().to_path_buf()), today()).unwrap();
    assert!(!checked.content.postcodes.is_empty());
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.message.contains("postcodes.yaml")),
        "every synthetic venue's district is in the table"
    );
}
