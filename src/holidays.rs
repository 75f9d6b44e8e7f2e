//! holidays (issue 21 item 2): the school holidays worked out from site.yaml's `terms`, and
//! the dated sessions and events that fall in one, for the "What's on in the holidays" page.
//! Whether a session runs on a date is the timetable's answer ([`crate::timetable::occurs`]),
//! so this page, "Open today", the hub timetables and the calendar files agree.

use crate::content::model::{Session, Term};
use crate::site::Site;
use crate::timetable::occurs;
use jiff::ToSpan;
use jiff::civil::Date;

/// A school holiday: the days between two terms (weekends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    pub first: Date,
    pub last: Date,
}

/// Every school holiday the terms give, in date order: each gap between one term's end
/// and the next term's start that holds a weekday (a weekend between two halves is not a
/// holiday). After the last term given, a term ending in June or July is followed by the
/// summer holiday to 31 August (English schools go back in early September); after any
/// other last term the length of the holiday is not known, so none is given.
pub fn school_holidays(given: &[Term]) -> Vec<Holiday> {
    let mut terms: Vec<(Date, Date)> = given.iter().map(|t| (t.starts, t.ends)).collect();
    terms.sort();
    let mut out = Vec::new();
    for pair in terms.windows(2) {
        let (Ok(first), Ok(last)) = (
            pair[0].1.checked_add(1.day()),
            pair[1].0.checked_sub(1.day()),
        ) else {
            continue;
        };
        if first > last {
            continue;
        }
        let mut d = first;
        let mut weekday = false;
        while d <= last {
            weekday |= d.weekday().to_monday_zero_offset() < 5;
            let Ok(next) = d.checked_add(1.day()) else {
                break;
            };
            d = next;
        }
        if weekday {
            out.push(Holiday { first, last });
        }
    }
    // The summer holiday after a last term ending in June or July (see `terms_known`).
    if let Some(&(_, end)) = terms.last()
        && let Some((_, last)) = crate::content::model::terms_known(given)
        && let Ok(first) = end.checked_add(1.day())
        && first <= last
    {
        out.push(Holiday { first, last });
    }
    out
}

/// The school holiday going on at `today`, or the next one; None when the terms give no
/// holiday that has not ended.
pub fn next_holiday(terms: &[Term], today: Date) -> Option<Holiday> {
    school_holidays(terms).into_iter().find(|h| h.last >= today)
}

/// Whether a session belongs on the holidays page: it has dates of its own (one-off dates,
/// a start or an end) or runs in the holidays only. A weekly group that simply carries on
/// through the holidays is on the hub timetables, not here.
pub fn is_dated(s: &Session) -> bool {
    let x = &s.dated;
    x.holidays_only || !x.on.is_empty() || x.starts_on.is_some() || x.ends_on.is_some()
}

/// One session on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub date: Date,
    pub service: usize,
    pub session: usize,
}

/// The dated sessions of active services in the holiday, from `today` on (dates that have
/// passed are left out), by date, then start time, then service name.
pub fn occurrences(site: &Site, holiday: Holiday, today: Date) -> Vec<Occurrence> {
    let from = holiday.first.max(today);
    let mut out = Vec::new();
    for (si, s) in site.services.iter().enumerate() {
        if s.paused {
            continue;
        }
        for (k, sess) in s.schedule.iter().enumerate() {
            if !is_dated(sess) {
                continue;
            }
            let mut d = from;
            while d <= holiday.last {
                if occurs(&site.config, sess, d) == Some(Ok(())) {
                    out.push(Occurrence {
                        date: d,
                        service: si,
                        session: k,
                    });
                }
                let Ok(next) = d.checked_add(1.day()) else {
                    break;
                };
                d = next;
            }
        }
    }
    // Services are sorted by name already: a stable sort keeps that order within a time.
    out.sort_by_key(|o| {
        (
            o.date,
            site.services[o.service].schedule[o.session].starts.0,
        )
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn config(terms: &[(Date, Date)]) -> Vec<Term> {
        terms
            .iter()
            .map(|&(starts, ends)| Term {
                name: String::new(),
                starts,
                ends,
            })
            .collect()
    }

    #[test]
    fn holidays_are_the_gaps_between_terms_with_a_weekday_and_summer_runs_to_august() {
        let c = config(&[
            // Given out of order: the gaps are found in date order.
            (date(2027, 1, 4), date(2027, 2, 12)),
            (date(2026, 11, 2), date(2026, 12, 18)),
            // A Friday to a Monday: a weekend, not a holiday.
            (date(2027, 2, 15), date(2027, 3, 26)),
            (date(2027, 6, 7), date(2027, 7, 21)),
        ]);
        assert_eq!(
            school_holidays(&c),
            vec![
                Holiday {
                    first: date(2026, 12, 19),
                    last: date(2027, 1, 3)
                },
                Holiday {
                    first: date(2027, 3, 27),
                    last: date(2027, 6, 6)
                },
                Holiday {
                    first: date(2027, 7, 22),
                    last: date(2027, 8, 31)
                },
            ]
        );
        // During a holiday, that holiday; on its last day still; the day after, the next.
        assert_eq!(
            next_holiday(&c, date(2026, 12, 24)).unwrap().first,
            date(2026, 12, 19)
        );
        assert_eq!(
            next_holiday(&c, date(2027, 1, 3)).unwrap().first,
            date(2026, 12, 19)
        );
        assert_eq!(
            next_holiday(&c, date(2027, 1, 4)).unwrap().first,
            date(2027, 3, 27)
        );
        assert_eq!(next_holiday(&c, date(2027, 9, 1)), None);
        assert_eq!(next_holiday(&config(&[]), date(2027, 1, 4)), None);
    }
}
