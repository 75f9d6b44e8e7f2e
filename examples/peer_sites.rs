//! Converts a content folder into the content of an equivalent Hugo site and Zola site, for
//! the side-by-side build benchmark (bench/build/run.sh, which adds the templates from
//! bench/build/hugo and bench/build/zola). Not timed: only the peers' builds are.
//!
//! Usage: cargo run --release --example peer_sites -- CONTENT_DIR OUT_DIR
//! Writes OUT_DIR/hugo/{hugo.toml,content/} and OUT_DIR/zola/{config.toml,content/,data/}.
//!
//! Every phrase a page shows (ages, cost, sessions, access routes...) is worded here with
//! signpost's own wording functions and put in front matter, so the peers lay out the same
//! text and render the same markdown bodies; their work is what a static-site generator does
//! (read, parse front matter, render markdown, taxonomies, paginate, template, write).

use serde_json::{Map, Value, json};
use signpost::render::{text, views};
use signpost::site::Site;
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(content), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: peer_sites CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    if let Err(e) = run(Path::new(content), Path::new(out)) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(content: &Path, out: &Path) -> Result<(), String> {
    let today = signpost::today().map_err(|e| e.to_string())?;
    let source = signpost::resolve_source(Some(content)).map_err(|e| e.to_string())?;
    let checked = signpost::check_content(&source, today).map_err(|e| e.to_string())?;
    if checked.errors() > 0 {
        return Err(format!(
            "{} has content errors; run signpost check",
            content.display()
        ));
    }
    let site = Site::build(checked.content, today).ok_or("site.yaml is missing")?;
    let mut w = Writer {
        hugo: out.join("hugo"),
        zola: out.join("zola"),
        files: 0,
    };
    config(&mut w, &site)?;
    for si in 0..site.services.len() {
        service(&mut w, &site, si)?;
    }
    terms(&mut w, &site)?;
    println!(
        "Wrote {} files for {} services to {}",
        w.files,
        site.services.len(),
        out.display()
    );
    Ok(())
}

struct Writer {
    hugo: PathBuf,
    zola: PathBuf,
    files: usize,
}

impl Writer {
    fn write(&mut self, path: PathBuf, text: &str) -> Result<(), String> {
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        self.files += 1;
        Ok(())
    }

    /// One page for both peers: Hugo takes JSON front matter with fields under `params`,
    /// Zola takes TOML front matter with fields under `extra` and terms under `taxonomies`.
    fn page(
        &mut self,
        rel: &str,
        title: &str,
        params: &Value,
        taxonomies: Option<&Value>,
        body: &str,
    ) -> Result<(), String> {
        let mut hugo = Map::new();
        hugo.insert("title".into(), json!(title));
        hugo.insert("params".into(), params.clone());
        if let Some(Value::Object(t)) = taxonomies {
            hugo.extend(t.clone());
        }
        let hugo_text = format!(
            "{}\n{body}",
            serde_json::to_string_pretty(&hugo).map_err(|e| e.to_string())?
        );
        self.write(self.hugo.join("content").join(rel), &hugo_text)?;

        let mut zola = Map::new();
        zola.insert("title".into(), json!(title));
        if let Some(t) = taxonomies {
            zola.insert("taxonomies".into(), t.clone());
        }
        zola.insert("extra".into(), params.clone());
        let zola_text = format!("+++\n{}+++\n{body}", toml_of(&Value::Object(zola))?);
        self.write(self.zola.join("content").join(rel), &zola_text)
    }
}

/// TOML has no null: drop nulls (templates test for a missing field instead).
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (k.clone(), without_nulls(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        x => x.clone(),
    }
}

fn toml_of(v: &Value) -> Result<String, String> {
    toml::to_string(&without_nulls(v)).map_err(|e| format!("TOML: {e}"))
}

fn config(w: &mut Writer, site: &Site) -> Result<(), String> {
    let c = &site.config;
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let taxonomies = [
        "needs",
        "categories",
        "hubs",
        "localities",
        "organisations",
        "venues",
    ];
    let hugo = format!(
        "baseURL = {base}\ntitle = {name}\nlanguageCode = \"en-gb\"\n\
         # Signpost writes no feeds or robots.txt; it does write a sitemap, so Hugo keeps its own.\n\
         disableKinds = [\"rss\", \"robotsTXT\"]\n\
         [pagination]\npagerSize = 50\n\
         [taxonomies]\n{tax}\n\
         [params]\ncouncil = {council}\narea = {area}\nemail = {email}\nreview_months = {months}\ntoday = {today}\n",
        base = q(&format!("{}/", c.base_url)),
        name = q(&c.name),
        tax = taxonomies
            .iter()
            .map(|t| format!("{t} = \"{t}\""))
            .collect::<Vec<_>>()
            .join("\n"),
        council = q(&c.council),
        area = q(&c.area),
        email = q(c.contact.email.as_deref().unwrap_or("")),
        months = c.review_months,
        today = q(&text::date(site.today)),
    );
    w.write(w.hugo.join("hugo.toml"), &hugo)?;
    let zola = format!(
        "base_url = {base}\ntitle = {name}\ncompile_sass = false\nbuild_search_index = false\n\
         generate_feeds = false\n\
         taxonomies = [\n{tax}\n]\n\
         [markdown]\nhighlight_code = false\n\
         [extra]\ncouncil = {council}\narea = {area}\nemail = {email}\nreview_months = {months}\ntoday = {today}\n",
        base = q(&c.base_url),
        name = q(&c.name),
        // Venue pages list every service (signpost does not paginate them).
        tax = taxonomies
            .iter()
            .map(|t| if *t == "venues" {
                format!("  {{ name = \"{t}\" }},")
            } else {
                format!("  {{ name = \"{t}\", paginate_by = 50 }},")
            })
            .collect::<Vec<_>>()
            .join("\n"),
        council = q(&c.council),
        area = q(&c.area),
        email = q(c.contact.email.as_deref().unwrap_or("")),
        months = c.review_months,
        today = q(&text::date(site.today)),
    );
    w.write(w.zola.join("config.toml"), &zola)?;
    // Home and the A to Z (paginated, by name).
    w.write(
        w.hugo.join("content/_index.md"),
        &format!("{{\"title\": {}}}\n", q(&c.name)),
    )?;
    w.write(
        w.hugo.join("content/services/_index.md"),
        "{\"title\": \"Services from A to Z\"}\n",
    )?;
    w.write(
        w.zola.join("content/_index.md"),
        &format!("+++\ntitle = {}\n+++\n", q(&c.name)),
    )?;
    w.write(
        w.zola.join("content/services/_index.md"),
        "+++\ntitle = \"Services from A to Z\"\nsort_by = \"title\"\npaginate_by = 50\n+++\n",
    )
}

fn service(w: &mut Writer, site: &Site, si: usize) -> Result<(), String> {
    let s = &site.services[si];
    let l = &site.svc[si];
    let card = views::card(site, si);
    let mut v = json!(views::service_page(site, si, &card));
    let m = v.as_object_mut().ok_or("service view is not an object")?;
    // The peers render the markdown body themselves.
    m.remove("body_html");
    m.remove("file");
    for k in ["id", "url", "name"] {
        m.remove(k);
    }
    // Hugo reads taxonomy terms from page params, so fields named like a taxonomy move.
    for (from, to) in [
        ("needs", "need_links"),
        ("hubs", "hub_links"),
        ("venues", "venue_list"),
    ] {
        if let Some(x) = m.remove(from) {
            m.insert(to.into(), x);
        }
    }
    // `summary` means something else to both peers.
    if let Some(x) = m.remove("summary") {
        m.insert("lead".into(), x);
    }
    // Need and category pages group services by area; hub, locality and organisation pages
    // by need (Hugo and Zola group by one value, so each card appears in one group).
    let place = if l.area_wide {
        format!("Across {}", site.config.area)
    } else {
        l.localities
            .first()
            .map(|&li| site.localities[li].name.clone())
            .unwrap_or_else(|| format!("Across {}", site.config.area))
    };
    m.insert("place".into(), json!(place));
    // The A to Z groups by first letter, as signpost's does.
    let letter = s
        .name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_else(|| "#".into());
    m.insert("letter".into(), json!(letter));
    m.insert(
        "topic".into(),
        json!(l.needs.first().map(|&n| site.needs[n].label.as_str())),
    );
    let mut categories: Vec<&str> = l
        .needs
        .iter()
        .map(|&n| site.needs[n].category.as_str())
        .collect();
    categories.sort_unstable();
    categories.dedup();
    let mut hubs: Vec<&str> = l.hubs.iter().map(|&h| site.hubs[h].id.as_str()).collect();
    hubs.extend(l.covers_hubs.iter().map(|&h| site.hubs[h].id.as_str()));
    let taxonomies = json!({
        "needs": l.needs.iter().map(|&n| &site.needs[n].id).collect::<Vec<_>>(),
        "categories": categories,
        "hubs": hubs,
        "localities": l.localities.iter().map(|&x| &site.localities[x].id).collect::<Vec<_>>(),
        "organisations": site.org_of(si).map(|o| vec![o.id.as_str()]).unwrap_or_default(),
        "venues": l.venues.iter().map(|&x| &site.venues[x].id).collect::<Vec<_>>(),
    });
    w.page(
        &format!("services/{}.md", s.id),
        &s.name,
        &v,
        Some(&taxonomies),
        &s.body,
    )
}

/// A taxonomy term: id, title, fields, markdown body.
type Term = (String, String, Value, String);

/// Term pages: Hugo reads a term's title, fields and body from `<taxonomy>/<term>/_index.md`;
/// Zola cannot attach content to a term, so its templates look terms up in data/<taxonomy>.json.
fn terms(w: &mut Writer, site: &Site) -> Result<(), String> {
    let mut all: Vec<(&str, Vec<Term>)> = Vec::new();
    all.push((
        "categories",
        site.categories
            .iter()
            .map(|c| {
                let needs: Vec<Value> = c
                    .needs
                    .iter()
                    .filter_map(|n| site.need_ix.get(n))
                    .map(|&ni| json!(views::need_link(site, ni)))
                    .collect();
                (
                    c.id.clone(),
                    c.label.clone(),
                    json!({"lead": c.description, "need_links": needs}),
                    String::new(),
                )
            })
            .collect(),
    ));
    all.push((
        "needs",
        site.needs
            .iter()
            .map(|n| {
                let cat = site.category_ix.get(&n.category).map(|&c| {
                    json!({"label": site.categories[c].label, "url": format!("/categories/{}/", site.categories[c].id)})
                });
                (
                    n.id.clone(),
                    n.label.clone(),
                    json!({"lead": n.description, "synonyms": n.synonyms, "category": cat}),
                    String::new(),
                )
            })
            .collect(),
    ));
    all.push((
        "hubs",
        (0..site.hubs.len())
            .map(|hi| {
                let h = &site.hubs[hi];
                let mut v = json!(views::hub_summary(site, hi));
                if let Some(m) = v.as_object_mut() {
                    for k in ["id", "url", "name"] {
                        m.remove(k);
                    }
                    if let Some(x) = m.remove("summary") {
                        m.insert("lead".into(), x);
                    }
                    m.insert(
                        "locality".into(),
                        json!(site.locality_ix.get(&h.locality).map(|&li| json!({
                            "name": site.localities[li].name,
                            "url": format!("/localities/{}/", site.localities[li].id)
                        }))),
                    );
                }
                (h.id.clone(), h.name.clone(), v, h.body.clone())
            })
            .collect(),
    ));
    all.push((
        "localities",
        site.localities
            .iter()
            .map(|l| {
                (
                    l.id.clone(),
                    l.name.clone(),
                    json!({"lead": l.summary}),
                    l.body.clone(),
                )
            })
            .collect(),
    ));
    all.push((
        "organisations",
        site.organisations
            .iter()
            .map(|o| {
                (
                    o.id.clone(),
                    o.name.clone(),
                    json!({"lead": o.summary, "kind": o.kind, "contact": views::contact(&o.contact)}),
                    o.body.clone(),
                )
            })
            .collect(),
    ));
    all.push((
        "venues",
        (0..site.venues.len())
            .map(|vi| {
                let venue = &site.venues[vi];
                let mut v = json!(views::venue_view(site, vi));
                if let Some(m) = v.as_object_mut() {
                    for k in ["id", "url", "name"] {
                        m.remove(k);
                    }
                    m.insert(
                        "hub".into(),
                        json!(venue.hub.as_ref().and_then(|h| site.hub_ix.get(h)).map(
                            |&hi| json!({
                                "name": site.hubs[hi].name,
                                "url": format!("/hubs/{}/", site.hubs[hi].id)
                            })
                        )),
                    );
                }
                (venue.id.clone(), venue.name.clone(), v, venue.body.clone())
            })
            .collect(),
    ));
    for (taxonomy, items) in all {
        let mut data = Map::new();
        for (id, title, params, body) in items {
            let hugo = format!(
                "{}\n{body}",
                serde_json::to_string_pretty(&json!({"title": title, "params": params}))
                    .map_err(|e| e.to_string())?
            );
            w.write(
                w.hugo.join(format!("content/{taxonomy}/{id}/_index.md")),
                &hugo,
            )?;
            let mut z = params.clone();
            if let Some(m) = z.as_object_mut() {
                m.insert("title".into(), json!(title));
                m.insert("body".into(), json!(body));
            }
            data.insert(id, z);
        }
        w.write(
            w.zola.join(format!("data/{taxonomy}.json")),
            &serde_json::to_string(&Value::Object(data)).map_err(|e| e.to_string())?,
        )?;
    }
    Ok(())
}
