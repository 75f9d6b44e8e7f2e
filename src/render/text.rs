//! Plain-English wording of structured fields, in one place so it reads the same on every
//! page and can be translated together.

use super::messages::{self, Messages};
use crate::content::model::*;
use jiff::civil::Date;

pub fn age(a: Age) -> String {
    age_in(&messages::active(), a)
}

fn age_in(m: &Messages, a: Age) -> String {
    if a.is_pregnancy() {
        return m.text("age.pregnancy", &[]);
    }
    let months = a.0;
    if months == 0 {
        m.text("age.birth", &[])
    } else if months < 24 && months % 12 != 0 {
        m.text("age.months", &[("count", &months)])
    } else if months % 12 == 0 {
        m.count("age.years", (months / 12) as usize, &[])
    } else {
        m.text(
            "age.years_months",
            &[("years", &(months / 12)), ("months", &(months % 12))],
        )
    }
}

/// "From pregnancy to 2 years", "Ages 5 to 11", "Ages 11 to 19 (up to 25 with SEND)".
pub fn ages(a: &Ages) -> String {
    let m = messages::active();
    let years_only =
        !a.from.is_pregnancy() && a.from.0 % 12 == 0 && a.to.0 % 12 == 0 && a.from.0 > 0;
    let to = age_in(&m, a.to);
    let s = if a.from.is_pregnancy() {
        m.text("ages.from_pregnancy", &[("to", &to)])
    } else if a.from.0 == 0 {
        m.text("ages.from_birth", &[("to", &to)])
    } else if years_only {
        m.text(
            "ages.years",
            &[("from", &(a.from.0 / 12)), ("to", &(a.to.0 / 12))],
        )
    } else {
        m.text(
            "ages.from_to",
            &[("from", &age_in(&m, a.from)), ("to", &to)],
        )
    };
    match a.send_to {
        Some(send) => m.text(
            "ages.with_send",
            &[("ages", &s), ("send", &age_in(&m, send))],
        ),
        None => s,
    }
}

// --- localoffer: who a service is for

/// The children a service for adults relates to: "children aged 0 to 5", "children up to
/// 18 months", "children up to 2 years" (from pregnancy).
fn children_in(m: &Messages, a: &Ages) -> String {
    let whole = |x: Age| x.0 % 12 == 0;
    if !a.from.is_pregnancy() && whole(a.from) && whole(a.to) {
        m.text(
            "audience.children_aged",
            &[("from", &(a.from.0 / 12)), ("to", &(a.to.0 / 12))],
        )
    } else if a.from.0 <= 0 {
        m.text("audience.children_up_to", &[("to", &age_in(m, a.to))])
    } else {
        m.text(
            "audience.children_aged",
            &[("from", &age_in(m, a.from)), ("to", &age_in(m, a.to))],
        )
    }
}

/// The name of a group a service or session is only for ("dads").
pub fn group_name(code: &str) -> String {
    group_name_in(&messages::active(), code)
}

fn group_name_in(m: &Messages, code: &str) -> String {
    match code {
        "dads" => m.text("audience.groups.dads", &[]),
        "mums" => m.text("audience.groups.mums", &[]),
        "men" => m.text("audience.groups.men", &[]),
        "women" => m.text("audience.groups.women", &[]),
        "boys" => m.text("audience.groups.boys", &[]),
        "girls" => m.text("audience.groups.girls", &[]),
        "lgbtq-young-people" => m.text("audience.groups.lgbtq_young_people", &[]),
        "young-carers" => m.text("audience.groups.young_carers", &[]),
        "care-experienced" => m.text("audience.groups.care_experienced", &[]),
        "grandparents" => m.text("audience.groups.grandparents", &[]),
        other => other.to_string(),
    }
}

/// "dads only", "girls and women only".
fn only_in(m: &Messages, groups: &[String]) -> String {
    let names: Vec<String> = groups.iter().map(|g| group_name_in(m, g)).collect();
    m.text("audience.only", &[("groups", &join_and_in(m, &names))])
}

/// Who a service is for, in one phrase: "Ages 5 to 11" for children and young people (the
/// default), "For parents and carers of children aged 0 to 5", "For adults", with "(dads
/// only)" when it is only for some.
pub fn who(s: &Service) -> String {
    let m = messages::active();
    let aud = s.audience();
    let has = |c: &str| aud.contains(&c);
    let kids = s.ages.as_ref().map(|a| children_in(&m, a));
    let pregnancy = s.ages.as_ref().is_some_and(|a| a.from.is_pregnancy());
    let children = has(DEFAULT_AUDIENCE);
    let for_ = |who: String| m.text("audience.for", &[("who", &who)]);
    let mut out = if has("whole-family") {
        for_(match &kids {
            Some(k) => m.text("audience.whole_family_with", &[("children", k)]),
            None => m.text("audience.whole_family", &[]),
        })
    } else if has("parents-and-carers") {
        for_(match (&kids, children, pregnancy) {
            (Some(k), true, _) => m.text("audience.children_and_parents", &[("children", k)]),
            (Some(k), false, true) => m.text("audience.parents_to_be", &[("children", k)]),
            (Some(k), false, false) => m.text("audience.parents_of", &[("children", k)]),
            (None, _, _) => m.text("audience.parents", &[]),
        })
    } else if has("adults") && !children {
        for_(match &kids {
            Some(k) => m.text("audience.adults_with", &[("children", k)]),
            None => m.text("audience.adults", &[]),
        })
    } else if let (Some(k), true) = (&kids, has("adults")) {
        for_(m.text("audience.children_and_adults", &[("children", k)]))
    } else {
        // Children and young people only: the wording every listing had before `audience`.
        s.ages.as_ref().map(ages).unwrap_or_default()
    };
    let send = s.ages.as_ref().and_then(|a| a.send_to);
    if let (Some(send), false) = (send, aud == [DEFAULT_AUDIENCE]) {
        out = m.text(
            "ages.with_send",
            &[("ages", &out), ("send", &age_in(&m, send))],
        );
    }
    if !s.only_for.is_empty() {
        out = m.text(
            "audience.with_only",
            &[("who", &out), ("only", &only_in(&m, &s.only_for))],
        );
    }
    out
}

pub fn level_label(level: u8) -> String {
    let m = messages::active();
    match level {
        1 => m.text("level.everyone", &[]),
        2 => m.text("level.extra", &[]),
        3 => m.text("level.specialist", &[]),
        _ => m.text("level.statutory", &[]),
    }
}

/// What each level means, in words a parent understands.
pub fn level_explained(level: u8) -> String {
    let m = messages::active();
    match level {
        1 => m.text("level.everyone_explained", &[]),
        2 => m.text("level.extra_explained", &[]),
        3 => m.text("level.specialist_explained", &[]),
        _ => m.text("level.statutory_explained", &[]),
    }
}

pub fn access_label(route: &str) -> String {
    let m = messages::active();
    match route {
        "drop-in" => m.text("access.drop_in", &[]),
        "self-referral" => m.text("access.self_referral", &[]),
        "professional-referral" => m.text("access.professional_referral", &[]),
        "booking" => m.text("access.booking", &[]),
        _ => m.text("access.other", &[]),
    }
}

pub fn cost(c: &Cost) -> String {
    let m = messages::active();
    match c {
        Cost::Free => m.text("cost.free", &[]),
        Cost::Paid { amount, per, notes } => {
            let mut s = match (amount, per) {
                (Some(a), Some(p)) => {
                    m.text("cost.per", &[("amount", &money_in(&m, *a)), ("per", p)])
                }
                (Some(a), None) => money_in(&m, *a),
                _ => String::new(),
            };
            if let Some(n) = notes {
                if !s.is_empty() {
                    s = m.text("cost.with_notes", &[("cost", &s), ("notes", n)]);
                } else {
                    s.push_str(n);
                }
            }
            if s.is_empty() {
                m.text("cost.charge", &[])
            } else {
                s
            }
        }
    }
}

pub fn money(a: f64) -> String {
    money_in(&messages::active(), a)
}

fn money_in(m: &Messages, a: f64) -> String {
    let amount = if (a.fract()).abs() < 1e-9 {
        format!("{}", a as i64)
    } else {
        format!("{a:.2}")
    };
    m.text("cost.money", &[("amount", &amount)])
}

fn time(t: Time) -> String {
    t.hhmm()
}

/// "Monday, Wednesday and Friday".
pub fn join_and(items: &[String]) -> String {
    join_and_in(&messages::active(), items)
}

fn join_and_in(m: &Messages, items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        _ => m.text(
            "list.and",
            &[
                (
                    "items",
                    &items[..items.len() - 1].join(&m.text("list.separator", &[])),
                ),
                ("last", &items[items.len() - 1]),
            ],
        ),
    }
}

/// The name of a weekday: "Monday".
pub fn day_name(d: Day) -> String {
    day_name_in(&messages::active(), d)
}

fn day_name_in(m: &Messages, d: Day) -> String {
    match d {
        Day::Monday => m.text("day.monday", &[]),
        Day::Tuesday => m.text("day.tuesday", &[]),
        Day::Wednesday => m.text("day.wednesday", &[]),
        Day::Thursday => m.text("day.thursday", &[]),
        Day::Friday => m.text("day.friday", &[]),
        Day::Saturday => m.text("day.saturday", &[]),
        Day::Sunday => m.text("day.sunday", &[]),
    }
}

/// Every one of a weekday: "Mondays".
fn days_name_in(m: &Messages, d: Day) -> String {
    match d {
        Day::Monday => m.text("day.mondays", &[]),
        Day::Tuesday => m.text("day.tuesdays", &[]),
        Day::Wednesday => m.text("day.wednesdays", &[]),
        Day::Thursday => m.text("day.thursdays", &[]),
        Day::Friday => m.text("day.fridays", &[]),
        Day::Saturday => m.text("day.saturdays", &[]),
        Day::Sunday => m.text("day.sundays", &[]),
    }
}

/// "First Tuesday of the month"; `week` -1 (or any other) is the last.
fn monthly_in(m: &Messages, week: Option<i8>, day: &str) -> String {
    let args: &[(&str, &dyn std::fmt::Display)] = &[("day", &day)];
    match week {
        Some(1) => m.text("session.first_of_month", args),
        Some(2) => m.text("session.second_of_month", args),
        Some(3) => m.text("session.third_of_month", args),
        Some(4) => m.text("session.fourth_of_month", args),
        _ => m.text("session.last_of_month", args),
    }
}

/// "Tuesdays, 10:00 to 11:30, term time only".
pub fn session(s: &Session) -> String {
    let m = messages::active();
    let when = match s.frequency {
        Frequency::Weekly => {
            let days: Vec<String> = s.days.iter().map(|d| days_name_in(&m, *d)).collect();
            join_and_in(&m, &days)
        }
        Frequency::Fortnightly => m.text(
            "session.every_other",
            &[("day", &join_and_in(&m, &singular_days(&m, &s.days)))],
        ),
        Frequency::Monthly => monthly_in(&m, s.week, &join_and_in(&m, &singular_days(&m, &s.days))),
    };
    // --- localoffer: one-off dates name the dates instead of the days.
    let x = &s.dated;
    let when = if x.on.is_empty() {
        when
    } else {
        let dates: Vec<String> = x.on.iter().map(|d| dated_day(&m, *d)).collect();
        join_and_in(&m, &dates)
    };
    let out = m.text(
        "session.times",
        &[
            ("when", &when),
            ("starts", &time(s.starts)),
            ("ends", &time(s.ends)),
        ],
    );
    let out = if s.term_time_only {
        m.text("session.term_time_only", &[("session", &out)])
    } else {
        out
    };
    let out = match (x.starts_on, x.ends_on) {
        (Some(a), Some(b)) => m.text(
            "holidays.from_to",
            &[("session", &out), ("from", &date(a)), ("to", &date(b))],
        ),
        (Some(a), None) => m.text("holidays.from", &[("session", &out), ("from", &date(a))]),
        (None, Some(b)) => m.text("holidays.until", &[("session", &out), ("to", &date(b))]),
        (None, None) => out,
    };
    let out = if x.holidays_only {
        m.text("holidays.holidays_only", &[("session", &out)])
    } else {
        out
    };
    let out = if x.not_on.is_empty() {
        out
    } else {
        let dates: Vec<String> = x.not_on.iter().map(|d| date(*d)).collect();
        m.text(
            "holidays.not_on",
            &[("session", &out), ("dates", &join_and_in(&m, &dates))],
        )
    };
    if s.only_for.is_empty() {
        out
    } else {
        m.text(
            "audience.with_only",
            &[("who", &out), ("only", &only_in(&m, &s.only_for))],
        )
    }
}

/// "Saturday 12 December 2026": a one-off date with its weekday.
pub fn dated_day(m: &Messages, d: Date) -> String {
    let day = day_name_in(m, crate::timetable::day_of(d));
    m.text("holidays.dated_day", &[("day", &day), ("date", &date(d))])
}

fn singular_days(m: &Messages, days: &[Day]) -> Vec<String> {
    days.iter().map(|d| day_name_in(m, *d)).collect()
}

/// How often a session runs, for a timetable that already shows the day: `None` when
/// weekly, else "Every other week" or "First Monday of the month".
pub fn frequency(s: &Session, day: Day) -> Option<String> {
    let m = messages::active();
    match s.frequency {
        Frequency::Weekly => None,
        Frequency::Fortnightly => Some(m.text("session.every_other_week", &[])),
        Frequency::Monthly => Some(monthly_in(&m, s.week, &day_name_in(&m, day))),
    }
}

pub fn hours(h: &Hours) -> String {
    let m = messages::active();
    m.text(
        "hours.days_times",
        &[
            ("days", &day_range_in(&m, &h.days)),
            ("opens", &time(h.opens)),
            ("closes", &time(h.closes)),
        ],
    )
}

/// "Monday to Thursday" for a run of days, else "Monday, Wednesday and Friday".
pub fn day_range(days: &[Day]) -> String {
    day_range_in(&messages::active(), days)
}

fn day_range_in(m: &Messages, days: &[Day]) -> String {
    let idx: Vec<usize> = days.iter().map(|d| *d as usize).collect();
    let consecutive = idx.windows(2).all(|w| w[1] == w[0] + 1);
    if days.len() >= 3 && consecutive {
        m.text(
            "hours.day_range",
            &[
                ("first", &day_name_in(m, days[0])),
                ("last", &day_name_in(m, days[days.len() - 1])),
            ],
        )
    } else {
        join_and_in(m, &singular_days(m, days))
    }
}

/// "12 June 2026".
pub fn date(d: Date) -> String {
    let m = messages::active();
    let month = match d.month() {
        1 => m.text("month.january", &[]),
        2 => m.text("month.february", &[]),
        3 => m.text("month.march", &[]),
        4 => m.text("month.april", &[]),
        5 => m.text("month.may", &[]),
        6 => m.text("month.june", &[]),
        7 => m.text("month.july", &[]),
        8 => m.text("month.august", &[]),
        9 => m.text("month.september", &[]),
        10 => m.text("month.october", &[]),
        11 => m.text("month.november", &[]),
        _ => m.text("month.december", &[]),
    };
    m.text(
        "date.day_month_year",
        &[("day", &d.day()), ("month", &month), ("year", &d.year())],
    )
}

/// A `tel:` link target in international form: "01632 960101" -> "+441632960101".
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if phone.trim_start().starts_with("+44") {
        format!("tel:+{digits}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("tel:+44{rest}")
    } else {
        format!("tel:{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        let a = Ages {
            from: Age::PREGNANCY,
            to: Age(24),
            send_to: None,
        };
        assert_eq!(ages(&a), "From pregnancy to 2 years");
        let a = Ages {
            from: Age(132),
            to: Age(228),
            send_to: Some(Age(300)),
        };
        assert_eq!(
            ages(&a),
            "Ages 11 to 19 (up to 25 years for young people with SEND)"
        );
        let a = Ages {
            from: Age(6),
            to: Age(18),
            send_to: None,
        };
        assert_eq!(ages(&a), "From 6 months to 18 months");
    }

    #[test]
    fn sessions_read_naturally() {
        let s = Session {
            days: vec![Day::Tuesday],
            starts: Time(600),
            ends: Time(690),
            frequency: Frequency::Weekly,
            week: None,
            from_date: None,
            term_time_only: true,
            venue: None,
            notes: None,
            only_for: Vec::new(),
            dated: Default::default(),
        };
        assert_eq!(session(&s), "Tuesdays, 10:00 to 11:30, term time only");
        let m = Session {
            frequency: Frequency::Monthly,
            week: Some(-1),
            term_time_only: false,
            ..s.clone()
        };
        assert_eq!(session(&m), "Last Tuesday of the month, 10:00 to 11:30");
        assert_eq!(
            day_range(&[Day::Monday, Day::Tuesday, Day::Wednesday, Day::Thursday]),
            "Monday to Thursday"
        );
    }

    #[test]
    fn costs_and_phones() {
        assert_eq!(
            cost(&Cost::Paid {
                amount: Some(3.5),
                per: Some("session".into()),
                notes: None
            }),
            "£3.50 a session"
        );
        assert_eq!(tel_href("01632 960101"), "tel:+441632960101");
        assert_eq!(tel_href("999"), "tel:999");
    }
}
