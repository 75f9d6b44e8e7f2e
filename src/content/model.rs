//! The content as written in files, after field-level checks. Ids are strings; resolving
//! them into a graph is `site.rs`'s job.

use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// A listing's extra fields (declared `.extra()` in `schema.rs`, read generically by the
/// loader): field name to value as written, trimmed; a date as YYYY-MM-DD. Only templates
/// show them: exports leave them out.
pub type Extra = BTreeMap<&'static str, String>;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Contact {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    // --- localoffer: more ways to get in touch
    /// Other numbers, each with what it is for (text, out of hours, WhatsApp).
    pub phones: Vec<OtherPhone>,
    /// A web address of a form to refer or apply.
    pub referral_form: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none()
            && self.email.is_none()
            && self.website.is_none()
            && self.phones.is_empty()
            && self.referral_form.is_none()
    }
}

/// One of a contact's other phone numbers.
#[derive(Debug, Clone, Serialize)]
pub struct OtherPhone {
    pub number: String,
    /// One of PHONE_KINDS.
    pub kind: String,
    /// When or what it is for, in the listing's words ("Evenings and weekends").
    pub label: Option<String>,
}

/// What another phone number is for: call, text, WhatsApp or out of hours.
pub const PHONE_KINDS: &[&str] = &["call", "text", "whatsapp", "out-of-hours"];

#[derive(Debug, Clone, Serialize)]
pub struct EmergencyContact {
    pub name: String,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// A number to text.
    pub text: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    pub name: String,
    pub area: String,
    pub council: String,
    pub description: String,
    /// Absolute URL of the live site, without a trailing slash (for canonical links).
    pub base_url: String,
    /// Where the site is published below base_url's host: `/` or a sub-path such as
    /// `/families/` (starts and ends with `/`; see address.rs).
    pub base_path: String,
    pub repository: Option<String>,
    pub branch: String,
    pub theme: String,
    pub review_months: u32,
    pub language: String,
    pub exit_url: String,
    /// When the accessibility statement was last reviewed.
    pub accessibility_reviewed: Option<Date>,
    pub contact: Contact,
    pub emergency: Vec<EmergencyContact>,
    /// The council's children's front door (where to report a worry about a child).
    pub front_door: Option<FrontDoor>,
    /// School terms, for sessions that run in term time only. Empty: not known.
    pub terms: Vec<Term>,
    /// Days regular sessions do not run.
    pub bank_holidays: Vec<Date>,
    // --- childcare: site settings
    /// Weeks a childcare provider's vacancies stay current after their date.
    pub vacancy_weeks: u32,
    /// The council's name in Ofsted's childcare providers file.
    pub ofsted_local_authority: String,
    /// The need whose page links to the childcare lists.
    pub early_years_need: Option<String>,
    /// Organisation types this site adds to the built-in ones.
    pub organisation_types: Vec<OrgType>,
    /// Where "Report a problem with this listing" goes (site.yaml's `report_problems`).
    pub report_problems: ReportProblems,
    // --- localoffer: the Local Offer's SEND needs and questions
    pub local_offer: super::local_offer::Settings,
}

impl SiteConfig {
    /// The name of a type the site added, if `code` is one.
    pub fn org_type_name(&self, code: &str) -> Option<&str> {
        self.organisation_types
            .iter()
            .find(|t| t.id == code)
            .map(|t| t.name.as_str())
    }
}

/// Where families' reports of a wrong listing go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ReportProblems {
    /// Netlify Forms: the form posts to the site, Netlify keeps each report.
    Netlify,
    /// The form opens the family's email app, addressed to the FIS (this address).
    Email(String),
    /// No form.
    Off,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrontDoor {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub hours: Option<String>,
    pub description: String,
}

/// A school term (or half term): term-time-only sessions run from `starts` to `ends`.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub name: String,
    pub starts: Date,
    pub ends: Date,
}

/// The first and last dates the terms tell us about: from the first term's start to the
/// last term's end, or to 31 August when the last term ends in June or July (the summer
/// holiday is known to follow it). `None` without terms.
pub fn terms_known(terms: &[Term]) -> Option<(Date, Date)> {
    let first = terms.iter().map(|t| t.starts).min()?;
    let last = terms.iter().map(|t| t.ends).max()?;
    let summer = (6..=7).contains(&last.month());
    let until = match Date::new(last.year(), 8, 31) {
        Ok(end) if summer => end,
        _ => last,
    };
    Some((first, until))
}

impl SiteConfig {
    /// Whether a date is in term time; `None` when the site has no term dates.
    pub fn in_term(&self, d: Date) -> Option<bool> {
        if self.terms.is_empty() {
            return None;
        }
        Some(self.terms.iter().any(|t| t.starts <= d && d <= t.ends))
    }

    /// Whether the terms say a date is a school holiday: between two terms, or in the summer
    /// holiday after a last term ending in June or July. A day past what the terms cover is
    /// not known to be one (before, holiday-only sessions "ran" every weekday after the last
    /// term given).
    pub fn school_holiday(&self, d: Date) -> bool {
        terms_known(&self.terms).is_some_and(|(first, until)| first <= d && d <= until)
            && self.in_term(d) == Some(false)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub label: String,
    pub description: String,
    pub dfe_category: Option<String>,
    pub needs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Need {
    pub id: String,
    pub label: String,
    pub description: String,
    pub synonyms: Vec<String>,
    /// Words that lead to the need in search but are never shown: misspellings, slang that
    /// would read oddly on a page.
    pub search_only: Vec<String>,
    pub sensitive: bool,
    /// National helplines, shown in the need's urgent help after 999.
    pub helplines: Vec<EmergencyContact>,
    pub category: String,
    pub dfe_subcategory: Option<String>,
    pub esd_need: Option<String>,
    /// Which part of the national Start for Life offer the need belongs to (an id from
    /// START_FOR_LIFE), if any.
    pub start_for_life: Option<String>,
}

/// The parts of the national Start for Life offer (pregnancy to age 2), in the order the
/// Start for Life page shows them. Their headings are named in the message catalogue
/// (`values.start_for_life.<id>`, see [`NAMED_VALUES`]).
pub const START_FOR_LIFE: &[&str] = &[
    "infant-feeding",
    "parenting-support",
    "perinatal-mental-health",
    "health-visiting",
    "midwifery-and-maternity",
    "early-language-and-learning",
];

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Locality {
    pub id: String,
    pub file: String,
    /// Its extra fields, shown only by templates.
    pub extra: Extra,
    pub name: String,
    pub summary: String,
    pub profile: Vec<Figure>,
    /// The area's boundary as (latitude, longitude) points, for maps. Empty: none given.
    pub outline: Vec<(f64, f64)>,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    pub const ALL: [Day; 7] = [
        Day::Monday,
        Day::Tuesday,
        Day::Wednesday,
        Day::Thursday,
        Day::Friday,
        Day::Saturday,
        Day::Sunday,
    ];
    pub const NAMES: [&'static str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    /// The days a word for several days means: `weekdays` (Monday to Friday), `weekends`
    /// (Saturday and Sunday), `daily` or `every day` (all seven); none for other words.
    pub fn group(s: &str) -> &'static [Day] {
        match s.trim().to_ascii_lowercase().as_str() {
            "weekdays" | "weekday" => &Day::ALL[..5],
            "weekends" | "weekend" => &Day::ALL[5..],
            "daily" | "every day" | "everyday" => &Day::ALL,
            _ => &[],
        }
    }

    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim().to_ascii_lowercase();
        Day::NAMES
            .iter()
            .position(|n| *n == s || n[..3] == s)
            .map(|i| Day::ALL[i])
    }
    /// The English name, for the checker's messages; pages name days from the catalogue
    /// (`text::day_name`).
    pub fn name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self as usize]
    }
}

/// Minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Time(pub u16);

impl Time {
    pub fn hhmm(self) -> String {
        format!("{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Hours {
    pub days: Vec<Day>,
    pub opens: Time,
    pub closes: Time,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hub {
    pub id: String,
    pub file: String,
    /// Its extra fields, shown only by templates.
    pub extra: Extra,
    pub name: String,
    pub locality: String,
    pub venue: String,
    pub summary: String,
    pub opening_hours: Vec<Hours>,
    pub contact: Contact,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Address {
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub county: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Venue {
    pub id: String,
    pub file: String,
    /// Its extra fields, shown only by templates.
    pub extra: Extra,
    pub name: String,
    pub address: Address,
    pub postcode: String,
    pub latitude: f64,
    pub longitude: f64,
    pub locality: String,
    pub hub: Option<String>,
    pub accessibility: Vec<String>,
    /// When its details were last checked (localoffer: review dates on venues).
    pub reviewed: Option<Date>,
    pub body: String,
    /// The Open Referral id the venue had where it was imported from, kept so exports
    /// publish the same id.
    pub oruk_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub id: String,
    pub file: String,
    /// Its extra fields, shown only by templates.
    pub extra: Extra,
    pub name: String,
    pub kind: String,
    pub summary: String,
    pub contact: Contact,
    pub charity_number: Option<String>,
    /// When its details were last checked (localoffer: review dates on organisations).
    pub reviewed: Option<Date>,
    pub body: String,
    pub oruk_id: Option<String>,
    /// Private: who keeps its listings up to date (`owner_email`). Never serialised, so no
    /// view or export built from this struct can carry it.
    #[serde(skip)]
    pub owner_email: Option<String>,
}

/// An age in months; pregnancy is before birth and counts as -9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Age(pub i32);

impl Age {
    pub const PREGNANCY: Age = Age(-9);
    pub fn is_pregnancy(self) -> bool {
        self.0 < 0
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Ages {
    pub from: Age,
    pub to: Age,
    pub send_to: Option<Age>,
}

#[derive(Debug, Clone, Serialize)]
pub enum Cost {
    Free,
    Paid {
        amount: Option<f64>,
        per: Option<String>,
        notes: Option<String>,
    },
}

impl Cost {
    pub fn is_free(&self) -> bool {
        matches!(self, Cost::Free)
    }
}

/// Areas a service covers beyond its venues.
#[derive(Debug, Clone, Serialize)]
pub enum Covers {
    Borough,
    /// Locality or hub ids.
    Areas(Vec<String>),
}

#[derive(Debug, Clone, Serialize)]
pub struct Where {
    pub venues: Vec<String>,
    pub home_visits: bool,
    pub online: bool,
    pub by_phone: bool,
    pub covers: Option<Covers>,
    // --- localoffer: confidential places and outreach
    /// The place is kept private (a refuge group): no venue, the area from `covers`,
    /// families are told where when they call.
    pub confidential: bool,
    /// Where workers go to meet people (street outreach), in the listing's words.
    pub outreach: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
}

#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub days: Vec<Day>,
    pub starts: Time,
    pub ends: Time,
    pub frequency: Frequency,
    /// For monthly sessions: 1-4, or -1 for the last.
    pub week: Option<i8>,
    /// For fortnightly sessions: one date the session runs.
    pub from_date: Option<Date>,
    pub term_time_only: bool,
    pub venue: Option<String>,
    pub notes: Option<String>,
    /// The groups this session alone is for (GROUPS codes: `dads`, `girls`); empty: the
    /// service's own audience.
    pub only_for: Vec<String>,
    /// The dates it is bounded by, if any (localoffer: dated sessions and events).
    pub dated: Dated,
}

// --- localoffer: dated sessions and events
/// When a session runs beyond its weekly pattern: a date range (or a course of N weeks,
/// read as its range), one-off dates, school holidays only, and dates it is closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dated {
    /// Its first date; None: it has always run.
    pub starts_on: Option<Date>,
    /// Its last date; None: it goes on.
    pub ends_on: Option<Date>,
    /// One-off dates: it runs on these and no others (its days are theirs). They run on
    /// bank holidays too: someone chose the date.
    pub on: Vec<Date>,
    /// Only in the school holidays (the gaps between site.yaml's terms).
    pub holidays_only: bool,
    /// Dates it does not run (closures), sorted.
    pub not_on: Vec<Date>,
}

impl Dated {
    pub fn is_empty(&self) -> bool {
        *self == Dated::default()
    }
    /// Its last date, when it has one: the end of its range or its last one-off date.
    pub fn last(&self) -> Option<Date> {
        self.on.iter().max().copied().or(self.ends_on)
    }
}

pub const ACCESS_ROUTES: &[&str] = &[
    "drop-in",
    "self-referral",
    "professional-referral",
    "booking",
];
pub const ORG_TYPES: &[&str] = &[
    "council",
    "nhs",
    "school",
    "early-years",
    "vcs",
    "faith",
    "private",
    "housing-association",
    "social-enterprise",
    "cic",
];

/// An organisation type a site adds in site.yaml (`organisation_types`), beside
/// [`ORG_TYPES`]: a code for listings and its name for pages and open data.
#[derive(Debug, Clone, Serialize)]
pub struct OrgType {
    pub id: String,
    pub name: String,
}
pub const COST_PER: &[&str] = &[
    "session", "week", "month", "term", "year", "course", "visit", "hour", "day",
];
pub const STATUSES: &[&str] = &["active", "paused"];
/// Levels of need, as written (1 universal to 4 statutory).
pub const LEVELS: &[&str] = &["1", "2", "3", "4"];
pub const FREQUENCIES: &[&str] = &["weekly", "fortnightly", "monthly"];
/// Which week of the month a monthly session runs, in order (`last` is read as -1).
pub const WEEKS_OF_MONTH: &[&str] = &["first", "second", "third", "fourth", "last"];
/// Accessibility features of a venue or a service, named in the message catalogue.
pub const ACCESSIBILITY: &[&str] = &[
    "step-free-access",
    "wheelchair-accessible",
    "accessible-toilet",
    "changing-places",
    "baby-changing",
    "hearing-loop",
    "parking",
    "lift",
    "quiet-space",
    "sensory-friendly",
    "bsl-interpreter",
    "large-print",
    "interpreters",
];
/// The languages the message catalogue names (so a translated theme names them in its
/// own language); a listing may name any other ISO 639 language (`content::language`).
pub const LANGUAGES: &[&str] = &[
    "en", "cy", "ur", "pl", "pa", "bn", "ar", "so", "ro", "gu", "pt", "lt", "ps", "fa", "ku", "ta",
    "zh", "tr", "uk", "ti", "bsl",
];

// --- localoffer: who a service is for

/// Who a service is for. Without `audience`, a service is for children and young people
/// (of its `ages`), as every listing was before the field existed.
pub const AUDIENCES: &[&str] = &[
    "children-and-young-people",
    "parents-and-carers",
    "whole-family",
    "adults",
];
/// The audience a listing has when it does not say.
pub const DEFAULT_AUDIENCE: &str = "children-and-young-people";
/// Groups a service or one session can be only for ("dads only", "girls only").
pub const GROUPS: &[&str] = &[
    "dads",
    "mums",
    "men",
    "women",
    "boys",
    "girls",
    "lgbtq-young-people",
    "young-carers",
    "care-experienced",
    "grandparents",
];

// --- holidays: Holiday Activities and Food (HAF) programme places

/// Who can get a free HAF place (`haf.eligibility`). Benefits-related free school meals is
/// the programme's rule; councils may offer some places to others in need (the DfE's
/// discretionary places), which the rest name.
pub const HAF_ELIGIBILITY: &[&str] = &[
    "free-school-meals",
    "looked-after",
    "social-worker",
    "send",
    "young-carers",
    "low-income",
    "referred",
    "anyone",
];

/// A service's HAF details: who gets a free place, how to book, how many places.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Haf {
    /// HAF_ELIGIBILITY codes, in the order written.
    pub eligibility: Vec<String>,
    /// The council's own rule, in its words.
    pub eligibility_notes: Option<String>,
    /// Where to book.
    pub booking: Option<String>,
    /// What to do with a booking code ("use the code on your HAF letter").
    pub booking_code: Option<String>,
    /// How many places there are, if said.
    pub places: Option<u32>,
}

/// The value lists whose values pages show by name: (list, codes). Content files hold the
/// codes; each value's name is the message `values.<list>.<code>` of the theme's catalogue
/// ([`value_key`]), so a language's catalogue translates it.
pub const NAMED_VALUES: &[(&str, &[&str])] = &[
    ("accessibility", ACCESSIBILITY),
    ("languages", LANGUAGES),
    ("start_for_life", START_FOR_LIFE),
    ("organisation_types", ORG_TYPES),
];

/// The message key of a value's name: `values.<list>.<code>`.
pub fn value_key(list: &str, code: &str) -> String {
    format!("values.{list}.{code}")
}

/// The name of a value of one of the [`NAMED_VALUES`] lists in the build's wording; a code
/// the list does not have reads as itself.
pub fn value_name(list: &str, code: &str) -> String {
    let known = NAMED_VALUES
        .iter()
        .any(|(l, codes)| *l == list && codes.contains(&code));
    if known {
        crate::render::messages::active().text(&value_key(list, code), &[])
    } else {
        code.to_string()
    }
}

pub fn language_name(code: &str) -> String {
    super::language::name(code)
}
pub fn accessibility_label(code: &str) -> String {
    value_name("accessibility", code)
}

#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub id: String,
    pub file: String,
    /// Its extra fields, shown only by templates.
    pub extra: Extra,
    pub name: String,
    pub organisation: String,
    pub summary: String,
    pub needs: Vec<String>,
    /// The parts of the Start for Life page that list it (START_FOR_LIFE ids); empty for
    /// the part of its first need that has one.
    pub start_for_life: Vec<String>,
    /// Who it is for by age (for parents and carers, their children's ages). None only when
    /// `audience` leaves out children and young people and no ages are given.
    pub ages: Option<Ages>,
    /// Who it is for (AUDIENCES codes), in the order written; empty: children and young
    /// people, the directory's default.
    pub audience: Vec<String>,
    /// The groups it is only for (GROUPS codes), such as dads or girls; empty: anyone in
    /// its audience.
    pub only_for: Vec<String>,
    pub eligibility: Option<String>,
    pub level: u8,
    pub access: Vec<String>,
    pub how_to_access: String,
    pub cost: Cost,
    pub where_: Where,
    pub schedule: Vec<Session>,
    pub schedule_notes: Option<String>,
    pub contact: Contact,
    pub languages: Vec<String>,
    pub accessibility: Vec<String>,
    pub paused: bool,
    /// When a paused service starts again, if known (localoffer).
    pub resumes: Option<Date>,
    /// Its part of the SEND Local Offer, if any (localoffer).
    pub local_offer: Option<super::local_offer::LocalOffer>,
    pub reviewed: Date,
    pub body: String,
    pub oruk_id: Option<String>,
    /// Where each id in `needs`, `where.venues` and `where.covers` was written, so a bad
    /// reference is reported at its own list item.
    #[serde(skip)]
    pub ref_paths: RefPaths,
    /// Private: who keeps the listing up to date (`owner_email`). Never serialised.
    #[serde(skip)]
    pub owner_email: Option<String>,
    /// Holiday Activities and Food details (holidays), if it is part of the programme.
    pub haf: Option<Haf>,
}

impl Service {
    /// Who it is for: its `audience`, or children and young people when it gives none.
    pub fn audience(&self) -> Vec<&str> {
        if self.audience.is_empty() {
            vec![DEFAULT_AUDIENCE]
        } else {
            self.audience.iter().map(String::as_str).collect()
        }
    }
    /// Whether it is for adults only: no children, young people or families.
    pub fn adults_only(&self) -> bool {
        self.audience() == ["adults"]
    }
}

#[derive(Debug, Clone, Default)]
pub struct RefPaths {
    pub needs: Vec<crate::yaml::Path>,
    pub venues: Vec<crate::yaml::Path>,
    pub covers: Vec<crate::yaml::Path>,
}

/// A postcode district ("MB2") or sector ("MB2 5") and its centre, from postcodes.yaml:
/// how "near me" turns a typed postcode into a place without asking anyone else.
#[derive(Debug, Clone, Serialize)]
pub struct PostcodeArea {
    /// Upper case, one space before a sector's digit: "MB2" or "MB2 5".
    pub code: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// Everything loaded from a content directory.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub site: Option<SiteConfig>,
    pub categories: Vec<Category>,
    pub needs: Vec<Need>,
    pub localities: Vec<Locality>,
    pub hubs: Vec<Hub>,
    pub venues: Vec<Venue>,
    pub organisations: Vec<Organisation>,
    /// Each listing stays in the box it was read into: sorting and gathering them moves
    /// pointers, not 650 bytes a listing (65 MB at 100,000 services, copied on one core).
    pub services: Vec<Box<Service>>,
    /// Files that exist but could not be read into a listing (their errors are already
    /// reported): ids by folder, so references to them are not reported again.
    pub failed: std::collections::HashSet<(String, String)>,
    /// Whether site.yaml and needs.yaml exist at all (they may exist and be broken).
    pub has_site_file: bool,
    pub has_needs_file: bool,
    /// postcodes.yaml (optional): districts and sectors with their centre points.
    pub postcodes: Vec<PostcodeArea>,
    /// Childcare providers (content/childcare/).
    pub childcare: Vec<super::childcare::ChildcareProvider>,
    // --- localoffer: content/local-offer/you-said-we-did.md, if there is one
    pub you_said_we_did: Option<super::local_offer::YouSaidWeDid>,
}
