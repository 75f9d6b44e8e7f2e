//! schema.org JSON-LD for service, hub and organisation pages, so search engines and other
//! tools can read the listing. It goes in a `<script type="application/ld+json">` data
//! block (not run, so a strict CSP allows it), escaped so content cannot end the element.

use crate::address::Page;
use crate::content::model::*;
use crate::render::pages::SitePage;
use crate::site::Site;
use serde_json::{Map, Value, json};

/// The JSON-LD for a page, ready to put inside the script element, if the page has one.
pub fn for_page(site: &Site, page: SitePage) -> Option<String> {
    let v = match page {
        SitePage::Service(si) => service(site, si),
        SitePage::Hub(hi, 1) => hub(site, hi),
        SitePage::Organisation(oi, 1) => organisation(site, oi),
        SitePage::ChildcareProvider(ci) => childcare(site, ci),
        _ => return None,
    };
    Some(crate::render::escape::json_for_script(&v))
}

fn url(site: &Site, path: &str) -> String {
    site.address.full(path)
}

fn put(m: &mut Map<String, Value>, k: &str, v: Option<&str>) {
    if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
        m.insert(k.into(), json!(v));
    }
}

fn day_uri(d: Day) -> String {
    format!("https://schema.org/{}", d.name())
}

fn address(v: &Venue) -> Value {
    let mut street = v.address.line1.clone();
    if let Some(l2) = &v.address.line2 {
        street.push_str(", ");
        street.push_str(l2);
    }
    let mut m = Map::new();
    m.insert("@type".into(), json!("PostalAddress"));
    m.insert("streetAddress".into(), json!(street));
    m.insert("addressLocality".into(), json!(v.address.town));
    put(&mut m, "addressRegion", v.address.county.as_deref());
    m.insert("postalCode".into(), json!(v.postcode));
    m.insert("addressCountry".into(), json!("GB"));
    Value::Object(m)
}

fn place(site: &Site, vi: usize, hours: Vec<Value>) -> Value {
    let v = &site.venues[vi];
    let mut m = Map::new();
    m.insert("@type".into(), json!("Place"));
    m.insert("name".into(), json!(v.name));
    m.insert(
        "url".into(),
        json!(url(site, &site.address.page(Page::Venue(&v.id)))),
    );
    m.insert("address".into(), address(v));
    m.insert(
        "geo".into(),
        json!({"@type": "GeoCoordinates", "latitude": v.latitude, "longitude": v.longitude}),
    );
    if !hours.is_empty() {
        m.insert("openingHoursSpecification".into(), json!(hours));
    }
    Value::Object(m)
}

fn hours(days: &[Day], opens: Time, closes: Time) -> Value {
    json!({
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": days.iter().map(|d| day_uri(*d)).collect::<Vec<_>>(),
        "opens": opens.hhmm(),
        "closes": closes.hhmm(),
    })
}

fn org_type(kind: &str) -> &'static str {
    match kind {
        "council" => "GovernmentOrganization",
        "nhs" => "MedicalOrganization",
        "school" | "early-years" => "EducationalOrganization",
        "vcs" | "faith" => "NGO",
        _ => "Organization",
    }
}

fn org_ref(site: &Site, o: &Organisation) -> Value {
    let mut m = Map::new();
    m.insert("@type".into(), json!(org_type(&o.kind)));
    m.insert("name".into(), json!(o.name));
    m.insert(
        "url".into(),
        json!(url(site, &site.address.page(Page::Organisation(&o.id)))),
    );
    put(&mut m, "sameAs", o.contact.website.as_deref());
    Value::Object(m)
}

fn years(a: Age) -> Value {
    crate::export::oruk::number(f64::from(a.0.max(0)) / 12.0)
}

pub fn service(site: &Site, si: usize) -> Value {
    let s = &site.services[si];
    let l = &site.svc[si];
    let org = site.org_of(si);
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    let government = org.is_some_and(|o| o.kind == "council");
    m.insert(
        "@type".into(),
        json!(if government {
            "GovernmentService"
        } else {
            "Service"
        }),
    );
    m.insert("name".into(), json!(s.name));
    m.insert("description".into(), json!(s.summary));
    m.insert(
        "url".into(),
        json!(url(site, &site.address.page(Page::Service(&s.id)))),
    );
    if let Some(o) = org {
        m.insert("provider".into(), org_ref(site, o));
    }
    let types: Vec<&str> = l
        .needs
        .iter()
        .map(|&n| site.needs[n].label.as_str())
        .collect();
    if !types.is_empty() {
        m.insert("serviceType".into(), json!(types));
    }
    let areas: Vec<Value> = if l.area_wide {
        vec![json!({"@type": "AdministrativeArea", "name": site.config.area})]
    } else {
        l.localities
            .iter()
            .map(|&li| json!({"@type": "AdministrativeArea", "name": site.localities[li].name}))
            .collect()
    };
    if !areas.is_empty() {
        m.insert("areaServed".into(), json!(areas));
    }
    let mut audience = Map::new();
    audience.insert("@type".into(), json!("PeopleAudience"));
    if let Some(a) = &s.ages {
        audience.insert("suggestedMinAge".into(), json!(years(a.from)));
        audience.insert(
            "suggestedMaxAge".into(),
            json!(years(a.send_to.unwrap_or(a.to))),
        );
    } else if s.adults_only() {
        audience.insert("suggestedMinAge".into(), json!(18));
    }
    // Who it is for, worded as on the page ("For parents and carers of children aged 0 to 5").
    audience.insert("audienceType".into(), json!(crate::render::text::who(s)));
    m.insert("audience".into(), serde_json::Value::Object(audience));
    let mut channel = Map::new();
    channel.insert("@type".into(), json!("ServiceChannel"));
    if let Some(p) = &s.contact.phone {
        channel.insert(
            "servicePhone".into(),
            json!({"@type": "ContactPoint", "telephone": p}),
        );
    }
    put(&mut channel, "serviceUrl", s.contact.website.as_deref());
    let places: Vec<Value> = l
        .venues
        .iter()
        .map(|&vi| {
            let vid = &site.venues[vi].id;
            // Sessions without a venue run at every venue of the service.
            let h = s
                .schedule
                .iter()
                .filter(|x| x.venue.as_ref().is_none_or(|v| v == vid))
                .filter(|x| x.frequency == Frequency::Weekly)
                .map(|x| hours(&x.days, x.starts, x.ends))
                .collect();
            place(site, vi, h)
        })
        .collect();
    match places.len() {
        0 => {}
        1 => {
            channel.insert("serviceLocation".into(), places[0].clone());
        }
        _ => {
            channel.insert("serviceLocation".into(), json!(places));
        }
    }
    if channel.len() > 1 {
        m.insert("availableChannel".into(), Value::Object(channel));
    }
    if s.cost.is_free() {
        m.insert(
            "offers".into(),
            json!({"@type": "Offer", "price": "0", "priceCurrency": "GBP"}),
        );
    } else if let Cost::Paid {
        amount: Some(a), ..
    } = s.cost
    {
        m.insert(
            "offers".into(),
            json!({"@type": "Offer", "price": format!("{a:.2}"), "priceCurrency": "GBP"}),
        );
    }
    Value::Object(m)
}

pub fn hub(site: &Site, hi: usize) -> Value {
    let h = &site.hubs[hi];
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("CivicStructure"));
    m.insert("name".into(), json!(h.name));
    put(&mut m, "description", Some(&h.summary));
    m.insert(
        "url".into(),
        json!(url(site, &site.address.page(Page::Hub(&h.id)))),
    );
    put(&mut m, "telephone", h.contact.phone.as_deref());
    put(&mut m, "email", h.contact.email.as_deref());
    put(&mut m, "sameAs", h.contact.website.as_deref());
    if let Some(&vi) = site.venue_ix.get(&h.venue) {
        let v = &site.venues[vi];
        m.insert("address".into(), address(v));
        m.insert(
            "geo".into(),
            json!({"@type": "GeoCoordinates", "latitude": v.latitude, "longitude": v.longitude}),
        );
    }
    let oh: Vec<Value> = h
        .opening_hours
        .iter()
        .map(|x| hours(&x.days, x.opens, x.closes))
        .collect();
    if !oh.is_empty() {
        m.insert("openingHoursSpecification".into(), json!(oh));
    }
    if let Some(&li) = site.locality_ix.get(&h.locality) {
        m.insert(
            "containedInPlace".into(),
            json!({"@type": "AdministrativeArea", "name": site.localities[li].name}),
        );
    }
    Value::Object(m)
}

pub fn organisation(site: &Site, oi: usize) -> Value {
    let o = &site.organisations[oi];
    let mut m = match org_ref(site, o) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let mut out = Map::new();
    out.insert("@context".into(), json!("https://schema.org"));
    out.append(&mut m);
    put(&mut out, "description", Some(&o.summary));
    put(&mut out, "telephone", o.contact.phone.as_deref());
    put(&mut out, "email", o.contact.email.as_deref());
    if let Some(n) = &o.charity_number {
        out.insert(
            "identifier".into(),
            json!({"@type": "PropertyValue", "propertyID": "Charity number", "value": n}),
        );
    }
    Value::Object(out)
}

// --- childcare: a provider's page as schema.org ChildCare

/// A provider as schema.org `ChildCare`. Its place comes from `public_place`: for a
/// childminder's home without consent, only the area and postcode district, and no `geo`.
pub fn childcare(site: &Site, ci: usize) -> Value {
    let p = &site.childcare[ci];
    let place = p.public_place(&site.postcodes);
    let area = site
        .locality_ix
        .get(&p.locality)
        .map_or(p.locality.as_str(), |&li| site.localities[li].name.as_str());
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("ChildCare"));
    m.insert("name".into(), json!(p.name));
    put(&mut m, "description", Some(&p.summary));
    m.insert(
        "url".into(),
        json!(url(
            site,
            &site.address.page(Page::ChildcareProvider(&p.id))
        )),
    );
    put(&mut m, "sameAs", p.contact.website.as_deref());
    put(&mut m, "telephone", p.contact.phone.as_deref());
    put(&mut m, "email", p.contact.email.as_deref());
    let mut a = Map::new();
    a.insert("@type".into(), json!("PostalAddress"));
    match &place.address {
        Some(addr) => {
            let mut street = addr.line1.clone();
            if let Some(l2) = &addr.line2 {
                street.push_str(", ");
                street.push_str(l2);
            }
            a.insert("streetAddress".into(), json!(street));
            a.insert("addressLocality".into(), json!(addr.town));
            put(&mut a, "addressRegion", addr.county.as_deref());
        }
        None => {
            a.insert("addressLocality".into(), json!(area));
        }
    }
    a.insert("postalCode".into(), json!(place.postcode));
    a.insert("addressCountry".into(), json!("GB"));
    m.insert("address".into(), Value::Object(a));
    if let (false, Some((lat, lon))) = (place.withheld, place.point) {
        m.insert(
            "geo".into(),
            json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}),
        );
    }
    m.insert("areaServed".into(), json!({"@type": "Place", "name": area}));
    if !p.opening_hours.is_empty() {
        m.insert(
            "openingHoursSpecification".into(),
            json!(
                p.opening_hours
                    .iter()
                    .map(|h| hours(&h.days, h.opens, h.closes))
                    .collect::<Vec<_>>()
            ),
        );
    }
    if let Some(urn) = &p.urn {
        m.insert(
            "identifier".into(),
            json!({"@type": "PropertyValue", "propertyID": "Ofsted URN", "value": urn}),
        );
    }
    Value::Object(m)
}
