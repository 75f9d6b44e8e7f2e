//! When regular sessions actually happen: schedules (weekly, fortnightly, nth weekday of the
//! month, term time only) expanded onto dates, using the term dates and bank holidays from
//! site.yaml. Pages and tests both read this, so "runs on Tuesday 24 November" means the
//! same everywhere.

use crate::content::model::{Day, Frequency, Session, SiteConfig};
use crate::site::Site;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// Why a session that normally runs on a weekday is not on at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Off {
    BankHoliday,
    /// Term time only, and the date is in a school holiday.
    SchoolHoliday,
    /// Fortnightly or monthly, and this is not one of its weeks; or outside its dates
    /// (before it starts, after it ends, not one of its one-off dates, in term time for a
    /// holidays-only session).
    OtherWeek,
    /// One of its closure dates (`not_on`).
    Closed,
}

impl Off {
    pub fn text(self) -> &'static str {
        match self {
            Off::BankHoliday => "not on: bank holiday",
            Off::SchoolHoliday => "not on: school holiday",
            Off::OtherWeek => "not on this week",
            Off::Closed => "not on: closed",
        }
    }
}

pub fn day_of(d: Date) -> Day {
    Day::ALL[d.weekday().to_monday_zero_offset() as usize]
}

/// The Monday of the week a date falls in.
pub fn monday_of(d: Date) -> Date {
    d.checked_sub((d.weekday().to_monday_zero_offset() as i64).days())
        .unwrap_or(d)
}

/// Whether the session's pattern (ignoring holidays) falls on this date.
fn in_pattern(s: &Session, d: Date) -> bool {
    if !s.days.contains(&day_of(d)) {
        return false;
    }
    match s.frequency {
        Frequency::Weekly => true,
        Frequency::Fortnightly => match s.from_date {
            // Whole weeks between the two Mondays: even means an "on" week, either side
            // of the date given.
            Some(from) => {
                let days = (monday_of(d) - monday_of(from)).get_days();
                (days / 7) % 2 == 0
            }
            None => true,
        },
        Frequency::Monthly => match s.week {
            Some(-1) => d
                .checked_add(7.days())
                .map(|n| n.month() != d.month())
                .unwrap_or(false),
            Some(n) => (d.day() - 1) / 7 + 1 == n,
            None => true,
        },
    }
}

/// Whether a session runs on a date: `None` if its weekday is not one of the session's
/// days at all, `Some(Ok(()))` if it runs, `Some(Err(why))` if it is off that day.
pub fn occurs(config: &SiteConfig, s: &Session, d: Date) -> Option<Result<(), Off>> {
    if !s.days.contains(&day_of(d)) {
        return None;
    }
    // The same steps in the same order as when-where.js's `occurs`.
    let x = &s.dated;
    let one_off = !x.on.is_empty();
    if one_off && x.on.binary_search(&d).is_err() {
        return Some(Err(Off::OtherWeek));
    }
    if x.starts_on.is_some_and(|a| d < a) || x.ends_on.is_some_and(|b| d > b) {
        return Some(Err(Off::OtherWeek));
    }
    if !one_off && !in_pattern(s, d) {
        return Some(Err(Off::OtherWeek));
    }
    // A one-off date was chosen by someone: it runs on a bank holiday too.
    if !one_off && config.bank_holidays.binary_search(&d).is_ok() {
        return Some(Err(Off::BankHoliday));
    }
    // Without term dates we cannot tell; the "term time only" label still shows.
    if s.term_time_only && config.in_term(d) == Some(false) {
        return Some(Err(Off::SchoolHoliday));
    }
    // Only on days the terms say are a school holiday, not on days they do not cover.
    if x.holidays_only && !config.school_holiday(d) {
        return Some(Err(Off::OtherWeek));
    }
    if x.not_on.binary_search(&d).is_ok() {
        return Some(Err(Off::Closed));
    }
    Some(Ok(()))
}

/// The next date on or after `from` the session runs, looking a few months ahead.
pub fn next_run(config: &SiteConfig, s: &Session, from: Date) -> Option<Date> {
    let mut d = from;
    for _ in 0..200 {
        if occurs(config, s, d) == Some(Ok(())) {
            return Some(d);
        }
        d = d.checked_add(1.days()).ok()?;
    }
    None
}

/// One session on one day of a timetable.
#[derive(Debug, Clone)]
pub struct Slot {
    pub service: usize,
    pub session: usize,
    pub venue: Option<usize>,
    /// Ok when it runs that day; otherwise why not.
    pub runs: Result<(), Off>,
    /// When it is off: the next date it runs.
    pub next: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct TimetableDay {
    pub date: Date,
    pub bank_holiday: bool,
    pub slots: Vec<Slot>,
}

/// Monday to Sunday of the week containing `today`, with the sessions held at the hub's
/// venues. Paused services are left out.
pub fn hub_week(site: &Site, hi: usize, today: Date) -> Vec<TimetableDay> {
    let venues = &site.hub_venues[hi];
    let monday = monday_of(today);
    let mut days: Vec<TimetableDay> = (0..7)
        .filter_map(|i| monday.checked_add((i as i64).days()).ok())
        .map(|date| TimetableDay {
            date,
            bank_holiday: site.config.bank_holidays.binary_search(&date).is_ok(),
            slots: Vec::new(),
        })
        .collect();
    for &si in &site.at_hub[hi] {
        let s = &site.services[si];
        if s.paused {
            continue;
        }
        for (k, sess) in s.schedule.iter().enumerate() {
            // A session's own venue, else the service's venues that belong to this hub.
            let venue = match &sess.venue {
                Some(id) => match site.venue_ix.get(id) {
                    Some(vi) if venues.contains(vi) => Some(*vi),
                    _ => continue,
                },
                None => site.svc[si]
                    .venues
                    .iter()
                    .copied()
                    .find(|v| venues.contains(v)),
            };
            if venue.is_none() {
                continue;
            }
            for day in &mut days {
                if let Some(runs) = occurs(&site.config, sess, day.date) {
                    let next = match runs {
                        Ok(()) => None,
                        Err(_) => day
                            .date
                            .checked_add(1.days())
                            .ok()
                            .and_then(|d| next_run(&site.config, sess, d)),
                    };
                    day.slots.push(Slot {
                        service: si,
                        session: k,
                        venue,
                        runs,
                        next,
                    });
                }
            }
        }
    }
    for day in &mut days {
        day.slots.sort_by(|a, b| {
            let sa = &site.services[a.service].schedule[a.session];
            let sb = &site.services[b.service].schedule[b.session];
            // By start time, whether it is on or off that day (10:00 before 10:30).
            (sa.starts, sa.ends, a.runs.is_err(), a.service).cmp(&(
                sb.starts,
                sb.ends,
                b.runs.is_err(),
                b.service,
            ))
        });
    }
    days
}

pub fn weekday_name(d: Date) -> &'static str {
    match d.weekday() {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Contact, Term, Time};
    use jiff::civil::date;

    fn config() -> SiteConfig {
        SiteConfig {
            name: "x".into(),
            area: "x".into(),
            council: "x".into(),
            description: String::new(),
            base_url: String::new(),
            base_path: "/".into(),
            repository: None,
            branch: "main".into(),
            theme: "default".into(),
            review_months: 12,
            language: "en".into(),
            exit_url: String::new(),
            accessibility_reviewed: None,
            contact: Contact::default(),
            emergency: Vec::new(),
            front_door: None,
            report_problems: crate::content::model::ReportProblems::Off,
            local_offer: Default::default(),
            terms: vec![Term {
                name: "Autumn".into(),
                starts: date(2026, 11, 2),
                ends: date(2026, 12, 18),
            }],
            bank_holidays: vec![date(2026, 12, 25)],
            organisation_types: Vec::new(),
            vacancy_weeks: 4,
            ofsted_local_authority: "x".into(),
            early_years_need: None,
        }
    }

    fn session(days: &[Day], frequency: Frequency) -> Session {
        Session {
            days: days.to_vec(),
            starts: Time(600),
            ends: Time(660),
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
    fn fortnightly_alternates_from_its_date_in_both_directions() {
        let c = config();
        let mut s = session(&[Day::Tuesday], Frequency::Fortnightly);
        s.from_date = Some(date(2026, 11, 10));
        assert_eq!(occurs(&c, &s, date(2026, 11, 10)), Some(Ok(())));
        assert_eq!(
            occurs(&c, &s, date(2026, 11, 17)),
            Some(Err(Off::OtherWeek))
        );
        assert_eq!(occurs(&c, &s, date(2026, 11, 24)), Some(Ok(())));
        assert_eq!(occurs(&c, &s, date(2026, 10, 27)), Some(Ok(())));
        assert_eq!(occurs(&c, &s, date(2026, 11, 18)), None, "a Wednesday");
        assert_eq!(
            next_run(&c, &s, date(2026, 11, 11)),
            Some(date(2026, 11, 24))
        );
    }

    #[test]
    fn monthly_finds_the_nth_and_the_last_weekday() {
        let c = config();
        let mut s = session(&[Day::Monday], Frequency::Monthly);
        s.week = Some(1);
        assert_eq!(occurs(&c, &s, date(2026, 11, 2)), Some(Ok(())));
        assert_eq!(occurs(&c, &s, date(2026, 11, 9)), Some(Err(Off::OtherWeek)));
        s.week = Some(-1);
        assert_eq!(occurs(&c, &s, date(2026, 11, 30)), Some(Ok(())));
        assert_eq!(
            occurs(&c, &s, date(2026, 11, 23)),
            Some(Err(Off::OtherWeek))
        );
    }

    #[test]
    fn holiday_only_sessions_run_only_on_holidays_the_terms_give() {
        let mut c = config();
        c.terms.insert(
            0,
            Term {
                name: "Summer".into(),
                starts: date(2026, 6, 8),
                ends: date(2026, 7, 22),
            },
        );
        let mut s = session(&[Day::Monday], Frequency::Weekly);
        s.dated.holidays_only = true;
        // The summer holiday after July's term, and half term between two terms.
        assert_eq!(occurs(&c, &s, date(2026, 8, 3)), Some(Ok(())));
        assert_eq!(occurs(&c, &s, date(2026, 10, 26)), Some(Ok(())));
        assert_eq!(occurs(&c, &s, date(2026, 11, 9)), Some(Err(Off::OtherWeek)));
        // Past the last term (December) nothing says when the holidays are.
        assert_eq!(
            occurs(&c, &s, date(2026, 12, 21)),
            Some(Err(Off::OtherWeek))
        );
        assert_eq!(occurs(&c, &s, date(2027, 3, 1)), Some(Err(Off::OtherWeek)));
        // Nor before the first.
        assert_eq!(occurs(&c, &s, date(2026, 6, 1)), Some(Err(Off::OtherWeek)));
    }

    #[test]
    fn holidays_stop_sessions() {
        let c = config();
        let mut s = session(&[Day::Friday, Day::Monday], Frequency::Weekly);
        assert_eq!(
            occurs(&c, &s, date(2026, 12, 25)),
            Some(Err(Off::BankHoliday))
        );
        assert_eq!(occurs(&c, &s, date(2026, 10, 30)), Some(Ok(())));
        s.term_time_only = true;
        assert_eq!(
            occurs(&c, &s, date(2026, 10, 30)),
            Some(Err(Off::SchoolHoliday))
        );
        assert_eq!(occurs(&c, &s, date(2026, 11, 2)), Some(Ok(())));
        assert_eq!(
            next_run(&c, &s, date(2026, 12, 19)),
            None,
            "no term dates after"
        );
    }
}
