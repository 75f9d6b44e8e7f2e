//! Issue 21 (the "holidays" work): Holiday Activities and Food (HAF) details on service
//! pages, the "What's on in the holidays" page and "Add to calendar". Each test builds or
//! checks the sample (or a copy with one file changed) as a council would.

use scraper::{Html, Selector};
use std::path::Path;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};
#[path = "support/sample.rs"]
mod sample;
use sample::{built, page, texts};

/// Copies the sample content with one service's text changed; returns the folder.
fn sample_with(id: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let file = dir.path().join("content/services").join(format!("{id}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changed nothing");
    std::fs::write(&file, changed).unwrap();
    dir
}

/// `signpost check` on a folder: whether it passed, and what it printed.
fn check(dir: &Path) -> (bool, String) {
    let run = bin()
        .args(["check", "--content"])
        .arg(dir.join("content"))
        .output()
        .unwrap();
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

const HAF: &str = "holiday-activities-and-food-programme";

// --- Holiday Activities and Food

#[test]
fn a_haf_club_page_says_who_gets_a_free_place_how_to_book_and_how_many_places() {
    let doc = page(&format!("services/{HAF}/index.html"));
    let haf = texts(&doc, "#haf").join(" ");
    assert!(haf.contains("Free holiday club places (HAF)"), "{haf}");
    for who in [
        "Children who get benefits-related free school meals",
        "Children in care",
        "Children who have a social worker",
        "Young carers",
        "Children in reception to year 11 who live or go to school in Marlbrook",
    ] {
        assert!(haf.contains(who), "{who} missing from {haf}");
    }
    assert!(
        haf.contains("Use the booking code on the HAF letter from your child's school"),
        "{haf}"
    );
    assert!(haf.contains("180 places each day"), "{haf}");
    let book: Vec<_> = doc
        .select(&Selector::parse("#haf a").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        book,
        ["https://familyhubs.marlbrook.example/holiday-activities/book"]
    );
    // A service outside the programme has no HAF box.
    let other = page("services/westwood-library-rhyme-time/index.html");
    assert!(texts(&other, "#haf").is_empty());
}

#[test]
fn an_unknown_haf_eligibility_is_reported_at_its_line_with_the_allowed_values() {
    let dir = sample_with(HAF, |t| {
        t.replace(
            "eligibility: [free-school-meals, looked-after",
            "eligibility: [free-school-meal, looked-after",
        )
    });
    let (ok, err) = check(dir.path());
    assert!(!ok, "{err}");
    // file:line:column of the bad value itself.
    let text = std::fs::read_to_string(
        dir.path()
            .join("content/services")
            .join(format!("{HAF}.md")),
    )
    .unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("free-school-meal,"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("{HAF}.md:{line}:")),
        "no file:line for line {line}: {err}"
    );
    assert!(err.contains("free-school-meal"), "{err}");
    assert!(
        err.contains("free-school-meals"),
        "the allowed values: {err}"
    );
    assert!(err.contains("social-worker"), "the allowed values: {err}");
    assert!(
        err.contains("eligibility: [free-school-meals]"),
        "the example: {err}"
    );
}

#[test]
fn haf_places_must_be_a_whole_number_and_an_empty_haf_group_says_what_to_write() {
    let dir = sample_with(HAF, |t| t.replace("places: 180", "places: 12.5"));
    let (ok, err) = check(dir.path());
    assert!(!ok, "{err}");
    assert!(err.contains("12.5 is not a number of places"), "{err}");
    assert!(err.contains("write a whole number of places"), "{err}");

    let dir = sample_with("northfield-academy-holiday-club", |t| {
        let start = t.find("haf:\n").unwrap();
        let end = t.find("cost:\n").unwrap();
        format!("{}haf: {{}}\n{}", &t[..start], &t[end..])
    });
    let (ok, err) = check(dir.path());
    assert!(!ok, "{err}");
    assert!(err.contains("`haf` is empty"), "{err}");
    assert!(err.contains("booking_code:"), "the example: {err}");
}

// --- What's on in the holidays

/// The dates (YYYY-MM-DD) under "By date" on a built holidays page.
fn dates_on(doc: &Html) -> Vec<String> {
    doc.select(&Selector::parse("section.holiday-day").unwrap())
        .filter_map(|e| e.value().attr("data-date").map(str::to_string))
        .collect()
}

#[test]
fn the_holidays_page_lists_the_next_holidays_sessions_and_events_by_date_and_by_area() {
    // Built on 24 November 2026: the Christmas holidays are next (19 December to 4 January).
    let doc = page("holidays/index.html");
    let lead = texts(&doc, "p.lead").join(" ");
    assert_eq!(
        lead,
        "The next school holidays are from Saturday 19 December 2026 to Monday 4 January 2027."
    );
    // HAF's four Christmas days, the swim's holiday Tuesday (its 29 December is a closure),
    // the library's one-off event; the holiday club is closed all Christmas.
    assert_eq!(
        dates_on(&doc),
        [
            "2026-12-21",
            "2026-12-22",
            "2026-12-23",
            "2026-12-30",
            "2027-01-04"
        ]
    );
    let tuesday = texts(&doc, "#d-2026-12-22 + ul li");
    assert_eq!(
        tuesday,
        [
            "10:00 to 14:00: Holiday activities and food programme, at Northfield Academy (Northfield and Ashby) Free places (HAF) Free",
            "11:00 to 12:00: Inclusive family swim, at Marlbrook Leisure Centre (Marlbrook Town). Holiday session",
        ]
    );
    let all = texts(&doc, "main").join(" ");
    assert!(
        !all.contains("Northfield Academy holiday club"),
        "closed at Christmas: {all}"
    );
    assert!(
        !all.contains("Rhyme Time at Riverside Library"),
        "weekly groups are not listed"
    );
    // By area: each area with its sessions.
    let areas = texts(&doc, "section.holiday-area h3");
    assert_eq!(
        areas,
        ["Marlbrook Town", "Northfield and Ashby", "Western Villages"]
    );
    let west = texts(&doc, "#area-western-villages + ul li");
    assert_eq!(
        west,
        [
            "Wednesday 30 December 2026, 10:30 to 11:30: Rhyme Time at Westwood Library, at Westwood Library"
        ]
    );
    // The home page links to it; the page loads its own small script.
    let home = page("index.html");
    let links: Vec<_> = home
        .select(&Selector::parse("main a").unwrap())
        .filter(|a| a.value().attr("href") == Some("/holidays/"))
        .map(|a| a.text().collect::<String>())
        .collect();
    assert_eq!(links, ["What's on in the school holidays"]);
    let raw = std::fs::read_to_string(built().join("holidays/index.html")).unwrap();
    assert!(raw.contains("/assets/holidays."), "the page's script");
    let service =
        std::fs::read_to_string(built().join(format!("services/{HAF}/index.html"))).unwrap();
    assert!(
        !service.contains("/assets/holidays."),
        "only on its own page"
    );
}

#[test]
fn dates_that_have_passed_are_left_out_when_the_page_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = bin()
        .env("SIGNPOST_TODAY", "2026-12-22")
        .args(["build", "--content"])
        .arg(repo().join("content"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let doc =
        Html::parse_document(&std::fs::read_to_string(out.join("holidays/index.html")).unwrap());
    assert_eq!(
        texts(&doc, "p.lead"),
        ["The school holidays are on now: Saturday 19 December 2026 to Monday 4 January 2027."]
    );
    assert_eq!(
        dates_on(&doc),
        ["2026-12-22", "2026-12-23", "2026-12-30", "2027-01-04"]
    );
    let by_area = texts(&doc, "section.holiday-area li").join(" ");
    assert!(!by_area.contains("21 December"), "{by_area}");
}

#[test]
fn without_term_dates_there_is_no_holidays_page_and_no_link_to_one() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    let start = text.find("terms:\n").unwrap();
    let end = text.find("# Regular sessions do not run").unwrap();
    std::fs::write(&site, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let out = dir.path().join("public");
    build_ok(&dir.path().join("content"), &out);
    assert!(!out.join("holidays/index.html").exists());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        !home.contains("/holidays/"),
        "no link to a page that is not there"
    );
    assert!(out.join("index.html").exists());
}

// --- Add to calendar

/// The sample as the program sees it, for the timetable's answers.
fn sample_site() -> signpost::site::Site {
    let today = jiff::civil::date(2026, 11, 24);
    let checked = signpost::check_content(
        &signpost::content::load::Source::Dir(repo().join("content")),
        today,
    )
    .unwrap();
    signpost::site::Site::build(checked.content, today).unwrap()
}

/// A local date-time as the calendar writes it: YYYYMMDDTHHMMSS.
fn stamp(d: jiff::civil::Date, minutes: u16) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}00",
        d.year(),
        d.month(),
        d.day(),
        minutes / 60,
        minutes % 60
    )
}

/// Every (start, end) of a calendar file's events between the two dates, read with the ical
/// crate and expanded with the rrule crate: neither is the code that wrote the file.
fn calendar_occurrences(text: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let mut cals = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = cals.next().expect("a calendar").expect("it parses");
    assert!(cals.next().is_none(), "one calendar a file");
    assert!(!cal.events.is_empty(), "at least one event");
    let mut out = Vec::new();
    for ev in &cal.events {
        let prop = |name: &str| {
            ev.properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
        };
        for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
            assert!(prop(required).is_some(), "{required} missing in {ev:?}");
        }
        let start = prop("DTSTART").unwrap();
        let end = prop("DTEND").unwrap();
        let (end_time, start_time) = (&end[9..], &start[9..]);
        let mut rules = format!("DTSTART:{start}");
        for name in ["RRULE", "RDATE", "EXDATE"] {
            if let Some(v) = prop(name) {
                rules.push_str(&format!("\n{name}:{v}"));
            }
        }
        let mut dates = vec![start.clone()];
        if prop("RRULE").is_some() || prop("RDATE").is_some() {
            let set: rrule::RRuleSet = rules.parse().unwrap_or_else(|e| panic!("{rules}: {e}"));
            // Every rule gives at most a few dates a day: the first 2,000 cover 400 days.
            for d in set.all(2000).dates {
                dates.push(d.format("%Y%m%dT%H%M%S").to_string());
            }
        }
        dates.sort();
        dates.dedup();
        for d in dates {
            if d.as_str() >= from && d.as_str() <= to {
                assert_eq!(&d[9..], start_time, "every date at the session's time");
                out.push((d.clone(), format!("{}T{end_time}", &d[..8])));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_calendar_file_parses_and_gives_the_timetables_dates_over_400_days() {
    let site = sample_site();
    let today = site.today;
    let last = today.checked_add(jiff::Span::new().days(399)).unwrap();
    let (from, to) = (stamp(today, 0), stamp(last, 24 * 60 - 1));
    let mut files = 0;
    let mut dates = 0;
    for s in &site.services {
        // The timetable's answer for every session, date by date.
        let mut expected = Vec::new();
        if !s.paused {
            for sess in &s.schedule {
                let mut d = today;
                while d <= last {
                    if signpost::timetable::occurs(&site.config, sess, d) == Some(Ok(())) {
                        expected.push((stamp(d, sess.starts.0), stamp(d, sess.ends.0)));
                    }
                    d = d.checked_add(jiff::Span::new().days(1)).unwrap();
                }
            }
        }
        expected.sort();
        let file = built().join(format!("services/{}/calendar.ics", s.id));
        let page =
            std::fs::read_to_string(built().join(format!("services/{}/index.html", s.id))).unwrap();
        if expected.is_empty() {
            assert!(!file.exists(), "{}: a calendar with no dates to come", s.id);
            assert!(
                !page.contains("calendar.ics"),
                "{}: a link to no calendar",
                s.id
            );
            continue;
        }
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: no calendar file: {e}", s.id));
        assert!(
            page.contains(&format!("/services/{}/calendar.ics", s.id)),
            "{}: no Add to calendar link",
            s.id
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{}", s.id);
        assert!(
            text.lines().all(|l| l.len() <= 75),
            "{}: lines folded at 75",
            s.id
        );
        let got = calendar_occurrences(&text, &from, &to);
        assert_eq!(got, expected, "{}: calendar and timetable differ", s.id);
        files += 1;
        dates += got.len();
    }
    eprintln!("{files} calendar files agree with the timetable on {dates} dates");
    // The sample's weekly groups, courses, holiday clubs and one-off events.
    assert!(files >= 80, "{files} calendar files");
    assert!(dates > 2000, "{dates} dates compared");
}

#[test]
fn the_calendar_uses_rules_for_patterns_and_lists_holiday_dates_with_stable_ids() {
    let text = std::fs::read_to_string(
        built().join("services/northfield-academy-holiday-club/calendar.ics"),
    )
    .unwrap();
    let unfolded = text.replace("\r\n ", "");
    // Holidays only: listed date by date, the Christmas closure left out.
    // Closed all Christmas (closures and bank holidays): February half term is first.
    assert!(unfolded.contains("DTSTART:20270215T080000"), "{unfolded}");
    assert!(unfolded.contains("RDATE:"), "{unfolded}");
    assert!(
        !unfolded.contains("20261222T080000"),
        "closed at Christmas: {unfolded}"
    );
    assert!(!unfolded.contains("RRULE"), "{unfolded}");
    assert!(
        unfolded.contains("UID:northfield-academy-holiday-club-1@"),
        "{unfolded}"
    );

    // A course of 12 weeks: a weekly rule until its last day.
    let course =
        std::fs::read_to_string(built().join("services/moving-forward-womens-group/calendar.ics"))
            .unwrap()
            .replace("\r\n ", "");
    assert!(
        course.contains("RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TH;UNTIL=20270407T235959"),
        "{course}"
    );
    assert!(course.contains("DTSTART:20270114T100000"), "{course}");

    // A term-time weekly group: school holidays and bank holidays are EXDATEs, and the rule
    // ends with the last term given.
    let group =
        std::fs::read_to_string(built().join("services/central-stay-and-play/calendar.ics"))
            .unwrap()
            .replace("\r\n ", "");
    assert!(group.contains("UNTIL=20270721T235959"), "{group}");
    assert!(
        group.contains("20261221T"),
        "Christmas holidays left out: {group}"
    );
    // The same file when built again: nothing in it changes with the build.
    let dir = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), &dir.path().join("public"));
    let again = std::fs::read_to_string(
        dir.path()
            .join("public/services/central-stay-and-play/calendar.ics"),
    )
    .unwrap()
    .replace("\r\n ", "");
    assert_eq!(again, group);
}
