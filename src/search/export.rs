//! Writes the static search index the browser reads (format in docs/search-index.md).
//!
//! Everything is gzip-compressed at build time and decompressed in the browser, so the bytes
//! a query costs do not depend on the web server. Files other than the manifest live in a
//! folder named by their content hash, so they can be cached for ever; only the small
//! manifest has to be fetched fresh.

use super::{FIELDS, MAX_TOKEN_BYTES, STOP_WORDS, SearchIndex};
use crate::content::language;
use crate::content::model::{ACCESS_ROUTES, ACCESSIBILITY, Day};
use crate::render::messages::{self, Messages};
use crate::render::{text, views};
use crate::site::Site;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use tantivy::postings::Postings as _;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

/// Target size of a term shard before compression: small enough that a query's few shards
/// are cheap, large enough that the manifest's shard list stays short.
const SHARD_BYTES: usize = 6 * 1024;
/// Services per display-data shard: a page of results touches at most ten of them.
pub const DOC_SHARD: usize = 16;

/// A file of the index: path under /search/ and its bytes.
pub type File = (String, Vec<u8>);

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// One field's postings of a term.
struct FieldPostings {
    field: u8,
    idf: f32,
    docs: Vec<u32>,
    tfs: Vec<u32>,
    norms: Vec<u8>,
}

/// tantivy's BM25 idf, computed exactly as tantivy does (f32, natural log), so the browser
/// need not reproduce the platform's logf.
fn idf(doc_freq: u64, docs: u64) -> f32 {
    let x = ((docs - doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// Reads every term's postings, per field, out of the tantivy index.
/// Every term's postings per field, and each field's total number of tokens.
type Postings = (BTreeMap<String, Vec<FieldPostings>>, Vec<u64>);

fn postings(si: &SearchIndex) -> tantivy::Result<Postings> {
    let searcher = si.index.reader()?.searcher();
    let segments = searcher.segment_readers();
    let docs: u64 = segments.iter().map(|s| u64::from(s.max_doc())).sum();
    let ords = segments
        .iter()
        .map(|s| s.fast_fields().u64("ord"))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let all: Vec<_> = si.fields.iter().copied().chain([si.need]).collect();
    // (ordinal, term frequency, fieldnorm id) per term, read for each (field, segment) pair
    // in parallel, then gathered per field.
    type Rows = BTreeMap<String, Vec<(u32, u32, u8)>>;
    let pairs: Vec<(usize, usize)> = (0..all.len())
        .flat_map(|f| (0..segments.len()).map(move |s| (f, s)))
        .collect();
    let read: Vec<(usize, Rows, u64)> = pairs
        .par_iter()
        .map(|&(fi, si_)| -> tantivy::Result<(usize, Rows, u64)> {
            let (seg, ords) = (&segments[si_], &ords[si_]);
            let inv = seg.inverted_index(all[fi])?;
            let norms = seg.get_fieldnorms_reader(all[fi])?;
            let mut rows = Rows::new();
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let info = stream.value().clone();
                let mut p = inv.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
                let mut r = Vec::with_capacity(info.doc_freq as usize);
                let mut doc = p.doc();
                while doc != TERMINATED {
                    let ord = ords.first(doc).unwrap_or(0) as u32;
                    r.push((ord, p.term_freq(), norms.fieldnorm_id(doc)));
                    doc = p.advance();
                }
                rows.insert(String::from_utf8_lossy(stream.key()).into_owned(), r);
            }
            Ok((fi, rows, inv.total_num_tokens()))
        })
        .collect::<tantivy::Result<_>>()?;
    let mut per_field: Vec<(Rows, u64)> = (0..all.len()).map(|_| (Rows::new(), 0)).collect();
    for (fi, rows, total) in read {
        let (acc, t) = &mut per_field[fi];
        *t += total;
        for (term, mut r) in rows {
            acc.entry(term).or_default().append(&mut r);
        }
    }
    let mut terms: BTreeMap<String, Vec<FieldPostings>> = BTreeMap::new();
    let mut totals = Vec::new();
    for (fi, (rows, total)) in per_field.into_iter().enumerate() {
        totals.push(total);
        for (term, mut r) in rows {
            r.sort_unstable_by_key(|x| x.0);
            terms.entry(term).or_default().push(FieldPostings {
                field: fi as u8,
                idf: idf(r.len() as u64, docs),
                docs: r.iter().map(|x| x.0).collect(),
                tfs: r.iter().map(|x| x.1).collect(),
                norms: r.iter().map(|x| x.2).collect(),
            });
        }
    }
    Ok((terms, totals))
}

fn encode_term(out: &mut Vec<u8>, term: &str, fields: &[FieldPostings]) {
    varint(out, term.len() as u64);
    out.extend_from_slice(term.as_bytes());
    out.push(fields.len() as u8);
    for f in fields {
        out.push(f.field);
        out.extend_from_slice(&f.idf.to_le_bytes());
        varint(out, f.docs.len() as u64);
        // Columns (doc gaps, then frequencies, then norms) compress better than rows.
        let mut prev = 0u32;
        for (i, &d) in f.docs.iter().enumerate() {
            varint(out, u64::from(if i == 0 { d } else { d - prev }));
            prev = d;
        }
        for &tf in &f.tfs {
            varint(out, u64::from(tf));
        }
        out.extend_from_slice(&f.norms);
    }
}

/// A facet group: values with the services each applies to.
struct Facet {
    id: &'static str,
    label: String,
    values: Vec<(String, String, Vec<u32>)>,
}

fn age_bands(m: &Messages) -> [(&'static str, String, i32, i32); 6] {
    [
        ("pregnancy", m.text("facets.ages.pregnancy", &[]), -9, -1),
        ("0", m.text("facets.ages.under_1", &[]), 0, 11),
        ("1-4", m.text("facets.ages.1_to_4", &[]), 12, 59),
        ("5-11", m.text("facets.ages.5_to_11", &[]), 60, 143),
        ("12-18", m.text("facets.ages.12_to_18", &[]), 144, 227),
        ("19-25", m.text("facets.ages.19_to_25", &[]), 228, 311),
    ]
}

fn facets(site: &Site) -> Vec<Facet> {
    let n = site.services.len();
    let all = |pred: &dyn Fn(usize) -> bool| -> Vec<u32> {
        (0..n).filter(|&i| pred(i)).map(|i| i as u32).collect()
    };
    let m = messages::active();
    let mut out = Vec::new();
    out.push(Facet {
        id: "need",
        label: m.text("facets.need", &[]),
        values: site
            .needs
            .iter()
            .enumerate()
            .map(|(ni, need)| {
                let mut d: Vec<u32> = site.by_need[ni].iter().map(|&i| i as u32).collect();
                d.sort_unstable();
                // --- childcare: providers are tagged with the childcare need in the index,
                // so they are in its filter too.
                if site.config.early_years_need.as_deref() == Some(need.id.as_str()) {
                    let n = site.services.len();
                    d.extend((n..n + site.childcare.len()).map(|i| i as u32));
                }
                (need.id.clone(), need.label.clone(), d)
            })
            .collect(),
    });
    let mut area = Vec::new();
    for (li, loc) in site.localities.iter().enumerate() {
        let mut d: Vec<u32> = site.in_locality[li]
            .iter()
            .chain(&site.area_wide)
            .map(|&i| i as u32)
            .collect();
        d.sort_unstable();
        d.dedup();
        // --- childcare: providers are in their area's list
        d.extend(
            site.childcare_by_locality[li]
                .iter()
                .map(|&ci| (site.services.len() + ci) as u32),
        );
        area.push((format!("l:{}", loc.id), loc.name.clone(), d));
        for &hi in &site.locality_hubs[li] {
            let mut d: Vec<u32> = site.at_hub[hi]
                .iter()
                .chain(&site.covering_hub[hi])
                .chain(&site.area_wide)
                .map(|&i| i as u32)
                .collect();
            d.sort_unstable();
            d.dedup();
            area.push((
                format!("h:{}", site.hubs[hi].id),
                site.hubs[hi].name.clone(),
                d,
            ));
        }
    }
    out.push(Facet {
        id: "area",
        label: m.text("facets.area", &[]),
        values: area,
    });
    out.push(Facet {
        id: "age",
        label: m.text("facets.age", &[]),
        values: age_bands(&m)
            .into_iter()
            .map(|(id, label, from, to)| {
                let d = all(&|i| {
                    // A service for adults that names no children's ages is in no age band.
                    let Some(a) = &site.services[i].ages else {
                        return false;
                    };
                    let mut upper = a.send_to.unwrap_or(a.to).0;
                    // "to 4 years" includes a child of four.
                    if upper >= 24 && upper % 12 == 0 {
                        upper += 11;
                    }
                    a.from.0 <= to && upper >= from
                });
                (id.to_string(), label, d)
            })
            .collect(),
    });
    out.push(Facet {
        id: "cost",
        label: m.text("facets.cost", &[]),
        values: vec![(
            "free".into(),
            m.text("facets.free", &[]),
            all(&|i| site.services[i].cost.is_free()),
        )],
    });
    out.push(Facet {
        id: "level",
        label: m.text("facets.level", &[]),
        values: (1..=4u8)
            .map(|l| {
                (
                    l.to_string(),
                    text::level_label(l).to_string(),
                    all(&|i| site.services[i].level == l),
                )
            })
            .collect(),
    });
    out.push(Facet {
        id: "access",
        label: m.text("facets.access", &[]),
        values: ACCESS_ROUTES
            .iter()
            .map(|&r| {
                (
                    r.to_string(),
                    text::access_label(r).to_string(),
                    all(&|i| site.services[i].access.iter().any(|a| a == r)),
                )
            })
            .collect(),
    });
    out.push(Facet {
        id: "day",
        label: m.text("facets.day", &[]),
        values: Day::ALL
            .iter()
            .map(|&day| {
                (
                    Day::NAMES[day as usize].to_string(),
                    text::day_name(day),
                    all(&|i| {
                        site.services[i]
                            .schedule
                            .iter()
                            .any(|s| s.days.contains(&day))
                    }),
                )
            })
            .collect(),
    });
    out.push(Facet {
        id: "language",
        label: m.text("facets.language", &[]),
        values: language::in_use(site.services.iter().map(|s| s.languages.as_slice()))
            .into_iter()
            .map(|code| {
                let name = language::name_with_own(&code);
                let with = all(&|i| site.services[i].languages.contains(&code));
                (code, name, with)
            })
            .filter(|v| !v.2.is_empty())
            .collect(),
    });
    out.push(Facet {
        id: "accessibility",
        label: m.text("facets.accessibility", &[]),
        values: ACCESSIBILITY
            .iter()
            .map(|&code| {
                (
                    code.to_string(),
                    crate::content::model::accessibility_label(code),
                    all(&|i| site.services[i].accessibility.iter().any(|l| l == code)),
                )
            })
            .filter(|v| !v.2.is_empty())
            .collect(),
    });
    out.push(send_facet(site));
    out
}

// --- localoffer: the SEND needs filter, from listings' `local_offer.send_needs`
fn send_facet(site: &Site) -> Facet {
    let settings = &site.config.local_offer;
    Facet {
        id: "send",
        label: messages::active().text("send.facet", &[]),
        values: settings
            .need_codes()
            .into_iter()
            .map(|code| {
                let with: Vec<u32> = (0..site.services.len())
                    .filter(|&i| {
                        crate::content::local_offer::meets(
                            site.services[i].local_offer.as_ref(),
                            code,
                        )
                    })
                    .map(|i| i as u32)
                    .collect();
                (code.to_string(), settings.need_name(code), with)
            })
            .filter(|v| !v.2.is_empty())
            .collect(),
    }
}

fn encode_facet(f: &Facet) -> Vec<u8> {
    let mut out = Vec::new();
    for (_, _, docs) in &f.values {
        varint(&mut out, docs.len() as u64);
        let mut prev = 0;
        for (i, &d) in docs.iter().enumerate() {
            varint(&mut out, u64::from(if i == 0 { d } else { d - prev }));
            prev = d;
        }
    }
    out
}

/// What a result shows, per service: [id, name, summary, organisation, where, ages, cost,
/// first session, flags (1 free, 2 paused, 4 not checked recently, 8 sensitive), sessions
/// in the compact form of `whenwhere` ("" when none or paused)].
fn doc_row(site: &Site, si: usize) -> Value {
    if let Some(ci) = si.checked_sub(site.services.len()) {
        return childcare_row(site, ci);
    }
    let s = &site.services[si];
    let l = &site.svc[si];
    let flags = u8::from(s.cost.is_free())
        | (u8::from(s.paused) << 1)
        | (u8::from(l.stale) << 2)
        | (u8::from(l.sensitive) << 3);
    json!([
        s.id,
        s.name,
        s.summary,
        site.org_of(si).map(|o| o.name.as_str()).unwrap_or(""),
        views::where_short(site, si),
        text::who(s),
        text::cost(&s.cost),
        s.schedule.first().map(text::session).unwrap_or_default(),
        flags,
        if s.paused {
            String::new()
        } else {
            crate::whenwhere::encode_sessions(&s.schedule)
        }
    ])
}

// --- childcare: a provider's result row, in the services' shape: [id (`childcare/<id>`),
// name, summary, type, area and (district) postcode, ages, vacancies, first opening
// hours, flags 0, no sessions].
fn childcare_row(site: &Site, ci: usize) -> Value {
    let p = &site.childcare[ci];
    let card = views::childcare_card(site, ci);
    json!([
        super::childcare_doc_id(&p.id),
        p.name,
        p.summary,
        card.kind,
        format!("{}, {}", card.area, card.postcode),
        card.ages,
        card.vacancies,
        p.opening_hours.first().map(text::hours).unwrap_or_default(),
        0,
        ""
    ])
}

/// Builds every file of the static index. Returns the files (paths relative to /search/).
pub fn export(site: &Site, si: &SearchIndex) -> Result<Vec<File>, String> {
    let err = |e: tantivy::TantivyError| format!("cannot read the search index: {e}");
    let (terms, totals) = postings(si).map_err(err)?;

    // Term shards, cut at term boundaries once they pass the target size.
    let mut shards: Vec<(String, Vec<u8>, usize)> = Vec::new();
    for (term, fields) in &terms {
        let mut enc = Vec::new();
        encode_term(&mut enc, term, fields);
        match shards.last_mut() {
            Some((_, bytes, count)) if bytes.len() + enc.len() <= SHARD_BYTES => {
                bytes.extend_from_slice(&enc);
                *count += 1;
            }
            _ => shards.push((term.clone(), enc, 1)),
        }
    }
    let mut files: Vec<File> = shards
        .par_iter()
        .enumerate()
        .map(|(i, (_, bytes, count))| {
            let mut out = Vec::with_capacity(bytes.len() + 4);
            varint(&mut out, *count as u64);
            out.extend_from_slice(bytes);
            (format!("t/{i}.gz"), gzip(&out))
        })
        .collect();

    // The vocabulary for typos and prefixes: "word df" lines, or "word term df" when the
    // word is not its own term.
    let vocab = si.vocabulary().map_err(err)?;
    let mut v = String::new();
    for w in &vocab {
        v.push_str(&w.word);
        if w.term != w.word {
            v.push(' ');
            v.push_str(&w.term);
        }
        v.push(' ');
        v.push_str(&w.df.to_string());
        v.push('\n');
    }
    files.push(("vocab.gz".into(), gzip(v.as_bytes())));

    // Services, then childcare providers.
    let n = si.ids.len();
    let docs: Vec<File> = (0..n.div_ceil(DOC_SHARD))
        .into_par_iter()
        .map(|i| {
            let rows: Vec<Value> = (i * DOC_SHARD..((i + 1) * DOC_SHARD).min(n))
                .map(|si| doc_row(site, si))
                .collect();
            let json = serde_json::to_vec(&rows).unwrap_or_default();
            (format!("d/{i}.gz"), gzip(&json))
        })
        .collect();
    files.extend(docs);

    files.extend(crate::whenwhere::search_files(site));

    let facets = facets(site);
    for f in &facets {
        files.push((format!("f/{}.gz", f.id), gzip(&encode_facet(f))));
    }

    // Everything but the manifest goes in a folder named by its content.
    let mut h: u64 = 0xcbf29ce484222325;
    for (p, b) in &files {
        for byte in p.as_bytes().iter().chain(b) {
            h ^= u64::from(*byte);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    let dir = format!("{:016x}", h)[..12].to_string();
    let mut files: Vec<File> = files
        .into_iter()
        .map(|(p, b)| (format!("{dir}/{p}"), b))
        .collect();

    let field_rows: Vec<Value> = FIELDS
        .iter()
        .map(|(name, boost)| json!([name, boost]))
        .chain([json!([super::NEED_FIELD, super::NEED_BOOST])])
        .zip(&totals)
        .map(|(mut row, total)| {
            if let Some(a) = row.as_array_mut() {
                a.push(json!(total));
            }
            row
        })
        .collect();
    let manifest = json!({
        "version": 1,
        "dir": format!("{dir}/"),
        "docs": n,
        "fields": field_rows,
        "stop": STOP_WORDS,
        "maxTokenBytes": MAX_TOKEN_BYTES,
        "shards": shards.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        "docShard": DOC_SHARD,
        "params": {
            "typo": super::TYPO_FACTOR,
            "typoOne": super::TYPO_ONE,
            "typoTwo": super::TYPO_TWO,
            "typoMin": super::TYPO_MIN,
            "maxTypo": super::MAX_TYPO_TERMS,
            "prefix": super::PREFIX_FACTOR,
            "prefixMin": super::PREFIX_MIN,
            "maxPrefix": super::MAX_PREFIX_TERMS,
            "matchAllUpTo": super::MATCH_ALL_UP_TO,
            "matchDropEvery": super::MATCH_DROP_EVERY,
            "commonDivisor": super::COMMON_DIVISOR,
        },
        "needs": super::need_phrases(site).into_iter().zip(&site.needs).map(|((id, phrases), need)| {
            json!([id, need.label, phrases, need.sensitive])
        }).collect::<Vec<_>>(),
        "facets": facets.iter().map(|f| json!({
            "id": f.id,
            "label": f.label,
            "values": f.values.iter().map(|(id, label, d)| json!([id, label, d.len()])).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    files.push((
        "manifest.gz".into(),
        gzip(&serde_json::to_vec(&manifest).unwrap_or_default()),
    ));
    Ok(files)
}
