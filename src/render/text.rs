//! Plain-English wording of structured fields, in one place so it reads the same on every
//! page and can be translated together.

use crate::content::model::*;
use jiff::civil::Date;

pub fn age(a: Age) -> String {
    if a.is_pregnancy() {
        return "pregnancy".into();
    }
    let m = a.0;
    if m == 0 {
        "birth".into()
    } else if m < 24 && m % 12 != 0 {
        format!("{m} months")
    } else if m % 12 == 0 {
        let y = m / 12;
        if y == 1 {
            "1 year".into()
        } else {
            format!("{y} years")
        }
    } else {
        format!("{} years {} months", m / 12, m % 12)
    }
}

/// "From pregnancy to 2 years", "Ages 5 to 11", "Ages 11 to 19 (up to 25 with SEND)".
pub fn ages(a: &Ages) -> String {
    let years_only =
        !a.from.is_pregnancy() && a.from.0 % 12 == 0 && a.to.0 % 12 == 0 && a.from.0 > 0;
    let mut s = if a.from.is_pregnancy() {
        format!("From pregnancy to {}", age(a.to))
    } else if a.from.0 == 0 {
        format!("From birth to {}", age(a.to))
    } else if years_only {
        format!("Ages {} to {}", a.from.0 / 12, a.to.0 / 12)
    } else {
        format!("From {} to {}", age(a.from), age(a.to))
    };
    if let Some(send) = a.send_to {
        s.push_str(&format!(
            " (up to {} for young people with SEND)",
            age(send)
        ));
    }
    s
}

pub fn level_label(level: u8) -> &'static str {
    match level {
        1 => "Open to everyone",
        2 => "Extra help for families",
        3 => "Specialist support",
        _ => "Statutory help",
    }
}

/// What each level means, in words a parent understands.
pub fn level_explained(level: u8) -> &'static str {
    match level {
        1 => "Any family can use this. You do not need a referral.",
        2 => "For families who need some extra help. You can often ask for this yourself.",
        3 => {
            "For families with more complex needs. Usually a professional such as a health visitor, GP or teacher refers you."
        }
        _ => {
            "For children who may be at risk of harm. This is the council's children's social care."
        }
    }
}

pub fn access_label(route: &str) -> &'static str {
    match route {
        "drop-in" => "Just turn up",
        "self-referral" => "Ask for it yourself",
        "professional-referral" => "A professional refers you",
        "booking" => "Book a place",
        _ => "Get in touch",
    }
}

pub fn cost(c: &Cost) -> String {
    match c {
        Cost::Free => "Free".into(),
        Cost::Paid { amount, per, notes } => {
            let mut s = match (amount, per) {
                (Some(a), Some(p)) => format!("{} a {p}", money(*a)),
                (Some(a), None) => money(*a),
                _ => String::new(),
            };
            if let Some(n) = notes {
                if !s.is_empty() {
                    s.push_str(". ");
                }
                s.push_str(n);
            }
            if s.is_empty() {
                "There is a charge".into()
            } else {
                s
            }
        }
    }
}

pub fn money(a: f64) -> String {
    if (a.fract()).abs() < 1e-9 {
        format!("£{}", a as i64)
    } else {
        format!("£{a:.2}")
    }
}

fn time(t: Time) -> String {
    t.hhmm()
}

fn join_and(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        _ => format!(
            "{} and {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

/// "Tuesdays, 10:00 to 11:30, term time only".
pub fn session(s: &Session) -> String {
    let days: Vec<String> = s.days.iter().map(|d| d.plural().to_string()).collect();
    let singular: Vec<String> = s.days.iter().map(|d| d.name().to_string()).collect();
    let when = match s.frequency {
        Frequency::Weekly => join_and(&days),
        Frequency::Fortnightly => format!("Every other {}", join_and(&singular)),
        Frequency::Monthly => {
            let nth = match s.week {
                Some(1) => "First",
                Some(2) => "Second",
                Some(3) => "Third",
                Some(4) => "Fourth",
                _ => "Last",
            };
            format!("{nth} {} of the month", join_and(&singular))
        }
    };
    let mut out = format!("{when}, {} to {}", time(s.starts), time(s.ends));
    if s.term_time_only {
        out.push_str(", term time only");
    }
    out
}

/// How often a session runs, for a timetable that already shows the day: `None` when
/// weekly, else "Every other week" or "First Monday of the month".
pub fn frequency(s: &Session, day: Day) -> Option<String> {
    match s.frequency {
        Frequency::Weekly => None,
        Frequency::Fortnightly => Some("Every other week".into()),
        Frequency::Monthly => {
            let nth = match s.week {
                Some(1) => "First",
                Some(2) => "Second",
                Some(3) => "Third",
                Some(4) => "Fourth",
                _ => "Last",
            };
            Some(format!("{nth} {} of the month", day.name()))
        }
    }
}

pub fn hours(h: &Hours) -> String {
    let days = day_range(&h.days);
    format!("{days}: {} to {}", time(h.opens), time(h.closes))
}

/// "Monday to Thursday" for a run of days, else "Monday, Wednesday and Friday".
pub fn day_range(days: &[Day]) -> String {
    let idx: Vec<usize> = days.iter().map(|d| *d as usize).collect();
    let consecutive = idx.windows(2).all(|w| w[1] == w[0] + 1);
    if days.len() >= 3 && consecutive {
        format!("{} to {}", days[0].name(), days[days.len() - 1].name())
    } else {
        join_and(
            &days
                .iter()
                .map(|d| d.name().to_string())
                .collect::<Vec<_>>(),
        )
    }
}

/// "12 June 2026".
pub fn date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[(d.month() - 1) as usize],
        d.year()
    )
}

/// `input` with each ASCII byte that `with` maps to a replacement replaced; the runs between
/// them are copied whole (every value on every page passes through an escaper, and most
/// have nothing to replace). Borrowed when nothing changes.
pub fn replace_ascii(
    input: &str,
    with: impl Fn(u8) -> Option<&'static str>,
) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let Some(r) = with(b) else { continue };
        if out.is_empty() {
            out.reserve(input.len() + 16);
        }
        // Only ASCII bytes are replaced, so `i` is a character boundary.
        out.push_str(&input[start..i]);
        out.push_str(r);
        start = i + 1;
    }
    if start == 0 {
        return std::borrow::Cow::Borrowed(input);
    }
    out.push_str(&input[start..]);
    std::borrow::Cow::Owned(out)
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
    fn replacing_keeps_other_text_and_borrows_when_nothing_changes() {
        let amp = |b| (b == b'&').then_some("&amp;");
        assert!(matches!(
            replace_ascii("Café – no ampersand", amp),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            replace_ascii("&Café & “tea”&", amp),
            "&amp;Café &amp; “tea”&amp;"
        );
        assert_eq!(
            crate::render::templates::escape_html("<a href='x'>Tom & \"Jo\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;Tom &amp; &quot;Jo&quot;&lt;/a&gt;"
        );
        assert_eq!(
            crate::export::jsonld::escape(&serde_json::json!("</script><!-- & ")),
            "\"\\u003c/script\\u003e\\u003c!-- \\u0026 \""
        );
    }

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
