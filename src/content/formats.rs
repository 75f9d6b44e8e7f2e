//! Field formats: the rules for emails, UK phone numbers, postcodes, web addresses, times
//! and dates. Each returns a plain-English reason when the value is not acceptable.

use super::model::Time;
use jiff::civil::Date;

/// File names are ids and URL slugs: lowercase letters, digits and single hyphens.
pub fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a valid id: use lowercase letters, numbers and single hyphens, at most 80 characters"
        ))
    }
}

/// The longest name, summary and any other one-line text field, in characters. Names and
/// summaries appear on every list a listing is in; the sample's longest are 74 and 166.
pub const MAX_NAME_CHARS: usize = 150;
pub const MAX_SUMMARY_CHARS: usize = 400;
pub const MAX_TEXT_CHARS: usize = 2_000;

/// Names Windows keeps for devices: a file called `nul.md` or `aux.md` cannot be checked out
/// there, which breaks the repository for every editor on Windows.
pub fn windows_reserved(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem).to_ascii_lowercase();
    matches!(base.as_str(), "con" | "prn" | "aux" | "nul")
        || ((base.starts_with("com") || base.starts_with("lpt"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit())
}

/// Invisible characters that change how text reads without showing themselves: the
/// direction embeddings, overrides and isolates (which can make a phone number or a web
/// address read backwards), zero-width space, word joiner, the byte order mark inside text
/// and the Mongolian vowel separator. The zero-width joiner and non-joiner (U+200D, U+200C)
/// and the left-to-right and right-to-left marks (U+200E, U+200F) are allowed: Persian,
/// Indic scripts and emoji need the first two, and right-to-left text (Arabic, Urdu) the marks,
/// which never reorder what follows them.
pub fn is_hidden_char(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{180e}'
    )
}

/// The first character a text value may not hold, with its position (1-based, in
/// characters) and what it is: control characters (line breaks and tabs are allowed when
/// `multi_line`) and the invisible characters of [`is_hidden_char`]. Most text has no byte
/// that could start one, so the common case is one pass over the bytes.
pub fn forbidden_char(s: &str, multi_line: bool) -> Option<(usize, char, &'static str)> {
    // Control characters are bytes below 0x20, 0x7f or (C1) 0xc2 0x80..0x9f; the hidden
    // characters start 0xe1, 0xe2 or 0xef. Each of those bytes starts a character, so the
    // scan jumps from one to the next; line breaks, curly quotes and dashes are looked at
    // and passed over without decoding the rest of the text.
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(skip) = bytes[from..]
        .iter()
        .position(|&b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe1 || b == 0xe2 || b == 0xef)
    {
        let at = from + skip;
        let c = s[at..].chars().next()?;
        let what = if c.is_control() {
            (!(multi_line && matches!(c, '\n' | '\t' | '\r'))).then_some("a control character")
        } else if is_hidden_char(c) {
            Some("an invisible formatting character")
        } else {
            None
        };
        if let Some(what) = what {
            return Some((s[..at].chars().count() + 1, c, what));
        }
        from = at + c.len_utf8();
    }
    None
}

/// The message for [`forbidden_char`]'s finding.
pub fn forbidden_char_message((at, c, what): (usize, char, &str)) -> String {
    format!(
        "character {at} is {what} (U+{:04X}), which cannot be shown and is not allowed",
        c as u32
    )
}

/// Letters of scripts that look like Latin ones (Cyrillic `а`, `о`, `е`, Greek `ο`, `Α`):
/// a word that mixes them with Latin letters is almost always an imitation of a real name.
/// Returns the first such word and the look-alike letter.
pub fn mixed_script_word(s: &str) -> Option<(&str, char)> {
    // Only text outside ASCII can mix scripts.
    if s.is_ascii() {
        return None;
    }
    let lookalike = |c: char| matches!(c, '\u{0370}'..='\u{03ff}' | '\u{0400}'..='\u{052f}');
    s.split(|c: char| !c.is_alphanumeric()).find_map(|w| {
        let latin = w.chars().any(|c| c.is_ascii_alphabetic());
        let other = w.chars().find(|&c| lookalike(c));
        match (latin, other) {
            (true, Some(c)) => Some((w, c)),
            _ => None,
        }
    })
}

/// Suggests an id for a name or file name: "St Anne's Hub" -> "st-annes-hub".
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            continue;
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// An email address as it is published: a `mailto:` link. The part before the @ may hold
/// letters, digits and `.`, `_`, `+`, `-`, `'` only: `%`, `?`, `&`, `#` and `/` would let a
/// listing smuggle a hidden copy (`?bcc=`) or another address into the link.
pub fn check_email(s: &str) -> Result<(), String> {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return Err("an email address needs an @, like name@example.org".into());
    };
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || !local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '+' | '-' | '\''))
    {
        return Err(
            "the part before the @ can only hold letters, numbers and . _ + - ' (no %, ?, & or spaces)"
                .into(),
        );
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    {
        return Err("the part after the @ is not a valid domain, like example.org".into());
    }
    Ok(())
}

/// UK numbers: 10 or 11 digits starting 0 (spaces, brackets and hyphens allowed), +44
/// instead of the 0, or a short national number such as 999, 111 or a 116 helpline.
pub fn check_uk_phone(s: &str) -> Result<(), String> {
    let trimmed = s.trim();
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || " ()-+".contains(c)))
    {
        return Err(
            "a phone number can only contain digits, spaces, brackets, hyphens and a leading +44"
                .into(),
        );
    }
    let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit()).collect();
    if trimmed.contains('+') && !trimmed.starts_with("+44") {
        return Err("only UK numbers are accepted; international numbers start +44".into());
    }
    let national = if trimmed.starts_with("+44") {
        let rest = digits[2..].trim_start_matches('0');
        format!("0{rest}")
    } else {
        digits.clone()
    };
    const SHORT: &[&str] = &["999", "112", "111", "101", "105", "119"];
    if SHORT.contains(&national.as_str()) || (national.len() == 6 && national.starts_with("116")) {
        return Ok(());
    }
    // A few freephone helplines have short numbers, such as 0800 1111.
    if national.starts_with("0800") && national.len() == 8 {
        return Ok(());
    }
    if !national.starts_with('0') {
        return Err("UK phone numbers start with 0 (or +44)".into());
    }
    if national.len() != 10 && national.len() != 11 {
        return Err(format!(
            "a UK phone number has 10 or 11 digits; this has {}",
            national.len()
        ));
    }
    if national.starts_with("00") {
        return Err("numbers starting 00 are international; use a UK number".into());
    }
    Ok(())
}

/// Web addresses must be absolute http or https URLs with a host.
pub fn check_url(s: &str) -> Result<(), String> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else {
        return Err("a web address must start with https:// (or http://)".into());
    };
    let host = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    // `https://good.example@evil.example` goes to evil.example: the part before the @ is a
    // user name, which reads like the site. Browsers also read `\` as `/`.
    if host.contains('@') {
        return Err("a web address cannot have a user name or `@` before the site name".into());
    }
    if rest.contains('\\') {
        return Err("a web address uses `/`, not `\\`".into());
    }
    let host = host.split(':').next().unwrap_or(host);
    if host.is_empty() || !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
        return Err("the web address has no valid site name after https://".into());
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err("the site name in the web address has characters that are not allowed".into());
    }
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err("a web address cannot contain spaces, quotes or angle brackets".into());
    }
    Ok(())
}

/// Normalises a UK postcode to upper case with one space, or says what is wrong.
/// The pattern follows the published UK format (outward code, space, digit and two letters).
pub fn normalise_postcode(s: &str) -> Result<String, String> {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let bad = || {
        "a UK postcode looks like MB1 4QT: 2 to 4 letters and numbers starting with a letter, a space, then a number and two letters (never C, I, K, M, O or V)".to_string()
    };
    if compact.len() < 5 || compact.len() > 7 || !compact.is_ascii() {
        return Err(bad());
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let ib = inward.as_bytes();
    const INWARD_LETTERS: &str = "ABDEFGHJLNPQRSTUWXYZ";
    if !ib[0].is_ascii_digit() {
        return Err(bad());
    }
    // Royal Mail never uses these letters at the end, so a typo shows here first.
    if let Some(&l) = ib[1..]
        .iter()
        .find(|b| b.is_ascii_alphabetic() && !INWARD_LETTERS.contains(**b as char))
    {
        return Err(format!(
            "the last two letters of a UK postcode are never C, I, K, M, O or V, and `{inward}` has {}: check the postcode against the letter or Royal Mail's postcode finder",
            l as char
        ));
    }
    if !ib[1].is_ascii_alphabetic() || !ib[2].is_ascii_alphabetic() {
        return Err(bad());
    }
    let ob = outward.as_bytes();
    // A9, A99, AA9, AA99, A9A, AA9A.
    let shape: String = ob
        .iter()
        .map(|b| {
            if b.is_ascii_digit() {
                '9'
            } else if b.is_ascii_alphabetic() {
                'A'
            } else {
                '?'
            }
        })
        .collect();
    if !["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].contains(&shape.as_str()) {
        return Err(bad());
    }
    Ok(format!("{outward} {inward}"))
}

/// Normalises a postcode district ("mb2" -> "MB2") or sector ("mb2 5" -> "MB2 5") for the
/// postcode table, or says what is wrong. A sector needs its space: "MB25" is district MB25.
pub fn normalise_postcode_area(s: &str) -> Result<String, String> {
    let t = s.trim().to_ascii_uppercase();
    if normalise_postcode(&t).is_ok() {
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let outward = &compact[..compact.len() - 3];
        return Err(format!(
            "`{}` is a full postcode: list its district (`{outward}`) or sector (`{outward} {}`) instead",
            s.trim(),
            &compact[compact.len() - 3..compact.len() - 2]
        ));
    }
    // A district is A9, A99, AA9, AA99, A9A or AA9A; a sector adds a space and one digit.
    let district_ok = |d: &str| {
        let shape: String = d
            .bytes()
            .map(|b| match b {
                b'0'..=b'9' => '9',
                b'A'..=b'Z' => 'A',
                _ => '?',
            })
            .collect();
        matches!(
            shape.as_str(),
            "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A"
        )
    };
    let parts: Vec<&str> = t.split_whitespace().collect();
    match parts.as_slice() {
        [d] if district_ok(d) => Ok(d.to_string()),
        [d, n] if district_ok(d) && n.len() == 1 && n.as_bytes()[0].is_ascii_digit() => {
            Ok(format!("{d} {n}"))
        }
        _ => Err(format!(
            "`{}` is not a postcode district (like MB2) or sector (like MB2 5)",
            s.trim()
        )),
    }
}

/// Great Britain, Northern Ireland and the islands, as a generous box.
pub fn check_uk_coordinates(lat: f64, lon: f64) -> Result<(), String> {
    if !(49.8..=60.95).contains(&lat) || !(-8.7..=1.8).contains(&lon) {
        return Err(format!(
            "{lat}, {lon} is outside the UK (latitude 49.8 to 60.9, longitude -8.7 to 1.8); check the numbers are not swapped or missing a minus sign"
        ));
    }
    Ok(())
}

pub fn parse_time(s: &str) -> Result<Time, String> {
    let bad =
        || format!("`{s}` is not a time: write it as 24-hour HH:MM in quotes, like \"09:30\"");
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if h > 24 || m > 59 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(Time(h * 60 + m))
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('-').collect();
    let bad = || format!("`{s}` is not a date: write it as YYYY-MM-DD, like 2026-03-14");
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let y: i16 = parts[0].parse().map_err(|_| bad())?;
    let m: i8 = parts[1].parse().map_err(|_| bad())?;
    let d: i8 = parts[2].parse().map_err(|_| bad())?;
    Date::new(y, m, d).map_err(|_| format!("`{s}` is not a real date (check the month and day)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcode_areas() {
        assert_eq!(normalise_postcode_area("mb2").unwrap(), "MB2");
        assert_eq!(normalise_postcode_area(" mb2  5 ").unwrap(), "MB2 5");
        assert_eq!(normalise_postcode_area("MB25").unwrap(), "MB25");
        assert_eq!(normalise_postcode_area("SW1A").unwrap(), "SW1A");
        let full = normalise_postcode_area("MB2 5HT").unwrap_err();
        assert!(full.contains("`MB2`") && full.contains("`MB2 5`"), "{full}");
        for bad in ["", "MB", "2MB", "MB2 55", "MB2 A", "MB2-5", "MBBB2"] {
            assert!(normalise_postcode_area(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(check_email("hub@marlbrook.example").is_ok());
        assert!(check_email("hub.marlbrook.example").is_err());
        assert!(check_email("hub@localhost").is_err());
        assert!(check_email("a b@x.org").is_err());
        assert!(check_email("o'brien+fis@marlbrook.example").is_ok());
        for smuggled in [
            "hello%40x.example?bcc=spy%40evil.example&x=@x.example",
            "a?cc=b@x.example",
            "a#b@x.example",
            "a/b@x.example",
            ".a@x.example",
        ] {
            assert!(check_email(smuggled).is_err(), "{smuggled}");
        }
    }

    #[test]
    fn uk_phone_numbers() {
        for ok in [
            "0800 1111",
            "01632 960101",
            "07700 900123",
            "0808 157 0001",
            "+44 1632 960101",
            "(01632) 960101",
            "999",
            "116 123",
        ] {
            assert!(check_uk_phone(ok).is_ok(), "{ok}");
        }
        for bad in [
            "12345",
            "01632 9601",
            "+1 555 123 4567",
            "call us",
            "0163296010199",
        ] {
            assert!(check_uk_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert!(check_url("https://marlbrook.example/hubs").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("www.example.org").is_err());
        assert!(check_url("https://exa mple.org").is_err());
        assert!(check_url("https://good.example@evil.example").is_err());
        assert!(check_url("https://good.example\\@evil.example/").is_err());
        assert!(check_url("//evil.example").is_err());
        assert!(check_url("https://marlbrook.example/a?b=c@d").is_ok());
    }

    #[test]
    fn hidden_and_look_alike_characters() {
        assert_eq!(forbidden_char("plain text", false), None);
        assert_eq!(forbidden_char("café", false), None);
        assert_eq!(forbidden_char("a\u{202e}b", false).unwrap().0, 2);
        assert!(forbidden_char("a\u{200b}b", false).is_some());
        assert!(forbidden_char("a\u{1b}[2J", false).is_some());
        assert!(forbidden_char("a\nb", false).is_some());
        assert_eq!(forbidden_char("a\nb\tc", true), None);
        assert!(forbidden_char("a\0b", true).is_some());
        // Emoji sequences and Persian need the joiners.
        assert_eq!(
            forbidden_char("👨\u{200d}👩\u{200d}👧 می\u{200c}خواهم", false),
            None
        );
        assert_eq!(
            mixed_script_word("M\u{0430}rlbr\u{043e}ok Borough Council"),
            Some(("M\u{0430}rlbr\u{043e}ok", '\u{0430}'))
        );
        assert_eq!(mixed_script_word("Ελληνική Κοινότητα Marlbrook"), None);
        assert!(windows_reserved("nul") && windows_reserved("aux") && windows_reserved("com1"));
        assert!(!windows_reserved("auxiliary") && !windows_reserved("console"));
    }

    #[test]
    fn postcodes() {
        assert_eq!(normalise_postcode("mb1 4qt").unwrap(), "MB1 4QT");
        assert_eq!(normalise_postcode("SW1A1AA").unwrap(), "SW1A 1AA");
        // C is never used in the inward code: the message says so.
        let err = normalise_postcode("MB1 4QC").unwrap_err();
        assert!(
            err.contains("never C, I, K, M, O or V") && err.contains("`4QC` has C"),
            "{err}"
        );
        assert!(
            normalise_postcode("MB1 4Q1")
                .unwrap_err()
                .contains("never C, I, K")
        );
        assert!(normalise_postcode("12345").is_err());
    }

    #[test]
    fn coordinates_times_dates() {
        assert!(check_uk_coordinates(53.05, -1.4).is_ok());
        assert!(check_uk_coordinates(-1.4, 53.05).is_err());
        assert_eq!(parse_time("09:30").unwrap(), Time(570));
        assert!(parse_time("9.30").is_err());
        assert!(parse_time("25:00").is_err());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("12/03/2026").is_err());
        assert!(check_id("stay-and-play").is_ok());
        assert!(check_id("../../etc/passwd").is_err());
        assert_eq!(slugify("St Anne's Family Hub"), "st-annes-family-hub");
    }
}
