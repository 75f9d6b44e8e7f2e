//! English stemming with a cache: the same few thousand words make up most of a directory's
//! text, and stemming each occurrence anew was the largest cost of indexing. The stems are
//! rust-stemmers' Snowball English, exactly what tantivy's own `Stemmer` gives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Where every distinct word met is recorded with its stem: the index's vocabulary for
/// typos and prefixes, gathered while indexing instead of in a second pass over the text.
pub type Words = Arc<Mutex<HashMap<String, String>>>;

/// Past this many distinct words the cache starts again, so hostile content cannot grow it
/// without bound.
const MAX_CACHED: usize = 200_000;

#[derive(Clone, Default)]
pub struct CachedStemmer {
    pub words: Option<Words>,
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: HashMap::new(),
            words: self.words,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    cache: HashMap<String, String>,
    words: Option<Words>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
            words: self.words.as_ref(),
        }
    }
}

pub struct CachedStemStream<'a, T> {
    tail: T,
    cache: &'a mut HashMap<String, String>,
    words: Option<&'a Words>,
}

impl<T: TokenStream> TokenStream for CachedStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.cache.get(&token.text) {
            Some(stem) => {
                token.text.clear();
                token.text.push_str(stem);
            }
            None => {
                let stem = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)
                    .stem(&token.text)
                    .into_owned();
                if self.cache.len() >= MAX_CACHED {
                    self.cache.clear();
                }
                if let Some(words) = self.words {
                    let mut w = words.lock().unwrap_or_else(|e| e.into_inner());
                    if w.len() < MAX_CACHED {
                        w.insert(token.text.clone(), stem.clone());
                    }
                }
                self.cache
                    .insert(std::mem::replace(&mut token.text, stem.clone()), stem);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer, TextAnalyzer};

    #[test]
    fn stems_as_tantivys_stemmer_does_twice_over() {
        let text = "crying babies cried families communities generously crying babies";
        let mut ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedStemmer::default())
            .build();
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let collect = |a: &mut TextAnalyzer| {
            let mut out = Vec::new();
            let mut ts = a.token_stream(text);
            while ts.advance() {
                out.push(ts.token().text.clone());
            }
            out
        };
        let first = collect(&mut ours);
        assert_eq!(first, collect(&mut theirs));
        // The second pass comes from the cache.
        assert_eq!(collect(&mut ours), first);
        assert_eq!(first[0], "cri");
    }
}
