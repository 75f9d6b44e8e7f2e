//! The Open Referral UK 3.0 records signpost writes and reads, as one set of serde types.
//!
//! - Text is `Cow`: the export borrows from the site it was built from (no copies for ten
//!   thousand records), the import owns what it read.
//! - Every field is optional (`Option`, or a list that may be empty): the export fills what
//!   the profile requires and leaves the rest out (never `null`); the import decides what
//!   it requires (`crate::import::read`), so one missing field is one message, not a
//!   failed record.
//! - Fields are declared in the order the export writes them; that order is the published
//!   file's order.
//! - Reading goes through [`super::lenient`]: trimmed text, `null` as absent, and messages
//!   in the import's words. Fields a record has that are not named here are passed over
//!   (serde's default, kept on purpose: real feeds carry more than the profile).
//! - Fields marked `skip_deserializing` are written but not read: the import has no use
//!   for them, so a feed is not faulted for how it spells them. Reading one is removing
//!   that mark (and naming its `lenient` function).
//! - A few fields are read but never written: older or foreign spellings the import
//!   accepts (`fees`, `code`, `service_area`, an accessibility's `accessibility`).

use super::lenient;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;

/// A number written as a person would: whole numbers without a decimal point (ages 5,
/// not 5.0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// `Cow::Borrowed` of an optional text, so a record can be written from another without
/// copying its text.
pub fn borrow<'a>(text: &'a Option<Cow<'_, str>>) -> Option<Cow<'a, str>> {
    text.as_deref().map(Cow::Borrowed)
}

/// /api/index.json: what the export is. (Fields in name order, as first published.)
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Index<'a> {
    pub openapi_url: Cow<'a, str>,
    pub profile: Cow<'a, str>,
    pub version: Cow<'a, str>,
}

/// One page of a paged list (the profile's Page): `contents` is a slice when written, a
/// list when read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page<C> {
    #[serde(default)]
    pub total_items: usize,
    #[serde(default)]
    pub total_pages: usize,
    #[serde(default)]
    pub page_number: usize,
    #[serde(default)]
    pub size: usize,
    #[serde(default)]
    pub first_page: bool,
    #[serde(default)]
    pub last_page: bool,
    #[serde(default)]
    pub empty: bool,
    pub contents: C,
}

/// A taxonomy (a published vocabulary). (Fields in name order, as first published.)
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Taxonomy<'a> {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub description: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub name: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub version: Option<Cow<'a, str>>,
}

/// A term of a taxonomy, in taxonomy_terms.json or inside an attribute.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TaxonomyTerm<'a> {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub name: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub description: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub parent_id: Option<Cow<'a, str>>,
    /// The taxonomy's name (signpost's are `signpost:...`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub taxonomy: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub taxonomy_id: Option<Cow<'a, str>>,
    /// The term's code in its taxonomy.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub term: Option<Cow<'a, str>>,
    /// The code under the name HSDS 3.0 gives it; read when `term` is absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub code: Option<Cow<'a, str>>,
}

/// A link from a record to a taxonomy term. The export names the term by id (it is
/// published once, in taxonomy_terms.json); other feeds may include the term itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Attribute<'a> {
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub link_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub link_type: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub taxonomy_term_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::object"
    )]
    pub taxonomy_term: Option<TaxonomyTerm<'a>>,
}

/// An organization, in full or (in lists) its one-to-one fields only.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Organization<'a> {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub name: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub description: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub email: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub website: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub organization_identifiers: Vec<OrganizationIdentifier<'a>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub attributes: Vec<Attribute<'a>>,
    /// Read, never written.
    #[serde(default, skip_serializing, deserialize_with = "lenient::list")]
    pub phones: Vec<Phone<'a>>,
}

/// A registered number of an organization (signpost writes charity numbers, GB-CHC).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OrganizationIdentifier<'a> {
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub identifier_scheme: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub identifier_type: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub identifier: Option<Cow<'a, str>>,
}

/// A place, in full or (in lists) its one-to-one fields only.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Location<'a> {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub location_type: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub name: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub description: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::float"
    )]
    pub latitude: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::float"
    )]
    pub longitude: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub addresses: Vec<Address<'a>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub accessibility: Vec<Accessibility<'a>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub attributes: Vec<Attribute<'a>>,
    /// Read, never written.
    #[serde(default, skip_serializing, deserialize_with = "lenient::list")]
    pub phones: Vec<Phone<'a>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Address<'a> {
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub address_1: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub city: Option<Cow<'a, str>>,
    /// The UK profile puts the county here, and requires it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub state_province: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub postal_code: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub country: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub address_type: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Accessibility<'a> {
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub description: Option<Cow<'a, str>>,
    /// Read when `description` is absent (an older spelling); never written.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub accessibility: Option<Cow<'a, str>>,
}

/// A service: the full record (GET /services/{id}), a list item (its one-to-one fields
/// and its organization's), or just enough to name it (in the list of services at
/// locations).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Service<'a> {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub name: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub description: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub url: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub email: Option<Cow<'a, str>>,
    /// active, inactive, defunct or temporarily closed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub status: Option<Cow<'a, str>>,
    /// Years (months as fractions).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::number"
    )]
    pub minimum_age: Option<Number>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::number"
    )]
    pub maximum_age: Option<Number>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub assured_date: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub last_modified: Option<Cow<'a, str>>,
    /// Costs in words (HSDS 2); read when there are no cost options, never written.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub fees: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub schedules: Vec<Schedule<'a>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub service_areas: Vec<ServiceArea<'a>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub service_at_locations: Vec<ServiceAtLocation<'a>>,
    #[serde(skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language<'a>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::object"
    )]
    pub organization: Option<Cow<'a, Organization<'a>>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub cost_options: Vec<CostOption<'a>>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient::list"
    )]
    pub attributes: Vec<Attribute<'a>>,
    /// Read, never written (the profile's service has these; signpost's export carries
    /// their content in `description` and in the CSV).
    #[serde(default, skip_serializing, deserialize_with = "lenient::list")]
    pub phones: Vec<Phone<'a>>,
    #[serde(default, skip_serializing, deserialize_with = "lenient::list")]
    pub contacts: Vec<Contact<'a>>,
    #[serde(default, skip_serializing, deserialize_with = "lenient::text")]
    pub eligibility_description: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing, deserialize_with = "lenient::text")]
    pub application_process: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing, deserialize_with = "lenient::text")]
    pub alert: Option<Cow<'a, str>>,
}

/// A phone number (read only: the export writes none in its JSON).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Phone<'a> {
    #[serde(default, deserialize_with = "lenient::text")]
    pub number: Option<Cow<'a, str>>,
}

/// A person or desk to contact (read only).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Contact<'a> {
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub email: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub phones: Vec<Phone<'a>>,
}

/// When a service runs: an iCalendar-style rule, or only a description.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Schedule<'a> {
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub service_at_location_id: Option<Cow<'a, str>>,
    /// WEEKLY or MONTHLY.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub freq: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::number"
    )]
    pub interval: Option<Number>,
    /// Days as MO,TU...; with a week number for monthly rules (2TU, -1FR).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub byday: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub dtstart: Option<Cow<'a, str>>,
    /// The first and last dates the schedule holds (localoffer: dated sessions).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub valid_from: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub valid_to: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub opens_at: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub closes_at: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub description: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub notes: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ServiceArea<'a> {
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub name: Option<Cow<'a, str>>,
    /// The area in words under its HSDS 2 name; read when `name` is absent, never written.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub service_area: Option<Cow<'a, str>>,
}

/// The profile's language object has no name or code; signpost writes the codes as
/// attributes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Language<'a> {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub service_id: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CostOption<'a> {
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub option: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::number"
    )]
    pub amount: Option<Number>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::text"
    )]
    pub amount_description: Option<Cow<'a, str>>,
}

/// A service at a place: inside a full service record, a record of its own (GET
/// /service_at_locations/{id}, with the service's one-to-one fields) or a list row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ServiceAtLocation<'a> {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::id"
    )]
    pub id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<Cow<'a, str>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::object"
    )]
    pub location: Option<Cow<'a, Location<'a>>>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub service: Option<Box<Service<'a>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_are_left_out_and_whole_numbers_have_no_point() {
        assert_eq!(serde_json::to_string(&Service::default()).unwrap(), "{}");
        let cost = CostOption {
            amount: Some(Number(35.0)),
            amount_description: Some("per session".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&cost).unwrap(),
            r#"{"amount":35,"amount_description":"per session"}"#
        );
        assert_eq!(serde_json::to_string(&Number(1.5)).unwrap(), "1.5");
    }

    #[test]
    fn the_profiles_example_service_reads_into_the_model() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/oruk-3.0/examples/service_full.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let s: Service<'static> = serde_json::from_str(&text).unwrap();
        assert_eq!(s.name.as_deref(), Some("Community Counselling"));
        assert_eq!(s.minimum_age, Some(Number(12.0)));
        assert_eq!(s.schedules[0].byday.as_deref(), Some("TH,FR"));
        assert_eq!(s.cost_options[0].amount, Some(Number(35.0)));
        let org = s.organization.as_deref().unwrap();
        assert_eq!(org.name.as_deref(), Some("Example Organization Inc."));
        let place = s.service_at_locations[0].location.as_deref().unwrap();
        assert_eq!(place.addresses[0].city.as_deref(), Some("MyCity"));
    }

    #[test]
    fn wrong_kinds_are_named_in_the_imports_words() {
        let e = serde_json::from_str::<Service>(r#"{"name": 5}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("expected text, found a number"),
            "{e}"
        );
        let e = serde_json::from_str::<Service>(r#"{"schedules": {}}"#).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("expected a list, found an object"),
            "{e}"
        );
        let e = serde_json::from_str::<Service>(r#"{"schedules": [true]}"#).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("expected an object, found true or false"),
            "{e}"
        );
        let e = serde_json::from_str::<Service>(r#"{"maximum_age": "5"}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("expected a number, found text"),
            "{e}"
        );
        // Absent, null and blank are all "not given".
        let s: Service = serde_json::from_str(r#"{"name": "  ", "url": null}"#).unwrap();
        assert_eq!((s.name, s.url), (None, None));
    }
}
