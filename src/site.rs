//! The resolved directory: every reference turned into an index, and the lists pages need
//! (services by need, hub, locality, organisation, venue) worked out once.

use crate::address::Addresses;
use crate::content::model::*;
use crate::content::validate::stale_before;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::HashMap;

pub struct Site {
    pub config: SiteConfig,
    /// Every page's and file's address (base_url and base_path applied).
    pub address: Addresses,
    pub today: Date,
    pub stale_before: Date,
    pub categories: Vec<Category>,
    pub needs: Vec<Need>,
    pub localities: Vec<Locality>,
    pub hubs: Vec<Hub>,
    pub venues: Vec<Venue>,
    pub organisations: Vec<Organisation>,
    /// Sorted by name, so every list built from indices is alphabetical.
    pub services: Vec<Box<Service>>,
    pub need_ix: HashMap<String, usize>,
    pub category_ix: HashMap<String, usize>,
    pub locality_ix: HashMap<String, usize>,
    pub hub_ix: HashMap<String, usize>,
    pub venue_ix: HashMap<String, usize>,
    pub org_ix: HashMap<String, usize>,
    pub service_ix: HashMap<String, usize>,
    pub svc: Vec<ServiceLinks>,
    pub by_need: Vec<Vec<usize>>,
    pub by_org: Vec<Vec<usize>>,
    pub by_venue: Vec<Vec<usize>>,
    /// Services delivered at a venue of the hub.
    pub at_hub: Vec<Vec<usize>>,
    /// Services not at the hub but naming its area (the hub or its locality) in `covers`.
    pub covering_hub: Vec<Vec<usize>>,
    /// Services delivered in or covering the locality (area-wide ones excluded).
    pub in_locality: Vec<Vec<usize>>,
    /// Area-wide services.
    pub area_wide: Vec<usize>,
    /// Venues of each hub, and hubs of each locality.
    pub hub_venues: Vec<Vec<usize>>,
    pub locality_hubs: Vec<Vec<usize>>,
    pub locality_venues: Vec<Vec<usize>>,
    /// Postcode districts and sectors with their centres (postcodes.yaml), for "near me".
    pub postcodes: Vec<PostcodeArea>,
    // --- childcare
    /// Childcare providers, sorted by name.
    pub childcare: Vec<crate::content::childcare::ChildcareProvider>,
    /// The providers in each locality.
    pub childcare_by_locality: Vec<Vec<usize>>,
    // --- localoffer
    /// content/local-offer/you-said-we-did.md, if the site has one.
    pub you_said_we_did: Option<crate::content::local_offer::YouSaidWeDid>,
}

/// A service's resolved references.
#[derive(Debug, Clone, Default)]
pub struct ServiceLinks {
    /// The organisation that runs it (None only if checking missed an unknown one).
    pub organisation: Option<usize>,
    pub needs: Vec<usize>,
    pub venues: Vec<usize>,
    /// Hubs whose venues it is delivered at.
    pub hubs: Vec<usize>,
    /// Localities it is delivered in or explicitly covers.
    pub localities: Vec<usize>,
    /// Hubs whose area it covers without being delivered there.
    pub covers_hubs: Vec<usize>,
    pub area_wide: bool,
    pub stale: bool,
    pub sensitive: bool,
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, x)| (id(x).to_string(), i))
        .collect()
}

fn push_unique(v: &mut Vec<usize>, x: usize) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Site {
    /// Builds the graph from content that passed `check` with no errors. Unknown references
    /// are skipped rather than trusted, so a bug in checking can never make this panic.
    pub fn build(content: Content, today: Date) -> Option<Site> {
        let config = content.site?;
        let mut services = content.services;
        // Keys made once, not twice per comparison; sorted on both cores.
        services.par_sort_by_cached_key(|s| (s.name.to_lowercase(), s.id.clone()));
        let mut hubs = content.hubs;
        hubs.sort_by(|a, b| a.name.cmp(&b.name));
        let mut localities = content.localities;
        localities.sort_by(|a, b| a.name.cmp(&b.name));
        let mut venues = content.venues;
        venues.sort_by(|a, b| a.name.cmp(&b.name));
        let mut organisations = content.organisations;
        organisations.sort_by_cached_key(|o| o.name.to_lowercase());

        let need_ix = index_of(&content.needs, |n| &n.id);
        let category_ix = index_of(&content.categories, |c| &c.id);
        let locality_ix = index_of(&localities, |x| &x.id);
        let hub_ix = index_of(&hubs, |x| &x.id);
        let venue_ix = index_of(&venues, |x| &x.id);
        let org_ix = index_of(&organisations, |x| &x.id);
        let service_ix = index_of(&services, |x| &x.id);

        // Which hub a venue belongs to: its own `hub`, or the hub whose building it is.
        let mut venue_hub: Vec<Option<usize>> = venues
            .iter()
            .map(|v| v.hub.as_ref().and_then(|h| hub_ix.get(h).copied()))
            .collect();
        for (hi, h) in hubs.iter().enumerate() {
            if let Some(&vi) = venue_ix.get(&h.venue)
                && venue_hub[vi].is_none()
            {
                venue_hub[vi] = Some(hi);
            }
        }
        let venue_loc: Vec<Option<usize>> = venues
            .iter()
            .map(|v| locality_ix.get(&v.locality).copied())
            .collect();
        let hub_loc: Vec<Option<usize>> = hubs
            .iter()
            .map(|h| locality_ix.get(&h.locality).copied())
            .collect();

        let mut hub_venues = vec![Vec::new(); hubs.len()];
        for (vi, h) in venue_hub.iter().enumerate() {
            if let Some(h) = h {
                hub_venues[*h].push(vi);
            }
        }
        let mut locality_hubs = vec![Vec::new(); localities.len()];
        for (hi, l) in hub_loc.iter().enumerate() {
            if let Some(l) = l {
                locality_hubs[*l].push(hi);
            }
        }
        let mut locality_venues = vec![Vec::new(); localities.len()];
        for (vi, l) in venue_loc.iter().enumerate() {
            if let Some(l) = l {
                locality_venues[*l].push(vi);
            }
        }

        let before = stale_before(today, config.review_months);
        // Each listing's links on both cores; then the lists of listings by need, venue,
        // hub and area, in listing order, in one pass.
        let svc: Vec<ServiceLinks> = services
            .par_iter()
            .map(|s| {
                let mut l = ServiceLinks {
                    organisation: org_ix.get(&s.organisation).copied(),
                    ..Default::default()
                };
                for n in &s.needs {
                    if let Some(&ni) = need_ix.get(n) {
                        push_unique(&mut l.needs, ni);
                        l.sensitive |= content.needs[ni].sensitive;
                    }
                }
                for v in &s.where_.venues {
                    if let Some(&vi) = venue_ix.get(v) {
                        push_unique(&mut l.venues, vi);
                        if let Some(h) = venue_hub[vi] {
                            push_unique(&mut l.hubs, h);
                        }
                        if let Some(lo) = venue_loc[vi] {
                            push_unique(&mut l.localities, lo);
                        }
                    }
                }
                match &s.where_.covers {
                    Some(Covers::Borough) => l.area_wide = true,
                    Some(Covers::Areas(areas)) => {
                        for a in areas {
                            if let Some(&lo) = locality_ix.get(a) {
                                push_unique(&mut l.localities, lo);
                                for &h in &locality_hubs[lo] {
                                    push_unique(&mut l.covers_hubs, h);
                                }
                            } else if let Some(&h) = hub_ix.get(a) {
                                push_unique(&mut l.covers_hubs, h);
                                if let Some(lo) = hub_loc[h] {
                                    push_unique(&mut l.localities, lo);
                                }
                            }
                        }
                    }
                    // Home visits, phone or online with no venue and no stated area: everyone.
                    None => l.area_wide = s.where_.venues.is_empty(),
                }
                l.covers_hubs.retain(|h| !l.hubs.contains(h));
                l.stale = s.reviewed < before;
                l
            })
            .collect();
        let mut by_need = vec![Vec::new(); content.needs.len()];
        let mut by_org = vec![Vec::new(); organisations.len()];
        let mut by_venue = vec![Vec::new(); venues.len()];
        let mut at_hub = vec![Vec::new(); hubs.len()];
        let mut covering_hub = vec![Vec::new(); hubs.len()];
        let mut in_locality = vec![Vec::new(); localities.len()];
        let mut area_wide = Vec::new();
        for (si, l) in svc.iter().enumerate() {
            // Area-wide services are not copied onto every hub page: with hundreds of hubs
            // that is a page count growing with hubs x services. Hub pages summarise them.
            if l.area_wide {
                area_wide.push(si);
            }
            if let Some(org) = l.organisation {
                by_org[org].push(si);
            }
            for &ni in &l.needs {
                by_need[ni].push(si);
            }
            for &vi in &l.venues {
                by_venue[vi].push(si);
            }
            for &h in &l.hubs {
                at_hub[h].push(si);
            }
            for &h in &l.covers_hubs {
                covering_hub[h].push(si);
            }
            for &lo in &l.localities {
                in_locality[lo].push(si);
            }
        }
        let mut childcare = content.childcare;
        childcare.sort_by_cached_key(|p| (p.name.to_lowercase(), p.id.clone()));
        let mut childcare_by_locality = vec![Vec::new(); localities.len()];
        for (ci, p) in childcare.iter().enumerate() {
            if let Some(&li) = locality_ix.get(&p.locality) {
                childcare_by_locality[li].push(ci);
            }
        }
        Some(Site {
            address: Addresses::new(&config.base_url, &config.base_path),
            config,
            today,
            stale_before: before,
            categories: content.categories,
            needs: content.needs,
            localities,
            hubs,
            venues,
            organisations,
            services,
            need_ix,
            category_ix,
            locality_ix,
            hub_ix,
            venue_ix,
            org_ix,
            service_ix,
            svc,
            by_need,
            by_org,
            by_venue,
            at_hub,
            covering_hub,
            in_locality,
            area_wide,
            hub_venues,
            locality_hubs,
            locality_venues,
            postcodes: content.postcodes,
            childcare,
            childcare_by_locality,
            you_said_we_did: content.you_said_we_did,
        })
    }

    pub fn org_of(&self, si: usize) -> Option<&Organisation> {
        self.organisations.get(self.svc[si].organisation?)
    }
}

// --- localoffer
impl Site {
    /// Whether the site has a Local Offer: a listing with a `local_offer` block, or a
    /// "You said, we did" page.
    pub fn has_local_offer(&self) -> bool {
        self.you_said_we_did.is_some()
            || self.services.iter().any(|s| s.local_offer.is_some())
            || self.childcare.iter().any(|p| p.local_offer.is_some())
    }
    /// The services and childcare providers (indices) in a Local Offer section, by name.
    pub fn in_section(&self, section: &str) -> (Vec<usize>, Vec<usize>) {
        let has = |lo: &Option<crate::content::local_offer::LocalOffer>| {
            lo.as_ref()
                .is_some_and(|lo| lo.sections.iter().any(|s| s == section))
        };
        (
            (0..self.services.len())
                .filter(|&i| has(&self.services[i].local_offer))
                .collect(),
            (0..self.childcare.len())
                .filter(|&i| has(&self.childcare[i].local_offer))
                .collect(),
        )
    }
}
