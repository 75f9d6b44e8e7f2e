//! "Open today" and "near me": the compact forms of schedules, the school calendar and the
//! postcode table that the browser reads (themes/default/static/when-where.js). The
//! browser applies the same rules as `timetable::occurs`, so pages agree with the hub
//! timetables built here (tests/when_where.rs runs both and compares).
//!
//! A schedule is written as sessions joined by commas; a session is space-separated parts:
//! the days as digits (1 Monday to 7 Sunday), the times as `HHMM-HHMM`, then optionally
//! `f` (fortnightly, with `fYYYYMMDD` for a date it runs), `m1`..`m4` or `m-1` (monthly,
//! the nth or last weekday), `m` (monthly, no week given) and `t` (term time only); dated
//! sessions add `sYYYYMMDD` (first date), `eYYYYMMDD` (last date), `h` (school holidays
//! only), `dYYYYMMDD` (each one-off date) and `xYYYYMMDD` (each closure date).
//! Example: `2 1000-1130 t,4 1300-1430 f20261112`.

use crate::content::model::{Frequency, Hours, Session};
use crate::render::templates::fingerprint;
use crate::site::Site;
use serde_json::{Value, json};
use std::fmt::Write as _;

fn hhmm(minutes: u16) -> String {
    format!("{:02}{:02}", minutes / 60, minutes % 60)
}

fn days(ds: &[crate::content::model::Day]) -> String {
    ds.iter().map(|d| char::from(b'1' + *d as u8)).collect()
}

/// One session in the compact form.
pub fn encode_session(s: &Session) -> String {
    let mut out = format!("{} {}-{}", days(&s.days), hhmm(s.starts.0), hhmm(s.ends.0));
    match s.frequency {
        Frequency::Weekly => {}
        Frequency::Fortnightly => {
            out.push_str(" f");
            if let Some(d) = s.from_date {
                let _ = write!(out, "{:04}{:02}{:02}", d.year(), d.month(), d.day());
            }
        }
        Frequency::Monthly => {
            out.push_str(" m");
            if let Some(w) = s.week {
                let _ = write!(out, "{w}");
            }
        }
    }
    if s.term_time_only {
        out.push_str(" t");
    }
    // --- localoffer: dated sessions (`s` first date, `e` last, `h` holidays only, `d` a
    // one-off date, `x` a closure date).
    let ymd = |d: jiff::civil::Date| format!("{:04}{:02}{:02}", d.year(), d.month(), d.day());
    let x = &s.dated;
    if let Some(d) = x.starts_on {
        let _ = write!(out, " s{}", ymd(d));
    }
    if let Some(d) = x.ends_on {
        let _ = write!(out, " e{}", ymd(d));
    }
    if x.holidays_only {
        out.push_str(" h");
    }
    for d in &x.on {
        let _ = write!(out, " d{}", ymd(*d));
    }
    for d in &x.not_on {
        let _ = write!(out, " x{}", ymd(*d));
    }
    out
}

/// A service's sessions in the compact form ("" when it has none).
pub fn encode_sessions(sessions: &[Session]) -> String {
    sessions
        .iter()
        .map(encode_session)
        .collect::<Vec<_>>()
        .join(",")
}

/// A hub's opening hours in the same form: weekly, not only in term time.
pub fn encode_hours(hours: &[Hours]) -> String {
    hours
        .iter()
        .map(|h| format!("{} {}-{}", days(&h.days), hhmm(h.opens.0), hhmm(h.closes.0)))
        .collect::<Vec<_>>()
        .join(",")
}

/// The postcode table as published: `{"MB2": [lat, lon], "MB2 5": [lat, lon], ...}`, and
/// its path below the site's root, `assets/postcodes.<hash>.json`, so it can be cached for
/// ever. None without a table.
pub fn postcodes_file(site: &Site) -> Option<(String, Vec<u8>)> {
    if site.postcodes.is_empty() {
        return None;
    }
    let map: serde_json::Map<String, Value> = site
        .postcodes
        .iter()
        .map(|p| {
            (
                p.code.clone(),
                json!([round4(p.latitude), round4(p.longitude)]),
            )
        })
        .collect();
    let bytes = serde_json::to_vec(&map).unwrap_or_default();
    Some((
        format!("assets/postcodes.{}.json", fingerprint(&bytes)),
        bytes,
    ))
}

/// Four decimal places of a degree is about 10 metres: plenty for "1.2 miles".
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// What pages with "open today" or "near me" read, as the JSON of a data block: the term
/// dates and bank holidays, the postcode table's address and a district to suggest.
pub fn page_data(site: &Site) -> String {
    let c = &site.config;
    let v = json!({
        "terms": c.terms.iter().map(|t| [t.starts.to_string(), t.ends.to_string()]).collect::<Vec<_>>(),
        "holidays": c.bank_holidays.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "postcodes": postcodes_file(site).map(|(path, _)| site.address.path(&path)),
        "example": site.postcodes.iter().map(|p| p.code.as_str()).find(|c| !c.contains(' ')),
    });
    crate::render::escape::json_for_script(&v)
}

/// Files for the search index folder, fetched only when a family uses them: `when` (each
/// service's sessions, one line per service in index order, empty when paused or
/// without sessions) for the "Open today" filter, and `where` (venue points, then each
/// service's venues as indexes into them) for sorting by distance.
pub fn search_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut when = String::new();
    for s in &site.services {
        if !s.paused {
            when.push_str(&encode_sessions(&s.schedule));
        }
        when.push('\n');
    }
    let mut points: Vec<f64> = site
        .venues
        .iter()
        .flat_map(|v| [round4(v.latitude), round4(v.longitude)])
        .collect();
    let mut at: Vec<Vec<usize>> = site.svc.iter().map(|l| l.venues.clone()).collect();
    // --- childcare: providers after the services, each at its public place (a
    // childminder's home without consent: the centre of the postcode district).
    for p in &site.childcare {
        when.push('\n');
        match p.public_place(&site.postcodes).point {
            Some((lat, lon)) => {
                at.push(vec![points.len() / 2]);
                points.extend([round4(lat), round4(lon)]);
            }
            None => at.push(Vec::new()),
        }
    }
    let wher = serde_json::to_vec(&json!([points, at])).unwrap_or_default();
    vec![
        (
            "when.gz".into(),
            crate::search::export::gzip(when.as_bytes()),
        ),
        ("where.gz".into(), crate::search::export::gzip(&wher)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Day, Time};
    use jiff::civil::date;

    fn session(days: &[Day], frequency: Frequency) -> Session {
        Session {
            days: days.to_vec(),
            starts: Time(570),
            ends: Time(690),
            frequency,
            week: None,
            from_date: None,
            term_time_only: false,
            venue: None,
            notes: None,
            only_for: Vec::new(),
            dated: Default::default(),
        }
    }

    #[test]
    fn sessions_are_written_compactly() {
        let mut s = session(&[Day::Monday, Day::Wednesday], Frequency::Weekly);
        assert_eq!(encode_session(&s), "13 0930-1130");
        s.term_time_only = true;
        assert_eq!(encode_session(&s), "13 0930-1130 t");
        let mut f = session(&[Day::Sunday], Frequency::Fortnightly);
        f.from_date = Some(date(2026, 11, 8));
        assert_eq!(encode_session(&f), "7 0930-1130 f20261108");
        let mut m = session(&[Day::Friday], Frequency::Monthly);
        m.week = Some(-1);
        assert_eq!(encode_sessions(&[s, m]), "13 0930-1130 t,5 0930-1130 m-1");
        let h = Hours {
            days: vec![Day::Monday, Day::Tuesday],
            opens: Time(540),
            closes: Time(1020),
        };
        assert_eq!(encode_hours(&[h]), "12 0900-1700");
    }
}
