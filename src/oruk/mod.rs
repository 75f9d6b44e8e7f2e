//! Open Referral UK 3.0 (the UK profile of HSDS 3.0): one typed model of its records,
//! written by the export (`crate::export::oruk`) and read by the import (`crate::import`).

pub mod lenient;
pub mod model;
