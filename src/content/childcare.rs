//! Childcare providers (content/childcare/): the typed model, the values lists their
//! fields allow, the reader of one file, the checks across files, and the privacy rule for
//! childminders' homes. The fields themselves are declared in `schema::CHILDCARE`.
//!
//! Privacy by construction: a childminder's or home childcarer's address, full postcode and
//! exact position are kept in the model but only reachable through
//! [`ChildcareProvider::public_place`], which gives the area's postcode district and its
//! centre unless the listing records the provider's consent. Pages, open data and the
//! finder read the place from there and nowhere else.

use super::diagnostics::{Anchor, Diagnostic, index, key};
use super::formats;
use super::model::{Address, Ages, Contact, Hours, PostcodeArea};
use super::reader::{Reader, type_name};
use super::schema;
use crate::yaml::Value;
use jiff::civil::Date;
use serde::Serialize;

pub const PROVIDER_TYPES: &[&str] = &[
    "childminder",
    "day-nursery",
    "pre-school",
    "school-nursery",
    "out-of-school",
    "holiday-scheme",
    "home-childcarer",
];
/// The types that work from a home, whose address is withheld without consent.
pub const HOME_BASED: &[&str] = &["childminder", "home-childcarer"];
pub const REGISTERS: &[&str] = &["early-years", "childcare-compulsory", "childcare-voluntary"];
pub const WEEKS: &[&str] = &["all-year", "term-time", "school-holidays"];
pub const FEE_PER: &[&str] = &["hour", "session", "day", "week", "month"];
/// Funded entitlements in England: 15 hours for eligible 2-year-olds; working-parent hours
/// from 9 months to 3; the universal 15 hours for 3 and 4-year-olds; working-parent hours
/// (30 in all) for 3 and 4-year-olds.
pub const ENTITLEMENTS: &[&str] = &[
    "two-year-olds",
    "working-parents-under-3",
    "universal-3-and-4",
    "working-parents-3-and-4",
];
pub const MEALS: &[&str] = &["breakfast", "lunch", "tea", "snacks"];
/// Overall grades of inspections before November 2025 (`met`/`not-met` for the Childcare
/// Register).
pub const OVERALL_GRADES: &[&str] = &[
    "outstanding",
    "good",
    "requires-improvement",
    "inadequate",
    "met",
    "not-met",
];
/// The grades of a report card's evaluation areas (from November 2025), best first.
pub const REPORT_CARD_GRADES: &[&str] = &[
    "exceptional",
    "strong-standard",
    "expected-standard",
    "needs-attention",
    "urgent-improvement",
];
pub const SAFEGUARDING: &[&str] = &["met", "not-met"];
pub const OFSTED_STATUSES: &[&str] = &["not-in-latest-file"];
/// The vacancy age bands, as the fields of `vacancies` name them.
pub const BANDS: &[&str] = &["under_2", "aged_2", "aged_3_and_4", "school_age"];
/// The value lists pages show by name: the catalogue's `<list>.<code>` for each code
/// (`childcare.types.childminder`). The names are looked up by [`value_name`].
pub const NAMED: &[(&str, &[&str])] = &[
    ("childcare.types", PROVIDER_TYPES),
    ("childcare.type_plural", PROVIDER_TYPES),
    ("childcare.registers", REGISTERS),
    ("childcare.weeks", WEEKS),
    ("childcare.per", FEE_PER),
    ("childcare.funded", ENTITLEMENTS),
    ("childcare.meals", MEALS),
    ("childcare.grades", OVERALL_GRADES),
    ("childcare.card_grades", REPORT_CARD_GRADES),
    ("childcare.safeguarding", SAFEGUARDING),
    ("childcare.bands", BANDS),
    ("childcare.areas", REPORT_AREAS),
];
/// The evaluation areas of a report card, as declared in `schema::REPORT_CARD`.
pub const REPORT_AREAS: &[&str] = &[
    "leadership-and-governance",
    "inclusion",
    "curriculum-and-teaching",
    "achievement",
    "behaviour-attitudes-and-routines",
    "childrens-welfare-and-well-being",
];

/// The name of a code of one of the [`NAMED`] lists in the build's wording.
pub fn value_name(list: &str, code: &str) -> String {
    let known = NAMED
        .iter()
        .any(|(l, codes)| *l == list && codes.contains(&code));
    if known {
        crate::render::messages::active().text(&format!("{list}.{code}"), &[])
    } else {
        code.to_string()
    }
}

/// How many weeks vacancies stay current when site.yaml does not say.
pub const DEFAULT_VACANCY_WEEKS: u32 = 4;

#[derive(Debug, Clone, Serialize)]
pub struct Fee {
    pub amount: f64,
    pub per: String,
    pub ages: Option<String>,
    pub notes: Option<String>,
}

/// Free places by age band on a date. A band left out is not known.
#[derive(Debug, Clone, Serialize)]
pub struct Vacancies {
    pub as_at: Date,
    /// (band from [`BANDS`], free places).
    pub bands: Vec<(&'static str, u32)>,
}

/// One inspection: an old overall grade, or a report card (a grade per evaluation area
/// and safeguarding met or not).
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub date: Date,
    pub overall: Option<String>,
    /// (area, grade), in the order of `schema::REPORT_CARD`.
    pub areas: Vec<(&'static str, String)>,
    pub safeguarding: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChildcareProvider {
    pub id: String,
    pub file: String,
    pub name: String,
    pub kind: String,
    pub urn: Option<String>,
    pub registers: Vec<String>,
    pub registered_places: Option<u32>,
    pub summary: String,
    pub ages: Ages,
    pub locality: String,
    /// Private for a home-based provider without consent: read [`Self::public_place`].
    address: Option<Address>,
    postcode: String,
    point: Option<(f64, f64)>,
    pub address_consent: bool,
    pub opening_hours: Vec<Hours>,
    pub weeks: String,
    pub weeks_a_year: Option<u32>,
    pub fees: Vec<Fee>,
    pub funded: Vec<String>,
    pub stretched: bool,
    pub vacancies: Option<Vacancies>,
    pub send: Option<String>,
    /// Its part of the SEND Local Offer, if any (localoffer).
    pub local_offer: Option<super::local_offer::LocalOffer>,
    pub languages: Vec<String>,
    pub welsh_medium: bool,
    pub meals: Vec<String>,
    pub pick_ups: Vec<String>,
    /// Newest first.
    pub inspections: Vec<Inspection>,
    pub contact: Contact,
    pub reviewed: Date,
    pub ofsted_status: Option<String>,
    pub body: String,
}

/// Where a provider is, as far as it may be published.
#[derive(Debug, Clone, Serialize)]
pub struct PublicPlace {
    /// The address, when it may be published.
    pub address: Option<Address>,
    /// The full postcode, or only its district (`MB2`) when the address is withheld.
    pub postcode: String,
    /// Whether the address is withheld (the postcode is a district).
    pub withheld: bool,
    /// The exact position, or the district's centre from postcodes.yaml when withheld
    /// (None when neither is known).
    pub point: Option<(f64, f64)>,
}

/// The district of a full postcode: "MB2 5HT" is in "MB2".
pub fn district(postcode: &str) -> String {
    let compact: String = postcode.chars().filter(|c| !c.is_whitespace()).collect();
    let cut = compact.len().saturating_sub(3);
    compact.get(..cut).unwrap_or("").to_ascii_uppercase()
}

/// The address of a provider's latest Ofsted report.
pub fn report_url(urn: &str) -> String {
    format!("https://reports.ofsted.gov.uk/provider/16/{urn}")
}

/// A URN as Ofsted writes it: 6 or 7 digits, or `EY` or `SC` then digits. Returns it in
/// capitals.
pub fn check_urn(s: &str) -> Result<String, String> {
    let t = s.trim().to_ascii_uppercase();
    let digits = |d: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())
    };
    let ok = match t.get(..2) {
        Some("EY" | "SC") => digits(&t[2..], 5..=7),
        _ => digits(&t, 6..=7),
    };
    if ok {
        Ok(t)
    } else {
        Err(format!(
            "`{s}` is not an Ofsted URN: a URN is 6 or 7 digits, or EY or SC followed by digits"
        ))
    }
}

impl ChildcareProvider {
    pub fn is_home_based(&self) -> bool {
        HOME_BASED.contains(&self.kind.as_str())
    }
    /// Whether the address and exact place may be published.
    pub fn publishes_address(&self) -> bool {
        !self.is_home_based() || self.address_consent
    }
    /// The provider's place as pages and open data may show it: everything for a nursery or
    /// a childminder who agreed; otherwise the postcode district and its centre.
    pub fn public_place(&self, postcodes: &[PostcodeArea]) -> PublicPlace {
        if self.publishes_address() {
            return PublicPlace {
                address: self.address.clone(),
                postcode: self.postcode.clone(),
                withheld: false,
                point: self
                    .point
                    .or_else(|| district_centre(&self.postcode, postcodes)),
            };
        }
        PublicPlace {
            address: None,
            postcode: district(&self.postcode),
            withheld: true,
            point: district_centre(&self.postcode, postcodes),
        }
    }
    /// Whether the vacancies are recent enough to show: dated within `weeks` of today.
    pub fn vacancies_current(&self, today: Date, weeks: u32) -> Option<&Vacancies> {
        let v = self.vacancies.as_ref()?;
        let limit = today
            .checked_sub(jiff::Span::new().weeks(weeks as i64))
            .unwrap_or(today);
        (v.as_at >= limit).then_some(v)
    }
    /// Vacancies given but older than `weeks`: the FIS team should ask again.
    pub fn vacancies_stale(&self, today: Date, weeks: u32) -> bool {
        self.vacancies.is_some() && self.vacancies_current(today, weeks).is_none()
    }
    pub fn report_url(&self) -> Option<String> {
        self.urn.as_deref().map(report_url)
    }
    /// The private place, for the checks and the import only (never for output).
    pub fn private_postcode(&self) -> &str {
        &self.postcode
    }
    pub fn private_address(&self) -> Option<&Address> {
        self.address.as_ref()
    }
    pub fn private_point(&self) -> Option<(f64, f64)> {
        self.point
    }
}

/// The centre of the postcode's district from postcodes.yaml. Never the sector: that would
/// narrow a home down to a few streets.
fn district_centre(postcode: &str, postcodes: &[PostcodeArea]) -> Option<(f64, f64)> {
    let d = district(postcode);
    postcodes
        .iter()
        .find(|a| a.code == d)
        .map(|a| (a.latitude, a.longitude))
}

/// Reads one provider file.
pub fn read(r: &mut Reader, v: &Value, id: String, body: String) -> Option<ChildcareProvider> {
    let o = r.object(v, Vec::new(), &schema::CHILDCARE)?;
    let name = r.text(&o, "name");
    let kind = r.choice(&o, "type");
    let urn = r.text(&o, "urn").and_then(|u| match check_urn(&u) {
        Ok(u) => Some(u),
        Err(why) => {
            let d = r.err(Anchor::Value(key(&o.path, "urn")), why);
            d.help = o.field("urn").help.map(str::to_string);
            d.example = Some(o.example("urn").into());
            None
        }
    });
    let registers = r.choices(&o, "registers");
    let registered_places = whole(r, &o, "registered_places", 1000);
    let summary = r.text(&o, "summary").unwrap_or_default();
    let ages = read_ages(r, &o);
    let locality = r.text(&o, "locality");
    if let Some(l) = &locality {
        r.id_ref(l, key(&o.path, "locality"));
    }
    let address = super::load::read_address(r, &o);
    let postcode = super::load::read_postcode(r, &o);
    let lat = r.number(&o, "latitude");
    let lon = r.number(&o, "longitude");
    let point = match (lat, lon) {
        (Some(la), Some(lo)) => match formats::check_uk_coordinates(la, lo) {
            Ok(()) => Some((la, lo)),
            Err(why) => {
                r.err(Anchor::Value(key(&o.path, "latitude")), why).help =
                    o.field("latitude").help.map(str::to_string);
                None
            }
        },
        (None, None) => None,
        (Some(_), None) | (None, Some(_)) => {
            let missing = if lat.is_none() {
                "latitude"
            } else {
                "longitude"
            };
            let d = r.err(
                Anchor::Key(key(
                    &o.path,
                    if lat.is_none() {
                        "longitude"
                    } else {
                        "latitude"
                    },
                )),
                format!("a position needs both latitude and longitude: `{missing}` is missing"),
            );
            d.example = Some("latitude: 53.0712\nlongitude: -1.4123".into());
            None
        }
    };
    let address_consent = r.flag(&o, "address_consent");
    let opening_hours = read_hours(r, &o);
    let weeks = r.choice(&o, "weeks").unwrap_or_else(|| "all-year".into());
    let weeks_a_year = whole(r, &o, "weeks_a_year", 52).filter(|w| *w >= 1);
    let fees = read_fees(r, &o);
    let funded = r.choices(&o, "funded");
    let stretched = r.flag(&o, "stretched");
    let vacancies = read_vacancies(r, &o);
    let send = r.text(&o, "send");
    let local_offer = super::local_offer::read(r, &o);
    let mut languages = r.languages(&o, "languages");
    if languages.is_empty() {
        languages.push("en".into());
    }
    let welsh_medium = r.flag(&o, "welsh_medium");
    let meals = r.choices(&o, "meals");
    let pick_ups = r.list(&o, "pick_ups").into_iter().map(|(s, _)| s).collect();
    let mut inspections = read_inspections(r, &o);
    inspections.sort_by_key(|i| std::cmp::Reverse(i.date));
    let contact = r.contact(&o, "contact");
    let reviewed = r.date(&o, "reviewed");
    let ofsted_status = r.choice(&o, "ofsted_status");
    Some(ChildcareProvider {
        id,
        file: r.file.clone(),
        name: name?,
        kind: kind?,
        urn,
        registers,
        registered_places,
        summary,
        ages: ages?,
        locality: locality?,
        address,
        postcode: postcode?,
        point,
        address_consent,
        opening_hours,
        weeks,
        weeks_a_year,
        fees,
        funded,
        stretched,
        vacancies,
        send,
        local_offer,
        languages,
        welsh_medium,
        meals,
        pick_ups,
        inspections,
        contact,
        reviewed: reviewed?,
        ofsted_status,
        body,
    })
}

/// A whole number field from 0 to `max`.
fn whole(r: &mut Reader, o: &super::reader::Obj, k: &str, max: u32) -> Option<u32> {
    let n = r.number(o, k)?;
    if n.fract() != 0.0 || !(0.0..=max as f64).contains(&n) {
        r.err(
            Anchor::Value(key(&o.path, k)),
            format!("`{k}` must be a whole number from 0 to {max}"),
        )
        .example = Some(o.example(k).into());
        return None;
    }
    Some(n as u32)
}

fn read_ages(r: &mut Reader, o: &super::reader::Obj) -> Option<Ages> {
    let a = r.group(o, "ages")?;
    let age = |r: &mut Reader, k: &str| match r.get(&a, k) {
        Some(v) => super::load::read_age(r, v, key(&a.path, k)),
        None => {
            r.missing(&a, k);
            None
        }
    };
    let from = age(r, "from");
    let to = age(r, "to");
    let send_to = r
        .get(&a, "send_to")
        .and_then(|v| super::load::read_age(r, v, key(&a.path, "send_to")));
    let (from, to) = (from?, to?);
    if to < from {
        r.err(
            Anchor::Value(key(&a.path, "to")),
            "the age range is the wrong way round: `to` is younger than `from`",
        )
        .help = Some("swap the two ages".into());
        return None;
    }
    Some(Ages { from, to, send_to })
}

fn read_hours(r: &mut Reader, o: &super::reader::Obj) -> Vec<Hours> {
    let mut out = Vec::new();
    let Some(list) = r.get(o, "opening_hours") else {
        return out;
    };
    let p = key(&o.path, "opening_hours");
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!("expected a list, found {}", type_name(list)),
        )
        .example = Some(o.example("opening_hours").into());
        return out;
    };
    for (i, it) in items.iter().enumerate() {
        let Some(h) = r.object(it, index(&p, i), &schema::OPENING_HOURS) else {
            continue;
        };
        let days = super::load::read_days(r, &h);
        let (Some(opens), Some(closes)) = (r.time(&h, "opens"), r.time(&h, "closes")) else {
            continue;
        };
        if closes <= opens {
            r.err(
                Anchor::Value(key(&h.path, "closes")),
                format!(
                    "closes at {} is not after opens at {}",
                    closes.hhmm(),
                    opens.hhmm()
                ),
            )
            .help = Some(
                "check the two times are not swapped; use the 24-hour clock (6pm is \"18:00\")"
                    .into(),
            );
        } else if !days.is_empty() {
            out.push(Hours {
                days,
                opens,
                closes,
            });
        }
    }
    out
}

fn read_fees(r: &mut Reader, o: &super::reader::Obj) -> Vec<Fee> {
    let mut out = Vec::new();
    let Some(list) = r.get(o, "fees") else {
        return out;
    };
    let p = key(&o.path, "fees");
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!("expected a list of fees, found {}", type_name(list)),
        )
        .example = Some(o.example("fees").into());
        return out;
    };
    for (i, it) in items.iter().enumerate() {
        let Some(f) = r.object(it, index(&p, i), &schema::FEE) else {
            continue;
        };
        let amount = r.number(&f, "amount");
        let per = r.choice(&f, "per");
        let ages = r.text(&f, "ages");
        let notes = r.text(&f, "notes");
        let Some(amount) = amount else { continue };
        if !(0.0..=super::load::MAX_AMOUNT).contains(&amount) {
            r.err(
                Anchor::Value(key(&f.path, "amount")),
                format!(
                    "the fee must be from 0 to {} pounds",
                    super::load::MAX_AMOUNT
                ),
            )
            .example = Some(f.example("amount").into());
            continue;
        }
        if let Some(per) = per {
            out.push(Fee {
                amount,
                per,
                ages,
                notes,
            });
        }
    }
    out
}

fn read_vacancies(r: &mut Reader, o: &super::reader::Obj) -> Option<Vacancies> {
    let v = r.group(o, "vacancies")?;
    if r.get(&v, "as_at").is_none() {
        let before = r.diags.len();
        r.missing(&v, "as_at");
        // Say why the date matters, with the whole group as the example.
        if let Some(d) = r.diags.get_mut(before) {
            d.help = v.field("as_at").help.map(str::to_string);
            d.example = Some(schema::VACANCIES.example.into());
        }
        return None;
    }
    let as_at = r.date(&v, "as_at");
    let mut bands = Vec::new();
    for band in BANDS {
        if let Some(n) = whole(r, &v, band, 500) {
            bands.push((*band, n));
        }
    }
    Some(Vacancies {
        as_at: as_at?,
        bands,
    })
}

fn read_inspections(r: &mut Reader, o: &super::reader::Obj) -> Vec<Inspection> {
    let mut out = Vec::new();
    let Some(list) = r.get(o, "inspections") else {
        return out;
    };
    let p = key(&o.path, "inspections");
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!("expected a list of inspections, found {}", type_name(list)),
        )
        .example = Some(o.example("inspections").into());
        return out;
    };
    for (i, it) in items.iter().enumerate() {
        let Some(ins) = r.object(it, index(&p, i), &schema::INSPECTION) else {
            continue;
        };
        let date = r.date(&ins, "date");
        let overall = r.choice(&ins, "overall");
        let safeguarding = r.choice(&ins, "safeguarding");
        let mut areas = Vec::new();
        let had_areas = r.get(&ins, "areas").is_some();
        let before = r.diags.len();
        if let Some(a) = r.group(&ins, "areas") {
            for f in schema::REPORT_CARD.fields {
                if let Some(g) = r.choice(&a, f.name) {
                    areas.push((f.name, g));
                }
            }
        }
        // An area Ofsted does not grade: say so, before the areas it does, with an example.
        let areas_path = key(&ins.path, "areas");
        for d in r.diags[before..].iter_mut() {
            if d.message.starts_with("unknown field `")
                && matches!(&d.anchor, Anchor::Key(p) if p.starts_with(&areas_path))
            {
                let got = d
                    .message
                    .trim_start_matches("unknown field `")
                    .trim_end_matches('`')
                    .to_string();
                d.help = Some(format!(
                    "`{got}` is not an area Ofsted grades in a report card. Allowed fields here: {}",
                    schema::REPORT_CARD.names().join(", ")
                ));
                d.example = Some(schema::REPORT_CARD.example.into());
            }
        }
        if overall.is_some() && had_areas {
            r.err(
                Anchor::Key(key(&ins.path, "overall")),
                "an inspection has either an overall grade (before November 2025) or report card areas, not both",
            )
            .example = Some(schema::INSPECTION.example.into());
        } else if overall.is_none() && !had_areas && r.get(&ins, "overall").is_none() {
            r.err(
                Anchor::Key(index(&p, i)),
                "the inspection has no grade: add `overall` (before November 2025) or `areas` (a report card)",
            )
            .example = Some(schema::INSPECTION.example.into());
        }
        if let Some(date) = date {
            out.push(Inspection {
                date,
                overall,
                areas,
                safeguarding,
            });
        }
    }
    out
}

/// The FIS team's list for `signpost check --stale`: providers whose vacancies are older
/// than the site's `vacancy_weeks` (oldest first), those that never gave any, and those
/// the last Ofsted import did not find. Each with a phone or email to ask. Empty when the
/// site has no childcare providers.
pub fn stale_report(
    content: &super::model::Content,
    today: Date,
    path: &dyn Fn(&str) -> String,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if content.childcare.is_empty() {
        return out;
    }
    let weeks = content
        .site
        .as_ref()
        .map(|s| s.vacancy_weeks)
        .unwrap_or(DEFAULT_VACANCY_WEEKS);
    let contact = |p: &ChildcareProvider| {
        let c = &p.contact;
        let parts: Vec<&str> = [&c.phone, &c.email]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if parts.is_empty() {
            "no phone or email given".to_string()
        } else {
            parts.join(", ")
        }
    };
    let mut old: Vec<&ChildcareProvider> = content
        .childcare
        .iter()
        .filter(|p| p.vacancies_stale(today, weeks))
        .collect();
    old.sort_by_key(|p| (p.vacancies.as_ref().map(|v| v.as_at), p.name.clone()));
    let mut none: Vec<&ChildcareProvider> = content
        .childcare
        .iter()
        .filter(|p| p.vacancies.is_none())
        .collect();
    none.sort_by_key(|p| p.name.clone());
    let gone: Vec<&ChildcareProvider> = content
        .childcare
        .iter()
        .filter(|p| p.ofsted_status.is_some())
        .collect();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "Childcare vacancies older than {weeks} week{} (shown on the site as not known): {} provider{}.",
        plural(weeks as usize),
        old.len(),
        plural(old.len())
    );
    for p in &old {
        let as_at = p.vacancies.as_ref().map(|v| v.as_at);
        let _ = writeln!(
            out,
            "  - {}: vacancies as at {}; {}; {}",
            p.name,
            as_at.map(crate::render::text::date).unwrap_or_default(),
            contact(p),
            path(&p.file)
        );
    }
    let _ = writeln!(
        out,
        "\nChildcare providers that have not given vacancies: {} provider{}.",
        none.len(),
        plural(none.len())
    );
    for p in &none {
        let _ = writeln!(out, "  - {}: {}; {}", p.name, contact(p), path(&p.file));
    }
    if !gone.is_empty() {
        let _ = writeln!(
            out,
            "\nChildcare providers missing from the last Ofsted file imported (check whether they closed): {}.",
            gone.len()
        );
        for p in &gone {
            let _ = writeln!(out, "  - {}: {}; {}", p.name, contact(p), path(&p.file));
        }
    }
    out
}

/// Checks across files: the area exists, and no URN is listed twice.
pub fn validate(c: &super::model::Content) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let localities: std::collections::HashSet<&str> =
        c.localities.iter().map(|l| l.id.as_str()).collect();
    let failed = |id: &str| {
        c.failed
            .contains(&("localities".to_string(), id.to_string()))
    };
    if let Some(site) = &c.site
        && let Some(need) = &site.early_years_need
        && !c.needs.is_empty()
        && !c.needs.iter().any(|n| &n.id == need)
    {
        out.push(
            Diagnostic::error(
                "site.yaml",
                Anchor::Value(vec![crate::yaml::Seg::Key("early_years_need".into())]),
                format!("there is no need `{need}` in needs.yaml"),
            )
            .help("use the id of a need in needs.yaml, or remove the line"),
        );
    }
    let mut urns: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for p in &c.childcare {
        if !localities.contains(p.locality.as_str()) && !failed(&p.locality) {
            let mut d = Diagnostic::error(
                &p.file,
                Anchor::Value(vec![crate::yaml::Seg::Key("locality".into())]),
                format!("there is no area `{}` in localities/", p.locality),
            )
            .help(format!(
                "use the file name of an area in localities/, without .md: {}",
                c.localities
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            d.example = schema::CHILDCARE
                .field("locality")
                .map(|f| f.example.to_string());
            out.push(d);
        }
        if let Some(urn) = &p.urn
            && let Some(other) = urns.insert(urn, &p.file)
        {
            out.push(
                Diagnostic::error(
                    &p.file,
                    Anchor::Value(vec![crate::yaml::Seg::Key("urn".into())]),
                    format!("the URN {urn} is also used by {other}"),
                )
                .help("each Ofsted registration has its own URN: check it against the Ofsted report, or merge the two listings"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::load::{FileResult, RawFile, load_one};
    use super::*;

    const GOOD: &str = "---\nname: Acorn Childminding\ntype: childminder\nurn: EY512345\nregisters: [early-years, childcare-compulsory]\nages:\n  from: 9 months\n  to: 8\nlocality: marlbrook-town\naddress:\n  line1: 4 Hidden Lane\n  town: Marlbrook\npostcode: MB1 2AB\nlatitude: 53.0712\nlongitude: -1.4123\nfunded: [working-parents-under-3]\nvacancies:\n  as_at: 2026-11-02\n  under_2: 1\ninspections:\n  - date: 2022-03-08\n    overall: good\n  - date: 2026-01-20\n    areas:\n      inclusion: strong-standard\n    safeguarding: met\nreviewed: 2026-11-01\n---\nHello.\n";

    fn load(text: &str) -> FileResult {
        let f = RawFile {
            rel: "childcare/acorn.md".into(),
            bytes: text.as_bytes().to_vec(),
            problem: None,
        };
        load_one(f, jiff::civil::date(2026, 12, 1))
    }

    fn provider(text: &str) -> ChildcareProvider {
        let r = load(text);
        assert!(r.diags.is_empty(), "{:?}", r.diags);
        match r.item {
            Some(super::super::load::Item::Childcare(p)) => *p,
            other => panic!("not a provider: {other:?}"),
        }
    }

    #[test]
    fn a_childminder_reads_with_both_inspection_shapes_newest_first() {
        let p = provider(GOOD);
        assert_eq!(p.kind, "childminder");
        assert_eq!(p.urn.as_deref(), Some("EY512345"));
        assert_eq!(p.ages.from.0, 9);
        assert_eq!(
            p.inspections[0].areas,
            [("inclusion", "strong-standard".into())]
        );
        assert_eq!(p.inspections[0].safeguarding.as_deref(), Some("met"));
        assert_eq!(p.inspections[1].overall.as_deref(), Some("good"));
        assert_eq!(p.vacancies.as_ref().unwrap().bands, [("under_2", 1)]);
        assert_eq!(
            p.report_url().unwrap(),
            "https://reports.ofsted.gov.uk/provider/16/EY512345"
        );
    }

    #[test]
    fn a_childminders_home_is_withheld_without_consent() {
        let pc = [PostcodeArea {
            code: "MB1".into(),
            latitude: 53.08,
            longitude: -1.41,
        }];
        let p = provider(GOOD);
        let place = p.public_place(&pc);
        assert!(place.withheld && place.address.is_none());
        assert_eq!(place.postcode, "MB1");
        assert_eq!(place.point, Some((53.08, -1.41)));
        let consented = provider(&GOOD.replace("reviewed:", "address_consent: true\nreviewed:"));
        let place = consented.public_place(&pc);
        assert_eq!(place.postcode, "MB1 2AB");
        assert_eq!(place.point, Some((53.0712, -1.4123)));
        // A nursery's address is a business's: always published.
        let nursery = provider(&GOOD.replace("type: childminder", "type: day-nursery"));
        assert!(!nursery.public_place(&pc).withheld);
    }

    #[test]
    fn vacancies_go_out_of_date_after_the_sites_weeks() {
        let p = provider(GOOD);
        let day = jiff::civil::date;
        assert!(p.vacancies_current(day(2026, 11, 30), 4).is_some());
        assert!(p.vacancies_current(day(2026, 12, 1), 4).is_none());
        assert!(p.vacancies_stale(day(2026, 12, 1), 4));
    }

    #[test]
    fn the_report_card_areas_are_the_declared_ones() {
        assert_eq!(schema::REPORT_CARD.names(), REPORT_AREAS);
    }

    #[test]
    fn urns_take_ofsteds_forms_only() {
        assert_eq!(check_urn("ey512345").unwrap(), "EY512345");
        assert_eq!(check_urn("SC123456").unwrap(), "SC123456");
        assert_eq!(check_urn("2654321").unwrap(), "2654321");
        assert_eq!(check_urn("123456").unwrap(), "123456");
        for bad in ["12345", "12345678", "EY", "XY123456", "EY12A456"] {
            assert!(check_urn(bad).is_err(), "{bad}");
        }
    }

    /// (line, message, help, example) of each problem.
    fn problems(text: &str) -> Vec<(usize, String, String, String)> {
        load(text)
            .diags
            .into_iter()
            .map(|d| {
                (
                    d.line,
                    d.message,
                    d.help.unwrap_or_default(),
                    d.example.unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn bad_input_gets_its_line_what_is_allowed_and_an_example() {
        let p = problems(&GOOD.replace("type: childminder", "type: creche"));
        assert_eq!(p[0].0, 3, "{p:?}");
        assert!(p[0].1.contains("`creche` is not one of the allowed values"));
        assert!(p[0].2.contains("day-nursery, pre-school"), "{p:?}");
        assert_eq!(p[0].3, "type: day-nursery");

        let p = problems(&GOOD.replace("urn: EY512345", "urn: EY-5123"));
        assert_eq!(p[0].0, 4, "{p:?}");
        assert!(p[0].1.contains("is not an Ofsted URN"), "{p:?}");
        assert!(p[0].2.contains("EY or SC followed by digits"), "{p:?}");
        assert_eq!(p[0].3, "urn: EY512345");

        let p = problems(&GOOD.replace("  as_at: 2026-11-02\n", ""));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, 17, "{p:?}");
        assert_eq!(p[0].1, "missing required field `as_at`");
        assert!(p[0].2.contains("vacancies without a date"), "{p:?}");
        assert!(p[0].3.contains("as_at: 2026-11-02"), "{p:?}");

        let p = problems(&GOOD.replace("inclusion: strong", "teaching: strong"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, 25, "{p:?}");
        assert_eq!(p[0].1, "unknown field `teaching`");
        assert!(
            p[0].2
                .starts_with("`teaching` is not an area Ofsted grades in a report card"),
            "{p:?}"
        );
        assert!(p[0].2.contains("curriculum-and-teaching"), "{p:?}");
        assert!(p[0].3.contains("leadership-and-governance:"), "{p:?}");
    }
}
