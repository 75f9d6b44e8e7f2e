//! The SEND Local Offer (issue 21, the "localoffer" work): the SEND needs a service or a
//! childcare provider meets, the Local Offer sections it belongs to, and its answers to
//! the Local Offer questions (by default the areas of the SEND Regulations 2014,
//! Schedule 2). The fields are declared in `schema.rs` (`LOCAL_OFFER`); the built-in
//! lists are here, each code named in the theme's catalogue (`send.needs.<code>`,
//! `send.sections.<code>`, `send.questions.<code>`). A site adds SEND needs and questions
//! (or rewords a built-in question) in site.yaml, as it adds organisation types: codes
//! a site adds are known only once site.yaml is read, so [`validate`] checks them across
//! files.

use super::diagnostics::{Anchor, Diagnostic, did_you_mean, index, key};
use super::formats;
use super::reader::{Obj, Reader, type_name};
use super::schema;
use crate::yaml::{Path, Value};
use serde::Serialize;

/// The SEND needs every site knows, in the order pages list them: the SEN2 return's
/// primary need types, with ADHD, medical needs and sensory processing, which families
/// look for by name.
pub const SEND_NEEDS: &[&str] = &[
    "autism",
    "adhd",
    "speech-language-communication",
    "hearing",
    "vision",
    "multi-sensory",
    "physical",
    "learning-disability",
    "severe-learning-disability",
    "profound-multiple-learning-disability",
    "specific-learning-difficulties",
    "social-emotional-mental-health",
    "medical-needs",
    "sensory-processing",
];

/// The sections of the Local Offer (its landing page lists them in this order). Fixed:
/// every council's Local Offer covers these (Schedule 2 and the SEND Code of Practice,
/// chapter 4).
pub const SECTIONS: &[&str] = &[
    "education",
    "health",
    "social-care",
    "preparing-for-adulthood",
    "leisure-and-short-breaks",
    "travel",
    "money",
    "advice-and-support",
];

/// The default Local Offer questions: the areas of the SEND Regulations 2014, Schedule 2.
pub const QUESTIONS: &[&str] = &[
    "who-and-how",
    "identifying-needs",
    "adapting-support",
    "reviewing-progress",
    "staff-training",
    "accessibility",
    "involving-families",
    "preparing-for-adulthood",
    "complaints",
];

/// The lists pages show by name: the catalogue's `<list>.<code>` for each code
/// (`send.needs.autism`), as `childcare::NAMED`.
pub const NAMED: &[(&str, &[&str])] = &[
    ("send.needs", SEND_NEEDS),
    ("send.sections", SECTIONS),
    ("send.section_intros", SECTIONS),
    ("send.questions", QUESTIONS),
];

/// The one file of `content/local-offer/`, the "You said, we did" page.
pub const YOU_SAID_WE_DID: &str = "you-said-we-did";

/// A listing's Local Offer block.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LocalOffer {
    /// SEND need codes (built in or added by site.yaml), each once, in the listing's order.
    pub send_needs: Vec<String>,
    /// Section codes ([`SECTIONS`]), each once.
    pub sections: Vec<String>,
    /// Answers, in the listing's order (pages show them in the questions' order).
    pub answers: Vec<Answer>,
    /// Where each SEND need and each answer's question was written, for [`validate`].
    #[serde(skip)]
    pub need_paths: Vec<Path>,
    #[serde(skip)]
    pub question_paths: Vec<Path>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// A question code (built in or added by site.yaml).
    pub question: String,
    pub answer: String,
}

/// site.yaml's Local Offer settings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Settings {
    /// SEND needs added to [`SEND_NEEDS`].
    pub send_needs: Vec<Named>,
    /// Questions added to [`QUESTIONS`], or built-in ones reworded (same code).
    pub questions: Vec<Named>,
    /// The need whose page links to the Local Offer.
    pub send_need: Option<String>,
}

/// A code a site adds and what pages call it.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

impl Settings {
    /// Every SEND need code, built-in ones first.
    pub fn need_codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = SEND_NEEDS.to_vec();
        v.extend(self.send_needs.iter().map(|n| n.id.as_str()));
        v
    }
    /// Every question code, in the order pages ask them: built-in ones, then added ones.
    pub fn question_codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = QUESTIONS.to_vec();
        for q in &self.questions {
            if !v.contains(&q.id.as_str()) {
                v.push(&q.id);
            }
        }
        v
    }
    /// What pages call a SEND need.
    pub fn need_name(&self, code: &str) -> String {
        match self.send_needs.iter().find(|n| n.id == code) {
            Some(n) => n.name.clone(),
            None => name("send.needs", code),
        }
    }
    /// A question's wording: the site's, or the catalogue's.
    pub fn question(&self, code: &str) -> String {
        match self.questions.iter().find(|n| n.id == code) {
            Some(n) => n.name.clone(),
            None => name("send.questions", code),
        }
    }
}

/// Whether a listing's Local Offer says it meets SEND need `code`: the one rule for the
/// search filter, in the browser (the `send` facet) and in `signpost search --send`.
pub fn meets(lo: Option<&LocalOffer>, code: &str) -> bool {
    lo.is_some_and(|lo| lo.send_needs.iter().any(|n| n == code))
}

/// The catalogue's name of a code of one of the [`NAMED`] lists; an unknown code reads as
/// itself.
pub fn name(list: &str, code: &str) -> String {
    let known = NAMED
        .iter()
        .any(|(l, codes)| *l == list && codes.contains(&code));
    if known {
        crate::render::messages::active().text(&format!("{list}.{code}"), &[])
    } else {
        code.to_string()
    }
}

/// A listing's `local_offer` group, if it gives one.
pub fn read(r: &mut Reader, o: &Obj) -> Option<LocalOffer> {
    let g = r.group(o, "local_offer")?;
    let mut lo = LocalOffer::default();
    for (s, p) in r.list(&g, "send_needs") {
        let code = s.to_ascii_lowercase();
        if formats::check_id(&code).is_err() {
            r.bad_choice(p, &s, SEND_NEEDS, g.example("send_needs"));
        } else if !lo.send_needs.contains(&code) {
            lo.send_needs.push(code);
            lo.need_paths.push(p);
        }
    }
    lo.sections = r.choices(&g, "sections");
    if let Some(v) = r.get(&g, "answers") {
        let p = key(&g.path, "answers");
        match v {
            Value::Sequence(items) => {
                for (i, it) in items.iter().enumerate() {
                    let Some(a) = r.object(it, index(&p, i), &schema::LOCAL_OFFER_ANSWER) else {
                        continue;
                    };
                    let question = r.open_choice(&a, "question");
                    let answer = r.text(&a, "answer");
                    let (Some(question), Some(answer)) = (question, answer) else {
                        continue;
                    };
                    if lo.answers.iter().any(|x| x.question == question) {
                        r.err(
                            Anchor::Value(key(&a.path, "question")),
                            format!("the question `{question}` is answered twice"),
                        )
                        .help = Some("put both answers in one, or remove one".into());
                        continue;
                    }
                    lo.question_paths.push(key(&a.path, "question"));
                    lo.answers.push(Answer { question, answer });
                }
            }
            other => {
                r.err(
                    Anchor::Value(p),
                    format!("expected a list of answers, found {}", type_name(other)),
                )
                .example = Some(g.example("answers").into());
            }
        }
    }
    if lo.send_needs.is_empty() && lo.sections.is_empty() && lo.answers.is_empty() {
        r.err(
            Anchor::Key(g.path.clone()),
            "`local_offer` gives no SEND needs, sections or answers",
        )
        .example = Some(schema::LOCAL_OFFER.example.into());
        return None;
    }
    Some(lo)
}

/// site.yaml's `send_needs` and `local_offer_questions`.
pub fn read_settings(r: &mut Reader, o: &Obj) -> Settings {
    Settings {
        send_needs: read_named(
            r,
            o,
            "send_needs",
            &schema::SEND_NEED_TYPE,
            "name",
            SEND_NEEDS,
        ),
        questions: read_named(
            r,
            o,
            "local_offer_questions",
            &schema::LOCAL_OFFER_QUESTION,
            "question",
            &[],
        ),
        send_need: r.text(o, "send_need"),
    }
}

/// A list of `id` and a name (`name_key`): codes added to `builtin`, each once. A built-in
/// code is refused when `builtin` is given (it would be added twice); questions may reuse
/// one to reword it.
fn read_named(
    r: &mut Reader,
    o: &Obj,
    k: &str,
    schema: &'static schema::Object,
    name_key: &str,
    builtin: &[&str],
) -> Vec<Named> {
    let mut out: Vec<Named> = Vec::new();
    let Some(list) = r.get(o, k) else {
        return out;
    };
    let p = key(&o.path, k);
    let Value::Sequence(items) = list else {
        r.err(
            Anchor::Value(p),
            format!("expected a list, found {}", type_name(list)),
        )
        .example = Some(o.example(k).into());
        return out;
    };
    for (i, it) in items.iter().enumerate() {
        let Some(t) = r.object(it, index(&p, i), schema) else {
            continue;
        };
        let (Some(id), Some(name)) = (r.text(&t, "id"), r.text(&t, name_key)) else {
            continue;
        };
        if let Err(why) = formats::check_id(&id) {
            r.err(
                Anchor::Value(key(&t.path, "id")),
                format!("`{id}` is not a valid id: {why}"),
            )
            .example = Some(t.example("id").into());
        } else if builtin.contains(&id.as_str()) {
            r.err(
                Anchor::Value(key(&t.path, "id")),
                format!("`{id}` is already built in"),
            )
            .help = Some(format!(
                "listings can use `{id}` without adding it; remove this entry"
            ));
        } else if out.iter().any(|x| x.id == id) {
            r.err(
                Anchor::Value(key(&t.path, "id")),
                format!("`{id}` is added twice"),
            )
            .help = Some("keep one of the two entries".into());
        } else {
            out.push(Named { id, name });
        }
    }
    out
}

/// Each listing's SEND needs and questions are built in or added by site.yaml.
pub fn validate(out: &mut Vec<Diagnostic>, c: &super::model::Content) {
    let settings = c
        .site
        .as_ref()
        .map(|s| s.local_offer.clone())
        .unwrap_or_default();
    if let Some(need) = &settings.send_need
        && !c.needs.is_empty()
        && !c.needs.iter().any(|n| &n.id == need)
    {
        out.push(
            Diagnostic::error(
                "site.yaml",
                Anchor::Value(vec![crate::yaml::Seg::Key("send_need".into())]),
                format!("there is no need `{need}` in needs.yaml"),
            )
            .help("use the id of a need in needs.yaml, or remove the line")
            .example("send_need: send-advice-and-support"),
        );
    }
    let needs = settings.need_codes();
    let questions = settings.question_codes();
    let listings = c
        .services
        .iter()
        .filter_map(|s| Some((&s.file, s.local_offer.as_ref()?)))
        .chain(
            c.childcare
                .iter()
                .filter_map(|p| Some((&p.file, p.local_offer.as_ref()?))),
        );
    for (file, lo) in listings {
        for (code, p) in lo.send_needs.iter().zip(&lo.need_paths) {
            if !needs.contains(&code.as_str()) {
                out.push(unknown(
                    file,
                    p,
                    format!("`{code}` is not one of the SEND needs"),
                    code,
                    &needs,
                    "To add a need, list it in site.yaml under `send_needs`",
                    "local_offer:\n  send_needs: [autism, speech-language-communication]",
                ));
            }
        }
        for (a, p) in lo.answers.iter().zip(&lo.question_paths) {
            if !questions.contains(&a.question.as_str()) {
                out.push(unknown(
                    file,
                    p,
                    format!("`{}` is not one of the Local Offer questions", a.question),
                    &a.question,
                    &questions,
                    "To add a question, list it in site.yaml under `local_offer_questions`",
                    "answers:\n  - question: staff-training\n    answer: All staff have autism awareness training.",
                ));
            }
        }
    }
}

fn unknown(
    file: &str,
    p: &Path,
    message: String,
    got: &str,
    allowed: &[&str],
    how_to_add: &str,
    example: &str,
) -> Diagnostic {
    let mut help = String::new();
    if let Some(s) = did_you_mean(got, allowed.iter().copied()) {
        help.push_str(&s);
        help.push(' ');
    }
    help.push_str(&format!(
        "Allowed values: {}. {how_to_add}",
        allowed.join(", ")
    ));
    Diagnostic::error(file, Anchor::Value(p.clone()), message)
        .help(help)
        .example(example)
}

/// content/local-offer/you-said-we-did.md: what families said about the Local Offer and
/// what changed, shown as its own page.
#[derive(Debug, Clone, Serialize)]
pub struct YouSaidWeDid {
    pub file: String,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub updated: Option<jiff::civil::Date>,
    pub body: String,
}

/// A file of `content/local-offer/`: only [`YOU_SAID_WE_DID`] is known.
pub fn read_page(r: &mut Reader, v: &Value, id: &str, body: String) -> Option<YouSaidWeDid> {
    if id != YOU_SAID_WE_DID {
        r.err(
            Anchor::File,
            format!("`local-offer/` holds one file, `{YOU_SAID_WE_DID}.md`; signpost does not know what `{id}.md` is"),
        )
        .help = Some(format!("rename it to `{YOU_SAID_WE_DID}.md` if it is the \"You said, we did\" page, or move it out of `local-offer/`"));
        return None;
    }
    let o = r.object(v, Vec::new(), &schema::YOU_SAID_WE_DID)?;
    Some(YouSaidWeDid {
        file: r.file.clone(),
        title: r.text(&o, "title"),
        summary: r.text(&o, "summary"),
        updated: r.date(&o, "updated"),
        body,
    })
}
