//! `signpost new`: a new listing file with every field present and a short note on each,
//! for volunteers who have never seen YAML. Required fields are left blank, so `check`
//! points at each one until it is filled in. The same templates fill GitHub's new-file page
//! from the "Add your group" page.

use crate::content::formats;
use crate::content::model::{ACCESS_ROUTES, ACCESSIBILITY, COST_PER, LANGUAGES, ORG_TYPES};
use jiff::civil::Date;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Service,
    Organisation,
    Venue,
    Hub,
}

impl Kind {
    /// The content folder files of this kind live in.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Service => "services",
            Kind::Organisation => "organisations",
            Kind::Venue => "venues",
            Kind::Hub => "hubs",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Organisation => "organisation",
            Kind::Venue => "venue",
            Kind::Hub => "family hub",
        }
    }
}

fn codes(list: &[(&str, &str)]) -> String {
    list.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
}

/// The text of a new file of `kind`. `today` fills `reviewed` on services.
pub fn template(kind: Kind, today: Date) -> String {
    let mut t = String::from("---\n");
    let _ = writeln!(
        t,
        "# A new {}. Fill in each field after its colon. Lines starting with # are notes\n\
         # for you and are not shown on the website; you can delete them. Keep the two\n\
         # lines of three hyphens. Every field is explained in docs/content.md.",
        kind.noun()
    );
    match kind {
        Kind::Service => service(&mut t, today),
        Kind::Organisation => organisation(&mut t),
        Kind::Venue => venue(&mut t),
        Kind::Hub => hub(&mut t),
    }
    t
}

fn service(t: &mut String, today: Date) {
    let _ = write!(
        t,
        "\n# The name families know it by. Example: Little Listeners Rhyme Time
name:
# Who runs it: the file name of the organisation in organisations/, without .md.
organisation:
# One sentence, under 200 characters: what it is and who it is for.
summary:
# What it helps with: ids from needs.yaml, in square brackets, separated by commas.
# Example: [baby-and-toddler-groups, early-language-and-learning]
needs: []
# Who it is for. from: pregnancy, an age in years (0 to 25) or \"18 months\".
ages:
  from:
  to:
  # Optional: an older upper age for young people with SEND, usually 25.
  send_to:
# Optional: anyone else who can or cannot come, in a sentence.
eligibility:
# Level of need: 1 open to everyone, 2 some extra help (early help),
# 3 targeted or specialist, 4 statutory social care.
level:
# How families get it, one or more of: {access}
access: []
# In plain words: what to do to get this help. Example: Just turn up. You do not need to book.
how_to_access:
# free, an amount in pounds (3.50), or amount, per ({per}) and notes.
cost:
# Where it happens: venue file names from venues/, and/or true for the others.
where:
  venues: []
  home_visits: false
  online: false
  by_phone: false
  # Optional: borough, or locality or hub ids, for services open to a whole area.
  covers:
# When it runs: one entry per pattern. Delete the whole schedule if it is by appointment
# and say so in schedule_notes instead. days: monday to sunday. Times use the 24-hour
# clock in quotes (\"13:30\"). frequency: weekly, fortnightly (add from_date: the date
# of one session) or monthly (add week: first, second, third, fourth or last).
schedule:
  - days: []
    starts:
    ends:
    frequency: weekly
    term_time_only: false
# Optional: anything else about times. Example: Not on bank holidays.
schedule_notes:
# How families contact the service. At least one, unless the organisation has one.
# Phone: a UK number. Website: starting with https://
contact:
  phone:
  email:
  website:
# Optional: languages spoken, from: {languages}
languages: [en]
# Optional: from: {access_features}
accessibility: []
# active, or paused while it is not running.
status: active
# The date these details were last checked with the organisation: YYYY-MM-DD.
reviewed: {today}
---
Describe the service here in plain English: what happens, who it is for, what to bring.
Short paragraphs are easiest to read on a phone.
",
        access = ACCESS_ROUTES.join(", "),
        per = COST_PER.join(", "),
        languages = codes(LANGUAGES),
        access_features = codes(ACCESSIBILITY),
    );
}

fn organisation(t: &mut String) {
    let _ = write!(
        t,
        "\n# The organisation's full name. Example: Safe Harbour
name:
# What kind of organisation it is, one of: {types}
# (vcs is a voluntary or community group or charity)
type:
# One sentence: what the organisation does.
summary:
# How families contact you: at least one of phone, email and website.
# Phone: a UK number. Website: starting with https://
contact:
  phone:
  email:
  website:
# Optional: your registered charity number, in quotes. Example: \"1234567\"
charity_number:
---
Tell families about the organisation here in plain English.
",
        types = ORG_TYPES.join(", "),
    );
}

fn venue(t: &mut String) {
    let _ = write!(
        t,
        "\n# The place's name. Example: Northfield Library
name:
address:
  line1:
  # Optional.
  line2:
  town:
  # Optional.
  county:
# A UK postcode. Example: MB2 5HT
postcode:
# Find the place on a map and copy its position. Example: 53.0712 and -1.4123
latitude:
longitude:
# The locality it is in: a file name from localities/, without .md.
locality:
# Optional: the family hub it belongs to, a file name from hubs/.
hub:
# Optional, from: {features}
accessibility: []
---
Optional: how to find the entrance, parking, buses.
",
        features = codes(ACCESSIBILITY),
    );
}

fn hub(t: &mut String) {
    let _ = write!(
        t,
        "\n# The hub's name. Example: Central Family Hub
name:
# The locality it serves: a file name from localities/, without .md.
locality:
# Its main building: a file name from venues/, without .md.
venue:
# One sentence about the hub.
summary:
# When it is open: days (monday to sunday) and 24-hour times in quotes.
opening_hours:
  - days: []
    opens:
    closes:
contact:
  phone:
  email:
  website:
---
Tell families what happens at the hub.
"
    );
}

#[derive(Debug)]
pub enum NewError {
    BadId(String),
    Exists(PathBuf),
    Io(String),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::BadId(m) => f.write_str(m),
            NewError::Exists(p) => write!(
                f,
                "{} already exists; signpost never overwrites a file. Edit that one, or choose another name",
                p.display()
            ),
            NewError::Io(m) => f.write_str(m),
        }
    }
}

/// Writes a new file for `id` into the right folder of `content`. Refuses ids that are not
/// valid file names and never replaces an existing file.
pub fn create(content: &Path, kind: Kind, id: &str, today: Date) -> Result<PathBuf, NewError> {
    if let Err(why) = formats::check_id(id) {
        let suggestion = formats::slugify(id);
        let mut msg = format!("`{id}` cannot be used as a name: {why}");
        if !suggestion.is_empty() && formats::check_id(&suggestion).is_ok() {
            msg.push_str(&format!(". Try `{suggestion}`"));
        }
        return Err(NewError::BadId(msg));
    }
    let folder = content.join(kind.folder());
    // A linked folder could put the file anywhere.
    if folder
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(NewError::Io(format!(
            "{} is a link to another folder; signpost only writes into real folders",
            folder.display()
        )));
    }
    std::fs::create_dir_all(&folder)
        .map_err(|e| NewError::Io(format!("cannot create {}: {e}", folder.display())))?;
    let path = folder.join(format!("{id}.md"));
    // create_new fails if anything (even a dangling link) is already there: no overwrite race.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NewError::Exists(path.clone()),
            _ => NewError::Io(format!("cannot write {}: {e}", path.display())),
        })?;
    file.write_all(template(kind, today).as_bytes())
        .map_err(|e| NewError::Io(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

/// Percent-encodes a query parameter value (RFC 3986 unreserved characters pass through).
pub fn query_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// GitHub's "create new file" page for `kind` in `repository` (https://github.com/owner/repo),
/// with a file name and the template filled in.
pub fn new_file_url(
    repository: &str,
    branch: &str,
    kind: Kind,
    filename: &str,
    today: Date,
) -> String {
    format!(
        "{}/new/{}/content/{}?filename={}&value={}",
        repository.trim_end_matches('/'),
        query_encode(branch),
        kind.folder(),
        query_encode(filename),
        query_encode(&template(kind, today))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_encoding_keeps_only_unreserved_characters() {
        assert_eq!(query_encode("a b&c=d/é\n#"), "a%20b%26c%3Dd%2F%C3%A9%0A%23");
    }

    #[test]
    fn templates_are_front_matter_then_a_description() {
        for kind in [Kind::Service, Kind::Organisation, Kind::Venue, Kind::Hub] {
            let t = template(kind, jiff::civil::date(2026, 11, 24));
            assert!(t.starts_with("---\n"), "{kind:?}");
            assert_eq!(t.lines().filter(|l| *l == "---").count(), 2, "{kind:?}");
            // Every note is a comment, so the fields parse as YAML.
            let yaml = t
                .split("\n---\n")
                .next()
                .unwrap()
                .trim_start_matches("---\n");
            crate::yaml::parse(yaml).unwrap_or_else(|e| panic!("{kind:?}: {}", e.message));
        }
    }
}
