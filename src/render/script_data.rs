//! What every page hands its scripts: one JSON object in base.html's
//! `<script type="application/json" id="signpost-data">` (data, never run, so the CSP
//! holds). `base` is the site's root for the addresses the scripts make (address.rs);
//! `messages` the scripts' wording (the `scripts.` keys of the catalogue, messages.rs).

use super::messages::Messages;
use crate::address::Addresses;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Debug, Clone)]
pub struct ScriptData {
    pub base: String,
    pub messages: BTreeMap<String, serde_json::Value>,
}

impl ScriptData {
    pub fn new(addresses: &Addresses, messages: &Messages) -> ScriptData {
        ScriptData {
            base: addresses.root().to_string(),
            messages: messages.for_scripts(),
        }
    }

    /// The JSON, escaped so no string in it can close the script element.
    pub fn to_html(&self) -> String {
        super::escape::json_for_script(&serde_json::to_value(self).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_data_cannot_close_its_element() {
        let m = Messages::built_in("en").unwrap();
        let mut d = ScriptData::new(&Addresses::new("", "/families/"), &m);
        d.messages.insert("x".into(), "</script>&".into());
        let html = d.to_html();
        assert!(
            html.starts_with(r#"{"base":"/families/","messages":{"#),
            "{html}"
        );
        assert!(!html.contains("</script>") && !html.contains('&'), "{html}");
    }
}
