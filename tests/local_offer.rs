//! Issue 21 (the "localoffer" work): who a service is for, where and how to contact it,
//! dated sessions, the Local Offer. Each test builds or checks the sample (or a copy with
//! one file changed) as a council would.

use scraper::{Html, Selector};
use std::path::Path;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};
#[path = "support/sample.rs"]
mod sample;
use sample::{built, page, texts};

/// "Who it's for" on a service's page.
fn who(id: &str) -> String {
    let doc = page(&format!("services/{id}/index.html"));
    texts(&doc, "dl.summary > div:first-child dd").remove(0)
}

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

// --- Who it is for

#[test]
fn pages_say_who_a_service_is_for_in_words() {
    // An adults' debt service no longer claims to be "From birth to 19 years".
    assert_eq!(
        who("money-advice-debt-appointments"),
        "For adults. Marlbrook residents. Families with children are seen first."
    );
    assert_eq!(
        who("drug-and-alcohol-support-for-parents"),
        "For parents-to-be, and parents and carers of children up to 19 years. Parents, carers and pregnant women in Marlbrook."
    );
    assert_eq!(
        who("dads-together-northfield-breakfast-club"),
        "For children aged 0 to 5 and their parents and carers (dads only)"
    );
    assert_eq!(
        who("eastgate-womens-safe-space"),
        "For adults (women only). Women of any age. Children under 5 are welcome."
    );
    // A listing without `audience` reads as before.
    assert_eq!(who("canal-quarter-messy-play"), "From 18 months to 5 years");
}

#[test]
fn a_session_only_for_some_says_so_in_the_timetable() {
    let dir = sample_with("dads-together-northfield-breakfast-club", |t| {
        t.replace(
            "    frequency: weekly\n",
            "    frequency: weekly\n    only_for: [dads]\n",
        )
    });
    let out = dir.path().join("public");
    build_ok(&dir.path().join("content"), &out);
    let doc = Html::parse_document(
        &std::fs::read_to_string(
            out.join("services/dads-together-northfield-breakfast-club/index.html"),
        )
        .unwrap(),
    );
    let sessions = texts(&doc, "ul.sessions li");
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].ends_with("(dads only)"), "{sessions:?}");
}

#[test]
fn ages_can_be_left_out_only_when_the_service_is_not_for_children() {
    let dir = sample_with("canal-quarter-messy-play", |t| {
        let start = t.find("ages:\n").unwrap();
        let end = start + t[start..].find("\nlevel").unwrap();
        let mut s = t.to_string();
        s.replace_range(start..end + 1, "");
        s
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("missing required field `ages`"), "{stderr}");
    assert!(stderr.contains("canal-quarter-messy-play.md:"), "{stderr}");
}

#[test]
fn an_unknown_audience_or_group_is_refused_with_the_allowed_values() {
    let dir = sample_with("dads-together-northfield-breakfast-club", |t| {
        t.replace("only_for: [dads]", "only_for: [fathers]")
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("`fathers` is not one of the allowed values"),
        "{stderr}"
    );
    assert!(stderr.contains("dads, mums, men, women"), "{stderr}");
    assert!(stderr.contains("only_for: [dads]"), "the example: {stderr}");
}

// --- Where and contact

/// The Open Referral record of the service named `name`, from the built open data.
fn oruk_service(site: &Path, name: &str) -> serde_json::Value {
    for entry in std::fs::read_dir(site.join("api/services")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if v["name"] == name {
                return v;
            }
        }
    }
    panic!("no open data record named {name}");
}

#[test]
fn a_confidential_place_shows_its_area_and_no_address_anywhere() {
    let id = "little-oaks-childrens-domestic-abuse-group";
    let doc = page(&format!("services/{id}/index.html"));
    assert_eq!(
        texts(&doc, "#confidential-place"),
        [
            "The address is kept private to keep people safe. It is in Western Villages: you will be told where when you call."
        ]
    );
    assert!(texts(&doc, ".venue").is_empty(), "no venue is shown");
    assert!(texts(&doc, ".address").is_empty(), "no address is shown");
    // The open data has no location for it, and the card says where in short.
    let record = oruk_service(
        built(),
        "Little Oaks group for children affected by domestic abuse",
    );
    assert_eq!(
        record["service_at_locations"]
            .as_array()
            .map_or(0, Vec::len),
        0,
        "{record}"
    );
    let card = page("localities/western-villages/index.html");
    assert!(
        texts(&card, ".card")
            .iter()
            .any(|c| c.contains("Little Oaks") && c.contains("Private place")),
        "the area's page lists it as a private place"
    );
}

#[test]
fn a_confidential_place_with_a_venue_or_no_area_is_refused() {
    let dir = sample_with("little-oaks-childrens-domestic-abuse-group", |t| {
        t.replace(
            "  confidential: true\n",
            "  confidential: true\n  venues: [little-stanton-family-hub]\n",
        )
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("a confidential place cannot also list venues"),
        "{stderr}"
    );
    assert!(
        stderr.contains("little-oaks-childrens-domestic-abuse-group.md:"),
        "{stderr}"
    );

    let dir = sample_with("little-oaks-childrens-domestic-abuse-group", |t| {
        t.replace("  covers: [western-villages]\n", "")
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("a confidential place needs `covers`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("covers: [northfield-and-ashby]"),
        "the example: {stderr}"
    );
}

#[test]
fn outreach_labelled_phones_and_a_referral_form_are_shown_with_working_links() {
    let doc = page("services/street-youth-work-northfield-ashby/index.html");
    assert_eq!(
        texts(&doc, "#outreach"),
        [
            "Outreach: Youth workers in blue jackets are in Northfield Park, the Ashby Green shops and Hollins Road on Tuesday and Friday evenings."
        ]
    );
    let doc = page("services/safe-harbour-domestic-abuse-helpline/index.html");
    let links: Vec<(String, String)> = doc
        .select(&Selector::parse("ul.ways__list li").unwrap())
        .filter_map(|li| {
            let a = li.select(&Selector::parse("a").unwrap()).next()?;
            let label = texts(&Html::parse_fragment(&li.html()), ".way__verb").pop()?;
            Some((label, a.value().attr("href")?.to_string()))
        })
        .collect();
    for want in [
        ("Text (if it is not safe to talk):", "sms:+447700900450"),
        ("WhatsApp:", "https://wa.me/447700900451"),
        ("Out of hours (evenings and weekends):", "tel:+441632960451"),
    ] {
        assert!(
            links.iter().any(|(l, h)| l == want.0 && h == want.1),
            "{want:?} not in {links:?}"
        );
    }
    let doc = page("services/safe-harbour-outreach/index.html");
    let form = doc
        .select(
            &Selector::parse("ul.ways__list a[href='https://safeharbour.example/outreach/refer']")
                .unwrap(),
        )
        .count();
    assert_eq!(form, 1, "the referral form link");
}

#[test]
fn organisations_and_venues_past_their_review_date_are_in_the_stale_list_and_coverage() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let venue = dir
        .path()
        .join("content/venues/little-stanton-family-hub.md");
    let text = std::fs::read_to_string(&venue).unwrap();
    std::fs::write(
        &venue,
        text.replace("reviewed: 2026-10-05", "reviewed: 2024-03-01"),
    )
    .unwrap();
    let org = dir.path().join("content/organisations/safe-harbour.md");
    let text = std::fs::read_to_string(&org).unwrap();
    std::fs::write(
        &org,
        text.replace("reviewed: 2026-09-18", "reviewed: 2025-01-10"),
    )
    .unwrap();

    let run = bin()
        .args(["check", "--stale", "--content"])
        .arg(dir.path().join("content"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        out.contains("Venues (check each with the people who run the building)"),
        "{out}"
    );
    assert!(
        out.contains("- Little Stanton Family Hub (venue): last checked 1 March 2024"),
        "{out}"
    );
    assert!(
        out.contains("- Safe Harbour Domestic Abuse Service (the organisation's own details): last checked 10 January 2025"),
        "{out}"
    );

    let run = bin()
        .args(["report", "--content"])
        .arg(dir.path().join("content"))
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&run.stdout);
    assert!(
        md.contains("Organisations' own details: 1 of 1 with a review date are past it. Venues: 1 of 2 with a review date are past it."),
        "{md}"
    );
}

#[test]
fn a_review_date_on_a_venue_in_the_future_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let venue = dir
        .path()
        .join("content/venues/little-stanton-family-hub.md");
    let text = std::fs::read_to_string(&venue).unwrap();
    std::fs::write(
        &venue,
        text.replace("reviewed: 2026-10-05", "reviewed: 2027-10-05"),
    )
    .unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("the review date 2027-10-05 is in the future"),
        "{stderr}"
    );
    assert!(stderr.contains("little-stanton-family-hub.md:"), "{stderr}");
}

// --- Dated sessions and events

#[test]
fn dated_sessions_run_on_their_dates_only() {
    use jiff::civil::date;
    use signpost::timetable::{Off, occurs};
    let today = date(2026, 11, 24);
    let checked = signpost::check_content(
        &signpost::content::load::Source::Dir(repo().join("content")),
        today,
    )
    .unwrap();
    let site = signpost::site::Site::build(checked.content, today).unwrap();
    let c = &site.config;
    let svc = |id: &str| site.services.iter().find(|s| s.id == id).unwrap();
    let haf = svc("holiday-activities-and-food-programme");
    let (christmas, summer) = (&haf.schedule[0], &haf.schedule[2]);
    // One-off dates, one of them on a Monday after a bank holiday week.
    assert_eq!(occurs(c, christmas, date(2026, 12, 21)), Some(Ok(())));
    assert_eq!(occurs(c, christmas, date(2027, 1, 4)), Some(Ok(())));
    assert_eq!(
        occurs(c, christmas, date(2026, 12, 28)),
        Some(Err(Off::OtherWeek))
    );
    // Summer: in the holidays, inside its dates.
    assert_eq!(occurs(c, summer, date(2027, 7, 27)), Some(Ok(())));
    assert_eq!(
        occurs(c, summer, date(2027, 7, 20)),
        Some(Err(Off::OtherWeek)),
        "term time"
    );
    assert_eq!(
        occurs(c, summer, date(2027, 8, 30)),
        Some(Err(Off::OtherWeek)),
        "after it ends"
    );
    // A holiday club closed over Christmas; a bank holiday stays a bank holiday.
    let club = &svc("northfield-academy-holiday-club").schedule[0];
    assert_eq!(occurs(c, club, date(2026, 12, 24)), Some(Err(Off::Closed)));
    assert_eq!(
        occurs(c, club, date(2026, 12, 28)),
        Some(Err(Off::BankHoliday))
    );
    assert_eq!(
        occurs(c, club, date(2027, 2, 16)),
        Some(Ok(())),
        "February half term"
    );
    assert_eq!(
        occurs(c, club, date(2027, 2, 23)),
        Some(Err(Off::OtherWeek)),
        "term time"
    );
    // A course of 12 weeks: its 12th Thursday and not the 13th.
    let course = &svc("moving-forward-womens-group").schedule[0];
    assert_eq!(occurs(c, course, date(2027, 4, 1)), Some(Ok(())));
    assert_eq!(
        occurs(c, course, date(2027, 4, 8)),
        Some(Err(Off::OtherWeek))
    );
    assert_eq!(
        occurs(c, course, date(2027, 1, 7)),
        Some(Err(Off::OtherWeek))
    );
}

#[test]
fn a_paused_service_says_when_it_starts_again() {
    let doc = page("services/dads-walk-and-talk/index.html");
    assert_eq!(
        texts(&doc, "#resumes"),
        ["It starts again on 7 March 2027."]
    );
}

/// `signpost check` on the sample with one session of the holiday club replaced by `yaml`.
fn check_session(yaml: &str) -> (bool, String) {
    let dir = sample_with("northfield-academy-holiday-club", |t| {
        let start = t.find("schedule:\n").unwrap();
        let end = t.find("schedule_notes:").unwrap();
        format!("{}schedule:\n{yaml}{}", &t[..start], &t[end..])
    });
    check(dir.path())
}

#[test]
fn bad_dates_are_reported_at_their_line_with_what_to_write() {
    let (ok, err) = check_session(
        "  - days: [monday]\n    starts: \"10:00\"\n    ends: \"12:00\"\n    starts_on: 2027-08-20\n    ends_on: 2027-07-20\n",
    );
    assert!(!ok, "{err}");
    assert!(err.contains("northfield-academy-holiday-club.md:"), "{err}");
    assert!(
        err.contains("the session ends on 2027-07-20, before it starts on 2027-08-20"),
        "{err}"
    );
    assert!(err.contains("check the two dates are not swapped"), "{err}");

    let (ok, err) = check_session(
        "  - days: [monday]\n    starts: \"10:00\"\n    ends: \"12:00\"\n    weeks: 6\n",
    );
    assert!(!ok, "{err}");
    assert!(
        err.contains("a course of `weeks` needs `starts_on`, its first date"),
        "{err}"
    );
    assert!(err.contains("starts_on: 2027-01-11"), "the example: {err}");

    let (ok, err) = check_session(
        "  - days: [monday]\n    dates: [2027-02-20]\n    starts: \"10:00\"\n    ends: \"12:00\"\n",
    );
    assert!(!ok, "{err}");
    assert!(
        err.contains("takes its days from them: remove `days`"),
        "{err}"
    );

    // An event whose date has passed is a warning: the site still builds.
    let (ok, err) =
        check_session("  - dates: [2026-10-03]\n    starts: \"10:00\"\n    ends: \"12:00\"\n");
    assert!(ok, "{err}");
    assert!(
        err.contains("this session's last date, 2026-10-03, has passed (today is 2026-11-24)"),
        "{err}"
    );
}

#[test]
fn a_holidays_only_session_without_term_dates_is_a_warning_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    let start = text.find("terms:\n").unwrap();
    let end = text.find("# Regular sessions do not run").unwrap();
    std::fs::write(&site, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let run = bin()
        .args(["check", "--strict", "--content"])
        .arg(dir.path().join("content"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("northfield-academy-holiday-club.md:"), "{err}");
    assert!(err.contains("site.yaml gives no term dates"), "{err}");
    assert!(err.contains("add the school terms to site.yaml"), "{err}");
    assert!(err.contains("terms:\n"), "the example: {err}");
}

#[test]
fn the_open_data_gives_dated_schedules_and_adults_only_ages() {
    let haf = oruk_service(built(), "Holiday activities and food programme");
    let summer = haf["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["valid_from"] == "2027-07-26")
        .unwrap_or_else(|| panic!("no summer schedule in {haf}"));
    assert_eq!(summer["valid_to"], "2027-08-26");
    assert_eq!(summer["byday"], "MO,TU,WE,TH");
    assert_eq!(
        summer["description"],
        "Mondays, Tuesdays, Wednesdays and Thursdays, 10:00 to 14:00, school holidays only"
    );
    let debt = oruk_service(built(), "Debt advice appointments and home visits");
    assert_eq!(debt["minimum_age"], 18);
    assert!(debt.get("maximum_age").is_none(), "{debt}");
}

// --- The SEND Local Offer

/// Copies the sample content with one file (relative to content/) changed.
fn content_with(rel: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let file = dir.path().join("content").join(rel);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changed nothing");
    std::fs::write(&file, changed).unwrap();
    dir
}

#[test]
fn a_service_page_shows_the_send_needs_and_the_answers_under_their_questions() {
    let doc = page("services/childrens-speech-and-language-therapy/index.html");
    assert_eq!(
        texts(&doc, "#local-offer"),
        ["SEND Local Offer"],
        "one Local Offer section"
    );
    assert_eq!(
        texts(&doc, "ul.send-needs li"),
        [
            "Speech, language and communication needs",
            "Autism",
            "Hearing impairment or deafness",
            "Learning disability"
        ]
    );
    // The answers under the questions, in the Schedule 2 order whatever the file's order.
    let questions = texts(&doc, "section.local-offer h3[id^=lo-]");
    assert_eq!(
        questions,
        [
            "Who is it for and how do we get it?",
            "How are needs identified?",
            "How is support adapted to my child?",
            "How is progress reviewed with us?",
            "What training do staff have?",
            "How accessible is the place?",
            "How do we complain?"
        ]
    );
    let html = doc.html();
    assert!(
        html.contains("<h3 id=\"lo-staff-training\">What training do staff have?</h3>\n<p>All therapists are registered"),
        "the answer follows its question"
    );
    // Linked to its section's page.
    let links: Vec<String> = doc
        .select(&Selector::parse("section.local-offer p a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["/local-offer/health/"]);
    // A listing without a block has no section.
    assert!(
        texts(
            &page("services/canal-quarter-messy-play/index.html"),
            "#local-offer"
        )
        .is_empty()
    );
}

#[test]
fn a_childcare_provider_page_shows_its_local_offer_beside_its_send_text() {
    let doc = page("childcare/providers/brookside-primary-nursery/index.html");
    assert_eq!(
        texts(&doc, "ul.send-needs li"),
        ["Speech, language and communication needs", "Autism"]
    );
    assert_eq!(
        texts(&doc, "section.local-offer h3[id^=lo-]"),
        ["How is support adapted to my child?"]
    );
}

#[test]
fn an_unknown_send_need_section_or_question_is_refused_with_the_allowed_values() {
    let dir = sample_with("saturday-short-breaks-club", |t| {
        t.replace("send_needs: [autism,", "send_needs: [autistic,")
            .replace(
                "sections: [leisure-and-short-breaks]",
                "sections: [leisure]",
            )
            .replace("question: staff-training", "question: training")
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    // file:line:column for each, what is allowed, and an example.
    assert!(
        stderr.contains("saturday-short-breaks-club.md:27:"),
        "the need's line: {stderr}"
    );
    assert!(
        stderr.contains("`autistic` is not one of the SEND needs"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `autism`?"), "{stderr}");
    assert!(
        stderr.contains("To add a need, list it in site.yaml under `send_needs`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("send_needs: [autism, speech-language-communication]"),
        "the example: {stderr}"
    );
    assert!(
        stderr.contains("`leisure` is not one of the allowed values"),
        "{stderr}"
    );
    assert!(
        stderr.contains("leisure-and-short-breaks, travel"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`training` is not one of the Local Offer questions"),
        "{stderr}"
    );
    assert!(
        stderr.contains("who-and-how, identifying-needs"),
        "{stderr}"
    );
}

#[test]
fn a_site_adds_send_needs_and_questions_and_rewords_a_built_in_question() {
    let dir = content_with("site.yaml", |t| {
        t.replace(
            "send_needs:\n",
            "send_needs:\n  - id: tourette-syndrome\n    name: Tourette syndrome\n",
        )
        .replace(
            "local_offer_questions:\n",
            "local_offer_questions:\n  - id: staff-training\n    question: Are the staff trained?\n"
        )
    });
    let svc = dir
        .path()
        .join("content/services/saturday-short-breaks-club.md");
    let text = std::fs::read_to_string(&svc).unwrap();
    std::fs::write(
        &svc,
        text.replace(
            "send_needs: [autism,",
            "send_needs: [tourette-syndrome, autism,",
        ),
    )
    .unwrap();
    let out = dir.path().join("public");
    build_ok(&dir.path().join("content"), &out);
    let doc = Html::parse_document(
        &std::fs::read_to_string(out.join("services/saturday-short-breaks-club/index.html"))
            .unwrap(),
    );
    assert_eq!(texts(&doc, "ul.send-needs li")[0], "Tourette syndrome");
    let questions = texts(&doc, "section.local-offer h3[id^=lo-]");
    // Built-in questions first (one reworded), then the added one.
    assert_eq!(
        questions,
        [
            "Who is it for and how do we get it?",
            "How is support adapted to my child?",
            "Are the staff trained?",
            "How accessible is the place?",
            "How are families involved?",
            "Can it be used as a short break?"
        ]
    );
}

#[test]
fn the_local_offer_pages_list_each_section_and_how_to_comment() {
    let landing = page("local-offer/index.html");
    let sections = texts(&landing, "ul.tiles h3");
    assert_eq!(
        sections,
        [
            "Education",
            "Health",
            "Social care",
            "Preparing for adulthood",
            "Leisure and short breaks",
            "Travel",
            "Money and benefits",
            "Advice and support"
        ]
    );
    let counts = texts(&landing, "ul.tiles p.hint");
    assert_eq!(counts[5], "2 listings", "travel: {counts:?}");
    // How to comment: the FIS's contact from site.yaml, and the report form.
    let comment = texts(&landing, "#comment ~ ul li").join(" | ");
    assert!(comment.contains("fis@marlbrook.example"), "{comment}");
    assert!(comment.contains("01632 960100"), "{comment}");
    assert!(
        comment.contains("Report a problem with this listing"),
        "{comment}"
    );
    // Each SEND need links to the search filtered by it.
    let autism = landing
        .select(&Selector::parse(".send-need-links a").unwrap())
        .find(|a| a.text().collect::<String>() == "Autism")
        .unwrap();
    assert_eq!(autism.value().attr("href"), Some("/search/#send=autism"));

    // A section lists its services and childcare providers.
    let travel = page("local-offer/travel/index.html");
    assert_eq!(
        texts(&travel, "#services ~ ul.cards .card__title"),
        [
            "Home to school travel assistance",
            "Independent travel training"
        ]
    );
    let education = page("local-offer/education/index.html");
    assert!(
        texts(&education, "#childcare ~ ul.cards h3")
            .contains(&"Brookside Primary Nursery".to_string()),
        "{:?}",
        texts(&education, "#childcare ~ ul.cards h3")
    );
    // The home page and the SEND need's page link to it.
    for p in ["index.html", "needs/send-advice-and-support/index.html"] {
        assert!(
            page(p).html().contains("href=\"/local-offer/\""),
            "{p} links to the Local Offer"
        );
    }
}

#[test]
fn you_said_we_did_is_a_page_only_when_its_file_exists() {
    let doc = page("local-offer/you-said-we-did/index.html");
    assert_eq!(texts(&doc, "h1"), ["You said, we did"]);
    assert!(texts(&doc, ".prose h2").contains(&"Short breaks".to_string()));
    assert_eq!(texts(&doc, "p.hint"), ["Last updated 14 October 2026"]);
    assert!(
        page("local-offer/index.html")
            .html()
            .contains("href=\"/local-offer/you-said-we-did/\"")
    );

    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    std::fs::remove_file(dir.path().join("content/local-offer/you-said-we-did.md")).unwrap();
    let out = dir.path().join("public");
    build_ok(&dir.path().join("content"), &out);
    assert!(!out.join("local-offer/you-said-we-did").exists());
    let landing = std::fs::read_to_string(out.join("local-offer/index.html")).unwrap();
    assert!(!landing.contains("you-said-we-did"));

    // Another file in local-offer/ is refused, saying what the folder holds.
    std::fs::write(
        dir.path().join("content/local-offer/notes.md"),
        "---\ntitle: Notes\n---\nText.\n",
    )
    .unwrap();
    let (ok, stderr) = check(dir.path());
    assert!(!ok);
    assert!(
        stderr.contains("`local-offer/` holds one file, `you-said-we-did.md`"),
        "{stderr}"
    );
}

#[test]
fn the_editor_edits_you_said_we_did_but_cannot_add_files_beside_it() {
    let text = std::fs::read_to_string(built().join("admin/config.yml")).unwrap();
    let config: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let c = config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "local-offer")
        .expect("a collection for content/local-offer");
    assert_eq!(c["folder"], "content/local-offer");
    assert_eq!(c["create"], false, "a new file there would be refused");
    assert_eq!(c["identifier_field"], "title");
    let services = config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "services")
        .unwrap();
    assert_eq!(services["create"], true);
}

#[test]
fn site_settings_for_the_local_offer_are_checked() {
    // A built-in need added again, and a send_need that is not a need.
    let dir = content_with("site.yaml", |t| {
        t.replace(
            "send_needs:\n",
            "send_needs:\n  - id: autism\n    name: Autism spectrum condition\n",
        )
        .replace(
            "send_need: send-advice-and-support",
            "send_need: send-advise-and-support",
        )
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("`autism` is already built in"), "{stderr}");
    assert!(
        stderr.contains("there is no need `send-advise-and-support` in needs.yaml"),
        "{stderr}"
    );
    // An empty block says what it can hold.
    let dir = sample_with("portage-home-learning", |t| {
        let start = t.find("local_offer:\n").unwrap();
        let end = start + t[start..].find("\n---").unwrap();
        let mut s = t.to_string();
        s.replace_range(start..end + 1, "local_offer: {}\n");
        s
    });
    let (ok, stderr) = check(dir.path());
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("`local_offer` gives no SEND needs, sections or answers"),
        "{stderr}"
    );
    assert!(
        stderr.contains("send_needs: [autism, speech-language-communication]"),
        "{stderr}"
    );
}
