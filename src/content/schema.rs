//! The one declaration of every content kind: each field's name, type, whether it is
//! required, its allowed values, its example and its wording for people.
//!
//! The loader ([`super::load`]) takes its allowed keys, required fields, allowed values and
//! examples from here; `signpost new`'s templates ([`crate::scaffold`]) and the field
//! tables in docs/content.md ([`docs`]) are generated from it; and it serialises
//! ([`to_json`]) so an editor's configuration can be made from it.
//!
//! Adding an optional text field to services: add a [`field`] marked [`Field::extra`] to
//! [`SERVICE`] (its place in the list is its place in `signpost new`'s template and the
//! docs table), run `cargo run --example docs` (docs/content.md is generated; `cargo
//! test` fails and prints that command until it is run), and show it in the theme's
//! `service.html` as `service.extra.<name>`, with any heading's wording in the theme's
//! message catalogue. Nothing else changes: no model field, no loader line, no view.
//!
//! An *extra* field is one the program has no use for beyond showing it. The loader reads
//! each one generically, by its declared type (text, web address, email, phone or date,
//! see [`Type::can_be_extra`]), with the same checks and messages as any field of that
//! type, into the listing's `extra` map (`model::Extra`: name to value as written,
//! trimmed; a date as YYYY-MM-DD). Services, organisations, venues, hubs and localities
//! read their extra fields; only a service's reach its template (`service.extra`) so far.
//! An extra field is page-only: the Open Referral export, the CSV, My list and the search
//! index leave it out until code maps it, at which point it stops being extra and gets a
//! model field of its own. Fields without the mark are read by name in `load.rs`, because
//! something (a check, a link, an export) uses their value.
//!
//! The loader reads each field with the reader for its declared type (`text`, `choice`,
//! `date`, ...; checked in debug builds), so its allowed values, whether it is required and
//! the example shown with its errors all come from here.

use super::childcare::{
    ENTITLEMENTS, FEE_PER, MEALS, OFSTED_STATUSES, OVERALL_GRADES, PROVIDER_TYPES, REGISTERS,
    REPORT_CARD_GRADES, SAFEGUARDING, WEEKS,
};
use super::model::{
    ACCESS_ROUTES, ACCESSIBILITY, AUDIENCES, COST_PER, Day, FREQUENCIES, GROUPS, HAF_ELIGIBILITY,
    LEVELS, ORG_TYPES, PHONE_KINDS, START_FOR_LIFE, STATUSES, WEEKS_OF_MONTH,
};
use serde::Serialize;

pub mod docs;

/// A content kind: a file or a folder of files, and the fields at its top.
#[derive(Debug, Serialize)]
pub struct Kind {
    /// The folder of its files ("services"), or its file's name without `.yaml` ("site").
    pub name: &'static str,
    /// Where its files are, relative to the content folder.
    pub files: &'static str,
    /// One markdown file a listing (fields between `---` lines, then a description), or
    /// one YAML file for the site.
    pub markdown: bool,
    pub fields: &'static Object,
    /// How `signpost new` writes a new file of this kind; None: it does not.
    pub scaffold: Option<Scaffolding>,
}

#[derive(Debug, Serialize)]
pub struct Scaffolding {
    /// What the template's first note calls it: "a new {noun}".
    pub noun: &'static str,
    /// The placeholder description after the fields.
    pub body: &'static str,
}

/// A group of fields: the top of a file, or a nested group such as `contact`.
#[derive(Debug, Serialize)]
pub struct Object {
    /// Names its table in docs/content.md: `<!-- fields:{id} start -->`.
    pub id: &'static str,
    /// Shown when the group is the wrong type or has no field filled in.
    pub example: &'static str,
    pub fields: &'static [Field],
    pub docs: Columns,
}

/// The columns of an object's field table in docs/content.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Columns {
    /// Field, Required?, What to write.
    Required,
    /// Field, Required?, What to write, If you leave it out.
    RequiredAndDefault,
    /// Field, What to write.
    WhatOnly,
    /// No table: the fields are described in the text around a parent's row.
    None,
}

#[derive(Debug, Serialize)]
pub struct Field {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub ty: Type,
    pub required: bool,
    /// A line (or lines) of YAML showing the field filled in; shown with its errors.
    pub example: &'static str,
    /// What to write, for the docs table. `{values}` is replaced by the allowed values.
    pub doc: &'static str,
    /// The docs table's "Required?" cell, when "Yes" or "No" would mislead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_required: Option<&'static str>,
    /// What happens when it is left out, for tables with that column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_default: Option<&'static str>,
    /// How to write a value that can be read, shown with an error about its value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'static str>,
    /// The note above the field in `signpost new`'s template, one `#` line per line.
    /// `{values}` is replaced by the allowed values.
    pub note: &'static str,
    pub scaffold: Blank,
    /// Read generically into the listing's `extra` map rather than by name: see the
    /// module's documentation.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub extra: bool,
}

/// What a field's value is.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Type {
    Text,
    Url,
    Email,
    Phone,
    Date,
    /// A time of day on the 24-hour clock, such as "09:30".
    Time,
    Number,
    /// true or false.
    Flag,
    Postcode,
    /// The id of a listing in Open Referral data (a UUID).
    Uuid,
    /// A new id for this entry: lowercase letters, numbers and hyphens.
    Id,
    /// The id of a file of another kind (the folder named).
    Ref {
        to: &'static str,
    },
    /// A list of ids of files of another kind.
    Refs {
        to: &'static str,
    },
    /// One of a fixed set of values.
    Choice {
        values: Choices,
    },
    /// A list of values from a fixed set.
    Choices {
        values: Choices,
    },
    TextList,
    DateList,
    /// A list of ISO 639 language codes (see `content::language`).
    Languages,
    /// pregnancy, a number of years, or "18 months".
    Age,
    /// `free`, an amount in pounds, or the group of fields named.
    FreeOrObject {
        object: &'static Object,
    },
    /// `borough`, or a list of locality and hub ids.
    Areas,
    /// A list of [latitude, longitude] points.
    Points,
    Object {
        object: &'static Object,
    },
    List {
        object: &'static Object,
    },
}

/// A fixed set of values, with what the website calls each when it has names.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub enum Choices {
    Plain(&'static [&'static str]),
    /// Codes named on pages: the list's name (the catalogue's `values.<list>.<code>`, see
    /// `model::NAMED_VALUES`) and its codes.
    Named(&'static str, &'static [&'static str]),
}

impl Choices {
    pub fn codes(self) -> Vec<&'static str> {
        match self {
            Choices::Plain(v) => v.to_vec(),
            Choices::Named(_, v) => v.to_vec(),
        }
    }
}

/// How a field is written in a new file's template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Blank {
    /// `name:` and nothing after it, to be filled in.
    Empty,
    /// `name: value`, a default to keep or change.
    Value(&'static str),
    /// `name: <the date today>`.
    Today,
    /// `name:` then its group's fields, indented.
    Group,
    /// `name:` then one list item holding its group's fields.
    FirstItem,
    /// Not in the template (the note says why it is rarely written by hand).
    Omit,
}

impl Type {
    /// Whether a field of this type can be an extra field: one value the loader can read
    /// and check without code of its own, and a template can show as it is.
    pub fn can_be_extra(&self) -> bool {
        matches!(
            self,
            Type::Text | Type::Url | Type::Email | Type::Phone | Type::Date
        )
    }
    /// The allowed values of a choice or list of choices.
    pub fn choices(&self) -> Option<Choices> {
        match self {
            Type::Choice { values } | Type::Choices { values } => Some(*values),
            _ => None,
        }
    }
    /// The group of fields a field holds (itself, in a list, or instead of `free`).
    pub fn object(&self) -> Option<&'static Object> {
        match self {
            Type::Object { object } | Type::List { object } | Type::FreeOrObject { object } => {
                Some(object)
            }
            _ => None,
        }
    }
}

impl Object {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        // The tables are 'static; find through a 'static reference.
        let fields: &'static [Field] = self.fields;
        fields.iter().find(|f| f.name == name)
    }
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
    /// The fields read generically into the listing's `extra` map.
    pub fn extra_fields(&self) -> impl Iterator<Item = &'static Field> {
        let fields: &'static [Field] = self.fields;
        fields.iter().filter(|f| f.extra)
    }
}

impl Field {
    /// The field's allowed values, if it has a fixed set.
    pub fn codes(&self) -> Vec<&'static str> {
        self.ty.choices().map(Choices::codes).unwrap_or_default()
    }
    /// The example with its value in double quotes (`phone: "01632 960101"`): how to keep
    /// a value YAML would otherwise read as a number.
    pub fn example_quoted(&self) -> String {
        match self.example.split_once(": ") {
            Some((k, v)) if !v.starts_with('"') => format!("{k}: \"{v}\""),
            _ => self.example.to_string(),
        }
    }
}

/// A field that is optional, has no note and no example yet: the builder's start.
pub const fn field(name: &'static str, ty: Type) -> Field {
    Field {
        name,
        ty,
        required: false,
        example: "",
        doc: "",
        doc_required: None,
        doc_default: None,
        help: None,
        note: "",
        scaffold: Blank::Empty,
        extra: false,
    }
}

impl Field {
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub const fn example(mut self, example: &'static str) -> Self {
        self.example = example;
        self
    }
    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.doc = doc;
        self
    }
    pub const fn doc_required(mut self, cell: &'static str) -> Self {
        self.doc_required = Some(cell);
        self
    }
    pub const fn doc_default(mut self, cell: &'static str) -> Self {
        self.doc_default = Some(cell);
        self
    }
    pub const fn help(mut self, help: &'static str) -> Self {
        self.help = Some(help);
        self
    }
    pub const fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }
    pub const fn blank(mut self, blank: Blank) -> Self {
        self.scaffold = blank;
        self
    }
    /// Marks the field as read generically into the listing's `extra` map and shown only
    /// by templates (see the module's documentation). Its type must be one
    /// [`Type::can_be_extra`] allows.
    pub const fn extra(mut self) -> Self {
        self.extra = true;
        self
    }
}

const fn refs(to: &'static str) -> Type {
    Type::Refs { to }
}
const fn reference(to: &'static str) -> Type {
    Type::Ref { to }
}
const fn choice(values: &'static [&'static str]) -> Type {
    Type::Choice {
        values: Choices::Plain(values),
    }
}

// ---------------------------------------------------------------------------------------
// Groups used in several kinds

pub static CONTACT: Object = Object {
    id: "contact",
    example: "contact:\n    phone: 01632 960101\n    email: hello@example.org\n    website: https://example.org",
    docs: Columns::WhatOnly,
    fields: &[
        field("phone", Type::Phone)
            .example("phone: 01632 960101")
            .doc("One UK phone number"),
        field("email", Type::Email)
            .example("email: hello@example.org")
            .doc("One email address, such as `hello@example.org`"),
        field("website", Type::Url)
            .example("website: https://example.org/page")
            .doc("One web address, starting `https://` (or `http://`)"),
        // --- localoffer: more ways to get in touch
        field("phones", Type::List { object: &OTHER_PHONE })
            .example(OTHER_PHONE.example)
            .doc("Other phone numbers, each with what it is for: `number`, `kind` ({values:kind}) and an optional `label`. See [Contact details](#contact-details)"),
        field("referral_form", Type::Url)
            .example("referral_form: https://example.org/refer")
            .doc("The web address of a form to refer someone or apply, starting `https://`"),
    ],
};

// --- localoffer: more ways to get in touch
pub static OTHER_PHONE: Object = Object {
    id: "other_phone",
    example: "phones:\n  - number: 07700 900123\n    kind: text\n  - number: 01632 960999\n    kind: out-of-hours\n    label: Evenings and weekends",
    docs: Columns::None,
    fields: &[
        field("number", Type::Phone)
            .required()
            .example("number: 07700 900123")
            .doc("A UK phone number"),
        field("kind", choice(PHONE_KINDS))
            .example("kind: text")
            .doc("{values}. The default is `call`"),
        field("label", Type::Text)
            .example("label: Evenings and weekends")
            .doc("When or what the number is for, in a few words"),
    ],
};

const fn oruk_id() -> Field {
    field("oruk_id", Type::Uuid)
        .example("oruk_id: 3f7b145d-84af-42d7-8fae-eaca714b02b2")
        .doc("Written by `signpost import`. See [Imported listings](#imported-listings-oruk_id)")
        .help(
            "this field is written by `signpost import`; copy the id unchanged or remove the line",
        )
        .blank(Blank::Omit)
}

// --- editing: the private owner email
/// The field named by [`OWNER_EMAIL`]: who keeps a listing up to date, for reminders only.
/// Private by construction: the model keeps it out of serialisation and no view, export or
/// index reads it (tests/owner_email.rs builds the sample and looks for it in every file).
pub const OWNER_EMAIL: &str = "owner_email";

const fn owner_email() -> Field {
    field(OWNER_EMAIL, Type::Email)
        .example("owner_email: listings@example.org")
        .doc("Private. The email address of whoever keeps this listing up to date, if it is not the public `contact` email. `signpost check --stale` sends review reminders there. It is never shown on the website, in the open data, the CSV, search or My list")
        .help("write one email address, such as `listings@example.org`; it stays private")
        .note("Optional and private: who we email to check this listing. Never shown on the website.")
}
// --- end editing

/// A list of days: also read as three-letter names (`mon`).
const fn days(example_in_template: &'static str) -> Field {
    field(
        "days",
        Type::Choices {
            values: Choices::Plain(&Day::NAMES),
        },
    )
    .required()
    .example("days: [monday, wednesday]")
    .doc("A list of days. See [Days](#days)")
    .blank(Blank::Value(example_in_template))
}

// ---------------------------------------------------------------------------------------
// site.yaml

pub static SITE: Object = Object {
    id: "site",
    example: "name: Marlbrook Family Directory",
    docs: Columns::RequiredAndDefault,
    fields: &[
        field("format", Type::Number)
            .example("format: 2")
            .doc("Which version of the content format the folder is written in. `signpost init` writes it and `signpost upgrade` changes it; do not change it by hand. See [Content formats](#content-formats)")
            .doc_default("1, the first format"),
        field("name", Type::Text)
            .required()
            .example("name: Marlbrook Family Directory")
            .doc("The name of the website")
            .doc_default("–"),
        field("area", Type::Text)
            .required()
            .example("area: Marlbrook")
            .doc("The name of the borough, used in phrases like \"Families anywhere in Marlbrook\"")
            .doc_default("–"),
        field("council", Type::Text)
            .example("council: Marlbrook Borough Council")
            .doc("The council's full name")
            .doc_default("The area followed by \"Council\""),
        field("description", Type::Text)
            .example("description: Help and activities for families.")
            .doc("One sentence about the site, used by search engines")
            .doc_default("No description"),
        field("base_url", Type::Url)
            .example("base_url: https://example.org/page")
            .doc("The web address of the live site, starting `https://`")
            .doc_default("Pages do not say their full address"),
        field("base_path", Type::Text)
            .example("base_path: /families/")
            .doc("Where the site is published on that address when it is not the whole site, like `/families/` for `https://www.marlbrook.gov.uk/families/`. Starts and ends with `/`. Every link, script, search file and open data address starts with it; the built folder is what you publish there")
            .doc_default("`/`"),
        field("repository", Type::Url)
            .example("repository: https://example.org/page")
            .doc("The GitHub address where the content is kept. Used for \"Suggest a change\" links")
            .doc_default("No \"Suggest a change\" links"),
        field("branch", Type::Text)
            .example("branch: main")
            .doc("The GitHub branch for \"Suggest a change\" links")
            .doc_default("`main`"),
        field("theme", Type::Id)
            .example("theme: default")
            .doc("The name of a folder in `themes/` (an id)")
            .doc_default("`default`"),
        field("review_months", Type::Number)
            .example("review_months: 12")
            .doc("How many months a listing can go without a check before it is marked out of date. A whole number from 1 to 60")
            .doc_default("12"),
        field("language", Type::Text)
            .example("language: en")
            .doc("The language code of the website")
            .doc_default("`en`"),
        field("exit_url", Type::Url)
            .example("exit_url: https://example.org/page")
            .doc("Where the \"Exit this page\" button takes people. Choose a neutral site")
            .doc_default("`https://www.bbc.co.uk/weather`"),
        field("accessibility_reviewed", Type::Date)
            .example("accessibility_reviewed: 2026-11-20")
            .doc("When the accessibility statement was last reviewed (the law asks a public sector website to say so). Update it each time the statement is checked")
            .doc_default("The statement gives no date, and `signpost check` warns"),
        field("contact", Type::Object { object: &CONTACT })
            .example(CONTACT.example)
            .doc("The FIS's own `phone`, `email` and `website`. See [Contact details](#contact-details)")
            .doc_default("No contact in the footer"),
        field("emergency", Type::List { object: &EMERGENCY })
            .example(EMERGENCY.example)
            .doc("A list of emergency contacts")
            .doc_default("No emergency contacts"),
        field("front_door", Type::Object { object: &FRONT_DOOR })
            .example(FRONT_DOOR.example)
            .doc("The council's children's front door: where anyone can report a worry about a child. See below")
            .doc_default("The urgent help box shows only the emergency contacts"),
        field("terms", Type::List { object: &TERM })
            .example(TERM.example)
            .doc("School term dates, so timetables know when \"term time only\" sessions run. See below")
            .doc_default("Term-time sessions are shown every week, marked \"term time only\""),
        field("bank_holidays", Type::DateList)
            .example("bank_holidays: [2026-12-25, 2026-12-28]")
            .doc("A list of dates when regular sessions do not run, such as `[2026-12-25, 2026-12-28]`")
            .doc_default("Sessions are shown on bank holidays too"),
        field("organisation_types", Type::List { object: &ORG_TYPE })
            .example(ORG_TYPE.example)
            .doc("Organisation types to add to the built-in ones, each with an `id` for organisations' `type` and the `name` pages show. See [Organisation types](#organisation-types)")
            .doc_default("Only the built-in types"),
        // --- localoffer: the Local Offer's SEND needs and questions
        field("send_needs", Type::List { object: &SEND_NEED_TYPE })
            .example(SEND_NEED_TYPE.example)
            .doc("SEND needs to add to the built-in ones, each with an `id` for listings' `local_offer.send_needs` and the `name` pages show. See [The Local Offer](#the-local-offer)")
            .doc_default("Only the built-in SEND needs"),
        field("local_offer_questions", Type::List { object: &LOCAL_OFFER_QUESTION })
            .example(LOCAL_OFFER_QUESTION.example)
            .doc("Local Offer questions to add to the built-in ones, each with an `id` for listings' answers and the `question` pages show as a heading. Give a built-in question's `id` to reword it. See [The Local Offer](#the-local-offer)")
            .doc_default("The built-in questions (SEND Regulations 2014, Schedule 2)"),
        field("send_need", reference("needs"))
            .example("send_need: send-advice-and-support")
            .doc("The id of the need (from `needs.yaml`) whose page links to the Local Offer")
            .doc_default("Only the home page links to it"),
        // --- editing: "Report a problem with this listing" (issue 25)
        field("report_problems", choice(REPORT_PROBLEMS))
            .example("report_problems: netlify")
            .doc("How families send the \"Report a problem with this listing\" form on service pages: `netlify` (Netlify Forms keeps each report; the site must be published on Netlify), `email` (the form opens the family's email app, addressed to `contact.email`) or `off` (no form). See [Reports of problems](#reports-of-problems)")
            .doc_default("`email` when `contact.email` is set, otherwise `off`"),
        // --- childcare: site settings
        field("vacancy_weeks", Type::Number)
            .example("vacancy_weeks: 4")
            .doc("How many weeks a childcare provider's vacancies stay current after their `as_at` date. Older vacancies are shown as not known and listed by `signpost check --stale`. A whole number from 1 to 52")
            .doc_default("4"),
        field("ofsted_local_authority", Type::Text)
            .example("ofsted_local_authority: Marlbrook")
            .doc("The council's name as Ofsted's childcare providers file writes it in its \"Local authority\" column, so `signpost import ofsted` keeps only your area's providers")
            .doc_default("The `area`"),
        field("early_years_need", reference("needs"))
            .example("early_years_need: childcare-and-early-education")
            .doc("The id of the need (from `needs.yaml`) whose page links to the childcare lists")
            .doc_default("Only the home page links to them"),
    ],
};

/// The values of site.yaml's `report_problems`.
pub const REPORT_PROBLEMS: &[&str] = &["netlify", "email", "off"];

pub static EMERGENCY: Object = Object {
    id: "emergency",
    example: "emergency:\n  - name: Police, fire or ambulance\n    phone: \"999\"\n    description: If a child is in immediate danger.",
    docs: Columns::Required,
    fields: &[
        field("name", Type::Text)
            .required()
            .example("name: Police, fire or ambulance")
            .doc("Who to contact"),
        field("phone", Type::Phone)
            .example("phone: \"999\"")
            .doc("A UK phone number. See [Phone numbers](#phone-numbers)"),
        field("website", Type::Url)
            .example("website: https://example.org/page")
            .doc("A web address starting `https://`"),
        // --- finder: a number to text, for text-only helplines
        field("text", Type::Text)
            .example("text: \"85258\"")
            .doc("A number to text, if they answer texts (such as Shout's 85258). Say what to send in `description`"),
        field("description", Type::Text)
            .example("description: If a child is in danger.")
            .doc("When to use it, in one or two sentences"),
    ],
};

pub static FRONT_DOOR: Object = Object {
    id: "front_door",
    example: "front_door:\n  name: Children's Services front door\n  phone: 01632 960200\n  hours: Monday to Friday, 8:30am to 5pm\n  description: If you are worried a child is being harmed or neglected.",
    docs: Columns::Required,
    fields: &[
        field("name", Type::Text)
            .required()
            .example("name: Children's Services front door")
            .doc("Its name, such as \"Marlbrook Children's Services front door\""),
        field("phone", Type::Phone)
            .example("phone: 01632 960200")
            .doc("A UK phone number")
            .doc_required("At least one of `phone`, `email` and `website`"),
        field("email", Type::Email)
            .example("email: frontdoor@example.org")
            .doc("An email address")
            .doc_required(""),
        field("website", Type::Url)
            .example("website: https://example.org/page")
            .doc("A web address starting `https://`")
            .doc_required(""),
        field("hours", Type::Text)
            .example("hours: Monday to Friday, 8:30am to 5pm")
            .doc("When it is open, in words, such as \"Monday to Friday, 8:30am to 5pm\""),
        field("description", Type::Text)
            .example("description: If you are worried a child is being harmed or neglected.")
            .doc("When to contact it, in one or two sentences"),
    ],
};

/// How to write a language, shown with an error about one (services and childcare).
const LANGUAGES_HELP: &str = "Write each language as its ISO 639 code: the two-letter code where the language has one (sk for Slovak, cs for Czech, pl for Polish), otherwise the three-letter code (rom for Romani). British Sign Language is bsl";

pub static ORG_TYPE: Object = Object {
    id: "organisation_type",
    example: "organisation_types:\n  - id: tenants-association\n    name: Tenants' association",
    docs: Columns::None,
    fields: &[
        field("id", Type::Id)
            .required()
            .example("id: tenants-association")
            .doc("The code organisations write in `type`: lowercase letters, numbers and hyphens"),
        field("name", Type::Text)
            .required()
            .example("name: Tenants' association")
            .doc("What pages and open data call the type"),
    ],
};

pub static TERM: Object = Object {
    id: "term",
    example: "terms:\n  - name: Autumn term\n    starts: 2026-09-03\n    ends: 2026-10-23",
    docs: Columns::None,
    fields: &[
        field("name", Type::Text)
            .example("name: Autumn term")
            .doc("The term's name, such as \"Autumn term (first half)\""),
        field("starts", Type::Date)
            .required()
            .example("starts: 2026-09-03")
            .doc("The first day of the term"),
        field("ends", Type::Date)
            .required()
            .example("ends: 2026-10-23")
            .doc("The last day of the term"),
    ],
};

// ---------------------------------------------------------------------------------------
// needs.yaml

pub static NEEDS_FILE: Object = Object {
    id: "needs",
    example: NEEDS_EXAMPLE,
    docs: Columns::None,
    fields: &[field("categories", Type::List { object: &CATEGORY })
        .required()
        .example(NEEDS_EXAMPLE)
        .doc("The categories of needs")],
};

const NEEDS_EXAMPLE: &str = "categories:\n  - id: family-support\n    label: Family support\n    needs:\n      - id: money-and-debt\n        label: Money and debt";

pub static CATEGORY: Object = Object {
    id: "category",
    example: NEEDS_EXAMPLE,
    docs: Columns::Required,
    fields: &[
        field("id", Type::Id)
            .required()
            .example("id: family-support")
            .doc("A short name for the category (same rules as [ids](#file-names-are-ids))"),
        field("label", Type::Text)
            .required()
            .example("label: Family support")
            .doc("The name people see"),
        field("description", Type::Text)
            .example("description: Help for the whole family.")
            .doc("One plain sentence about the category"),
        field("dfe_category", Type::Text)
            .example("dfe_category: Family support")
            .doc("The matching Department for Education family hub category name, if there is one. Free text: signpost does not check it against the Department's list, so copy the name exactly as the Department writes it; it is only passed on in the open data"),
        field("needs", Type::List { object: &NEED })
            .required()
            .example("needs:\n  - id: money-and-debt\n    label: Money and debt")
            .doc("The list of needs in this category"),
    ],
};

pub static NEED: Object = Object {
    id: "need",
    example: "- id: money-and-debt\n  label: Money and debt\n  synonyms: [debt, skint, bills]",
    docs: Columns::Required,
    fields: &[
        field("id", Type::Id)
            .required()
            .example("id: money-and-debt")
            .doc("A short name for the need. Services use this id in their `needs` field"),
        field("label", Type::Text)
            .required()
            .example("label: Money and debt")
            .doc("The name people see. Write it the way a parent would say it"),
        field("description", Type::Text)
            .example("description: Help with bills and debt.")
            .doc("One or two plain sentences about what this covers"),
        field("synonyms", Type::TextList)
            .example("synonyms: [debt, skint, bills]")
            .doc("Other words people use for this need, shown on the need's page under \"Also covers\" and searched"),
        // --- finder: words searched but never shown
        field("search_only", Type::TextList)
            .example("search_only: [skint, brassic, det]")
            .doc("Words that lead to this need in search but are never shown on a page: common misspellings and slang"),
        field("sensitive", Type::Flag)
            .example("sensitive: true")
            .doc("`true` or `false`. The default is `false`"),
        // --- finder: national helplines in the need's urgent help
        field("helplines", Type::List { object: &EMERGENCY })
            .example("helplines:\n  - name: National Domestic Abuse Helpline\n    phone: 0808 2000 247\n    description: Free, 24 hours a day.")
            .doc("National helplines for this need, in the same form as site.yaml's `emergency`. The need's page shows them in its urgent help box after 999 and before the council's own lines"),
        field("dfe_subcategory", Type::Text)
            .example("dfe_subcategory: Debt and welfare advice")
            .doc("The matching Department for Education family hub sub-category name, if there is one. Free text, not checked: copy it exactly (see `dfe_category`)"),
        field("esd_need", Type::Text)
            .example("esd_need: Money")
            .doc("A matching need from a national list your council uses for sharing data, if any. Free text, not checked against that list. Leave it out if you are not sure"),
        field(
            "start_for_life",
            Type::Choice {
                values: Choices::Named("start_for_life", START_FOR_LIFE),
            },
        )
        .example("start_for_life: infant-feeding")
        .doc("Which part of the national Start for Life offer this need belongs to, if any: {values}"),
    ],
};

// ---------------------------------------------------------------------------------------
// postcodes.yaml

const POSTCODES_EXAMPLE: &str = "postcodes:\n  - {code: MB2, latitude: 53.0881, longitude: -1.4166}\n  - {code: MB2 5, latitude: 53.0872, longitude: -1.4144}";

pub static POSTCODES_FILE: Object = Object {
    id: "postcodes_file",
    example: POSTCODES_EXAMPLE,
    docs: Columns::None,
    fields: &[field(
        "postcodes",
        Type::List {
            object: &POSTCODE_AREA,
        },
    )
    .required()
    .example(POSTCODES_EXAMPLE)
    .doc("The postcode districts and sectors")],
};

pub static POSTCODE_AREA: Object = Object {
    id: "postcodes",
    example: "- {code: MB2 5, latitude: 53.0872, longitude: -1.4144}",
    docs: Columns::Required,
    fields: &[
        field("code", Type::Postcode)
            .required()
            .example("code: MB2 5")
            .doc("A district such as `MB2` or a sector such as `MB2 5`. Capitals or small letters. Not a full postcode")
            .help("a district is the first part of a postcode (MB2); a sector adds the next digit (MB2 5)"),
        field("latitude", Type::Number)
            .required()
            .example("latitude: 53.0872")
            .help("use the centre of the area from a map: latitude about 50 to 60 in the UK, longitude about -8 to 2")
            .doc("How far north the centre is, between about 50 and 60 in the UK"),
        field("longitude", Type::Number)
            .required()
            .example("longitude: -1.4144")
            .doc("How far east or west the centre is, between about -8 and 2 in the UK"),
    ],
};

// ---------------------------------------------------------------------------------------
// localities/

pub static LOCALITY: Object = Object {
    id: "localities",
    example: "name: Marlbrook Town\nsummary: The town centre and nearby estates.",
    docs: Columns::Required,
    fields: &[
        field("name", Type::Text)
            .required()
            .example("name: Marlbrook Town")
            .doc("The name of the area")
            .note("The area's name, as families know it. Example: Northfield"),
        field("summary", Type::Text)
            .example("summary: The town centre and nearby estates.")
            .doc("One sentence about the area")
            .note("Optional: one sentence about the area."),
        field("profile", Type::List { object: &FIGURE })
            .example(FIGURE.example)
            .doc("A list of figures about the area. Each has a `label` (text) and a `value` (a number)")
            .blank(Blank::Omit),
        field("outline", Type::Points)
            .example("outline:\n  - [53.0610, -1.4250]\n  - [53.0610, -1.3850]\n  - [53.0380, -1.3850]\n  - [53.0380, -1.4250]")
            .doc("The area's boundary, for maps: a list of at least 3 `[latitude, longitude]` points in order around the edge")
            .blank(Blank::Omit),
    ],
};

pub static FIGURE: Object = Object {
    id: "figure",
    example: "profile:\n  - label: Children aged 0 to 4\n    value: 4210",
    docs: Columns::None,
    fields: &[
        field("label", Type::Text)
            .required()
            .example("label: Children aged 0 to 4")
            .doc("What the figure counts"),
        field("value", Type::Number)
            .required()
            .example("value: 4210")
            .doc("The figure, a number"),
    ],
};

// ---------------------------------------------------------------------------------------
// hubs/

pub static HUB: Object = Object {
    id: "hubs",
    example: "name: Central Family Hub\nlocality: town-centre\nvenue: central-family-hub",
    docs: Columns::Required,
    fields: &[
        field("name", Type::Text)
            .required()
            .example("name: Central Family Hub")
            .doc("The name of the hub")
            .note("The hub's name. Example: Central Family Hub"),
        field("locality", reference("localities"))
            .required()
            .example("locality: town-centre")
            .doc("The id of the locality the hub is in")
            .note("The locality it serves: a file name from localities/, without .md."),
        field("venue", reference("venues"))
            .required()
            .example("venue: central-family-hub")
            .doc("The id of the hub's main building, from `venues/`. The venue must be in the same locality as the hub")
            .note("Its main building: a file name from venues/, without .md."),
        field("summary", Type::Text)
            .example("summary: Help for families in the town centre.")
            .doc("One sentence about the hub")
            .note("One sentence about the hub."),
        field("opening_hours", Type::List { object: &OPENING_HOURS })
            .example(OPENING_HOURS.example)
            .doc("A list of opening times. See below")
            .note("When it is open: days (monday to sunday) and 24-hour times in quotes.")
            .blank(Blank::FirstItem),
        field("contact", Type::Object { object: &CONTACT })
            .example(CONTACT.example)
            .doc("The hub's `phone`, `email` and `website`. See [Contact details](#contact-details)")
            .blank(Blank::Group),
    ],
};

pub static OPENING_HOURS: Object = Object {
    id: "opening_hours",
    example: "opening_hours:\n  - days: [monday, tuesday]\n    opens: \"09:00\"\n    closes: \"17:00\"",
    docs: Columns::Required,
    fields: &[
        days("[]"),
        field("opens", Type::Time)
            .required()
            .example("opens: \"09:00\"")
            .doc("The opening time, such as `\"08:30\"`"),
        field("closes", Type::Time)
            .required()
            .example("closes: \"17:00\"")
            .doc("The closing time, such as `\"17:00\"`. It must be later than `opens`"),
    ],
};

// ---------------------------------------------------------------------------------------
// venues/

pub static VENUE: Object = Object {
    id: "venues",
    example: "name: Northfield Library\naddress:\n  line1: 12 Chapel Street\n  town: Marlbrook\npostcode: MB2 5HT\nlatitude: 53.0712\nlongitude: -1.4123\nlocality: northfield-and-ashby",
    docs: Columns::Required,
    fields: &[
        field("name", Type::Text)
            .required()
            .example("name: Northfield Library")
            .doc("The name of the building")
            .note("The place's name. Example: Northfield Library"),
        field("address", Type::Object { object: &ADDRESS })
            .required()
            .example(ADDRESS.example)
            .doc("The address. It holds `line1` (required), `line2` (optional), `town` (required) and `county` (optional)")
            .blank(Blank::Group),
        field("postcode", Type::Postcode)
            .required()
            .example("postcode: MB2 5HT")
            .doc("A UK postcode, such as `MB2 5HT`. Its last two letters are never C, I, K, M, O or V (Royal Mail's rule), so `MB2 5HC` is refused as a typo")
            .note("A UK postcode. Example: MB2 5HT"),
        field("latitude", Type::Number)
            .required()
            .example("latitude: 53.0712")
            .doc("How far north the building is, as a number. In the UK this is between about 50 and 60")
            .help("find the place on a map and copy its latitude (about 50 to 60 in the UK) and longitude (about -8 to 2)")
            .note("Find the place on a map and copy its position. Example: 53.0712 and -1.4123"),
        field("longitude", Type::Number)
            .required()
            .example("longitude: -1.4123")
            .doc("How far east or west the building is, as a number. In the UK this is between about -8 and 2. West of Greenwich it starts with a minus sign"),
        field("locality", reference("localities"))
            .required()
            .example("locality: northfield-and-ashby")
            .doc("The id of the locality the venue is in")
            .note("The locality it is in: a file name from localities/, without .md."),
        field("hub", reference("hubs"))
            .example("hub: northfield-family-hub")
            .doc("The id of the family hub whose area the venue is in. The hub must be in the same locality as the venue")
            .note("Optional: the family hub it belongs to, a file name from hubs/."),
        field(
            "accessibility",
            Type::Choices {
                values: Choices::Named("accessibility", ACCESSIBILITY),
            },
        )
        .example("accessibility: [step-free-access, baby-changing]")
        .doc("A list of accessibility features. See [Accessibility codes](#accessibility-codes)")
        .note("Optional, from: {values}")
        .blank(Blank::Value("[]")),
        place_reviewed(),
        oruk_id(),
    ],
};

pub static ADDRESS: Object = Object {
    id: "address",
    example: "address:\n  line1: 12 Chapel Street\n  town: Marlbrook",
    docs: Columns::None,
    fields: &[
        field("line1", Type::Text)
            .required()
            .example("line1: 12 Chapel Street")
            .doc("The first line of the address"),
        field("line2", Type::Text)
            .example("line2: Northfield")
            .doc("The second line of the address")
            .note("Optional."),
        field("town", Type::Text)
            .required()
            .example("town: Marlbrook")
            .doc("The town"),
        field("county", Type::Text)
            .example("county: Marlshire")
            .doc("The county")
            .note("Optional."),
    ],
};

// ---------------------------------------------------------------------------------------
// organisations/

pub static ORGANISATION: Object = Object {
    id: "organisations",
    example: "name: Safe Harbour\ntype: vcs\nsummary: Support for people affected by domestic abuse.\ncontact:\n  website: https://safeharbour.example",
    docs: Columns::Required,
    fields: &[
        field("name", Type::Text)
            .required()
            .example("name: Safe Harbour")
            .doc("The organisation's name")
            .note("The organisation's full name. Example: Safe Harbour"),
        field("type", choice(ORG_TYPES))
            .required()
            .example("type: vcs")
            .doc("One of the types below, or one `site.yaml` adds under `organisation_types`")
            .note("What kind of organisation it is, one of: {values}\n(vcs is a voluntary or community group or charity)"),
        field("summary", Type::Text)
            .example("summary: What the organisation does, in one sentence.")
            .doc("One sentence about what the organisation does")
            .note("One sentence: what the organisation does."),
        field("contact", Type::Object { object: &CONTACT })
            .example(CONTACT.example)
            .doc("The organisation's `phone`, `email` and `website`. See [Contact details](#contact-details)")
            .note("How families contact you: at least one of phone, email and website.\nPhone: a UK number. Website: starting with https://")
            .blank(Blank::Group),
        field("charity_number", Type::Text)
            .example("charity_number: \"1234567\"")
            .doc("The registered charity number, in quotes, such as `\"1290451\"`")
            .help("a registered charity number has 6 to 8 digits (Scotland: SC followed by 6 digits)")
            .note("Optional: your registered charity number, in quotes. Example: \"1234567\""),
        // --- editing: the private owner email (issue 21 item 4, issue 25)
        owner_email(),
        place_reviewed(),
        oruk_id(),
    ],
};

// ---------------------------------------------------------------------------------------
// services/

pub static SERVICE: Object = Object {
    id: "services",
    example: "name: Rhyme Time\norganisation: city-libraries\nsummary: Songs and stories for babies.\nneeds: [baby-and-toddler-groups]",
    docs: Columns::Required,
    fields: &[
        field("name", Type::Text)
            .required()
            .example("name: Little Listeners Rhyme Time")
            .doc("The name of the service")
            .note("The name families know it by. Example: Little Listeners Rhyme Time"),
        field("organisation", reference("organisations"))
            .required()
            .example("organisation: city-libraries")
            .doc("The id of the organisation that runs it, from `organisations/`")
            .note("Who runs it: the file name of the organisation in organisations/, without .md."),
        field("summary", Type::Text)
            .required()
            .example("summary: Songs, rhymes and stories for babies and their grown-ups.")
            .doc("One sentence about the service. Keep it under 200 characters")
            .note("One sentence, under 200 characters: what it is and who it is for."),
        field("needs", refs("needs"))
            .required()
            .example("needs: [baby-and-toddler-groups, early-language-and-learning]")
            .doc("A list of at least one need id from `needs.yaml`")
            .note("What it helps with: ids from needs.yaml, in square brackets, separated by commas.\nExample: [baby-and-toddler-groups, early-language-and-learning]")
            .blank(Blank::Value("[]")),
        field(
            "start_for_life",
            Type::Choices {
                values: Choices::Named("start_for_life", START_FOR_LIFE),
            },
        )
        .example("start_for_life: [health-visiting]")
        .doc("The parts of the Start for Life page (pregnancy to age 2) that list this service, if it is for under-2s: {values}. Without it, the service is listed once, under the part of its first need that has one. See [Start for Life](#start-for-life)")
        .blank(Blank::Omit),
        field("ages", Type::Object { object: &AGES })
            .required()
            .example(AGES.example)
            .doc("Who the service is for, by age. See [Ages](#ages). For a service for parents and carers or the whole family, the ages of their children")
            .doc_required("Yes, unless `audience` leaves out `children-and-young-people` (then optional)")
            .note("Who it is for. from: pregnancy, an age in years (0 to 25) or \"18 months\".")
            .blank(Blank::Group),
        // --- localoffer: who a service is for
        audience(),
        only_for("only_for: [dads]", "The groups the service is only for, if any: {values}. Pages add \"dads only\". See [Who it is for](#who-it-is-for)"),
        field("eligibility", Type::Text)
            .example("eligibility: Families living in Marlbrook.")
            .doc("Who else can or cannot use it, in plain words")
            .note("Optional: anyone else who can or cannot come, in a sentence."),
        field("level", choice(LEVELS))
            .required()
            .example("level: 1")
            .doc("The level of need: 1, 2, 3 or 4. See [Levels of need](#levels-of-need)")
            .help("use 1 (universal: open to everyone), 2 (additional: early help), 3 (complex: targeted or specialist) or 4 (acute: statutory social care)")
            .note("Level of need: 1 open to everyone, 2 some extra help (early help),\n3 targeted or specialist, 4 statutory social care."),
        field(
            "access",
            Type::Choices {
                values: Choices::Plain(ACCESS_ROUTES),
            },
        )
        .required()
        .example("access: [drop-in, self-referral]")
        .doc("How families get the service. See [Access routes](#access-routes)")
        .note("How families get it, one or more of: {values}")
        .blank(Blank::Value("[]")),
        field("how_to_access", Type::Text)
            .required()
            .example("how_to_access: Just turn up. You do not need to book.")
            .doc("What a family needs to do, in plain words")
            .note("In plain words: what to do to get this help. Example: Just turn up. You do not need to book."),
        field("what_to_bring", Type::Text)
            .extra()
            .example("what_to_bring: An apron and a container to take your food home.")
            .doc("Anything families should bring with them, such as a towel, a snack or proof of address. Shown on the service's page only, not in the open data")
            .note("Optional: anything families should bring. Example: A towel and a spare nappy."),
        // --- holidays: Holiday Activities and Food (HAF)
        field("haf", Type::Object { object: &HAF })
            .example(HAF.example)
            .doc("For a Holiday Activities and Food (HAF) club: who can get a free place, how to book and how many places. See [Holiday Activities and Food (HAF)](#holiday-activities-and-food-haf)")
            .blank(Blank::Omit),
        field("cost", Type::FreeOrObject { object: &COST })
            .required()
            .example(COST.example)
            .doc("`free`, or what it costs. See [Cost](#cost)")
            .note("free, an amount in pounds (3.50), or amount, per ({values:per}) and notes."),
        field("where", Type::Object { object: &WHERE })
            .required()
            .example(WHERE.example)
            .doc("Where the service happens. See [Where the service happens](#where-the-service-happens)")
            .note("Where it happens: venue file names from venues/, and/or true for the others.")
            .blank(Blank::Group),
        field("schedule", Type::List { object: &SESSION })
            .example(SESSION.example)
            .doc("Regular sessions. See [Schedule](#schedule)")
            .note("When it runs: one entry per pattern. Delete the whole schedule if it is by appointment\nand say so in schedule_notes instead. days: monday to sunday. Times use the 24-hour\nclock in quotes (\"13:30\"). frequency: weekly, fortnightly (add from_date: the date\nof one session) or monthly (add week: first, second, third, fourth or last).")
            .blank(Blank::FirstItem),
        field("schedule_notes", Type::Text)
            .example("schedule_notes: By appointment, Monday to Friday.")
            .doc("Any other information about when it runs, such as \"By appointment, Monday to Friday\"")
            .note("Optional: anything else about times. Example: Not on bank holidays."),
        field("contact", Type::Object { object: &CONTACT })
            .example(CONTACT.example)
            .doc("The service's own `phone`, `email` and `website`. See [Contact details](#contact-details)")
            .doc_required("Only if the organisation has no contact details")
            .note("How families contact the service. At least one, unless the organisation has one.\nPhone: a UK number. Website: starting with https://")
            .blank(Blank::Group),
        field("languages", Type::Languages)
        .example("languages: [en, pl]")
        .doc("The languages the service is offered in, as ISO 639 codes. See [Language codes](#language-codes)")
        .help(LANGUAGES_HELP)
        .note("Optional: languages spoken, as ISO 639 codes (pl Polish, sk Slovak, rom Romani, bsl British Sign Language)")
        .blank(Blank::Value("[en]")),
        field(
            "accessibility",
            Type::Choices {
                values: Choices::Named("accessibility", ACCESSIBILITY),
            },
        )
        .example("accessibility: [step-free-access, hearing-loop]")
        .doc("A list of accessibility features. See [Accessibility codes](#accessibility-codes)")
        .note("Optional: from: {values}")
        .blank(Blank::Value("[]")),
        // --- localoffer: the SEND Local Offer block
        local_offer(),
        field("status", choice(STATUSES))
            .example("status: active")
            .doc("{values}. See [Status](#status)")
            .note("active, or paused while it is not running.")
            .blank(Blank::Value("active")),
        // --- localoffer: when a paused service starts again
        field("resumes", Type::Date)
            .example("resumes: 2027-01-11")
            .doc("For a paused service: the date it starts again, if known. The page says \"Paused. It starts again on 11 January 2027\"")
            .blank(Blank::Omit),
        field("reviewed", Type::Date)
            .required()
            .example("reviewed: 2026-06-12")
            .doc("The date you last checked the listing. See [Reviewed date](#reviewed-date-and-the-review-period)")
            .help("use the date you last checked the listing with the organisation")
            .note("The date these details were last checked with the organisation: YYYY-MM-DD.")
            .blank(Blank::Today),
        // --- editing: the private owner email (issue 21 item 4, issue 25)
        owner_email(),
        oruk_id(),
    ],
};

/// How an age is written, shown with an age that cannot be read.
pub const AGE_EXAMPLE: &str = "from: pregnancy   (or a number of years such as 5, or \"6 months\")";
/// How to write an age, shown with text that is not one.
pub const AGE_HELP: &str =
    "write pregnancy, a number of years from 0 to 25, or a number of months like \"18 months\"";

pub static AGES: Object = Object {
    id: "ages",
    example: "ages:\n  from: pregnancy\n  to: 2",
    docs: Columns::Required,
    fields: &[
        field("from", Type::Age)
            .required()
            .example("from: 0")
            .help(AGE_HELP)
            .doc("The youngest age the service is for"),
        field("to", Type::Age)
            .required()
            .example("to: 19")
            .help(AGE_HELP)
            .doc("The oldest age the service is for. It cannot be younger than `from`"),
        field("send_to", Type::Age)
            .example("send_to: 25")
            .help(AGE_HELP)
            .doc("The oldest age for young people with special educational needs and disabilities (SEND), if the service goes on longer for them. Usually 25. It cannot be younger than `to`")
            .note("Optional: an older upper age for young people with SEND, usually 25."),
    ],
};

pub static COST: Object = Object {
    id: "cost",
    example: "cost: free\n# or\ncost:\n  amount: 3.50\n  per: session",
    docs: Columns::Required,
    fields: &[
        field("amount", Type::Number)
            .required()
            .example("amount: 3.50")
            .doc("The price in pounds, such as `3.50`. It cannot be less than 0"),
        field("per", choice(COST_PER))
            .example("per: session")
            .doc("One of {values}"),
        field("notes", Type::Text)
            .example("notes: Free for families on Universal Credit.")
            .doc("Anything else, such as discounts or who gets it free"),
    ],
};

pub static WHERE: Object = Object {
    id: "where",
    example: "where:\n  venues: [northfield-library]\n  home_visits: false\n  online: false",
    docs: Columns::Required,
    fields: &[
        field("venues", refs("venues"))
            .example("venues: [northfield-library]")
            .doc("A list of venue ids from `venues/`")
            .blank(Blank::Value("[]")),
        field("home_visits", Type::Flag)
            .example("home_visits: true")
            .doc("`true` if staff visit families at home. The default is `false`")
            .blank(Blank::Value("false")),
        field("online", Type::Flag)
            .example("online: true")
            .doc("`true` if the service is online. The default is `false`")
            .blank(Blank::Value("false")),
        field("by_phone", Type::Flag)
            .example("by_phone: true")
            .doc("`true` if the service is by phone. The default is `false`")
            .blank(Blank::Value("false")),
        field("covers", Type::Areas)
            .example("covers: [town-centre]")
            .doc("The areas the service is for. See below")
            .note("Optional: borough, or locality or hub ids, for services open to a whole area."),
        // --- localoffer: confidential places and outreach
        field("confidential", Type::Flag)
            .example("confidential: true")
            .doc("`true` if the place is kept private to keep people safe, such as a refuge group. Give no venues, and name the area in `covers`: the page shows the area and says families will be told where when they call. The default is `false`")
            .blank(Blank::Omit),
        field("outreach", Type::Text)
            .example("outreach: Youth workers are in the town centre and parks on Friday evenings.")
            .doc("Where workers go to meet people, such as streets, parks or events, in a sentence")
            .blank(Blank::Omit),
    ],
};

pub static SESSION: Object = Object {
    id: "schedule",
    example: "schedule:\n  - days: [tuesday]\n    starts: \"10:00\"\n    ends: \"11:30\"\n    frequency: weekly",
    docs: Columns::Required,
    fields: &[
        days("[]").doc_required("Yes, unless the session gives `dates`"),
        field("starts", Type::Time)
            .required()
            .example("starts: \"10:00\"")
            .doc("The start time, such as `\"10:00\"`"),
        field("ends", Type::Time)
            .required()
            .example("ends: \"11:30\"")
            .doc("The end time, such as `\"11:30\"`. It must be later than `starts`"),
        field("frequency", choice(FREQUENCIES))
            .example("frequency: weekly")
            .doc("{values}. The default is `weekly`")
            .blank(Blank::Value("weekly")),
        field("week", choice(WEEKS_OF_MONTH))
            .example("week: first")
            .doc("{values}")
            .doc_required("Only for `monthly`")
            .blank(Blank::Omit),
        field("from_date", Type::Date)
            .example("from_date: 2026-09-08")
            .doc("The date of one session, such as `2026-09-13`")
            .doc_required("Only for `fortnightly`")
            .blank(Blank::Omit),
        field("term_time_only", Type::Flag)
            .example("term_time_only: true")
            .doc("`true` if it only runs in school term time. The default is `false`")
            .blank(Blank::Value("false")),
        field("venue", reference("venues"))
            .example("venue: northfield-library")
            .doc("The id of the venue for this session. It must be one of the service's `where` venues")
            .blank(Blank::Omit),
        field("notes", Type::Text)
            .example("notes: Not in August.")
            .doc("A short note about this session, such as \"Not in August\"")
            .blank(Blank::Omit),
        // --- localoffer: who one session is for
        only_for("only_for: [girls]", "The groups this session is only for, such as a dads' session of a stay and play: {values}")
            .blank(Blank::Omit),
        // --- localoffer: dated sessions and events
        field("dates", Type::DateList)
            .example("dates: [2026-12-12]")
            .doc("One-off dates: the session runs on these dates only, such as `[2026-12-12, 2027-01-16]`. Leave out `days`. See [Dated sessions and events](#dated-sessions-and-events)")
            .blank(Blank::Omit),
        field("starts_on", Type::Date)
            .example("starts_on: 2027-01-11")
            .doc("The first date it runs, for a course or a session with a start")
            .blank(Blank::Omit),
        field("ends_on", Type::Date)
            .example("ends_on: 2027-03-22")
            .doc("The last date it runs. It cannot be before `starts_on`")
            .blank(Blank::Omit),
        field("weeks", Type::Number)
            .example("weeks: 6")
            .doc("For a course: how many weeks it runs from `starts_on` (instead of `ends_on`), a whole number from 1 to 52")
            .help("a course gives starts_on and weeks, such as starts_on: 2027-01-11 and weeks: 6")
            .blank(Blank::Omit),
        field("holidays_only", Type::Flag)
            .example("holidays_only: true")
            .doc("`true` if it runs only in the school holidays (the gaps between the `terms` in site.yaml, which must be given, and the summer holiday to 31 August after a last term ending in June or July; past the terms given it is not shown as running). The default is `false`")
            .blank(Blank::Omit),
        field("not_on", Type::DateList)
            .example("not_on: [2026-12-24, 2026-12-31]")
            .doc("Dates it does not run, such as closures, in square brackets")
            .blank(Blank::Omit),
    ],
};

// --- holidays: Holiday Activities and Food (HAF)

pub static HAF: Object = Object {
    id: "haf",
    example: "haf:\n  eligibility: [free-school-meals, looked-after]\n  eligibility_notes: Children in reception to year 11.\n  booking: https://example.org/haf\n  booking_code: Use the code on your HAF letter from school.\n  places: 40",
    docs: Columns::WhatOnly,
    fields: &[
        field("eligibility", choice_list(HAF_ELIGIBILITY))
            .example("eligibility: [free-school-meals]")
            .doc("Who can get a free place, one or more of: {values}. See [Holiday Activities and Food (HAF)](#holiday-activities-and-food-haf)"),
        field("eligibility_notes", Type::Text)
            .example("eligibility_notes: Children in reception to year 11 who live in Marlbrook.")
            .doc("The council's own rule in plain words, such as school years or where children live"),
        field("booking", Type::Url)
            .example("booking: https://example.org/haf")
            .doc("The web address where families book, starting `https://`"),
        field("booking_code", Type::Text)
            .example("booking_code: Use the code on your HAF letter from school.")
            .doc("What to do with a booking code, such as \"Use the code on your HAF letter from school\""),
        field("places", Type::Number)
            .example("places: 40")
            .doc("How many places there are each day, a whole number")
            .help("write a whole number of places, such as 40"),
    ],
};

const fn choice_list(values: &'static [&'static str]) -> Type {
    Type::Choices {
        values: Choices::Plain(values),
    }
}

// --- localoffer: who a service is for

const fn audience() -> Field {
    field(
        "audience",
        Type::Choices {
            values: Choices::Plain(AUDIENCES),
        },
    )
    .example("audience: [parents-and-carers]")
    .doc("Who the service is for: {values}. The default is `children-and-young-people`. With `parents-and-carers` or `whole-family`, `ages` are the children's ages (\"For parents and carers of children aged 0 to 5\"); `adults` alone needs no ages. See [Who it is for](#who-it-is-for)")
    .blank(Blank::Omit)
}

/// `reviewed` on an organisation or a venue: optional, unlike a service's.
const fn place_reviewed() -> Field {
    field("reviewed", Type::Date)
        .example("reviewed: 2026-06-12")
        .doc("The date you last checked these details. Optional; when given, the listing is in `signpost check --stale` and the coverage report once it is past the review period, like a service. See [Reviewed date](#reviewed-date-and-the-review-period)")
        .help("use the date you last checked the details")
        .note("Optional: the date these details were last checked: YYYY-MM-DD.")
        .blank(Blank::Today)
}

const fn only_for(example: &'static str, doc: &'static str) -> Field {
    field(
        "only_for",
        Type::Choices {
            values: Choices::Plain(GROUPS),
        },
    )
    .example(example)
    .doc(doc)
    .blank(Blank::Omit)
}

// ---------------------------------------------------------------------------------------
// --- localoffer: the SEND Local Offer (issue 21). The built-in lists are in
// `content::local_offer`, which reads these declarations.

const fn local_offer() -> Field {
    field("local_offer", Type::Object { object: &LOCAL_OFFER })
        .example(LOCAL_OFFER.example)
        .doc("Its part of the SEND Local Offer: the SEND needs it meets, the Local Offer sections it belongs to and its answers to the Local Offer questions. See [The Local Offer](#the-local-offer)")
        .blank(Blank::Omit)
}

pub static LOCAL_OFFER: Object = Object {
    id: "local_offer",
    example: "local_offer:\n  send_needs: [autism, speech-language-communication]\n  sections: [education]\n  answers:\n    - question: staff-training\n      answer: All staff have autism awareness training.",
    docs: Columns::Required,
    fields: &[
        field(
            "send_needs",
            Type::Choices {
                values: Choices::Plain(super::local_offer::SEND_NEEDS),
            },
        )
        .example("send_needs: [autism, adhd]")
        .doc("The special educational needs and disabilities it is set up to meet: {values}, or one site.yaml adds under `send_needs`"),
        field(
            "sections",
            Type::Choices {
                values: Choices::Plain(super::local_offer::SECTIONS),
            },
        )
        .example("sections: [education, health]")
        .doc("The Local Offer sections that list it: {values}"),
        field("answers", Type::List { object: &LOCAL_OFFER_ANSWER })
            .example("answers:\n  - question: staff-training\n    answer: All staff have autism awareness training.")
            .doc("Its answers to the Local Offer questions, each a `question` id and an `answer` in plain words. See [The Local Offer](#the-local-offer)"),
    ],
};

pub static LOCAL_OFFER_ANSWER: Object = Object {
    id: "local_offer_answer",
    example: "- question: staff-training\n  answer: All staff have autism awareness training.",
    docs: Columns::None,
    fields: &[
        field(
            "question",
            Type::Choice {
                values: Choices::Plain(super::local_offer::QUESTIONS),
            },
        )
        .required()
        .example("question: staff-training")
        .doc("The question's id: {values}, or one site.yaml adds under `local_offer_questions`"),
        field("answer", Type::Text)
            .required()
            .example("answer: All staff have autism awareness training.")
            .doc("The answer, in plain words. Leave a blank line between paragraphs"),
    ],
};

pub static SEND_NEED_TYPE: Object = Object {
    id: "send_need",
    example: "send_needs:\n  - id: tourette-syndrome\n    name: Tourette syndrome",
    docs: Columns::None,
    fields: &[
        field("id", Type::Id)
            .required()
            .example("id: tourette-syndrome")
            .doc("The code listings write in `local_offer.send_needs`"),
        field("name", Type::Text)
            .required()
            .example("name: Tourette syndrome")
            .doc("What pages and the search filter call it"),
    ],
};

pub static LOCAL_OFFER_QUESTION: Object = Object {
    id: "local_offer_question",
    example: "local_offer_questions:\n  - id: short-breaks\n    question: Can we use it as a short break?",
    docs: Columns::None,
    fields: &[
        field("id", Type::Id)
            .required()
            .example("id: short-breaks")
            .doc("The code listings write in an answer's `question`"),
        field("question", Type::Text)
            .required()
            .example("question: Can we use it as a short break?")
            .doc("The question as pages show it, as a heading"),
    ],
};

pub static YOU_SAID_WE_DID: Object = Object {
    id: "you_said_we_did",
    example: "title: You said, we did\nupdated: 2026-10-01",
    docs: Columns::RequiredAndDefault,
    fields: &[
        field("title", Type::Text)
            .example("title: You said, we did")
            .doc("The page's heading")
            .doc_default("\"You said, we did\""),
        field("summary", Type::Text)
            .example("summary: What families told us about the Local Offer, and what we changed.")
            .doc("One sentence about the page")
            .doc_default("No summary"),
        field("updated", Type::Date)
            .example("updated: 2026-10-01")
            .doc("When the page was last updated")
            .doc_default("The page gives no date"),
    ],
};

// ---------------------------------------------------------------------------------------
// --- childcare: childcare providers (content/childcare/), issue 20. The values lists are
// in `content::childcare`, which reads these declarations.

pub static CHILDCARE: Object = Object {
    id: "childcare",
    example: "name: Little Acorns Day Nursery\ntype: day-nursery\nurn: EY512345\nlocality: marlbrook-town\npostcode: MB1 2AB",
    docs: Columns::Required,
    fields: &[
        field("name", Type::Text)
            .required()
            .example("name: Little Acorns Day Nursery")
            .doc("The provider's name. For a childminder, the name they trade under or their own name as Ofsted lists it")
            .note("The name families know it by. Example: Little Acorns Day Nursery"),
        field(
            "type",
            Type::Choice {
                values: Choices::Plain(PROVIDER_TYPES),
            },
        )
        .required()
        .example("type: day-nursery")
        .doc("What kind of childcare it is: {values}")
        .help("childminder, day-nursery, pre-school (also playgroups), school-nursery, out-of-school (breakfast and after-school clubs), holiday-scheme or home-childcarer (a nanny registered with Ofsted)")
        .note("What kind of childcare, one of: {values}"),
        field("urn", Type::Text)
            .example("urn: EY512345")
            .doc("The Ofsted unique reference number (URN): 6 or 7 digits, or `EY` or `SC` followed by digits, such as `EY512345` or `\"2654321\"`. Pages link to the Ofsted report with it")
            .help("copy it from the Ofsted report page: 6 or 7 digits (in quotes, such as \"2654321\"), or EY or SC followed by digits, such as EY512345")
            .note("The Ofsted URN, such as EY512345 or \"2654321\" (in quotes when it is only digits).\nLeave it out only for a provider that does not have to register."),
        field(
            "registers",
            Type::Choices {
                values: Choices::Plain(REGISTERS),
            },
        )
        .example("registers: [early-years, childcare-compulsory]")
        .doc("The Ofsted registers it is on: {values}")
        .note("Ofsted registers, from: {values}")
        .blank(Blank::Value("[early-years]")),
        field("registered_places", Type::Number)
            .example("registered_places: 40")
            .doc("How many children it is registered for at any one time, a whole number")
            .note("Optional: how many children it is registered for at once."),
        field("summary", Type::Text)
            .example("summary: A friendly nursery near the park with a large garden.")
            .doc("One sentence about the provider, under 200 characters")
            .note("Optional: one sentence about the provider."),
        field("ages", Type::Object { object: &AGES })
            .required()
            .example("ages:\n  from: 9 months\n  to: 4")
            .doc("The ages it takes, `from` and `to`, in years or months (such as `\"9 months\"`). See [Ages](#ages)")
            .note("Ages it takes: years, or months such as \"9 months\".")
            .blank(Blank::Group),
        field("locality", reference("localities"))
            .required()
            .example("locality: marlbrook-town")
            .doc("The id of the area it is in, from `localities/`. Always published")
            .note("The area it is in: a file name from localities/, without .md."),
        field("address", Type::Object { object: &ADDRESS })
            .example(ADDRESS.example)
            .doc("Where the childcare happens: `line1`, `line2`, `town`, `county`. For a childminder or home childcarer this is a home, published only with `address_consent: true`. See [Childminders' addresses](#childminders-addresses)")
            .blank(Blank::Group),
        field("postcode", Type::Postcode)
            .required()
            .example("postcode: MB1 2AB")
            .doc("The full postcode. For a childminder or home childcarer without `address_consent`, only its district (such as `MB1`) is published")
            .note("The full postcode. Example: MB1 2AB"),
        field("latitude", Type::Number)
            .example("latitude: 53.0712")
            .doc("Where it is, for maps and distances, with `longitude`. Withheld like the address")
            .help("find the place on a map and copy its latitude (about 50 to 60 in the UK) and longitude (about -8 to 2)")
            .blank(Blank::Omit),
        field("longitude", Type::Number)
            .example("longitude: -1.4123")
            .doc("How far east or west it is; see `latitude`")
            .blank(Blank::Omit),
        field("address_consent", Type::Flag)
            .example("address_consent: true")
            .doc("`true` only when a childminder or home childcarer has agreed to publish their address. The default is `false`: pages and open data show the area and postcode district only")
            .note("Childminders and home childcarers: true only if they agreed to publish their address.")
            .blank(Blank::Value("false")),
        field("opening_hours", Type::List { object: &OPENING_HOURS })
            .example(OPENING_HOURS.example)
            .doc("When it is open: `days`, `opens` and `closes`, as for family hubs")
            .note("When it is open: days (monday to sunday) and 24-hour times in quotes.")
            .blank(Blank::FirstItem),
        field(
            "weeks",
            Type::Choice {
                values: Choices::Plain(WEEKS),
            },
        )
        .example("weeks: all-year")
        .doc("Which weeks of the year it is open: {values}")
        .note("Which weeks it is open: {values}")
        .blank(Blank::Value("all-year")),
        field("weeks_a_year", Type::Number)
            .example("weeks_a_year: 51")
            .doc("How many weeks a year it is open, from 1 to 52 (term time is usually 38)")
            .note("Optional: weeks a year it is open (38 for term time only)."),
        field("fees", Type::List { object: &FEE })
            .example(FEE.example)
            .doc("What it costs. See [Fees](#fees)")
            .note("Fees: amount in pounds, per (hour, session, day, week or month),\nand optional notes on what is included.")
            .blank(Blank::FirstItem),
        field(
            "funded",
            Type::Choices {
                values: Choices::Plain(ENTITLEMENTS),
            },
        )
        .example("funded: [two-year-olds, universal-3-and-4]")
        .doc("The government-funded hours it offers. See [Funded hours](#funded-hours)")
        .note("Funded hours offered, from: {values}")
        .blank(Blank::Value("[]")),
        field("stretched", Type::Flag)
            .example("stretched: true")
            .doc("`true` if funded hours can be spread over more weeks of the year (fewer hours a week). The default is `false`")
            .blank(Blank::Value("false")),
        field("vacancies", Type::Object { object: &VACANCIES })
            .example(VACANCIES.example)
            .doc("Free places by age band, with the date they were true. See [Vacancies](#vacancies)")
            .note("Free places by age band and the date they were checked (as_at). Leave out if not known.")
            .blank(Blank::Omit),
        field("send", Type::Text)
            .example("send: Staff have Makaton training and experience of autism.")
            .doc("Experience of caring for children with special educational needs and disabilities (SEND), in plain words")
            .note("Optional: experience with children with SEND."),
        // --- localoffer: the SEND Local Offer block
        local_offer(),
        field("languages", Type::Languages)
        .example("languages: [en, pl]")
        .help(LANGUAGES_HELP)
        .doc("The languages spoken with children, as ISO 639 codes. See [Language codes](#language-codes)")
        .blank(Blank::Value("[en]")),
        field("welsh_medium", Type::Flag)
            .example("welsh_medium: true")
            .doc("`true` if the childcare is in Welsh. The default is `false`")
            .blank(Blank::Omit),
        field(
            "meals",
            Type::Choices {
                values: Choices::Plain(MEALS),
            },
        )
        .example("meals: [breakfast, lunch, snacks]")
        .doc("The meals it provides: {values}")
        .note("Optional: meals provided, from: {values}")
        .blank(Blank::Value("[]")),
        field("pick_ups", Type::TextList)
            .example("pick_ups: [Brookside Primary School, St Anne's CE Primary]")
            .doc("The schools it collects children from, by name")
            .note("Optional: schools it picks children up from, by name.")
            .blank(Blank::Value("[]")),
        field("inspections", Type::List { object: &INSPECTION })
            .example(INSPECTION.example)
            .doc("Ofsted inspections, newest first or in any order. See [Inspections](#inspections)")
            .blank(Blank::Omit),
        field("contact", Type::Object { object: &CONTACT })
            .example(CONTACT.example)
            .doc("The provider's `phone`, `email` and `website`. See [Contact details](#contact-details)")
            .note("How families contact the provider. Phone: a UK number. Website: starting with https://")
            .blank(Blank::Group),
        field("reviewed", Type::Date)
            .required()
            .example("reviewed: 2026-06-12")
            .doc("The date you last checked the listing with the provider. See [Reviewed date](#reviewed-date-and-the-review-period)")
            .help("use the date you last checked the listing with the provider")
            .note("The date these details were last checked with the provider: YYYY-MM-DD.")
            .blank(Blank::Today),
        field("ofsted_status", choice(OFSTED_STATUSES))
            .example("ofsted_status: not-in-latest-file")
            .doc("Written by `signpost import ofsted`: `not-in-latest-file` when the provider was missing from the last Ofsted file imported (it may have closed or moved). Remove it once checked")
            .blank(Blank::Omit),
    ],
};

pub static FEE: Object = Object {
    id: "fee",
    example: "fees:\n  - amount: 6.50\n    per: hour\n    notes: Includes lunch and nappies.",
    docs: Columns::Required,
    fields: &[
        field("amount", Type::Number)
            .required()
            .example("amount: 6.50")
            .doc("The price in pounds, such as `6.50`. It cannot be less than 0"),
        field("per", choice(FEE_PER))
            .required()
            .example("per: hour")
            .doc("One of {values}"),
        field("ages", Type::Text)
            .example("ages: Under 2s")
            .doc("Who the price is for, if it differs by age, such as \"Under 2s\""),
        field("notes", Type::Text)
            .example("notes: Includes lunch and nappies.")
            .doc("What is included (meals, nappies, trips) or extra"),
    ],
};

pub static VACANCIES: Object = Object {
    id: "vacancies",
    example: "vacancies:\n  as_at: 2026-11-02\n  under_2: 0\n  aged_2: 1\n  aged_3_and_4: 3",
    docs: Columns::Required,
    fields: &[
        field("as_at", Type::Date)
            .required()
            .example("as_at: 2026-11-02")
            .doc("The date the provider told you these figures. After the site's `vacancy_weeks` (4 weeks unless set), pages say vacancies are not known")
            .help("write the date the provider gave these figures, such as 2026-11-02; vacancies without a date cannot be shown"),
        field("under_2", Type::Number)
            .example("under_2: 0")
            .doc("Free places for babies and children under 2 (`0` means full)"),
        field("aged_2", Type::Number)
            .example("aged_2: 1")
            .doc("Free places for 2-year-olds"),
        field("aged_3_and_4", Type::Number)
            .example("aged_3_and_4: 3")
            .doc("Free places for 3 and 4-year-olds"),
        field("school_age", Type::Number)
            .example("school_age: 5")
            .doc("Free places for children at school (5 and over)"),
    ],
};

pub static INSPECTION: Object = Object {
    id: "inspection",
    example: "inspections:\n  - date: 2026-01-20\n    areas:\n      leadership-and-governance: strong-standard\n      curriculum-and-teaching: expected-standard\n    safeguarding: met\n  - date: 2022-03-08\n    overall: good",
    docs: Columns::Required,
    fields: &[
        field("date", Type::Date)
            .required()
            .example("date: 2026-01-20")
            .doc("The date of the inspection"),
        field("overall", choice(OVERALL_GRADES))
            .example("overall: good")
            .doc("For inspections before November 2025: the overall grade, {values}")
            .doc_required("One of `overall` and `areas`"),
        field("areas", Type::Object { object: &REPORT_CARD })
            .example(REPORT_CARD.example)
            .doc("For report cards from November 2025: a grade for each evaluation area. See [Inspections](#inspections)")
            .doc_required(""),
        field("safeguarding", choice(SAFEGUARDING))
            .example("safeguarding: met")
            .doc("For report cards: whether safeguarding was {values}"),
    ],
};

pub static REPORT_CARD: Object = Object {
    id: "report_card",
    example: "areas:\n  leadership-and-governance: strong-standard\n  inclusion: expected-standard\n  curriculum-and-teaching: expected-standard",
    docs: Columns::None,
    fields: &[
        report_area("leadership-and-governance"),
        report_area("inclusion"),
        report_area("curriculum-and-teaching"),
        report_area("achievement"),
        report_area("behaviour-attitudes-and-routines"),
        report_area("childrens-welfare-and-well-being"),
    ],
};

/// An evaluation area of an Ofsted report card (from November 2025) and its grade.
const fn report_area(name: &'static str) -> Field {
    field(name, choice(REPORT_CARD_GRADES))
        .example("curriculum-and-teaching: expected-standard")
        .doc("The grade for this area: {values}")
}
// --- end childcare

// ---------------------------------------------------------------------------------------
// Every kind

pub static KINDS: &[Kind] = &[
    Kind {
        name: "site",
        files: "site.yaml",
        markdown: false,
        fields: &SITE,
        scaffold: None,
    },
    Kind {
        name: "needs",
        files: "needs.yaml",
        markdown: false,
        fields: &NEEDS_FILE,
        scaffold: None,
    },
    Kind {
        name: "postcodes",
        files: "postcodes.yaml",
        markdown: false,
        fields: &POSTCODES_FILE,
        scaffold: None,
    },
    Kind {
        name: "localities",
        files: "localities/*.md",
        markdown: true,
        fields: &LOCALITY,
        scaffold: Some(Scaffolding {
            noun: "locality",
            body: "Optional: a few sentences about the area for families. Figures (profile) and a\nboundary for maps (outline) are explained in docs/content.md.\n",
        }),
    },
    Kind {
        name: "hubs",
        files: "hubs/*.md",
        markdown: true,
        fields: &HUB,
        scaffold: Some(Scaffolding {
            noun: "family hub",
            body: "Tell families what happens at the hub.\n",
        }),
    },
    Kind {
        name: "venues",
        files: "venues/*.md",
        markdown: true,
        fields: &VENUE,
        scaffold: Some(Scaffolding {
            noun: "venue",
            body: "Optional: how to find the entrance, parking, buses.\n",
        }),
    },
    Kind {
        name: "organisations",
        files: "organisations/*.md",
        markdown: true,
        fields: &ORGANISATION,
        scaffold: Some(Scaffolding {
            noun: "organisation",
            body: "Tell families about the organisation here in plain English.\n",
        }),
    },
    Kind {
        name: "services",
        files: "services/*.md",
        markdown: true,
        fields: &SERVICE,
        scaffold: Some(Scaffolding {
            noun: "service",
            body: "Describe the service here in plain English: what happens, who it is for, what to bring.\nShort paragraphs are easiest to read on a phone.\n",
        }),
    },
    Kind {
        name: "childcare",
        files: "childcare/*.md",
        markdown: true,
        fields: &CHILDCARE,
        scaffold: Some(Scaffolding {
            noun: "childcare provider",
            body: "Describe the childcare in plain English: the rooms, the day, outings, how to book a visit.\n",
        }),
    },
    // --- localoffer: the Local Offer's own pages
    Kind {
        name: "local-offer",
        files: "local-offer/you-said-we-did.md",
        markdown: true,
        fields: &YOU_SAID_WE_DID,
        scaffold: None,
    },
];

/// The kind named `name` ("services", "site").
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// Every group of fields, each once, in the order first reached from [`KINDS`].
pub fn objects() -> Vec<&'static Object> {
    fn walk(o: &'static Object, out: &mut Vec<&'static Object>) {
        if out.iter().any(|seen| std::ptr::eq(*seen, o)) {
            return;
        }
        out.push(o);
        for f in o.fields {
            if let Some(inner) = f.ty.object() {
                walk(inner, out);
            }
        }
    }
    let mut out = Vec::new();
    for k in KINDS {
        walk(k.fields, &mut out);
    }
    out
}

/// The whole declaration as JSON, for generating an editor's configuration.
pub fn to_json() -> serde_json::Value {
    serde_json::to_value(KINDS).unwrap_or_default()
}

/// Replaces `{values}` (the field's own allowed values) and `{values:name}` (those of
/// field `name` in the field's group) in a note or doc text, each list joined by `join`.
pub fn fill_values(text: &str, f: &Field, join: fn(&[&str]) -> String) -> String {
    if !text.contains("{values") {
        return text.to_string();
    }
    let mut out = text.replace("{values}", &join(&f.codes()));
    while let Some(start) = out.find("{values:") {
        let Some(len) = out[start..].find('}') else {
            break;
        };
        let name = &out[start + "{values:".len()..start + len];
        let codes =
            f.ty.object()
                .and_then(|o| o.field(name))
                .map(Field::codes)
                .unwrap_or_default();
        out.replace_range(start..start + len + 1, &join(&codes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_schema_serialises_with_every_kind() {
        let json = to_json();
        let kinds = json.as_array().expect("a list of kinds");
        let names: Vec<&str> = kinds.iter().filter_map(|k| k["name"].as_str()).collect();
        assert_eq!(
            names,
            [
                "site",
                "needs",
                "postcodes",
                "localities",
                "hubs",
                "venues",
                "organisations",
                "services",
                "childcare",
                "local-offer"
            ]
        );
        // Nested groups come out whole, with their allowed values.
        let services = &kinds[7]["fields"]["fields"];
        let cost = services
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "cost")
            .unwrap();
        assert_eq!(cost["type"]["kind"], "free_or_object");
        let per = &cost["type"]["object"]["fields"][1];
        assert_eq!(per["name"], "per");
        assert_eq!(per["type"]["values"][0], "session");
        assert!(json.to_string().contains("\"step-free-access\""));
    }

    #[test]
    fn every_field_has_an_example_and_wording_and_no_name_is_declared_twice() {
        for o in objects() {
            for (i, f) in o.fields.iter().enumerate() {
                assert!(!f.example.is_empty(), "{}.{} has no example", o.id, f.name);
                assert!(!f.doc.is_empty(), "{}.{} has no wording", o.id, f.name);
                assert!(
                    o.fields[..i].iter().all(|g| g.name != f.name),
                    "{}.{} declared twice",
                    o.id,
                    f.name
                );
            }
        }
    }

    #[test]
    fn extra_fields_have_a_type_read_without_code_and_sit_where_the_loader_reads_them() {
        // The kinds whose loader reads `extra` at the top of each file.
        let read = ["localities", "hubs", "venues", "organisations", "services"];
        for o in objects() {
            for f in o.extra_fields() {
                assert!(f.ty.can_be_extra(), "{}.{} cannot be extra", o.id, f.name);
                let kind = KINDS.iter().find(|k| std::ptr::eq(k.fields, o));
                assert!(
                    kind.is_some_and(|k| read.contains(&k.name)),
                    "{}.{} is extra where the loader does not read extra fields",
                    o.id,
                    f.name
                );
            }
        }
    }

    #[test]
    fn each_kind_is_found_by_where_its_files_are() {
        for k in KINDS {
            let rel = k.files.replace('*', "example");
            assert_eq!(super::super::load::classify(&rel), Some(k.name), "{rel}");
        }
        assert_eq!(super::super::load::classify("services/x.txt"), None);
        assert_eq!(super::super::load::classify("other/x.md"), None);
    }
}
