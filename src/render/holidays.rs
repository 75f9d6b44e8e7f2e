//! holidays (issue 21 item 2): a Holiday Activities and Food (HAF) club's details as its
//! service page shows them (service-haf.html).

use super::messages;
use super::views::HafView;
use crate::content::model::Haf;

pub fn haf_view(h: &Haf) -> HafView {
    let m = messages::active();
    HafView {
        eligibility: h.eligibility.iter().map(|c| eligibility_name(c)).collect(),
        eligibility_notes: h.eligibility_notes.clone(),
        booking: h.booking.clone(),
        booking_code: h.booking_code.clone(),
        places: h.places.map(|n| m.count("haf.places", n as usize, &[])),
    }
}

/// A `haf.eligibility` code worded ("Children who get benefits-related free school meals");
/// a code the list does not have reads as itself.
pub fn eligibility_name(code: &str) -> String {
    let m = messages::active();
    match code {
        "free-school-meals" => m.text("haf.eligibility.free_school_meals", &[]),
        "looked-after" => m.text("haf.eligibility.looked_after", &[]),
        "social-worker" => m.text("haf.eligibility.social_worker", &[]),
        "send" => m.text("haf.eligibility.send", &[]),
        "young-carers" => m.text("haf.eligibility.young_carers", &[]),
        "low-income" => m.text("haf.eligibility.low_income", &[]),
        "referred" => m.text("haf.eligibility.referred", &[]),
        "anyone" => m.text("haf.eligibility.anyone", &[]),
        other => other.to_string(),
    }
}
