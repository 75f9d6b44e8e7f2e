//! What the scripts read besides their own code, made in one place:
//! - every page's `<script type="application/json" id="signpost-data">` block (data, never
//!   run, so the CSP holds): `base`, the site's root for the addresses the scripts make
//!   (address.rs);
//! - the scripts' wording (the `scripts.` keys of the catalogue, messages.rs), published once
//!   as the theme asset `messages.js` rather than in every page: it is the same on every
//!   page (4 KB a page at 10,000 pages was a sixth of the site's bytes), and a fingerprinted
//!   asset is cached after the first page.
//!
//! `themes/default/static/page-data.js` reads both and gives every script `t()` and `base`.

use super::messages::Messages;
use crate::address::Addresses;
use serde::Serialize;

#[derive(Serialize, Debug, Clone)]
pub struct ScriptData {
    pub base: String,
}

impl ScriptData {
    pub fn new(addresses: &Addresses) -> ScriptData {
        ScriptData {
            base: addresses.root().to_string(),
        }
    }

    /// The JSON, escaped so no string in it can close the script element.
    pub fn to_html(&self) -> String {
        super::escape::json_for_script(&serde_json::to_value(self).unwrap_or_default())
    }
}

/// The `messages.js` asset: the scripts' wording as one assignment, read by page-data.js.
pub fn messages_script(messages: &Messages) -> Vec<u8> {
    let json = serde_json::to_value(messages.for_scripts()).unwrap_or_default();
    format!(
        "window.signpostMessages={};\n",
        super::escape::json_for_script(&json)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_carries_only_the_base_path() {
        let d = ScriptData::new(&Addresses::new("", "/families/"));
        assert_eq!(d.to_html(), r#"{"base":"/families/"}"#);
    }

    #[test]
    fn the_scripts_wording_is_one_assignment_of_the_scripts_keys() {
        let m = Messages::built_in("en").unwrap();
        let js = String::from_utf8(messages_script(&m)).unwrap();
        let json = js
            .strip_prefix("window.signpostMessages=")
            .and_then(|s| s.strip_suffix(";\n"))
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["list.add"], "Add to my list");
        assert!(v.get("nav.needs").is_none(), "only the scripts' keys");
    }
}
