//! Needs-led search. One tantivy index of every service is the source of truth: `signpost
//! search` queries it natively and [`export`] writes a static, sharded copy of its terms and
//! postings that the browser queries with the same BM25 (see
//! themes/default/static/search-engine.js).
//!
//! Both engines follow the same plan (see [`Plan`]): analyse the query, expand typos and the
//! word being typed against the vocabulary, detect needs named by the query, then sum one
//! BM25 term score per (field, term) clause in clause order, in f32. Clause scores come from
//! tantivy itself; summing them ourselves fixes the order of f32 additions, which tantivy's
//! union scorer does not guarantee, so the browser can reproduce scores bit for bit.

pub mod export;
pub mod stem;

use crate::site::Site;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BoostQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    StopWordFilter, TextAnalyzer, TokenStream,
};
use tantivy::{DocId, Index, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

/// Text fields in clause order, with their boosts: what a service is called and its one-line
/// summary say more about it than the long description.
pub const FIELDS: [(&str, f32); 6] = [
    ("name", 3.0),
    ("summary", 2.0),
    ("needs", 1.5),
    ("description", 1.0),
    ("organisation", 1.0),
    ("place", 1.0),
];
/// Keyword field of need ids, used when the query names a need.
pub const NEED_FIELD: &str = "need";
/// Boost of a service tagged with a need the query names.
pub const NEED_BOOST: f32 = 2.0;
/// Multipliers for words matched through a typo (by edit distance) or as a prefix of the
/// word being typed, so such matches rank below exact ones.
pub const TYPO_FACTOR: [f32; 3] = [1.0, 0.8, 0.6];
pub const PREFIX_FACTOR: f32 = 0.6;
pub const MAX_TYPO_TERMS: usize = 4;
pub const MAX_PREFIX_TERMS: usize = 8;
/// Words (typed or in the index, whichever is longer) of this many letters allow one
/// edit, and two; a typed word shorter than TYPO_MIN is never corrected.
pub const TYPO_ONE: usize = 5;
pub const TYPO_TWO: usize = 9;
pub const TYPO_MIN: usize = 4;
/// Shortest word being typed that is expanded as a prefix.
pub const PREFIX_MIN: usize = 2;
/// Tokens longer than this many bytes are dropped (as tantivy's RemoveLongFilter).
pub const MAX_TOKEN_BYTES: usize = 40;

/// Words too common to say what someone needs: the English stop words Lucene uses, then
/// pronouns, question words, helping verbs and the pieces of contractions as people type
/// them with or without the apostrophe ("won't" is "won" and "t"; "wont", "im"). Searching
/// them made "partner hits me" rank a group by what "me" matched.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with", // Lucene's list ends here.
    "i", "me", "my", "myself", "we", "us", "our", "ours", "you", "your", "yours", "he", "him",
    "his", "she", "her", "hers", "its", "them", "theirs", "who", "whom", "what", "which", "where",
    "when", "why", "how", "am", "been", "being", "do", "does", "did", "doing", "have", "has",
    "had", "can", "could", "would", "should", "shall", "might", "must", "so", "very", "just",
    "too", "from", "about", "any", "some", "all", "want", "please", "really", "near", "nearby",
    "s", "t", "d", "ll", "m", "re", "ve", "im", "ive", "id", "youre", "theyre", "dont", "doesnt",
    "didnt", "cant", "cannot", "wont", "won", "isnt", "arent", "wasnt", "werent", "hasnt",
    "havent", "hadnt", "couldnt", "wouldnt", "shouldnt", "don", "doesn", "didn", "isn", "aren",
    "wasn", "weren", "hasn", "haven", "hadn", "couldn", "wouldn", "shouldn", "ain", "whats",
    "thats", "theres", "lets",
];

/// How many of a query's words a service must match (each word counting once, whether
/// matched as typed, through a typo or as a prefix): every word of a query of up to
/// [`MATCH_ALL_UP_TO`] words, then all but one in every [`MATCH_DROP_EVERY`]. A long
/// sentence then finds the services about it, not every service holding one of its
/// words. Services tagged with a need the query names always match.
pub const MATCH_ALL_UP_TO: usize = 2;
pub const MATCH_DROP_EVERY: usize = 3;
/// A term is common when its document frequency summed over the text fields is above the
/// number of services divided by this.
pub const COMMON_DIVISOR: u64 = 2;
/// Query words beyond this many share the last bit of a service's matched-words mask.
pub const MAX_WORD_BITS: usize = 32;

pub fn min_match(words: usize) -> usize {
    if words <= MATCH_ALL_UP_TO {
        words
    } else {
        words - words / MATCH_DROP_EVERY
    }
}

pub const ANALYZER: &str = "signpost";

/// Lowercase, ASCII folding, stop words, English stemming (cached: see stem.rs).
pub fn analyzer() -> TextAnalyzer {
    analyzer_recording(None)
}

/// The analyzer, recording each distinct word it meets with its term into `words`.
fn analyzer_recording(words: Option<stem::Words>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|s| s.to_string()),
        ))
        .filter(stem::CachedStemmer { words })
        .build()
}

/// The same without stop words and stemming: the word as typed, for prefixes and typos.
fn folder() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// One word of a query: as typed (folded) and analysed (None for a stop word).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub folded: String,
    pub term: Option<String>,
}

/// Splits a query into words, keeping stop words so positions and the word being typed
/// are known.
pub fn words(text: &str) -> Vec<Word> {
    let mut fold = folder();
    let mut stem = analyzer();
    let mut out = Vec::new();
    let mut ts = fold.token_stream(text);
    while ts.advance() {
        let folded = ts.token().text.clone();
        let term = {
            let mut t = stem.token_stream(&folded);
            t.advance().then(|| t.token().text.clone())
        };
        out.push(Word { folded, term });
    }
    out
}

/// Analysed terms of a text, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut ts = a.token_stream(text);
    let mut out = Vec::new();
    while ts.advance() {
        out.push(ts.token().text.clone());
    }
    out
}

/// What each service contributes to the index, field by field (order of [`FIELDS`]).
pub fn service_fields(site: &Site, si: usize) -> [String; 6] {
    let s = &site.services[si];
    let l = &site.svc[si];
    let mut needs = String::new();
    for &ni in &l.needs {
        let n = &site.needs[ni];
        needs.push_str(&n.label);
        needs.push_str(". ");
        for syn in n.synonyms.iter().chain(&n.search_only) {
            needs.push_str(syn);
            needs.push_str(". ");
        }
    }
    // Languages by name ("polish" finds services offered in Polish), and by their name in
    // themselves ("polski"); English is left out because nearly every service is in
    // English and "english" means ESOL classes.
    for code in &s.languages {
        if code != "en" {
            needs.push_str(&crate::content::model::language_name(code));
            needs.push_str(". ");
            if let Some(own) = crate::content::language::own_name(code) {
                needs.push_str(own);
                needs.push_str(". ");
            }
        }
    }
    let org = site.org_of(si).map(|o| o.name.clone()).unwrap_or_default();
    let mut place = String::new();
    for &vi in &l.venues {
        let v = &site.venues[vi];
        place.push_str(&v.name);
        place.push_str(". ");
        place.push_str(&v.address.town);
        place.push_str(". ");
    }
    for &hi in l.hubs.iter().chain(&l.covers_hubs) {
        place.push_str(&site.hubs[hi].name);
        place.push_str(". ");
    }
    for &li in &l.localities {
        place.push_str(&site.localities[li].name);
        place.push_str(". ");
    }
    let mut description = s.body.clone();
    if let Some(e) = &s.eligibility {
        description.push('\n');
        description.push_str(e);
    }
    [
        s.name.clone(),
        s.summary.clone(),
        needs,
        description,
        org,
        place,
    ]
}

// --- childcare: providers are documents after the services, found by name, type
// ("childminder", "nursery", "breakfast club") and area.

/// The id a provider has in the index and its results (`childcare/<id>`), apart from
/// services' ids.
pub fn childcare_doc_id(id: &str) -> String {
    format!("childcare/{id}")
}

/// What a childcare provider contributes to the index, in the order of [`FIELDS`]. Its
/// place is the public one: a childminder's home gives only the area and postcode district.
pub fn childcare_fields(site: &Site, ci: usize) -> [String; 6] {
    use crate::content::childcare::value_name;
    let p = &site.childcare[ci];
    let mut needs = format!(
        "{}. {}. ",
        value_name("childcare.types", &p.kind),
        value_name("childcare.type_plural", &p.kind)
    );
    for f in &p.funded {
        needs.push_str(&value_name("childcare.funded", f));
        needs.push_str(". ");
    }
    let mut place = String::new();
    if let Some(&li) = site.locality_ix.get(&p.locality) {
        place.push_str(&site.localities[li].name);
        place.push_str(". ");
    }
    let public = p.public_place(&site.postcodes);
    if let Some(a) = &public.address {
        place.push_str(&a.town);
        place.push_str(". ");
    }
    place.push_str(&public.postcode);
    let mut description = p.body.clone();
    for school in &p.pick_ups {
        description.push('\n');
        description.push_str(school);
    }
    [
        p.name.clone(),
        p.summary.clone(),
        needs,
        description,
        String::new(),
        place,
    ]
}

/// A word of the indexed text, its term (stem) and how many services' fields hold the term.
#[derive(Debug, Clone, PartialEq)]
pub struct VocabWord {
    pub word: String,
    pub term: String,
    pub df: u64,
}

/// The tantivy index of a site, with the fields needed to query and export it.
pub struct SearchIndex {
    pub index: Index,
    pub fields: Vec<Field>,
    pub need: Field,
    ord: Field,
    /// Service ids, by document ordinal (the site's service order).
    pub ids: Vec<String>,
    pub names: Vec<String>,
    /// Every word of the indexed text as written (folded), with its term: typos and
    /// prefixes are matched against words, not stems ("cryng" is one edit from "crying",
    /// three from its stem "cri").
    pub words: BTreeMap<String, String>,
}

fn schema() -> (Schema, Vec<Field>, Field, Field) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs)
            .set_fieldnorms(true),
    );
    let fields = FIELDS
        .iter()
        .map(|(name, _)| b.add_text_field(name, text.clone()))
        .collect();
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::WithFreqs)
            .set_fieldnorms(true),
    );
    let need = b.add_text_field(NEED_FIELD, keyword);
    let ord = b.add_u64_field("ord", NumericOptions::default().set_fast());
    (b.build(), fields, need, ord)
}

/// Keyword term for a need id (a prefix keeps it apart from words).
pub fn need_term(id: &str) -> String {
    format!("#{id}")
}

impl SearchIndex {
    /// Indexes every service of the site in memory, as one segment.
    pub fn build(site: &Site) -> tantivy::Result<SearchIndex> {
        let (schema, fields, need, ord) = schema();
        let index = Index::create_in_ram(schema);
        let seen: stem::Words = Default::default();
        index
            .tokenizers()
            .register(ANALYZER, analyzer_recording(Some(seen.clone())));
        index.tokenizers().register(
            "raw",
            TextAnalyzer::builder(RawTokenizer::default()).build(),
        );
        // Two indexing threads (so two segments or more); statistics and the export read
        // every segment. The budget keeps segments few (about four a thread at 100,000
        // services) without holding the whole index's postings in memory at once.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 2));
        let budget = (40_000_000 + site.services.len() * 1_000).min(300_000_000) * threads;
        let mut writer = index.writer_with_num_threads(threads, budget)?;
        let n = site.services.len();
        for start in (0..n).step_by(4096) {
            // Field texts are put together in parallel; tantivy's threads analyse them.
            let docs: Vec<TantivyDocument> = (start..(start + 4096).min(n))
                .into_par_iter()
                .map(|si| {
                    let mut doc = TantivyDocument::default();
                    for (f, text) in fields.iter().zip(service_fields(site, si)) {
                        doc.add_text(*f, text);
                    }
                    for &ni in &site.svc[si].needs {
                        doc.add_text(need, need_term(&site.needs[ni].id));
                    }
                    doc.add_u64(ord, si as u64);
                    doc
                })
                .collect();
            for doc in docs {
                writer.add_document(doc)?;
            }
        }
        for ci in 0..site.childcare.len() {
            let mut doc = TantivyDocument::default();
            for (f, text) in fields.iter().zip(childcare_fields(site, ci)) {
                doc.add_text(*f, text);
            }
            // Tagged with the need whose page links to childcare, so a query naming it
            // ("childminder", "nursery") finds providers among that need's services.
            if let Some(need_id) = site
                .config
                .early_years_need
                .as_deref()
                .filter(|id| site.need_ix.contains_key(*id))
            {
                doc.add_text(need, need_term(need_id));
            }
            doc.add_u64(ord, (n + ci) as u64);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        // Every word met, with its term (no digits: nobody misspells a house number into
        // a word).
        let words: BTreeMap<String, String> =
            std::mem::take(&mut *seen.lock().unwrap_or_else(|e| e.into_inner()))
                .into_iter()
                .filter(|(w, _)| !w.bytes().any(|b| b.is_ascii_digit()))
                .collect();
        Ok(SearchIndex {
            index,
            fields,
            need,
            ord,
            ids: site
                .services
                .iter()
                .map(|s| s.id.clone())
                .chain(site.childcare.iter().map(|p| childcare_doc_id(&p.id)))
                .collect(),
            names: site
                .services
                .iter()
                .map(|s| &s.name)
                .chain(site.childcare.iter().map(|p| &p.name))
                .cloned()
                .collect(),
            words,
        })
    }

    fn searcher(&self) -> tantivy::Result<tantivy::Searcher> {
        Ok(self.index.reader()?.searcher())
    }

    /// The vocabulary typos and prefixes are matched against: every word with its term and
    /// the term's document frequency over the text fields, sorted by word.
    pub fn vocabulary(&self) -> tantivy::Result<Vec<VocabWord>> {
        Ok(self.vocabulary_from(&self.text_terms()?))
    }

    /// Every text term with the fields holding it (a bitmask in FIELDS order) and its
    /// document frequency summed over those fields, read in one pass over the index.
    fn text_terms(&self) -> tantivy::Result<HashMap<String, (u8, u64)>> {
        let searcher = self.searcher()?;
        let mut terms: HashMap<String, (u8, u64)> = HashMap::new();
        for seg in searcher.segment_readers() {
            for (i, &f) in self.fields.iter().enumerate() {
                let inv = seg.inverted_index(f)?;
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    let term = String::from_utf8_lossy(stream.key()).into_owned();
                    let e = terms.entry(term).or_default();
                    e.0 |= 1 << i;
                    e.1 += u64::from(stream.value().doc_freq);
                }
            }
        }
        Ok(terms)
    }

    fn vocabulary_from(&self, terms: &HashMap<String, (u8, u64)>) -> Vec<VocabWord> {
        self.words
            .iter()
            .filter_map(|(w, t)| {
                terms.get(t).map(|&(_, df)| VocabWord {
                    word: w.clone(),
                    term: t.clone(),
                    df,
                })
            })
            .collect()
    }

    /// Runs a query with tantivy: every clause of the plan is a boosted term query scored
    /// by tantivy's BM25; per document the clause scores are added in clause order.
    pub fn search(&self, plan: &Plan) -> tantivy::Result<Vec<Hit>> {
        Ok(self.find(plan)?.hits)
    }

    /// Runs a query: clause scores added in clause order; a service is found when it is
    /// tagged with a named need or matches [`min_match`] of the query's words (or, when no
    /// service does, as many as the best one).
    pub fn find(&self, plan: &Plan) -> tantivy::Result<Found> {
        let searcher = self.searcher()?;
        // Per service: score, matched-words mask, named needs it is tagged with.
        let mut scores: HashMap<u32, (Score, u32, u32)> = HashMap::new();
        let mut all_words = 0u32;
        for c in &plan.clauses {
            if let Some(w) = c.word {
                all_words |= word_bit(w);
            }
            let field = if c.field == FIELDS.len() {
                self.need
            } else {
                self.fields[c.field]
            };
            let q = BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &c.term),
                    IndexRecordOption::WithFreqs,
                )),
                c.boost,
            );
            for (ord, score) in searcher.search(&q, &AllScores { ord: self.ord })? {
                let s = scores.entry(ord).or_insert((0.0, 0, 0));
                s.0 += score;
                match c.word {
                    Some(w) => s.1 |= word_bit(w),
                    None => s.2 += c.weight,
                }
            }
        }
        let counted = plan.counted;
        let mut need = min_match((all_words & counted).count_ones() as usize) as u32;
        let enough = |need: u32| {
            move |&(_, m, t): &(Score, u32, u32)| t > 0 || (m & counted).count_ones() >= need
        };
        let partial = !scores.is_empty() && !scores.values().any(enough(need));
        if partial {
            need = scores
                .values()
                .map(|v| (v.1 & counted).count_ones())
                .max()
                .unwrap_or(0);
        }
        let keep = enough(need);
        let mut hits: Vec<Hit> = scores
            .into_iter()
            .filter(|(_, v)| keep(v))
            .map(|(ord, (score, _, tier))| Hit {
                id: self.ids[ord as usize].clone(),
                name: self.names[ord as usize].clone(),
                ord,
                score,
                tier,
            })
            .collect();
        // Services tagged with the needs the query names first ("support" in a name must
        // not outrank them), then highest score; equal scores in the site's order.
        hits.sort_by(|a, b| {
            b.tier
                .cmp(&a.tier)
                .then(b.score.total_cmp(&a.score))
                .then(a.ord.cmp(&b.ord))
        });
        Ok(Found { hits, partial })
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub id: String,
    pub name: String,
    #[serde(skip)]
    pub ord: u32,
    pub score: f32,
    /// The needs the query names that the service is tagged with, each weighing the words
    /// of its phrase found in the query: ranked first.
    #[serde(skip)]
    pub tier: u32,
}

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// No service matched enough of the words ([`min_match`]): these match as many of
    /// them as any service does, and the page says so.
    pub partial: bool,
}

/// Collects every matching document with its score, keyed by the site's service order.
struct AllScores {
    ord: Field,
}

struct AllScoresSegment {
    ords: tantivy::columnar::Column<u64>,
    out: Vec<(u32, Score)>,
}

impl Collector for AllScores {
    type Fruit = Vec<(u32, Score)>;
    type Child = AllScoresSegment;
    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<Self::Child> {
        let name = seg.schema().get_field_name(self.ord).to_string();
        Ok(AllScoresSegment {
            ords: seg.fast_fields().u64(&name)?,
            out: Vec::new(),
        })
    }
    fn requires_scoring(&self) -> bool {
        true
    }
    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for AllScoresSegment {
    type Fruit = Vec<(u32, Score)>;
    fn collect(&mut self, doc: DocId, score: Score) {
        let ord = self.ords.first(doc).unwrap_or(0) as u32;
        self.out.push((ord, score));
    }
    fn harvest(self) -> Self::Fruit {
        self.out
    }
}

/// A query word's bit in a service's matched-words mask.
pub fn word_bit(word: usize) -> u32 {
    1 << word.min(MAX_WORD_BITS - 1)
}

/// One scored clause: a term in a field (FIELDS.len() is the need field) with its boost,
/// and the query word it stands for (None for a need the query names). A need's clause
/// weighs as many words as the longest of its phrases the query holds, so "dad died"
/// ranks bereavement (two words) above dads' groups (one).
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub field: usize,
    pub term: String,
    pub boost: f32,
    pub word: Option<usize>,
    pub weight: u32,
}

/// How a query is run: the clauses and the needs it names.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub clauses: Vec<Clause>,
    /// The query words (by [`word_bit`]) that count towards [`min_match`]: not the common
    /// ones, whose every term's document frequency, summed over the text fields, is above
    /// the number of services divided by [`COMMON_DIVISOR`] ("help", "support"). They
    /// still score.
    pub counted: u32,
    pub needs: Vec<usize>,
    /// Terms matched, for highlighting.
    pub terms: Vec<String>,
}

/// What the planner needs to know about the index: which terms each field holds, the
/// vocabulary, and the needs' phrases as analysed terms.
pub struct Lexicon {
    /// term -> bitmask of the text fields holding it.
    pub fields_of: HashMap<String, u8>,
    /// term -> its document frequency summed over the text fields.
    pub df_of: HashMap<String, u64>,
    /// How many services the index holds.
    pub docs: u64,
    /// Every word of the index with its term, sorted by word.
    pub vocab: Vec<VocabWord>,
    /// For each need: its id and its label and synonyms, each as analysed terms.
    pub needs: Vec<(String, Vec<Vec<String>>)>,
}

impl Lexicon {
    pub fn new(si: &SearchIndex, site: &Site) -> tantivy::Result<Lexicon> {
        let terms = si.text_terms()?;
        Ok(Lexicon {
            vocab: si.vocabulary_from(&terms),
            df_of: terms.iter().map(|(t, &(_, df))| (t.clone(), df)).collect(),
            docs: si.ids.len() as u64,
            fields_of: terms.into_iter().map(|(t, (mask, _))| (t, mask)).collect(),
            needs: need_phrases(site),
        })
    }
}

/// Each need's label and synonyms as analysed terms (phrases that are all stop words
/// are dropped).
pub fn need_phrases(site: &Site) -> Vec<(String, Vec<Vec<String>>)> {
    site.needs
        .iter()
        .map(|n| {
            let phrases = std::iter::once(&n.label)
                .chain(&n.synonyms)
                .chain(&n.search_only)
                .map(|p| terms(p))
                .filter(|t| !t.is_empty())
                .collect();
            (n.id.clone(), phrases)
        })
        .collect()
}

/// The needs a query names: every word of one of a need's phrases is among the same
/// number of neighbouring query words, in any order ("baby crying" names "crying baby";
/// "my baby is fine but I keep crying" does not). `standing` holds, for each query word
/// that is not a stop word, the terms it stands for. Each need comes with the number of
/// words of its longest phrase found.
pub fn needs_named(
    needs: &[(String, Vec<Vec<String>>)],
    standing: &[Vec<String>],
) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    for (ni, (_, phrases)) in needs.iter().enumerate() {
        let longest = phrases
            .iter()
            .filter(|p| {
                p.len() <= standing.len()
                    && standing
                        .windows(p.len())
                        .any(|win| p.iter().all(|t| win.iter().any(|s| s.contains(t))))
            })
            .map(|p| p.len() as u32)
            .max();
        if let Some(len) = longest {
            out.push((ni, len));
        }
    }
    out
}

/// Optimal string alignment distance (a swap of two neighbouring letters is one edit),
/// or None when above `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let r = d[a.len() * w + b.len()];
    (r <= max).then_some(r)
}

/// Edits allowed between a typed word and a word of the index, by the longer one's length.
pub fn typo_edits(letters: usize) -> usize {
    if letters >= TYPO_TWO {
        2
    } else if letters >= TYPO_ONE {
        1
    } else {
        0
    }
}

/// Plans a query. `typing` says the last word may be unfinished (search as you type), so
/// it also matches as a prefix.
pub fn plan(query: &str, typing: bool, lex: &Lexicon) -> Plan {
    let words = words(query);
    let ends_in_word = query.chars().last().is_some_and(|c| c.is_alphanumeric());
    let mut plan = Plan::default();
    let mut seen: HashSet<(usize, String)> = HashSet::new();
    // The terms standing for each word (itself, or its closest corrections), for need
    // matching.
    let mut standing: Vec<Vec<String>> = Vec::new();
    let mut expansions: Vec<(String, f32, usize)> = Vec::new();
    for (wi, w) in words.iter().enumerate() {
        let last = wi + 1 == words.len() && typing && ends_in_word;
        let mut stands = Vec::new();
        if let Some(t) = &w.term {
            if lex.fields_of.contains_key(t) {
                expansions.push((t.clone(), 1.0, wi));
                stands.push(t.clone());
            } else {
                let typed = w.folded.chars().count();
                if typed >= TYPO_MIN {
                    let mut cands: Vec<(usize, u64, &VocabWord)> = lex
                        .vocab
                        .iter()
                        .filter_map(|v| {
                            let allowed = typo_edits(typed.max(v.word.chars().count()));
                            edit_distance(&w.folded, &v.word, allowed).map(|d| (d, v.df, v))
                        })
                        .collect();
                    cands.sort_by(|a, b| {
                        a.0.cmp(&b.0)
                            .then(b.1.cmp(&a.1))
                            .then(a.2.word.cmp(&b.2.word))
                    });
                    let best = cands.first().map(|c| c.0);
                    let mut taken: Vec<&str> = Vec::new();
                    for (d, _, v) in cands {
                        if taken.len() == MAX_TYPO_TERMS {
                            break;
                        }
                        if taken.contains(&v.term.as_str()) {
                            continue;
                        }
                        taken.push(&v.term);
                        expansions.push((v.term.clone(), TYPO_FACTOR[d], wi));
                        if Some(d) == best {
                            stands.push(v.term.clone());
                        }
                    }
                }
            }
        }
        if last && w.folded.chars().count() >= PREFIX_MIN {
            let start = lex
                .vocab
                .partition_point(|v| v.word.as_str() < w.folded.as_str());
            let mut cands: Vec<(u64, &str)> = Vec::new();
            for v in lex.vocab[start..]
                .iter()
                .take_while(|v| v.word.starts_with(&w.folded))
            {
                if Some(&v.term) != w.term.as_ref() && !cands.iter().any(|c| c.1 == v.term) {
                    cands.push((v.df, &v.term));
                }
            }
            cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            cands.truncate(MAX_PREFIX_TERMS);
            for (_, v) in cands {
                expansions.push((v.to_string(), PREFIX_FACTOR, wi));
            }
        }
        if w.term.is_some() {
            standing.push(stands);
        }
    }
    // A word counts unless every term it stands for is common.
    let mut all = 0u32;
    for (term, _, wi) in &expansions {
        if lex.fields_of.contains_key(term) {
            all |= word_bit(*wi);
            if lex.df_of.get(term).copied().unwrap_or(0) * COMMON_DIVISOR <= lex.docs {
                plan.counted |= word_bit(*wi);
            }
        }
    }
    // A query of common words only ("school support") counts them all.
    if plan.counted == 0 {
        plan.counted = all;
    }
    for (term, factor, wi) in expansions {
        let Some(&mask) = lex.fields_of.get(&term) else {
            continue;
        };
        for (fi, (_, boost)) in FIELDS.iter().enumerate() {
            if mask & (1 << fi) != 0 && seen.insert((fi, term.clone())) {
                plan.clauses.push(Clause {
                    field: fi,
                    term: term.clone(),
                    boost: boost * factor,
                    word: Some(wi),
                    weight: 0,
                });
            }
        }
        if !plan.terms.contains(&term) {
            plan.terms.push(term);
        }
    }
    for (ni, weight) in needs_named(&lex.needs, &standing) {
        let id = &lex.needs[ni].0;
        {
            plan.needs.push(ni);
            plan.clauses.push(Clause {
                field: FIELDS.len(),
                term: need_term(id),
                boost: NEED_BOOST,
                word: None,
                weight,
            });
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_lowercases_folds_drops_stop_words_and_stems() {
        assert_eq!(terms("Crying BABIES and the Café"), ["cri", "babi", "cafe"]);
        let w = words("won't stop");
        assert_eq!(w[0].folded, "won");
        assert_eq!(w[1].term, None, "the t of won't is a stop word");
        assert_eq!(w[2].term.as_deref(), Some("stop"));
        assert_eq!(terms("partner hits me"), ["partner", "hit"]);
        assert_eq!(terms("my baby wont stop crying"), ["babi", "stop", "cri"]);
    }

    #[test]
    fn long_queries_need_most_of_their_words() {
        assert_eq!(
            (1..=7).map(min_match).collect::<Vec<_>>(),
            [1, 2, 2, 3, 4, 4, 5]
        );
    }

    #[test]
    fn a_need_is_named_only_by_neighbouring_words() {
        let needs = vec![(
            "infant-crying-and-sleep".to_string(),
            vec![vec!["cri".to_string(), "babi".to_string()]],
        )];
        let st =
            |ws: &[&str]| -> Vec<Vec<String>> { ws.iter().map(|w| vec![w.to_string()]).collect() };
        assert_eq!(needs_named(&needs, &st(&["babi", "cri"])), [(0, 2)]);
        assert_eq!(
            needs_named(&needs, &st(&["help", "cri", "babi", "night"])),
            [(0, 2)]
        );
        assert!(needs_named(&needs, &st(&["babi", "fine", "keep", "cri"])).is_empty());
        assert!(needs_named(&needs, &st(&["babi"])).is_empty());
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one_edit() {
        assert_eq!(edit_distance("autism", "autsim", 2), Some(1));
        assert_eq!(edit_distance("bereavement", "bereavment", 2), Some(1));
        assert_eq!(edit_distance("debt", "dept", 0), None);
        assert_eq!(edit_distance("abc", "abcdef", 2), None);
    }
}
