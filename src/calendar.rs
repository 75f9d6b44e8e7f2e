//! holidays (issue 21 item 2): "Add to calendar". Each active service with sessions gets
//! an RFC 5545 file, `services/<id>/calendar.ics`, made at build time: one event per
//! session, with the same dates as the timetable ([`crate::timetable::occurs`]), so the
//! service page, "Open today", the hub timetables and the calendar agree.
//!
//! Times are floating local times (RFC 5545 3.3.5, form 1): a session at 10:00 is at 10:00
//! on the venue's clock, in winter and in summer, with no time zone to get wrong. The
//! directory is for one council area in the UK, whose families' calendars are on UK time,
//! and a floating time needs no VTIMEZONE block (which would have to carry the UK's
//! clock-change rules, and which the icalendar crate cannot write without adding an event's
//! UID and DTSTAMP to it).
//!
//! A weekly, fortnightly or nth-weekday session is an RRULE (UNTIL its last date, or a
//! term-time session's last term date), with an EXDATE for each date the timetable leaves
//! out (bank holidays, school holidays, closures) up to [`HORIZON_DAYS`] days ahead or the
//! last term or bank holiday given, whichever is later. One-off dates and holiday-only
//! sessions are listed date by date: DTSTART and RDATE. Dates before the build are left
//! out. UIDs are the service's id and the session's place in its schedule, so a calendar
//! that subscribed to a file updates the same events when it is rebuilt.

use crate::content::model::{Day, Frequency, Service, Session, SiteConfig};
use crate::site::Site;
use crate::timetable::{day_of, monday_of, occurs};
use icalendar::{Calendar, Component, Event, EventLike, Property};
use jiff::ToSpan;
use jiff::civil::Date;

/// How far ahead a calendar's dates are worked out where they must be listed one by one.
pub const HORIZON_DAYS: i64 = 400;

/// One session as calendar data: its first date and the rule, dates added and dates left
/// out that give the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub start: Date,
    /// The RRULE value, if the session repeats by rule.
    pub rule: Option<String>,
    pub exdates: Vec<Date>,
    pub rdates: Vec<Date>,
}

fn add(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

/// The session's days as RFC 5545 weekdays, with a week of the month before each for a
/// monthly session ("1TU", "-1FR").
fn byday(s: &Session) -> String {
    let prefix = match (s.frequency, s.week) {
        (Frequency::Monthly, Some(n)) => n.to_string(),
        _ => String::new(),
    };
    s.days
        .iter()
        .map(|d| format!("{prefix}{}", two_letters(*d)))
        .collect::<Vec<_>>()
        .join(",")
}

fn two_letters(d: Day) -> &'static str {
    match d {
        Day::Monday => "MO",
        Day::Tuesday => "TU",
        Day::Wednesday => "WE",
        Day::Thursday => "TH",
        Day::Friday => "FR",
        Day::Saturday => "SA",
        Day::Sunday => "SU",
    }
}

/// Whether the RRULE made by [`entry`] (first date `start`) gives date `d`.
fn in_rule(s: &Session, start: Date, d: Date) -> bool {
    if d < start || !s.days.contains(&day_of(d)) {
        return false;
    }
    match (s.frequency, s.week) {
        (Frequency::Weekly, _) | (Frequency::Monthly, None) => true,
        // INTERVAL=2 with weeks starting on Monday: every other week from the first date's.
        (Frequency::Fortnightly, _) => ((monday_of(d) - monday_of(start)).get_days() / 7) % 2 == 0,
        (Frequency::Monthly, Some(-1)) => add(d, 7).is_some_and(|n| n.month() != d.month()),
        (Frequency::Monthly, Some(n)) => (d.day() - 1) / 7 + 1 == n,
    }
}

/// The session from `today` on as calendar data; None when it has no date from then.
pub fn entry(config: &SiteConfig, s: &Session, today: Date) -> Option<Entry> {
    let x = &s.dated;
    let horizon = add(today, HORIZON_DAYS)?;
    let runs = |d: Date| occurs(config, s, d) == Some(Ok(()));
    let dates_between = |from: Date, to: Date| {
        let mut out = Vec::new();
        let mut d = from;
        while d <= to {
            if runs(d) {
                out.push(d);
            }
            match add(d, 1) {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    };
    if !x.on.is_empty() || x.holidays_only {
        // Listed date by date: one-off dates, or the holiday dates the timetable gives.
        let dates: Vec<Date> = if x.on.is_empty() {
            dates_between(today, x.ends_on.map_or(horizon, |e| e.min(horizon)))
        } else {
            x.on.iter()
                .copied()
                .filter(|d| *d >= today && runs(*d))
                .collect()
        };
        let (&start, rest) = dates.split_first()?;
        return Some(Entry {
            start,
            rule: None,
            exdates: Vec::new(),
            rdates: rest.to_vec(),
        });
    }
    let mut start = today;
    while !runs(start) {
        start = add(start, 1).filter(|d| *d <= horizon)?;
    }
    // A term-time session stops with the last term given: the timetable cannot tell later
    // term dates from holidays.
    let last_term = config.terms.iter().map(|t| t.ends).max();
    let until = match (x.ends_on, s.term_time_only.then_some(last_term).flatten()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut rule = match s.frequency {
        Frequency::Weekly => "FREQ=WEEKLY;WKST=MO".to_string(),
        Frequency::Fortnightly => "FREQ=WEEKLY;INTERVAL=2;WKST=MO".to_string(),
        Frequency::Monthly => "FREQ=MONTHLY".to_string(),
    };
    rule.push_str(&format!(";BYDAY={}", byday(s)));
    if let Some(u) = until {
        rule.push_str(&format!(";UNTIL={}T235959", compact(u)));
    }
    // Dates the rule gives that the timetable leaves out, as far as anything is known.
    let known = [
        Some(horizon),
        last_term,
        config.bank_holidays.iter().max().copied(),
        x.not_on.iter().max().copied(),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(horizon);
    let end = until.map_or(known, |u| u.min(known));
    let mut exdates = Vec::new();
    let mut rdates = Vec::new();
    let mut d = start;
    while d <= end {
        match (in_rule(s, start, d), runs(d)) {
            (true, false) => exdates.push(d),
            // Not expected (the rule is the session's own pattern), but never dropped.
            (false, true) => rdates.push(d),
            _ => {}
        }
        match add(d, 1) {
            Some(n) => d = n,
            None => break,
        }
    }
    Some(Entry {
        start,
        rule: Some(rule),
        exdates,
        rdates,
    })
}

/// YYYYMMDD.
fn compact(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// A floating local date-time: YYYYMMDDTHHMMSS.
fn local(d: Date, minutes: u16) -> String {
    format!("{}T{:02}{:02}00", compact(d), minutes / 60, minutes % 60)
}

/// The address of a service's calendar file, when it has one (an active service with a
/// session from the build's date on, within [`HORIZON_DAYS`]).
pub fn link(site: &Site, si: usize) -> Option<String> {
    let s = &site.services[si];
    let any = !s.paused
        && s.schedule
            .iter()
            .any(|sess| entry(&site.config, sess, site.today).is_some());
    any.then(|| site.address.path(&crate::address::calendar_file(&s.id)))
}

/// A service's calendar file; None when it has no session to come.
pub fn ics(site: &Site, si: usize) -> Option<String> {
    let s: &Service = &site.services[si];
    if s.paused {
        return None;
    }
    let page = site
        .address
        .full(&site.address.page(crate::address::Page::Service(&s.id)));
    let host = match site.address.origin() {
        "" => "signpost.invalid".to_string(),
        o => o.split("://").nth(1).unwrap_or(o).to_string(),
    };
    let stamp = format!("{}T000000Z", compact(site.today));
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new(
        "PRODID",
        format!("-//{}//signpost//EN", site.config.name),
    ));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name(&s.name);
    let mut any = false;
    for (k, sess) in s.schedule.iter().enumerate() {
        let Some(e) = entry(&site.config, sess, site.today) else {
            continue;
        };
        any = true;
        let mut ev = Event::new();
        ev.uid(&format!("{}-{}@{host}", s.id, k + 1))
            .add_property("DTSTAMP", stamp.clone())
            .add_property("DTSTART", local(e.start, sess.starts.0))
            .add_property("DTEND", local(e.start, sess.ends.0))
            .summary(&s.name);
        if let Some(r) = &e.rule {
            ev.add_property("RRULE", r.clone());
        }
        if !e.rdates.is_empty() {
            let v: Vec<String> = e.rdates.iter().map(|d| local(*d, sess.starts.0)).collect();
            ev.add_property("RDATE", v.join(","));
        }
        if !e.exdates.is_empty() {
            let v: Vec<String> = e.exdates.iter().map(|d| local(*d, sess.starts.0)).collect();
            ev.add_property("EXDATE", v.join(","));
        }
        // The session's venue, or the service's only one; a confidential place has none.
        let l = &site.svc[si];
        let venue = match &sess.venue {
            Some(id) => site.venue_ix.get(id).copied(),
            None if l.venues.len() == 1 => Some(l.venues[0]),
            None => None,
        };
        if let Some(vi) = venue {
            let v = &site.venues[vi];
            let mut parts = vec![v.name.clone(), v.address.line1.clone()];
            parts.extend(v.address.line2.clone());
            parts.push(v.address.town.clone());
            parts.push(v.postcode.clone());
            ev.location(&parts.join(", "));
        }
        let mut about = crate::render::text::session(sess);
        if let Some(n) = &sess.notes {
            about.push_str(&format!(". {n}"));
        }
        about.push_str(&format!("\n{}\n{page}", s.summary));
        ev.description(&about);
        if page.starts_with("http") {
            ev.url(&page);
        }
        cal.push(ev.done());
    }
    any.then(|| refold(&cal.done().to_string()))
}

/// The file with its lines folded at 75 octets, the leading space of a continuation line
/// included (RFC 5545 3.1): the icalendar crate folds at 75 octets before that space, so
/// a continuation line can be 76. Values are escaped, so "\r\n " only ever marks a fold.
fn refold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut limit = 75;
        while rest.len() > limit {
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            limit = 74;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

/// Writes every service's calendar file. Returns how many it wrote.
pub fn write(
    site: &Site,
    out: &dyn crate::export::oruk::Out,
) -> Result<usize, crate::export::ExportError> {
    let mut n = 0;
    for si in 0..site.services.len() {
        if let Some(text) = ics(site, si) {
            out.write(
                &crate::address::calendar_file(&site.services[si].id),
                text.as_bytes(),
            )?;
            n += 1;
        }
    }
    Ok(n)
}
