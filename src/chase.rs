//! Chase emails for listings past their review date (`signpost check --stale --emails DIR`
//! or `--csv FILE`): one ready-to-send email per person who keeps listings up to date,
//! listing what to check in each and linking to its edit form.
//!
//! Who gets a listing's reminder: the service's private `owner_email`, else its
//! organisation's `owner_email`, else the organisation's public email. A listing with none
//! of these is named in the summary, never dropped silently.

use crate::content::model::{Content, SiteConfig};
use crate::content::validate::stale_before;
use crate::render::messages;
use crate::render::text;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// One stale listing in a reminder.
#[derive(Debug, Clone)]
pub struct ChaseListing {
    pub id: String,
    pub name: String,
    pub file: String,
    pub reviewed: Date,
}

/// One reminder: who to, and their stale listings, oldest first.
#[derive(Debug, Clone)]
pub struct Chase {
    pub to: String,
    /// The organisations the listings belong to, by name, in order.
    pub organisations: Vec<String>,
    pub listings: Vec<ChaseListing>,
}

/// The reminders, in address order, and the stale listings with no address to send to.
pub fn chases(content: &Content, today: Date) -> (Vec<Chase>, Vec<ChaseListing>) {
    let months = content.site.as_ref().map(|s| s.review_months).unwrap_or(12);
    let before = stale_before(today, months);
    let mut by_to: BTreeMap<String, Chase> = BTreeMap::new();
    let mut nowhere = Vec::new();
    for s in content.services.iter().filter(|s| s.reviewed < before) {
        let org = content
            .organisations
            .iter()
            .find(|o| o.id == s.organisation);
        let to = s
            .owner_email
            .clone()
            .or_else(|| org.and_then(|o| o.owner_email.clone()))
            .or_else(|| org.and_then(|o| o.contact.email.clone()));
        let listing = ChaseListing {
            id: s.id.clone(),
            name: s.name.clone(),
            file: s.file.clone(),
            reviewed: s.reviewed,
        };
        let Some(to) = to else {
            nowhere.push(listing);
            continue;
        };
        let c = by_to
            .entry(to.to_ascii_lowercase())
            .or_insert_with(|| Chase {
                to,
                organisations: Vec::new(),
                listings: Vec::new(),
            });
        let org_name = org.map_or_else(|| s.organisation.clone(), |o| o.name.clone());
        if !c.organisations.contains(&org_name) {
            c.organisations.push(org_name);
        }
        c.listings.push(listing);
    }
    let mut out: Vec<Chase> = by_to.into_values().collect();
    for c in &mut out {
        c.listings
            .sort_by(|a, b| (a.reviewed, &a.name).cmp(&(b.reviewed, &b.name)));
    }
    nowhere.sort_by(|a, b| (a.reviewed, &a.name).cmp(&(b.reviewed, &b.name)));
    (out, nowhere)
}

/// Where a listing is edited: its form in the editor on the live site (`/admin/`, built
/// when the site has a GitHub repository) when the site's address is known, else the file
/// in GitHub's editor, else nothing.
pub fn edit_link(site: &SiteConfig, l: &ChaseListing) -> Option<String> {
    let github = site
        .repository
        .as_deref()
        .and_then(crate::admin::github_repo)
        .is_some();
    if github && let Some(admin) = admin_link(site, l) {
        return Some(admin);
    }
    site.repository
        .as_ref()
        .map(|r| format!("{r}/edit/{}/content/{}", site.branch, l.file))
}

/// The form editor's address for a listing on the live site, when its address is known.
pub fn admin_link(site: &SiteConfig, l: &ChaseListing) -> Option<String> {
    (!site.base_url.is_empty()).then(|| {
        format!(
            "{}{}admin/#/collections/services/entries/{}",
            site.base_url, site.base_path, l.id
        )
    })
}

/// The listing's page on the live site, when its address is known.
fn page_link(site: &SiteConfig, l: &ChaseListing) -> Option<String> {
    (!site.base_url.is_empty())
        .then(|| format!("{}{}services/{}/", site.base_url, site.base_path, l.id))
}

/// The subject line.
pub fn subject(site: &SiteConfig) -> String {
    messages::active().text("admin.chase_subject", &[("site", &site.name)])
}

/// The email's text.
pub fn body(site: &SiteConfig, c: &Chase) -> String {
    let m = messages::active();
    let months = site.review_months.to_string();
    let mut out = m.text(
        "admin.chase_opening",
        &[
            ("site", &site.name),
            ("organisations", &c.organisations.join(", ")),
            ("months", &months),
        ],
    );
    out.push_str("\n\n");
    for l in &c.listings {
        out.push_str(&format!(
            "- {}: {}\n",
            l.name,
            m.text(
                "admin.chase_last_checked",
                &[("date", &text::date(l.reviewed))]
            )
        ));
        if let Some(p) = page_link(site, l) {
            out.push_str(&format!(
                "  {}\n",
                m.text("admin.chase_see", &[("url", &p)])
            ));
        }
        if let Some(e) = edit_link(site, l) {
            out.push_str(&format!(
                "  {}\n",
                m.text("admin.chase_edit", &[("url", &e)])
            ));
        }
    }
    out.push('\n');
    out.push_str(&m.text("admin.chase_what_to_check", &[]));
    out.push_str("\n\n");
    out.push_str(&m.text("admin.chase_how_to_answer", &[]));
    out.push_str("\n\n");
    out.push_str(&m.text("admin.chase_sign_off", &[("site", &site.name)]));
    out.push('\n');
    for v in [&site.contact.phone, &site.contact.email]
        .into_iter()
        .flatten()
    {
        out.push_str(v);
        out.push('\n');
    }
    out
}

/// A header value on one line: line breaks and other control characters become spaces,
/// so no value can start another header.
fn header_value(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// RFC 2047 encoding for a header with characters outside ASCII.
fn encoded_word(s: &str) -> String {
    let s = header_value(s);
    if s.is_ascii() {
        return s;
    }
    let mut out = String::from("=?UTF-8?Q?");
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'!' | b'*' | b'+' | b'-' | b'/' => {
                out.push(b as char)
            }
            b' ' => out.push('_'),
            _ => out.push_str(&format!("={b:02X}")),
        }
    }
    out.push_str("?=");
    out
}

/// A whole message file (.eml): headers, then the text. `X-Unsent: 1` makes Outlook open
/// it as a draft ready to send; other mail programs open it as a message to forward or
/// copy from.
pub fn eml(site: &SiteConfig, c: &Chase) -> String {
    let mut out = String::new();
    if let Some(from) = &site.contact.email {
        out.push_str(&format!(
            "From: {} <{}>\r\n",
            encoded_word(&site.name),
            header_value(from)
        ));
    }
    out.push_str(&format!("To: {}\r\n", header_value(&c.to)));
    out.push_str(&format!("Subject: {}\r\n", encoded_word(&subject(site))));
    out.push_str(
        "X-Unsent: 1\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
    );
    out.push_str(&body(site, c).replace('\n', "\r\n"));
    out
}

/// A file name for a reminder: the address, with only letters, digits, dots and hyphens.
pub fn file_name(c: &Chase) -> String {
    let name: String =
        c.to.to_ascii_lowercase()
            .replace('@', "-at-")
            .chars()
            .map(|ch| {
                if ch.is_ascii_alphanumeric() || ch == '.' || ch == '-' {
                    ch
                } else {
                    '-'
                }
            })
            .collect();
    format!("{}.eml", name.trim_matches('.'))
}

/// The reminders as a CSV for a mail merge: one row per address, with the subject and the
/// whole text, and the listings' names and edit links in columns of their own.
pub fn csv(site: &SiteConfig, chases: &[Chase]) -> Result<Vec<u8>, csv::Error> {
    use crate::export::csv::neutralise;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "email",
        "organisations",
        "listings",
        "oldest_checked",
        "edit_links",
        "subject",
        "body",
    ])?;
    for c in chases {
        let names: Vec<&str> = c.listings.iter().map(|l| l.name.as_str()).collect();
        let links: Vec<String> = c
            .listings
            .iter()
            .filter_map(|l| edit_link(site, l))
            .collect();
        let oldest = c.listings.first().map(|l| l.reviewed.to_string());
        w.write_record(
            [
                c.to.clone(),
                c.organisations.join("; "),
                names.join("; "),
                oldest.unwrap_or_default(),
                links.join(" "),
                subject(site),
                body(site, c),
            ]
            .iter()
            .map(|cell| neutralise(cell)),
        )?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
